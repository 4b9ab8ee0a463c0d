//! The women's-advancement pages: the year's table and the targets (HR),
//! the births and leave records (HR), and the public page.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use crate::view::date_label;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::progress::FieldError;
use jinzai_domain::women::{self, ChildBirth, FamilyLeave, LEAVE_KINDS, Line, Target};
use jinzai_service::women::{self as service, Overview};
use jinzai_store::women::{FamilyQuery, FamilyRecord};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct IndexQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    year: Option<i32>,
    #[serde(default)]
    saved: Option<String>,
}

#[derive(Deserialize)]
pub struct DownloadQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    year: Option<i32>,
    table: Option<String>,
    format: Option<String>,
    encoding: Option<String>,
}

/// A line as the page shows it; `span` is the item's row count on its
/// first line (0 on the others).
pub struct LineRow {
    pub item: String,
    pub span: usize,
    pub group: String,
    pub value: String,
    pub withheld: bool,
    pub basis: String,
    pub definition: String,
}

/// The lines of a year, grouped by item.
fn line_rows(lines: &[Line], lang: Lang) -> Vec<LineRow> {
    let mut out: Vec<LineRow> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let it = women::item(&l.item);
        let first = i == 0 || lines[i - 1].item != l.item;
        let span = if first {
            lines[i..].iter().take_while(|o| o.item == l.item).count()
        } else {
            0
        };
        let unit = it.map_or(women::Unit::Percent, |i| i.unit);
        out.push(LineRow {
            item: it.map_or_else(|| l.item.clone(), |i| i.label(lang == Lang::En).to_owned()),
            span,
            group: if lang == Lang::En {
                l.group_en.clone()
            } else {
                l.group_ja.clone()
            },
            value: match l.figure {
                women::Figure::Withheld => lang.t("women_withheld").to_owned(),
                f => f.display(unit),
            },
            withheld: l.figure == women::Figure::Withheld,
            basis: l.basis.clone(),
            definition: it.map_or("", |i| i.definition_ja).to_owned(),
        });
    }
    out
}

/// The national-format table's rows as text.
fn target_rows(o: &Overview) -> Vec<Vec<String>> {
    o.targets_table
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(jinzai_domain::report::Value::display)
                .collect()
        })
        .collect()
}

#[derive(Template)]
#[template(path = "women/index.html")]
pub struct IndexPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    /// (year, label) for the year picker, latest first.
    pub years: Vec<(i32, String)>,
    pub lines: Vec<LineRow>,
    pub min_group: u32,
    pub published: bool,
    /// (year label, by, at) of the published years.
    pub publications: Vec<(String, String, String)>,
    pub target_rows: Vec<Vec<String>>,
    /// (item, group) of each target, in the table's order.
    pub target_keys: Vec<(String, String)>,
    /// "item:group" and its label, for the target form.
    pub choices: Vec<(String, String)>,
    pub manage: bool,
    pub saved: String,
    pub errors: Vec<String>,
    pub form: HashMap<String, String>,
}

impl IndexPage {
    pub fn val(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }
}

fn choices() -> Vec<(String, String)> {
    women::ITEMS
        .iter()
        .flat_map(|i| {
            i.groups().into_iter().map(move |(g, ja, _)| {
                (format!("{}:{g}", i.code), format!("{}（{ja}）", i.label_ja))
            })
        })
        .collect()
}

