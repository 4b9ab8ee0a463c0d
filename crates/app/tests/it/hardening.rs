//! What an attacker or a busy office found (issue 18): concurrent writers,
//! a forgeable audit chain, formulas in CSV exports, open redirects, a
//! floodable audit log, undeclared methods.

use crate::support::*;
use serde_json::{Value, json};

fn progress_path(node: &str, year: i32) -> String {
    format!("/api/v1/plans/{PLAN}/nodes/{node}/progress/{year}")
}

/// The measures' codes of Kiyose's plan.
async fn measures(app: &TestApp) -> Vec<String> {
    let plan = app.store.load_plan(PLAN, None).await.unwrap().plan;
    plan.measures().map(|m| m.code.to_string()).collect()
}

#[tokio::test]
async fn twenty_concurrent_writers_get_no_server_errors_and_conflicts_only_when_stale() {
    let app = TestApp::with_plan().await;
    let codes = measures(&app).await;
    assert!(codes.len() >= 20);
    // Twenty writers, each on its own cell, ten revisions each.
    let mut writers = tokio::task::JoinSet::new();
    for code in codes.iter().take(20) {
        let client = app.client.clone();
        let url = app.url(&progress_path(code, 2013));
        writers.spawn(async move {
            let mut statuses = Vec::new();
            let mut revision = 0;
            for i in 0..10 {
                let res = client
                    .post(&url)
                    .json(&json!({"status": "in_progress", "author": format!("w{i}"), "base_revision": revision}))
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                let body: Value = res.json().await.unwrap_or_default();
                if status == 201 {
                    revision = body["revision"].as_i64().unwrap_or(revision);
                }
                statuses.push((status, body.to_string()));
            }
            statuses
        });
    }
    let mut written = 0;
    while let Some(done) = writers.join_next().await {
        for (status, body) in done.unwrap() {
            assert_eq!(status, 201, "a write on its own cell: {body}");
            written += 1;
        }
    }
    assert_eq!(written, 200);
    // Twenty writers on one cell, all from the same revision, five rounds:
    // one wins each round, the others are told the revision is stale.
    let url = app.url(&progress_path(&codes[25], 2013));
    for round in 0..5 {
        let mut writers = tokio::task::JoinSet::new();
        for w in 0..20 {
            let client = app.client.clone();
            let url = url.clone();
            writers.spawn(async move {
                let res = client
                    .post(&url)
                    .json(&json!({"status": "in_progress", "author": format!("r{round}w{w}"), "base_revision": round}))
                    .send()
                    .await
                    .unwrap();
                res.status().as_u16()
            });
        }
        let mut statuses = Vec::new();
        while let Some(s) = writers.join_next().await {
            statuses.push(s.unwrap());
        }
        statuses.sort_unstable();
        let mut want = vec![409; 19];
        want.insert(0, 201);
        assert_eq!(statuses, want, "round {round}");
    }
    let check = app.store.verify_audit().await.unwrap();
    assert_eq!(check.first_broken, None);
}

fn postgres(app: &TestApp) -> bool {
    matches!(app.store.db(), jinzai_store::Db::Postgres(_))
}

/// Drops every guard of the log and its head (what a tamperer with the
/// file can do).
async fn drop_guards(app: &TestApp) {
    let sql = if postgres(app) {
        "DROP TRIGGER audit_log_no_change ON audit_log; DROP TRIGGER audit_log_no_truncate ON audit_log; \
         DROP TRIGGER audit_head_no_insert_delete ON audit_head; DROP TRIGGER audit_head_advances ON audit_head; \
         DROP TRIGGER audit_head_no_truncate ON audit_head"
    } else {
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_head_no_delete; \
         DROP TRIGGER audit_head_advances; DROP TRIGGER audit_head_no_insert"
    };
    raw_sql(app, sql).await.unwrap();
}

/// Every entry from the first, as stored.
async fn entries(app: &TestApp) -> Vec<jinzai_store::AuditEntry> {
    let (mut list, _) = app
        .store
        .audit_entries(&jinzai_store::AuditQuery {
            limit: 100_000,
            ..Default::default()
        })
        .await
        .unwrap();
    list.reverse();
    list
}

