//! New talent and specialists: 1-6-1 (rotation in the 10th–15th years),
//! 1-6-2 (specialists of 15 years or more), 1-7-1 (mid-career hires by
//! 職種) and 1-7-2 (re-employed staff) counted from the sample city's
//! records and checked against counts made here from the generated lists;
//! designations checked at their fields, audited, shown on the staff page,
//! imported all or nothing, and driven from the command line.

use crate::support::{TestApp, account_token_linked, audit_of, client_with_token, fields, send};
use chrono::{Datelike, NaiveDate};
use jinzai_domain::FiscalYear;
use jinzai_domain::indicator::{Aggregate, Counting};
use reqwest::Method;
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The fiscal year of the person's hire: their first year of service.
fn first_year(hire: NaiveDate) -> i32 {
    if hire.month() >= 4 {
        hire.year()
    } else {
        hire.year() - 1
    }
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        (n as f64 * 1000.0 / of as f64).round() / 10.0
    }
}

/// The computed value of indicator `i` (1-based, in the file's order) of
/// `node` in `fy`, and its denominator's value.
fn value_of(v: &serde_json::Value, fy: i32, i: u64) -> (Option<f64>, Option<u64>) {
    let y = v["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["fiscal_year"] == fy && y["indicator"] == i)
        .unwrap_or_else(|| panic!("FY{fy} #{i}: {v}"));
    (y["value"].as_f64(), y["per"]["value"].as_u64())
}

#[tokio::test]
async fn the_sample_citys_talent_figures_match_independent_counts() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let get = |node: &'static str| {
        let app = &app;
        async move {
            let (s, v) = app
                .get_json(&format!("/api/v1/plans/kiyose-2011/nodes/{node}/indicator"))
                .await;
            assert_eq!(s, 200, "{v}");
            v
        }
    };
    let (v161, v162, v171, v172) = (
        get("1-6-1").await,
        get("1-6-2").await,
        get("1-7-1").await,
        get("1-7-2").await,
    );
    // Each unit's versions, for the class of a post on its first day.
    let mut versions: HashMap<&str, Vec<_>> = HashMap::new();
    for u in &city.units {
        versions.entry(u.code.as_str()).or_default().push(u);
    }
    let class_on = |code: &str, day: NaiveDate| -> Option<&str> {
        versions.get(code)?.iter().find_map(|u| {
            (u.valid_from <= day && u.valid_to.is_none_or(|t| day <= t))
                .then_some(u.rotation.as_str())
        })
    };
    let mut posts: HashMap<&str, Vec<_>> = HashMap::new();
    for a in city.assignments.iter().filter(|a| a.primary) {
        posts.entry(a.staff_number.as_str()).or_default().push(a);
    }
    for fy in 2011..=2013 {
        let (start, end) = (d(fy, 4, 1), d(fy + 1, 3, 31));
        let served = |s: &jinzai_domain::people::staff::Staff| fy - first_year(s.hire_date) + 1;
        // 1-6-1: regular staff in service at the year's end in their 10th to
        // 15th year, and those whose main posts covered the three classes.
        let window: Vec<_> = city
            .staff
            .iter()
            .filter(|s| s.employment_type == "regular" && s.hire_date <= end)
            .filter(|s| s.leaving_date.is_none_or(|l| l >= end))
            .filter(|s| (10..=15).contains(&served(s)))
            .collect();
        let covered = window
            .iter()
            .filter(|s| {
                let classes: BTreeSet<&str> = posts
                    .get(s.number.as_str())
                    .map(|l| l.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .filter(|a| a.start <= end && a.end.is_none_or(|e| e >= a.start))
                    .filter_map(|a| class_on(&a.unit_code, a.start))
                    .collect();
                ["front", "program", "admin"]
                    .iter()
                    .all(|c| classes.contains(c))
            })
            .count();
        assert!(
            window.len() > 10 && covered > 0 && covered < window.len(),
            "FY{fy}: {covered}/{}",
            window.len()
        );
        assert_eq!(
            value_of(&v161, fy, 1),
            (
                Some(share(covered, window.len())),
                Some(window.len() as u64)
            ),
            "1-6-1 FY{fy}"
        );
        // 1-6-2: designations in force in the year of staff in their 15th
        // year of service or later.
        let staff: HashMap<&str, _> = city.staff.iter().map(|s| (s.number.as_str(), s)).collect();
        let specialists: BTreeSet<&str> = city
            .designations
            .iter()
            .filter(|x| x.from <= end && x.to.is_none_or(|t| t >= start))
            .filter(|x| served(staff[x.staff_number.as_str()]) >= 15)
            .map(|x| x.staff_number.as_str())
            .collect();
        assert!(!specialists.is_empty(), "FY{fy} has specialists");
        assert_eq!(
            value_of(&v162, fy, 1).0,
            Some(specialists.len() as f64),
            "1-6-2 FY{fy}"
        );
        // 1-7-1: mid-career hires in the year by 職種.
        let hires = |family: &str| {
            city.staff
                .iter()
                .filter(|s| s.hire_date >= start && s.hire_date <= end)
                .filter(|s| {
                    s.hiring_route == "mid_career" && s.job_family.as_deref() == Some(family)
                })
                .count() as f64
        };
        assert_eq!(
            value_of(&v171, fy, 1).0,
            Some(hires("professional")),
            "1-7-1 FY{fy}"
        );
        assert_eq!(
            value_of(&v171, fy, 2).0,
            Some(hires("general")),
            "1-7-1 FY{fy}"
        );
        // 1-7-2: re-employed staff in service in the year.
        let reemployed = city
            .staff
            .iter()
            .filter(|s| s.employment_type == "reemployed" && s.hire_date <= end)
            .filter(|s| s.leaving_date.is_none_or(|l| l >= start))
            .count();
        assert!(reemployed > 0);
        assert_eq!(
            value_of(&v172, fy, 1).0,
            Some(reemployed as f64),
            "1-7-2 FY{fy}"
        );
        // The talent page's figures are the same counts.
        let (s, o) = app
            .get_json(&format!("/api/v1/talent?on={}-03-31", fy + 1))
            .await;
        assert_eq!(s, 200, "{o}");
        let y = &o["years"][0];
        assert_eq!(y["fiscal_year"], fy);
        assert_eq!(y["rotation_in_window"], window.len() as u64);
        assert_eq!(y["rotation_covered"], covered as u64);
        assert_eq!(y["specialists_senior"], specialists.len() as u64);
        assert_eq!(y["reemployed"], reemployed as u64);
    }
    // Over every year of the city, the rotation metric with a 15-year
    // window counts as the rotation page does (the domain's own pass).
    let index = jinzai_domain::people::rotation::RotationIndex::new(
        &city.staff,
        &city.assignments,
        &city.units,
    );
    for fy in 2008..=2013 {
        let c = index.counts(FiscalYear(fy), Default::default());
        let count = |covered: bool| {
            let mut filters = std::collections::BTreeMap::new();
            filters.insert("served_at_most".to_owned(), vec!["15".to_owned()]);
            if covered {
                filters.insert("covered".to_owned(), vec!["true".to_owned()]);
            }
            Counting {
                metric: "talent.rotation".into(),
                count: Aggregate::DistinctStaff,
                filters,
            }
        };
        let all = app
            .store
            .count(&count(false), FiscalYear(fy))
            .await
            .unwrap();
        let done = app.store.count(&count(true), FiscalYear(fy)).await.unwrap();
        assert_eq!(
            (all.value as usize, done.value as usize),
            (c.in_window, c.covered_all),
            "FY{fy}"
        );
    }
    // Export and import again: nothing changes.
    let kind = jinzai_io::import::Kind::parse("specialist_designations").unwrap();
    let table = kind.export(&app.store).await.unwrap();
    assert_eq!(table.rows.len(), city.designations.len());
    let csv =
        jinzai_io::export(&table, jinzai_io::Format::Csv, jinzai_io::Encoding::Utf8Bom).unwrap();
    let (s, v) = app
        .post_bytes("/api/v1/imports/specialist_designations", csv)
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["summary"]["unchanged"], city.designations.len(), "{v}");
}

