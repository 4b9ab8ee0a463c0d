//! 昇任試験・選考's use cases: HR sets a year's exam for a level; each staff
//! member sees the exams of a year with whether they may sit them (the
//! rule they do not meet named) and applies or withdraws within the
//! window; HR records who sat and the marks; the funnel (eligible →
//! applied → sat → passed → promoted) by gender, employment type and age
//! class, year on year.
//!
//! Confidentiality: marks and results are read by HR and by each candidate
//! (their own). HR's reads of an exam's marks are audited.

use crate::Failure;
use crate::form::required_day;
use chrono::NaiveDate;
use jinzai_domain::access::{Decision, Permission, Principal, decide};
use jinzai_domain::exams::{
    Candidate, Component, ComponentKind, Eligibility, Exam, Paper, PaperKind, Stage, age_class,
};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::{EMPLOYMENT_TYPES, JOB_GRADES};
use jinzai_domain::people::staff::Staff;
use jinzai_domain::people::terms::Term;
use jinzai_domain::progress::FieldError;
use jinzai_store::exams::papers::StoredPaper;
use jinzai_store::exams::{StoredApplication, StoredExam};
use jinzai_store::{AuditEvent, Store};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many component rows the exam form offers.
pub const FORM_COMPONENTS: usize = 5;

/// Whether `who` manages exams (HR).
pub fn manages(who: &Principal) -> bool {
    decide(who, Permission::ManageExams) == Decision::Allow
}

/// Refuses anyone but HR.
fn hr_only(who: &Principal) -> Result<(), Failure> {
    if manages(who) {
        Ok(())
    } else {
        Err(Failure::Forbidden(Message::new("exams_hr_only")))
    }
}

fn no_exam(id: i64) -> Failure {
    Failure::NotFound(Message::new("exams_not_found").arg("id", id))
}

/// One exam, or `NotFound`.
pub async fn exam(store: &Store, id: i64) -> Result<StoredExam, Failure> {
    store.exam(id).await?.ok_or_else(|| no_exam(id))
}

/// Exams by year, then by level in the order of the city's grades
/// (係長 before 課長).
fn by_grade(mut list: Vec<StoredExam>) -> Vec<StoredExam> {
    let rank = |level: &str| JOB_GRADES.items.iter().position(|(c, _, _)| *c == level);
    list.sort_by_key(|e| (e.exam.fiscal_year, rank(&e.exam.level)));
    list
}

/// Sets a year's exam for a level (HR): checked at its fields against the
/// city's grades and employment types, then saved (audited).
pub async fn save(store: &Store, who: &Principal, exam: &Exam) -> Result<StoredExam, Failure> {
    hr_only(who)?;
    let known_grade = |g: &str| JOB_GRADES.items.iter().any(|(c, _, _)| *c == g);
    let known_type = |t: &str| EMPLOYMENT_TYPES.items.iter().any(|(c, _, _)| *c == t);
    let errors = exam.check(&known_grade, &known_type);
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    Ok(store.save_exam(exam, &who.actor()).await?)
}

