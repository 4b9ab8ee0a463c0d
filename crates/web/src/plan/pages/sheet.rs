//! 評価シート: one measure and one year on an A4 portrait sheet — the
//! plan's fields, schedule against actual over every year, the computed
//! actual with its counting rule in words, the narrative, the grade and
//! 今後の方向性, and how the year's grade came about. One measure, or every
//! measure of a division, in one printable page.

use super::plan::{HistRow, NodeYear, hist_row, node_years};
use crate::SharedState;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use crate::view::{Badge, entry_grade_badge};
use askama::Template;
use axum::extract::{Path, Query, State};
use jinzai_domain::FiscalYear;
use jinzai_domain::grade::fmt_num;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct SheetQuery {
    pub year: Option<i32>,
    /// One measure's code …
    pub node: Option<String>,
    /// … or every measure of this 担当課.
    pub division: Option<String>,
}

pub struct Sheet {
    /// 「1 人事制度の確立 ＞ (1) 勤務評定制度」
    pub path: String,
    pub heading: String,
    /// (label, value) in the plan's words: code, 事業名, 担当課, the plan's
    /// own fields, 趣旨, 目標設定時最新値.
    pub facts: Vec<(String, String)>,
    pub years: Vec<NodeYear>,
    /// The year the sheet is for.
    pub year: NodeYear,
    pub grade: Badge,
    /// The counting rule of a computed actual, in words (or empty).
    pub rule: String,
    /// The year's recorded revisions, newest first.
    pub history: Vec<HistRow>,
}

#[derive(Template)]
#[template(path = "plan/sheets.html")]
pub struct SheetsPage {
    pub nav: Nav,
    pub title: String,
    pub year_label: String,
    pub subject: String,
    pub sheets: Vec<Sheet>,
}

pub async fn page(
    State(state): State<SharedState>,
    lang: Lang,
    Path(code): Path<String>,
    Query(q): Query<SheetQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let loaded = jinzai_service::plan::load(&state.store, &code)
        .await
        .map_err(fail)?;
    let plan = loaded.plan();
    let year = loaded.year_or_latest(q.year).map_err(fail)?;
    let division = q
        .division
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    let measures: Vec<_> = plan
        .measures()
        .filter(|m| q.node.as_deref().is_none_or(|n| n == m.code))
        .filter(|m| {
            // As the per-division roll-up counts: the division the year's
            // entry names, else the plan's owners.
            division.is_none_or(|d| {
                match loaded
                    .rev(&m.code, year)
                    .and_then(|r| r.entry.owner_division.as_deref())
                {
                    Some(reported) => reported == d,
                    None => m.owners.iter().any(|o| o == d),
                }
            })
        })
        .collect();
    if measures.is_empty() {
        return Err(fail(Failure::NotFound(jinzai_domain::i18n::Message::new(
            "sheet_nothing",
        ))));
    }
    let labels = crate::view::FieldLabels::of(plan, lang);
    let mut sheets = Vec::new();
    for m in measures {
        let years = node_years(&loaded, m, lang);
        let Some(this) = years.iter().position(|y| y.year == year.0) else {
            continue;
        };
        let mut facts = vec![(lang.t("code").to_owned(), m.code.clone())];
        let mut fact = |label: &str, value: Option<String>| {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                facts.push((label.to_owned(), v));
            }
        };
        fact(&labels.project, m.project.clone());
        fact(&labels.owners, Some(m.owners.join("・")));
        for f in &plan.fields {
            fact(&f.label, m.fields.get(&f.key).cloned());
        }
        fact(&labels.description, m.description.clone());
        fact(
            lang.t("baseline"),
            m.baseline.as_ref().map(|b| {
                let unit = plan
                    .years()
                    .find_map(|y| m.target(y))
                    .map(|t| t.unit)
                    .unwrap_or_default();
                format!("{}{unit}", fmt_num(b.value))
            }),
        );
        let rev = loaded.rev(&m.code, year);
        // A sheet is what was approved: drafts are left out for everyone.
        let history = jinzai_service::round::visible_history(
            &state.store,
            &loaded,
            |_| false,
            &m.code,
            Some(year),
        )
        .await
        .map_err(fail)?;
        sheets.push(Sheet {
            path: plan
                .ancestors(&m.code)
                .iter()
                .map(|a| a.display_title())
                .collect::<Vec<_>>()
                .join(" ＞ "),
            heading: m.display_title(),
            facts,
            grade: entry_grade_badge(plan, rev.map(|r| &r.entry), lang),
            rule: m
                .headline_indicator(year)
                .map(|(_, spec)| super::indicator::describe(spec, lang))
                .unwrap_or_default(),
            history: history
                .iter()
                .filter(|r| r.revision > 0)
                .map(|r| hist_row(plan, r, lang))
                .collect(),
            year: years[this].clone(),
            years,
        });
    }
    let subject = match (division, &q.node) {
        (Some(d), _) => d.to_owned(),
        (None, Some(_)) => sheets
            .first()
            .map(|s| s.heading.clone())
            .unwrap_or_default(),
        (None, None) => lang.t("whole_plan").to_owned(),
    };
    render(
        &SheetsPage {
            nav: nav(
                lang,
                Some(&loaded),
                "report",
                format!("/plans/{code}/sheets?year={}", year.0),
            ),
            title: plan.title.clone(),
            year_label: lang.year(FiscalYear(year.0)),
            subject,
            sheets,
        },
        lang,
    )
}
