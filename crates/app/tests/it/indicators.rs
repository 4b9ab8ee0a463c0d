//! Indicators: measures' actuals computed from records, checked against
//! counts made independently from the generated city.

use crate::support::{TestApp, account_token, client_with_token};
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
            .filter(|e| matches!(e.kind.as_str(), "exchange_out" | "exchange_in"))
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
        assert_eq!(
            y["achievement_rate"].as_f64().unwrap(),
            (value / target * 1000.0).round() / 10.0,
            "FY{fy}"
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
    let page = viewer
        .get(app.url(&format!("/plans/{PLAN}/nodes/{EXCHANGE}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("記録から算出した実績"));
    assert!(!page.contains("/indicator/2012"));
    // A measure without an indicator says so.
    let (status, _) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/1-1-1/indicator"))
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
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with(EXCHANGE)).collect();
    assert_eq!(lines.len(), 3, "{text}");
    let in_2011 = city
        .events
        .iter()
        .filter(|e| matches!(e.kind.as_str(), "exchange_out" | "exchange_in"))
        .filter(|e| {
            e.date <= chrono::NaiveDate::from_ymd_opt(2012, 3, 31).unwrap()
                && e.end.unwrap_or(e.date) >= chrono::NaiveDate::from_ymd_opt(2011, 4, 1).unwrap()
        })
        .map(|e| e.staff_number.clone())
        .collect::<HashSet<_>>()
        .len();
    assert!(
        lines[0].starts_with(&format!("{EXCHANGE}\t2011\t{in_2011}\t4\t")),
        "{}",
        lines[0]
    );
}
