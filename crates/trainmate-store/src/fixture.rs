//! The benchmark fixture: a studio after years of use (performance.md), built in one pass with
//! batched inserts in a single transaction.
//!
//! 10 trainers × 20 members, 3 years × 3 sessions a week × 6 exercises × 4 sets ≈ 2.25 million
//! sets, a monthly body-weight entry per member, and every maintained total filled in — the same
//! shape the app itself writes. Values are deterministic (a seeded generator), so two builds are
//! identical. Not used by the app; benchmarks build it once and reuse the file.

use rusqlite::{params, Connection};

use crate::StoreError;

/// The fixture's size.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub trainers: u32,
    pub members_per_trainer: u32,
    pub days: u32,
    pub sessions_per_week: u32,
    pub exercises_per_session: u32,
    pub sets_per_exercise: u32,
}

impl Shape {
    /// performance.md's studio: ≈ 2.25 million sets.
    pub const STUDIO: Shape = Shape {
        trainers: 10,
        members_per_trainer: 20,
        days: 3 * 364,
        sessions_per_week: 3,
        exercises_per_session: 6,
        sets_per_exercise: 4,
    };

    pub fn sets(&self) -> u64 {
        u64::from(self.trainers)
            * u64::from(self.members_per_trainer)
            * u64::from(self.days / 7 * self.sessions_per_week)
            * u64::from(self.exercises_per_session)
            * u64::from(self.sets_per_exercise)
    }
}

/// What the fixture holds, for the benchmarks to address.
#[derive(Debug, Clone)]
pub struct Built {
    pub trainer_emails: Vec<String>,
    /// The busiest trainer's email (trainer 0) and one of their members' ids.
    pub busiest_trainer_email: String,
    pub busiest_member_id: String,
    /// First and last session date.
    pub first_date: String,
    pub last_date: String,
    pub sets: u64,
}

/// Members without a trainer (found by "find member").
pub const UNASSIGNED_MEMBERS: u32 = 300;

/// The password every fixture account has.
pub const PASSWORD: &str = "fixture-password-1!";

