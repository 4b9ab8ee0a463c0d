//! Personnel evaluation (人事評価): the city's scheme (its rating scale,
//! the items and weights of its 評価シート, the complaint window, the
//! publication rules), the periods of a fiscal year, and each evaluatee's
//! chain of evaluators (一次評価者, 二次評価者, 調整者, 確認者) with its
//! history and the evaluator-training rule.
//!
//! Pure rules; the store keeps the records.

pub mod chain;
pub mod distribution;
pub mod interview;
pub mod metrics;
pub mod progress;
pub mod scheme;
pub mod sheet;

use crate::people::codes::{CodeList, Coded};
use crate::{FiscalYear, i18n::Message, people::unit::RecordProblem};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use chain::{Chain, ChainRole};
pub use scheme::Scheme;

pub const EVALUATION_KINDS: CodeList = CodeList {
    name: "evaluation kind",
    items: &[
        ("ability", "能力評価", "Ability evaluation"),
        ("performance", "業績評価", "Performance evaluation"),
    ],
};

/// 能力評価 (how the person worked, once a year) or 業績評価 (what they
/// achieved against the goals set at the 期首面談, per half-year or year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum EvaluationKind {
    Ability,
    Performance,
}

impl Coded for EvaluationKind {
    const LIST: CodeList = EVALUATION_KINDS;
}

pub const PERIOD_TERMS: CodeList = CodeList {
    name: "evaluation term",
    items: &[
        ("year", "通年", "Full year"),
        ("first_half", "上期", "First half"),
        ("second_half", "下期", "Second half"),
    ],
};

/// The stretch of the fiscal year a period covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PeriodTerm {
    Year,
    FirstHalf,
    SecondHalf,
}

impl Coded for PeriodTerm {
    const LIST: CodeList = PERIOD_TERMS;
}

impl PeriodTerm {
    /// The first and last day of this term of fiscal year `fy`.
    pub fn dates(self, fy: FiscalYear) -> Option<(NaiveDate, NaiveDate)> {
        let (start, end) = (fy.start()?, fy.end()?);
        let october = NaiveDate::from_ymd_opt(start.year(), 10, 1)?;
        Some(match self {
            PeriodTerm::Year => (start, end),
            PeriodTerm::FirstHalf => (start, october.pred_opt()?),
            PeriodTerm::SecondHalf => (october, end),
        })
    }
}

/// An evaluation period: a kind over a term of a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub fiscal_year: i32,
    pub kind: EvaluationKind,
    pub term: PeriodTerm,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl Period {
    /// The periods a fiscal year has under `scheme`: 能力評価 for the year,
    /// 業績評価 per half-year or for the year.
    pub fn of_year(fy: FiscalYear, scheme: &Scheme) -> Vec<Period> {
        let mut terms = vec![(EvaluationKind::Ability, PeriodTerm::Year)];
        if scheme.performance_half_yearly {
            terms.push((EvaluationKind::Performance, PeriodTerm::FirstHalf));
            terms.push((EvaluationKind::Performance, PeriodTerm::SecondHalf));
        } else {
            terms.push((EvaluationKind::Performance, PeriodTerm::Year));
        }
        terms
            .into_iter()
            .filter_map(|(kind, term)| {
                let (starts_on, ends_on) = term.dates(fy)?;
                Some(Period {
                    fiscal_year: fy.0,
                    kind,
                    term,
                    starts_on,
                    ends_on,
                })
            })
            .collect()
    }
}

/// A problem with an entered or imported evaluation record.
pub(crate) fn problem(index: usize, field: &'static str, key: &'static str) -> RecordProblem {
    RecordProblem::new(index, field, Message::new(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::codes::assert_list_matches;

    #[test]
    fn code_lists_match_their_enums() {
        assert_list_matches::<EvaluationKind>();
        assert_list_matches::<PeriodTerm>();
        assert_list_matches::<ChainRole>();
    }

    #[test]
    fn a_year_has_an_ability_period_and_performance_halves() {
        let scheme = Scheme::default();
        let p = Period::of_year(FiscalYear(2013), &scheme);
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(
            (p[0].starts_on, p[0].ends_on),
            (d(2013, 4, 1), d(2014, 3, 31))
        );
        assert_eq!(
            (p[1].starts_on, p[1].ends_on),
            (d(2013, 4, 1), d(2013, 9, 30))
        );
        assert_eq!(
            (p[2].starts_on, p[2].ends_on),
            (d(2013, 10, 1), d(2014, 3, 31))
        );
        let yearly = Scheme {
            performance_half_yearly: false,
            ..scheme
        };
        assert_eq!(Period::of_year(FiscalYear(2013), &yearly).len(), 2);
    }
}
