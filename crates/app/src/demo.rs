//! `jinzai demo`: a fresh embedded database with Kiyose's plan and plausible
//! progress for FY2011–2013, every entry flagged as sample data.

use crate::ServeArgs;
use crate::commands::serve;
use anyhow::Context;
use jinzai_domain::plan::{Node, Plan, parse_plan};
use jinzai_domain::progress::{self, ProgressInput};
use jinzai_domain::{FiscalYear, grade::fmt_num};
use jinzai_store::{Cell, Store};
use std::path::PathBuf;
use std::process::ExitCode;

/// Kiyose's plan ships inside the binary.
pub const KIYOSE_PLAN: &str = include_str!("../../../plans/kiyose-2011.toml");

/// Who made the sample records, in the audit log.
const DEMO_ACTOR: &str = "demo";

pub const SAMPLE_AUTHOR: &str = "サンプル（jinzai demo）";

pub async fn run(args: &ServeArgs, demo_dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    // Bind before anything else so a taken port is reported at once.
    let listener = serve::bind(args).await?;
    let dir = demo_dir.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("jinzai-demo-{}", std::process::id()))
    });
    let db = dir.join("jinzai-demo.db");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let key = dir.join("audit.key");
    let health_key = dir.join("health.key");
    for f in ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", db.display())))
        .chain([key.clone(), health_key.clone()])
    {
        if f.exists() {
            std::fs::remove_file(&f)
                .with_context(|| format!("cannot remove the old demo database {}", f.display()))?;
        }
    }
    let store = Store::open_sqlite(&db)
        .await?
        .with_clock(crate::commands::clock()?);
    // The demo keys its audit log with a key of its own, beside it.
    let store = crate::commands::keyed(store, &key).await?;
    // And its health records with a sample health key, beside it too.
    let sample = jinzai_store::health::vault::HealthKey::generate()
        .map_err(|e| anyhow::anyhow!("cannot make a health key: {e}"))?;
    crate::commands::write_private(&health_key, &format!("{}\n", sample.to_hex()))?;
    let store = crate::commands::health_keyed(store, &health_key).await?;
    // Records first: the sample progress takes the actuals computed from them.
    let city = seed_people(&store).await?;
    // The committee met month by month up to today, too.
    let today = store.clock().today();
    let recent = today
        .checked_sub_months(chrono::Months::new(13))
        .unwrap_or(today);
    for m in crate::generate::health::meetings(recent, today, PEOPLE_SEED) {
        if m.held_on <= today {
            store.put_committee_meeting(None, &m, DEMO_ACTOR).await?;
        }
    }
    seed_current_returns(&store, &city).await?;
    // The health staff released each past year's stress-check analysis.
    let this_year = jinzai_domain::FiscalYear::containing(today).0;
    for y in store.stress_years().await? {
        if y < this_year {
            jinzai_service::health::stress::release_as(&store, DEMO_ACTOR, y)
                .await
                .map_err(|e| anyhow::anyhow!("stress release {y}: {e:?}"))?;
        }
    }
    let under_way = seed_cycle(&store, &city).await?;
    let plan = seed(&store).await?;
    let open_exams = seed_open_exams(&store).await?;
    let accounts = seed_accounts(&store, &city).await?;
    let demotion = seed_open_demotion(&store, &city).await?;
    let posting = seed_open_posting(&store).await?;
    seed_owners(&store, &city).await?;
    let round = seed_round(&store).await?;
    println!(
        "jinzai demo — {} ({} measures), sample progress for {}–{}",
        plan.title,
        plan.measures().count(),
        plan.first_year.label_ja_full(),
        plan.last_year.label_ja_full()
    );
    println!(
        "sample city: {} staff, {} assignments, {} unit versions (FY{}–FY{})",
        city.staff.len(),
        city.assignments.len(),
        city.units.len(),
        PEOPLE_LAST_YEAR - PEOPLE_YEARS + 1,
        PEOPLE_LAST_YEAR
    );
    println!("sample evaluation: {under_way} sheets of the open year's 能力評価 under way");
    println!(
        "demo database: {} (fresh each run; sample data is marked サンプル)",
        db.display()
    );
    println!(
        "sample round: {} 年度末実績報告, due {} (states from the sample entries)",
        jinzai_domain::FiscalYear(round.fiscal_year).label_ja_full(),
        round.dates.due_on
    );
    println!("sample exams: {open_exams} taking applications today (昇任試験, under 人事記録)");
    println!(
        "sample voluntary demotion: this year's window open, {demotion} request(s) awaiting review (希望降任; reviewer: reviewer)"
    );
    println!(
        "sample posting: 「{posting}」 taking applications today (職員公募, open to all staff)"
    );
    println!(
        "sample health records: check-ups and consultations sealed with the sample key {} (健康管理; read by health)",
        health_key.display()
    );
    println!("sign in as any of these (password {DEMO_PASSWORD}):");
    for a in &accounts {
        println!("  {:<10} {}", a.login, a.description);
    }
    serve::serve_on(listener, store, true, args).await
}

