//! Accounts, roles and the one policy: the authorization matrix over every
//! route, scopes, CSRF, throttling, sessions, tokens, and the audit chain.

use crate::support::{
    TEST_PASSWORD, TestApp, account_token, account_token_linked, assert_success, client_with_token,
    conforms, get_json_with, post_sign_in, raw_sql, text_of,
};
use std::collections::BTreeMap;

mod accounts;
mod audit;
mod calendar;
mod demotion;
mod evaluation;
mod exams;
mod health;
mod home;
mod imports;
mod outreach;
mod people;
mod plan;
mod postings;
mod public;
mod round;
mod self_report;
mod site;
mod talent;
mod training;
mod women;

const PLAN: &str = "kiyose-2011";

/// A sample city, Kiyose's plan, and a token per role. The 所属長 heads the
/// unit of the first person serving today; the 職員 is that person.
struct World {
    app: TestApp,
    tokens: BTreeMap<&'static str, String>,
    unit: String,
    member: String,
    outsider: String,
}

async fn world() -> World {
    let app = TestApp::with_demo().await;
    let city = jinzai::demo::seed_people(&app.store).await.unwrap();
    let today = app.store.clock().today();
    let first = city
        .assignments
        .iter()
        .find(|a| a.primary && a.active_on(today))
        .unwrap();
    let (unit, member) = (first.unit_code.clone(), first.staff_number.clone());
    let units = jinzai_domain::people::unit::with_descendants(
        &city.units,
        std::slice::from_ref(&unit),
        today,
    );
    let outsider = city
        .assignments
        .iter()
        .find(|a| a.active_on(today) && !units.contains(&a.unit_code))
        .unwrap()
        .staff_number
        .clone();
    let mut tokens = BTreeMap::new();
    for (login, roles, linked) in [
        ("admin", "admin".to_owned(), None),
        ("health", "health".to_owned(), None),
        ("manager", format!("manager:{unit}"), None),
        ("staff", "staff".to_owned(), Some(member.as_str())),
        ("viewer", "viewer".to_owned(), None),
        ("approver", "approver".to_owned(), None),
        ("hr", "hr".to_owned(), None),
    ] {
        let t = account_token_linked(&app.store, login, &roles, linked).await;
        tokens.insert(login, t);
    }
    World {
        app,
        tokens,
        unit: unit.into_string(),
        member: member.into_string(),
        outsider: outsider.into_string(),
    }
}

/// The roles each route's policy lets through, written out per module
/// (`access/<module>.rs`), independently of the code's permission table: a
/// route added without a row fails. A new module adds one line here.
fn expected() -> BTreeMap<&'static str, &'static [&'static str]> {
    let rows: Vec<(&str, &[&str])> = [
        plan::ACCESS,
        public::ACCESS,
        people::ACCESS,
        imports::ACCESS,
        training::ACCESS,
        accounts::ACCESS,
        audit::ACCESS,
        calendar::ACCESS,
        evaluation::ACCESS,
        round::ACCESS,
        self_report::ACCESS,
        exams::ACCESS,
        demotion::ACCESS,
        postings::ACCESS,
        talent::ACCESS,
        women::ACCESS,
        health::ACCESS,
        outreach::ACCESS,
        home::ACCESS,
        site::ACCESS,
    ]
    .into_iter()
    .flatten()
    .copied()
    .collect();
    let table: BTreeMap<_, _> = rows.iter().copied().collect();
    assert_eq!(table.len(), rows.len(), "a route has two rows");
    table
}

