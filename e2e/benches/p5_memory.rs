//! P5: idle memory 60 s after start with the fixture loaded — signed in as the busiest trainer,
//! the member list and one member's history opened — against the minimal Tauri + Yew app started
//! the same way (through tauri-driver, under Xvfb) and idle as long.
//!
//! Budgets: the Rust process's RSS ≤ 80 MB; the whole app (the process and its web view's
//! processes, their RSS summed) ≤ 1.3 × the minimal app. PSS and private (USS) sums are printed
//! beside it.

mod support;

use std::time::Duration;

use anyhow::{bail, Context, Result};
use serde_json::json;
use support::{
    binary, comm, pids_with_argument, process_tree, pss_kb, status_field, studio_copy, uss_kb,
    write_result,
};
use trainmate_e2e::{Launch, Session};

fn idle() -> Duration {
    Duration::from_secs(
        std::env::var("P5_IDLE_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60),
    )
}

/// One process of the app's tree, in kB.
struct Process {
    comm: String,
    rss: u64,
    pss: u64,
    uss: u64,
}

/// The app's memory: the process started with `--data-dir <dir>` and its descendants.
struct Memory {
    rss_kb: u64,
    /// Of the RSS: anonymous memory (heaps, stacks) and file-backed pages (mapped libraries —
    /// GTK and WebKit's UI-process side live in the app's own process).
    anon_kb: u64,
    file_kb: u64,
    processes: Vec<Process>,
}

impl Memory {
    /// The whole app as a task manager adds it up: every process's RSS. Shared libraries count
    /// in each process, the same way for both apps. (PSS would split them with whatever else
    /// maps them at that moment — other web views on the machine — so it moves between runs.)
    fn tree_rss_kb(&self) -> u64 {
        self.processes.iter().map(|p| p.rss).sum()
    }

    fn tree_pss_kb(&self) -> u64 {
        self.processes.iter().map(|p| p.pss).sum()
    }

    fn tree_uss_kb(&self) -> u64 {
        self.processes.iter().map(|p| p.uss).sum()
    }
}

fn measure(data_dir: &std::path::Path) -> Result<Memory> {
    let needle = data_dir.to_str().context("data dir is not UTF-8")?;
    // The driver's own processes carry the path inside a JSON capability, never as one argument.
    let pids = pids_with_argument(needle);
    let [pid] = pids[..] else {
        bail!("expected one app process with --data-dir {needle}, found {pids:?}");
    };
    let processes = process_tree(pid)
        .into_iter()
        .map(|p| Process {
            comm: comm(p),
            rss: status_field(p, "VmRSS:").unwrap_or(0),
            pss: pss_kb(p).unwrap_or(0),
            uss: uss_kb(p).unwrap_or(0),
        })
        .collect();
    Ok(Memory {
        rss_kb: status_field(pid, "VmRSS:").context("VmRSS")?,
        anon_kb: status_field(pid, "RssAnon:").context("RssAnon")?,
        file_kb: status_field(pid, "RssFile:").context("RssFile")?,
        processes,
    })
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

fn print(name: &str, m: &Memory) {
    println!(
        "  {name:<34} process RSS {:>6.1} MB (anonymous {:.1}, files {:.1}); whole app RSS {:.1} MB, PSS {:.1} MB, USS {:.1} MB",
        mb(m.rss_kb),
        mb(m.anon_kb),
        mb(m.file_kb),
        mb(m.tree_rss_kb()),
        mb(m.tree_pss_kb()),
        mb(m.tree_uss_kb()),
    );
    for p in &m.processes {
        println!(
            "      {:<28} RSS {:>6.1}  PSS {:>6.1}  USS {:>6.1} MB",
            p.comm,
            mb(p.rss),
            mb(p.pss),
            mb(p.uss)
        );
    }
}

async fn trainmate_loaded() -> Result<Memory> {
    let fixture = studio_copy()?;
    let info: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        support::target_dir()
            .join("bench-fixture")
            .join("studio-v4")
            .join("built.json"),
    )?)?;
    let member = info["busiest_member_id"]
        .as_str()
        .context("busiest_member_id")?;
    let session = Session::start(Launch {
        data_dir: Some(fixture.data_dir()),
        ..Launch::new("p5-trainmate")
    })
    .await?;
    session
        .testid("sign-in-email")
        .await?
        .send_keys(&fixture.busiest_trainer_email)
        .await?;
    session
        .testid("sign-in-password")
        .await?
        .send_keys("fixture-password-1!")
        .await?;
    session.testid("sign-in-submit").await?.click().await?;
    session.testid("nav-members").await?.click().await?;
    session.testid("members").await?;
    // One member's page, then their history, through the app's own router.
    for hash in [
        format!("#/member/{member}"),
        format!("#/member/{member}/history"),
    ] {
        session
            .client
            .execute("location.hash = arguments[0];", vec![json!(hash)])
            .await?;
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    session.testid("history-sessions").await?;
    tokio::time::sleep(idle()).await;
    let memory = measure(&session.data_dir)?;
    session.screenshot("idle").await?;
    drop(session);
    drop(fixture);
    Ok(memory)
}

async fn minimal_idle() -> Result<Memory> {
    let session = Session::start(Launch {
        app: Some(binary("TRAINMATE_MINIMAL_APP")?),
        ..Launch::new("p5-minimal")
    })
    .await?;
    tokio::time::sleep(idle()).await;
    measure(&session.data_dir)
}

#[tokio::main]
async fn main() -> Result<()> {
    binary("TRAINMATE_APP")?;
    println!(
        "P5 idle memory {} s after start (studio fixture, busiest trainer, member list and one history open)",
        idle().as_secs()
    );
    let baseline = minimal_idle().await?;
    print("minimal Tauri + Yew app (limit)", &baseline);
    let ours = trainmate_loaded().await?;
    print("TrainMate, fixture loaded", &ours);
    let ratio = ours.tree_rss_kb() as f64 / baseline.tree_rss_kb() as f64;
    let uss_ratio = ours.tree_uss_kb() as f64 / baseline.tree_uss_kb() as f64;
    let rss_ok = ours.rss_kb <= 80 * 1024;
    println!(
        "  process RSS {:.1} MB (budget 80 MB): {}; whole app RSS {:.2}× the minimal app (budget 1.3×): {} (private memory alone: {:.2}×)",
        mb(ours.rss_kb),
        if rss_ok { "within budget" } else { "NOT MET" },
        ratio,
        if ratio <= 1.3 { "within budget" } else { "NOT MET" },
        uss_ratio
    );
    let figures = |m: &Memory| {
        json!({
            "process_rss_kb": m.rss_kb,
            "process_anon_kb": m.anon_kb,
            "process_file_kb": m.file_kb,
            "tree_rss_kb": m.tree_rss_kb(),
            "tree_pss_kb": m.tree_pss_kb(),
            "tree_uss_kb": m.tree_uss_kb(),
        })
    };
    write_result(
        "p5_memory",
        json!({
            "idle_s": idle().as_secs(),
            "minimal_app": figures(&baseline),
            "trainmate": figures(&ours),
            "tree_rss_ratio": ratio,
            "tree_uss_ratio": uss_ratio,
        }),
    )?;
    Ok(())
}