/// The demo accounts' shared password (demo only; printed at start).
pub const DEMO_PASSWORD: &str = "jinzai-demo";

/// A demo account, as printed.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub login: String,
    pub description: String,
}

/// Two returns to work under way today, of members of the unit the demo
/// 所属長 heads (the first person serving today's unit; not that person):
/// one back at work for about six weeks, its first follow-up overdue, and
/// one whose planned return is five days off, its decision due. Made step
/// by step as the health staff would record them (sample notes).
pub async fn seed_current_returns(
    store: &Store,
    city: &crate::generate::City,
) -> anyhow::Result<()> {
    use jinzai_domain::health::returns::{Case, Entry, Stage};
    if store.health_lock().is_some() {
        return Ok(());
    }
    let today = store.clock().today();
    let serving: Vec<_> = city
        .assignments
        .iter()
        .filter(|a| a.primary && a.active_on(today))
        .collect();
    let Some(first) = serving.first() else {
        return Ok(());
    };
    let members: Vec<_> = serving
        .iter()
        .filter(|a| a.unit_code == first.unit_code && a.staff_number != first.staff_number)
        .map(|a| a.staff_number.clone())
        .take(2)
        .collect();
    let ago = |days: u64| {
        today
            .checked_sub_days(chrono::Days::new(days))
            .unwrap_or(today)
    };
    let ahead = |days: u64| {
        today
            .checked_add_days(chrono::Days::new(days))
            .unwrap_or(today)
    };
    let at = |step: &str, on: chrono::NaiveDate, note: &str| Entry {
        step: step.into(),
        on: Some(on),
        note: format!("サンプル：{note}"),
        ..Entry::default()
    };
    let mut cases = Vec::new();
    for (i, number) in members.into_iter().enumerate() {
        // Back at work 40 days ago, or returning in 5 days.
        let returned = if i == 0 { ago(40) } else { ahead(5) };
        let back = |days: u64| {
            returned
                .checked_sub_days(chrono::Days::new(days))
                .unwrap_or(returned)
        };
        let leave = Entry {
            leave_until: Some(back(21)),
            ..at("leave", back(150), "主治医の診断書により休業")
        };
        let mut c = Case::open(number, &leave, today).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let mut steps = vec![
            at("judgement", back(28), "主治医意見書：復帰可能"),
            Entry {
                planned_return_on: Some(returned),
                stages: vec![
                    Stage {
                        from: back(18),
                        to: back(12),
                        what: "サンプル：通勤訓練".into(),
                    },
                    Stage {
                        from: back(11),
                        to: back(1),
                        what: "サンプル：半日の試し出勤".into(),
                    },
                ],
                ..at("plan", back(21), "産業医・本人・所属長で作成")
            },
        ];
        if i == 0 {
            steps.push(Entry {
                returned_on: Some(returned),
                limits: "サンプル：服薬継続のため車両の運転は控える".into(),
                shared_limits: "サンプル：3か月は時間外勤務なし、窓口業務は段階的に".into(),
                ..at("decision", back(3), "最終判断")
            });
        }
        for e in &steps {
            c.apply(e, today).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        }
        cases.push(c);
    }
    store
        .import_returns(&cases, jinzai_store::ImportOptions::by(DEMO_ACTOR, "demo"))
        .await?;
    Ok(())
}

