//! `jinzai remind --dry-run | --send`: the reminders of the progress round
//! from cron — what is due today, added once each, and the outbox sent.

use crate::{DbArgs, MailArgs};
use jinzai_domain::people::codes::Coded;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[group(required = true, multiple = false)]
pub struct RemindArgs {
    /// Show what would be added and sent; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Add the notices due today and send the outbox.
    #[arg(long)]
    pub send: bool,
}

pub async fn run(args: RemindArgs, mail: &MailArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    let lang = super::language();
    let told = |f: jinzai_service::Failure| anyhow::anyhow!(f.message().render(lang));
    let opts = mail.notify();
    let mailer = mail.mailer()?;
    if args.dry_run {
        let due = jinzai_service::notify::due_notices(&store, &opts)
            .await
            .map_err(told)?;
        for n in &due {
            println!(
                "{}\t{}\t{}\t{}",
                n.login,
                n.kind.code(),
                n.mail.as_ref().map_or("-", |m| m.recipient.as_str()),
                n.key
            );
        }
        let waiting = store.unsent_mail().await?;
        println!(
            "dry run: {} notices would be added ({} by e-mail); {} e-mails wait in the outbox",
            due.len(),
            due.iter().filter(|n| n.mail.is_some()).count(),
            waiting.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let actor = super::cli_actor();
    let added = jinzai_service::notify::remind(&store, &opts, &actor)
        .await
        .map_err(told)?;
    println!("{} notices added", added.len());
    let Some(mailer) = mailer else {
        let waiting = store.unsent_mail().await?;
        println!(
            "no --smtp-url: notices are in the inbox only; {} e-mails wait in the outbox",
            waiting.len()
        );
        return Ok(ExitCode::SUCCESS);
    };
    let d = jinzai_service::mail::deliver(&store, &mailer, &actor)
        .await
        .map_err(told)?;
    println!("{} e-mails sent through {}", d.sent.len(), mailer.relay);
    for (to, why) in &d.failed {
        eprintln!("not sent to {to} (stays in the outbox, retried later): {why}");
    }
    for to in &d.in_doubt {
        eprintln!(
            "in doubt: a sender stopped while sending to {to}; the relay may have it, so it is not sent again (the notice is in the inbox)"
        );
    }
    Ok(if d.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
