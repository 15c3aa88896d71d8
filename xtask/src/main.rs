//! TrainMate's automation. `cargo xtask run` starts the app; `cargo xtask test` runs every test.
//! Both install what is missing first (see `setup`).

mod postgres;
mod setup;
mod stages;
mod wasm;
mod workspace;

use anyhow::{bail, Result};

const USAGE: &str = "usage:
  cargo xtask run [-- APP ARGS]   install what is missing, build the UI and the app, start TrainMate
                                  (app args: --data-dir PATH; or set TRAINMATE_DATA_DIR)
  cargo xtask test                install what is missing, then run every test stage
  cargo xtask setup               only install what is missing
  cargo xtask server-tests-postgres [-- CARGO TEST ARGS]
                                  the sync server's tests on a throwaway PostgreSQL cluster
  cargo xtask api-fuzz            schemathesis against the sync server's OpenAPI document
                                  (TRAINMATE_FUZZ_EXAMPLES, TRAINMATE_FUZZ_SEED)
  cargo xtask bench [GROUP…]      run the benchmarks (P1–P5, P7 and the write limits; the sync
                                  server's S1 and S3; the device's sync S2, S4, S5), or only the
                                  groups named: device (write limits, P1, P3, P7), sync (S1–S5),
                                  p2, app (P4, P5); P2 reads P1's results;
                                  results in $CARGO_TARGET_DIR/bench-results/*.json";

fn main() {
    workspace::settle_environment();
    if let Err(error) = run_cli() {
        eprintln!("xtask: {error:#}");
        std::process::exit(1);
    }
}

fn run_cli() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.skip_while(|a| a == "--").collect();
    match command.as_deref() {
        Some("run") => {
            setup::ensure(setup::Need::Run)?;
            let app = stages::build_app()?;
            let status = std::process::Command::new(&app).args(&rest).status()?;
            if !status.success() {
                bail!("TrainMate exited with {status}");
            }
            Ok(())
        }
        Some("test") => {
            setup::ensure(setup::Need::Test)?;
            stages::test_all()
        }
        Some("setup") => setup::ensure(setup::Need::Test),
        Some("ui-build") => stages::build_ui(),
        Some("bench") => stages::bench(&rest),
        Some("server-tests-postgres") => stages::server_tests_postgres(&rest),
        Some("api-fuzz") => stages::api_fuzz(),
        _ => {
            println!("{USAGE}");
            Ok(())
        }
    }
}
