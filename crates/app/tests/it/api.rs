//! The JSON API: plans, versions, progress with validation, locks,
//! roll-ups, reports, the OpenAPI document.

use crate::support::{KIYOSE, PLAN, TestApp};
use reqwest::Method;
use serde_json::{Value, json};

fn progress_path(node: &str, year: i32) -> String {
    format!("/api/v1/plans/{PLAN}/nodes/{node}/progress/{year}")
}

async fn import(app: &TestApp, toml: &str) -> (u16, Value) {
    let res = app
        .client
        .post(app.url("/api/v1/plans?by=tester"))
        .header("content-type", "application/toml")
        .body(toml.to_owned())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn importing_a_changed_plan_adds_a_version_and_keeps_the_old() {
    let app = TestApp::spawn().await;
    let (s, body) = import(&app, KIYOSE).await;
    assert_eq!(
        (s, &body["result"]),
        (201, &json!({"outcome": "created", "version": 1}))
    );
    let (s, body) = import(&app, KIYOSE).await;
    assert_eq!(
        (s, &body["result"]),
        (200, &json!({"outcome": "unchanged", "version": 1}))
    );

    let revised = KIYOSE.replacen("target = 150", "target = 155", 1);
    assert_ne!(revised, KIYOSE);
    let (s, body) = import(&app, &revised).await;
    assert_eq!(
        (s, &body["result"]),
        (201, &json!({"outcome": "new_version", "version": 2}))
    );

    let (_, versions) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/versions"))
        .await;
    assert_eq!(versions["versions"].as_array().map(Vec::len), Some(2));
    assert_eq!(versions["versions"][0]["imported_by"], "tester");

    let target = |tree: &Value| {
        tree["nodes"][2]["children"][4]["children"][1]["schedule"][1]["items"][0]["target"].clone()
    };
    let (_, v1) = app
        .get_json(&format!("/api/v1/plans/{PLAN}?version=1"))
        .await;
    let (_, latest) = app.get_json(&format!("/api/v1/plans/{PLAN}")).await;
    assert_eq!(
        v1["nodes"][2]["children"][4]["children"][1]["code"],
        "3-5-2"
    );
    // Whole numbers are integers in JSON (150, not 150.0).
    assert_eq!((target(&v1), target(&latest)), (json!(150), json!(155)));
    assert_eq!(latest["version"], 2);

    // The measure page shows the revised target beside the old one.
    let (_, page) = app.get_text(&format!("/plans/{PLAN}/nodes/3-5-2")).await;
    assert!(page.contains("150名 → 155名"), "{page}");
}

#[tokio::test]
async fn an_invalid_plan_is_refused_with_locations_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let broken = KIYOSE.replacen("year = 2012", "year = 2019", 1).replacen(
        "code = \"1-1-2\"",
        "code = \"1-1-1\"",
        1,
    );
    let (s, body) = import(&app, &broken).await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["error"]["code"], "plan_invalid");
    let diags = body["error"]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let messages: Vec<String> = diags
        .iter()
        .map(|d| d["message"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("duplicate code \"1-1-1\"")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("year 2019 is outside")),
        "{messages:?}"
    );
    assert!(
        diags
            .iter()
            .all(|d| d["line"].as_u64().is_some_and(|l| l > 0) && d["col"].as_u64().is_some())
    );
    let (_, plans) = app.get_json("/api/v1/plans").await;
    assert_eq!(plans["plans"], json!([]));
}

