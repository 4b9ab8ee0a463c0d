//! Organisation, staff and assignments: imports (all or nothing, placed
//! problems, upsert summaries), search, pages, CLI round trips.

use crate::support::{TestApp, TestDb, assert_success, text_of};
use serde_json::{Value, json};

const UNITS: &str = "組織コード,組織名,組織名カナ,上位組織コード,部門区分,開始日,終了日
B01,総務部,ソウムブ,,管理,H23.4.1,
K01,職員課,ショクインカ,B01,管理,平成23年4月1日,H27.3.31
K01,人事課,ジンジカ,B01,管理,H27.4.1,
K02,市民課,シミンカ,B01,窓口,2011/4/1,
";

const STAFF: &str = "職員番号,氏名,フリガナ,性別,生年月日,採用日,採用区分,任用形態,職層,資格,在職状況,退職日,退職理由
00123,髙橋 太郎,タカハシ タロウ,男性,S55.5.1,H15.4.1,新卒,一般職,主任,社会福祉士,在職,,
00124,山﨑 花子,ヤマサキ ハナコ,女性,1985/1/8,２０１０年４月１日,民間等経験者,一般職,係長,,在職,,
00125,神田 誠,カンダ マコト,男性,1960/6/1,1983-04-01,新卒,技能労務職,,,退職,令和元年5月31日,定年前早期退職
";

const ASSIGNMENTS: &str = "職員番号,組織コード,役職,開始日,終了日,区分
00123,K02,,2011-04-01,2014-03-31,本務
00123,K01,主任,2014-04-01,,本務
00124,K01,係長,2011-04-01,,本務
00124,K02,,2012-04-01,,兼務
";

async fn load_all(app: &TestApp) {
    for (kind, body) in [
        ("units", UNITS),
        ("staff", STAFF),
        ("assignments", ASSIGNMENTS),
    ] {
        let (s, v) = app
            .post_bytes(&format!("/api/v1/imports/{kind}"), body.as_bytes().to_vec())
            .await;
        assert_eq!(s, 200, "{kind}: {v}");
    }
}

#[tokio::test]
async fn imports_upsert_with_summaries_and_dry_runs_write_nothing() {
    let app = TestApp::spawn().await;
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/units?dry_run=true",
            UNITS.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(
        (s, v["summary"].clone()),
        (200, json!({"created": 4, "updated": 0, "unchanged": 0}))
    );
    let (_, units) = app.get_json("/api/v1/units?all=true").await;
    assert_eq!(units["units"], json!([]), "a dry run writes nothing");

    load_all(&app).await;
    // The staff file again, in CP932, with one change.
    let changed = STAFF.replace("主任,社会福祉士", "係長,社会福祉士");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&changed);
    let (s, v) = app
        .post_bytes("/api/v1/imports/staff", sjis.into_owned())
        .await;
    assert_eq!(
        (s, v["summary"].clone()),
        (200, json!({"created": 0, "updated": 1, "unchanged": 2}))
    );

    let (_, m) = app.get_json("/api/v1/staff/00123").await;
    assert_eq!(m["staff"]["name"], "髙橋 太郎");
    assert_eq!(m["staff"]["job_grade"], "kakaricho");
    assert_eq!(m["staff"]["hire_date"], "2003-04-01");
    assert_eq!(m["assignments"].as_array().map(Vec::len), Some(2));
    let (_, m) = app.get_json("/api/v1/staff/00125").await;
    assert_eq!(
        (
            m["staff"]["leaving_date"].clone(),
            m["staff"]["leaving_reason"].clone()
        ),
        (json!("2019-05-31"), json!("early_retirement"))
    );
}