async fn index_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: FiscalYear,
) -> Result<IndexPage, Failure> {
    let o = service::overview(&state.store, year).await?;
    let last = service::last_closed_year(state.clock().today()).0;
    // The last ten years ended, and back to the first year with pay records.
    let first = state
        .store
        .women_pay_years()
        .await?
        .first()
        .map_or(last - 9, |y| (*y).min(last - 9));
    Ok(IndexPage {
        nav: nav(lang, None, "women", format!("/women?year={}", year.0)),
        year: year.0,
        year_label: lang.year(year),
        years: (first.min(year.0)..=last.max(year.0))
            .rev()
            .map(|y| (y, lang.year(FiscalYear(y))))
            .collect(),
        lines: line_rows(&o.figures.lines, lang),
        min_group: o.figures.min_group,
        published: o.figures.published,
        publications: o
            .publications
            .iter()
            .map(|p| {
                (
                    lang.year(FiscalYear(p.fiscal_year)),
                    p.published_by.clone(),
                    jinzai_domain::clock::display_jst(&p.published_at),
                )
            })
            .collect(),
        target_rows: target_rows(&o),
        target_keys: {
            let labels = choices();
            o.targets
                .iter()
                .map(|t| {
                    let key = format!("{}:{}", t.item, t.group);
                    let label = labels
                        .iter()
                        .find(|(k, _)| *k == key)
                        .map_or_else(|| key.clone(), |(_, l)| l.clone());
                    (key, label)
                })
                .collect()
        },
        choices: choices(),
        manage: who.has(Role::Hr),
        saved: String::new(),
        errors: Vec::new(),
        form: HashMap::new(),
    })
}

pub async fn index(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<IndexQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let year = super::api::year_of(&state, q.year).await.map_err(fail)?;
    let mut page = index_of(&state, &who, lang, year).await.map_err(fail)?;
    if q.saved.is_some() {
        lang.t("saved").clone_into(&mut page.saved);
    }
    render(&page, lang)
}

pub async fn download(
    State(state): State<SharedState>,
    lang: Lang,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let year = super::api::year_of(&state, q.year).await.map_err(fail)?;
    let o = service::overview(&state.store, year).await.map_err(fail)?;
    super::api::file(
        &o,
        q.table.as_deref(),
        q.format.as_deref(),
        q.encoding.as_deref(),
    )
    .map_err(fail)
}

fn value(pairs: &[(String, String)], k: &str) -> String {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default()
}

/// A field as a number of type `T`, or a problem at it.
fn number<T: std::str::FromStr>(
    pairs: &[(String, String)],
    k: &'static str,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let v = value(pairs, k);
    if v.is_empty() {
        if required {
            errors.push(FieldError::new(
                k,
                "missing",
                Message::new("women_field_missing"),
            ));
        }
        return None;
    }
    let n = jinzai_domain::people::search_key(&v).parse().ok();
    if n.is_none() {
        errors.push(FieldError::new(
            k,
            "invalid",
            Message::new("women_number_unreadable").arg("value", &v),
        ));
    }
    n
}

fn date_field(
    pairs: &[(String, String)],
    k: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let v = value(pairs, k);
    if v.is_empty() {
        errors.push(FieldError::new(
            k,
            "missing",
            Message::new("women_field_missing"),
        ));
        return None;
    }
    let d = jinzai_domain::date::parse_date(&v).ok();
    if d.is_none() {
        errors.push(FieldError::new(
            k,
            "invalid",
            Message::new("women_date_unreadable").arg("value", &v),
        ));
    }
    d
}

fn staff_field(pairs: &[(String, String)], errors: &mut Vec<FieldError>) -> Option<StaffNumber> {
    let v = value(pairs, "staff_number");
    let n = StaffNumber::parse(&v).ok();
    if n.is_none() {
        errors.push(FieldError::new(
            "staff_number",
            "invalid",
            Message::new("people_staff_unknown").arg("number", &v),
        ));
    }
    n
}

/// After a form on the main page: back to it (saved), or the page again
/// (422) with what was refused and the values as typed.
async fn after(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    pairs: &[(String, String)],
    result: Result<(), Failure>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let year = number::<i32>(pairs, "year", false, &mut Vec::new());
    let fy = super::api::year_of(state, year).await.map_err(fail)?;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/women?year={}&saved=1", fy.0)).into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut page = index_of(state, who, lang, fy).await.map_err(fail)?;
            page.errors = crate::i18n::field_lines(lang, "women", &errors);
            page.form = pairs.iter().cloned().collect();
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e)),
    }
}

fn item_group(pairs: &[(String, String)]) -> (String, String) {
    let v = value(pairs, "target");
    let (i, g) = v.split_once(':').unwrap_or((&v, ""));
    (i.to_owned(), g.to_owned())
}

