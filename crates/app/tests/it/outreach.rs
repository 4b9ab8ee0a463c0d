//! Outreach lectures (出前講座): 2-5-1's actual is the deliveries counted
//! from the records (checked against a count made here from the generated
//! city); a group asks on the public page (the form guarded against bots
//! and floods, the city's rules at their fields, nothing stored when
//! refused); HR approves and records the delivery, and 2-5-1 moves by one;
//! a 所属長 handles only their departments' lectures.

use crate::support::{TestApp, account_token_linked, client_with_token, fields, send};
use chrono::NaiveDate;
use jinzai_domain::Clock;
use reqwest::Method;
use serde_json::json;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The sample city and Kiyose's plan on 1 October 2013.
async fn city() -> (TestApp, jinzai::generate::City) {
    let app = TestApp::spawn_on(Clock::on_date(d(2013, 10, 1))).await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    jinzai::demo::seed(&app.store).await.unwrap();
    (app, city)
}

/// 2-5-1's computed value for a fiscal year.
async fn actual(app: &TestApp, fy: i32) -> Option<f64> {
    let (s, v) = app
        .get_json("/api/v1/plans/kiyose-2011/nodes/2-5-1/indicator")
        .await;
    assert_eq!(s, 200, "{v}");
    v["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["fiscal_year"] == fy)
        .and_then(|y| y["value"].as_f64())
}

async fn requests_stored(app: &TestApp) -> usize {
    let (s, v) = app.get_json("/api/v1/outreach/requests?year=2013").await;
    assert_eq!(s, 200, "{v}");
    v["requests"].as_array().unwrap().len()
}

#[tokio::test]
async fn deliveries_are_2_5_1s_actual_counted_from_the_records() {
    let (app, city) = city().await;
    let today = d(2013, 10, 1);
    for fy in 2011..=2013 {
        let (start, end) = (d(fy, 4, 1), d(fy + 1, 3, 31));
        let delivered = city
            .outreach
            .as_of(today)
            .iter()
            .filter_map(|r| r.delivery.as_ref())
            .filter(|g| g.delivered_on >= start && g.delivered_on <= end)
            .count();
        assert!(fy == 2013 || delivered >= 5, "FY{fy}: {delivered}");
        assert_eq!(actual(&app, fy).await, Some(delivered as f64), "FY{fy}");
    }
    // The drill-down lists each delivery with its day, lecture and group.
    let (s, v) = app
        .get_json("/api/v1/plans/kiyose-2011/nodes/2-5-1/indicator/2012")
        .await;
    assert_eq!(s, 200, "{v}");
    let listed = v["records"].as_array().unwrap();
    assert_eq!(Some(listed.len() as f64), actual(&app, 2012).await);
    assert!(
        listed[0]["label"].as_str().unwrap().starts_with("2012-"),
        "{v}"
    );
}

/// The public form for lecture `code`: its token and the cookie it is
/// bound to.
async fn form_token(c: &reqwest::Client, app: &TestApp, code: &str) -> (String, String) {
    let res = c
        .get(app.url(&format!("/public/outreach/{code}")))
        .send()
        .await
        .unwrap();
    let cookie = res
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("jinzai_outreach_form="))
        .and_then(|v| v.split(';').next())
        .unwrap_or_else(|| panic!("no form cookie"))
        .to_owned();
    let html = res.text().await.unwrap();
    let token = html
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("{html:.2000}"))
        .to_owned();
    (token, cookie)
}

