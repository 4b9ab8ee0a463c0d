//! Personnel evaluation: the scheme (published criteria, checked at each
//! field), a year's periods, the evaluators' chains with their history and
//! the evaluator-training rule, and who sees which chain.

use crate::support::fields;
use crate::support::{
    PLAN, TestApp, account_token_linked, assert_success, client_with_token, text_of,
};
use serde_json::{Value, json};

const UNITS: &str = "組織コード,組織名,組織名カナ,上位組織コード,部門区分,開始日,終了日
B01,総務部,ソウムブ,,管理,2000-04-01,
K01,職員課,ショクインカ,B01,管理,2000-04-01,
";

/// 101 is evaluated; 201 (trained 2012) and 202 (trained 2008, too long
/// ago) evaluate; 301 adjusts, 401 confirms; 501 has nothing to do with it.
const STAFF: &str = "職員番号,氏名,フリガナ,性別,生年月日,採用日,採用区分,任用形態,職層,資格,在職状況,退職日,退職理由
101,青木 一郎,アオキ イチロウ,男性,1990-01-01,2012-04-01,新卒,一般職,主事,,在職,,
102,井上 二郎,イノウエ ジロウ,男性,1990-01-01,2012-04-01,新卒,一般職,主事,,在職,,
201,上田 三郎,ウエダ サブロウ,男性,1970-01-01,1995-04-01,新卒,一般職,係長,,在職,,
202,江藤 四郎,エトウ シロウ,男性,1970-01-01,1995-04-01,新卒,一般職,係長,,在職,,
301,大野 五郎,オオノ ゴロウ,男性,1965-01-01,1990-04-01,新卒,一般職,課長,,在職,,
401,加藤 六郎,カトウ ロクロウ,男性,1962-01-01,1985-04-01,新卒,一般職,部長,,在職,,
501,木村 七郎,キムラ シチロウ,男性,1990-01-01,2012-04-01,新卒,一般職,主事,,在職,,
";

async fn city() -> TestApp {
    let app = TestApp::spawn().await;
    let courses = "研修コード,研修名,研修区分,分野\nE01,評価者研修,庁内研修,evaluator\n";
    let sessions = "研修コード,開始日\nE01,2008-10-01\nE01,2012-10-01\n";
    let roster =
        "職員番号,研修コード,開始日,受講状況\n202,E01,2008-10-01,修了\n201,E01,2012-10-01,修了\n";
    for (kind, body) in [
        ("units", UNITS),
        ("staff", STAFF),
        ("courses", courses),
        ("sessions", sessions),
        ("participations", roster),
    ] {
        let (s, v) = app
            .post_bytes(&format!("/api/v1/imports/{kind}"), body.as_bytes().to_vec())
            .await;
        assert_eq!(s, 200, "{kind}: {v}");
    }
    app
}

#[tokio::test]
async fn the_scheme_is_published_checked_at_each_field_and_kept_by_open_periods() {
    let app = city().await;
    let (s, scheme) = app.get_json("/api/v1/evaluation/scheme").await;
    assert_eq!(s, 200);
    assert_eq!(scheme["bands"].as_array().map(Vec::len), Some(5));
    let mut bad = scheme.clone();
    bad["bands"][1]["points"] = json!(9.0);
    bad["ability_items"][0]["weight"] = json!(5);
    let (s, v) = app
        .send_json(reqwest::Method::PUT, "/api/v1/evaluation/scheme", &bad)
        .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(fields(&v), ["bands[1].points", "ability_items"], "{v}");
    // 大阪市's fixed shares, and 業績評価 once a year.
    let mut osaka = scheme.clone();
    for (b, share) in [5.0, 20.0, 60.0, 10.0, 5.0].iter().enumerate() {
        osaka["bands"][b]["target_share"] = json!(share);
    }
    osaka["performance_half_yearly"] = json!(false);
    let (s, v) = app
        .send_json(reqwest::Method::PUT, "/api/v1/evaluation/scheme", &osaka)
        .await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = app
        .post_json(
            "/api/v1/evaluation/periods",
            &json!({ "fiscal_year": 2013 }),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["periods"].as_array().map(Vec::len), Some(2), "{v}");
    assert_eq!(v["periods"][1]["kind"], "performance");
    assert_eq!(v["periods"][1]["term"], "year");
    let (s, v) = app
        .post_json(
            "/api/v1/evaluation/periods",
            &json!({ "fiscal_year": 2013 }),
        )
        .await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["fiscal_year".to_owned()]),
        "{v}"
    );
    // A later change of the scheme leaves the open year's periods as they were.
    let (s, _) = app
        .send_json(reqwest::Method::PUT, "/api/v1/evaluation/scheme", &scheme)
        .await;
    assert_eq!(s, 200);
    let (_, v) = app.get_json("/api/v1/evaluation/periods?year=2013").await;
    assert_eq!(v["periods"][0]["scheme"]["bands"][0]["target_share"], 5.0);
    let (_, v) = app.get_json("/api/v1/evaluation/scheme").await;
    assert!(v["bands"][0].get("target_share").is_none(), "{v}");
    // Every change is in the audit log, with the scheme before it.
    let entries = crate::support::audit_of(&app, "evaluation_scheme").await;
    assert_eq!(entries.len(), 2);
}

