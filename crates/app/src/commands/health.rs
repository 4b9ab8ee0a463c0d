//! `jinzai health …`: the health records' key — making one, telling
//! whether the store opens with the one given, sealing every record anew
//! with another (in one transaction) — and a year's figures as HR sees
//! them (counts per unit, small units withheld). The records themselves
//! are read and written by the health staff on screen or over the API.

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
    }
    Ok(ExitCode::SUCCESS)
}
