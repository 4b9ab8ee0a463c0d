//! Another city's plan in its own words: the fictional second plan in
//! `plans/examples/` (two levels, numbers running on across parents, a
//! lower-is-better final-year target, eight years across two eras, two
//! periods, fields of its own) loads and every page and report speaks its
//! language; Kiyose's plan reads as before.

use crate::support::{TestApp, text_of};
use serde_json::json;

const EXAMPLE: &str = include_str!("../../../../plans/examples/sakuragaoka-2017.toml");
const CODE: &str = "sakuragaoka-2017";

async fn with_example() -> TestApp {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/api/v1/plans?by=tester"))
        .header("content-type", "application/toml")
        .body(EXAMPLE)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201, "{}", res.text().await.unwrap());
    app
}

#[tokio::test]
async fn a_second_plan_shows_its_own_words_on_every_page() {
    let app = with_example().await;
    // The tree: its level names and display numbers, its years across eras.
    let (s, tree) = app.get_text(&format!("/plans/{CODE}")).await;
    assert_eq!(s, 200);
    for words in [
        "基本方針 / 取組",
        "(2)-③",
        "時間外勤務の縮減",
        "平成29年度",
        "令和6年度",
    ] {
        assert!(tree.contains(words), "tree lacks {words}");
    }
    assert!(
        !tree.contains("柱") && !tree.contains("方策"),
        "no fixed level words"
    );

    // The dashboard counts per 基本方針 and 取組, not per 柱 and 方策.
    let (_, dash) = app
        .get_text(&format!("/plans/{CODE}/dashboard?year=2024"))
        .await;
    for words in [
        "基本方針ごとの評価",
        "取組数",
        "評価対象外の取組",
        "未評価の取組",
    ] {
        assert!(dash.contains(words), "dashboard lacks {words}");
    }
    assert!(
        !dash.contains("柱ごと") && !dash.contains("方策"),
        "no fixed level words"
    );

    // The measure page: the plan's own fields, the baseline, the direction.
    let (_, node) = app.get_text(&format!("/plans/{CODE}/nodes/2-1")).await;
    for words in [
        "目的",
        "長時間労働をなくす",
        "評価の手法",
        "目標設定時最新値",
        "24時間（2017-04-01（平成29年4月1日））",
        "低いほど良い",
    ] {
        assert!(node.contains(words), "measure page lacks {words}");
    }
}

#[tokio::test]
async fn a_lower_is_better_target_is_graded_and_actuals_run_every_year() {
    let app = with_example().await;
    let path = |y: i32| format!("/api/v1/plans/{CODE}/nodes/2-1/progress/{y}");
    // A year before the final one: an actual without a target is kept.
    let (s, rev) = app
        .post_json(
            &path(2019),
            &json!({"status": "in_progress", "actual_value": 21, "author": "人事課"}),
        )
        .await;
    assert_eq!(s, 201, "{rev}");
    assert_eq!(rev["actual_value"], json!(21));
    // The final year: 14 hours against 15 is met, 達成率 {1 + (15 − 14) ÷ 15} × 100.
    let (s, rev) = app
        .post_json(
            &path(2024),
            &json!({"status": "done", "actual_value": 14, "author": "人事課"}),
        )
        .await;
    assert_eq!(s, 201, "{rev}");
    assert_eq!(
        (rev["grade"].clone(), rev["grade_computed"].clone()),
        (json!("S"), json!(true))
    );
    let rate = rev["achievement_rate"].as_f64().unwrap_or_default();
    assert!((rate - 106.666).abs() < 0.01, "{rate}");
    // More hours than the target is not met.
    let (_, rev) = app
        .post_json(
            &path(2024),
            &json!({"status": "done", "actual_value": 19, "author": "人事課"}),
        )
        .await;
    assert_eq!(rev["grade"], json!("B"), "{rev}");

    let (_, rollup) = app
        .get_json(&format!("/api/v1/plans/{CODE}/rollup?year=2024"))
        .await;
    let numeric = &rollup["years"][0]["plan"]["numeric"];
    assert_eq!(
        (numeric["reported"].clone(), numeric["met"].clone()),
        (json!(1), json!(0)),
        "{rollup}"
    );
}

