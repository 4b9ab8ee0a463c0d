//! Test harness: a database per test and a server on a free port.

use jinzai_domain::Clock;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::plan::parse_plan;
use jinzai_store::Store;
use jinzai_web::AppState;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const KIYOSE: &str = include_str!("../../../../plans/kiyose-2011.toml");
pub const PLAN: &str = "kiyose-2011";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The audit key every test database is sealed with (test data only).
pub const TEST_AUDIT_KEY: &str = "6a696e7a61692d746573742d61756469742d6b65792d6e6f742d736563726574";

pub fn test_audit_key() -> jinzai_store::AuditKey {
    jinzai_store::AuditKey::from_hex(TEST_AUDIT_KEY).unwrap_or_else(|| panic!("test key"))
}

/// A file holding [`TEST_AUDIT_KEY`], for the command line
/// (`JINZAI_AUDIT_KEY_FILE`).
pub fn audit_key_file() -> std::path::PathBuf {
    static FILE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        let path =
            std::env::temp_dir().join(format!("jinzai-test-{}.audit-key", std::process::id()));
        std::fs::write(&path, TEST_AUDIT_KEY).unwrap_or_else(|e| panic!("{e}"));
        path
    })
    .clone()
}

/// A database for one test; the SQLite file goes with the temp dir.
/// The health key every test database is opened with (test data only).
pub const TEST_HEALTH_KEY: &str =
    "6a696e7a61692d746573742d6865616c74682d6b65792d6e6f742d7365637265";

pub fn test_health_key() -> jinzai_store::health::vault::HealthKey {
    jinzai_store::health::vault::HealthKey::from_hex(TEST_HEALTH_KEY)
        .unwrap_or_else(|| panic!("test health key"))
}

pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn new() -> TestDb {
        match std::env::var("JINZAI_TEST_DATABASE_URL") {
            Ok(base) if !base.is_empty() => {
                let schema = format!(
                    "jzt_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst)
                );
                let pool = sqlx::PgPool::connect(&base)
                    .await
                    .unwrap_or_else(|e| panic!("JINZAI_TEST_DATABASE_URL: {e}"));
                drop_old_schemas(&pool).await;
                sqlx::query(&format!("CREATE SCHEMA {schema}"))
                    .execute(&pool)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                pool.close().await;
                let sep = if base.contains('?') { '&' } else { '?' };
                TestDb {
                    url: format!("{base}{sep}options[search_path]={schema}"),
                    _dir: None,
                }
            }
            _ => {
                let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                TestDb {
                    url,
                    _dir: Some(dir),
                }
            }
        }
    }
}

