//! Return to work (職場復帰支援) in the five steps of the national guidance
//! (心の健康問題により休業した労働者の職場復帰支援の手引き):
//!
//! 1. leave begins (病気休業開始及び休業中のケア): the case is opened;
//! 2. the attending physician judges the person ready (主治医による職場復帰
//!    可能の判断);
//! 3. the assessment and the return plan (職場復帰の可否の判断及び職場復帰
//!    支援プランの作成), with its 試し出勤 stages and the planned day;
//! 4. the final decision (最終的な職場復帰の決定): the day of return, the
//!    work limits (就業上の配慮) and what of them the 所属長 is told;
//! 5. follow-up after return (職場復帰後のフォローアップ), by default at 1, 3
//!    and 6 months.
//!
//! Steps are recorded in order; the latest one can be recorded again (a
//! correction) until the next is. A case ends when its last follow-up is
//! held (completed) or when the health staff close it (退職, leave
//! extended …). Everything a case says is sealed; its dates are kept plain
//! too, for counts and for the 所属長's view.

use super::{check_not_future, check_text};
use crate::i18n::Message;
use crate::people::StaffNumber;
use crate::people::codes::{CodeList, Coded};
use crate::progress::FieldError;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The follow-ups after return, in months, unless the decision says
/// otherwise.
pub const DEFAULT_FOLLOW_UPS: [u32; 3] = [1, 3, 6];

/// The most follow-ups one case schedules, and the longest wait in months.
pub const MAX_FOLLOW_UPS: usize = 12;
pub const MAX_FOLLOW_UP_MONTHS: u32 = 36;

/// The most 試し出勤 stages of one plan.
pub const MAX_STAGES: usize = 10;

/// The five steps.
pub const RETURN_STEPS: CodeList = CodeList {
    name: "return-to-work step",
    items: &[
        ("leave", "第1ステップ 休業開始", "Step 1: leave begins"),
        (
            "judgement",
            "第2ステップ 主治医による職場復帰可能の判断",
            "Step 2: the physician judges the person ready",
        ),
        (
            "plan",
            "第3ステップ 職場復帰支援プランの作成",
            "Step 3: assessment and return plan",
        ),
        (
            "decision",
            "第4ステップ 最終的な職場復帰の決定",
            "Step 4: final decision to return",
        ),
        (
            "follow_up",
            "第5ステップ 職場復帰後のフォローアップ",
            "Step 5: follow-up after return",
        ),
    ],
};

/// A step of a case (labels: [`RETURN_STEPS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReturnStep))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Step {
    Leave,
    Judgement,
    Plan,
    Decision,
    FollowUp,
}

impl Coded for Step {
    const LIST: CodeList = RETURN_STEPS;
}

impl Step {
    /// 1 to 5.
    pub fn number(self) -> u8 {
        match self {
            Step::Leave => 1,
            Step::Judgement => 2,
            Step::Plan => 3,
            Step::Decision => 4,
            Step::FollowUp => 5,
        }
    }
}

/// A 試し出勤 stage of the plan (e.g. 通勤訓練, 半日勤務).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = TrialStage))]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// What the stage is (sealed).
    #[serde(default)]
    pub what: String,
}

/// A dated step with the health staff's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReturnNote))]
pub struct Noted {
    pub on: NaiveDate,
    #[serde(default)]
    pub note: String,
}

/// Step 3: the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReturnPlan))]
pub struct Plan {
    pub on: NaiveDate,
    pub planned_return_on: NaiveDate,
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub note: String,
}

/// Step 4: the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReturnDecision))]
pub struct Decision {
    pub on: NaiveDate,
    pub returned_on: NaiveDate,
    /// The work limits (就業上の配慮) in full: the health staff's.
    #[serde(default)]
    pub limits: String,
    /// What of them the 所属長 is told.
    #[serde(default)]
    pub shared_limits: String,
    /// Months after the return day at which follow-ups are held.
    pub follow_up_months: Vec<u32>,
    #[serde(default)]
    pub note: String,
}

