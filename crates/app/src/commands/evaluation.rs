//! `jinzai evaluation …`: personnel evaluation from the command line — the
//! scheme (show, or set from a TOML file), open a year's periods, list a
//! year's chains and the evaluators without recent training. Chains come
//! from files through `jinzai import evaluation_chains FILE`.

use super::told;
use crate::DbArgs;
use anyhow::Context;
use clap::Subcommand;
use jinzai_domain::FiscalYear;
use jinzai_domain::evaluation::Scheme;
use jinzai_domain::people::codes::Coded;
use jinzai_service::evaluation as service;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum EvaluationCommand {
    /// Print the scheme in force as TOML, or set it from a TOML file.
    Scheme {
        /// A scheme file (the printed form, edited).
        #[arg(long)]
        set: Option<PathBuf>,
    },
    /// Open a fiscal year's periods under the scheme in force.
    Open { year: i32 },
    /// A year's chains: evaluatee, 一次, 二次, 調整者, 確認者, from.
    Chains {
        year: i32,
        #[arg(long)]
        evaluatee: Option<String>,
    },
    /// A year's evaluators without evaluator training within the scheme's
    /// years (with HR's reason where one was given).
    Exceptions { year: i32 },
    /// A year's periods, each department's evaluatees by sheet state (the
    /// period overview), as TSV.
    Progress { year: i32 },
}

pub async fn run(command: EvaluationCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    let actor = super::cli_actor();
    match command {
        EvaluationCommand::Scheme { set: None } => {
            print!("{}", toml::to_string(&store.evaluation_scheme().await?)?);
        }
        EvaluationCommand::Scheme { set: Some(path) } => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let scheme: Scheme =
                toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            service::set_scheme(&store, &scheme, &actor)
                .await
                .map_err(|f| told(&f))?;
            println!("scheme set from {}", path.display());
        }
        EvaluationCommand::Open { year } => {
            let periods = service::open_year(&store, FiscalYear(year), &actor)
                .await
                .map_err(|f| told(&f))?;
            for p in periods {
                println!(
                    "{} {} {} {} – {}",
                    p.period.fiscal_year,
                    p.period.kind.label(),
                    p.period.term.label(),
                    p.period.starts_on,
                    p.period.ends_on
                );
            }
        }
        EvaluationCommand::Chains { year, evaluatee } => {
            let list = match &evaluatee {
                Some(e) => store.chains_of(FiscalYear(year), e).await?,
                None => store.chains(FiscalYear(year)).await?,
            };
            let cell = |n: Option<&jinzai_domain::people::StaffNumber>| {
                n.map_or_else(|| "-".to_owned(), ToString::to_string)
            };
            for c in &list {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}{}",
                    c.evaluatee,
                    c.first,
                    cell(c.second.as_ref()),
                    cell(c.adjuster.as_ref()),
                    cell(c.confirmer.as_ref()),
                    c.from,
                    c.until.map(|u| format!("..{u}")).unwrap_or_default()
                );
            }
            eprintln!("{} chain(s)", list.len());
        }
        EvaluationCommand::Exceptions { year } => {
            let list = service::training_exceptions(&store, FiscalYear(year))
                .await
                .map_err(|f| told(&f))?;
            for e in &list {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    e.evaluatee,
                    e.role.label(),
                    e.evaluator,
                    e.last_training
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "-".into()),
                    e.reason.as_deref().unwrap_or("-")
                );
            }
            eprintln!("{} exception(s)", list.len());
        }
        EvaluationCommand::Progress { year } => {
            let periods = store.evaluation_periods(Some(FiscalYear(year))).await?;
            if periods.is_empty() {
                anyhow::bail!("FY{year} has no evaluation periods");
            }
            for stored in periods {
                let p = service::progress::period_progress(&store, stored.id)
                    .await
                    .map_err(|f| told(&f))?;
                println!(
                    "# {} {} {} (departments as on {})",
                    p.fiscal_year,
                    p.kind.label(),
                    p.term.label(),
                    p.on
                );
                println!(
                    "department\tevaluatees\t{}\tfeedback_talks\topen_complaints",
                    p.states.join("\t")
                );
                let line = |name: &str, r: &jinzai_domain::evaluation::progress::ProgressRow| {
                    let states: Vec<String> = r.by_state.iter().map(u64::to_string).collect();
                    println!(
                        "{name}\t{}\t{}\t{}\t{}",
                        r.evaluatees,
                        states.join("\t"),
                        r.talked,
                        r.open_complaints
                    );
                };
                for (r, name) in p.rows.iter().zip(&p.names) {
                    line(if r.group.is_empty() { "-" } else { name }, r);
                }
                line("total", &p.total);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