pub async fn set_target(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut errors = Vec::new();
    let (item, group) = item_group(&pairs);
    let v = number::<f64>(&pairs, "value", true, &mut errors);
    let y = number::<i32>(&pairs, "target_year", true, &mut errors);
    let b = number::<i32>(&pairs, "baseline_year", false, &mut errors);
    let actions = value(&pairs, "actions");
    let result = match (v, y) {
        (Some(value), Some(year)) if errors.is_empty() => {
            let t = Target {
                item,
                group,
                value,
                year,
                baseline_year: b,
                actions: (!actions.is_empty()).then_some(actions),
            };
            service::set_target(&state.store, &who, &t).await
        }
        _ => Err(Failure::Invalid(errors)),
    };
    after(&state, &who, lang, &pairs, result).await
}

pub async fn remove_target(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (item, group) = item_group(&pairs);
    let result = service::remove_target(&state.store, &who, &item, &group).await;
    after(&state, &who, lang, &pairs, result).await
}

pub async fn settings(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut errors = Vec::new();
    let result = match number::<u32>(&pairs, "min_group", true, &mut errors) {
        Some(n) => service::set_min_group(&state.store, &who, n).await,
        None => Err(Failure::Invalid(errors)),
    };
    after(&state, &who, lang, &pairs, result).await
}

pub async fn publish(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut errors = Vec::new();
    let result = match number::<i32>(&pairs, "year", true, &mut errors) {
        Some(y) => {
            let publish = value(&pairs, "publish") != "0";
            service::set_published(&state.store, &who, y, publish, state.clock().today())
                .await
                .map(|_| ())
        }
        None => Err(Failure::Invalid(errors)),
    };
    after(&state, &who, lang, &pairs, result).await
}

#[derive(Deserialize)]
pub struct RecordsQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    year: Option<i32>,
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    number: Option<String>,
    #[serde(default)]
    saved: Option<String>,
}

pub struct BirthRow {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub born_on: String,
}

pub struct LeaveRow {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub kind: String,
    pub from: String,
    pub to: String,
    pub child: String,
}

#[derive(Template)]
#[template(path = "women/records.html")]
pub struct RecordsPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    pub number: String,
    pub births: Vec<BirthRow>,
    pub leaves: Vec<LeaveRow>,
    /// (code, label) of the leave kinds.
    pub kinds: Vec<(String, String)>,
    pub saved: String,
    pub errors: Vec<String>,
    pub form: HashMap<String, String>,
}

impl RecordsPage {
    pub fn val(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }
}

async fn records_of(
    state: &SharedState,
    lang: Lang,
    year: FiscalYear,
    number: Option<&str>,
) -> Result<RecordsPage, Failure> {
    let q = FamilyQuery {
        number,
        // One person's records: all years.
        year: number.is_none().then_some(year),
    };
    let r = service::records(&state.store, &q).await?;
    Ok(RecordsPage {
        nav: nav(
            lang,
            None,
            "women",
            format!("/women/records?year={}", year.0),
        ),
        year: year.0,
        year_label: lang.year(year),
        number: number.unwrap_or_default().to_owned(),
        births: r
            .births
            .into_iter()
            .map(|b| BirthRow {
                id: b.id,
                number: b.birth.staff_number.to_string(),
                name: b.name,
                born_on: date_label(b.birth.born_on, lang),
            })
            .collect(),
        leaves: r
            .leaves
            .into_iter()
            .map(|l| LeaveRow {
                id: l.id,
                number: l.leave.staff_number.to_string(),
                name: l.name,
                kind: if lang == Lang::En {
                    LEAVE_KINDS.label_en(&l.leave.kind).to_owned()
                } else {
                    LEAVE_KINDS.label(&l.leave.kind).to_owned()
                },
                from: date_label(l.leave.from, lang),
                to: date_label(l.leave.to, lang),
                child: date_label(l.leave.child_born_on, lang),
            })
            .collect(),
        kinds: LEAVE_KINDS
            .items
            .iter()
            .map(|(c, ja, en)| {
                (
                    (*c).to_owned(),
                    (if lang == Lang::En { *en } else { *ja }).to_owned(),
                )
            })
            .collect(),
        saved: String::new(),
        errors: Vec::new(),
        form: HashMap::new(),
    })
}