fn form(token: &str, pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = [
        ("token", token),
        ("group_name", "中清戸自治会"),
        ("contact_name", "清瀬 花子"),
        ("contact_phone", "042-492-5111"),
        ("wished_on", "2013-10-20"),
        ("venue", "中清戸地域市民センター"),
        ("expected_audience", "25"),
        ("not_for_profit", "1"),
        ("website", ""),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (k, v) in pairs {
        out.retain(|(n, _)| n != k);
        out.push(((*k).to_owned(), (*v).to_owned()));
    }
    out
}

#[tokio::test]
async fn a_group_asks_on_the_public_page_hr_approves_and_the_delivery_moves_2_5_1() {
    let (app, _) = city().await;
    let citizen = client_with_token(None);
    let before = requests_stored(&app).await;
    let counted = actual(&app, 2013).await.unwrap();
    let forms = [
        form_token(&citizen, &app, "A-01").await,
        form_token(&citizen, &app, "A-01").await,
        form_token(&citizen, &app, "A-01").await,
        form_token(&citizen, &app, "A-01").await,
    ];
    let post = |pairs: Vec<(String, String)>, cookie: Option<&str>| {
        let mut req = citizen.post(app.url("/public/outreach/A-01")).form(&pairs);
        if let Some(c) = cookie {
            req = req.header(reqwest::header::COOKIE, c);
        }
        async move {
            let res = req.send().await.unwrap();
            let location = res
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            (res.status().as_u16(), location + &res.text().await.unwrap())
        }
    };
    let (token, cookie) = (&forms[0].0, Some(forms[0].1.as_str()));
    // Sent at once: not a person (the token is too young).
    let (s, html) = post(form(token, &[]), cookie).await;
    assert_eq!(s, 400, "{html:.3000}");
    assert!(html.contains("もう一度ご記入"), "{html:.3000}");
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    // The hidden field filled in: a bot; no cookie: posted from another
    // site (or by a script that never showed the form).
    assert_eq!(
        post(form(token, &[("website", "http://spam.example")]), cookie)
            .await
            .0,
        400
    );
    assert_eq!(post(form(token, &[]), None).await.0, 400);
    assert_eq!(
        post(form(token, &[]), Some(forms[1].1.as_str())).await.0,
        400
    );
    // Too few people, too late, no contact, not confirmed: each named.
    let (s, html) = post(
        form(
            token,
            &[
                ("expected_audience", "5"),
                ("wished_on", "2013-10-10"),
                ("contact_phone", ""),
                ("not_for_profit", ""),
            ],
        ),
        cookie,
    )
    .await;
    assert_eq!(s, 422, "{html:.3000}");
    for said in [
        "予定人数: 受講者はおおむね 10 人以上",
        "希望日: 希望日の 14 日前まで",
        "電話番号: 電話番号かメールアドレス",
        "目的の確認:",
    ] {
        assert!(html.contains(said), "{said}: {html:.4000}");
    }
    assert!(html.contains("value=\"中清戸自治会\""), "kept as typed");
    assert_eq!(requests_stored(&app).await, before);
    // A good request is received (full-width digits read) and the page
    // says its number; the same form sent again stores nothing.
    let (s, location) = post(
        form(token, &[("contact_phone", "０４２－４９２－５１１１")]),
        cookie,
    )
    .await;
    assert_eq!(s, 303, "{location:.3000}");
    assert!(
        location.starts_with("/public/outreach/A-01?received="),
        "{location}"
    );
    let page = citizen
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("受付番号"), "{page:.3000}");
    assert_eq!(requests_stored(&app).await, before + 1);
    assert_eq!(
        post(form(token, &[]), cookie).await.0,
        400,
        "a form sends once"
    );
    assert_eq!(requests_stored(&app).await, before + 1);
    // Three an hour from one address; the fourth is throttled.
    for (token, cookie) in &forms[1..3] {
        assert_eq!(post(form(token, &[]), Some(cookie)).await.0, 303);
    }
    let (s, html) = post(form(&forms[3].0, &[]), Some(&forms[3].1)).await;
    assert_eq!(s, 429, "{html:.2000}");
    assert_eq!(requests_stored(&app).await, before + 3);

    // HR finds it, approves it, records the delivery.
    let (_, list) = app.get_json("/api/v1/outreach/requests?year=2013").await;
    let mine = list["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "requested" && r["source"] == "public")
        .unwrap()
        .clone();
    let id = mine["id"].as_i64().unwrap();
    assert_eq!(mine["request"]["group_name"], "中清戸自治会");
    let hr = &app.client;
    let path = |p: &str| format!("/api/v1/outreach/requests/{id}/{p}");
    let (s, v) = send(
        hr,
        &app,
        Method::POST,
        &path("delivery"),
        Some(json!({"delivered_on": "2013-10-01", "audience": 22, "lecturers": ["100001"]})),
    )
    .await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["delivered_on".to_owned()]),
        "not approved yet: {v}"
    );
    let (s, v) = send(
        hr,
        &app,
        Method::POST,
        &path("decision"),
        Some(json!({"approved": false, "decided_on": "2013-10-01"})),
    )
    .await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["note".to_owned()]),
        "a refusal needs its reason: {v}"
    );
    let (s, v) = send(hr, &app, Method::POST, &path("decision"),
        Some(json!({"approved": true, "decided_on": "2013-10-01", "note": "会場の手配をお願いします"}))).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["status"], "approved");
    let (s, v) = send(
        hr,
        &app,
        Method::POST,
        &path("delivery"),
        Some(json!({"delivered_on": "2013-09-30", "audience": 22, "lecturers": ["99999"]})),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(fields(&v), ["delivered_on"], "before the request: {v}");
    let (s, v) = send(
        hr,
        &app,
        Method::POST,
        &path("delivery"),
        Some(json!({"delivered_on": "2013-10-01", "audience": 22, "lecturers": ["99999"]})),
    )
    .await;
    assert_eq!((s, fields(&v)), (422, vec!["lecturers".to_owned()]), "{v}");
    assert_eq!(actual(&app, 2013).await, Some(counted));
    let lecturer = app.store.all_staff().await.unwrap()[0].number.to_string();
    let (s, v) = send(hr, &app, Method::POST, &path("delivery"),
        Some(json!({"delivered_on": "2013-10-01", "audience": 22, "feedback": "質問が多く出た", "lecturers": [lecturer]}))).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(actual(&app, 2013).await, Some(counted + 1.0));
    // Once only; the lecturer's staff page credits it.
    let (s, _) = send(
        hr,
        &app,
        Method::POST,
        &path("delivery"),
        Some(json!({"delivered_on": "2013-10-01", "audience": 22, "lecturers": [lecturer]})),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(actual(&app, 2013).await, Some(counted + 1.0));
    let (_, page) = app.get_text(&format!("/staff/{lecturer}")).await;
    assert!(
        page.contains("出前講座の講師") && page.contains("中清戸自治会"),
        "{page:.200}"
    );
}

#[tokio::test]
async fn a_division_head_handles_only_their_departments_lectures() {
    let (app, city) = city().await;
    let lectures = &city.outreach.lectures;
    // The head of a lecture's unit that has no units under it.
    let unit = lectures
        .iter()
        .map(|l| l.unit_code.clone())
        .find(|u| {
            !city
                .units
                .iter()
                .any(|x| x.parent.as_ref().is_some_and(|p| p.as_str() == u))
        })
        .unwrap();
    let grant = format!("manager:{unit}");
    let token = account_token_linked(&app.store, "kacho", &grant, None).await;
    let head = client_with_token(Some(&token));
    let (s, v) = send(
        &head,
        &app,
        Method::GET,
        "/api/v1/outreach/requests?year=2013",
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let theirs: Vec<&str> = lectures
        .iter()
        .filter(|l| l.unit_code == unit)
        .map(|l| l.title.as_str())
        .collect();
    assert!(!v["requests"].as_array().unwrap().is_empty(), "{v}");
    for r in v["requests"].as_array().unwrap() {
        assert!(
            theirs.contains(&r["lecture_title"].as_str().unwrap()),
            "{r}"
        );
        assert_eq!(r["unit_code"], unit.as_str());
    }
    // Another department's request: refused.
    let (_, all) = app.get_json("/api/v1/outreach/requests?year=2013").await;
    let other = all["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit_code"] != unit.as_str())
        .unwrap();
    let (s, _) = send(
        &head,
        &app,
        Method::GET,
        &format!("/api/v1/outreach/requests/{}", other["id"]),
        None,
    )
    .await;
    assert_eq!(s, 403);
    // The catalogue is HR's.
    let l = json!({"code": "Z-01", "title": "x", "unit_code": unit, "minutes": 60});
    let (s, _) = send(
        &head,
        &app,
        Method::PUT,
        "/api/v1/outreach/lectures/Z-01",
        Some(l.clone()),
    )
    .await;
    assert_eq!(s, 403);
    let (s, v) = send(
        &app.client,
        &app,
        Method::PUT,
        "/api/v1/outreach/lectures/Z-01",
        Some(l),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let bad = json!({"code": "Z-02", "title": "x", "unit_code": "NOPE", "minutes": 150});
    let (s, v) = send(
        &app.client,
        &app,
        Method::PUT,
        "/api/v1/outreach/lectures/Z-02",
        Some(bad),
    )
    .await;
    assert_eq!((s, fields(&v)), (422, vec!["minutes".to_owned()]), "{v}");
}

use crate::health_files::places;

#[tokio::test]
async fn earlier_years_come_from_files_and_the_command_line_decides_and_delivers() {
    use jinzai_io::import::Kind;
    let (app, _) = city().await;
    // Out and back in: every request replaces itself.
    for kind in ["outreach_lectures", "outreach_requests"] {
        let k = Kind::parse(kind).unwrap();
        let export = |app: &TestApp| {
            let store = app.store.clone();
            async move {
                let t = k.export(&store).await.unwrap();
                let bytes =
                    jinzai_io::export(&t, jinzai_io::Format::Csv, jinzai_io::Encoding::Utf8Bom)
                        .unwrap();
                (t.rows.len(), bytes)
            }
        };
        let (rows, before) = export(&app).await;
        assert!(rows > 10, "{kind}: {rows}");
        let (s, v) = app
            .post_bytes(&format!("/api/v1/imports/{kind}"), before.clone())
            .await;
        assert_eq!(s, 200, "{kind}: {v}");
        assert_eq!(v["summary"]["created"], 0, "{kind}: {v}");
        assert_eq!(
            v["summary"]["updated"].as_u64(),
            Some(rows as u64),
            "{kind}: {v}"
        );
        assert!(
            export(&app).await.1 == before,
            "{kind}: changed by its import"
        );
    }
    let counted = actual(&app, 2012).await.unwrap();
    let head = "講座番号,団体名,連絡担当者,申込日,希望日,予定人数,決定,決定日,実施日,受講者数,講師";
    // A delivery before the request (row 2, 実施日), the same request twice
    // (row 4, 団体名): nothing written.
    let file = format!(
        "{head}\nA-01,旧町会,清瀬 一郎,2012-06-01,2012-07-01,20,承認,2012-06-05,2012-05-30,18,100001\n\
         A-02,旧町会,清瀬 一郎,2012-06-01,2012-07-01,20,承認,2012-06-05,2012-07-01,18,100001\n\
         A-02,旧町会,清瀬 一郎,2012-06-01,2012-07-01,20,,,,,\n"
    );
    let (s, v) = app
        .post_bytes("/api/v1/imports/outreach_requests", file.into_bytes())
        .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(places(&v), [(2, 9), (4, 2)], "{v}");
    // A lecture the catalogue lacks (row 2, 講座番号).
    let file = format!("{head}\nA-99,旧町会,清瀬 一郎,2012-06-01,2012-07-01,20,,,,,\n");
    let (s, v) = app
        .post_bytes("/api/v1/imports/outreach_requests", file.into_bytes())
        .await;
    assert_eq!((s, places(&v)), (422, vec![(2, 1)]), "{v}");
    assert_eq!(actual(&app, 2012).await, Some(counted));
    // A paper record of 2012 read in: 2-5-1 counts it.
    let lecturer = app.store.all_staff().await.unwrap()[0].number.to_string();
    let file = format!(
        "{head}\nA-01,旧町会,清瀬 一郎,2012-06-01,2012-07-01,20,承認,2012-06-05,2012-07-01,18,{lecturer}\n"
    );
    let (s, v) = app
        .post_bytes("/api/v1/imports/outreach_requests", file.into_bytes())
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(actual(&app, 2012).await, Some(counted + 1.0));

    // The command line: a request taken by phone, decided and delivered.
    let body = json!({
        "lecture_code": "A-03", "group_name": "電話の会", "contact_name": "清瀬 次郎",
        "contact_phone": "042-492-5111", "wished_on": "2013-11-01", "venue": "集会所",
        "expected_audience": 15, "not_for_profit": true,
    });
    let (s, v) = send(
        &app.client,
        &app,
        Method::POST,
        "/api/v1/outreach/requests",
        Some(body),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["source"], "staff");
    let id = v["id"].as_i64().unwrap().to_string();
    let jinzai = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"))
            .args(args)
            .env("JINZAI_DATABASE_URL", app.database_url())
            .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
            .env("JINZAI_TODAY", "2013-10-01")
            .env("JINZAI_LOG", "error")
            .output()
            .unwrap()
    };
    let out = jinzai(&["outreach", "requests", "--year", "2013"]);
    crate::support::assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l.starts_with(&format!("{id}\trequested\tA-03\t電話の会"))),
        "{text}"
    );
    let out = jinzai(&[
        "outreach",
        "deliver",
        &id,
        "--on",
        "2013-10-01",
        "--audience",
        "14",
        "--lecturers",
        &lecturer,
    ]);
    assert!(!out.status.success(), "delivered before approval");
    crate::support::assert_success(&jinzai(&["outreach", "decide", &id]));
    let before = actual(&app, 2013).await.unwrap();
    let out = jinzai(&[
        "outreach",
        "deliver",
        &id,
        "--on",
        "2013-10-01",
        "--audience",
        "14",
        "--lecturers",
        &lecturer,
    ]);
    crate::support::assert_success(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("{id}\tdelivered")
    );
    assert_eq!(actual(&app, 2013).await, Some(before + 1.0));
}