#[tokio::test]
async fn chains_refuse_self_evaluation_and_untrained_evaluators_and_keep_their_history() {
    let app = city().await;
    let put = |body: Value| {
        let app = &app;
        async move {
            app.send_json(reqwest::Method::PUT, "/api/v1/evaluation/chains", &body)
                .await
        }
    };
    let chain = |evaluatee: &str, first: &str, second: Option<&str>| {
        json!({ "fiscal_year": 2013, "evaluatee": evaluatee, "first": first, "second": second,
                "adjuster": "301", "confirmer": "401", "from": "2013-04-01" })
    };
    // The year is not open yet.
    let (s, v) = put(json!({ "chains": [chain("101", "201", None)] })).await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["chains[0].fiscal_year".to_owned()]),
        "{v}"
    );
    let (s, _) = app
        .post_json(
            "/api/v1/evaluation/periods",
            &json!({ "fiscal_year": 2013 }),
        )
        .await;
    assert_eq!(s, 201);
    // Evaluating oneself; 202 last trained in 2008 (more than 3 years).
    let (s, v) =
        put(json!({ "chains": [chain("101", "101", None), chain("102", "201", Some("202"))] }))
            .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(
        fields(&v),
        ["chains[0].first", "chains[0].first", "chains[1].second"],
        "{v}"
    );
    let (_, listed) = app.get_json("/api/v1/evaluation/chains?year=2013").await;
    assert_eq!(listed["count"], 0, "nothing written");
    // HR names 202 knowingly, with a reason.
    let mut excused = chain("102", "201", Some("202"));
    excused["training_exception"] = json!("10月の評価者研修を受講予定");
    let (s, v) = put(json!({ "chains": [chain("101", "201", None), excused] })).await;
    assert_eq!((s, v["created"].clone()), (200, json!(2)), "{v}");
    let (_, v) = app
        .get_json("/api/v1/evaluation/exceptions?year=2013")
        .await;
    let list = v["exceptions"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{v}");
    assert_eq!(
        (
            list[0]["evaluator"].clone(),
            list[0]["last_training"].clone(),
            list[0]["reason"].clone()
        ),
        (
            json!("202"),
            json!("2008-10-01"),
            json!("10月の評価者研修を受講予定")
        )
    );
    // 101 moves on 1 October: new evaluators from then; the first chain ends the day before.
    let mut moved = chain("101", "202", None);
    moved["from"] = json!("2013-10-01");
    moved["training_exception"] = json!("異動に伴う暫定");
    let (s, v) = put(json!({ "chains": [moved] })).await;
    assert_eq!(s, 200, "{v}");
    let (_, v) = app
        .get_json("/api/v1/evaluation/chains?year=2013&evaluatee=101")
        .await;
    assert_eq!(v["count"], 2, "{v}");
    assert_eq!(v["chains"][0]["until"], "2013-10-01");
    assert_eq!(v["chains"][1]["first"], "202");
    assert!(v["chains"][1]["until"].is_null());

    // A file too: all or nothing, each problem at its row and column.
    let file = "年度,職員番号,一次評価者,二次評価者,調整者,確認者,開始日\n2013,501,201,,301,401,\n2013,102,102,,,,\n";
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/evaluation_chains",
            file.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    let p = &v["error"]["problems"];
    assert_eq!(
        (p[0]["row"].clone(), p[0]["col"].clone()),
        (json!(3), json!(3)),
        "{v}"
    );
    let (_, v) = app
        .get_json("/api/v1/evaluation/chains?year=2013&evaluatee=501")
        .await;
    assert_eq!(v["count"], 0, "nothing written");
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/evaluation_chains",
            "年度,職員番号,一次評価者,調整者,確認者\n平成25年度,501,201,301,401\n"
                .as_bytes()
                .to_vec(),
        )
        .await;
    assert_eq!((s, v["summary"]["created"].clone()), (200, json!(1)), "{v}");

    // Who sees which chain: the evaluatee their own; an evaluator the ones
    // they are in; anyone else none; the health role not at all.
    for (login, number, want) in [
        ("aoki", "101", vec!["101", "101"]),
        ("ueda", "201", vec!["101", "102", "501"]),
        ("kimura", "501", vec!["501"]),
        ("inoue", "102", vec!["102"]),
    ] {
        let token = account_token_linked(&app.store, login, "staff", Some(number)).await;
        let v = crate::support::get_json_with(
            &client_with_token(Some(&token)),
            &app,
            "/api/v1/evaluation/chains?year=2013",
        )
        .await;
        let seen: Vec<&str> = v["chains"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["evaluatee"].as_str())
            .collect();
        assert_eq!(seen, want, "{login}");
    }
    let nurse = crate::support::account_token(&app.store, "nurse", "health").await;
    let res = client_with_token(Some(&nurse))
        .get(app.url("/api/v1/evaluation/chains?year=2013"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    // HR's page lists the exception; the command line the chains.
    let (_, html) = app.get_text("/evaluation?year=2013").await;
    assert!(
        html.contains("10月の評価者研修を受講予定") && html.contains("江藤 四郎"),
        "{html:.3000}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"))
        .args(["evaluation", "chains", "2013", "--evaluatee", "101"])
        .env("JINZAI_DATABASE_URL", app.database_url())
        .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
        .env("JINZAI_LOG", "error")
        .output()
        .unwrap();
    assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.lines().nth(1).unwrap().starts_with("101\t202\t"),
        "{text}"
    );
}

