//! Training records: imports checked against what is stored (all or
//! nothing, each problem at its row), rosters and attendance entry, the
//! records entered one at a time (self-development applications and their
//! steps, units' OJT plans and sessions) with who may enter them, and the
//! pages that show them.

use crate::support::{TestApp, account_token_linked, audit_of, client_with_token, text_of};
use serde_json::json;

const PLAN: &str = "kiyose-2011";

/// A computed indicator's value for a year and schedule line.
async fn indicator(app: &TestApp, node: &str, fy: i32) -> f64 {
    let (_, v) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/{node}/indicator"))
        .await;
    v["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["fiscal_year"] == fy && y["line"] == 1)
        .map(|y| y["value"].as_f64().unwrap())
        .unwrap_or_else(|| panic!("{node} FY{fy}: {v}"))
}

/// Sends JSON with `client` and returns the status and body.
async fn send(
    app: &TestApp,
    client: &reqwest::Client,
    method: reqwest::Method,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let name = method.as_str().to_owned();
    let res = client
        .request(method, app.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let body = res.json().await.unwrap_or_default();
    crate::support::conforms(&name, path, status, &body);
    (status, body)
}

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
        // Hired after 1999, so that a session of 1999 is before their hire.
        .find(|s| {
            s.hire_date < session.start
                && s.hire_date > chrono::NaiveDate::from_ymd_opt(1999, 1, 1).unwrap()
                && s.leaving_date.is_none()
        })
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
                t.participations.iter().any(|p| {
                    p.course_code == s.course_code
                        && p.start == s.start
                        && p.status.to_string() == st
                })
            };
            on("approved") && on("completed")
        })
        .unwrap();
    let of = |st: &str| {
        t.participations
            .iter()
            .find(|p| {
                p.course_code == session.course_code
                    && p.start == session.start
                    && p.status.to_string() == st
            })
            .unwrap()
            .staff_number
            .to_string()
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
    let entries = audit_of(&app, "training_session").await;
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

#[tokio::test]
async fn a_self_development_application_goes_from_applicant_to_qualification() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let today = app.store.clock().today();
    let applied = chrono::NaiveDate::from_ymd_opt(2013, 9, 2).unwrap();
    let mut hired = city
        .staff
        .iter()
        .filter(|s| s.hire_date < applied && s.leaving_date.is_none_or(|l| l > today));
    let (me, other, officer) = (
        hired.next().unwrap(),
        hired.next().unwrap(),
        hired.next().unwrap(),
    );
    let mine = client_with_token(Some(
        &account_token_linked(&app.store, "me", "staff", Some(&me.number)).await,
    ));
    let theirs = client_with_token(Some(
        &account_token_linked(&app.store, "other", "staff", Some(&other.number)).await,
    ));
    // An HR officer who is also on the staff.
    let hr_self = client_with_token(Some(
        &account_token_linked(&app.store, "hr2", "hr", Some(&officer.number)).await,
    ));
    let post = reqwest::Method::POST;
    let get = reqwest::Method::GET;
    let list = "/api/v1/self-development";

    // The applicant applies for themselves, as of today whatever date is
    // sent; naming someone else is HR's.
    let application = json!({"kind": "qualification", "title": "社会福祉士", "applied": "平成25年9月2日", "subsidy": 30000});
    let mut for_other = application.clone();
    for_other["staff_number"] = json!(other.number);
    let (s, _) = send(&app, &mine, post.clone(), list, for_other).await;
    assert_eq!(s, 403);
    // An amount below 0 is off the body's schema: 422, the field named.
    let mut negative = application.clone();
    negative["subsidy"] = json!(-5);
    let (s, v) = send(&app, &mine, post.clone(), list, negative).await;
    assert_eq!(
        (s, v["error"]["fields"][0]["field"].clone()),
        (422, json!("subsidy")),
        "{v}"
    );
    let (s, v) = send(&app, &mine, post.clone(), list, application.clone()).await;
    assert_eq!(s, 201, "{v}");
    let own_id = v["id"].as_i64().unwrap();
    assert_eq!(
        v["application"]["applied"],
        json!(today),
        "applicants apply today"
    );
    let (s, v) = send(&app, &mine, post.clone(), list, application.clone()).await;
    assert_eq!(
        (s, v["error"]["fields"][0]["field"].clone()),
        (422, json!("title")),
        "{v}"
    );
    let (s, v) = send(
        &app,
        &theirs,
        post.clone(),
        list,
        json!({"kind": "correspondence", "title": "簿記3級", "applied": ""}),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let their_id = v["id"].as_i64().unwrap();

    // Each sees only their own; the other cannot touch mine.
    let this_year = jinzai_domain::FiscalYear::containing(today).0;
    let (_, l) = send(
        &app,
        &mine,
        get.clone(),
        &format!("{list}?year={this_year}"),
        json!(null),
    )
    .await;
    let ids: Vec<_> = l["applications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [own_id], "{l}");
    let html = text_of(mine.get(app.url("/training/self-development"))).await;
    assert!(
        html.contains(&format!("id=\"sd-{own_id}\""))
            && !html.contains(&format!("id=\"sd-{their_id}\""))
    );
    let (s, _) = send(
        &app,
        &theirs,
        post.clone(),
        &format!("{list}/{own_id}"),
        json!({"status": "withdrawn"}),
    )
    .await;
    assert_eq!(s, 403);
    // The applicant cannot approve; a withdrawal keeps the amount asked.
    let (s, v) = send(
        &app,
        &mine,
        post.clone(),
        &format!("{list}/{own_id}"),
        json!({"status": "approved"}),
    )
    .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["code"].clone()),
        (422, json!("hr_decides")),
        "{v}"
    );
    let (s, v) = send(
        &app,
        &mine,
        post.clone(),
        &format!("{list}/{own_id}"),
        json!({"status": "withdrawn", "subsidy": 999999}),
    )
    .await;
    assert_eq!((s, v["subsidy"].clone()), (200, json!(30000)), "{v}");

    // A rejection needs its reason, kept with the application.
    let (s, v) = app
        .post_json(
            &format!("{list}/{their_id}"),
            &json!({"status": "rejected"}),
        )
        .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["field"].clone()),
        (422, json!("note")),
        "{v}"
    );
    let (s, v) = app
        .post_json(
            &format!("{list}/{their_id}"),
            &json!({"status": "rejected", "note": "職務との関連が確認できないため"}),
        )
        .await;
    assert_eq!(
        (s, v["note"].clone()),
        (200, json!("職務との関連が確認できないため")),
        "{v}"
    );
    // HR decides others' applications, not their own.
    let (s, v) = send(&app, &hr_self, post.clone(), list, json!({"staff_number": officer.number, "kind": "lecture", "title": "公開講座", "applied": "2013-10-01"})).await;
    assert_eq!(s, 201, "{v}");
    let officer_id = v["id"].as_i64().unwrap();
    let (s, v) = send(
        &app,
        &hr_self,
        post.clone(),
        &format!("{list}/{officer_id}"),
        json!({"status": "approved"}),
    )
    .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["code"].clone()),
        (422, json!("own_application")),
        "{v}"
    );
    let (s, _) = app
        .post_json(
            &format!("{list}/{officer_id}"),
            &json!({"status": "approved"}),
        )
        .await;
    assert_eq!(s, 200, "another HR officer may");

    // HR records a paper application of FY2013: it counts once supported.
    let before = indicator(&app, "3-2-1", 2013).await;
    let mut paper = application.clone();
    paper["staff_number"] = json!(me.number);
    let (s, v) = app.post_json(list, &paper).await;
    assert_eq!(
        (s, v["application"]["applied"].clone()),
        (201, json!("2013-09-02")),
        "{v}"
    );
    let id = v["id"].as_i64().unwrap();
    assert_eq!(
        indicator(&app, "3-2-1", 2013).await,
        before,
        "applied is not yet supported"
    );
    let step = format!("{list}/{id}");
    let (s, v) = app
        .post_json(&step, &json!({"status": "approved", "subsidy": 20000}))
        .await;
    assert_eq!(
        (s, v["status"].clone(), v["subsidy"].clone()),
        (200, json!("approved"), json!(20000)),
        "{v}"
    );
    assert_eq!(indicator(&app, "3-2-1", 2013).await, before + 1.0);
    // Completion needs its date; with it the qualification joins the record.
    let (s, v) = app
        .post_json(
            &step,
            &json!({"status": "completed", "qualification": "社会福祉士"}),
        )
        .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["field"].clone()),
        (422, json!("completed")),
        "{v}"
    );
    let (s, v) = app
        .post_json(&step, &json!({"status": "completed", "completed": "2014-02-20", "qualification": "社会福祉士"}))
        .await;
    assert_eq!(s, 200, "{v}");
    let staff = app.store.staff_member(&me.number).await.unwrap().unwrap().0;
    assert!(
        staff.qualifications.iter().any(|q| q == "社会福祉士"),
        "{:?}",
        staff.qualifications
    );
    let (s, v) = app.post_json(&step, &json!({"status": "withdrawn"})).await;
    assert_eq!(
        (s, v["error"]["fields"][0]["code"].clone()),
        (422, json!("step_refused")),
        "{v}"
    );
    assert_eq!(indicator(&app, "3-2-1", 2013).await, before + 1.0);
    let entries = audit_of(&app, "self_development").await;
    let actions: Vec<_> = entries
        .iter()
        .filter(|e| e.record_key == id.to_string())
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "self_development_step")
            .count(),
        2,
        "{actions:?}"
    );
    assert!(actions.contains(&"apply"));

    // The page: HR's bad date is refused at its field, nothing written.
    let (_, all_before) = app.get_json(&format!("{list}?year=2013")).await;
    let res = app
        .post_form(
            "/training/self-development",
            &[
                ("staff_number", me.number.as_str()),
                ("kind", "correspondence"),
                ("title", "簿記"),
                ("applied", "2013-13-40"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("id=\"e-applied\"") && html.contains("aria-invalid=\"true\""),
        "{html:.300}"
    );
    let (_, all_after) = app.get_json(&format!("{list}?year=2013")).await;
    assert_eq!(all_before["count"], all_after["count"]);
    let res = app
        .post_form(
            "/training/self-development",
            &[
                ("staff_number", me.number.as_str()),
                ("kind", "correspondence"),
                ("title", "簿記"),
                ("applied", "2013-10-01"),
                ("subsidy", "１２，０００"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, l) = app.get_json(&format!("{list}?year=2013")).await;
    let bookkeeping = l["applications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "簿記")
        .unwrap()
        .clone();
    assert_eq!(bookkeeping["subsidy"], 12000, "full-width digits are read");
    // A refused step keeps what HR typed; no step chosen is refused.
    let res = app
        .post_form(
            &format!("/training/self-development/{}", bookkeeping["id"]),
            &[("status", ""), ("subsidy", "8000")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("次の状況を選んでください") && html.contains("value=\"8000\""));
    // The applicant withdraws from the page; HR's page shows it so.
    let res = mine
        .post(app.url(&format!("/training/self-development/{}", bookkeeping["id"])))
        .form(&[("status", "withdrawn")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let (s, html) = app
        .get_text("/training/self-development?year=2013&status=withdrawn")
        .await;
    assert_eq!(s, 200);
    assert!(
        html.contains("簿記") && html.contains(&me.name),
        "HR sees names"
    );
}

#[tokio::test]
async fn a_division_head_keeps_their_units_ojt_plan_and_the_sessions_held() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let today = app.store.clock().today();
    let this_year = jinzai_domain::FiscalYear::containing(today).0;
    let t = &city.training;
    // A unit serving today, and one outside it.
    let unit = city
        .assignments
        .iter()
        .find(|a| a.primary && a.active_on(today))
        .unwrap()
        .unit_code
        .clone();
    let kept = jinzai_domain::people::unit::with_descendants(
        &city.units,
        std::slice::from_ref(&unit),
        today,
    );
    let outside = jinzai_domain::people::unit::as_of(&city.units, today)
        .into_iter()
        .find(|u| !kept.contains(&u.code))
        .unwrap()
        .code
        .clone();
    let head = client_with_token(Some(
        &account_token_linked(&app.store, "head", &format!("manager:{unit}"), None).await,
    ));
    let put = reqwest::Method::PUT;
    let post = reqwest::Method::POST;
    let plan = |n: u32| json!({"theme": "窓口対応の基本", "planned_sessions": n});
    // Two sessions held, yesterday and today (yesterday may be last year's
    // on 1 April): the plan asks for as many as fall in this year.
    let yesterday = today.pred_opt().unwrap();
    let held_this_year =
        u32::from(jinzai_domain::FiscalYear::containing(yesterday).0 == this_year) + 1;

    // The plan: their unit this year; not another unit, nor a past year.
    let (s, _) = send(
        &app,
        &head,
        put.clone(),
        &format!("/api/v1/training/ojt/{outside}/{this_year}"),
        plan(1),
    )
    .await;
    assert_eq!(s, 403);
    let (s, v) = send(
        &app,
        &head,
        put.clone(),
        &format!("/api/v1/training/ojt/{unit}/2013"),
        plan(1),
    )
    .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["code"].clone()),
        (422, json!("closed_year")),
        "{v}"
    );
    let (s, v) = send(
        &app,
        &head,
        put.clone(),
        &format!("/api/v1/training/ojt/{unit}/{this_year}"),
        plan(0),
    )
    .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["field"].clone()),
        (422, json!("planned_sessions")),
        "{v}"
    );
    let (s, v) = send(
        &app,
        &head,
        put.clone(),
        &format!("/api/v1/training/ojt/{unit}/{this_year}"),
        plan(held_this_year),
    )
    .await;
    assert_eq!(s, 201, "{v}");

    // Sessions held: OJT courses only, not after today.
    let sessions = format!("/api/v1/training/ojt/{unit}/sessions");
    let not_ojt = t
        .courses
        .iter()
        .find(|c| c.category.to_string() != "ojt")
        .unwrap();
    let (s, v) = send(
        &app,
        &head,
        post.clone(),
        &sessions,
        json!({"course": not_ojt.code, "start": today}),
    )
    .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["field"].clone()),
        (422, json!("course")),
        "{v}"
    );
    let tomorrow = today.succ_opt().unwrap();
    let (s, v) = send(
        &app,
        &head,
        post.clone(),
        &sessions,
        json!({"course": "O01", "start": tomorrow}),
    )
    .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["code"].clone()),
        (422, json!("future")),
        "{v}"
    );
    for d in [yesterday, today] {
        let (s, v) = send(
            &app,
            &head,
            post.clone(),
            &sessions,
            json!({"course": "O01", "start": d, "place": "第1会議室"}),
        )
        .await;
        assert_eq!(s, 201, "{v}");
    }
    // Another unit's session of that course and day is not theirs to take.
    let (s, v) = app
        .post_json(
            &format!("/api/v1/training/ojt/{outside}/sessions"),
            &json!({"course": "O01", "start": today.pred_opt().unwrap().pred_opt().unwrap()}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let (s, v) = send(
        &app,
        &head,
        post.clone(),
        &sessions,
        json!({"course": "O01", "start": today.pred_opt().unwrap().pred_opt().unwrap()}),
    )
    .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["code"].clone()),
        (422, json!("taken")),
        "{v}"
    );
    let (_, summary) = app
        .get_json(&format!("/api/v1/training/summary?year={this_year}"))
        .await;
    let row = summary["ojt_plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["plan"]["unit_code"] == json!(unit))
        .unwrap()
        .clone();
    assert_eq!(
        (row["held"].as_u64().unwrap(), row["carried_out"].clone()),
        (u64::from(held_this_year), json!(true)),
        "{row}"
    );
    let entries = audit_of(&app, "training_session").await;
    assert!(entries.iter().any(|e| e.action == "enter"
        && e.actor == "head"
        && e.detail.to_string().contains("第1会議室")));

    // The page: their units only; bad input refused at its field, a past
    // year refused, a session entered twice refused rather than overwritten.
    let html = text_of(head.get(app.url("/training/ojt"))).await;
    assert!(
        html.contains(&format!("value=\"{unit}\""))
            && !html.contains(&format!("value=\"{outside}\""))
    );
    assert!(
        html.contains(&today.to_string()),
        "the sessions held are listed"
    );
    let year = this_year.to_string();
    let form = |y: &str, n: &str| {
        head.post(app.url("/training/ojt/plans"))
            .form(&[
                ("unit", unit.as_str()),
                ("year", y),
                ("theme", "接遇"),
                ("planned_sessions", n),
            ])
            .send()
    };
    let res = form(&year, "ゼロ").await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("id=\"e-plan-planned_sessions\"")
    );
    let res = form("2013", "1").await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let res = head
        .post(app.url("/training/ojt/plans"))
        .form(&[
            ("unit", outside.as_str()),
            ("year", year.as_str()),
            ("theme", "接遇"),
            ("planned_sessions", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let res = head
        .post(app.url("/training/ojt/sessions"))
        .form(&[
            ("unit", unit.as_str()),
            ("course", "O01"),
            ("start", &today.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422, "already recorded");
    // Their session's change form (its key fixed) changes it; another
    // unit's session stays out of reach even with the change flag.
    let change = format!("/training/ojt?unit={unit}&change=O01@{today}");
    let html = text_of(head.get(app.url(&change))).await;
    assert!(html.contains("name=\"existing\" value=\"1\"") && html.contains("第1会議室"));
    let today_s = today.to_string();
    let res = head
        .post(app.url("/training/ojt/sessions"))
        .form(&[
            ("existing", "1"),
            ("unit", unit.as_str()),
            ("course", "O01"),
            ("start", today_s.as_str()),
            ("place", "第3会議室"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let two_days_ago = today.pred_opt().unwrap().pred_opt().unwrap().to_string();
    let res = head
        .post(app.url("/training/ojt/sessions"))
        .form(&[
            ("existing", "1"),
            ("unit", unit.as_str()),
            ("course", "O01"),
            ("start", two_days_ago.as_str()),
            ("place", "乗っ取り"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422, "another unit's session");
    let entries = audit_of(&app, "training_session").await;
    let changed = entries
        .iter()
        .find(|e| e.detail["after"]["place"] == "第3会議室")
        .unwrap();
    assert_eq!(changed.detail["before"]["place"], "第1会議室");
    assert!(
        !entries
            .iter()
            .any(|e| e.detail.to_string().contains("乗っ取り"))
    );
}

#[tokio::test]
async fn hr_keeps_any_years_ojt_and_the_indicator_follows() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let t = &city.training;
    let fy = 2013;
    let in_fy = |d: chrono::NaiveDate| jinzai_domain::FiscalYear::containing(d).0 == fy;
    let unit = t
        .ojt_plans
        .iter()
        .find(|o| o.fiscal_year == fy)
        .unwrap()
        .unit_code
        .clone();
    let held_before = t
        .sessions
        .iter()
        .filter(|s| {
            s.course_code == "O01"
                && s.unit_code.as_deref() == Some(unit.as_str())
                && in_fy(s.start)
        })
        .count();
    let was_carried = t.ojt_plans.iter().any(|o| {
        o.unit_code == unit && o.fiscal_year == fy && held_before >= o.planned_sessions as usize
    });
    let carried_before = indicator(&app, "3-3-1", fy).await;
    // HR raises the plan so it is no longer carried out ...
    let planned = u32::try_from(held_before).unwrap() + 2;
    let (s, v) = app
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/training/ojt/{unit}/{fy}"),
            &json!({"theme": "窓口対応の基本", "planned_sessions": planned}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let carried_planned = indicator(&app, "3-3-1", fy).await;
    assert_eq!(
        carried_planned,
        carried_before - f64::from(u8::from(was_carried))
    );
    // ... and records two sessions held, so it is again.
    let free: Vec<chrono::NaiveDate> = (1..=28)
        .map(|d| chrono::NaiveDate::from_ymd_opt(2014, 2, d).unwrap())
        .filter(|d| {
            !t.sessions
                .iter()
                .any(|s| s.course_code == "O01" && s.start == *d)
        })
        .take(2)
        .collect();
    for d in &free {
        let (s, v) = app
            .post_json(
                &format!("/api/v1/training/ojt/{unit}/sessions"),
                &json!({"course": "O01", "start": d}),
            )
            .await;
        assert_eq!(s, 201, "{v}");
    }
    let (_, summary) = app
        .get_json(&format!("/api/v1/training/summary?year={fy}"))
        .await;
    let carried: usize = summary["ojt_plans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["carried_out"] == true)
        .count();
    assert_eq!(indicator(&app, "3-3-1", fy).await, carried as f64);
    assert_eq!(indicator(&app, "3-3-1", fy).await, carried_planned + 1.0);
    // The plan's change is audited with what it was.
    let entries = audit_of(&app, "ojt_plans").await;
    let entry = entries.iter().find(|e| e.action == "enter").unwrap();
    assert!(
        entry.detail["before"]["planned_sessions"].is_number(),
        "{}",
        entry.detail
    );
    assert_eq!(entry.detail["record"]["planned_sessions"], json!(planned));
}

#[tokio::test]
async fn hr_records_a_session_and_its_roster_on_screen_and_the_count_follows() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let t = &city.training;
    let day = chrono::NaiveDate::from_ymd_opt(2013, 12, 9).unwrap();
    assert!(
        !t.sessions
            .iter()
            .any(|s| s.course_code == "I01" && s.start == day)
    );
    let fy = |d: chrono::NaiveDate| jinzai_domain::FiscalYear::containing(d).0;
    // Serving then, and in no institute course that year (so each counts).
    let institute: Vec<&str> = t
        .courses
        .iter()
        .filter(|c| c.category.to_string() == "institute")
        .map(|c| c.code.as_str())
        .collect();
    let fresh: Vec<&str> = city
        .staff
        .iter()
        .filter(|s| s.hire_date < day && s.leaving_date.is_none_or(|r| r > day))
        .filter(|s| {
            !t.participations.iter().any(|p| {
                p.staff_number == s.number
                    && institute.contains(&p.course_code.as_str())
                    && fy(p.start) == 2013
            })
        })
        .map(|s| s.number.as_str())
        .take(3)
        .collect();
    let late = city.staff.iter().find(|s| s.hire_date > day).unwrap();
    let before = indicator(&app, "3-5-2", 2013).await;

    // The page: an unknown course is refused at its field; then recorded.
    let (s, html) = app.get_text("/training/sessions/new").await;
    assert_eq!(s, 200);
    assert!(html.contains("value=\"I01\""));
    let res = app
        .post_form(
            "/training/sessions",
            &[("course", "NOPE"), ("start", "平成25年12月9日")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("id=\"e-course\""));
    let res = app
        .post_form(
            "/training/sessions",
            &[
                ("course", "I01"),
                ("start", "平成25年12月9日"),
                ("end", "2013-12-10"),
                ("place", "東京都市町村職員研修所"),
                ("capacity", "40"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let page = "/training/sessions/I01/2013-12-09";
    assert_eq!(res.headers()["location"], page);
    // The same course and day again is refused, not overwritten; the
    // session's change form (its key fixed) changes it.
    let res = app
        .post_form(
            "/training/sessions",
            &[
                ("course", "I01"),
                ("start", "2013-12-09"),
                ("place", "別会場"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let (s, html) = app
        .get_text("/training/sessions/new?course=I01&start=2013-12-09")
        .await;
    assert_eq!(s, 200);
    assert!(
        html.contains("value=\"東京都市町村職員研修所\"")
            && html.contains("name=\"existing\" value=\"1\"")
    );
    let res = app
        .post_form(
            "/training/sessions",
            &[
                ("existing", "1"),
                ("course", "I01"),
                ("start", "2013-12-09"),
                ("end", "2013-12-10"),
                ("place", "東京都市町村職員研修所 第2教室"),
                ("capacity", "40"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = app.get_text(page).await;
    assert!(html.contains("第2教室"));

    // The roster: all or nothing, naming who is unknown or not yet hired.
    let roster = format!("/api/v1{page}/roster");
    let (s, v) = app
        .post_json(
            &roster,
            &json!({"staff_numbers": [fresh[0], "NOBODY", late.number], "status": "attended"}),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    let codes: Vec<_> = v["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["unknown_staff", "before_hire"], "{v}");
    let (_, r) = app.get_json(&format!("/api/v1{page}")).await;
    assert_eq!(
        r["roster"].as_array().unwrap().len(),
        0,
        "nothing was added"
    );
    let (s, v) = app
        .post_json(
            &roster,
            &json!({"staff_numbers": [fresh[0], fresh[1]], "status": "attended"}),
        )
        .await;
    assert_eq!((s, v["added"].as_array().unwrap().len()), (200, 2), "{v}");
    assert_eq!(indicator(&app, "3-5-2", 2013).await, before + 2.0);

    // The page form takes numbers separated as people type them.
    let numbers = format!("{}、{}\n", fresh[1], fresh[2]);
    let res = app
        .post_form(
            &format!("{page}/roster"),
            &[("staff_numbers", numbers.as_str()), ("status", "applied")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("?added=1&already=1")
    );
    // Applied does not count as taking part.
    assert_eq!(indicator(&app, "3-5-2", 2013).await, before + 2.0);
    let (_, html) = app.get_text(&format!("{page}?added=1&already=1")).await;
    assert!(html.contains(&format!("name=\"s_{}\"", fresh[2])));
    let entries = audit_of(&app, "training_session").await;
    assert!(entries.iter().any(|e| e.action == "add_to_roster"
        && e.record_key == "I01@2013-12-09"
        && e.detail.to_string().contains(fresh[2])));

    // The API records a session too; the same course and day changes it.
    let (s, v) = app
        .post_json(
            "/api/v1/training/sessions",
            &json!({"course": "I01", "start": "2013-12-09", "capacity": 35}),
        )
        .await;
    assert_eq!(
        (s, v["session"]["capacity"].clone()),
        (200, json!(35)),
        "{v}"
    );
    let (s, v) = app
        .post_json(
            "/api/v1/training/sessions",
            &json!({"course": "I01", "start": "2013-12-16", "unit": "NO-SUCH-UNIT"}),
        )
        .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["field"].clone()),
        (422, json!("unit_code")),
        "{v}"
    );
}

#[tokio::test]
async fn hr_adds_and_changes_a_course_of_the_catalogue() {
    let app = TestApp::with_demo().await;
    jinzai::demo::seed_people(&app.store).await.unwrap();
    // The page: a bad code and hours are refused at their fields.
    let (s, html) = app.get_text("/training/courses/new").await;
    assert_eq!(s, 200);
    assert!(html.contains("name=\"topics\" value=\"customer_service\""));
    let res = app
        .post_form(
            "/training/courses",
            &[
                ("code", "接遇 1"),
                ("title", "接遇研修"),
                ("category", "in_house"),
                ("hours", "三時間"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"e-code\"") && html.contains("id=\"e-hours\""));
    // Repeated keys carry the chosen topics and audience.
    let res = app
        .post_form(
            "/training/courses",
            &[
                ("code", "C-SV1"),
                ("title", "窓口接遇研修"),
                ("category", "in_house"),
                ("topics", "customer_service"),
                ("audience_types", "skilled_labour"),
                ("audience_types", "fiscal_year"),
                ("hours", "3.5"),
                ("cost", "２，０００"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, v) = app.get_json("/api/v1/training/courses").await;
    let course = v["courses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "C-SV1")
        .unwrap()
        .clone();
    assert_eq!(
        (course["hours"].clone(), course["cost"].clone()),
        (json!(3.5), json!(2000))
    );
    let mut types: Vec<_> = course["audience_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_owned())
        .collect();
    types.sort();
    assert_eq!(types, ["fiscal_year", "skilled_labour"]);
    // Adding the same code again is refused; the edit form changes it.
    let res = app
        .post_form(
            "/training/courses",
            &[
                ("code", "C-SV1"),
                ("title", "別の研修"),
                ("category", "in_house"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let res = app
        .post_form(
            "/training/courses",
            &[
                ("existing", "1"),
                ("code", "C-SV1"),
                ("title", "窓口接遇研修"),
                ("category", "in_house"),
                ("topics", "customer_service"),
                ("audience_types", "skilled_labour"),
                ("audience_types", "fiscal_year"),
                ("hours", "3.5"),
                ("cost", "2000"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        res.headers()["location"],
        "/training/courses/new?code=C-SV1&saved=1"
    );
    // The edit form comes filled in.
    let (_, html) = app.get_text("/training/courses/new?code=C-SV1").await;
    assert!(html.contains("value=\"customer_service\" checked") && html.contains("窓口接遇研修"));
    // The API changes it (topics replaced) and refuses an unknown topic.
    let (s, v) = app
        .send_json(
            reqwest::Method::PUT,
            "/api/v1/training/courses/C-SV1",
            &json!({"title": "窓口接遇研修", "category": "in_house", "topics": ["料理"]}),
        )
        .await;
    assert_eq!(
        (s, v["error"]["fields"][0]["field"].clone()),
        (422, json!("topics")),
        "{v}"
    );
    let (s, v) = app
        .send_json(
            reqwest::Method::PUT,
            "/api/v1/training/courses/C-SV1",
            &json!({"title": "窓口接遇研修（改）", "category": "in_house", "topics": ["customer_service", "mental_health"]}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, v) = app.get_json("/api/v1/training/courses").await;
    let course = v["courses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "C-SV1")
        .unwrap()
        .clone();
    assert_eq!(course["title"], "窓口接遇研修（改）");
    assert_eq!(
        course["topics"],
        json!(["customer_service", "mental_health"])
    );
    let (s, _) = app
        .send_json(
            reqwest::Method::PUT,
            "/api/v1/training/courses/C-NEW",
            &json!({"title": "新規", "category": "specialist"}),
        )
        .await;
    assert_eq!(s, 201);
}

#[tokio::test]
async fn a_staff_page_shows_the_training_a_person_took_to_those_who_may_read_it() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let took = app
        .store
        .participations()
        .await
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let title = city
        .training
        .courses
        .iter()
        .find(|c| c.code == took.course_code)
        .unwrap()
        .title
        .clone();
    let (status, page) = app.get_text(&format!("/staff/{}", took.staff_number)).await;
    assert_eq!(status, 200);
    let section = page
        .split("<section aria-labelledby=\"training-h\">")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap_or_else(|| panic!("no training section: {page}"));
    assert!(section.contains("研修の受講歴"), "{section}");
    assert!(section.contains(&title), "{title} in {section}");
    assert!(page.contains("<section aria-labelledby=\"selfdev-h\">"));

    // Someone the viewer may not read gets no page, so no panel either.
    let viewer = crate::support::account_token(&app.store, "viewer-panel", "viewer").await;
    let res = client_with_token(Some(&viewer))
        .get(app.url(&format!("/staff/{}", took.staff_number)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
}

#[tokio::test]
async fn field_errors_read_in_the_readers_language_on_pages_and_in_the_api() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let someone = &city.staff[0].number;
    let form = [
        ("staff_number", someone.as_str()),
        ("kind", "correspondence"),
        ("title", ""),
        ("applied", "2013-13-40"),
    ];
    let page = |lang: &'static str| {
        app.client
            .post(app.url("/training/self-development"))
            .header("cookie", format!("lang={lang}"))
            .form(&form)
            .send()
    };
    let res = page("en").await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("enter the course or qualification"),
        "{html:.2000}"
    );
    assert!(
        html.contains("&#34;2013-13-40&#34; is not a date"),
        "{html:.2000}"
    );
    let html = page("ja").await.unwrap().text().await.unwrap();
    assert!(
        html.contains("講座・資格名を入力してください"),
        "{html:.2000}"
    );
    assert!(html.contains("「2013-13-40」は日付として読めません"));

    // The API gives both languages, the same words.
    let (status, v) = app
        .post_json(
            "/api/v1/self-development",
            &json!({"staff_number": someone, "kind": "correspondence", "title": "", "applied": "2013-04-01"}),
        )
        .await;
    assert_eq!(status, 422, "{v}");
    let field = &v["error"]["fields"][0];
    assert_eq!(field["field"], "title");
    assert_eq!(field["code"], "required");
    assert_eq!(field["message_ja"], "講座・資格名を入力してください");
    assert_eq!(field["message_en"], "enter the course or qualification");
}

/// Runs one statement on whichever engine the test uses; its error, if any.
async fn execute(store: &jinzai_store::Store, sql: &str) -> Option<String> {
    let done = match store.db() {
        jinzai_store::Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        jinzai_store::Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    };
    done.err().map(|e| e.to_string())
}

#[tokio::test]
async fn the_database_refuses_a_status_outside_its_code_list() {
    let app = TestApp::with_people().await;
    let refused = |e: Option<String>| e.is_some_and(|e| e.contains("check"));
    let course = |code: &str, category: &str| {
        format!(
            "INSERT INTO courses (code, title, category, audience_types, audience_grades) \
             VALUES ('{code}', 'x', '{category}', '', '')"
        )
    };
    assert_eq!(execute(&app.store, &course("X1", "in_house")).await, None);
    assert!(refused(execute(&app.store, &course("X2", "party")).await));
    let session = "INSERT INTO training_sessions (course_id, start_date) \
                   SELECT id, '2013-06-01' FROM courses WHERE code = 'X1'";
    assert_eq!(execute(&app.store, session).await, None);
    let participation = |status: &str| {
        format!(
            "INSERT INTO participations (session_id, staff_id, status) \
             SELECT ts.id, (SELECT MIN(id) FROM staff), '{status}' FROM training_sessions ts \
             JOIN courses c ON c.id = ts.course_id WHERE c.code = 'X1'"
        )
    };
    assert!(refused(execute(&app.store, &participation("lost")).await));
    assert_eq!(execute(&app.store, &participation("absent")).await, None);
    assert!(refused(
        execute(
            &app.store,
            "UPDATE participations SET status = 'gone' WHERE session_id IN \
             (SELECT ts.id FROM training_sessions ts JOIN courses c ON c.id = ts.course_id WHERE c.code = 'X1')"
        )
        .await
    ));
}

#[tokio::test]
async fn an_amount_of_yen_is_read_as_typed_and_a_negative_one_is_placed() {
    let app = TestApp::with_people().await;
    let header = "研修コード,研修名,研修区分,費用";
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/courses",
            format!("{header}\nY1,接遇研修,in_house,\"12,000円\"\nY2,法務研修,in_house,-500\n")
                .into_bytes(),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    let problems = v["error"]["problems"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(problems.len(), 1, "{v}");
    assert_eq!(
        (problems[0]["row"].clone(), problems[0]["col"].clone()),
        (json!(3), json!(4))
    );
    assert_eq!(problems[0]["code"], "imports_not_an_amount");
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/courses",
            format!("{header}\nY1,接遇研修,in_house,\"12,000円\"\n").into_bytes(),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, list) = app.get_json("/api/v1/training/courses").await;
    let y1 = list["courses"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["code"] == "Y1").cloned())
        .unwrap_or_default();
    assert_eq!(y1["cost"], json!(12000), "{list}");
}
