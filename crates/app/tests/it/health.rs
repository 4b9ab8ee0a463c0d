//! Health: check-ups and consultations sealed at rest (a note never in the
//! database's bytes), read only by the health role and every read audited
//! without contents; a locked store (no key, a wrong key) fails closed;
//! rekeying seals everything anew; HR sees counts with small units
//! withheld; 2-1-1 counts consultations and the check-up attendance rate,
//! checked against counts made here from the generated city.

use crate::support::{
    TestApp, TestDb, account_token, audit_of, client_with_token, fields, send, test_health_key,
};
use chrono::NaiveDate;
use jinzai_domain::Clock;
use reqwest::Method;
use serde_json::json;
use std::collections::BTreeSet;

pub(crate) const SECRET: &str = "極秘メモ：本人の申出により休職を検討";

pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn nurse(app: &TestApp) -> reqwest::Client {
    nurse_as(app, "nurse").await
}

async fn nurse_as(app: &TestApp, login: &str) -> reqwest::Client {
    client_with_token(Some(&account_token(&app.store, login, "health").await))
}

/// A small city (its records from the generator) and one consultation the
/// health staff record: their client, the person's number, a unit's code.
pub(crate) async fn city_with_records(app: &TestApp) -> (reqwest::Client, String, String) {
    let city = jinzai::generate::generate(80, 3, 2013, 17);
    city.store_into(&app.store, "tests").await.unwrap();
    let number = city.staff[0].number.to_string();
    let h = nurse(app).await;
    let (s, v) = send(
        &h,
        app,
        Method::POST,
        "/api/v1/health/consultations",
        Some(json!({
            "staff_number": number, "held_on": "2013-06-10", "counsellor": "physician",
            "kind": "mental", "note": SECRET, "follow_up": "2週間後に再面談",
        })),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["consultation"]["note"], SECRET);
    (h, number, city.units[0].code.to_string())
}

