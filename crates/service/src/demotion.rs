//! 希望降任's use cases: HR opens a year's window and names its reviewers;
//! a staff member asks (or withdraws) within it; HR and the reviewers read
//! the requests and decide; approved demotions take effect as personnel
//! events on their day; each later year the reviewers are reminded to
//! consider promoting the person back (再昇任の検討), and record it.
//!
//! Confidentiality: a request (its reason above all) is read by the
//! person, by HR and by the reviewers — never by the 所属長 or the health
//! role — and every read by someone other than the person is audited. The
//! personnel event a demotion becomes carries no reason.

use crate::Failure;
use crate::form::{parse_day, required_day};
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Permission, Principal, Role};
use jinzai_domain::demotion::{Decision, Reason, Request, ReviewOutcome, Window, review_years};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::codes::{Coded, JOB_GRADES};
use jinzai_domain::people::event::EventKind;
use jinzai_domain::progress::FieldError;
use jinzai_store::demotion::{StoredRequest, StoredReview, StoredWindow};
use jinzai_store::{AuditEvent, Store};
use serde::Serialize;

fn no_window(year: i32) -> Failure {
    Failure::NotFound(Message::new("demotion_no_window").arg("year", year))
}

async fn window(store: &Store, year: i32) -> Result<StoredWindow, Failure> {
    store
        .demotion_window(year)
        .await?
        .ok_or_else(|| no_window(year))
}

async fn request_of(store: &Store, id: i64) -> Result<StoredRequest, Failure> {
    store
        .demotion_request(id)
        .await?
        .ok_or_else(|| Failure::NotFound(Message::new("demotion_no_request").arg("id", id)))
}

/// Whether `who` reviews the requests of window `w`: HR, or a reviewer it
/// names.
pub fn reviews(who: &Principal, w: &Window) -> bool {
    who.has(Role::Hr) || (who.is_signed_in() && w.reviewers.contains(&who.login))
}

/// Whether `who` reviews any window's requests (their pages show the
/// review lists).
pub async fn reviews_any(store: &Store, who: &Principal) -> Result<bool, Failure> {
    if who.has(Role::Hr) {
        return Ok(true);
    }
    Ok(store
        .demotion_windows()
        .await?
        .iter()
        .any(|w| reviews(who, &w.window)))
}

fn own(who: &Principal, r: &StoredRequest) -> bool {
    who.staff_number.as_ref() == Some(&r.staff_number)
}

/// Writes an audit entry for a read of requests by someone other than
/// their maker.
async fn audit_read(store: &Store, who: &Principal, kind: &str, key: &str) -> Result<(), Failure> {
    store
        .audit(AuditEvent {
            actor: &who.actor(),
            action: "read",
            record_type: kind,
            record_key: key,
            detail: serde_json::json!({}),
        })
        .await?;
    Ok(())
}

/// Every window, latest first.
pub async fn windows(store: &Store) -> Result<Vec<StoredWindow>, Failure> {
    Ok(store.demotion_windows().await?)
}

