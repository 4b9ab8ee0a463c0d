//! Training records: imports checked against what is stored (all or
//! nothing, each problem at its row), rosters and attendance entry, and the
//! pages that show them.

use crate::support::TestApp;
use serde_json::json;

#[tokio::test]
async fn a_participation_list_naming_an_unknown_person_or_session_writes_nothing() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let session = city
        .training
        .sessions
        .iter()
        .find(|s| s.course_code == "I01")
        .unwrap();
    let staff = city
        .staff
        .iter()
        .find(|s| s.hire_date < session.start && s.leaving_date.is_none())
        .unwrap();
    let (_, before) = app
        .get_json(&format!("/api/v1/staff/{}", staff.number))
        .await;
    let good = format!("{},I01,{},修了,5", staff.number, session.start);
    let body = format!(
        "職員番号,研修コード,開始日,受講状況,満足度\n{good}\nZZ999,I01,{},受講,\n{},I01,1999-01-01,受講,\n",
        session.start, staff.number
    );
    let (s, v) = app
        .post_bytes("/api/v1/imports/participations", body.into_bytes())
        .await;
    assert_eq!(
        (s, v["error"]["code"].clone()),
        (422, json!("import_invalid")),
        "{v}"
    );
    let places: Vec<(u64, u64)> = v["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["row"].as_u64().unwrap(), p["col"].as_u64().unwrap()))
        .collect();
    assert_eq!(places, [(3, 1), (4, 3), (4, 2)], "{v}");
    let (_, after) = app
        .get_json(&format!("/api/v1/staff/{}", staff.number))
        .await;
    assert_eq!(before["training"], after["training"], "nothing was written");

    // The good row alone is taken, and shows in the person's history.
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/participations",
            format!("職員番号,研修コード,開始日,受講状況,満足度\n{good}\n").into_bytes(),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, m) = app
        .get_json(&format!("/api/v1/staff/{}", staff.number))
        .await;
    assert!(
        m["training"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["participation"]["course_code"] == "I01"
                && t["participation"]["status"] == "completed")
    );
}

#[tokio::test]
async fn attendance_is_recorded_for_a_roster_along_the_flow_and_audited() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let t = &city.training;
    // A session with someone approved and someone who completed.
    let session = t
        .sessions
        .iter()
        .find(|s| {
            let on = |st: &str| {
                t.participations
                    .iter()
                    .any(|p| p.course_code == s.course_code && p.start == s.start && p.status == st)
            };
            on("approved") && on("completed")
        })
        .unwrap();
    let of = |st: &str| {
        t.participations
            .iter()
            .find(|p| {
                p.course_code == session.course_code && p.start == session.start && p.status == st
            })
            .unwrap()
            .staff_number
            .clone()
    };
    let (approved, completed) = (of("approved"), of("completed"));
    let path = format!(
        "/api/v1/training/sessions/{}/{}",
        session.course_code, session.start
    );
    // Completed → applied is not a step: nothing is recorded.
    let (s, v) = app
        .post_json(
            &format!("{path}/attendance"),
            &json!({"changes": [
                {"staff_number": approved, "status": "attended"},
                {"staff_number": completed, "status": "applied"}
            ]}),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    let (_, roster) = app.get_json(&path).await;
    let status_of = |roster: &serde_json::Value, n: &str| {
        roster["roster"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["staff_number"] == n)
            .unwrap()["participation"]["status"]
            .clone()
    };
    assert_eq!(status_of(&roster, &approved), "approved", "all or nothing");
    let (s, v) = app
        .post_json(
            &format!("{path}/attendance"),
            &json!({"changes": [{"staff_number": approved, "status": "attended"}]}),
        )
        .await;
    assert_eq!((s, v["changed"].clone()), (200, json!(1)), "{v}");
    let (_, roster) = app.get_json(&path).await;
    assert_eq!(status_of(&roster, &approved), "attended");
    let (entries, _) = app
        .store
        .audit_entries(&jinzai_store::AuditQuery {
            record_type: "training_session".into(),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "record_attendance" && e.detail.to_string().contains(&approved))
    );

    // The page form does the same, and the year's page shows the session.
    let page = format!(
        "/training/sessions/{}/{}",
        session.course_code, session.start
    );
    let (status, html) = app.get_text(&page).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("name=\"s_{approved}\"")));
    let fy = jinzai_domain::FiscalYear::containing(session.start).0;
    let (status, html) = app.get_text(&format!("/training?year={fy}")).await;
    assert_eq!(status, 200);
    assert!(html.contains(&page));
    assert!(html.contains("研修ニーズと実施状況"));
}
