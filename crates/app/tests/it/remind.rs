//! Reminders through a real SMTP server (Python's aiosmtpd, started here
//! on a free loopback port): who gets which digest on which working day,
//! exactly once each, including after the relay was down and after days
//! without a run; returned entries told at once; the inbox.

use crate::support::{TestApp, account_token, account_token_linked, client_with_token};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

const PLAN: &str = "kiyose-2011";

/// The SMTP sink: every message it accepts is one JSON line in `out`.
struct Sink {
    child: Child,
    port: u16,
    out: std::path::PathBuf,
}

impl Sink {
    fn start(dir: &std::path::Path, port: u16) -> Sink {
        let out = dir.join("mail.jsonl");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/smtp_sink.py");
        let mut child = Command::new("/usr/bin/python3")
            .args([
                script,
                &out.display().to_string(),
                "127.0.0.1",
                &port.to_string(),
            ])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("aiosmtpd (python3-aiosmtpd) is needed: {e}"));
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split_whitespace()
            .nth(2)
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("the sink did not start: {line:?}"));
        Sink { child, port, out }
    }

    fn stop(mut self) -> u16 {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.port
    }

    /// Every message received so far.
    fn received(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// `jinzai remind …` on `day`, through the relay on `port`.
fn remind(app: &TestApp, day: &str, port: u16, mode: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jinzai"))
        .args([
            "remind",
            mode,
            "--smtp-url",
            &format!("smtp://127.0.0.1:{port}"),
        ])
        .args(["--smtp-from", "jinzai <jinzai@city.example.lg.jp>"])
        .args(["--base-url", "https://jinzai.city.example.lg.jp"])
        .env("JINZAI_DATABASE_URL", app.database_url())
        .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
        .env("JINZAI_TODAY", day)
        .env("JINZAI_LOG", "error")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// (recipient, subject, text) of messages `from..`.
fn mails(sink: &Sink, from: usize) -> Vec<(String, String, String)> {
    sink.received()[from..]
        .iter()
        .map(|m| {
            (
                m["rcpt_tos"][0].as_str().unwrap_or_default().to_owned(),
                m["subject"].as_str().unwrap_or_default().to_owned(),
                m["text"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

async fn set_email(app: &TestApp, login: &str, address: &str) {
    let id = app.store.user_by_login(login).await.unwrap().unwrap().id;
    app.store
        .set_email(id, Some(address), "tests")
        .await
        .unwrap();
}

#[tokio::test]
async fn reminders_reach_the_relay_once_each_on_their_working_days() {
    let (app, unit, member, _) = crate::round::demo_with_city().await;
    account_token(&app.store, "head", &format!("manager:{unit}")).await;
    let tanto = client_with_token(Some(
        &account_token_linked(&app.store, "tanto", "staff", Some(member.as_str())).await,
    ));
    set_email(&app, "head", "head@city.example.lg.jp").await;
    set_email(&app, "tanto", "tanto@city.example.lg.jp").await;
    set_email(&app, "hr-test", "jinji@city.example.lg.jp").await;
    let (status, _) = app
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/plans/{PLAN}/owners"),
            &json!({ "owners": [
                { "node": "1-1-1", "accountable": unit, "accounts": ["tanto"] },
                { "node": "1-1-2", "accountable": unit },
            ]}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .post_json(
            &format!("/api/v1/plans/{PLAN}/rounds"),
            &json!({ "fiscal_year": 2013, "kind": "year_end", "opens_on": "2026-11-02",
                     "due_on": "2026-12-11", "review_by": "2026-12-25" }),
        )
        .await;
    assert_eq!(status, 201);

    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(dir.path(), 0);
    // Before −10 working days: nothing.
    let o = remind(&app, "2026-11-26", sink.port, "--send");
    assert!(
        o.status.success() && text(&o).contains("0 notices added"),
        "{}",
        text(&o)
    );
    // −10 (27 November): one digest each, listing only their measures.
    let o = remind(&app, "2026-11-27", sink.port, "--send");
    assert!(o.status.success(), "{}", text(&o));
    let got = mails(&sink, 0);
    assert_eq!(got.len(), 2, "{got:?}");
    let to_tanto = got
        .iter()
        .find(|m| m.0 == "tanto@city.example.lg.jp")
        .unwrap();
    assert!(
        to_tanto.1.contains("提出期限 2026-12-11") && to_tanto.1.contains("（1件）"),
        "{}",
        to_tanto.1
    );
    assert!(
        to_tanto.2.contains("1-1-1") && !to_tanto.2.contains("1-1-2"),
        "{}",
        to_tanto.2
    );
    assert!(
        to_tanto.2.contains(
            "https://jinzai.city.example.lg.jp/plans/kiyose-2011/nodes/1-1-1/progress/2013"
        )
    );
    let to_head = got
        .iter()
        .find(|m| m.0 == "head@city.example.lg.jp")
        .unwrap();
    assert!(
        to_head.2.contains("1-1-2") && !to_head.2.contains("1-1-1"),
        "{}",
        to_head.2
    );
    // The same day again, and the dry run: nothing more.
    assert!(
        remind(&app, "2026-11-27", sink.port, "--send")
            .status
            .success()
    );
    let o = remind(&app, "2026-11-27", sink.port, "--dry-run");
    assert!(
        text(&o).contains("0 notices would be added"),
        "{}",
        text(&o)
    );
    assert_eq!(sink.received().len(), 2);

    // −3 with the relay down: the reminders wait in the outbox, the run
    // says so and fails; nothing is lost.
    let port = sink.stop();
    let o = remind(&app, "2026-12-08", port, "--send");
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("stays in the outbox"), "{}", text(&o));
    assert_eq!(app.store.unsent_mail().await.unwrap().len(), 2);
    // The relay is back (the same port): each is sent once, on the next
    // run after its retry time.
    let sink = Sink::start(dir.path(), port);
    let o = remind(&app, "2026-12-09", sink.port, "--send");
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(sink.received().len(), 4, "{:?}", mails(&sink, 2));
    assert!(app.store.unsent_mail().await.unwrap().is_empty());
    assert!(
        remind(&app, "2026-12-09", sink.port, "--send")
            .status
            .success()
    );
    assert_eq!(sink.received().len(), 4);

    // No run on −1, 0 and the days after: on +3 only the latest reminder
    // goes (once), and the 所属長 is told tanto's measure is late.
    let o = remind(&app, "2026-12-16", sink.port, "--send");
    assert!(o.status.success(), "{}", text(&o));
    let late = mails(&sink, 4);
    assert_eq!(late.len(), 3, "{late:?}");
    assert_eq!(
        late.iter()
            .filter(|m| m.1.contains("提出が遅れています"))
            .count(),
        1,
        "{late:?}"
    );
    let escalated = late
        .iter()
        .find(|m| m.1.contains("提出が遅れています"))
        .unwrap();
    assert_eq!(escalated.0, "head@city.example.lg.jp");
    assert!(escalated.2.contains("1-1-1"));

    // An entry returned is told at once (with its reason), then e-mailed.
    let cell = format!("/api/v1/plans/{PLAN}/nodes/1-1-1/progress/2013");
    let entry = json!({ "status": "done", "actual_text": "実施", "achievements": "全課で実施", "direction": "continue" });
    let res = tanto
        .post(app.url(&cell))
        .json(&entry)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let res = tanto
        .post(app.url(&format!("{cell}/steps")))
        .json(&json!({ "step": "submit" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let (status, _) = app
        .post_json(
            &format!("{cell}/steps"),
            &json!({ "step": "return", "reason": "対象者数を書いてください" }),
        )
        .await;
    assert_eq!(status, 200);
    let inbox = crate::support::get_json_with(&tanto, &app, "/api/v1/inbox").await;
    assert_eq!(inbox["notices"][0]["kind"], "returned", "{inbox}");
    assert!(inbox["unread"].as_i64().unwrap() >= 1);
    let o = remind(&app, "2026-12-16", sink.port, "--send");
    assert!(o.status.success(), "{}", text(&o));
    let returned = mails(&sink, 7);
    assert_eq!(returned.len(), 1, "{returned:?}");
    assert_eq!(returned[0].0, "tanto@city.example.lg.jp");
    assert!(
        returned[0].1.contains("差し戻されました")
            && returned[0].2.contains("対象者数を書いてください")
    );

    // Reading a notice; someone else's cannot be marked.
    let id = inbox["notices"][0]["id"].as_i64().unwrap();
    let (status, _) = app
        .post_json(&format!("/api/v1/inbox/{id}/read"), &json!({}))
        .await;
    assert_eq!(status, 404, "HR cannot mark tanto's notice");
    let res = tanto
        .post(app.url(&format!("/api/v1/inbox/{id}/read")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    // Every send is in the audit log.
    let (sent, _) = app
        .store
        .audit_entries(&jinzai_store::AuditQuery {
            record_type: "mail".into(),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(sent.iter().filter(|e| e.action == "send").count(), 8);
    assert_eq!(sent.iter().filter(|e| e.action == "send_failed").count(), 2);
}

/// A free loopback port (bound and released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

/// `jinzai serve` on the test's database, reminding through the relay.
fn serve(app: &TestApp, port: u16, relay: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_jinzai"))
        .args(["serve", "--port", &port.to_string(), "--remind-every", "1"])
        .args(["--smtp-url", &format!("smtp://127.0.0.1:{relay}")])
        .env("JINZAI_DATABASE_URL", app.database_url())
        .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
        .env("JINZAI_TODAY", "2026-11-27")
        .env("JINZAI_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .unwrap()
}

#[tokio::test]
async fn a_server_restarted_mid_round_sends_nothing_twice() {
    let (app, unit, _, _) = crate::round::demo_with_city().await;
    account_token(&app.store, "head", &format!("manager:{unit}")).await;
    set_email(&app, "head", "head@city.example.lg.jp").await;
    let (status, _) = app
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/plans/{PLAN}/owners"),
            &json!({ "owners": [{ "node": "1-1-2", "accountable": unit }] }),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .post_json(
            &format!("/api/v1/plans/{PLAN}/rounds"),
            &json!({ "fiscal_year": 2013, "kind": "year_end", "opens_on": "2026-11-02",
                     "due_on": "2026-12-11", "review_by": "2026-12-25" }),
        )
        .await;
    assert_eq!(status, 201);
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(dir.path(), 0);
    // The server reminds on start: one digest to the head.
    let mut server = serve(&app, free_port(), sink.port);
    for _ in 0..100 {
        if !sink.received().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(mails(&sink, 0).len(), 1, "{:?}", mails(&sink, 0));
    // Restarted the same day: its first run (on start, before it answers
    // HTTP) finds the reminder sent.
    let port = free_port();
    let mut server = serve(&app, port, sink.port);
    let mut up = false;
    for _ in 0..100 {
        if reqwest::get(format!("http://127.0.0.1:{port}/login"))
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "the restarted server answers");
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(sink.received().len(), 1, "nothing is sent twice");
    // (Killed right after the relay's answer, the first server may have
    // left its e-mail claimed but unmarked: in doubt, below, not resent.)
    let o = remind(&app, "2026-11-27", sink.port, "--dry-run");
    assert!(
        text(&o).contains("0 notices would be added"),
        "{}",
        text(&o)
    );

    // A sender that stopped between claiming an e-mail and hearing the
    // relay's answer leaves it in doubt: it is reported, never sent again.
    let o = remind(&app, "2026-12-08", free_port(), "--send");
    assert!(!o.status.success(), "{}", text(&o));
    let waiting = app.store.unsent_mail().await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert!(app.store.claim_mail(&waiting[0]).await.unwrap());
    assert!(
        !app.store.claim_mail(&waiting[0]).await.unwrap(),
        "claimed once"
    );
    let o = remind(&app, "2026-12-09", sink.port, "--send");
    assert!(text(&o).contains("in doubt"), "{}", text(&o));
    assert_eq!(sink.received().len(), 1, "not sent again");
    assert!(app.store.unsent_mail().await.unwrap().is_empty());
}
