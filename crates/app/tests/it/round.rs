//! The yearly progress round on a real server: owners, opening a round,
//! writing, submitting, returning with a reason, confirming, approving,
//! what reports count, and the closing guard.

use crate::support::{TestApp, account_token, account_token_linked, client_with_token};
use serde_json::{Value, json};

const PLAN: &str = "kiyose-2011";

/// Sends JSON as `client` and reads the answer.
async fn send(
    client: &reqwest::Client,
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: &Value,
) -> (u16, Value) {
    let res = client
        .request(method.clone(), app.url(path))
        .json(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let status = res.status().as_u16();
    let json = res.json().await.unwrap_or(Value::Null);
    crate::support::conforms(method.as_str(), path, status, &json);
    (status, json)
}

/// The demo's plan with the sample city: the unit and staff number of the
/// first person serving today (the demo 所属長's unit and 職員), and the
/// city.
pub(crate) async fn demo_with_city() -> (TestApp, String, String, jinzai::generate::City) {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let today = app.store.clock().today();
    let first = city
        .assignments
        .iter()
        .find(|a| a.primary && a.active_on(today))
        .unwrap();
    let (unit, member) = (
        first.unit_code.as_str().to_owned(),
        first.staff_number.as_str().to_owned(),
    );
    (app, unit, member, city)
}

/// How many entries of 2013 count (what reports show).
async fn counted(app: &TestApp) -> usize {
    let path = format!("/api/v1/plans/{PLAN}/progress?year=2013");
    app.get_json(&path).await.1["progress"]
        .as_array()
        .map_or(0, Vec::len)
}

/// The nodes listed under `list` (mine, to_review, to_approve, overdue)
/// of the first round on a home page.
fn listed(home: &Value, list: &str) -> Vec<String> {
    home["plans"][0]["rounds"][0][list]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|i| i["node"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn fields(body: &Value) -> Vec<String> {
    body["error"]["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_round_runs_from_owners_to_approval_and_only_the_approved_entry_counts() {
    use reqwest::Method;
    let (app, unit, member, city) = demo_with_city().await;
    let today = app.store.clock().today();
    let other = city
        .units
        .iter()
        .find(|u| u.valid_on(today) && u.code.as_str() != unit && u.parent.is_some())
        .unwrap()
        .code
        .as_str()
        .to_owned();
    let manager = client_with_token(Some(
        &account_token(&app.store, "head", &format!("manager:{unit}")).await,
    ));
    let named = client_with_token(Some(
        &account_token_linked(&app.store, "tanto", "staff", Some(member.as_str())).await,
    ));
    let approver = client_with_token(Some(&account_token(&app.store, "honbu", "approver").await));
    let viewer = client_with_token(Some(&account_token(&app.store, "miru", "viewer").await));
    let hr = &app.client;

    // Owners: a unit that does not exist refuses the whole list.
    let owners = format!("/api/v1/plans/{PLAN}/owners");
    let (status, body) = send(
        hr,
        &app,
        Method::PUT,
        &owners,
        &json!({ "owners": [
            { "node": "1-1-1", "accountable": unit, "accounts": ["tanto"] },
            { "node": "1-1-2", "accountable": "ZZ99" },
        ]}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields(&body), ["owners[1].accountable"]);
    let (_, list) = app.get_json(&owners).await;
    assert!(
        list["measures"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["source"] != "assigned")
    );
    let (status, body) = send(
        hr,
        &app,
        Method::PUT,
        &owners,
        &json!({ "owners": [
            { "node": "1-1-1", "accountable": unit, "contributors": [other], "accounts": ["tanto"] },
            { "node": "1-1-2", "accountable": other },
        ]}),
    )
    .await;
    assert_eq!((status, body["changed"].as_u64()), (200, Some(2)), "{body}");
    let (_, history) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/owners/1-1-1"))
        .await;
    assert_eq!(
        history["assignments"][0]["owners"]["accounts"],
        json!(["tanto"])
    );
    // The named account's unit when named is kept: a later move shows as a
    // task for HR.
    assert_eq!(history["assignments"][0]["units_then"], json!([unit]));
    let home = crate::support::get_json_with(hr, &app, "/api/v1/home").await;
    assert_eq!(home["plans"][0]["moved"], json!([]));
    app.store
        .assign_owners(
            (1, PLAN),
            &[jinzai_store::round::NewOwners {
                node_code: "1-1-2".into(),
                owners: jinzai_domain::round::Owners {
                    accountable: jinzai_domain::people::UnitCode::parse(&other).unwrap(),
                    contributors: vec![],
                    accounts: vec!["tanto".into()],
                },
                units_then: vec![Some(other.clone())],
            }],
            "api",
            "tests",
        )
        .await
        .unwrap();
    let home = crate::support::get_json_with(hr, &app, "/api/v1/home").await;
    assert_eq!(home["plans"][0]["moved"][0]["node"], "1-1-2", "{home}");
    assert_eq!(home["plans"][0]["moved"][0]["units_now"], json!([unit]));
    let (_, page) = app.get_text(&format!("/plans/{PLAN}/owners")).await;
    assert!(page.contains("異動しています"), "the owners page tells HR");

    // Opening: dates in order, one round of a kind per year.
    let rounds = format!("/api/v1/plans/{PLAN}/rounds");
    let open = |due: &str| {
        json!({ "fiscal_year": 2013, "kind": "year_end", "opens_on": "2014-04-01",
                "due_on": due, "review_by": "2014-05-30" })
    };
    let (status, body) = send(hr, &app, Method::POST, &rounds, &open("2014-03-31")).await;
    assert_eq!((status, fields(&body)), (422, vec!["due_on".to_owned()]));
    let (status, body) = send(hr, &app, Method::POST, &rounds, &open("2014-04-30")).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = send(hr, &app, Method::POST, &rounds, &open("2014-04-30")).await;
    assert_eq!((status, fields(&body)), (422, vec!["kind".to_owned()]));

    // With the round open, the year's sample entries no longer count.
    assert_eq!(counted(&app).await, 0);

    // Only the owners write; a contributor's head writes but cannot submit.
    let cell = |node: &str| format!("/api/v1/plans/{PLAN}/nodes/{node}/progress/2013");
    let steps = |node: &str| format!("{}/steps", cell(node));
    let (status, _) = send(
        &manager,
        &app,
        Method::POST,
        &cell("1-1-2"),
        &json!({ "status": "in_progress" }),
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = send(
        &named,
        &app,
        Method::POST,
        &cell("1-1-1"),
        &json!({ "status": "done", "actual_text": "全職員に実施" }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["author"], "tanto テスト", "記入者 is the account");

    // A draft is seen by its owners and reviewers only.
    let (_, seen) = app.get_json(&cell("1-1-1")).await;
    assert_eq!(seen["round"]["cell"]["state"], "drafting");
    assert_eq!(seen["latest"]["actual_text"], "全職員に実施");
    let outsider = crate::support::get_json_with(&viewer, &app, &cell("1-1-1")).await;
    assert!(outsider["latest"].is_null() && outsider["history"] == json!([]));

    // Submitting names what is missing and changes nothing.
    let (status, body) = send(
        &named,
        &app,
        Method::POST,
        &steps("1-1-1"),
        &json!({ "step": "submit" }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields(&body), ["achievements", "direction"]);
    let entry = json!({ "status": "done", "actual_text": "全職員に実施",
        "achievements": "評価面談を全課で実施", "direction": "continue" });
    let (status, _) = send(&manager, &app, Method::POST, &cell("1-1-1"), &entry).await;
    assert_eq!(status, 201);
    let (status, body) = send(
        &manager,
        &app,
        Method::POST,
        &steps("1-1-1"),
        &json!({ "step": "submit" }),
    )
    .await;
    assert_eq!(
        (status, body["state"].as_str()),
        (200, Some("submitted")),
        "{body}"
    );
    // Each role's home page shows its share of the work.
    let home = crate::support::get_json_with(hr, &app, "/api/v1/home").await;
    assert_eq!(listed(&home, "to_review"), ["1-1-1"]);
    // The two divisions named, and the measures nobody owns yet.
    let units: Vec<&str> = home["plans"][0]["rounds"][0]["divisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["unit"].as_str())
        .collect();
    assert_eq!(units.len(), 3, "{units:?}");
    assert!(units.contains(&"") && units.contains(&unit.as_str()));
    let home = crate::support::get_json_with(&manager, &app, "/api/v1/home").await;
    assert_eq!(listed(&home, "mine"), ["1-1-1"]);
    assert!(listed(&home, "to_review").is_empty(), "review is HR's");
    let home = crate::support::get_json_with(&approver, &app, "/api/v1/home").await;
    assert!(listed(&home, "to_approve").is_empty());
    // A submitted entry is read-only until returned.
    let (status, _) = send(&named, &app, Method::POST, &cell("1-1-1"), &entry).await;
    assert_eq!(status, 409);

    // HR returns it: a reason is required, kept and shown to the owner.
    let (status, body) = send(
        hr,
        &app,
        Method::POST,
        &steps("1-1-1"),
        &json!({ "step": "return" }),
    )
    .await;
    assert_eq!((status, fields(&body)), (422, vec!["reason".to_owned()]));
    let (status, _) = send(
        hr,
        &app,
        Method::POST,
        &steps("1-1-1"),
        &json!({ "step": "return", "reason": "実施率の根拠を記入してください" }),
    )
    .await;
    assert_eq!(status, 200);
    let form = manager
        .get(app.url(&format!("/plans/{PLAN}/nodes/1-1-1/progress/2013")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        form.contains("差戻し") && form.contains("実施率の根拠を記入してください"),
        "{form}"
    );
    let (audit, _) = app
        .store
        .audit_entries(&jinzai_store::AuditQuery {
            record_type: "round_cell".into(),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    // Outside the work on the measure, the state shows, not the reason.
    let seen = crate::support::get_json_with(&viewer, &app, &cell("1-1-1")).await;
    assert_eq!(seen["round"]["cell"]["state"], "returned");
    assert!(seen["round"]["cell"]["reason"].is_null(), "{seen}");
    let table = format!("/api/v1/plans/{PLAN}/rounds/2013");
    let seen = crate::support::get_json_with(&viewer, &app, &table).await;
    assert!(!seen.to_string().contains("実施率の根拠"), "{seen}");
    let seen = crate::support::get_json_with(&manager, &app, &table).await;
    assert!(
        seen.to_string().contains("実施率の根拠"),
        "the owner reads it"
    );
    assert!(audit.iter().any(|e| {
        e.action == "return"
            && e.detail
                .to_string()
                .contains("実施率の根拠を記入してください")
    }));

    // The owner fixes and resubmits; HR confirms; the approver approves.
    let fixed = json!({ "status": "done", "actual_text": "全職員に実施（実施率100%）",
        "achievements": "評価面談を全課で実施", "direction": "continue" });
    assert_eq!(
        send(&named, &app, Method::POST, &cell("1-1-1"), &fixed)
            .await
            .0,
        201
    );
    for (client, step, state) in [
        (&named, "submit", "submitted"),
        (hr, "confirm", "confirmed"),
    ] {
        let (status, body) = send(
            client,
            &app,
            Method::POST,
            &steps("1-1-1"),
            &json!({ "step": step }),
        )
        .await;
        assert_eq!(
            (status, body["state"].as_str()),
            (200, Some(state)),
            "{step}: {body}"
        );
    }
    let (status, _) = send(
        &manager,
        &app,
        Method::POST,
        &steps("1-1-1"),
        &json!({ "step": "approve" }),
    )
    .await;
    assert_eq!(status, 403, "only the approver approves");
    assert_eq!(counted(&app).await, 0, "nothing counts before approval");
    let home = crate::support::get_json_with(&approver, &app, "/api/v1/home").await;
    assert_eq!(listed(&home, "to_approve"), ["1-1-1"]);
    let (status, body) = send(
        &approver,
        &app,
        Method::POST,
        &steps("1-1-1"),
        &json!({ "step": "approve" }),
    )
    .await;
    assert_eq!(
        (status, body["state"].as_str()),
        (200, Some("approved")),
        "{body}"
    );
    assert_eq!(counted(&app).await, 1);
    let (_, progress) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/progress?year=2013"))
        .await;
    assert_eq!(
        progress["progress"][0]["actual_text"],
        "全職員に実施（実施率100%）"
    );

    // HR writing for the owner is recorded as such, and HR cannot then
    // confirm its own entry.
    assert_eq!(
        send(hr, &app, Method::POST, &cell("1-1-2"), &entry).await.0,
        201
    );
    let (status, _) = send(
        hr,
        &app,
        Method::POST,
        &steps("1-1-2"),
        &json!({ "step": "submit" }),
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = send(
        hr,
        &app,
        Method::POST,
        &steps("1-1-2"),
        &json!({ "step": "confirm" }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"][0]["code"], "own_entry");
    let (_, seen) = app.get_json(&cell("1-1-2")).await;
    let events = seen["round"]["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e["on_behalf"] == true), "{events:?}");

    // Closing: not every measure is settled, so a reason is required.
    let lock = format!("/api/v1/plans/{PLAN}/locks/2013");
    let (status, body) = send(hr, &app, Method::PUT, &lock, &json!({ "by": "人事課長" })).await;
    assert_eq!(
        (status, fields(&body)),
        (422, vec!["forced_reason".to_owned()])
    );
    let (status, _) = send(
        hr,
        &app,
        Method::PUT,
        &lock,
        &json!({ "by": "人事課長", "forced_reason": "期限までに本部承認が得られなかったため" }),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = send(&named, &app, Method::POST, &cell("1-1-1"), &fixed).await;
    assert_eq!(status, 409, "a locked year takes no writes");
    let (_, view) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/rounds/2013"))
        .await;
    assert!(view["unsettled"].as_u64().unwrap() > 0);
}

/// Runs `jinzai` on the test's database.
fn jinzai(app: &TestApp, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_jinzai"))
        .args(args)
        .env("JINZAI_DATABASE_URL", app.database_url())
        .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
        .env("JINZAI_LOG", "error")
        .env_remove("JINZAI_TODAY")
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn out(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test]
async fn owners_come_from_a_file_all_or_nothing_and_the_command_line_runs_a_round() {
    let (app, unit, _, _) = demo_with_city().await;
    account_token(&app.store, "head", &format!("manager:{unit}")).await;
    account_token(&app.store, "honbu", "approver").await;

    // A CP932 file with a unit that does not exist: placed at row:column,
    // nothing stored.
    let bad = format!("施策番号,担当課,担当者\n1-1-1,{unit},\n1-1-2,ＺＺ９９,\n");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&bad);
    let (status, body) = app
        .post_bytes(
            &format!("/api/v1/plans/{PLAN}/owners/import"),
            sjis.to_vec(),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields(&body), ["3:2"]);
    assert!(app.store.current_owners(1).await.unwrap().is_empty());
    // An unknown column is named where it stands.
    let (status, body) = app
        .post_bytes(
            &format!("/api/v1/plans/{PLAN}/owners/import"),
            "施策番号,担当課,色\n1-1-1,K01,赤\n".as_bytes().to_vec(),
        )
        .await;
    assert_eq!((status, fields(&body)), (422, vec!["1:3".to_owned()]));

    // The page: problems listed as file:row:col, a check stores nothing.
    let upload = |content: String, action: &'static str| {
        reqwest::multipart::Form::new().text("action", action).part(
            "file",
            reqwest::multipart::Part::bytes(content.into_bytes()).file_name("担当.csv"),
        )
    };
    let page = format!("/plans/{PLAN}/owners/import");
    let res = app
        .client
        .post(app.url(&page))
        .multipart(upload(bad.clone(), "import"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("担当.csv:3:2:"));
    let good = format!("施策番号,担当課\n1-1-1,{unit}\n");
    let res = app
        .client
        .post(app.url(&page))
        .multipart(upload(good, "check"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.text().await.unwrap().contains("まだ保存していません"));
    assert!(app.store.current_owners(1).await.unwrap().is_empty());

    // The command line: a dry run counts, the import stores.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("owners.csv");
    std::fs::write(
        &file,
        format!("\u{feff}施策番号,担当課,関係課\n1-1-1,{unit},\n1-1-2,{unit},\n"),
    )
    .unwrap();
    let path = file.display().to_string();
    let o = jinzai(
        &app,
        &[
            "round",
            "owners",
            "--plan",
            PLAN,
            "--file",
            &path,
            "--dry-run",
        ],
    );
    assert!(
        o.status.success() && out(&o).contains("2 measures' owners would change"),
        "{}",
        out(&o)
    );
    assert!(app.store.current_owners(1).await.unwrap().is_empty());
    let o = jinzai(&app, &["round", "owners", "--plan", PLAN, "--file", &path]);
    assert!(o.status.success(), "{}", out(&o));
    assert_eq!(app.store.current_owners(1).await.unwrap().len(), 2);

    // Open, write (API as the owner), submit, confirm and approve from the
    // command line as each account.
    let open = |review_by: &'static str| {
        jinzai(
            &app,
            &[
                "round",
                "open",
                "--plan",
                PLAN,
                "--year",
                "2013",
                "--opens-on",
                "令和8年4月1日",
                "--due-on",
                "2026-04-30",
                "--review-by",
                review_by,
            ],
        )
    };
    let o = open("2026-03-31");
    assert!(
        !o.status.success() && out(&o).contains("review_by"),
        "{}",
        out(&o)
    );
    let o = open("2026-05-29");
    assert!(
        o.status.success() && out(&o).contains("34 measures"),
        "{}",
        out(&o)
    );
    let head = client_with_token(Some(
        &app.store
            .issue_token(
                app.store.user_by_login("head").await.unwrap().unwrap().id,
                jinzai_domain::access::Role::Manager,
                "tests",
                "tests",
            )
            .await
            .unwrap()
            .1,
    ));
    let (status, _) = send(
        &head,
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/plans/{PLAN}/nodes/1-1-2/progress/2013"),
        &json!({ "status": "done", "actual_text": "実施", "achievements": "全課で実施", "direction": "continue" }),
    )
    .await;
    assert_eq!(status, 201);
    let step = |step: &'static str, login: &'static str| {
        let app = &app;
        async move {
            jinzai(
                app,
                &[
                    "round", "step", "--plan", PLAN, "--node", "1-1-2", "--year", "2013", "--step",
                    step, "--as", login,
                ],
            )
        }
    };
    let o = step("approve", "honbu").await;
    assert!(!o.status.success(), "{}", out(&o));
    for (s, login, state) in [
        ("submit", "head", "提出済"),
        ("confirm", "hr-test", "確認済"),
        ("approve", "honbu", "承認済"),
    ] {
        let o = step(s, login).await;
        assert!(
            o.status.success() && out(&o).contains(state),
            "{s}: {}",
            out(&o)
        );
    }
    // The due date moves (API, then the command line); out of order is refused.
    let dates = format!("/api/v1/plans/{PLAN}/rounds/2013/dates");
    let (status, body) = app
        .send_json(
            reqwest::Method::PUT,
            &dates,
            &json!({ "opens_on": "2026-04-01", "due_on": "2026-03-01", "review_by": "2026-05-29" }),
        )
        .await;
    assert_eq!((status, fields(&body)), (422, vec!["due_on".to_owned()]));
    let (status, body) = app
        .send_json(
            reqwest::Method::PUT,
            &dates,
            &json!({ "opens_on": "2026-04-01", "due_on": "2026-05-15", "review_by": "2026-05-29" }),
        )
        .await;
    assert_eq!(
        (status, body["due_on"].as_str()),
        (200, Some("2026-05-15")),
        "{body}"
    );
    let o = jinzai(
        &app,
        &[
            "round",
            "dates",
            "--plan",
            PLAN,
            "--year",
            "2013",
            "--opens-on",
            "2026-04-01",
            "--due-on",
            "令和8年5月22日",
            "--review-by",
            "2026-05-29",
        ],
    );
    assert!(
        o.status.success() && out(&o).contains("due 2026-05-22"),
        "{}",
        out(&o)
    );
    let o = jinzai(&app, &["round", "status", "--plan", PLAN, "--year", "2013"]);
    assert!(
        out(&o).contains("1-1-2\tapproved") && out(&o).contains("承認済 1"),
        "{}",
        out(&o)
    );
}

#[tokio::test]
async fn the_next_plan_copies_the_structure_and_carries_the_last_years_words() {
    let (app, unit, _, _) = demo_with_city().await;
    let (status, _) = app
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/plans/{PLAN}/owners"),
            &json!({ "owners": [{ "node": "3-5-2", "accountable": unit }] }),
        )
        .await;
    assert_eq!(status, 200);
    // What FY2013 says for 3-5-2, as entered.
    let (status, _) = app
        .post_json(
            &format!("/api/v1/plans/{PLAN}/nodes/3-5-2/progress/2013"),
            &json!({ "status": "done", "achievements": "派遣を拡充",
                     "issues": "参加者の業務調整が課題", "direction": "expand" }),
        )
        .await;
    assert_eq!(status, 201);
    let next = format!("/api/v1/plans/{PLAN}/next");
    let (status, body) = app
        .post_json(
            &next,
            &json!({ "code": PLAN, "title": "", "first_year": 2013, "last_year": 2030 }),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(fields(&body), ["code", "title", "first_year", "last_year"]);
    let (status, body) = app
        .post_json(
            &next,
            &json!({ "code": "kiyose-2014", "title": "清瀬市人材育成基本方針実施計画（第2期）",
                     "first_year": 2014, "last_year": 2016 }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["measures"], 34);
    let (_, plan) = app.get_json("/api/v1/plans/kiyose-2014").await;
    let text = plan.to_string();
    assert!(text.contains("2014") && text.contains("2016"));
    let (_, node) = app.get_json("/api/v1/plans/kiyose-2014/nodes/3-5-2").await;
    let node_text = node.to_string();
    assert!(
        node_text.contains("今後の方向性：拡大")
            && node_text.contains("課題：参加者の業務調整が課題"),
        "{node_text}"
    );
    let (_, old) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/3-5-2/progress/2013"))
        .await;
    let actual = old["computed_actual"].as_f64().unwrap();
    assert_eq!(
        node["node"]["baseline"]["value"].as_f64(),
        Some(actual),
        "the last actual (computed from records) is the baseline: {node_text}"
    );
    assert_eq!(node["node"]["baseline"]["as_of"], "2014-03-31");
    // The owners carried over; the old plan is unchanged.
    let (_, owners) = app.get_json("/api/v1/plans/kiyose-2014/owners").await;
    let carried = owners["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["node"] == "3-5-2")
        .unwrap()
        .clone();
    assert_eq!(carried["owners"]["accountable"], unit.as_str());
    let (_, versions) = app
        .get_json(&format!("/api/v1/plans/{PLAN}/versions"))
        .await;
    assert_eq!(
        versions.to_string().matches("\"version\"").count(),
        1,
        "{versions}"
    );
    // The command line does the same.
    let o = jinzai(
        &app,
        &[
            "plan",
            "next",
            "--plan",
            "kiyose-2014",
            "--code",
            "kiyose-2017",
            "--title",
            "第3期",
            "--first-year",
            "2017",
            "--last-year",
            "2019",
        ],
    );
    assert!(
        o.status.success() && out(&o).contains("created plan kiyose-2017"),
        "{}",
        out(&o)
    );
}

#[tokio::test]
async fn an_interim_approval_counts_until_the_year_end_report_says_otherwise() {
    use jinzai_domain::round::{CellState, Step};
    let (app, _, _, _) = demo_with_city().await;
    let rounds = format!("/api/v1/plans/{PLAN}/rounds");
    let open = |kind: &str| {
        json!({ "fiscal_year": 2013, "kind": kind, "opens_on": "2013-10-01",
                "due_on": "2013-10-31", "review_by": "2013-11-29" })
    };
    assert_eq!(app.post_json(&rounds, &open("interim")).await.0, 201);
    let entry = json!({ "status": "in_progress", "actual_text": "上半期に実施",
                        "achievements": "半数の課で実施", "direction": "continue" });
    let cell = format!("/api/v1/plans/{PLAN}/nodes/1-1-1/progress/2013");
    assert_eq!(app.post_json(&cell, &entry).await.0, 201);
    // Reviewed and approved by others (store steps, as their accounts would).
    let stored = app.store.load_plan(PLAN, None).await.unwrap();
    let interim = app.store.rounds(stored.id).await.unwrap()[0].clone();
    let mut state = CellState::Drafting;
    for (step, actor) in [
        (Step::Submit, "head"),
        (Step::Confirm, "hr2"),
        (Step::Approve, "honbu"),
    ] {
        let to = state.after(step).unwrap();
        app.store
            .take_step(
                (&interim, PLAN, "1-1-1"),
                &jinzai_store::round::StepWrite {
                    step,
                    from: state,
                    to,
                    actor,
                    actor_name: actor,
                    on_behalf: false,
                    reason: None,
                },
            )
            .await
            .unwrap();
        state = to;
    }
    assert_eq!(counted(&app).await, 1, "the interim approval counts");
    // The year-end round opens: the interim approval still counts until
    // the year-end report approves another or marks the measure 対象外.
    assert_eq!(app.post_json(&rounds, &open("year_end")).await.0, 201);
    assert_eq!(counted(&app).await, 1);
    let (status, body) = app
        .post_json(
            &format!("{cell}/steps"),
            &json!({ "step": "exclude", "reason": "年度途中で制度を見直したため" }),
        )
        .await;
    assert_eq!(
        (status, body["state"].as_str()),
        (200, Some("not_applicable")),
        "{body}"
    );
    assert_eq!(
        counted(&app).await,
        0,
        "対象外 in the year-end report shows nothing"
    );
}