#[tokio::test]
async fn progress_is_validated_graded_and_kept_as_revisions() {
    let app = TestApp::with_plan().await;
    // A numeric target (140名 in FY2011): the grade is computed.
    let (s, rev) = app
        .post_json(
            &progress_path("3-5-2", 2011),
            &json!({"status": "done", "actual_value": 154, "author": "職員課 髙橋"}),
        )
        .await;
    assert_eq!(s, 201, "{rev}");
    assert_eq!(
        (
            rev["revision"].clone(),
            rev["grade"].clone(),
            rev["grade_computed"].clone()
        ),
        (json!(1), json!("A"), json!(true))
    );
    assert_eq!(
        rev["achievement_rate"].as_f64().map(|r| (r * 10.0).round()),
        Some(1100.0)
    );
    assert_eq!(
        rev["author"], "hr-test テスト",
        "記入者 is the signed-in account"
    );

    let (s, rev2) = app
        .post_json(&progress_path("3-5-2", 2011), &json!({"status": "done", "actual_value": "１１２", "author": "職員課", "base_revision": 1}))
        .await;
    assert_eq!(s, 201, "{rev2}");
    assert_eq!(
        (rev2["revision"].clone(), rev2["grade"].clone()),
        (json!(2), json!("B"))
    );

    let (_, cell) = app.get_json(&progress_path("3-5-2", 2011)).await;
    assert_eq!(cell["current"]["revision"], 2);
    assert_eq!(cell["target"]["value"], 140.0);
    let history: Vec<i64> = cell["history"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["revision"].as_i64())
        .collect();
    assert_eq!(history, [2, 1]);
    assert_eq!(cell["history"][1]["actual_value"], 154.0);

    // A text target: a person grades, with a reason.
    let (s, body) = app
        .post_json(
            &progress_path("1-1-1", 2012),
            &json!({"status": "done", "grade": "A", "author": "x"}),
        )
        .await;
    assert_eq!(
        (s, body["error"]["fields"][0]["field"].clone()),
        (422, json!("grade_reason"))
    );
    let (s, rev) = app
        .post_json(&progress_path("1-1-1", 2012), &json!({"status": "done", "grade": "A", "grade_reason": "全所属で面談実施", "author": "x"}))
        .await;
    assert_eq!(
        (s, rev["grade"].clone(), rev["grade_computed"].clone()),
        (201, json!("A"), json!(false))
    );

    let (_, current) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/progress?year=2011"))
        .await;
    assert_eq!(current["progress"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn bad_progress_names_every_field_and_writes_nothing() {
    let app = TestApp::with_plan().await;
    let (s, body) = app
        .post_json(
            &progress_path("3-5-2", 2012),
            &json!({"status": "finished", "actual_value": "many", "direction": "up", "grade": "A"}),
        )
        .await;
    assert_eq!(s, 422);
    assert_eq!(body["error"]["code"], "validation_failed");
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["status", "actual_value", "direction", "grade"]);
    assert!(
        body["error"]["fields"][0]["message_ja"]
            .as_str()
            .is_some_and(|m| m.contains("finished"))
    );

    let (s, body) = app
        .post_json(
            &progress_path("3-5-2", 2012),
            &json!({"status": "done", "author": "x", "colour": "red"}),
        )
        .await;
    // Well-formed JSON that does not match the schema: 422, field named.
    assert_eq!(body["error"]["fields"][0]["field"], "colour", "{body}");
    assert_eq!(
        (s, body["error"]["code"].clone()),
        (422, json!("validation_failed"))
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("unknown field `colour`")),
        "{body}"
    );

    let res = app
        .client
        .post(app.url(&progress_path("3-5-2", 2012)))
        .body("{\"status\": ")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(res.status().as_u16(), 400);

    for (path, status) in [
        (progress_path("3-5", 2012), 400),
        (progress_path("3-5-2", 2014), 400),
        (progress_path("9-9-9", 2012), 404),
    ] {
        let (s, _) = app
            .post_json(&path, &json!({"status": "done", "author": "x"}))
            .await;
        assert_eq!(s, status, "{path}");
    }
    let (_, cell) = app.get_json(&progress_path("3-5-2", 2012)).await;
    assert_eq!(
        (cell["current"].clone(), cell["history"].clone()),
        (Value::Null, json!([]))
    );
}

#[tokio::test]
async fn a_locked_year_refuses_edits_and_a_stale_revision_conflicts() {
    let app = TestApp::with_plan().await;
    let (s, _) = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/plans/{PLAN}/locks/2011"),
            &json!({"by": ""}),
        )
        .await;
    assert_eq!(s, 422);
    let (s, body) = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/plans/{PLAN}/locks/2011"),
            &json!({"by": "人事"}),
        )
        .await;
    assert_eq!((s, body["changed"].clone()), (200, json!(true)));
    let entry = json!({"status": "done", "actual_value": 3, "author": "x"});
    let (s, body) = app.post_json(&progress_path("3-5-1", 2011), &entry).await;
    assert_eq!(
        (s, body["error"]["code"].clone()),
        (409, json!("year_locked"))
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("locked"))
    );
    let (_, cell) = app.get_json(&progress_path("3-5-1", 2011)).await;
    assert_eq!(cell["locked"], true);

    let (s, _) = app
        .send_json(
            Method::DELETE,
            &format!("/api/v1/plans/{PLAN}/locks/2011"),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = app.post_json(&progress_path("3-5-1", 2011), &entry).await;
    assert_eq!(s, 201);

    let stale = json!({"status": "done", "actual_value": 4, "author": "y", "base_revision": 0});
    let (s, body) = app.post_json(&progress_path("3-5-1", 2011), &stale).await;
    assert_eq!((s, body["error"]["code"].clone()), (409, json!("conflict")));
}

