//! HR's period overview (評価の進捗): each department's evaluatees by where
//! their sheets stand, with the 期末面談 held, the share disclosed and the
//! complaints open; as a page, Excel and CSV.

use crate::SharedState;
use crate::error::{Failure, PageError};
use crate::http::{Nav, code_label, coded_label, nav, render};
use crate::i18n::Lang;
use crate::view::date_label;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use jinzai_domain::evaluation::EvaluationKind;
use jinzai_domain::evaluation::progress::ProgressRow;
use jinzai_domain::evaluation::sheet::SHEET_STATES;
use jinzai_domain::report::{Column, Table, Value};
use jinzai_service::evaluation::progress::{PeriodProgress, period_progress};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct FileQuery {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    encoding: Option<String>,
}

/// A row as shown: its name, its count in each state, and the rest.
pub struct RowView {
    pub name: String,
    pub evaluatees: u64,
    pub by_state: Vec<u64>,
    pub talked: String,
    pub disclosed: String,
    pub open_complaints: u64,
}

#[derive(Template)]
#[template(path = "evaluation/period.html")]
pub struct PeriodPage {
    pub nav: Nav,
    pub title: String,
    pub base: String,
    pub on: String,
    pub states: Vec<String>,
    pub rows: Vec<RowView>,
    pub total: RowView,
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}%")).unwrap_or_default()
}

fn group_name(p: &PeriodProgress, i: usize, lang: Lang) -> String {
    match p.rows.get(i).map(|r| r.group.as_str()) {
        Some("") => lang.t("evaluation_serving_nowhere").to_owned(),
        _ => p.names.get(i).cloned().unwrap_or_default(),
    }
}

/// The states a period's sheets pass through: a 能力評価 sets no goals.
fn shown_states(p: &PeriodProgress) -> Vec<usize> {
    (0..p.states.len())
        .filter(|i| {
            p.kind != EvaluationKind::Ability
                || !matches!(p.states[*i].as_str(), "goals_submitted" | "goals_agreed")
        })
        .collect()
}

fn row_view(name: String, r: &ProgressRow, shown: &[usize]) -> RowView {
    RowView {
        name,
        evaluatees: r.evaluatees,
        by_state: shown
            .iter()
            .map(|i| r.by_state.get(*i).copied().unwrap_or(0))
            .collect(),
        talked: format!("{}（{}）", r.talked, pct(r.talked_share())),
        disclosed: pct(r.disclosed_share()),
        open_complaints: r.open_complaints,
    }
}

fn title(p: &PeriodProgress, lang: Lang) -> String {
    format!(
        "{} {}（{}）",
        lang.year(jinzai_domain::FiscalYear(p.fiscal_year)),
        coded_label(p.kind, lang),
        coded_label(p.term, lang)
    )
}

/// The overview as a table for Excel and CSV: one row per department and
/// the total, counts as numbers.
fn table(p: &PeriodProgress, lang: Lang) -> Table {
    let mut columns = vec![
        Column::new("department", lang.t("evaluation_group_department")),
        Column::new("evaluatees", lang.t("evaluation_evaluatees")),
    ];
    for s in &p.states {
        columns.push(Column::new(s.clone(), code_label(&SHEET_STATES, s, lang)));
    }
    columns.extend([
        Column::new("feedback_talks", lang.t("evaluation_feedback_talks")),
        Column::new("disclosed_share", lang.t("evaluation_disclosed_share")),
        Column::new("open_complaints", lang.t("evaluation_open_complaints")),
    ]);
    let n = |v: u64| Value::Number(v as f64);
    let line = |name: String, r: &ProgressRow| {
        let mut row = vec![Value::Text(name), n(r.evaluatees)];
        row.extend(r.by_state.iter().map(|v| n(*v)));
        row.extend([
            n(r.talked),
            r.disclosed_share().map_or(Value::Empty, Value::Number),
            n(r.open_complaints),
        ]);
        row
    };
    let mut rows: Vec<Vec<Value>> = p
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| line(group_name(p, i, lang), r))
        .collect();
    rows.push(line(lang.t("evaluation_total").to_owned(), &p.total));
    Table {
        title: title(p, lang),
        columns,
        row_codes: rows.iter().map(|_| String::new()).collect(),
        rows,
    }
}

pub async fn page(
    State(state): State<SharedState>,
    lang: Lang,
    Path(period): Path<i64>,
    Query(q): Query<FileQuery>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let p = period_progress(&state.store, period).await.map_err(fail)?;
    if q.format.as_deref().is_some_and(|f| !f.is_empty()) {
        let (format, encoding) =
            crate::download::parse_format(q.format.as_deref(), q.encoding.as_deref())
                .map_err(fail)?;
        let stem = format!("evaluation-progress-{}-{}", p.fiscal_year, p.period_id);
        return crate::download::table_file(&table(&p, lang), &stem, format, encoding)
            .map_err(fail);
    }
    let base = format!("/evaluation/periods/{period}");
    let shown = shown_states(&p);
    let page = PeriodPage {
        nav: nav(lang, None, "evaluation", base.clone()),
        title: title(&p, lang),
        on: date_label(p.on, lang),
        states: shown
            .iter()
            .map(|i| code_label(&SHEET_STATES, &p.states[*i], lang))
            .collect(),
        rows: p
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| row_view(group_name(&p, i, lang), r, &shown))
            .collect(),
        total: row_view(lang.t("evaluation_total").to_owned(), &p.total, &shown),
        base,
    };
    Ok(render(&page, lang)?.into_response())
}
