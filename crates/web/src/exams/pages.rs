//! 昇任試験's pages: the year's exams (each staff member's eligibility,
//! application and result; HR's exam form), one exam (HR: its settings,
//! applications, sittings and marks, its funnel) and the funnel year on
//! year.

use crate::SharedState;
use crate::auth::Who;
use crate::error::{Failure, PageError};
use crate::http::{Nav, PageResult, nav, render};
use crate::i18n::Lang;
use crate::view::{date_label, when};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinzai_domain::access::Principal;
use jinzai_domain::exams::{
    AGE_CLASSES, COMPONENT_KINDS, JOB_FAMILY_GROUPS, PAPER_KINDS, PAPER_TYPES, STAGES,
};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::codes::{CodeList, EMPLOYMENT_TYPES, GENDERS, JOB_GRADES};
use jinzai_domain::progress::FieldError;
use jinzai_service::exams::{self as service, FORM_COMPONENTS, Funnel, FunnelRow};
use jinzai_service::training::year_of;
use jinzai_store::exams::{StoredApplication, StoredExam};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct YearQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    year: Option<i32>,
    #[serde(default)]
    saved: Option<String>,
}

/// The exam form's values as typed (or as stored).
pub struct ExamForm {
    pub id: Option<i64>,
    pub fiscal_year: String,
    pub level: String,
    pub title: String,
    pub opens_on: String,
    pub closes_on: String,
    pub held_on: String,
    pub reference_date: String,
    pub grades: Vec<String>,
    pub employment_types: Vec<String>,
    pub min_years_of_service: String,
    pub min_years_in_grade: String,
    pub max_age: String,
    pub pass_mark: String,
    /// (row, kind, weight, max score)
    pub components: Vec<(usize, String, String, String)>,
    pub levels: Vec<(&'static str, String)>,
    pub types: Vec<(&'static str, String)>,
    pub kinds: Vec<(&'static str, String)>,
}

impl ExamForm {
    fn blank(lang: Lang, year: i32) -> ExamForm {
        ExamForm {
            id: None,
            fiscal_year: year.to_string(),
            level: String::new(),
            title: String::new(),
            opens_on: String::new(),
            closes_on: String::new(),
            held_on: String::new(),
            reference_date: String::new(),
            grades: Vec::new(),
            employment_types: Vec::new(),
            min_years_of_service: String::new(),
            min_years_in_grade: String::new(),
            max_age: String::new(),
            pass_mark: "60".into(),
            components: (0..FORM_COMPONENTS)
                .map(|i| (i, String::new(), String::new(), "100".into()))
                .collect(),
            levels: lang.choices(&JOB_GRADES),
            types: lang.choices(&EMPLOYMENT_TYPES),
            kinds: lang.choices(&COMPONENT_KINDS),
        }
    }

    fn of(lang: Lang, e: &StoredExam) -> ExamForm {
        let x = &e.exam;
        let mut f = ExamForm::blank(lang, x.fiscal_year);
        f.id = Some(e.id);
        f.level.clone_from(&x.level);
        f.title.clone_from(&x.title);
        f.opens_on = x.opens_on.to_string();
        f.closes_on = x.closes_on.to_string();
        f.held_on = x.held_on.to_string();
        f.reference_date = x.reference_date.to_string();
        f.grades.clone_from(&x.eligibility.grades);
        f.employment_types
            .clone_from(&x.eligibility.employment_types);
        f.min_years_of_service = x.eligibility.min_years_of_service.to_string();
        f.min_years_in_grade = x.eligibility.min_years_in_grade.to_string();
        f.max_age = x
            .eligibility
            .max_age
            .map(|a| a.to_string())
            .unwrap_or_default();
        f.pass_mark = x.pass_mark.to_string();
        for (i, c) in x.components.iter().enumerate().take(FORM_COMPONENTS) {
            f.components[i] = (
                i,
                c.kind.to_string(),
                c.weight.to_string(),
                c.max_score.to_string(),
            );
        }
        f
    }

    fn typed(lang: Lang, pairs: &[(String, String)]) -> ExamForm {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let all = |k: &str| {
            pairs
                .iter()
                .filter(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .collect()
        };
        let mut f = ExamForm::blank(lang, 0);
        f.id = get("id").parse().ok();
        f.fiscal_year = get("fiscal_year");
        f.level = get("level");
        f.title = get("title");
        f.opens_on = get("opens_on");
        f.closes_on = get("closes_on");
        f.held_on = get("held_on");
        f.reference_date = get("reference_date");
        f.grades = all("grades");
        f.employment_types = all("employment_types");
        f.min_years_of_service = get("min_years_of_service");
        f.min_years_in_grade = get("min_years_in_grade");
        f.max_age = get("max_age");
        f.pass_mark = get("pass_mark");
        f.components = (0..FORM_COMPONENTS)
            .map(|i| {
                (
                    i,
                    get(&format!("kind_{i}")),
                    get(&format!("weight_{i}")),
                    get(&format!("max_score_{i}")),
                )
            })
            .collect();
        f
    }
}

/// An exam as a card shows it.
pub struct ExamFacts {
    pub id: i64,
    pub title: String,
    pub level: String,
    pub window: String,
    pub held_on: String,
    pub reference_date: String,
    /// "択一式 40%（100点）" …
    pub components: Vec<String>,
    pub pass_mark: u32,
    /// The rules in words ("係長・主任", "勤続5年以上" …).
    pub rules: Vec<String>,
}

fn facts(lang: Lang, e: &StoredExam) -> ExamFacts {
    let x = &e.exam;
    let el = &x.eligibility;
    let mut rules = Vec::new();
    if !el.grades.is_empty() {
        let g: Vec<String> = el
            .grades
            .iter()
            .map(|g| lang.label(&JOB_GRADES, g))
            .collect();
        rules.push(g.join("・"));
    }
    if !el.employment_types.is_empty() {
        let t: Vec<String> = el
            .employment_types
            .iter()
            .map(|t| lang.label(&EMPLOYMENT_TYPES, t))
            .collect();
        rules.push(t.join("・"));
    }
    let say = |m: Message| lang.say(&m);
    if el.min_years_of_service > 0 {
        rules.push(say(
            Message::new("exams_rule_words_service").arg("years", el.min_years_of_service)
        ));
    }
    if el.min_years_in_grade > 0 {
        rules.push(say(
            Message::new("exams_rule_words_in_grade").arg("years", el.min_years_in_grade)
        ));
    }
    if let Some(a) = el.max_age {
        rules.push(say(Message::new("exams_rule_words_age").arg("max", a)));
    }
    ExamFacts {
        id: e.id,
        title: x.title.clone(),
        level: lang.label(&JOB_GRADES, &x.level),
        window: format!(
            "{} – {}",
            date_label(x.opens_on, lang),
            date_label(x.closes_on, lang)
        ),
        held_on: date_label(x.held_on, lang),
        reference_date: date_label(x.reference_date, lang),
        components: x
            .components
            .iter()
            .map(|c| {
                say(Message::new("exams_component_words")
                    .arg("kind", lang.label(&COMPONENT_KINDS, &c.kind.to_string()))
                    .arg("weight", c.weight)
                    .arg("max", c.max_score))
            })
            .collect(),
        pass_mark: x.pass_mark,
        rules,
    }
}

/// Where an application stands, in words.
fn state_of(lang: Lang, a: &StoredApplication) -> String {
    let key = if a.withdrawn_at.is_some() {
        "exams_state_withdrawn"
    } else {
        match (a.sat, a.passed) {
            (_, Some(true)) => "exams_state_passed",
            (_, Some(false)) => "exams_state_failed",
            (Some(true), None) => "exams_state_marking",
            (Some(false), _) => "exams_state_absent",
            (None, _) => "exams_state_applied",
        }
    };
    lang.t(key).to_owned()
}

/// An exam as one staff member sees it on the year's page.
pub struct OfferView {
    pub facts: ExamFacts,
    pub open: bool,
    pub eligible: bool,
    pub reason: String,
    /// Their application's state (empty: none).
    pub state: String,
    pub can_apply: bool,
    pub can_withdraw: bool,
    /// "85.0点" once every component is marked.
    pub total: String,
}

#[derive(Template)]
#[template(path = "exams/index.html")]
pub struct IndexPage {
    pub nav: Nav,
    pub year: i32,
    pub year_label: String,
    pub saved: String,
    pub errors: Vec<String>,
    pub manage: bool,
    pub own: bool,
    pub offers: Vec<OfferView>,
    pub form: ExamForm,
    pub open_form: bool,
}

async fn index_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    year: i32,
) -> Result<IndexPage, Failure> {
    let offers = service::offers(&state.store, who, year).await?;
    Ok(IndexPage {
        nav: nav(lang, None, "exams", format!("/exams?year={year}")),
        year,
        year_label: lang.year(jinzai_domain::FiscalYear(year)),
        saved: String::new(),
        errors: Vec::new(),
        manage: service::manages(who),
        own: who.staff_number.is_some(),
        offers: offers
            .iter()
            .map(|o| {
                let active = o.application.as_ref().filter(|a| a.withdrawn_at.is_none());
                OfferView {
                    facts: facts(lang, &o.exam),
                    open: o.open,
                    eligible: o.ineligible.is_none(),
                    reason: o
                        .ineligible
                        .as_ref()
                        .map(|m| lang.say(m))
                        .unwrap_or_default(),
                    state: o
                        .application
                        .as_ref()
                        .map(|a| state_of(lang, a))
                        .unwrap_or_default(),
                    can_apply: o.open && o.ineligible.is_none() && active.is_none(),
                    can_withdraw: active.is_some_and(|a| a.sat.is_none()),
                    total: active
                        .and_then(|a| a.total)
                        .map(|t| format!("{t:.1}"))
                        .unwrap_or_default(),
                }
            })
            .collect(),
        form: ExamForm::blank(lang, year),
        open_form: false,
    })
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
    page.saved = match q.saved.as_deref() {
        None => String::new(),
        Some("applied") => lang.t("exams_applied_banner").to_owned(),
        Some("withdrawn") => lang.t("exams_withdrawn_banner").to_owned(),
        Some(_) => lang.t("saved").to_owned(),
    };
    render(&page, lang)
}

/// A row of the applications table.
pub struct ApplicationRow {
    pub number: String,
    pub name: String,
    pub applied_at: String,
    pub state: String,
    pub withdrawn: bool,
    pub sat: bool,
    /// (position, mark as typed or stored)
    pub scores: Vec<(usize, String)>,
    pub total: String,
    /// Passed: the promotion can be recorded.
    pub passed: bool,
    /// The promotion recorded from this result (its day), if any.
    pub promoted_on: String,
}

/// A funnel table's row: (group label, counts).
pub type Line = (String, Vec<usize>);

#[derive(Template)]
#[template(path = "exams/exam.html")]
pub struct ExamPage {
    pub nav: Nav,
    pub saved: String,
    pub errors: Vec<String>,
    pub facts: ExamFacts,
    pub year: i32,
    pub form: ExamForm,
    pub open_form: bool,
    /// The component headers.
    pub kinds: Vec<String>,
    pub rows: Vec<ApplicationRow>,
    /// The promotion form's default day.
    pub next_april: String,
    pub stages: Vec<String>,
    pub total: Vec<usize>,
    /// (heading, lines) for gender, employment type, age class.
    pub breakdowns: Vec<(String, Vec<Line>)>,
    /// This exam's papers: (id, kind, title, 公開日).
    pub papers: Vec<(i64, String, String, String)>,
    pub paper_kinds: Vec<(&'static str, String)>,
}

fn lines(lang: Lang, list: &CodeList, rows: &[FunnelRow]) -> Vec<Line> {
    rows.iter()
        .map(|r| (lang.label(list, &r.group), r.counts.clone()))
        .collect()
}

fn stage_names(lang: Lang) -> Vec<String> {
    STAGES
        .items
        .iter()
        .map(|(_, ja, en)| lang.pick(ja, en).to_owned())
        .collect()
}

async fn exam_of(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    id: i64,
) -> Result<ExamPage, Failure> {
    let (e, apps) = service::applications(&state.store, who, id).await?;
    // Those who passed and took the level, recorded from here or not.
    let passed: Vec<&jinzai_domain::people::StaffNumber> = apps
        .iter()
        .filter(|a| a.passed == Some(true) && a.promoted_on.is_none())
        .map(|a| &a.staff_number)
        .collect();
    let promoted = service::promotions(&state.store, &e, &passed).await?;
    let funnel: Option<Funnel> = service::funnels(&state.store, who, Some(e.exam.fiscal_year))
        .await?
        .into_iter()
        .find(|f| f.exam_id == id);
    let (total, breakdowns) = match funnel {
        Some(f) => (
            f.total.counts.clone(),
            vec![
                (
                    lang.t("gender").to_owned(),
                    lines(lang, &GENDERS, &f.by_gender),
                ),
                (
                    lang.t("employment_type").to_owned(),
                    lines(lang, &EMPLOYMENT_TYPES, &f.by_employment_type),
                ),
                (
                    lang.t("job_family").to_owned(),
                    lines(lang, &JOB_FAMILY_GROUPS, &f.by_job_family),
                ),
                (
                    lang.t("exams_age_class").to_owned(),
                    lines(lang, &AGE_CLASSES, &f.by_age_class),
                ),
            ],
        ),
        None => (vec![0; 5], Vec::new()),
    };
    Ok(ExamPage {
        nav: nav(lang, None, "exams", format!("/exams/{id}")),
        saved: String::new(),
        errors: Vec::new(),
        facts: facts(lang, &e),
        year: e.exam.fiscal_year,
        form: ExamForm::of(lang, &e),
        open_form: false,
        kinds: e
            .exam
            .components
            .iter()
            .map(|c| {
                format!(
                    "{}（{}）",
                    lang.label(&COMPONENT_KINDS, &c.kind.to_string()),
                    c.max_score
                )
            })
            .collect(),
        rows: apps
            .iter()
            .map(|a| ApplicationRow {
                number: a.staff_number.to_string(),
                name: a.name.clone(),
                applied_at: when(&a.applied_at),
                state: state_of(lang, a),
                withdrawn: a.withdrawn_at.is_some(),
                sat: a.sat.unwrap_or(true),
                scores: a
                    .scores
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (i, s.map(|v| v.to_string()).unwrap_or_default()))
                    .collect(),
                total: a.total.map(|t| format!("{t:.1}")).unwrap_or_default(),
                passed: a.passed == Some(true) && a.withdrawn_at.is_none(),
                promoted_on: a
                    .promoted_on
                    .or_else(|| promoted.get(&a.staff_number).copied())
                    .map(|d| date_label(d, lang))
                    .unwrap_or_default(),
            })
            .collect(),
        next_april: jinzai_domain::FiscalYear::containing(e.exam.held_on)
            .end()
            .and_then(|d| d.succ_opt())
            .map(|d| d.to_string())
            .unwrap_or_default(),
        stages: stage_names(lang),
        total,
        breakdowns,
        papers: service::papers(&state.store, who)
            .await?
            .into_iter()
            .filter(|p| p.exam_id == id)
            .map(|p| {
                (
                    p.id,
                    lang.label(&PAPER_KINDS, &p.paper.kind.to_string()),
                    p.paper.title,
                    date_label(p.paper.published_on, lang),
                )
            })
            .collect(),
        paper_kinds: lang.choices(&PAPER_KINDS),
    })
}

pub async fn exam(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let mut page = exam_of(&state, &who, lang, id).await.map_err(fail)?;
    if q.saved.is_some() {
        page.saved = lang.t("saved").to_owned();
    }
    render(&page, lang)
}

pub async fn save(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let result = match service::exam_from_form(&pairs) {
        Ok(exam) => service::save(&state.store, &who, &exam).await,
        Err(errors) => Err(Failure::Invalid(errors)),
    };
    match result {
        Ok(saved) => Ok(Redirect::to(&format!("/exams/{}?saved=1", saved.id)).into_response()),
        Err(Failure::Invalid(errors)) => {
            let typed = ExamForm::typed(lang, &pairs);
            match typed.id {
                Some(id) => {
                    let mut page = exam_of(&state, &who, lang, id).await.map_err(fail)?;
                    page.errors = lang.say_each(&errors);
                    page.form = typed;
                    page.open_form = true;
                    crate::http::refused_page(&page, lang)
                }
                None => {
                    let year = typed
                        .fiscal_year
                        .parse()
                        .unwrap_or_else(|_| state.clock().fiscal_year().0);
                    let mut page = index_of(&state, &who, lang, year).await.map_err(fail)?;
                    page.errors = lang.say_each(&errors);
                    page.form = typed;
                    page.open_form = true;
                    crate::http::refused_page(&page, lang)
                }
            }
        }
        Err(e) => Err(fail(e)),
    }
}

#[derive(Deserialize)]
pub struct ApplyForm {
    /// HR entering a paper application: whose.
    #[serde(default)]
    staff_number: Option<String>,
}

/// After an application's change: back to the exam (HR naming someone) or
/// to the year's page.
async fn after_application(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    id: i64,
    on_behalf: bool,
    result: Result<StoredApplication, Failure>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    match result {
        Ok(_) if on_behalf => Ok(Redirect::to(&format!("/exams/{id}?saved=1")).into_response()),
        Ok(a) => {
            let e = service::exam(&state.store, id).await.map_err(fail)?;
            let done = if a.withdrawn_at.is_some() {
                "withdrawn"
            } else {
                "applied"
            };
            Ok(
                Redirect::to(&format!("/exams?year={}&saved={done}", e.exam.fiscal_year))
                    .into_response(),
            )
        }
        Err(Failure::Invalid(errors)) if on_behalf => {
            exam_refused(state, who, lang, id, lang.say_each(&errors)).await
        }
        Err(Failure::Invalid(errors)) => {
            let e = service::exam(&state.store, id).await.map_err(fail)?;
            let mut page = index_of(state, who, lang, e.exam.fiscal_year)
                .await
                .map_err(fail)?;
            page.errors = lang.say_each(&errors);
            crate::http::refused_page(&page, lang)
        }
        Err(e) => Err(fail(e)),
    }
}

fn named(f: &ApplyForm) -> Option<&str> {
    f.staff_number
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

pub async fn apply(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(form): Form<ApplyForm>,
) -> Result<Response, PageError> {
    let number = named(&form);
    let r = service::apply(&state.store, &who, id, number).await;
    after_application(&state, &who, lang, id, number.is_some(), r).await
}

pub async fn withdraw(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    Form(form): Form<ApplyForm>,
) -> Result<Response, PageError> {
    let number = named(&form);
    let r = service::withdraw(&state.store, &who, id, number).await;
    after_application(&state, &who, lang, id, number.is_some(), r).await
}

/// The exam page again (422) with what was refused.
async fn exam_refused(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    id: i64,
    errors: Vec<String>,
) -> Result<Response, PageError> {
    let mut page = exam_of(state, who, lang, id)
        .await
        .map_err(|e| PageError(e, lang))?;
    page.errors = errors;
    crate::http::refused_page(&page, lang)
}

/// After a change to one candidate's row: back to the row, or the exam
/// page again with the refusal naming the candidate.
async fn after_row(
    state: &SharedState,
    who: &Principal,
    lang: Lang,
    id: i64,
    number: &str,
    result: Result<StoredApplication, Failure>,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/exams/{id}?saved=1#a-{number}")).into_response()),
        Err(Failure::Invalid(errors)) => {
            let named = errors
                .iter()
                .map(|e| format!("{number}: {}", lang.say(&e.message)))
                .collect();
            exam_refused(state, who, lang, id, named).await
        }
        Err(e) => Err(fail(e)),
    }
}

pub async fn result(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((id, number)): Path<(i64, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let sat = pairs.iter().any(|(k, v)| k == "sat" && v == "1");
    let mut errors = Vec::new();
    let mut scores = Vec::new();
    for i in 0.. {
        let Some((_, raw)) = pairs.iter().find(|(k, _)| *k == format!("score_{i}")) else {
            break;
        };
        let raw = raw.trim();
        if raw.is_empty() {
            scores.push(None);
        } else if let Ok(v) = raw.parse::<u32>() {
            scores.push(Some(v));
        } else {
            errors.push(FieldError::new(
                format!("scores[{i}]"),
                "not_a_number",
                Message::new("exams_not_a_number").arg("value", raw),
            ));
        }
    }
    let r = if errors.is_empty() {
        service::record_result(&state.store, &who, id, &number, sat, &scores).await
    } else {
        Err(Failure::Invalid(errors))
    };
    after_row(&state, &who, lang, id, &number, r).await
}

/// One exam's line in the year-on-year table.
pub struct FunnelLine {
    pub id: i64,
    pub year: String,
    pub level: String,
    pub group: String,
    pub counts: Vec<usize>,
    /// Applied of eligible, in percent ("—" with none eligible).
    pub rate: String,
}

#[derive(Template)]
#[template(path = "exams/funnel.html")]
pub struct FunnelPage {
    pub nav: Nav,
    pub stages: Vec<String>,
    pub from: i32,
    pub to: i32,
    /// The level shown (empty: every level), and the levels to choose.
    pub level: String,
    pub levels: Vec<(String, String)>,
    /// (heading, lines): the whole exams, then by gender, employment type
    /// and age class.
    pub tables: Vec<(String, Vec<FunnelLine>)>,
}

fn line(lang: Lang, f: &Funnel, group: String, r: &FunnelRow) -> FunnelLine {
    FunnelLine {
        id: f.exam_id,
        year: lang.year(jinzai_domain::FiscalYear(f.fiscal_year)),
        level: lang.label(&JOB_GRADES, &f.level),
        group,
        rate: match (r.counts.first(), r.counts.get(1)) {
            (Some(&e), Some(&a)) if e > 0 => format!("{:.1}%", a as f64 * 100.0 / e as f64),
            _ => "—".to_owned(),
        },
        counts: r.counts.clone(),
    }
}

/// Every exam's lines by one grouping.
fn breakdown(
    lang: Lang,
    all: &[Funnel],
    list: &CodeList,
    rows: fn(&Funnel) -> &[FunnelRow],
) -> Vec<FunnelLine> {
    all.iter()
        .flat_map(|f| {
            rows(f)
                .iter()
                .map(move |r| line(lang, f, lang.label(list, &r.group), r))
        })
        .collect()
}

#[derive(Deserialize)]
pub struct FunnelQuery {
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    from: Option<i32>,
    #[serde(default, deserialize_with = "crate::http::extract::empty_as_none")]
    to: Option<i32>,
    #[serde(default)]
    level: Option<String>,
}

/// How many of the latest years the funnel page shows unless asked.
const FUNNEL_YEARS: usize = 5;

pub async fn funnel(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<FunnelQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    // Unless asked, the latest years that had exams.
    let mut years: Vec<i32> = state
        .store
        .exams(None)
        .await
        .map_err(|e| fail(e.into()))?
        .iter()
        .map(|e| e.exam.fiscal_year)
        .collect();
    years.dedup();
    let to = q.to.unwrap_or_else(|| years.last().copied().unwrap_or(0));
    let from = q.from.unwrap_or_else(|| {
        let held: Vec<i32> = years.iter().copied().filter(|y| *y <= to).collect();
        held.len()
            .checked_sub(FUNNEL_YEARS)
            .and_then(|i| held.get(i).copied())
            .or_else(|| held.first().copied())
            .unwrap_or(to)
    });
    let mut all = service::funnels_between(&state.store, &who, from, to)
        .await
        .map_err(fail)?;
    let level = q.level.filter(|l| !l.is_empty());
    let mut levels: Vec<String> = all.iter().map(|f| f.level.clone()).collect();
    levels.sort_by_key(|l| JOB_GRADES.items.iter().position(|(c, _, _)| c == l));
    levels.dedup();
    all.retain(|f| level.as_ref().is_none_or(|l| *l == f.level));
    let whole = all
        .iter()
        .map(|f| line(lang, f, String::new(), &f.total))
        .collect();
    let page = FunnelPage {
        nav: nav(lang, None, "exams", "/exams/funnel".to_owned()),
        stages: stage_names(lang),
        from,
        to,
        level: level.unwrap_or_default(),
        levels: levels
            .iter()
            .map(|l| (l.clone(), lang.label(&JOB_GRADES, l)))
            .collect(),
        tables: vec![
            (lang.t("exams_funnel_whole").to_owned(), whole),
            (
                lang.t("gender").to_owned(),
                breakdown(lang, &all, &GENDERS, |f| &f.by_gender),
            ),
            (
                lang.t("employment_type").to_owned(),
                breakdown(lang, &all, &EMPLOYMENT_TYPES, |f| &f.by_employment_type),
            ),
            (
                lang.t("job_family").to_owned(),
                breakdown(lang, &all, &JOB_FAMILY_GROUPS, |f| &f.by_job_family),
            ),
            (
                lang.t("exams_age_class").to_owned(),
                breakdown(lang, &all, &AGE_CLASSES, |f| &f.by_age_class),
            ),
        ],
    };
    render(&page, lang)
}

/// A paper as the list shows it.
pub struct PaperLine {
    pub id: i64,
    pub year: String,
    pub level: String,
    pub exam_title: String,
    pub kind: String,
    pub title: String,
    pub file_type: String,
    pub size: String,
    pub published_on: String,
    /// Not yet published (HR sees it).
    pub pending: bool,
}

#[derive(Template)]
#[template(path = "exams/papers.html")]
pub struct PapersPage {
    pub nav: Nav,
    pub saved: String,
    pub manage: bool,
    pub papers: Vec<PaperLine>,
}

/// "1.2 MB", "830 KB".
fn size_label(bytes: i64) -> String {
    let b = bytes as f64;
    if b >= 1024.0 * 1024.0 {
        format!("{:.1} MB", b / 1024.0 / 1024.0)
    } else {
        format!("{} KB", (b / 1024.0).ceil())
    }
}

pub async fn papers(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Query(q): Query<YearQuery>,
) -> PageResult {
    let fail = |e: Failure| PageError(e, lang);
    let today = state.clock().today();
    let list = service::papers(&state.store, &who).await.map_err(fail)?;
    let page = PapersPage {
        nav: nav(lang, None, "exams", "/exams/papers".to_owned()),
        saved: if q.saved.is_some() {
            lang.t("saved").to_owned()
        } else {
            String::new()
        },
        manage: service::manages(&who),
        papers: list
            .iter()
            .map(|p| PaperLine {
                id: p.id,
                year: lang.year(jinzai_domain::FiscalYear(p.fiscal_year)),
                level: lang.label(&JOB_GRADES, &p.level),
                exam_title: p.exam_title.clone(),
                kind: lang.label(&PAPER_KINDS, &p.paper.kind.to_string()),
                title: p.paper.title.clone(),
                file_type: lang.label(&PAPER_TYPES, &p.paper.content_type),
                size: size_label(p.size),
                published_on: date_label(p.paper.published_on, lang),
                pending: p.paper.published_on > today,
            })
            .collect(),
    };
    render(&page, lang)
}

pub async fn download(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (p, body) = service::paper(&state.store, &who, id)
        .await
        .map_err(|e| PageError(e, lang))?;
    Ok(crate::download::stored_file(
        &service::paper_file_name(&p),
        &p.paper.content_type,
        body,
    ))
}

pub async fn add_paper(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
    multipart: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let fail = |e: Failure| PageError(e, lang);
    let up = crate::http::upload::read(multipart, "paper")
        .await
        .map_err(fail)?;
    let declared = service::declared_type(up.content_type.as_deref(), &up.file_name);
    let limit = jinzai_domain::exams::MAX_PAPER_BYTES;
    let result = match service::paper_from_fields(
        up.field("kind"),
        up.field("title"),
        up.field("published_on"),
        &declared,
    ) {
        Err(errors) => Err(Failure::Invalid(errors)),
        // Refused before it is read whole: it is already too large.
        Ok(_) if up.content.len() > limit => Err(Failure::Invalid(vec![FieldError::new(
            "file",
            "too_large",
            Message::new("exams_paper_too_large").arg("mib", limit / 1024 / 1024),
        )])),
        Ok(paper) => {
            let body = up.content.into_bytes().map_err(fail)?;
            service::add_paper(&state.store, &who, id, &paper, &body)
                .await
                .map(|_| ())
        }
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/exams/{id}?saved=1#papers-h")).into_response()),
        Err(Failure::Invalid(errors)) => {
            exam_refused(&state, &who, lang, id, lang.say_each(&errors)).await
        }
        Err(e) => Err(fail(e)),
    }
}

pub async fn remove_paper(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    service::remove_paper(&state.store, &who, id)
        .await
        .map_err(|e| PageError(e, lang))?;
    Ok(Redirect::to("/exams/papers?saved=1").into_response())
}

#[derive(Deserialize)]
pub struct PromoteForm {
    #[serde(default)]
    on: String,
}

pub async fn promote(
    State(state): State<SharedState>,
    Who(who): Who,
    lang: Lang,
    Path((id, number)): Path<(i64, String)>,
    Form(form): Form<PromoteForm>,
) -> Result<Response, PageError> {
    let result = match jinzai_service::form::parse_day("on", &form.on) {
        Ok(on) => service::promote(&state.store, &who, id, &number, on).await,
        Err(e) => Err(Failure::Invalid(vec![e])),
    };
    after_row(&state, &who, lang, id, &number, result).await
}
