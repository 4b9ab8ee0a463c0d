//! The evaluation cycle's use cases: reading a sheet (who may, and what
//! they see), taking a step (who may take which, what it needs), the
//! 期末面談, and a complaint within its window and its handling.
//!
//! Confidentiality: HR reads every sheet; the evaluatee reads their own
//! (the evaluators' ratings, comments and band only once disclosed); the
//! people in the evaluatee's chain of the year read it whole. Nobody else —
//! not another 所属長, not the health role. Every read by someone other
//! than the evaluatee is written to the audit log before anything is shown.

use crate::Failure;
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::access::{Principal, Role};
use jinzai_domain::evaluation::interview::{Interview, InterviewKind};
use jinzai_domain::evaluation::sheet::{
    Actor, ComplaintOutcome, Goal, ItemRating, Shape, SheetState, SheetStep, Stage, check_goals,
    check_ratings, complaint_deadline, items, overall,
};
use jinzai_domain::evaluation::{Chain, ChainRole, EvaluationKind};
use jinzai_domain::i18n::Message;
use jinzai_domain::people::StaffNumber;
use jinzai_domain::progress::FieldError;
use jinzai_store::evaluation::StoredPeriod;
use jinzai_store::evaluation::sheet::{
    Complaint, SheetEvent, SheetRecord, SheetWrite, StoredInterview, StoredRating,
};
use jinzai_store::{AuditEvent, Store};
use serde::{Deserialize, Serialize};

/// What a step carries (the API's body; pages fill it from their forms).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    /// 目標を提出: the goals.
    #[serde(default)]
    pub goals: Option<Vec<Goal>>,
    /// 自己評価, 一次評価, 二次評価: every item's band.
    #[serde(default)]
    pub ratings: Option<Vec<ItemRating>>,
    /// 調整: the overall band the 調整者 sets (none: the rated one stands).
    #[serde(default)]
    pub band: Option<String>,
    /// Why (a return, a send-back, an order to re-adjust, a changed band).
    #[serde(default)]
    pub reason: Option<String>,
    /// 目標に合意: the day of the 期首面談.
    #[serde(default)]
    pub held_on: Option<NaiveDate>,
    #[serde(default)]
    pub attendees: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// An item of the sheet.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemView {
    pub code: String,
    pub title: String,
    pub weight: u32,
}

/// A sheet as its reader may see it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetView {
    pub period_id: i64,
    pub fiscal_year: i32,
    pub kind: EvaluationKind,
    pub term: jinzai_domain::evaluation::PeriodTerm,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub evaluatee: StaffNumber,
    pub state: SheetState,
    /// The chain the sheet is rated under (in force at the period's end, or
    /// today while it runs).
    pub chain: Option<Chain>,
    pub items: Vec<ItemView>,
    pub goals: Vec<Goal>,
    /// The ratings the reader may see.
    pub ratings: Vec<StoredRating>,
    /// Each stage's overall band, where the reader may see it.
    pub overall: Vec<(Stage, String)>,
    pub adjusted_band: Option<String>,
    pub adjust_reason: Option<String>,
    pub final_band: Option<String>,
    pub disclosed_on: Option<NaiveDate>,
    /// The last day a complaint may be filed (once disclosed).
    pub complaint_until: Option<NaiveDate>,
    pub complaint: Option<Complaint>,
    pub events: Vec<SheetEvent>,
    /// The talks recorded on the sheet (期首・期末面談).
    pub interviews: Vec<StoredInterview>,
    /// The steps the reader may take now.
    pub steps: Vec<SheetStep>,
    /// Whether the reader may file a complaint now (the evaluatee, within
    /// the window, none filed).
    pub may_complain: bool,
    /// Whether the reader may record the 期末面談 (the 一次評価者 or HR,
    /// once disclosed).
    pub may_record_feedback: bool,
    /// Whether the reader may record a complaint's handling (HR).
    pub may_handle_complaint: bool,
}

/// What the reader is to this sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reader {
    evaluatee: bool,
    roles: Vec<ChainRole>,
    /// In any chain of the evaluatee's year (a former evaluator too).
    in_a_chain: bool,
    hr: bool,
}

impl Reader {
    fn may(&self, step: SheetStep, chain: Option<&Chain>) -> bool {
        step.actors().iter().any(|a| match a {
            Actor::Evaluatee => self.evaluatee,
            Actor::Chain(r) => self.roles.contains(r),
            // HR confirms for the 実施権者 only when no 確認者 is named.
            Actor::Hr => {
                self.hr
                    && (step == SheetStep::Disclose || chain.is_some_and(|c| c.confirmer.is_none()))
            }
        })
    }
}

