//! `jinzai indicators`: the metric registry, and computed actuals.

use crate::DbArgs;
use clap::Subcommand;
use jinzai_domain::grade::fmt_num;
use jinzai_domain::indicator::metrics;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum IndicatorsCommand {
    /// Every metric a plan file may name, with its filters and their values.
    List,
    /// Compute every indicator of a plan for every year.
    Compute {
        /// The plan's code.
        plan: String,
    },
}

pub async fn run(command: IndicatorsCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    match command {
        IndicatorsCommand::List => {
            for m in metrics() {
                println!("{}  {}", m.code, m.label_ja);
                println!("  {}", m.description);
                println!("  counts in a fiscal year when {}", m.in_year);
                let counts = m
                    .aggregates()
                    .iter()
                    .map(|a| a.code())
                    .collect::<Vec<_>>()
                    .join(" | ");
                println!("  count = {counts}");
                for f in m.filters {
                    let values = f.values.map_or_else(
                        || "any value".to_owned(),
                        |v| {
                            v.iter()
                                .map(|(code, ja, _)| format!("{code} ({ja})"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        },
                    );
                    println!("  filter {}: {} — {values}", f.name, f.description);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        IndicatorsCommand::Compute { plan } => {
            let store = super::open_store(db).await?;
            let stored = store.load_plan(&plan, None).await?;
            let plan = &stored.plan;
            println!(
                "measure\tindicator\tline\tfiscal_year\tvalue\tunit\ttarget\tachievement_rate\tgrade\trecords\tdenominator"
            );
            for node in plan.measures() {
                for year in plan.years() {
                    for c in store.compute_all(plan, node, year).await? {
                        let opt = |v: Option<f64>| v.map(fmt_num).unwrap_or_default();
                        println!(
                            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                            node.code,
                            c.indicator,
                            c.line,
                            c.fiscal_year,
                            fmt_num(c.value),
                            c.unit.unwrap_or_default(),
                            opt(c.target),
                            opt(c.achievement_rate),
                            c.grade.unwrap_or_default(),
                            c.counted.records,
                            c.per.map(|p| p.value.to_string()).unwrap_or_default()
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
