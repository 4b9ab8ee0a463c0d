//! The `jinzai` application: subcommands and the demo, used by the thin
//! binary in `main.rs` and by the integration tests.

pub mod commands;
pub mod demo;
pub mod generate;

use clap::Args;
use std::path::PathBuf;

/// Where the data lives: an embedded SQLite file by default.
#[derive(Args, Clone, Debug)]
pub struct DbArgs {
    /// PostgreSQL (postgres://…) or SQLite (sqlite://…) URL; overrides --data-dir.
    #[arg(long, env = "JINZAI_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Directory of the embedded database (jinzai.db).
    #[arg(long, env = "JINZAI_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
}

#[derive(Args, Clone, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Mark cookies Secure: set when users reach jinzai over HTTPS (a
    /// TLS-terminating proxy in front).
    #[arg(long, env = "JINZAI_SECURE_COOKIES")]
    pub secure_cookies: bool,
}
