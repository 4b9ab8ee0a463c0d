//! `jinzai women …`: the women's-advancement figures (女性活躍推進法) from
//! the command line, acting as HR — a year's publication table and the
//! targets in the national format as TSV, setting and removing a target,
//! publishing a year to citizens (or withdrawing it) and the minimum group
//! size under which a figure is withheld. The records themselves (births,
//! family leave, pay) come in with `jinzai import`.

use super::{cli_principal, told};
use crate::DbArgs;
use clap::Subcommand;
use jinzai_domain::FiscalYear;
use jinzai_domain::report::Table;
use jinzai_domain::women::Target;
use jinzai_service::women as service;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum WomenCommand {
    /// A fiscal year's figures (the latest year with records by default),
    /// as TSV; withheld figures print as 秘匿.
    Figures {
        #[arg(long)]
        year: Option<i32>,
    },
    /// The targets in the national format, against a year's figures.
    Targets {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Set (or replace) the target of an item's group, e.g.
    /// `tier_women managers 20 --by 2025 --baseline 2020`.
    SetTarget {
        item: String,
        group: String,
        value: f64,
        /// The fiscal year by which it is to be reached.
        #[arg(long = "by")]
        year: i32,
        /// The fiscal year whose figure was the latest when it was set.
        #[arg(long)]
        baseline: Option<i32>,
        /// 取組内容.
        #[arg(long)]
        actions: Option<String>,
    },
    /// Remove the target of an item's group.
    RemoveTarget { item: String, group: String },
    /// Publish an ended fiscal year to citizens (`--withdraw` to take it back).
    Publish {
        year: i32,
        #[arg(long)]
        withdraw: bool,
    },
    /// The minimum group size (shown without a value; set with one).
    MinGroup { value: Option<u32> },
}

fn print(t: &Table) {
    println!(
        "{}",
        t.columns
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>()
            .join("\t")
    );
    for row in &t.rows {
        println!(
            "{}",
            row.iter()
                .map(|v| v.display().replace(['\t', '\n'], " "))
                .collect::<Vec<_>>()
                .join("\t")
        );
    }
}

pub async fn run(command: WomenCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    let who = cli_principal(&super::cli_actor());
    let today = store.clock().today();
    let shared = &store;
    let year_of = |year: Option<i32>| async move {
        match year {
            Some(y) => Ok::<_, anyhow::Error>(FiscalYear(y)),
            None => service::default_year(shared, today)
                .await
                .map_err(|e| told(&e)),
        }
    };
    match command {
        WomenCommand::Figures { year } => {
            let year = year_of(year).await?;
            let f = service::year_figures(&store, year)
                .await
                .map_err(|e| told(&e))?;
            print(&jinzai_domain::women::lines_table(f.fiscal_year, &f.lines));
            eprintln!(
                "{}: figures about fewer than {} people are withheld{}",
                year.label_ja(),
                f.min_group,
                if f.published {
                    "; published to citizens"
                } else {
                    ""
                }
            );
        }
        WomenCommand::Targets { year } => {
            let year = year_of(year).await?;
            let o = service::overview(&store, year)
                .await
                .map_err(|e| told(&e))?;
            print(&o.targets_table);
        }
        WomenCommand::SetTarget {
            item,
            group,
            value,
            year,
            baseline,
            actions,
        } => {
            let t = Target {
                item,
                group,
                value,
                year,
                baseline_year: baseline,
                actions,
            };
            service::set_target(&store, &who, &t)
                .await
                .map_err(|e| told(&e))?;
            println!("target {}:{} set", t.item, t.group);
        }
        WomenCommand::RemoveTarget { item, group } => {
            service::remove_target(&store, &who, &item, &group)
                .await
                .map_err(|e| told(&e))?;
            println!("target {item}:{group} removed");
        }
        WomenCommand::Publish { year, withdraw } => {
            let changed = service::set_published(&store, &who, year, !withdraw, today)
                .await
                .map_err(|e| told(&e))?;
            let label = FiscalYear(year).label_ja();
            match (withdraw, changed) {
                (false, true) => println!("{label} published to citizens"),
                (false, false) => println!("{label} was already published"),
                (true, true) => println!("{label} withdrawn"),
                (true, false) => println!("{label} was not published"),
            }
        }
        WomenCommand::MinGroup { value } => {
            if let Some(n) = value {
                service::set_min_group(&store, &who, n)
                    .await
                    .map_err(|e| told(&e))?;
            }
            println!("{}", store.women_min_group().await?);
        }
    }
    Ok(ExitCode::SUCCESS)
}
