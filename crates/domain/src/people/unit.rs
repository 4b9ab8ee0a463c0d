//! Organisation units (部 → 課 → 係) valid over date ranges: a
//! reorganisation closes a version and opens another; history is kept.

use super::codes::ROTATION_CLASSES;
use super::ids::UnitCode;
use crate::i18n::Message;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One version of a unit: its name, place and class over a date range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitVersion {
    pub code: UnitCode,
    pub name: String,
    pub kana: String,
    pub parent: Option<UnitCode>,
    /// front / program / admin / other (窓口 / 事業 / 管理 / その他)
    pub rotation: String,
    pub valid_from: NaiveDate,
    /// Last day of validity (inclusive); `None` while in force.
    pub valid_to: Option<NaiveDate>,
}

impl UnitVersion {
    pub fn valid_on(&self, d: NaiveDate) -> bool {
        self.valid_from <= d && self.valid_to.is_none_or(|t| d <= t)
    }

    fn overlaps(&self, other: &UnitVersion) -> bool {
        let end = |v: &UnitVersion| v.valid_to.unwrap_or(NaiveDate::MAX);
        self.valid_from <= end(other) && other.valid_from <= end(self)
    }
}

/// A problem with one record: its index in the list, the field, and what
/// to tell (read in the reader's language at the edge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordProblem {
    pub index: usize,
    pub field: &'static str,
    pub message: Message,
}

impl RecordProblem {
    pub fn new(index: usize, field: &'static str, message: Message) -> Self {
        RecordProblem {
            index,
            field,
            message,
        }
    }
}

/// Checks a whole organisation: versions of a code must not overlap, a
/// parent must exist on the day the child starts, ranges must be ordered.
pub fn check_units(units: &[UnitVersion]) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    let mut by_code: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        if u.code.trim().is_empty() {
            out.push(RecordProblem::new(
                i,
                "code",
                Message::new("people_unit_code_missing"),
            ));
        }
        if u.name.trim().is_empty() {
            out.push(RecordProblem::new(
                i,
                "name",
                Message::new("people_unit_name_missing"),
            ));
        }
        if ROTATION_CLASSES.parse(&u.rotation).is_none() {
            out.push(RecordProblem::new(
                i,
                "rotation",
                Message::new("people_unit_rotation_unknown")
                    .arg("rotation", &u.rotation)
                    .choices("choices", &ROTATION_CLASSES),
            ));
        }
        if u.valid_to.is_some_and(|t| t < u.valid_from) {
            out.push(RecordProblem::new(
                i,
                "valid_to",
                Message::new("people_unit_ends_before_start"),
            ));
        }
        by_code.entry(u.code.as_str()).or_default().push(i);
    }
    for idx in by_code.values() {
        for (a, &i) in idx.iter().enumerate() {
            for &j in &idx[a + 1..] {
                if units[i].overlaps(&units[j]) {
                    out.push(RecordProblem::new(
                        j,
                        "valid_from",
                        Message::new("people_unit_versions_overlap")
                            .arg("code", &units[j].code)
                            .arg("valid_from", units[i].valid_from),
                    ));
                }
            }
        }
    }
    for (i, u) in units.iter().enumerate() {
        let Some(p) = &u.parent else { continue };
        if p == &u.code {
            out.push(RecordProblem::new(
                i,
                "parent",
                Message::new("people_unit_own_parent"),
            ));
        } else if !units
            .iter()
            .any(|x| &x.code == p && x.valid_on(u.valid_from))
        {
            out.push(RecordProblem::new(
                i,
                "parent",
                Message::new("people_unit_parent_missing")
                    .arg("valid_from", u.valid_from)
                    .arg("parent", p),
            ));
        }
    }
    out.sort_by_key(|p| p.index);
    out
}

/// The organisation as of `date`: the versions in force that day.
pub fn as_of(units: &[UnitVersion], date: NaiveDate) -> Vec<&UnitVersion> {
    units.iter().filter(|u| u.valid_on(date)).collect()
}

/// `heads` and every unit below them on `date` (a 課's 係), sorted.
pub fn with_descendants(
    units: &[UnitVersion],
    heads: &[UnitCode],
    date: NaiveDate,
) -> Vec<UnitCode> {
    let today = as_of(units, date);
    let mut out: Vec<UnitCode> = heads.to_vec();
    let mut frontier: Vec<UnitCode> = heads.to_vec();
    while let Some(code) = frontier.pop() {
        for u in &today {
            if u.parent.as_ref() == Some(&code) && !out.contains(&u.code) {
                out.push(u.code.clone());
                frontier.push(u.code.clone());
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descendants_follow_the_organisation_of_the_day() {
        let units = vec![
            unit("B1", None, "2011-04-01", None),
            unit("K1", Some("B1"), "2011-04-01", None),
            unit("S1", Some("K1"), "2011-04-01", Some("2015-03-31")),
            unit("K2", None, "2011-04-01", None),
        ];
        assert_eq!(
            with_descendants(&units, &["B1".into()], d("2014-04-01")),
            vec!["B1", "K1", "S1"]
        );
        assert_eq!(
            with_descendants(&units, &["B1".into()], d("2016-04-01")),
            vec!["B1", "K1"]
        );
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn unit(
        code: &'static str,
        parent: Option<&'static str>,
        from: &'static str,
        to: Option<&'static str>,
    ) -> UnitVersion {
        UnitVersion {
            code: code.into(),
            name: format!("{code}課"),
            kana: "カ".into(),
            parent: parent.map(Into::into),
            rotation: "窓口".into(),
            valid_from: d(from),
            valid_to: to.map(d),
        }
    }

    #[test]
    fn renames_keep_history_and_as_of_picks_the_version() {
        let units = vec![
            unit("B1", None, "2010-04-01", None),
            unit("K1", Some("B1"), "2010-04-01", Some("2015-03-31")),
            UnitVersion {
                name: "新しい名前".into(),
                ..unit("K1", Some("B1"), "2015-04-01", None)
            },
        ];
        assert!(check_units(&units).is_empty());
        let names = |date| {
            as_of(&units, d(date))
                .iter()
                .map(|u| u.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("2015-03-31"), ["B1課", "K1課"]);
        assert_eq!(names("2015-04-01"), ["B1課", "新しい名前"]);
    }

    #[test]
    fn overlaps_missing_parents_and_bad_ranges_are_named() {
        let units = vec![
            unit("K1", None, "2010-04-01", Some("2015-03-31")),
            unit("K1", None, "2015-03-31", None),
            unit("K2", Some("B9"), "2010-04-01", None),
            unit("K3", None, "2012-04-01", Some("2011-03-31")),
            UnitVersion {
                rotation: "受付".into(),
                ..unit("K4", None, "2010-04-01", None)
            },
        ];
        let p = check_units(&units);
        let fields: Vec<_> = p.iter().map(|p| (p.index, p.field)).collect();
        assert_eq!(
            fields,
            [
                (1, "valid_from"),
                (2, "parent"),
                (3, "valid_to"),
                (4, "rotation")
            ]
        );
        assert!(p[1].message.to_string().contains("B9"));
    }
}
