//! One module per subcommand family.

pub mod audit;
pub mod generate;
pub mod indicators;
pub mod people;
pub mod plan;
pub mod progress;
pub mod report;
pub mod rotation;
pub mod serve;
pub mod user;

use crate::DbArgs;
use anyhow::Context;
use jinzai_store::Store;

/// Who the command line acts as, in the audit log: `cli:<os user>`.
pub fn cli_actor() -> String {
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".to_owned());
    format!("cli:{user}")
}

/// Opens the store named by the arguments (creating the data directory).
pub async fn open_store(db: &DbArgs) -> anyhow::Result<Store> {
    match &db.database_url {
        Some(url) => Ok(Store::connect(url).await?),
        None => {
            std::fs::create_dir_all(&db.data_dir).with_context(|| {
                format!("cannot create the data directory {}", db.data_dir.display())
            })?;
            Ok(Store::open_sqlite(&db.data_dir.join("jinzai.db")).await?)
        }
    }
}