/// A small deterministic generator (SplitMix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A UUIDv7-shaped id from a timestamp and a sequence: ids grow with time, so the primary-key
/// indexes are appended to, as they are when the app writes.
fn id(ms: i64, seq: u64) -> String {
    let ms = u64::try_from(ms).unwrap_or(0) & 0xFFFF_FFFF_FFFF;
    let hi = (ms << 16) | 0x7000 | ((seq >> 48) & 0x0FFF);
    let lo = 0x8000_0000_0000_0000 | (seq & 0x3FFF_FFFF_FFFF_FFFF);
    let hex = format!("{hi:016x}{lo:016x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Days since 1970-01-01 → "YYYY-MM-DD" (civil calendar).
fn date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Catalog exercises the fixture logs: (id, met_tenths, measures reps?, external load?).
fn exercise_pool(conn: &Connection) -> Result<Vec<(i64, i64, bool, bool)>, StoreError> {
    let mut statement = conn.prepare(
        "SELECT id, met_tenths, measures = 'reps', load = 'external' FROM exercises
         WHERE measures = 'reps' ORDER BY id",
    )?;
    let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Fills an empty, migrated database. `password_hash` is the Argon2 PHC string of [`PASSWORD`]
/// (hashing is the app's business, not the store's). `end_day` is the last day (days since epoch).
pub fn build(
    conn: &mut Connection,
    shape: Shape,
    password_hash: &str,
    end_day: i64,
) -> Result<Built, StoreError> {
    // Bulk load: durability is irrelevant while building a throwaway file.
    conn.pragma_update(None, "synchronous", "OFF")?;
    let pool = exercise_pool(conn)?;
    let tx = conn.transaction()?;
    let mut rng = Rng(0x5EED);
    let start_day = end_day - i64::from(shape.days);
    let base_ms = start_day * 86_400_000;
    let mut seq = 0u64;
    let mut next_id = |ms: i64| {
        seq += 1;
        id(ms, seq)
    };
    let mut built = Built {
        trainer_emails: Vec::new(),
        busiest_trainer_email: String::new(),
        busiest_member_id: String::new(),
        first_date: date(start_day),
        last_date: date(end_day),
        sets: 0,
    };
    {
        let mut user = tx.prepare(
            "INSERT INTO users (id, user_type, name, email, email_key, password_hash, trainer_id,
                 terms_consent_at, privacy_consent_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?7, ?7, ?7)",
        )?;
        let mut metric = tx.prepare(
            "INSERT INTO body_metrics (id, member_id, measured_on, height_mm, weight_g, created_by,
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        )?;
        let mut day = tx.prepare(
            "INSERT INTO daily_workouts (id, member_id, workout_date, recorded_by, created_at,
                 updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        )?;
        let mut day_totals = tx.prepare(
            "INSERT INTO daily_workout_totals VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0)",
        )?;
        let mut exercise = tx.prepare(
            "INSERT INTO workout_exercises (id, workout_id, member_id, workout_date,
                 catalog_exercise_id, order_key, recorded_by, created_at, updated_at)
             VALUES (?1, ?2, ?7, ?8, ?3, ?4, ?5, ?6, ?6)",
        )?;
        let mut exercise_totals =
            tx.prepare("INSERT INTO workout_exercise_totals VALUES (?1, ?2, ?3, ?4, 0, ?5, 0)")?;
        let mut set = tx.prepare(
            "INSERT INTO exercise_sets (id, workout_exercise_id, order_key, reps, weight_g,
                 set_type, recorded_by, logged_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'working', ?6, ?7, ?7)",
        )?;
        // Order keys as the app makes them when appending: "a0", "a1", … (base-62 digits).
        let keys: Vec<String> = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            .iter()
            .map(|d| format!("a{}", char::from(*d)))
            .collect();
        for t in 0..shape.trainers {
            let trainer_id = next_id(base_ms - 1_000_000 + i64::from(t));
            let email = format!("trainer{t}@fixture.test");
            user.execute(params![
                trainer_id,
                "trainer",
                format!("Trainer {t}"),
                email,
                password_hash,
                None::<String>,
                base_ms
            ])?;
            built.trainer_emails.push(email.clone());
            if t == 0 {
                built.busiest_trainer_email = email;
            }
            for m in 0..shape.members_per_trainer {
                let member_id = next_id(base_ms - 500_000 + i64::from(t * 1000 + m));
                if t == 0 && m == 0 {
                    built.busiest_member_id = member_id.clone();
                }
                let member_email = format!("member{t}-{m}@fixture.test");
                user.execute(params![
                    member_id,
                    "member",
                    format!("Member {t}-{m}"),
                    member_email,
                    password_hash,
                    trainer_id,
                    base_ms
                ])?;
                let weight = 55_000 + i64::try_from(rng.below(40_000)).unwrap_or(0);
                for month in 0..=(i64::from(shape.days) / 30) {
                    let day_number = start_day + month * 30;
                    let ms = day_number * 86_400_000;
                    metric.execute(params![
                        next_id(ms),
                        member_id,
                        date(day_number),
                        1_700,
                        weight - month * 50,
                        trainer_id,
                        ms
                    ])?;
                }
                // Sessions on fixed weekdays: every week, the first `sessions_per_week` of
                // Monday, Wednesday, Friday, …
                for week in 0..i64::from(shape.days / 7) {
                    for s in 0..i64::from(shape.sessions_per_week) {
                        let day_number = start_day + week * 7 + s * 2;
                        let day_ms = day_number * 86_400_000 + 10 * 3_600_000;
                        let day_id = next_id(day_ms);
                        let date_text = date(day_number);
                        day.execute(params![day_id, member_id, date_text, trainer_id, day_ms])?;
                        let mut day_sum = [0i64; 5]; // sets, reps, volume, duration, cal
                        for e in 0..shape.exercises_per_session {
                            let (exercise_id, met, _, external) =
                                pool[usize::try_from(rng.below(pool.len() as u64)).unwrap_or(0)];
                            let we_ms = day_ms + i64::from(e) * 600_000;
                            let we_id = next_id(we_ms);
                            exercise.execute(params![
                                we_id,
                                day_id,
                                exercise_id,
                                keys[e as usize % keys.len()],
                                trainer_id,
                                we_ms,
                                member_id,
                                date_text
                            ])?;
                            let mut sum = [0i64; 4]; // reps, volume, cal, sets
                            for k in 0..shape.sets_per_exercise {
                                let reps = 5 + i64::try_from(rng.below(11)).unwrap_or(0);
                                let weight_g = if external {
                                    2_500 * (4 + i64::try_from(rng.below(40)).unwrap_or(0))
                                } else {
                                    0
                                };
                                let set_ms = we_ms + i64::from(k) * 120_000;
                                set.execute(params![
                                    next_id(set_ms),
                                    we_id,
                                    keys[k as usize % keys.len()],
                                    reps,
                                    weight_g,
                                    trainer_id,
                                    set_ms
                                ])?;
                                // 90 s per set (no measured duration); the day's weight is
                                // the latest monthly entry on or before it.
                                let body = weight - (day_number - start_day) / 30 * 50;
                                let cal = (met * body * 90 + 18_000) / 36_000;
                                sum[0] += reps;
                                sum[1] += reps * weight_g;
                                sum[2] += cal;
                                sum[3] += 1;
                            }
                            exercise_totals
                                .execute(params![we_id, sum[3], sum[0], sum[1], sum[2]])?;
                            day_sum[0] += sum[3];
                            day_sum[1] += sum[0];
                            day_sum[2] += sum[1];
                            day_sum[4] += sum[2];
                            built.sets += u64::try_from(sum[3]).unwrap_or(0);
                        }
                        day_totals.execute(params![
                            day_id,
                            member_id,
                            date_text,
                            shape.exercises_per_session,
                            day_sum[0],
                            day_sum[1],
                            day_sum[2],
                            day_sum[3],
                            day_sum[4]
                        ])?;
                    }
                }
            }
        }
    }
    // Members who signed up alone: what "find member" searches.
    {
        let mut user = tx.prepare(
            "INSERT INTO users (id, user_type, name, email, email_key, password_hash,
                 terms_consent_at, privacy_consent_at, created_at, updated_at)
             VALUES (?1, 'member', ?2, ?3, ?3, ?4, ?5, ?5, ?5, ?5)",
        )?;
        for u in 0..UNASSIGNED_MEMBERS {
            let ms = base_ms - 100_000 + i64::from(u);
            user.execute(params![
                next_id(ms),
                format!("Walk-in {u}"),
                format!("walkin{u}@fixture.test"),
                password_hash,
                ms
            ])?;
        }
    }
    tx.commit()?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch("ANALYZE")?;
    Ok(built)
}