const UNITS: &str = "組織コード,組織名,組織名カナ,上位組織コード,部門区分,開始日,終了日
B01,総務部,ソウムブ,,管理,1990-04-01,
K01,職員課,ショクインカ,B01,管理,1990-04-01,
K02,市民課,シミンカ,B01,窓口,1990-04-01,
";

const STAFF: &str = "職員番号,氏名,フリガナ,性別,生年月日,採用日,採用区分,任用形態,職種,職層,資格,在職状況,退職日,退職理由
101,青木 一郎,アオキ イチロウ,男性,1970-01-01,1995-04-01,新卒,一般職,一般事務職,係長,,在職,,
102,井上 花子,イノウエ ハナコ,女性,1980-01-01,2012-10-01,民間等経験者,一般職,専門職,主任,保健師,在職,,
";

const POSTS: &str = "職員番号,組織コード,役職,開始日,終了日,区分
101,K01,,1995-04-01,,本務
102,K02,,2012-10-01,,本務
";

async fn small_city() -> TestApp {
    let app = TestApp::spawn_on(jinzai_domain::Clock::on_date(d(2013, 1, 15))).await;
    for (kind, body) in [("units", UNITS), ("staff", STAFF), ("assignments", POSTS)] {
        let (s, v) = app
            .post_bytes(&format!("/api/v1/imports/{kind}"), body.as_bytes().to_vec())
            .await;
        assert_eq!(s, 200, "{kind}: {v}");
    }
    app
}

