//! Indicators: measures' actuals computed from records, checked against
//! counts made independently from the generated city.

use crate::support::{TestApp, account_token, assert_success, client_with_token, text_of};
use serde_json::json;
use std::collections::HashSet;

const PLAN: &str = "kiyose-2011";
const EXCHANGE: &str = "1-8-1";

#[tokio::test]
async fn personnel_exchanges_are_counted_from_events_graded_and_traced_to_records() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    // Independently: staff in an exchange (out or in) on some day of the year.
    let expected = |fy: i32| {
        let (from, to) = (
            chrono::NaiveDate::from_ymd_opt(fy, 4, 1).unwrap(),
            chrono::NaiveDate::from_ymd_opt(fy + 1, 3, 31).unwrap(),
        );
        city.events
            .iter()
            .filter(|e| matches!(e.kind.to_string().as_str(), "exchange_out" | "exchange_in"))
            .filter(|e| e.date <= to && e.end.unwrap_or(e.date) >= from)
            .map(|e| e.staff_number.as_str())
            .collect::<HashSet<_>>()
            .len()
    };
    let (status, v) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/{EXCHANGE}/indicator"))
        .await;
    assert_eq!(status, 200, "{v}");
    let years = v["years"].as_array().unwrap();
    assert_eq!(years.len(), 3);
    let mut any = false;
    for y in years {
        let fy = y["fiscal_year"].as_i64().unwrap() as i32;
        let value = y["value"].as_f64().unwrap();
        assert_eq!(value, expected(fy) as f64, "FY{fy}");
        any |= value > 0.0;
        let target = y["target"].as_f64().unwrap();
        let rate = y["achievement_rate"].as_f64().unwrap();
        assert!(
            (rate - (value / target * 1000.0).round() / 10.0).abs() < 1e-9,
            "FY{fy}: {rate}"
        );
        assert!(y["grade"].is_string());
    }
    assert!(any, "the sample city has exchanges in the plan's years");
    assert_eq!(years[0]["target"], 4.0);

    // The measure page shows it; HR follows the number to its records.
    let (_, html) = app
        .get_text(&format!("/plans/{PLAN}/nodes/{EXCHANGE}"))
        .await;
    assert!(html.contains("記録から算出した実績"));
    assert!(html.contains(&format!("/plans/{PLAN}/nodes/{EXCHANGE}/indicator/2012")));
    let (status, html) = app
        .get_text(&format!("/plans/{PLAN}/nodes/{EXCHANGE}/indicator/2012"))
        .await;
    assert_eq!(status, 200);
    let (_, records) = app
        .get_json(&format!(
            "/api/v1/plans/{PLAN}/nodes/{EXCHANGE}/indicator/2012"
        ))
        .await;
    for r in records["records"].as_array().unwrap() {
        let n = r["staff_number"].as_str().unwrap();
        assert!(html.contains(n), "{n}");
        assert!(r["label"].as_str().unwrap().contains("人事交流"));
    }
    // A viewer sees the numbers but not whose they are.
    let viewer = client_with_token(Some(&account_token(&app.store, "v", "viewer").await));
    let url = app.url(&format!(
        "/api/v1/plans/{PLAN}/nodes/{EXCHANGE}/indicator/2012"
    ));
    assert_eq!(viewer.get(url).send().await.unwrap().status().as_u16(), 403);
    let page = text_of(viewer.get(app.url(&format!("/plans/{PLAN}/nodes/{EXCHANGE}")))).await;
    assert!(page.contains("記録から算出した実績"));
    assert!(!page.contains("/indicator/2012"));
    // A measure without an indicator says so.
    let (status, _) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/2-4-2/indicator"))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_cli_lists_metrics_and_computes_a_plans_indicators() {
    use std::process::Command;
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_jinzai"))
            .args(args)
            .env("JINZAI_DATABASE_URL", app.database_url())
            .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
            .env("JINZAI_LOG", "error")
            .output()
            .unwrap()
    };
    let out = run(&["indicators", "list"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("personnel.events"));
    assert!(text.contains("exchange_out (人事交流（派遣）)"));
    let out = run(&["indicators", "compute", PLAN]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_success(&out);
    // The progress table from the command line carries computed actuals.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("progress.csv");
    let out = run(&[
        "report",
        "progress",
        "--plan",
        PLAN,
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_success(&out);
    let table = std::fs::read_to_string(&csv).unwrap();
    assert!(
        table
            .lines()
            .any(|l| l.contains("3-5-2") && l.contains("記録から算出")),
        "{table:.400}"
    );
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with(EXCHANGE)).collect();
    assert_eq!(lines.len(), 3, "{text}");
    let in_2011 = city
        .events
        .iter()
        .filter(|e| matches!(e.kind.to_string().as_str(), "exchange_out" | "exchange_in"))
        .filter(|e| {
            e.date <= chrono::NaiveDate::from_ymd_opt(2012, 3, 31).unwrap()
                && e.end.unwrap_or(e.date) >= chrono::NaiveDate::from_ymd_opt(2011, 4, 1).unwrap()
        })
        .map(|e| e.staff_number.clone())
        .collect::<HashSet<_>>()
        .len();
    assert!(
        lines[0].starts_with(&format!("{EXCHANGE}\t1\t1\t2011\t{in_2011}\t名\t4\t")),
        "{}",
        lines[0]
    );
}

/// Staff counted once: who took part (受講・修了) in a session of the year
/// whose course passes `course`, among staff passing `person`.
/// `person` is asked with the session's first day.
fn took_part(
    city: &jinzai::generate::City,
    fy: i32,
    course: impl Fn(&jinzai_domain::training::Course) -> bool,
    person: impl Fn(&jinzai_domain::people::staff::Staff, chrono::NaiveDate) -> bool,
) -> usize {
    let (from, to) = (
        chrono::NaiveDate::from_ymd_opt(fy, 4, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(fy + 1, 3, 31).unwrap(),
    );
    let t = &city.training;
    t.participations
        .iter()
        .filter(|p| p.start >= from && p.start <= to)
        .filter(|p| {
            matches!(
                jinzai_domain::people::codes::Coded::code(p.status),
                "attended" | "completed"
            )
        })
        .filter(|p| {
            t.courses
                .iter()
                .any(|c| c.code == p.course_code && course(c))
        })
        .filter(|p| {
            city.staff
                .iter()
                .any(|s| s.number == p.staff_number && person(s, p.start))
        })
        .map(|p| p.staff_number.as_str())
        .collect::<HashSet<_>>()
        .len()
}

#[tokio::test]
async fn training_measures_are_computed_from_participation_and_match_independent_counts() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let value = |v: &serde_json::Value, fy: i32, line: i64| {
        v["years"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["fiscal_year"] == fy && y["line"] == line)
            .map(|y| y["value"].as_f64().unwrap())
            .unwrap()
    };
    let any = |_: &jinzai_domain::people::staff::Staff, _| true;
    // 係長 and above on the day, by the generated events (see
    // `City::grades`), not by the store's history.
    let grades = city.grades();
    let evaluator = |s: &jinzai_domain::people::staff::Staff, day| {
        grades
            .on(s, day)
            .is_some_and(|g| ["kakaricho", "kacho_hosa", "kacho", "bucho"].contains(&g))
    };
    let promoted = city
        .events
        .iter()
        .filter(|e| e.kind == jinzai_domain::people::event::EventKind::Promotion)
        .filter(|e| e.to_grade.as_deref() == Some("kakaricho"))
        .filter(|e| (2012..=2013).contains(&jinzai_domain::FiscalYear::containing(e.date).0))
        .count();
    assert!(
        promoted > 0,
        "people become evaluators within the plan's years"
    );
    for (node, category, target_2011) in [
        ("3-5-2", "institute", 140.0),
        ("3-5-3", "specialist", 40.0),
        ("3-5-1", "company", 3.0),
    ] {
        let (status, v) = app
            .get_json(&format!("/api/v1/plans/{PLAN}/nodes/{node}/indicator"))
            .await;
        assert_eq!(status, 200, "{v}");
        let mut total = 0.0;
        for fy in 2011..=2013 {
            let want = took_part(&city, fy, |c| c.category.to_string() == category, any) as f64;
            assert_eq!(value(&v, fy, 1), want, "{node} FY{fy}");
            total += want;
        }
        assert!(total > 0.0, "{node}: the sample city trains people");
        assert_eq!(v["years"][0]["target"], target_2011, "{node}");
        assert!(v["years"][0]["grade"].is_string(), "{node} is graded");
    }
    // 評価者研修: a ratio of evaluators who attended over evaluators in service.
    let (_, v) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/1-1-2/indicator"))
        .await;
    for fy in 2011..=2013 {
        let trained = took_part(
            &city,
            fy,
            |c| c.topics.iter().any(|t| t == "evaluator"),
            evaluator,
        );
        let (from, to) = (
            chrono::NaiveDate::from_ymd_opt(fy, 4, 1).unwrap(),
            chrono::NaiveDate::from_ymd_opt(fy + 1, 3, 31).unwrap(),
        );
        let evaluators = city
            .staff
            .iter()
            .filter(|s| {
                evaluator(s, from.max(s.hire_date))
                    && s.hire_date <= to
                    && s.leaving_date.is_none_or(|l| l >= from)
            })
            .count();
        let want = (trained as f64 * 1000.0 / evaluators as f64).round() / 10.0;
        assert_eq!(value(&v, fy, 1), want, "1-1-2 FY{fy}");
        assert!(want > 0.0 && want <= 100.0, "{want}");
        let y = v["years"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["fiscal_year"] == fy && y["line"] == 1)
            .unwrap();
        assert_eq!(y["per"]["value"], evaluators as u64);
        assert_eq!(y["unit"], "%");
        let evaluatees = took_part(
            &city,
            fy,
            |c| c.topics.iter().any(|t| t == "evaluatee"),
            any,
        );
        assert_eq!(value(&v, fy, 2), evaluatees as f64, "被評価者研修 FY{fy}");
    }
    // 技能労務職・会計年度任用職員 in customer-service training.
    let (_, v) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/3-4-1/indicator"))
        .await;
    let want = took_part(
        &city,
        2012,
        |c| c.topics.iter().any(|t| t == "customer_service"),
        |s, _| matches!(s.employment_type.as_str(), "skilled_labour" | "fiscal_year"),
    );
    assert_eq!(value(&v, 2012, 1), want as f64);
    assert!(want > 0);
    // Units whose OJT plan was carried out.
    let (_, v) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/3-3-1/indicator"))
        .await;
    let t = &city.training;
    let carried = t
        .ojt_plans
        .iter()
        .filter(|o| o.fiscal_year == 2012)
        .filter(|o| {
            let held = t
                .sessions
                .iter()
                .filter(|s| {
                    s.course_code == "O01"
                        && s.unit_code.as_deref() == Some(o.unit_code.as_str())
                        && jinzai_domain::FiscalYear::containing(s.start).0 == 2012
                })
                .count();
            held >= o.planned_sessions as usize
        })
        .count();
    assert_eq!(value(&v, 2012, 1), carried as f64);
    assert!(carried > 0 && carried < t.ojt_plans.iter().filter(|o| o.fiscal_year == 2012).count());
    // Self-development applications supported.
    let (_, v) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/3-2-1/indicator"))
        .await;
    let supported = t
        .self_development
        .iter()
        .filter(|d| jinzai_domain::FiscalYear::containing(d.applied).0 == 2013)
        .filter(|d| {
            matches!(
                jinzai_domain::people::codes::Coded::code(d.status),
                "approved" | "completed"
            )
        })
        .count();
    assert_eq!(value(&v, 2013, 1), supported as f64);

    // HR follows 研修所派遣 to its records; the list names each person.
    let (status, r) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/3-5-2/indicator/2012"))
        .await;
    assert_eq!(status, 200, "{r}");
    let records = r["records"].as_array().unwrap();
    assert_eq!(records.len() as u64, r["records_total"].as_u64().unwrap());
    assert!(
        records
            .iter()
            .all(|f| f["label"].as_str().unwrap().contains("研修所派遣"))
    );
    let (status, html) = app
        .get_text(&format!("/plans/{PLAN}/nodes/3-5-2/indicator/2012?line=1"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains(records[0]["staff_number"].as_str().unwrap()));
    let (_, html) = app.get_text(&format!("/plans/{PLAN}/nodes/1-1-2")).await;
    assert!(
        html.contains("評価者研修実施") && html.contains("被評価者研修実施"),
        "one table per line"
    );
}

#[tokio::test]
async fn reports_carry_computed_actuals_and_an_override_needs_a_reason_kept_in_history() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let institute = |fy| {
        took_part(
            &city,
            fy,
            |c| c.category.to_string() == "institute",
            |_, _| true,
        ) as f64
    };
    let row = |report: &serde_json::Value, fy: i64| {
        report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == "3-5-2" && r["fiscal_year"].as_f64() == Some(fy as f64))
            .cloned()
            .unwrap()
    };
    // The sample typed an actual for FY2012 before the records came: the
    // report shows the records' number instead, and says so.
    let (status, report) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/report?format=json"))
        .await;
    assert_eq!(status, 200, "{report}");
    let r = row(&report, 2012);
    assert_eq!(r["actual"], institute(2012));
    assert_eq!(r["actual_basis"], "記録から算出");
    assert_eq!(
        r["achievement_rate"].as_f64().unwrap(),
        (institute(2012) / 150.0 * 1000.0).round() / 10.0
    );

    // FY2011 is locked (the demo closed it): it keeps what was recorded.
    let r = row(&report, 2011);
    assert_ne!(r["actual_basis"], "記録から算出", "{r}");
    assert!(r["actual"].is_number(), "{r}");

    // Recording another number needs a reason; without one nothing is saved.
    let url = format!("/api/v1/plans/{PLAN}/nodes/3-5-2/progress/2013");
    let other = institute(2013) + 2.0;
    let (s, v) = app
        .post_json(
            &url,
            &json!({"status": "done", "author": "人事", "actual_value": other}),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(v["error"]["fields"][0]["field"], "override_reason");
    let (_, cell) = app.get_json(&url).await;
    let before = cell["history"].as_array().unwrap().len();
    assert_eq!(cell["computed_actual"], institute(2013));
    let (s, v) = app
        .post_json(
            &url,
            &json!({"status": "done", "author": "人事", "actual_value": other,
                    "override_reason": "名簿に載らない派遣が2名"}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let (_, cell) = app.get_json(&url).await;
    let history = cell["history"].as_array().unwrap();
    assert_eq!(history.len(), before + 1);
    assert_eq!(history[0]["override_reason"], "名簿に載らない派遣が2名");
    assert_eq!(history[0]["actual_value"], other);
    let (_, report) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/report?format=json"))
        .await;
    let r = row(&report, 2013);
    assert_eq!(r["actual"], other, "an override stands");
    assert_eq!(
        r["actual_basis"],
        "算出値を上書き（名簿に載らない派遣が2名）"
    );

    // Left empty, the actual is the records' again.
    let (s, v) = app
        .post_json(&url, &json!({"status": "done", "author": "人事"}))
        .await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["actual_value"], institute(2013));
    assert_eq!(v["actual_computed"], true);

    // The form shows the computed number and where to give a reason.
    let (_, html) = app
        .get_text(&format!("/plans/{PLAN}/nodes/3-5-2/progress/2013"))
        .await;
    assert!(html.contains("name=\"override_reason\""));
    assert!(html.contains(&format!("{}名", institute(2013))));
}

#[tokio::test]
async fn a_new_participation_list_changes_the_computed_actual_at_once() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let url = format!("/api/v1/plans/{PLAN}/nodes/3-5-2/indicator");
    let value_2012 = |v: &serde_json::Value| {
        v["years"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["fiscal_year"] == 2012)
            .unwrap()["value"]
            .as_f64()
            .unwrap()
    };
    let (_, before) = app.get_json(&url).await; // counted, and kept
    let t = &city.training;
    let session = t
        .sessions
        .iter()
        .find(|s| {
            s.course_code == "I02" && jinzai_domain::FiscalYear::containing(s.start).0 == 2012
        })
        .unwrap();
    let trained: HashSet<&str> = t
        .participations
        .iter()
        .filter(|p| p.course_code.starts_with('I'))
        .filter(|p| jinzai_domain::FiscalYear::containing(p.start).0 == 2012)
        .map(|p| p.staff_number.as_str())
        .collect();
    let newcomer = city
        .staff
        .iter()
        .find(|s| {
            s.hire_date < session.start
                && s.leaving_date.is_none()
                && !trained.contains(s.number.as_str())
        })
        .unwrap();
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/participations",
            format!(
                "職員番号,研修コード,開始日,受講状況\n{},I02,{},修了\n",
                newcomer.number, session.start
            )
            .into_bytes(),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, after) = app.get_json(&url).await;
    assert_eq!(value_2012(&after), value_2012(&before) + 1.0);
}
