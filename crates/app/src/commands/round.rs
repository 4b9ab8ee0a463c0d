//! `jinzai round …`: the yearly progress round from the command line —
//! open a round, list rounds and a round's states, assign owners from a
//! file, and take a step on a measure as a named account.

use super::told;
use crate::DbArgs;
use anyhow::Context;
use clap::Subcommand;
use jinzai_domain::FiscalYear;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::round::{CELL_STATES, RoundKind, Step};
use jinzai_service::Failure;
use jinzai_service::round::{self, OpenRound};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum RoundCommand {
    /// Open a round for a fiscal year: every measure starts as 未着手.
    Open {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        year: i32,
        /// year_end (年度末実績報告) or interim (中間報告).
        #[arg(long, default_value = "year_end")]
        kind: String,
        /// 西暦 or 和暦 (2026-04-01, 令和8年4月1日).
        #[arg(long)]
        opens_on: String,
        #[arg(long)]
        due_on: String,
        #[arg(long)]
        review_by: String,
    },
    /// Change the dates of a year's round (extend the due date …).
    Dates {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        opens_on: String,
        #[arg(long)]
        due_on: String,
        #[arg(long)]
        review_by: String,
    },
    /// The plan's rounds, or one year's measures and their states.
    Status {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        year: Option<i32>,
    },
    /// Assign measures' owners from a file (施策番号, 担当課, 関係課, 担当者):
    /// all rows or none.
    Owners {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        file: PathBuf,
        /// auto (default), utf-8 or cp932.
        #[arg(long, default_value = "auto")]
        encoding: String,
        /// Check and count; store nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Take a step on a measure's entry (submit, return, confirm, approve,
    /// exclude, reopen) as the named account, with its rights.
    Step {
        #[arg(long)]
        plan: String,
        #[arg(long)]
        node: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        step: String,
        /// The account the step is taken as (its login).
        #[arg(long = "as")]
        login: String,
        #[arg(long, default_value = "")]
        reason: String,
        #[command(flatten)]
        mail: crate::MailArgs,
    },
}

/// The plan named on the command line, or why not.
async fn load(
    store: &jinzai_store::Store,
    plan: &str,
) -> anyhow::Result<jinzai_service::plan::Loaded> {
    jinzai_service::plan::load(store, plan)
        .await
        .map_err(|f| told(&f))
}

pub async fn run(command: RoundCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    let actor = super::cli_actor();
    match command {
        RoundCommand::Open {
            plan,
            year,
            kind,
            opens_on,
            due_on,
            review_by,
        } => {
            let loaded = load(&store, &plan).await?;
            let kind = RoundKind::parse_label(&kind)
                .with_context(|| format!("unknown kind {kind:?} (year_end or interim)"))?;
            let dates = round::read_dates(&opens_on, &due_on, &review_by)
                .map_err(|e| told(&Failure::Invalid(e)))?;
            let who = super::cli_principal(&actor);
            let r = round::open(
                &store,
                &loaded,
                &who,
                &OpenRound {
                    fiscal_year: year,
                    kind,
                    dates,
                },
            )
            .await
            .map_err(|f| told(&f))?;
            println!(
                "opened {} {} of {plan}: {} measures, due {}",
                FiscalYear(r.fiscal_year).label_ja_full(),
                r.kind.label(),
                loaded.plan().measures().count(),
                r.dates.due_on
            );
        }
        RoundCommand::Dates {
            plan,
            year,
            opens_on,
            due_on,
            review_by,
        } => {
            let loaded = load(&store, &plan).await?;
            let dates = round::read_dates(&opens_on, &due_on, &review_by)
                .map_err(|e| told(&Failure::Invalid(e)))?;
            let r = round::change_dates(
                &store,
                &loaded,
                &super::cli_principal(&actor),
                FiscalYear(year),
                dates,
            )
            .await
            .map_err(|f| told(&f))?;
            println!(
                "{} {} of {plan}: opens {}, due {}, review by {}",
                FiscalYear(r.fiscal_year).label_ja_full(),
                r.kind.label(),
                r.dates.opens_on,
                r.dates.due_on,
                r.dates.review_by
            );
        }
        RoundCommand::Status { plan, year } => {
            let loaded = load(&store, &plan).await?;
            let rounds = store.rounds(loaded.stored.id).await?;
            let Some(year) = year else {
                for r in &rounds {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        r.fiscal_year,
                        r.kind.code(),
                        r.dates.opens_on,
                        r.dates.due_on,
                        r.dates.review_by
                    );
                }
                return Ok(ExitCode::SUCCESS);
            };
            let r = round::working_round(&rounds, FiscalYear(year))
                .cloned()
                .with_context(|| format!("no round for fiscal year {year} of {plan}"))?;
            let ownership = round::ownership(&store, &loaded.stored)
                .await
                .map_err(|f| told(&f))?;
            let v = round::view(&store, loaded.plan(), &ownership, r, None)
                .await
                .map_err(|f| told(&f))?;
            for c in &v.cells {
                println!(
                    "{}\t{}\t{}\t{}",
                    c.node,
                    c.state.code(),
                    c.accountable.as_deref().unwrap_or("-"),
                    c.reason.as_deref().unwrap_or("")
                );
            }
            let counts: Vec<String> = v
                .counts
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(s, n)| format!("{} {n}", CELL_STATES.label(s.code())))
                .collect();
            println!("{} — unsettled {}", counts.join(", "), v.unsettled);
        }
        RoundCommand::Owners {
            plan,
            file,
            encoding,
            dry_run,
        } => {
            let loaded = load(&store, &plan).await?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let enc = jinzai_io::read::InputEncoding::parse(&encoding)
                .with_context(|| format!("unknown encoding {encoding:?}"))?;
            match round::import_owners(&store, &loaded, &actor, (&bytes, enc), "cli", dry_run).await
            {
                Ok(n) => println!(
                    "{}: {n} measures' owners {}",
                    file.display(),
                    if dry_run {
                        "would change (dry run)"
                    } else {
                        "changed"
                    }
                ),
                Err(Failure::Invalid(errors)) => {
                    let lang = super::language();
                    for e in errors {
                        eprintln!("{}:{}: {}", file.display(), e.field, e.message.render(lang));
                    }
                    eprintln!("nothing stored");
                    return Ok(ExitCode::FAILURE);
                }
                Err(f) => return Err(told(&f)),
            }
        }
        RoundCommand::Step {
            plan,
            node,
            year,
            step,
            login,
            reason,
            mail,
        } => {
            let loaded = load(&store, &plan).await?;
            let step = Step::parse_label(&step).with_context(|| {
                format!("unknown step {step:?} (submit, return, confirm, approve, exclude, reopen)")
            })?;
            let user = store
                .user_by_login(&login)
                .await?
                .filter(|u| !u.disabled)
                .with_context(|| format!("no enabled account {login:?}"))?;
            let who = store
                .principal(user.id, store.clock().today())
                .await?
                .with_context(|| format!("no account {login:?}"))?;
            let year = FiscalYear(year);
            let n = jinzai_domain::progress::locate(loaded.plan(), &node, year)
                .map_err(|e| told(&e.into()))?;
            let cell = round::take_step(
                &store,
                &loaded,
                &who,
                (n, year),
                (step, &reason),
                &mail.notify(),
            )
            .await
            .map_err(|f| told(&f))?;
            println!(
                "{} {} {}: {}",
                plan,
                n.code,
                year.label_ja_full(),
                cell.state.label()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
