//! What pages and the API share: the language of a request, a plan loaded
//! with its progress, and labels and badges for grades and statuses.

use crate::i18n::Lang;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use jinzai_domain::plan::Plan;
use jinzai_domain::progress;
use jinzai_domain::report::{Table, Value};
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
    /// The site header as on any page: a refused person still sees where
    /// they may go.
    pub nav: crate::http::Nav,
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

/// The grade of a measure's year as reported: 未報告 while no one has
/// reported the year (a grade computed from records alone is not shown as
/// if reported; its title names it), the grade once reported, 未評価 when
/// reported without one.
pub fn entry_grade_badge(
    plan: &Plan,
    entry: Option<&progress::ProgressEntry>,
    lang: Lang,
) -> Badge {
    match entry {
        Some(e) if !e.status.is_empty() => grade_badge(plan, e.grade.as_deref(), lang),
        _ => {
            let computed = entry
                .and_then(|e| e.grade.as_deref())
                .and_then(|g| plan.grades.find(g))
                .map(|g| format!(" ({}: {} {})", lang.t("grade_computed"), g.code, g.label))
                .unwrap_or_default();
            unreported_badge(lang, computed)
        }
    }
}

/// The badge of a year no one has reported.
pub fn unreported_badge(lang: Lang, more: String) -> Badge {
    Badge {
        text: lang.t("unreported").into(),
        title: format!("{}{more}", lang.t("unreported")),
        class: "grade grade-unreported".into(),
    }
}

/// The grade legend: the plan's scale with its rules, 対象外, then 未評価
/// (reported without a grade) and 未報告 (not reported).
pub fn grade_legend(plan: &Plan, lang: Lang) -> Vec<(Badge, String)> {
    plan.grades
        .scale
        .iter()
        .chain([&plan.grades.not_assessed])
        .map(|g| {
            (
                grade_badge(plan, Some(&g.code), lang),
                format!("{}{}", g.label, g.rule_suffix()),
            )
        })
        .chain([
            (
                grade_badge(plan, None, lang),
                lang.t("grade_none_legend").to_owned(),
            ),
            (
                unreported_badge(lang, String::new()),
                lang.t("unreported_legend").to_owned(),
            ),
        ])
        .collect()
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

pub fn direction_label(plan: &Plan, code: &str, lang: Lang) -> String {
    match plan.direction(code) {
        Some(d) => match (lang, &d.label_en) {
            (Lang::En, Some(en)) => en.clone(),
            _ => d.label.clone(),
        },
        None => code.to_owned(),
    }
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

/// The 進行管理表 as people read it on screen and on paper: a heading
/// line where each item above the measures begins (printed once, not in
/// every row), then one line per measure and year under fixed columns.
pub struct Printed {
    pub columns: Vec<PrintedColumn>,
    pub lines: Vec<PrintedLine>,
}

/// A printed column: its key (the stylesheet sets the width of each
/// column class `c-<key>`) and its header.
pub struct PrintedColumn {
    pub key: String,
    pub label: String,
}

/// One line of the printed table.
pub struct PrintedLine {
    /// The level of the item (0 for the top).
    pub depth: usize,
    /// A heading line for an item above the measures (it spans the table).
    pub heading: bool,
    /// The item's number and title.
    pub item: String,
    /// How many lines (years) the measure's name spans; 0 on the lines
    /// after its first.
    pub rowspan: usize,
    pub cells: Vec<String>,
}

impl Printed {
    /// The number of columns, the item's included (for a heading line's
    /// colspan).
    pub fn width(&self) -> usize {
        self.columns.len() + 1
    }
}

/// Columns of the printed table, by key, in order (the full set goes to
/// the files). A target and an actual carry their unit.
pub const PRINTED: [&str; 13] = [
    "code",
    "fiscal_year_label",
    "schedule",
    "target",
    "actual",
    "achievement_rate",
    "status",
    "grade",
    "achievements",
    "issues",
    "direction",
    "owner_division",
    "actual_basis",
];

/// The printed table of `t` (the report page and the public page alike).
/// A column empty in every line is left out, and so is the year when every
/// line is of the same year (the heading names it).
pub fn printed(plan: &Plan, t: &Table) -> Printed {
    // The fixed columns, with the plan's own fields after the schedule.
    let keys: Vec<String> = PRINTED
        .iter()
        .flat_map(|k| {
            let own = (*k == "schedule")
                .then(|| plan.fields.iter().map(|f| format!("field_{}", f.key)))
                .into_iter()
                .flatten();
            std::iter::once((*k).to_owned()).chain(own)
        })
        .collect();
    let at = |key: &str| t.columns.iter().position(|c| c.key == key);
    let unit = at("unit");
    let cell = |row: &[Value], key: &str| -> String {
        let Some(v) = at(key).and_then(|i| row.get(i)) else {
            return String::new();
        };
        let text = v.display();
        let unit = unit.and_then(|i| row.get(i)).map(Value::display);
        match (key, v) {
            ("target" | "actual", Value::Number(_)) => {
                format!("{text}{}", unit.unwrap_or_default())
            }
            ("achievement_rate", Value::Number(_)) => format!("{text}%"),
            _ => text,
        }
    };
    let levels = plan.levels.len();
    let mut lines: Vec<PrintedLine> = Vec::new();
    let mut above: Vec<String> = Vec::new();
    let mut measure_line: Option<usize> = None;
    let mut last_code: Option<&str> = None;
    for (row, code) in t.rows.iter().zip(&t.row_codes) {
        let path: Vec<String> = (0..levels)
            .map(|d| row.get(d).map(Value::display).unwrap_or_default())
            .collect();
        let depth = path.iter().rposition(|p| !p.is_empty()).unwrap_or(0);
        for (d, title) in path.iter().enumerate().take(depth) {
            if title.is_empty() || above.get(d) == Some(title) {
                continue;
            }
            above.truncate(d);
            above.push(title.clone());
            lines.push(PrintedLine {
                depth: d,
                heading: true,
                item: title.clone(),
                rowspan: 0,
                cells: Vec::new(),
            });
        }
        above.truncate(depth);
        let cells = keys.iter().map(|k| cell(row, k)).collect();
        if last_code == Some(code.as_str())
            && let Some(first) = measure_line
        {
            lines[first].rowspan += 1;
            lines.push(PrintedLine {
                depth,
                heading: false,
                item: String::new(),
                rowspan: 0,
                cells,
            });
        } else {
            measure_line = Some(lines.len());
            lines.push(PrintedLine {
                depth,
                heading: false,
                item: path[depth].clone(),
                rowspan: 1,
                cells,
            });
        }
        last_code = Some(code.as_str());
    }
    // Which columns to keep: any text in a measure's line; the year only
    // when the lines are of more than one.
    let measure_cells = || lines.iter().filter(|l| !l.heading).map(|l| &l.cells);
    let keep: Vec<bool> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let mut values = measure_cells().map(|c| c[i].as_str());
            if key == "fiscal_year_label" {
                let first = values.next();
                values.any(|v| Some(v) != first)
            } else {
                values.any(|v| !v.is_empty())
            }
        })
        .collect();
    for line in &mut lines {
        if !line.heading {
            let mut i = 0;
            line.cells.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
    }
    let columns = keys
        .into_iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(key, _)| PrintedColumn {
            label: at(&key)
                .and_then(|i| t.columns.get(i))
                .map(|c| c.label.clone())
                .unwrap_or_default(),
            key,
        })
        .collect();
    Printed { columns, lines }
}

