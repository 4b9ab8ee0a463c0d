//! An evaluatee's sheet for a period (評価シート) and the cycle it goes
//! through: goals agreed at the 期首面談 (業績評価), the self-evaluation,
//! the 一次 and 二次 ratings, 調整 (which may send the sheet back for
//! re-evaluation), 確認 (which may order 再調整), 開示 to the evaluatee, the
//! 期末面談 that explains it, and a complaint within the window.
//!
//! Pure rules: which step may follow which state, who may take it, what it
//! needs, and how item ratings weigh into an overall band.

use super::scheme::Scheme;
use super::{Chain, ChainRole, EvaluationKind};
use crate::calendar::WorkCalendar;
use crate::i18n::Message;
use crate::people::codes::{CodeList, Coded};
use crate::progress::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const SHEET_STATES: CodeList = CodeList {
    name: "sheet state",
    items: &[
        ("not_started", "未着手", "Not started"),
        ("goals_submitted", "目標提出済", "Goals submitted"),
        ("goals_agreed", "目標合意済", "Goals agreed"),
        ("self_done", "自己評価済", "Self-evaluated"),
        ("first_done", "一次評価済", "First rating done"),
        ("second_done", "二次評価済", "Second rating done"),
        ("adjusted", "調整済", "Adjusted"),
        ("confirmed", "確認済", "Confirmed"),
        ("disclosed", "開示済", "Disclosed"),
    ],
};

/// Where a sheet stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SheetState {
    NotStarted,
    GoalsSubmitted,
    GoalsAgreed,
    SelfDone,
    FirstDone,
    SecondDone,
    Adjusted,
    Confirmed,
    Disclosed,
}

impl Coded for SheetState {
    const LIST: CodeList = SHEET_STATES;
}

pub const SHEET_STEPS: CodeList = CodeList {
    name: "sheet step",
    items: &[
        ("submit_goals", "目標を提出", "Submit goals"),
        (
            "agree_goals",
            "目標に合意（期首面談）",
            "Agree goals (goal-setting talk)",
        ),
        ("return_goals", "目標を差戻し", "Return goals"),
        ("self_evaluate", "自己評価", "Self-evaluate"),
        ("rate_first", "一次評価", "First rating"),
        ("rate_second", "二次評価", "Second rating"),
        ("adjust", "調整", "Adjust"),
        (
            "send_back",
            "再評価を指示（差戻し）",
            "Send back for re-evaluation",
        ),
        ("confirm", "確認", "Confirm"),
        ("readjust", "再調整を指示", "Order re-adjustment"),
        ("disclose", "開示", "Disclose"),
    ],
};

/// A step of the cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SheetStep {
    SubmitGoals,
    AgreeGoals,
    ReturnGoals,
    SelfEvaluate,
    RateFirst,
    RateSecond,
    Adjust,
    SendBack,
    Confirm,
    Readjust,
    Disclose,
}

impl Coded for SheetStep {
    const LIST: CodeList = SHEET_STEPS;
}

/// Who takes a step: the evaluatee, a place in the chain, or HR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Evaluatee,
    Chain(ChainRole),
    /// HR, for the 実施権者 (confirming when no 確認者 is named, and 開示).
    Hr,
}

impl SheetStep {
    /// Who may take the step (any of these).
    pub fn actors(self) -> &'static [Actor] {
        use Actor::*;
        use ChainRole::*;
        match self {
            SheetStep::SubmitGoals | SheetStep::SelfEvaluate => &[Evaluatee],
            SheetStep::AgreeGoals | SheetStep::ReturnGoals | SheetStep::RateFirst => {
                &[Chain(First)]
            }
            SheetStep::RateSecond => &[Chain(Second)],
            SheetStep::Adjust | SheetStep::SendBack => &[Chain(Adjuster)],
            SheetStep::Confirm | SheetStep::Readjust => &[Chain(Confirmer), Hr],
            SheetStep::Disclose => &[Hr],
        }
    }

    /// Whether the step needs a reason (a return or a send-back).
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            SheetStep::ReturnGoals | SheetStep::SendBack | SheetStep::Readjust
        )
    }

    /// Whether the step carries item ratings.
    pub fn rates(self) -> Option<Stage> {
        match self {
            SheetStep::SelfEvaluate => Some(Stage::SelfRating),
            SheetStep::RateFirst => Some(Stage::First),
            SheetStep::RateSecond => Some(Stage::Second),
            _ => None,
        }
    }
}

pub const STAGES: CodeList = CodeList {
    name: "rating stage",
    items: &[
        ("self", "自己評価", "Self"),
        ("first", "一次評価", "First"),
        ("second", "二次評価", "Second"),
    ],
};

