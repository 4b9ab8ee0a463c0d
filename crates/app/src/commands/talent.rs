//! `jinzai talent …`: specialists and the new-talent figures from the
//! command line, acting as HR — the city's fields (and adding one), the
//! designations in force on a day as TSV, naming a specialist, ending a
//! designation, and the year-by-year figures of measures 1-6-1 to 1-7-2.

use super::{cli_principal, told};
use crate::DbArgs;
use clap::Subcommand;
use jinzai_domain::FiscalYear;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::talent::{Designation, SpecialistField};
use jinzai_service::talent as service;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum TalentCommand {
    /// The city's specialist fields: code, Japanese and English names.
    Fields,
    /// Add a field at the end of the list.
    AddField {
        code: String,
        label_ja: String,
        label_en: String,
    },
    /// Designations in force on a day (today by default), as TSV.
    List {
        #[arg(long, value_parser = super::parse_day)]
        on: Option<chrono::NaiveDate>,
        #[arg(long)]
        field: Option<String>,
    },
    /// Name a person a specialist in a field from a day.
    Designate {
        staff_number: String,
        field: String,
        #[arg(long, value_parser = super::parse_day)]
        from: chrono::NaiveDate,
        #[arg(long, value_parser = super::parse_day)]
        to: Option<chrono::NaiveDate>,
        #[arg(long)]
        note: Option<String>,
    },
    /// End designation `id` on its last day.
    End {
        id: i64,
        #[arg(long, value_parser = super::parse_day)]
        to: chrono::NaiveDate,
    },
    /// The figures of 1-6-1 to 1-7-2 for a fiscal year (this one by
    /// default), as TSV.
    Figures {
        #[arg(long)]
        year: Option<i32>,
    },
}

pub async fn run(command: TalentCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    let who = cli_principal(&super::cli_actor());
    match command {
        TalentCommand::Fields => {
            for f in store.specialist_fields().await? {
                println!("{}\t{}\t{}", f.code, f.label_ja, f.label_en);
            }
        }
        TalentCommand::AddField {
            code,
            label_ja,
            label_en,
        } => {
            let f = SpecialistField {
                code,
                label_ja,
                label_en,
            };
            service::add_field(&store, &who, &f)
                .await
                .map_err(|e| told(&e))?;
            println!("field {} added", f.code);
        }
        TalentCommand::List { on, field } => {
            let on = on.unwrap_or_else(|| store.clock().today());
            let o = service::overview(&store, on, field.as_deref())
                .await
                .map_err(|e| told(&e))?;
            println!("id\tstaff_number\tname\tfield\tfrom\tto\tnote");
            for s in &o.designations {
                let d = &s.designation;
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    s.id,
                    d.staff_number,
                    s.name,
                    d.field,
                    d.from,
                    d.to.map(|t| t.to_string()).unwrap_or_default(),
                    d.note.as_deref().unwrap_or("").replace(['\t', '\n'], " ")
                );
            }
            eprintln!("{} designation(s) in force on {on}", o.designations.len());
        }
        TalentCommand::Designate {
            staff_number,
            field,
            from,
            to,
            note,
        } => {
            let staff_number = StaffNumber::parse(&staff_number)
                .map_err(|m| anyhow::anyhow!(m.render(super::language())))?;
            let d = Designation {
                staff_number,
                field,
                from,
                to,
                note,
            };
            let s = service::designate(&store, &who, &d)
                .await
                .map_err(|e| told(&e))?;
            println!("designation {} made", s.id);
        }
        TalentCommand::End { id, to } => {
            let s = service::end(&store, &who, id, to)
                .await
                .map_err(|e| told(&e))?;
            println!("designation {} ends on {to}", s.id);
        }
        TalentCommand::Figures { year } => {
            let year = year.map_or_else(|| store.clock().fiscal_year(), FiscalYear);
            let f = service::year_figures(&store, year)
                .await
                .map_err(|e| told(&e))?;
            println!(
                "fiscal_year\trotation_in_window\trotation_covered\tspecialists\tspecialists_senior\t\
                 hires\tmid_career_professional\tmid_career_general\treemployed"
            );
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                f.fiscal_year,
                f.rotation_in_window,
                f.rotation_covered,
                f.specialists,
                f.specialists_senior,
                f.hires,
                f.mid_career_professional,
                f.mid_career_general,
                f.reemployed
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
