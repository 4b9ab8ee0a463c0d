//! The plan list, the plan tree, an item's page and the plan's versions.

use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use crate::view::{Badge, LevelWords, grade_badge, level_name, status_badge, when};
use crate::{SharedState, view};
use askama::Template;
use axum::extract::{Path, State};
use jinzai_domain::grade::fmt_num;
use jinzai_domain::plan::{Node, Plan};
use jinzai_domain::rollup::{NOT_REPORTED, Rollup, UNGRADED, UNREPORTED};
use jinzai_domain::{FiscalYear, rollup};

pub fn node_href(plan: &Plan, code: &str) -> String {
    format!("/plans/{}/nodes/{}", plan.code, code)
}

pub fn period(plan: &Plan, lang: Lang) -> String {
    format!(
        "{} – {}",
        lang.year(plan.first_year),
        lang.year(plan.last_year)
    )
}

/// "140名" from a target.
pub fn target_text(value: f64, unit: &str) -> String {
    format!("{}{}", fmt_num(value), unit)
}

pub struct PlanRow {
    pub code: String,
    pub title: String,
    pub period: String,
    pub version: i64,
    pub imported_at: String,
}

#[derive(Template)]
#[template(path = "plan/plans.html")]
pub struct PlansPage {
    pub nav: Nav,
    pub plans: Vec<PlanRow>,
}

pub async fn list(State(state): State<SharedState>, lang: Lang) -> PageResult {
    let plans = state
        .store
        .list_plans()
        .await
        .map_err(|e| PageError(e.into(), lang))?;
    let plans = plans
        .into_iter()
        .map(|p| PlanRow {
            period: format!(
                "{} – {}",
                lang.year(FiscalYear(p.first_year)),
                lang.year(FiscalYear(p.last_year))
            ),
            code: p.code,
            title: p.title,
            version: p.version,
            imported_at: when(&p.imported_at),
        })
        .collect();
    render(
        &PlansPage {
            nav: nav(lang, None, "plans", "/plans".into()),
            plans,
        },
        lang,
    )
}

pub struct YearCol {
    pub label: String,
    pub locked: bool,
}

pub struct TreeCell {
    pub grade: Badge,
    pub status: Badge,
    pub figure: String,
    pub counts: Vec<(Badge, usize)>,
}

pub struct TreeRow {
    pub depth: usize,
    pub number: Option<String>,
    pub title: String,
    pub href: String,
    pub level_name: String,
    pub is_measure: bool,
    pub unscheduled: bool,
    pub cells: Vec<TreeCell>,
}

#[derive(Template)]
#[template(path = "plan/tree.html")]
pub struct TreePage {
    pub nav: Nav,
    pub title: String,
    pub organization: Option<String>,
    pub period: String,
    pub periods: String,
    pub review_year: String,
    pub version: i64,
    pub levels: String,
    pub legend: Vec<(Badge, String)>,
    pub years: Vec<YearCol>,
    pub rows: Vec<TreeRow>,
    /// Just created as the next plan of another.
    pub created: bool,
}

/// Grade counts of a roll-up as badges, non-zero only.
pub fn grade_counts(plan: &Plan, r: &Rollup, lang: Lang) -> Vec<(Badge, usize)> {
    r.by_grade
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(g, n)| {
            let badge = if g == NOT_REPORTED {
                view::unreported_badge(lang, String::new())
            } else {
                grade_badge(plan, (g != UNGRADED).then_some(g.as_str()), lang)
            };
            (badge, *n)
        })
        .collect()
}

#[derive(serde::Deserialize)]
pub struct TreeQuery {
    #[serde(default)]
    created: Option<String>,
}