/// The sets of roles the rows name.
mod roles {
    pub const ALL: &[&str] = &[
        "admin", "hr", "health", "manager", "staff", "viewer", "approver",
    ];
    pub const PUBLIC: &[&str] = &[
        "anonymous",
        "admin",
        "hr",
        "health",
        "manager",
        "staff",
        "viewer",
        "approver",
    ];
    pub const PEOPLE: &[&str] = &["hr", "health", "manager", "staff"];
    /// The staff records: not the health staff, who read a person's
    /// identity through the health pages alone.
    pub const STAFF_RECORDS: &[&str] = &["hr", "manager", "staff"];
    pub const HR: &[&str] = &["hr"];
    pub const ADMIN: &[&str] = &["admin"];
    pub const PLANS_IMPORT: &[&str] = &["admin", "hr"];
    pub const PROGRESS: &[&str] = &["hr", "manager", "staff"];
    /// HR and the heads of units (a unit's OJT plan).
    pub const HEADS: &[&str] = &["hr", "manager"];
    pub const ROUND_STEPS: &[&str] = &["hr", "manager", "staff", "approver"];
    /// The health staff alone (a person's health records).
    pub const HEALTH: &[&str] = &["health"];
    /// HR and the health staff (counts; an indicator's records, checked
    /// per metric).
    pub const HR_HEALTH: &[&str] = &["hr", "health"];
    /// The heads of units alone (their members' returns to work).
    pub const HEADS_ONLY: &[&str] = &["manager"];
}

/// A route's path with its parameters filled from the world (`id` for
/// `{id}`).
fn example_path(w: &World, path: &str, id: &str) -> String {
    path.replace("{code}", PLAN)
        .replace("{node}", "1-1-1")
        .replace("{year}", "2013")
        .replace("{number}", &w.member)
        .replace("{id}", id)
        .replace("{lang}", "ja")
        .replace("{file}", "app.css")
        .replace("{kind}", "staff")
        .replace("{course}", "T01")
        .replace("{start}", "2013-06-01")
        .replace("{period}", "1")
        .replace("{step}", "self_evaluate")
        .replace("{unit}", &w.unit)
}

