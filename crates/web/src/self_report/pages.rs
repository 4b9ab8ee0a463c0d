//! 自己申告's pages: the year's page (the staff member's own form; a
//! 所属長's view of who has handed one in; HR's window and everyone's
//! status), one report (its writer, HR, the named readers) and the
//! 希望反映 report.

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
use jinzai_domain::access::Principal;
use jinzai_domain::people::UnitCode;
use jinzai_domain::people::codes::ROTATION_CLASSES;
use jinzai_domain::progress::FieldError;
use jinzai_domain::self_report::{MAX_WISHES, Report, Window, Wish};
use jinzai_service::self_report::{self as service, Reflection};
use jinzai_service::training::year_of;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct YearQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    year: Option<i32>,
    #[serde(default)]
    saved: Option<String>,
}

#[derive(Template)]
#[template(path = "self_report/index.html")]
pub struct IndexPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    pub saved: String,
    pub errors: Vec<(String, String)>,
    /// The window, as dates to show (none set: empty).
    pub window: Option<(String, String, String)>,
    pub open_now: bool,
    pub manage: bool,
    pub reads_all: bool,
    /// HR's window form values.
    pub w_opens: String,
    pub w_closes: String,
    pub w_reference: String,
    pub w_readers: String,
    /// The reader's own report form (a staff member).
    pub own: bool,
    pub submitted: bool,
    pub duties: String,
    pub stay: bool,
    pub wishes: Vec<(usize, String, String)>,
    pub career: String,
    pub health: String,
    pub free: String,
    pub works: Vec<(&'static str, &'static str)>,
    /// (staff number, unit, handed in) of those the reader may see.
    pub status: Vec<(String, String, bool)>,
    pub submitted_count: usize,
}

fn field_errors(lang: Lang, errors: &[FieldError]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| (e.field.to_string(), lang.say(&e.message)))
        .collect()
}

async fn index_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: i32,
) -> Result<IndexPage, Failure> {
    let store = &state.store;
    let w = store.self_report_window(year).await?;
    let today = state.clock().today();
    let manage =
        jinzai_domain::access::decide(who, jinzai_domain::access::Permission::ManageSelfReports)
            == jinzai_domain::access::Decision::Allow;
    let mut page = IndexPage {
        nav: nav(
            lang,
            None,
            "self_report",
            format!("/self-report?year={year}"),
        ),
        year,
        year_label: lang.year(jinzai_domain::FiscalYear(year)),
        saved: String::new(),
        errors: Vec::new(),
        window: None,
        open_now: false,
        manage,
        reads_all: false,
        w_opens: String::new(),
        w_closes: String::new(),
        w_reference: String::new(),
        w_readers: String::new(),
        own: who.staff_number.is_some(),
        submitted: false,
        duties: String::new(),
        stay: false,
        wishes: (0..MAX_WISHES)
            .map(|i| (i, String::new(), String::new()))
            .collect(),
        career: String::new(),
        health: String::new(),
        free: String::new(),
        works: ROTATION_CLASSES
            .items
            .iter()
            .map(|(c, ja, en)| (*c, if lang == Lang::Ja { *ja } else { *en }))
            .collect(),
        status: Vec::new(),
        submitted_count: 0,
    };
    let Some(w) = w else {
        return Ok(page);
    };
    let win = &w.window;
    page.window = Some((
        date_label(win.opens_on, lang),
        date_label(win.closes_on, lang),
        date_label(win.reference_date, lang),
    ));
    page.open_now = win.open_on(today);
    page.reads_all = service::reads_all(who, win);
    page.w_opens = win.opens_on.to_string();
    page.w_closes = win.closes_on.to_string();
    page.w_reference = win.reference_date.to_string();
    page.w_readers = win.readers.join(", ");
    if let Some(me) = &who.staff_number
        && let Some(r) = service::read(store, who, year, me.as_str()).await?
    {
        page.submitted = true;
        page.duties = r.report.duties;
        page.stay = r.report.stay;
        for (i, wish) in r.report.wishes.iter().enumerate().take(MAX_WISHES) {
            page.wishes[i] = (
                i,
                wish.unit
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                wish.work.clone().unwrap_or_default(),
            );
        }
        page.career = r.report.career.unwrap_or_default();
        page.health = r.report.health.unwrap_or_default();
        page.free = r.report.free.unwrap_or_default();
    }
    let status = service::status(store, who, year).await?;
    page.submitted_count = status.iter().filter(|s| s.submitted).count();
    // A list of everyone is for HR's report page, not this one.
    if !page.reads_all || status.len() <= 200 {
        page.status = status
            .into_iter()
            .filter(|s| who.staff_number.as_ref() != Some(&s.staff_number))
            .map(|s| {
                (
                    s.staff_number.to_string(),
                    s.unit.map(|u| u.to_string()).unwrap_or_default(),
                    s.submitted,
                )
            })
            .collect();
    }
    Ok(page)
}

