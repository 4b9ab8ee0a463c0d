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
    serve_on(listener, store, false, args.secure_cookies).await
}

pub async fn serve_on(
    listener: tokio::net::TcpListener,
    store: Store,
    demo: bool,
    secure_cookies: bool,
) -> anyhow::Result<ExitCode> {
    let addr = listener.local_addr()?;
    println!("jinzai is serving on http://{addr}/  (Ctrl-C to stop)");
    let auth = jinzai_web::AuthSettings {
        secure_cookies,
        ..Default::default()
    };
    jinzai_web::serve(listener, AppState { store, demo, auth }).await?;
    Ok(ExitCode::SUCCESS)
}