/// A case as kept (sealed whole; its dates also plain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReturnCase))]
pub struct Case {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub staff_number: StaffNumber,
    /// Step 1: the first day of leave and the day it is expected to end.
    pub leave_from: NaiveDate,
    #[serde(default)]
    pub leave_until: Option<NaiveDate>,
    #[serde(default)]
    pub leave_note: String,
    #[serde(default)]
    pub judgement: Option<Noted>,
    #[serde(default)]
    pub plan: Option<Plan>,
    #[serde(default)]
    pub decision: Option<Decision>,
    #[serde(default)]
    pub follow_ups: Vec<Noted>,
    /// Closed before completion, and why.
    #[serde(default)]
    pub closed: Option<Noted>,
}

/// What the health staff record: the case opened (`leave`), a step, or the
/// case closed. Which fields a step needs: see [`Entry::check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReturnEntry))]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// `leave`, `judgement`, `plan`, `decision`, `follow_up`, or `close`.
    pub step: String,
    /// The day of the step (leave: its first day).
    pub on: Option<NaiveDate>,
    /// leave: the day it is expected to end.
    #[serde(default)]
    pub leave_until: Option<NaiveDate>,
    /// plan.
    #[serde(default)]
    pub planned_return_on: Option<NaiveDate>,
    #[serde(default)]
    pub stages: Vec<Stage>,
    /// decision.
    #[serde(default)]
    pub returned_on: Option<NaiveDate>,
    #[serde(default)]
    pub limits: String,
    #[serde(default)]
    pub shared_limits: String,
    /// decision: months after return (none: 1, 3, 6).
    #[serde(default)]
    pub follow_up_months: Option<Vec<u32>>,
    #[serde(default)]
    pub note: String,
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReturnState))]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// The next step is to be recorded.
    Open,
    /// Its last follow-up was held.
    Completed,
    /// Closed before completion.
    Closed,
}

fn refuse(field: impl Into<Cow<'static, str>>, code: &'static str, m: Message) -> FieldError {
    FieldError::new(field, code, m)
}

fn required(out: &mut Vec<FieldError>, field: &'static str, missing: bool) {
    if missing {
        out.push(refuse(
            field,
            "required",
            Message::new("health_field_missing"),
        ));
    }
}

/// `later` is refused at `field` when it is before `earlier`.
fn not_before(
    out: &mut Vec<FieldError>,
    field: impl Into<Cow<'static, str>>,
    (later, earlier): (NaiveDate, NaiveDate),
    code: &'static str,
) {
    if later < earlier {
        out.push(refuse(
            field,
            code,
            Message::new(match code {
                "before_return" => "return_follow_up_before_return",
                _ => "return_day_too_early",
            })
            .arg("day", later.to_string())
            .arg("earlier", earlier.to_string()),
        ));
    }
}

impl Case {
    /// The step recorded last.
    pub fn latest(&self) -> Step {
        if !self.follow_ups.is_empty() {
            Step::FollowUp
        } else if self.decision.is_some() {
            Step::Decision
        } else if self.plan.is_some() {
            Step::Plan
        } else if self.judgement.is_some() {
            Step::Judgement
        } else {
            Step::Leave
        }
    }

    /// The day of the step recorded last.
    fn latest_day(&self) -> NaiveDate {
        self.follow_ups
            .last()
            .map(|f| f.on)
            .or(self.decision.as_ref().map(|d| d.on))
            .or(self.plan.as_ref().map(|p| p.on))
            .or(self.judgement.as_ref().map(|j| j.on))
            .unwrap_or(self.leave_from)
    }

    pub fn state(&self) -> State {
        if self.completed_on().is_some() {
            State::Completed
        } else if self.closed.is_some() {
            State::Closed
        } else {
            State::Open
        }
    }