/// One account per role. The 所属長 heads the unit of the first person
/// serving today, and the 職員 is that person, so the two views differ.
pub async fn seed_accounts(
    store: &Store,
    city: &crate::generate::City,
) -> anyhow::Result<Vec<DemoAccount>> {
    use jinzai_domain::access::{Grant, Role};
    let today = store.clock().today();
    let serving = city
        .assignments
        .iter()
        .find(|a| a.primary && a.active_on(today))
        .or_else(|| {
            city.assignments
                .iter()
                .find(|a| a.primary && a.end.is_none())
        });
    let (unit, person) = match serving {
        Some(a) => (a.unit_code.clone(), a.staff_number.clone()),
        None => anyhow::bail!("the sample city has nobody serving today"),
    };
    // The 所属長 account is the person's 課長 (their evaluator in the
    // latest year), so that it sees those it evaluates; the rest of that
    // chain gets accounts too, so a whole evaluation can be walked through.
    let chain = city
        .evaluation
        .chains
        .iter()
        .rev()
        .find(|c| c.evaluatee == person);
    let head = chain.map(|c| c.second.clone().unwrap_or_else(|| c.first.clone()));
    let department = city
        .units
        .iter()
        .find(|u| u.code == unit)
        .and_then(|u| u.parent.clone());
    let name_of = |n: &str| {
        city.staff
            .iter()
            .find(|s| s.number == n)
            .map_or_else(|| n.to_owned(), |s| s.name.clone())
    };
    let grant = |role| Grant { role, unit: None };
    let list = [
        ("admin", "システム管理者", vec![grant(Role::Admin)], None),
        ("hr", "人事担当", vec![grant(Role::Hr)], None),
        ("health", "健康管理担当", vec![grant(Role::Health)], None),
        (
            "manager",
            "所属長",
            vec![Grant {
                role: Role::Manager,
                unit: Some(unit.clone()),
            }],
            head,
        ),
        (
            "staff",
            "職員",
            vec![grant(Role::Staff)],
            Some(person.clone()),
        ),
        ("viewer", "閲覧者", vec![grant(Role::Viewer)], None),
        (
            "approver",
            "承認者（行財政改革推進本部）",
            vec![grant(Role::Approver)],
            None,
        ),
    ];
    let mut list = list.to_vec();
    if let Some(c) = chain {
        if c.second.is_some() {
            list.push((
                "evaluator",
                "一次評価者（係長）",
                vec![grant(Role::Staff)],
                Some(c.first.clone()),
            ));
        }
        if let Some(a) = &c.adjuster {
            list.push((
                "director",
                "調整者（部長）",
                vec![Grant {
                    role: Role::Manager,
                    unit: department.clone(),
                }],
                Some(a.clone()),
            ));
        }
    }
    // The 希望降任 reviewer (審査者): a senior officer outside the demo
    // 所属長's chain, named on this year's window.
    let grades = city.grades();
    let taken: Vec<&str> = list
        .iter()
        .filter_map(|(_, _, _, n)| n.as_ref().map(|n| n.as_str()))
        .collect();
    if let Some(s) = city.staff.iter().find(|s| {
        s.hire_date <= today
            && s.leaving_date.is_none_or(|l| l >= today)
            && matches!(grades.on(s, today), Some("kacho" | "bucho"))
            && !taken.contains(&s.number.as_str())
    }) {
        list.push((
            "reviewer",
            "希望降任の審査者（管理職）",
            vec![grant(Role::Staff)],
            Some(s.number.clone()),
        ));
    }
    // Someone the records make eligible for an exam open today, who has
    // not applied: the exams page offers them the 申し込む button.
    if let Some(n) = open_exam_candidate(store, today).await? {
        list.push((
            "candidate",
            "職員（受付中の昇任試験の受験資格あり）",
            vec![grant(Role::Staff)],
            Some(n),
        ));
    }
    let mut out = Vec::new();
    for (login, label, grants, staff_number) in list {
        let display_name = match &staff_number {
            Some(n) => name_of(n),
            None => format!("{label}（サンプル）"),
        };
        store
            .create_user(
                &jinzai_store::accounts::NewUser {
                    login: login.to_owned(),
                    display_name,
                    password: DEMO_PASSWORD.to_owned(),
                    staff_number: staff_number.clone(),
                    grants,
                },
                DEMO_ACTOR,
            )
            .await
            .map_err(|e| anyhow::anyhow!("demo account {login}: {e}"))?;
        let description = match (login, &staff_number) {
            ("manager", _) => format!("{label} — 組織 {unit} とその下の職員（二次評価者）"),
            ("director", _) => format!("{label} — 部の職員"),
            (_, Some(n)) => format!("{label} — 職員番号 {n} 本人"),
            _ => label.to_owned(),
        };
        out.push(DemoAccount {
            login: login.to_owned(),
            description,
        });
    }
    Ok(out)
}

