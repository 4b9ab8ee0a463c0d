//! Server-rendered pages: Japanese first, English on request, the progress
//! form with errors beside fields, print and download, headers.

use crate::support::{PLAN, TestApp};

#[tokio::test]
async fn every_page_renders_in_japanese_with_wareki_and_seireki() {
    let app = TestApp::with_demo().await;
    for path in [
        "/plans".to_owned(),
        format!("/plans/{PLAN}"),
        format!("/plans/{PLAN}/nodes/1"),
        format!("/plans/{PLAN}/nodes/3-5-2"),
        format!("/plans/{PLAN}/nodes/3-5-2/progress/2013"),
        format!("/plans/{PLAN}/dashboard"),
        format!("/plans/{PLAN}/dashboard?year=2011"),
        format!("/plans/{PLAN}/report"),
        format!("/plans/{PLAN}/report?year=2012"),
        format!("/plans/{PLAN}/versions"),
    ] {
        let (s, html) = app.get_text(&path).await;
        assert_eq!(s, 200, "{path}");
        assert!(html.contains("<html lang=\"ja\">"), "{path}");
        assert!(
            !html.contains("<script>") && !html.contains("style=\""),
            "{path}: inline script or style"
        );
    }
    let (_, tree) = app.get_text(&format!("/plans/{PLAN}")).await;
    assert!(tree.contains("平成23年度 (2011)") && tree.contains("平成25年度 (2013)"));
    assert!(tree.contains("計画に記載なし"));
    assert!(tree.contains("サンプル"), "sample data is flagged");
    assert!(tree.contains("確定済"), "the demo's first year is locked");
    assert_eq!(tree.matches("class=\"depth-2 measure\"").count(), 34);

    let (_, dash) = app
        .get_text(&format!("/plans/{PLAN}/dashboard?year=2012"))
        .await;
    assert!(
        dash.contains("<svg")
            && dash.contains("柱ごとの評価")
            && dash.contains(">1 人事制度の確立</text>")
    );
    assert!(
        dash.contains("2-2-2 チームワークの強化"),
        "not-assessed list"
    );

    let (s, _) = app
        .get_text(&format!("/plans/{PLAN}/dashboard?year=2020"))
        .await;
    assert_eq!(s, 400);
    let (s, html) = app.get_text(&format!("/plans/{PLAN}/nodes/nope")).await;
    assert_eq!(s, 404);
    assert!(html.contains("nope"));
}

#[tokio::test]
async fn the_english_switch_keeps_the_page_and_sets_a_cookie() {
    let app = TestApp::with_demo().await;
    let res = app.get(&format!("/lang/en?back=/plans/{PLAN}")).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], format!("/plans/{PLAN}"));
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert!(cookie.starts_with("lang=en") && cookie.contains("SameSite=Strict"));
    let html = app
        .client
        .get(app.url(&format!("/plans/{PLAN}")))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .text()
        .await
        .unwrap_or_default();
    assert!(
        html.contains("<html lang=\"en\">")
            && html.contains("Plan tree")
            && html.contains("FY2011 (Heisei 23)")
    );
    // No open redirect.
    let res = app.get("/lang/ja?back=//evil.example/").await;
    assert_eq!(res.headers()["location"], "/");
}

