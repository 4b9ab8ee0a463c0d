//! Benchmarks that print figures, each next to a floor measured in the same
//! run on the same machine (these machines are noisy: compare ratios).
//!
//!   jinzai-bench import  --rows 1000000 [--rounds 3] [--database-url URL]
//!       a full-validation import of an assignments CSV, against sqlite3's
//!       `.import` (SQLite) or COPY (PostgreSQL) of the same file into a
//!       bare table and on into a table with our schema; rounds alternate,
//!       each into a fresh database, and the best of each is compared
//!   jinzai-bench queries --staff 170000 [--database-url URL]
//!       staff search, staff list page and rotation view, each against the
//!       SQL underneath it run alone
//!   jinzai-bench indicators --staff 170000 --intensity 11 [--database-url URL]
//!       every indicator of Kiyose's plan for every year of the generated
//!       records (over 20 million participation rows), against hand-written
//!       SQL computing the same numbers; and the dashboard per request
//!   jinzai-bench rounds --measures 500 --divisions 100 [--database-url URL]
//!       opening a progress round and HR's home page (each division's
//!       completion, entries to review, overdue), against reading the
//!       round's cells, owners and units alone

use anyhow::Context;
use clap::{Parser, Subcommand};
use jinzai::generate::generate_with;
use jinzai_io::import::{Kind, Outcome, import_bytes};
use jinzai_io::read::InputEncoding;
use jinzai_io::read::people as sheets;
use jinzai_io::{Encoding, Format};
use jinzai_store::{Db, ImportOptions, Store};
use sqlx::postgres::PgPoolCopyExt;
use std::path::Path;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(about = "jinzai benchmarks: figures with a floor measured in the same run")]
struct Cli {
    #[command(subcommand)]
    command: Bench,
    /// PostgreSQL URL; a temporary SQLite file when absent.
    #[arg(long, global = true, env = "JINZAI_BENCH_DATABASE_URL")]
    database_url: Option<String>,
}

