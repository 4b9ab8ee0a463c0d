//! The one clock: "today" and "now" are Japan time, read from the clock the
//! server and store were given, so any day can be tested.

use crate::support::{KIYOSE, PLAN, TestApp, account_token_linked, client_with_token};
use chrono::{NaiveDate, TimeZone, Utc};
use jinzai_domain::Clock;
use jinzai_domain::plan::parse_plan;
use jinzai_store::AuditQuery;

/// 15:30 UTC on 31 May 2013: already 1 June (00:30) in Tokyo.
fn just_after_midnight_in_tokyo() -> Clock {
    Clock::fixed(
        Utc.with_ymd_and_hms(2013, 5, 31, 15, 30, 0)
            .single()
            .unwrap(),
    )
}

#[tokio::test]
async fn stored_instants_come_from_the_clock_and_read_in_japan_time() {
    let app = TestApp::spawn_on(just_after_midnight_in_tokyo()).await;
    let plan = parse_plan(KIYOSE).unwrap();
    app.store
        .import_plan(&plan, KIYOSE, "test", "tests")
        .await
        .unwrap();

    // Stored as UTC, stamped by the clock (not the machine's time).
    let versions = app.store.plan_versions(PLAN).await.unwrap();
    assert_eq!(versions[0].imported_at, "2013-05-31T15:30:00Z");
    let (entries, _) = app
        .store
        .audit_entries(&AuditQuery {
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    assert!(
        entries.iter().any(|e| e.at == "2013-05-31T15:30:00Z"),
        "{entries:?}"
    );
    // A day filter is a day in Japan: 1 June holds the entry, 31 May not.
    let on = |d: u32| AuditQuery {
        from: NaiveDate::from_ymd_opt(2013, if d == 1 { 6 } else { 5 }, d),
        to: NaiveDate::from_ymd_opt(2013, if d == 1 { 6 } else { 5 }, d),
        limit: 10,
        ..AuditQuery::default()
    };
    assert!(app.store.audit_entries(&on(1)).await.unwrap().1 >= 1);
    assert_eq!(app.store.audit_entries(&on(31)).await.unwrap().1, 0);

    // People read the time in Japan, without "UTC".
    let (status, page) = app.get_text(&format!("/plans/{PLAN}/versions")).await;
    assert_eq!(status, 200);
    assert!(page.contains("2013-06-01 00:30:00"), "{page}");
    assert!(!page.contains("UTC"), "{page}");
}

#[tokio::test]
async fn today_is_the_clocks_day_in_japan() {
    let app = TestApp::spawn_on(just_after_midnight_in_tokyo()).await;
    // The current fiscal year is FY2013 (1 June in Tokyo), though the UTC
    // date is still 31 May of the same fiscal year; and 31 March 15:30 UTC
    // would already be the next fiscal year.
    let (status, body) = app.get_json("/api/v1/training/sessions").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["fiscal_year"], 2013);

    let april = TestApp::spawn_on(Clock::fixed(
        Utc.with_ymd_and_hms(2013, 3, 31, 15, 30, 0)
            .single()
            .unwrap(),
    ))
    .await;
    let (_, body) = april.get_json("/api/v1/training/summary").await;
    assert_eq!(body["fiscal_year"], 2013, "{body}");

    // A person applying for self-development support applies as of today.
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let day = NaiveDate::from_ymd_opt(2013, 6, 1).unwrap();
    let serving = city
        .assignments
        .iter()
        .find(|a| a.primary && a.active_on(day))
        .unwrap();
    let token = account_token_linked(
        &app.store,
        "applicant",
        "staff",
        Some(&serving.staff_number),
    )
    .await;
    let res = client_with_token(Some(&token))
        .post(app.url("/api/v1/self-development"))
        .json(
            &serde_json::json!({"kind": "qualification", "title": "社会福祉士", "subsidy": 30000}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["application"]["applied"], "2013-06-01", "{body}");
}
