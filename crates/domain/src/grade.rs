//! Grade scales: ordered grades, each either with an achievement-rate rule
//! (computed from 実績 ÷ 目標) or chosen by a person.

use crate::i18n::Message;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Grade {
    pub code: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Inclusive lower bound of the achievement rate, in percent.
    #[serde(
        serialize_with = "crate::json::whole_opt",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub min_rate: Option<f64>,
    /// Exclusive upper bound of the achievement rate, in percent.
    #[serde(
        serialize_with = "crate::json::whole_opt",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_rate: Option<f64>,
}

impl Grade {
    pub fn has_rule(&self) -> bool {
        self.min_rate.is_some() || self.max_rate.is_some()
    }

    fn lower(&self) -> f64 {
        self.min_rate.unwrap_or(f64::NEG_INFINITY)
    }

    fn upper(&self) -> f64 {
        self.max_rate.unwrap_or(f64::INFINITY)
    }

    pub fn contains(&self, rate: f64) -> bool {
        self.lower() <= rate && rate < self.upper()
    }

    /// "110%以上", "80%以上110%未満", "50%未満".
    pub fn rule_label(&self) -> Option<String> {
        match (self.min_rate, self.max_rate) {
            (Some(lo), Some(hi)) => Some(format!("{}%以上{}%未満", fmt_num(lo), fmt_num(hi))),
            (Some(lo), None) => Some(format!("{}%以上", fmt_num(lo))),
            (None, Some(hi)) => Some(format!("{}%未満", fmt_num(hi))),
            (None, None) => None,
        }
    }

    /// The rule in brackets after a grade's name (" (110%以上)"), or "".
    pub fn rule_suffix(&self) -> String {
        self.rule_label()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default()
    }
}

/// Formats a number without a trailing ".0" (140, 12.5).
pub fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GradeScale {
    /// Best first.
    pub scale: Vec<Grade>,
    /// The grade for items not assessed (対象外).
    pub not_assessed: Grade,
}

/// A problem with a scale's rules, naming the grade (index into `scale`).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleProblem {
    pub index: usize,
    pub message: Message,
}

impl GradeScale {
    /// True when grades are computed from achievement rates.
    pub fn is_rated(&self) -> bool {
        self.scale.iter().any(Grade::has_rule)
    }

    pub fn find(&self, code: &str) -> Option<&Grade> {
        self.scale
            .iter()
            .chain(std::iter::once(&self.not_assessed))
            .find(|g| g.code == code)
    }

    pub fn is_not_assessed(&self, code: &str) -> bool {
        self.not_assessed.code == code
    }

    /// The grade whose rule contains `rate` (percent).
    pub fn grade_for_rate(&self, rate: f64) -> Option<&Grade> {
        if !rate.is_finite() {
            return None;
        }
        self.scale.iter().find(|g| g.has_rule() && g.contains(rate))
    }

    /// Checks that rules are all-or-nothing, well-formed, and tile [0, ∞)
    /// without overlap or gap, so every rate gets exactly one grade.
    pub fn check_rules(&self) -> Vec<RuleProblem> {
        let mut problems = Vec::new();
        if !self.is_rated() {
            return problems;
        }
        for (index, g) in self.scale.iter().enumerate() {
            if !g.has_rule() {
                problems.push(RuleProblem {
                    index,
                    message: Message::new("planfile_grade_no_rule").arg("grade", &g.code),
                });
            } else if g.lower() >= g.upper() {
                problems.push(RuleProblem {
                    index,
                    message: Message::new("planfile_grade_min_max").arg("grade", &g.code),
                });
            }
        }
        if !problems.is_empty() {
            return problems;
        }
        let mut order: Vec<usize> = (0..self.scale.len()).collect();
        order.sort_by(|&a, &b| self.scale[a].lower().total_cmp(&self.scale[b].lower()));
        if let Some(&first) = order.first()
            && self.scale[first].lower() > 0.0
        {
            problems.push(RuleProblem {
                index: first,
                message: Message::new("planfile_grade_gap_below")
                    .arg("rate", fmt_num(self.scale[first].lower())),
            });
        }
        for pair in order.windows(2) {
            let (a, b) = (&self.scale[pair[0]], &self.scale[pair[1]]);
            if b.lower() < a.upper() {
                problems.push(RuleProblem {
                    index: pair[1],
                    message: Message::new("planfile_grade_overlap")
                        .arg("a", &a.code)
                        .arg("b", &b.code),
                });
            } else if b.lower() > a.upper() {
                problems.push(RuleProblem {
                    index: pair[1],
                    message: Message::new("planfile_grade_gap_between")
                        .arg("from", fmt_num(a.upper()))
                        .arg("to", fmt_num(b.lower()))
                        .arg("a", &a.code)
                        .arg("b", &b.code),
                });
            }
        }
        if let Some(&last) = order.last()
            && self.scale[last].upper().is_finite()
        {
            problems.push(RuleProblem {
                index: last,
                message: Message::new("planfile_grade_gap_above")
                    .arg("rate", fmt_num(self.scale[last].upper())),
            });
        }
        problems
    }
}

