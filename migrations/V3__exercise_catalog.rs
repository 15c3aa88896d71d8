// why: the reviewed exercise catalog (618 exercises from the original 627 seed rows) and the
// seed-id → kept-id map, loaded from crates/trainmate-store/catalog/*.tsv (frozen once landed:
// a catalog change is a new migration).
pub fn migration() -> String {
    crate::catalog::v3_migration_sql()
}