    /// The day its last follow-up was held (or its return, when none was
    /// scheduled): the programme completed.
    pub fn completed_on(&self) -> Option<NaiveDate> {
        let d = self.decision.as_ref()?;
        if self.follow_ups.len() < d.follow_up_months.len() {
            return None;
        }
        Some(self.follow_ups.last().map_or(d.returned_on, |f| f.on))
    }

    /// The step to record next (none: completed or closed).
    pub fn next(&self) -> Option<Step> {
        if self.state() != State::Open {
            return None;
        }
        Some(match self.latest() {
            Step::Leave => Step::Judgement,
            Step::Judgement => Step::Plan,
            Step::Plan => Step::Decision,
            Step::Decision | Step::FollowUp => Step::FollowUp,
        })
    }

    /// The days follow-ups are due, from the return day.
    pub fn follow_up_days(&self) -> Vec<NaiveDate> {
        let Some(d) = &self.decision else {
            return Vec::new();
        };
        d.follow_up_months
            .iter()
            .filter_map(|m| d.returned_on.checked_add_months(Months::new(*m)))
            .collect()
    }

    /// The next step and the day it is due, when the case says one: the
    /// judgement when the leave is expected to end, the decision on the
    /// planned return day, each follow-up on its day. A plan has no day
    /// of its own (it follows the judgement as soon as it can).
    pub fn due(&self) -> Option<(Step, Option<NaiveDate>)> {
        let next = self.next()?;
        let day = match next {
            Step::Leave => None,
            Step::Judgement => self.leave_until,
            Step::Plan => None,
            Step::Decision => self.plan.as_ref().map(|p| p.planned_return_on),
            Step::FollowUp => self.follow_up_days().get(self.follow_ups.len()).copied(),
        };
        Some((next, day))
    }

    /// A new case from its first entry (`step` = `leave`).
    pub fn open(
        staff_number: StaffNumber,
        e: &Entry,
        today: NaiveDate,
    ) -> Result<Case, Vec<FieldError>> {
        if e.step != "leave" {
            return Err(vec![refuse(
                "step",
                "out_of_order",
                Message::new("return_step_out_of_order").arg("needed", 1),
            )]);
        }
        let mut out = e.check_texts();
        required(&mut out, "on", e.on.is_none());
        let Some(from) = e.on else {
            return Err(out);
        };
        check_not_future(&mut out, "on", from, today);
        if let Some(until) = e.leave_until {
            not_before(&mut out, "leave_until", (until, from), "too_early");
        }
        if !out.is_empty() {
            return Err(out);
        }
        Ok(Case {
            staff_number,
            leave_from: from,
            leave_until: e.leave_until,
            leave_note: e.note.trim().to_owned(),
            judgement: None,
            plan: None,
            decision: None,
            follow_ups: Vec::new(),
            closed: None,
        })
    }