/// Whose ratings: the evaluatee's own, the 一次's or the 二次's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Stage {
    #[serde(rename = "self")]
    #[strum(serialize = "self")]
    SelfRating,
    First,
    Second,
}

impl Coded for Stage {
    const LIST: CodeList = STAGES;
}

/// What the chain (and the period's kind) leaves out: a missing 二次,
/// 調整者 or 確認者 skips that step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub kind: EvaluationKind,
    pub second: bool,
    pub adjuster: bool,
}

impl Shape {
    pub fn of(kind: EvaluationKind, chain: &Chain) -> Shape {
        Shape {
            kind,
            second: chain.second.is_some(),
            adjuster: chain.adjuster.is_some(),
        }
    }

    /// The state a step leaves the sheet in, if it may be taken from
    /// `state`; otherwise why not.
    pub fn next(self, state: SheetState, step: SheetStep) -> Result<SheetState, Message> {
        use SheetState::*;
        let performance = self.kind == EvaluationKind::Performance;
        let rated = if self.second { SecondDone } else { FirstDone };
        let after_rating = |s| if self.adjuster { s } else { Adjusted };
        let to = match (step, state) {
            (SheetStep::SubmitGoals, NotStarted) if performance => Some(GoalsSubmitted),
            (SheetStep::AgreeGoals, GoalsSubmitted) => Some(GoalsAgreed),
            (SheetStep::ReturnGoals, GoalsSubmitted) => Some(NotStarted),
            // 能力評価 starts at the self-evaluation; 業績評価 once goals
            // are agreed. A sheet sent back is rated again from here.
            (SheetStep::SelfEvaluate, NotStarted) if !performance => Some(SelfDone),
            (SheetStep::SelfEvaluate, GoalsAgreed) => Some(SelfDone),
            (SheetStep::RateFirst, SelfDone) => Some(if self.second {
                FirstDone
            } else {
                after_rating(FirstDone)
            }),
            (SheetStep::RateSecond, FirstDone) if self.second => Some(after_rating(SecondDone)),
            (SheetStep::Adjust, s) if s == rated && self.adjuster => Some(Adjusted),
            (SheetStep::SendBack, s) if s == rated && self.adjuster => Some(SelfDone),
            (SheetStep::Confirm, Adjusted) => Some(Confirmed),
            (SheetStep::Readjust, Adjusted) => Some(if self.adjuster { rated } else { SelfDone }),
            (SheetStep::Disclose, Confirmed) => Some(Disclosed),
            _ => None,
        };
        to.ok_or_else(|| {
            Message::new("evaluation_step_not_now")
                .label("step", &SHEET_STEPS, step.code())
                .label("state", &SHEET_STATES, state.code())
        })
    }
}

/// One item's rating at a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemRating {
    /// The sheet item's code (能力評価) or the goal's number (業績評価).
    pub item: String,
    /// A band of the period's scale.
    pub band: String,
    #[serde(default)]
    pub comment: Option<String>,
}

/// A goal set at the 期首面談 (業績評価).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// 目標 (what is to be achieved).
    pub title: String,
    /// 達成基準 (how achievement is judged).
    #[serde(default)]
    pub measure: Option<String>,
    /// Its weight; the goals' weights add up to 100.
    pub weight: u32,
}

/// The items a sheet is rated on: the scheme's ability items, or the
/// agreed goals (numbered from 1), each with its weight.
pub fn items(kind: EvaluationKind, scheme: &Scheme, goals: &[Goal]) -> Vec<(String, u32)> {
    match kind {
        EvaluationKind::Ability => scheme
            .ability_items
            .iter()
            .map(|i| (i.code.clone(), i.weight))
            .collect(),
        EvaluationKind::Performance => goals
            .iter()
            .enumerate()
            .map(|(i, g)| ((i + 1).to_string(), g.weight))
            .collect(),
    }
}

/// Checks goals: one to ten, each with a title and a weight, the weights
/// adding up to 100. Problems at `goals[i].field`.
pub fn check_goals(goals: &[Goal]) -> Vec<FieldError> {
    let mut out = Vec::new();
    if goals.is_empty() || goals.len() > 10 {
        out.push(FieldError::new(
            "goals",
            "goal_count",
            Message::new("evaluation_goal_count"),
        ));
    }
    for (i, g) in goals.iter().enumerate() {
        if g.title.trim().is_empty() {
            out.push(FieldError::new(
                format!("goals[{i}].title"),
                "required",
                Message::new("evaluation_goal_title"),
            ));
        }
        if g.weight == 0 {
            out.push(FieldError::new(
                format!("goals[{i}].weight"),
                "invalid",
                Message::new("evaluation_scheme_weight_zero"),
            ));
        }
    }
    if !goals.is_empty() && goals.iter().map(|g| g.weight).sum::<u32>() != 100 {
        out.push(FieldError::new(
            "goals",
            "weights_total",
            Message::new("evaluation_goal_weights"),
        ));
    }
    out
}

