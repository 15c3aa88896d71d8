//! A throwaway PostgreSQL cluster for the server's tests: `initdb` into a temporary directory,
//! `pg_ctl start` on a free port of 127.0.0.1 (trust authentication, fsync off: test data only),
//! stopped by its pid file and deleted on drop. PostgreSQL refuses to run as root, so as root the
//! cluster runs as the `postgres` user the Debian package creates.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    /// `postgres://postgres@127.0.0.1:PORT`: append `/DATABASE`.
    pub url: String,
}

/// The newest `/usr/lib/postgresql/N/bin` (Debian keeps `initdb` and `pg_ctl` there).
fn bin_dir() -> Result<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .context(
            "PostgreSQL is not installed (no /usr/lib/postgresql); `cargo xtask setup` installs \
             Debian's `postgresql` package",
        )?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    match versions.pop() {
        Some((_, bin)) => Ok(bin),
        None => bail!("no initdb under /usr/lib/postgresql/*/bin; install Debian's `postgresql`"),
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `program args…`, as the `postgres` user when we are root.
fn as_cluster_owner(program: &Path) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl Cluster {
    pub fn start() -> Result<Cluster> {
        let bin = bin_dir()?;
        let dir = std::env::temp_dir().join(format!(
            "trainmate-pg-{}-{}",
            std::process::id(),
            free_port()?
        ));
        std::fs::create_dir_all(&dir)?;
        if is_root() {
            let status = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&dir)
                .status()?;
            if !status.success() {
                bail!("could not hand {} to the postgres user", dir.display());
            }
        }
        let data = dir.join("data");
        let output = as_cluster_owner(&bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ])
            .output()
            .context("running initdb")?;
        if !output.status.success() {
            let _ = std::fs::remove_dir_all(&dir);
            bail!(
                "initdb failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        let port = free_port()?;
        let cluster = Cluster {
            dir: dir.clone(),
            bin: bin.clone(),
            url: format!("postgres://postgres@127.0.0.1:{port}"),
        };
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -k {} -F -c max_connections=200 \
             -c full_page_writes=off",
            dir.display()
        );
        let output = as_cluster_owner(&bin.join("pg_ctl"))
            .arg("start")
            .args(["-w", "-t", "60", "-D"])
            .arg(&data)
            .arg("-l")
            .arg(dir.join("server.log"))
            .args(["-o", &options])
            .output()
            .context("running pg_ctl start")?;
        if !output.status.success() {
            let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
            bail!(
                "PostgreSQL did not start: {}\n{log}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(cluster)
    }
}

impl Drop for Cluster {
    /// Stops the postmaster this cluster started (pg_ctl finds it by the pid file of this data
    /// directory) and deletes the directory.
    fn drop(&mut self) {
        let _ = as_cluster_owner(&self.bin.join("pg_ctl"))
            .arg("stop")
            .args(["-m", "immediate", "-w", "-D"])
            .arg(self.dir.join("data"))
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