pub async fn tree(
    State(state): State<SharedState>,
    lang: Lang,
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<TreeQuery>,
) -> PageResult {
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(|e| PageError(e, lang))?;
    let plan = loaded.plan();
    let book = loaded.book();
    let years: Vec<FiscalYear> = plan.years().collect();
    let rows = plan
        .nodes
        .iter()
        .map(|n| {
            let is_measure = plan.is_leaf(&n.code);
            let cells = years
                .iter()
                .map(|&y| {
                    if is_measure {
                        let rev = loaded.rev(&n.code, y);
                        let e = rev.map(|r| &r.entry);
                        let figure = match (e.and_then(|e| e.actual_value), n.target(y)) {
                            (Some(a), Some(t)) => {
                                format!("{} / {}", fmt_num(a), target_text(t.value, &t.unit))
                            }
                            (None, Some(t)) => format!("– / {}", target_text(t.value, &t.unit)),
                            _ => String::new(),
                        };
                        // A year nobody reported says so once, not twice.
                        let reported = e.is_some_and(|e| !e.status.is_empty());
                        TreeCell {
                            grade: view::entry_grade_badge(plan, e, lang),
                            status: if reported {
                                status_badge(plan, e.map(|e| e.status.as_str()), lang)
                            } else {
                                Badge::default()
                            },
                            figure,
                            counts: Vec::new(),
                        }
                    } else {
                        let r = rollup::rollup(plan, y, Some(&n.code), &book);
                        TreeCell {
                            grade: Badge::default(),
                            status: Badge::default(),
                            figure: String::new(),
                            counts: grade_counts(plan, &r, lang),
                        }
                    }
                })
                .collect();
            TreeRow {
                depth: n.depth,
                number: n.number.clone(),
                title: n.title.clone(),
                href: node_href(plan, &n.code),
                level_name: plan
                    .level(n)
                    .map(|l| level_name(l, lang))
                    .unwrap_or_default(),
                is_measure,
                unscheduled: is_measure && !n.has_schedule(),
                cells,
            }
        })
        .collect();
    let legend = view::grade_legend(plan, lang);
    let page = TreePage {
        created: q.created.is_some(),
        nav: nav(lang, Some(&loaded), "tree", format!("/plans/{code}")),
        title: plan.title.clone(),
        organization: plan.organization.clone(),
        period: period(plan, lang),
        // 「前期（…〜…）・後期（…〜…）」 and 「中間見直し 令和2年度」, when the plan has them.
        periods: plan
            .periods
            .iter()
            .map(|p| view::period_label(p, lang))
            .collect::<Vec<_>>()
            .join("・"),
        review_year: plan.review_year.map(|y| lang.year(y)).unwrap_or_default(),
        version: loaded.stored.version,
        levels: plan
            .levels
            .iter()
            .map(|l| level_name(l, lang))
            .collect::<Vec<_>>()
            .join(" / "),
        legend,
        years: years
            .iter()
            .map(|&y| YearCol {
                label: lang.year(y),
                locked: loaded.is_locked(y),
            })
            .collect(),
        rows,
    };
    render(&page, lang)
}

#[derive(Clone)]
pub struct NodeYear {
    pub year: i32,
    pub label: String,
    pub locked: bool,
    pub schedule: Vec<(String, bool)>,
    pub target: String,
    pub actual: String,
    pub actual_text: String,
    pub rate: String,
    pub status: Badge,
    pub grade: Badge,
    pub grade_reason: String,
    pub has_narrative: bool,
    pub achievements: String,
    pub issues: String,
    pub direction: String,
    pub owner_division: String,
    pub author: String,
    pub recorded_at: String,
    pub revision: String,
    pub sample: bool,
    pub edit_href: String,
}

pub struct HistRow {
    pub year: String,
    pub revision: i64,
    pub recorded_at: String,
    pub author: String,
    pub status: String,
    pub actual: String,
    pub grade: String,
    pub reason: String,
    pub achievements: String,
    pub sample: bool,
}