pub async fn records(
    State(state): State<SharedState>,
    lang: Lang,
    Query(q): Query<RecordsQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let year = super::api::year_of(&state, q.year).await.map_err(fail)?;
    let mut page = records_of(&state, lang, year, q.number.as_deref())
        .await
        .map_err(fail)?;
    if q.saved.is_some() {
        lang.t("saved").clone_into(&mut page.saved);
    }
    render(&page, lang)
}

async fn after_record(
    state: &SharedState,
    lang: Lang,
    pairs: &[(String, String)],
    result: Result<(), Failure>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let year = number::<i32>(pairs, "year", false, &mut Vec::new());
    let fy = super::api::year_of(state, year).await.map_err(fail)?;
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/women/records?year={}&saved=1", fy.0)).into_response())
        }
        Err(Failure::Invalid(errors)) => {
            let mut page = records_of(state, lang, fy, None).await.map_err(fail)?;
            page.errors = crate::i18n::field_lines(lang, "women", &errors);
            page.form = pairs.iter().cloned().collect();
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e)),
    }
}

pub async fn add_birth(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut errors = Vec::new();
    let n = staff_field(&pairs, &mut errors);
    let born = date_field(&pairs, "born_on", &mut errors);
    let result = match (n, born) {
        (Some(staff_number), Some(born_on)) if errors.is_empty() => {
            let b = ChildBirth {
                staff_number,
                born_on,
            };
            service::add_birth(&state.store, &who, &b).await.map(|_| ())
        }
        _ => Err(Failure::Invalid(errors)),
    };
    after_record(&state, lang, &pairs, result).await
}

pub async fn add_leave(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let mut errors = Vec::new();
    let n = staff_field(&pairs, &mut errors);
    let from = date_field(&pairs, "from", &mut errors);
    let to = date_field(&pairs, "to", &mut errors);
    let child = date_field(&pairs, "child_born_on", &mut errors);
    let result = match (n, from, to, child) {
        (Some(staff_number), Some(from), Some(to), Some(child_born_on)) if errors.is_empty() => {
            let l = FamilyLeave {
                staff_number,
                kind: value(&pairs, "kind"),
                from,
                to,
                child_born_on,
            };
            service::add_leave(&state.store, &who, &l).await.map(|_| ())
        }
        _ => Err(Failure::Invalid(errors)),
    };
    after_record(&state, lang, &pairs, result).await
}

pub async fn remove_birth(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = service::remove_record(&state.store, &who, FamilyRecord::Birth, id).await;
    after_record(&state, lang, &pairs, result).await
}

pub async fn remove_leave(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = service::remove_record(&state.store, &who, FamilyRecord::Leave, id).await;
    after_record(&state, lang, &pairs, result).await
}

#[derive(Template)]
#[template(path = "women/public.html")]
pub struct PublicPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    /// (year, label) of the published years.
    pub years: Vec<(i32, String)>,
    pub lines: Vec<LineRow>,
    pub min_group: u32,
    pub target_rows: Vec<Vec<String>>,
}

pub async fn public(
    State(state): State<SharedState>,
    lang: Lang,
    Query(q): Query<IndexQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let o = service::public_overview(&state.store, q.year)
        .await
        .map_err(fail)?;
    let year = FiscalYear(o.figures.fiscal_year);
    render(
        &PublicPage {
            nav: nav(
                lang,
                None,
                "public",
                format!("/public/women?year={}", year.0),
            ),
            year: year.0,
            year_label: lang.year(year),
            years: o
                .publications
                .iter()
                .map(|p| (p.fiscal_year, lang.year(FiscalYear(p.fiscal_year))))
                .collect(),
            lines: line_rows(&o.figures.lines, lang),
            min_group: o.figures.min_group,
            target_rows: target_rows(&o),
        },
        lang,
    )
}

pub async fn public_download(
    State(state): State<SharedState>,
    lang: Lang,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let o = service::public_overview(&state.store, q.year)
        .await
        .map_err(fail)?;
    super::api::file(
        &o,
        q.table.as_deref(),
        q.format.as_deref(),
        q.encoding.as_deref(),
    )
    .map_err(fail)
}