pub async fn index(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let year = year_of(q.year, state.clock()).map_err(fail)?.0;
    let mut page = index_of(&state, &who, lang, year).await.map_err(fail)?;
    if q.saved.is_some() {
        page.saved = lang.t("saved").to_owned();
    }
    render(&page, lang)
}

fn text(form: &HashMap<String, String>, k: &str) -> Option<String> {
    form.get(k)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

pub async fn submit(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(year): Path<i32>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let wishes: Vec<Wish> = (0..MAX_WISHES)
        .filter_map(|i| {
            let unit = text(&form, &format!("wish_unit_{i}"));
            let work = text(&form, &format!("wish_work_{i}"));
            (unit.is_some() || work.is_some()).then(|| Wish {
                unit: unit.map(UnitCode::stored),
                work,
            })
        })
        .collect();
    let report = Report {
        duties: text(&form, "duties").unwrap_or_default(),
        stay: form.contains_key("stay"),
        wishes,
        career: text(&form, "career"),
        health: text(&form, "health"),
        free: text(&form, "free"),
    };
    match service::submit(&state.store, &who, year, &report).await {
        Ok(()) => Ok(Redirect::to(&format!("/self-report?year={year}&saved=1")).into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut page = index_of(&state, &who, lang, year).await.map_err(fail)?;
            page.errors = field_errors(lang, &errors);
            page.duties = report.duties;
            page.stay = report.stay;
            page.career = report.career.unwrap_or_default();
            page.health = report.health.unwrap_or_default();
            page.free = report.free.unwrap_or_default();
            for i in 0..MAX_WISHES {
                page.wishes[i] = (
                    i,
                    form.get(&format!("wish_unit_{i}"))
                        .cloned()
                        .unwrap_or_default(),
                    form.get(&format!("wish_work_{i}"))
                        .cloned()
                        .unwrap_or_default(),
                );
            }
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e)),
    }
}

