//! `cargo xtask test`: every stage in order, each timed, test counts summed from the runners'
//! "test result:" lines, and a closing `N passed, N failed` line. Stops at the first failing
//! stage (later stages depend on earlier ones) and exits non-zero.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::workspace;

/// Property tests run this many cases unless PROPTEST_CASES says otherwise.
const DEFAULT_PROPTEST_CASES: &str = "128";

struct Outcome {
    name: &'static str,
    elapsed: Duration,
    success: bool,
    passed: u64,
    failed: u64,
}

fn cargo(args: &[&str]) -> Command {
    let mut command = Command::new(workspace::cargo());
    command.args(args).current_dir(workspace::root());
    command
}

fn with_tools_on_path(mut command: Command) -> Command {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![workspace::cargo_bin()];
    paths.extend(std::env::split_paths(&path));
    command.env("PATH", std::env::join_paths(paths).unwrap_or(path));
    command
}

/// Runs one stage, streaming its output and counting tests from `test result:` lines.
fn run(name: &'static str, command: Command) -> Outcome {
    println!("\n==> {name}");
    let start = Instant::now();
    let mut command = with_tools_on_path(command);
    command.stdout(Stdio::piped());
    let (mut passed, mut failed) = (0, 0);
    let success = match command.spawn() {
        Ok(mut child) => {
            if let Some(stdout) = child.stdout.take() {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    println!("{line}");
                    if let Some((p, f)) = parse_test_result(&line) {
                        passed += p;
                        failed += f;
                    }
                }
            }
            child.wait().map(|s| s.success()).unwrap_or(false)
        }
        Err(error) => {
            eprintln!("could not start {name}: {error}");
            false
        }
    };
    let elapsed = start.elapsed();
    println!(
        "<== {name}: {} in {:.1} s",
        if success { "ok" } else { "FAILED" },
        elapsed.as_secs_f64()
    );
    Outcome {
        name,
        elapsed,
        success,
        passed,
        failed,
    }
}

/// `test result: ok. 12 passed; 0 failed; 0 ignored; …` → (12, 0).
fn parse_test_result(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let count = |label: &str| {
        rest.split(';')
            .find_map(|part| part.trim().rsplit_once(' ').filter(|(_, l)| *l == label))
            .and_then(|(n, _)| n.rsplit(' ').next()?.parse::<u64>().ok())
    };
    Some((count("passed")?, count("failed")?))
}

fn ui_dir() -> PathBuf {
    workspace::root().join("ui")
}

/// Trunk writes its output here first; `sync_dist` then copies only what changed into `ui/dist`.
fn staging_dist() -> PathBuf {
    workspace::target_dir().join("ui-dist-staging")
}

fn trunk_build() -> Command {
    trunk_build_in(&ui_dir(), &staging_dist())
}

fn trunk_build_in(crate_dir: &std::path::Path, staging: &std::path::Path) -> Command {
    let mut command = Command::new(workspace::cargo_bin().join("trunk"));
    command
        .args(["build", "--release", "--dist"])
        .arg(staging)
        .current_dir(crate_dir);
    command
}

/// Makes `ui/dist` equal to the staging output, touching only files whose content changed.
/// The app embeds `ui/dist` and rebuilds (minutes, in release) when any file in it is newer;
/// trunk rewrites every file on every build, so copying blindly would rebuild the app each time.
fn sync_dist() -> Result<()> {
    crate::wasm::strip_names_in(&staging_dist())?;
    sync_tree(&staging_dist(), &ui_dir().join("dist"))
}

fn sync_tree(from: &std::path::Path, to: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    let mut keep = std::collections::HashSet::new();
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let (name, target) = (entry.file_name(), to.join(entry.file_name()));
        if entry.file_type()?.is_dir() {
            sync_tree(&entry.path(), &target)?;
        } else {
            let fresh = std::fs::read(entry.path())?;
            if std::fs::read(&target).ok().as_deref() != Some(&fresh[..]) {
                std::fs::write(&target, &fresh)?;
            }
        }
        keep.insert(name);
    }
    for entry in std::fs::read_dir(to)? {
        let entry = entry?;
        if !keep.contains(&entry.file_name()) {
            if entry.file_type()?.is_dir() {
                std::fs::remove_dir_all(entry.path())?;
            } else {
                std::fs::remove_file(entry.path())?;
            }
        }
    }
    Ok(())
}