/// The period and the evaluatee's chains of its year.
async fn context(
    store: &Store,
    period_id: i64,
    evaluatee: &str,
) -> Result<(StoredPeriod, Vec<Chain>), Failure> {
    let period = store.evaluation_period(period_id).await?.ok_or_else(|| {
        Failure::NotFound(Message::new("evaluation_no_period").arg("id", period_id))
    })?;
    let chains = store
        .chains_of(FiscalYear(period.period.fiscal_year), evaluatee)
        .await?;
    Ok((period, chains))
}

/// The chain a sheet is rated under on `today`: the one in force then, or
/// at the period's end once it is over.
fn chain_on<'c>(chains: &'c [Chain], period: &StoredPeriod, today: NaiveDate) -> Option<&'c Chain> {
    let day = today
        .min(period.period.ends_on)
        .max(period.period.starts_on);
    chains
        .iter()
        .find(|c| c.holds_on(day))
        .or_else(|| chains.iter().rev().find(|c| c.from <= day))
}

fn reader(who: &Principal, evaluatee: &str, chains: &[Chain], chain: Option<&Chain>) -> Reader {
    let me = who.staff_number.as_ref().map(StaffNumber::as_str);
    Reader {
        evaluatee: me == Some(evaluatee),
        roles: match (me, chain) {
            (Some(me), Some(c)) => c.roles_of(me),
            _ => Vec::new(),
        },
        in_a_chain: me.is_some_and(|me| chains.iter().any(|c| !c.roles_of(me).is_empty())),
        hr: who.has(Role::Hr),
    }
}

fn forbidden() -> Failure {
    Failure::Forbidden(Message::new("evaluation_not_yours"))
}

/// Reads a sheet as `who` may see it, auditing the read of someone else's.
pub async fn read(
    store: &Store,
    who: &Principal,
    period_id: i64,
    evaluatee: &str,
) -> Result<SheetView, Failure> {
    let (period, chains) = context(store, period_id, evaluatee).await?;
    let today = store.clock().today();
    let chain = chain_on(&chains, &period, today);
    let r = reader(who, evaluatee, &chains, chain);
    if !(r.hr || r.evaluatee || r.in_a_chain) {
        return Err(forbidden());
    }
    if !r.evaluatee {
        store
            .audit(AuditEvent {
                actor: &who.actor(),
                action: "read",
                record_type: "evaluation_sheet",
                record_key: &format!("{period_id}/{evaluatee}"),
                detail: serde_json::json!({}),
            })
            .await?;
    }
    let sheet = store.sheet(period_id, evaluatee).await?;
    view(store, &period, evaluatee, sheet, (&r, chain), today).await
}

