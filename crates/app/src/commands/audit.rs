//! `jinzai audit verify` walks the audit log's keyed chain; `jinzai audit
//! anchor` records its head outside the database, so that entries removed
//! from the end are found later.

use crate::DbArgs;
use anyhow::Context;
use clap::Subcommand;
use jinzai_store::AuditAnchor;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the chain (each entry's MAC under the audit key, the links, the
    /// seal, the head); name the first broken entry (exit 1) if any.
    Verify {
        /// Also check against the last anchor in this file (written by
        /// `audit anchor`): entries removed from the end are found.
        #[arg(long)]
        anchor: Option<PathBuf>,
    },
    /// Print the chain's head (sequence and MAC) as an anchor line; keep it
    /// outside the database (on other media, in the operations log, or with
    /// --append in a file `verify --anchor` reads).
    Anchor {
        /// Append the line to this file (created if missing) as well.
        #[arg(long)]
        append: Option<PathBuf>,
    },
}

pub async fn run(command: AuditCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    match command {
        AuditCommand::Verify { anchor } => {
            let anchor = match &anchor {
                Some(path) => {
                    let text = std::fs::read_to_string(path).with_context(|| {
                        format!("cannot read the anchor file {}", path.display())
                    })?;
                    Some(AuditAnchor::last_in(&text).with_context(|| {
                        format!("{}: no anchor line in the file", path.display())
                    })?)
                }
                None => None,
            };
            let check = store.verify_audit_against(anchor.as_ref()).await?;
            match check.first_broken {
                None => {
                    let against = anchor
                        .map(|a| format!(" (anchor: entry {} of {})", a.seq, a.at))
                        .unwrap_or_default();
                    println!(
                        "audit log intact: {} entries verified{against}",
                        check.entries
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Some((seq, why)) => {
                    eprintln!(
                        "audit log broken at entry {seq}: {why} ({} entries before it verified)",
                        check.entries
                    );
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        AuditCommand::Anchor { append } => {
            let line = store.audit_anchor().await?.line();
            if let Some(path) = append {
                use std::io::Write;
                let mut file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .with_context(|| format!("cannot open the anchor file {}", path.display()))?;
                writeln!(file, "{line}")?;
                file.sync_all()?;
            }
            println!("{line}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