#[tokio::test]
async fn rollups_count_grades_statuses_and_targets() {
    let app = TestApp::with_demo().await;
    let (s, body) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/rollup?year=2012"))
        .await;
    assert_eq!(s, 200);
    let plan = &body["years"][0]["plan"];
    assert_eq!(plan["measures"], 34);
    let total: i64 = plan["by_grade"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p[1].as_i64())
        .sum();
    assert_eq!(total, 34);
    assert_eq!(plan["numeric"]["measures"], 6);
    assert_eq!(plan["numeric"]["reported"], 6);
    // The three measures without a schedule are not assessed.
    assert_eq!(plan["not_assessed"], json!(["2-2-2", "2-ER-1", "2-4-2"]));
    let pillars: i64 = body["years"][0]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| ["1", "2", "3"].contains(&n["code"].as_str().unwrap_or_default()))
        .filter_map(|n| n["rollup"]["measures"].as_i64())
        .sum();
    assert_eq!(pillars, 34);
    let (_, by_div) = app
        .get_json(&format!(
            "/api/v1/plans/{PLAN}/rollup?year=2012&by=division"
        ))
        .await;
    let per_div: i64 = by_div["years"][0]["divisions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["rollup"]["measures"].as_i64())
        .sum();
    assert_eq!(per_div, 34);
    let (s, _) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/rollup?year=2030"))
        .await;
    assert_eq!(s, 400);
    let (s, _) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/rollup?by=owner"))
        .await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn reports_download_in_every_format_and_cp932_names_what_it_cannot_hold() {
    let app = TestApp::with_plan().await;
    let (s, _) = app
        .post_json(
            &progress_path("2-4-1", 2012),
            &json!({"status": "done", "achievements": "研修10〜20回", "author": "x"}),
        )
        .await;
    assert_eq!(s, 201);
    let report = |q: &str| format!("/api/v1/plans/{PLAN}/report?{q}");

    let res = app.get(&report("format=csv")).await;
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = res.bytes().await.unwrap_or_default();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8_lossy(&bytes[3..]).into_owned();
    assert_eq!(text.lines().count(), 1 + 34 * 3);
    assert!(
        text.lines()
            .next()
            .is_some_and(|h| h.starts_with("柱,取組み,方策,コード")),
        "{text}"
    );
    assert!(text.contains("研修10〜20回"));

    let (s, body) = app.get_json(&report("format=csv&encoding=cp932")).await;
    assert_eq!(
        (s, body["error"]["code"].clone()),
        (400, json!("unencodable"))
    );
    let msg = body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains("item 2-4-1") && msg.contains("U+301C") && msg.contains("「実績・成果」"),
        "{msg}"
    );

    // Only FY2011: no 〜 there, so CP932 works and decodes cleanly.
    let res = app
        .get(&report("format=csv&encoding=cp932&year=2011"))
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let bytes = res.bytes().await.unwrap_or_default();
    let (decoded, _, had_errors) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!had_errors);
    assert_eq!(decoded.lines().count(), 1 + 34);
    assert!(decoded.contains("平成23年度") && decoded.contains("東京都市町村職員研修所への派遣"));

    let res = app.get(&report("format=xlsx")).await;
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .is_ok_and(|d| d.contains("progress-kiyose-2011.xlsx"))
    );
    let bytes = res.bytes().await.unwrap_or_default();
    use calamine::Reader;
    let mut xlsx: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap_or_else(|e| panic!("{e}"));
    let range = xlsx
        .worksheet_range("進行管理表")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(range.height(), 1 + 34 * 3);

    let (_, json) = app.get_json(&report("format=json&year=2013")).await;
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(34));
    assert_eq!(json["rows"][0]["fiscal_year_label"], "平成25年度");
    let (s, _) = app.get_json(&report("format=pdf")).await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let app = TestApp::spawn().await;
    let (s, doc) = app.get_json("/api/openapi.json").await;
    assert_eq!(s, 200);
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for (path, method) in [
        ("/api/v1/plans", "get"),
        ("/api/v1/plans", "post"),
        ("/api/v1/plans/{code}", "get"),
        ("/api/v1/plans/{code}/versions", "get"),
        ("/api/v1/plans/{code}/nodes/{node}", "get"),
        ("/api/v1/plans/{code}/rollup", "get"),
        ("/api/v1/plans/{code}/report", "get"),
        ("/api/v1/plans/{code}/progress", "get"),
        ("/api/v1/plans/{code}/nodes/{node}/progress/{year}", "get"),
        ("/api/v1/plans/{code}/nodes/{node}/progress/{year}", "post"),
        ("/api/v1/plans/{code}/locks/{year}", "put"),
        ("/api/v1/plans/{code}/locks/{year}", "delete"),
    ] {
        assert!(
            paths.get(path).is_some_and(|p| p.get(method).is_some()),
            "{method} {path} missing"
        );
    }
    assert!(doc["components"]["schemas"]["ProgressInput"].is_object());
    let (s, body) = app.get_json("/api/v1/nothing-here").await;
    assert_eq!(
        (s, body["error"]["code"].clone()),
        (404, json!("not_found"))
    );
    let (s, body) = app.get_json("/api/v1/plans/none").await;
    assert_eq!(
        (s, body["error"]["code"].clone()),
        (404, json!("not_found"))
    );
}

