//! 希望降任: the window HR opens with its reviewers, a request within it
//! checked at its fields, the reason read only by the person, HR and the
//! reviewers (every other read audited, the 所属長 and the health role
//! refused), the decision (one grade down on the window's day by default),
//! withdrawal, the personnel event made when the day comes, the yearly
//! re-promotion review, the import, and the sample city's 1-4-1 against
//! independent counts.

use crate::support::{TestApp, account_token_linked, audit_of, client_with_token, principal};
use crate::support::{fields, send};
use chrono::NaiveDate;
use jinzai_domain::access::Role;
use jinzai_domain::demotion::ReviewOutcome;
use jinzai_domain::people::event::EventKind;
use jinzai_service::demotion as service;
use serde_json::json;

const UNITS: &str = "組織コード,組織名,組織名カナ,上位組織コード,部門区分,開始日,終了日
B01,総務部,ソウムブ,,管理,2000-04-01,
K01,職員課,ショクインカ,B01,管理,2000-04-01,
";

/// 101 and 102: 係長; 103: 主事 (no grade below); 105: 部長 (the reviewer).
const STAFF: &str = "職員番号,氏名,フリガナ,性別,生年月日,採用日,採用区分,任用形態,職層,資格,在職状況,退職日,退職理由
101,青木 一郎,アオキ イチロウ,男性,1975-01-01,1998-04-01,新卒,一般職,係長,,在職,,
102,井上 二郎,イノウエ ジロウ,男性,1975-01-01,1998-04-01,新卒,一般職,係長,,在職,,
103,上田 三郎,ウエダ サブロウ,男性,1990-01-01,2012-04-01,新卒,一般職,主事,,在職,,
105,江藤 五郎,エトウ ゴロウ,男性,1960-01-01,1983-04-01,新卒,一般職,部長,,在職,,
";

const POSTS: &str = "職員番号,組織コード,役職,開始日,終了日,区分
101,K01,,2008-04-01,,本務
102,K01,,2008-04-01,,本務
103,K01,,2012-04-01,,本務
105,B01,部長,2010-04-01,,本務
";

const EVENTS: &str = "職員番号,種別,発令日,発令前職層,発令後職層
101,昇任,2009-04-01,主任,係長
102,昇任,2009-04-01,主任,係長
";

