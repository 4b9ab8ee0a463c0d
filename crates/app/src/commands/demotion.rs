//! `jinzai demotion …`: voluntary demotion from the command line, acting as
//! HR — set a year's window and reviewers, list a year's requests (an
//! audited read), decide or withdraw one, make the demotions whose day has
//! come take effect (for cron, when the server's scheduled jobs are off),
//! and the re-promotion reviews due and recorded.

use super::{cli_principal, told};
use crate::DbArgs;
use clap::Subcommand;
use jinzai_domain::demotion::{Decision, ReviewOutcome, Window, next_april};
use jinzai_domain::people::codes::Coded;
use jinzai_service::demotion as service;
use jinzai_store::demotion::StoredRequest;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum DemotionCommand {
    /// Every year's window: year, opens, closes, takes effect, reviewers.
    Windows,
    /// Open (or change) a year's window and name its reviewers.
    Window {
        year: i32,
        #[arg(long, value_parser = super::parse_day)]
        opens: chrono::NaiveDate,
        #[arg(long, value_parser = super::parse_day)]
        closes: chrono::NaiveDate,
        /// The day approved demotions take effect (default: the next 1 April).
        #[arg(long, value_parser = super::parse_day)]
        effective: Option<chrono::NaiveDate>,
        /// Logins of the reviewers besides HR, comma separated.
        #[arg(long, value_delimiter = ',')]
        reviewers: Vec<String>,
    },
    /// A year's requests with their reasons, as TSV (audited).
    List { year: i32 },
    /// Decide a request: `--approve` (to `--to-grade`, on `--on`; defaults:
    /// the wish or one grade down, the window's day) or `--reject`.
    Decide {
        id: i64,
        #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
        approve: bool,
        #[arg(long)]
        reject: bool,
        #[arg(long)]
        to_grade: Option<String>,
        #[arg(long, value_parser = super::parse_day)]
        on: Option<chrono::NaiveDate>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Withdraw a request on the person's behalf (a paper withdrawal).
    Withdraw { id: i64 },
    /// Make the approved demotions whose day has come personnel events.
    TakeEffect,
    /// The re-promotion reviews due this fiscal year, as TSV.
    Due,
    /// Record this fiscal year's re-promotion review: `continue` or `repromote`.
    Review {
        id: i64,
        outcome: String,
        #[arg(long)]
        note: Option<String>,
    },
}

fn print_request(r: &StoredRequest) {
    let day = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "-".to_owned(), |d| d.to_string());
    println!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        r.id,
        r.fiscal_year,
        r.staff_number,
        r.name,
        r.requested_on,
        r.from_grade.as_deref().unwrap_or("-"),
        r.request.reason.code(),
        r.status.code(),
        r.to_grade.as_deref().unwrap_or("-"),
        day(r.effective_on),
        if r.taken_effect { "yes" } else { "no" },
    );
}

const HEADER: &str = "id\tyear\tstaff_number\tname\trequested_on\tfrom_grade\treason\tstatus\tto_grade\teffective_on\ttaken_effect";

pub async fn run(command: DemotionCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    let who = cli_principal(&super::cli_actor());
    match command {
        DemotionCommand::Windows => {
            for w in service::windows(&store).await.map_err(|f| told(&f))? {
                let x = &w.window;
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    x.fiscal_year,
                    x.opens_on,
                    x.closes_on,
                    x.effective_on,
                    x.reviewers.join(",")
                );
            }
        }
        DemotionCommand::Window {
            year,
            opens,
            closes,
            effective,
            reviewers,
        } => {
            let w = Window {
                fiscal_year: year,
                opens_on: opens,
                closes_on: closes,
                effective_on: effective.unwrap_or_else(|| next_april(year)),
                reviewers,
            };
            service::open_window(&store, &who, &w)
                .await
                .map_err(|f| told(&f))?;
            println!("window for fiscal {year} set");
        }
        DemotionCommand::List { year } => {
            let list = service::requests(&store, &who, year)
                .await
                .map_err(|f| told(&f))?;
            println!("{HEADER}");
            for r in &list {
                print_request(r);
            }
            eprintln!("{} request(s)", list.len());
        }
        DemotionCommand::Decide {
            id,
            approve,
            reject: _,
            to_grade,
            on,
            note,
        } => {
            let d = Decision {
                approved: approve,
                to_grade,
                effective_on: on,
                note,
            };
            let r = service::decide(&store, &who, id, &d)
                .await
                .map_err(|f| told(&f))?;
            print_request(&r);
        }
        DemotionCommand::Withdraw { id } => {
            let r = service::withdraw(&store, &who, id)
                .await
                .map_err(|f| told(&f))?;
            print_request(&r);
        }
        DemotionCommand::TakeEffect => {
            let done = service::take_effect(&store, &who.actor())
                .await
                .map_err(|f| told(&f))?;
            for r in &done {
                print_request(r);
            }
            eprintln!("{} demotion(s) took effect", done.len());
        }
        DemotionCommand::Due => {
            let due = service::due_reviews(&store, &who)
                .await
                .map_err(|f| told(&f))?;
            println!("id\tstaff_number\tname\tfrom_grade\tto_grade\teffective_on\tfiscal_year");
            for d in &due {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    d.request_id,
                    d.staff_number,
                    d.name,
                    d.from_grade.as_deref().unwrap_or("-"),
                    d.to_grade.as_deref().unwrap_or("-"),
                    d.effective_on,
                    d.fiscal_year
                );
            }
            eprintln!("{} review(s) due", due.len());
        }
        DemotionCommand::Review { id, outcome, note } => {
            let outcome = ReviewOutcome::parse_label(&outcome).ok_or_else(|| {
                anyhow::anyhow!("unknown outcome {outcome:?}: continue or repromote")
            })?;
            let v = service::review(&store, &who, id, outcome, note)
                .await
                .map_err(|f| told(&f))?;
            println!("{}\t{}\t{}", v.request_id, v.fiscal_year, v.outcome.code());
        }
    }
    Ok(ExitCode::SUCCESS)
}
