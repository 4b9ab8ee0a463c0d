//! The `jinzai` command line, run as a user would.

use crate::support::{KIYOSE, TestDb};
use std::path::Path;
use std::process::{Command, Output};

fn jinzai(args: &[&str], db: &str) -> Output {
    jinzai_on(None, args, db)
}

/// Runs `jinzai` speaking English (`JINZAI_LANG=en`).
fn jinzai_en(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jinzai"))
        .args(args)
        .env("JINZAI_LANG", "en")
        .env("JINZAI_LOG", "error")
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Runs `jinzai` on the day `today` (`JINZAI_TODAY`), or the real one.
fn jinzai_on(today: Option<&str>, args: &[&str], db: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jinzai"));
    cmd.args(args)
        .env_remove("JINZAI_DATA_DIR")
        .env("JINZAI_LOG", "error");
    match today {
        Some(day) => cmd.env("JINZAI_TODAY", day),
        None => cmd.env_remove("JINZAI_TODAY"),
    };
    if db.starts_with("sqlite://") || db.starts_with("postgres") {
        cmd.env("JINZAI_DATABASE_URL", db);
        cmd.env("JINZAI_AUDIT_KEY_FILE", crate::support::audit_key_file());
    } else {
        cmd.env_remove("JINZAI_DATABASE_URL")
            .arg("--data-dir")
            .arg(db);
    }
    cmd.output().unwrap_or_else(|e| panic!("{e}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn plan_file(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap_or_else(|e| panic!("{e}"));
    path.display().to_string()
}

#[test]
fn plan_check_accepts_kiyose_and_locates_every_problem() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = plan_file(dir.path(), "kiyose.toml", KIYOSE);
    let out = jinzai(&["plan", "check", &good], "unused");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("3 柱 / 20 取組み / 34 方策"),
        "{}",
        text(&out.stdout)
    );

    let bad = KIYOSE
        .replacen("\nyear = 2013", "\nyear = 2015", 1)
        .replacen("code = \"2-1-1\"", "code = \"2-1-2\"", 1);
    let bad_path = plan_file(dir.path(), "bad.toml", &bad);
    // In Japanese by default; in English with JINZAI_LANG=en.
    let out = jinzai(&["plan", "check", &bad_path], "unused");
    assert_eq!(out.status.code(), Some(1));
    let ja = text(&out.stderr);
    assert!(
        ja.contains("2015年度は計画の期間（2011〜2013年度）の外です"),
        "{ja}"
    );
    assert!(ja.contains("コード「2-1-2」が重複しています"), "{ja}");
    let out = jinzai_en(&["plan", "check", &bad_path]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    for l in &lines {
        let mut parts = l.splitn(4, ':');
        assert_eq!(parts.next(), Some(bad_path.as_str()));
        assert!(
            parts.next().is_some_and(|n| n.parse::<usize>().is_ok()),
            "{l}"
        );
        assert!(
            parts.next().is_some_and(|n| n.parse::<usize>().is_ok()),
            "{l}"
        );
    }
    assert!(
        err.contains("year 2015 is outside the plan's range 2011..2013"),
        "{err}"
    );
    assert!(err.contains("duplicate code \"2-1-2\""), "{err}");

    let unknown = plan_file(
        dir.path(),
        "unknown.toml",
        &KIYOSE.replacen("title = \"清瀬市", "titel = \"清瀬市", 1),
    );
    let out = jinzai_en(&["plan", "check", &unknown]);
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!("{unknown}:3:1: unknown field `titel`")),
        "{err}"
    );

    let binary = dir.path().join("binary.toml");
    std::fs::write(&binary, b"[plan]\ncode = \"\xff\"\n").unwrap_or_else(|e| panic!("{e}"));
    let out = jinzai_en(&["plan", "check", &binary.display().to_string()]);
    assert!(
        text(&out.stderr).contains("not UTF-8 text (invalid byte at offset 15)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn plan_show_prints_the_tree_as_json() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = plan_file(dir.path(), "kiyose.toml", KIYOSE);
    let out = jinzai(&["plan", "show", "--json", &file], "unused");
    assert!(out.status.success());
    let tree: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tree["nodes"].as_array().map(Vec::len), Some(3));
    let measure = &tree["nodes"][0]["children"][0]["children"][0];
    assert_eq!(
        (
            measure["code"].as_str(),
            measure["level"].as_str(),
            measure["number"].as_str()
        ),
        (Some("1-1-1"), Some("方策"), Some("①"))
    );
    assert_eq!(measure["schedule"][0]["label"], "平成23年度 (2011)");
    assert_eq!(measure["schedule"][1]["items"][0]["inferred"], true);
    let exchange = &tree["nodes"][0]["children"][7]["children"][0];
    assert_eq!(exchange["schedule"][2]["items"][0]["target"], 8.0);
    assert_eq!(exchange["schedule"][2]["items"][0]["unit"], "名");
    let text_out = jinzai(&["plan", "show", &file], "unused");
    assert!(text(&text_out.stdout).contains("[計画に記載なし]"));
}

#[tokio::test]
async fn import_then_report_in_every_format_on_the_configured_database() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = plan_file(dir.path(), "kiyose.toml", KIYOSE);
    let out = jinzai(&["plan", "import", &file], &db.url);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("imported plan kiyose-2011 as version 1"));
    let out = jinzai(&["plan", "import", &file], &db.url);
    assert!(text(&out.stdout).contains("unchanged (version 1)"));
    let out = jinzai(&["plan", "list"], &db.url);
    assert!(text(&out.stdout).starts_with("kiyose-2011\tv1\t2011–2013"));

    for (format, encoding, name) in [
        ("csv", "utf-8", "p.csv"),
        ("csv", "cp932", "p-sjis.csv"),
        ("xlsx", "utf-8", "p.xlsx"),
        ("json", "utf-8", "p.json"),
    ] {
        let path = dir.path().join(name).display().to_string();
        let out = jinzai(
            &[
                "report",
                "progress",
                "--plan",
                "kiyose-2011",
                "--format",
                format,
                "--encoding",
                encoding,
                "-o",
                &path,
            ],
            &db.url,
        );
        assert!(out.status.success(), "{format}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("103 rows") || text(&out.stdout).contains("102 rows"),
            "{}",
            text(&out.stdout)
        );
    }
    let sjis = std::fs::read(dir.path().join("p-sjis.csv")).unwrap_or_default();
    let (decoded, _, bad) = encoding_rs::SHIFT_JIS.decode(&sjis);
    assert!(!bad && decoded.starts_with("柱,取組み,方策"));
    let utf8 = std::fs::read(dir.path().join("p.csv")).unwrap_or_default();
    assert!(utf8.starts_with(b"\xEF\xBB\xBF"));

    let out = jinzai(
        &[
            "progress",
            "lock",
            "--plan",
            "kiyose-2011",
            "--year",
            "2012",
            "--by",
            "人事",
        ],
        &db.url,
    );
    assert!(
        text(&out.stdout).contains("locked 平成24年度 (2012)"),
        "{}",
        text(&out.stderr)
    );
    let out = jinzai(
        &[
            "progress",
            "lock",
            "--plan",
            "kiyose-2011",
            "--year",
            "2020",
            "--by",
            "人事",
        ],
        &db.url,
    );
    assert_eq!(out.status.code(), Some(1));
    let out = jinzai(
        &["report", "progress", "--plan", "nope", "-o", "x.csv"],
        &db.url,
    );
    assert!(text(&out.stderr).contains("no plan \"nope\""));
}