async fn view(
    store: &Store,
    period: &StoredPeriod,
    evaluatee: &str,
    sheet: Option<SheetRecord>,
    (r, chain): (&Reader, Option<&Chain>),
    today: NaiveDate,
) -> Result<SheetView, Failure> {
    let p = &period.period;
    let scheme = &period.scheme;
    let state = sheet.as_ref().map_or(SheetState::NotStarted, |s| s.state);
    let goals = sheet.as_ref().map(|s| s.goals.clone()).unwrap_or_default();
    // The evaluators' work shows the evaluatee only once disclosed.
    let sees_all = r.hr || r.in_a_chain || state == SheetState::Disclosed;
    let (ratings, events, complaint) = match &sheet {
        Some(s) => (
            store.sheet_ratings(s.id).await?,
            store.sheet_events(s.id).await?,
            store.sheet_complaint(s.id).await?,
        ),
        None => (Vec::new(), Vec::new(), None),
    };
    let ratings: Vec<StoredRating> = ratings
        .into_iter()
        .filter(|x| sees_all || x.stage == Stage::SelfRating)
        .collect();
    let item_list = items(p.kind, scheme, &goals);
    let mut overalls = Vec::new();
    for stage in [Stage::SelfRating, Stage::First, Stage::Second] {
        let of_stage: Vec<ItemRating> = ratings
            .iter()
            .filter(|x| x.stage == stage)
            .map(StoredRating::rating)
            .collect();
        if let Some(b) = overall(&of_stage, &item_list, scheme) {
            overalls.push((stage, b.code.clone()));
        }
    }
    let items = match p.kind {
        EvaluationKind::Ability => scheme
            .ability_items
            .iter()
            .map(|i| ItemView {
                code: i.code.clone(),
                title: i.title.clone(),
                weight: i.weight,
            })
            .collect(),
        EvaluationKind::Performance => goals
            .iter()
            .enumerate()
            .map(|(i, g)| ItemView {
                code: (i + 1).to_string(),
                title: g.title.clone(),
                weight: g.weight,
            })
            .collect(),
    };
    let disclosed_on = sheet.as_ref().and_then(|s| s.disclosed_on);
    let calendar = store.work_calendar().await?;
    let complaint_until = disclosed_on.map(|d| complaint_deadline(d, scheme, &calendar));
    let shape = chain.map(|c| Shape::of(p.kind, c));
    let steps = <SheetStep as strum::VariantArray>::VARIANTS
        .iter()
        .copied()
        .filter(|s| r.may(*s, chain) && shape.is_some_and(|sh| sh.next(state, *s).is_ok()))
        .collect();
    let interviews = match &sheet {
        Some(s) => store.sheet_interviews(s.id).await?,
        None => Vec::new(),
    };
    Ok(SheetView {
        period_id: period.id,
        fiscal_year: p.fiscal_year,
        kind: p.kind,
        term: p.term,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
        evaluatee: StaffNumber::stored(evaluatee.to_owned()),
        state,
        chain: chain.cloned(),
        items,
        goals,
        ratings,
        overall: overalls
            .into_iter()
            .filter(|(s, _)| sees_all || *s == Stage::SelfRating)
            .collect(),
        adjusted_band: sheet
            .as_ref()
            .and_then(|s| s.adjusted_band.clone())
            .filter(|_| sees_all),
        adjust_reason: sheet
            .as_ref()
            .and_then(|s| s.adjust_reason.clone())
            .filter(|_| sees_all),
        final_band: sheet
            .as_ref()
            .and_then(|s| s.final_band.clone())
            .filter(|_| sees_all),
        disclosed_on,
        complaint_until,
        may_complain: r.evaluatee
            && state == SheetState::Disclosed
            && complaint.is_none()
            && complaint_until.is_some_and(|u| today <= u),
        may_handle_complaint: r.hr && complaint.as_ref().is_some_and(|c| c.outcome.is_none()),
        may_record_feedback: state == SheetState::Disclosed
            && (r.hr || r.roles.contains(&ChainRole::First)),
        complaint,
        events: events
            .into_iter()
            .map(|e| SheetEvent {
                // Reasons of the evaluators' steps stay with them until 開示.
                reason: e.reason.filter(|_| {
                    sees_all || !matches!(e.step, SheetStep::SendBack | SheetStep::Readjust)
                }),
                ..e
            })
            .collect(),
        interviews,
        steps,
    })
}

fn reason_of(input: &StepInput) -> Option<String> {
    input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
}