/// The fields of the exam form, as typed: `name=value` pairs, checkboxes
/// repeated (`grades`, `employment_types`), components as `kind_i`,
/// `weight_i`, `max_score_i` for i in 0..[`FORM_COMPONENTS`] (a row with
/// no kind is left out).
pub fn exam_from_form(pairs: &[(String, String)]) -> Result<Exam, Vec<FieldError>> {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map_or("", |(_, v)| v.trim())
    };
    let all = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, v)| n == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    };
    let mut errors = Vec::new();
    let mut keep = |r: Result<Option<u32>, FieldError>| match r {
        Ok(v) => v,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let year = keep(number("fiscal_year", get("fiscal_year"), true));
    let service = keep(number(
        "min_years_of_service",
        get("min_years_of_service"),
        false,
    ));
    let in_grade = keep(number(
        "min_years_in_grade",
        get("min_years_in_grade"),
        false,
    ));
    let max_age = keep(number("max_age", get("max_age"), false));
    let pass_mark = keep(number("pass_mark", get("pass_mark"), true));
    let mut components = Vec::new();
    for i in 0..FORM_COMPONENTS {
        let kind = get(&format!("kind_{i}"));
        if kind.is_empty() {
            continue;
        }
        let Ok(kind) = kind.parse::<ComponentKind>() else {
            keep(Err(FieldError::new(
                format!("components[{i}].kind"),
                "unknown",
                Message::new("exams_kind_unknown").arg("kind", kind),
            )));
            continue;
        };
        let weight = keep(number(
            format!("components[{i}].weight"),
            get(&format!("weight_{i}")),
            true,
        ));
        let max_score = keep(number(
            format!("components[{i}].max_score"),
            get(&format!("max_score_{i}")),
            true,
        ));
        if let (Some(weight), Some(max_score)) = (weight, max_score) {
            components.push(Component {
                kind,
                weight,
                max_score,
            });
        }
    }
    let mut day = |field: &'static str| match required_day(
        field,
        get(field),
        Message::new("exams_date_required"),
    ) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let dates = (
        day("opens_on"),
        day("closes_on"),
        day("held_on"),
        day("reference_date"),
    );
    match (dates, year, pass_mark) {
        (
            (Some(opens_on), Some(closes_on), Some(held_on), Some(reference_date)),
            Some(year),
            Some(pass_mark),
        ) if errors.is_empty() => Ok(Exam {
            fiscal_year: i32::try_from(year).unwrap_or(0),
            level: get("level").to_owned(),
            title: get("title").to_owned(),
            opens_on,
            closes_on,
            held_on,
            reference_date,
            eligibility: Eligibility {
                grades: all("grades"),
                employment_types: all("employment_types"),
                min_years_of_service: service.unwrap_or(0),
                min_years_in_grade: in_grade.unwrap_or(0),
                max_age,
            },
            components,
            pass_mark,
        }),
        _ => Err(errors),
    }
}

/// A whole number as typed into `field` (empty: none, or refused when
/// `required`).
fn number(field: impl Into<String>, raw: &str, required: bool) -> Result<Option<u32>, FieldError> {
    if raw.is_empty() {
        return if required {
            Err(FieldError::new(
                field.into(),
                "required",
                Message::new("exams_number_required"),
            ))
        } else {
            Ok(None)
        };
    }
    raw.parse::<u32>().map(Some).map_err(|_| {
        FieldError::new(
            field.into(),
            "not_a_number",
            Message::new("exams_not_a_number").arg("value", raw),
        )
    })
}

/// An exam as one staff member sees it: whether it takes applications
/// today, whether they may sit it (the first rule they do not meet), and
/// their application with its result.
#[derive(Debug, Clone)]
pub struct Offer {
    pub exam: StoredExam,
    pub open: bool,
    /// None: eligible; else the rule not met.
    pub ineligible: Option<Message>,
    pub application: Option<StoredApplication>,
}

/// The exams of a year as `who` sees them (their eligibility and
/// application; without a staff record, every exam ineligible).
pub async fn offers(store: &Store, who: &Principal, year: i32) -> Result<Vec<Offer>, Failure> {
    let today = store.clock().today();
    let mut out = Vec::new();
    for e in by_grade(store.exams(Some(year)).await?) {
        let (ineligible, application) = match &who.staff_number {
            Some(me) => {
                let judged = match store.exam_candidate(&e.exam, me.as_str()).await? {
                    Some((_, c)) => e.exam.eligibility.judge(&c, e.exam.reference_date).err(),
                    None => Some(Message::new("exams_no_staff_record")),
                };
                (judged, store.exam_application(&e, me.as_str()).await?)
            }
            None => (Some(Message::new("exams_no_staff_record")), None),
        };
        out.push(Offer {
            open: e.exam.open_on(today),
            exam: e,
            ineligible,
            application,
        });
    }
    Ok(out)
}

/// Whose application a request is about: one's own, or (HR, for paper
/// applications) anyone's.
fn applicant(who: &Principal, number: Option<&str>) -> Result<String, Failure> {
    match (number, &who.staff_number) {
        (Some(n), own) if own.as_ref().is_some_and(|o| o.as_str() == n) => Ok(n.to_owned()),
        (Some(n), _) if manages(who) => Ok(n.to_owned()),
        (Some(_), _) => Err(Failure::Forbidden(Message::new("exams_own_only"))),
        (None, Some(own)) => Ok(own.to_string()),
        (None, None) => Err(Failure::Forbidden(Message::new("exams_no_staff_record"))),
    }
}

