//! The yearly progress round (進行管理): who owns each measure, the round
//! HR opens for a plan's fiscal year, and where each measure's entry stands
//! in it (未着手 → 作成中 → 提出済 → 差戻し → 確認済 → 承認済).
//!
//! Pure rules: the store keeps rounds, cells and their events; the service
//! asks these functions whether a step may be taken, by whom, and what the
//! cell becomes.

use crate::i18n::Message;
use crate::people::UnitCode;
use crate::people::codes::{CodeList, Coded};
use crate::progress::{FieldError, ProgressEntry};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod remind;

/// 年度末実績報告, or a mid-year 中間報告.
pub const ROUND_KINDS: CodeList = CodeList {
    name: "round kind",
    items: &[
        ("year_end", "年度末実績報告", "Year-end report"),
        ("interim", "中間報告", "Interim report"),
    ],
};

/// Which report a round collects (labels: [`ROUND_KINDS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RoundKind {
    YearEnd,
    Interim,
}

impl Coded for RoundKind {
    const LIST: CodeList = ROUND_KINDS;
}

/// Where a measure's entry stands in a round.
pub const CELL_STATES: CodeList = CodeList {
    name: "round cell state",
    items: &[
        ("not_started", "未着手", "Not started"),
        ("drafting", "作成中", "Drafting"),
        ("submitted", "提出済", "Submitted"),
        ("returned", "差戻し", "Returned"),
        ("confirmed", "確認済", "Confirmed"),
        ("approved", "承認済", "Approved"),
        ("not_applicable", "対象外", "Not applicable"),
    ],
};

/// Where a measure's entry stands (labels: [`CELL_STATES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CellState {
    NotStarted,
    Drafting,
    Submitted,
    Returned,
    Confirmed,
    Approved,
    NotApplicable,
}

impl Coded for CellState {
    const LIST: CodeList = CELL_STATES;
}

/// The steps people take on a cell.
pub const ROUND_STEPS: CodeList = CodeList {
    name: "round step",
    items: &[
        ("save", "保存", "Saved"),
        ("submit", "提出", "Submitted"),
        ("return", "差戻し", "Returned"),
        ("confirm", "確認", "Confirmed"),
        ("approve", "承認", "Approved"),
        ("exclude", "対象外とする", "Marked not applicable"),
        ("reopen", "再開", "Reopened"),
    ],
};

/// A step taken on a cell (labels: [`ROUND_STEPS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Step {
    /// Writing the entry (a new revision).
    Save,
    /// Handing it to HR; read-only until returned.
    Submit,
    /// Back to the owner, with a reason.
    Return,
    /// HR has checked it.
    Confirm,
    /// The headquarters' approver: from now on it is what reports show.
    Approve,
    /// 対象外 this year, with a reason (a measure with nothing to report).
    Exclude,
    /// A 対象外 cell back to 未着手.
    Reopen,
}

impl Coded for Step {
    const LIST: CodeList = ROUND_STEPS;
}

/// In which capacity someone acts on a cell. A person may hold several
/// (a 所属長 of the owner division who is also HR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    /// The accountable division's head, or an account named on the measure.
    Owner,
    /// The head of a contributing division: writes, does not submit.
    Contributor,
    /// HR (the plan's secretariat): writes on the owner's behalf, reviews.
    Reviewer,
    /// The reform headquarters' approver.
    Approver,
}

impl Step {
    /// Whether someone acting in `capacities` may take this step.
    pub fn allowed(self, capacities: &[Capacity]) -> bool {
        use Capacity::*;
        let needs: &[Capacity] = match self {
            Step::Save => &[Owner, Contributor, Reviewer],
            Step::Submit => &[Owner, Reviewer],
            Step::Return => &[Reviewer, Approver],
            Step::Confirm | Step::Exclude | Step::Reopen => &[Reviewer],
            Step::Approve => &[Approver],
        };
        capacities.iter().any(|c| needs.contains(c))
    }

    /// Steps whose reason is required (and kept in the history and the
    /// audit log).
    pub fn needs_reason(self) -> bool {
        matches!(self, Step::Return | Step::Exclude)
    }

    /// Steps the author of the entry may not take on it (four eyes).
    pub fn refused_to_author(self) -> bool {
        matches!(self, Step::Confirm | Step::Approve)
    }
}

impl CellState {
    /// The state after `step`, or `None` when the step does not apply.
    pub fn after(self, step: Step) -> Option<CellState> {
        use CellState::*;
        match (step, self) {
            (Step::Save, NotStarted | Drafting) => Some(Drafting),
            // A returned entry stays returned until it is submitted again.
            (Step::Save, Returned) => Some(Returned),
            (Step::Submit, NotStarted | Drafting | Returned) => Some(Submitted),
            (Step::Return, Submitted | Confirmed | Approved) => Some(Returned),
            (Step::Confirm, Submitted) => Some(Confirmed),
            (Step::Approve, Confirmed) => Some(Approved),
            (Step::Exclude, NotStarted | Drafting | Submitted | Returned | Confirmed) => {
                Some(NotApplicable)
            }
            (Step::Reopen, NotApplicable) => Some(NotStarted),
            _ => None,
        }
    }

    /// Whether the owner may write the entry now.
    pub fn editable(self) -> bool {
        matches!(
            self,
            CellState::NotStarted | CellState::Drafting | CellState::Returned
        )
    }

