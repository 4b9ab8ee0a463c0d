//! `jinzai exams …`: promotion exams from the command line, acting as HR —
//! list a year's exams, set one from a TOML file (the printed form,
//! edited), an exam's applications as TSV, enter a paper application,
//! record a sitting and its marks, and the funnel as TSV.

use super::{cli_principal, told};
use crate::DbArgs;
use anyhow::Context;
use clap::Subcommand;
use jinzai_domain::exams::Exam;
use jinzai_service::exams as service;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ExamsCommand {
    /// A year's exams (every year when none): id, year, level, title, window, day.
    List {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Print an exam as TOML.
    Show { id: i64 },
    /// Set an exam from a TOML file (a new one, or the year's exam for
    /// that level changed).
    Set { file: PathBuf },
    /// An exam's applications with their marks, as TSV (audited).
    Applications { id: i64 },
    /// Enter an application for someone (a paper application).
    Apply { id: i64, staff_number: String },
    /// Withdraw someone's application.
    Withdraw { id: i64, staff_number: String },
    /// Record a sitting: the marks in component order (`80,65,-` with `-`
    /// for not yet marked), or `--absent`.
    Result {
        id: i64,
        staff_number: String,
        #[arg(long, value_delimiter = ',', conflicts_with = "absent")]
        scores: Vec<String>,
        #[arg(long)]
        absent: bool,
    },
    /// Record the promotion that follows a pass (a personnel event, linked
    /// to the application), on a day (西暦 or 和暦) or the next 1 April.
    Promote {
        id: i64,
        staff_number: String,
        #[arg(long, value_parser = super::parse_day)]
        on: Option<chrono::NaiveDate>,
    },
    /// The funnel (eligible, applied, sat, passed, promoted) of a year's
    /// exams, whole and by gender, employment type and age class, as TSV.
    Funnel {
        #[arg(long)]
        year: Option<i32>,
    },
}

fn mark(raw: &str) -> anyhow::Result<Option<u32>> {
    match raw.trim() {
        "" | "-" => Ok(None),
        v => v
            .parse()
            .map(Some)
            .with_context(|| format!("“{v}” is not a mark")),
    }
}

pub async fn run(command: ExamsCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    let who = cli_principal(&super::cli_actor());
    let print_application = |a: &jinzai_store::exams::StoredApplication| {
        let scores: Vec<String> = a
            .scores
            .iter()
            .map(|s| s.map_or_else(|| "-".to_owned(), |v| v.to_string()))
            .collect();
        let flag = |b: Option<bool>| match b {
            Some(true) => "yes",
            Some(false) => "no",
            None => "-",
        };
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            a.staff_number,
            a.name,
            a.applied_at,
            a.withdrawn_at.as_deref().unwrap_or("-"),
            flag(a.sat),
            scores.join(","),
            a.total
                .map_or_else(|| "-".to_owned(), |t| format!("{t:.1}")),
            flag(a.passed),
        );
    };
    match command {
        ExamsCommand::List { year } => {
            let list = store.exams(year).await?;
            for e in &list {
                let x = &e.exam;
                println!(
                    "{}\t{}\t{}\t{}\t{}..{}\t{}",
                    e.id, x.fiscal_year, x.level, x.title, x.opens_on, x.closes_on, x.held_on
                );
            }
            eprintln!("{} exam(s)", list.len());
        }
        ExamsCommand::Show { id } => {
            let e = service::exam(&store, id).await.map_err(|f| told(&f))?;
            print!("{}", toml::to_string(&e.exam)?);
        }
        ExamsCommand::Set { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let exam: Exam =
                toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let saved = service::save(&store, &who, &exam)
                .await
                .map_err(|f| told(&f))?;
            println!("exam {} set from {}", saved.id, file.display());
        }
        ExamsCommand::Applications { id } => {
            let (_, list) = service::applications(&store, &who, id)
                .await
                .map_err(|f| told(&f))?;
            println!("staff_number\tname\tapplied_at\twithdrawn_at\tsat\tscores\ttotal\tpassed");
            for a in &list {
                print_application(a);
            }
            eprintln!("{} application(s)", list.len());
        }
        ExamsCommand::Apply { id, staff_number } => {
            let a = service::apply(&store, &who, id, Some(&staff_number))
                .await
                .map_err(|f| told(&f))?;
            print_application(&a);
        }
        ExamsCommand::Withdraw { id, staff_number } => {
            let a = service::withdraw(&store, &who, id, Some(&staff_number))
                .await
                .map_err(|f| told(&f))?;
            print_application(&a);
        }
        ExamsCommand::Result {
            id,
            staff_number,
            scores,
            absent,
        } => {
            let marks = scores
                .iter()
                .map(|s| mark(s))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let a = service::record_result(&store, &who, id, &staff_number, !absent, &marks)
                .await
                .map_err(|f| told(&f))?;
            print_application(&a);
        }
        ExamsCommand::Promote {
            id,
            staff_number,
            on,
        } => {
            let a = service::promote(&store, &who, id, &staff_number, on)
                .await
                .map_err(|f| told(&f))?;
            print_application(&a);
            if let Some(d) = a.promoted_on {
                println!("promoted on {d}");
            }
        }
        ExamsCommand::Funnel { year } => {
            let list = service::funnels(&store, &who, year)
                .await
                .map_err(|f| told(&f))?;
            println!("year\tlevel\tgrouping\tgroup\teligible\tapplied\tsat\tpassed\tpromoted");
            for f in &list {
                let line = |grouping: &str, r: &service::FunnelRow| {
                    let counts: Vec<String> = r.counts.iter().map(usize::to_string).collect();
                    println!(
                        "{}\t{}\t{grouping}\t{}\t{}",
                        f.fiscal_year,
                        f.level,
                        if r.group.is_empty() { "-" } else { &r.group },
                        counts.join("\t")
                    );
                };
                line("all", &f.total);
                for r in &f.by_gender {
                    line("gender", r);
                }
                for r in &f.by_employment_type {
                    line("employment_type", r);
                }
                for r in &f.by_job_family {
                    line("job_family", r);
                }
                for r in &f.by_age_class {
                    line("age_class", r);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