/// Applies for an exam: oneself, or (HR) someone named.
pub async fn apply(
    store: &Store,
    who: &Principal,
    id: i64,
    number: Option<&str>,
) -> Result<StoredApplication, Failure> {
    let number = applicant(who, number)?;
    let e = exam(store, id).await?;
    Ok(store.apply_for_exam(&e, &number, &who.actor()).await?)
}

/// Withdraws an application: one's own, or (HR) someone's.
pub async fn withdraw(
    store: &Store,
    who: &Principal,
    id: i64,
    number: Option<&str>,
) -> Result<StoredApplication, Failure> {
    let number = applicant(who, number)?;
    let e = exam(store, id).await?;
    Ok(store
        .withdraw_exam_application(&e, &number, &who.actor())
        .await?)
}

/// Records whether a candidate sat and their marks (HR).
pub async fn record_result(
    store: &Store,
    who: &Principal,
    id: i64,
    number: &str,
    sat: bool,
    scores: &[Option<u32>],
) -> Result<StoredApplication, Failure> {
    hr_only(who)?;
    let e = exam(store, id).await?;
    if sat && scores.len() != e.exam.components.len() {
        return Err(Failure::Invalid(vec![FieldError::new(
            "scores",
            "count",
            Message::new("exams_scores_count").arg("count", e.exam.components.len()),
        )]));
    }
    Ok(store
        .record_exam_result(&e, number, sat, scores, &who.actor())
        .await?)
}

/// Records the promotion that follows a pass (HR), on `on` or, by
/// default, the 1 April after the exam.
pub async fn promote(
    store: &Store,
    who: &Principal,
    id: i64,
    number: &str,
    on: Option<NaiveDate>,
) -> Result<StoredApplication, Failure> {
    hr_only(who)?;
    let e = exam(store, id).await?;
    let on = match on {
        Some(d) => d,
        None => jinzai_domain::FiscalYear::containing(e.exam.held_on)
            .end()
            .and_then(|d| d.succ_opt())
            .ok_or_else(|| Failure::Internal(Message::new("exams_promotion_no_default")))?,
    };
    Ok(store
        .record_exam_promotion(&e, number, on, &who.actor())
        .await?)
}

/// An exam's applications with their marks (HR), the read audited.
pub async fn applications(
    store: &Store,
    who: &Principal,
    id: i64,
) -> Result<(StoredExam, Vec<StoredApplication>), Failure> {
    hr_only(who)?;
    let e = exam(store, id).await?;
    store
        .audit(AuditEvent {
            actor: &who.actor(),
            action: "read",
            record_type: "exam_results",
            record_key: &id.to_string(),
            detail: serde_json::json!({}),
        })
        .await?;
    let list = store.exam_applications(&e).await?;
    Ok((e, list))
}

/// How many people reached each stage (in [`Stage`] order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelRow {
    /// The group's code (a gender, an employment type, an age class); empty
    /// for the whole exam.
    pub group: String,
    /// Eligible, applied, sat, passed, promoted.
    pub counts: Vec<usize>,
}

/// One exam's funnel, whole and by group.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Funnel {
    pub exam_id: i64,
    pub fiscal_year: i32,
    pub level: String,
    pub title: String,
    pub total: FunnelRow,
    pub by_gender: Vec<FunnelRow>,
    pub by_employment_type: Vec<FunnelRow>,
    /// By 職種 (`unknown` where the staff master does not say).
    pub by_job_family: Vec<FunnelRow>,
    pub by_age_class: Vec<FunnelRow>,
}

/// The day someone with grade history `terms` took the exam's level, if
/// between the exam day and the end of the next fiscal year (the grade
/// history is what counts, whether or not the promotion was recorded from
/// the result).
pub fn promoted_on(exam: &Exam, terms: &[Term]) -> Option<NaiveDate> {
    let last = exam.promotion_by()?;
    terms
        .iter()
        .find(|t| {
            t.job_grade.as_deref() == Some(exam.level.as_str())
                && t.from >= exam.held_on
                && t.from <= last
        })
        .map(|t| t.from)
}

