//! `jinzai postings …`: internal postings from the command line, acting as
//! HR — list a year's postings, set one from a TOML file (the printed
//! form, edited), a posting's applications as TSV (an audited read), and
//! the decision on one (a selection makes the assignment).

use super::{cli_principal, told};
use crate::DbArgs;
use anyhow::Context;
use clap::Subcommand;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::postings::Posting;
use jinzai_service::postings as service;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum PostingsCommand {
    /// A year's postings (every year when none): id, year, kind, title,
    /// unit, places, window, start.
    List {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Print a posting as TOML.
    Show { id: i64 },
    /// Post from a TOML file; `--id` changes that posting instead.
    Set {
        file: PathBuf,
        #[arg(long)]
        id: Option<i64>,
    },
    /// A posting's applications with their motivations, as TSV (audited).
    Applications { id: i64 },
    /// Decide an application: `--select` (the assignment follows) or
    /// `--reject`.
    Decide {
        id: i64,
        staff_number: String,
        #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
        select: bool,
        #[arg(long)]
        reject: bool,
    },
}

pub async fn run(command: PostingsCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    let who = cli_principal(&super::cli_actor());
    match command {
        PostingsCommand::List { year } => {
            let list = store.postings(year).await?;
            for p in &list {
                let x = &p.posting;
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}..{}\t{}",
                    p.id,
                    x.fiscal_year,
                    x.kind.code(),
                    x.title,
                    x.unit_code,
                    x.slots,
                    x.opens_on,
                    x.closes_on,
                    x.starts_on
                );
            }
            eprintln!("{} posting(s)", list.len());
        }
        PostingsCommand::Show { id } => {
            let p = service::posting(&store, id).await.map_err(|f| told(&f))?;
            print!("{}", toml::to_string(&p.posting)?);
        }
        PostingsCommand::Set { file, id } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let p: Posting =
                toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let saved = service::save(&store, &who, id, &p)
                .await
                .map_err(|f| told(&f))?;
            println!("posting {} set from {}", saved.id, file.display());
        }
        PostingsCommand::Applications { id } => {
            let (_, list) = service::applications(&store, &who, id)
                .await
                .map_err(|f| told(&f))?;
            println!("staff_number\tname\tapplied_on\tstatus\tmotivation");
            for a in &list {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    a.staff_number,
                    a.name,
                    a.applied_on,
                    a.status.code(),
                    a.motivation
                        .as_deref()
                        .unwrap_or("")
                        .replace(['\t', '\n'], " ")
                );
            }
            eprintln!("{} application(s)", list.len());
        }
        PostingsCommand::Decide {
            id,
            staff_number,
            select,
            reject: _,
        } => {
            let a = service::decide(&store, &who, id, &staff_number, select)
                .await
                .map_err(|f| told(&f))?;
            println!("{}\t{}", a.staff_number, a.status.code());
        }
    }
    Ok(ExitCode::SUCCESS)
}
