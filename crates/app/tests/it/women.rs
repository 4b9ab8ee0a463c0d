//! Women's advancement (女性活躍推進法): each year's publication items
//! counted from the sample city's records and checked against counts made
//! here from the generated lists, small groups withheld; targets in the
//! national format; publishing to citizens; the tables as files; births
//! and leave checked at their fields, audited and imported all or nothing;
//! and the command line.

use crate::support::{TestApp, audit_of, client_with_token, fields, send};
use chrono::NaiveDate;
use jinzai::generate::City;
use jinzai_domain::FiscalYear;
use jinzai_domain::women::{self, Counts, PERMANENT_TYPES};
use reqwest::Method;
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Year `fy`'s counts made from the generated lists alone.
fn independent(city: &City, fy: i32) -> Counts {
    let (start, end) = (d(fy, 4, 1), d(fy + 1, 3, 31));
    let grades = city.grades();
    let permanent = |t: &str| PERMANENT_TYPES.contains(&t);
    let mut c = Counts {
        year: fy,
        ..Counts::default()
    };
    let gender: HashMap<&str, Option<&str>> = city
        .staff
        .iter()
        .map(|s| (s.number.as_str(), s.gender.as_deref()))
        .collect();
    for s in &city.staff {
        let g = s.gender.as_deref();
        if s.hire_date >= start && s.hire_date <= end && s.hiring_route != "reemployment" {
            c.hires.entry(s.hiring_route.clone()).or_default().add(g, 1);
        }
        if s.hire_date <= end && s.leaving_date.is_none_or(|l| l >= end) {
            c.staff.add(g, 1);
            if let Some(grade) = grades.on(s, end) {
                c.grades.entry(grade.to_owned()).or_default().add(g, 1);
            }
            if permanent(&s.employment_type)
                && let Some(slot) = c.service.get_mut(g)
            {
                slot.0 += (end - s.hire_date).num_days();
                slot.1 += 1;
            }
        }
        // Hired as permanent staff in the 11th to 9th year before.
        if s.hire_date >= d(fy - 11, 4, 1)
            && s.hire_date <= d(fy - 8, 3, 31)
            && s.hiring_route != "reemployment"
            && permanent(&s.employment_type)
            && let Some(r) = c.retention.get_mut(g)
        {
            r.of += 1;
            if s.leaving_date.is_none_or(|l| l >= end) {
                r.did += 1;
            }
        }
    }
    for r in &city.exams.records {
        if r.fiscal_year == fy && r.withdrawn_on.is_none() {
            c.applicants
                .entry(r.level.clone())
                .or_default()
                .add(gender[r.staff_number.as_str()], 1);
        }
    }
    let w = &city.women;
    let mothers: BTreeSet<&str> = w
        .births
        .iter()
        .filter(|b| b.born_on >= start && b.born_on <= end)
        .map(|b| b.staff_number.as_str())
        .collect();
    let (born_f, born_m) = (
        mothers
            .iter()
            .filter(|n| gender[*n] == Some("female"))
            .count() as u64,
        mothers
            .iter()
            .filter(|n| gender[*n] == Some("male"))
            .count() as u64,
    );
    c.childcare.female.of = born_f;
    c.childcare.male.of = born_m;
    for r in [&mut c.spouse_birth, &mut c.participation, &mut c.either] {
        r.of = born_m;
    }
    // The first leave of its kind for a child, begun in the year.
    let begun = |kinds: &[&str], who: &str| -> u64 {
        w.leaves
            .iter()
            .filter(|l| kinds.contains(&l.kind.as_str()) && l.from >= start && l.from <= end)
            .filter(|l| gender[l.staff_number.as_str()] == Some(who))
            .filter(|l| {
                !w.leaves.iter().any(|o| {
                    o.staff_number == l.staff_number
                        && o.kind == l.kind
                        && o.child_born_on == l.child_born_on
                        && o.from < l.from
                })
            })
            .map(|l| l.staff_number.as_str())
            .collect::<BTreeSet<_>>()
            .len() as u64
    };
    c.childcare.female.did = begun(&["childcare"], "female");
    c.childcare.male.did = begun(&["childcare"], "male");
    c.spouse_birth.did = begun(&["spouse_birth"], "male");
    c.participation.did = begun(&["participation"], "male");
    c.either.did = begun(&["spouse_birth", "participation"], "male");
    let staff: HashMap<&str, _> = city.staff.iter().map(|s| (s.number.as_str(), s)).collect();
    for p in w.pay.iter().filter(|p| p.fiscal_year == fy) {
        let s = staff[p.staff_number.as_str()];
        let category = if permanent(&s.employment_type) {
            "permanent"
        } else {
            "other"
        };
        let entry = c.pay.entry(category.to_owned()).or_default();
        if let Some(slot) = entry.get_mut(s.gender.as_deref()) {
            slot.amount += p.amount;
            slot.months += i64::from(p.months);
            slot.people += 1;
        }
        let a = c
            .attendance
            .entry(s.gender.clone().unwrap_or_default())
            .or_default();
        if let Some(h) = p.overtime_hours {
            a.overtime_hours += i64::from(h);
            a.overtime_months += i64::from(p.months);
            a.overtime_people += 1;
        }
        if let (Some(g), Some(t)) = (p.leave_granted, p.leave_taken) {
            a.leave_granted += g;
            a.leave_taken += t;
            a.leave_people += 1;
        }
    }
    c.attendance
        .retain(|_, a| a.overtime_people > 0 || a.leave_people > 0);
    c
}

