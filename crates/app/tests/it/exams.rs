//! 昇任試験・選考 in the store: an exam set with its rules and components,
//! applications judged against the records on the reference date (the rule
//! named when refused), withdrawal, marks weighed into a result, and the
//! audit entries each write leaves.

use crate::support::TestApp;
use crate::support::{fields, send};
use chrono::NaiveDate;
use jinzai_domain::exams::{Component, ComponentKind, Eligibility, Exam};
use jinzai_store::StoreError;

const UNITS: &str = "組織コード,組織名,組織名カナ,上位組織コード,部門区分,開始日,終了日
K01,職員課,ショクインカ,,管理,2000-04-01,
";

/// 101: 主任 since a promotion on 2009-04-01, hired 2004 — eligible.
/// 102: 主任 but hired 2008 — too few years of service.
/// 103: 主事 — not of an eligible grade.
/// 104: left on 2012-03-31 — not in service on the reference date.
const STAFF: &str = "職員番号,氏名,フリガナ,性別,生年月日,採用日,採用区分,任用形態,職層,資格,在職状況,退職日,退職理由
101,青木 花子,アオキ ハナコ,女性,1980-01-01,2004-04-01,新卒,一般職,主任,,在職,,
102,井上 二郎,イノウエ ジロウ,男性,1985-01-01,2008-04-01,新卒,一般職,主任,,在職,,
103,上田 三郎,ウエダ サブロウ,男性,1980-01-01,2002-04-01,新卒,一般職,主事,,在職,,
104,江藤 四子,エトウ シコ,女性,1978-01-01,2002-04-01,新卒,一般職,主任,,退職,2012-03-31,自己都合
";

const EVENTS: &str = "職員番号,種別,発令日,発令前職層,発令後職層
101,昇任,2009-04-01,主事,主任
";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn exam() -> Exam {
    Exam {
        fiscal_year: 2012,
        level: "kakaricho".into(),
        title: "係長職昇任選考".into(),
        opens_on: d(2012, 6, 1),
        closes_on: d(2012, 6, 30),
        held_on: d(2012, 9, 9),
        reference_date: d(2012, 4, 1),
        eligibility: Eligibility {
            grades: vec!["shunin".into()],
            employment_types: vec!["regular".into()],
            min_years_of_service: 8,
            min_years_in_grade: 3,
            max_age: None,
        },
        components: vec![
            Component {
                kind: ComponentKind::Choice,
                weight: 30,
                max_score: 50,
            },
            Component {
                kind: ComponentKind::Essay,
                weight: 30,
                max_score: 100,
            },
            Component {
                kind: ComponentKind::Record,
                weight: 40,
                max_score: 5,
            },
        ],
        pass_mark: 60,
    }
}

async fn city() -> TestApp {
    let app = TestApp::spawn_on(jinzai_domain::Clock::on_date(d(2012, 6, 15))).await;
    for (kind, body) in [("units", UNITS), ("staff", STAFF), ("events", EVENTS)] {
        let (s, v) = app
            .post_bytes(&format!("/api/v1/imports/{kind}"), body.as_bytes().to_vec())
            .await;
        assert_eq!(s, 200, "{kind}: {v}");
    }
    app
}

fn rule(e: StoreError) -> (String, String) {
    match e {
        StoreError::Refused(f) => (f[0].field.to_string(), f[0].message.key.to_owned()),
        other => panic!("not refused: {other}"),
    }
}