    /// Records `e`: the next step, the latest again (not a follow-up), or
    /// the case closed. Refused at its fields, the case unchanged, when out
    /// of order, dated before the step it follows (a follow-up before the
    /// return day), or a day recorded as held has not come.
    pub fn apply(&mut self, e: &Entry, today: NaiveDate) -> Result<Step, Vec<FieldError>> {
        let state = self.state();
        if state != State::Open {
            return Err(vec![refuse(
                "step",
                "ended",
                Message::new(if state == State::Completed {
                    "return_case_completed"
                } else {
                    "return_case_closed"
                }),
            )]);
        }
        let mut out = e.check_texts();
        required(&mut out, "on", e.on.is_none());
        let on = e.on.unwrap_or(today);
        if e.on.is_some() {
            check_not_future(&mut out, "on", on, today);
        }
        if e.step == "close" {
            not_before(&mut out, "on", (on, self.latest_day()), "too_early");
            required(&mut out, "note", e.note.trim().is_empty());
            if !out.is_empty() {
                return Err(out);
            }
            self.closed = Some(Noted {
                on,
                note: e.note.trim().to_owned(),
            });
            return Ok(self.latest());
        }
        let Some(step) = Step::from_code(&e.step) else {
            return Err(vec![refuse(
                "step",
                "unknown",
                Message::new("health_value_unknown").arg("value", &e.step),
            )]);
        };
        let next = self.next().unwrap_or(Step::FollowUp);
        let again = step == self.latest() && step != Step::FollowUp;
        if step != next && !again {
            let m = if step > next {
                Message::new("return_step_out_of_order").arg("needed", next.number())
            } else {
                Message::new("return_step_recorded").arg("step", step.number())
            };
            return Err(vec![refuse("step", "out_of_order", m)]);
        }
        let note = e.note.trim().to_owned();
        // The day the step follows: the previous step's.
        let mut before = self.clone();
        if again {
            before.forget(step);
        }
        let prior = before.latest_day();
        match step {
            Step::Leave => {
                if let Some(until) = e.leave_until {
                    not_before(&mut out, "leave_until", (until, on), "too_early");
                }
                if out.is_empty() {
                    self.leave_from = on;
                    self.leave_until = e.leave_until;
                    self.leave_note = note;
                }
            }
            Step::Judgement => {
                not_before(&mut out, "on", (on, prior), "too_early");
                if out.is_empty() {
                    self.judgement = Some(Noted { on, note });
                }
            }
            Step::Plan => {
                not_before(&mut out, "on", (on, prior), "too_early");
                required(&mut out, "planned_return_on", e.planned_return_on.is_none());
                let planned = e.planned_return_on.unwrap_or(on);
                not_before(&mut out, "planned_return_on", (planned, on), "too_early");
                if e.stages.len() > MAX_STAGES {
                    out.push(refuse(
                        "stages",
                        "too_many",
                        Message::new("return_too_many_stages").arg("limit", MAX_STAGES),
                    ));
                }
                let mut last_end = on;
                for (i, s) in e.stages.iter().enumerate() {
                    not_before(
                        &mut out,
                        format!("stages[{i}].from"),
                        (s.from, last_end),
                        "too_early",
                    );
                    not_before(
                        &mut out,
                        format!("stages[{i}].to"),
                        (s.to, s.from),
                        "too_early",
                    );
                    not_before(
                        &mut out,
                        format!("stages[{i}].to"),
                        (planned, s.to),
                        "too_early",
                    );
                    last_end = s.to;
                    check_text(&mut out, "stages", &s.what);
                }
                if out.is_empty() {
                    self.plan = Some(Plan {
                        on,
                        planned_return_on: planned,
                        stages: e.stages.clone(),
                        note,
                    });
                }
            }
            Step::Decision => {
                not_before(&mut out, "on", (on, prior), "too_early");
                required(&mut out, "returned_on", e.returned_on.is_none());
                let returned = e.returned_on.unwrap_or(on);
                not_before(&mut out, "returned_on", (returned, on), "too_early");
                let months = e
                    .follow_up_months
                    .clone()
                    .unwrap_or_else(|| DEFAULT_FOLLOW_UPS.to_vec());
                let increasing = months.windows(2).all(|w| w[0] < w[1]);
                if months.is_empty()
                    || months.len() > MAX_FOLLOW_UPS
                    || !increasing
                    || months.iter().any(|m| *m == 0 || *m > MAX_FOLLOW_UP_MONTHS)
                {
                    out.push(refuse(
                        "follow_up_months",
                        "invalid",
                        Message::new("return_follow_up_months_invalid")
                            .arg("limit", MAX_FOLLOW_UP_MONTHS)
                            .arg("count", MAX_FOLLOW_UPS),
                    ));
                }
                if out.is_empty() {
                    self.decision = Some(Decision {
                        on,
                        returned_on: returned,
                        limits: e.limits.trim().to_owned(),
                        shared_limits: e.shared_limits.trim().to_owned(),
                        follow_up_months: months,
                        note,
                    });
                }
            }
            Step::FollowUp => {
                let returned = self.decision.as_ref().map_or(on, |d| d.returned_on);
                not_before(&mut out, "on", (on, returned), "before_return");
                if let Some(last) = self.follow_ups.last() {
                    not_before(&mut out, "on", (on, last.on), "too_early");
                }
                if out.is_empty() {
                    self.follow_ups.push(Noted { on, note });
                }
            }
        }
        if out.is_empty() { Ok(step) } else { Err(out) }
    }