/// Gives every measure of Kiyose's plan an accountable division: the
/// divisions (units with a parent) serving today in turn, starting with
/// the demo 所属長's, whose first measure also names the demo 職員.
pub async fn seed_owners(store: &Store, city: &crate::generate::City) -> anyhow::Result<usize> {
    let today = store.clock().today();
    let head = city
        .assignments
        .iter()
        .find(|a| a.primary && a.active_on(today))
        .map(|a| a.unit_code.clone());
    let mut units: Vec<_> = city
        .units
        .iter()
        .filter(|u| u.valid_on(today) && u.parent.is_some())
        .map(|u| u.code.clone())
        .collect();
    units.sort();
    units.dedup();
    if let Some(h) = &head {
        units.retain(|u| u != h);
        units.insert(0, h.clone());
    }
    if units.is_empty() {
        return Ok(0);
    }
    let loaded = jinzai_service::plan::load(store, "kiyose-2011")
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let list: Vec<_> = loaded
        .plan()
        .measures()
        .enumerate()
        .map(|(i, m)| {
            let owners = jinzai_service::round::OwnersInput {
                node: m.code.clone(),
                accountable: units[i % units.len()].as_str().to_owned(),
                contributors: Vec::new(),
                accounts: if i == 0 {
                    vec!["staff".to_owned()]
                } else {
                    Vec::new()
                },
            };
            (format!("{{field}}-{}", m.code), owners)
        })
        .collect();
    jinzai_service::round::assign(store, &loaded, DEMO_ACTOR, &list, "cli")
        .await
        .map_err(|e| anyhow::anyhow!("demo owners: {e:?}"))
}

/// Opens the last year's 年度末実績報告 around today (opened 15 working
/// days ago, due in 5) and moves each measure that has a sample entry to
/// a state drawn from its code: about half approved, the rest confirmed,
/// submitted or returned with a reason; measures without an entry (the
/// demo 所属長's among them) are not started. So every role has
/// something to do: write, review, approve.
pub async fn seed_round(store: &Store) -> anyhow::Result<jinzai_store::round::Round> {
    use jinzai_domain::round::{CellState, RoundDates, RoundKind, Step};
    use jinzai_store::round::StepWrite;
    let stored = store.load_plan("kiyose-2011", None).await?;
    let plan = &stored.plan;
    let year = plan.last_year;
    let calendar = store.work_calendar().await?;
    let today = store.clock().today();
    let dates = RoundDates {
        opens_on: calendar.add_open_days(today, -15),
        due_on: calendar.add_open_days(today, 5),
        review_by: calendar.add_open_days(today, 15),
    };
    let measures: Vec<String> = plan.measures().map(|m| m.code.clone()).collect();
    let round = store
        .open_round(
            (stored.id, &plan.code),
            (year, RoundKind::YearEnd),
            dates,
            &measures,
            DEMO_ACTOR,
        )
        .await?;
    for cell in store.round_cells(round.id).await? {
        if cell.revision.is_none() {
            continue;
        }
        let node = cell.node_code.as_str();
        let steps: &[Step] = match mix(node, year) % 20 {
            0..=9 => &[Step::Submit, Step::Confirm, Step::Approve],
            10..=12 => &[Step::Submit, Step::Confirm],
            13..=15 => &[Step::Submit],
            16..=17 => &[Step::Submit, Step::Return],
            _ => &[],
        };
        let mut state = CellState::NotStarted;
        for &step in steps {
            let (actor, name) = match step {
                Step::Submit => (DEMO_ACTOR, SAMPLE_AUTHOR),
                Step::Approve => ("approver", "承認者（サンプル）"),
                _ => ("hr", "人事担当（サンプル）"),
            };
            let Some(to) = state.after(step) else { break };
            store
                .take_step(
                    (&round, &plan.code, node),
                    &StepWrite {
                        step,
                        from: state,
                        to,
                        actor,
                        actor_name: name,
                        on_behalf: false,
                        reason: (step == Step::Return).then_some(
                            "実績の根拠となる人数（対象者数と実施者数）を追記してください。",
                        ),
                    },
                )
                .await?;
            state = to;
        }
    }
    Ok(round)
}