#[tokio::test]
async fn applications_are_judged_marked_and_audited() {
    let app = city().await;
    let store = &app.store;
    let saved = store.save_exam(&exam(), "hr").await.unwrap();
    assert_eq!(saved.exam, exam());
    assert_eq!(
        store.exams(Some(2012)).await.unwrap(),
        std::slice::from_ref(&saved)
    );
    assert!(store.exams(Some(2013)).await.unwrap().is_empty());

    // Who may sit, judged on 2012-04-01 from the records.
    let candidates = store.exam_candidates(&saved.exam).await.unwrap();
    let judged: Vec<(String, Option<&str>)> = candidates
        .iter()
        .map(|(s, c)| {
            (
                s.number.to_string(),
                saved
                    .exam
                    .eligibility
                    .judge(c, saved.exam.reference_date)
                    .err()
                    .map(|m| m.key),
            )
        })
        .collect();
    assert_eq!(
        judged,
        [
            ("101".into(), None),
            ("102".into(), Some("exams_rule_service")),
            ("103".into(), Some("exams_rule_grade")),
            ("104".into(), Some("exams_rule_in_service")),
        ]
    );

    // Ineligible people are refused with the rule; nothing is written.
    for (number, key) in [
        ("102", "exams_rule_service"),
        ("103", "exams_rule_grade"),
        ("104", "exams_rule_in_service"),
    ] {
        let e = store
            .apply_for_exam(&saved, number, "hr")
            .await
            .unwrap_err();
        assert_eq!(rule(e), ("staff_number".into(), key.into()), "{number}");
    }
    assert!(store.exam_applications(&saved).await.unwrap().is_empty());

    let a = store.apply_for_exam(&saved, "101", "101").await.unwrap();
    assert_eq!((a.sat, a.withdrawn_at.as_deref()), (None, None));
    let twice = store
        .apply_for_exam(&saved, "101", "101")
        .await
        .unwrap_err();
    assert_eq!(rule(twice).1, "exams_applied_already");

    // Withdrawn, then applied again.
    let w = store
        .withdraw_exam_application(&saved, "101", "101")
        .await
        .unwrap();
    assert!(w.withdrawn_at.is_some());
    let refused = store
        .record_exam_result(&saved, "101", true, &[Some(1), Some(1), Some(1)], "hr")
        .await
        .unwrap_err();
    assert_eq!(rule(refused).1, "exams_result_withdrawn");
    store.apply_for_exam(&saved, "101", "101").await.unwrap();

    // The components are locked once someone applied.
    let mut changed = exam();
    changed.components[0].weight = 20;
    changed.components[2].weight = 50;
    let locked = store.save_exam(&changed, "hr").await.unwrap_err();
    assert_eq!(
        rule(locked),
        ("components".into(), "exams_components_locked".into())
    );
    let mut retitled = exam();
    retitled.title = "係長職昇任選考（第二回）".into();
    assert_eq!(
        store.save_exam(&retitled, "hr").await.unwrap().exam.title,
        retitled.title
    );

    // A mark out of range is refused at its place; nothing is written.
    let bad = store
        .record_exam_result(&saved, "101", true, &[Some(40), Some(70), Some(6)], "hr")
        .await
        .unwrap_err();
    assert_eq!(rule(bad).0, "scores[2]");
    let partial = store
        .record_exam_result(&saved, "101", true, &[Some(40), None, Some(3)], "hr")
        .await
        .unwrap();
    assert_eq!(
        (partial.sat, partial.total, partial.passed),
        (Some(true), None, None)
    );
    assert_eq!(partial.scores, [Some(40), None, Some(3)]);
    // 40/50 × 30 + 70/100 × 30 + 3/5 × 40 = 69: passed.
    let done = store
        .record_exam_result(&saved, "101", true, &[Some(40), Some(70), Some(3)], "hr")
        .await
        .unwrap();
    assert!((done.total.unwrap() - 69.0).abs() < 1e-9);
    assert_eq!(done.passed, Some(true));
    // 2-6-1 line 1 (women who sat a 係長 or 管理職 exam) counts her in
    // FY2012 and nobody in FY2011.
    let plan = jinzai_domain::plan::parse_plan(crate::support::KIYOSE).unwrap();
    let line = plan
        .node("2-6-1")
        .unwrap()
        .indicators
        .iter()
        .find(|i| i.line == 1)
        .unwrap()
        .counts
        .clone();
    let counted = |y: i32| {
        let line = line.clone();
        async move {
            store
                .count(&line, jinzai_domain::FiscalYear(y))
                .await
                .unwrap()
                .value
        }
    };
    assert_eq!((counted(2011).await, counted(2012).await), (0, 1));
    let late = store
        .withdraw_exam_application(&saved, "101", "101")
        .await
        .unwrap_err();
    assert_eq!(rule(late).1, "exams_withdraw_after_sitting");

    // Every write left its entry; the chain holds.
    let (entries, _) = store
        .audit_entries(&jinzai_store::AuditQuery {
            record_type: "exam_application".into(),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    let actions: Vec<&str> = entries.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["apply", "withdraw", "apply", "result", "result"]);
    assert_eq!(store.verify_audit().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn applications_outside_the_window_are_refused() {
    let app = TestApp::spawn_on(jinzai_domain::Clock::on_date(d(2012, 7, 1))).await;
    for (kind, body) in [("units", UNITS), ("staff", STAFF), ("events", EVENTS)] {
        let (s, _) = app
            .post_bytes(&format!("/api/v1/imports/{kind}"), body.as_bytes().to_vec())
            .await;
        assert_eq!(s, 200);
    }
    let saved = app.store.save_exam(&exam(), "hr").await.unwrap();
    let e = app
        .store
        .apply_for_exam(&saved, "101", "101")
        .await
        .unwrap_err();
    assert_eq!(rule(e), ("exam".into(), "exams_window_closed".into()));
}

fn form_of(e: &Exam) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = [
        ("fiscal_year", e.fiscal_year.to_string()),
        ("level", e.level.clone()),
        ("title", e.title.clone()),
        ("opens_on", e.opens_on.to_string()),
        ("closes_on", e.closes_on.to_string()),
        ("held_on", e.held_on.to_string()),
        ("reference_date", e.reference_date.to_string()),
        (
            "min_years_of_service",
            e.eligibility.min_years_of_service.to_string(),
        ),
        (
            "min_years_in_grade",
            e.eligibility.min_years_in_grade.to_string(),
        ),
        ("max_age", String::new()),
        ("pass_mark", e.pass_mark.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for g in &e.eligibility.grades {
        f.push(("grades".into(), g.clone()));
    }
    for t in &e.eligibility.employment_types {
        f.push(("employment_types".into(), t.clone()));
    }
    for (i, c) in e.components.iter().enumerate() {
        f.push((format!("kind_{i}"), c.kind.to_string()));
        f.push((format!("weight_{i}"), c.weight.to_string()));
        f.push((format!("max_score_{i}"), c.max_score.to_string()));
    }
    f
}

#[tokio::test]
async fn staff_apply_on_screen_and_hr_marks_and_reads_the_funnel() {
    use crate::support::{account_token_linked, client_with_token, text_of};
    use reqwest::Method;
    let app = city().await;
    let hr = &app.client;

    // The exam form: refused at its fields, nothing saved, the typed values kept.
    let mut bad = form_of(&exam());
    for (k, v) in bad.iter_mut() {
        match k.as_str() {
            "weight_2" => *v = "30".into(),
            "closes_on" => *v = "2012-05-01".into(),
            "pass_mark" => *v = "六十".into(),
            _ => {}
        }
    }
    let res = hr.post(app.url("/exams")).form(&bad).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("「六十」は数字ではありません"), "{page}");
    assert!(page.contains("value=\"係長職昇任選考\""));
    bad.retain(|(k, _)| k != "pass_mark");
    bad.push(("pass_mark".into(), "60".into()));
    let res = hr.post(app.url("/exams")).form(&bad).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("配点の割合の合計は100％にしてください（現在90％）"),
        "{page}"
    );
    assert!(page.contains("申込締切日は受付開始日より後にしてください"));
    assert!(app.store.exams(None).await.unwrap().is_empty());

    // The API refuses the same at its fields; the form saves a good one.
    let mut wrong = serde_json::to_value(exam()).unwrap();
    wrong["components"][2]["weight"] = 30.into();
    let (s, v) = send(hr, &app, Method::PUT, "/api/v1/exams", Some(wrong)).await;
    assert_eq!((s, fields(&v)), (422, vec!["components".to_owned()]), "{v}");
    let res = hr
        .post(app.url("/exams"))
        .form(&form_of(&exam()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let saved = app.store.exams(Some(2012)).await.unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].exam, exam());
    let id = saved[0].id;

    let aoki = client_with_token(Some(
        &account_token_linked(&app.store, "aoki", "staff", Some("101")).await,
    ));
    let ueda = client_with_token(Some(
        &account_token_linked(&app.store, "ueda", "staff", Some("103")).await,
    ));
    // Each sees the exam with their own eligibility.
    let (s, v) = send(&aoki, &app, Method::GET, "/api/v1/exams?year=2012", None).await;
    assert_eq!(s, 200);
    assert_eq!(
        (&v["exams"][0]["eligible"], &v["exams"][0]["open"]),
        (&true.into(), &true.into())
    );
    let (_, v) = send(&ueda, &app, Method::GET, "/api/v1/exams?year=2012", None).await;
    assert_eq!(v["exams"][0]["eligible"], false);
    assert!(
        v["exams"][0]["reason_ja"]
            .as_str()
            .unwrap()
            .contains("主任"),
        "{v}"
    );
    let page = text_of(ueda.get(app.url("/exams?year=2012"))).await;
    assert!(
        page.contains("受験資格は2012-04-01に主任の職員です"),
        "{page}"
    );
    assert!(!page.contains("申し込む"));

    // Ueda is refused naming the rule; nobody applies for someone else
    // but HR; Aoki applies on screen, withdraws and applies again.
    let path = format!("/api/v1/exams/{id}/applications");
    let (s, v) = send(&ueda, &app, Method::POST, &path, None).await;
    assert_eq!((s, fields(&v)), (422, vec!["staff_number".to_owned()]));
    let (s, _) = send(
        &aoki,
        &app,
        Method::POST,
        &path,
        Some(serde_json::json!({ "staff_number": "102" })),
    )
    .await;
    assert_eq!(s, 403);
    let page = text_of(aoki.get(app.url("/exams?year=2012"))).await;
    assert!(page.contains("受験資格があります") && page.contains("申し込む"));
    for step in ["apply", "withdraw", "apply"] {
        let res = aoki
            .post(app.url(&format!("/exams/{id}/{step}")))
            .form(&[("x", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303, "{step}");
    }
    let page = text_of(aoki.get(app.url("/exams?year=2012"))).await;
    assert!(page.contains("申込済") && page.contains("申込を取り下げる"));
    let (s, _) = send(&aoki, &app, Method::GET, &path, None).await;
    assert_eq!(s, 403, "a candidate does not read the list");

    // HR marks: a bad mark on screen is refused naming the person; the API
    // records the marks.
    let res = hr
        .post(app.url(&format!("/exams/{id}/results/101")))
        .form(&[
            ("sat", "1"),
            ("score_0", "abc"),
            ("score_1", ""),
            ("score_2", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("101: 「abc」は数字ではありません")
    );
    let (s, v) = send(
        hr,
        &app,
        Method::PUT,
        &format!("/api/v1/exams/{id}/applications/101/result"),
        Some(serde_json::json!({ "sat": true, "scores": [40, 80, 4] })),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    // 40/50 × 30 + 80/100 × 30 + 4/5 × 40 = 80.
    assert_eq!(
        (v["total"].as_f64(), &v["passed"]),
        (Some(80.0), &true.into())
    );
    let (_, v) = send(&aoki, &app, Method::GET, "/api/v1/exams?year=2012", None).await;
    assert_eq!(v["exams"][0]["application"]["total"].as_f64(), Some(80.0));
    let page = text_of(aoki.get(app.url("/exams?year=2012"))).await;
    assert!(page.contains("合格") && page.contains("80.0"));
    assert!(
        !page.contains("申込を取り下げる"),
        "no withdrawal after sitting"
    );

    // HR's exam page lists the marks; the read is audited.
    let before = crate::support::audit_of(&app, "exam_results").await.len();
    let page = text_of(hr.get(app.url(&format!("/exams/{id}")))).await;
    assert!(
        page.contains("青木 花子") && page.contains("80.0"),
        "{page}"
    );
    assert_eq!(
        crate::support::audit_of(&app, "exam_results").await.len(),
        before + 1
    );

    // The funnel: 101 alone was eligible; she applied, sat and passed.
    let (s, v) = send(
        hr,
        &app,
        Method::GET,
        "/api/v1/exam-funnels?year=2012",
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        v["funnels"][0]["total"]["counts"],
        serde_json::json!([1, 1, 1, 1, 0])
    );
    assert_eq!(v["funnels"][0]["by_gender"][0]["group"], "female");
    // HR records the promotion from her result: a day before the exam is
    // refused; by default the next 1 April, entered as a personnel event.
    let res = hr
        .post(app.url(&format!("/exams/{id}/promotions/101")))
        .form(&[("on", "2012-05-01")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("101: 昇任日は2012-09-09から")
    );
    let (s, v) = send(
        hr,
        &app,
        Method::POST,
        &format!("/api/v1/exams/{id}/applications/101/promotion"),
        None,
    )
    .await;
    assert_eq!((s, &v["promoted_on"]), (200, &"2013-04-01".into()), "{v}");
    let events = app.store.events_of("101").await.unwrap();
    let promoted = events.last().unwrap();
    assert_eq!(
        (
            promoted.date,
            promoted.from_grade.as_deref(),
            promoted.to_grade.as_deref()
        ),
        (d(2013, 4, 1), Some("shunin"), Some("kakaricho"))
    );
    let page = text_of(hr.get(app.url(&format!("/exams/{id}")))).await;
    assert!(page.contains("昇任日 2013-04-01"), "{page}");
    let (_, v) = send(
        hr,
        &app,
        Method::GET,
        "/api/v1/exam-funnels?year=2012",
        None,
    )
    .await;
    assert_eq!(
        v["funnels"][0]["total"]["counts"],
        serde_json::json!([1, 1, 1, 1, 1])
    );
    let page = text_of(hr.get(app.url("/exams/funnel"))).await;
    assert!(page.contains("昇任者") && page.contains("女性"), "{page}");

    // The command line reads the same.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"))
        .args(["exams", "funnel", "--year", "2012"])
        .env("JINZAI_DATABASE_URL", app.database_url())
        .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
        .env("JINZAI_TODAY", "2012-06-15")
        .env("JINZAI_LOG", "error")
        .output()
        .unwrap();
    crate::support::assert_success(&out);
    let tsv = String::from_utf8_lossy(&out.stdout);
    assert!(
        tsv.contains("2012\tkakaricho\tall\t-\t1\t1\t1\t1\t1"),
        "{tsv}"
    );
    assert!(
        tsv.contains("2012\tkakaricho\tgender\tfemale\t1\t1\t1\t1\t1"),
        "{tsv}"
    );
}

/// An exam's weighted total worked out here without the domain: each
/// mark over its maximum times its weight; none until all are marked.
fn sample_total(exam: &Exam, scores: &[Option<u32>]) -> Option<f64> {
    if scores.len() != exam.components.len() {
        return None;
    }
    exam.components
        .iter()
        .zip(scores)
        .try_fold(0.0, |sum, (c, s)| {
            s.map(|s| sum + f64::from(s) * f64::from(c.weight) / f64::from(c.max_score))
        })
}

#[tokio::test]
async fn the_sample_citys_exams_match_independent_counts() {
    use jinzai_domain::people::event::EventKind;
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let staff: std::collections::HashMap<&str, &jinzai_domain::people::staff::Staff> =
        city.staff.iter().map(|s| (s.number.as_str(), s)).collect();
    let female = |n: &str| staff[n].gender.as_deref() == Some("female");

    // 2-6-1 line 1: women who sat the 係長 and 管理職 exams.
    let (s, v) = app
        .get_json("/api/v1/plans/kiyose-2011/nodes/2-6-1/indicator")
        .await;
    assert_eq!(s, 200, "{v}");
    let mut seen = 0.0;
    for fy in 2011..=2013 {
        let want: std::collections::BTreeSet<&str> = city
            .exams
            .records
            .iter()
            .filter(|r| r.fiscal_year == fy && r.sat == Some(true))
            .filter(|r| ["kakaricho", "kacho_hosa", "kacho", "bucho"].contains(&r.level.as_str()))
            .map(|r| r.staff_number.as_str())
            .filter(|n| female(n))
            .collect();
        let got = v["years"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["fiscal_year"] == fy && y["line"] == 1)
            .and_then(|y| y["value"].as_f64());
        assert_eq!(got, Some(want.len() as f64), "2-6-1 FY{fy}: {v}");
        seen += want.len() as f64;
    }
    assert!(seen > 0.0, "women sat exams in the sample city");

    // 1-3-2: past papers published within the year.
    let (_, v) = app
        .get_json("/api/v1/plans/kiyose-2011/nodes/1-3-2/indicator")
        .await;
    for fy in 2011..=2013 {
        let (from, to) = (d(fy, 4, 1), d(fy + 1, 3, 31));
        let want = city
            .exams
            .papers
            .iter()
            .filter(|p| (from..=to).contains(&p.paper.published_on))
            .count();
        let got = v["years"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["fiscal_year"] == fy)
            .and_then(|y| y["value"].as_f64());
        assert_eq!(got, Some(want as f64), "1-3-2 FY{fy}: {v}");
        assert!(want > 0, "papers are published in FY{fy}");
    }

    // 1-3-1: of those who sat, the share whose exam weighed the work record.
    let (s, v) = app
        .get_json("/api/v1/plans/kiyose-2011/nodes/1-3-1/indicator")
        .await;
    assert_eq!(s, 200, "{v}");
    for fy in 2011..=2013 {
        let sat = |weighed_only: bool| {
            city.exams
                .records
                .iter()
                .filter(|r| r.fiscal_year == fy && r.sat == Some(true))
                .filter(|r| {
                    !weighed_only
                        || city.exams.exams.iter().any(|e| {
                            e.fiscal_year == fy
                                && e.level == r.level
                                && e.components
                                    .iter()
                                    .any(|c| c.kind == ComponentKind::Record && c.weight > 0)
                        })
                })
                .map(|r| r.staff_number.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len() as f64
        };
        let want = (sat(true) * 1000.0 / sat(false)).round() / 10.0;
        let got = v["years"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["fiscal_year"] == fy)
            .and_then(|y| y["value"].as_f64());
        assert_eq!(got, Some(want), "1-3-1 FY{fy}: {v}");
    }

    // The funnel of every exam against the generated records.
    let (s, v) = app.get_json("/api/v1/exam-funnels").await;
    assert_eq!(s, 200, "{v}");
    let funnels = v["funnels"].as_array().unwrap();
    assert_eq!(funnels.len(), city.exams.exams.len());
    let grades = city.grades();
    let mut gap = (0usize, 0usize, 0usize, 0usize);
    for f in funnels {
        let fy = i32::try_from(f["fiscal_year"].as_i64().unwrap()).unwrap();
        let level = f["level"].as_str().unwrap();
        let exam = city
            .exams
            .exams
            .iter()
            .find(|e| e.fiscal_year == fy && e.level == level)
            .unwrap();
        let on = exam.reference_date;
        let grade = &exam.eligibility.grades[0];
        let service = exam.eligibility.min_years_of_service;
        let eligible = city
            .staff
            .iter()
            .filter(|s| s.hire_date <= on && s.leaving_date.is_none_or(|l| l >= on))
            .filter(|s| s.employment_type == "regular")
            .filter(|s| grades.on(s, on) == Some(grade.as_str()))
            .filter(|s| jinzai_domain::exams::whole_years(s.hire_date, on) >= service)
            .count();
        let records: Vec<_> = city
            .exams
            .records
            .iter()
            .filter(|r| r.fiscal_year == fy && r.level == level && r.withdrawn_on.is_none())
            .collect();
        let sat: Vec<_> = records.iter().filter(|r| r.sat == Some(true)).collect();
        let passed: Vec<_> = sat
            .iter()
            .filter(|r| sample_total(exam, &r.scores).is_some_and(|t| t >= 60.0))
            .collect();
        let next_year_end = chrono::NaiveDate::from_ymd_opt(fy + 2, 3, 31).unwrap();
        let promoted = passed
            .iter()
            .filter(|r| {
                city.events.iter().any(|e| {
                    e.staff_number == r.staff_number
                        && e.kind == EventKind::Promotion
                        && e.to_grade.as_deref() == Some(level)
                        && e.date >= exam.held_on
                        && e.date <= next_year_end
                })
            })
            .count();
        assert_eq!(
            f["total"]["counts"],
            serde_json::json!([eligible, records.len(), sat.len(), passed.len(), promoted]),
            "FY{fy} {level}"
        );
        // By 職種: the applicants of each job family, as the staff master
        // says.
        let family_of = |n: &str| {
            city.staff
                .iter()
                .find(|s| s.number.as_str() == n)
                .and_then(|s| s.job_family.clone())
                .unwrap_or_else(|| "unknown".into())
        };
        for g in f["by_job_family"].as_array().unwrap() {
            let applied = records
                .iter()
                .filter(|r| family_of(r.staff_number.as_str()) == g["group"].as_str().unwrap())
                .count();
            assert_eq!(g["counts"][1], applied, "FY{fy} {level} {g}");
        }
        let families: u64 = f["by_job_family"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["counts"][0].as_u64().unwrap())
            .sum();
        assert_eq!(families as usize, eligible, "FY{fy} {level}");
        let women = f["by_gender"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["group"] == "female");
        let men = f["by_gender"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["group"] == "male");
        if let (Some(w), Some(m)) = (women, men) {
            let n = |g: &serde_json::Value, i: usize| g["counts"][i].as_u64().unwrap() as usize;
            gap.0 += n(w, 0);
            gap.1 += n(w, 1);
            gap.2 += n(m, 0);
            gap.3 += n(m, 1);
        }
    }
    // Women apply less often than men: the gap 2-6-1 sets out to close.
    assert!(
        (gap.1 as f64 / gap.0 as f64) < (gap.3 as f64 / gap.2 as f64),
        "{gap:?}"
    );
}

#[tokio::test]
async fn past_records_import_all_or_nothing_with_each_problem_placed() {
    let app = city().await;
    app.store.save_exam(&exam(), "hr").await.unwrap();
    // Row 2 fine; row 3 ineligible (主事) with too few marks; row 4 an exam
    // never set; row 5 marks without a sitting (and not eligible); row 6
    // the same person and exam as row 2.
    let bad = "年度,職層,職員番号,申込日,取下げ日,受験,得点
2012,係長,101,2012-06-03,,受験,\"40,80,4\"
2012,係長,103,2012-06-03,,受験,\"40,80\"
2013,係長,101,2013-06-03,,,
2012,係長,102,2012-06-03,,欠席,\"1,1,1\"
2012,係長,101,2012-06-04,,,
";
    let (s, v) = app
        .post_bytes("/api/v1/imports/exam_applications", bad.as_bytes().to_vec())
        .await;
    assert_eq!(s, 422, "{v}");
    let placed: Vec<(u64, u64)> = v["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["row"].as_u64().unwrap(), p["col"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        placed,
        [(3, 3), (3, 7), (4, 2), (5, 3), (5, 7), (6, 3)],
        "{v}"
    );
    let e = &app.store.exams(Some(2012)).await.unwrap()[0];
    assert!(app.store.exam_applications(e).await.unwrap().is_empty());

    let good = "年度,職層,職員番号,申込日,取下げ日,受験,得点\n2012,係長,101,2012-06-03,,受験,\"40,80,4\"\n";
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/exam_applications",
            good.as_bytes().to_vec(),
        )
        .await;
    assert_eq!((s, &v["summary"]["created"]), (200, &1.into()), "{v}");
    let a = &app.store.exam_applications(e).await.unwrap()[0];
    assert_eq!((a.total, a.passed), (Some(80.0), Some(true)));
    assert_eq!(&a.applied_at[..10], "2012-06-03");
    // Again: nothing changes; the records read back as the file gave them.
    let (_, v) = app
        .post_bytes(
            "/api/v1/imports/exam_applications",
            good.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(v["summary"]["unchanged"], 1, "{v}");
    let back = app.store.all_exam_records().await.unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(
        (back[0].applied_on, back[0].sat, back[0].scores.clone()),
        (d(2012, 6, 3), Some(true), vec![Some(40), Some(80), Some(4)])
    );
}

#[tokio::test]
async fn past_papers_are_checked_kept_and_read_from_their_publication_day() {
    use crate::support::{account_token_linked, client_with_token, text_of};
    let app = city().await;
    let id = app.store.save_exam(&exam(), "hr").await.unwrap().id;
    let hr = &app.client;
    let upload = |content_type: &'static str, title: &str, on: &str, body: &'static [u8]| {
        hr.post(app.url(&format!(
            "/api/v1/exams/{id}/papers?kind=question&title={title}&published_on={on}"
        )))
        .header("content-type", content_type)
        .body(body)
        .send()
    };
    // What a file says it is, it must be.
    for (ct, body, field) in [
        ("application/pdf", "問一".as_bytes(), "file"),
        ("text/plain", b"%PDF-1.4 x".as_slice(), "file"),
        ("image/png", b"x".as_slice(), "content_type"),
    ] {
        let res = upload(ct, "x", "2012-06-01", body).await.unwrap();
        assert_eq!(res.status().as_u16(), 422, "{ct}");
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(fields(&v), [field], "{ct}: {v}");
    }
    // One published already (a PDF), one from next month (text).
    let res = upload(
        "application/pdf",
        "平成23年度 論文試験問題",
        "2012-06-01",
        b"%PDF-1.4 sample",
    )
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let pdf: serde_json::Value = res.json().await.unwrap();
    crate::support::conforms("POST", &format!("/api/v1/exams/{id}/papers"), 200, &pdf);
    // The page's form: multipart, the type from the browser.
    let form = reqwest::multipart::Form::new()
        .text("kind", "answer")
        .text("title", "平成23年度 解答例")
        .text("published_on", "平成24年7月1日")
        .part(
            "file",
            reqwest::multipart::Part::bytes("解答例の本文".as_bytes().to_vec())
                .file_name("answer.txt")
                .mime_str("text/plain")
                .unwrap(),
        );
    let res = hr
        .post(app.url(&format!("/exams/{id}/papers")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);

    // Staff see the published one only, and download it as it was sent.
    let aoki = client_with_token(Some(
        &account_token_linked(&app.store, "aoki", "staff", Some("101")).await,
    ));
    let (s, v) = send(
        &aoki,
        &app,
        reqwest::Method::GET,
        "/api/v1/exam-papers",
        None,
    )
    .await;
    assert_eq!(s, 200);
    let listed: Vec<&str> = v["papers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["paper"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["平成23年度 論文試験問題"]);
    let res = aoki
        .get(app.url(&format!("/exams/papers/{}", pdf["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''")
    );
    assert_eq!(&res.bytes().await.unwrap()[..], b"%PDF-1.4 sample");
    let (_, all) = send(hr, &app, reqwest::Method::GET, "/api/v1/exam-papers", None).await;
    let answer = all["papers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["paper"]["kind"] == "answer")
        .unwrap()
        .clone();
    assert_eq!(answer["paper"]["published_on"], "2012-07-01");
    assert_eq!(answer["paper"]["content_type"], "text/plain");
    let unpublished = format!("/api/v1/exam-papers/{}", answer["id"]);
    assert_eq!(
        aoki.get(app.url(&unpublished))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404
    );
    let res = hr.get(app.url(&unpublished)).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(res.text().await.unwrap(), "解答例の本文");
    let page = text_of(hr.get(app.url("/exams/papers"))).await;
    assert!(
        page.contains("公開前") && page.contains("平成23年度 解答例"),
        "{page}"
    );
    let page = text_of(aoki.get(app.url("/exams/papers"))).await;
    assert!(!page.contains("平成23年度 解答例"));

    // Removing one is audited (with its digest, never its content).
    let (s, _) = send(hr, &app, reqwest::Method::DELETE, &unpublished, None).await;
    assert_eq!(s, 200);
    let log = crate::support::audit_of(&app, "exam_paper").await;
    assert_eq!(
        log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["remove", "add", "add"],
        "newest first"
    );
    assert!(
        !log.iter()
            .any(|e| e.detail.to_string().contains("解答例の本文"))
    );
}
