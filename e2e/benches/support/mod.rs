//! What the whole-app benchmarks share: the studio fixture (built by the app benchmarks, copied
//! here so the app may write to it), the two binaries, percentiles, and process-tree memory.
#![allow(dead_code)] // each bench uses a different part

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use serde_json::Value;

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// A binary named by an environment variable (set by `cargo xtask bench`).
pub fn binary(var: &str) -> Result<PathBuf> {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .with_context(|| format!("{var} is not set: run `cargo xtask bench`"))?;
    if !path.is_file() {
        bail!("{var}={} does not exist", path.display());
    }
    Ok(path)
}

/// The studio fixture copied into a fresh data directory, with the busiest trainer's email.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub busiest_trainer_email: String,
    pub sets: u64,
}

impl Fixture {
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }
}

pub fn studio_copy() -> Result<Fixture> {
    let source = target_dir().join("bench-fixture").join("studio-v4");
    let info: Value =
        serde_json::from_str(&std::fs::read_to_string(source.join("built.json")).context(
            "no studio fixture: `cargo xtask bench` builds it in the app benchmarks first",
        )?)?;
    let dir = tempfile::Builder::new()
        .prefix("trainmate-bench-")
        .tempdir()?;
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data)?;
    for entry in std::fs::read_dir(&source)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), data.join(entry.file_name()))?;
        }
    }
    Ok(Fixture {
        dir,
        busiest_trainer_email: info["busiest_trainer_email"]
            .as_str()
            .context("fixture info: busiest_trainer_email")?
            .to_owned(),
        sets: info["sets"].as_u64().unwrap_or(0),
    })
}

/// Percentiles of a sample (nearest rank).
pub struct Stats {
    pub p50: Duration,
    pub p90: Duration,
    pub max: Duration,
    pub n: usize,
}

pub fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |p: f64| samples[(((samples.len() - 1) as f64) * p).round() as usize];
    Stats {
        p50: at(0.50),
        p90: at(0.90),
        max: *samples.last().expect("samples"),
        n: samples.len(),
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Writes `$CARGO_TARGET_DIR/bench-results/<name>.json` (the figures beside the readable table,
/// with the machine's load at the end of the run) and says where.
pub fn write_result(name: &str, mut value: Value) -> Result<()> {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    value["loadavg"] = Value::from(load.trim());
    let dir = target_dir().join("bench-results");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&value)?)?;
    println!("  result: {}", path.display());
    Ok(())
}

/// Pids whose command line contains `needle` as one argument (the app, found by its unique
/// `--data-dir`).
pub fn pids_with_argument(needle: &str) -> Vec<u32> {
    let mut pids = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return pids;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) {
            if cmdline
                .split(|b| *b == 0)
                .any(|arg| arg == needle.as_bytes())
            {
                pids.push(pid);
            }
        }
    }
    pids
}

/// `pid` and all its descendants (the web view's processes are the app's children).
pub fn process_tree(pid: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(child) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            if let Some(ppid) = status_field(child, "PPid:") {
                parents.push((child, ppid as u32));
            }
        }
    }
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        i += 1;
    }
    tree
}

/// A `kB` field of /proc/<pid>/status (or PPid), as a number.
pub fn status_field(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..].split_whitespace().next()?.parse().ok()
}

/// Proportional set size in kB (shared pages split between the processes sharing them), so a
/// sum over a process tree does not count shared libraries several times.
pub fn pss_kb(pid: u32) -> Option<u64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    let line = rollup.lines().find(|l| l.starts_with("Pss:"))?;
    line[4..].split_whitespace().next()?.parse().ok()
}

/// Unique set size in kB: pages no other process maps (`Private_Clean` + `Private_Dirty`).
pub fn uss_kb(pid: u32) -> Option<u64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = rollup.lines().find(|l| l.starts_with(name))?;
        line[name.len()..].split_whitespace().next()?.parse().ok()
    };
    Some(field("Private_Clean:")? + field("Private_Dirty:")?)
}

/// The process's name (`comm`).
pub fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}