/// Imports Kiyose's plan and writes sample progress; returns the plan.
pub async fn seed(store: &Store) -> anyhow::Result<Plan> {
    let plan = parse_plan(KIYOSE_PLAN).map_err(|e| {
        anyhow::anyhow!(
            "the shipped plan is invalid:\n{}",
            e.render("kiyose-2011.toml", jinzai_domain::i18n::Language::En)
        )
    })?;
    store
        .import_plan(&plan, KIYOSE_PLAN, SAMPLE_AUTHOR, DEMO_ACTOR)
        .await?;
    let stored = store.load_plan(&plan.code, None).await?;
    for m in plan.measures() {
        for year in plan.years() {
            let computed = store.headline_actual(&plan, m, year).await?;
            let Some(input) = sample_input(m, year, computed) else {
                continue;
            };
            let entry = progress::validate(&plan, m, year, &input, computed).map_err(|e| {
                anyhow::anyhow!(
                    "sample progress for {} {} is invalid: {e:?}",
                    m.code,
                    year.0
                )
            })?;
            let cell = Cell {
                plan_id: stored.id,
                plan_code: &plan.code,
                plan_version: stored.version,
                node_code: &m.code,
                year,
            };
            store
                .record_progress(cell, &entry, None, true, DEMO_ACTOR)
                .await?;
        }
    }
    // HR has closed the first year and published it to citizens.
    store
        .lock_year(
            stored.id,
            plan.first_year,
            "人事担当（サンプル）",
            None,
            DEMO_ACTOR,
        )
        .await?;
    store
        .publish_year(
            stored.id,
            plan.first_year,
            "人事担当（サンプル）",
            DEMO_ACTOR,
        )
        .await?;
    Ok(plan)
}

/// The demo's people cover ten fiscal years around Kiyose's plan.
pub const PEOPLE_LAST_YEAR: i32 = 2015;
pub const PEOPLE_YEARS: i32 = 10;
const PEOPLE_COUNT: usize = 600;
const PEOPLE_SEED: u64 = 2011;

/// Imports the sample city's organisation, staff and assignments.
pub async fn seed_people(store: &Store) -> anyhow::Result<crate::generate::City> {
    let city = crate::generate::generate(PEOPLE_COUNT, PEOPLE_YEARS, PEOPLE_LAST_YEAR, PEOPLE_SEED);
    city.store_into(store, DEMO_ACTOR).await?;
    // HR has published the 能力評価 distributions of the plan's years.
    for p in store.evaluation_periods(None).await? {
        if (2011..=2013).contains(&p.period.fiscal_year)
            && p.period.kind == jinzai_domain::evaluation::EvaluationKind::Ability
        {
            store.publish_distribution(p.id, true, DEMO_ACTOR).await?;
        }
    }
    // HR has set two targets of the 特定事業主行動計画 and published the
    // last year of records to citizens (the figures come from the records).
    for (item, group, value, actions) in [
        (
            "tier_women",
            "managers",
            15.0,
            "管理職選考の受験勧奨、女性職員のキャリア形成研修",
        ),
        (
            "childcare_leave",
            "male",
            13.0,
            "育児休業制度の周知、所属長による取得の声かけ",
        ),
    ] {
        let t = jinzai_domain::women::Target {
            item: item.into(),
            group: group.into(),
            value,
            year: PEOPLE_LAST_YEAR + 5,
            baseline_year: Some(PEOPLE_LAST_YEAR - 2),
            actions: Some(actions.into()),
        };
        store.set_women_target(&t, DEMO_ACTOR).await?;
    }
    store
        .set_women_published(PEOPLE_LAST_YEAR, Some("人事担当（サンプル）"), DEMO_ACTOR)
        .await?;
    Ok(city)
}

