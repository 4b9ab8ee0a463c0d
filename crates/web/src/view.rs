//! What pages and the API share: the language of a request, a plan loaded
//! with its progress, and labels and badges for grades and statuses.

use crate::i18n::Lang;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use jinzai_domain::plan::Plan;
use jinzai_domain::progress;
use jinzai_domain::report::Table;
use std::convert::Infallible;

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::from_headers(&parts.headers))
    }
}

impl Lang {
    /// The language the `lang` cookie chose; Japanese without one.
    pub fn from_headers(headers: &axum::http::HeaderMap) -> Lang {
        crate::http::cookies::read(headers, crate::http::cookies::LANG)
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub lang: Lang,
    pub status: u16,
    pub message: String,
}

/// A grade or status as a badge: text and CSS class.
#[derive(Debug, Clone, Default)]
pub struct Badge {
    pub text: String,
    pub title: String,
    pub class: String,
}

pub fn grade_badge(plan: &Plan, grade: Option<&str>, lang: Lang) -> Badge {
    let scale = &plan.grades;
    match grade.and_then(|g| scale.find(g).map(|d| (g, d))) {
        Some((g, d)) => {
            let class = if scale.is_not_assessed(g) {
                "grade grade-na".to_owned()
            } else {
                format!(
                    "grade grade-{}",
                    scale
                        .scale
                        .iter()
                        .position(|x| x.code == g)
                        .unwrap_or(0)
                        .min(5)
                )
            };
            Badge {
                text: d.code.clone(),
                title: format!("{} {}", d.code, d.label),
                class,
            }
        }
        None => Badge {
            text: "–".into(),
            title: lang.t("grade_none").into(),
            class: "grade grade-none".into(),
        },
    }
}

pub fn status_label(plan: &Plan, status: &str, lang: Lang) -> String {
    match plan.status(status) {
        Some(s) => match (lang, &s.label_en) {
            (Lang::En, Some(en)) => en.clone(),
            _ => s.label.clone(),
        },
        None => status.to_owned(),
    }
}

pub fn status_badge(plan: &Plan, status: Option<&str>, lang: Lang) -> Badge {
    // An empty status: a cell whose actual is computed but nobody reported.
    match status.filter(|s| !s.is_empty()) {
        Some(s) => {
            let done = plan.status(s).is_some_and(|d| d.done);
            Badge {
                text: status_label(plan, s, lang),
                title: status_label(plan, s, lang),
                class: format!("status status-{}", if done { "done" } else { s }),
            }
        }
        None => Badge {
            text: lang.t("unreported").into(),
            title: lang.t("unreported").into(),
            class: "status status-none".into(),
        },
    }
}

pub fn direction_label(code: &str, lang: Lang) -> String {
    progress::DIRECTIONS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(code.to_owned(), |(_, ja, en)| lang.pick(ja, en).to_owned())
}

/// A stored instant (RFC 3339, UTC) as people read it: Japan time,
/// `2012-04-10 09:00:00`.
pub fn when(ts: &str) -> String {
    jinzai_domain::clock::display_jst(ts)
}

/// "2003-04-01（平成15年4月1日）" — 西暦 with 和暦 beside it.
pub fn date_label(d: chrono::NaiveDate, lang: Lang) -> String {
    match (lang, jinzai_domain::fiscal::to_wareki(d)) {
        (Lang::Ja, Some(w)) => format!("{d}（{w}）"),
        _ => d.to_string(),
    }
}

/// Printed lines (所属の階層 ＞ …, and the printed columns' cells)
pub type PrintedRows = Vec<(String, Vec<String>)>;

/// The printed columns' headers and the rows, each named by its path in
/// the plan (the report page and the public page alike).
pub fn printed(plan: &Plan, t: &Table) -> (Vec<String>, PrintedRows) {
    let picks: Vec<usize> = PRINTED
        .iter()
        .filter_map(|k| t.columns.iter().position(|c| c.key == *k))
        .collect();
    let rows = t
        .rows
        .iter()
        .map(|row| {
            let path = (0..plan.levels.len())
                .filter_map(|i| row.get(i))
                .map(|v| v.display())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ＞ ");
            let cells = picks
                .iter()
                .filter_map(|&i| row.get(i))
                .map(|v| v.display())
                .collect();
            (path, cells)
        })
        .collect();
    let headers = picks
        .iter()
        .filter_map(|&i| t.columns.get(i))
        .map(|c| c.label.clone())
        .collect();
    (headers, rows)
}

/// Columns of the printed table, by key (the full set goes to the files).
pub const PRINTED: [&str; 13] = [
    "code",
    "fiscal_year_label",
    "schedule",
    "target",
    "actual",
    "achievement_rate",
    "actual_basis",
    "status",
    "grade",
    "achievements",
    "issues",
    "direction",
    "owner_division",
];
