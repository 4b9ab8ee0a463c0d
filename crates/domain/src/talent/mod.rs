//! New talent (新たな人材の確保) and specialists (スペシャリストの養成).
//!
//! Kiyose's plan names four measures here: planned rotation in the first
//! 10–15 years (1-6-1, counted from assignments: `talent.rotation`),
//! specialists among staff of 15 years or more (1-6-2), mid-career hires
//! (1-7-1, `people.hires` by 採用区分 and 職種) and re-employed staff
//! (1-7-2, `people.staff` by 任用形態). The only records of its own are
//! specialist designations: HR names a person a specialist in a field (a
//! code of the city's list of fields, which HR may extend) from a day,
//! until a day or open.

pub mod metrics;

use crate::i18n::Message;
use crate::people::StaffNumber;
use crate::people::staff::Staff;
use crate::progress::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest note kept on a designation.
pub const NOTE_LIMIT: usize = 1000;
/// The longest label of a field.
pub const LABEL_LIMIT: usize = 60;

/// A field a specialist is named in (税務, 福祉 …): the city's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpecialistField {
    /// Lower-case letters, digits and `_`, up to 32.
    pub code: String,
    pub label_ja: String,
    pub label_en: String,
}

impl SpecialistField {
    /// The problems with a new field, by form field.
    pub fn check(&self, existing: &[SpecialistField]) -> Vec<FieldError> {
        let mut out = Vec::new();
        let shaped = !self.code.is_empty()
            && self.code.len() <= 32
            && self
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !shaped {
            out.push(FieldError::new(
                "code",
                "invalid",
                Message::new("talent_field_code_bad"),
            ));
        } else if existing.iter().any(|f| f.code == self.code) {
            out.push(FieldError::new(
                "code",
                "taken",
                Message::new("talent_field_code_taken").arg("code", &self.code),
            ));
        }
        for (name, label) in [("label_ja", &self.label_ja), ("label_en", &self.label_en)] {
            let n = label.trim().chars().count();
            if n == 0 || n > LABEL_LIMIT {
                out.push(FieldError::new(
                    name,
                    "invalid",
                    Message::new("talent_field_label_bad").arg("limit", LABEL_LIMIT),
                ));
            }
        }
        out
    }

    /// The label in Japanese or English.
    pub fn label(&self, english: bool) -> &str {
        if english {
            &self.label_en
        } else {
            &self.label_ja
        }
    }
}

/// A person named a specialist in a field (スペシャリストの指定).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Designation {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub staff_number: StaffNumber,
    /// The field's code.
    pub field: String,
    pub from: NaiveDate,
    /// The last day, when the designation has ended.
    pub to: Option<NaiveDate>,
    pub note: Option<String>,
}