    /// Problems of a whole case (an import): its steps recorded one by one
    /// as the health staff would, each checked as [`Case::apply`] does.
    pub fn check(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut e = Entry {
            step: "leave".into(),
            on: Some(self.leave_from),
            leave_until: self.leave_until,
            note: self.leave_note.clone(),
            ..Entry::default()
        };
        let mut case = match Case::open(self.staff_number.clone(), &e, today) {
            Ok(c) => c,
            Err(errors) => {
                return errors
                    .into_iter()
                    .map(|x| FieldError::new(format!("leave.{}", x.field), x.code, x.message))
                    .collect();
            }
        };
        let noted = |step: &str, n: &Noted| Entry {
            step: step.into(),
            on: Some(n.on),
            note: n.note.clone(),
            ..Entry::default()
        };
        let mut entries = Vec::new();
        if let Some(j) = &self.judgement {
            entries.push(noted("judgement", j));
        }
        if let Some(p) = &self.plan {
            e = noted(
                "plan",
                &Noted {
                    on: p.on,
                    note: p.note.clone(),
                },
            );
            e.planned_return_on = Some(p.planned_return_on);
            e.stages = p.stages.clone();
            entries.push(e.clone());
        }
        if let Some(d) = &self.decision {
            e = noted(
                "decision",
                &Noted {
                    on: d.on,
                    note: d.note.clone(),
                },
            );
            e.returned_on = Some(d.returned_on);
            e.limits = d.limits.clone();
            e.shared_limits = d.shared_limits.clone();
            e.follow_up_months = Some(d.follow_up_months.clone());
            entries.push(e.clone());
        }
        entries.extend(self.follow_ups.iter().map(|f| noted("follow_up", f)));
        if let Some(x) = &self.closed {
            entries.push(noted("close", x));
        }
        for e in &entries {
            if let Err(errors) = case.apply(e, today) {
                return errors
                    .into_iter()
                    .map(|x| FieldError::new(format!("{}.{}", e.step, x.field), x.code, x.message))
                    .collect();
            }
        }
        Vec::new()
    }

    /// This case without `step` (recorded again: its old entry is not what
    /// the new one follows).
    fn forget(&mut self, step: Step) {
        match step {
            Step::Leave => {}
            Step::Judgement => self.judgement = None,
            Step::Plan => self.plan = None,
            Step::Decision => self.decision = None,
            Step::FollowUp => {
                self.follow_ups.pop();
            }
        }
    }

    /// What the 所属長 is told: dates and the shared work limits only.
    pub fn shared(&self) -> Shared {
        Shared {
            staff_number: self.staff_number.to_string(),
            open: self.state() == State::Open,
            leave_from: self.leave_from,
            leave_until: self.leave_until,
            planned_return_on: self.plan.as_ref().map(|p| p.planned_return_on),
            stages: self
                .plan
                .as_ref()
                .map(|p| p.stages.iter().map(|s| (s.from, s.to)).collect())
                .unwrap_or_default(),
            returned_on: self.decision.as_ref().map(|d| d.returned_on),
            shared_limits: self
                .decision
                .as_ref()
                .map(|d| d.shared_limits.clone())
                .unwrap_or_default(),
            follow_up_days: self.follow_up_days(),
            follow_ups_held: self.follow_ups.len(),
        }
    }
}

