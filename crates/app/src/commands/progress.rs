//! `jinzai progress lock|unlock`: HR closes a fiscal year to edits.

use crate::DbArgs;
use clap::Subcommand;
use jinzai_domain::FiscalYear;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ProgressCommand {
    /// Lock a fiscal year: further edits are refused.
    Lock {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        by: String,
        /// Why the year is locked although measures of its round are not
        /// all approved or 対象外 (required then).
        #[arg(long)]
        forced_reason: Option<String>,
    },
    /// Unlock a fiscal year.
    Unlock {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        year: i32,
    },
}

pub async fn run(command: ProgressCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    let (plan, year) = match &command {
        ProgressCommand::Lock { plan, year, .. } | ProgressCommand::Unlock { plan, year } => {
            (plan.clone(), FiscalYear(*year))
        }
    };
    let stored = store.load_plan(&plan, None).await?;
    if !stored.plan.contains_year(year) {
        anyhow::bail!(
            "fiscal year {} is outside plan {plan} ({}–{})",
            year.0,
            stored.plan.first_year.0,
            stored.plan.last_year.0
        );
    }
    match command {
        ProgressCommand::Lock {
            by, forced_reason, ..
        } => {
            let changed = store
                .lock_year(
                    stored.id,
                    year,
                    &by,
                    forced_reason.as_deref(),
                    &super::cli_actor(),
                )
                .await?;
            println!(
                "{} {} of {plan}",
                if changed { "locked" } else { "already locked:" },
                year.label_ja_full()
            );
        }
        ProgressCommand::Unlock { .. } => {
            let changed = store
                .unlock_year(stored.id, year, &super::cli_actor())
                .await?;
            println!(
                "{} {} of {plan}",
                if changed {
                    "unlocked"
                } else {
                    "was not locked:"
                },
                year.label_ja_full()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
