//! The stress check (ストレスチェック): once a year each person due may take
//! it; the implementer (the physician or the nurse — never someone with
//! personnel authority) learns who is highly stressed (高ストレス者), offers
//! them an interview with the physician (面接指導) and holds it when asked.
//! All of that is confidential: only the health staff read a result.
//!
//! The employer (HR) sees participation and the group analysis (集団分析)
//! of each unit — but only of a group of at least [`MIN_GROUP`] people who
//! took it. A smaller group is refused with a message, never shown, unless
//! the safety and health committee approved in advance a method that
//! cannot identify anyone; the one jinzai offers merges a unit too small
//! into the group of its parent's other small units, shown once that group
//! reaches the minimum.
//!
//! The group analysis follows the 仕事のストレス判定図 of the 職業性ストレス
//! 簡易調査票: four scales (仕事の量的負担, 仕事のコントロール, 上司の支援,
//! 同僚の支援; 3–12 points each), their group means, and the health risks
//! against the national reference (100 = the national average).

use super::{MIN_GROUP, check_not_future, check_text};
use crate::FiscalYear;
use crate::i18n::Message;
use crate::people::StaffNumber;
use crate::progress::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A scale's lowest and highest points.
pub const SCALE: std::ops::RangeInclusive<u8> = 3..=12;

/// A person's four scale scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = StressScores))]
#[serde(deny_unknown_fields)]
pub struct Scores {
    /// 仕事の量的負担 (higher: more demand).
    pub demand: u8,
    /// 仕事のコントロール (higher: more control).
    pub control: u8,
    /// 上司の支援.
    pub supervisor: u8,
    /// 同僚の支援.
    pub coworker: u8,
}

/// One person's stress check of a fiscal year: due (the record exists),
/// taken on a day or not, and (sealed) what it found and what followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = StressResult))]
#[serde(deny_unknown_fields)]
pub struct Record {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub staff_number: StaffNumber,
    pub fiscal_year: i32,
    /// The day it was taken (none: not taken).
    #[serde(default)]
    pub taken_on: Option<NaiveDate>,
    #[serde(default)]
    pub scores: Option<Scores>,
    /// 高ストレス者 by the implementer's criteria.
    #[serde(default)]
    pub high_stress: bool,
    /// The day an interview with the physician was offered.
    #[serde(default)]
    pub interview_offered_on: Option<NaiveDate>,
    /// The person asked for it (面接指導の申出).
    #[serde(default)]
    pub interview_requested: bool,
    #[serde(default)]
    pub interview_held_on: Option<NaiveDate>,
    #[serde(default)]
    pub note: String,
}

/// The sealed part of a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Sealed {
    pub scores: Option<Scores>,
    pub high_stress: bool,
    pub interview_offered_on: Option<NaiveDate>,
    pub interview_requested: bool,
    pub interview_held_on: Option<NaiveDate>,
    pub note: String,
}

impl Record {
    /// Whether the health staff still owe something: a highly stressed
    /// person not yet offered an interview, or one asked for and not held.
    pub fn needs_attention(&self) -> bool {
        (self.high_stress && self.interview_offered_on.is_none())
            || (self.interview_requested && self.interview_held_on.is_none())
    }

    pub fn sealed(&self) -> Sealed {
        Sealed {
            scores: self.scores,
            high_stress: self.high_stress,
            interview_offered_on: self.interview_offered_on,
            interview_requested: self.interview_requested,
            interview_held_on: self.interview_held_on,
            note: self.note.trim().to_owned(),
        }
    }