/// Schemas left by earlier runs (other process ids) are removed.
async fn drop_old_schemas(pool: &sqlx::PgPool) {
    let mine = format!("jzt_{}_", std::process::id());
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'jzt\\_%'")
            .fetch_all(pool)
            .await
            .unwrap_or_default();
    for (name,) in rows.into_iter().filter(|(n,)| !n.starts_with(&mine)) {
        let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
            .execute(pool)
            .await;
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub store: Store,
    /// Kept alive for the test's duration (the SQLite file lives in it).
    _db: TestDb,
}

impl TestApp {
    /// An empty database and a server; the client is signed in as HR
    /// (an API token), the role that may do almost everything.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(jinzai_web::AuthSettings::default()).await
    }

    /// Like [`TestApp::spawn`], with other session settings.
    pub async fn spawn_with(auth: jinzai_web::AuthSettings) -> TestApp {
        TestApp::spawn_full(auth, Clock::system()).await
    }

    /// Like [`TestApp::spawn`], the server and store running on `clock`.
    pub async fn spawn_on(clock: Clock) -> TestApp {
        TestApp::spawn_full(jinzai_web::AuthSettings::default(), clock).await
    }

    async fn spawn_full(auth: jinzai_web::AuthSettings, clock: Clock) -> TestApp {
        TestApp::spawn_keyed(auth, clock, Some(test_health_key()), TestDb::new().await).await
    }

    /// A server whose store holds `health` as its health key (none: the
    /// health store stays locked), on the database `db` (a new one, or
    /// one an earlier server used).
    pub async fn spawn_keyed(
        auth: jinzai_web::AuthSettings,
        clock: Clock,
        health: Option<jinzai_store::health::vault::HealthKey>,
        db: TestDb,
    ) -> TestApp {
        let mut store = Store::connect(&db.url)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .with_clock(clock)
            .with_audit_key(test_audit_key())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        if let Some(key) = health {
            store = store
                .with_health_key(key)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let base = format!(
            "http://{}",
            listener.local_addr().unwrap_or_else(|e| panic!("{e}"))
        );
        let state = AppState {
            store: store.clone(),
            demo: false,
            auth,
            notify: Default::default(),
            security: Default::default(),
        };
        tokio::spawn(async move { jinzai_web::serve(listener, state).await });
        // A second server on the same database signs in as another HR account.
        let login = match COUNTER.fetch_add(1, Ordering::SeqCst) {
            _ if store
                .user_by_login("hr-test")
                .await
                .ok()
                .flatten()
                .is_none() =>
            {
                "hr-test".to_owned()
            }
            n => format!("hr-test-{n}"),
        };
        let token = account_token(&store, &login, "hr").await;
        let client = client_with_token(Some(&token));
        TestApp {
            base,
            client,
            store,
            _db: db,
        }
    }

    /// The test's database, handed on (to start another server on it).
    pub fn into_db(self) -> TestDb {
        self._db
    }

    /// The database the server uses (for the CLI).
    pub fn database_url(&self) -> &str {
        &self._db.url
    }

    /// With Kiyose's plan imported, no progress.
    pub async fn with_plan() -> TestApp {
        let app = TestApp::spawn().await;
        let plan = parse_plan(KIYOSE).unwrap_or_else(|e| panic!("{e}"));
        app.store
            .import_plan(&plan, KIYOSE, "test", "tests")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        app
    }

    /// With the demo's plan, sample progress and locked first year.
    pub async fn with_demo() -> TestApp {
        let app = TestApp::spawn().await;
        jinzai::demo::seed(&app.store)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        app
    }

    /// With the demo's sample city (organisation, 600 staff, careers).
    pub async fn with_people() -> TestApp {
        let app = TestApp::spawn().await;
        jinzai::demo::seed_people(&app.store)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        app
    }

    /// Sends raw bytes (a file) with POST.
    pub async fn post_bytes(&self, path: &str, bytes: Vec<u8>) -> (u16, serde_json::Value) {
        let res = self
            .client
            .post(self.url(path))
            .body(bytes)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let status = res.status().as_u16();
        let body = res.json().await.unwrap_or(serde_json::Value::Null);
        conforms("POST", path, status, &body);
        (status, body)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        (status, res.text().await.unwrap_or_default())
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        let body = res.json().await.unwrap_or(serde_json::Value::Null);
        conforms("GET", path, status, &body);
        (status, body)
    }

    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let res = self
            .client
            .request(method.clone(), self.url(path))
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let status = res.status().as_u16();
        let body = res.json().await.unwrap_or(serde_json::Value::Null);
        conforms(method.as_str(), path, status, &body);
        (status, body)
    }

    pub async fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> (u16, serde_json::Value) {
        self.send_json(reqwest::Method::POST, path, body).await
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }
}

/// GETs `path` of `app` as `client` (another account's) and reads the JSON
/// answer, checked against the OpenAPI document like every other.
pub async fn get_json_with(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
) -> serde_json::Value {
    let res = client
        .get(app.url(path))
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let status = res.status().as_u16();
    let body = res.json().await.unwrap_or(serde_json::Value::Null);
    conforms("GET", path, status, &body);
    body
}