/// Opens or changes a year's window (HR): its dates and reviewers, each
/// reviewer an account that takes part in the module.
pub async fn open_window(
    store: &Store,
    who: &Principal,
    w: &Window,
) -> Result<StoredWindow, Failure> {
    let mut errors = w.check();
    for (i, login) in w.reviewers.iter().enumerate() {
        match store.user_by_login(login).await? {
            None => errors.push(FieldError::new(
                format!("reviewers[{i}]"),
                "unknown",
                Message::new("demotion_reviewer_unknown").arg("login", login),
            )),
            Some(u)
                if !u
                    .grants
                    .iter()
                    .any(|g| Permission::Demotion.roles().contains(&g.role)) =>
            {
                errors.push(FieldError::new(
                    format!("reviewers[{i}]"),
                    "no_role",
                    Message::new("demotion_reviewer_no_role").arg("login", login),
                ))
            }
            Some(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    Ok(store.set_demotion_window(w, &who.actor()).await?)
}

/// Asks for one's own demotion (or changes the request while it waits),
/// within the year's window.
pub async fn request(
    store: &Store,
    who: &Principal,
    year: i32,
    r: &Request,
) -> Result<StoredRequest, Failure> {
    let Some(me) = &who.staff_number else {
        return Err(Failure::Forbidden(Message::new("demotion_own_only")));
    };
    let w = window(store, year).await?;
    let today = store.clock().today();
    if !w.window.open_on(today) {
        return Err(Failure::Invalid(vec![FieldError::new(
            "reason",
            "window_closed",
            Message::new("demotion_window_closed")
                .arg("from", w.window.opens_on)
                .arg("to", w.window.closes_on),
        )]));
    }
    let from = store.grade_on(me, today).await?;
    let errors = r.check(from.as_deref());
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    Ok(store
        .put_demotion_request(&w, (me, from.as_deref()), r, today, &who.actor())
        .await?)
}

/// Withdraws a request before its decision: the person, or HR for them
/// (a request handed in on paper).
pub async fn withdraw(store: &Store, who: &Principal, id: i64) -> Result<StoredRequest, Failure> {
    let r = request_of(store, id).await?;
    if !own(who, &r) && !who.has(Role::Hr) {
        return Err(Failure::Forbidden(Message::new("demotion_not_yours")));
    }
    Ok(store
        .withdraw_demotion_request(id, store.clock().today(), &who.actor())
        .await?)
}

/// The review's decision on an open request (HR or the window's
/// reviewers, never on their own request). An approved demotion whose day
/// has come takes effect at once.
pub async fn decide(
    store: &Store,
    who: &Principal,
    id: i64,
    d: &Decision,
) -> Result<StoredRequest, Failure> {
    let r = request_of(store, id).await?;
    let w = window(store, r.fiscal_year).await?;
    if !reviews(who, &w.window) {
        return Err(Failure::Forbidden(Message::new("demotion_not_reviewer")));
    }
    if own(who, &r) {
        return Err(Failure::Forbidden(Message::new("demotion_own_review")));
    }
    if !r.status.open() {
        return Err(Failure::Invalid(vec![FieldError::new(
            "approved",
            "not_open",
            Message::new("demotion_not_open").label(
                "status",
                &jinzai_domain::demotion::STATUSES,
                r.status.code(),
            ),
        )]));
    }
    let settled = d
        .settle(
            r.from_grade.as_deref(),
            r.request.wished_grade.as_deref(),
            r.requested_on,
            w.window.effective_on,
        )
        .map_err(Failure::Invalid)?;
    let today = store.clock().today();
    let decided = store
        .decide_demotion_request(id, &settled, (today, d.note.as_deref()), &who.actor())
        .await?;
    if decided.effective_on.is_some_and(|on| on <= today) {
        return Ok(store.take_demotion_effect(&decided, &who.actor()).await?);
    }
    Ok(decided)
}

/// Makes the personnel events of approved demotions whose day has come
/// (run by the server's scheduled jobs, `jinzai demotion take-effect`, or
/// HR's button); returns the requests that took effect.
pub async fn take_effect(store: &Store, actor: &str) -> Result<Vec<StoredRequest>, Failure> {
    let mut done = Vec::new();
    for r in store.demotions_due(store.clock().today()).await? {
        done.push(store.take_demotion_effect(&r, actor).await?);
    }
    Ok(done)
}

/// One's own requests, latest year first.
pub async fn mine(store: &Store, who: &Principal) -> Result<Vec<StoredRequest>, Failure> {
    match &who.staff_number {
        Some(me) => Ok(store.demotion_requests(None, Some(me)).await?),
        None => Ok(Vec::new()),
    }
}

/// A year's requests as `who` may read them: HR and the window's reviewers
/// every one (the read audited), anyone else only their own.
pub async fn requests(
    store: &Store,
    who: &Principal,
    year: i32,
) -> Result<Vec<StoredRequest>, Failure> {
    let w = window(store, year).await?;
    if reviews(who, &w.window) {
        audit_read(store, who, "demotion_requests", &year.to_string()).await?;
        return Ok(store.demotion_requests(Some(year), None).await?);
    }
    match &who.staff_number {
        Some(me) => Ok(store.demotion_requests(Some(year), Some(me)).await?),
        None => Ok(Vec::new()),
    }
}

/// A request with its re-promotion reviews.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = DemotionRequestView))]
pub struct RequestView {
    pub request: StoredRequest,
    pub reviews: Vec<StoredReview>,
    /// Whether the reader may decide it now (a reviewer, not their own,
    /// still open).
    pub may_decide: bool,
    /// Whether the reader may withdraw it now.
    pub may_withdraw: bool,
}

/// One request, read by its maker, HR or a reviewer of its window (a read
/// by anyone but the maker audited first).
pub async fn read(store: &Store, who: &Principal, id: i64) -> Result<RequestView, Failure> {
    let r = request_of(store, id).await?;
    let w = window(store, r.fiscal_year).await?;
    let mine = own(who, &r);
    let reviewer = reviews(who, &w.window);
    if !mine && !reviewer {
        return Err(Failure::Forbidden(Message::new("demotion_not_yours")));
    }
    if !mine {
        audit_read(store, who, "demotion_request", &id.to_string()).await?;
    }
    Ok(RequestView {
        may_decide: reviewer && !mine && r.status.open(),
        may_withdraw: (mine || who.has(Role::Hr)) && r.status.open(),
        reviews: store.demotion_reviews(Some(id)).await?,
        request: r,
    })
}

/// A demotion whose re-promotion review for this fiscal year is due.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = DemotionDueReview))]
pub struct DueReview {
    pub request_id: i64,
    pub staff_number: StaffNumber,
    pub name: String,
    pub from_grade: Option<String>,
    pub to_grade: Option<String>,
    pub effective_on: NaiveDate,
    /// The fiscal year the review is for (this one).
    pub fiscal_year: i32,
    /// The latest review recorded before this year's.
    pub last: Option<StoredReview>,
}

/// The demotions `who` reviews (HR every one; a reviewer those of their
/// windows) still at the lower grade and in service, whose review for this
/// fiscal year is not recorded: the yearly reminder.
pub async fn due_reviews(store: &Store, who: &Principal) -> Result<Vec<DueReview>, Failure> {
    let today = store.clock().today();
    let this_year = FiscalYear::containing(today).0;
    let windows = store.demotion_windows().await?;
    let current = windows.iter().find(|w| w.window.fiscal_year == this_year);
    let mut out = Vec::new();
    let reviews = store.demotion_reviews(None).await?;
    for r in store.demotion_requests(None, None).await? {
        let Some(on) = r.effective_on.filter(|_| r.taken_effect) else {
            continue;
        };
        let of_window = windows
            .iter()
            .find(|w| w.window.fiscal_year == r.fiscal_year)
            .is_some_and(|w| self::reviews(who, &w.window));
        let of_current = current.is_some_and(|w| self::reviews(who, &w.window));
        if !of_window && !of_current {
            continue;
        }
        if !review_years(on, today).contains(&this_year) {
            continue;
        }
        let mine: Vec<&StoredReview> = reviews.iter().filter(|v| v.request_id == r.id).collect();
        if mine
            .iter()
            .any(|v| v.fiscal_year == this_year || v.outcome == ReviewOutcome::Repromote)
        {
            continue;
        }
        if !still_demoted(store, &r.staff_number, on, today).await? {
            continue;
        }
        out.push(DueReview {
            request_id: r.id,
            staff_number: r.staff_number,
            name: r.name,
            from_grade: r.from_grade,
            to_grade: r.to_grade,
            effective_on: on,
            fiscal_year: this_year,
            last: mine.last().map(|v| (*v).clone()),
        });
    }
    Ok(out)
}

/// In service today, and not promoted since the demotion.
async fn still_demoted(
    store: &Store,
    number: &str,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<bool, Failure> {
    let Some((staff, _)) = store.staff_member(number).await? else {
        return Ok(false);
    };
    if staff.leaving_date.is_some_and(|l| l < today) {
        return Ok(false);
    }
    Ok(!store
        .events_of(number)
        .await?
        .iter()
        .any(|e| e.kind == EventKind::Promotion && e.date > on))
}

/// Records this fiscal year's re-promotion review of a demotion that has
/// taken effect (HR, a reviewer of its window or of this year's).
pub async fn review(
    store: &Store,
    who: &Principal,
    id: i64,
    outcome: ReviewOutcome,
    note: Option<String>,
) -> Result<StoredReview, Failure> {
    let r = request_of(store, id).await?;
    let today = store.clock().today();
    let this_year = FiscalYear::containing(today).0;
    let mut allowed = reviews(who, &window(store, r.fiscal_year).await?.window);
    if let Some(w) = store.demotion_window(this_year).await? {
        allowed |= reviews(who, &w.window);
    }
    if !allowed {
        return Err(Failure::Forbidden(Message::new("demotion_not_reviewer")));
    }
    if own(who, &r) {
        return Err(Failure::Forbidden(Message::new("demotion_own_review")));
    }
    let Some(on) = r.effective_on.filter(|_| r.taken_effect) else {
        return Err(Failure::Invalid(vec![FieldError::new(
            "outcome",
            "not_effective",
            Message::new("demotion_not_effective"),
        )]));
    };
    let years = review_years(on, today);
    if !years.contains(&this_year) {
        return Err(Failure::Invalid(vec![FieldError::new(
            "outcome",
            "too_early",
            Message::new("demotion_review_year").arg("from", *years.start()),
        )]));
    }
    if note
        .as_ref()
        .is_some_and(|n| n.chars().count() > jinzai_domain::demotion::TEXT_LIMIT)
    {
        return Err(Failure::Invalid(vec![FieldError::new(
            "note",
            "too_long",
            Message::new("evaluation_note_long").arg("limit", jinzai_domain::demotion::TEXT_LIMIT),
        )]));
    }
    let review = StoredReview {
        request_id: id,
        fiscal_year: this_year,
        reviewed_on: today,
        outcome,
        note,
        reviewed_by: who.actor(),
    };
    Ok(store.record_demotion_review(&review, &who.actor()).await?)
}

/// A field of a form, trimmed ("" when absent).
fn field<'a>(pairs: &'a [(String, String)], k: &str) -> &'a str {
    pairs
        .iter()
        .find(|(n, _)| n == k)
        .map_or("", |(_, v)| v.trim())
}

/// A grade as a form gives it (a code or a label); empty is none.
fn grade_field(
    pairs: &[(String, String)],
    k: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let raw = field(pairs, k);
    if raw.is_empty() {
        return None;
    }
    match JOB_GRADES.parse(raw) {
        Some(code) => Some(code.to_owned()),
        None => {
            errors.push(FieldError::new(
                k,
                "unknown",
                Message::new("demotion_grade_unknown").arg("grade", raw),
            ));
            None
        }
    }
}

/// A request as its form gives it.
pub fn request_from_form(pairs: &[(String, String)]) -> Result<Request, Vec<FieldError>> {
    let mut errors = Vec::new();
    let reason = match Reason::parse_label(field(pairs, "reason")) {
        Some(r) => Some(r),
        None => {
            errors.push(FieldError::new(
                "reason",
                "required",
                Message::new("demotion_reason_required"),
            ));
            None
        }
    };
    let wished_grade = grade_field(pairs, "wished_grade", &mut errors);
    match reason {
        Some(reason) if errors.is_empty() => Ok(Request {
            reason,
            details: field(pairs, "details").to_owned(),
            wished_grade,
        }),
        _ => Err(errors),
    }
}

/// A decision as its form gives it (`approved`: approve or reject).
pub fn decision_from_form(pairs: &[(String, String)]) -> Result<Decision, Vec<FieldError>> {
    let mut errors = Vec::new();
    let approved = match field(pairs, "approved") {
        "true" | "approve" => Some(true),
        "false" | "reject" => Some(false),
        _ => {
            errors.push(FieldError::new(
                "approved",
                "required",
                Message::new("demotion_decision_required"),
            ));
            None
        }
    };
    let to_grade = grade_field(pairs, "to_grade", &mut errors);
    let effective_on = match parse_day("effective_on", field(pairs, "effective_on")) {
        Ok(d) => d,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let note = Some(field(pairs, "note").to_owned()).filter(|n| !n.is_empty());
    match approved {
        Some(approved) if errors.is_empty() => Ok(Decision {
            approved,
            to_grade,
            effective_on,
            note,
        }),
        _ => Err(errors),
    }
}

/// A window as its form gives it (reviewers separated by commas, 、 or
/// spaces).
pub fn window_from_form(pairs: &[(String, String)]) -> Result<Window, Vec<FieldError>> {
    let mut errors = Vec::new();
    let year = field(pairs, "fiscal_year");
    let fiscal_year = match year.parse::<i32>() {
        Ok(y) if (1900..=9999).contains(&y) => Some(y),
        _ => {
            errors.push(FieldError::new(
                "fiscal_year",
                "bad_year",
                Message::new("training_fiscal_year_unreadable").arg("year", year),
            ));
            None
        }
    };
    let mut day = |k: &'static str| match required_day(
        k,
        field(pairs, k),
        Message::new("demotion_date_required"),
    ) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let opens_on = day("opens_on");
    let closes_on = day("closes_on");
    let effective_on = match parse_day("effective_on", field(pairs, "effective_on")) {
        Ok(d) => d.or_else(|| fiscal_year.map(jinzai_domain::demotion::next_april)),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let reviewers: Vec<String> = field(pairs, "reviewers")
        .split([',', '、', ' ', '\u{3000}'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    match (fiscal_year, opens_on, closes_on, effective_on) {
        (Some(fiscal_year), Some(opens_on), Some(closes_on), Some(effective_on))
            if errors.is_empty() =>
        {
            Ok(Window {
                fiscal_year,
                opens_on,
                closes_on,
                effective_on,
                reviewers,
            })
        }
        _ => Err(errors),
    }
}

/// A review's outcome as a form gives it.
pub fn outcome_from_form(raw: &str) -> Result<ReviewOutcome, Vec<FieldError>> {
    ReviewOutcome::parse_label(raw.trim()).ok_or_else(|| {
        vec![FieldError::new(
            "outcome",
            "required",
            Message::new("demotion_outcome_required"),
        )]
    })
}
