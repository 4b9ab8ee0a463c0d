//! 職員公募's use cases: HR posts a project team or a post; each staff
//! member sees a year's postings with their eligibility (the rule not met,
//! named) and applies with their motivation or withdraws; HR reads the
//! applications (audited) and selects — the assignment follows — or not.
//!
//! Confidentiality: an application is read by its applicant and HR. The
//! applicant's 所属長 sees it only when the posting does not hide
//! applications, or once it is selected — and never the motivation.

use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::exams::Candidate;
use jinzai_domain::i18n::Message;
use jinzai_domain::postings::{ApplicationStatus, Posting, TEXT_LIMIT};
use jinzai_domain::progress::FieldError;
use jinzai_store::postings::{StoredApplication, StoredPosting};
use jinzai_store::{AuditEvent, Store};
use serde::Serialize;

/// Whether `who` runs postings (HR).
pub fn manages(who: &Principal) -> bool {
    who.has(Role::Hr)
}

async fn posting_of(store: &Store, id: i64) -> Result<StoredPosting, Failure> {
    store
        .posting(id)
        .await?
        .ok_or_else(|| Failure::NotFound(Message::new("postings_no_posting").arg("id", id)))
}

/// One posting.
pub async fn posting(store: &Store, id: i64) -> Result<StoredPosting, Failure> {
    posting_of(store, id).await
}

/// Saves a posting (HR): a new one, or posting `id` changed; checked at
/// its fields against the organisation.
pub async fn save(
    store: &Store,
    who: &Principal,
    id: Option<i64>,
    p: &Posting,
) -> Result<StoredPosting, Failure> {
    if let Some(id) = id {
        posting_of(store, id).await?;
    }
    let units = store.units().await?;
    let known = |u: &jinzai_domain::people::UnitCode, on: NaiveDate| {
        units.iter().any(|v| v.code == *u && v.valid_on(on))
    };
    let errors = p.check(&known);
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    Ok(store.save_posting(id, p, &who.actor()).await?)
}

/// Why `number` may not apply to `p` (the rule named), judged on the day
/// it opens from the staff master, grade history and main assignment.
async fn ineligible(store: &Store, p: &Posting, number: &str) -> Result<Option<Message>, Failure> {
    let on = p.opens_on;
    let Some((staff, assignments)) = store.staff_member(number).await? else {
        return Ok(Some(
            Message::new("people_staff_unknown").arg("number", number),
        ));
    };
    let terms = store.grades_of(number).await?;
    let candidate = Candidate::of(&staff, &terms, on);
    let post_since = assignments
        .iter()
        .find(|a| a.primary && a.active_on(on))
        .map(|a| a.start);
    Ok(p.eligibility.judge(&candidate, post_since, on).err())
}

/// A posting as one staff member sees it.
#[derive(Debug, Clone)]
pub struct Offer {
    pub posting: StoredPosting,
    /// Applications are taken today.
    pub open: bool,
    /// The rule they do not meet, when they may not apply.
    pub ineligible: Option<Message>,
    /// Their application, if any.
    pub application: Option<StoredApplication>,
}