/// The first person (by staff number) eligible for an exam taking
/// applications on `today`, by the exam's own rules.
async fn open_exam_candidate(
    store: &Store,
    today: chrono::NaiveDate,
) -> anyhow::Result<Option<jinzai_domain::people::StaffNumber>> {
    for e in store.exams(None).await? {
        if !e.exam.open_on(today) {
            continue;
        }
        for (s, c) in store.exam_candidates(&e.exam).await? {
            if e.exam.eligibility.judge(&c, e.exam.reference_date).is_ok() {
                return Ok(Some(s.number));
            }
        }
    }
    Ok(None)
}

/// This year's exams, taking applications from a week ago for three
/// weeks, under the sample city's rules: whoever the records make
/// eligible may apply on screen. Returns how many were set.
pub async fn seed_open_exams(store: &Store) -> anyhow::Result<usize> {
    use crate::generate::exams::{LEVELS, exam};
    let today = store.clock().today();
    let opens = today - chrono::Duration::days(7);
    let closes = today + chrono::Duration::days(21);
    let held = closes + chrono::Duration::days(21);
    let year = FiscalYear::containing(held).0;
    let set_already = store.exams(Some(year)).await?;
    let mut count = 0;
    for (level, title, grade, service, _, _) in LEVELS {
        // Today inside the sample years: that year's exam stands as it is.
        if set_already.iter().any(|x| x.exam.level == *level) {
            continue;
        }
        let mut e = exam(year, level, title, grade, *service);
        e.opens_on = opens;
        e.closes_on = closes;
        e.held_on = held;
        e.reference_date = opens;
        store.save_exam(&e, "demo").await?;
        count += 1;
    }
    Ok(count)
}

/// This year's 希望降任 window, open from a week ago for three weeks (or to
/// the year's end) with the demo reviewer named, and one request made
/// three days ago by a 係長 serving today, waiting for the review. Returns
/// how many requests wait.
pub async fn seed_open_demotion(
    store: &Store,
    city: &crate::generate::City,
) -> anyhow::Result<usize> {
    use jinzai_domain::demotion::{Reason, Request, Window, next_april};
    let today = store.clock().today();
    let year = FiscalYear::containing(today);
    let end = year.end().unwrap_or(today);
    let reviewers = match store.user_by_login("reviewer").await? {
        Some(_) => vec!["reviewer".to_owned()],
        None => Vec::new(),
    };
    let w = Window {
        fiscal_year: year.0,
        opens_on: (today - chrono::Duration::days(7)).max(year.start().unwrap_or(today)),
        closes_on: (today + chrono::Duration::days(21)).min(end),
        effective_on: next_april(year.0),
        reviewers,
    };
    let stored = store.set_demotion_window(&w, DEMO_ACTOR).await?;
    let accounts: Vec<String> = store
        .users()
        .await?
        .into_iter()
        .filter_map(|u| u.staff_number.map(|n| n.into_string()))
        .collect();
    let grades = city.grades();
    let asker = city.staff.iter().find(|s| {
        s.hire_date <= today
            && s.leaving_date.is_none_or(|l| l >= today)
            && grades.on(s, today) == Some("kakaricho")
            && !accounts.iter().any(|a| a == s.number.as_str())
    });
    let Some(s) = asker else {
        return Ok(0);
    };
    let on = (today - chrono::Duration::days(3)).max(w.opens_on);
    let from = store.grade_on(&s.number, on).await?;
    let request = Request {
        reason: Reason::Family,
        details: "親の介護が必要になり、時間外や休日の対応が難しくなったため（サンプル）".into(),
        wished_grade: None,
    };
    store
        .put_demotion_request(
            &stored,
            (&s.number, from.as_deref()),
            &request,
            on,
            DEMO_ACTOR,
        )
        .await?;
    Ok(1)
}

