// `embed_migrations!` (SQLite) and `include_str!` (PostgreSQL) read these directories at compile
// time; without this a new .sql file would not trigger a rebuild.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=migrations-postgres");
}
