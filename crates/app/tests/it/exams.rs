//! 昇任試験・選考 in the store: an exam set with its rules and components,
//! applications judged against the records on the reference date (the rule
//! named when refused), withdrawal, marks weighed into a result, and the
//! audit entries each write leaves.

use crate::support::TestApp;
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
