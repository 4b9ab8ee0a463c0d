//! Persistence for jinzai: one [`Store`] over either engine — embedded SQLite
//! (the default, a file in the data directory, WAL mode) or PostgreSQL.
//!
//! Each engine has its own native sqlx pool and its own migrations
//! (`migrations/sqlite`, `migrations/postgres`), embedded in the binary and
//! run at start. Queries shared by both engines are written once, with `$N`
//! placeholders, inside [`on_pool!`], which compiles the same body against
//! each engine's concrete types; a query that must differ per engine (bulk
//! loads, say) matches on the [`Store`] variants instead. Timestamps are
//! ISO-8601 text (sortable, identical on both), integers 64-bit, flags 0/1.
//!
//! (sqlx's `Any` driver was tried first: besides lacking date types it binds
//! a NULL double as a float4 on PostgreSQL, which the server rejects.)

pub mod accounts;
mod audit;
mod bulk;
pub mod calendar;
mod conn;
pub mod demotion;
mod derived;
pub mod evaluation;
pub mod exams;
pub mod health;
mod indicator;
pub mod outreach;
mod people;
mod plan;
pub mod postings;
mod progress;
mod publication;
pub mod round;
mod rows;
pub mod self_report;
pub mod talent;
mod training;
pub mod women;

pub use audit::{AuditAnchor, AuditCheck, AuditEntry, AuditEvent, AuditKey, AuditQuery, Linked};
pub use people::{ImportOptions, ImportSummary, StaffQuery, StaffRow};
pub use plan::{ImportOutcome, PlanSummary, PlanVersionInfo, StoredPlan};
pub use progress::{Cell, YearLock};
pub use publication::Publication;
pub use training::{
    HistoryLine, NeedsLine, OjtPlanRow, ROSTER_ENTRY_STATUSES, RosterAdded, RosterLine,
    SelfDevelopmentRow, SessionRow, SessionWrite, UnitTraining,
};

use jinzai_domain::Clock;
use jinzai_domain::i18n::Message;
use jinzai_domain::people::unit::RecordProblem;
use jinzai_domain::progress::FieldError;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Runs the same body against whichever pool the store holds: `$pool` is a
/// `&SqlitePool` in one arm and a `&PgPool` in the other. A macro for the
/// reason given at [`conn::on_conn!`]: one body, two engine types.
macro_rules! on_pool {
    ($store:expr, |$pool:ident| $body:expr) => {
        match $store.db() {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open database {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error("unsupported database URL {0} (use sqlite://… or postgres://…)")]
    UnsupportedUrl(String),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("no plan {0:?}")]
    PlanNotFound(String),
    #[error("fiscal year {year} of plan {plan:?} is locked: unlock it before editing")]
    YearLocked { plan: String, year: i32 },
    #[error("this entry was changed meanwhile (now revision {current}): reload and try again")]
    Conflict { current: i64 },
    #[error("no audit key: open the store with its key (--audit-key-file)")]
    NoAuditKey,
    #[error(
        "the audit log of this database was sealed with another key: give the key file it was created with (--audit-key-file)"
    )]
    AuditKeyMismatch,
    /// The health store cannot be opened: no key was given at start, or
    /// the key given is not the one its records were sealed with.
    #[error("the health store is locked ({0:?})")]
    HealthLocked(health::Lock),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// Imported records refused, each problem at its record's index in the
    /// list: nothing was written.
    #[error("{} problem(s) in the records", .0.len())]
    Records(Vec<RecordProblem>),
    /// An entered record refused, with each field's reason: nothing was
    /// written.
    #[error("refused: {0:?}")]
    Refused(Vec<FieldError>),
    /// What the request names (a session, an application, an account)
    /// does not exist.
    #[error("{0}")]
    NotFound(Message),
}

impl StoreError {
    /// Whether the database gave up waiting for other writers (SQLite's
    /// busy timeout, a PostgreSQL lock timeout, deadlock or serialization
    /// failure): the write did not happen and may simply be tried again.
    pub fn is_busy(&self) -> bool {
        let StoreError::Database(sqlx::Error::Database(e)) = self else {
            return false;
        };
        let code = e.code();
        matches!(
            code.as_deref(),
            // SQLite: SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_TIMEOUT,
            // SQLITE_LOCKED; PostgreSQL: serialization failure, deadlock,
            // lock not available.
            Some("5" | "517" | "773" | "6" | "40001" | "40P01" | "55P03")
        )
    }

    /// One field refused.
    pub fn refused(
        field: impl Into<std::borrow::Cow<'static, str>>,
        code: &'static str,
        message: Message,
    ) -> Self {
        StoreError::Refused(vec![FieldError::new(field, code, message)])
    }

