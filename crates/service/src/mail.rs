//! Sending the outbox's e-mails through the city's SMTP relay (lettre).
//!
//! `--smtp-url` names the relay: `smtp://host[:port]` is plain SMTP, allowed
//! only to a loopback or private address (an IP literal or `localhost`);
//! any other host is reached with STARTTLS, required (never downgraded).
//! `smtp+starttls://` always uses STARTTLS, `smtps://` implicit TLS. A
//! user and password in the URL are sent with AUTH.

use crate::Failure;
use jinzai_domain::i18n::Message;
use jinzai_store::Store;
use jinzai_store::round::OutboxMail;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::net::IpAddr;
use std::time::Duration;

/// The longest one send may take (lettre bounds only the connect).
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// A configured relay.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The relay as configured, without a password (for logs and reports).
    pub relay: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("relay", &self.relay)
            .finish()
    }
}

/// Whether plain SMTP may go to `host`: loopback or private addresses only.
pub fn plain_allowed(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.trim_matches(['[', ']']).parse::<IpAddr>() {
        Ok(IpAddr::V4(a)) => a.is_loopback() || a.is_private(),
        Ok(IpAddr::V6(a)) => a.is_loopback() || a.is_unique_local(),
        Err(_) => false,
    }
}

fn refused(reason: impl std::fmt::Display) -> Failure {
    Failure::BadRequest {
        code: "smtp_url",
        message: Message::new("mail_bad_url").arg("reason", reason.to_string()),
    }
}

impl Mailer {
    /// A mailer for the relay `url`, sending as `from`. Built inside the
    /// Tokio runtime (its connection pool runs a task there).
    pub fn new(url: &str, from: &str) -> Result<Mailer, Failure> {
        let u = url::Url::parse(url).map_err(refused)?;
        let host = u.host_str().ok_or_else(|| refused("no host"))?.to_owned();
        let builder = match u.scheme() {
            "smtp" if plain_allowed(&host) => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host)
                    .port(u.port().unwrap_or(25))
            }
            "smtp" | "smtp+starttls" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&host)
                .map_err(refused)?
                .port(u.port().unwrap_or(587)),
            "smtps" => AsyncSmtpTransport::<Tokio1Executor>::relay(&host)
                .map_err(refused)?
                .port(u.port().unwrap_or(465)),
            other => return Err(refused(format!("scheme {other}"))),
        };
        let builder = if u.username().is_empty() {
            builder
        } else {
            builder.credentials(Credentials::new(
                u.username().to_owned(),
                u.password().unwrap_or_default().to_owned(),
            ))
        };
        let from: Mailbox = from.parse().map_err(refused)?;
        let mut shown = u.clone();
        let _ = shown.set_password(None);
        Ok(Mailer {
            transport: builder.timeout(Some(Duration::from_secs(10))).build(),
            from,
            relay: shown.to_string(),
        })
    }

    /// Sends one e-mail of the outbox. Its Message-ID comes from the
    /// notice's key, so a receiver can tell a repeat.
    pub async fn send(&self, mail: &OutboxMail) -> Result<(), String> {
        let to: Mailbox = mail.recipient.parse().map_err(|e| format!("{e}"))?;
        let id: String = mail
            .key
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '.' })
            .collect();
        let message = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .message_id(Some(format!("<{id}@jinzai>")))
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| e.to_string())?;
        match tokio::time::timeout(SEND_TIMEOUT, self.transport.send(message)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err(format!("no answer within {} s", SEND_TIMEOUT.as_secs())),
        }
    }
}

/// Whether text is an e-mail address lettre can send to.
pub fn valid_address(text: &str) -> bool {
    text.parse::<lettre::Address>().is_ok()
}

/// What one delivery run did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Delivery {
    pub sent: Vec<String>,
    /// (recipient, why), each to be tried again.
    pub failed: Vec<(String, String)>,
    /// Recipients of e-mails a sender stopped in the middle of: the relay
    /// may have them, so they are not sent again (the notice is in the
    /// inbox either way).
    pub in_doubt: Vec<String>,
}

/// How long a claimed e-mail may take before its sender is taken to have
/// stopped (a send is bounded by [`SEND_TIMEOUT`]).
const CLAIM_LEASE_MINUTES: i64 = 10;

/// Minutes to wait before trying a failed e-mail again: 1, 5, 15, then
/// every hour.
fn backoff(attempts: i64) -> i64 {
    match attempts {
        0 => 1,
        1 => 5,
        2 => 15,
        _ => 60,
    }
}

/// Sends the outbox's due e-mails through `mailer`; each outcome is kept
/// and audited. A failed one stays in the outbox and is tried again later.
pub async fn deliver(store: &Store, mailer: &Mailer, actor: &str) -> Result<Delivery, Failure> {
    let now = store.clock().now();
    let stamp = jinzai_domain::clock::stamp;
    let mut out = Delivery::default();
    let lease = now - chrono::Duration::minutes(CLAIM_LEASE_MINUTES);
    out.in_doubt = store
        .mail_in_doubt(&stamp(lease), actor)
        .await?
        .into_iter()
        .map(|m| m.recipient)
        .collect();
    for mail in store.due_mail(&stamp(now), 200).await? {
        // Claimed first (and committed): a second sender skips it, and a
        // sender stopped mid-send leaves it claimed, never sent twice.
        if !store.claim_mail(&mail).await? {
            continue;
        }
        match mailer.send(&mail).await {
            Ok(()) => {
                store.mail_attempted(&mail, Ok(()), actor).await?;
                out.sent.push(mail.recipient.clone());
            }
            Err(why) => {
                let retry = now + chrono::Duration::minutes(backoff(mail.attempts));
                tracing::warn!(to = %mail.recipient, error = %why, "an e-mail was not sent; it stays in the outbox");
                store
                    .mail_attempted(&mail, Err((&why, &stamp(retry))), actor)
                    .await?;
                out.failed.push((mail.recipient.clone(), why));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_smtp_only_to_loopback_and_private_addresses() {
        for ok in [
            "127.0.0.1",
            "localhost",
            "10.1.2.3",
            "192.168.0.5",
            "[::1]",
            "fd00::1",
        ] {
            assert!(plain_allowed(ok), "{ok}");
        }
        for no in [
            "smtp.example.lg.jp",
            "8.8.8.8",
            "2001:db8::1",
            "localhost.example",
        ] {
            assert!(!plain_allowed(no), "{no}");
        }
    }

    // The transport's pool starts a task: it is built inside the runtime.
    #[tokio::test]
    async fn relay_urls_are_read_and_refused_with_a_reason() {
        assert!(Mailer::new("smtp://127.0.0.1:2525", "jinzai@city.example.jp").is_ok());
        assert!(
            Mailer::new(
                "smtp://user:secret@relay.example.jp",
                "jinzai@city.example.jp"
            )
            .is_ok_and(|m| !m.relay.contains("secret"))
        );
        assert!(Mailer::new("ftp://relay", "a@b.jp").is_err());
        assert!(Mailer::new("smtp://127.0.0.1", "not an address").is_err());
        assert!(valid_address("tanaka@city.kiyose.lg.jp") && !valid_address("tanaka"));
    }
}
