//! Each evaluatee's chain of evaluators for a fiscal year: 一次評価者,
//! 二次評価者, 調整者 and 確認者 (実施権者). A chain holds from a day until
//! the next one of the same evaluatee and year starts, so that a move in
//! the middle of a period keeps who evaluated what.
//!
//! Rules: nobody evaluates themselves; the 一次 and 二次 evaluators are two
//! people; an evaluator (一次・二次) has taken evaluator training within the
//! scheme's years before the chain starts, unless HR names a reason for the
//! exception. 二次, 調整者 and 確認者 may be left out: their steps are then
//! skipped (with no 確認者, HR confirms).

use super::problem;
use crate::i18n::Message;
use crate::people::StaffNumber;
use crate::people::codes::{CodeList, Coded};
use crate::people::unit::RecordProblem;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const CHAIN_ROLES: CodeList = CodeList {
    name: "evaluation role",
    items: &[
        ("first", "一次評価者", "First evaluator"),
        ("second", "二次評価者", "Second evaluator"),
        ("adjuster", "調整者", "Adjuster"),
        ("confirmer", "確認者", "Confirmer"),
    ],
};

/// A place in the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ChainRole {
    First,
    Second,
    Adjuster,
    Confirmer,
}

impl Coded for ChainRole {
    const LIST: CodeList = CHAIN_ROLES;
}

impl ChainRole {
    /// Whether the role rates, and so needs evaluator training.
    pub fn rates(self) -> bool {
        matches!(self, ChainRole::First | ChainRole::Second)
    }
}

/// An evaluatee's chain for a fiscal year, from a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Chain {
    pub fiscal_year: i32,
    pub evaluatee: StaffNumber,
    pub first: StaffNumber,
    pub second: Option<StaffNumber>,
    pub adjuster: Option<StaffNumber>,
    pub confirmer: Option<StaffNumber>,
    /// The first day it holds.
    pub from: NaiveDate,
    /// The day the next chain of the evaluatee and year starts (set by the
    /// store; none while it is the last).
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// Why HR names an evaluator without recent evaluator training.
    #[serde(default)]
    pub training_exception: Option<String>,
}

impl Chain {
    /// The staff member in `role`.
    pub fn member(&self, role: ChainRole) -> Option<&StaffNumber> {
        match role {
            ChainRole::First => Some(&self.first),
            ChainRole::Second => self.second.as_ref(),
            ChainRole::Adjuster => self.adjuster.as_ref(),
            ChainRole::Confirmer => self.confirmer.as_ref(),
        }
    }

    /// The roles `who` holds in this chain.
    pub fn roles_of(&self, who: &str) -> Vec<ChainRole> {
        <ChainRole as strum::VariantArray>::VARIANTS
            .iter()
            .copied()
            .filter(|r| self.member(*r).is_some_and(|m| m.as_str() == who))
            .collect()
    }

    /// Whether it holds on `day`.
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day < u)
    }

    /// The evaluators (一次・二次) without evaluator training on or after
    /// `years` before the chain starts: `last_training` gives a person's
    /// latest evaluator training on or before a day.
    pub fn untrained(
        &self,
        years: u32,
        last_training: &dyn Fn(&StaffNumber, NaiveDate) -> Option<NaiveDate>,
    ) -> Vec<ChainRole> {
        let since = self
            .from
            .checked_sub_months(Months::new(12 * years))
            .unwrap_or(NaiveDate::MIN);
        [ChainRole::First, ChainRole::Second]
            .into_iter()
            .filter(|r| {
                self.member(*r)
                    .is_some_and(|m| last_training(m, self.from).is_none_or(|d| d < since))
            })
            .collect()
    }
}

/// What checking chains needs to know about the staff they name.
pub struct ChainContext<'a> {
    /// Whether a staff member is in service on a day.
    pub in_service: &'a (dyn Fn(&StaffNumber, NaiveDate) -> Option<bool> + Sync),
    /// A person's latest evaluator training on or before a day.
    pub last_training: &'a (dyn Fn(&StaffNumber, NaiveDate) -> Option<NaiveDate> + Sync),
    pub training_years: u32,
    /// The fiscal years whose evaluation periods are open.
    pub open_years: &'a [i32],
}

impl std::fmt::Debug for ChainContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChainContext")
            .field("training_years", &self.training_years)
            .field("open_years", &self.open_years)
            .finish_non_exhaustive()
    }
}