/// When each candidate of an exam took its level (see [`promoted_on`]).
pub async fn promotions(
    store: &Store,
    e: &StoredExam,
    numbers: &[&StaffNumber],
) -> Result<BTreeMap<StaffNumber, NaiveDate>, Failure> {
    let mut out = BTreeMap::new();
    for n in numbers {
        if let Some(d) = promoted_on(&e.exam, &store.grades_of(n.as_str()).await?) {
            out.insert((*n).clone(), d);
        }
    }
    Ok(out)
}

/// Every exam's funnel of a year (all years when none), HR only: eligible
/// (judged on the reference date), applied (not withdrawn), sat, passed,
/// and promoted — a grade stretch at the exam's level beginning between
/// the exam day and the end of the next fiscal year, for one who passed.
pub async fn funnels(
    store: &Store,
    who: &Principal,
    year: Option<i32>,
) -> Result<Vec<Funnel>, Failure> {
    match year {
        Some(y) => funnels_between(store, who, y, y).await,
        None => funnels_between(store, who, i32::MIN, i32::MAX).await,
    }
}

/// The funnels of the exams of fiscal years `from..=to` (see [`funnels`]).
pub async fn funnels_between(
    store: &Store,
    who: &Principal,
    from: i32,
    to: i32,
) -> Result<Vec<Funnel>, Failure> {
    hr_only(who)?;
    let mut exams = by_grade(store.exams(None).await?);
    exams.retain(|e| (from..=to).contains(&e.exam.fiscal_year));
    let mut out = Vec::with_capacity(exams.len());
    if exams.is_empty() {
        return Ok(out);
    }
    // The staff master and grade histories, read once for every exam.
    let staff = store.all_staff().await?;
    let mut history: BTreeMap<StaffNumber, Vec<Term>> = BTreeMap::new();
    for (n, t) in store.all_grades().await? {
        history.entry(n).or_default().push(t);
    }
    for e in exams {
        let on = e.exam.reference_date;
        // Only those in service on the reference date can be eligible.
        let candidates: Vec<(&Staff, Candidate)> = staff
            .iter()
            .filter(|s| s.hire_date <= on && s.leaving_date.is_none_or(|l| l >= on))
            .map(|s| {
                let terms = history.get(&s.number).map_or(&[][..], Vec::as_slice);
                (s, Candidate::of(s, terms, on))
            })
            .collect();
        let apps = store.exam_applications(&e).await?;
        let promoted = |n: &StaffNumber| {
            promoted_on(&e.exam, history.get(n).map_or(&[][..], Vec::as_slice)).is_some()
        };
        let stage_of: BTreeMap<&StaffNumber, Stage> = apps
            .iter()
            .filter(|a| a.withdrawn_at.is_none())
            .map(|a| {
                let s = match (a.sat, a.passed) {
                    (_, Some(true)) if promoted(&a.staff_number) => Stage::Promoted,
                    (_, Some(true)) => Stage::Passed,
                    (Some(true), _) => Stage::Sat,
                    _ => Stage::Applied,
                };
                (&a.staff_number, s)
            })
            .collect();
        let mut total = vec![0usize; 5];
        let mut gender: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut types: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut families: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut ages: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (s, c) in &candidates {
            let eligible = e.exam.eligibility.judge(c, on).is_ok();
            let stage = stage_of.get(&s.number).copied();
            if !eligible && stage.is_none() {
                continue;
            }
            // An applicant counts as eligible: they were when they applied.
            let reached = stage.map_or(1, |st| st as usize + 1);
            let groups = [
                (
                    &mut gender,
                    s.gender.clone().unwrap_or_else(|| "unstated".into()),
                ),
                (&mut types, c.employment_type.clone()),
                (
                    &mut families,
                    s.job_family.clone().unwrap_or_else(|| "unknown".into()),
                ),
                (&mut ages, age_class(s.birth_date, on).to_owned()),
            ];
            for slot in total.iter_mut().take(reached) {
                *slot += 1;
            }
            for (map, key) in groups {
                let row = map.entry(key).or_insert_with(|| vec![0; 5]);
                for slot in row.iter_mut().take(reached) {
                    *slot += 1;
                }
            }
        }
        let rows = |m: BTreeMap<String, Vec<usize>>| {
            m.into_iter()
                .map(|(group, counts)| FunnelRow { group, counts })
                .collect()
        };
        out.push(Funnel {
            exam_id: e.id,
            fiscal_year: e.exam.fiscal_year,
            level: e.exam.level.clone(),
            title: e.exam.title.clone(),
            total: FunnelRow {
                group: String::new(),
                counts: total,
            },
            by_gender: rows(gender),
            by_employment_type: rows(types),
            by_job_family: rows(families),
            by_age_class: rows(ages),
        });
    }
    Ok(out)
}

