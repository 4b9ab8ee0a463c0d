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

/// The public form for lecture `code`: its token.
async fn form_token(c: &reqwest::Client, app: &TestApp, code: &str) -> String {
    let html = c
        .get(app.url(&format!("/public/outreach/{code}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    html.split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("{html:.2000}"))
        .to_owned()
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
    let token = form_token(&citizen, &app, "A-01").await;
    let post = |pairs: Vec<(String, String)>| {
        let citizen = citizen.clone();
        let url = app.url("/public/outreach/A-01");
        async move {
            let res = citizen.post(url).form(&pairs).send().await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    // Sent at once: not a person (the token is too young).
    let (s, html) = post(form(&token, &[])).await;
    assert_eq!(s, 400, "{html:.3000}");
    assert!(html.contains("もう一度ご記入"), "{html:.3000}");
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    // The hidden field filled in: a bot.
    let (s, _) = post(form(&token, &[("website", "http://spam.example")])).await;
    assert_eq!(s, 400);
    // Too few people, too late, no contact, not confirmed: each named.
    let (s, html) = post(form(
        &token,
        &[
            ("expected_audience", "5"),
            ("wished_on", "2013-10-10"),
            ("contact_phone", ""),
            ("not_for_profit", ""),
        ],
    ))
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
    // A good request is received with its number.
    let (s, html) = post(form(&token, &[])).await;
    assert_eq!(s, 200, "{html:.3000}");
    assert!(html.contains("受付番号"), "{html:.3000}");
    assert_eq!(requests_stored(&app).await, before + 1);
    // Three an hour from one address; the fourth is throttled.
    for _ in 0..2 {
        assert_eq!(post(form(&token, &[])).await.0, 200);
    }
    let (s, html) = post(form(&token, &[])).await;
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
    assert_eq!(mine["request"]["contact_phone"], "042-492-5111");
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