    /// Problems at their fields; `today` bounds every day.
    pub fn check(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut out = Vec::new();
        let fy = FiscalYear(self.fiscal_year);
        let (Some(start), Some(end)) = (fy.start(), fy.end()) else {
            return vec![year_error(self.fiscal_year)];
        };
        if !(1900..=2200).contains(&self.fiscal_year) {
            return vec![year_error(self.fiscal_year)];
        }
        let not_taken = |field: &'static str| {
            FieldError::new(field, "not_taken", Message::new("stress_not_taken"))
        };
        match self.taken_on {
            Some(day) => {
                if day < start || day > end {
                    out.push(FieldError::new(
                        "taken_on",
                        "outside_year",
                        Message::new("health_attended_outside_year")
                            .arg("day", day.to_string())
                            .arg("year", self.fiscal_year),
                    ));
                }
                check_not_future(&mut out, "taken_on", day, today);
            }
            None => {
                if self.scores.is_some() {
                    out.push(not_taken("scores"));
                }
                if self.high_stress {
                    out.push(not_taken("high_stress"));
                }
            }
        }
        if let Some(s) = self.scores {
            for (field, v) in [
                ("scores.demand", s.demand),
                ("scores.control", s.control),
                ("scores.supervisor", s.supervisor),
                ("scores.coworker", s.coworker),
            ] {
                if !SCALE.contains(&v) {
                    out.push(FieldError::new(
                        field,
                        "out_of_range",
                        Message::new("stress_score_range")
                            .arg("min", *SCALE.start())
                            .arg("max", *SCALE.end()),
                    ));
                }
            }
        }
        if let Some(offered) = self.interview_offered_on {
            if !self.high_stress {
                out.push(FieldError::new(
                    "interview_offered_on",
                    "not_high_stress",
                    Message::new("stress_offer_without_high_stress"),
                ));
            }
            check_not_future(&mut out, "interview_offered_on", offered, today);
            if self.taken_on.is_some_and(|t| offered < t) {
                out.push(FieldError::new(
                    "interview_offered_on",
                    "too_early",
                    Message::new("return_day_too_early")
                        .arg("day", offered.to_string())
                        .arg("earlier", self.taken_on.unwrap_or(offered).to_string()),
                ));
            }
        }
        if self.interview_requested && self.interview_offered_on.is_none() {
            out.push(FieldError::new(
                "interview_requested",
                "not_offered",
                Message::new("stress_request_without_offer"),
            ));
        }
        if let Some(held) = self.interview_held_on {
            if !self.interview_requested {
                out.push(FieldError::new(
                    "interview_held_on",
                    "not_requested",
                    Message::new("stress_held_without_request"),
                ));
            }
            check_not_future(&mut out, "interview_held_on", held, today);
            if let Some(offered) = self.interview_offered_on.filter(|o| held < *o) {
                out.push(FieldError::new(
                    "interview_held_on",
                    "too_early",
                    Message::new("return_day_too_early")
                        .arg("day", held.to_string())
                        .arg("earlier", offered.to_string()),
                ));
            }
        }
        check_text(&mut out, "note", &self.note);
        out
    }
}

fn year_error(year: i32) -> FieldError {
    FieldError::new(
        "fiscal_year",
        "out_of_range",
        Message::new("health_year_out_of_range").arg("year", year),
    )
}

/// A group's means and health risks (仕事のストレス判定図).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = StressGroupScores))]
pub struct GroupScores {
    pub demand: f64,
    pub control: f64,
    pub supervisor: f64,
    pub coworker: f64,
    /// 量-コントロール判定図の健康リスク (100: the national average).
    pub risk_demand_control: f64,
    /// 職場の支援判定図の健康リスク.
    pub risk_support: f64,
    /// 総合健康リスク: the two multiplied, per 100.
    pub risk_total: f64,
}