/// Past papers as `who` may read them: HR every one (published or not),
/// anyone else those published by today.
pub async fn papers(store: &Store, who: &Principal) -> Result<Vec<StoredPaper>, Failure> {
    let by = (!manages(who)).then(|| store.clock().today());
    Ok(store.exam_papers(by).await?)
}

fn no_paper(id: i64) -> Failure {
    Failure::NotFound(Message::new("exams_paper_not_found").arg("id", id))
}

/// One paper with its file; one not yet published is HR's only (to anyone
/// else it does not exist).
pub async fn paper(
    store: &Store,
    who: &Principal,
    id: i64,
) -> Result<(StoredPaper, Vec<u8>), Failure> {
    let (p, body) = store.exam_paper(id).await?.ok_or_else(|| no_paper(id))?;
    if !manages(who) && p.paper.published_on > store.clock().today() {
        return Err(no_paper(id));
    }
    Ok((p, body))
}

/// The name a paper downloads as: its title and its type's extension.
pub fn paper_file_name(p: &StoredPaper) -> String {
    let ext = if p.paper.content_type == "application/pdf" {
        "pdf"
    } else {
        "txt"
    };
    format!("{}.{ext}", p.paper.title)
}

/// Adds a past paper or model answer to an exam (HR).
pub async fn add_paper(
    store: &Store,
    who: &Principal,
    exam_id: i64,
    paper: &Paper,
    body: &[u8],
) -> Result<StoredPaper, Failure> {
    hr_only(who)?;
    let e = exam(store, exam_id).await?;
    Ok(store.add_exam_paper(&e, paper, body, &who.actor()).await?)
}

/// Removes a paper (HR).
pub async fn remove_paper(store: &Store, who: &Principal, id: i64) -> Result<(), Failure> {
    hr_only(who)?;
    Ok(store.remove_exam_paper(id, &who.actor()).await?)
}

/// The fields of the paper form or query (kind, title, 公開日) and the
/// file's declared type, read into a paper.
pub fn paper_from_fields(
    kind: &str,
    title: &str,
    published_on: &str,
    content_type: &str,
) -> Result<Paper, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = match kind.trim().parse::<PaperKind>() {
        Ok(k) => Some(k),
        Err(_) => {
            errors.push(FieldError::new(
                "kind",
                "unknown",
                Message::new("exams_paper_kind_unknown").arg("kind", kind),
            ));
            None
        }
    };
    let published_on = match required_day(
        "published_on",
        published_on,
        Message::new("exams_date_required"),
    ) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    match (kind, published_on) {
        (Some(kind), Some(published_on)) if errors.is_empty() => Ok(Paper {
            kind,
            title: title.trim().to_owned(),
            content_type: content_type.to_owned(),
            published_on,
        }),
        _ => Err(errors),
    }
}

/// A file's declared type as a browser or client sends it, or from its
/// name when the type says nothing (`application/octet-stream`).
pub fn declared_type(content_type: Option<&str>, file_name: &str) -> String {
    let named = file_name.to_ascii_lowercase();
    match content_type.map(|t| t.split(';').next().unwrap_or("").trim()) {
        Some(t) if !t.is_empty() && t != "application/octet-stream" => t.to_owned(),
        _ if named.ends_with(".pdf") => "application/pdf".to_owned(),
        _ if named.ends_with(".txt") => "text/plain".to_owned(),
        Some(t) => t.to_owned(),
        None => String::new(),
    }
}