/// A measure's years as its page (and its 評価シート) show them.
pub fn node_years(loaded: &jinzai_service::plan::Loaded, n: &Node, lang: Lang) -> Vec<NodeYear> {
    let plan = loaded.plan();
    let code = &plan.code;
    let mut years = Vec::new();
    for y in plan.years() {
        let rev = loaded.rev(&n.code, y);
        let e = rev.map(|r| &r.entry);
        let text = |v: Option<&String>| v.cloned().unwrap_or_default();
        let schedule = n
            .cells(y)
            .map(|c| {
                let t = match (&c.text, c.target) {
                    (Some(t), Some(v)) => {
                        format!("{t} {}", target_text(v, c.unit.as_deref().unwrap_or("")))
                    }
                    (Some(t), None) => t.clone(),
                    (None, Some(v)) => target_text(v, c.unit.as_deref().unwrap_or("")),
                    (None, None) => String::new(),
                };
                (t, c.inferred)
            })
            .collect();
        years.push(NodeYear {
            year: y.0,
            label: lang.year(y),
            locked: loaded.is_locked(y),
            schedule,
            target: n
                .target(y)
                .map(|t| target_text(t.value, &t.unit))
                .unwrap_or_default(),
            actual: e
                .and_then(|e| {
                    e.actual_value.map(|v| {
                        format!(
                            "{}{}",
                            target_text(v, e.actual_unit.as_deref().unwrap_or("")),
                            actual_mark(e, lang)
                        )
                    })
                })
                .unwrap_or_default(),
            actual_text: text(e.and_then(|e| e.actual_text.as_ref())),
            rate: e
                .and_then(|e| e.achievement_rate)
                .map(|r| format!("{}%", fmt_num((r * 10.0).round() / 10.0)))
                .unwrap_or_default(),
            status: status_badge(plan, e.map(|e| e.status.as_str()), lang),
            grade: view::entry_grade_badge(plan, e, lang),
            grade_reason: text(e.and_then(|e| e.grade_reason.as_ref())),
            has_narrative: rev.is_some_and(|r| r.revision > 0),
            achievements: text(e.and_then(|e| e.achievements.as_ref())),
            issues: text(e.and_then(|e| e.issues.as_ref())),
            direction: e
                .and_then(|e| e.direction.as_deref())
                .map(|d| view::direction_label(plan, d, lang))
                .unwrap_or_default(),
            owner_division: text(e.and_then(|e| e.owner_division.as_ref())),
            author: e.map(|e| e.author.clone()).unwrap_or_default(),
            recorded_at: rev.map(|r| when(&r.recorded_at)).unwrap_or_default(),
            // Revision 0 is computed from records, not recorded yet.
            revision: rev
                .filter(|r| r.revision > 0)
                .map(|r| r.revision.to_string())
                .unwrap_or_default(),
            sample: rev.is_some_and(|r| r.sample),
            edit_href: format!("/plans/{code}/nodes/{}/progress/{}", n.code, y.0),
        });
    }
    years
}

/// One stored revision as the history shows it.
pub fn hist_row(plan: &Plan, r: &jinzai_domain::progress::Revision, lang: Lang) -> HistRow {
    HistRow {
        year: lang.year(FiscalYear(r.fiscal_year)),
        revision: r.revision,
        recorded_at: when(&r.recorded_at),
        author: r.entry.author.clone(),
        status: view::status_label(plan, &r.entry.status, lang),
        actual: r
            .entry
            .actual_value
            .map(|v| {
                let reason = r
                    .entry
                    .override_reason
                    .as_ref()
                    .map(|why| format!("：{why}"))
                    .unwrap_or_default();
                format!(
                    "{}{}{reason}",
                    target_text(v, r.entry.actual_unit.as_deref().unwrap_or("")),
                    actual_mark(&r.entry, lang)
                )
            })
            .or_else(|| r.entry.actual_text.clone())
            .unwrap_or_default(),
        grade: r.entry.grade.clone().unwrap_or_default(),
        reason: r.entry.grade_reason.clone().unwrap_or_default(),
        achievements: r.entry.achievements.clone().unwrap_or_default(),
        sample: r.sample,
    }
}

/// 「（記録から算出）」 or 「（算出値を上書き）」 after an actual, or nothing.
fn actual_mark(e: &jinzai_domain::progress::ProgressEntry, lang: Lang) -> &'static str {
    if e.actual_computed {
        lang.t("computed_mark")
    } else if e.override_reason.is_some() {
        lang.t("override_mark")
    } else {
        ""
    }
}

