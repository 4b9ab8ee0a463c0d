//! Health records through files: the health role exports and imports
//! check-ups, consultations, return-to-work steps and stress results (an
//! export read back changes nothing); HR may not import them nor the health
//! role HR files; a bad file is refused at its row and column with nothing
//! written; a dry run writes nothing; the command line needs the key.

use crate::health::{city_with_records, d};
use crate::support::{TestApp, assert_success, audit_key_file, send};
use jinzai_domain::Clock;
use jinzai_io::import::Kind;
use jinzai_io::{Encoding, Format};
use reqwest::Method;
use serde_json::{Value, json};

const KINDS: [&str; 4] = [
    "health_checkups",
    "health_consultations",
    "health_returns",
    "health_stress",
];

async fn post_file(c: &reqwest::Client, app: &TestApp, path: &str, body: Vec<u8>) -> (u16, Value) {
    let res = c.post(app.url(path)).body(body).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn post(h: &reqwest::Client, app: &TestApp, path: &str, body: Value) -> (u16, Value) {
    send(h, app, Method::POST, path, Some(body)).await
}

async fn exported(app: &TestApp, kind: &str) -> (usize, Vec<u8>) {
    let table = Kind::parse(kind).unwrap().export(&app.store).await.unwrap();
    let bytes = jinzai_io::export(&table, Format::Csv, Encoding::Utf8Bom).unwrap();
    (table.rows.len(), bytes)
}

async fn count(app: &TestApp, table: &str) -> usize {
    crate::health::count(app, &format!("SELECT COUNT(*) FROM {table}")).await
}

#[tokio::test]
async fn health_records_go_out_to_files_and_back_unchanged() {
    let app = TestApp::spawn_on(Clock::on_date(d(2014, 4, 10))).await;
    let (h, number, _) = city_with_records(&app).await;
    // Two cases with every step's fields (the sample city of 80 has none).
    let open = |on: &str, until: &str| json!({"staff_number": number, "on": on, "leave_until": until, "note": "休業, \"引用\""});
    let (s, v) = post(
        &h,
        &app,
        "/api/v1/health/returns",
        open("2013-05-01", "2013-07-31"),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let id = v["id"].as_i64().unwrap();
    for entry in [
        json!({"step": "judgement", "on": "2013-07-20", "note": "主治医: 可"}),
        json!({"step": "plan", "on": "2013-07-25", "planned_return_on": "2013-08-05",
            "stages": [{"from": "2013-07-29", "to": "2013-07-31", "what": "通勤訓練"},
                       {"from": "2013-08-01", "to": "2013-08-02", "what": ""}],
            "note": "二行の\n記録"}),
        json!({"step": "decision", "on": "2013-08-02", "returned_on": "2013-08-05", "limits": "残業なし",
            "shared_limits": "定時退庁", "follow_up_months": [1, 2]}),
        json!({"step": "follow_up", "on": "2013-09-05", "note": "順調"}),
    ] {
        let (s, v) = post(
            &h,
            &app,
            &format!("/api/v1/health/returns/{id}/steps"),
            entry,
        )
        .await;
        assert_eq!(s, 200, "{v}");
    }
    let (s, v) = post(
        &h,
        &app,
        "/api/v1/health/returns",
        open("2013-11-01", "2014-03-31"),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let id = v["id"].as_i64().unwrap();
    let close = json!({"step": "close", "on": "2014-01-10", "note": "退職"});
    let (s, v) = post(
        &h,
        &app,
        &format!("/api/v1/health/returns/{id}/steps"),
        close,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    for kind in KINDS {
        let (rows, before) = exported(&app, kind).await;
        assert!(rows > 0, "{kind}: the sample city has none");
        let (s, v) = post_file(&h, &app, &format!("/api/v1/imports/{kind}"), before.clone()).await;
        assert_eq!(s, 200, "{kind}: {v}");
        // Every record read back replaces itself: nothing new.
        assert_eq!(v["summary"]["created"], 0, "{kind}: {v}");
        assert!(v["summary"]["updated"].as_u64().unwrap() > 0, "{kind}: {v}");
        let (_, after) = exported(&app, kind).await;
        assert!(after == before, "{kind}: the export changed after import");
    }
    // The imports are audited by kind and count, never what they say.
    let mut text = String::new();
    for t in ["health_records", "health_returns", "health_stress"] {
        let audit = crate::support::audit_of(&app, t).await;
        assert!(audit.iter().any(|e| e.action == "import"), "{t}: {audit:?}");
        text += &format!("{audit:?}");
    }
    assert!(!text.contains(crate::health::SECRET), "{text:.2000}");
}

#[tokio::test]
async fn only_the_health_role_imports_health_records_and_never_hr_files() {
    let app = TestApp::spawn_on(Clock::on_date(d(2014, 4, 10))).await;
    let (h, number, _) = city_with_records(&app).await;
    let file = format!("年度,職員番号,受診日,判定\n2013,{number},2013-06-01,異常なし\n");
    // HR: refused, named; the health role: HR's files refused.
    let (s, v) = app
        .post_bytes("/api/v1/imports/health_checkups", file.clone().into_bytes())
        .await;
    assert_eq!(s, 403, "{v}");
    let staff = "職員番号,氏名\n999,試験 太郎\n";
    let (s, v) = post_file(&h, &app, "/api/v1/imports/staff", staff.as_bytes().to_vec()).await;
    assert_eq!(s, 403, "{v}");
    let (s, _) = post_file(
        &h,
        &app,
        "/api/v1/imports/nothing",
        staff.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(s, 404);
    // The page offers each only their kinds.
    let page = h
        .get(app.url("/import"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("value=\"health_stress\"") && !page.contains("value=\"staff\""));
    assert!(
        !page.contains("f-as-of"),
        "the staff sheet's 基準日 is HR's"
    );
    let (_, page) = app.get_text("/import").await;
    assert!(page.contains("value=\"staff\"") && !page.contains("health_"));
    // A dry run checks and writes nothing; then the import writes.
    let before = count(&app, "health_checkups").await;
    let (s, v) = post_file(
        &h,
        &app,
        "/api/v1/imports/health_checkups?dry_run=true",
        file.clone().into_bytes(),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["dry_run"], true);
    let n = v["summary"]["created"].as_u64().unwrap() + v["summary"]["updated"].as_u64().unwrap();
    assert_eq!(n, 1, "{v}");
    let (s, v) = send(
        &h,
        &app,
        Method::GET,
        &format!("/api/v1/health/staff/{number}"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    let outcome = |v: &Value| {
        v["checkups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["checkup"]["fiscal_year"] == 2013)
            .map(|c| c["checkup"]["outcome"].clone())
    };
    let was = outcome(&v);
    assert_eq!(count(&app, "health_checkups").await, before);
    let (s, v) = post_file(
        &h,
        &app,
        "/api/v1/imports/health_checkups",
        file.into_bytes(),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (_, v) = send(
        &h,
        &app,
        Method::GET,
        &format!("/api/v1/health/staff/{number}"),
        None,
    )
    .await;
    assert_eq!(outcome(&v), Some(Value::from("normal")), "was {was:?}");
}

/// (row, col) of each problem of a refused import.
pub(crate) fn places(v: &Value) -> Vec<(u64, u64)> {
    let mut out: Vec<(u64, u64)> = v["error"]["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|p| (p["row"].as_u64().unwrap(), p["col"].as_u64().unwrap()))
        .collect();
    out.sort_unstable();
    out
}

#[tokio::test]
async fn a_bad_health_file_is_refused_at_its_row_and_column_and_writes_nothing() {
    let app = TestApp::spawn_on(Clock::on_date(d(2014, 4, 10))).await;
    let (h, number, _) = city_with_records(&app).await;
    let returns_before = count(&app, "health_returns").await;
    let head = "職員番号,休業開始日,ステップ,日付,休業終了見込日,復職予定日,試し出勤,復職日,就業上の配慮,所属長に伝える配慮,フォローアップ（月）,記録";
    // What cannot be read: an unreadable stage (row 3, 試し出勤), an
    // unknown step (row 4, ステップ).
    let file = format!(
        "{head}
{number},2013-12-01,leave,,,,,,,,,
{number},2013-12-01,plan,2014-01-10,,2014-02-01,来週から半日,,,,,
{number},2013-12-01,第9ステップ,2014-01-20,,,,,,,,
"
    );
    let (s, v) = post_file(
        &h,
        &app,
        "/api/v1/imports/health_returns",
        file.into_bytes(),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(places(&v), [(3, 7), (4, 3)], "{v}");
    // Steps replayed as on screen: case A's follow-up before the return
    // day (row 6, 日付); case B's decision before the judgement (row 8,
    // ステップ); case A's steps given out of order in the file are fine.
    let file = format!(
        "{head}
{number},2013-05-01,2,2013-07-20,,,,,,,,
{number},2013-05-01,1,,2013-07-31,,,,,,,
{number},2013-05-01,第3ステップ,2013-07-25,,2013-08-05,2013-08-01〜2013-08-03 通勤訓練,,,,,
{number},2013-05-01,decision,2013-08-02,,,,2013-08-05,残業なし,残業なし,\"1, 3\",
{number},2013-05-01,follow_up,2013-08-01,,,,,,,,
{number},2013-10-01,leave,,,,,,,,,
{number},2013-10-01,decision,2013-11-01,,,,2013-11-05,,,,
"
    );
    let (s, v) = post_file(
        &h,
        &app,
        "/api/v1/imports/health_returns",
        file.into_bytes(),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(places(&v), [(6, 4), (8, 3)], "{v}");
    assert_eq!(count(&app, "health_returns").await, returns_before);

    // Stress: what cannot be read — scales half given, a day that is none,
    // a yes/no cell unreadable (a range or an order is the store's check,
    // made once the file reads).
    let stress = format!(
        "年度,職員番号,受検日,仕事の量的負担,仕事のコントロール,上司の支援,同僚の支援,高ストレス者,面接指導の勧奨日,面接指導の申出
2013,{number},2013-09-01,8,,,,,,
2013,{number},2013-13-45,8,8,8,8,,,
2012,{number},2012-09-01,99,8,8,8,,,
2011,{number},2011-09-01,8,8,8,8,,2011-09-10,
2010,{number},2010-09-01,8,8,8,8,たぶん,,
"
    );
    let before = count(&app, "health_stress").await;
    let (s, v) = post_file(
        &h,
        &app,
        "/api/v1/imports/health_stress",
        stress.into_bytes(),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(places(&v), [(2, 5), (3, 3), (6, 8)], "{v}");
    assert_eq!(count(&app, "health_stress").await, before);
    // The rows read, the store's checks: range and order, each at its cell.
    let stress = format!(
        "年度,職員番号,受検日,仕事の量的負担,仕事のコントロール,上司の支援,同僚の支援,高ストレス者,面接指導の勧奨日
2012,{number},2012-09-01,99,8,8,8,,
2011,{number},2011-09-01,8,8,8,8,,2011-09-10
2011,{number},2011-09-01,8,8,8,8,,
"
    );
    let (s, v) = post_file(
        &h,
        &app,
        "/api/v1/imports/health_stress",
        stress.into_bytes(),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(places(&v), [(2, 4), (3, 9), (4, 2)], "{v}");
    assert_eq!(count(&app, "health_stress").await, before);

    // Consultations: an unknown person is named at the row's 職員番号.
    let c = "相談日,職員番号,相談先,種別,内容\n2013-06-01,99999,保健師,メンタル,x\n";
    let before = count(&app, "health_consultations").await;
    let (s, v) = post_file(
        &h,
        &app,
        "/api/v1/imports/health_consultations",
        c.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(places(&v), [(2, 2)], "{v}");
    assert_eq!(count(&app, "health_consultations").await, before);
}

#[tokio::test]
async fn the_command_line_exports_and_imports_health_records_with_the_key_only() {
    let app = TestApp::spawn_on(Clock::on_date(d(2014, 4, 10))).await;
    city_with_records(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("health.key");
    std::fs::write(&key, crate::support::TEST_HEALTH_KEY).unwrap();
    let out_file = dir.path().join("returns.csv");
    let jinzai = |args: &[&str], with_key: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"));
        c.args(args)
            .env("JINZAI_DATABASE_URL", app.database_url())
            .env("JINZAI_AUDIT_KEY_FILE", audit_key_file())
            .env("JINZAI_TODAY", "2014-04-10")
            .env("JINZAI_LOG", "error");
        if with_key {
            c.env("JINZAI_HEALTH_KEY_FILE", &key);
        }
        c.output().unwrap()
    };
    let path = out_file.to_str().unwrap();
    let out = jinzai(&["export", "health_returns", "-o", path], false);
    assert!(!out.status.success());
    assert!(!out_file.exists());
    let out = jinzai(&["export", "health_returns", "-o", path], true);
    assert_success(&out);
    let (_, via_store) = exported(&app, "health_returns").await;
    assert!(std::fs::read(&out_file).unwrap() == via_store);
    let out = jinzai(&["import", "health_returns", path, "--dry-run"], false);
    assert!(!out.status.success());
    let out = jinzai(&["import", "health_returns", path], true);
    assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(" 0 created"), "{text}");

    // The stress check as HR sees it: nothing released, then released.
    let out = jinzai(&["health", "stress", "--year", "2013"], false);
    assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("unit\tname\tdue\ttaken\trate\n"), "{text}");
    assert!(!text.contains("risk_total"), "{text}");
    let out = jinzai(&["health", "stress", "--year", "2013", "--release"], false);
    assert!(!out.status.success(), "released without the key");
    let out = jinzai(&["health", "stress", "--year", "2013", "--release"], true);
    assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("group\tname\tmerged"), "{text}");
    let out = jinzai(&["health", "leaks"], false);
    assert_success(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "leak\treport\tdue\toverdue\tpeople\n"
    );
}