#[derive(Subcommand)]
enum Bench {
    Import {
        #[arg(long, default_value_t = 1_000_000)]
        rows: usize,
        /// Rounds of both imports, each into a fresh database; the best of
        /// each is compared.
        #[arg(long, default_value_t = 3)]
        rounds: u32,
    },
    Queries {
        #[arg(long, default_value_t = 170_000)]
        staff: usize,
        #[arg(long, default_value_t = 20)]
        repeat: u32,
    },
    Indicators {
        #[arg(long, default_value_t = 170_000)]
        staff: usize,
        /// Training held this many times as often as in a realistic city
        /// (11 gives over 20 million participation rows at 170,000 staff).
        #[arg(long, default_value_t = 11)]
        intensity: u64,
        #[arg(long, default_value_t = 3)]
        repeat: u32,
    },
    Rounds {
        #[arg(long, default_value_t = 500)]
        measures: usize,
        #[arg(long, default_value_t = 100)]
        divisions: usize,
        #[arg(long, default_value_t = 20)]
        repeat: u32,
    },
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// Removes what a benchmark made: the PostgreSQL schema, the directory.
async fn clean_up(store: Store, schema: &str, dir: &Path) -> anyhow::Result<()> {
    if let Db::Postgres(pool) = store.db() {
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .execute(pool)
            .await?;
    }
    store.close().await;
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

/// A fresh database: a temporary SQLite file or a new PostgreSQL schema
/// (returned, to drop at the end).
async fn fresh_store(url: Option<&str>, dir: &Path) -> anyhow::Result<(Store, String)> {
    let (store, schema) = fresh_unkeyed(url, dir).await?;
    let key = jinzai_store::AuditKey::generate()
        .map_err(|e| anyhow::anyhow!("cannot make an audit key: {e}"))?;
    Ok((store.with_audit_key(key).await?, schema))
}

async fn fresh_unkeyed(url: Option<&str>, dir: &Path) -> anyhow::Result<(Store, String)> {
    match url {
        None => {
            let url = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
            Ok((Store::connect(&url).await?, String::new()))
        }
        Some(base) => {
            static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let schema = format!("jzbench_{}_{n}", std::process::id());
            let pool = sqlx::PgPool::connect(base).await?;
            sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                .execute(&pool)
                .await?;
            sqlx::query(&format!("CREATE SCHEMA {schema}"))
                .execute(&pool)
                .await?;
            pool.close().await;
            let sep = if base.contains('?') { '&' } else { '?' };
            let url = format!("{base}{sep}options[search_path]={schema}");
            Ok((Store::connect(&url).await?, schema))
        }
    }
}

async fn import_bench(rows: usize, rounds: u32, url: Option<&str>) -> anyhow::Result<()> {
    let dir = tempfile_dir()?;
    // Stays of 1–2 years give about 6.5 assignments per person over 10 years.
    let staff = rows * 10 / 57;
    let city = generate_with(staff, 10, 2015, 42, (1, 2), 0);
    let mut assignments = city.assignments;
    assignments.truncate(rows);
    println!(
        "data: {} staff, {} assignment rows",
        city.staff.len(),
        assignments.len()
    );
    let csv = jinzai_io::export(
        &sheets::assignments_table(&assignments),
        Format::Csv,
        Encoding::Utf8Bom,
    )?;
    let file = dir.join("assignments.csv");
    std::fs::write(&file, &csv)?;
    println!(
        "file: {} ({:.1} MB)",
        file.display(),
        csv.len() as f64 / 1e6
    );
    let bytes = std::fs::read(&file)?;
    // Where the time goes: reading and checking the file alone.
    let t = Instant::now();
    let sheet = jinzai_io::read::read_sheet(&bytes, InputEncoding::Detect)
        .map_err(|p| anyhow::anyhow!("{p}"))?;
    let read = t.elapsed();
    let parsed =
        sheets::read_assignments(&sheet).map_err(|p| anyhow::anyhow!("{:?}", p.first()))?;
    println!(
        "reading and checking the file alone: {} ({} rows; decoding and splitting {}, checking {})",
        secs(t.elapsed()),
        parsed.records.len(),
        secs(read),
        secs(t.elapsed() - read)
    );
    drop((sheet, parsed));

    // Each round: a fresh database, jinzai's import, then the engine's own
    // loads in a fresh database of their own. The best of each is compared
    // (the machine's noise only ever adds time).
    let mut best: Option<ImportRound> = None;
    for round in 1..=rounds {
        let sub = dir.join(format!("round{round}"));
        std::fs::create_dir_all(&sub)?;
        let r = import_round(&city.units, &city.staff, &bytes, &file, url, &sub).await?;
        println!(
            "round {round}: jinzai {} ({:.0} rows/s); engine: bare table {}, into our schema {}; ratio {:.2}x",
            secs(r.ours),
            rows as f64 / r.ours.as_secs_f64(),
            secs(r.bare),
            secs(r.schema),
            r.ours.as_secs_f64() / r.schema.as_secs_f64()
        );
        best = Some(match best {
            None => r,
            Some(b) => ImportRound {
                ours: b.ours.min(r.ours),
                bare: b.bare.min(r.bare),
                schema: b.schema.min(r.schema),
            },
        });
    }
    let b = best.context("no rounds")?;
    let floor_name = if url.is_some() {
        "PostgreSQL COPY"
    } else {
        "sqlite3 .import"
    };
    println!(
        "best of {rounds}: jinzai import (read, validate, write) {}; {floor_name} into a bare table {}, and on into a table with our keys, indexes and foreign key {}",
        secs(b.ours),
        secs(b.bare),
        secs(b.schema)
    );
    println!(
        "ratio jinzai / engine's load into our schema: {:.2}x (target ≤ 1.25x); jinzai / bare table: {:.2}x",
        b.ours.as_secs_f64() / b.schema.as_secs_f64(),
        b.ours.as_secs_f64() / b.bare.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// One round's times: jinzai's import, the engine's load into a bare
/// table, and that load carried on into a table shaped like ours.
struct ImportRound {
    ours: Duration,
    bare: Duration,
    schema: Duration,
}

async fn import_round(
    units: &[jinzai_domain::people::unit::UnitVersion],
    staff: &[jinzai_domain::people::staff::Staff],
    bytes: &[u8],
    file: &Path,
    url: Option<&str>,
    dir: &Path,
) -> anyhow::Result<ImportRound> {
    let (store, schema_name) = fresh_store(url, dir).await?;
    store
        .import_units(units, ImportOptions::default())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    store
        .import_staff(staff, ImportOptions::default())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let t = Instant::now();
    let outcome = import_bytes(
        &store,
        Kind::parse("assignments").context("no assignments kind")?,
        bytes,
        InputEncoding::Detect,
        ImportOptions::default(),
    )
    .await?;
    let ours = t.elapsed();
    if let Outcome::Problems(p) = outcome {
        anyhow::bail!("the generated file was refused: {:?}", p.first());
    }
    // Two floors: the engine loading the file into a bare table, and the
    // engine alone moving those rows into a table shaped like ours (same
    // keys, indexes and foreign key), which is what any import with our
    // schema must at least pay.
    let (bare, schema) = match store.db() {
        Db::Sqlite(_) => {
            let db = dir.join("bare.db");
            let t = Instant::now();
            sqlite3(
                &db,
                &[
                    "CREATE TABLE t(staff_number, unit_code, post, start_date, end_date, kind);",
                    &format!(".import --csv --skip 1 {} t", file.display()),
                ],
            )?;
            let bare = t.elapsed();
            let ddl = floor_ddl(SQLITE_PEOPLE);
            sqlite3(
                &db,
                &[
                    &ddl,
                    "INSERT INTO floor_staff (id) SELECT DISTINCT CAST(staff_number AS INTEGER) FROM t;",
                ],
            )?;
            let t = Instant::now();
            sqlite3(&db, &["PRAGMA foreign_keys = ON;", FLOOR_INSERT])?;
            (bare, bare + t.elapsed())
        }
        Db::Postgres(pool) => {
            sqlx::query("CREATE TABLE t (staff_number text, unit_code text, post text, start_date text, end_date text, kind text)").execute(pool).await?;
            let t = Instant::now();
            let mut copy = pool
                .copy_in_raw("COPY t FROM STDIN WITH (FORMAT csv, HEADER true)")
                .await?;
            copy.send(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
                .await?;
            copy.finish().await?;
            let bare = t.elapsed();
            sqlx::raw_sql(&floor_ddl(POSTGRES_PEOPLE))
                .execute(pool)
                .await?;
            sqlx::query("INSERT INTO floor_staff (id) SELECT DISTINCT staff_number::bigint FROM t")
                .execute(pool)
                .await?;
            let t = Instant::now();
            sqlx::query(
                &FLOOR_INSERT.replace("CAST(staff_number AS INTEGER)", "staff_number::bigint"),
            )
            .execute(pool)
            .await?;
            (bare, bare + t.elapsed())
        }
    };
    clean_up(store, &schema_name, dir).await?;
    Ok(ImportRound { ours, bare, schema })
}

const SQLITE_PEOPLE: &str = include_str!("../../store/migrations/sqlite/0002_people.sql");
const POSTGRES_PEOPLE: &str = include_str!("../../store/migrations/postgres/0002_people.sql");

/// Our `assignments` table as the migration creates it (keys, indexes,
/// foreign key), renamed, over a `floor_staff` table of ids.
fn floor_ddl(migration: &str) -> String {
    let from = migration.find("CREATE TABLE assignments").unwrap_or(0);
    let ddl = migration[from..]
        .replace("assignments", "floor_assignments")
        .replace("REFERENCES staff(id)", "REFERENCES floor_staff(id)");
    format!("CREATE TABLE floor_staff (id BIGINT PRIMARY KEY);\n{ddl}")
}

const FLOOR_INSERT: &str = "INSERT INTO floor_assignments (staff_id, unit_code, post, start_date, end_date, is_primary) \
     SELECT CAST(staff_number AS INTEGER), unit_code, NULLIF(post, ''), start_date, NULLIF(end_date, ''), CASE WHEN kind = '本務' THEN 1 ELSE 0 END FROM t;";

fn sqlite3(db: &Path, commands: &[&str]) -> anyhow::Result<()> {
    let status = std::process::Command::new("sqlite3")
        .arg(db)
        .args(commands)
        .status()
        .context("running sqlite3 (apt-get install sqlite3)")?;
    anyhow::ensure!(status.success(), "sqlite3 {commands:?} failed");
    Ok(())
}

async fn time_n<F, Fut, T>(n: u32, mut f: F) -> anyhow::Result<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    f().await?; // warm
    let t = Instant::now();
    for _ in 0..n {
        f().await?;
    }
    Ok(t.elapsed() / n)
}

async fn queries_bench(staff: usize, repeat: u32, url: Option<&str>) -> anyhow::Result<()> {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;
    let dir = tempfile_dir()?;
    let city = jinzai::generate::generate(staff, 10, 2015, 7);
    println!(
        "data: {} staff, {} assignments",
        city.staff.len(),
        city.assignments.len()
    );
    let (store, schema_name) = fresh_store(url, &dir).await?;
    let o = ImportOptions::default();
    store
        .import_units(&city.units, o)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    store
        .import_staff(&city.staff, o)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    store
        .import_assignments(&city.assignments, &[], o)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    // Pages are read as HR, through an API token (the policy runs as in use).
    let (app, bearer) = app_as_hr(&store).await?;
    let get = |path: &'static str| {
        let app = app.clone();
        let bearer = bearer.clone();
        async move {
            let req = Request::get(path)
                .header("authorization", bearer)
                .body(Body::empty())?;
            let res = app.oneshot(req).await?;
            anyhow::ensure!(res.status().is_success(), "{path}: {}", res.status());
            let _ = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
            Ok(())
        }
    };
    let q = jinzai_store::StaffQuery {
        text: "たかはし".into(),
        on: chrono::NaiveDate::from_ymd_opt(2015, 4, 1),
        limit: 50,
        // As the page runs it for HR (the default scope finds nobody).
        scope: jinzai_domain::access::StaffScope::All,
        ..Default::default()
    };
    let search_page = time_n(repeat, || {
        get("/staff?q=%E3%81%9F%E3%81%8B%E3%81%AF%E3%81%97&on=2015-04-01")
    })
    .await?;
    let search_sql = time_n(repeat, || async { Ok(store.staff_list(&q).await?) }).await?;
    println!(
        "staff search page: {} | its query alone: {} | ratio {:.2}x",
        secs(search_page),
        secs(search_sql),
        search_page.as_secs_f64() / search_sql.as_secs_f64()
    );
    let q_all = jinzai_store::StaffQuery {
        on: chrono::NaiveDate::from_ymd_opt(2015, 4, 1),
        limit: 50,
        // As the page runs it for HR (the default scope finds nobody).
        scope: jinzai_domain::access::StaffScope::All,
        ..Default::default()
    };
    let list_page = time_n(repeat, || get("/staff?on=2015-04-01")).await?;
    let list_sql = time_n(repeat, || async { Ok(store.staff_list(&q_all).await?) }).await?;
    println!(
        "staff list page: {} | its query alone: {} | ratio {:.2}x",
        secs(list_page),
        secs(list_sql),
        list_page.as_secs_f64() / list_sql.as_secs_f64()
    );
    // The first view reads the records; later views of the same records
    // (any user, page or API) take the result kept for their version.
    let t = Instant::now();
    get("/rotation?year=2015").await?;
    let rotation_first = t.elapsed();
    let rotation_page = time_n(repeat, || get("/rotation?year=2015")).await?;
    let rotation_api = time_n(repeat, || get("/api/v1/rotation?year=2015")).await?;
    let rotation_sql = time_n(repeat.min(3), || async {
        let s = store.all_staff().await?;
        let a = store.primary_assignments().await?;
        let u = store.units().await?;
        Ok((s.len(), a.len(), u.len()))
    })
    .await?;
    println!(
        "rotation view: first {} | again {} (API {}) | its queries alone: {} | ratio again/queries {:.2}x",
        secs(rotation_first),
        secs(rotation_page),
        secs(rotation_api),
        secs(rotation_sql),
        rotation_page.as_secs_f64() / rotation_sql.as_secs_f64()
    );
    drop(app);
    clean_up(store, &schema_name, &dir).await
}

/// Kiyose's indicators written by hand, as a developer would count them
/// straight from the tables: (measure, which of its indicators (1 for the
/// first), denominator?, SQL) with `{from}`, `{to}`, `{next}` (the next
/// 1 April) and `{year}` for the fiscal year.
const HAND_WRITTEN: &[(&str, usize, bool, &str)] = &[
    (
        "1-1-1",
        1,
        false,
        "SELECT COUNT(DISTINCT c.evaluatee_id) FROM evaluation_chains c JOIN interviews i ON i.staff_id = c.evaluatee_id \
        AND i.kind = 'feedback' AND i.held_on BETWEEN '{from}' AND '{to}' WHERE c.fiscal_year = {year}",
    ),
    (
        "1-1-1",
        1,
        true,
        "SELECT COUNT(DISTINCT evaluatee_id) FROM evaluation_chains WHERE fiscal_year = {year}",
    ),
    (
        "1-1-1",
        2,
        false,
        "SELECT COUNT(*) FROM evaluation_periods WHERE fiscal_year = {year} AND kind = 'ability' AND published_at IS NOT NULL",
    ),
    (
        "1-2-1",
        1,
        false,
        "SELECT COUNT(DISTINCT r.staff_id) FROM self_reports r JOIN self_report_windows w ON w.id = r.window_id \
        JOIN staff s ON s.id = r.staff_id WHERE w.fiscal_year = {year} \
        AND s.hire_date <= w.reference_date AND (s.leaving_date IS NULL OR s.leaving_date >= w.reference_date)",
    ),
    (
        "1-2-1",
        1,
        true,
        "SELECT COUNT(*) FROM staff s JOIN self_report_windows w ON w.fiscal_year = {year} \
        WHERE s.hire_date <= w.reference_date AND (s.leaving_date IS NULL OR s.leaving_date >= w.reference_date)",
    ),
    (
        "1-2-1",
        2,
        false,
        "SELECT COUNT(DISTINCT r.staff_id) FROM self_reports r JOIN self_report_windows w ON w.id = r.window_id \
        JOIN assignments a2 ON a2.staff_id = r.staff_id AND a2.is_primary = 1 AND a2.start_date <= '{next}' \
        AND (a2.end_date IS NULL OR a2.end_date >= '{next}') \
        LEFT JOIN assignments a1 ON a1.staff_id = r.staff_id AND a1.is_primary = 1 AND a1.start_date <= w.reference_date \
        AND (a1.end_date IS NULL OR a1.end_date >= w.reference_date) \
        LEFT JOIN units u ON u.code = a2.unit_code AND u.valid_from <= '{next}' AND (u.valid_to IS NULL OR u.valid_to >= '{next}') \
        WHERE w.fiscal_year = {year} AND EXISTS (SELECT 1 FROM self_report_wishes x WHERE x.report_id = r.id) \
        AND ((a1.unit_code = a2.unit_code AND r.stay = 1) OR ((a1.unit_code IS NULL OR a1.unit_code <> a2.unit_code) \
        AND EXISTS (SELECT 1 FROM self_report_wishes x WHERE x.report_id = r.id \
        AND (x.unit_code = a2.unit_code OR (x.unit_code IS NULL AND x.work = u.rotation)))))",
    ),
    (
        "1-2-1",
        2,
        true,
        "SELECT COUNT(DISTINCT r.staff_id) FROM self_reports r JOIN self_report_windows w ON w.id = r.window_id \
        JOIN assignments a2 ON a2.staff_id = r.staff_id AND a2.is_primary = 1 AND a2.start_date <= '{next}' \
        AND (a2.end_date IS NULL OR a2.end_date >= '{next}') \
        WHERE w.fiscal_year = {year} AND EXISTS (SELECT 1 FROM self_report_wishes x WHERE x.report_id = r.id)",
    ),
    (
        "1-2-2",
        1,
        false,
        "SELECT COUNT(*) FROM (SELECT i.staff_id FROM interviews i JOIN staff s ON s.id = i.staff_id \
        WHERE i.held_on BETWEEN '{from}' AND '{to}' AND i.kind IN ('goal_setting', 'career') \
        AND s.hire_date <= '{to}' AND (s.leaving_date IS NULL OR s.leaving_date >= '{from}') \
        GROUP BY i.staff_id HAVING COUNT(DISTINCT i.kind) = 2) t",
    ),
    (
        "1-1-2",
        1,
        false,
        "SELECT COUNT(DISTINCT p.staff_id) FROM participations p JOIN training_sessions ts ON ts.id = p.session_id \
        JOIN course_topics ct ON ct.course_id = ts.course_id \
        JOIN staff_grades g ON g.staff_id = p.staff_id AND g.valid_from <= ts.start_date AND (g.valid_to IS NULL OR g.valid_to > ts.start_date) \
        WHERE ts.start_date BETWEEN '{from}' AND '{to}' AND ct.topic = 'evaluator' AND p.status IN ('attended', 'completed') \
        AND g.job_grade IN ('kakaricho', 'kacho_hosa', 'kacho', 'bucho')",
    ),
    (
        "1-1-2",
        1,
        true,
        "SELECT COUNT(*) FROM staff s JOIN staff_grades g ON g.staff_id = s.id \
        AND g.valid_from <= (CASE WHEN s.hire_date > '{from}' THEN s.hire_date ELSE '{from}' END) \
        AND (g.valid_to IS NULL OR g.valid_to > (CASE WHEN s.hire_date > '{from}' THEN s.hire_date ELSE '{from}' END)) \
        WHERE s.hire_date <= '{to}' AND (s.leaving_date IS NULL OR s.leaving_date >= '{from}') \
        AND g.job_grade IN ('kakaricho', 'kacho_hosa', 'kacho', 'bucho')",
    ),
    (
        "1-1-2",
        2,
        false,
        "SELECT COUNT(DISTINCT p.staff_id) FROM participations p JOIN training_sessions ts ON ts.id = p.session_id \
        JOIN course_topics ct ON ct.course_id = ts.course_id \
        WHERE ts.start_date BETWEEN '{from}' AND '{to}' AND ct.topic = 'evaluatee' AND p.status IN ('attended', 'completed')",
    ),
    (
        "1-8-1",
        1,
        false,
        "SELECT COUNT(DISTINCT staff_id) FROM personnel_events WHERE kind IN ('exchange_out', 'exchange_in') \
        AND event_date <= '{to}' AND COALESCE(end_date, event_date) >= '{from}'",
    ),
    (
        "2-1-2",
        1,
        false,
        "SELECT COUNT(DISTINCT p.staff_id) FROM participations p JOIN training_sessions ts ON ts.id = p.session_id \
        JOIN course_topics ct ON ct.course_id = ts.course_id \
        WHERE ts.start_date BETWEEN '{from}' AND '{to}' AND ct.topic = 'mental_health' AND p.status IN ('attended', 'completed')",
    ),
    (
        "1-3-1",
        1,
        false,
        "SELECT COUNT(DISTINCT a.staff_id) FROM exam_applications a JOIN exams e ON e.id = a.exam_id \
        WHERE e.fiscal_year = {year} AND a.withdrawn_at IS NULL AND a.sat = 1 \
        AND EXISTS (SELECT 1 FROM exam_components c WHERE c.exam_id = e.id AND c.kind = 'record' AND c.weight > 0)",
    ),
    (
        "1-3-1",
        1,
        true,
        "SELECT COUNT(DISTINCT a.staff_id) FROM exam_applications a JOIN exams e ON e.id = a.exam_id \
        WHERE e.fiscal_year = {year} AND a.withdrawn_at IS NULL AND a.sat = 1",
    ),
    (
        "1-4-1",
        1,
        false,
        "SELECT COUNT(*) FROM demotion_requests r JOIN demotion_windows w ON w.id = r.window_id WHERE w.fiscal_year = {year}",
    ),
    (
        "1-4-1",
        2,
        false,
        "SELECT COUNT(*) FROM demotion_requests r JOIN demotion_windows w ON w.id = r.window_id \
        WHERE w.fiscal_year = {year} AND r.status = 'approved'",
    ),
    (
        "1-5-1",
        1,
        false,
        "SELECT COUNT(*) FROM postings WHERE kind = 'project_team' AND opens_on BETWEEN '{from}' AND '{to}'",
    ),
    (
        "1-5-1",
        2,
        false,
        "SELECT COUNT(DISTINCT a.staff_id) FROM posting_applications a JOIN postings p ON p.id = a.posting_id \
        WHERE p.kind = 'project_team' AND p.opens_on BETWEEN '{from}' AND '{to}' AND a.status <> 'withdrawn'",
    ),
    (
        "1-5-1",
        3,
        false,
        "SELECT COUNT(DISTINCT a.staff_id) FROM posting_applications a JOIN postings p ON p.id = a.posting_id \
        WHERE p.kind = 'project_team' AND p.opens_on BETWEEN '{from}' AND '{to}' AND a.status = 'selected'",
    ),
    (
        "1-6-1",
        1,
        false,
        "SELECT COUNT(*) FROM (SELECT s.id FROM staff s JOIN assignments a ON a.staff_id = s.id AND a.is_primary = 1 \
        AND a.start_date <= '{to}' AND (a.end_date IS NULL OR a.end_date >= a.start_date) \
        JOIN units u ON u.code = a.unit_code AND u.valid_from <= a.start_date AND (u.valid_to IS NULL OR u.valid_to >= a.start_date) \
        WHERE s.employment_type = 'regular' AND s.hire_date BETWEEN '{hired_from}' AND '{hired_to}' AND s.hire_date <= '{to}' \
        AND (s.leaving_date IS NULL OR s.leaving_date >= '{to}') AND u.rotation IN ('front', 'program', 'admin') \
        GROUP BY s.id HAVING COUNT(DISTINCT u.rotation) = 3) t",
    ),
    (
        "1-6-1",
        1,
        true,
        "SELECT COUNT(*) FROM staff s WHERE s.employment_type = 'regular' AND s.hire_date BETWEEN '{hired_from}' AND '{hired_to}' \
        AND s.hire_date <= '{to}' AND (s.leaving_date IS NULL OR s.leaving_date >= '{to}')",
    ),
    (
        "1-6-2",
        1,
        false,
        "SELECT COUNT(DISTINCT d.staff_id) FROM specialist_designations d JOIN staff s ON s.id = d.staff_id \
        WHERE d.valid_from <= '{to}' AND (d.valid_to IS NULL OR d.valid_to >= '{from}') AND s.hire_date <= '{hired_15}'",
    ),
    (
        "1-7-1",
        1,
        false,
        "SELECT COUNT(*) FROM staff WHERE hire_date BETWEEN '{from}' AND '{to}' AND hiring_route = 'mid_career' \
        AND job_family = 'professional'",
    ),
    (
        "1-7-2",
        1,
        false,
        "SELECT COUNT(DISTINCT s.id) FROM staff s JOIN staff_grades g ON g.staff_id = s.id \
        AND g.valid_from <= (CASE WHEN s.hire_date > '{from}' THEN s.hire_date ELSE '{from}' END) \
        AND (g.valid_to IS NULL OR g.valid_to > (CASE WHEN s.hire_date > '{from}' THEN s.hire_date ELSE '{from}' END)) \
        WHERE s.hire_date <= '{to}' AND (s.leaving_date IS NULL OR s.leaving_date >= '{from}') AND g.employment_type = 'reemployed'",
    ),
    (
        "1-3-2",
        1,
        false,
        "SELECT COUNT(*) FROM exam_papers WHERE published_on BETWEEN '{from}' AND '{to}'",
    ),
    (
        "2-6-1",
        1,
        false,
        "SELECT COUNT(DISTINCT a.staff_id) FROM exam_applications a JOIN exams e ON e.id = a.exam_id \
        JOIN staff s ON s.id = a.staff_id WHERE e.fiscal_year = {year} AND a.withdrawn_at IS NULL AND a.sat = 1 \
        AND s.gender = 'female' AND e.level IN ('kakaricho', 'kacho_hosa', 'kacho', 'bucho')",
    ),
    (
        "2-6-1",
        2,
        false,
        "SELECT COUNT(DISTINCT p.staff_id) FROM participations p JOIN training_sessions ts ON ts.id = p.session_id \
        JOIN course_topics ct ON ct.course_id = ts.course_id \
        WHERE ts.start_date BETWEEN '{from}' AND '{to}' AND ct.topic = 'gender_equality' AND p.status IN ('attended', 'completed')",
    ),
    (
        "3-1-1",
        1,
        false,
        "SELECT COUNT(*) FROM training_sessions ts JOIN courses c ON c.id = ts.course_id \
        WHERE c.category = 'in_house' AND ts.start_date BETWEEN '{from}' AND '{to}'",
    ),
    (
        "3-2-1",
        1,
        false,
        "SELECT COUNT(*) FROM self_development WHERE applied_date BETWEEN '{from}' AND '{to}' \
        AND status IN ('approved', 'completed')",
    ),
    (
        "3-3-1",
        1,
        false,
        "SELECT COUNT(*) FROM ojt_plans o WHERE o.fiscal_year = {year} AND o.planned_sessions <= \
        (SELECT COUNT(*) FROM training_sessions ts JOIN courses c ON c.id = ts.course_id \
         WHERE c.category = 'ojt' AND ts.unit_code = o.unit_code AND ts.start_date BETWEEN '{from}' AND '{to}')",
    ),
    (
        "3-4-1",
        1,
        false,
        "SELECT COUNT(DISTINCT p.staff_id) FROM participations p JOIN training_sessions ts ON ts.id = p.session_id \
        JOIN course_topics ct ON ct.course_id = ts.course_id \
        JOIN staff_grades g ON g.staff_id = p.staff_id AND g.valid_from <= ts.start_date AND (g.valid_to IS NULL OR g.valid_to > ts.start_date) \
        WHERE ts.start_date BETWEEN '{from}' AND '{to}' AND ct.topic = 'customer_service' AND p.status IN ('attended', 'completed') \
        AND g.employment_type IN ('skilled_labour', 'fiscal_year')",
    ),
    (
        "3-4-2",
        1,
        false,
        "SELECT COUNT(DISTINCT p.staff_id) FROM participations p JOIN training_sessions ts ON ts.id = p.session_id \
        JOIN course_topics ct ON ct.course_id = ts.course_id \
        JOIN staff_grades g ON g.staff_id = p.staff_id AND g.valid_from <= ts.start_date AND (g.valid_to IS NULL OR g.valid_to > ts.start_date) \
        WHERE ts.start_date BETWEEN '{from}' AND '{to}' AND ct.topic IN ('web', 'accounting') AND p.status IN ('attended', 'completed') \
        AND g.employment_type = 'fiscal_year'",
    ),
    (
        "3-5-1",
        1,
        false,
        "SELECT COUNT(DISTINCT p.staff_id) FROM participations p JOIN training_sessions ts ON ts.id = p.session_id \
        JOIN courses c ON c.id = ts.course_id WHERE ts.start_date BETWEEN '{from}' AND '{to}' AND c.category = 'company' \
        AND p.status IN ('attended', 'completed')",
    ),
    (
        "3-5-2",
        1,
        false,
        "SELECT COUNT(DISTINCT p.staff_id) FROM participations p JOIN training_sessions ts ON ts.id = p.session_id \
        JOIN courses c ON c.id = ts.course_id WHERE ts.start_date BETWEEN '{from}' AND '{to}' AND c.category = 'institute' \
        AND p.status IN ('attended', 'completed')",
    ),
    (
        "3-5-3",
        1,
        false,
        "SELECT COUNT(DISTINCT p.staff_id) FROM participations p JOIN training_sessions ts ON ts.id = p.session_id \
        JOIN courses c ON c.id = ts.course_id WHERE ts.start_date BETWEEN '{from}' AND '{to}' AND c.category = 'specialist' \
        AND p.status IN ('attended', 'completed')",
    ),
];

async fn scalar(store: &Store, sql: &str) -> anyhow::Result<i64> {
    use sqlx::Row;
    Ok(match store.db() {
        Db::Sqlite(p) => sqlx::query(sql).fetch_one(p).await?.try_get::<i64, _>(0)?,
        Db::Postgres(p) => sqlx::query(sql).fetch_one(p).await?.try_get::<i64, _>(0)?,
    })
}

async fn indicators_bench(
    staff: usize,
    intensity: u64,
    repeat: u32,
    url: Option<&str>,
) -> anyhow::Result<()> {
    use axum::body::Body;
    use axum::http::Request;
    use jinzai_domain::FiscalYear;
    use tower::ServiceExt;
    let dir = tempfile_dir()?;
    let (first, last) = (2006, 2015);
    let t = Instant::now();
    let city = generate_with(staff, last - first + 1, last, 7, (3, 5), 0);
    println!("  generated the city in {}", secs(t.elapsed()));
    let (store, schema_name) = fresh_store(url, &dir).await?;
    let fail = |e: jinzai_store::StoreError| anyhow::anyhow!("{e}");
    let o = ImportOptions::by("bench", "jinzai-bench");
    let t = Instant::now();
    store.import_units(&city.units, o).await.map_err(fail)?;
    store.import_staff(&city.staff, o).await.map_err(fail)?;
    store
        .import_assignments(&city.assignments, &[], o)
        .await
        .map_err(fail)?;
    store.import_events(&city.events, o).await.map_err(fail)?;
    // Training a year at a time, as a city loads the institute's yearly
    // roster (and so that 20 million rows never sit in memory at once).
    let mut rows = 0;
    for year in first..=last {
        let tr = jinzai::generate::training(&city, year, year, 7 ^ year as u64, intensity);
        store.import_courses(&tr.courses, o).await.map_err(fail)?;
        store.import_sessions(&tr.sessions, o).await.map_err(fail)?;
        store
            .import_participations(&tr.participations, o)
            .await
            .map_err(fail)?;
        store
            .import_ojt_plans(&tr.ojt_plans, o)
            .await
            .map_err(fail)?;
        store
            .import_self_development(&tr.self_development, o)
            .await
            .map_err(fail)?;
        rows += tr.participations.len();
        println!("  FY{year}: {} participation rows", tr.participations.len());
    }
    // Evaluation: each year's periods (the 能力評価 distribution published
    // every other year), chains, past results and talks; self-reports.
    let ev = &city.evaluation;
    for y in &ev.years {
        store
            .open_evaluation_year(FiscalYear(*y), "bench")
            .await
            .map_err(fail)?;
    }
    store.import_chains(&ev.chains, o).await.map_err(fail)?;
    store.import_results(&ev.results, o).await.map_err(fail)?;
    store.record_interviews(&ev.talks, o).await.map_err(fail)?;
    for p in store.evaluation_periods(None).await.map_err(fail)? {
        if p.period.fiscal_year % 2 == 0 {
            store
                .publish_distribution(p.id, true, "bench")
                .await
                .map_err(fail)?;
        }
    }
    let mut reports = 0;
    for (window, list) in &city.self_reports.windows {
        let stored = store
            .set_self_report_window(window, "bench")
            .await
            .map_err(fail)?;
        store
            .put_self_reports(&stored, list, o)
            .await
            .map_err(fail)?;
        reports += list.len();
    }
    println!(
        "  evaluation: {} chains, {} results, {} talks; {reports} self-reports",
        ev.chains.len(),
        ev.results.len(),
        ev.talks.len()
    );
    // Promotion exams: each year's exams, applications and marks, papers.
    let ex = &city.exams;
    for e in &ex.exams {
        store.save_exam(e, "bench").await.map_err(fail)?;
    }
    store
        .import_exam_records(&ex.records, o)
        .await
        .map_err(fail)?;
    for p in &ex.papers {
        let exam = store
            .exams(Some(p.fiscal_year))
            .await
            .map_err(fail)?
            .into_iter()
            .find(|e| e.exam.level == p.level)
            .context("the paper's exam")?;
        store
            .add_exam_paper(&exam, &p.paper, p.body.as_bytes(), "bench")
            .await
            .map_err(fail)?;
    }
    println!(
        "  exams: {} exams, {} applications, {} papers",
        ex.exams.len(),
        ex.records.len(),
        ex.papers.len()
    );
    // Voluntary demotion: each year's window and its requests.
    for w in &city.demotions.windows {
        store.set_demotion_window(w, "bench").await.map_err(fail)?;
    }
    store
        .import_demotion_requests(&city.demotions.requests, o)
        .await
        .map_err(fail)?;
    println!(
        "  demotion: {} windows, {} requests",
        city.demotions.windows.len(),
        city.demotions.requests.len()
    );
    // Internal postings: each year's teams and their applications.
    for p in &city.postings.postings {
        store.save_posting(None, p, "bench").await.map_err(fail)?;
    }
    store
        .import_posting_applications(&city.postings.applications, o)
        .await
        .map_err(fail)?;
    println!(
        "  postings: {} postings, {} applications",
        city.postings.postings.len(),
        city.postings.applications.len()
    );
    store
        .import_designations(&city.designations, o)
        .await
        .map_err(fail)?;
    println!("  specialists: {} designations", city.designations.len());
    let w = &city.women;
    store
        .import_child_births(&w.births, o)
        .await
        .map_err(fail)?;
    store
        .import_family_leaves(&w.leaves, o)
        .await
        .map_err(fail)?;
    store.import_annual_pay(&w.pay, o).await.map_err(fail)?;
    println!(
        "  women: {} births, {} leaves, {} pay rows",
        w.births.len(),
        w.leaves.len(),
        w.pay.len()
    );
    println!(
        "data: {} staff, {} personnel events, {rows} participation rows over FY{first}–FY{last} (loaded in {})",
        city.staff.len(),
        city.events.len(),
        secs(t.elapsed())
    );
    drop(city);
    if let Db::Sqlite(p) = store.db() {
        sqlx::query("ANALYZE").execute(p).await?;
    }
    let plan = jinzai_domain::plan::parse_plan(include_str!("../../../plans/kiyose-2011.toml"))
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    store
        .import_plan(&plan, "", "bench", "bench")
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let years: Vec<FiscalYear> = (first..=last).map(FiscalYear).collect();

    // Each counting of each indicator over every year: jinzai's engine
    // (counted in the database, not from the cache) beside the hand-written
    // SQL, with the numbers checked equal.
    let (mut engine, mut hand) = (Duration::ZERO, Duration::ZERO);
    for (code, which, per, sql) in HAND_WRITTEN {
        let node = plan.node(code).context("measure")?;
        let spec = node.indicators.get(which - 1).context("indicator")?;
        let counting = if *per {
            spec.per.as_ref().context("per")?
        } else {
            &spec.counts
        };
        let (mut ours_t, mut theirs_t) = (Duration::ZERO, Duration::ZERO);
        for &y in &years {
            let (from, to) = (y.start().unwrap_or_default(), y.end().unwrap_or_default());
            let sql = sql
                .replace("{from}", &from.to_string())
                .replace("{to}", &to.to_string())
                .replace("{next}", &to.succ_opt().unwrap_or(to).to_string())
                .replace("{year}", &y.0.to_string())
                // The hire dates of the 10th to 15th years of service.
                .replace("{hired_from}", &format!("{}-04-01", y.0 - 14))
                .replace("{hired_to}", &format!("{}-03-31", y.0 - 8))
                // … and of the 15th year or later.
                .replace("{hired_15}", &format!("{}-03-31", y.0 - 13));
            let ours = store.count(counting, y).await?.value;
            ours_t += time_n(repeat, || async { Ok(store.count(counting, y).await?) }).await?;
            let theirs = scalar(&store, &sql).await?;
            theirs_t += time_n(repeat, || scalar(&store, &sql)).await?;
            anyhow::ensure!(
                ours == u64::try_from(theirs)?,
                "{code} #{which} FY{}: jinzai {ours}, hand-written {theirs}",
                y.0
            );
        }
        println!(
            "  {code} #{which}{}: jinzai {} | hand-written {} | {:.2}x",
            if *per { " (denominator)" } else { "" },
            secs(ours_t),
            secs(theirs_t),
            ours_t.as_secs_f64() / theirs_t.as_secs_f64()
        );
        engine += ours_t;
        hand += theirs_t;
    }
    println!(
        "every Kiyose indicator ({} counts: {} countings × {} years, each the mean of {repeat} after a warm-up): jinzai {} | hand-written SQL {} | ratio {:.2}x (same numbers checked)",
        HAND_WRITTEN.len() * years.len(),
        HAND_WRITTEN.len(),
        years.len(),
        secs(engine),
        secs(hand),
        engine.as_secs_f64() / hand.as_secs_f64()
    );

    // The dashboard, as HR opens it: the first request counts, later ones
    // use the counts kept until records change.
    let (app, bearer) = app_as_hr(&store).await?;
    let get = || {
        let app = app.clone();
        let bearer = bearer.clone();
        async move {
            let req = Request::get("/plans/kiyose-2011/dashboard")
                .header("authorization", bearer)
                .body(Body::empty())?;
            let res = app.oneshot(req).await?;
            anyhow::ensure!(res.status().is_success(), "dashboard: {}", res.status());
            let _ = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
            Ok(())
        }
    };
    let t = Instant::now();
    get().await?;
    let cold = t.elapsed();
    let warm = time_n(repeat.max(5), get).await?;
    println!(
        "dashboard per request: first (counts made) {} | then (counts kept) {}",
        secs(cold),
        secs(warm)
    );
    exam_funnels(&store, &app, &bearer, repeat).await?;
    women_figures(&store, &app, &bearer, repeat, last).await?;
    drop(app);
    clean_up(store, &schema_name, &dir).await
}

/// The women's-advancement figures of a year: the store's counting (every
/// item, in SQL) beside the API that reads them, the targets and the
/// baseline years.
async fn women_figures(
    store: &Store,
    app: &axum::Router,
    bearer: &str,
    repeat: u32,
    year: i32,
) -> anyhow::Result<()> {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;
    let fy = jinzai_domain::FiscalYear(year);
    let counted = time_n(repeat, || async { Ok(store.women_counts(fy).await?) }).await?;
    let get = || {
        let app = app.clone();
        let bearer = bearer.to_owned();
        async move {
            let req = Request::get(format!("/api/v1/women?year={year}"))
                .header("authorization", bearer)
                .body(Body::empty())?;
            let res = app.oneshot(req).await?;
            anyhow::ensure!(res.status().is_success(), "women: {}", res.status());
            let _ = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
            Ok(())
        }
    };
    let api = time_n(repeat, get).await?;
    println!(
        "women's figures of FY{year}: counted {} | API {} | {:.2}x",
        secs(counted),
        secs(api),
        api.as_secs_f64() / counted.as_secs_f64()
    );
    Ok(())
}

/// The exam funnel as HR reads it (every exam of every year) beside
/// hand-written SQL counting each exam's stages, the numbers checked equal.
async fn exam_funnels(
    store: &Store,
    app: &axum::Router,
    bearer: &str,
    repeat: u32,
) -> anyhow::Result<()> {
    use axum::body::Body;
    use axum::http::Request;
    use chrono::Datelike;
    use tower::ServiceExt;
    let quote = |list: &[String]| {
        list.iter()
            .map(|v| format!("'{v}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let exams = store.exams(None).await?;
    let mut sql = std::collections::HashMap::new();
    for e in &exams {
        let x = &e.exam;
        let on = x.reference_date;
        let hired_by = on
            .with_year(on.year() - i32::try_from(x.eligibility.min_years_of_service)?)
            .context("a reference date")?;
        let last = x.promotion_by().context("the end of the next year")?;
        let grade = format!(
            "JOIN staff_grades g ON g.staff_id = s.id AND g.valid_from <= '{on}' AND (g.valid_to IS NULL OR g.valid_to > '{on}')"
        );
        let apps = format!(
            "SELECT COUNT(*) FROM exam_applications a WHERE a.exam_id = {} AND a.withdrawn_at IS NULL",
            e.id
        );
        sql.insert(e.id, [
            format!(
                "SELECT COUNT(*) FROM staff s {grade} WHERE s.hire_date <= '{on}' \
                 AND (s.leaving_date IS NULL OR s.leaving_date >= '{on}') AND g.job_grade IN ({}) \
                 AND g.employment_type IN ({}) AND s.hire_date <= '{hired_by}'",
                quote(&x.eligibility.grades),
                quote(&x.eligibility.employment_types)
            ),
            apps.clone(),
            format!("{apps} AND a.sat = 1"),
            format!("{apps} AND a.passed = 1"),
            format!(
                "{apps} AND a.passed = 1 AND EXISTS (SELECT 1 FROM staff_grades p WHERE p.staff_id = a.staff_id \
                 AND p.job_grade = '{}' AND p.valid_from >= '{}' AND p.valid_from <= '{last}')",
                x.level, x.held_on
            ),
        ]);
    }
    let who = jinzai::commands::cli_principal("bench");
    let ours = jinzai_service::exams::funnels(store, &who, None)
        .await
        .map_err(|f| anyhow::anyhow!("{f:?}"))?;
    for f in &ours {
        let queries = sql.get(&f.exam_id).context("the funnel's exam")?;
        let mut theirs = Vec::new();
        for q in queries {
            theirs.push(usize::try_from(scalar(store, q).await?)?);
        }
        anyhow::ensure!(
            f.total.counts == theirs,
            "FY{} {}: jinzai {:?}, hand-written {theirs:?}",
            f.fiscal_year,
            f.level,
            f.total.counts
        );
    }
    let get = |path: &'static str| {
        let app = app.clone();
        let bearer = bearer.to_owned();
        async move {
            let req = Request::get(path)
                .header("authorization", bearer)
                .body(Body::empty())?;
            let res = app.oneshot(req).await?;
            anyhow::ensure!(res.status().is_success(), "{path}: {}", res.status());
            let _ = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
            Ok(())
        }
    };
    let page = time_n(repeat, || get("/exams/funnel")).await?;
    let api = time_n(repeat, || get("/api/v1/exam-funnels")).await?;
    let hand = time_n(repeat, || async {
        for queries in sql.values() {
            for q in queries {
                scalar(store, q).await?;
            }
        }
        Ok(())
    })
    .await?;
    println!(
        "exam funnel, every stage whole and by gender, employment type and age class: page (latest 5 years) {} | \
         API (all {} exams) {} | hand-written SQL (all exams, whole only) {} | ratio API/SQL {:.2}x (same numbers checked)",
        secs(page),
        exams.len(),
        secs(api),
        secs(hand),
        api.as_secs_f64() / hand.as_secs_f64()
    );
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("jinzai-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let engine = if cli.database_url.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("engine: {engine}");
    match cli.command {
        Bench::Import { rows, rounds } => {
            import_bench(rows, rounds, cli.database_url.as_deref()).await
        }
        Bench::Queries { staff, repeat } => {
            queries_bench(staff, repeat, cli.database_url.as_deref()).await
        }
        Bench::Indicators {
            staff,
            intensity,
            repeat,
        } => indicators_bench(staff, intensity, repeat, cli.database_url.as_deref()).await,
        Bench::Rounds {
            measures,
            divisions,
            repeat,
        } => rounds_bench(measures, divisions, repeat, cli.database_url.as_deref()).await,
    }
}

/// A plan of `measures` measures under 10 pillars of 10 initiatives each
/// (fewer when fewer are asked), FY2024–FY2026, each with a schedule.
fn big_plan(measures: usize) -> String {
    let mut t = String::from(
        "[plan]\ncode = \"bench\"\ntitle = \"Benchmark plan\"\nfirst_year = 2024\nlast_year = 2026\n\n\
         [[levels]]\nname = \"柱\"\n[[levels]]\nname = \"取組\"\n[[levels]]\nname = \"方策\"\n\n\
         [grades]\nnot_assessed = { code = \"-\", label = \"対象外\" }\n\
         [[grades.scale]]\ncode = \"A\"\nlabel = \"達成\"\nmin_rate = 100\n\
         [[grades.scale]]\ncode = \"B\"\nlabel = \"未達成\"\nmax_rate = 100\n\n",
    );
    let per_initiative = measures.div_ceil(100).max(1);
    let mut made = 0;
    'all: for p in 1..=10 {
        t.push_str(&format!("[[nodes]]\ncode = \"{p}\"\ntitle = \"柱{p}\"\n\n"));
        for i in 1..=10 {
            t.push_str(&format!(
                "[[nodes]]\ncode = \"{p}-{i}\"\nparent = \"{p}\"\ntitle = \"取組{p}-{i}\"\n\n"
            ));
            for m in 1..=per_initiative {
                if made == measures {
                    break 'all;
                }
                made += 1;
                t.push_str(&format!(
                    "[[nodes]]\ncode = \"{p}-{i}-{m}\"\nparent = \"{p}-{i}\"\ntitle = \"方策{p}-{i}-{m}\"\n"
                ));
                for y in 2024..=2026 {
                    t.push_str(&format!(
                        "[[nodes.schedule]]\nyear = {y}\ntarget = {}\nunit = \"回\"\n",
                        10 + y - 2024
                    ));
                }
                t.push('\n');
            }
        }
    }
    t
}

async fn rounds_bench(
    measures: usize,
    divisions: usize,
    repeat: u32,
    url: Option<&str>,
) -> anyhow::Result<()> {
    use axum::body::Body;
    use axum::http::Request;
    use jinzai_domain::people::unit::UnitVersion;
    use jinzai_domain::round::{CellState, Owners, Step};
    use tower::ServiceExt;
    let dir = tempfile_dir()?;
    let (store, schema_name) = fresh_store(url, &dir).await?;
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d");
    let mut units = vec![UnitVersion {
        code: "ROOT".into(),
        name: "市役所".into(),
        kana: String::new(),
        parent: None,
        rotation: "admin".into(),
        valid_from: day("2000-04-01")?,
        valid_to: None,
    }];
    for d in 0..divisions {
        units.push(UnitVersion {
            code: jinzai_domain::people::UnitCode::parse(&format!("D{d:03}"))
                .map_err(|e| anyhow::anyhow!("{e:?}"))?,
            name: format!("第{d}課"),
            kana: String::new(),
            parent: Some("ROOT".into()),
            rotation: "program".into(),
            valid_from: day("2000-04-01")?,
            valid_to: None,
        });
    }
    store
        .import_units(&units, ImportOptions::default())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let text = big_plan(measures);
    let plan = jinzai_domain::plan::parse_plan(&text).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    store.import_plan(&plan, &text, "bench", "bench").await?;
    let stored = store.load_plan("bench", None).await?;
    let codes: Vec<String> = plan.measures().map(|m| m.code.clone()).collect();
    println!("data: {} measures, {} divisions", codes.len(), divisions);
    let owners: Vec<jinzai_store::round::NewOwners> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Ok(jinzai_store::round::NewOwners {
                node_code: c.clone(),
                owners: Owners {
                    accountable: jinzai_domain::people::UnitCode::parse(&format!(
                        "D{:03}",
                        i % divisions.max(1)
                    ))
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?,
                    contributors: Vec::new(),
                    accounts: Vec::new(),
                },
                units_then: Vec::new(),
            })
        })
        .collect::<anyhow::Result<_>>()?;
    store
        .assign_owners((stored.id, "bench"), &owners, "cli", "bench")
        .await?;
    // Every measure has an entry for each year.
    let loaded = jinzai_service::plan::load(&store, "bench")
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    for y in plan.years() {
        for m in plan.measures() {
            let input = jinzai_domain::progress::ProgressInput {
                status: "done".into(),
                actual_value: "11".into(),
                achievements: "実施".into(),
                direction: "continue".into(),
                author: "bench".into(),
                ..Default::default()
            };
            let entry = jinzai_domain::progress::validate(&plan, m, y, &input, None)
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            store
                .record_progress(loaded.cell(&m.code, y), &entry, None, false, "bench")
                .await?;
        }
    }
    let (app, bearer) = app_as_hr(&store).await?;
    let request = |method: &str, path: String, body: String| {
        let app = app.clone();
        let bearer = bearer.clone();
        let method = method.to_owned();
        async move {
            let req = Request::builder()
                .method(method.as_str())
                .uri(&path)
                .header("authorization", bearer)
                .header("content-type", "application/json")
                .body(Body::from(body))?;
            let started = Instant::now();
            let res = app.oneshot(req).await?;
            let status = res.status();
            let _ = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
            let took = started.elapsed();
            anyhow::ensure!(status.is_success(), "{method} {path}: {status}");
            Ok::<Duration, anyhow::Error>(took)
        }
    };
    // Opening a round: once per year of the plan.
    let mut opened = Vec::new();
    for y in 2024..=2026 {
        let body = format!(
            "{{\"fiscal_year\": {y}, \"kind\": \"year_end\", \"opens_on\": \"{}-04-01\", \"due_on\": \"{}-04-30\", \"review_by\": \"{}-05-29\"}}",
            y + 1,
            y + 1,
            y + 1
        );
        opened.push(request("POST", "/api/v1/plans/bench/rounds".into(), body).await?);
    }
    // The last year's round under way: a fifth approved, a fifth
    // confirmed, a fifth submitted, a tenth returned, the rest with the
    // owners.
    let rounds = store.rounds(stored.id).await?;
    let round = rounds
        .iter()
        .find(|r| r.fiscal_year == 2026)
        .context("the 2026 round")?;
    for (i, c) in codes.iter().enumerate() {
        let steps: &[Step] = match i % 10 {
            0 | 1 => &[Step::Submit, Step::Confirm, Step::Approve],
            2 | 3 => &[Step::Submit, Step::Confirm],
            4 | 5 => &[Step::Submit],
            6 => &[Step::Submit, Step::Return],
            _ => &[],
        };
        let mut state = CellState::NotStarted;
        for &step in steps {
            let Some(to) = state.after(step) else { break };
            store
                .take_step(
                    (round, "bench", c),
                    &jinzai_store::round::StepWrite {
                        step,
                        from: state,
                        to,
                        actor: "bench",
                        actor_name: "bench",
                        on_behalf: false,
                        reason: Some("bench"),
                    },
                )
                .await?;
            state = to;
        }
    }
    let mut page = Vec::new();
    let mut api = Vec::new();
    let mut floor = Vec::new();
    for _ in 0..repeat {
        page.push(request("GET", "/home".into(), String::new()).await?);
        api.push(request("GET", "/api/v1/home".into(), String::new()).await?);
        let started = Instant::now();
        for r in &rounds {
            let _ = store.round_cells(r.id).await?;
        }
        let _ = store.current_owners(stored.id).await?;
        let _ = store.units().await?;
        floor.push(started.elapsed());
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    let (page_m, api_m, floor_m) = (median(&mut page), median(&mut api), median(&mut floor));
    opened.sort();
    println!(
        "open a round ({} measures): median {} of {} (each writes a cell per measure)",
        codes.len(),
        ms(opened[opened.len() / 2]),
        opened.len()
    );
    println!(
        "HR home page, {} open rounds: median {} (target < 100 ms); GET /api/v1/home {}",
        rounds.len(),
        ms(page_m),
        ms(api_m)
    );
    println!(
        "floor (the rounds' cells, owners and units read alone): median {}; ratio home / floor {:.1}x",
        ms(floor_m),
        page_m.as_secs_f64() / floor_m.as_secs_f64().max(1e-9)
    );
    drop(app);
    clean_up(store, &schema_name, &dir).await
}

/// The whole application and an `Authorization` value for an HR account
/// made for the benchmark (pages are read as in use, policy and all).
async fn app_as_hr(store: &Store) -> anyhow::Result<(axum::Router, String)> {
    let hr = store
        .create_user(
            &jinzai_store::accounts::NewUser {
                login: "bench".into(),
                display_name: "bench".into(),
                password: "bench-password".into(),
                staff_number: None,
                grants: vec![jinzai_domain::access::Grant {
                    role: jinzai_domain::access::Role::Hr,
                    unit: None,
                }],
            },
            "bench",
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let (_, token) = store
        .issue_token(hr, jinzai_domain::access::Role::Hr, "bench", "bench")
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let app = jinzai_web::router(jinzai_web::AppState {
        store: store.clone(),
        demo: false,
        auth: jinzai_web::AuthSettings::default(),
        notify: Default::default(),
        security: Default::default(),
    });
    Ok((app, format!("Bearer {token}")))
}
