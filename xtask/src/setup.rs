//! Installs what the commands need when it is missing, and says nothing when all is there.
//!
//! Debian packages through apt-get (as root, or with sudo when that works without a password;
//! otherwise it stops and prints the exact command), the wasm32 target through rustup, and pinned
//! tools through `cargo install` into `~/.cargo/bin`, where later runs find them.

use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::workspace;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Run,
    Test,
}

/// trunk 0.22 needs a newer rustc than this machine's.
const TRUNK_VERSION: &str = "0.21.14";
const TAURI_DRIVER_REQ: &str = "^2";

fn apt_packages(need: Need) -> Vec<&'static str> {
    let mut packages = vec!["libwebkit2gtk-4.1-dev", "fonts-noto-cjk"];
    if need == Need::Test {
        packages.extend([
            "xvfb",
            "webkit2gtk-driver",
            "chromium",
            "chromium-driver",
            "imagemagick",
            // The sync server's PostgreSQL backend is tested on a throwaway cluster.
            "postgresql",
            // A virtual environment for schemathesis (the server's generative API test).
            "python3-venv",
        ]);
    }
    packages
}

pub fn ensure(need: Need) -> Result<()> {
    ensure_apt(&apt_packages(need))?;
    ensure_wasm_target()?;
    let installed = cargo_installed()?;
    ensure_tool(&installed, "trunk", TRUNK_VERSION, &["--locked"])?;
    // No --locked: the tool's own lockfile pins a crate version the registry here lacks.
    ensure_tool(
        &installed,
        "wasm-bindgen-cli",
        &workspace::locked_wasm_bindgen()?,
        &[],
    )?;
    if need == Need::Test {
        ensure_tool(&installed, "tauri-driver", TAURI_DRIVER_REQ, &["--locked"])?;
        ensure_schemathesis()?;
    }
    Ok(())
}

/// The sync server's generative API test: schemathesis from PyPI, pinned, in a virtual
/// environment of its own under the target directory (one per version, so a bump installs anew).
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

pub fn schemathesis_venv() -> std::path::PathBuf {
    workspace::target_dir()
        .join("tools")
        .join(format!("schemathesis-{SCHEMATHESIS_VERSION}"))
}

pub fn schemathesis_bin() -> std::path::PathBuf {
    schemathesis_venv().join("bin").join("schemathesis")
}

fn ensure_schemathesis() -> Result<()> {
    let installed = Command::new(schemathesis_bin())
        .arg("--version")
        .output()
        .is_ok_and(|o| {
            o.status.success() && String::from_utf8_lossy(&o.stdout).contains(SCHEMATHESIS_VERSION)
        });
    if installed {
        return Ok(());
    }
    println!(
        "installing schemathesis {SCHEMATHESIS_VERSION} (once; into {})",
        schemathesis_venv().display()
    );
    let venv = schemathesis_venv();
    let _ = std::fs::remove_dir_all(&venv);
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .context("running python3 -m venv (Debian: apt-get install python3-venv)")?;
    if !status.success() {
        bail!("python3 -m venv {} failed", venv.display());
    }
    let status = Command::new(venv.join("bin").join("pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}"))
        .status()
        .context("running pip")?;
    if !status.success() {
        let _ = std::fs::remove_dir_all(&venv);
        bail!("pip install schemathesis=={SCHEMATHESIS_VERSION} failed");
    }
    Ok(())
}

fn ensure_apt(packages: &[&str]) -> Result<()> {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| !dpkg_installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("installing Debian packages: {}", missing.join(" "));
    let install = format!(
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
         --no-install-recommends {}",
        missing.join(" ")
    );
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let mut command = if is_root {
        let mut c = Command::new("sh");
        c.args(["-c", &install]);
        c
    } else if Command::new("sudo")
        .args(["-n", "true"])
        .status()
        .is_ok_and(|s| s.success())
    {
        let mut c = Command::new("sudo");
        c.args(["-n", "sh", "-c", &install]);
        c
    } else {
        bail!("these Debian packages are missing; install them, then run this again:\n  sudo sh -c '{install}'");
    };
    let status = command.status().context("running apt-get")?;
    if !status.success() {
        bail!("apt-get failed ({status}); the command was: {install}");
    }
    Ok(())
}

fn dpkg_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${db:Status-Status}", package])
        .output()
        .map(|o| o.status.success() && o.stdout == b"installed")
        .unwrap_or(false)
}

fn ensure_wasm_target() -> Result<()> {
    let output = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("running rustup")?;
    if String::from_utf8_lossy(&output.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    println!("installing the wasm32-unknown-unknown target");
    let status = Command::new("rustup")
        .args(["target", "add", "wasm32-unknown-unknown"])
        .status()?;
    if !status.success() {
        bail!("rustup target add wasm32-unknown-unknown failed");
    }
    Ok(())
}

/// `cargo install --list`: "name vX.Y.Z:" lines.
fn cargo_installed() -> Result<Vec<(String, String)>> {
    let output = Command::new(workspace::cargo())
        .args(["install", "--list"])
        .output()
        .context("running cargo install --list")?;
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| !l.starts_with(char::is_whitespace))
        .filter_map(|l| {
            let (name, version) = l.trim_end_matches(':').split_once(" v")?;
            Some((name.to_owned(), version.to_owned()))
        })
        .collect())
}

/// Installs `name` unless a version satisfying `requirement` (exact, or `^MAJOR`) is installed.
fn ensure_tool(
    installed: &[(String, String)],
    name: &str,
    requirement: &str,
    flags: &[&str],
) -> Result<()> {
    let satisfied = installed.iter().any(|(n, v)| {
        n == name
            && match requirement.strip_prefix('^') {
                Some(major) => v.split('.').next() == Some(major),
                None => v == requirement,
            }
    });
    if satisfied {
        return Ok(());
    }
    println!("installing {name} {requirement} (once; it stays in ~/.cargo/bin)");
    let status = Command::new(workspace::cargo())
        .args(["install", name, "--version", requirement])
        .args(flags)
        // Tool builds must not land in (or lock) the project's target directory.
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .with_context(|| format!("running cargo install {name}"))?;
    if !status.success() {
        bail!("cargo install {name} --version {requirement} failed");
    }
    Ok(())
}
