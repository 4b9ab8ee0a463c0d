//! Personnel events (人事発令): promotions, demotions (voluntary: 希望降格),
//! transfers, secondments and personnel exchanges out and in, re-employment,
//! early retirement — the records several plan measures count.

use super::codes::{CodeList, Coded, JOB_GRADES};
use super::ids::StaffNumber;
use super::unit::RecordProblem;
use crate::i18n::Message;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const EVENT_KINDS: CodeList = CodeList {
    name: "event kind",
    items: &[
        ("hire", "採用", "Hire"),
        ("promotion", "昇任", "Promotion"),
        ("demotion", "降任", "Demotion"),
        ("transfer", "異動", "Transfer"),
        ("secondment_out", "派遣（出向）", "Secondment out"),
        ("secondment_in", "受入（出向）", "Secondment in"),
        ("exchange_out", "人事交流（派遣）", "Personnel exchange out"),
        ("exchange_in", "人事交流（受入）", "Personnel exchange in"),
        ("reemployment", "再任用", "Re-employment"),
        ("early_retirement", "定年前早期退職", "Early retirement"),
        ("retirement", "退職", "Retirement"),
    ],
};

/// What a personnel event is (its labels: [`EVENT_KINDS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum EventKind {
    Hire,
    Promotion,
    Demotion,
    Transfer,
    SecondmentOut,
    SecondmentIn,
    ExchangeOut,
    ExchangeIn,
    Reemployment,
    EarlyRetirement,
    Retirement,
}

impl Coded for EventKind {
    const LIST: CodeList = EVENT_KINDS;
}

impl EventKind {
    /// Secondments and exchanges: they name a partner body.
    pub fn has_partner(self) -> bool {
        use EventKind::*;
        matches!(
            self,
            SecondmentOut | SecondmentIn | ExchangeOut | ExchangeIn
        )
    }

    /// Arrivals from another body, which may come before the hire date.
    pub fn arrives(self) -> bool {
        matches!(self, EventKind::SecondmentIn | EventKind::ExchangeIn)
    }
}

/// Kinds of partner body in secondments and exchanges.
pub const PARTNER_TYPES: CodeList = CodeList {
    name: "partner type",
    items: &[
        ("tokyo_metro", "東京都", "Tokyo Metropolitan Government"),
        ("joint_body", "一部事務組合", "Joint body"),
        ("municipality", "他市町村", "Other municipality"),
        ("national", "国", "National government"),
        ("company", "民間企業", "Company"),
        ("other", "その他", "Other"),
    ],
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonnelEvent {
    pub staff_number: StaffNumber,
    pub kind: EventKind,
    /// 発令日
    pub date: NaiveDate,
    /// Last day, for secondments and exchanges.
    pub end: Option<NaiveDate>,
    /// A demotion the person asked for (希望降格).
    pub voluntary: bool,
    pub partner_type: Option<String>,
    pub partner: Option<String>,
    pub from_grade: Option<String>,
    pub to_grade: Option<String>,
    pub note: Option<String>,
}

impl PersonnelEvent {
    /// An event of `kind` on `date` with nothing else said (no end, not
    /// requested, no partner, grades or note); set the rest as needed.
    pub fn new(staff_number: StaffNumber, kind: EventKind, date: NaiveDate) -> PersonnelEvent {
        PersonnelEvent {
            staff_number,
            kind,
            date,
            end: None,
            voluntary: false,
            partner_type: None,
            partner: None,
            from_grade: None,
            to_grade: None,
            note: None,
        }
    }

    /// What the event does to the person's job grade or employment type
    /// (see [`crate::people::terms`]): a promotion or demotion sets the
    /// grade (and says the one before), re-employment the type.
    pub fn grade_change(&self) -> Option<crate::people::terms::Change> {
        use crate::people::terms::{Change, TermSource};
        let change = Change {
            from: self.date,
            employment_type: None,
            job_grade: None,
            grade_before: None,
            source: TermSource::Event,
        };
        match self.kind {
            EventKind::Promotion | EventKind::Demotion => self.to_grade.as_ref().map(|to| Change {
                job_grade: Some(Some(to.clone())),
                grade_before: self.from_grade.clone(),
                ..change
            }),
            EventKind::Reemployment => Some(Change {
                employment_type: Some("reemployed".into()),
                ..change
            }),
            _ => None,
        }
    }

    /// True when the event was in force at some time in [from, to].
    pub fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.date <= to && self.end.unwrap_or(self.date) >= from
    }
}

