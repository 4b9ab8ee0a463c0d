//! `jinzai audit verify`: walks the audit log's hash chain.

use crate::DbArgs;
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the hash chain; name the first broken entry (exit 1) if any.
    Verify,
}

pub async fn run(command: AuditCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    match command {
        AuditCommand::Verify => {
            let check = store.verify_audit().await?;
            match check.first_broken {
                None => {
                    println!("audit log intact: {} entries verified", check.entries);
                    Ok(ExitCode::SUCCESS)
                }
                Some((seq, why)) => {
                    eprintln!(
                        "audit log broken at entry {seq}: {why} ({} entries before it verified)",
                        check.entries
                    );
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}