#[tokio::test]
async fn the_progress_table_prints_by_period_with_the_plans_fields() {
    let app = with_example().await;
    // As the form sends it: "all years" is an empty year.
    let (s, page) = app
        .get_text(&format!("/plans/{CODE}/report?year=&period=first"))
        .await;
    assert_eq!(s, 200);
    assert!(
        page.contains("前期（平成29年度 (2017)〜令和2年度 (2020)）"),
        "heading names the period: {}",
        &page[page.find("<h1").unwrap_or(0)..][..400]
    );
    // Four measures × four years, under two 基本方針 heading lines.
    assert_eq!(page.matches("<tr class=\"group depth-0\">").count(), 2);
    let table = &page[page.find("<table class=\"grid report\"").unwrap_or(0)..];
    let table = &table[..table.find("</table>").unwrap_or(table.len())];
    assert!(
        table.contains("令和元年度") && !table.contains("令和3年度"),
        "only the period's years"
    );
    assert!(
        page.contains(">目的</th>"),
        "the plan's own field is a column"
    );
    let csv = text_of(app.client.get(app.url(&format!(
        "/plans/{CODE}/report/download?format=csv&period=second"
    ))))
    .await;
    let header = csv.lines().next().unwrap_or_default();
    assert!(
        header.contains("目的") && header.contains("評価の手法"),
        "{header}"
    );
    assert_eq!(
        csv.lines().count(),
        1 + 4 * 4,
        "one row per measure and year of 後期"
    );
    assert!(
        csv.contains("未報告"),
        "a year nobody reported reads 未報告"
    );
    let (s, _) = app
        .get_text(&format!("/plans/{CODE}/report?period=third"))
        .await;
    assert_eq!(s, 400, "an unknown period is refused");
}

#[tokio::test]
async fn a_computed_actual_says_how_it_is_counted_in_plain_words() {
    let app = TestApp::with_demo().await;
    // Records to count from (the form shows the computed actual only then).
    jinzai::demo::seed_people(&app.store).await.unwrap();
    for (path, rule) in [
        (
            "/plans/kiyose-2011/nodes/3-5-2",
            "研修受講のうち、研修区分が「研修所派遣」、状況が「受講・修了」のものの職員の実人数（同じ職員は1名）",
        ),
        (
            "/plans/kiyose-2011/nodes/3-5-2/progress/2013",
            "研修区分が「研修所派遣」",
        ),
    ] {
        let (s, page) = app.get_text(path).await;
        assert_eq!(s, 200);
        assert!(page.contains(rule), "{path} lacks the rule in words");
        assert!(
            !page.contains("training.participation") && !page.contains("category ="),
            "{path} shows codes"
        );
    }
}

#[tokio::test]
async fn evaluation_sheets_for_a_measure_and_for_a_division() {
    let app = TestApp::with_demo().await;
    jinzai::demo::seed_people(&app.store).await.unwrap();
    let (s, one) = app
        .get_text("/plans/kiyose-2011/sheets?node=3-5-2&year=2012")
        .await;
    assert_eq!(s, 200);
    assert_eq!(one.matches("<article class=\"sheet\"").count(), 1);
    for words in [
        "評価シート",
        "東京都市町村職員研修所への派遣",
        "計画と実績（全年度）",
        "平成23年度 (2011)",
        "平成25年度 (2013)",
        "研修区分が「研修所派遣」",
    ] {
        assert!(one.contains(words), "the sheet lacks {words}");
    }
    // Every measure of a division, one sheet each; none of another.
    let (_, division) = app
        .get_text(&format!(
            "/plans/kiyose-2011/sheets?year=2012&division={}",
            urlencoding("職員課")
        ))
        .await;
    let sheets = division.matches("<article class=\"sheet\"").count();
    assert!(sheets >= 1, "{sheets}");
    let (s, _) = app
        .get_text(&format!(
            "/plans/kiyose-2011/sheets?year=2012&division={}",
            urlencoding("存在しない課")
        ))
        .await;
    assert_eq!(s, 404);
}

fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}