/// A year's postings, each with `who`'s eligibility and application.
pub async fn offers(store: &Store, who: &Principal, year: i32) -> Result<Vec<Offer>, Failure> {
    let today = store.clock().today();
    let mine = match &who.staff_number {
        Some(me) => store.posting_applications(None, Some(me)).await?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for p in store.postings(Some(year)).await? {
        let ineligible = match &who.staff_number {
            Some(me) => ineligible(store, &p.posting, me).await?,
            None => None,
        };
        out.push(Offer {
            open: p.posting.open_on(today),
            application: mine.iter().find(|a| a.posting_id == p.id).cloned(),
            ineligible,
            posting: p,
        });
    }
    Ok(out)
}

/// Whose application: one's own, or (HR, a paper application) anyone's.
fn whose<'a>(who: &'a Principal, number: Option<&'a str>) -> Result<&'a str, Failure> {
    match (number, &who.staff_number) {
        (Some(n), _) if who.has(Role::Hr) => Ok(n),
        (Some(n), Some(me)) if n == me.as_str() => Ok(n),
        (None, Some(me)) => Ok(me.as_str()),
        _ => Err(Failure::Forbidden(Message::new("postings_own_only"))),
    }
}

/// Applies to a posting within its window, if eligible.
pub async fn apply(
    store: &Store,
    who: &Principal,
    id: i64,
    motivation: Option<&str>,
    number: Option<&str>,
) -> Result<StoredApplication, Failure> {
    let number = whose(who, number)?;
    let p = posting_of(store, id).await?;
    let today = store.clock().today();
    if !p.posting.open_on(today) {
        return Err(Failure::Invalid(vec![FieldError::new(
            "posting",
            "window_closed",
            Message::new("postings_window_closed")
                .arg("from", p.posting.opens_on)
                .arg("to", p.posting.closes_on),
        )]));
    }
    if motivation.is_some_and(|m| m.chars().count() > TEXT_LIMIT) {
        return Err(Failure::Invalid(vec![FieldError::new(
            "motivation",
            "too_long",
            Message::new("evaluation_note_long").arg("limit", TEXT_LIMIT),
        )]));
    }
    if let Some(rule) = ineligible(store, &p.posting, number).await? {
        return Err(Failure::Invalid(vec![FieldError::new(
            "staff_number",
            "ineligible",
            rule,
        )]));
    }
    Ok(store
        .apply_to_posting(&p, number, (today, motivation), &who.actor())
        .await?)
}

/// Withdraws an application before it is decided.
pub async fn withdraw(
    store: &Store,
    who: &Principal,
    id: i64,
    number: Option<&str>,
) -> Result<StoredApplication, Failure> {
    let number = whose(who, number)?;
    let p = posting_of(store, id).await?;
    Ok(store
        .close_posting_application(
            &p,
            number,
            (ApplicationStatus::Withdrawn, store.clock().today()),
            &who.actor(),
        )
        .await?)
}

/// A posting's applications as `who` may read them: HR every one with
/// motivations (the read audited); a 所属長 their members' — when the
/// posting does not hide them, or once selected — without motivations.
pub async fn applications(
    store: &Store,
    who: &Principal,
    id: i64,
) -> Result<(StoredPosting, Vec<StoredApplication>), Failure> {
    let p = posting_of(store, id).await?;
    if who.has(Role::Hr) {
        store
            .audit(AuditEvent {
                actor: &who.actor(),
                action: "read",
                record_type: "posting_applications",
                record_key: &id.to_string(),
                detail: serde_json::json!({}),
            })
            .await?;
        let list = store.posting_applications(Some(id), None).await?;
        return Ok((p, list));
    }
    if !who.has(Role::Manager) {
        return Err(Failure::Forbidden(Message::new("postings_not_yours")));
    }
    let units = store.primary_units_on(store.clock().today()).await?;
    let list = store
        .posting_applications(Some(id), None)
        .await?
        .into_iter()
        .filter(|a| {
            units
                .get(&a.staff_number)
                .is_some_and(|(u, _)| who.managed_units.contains(u))
        })
        .filter(|a| !p.posting.confidential || a.status == ApplicationStatus::Selected)
        .map(|a| StoredApplication {
            motivation: None,
            ..a
        })
        .collect();
    Ok((p, list))
}

/// HR's decision on an open application: selected (within the posting's
/// places; the assignment follows: 兼務 in a team for its term, or the
/// move to a post with the present main post ended the day before) or not.
pub async fn decide(
    store: &Store,
    who: &Principal,
    id: i64,
    number: &str,
    selected: bool,
) -> Result<StoredApplication, Failure> {
    let p = posting_of(store, id).await?;
    let today = store.clock().today();
    if !selected {
        return Ok(store
            .close_posting_application(
                &p,
                number,
                (ApplicationStatus::NotSelected, today),
                &who.actor(),
            )
            .await?);
    }
    let taken = store
        .posting_applications(Some(id), None)
        .await?
        .iter()
        .filter(|a| a.status == ApplicationStatus::Selected)
        .count();
    if taken >= usize::try_from(p.posting.slots).unwrap_or(usize::MAX) {
        return Err(Failure::Invalid(vec![FieldError::new(
            "staff_number",
            "full",
            Message::new("postings_full").arg("slots", p.posting.slots),
        )]));
    }
    let before = p
        .posting
        .starts_on
        .pred_opt()
        .unwrap_or(p.posting.starts_on);
    let current = store
        .staff_member(number)
        .await?
        .and_then(|(_, list)| list.into_iter().find(|a| a.primary && a.active_on(before)));
    let person = jinzai_domain::people::StaffNumber::stored(number.to_owned());
    let assignments = p.posting.assignments(&person, current.as_ref());
    Ok(store
        .select_for_posting(&p, number, today, &assignments, &who.actor())
        .await?)
}

/// How far a posting went: applicants (not withdrawn) and those selected.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub posting_id: i64,
    pub applied: usize,
    pub selected: usize,
}