fn states(lines: &serde_json::Value) -> Vec<String> {
    lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["figure"]["state"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_sample_citys_figures_match_independent_counts_and_small_groups_are_withheld() {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    for fy in [2011, 2013, 2014, 2015] {
        let mine = independent(&city, fy);
        let stored = app.store.women_counts(FiscalYear(fy)).await.unwrap();
        assert_eq!(stored, mine, "FY{fy}");
        // The records make every item: hires, births, leave, grades.
        assert!(mine.staff.all > 400 && mine.staff.women > 100, "FY{fy}");
        assert!(
            mine.childcare.female.of > 0 && mine.childcare.male.of > 0,
            "FY{fy}"
        );
        assert!(mine.grades.contains_key("kacho"), "FY{fy}");
        assert_eq!(
            mine.pay.is_empty(),
            fy < 2013,
            "FY{fy}: pay is of 2013–2015"
        );
        assert_eq!(
            mine.attendance.is_empty(),
            fy < 2013,
            "FY{fy}: and so are overtime and leave"
        );
        // The API's lines are the domain's reading of those counts.
        let (s, v) = app.get_json(&format!("/api/v1/women?year={fy}")).await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(
            v["figures"]["lines"],
            serde_json::to_value(women::lines(&mine, 10)).unwrap(),
            "FY{fy}"
        );
    }
    // FY2015: some groups are under 10 people and withheld, most shown.
    let (_, v) = app.get_json("/api/v1/women?year=2015").await;
    let st = states(&v["figures"]["lines"]);
    let withheld = st.iter().filter(|s| *s == "withheld").count();
    assert!(
        withheld > 0 && st.iter().filter(|s| *s == "shown").count() > 15,
        "{st:?}"
    );
    // With a minimum of 1 nothing is withheld; the setting is audited.
    let (s, v) = app
        .send_json(
            Method::PUT,
            "/api/v1/women/settings",
            &json!({"min_group": 1}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, v) = app.get_json("/api/v1/women?year=2015").await;
    assert!(!states(&v["figures"]["lines"]).contains(&"withheld".to_owned()));
    assert_eq!(
        v["figures"]["lines"],
        serde_json::to_value(women::lines(&independent(&city, 2015), 1)).unwrap()
    );
    assert_eq!(audit_of(&app, "women_settings").await.len(), 1);
    let (s, v) = app
        .send_json(
            Method::PUT,
            "/api/v1/women/settings",
            &json!({"min_group": 0}),
        )
        .await;
    assert_eq!((s, fields(&v)), (422, vec!["min_group".to_owned()]), "{v}");
    // The page opens on the latest ended year with records.
    let (s, page) = app.get_text("/women").await;
    assert_eq!(s, 200);
    assert!(
        page.contains("平成27年度") && page.contains("公表項目"),
        "{page}"
    );
}

#[tokio::test]
async fn targets_publishing_and_the_tables_as_files() {
    let app = TestApp::with_demo().await;
    jinzai::demo::seed_people(&app.store).await.unwrap();
    // Targets: refused at their fields, then set, read in the national
    // format against the year and its baseline, and removed.
    let put = |body: serde_json::Value| {
        let app = &app;
        async move {
            app.send_json(Method::PUT, "/api/v1/women/targets", &body)
                .await
        }
    };
    let (s, v) = put(json!({"item": "tier_women", "group": "nobody", "value": 5,
        "year": 2020, "baseline_year": 2030}))
    .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(fields(&v), ["group", "baseline_year"], "{v}");
    let (s, v) = put(
        json!({"item": "tier_women", "group": "kakaricho", "value": 50,
        "year": 2020, "baseline_year": 2014, "actions": "係長選考の受験勧奨"}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        v["targets"].as_array().map(Vec::len),
        Some(3),
        "the demo's two and this: {v}"
    );
    let (_, o) = app.get_json("/api/v1/women?year=2015").await;
    let figure = |lines: &serde_json::Value| {
        lines
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["item"] == "tier_women" && l["group"] == "kakaricho")
            .map(|l| l["figure"]["value"].as_f64().unwrap())
            .unwrap()
    };
    let latest = figure(&o["figures"]["lines"]);
    let (_, base) = app.get_json("/api/v1/women?year=2014").await;
    let baseline = figure(&base["figures"]["lines"]);
    let row = o["targets_table"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[0].as_str().unwrap().contains("係長相当職"))
        .unwrap()
        .clone();
    let text = |v: f64| jinzai_domain::grade::fmt_num(v);
    assert_eq!(row[1], "50%（令和2年度）", "{row}");
    assert_eq!(row[2], format!("{}%（平成27年度）", text(latest)), "{row}");
    assert_eq!(
        row[3],
        format!("{}%（平成26年度）", text(baseline)),
        "{row}"
    );
    assert_eq!(row[4], "係長選考の受験勧奨");
    let (s, _) = send(
        &app.client,
        &app,
        Method::DELETE,
        "/api/v1/women/targets/tier_women/kakaricho",
        None,
    )
    .await;
    assert_eq!(s, 204);
    let (s, _) = send(
        &app.client,
        &app,
        Method::DELETE,
        "/api/v1/women/targets/tier_women/kakaricho",
        None,
    )
    .await;
    assert_eq!(s, 404);
    let t = audit_of(&app, "women_target").await;
    assert_eq!(t.iter().filter(|e| e.action == "remove").count(), 1);

    // Citizens read the published year (the demo's FY2015) without a name
    // of who published it; another year only once published, and a year
    // under way never.
    let citizen = client_with_token(None);
    let public = |q: &str| {
        let c = citizen.clone();
        let url = app.url(&format!("/api/v1/public/women{q}"));
        async move {
            let r = c.get(url).send().await.unwrap();
            (
                r.status().as_u16(),
                r.json::<serde_json::Value>().await.unwrap(),
            )
        }
    };
    let (s, v) = public("").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["figures"]["fiscal_year"], 2015);
    assert_eq!(v["publications"][0]["published_by"], "");
    assert_eq!(public("?year=2014").await.0, 404);
    let this_year = FiscalYear::containing(app.store.clock().today()).0;
    let (s, v) = send(
        &app.client,
        &app,
        Method::PUT,
        &format!("/api/v1/women/publications/{this_year}"),
        None,
    )
    .await;
    assert_eq!(s, 409, "{v}");
    // A year out of any calendar is refused at its field (the fuzzer's
    // 2147483647 once overflowed the year's end).
    for method in [Method::PUT, Method::DELETE] {
        let (s, v) = send(
            &app.client,
            &app,
            method,
            "/api/v1/women/publications/2147483647",
            None,
        )
        .await;
        assert_eq!((s, fields(&v)), (422, vec!["year".to_owned()]), "{v}");
    }
    for (method, changed) in [(Method::PUT, true), (Method::PUT, false)] {
        let (s, v) = send(
            &app.client,
            &app,
            method,
            "/api/v1/women/publications/2014",
            None,
        )
        .await;
        assert_eq!((s, v["changed"].as_bool()), (200, Some(changed)), "{v}");
    }
    assert_eq!(public("?year=2014").await.0, 200);
    let html = citizen
        .get(app.url("/public/women?year=2014"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("平成26年度") && html.contains("秘匿"),
        "{html}"
    );
    assert!(!html.contains("人事担当"), "who published is not shown");
    let (s, v) = send(
        &app.client,
        &app,
        Method::DELETE,
        "/api/v1/women/publications/2014",
        None,
    )
    .await;
    assert_eq!((s, v["published"].as_bool()), (200, Some(false)), "{v}");
    assert_eq!(public("?year=2014").await.0, 404);
    let p = audit_of(&app, "women_publication").await;
    assert_eq!(
        p.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["unpublish", "publish", "publish"],
        "latest first: 2014's, then the demo's"
    );

    // The figures as files: CP932 CSV decodes cleanly, xlsx opens with one
    // row per line; citizens download the published year.
    let (_, o) = app.get_json("/api/v1/women?year=2015").await;
    let lines = o["figures"]["lines"].as_array().unwrap().len();
    let r = app
        .get("/api/v1/women/download?year=2015&format=csv&encoding=cp932")
        .await;
    let status = r.status().as_u16();
    let bytes = r.bytes().await.unwrap();
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad);
    assert_eq!(text.lines().count(), 1 + lines, "{text}");
    assert!(
        text.contains("管理職（課長相当職以上）") && text.contains("秘匿"),
        "{text}"
    );
    let r = app
        .get("/api/v1/women/download?year=2015&table=targets")
        .await;
    let bytes = r.bytes().await.unwrap();
    use calamine::Reader;
    let mut xlsx: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = xlsx.sheet_names()[0].clone();
    let range = xlsx.worksheet_range(&sheet).unwrap();
    assert_eq!(range.height(), 1 + 2, "the demo's two targets");
    let r = citizen
        .get(app.url("/public/women/download?format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .is_ok_and(|d| d.contains("women-2015.csv"))
    );
    assert!(r.text().await.unwrap().contains("管理職（課長相当職以上）"));
    let r = citizen
        .get(app.url("/public/women/download?year=2013&format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
}

const UNITS: &str = "組織コード,組織名,組織名カナ,上位組織コード,部門区分,開始日,終了日
B01,総務部,ソウムブ,,管理,1990-04-01,
K01,職員課,ショクインカ,B01,管理,1990-04-01,
";

const STAFF: &str = "職員番号,氏名,フリガナ,性別,生年月日,採用日,採用区分,任用形態,職種,職層,資格,在職状況,退職日,退職理由
101,青木 一郎,アオキ イチロウ,男性,1980-01-01,2005-04-01,新卒,一般職,一般事務職,主任,,在職,,
102,井上 花子,イノウエ ハナコ,女性,1982-01-01,2012-10-01,民間等経験者,一般職,専門職,主任,保健師,在職,,
";

async fn small_city() -> TestApp {
    let app = TestApp::spawn_on(jinzai_domain::Clock::on_date(d(2013, 6, 1))).await;
    for (kind, body) in [("units", UNITS), ("staff", STAFF)] {
        let (s, v) = app
            .post_bytes(&format!("/api/v1/imports/{kind}"), body.as_bytes().to_vec())
            .await;
        assert_eq!(s, 200, "{kind}: {v}");
    }
    app
}

fn problems_at(v: &serde_json::Value) -> Vec<(u64, u64)> {
    let mut at: Vec<(u64, u64)> = v["error"]["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|p| (p["row"].as_u64().unwrap(), p["col"].as_u64().unwrap()))
        .collect();
    at.sort_unstable();
    at
}

#[tokio::test]
async fn births_and_leaves_are_checked_audited_and_counted() {
    let app = small_city().await;
    let post = |path: &'static str, body: serde_json::Value| {
        send(&app.client, &app, Method::POST, path, Some(body))
    };
    // A birth before the person was hired is refused at its field.
    let (s, v) = post(
        "/api/v1/women/births",
        json!({"staff_number": "102", "born_on": "2012-05-01"}),
    )
    .await;
    assert_eq!((s, fields(&v)), (422, vec!["born_on".to_owned()]), "{v}");
    let (s, v) = post(
        "/api/v1/women/births",
        json!({"staff_number": "101", "born_on": "2012-06-01"}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let birth = v["id"].as_i64().unwrap();
    // An unknown kind, an end before the start, a child not recorded.
    let (s, v) = post(
        "/api/v1/women/leaves",
        json!({"staff_number": "101", "kind": "magic", "from": "2012-06-03",
            "to": "2012-06-01", "child_born_on": "2012-07-01"}),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert_eq!(fields(&v), ["kind", "to", "child_born_on"], "{v}");
    // 育児休業 cannot begin before the birth.
    let (s, v) = post(
        "/api/v1/women/leaves",
        json!({"staff_number": "101", "kind": "childcare", "from": "2012-05-20",
            "to": "2012-08-01", "child_born_on": "2012-06-01"}),
    )
    .await;
    assert_eq!((s, fields(&v)), (422, vec!["from".to_owned()]), "{v}");
    for (kind, from, to) in [
        ("spouse_birth", "2012-06-01", "2012-06-02"),
        ("childcare", "2012-07-01", "2012-09-30"),
    ] {
        let (s, v) = post(
            "/api/v1/women/leaves",
            json!({"staff_number": "101", "kind": kind, "from": from, "to": to,
                "child_born_on": "2012-06-01"}),
        )
        .await;
        assert_eq!(s, 200, "{v}");
    }
    // Overlapping the same kind: refused.
    let (s, v) = post(
        "/api/v1/women/leaves",
        json!({"staff_number": "101", "kind": "childcare", "from": "2012-09-01",
            "to": "2012-10-31", "child_born_on": "2012-06-01"}),
    )
    .await;
    assert_eq!((s, fields(&v)), (422, vec!["from".to_owned()]), "{v}");
    // FY2012: one father, who took both; 102 hired mid-career.
    let c = app.store.women_counts(FiscalYear(2012)).await.unwrap();
    assert_eq!((c.childcare.male.did, c.childcare.male.of), (1, 1));
    assert_eq!((c.spouse_birth.did, c.either.did), (1, 1));
    assert_eq!(c.participation.did, 0);
    assert_eq!(
        (c.hires["mid_career"].women, c.hires["mid_career"].all),
        (1, 1)
    );
    assert_eq!((c.staff.women, c.staff.all), (1, 2));
    // Two people: everything about them is withheld under the default 10.
    let (_, v) = app.get_json("/api/v1/women?year=2012").await;
    let st = states(&v["figures"]["lines"]);
    assert!(
        !st.contains(&"shown".to_owned()) || {
            // Only counts of people (中途採用の実績) are shown as they are.
            v["figures"]["lines"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|l| l["figure"]["state"] == "shown")
                .all(|l| l["item"] == "mid_career_hires")
        },
        "{v}"
    );
    // A birth with leave recorded cannot go; the leave first.
    let (s, v) = send(
        &app.client,
        &app,
        Method::DELETE,
        &format!("/api/v1/women/births/{birth}"),
        None,
    )
    .await;
    assert_eq!(s, 422, "{v}");
    let (_, r) = app.get_json("/api/v1/women/records?number=101").await;
    assert_eq!(r["leaves"].as_array().map(Vec::len), Some(2), "{r}");
    for l in r["leaves"].as_array().unwrap() {
        let (s, _) = send(
            &app.client,
            &app,
            Method::DELETE,
            &format!("/api/v1/women/leaves/{}", l["id"]),
            None,
        )
        .await;
        assert_eq!(s, 204);
    }
    let (s, _) = send(
        &app.client,
        &app,
        Method::DELETE,
        &format!("/api/v1/women/births/{birth}"),
        None,
    )
    .await;
    assert_eq!(s, 204);
    let births = audit_of(&app, "child_birth").await;
    let leaves = audit_of(&app, "family_leave").await;
    assert_eq!(
        births.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["remove", "add"],
        "latest first"
    );
    assert_eq!(leaves.len(), 4);
    // The records page: HR's form keeps what was typed when refused.
    let r = app
        .post_form(
            "/women/births",
            &[
                ("staff_number", "102"),
                ("born_on", "2011-01-01"),
                ("year", "2012"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("在職期間外") && text.contains("2011-01-01"),
        "{text}"
    );
    // Staff may not read the records.
    let token =
        crate::support::account_token_linked(&app.store, "aoki", "staff", Some("101")).await;
    let staff = client_with_token(Some(&token));
    let r = staff
        .get(app.url("/api/v1/women/records"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn births_leaves_and_pay_import_all_or_nothing_at_their_rows() {
    let app = small_city().await;
    let import = |kind: &'static str, body: &'static str| {
        let app = &app;
        async move {
            app.post_bytes(&format!("/api/v1/imports/{kind}"), body.as_bytes().to_vec())
                .await
        }
    };
    let (s, v) = import(
        "child_births",
        "職員番号,出生日
101,2012-06-01
999,2012-06-01
102,2012-05-01
101,2012-06-01
",
    )
    .await;
    assert_eq!(s, 422, "{v}");
    // An unknown person, a birth before the hire, the same birth twice.
    assert_eq!(problems_at(&v), [(3, 1), (4, 2), (5, 2)], "{v}");
    assert!(
        app.store
            .child_births(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    let (s, v) = import(
        "child_births",
        "職員番号,出生日\n101,2012-06-01\n102,2013-02-01\n",
    )
    .await;
    assert_eq!((s, v["summary"]["created"].as_u64()), (200, Some(2)), "{v}");
    let (s, v) = import(
        "family_leaves",
        "職員番号,種別,開始日,終了日,子の生年月日
101,配偶者出産休暇,2012-06-01,2012-06-02,2012-06-01
101,魔法,2012-06-01,2012-06-02,2012-06-01
",
    )
    .await;
    // A file that does not read is refused before any rule is checked.
    assert_eq!((s, problems_at(&v)), (422, vec![(3, 2)]), "{v}");
    let (s, v) = import(
        "family_leaves",
        "職員番号,種別,開始日,終了日,子の生年月日
101,配偶者出産休暇,2012-06-01,2012-06-02,2012-06-01
102,育児休業,2013-04-01,2013-03-01,2013-02-01
102,育児休業,2013-05-01,2014-03-31,2013-03-01
",
    )
    .await;
    assert_eq!(s, 422, "{v}");
    // An end before the start, no such birth.
    assert_eq!(problems_at(&v), [(3, 4), (4, 5)], "{v}");
    assert!(
        app.store
            .family_leaves(&Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    let (s, v) = import(
        "annual_pay",
        "職員番号,年度,給与総支給額,支給月数,超過勤務時間,年次休暇付与日数,年次休暇取得日数
101,2012,\"5,400,000\",12,,,
102,平成24年度,2100000,6,,,
102,2011,2000000,12,,,
101,2013,-5,13,,,
101,2011,5000000,12,4000,20,20.5
",
    )
    .await;
    assert_eq!(s, 422, "{v}");
    // 102 was not in service in FY2011; a negative amount and 13 months;
    // 4,000 hours of overtime and more leave taken than granted.
    assert_eq!(
        problems_at(&v),
        [(4, 2), (5, 3), (5, 4), (6, 5), (6, 7)],
        "{v}"
    );
    assert!(app.store.annual_pay(None).await.unwrap().is_empty());
    let (s, v) = import(
        "annual_pay",
        "職員番号,年度,給与総支給額,支給月数,超過勤務時間,年次休暇付与日数,年次休暇取得日数
101,2012,\"5,400,000\",12,180,20,12.5日
102,平成24年度,2100000,6,42,10,7
",
    )
    .await;
    assert_eq!((s, v["summary"]["created"].as_u64()), (200, Some(2)), "{v}");
    // The audit names the counts, never a person's pay.
    let pay = audit_of(&app, "annual_pay").await;
    assert!(!pay.is_empty());
    assert!(
        pay.iter()
            .all(|e| !e.detail.to_string().contains("5400000")),
        "{pay:?}"
    );
    let c = app.store.women_counts(FiscalYear(2012)).await.unwrap();
    let p = &c.pay["permanent"];
    assert_eq!(
        (
            p.male.amount,
            p.male.months,
            p.female.amount,
            p.female.months
        ),
        (5_400_000, 12, 2_100_000, 6)
    );
    // Women's average pay per person-year over men's: 4.2M / 5.4M.
    let lines = women::lines(&c, 1);
    let gap = lines
        .iter()
        .find(|l| l.item == "pay_gap" && l.group == "permanent")
        .unwrap();
    assert_eq!(gap.figure.value(), Some(77.8));
    // Overtime: 222 hours over 18 months; leave: 19.5 of 30 days.
    let of = |item: &str| {
        lines
            .iter()
            .find(|l| l.item == item && l.group == "total")
            .unwrap()
            .figure
            .value()
    };
    assert_eq!(
        (of("overtime"), of("annual_leave")),
        (Some(12.3), Some(65.0))
    );
    // Read back as written: an export imports again unchanged.
    let kind = jinzai_io::import::Kind::parse("annual_pay").unwrap();
    let table = kind.export(&app.store).await.unwrap();
    let csv =
        jinzai_io::export(&table, jinzai_io::Format::Csv, jinzai_io::Encoding::Utf8Bom).unwrap();
    let (s, v) = app.post_bytes("/api/v1/imports/annual_pay", csv).await;
    assert_eq!(
        (s, v["summary"]["unchanged"].as_u64()),
        (200, Some(2)),
        "{v}"
    );
}

#[tokio::test]
async fn the_command_line_prints_the_figures_and_sets_targets_and_publication() {
    let app = small_city().await;
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/child_births",
            "職員番号,出生日\n101,2012-06-01\n".as_bytes().to_vec(),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"))
            .arg("women")
            .args(args)
            .env("JINZAI_DATABASE_URL", app.database_url())
            .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
            .env("JINZAI_TODAY", "2013-06-01")
            .env("JINZAI_LOG", "error")
            .output()
            .unwrap()
    };
    let ok = |args: &[&str]| {
        let out = run(args);
        crate::support::assert_success(&out);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(ok(&["min-group", "1"]).trim(), "1");
    let figures = ok(&["figures", "--year", "2012"]);
    assert!(figures.starts_with("項目\t"), "{figures}");
    // 2 staff at the year's end, 1 woman: 50%.
    assert!(
        figures
            .lines()
            .any(|l| l.starts_with("職員に占める女性職員の割合\t全体\t50\t%")),
        "{figures}"
    );
    assert_eq!(
        ok(&[
            "set-target",
            "staff_women",
            "total",
            "40",
            "--by",
            "2015",
            "--baseline",
            "2012"
        ])
        .trim(),
        "target staff_women:total set"
    );
    let targets = ok(&["targets", "--year", "2012"]);
    assert!(
        targets.contains("40%（平成27年度）\t50%（平成24年度）"),
        "{targets}"
    );
    // The year under way cannot be published; the last one can.
    let out = run(&["publish", "2013"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("平成25年度"));
    assert_eq!(
        ok(&["publish", "2012"]).trim(),
        "平成24年度 published to citizens"
    );
    assert_eq!(
        app.store.women_publications().await.unwrap()[0].fiscal_year,
        2012
    );
    let bad = run(&["set-target", "staff_women", "women", "40", "--by", "2015"]);
    assert!(!bad.status.success());
}