/// Checks a stage's ratings against the sheet's items and the scale: every
/// item rated once, each with a band of the scale. Problems at
/// `ratings[i].field`.
pub fn check_ratings(
    ratings: &[ItemRating],
    items: &[(String, u32)],
    scheme: &Scheme,
) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, r) in ratings.iter().enumerate() {
        if !items.iter().any(|(code, _)| *code == r.item) {
            out.push(FieldError::new(
                format!("ratings[{i}].item"),
                "unknown_item",
                Message::new("evaluation_item_unknown").arg("item", &r.item),
            ));
        } else if !seen.insert(r.item.as_str()) {
            out.push(FieldError::new(
                format!("ratings[{i}].item"),
                "twice",
                Message::new("evaluation_item_twice").arg("item", &r.item),
            ));
        }
        if scheme.band(&r.band).is_none() {
            let bands: Vec<&str> = scheme.bands.iter().map(|b| b.code.as_str()).collect();
            out.push(FieldError::new(
                format!("ratings[{i}].band"),
                "outside_scale",
                Message::new("evaluation_band_unknown")
                    .arg("band", &r.band)
                    .arg("bands", bands.join("・")),
            ));
        }
    }
    for (code, _) in items {
        if !ratings.iter().any(|r| r.item == *code) {
            out.push(FieldError::new(
                "ratings",
                "unrated",
                Message::new("evaluation_item_unrated").arg("item", code),
            ));
        }
    }
    out
}

/// The overall band of a stage's ratings: their weighted mean of points on
/// the scale.
pub fn overall<'s>(
    ratings: &[ItemRating],
    items: &[(String, u32)],
    scheme: &'s Scheme,
) -> Option<&'s super::scheme::Band> {
    let mut total = 0.0;
    let mut weights = 0.0;
    for (code, weight) in items {
        let r = ratings.iter().find(|r| r.item == *code)?;
        total += scheme.band(&r.band)?.points * f64::from(*weight);
        weights += f64::from(*weight);
    }
    if weights == 0.0 {
        return None;
    }
    scheme.band_of(total / weights)
}

/// The last day a complaint may be filed: `days` after 開示, counted from
/// the next day, on calendar days or on the calendar's open days.
pub fn complaint_deadline(
    disclosed: NaiveDate,
    scheme: &Scheme,
    calendar: &WorkCalendar,
) -> NaiveDate {
    if scheme.complaint_working_days {
        calendar.add_open_days(
            disclosed,
            i32::try_from(scheme.complaint_days).unwrap_or(i32::MAX),
        )
    } else {
        disclosed
            .checked_add_days(chrono::Days::new(u64::from(scheme.complaint_days)))
            .unwrap_or(disclosed)
    }
}

pub const COMPLAINT_OUTCOMES: CodeList = CodeList {
    name: "complaint outcome",
    items: &[
        ("upheld", "申出を認め評価を修正", "Upheld: rating changed"),
        ("partly_upheld", "一部を認めた", "Partly upheld"),
        ("dismissed", "申出を認めない", "Dismissed"),
        ("withdrawn", "取下げ", "Withdrawn"),
    ],
};

/// How a complaint ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ComplaintOutcome {
    Upheld,
    PartlyUpheld,
    Dismissed,
    Withdrawn,
}

impl Coded for ComplaintOutcome {
    const LIST: CodeList = COMPLAINT_OUTCOMES;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::codes::assert_list_matches;
    use SheetState::*;
    use SheetStep::*;

    fn full(kind: EvaluationKind) -> Shape {
        Shape {
            kind,
            second: true,
            adjuster: true,
        }
    }

    #[test]
    fn lists_match_their_enums() {
        assert_list_matches::<SheetState>();
        assert_list_matches::<SheetStep>();
        assert_list_matches::<Stage>();
        assert_list_matches::<ComplaintOutcome>();
    }