/// Every posting's tally for a year (HR).
pub async fn tallies(store: &Store, year: i32) -> Result<Vec<Tally>, Failure> {
    let all = store.posting_applications(None, None).await?;
    Ok(store
        .postings(Some(year))
        .await?
        .iter()
        .map(|p| {
            let mine: Vec<&StoredApplication> =
                all.iter().filter(|a| a.posting_id == p.id).collect();
            Tally {
                posting_id: p.id,
                applied: mine
                    .iter()
                    .filter(|a| a.status != ApplicationStatus::Withdrawn)
                    .count(),
                selected: mine
                    .iter()
                    .filter(|a| a.status == ApplicationStatus::Selected)
                    .count(),
            }
        })
        .collect())
}

/// A field of a form, trimmed ("" when absent).
fn field<'a>(pairs: &'a [(String, String)], k: &str) -> &'a str {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map_or("", |(_, v)| v.trim())
}

/// A posting as its form gives it (dates 西暦 or 和暦; grades and
/// employment types as repeated fields; the confidentiality box).
pub fn posting_from_form(pairs: &[(String, String)]) -> Result<Posting, Vec<FieldError>> {
    use crate::form::parse_day;
    use jinzai_domain::people::codes::Coded;
    use jinzai_domain::postings::{Eligibility, PostingKind};
    let mut errors = Vec::new();
    let mut number = |k: &'static str, required: bool| -> Option<u32> {
        let raw = field(pairs, k);
        if raw.is_empty() && !required {
            return Some(0);
        }
        match raw.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(FieldError::new(
                    k,
                    "not_a_number",
                    Message::new("exams_not_a_number").arg("value", raw),
                ));
                None
            }
        }
    };
    let fiscal_year = number("fiscal_year", true);
    let slots = number("slots", true);
    let min_years_of_service = number("min_years_of_service", false);
    let min_years_in_post = number("min_years_in_post", false);
    let kind = PostingKind::parse_label(field(pairs, "kind"));
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "required",
            Message::new("postings_kind_required"),
        ));
    }
    let mut day = |k: &'static str, required: bool| match parse_day(k, field(pairs, k)) {
        Ok(Some(d)) => Some(Some(d)),
        Ok(None) if !required => Some(None),
        Ok(None) => {
            errors.push(FieldError::new(
                k,
                "required",
                Message::new("demotion_date_required"),
            ));
            None
        }
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let opens_on = day("opens_on", true).flatten();
    let closes_on = day("closes_on", true).flatten();
    let starts_on = day("starts_on", true).flatten();
    let ends_on = day("ends_on", false);
    let all = |k: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, v)| n == k && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    };
    let unit = field(pairs, "unit_code");
    let unit_code = match jinzai_domain::people::UnitCode::parse(unit) {
        Ok(u) => Some(u),
        Err(m) => {
            errors.push(FieldError::new("unit_code", "bad_code", m));
            None
        }
    };
    let post = Some(field(pairs, "post").to_owned()).filter(|p| !p.is_empty());
    match (
        fiscal_year.and_then(|y| i32::try_from(y).ok()),
        kind,
        unit_code,
        slots,
        (opens_on, closes_on, starts_on, ends_on),
        (min_years_of_service, min_years_in_post),
    ) {
        (
            Some(fiscal_year),
            Some(kind),
            Some(unit_code),
            Some(slots),
            (Some(opens_on), Some(closes_on), Some(starts_on), Some(ends_on)),
            (Some(min_years_of_service), Some(min_years_in_post)),
        ) if errors.is_empty() => Ok(Posting {
            fiscal_year,
            kind,
            title: field(pairs, "title").to_owned(),
            unit_code,
            post,
            duties: field(pairs, "duties").to_owned(),
            slots,
            opens_on,
            closes_on,
            starts_on,
            ends_on,
            eligibility: Eligibility {
                grades: all("grades"),
                employment_types: all("employment_types"),
                min_years_of_service,
                min_years_in_post,
            },
            confidential: !field(pairs, "confidential").is_empty(),
        }),
        _ => Err(errors),
    }
}
