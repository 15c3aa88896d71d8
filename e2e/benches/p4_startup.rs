//! P4: cold start to an interactive sign-in screen on the studio fixture, against the minimal
//! Tauri + Yew app (`fixtures/minimal-app`) started the same way in the same run.
//!
//! Each run starts the binary under the same Xvfb with `--data-dir` and
//! `TRAINMATE_EXIT_WHEN_READY=1`; the time is from spawn until the app prints `ready` (its UI
//! called `ui_ready` once the form was mounted and enabled). Runs alternate between the two apps so
//! both see the same machine load. Budget: p90 ≤ 1.5 s, and p50 ≤ 2.5 × the minimal app's.

mod support;

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde_json::json;
use support::{binary, ms, stats, studio_copy, write_result, Stats};
use trainmate_e2e::Display;

const WARM_UP: usize = 2;

fn runs() -> usize {
    std::env::var("P4_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
}

/// One start: spawn → `ready` on stdout. The process is then waited for (it exits by itself).
fn start_once(app: &Path, data_dir: &Path, display: &str) -> Result<Duration> {
    let started = Instant::now();
    let mut child = Command::new(app)
        .arg("--data-dir")
        .arg(data_dir)
        .env("DISPLAY", display)
        .env("NO_AT_BRIDGE", "1")
        .env("TRAINMATE_EXIT_WHEN_READY", "1")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .with_context(|| format!("could not start {}", app.display()))?;
    let stdout = child.stdout.take().context("stdout")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with("ready") {
                let _ = tx.send(Instant::now());
                return;
            }
        }
    });
    let ready = rx.recv_timeout(Duration::from_secs(30));
    let pid = child.id() as i32;
    // The app exits by itself once ready; a hung one is stopped with its group.
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait()?.is_none() {
        if Instant::now() > deadline || ready.is_err() {
            // SAFETY: the group this function created (pgid == the child's pid).
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            let _ = child.wait();
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    match ready {
        Ok(at) => Ok(at - started),
        Err(_) => bail!("{} never reported ready within 30 s", app.display()),
    }
}

fn print(name: &str, s: &Stats) {
    println!(
        "  {name:<34} n={:<4} p50={:>7.0} ms  p90={:>7.0} ms  max={:>7.0} ms",
        s.n,
        ms(s.p50),
        ms(s.p90),
        ms(s.max)
    );
}

fn main() -> Result<()> {
    let trainmate = binary("TRAINMATE_APP")?;
    let minimal = binary("TRAINMATE_MINIMAL_APP")?;
    let fixture = studio_copy()?;
    let minimal_dir = tempfile::Builder::new()
        .prefix("trainmate-minimal-")
        .tempdir()?;
    let display = Display::start(1280, 800)?;
    println!(
        "P4 cold start to an interactive sign-in screen (fixture: {} sets; Xvfb {}; {} runs each, alternating)",
        fixture.sets,
        display.name,
        runs()
    );
    for _ in 0..WARM_UP {
        start_once(&trainmate, &fixture.data_dir(), &display.name)?;
        start_once(&minimal, minimal_dir.path(), &display.name)?;
    }
    let (mut ours, mut baseline) = (Vec::new(), Vec::new());
    for _ in 0..runs() {
        ours.push(start_once(&trainmate, &fixture.data_dir(), &display.name)?);
        baseline.push(start_once(&minimal, minimal_dir.path(), &display.name)?);
    }
    let (ours, baseline) = (stats(ours), stats(baseline));
    print("minimal Tauri + Yew app (limit)", &baseline);
    print("TrainMate on the studio fixture", &ours);
    let ratio = ours.p50.as_secs_f64() / baseline.p50.as_secs_f64();
    // The absolute budget is held to the p90, the ratio compares typical (p50) starts.
    let within = ours.p90 <= Duration::from_millis(1500) && ratio <= 2.5;
    println!(
        "  p90 {:.0} ms (budget 1500 ms), p50 {:.2}× the minimal app (budget 2.5×): {}",
        ms(ours.p90),
        ratio,
        if within { "within budget" } else { "NOT MET" }
    );
    let figures = |s: &Stats| json!({ "p50_ms": ms(s.p50), "p90_ms": ms(s.p90), "max_ms": ms(s.max), "runs": s.n });
    write_result(
        "p4_startup",
        json!({
            "fixture_sets": fixture.sets,
            "minimal_app": figures(&baseline),
            "trainmate": figures(&ours),
            "p50_ratio": ratio,
            "within_budget": within,
        }),
    )?;
    Ok(())
}