/// The UI build stage runs `cargo xtask ui-build` as a child, so its time and output are
/// reported like every other stage's.
fn ui_build() -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap_or_else(|_| "xtask".into()));
    command.arg("ui-build");
    command
}

/// `cargo xtask ui-build`: build the UI with trunk and sync `ui/dist`.
pub fn build_ui() -> Result<()> {
    let status = with_tools_on_path(trunk_build()).status()?;
    if !status.success() {
        bail!("trunk build failed ({status})");
    }
    sync_dist()
}

fn app_build() -> Command {
    cargo(&[
        "build",
        "--release",
        "-p",
        "trainmate",
        "--features",
        "custom-protocol",
    ])
}

/// The app binary with the UI embedded.
pub fn app_binary() -> PathBuf {
    workspace::target_dir().join("release").join("trainmate")
}

/// Builds the UI and then the app that embeds it; returns the binary.
pub fn build_app() -> Result<PathBuf> {
    for (name, command) in [("ui build", ui_build()), ("app build", app_build())] {
        let outcome = run(name, command);
        if !outcome.success {
            bail!("{name} failed");
        }
    }
    Ok(app_binary())
}

/// TrainMate with the UI built with `p2-instrument`, copied aside as `release/trainmate-p2`.
fn build_p2_app() -> Result<PathBuf> {
    let staging = workspace::target_dir().join("ui-dist-p2-staging");
    let mut trunk = trunk_build_in(&ui_dir(), &staging);
    trunk.args(["--features", "p2-instrument"]);
    if !run("ui build (p2-instrument)", with_tools_on_path(trunk)).success {
        bail!("the instrumented UI did not build");
    }
    crate::wasm::strip_names_in(&staging)?;
    sync_tree(&staging, &ui_dir().join("dist"))?;
    if !run("app build (p2-instrument)", app_build()).success {
        bail!("the instrumented app did not build");
    }
    let copy = workspace::target_dir().join("release").join("trainmate-p2");
    std::fs::copy(app_binary(), &copy)?;
    Ok(copy)
}

/// The minimal Tauri + Yew app (P4 and P5 baselines), built like TrainMate: its UI by trunk,
/// then the release binary embedding it.
fn build_minimal_app() -> Result<PathBuf> {
    let crate_dir = workspace::root().join("fixtures").join("minimal-app");
    let staging = workspace::target_dir().join("minimal-ui-staging");
    let ui = crate_dir.join("ui");
    let trunk = with_tools_on_path(trunk_build_in(&ui, &staging));
    if !run("minimal app ui build", trunk).success {
        bail!("the minimal app's UI did not build");
    }
    crate::wasm::strip_names_in(&staging)?;
    sync_tree(&staging, &ui.join("dist"))?;
    let build = cargo(&[
        "build",
        "--release",
        "-p",
        "trainmate-minimal-app",
        "--features",
        "custom-protocol",
    ]);
    if !run("minimal app build", build).success {
        bail!("the minimal app did not build");
    }
    Ok(workspace::target_dir()
        .join("release")
        .join("trainmate-minimal-app"))
}