/// Sends `body` (or nothing) to `path` of `app` as `client` (another
/// account's), and reads the JSON answer, checked against the OpenAPI
/// document like every other.
pub async fn send(
    client: &reqwest::Client,
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let name = method.as_str().to_owned();
    let mut req = client.request(method, app.url(path));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap_or_else(|e| panic!("{path}: {e}"));
    let status = res.status().as_u16();
    let v: serde_json::Value = res.json().await.unwrap_or_default();
    conforms(&name, path, status, &v);
    (status, v)
}

/// The fields a 422 answer names, in order.
pub fn fields(v: &serde_json::Value) -> Vec<String> {
    v["error"]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["field"].as_str().unwrap_or("").to_owned())
        .collect()
}

/// The password of accounts the tests make.
pub const TEST_PASSWORD: &str = "test-password-1";

/// Creates an account with `roles` ("hr", "manager:K01", …) and returns an
/// API token for its first role.
pub async fn account_token(store: &Store, login: &str, roles: &str) -> String {
    account_token_linked(store, login, roles, None).await
}

/// Like [`account_token`], linked to a staff record.
pub async fn account_token_linked(
    store: &Store,
    login: &str,
    roles: &str,
    staff_number: Option<&str>,
) -> String {
    use jinzai_store::accounts::{NewUser, parse_grant};
    let grants: Vec<_> = roles
        .split(',')
        .map(|r| parse_grant(r).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let role = grants[0].role;
    let id = store
        .create_user(
            &NewUser {
                login: login.to_owned(),
                display_name: format!("{login} テスト"),
                password: TEST_PASSWORD.to_owned(),
                staff_number: staff_number.map(|n| StaffNumber::parse(n).unwrap()),
                grants,
            },
            "tests",
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .issue_token(id, role, "tests", "tests")
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .1
}

/// A client that does not follow redirects, with a bearer token or none.
pub fn client_with_token(token: Option<&str>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(t) = token {
        headers.insert(
            reqwest::header::AUTHORIZATION,
            reqwest::header::HeaderValue::from_str(&format!("Bearer {t}"))
                .unwrap_or_else(|e| panic!("{e}")),
        );
    }
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The OpenAPI document as JSON, read once from the web crate (the same
/// value `/api/openapi.json` serves).
fn openapi_json() -> &'static serde_json::Value {
    static DOC: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        serde_json::to_value(jinzai_web::openapi_document())
            .unwrap_or_else(|e| panic!("the OpenAPI document does not serialize: {e}"))
    })
}

/// The documented path template `path` answers to: literal segments beat
/// `{parameters}`, so `/api/v1/audit/verify` is not `/api/v1/audit/{x}`.
fn operation_path(path: &str) -> Option<&'static str> {
    let doc = openapi_json();
    let path = path.split('?').next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    doc["paths"]
        .as_object()?
        .keys()
        .filter_map(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            if parts.len() != segments.len() {
                return None;
            }
            let mut literal = 0;
            for (t, s) in parts.iter().zip(&segments) {
                if t.starts_with('{') && t.ends_with('}') && !s.is_empty() {
                    continue;
                }
                if t != s {
                    return None;
                }
                literal += 1;
            }
            Some((literal, template.as_str()))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, t)| t)
}