    /// Records' problems as the fields of one entered record.
    pub fn problems(list: &[RecordProblem]) -> Self {
        StoreError::Refused(list.iter().map(FieldError::from_problem).collect())
    }

    /// The field errors of a refusal (empty for any other failure).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            StoreError::Refused(errors) => errors,
            _ => &[],
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database, whichever engine holds it, with the counts indicators
/// computed from its records (kept until records change). Cheap to clone
/// (a pool handle and a shared cache).
#[derive(Debug, Clone)]
pub struct Store {
    db: Db,
    tallies: std::sync::Arc<indicator::TallyCache>,
    derived: std::sync::Arc<derived::DerivedCache>,
    /// Where "now" comes from: every stored instant is stamped by it.
    clock: Clock,
    /// The audit chain's key; without it nothing audited can be written.
    audit_key: Option<audit::AuditKey>,
    /// Whether health records can be opened (see [`health::vault`]).
    health: health::vault::HealthAccess,
}

/// The connection pool of either engine.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Hides the password of a URL for messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl Store {
    fn new(db: Db) -> Store {
        Store {
            db,
            tallies: std::sync::Arc::default(),
            derived: std::sync::Arc::default(),
            clock: Clock::system(),
            audit_key: None,
            health: health::vault::HealthAccess::NoKey,
        }
    }

    /// The same database read and written on `clock`'s time.
    pub fn with_clock(mut self, clock: Clock) -> Store {
        self.clock = clock;
        self
    }

    /// The clock this store stamps with (Japan time for "today").
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Now, as stored (RFC 3339, UTC).
    pub(crate) fn now(&self) -> String {
        self.clock.stamp()
    }

    /// The pool, for what only one engine does (and tests that reach into
    /// the database).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Opens (creating if needed) the SQLite file at `path`.
    pub async fn open_sqlite(path: &Path) -> Result<Store> {
        Store::connect(&format!("sqlite://{}?mode=rwc", path.display())).await
    }

