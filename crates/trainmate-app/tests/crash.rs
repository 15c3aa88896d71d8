//! The app killed with SIGKILL in the middle of logging sets, again and again on one data
//! directory: the database always opens, passes `PRAGMA integrity_check`, keeps every set whose
//! save was answered, and its stored totals (and outbox) still agree with the sets.
//!
//! The test re-executes its own binary as the child (`crash_child_writer`, which does nothing
//! unless `TRAINMATE_CRASH_CHILD` names a data directory). The child prints the id of every set
//! the app answered for, one per line, flushing each time; the parent kills it after a random
//! 0–200 ms from a seeded generator.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::*;
use trainmate_api::*;
use trainmate_app::App;

const CHILD_ENV: &str = "TRAINMATE_CRASH_CHILD";
const EMAIL_ENV: &str = "TRAINMATE_CRASH_EMAIL";
const MEMBER_ENV: &str = "TRAINMATE_CRASH_MEMBER";
const DATE_ENV: &str = "TRAINMATE_CRASH_DATE";
const KILLS: usize = 50;

/// xorshift64*: deterministic delays, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The child: signs in and logs sets (with some edits, deletes and intensity changes) until it
/// is killed. Returns at once in a normal test run.
#[test]
fn crash_child_writer() {
    let Some(data_dir) = std::env::var_os(CHILD_ENV).map(PathBuf::from) else {
        return;
    };
    let email = std::env::var(EMAIL_ENV).unwrap();
    let member: uuid::Uuid = std::env::var(MEMBER_ENV).unwrap().parse().unwrap();
    let date = std::env::var(DATE_ENV).unwrap();
    let app = App::open(&data_dir).expect("the child opens the app");
    app.sign_in(SignInArgs {
        email,
        password: PASSWORD.to_owned(),
        keep_signed_in: false,
    })
    .expect("the child signs in");
    let we = add_exercise(
        &app,
        &User {
            id: member,
            email: String::new(),
        },
        &date,
        ExerciseRef::Catalog(WEIGHTED_PUSH_UP),
    );
    let stdout = std::io::stdout();
    let started = Instant::now();
    let mut previous: Option<uuid::Uuid> = None;
    let mut i: i64 = 0;
    // A safety stop: the parent kills the child long before this.
    while started.elapsed() < Duration::from_secs(30) {
        i += 1;
        let change = log(
            &app,
            we,
            fields(
                Some(i % 30 + 1),
                Some((i % 200) * 500),
                (i % 3 == 0).then_some(i % 300),
            ),
        );
        let id = change.set.unwrap().set_id;
        {
            let mut out = stdout.lock();
            writeln!(out, "set {id}").unwrap();
            out.flush().unwrap();
        }
        match i % 7 {
            3 => {
                if let Some(p) = previous {
                    app.update_set(UpdateSetArgs {
                        set_id: p,
                        fields: fields(Some(12), Some(40_000), Some(100)),
                    })
                    .unwrap();
                }
            }
            5 => {
                app.delete_set(SetRef { set_id: id }).unwrap();
            }
            6 => {
                let intensity = if i % 2 == 0 {
                    trainmate_core::calories::Intensity::Low
                } else {
                    trainmate_core::calories::Intensity::ExerciseDefault
                };
                app.set_intensity(SetIntensityArgs {
                    workout_exercise_id: we,
                    intensity,
                })
                .unwrap();
            }
            _ => {}
        }
        previous = Some(id);
    }
}

#[test]
fn killed_mid_write_the_database_stays_whole_and_keeps_every_answered_set() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().to_owned();
    let (trainer, member) = {
        let app = App::open(&data_dir).unwrap();
        let trainer = trainer_in(&app, "Trainer");
        let member = member_in(&app, &trainer, "Member");
        enable_capture(&data_dir, &trainer);
        (trainer, member)
    };
    let exe = std::env::current_exe().unwrap();
    let mut rng = Rng(0x5EED_CAFE_F00D_0001);
    let mut answered: Vec<String> = Vec::new();
    let started = Instant::now();
    for round in 0..KILLS {
        let delay = Duration::from_millis(rng.below(201));
        let date = format!("2026-01-{:02}", round % 28 + 1);
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "crash_child_writer",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &data_dir)
            .env(EMAIL_ENV, &trainer.email)
            .env(MEMBER_ENV, member.id.to_string())
            .env(DATE_ENV, &date)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the child");
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| line.strip_prefix("set ").map(str::to_owned))
                .collect::<Vec<_>>()
        });
        std::thread::sleep(delay);
        child.kill().expect("SIGKILL the child");
        let status = child.wait().unwrap();
        let ids = reader.join().unwrap();
        answered.extend(ids);

        // The database opens (recovering its WAL) and is whole.
        let app = App::open(&data_dir)
            .unwrap_or_else(|e| panic!("round {round} ({delay:?}, {status}): does not open: {e}"));
        let conn = read_only(&db_path(&data_dir));
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}");
        // Every set the app answered for is stored.
        let mut lookup = conn
            .prepare("SELECT COUNT(*) FROM exercise_sets WHERE id = ?1")
            .unwrap();
        for id in &answered {
            let n: i64 = lookup.query_row([id], |r| r.get(0)).unwrap();
            assert_eq!(n, 1, "round {round}: answered set {id} is missing");
        }
        let problems = totals_mismatches(&conn);
        assert!(
            problems.is_empty(),
            "round {round}: {}",
            problems.join("\n")
        );
        let problems = outbox_mismatches(&conn, &|_, _| true);
        assert!(
            problems.is_empty(),
            "round {round}: {}",
            problems.join("\n")
        );
        drop(lookup);
        drop(conn);
        drop(app);
    }
    assert!(
        answered.len() > KILLS,
        "the children saved too little to test anything: {}",
        answered.len()
    );
    eprintln!(
        "{KILLS} kills, {} answered sets, {:?}",
        answered.len(),
        started.elapsed()
    );
}