#[tokio::test]
async fn the_data_directory_holds_an_embedded_database_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = plan_file(dir.path(), "kiyose.toml", KIYOSE);
    let data = dir.path().join("data").display().to_string();
    let out = jinzai(&["plan", "import", &file], &data);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("data/jinzai.db").exists());
    // WAL mode is recorded in the database file itself.
    use sqlx::Connection;
    let url = format!("sqlite://{}", dir.path().join("data/jinzai.db").display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(mode, "wal", "SQLite runs in WAL mode");
}

#[test]
fn an_unreachable_database_fails_at_start_saying_which_and_why() {
    let out = jinzai(
        &["plan", "list"],
        "postgres://jinzai:secret@127.0.0.1:1/nowhere",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("cannot open database postgres://jinzai:***@127.0.0.1:1/nowhere"),
        "{err}"
    );
    assert!(!err.contains("secret"));
    let out = jinzai(&["plan", "list"], "sqlite:///nonexistent-dir/x/y.db");
    assert!(
        text(&out.stderr).contains("cannot open database sqlite:///nonexistent-dir/x/y.db"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_taken_port_is_reported() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let port = taken
        .local_addr()
        .map(|a| a.port())
        .unwrap_or_default()
        .to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_jinzai"))
        .args(["demo", "--port", &port])
        .env("JINZAI_LOG", "error")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(&format!("127.0.0.1:{port} is already in use")),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn jinzai_today_sets_the_day_for_every_command() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let plan = plan_file(dir.path(), "kiyose.toml", KIYOSE);
    let out = jinzai_on(Some("2013-06-01"), &["plan", "import", &plan], &db.url);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lock = [
        "progress",
        "lock",
        "--plan",
        "kiyose-2011",
        "--year",
        "2012",
        "--by",
        "人事",
    ];
    let out = jinzai_on(Some("2013-06-01"), &lock, &db.url);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let store = jinzai_store::Store::connect(&db.url)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let id = store
        .load_plan("kiyose-2011", None)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .id;
    let locks = store.year_locks(id).await.unwrap_or_default();
    let at = jinzai_domain::clock::display_jst(&locks[0].locked_at);
    assert!(at.starts_with("2013-06-01 "), "locked on {at}");
    let versions = store.plan_versions("kiyose-2011").await.unwrap_or_default();
    let at = jinzai_domain::clock::display_jst(&versions[0].imported_at);
    assert!(at.starts_with("2013-06-01 "), "imported on {at}");

    // A day that is not a date is refused, naming the variable.
    let out = jinzai_on(Some("6/1/2013"), &["plan", "list"], &db.url);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("JINZAI_TODAY") && err.contains("2013-06-01"),
        "{err}"
    );
}