/// Takes a step on a sheet as `who`: checks who may, that it may follow the
/// sheet's state, and what it carries; writes it (or nothing).
pub async fn take_step(
    store: &Store,
    who: &Principal,
    (period_id, evaluatee): (i64, &str),
    step: SheetStep,
    input: &StepInput,
) -> Result<SheetView, Failure> {
    let (period, chains) = context(store, period_id, evaluatee).await?;
    let today = store.clock().today();
    let chain = chain_on(&chains, &period, today);
    let r = reader(who, evaluatee, &chains, chain);
    if !r.may(step, chain) {
        return Err(Failure::Forbidden(
            Message::new("evaluation_not_your_step").label(
                "step",
                &jinzai_domain::evaluation::sheet::SHEET_STEPS,
                jinzai_domain::people::codes::Coded::code(step),
            ),
        ));
    }
    let Some(chain) = chain else {
        return Err(Failure::Invalid(vec![FieldError::new(
            "evaluatee",
            "no_chain",
            Message::new("evaluation_no_chain"),
        )]));
    };
    let sheet = store.sheet(period_id, evaluatee).await?;
    let from = sheet.as_ref().map_or(SheetState::NotStarted, |s| s.state);
    let shape = Shape::of(period.period.kind, chain);
    let to = shape
        .next(from, step)
        .map_err(|m| Failure::Invalid(vec![FieldError::new("step", "not_now", m)]))?;
    let reason = reason_of(input);
    let mut errors = Vec::new();
    if step.needs_reason() && reason.is_none() {
        errors.push(FieldError::new(
            "reason",
            "required",
            Message::new("evaluation_reason_required"),
        ));
    }
    let scheme = &period.scheme;
    let goals_now = sheet.as_ref().map(|s| s.goals.clone()).unwrap_or_default();
    let goals = if step == SheetStep::SubmitGoals {
        let g = input.goals.clone().unwrap_or_default();
        errors.extend(check_goals(&g));
        Some(g)
    } else {
        None
    };
    let me = who.staff_number.clone();
    let ratings = match step.rates() {
        Some(stage) => {
            let list = input.ratings.clone().unwrap_or_default();
            errors.extend(check_ratings(
                &list,
                &items(period.period.kind, scheme, &goals_now),
                scheme,
            ));
            Some((stage, list))
        }
        None => None,
    };
    let adjusted_band = input
        .band
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(str::to_owned);
    if step == SheetStep::Adjust {
        if let Some(b) = &adjusted_band
            && scheme.band(b).is_none()
        {
            let bands: Vec<&str> = scheme.bands.iter().map(|b| b.code.as_str()).collect();
            errors.push(FieldError::new(
                "band",
                "outside_scale",
                Message::new("evaluation_band_unknown")
                    .arg("band", b)
                    .arg("bands", bands.join("・")),
            ));
        }
        if adjusted_band.is_some() && reason.is_none() {
            errors.push(FieldError::new(
                "reason",
                "required",
                Message::new("evaluation_reason_required"),
            ));
        }
    }
    let interview = if step == SheetStep::AgreeGoals {
        match input.held_on {
            Some(held_on) if held_on <= today => me.clone().map(|interviewer| Interview {
                staff_number: StaffNumber::stored(evaluatee.to_owned()),
                kind: InterviewKind::GoalSetting,
                held_on,
                interviewer,
                attendees: input.attendees.clone().filter(|a| !a.trim().is_empty()),
                note: input.note.clone().filter(|n| !n.trim().is_empty()),
            }),
            _ => {
                errors.push(FieldError::new(
                    "held_on",
                    "required",
                    Message::new("evaluation_talk_day"),
                ));
                None
            }
        }
    } else {
        None
    };
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    // 確認 fixes the band: the 調整者's, else the last stage's overall one.
    let final_band = if step == SheetStep::Confirm {
        let Some(s) = &sheet else {
            return Err(Failure::Invalid(Vec::new()));
        };
        let stored = store.sheet_ratings(s.id).await?;
        let item_list = items(period.period.kind, scheme, &s.goals);
        let of = |stage| -> Vec<ItemRating> {
            stored
                .iter()
                .filter(|x| x.stage == stage)
                .map(StoredRating::rating)
                .collect()
        };
        let rated = if shape.second {
            Stage::Second
        } else {
            Stage::First
        };
        s.adjusted_band
            .clone()
            .or_else(|| overall(&of(rated), &item_list, scheme).map(|b| b.code.clone()))
    } else {
        None
    };
    let rater = me
        .clone()
        .unwrap_or_else(|| StaffNumber::stored(String::new()));
    let evaluatee_number = StaffNumber::stored(evaluatee.to_owned());
    let actor = who.actor();
    let written = store
        .write_sheet_step(SheetWrite {
            period: &period,
            evaluatee: &evaluatee_number,
            step,
            from,
            to,
            goals: goals.as_deref(),
            ratings: ratings.as_ref().map(|(s, l)| (*s, l.as_slice(), &rater)),
            adjusted: (step == SheetStep::Adjust)
                .then_some((adjusted_band.as_deref(), reason.as_deref())),
            final_band: final_band.as_deref(),
            disclosed_on: (step == SheetStep::Disclose).then_some(today),
            interview: interview.as_ref(),
            reason: reason.as_deref(),
            actor: &actor,
        })
        .await?;
    view(
        store,
        &period,
        evaluatee,
        Some(written),
        (&r, Some(chain)),
        today,
    )
    .await
}