    #[test]
    fn a_performance_sheet_runs_from_goals_to_disclosure_with_a_send_back() {
        let s = full(EvaluationKind::Performance);
        let mut state = NotStarted;
        for (step, want) in [
            (SubmitGoals, GoalsSubmitted),
            (ReturnGoals, NotStarted),
            (SubmitGoals, GoalsSubmitted),
            (AgreeGoals, GoalsAgreed),
            (SelfEvaluate, SelfDone),
            (RateFirst, FirstDone),
            (RateSecond, SecondDone),
            (SendBack, SelfDone),
            (RateFirst, FirstDone),
            (RateSecond, SecondDone),
            (Adjust, Adjusted),
            (Readjust, SecondDone),
            (Adjust, Adjusted),
            (Confirm, Confirmed),
            (Disclose, Disclosed),
        ] {
            state = s
                .next(state, step)
                .unwrap_or_else(|m| panic!("{step:?}: {m}"));
            assert_eq!(state, want, "{step:?}");
        }
    }

    #[test]
    fn out_of_order_steps_are_refused() {
        let s = full(EvaluationKind::Ability);
        assert!(
            s.next(NotStarted, SubmitGoals).is_err(),
            "no goals in 能力評価"
        );
        assert_eq!(s.next(NotStarted, SelfEvaluate), Ok(SelfDone));
        assert!(s.next(SelfDone, RateSecond).is_err(), "二次 before 一次");
        assert!(s.next(FirstDone, Confirm).is_err());
        assert!(s.next(Confirmed, SendBack).is_err());
        assert!(s.next(Disclosed, Disclose).is_err());
    }

    #[test]
    fn missing_places_skip_their_steps() {
        let lean = Shape {
            kind: EvaluationKind::Ability,
            second: false,
            adjuster: false,
        };
        assert_eq!(lean.next(SelfDone, RateFirst), Ok(Adjusted));
        assert!(lean.next(FirstDone, RateSecond).is_err());
        assert_eq!(lean.next(Adjusted, Readjust), Ok(SelfDone));
        let no_second = Shape {
            second: false,
            ..full(EvaluationKind::Ability)
        };
        assert_eq!(no_second.next(SelfDone, RateFirst), Ok(FirstDone));
        assert_eq!(no_second.next(FirstDone, Adjust), Ok(Adjusted));
    }

    #[test]
    fn ratings_weigh_into_an_overall_band_and_off_scale_ones_are_named() {
        let scheme = Scheme::default();
        let items = items(EvaluationKind::Ability, &scheme, &[]);
        let rate = |bands: [&str; 5]| -> Vec<ItemRating> {
            items
                .iter()
                .zip(bands)
                .map(|((code, _), b)| ItemRating {
                    item: code.clone(),
                    band: b.into(),
                    comment: None,
                })
                .collect()
        };
        let r = rate(["A", "A", "B", "B", "S"]);
        assert_eq!(check_ratings(&r, &items, &scheme), vec![]);
        // (4 + 4 + 3 + 3 + 5) / 5 = 3.8 → A
        assert_eq!(
            overall(&r, &items, &scheme).map(|b| b.code.as_str()),
            Some("A")
        );
        let mut bad = rate(["A", "A", "B", "B", "Z"]);
        bad[0].item = "judgement".into();
        let fields: Vec<String> = check_ratings(&bad, &items, &scheme)
            .into_iter()
            .map(|e| e.field.into_owned())
            .collect();
        assert_eq!(fields, ["ratings[1].item", "ratings[4].band", "ratings"]);
    }

    #[test]
    fn goals_weigh_100_and_the_window_counts_calendar_or_open_days() {
        let g = |w| Goal {
            title: "窓口の待ち時間を短縮".into(),
            measure: None,
            weight: w,
        };
        assert!(check_goals(&[g(60), g(40)]).is_empty());
        assert_eq!(check_goals(&[g(60), g(30)]).len(), 1);
        let d = |m, day| NaiveDate::from_ymd_opt(2014, m, day).unwrap();
        let cal = WorkCalendar::default();
        let mut s = Scheme::default();
        // Disclosed on Friday 2014-06-06: seven days from Saturday.
        assert_eq!(complaint_deadline(d(6, 6), &s, &cal), d(6, 13));
        s.complaint_working_days = true;
        s.complaint_days = 5;
        assert_eq!(complaint_deadline(d(6, 6), &s, &cal), d(6, 13), "Mon–Fri");
    }
}

/// A period's result as a file carries it (past years a city loads, say):
/// the evaluatee's confirmed band, and when it was disclosed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetResult {
    pub fiscal_year: i32,
    pub kind: EvaluationKind,
    pub term: super::PeriodTerm,
    pub evaluatee: crate::people::StaffNumber,
    pub band: String,
    /// 開示日; none: confirmed, not yet disclosed.
    pub disclosed_on: Option<NaiveDate>,
}
