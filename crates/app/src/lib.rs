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
    /// The audit log's key (64 hex digits), kept outside the database:
    /// created with owner-only permissions when the database is new; every
    /// later run must be given the same file. Default: audit.key in
    /// --data-dir.
    #[arg(long, env = "JINZAI_AUDIT_KEY_FILE", global = true)]
    pub audit_key_file: Option<PathBuf>,
    /// The health records' key (64 hex digits, made by `jinzai health
    /// keygen`), kept outside the database. Without it jinzai runs and the
    /// health records stay locked; a key that did not seal them is
    /// reported and they stay locked.
    #[arg(long, env = "JINZAI_HEALTH_KEY_FILE", global = true)]
    pub health_key_file: Option<PathBuf>,
}

impl DbArgs {
    /// The audit key file these arguments name.
    pub fn audit_key_path(&self) -> PathBuf {
        self.audit_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("audit.key"))
    }
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
    #[command(flatten)]
    pub mail: MailArgs,
    /// Minutes between reminder runs inside the server (0: none; run
    /// `jinzai remind --send` from cron instead).
    #[arg(long, env = "JINZAI_REMIND_EVERY", default_value_t = 15)]
    pub remind_every: u64,
}

/// Where reminders and notices go by e-mail, and where their links point.
#[derive(Debug, Clone, clap::Args)]
pub struct MailArgs {
    /// The city's SMTP relay: smtp://host[:port] (plain only to a loopback
    /// or private address; STARTTLS otherwise), smtp+starttls://, smtps://.
    /// Without it notices go to the inbox only.
    #[arg(long, env = "JINZAI_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of the e-mails.
    #[arg(
        long,
        env = "JINZAI_SMTP_FROM",
        default_value = "jinzai <jinzai@localhost>"
    )]
    pub smtp_from: String,
    /// Where links in e-mails point (https://jinzai.city.example.lg.jp).
    #[arg(long, env = "JINZAI_BASE_URL", default_value = "")]
    pub base_url: String,
}

impl MailArgs {
    /// The relay, when one is configured.
    pub fn mailer(&self) -> anyhow::Result<Option<jinzai_service::mail::Mailer>> {
        self.smtp_url
            .as_deref()
            .map(|url| {
                jinzai_service::mail::Mailer::new(url, &self.smtp_from).map_err(|f| {
                    anyhow::anyhow!(
                        "--smtp-url: {}",
                        f.message().render(crate::commands::language())
                    )
                })
            })
            .transpose()
    }

    pub fn notify(&self) -> jinzai_service::notify::Options {
        jinzai_service::notify::Options {
            base_url: self.base_url.trim_end_matches('/').to_owned(),
            ..Default::default()
        }
    }
}