/// Checks chains (entered or imported): every problem at its record and
/// field.
pub fn check_chains(list: &[Chain], ctx: &ChainContext<'_>) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    let mut seen: HashMap<(i32, &str, NaiveDate), usize> = HashMap::new();
    for (i, c) in list.iter().enumerate() {
        if !ctx.open_years.contains(&c.fiscal_year) {
            out.push(RecordProblem::new(
                i,
                "fiscal_year",
                Message::new("evaluation_year_not_open").arg("year", c.fiscal_year),
            ));
        }
        let year = crate::FiscalYear(c.fiscal_year);
        if year.start().is_some_and(|s| c.from < s) || year.end().is_some_and(|e| c.from > e) {
            out.push(problem(i, "from", "evaluation_chain_before_year"));
        }
        if let Some(first) = seen.insert((c.fiscal_year, c.evaluatee.as_str(), c.from), i) {
            out.push(RecordProblem::new(
                i,
                "evaluatee",
                Message::new("evaluation_chain_twice").arg("first_row", first + 1),
            ));
        }
        for (role, field) in [
            (None, "evaluatee"),
            (Some(ChainRole::First), "first"),
            (Some(ChainRole::Second), "second"),
            (Some(ChainRole::Adjuster), "adjuster"),
            (Some(ChainRole::Confirmer), "confirmer"),
        ] {
            let Some(who) = role.map_or(Some(&c.evaluatee), |r| c.member(r)) else {
                continue;
            };
            match (ctx.in_service)(who, c.from) {
                None => out.push(RecordProblem::new(
                    i,
                    field,
                    Message::new("people_staff_unknown").arg("number", who),
                )),
                Some(false) => out.push(RecordProblem::new(
                    i,
                    field,
                    Message::new("evaluation_not_in_service")
                        .arg("number", who)
                        .arg("date", c.from),
                )),
                Some(true) => {}
            }
            if role.is_some() && *who == c.evaluatee {
                out.push(problem(i, field, "evaluation_evaluates_self"));
            }
        }
        if c.second.as_ref() == Some(&c.first) {
            out.push(problem(i, "second", "evaluation_first_is_second"));
        }
        let exception = c
            .training_exception
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty());
        if !exception {
            for role in c.untrained(ctx.training_years, ctx.last_training) {
                out.push(RecordProblem::new(
                    i,
                    if role == ChainRole::First {
                        "first"
                    } else {
                        "second"
                    },
                    Message::new("evaluation_untrained")
                        .arg(
                            "number",
                            c.member(role).map(StaffNumber::as_str).unwrap_or(""),
                        )
                        .arg("years", ctx.training_years),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn chain(evaluatee: &'static str, first: &'static str, second: Option<&'static str>) -> Chain {
        Chain {
            fiscal_year: 2013,
            evaluatee: evaluatee.into(),
            first: first.into(),
            second: second.map(Into::into),
            adjuster: Some("900".into()),
            confirmer: None,
            from: d(2013, 4, 1),
            until: None,
            training_exception: None,
        }
    }

    fn fields(list: &[Chain]) -> Vec<(usize, &'static str)> {
        let in_service = |n: &StaffNumber, _| (n.as_str() != "404").then_some(n.as_str() != "1");
        // 200 trained in 2012, 300 in 2009 (too long ago), the rest never.
        let last = |n: &StaffNumber, _| match n.as_str() {
            "200" | "900" => Some(d(2012, 6, 1)),
            "300" => Some(d(2009, 6, 1)),
            _ => None,
        };
        let ctx = ChainContext {
            in_service: &in_service,
            last_training: &last,
            training_years: 3,
            open_years: &[2013],
        };
        check_chains(list, &ctx)
            .into_iter()
            .map(|p| (p.index, p.field))
            .collect()
    }

    #[test]
    fn a_good_chain_passes() {
        assert_eq!(fields(&[chain("100", "200", None)]), []);
    }

    #[test]
    fn self_evaluation_twins_strangers_and_untrained_evaluators_are_named() {
        let mut leaver = chain("104", "200", None);
        leaver.adjuster = Some("1".into());
        let mut next_year = chain("101", "200", None);
        next_year.fiscal_year = 2014;
        next_year.from = d(2014, 4, 1);
        assert_eq!(
            fields(&[
                chain("100", "100", None),
                chain("101", "200", Some("200")),
                chain("102", "300", None),
                chain("103", "200", Some("404")),
                leaver,
                next_year,
            ]),
            [
                (0, "first"),
                (0, "first"),
                (1, "second"),
                (2, "first"),
                (3, "second"),
                (3, "second"),
                (4, "adjuster"),
                (5, "fiscal_year"),
            ]
        );
        // With a reason, HR may name an evaluator without the training.
        let mut excused = chain("102", "300", None);
        excused.training_exception = Some("4月1日付け昇任、6月に受講予定".into());
        assert_eq!(fields(&[excused.clone()]), []);
        assert_eq!(
            excused.untrained(3, &|_, _| None),
            [ChainRole::First],
            "still listed as an exception"
        );
    }

    #[test]
    fn roles_and_history() {
        let mut c = chain("100", "200", Some("300"));
        c.confirmer = Some("300".into());
        assert_eq!(c.roles_of("300"), [ChainRole::Second, ChainRole::Confirmer]);
        c.until = Some(d(2013, 10, 1));
        assert!(c.holds_on(d(2013, 9, 30)) && !c.holds_on(d(2013, 10, 1)));
        assert!(ChainRole::First.rates() && !ChainRole::Adjuster.rates());
    }
}