impl Entry {
    fn check_texts(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        for (field, text) in [
            ("note", &self.note),
            ("limits", &self.limits),
            ("shared_limits", &self.shared_limits),
        ] {
            check_text(&mut out, field, text);
        }
        out
    }
}

/// A case as its 所属長 sees it: no note, no reason, no full limits, not
/// which step is next or whether it ended with a return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReturnShared))]
pub struct Shared {
    pub staff_number: String,
    /// Under way (false: ended — how, and at which step, is not said).
    pub open: bool,
    pub leave_from: NaiveDate,
    pub leave_until: Option<NaiveDate>,
    pub planned_return_on: Option<NaiveDate>,
    /// The 試し出勤 stages' first and last days.
    pub stages: Vec<(NaiveDate, NaiveDate)>,
    pub returned_on: Option<NaiveDate>,
    /// The work limits the health staff chose to share.
    pub shared_limits: String,
    pub follow_up_days: Vec<NaiveDate>,
    pub follow_ups_held: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::codes::assert_list_matches;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    fn entry(step: &str, on: &str) -> Entry {
        Entry {
            step: step.into(),
            on: Some(day(on)),
            ..Entry::default()
        }
    }

    fn opened() -> Case {
        Case::open(
            "00001".into(),
            &entry("leave", "2025-04-01"),
            day("2026-01-01"),
        )
        .unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn the_list_matches_the_steps() {
        assert_list_matches::<Step>();
    }

    #[test]
    fn five_steps_in_order_complete_a_case() {
        let today = day("2026-01-31");
        let mut c = opened();
        assert_eq!(c.next(), Some(Step::Judgement));
        c.apply(&entry("judgement", "2025-07-01"), today)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let plan = Entry {
            planned_return_on: Some(day("2025-08-01")),
            stages: vec![Stage {
                from: day("2025-07-14"),
                to: day("2025-07-25"),
                what: "通勤訓練".into(),
            }],
            ..entry("plan", "2025-07-07")
        };
        c.apply(&plan, today).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(c.due(), Some((Step::Decision, Some(day("2025-08-01")))));
        let decision = Entry {
            returned_on: Some(day("2025-08-01")),
            shared_limits: "時間外勤務なし".into(),
            limits: "服薬中".into(),
            ..entry("decision", "2025-07-28")
        };
        c.apply(&decision, today)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            c.follow_up_days(),
            vec![day("2025-09-01"), day("2025-11-01"), day("2026-02-01")]
        );
        for on in ["2025-09-02", "2025-11-04"] {
            c.apply(&entry("follow_up", on), today)
                .unwrap_or_else(|e| panic!("{e:?}"));
        }
        assert_eq!(c.state(), State::Open);
        assert_eq!(c.due(), Some((Step::FollowUp, Some(day("2026-02-01")))));
        c.apply(&entry("follow_up", "2026-01-30"), today)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(c.state(), State::Completed);
        assert_eq!(c.completed_on(), Some(day("2026-01-30")));
        let shared = c.shared();
        assert_eq!(shared.shared_limits, "時間外勤務なし");
        assert!(!format!("{shared:?}").contains("服薬"));
        // Nothing more after completion.
        let e = c.apply(&entry("follow_up", "2026-01-31"), today);
        assert_eq!(e.map_err(|e| e[0].code), Err("ended"));
    }

