//! `jinzai generate`: a sample city of any size, as import files or
//! straight into a database.

use crate::DbArgs;
use crate::generate::generate_with;
use anyhow::Context;
use jinzai_io::read::people as sheets;
use jinzai_io::read::training;
use jinzai_io::{Encoding, Format};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Number of staff.
    #[arg(long, default_value_t = 600)]
    pub staff: usize,
    /// Fiscal years of careers.
    #[arg(long, default_value_t = 10)]
    pub years: i32,
    /// The last fiscal year.
    #[arg(long, default_value_t = 2015)]
    pub last_year: i32,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Hold each training course this many times as often (1: a realistic
    /// city; 11 at 170,000 staff over 10 years gives over 20 million
    /// participation rows; 0: no training records).
    #[arg(long, default_value_t = 1)]
    pub training_intensity: u64,
    /// Write the import files (units.csv, staff.csv, … participations.csv)
    /// into this directory.
    #[arg(long, conflicts_with = "into_db")]
    pub out: Option<PathBuf>,
    /// Import straight into the database instead.
    #[arg(long)]
    pub into_db: bool,
}

pub async fn run(args: GenerateArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let city = generate_with(
        args.staff,
        args.years,
        args.last_year,
        args.seed,
        (3, 5),
        args.training_intensity,
    );
    println!(
        "generated {} staff, {} assignments, {} personnel events, {} unit versions, \
         {} training sessions, {} participations",
        city.staff.len(),
        city.assignments.len(),
        city.events.len(),
        city.units.len(),
        city.training.sessions.len(),
        city.training.participations.len()
    );
    if args.into_db {
        let store = super::open_store(db).await?;
        for (what, s) in city.store_into(&store, &super::cli_actor()).await? {
            println!(
                "{what}: {} created, {} updated, {} unchanged",
                s.created, s.updated, s.unchanged
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let dir = args
        .out
        .context("say where: --out DIR (import files) or --into-db")?;
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let t = &city.training;
    for (name, table) in [
        ("units.csv", sheets::units_table(&city.units)),
        ("staff.csv", sheets::staff_table(&city.staff)),
        (
            "assignments.csv",
            sheets::assignments_table(&city.assignments),
        ),
        ("events.csv", sheets::events_table(&city.events)),
        ("courses.csv", training::courses_table(&t.courses)),
        ("sessions.csv", training::sessions_table(&t.sessions)),
        (
            "participations.csv",
            training::participations_table(&t.participations),
        ),
        ("ojt_plans.csv", training::ojt_plans_table(&t.ojt_plans)),
        (
            "self_development.csv",
            training::self_development_table(&t.self_development),
        ),
        ("training_needs.csv", training::needs_table(&t.needs)),
        (
            "evaluation_chains.csv",
            jinzai_io::read::evaluation::chains_table(&city.evaluation.chains),
        ),
        (
            "evaluation_results.csv",
            jinzai_io::read::evaluation::results_table(&city.evaluation.results),
        ),
        (
            "exam_applications.csv",
            jinzai_io::read::exams::applications_table(&city.exams.records),
        ),
        (
            "demotion_requests.csv",
            jinzai_io::read::demotion::requests_table(&city.demotions.requests),
        ),
        (
            "posting_applications.csv",
            jinzai_io::read::postings::applications_table(&city.postings.applications),
        ),
        (
            "specialist_designations.csv",
            jinzai_io::read::talent::designations_table(&city.designations),
        ),
        (
            "child_births.csv",
            jinzai_io::read::women::births_table(&city.women.births),
        ),
        (
            "family_leaves.csv",
            jinzai_io::read::women::leaves_table(&city.women.leaves),
        ),
        (
            "annual_pay.csv",
            jinzai_io::read::women::pay_table(&city.women.pay),
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(
            &path,
            jinzai_io::export(&table, Format::Csv, Encoding::Utf8Bom)?,
        )
        .with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    // Exams are set (`jinzai exams set FILE`) before their applications
    // are imported.
    for exam in &city.exams.exams {
        let path = dir.join(format!("exam-{}-{}.toml", exam.fiscal_year, exam.level));
        std::fs::write(&path, toml::to_string(exam)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    // So are postings (`jinzai postings set FILE`); demotion windows are
    // opened with `jinzai demotion window`.
    for (i, p) in city.postings.postings.iter().enumerate() {
        let path = dir.join(format!("posting-{}-{}.toml", p.fiscal_year, i + 1));
        std::fs::write(&path, toml::to_string(p)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