/// Files the evaluatee's complaint: after 開示, within the window, once.
pub async fn complain(
    store: &Store,
    who: &Principal,
    (period_id, evaluatee): (i64, &str),
    body: &str,
) -> Result<(), Failure> {
    let (period, _) = context(store, period_id, evaluatee).await?;
    if who.staff_number.as_deref() != Some(evaluatee) {
        return Err(forbidden());
    }
    let today = store.clock().today();
    let sheet = store
        .sheet(period_id, evaluatee)
        .await?
        .filter(|s| s.state == SheetState::Disclosed);
    let Some(sheet) = sheet else {
        return Err(Failure::Invalid(vec![FieldError::new(
            "body",
            "not_disclosed",
            Message::new("evaluation_complaint_before_disclosure"),
        )]));
    };
    let calendar = store.work_calendar().await?;
    let until = sheet
        .disclosed_on
        .map(|d| complaint_deadline(d, &period.scheme, &calendar));
    if until.is_none_or(|u| today > u) {
        return Err(Failure::Invalid(vec![FieldError::new(
            "body",
            "window_closed",
            Message::new("evaluation_complaint_late")
                .arg("until", until.map(|u| u.to_string()).unwrap_or_default()),
        )]));
    }
    if body.trim().is_empty() {
        return Err(Failure::Invalid(vec![FieldError::new(
            "body",
            "required",
            Message::new("evaluation_complaint_body"),
        )]));
    }
    store
        .file_complaint(&sheet, today, body.trim(), &who.actor())
        .await?;
    Ok(())
}

/// Records how HR handled a complaint; an upheld one may set a new band.
pub async fn handle_complaint(
    store: &Store,
    who: &Principal,
    (period_id, evaluatee): (i64, &str),
    (outcome, response, band): (ComplaintOutcome, &str, Option<&str>),
) -> Result<(), Failure> {
    if !who.has(Role::Hr) {
        return Err(forbidden());
    }
    let (period, _) = context(store, period_id, evaluatee).await?;
    let sheet = store
        .sheet(period_id, evaluatee)
        .await?
        .ok_or_else(|| Failure::NotFound(Message::new("evaluation_no_sheet")))?;
    let band = band.map(str::trim).filter(|b| !b.is_empty());
    let mut errors = Vec::new();
    if let Some(b) = band {
        if period.scheme.band(b).is_none() {
            errors.push(FieldError::new(
                "band",
                "outside_scale",
                Message::new("evaluation_band_unknown").arg("band", b).arg(
                    "bands",
                    period
                        .scheme
                        .bands
                        .iter()
                        .map(|x| x.code.as_str())
                        .collect::<Vec<_>>()
                        .join("・"),
                ),
            ));
        } else if !matches!(
            outcome,
            ComplaintOutcome::Upheld | ComplaintOutcome::PartlyUpheld
        ) {
            errors.push(FieldError::new(
                "band",
                "not_upheld",
                Message::new("evaluation_band_needs_upheld"),
            ));
        }
    }
    if response.trim().is_empty() {
        errors.push(FieldError::new(
            "response",
            "required",
            Message::new("evaluation_complaint_response"),
        ));
    }
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    store
        .handle_complaint(
            &sheet,
            (outcome, response.trim(), band),
            (&who.actor(), store.clock().today()),
        )
        .await?;
    Ok(())
}

/// Records the 期末面談 that explained a disclosed sheet (the 一次評価者,
/// or HR on their behalf).
pub async fn record_feedback(
    store: &Store,
    who: &Principal,
    (period_id, evaluatee): (i64, &str),
    (held_on, attendees, note): (Option<NaiveDate>, &str, &str),
) -> Result<(), Failure> {
    let v = read(store, who, period_id, evaluatee).await?;
    if !v.may_record_feedback {
        return Err(forbidden());
    }
    let today = store.clock().today();
    let Some(held_on) = held_on.filter(|d| *d <= today && v.disclosed_on.is_none_or(|o| *d >= o))
    else {
        return Err(Failure::Invalid(vec![FieldError::new(
            "held_on",
            "required",
            Message::new("evaluation_talk_day"),
        )]));
    };
    let interviewer = match (&who.staff_number, &v.chain) {
        (Some(me), Some(c)) if c.first == *me => me.clone(),
        (_, Some(c)) => c.first.clone(),
        (_, None) => return Err(forbidden()),
    };
    let talk = Interview {
        staff_number: v.evaluatee.clone(),
        kind: InterviewKind::Feedback,
        held_on,
        interviewer,
        attendees: Some(attendees.trim().to_owned()).filter(|a| !a.is_empty()),
        note: Some(note.trim().to_owned()).filter(|n| !n.is_empty()),
    };
    let Some(sheet) = store.sheet(period_id, evaluatee).await? else {
        return Err(forbidden());
    };
    store.record_sheet_talk(&sheet, &talk, &who.actor()).await?;
    Ok(())
}