/// 実績 ÷ 目標 in percent; `None` when the target is not positive.
pub fn achievement_rate(actual: f64, target: f64) -> Option<f64> {
    (target > 0.0 && actual.is_finite()).then(|| actual / target * 100.0)
}

/// The 達成率 of a target where lower is better (overtime hours, turnover):
/// {1 + (目標 − 実績) ÷ 目標} × 100, so meeting the target exactly is 100%,
/// half of it 150%, twice it 0%; never below 0. `None` when the target is
/// not positive.
pub fn reduction_rate(actual: f64, target: f64) -> Option<f64> {
    (target > 0.0 && actual.is_finite())
        .then(|| ((1.0 + (target - actual) / target) * 100.0).max(0.0))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    fn grade(code: &str, min: Option<f64>, max: Option<f64>) -> Grade {
        Grade {
            code: code.into(),
            label: code.into(),
            description: None,
            min_rate: min,
            max_rate: max,
        }
    }

    /// A ≥ 110 % / B 80–110 % / C 50–80 % / D < 50 %.
    pub(crate) fn abcd() -> GradeScale {
        GradeScale {
            scale: vec![
                grade("A", Some(110.0), None),
                grade("B", Some(80.0), Some(110.0)),
                grade("C", Some(50.0), Some(80.0)),
                grade("D", None, Some(50.0)),
            ],
            not_assessed: grade("-", None, None),
        }
    }

    #[test]
    fn grades_at_the_boundaries() {
        let s = abcd();
        let g = |r: f64| s.grade_for_rate(r).map(|g| g.code.clone());
        assert_eq!(g(110.0).as_deref(), Some("A"));
        assert_eq!(g(109.99).as_deref(), Some("B"));
        assert_eq!(g(80.0).as_deref(), Some("B"));
        assert_eq!(g(79.9).as_deref(), Some("C"));
        assert_eq!(g(50.0).as_deref(), Some("C"));
        assert_eq!(g(0.0).as_deref(), Some("D"));
        assert_eq!(g(f64::NAN), None);
        assert!(s.check_rules().is_empty());
    }

    #[test]
    fn overlap_and_gap_are_reported() {
        let mut s = abcd();
        s.scale[1].min_rate = Some(70.0);
        let p = s.check_rules();
        assert!(
            p.iter().any(|p| p
                .message
                .render(crate::i18n::Language::En)
                .contains("overlap")),
            "{p:?}"
        );
        let mut s = abcd();
        s.scale[2].max_rate = Some(75.0);
        let p = s.check_rules();
        assert!(
            p.iter()
                .any(|p| p.message.render(crate::i18n::Language::En).contains("gap")),
            "{p:?}"
        );
        let mut s = abcd();
        s.scale[3].min_rate = Some(10.0);
        assert!(s.check_rules().iter().any(|p| {
            p.message
                .render(crate::i18n::Language::En)
                .contains("below 10%")
        }));
    }

    #[test]
    fn mixed_scale_is_rejected_and_manual_scale_is_fine() {
        let mut s = abcd();
        s.scale[0].min_rate = None;
        assert!(!s.check_rules().is_empty());
        let manual = GradeScale {
            scale: vec![grade("S", None, None), grade("A", None, None)],
            not_assessed: grade("-", None, None),
        };
        assert!(!manual.is_rated());
        assert!(manual.check_rules().is_empty());
        assert!(manual.grade_for_rate(100.0).is_none());
    }

    #[test]
    fn a_lower_is_better_target_is_rated_the_other_way() {
        let r = |a| reduction_rate(a, 20.0).map(|r| (r * 10.0).round() / 10.0);
        assert_eq!(r(20.0), Some(100.0));
        assert_eq!(r(10.0), Some(150.0));
        assert_eq!(r(25.0), Some(75.0));
        assert_eq!(r(60.0), Some(0.0), "never below 0");
        assert_eq!(reduction_rate(5.0, 0.0), None);
    }

    #[test]
    fn achievement_rate_needs_a_positive_target() {
        assert_eq!(
            achievement_rate(150.0, 140.0).map(|r| (r * 100.0).round()),
            Some(10714.0)
        );
        assert_eq!(achievement_rate(1.0, 0.0), None);
        assert_eq!(fmt_num(140.0), "140");
        assert_eq!(fmt_num(107.142_857), "107.14");
    }

    proptest! {
        #[test]
        fn a_valid_scale_grades_every_rate_exactly_once(rate in 0.0f64..1000.0) {
            let s = abcd();
            let n = s.scale.iter().filter(|g| g.contains(rate)).count();
            prop_assert_eq!(n, 1);
        }

        #[test]
        fn grades_are_monotonic_in_the_rate(a in 0.0f64..300.0, b in 0.0f64..300.0) {
            let s = abcd();
            let pos = |r: f64| s.scale.iter().position(|g| g.contains(r));
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            // A higher rate never gets a worse (later) grade.
            prop_assert!(pos(hi) <= pos(lo));
        }
    }
}