/// Checks a real API response against the OpenAPI document: the operation
/// must be documented, the status documented for it (or fall to its
/// `default`, the error body), and the JSON body must match the schema.
/// Panics naming the mismatch. Paths outside `/api/v1` are not checked.
pub fn conforms(method: &str, path: &str, status: u16, body: &serde_json::Value) {
    if !path.starts_with("/api/v1") {
        return;
    }
    let doc = openapi_json();
    let schema = match operation_path(path) {
        Some(template) => {
            let op = &doc["paths"][template][method.to_ascii_lowercase()];
            if op.is_null() {
                assert!(
                    status >= 400,
                    "{method} {path}: {status} from an operation the document does not describe"
                );
                serde_json::json!({"$ref": "#/components/schemas/ErrorBody"})
            } else {
                let responses = &op["responses"];
                let response = match &responses[status.to_string()] {
                    serde_json::Value::Null => &responses["default"],
                    r => r,
                };
                assert!(
                    !response.is_null()
                        && (status >= 400 || !responses[status.to_string()].is_null()),
                    "{method} {template}: status {status} is not documented"
                );
                match &response["content"]["application/json"]["schema"] {
                    serde_json::Value::Null => {
                        assert!(
                            body.is_null(),
                            "{method} {template} {status}: a JSON body the document does not describe: {body:.300}"
                        );
                        return;
                    }
                    s => s.clone(),
                }
            }
        }
        None => {
            assert!(
                status >= 400,
                "{method} {path}: {status} from a path the document does not list"
            );
            serde_json::json!({"$ref": "#/components/schemas/ErrorBody"})
        }
    };
    let mut root = serde_json::json!({ "allOf": [schema.clone()] });
    root["components"] = doc["components"].clone();
    let validator = jsonschema::draft202012::new(&root)
        .unwrap_or_else(|e| panic!("{method} {path}: the documented schema is not valid: {e}"));
    let problems: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(
        problems.is_empty(),
        "{method} {path} {status}: the response does not match {schema}:\n{}\nbody: {:.600}",
        problems.join("\n"),
        body.to_string()
    );
}

/// Sends a request and reads its body as text (a page, a CSV).
pub async fn text_of(request: reqwest::RequestBuilder) -> String {
    request.send().await.unwrap().text().await.unwrap()
}

/// Fails the test with the command's standard error unless it succeeded.
pub fn assert_success(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The newest audit entries about one kind of record (up to 200).
pub async fn audit_of(app: &TestApp, record_type: &str) -> Vec<jinzai_store::AuditEntry> {
    let query = jinzai_store::AuditQuery {
        record_type: record_type.into(),
        limit: 200,
        ..Default::default()
    };
    app.store.audit_entries(&query).await.unwrap().0
}

/// Who a use case is called as: `login` with one role, linked to a staff
/// record or not.
pub fn principal(
    login: &str,
    role: jinzai_domain::access::Role,
    staff_number: Option<&str>,
) -> jinzai_domain::access::Principal {
    jinzai_domain::access::Principal {
        user_id: Some(1),
        login: login.into(),
        staff_number: staff_number
            .map(|n| jinzai_domain::people::StaffNumber::stored(n.to_owned())),
        grants: vec![jinzai_domain::access::Grant { role, unit: None }],
        ..Default::default()
    }
}

/// Posts the sign-in form as a browser does: the form first (for its CSRF
/// cookie), then `login`, `password` and `next`, sending `old_cookies` too.
pub async fn post_sign_in(
    app: &TestApp,
    login: &str,
    password: &str,
    next: &str,
    old_cookies: &str,
) -> reqwest::Response {
    let anon = client_with_token(None);
    let res = anon
        .get(app.url("/login"))
        .header("cookie", old_cookies)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("jinzai_login_csrf="))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("the sign-in form sets its CSRF cookie"))
        .to_owned();
    let token = cookie.trim_start_matches("jinzai_login_csrf=").to_owned();
    anon.post(app.url("/login"))
        .header("cookie", format!("{cookie}; {old_cookies}"))
        .form(&[
            ("login", login),
            ("password", password),
            ("_csrf", &token),
            ("next", next),
        ])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Runs SQL on the test's database as someone with the file would, outside
/// jinzai (unprepared: a cached plan would outlive a dropped trigger).
pub async fn raw_sql(app: &TestApp, sql: &str) -> Result<u64, sqlx::Error> {
    match app.store.db() {
        jinzai_store::Db::Sqlite(p) => sqlx::raw_sql(sql)
            .execute(p)
            .await
            .map(|r| r.rows_affected()),
        jinzai_store::Db::Postgres(p) => sqlx::raw_sql(sql)
            .execute(p)
            .await
            .map(|r| r.rows_affected()),
    }
}
