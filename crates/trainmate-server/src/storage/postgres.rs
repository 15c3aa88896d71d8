//! The PostgreSQL backend, for a studio or cloud host running several instances on one database.
//!
//! A small pool of connections (the synchronous `postgres` client; calls block, handlers run
//! them on `spawn_blocking`), each with its prepared statements cached. Write transactions run at
//! READ COMMITTED and take explicit locks where the logic above reads before it writes:
//! a push locks its scope's row (`SELECT … FOR UPDATE`, so seqs are handed out one push at a time
//! per trainer and commit order equals seq order), a refresh locks its token's row, and a sign-in
//! takes an advisory lock on its email so parallel guesses count one after the other. Reads run
//! at REPEATABLE READ, READ ONLY: one snapshot. The server's migrations (`migrations-postgres/`)
//! apply under an advisory lock, so instances starting together apply them once.

use std::collections::HashMap;
use std::sync::Mutex;

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, IsolationLevel, NoTls, Row, Statement, Transaction};

use super::{
    AccountRow, ConflictRow, DeviceRow, OutcomeRow, RefreshRow, RowState, Storage, StorageError, Tx,
};

/// The migrations, in order: (version, name, SQL).
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "server",
        include_str!("../../migrations-postgres/V1__server.sql"),
    ),
    (
        2,
        "scope_epoch",
        include_str!("../../migrations-postgres/V2__scope_epoch.sql"),
    ),
];

/// Connections kept open between requests.
const IDLE_CONNECTIONS: usize = 8;

/// An arbitrary constant naming the migration lock.
const MIGRATION_LOCK: i64 = 0x7472_6169_6e6d_0001;

impl From<postgres::Error> for StorageError {
    fn from(error: postgres::Error) -> Self {
        StorageError::Backend(error.to_string())
    }
}

struct Conn {
    client: Client,
    statements: HashMap<&'static str, Statement>,
}

pub struct PgStorage {
    url: String,
    idle: Mutex<Vec<Conn>>,
}

impl PgStorage {
    /// Connects to `url` (`postgres://user:password@host:port/database`, or with
    /// `?host=/socket/dir`) and applies the server's migrations.
    pub fn open(url: &str) -> Result<PgStorage, StorageError> {
        let store = PgStorage {
            url: url.to_owned(),
            idle: Mutex::new(Vec::new()),
        };
        let mut conn = store.connect()?;
        migrate(&mut conn.client)?;
        store.put_back(conn);
        Ok(store)
    }

    fn connect(&self) -> Result<Conn, StorageError> {
        let client = Client::connect(&self.url, NoTls)?;
        Ok(Conn {
            client,
            statements: HashMap::new(),
        })
    }