#[tokio::test]
async fn the_progress_form_shows_errors_beside_fields_and_saves_nothing() {
    let app = TestApp::with_demo().await;
    let path = format!("/plans/{PLAN}/nodes/3-5-2/progress/2013");
    let res = app
        .post_form(
            &path,
            &[
                ("status", ""),
                ("actual_value", "たくさん"),
                ("author", ""),
                ("base_revision", "0"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap_or_default();
    assert!(html.contains("保存されていません"));
    assert!(html.contains("id=\"e-status\"") && html.contains("進捗状況を選択してください"));
    assert!(
        html.contains("id=\"e-actual_value\"")
            && html.contains("実績値「たくさん」は数値ではありません")
    );
    assert!(
        !html.contains("name=\"author\"") && html.contains("hr-test テスト"),
        "記入者 is the signed-in account, not typed"
    );
    assert!(
        html.contains("value=\"たくさん\""),
        "what was typed is kept"
    );
    let (_, cell) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/3-5-2/progress/2013"))
        .await;
    let before = cell["history"].as_array().map_or(0, Vec::len);

    let res = app
        .post_form(
            &path,
            &[
                ("status", "done"),
                ("actual_value", "171"),
                ("achievements", "研修所派遣を拡充"),
                ("author", "職員課 﨑山"),
                ("base_revision", "0"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let back = format!("/plans/{PLAN}/nodes/3-5-2/progress/2013?done=save");
    assert_eq!(res.headers()["location"], back.as_str());
    let (_, form) = app.get_text(&back).await;
    assert!(form.contains("保存しました"), "the success message shows");
    let (_, page) = app.get_text(&format!("/plans/{PLAN}/nodes/3-5-2")).await;
    assert!(
        page.contains("171名") && page.contains("106.9%") && page.contains("hr-test テスト"),
        "{page}"
    );
    let (_, cell) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/3-5-2/progress/2013"))
        .await;
    assert_eq!(cell["history"].as_array().map_or(0, Vec::len), before + 1);
    let (_, report) = app
        .get_text(&format!("/plans/{PLAN}/report?year=2013"))
        .await;
    assert!(report.contains("研修所派遣を拡充"));
}

#[tokio::test]
async fn a_locked_year_cannot_be_edited_from_the_form() {
    let app = TestApp::with_demo().await;
    let (_, form) = app
        .get_text(&format!("/plans/{PLAN}/nodes/1-1-1/progress/2011"))
        .await;
    assert!(
        form.contains("人事担当により確定されています") && form.contains("<fieldset disabled>")
    );
    let res = app
        .post_form(
            &format!("/plans/{PLAN}/nodes/1-1-1/progress/2011"),
            &[("status", "done"), ("author", "x")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 409);
    assert!(
        res.text()
            .await
            .unwrap_or_default()
            .contains("ロックを解除")
    );

    // The year is published: it stays locked until it is withdrawn.
    let res = app
        .post_form(&format!("/plans/{PLAN}/years/2011/unlock"), &[])
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(
        res.text()
            .await
            .unwrap_or_default()
            .contains("公開中のため、ロックを解除できません")
    );
    let res = app
        .post_form(&format!("/plans/{PLAN}/years/2011/unpublish"), &[])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let res = app
        .post_form(&format!("/plans/{PLAN}/years/2011/unlock"), &[])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let res = app
        .post_form(
            &format!("/plans/{PLAN}/nodes/1-1-1/progress/2011"),
            &[("status", "done"), ("author", "x")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    // Left empty, the lock is signed by the signed-in person.
    let res = app
        .post_form(&format!("/plans/{PLAN}/years/2012/lock"), &[("by", "")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let res = app
        .post_form(
            &format!("/plans/{PLAN}/years/2013/lock"),
            &[("by", "人事課長")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, report) = app.get_text(&format!("/plans/{PLAN}/report")).await;
    assert!(report.contains("人事課長"));
    assert!(report.contains("hr-test テスト"));
}

#[tokio::test]
async fn report_page_prints_and_offers_downloads() {
    let app = TestApp::with_demo().await;
    let (_, html) = app.get_text(&format!("/plans/{PLAN}/report")).await;
    for link in ["format=xlsx", "format=csv", "encoding=cp932", "format=json"] {
        assert!(html.contains(link), "{link}");
    }
    let css = app
        .get("/assets/app.css")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(css.contains("size: A4 landscape"));
    let res = app
        .get(&format!(
            "/plans/{PLAN}/report/download?format=csv&encoding=cp932"
        ))
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let bytes = res.bytes().await.unwrap_or_default();
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad && text.contains("女性係長･管理職試験受験者"));
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = TestApp::spawn().await;
    let res = app.get("/plans").await;
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let (_, html) = app.get_text("/plans").await;
    assert!(html.contains("jinzai plan import"));
}

#[tokio::test]
async fn a_plan_file_is_checked_and_imported_from_the_browser() {
    use crate::support::KIYOSE;
    let app = TestApp::spawn().await;
    let (s, html) = app.get_text("/plans/import").await;
    assert!(s == 200 && html.contains("enctype=\"multipart/form-data\""));
    let upload = |content: &str, by: &str, action: &str| {
        reqwest::multipart::Form::new()
            .part(
                "file",
                reqwest::multipart::Part::text(content.to_owned()).file_name("清瀬.toml"),
            )
            .text("by", by.to_owned())
            .text("action", action.to_owned())
    };
    let send = |form: reqwest::multipart::Form| {
        app.client
            .post(app.url("/plans/import"))
            .multipart(form)
            .send()
    };

    let broken = KIYOSE.replacen("code = \"3-1-1\"", "code = \"3-1\"", 1);
    let res = send(upload(&broken, "人事", "import")).await.unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("何も登録されていません"));
    assert!(
        // In the page's language (Japanese here).
        html.contains("清瀬.toml:") && html.contains("コード「3-1」が重複しています"),
        "{html}"
    );

    let res = send(upload(KIYOSE, "", "check")).await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.text().await.unwrap().contains("誤りはありません"));
    let (_, plans) = app.get_json("/api/v1/plans").await;
    assert_eq!(
        plans["plans"],
        serde_json::json!([]),
        "checking stores nothing"
    );

    let res = send(upload(KIYOSE, "", "import")).await.unwrap();
    assert_eq!(res.status().as_u16(), 422, "who imports is required");
    let res = send(upload(KIYOSE, "人事 太郎", "import")).await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.text().await.unwrap().contains("計画を登録しました"));
    let (_, versions) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/versions"))
        .await;
    assert_eq!(versions["versions"][0]["imported_by"], "人事 太郎");
}

#[tokio::test]
async fn a_refused_page_keeps_the_site_header_and_says_what_one_can_do() {
    let app = TestApp::with_demo().await;
    let viewer = crate::support::client_with_token(Some(
        &crate::support::account_token(&app.store, "v", "viewer").await,
    ));
    let res = viewer.get(app.url("/import")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let page = res.text().await.unwrap();
    assert!(page.contains("<header class=\"site"), "the site header");
    assert!(
        page.contains("あなたが使えるのは次の画面です"),
        "{page:.800}"
    );
    assert!(
        page.contains("href=\"/plans\""),
        "a page the viewer may open"
    );
    assert!(!page.contains("href=\"/import\""), "not the refused one");
}