#[tokio::test]
async fn every_route_has_a_policy_and_each_role_gets_exactly_its_share() {
    let w = world().await;
    let state = jinzai_web::AppState {
        store: w.app.store.clone(),
        demo: false,
        auth: jinzai_web::AuthSettings::default(),
        notify: Default::default(),
        security: Default::default(),
    };
    let (_, table) = jinzai_web::router_with_table(state);
    let expected = expected();
    let registered: Vec<String> = table
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    for key in &registered {
        assert!(
            expected.contains_key(key.as_str()),
            "route {key} has no row in the authorization matrix"
        );
    }
    for key in expected.keys() {
        assert!(
            registered.iter().any(|r| r == key),
            "the matrix names {key}, which is not a route"
        );
    }
    let mut checked = 0;
    for route in &table {
        let key = format!("{} {}", route.method, route.path);
        let path = example_path(&w, &route.path, "999999");
        let path = if route.path.starts_with("/units/") || route.path.starts_with("/api/v1/units/")
        {
            path.replace(PLAN, &w.unit)
        } else {
            path
        };
        for who in [
            "anonymous",
            "admin",
            "hr",
            "health",
            "manager",
            "staff",
            "viewer",
            "approver",
        ] {
            let client = client_with_token(w.tokens.get(who).map(String::as_str));
            let res = client
                .request(route.method.clone(), w.app.url(&path))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("")
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let decision = res
                .headers()
                .get("x-jinzai-policy")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = res.text().await.unwrap_or_default();
            if let Ok(json) = serde_json::from_str::<serde_json::Value>(&body) {
                conforms(route.method.as_str(), &path, status, &json);
            }
            let Some(decision) = decision else {
                panic!("{key} as {who}: no policy decision ({status}: {body:.200})");
            };
            let allowed = expected[key.as_str()].contains(&who);
            let want = match (allowed, who) {
                (true, _) => "allow",
                (false, "anonymous") => "sign-in",
                (false, _) => "deny",
            };
            assert_eq!(decision, want, "{key} as {who} ({status}: {body:.200})");
            match want {
                "deny" => assert_eq!(status, 403, "{key} as {who}"),
                "sign-in" if route.path.starts_with("/api/") => {
                    assert_eq!(status, 401, "{key} as {who}")
                }
                "sign-in" => assert_eq!(status, 303, "{key} as {who}"),
                _ => assert_ne!(status, 500, "{key} as {who}: {body:.300}"),
            }
            checked += 1;
        }
    }
    assert!(checked >= 7 * 60, "{checked}");
    // A method a route does not declare: 405 with the methods it does, for
    // anyone, never a server error.
    let mut paths: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for route in &table {
        paths
            .entry(route.path.clone())
            .or_default()
            .push(route.method.to_string());
    }
    for (path, methods) in &paths {
        let url = w.app.url(&example_path(&w, path, "1"));
        let undeclared = ["PATCH", "PUT", "DELETE", "POST"]
            .into_iter()
            .find(|m| !methods.iter().any(|d| d == m))
            .unwrap();
        for who in ["anonymous", "hr"] {
            let client = client_with_token(w.tokens.get(who).map(String::as_str));
            let res = client
                .request(
                    reqwest::Method::from_bytes(undeclared.as_bytes()).unwrap(),
                    &url,
                )
                .send()
                .await
                .unwrap();
            assert_eq!(res.status().as_u16(), 405, "{undeclared} {path} as {who}");
            let allow = res.headers()["allow"].to_str().unwrap().to_owned();
            for m in methods {
                assert!(
                    allow.contains(m.as_str()),
                    "{path}: Allow {allow} lacks {m}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_division_head_reaches_only_their_units_staff_through_every_door() {
    let w = world().await;
    let head = client_with_token(Some(&w.tokens["manager"]));
    let today = w.app.store.clock().today();
    let units: Vec<String> = w
        .app
        .store
        .principal(
            w.app
                .store
                .user_by_login("manager")
                .await
                .unwrap()
                .unwrap()
                .id,
            today,
        )
        .await
        .unwrap()
        .unwrap()
        .managed_units
        .into_iter()
        .map(String::from)
        .collect();
    assert!(units.contains(&w.unit));
    // The list and search hold only their units' people.
    let list: serde_json::Value = get_json_with(&head, &w.app, "/api/v1/staff?limit=1000").await;
    let rows = list["staff"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(list["total"].as_i64().unwrap() < 600);
    for r in rows {
        let n = r["number"].as_str().unwrap();
        let theirs = w.app.store.staff_units_on(n, today).await.unwrap();
        assert!(
            theirs.iter().any(|u| units.contains(u)),
            "{n} in {theirs:?}"
        );
    }
    let outsider = w
        .app
        .store
        .staff_member(&w.outsider)
        .await
        .unwrap()
        .unwrap()
        .0;
    for path in [
        format!("/api/v1/staff?q={}", w.outsider),
        format!("/staff?q={}", w.outsider),
    ] {
        let text = text_of(head.get(w.app.url(&path))).await;
        assert!(
            !text.contains(&outsider.name),
            "{path} shows {}",
            outsider.name
        );
    }
    // The record itself, page and API.
    for path in [
        format!("/staff/{}", w.outsider),
        format!("/api/v1/staff/{}", w.outsider),
    ] {
        let res = head.get(w.app.url(&path)).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 403, "{path}");
    }
    let res = head
        .get(w.app.url(&format!("/staff/{}", w.member)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    // Another unit's members are not loaded.
    let outsider_unit = w
        .app
        .store
        .staff_units_on(&w.outsider, today)
        .await
        .unwrap()[0]
        .clone();
    let unit: serde_json::Value =
        get_json_with(&head, &w.app, &format!("/api/v1/units/{outsider_unit}")).await;
    assert_eq!(unit["members_visible"], false);
    assert_eq!(unit["members"].as_array().unwrap().len(), 0);
    // Their own unit on past dates: only those who are theirs today, never
    // someone who served there and has moved on.
    let mut moved_on = 0;
    for years_ago in 1..20 {
        let on = today - chrono::Duration::days(365 * years_ago);
        let then = w.app.store.unit_members(&w.unit, on).await.unwrap();
        let unit: serde_json::Value =
            get_json_with(&head, &w.app, &format!("/api/v1/units/{}?on={on}", w.unit)).await;
        let page = text_of(head.get(w.app.url(&format!("/units/{}?on={on}", w.unit)))).await;
        let shown: Vec<&str> = unit["members"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m["number"].as_str())
            .collect();
        for (s, _) in &then {
            let n = s.number.to_string();
            let now = w.app.store.staff_units_on(&n, today).await.unwrap();
            let theirs = now.iter().any(|u| units.contains(u));
            assert_eq!(shown.contains(&n.as_str()), theirs, "{n} on {on}");
            if !theirs {
                moved_on += 1;
                assert!(
                    !page.contains(&format!("/staff/{n}")),
                    "{n} on the page of {on}"
                );
            }
        }
    }
    assert!(moved_on > 0, "the sample city has people who moved on");
    // Lists over everyone are HR's.
    for path in ["/api/v1/events", "/api/v1/rotation", "/rotation", "/import"] {
        let res = head.get(w.app.url(path)).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 403, "{path}");
    }
    // A staff member sees only themselves.
    let me = client_with_token(Some(&w.tokens["staff"]));
    let list: serde_json::Value = get_json_with(&me, &w.app, "/api/v1/staff").await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["staff"][0]["number"], w.member.as_str());
    // Reads of others' records are in the audit log.
    let entries = audit_log(&w.app.store, "manager").await;
    assert!(
        entries
            .iter()
            .any(|e| e.action == "read" && e.record_key == w.member)
    );
}

/// The newest 100 audit entries, of one actor or (with "") everyone's.
async fn audit_log(store: &jinzai_store::Store, actor: &str) -> Vec<jinzai_store::AuditEntry> {
    store
        .audit_entries(&jinzai_store::AuditQuery {
            actor: actor.to_owned(),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap()
        .0
}

/// Signs in through the form; returns the status and the session cookie.
async fn sign_in(app: &TestApp, login: &str, password: &str) -> (u16, String) {
    sign_in_with(app, login, password, "").await
}

/// Signs in through the form, the browser sending `old_cookies` too.
async fn sign_in_with(
    app: &TestApp,
    login: &str,
    password: &str,
    old_cookies: &str,
) -> (u16, String) {
    let res = post_sign_in(app, login, password, "/plans", old_cookies).await;
    let status = res.status().as_u16();
    let session = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .rfind(|c| c.starts_with("jinzai_session="))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned())
        .unwrap_or_default();
    (status, session)
}

fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").unwrap() + 20;
    html[at..at + 64].to_owned()
}

#[tokio::test]
async fn forms_need_the_sessions_csrf_token_and_cookies_are_strict() {
    let app = TestApp::with_demo().await;
    account_token(&app.store, "kacho", "hr").await;
    let (status, session) = sign_in(&app, "kacho", TEST_PASSWORD).await;
    assert_eq!(status, 303);
    assert!(!session.is_empty());
    let anon = client_with_token(None);
    let page = text_of(
        anon.get(app.url(&format!("/plans/{PLAN}/nodes/1-1-1/progress/2013")))
            .header("cookie", &session),
    )
    .await;
    let token = csrf_of(&page);
    let path = format!("/plans/{PLAN}/nodes/1-1-1/progress/2013");
    let before = app
        .get_json(&format!("/api/v1/plans/{PLAN}/nodes/1-1-1/progress/2013"))
        .await
        .1;
    for form in [
        vec![("status", "done"), ("author", "x")],
        vec![("status", "done"), ("author", "x"), ("_csrf", "0000")],
    ] {
        let res = anon
            .post(app.url(&path))
            .header("cookie", &session)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 403);
    }
    assert_eq!(
        app.get_json(&format!("/api/v1/plans/{PLAN}/nodes/1-1-1/progress/2013"))
            .await
            .1,
        before,
        "a refused form changed nothing"
    );
    // The API with a session cookie needs the header.
    let res = anon
        .post(app.url(&format!("/api/v1/plans/{PLAN}/nodes/1-1-1/progress/2013")))
        .header("cookie", &session)
        .json(&serde_json::json!({"status": "done", "author": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let res = anon
        .post(app.url(&path))
        .header("cookie", &session)
        .form(&[
            ("status", "done"),
            ("author", "x"),
            ("_csrf", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let entries = audit_log(&app.store, "").await;
    assert!(entries.iter().any(|e| e.action == "csrf_refused"));
    assert!(
        entries
            .iter()
            .any(|e| e.record_type == "progress" && e.actor == "kacho")
    );
    // Sign-out ends the session.
    let res = anon
        .post(app.url("/logout"))
        .header("cookie", &session)
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let res = anon
        .get(app.url("/plans"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
}

#[tokio::test]
async fn repeated_failures_lock_the_login_and_bad_credentials_change_nothing() {
    let app = TestApp::with_plan().await;
    account_token(&app.store, "yamada", "viewer").await;
    for attempt in 1..=5 {
        let (status, session) = sign_in(&app, "yamada", "wrong-password").await;
        assert!(session.is_empty());
        assert_eq!(
            status,
            if attempt < 5 { 401 } else { 429 },
            "attempt {attempt}"
        );
    }
    // Even the right password is refused while locked.
    let (status, _) = sign_in(&app, "yamada", TEST_PASSWORD).await;
    assert_eq!(status, 429);
    // Unknown accounts are refused the same way.
    let (status, _) = sign_in(&app, "nobody", TEST_PASSWORD).await;
    assert_eq!(status, 401);
    // A forged cookie or token.
    let anon = client_with_token(None);
    let res = anon
        .get(app.url("/plans"))
        .header("cookie", "jinzai_session=forged")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    // The stale cookie is cleared, so the refusal is logged once.
    let cleared = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.starts_with("jinzai_session=;") && c.contains("Max-Age=0"));
    assert!(cleared);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .contains("expired=1")
    );
    let res = client_with_token(Some("jz_forged"))
        .get(app.url("/api/v1/plans"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    let entries = audit_log(&app.store, "").await;
    assert!(entries.iter().any(|e| e.action == "sign_in_throttled"));
    assert!(entries.iter().any(|e| e.action == "token_refused"));
    assert!(entries.iter().any(|e| e.action == "session_refused"));
}

#[tokio::test]
async fn a_flood_of_refusals_cannot_grow_the_audit_log_and_successes_are_all_logged() {
    let app = TestApp::with_plan().await;
    account_token(&app.store, "tanaka", "viewer").await;
    let before = app.store.verify_audit().await.unwrap().entries;
    let forged = client_with_token(Some("jz_made_up"));
    let mut flood = tokio::task::JoinSet::new();
    for _ in 0..300 {
        let forged = forged.clone();
        let url = app.url("/api/v1/plans");
        flood.spawn(async move { forged.get(url).send().await.unwrap().status().as_u16() });
    }
    while let Some(status) = flood.join_next().await {
        assert_eq!(status.unwrap(), 401);
    }
    for i in 0..20 {
        let (status, _) = sign_in(&app, &format!("nobody{i}"), "wrong").await;
        assert_eq!(status, 401);
    }
    // A sign-in that succeeds in the middle of the flood is logged.
    let (status, _) = sign_in(&app, "tanaka", TEST_PASSWORD).await;
    assert_eq!(status, 303);
    let after = app.store.verify_audit().await.unwrap().entries;
    let entries = audit_log(&app.store, "").await;
    let count = |action: &str| entries.iter().filter(|e| e.action == action).count();
    // One entry per source and minute for each kind, the rest counted: if
    // the minute turns during the test, the count of the first minute and
    // the first refusal of the next make three.
    assert!(
        (1..=3).contains(&count("token_refused")),
        "{}",
        count("token_refused")
    );
    assert!(
        (1..=3).contains(&count("sign_in_failed")),
        "{}",
        count("sign_in_failed")
    );
    assert_eq!(count("sign_in"), 1);
    assert!(
        after - before <= 7,
        "{} entries for 321 requests",
        after - before
    );
    let first = entries
        .iter()
        .find(|e| e.action == "token_refused")
        .unwrap();
    assert_eq!(first.detail["source"], "127.0.0.1");
}

#[tokio::test]
async fn redirects_after_switching_language_or_signing_in_stay_on_this_site() {
    let app = TestApp::with_plan().await;
    account_token(&app.store, "suzuki", "viewer").await;
    let anon = client_with_token(None);
    for back in [
        "/%5Cevil.example/",
        "/%09/evil.example",
        "//evil.example",
        "/%0D%0A/evil.example",
        "https://evil.example/",
        "/%5C%5Cevil.example",
    ] {
        let res = anon
            .get(app.url(&format!("/lang/en?back={back}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 303, "{back}");
        assert_eq!(res.headers()["location"], "/", "{back}");
    }
    let res = anon
        .get(app.url(&format!("/lang/en?back=/plans/{PLAN}%3Fyear%3D2012")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["location"],
        format!("/plans/{PLAN}?year=2012").as_str()
    );
    for next in [
        "/\t/evil.example",
        "/\\evil.example",
        "//evil.example",
        "/\n/evil.example",
    ] {
        let (status, location) = sign_in_to(&app, "suzuki", TEST_PASSWORD, next).await;
        assert_eq!(status, 303);
        assert_eq!(location, "/plans", "{next:?}");
    }
    let (_, location) = sign_in_to(&app, "suzuki", TEST_PASSWORD, "/staff?q=1").await;
    assert_eq!(location, "/staff?q=1");
}

/// Signs in through the form asking to go on to `next`; the status and
/// where the answer sends the browser.
async fn sign_in_to(app: &TestApp, login: &str, password: &str, next: &str) -> (u16, String) {
    let res = post_sign_in(app, login, password, next, "").await;
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (res.status().as_u16(), location)
}

#[tokio::test]
async fn idle_sessions_expire_and_revoked_tokens_stop_working() {
    let app = TestApp::spawn_with(jinzai_web::AuthSettings {
        session: jinzai_store::accounts::SessionPolicy {
            idle: chrono::Duration::zero(),
            absolute: chrono::Duration::hours(1),
        },
        secure_cookies: true,
    })
    .await;
    account_token(&app.store, "suzuki", "viewer").await;
    let (status, session) = sign_in(&app, "suzuki", TEST_PASSWORD).await;
    assert_eq!(status, 303);
    let res = client_with_token(None)
        .get(app.url("/plans"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .contains("expired=1")
    );

    let token = account_token(&app.store, "batch", "hr").await;
    let client = client_with_token(Some(&token));
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
    let tokens = app.store.tokens().await.unwrap();
    let id = tokens.iter().find(|t| t.login == "batch").unwrap().id;
    assert!(app.store.revoke_token(id, "tests").await.unwrap());
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        401
    );
}

#[tokio::test]
async fn the_audit_chain_verifies_and_names_the_first_tampered_entry() {
    let app = TestApp::with_demo().await;
    // The demo's own writes (plan, sample progress, lock, publication) are
    // in the log already.
    let seeded = app.store.verify_audit().await.unwrap().entries;
    assert!(seeded > 90, "{seeded}");
    for year in [2012, 2013] {
        let res = app
            .client
            .put(app.url(&format!("/api/v1/plans/{PLAN}/locks/{year}")))
            .json(&serde_json::json!({"by": "人事課長"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
    }
    let check = app.store.verify_audit().await.unwrap();
    assert_eq!(check.entries, seeded + 2);
    assert_eq!(check.first_broken, None);
    let newest = audit_log(&app.store, "hr-test").await;
    assert_eq!(newest[0].record_key, format!("{PLAN}/2013"));
    assert_eq!(newest[0].action, "lock");
    // The database refuses edits; someone with the file drops the guard.
    let edit = "UPDATE audit_log SET actor = 'someone' WHERE seq = 1";
    let drop_guard = match app.store.db() {
        jinzai_store::Db::Sqlite(_) => "DROP TRIGGER audit_log_no_update",
        jinzai_store::Db::Postgres(_) => "DROP TRIGGER audit_log_no_change ON audit_log",
    };
    // Both engines refuse with an error.
    // (Unprepared statements: a cached plan would keep the dropped trigger.)
    assert!(raw_sql(&app, edit).await.is_err(), "the guard raises");
    assert_eq!(
        app.store.verify_audit().await.unwrap().first_broken,
        None,
        "the guard held"
    );
    raw_sql(&app, drop_guard).await.unwrap();
    assert_eq!(raw_sql(&app, edit).await.unwrap(), 1);
    let check = app.store.verify_audit().await.unwrap();
    assert_eq!(
        check.first_broken.as_ref().map(|b| b.0),
        Some(1),
        "{check:?}"
    );
    assert_eq!(check.entries, 0);
}

#[tokio::test]
async fn citizens_see_only_the_years_hr_published_and_no_names() {
    let app = TestApp::with_demo().await;
    let anon = client_with_token(None);
    let get = |path: String| {
        let anon = anon.clone();
        let url = app.url(&path);
        async move {
            let res = anon.get(url).send().await.unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    // The demo published FY2011; withdrawn, nothing is left, and the plan's
    // public page does not exist.
    let res = app
        .post_form(&format!("/plans/{PLAN}/years/2011/unpublish"), &[])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(get(format!("/public/{PLAN}")).await.0, 404);
    assert_eq!(get(format!("/api/v1/public/{PLAN}")).await.0, 404);
    let (status, list) = get("/public".into()).await;
    assert_eq!(status, 200);
    assert!(list.contains("公開されている年度はまだありません"));
    // The start page sends visitors to it.
    let res = anon.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/public");

    // Only a locked year can be published: the refusal says what to do.
    let res = app
        .client
        .put(app.url(&format!("/api/v1/plans/{PLAN}/publications/2012")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 409);
    let refusal: serde_json::Value = res.json().await.unwrap();
    assert!(
        refusal["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("is not locked yet: lock it")),
        "{refusal}"
    );
    for year in [2012, 2013] {
        let (s, _) = app
            .send_json(
                reqwest::Method::PUT,
                &format!("/api/v1/plans/{PLAN}/locks/{year}"),
                &serde_json::json!({"by": "人事課"}),
            )
            .await;
        assert_eq!(s, 200);
    }
    // HR checks the preview (what citizens will see, what is unreported),
    // publishes FY2012 from it (the page form) and FY2013 (the API), then
    // withdraws FY2013.
    let preview = text_of(
        app.client
            .get(app.url(&format!("/plans/{PLAN}/years/2012/publish"))),
    )
    .await;
    assert!(preview.contains("公開前の確認") && preview.contains("この内容で公開する"));
    assert!(
        !preview.contains(jinzai::demo::SAMPLE_AUTHOR),
        "no author in the preview"
    );
    let res = app
        .post_form(&format!("/plans/{PLAN}/years/2012/publish"), &[])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        res.headers()["location"],
        format!("/plans/{PLAN}/report?published=2012#locks").as_str()
    );
    let report = text_of(
        app.client
            .get(app.url(&format!("/plans/{PLAN}/report?published=2012"))),
    )
    .await;
    assert!(
        report.contains("平成24年度 (2012)を公開しました。"),
        "a success message"
    );
    for method in [reqwest::Method::PUT, reqwest::Method::DELETE] {
        let res = app
            .client
            .request(
                method,
                app.url(&format!("/api/v1/plans/{PLAN}/publications/2013")),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
    }
    let (status, page) = get(format!("/public/{PLAN}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("平成24年度"), "{page:.500}");
    assert!(!page.contains("平成25年度"));
    assert!(!page.contains(jinzai::demo::SAMPLE_AUTHOR));
    let (_, json) = get(format!("/api/v1/public/{PLAN}")).await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["fiscal_years"], serde_json::json!([2012]));
    let rows = json["table"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 34);
    assert!(rows.iter().all(|r| r.get("author").is_none()));
    let (status, csv) = get(format!("/public/{PLAN}/download?format=csv")).await;
    assert_eq!(status, 200);
    assert!(!csv.contains("記入者"));
    // Publishing is HR's alone, and it is in the audit log.
    let viewer = client_with_token(Some(&account_token(&app.store, "v", "viewer").await));
    let res = viewer
        .put(app.url(&format!("/api/v1/plans/{PLAN}/publications/2011")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let entries = audit_log(&app.store, "hr-test").await;
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.record_type == "publication")
            .count(),
        4
    );
}

#[tokio::test]
async fn a_write_and_its_audit_entry_commit_or_fail_together() {
    let app = TestApp::with_demo().await;
    let cell = format!("/api/v1/plans/{PLAN}/nodes/1-1-1/progress/2013");
    let before = app.get_json(&cell).await.1;
    // Break the log's head (as a failing disk or a tamperer might): the
    // write cannot be logged, so it is not made.
    let break_head = match app.store.db() {
        jinzai_store::Db::Sqlite(_) => "DROP TRIGGER audit_head_no_delete; DELETE FROM audit_head",
        jinzai_store::Db::Postgres(_) => {
            "DROP TRIGGER audit_head_no_insert_delete ON audit_head; DELETE FROM audit_head"
        }
    };
    raw_sql(&app, break_head).await.unwrap();
    let (status, _) = app
        .post_json(&cell, &serde_json::json!({"status": "done", "author": "x"}))
        .await;
    assert_eq!(status, 500);
    assert_eq!(app.get_json(&cell).await.1, before, "nothing was written");
    let res = app
        .client
        .put(app.url(&format!("/api/v1/plans/{PLAN}/locks/2013")))
        .json(&serde_json::json!({"by": "人事課長"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 500);
    let plan = app.store.load_plan(PLAN, None).await.unwrap();
    let locks = app.store.year_locks(plan.id).await.unwrap();
    assert!(
        locks.iter().all(|l| l.fiscal_year != 2013),
        "the lock was not made"
    );
}

#[tokio::test]
async fn the_first_administrator_and_api_tokens_come_from_the_command_line() {
    use std::process::Command;
    let app = TestApp::with_plan().await;
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_jinzai"))
            .args(args)
            .env("JINZAI_DATABASE_URL", app.database_url())
            .env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file())
            .env("JINZAI_PASSWORD", "first-admin-password")
            .env("JINZAI_LOG", "error")
            .output()
            .unwrap()
    };
    let out = run(&[
        "user",
        "add",
        "root",
        "--role",
        "admin",
        "--role",
        "hr",
        "--name",
        "管理者",
    ]);
    assert_success(&out);
    // A bad role is refused, naming it.
    let out = run(&["user", "add", "x", "--role", "boss"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("boss"));
    // The administrator signs in through the form.
    let (status, _) = sign_in(&app, "root", "first-admin-password").await;
    assert_eq!(status, 303);
    let out = run(&[
        "user",
        "token",
        "root",
        "--role",
        "hr",
        "--name",
        "nightly import",
    ]);
    assert_success(&out);
    let token = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let client = client_with_token(Some(&token));
    let me: serde_json::Value = get_json_with(&client, &app, "/api/v1/me").await;
    assert_eq!(me["login"], "root");
    assert_eq!(
        me["roles"].as_array().unwrap().len(),
        1,
        "the token holds one role"
    );
    let id = app.store.tokens().await.unwrap()[0].id.to_string();
    assert!(run(&["user", "revoke", &id]).status.success());
    let res = client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 401);
    let out = run(&["user", "list"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("root\t管理者\tadmin, hr"));
    let entries = audit_log(&app.store, "").await;
    assert!(entries.iter().any(|e| e.actor.starts_with("cli:")
        && e.record_type == "api_token"
        && e.action == "revoke"));
}

#[tokio::test]
async fn signing_in_again_over_an_expired_session_keeps_the_new_one() {
    let app = TestApp::with_plan().await;
    account_token(&app.store, "sato", "viewer").await;
    let (status, session) =
        sign_in_with(&app, "sato", TEST_PASSWORD, "jinzai_session=long-gone").await;
    assert_eq!(status, 303);
    assert!(
        !session.ends_with('='),
        "the last Set-Cookie starts a session: {session}"
    );
    let res = client_with_token(None)
        .get(app.url("/plans"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
}