/// `cargo xtask bench`: every benchmark, each printing its budget, its figure, the limit it
/// measured in the same run and the ratio. The first run builds the studio fixture (≈ 40 s).
pub fn bench(groups: &[String]) -> Result<()> {
    const GROUPS: [&str; 4] = ["device", "sync", "p2", "app"];
    if let Some(unknown) = groups.iter().find(|g| !GROUPS.contains(&g.as_str())) {
        bail!("no benchmark group {unknown:?}; the groups are {GROUPS:?}");
    }
    let wanted = |group: &str| groups.is_empty() || groups.iter().any(|g| g == group);
    let device = [
        cargo(&["bench", "-p", "trainmate-store", "--bench", "durable_write"]),
        cargo(&[
            "bench",
            "-p",
            "trainmate-app",
            "--bench",
            "p1_log_set",
            "--bench",
            "p3_history",
            "--bench",
            "p7_search",
        ]),
    ];
    let sync = [
        // The sync server on its default database: S1 push throughput, S3 the backlog.
        cargo(&[
            "bench",
            "-p",
            "trainmate-server",
            "--bench",
            "s1_push",
            "--bench",
            "s3_backlog",
        ]),
        // The device against that server: S2 pull and apply; S4 logging a set (P1) while the
        // sync job pulls a large backlog; S5 linking the fixture's busiest trainer.
        cargo(&[
            "bench",
            "-p",
            "trainmate-sync",
            "--bench",
            "s2_pull_apply",
            "--bench",
            "s4_log_during_sync",
            "--bench",
            "s5_link",
        ]),
    ];
    let mut chosen = Vec::new();
    if wanted("device") {
        chosen.extend(device);
    }
    if wanted("sync") {
        chosen.extend(sync);
    }
    for command in chosen {
        if !run("benchmarks", command).success {
            bail!("a benchmark failed");
        }
    }
    // Whole-app benchmarks, on the fixture built above. First P2 in its instrumented build;
    // then TrainMate as shipped against the minimal app (P4, P5), which also leaves `ui/dist`
    // and the app binary as a normal build has them.
    if wanted("p2") {
        let p2_app = build_p2_app()?;
        let mut p2 = cargo(&["bench", "-p", "trainmate-e2e", "--bench", "p2_log_set"]);
        p2.env("TRAINMATE_P2_APP", &p2_app);
        if !run("whole-app benchmarks", p2).success {
            bail!("the P2 benchmark failed");
        }
    }
    if !wanted("app") {
        return Ok(());
    }
    let app = build_app()?;
    let minimal = build_minimal_app()?;
    let mut whole_app = cargo(&[
        "bench",
        "-p",
        "trainmate-e2e",
        "--bench",
        "p4_startup",
        "--bench",
        "p5_memory",
    ]);
    whole_app
        .env("TRAINMATE_APP", &app)
        .env("TRAINMATE_MINIMAL_APP", &minimal);
    if !run("whole-app benchmarks", whole_app).success {
        bail!("a whole-app benchmark failed");
    }
    Ok(())
}

/// The sync server's tests with the case counts CI uses (more through the same variables):
/// `(model-test cases, backlog size)` — on SQLite the full 100,000-change backlog of sync.md's
/// test 5; on PostgreSQL the same tests with fewer cases, to keep the stage near a minute.
fn server_tests(counts: (&str, &str)) -> Command {
    let mut command = cargo(&["test", "-p", "trainmate-server"]);
    for (variable, default) in [
        ("TRAINMATE_SYNC_CASES", counts.0),
        ("TRAINMATE_BACKLOG", counts.1),
    ] {
        command.env(
            variable,
            std::env::var(variable).unwrap_or_else(|_| default.to_owned()),
        );
    }
    command
}

/// `cargo xtask server-tests-postgres`: the same server tests on a throwaway PostgreSQL cluster.
/// Fails (never skips) when PostgreSQL is missing or does not start.
/// `args` go to `cargo test` (e.g. `--test sync concurrent`).
pub fn server_tests_postgres(args: &[String]) -> Result<()> {
    let cluster = crate::postgres::Cluster::start()
        .context("the PostgreSQL backend's tests need a throwaway cluster")?;
    println!("PostgreSQL test cluster at {}", cluster.url);
    let mut command = server_tests(("60", "20000"));
    command
        .args(args)
        .env("TRAINMATE_TEST_POSTGRES", &cluster.url);
    let status = command.status().context("running cargo test")?;
    drop(cluster);
    if !status.success() {
        bail!("the server's tests failed on PostgreSQL ({status})");
    }
    Ok(())
}

