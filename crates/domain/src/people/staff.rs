//! Staff records: names kept exactly as entered, codes for the rest.

use super::codes::{
    EMPLOYMENT_TYPES, GENDERS, HIRING_ROUTES, JOB_FAMILIES, JOB_GRADES, LEAVING_REASONS,
    STAFF_STATUSES,
};
use super::ids::StaffNumber;
use super::is_kana;
use super::unit::RecordProblem;
use crate::i18n::Message;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Staff {
    /// 職員番号: unique, kept as text (leading zeros matter).
    pub number: StaffNumber,
    /// 氏名, exactly as entered (髙, 﨑, 神 survive).
    pub name: String,
    /// フリガナ, exactly as entered.
    pub kana: String,
    pub gender: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub hire_date: NaiveDate,
    pub hiring_route: String,
    pub employment_type: String,
    /// 職種: general administration or a professional post (unknown when
    /// the city's files do not say).
    #[serde(default)]
    pub job_family: Option<String>,
    pub job_grade: Option<String>,
    pub qualifications: Vec<String>,
    pub status: String,
    pub leaving_date: Option<NaiveDate>,
    pub leaving_reason: Option<String>,
}

/// Checks each record, and duplicates of staff numbers across `all`.
pub fn check_staff(all: &[Staff]) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, s) in all.iter().enumerate() {
        let mut p = |field, message: Message| out.push(RecordProblem::new(i, field, message));
        // The number's shape was checked when it was read (StaffNumber).
        if let Some(first) = seen.insert(s.number.as_str(), i) {
            p(
                "number",
                Message::new("people_staff_number_twice")
                    .arg("number", &s.number)
                    .arg("first_row", first + 1),
            );
        }
        if s.name.trim().is_empty() {
            p("name", Message::new("people_staff_name_missing"));
        }
        if s.kana.trim().is_empty() {
            p("kana", Message::new("people_staff_kana_missing"));
        } else if !is_kana(&s.kana) {
            p(
                "kana",
                Message::new("people_staff_kana_bad").arg("kana", &s.kana),
            );
        }
        for (field, value, list) in [
            ("gender", s.gender.as_deref(), &GENDERS),
            (
                "hiring_route",
                Some(s.hiring_route.as_str()),
                &HIRING_ROUTES,
            ),
            (
                "employment_type",
                Some(s.employment_type.as_str()),
                &EMPLOYMENT_TYPES,
            ),
            ("job_family", s.job_family.as_deref(), &JOB_FAMILIES),
            ("job_grade", s.job_grade.as_deref(), &JOB_GRADES),
            ("status", Some(s.status.as_str()), &STAFF_STATUSES),
            (
                "leaving_reason",
                s.leaving_reason.as_deref(),
                &LEAVING_REASONS,
            ),
        ] {
            if let Some(v) = value
                && list.parse(v).is_none()
            {
                p(
                    field,
                    Message::new("people_code_unknown")
                        .choices("choices", list)
                        .arg("value", v),
                );
            }
        }
        if let Some(b) = s.birth_date
            && s.hire_date < b
        {
            p(
                "hire_date",
                Message::new("people_staff_hired_before_birth")
                    .arg("hire_date", s.hire_date)
                    .arg("birth_date", b),
            );
        }
        match (s.leaving_date, STAFF_STATUSES.parse(&s.status)) {
            (Some(l), _) if l < s.hire_date => p(
                "leaving_date",
                Message::new("people_staff_left_before_hire")
                    .arg("hire_date", s.hire_date)
                    .arg("leaving_date", l),
            ),
            (None, Some("left")) => p(
                "leaving_date",
                Message::new("people_staff_leaving_date_missing"),
            ),
            (Some(_), Some(st)) if st != "left" => {
                p("status", Message::new("people_staff_status_not_left"))
            }
            _ => {}
        }
        if s.leaving_reason.is_some() && s.leaving_date.is_none() {
            p(
                "leaving_reason",
                Message::new("people_staff_reason_without_date"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn staff(number: &'static str) -> Staff {
        Staff {
            number: number.into(),
            name: "髙橋 太郎".into(),
            kana: "タカハシ タロウ".into(),
            gender: Some("男性".into()),
            birth_date: NaiveDate::from_ymd_opt(1980, 5, 1),
            hire_date: NaiveDate::from_ymd_opt(2003, 4, 1).unwrap(),
            hiring_route: "新卒".into(),
            employment_type: "一般職".into(),
            job_family: Some("専門職".into()),
            job_grade: Some("主任".into()),
            qualifications: vec![],
            status: "在職".into(),
            leaving_date: None,
            leaving_reason: None,
        }
    }

    #[test]
    fn a_good_record_passes() {
        assert!(check_staff(&[staff("00123"), staff("00124")]).is_empty());
    }

    #[test]
    fn each_rule_names_its_field() {
        let mut bad = staff("00123");
        bad.kana = "高橋".into();
        bad.employment_type = "正社員".into();
        bad.hire_date = NaiveDate::from_ymd_opt(1970, 4, 1).unwrap();
        bad.status = "退職".into();
        let dup = staff("00123");
        let p = check_staff(&[bad, dup]);
        let fields: Vec<_> = p.iter().map(|p| (p.index, p.field)).collect();
        assert_eq!(
            fields,
            [
                (0, "kana"),
                (0, "employment_type"),
                (0, "hire_date"),
                (0, "leaving_date"),
                (1, "number")
            ]
        );
    }
}