    /// Whether the cell needs nothing more before the year is locked.
    pub fn settled(self) -> bool {
        matches!(self, CellState::Approved | CellState::NotApplicable)
    }

    /// Whether the owner still has to act (written or not, not submitted).
    pub fn with_owner(self) -> bool {
        self.editable()
    }

    /// Whether HR has to act.
    pub fn with_reviewer(self) -> bool {
        self == CellState::Submitted
    }

    /// Whether the approver has to act.
    pub fn with_approver(self) -> bool {
        self == CellState::Confirmed
    }
}

/// Why a step was refused: one message, naming the field it concerns.
pub fn refusal(field: &'static str, code: &'static str, key: &'static str) -> FieldError {
    FieldError::new(field, code, Message::new(key))
}

/// Checks a step before it is taken: the state allows it, the person may
/// take it, a reason is given where one is needed, the author does not
/// confirm or approve their own entry. Returns the new state.
pub fn check_step(
    state: CellState,
    step: Step,
    capacities: &[Capacity],
    reason: &str,
    actor_wrote_it: bool,
) -> Result<CellState, FieldError> {
    if !step.allowed(capacities) {
        return Err(refusal("step", "not_yours", "round_step_not_yours"));
    }
    let Some(next) = state.after(step) else {
        return Err(FieldError::new(
            "step",
            "wrong_state",
            Message::new("round_step_wrong_state")
                .label("state", &CELL_STATES, state.code())
                .label("step", &ROUND_STEPS, step.code()),
        ));
    };
    if step.needs_reason() && reason.trim().is_empty() {
        return Err(refusal("reason", "required", "round_reason_required"));
    }
    if step.refused_to_author() && actor_wrote_it {
        return Err(refusal("step", "own_entry", "round_own_entry"));
    }
    Ok(next)
}

/// What a submitted entry must hold: a status, an actual where the measure
/// has a target that year (typed, or computed from records), 実績・成果,
/// and 今後の方向性 when the plan lists directions. Each missing field is
/// named.
pub fn missing_for_submit(
    plan: &crate::plan::Plan,
    node: &crate::plan::Node,
    year: crate::FiscalYear,
    entry: Option<&ProgressEntry>,
) -> Vec<FieldError> {
    let missing = |field: &'static str| {
        let key = match field {
            "status" => "round_missing_status",
            "actual_value" => "round_missing_actual",
            "achievements" => "round_missing_achievements",
            _ => "round_missing_direction",
        };
        FieldError::new(field, "required_for_submit", Message::new(key))
    };
    let Some(e) = entry else {
        return vec![FieldError::new(
            "status",
            "required_for_submit",
            Message::new("round_nothing_written"),
        )];
    };
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    let mut out = Vec::new();
    if e.status.trim().is_empty() {
        out.push(missing("status"));
    }
    if node.target(year).is_some() && e.actual_value.is_none() && blank(&e.actual_text) {
        out.push(missing("actual_value"));
    }
    if blank(&e.achievements) {
        out.push(missing("achievements"));
    }
    if !plan.directions.is_empty() && blank(&e.direction) {
        out.push(missing("direction"));
    }
    out
}

/// A round's dates: it opens, entries are due, HR's review ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundDates {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub opens_on: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub review_by: NaiveDate,
}

impl RoundDates {
    /// The due date is not before the opening, the review deadline not
    /// before the due date.
    pub fn check(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if self.due_on < self.opens_on {
            out.push(refusal(
                "due_on",
                "before_opening",
                "round_due_before_opening",
            ));
        }
        if self.review_by < self.due_on {
            out.push(refusal(
                "review_by",
                "before_due",
                "round_review_before_due",
            ));
        }
        out
    }
}

/// Who owns a measure: exactly one accountable division (担当課), any
/// contributing divisions, and accounts named on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Owners {
    pub accountable: UnitCode,
    #[serde(default)]
    pub contributors: Vec<UnitCode>,
    /// Logins of accounts that write and submit the measure's entry.
    #[serde(default)]
    pub accounts: Vec<String>,
}

impl Owners {
    /// Drops repeats and a contributor that is the accountable division;
    /// keeps the order given.
    pub fn normalised(mut self) -> Owners {
        let mut seen = Vec::new();
        self.contributors.retain(|u| {
            *u != self.accountable && !seen.contains(u) && {
                seen.push(u.clone());
                true
            }
        });
        let mut logins = Vec::new();
        for a in self.accounts {
            let a = a.trim().to_owned();
            if !a.is_empty() && !logins.contains(&a) {
                logins.push(a);
            }
        }
        self.accounts = logins;
        self
    }
}

/// The capacities `who` holds on a measure with `owners` (`None`: nobody
/// assigned yet, so only HR and the approver act).
pub fn capacities(who: &crate::access::Principal, owners: Option<&Owners>) -> Vec<Capacity> {
    use crate::access::Role;
    let mut out = Vec::new();
    if let Some(o) = owners {
        let heads = |u: &UnitCode| who.has(Role::Manager) && who.managed_units.contains(u);
        if heads(&o.accountable) || (who.is_signed_in() && o.accounts.contains(&who.login)) {
            out.push(Capacity::Owner);
        }
        if o.contributors.iter().any(heads) {
            out.push(Capacity::Contributor);
        }
    }
    if who.has(Role::Hr) {
        out.push(Capacity::Reviewer);
    }
    if who.has(Role::Approver) {
        out.push(Capacity::Approver);
    }
    out
}

#[cfg(test)]
mod tests;