#[tokio::test]
async fn a_bad_file_is_refused_whole_with_every_problem_placed() {
    let app = TestApp::spawn().await;
    load_all(&app).await;
    let bad = "職員番号,組織コード,役職,開始日,終了日,区分
00123,K02,,2020-04-01,,本務
00999,K01,,2020-04-01,,本務
00124,K09,,2020-04-01,,本務
00124,K01,,平成32年4月1日,,本務
00125,K01,,1980-04-01,1980-12-31,本務
";
    let (s, v) = app
        .post_bytes("/api/v1/imports/assignments", bad.as_bytes().to_vec())
        .await;
    assert_eq!(
        (s, v["error"]["code"].clone()),
        (422, json!("import_invalid"))
    );
    let problems: Vec<(u64, u64, String)> = v["error"]["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["row"].as_u64().unwrap_or(0),
                p["col"].as_u64().unwrap_or(0),
                p["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    // The era date that never existed is found while reading: reading stops there.
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!((problems[0].0, problems[0].1), (5, 4));
    assert!(problems[0].2.contains("存在しない和暦"));

    let bad = bad.replace("平成32年4月1日", "2020-05-01");
    let (s, v) = app
        .post_bytes("/api/v1/imports/assignments", bad.into_bytes())
        .await;
    assert_eq!(s, 422);
    let msgs: Vec<String> = v["error"]["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            format!(
                "{}:{}: {}",
                p["row"],
                p["col"],
                p["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    let all = msgs.join("\n");
    assert!(
        all.contains("2:4: 職員 00123 の主たる配属が重なっています"),
        "{all}"
    );
    // The records it names are named in each language.
    let overlap = v["error"]["problems"]
        .as_array()
        .and_then(|p| {
            p.iter()
                .find(|p| p["code"] == "people_assignment_overlap")
                .cloned()
        })
        .unwrap_or_default();
    assert!(
        overlap["message"]
            .as_str()
            .is_some_and(|m| m.contains("登録済みの配属") || m.contains("行目")),
        "{overlap}"
    );
    assert!(
        overlap["message_en"]
            .as_str()
            .is_some_and(|m| !m.contains("行目") && !m.contains("登録済み")),
        "{overlap}"
    );
    assert!(
        all.contains("3:1: 職員番号「00999」の職員が登録されていません"),
        "{all}"
    );
    assert!(
        all.contains("4:2: 組織コード「K09」は登録されていません"),
        "{all}"
    );
    assert!(
        all.contains("6:4: 開始日 1980-04-01 が職員 00125 の採用日 1983-04-01 より前です"),
        "{all}"
    );
    assert!(all.contains("5:4: 職員 00124 の主たる配属が重なっています: 4行目（2020-04-01〜）と 5行目（2020-05-01〜）"), "{all}");
    let (_, m) = app.get_json("/api/v1/staff/00123").await;
    assert_eq!(
        m["assignments"].as_array().map(Vec::len),
        Some(2),
        "nothing was written"
    );

    let (s, v) = app
        .post_bytes("/api/v1/imports/staff", b"\x82\x20abc".to_vec())
        .await;
    assert_eq!(s, 422);
    assert!(
        v["error"]["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("0 バイト目")),
        "{v}"
    );
    let (s, _) = app.post_bytes("/api/v1/imports/pets", b"a".to_vec()).await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn staff_search_is_width_and_kana_insensitive_and_sorted_by_reading() {
    let app = TestApp::spawn().await;
    load_all(&app).await;
    for q in ["ﾀｶﾊｼ", "たかはし", "タカハシ", "髙橋", "00123"] {
        let (_, v) = app
            .get_json(&format!("/api/v1/staff?q={}", urlencode(q)))
            .await;
        assert_eq!(v["total"], 1, "{q}");
        assert_eq!(v["staff"][0]["number"], "00123", "{q}");
    }
    let (_, v) = app.get_json("/api/v1/staff").await;
    let kana: Vec<&str> = v["staff"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["kana"].as_str())
        .collect();
    assert_eq!(
        kana,
        ["カンダ マコト", "タカハシ タロウ", "ヤマサキ ハナコ"]
    );
    // 00123 was in 市民課 (K02) until 2014-03-31.
    let (_, v) = app.get_json("/api/v1/staff?unit=K02&on=H25.4.1").await;
    assert_eq!(
        v["staff"]
            .as_array()
            .map(|a| a.iter().map(|s| s["number"].clone()).collect::<Vec<_>>()),
        Some(vec![json!("00123")])
    );
    let (_, v) = app.get_json("/api/v1/staff?unit=K02&on=2015-04-01").await;
    assert_eq!(v["total"], 0);
    let (_, v) = app
        .get_json("/api/v1/staff?employment_type=skilled_labour")
        .await;
    assert_eq!(v["total"], 1);
    let (s, _) = app.get_json("/api/v1/staff?on=平成32年1月1日").await;
    assert_eq!(s, 400);
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[tokio::test]
async fn organisation_as_of_a_date_and_unit_history() {
    let app = TestApp::spawn().await;
    load_all(&app).await;
    let names = |v: &Value| -> Vec<String> {
        v["units"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|u| u["name"].as_str().map(str::to_owned))
            .collect()
    };
    let (_, before) = app.get_json("/api/v1/units?on=2015-03-31").await;
    let (_, after) = app.get_json("/api/v1/units?on=R1.5.1").await;
    assert!(
        names(&before).contains(&"職員課".to_owned())
            && !names(&before).contains(&"人事課".to_owned())
    );
    assert!(
        names(&after).contains(&"人事課".to_owned())
            && !names(&after).contains(&"職員課".to_owned())
    );
    let (_, k01) = app.get_json("/api/v1/units/K01?on=2016-04-01").await;
    assert_eq!(k01["versions"].as_array().map(Vec::len), Some(2));
    assert_eq!(k01["members"].as_array().map(Vec::len), Some(2));

    let (s, page) = app.get_text("/units/K01?on=2016-04-01").await;
    assert_eq!(s, 200);
    assert!(
        page.contains("職員課")
            && page.contains("人事課")
            && page.contains("髙橋 太郎")
            && page.contains("山﨑 花子")
    );
    let (_, tree) = app.get_text("/units?on=H24.4.1").await;
    assert!(tree.contains("総務部") && tree.contains("職員課") && tree.contains("平成24年4月1日"));
    let (_, staff) = app.get_text("/staff/00123").await;
    assert!(
        staff.contains("市民課")
            && staff.contains("窓口")
            && staff.contains("2003-04-01（平成15年4月1日）")
    );
    let (_, list) = app
        .get_text("/staff?q=%EF%BE%80%EF%BD%B6%EF%BE%8A%EF%BD%BC")
        .await;
    assert!(list.contains("髙橋 太郎") && !list.contains("山﨑 花子"));
}

#[tokio::test]
async fn the_sample_city_loads_and_pages_through() {
    let app = TestApp::with_people().await;
    let (_, v) = app.get_json("/api/v1/staff?limit=1000&on=2015-04-01").await;
    assert_eq!(
        v["total"].as_i64().map(|t| t > 300),
        Some(true),
        "{}",
        v["total"]
    );
    let (s, page2) = app.get_text("/staff?page=2").await;
    assert_eq!(s, 200);
    assert!(page2.contains("rel=\"prev\""));
    let (_, merged) = app.get_json("/api/v1/units/K0410?on=2013-04-01").await;
    assert!(
        merged["members"].as_array().is_some_and(|m| !m.is_empty()),
        "staff moved into the merged unit"
    );
}

#[tokio::test]
async fn hr_files_are_uploaded_from_the_browser() {
    let app = TestApp::spawn().await;
    let form = |kind: &str, body: &str| {
        reqwest::multipart::Form::new()
            .text("kind", kind.to_owned())
            .text("encoding", "auto")
            .part(
                "file",
                reqwest::multipart::Part::bytes(body.as_bytes().to_vec()).file_name("職員.csv"),
            )
    };
    let res = app
        .client
        .post(app.url("/import"))
        .multipart(form("staff", &STAFF.replace("一般職", "正社員")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("職員.csv:2:8: 「正社員」は"), "{html}");
    let res = app
        .client
        .post(app.url("/import"))
        .multipart(form("staff", STAFF))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.text().await.unwrap().contains("新規 3"));
}

#[tokio::test]
async fn cli_import_export_round_trip_on_the_configured_database() {
    use std::process::Command;
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_jinzai"))
            .args(args)
            .env("JINZAI_DATABASE_URL", &db.url)
            .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
            .env("JINZAI_LOG", "error")
            .output()
            .unwrap()
    };
    let gen_dir = dir.path().join("gen");
    let out = run(&[
        "generate",
        "--staff",
        "200",
        "--seed",
        "5",
        "--out",
        gen_dir.to_str().unwrap(),
    ]);
    assert_success(&out);
    for kind in [
        "units",
        "staff",
        "assignments",
        "events",
        "courses",
        "sessions",
        "participations",
        "ojt_plans",
        "self_development",
        "training_needs",
        "specialist_designations",
        "child_births",
        "family_leaves",
        "annual_pay",
    ] {
        let file = gen_dir.join(format!("{kind}.csv"));
        let out = run(&["import", kind, file.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("0 updated, 0 unchanged"));
    }
    for (kind, enc, format) in [
        ("staff", "cp932", "csv"),
        ("assignments", "utf-8", "xlsx"),
        ("units", "utf-8", "csv"),
        ("courses", "cp932", "csv"),
        ("sessions", "utf-8", "xlsx"),
        ("participations", "cp932", "csv"),
        ("ojt_plans", "utf-8", "csv"),
        ("self_development", "utf-8", "xlsx"),
        ("child_births", "utf-8", "csv"),
        ("family_leaves", "cp932", "csv"),
        ("annual_pay", "utf-8", "xlsx"),
    ] {
        let file = dir.path().join(format!("{kind}.{format}"));
        let out = run(&[
            "export",
            kind,
            "--format",
            format,
            "--encoding",
            enc,
            "-o",
            file.to_str().unwrap(),
        ]);
        assert_success(&out);
        let out = run(&["import", kind, file.to_str().unwrap()]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(" 0 created, 0 updated,"),
            "{kind} round trip: {text}"
        );
    }
    // The needs survey is taken whole: importing a year again replaces it.
    let needs = dir.path().join("needs.csv");
    let out = run(&["export", "training_needs", "-o", needs.to_str().unwrap()]);
    assert!(out.status.success());
    let out = run(&["import", "training_needs", needs.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    let created = text
        .split(" created")
        .next()
        .and_then(|t| t.rsplit(' ').next())
        .unwrap();
    assert!(
        text.contains(&format!("{created} created, {created} updated")) && created != "0",
        "{text}"
    );
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "職員番号,組織コード,開始日\n100001,K9999,2010-04-01\n",
    )
    .unwrap();
    let out = run(&["import", "assignments", bad.to_str().unwrap(), "--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}:2:2: 組織コード「K9999」は登録されていません",
            bad.display()
        )),
        "{err}"
    );
    assert!(err.contains("nothing was written"));

    // Every write above is in the audit log, as the command line's.
    let out = run(&["audit", "verify"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    // The seal (the first command keyed the new database), 14
    // generated-file imports, 11 round-trip imports and the needs survey
    // again; not the dry run.
    assert!(
        text.contains("audit log intact: 27 entries verified"),
        "{text}"
    );
    let store = jinzai_store::Store::connect(&db.url).await.unwrap();
    let (entries, _) = store
        .audit_entries(&jinzai_store::AuditQuery {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        entries
            .iter()
            .all(|e| e.actor.starts_with("cli:") && e.action == "import")
    );
    assert_eq!(entries[0].record_type, "training_needs", "the newest first");
}

#[tokio::test]
async fn the_rotation_view_counts_classes_long_stays_and_specialists() {
    let app = TestApp::spawn().await;
    load_all(&app).await;
    // 00123: 市民課 (窓口) 2011–2013, then 職員課/人事課 (管理). 00124: 職員課 only (兼務 does not count).
    let (s, v) = app
        .get_json("/api/v1/rotation?year=2016&window=15&long_stay=5")
        .await;
    assert_eq!(s, 200, "{v}");
    let r = &v["report"];
    let in_window: Vec<&str> = r["in_window"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["number"].as_str())
        .collect();
    assert_eq!(
        in_window,
        ["00123", "00124"],
        "regular staff within 15 fiscal years of hire, in kana order"
    );
    let t = &r["in_window"][0];
    assert_eq!(
        t["days"],
        json!([1096, 0, 1096]),
        "three years each at the front desk and in administration by 2017-03-31"
    );
    assert_eq!(t["years_of_service"], 14);
    assert_eq!(
        r["long_stay"]
            .as_array()
            .map(|l| l.iter().map(|s| s["number"].clone()).collect::<Vec<_>>()),
        Some(vec![json!("00124")])
    );
    let counts = v["counts"].as_array().cloned().unwrap_or_default();
    let fy2016 = counts
        .iter()
        .find(|c| c["fiscal_year"] == 2016)
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            fy2016["in_window"].clone(),
            fy2016["covered_all"].clone(),
            fy2016["long_stay"].clone()
        ),
        (json!(2), json!(0), json!(1))
    );
    let (_, v) = app.get_json("/api/v1/rotation?year=2017&window=15").await;
    let closing: Vec<&str> = v["report"]["window_closing_incomplete"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["number"].as_str())
        .collect();
    assert_eq!(
        closing,
        ["00123"],
        "hired FY2003, FY2017 is the 15th year and 事業 is still missing"
    );
    let (s, html) = app.get_text("/rotation?year=2017").await;
    assert_eq!(s, 200);
    assert!(html.contains("髙橋 太郎") && html.contains("事業"));
    let (s, _) = app.get_json("/api/v1/rotation?year=abc").await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn personnel_events_are_imported_counted_and_shown() {
    let app = TestApp::spawn().await;
    load_all(&app).await;
    let events = "職員番号,種別,発令日,終了日,希望,相手先区分,相手先,発令前職層,発令後職層,備考
00123,人事交流（派遣）,H24.4.1,H26.3.31,,東京都,東京都総務局,,,
00124,人事交流（派遣）,2013/4/1,2014/3/31,,一部事務組合,○○衛生組合,,,
00124,降任,R2.4.1,,希望,,,係長,主任,健康上の理由
00125,定年前早期退職,令和元年5月31日,,,,,,,
";
    let (s, v) = app
        .post_bytes("/api/v1/imports/events", events.as_bytes().to_vec())
        .await;
    assert_eq!((s, v["summary"]["created"].clone()), (200, json!(4)), "{v}");
    let (_, fy2012) = app
        .get_json("/api/v1/events?kind=exchange_out&year=2012")
        .await;
    assert_eq!(fy2012["count"], 1);
    let (_, fy2013) = app
        .get_json("/api/v1/events?kind=人事交流（派遣）&year=2013")
        .await;
    assert_eq!(fy2013["count"], 2, "the 2012 exchange runs to 2014-03-31");
    let (_, voluntary) = app.get_json("/api/v1/events?kind=demotion").await;
    assert_eq!(voluntary["events"][0]["voluntary"], true);
    let (s, _) = app.get_json("/api/v1/events?kind=party").await;
    assert_eq!(s, 400);

    let (_, html) = app.get_text("/staff/00124").await;
    assert!(
        html.contains("降任")
            && html.contains("係長 → 主任")
            && html.contains("希望")
            && html.contains("○○衛生組合"),
        "{html}"
    );

    let bad = "職員番号,種別,発令日,相手先
00123,人事交流（受入）,2015-04-01,
00999,昇任,2015-04-01,
";
    let (s, v) = app
        .post_bytes("/api/v1/imports/events", bad.as_bytes().to_vec())
        .await;
    assert_eq!(s, 422);
    let places: Vec<(u64, u64)> = v["error"]["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["row"].as_u64().unwrap_or(0),
                p["col"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        places,
        [(2, 4), (3, 1)],
        "partner missing; promotion needs a grade is reported at its column too: {v}"
    );
}

#[tokio::test]
async fn bulk_written_assignments_keep_every_character() {
    // PostgreSQL takes new assignments by COPY, SQLite by multi-row INSERT:
    // text COPY would misread a tab, a line break or a backslash unescaped.
    let app = TestApp::spawn().await;
    let city = jinzai::generate::generate(40, 3, 2015, 3);
    let o = jinzai_store::ImportOptions::default();
    app.store.import_units(&city.units, o).await.unwrap();
    app.store.import_staff(&city.staff, o).await.unwrap();
    let mut list = city.assignments.clone();
    list[0].post = Some("係長\t(兼)\\庶務\n担当\r".to_owned());
    list[1].post = Some("\\N".to_owned());
    let s = app.store.import_assignments(&list, &[], o).await.unwrap();
    assert_eq!(s.created, list.len());
    let mut stored = app.store.all_assignments().await.unwrap();
    let key = |a: &jinzai_domain::people::assignment::Assignment| {
        (
            a.staff_number.clone(),
            a.start,
            !a.primary,
            a.unit_code.clone(),
        )
    };
    stored.sort_by_key(key);
    list.sort_by_key(key);
    assert_eq!(stored, list);
}

#[tokio::test]
async fn import_problems_read_in_english_through_the_api_the_upload_page_and_the_cli() {
    let app = TestApp::spawn().await;
    load_all(&app).await;
    let bad = "職員番号,組織コード,役職,開始日,終了日,区分
00999,K01,,2020-04-01,,本務
00124,K09,,2020-04-01,,主
00124,K01,,平成32年4月1日,,本務
";
    let (s, v) = app
        .post_bytes("/api/v1/imports/assignments", bad.as_bytes().to_vec())
        .await;
    assert_eq!(s, 422);
    let first = &v["error"]["problems"][0];
    assert_eq!(
        (first["row"].clone(), first["col"].clone()),
        (json!(4), json!(4))
    );
    assert_eq!(first["code"], "date_era_ended");
    assert!(
        first["message"]
            .as_str()
            .is_some_and(|m| m.contains("平成は2019年4月30日（平成31年4月30日）に終わりました")),
        "{first}"
    );
    assert_eq!(
        first["message_en"],
        "\"平成32年4月1日\" is not a Japanese-era date: Heisei ended on 2019-04-30 (平成31年4月30日)"
    );

    // Checked against what is stored: every problem in the reader's words.
    let bad = bad.replace("平成32年4月1日", "2020-05-01");
    let (_, v) = app
        .post_bytes("/api/v1/imports/assignments", bad.clone().into_bytes())
        .await;
    let english: Vec<String> = v["error"]["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            format!(
                "{}:{}: {}",
                p["row"],
                p["col"],
                p["message_en"].as_str().unwrap_or("")
            )
        })
        .collect();
    let all = english.join("\n");
    assert!(
        all.contains("2:1: no staff member numbered \"00999\""),
        "{all}"
    );
    assert!(all.contains("3:2: no unit coded \"K09\""), "{all}");
    assert!(
        !all.contains('「'),
        "no Japanese sentence in English: {all}"
    );

    // The upload page speaks the reader's language.
    let form = reqwest::multipart::Form::new()
        .text("kind", "assignments")
        .part(
            "file",
            reqwest::multipart::Part::bytes(bad.clone().into_bytes()).file_name("bad.csv"),
        );
    let html = text_of(
        app.client
            .post(app.url("/import"))
            .header("cookie", "lang=en")
            .multipart(form),
    )
    .await;
    assert!(
        html.contains("bad.csv:3:2: no unit coded &#34;K09&#34;"),
        "{html:.3000}"
    );

    // The command line: Japanese unless JINZAI_LANG=en.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, &bad).unwrap();
    let run = |lang: Option<&str>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"));
        cmd.args(["import", "assignments", file.to_str().unwrap_or_default()])
            .env("JINZAI_DATABASE_URL", app.database_url())
            .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
            .env("JINZAI_LOG", "error");
        match lang {
            Some(l) => cmd.env("JINZAI_LANG", l),
            None => cmd.env_remove("JINZAI_LANG"),
        };
        String::from_utf8_lossy(&cmd.output().unwrap().stderr).into_owned()
    };
    let en = run(Some("en"));
    assert!(en.contains("bad.csv:3:2: no unit coded \"K09\""), "{en}");
    let ja = run(None);
    assert!(
        ja.contains("bad.csv:3:2: 組織コード「K09」は登録されていません"),
        "{ja}"
    );
}

#[tokio::test]
async fn the_cli_rotation_report_is_the_apis_use_case() {
    let app = TestApp::spawn().await;
    load_all(&app).await;
    let (_, v) = app
        .get_json("/api/v1/rotation?year=2016&window=15&long_stay=5")
        .await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"))
        .args([
            "rotation",
            "--year",
            "2016",
            "--window",
            "15",
            "--long-stay",
            "5",
            "--json",
        ])
        .env("JINZAI_DATABASE_URL", app.database_url())
        .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
        .env("JINZAI_LOG", "error")
        .output()
        .unwrap();
    assert_success(&out);
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cli, v["report"], "the CLI prints the report the API gives");
    // A year nobody could mean is refused in words, not computed.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"))
        .args(["rotation", "--year", "3000"])
        .env("JINZAI_DATABASE_URL", app.database_url())
        .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
        .env("JINZAI_LOG", "error")
        .env("JINZAI_LANG", "en")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("fiscal year 3000 is not plausible"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn staff_numbers_and_unit_codes_are_read_once_whatever_their_width() {
    let app = TestApp::spawn().await;
    load_all(&app).await;
    // A full-width number and unit code in a file are the same keys as
    // half-width ones: the person is found by 00200, the assignment is K02's.
    let staff = "職員番号,氏名,フリガナ,採用日,採用区分,任用形態,在職状況\n\
                 ００２００,佐藤 一,サトウ ハジメ,2020-04-01,新卒,一般職,在職\n";
    let (s, v) = app
        .post_bytes("/api/v1/imports/staff", staff.as_bytes().to_vec())
        .await;
    assert_eq!(s, 200, "{v}");
    let assignment = "職員番号,組織コード,開始日\n００２００,Ｋ０２,2020-04-01\n";
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/assignments",
            assignment.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (s, m) = app.get_json("/api/v1/staff/00200").await;
    assert_eq!(s, 200, "{m}");
    assert_eq!(m["staff"]["number"], "00200");
    assert_eq!(m["assignments"][0]["unit_code"], "K02", "{m}");

    // A key that breaks its rule is named at its cell; nothing is written.
    let units = "組織コード,組織名,組織名カナ,上位組織コード,部門区分,開始日\n\
                 K03,企画課,キカクカ,B01,管理,2020-04-01\n\
                 K 04,財政課,ザイセイカ,B01,管理,2020-04-01\n";
    let (s, v) = app
        .post_bytes("/api/v1/imports/units", units.as_bytes().to_vec())
        .await;
    assert_eq!(s, 422, "{v}");
    let p = &v["error"]["problems"][0];
    assert_eq!((p["row"].clone(), p["col"].clone()), (json!(3), json!(1)));
    assert!(
        p["message"].as_str().is_some_and(|m| m.contains("K 04")),
        "{v}"
    );
    let (_, u) = app.get_json("/api/v1/units?all=true").await;
    assert!(!u.to_string().contains("K03"), "all or nothing: {u}");

    // Through the API the shape is the schema's: a bad number is a 422
    // naming the field before any use case runs.
    let (s, v) = app
        .post_json(
            "/api/v1/self-development",
            &json!({"staff_number": "00 200", "kind": "qualification", "title": "簿記", "applied": "2024-05-01"}),
        )
        .await;
    assert_eq!(
        (s, v["error"]["code"].clone()),
        (422, json!("validation_failed")),
        "{v}"
    );
    assert_eq!(v["error"]["fields"][0]["field"], "staff_number", "{v}");
    // A full-width number in JSON is the same person.
    let (s, v) = app
        .post_json(
            "/api/v1/self-development",
            &json!({"staff_number": "００２００", "kind": "qualification", "title": "簿記", "applied": "2024-05-01"}),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let (_, list) = app.get_json("/api/v1/self-development?year=2024").await;
    assert!(list.to_string().contains("\"00200\""), "{list}");
}

/// The value and denominator of a computed indicator line in a year.
async fn line_of(app: &TestApp, node: &str, line: i64, fy: i32) -> (f64, Option<u64>) {
    let (_, v) = app
        .get_json(&format!("/api/v1/plans/kiyose-2011/nodes/{node}/indicator"))
        .await;
    let y = v["years"]
        .as_array()
        .and_then(|ys| {
            ys.iter()
                .find(|y| y["fiscal_year"] == fy && y["line"] == line)
        })
        .unwrap_or_else(|| panic!("{node} FY{fy}: {v}"));
    (
        y["value"].as_f64().unwrap_or(-1.0),
        y["per"]["value"].as_u64(),
    )
}

#[tokio::test]
async fn indicators_count_each_person_in_the_grade_and_type_in_force_that_year() {
    let app = TestApp::with_plan().await;
    load_all(&app).await;
    // 00123 was 主任 until promoted 係長 on 1 April 2012; 00124 was 係長
    // until demoted 主任 on 1 April 2013 (at their request).
    let events = "職員番号,種別,発令日,終了日,希望,相手先区分,相手先,発令前職層,発令後職層,備考
00123,昇任,H24.4.1,,,,,主任,係長,
00124,降任,H25.4.1,,希望,,,係長,主任,
";
    let (s, v) = app
        .post_bytes("/api/v1/imports/events", events.as_bytes().to_vec())
        .await;
    assert_eq!(s, 200, "{v}");
    // 00126 joined as 会計年度任用職員 and became 一般職 on 1 April 2013:
    // the staff sheet of that day says so, with its 基準日.
    let new_hire = "00126,佐藤 一,サトウ ハジメ,男性,,H23.4.1,新卒,会計年度任用職員,,,在職,,\n";
    // The old sheet still says 00123 is 主任: refused at that cell, as at
    // odds with the promotion, and nothing is written.
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/staff",
            format!("{STAFF}{new_hire}").into_bytes(),
        )
        .await;
    assert_eq!(s, 422, "{v}");
    let p = &v["error"]["problems"];
    assert_eq!(
        (p[0]["row"].clone(), p[0]["col"].clone()),
        (json!(2), json!(9)),
        "{v}"
    );
    assert!(
        p[0]["message"].as_str().unwrap().contains("2012-04-01"),
        "{v}"
    );
    assert_eq!(
        p.as_array().map(Vec::len),
        Some(2),
        "00124's demotion too: {v}"
    );
    let (s, _) = app.get_json("/api/v1/staff/00126").await;
    assert_eq!(s, 404, "nothing written");
    // Today's sheet agrees with the events.
    let hired = format!(
        "{}{new_hire}",
        STAFF
            .replace("新卒,一般職,主任,", "新卒,一般職,係長,")
            .replace("一般職,係長,,", "一般職,主任,,")
    );
    let (s, v) = app
        .post_bytes("/api/v1/imports/staff", hired.as_bytes().to_vec())
        .await;
    assert_eq!(
        (s, v["summary"].clone()),
        (200, json!({"created": 1, "updated": 0, "unchanged": 3})),
        "{v}"
    );
    let converted = hired.replace("新卒,会計年度任用職員,,", "新卒,一般職,主事,");
    let (s, v) = app
        .post_bytes(
            "/api/v1/imports/staff?as_of=平成25年4月1日",
            converted.into_bytes(),
        )
        .await;
    assert_eq!((s, v["summary"]["updated"].clone()), (200, json!(1)), "{v}");
    let (_, m) = app.get_json("/api/v1/staff/00123").await;
    let grades: Vec<(String, String)> = m["grades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["from"].as_str().unwrap().to_owned(),
                g["job_grade"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        grades,
        [
            ("2003-04-01".to_owned(), "shunin".to_owned()),
            ("2012-04-01".to_owned(), "kakaricho".to_owned())
        ],
        "{m}"
    );
    assert_eq!(
        m["staff"]["job_grade"], "kakaricho",
        "the record keeps the last grade"
    );
    let (_, m) = app.get_json("/api/v1/staff/00126").await;
    assert_eq!(m["grades"][0]["employment_type"], "fiscal_year");
    assert_eq!(m["grades"][0]["until"], "2013-04-01");
    assert_eq!(m["grades"][1]["employment_type"], "regular");
    assert_eq!(m["grades"][1]["source"], "staff");
    // The staff list on a past date shows the grade then.
    let (_, l) = app
        .get_json("/api/v1/staff?on=2011-06-01&job_grade=kakaricho")
        .await;
    let numbers: Vec<&str> = l["staff"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["number"].as_str())
        .collect();
    assert_eq!(numbers, ["00124"], "{l}");

    // Each took evaluator training in the autumn of FY2011, FY2012 and
    // FY2013, and 00126 web training in FY2012 and FY2013.
    let courses = "研修コード,研修名,研修区分,分野\nE01,評価者研修,庁内研修,evaluator\nW01,ホームページ作成研修,庁内研修,web\n";
    let mut sessions = "研修コード,開始日\n".to_owned();
    let mut roster = "職員番号,研修コード,開始日,受講状況\n".to_owned();
    for fy in 2011..=2013 {
        sessions.push_str(&format!("E01,{fy}-10-01\nW01,{fy}-11-01\n"));
        for n in ["00123", "00124"] {
            roster.push_str(&format!("{n},E01,{fy}-10-01,修了\n"));
        }
        if fy >= 2012 {
            roster.push_str(&format!("00126,W01,{fy}-11-01,修了\n"));
        }
    }
    for (kind, body) in [
        ("courses", courses.to_owned()),
        ("sessions", sessions),
        ("participations", roster),
    ] {
        let (s, v) = app
            .post_bytes(&format!("/api/v1/imports/{kind}"), body.into_bytes())
            .await;
        assert_eq!(s, 200, "{kind}: {v}");
    }
    // 1-1-2: evaluators (係長 and above in force) who took evaluator
    // training, over evaluators in service on 1 April.
    assert_eq!(
        line_of(&app, "1-1-2", 1, 2011).await,
        (100.0, Some(1)),
        "FY2011: only 00124 was 係長"
    );
    assert_eq!(
        line_of(&app, "1-1-2", 1, 2012).await,
        (100.0, Some(2)),
        "FY2012: both"
    );
    assert_eq!(
        line_of(&app, "1-1-2", 1, 2013).await,
        (100.0, Some(1)),
        "FY2013: 00124 demoted"
    );
    // 3-4-2: 会計年度任用職員 who took web training: 00126 in FY2012 only.
    assert_eq!(line_of(&app, "3-4-2", 1, 2012).await.0, 1.0);
    assert_eq!(line_of(&app, "3-4-2", 1, 2013).await.0, 0.0);
}