#[tokio::test]
async fn hr_sets_a_chain_on_the_page_and_sees_each_problem_at_its_field() {
    let app = city().await;
    let res = app
        .post_form("/evaluation/periods", &[("fiscal_year", "2013")])
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(
            "/evaluation/chains",
            &[
                ("year", "2013"),
                ("evaluatee", "101"),
                ("first", "101"),
                ("second", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("本人を自分の評価者にはできません"),
        "{html:.4000}"
    );
    assert!(
        html.contains(r#"id="f-first" name="first" value="101""#),
        "typed values stay"
    );
    let res = app
        .post_form(
            "/evaluation/chains",
            &[
                ("year", "2013"),
                ("evaluatee", "101"),
                ("first", "201"),
                ("adjuster", "301"),
                ("from", "令和"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422, "a date that does not read");
    let res = app
        .post_form(
            "/evaluation/chains",
            &[
                ("year", "2013"),
                ("evaluatee", "101"),
                ("first", "201"),
                ("adjuster", "301"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, html) = app.get_text("/evaluation/chains?year=2013&q=101").await;
    assert!(
        html.contains("上田 三郎（201）") && html.contains("大野 五郎（301）"),
        "{html:.4000}"
    );
    // The scheme form: a weight that does not read is named.
    let res = app
        .post_form(
            "/evaluation/scheme",
            &[
                ("band_code_0", "A"),
                ("band_label_0", "A"),
                ("band_points_0", "x"),
                ("band_from_0", "0"),
                ("item_code_0", "k"),
                ("item_title_0", "知識"),
                ("item_weight_0", "100"),
                ("complaint_days", "7"),
                ("min_cell", "10"),
                ("training_years", "3"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("bands[0].points") && html.contains("数値ではありません"),
        "{html:.4000}"
    );
}

/// A client acting as an account linked to a staff record.
async fn as_staff(app: &TestApp, login: &str, roles: &str, number: &str) -> reqwest::Client {
    client_with_token(Some(
        &account_token_linked(&app.store, login, roles, Some(number)).await,
    ))
}

/// POSTs JSON as `client`; the status and body, checked against the API document.
async fn post(app: &TestApp, client: &reqwest::Client, path: &str, body: Value) -> (u16, Value) {
    let res = client.post(app.url(path)).json(&body).send().await.unwrap();
    let status = res.status().as_u16();
    let v: Value = res.json().await.unwrap_or_default();
    crate::support::conforms("POST", path, status, &v);
    (status, v)
}

fn rate(bands: [&str; 5]) -> Value {
    let items = [
        "knowledge",
        "judgement",
        "teamwork",
        "responsibility",
        "initiative",
    ];
    json!({ "ratings": items.iter().zip(bands).map(|(i, b)| json!({ "item": i, "band": b })).collect::<Vec<_>>() })
}

#[tokio::test]
async fn a_whole_cycle_runs_with_a_send_back_disclosure_talk_and_complaint_and_only_the_right_people_read_it()
 {
    let clock =
        jinzai_domain::Clock::on_date(chrono::NaiveDate::from_ymd_opt(2014, 4, 14).unwrap());
    let app = TestApp::spawn_on(clock).await;
    for (kind, body) in [("units", UNITS), ("staff", STAFF)] {
        let (s, v) = app
            .post_bytes(&format!("/api/v1/imports/{kind}"), body.as_bytes().to_vec())
            .await;
        assert_eq!(s, 200, "{kind}: {v}");
    }
    let (s, v) = app
        .post_json(
            "/api/v1/evaluation/periods",
            &json!({ "fiscal_year": 2013 }),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let ability = v["periods"][0]["id"].as_i64().unwrap();
    let first_half = v["periods"][1]["id"].as_i64().unwrap();
    let chain = json!({ "chains": [{ "fiscal_year": 2013, "evaluatee": "101", "first": "201", "second": "202",
        "adjuster": "301", "confirmer": "401", "from": "2013-04-01", "training_exception": "研修日程の都合" }] });
    let (s, v) = app
        .send_json(reqwest::Method::PUT, "/api/v1/evaluation/chains", &chain)
        .await;
    assert_eq!(s, 200, "{v}");
    let me = as_staff(&app, "aoki", "staff", "101").await;
    let first = as_staff(&app, "ueda", "manager:K01", "201").await;
    let second = as_staff(&app, "eto", "manager:K01", "202").await;
    let adjuster = as_staff(&app, "oono", "manager:B01", "301").await;
    let confirmer = as_staff(&app, "kato", "manager:B01", "401").await;
    let stranger = as_staff(&app, "kimura", "manager:K01", "501").await;
    let sheet = format!("/api/v1/evaluation/sheets/{ability}/101");
    let step = |s: &str| format!("{sheet}/steps/{s}");

    // 二次 before 一次, and the evaluatee trying the 一次's step.
    let (s, v) = post(
        &app,
        &me,
        &step("self_evaluate"),
        rate(["A", "A", "B", "B", "Z"]),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(fields(&v), ["ratings[4].band"], "a band off the scale");
    let (s, _) = post(
        &app,
        &me,
        &step("self_evaluate"),
        rate(["A", "A", "B", "B", "S"]),
    )
    .await;
    assert_eq!(s, 200);
    let (s, v) = post(&app, &second, &step("rate_second"), rate(["B"; 5])).await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["step".to_owned()]),
        "二次 before 一次: {v}"
    );
    let (s, _) = post(&app, &me, &step("rate_first"), rate(["S"; 5])).await;
    assert_eq!(s, 403, "not the evaluatee's step");
    let (s, _) = post(&app, &stranger, &step("rate_first"), rate(["S"; 5])).await;
    assert_eq!(s, 403, "not in the chain");
    let (s, _) = post(
        &app,
        &first,
        &step("rate_first"),
        rate(["B", "B", "B", "C", "B"]),
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = post(
        &app,
        &second,
        &step("rate_second"),
        rate(["B", "B", "B", "C", "C"]),
    )
    .await;
    assert_eq!(s, 200);
    // 調整: sent back for re-evaluation, with a reason.
    let (s, v) = post(&app, &adjuster, &step("send_back"), json!({})).await;
    assert_eq!((s, fields(&v)), (422, vec!["reason".to_owned()]), "{v}");
    let (s, v) = post(
        &app,
        &adjuster,
        &step("send_back"),
        json!({ "reason": "部内の評価水準と比べ厳しすぎる" }),
    )
    .await;
    assert_eq!((s, v["state"].clone()), (200, json!("self_done")), "{v}");
    // The evaluatee does not see the reason of an evaluators' step yet.
    let res = me.get(app.url(&sheet)).send().await.unwrap();
    let mine: Value = res.json().await.unwrap();
    assert!(
        mine["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["reason"].is_null()),
        "{mine}"
    );
    assert!(
        mine["ratings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["stage"] == "self"),
        "{mine}"
    );
    assert!(mine["final_band"].is_null());
    let (s, _) = post(
        &app,
        &first,
        &step("rate_first"),
        rate(["A", "B", "B", "B", "B"]),
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = post(
        &app,
        &second,
        &step("rate_second"),
        rate(["A", "A", "B", "B", "B"]),
    )
    .await;
    assert_eq!(s, 200);
    let (s, v) = post(&app, &adjuster, &step("adjust"), json!({})).await;
    assert_eq!((s, v["state"].clone()), (200, json!("adjusted")), "{v}");
    // HR may not confirm where a 確認者 is named; the 確認者 does.
    let (s, _) = post(&app, &app.client, &step("confirm"), json!({})).await;
    assert_eq!(s, 403);
    let (s, v) = post(&app, &confirmer, &step("confirm"), json!({})).await;
    assert_eq!(s, 200, "{v}");
    // (4 + 4 + 3 + 3 + 3) / 5 = 3.4 → B
    assert_eq!(v["final_band"], "B", "{v}");
    let (s, v) = post(&app, &app.client, &step("disclose"), json!({})).await;
    assert_eq!((s, v["state"].clone()), (200, json!("disclosed")), "{v}");
    assert_eq!(
        v["complaint_until"], "2014-04-21",
        "7 days from the next day"
    );
    // Now the evaluatee sees the result.
    let res = me.get(app.url(&sheet)).send().await.unwrap();
    let mine: Value = res.json().await.unwrap();
    assert_eq!(mine["final_band"], "B");
    assert!(
        mine["ratings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["stage"] == "second")
    );
    assert_eq!(mine["may_complain"], true);
    // The 期末面談, by the 一次評価者.
    let (s, v) = post(
        &app,
        &first,
        &format!("{sheet}/feedback"),
        json!({ "held_on": "2014-04-14", "note": "評価の根拠を説明" }),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    // A complaint within the window, once.
    let (s, _) = post(
        &app,
        &first,
        &format!("{sheet}/complaint"),
        json!({ "body": "x" }),
    )
    .await;
    assert_eq!(s, 403, "only the evaluatee complains");
    let (s, v) = post(
        &app,
        &me,
        &format!("{sheet}/complaint"),
        json!({ "body": "協調性の評価に納得できない" }),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let (s, v) = post(
        &app,
        &me,
        &format!("{sheet}/complaint"),
        json!({ "body": "もう一度" }),
    )
    .await;
    assert_eq!(s, 422, "once per period: {v}");
    let (s, v) = post(
        &app,
        &app.client,
        &format!("{sheet}/complaint/handling"),
        json!({ "outcome": "dismissed", "response": "評価の根拠を再度説明", "band": "A" }),
    )
    .await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["band".to_owned()]),
        "a band only when upheld: {v}"
    );
    let (s, _) = post(
        &app,
        &app.client,
        &format!("{sheet}/complaint/handling"),
        json!({ "outcome": "partly_upheld", "response": "協調性を再評価", "band": "A" }),
    )
    .await;
    assert_eq!(s, 200);
    let (_, v) = app.get_json(&sheet).await;
    assert_eq!(v["final_band"], "A");
    assert_eq!(v["complaint"]["outcome"], "partly_upheld");
    assert_eq!(v["interviews"][0]["interview"]["kind"], "feedback");

    // A complaint after the window is refused (the same records, a week later).
    let later = app.store.clone().with_clock(jinzai_domain::Clock::on_date(
        chrono::NaiveDate::from_ymd_opt(2014, 4, 22).unwrap(),
    ));
    let who = crate::support::principal("aoki", jinzai_domain::access::Role::Staff, Some("101"));
    let late =
        jinzai_service::evaluation::sheet::complain(&later, &who, (first_half, "101"), "x").await;
    assert!(late.is_err(), "no disclosed sheet in the first half");
    // (the ability sheet's window closed on 2014-04-21)
    let gone =
        jinzai_service::evaluation::sheet::complain(&later, &who, (ability, "101"), "遅れて申出")
            .await;
    match gone {
        Err(jinzai_service::Failure::Invalid(e)) => assert!(
            e.iter()
                .any(|f| f.code == "window_closed" || f.code == "complaint_filed"),
            "{e:?}"
        ),
        other => panic!("{other:?}"),
    }

    // Who reads the sheet: the chain and HR, audited; not a stranger or the health role.
    let (s, _) = (
        stranger
            .get(app.url(&sheet))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        (),
    );
    assert_eq!(s, 403);
    let nurse = crate::support::account_token(&app.store, "nurse", "health").await;
    let s = client_with_token(Some(&nurse))
        .get(app.url(&sheet))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(s, 403);
    let s = adjuster.get(app.url(&sheet)).send().await.unwrap().status();
    assert_eq!(s, 200);
    let entries = crate::support::audit_of(&app, "evaluation_sheet").await;
    let reads: Vec<&str> = entries
        .iter()
        .filter(|e| e.action == "read")
        .map(|e| e.actor.as_str())
        .collect();
    assert!(
        reads.contains(&"oono") && reads.contains(&"hr-test"),
        "{reads:?}"
    );
    assert!(
        !reads.contains(&"aoki"),
        "one's own sheet is not an audited read"
    );
    assert!(entries.iter().any(|e| e.action == "send_back"));
}

#[tokio::test]
async fn the_published_distribution_matches_an_independent_count_and_withholds_small_cells() {
    let app = TestApp::spawn().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let end = chrono::NaiveDate::from_ymd_opt(2014, 3, 31).unwrap();
    let bands = ["S", "A", "B", "C", "D"];
    // The sample city's results, with everyone serving at the year's end
    // given a band by their number (a re-import: the file wins).
    let mut band_of: std::collections::BTreeMap<String, &str> = city
        .evaluation
        .results
        .iter()
        .filter(|r| r.fiscal_year == 2013)
        .map(|r| (r.evaluatee.to_string(), r.band.as_str()))
        .collect();
    let mut file = "年度,種類,区分,職員番号,評価,開示日\n".to_owned();
    for a in city
        .assignments
        .iter()
        .filter(|a| a.primary && a.active_on(end))
    {
        let n: u64 = a.staff_number.as_str().parse().unwrap();
        let band = bands[match n % 20 {
            0 => 0,
            1..=4 => 1,
            5..=16 => 2,
            17..=18 => 3,
            _ => 4,
        }];
        file.push_str(&format!(
            "2013,能力評価,通年,{},{band},2014-06-01\n",
            a.staff_number
        ));
        band_of.insert(a.staff_number.to_string(), band);
    }
    // Counted here from the generated records: the department of each
    // person's unit at the year's end ("" for someone gone by then).
    let parent = |code: &str| {
        city.units
            .iter()
            .find(|u| u.code.as_str() == code && u.valid_on(end))
            .and_then(|u| u.parent.as_ref().map(ToString::to_string))
            .unwrap_or_else(|| code.to_owned())
    };
    let mut want: std::collections::BTreeMap<(String, &str), u64> = Default::default();
    for (number, band) in &band_of {
        let dept = city
            .assignments
            .iter()
            .find(|a| a.primary && a.active_on(end) && a.staff_number.as_str() == number)
            .map_or_else(String::new, |a| parent(a.unit_code.as_str()));
        *want.entry((dept, *band)).or_default() += 1;
    }
    let (s, v) = app
        .post_bytes("/api/v1/imports/evaluation_results", file.into_bytes())
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, periods) = app.get_json("/api/v1/evaluation/periods?year=2013").await;
    let period = periods["periods"][0]["id"].as_i64().unwrap();
    let (s, d) = app
        .get_json(&format!("/api/v1/evaluation/periods/{period}/distribution"))
        .await;
    assert_eq!(s, 200, "{d}");
    let table = &d["table"];
    let mut withheld = 0;
    for (g, group) in table["groups"].as_array().unwrap().iter().enumerate() {
        for (b, band) in bands.iter().enumerate() {
            let truth = want
                .get(&(group.as_str().unwrap().to_owned(), *band))
                .copied()
                .unwrap_or(0);
            match &table["cells"][g][b] {
                Value::Object(o) if o.contains_key("shown") => {
                    assert_eq!(o["shown"], truth, "{group} {band}")
                }
                other => {
                    assert_eq!(other, "withheld");
                    withheld += 1;
                }
            }
            if (1..10).contains(&truth) {
                assert_eq!(
                    table["cells"][g][b], "withheld",
                    "{group} {band}: {truth} people"
                );
            }
        }
    }
    assert!(withheld > 0, "the sample city has small cells: {d}");
    // Not public while HR has it withdrawn (the demo publishes the plan's
    // years), public again once published.
    let anonymous = client_with_token(None);
    let public = app.url(&format!("/api/v1/public/evaluation/{period}"));
    let (s, _) = app
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/evaluation/periods/{period}/publication"),
            &json!({ "published": false }),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(anonymous.get(&public).send().await.unwrap().status(), 404);
    let (s, _) = app
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/evaluation/periods/{period}/publication"),
            &json!({ "published": true }),
        )
        .await;
    assert_eq!(s, 200);
    let res = anonymous.get(&public).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let published: Value = res.json().await.unwrap();
    assert_eq!(
        published["table"], d["table"],
        "the public sees the withheld table only"
    );
    let html = text_of(anonymous.get(app.url("/public/evaluation"))).await;
    assert!(
        html.contains("評価結果の分布") && html.contains("＊"),
        "{html:.2000}"
    );
    let csv =
        text_of(anonymous.get(app.url(&format!("/public/evaluation/{period}?format=csv")))).await;
    assert!(csv.contains("＊") && csv.contains("合計"), "{csv:.500}");
}

#[tokio::test]
async fn a_division_head_records_talks_with_their_members_and_sees_who_had_which() {
    let app = city().await;
    let posts = "職員番号,組織コード,役職,開始日,終了日,区分\n101,K01,,2012-04-01,,本務\n102,B01,,2012-04-01,,本務\n201,K01,係長,2012-04-01,,本務\n";
    let (s, v) = app
        .post_bytes("/api/v1/imports/assignments", posts.as_bytes().to_vec())
        .await;
    assert_eq!(s, 200, "{v}");
    let head = as_staff(&app, "ueda", "manager:K01", "201").await;
    let talk = |who: &str, kind: &str| {
        json!({ "staff_number": who, "kind": kind, "held_on": "2013-06-10", "interviewer": "201",
        "note": "係長昇任試験の受験を考えている" })
    };
    let (s, v) = post(&app, &head, "/api/v1/interviews", talk("101", "career")).await;
    assert_eq!(s, 201, "{v}");
    let (s, _) = post(&app, &head, "/api/v1/interviews", talk("102", "career")).await;
    assert_eq!(s, 403, "not a member of K01");
    let mut other = talk("101", "mid_year");
    other["interviewer"] = json!("301");
    let (s, v) = post(&app, &head, "/api/v1/interviews", other).await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["interviewer".to_owned()]),
        "{v}"
    );
    // A file of talks: all or nothing, placed.
    let file = "職員番号,種類,面談日,面談者,記録\n101,期首面談（目標設定）,2013-04-20,201,\n999,中間面談,2013-10-01,201,\n";
    let (s, v) = app
        .post_bytes("/api/v1/imports/interviews", file.as_bytes().to_vec())
        .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(
        (
            v["error"]["problems"][0]["row"].clone(),
            v["error"]["problems"][0]["col"].clone()
        ),
        (json!(3), json!(1))
    );
    let (s, _) = app
        .post_bytes(
            "/api/v1/imports/interviews",
            file.lines()
                .take(2)
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes(),
        )
        .await;
    assert_eq!(s, 200);
    // The head sees K01's members with the days, never the record.
    let res = head
        .get(app.url("/api/v1/interviews?year=2013"))
        .send()
        .await
        .unwrap();
    let v: Value = res.json().await.unwrap();
    let rows = v["staff"].as_array().unwrap();
    let aoki = rows.iter().find(|r| r["staff_number"] == "101").unwrap();
    assert_eq!(
        (aoki["career"].clone(), aoki["goal_setting"].clone()),
        (json!("2013-06-10"), json!("2013-04-20"))
    );
    assert!(aoki["mid_year"].is_null());
    assert!(rows.iter().all(|r| r["staff_number"] != "102"), "{v}");
    assert!(!v.to_string().contains("昇任試験"), "no record text");
    // A staff member sees themselves only.
    let me = as_staff(&app, "aoki", "staff", "101").await;
    let v: Value = me
        .get(app.url("/api/v1/interviews?year=2013"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["staff"].as_array().map(Vec::len), Some(1));
    let html = text_of(head.get(app.url("/evaluation/talks?year=2013"))).await;
    assert!(
        html.contains("2013-06-10") && html.contains("面談を記録する"),
        "{html:.3000}"
    );
}

/// One computed year of a measure's `indicator`th indicator, from the API.
fn computed(v: &Value, fy: i32, indicator: u64) -> Value {
    v["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["fiscal_year"] == fy && y["indicator"] == indicator)
        .cloned()
        .unwrap_or_else(|| panic!("no FY{fy} #{indicator}: {v}"))
}

/// The year's evaluatees: everyone with a chain for it.
fn chain_evaluatees(city: &jinzai::generate::City, fy: i32) -> std::collections::HashSet<&str> {
    city.evaluation
        .chains
        .iter()
        .filter(|c| c.fiscal_year == fy)
        .map(|c| c.evaluatee.as_str())
        .collect()
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        (n as f64 * 1000.0 / of as f64).round() / 10.0
    }
}

#[tokio::test]
async fn the_evaluation_and_self_report_measures_match_independent_counts_of_the_sample_city() {
    use chrono::NaiveDate;
    use jinzai_domain::evaluation::interview::InterviewKind;
    use std::collections::HashSet;
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let get = |node: &'static str| {
        let app = &app;
        async move {
            let (status, v) = app
                .get_json(&format!("/api/v1/plans/{PLAN}/nodes/{node}/indicator"))
                .await;
            assert_eq!(status, 200, "{v}");
            v
        }
    };
    let talked = |fy: i32, kind: InterviewKind| -> HashSet<&str> {
        city.evaluation
            .talks
            .iter()
            .filter(|t| {
                t.kind == kind && t.held_on >= day(fy, 4, 1) && t.held_on <= day(fy + 1, 3, 31)
            })
            .map(|t| t.staff_number.as_str())
            .collect()
    };
    let (v111, v121, v122) = (get("1-1-1").await, get("1-2-1").await, get("1-2-2").await);
    for fy in 2011..=2013 {
        // 1-1-1: evaluatees (a chain this year) who had their 期末面談.
        let evaluatees = chain_evaluatees(&city, fy);
        let feedback = talked(fy, InterviewKind::Feedback);
        let had = evaluatees.iter().filter(|n| feedback.contains(*n)).count();
        let c = computed(&v111, fy, 1);
        assert_eq!(
            c["value"].as_f64(),
            Some(share(had, evaluatees.len())),
            "1-1-1 FY{fy}: {c}"
        );
        assert_eq!(c["per"]["value"], evaluatees.len() as u64);
        assert!(had > 0 && had < evaluatees.len(), "some, not all: {had}");
        // … and the distribution the demo published.
        assert_eq!(
            computed(&v111, fy, 2)["value"].as_f64(),
            Some(100.0),
            "published FY{fy}"
        );

        // 1-2-1: staff in service on the reference date who submitted.
        let reference = day(fy, 11, 1);
        let (_, reports) = city
            .self_reports
            .windows
            .iter()
            .find(|(w, _)| w.fiscal_year == fy)
            .unwrap();
        let asked: HashSet<&str> = city
            .staff
            .iter()
            .filter(|s| s.hire_date <= reference && s.leaving_date.is_none_or(|l| l >= reference))
            .map(|s| s.number.as_str())
            .collect();
        let submitted = reports
            .iter()
            .filter(|(n, _)| asked.contains(n.as_str()))
            .count();
        let c = computed(&v121, fy, 1);
        assert_eq!(
            c["value"].as_f64(),
            Some(share(submitted, asked.len())),
            "1-2-1 FY{fy}: {c}"
        );
        // … and the wishes honoured, set by the domain's own rule against
        // the generated assignments.
        let next = day(fy + 1, 4, 1);
        let unit_on = |number: &str, on: NaiveDate| {
            city.assignments
                .iter()
                .find(|a| a.primary && a.staff_number.as_str() == number && a.active_on(on))
                .map(|a| a.unit_code.clone())
        };
        let work_of = |u: &jinzai_domain::people::UnitCode| {
            city.units
                .iter()
                .find(|v| v.code == *u && v.valid_on(next))
                .map(|v| v.rotation.clone())
        };
        let (mut wished, mut honoured) = (0, 0);
        for (number, report) in reports {
            let after = unit_on(number.as_str(), next);
            if report.wishes.is_empty() || after.is_none() {
                continue;
            }
            wished += 1;
            let then = unit_on(number.as_str(), reference);
            let o = jinzai_domain::self_report::outcome(
                report,
                then.as_ref(),
                after.as_ref(),
                &work_of,
            );
            honoured += usize::from(o.honoured == Some(true));
        }
        let c = computed(&v121, fy, 2);
        assert_eq!(
            c["value"].as_f64(),
            Some(share(honoured, wished)),
            "wishes FY{fy}: {c}"
        );
        assert_eq!(c["per"]["value"], wished as u64);
        assert!(honoured > 0 && honoured < wished, "{honoured} of {wished}");

        // 1-2-2: staff in service with both a 期首面談 and a career talk.
        let (from, to) = (day(fy, 4, 1), day(fy + 1, 3, 31));
        let serving: Vec<&str> = city
            .staff
            .iter()
            .filter(|s| s.hire_date <= to && s.leaving_date.is_none_or(|l| l >= from))
            .map(|s| s.number.as_str())
            .collect();
        let (goals, career) = (
            talked(fy, InterviewKind::GoalSetting),
            talked(fy, InterviewKind::Career),
        );
        let both = serving
            .iter()
            .filter(|n| goals.contains(*n) && career.contains(*n))
            .count();
        let c = computed(&v122, fy, 1);
        assert_eq!(
            c["value"].as_f64(),
            Some(share(both, serving.len())),
            "1-2-2 FY{fy}: {c}"
        );
        assert!(both > 0);
    }
    // HR follows a number to its records, by indicator.
    let (status, r) = app
        .get_json(&format!(
            "/api/v1/plans/{PLAN}/nodes/1-2-1/indicator/2012?indicator=2"
        ))
        .await;
    assert_eq!(status, 200, "{r}");
    let labels: Vec<&str> = r["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["label"].as_str().unwrap())
        .collect();
    // The records behind the number: the wishes honoured, each with where
    // the writer served before and after.
    let c = computed(&v121, 2012, 2);
    assert_eq!(labels.len() as u64, c["counted"]["value"].as_u64().unwrap());
    assert!(
        labels
            .iter()
            .all(|l| l.contains("希望どおり") && l.contains(" → ")),
        "{labels:?}"
    );
    let (status, _) = app
        .get_json(&format!(
            "/api/v1/plans/{PLAN}/nodes/1-2-1/indicator/2012?indicator=3"
        ))
        .await;
    assert_eq!(status, 404, "there is no third");
    let (_, html) = app.get_text(&format!("/plans/{PLAN}/nodes/1-1-1")).await;
    assert!(
        html.contains("所属長による面談") && html.contains("評価結果の割合の公表"),
        "one table per indicator, each with its heading"
    );
    let (status, html) = app
        .get_text(&format!(
            "/plans/{PLAN}/nodes/1-1-1/indicator/2012?indicator=1"
        ))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("期末面談"), "{html:.300}");

    // The progress table carries them, ungraded (no numeric target), in %.
    let (status, report) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/report?format=json"))
        .await;
    assert_eq!(status, 200, "{report}");
    let r = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "1-2-2" && r["fiscal_year"].as_f64() == Some(2012.0))
        .cloned()
        .unwrap();
    assert_eq!(r["actual"], computed(&v122, 2012, 1)["value"], "{r}");
    assert_eq!(
        (r["unit"].as_str(), r["actual_basis"].as_str()),
        (Some("%"), Some("記録から算出"))
    );

    // Withdrawing a distribution shows at once.
    let period = app
        .store
        .evaluation_periods(None)
        .await
        .unwrap()
        .into_iter()
        .find(|p| {
            p.period.fiscal_year == 2012
                && p.period.kind == jinzai_domain::evaluation::EvaluationKind::Ability
        })
        .unwrap();
    app.store
        .publish_distribution(period.id, false, "test")
        .await
        .unwrap();
    let v = get("1-1-1").await;
    assert_eq!(computed(&v, 2012, 2)["value"].as_f64(), Some(0.0));
}

#[tokio::test]
async fn hr_sees_each_departments_evaluatees_by_sheet_state_as_counted_from_the_records() {
    use chrono::NaiveDate;
    use jinzai_domain::evaluation::interview::InterviewKind;
    use std::collections::{BTreeMap, HashSet};
    let app = TestApp::spawn().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let fy = 2013;
    let period = app
        .store
        .evaluation_periods(Some(jinzai_domain::FiscalYear(fy)))
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.period.kind == jinzai_domain::evaluation::EvaluationKind::Ability)
        .unwrap();
    // Counted here: the year's evaluatees, the department of each on the
    // period's last day (the period is past), disclosed when the sample
    // city has a result for them, and their 期末面談 within the year.
    let end = NaiveDate::from_ymd_opt(fy + 1, 3, 31).unwrap();
    let start = NaiveDate::from_ymd_opt(fy, 4, 1).unwrap();
    let department = |number: &str| {
        let unit = city
            .assignments
            .iter()
            .find(|a| a.primary && a.staff_number.as_str() == number && a.active_on(end))
            .map(|a| a.unit_code.to_string());
        unit.map(|u| {
            city.units
                .iter()
                .find(|v| v.code.as_str() == u && v.valid_on(end))
                .and_then(|v| v.parent.as_ref().map(ToString::to_string))
                .unwrap_or(u)
        })
        .unwrap_or_default()
    };
    let evaluatees: HashSet<&str> = chain_evaluatees(&city, fy)
        .into_iter()
        .chain(
            city.evaluation
                .results
                .iter()
                .filter(|r| r.fiscal_year == fy)
                .map(|r| r.evaluatee.as_str()),
        )
        .collect();
    let disclosed: HashSet<&str> = city
        .evaluation
        .results
        .iter()
        .filter(|r| r.fiscal_year == fy)
        .map(|r| r.evaluatee.as_str())
        .collect();
    let talked: HashSet<&str> = city
        .evaluation
        .talks
        .iter()
        .filter(|t| t.kind == InterviewKind::Feedback && t.held_on >= start && t.held_on <= end)
        .map(|t| t.staff_number.as_str())
        .collect();
    // department → (evaluatees, disclosed, talked)
    let mut want: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
    for n in &evaluatees {
        let e = want.entry(department(n)).or_default();
        e.0 += 1;
        e.1 += u64::from(disclosed.contains(n));
        e.2 += u64::from(talked.contains(n));
    }
    let (status, v) = app
        .get_json(&format!(
            "/api/v1/evaluation/periods/{}/progress",
            period.id
        ))
        .await;
    assert_eq!(status, 200, "{v}");
    let states: Vec<&str> = v["states"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let disclosed_at = states.iter().position(|s| *s == "disclosed").unwrap();
    let not_started_at = states.iter().position(|s| *s == "not_started").unwrap();
    let got: BTreeMap<String, (u64, u64, u64)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["group"].as_str().unwrap().to_owned(),
                (
                    r["evaluatees"].as_u64().unwrap(),
                    r["by_state"][disclosed_at].as_u64().unwrap(),
                    r["talked"].as_u64().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(got, want);
    assert!(want.len() > 3, "several departments: {want:?}");
    let total = &v["total"];
    assert_eq!(total["evaluatees"], evaluatees.len() as u64);
    assert_eq!(
        total["by_state"][not_started_at].as_u64().unwrap(),
        (evaluatees.len() - disclosed.len()) as u64,
        "no sheet yet counts as not started"
    );

    // The page shows the same, by name, with the files.
    let (status, html) = app
        .get_text(&format!("/evaluation/periods/{}", period.id))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("評価の進捗") && html.contains("開示済") && html.contains("期末面談"));
    let res = app
        .client
        .get(app.url(&format!("/evaluation/periods/{}?format=csv", period.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'), "UTF-8 with BOM");
    assert!(
        csv.contains(&format!("合計,{}", evaluatees.len())),
        "{csv:.400}"
    );
    let (status, _) = app
        .get_json("/api/v1/evaluation/periods/999999/progress")
        .await;
    assert_eq!(status, 404);

    // The demo's open year under way: sheets at each stage, as written.
    let under_way = jinzai::demo::seed_cycle(&app.store, &city).await.unwrap();
    let open = app
        .store
        .evaluation_periods(Some(jinzai_domain::FiscalYear(2015)))
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.period.kind == jinzai_domain::evaluation::EvaluationKind::Ability)
        .unwrap();
    let (_, v) = app
        .get_json(&format!("/api/v1/evaluation/periods/{}/progress", open.id))
        .await;
    let by_state: Vec<u64> = v["total"]["by_state"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let in_2015 = chain_evaluatees(&city, 2015);
    assert_eq!(v["total"]["evaluatees"], in_2015.len() as u64);
    assert_eq!(by_state.iter().sum::<u64>(), in_2015.len() as u64);
    assert_eq!(by_state[not_started_at], (in_2015.len() - under_way) as u64);
    assert!(
        by_state.iter().filter(|n| **n > 0).count() >= 4,
        "sheets at several stages: {by_state:?}"
    );

    // From the command line too.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"))
        .args(["evaluation", "progress", &fy.to_string()])
        .env("JINZAI_DATABASE_URL", app.database_url())
        .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
        .env("JINZAI_LOG", "error")
        .output()
        .unwrap();
    assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l.starts_with(&format!("total\t{}\t", evaluatees.len()))),
        "{text}"
    );
}
