//! 自己申告: a window HR opens, reports handed in within it and checked at
//! their fields, the confidential health field read only by the writer, HR
//! and the named readers (audited), the 所属長's status-only view, and the
//! 希望反映 report set against the next 1 April's postings.

use crate::support::fields;
use crate::support::{TestApp, account_token_linked, client_with_token, text_of};
use serde_json::{Value, json};

const UNITS: &str = "組織コード,組織名,組織名カナ,上位組織コード,部門区分,開始日,終了日
B01,総務部,ソウムブ,,管理,2000-04-01,
K01,職員課,ショクインカ,B01,管理,2000-04-01,
K02,市民課,シミンカ,B01,窓口,2000-04-01,
";

const STAFF: &str = "職員番号,氏名,フリガナ,性別,生年月日,採用日,採用区分,任用形態,職層,資格,在職状況,退職日,退職理由
101,青木 一郎,アオキ イチロウ,男性,1990-01-01,2008-04-01,新卒,一般職,主事,,在職,,
102,井上 二郎,イノウエ ジロウ,男性,1990-01-01,2012-04-01,新卒,一般職,主事,,在職,,
103,上田 三郎,ウエダ サブロウ,男性,1990-01-01,2012-04-01,新卒,一般職,主事,,在職,,
201,江藤 四郎,エトウ シロウ,男性,1970-01-01,1995-04-01,新卒,一般職,課長,,在職,,
";

/// 101 has served in K01 since 2008 and moves to K02 (窓口) on 1 April
/// 2014; 102 stays in K01; 103 serves in K02 and moves to K01.
const POSTS: &str = "職員番号,組織コード,役職,開始日,終了日,区分
101,K01,,2008-04-01,2014-03-31,本務
101,K02,,2014-04-01,,本務
102,K01,,2012-04-01,,本務
103,K02,,2012-04-01,2014-03-31,本務
103,K01,,2014-04-01,,本務
201,K01,課長,2010-04-01,,本務
";

async fn city(today: (i32, u32, u32)) -> TestApp {
    let day = chrono::NaiveDate::from_ymd_opt(today.0, today.1, today.2).unwrap();
    let app = TestApp::spawn_on(jinzai_domain::Clock::on_date(day)).await;
    for (kind, body) in [("units", UNITS), ("staff", STAFF), ("assignments", POSTS)] {
        let (s, v) = app
            .post_bytes(&format!("/api/v1/imports/{kind}"), body.as_bytes().to_vec())
            .await;
        assert_eq!(s, 200, "{kind}: {v}");
    }
    app
}

