//! `jinzai report progress`: the progress table as a file.

use crate::DbArgs;
use anyhow::Context;
use clap::Subcommand;
use jinzai_domain::FiscalYear;
use jinzai_domain::report::progress_table;
use jinzai_io::{Encoding, Format};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The progress table (進行管理表): one row per measure and fiscal year.
    Progress {
        #[arg(long)]
        plan: String,
        /// xlsx, csv or json.
        #[arg(long, default_value = "xlsx")]
        format: String,
        /// For CSV: utf-8 (with BOM) or cp932.
        #[arg(long, default_value = "utf-8")]
        encoding: String,
        /// One fiscal year (西暦 of its 1 April); every year by default.
        #[arg(long)]
        year: Option<i32>,
        #[arg(short, long)]
        output: PathBuf,
    },
}

pub async fn run(command: ReportCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let ReportCommand::Progress {
        plan,
        format,
        encoding,
        year,
        output,
    } = command;
    let format = Format::parse(&format)
        .with_context(|| format!("unknown format {format:?}: use xlsx, csv or json"))?;
    let encoding = Encoding::parse(&encoding)
        .with_context(|| format!("unknown encoding {encoding:?}: use utf-8 or cp932"))?;
    let store = super::open_store(db).await?;
    let stored = store.load_plan(&plan, None).await?;
    let years: Vec<FiscalYear> = year.map(FiscalYear).into_iter().collect();
    if let Some(y) = years.first()
        && !stored.plan.contains_year(*y)
    {
        anyhow::bail!("fiscal year {} is outside plan {plan}", y.0);
    }
    let current = store.effective_progress(&stored).await?;
    let table = progress_table(&stored.plan, &current, &years);
    let bytes = jinzai_io::export(&table, format, encoding)?;
    std::fs::write(&output, &bytes)
        .with_context(|| format!("cannot write {}", output.display()))?;
    println!(
        "wrote {} ({} rows, {} bytes)",
        output.display(),
        table.rows.len(),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}