#[tokio::test]
async fn designations_are_checked_audited_and_shown_on_the_staff_page() {
    let app = small_city().await;
    // 職種 is read from the staff sheet and counted by people.hires.
    let hired = Counting {
        metric: "people.hires".into(),
        count: Aggregate::DistinctStaff,
        filters: [("job_family".to_owned(), vec!["professional".to_owned()])].into(),
    };
    assert_eq!(
        app.store
            .count(&hired, FiscalYear(2012))
            .await
            .unwrap()
            .value,
        1
    );
    let post = |body: serde_json::Value| {
        send(
            &app.client,
            &app,
            Method::POST,
            "/api/v1/talent/designations",
            Some(body),
        )
    };
    // Refused at its fields: a field not on the list, before the hire.
    let (s, v) = post(json!({"staff_number": "101", "field": "magic", "from": "1990-04-01"})).await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(fields(&v), ["field", "from"], "{v}");
    let (s, v) = post(
        json!({"staff_number": "101", "field": "tax", "from": "2010-04-01", "note": "固定資産税"}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let id = v["id"].as_i64().unwrap();
    // The same person and field again while it is in force: an overlap.
    let (s, v) = post(json!({"staff_number": "101", "field": "tax", "from": "2012-04-01"})).await;
    assert_eq!((s, fields(&v)), (422, vec!["from".to_owned()]), "{v}");
    // Ended before it began: refused; ended properly: kept.
    let end_path = format!("/api/v1/talent/designations/{id}/end");
    let end = |to: &str| {
        send(
            &app.client,
            &app,
            Method::POST,
            &end_path,
            Some(json!({ "to": to })),
        )
    };
    let (s, v) = end("2009-03-31").await;
    assert_eq!((s, fields(&v)), (422, vec!["to".to_owned()]), "{v}");
    let (s, v) = end("2013-03-31").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["designation"]["to"], "2013-03-31");
    // A new field, then a designation in it.
    let (s, v) = send(
        &app.client,
        &app,
        Method::POST,
        "/api/v1/talent/fields",
        Some(json!({"code": "water", "label_ja": "上下水道", "label_en": "Water"})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = send(
        &app.client,
        &app,
        Method::POST,
        "/api/v1/talent/fields",
        Some(json!({"code": "water", "label_ja": "水道", "label_en": "Water"})),
    )
    .await;
    assert_eq!((s, fields(&v)), (422, vec!["code".to_owned()]), "{v}");
    let (s, v) = post(json!({"staff_number": "101", "field": "water", "from": "2012-04-01"})).await;
    assert_eq!(s, 200, "{v}");
    // Counted by 1-6-2 (15 years or more: hired 1995) in FY2012.
    let specialists = |years: &str| Counting {
        metric: "talent.specialists".into(),
        count: Aggregate::DistinctStaff,
        filters: [("served_at_least".to_owned(), vec![years.to_owned()])].into(),
    };
    assert_eq!(
        app.store
            .count(&specialists("15"), FiscalYear(2012))
            .await
            .unwrap()
            .value,
        1
    );
    assert_eq!(
        app.store
            .count(&specialists("19"), FiscalYear(2012))
            .await
            .unwrap()
            .value,
        0
    );
    assert_eq!(
        app.store
            .count(&specialists("18"), FiscalYear(2012))
            .await
            .unwrap()
            .value,
        1
    );
    // Every write audited.
    let entries = audit_of(&app, "specialist_designation").await;
    assert_eq!(
        entries.iter().filter(|e| e.action == "designate").count(),
        2
    );
    assert_eq!(entries.iter().filter(|e| e.action == "end").count(), 1);
    // The page: HR sees both fields' designations; staff may not open it,
    // but see their own designations on their staff page.
    let (_, page) = app.get_text("/talent?on=2012-06-01").await;
    assert!(
        page.contains("上下水道") && page.contains("固定資産税"),
        "{page}"
    );
    let token = account_token_linked(&app.store, "aoki", "staff", Some("101")).await;
    let staff = client_with_token(Some(&token));
    let r = staff.get(app.url("/api/v1/talent")).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let mine = staff
        .get(app.url("/staff/101"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(mine.contains("上下水道") && mine.contains("税務"), "{mine}");
    // The page's form refuses at its field and keeps what was typed.
    let r = app
        .post_form(
            "/talent/designations",
            &[
                ("staff_number", "102"),
                ("field", "health"),
                ("from", "2011-04-01"),
                ("note", "保健指導"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("採用日") && text.contains("保健指導"),
        "{text}"
    );
    let r = app
        .post_form(
            "/talent/designations",
            &[
                ("staff_number", "102"),
                ("field", "health"),
                ("from", "2012-10-01"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn designations_import_all_or_nothing_at_their_rows() {
    let app = small_city().await;
    let bad = "職員番号,分野,指定日,終了日,備考
101,税務,2010-04-01,,
101,tax,2012-04-01,,
999,福祉,2010-04-01,,
102,保健・医療,2012-10-01,2012-09-30,
101,魔法,2010-04-01,,
";
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/specialist_designations",
            bad.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    let mut at: Vec<(u64, u64)> = v["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["row"].as_u64().unwrap(), p["col"].as_u64().unwrap()))
        .collect();
    at.sort_unstable();
    // The second tax row overlaps the first (both rows name each other's
    // period), an unknown person, an end before the start, no such field.
    assert_eq!(at, [(2, 3), (3, 3), (4, 1), (5, 4), (6, 2)], "{v}");
    assert!(
        app.store
            .designations(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    let good = "職員番号,分野,指定日,終了日,備考
101,税務,2010-04-01,2012-03-31,
101,Tax,2012-04-01,,再指定
102,health,2012-10-01,,
";
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/specialist_designations",
            good.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["summary"]["created"], 3, "{v}");
}

#[tokio::test]
async fn the_command_line_designates_lists_ends_and_counts() {
    let app = small_city().await;
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"))
            .arg("talent")
            .args(args)
            .env("JINZAI_DATABASE_URL", app.database_url())
            .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
            .env("JINZAI_TODAY", "2013-01-15")
            .env("JINZAI_LOG", "error")
            .output()
            .unwrap();
        crate::support::assert_success(&out);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run(&["fields"]).contains("tax\t税務\tTax"));
    assert_eq!(
        run(&["designate", "101", "legal", "--from", "平成24年4月1日"]).trim(),
        "designation 1 made"
    );
    let list = run(&["list"]);
    assert!(
        list.contains("1\t101\t青木 一郎\tlegal\t2012-04-01\t\t"),
        "{list}"
    );
    assert_eq!(
        run(&["end", "1", "--to", "2013-03-31"]).trim(),
        "designation 1 ends on 2013-03-31"
    );
    let figures = run(&["figures", "--year", "2012"]);
    let row: Vec<&str> = figures.lines().nth(1).unwrap().split('\t').collect();
    // FY2012: 101 is in the 18th year (outside 10–15); one specialist of 15
    // years or more; one hire (102, mid-career, professional); nobody
    // re-employed.
    assert_eq!(
        row,
        ["2012", "0", "0", "1", "1", "1", "1", "0", "0"],
        "{figures}"
    );
}
