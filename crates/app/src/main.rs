//! The `jinzai` binary: thin — parses the command line and calls the
//! library crates. See `jinzai --help`.

use clap::{Parser, Subcommand};
use jinzai::{DbArgs, ServeArgs, commands, demo};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "jinzai",
    version,
    about = "Talent-development plan tracking (人材育成基本方針 実施計画 進行管理)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the demo: a fresh embedded database, Kiyose's plan, sample progress, a web server.
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// Keep the demo database here instead of a fresh temporary directory.
        #[arg(long)]
        demo_dir: Option<PathBuf>,
    },
    /// Serve the web UI and API on a real data directory or database.
    Serve {
        #[command(flatten)]
        serve: ServeArgs,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Plan files: check, show, import, list.
    Plan {
        #[command(subcommand)]
        command: commands::plan::PlanCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Fiscal-year locks and other progress administration.
    Progress {
        #[command(subcommand)]
        command: commands::progress::ProgressCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// The yearly progress round: open, status, owners from a file, steps.
    Round {
        #[command(subcommand)]
        command: commands::round::RoundCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Personnel evaluation: the scheme, a year's periods, chains, exceptions.
    Evaluation {
        #[command(subcommand)]
        command: commands::evaluation::EvaluationCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Voluntary demotion: windows, requests, decisions, taking effect, re-promotion reviews.
    Demotion {
        #[command(subcommand)]
        command: commands::demotion::DemotionCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Internal postings: list, set from a TOML file, applications, decisions.
    Postings {
        #[command(subcommand)]
        command: commands::postings::PostingsCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Outreach lectures (出前講座): the catalogue, the year's requests,
    /// deciding one, recording its delivery.
    Outreach {
        #[command(subcommand)]
        command: commands::outreach::OutreachCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Specialists and new talent: fields, designations, the figures of 1-6-1 to 1-7-2.
    Talent {
        #[command(subcommand)]
        command: commands::talent::TalentCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Women's advancement (女性活躍推進法): figures, targets, publication.
    Women {
        #[command(subcommand)]
        command: commands::women::WomenCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Health records (健康管理): the key, its rotation, a year's figures.
    Health {
        #[command(subcommand)]
        command: commands::health::HealthCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Promotion exams: list, set from a TOML file, applications, results, the funnel.
    Exams {
        #[command(subcommand)]
        command: commands::exams::ExamsCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Reminders of the progress round (for cron): --dry-run or --send.
    Remind {
        #[command(flatten)]
        args: commands::remind::RemindArgs,
        #[command(flatten)]
        mail: jinzai::MailArgs,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Import units, staff or assignments from CSV (UTF-8 / CP932) or xlsx; all or nothing.
    Import {
        #[command(flatten)]
        args: commands::people::ImportArgs,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Export units, staff or assignments as CSV or xlsx (re-importable).
    Export {
        #[command(flatten)]
        args: commands::people::ExportArgs,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Generate a sample city (organisation, staff, careers) of any size.
    Generate {
        #[command(flatten)]
        args: commands::generate::GenerateArgs,
        #[command(flatten)]
        db: DbArgs,
    },
    /// The job-rotation report (窓口・事業・管理) for a fiscal year.
    Rotation {
        #[command(flatten)]
        args: commands::rotation::RotationArgs,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Accounts: add the first administrator, list accounts.
    User {
        #[command(subcommand)]
        command: commands::user::UserCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Indicators: the metrics plan files may name, and computed actuals.
    Indicators {
        #[command(subcommand)]
        command: commands::indicators::IndicatorsCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// The audit log: verify its hash chain.
    Audit {
        #[command(subcommand)]
        command: commands::audit::AuditCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Reports: the progress table as xlsx, CSV or JSON.
    Report {
        #[command(subcommand)]
        command: commands::report::ReportCommand,
        #[command(flatten)]
        db: DbArgs,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("JINZAI_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("jinzai: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Demo { serve, demo_dir } => demo::run(&serve, demo_dir).await,
            Command::Serve { serve, db } => commands::serve::run(&serve, &db).await,
            Command::Plan { command, db } => commands::plan::run(command, &db).await,
            Command::Progress { command, db } => commands::progress::run(command, &db).await,
            Command::Round { command, db } => commands::round::run(command, &db).await,
            Command::Evaluation { command, db } => commands::evaluation::run(command, &db).await,
            Command::Demotion { command, db } => commands::demotion::run(command, &db).await,
            Command::Exams { command, db } => commands::exams::run(command, &db).await,
            Command::Postings { command, db } => commands::postings::run(command, &db).await,
            Command::Talent { command, db } => commands::talent::run(command, &db).await,
            Command::Outreach { command, db } => commands::outreach::run(command, &db).await,
            Command::Women { command, db } => commands::women::run(command, &db).await,
            Command::Health { command, db } => commands::health::run(command, &db).await,
            Command::Remind { args, mail, db } => commands::remind::run(args, &mail, &db).await,
            Command::Report { command, db } => commands::report::run(command, &db).await,
            Command::Generate { args, db } => commands::generate::run(args, &db).await,
            Command::Rotation { args, db } => commands::rotation::run(args, &db).await,
            Command::Import { args, db } => commands::people::import(args, &db).await,
            Command::Export { args, db } => commands::people::export(args, &db).await,
            Command::User { command, db } => commands::user::run(command, &db).await,
            Command::Audit { command, db } => commands::audit::run(command, &db).await,
            Command::Indicators { command, db } => commands::indicators::run(command, &db).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("jinzai: {e:#}");
            ExitCode::FAILURE
        }
    }
}
