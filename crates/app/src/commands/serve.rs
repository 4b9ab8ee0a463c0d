//! `jinzai serve`: the web UI and API.

use crate::{DbArgs, ServeArgs};
use anyhow::Context;
use jinzai_store::Store;
use jinzai_web::AppState;
use std::process::ExitCode;

pub async fn run(args: &ServeArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    serve(args, store).await
}

/// Binds first, so a taken port is reported before anything else happens.
pub async fn bind(args: &ServeArgs) -> anyhow::Result<tokio::net::TcpListener> {
    let addr = format!("{}:{}", args.host, args.port);
    match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => Err(anyhow::anyhow!(
            "{addr} is already in use (is another jinzai running?); choose another port with --port"
        )),
        Err(e) => Err(e).with_context(|| format!("cannot listen on {addr}")),
    }
}

pub async fn serve(args: &ServeArgs, store: Store) -> anyhow::Result<ExitCode> {
    let listener = bind(args).await?;
    serve_on(listener, store, false, args).await
}

pub async fn serve_on(
    listener: tokio::net::TcpListener,
    store: Store,
    demo: bool,
    args: &ServeArgs,
) -> anyhow::Result<ExitCode> {
    let addr = listener.local_addr()?;
    let mailer = args.mail.mailer()?;
    let mut notify = args.mail.notify();
    if notify.base_url.is_empty() {
        notify.base_url = format!("http://{addr}");
    }
    println!("jinzai is serving on http://{addr}/  (Ctrl-C to stop)");
    if args.remind_every > 0 {
        println!(
            "reminders every {} minutes; e-mail {}",
            args.remind_every,
            mailer
                .as_ref()
                .map_or("off (inbox only)".to_owned(), |m| format!(
                    "through {}",
                    m.relay
                ))
        );
        tokio::spawn(remind_loop(
            store.clone(),
            mailer,
            notify.clone(),
            std::time::Duration::from_secs(args.remind_every * 60),
        ));
    }
    let auth = jinzai_web::AuthSettings {
        secure_cookies: args.secure_cookies,
        ..Default::default()
    };
    jinzai_web::serve(
        listener,
        AppState {
            store,
            demo,
            auth,
            notify,
            security: Default::default(),
        },
    )
    .await?;
    Ok(ExitCode::SUCCESS)
}

/// Reminders inside the server: on start and then on a schedule, the
/// notices due are added, approved demotions whose day has come take
/// effect, and the outbox is sent. A failure is logged and
/// the next run tries again (nothing is lost: the outbox keeps it).
async fn remind_loop(
    store: Store,
    mailer: Option<jinzai_service::mail::Mailer>,
    notify: jinzai_service::notify::Options,
    every: std::time::Duration,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match jinzai_service::notify::remind(&store, &notify, "jinzai:reminders").await {
            Ok(added) if !added.is_empty() => tracing::info!(notices = added.len(), "reminders"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, "reminders failed; the next run tries again"),
        }
        // Approved voluntary demotions whose day has come become personnel
        // events (cron: `jinzai demotion take-effect`).
        match jinzai_service::demotion::take_effect(&store, "jinzai:scheduled").await {
            Ok(done) if !done.is_empty() => tracing::info!(demotions = done.len(), "took effect"),
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = ?e, "demotions failed to take effect; the next run tries again")
            }
        }
        if let Some(m) = &mailer {
            match jinzai_service::mail::deliver(&store, m, "jinzai:reminders").await {
                Ok(d) if !d.failed.is_empty() => {
                    tracing::warn!(sent = d.sent.len(), failed = d.failed.len(), "e-mail")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "e-mail delivery failed"),
            }
        }
    }
}