/// A project team taking applications from a week ago for three weeks (or
/// to the year's end), open to everyone in service, hidden from the
/// 所属長 until selection. Returns its title.
pub async fn seed_open_posting(store: &Store) -> anyhow::Result<String> {
    let today = store.clock().today();
    let year = FiscalYear::containing(today);
    let end = year.end().unwrap_or(today);
    let mut p = crate::generate::postings::team(
        year.0,
        "業務改善プロジェクトチーム（サンプル）",
        "庁内の業務改善の提案をまとめる。部署や職層を問わず、改善に意欲のある職員を求める。",
        3,
    );
    p.opens_on = (today - chrono::Duration::days(7)).max(year.start().unwrap_or(today));
    p.closes_on = (today + chrono::Duration::days(21)).min(end);
    p.starts_on = p.closes_on + chrono::Duration::days(14);
    p.ends_on = Some(
        FiscalYear::containing(p.starts_on)
            .end()
            .unwrap_or(p.starts_on),
    );
    p.eligibility = jinzai_domain::postings::Eligibility::default();
    store.save_posting(None, &p, DEMO_ACTOR).await?;
    Ok(p.title)
}

/// The open year's 能力評価 under way, as the demo shows it: most sheets
/// somewhere in the cycle (自己評価, 一次, 二次, 調整), each written step by
/// step as the cycle allows, so that HR's period overview and the
/// evaluators' lists have something to show. Returns the sheets written.
pub async fn seed_cycle(store: &Store, city: &crate::generate::City) -> anyhow::Result<usize> {
    use jinzai_domain::evaluation::sheet::{ItemRating, Shape, SheetState, SheetStep, Stage};
    use jinzai_domain::evaluation::{Chain, EvaluationKind};
    use jinzai_store::evaluation::sheet::SheetWrite;
    let Some(&year) = city.evaluation.years.last() else {
        return Ok(0);
    };
    let Some(period) = store
        .evaluation_periods(Some(FiscalYear(year)))
        .await?
        .into_iter()
        .find(|p| p.period.kind == EvaluationKind::Ability)
    else {
        return Ok(0);
    };
    let bands: Vec<&str> = period
        .scheme
        .bands
        .iter()
        .map(|b| b.code.as_str())
        .collect();
    // Each evaluatee's last chain of the year.
    let mut last: std::collections::BTreeMap<&str, &Chain> = std::collections::BTreeMap::new();
    for c in city
        .evaluation
        .chains
        .iter()
        .filter(|c| c.fiscal_year == year)
    {
        last.insert(c.evaluatee.as_str(), c);
    }
    let mut written = 0;
    for (number, chain) in last {
        let draw = mix(number, FiscalYear(year));
        // 3 in 10 not started; then self, 一次, 二次 and 調整 ever fewer.
        let wanted = match draw % 10 {
            0..=2 => 0,
            3..=5 => 1,
            6..=7 => 2,
            8 => 3,
            _ => 4,
        };
        let shape = Shape::of(EvaluationKind::Ability, chain);
        let mut state = SheetState::NotStarted;
        for step in [
            SheetStep::SelfEvaluate,
            SheetStep::RateFirst,
            SheetStep::RateSecond,
            SheetStep::Adjust,
        ]
        .into_iter()
        .take(wanted)
        {
            // A chain without a 二次 or 調整者 has no such step.
            let Ok(to) = shape.next(state, step) else {
                continue;
            };
            let (stage, rater) = match step {
                SheetStep::SelfEvaluate => (Some(Stage::SelfRating), &chain.evaluatee),
                SheetStep::RateFirst => (Some(Stage::First), &chain.first),
                SheetStep::RateSecond => (
                    Some(Stage::Second),
                    chain.second.as_ref().unwrap_or(&chain.first),
                ),
                _ => (None, chain.adjuster.as_ref().unwrap_or(&chain.first)),
            };
            let ratings: Vec<ItemRating> = period
                .scheme
                .ability_items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    // Mostly the middle band, now and then one either side.
                    let b = match (draw >> (4 + 2 * i)) % 8 {
                        0 => 1,
                        7 => 3,
                        _ => 2,
                    };
                    ItemRating {
                        item: item.code.clone(),
                        band: bands
                            .get(b.min(bands.len().saturating_sub(1)))
                            .copied()
                            .unwrap_or("B")
                            .to_owned(),
                        comment: None,
                    }
                })
                .collect();
            store
                .write_sheet_step(SheetWrite {
                    period: &period,
                    evaluatee: &chain.evaluatee,
                    step,
                    from: state,
                    to,
                    goals: None,
                    ratings: stage.map(|s| (s, ratings.as_slice(), rater)),
                    adjusted: (step == SheetStep::Adjust).then_some((None, None)),
                    final_band: None,
                    disclosed_on: None,
                    interview: None,
                    reason: None,
                    actor: DEMO_ACTOR,
                })
                .await?;
            state = to;
        }
        written += usize::from(state != SheetState::NotStarted);
    }
    Ok(written)
}

