//! `jinzai health …`: the health records' key — making one, telling
//! whether the store opens with the one given, sealing every record anew
//! with another (in one transaction) — a year's figures and stress-check
//! group analysis as HR sees them (counts per unit, small units withheld),
//! releasing that analysis (with the key), and the leak reports still
//! owed. Records are imported and exported with `jinzai import|export
//! health_…` (with the key); one person's are read on screen or over the
//! API by the health staff.

use super::{cli_principal, told};
use crate::DbArgs;
use clap::Subcommand;
use jinzai_service::health as service;
use jinzai_store::health::vault::HealthKey;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum HealthCommand {
    /// Make a new health key in a new file (owner-only; never over an
    /// existing file). Keep it outside the database and its backups.
    Keygen {
        #[arg(long)]
        out: PathBuf,
    },
    /// Whether the health records open with --health-key-file (exit 1 when
    /// they stay locked).
    Status,
    /// Seal every health record anew with the key in --new-key-file, in
    /// one transaction (the present key: --health-key-file). Afterwards
    /// start jinzai with the new file.
    Rekey {
        #[arg(long)]
        new_key_file: PathBuf,
    },
    /// A fiscal year's check-up attendance per unit and consultations held,
    /// as TSV (units under 10 people withheld, as HR sees them).
    Figures {
        #[arg(long)]
        year: i32,
    },
    /// A fiscal year's stress check as HR sees it, as TSV: participation
    /// per unit (units under 10 withheld) and the group analysis (仕事の
    /// ストレス判定図) once the health staff released it. With --release,
    /// release it first (needs --health-key-file; once a year, frozen).
    Stress {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        release: bool,
    },
    /// The leak reports (速報, 確報) still to send, with their deadlines,
    /// as TSV; exit 1 when one is overdue (for a daily check).
    Leaks,
}

pub async fn run(command: HealthCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    if let HealthCommand::Keygen { out } = &command {
        let key =
            HealthKey::generate().map_err(|e| anyhow::anyhow!("cannot make a health key: {e}"))?;
        super::write_private(out, &format!("{}\n", key.to_hex()))?;
        println!("new health key: {}", out.display());
        return Ok(ExitCode::SUCCESS);
    }
    let store = super::open_store(db).await?;
    let status = service::status(&store);
    match command {
        HealthCommand::Keygen { .. } => unreachable!("handled above"),
        HealthCommand::Status => {
            let lang = super::language();
            match store.health_lock() {
                None => println!("open"),
                Some(lock) => {
                    println!("{}", service::lock_message(lock).render(lang));
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        HealthCommand::Rekey { new_key_file } => {
            if !status.open {
                anyhow::bail!(
                    "the health records are locked ({}): give their present key with --health-key-file",
                    status.lock.unwrap_or_default()
                );
            }
            let new = super::read_health_key(&new_key_file)?;
            let n = store
                .rekey_health(&new, &super::cli_actor())
                .await
                .map_err(|e| told(&e.into()))?;
            println!(
                "{n} health record(s) sealed with the key in {}: start jinzai with --health-key-file {}",
                new_key_file.display(),
                new_key_file.display()
            );
        }
        HealthCommand::Figures { year } => {
            let who = cli_principal(&super::cli_actor());
            let f = service::figures(&store, &who, year)
                .await
                .map_err(|e| told(&e))?;
            println!("unit\tname\tdue\tattended\trate");
            for u in f.units.iter().chain([&f.total]) {
                let n = |v: Option<u64>| v.map_or_else(|| "秘匿".to_owned(), |v| v.to_string());
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    if u.unit_code.is_empty() && std::ptr::eq(u, &f.total) {
                        "total"
                    } else {
                        &u.unit_code
                    },
                    u.unit_name,
                    n(u.due),
                    n(u.attended),
                    u.rate.map_or_else(
                        || if u.withheld {
                            "秘匿".to_owned()
                        } else {
                            "-".to_owned()
                        },
                        |r| format!("{r:.1}")
                    )
                );
            }
            println!(
                "consultations\t\t{}\t{}\t",
                f.consultations_physician, f.consultations_nurse
            );
            eprintln!(
                "consultations: physician, nurse; units under {} people are withheld",
                f.min_group
            );
        }
        HealthCommand::Stress { year, release } => return stress(&store, year, release).await,
        HealthCommand::Leaks => return leaks(&store).await,
    }
    Ok(ExitCode::SUCCESS)
}

/// `jinzai health stress`.
async fn stress(store: &jinzai_store::Store, year: i32, release: bool) -> anyhow::Result<ExitCode> {
    let actor = super::cli_actor();
    if release {
        let r = service::stress::release_as(store, &actor, year)
            .await
            .map_err(|e| told(&e))?;
        eprintln!(
            "released the {year} analysis on {} ({} group(s), units as of {})",
            r.released_on,
            r.groups.len(),
            r.as_of
        );
    }
    let y = service::stress::year(store, &cli_principal(&actor), year)
        .await
        .map_err(|e| told(&e))?;
    let n = |v: Option<u64>| v.map_or_else(|| "秘匿".to_owned(), |v| v.to_string());
    let one = |v: f64| format!("{v:.1}");
    println!("unit\tname\tdue\ttaken\trate");
    for u in y.participation.iter().chain([&y.total]) {
        let code = if std::ptr::eq(u, &y.total) {
            "total"
        } else {
            &u.unit_code
        };
        let rate = u.rate.map_or_else(
            || {
                if u.withheld {
                    "秘匿".to_owned()
                } else {
                    "-".to_owned()
                }
            },
            one,
        );
        println!(
            "{code}\t{}\t{}\t{}\t{rate}",
            u.unit_name,
            n(u.due),
            n(u.attended)
        );
    }
    println!();
    match y.released_on {
        None => eprintln!("the {year} group analysis is not released yet: HR sees no group"),
        Some(on) => {
            eprintln!(
                "group analysis released on {on}; groups under {} people withheld",
                y.min_group
            );
            println!(
                "group\tname\tmerged\trespondents\tdemand\tcontrol\tsupervisor\tcoworker\trisk_dc\trisk_support\trisk_total"
            );
            for g in &y.groups {
                let s = g.scores.as_ref();
                let v = |f: fn(&jinzai_domain::health::stress::GroupScores) -> f64| {
                    s.map_or_else(|| "秘匿".to_owned(), |s| one(f(s)))
                };
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    g.unit_code,
                    g.unit_name,
                    g.merged.join("・"),
                    n(g.respondents),
                    v(|s| s.demand),
                    v(|s| s.control),
                    v(|s| s.supervisor),
                    v(|s| s.coworker),
                    v(|s| s.risk_demand_control),
                    v(|s| s.risk_support),
                    v(|s| s.risk_total),
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `jinzai health leaks`: the administrator's tasks (counts of people,
/// never who).
async fn leaks(store: &jinzai_store::Store) -> anyhow::Result<ExitCode> {
    let list = store.leaks().await.map_err(|e| told(&e.into()))?;
    let today = store.clock().today();
    let tasks = service::leaks::tasks(&list, today);
    println!("leak\treport\tdue\toverdue\tpeople");
    for t in &tasks {
        let report = match t.report {
            jinzai_domain::health::leak::Report::Preliminary => "速報",
            jinzai_domain::health::leak::Report::Final => "確報",
        };
        println!(
            "{}\t{report}\t{}\t{}\t{}",
            t.leak_id,
            t.due_on,
            if t.overdue { "overdue" } else { "" },
            t.people
        );
    }
    if tasks.iter().any(|t| t.overdue) {
        eprintln!("a leak report is overdue");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