/// Posts a page's form as `client` (no redirect followed).
async fn post_form(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client.post(app.url(path)).form(form).send().await.unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn city() -> TestApp {
    let app = TestApp::spawn_on(jinzai_domain::Clock::on_date(d(2012, 10, 10))).await;
    for (kind, body) in [
        ("units", UNITS),
        ("staff", STAFF),
        ("assignments", POSTS),
        ("events", EVENTS),
    ] {
        let (s, v) = app
            .post_bytes(&format!("/api/v1/imports/{kind}"), body.as_bytes().to_vec())
            .await;
        assert_eq!(s, 200, "{kind}: {v}");
    }
    app
}

#[tokio::test]
async fn requests_are_read_only_by_the_person_hr_and_reviewers_and_take_effect_on_their_day() {
    use reqwest::Method;
    let app = city().await;
    let hr = &app.client;
    let rev = client_with_token(Some(
        &account_token_linked(&app.store, "shinsa", "staff", Some("105")).await,
    ));
    let aoki = client_with_token(Some(
        &account_token_linked(&app.store, "aoki", "staff", Some("101")).await,
    ));
    let inoue = client_with_token(Some(
        &account_token_linked(&app.store, "inoue", "staff", Some("102")).await,
    ));
    let ueda = client_with_token(Some(
        &account_token_linked(&app.store, "ueda", "staff", Some("103")).await,
    ));
    let boss = client_with_token(Some(
        &crate::support::account_token(&app.store, "kacho", "manager:K01").await,
    ));
    let nurse = client_with_token(Some(
        &crate::support::account_token(&app.store, "nurse", "health").await,
    ));
    crate::support::account_token(&app.store, "hq", "approver").await;

    // No window yet: nobody can ask.
    let ask = json!({ "fiscal_year": 2012, "reason": "illness", "details": "通院治療のため" });
    let (s, _) = send(
        &aoki,
        &app,
        Method::POST,
        "/api/v1/demotion/requests",
        Some(ask.clone()),
    )
    .await;
    assert_eq!(s, 404);

    // A window closing before it opens, its day before the close, a
    // reviewer unknown and one whose role takes no part.
    let bad = json!({ "fiscal_year": 2012, "opens_on": "2012-10-31", "closes_on": "2012-10-01",
        "effective_on": "2012-09-01", "reviewers": ["nobody", "hq"] });
    let (s, v) = send(hr, &app, Method::PUT, "/api/v1/demotion/windows", Some(bad)).await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(
        fields(&v),
        ["closes_on", "effective_on", "reviewers[0]", "reviewers[1]"],
        "{v}"
    );
    let window = json!({ "fiscal_year": 2012, "opens_on": "2012-10-01", "closes_on": "2012-10-31",
        "effective_on": "2013-04-01", "reviewers": ["shinsa"] });
    let (s, v) = send(
        hr,
        &app,
        Method::PUT,
        "/api/v1/demotion/windows",
        Some(window),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    // Only HR sets windows.
    let (s, _) = send(
        &rev,
        &app,
        Method::PUT,
        "/api/v1/demotion/windows",
        Some(v["window"].clone()),
    )
    .await;
    assert_eq!(s, 403);

    // Asking: empty circumstances, a grade above, nothing below 主事.
    let (s, v) = send(&aoki, &app, Method::POST, "/api/v1/demotion/requests",
        Some(json!({ "fiscal_year": 2012, "reason": "illness", "details": " ", "wished_grade": "kacho" }))).await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["details".to_owned(), "wished_grade".to_owned()]),
        "{v}"
    );
    let (s, v) = send(
        &ueda,
        &app,
        Method::POST,
        "/api/v1/demotion/requests",
        Some(json!({ "fiscal_year": 2012, "reason": "duties", "details": "職責が重いため" })),
    )
    .await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["wished_grade".to_owned()]),
        "{v}"
    );
    let (s, v) = send(
        &aoki,
        &app,
        Method::POST,
        "/api/v1/demotion/requests",
        Some(json!({
        "fiscal_year": 2012, "reason": "no_such_reason", "details": "x" })),
    )
    .await;
    assert_eq!(s, 422, "an unknown reason is refused at its field: {v}");
    let (s, v) = send(
        &aoki,
        &app,
        Method::POST,
        "/api/v1/demotion/requests",
        Some(ask),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["status"], "requested");
    assert_eq!(v["from_grade"], "kakaricho");
    let id = v["id"].as_i64().unwrap();
    let (s, v) = send(&inoue, &app, Method::POST, "/api/v1/demotion/requests", Some(json!({
        "fiscal_year": 2012, "reason": "family", "details": "介護のため", "wished_grade": "shuji" }))).await;
    assert_eq!(s, 200, "{v}");
    let other = v["id"].as_i64().unwrap();

    // The reason: the person, HR and the reviewer — never the 所属長, the
    // health role or another member of staff.
    let path = format!("/api/v1/demotion/requests/{id}");
    for (who, client) in [("boss", &boss), ("inoue", &inoue)] {
        let (s, v) = send(client, &app, Method::GET, &path, None).await;
        assert_eq!(s, 403, "{who}: {v}");
    }
    let (s, _) = send(&nurse, &app, Method::GET, &path, None).await;
    assert_eq!(s, 403, "the health role has no route to requests");
    let (s, v) = send(
        &boss,
        &app,
        Method::GET,
        "/api/v1/demotion/requests?year=2012",
        None,
    )
    .await;
    assert_eq!(
        (s, v["requests"].as_array().map(Vec::len)),
        (200, Some(0)),
        "{v}"
    );
    let (s, v) = send(
        &inoue,
        &app,
        Method::GET,
        "/api/v1/demotion/requests?year=2012",
        None,
    )
    .await;
    assert_eq!(
        (s, v["requests"].as_array().map(Vec::len)),
        (200, Some(1)),
        "only their own: {v}"
    );
    let reads_before = audit_of(&app, "demotion_request")
        .await
        .iter()
        .filter(|e| e.action == "read")
        .count();
    let (s, v) = send(&aoki, &app, Method::GET, &path, None).await;
    assert_eq!(
        (s, v["request"]["request"]["reason"].as_str()),
        (200, Some("illness"))
    );
    assert_eq!(v["may_withdraw"], true);
    assert_eq!(v["may_decide"], false);
    let (s, v) = send(&rev, &app, Method::GET, &path, None).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["request"]["request"]["details"], "通院治療のため");
    assert_eq!(v["may_decide"], true);
    let (s, v) = send(
        &rev,
        &app,
        Method::GET,
        "/api/v1/demotion/requests?year=2012",
        None,
    )
    .await;
    assert_eq!(
        (s, v["requests"].as_array().map(Vec::len)),
        (200, Some(2)),
        "{v}"
    );
    let reads: Vec<_> = audit_of(&app, "demotion_request")
        .await
        .into_iter()
        .filter(|e| e.action == "read")
        .collect();
    assert_eq!(
        reads.len(),
        reads_before + 1,
        "the reviewer's read, not aoki's"
    );
    assert_eq!(reads[0].actor, "shinsa");
    assert!(
        audit_of(&app, "demotion_requests")
            .await
            .iter()
            .any(|e| e.action == "read" && e.actor == "shinsa"),
        "the list read is audited too"
    );
    // Writes are audited without the reason or its words.
    for e in audit_of(&app, "demotion_request").await {
        let text = e.detail.to_string();
        assert!(
            !text.contains("illness") && !text.contains("通院"),
            "{text}"
        );
    }

    // The decision: not by the person, not on a grade that does not exist
    // or is not lower, not before the request.
    let decide = format!("/api/v1/demotion/requests/{id}/decision");
    let (s, _) = send(
        &aoki,
        &app,
        Method::POST,
        &decide,
        Some(json!({ "approved": true })),
    )
    .await;
    assert_eq!(s, 403);
    let (s, v) = send(
        &rev,
        &app,
        Method::POST,
        &decide,
        Some(json!({ "approved": true, "to_grade": "taicho", "effective_on": "2012-10-01" })),
    )
    .await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["to_grade".to_owned(), "effective_on".to_owned()]),
        "{v}"
    );
    let (s, v) = send(
        &rev,
        &app,
        Method::POST,
        &decide,
        Some(json!({ "approved": true, "to_grade": "bucho" })),
    )
    .await;
    assert_eq!((s, fields(&v)), (422, vec!["to_grade".to_owned()]), "{v}");
    // By default: one grade down, on the window's day.
    let (s, v) = send(
        &rev,
        &app,
        Method::POST,
        &decide,
        Some(json!({ "approved": true, "note": "療養を優先" })),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        (
            &v["status"],
            &v["to_grade"],
            &v["effective_on"],
            &v["taken_effect"]
        ),
        (
            &json!("approved"),
            &json!("shunin"),
            &json!("2013-04-01"),
            &json!(false)
        )
    );
    let (s, v) = send(
        &rev,
        &app,
        Method::POST,
        &decide,
        Some(json!({ "approved": false })),
    )
    .await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["approved".to_owned()]),
        "decided already: {v}"
    );
    let (s, _) = send(
        &aoki,
        &app,
        Method::POST,
        &format!("{path}/withdrawal"),
        None,
    )
    .await;
    assert_eq!(s, 422, "no withdrawal after the decision");

    // Withdrawn before its decision: then no decision.
    let (s, v) = send(
        &inoue,
        &app,
        Method::POST,
        &format!("/api/v1/demotion/requests/{other}/withdrawal"),
        None,
    )
    .await;
    assert_eq!((s, &v["status"]), (200, &json!("withdrawn")), "{v}");
    let (s, v) = send(
        &rev,
        &app,
        Method::POST,
        &format!("/api/v1/demotion/requests/{other}/decision"),
        Some(json!({ "approved": true })),
    )
    .await;
    assert_eq!(s, 422, "a decision on a withdrawn request: {v}");

    // No event before the day; on it, the demotion takes effect once.
    assert!(
        service::take_effect(&app.store, "test")
            .await
            .unwrap()
            .is_empty()
    );
    let april = app
        .store
        .clone()
        .with_clock(jinzai_domain::Clock::on_date(d(2013, 4, 1)));
    let done = service::take_effect(&april, "jinzai:scheduled")
        .await
        .unwrap();
    assert_eq!(done.len(), 1);
    assert!(done[0].taken_effect);
    assert!(
        service::take_effect(&april, "jinzai:scheduled")
            .await
            .unwrap()
            .is_empty()
    );
    let events: Vec<_> = app
        .store
        .events_of("101")
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EventKind::Demotion)
        .collect();
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(
        (
            e.date,
            e.voluntary,
            e.from_grade.as_deref(),
            e.to_grade.as_deref(),
            &e.note
        ),
        (
            d(2013, 4, 1),
            true,
            Some("kakaricho"),
            Some("shunin"),
            &None
        )
    );
    assert_eq!(
        app.store
            .grade_on("101", d(2013, 4, 2))
            .await
            .unwrap()
            .as_deref(),
        Some("shunin")
    );

    // Re-promotion reviews: none due in the year it took effect; each
    // later year one, until recorded.
    let hr_who = principal("hr-test", Role::Hr, None);
    assert!(
        service::due_reviews(&april, &hr_who)
            .await
            .unwrap()
            .is_empty()
    );
    let refused = service::review(&april, &hr_who, id, ReviewOutcome::Continue, None).await;
    assert!(
        matches!(refused, Err(jinzai_service::Failure::Invalid(_))),
        "{refused:?}"
    );
    let later = app
        .store
        .clone()
        .with_clock(jinzai_domain::Clock::on_date(d(2014, 6, 1)));
    let rev_who = principal("shinsa", Role::Staff, Some("105"));
    let due = service::due_reviews(&later, &rev_who).await.unwrap();
    assert_eq!(
        due.iter()
            .map(|x| (x.request_id, x.fiscal_year))
            .collect::<Vec<_>>(),
        [(id, 2014)]
    );
    let boss_who = principal("kacho", Role::Manager, None);
    assert!(
        service::due_reviews(&later, &boss_who)
            .await
            .unwrap()
            .is_empty()
    );
    service::review(
        &later,
        &rev_who,
        id,
        ReviewOutcome::Continue,
        Some("通院継続中".into()),
    )
    .await
    .unwrap();
    assert!(
        service::due_reviews(&later, &rev_who)
            .await
            .unwrap()
            .is_empty()
    );
    let next = app
        .store
        .clone()
        .with_clock(jinzai_domain::Clock::on_date(d(2015, 5, 1)));
    assert_eq!(service::due_reviews(&next, &hr_who).await.unwrap().len(), 1);

    // The pages: the 所属長 sees no one's request; the reviewer the year's.
    let boss_page = crate::support::text_of(boss.get(app.url("/demotion?year=2012"))).await;
    assert!(
        !boss_page.contains("青木") && !boss_page.contains("疾病"),
        "{boss_page}"
    );
    let rev_page = crate::support::text_of(rev.get(app.url("/demotion?year=2012"))).await;
    assert!(
        rev_page.contains("青木 一郎") && rev_page.contains("疾病・負傷"),
        "{rev_page}"
    );
    let own = crate::support::text_of(aoki.get(app.url(&format!("/demotion/requests/{id}")))).await;
    assert!(
        own.contains("通院治療のため") && own.contains("承認"),
        "{own}"
    );
}