pub struct RollupView {
    pub label: String,
    pub measures: usize,
    pub grades: Vec<(Badge, usize)>,
    pub statuses: Vec<(String, usize)>,
    pub numeric: String,
    pub not_assessed: String,
}

pub fn rollup_view(plan: &Plan, r: &Rollup, label: String, lang: Lang) -> RollupView {
    let statuses = r
        .by_status
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| {
            let label = if s == UNREPORTED {
                lang.t("unreported").to_owned()
            } else {
                view::status_label(plan, s, lang)
            };
            (label, *n)
        })
        .collect();
    let num = &r.numeric;
    let numeric = if num.measures == 0 {
        "—".to_owned()
    } else {
        format!(
            "{} {} · {} {} · {} {} · {} {}",
            LevelWords::of(plan, lang).numeric,
            num.measures,
            lang.t("reported"),
            num.reported,
            lang.t("met"),
            num.met,
            lang.t("mean_rate"),
            num.mean_rate.map_or("—".to_owned(), |m| format!(
                "{}%",
                fmt_num((m * 10.0).round() / 10.0)
            ))
        )
    };
    let titles = |codes: &[String]| {
        codes
            .iter()
            .filter_map(|c| plan.node(c))
            .map(|n| format!("{} {}", n.code, n.title))
            .collect::<Vec<_>>()
            .join("、")
    };
    RollupView {
        label,
        measures: r.measures,
        grades: grade_counts(plan, r, lang),
        statuses,
        numeric,
        not_assessed: titles(&r.not_assessed),
    }
}

#[derive(Template)]
#[template(path = "plan/node.html")]
pub struct NodePage {
    pub nav: Nav,
    pub crumbs: Vec<(String, String)>,
    pub level_name: String,
    pub heading: String,
    pub code: String,
    pub project: Option<String>,
    pub description: Option<String>,
    pub owners: String,
    pub aliases: String,
    pub note: Option<String>,
    /// The plan's own fields (label, value), in the plan's order.
    pub fields: Vec<(String, String)>,
    /// 目標設定時最新値, and which way the targets point, when the plan
    /// says.
    pub baseline: Option<String>,
    pub lower_is_better: bool,
    pub is_measure: bool,
    pub unscheduled: bool,
    pub years: Vec<NodeYear>,
    pub history: Vec<HistRow>,
    pub target_history: Vec<String>,
    pub children: Vec<(String, String)>,
    pub rollups: Vec<RollupView>,
    /// Headings in the plan's own words (the roll-up table's).
    pub words: LevelWords,
    /// The names of the item's fixed fields, in the plan's words.
    pub labels: view::FieldLabels,
    /// Actuals computed from records; empty when progress is entered by hand.
    pub indicators: Vec<super::indicator::IndicatorView>,
}