    /// Connects to `url` (sqlite://… or postgres://…) and runs migrations.
    pub async fn connect(url: &str) -> Result<Store> {
        let fail = |e: sqlx::Error| StoreError::Connect {
            url: redact_url(url),
            reason: e.to_string(),
        };
        let store = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(fail)?
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(30))
                .pragma("cache_size", "-65536")
                .pragma("temp_store", "memory");
            // WAL: one writer at a time, readers go on meanwhile.
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(options)
                .await
                .map_err(fail)?;
            Store::new(Db::Sqlite(pool))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(fail)?;
            Store::new(Db::Postgres(pool))
        } else {
            return Err(StoreError::UnsupportedUrl(redact_url(url)));
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<()> {
        match &self.db {
            Db::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    pub fn engine(&self) -> Engine {
        match &self.db {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    pub async fn close(&self) {
        on_pool!(self, |pool| pool.close().await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes a CHECK (or, on SQLite, a trigger) allows in a column are
    /// its code list's, on both engines.
    #[test]
    fn enumerated_columns_are_checked_against_their_code_lists() {
        use jinzai_domain::people::codes::{CodeList, check_sql};
        use jinzai_domain::people::event::EVENT_KINDS;
        use jinzai_domain::training::support::{SELF_DEVELOPMENT_KINDS, SELF_DEVELOPMENT_STATUSES};
        use jinzai_domain::training::{ParticipationStatus, TRAINING_CATEGORIES};
        let migrations = [
            include_str!("../migrations/sqlite/0010_enumerated_checks.sql"),
            include_str!("../migrations/postgres/0010_enumerated_checks.sql"),
        ];
        let list = |column: &str, l: &CodeList| {
            let codes: Vec<String> = l.items.iter().map(|(c, _, _)| format!("'{c}'")).collect();
            format!("{column} IN ({})", codes.join(", "))
        };
        let wanted = [
            ("participations", check_sql::<ParticipationStatus>("status")),
            (
                "self_development",
                list("status", &SELF_DEVELOPMENT_STATUSES),
            ),
            ("self_development", list("kind", &SELF_DEVELOPMENT_KINDS)),
            ("personnel_events", list("kind", &EVENT_KINDS)),
            ("courses", list("category", &TRAINING_CATEGORIES)),
        ];
        let rounds = [
            include_str!("../migrations/sqlite/0012_rounds.sql"),
            include_str!("../migrations/postgres/0012_rounds.sql"),
        ];
        for sql in [
            include_str!("../migrations/sqlite/0013_notices.sql"),
            include_str!("../migrations/postgres/0013_notices.sql"),
        ] {
            let check = check_sql::<jinzai_domain::round::remind::NoticeKind>("kind");
            assert!(sql.contains(check.as_str()), "{check} in\n{sql}");
        }
        for sql in [
            include_str!("../migrations/sqlite/0016_evaluation_sheets.sql"),
            include_str!("../migrations/postgres/0016_evaluation_sheets.sql"),
        ] {
            use jinzai_domain::evaluation::interview::InterviewKind;
            use jinzai_domain::evaluation::sheet::{
                ComplaintOutcome, SheetState, SheetStep, Stage,
            };
            for check in [
                check_sql::<SheetState>("state"),
                check_sql::<Stage>("stage"),
                check_sql::<SheetStep>("step"),
                check_sql::<InterviewKind>("kind"),
                check_sql::<ComplaintOutcome>("outcome"),
            ] {
                assert!(sql.contains(check.as_str()), "{check} in\n{sql}");
            }
        }
        for sql in [
            include_str!("../migrations/sqlite/0032_outreach.sql"),
            include_str!("../migrations/postgres/0032_outreach.sql"),
        ] {
            use jinzai_domain::outreach::{Source, Status};
            for check in [check_sql::<Source>("source"), check_sql::<Status>("status")] {
                assert!(sql.contains(check.as_str()), "{check} in\n{sql}");
            }
        }
        for sql in [
            include_str!("../migrations/sqlite/0015_evaluation.sql"),
            include_str!("../migrations/postgres/0015_evaluation.sql"),
        ] {
            use jinzai_domain::evaluation::{EvaluationKind, PeriodTerm};
            for check in [
                check_sql::<EvaluationKind>("kind"),
                check_sql::<PeriodTerm>("term"),
            ] {
                assert!(sql.contains(check.as_str()), "{check} in\n{sql}");
            }
        }
        for sql in [
            include_str!("../migrations/sqlite/0021_exams.sql"),
            include_str!("../migrations/postgres/0021_exams.sql"),
        ] {
            use jinzai_domain::exams::{ComponentKind, PaperKind};
            for check in [
                check_sql::<ComponentKind>("kind"),
                check_sql::<PaperKind>("kind"),
            ] {
                assert!(sql.contains(check.as_str()), "{check} in\n{sql}");
            }
        }
        for sql in [
            include_str!("../migrations/sqlite/0022_demotion.sql"),
            include_str!("../migrations/postgres/0022_demotion.sql"),
        ] {
            use jinzai_domain::demotion::{Reason, ReviewOutcome, Status};
            for check in [
                check_sql::<Reason>("reason"),
                check_sql::<Status>("status"),
                check_sql::<ReviewOutcome>("outcome"),
            ] {
                assert!(sql.contains(check.as_str()), "{check} in\n{sql}");
            }
        }
        for sql in [
            include_str!("../migrations/sqlite/0023_postings.sql"),
            include_str!("../migrations/postgres/0023_postings.sql"),
        ] {
            use jinzai_domain::postings::{ApplicationStatus, PostingKind};
            for check in [
                check_sql::<PostingKind>("kind"),
                check_sql::<ApplicationStatus>("status"),
            ] {
                assert!(sql.contains(check.as_str()), "{check} in\n{sql}");
            }
        }
        for sql in [
            include_str!("../migrations/sqlite/0026_health.sql"),
            include_str!("../migrations/postgres/0026_health.sql"),
        ] {
            let check = check_sql::<jinzai_domain::health::Counsellor>("counsellor");
            assert!(sql.contains(check.as_str()), "{check} in\n{sql}");
        }
        for sql in [
            include_str!("../migrations/sqlite/0014_staff_grades.sql"),
            include_str!("../migrations/postgres/0014_staff_grades.sql"),
        ] {
            let check = check_sql::<jinzai_domain::people::terms::TermSource>("source");
            assert!(sql.contains(check.as_str()), "{check} in\n{sql}");
        }
        for sql in rounds {
            use jinzai_domain::round::{CellState, RoundKind, Step};
            for check in [
                check_sql::<CellState>("state"),
                check_sql::<RoundKind>("kind"),
                check_sql::<Step>("step"),
            ] {
                assert!(sql.contains(check.as_str()), "{check} in\n{sql}");
            }
        }
        for sql in migrations {
            for (table, check) in &wanted {
                // `CHECK (status IN (…))`, or a trigger's `WHEN NOT
                // (NEW.category IN (…))` on SQLite.
                assert!(sql.contains(check.as_str()), "{table}: {check} in\n{sql}");
            }
        }
    }

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact_url("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact_url("postgres://h/db"), "postgres://h/db");
        assert_eq!(redact_url("sqlite:///tmp/x.db"), "sqlite:///tmp/x.db");
    }
}