/// Whether `h` reads the year's consultations, the secret note among them.
async fn reads_the_secret(h: &reqwest::Client, app: &TestApp) -> bool {
    let (s, v) = send(
        h,
        app,
        Method::GET,
        "/api/v1/health/consultations?year=2013",
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    v["consultations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["consultation"]["note"] == SECRET)
}

#[tokio::test]
async fn notes_are_sealed_at_rest_and_only_the_health_role_reads_them() {
    let app = TestApp::spawn_on(Clock::on_date(d(2014, 4, 10))).await;
    let (h, number, unit) = city_with_records(&app).await;
    // The health staff read it, a year's list and the person's file.
    assert!(reads_the_secret(&h, &app).await);
    let (s, v) = send(
        &h,
        &app,
        Method::GET,
        &format!("/api/v1/health/staff/{number}"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert!(
        v["consultations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["consultation"]["kind"] == "mental")
    );
    let page = h
        .get(app.url(&format!("/health/staff/{number}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains(SECRET));
    // Nobody else reads a record, over the API or on a page.
    for role in ["hr", "admin", "manager", "staff", "viewer", "approver"] {
        let grant = match role {
            "manager" => format!("manager:{unit}"),
            r => r.to_owned(),
        };
        let c = client_with_token(Some(
            &account_token(&app.store, &format!("x-{role}"), &grant).await,
        ));
        for path in [
            "/api/v1/health/consultations?year=2013".to_owned(),
            format!("/api/v1/health/staff/{number}"),
            "/api/v1/health/checkups?year=2013".to_owned(),
        ] {
            let r = c.get(app.url(&path)).send().await.unwrap();
            assert_eq!(r.status(), 403, "{role} {path}");
        }
        let r = c.get(app.url("/health?year=2013")).send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        assert!(!text.contains(SECRET), "{role}");
        assert_eq!(status, if role == "hr" { 200 } else { 403 }, "{role}");
    }
    // HR sees counts per unit, a unit under 10 people withheld; the
    // health staff see every unit.
    let (s, f) = app.get_json("/api/v1/health/figures?year=2013").await;
    assert_eq!(s, 200, "{f}");
    let units = f["units"].as_array().unwrap();
    assert!(
        units
            .iter()
            .any(|u| u["withheld"] == true && u["due"].is_null() && u["rate"].is_null()),
        "{f}"
    );
    assert!(
        units
            .iter()
            .all(|u| u["withheld"] == false || u["attended"].is_null())
    );
    let (_, hf) = send(
        &h,
        &app,
        Method::GET,
        "/api/v1/health/figures?year=2013",
        None,
    )
    .await;
    let every: u64 = hf["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["due"].as_u64().unwrap())
        .sum();
    assert_eq!(Some(every), hf["total"]["due"].as_u64());
    // HR's page shows counts, never a name or a note.
    let hr_page = app.get_text("/health?year=2013").await.1;
    assert!(
        hr_page.contains("受診率") && !hr_page.contains("健康相談を記録"),
        "{hr_page}"
    );
    // The audit log names the record and the action, never what it says;
    // every read is there.
    let written = audit_of(&app, "health_consultation").await;
    assert!(written.iter().any(|e| e.action == "record"));
    assert!(written.iter().any(|e| e.action == "read"));
    let lists = audit_of(&app, "health_consultations").await;
    assert!(
        lists
            .iter()
            .any(|e| e.action == "read" && e.record_key == format!("staff:{number}"))
    );
    assert!(
        lists
            .iter()
            .any(|e| e.action == "read" && e.record_key == "year:2013")
    );
    for e in written
        .iter()
        .chain(&lists)
        .chain(&audit_of(&app, "health_records").await)
    {
        let text = format!("{:?}", e);
        assert!(!text.contains("休職") && !text.contains("mental"), "{text}");
    }
    // The database holds no note, kind or outcome in clear text: not in a
    // column, and (SQLite) not anywhere in the file.
    let sealed: Vec<(Vec<u8>,)> = match app.store.db() {
        jinzai_store::Db::Sqlite(p) => sqlx::query_as("SELECT sealed FROM health_consultations")
            .fetch_all(p)
            .await
            .unwrap(),
        jinzai_store::Db::Postgres(p) => sqlx::query_as("SELECT sealed FROM health_consultations")
            .fetch_all(p)
            .await
            .unwrap(),
    };
    assert!(!sealed.is_empty());
    // The note and follow-up as typed, and the sealed JSON's own fields
    // (`"kind":"mental","note"`, `"follow_up_done":`) were they in clear.
    let needles: Vec<&[u8]> = vec![
        SECRET.as_bytes(),
        "2週間後に再面談".as_bytes(),
        b"\"kind\":\"mental\",\"note\"",
        b"\"follow_up_done\":",
    ];
    for (bytes,) in &sealed {
        for n in &needles {
            assert!(!bytes.windows(n.len()).any(|w| w == *n));
        }
    }
    if let Some(path) = app.database_url().strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap();
        let mut all = Vec::new();
        for suffix in ["", "-wal"] {
            if let Ok(b) = std::fs::read(format!("{path}{suffix}")) {
                all.extend(b);
            }
        }
        assert!(all.len() > 10_000);
        for n in &needles {
            assert!(
                !all.windows(n.len()).any(|w| w == *n),
                "{:?} in the file",
                String::from_utf8_lossy(n)
            );
        }
    }
}

#[tokio::test]
async fn without_the_key_or_with_a_wrong_one_nothing_opens() {
    let app = TestApp::spawn_on(Clock::on_date(d(2014, 4, 10))).await;
    let (_, number, _) = city_with_records(&app).await;
    let db: TestDb = app.into_db();
    // A wrong key: reported, and nothing is shown (never garbage).
    let other = jinzai_store::health::vault::HealthKey::generate().unwrap();
    let wrong = TestApp::spawn_keyed(
        Default::default(),
        Clock::on_date(d(2014, 4, 10)),
        Some(other),
        db,
    )
    .await;
    let h = nurse_as(&wrong, "nurse-2").await;
    let (s, v) = send(&h, &wrong, Method::GET, "/api/v1/health/status", None).await;
    assert_eq!(
        (s, v["open"].as_bool(), v["lock"].as_str()),
        (200, Some(false), Some("wrong_key"))
    );
    for path in [
        "/api/v1/health/consultations?year=2013".to_owned(),
        format!("/api/v1/health/staff/{number}"),
        "/api/v1/health/returns".to_owned(),
    ] {
        let (s, v) = send(&h, &wrong, Method::GET, &path, None).await;
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (503, Some("health_locked")),
            "{path} {v}"
        );
    }
    let (s, v) = send(
        &h,
        &wrong,
        Method::POST,
        "/api/v1/health/consultations",
        Some(json!({"staff_number": number, "held_on": "2013-07-01", "counsellor": "nurse", "kind": "physical"})),
    )
    .await;
    assert_eq!(s, 503, "{v}");
    let page = h.get(wrong.url("/health?year=2013")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let text = page.text().await.unwrap();
    assert!(text.contains("指定された鍵では健康記録を開けません") && !text.contains(SECRET));
    // Counts need no key: they still work.
    let (s, v) = wrong.get_json("/api/v1/health/figures?year=2013").await;
    assert_eq!(s, 200, "{v}");
    let db = wrong.into_db();
    // No key: locked, everything else works.
    let none =
        TestApp::spawn_keyed(Default::default(), Clock::on_date(d(2014, 4, 10)), None, db).await;
    let (s, v) = none.get_json("/api/v1/health/status").await;
    assert_eq!((s, v["lock"].as_str()), (200, Some("no_key")));
    let (s, _) = none.get_json("/api/v1/staff?limit=5").await;
    assert_eq!(s, 200);
    let page = none.get_text("/health").await.1;
    assert!(page.contains("健康記録は施錠されています"), "{page}");
    // The right key opens it again.
    let db = none.into_db();
    let right = TestApp::spawn_keyed(
        Default::default(),
        Clock::on_date(d(2014, 4, 10)),
        Some(test_health_key()),
        db,
    )
    .await;
    let h = nurse_as(&right, "nurse-3").await;
    assert!(reads_the_secret(&h, &right).await);
}

#[tokio::test]
async fn rekeying_seals_every_record_anew_and_the_old_key_no_longer_opens() {
    let app = TestApp::spawn_on(Clock::on_date(d(2014, 4, 10))).await;
    city_with_records(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let (old_file, new_file) = (dir.path().join("old.key"), dir.path().join("new.key"));
    std::fs::write(&old_file, crate::support::TEST_HEALTH_KEY).unwrap();
    let jinzai = |args: &[&str], key: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"))
            .args(args)
            .env("JINZAI_DATABASE_URL", app.database_url())
            .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
            .env("JINZAI_HEALTH_KEY_FILE", key)
            .env("JINZAI_TODAY", "2014-04-10")
            .output()
            .unwrap()
    };
    let out = jinzai(
        &["health", "keygen", "--out", new_file.to_str().unwrap()],
        &old_file,
    );
    crate::support::assert_success(&out);
    assert_eq!(std::fs::read_to_string(&new_file).unwrap().trim().len(), 64);
    let before: Vec<(i64, Vec<u8>)> = sealed_rows(&app).await;
    let out = jinzai(
        &[
            "health",
            "rekey",
            "--new-key-file",
            new_file.to_str().unwrap(),
        ],
        &old_file,
    );
    crate::support::assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let count: usize = text.split_whitespace().next().unwrap().parse().unwrap();
    let after = sealed_rows(&app).await;
    assert_eq!(count, sealed_values(&app).await);
    assert!(
        before
            .iter()
            .zip(&after)
            .all(|(a, b)| a.0 == b.0 && a.1 != b.1)
    );
    // The new key opens the store; the old one no longer does.
    let status = jinzai(&["health", "status"], &new_file);
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
    let status = jinzai(&["health", "status"], &old_file);
    assert_eq!(status.status.code(), Some(1));
    assert!(
        audit_of(&app, "health_store")
            .await
            .iter()
            .any(|e| e.action == "rekey")
    );
    // A key file that is not a key: a clear error, nothing changes.
    std::fs::write(dir.path().join("bad.key"), "not a key").unwrap();
    let out = jinzai(&["health", "status"], &dir.path().join("bad.key"));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a health key"));
}

async fn sealed_rows(app: &TestApp) -> Vec<(i64, Vec<u8>)> {
    let q = "SELECT id, sealed FROM health_checkups ORDER BY id";
    match app.store.db() {
        jinzai_store::Db::Sqlite(p) => sqlx::query_as(q).fetch_all(p).await.unwrap(),
        jinzai_store::Db::Postgres(p) => sqlx::query_as(q).fetch_all(p).await.unwrap(),
    }
}

async fn consultations(app: &TestApp) -> usize {
    count(app, "SELECT COUNT(*) FROM health_consultations").await
}

pub(crate) async fn count(app: &TestApp, q: &str) -> usize {
    let (n,): (i64,) = match app.store.db() {
        jinzai_store::Db::Sqlite(p) => sqlx::query_as(q).fetch_one(p).await.unwrap(),
        jinzai_store::Db::Postgres(p) => sqlx::query_as(q).fetch_one(p).await.unwrap(),
    };
    usize::try_from(n).unwrap()
}

/// Every sealed value: check-ups, consultations, return-to-work cases and
/// stress-check results.
async fn sealed_values(app: &TestApp) -> usize {
    let mut n = 0;
    for t in [
        "health_checkups",
        "health_consultations",
        "health_returns",
        "health_stress",
    ] {
        n += count(app, &format!("SELECT COUNT(*) FROM {t}")).await;
    }
    n
}

#[tokio::test]
async fn bad_input_is_refused_at_its_field_and_nothing_is_written() {
    let app = TestApp::spawn_on(Clock::on_date(d(2014, 4, 10))).await;
    let (h, number, _) = city_with_records(&app).await;
    let before = consultations(&app).await;
    let cases = [
        (
            json!({"staff_number": "99999", "held_on": "2013-06-01", "counsellor": "nurse", "kind": "other"}),
            "staff_number",
        ),
        (
            json!({"staff_number": number, "held_on": "2014-05-01", "counsellor": "nurse", "kind": "other"}),
            "held_on",
        ),
        (
            json!({"staff_number": number, "held_on": "2013-06-01", "counsellor": "surgeon", "kind": "other"}),
            "counsellor",
        ),
    ];
    for (body, field) in cases {
        let (s, v) = send(
            &h,
            &app,
            Method::POST,
            "/api/v1/health/consultations",
            Some(body),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        assert!(fields(&v).iter().any(|f| f == field), "{field}: {v}");
    }
    assert_eq!(consultations(&app).await, before);
    let (s, v) = send(
        &h,
        &app,
        Method::PUT,
        "/api/v1/health/checkups",
        Some(json!({"staff_number": number, "fiscal_year": 2013, "outcome": "treat"})),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(fields(&v), ["outcome"]);
    let (s, v) = send(
        &h,
        &app,
        Method::PUT,
        "/api/v1/health/checkups",
        Some(json!({"staff_number": number, "fiscal_year": 2013, "attended_on": "2013-05-20", "outcome": "normal",
                    "follow_up_done": true})),
    )
    .await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["follow_up_done".to_owned()]),
        "{v}"
    );
    let (s, v) = send(
        &h,
        &app,
        Method::PUT,
        "/api/v1/health/checkups",
        Some(json!({"staff_number": number, "fiscal_year": 2013, "attended_on": "2013-05-20", "outcome": "examine",
                    "follow_up_done": true, "note": "再検査済み"})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["checkup"]["outcome"], "examine");
    let (s, v) = app.get_json("/api/v1/health/figures?year=99999").await;
    assert_eq!((s, fields(&v)), (422, vec!["year".to_owned()]));
    // The form keeps what was typed and names the field.
    let r = h
        .post(app.url("/health/consultations"))
        .form(&[
            ("year", "2013"),
            ("staff_number", "99999"),
            ("held_on", "2013-06-01"),
            ("counsellor", "nurse"),
            ("kind", "other"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("99999") && text.contains("職員番号"),
        "{text}"
    );
    let r = h
        .post(app.url("/health/consultations"))
        .form(&[
            ("year", "2013"),
            ("staff_number", number.as_str()),
            ("held_on", "2013-07-01"),
            ("counsellor", "nurse"),
            ("kind", "physical"),
            ("note", "サンプル"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "back to the year's page");
    assert_eq!(consultations(&app).await, before + 1);
}

#[tokio::test]
async fn the_sample_citys_health_figures_match_independent_counts() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let (s, v) = app
        .get_json("/api/v1/plans/kiyose-2011/nodes/2-1-1/indicator")
        .await;
    assert_eq!(s, 200, "{v}");
    let h = nurse(&app).await;
    for fy in 2011..=2013 {
        let (start, end) = (d(fy, 4, 1), d(fy + 1, 3, 31));
        let held = city
            .health
            .consultations
            .iter()
            .filter(|c| c.held_on >= start && c.held_on <= end)
            .count();
        let due: Vec<_> = city
            .health
            .checkups
            .iter()
            .filter(|c| c.fiscal_year == fy)
            .collect();
        let attended = due.iter().filter(|c| c.attended_on.is_some()).count();
        assert!(
            held > 10 && attended > 100 && attended < due.len(),
            "FY{fy}: {held} {attended}/{}",
            due.len()
        );
        let year = |i: u64| {
            v["years"]
                .as_array()
                .unwrap()
                .iter()
                .find(|y| y["fiscal_year"] == fy && y["indicator"] == i)
                .unwrap_or_else(|| panic!("FY{fy} #{i}: {v}"))
                .clone()
        };
        assert_eq!(year(1)["value"].as_f64(), Some(held as f64), "FY{fy}");
        let rate = (attended as f64 * 1000.0 / due.len() as f64).round() / 10.0;
        assert_eq!(year(2)["value"].as_f64(), Some(rate), "FY{fy}: {}", year(2));
        assert_eq!(year(2)["per"]["value"].as_u64(), Some(due.len() as u64));
        // HR's figures add up to the same.
        let (s, f) = app
            .get_json(&format!("/api/v1/health/figures?year={fy}"))
            .await;
        assert_eq!(s, 200, "{f}");
        assert_eq!(f["total"]["due"].as_u64(), Some(due.len() as u64));
        assert_eq!(f["total"]["attended"].as_u64(), Some(attended as u64));
        assert_eq!(
            f["consultations_physician"].as_u64().unwrap()
                + f["consultations_nurse"].as_u64().unwrap(),
            held as u64
        );
        let units = f["units"].as_array().unwrap();
        for u in units {
            assert_eq!(u["withheld"].as_bool(), Some(u["due"].is_null()), "{u}");
        }
        // The health staff see every unit.
        let (_, hf) = send(
            &h,
            &app,
            Method::GET,
            &format!("/api/v1/health/figures?year={fy}"),
            None,
        )
        .await;
        let all: u64 = hf["units"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|u| u["due"].as_u64())
            .sum();
        assert_eq!(all, due.len() as u64);
    }
    // 2-1-2 line 2: return-to-work cases opened and completed, counted
    // here from the generated cases as they stand today.
    let (s, v2) = app
        .get_json("/api/v1/plans/kiyose-2011/nodes/2-1-2/indicator")
        .await;
    assert_eq!(s, 200, "{v2}");
    let returns = city.health.as_of(app.store.clock().today()).3;
    let mut opened_all = 0;
    for fy in 2011..=2013 {
        let (start, end) = (d(fy, 4, 1), d(fy + 1, 3, 31));
        let in_year = |day: NaiveDate| day >= start && day <= end;
        let opened = returns.iter().filter(|c| in_year(c.leave_from)).count();
        let completed = returns
            .iter()
            .filter(|c| {
                c.decision.as_ref().is_some_and(|x| {
                    c.follow_ups.len() == x.follow_up_months.len()
                        && c.follow_ups.last().is_some_and(|f| in_year(f.on))
                })
            })
            .count();
        opened_all += opened;
        let value = |i: u64| {
            v2["years"]
                .as_array()
                .unwrap()
                .iter()
                .find(|y| y["fiscal_year"] == fy && y["indicator"] == i)
                .unwrap_or_else(|| panic!("FY{fy} #{i}: {v2}"))["value"]
                .as_f64()
        };
        assert_eq!(value(2), Some(opened as f64), "FY{fy} opened");
        assert_eq!(value(3), Some(completed as f64), "FY{fy} completed");
    }
    assert!(opened_all >= 3, "the sample city has return-to-work cases");
    // The records behind a number: the health staff's alone.
    let path = "/api/v1/plans/kiyose-2011/nodes/2-1-1/indicator/2012?indicator=1";
    let (s, v) = app.get_json(path).await;
    assert_eq!(s, 403, "{v}");
    let (s, v) = send(&h, &app, Method::GET, path, None).await;
    assert_eq!(s, 200, "{v}");
    let listed: BTreeSet<&str> = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["staff_number"].as_str())
        .collect();
    let expected: BTreeSet<String> = city
        .health
        .consultations
        .iter()
        .filter(|c| c.held_on >= d(2012, 4, 1) && c.held_on <= d(2013, 3, 31))
        .map(|c| c.staff_number.to_string())
        .collect();
    assert_eq!(listed.len(), expected.len());
    // The health staff's listing is a read of health records: audited.
    let reads = audit_of(&app, "health_indicator_records").await;
    assert!(
        reads
            .iter()
            .any(|e| e.record_key.contains("health.consultations")),
        "{reads:?}"
    );
    // …and not another measure's (HR's) records.
    let (s, _) = send(
        &h,
        &app,
        Method::GET,
        "/api/v1/plans/kiyose-2011/nodes/2-1-2/indicator/2012",
        None,
    )
    .await;
    assert_eq!(s, 403);
}

#[tokio::test]
async fn the_committee_keeps_its_meetings_and_a_month_without_one_shows() {
    let app = TestApp::spawn_on(Clock::on_date(d(2025, 9, 15))).await;
    let meeting = |day: &str| {
        json!({"held_on": day, "attendees": ["総務部長（委員長）", "産業医"], "agenda": "職場巡視の結果",
               "opinions": "階段の照明を直すこと", "measures": "営繕課に依頼した"})
    };
    let mut ids = Vec::new();
    for day in ["2025-04-10", "2025-06-12", "2025-07-31"] {
        let (s, v) = app
            .post_json("/api/v1/health/committee", &meeting(day))
            .await;
        assert_eq!(s, 201, "{v}");
        ids.push(v["id"].as_i64().unwrap());
    }
    let (s, v) = app.get_json("/api/v1/health/committee").await;
    assert_eq!(s, 200, "{v}");
    let gaps: Vec<(i64, i64)> = v["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g[0].as_i64().unwrap(), g[1].as_i64().unwrap()))
        .collect();
    assert!(
        gaps.contains(&(2025, 5)) && gaps.contains(&(2025, 8)),
        "{gaps:?}"
    );
    assert!(
        gaps.contains(&(2024, 9)) && !gaps.contains(&(2024, 8)),
        "twelve months back: {gaps:?}"
    );
    assert!(
        !gaps.contains(&(2025, 4)) && !gaps.contains(&(2025, 9)),
        "held, or under way: {gaps:?}"
    );
    assert_eq!(
        v["meetings"][0]["meeting"]["held_on"], "2025-07-31",
        "newest first"
    );
    // Refused at its field, nothing written.
    let mut bad = meeting("2025-10-01");
    bad["attendees"] = json!([" "]);
    let (s, v) = app.post_json("/api/v1/health/committee", &bad).await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(fields(&v), ["held_on", "attendees"]);
    // Corrected, never deleted; audited.
    let mut fixed = meeting("2025-05-30");
    fixed["measures"] = json!("営繕課が8月に修繕した");
    let (s, v) = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/health/committee/{}", ids[0]),
            &fixed,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, v) = app.get_json("/api/v1/health/committee").await;
    assert!(
        !v["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g == &json!([2025, 5]))
    );
    let r = app
        .client
        .delete(app.url(&format!("/api/v1/health/committee/{}", ids[0])))
        .send()
        .await
        .unwrap();
    assert!(matches!(r.status().as_u16(), 404 | 405), "{}", r.status());
    assert_eq!(audit_of(&app, "committee_meeting").await.len(), 4);
    // The page says which months passed without a meeting; staff may not
    // see it.
    let page = app.get_text("/health/committee").await.1;
    assert!(
        page.contains("令和7年8月（2025年）") && page.contains("営繕課が8月に修繕した"),
        "{page}"
    );
    let staff = client_with_token(Some(&account_token(&app.store, "someone", "staff").await));
    let r = staff
        .get(app.url("/api/v1/health/committee"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

const LIMITS: &str = "服薬中につき車両運転不可（極秘）";
const SHARED: &str = "3か月は時間外勤務なし";

/// The unit `number` is assigned to on `on`.
async fn unit_of(app: &TestApp, number: &str, on: NaiveDate) -> String {
    let (_, assignments) = app.store.staff_member(number).await.unwrap().unwrap();
    assignments
        .iter()
        .find(|a| a.primary && a.start <= on && a.end.is_none_or(|e| e >= on))
        .map(|a| a.unit_code.to_string())
        .expect("assigned")
}

/// Records `entry` on case `id` as `h`: the status and the answer.
async fn step(
    h: &reqwest::Client,
    app: &TestApp,
    id: i64,
    entry: serde_json::Value,
) -> (u16, serde_json::Value) {
    send(
        h,
        app,
        Method::POST,
        &format!("/api/v1/health/returns/{id}/steps"),
        Some(entry),
    )
    .await
}

#[tokio::test]
async fn a_return_to_work_case_takes_its_five_steps_in_order_and_the_head_sees_only_days_and_shared_limits()
 {
    let today = d(2014, 4, 10);
    let app = TestApp::spawn_on(Clock::on_date(today)).await;
    let (h, _, _) = city_with_records(&app).await;
    let city = jinzai::generate::generate(80, 3, 2013, 17);
    let person = city
        .staff
        .iter()
        .find(|s| s.leaving_date.is_none())
        .unwrap()
        .number
        .to_string();
    let unit = unit_of(&app, &person, today).await;
    // An unknown person, then the case opened.
    let open = |n: &str| json!({"staff_number": n, "on": "2013-10-01", "leave_until": "2014-02-28", "note": SECRET});
    let (s, v) = send(
        &h,
        &app,
        Method::POST,
        "/api/v1/health/returns",
        Some(open("99999")),
    )
    .await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["staff_number".to_owned()]),
        "{v}"
    );
    let (s, v) = send(
        &h,
        &app,
        Method::POST,
        "/api/v1/health/returns",
        Some(open(&person)),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let id = v["id"].as_i64().unwrap();
    assert_eq!(
        (v["state"].as_str(), v["next"].as_str()),
        (Some("open"), Some("judgement"))
    );
    assert_eq!(v["due_on"], "2014-02-28", "{v}");
    // Out of order: refused at `step`, nothing written.
    let (s, v) = step(
        &h,
        &app,
        id,
        json!({"step": "decision", "on": "2014-02-10", "returned_on": "2014-03-01"}),
    )
    .await;
    assert_eq!((s, fields(&v)), (422, vec!["step".to_owned()]), "{v}");
    // Before the leave: refused at `on`.
    let (s, v) = step(
        &h,
        &app,
        id,
        json!({"step": "judgement", "on": "2013-09-01"}),
    )
    .await;
    assert_eq!((s, fields(&v)), (422, vec!["on".to_owned()]), "{v}");
    let (s, v) = step(
        &h,
        &app,
        id,
        json!({"step": "judgement", "on": "2014-02-10", "note": "主治医意見書"}),
    )
    .await;
    assert_eq!((s, v["next"].as_str()), (200, Some("plan")), "{v}");
    let (s, v) = step(
        &h,
        &app,
        id,
        json!({"step": "plan", "on": "2014-02-17", "planned_return_on": "2014-03-17",
            "stages": [{"from": "2014-02-24", "to": "2014-02-28", "what": "通勤訓練"},
                       {"from": "2014-03-03", "to": "2014-03-14", "what": "半日勤務"}]}),
    )
    .await;
    assert_eq!((s, v["due_on"].as_str()), (200, Some("2014-03-17")), "{v}");
    let (s, v) = step(
        &h,
        &app,
        id,
        json!({"step": "decision", "on": "2014-03-12", "returned_on": "2014-03-17",
            "limits": LIMITS, "shared_limits": SHARED}),
    )
    .await;
    assert_eq!(
        (s, v["next"].as_str(), v["due_on"].as_str()),
        (200, Some("follow_up"), Some("2014-04-17")),
        "{v}"
    );
    // The first follow-up is due within a week: the health staff's reminder.
    let (s, v) = send(&h, &app, Method::GET, "/api/v1/health/returns", None).await;
    assert_eq!(s, 200, "{v}");
    let due = v["due"].as_array().unwrap();
    assert!(
        due.iter()
            .any(|x| x["id"] == id && x["step"] == "follow_up" && x["due_on"] == "2014-04-17"),
        "{v}"
    );
    let page = h
        .get(app.url("/health/returns"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("期限の来た手順") && page.contains("第5ステップ"),
        "{page}"
    );
    // A follow-up before the return day, or one not yet held: refused.
    let (s, v) = step(
        &h,
        &app,
        id,
        json!({"step": "follow_up", "on": "2014-03-14"}),
    )
    .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["code"].as_str()),
        (422, Some("before_return")),
        "{v}"
    );
    let (s, v) = step(
        &h,
        &app,
        id,
        json!({"step": "follow_up", "on": "2014-04-17"}),
    )
    .await;
    assert_eq!((s, fields(&v)), (422, vec!["on".to_owned()]), "{v}");
    let (s, v) = step(
        &h,
        &app,
        id,
        json!({"step": "follow_up", "on": "2014-04-08", "note": "経過良好"}),
    )
    .await;
    assert_eq!((s, v["due_on"].as_str()), (200, Some("2014-06-17")), "{v}");
    // The head of the person's unit sees the days and the shared limits,
    // nothing else; another unit's head sees nothing.
    let head = client_with_token(Some(
        &account_token(&app.store, "head", &format!("manager:{unit}")).await,
    ));
    let (s, v) = send(
        &head,
        &app,
        Method::GET,
        "/api/v1/health/returns/shared",
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let cases = v["cases"].as_array().unwrap();
    let mine = cases
        .iter()
        .find(|c| c["shared"]["staff_number"] == person.as_str())
        .expect("the member's case");
    assert_eq!(mine["shared"]["shared_limits"], SHARED);
    assert!(
        mine["shared"].get("next").is_none() && mine["shared"].get("state").is_none(),
        "{mine}"
    );
    assert_eq!(mine["shared"]["returned_on"], "2014-03-17");
    let text = v.to_string();
    for secret in [LIMITS, SECRET, "主治医意見書", "通勤訓練", "経過良好"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let page = head
        .get(app.url("/health/returns/team"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        page.contains(SHARED) && !page.contains(LIMITS) && !page.contains(SECRET),
        "{page}"
    );
    let other_unit = city
        .units
        .iter()
        .map(|u| u.code.to_string())
        .find(|u| *u != unit)
        .unwrap();
    let other = client_with_token(Some(
        &account_token(&app.store, "other-head", &format!("manager:{other_unit}")).await,
    ));
    let (_, v) = send(
        &other,
        &app,
        Method::GET,
        "/api/v1/health/returns/shared",
        None,
    )
    .await;
    assert!(!v.to_string().contains(&person), "{v}");
    // Nobody but the health staff reads a case.
    for role in ["hr", "admin", "staff", "viewer", "approver"] {
        let c = client_with_token(Some(
            &account_token(&app.store, &format!("r-{role}"), role).await,
        ));
        for path in [
            "/api/v1/health/returns".to_owned(),
            format!("/api/v1/health/returns/{id}"),
        ] {
            let r = c.get(app.url(&path)).send().await.unwrap();
            assert_eq!(r.status(), 403, "{role} {path}");
        }
        let r = c
            .get(app.url(&format!("/health/returns/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{role}");
    }
    let (s, _) = send(
        &head,
        &app,
        Method::GET,
        &format!("/api/v1/health/returns/{id}"),
        None,
    )
    .await;
    assert_eq!(s, 403);
    // Two more follow-ups complete the case; then it takes nothing.
    let later = TestApp::spawn_keyed(
        Default::default(),
        Clock::on_date(d(2014, 10, 1)),
        Some(test_health_key()),
        app.into_db(),
    )
    .await;
    let h = nurse_as(&later, "nurse-later").await;
    for on in ["2014-06-18", "2014-09-17"] {
        let (s, v) = step(&h, &later, id, json!({"step": "follow_up", "on": on})).await;
        assert_eq!(s, 200, "{v}");
    }
    let (_, v) = send(
        &h,
        &later,
        Method::GET,
        &format!("/api/v1/health/returns/{id}"),
        None,
    )
    .await;
    assert_eq!(
        (v["state"].as_str(), v["next"].as_str()),
        (Some("completed"), None),
        "{v}"
    );
    let (s, v) = step(
        &h,
        &later,
        id,
        json!({"step": "follow_up", "on": "2014-09-30"}),
    )
    .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["code"].as_str()),
        (422, Some("ended")),
        "{v}"
    );
    // Audited by case and step, never by what the case says; sealed at rest.
    let log = audit_of(&later, "health_return").await;
    assert!(log.iter().filter(|e| e.action == "record").count() >= 7);
    assert!(log.iter().any(|e| e.action == "read"));
    assert!(
        audit_of(&later, "health_returns_shared")
            .await
            .iter()
            .any(|e| e.actor.contains("head"))
    );
    for e in &log {
        let t = format!("{e:?}");
        assert!(!t.contains("服薬") && !t.contains("時間外"), "{t}");
    }
    let sealed: Vec<(Vec<u8>,)> = match later.store.db() {
        jinzai_store::Db::Sqlite(p) => sqlx::query_as("SELECT sealed FROM health_returns")
            .fetch_all(p)
            .await
            .unwrap(),
        jinzai_store::Db::Postgres(p) => sqlx::query_as("SELECT sealed FROM health_returns")
            .fetch_all(p)
            .await
            .unwrap(),
    };
    for (bytes,) in &sealed {
        for n in [
            LIMITS.as_bytes(),
            SHARED.as_bytes(),
            "shared_limits".as_bytes(),
        ] {
            assert!(!bytes.windows(n.len()).any(|w| w == n));
        }
    }
}

#[tokio::test]
async fn the_stress_check_shows_groups_of_ten_and_refuses_smaller_ones() {
    let today = d(2014, 4, 10);
    let app = TestApp::spawn_on(Clock::on_date(today)).await;
    // A city big enough for units of ten.
    let city = jinzai::generate::generate(400, 2, 2013, 23);
    city.store_into(&app.store, "tests").await.unwrap();
    let h = nurse(&app).await;
    let number = city.staff[0].number.to_string();
    let on = d(2014, 3, 31);
    // Independently: who took FY2013's check, by their unit on 31 March.
    let results = city.health.stress_as_of(today);
    let mut by_unit: std::collections::BTreeMap<String, Vec<u8>> = Default::default();
    let (mut due, mut taken) = (0u64, 0u64);
    for r in results.iter().filter(|r| r.fiscal_year == 2013) {
        due += 1;
        let Some(s) = r.scores.filter(|_| r.taken_on.is_some()) else {
            continue;
        };
        taken += 1;
        let unit = city
            .assignments
            .iter()
            .filter(|a| a.primary && a.staff_number == r.staff_number && a.start <= on)
            .max_by_key(|a| a.start)
            .map(|a| a.unit_code.to_string())
            .unwrap_or_default();
        by_unit.entry(unit).or_default().push(s.demand);
    }
    let big = by_unit
        .iter()
        .find(|(_, v)| v.len() >= 10)
        .map(|(u, _)| u.clone())
        .expect("a unit of ten");
    let small = by_unit
        .iter()
        .find(|(_, v)| v.len() < 10)
        .map(|(u, _)| u.clone())
        .expect("a small unit");
    // Before the health staff release it, HR sees participation but no group.
    let (s, v) = app.get_json("/api/v1/health/stress?year=2013").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        (v["total"]["due"].as_u64(), v["total"]["attended"].as_u64()),
        (Some(due), Some(taken)),
        "{v}"
    );
    assert!(
        v["released_on"].is_null() && v["groups"].as_array().unwrap().is_empty(),
        "{v}"
    );
    let (s, e) = app
        .get_json(&format!("/api/v1/health/stress/groups/{big}?year=2013"))
        .await;
    assert_eq!((s, fields(&e)), (422, vec!["year".to_owned()]), "{e}");
    // Released once: groups of ten or more shown with their means,
    // smaller ones withheld without a number; a second release refused.
    let (s, r) = send(
        &h,
        &app,
        Method::PUT,
        "/api/v1/health/stress/release?year=2013",
        None,
    )
    .await;
    assert_eq!(s, 200, "{r}");
    let (s, e) = send(
        &h,
        &app,
        Method::PUT,
        "/api/v1/health/stress/release?year=2013",
        None,
    )
    .await;
    assert_eq!(
        (s, e["error"]["fields"][0]["code"].as_str()),
        (422, Some("already_released")),
        "{e}"
    );
    let (s, v) = app.get_json("/api/v1/health/stress?year=2013").await;
    assert_eq!(s, 200, "{v}");
    let groups = v["groups"].as_array().unwrap();
    for g in groups {
        match g["withheld"].as_bool() {
            Some(true) => assert!(g["respondents"].is_null() && g["scores"].is_null(), "{g}"),
            _ => assert!(g["respondents"].as_u64().unwrap() >= 10, "{g}"),
        }
    }
    let shown = groups
        .iter()
        .find(|g| g["unit_code"] == big.as_str())
        .expect("the big unit");
    let demand = &by_unit[&big];
    let mean = (demand.iter().map(|d| f64::from(*d)).sum::<f64>() / demand.len() as f64 * 10.0)
        .round()
        / 10.0;
    assert_eq!(shown["respondents"].as_u64(), Some(demand.len() as u64));
    assert_eq!(shown["scores"]["demand"].as_f64(), Some(mean), "{shown}");
    assert!(
        groups
            .iter()
            .any(|g| g["unit_code"] == small.as_str() && g["withheld"] == true),
        "{v}"
    );
    // One small unit asked for: refused with a message, nothing shown.
    let (s, e) = app
        .get_json(&format!("/api/v1/health/stress/groups/{small}?year=2013"))
        .await;
    assert_eq!((s, fields(&e)), (422, vec!["unit".to_owned()]), "{e}");
    assert!(e.to_string().contains("10"), "{e}");
    let (s, g) = app
        .get_json(&format!("/api/v1/health/stress/groups/{big}?year=2013"))
        .await;
    assert_eq!(
        (s, g["respondents"].as_u64()),
        (200, Some(demand.len() as u64)),
        "{g}"
    );
    // The health staff (the implementer) see every group; HR reads no result.
    let (_, hv) = send(
        &h,
        &app,
        Method::GET,
        "/api/v1/health/stress?year=2013",
        None,
    )
    .await;
    let counted: u64 = hv["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["respondents"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, taken, "{hv}");
    let (s, _) = app
        .get_json("/api/v1/health/stress/results?year=2013")
        .await;
    assert_eq!(s, 403);
    // The committee's method: only with a meeting on its day; then small
    // units are merged by parent, and still no shown group is under ten.
    let method = json!({"merge_small": true, "approved_on": "2013-05-14", "description": "10人未満の所属は部単位で合算"});
    let c = client_with_token(Some(&account_token(&app.store, "hr-2", "hr").await));
    let (s, e) = send(
        &c,
        &app,
        Method::PUT,
        "/api/v1/health/stress/method?year=2013",
        Some(method.clone()),
    )
    .await;
    assert_eq!(
        (s, fields(&e)),
        (422, vec!["approved_on".to_owned()]),
        "{e}"
    );
    let (s, _) = send(
        &c,
        &app,
        Method::POST,
        "/api/v1/health/committee",
        Some(json!({"held_on": "2013-05-14", "attendees": ["委員長"], "agenda": "ストレスチェックの集団分析の方法"})),
    )
    .await;
    assert_eq!(s, 201);
    let (s, _) = send(
        &c,
        &app,
        Method::PUT,
        "/api/v1/health/stress/method?year=2013",
        Some(method),
    )
    .await;
    assert_eq!(s, 204);
    // The released analysis is frozen: a method recorded later, or a
    // result added later, changes nothing HR reads.
    let (_, after) = app.get_json("/api/v1/health/stress?year=2013").await;
    assert_eq!(after["method"]["merge_small"], true, "{after}");
    assert_eq!(after["groups"], v["groups"]);
    // The method applies to a year released after it: FY2012.
    let (s, _) = send(
        &c,
        &app,
        Method::PUT,
        "/api/v1/health/stress/method?year=2012",
        Some(json!({"merge_small": true, "approved_on": "2013-05-14", "description": "10人未満の所属は部単位で合算"})),
    )
    .await;
    assert_eq!(s, 204);
    let (s, _) = send(
        &h,
        &app,
        Method::PUT,
        "/api/v1/health/stress/release?year=2012",
        None,
    )
    .await;
    assert_eq!(s, 200);
    let (_, v12) = app.get_json("/api/v1/health/stress?year=2012").await;
    let groups = v12["groups"].as_array().unwrap();
    assert!(
        groups
            .iter()
            .any(|g| !g["merged"].as_array().unwrap().is_empty()),
        "{v12}"
    );
    for g in groups.iter().filter(|g| g["withheld"] == false) {
        assert!(g["respondents"].as_u64().unwrap() >= 10, "{g}");
    }
    // Bad input: refused at its field, nothing written.
    let (s, e) = send(
        &h,
        &app,
        Method::PUT,
        "/api/v1/health/stress/results",
        Some(
            json!({"staff_number": number, "fiscal_year": 2013, "taken_on": "2013-10-10",
            "scores": {"demand": 9, "control": 8, "supervisor": 8, "coworker": 8},
            "interview_offered_on": "2013-10-20"}),
        ),
    )
    .await;
    assert_eq!(
        (s, fields(&e)),
        (422, vec!["interview_offered_on".to_owned()]),
        "{e}"
    );
    let (s, r) = send(
        &h,
        &app,
        Method::PUT,
        "/api/v1/health/stress/results",
        Some(json!({"staff_number": number, "fiscal_year": 2013, "taken_on": "2013-10-10",
            "scores": {"demand": 12, "control": 3, "supervisor": 3, "coworker": 4}, "high_stress": true,
            "interview_offered_on": "2013-10-20", "note": SECRET})),
    )
    .await;
    assert_eq!(
        (s, r["result"]["note"].as_str()),
        (200, Some(SECRET)),
        "{r}"
    );
    let (_, again) = app.get_json("/api/v1/health/stress?year=2013").await;
    assert_eq!(
        again["groups"], v["groups"],
        "a result added after the release"
    );
    // Audited without contents; sealed at rest.
    let reads = audit_of(&app, "health_stress_groups").await;
    assert!(reads.iter().any(|e| e.record_key == "year:2013"));
    for e in audit_of(&app, "health_stress").await {
        let t = format!("{e:?}");
        assert!(!t.contains("high_stress") && !t.contains("休職"), "{t}");
    }
    let sealed: Vec<(Vec<u8>,)> = match app.store.db() {
        jinzai_store::Db::Sqlite(p) => sqlx::query_as("SELECT sealed FROM health_stress")
            .fetch_all(p)
            .await
            .unwrap(),
        jinzai_store::Db::Postgres(p) => sqlx::query_as("SELECT sealed FROM health_stress")
            .fetch_all(p)
            .await
            .unwrap(),
    };
    for (bytes,) in &sealed {
        for n in [SECRET.as_bytes(), b"\"high_stress\":".as_slice()] {
            assert!(!bytes.windows(n.len()).any(|w| w == n));
        }
    }
}

#[tokio::test]
async fn a_suspected_leak_makes_its_two_reports_with_their_deadlines() {
    let app = TestApp::spawn_on(Clock::on_date(d(2014, 4, 10))).await;
    let (_, number, unit) = city_with_records(&app).await;
    let admin = client_with_token(Some(&account_token(&app.store, "sysadmin", "admin").await));
    let leak = |people: serde_json::Value| json!({"discovered_on": "2014-04-01", "description": "健康診断結果の一覧を誤って庁内掲示板に掲載", "affected": people});
    // An unknown person: refused at its place, nothing written.
    let (s, e) = send(
        &admin,
        &app,
        Method::POST,
        "/api/v1/health/leaks",
        Some(leak(json!([number, "99999", "99998"]))),
    )
    .await;
    assert_eq!(
        (s, fields(&e)),
        (
            422,
            vec!["affected[1]".to_owned(), "affected[2]".to_owned()]
        ),
        "{e}"
    );
    let (_, v) = send(&admin, &app, Method::GET, "/api/v1/health/leaks", None).await;
    assert_eq!(v["leaks"].as_array().map(Vec::len), Some(0), "{v}");
    // Recorded: the 速報 due on the fifth day, the 確報 on the thirtieth.
    let (s, l) = send(
        &admin,
        &app,
        Method::POST,
        "/api/v1/health/leaks",
        Some(leak(json!([number, number]))),
    )
    .await;
    assert_eq!(s, 201, "{l}");
    assert_eq!(
        (l["preliminary_due"].as_str(), l["final_due"].as_str()),
        (Some("2014-04-06"), Some("2014-05-01"))
    );
    assert_eq!(l["affected"].as_array().map(Vec::len), Some(1), "{l}");
    let id = l["id"].as_i64().unwrap();
    let (_, v) = send(&admin, &app, Method::GET, "/api/v1/health/leaks", None).await;
    let tasks = v["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 2, "{v}");
    assert_eq!(
        (tasks[0]["report"].as_str(), tasks[0]["overdue"].as_bool()),
        (Some("preliminary"), Some(true))
    );
    // The 確報 before the 速報: refused; then the 速報, then the 確報.
    let sent = |report: &str, on: &str| json!({"report": report, "sent_on": on});
    let path = format!("/api/v1/health/leaks/{id}/reports");
    let (s, e) = send(
        &admin,
        &app,
        Method::POST,
        &path,
        Some(sent("final", "2014-04-09")),
    )
    .await;
    assert_eq!((s, fields(&e)), (422, vec!["report".to_owned()]), "{e}");
    let (s, _) = send(
        &admin,
        &app,
        Method::POST,
        &path,
        Some(sent("preliminary", "2014-04-04")),
    )
    .await;
    assert_eq!(s, 200);
    // Marked once: again is refused, the day kept.
    let (s, e) = send(
        &admin,
        &app,
        Method::POST,
        &path,
        Some(sent("preliminary", "2014-04-05")),
    )
    .await;
    assert_eq!(
        (s, e["error"]["fields"][0]["code"].as_str()),
        (422, Some("already_sent")),
        "{e}"
    );
    let (s, e) = send(
        &admin,
        &app,
        Method::POST,
        &path,
        Some(sent("final", "2014-04-03")),
    )
    .await;
    assert_eq!((s, fields(&e)), (422, vec!["sent_on".to_owned()]), "{e}");
    let (_, v) = send(&admin, &app, Method::GET, "/api/v1/health/leaks", None).await;
    assert_eq!(v["tasks"].as_array().map(Vec::len), Some(1), "{v}");
    let page = admin
        .get(app.url("/admin/leaks"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("確報") && page.contains(&number), "{page}");
    // Nobody but the administrator.
    for role in ["hr", "health", "manager", "staff"] {
        let grant = if role == "manager" {
            format!("manager:{unit}")
        } else {
            role.to_owned()
        };
        let c = client_with_token(Some(
            &account_token(&app.store, &format!("l-{role}"), &grant).await,
        ));
        let r = c.get(app.url("/api/v1/health/leaks")).send().await.unwrap();
        assert_eq!(r.status(), 403, "{role}");
    }
    let log = audit_of(&app, "health_leak").await;
    assert!(log.iter().any(|e| e.action == "record") && log.iter().any(|e| e.action == "report"));
}