pub async fn set_window(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(year): Path<i32>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let mut errors = Vec::new();
    let mut day = |field: &'static str| match jinzai_service::form::required_day(
        field,
        form.get(field).map_or("", String::as_str),
        jinzai_domain::i18n::Message::new("calendar_day_required"),
    ) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let dates = (day("opens_on"), day("closes_on"), day("reference_date"));
    let readers: Vec<String> = form
        .get("readers")
        .map(|r| {
            r.split([',', '、', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let result = match dates {
        (Some(opens_on), Some(closes_on), Some(reference_date)) if errors.is_empty() => {
            let w = Window {
                fiscal_year: year,
                opens_on,
                closes_on,
                reference_date,
                readers,
            };
            service::open_window(&state.store, &who, &w)
                .await
                .map(|_| ())
        }
        _ => Err(Failure::Invalid(errors)),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/self-report?year={year}&saved=1")).into_response()),
        Err(Failure::Invalid(errors)) => {
            let mut page = index_of(&state, &who, lang, year).await.map_err(fail)?;
            page.errors = field_errors(lang, &errors);
            for (field, slot) in [
                ("opens_on", &mut page.w_opens),
                ("closes_on", &mut page.w_closes),
                ("reference_date", &mut page.w_reference),
                ("readers", &mut page.w_readers),
            ] {
                *slot = form.get(field).cloned().unwrap_or_default();
            }
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e)),
    }
}

#[derive(Template)]
#[template(path = "self_report/reflection.html")]
pub struct ReflectionPage {
    pub nav: Nav,
    pub year: i32,
    pub r: Reflection,
    pub reference: String,
    pub next_april: String,
    /// (group label, decided, honoured, rate)
    pub classes: Vec<(String, usize, usize, String)>,
    pub tenure: Vec<(String, usize, usize, String)>,
    /// Staff three years or more in post, with their wishes.
    pub long: Vec<(String, String, String, String, String)>,
}

fn rate(r: Option<f64>) -> String {
    r.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}%"))
}

pub async fn reflection(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(year): Path<i32>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let r = service::reflection(&state.store, &who, year)
        .await
        .map_err(fail)?;
    let label = |code: &str| {
        ROTATION_CLASSES
            .items
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or(code.to_owned(), |(_, ja, en)| {
                (if lang == Lang::Ja { *ja } else { *en }).to_owned()
            })
    };
    let wishes = |list: &[Wish], stay: bool| {
        let mut parts: Vec<String> = list
            .iter()
            .map(|w| match (&w.unit, &w.work) {
                (Some(u), _) => u.to_string(),
                (None, Some(k)) => label(k),
                (None, None) => String::new(),
            })
            .collect();
        if stay {
            parts.insert(0, lang.t("self_report_stay").to_owned());
        }
        parts.join("、")
    };
    let page = ReflectionPage {
        nav: nav(
            lang,
            None,
            "self_report",
            format!("/self-report/{year}/reflection"),
        ),
        year,
        reference: date_label(r.reference_date, lang),
        next_april: date_label(r.next_april, lang),
        classes: r
            .by_class
            .iter()
            .map(|s| (label(&s.group), s.decided, s.honoured, rate(s.rate)))
            .collect(),
        tenure: r
            .by_tenure
            .iter()
            .map(|s| {
                (
                    lang.t(&format!("self_report_tenure_{}", s.group))
                        .to_owned(),
                    s.decided,
                    s.honoured,
                    rate(s.rate),
                )
            })
            .collect(),
        long: r
            .rows
            .iter()
            .filter(|x| x.years_in_post >= 3.0)
            .map(|x| {
                (
                    x.staff_number.to_string(),
                    x.unit.as_ref().map(ToString::to_string).unwrap_or_default(),
                    format!("{:.1}", x.years_in_post),
                    wishes(&x.wishes, x.stay),
                    match x.outcome.as_ref() {
                        None => lang.t("self_report_pending").to_owned(),
                        Some(o) => match (o.moved, &o.to) {
                            (true, Some(to)) => format!("{} {to}", lang.t("self_report_moved_to")),
                            _ => lang.t("self_report_stayed").to_owned(),
                        },
                    },
                )
            })
            .collect(),
        r,
    };
    render(&page, lang)
}

#[derive(Template)]
#[template(path = "self_report/report.html")]
pub struct ReportPage {
    pub nav: Nav,
    pub year: i32,
    pub number: String,
    pub name: String,
    /// (label, text) of each field, health and family included.
    pub fields: Vec<(String, String)>,
    pub submitted_at: String,
}

pub async fn report(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((year, number)): Path<(i32, String)>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let r = service::read(&state.store, &who, year, &number)
        .await
        .map_err(fail)?
        .ok_or_else(|| {
            fail(Failure::NotFound(
                jinzai_domain::i18n::Message::new("self_report_none").arg("number", &number),
            ))
        })?;
    let n = jinzai_domain::people::StaffNumber::stored(number.clone());
    let names = state
        .store
        .staff_names(&[&n])
        .await
        .map_err(|e| fail(e.into()))?;
    let work = |k: &str| {
        ROTATION_CLASSES
            .items
            .iter()
            .find(|(c, _, _)| *c == k)
            .map_or(k.to_owned(), |(_, ja, en)| {
                (if lang == Lang::Ja { *ja } else { *en }).to_owned()
            })
    };
    let wishes: Vec<String> = r
        .report
        .wishes
        .iter()
        .map(|w| {
            [
                w.unit.as_ref().map(ToString::to_string),
                w.work.as_deref().map(work),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" / ")
        })
        .collect();
    let t = |k: &str| lang.t(k).to_owned();
    let page = ReportPage {
        nav: nav(
            lang,
            None,
            "self_report",
            format!("/self-report/{year}/{number}"),
        ),
        year,
        name: names.get(&n).cloned().unwrap_or_default(),
        fields: vec![
            (t("self_report_duties"), r.report.duties),
            (
                t("self_report_stay"),
                t(if r.report.stay { "yes" } else { "no" }),
            ),
            (t("self_report_wishes"), wishes.join("、")),
            (t("self_report_career"), r.report.career.unwrap_or_default()),
            (t("self_report_health"), r.report.health.unwrap_or_default()),
            (t("self_report_free"), r.report.free.unwrap_or_default()),
        ],
        submitted_at: crate::view::when(&r.submitted_at),
        number,
    };
    render(&page, lang)
}