#[test]
fn every_operation_documents_its_bodies_with_schemas() {
    let doc = serde_json::to_value(jinzai_web::openapi_document()).unwrap_or_default();
    let schemas = &doc["components"]["schemas"];
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().cloned().unwrap_or_default() {
        for (method, op) in item.as_object().cloned().unwrap_or_default() {
            operations += 1;
            let responses = op["responses"].as_object().cloned().unwrap_or_default();
            let ok: Vec<_> = responses
                .iter()
                .filter(|(s, _)| s.starts_with('2'))
                .collect();
            assert!(!ok.is_empty(), "{method} {path}: no success response");
            for (status, r) in ok {
                if status == "204" {
                    continue;
                }
                // A file only (a past paper): each of its types is FileBytes.
                let content = r["content"].as_object().cloned().unwrap_or_default();
                if !content.is_empty() && !content.contains_key("application/json") {
                    for (kind, c) in &content {
                        assert_eq!(
                            c["schema"]["$ref"], "#/components/schemas/FileBytes",
                            "{method} {path} {status} {kind}: a file is FileBytes"
                        );
                    }
                    continue;
                }
                let json = &r["content"]["application/json"]["schema"];
                assert!(
                    json["$ref"].is_string(),
                    "{method} {path} {status}: the JSON body has no named schema: {r}"
                );
            }
            assert!(
                responses["default"]["content"]["application/json"]["schema"]["$ref"]
                    == "#/components/schemas/ErrorBody",
                "{method} {path}: errors are not described"
            );
            if let Some(content) = op["requestBody"]["content"].as_object() {
                for (kind, c) in content {
                    if kind == "application/json" {
                        assert!(
                            c["schema"]["$ref"].is_string(),
                            "{method} {path}: the request body has no named schema"
                        );
                    }
                }
            }
        }
    }
    assert!(operations > 40, "{operations} operations");
    // Every schema named is defined.
    let text = doc.to_string();
    for name in text.split("#/components/schemas/").skip(1) {
        let name = name.split('"').next().unwrap_or_default();
        assert!(
            schemas[name].is_object(),
            "schema {name} is referenced but not defined"
        );
    }
}

