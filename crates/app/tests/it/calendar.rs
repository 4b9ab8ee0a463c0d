//! The working-day calendar: national holidays (the 2019–2021 changes),
//! 年末年始, and the city's own closures HR keeps through the API and the
//! page, audited; others may only read it.

use crate::support::{TestApp, account_token, client_with_token, text_of};
use serde_json::json;

#[tokio::test]
async fn the_calendar_knows_holidays_and_keeps_the_citys_closures() {
    let app = TestApp::spawn().await;
    // 2019: the accession days and Golden Week, and 年末年始.
    let (s, y) = app.get_json("/api/v1/calendar?year=2019").await;
    assert_eq!(s, 200, "{y}");
    let closed: Vec<String> = y["closed"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| d["date"].as_str().unwrap_or_default().to_owned())
        .collect();
    for day in [
        "2019-04-30",
        "2019-05-01",
        "2019-05-02",
        "2019-12-30",
        "2019-12-31",
    ] {
        assert!(closed.iter().any(|c| c == day), "{day} not closed");
    }
    assert!(
        !closed.iter().any(|c| c == "2019-12-23"),
        "天皇誕生日 moved"
    );
    let open_2019 = y["open_days"].as_u64().unwrap_or_default();

    // HR adds a closure of the city's: a weekday that was open.
    let (s, v) = app
        .send_json(
            reqwest::Method::PUT,
            "/api/v1/calendar/closures/2019-06-03",
            &json!({"reason": "庁舎の停電工事"}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, y) = app.get_json("/api/v1/calendar?year=2019").await;
    assert_eq!(y["open_days"].as_u64().unwrap_or_default(), open_2019 - 1);
    assert!(
        y["closed"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|d| d["date"] == "2019-06-03"
                && d["closed"] == json!({"kind": "city", "name": "庁舎の停電工事"})),
        "{y}"
    );
    // The page shows it beside the holidays' names.
    let page = text_of(app.client.get(app.url("/calendar?year=2019"))).await;
    assert!(
        page.contains("庁舎の停電工事") && page.contains("即位"),
        "{page:.600}"
    );

    // No reason, a bad date: refused, nothing written.
    let (s, v) = app
        .send_json(
            reqwest::Method::PUT,
            "/api/v1/calendar/closures/2019-06-04",
            &json!({"reason": " "}),
        )
        .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["field"].clone()),
        (422, json!("reason"))
    );
    let (s, _) = app
        .send_json(
            reqwest::Method::PUT,
            "/api/v1/calendar/closures/2019-02-30",
            &json!({"reason": "x"}),
        )
        .await;
    assert_eq!(s, 400);
    // The page form takes 和暦.
    let res = app
        .post_form(
            "/calendar/closures",
            &[("day", "令和元年6月5日"), ("reason", "選挙事務")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, y) = app.get_json("/api/v1/calendar?year=2019").await;
    assert_eq!(y["open_days"].as_u64().unwrap_or_default(), open_2019 - 2);

    // Anyone signed in reads it; only HR changes it.
    let viewer = client_with_token(Some(&account_token(&app.store, "v", "viewer").await));
    let res = viewer
        .get(app.url("/api/v1/calendar?year=2019"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let res = viewer
        .delete(app.url("/api/v1/calendar/closures/2019-06-03"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);

    // HR removes it; every change is in the audit log.
    let (s, v) = app
        .send_json(
            reqwest::Method::DELETE,
            "/api/v1/calendar/closures/2019-06-03",
            &json!({}),
        )
        .await;
    assert_eq!((s, v["changed"].clone()), (200, json!(true)));
    let (entries, _) = app
        .store
        .audit_entries(&jinzai_store::AuditQuery {
            record_type: "city_closure".into(),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(entries.len(), 3, "two set, one removed");
}
