//! A connection of either engine, for the helpers a write calls inside its
//! transaction (append the audit entry, bump the records version, look up
//! an id): each is a plain `async fn` taking a [`Conn`], written once.
//!
//! Inside an [`on_pool!`](crate::on_pool) body the transaction is an
//! engine's own type; `Conn::from(&mut *tx)` (or `(&mut *tx).into()`) lends
//! it to a helper without ending it.

use sqlx::{PgConnection, SqliteConnection};

/// A borrowed connection (typically a transaction's) of either engine.
#[derive(Debug)]
pub(crate) enum Conn<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

impl Conn<'_> {
    /// The same connection, lent again (for a helper that does not keep it).
    pub(crate) fn reborrow(&mut self) -> Conn<'_> {
        match self {
            Conn::Sqlite(c) => Conn::Sqlite(c),
            Conn::Postgres(c) => Conn::Postgres(c),
        }
    }
}

impl<'c> From<&'c mut SqliteConnection> for Conn<'c> {
    fn from(c: &'c mut SqliteConnection) -> Self {
        Conn::Sqlite(c)
    }
}

impl<'c> From<&'c mut PgConnection> for Conn<'c> {
    fn from(c: &'c mut PgConnection) -> Self {
        Conn::Postgres(c)
    }
}

/// Runs the same body against whichever connection `$conn` holds: `$c` is
/// a `&mut SqliteConnection` in one arm and a `&mut PgConnection` in the
/// other.
///
/// Why a macro: the body is one text compiled against two engine types.
/// A closure cannot be generic over them, and a function generic over
/// `sqlx::Database` needs a bound per bound value's type and per executor
/// (`for<'e> &'e mut DB::Connection: Executor<'e, Database = DB>`, `i64:
/// Encode + Decode + Type`, `&str: ColumnIndex<DB::Row>` …) repeated on
/// every helper. This and [`on_pool!`](crate::on_pool) are the store's
/// only macros for that reason.
macro_rules! on_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::conn::Conn::Sqlite($c) => $body,
            $crate::conn::Conn::Postgres($c) => $body,
        }
    };
}
pub(crate) use on_conn;

/// Begins a transaction that may write.
///
/// On SQLite it is `BEGIN IMMEDIATE`: the write lock is taken at the start,
/// while waiting is still possible (the busy timeout applies). A deferred
/// `BEGIN` starts as a reader, and a reader that later writes after another
/// connection committed cannot wait its turn: SQLite answers
/// `SQLITE_BUSY_SNAPSHOT` (517) or `SQLITE_BUSY` (5) at once, which is what
/// concurrent writers on different records used to get. Every write of the
/// store begins here; reads never take a transaction or the write lock.
///
/// Why not one writer connection: the CLI, the reminder task and a second
/// server process write the same file too, and only SQLite's own lock orders
/// them all; with `BEGIN IMMEDIATE` the pool's connections queue on that
/// lock exactly as another process does.
///
/// On PostgreSQL a plain `BEGIN`: row locks order writers there.
pub(crate) trait BeginWrite {
    type Database: sqlx::Database;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = sqlx::Result<sqlx::Transaction<'static, Self::Database>>> + Send;
}

impl BeginWrite for sqlx::SqlitePool {
    type Database = sqlx::Sqlite;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>>> + Send
    {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

impl BeginWrite for sqlx::PgPool {
    type Database = sqlx::Postgres;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = sqlx::Result<sqlx::Transaction<'static, sqlx::Postgres>>> + Send
    {
        self.begin()
    }
}