#[tokio::test]
async fn pages_take_a_request_and_a_decision_and_refuse_at_the_field() {
    let app = city().await;
    let hr = &app.client;
    let res = post_form(
        hr,
        &app,
        "/demotion/window",
        &[
            ("fiscal_year", "2012"),
            ("opens_on", "平成24年13月1日"),
            ("closes_on", "2012-10-31"),
        ],
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("日付として読めません"), "{page}");
    let res = post_form(
        hr,
        &app,
        "/demotion/window",
        &[
            ("fiscal_year", "2012"),
            ("opens_on", "2012-10-01"),
            ("closes_on", "平成24年10月31日"),
            ("effective_on", ""),
            ("reviewers", ""),
        ],
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let w = app.store.demotion_window(2012).await.unwrap().unwrap();
    assert_eq!(
        w.window.effective_on,
        d(2013, 4, 1),
        "the next 1 April by default"
    );

    let aoki = client_with_token(Some(
        &account_token_linked(&app.store, "aoki", "staff", Some("101")).await,
    ));
    let res = post_form(
        &aoki,
        &app,
        "/demotion/requests",
        &[("fiscal_year", "2012"), ("reason", ""), ("details", "")],
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("理由を選んでください"), "{page}");
    let res = post_form(
        &aoki,
        &app,
        "/demotion/requests",
        &[
            ("fiscal_year", "2012"),
            ("reason", "family"),
            ("details", "親の介護のため"),
            ("wished_grade", ""),
        ],
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let mine = app
        .store
        .demotion_requests(Some(2012), Some("101"))
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    let id = mine[0].id;
    let res = post_form(
        hr,
        &app,
        &format!("/demotion/requests/{id}/decision"),
        &[
            ("approved", "approve"),
            ("to_grade", "shunin"),
            ("effective_on", "平成25年4月1日"),
        ],
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let r = app.store.demotion_request(id).await.unwrap().unwrap();
    assert_eq!(
        (r.to_grade.as_deref(), r.effective_on),
        (Some("shunin"), Some(d(2013, 4, 1)))
    );
}

#[tokio::test]
async fn requests_import_all_or_nothing_and_link_their_events() {
    let app = city().await;
    app.store
        .set_demotion_window(&jinzai::generate::demotion::window(2012), "test")
        .await
        .unwrap();
    let bad = "年度,職員番号,申出日,理由,事情,希望職層,取下げ日,決定,決定日,降任後の職層,発令日
2012,101,2012-10-05,疾病・負傷,通院のため,,,承認,2012-12-10,課長,2013-04-01
2012,102,2012-09-05,介護等の家庭の事情,介護,,2012-10-20,承認,2012-12-10,,
2011,103,2011-10-05,職責,重い,,,,,,
2012,109,2012-10-05,その他,x,,,,,,
";
    let (s, v) = app
        .post_bytes("/api/v1/imports/demotion_requests", bad.as_bytes().to_vec())
        .await;
    assert_eq!(s, 422, "{v}");
    let mut rows: Vec<(u64, u64)> = v["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["row"].as_u64().unwrap(), p["col"].as_u64().unwrap()))
        .collect();
    rows.sort_unstable();
    // A grade not below (降任後の職層), a decided withdrawal (決定) outside
    // the window (申出日), a year with no window, an unknown person.
    assert_eq!(rows, [(2, 10), (3, 3), (3, 8), (4, 1), (5, 2)], "{v}");
    assert!(
        app.store
            .demotion_requests(None, None)
            .await
            .unwrap()
            .is_empty()
    );
    // 101's event is on the records already: the approved request links to it.
    let events = "職員番号,種別,発令日,発令前職層,発令後職層,希望
101,降任,2013-04-01,係長,主任,希望
";
    let (s, v) = app
        .post_bytes("/api/v1/imports/events", events.as_bytes().to_vec())
        .await;
    assert_eq!(s, 200, "{v}");
    let good = "年度,職員番号,申出日,理由,事情,希望職層,取下げ日,決定,決定日,降任後の職層,発令日
2012,101,2012-10-05,疾病・負傷,通院のため,,,承認,2012-12-10,主任,2013-04-01
2012,102,2012-10-05,介護等の家庭の事情,介護,,2012-10-20,,,,
";
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/demotion_requests",
            good.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let list = app.store.demotion_requests(Some(2012), None).await.unwrap();
    assert_eq!(list.len(), 2);
    assert!(list[0].taken_effect, "linked to the imported event");
    assert_eq!(list[1].status, jinzai_domain::demotion::Status::Withdrawn);
    // Export and import again: nothing changes; the export is audited.
    let kind = jinzai_io::import::Kind::parse("demotion_requests").unwrap();
    let table = kind.export(&app.store).await.unwrap();
    assert_eq!(table.rows.len(), 2);
    assert!(
        audit_of(&app, "demotion_requests")
            .await
            .iter()
            .any(|e| e.action == "export")
    );
    let csv =
        jinzai_io::export(&table, jinzai_io::Format::Csv, jinzai_io::Encoding::Utf8Bom).unwrap();
    let (s, v) = app
        .post_bytes("/api/v1/imports/demotion_requests", csv)
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["summary"]["unchanged"], 2, "{v}");
}

#[tokio::test]
async fn the_sample_citys_demotions_match_independent_counts() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let (s, v) = app
        .get_json("/api/v1/plans/kiyose-2011/nodes/1-4-1/indicator")
        .await;
    assert_eq!(s, 200, "{v}");
    let mut total = 0;
    for fy in 2011..=2013 {
        let of_year: Vec<_> = city
            .demotions
            .requests
            .iter()
            .filter(|r| r.fiscal_year == fy)
            .collect();
        let approved = of_year.iter().filter(|r| r.approved == Some(true)).count();
        let value = |indicator: u64| {
            v["years"]
                .as_array()
                .unwrap()
                .iter()
                .find(|y| y["fiscal_year"] == fy && y["indicator"] == indicator)
                .and_then(|y| y["value"].as_f64())
        };
        assert_eq!(
            value(1),
            Some(of_year.len() as f64),
            "1-4-1 requests FY{fy}: {v}"
        );
        assert_eq!(
            value(2),
            Some(approved as f64),
            "1-4-1 approved FY{fy}: {v}"
        );
        total += of_year.len();
    }
    assert!(
        total > 0,
        "the sample city has requests in the plan's years"
    );
    // Every voluntary demotion of the records from FY2007 on has its
    // approved request, linked to the event.
    let stored = app.store.demotion_requests(None, None).await.unwrap();
    for e in city
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Demotion && e.voluntary && e.date >= d(2007, 4, 1))
    {
        assert!(
            stored.iter().any(|r| r.staff_number == e.staff_number
                && r.effective_on == Some(e.date)
                && r.taken_effect),
            "{e:?}"
        );
    }
}

/// Runs `jinzai demotion …` on the test's database on `today`.
fn cli(app: &TestApp, today: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"))
        .arg("demotion")
        .args(args)
        .env("JINZAI_DATABASE_URL", app.database_url())
        .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
        .env("JINZAI_TODAY", today)
        .env("JINZAI_LOG", "error")
        .output()
        .unwrap();
    crate::support::assert_success(&out);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn the_command_line_decides_makes_demotions_take_effect_and_records_reviews() {
    let app = city().await;
    cli(
        &app,
        "2012-10-10",
        &[
            "window",
            "2012",
            "--opens",
            "2012-10-01",
            "--closes",
            "平成24年10月31日",
        ],
    );
    let w = app.store.demotion_window(2012).await.unwrap().unwrap();
    assert_eq!(w.window.effective_on, d(2013, 4, 1));
    let request = jinzai_domain::demotion::Request {
        reason: jinzai_domain::demotion::Reason::Illness,
        details: "通院のため".into(),
        wished_grade: None,
    };
    let r = app
        .store
        .put_demotion_request(
            &w,
            ("101", Some("kakaricho")),
            &request,
            d(2012, 10, 5),
            "paper",
        )
        .await
        .unwrap();
    let id = r.id.to_string();
    let line = cli(&app, "2012-12-10", &["decide", &id, "--approve"]);
    assert!(
        line.contains("\tapproved\tshunin\t2013-04-01\tno"),
        "{line}"
    );
    let out = cli(&app, "2013-03-31", &["take-effect"]);
    assert!(out.is_empty(), "not before its day: {out}");
    let out = cli(&app, "2013-04-01", &["take-effect"]);
    assert!(out.contains("\tyes"), "{out}");
    let list = cli(&app, "2013-04-01", &["list", "2012"]);
    assert!(
        list.contains("101\t青木 一郎\t2012-10-05\tkakaricho\tillness\tapproved"),
        "{list}"
    );
    let due = cli(&app, "2014-05-01", &["due"]);
    assert!(due.contains(&format!("{id}\t101\t")), "{due}");
    cli(
        &app,
        "2014-05-01",
        &["review", &id, "continue", "--note", "通院継続"],
    );
    let due = cli(&app, "2014-05-01", &["due"]);
    assert!(!due.contains(&format!("{id}\t101\t")), "{due}");
    assert!(
        audit_of(&app, "demotion_requests")
            .await
            .iter()
            .any(|e| e.action == "read" && e.actor.starts_with("cli:")),
        "the list is an audited read"
    );
}