/// Rewrites entries from `from` on with `mac` (the tamperer's way of
/// computing a link), and the head after them.
async fn rechain(app: &TestApp, from: i64, mac: impl Fn(&jinzai_store::Linked<'_>) -> String) {
    let list = entries(app).await;
    let mut prev = list
        .iter()
        .find(|e| e.seq == from - 1)
        .map(|e| e.hash.clone())
        .unwrap_or_default();
    for e in list.iter().filter(|e| e.seq >= from) {
        let detail = e.detail.to_string();
        let linked = jinzai_store::Linked {
            prev_hash: &prev,
            seq: e.seq,
            at: &e.at,
            actor: &e.actor,
            action: &e.action,
            record: (&e.record_type, &e.record_key),
            detail: &detail,
        };
        let hash = mac(&linked);
        raw_sql(
            app,
            &format!(
                "UPDATE audit_log SET prev_hash = '{prev}', hash = '{hash}', detail = '{}' WHERE seq = {}",
                detail.replace('\'', "''"),
                e.seq
            ),
        )
        .await
        .unwrap();
        prev = hash;
    }
    let last = list.last().map_or(0, |e| e.seq);
    raw_sql(
        app,
        &format!("UPDATE audit_head SET seq = {last}, hash = '{prev}'"),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn the_database_refuses_every_change_of_the_log_and_its_head() {
    let app = TestApp::with_plan().await;
    let anchor = app.store.audit_anchor().await.unwrap();
    assert!(anchor.seq >= 2, "the seal and the plan's import");
    let mut refused = vec![
        "UPDATE audit_log SET actor = 'x' WHERE seq = 2".to_owned(),
        "DELETE FROM audit_log WHERE seq = 2".to_owned(),
        "DELETE FROM audit_head".to_owned(),
        "INSERT INTO audit_head (id, seq, hash) VALUES (2, 0, '')".to_owned(),
        format!("UPDATE audit_head SET seq = {}", anchor.seq - 1),
        "UPDATE audit_head SET hash = 'x'".to_owned(),
        "UPDATE audit_head SET sealed_at = 0".to_owned(),
    ];
    if postgres(&app) {
        refused.push("TRUNCATE audit_log".to_owned());
        refused.push("TRUNCATE audit_head".to_owned());
    }
    for sql in &refused {
        assert!(raw_sql(&app, sql).await.is_err(), "{sql} was not refused");
    }
    let check = app.store.verify_audit().await.unwrap();
    assert_eq!(check.first_broken, None);
    assert_eq!(check.entries, anchor.seq);
}

#[tokio::test]
async fn a_chain_rewritten_without_the_key_is_found_at_the_first_changed_entry() {
    let app = TestApp::with_demo().await;
    let total = app.store.verify_audit().await.unwrap().entries;
    assert!(total > 90);
    drop_guards(&app).await;
    // Edit entry 40, then recompute every later link as plain SHA-256 (the
    // old scheme), and again under a key of the tamperer's own.
    raw_sql(
        &app,
        "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 40",
    )
    .await
    .unwrap();
    rechain(&app, 40, |l| l.hash()).await;
    let check = app.store.verify_audit().await.unwrap();
    assert_eq!(
        check.first_broken.as_ref().map(|b| b.0),
        Some(40),
        "{check:?}"
    );
    assert_eq!(check.entries, 39);
    let other = jinzai_store::AuditKey::generate().unwrap();
    rechain(&app, 40, |l| l.mac(&other)).await;
    let check = app.store.verify_audit().await.unwrap();
    assert_eq!(
        check.first_broken.as_ref().map(|b| b.0),
        Some(40),
        "{check:?}"
    );
    assert!(check.first_broken.unwrap().1.contains("MAC"));
    // Rewriting the whole chain as unkeyed entries drops the seal: found.
    rechain(&app, 1, |l| l.hash()).await;
    let check = app.store.verify_audit().await.unwrap();
    assert!(check.first_broken.is_some(), "{check:?}");
    // The store refuses to open with another key.
    let reopened = jinzai_store::Store::connect(app.database_url())
        .await
        .unwrap()
        .with_audit_key(jinzai_store::AuditKey::generate().unwrap())
        .await;
    assert!(reopened.is_err());
}

#[tokio::test]
async fn entries_removed_from_the_end_are_found_against_the_last_anchor() {
    let app = TestApp::with_demo().await;
    let anchor = app.store.audit_anchor().await.unwrap();
    let n = anchor.seq;
    drop_guards(&app).await;
    // Delete the three newest entries and move the head back onto the
    // fourth: a consistent, shorter chain.
    raw_sql(
        &app,
        &format!("DELETE FROM audit_log WHERE seq > {}", n - 3),
    )
    .await
    .unwrap();
    let list = entries(&app).await;
    let last = list.last().unwrap();
    raw_sql(
        &app,
        &format!(
            "UPDATE audit_head SET seq = {}, hash = '{}'",
            last.seq, last.hash
        ),
    )
    .await
    .unwrap();
    assert_eq!(
        app.store.verify_audit().await.unwrap().first_broken,
        None,
        "without the anchor it looks whole"
    );
    let check = app.store.verify_audit_against(Some(&anchor)).await.unwrap();
    let (seq, why) = check.first_broken.unwrap();
    assert_eq!(seq, n - 2);
    assert!(why.contains(&format!("entry {n} was anchored")), "{why}");
    // Emptied altogether (TRUNCATE on PostgreSQL), with the head reset.
    let empty = if postgres(&app) {
        "TRUNCATE audit_log; UPDATE audit_head SET seq = 0, hash = '', sealed_at = 0"
    } else {
        "DELETE FROM audit_log; UPDATE audit_head SET seq = 0, hash = '', sealed_at = 0"
    };
    raw_sql(&app, empty).await.unwrap();
    let check = app.store.verify_audit().await.unwrap();
    assert!(check.first_broken.unwrap().1.contains("no entry is sealed"));
    let check = app.store.verify_audit_against(Some(&anchor)).await.unwrap();
    assert!(
        check
            .first_broken
            .unwrap()
            .1
            .contains("removed from the end")
    );
}

#[tokio::test]
async fn the_command_line_keeps_its_key_outside_the_database_and_anchors_the_chain() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = |args: &[&str], key: Option<&std::path::Path>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jinzai"));
        cmd.args(args)
            .arg("--data-dir")
            .arg(&data)
            .env_remove("JINZAI_DATABASE_URL")
            .env("JINZAI_LOG", "error");
        match key {
            Some(k) => cmd.env("JINZAI_AUDIT_KEY_FILE", k),
            None => cmd.env_remove("JINZAI_AUDIT_KEY_FILE"),
        };
        cmd.output().unwrap()
    };
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, KIYOSE).unwrap();
    assert_success(&run(&["plan", "import", plan.to_str().unwrap()], None));
    // The key was made beside the database, readable by its owner only.
    let key = data.join("audit.key");
    let text = std::fs::read_to_string(&key).unwrap();
    assert_eq!(text.trim().len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let anchors = dir.path().join("anchors.txt");
    let out = run(
        &["audit", "anchor", "--append", anchors.to_str().unwrap()],
        None,
    );
    assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("jinzai-audit-anchor seq=2 hash="));
    let out = run(
        &["audit", "verify", "--anchor", anchors.to_str().unwrap()],
        None,
    );
    assert_success(&out);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("audit log intact: 2 entries verified (anchor: entry 2")
    );
    // Another key, or none where the database was sealed: refused, saying why.
    let stranger = dir.path().join("other.key");
    std::fs::write(&stranger, format!("{}\n", "ab".repeat(32))).unwrap();
    let out = run(&["audit", "verify"], Some(&stranger));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sealed with another key"));
    std::fs::remove_file(&key).unwrap();
    let out = run(&["audit", "verify"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is missing"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!key.exists(), "no new key is left behind");
}

/// The body of a CSV download, after its BOM.
async fn csv_text(res: reqwest::Response) -> String {
    let bytes = res.bytes().await.unwrap();
    String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned()
}

#[tokio::test]
async fn no_csv_export_carries_a_formula() {
    let app = TestApp::with_plan().await;
    let formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
    // The progress report.
    let (s, _) = app
        .post_json(
            &progress_path("2-4-1", 2012),
            &json!({"status": "done", "achievements": "@SUM(1+1)", "author": "x"}),
        )
        .await;
    assert_eq!(s, 201);
    let text = csv_text(
        app.get(&format!("/api/v1/plans/{PLAN}/report?format=csv"))
            .await,
    )
    .await;
    assert!(text.contains(",'@SUM(1+1),"), "{text:.2000}");
    assert!(!text.contains(",@SUM"));
    // The public download, once the year is locked and published.
    let (s, _) = app
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/plans/{PLAN}/locks/2012"),
            &json!({"by": "人事課"}),
        )
        .await;
    assert_eq!(s, 200);
    let res = app
        .client
        .put(app.url(&format!("/api/v1/plans/{PLAN}/publications/2012")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let anonymous = client_with_token(None);
    let res = anonymous
        .get(app.url(&format!("/public/{PLAN}/download?format=csv&year=2012")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let text = csv_text(res).await;
    assert!(text.contains("'@SUM(1+1)"), "{text:.2000}");
    assert!(!text.contains(",@SUM"));
    // The audit log, where an anonymous visitor plants a formula as a login.
    let res = post_sign_in(&app, formula, "x", "/plans", "").await;
    assert_eq!(res.status().as_u16(), 401);
    let admin = client_with_token(Some(&account_token(&app.store, "admin", "admin").await));
    let text = csv_text(
        admin
            .get(app.url("/admin/audit/download"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\""),
        "{text:.3000}"
    );
    assert!(!text.contains(",\"=HYPERLINK") && !text.contains(",=HYPERLINK"));
}

#[tokio::test]
async fn an_exported_staff_file_with_formula_like_names_imports_back_unchanged() {
    use std::process::Command;
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_jinzai"))
            .args(args)
            .env("JINZAI_DATABASE_URL", &db.url)
            .env("JINZAI_AUDIT_KEY_FILE", audit_key_file())
            .env("JINZAI_LOG", "error")
            .output()
            .unwrap()
    };
    let gen_dir = dir.path().join("gen");
    assert_success(&run(&[
        "generate",
        "--staff",
        "30",
        "--seed",
        "3",
        "--out",
        gen_dir.to_str().unwrap(),
    ]));
    for kind in ["units", "staff"] {
        let file = gen_dir.join(format!("{kind}.csv"));
        assert_success(&run(&["import", kind, file.to_str().unwrap()]));
    }
    // Names a spreadsheet would run: written by hand into the staff file.
    let staff = std::fs::read_to_string(gen_dir.join("staff.csv")).unwrap();
    let mut lines: Vec<String> = staff.lines().map(str::to_owned).collect();
    let header: Vec<&str> = lines[0].trim_start_matches('\u{feff}').split(',').collect();
    let name_col = header.iter().position(|h| *h == "氏名").unwrap();
    for (i, name) in [(1, "=1+2"), (2, "+81 太郎"), (3, "-花子"), (4, "@山田")] {
        let mut cells: Vec<String> = lines[i].split(',').map(str::to_owned).collect();
        cells[name_col] = name.to_owned();
        lines[i] = cells.join(",");
    }
    let edited = dir.path().join("edited.csv");
    std::fs::write(&edited, lines.join("\n")).unwrap();
    assert_success(&run(&["import", "staff", edited.to_str().unwrap()]));
    let out_file = dir.path().join("out.csv");
    assert_success(&run(&["export", "staff", "-o", out_file.to_str().unwrap()]));
    let exported = std::fs::read_to_string(&out_file).unwrap();
    for name in ["'=1+2", "'+81 太郎", "'-花子", "'@山田"] {
        assert!(exported.contains(name), "{name} in {exported:.1500}");
    }
    let out = run(&["import", "staff", out_file.to_str().unwrap()]);
    assert_success(&out);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(" 0 created, 0 updated,"),
        "the round trip changes nothing: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

const STAFF_HEADER: &str = "職員番号,氏名,フリガナ,性別,生年月日,採用日,採用区分,任用形態,職層,資格,在職状況,退職日,退職理由";
const GOOD_ROW: &str =
    "00123,髙橋 太郎,タカハシ タロウ,男性,S55.5.1,H15.4.1,新卒,一般職,主任,社会福祉士,在職,,";

#[tokio::test]
async fn doubtful_cells_are_refused_at_their_place_the_same_on_both_engines() {
    let app = TestApp::spawn().await;
    let long_name = "漢".repeat(1_000);
    let cases = [
        (
            "00124,山田\u{0}花子,ヤマダ ハナコ,女性,1985/1/8,2010/4/1,新卒,一般職,,,在職,,".to_owned(),
            2,
            "U+0000",
        ),
        (
            format!("00124,{long_name},ヤマダ ハナコ,女性,1985/1/8,2010/4/1,新卒,一般職,,,在職,,"),
            2,
            "1000文字、上限100文字",
        ),
        (
            "00124,山田\u{feff}花子,ヤマダ ハナコ,女性,1985/1/8,2010/4/1,新卒,一般職,,,在職,,".to_owned(),
            2,
            "U+FEFF",
        ),
        (
            "00124,山田 花子,ヤマダ\tハナコ,女性,1985/1/8,2010/4/1,新卒,一般職,,,在職,,".to_owned(),
            3,
            "U+0009",
        ),
        (
            "00124,山田 花子,ヤマダ ハナコ,女性,0000-01-01,2010/4/1,新卒,一般職,,,在職,,".to_owned(),
            5,
            "範囲外",
        ),
        (
            "00125,神田 誠,カンダ マコト,男性,1960/6/1,1983-04-01,新卒,技能労務職,,,退職,令和元年5月31日,自己都合,家庭の事情,転居"
                .to_owned(),
            14,
            "見出しの13列より右",
        ),
    ];
    for (row, col, says) in cases {
        let file = format!("{STAFF_HEADER}\n{GOOD_ROW}\n{row}\n");
        let (s, v) = app
            .post_bytes("/api/v1/imports/staff", file.into_bytes())
            .await;
        assert_eq!(s, 422, "{row:.80}: {v}");
        let p = &v["error"]["problems"][0];
        assert_eq!(
            (p["row"].as_i64(), p["col"].as_i64()),
            (Some(3), Some(col)),
            "{v}"
        );
        assert!(
            p["message"].as_str().is_some_and(|m| m.contains(says)),
            "{says}: {v}"
        );
        let (_, list) = app.get_json("/api/v1/staff").await;
        assert_eq!(list["total"], 0, "nothing was written");
    }
    // Text typed into a form or sent as JSON: refused at its field.
    let (s, v) = app
        .post_json(
            &progress_path("2-4-1", 2012),
            &json!({"status": "done", "achievements": "研修\u{0}", "author": "x"}),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(v["error"]["fields"][0]["field"], "achievements");
    assert!(
        v["error"]["fields"][0]["message_ja"]
            .as_str()
            .unwrap()
            .contains("U+0000")
    );
    let res = app
        .post_form(
            &format!("/plans/{PLAN}/nodes/2-4-1/progress/2012"),
            &[
                ("status", "done"),
                ("author", "x\u{feff}"),
                ("base_revision", "0"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("U+FEFF"));
    let (_, cell) = app.get_json(&progress_path("2-4-1", 2012)).await;
    assert!(cell["current"].is_null(), "nothing was written: {cell}");
}

#[tokio::test]
async fn a_staff_file_of_a_large_city_uploads_through_the_web() {
    let app = TestApp::spawn().await;
    let mut file = String::from(STAFF_HEADER);
    file.push('\n');
    for i in 0..25_000 {
        file.push_str(&format!(
            "{:06},職員 {i}番目の氏名,ショクイン バンメ,女性,1980/1/8,2005/4/1,新卒,一般職,主任,社会福祉士,在職,,\n",
            100_000 + i
        ));
    }
    assert!(file.len() > 2_200_000, "{}", file.len());
    let (s, v) = app
        .post_bytes("/api/v1/imports/staff", file.clone().into_bytes())
        .await;
    assert_eq!(s, 200, "{v:.300}");
    assert_eq!(v["summary"]["created"], 25_000);
    // The same through the upload page (multipart), in CP932.
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&file);
    let form = reqwest::multipart::Form::new().text("kind", "staff").part(
        "file",
        reqwest::multipart::Part::bytes(sjis.into_owned()).file_name("職員.csv"),
    );
    let res = app
        .client
        .post(app.url("/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("25000") || html.contains("25,000"),
        "{html:.3000}"
    );
}

#[tokio::test]
async fn the_rotation_view_is_kept_while_the_records_stand_and_follows_an_import() {
    let app = TestApp::with_people().await;
    let (s, first) = app.get_json("/api/v1/rotation?year=2015").await;
    assert_eq!(s, 200);
    let (_, again) = app.get_json("/api/v1/rotation?year=2015").await;
    assert_eq!(first, again, "the same records, the same view");
    let in_window = first["report"]["in_window"].as_array().unwrap().len();
    let (_, units) = app.get_json("/api/v1/units?on=2015-04-01").await;
    let unit = units["units"][0]["code"].as_str().unwrap().to_owned();
    let staff = format!(
        "{STAFF_HEADER}\n990001,新人 一郎,シンジン イチロウ,男性,1990/4/1,2014/4/1,新卒,一般職,,,在職,,\n"
    );
    let (s, v) = app
        .post_bytes("/api/v1/imports/staff", staff.into_bytes())
        .await;
    assert_eq!(s, 200, "{v}");
    let moves =
        format!("職員番号,組織コード,役職,開始日,終了日,区分\n990001,{unit},,2014-04-01,,本務\n");
    let (s, v) = app
        .post_bytes("/api/v1/imports/assignments", moves.into_bytes())
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, after) = app.get_json("/api/v1/rotation?year=2015").await;
    let numbers: Vec<&str> = after["report"]["in_window"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["number"].as_str())
        .collect();
    assert_eq!(numbers.len(), in_window + 1);
    assert!(numbers.contains(&"990001"));
}