    #[test]
    fn steps_out_of_order_and_early_days_are_refused() {
        let today = day("2026-01-31");
        let mut c = opened();
        let e = c
            .apply(&entry("decision", "2025-07-01"), today)
            .expect_err("skips two steps");
        assert_eq!((&*e[0].field, e[0].code), ("step", "out_of_order"));
        let e = c
            .apply(&entry("judgement", "2025-03-01"), today)
            .expect_err("before the leave");
        assert_eq!((&*e[0].field, e[0].code), ("on", "too_early"));
        let e = c
            .apply(&entry("judgement", "2026-03-01"), today)
            .expect_err("future");
        assert_eq!(e[0].code, "future");
        assert_eq!(c, opened(), "refused entries change nothing");
        c.apply(&entry("judgement", "2025-06-01"), today)
            .unwrap_or_else(|e| panic!("{e:?}"));
        // The latest step again: a correction.
        c.apply(&entry("judgement", "2025-06-02"), today)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(c.judgement.as_ref().map(|j| j.on), Some(day("2025-06-02")));
        let plan = Entry {
            planned_return_on: Some(day("2025-07-01")),
            stages: vec![Stage {
                from: day("2025-06-20"),
                to: day("2025-07-10"),
                what: String::new(),
            }],
            ..entry("plan", "2025-06-10")
        };
        let e = c.apply(&plan, today).expect_err("stage after return");
        assert_eq!(e[0].field, "stages[0].to");
        let plan = Entry {
            stages: Vec::new(),
            ..plan
        };
        c.apply(&plan, today).unwrap_or_else(|e| panic!("{e:?}"));
        let e = c
            .apply(&entry("judgement", "2025-06-03"), today)
            .expect_err("an earlier step once the next is recorded");
        assert_eq!(e[0].code, "out_of_order");
        let decision = Entry {
            returned_on: Some(day("2025-07-01")),
            ..entry("decision", "2025-06-25")
        };
        c.apply(&decision, today)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let e = c
            .apply(&entry("follow_up", "2025-06-30"), today)
            .expect_err("follow-up before the return day");
        assert_eq!((&*e[0].field, e[0].code), ("on", "before_return"));
        let bad_months = Entry {
            returned_on: Some(day("2025-07-01")),
            follow_up_months: Some(vec![3, 1]),
            ..entry("decision", "2025-06-26")
        };
        let e = c.apply(&bad_months, today).expect_err("not increasing");
        assert_eq!(e[0].field, "follow_up_months");
        let none = Entry {
            follow_up_months: Some(Vec::new()),
            ..bad_months
        };
        let e = c.apply(&none, today).expect_err("no follow-up at all");
        assert_eq!(e[0].field, "follow_up_months");
    }

    #[test]
    fn a_whole_case_is_checked_step_by_step() {
        let today = day("2026-01-31");
        let mut c = opened();
        assert!(c.check(today).is_empty());
        c.judgement = Some(Noted {
            on: day("2025-06-01"),
            note: String::new(),
        });
        c.follow_ups.push(Noted {
            on: day("2025-07-01"),
            note: String::new(),
        });
        let e = c.check(today);
        assert_eq!(
            (&*e[0].field, e[0].code),
            ("follow_up.step", "out_of_order")
        );
        c.follow_ups.clear();
        c.judgement = Some(Noted {
            on: day("2025-03-01"),
            note: String::new(),
        });
        assert_eq!(&*c.check(today)[0].field, "judgement.on");
    }

    #[test]
    fn a_case_can_be_closed_and_then_takes_nothing() {
        let today = day("2026-01-31");
        let mut c = opened();
        let e = c
            .apply(&entry("close", "2025-12-01"), today)
            .expect_err("a reason is needed");
        assert_eq!(e[0].field, "note");
        let close = Entry {
            note: "退職".into(),
            ..entry("close", "2025-12-01")
        };
        c.apply(&close, today).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((c.state(), c.next(), c.due()), (State::Closed, None, None));
        let e = c
            .apply(&entry("judgement", "2025-12-02"), today)
            .expect_err("closed");
        assert_eq!(e[0].code, "ended");
        let e = Case::open("00001".into(), &entry("judgement", "2025-01-01"), today)
            .expect_err("a case opens with its leave");
        assert_eq!(e[0].code, "out_of_order");
    }
}