pub fn check_events(list: &[PersonnelEvent]) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    for (i, e) in list.iter().enumerate() {
        let mut p = |field, message: Message| out.push(RecordProblem::new(i, field, message));
        let k = e.kind;
        if e.voluntary && k != EventKind::Demotion {
            p(
                "voluntary",
                Message::new("people_event_voluntary_not_demotion"),
            );
        }
        if k.has_partner() && e.partner.as_deref().is_none_or(|s| s.trim().is_empty()) {
            p(
                "partner",
                Message::new("people_event_partner_missing").label("kind", &EVENT_KINDS, k.code()),
            );
        }
        if matches!(k, EventKind::Promotion | EventKind::Demotion) && e.to_grade.is_none() {
            p(
                "to_grade",
                Message::new("people_event_grade_missing").label("kind", &EVENT_KINDS, k.code()),
            );
        }
        if let Some(t) = &e.partner_type
            && PARTNER_TYPES.parse(t).is_none()
        {
            p(
                "partner_type",
                Message::new("people_event_partner_type_unknown")
                    .choices("choices", &PARTNER_TYPES)
                    .arg("value", t),
            );
        }
        for (field, g) in [("from_grade", &e.from_grade), ("to_grade", &e.to_grade)] {
            if let Some(g) = g
                && JOB_GRADES.parse(g).is_none()
            {
                p(
                    field,
                    Message::new("people_grade_unknown")
                        .choices("choices", &JOB_GRADES)
                        .arg("grade", g),
                );
            }
        }
        if e.end.is_some_and(|end| end < e.date) {
            p("end", Message::new("people_event_ends_before_date"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(kind: &str) -> PersonnelEvent {
        PersonnelEvent::new(
            "1".into(),
            EventKind::from_code(kind).unwrap_or_else(|| panic!("no kind {kind}")),
            NaiveDate::from_ymd_opt(2012, 4, 1).unwrap(),
        )
    }

    #[test]
    fn kinds_are_their_code_list() {
        crate::people::codes::assert_list_matches::<EventKind>();
    }

    #[test]
    fn rules_per_kind() {
        let ok = vec![
            PersonnelEvent {
                to_grade: Some("kakaricho".into()),
                ..ev("promotion")
            },
            PersonnelEvent {
                voluntary: true,
                from_grade: Some("kakaricho".into()),
                to_grade: Some("shunin".into()),
                ..ev("demotion")
            },
            PersonnelEvent {
                partner: Some("東京都総務局".into()),
                partner_type: Some("東京都".into()),
                end: NaiveDate::from_ymd_opt(2014, 3, 31),
                ..ev("exchange_out")
            },
        ];
        assert!(check_events(&ok).is_empty(), "{:?}", check_events(&ok));
        let bad = vec![
            PersonnelEvent {
                voluntary: true,
                ..ev("transfer")
            },
            ev("exchange_in"),
            ev("promotion"),
            // (An unknown kind cannot reach the check: it is an
            // `EventKind`, read by the file reader.)
            PersonnelEvent {
                end: NaiveDate::from_ymd_opt(2011, 1, 1),
                partner: Some("x".into()),
                ..ev("secondment_out")
            },
        ];
        let fields: Vec<_> = check_events(&bad)
            .iter()
            .map(|p| (p.index, p.field))
            .collect();
        assert_eq!(
            fields,
            [
                (0, "voluntary"),
                (1, "partner"),
                (2, "to_grade"),
                (3, "end")
            ]
        );
        let e = PersonnelEvent {
            end: NaiveDate::from_ymd_opt(2013, 3, 31),
            ..ev("exchange_out")
        };
        assert!(e.overlaps(
            NaiveDate::from_ymd_opt(2012, 4, 1).unwrap(),
            NaiveDate::from_ymd_opt(2013, 3, 31).unwrap()
        ));
        assert!(!e.overlaps(
            NaiveDate::from_ymd_opt(2013, 4, 1).unwrap(),
            NaiveDate::from_ymd_opt(2014, 3, 31).unwrap()
        ));
    }
}