impl Designation {
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|t| day <= t)
    }

    fn overlaps(&self, other: &Designation) -> bool {
        let end = |d: &Designation| d.to.unwrap_or(NaiveDate::MAX);
        self.from <= end(other) && other.from <= end(self)
    }

    /// The problems with this designation of `person`, by field: a field
    /// not on the list, a period that does not read, a day outside the
    /// person's service, a note too long, or an overlap with another
    /// designation of the same person in the same field (`others` may hold
    /// this one: the one with the same first day is skipped).
    pub fn check(
        &self,
        person: &Staff,
        fields: &[SpecialistField],
        others: &[Designation],
    ) -> Vec<(&'static str, Message)> {
        let mut out = Vec::new();
        if !fields.iter().any(|f| f.code == self.field) {
            out.push((
                "field",
                Message::new("talent_field_unknown")
                    .arg("field", &self.field)
                    .arg(
                        "choices",
                        fields
                            .iter()
                            .map(|f| f.code.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
            ));
        }
        if self.from < person.hire_date {
            out.push((
                "from",
                Message::new("talent_before_hire").arg("hired", person.hire_date),
            ));
        }
        if let Some(left) = person.leaving_date
            && self.from > left
        {
            out.push((
                "from",
                Message::new("talent_after_leaving").arg("left", left),
            ));
        }
        if let Some(to) = self.to
            && to < self.from
        {
            out.push(("to", Message::new("talent_to_before_from")));
        }
        if self
            .note
            .as_deref()
            .is_some_and(|n| n.chars().count() > NOTE_LIMIT)
        {
            out.push((
                "note",
                Message::new("talent_note_long").arg("limit", NOTE_LIMIT),
            ));
        }
        if let Some(clash) = others.iter().find(|o| {
            o.staff_number == self.staff_number
                && o.field == self.field
                && o.from != self.from
                && o.overlaps(self)
        }) {
            out.push((
                "from",
                Message::new("talent_overlap").arg("from", clash.from),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn person() -> Staff {
        Staff {
            number: "00100".into(),
            name: "清瀬 太郎".into(),
            kana: "キヨセ タロウ".into(),
            gender: None,
            birth_date: None,
            hire_date: d(1995, 4, 1),
            hiring_route: "new_graduate".into(),
            employment_type: "regular".into(),
            job_family: Some("general".into()),
            job_grade: Some("kakaricho".into()),
            qualifications: vec![],
            status: "active".into(),
            leaving_date: Some(d(2030, 3, 31)),
            leaving_reason: None,
        }
    }

    fn fields() -> Vec<SpecialistField> {
        vec![SpecialistField {
            code: "tax".into(),
            label_ja: "税務".into(),
            label_en: "Tax".into(),
        }]
    }

    fn designation(field: &str, from: NaiveDate, to: Option<NaiveDate>) -> Designation {
        Designation {
            staff_number: "00100".into(),
            field: field.into(),
            from,
            to,
            note: None,
        }
    }

    fn problems(d: &Designation, others: &[Designation]) -> Vec<&'static str> {
        d.check(&person(), &fields(), others)
            .into_iter()
            .map(|(f, m)| {
                assert!(m.key.starts_with("talent_"));
                f
            })
            .collect()
    }

    #[test]
    fn a_designation_is_checked_against_the_person_the_list_and_the_others() {
        let ok = designation("tax", d(2012, 4, 1), None);
        assert!(problems(&ok, std::slice::from_ref(&ok)).is_empty());
        assert_eq!(
            problems(&designation("welfare", d(2012, 4, 1), None), &[]),
            ["field"]
        );
        assert_eq!(
            problems(&designation("tax", d(1990, 4, 1), None), &[]),
            ["from"]
        );
        assert_eq!(
            problems(&designation("tax", d(2031, 4, 1), None), &[]),
            ["from"]
        );
        assert_eq!(
            problems(
                &designation("tax", d(2012, 4, 1), Some(d(2012, 3, 31))),
                &[]
            ),
            ["to"]
        );
        // Overlapping another in the same field; a closed one before is fine.
        let earlier = designation("tax", d(2008, 4, 1), Some(d(2012, 3, 31)));
        assert!(problems(&ok, std::slice::from_ref(&earlier)).is_empty());
        let open = designation("tax", d(2010, 4, 1), None);
        assert_eq!(problems(&ok, &[open]), ["from"]);
        let mut long = ok.clone();
        long.note = Some("あ".repeat(NOTE_LIMIT + 1));
        assert_eq!(problems(&long, &[]), ["note"]);
        assert!(ok.in_force_on(d(2020, 1, 1)) && !ok.in_force_on(d(2012, 3, 31)));
        assert!(!earlier.in_force_on(d(2012, 4, 1)));
    }

    #[test]
    fn a_new_field_needs_a_code_of_its_own_and_two_labels() {
        let f = |code: &str, ja: &str| SpecialistField {
            code: code.into(),
            label_ja: ja.into(),
            label_en: "Field".into(),
        };
        let codes = |f: SpecialistField| {
            f.check(&fields())
                .into_iter()
                .map(|e| e.field.into_owned())
                .collect::<Vec<_>>()
        };
        assert!(codes(f("water", "上下水道")).is_empty());
        assert_eq!(codes(f("tax", "税")), ["code"]);
        assert_eq!(codes(f("Water Works", "上下水道")), ["code"]);
        assert_eq!(codes(f("water", " ")), ["label_ja"]);
    }
}