fn one_decimal(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

impl GroupScores {
    /// The means of `scores` (none: nobody) and the risks they make, by
    /// the published reference means (量的負担 8.7, コントロール 7.9, 上司
    /// の支援 7.6, 同僚の支援 8.1) and coefficients.
    pub fn of(scores: &[Scores]) -> Option<GroupScores> {
        if scores.is_empty() {
            return None;
        }
        let n = scores.len() as f64;
        let mean = |f: fn(&Scores) -> u8| scores.iter().map(|s| f64::from(f(s))).sum::<f64>() / n;
        let (d, c, s, w) = (
            mean(|s| s.demand),
            mean(|s| s.control),
            mean(|s| s.supervisor),
            mean(|s| s.coworker),
        );
        let a = 100.0 * (0.076 * (d - 8.7) - 0.089 * (c - 7.9)).exp();
        let b = 100.0 * (-0.097 * (s - 7.6) - 0.097 * (w - 8.1)).exp();
        Some(GroupScores {
            demand: one_decimal(d),
            control: one_decimal(c),
            supervisor: one_decimal(s),
            coworker: one_decimal(w),
            risk_demand_control: a.round(),
            risk_support: b.round(),
            risk_total: (a * b / 100.0).round(),
        })
    }
}

/// A unit's code and name.
type Unit = (String, String);

/// A member of a group analysis: their unit today, its parent, and scores.
#[derive(Debug, Clone)]
pub struct Member {
    pub unit: (String, String),
    pub parent: Option<(String, String)>,
    pub scores: Scores,
}

/// A line of the group analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = StressGroup))]
pub struct Group {
    pub unit_code: String,
    pub unit_name: String,
    /// The small units merged into this group (the committee's method),
    /// by name; empty for a unit of its own.
    pub merged: Vec<String>,
    /// People who took it (none when withheld).
    pub respondents: Option<u64>,
    pub scores: Option<GroupScores>,
    /// Fewer than the minimum: not shown.
    pub withheld: bool,
}

/// The group analysis: a group per unit with at least `min` respondents;
/// a smaller unit withheld, or (`merge`, the committee's method) merged
/// with its parent's other small units into one group, itself withheld
/// when still under `min`. `show_small` (the health staff, who implement
/// the check) shows every unit as it is.
pub fn groups(members: &[Member], min: u64, merge: bool, show_small: bool) -> Vec<Group> {
    use std::collections::BTreeMap;
    let mut by_unit: BTreeMap<&Unit, (Option<&Unit>, Vec<Scores>)> = BTreeMap::new();
    for m in members {
        let e = by_unit
            .entry(&m.unit)
            .or_insert_with(|| (m.parent.as_ref(), Vec::new()));
        e.1.push(m.scores);
    }
    let mut out = Vec::new();
    let mut pooled: BTreeMap<Option<&Unit>, (Vec<String>, Vec<Scores>)> = BTreeMap::new();
    let line =
        |unit: &(String, String), merged: Vec<String>, scores: &[Scores], shown: bool| Group {
            unit_code: unit.0.clone(),
            unit_name: unit.1.clone(),
            merged,
            respondents: shown.then_some(scores.len() as u64),
            scores: if shown { GroupScores::of(scores) } else { None },
            withheld: !shown,
        };
    for (unit, (parent, scores)) in &by_unit {
        let big = scores.len() as u64 >= min;
        if big || show_small {
            out.push(line(unit, Vec::new(), scores, true));
        } else if merge {
            let p = pooled.entry(*parent).or_default();
            p.0.push(unit.1.clone());
            p.1.extend(scores);
        } else {
            out.push(line(unit, Vec::new(), &[], false));
        }
    }
    for (parent, (names, scores)) in pooled {
        let unit = parent.cloned().unwrap_or_default();
        let shown = scores.len() as u64 >= min;
        out.push(line(&unit, names, &scores, shown));
    }
    out
}

/// The analysis of one unit, for the employer: refused with a message
/// (at `unit`) when fewer than [`MIN_GROUP`] of it took the check.
pub fn unit_group(members: &[Member], unit: &str, show_small: bool) -> Result<Group, FieldError> {
    let scores: Vec<Scores> = members
        .iter()
        .filter(|m| m.unit.0 == unit)
        .map(|m| m.scores)
        .collect();
    if (scores.len() as u64) < MIN_GROUP && !show_small {
        return Err(FieldError::new(
            "unit",
            "group_too_small",
            Message::new("stress_group_too_small").arg("min", MIN_GROUP),
        ));
    }
    let name = members
        .iter()
        .find(|m| m.unit.0 == unit)
        .map(|m| m.unit.1.clone())
        .unwrap_or_default();
    Ok(Group {
        unit_code: unit.to_owned(),
        unit_name: name,
        merged: Vec::new(),
        respondents: Some(scores.len() as u64),
        scores: GroupScores::of(&scores),
        withheld: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    const AVERAGE: Scores = Scores {
        demand: 9,
        control: 8,
        supervisor: 8,
        coworker: 8,
    };

    fn taken() -> Record {
        Record {
            staff_number: "00001".into(),
            fiscal_year: 2024,
            taken_on: Some(day("2024-10-01")),
            scores: Some(AVERAGE),
            high_stress: true,
            interview_offered_on: Some(day("2024-10-20")),
            interview_requested: true,
            interview_held_on: Some(day("2024-11-05")),
            note: String::new(),
        }
    }

    #[test]
    fn a_result_is_checked_at_its_fields() {
        let today = day("2025-01-10");
        assert!(taken().check(today).is_empty());
        let e = Record {
            high_stress: false,
            ..taken()
        }
        .check(today);
        assert_eq!(e[0].field, "interview_offered_on");
        let e = Record {
            interview_held_on: Some(day("2024-10-10")),
            ..taken()
        }
        .check(today);
        assert_eq!(
            (&*e[0].field, e[0].code),
            ("interview_held_on", "too_early")
        );
        let e = Record {
            taken_on: None,
            ..taken()
        }
        .check(today);
        assert!(
            e.iter()
                .any(|e| e.field == "scores" && e.code == "not_taken")
        );
        let e = Record {
            scores: Some(Scores {
                demand: 13,
                ..AVERAGE
            }),
            ..taken()
        }
        .check(today);
        assert_eq!(e[0].field, "scores.demand");
        let e = Record {
            interview_requested: false,
            ..taken()
        }
        .check(today);
        assert_eq!(e[0].field, "interview_held_on");
    }

    #[test]
    fn the_risks_follow_the_reference() {
        let reference = Scores {
            demand: 9,
            control: 8,
            supervisor: 8,
            coworker: 8,
        };
        let g = GroupScores::of(&[reference]).unwrap_or_else(|| panic!("one"));
        // Near the national means: near 100.
        assert!((95.0..=105.0).contains(&g.risk_demand_control), "{g:?}");
        assert!((90.0..=110.0).contains(&g.risk_total), "{g:?}");
        let hard = GroupScores::of(&[Scores {
            demand: 12,
            control: 3,
            supervisor: 3,
            coworker: 3,
        }])
        .unwrap_or_else(|| panic!("one"));
        assert!(hard.risk_total > 200.0, "{hard:?}");
        assert!(GroupScores::of(&[]).is_none());
    }

    fn member(unit: &str, parent: &str) -> Member {
        Member {
            unit: (unit.into(), format!("{unit}課")),
            parent: Some((parent.into(), format!("{parent}部"))),
            scores: AVERAGE,
        }
    }

    #[test]
    fn small_groups_are_withheld_or_merged_by_the_committees_method() {
        let mut members: Vec<Member> = (0..12).map(|_| member("A", "P")).collect();
        members.extend((0..6).map(|_| member("B", "P")));
        members.extend((0..5).map(|_| member("C", "P")));
        members.extend((0..3).map(|_| member("D", "Q")));
        let g = groups(&members, 10, false, false);
        assert_eq!(g.len(), 4);
        assert!(
            g.iter()
                .filter(|g| g.withheld)
                .all(|g| g.respondents.is_none() && g.scores.is_none())
        );
        assert_eq!(g.iter().filter(|g| !g.withheld).count(), 1);
        let g = groups(&members, 10, true, false);
        // A; B and C merged under P (11); D alone under Q (3): withheld.
        let merged = g
            .iter()
            .find(|g| g.unit_code == "P")
            .unwrap_or_else(|| panic!("{g:?}"));
        assert_eq!((merged.respondents, merged.merged.len()), (Some(11), 2));
        let q = g
            .iter()
            .find(|g| g.unit_code == "Q")
            .unwrap_or_else(|| panic!("{g:?}"));
        assert!(q.withheld && q.respondents.is_none());
        assert_eq!(
            groups(&members, 10, false, true)
                .iter()
                .filter(|g| g.withheld)
                .count(),
            0
        );
        let e = unit_group(&members, "B", false).expect_err("six people");
        assert_eq!(e.code, "group_too_small");
        assert!(unit_group(&members, "A", false).is_ok());
        assert!(unit_group(&members, "B", true).is_ok());
    }
}
