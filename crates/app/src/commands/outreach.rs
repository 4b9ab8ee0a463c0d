//! `jinzai outreach …`: outreach lectures (出前講座) from the command line,
//! acting as HR — the catalogue and the year's requests as TSV, deciding a
//! request, recording its delivery. (Files: `jinzai import|export
//! outreach_lectures|outreach_requests`.)

use super::{cli_principal, told};
use crate::DbArgs;
use clap::Subcommand;
use jinzai_domain::outreach::{Decision, Delivery};
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::Coded;
use jinzai_service::outreach as service;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum OutreachCommand {
    /// The catalogue, offered or not, as TSV.
    Lectures,
    /// A fiscal year's requests (this one by default) and those still
    /// open, as TSV (no contact details).
    Requests {
        #[arg(long)]
        year: Option<i32>,
    },
    /// Approve request `id` (with its conditions), or decline it with
    /// --decline and its reason.
    Decide {
        id: i64,
        #[arg(long)]
        decline: bool,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long, value_parser = super::parse_day)]
        on: Option<chrono::NaiveDate>,
    },
    /// Record the delivery of approved request `id`.
    Deliver {
        id: i64,
        #[arg(long, value_parser = super::parse_day)]
        on: chrono::NaiveDate,
        #[arg(long)]
        audience: u32,
        /// Staff numbers of the lecturers, separated by commas.
        #[arg(long, value_delimiter = ',', required = true)]
        lecturers: Vec<String>,
        #[arg(long, default_value = "")]
        feedback: String,
    },
}

pub async fn run(command: OutreachCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    let who = cli_principal(&super::cli_actor());
    match command {
        OutreachCommand::Lectures => {
            println!("code\ttitle\tunit\tminutes\toffered");
            for l in service::lectures(&store, &who)
                .await
                .map_err(|e| told(&e))?
            {
                let x = &l.lecture;
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    x.code,
                    x.title,
                    x.unit_code,
                    x.minutes,
                    if x.active { "yes" } else { "no" }
                );
            }
        }
        OutreachCommand::Requests { year } => {
            let year = year.unwrap_or_else(|| store.clock().fiscal_year().0);
            println!("id\tstatus\tlecture\tgroup\twished_on\tdelivered_on\taudience");
            for r in service::requests(&store, &who, year)
                .await
                .map_err(|e| told(&e))?
            {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    r.id,
                    r.status.code(),
                    r.request.lecture_code,
                    r.request.group_name,
                    r.request
                        .wished_on
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    r.delivered_on.map(|d| d.to_string()).unwrap_or_default(),
                    r.audience.map(|a| a.to_string()).unwrap_or_default()
                );
            }
        }
        OutreachCommand::Decide {
            id,
            decline,
            note,
            on,
        } => {
            let d = Decision {
                approved: !decline,
                decided_on: on.unwrap_or_else(|| store.clock().today()),
                note,
            };
            let r = service::decide(&store, &who, id, &d)
                .await
                .map_err(|e| told(&e))?;
            println!("{}\t{}", r.id, r.status.code());
        }
        OutreachCommand::Deliver {
            id,
            on,
            audience,
            lecturers,
            feedback,
        } => {
            let lecturers = lecturers
                .iter()
                .map(|n| StaffNumber::parse(n.trim()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|m| anyhow::anyhow!("{}", m.render(super::language())))?;
            let g = Delivery {
                delivered_on: on,
                audience,
                feedback,
                lecturers,
            };
            let r = service::deliver(&store, &who, id, &g)
                .await
                .map_err(|e| told(&e))?;
            println!("{}\t{}", r.id, r.status.code());
        }
    }
    Ok(ExitCode::SUCCESS)
}
