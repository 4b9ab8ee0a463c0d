//! One module per subcommand family.

pub mod audit;
pub mod demotion;
pub mod evaluation;
pub mod exams;
pub mod generate;
pub mod health;
pub mod indicators;
pub mod outreach;
pub mod people;
pub mod plan;
pub mod postings;
pub mod progress;
pub mod remind;
pub mod report;
pub mod rotation;
pub mod round;
pub mod serve;
pub mod talent;
pub mod user;
pub mod women;

use crate::DbArgs;
use anyhow::Context;
use jinzai_domain::Clock;
use jinzai_domain::clock::TODAY_VAR;
use jinzai_domain::i18n::Language;
use jinzai_store::Store;

/// Who the command line acts as, in the audit log: `cli:<os user>`.
pub fn cli_actor() -> String {
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".to_owned());
    format!("cli:{user}")
}

/// The command line acting as HR (opening a round, setting an exam): it
/// holds the HR role for the use cases' checks; the audit log names the
/// operating-system user.
pub fn cli_principal(actor: &str) -> jinzai_domain::access::Principal {
    use jinzai_domain::access::{Grant, Principal, Role};
    Principal {
        user_id: Some(0),
        login: actor.to_owned(),
        display_name: actor.to_owned(),
        grants: vec![Grant {
            role: Role::Hr,
            unit: None,
        }],
        ..Principal::default()
    }
}

/// The clock every command runs on: Japan time, on the day
/// `JINZAI_TODAY` names (`2013-06-01`) when it is set.
pub fn clock() -> anyhow::Result<Clock> {
    let setting = std::env::var(TODAY_VAR).ok();
    let clock = Clock::from_setting(setting.as_deref()).map_err(anyhow::Error::msg)?;
    if !clock.is_system() {
        tracing::info!(today = %clock.today(), "{TODAY_VAR} sets the day");
    }
    Ok(clock)
}

/// A failure as the command line tells it: the summary, then each field.
pub fn told(f: &jinzai_service::Failure) -> anyhow::Error {
    let lang = language();
    let mut text = f.message().render(lang);
    if let jinzai_service::Failure::Invalid(errors) = f {
        for e in errors {
            text.push_str(&format!("\n  {}: {}", e.field, e.message.render(lang)));
        }
    }
    anyhow::anyhow!(text)
}

/// A date argument, 西暦 or 和暦 (`2013-04-01`, `平成25年4月1日`).
pub fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    jinzai_domain::date::parse_date(s).map_err(|e| e.message().render(language()))
}

/// The language the command line speaks: Japanese, or English with
/// `JINZAI_LANG=en`. (The system locale is not read: a server's locale
/// says little about who reads the output.)
pub fn language() -> Language {
    std::env::var("JINZAI_LANG").map_or(Language::Ja, |l| Language::from_locale(&l))
}

/// Opens the store named by the arguments (creating the data directory),
/// on the command's clock.
pub async fn open_store(db: &DbArgs) -> anyhow::Result<Store> {
    let store = match &db.database_url {
        Some(url) => Store::connect(url).await?,
        None => {
            std::fs::create_dir_all(&db.data_dir).with_context(|| {
                format!("cannot create the data directory {}", db.data_dir.display())
            })?;
            Store::open_sqlite(&db.data_dir.join("jinzai.db")).await?
        }
    };
    let store = keyed(store.with_clock(clock()?), &db.audit_key_path()).await?;
    match &db.health_key_file {
        Some(path) => health_keyed(store, path).await,
        None => Ok(store),
    }
}

/// Reads a health key file (64 hex digits).
pub fn read_health_key(
    path: &std::path::Path,
) -> anyhow::Result<jinzai_store::health::vault::HealthKey> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the health key file {}", path.display()))?;
    jinzai_store::health::vault::HealthKey::from_hex(&text).with_context(|| {
        format!(
            "{}: not a health key (64 hexadecimal digits; make one with `jinzai health keygen`)",
            path.display()
        )
    })
}

/// `store` with the health key in the file at `path`; a key that does not
/// open the health records is reported, and they stay locked.
pub async fn health_keyed(store: Store, path: &std::path::Path) -> anyhow::Result<Store> {
    let store = store.with_health_key(read_health_key(path)?).await?;
    if store.health_lock().is_some() {
        tracing::error!(
            file = %path.display(),
            "the health key does not open the health records (another key sealed them): they stay locked"
        );
    }
    Ok(store)
}

/// `store`, keyed with the audit key in the file at `path`. A missing file
/// is created (owner-only) with a new key, which the store accepts only if
/// its audit log was never sealed; otherwise the new file is removed again
/// and the error says which key is wanted.
pub async fn keyed(store: Store, path: &std::path::Path) -> anyhow::Result<Store> {
    use jinzai_store::{AuditKey, StoreError};
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let key = AuditKey::from_hex(&text).with_context(|| {
                format!(
                    "{}: not an audit key (64 hexadecimal digits)",
                    path.display()
                )
            })?;
            Ok(store.with_audit_key(key).await?)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = AuditKey::generate()
                .map_err(|e| anyhow::anyhow!("cannot make an audit key: {e}"))?;
            write_private(path, &format!("{}\n", key.to_hex()))?;
            match store.with_audit_key(key).await {
                Ok(store) => {
                    tracing::info!(file = %path.display(), "new audit key");
                    Ok(store)
                }
                Err(StoreError::AuditKeyMismatch) => {
                    let _ = std::fs::remove_file(path);
                    anyhow::bail!(
                        "the audit key file {} is missing, and this database's audit log was sealed with a key: \
                         give its key file with --audit-key-file (or JINZAI_AUDIT_KEY_FILE)",
                        path.display()
                    )
                }
                Err(e) => {
                    let _ = std::fs::remove_file(path);
                    Err(e.into())
                }
            }
        }
        Err(e) => {
            Err(e).with_context(|| format!("cannot read the audit key file {}", path.display()))
        }
    }
}

/// Writes a new file readable by its owner only (never over an existing
/// one), and flushes it to disk.
pub(crate) fn write_private(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create the audit key file {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}