async fn send(
    client: &reqwest::Client,
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let name = method.as_str().to_owned();
    let res = client
        .request(method, app.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let v: Value = res.json().await.unwrap_or_default();
    crate::support::conforms(&name, path, status, &v);
    (status, v)
}

#[tokio::test]
async fn reports_are_handed_in_within_the_window_and_read_only_by_those_named() {
    let app = city((2013, 11, 15)).await;
    let hr = &app.client;
    let put = reqwest::Method::PUT;
    // A window that closes before it opens, naming an unknown reader.
    let bad = json!({ "fiscal_year": 2013, "opens_on": "2013-11-30", "closes_on": "2013-11-01",
        "reference_date": "2013-11-01", "readers": ["nobody"] });
    let (s, v) = send(
        hr,
        &app,
        put.clone(),
        "/api/v1/self-reports/2013/window",
        bad,
    )
    .await;
    assert_eq!(
        (s, fields(&v)),
        (422, vec!["closes_on".to_owned(), "readers[0]".to_owned()]),
        "{v}"
    );
    let chief = account_token_linked(&app.store, "jinji-kacho", "manager:K01", Some("201")).await;
    let window = json!({ "fiscal_year": 2013, "opens_on": "2013-11-01", "closes_on": "2013-11-30",
        "reference_date": "2013-11-01", "readers": ["jinji-kacho"] });
    let (s, v) = send(
        hr,
        &app,
        put.clone(),
        "/api/v1/self-reports/2013/window",
        window,
    )
    .await;
    assert_eq!(s, 200, "{v}");

    let aoki = client_with_token(Some(
        &account_token_linked(&app.store, "aoki", "staff", Some("101")).await,
    ));
    let inoue = client_with_token(Some(
        &account_token_linked(&app.store, "inoue", "staff", Some("102")).await,
    ));
    let ueda = client_with_token(Some(
        &account_token_linked(&app.store, "ueda", "staff", Some("103")).await,
    ));
    // Four wishes, one naming no unit, one a unit that does not exist.
    let (s, v) = send(
        &aoki,
        &app,
        put.clone(),
        "/api/v1/self-reports/2013/mine",
        json!({
        "duties": "", "stay": false,
        "wishes": [{ "unit": "K02" }, {}, { "unit": "K99" }, { "work": "front" }] }),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(
        fields(&v),
        ["duties", "wishes", "wishes[1].unit", "wishes[2].unit"],
        "{v}"
    );
    let (s, v) = send(
        &aoki,
        &app,
        put.clone(),
        "/api/v1/self-reports/2013/mine",
        json!({
        "duties": "窓口の繁忙期対応", "stay": false, "wishes": [{ "unit": "K02" }],
        "health": "親の介護で時間外勤務が難しい" }),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (s, _) = send(
        &inoue,
        &app,
        put.clone(),
        "/api/v1/self-reports/2013/mine",
        json!({
        "duties": "給与事務", "stay": false, "wishes": [{ "work": "front" }] }),
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = send(
        &ueda,
        &app,
        put.clone(),
        "/api/v1/self-reports/2013/mine",
        json!({
        "duties": "住民票の交付", "stay": true }),
    )
    .await;
    assert_eq!(s, 200);

    // The writer and HR and the named reader read the health field; the
    // reads by others are audited.
    let get = reqwest::Method::GET;
    let (s, v) = send(
        &aoki,
        &app,
        get.clone(),
        "/api/v1/self-reports/2013/101",
        json!(null),
    )
    .await;
    assert_eq!(
        (s, v["report"]["health"].clone()),
        (200, json!("親の介護で時間外勤務が難しい"))
    );
    let (s, v) = send(
        hr,
        &app,
        get.clone(),
        "/api/v1/self-reports/2013/101",
        json!(null),
    )
    .await;
    assert_eq!(
        (s, v["report"]["health"].clone()),
        (200, json!("親の介護で時間外勤務が難しい"))
    );
    let reader = client_with_token(Some(&chief));
    let (s, _) = send(
        &reader,
        &app,
        get.clone(),
        "/api/v1/self-reports/2013/101",
        json!(null),
    )
    .await;
    assert_eq!(s, 200, "a named reader");
    // A 所属長 who is not named sees only who handed one in.
    let head = client_with_token(Some(
        &account_token_linked(&app.store, "k01-head", "manager:K01", None).await,
    ));
    let (s, _) = send(
        &head,
        &app,
        get.clone(),
        "/api/v1/self-reports/2013/101",
        json!(null),
    )
    .await;
    assert_eq!(s, 403);
    let (s, v) = send(
        &head,
        &app,
        get.clone(),
        "/api/v1/self-reports/2013/status",
        json!(null),
    )
    .await;
    assert_eq!(s, 200);
    let seen: Vec<(&str, bool)> = v["staff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["staff_number"].as_str().unwrap(),
                x["submitted"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [("101", true), ("102", true), ("201", false)],
        "K01's members only: {v}"
    );
    assert!(
        v.to_string().find("介護").is_none(),
        "no content in the status"
    );
    let (s, _) = send(
        &inoue,
        &app,
        get.clone(),
        "/api/v1/self-reports/2013/101",
        json!(null),
    )
    .await;
    assert_eq!(s, 403, "another staff member");
    let nurse = client_with_token(Some(
        &crate::support::account_token(&app.store, "nurse", "health").await,
    ));
    let (s, _) = send(
        &nurse,
        &app,
        get.clone(),
        "/api/v1/self-reports/2013/101",
        json!(null),
    )
    .await;
    assert_eq!(s, 403);
    let entries = crate::support::audit_of(&app, "self_report").await;
    let readers: Vec<&str> = entries
        .iter()
        .filter(|e| e.action == "read")
        .map(|e| e.actor.as_str())
        .collect();
    assert!(
        readers.contains(&"hr-test")
            && readers.contains(&"jinji-kacho")
            && !readers.contains(&"aoki"),
        "{readers:?}"
    );
    // The health text never reaches the audit log.
    let (all, _) = app
        .store
        .audit_entries(&jinzai_store::AuditQuery {
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(all.iter().all(|e| !e.detail.to_string().contains("介護")));

    // After the window closes, nothing more is handed in.
    let later = app.store.clone().with_clock(jinzai_domain::Clock::on_date(
        chrono::NaiveDate::from_ymd_opt(2013, 12, 1).unwrap(),
    ));
    let who = crate::support::principal("aoki", jinzai_domain::access::Role::Staff, Some("101"));
    let r: jinzai_domain::self_report::Report =
        serde_json::from_value(json!({ "duties": "x", "stay": true })).unwrap();
    assert!(matches!(
        jinzai_service::self_report::submit(&later, &who, 2013, &r).await,
        Err(jinzai_service::Failure::Invalid(_))
    ));

    // Before 1 April nothing is decided; after it, 101 got the unit he
    // wished for, 102 did not move, 103 wished to stay and was moved.
    let (s, v) = send(
        hr,
        &app,
        get.clone(),
        "/api/v1/self-reports/2013/reflection",
        json!(null),
    )
    .await;
    assert_eq!((s, v["decided"].clone()), (200, json!(false)), "{v}");
    let april = app.store.clone().with_clock(jinzai_domain::Clock::on_date(
        chrono::NaiveDate::from_ymd_opt(2014, 4, 2).unwrap(),
    ));
    let hr_who = crate::support::principal("hr-test", jinzai_domain::access::Role::Hr, None);
    let r = jinzai_service::self_report::reflection(&april, &hr_who, 2013)
        .await
        .unwrap();
    assert!(r.decided);
    let honoured: Vec<(&str, Option<bool>)> = r
        .rows
        .iter()
        .map(|x| {
            (
                x.staff_number.as_str(),
                x.outcome.as_ref().and_then(|o| o.honoured),
            )
        })
        .collect();
    assert_eq!(
        honoured,
        [
            ("101", Some(true)),
            ("102", Some(false)),
            ("103", Some(false))
        ]
    );
    assert_eq!(
        (r.overall.decided, r.overall.honoured, r.overall.rate),
        (3, 1, Some(33.3))
    );
    let admin_class = r.by_class.iter().find(|s| s.group == "admin").unwrap();
    assert_eq!((admin_class.decided, admin_class.honoured), (2, 1));
    let long = r
        .rows
        .iter()
        .find(|x| x.staff_number.as_str() == "101")
        .unwrap();
    assert!(long.years_in_post >= 5.0, "{}", long.years_in_post);
    let (s, _) = send(
        &head,
        &app,
        get,
        "/api/v1/self-reports/2013/reflection",
        json!(null),
    )
    .await;
    assert_eq!(s, 403, "not for a 所属長");

    // The pages: the writer's form keeps the reader's note; HR's status list.
    let html = text_of(aoki.get(app.url("/self-report?year=2013"))).await;
    assert!(
        html.contains("人事担当と指定された閲覧者だけが読みます") && html.contains("親の介護"),
        "{html:.3000}"
    );
    let html = text_of(head.get(app.url("/self-report?year=2013"))).await;
    assert!(
        !html.contains("親の介護") && html.contains("101"),
        "{html:.3000}"
    );
}