    fn take(&self) -> Result<Conn, StorageError> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop();
        match idle {
            Some(conn) if !conn.client.is_closed() => Ok(conn),
            _ => self.connect(),
        }
    }

    fn put_back(&self, conn: Conn) {
        if conn.client.is_closed() {
            return;
        }
        let mut idle = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if idle.len() < IDLE_CONNECTIONS {
            idle.push(conn);
        }
    }

    fn run<T, E: From<StorageError>>(
        &self,
        write: bool,
        f: impl FnOnce(&mut PgTx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.take()?;
        let result = (|| {
            let Conn { client, statements } = &mut conn;
            let tx = if write {
                client
                    .build_transaction()
                    .isolation_level(IsolationLevel::ReadCommitted)
                    .start()
            } else {
                client
                    .build_transaction()
                    .isolation_level(IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start()
            }
            .map_err(StorageError::from)?;
            let mut wrapped = PgTx {
                tx,
                statements,
                write,
                savepoints: 0,
            };
            let value = f(&mut wrapped)?;
            wrapped.tx.commit().map_err(StorageError::from)?;
            Ok(value)
        })();
        self.put_back(conn);
        result
    }
}

impl Drop for PgStorage {
    /// Each connection owns a small runtime, which must not be dropped on an async worker:
    /// close them on a plain thread.
    fn drop(&mut self) {
        let idle = std::mem::take(
            &mut *self
                .idle
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        if !idle.is_empty() {
            let _ = std::thread::spawn(move || drop(idle)).join();
        }
    }
}

fn migrate(client: &mut Client) -> Result<(), StorageError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS server_migrations (
             version    BIGINT PRIMARY KEY,
             name       TEXT   NOT NULL,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )",
    )?;
    let applied: Vec<i64> = tx
        .query("SELECT version FROM server_migrations", &[])?
        .iter()
        .map(|r| r.get(0))
        .collect();
    if let Some(newer) = applied.iter().find(|v| **v > MIGRATIONS.len() as i64) {
        return Err(StorageError::Backend(format!(
            "the database has migration {newer}, newer than this server knows; upgrade the server"
        )));
    }
    for (version, name, sql) in MIGRATIONS {
        if applied.contains(version) {
            continue;
        }
        tx.batch_execute(sql)
            .map_err(|e| StorageError::Backend(format!("migration V{version}__{name}: {e}")))?;
        tx.execute(
            "INSERT INTO server_migrations (version, name) VALUES ($1, $2)",
            &[version, name],
        )?;
    }
    tx.commit()?;
    Ok(())
}

impl Storage for PgStorage {
    type Tx<'a> = PgTx<'a>;

    fn write<T, E: From<StorageError>>(
        &self,
        f: impl FnOnce(&mut PgTx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.run(true, f)
    }

    fn read<T, E: From<StorageError>>(
        &self,
        f: impl FnOnce(&mut PgTx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.run(false, f)
    }
}

pub struct PgTx<'a> {
    tx: Transaction<'a>,
    statements: &'a mut HashMap<&'static str, Statement>,
    write: bool,
    savepoints: u32,
}

impl PgTx<'_> {
    fn statement(&mut self, sql: &'static str) -> Result<Statement, StorageError> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.tx.prepare(sql)?;
        self.statements.insert(sql, statement.clone());
        Ok(statement)
    }

