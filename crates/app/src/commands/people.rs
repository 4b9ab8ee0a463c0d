//! `jinzai import` and `jinzai export`: units, staff and assignments as CSV
//! (UTF-8 with or without BOM, or CP932) or xlsx. Imports are all or
//! nothing; every problem is printed as FILE:ROW:COL: message.

use crate::DbArgs;
use anyhow::Context;
use jinzai_io::import::{Kind, Outcome, import_bytes};
use jinzai_io::read::{InputEncoding, render_in};
use jinzai_io::{Encoding, Format};
use jinzai_store::ImportOptions;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Reads a kind of records as the command line names it.
fn kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s).ok_or_else(|| {
        format!(
            "unknown kind {s:?}; one of: {}",
            Kind::all().map(Kind::name).collect::<Vec<_>>().join(", ")
        )
    })
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// What the file holds: units, staff, assignments, events, courses,
    /// sessions, participations, ojt_plans, self_development, training_needs
    /// … and the health records (health_checkups, health_consultations,
    /// health_returns, health_stress: with --health-key-file).
    #[arg(value_parser = kind)]
    pub kind: Kind,
    pub file: PathBuf,
    /// Check everything and print the summary, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// auto (BOM / UTF-8 / CP932 detected), utf-8 or cp932.
    #[arg(long, default_value = "auto")]
    pub encoding: String,
    /// staff: 基準日, the day changed job grades and employment types hold
    /// from (西暦 or 和暦; today by default).
    #[arg(long, value_parser = super::parse_day)]
    pub as_of: Option<chrono::NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// What to export (the kinds `import` reads).
    #[arg(value_parser = kind)]
    pub kind: Kind,
    /// csv or xlsx.
    #[arg(long, default_value = "csv")]
    pub format: String,
    /// For CSV: utf-8 (with BOM) or cp932.
    #[arg(long, default_value = "utf-8")]
    pub encoding: String,
    #[arg(short, long)]
    pub output: PathBuf,
}

pub async fn import(args: ImportArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let encoding = InputEncoding::parse(&args.encoding).with_context(|| {
        format!(
            "unknown encoding {:?}: use auto, utf-8 or cp932",
            args.encoding
        )
    })?;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let store = super::open_store(db).await?;
    let name = args.file.display().to_string();
    // A bar on the terminal while records are written (hidden when piped).
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(if args.dry_run { "checking" } else { "writing" });
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let actor = super::cli_actor();
    let opts = ImportOptions {
        dry_run: args.dry_run,
        progress: Some(&progress),
        actor: &actor,
        source: &name,
        entered: None,
        as_of: args.as_of,
    };
    let outcome = import_bytes(&store, args.kind, &bytes, encoding, opts).await;
    bar.finish_and_clear();
    match outcome? {
        Outcome::Problems(problems) => {
            eprint!("{}", render_in(&name, &problems, super::language()));
            eprintln!("{} problem(s); nothing was written", problems.len());
            Ok(ExitCode::FAILURE)
        }
        Outcome::Done(s) => {
            let what = if args.dry_run {
                "dry run, nothing written"
            } else {
                "written"
            };
            println!(
                "{name}: {} created, {} updated, {} unchanged ({what})",
                s.created, s.updated, s.unchanged
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub async fn export(args: ExportArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let format = match Format::parse(&args.format) {
        Some(f @ (Format::Csv | Format::Xlsx)) => f,
        _ => anyhow::bail!("unknown format {:?}: use csv or xlsx", args.format),
    };
    let encoding = Encoding::parse(&args.encoding)
        .with_context(|| format!("unknown encoding {:?}: use utf-8 or cp932", args.encoding))?;
    let store = super::open_store(db).await?;
    let table = args.kind.export(&store).await?;
    let bytes = jinzai_io::export(&table, format, encoding)?;
    write(&args.output, &bytes)?;
    println!(
        "wrote {} ({} rows)",
        args.output.display(),
        table.rows.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}