pub async fn node(
    State(state): State<SharedState>,
    crate::auth::Who(who): crate::auth::Who,
    lang: Lang,
    Path((code, node_code)): Path<(String, String)>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(fail)?;
    let plan = loaded.plan();
    let n = loaded.node(&node_code).map_err(fail)?;
    let is_measure = plan.is_leaf(&n.code);
    let mut crumbs = vec![(format!("/plans/{code}"), plan.title.clone())];
    crumbs.extend(
        plan.ancestors(&n.code)
            .iter()
            .map(|a| (node_href(plan, &a.code), a.display_title())),
    );

    let mut years = Vec::new();
    let mut history = Vec::new();
    let mut target_history = Vec::new();
    let mut rollups = Vec::new();
    let computed = if is_measure {
        let c = jinzai_service::plan::computed_years(&state.store, &loaded, n)
            .await
            .map_err(fail)?;
        super::indicator::views(&loaded, n, &c, lang)
    } else {
        Vec::new()
    };
    if is_measure {
        years = node_years(&loaded, n, lang);
        let ownership = jinzai_service::round::ownership(&state.store, &loaded.stored)
            .await
            .map_err(fail)?;
        let sees = jinzai_service::round::sees_drafts_of(&who, &ownership, &n.code);
        let revisions =
            jinzai_service::round::visible_history(&state.store, &loaded, |_| sees, &n.code, None)
                .await
                .map_err(fail)?;
        history = revisions.iter().map(|r| hist_row(plan, r, lang)).collect();
        target_history = target_changes(&state, plan, &n.code, lang)
            .await
            .map_err(fail)?;
    } else {
        let book = loaded.book();
        rollups = plan
            .years()
            .map(|y| {
                rollup_view(
                    plan,
                    &rollup::rollup(plan, y, Some(&n.code), &book),
                    lang.year(y),
                    lang,
                )
            })
            .collect();
    }
    let page = NodePage {
        indicators: computed,
        nav: nav(lang, Some(&loaded), "tree", node_href(plan, &n.code)),
        crumbs,
        level_name: plan
            .level(n)
            .map(|l| level_name(l, lang))
            .unwrap_or_default(),
        heading: n.display_title(),
        code: n.code.clone(),
        project: n.project.clone(),
        description: n.description.clone(),
        owners: n.owners.join("・"),
        aliases: n.aliases.join("、"),
        note: n.note.clone(),
        words: LevelWords::of(plan, lang),
        labels: view::FieldLabels::of(plan, lang),
        fields: plan
            .fields
            .iter()
            .filter_map(|f| n.fields.get(&f.key).map(|v| (f.label.clone(), v.clone())))
            .collect(),
        baseline: n.baseline.as_ref().map(|b| {
            let unit = plan
                .years()
                .find_map(|y| n.target(y))
                .map(|t| t.unit)
                .unwrap_or_default();
            match b.as_of {
                Some(d) => format!(
                    "{}{unit}（{}）",
                    fmt_num(b.value),
                    view::date_label(d, lang)
                ),
                None => format!("{}{unit}", fmt_num(b.value)),
            }
        }),
        lower_is_better: n.better == jinzai_domain::plan::Better::Lower,
        is_measure,
        unscheduled: !n.has_schedule(),
        years,
        history,
        target_history,
        children: plan
            .children(&n.code)
            .map(|c| (node_href(plan, &c.code), c.display_title()))
            .collect(),
        rollups,
    };
    render(&page, lang)
}

/// Targets that changed between plan versions: "平成24年度: 150名 → 155名 (版 2)".
async fn target_changes(
    state: &SharedState,
    plan: &Plan,
    node: &str,
    lang: Lang,
) -> Result<Vec<String>, Failure> {
    let versions = state.store.all_plan_versions(&plan.code).await?;
    let mut out = Vec::new();
    for pair in versions.windows(2) {
        let ((_, old), (v, new)) = (&pair[0], &pair[1]);
        for y in new.years() {
            let before = old.node(node).and_then(|n| n.target(y));
            let after = new.node(node).and_then(|n| n.target(y));
            if before != after {
                let show = |t: Option<jinzai_domain::plan::Target>| {
                    t.map_or("—".to_owned(), |t| target_text(t.value, &t.unit))
                };
                out.push(format!(
                    "{}: {} → {} ({} {v})",
                    lang.year(y),
                    show(before),
                    show(after),
                    lang.t("version")
                ));
            }
        }
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "plan/versions.html")]
pub struct VersionsPage {
    pub nav: Nav,
    pub title: String,
    pub versions: Vec<jinzai_store::PlanVersionInfo>,
}

pub async fn versions(
    State(state): State<SharedState>,
    lang: Lang,
    Path(code): Path<String>,
) -> PageResult {
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(|e| PageError(e, lang))?;
    let mut versions = state
        .store
        .plan_versions(&code)
        .await
        .map_err(|e| PageError(e.into(), lang))?;
    for v in &mut versions {
        v.imported_at = when(&v.imported_at);
    }
    let page = VersionsPage {
        nav: nav(
            lang,
            Some(&loaded),
            "versions",
            format!("/plans/{code}/versions"),
        ),
        title: loaded.plan().title.clone(),
        versions,
    };
    render(&page, lang)
}