/// A small deterministic hash, so every run shows the same sample.
fn mix(code: &str, year: FiscalYear) -> u64 {
    code.bytes()
        .chain(year.0.to_le_bytes())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// Sample owner divisions (the source names none).
fn division(code: &str) -> &'static str {
    match code.get(..3) {
        Some("2-2" | "2-3" | "2-5") => "企画課",
        Some("2-6") => "市民協働課",
        _ => "職員課",
    }
}

/// The sample entry of a measure in a year; `None` leaves it unreported.
/// `computed`: the actual computed from records, if the measure has one;
/// the sample then leaves the actual to it.
fn sample_input(m: &Node, year: FiscalYear, computed: Option<f64>) -> Option<ProgressInput> {
    let h = mix(&m.code, year);
    let last_year = year.0 >= 2013;
    if last_year && h.is_multiple_of(3) {
        return None; // the latest year is still being reported
    }
    let mut input = ProgressInput {
        author: SAMPLE_AUTHOR.to_owned(),
        owner_division: division(&m.code).to_owned(),
        ..ProgressInput::default()
    };
    if !m.has_schedule() {
        input.status = "not_started".into();
        input.grade = "-".into();
        input.grade_reason = "計画に記載なし（詳細ページなし）のため評価対象外".into();
        return Some(input);
    }
    let schedule = m
        .cells(year)
        .filter_map(|c| c.text.clone())
        .collect::<Vec<_>>()
        .join("・");
    input.status = if last_year && h % 5 == 1 {
        "in_progress"
    } else {
        "done"
    }
    .into();
    if let Some(target) = m.target(year) {
        // Between 70 % and 125 % of the target, whole people or sessions.
        let factor = 0.70 + (h % 56) as f64 / 100.0;
        let actual = computed.unwrap_or_else(|| (target.value * factor).round());
        if computed.is_none() {
            input.actual_value = fmt_num(actual);
        }
        input.achievements = format!(
            "{}{}の実績（目標{}{}）。",
            fmt_num(actual),
            target.unit,
            fmt_num(target.value),
            target.unit
        );
        input.issues = if actual < target.value {
            "参加者の確保が課題。所属への周知を強化する。".into()
        } else {
            String::new()
        };
        input.direction = if actual < target.value {
            "improve"
        } else {
            "continue"
        }
        .into();
    } else {
        let (grade, reason) = match h % 10 {
            0 | 1 => ("A", "計画以上に取り組みが進んだ"),
            2..=7 => ("B", "計画どおり実施した"),
            8 => ("C", "実施が一部の職場にとどまった"),
            _ => ("D", "準備に時間を要し、ほとんど進んでいない"),
        };
        input.grade = grade.into();
        input.grade_reason = reason.into();
        input.actual_text = if schedule.is_empty() {
            "実施".into()
        } else {
            format!("{schedule}を実施")
        };
        input.achievements = format!(
            "{}を{}。",
            if schedule.is_empty() {
                &m.title
            } else {
                &schedule
            },
            if input.status == "done" {
                "実施した"
            } else {
                "実施中"
            }
        );
        input.issues = match grade {
            "A" | "B" => String::new(),
            _ => "全庁的な実施に向けて、所属長への働きかけが必要。".into(),
        };
        input.direction = match grade {
            "A" => "expand",
            "B" => "continue",
            _ => "improve",
        }
        .into();
    }
    Some(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_entry_passes_the_plan_rules() {
        let plan = parse_plan(KIYOSE_PLAN).unwrap_or_else(|e| panic!("{e}"));
        let mut count = 0;
        for m in plan.measures() {
            for y in plan.years() {
                if let Some(i) = sample_input(m, y, None) {
                    assert!(
                        progress::validate(&plan, m, y, &i, None).is_ok(),
                        "{} {}",
                        m.code,
                        y.0
                    );
                    count += 1;
                }
            }
        }
        // Every measure in the first two years, most in the third.
        assert!(count > 34 * 2 && count < 34 * 3, "{count}");
    }
}