pub fn level_name(l: &jinzai_domain::plan::Level, lang: Lang) -> String {
    match (lang, &l.name_en) {
        (Lang::En, Some(en)) => en.clone(),
        _ => l.name.clone(),
    }
}

/// Headings and counts in the plan's own words: built from the names it
/// gives its top level (柱, 基本方針 …) and its measures' level (方策,
/// 取組 …), never fixed ones.
pub struct LevelWords {
    /// 「柱ごとの評価」
    pub grades_per_top: String,
    /// 「方策数」
    pub measures: String,
    /// 「評価対象外の方策」
    pub not_assessed: String,
    /// 「未評価の方策」
    pub ungraded: String,
    /// 「数値目標のある方策」
    pub numeric: String,
    /// 「未報告の方策」
    pub not_reported: String,
}

impl LevelWords {
    pub fn of(plan: &Plan, lang: Lang) -> LevelWords {
        let name = |l: Option<&jinzai_domain::plan::Level>| {
            l.map(|l| level_name(l, lang)).unwrap_or_default()
        };
        let (top, leaf) = (name(plan.levels.first()), name(plan.levels.last()));
        let say = |key: &'static str, level: &str| {
            lang.say(&jinzai_domain::i18n::Message::new(key).arg("level", level))
        };
        LevelWords {
            grades_per_top: say("grades_per_level", &top),
            measures: say("level_count", &leaf),
            not_assessed: say("not_assessed_level", &leaf),
            ungraded: say("ungraded_level", &leaf),
            numeric: say("numeric_level", &leaf),
            not_reported: say("not_reported_level", &leaf),
        }
    }
}

/// The names of an item's fixed fields in the plan's words (Japanese pages)
/// or the catalogue's (English pages, or where the plan gives none).
pub struct FieldLabels {
    pub project: String,
    pub description: String,
    pub owners: String,
    pub note: String,
    pub aliases: String,
}

impl FieldLabels {
    pub fn of(plan: &Plan, lang: Lang) -> FieldLabels {
        let name = |field: &str, key: &str| match (lang, plan.label(field)) {
            (Lang::Ja, Some(own)) => own.to_owned(),
            _ => lang.t(key).to_owned(),
        };
        FieldLabels {
            project: name("project", "project"),
            description: name("description", "description"),
            owners: name("owners", "owner_division"),
            note: name("note", "note"),
            aliases: name("aliases", "aliases"),
        }
    }
}

/// 「前期（平成29年度〜令和2年度）」
pub fn period_label(p: &jinzai_domain::plan::Period, lang: Lang) -> String {
    format!(
        "{}（{}〜{}）",
        p.name,
        lang.year(p.first_year),
        lang.year(p.last_year)
    )
}
