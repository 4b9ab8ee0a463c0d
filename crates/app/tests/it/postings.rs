//! 職員公募: a posting checked at its fields, applications judged against
//! the records on the day it opens (the rule named), one per person, read
//! by the applicant and HR (audited) and by the 所属長 only as the posting
//! allows; HR's selection within the places, making the assignment (兼務
//! in a team; a move to a post); and 1-5-1 counted from the records.

use crate::support::{
    KIYOSE, TestApp, account_token, account_token_linked, audit_of, client_with_token, fields, send,
};
use chrono::NaiveDate;
use reqwest::Method;
use serde_json::json;

const UNITS: &str = "組織コード,組織名,組織名カナ,上位組織コード,部門区分,開始日,終了日
B01,総務部,ソウムブ,,管理,2000-04-01,
K01,職員課,ショクインカ,B01,管理,2000-04-01,
K02,市民課,シミンカ,B01,窓口,2000-04-01,
P01,行革プロジェクトチーム,ギョウカクプロジェクトチーム,B01,事業,2012-04-01,
";

/// 101: eight years in K01; 102: hired last year; 103: in K02 since 2000.
const STAFF: &str = "職員番号,氏名,フリガナ,性別,生年月日,採用日,採用区分,任用形態,職層,資格,在職状況,退職日,退職理由
101,青木 一郎,アオキ イチロウ,男性,1980-01-01,2004-04-01,新卒,一般職,主任,,在職,,
102,井上 花子,イノウエ ハナコ,女性,1988-01-01,2011-04-01,新卒,一般職,主事,,在職,,
103,上田 三郎,ウエダ サブロウ,男性,1975-01-01,2000-04-01,新卒,一般職,係長,,在職,,
201,江藤 四郎,エトウ シロウ,男性,1965-01-01,1988-04-01,新卒,一般職,課長,,在職,,
";

const POSTS: &str = "職員番号,組織コード,役職,開始日,終了日,区分
101,K01,,2004-04-01,,本務
102,K01,,2011-04-01,,本務
103,K02,,2000-04-01,,本務
201,K01,課長,2010-04-01,,本務
";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn city() -> TestApp {
    let app = TestApp::spawn_on(jinzai_domain::Clock::on_date(d(2012, 6, 10))).await;
    for (kind, body) in [("units", UNITS), ("staff", STAFF), ("assignments", POSTS)] {
        let (s, v) = app
            .post_bytes(&format!("/api/v1/imports/{kind}"), body.as_bytes().to_vec())
            .await;
        assert_eq!(s, 200, "{kind}: {v}");
    }
    app
}

fn team() -> serde_json::Value {
    json!({
        "fiscal_year": 2012, "kind": "project_team", "title": "行財政改革プロジェクトチーム",
        "unit_code": "P01", "duties": "事務事業の見直し案をまとめる。企画力のある職員を求める。",
        "slots": 1, "opens_on": "2012-06-01", "closes_on": "2012-06-30",
        "starts_on": "2012-07-01", "ends_on": "2013-03-31",
        "eligibility": { "min_years_of_service": 3, "min_years_in_post": 3 },
        "confidential": true
    })
}