/// Examples per operation and phase in the generative API test (`TRAINMATE_FUZZ_EXAMPLES`).
const DEFAULT_FUZZ_EXAMPLES: &str = "100";

/// `cargo xtask api-fuzz`: schemathesis against the server built from this tree, on a free port
/// of 127.0.0.1 with a temporary SQLite file. Every documented operation, positive and negative
/// data, the stateful phase over inferred links; checks: no 5xx, only documented status codes,
/// content types and response schemas as documented, schema-violating requests refused, secured
/// operations refuse a missing token, and no internal text in an error body (a custom check in
/// `crates/trainmate-server/tests/schemathesis/trainmate_hooks.py`). Not checked:
/// `positive_data_acceptance` — the server rightly refuses some schema-valid bodies (a weak
/// password, an unknown table) with 4xx. Seed 1 unless `TRAINMATE_FUZZ_SEED` says otherwise.
pub fn api_fuzz() -> Result<()> {
    use std::io::BufRead;

    let status = cargo(&["build", "-p", "trainmate-server"]).status()?;
    if !status.success() {
        bail!("the server did not build");
    }
    let schemathesis = crate::setup::schemathesis_bin();
    if !schemathesis.is_file() {
        bail!(
            "schemathesis is missing at {}; run `cargo xtask setup`",
            schemathesis.display()
        );
    }
    let dir = std::env::temp_dir().join(format!("trainmate-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut server = Command::new(
        workspace::target_dir()
            .join("debug")
            .join("trainmate-server"),
    )
    .arg("--database")
    .arg(format!("sqlite://{}", dir.join("server.db").display()))
    .args(["--listen", "127.0.0.1:0"])
    .env("RUST_LOG", "error")
    .env_remove("TRAINMATE_JWT_SECRET")
    .stdout(Stdio::piped())
    .spawn()
    .context("starting trainmate-server")?;
    let mut first_line = String::new();
    if let Some(stdout) = server.stdout.take() {
        BufReader::new(stdout).read_line(&mut first_line)?;
    }
    let result = (|| {
        let Some(addr) = first_line.trim().strip_prefix("listening on ") else {
            bail!("the server did not say where it listens: {first_line:?}");
        };
        let base = format!("http://{addr}");
        let examples = std::env::var("TRAINMATE_FUZZ_EXAMPLES")
            .unwrap_or_else(|_| DEFAULT_FUZZ_EXAMPLES.to_owned());
        let seed = std::env::var("TRAINMATE_FUZZ_SEED").unwrap_or_else(|_| "1".to_owned());
        let hooks = workspace::root()
            .join("crates")
            .join("trainmate-server")
            .join("tests")
            .join("schemathesis");
        let status = Command::new(&schemathesis)
            .arg("run")
            .arg(format!("{base}/v1/openapi.json"))
            .args([
                "--checks",
                "all",
                "--exclude-checks",
                "positive_data_acceptance",
            ])
            .args([
                "--max-examples",
                &examples,
                "--seed",
                &seed,
                "--workers",
                "2",
            ])
            .args(["--no-color", "--report", "junit", "--report-dir"])
            .arg(workspace::target_dir().join("schemathesis-report"))
            .env("SCHEMATHESIS_HOOKS", "trainmate_hooks")
            .env("SCHEMATHESIS_BASE_URL", &base)
            .env("PYTHONPATH", &hooks)
            .current_dir(&dir)
            .status()
            .context("running schemathesis")?;
        if !status.success() {
            bail!("schemathesis found failures ({status})");
        }
        Ok(())
    })();
    // Only the server this stage started, by its pid.
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

pub fn test_all() -> Result<()> {
    let proptest_cases =
        std::env::var("PROPTEST_CASES").unwrap_or_else(|_| DEFAULT_PROPTEST_CASES.to_owned());

    let mut unit = cargo(&[
        "test",
        "--workspace",
        "--exclude",
        "trainmate-ui",
        "--exclude",
        "trainmate-e2e",
        "--exclude",
        "trainmate-server",
    ]);
    unit.env("PROPTEST_CASES", &proptest_cases);

    // The sync server's tests, timed on their own: a real server over HTTP on each backend.
    let server = server_tests(("100", "100000"));
    let mut server_postgres =
        Command::new(std::env::current_exe().unwrap_or_else(|_| "xtask".into()));
    server_postgres.arg("server-tests-postgres");
    let mut fuzz = Command::new(std::env::current_exe().unwrap_or_else(|_| "xtask".into()));
    fuzz.arg("api-fuzz");

    let mut components = cargo(&[
        "test",
        "-p",
        "trainmate-ui",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    components
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        // webdriver.json beside the crate gives Chromium the flags it needs here (root, no network).
        .current_dir(ui_dir());

    let mut e2e = cargo(&["test", "-p", "trainmate-e2e", "--", "--test-threads=1"]);
    e2e.env("TRAINMATE_APP", app_binary());

    let stages: Vec<(&'static str, Command)> = vec![
        ("fmt", cargo(&["fmt", "--all", "--", "--check"])),
        (
            "clippy",
            cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        (
            "clippy (ui, wasm)",
            cargo(&[
                "clippy",
                "-p",
                "trainmate-ui",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        ("unit and integration tests", unit),
        ("sync server tests (SQLite)", server),
        ("sync server tests (PostgreSQL)", server_postgres),
        ("sync server API fuzzing (schemathesis)", fuzz),
        (
            "wasm build (core, api)",
            cargo(&[
                "build",
                "-p",
                "trainmate-core",
                "-p",
                "trainmate-api",
                "--target",
                "wasm32-unknown-unknown",
            ]),
        ),
        // The benchmarks build and link in the test build's profile, reusing its artifacts;
        // `cargo xtask bench` builds them optimized. (Their release build was a third of a
        // warm CI run on a fresh clone, where the workspace's crates are rebuilt.)
        (
            "benchmarks compile",
            cargo(&[
                "test",
                "--workspace",
                "--exclude",
                "trainmate-ui",
                "--benches",
                "--no-run",
            ]),
        ),
        ("component tests (wasm, headless Chromium)", components),
        ("ui build", ui_build()),
        ("app build", app_build()),
        ("end-to-end (Xvfb, tauri-driver)", e2e),
    ];

    let start = Instant::now();
    let mut outcomes = Vec::new();
    for (name, command) in stages {
        let outcome = run(name, command);
        let stop = !outcome.success;
        outcomes.push(outcome);
        if stop {
            break;
        }
    }

    println!("\nstage times:");
    for o in &outcomes {
        println!(
            "  {:<45} {:>8.1} s  {}",
            o.name,
            o.elapsed.as_secs_f64(),
            if o.success { "ok" } else { "FAILED" }
        );
    }
    println!("  {:<45} {:>8.1} s", "total", start.elapsed().as_secs_f64());
    let passed: u64 = outcomes.iter().map(|o| o.passed).sum();
    // A stage that failed without a failing test (a build, fmt, clippy) counts as one failure.
    let failed: u64 = outcomes
        .iter()
        .map(|o| if o.success { o.failed } else { o.failed.max(1) })
        .sum();
    println!("{passed} passed, {failed} failed");
    if failed > 0 || outcomes.iter().any(|o| !o.success) {
        bail!("some stages failed");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_test_result;

    #[test]
    fn reads_cargo_and_wasm_bindgen_result_lines() {
        let cases = [
            ("test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s", Some((12, 0))),
            ("test result: FAILED. 3 passed; 2 failed; 0 ignored", Some((3, 2))),
            ("running 3 tests", None),
        ];
        for (line, expected) in cases {
            assert_eq!(parse_test_result(line), expected, "{line}");
        }
    }
}
