//! `jinzai rotation`: the job-rotation report for a fiscal year.

use crate::DbArgs;
use jinzai_domain::FiscalYear;
use jinzai_domain::people::rotation::RotationSettings;
use jinzai_service::people::{self as rotation, RotationQuery};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct RotationArgs {
    /// Fiscal year (西暦 of its 1 April); the report is as of its 31 March.
    #[arg(long)]
    pub year: i32,
    /// Years since hire in the rotation window.
    #[arg(long, default_value_t = RotationSettings::default().window_years)]
    pub window: u32,
    /// Years in one unit that count as a long stay.
    #[arg(long, default_value_t = RotationSettings::default().long_stay_years)]
    pub long_stay: u32,
    /// Years of service of a specialist.
    #[arg(long, default_value_t = RotationSettings::default().specialist_years)]
    pub specialist: u32,
    /// Print the whole report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(args: RotationArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    let settings = RotationSettings {
        window_years: args.window,
        long_stay_years: args.long_stay,
        specialist_years: args.specialist,
    };
    // The same use case as the rotation page and GET /api/v1/rotation.
    let query = RotationQuery {
        year: Some(args.year),
        window: Some(args.window),
        long_stay: Some(args.long_stay),
        specialist: Some(args.specialist),
    };
    let (r, _) = rotation::compute(&store, &query)
        .await
        .map_err(|f| anyhow::anyhow!("{}", f.message().render(super::language())))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} — as of {}", FiscalYear(args.year).label_ja_full(), r.on);
    println!(
        "staff in the first {} years: {} (all three classes: {})",
        settings.window_years,
        r.in_window.len(),
        r.covered_all_count()
    );
    println!(
        "in the window's last year with a class missing: {}",
        r.window_closing_incomplete.len()
    );
    for s in &r.window_closing_incomplete {
        println!(
            "  {}\t{}\tmissing {}",
            s.number,
            s.name,
            s.missing().join(", ")
        );
    }
    println!(
        "{} years or more in one unit: {}",
        settings.long_stay_years,
        r.long_stay.len()
    );
    println!(
        "specialists ({} years or more): {}",
        settings.specialist_years, r.specialists
    );
    Ok(ExitCode::SUCCESS)
}