    fn execute(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, StorageError> {
        let statement = self.statement(sql)?;
        Ok(self.tx.execute(&statement, params)?)
    }

    fn query(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, StorageError> {
        let statement = self.statement(sql)?;
        Ok(self.tx.query(&statement, params)?)
    }

    fn query_opt(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, StorageError> {
        let statement = self.statement(sql)?;
        Ok(self.tx.query_opt(&statement, params)?)
    }
}

fn unique_violation(error: &postgres::Error) -> Option<String> {
    let db = error.as_db_error()?;
    (db.code() == &SqlState::UNIQUE_VIOLATION).then(|| db.constraint().unwrap_or("").to_owned())
}

fn device_row(r: &Row) -> DeviceRow {
    DeviceRow {
        id: r.get(0),
        account_id: r.get(1),
        device_id: r.get(2),
        name: r.get(3),
        created_at: r.get(4),
        last_seen_at: r.get(5),
        revoked_at: r.get(6),
        next_device_seq: r.get(7),
    }
}

fn account_row(r: &Row) -> AccountRow {
    AccountRow {
        id: r.get(0),
        email: r.get(1),
        email_key: r.get(2),
        name: r.get(3),
        password_hash: r.get(4),
        trainer_id: r.get(5),
        created_at: r.get(6),
    }
}

fn row_state(r: &Row) -> RowState {
    RowState {
        table: r.get(0),
        row_id: r.get(1),
        trainer_id: r.get(2),
        row_seq: r.get(3),
        cl: r.get(4),
        cl_seq: r.get(5),
        data: r.get(6),
        meta: r.get(7),
    }
}

fn refresh_row(r: &Row) -> RefreshRow {
    RefreshRow {
        token_hash: r.get(0),
        device: r.get(1),
        created_at: r.get(2),
        expires_at: r.get(3),
        rotated_at: r.get(4),
        successor_hash: r.get(5),
    }
}

impl Tx for PgTx<'_> {
    fn meta(&mut self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self
            .query_opt("SELECT value FROM server_meta WHERE key = $1", &[&key])?
            .map(|r| r.get(0)))
    }

    fn meta_init(&mut self, key: &str, value: &str) -> Result<String, StorageError> {
        self.execute(
            "INSERT INTO server_meta (key, value) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&key, &value],
        )?;
        self.meta(key)?
            .ok_or_else(|| StorageError::Backend("server_meta lost a row".into()))
    }

    fn insert_account(&mut self, a: &AccountRow) -> Result<(), StorageError> {
        if self
            .query_opt(
                "SELECT 1 FROM accounts WHERE email_key = $1",
                &[&a.email_key],
            )?
            .is_some()
        {
            return Err(StorageError::Conflict("email"));
        }
        if self
            .query_opt(
                "SELECT 1 FROM accounts WHERE trainer_id = $1",
                &[&a.trainer_id],
            )?
            .is_some()
        {
            return Err(StorageError::Conflict("trainer_id"));
        }
        // Two sign-ups racing past the checks above meet the unique constraints. A failed
        // statement aborts a PostgreSQL transaction, so the insert runs under a savepoint.
        self.tx.batch_execute("SAVEPOINT account_insert")?;
        let statement = self.statement(
            "INSERT INTO accounts (id, email, email_key, name, password_hash, trainer_id,
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )?;
        let inserted = self.tx.execute(
            &statement,
            &[
                &a.id,
                &a.email,
                &a.email_key,
                &a.name,
                &a.password_hash,
                &a.trainer_id,
                &a.created_at,
            ],
        );
        match inserted {
            Ok(_) => {
                self.tx.batch_execute("RELEASE SAVEPOINT account_insert")?;
                Ok(())
            }
            Err(error) => match unique_violation(&error) {
                Some(constraint) => {
                    self.tx
                        .batch_execute("ROLLBACK TO SAVEPOINT account_insert")?;
                    Err(StorageError::Conflict(
                        if constraint.contains("trainer_id") {
                            "trainer_id"
                        } else {
                            "email"
                        },
                    ))
                }
                None => Err(error.into()),
            },
        }
    }

    fn account_by_email_key(&mut self, key: &str) -> Result<Option<AccountRow>, StorageError> {
        Ok(self
            .query_opt(
                "SELECT id, email, email_key, name, password_hash, trainer_id, created_at
                 FROM accounts WHERE email_key = $1",
                &[&key],
            )?
            .map(|r| account_row(&r)))
    }

    fn account_by_id(&mut self, id: &str) -> Result<Option<AccountRow>, StorageError> {
        Ok(self
            .query_opt(
                "SELECT id, email, email_key, name, password_hash, trainer_id, created_at
                 FROM accounts WHERE id = $1",
                &[&id],
            )?
            .map(|r| account_row(&r)))
    }

    fn sign_in_device(
        &mut self,
        account_id: &str,
        device_id: &str,
        name: &str,
        now: i64,
    ) -> Result<DeviceRow, StorageError> {
        let rows = self.query(
            "INSERT INTO devices (account_id, device_id, name, created_at, last_seen_at)
             VALUES ($1, $2, $3, $4, $4)
             ON CONFLICT (account_id, device_id) DO UPDATE
                 SET name = excluded.name, last_seen_at = excluded.last_seen_at,
                     revoked_at = NULL
             RETURNING id, account_id, device_id, name, created_at, last_seen_at, revoked_at,
                 next_device_seq",
            &[&account_id, &device_id, &name, &now],
        )?;
        rows.first()
            .map(device_row)
            .ok_or_else(|| StorageError::Backend("sign-in returned no device".into()))
    }

    fn device(&mut self, id: i64) -> Result<Option<DeviceRow>, StorageError> {
        Ok(self
            .query_opt(
                "SELECT id, account_id, device_id, name, created_at, last_seen_at, revoked_at,
                     next_device_seq FROM devices WHERE id = $1",
                &[&id],
            )?
            .map(|r| device_row(&r)))
    }

    fn devices_of(&mut self, account_id: &str) -> Result<Vec<DeviceRow>, StorageError> {
        Ok(self
            .query(
                "SELECT id, account_id, device_id, name, created_at, last_seen_at, revoked_at,
                     next_device_seq FROM devices WHERE account_id = $1 ORDER BY created_at, id",
                &[&account_id],
            )?
            .iter()
            .map(device_row)
            .collect())
    }

    fn revoke_device(&mut self, id: i64, now: i64) -> Result<(), StorageError> {
        self.execute(
            "UPDATE devices SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1",
            &[&id, &now],
        )?;
        self.execute("DELETE FROM refresh_tokens WHERE device = $1", &[&id])?;
        Ok(())
    }

    fn update_device_progress(
        &mut self,
        id: i64,
        next_device_seq: i64,
        now: i64,
    ) -> Result<(), StorageError> {
        self.execute(
            "UPDATE devices SET next_device_seq = $2, last_seen_at = $3 WHERE id = $1",
            &[&id, &next_device_seq, &now],
        )?;
        Ok(())
    }

    fn insert_refresh(&mut self, t: &RefreshRow) -> Result<(), StorageError> {
        self.execute(
            "INSERT INTO refresh_tokens (token_hash, device, created_at, expires_at, rotated_at,
                 successor_hash) VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &t.token_hash,
                &t.device,
                &t.created_at,
                &t.expires_at,
                &t.rotated_at,
                &t.successor_hash,
            ],
        )?;
        Ok(())
    }

    fn refresh(&mut self, token_hash: &str) -> Result<Option<RefreshRow>, StorageError> {
        // In a write transaction the token's row is locked: two refreshes of one token run one
        // after the other, so the second sees the first's rotation (the grace window).
        let row = if self.write {
            self.query_opt(
                "SELECT token_hash, device, created_at, expires_at, rotated_at, successor_hash
                 FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE",
                &[&token_hash],
            )?
        } else {
            self.query_opt(
                "SELECT token_hash, device, created_at, expires_at, rotated_at, successor_hash
                 FROM refresh_tokens WHERE token_hash = $1",
                &[&token_hash],
            )?
        };
        Ok(row.map(|r| refresh_row(&r)))
    }

    fn mark_rotated(
        &mut self,
        token_hash: &str,
        now: i64,
        successor_hash: &str,
    ) -> Result<(), StorageError> {
        self.execute(
            "UPDATE refresh_tokens SET rotated_at = $2, successor_hash = $3
             WHERE token_hash = $1",
            &[&token_hash, &now, &successor_hash],
        )?;
        Ok(())
    }

    fn sign_in_failures(&mut self, email_key: &str) -> Result<Option<(i64, i64)>, StorageError> {
        if self.write {
            // Parallel guesses at one email count one after the other.
            self.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended('sign-in:' || $1, 0))",
                &[&email_key],
            )?;
        }
        Ok(self
            .query_opt(
                "SELECT failures, last_failure_at FROM sign_in_failures WHERE email_key = $1",
                &[&email_key],
            )?
            .map(|r| (r.get(0), r.get(1))))
    }

    fn record_sign_in_failure(&mut self, email_key: &str, now: i64) -> Result<(), StorageError> {
        self.execute(
            "INSERT INTO sign_in_failures (email_key, failures, last_failure_at) VALUES ($1, 1, $2)
             ON CONFLICT (email_key) DO UPDATE
                 SET failures = sign_in_failures.failures + 1,
                     last_failure_at = excluded.last_failure_at",
            &[&email_key, &now],
        )?;
        Ok(())
    }

    fn clear_sign_in_failures(&mut self, email_key: &str) -> Result<(), StorageError> {
        self.execute(
            "DELETE FROM sign_in_failures WHERE email_key = $1",
            &[&email_key],
        )?;
        Ok(())
    }

    fn scope(&mut self, trainer_id: &str) -> Result<(i64, i64), StorageError> {
        let row = if self.write {
            self.execute(
                "INSERT INTO scopes (trainer_id) VALUES ($1) ON CONFLICT DO NOTHING",
                &[&trainer_id],
            )?;
            self.query_opt(
                "SELECT head_seq, hlc FROM scopes WHERE trainer_id = $1 FOR UPDATE",
                &[&trainer_id],
            )?
        } else {
            self.query_opt(
                "SELECT head_seq, hlc FROM scopes WHERE trainer_id = $1",
                &[&trainer_id],
            )?
        };
        Ok(row.map_or((0, 0), |r| (r.get(0), r.get(1))))
    }

    fn epoch(&mut self, trainer_id: &str) -> Result<i64, StorageError> {
        Ok(self
            .query_opt(
                "SELECT epoch FROM scopes WHERE trainer_id = $1",
                &[&trainer_id],
            )?
            .map_or(0, |r| r.get(0)))
    }

    fn bump_epoch(
        &mut self,
        trainer_id: &str,
        from: i64,
        fresh: i64,
    ) -> Result<(i64, bool), StorageError> {
        let bumped = self.execute(
            "UPDATE scopes SET epoch = $3 WHERE trainer_id = $1 AND epoch = $2",
            &[&trainer_id, &from, &fresh],
        )?;
        Ok((self.epoch(trainer_id)?, bumped > 0))
    }

    fn set_scope(&mut self, trainer_id: &str, head_seq: i64, hlc: i64) -> Result<(), StorageError> {
        self.execute(
            "INSERT INTO scopes (trainer_id, head_seq, hlc) VALUES ($1, $2, $3)
             ON CONFLICT (trainer_id) DO UPDATE SET head_seq = excluded.head_seq, hlc = excluded.hlc",
            &[&trainer_id, &head_seq, &hlc],
        )?;
        Ok(())
    }

    fn row(&mut self, table: &str, row_id: &str) -> Result<Option<RowState>, StorageError> {
        Ok(self
            .query_opt(
                "SELECT table_name, row_id, trainer_id, row_seq, cl, cl_seq, data, meta
                 FROM sync_rows WHERE table_name = $1 AND row_id = $2",
                &[&table, &row_id],
            )?
            .map(|r| row_state(&r)))
    }

    fn put_row(&mut self, r: &RowState) -> Result<(), StorageError> {
        // A row stays in its scope: two trainers racing to create one row id cannot move it
        // (the loser's transaction fails instead of overwriting).
        let written = self.execute(
            "INSERT INTO sync_rows (table_name, row_id, trainer_id, row_seq, cl, cl_seq, data, meta)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (table_name, row_id) DO UPDATE
                 SET row_seq = excluded.row_seq, cl = excluded.cl, cl_seq = excluded.cl_seq,
                     data = excluded.data, meta = excluded.meta
                 WHERE sync_rows.trainer_id = excluded.trainer_id",
            &[
                &r.table,
                &r.row_id,
                &r.trainer_id,
                &r.row_seq,
                &r.cl,
                &r.cl_seq,
                &r.data,
                &r.meta,
            ],
        )?;
        if written == 0 {
            return Err(StorageError::Backend(format!(
                "{}/{} belongs to another scope",
                r.table, r.row_id
            )));
        }
        Ok(())
    }

    fn rows_after(
        &mut self,
        trainer_id: &str,
        after: i64,
        limit: u32,
    ) -> Result<Vec<RowState>, StorageError> {
        Ok(self
            .query(
                "SELECT table_name, row_id, trainer_id, row_seq, cl, cl_seq, data, meta
                 FROM sync_rows WHERE trainer_id = $1 AND row_seq > $2
                 ORDER BY row_seq LIMIT $3",
                &[&trainer_id, &after, &i64::from(limit)],
            )?
            .iter()
            .map(row_state)
            .collect())
    }

    fn outcome(
        &mut self,
        trainer_id: &str,
        change_id: &str,
    ) -> Result<Option<OutcomeRow>, StorageError> {
        Ok(self
            .query_opt(
                "SELECT trainer_id, change_id, device, device_seq, seq, outcome
                 FROM change_outcomes WHERE trainer_id = $1 AND change_id = $2",
                &[&trainer_id, &change_id],
            )?
            .map(|r| OutcomeRow {
                trainer_id: r.get(0),
                change_id: r.get(1),
                device: r.get(2),
                device_seq: r.get(3),
                seq: r.get(4),
                outcome: r.get(5),
            }))
    }

    fn insert_outcome(&mut self, o: &OutcomeRow) -> Result<(), StorageError> {
        self.execute(
            "INSERT INTO change_outcomes (trainer_id, change_id, device, device_seq, seq, outcome)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &o.trainer_id,
                &o.change_id,
                &o.device,
                &o.device_seq,
                &o.seq,
                &o.outcome,
            ],
        )?;
        Ok(())
    }

    fn insert_conflict(&mut self, c: &ConflictRow) -> Result<(), StorageError> {
        self.execute(
            "INSERT INTO conflicts (trainer_id, seq, table_name, row_id, column_name, kept, lost,
                 kept_hlc, lost_hlc, lost_change_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                &c.trainer_id,
                &c.seq,
                &c.table,
                &c.row_id,
                &c.column,
                &c.kept,
                &c.lost,
                &c.kept_hlc,
                &c.lost_hlc,
                &c.lost_change_id,
            ],
        )?;
        Ok(())
    }

    fn conflicts_between(
        &mut self,
        trainer_id: &str,
        after: i64,
        upto: i64,
    ) -> Result<Vec<ConflictRow>, StorageError> {
        Ok(self
            .query(
                "SELECT trainer_id, seq, table_name, row_id, column_name, kept, lost, kept_hlc,
                     lost_hlc, lost_change_id
                 FROM conflicts WHERE trainer_id = $1 AND seq > $2 AND seq <= $3
                 ORDER BY seq, table_name COLLATE \"C\", row_id COLLATE \"C\",
                     column_name COLLATE \"C\"",
                &[&trainer_id, &after, &upto],
            )?
            .iter()
            .map(|r| ConflictRow {
                trainer_id: r.get(0),
                seq: r.get(1),
                table: r.get(2),
                row_id: r.get(3),
                column: r.get(4),
                kept: r.get(5),
                lost: r.get(6),
                kept_hlc: r.get(7),
                lost_hlc: r.get(8),
                lost_change_id: r.get(9),
            })
            .collect())
    }

    fn savepoint(&mut self) -> Result<(), StorageError> {
        self.savepoints += 1;
        self.tx
            .batch_execute(&format!("SAVEPOINT sp{}", self.savepoints))?;
        Ok(())
    }

    fn release_savepoint(&mut self) -> Result<(), StorageError> {
        self.tx
            .batch_execute(&format!("RELEASE SAVEPOINT sp{}", self.savepoints))?;
        self.savepoints = self.savepoints.saturating_sub(1);
        Ok(())
    }

    fn rollback_to_savepoint(&mut self) -> Result<(), StorageError> {
        self.tx.batch_execute(&format!(
            "ROLLBACK TO SAVEPOINT sp{0}; RELEASE SAVEPOINT sp{0}",
            self.savepoints
        ))?;
        self.savepoints = self.savepoints.saturating_sub(1);
        Ok(())
    }
}
