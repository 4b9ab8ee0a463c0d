//! `jinzai plan check|show|import|list`.

use crate::DbArgs;
use anyhow::Context;
use clap::Subcommand;
use jinzai_domain::Plan;
use jinzai_domain::plan::parse_plan;
use jinzai_store::ImportOutcome;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Validate plan files; print each problem as FILE:LINE:COL: message.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the validated plan tree.
    Show {
        file: PathBuf,
        /// As JSON (nested nodes with schedules).
        #[arg(long)]
        json: bool,
    },
    /// Store a plan; a changed plan becomes a new version, the old one is kept.
    Import {
        file: PathBuf,
        /// Who imports it (recorded with the version).
        #[arg(long, default_value = "cli")]
        by: String,
    },
    /// List stored plans.
    List,
    /// Create the next plan period from a stored plan (structure and
    /// indicators copied, new years, the last year's 今後の方向性 and 課題
    /// in each measure's note); the old plan is unchanged.
    Next {
        /// The plan to start from.
        #[arg(long)]
        plan: String,
        /// The new plan's code.
        #[arg(long)]
        code: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        first_year: i32,
        #[arg(long)]
        last_year: i32,
    },
}

/// Reads and validates a plan file, or prints its problems.
fn load(path: &Path) -> anyhow::Result<Result<(Plan, String), String>> {
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.display().to_string();
    let text = match String::from_utf8(text) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            return Ok(Err(format!(
                "{name}: not UTF-8 text (invalid byte at offset {offset}); save the plan file as UTF-8\n"
            )));
        }
    };
    Ok(match parse_plan(&text) {
        Ok(plan) => Ok((plan, text)),
        Err(e) => Err(e.render(&name, super::language())),
    })
}

pub async fn run(command: PlanCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    match command {
        PlanCommand::Check { files } => {
            let mut ok = true;
            for f in &files {
                match load(f)? {
                    Ok((plan, _)) => {
                        let depth_counts: Vec<String> = plan
                            .levels
                            .iter()
                            .enumerate()
                            .map(|(d, l)| {
                                format!(
                                    "{} {}",
                                    plan.nodes.iter().filter(|n| n.depth == d).count(),
                                    l.name
                                )
                            })
                            .collect();
                        println!(
                            "{}: ok — {} ({}), {}",
                            f.display(),
                            plan.title,
                            plan.code,
                            depth_counts.join(" / ")
                        );
                    }
                    Err(problems) => {
                        ok = false;
                        eprint!("{problems}");
                    }
                }
            }
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        PlanCommand::Show { file, json } => match load(&file)? {
            Err(problems) => {
                eprint!("{problems}");
                Ok(ExitCode::FAILURE)
            }
            Ok((plan, _)) => {
                if json {
                    println!("{}", serde_json::to_string_pretty(&plan.tree())?);
                } else {
                    for n in &plan.nodes {
                        let level = plan.level(n).map(|l| l.name.as_str()).unwrap_or_default();
                        let unscheduled = if plan.is_leaf(&n.code) && !n.has_schedule() {
                            "  [計画に記載なし]"
                        } else {
                            ""
                        };
                        println!(
                            "{}{} [{}] {}{unscheduled}",
                            "  ".repeat(n.depth),
                            level,
                            n.code,
                            n.display_title()
                        );
                    }
                }
                Ok(ExitCode::SUCCESS)
            }
        },
        PlanCommand::Import { file, by } => match load(&file)? {
            Err(problems) => {
                eprint!("{problems}");
                eprintln!("nothing was imported");
                Ok(ExitCode::FAILURE)
            }
            Ok((plan, text)) => {
                let store = super::open_store(db).await?;
                let outcome = store
                    .import_plan(&plan, &text, &by, &super::cli_actor())
                    .await?;
                match outcome {
                    ImportOutcome::Created(v) => {
                        println!("imported plan {} as version {v}", plan.code)
                    }
                    ImportOutcome::NewVersion(v) => println!(
                        "plan {} changed: stored as version {v} (older versions kept)",
                        plan.code
                    ),
                    ImportOutcome::Unchanged(v) => println!(
                        "plan {} is unchanged (version {v}); nothing written",
                        plan.code
                    ),
                }
                Ok(ExitCode::SUCCESS)
            }
        },
        PlanCommand::Next {
            plan,
            code,
            title,
            first_year,
            last_year,
        } => {
            let store = super::open_store(db).await?;
            let lang = super::language();
            let loaded = jinzai_service::plan::load(&store, &plan)
                .await
                .map_err(|f| anyhow::anyhow!(f.message().render(lang)))?;
            let next = jinzai_service::plan::NextPlan {
                code,
                title,
                first_year,
                last_year,
            };
            match jinzai_service::plan::next_plan(
                &store,
                &loaded,
                (&super::cli_actor(), "cli"),
                &next,
            )
            .await
            {
                Ok(p) => {
                    println!(
                        "created plan {} ({}–{}, {} measures) from {plan}; {plan} is unchanged",
                        p.plan.code,
                        p.plan.first_year.0,
                        p.plan.last_year.0,
                        p.plan.measures().count()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(jinzai_service::Failure::Invalid(errors)) => {
                    for e in errors {
                        eprintln!("{}: {}", e.field, e.message.render(lang));
                    }
                    Ok(ExitCode::FAILURE)
                }
                Err(f) => Err(anyhow::anyhow!(f.message().render(lang))),
            }
        }
        PlanCommand::List => {
            let store = super::open_store(db).await?;
            for p in store.list_plans().await? {
                println!(
                    "{}\tv{}\t{}–{}\t{}",
                    p.code, p.version, p.first_year, p.last_year, p.title
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