#[tokio::test]
async fn applications_are_judged_kept_from_the_division_head_and_selection_assigns() {
    let app = city().await;
    let hr = &app.client;
    // A posting that closes before it opens, starts before it closes, in
    // a unit that does not exist, for nobody.
    let mut bad = team();
    bad["closes_on"] = json!("2012-05-01");
    bad["starts_on"] = json!("2012-04-15");
    bad["unit_code"] = json!("Z99");
    bad["slots"] = json!(0);
    let (s, v) = send(hr, &app, Method::POST, "/api/v1/postings", Some(bad)).await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(
        fields(&v),
        ["unit_code", "slots", "closes_on", "starts_on"],
        "{v}"
    );
    let mut post_with_end = team();
    post_with_end["kind"] = json!("post");
    let (s, v) = send(
        hr,
        &app,
        Method::POST,
        "/api/v1/postings",
        Some(post_with_end),
    )
    .await;
    assert_eq!((s, fields(&v)), (422, vec!["ends_on".to_owned()]), "{v}");
    let (s, v) = send(hr, &app, Method::POST, "/api/v1/postings", Some(team())).await;
    assert_eq!(s, 200, "{v}");
    let id = v["id"].as_i64().unwrap();

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
        &account_token_linked(&app.store, "kacho", "manager:K01", Some("201")).await,
    ));
    let nurse = client_with_token(Some(&account_token(&app.store, "nurse", "health").await));

    // Eligibility, judged on 1 June 2012: 102 has one year of service.
    let (_, v) = send(
        &inoue,
        &app,
        Method::GET,
        "/api/v1/postings?year=2012",
        None,
    )
    .await;
    assert_eq!(v["postings"][0]["eligible"], false, "{v}");
    assert!(
        v["postings"][0]["reason_ja"]
            .as_str()
            .unwrap()
            .contains("勤続3年以上"),
        "{v}"
    );
    let apply = format!("/api/v1/postings/{id}/applications");
    let (s, v) = send(&inoue, &app, Method::POST, &apply, None).await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["staff_number".to_owned()]),
        "{v}"
    );
    let (s, v) = send(
        &aoki,
        &app,
        Method::POST,
        &apply,
        Some(json!({ "motivation": "窓口改善の経験を活かしたい" })),
    )
    .await;
    assert_eq!((s, &v["status"]), (200, &json!("applied")), "{v}");
    let (s, _) = send(&aoki, &app, Method::POST, &apply, None).await;
    assert_eq!(s, 422, "one application per person");
    let (s, _) = send(
        &aoki,
        &app,
        Method::POST,
        &apply,
        Some(json!({ "staff_number": "103" })),
    )
    .await;
    assert_eq!(s, 403, "not for someone else");
    let (s, _) = send(&ueda, &app, Method::POST, &apply, None).await;
    assert_eq!(s, 200);

    // Who reads the applications.
    let list = format!("/api/v1/postings/{id}/applications");
    let (s, v) = send(&boss, &app, Method::GET, &list, None).await;
    assert_eq!(
        (s, v["applications"].as_array().map(Vec::len)),
        (200, Some(0)),
        "hidden until selected: {v}"
    );
    let (s, _) = send(&ueda, &app, Method::GET, &list, None).await;
    assert_eq!(s, 403);
    let (s, _) = send(&nurse, &app, Method::GET, &list, None).await;
    assert_eq!(s, 403);
    let (s, v) = send(hr, &app, Method::GET, &list, None).await;
    assert_eq!(s, 200);
    assert_eq!(
        v["applications"][0]["motivation"],
        "窓口改善の経験を活かしたい"
    );
    assert!(
        audit_of(&app, "posting_applications")
            .await
            .iter()
            .any(|e| e.action == "read")
    );
    for e in audit_of(&app, "posting_application").await {
        assert!(
            !e.detail.to_string().contains("窓口改善"),
            "no motivation in the log"
        );
    }

    // Selection within the places; the concurrent post follows.
    let decide = |n: &str| format!("/api/v1/postings/{id}/applications/{n}/decision");
    let (s, v) = send(
        hr,
        &app,
        Method::PUT,
        &decide("101"),
        Some(json!({ "selected": true })),
    )
    .await;
    assert_eq!((s, &v["status"]), (200, &json!("selected")), "{v}");
    let (s, v) = send(
        hr,
        &app,
        Method::PUT,
        &decide("103"),
        Some(json!({ "selected": true })),
    )
    .await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["staff_number".to_owned()]),
        "the one place is taken: {v}"
    );
    let (s, v) = send(
        hr,
        &app,
        Method::PUT,
        &decide("103"),
        Some(json!({ "selected": false })),
    )
    .await;
    assert_eq!((s, &v["status"]), (200, &json!("not_selected")), "{v}");
    let (s, _) = send(
        &ueda,
        &app,
        Method::POST,
        &format!("{apply}/103/withdrawal"),
        None,
    )
    .await;
    assert_eq!(s, 422, "no withdrawal after the decision");
    let (_, assignments) = app.store.staff_member("101").await.unwrap().unwrap();
    let team_post: Vec<_> = assignments
        .iter()
        .filter(|a| a.unit_code == "P01")
        .collect();
    assert_eq!(team_post.len(), 1);
    assert_eq!(
        (team_post[0].primary, team_post[0].start, team_post[0].end),
        (false, d(2012, 7, 1), Some(d(2013, 3, 31)))
    );
    assert!(
        assignments
            .iter()
            .any(|a| a.primary && a.unit_code == "K01" && a.end.is_none())
    );
    // Now selected, the 所属長 sees it — without the motivation.
    let (_, v) = send(&boss, &app, Method::GET, &list, None).await;
    assert_eq!(v["applications"].as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v["applications"][0]["motivation"], json!(null));

    // A post: the selected move there, their main post ended the day before.
    let post = json!({
        "fiscal_year": 2012, "kind": "post", "title": "市民課窓口リーダー", "unit_code": "K02",
        "post": "窓口リーダー", "duties": "窓口の改善を率いる。", "slots": 1,
        "opens_on": "2012-06-01", "closes_on": "2012-06-30", "starts_on": "2013-04-01",
        "confidential": false
    });
    let (s, v) = send(hr, &app, Method::POST, "/api/v1/postings", Some(post)).await;
    assert_eq!(s, 200, "{v}");
    let post_id = v["id"].as_i64().unwrap();
    let (s, _) = send(
        &aoki,
        &app,
        Method::POST,
        &format!("/api/v1/postings/{post_id}/applications"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    // Not hidden: the 所属長 sees it while it waits.
    let (_, v) = send(
        &boss,
        &app,
        Method::GET,
        &format!("/api/v1/postings/{post_id}/applications"),
        None,
    )
    .await;
    assert_eq!(v["applications"].as_array().map(Vec::len), Some(1), "{v}");
    let (s, v) = send(
        hr,
        &app,
        Method::PUT,
        &format!("/api/v1/postings/{post_id}/applications/101/decision"),
        Some(json!({ "selected": true })),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (_, assignments) = app.store.staff_member("101").await.unwrap().unwrap();
    let main: Vec<_> = assignments
        .iter()
        .filter(|a| a.primary)
        .map(|a| (a.unit_code.to_string(), a.start, a.end))
        .collect();
    assert_eq!(
        main,
        [
            ("K01".to_owned(), d(2004, 4, 1), Some(d(2013, 3, 31))),
            ("K02".to_owned(), d(2013, 4, 1), None)
        ]
    );

    // 1-5-1: teams posted, staff who applied, staff selected.
    let plan = jinzai_domain::plan::parse_plan(KIYOSE).unwrap();
    app.store
        .import_plan(&plan, KIYOSE, "test", "tests")
        .await
        .unwrap();
    let (s, v) = app
        .get_json("/api/v1/plans/kiyose-2011/nodes/1-5-1/indicator")
        .await;
    assert_eq!(s, 200, "{v}");
    let value = |i: u64| {
        v["years"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["fiscal_year"] == 2012 && y["indicator"] == i)
            .and_then(|y| y["value"].as_f64())
    };
    assert_eq!(
        (value(1), value(2), value(3)),
        (Some(1.0), Some(2.0), Some(1.0)),
        "{v}"
    );

    // The pages: the applicant's card, HR's applicants, the 所属長's view.
    let page = crate::support::text_of(aoki.get(app.url("/postings?year=2012"))).await;
    assert!(
        page.contains("行財政改革プロジェクトチーム") && page.contains("決定"),
        "{page}"
    );
    let page = crate::support::text_of(hr.get(app.url(&format!("/postings/{id}")))).await;
    assert!(
        page.contains("窓口改善の経験を活かしたい") && page.contains("不採用"),
        "{page}"
    );
    let page = crate::support::text_of(boss.get(app.url(&format!("/postings/{id}")))).await;
    assert!(
        page.contains("青木 一郎") && !page.contains("上田 三郎") && !page.contains("窓口改善"),
        "{page}"
    );
}

#[tokio::test]
async fn the_posting_form_refuses_at_its_fields_and_saves() {
    let app = city().await;
    let hr = &app.client;
    let res = hr
        .post(app.url("/postings"))
        .form(&[
            ("fiscal_year", "2012"),
            ("kind", "project_team"),
            ("title", "窓口改善チーム"),
            ("unit_code", "P01"),
            ("duties", "窓口の改善"),
            ("slots", "2"),
            ("opens_on", "2012-06-30"),
            ("closes_on", "2012-06-01"),
            ("starts_on", "平成24年7月1日"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("受付締切日は受付開始日より後にしてください"),
        "{page}"
    );
    assert!(
        page.contains("value=\"窓口改善チーム\""),
        "what was typed is kept: {page}"
    );
    let res = hr
        .post(app.url("/postings"))
        .form(&[
            ("fiscal_year", "2012"),
            ("kind", "project_team"),
            ("title", "窓口改善チーム"),
            ("unit_code", "P01"),
            ("duties", "窓口の改善"),
            ("slots", "2"),
            ("opens_on", "2012-06-01"),
            ("closes_on", "2012-06-30"),
            ("starts_on", "平成24年7月1日"),
            ("grades", "shunin"),
            ("confidential", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let saved = &app.store.postings(Some(2012)).await.unwrap()[0];
    assert_eq!(saved.posting.starts_on, d(2012, 7, 1));
    assert_eq!(saved.posting.eligibility.grades, ["shunin"]);
    assert!(saved.posting.confidential);
}

#[tokio::test]
async fn the_sample_citys_postings_match_independent_counts() {
    use jinzai_domain::postings::{ApplicationStatus, PostingKind};
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let (s, v) = app
        .get_json("/api/v1/plans/kiyose-2011/nodes/1-5-1/indicator")
        .await;
    assert_eq!(s, 200, "{v}");
    let g = &city.postings;
    for fy in 2011..=2013 {
        let teams = g
            .postings
            .iter()
            .filter(|p| p.fiscal_year == fy && p.kind == PostingKind::ProjectTeam)
            .count();
        let people = |keep: &dyn Fn(ApplicationStatus) -> bool| {
            g.applications
                .iter()
                .filter(|a| a.fiscal_year == fy && keep(a.status))
                .map(|a| a.staff_number.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len() as f64
        };
        let value = |i: u64| {
            v["years"]
                .as_array()
                .unwrap()
                .iter()
                .find(|y| y["fiscal_year"] == fy && y["indicator"] == i)
                .and_then(|y| y["value"].as_f64())
        };
        assert!(teams > 0, "FY{fy} has teams");
        assert_eq!(value(1), Some(teams as f64), "1-5-1 teams FY{fy}: {v}");
        assert_eq!(
            value(2),
            Some(people(&|s| s != ApplicationStatus::Withdrawn)),
            "1-5-1 applicants FY{fy}: {v}"
        );
        assert_eq!(
            value(3),
            Some(people(&|s| s == ApplicationStatus::Selected)),
            "1-5-1 selected FY{fy}: {v}"
        );
    }
    // Those selected serve in the team concurrently for its term.
    let selected = g
        .applications
        .iter()
        .filter(|a| a.status == ApplicationStatus::Selected)
        .count();
    let concurrent = app
        .store
        .all_assignments()
        .await
        .unwrap()
        .into_iter()
        .filter(|a| !a.primary && a.unit_code == jinzai::generate::postings::TEAM_UNIT)
        .count();
    assert_eq!(concurrent, selected);
    // Export and import again: nothing changes.
    let kind = jinzai_io::import::Kind::parse("posting_applications").unwrap();
    let table = kind.export(&app.store).await.unwrap();
    assert_eq!(table.rows.len(), g.applications.len());
    let csv =
        jinzai_io::export(&table, jinzai_io::Format::Csv, jinzai_io::Encoding::Utf8Bom).unwrap();
    let (s, v) = app
        .post_bytes("/api/v1/imports/posting_applications", csv)
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["summary"]["unchanged"], g.applications.len(), "{v}");
}

#[tokio::test]
async fn applications_import_all_or_nothing_at_their_rows() {
    let app = city().await;
    let (s, v) = send(
        &app.client,
        &app,
        Method::POST,
        "/api/v1/postings",
        Some(team()),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let bad = "年度,公募名,職員番号,応募日,状況
2012,行財政改革プロジェクトチーム,101,2012-06-05,決定
2012,行財政改革プロジェクトチーム,102,2012-06-05,応募中
2012,存在しないチーム,103,2012-06-05,応募中
2012,行財政改革プロジェクトチーム,103,2012-07-05,不採用
2012,行財政改革プロジェクトチーム,101,2012-06-06,不採用
";
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/posting_applications",
            bad.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    let mut rows: Vec<(u64, u64)> = v["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["row"].as_u64().unwrap(), p["col"].as_u64().unwrap()))
        .collect();
    rows.sort_unstable();
    // 102 is not eligible (職員番号), no such posting (公募名), outside the
    // window (応募日), a second row for 101 (職員番号).
    assert_eq!(rows, [(3, 3), (4, 2), (5, 4), (6, 3)], "{v}");
    assert!(
        app.store
            .posting_applications(None, None)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_command_line_posts_lists_and_decides() {
    let app = city().await;
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"))
            .arg("postings")
            .args(args)
            .env("JINZAI_DATABASE_URL", app.database_url())
            .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
            .env("JINZAI_TODAY", "2012-06-10")
            .env("JINZAI_LOG", "error")
            .output()
            .unwrap();
        crate::support::assert_success(&out);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let p: jinzai_domain::postings::Posting = serde_json::from_value(team()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("team.toml");
    std::fs::write(&file, toml::to_string(&p).unwrap()).unwrap();
    let said = run(&["set", file.to_str().unwrap()]);
    assert!(said.starts_with("posting 1 set"), "{said}");
    let list = run(&["list", "--year", "2012"]);
    assert!(
        list.contains("1\t2012\tproject_team\t行財政改革プロジェクトチーム\tP01\t1"),
        "{list}"
    );
    let posted = &app.store.postings(Some(2012)).await.unwrap()[0];
    app.store
        .apply_to_posting(
            posted,
            "101",
            (d(2012, 6, 5), Some("企画に関わりたい")),
            "aoki",
        )
        .await
        .unwrap();
    let apps = run(&["applications", "1"]);
    assert!(
        apps.contains("101\t青木 一郎\t2012-06-05\tapplied\t企画に関わりたい"),
        "{apps}"
    );
    assert!(
        audit_of(&app, "posting_applications")
            .await
            .iter()
            .any(|e| e.action == "read" && e.actor.starts_with("cli:"))
    );
    assert_eq!(
        run(&["decide", "1", "101", "--select"]).trim(),
        "101\tselected"
    );
    let (_, assignments) = app.store.staff_member("101").await.unwrap().unwrap();
    assert!(
        assignments
            .iter()
            .any(|a| !a.primary && a.unit_code == "P01")
    );
}