#[test]
fn a_response_off_its_schema_fails_the_suite() {
    let off = |method: &'static str, path: &'static str, status: u16, body: serde_json::Value| {
        std::panic::catch_unwind(move || crate::support::conforms(method, path, status, &body))
            .is_err()
    };
    // A field of the wrong type, a required field missing, a status the
    // operation does not document, an error that is not the error body.
    assert!(off("GET", "/api/v1/me", 200, json!({"login": 5})));
    assert!(off("GET", "/api/v1/plans", 200, json!({})));
    assert!(off("GET", "/api/v1/plans", 201, json!({"plans": []})));
    assert!(off("GET", "/api/v1/plans/x", 404, json!("not found")));
    // And what matches passes.
    assert!(!off("GET", "/api/v1/plans", 200, json!({"plans": []})));
    assert!(!off(
        "GET",
        "/api/v1/plans/x",
        404,
        json!({"error": {"code": "not_found", "message": "no plan"}})
    ));
}

#[tokio::test]
async fn the_node_api_gives_schedule_progress_and_rollups() {
    let app = TestApp::with_demo().await;
    let (s, m) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/1-4-1"))
        .await;
    assert_eq!(s, 200);
    assert_eq!(m["is_measure"], true);
    // A measure's year without an entry says so (`null`); other items
    // have no `progress` at all.
    assert!(
        m["years"].as_array().is_some_and(|y| y
            .iter()
            .all(|y| y.as_object().is_some_and(|o| o.contains_key("progress")))),
        "{m}"
    );
    assert_eq!(m["years"][2]["schedule"][0]["text"], "施行");
    assert_eq!(m["years"][2]["schedule"][0]["inferred"], true);
    assert_eq!(m["years"][0]["locked"], true);
    assert!(
        m["years"][0]["progress"]["sample"]
            .as_bool()
            .unwrap_or(false)
    );
    let (_, p) = app.get_json(&format!("/api/v1/plans/{PLAN}/nodes/2")).await;
    assert_eq!(p["is_measure"], false);
    assert_eq!(p["years"][0]["rollup"]["measures"], 11);
    let (_, u) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/2-2-2"))
        .await;
    assert_eq!(
        (u["scheduled"].clone(), u["years"][0]["schedule"].clone()),
        (json!(false), json!([]))
    );
}

#[tokio::test]
async fn every_api_route_is_documented_and_the_progress_body_as_the_server_reads_it() {
    let app = TestApp::spawn().await;
    let (_, doc) = app.get_json("/api/openapi.json").await;
    let (_, table) = jinzai_web::router_with_table(jinzai_web::AppState {
        store: app.store.clone(),
        demo: false,
        auth: jinzai_web::AuthSettings::default(),
        notify: Default::default(),
        security: Default::default(),
    });
    let mut checked = 0;
    for r in table.iter().filter(|r| r.path.starts_with("/api/v1")) {
        let method = r.method.as_str().to_lowercase();
        assert!(
            doc["paths"][&r.path][&method].is_object(),
            "{method} {} is not in /api/openapi.json",
            r.path
        );
        checked += 1;
    }
    assert!(checked > 40, "{checked} API routes");
    // And every documented operation is mounted, behind its permission.
    for (path, item) in doc["paths"].as_object().cloned().unwrap_or_default() {
        for method in item
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            assert!(
                table
                    .iter()
                    .any(|r| r.path == path && r.method.as_str().eq_ignore_ascii_case(&method)),
                "{method} {path} is documented but not mounted"
            );
        }
    }

    // The progress body is flat: the input's fields beside base_revision.
    let path = "/api/v1/plans/{code}/nodes/{node}/progress/{year}";
    let schema =
        &doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"];
    let resolve = |s: &serde_json::Value| -> serde_json::Value {
        match s["$ref"].as_str() {
            Some(r) => doc["components"]["schemas"][r.rsplit('/').next().unwrap_or("")].clone(),
            None => s.clone(),
        }
    };
    let payload = resolve(schema);
    let mut parts = vec![payload.clone()];
    parts.extend(
        payload["allOf"]
            .as_array()
            .into_iter()
            .flatten()
            .map(resolve),
    );
    let text = serde_json::Value::Array(parts).to_string();
    assert!(text.contains("base_revision"), "{text}");
    assert!(
        text.contains("\"status\"") && text.contains("\"author\""),
        "{text}"
    );
    assert!(!text.contains("\"input\""), "no nested input: {text}");
}
