//! `jinzai user`: accounts from the command line — the first administrator
//! is made here, before anyone can sign in.

use crate::DbArgs;
use clap::Subcommand;
use jinzai_store::StoreError;
use jinzai_store::accounts::{NewUser, grants_text, parse_grant, parse_staff_number};
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account. The password is read from JINZAI_PASSWORD or asked for on stdin.
    Add {
        login: String,
        /// Role(s): admin, hr, health, manager:UNIT, staff, viewer, approver (repeat or comma-separate).
        #[arg(long = "role", required = true, value_delimiter = ',')]
        roles: Vec<String>,
        /// Display name (the login by default).
        #[arg(long)]
        name: Option<String>,
        /// The staff record this account belongs to.
        #[arg(long)]
        staff_number: Option<String>,
    },
    /// Set (or with no address, clear) where an account's notices are
    /// also e-mailed.
    Email {
        login: String,
        address: Option<String>,
    },
    /// List accounts and their roles.
    List,
    /// Issue an API token for one of an account's roles; prints the secret once.
    Token {
        login: String,
        #[arg(long)]
        role: String,
        /// What the token is for (shown in the token list).
        #[arg(long)]
        name: String,
    },
    /// Revoke an API token by its number (see the token list on /admin/tokens).
    Revoke { id: i64 },
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("JINZAI_PASSWORD") {
        return Ok(p);
    }
    eprintln!("password (at least 10 characters), then Enter:");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

pub async fn run(command: UserCommand, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(db).await?;
    match command {
        UserCommand::Add {
            login,
            roles,
            name,
            staff_number,
        } => {
            let grants = roles
                .iter()
                .filter(|r| !r.trim().is_empty())
                .map(|r| parse_grant(r))
                .collect::<Result<Vec<_>, _>>();
            let read = grants.and_then(|g| {
                parse_staff_number(staff_number.as_deref().unwrap_or_default()).map(|n| (g, n))
            });
            let (grants, staff_number) = match read {
                Ok(read) => read,
                Err(e) => {
                    eprintln!("jinzai: {e}");
                    return Ok(ExitCode::FAILURE);
                }
            };
            let user = NewUser {
                display_name: name.unwrap_or_else(|| login.clone()),
                login,
                password: read_password()?,
                staff_number,
                grants,
            };
            match store.create_user(&user, &super::cli_actor()).await {
                Ok(id) => {
                    println!("created account {} (id {id})", user.login);
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refused(e),
            }
        }
        UserCommand::Email { login, address } => {
            let Some(user) = store.user_by_login(&login).await? else {
                eprintln!("jinzai: no account {login:?}");
                return Ok(ExitCode::FAILURE);
            };
            match jinzai_service::accounts::set_email(
                &store,
                user.id,
                address.as_deref().unwrap_or_default(),
                &super::cli_actor(),
            )
            .await
            {
                Ok(Some(a)) => println!("{login}: notices are also e-mailed to {a}"),
                Ok(None) => println!("{login}: notices go to the inbox only"),
                Err(jinzai_service::Failure::Invalid(errors)) => {
                    for e in errors {
                        eprintln!("jinzai: {}", e.message.render(super::language()));
                    }
                    return Ok(ExitCode::FAILURE);
                }
                Err(f) => anyhow::bail!(f.message().render(super::language())),
            }
            Ok(ExitCode::SUCCESS)
        }
        UserCommand::Token { login, role, name } => {
            let Some(user) = store.user_by_login(&login).await? else {
                eprintln!("jinzai: no account {login:?}");
                return Ok(ExitCode::FAILURE);
            };
            let Some(role) = jinzai_domain::access::Role::from_code(&role) else {
                eprintln!(
                    "jinzai: no role {role:?} (admin, hr, health, manager, staff, viewer, approver)"
                );
                return Ok(ExitCode::FAILURE);
            };
            match store
                .issue_token(user.id, role, &name, &super::cli_actor())
                .await
            {
                Ok((id, secret)) => {
                    eprintln!("token {id} for {login} ({}); shown only now:", role.code());
                    println!("{secret}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refused(e),
            }
        }
        UserCommand::Revoke { id } => {
            if store.revoke_token(id, &super::cli_actor()).await? {
                println!("revoked token {id}");
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("jinzai: no live token {id}");
                Ok(ExitCode::FAILURE)
            }
        }
        UserCommand::List => {
            for u in store.users().await? {
                println!(
                    "{}\t{}\t{}\t{}{}",
                    u.login,
                    u.display_name,
                    grants_text(&u.grants),
                    u.staff_number.map(String::from).unwrap_or_default(),
                    if u.disabled { "\t(disabled)" } else { "" }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A refusal told field by field (exit 1); any other failure is an error.
fn refused(e: StoreError) -> anyhow::Result<ExitCode> {
    match e {
        StoreError::Refused(errors) => {
            for e in errors {
                eprintln!(
                    "jinzai: {}: {}",
                    e.field,
                    e.message.render(super::language())
                );
            }
            Ok(ExitCode::FAILURE)
        }
        other => Err(other.into()),
    }
}
