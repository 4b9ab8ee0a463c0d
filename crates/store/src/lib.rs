//! Persistence for jinzai: one [`Store`] over either engine — embedded SQLite
//! (the default, a file in the data directory, WAL mode) or PostgreSQL.
//!
//! Both engines run the same SQL through sqlx's `Any` driver with `$N`
//! placeholders. Dates and timestamps are stored as ISO-8601 text (sortable
//! and identical on both engines), integers as 64-bit, booleans as 0/1 —
//! which sidesteps the `Any` driver's lack of date types. Each engine keeps
//! its own migrations (`migrations/sqlite`, `migrations/postgres`), embedded
//! in the binary and run at start. Engine-specific fast paths (e.g. COPY for
//! bulk imports) belong next to [`Engine`] when benchmarks call for them.

mod plan;
mod progress;

pub use plan::{ImportOutcome, PlanSummary, PlanVersionInfo, StoredPlan};
pub use progress::{Cell, YearLock};

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

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
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database, whichever engine holds it.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
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

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Store {
    /// Opens (creating if needed) the SQLite file at `path`.
    pub async fn open_sqlite(path: &Path) -> Result<Store> {
        Store::connect(&format!("sqlite://{}?mode=rwc", path.display())).await
    }

    /// Connects to `url` (sqlite://… or postgres://…) and runs migrations.
    pub async fn connect(url: &str) -> Result<Store> {
        install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(redact_url(url)));
        };
        let mut options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        if engine == Engine::Sqlite {
            // One writer at a time; WAL lets readers go on meanwhile.
            options = options.max_connections(4).after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;")
                        .await?;
                    Ok(())
                })
            });
        } else {
            options = options.max_connections(8);
        }
        let pool = options
            .connect(url)
            .await
            .map_err(|e| StoreError::Connect {
                url: redact_url(url),
                reason: e.to_string(),
            })?;
        let store = Store { pool, engine };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<()> {
        match self.engine {
            Engine::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Engine::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
