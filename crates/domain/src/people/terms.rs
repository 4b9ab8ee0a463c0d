//! Job grade and employment type over time (職層・雇用形態の履歴).
//!
//! Each staff member has a list of stretches ([`Term`]): from a day, until
//! the day the next one starts, a job grade and an employment type. "Grade
//! on date D" is the stretch in force on D. Promotions and demotions (人事発令
//! with their grades), re-employment, and staff sheets (their values as of
//! the import's 基準日) each make a change point ([`Change`]); [`apply`] keeps
//! the stretches ordered, merges a change into a stretch starting the same
//! day, and drops a stretch that changes nothing.
//!
//! A staff sheet only says what holds *now*; an event says what held before
//! it too (`from_grade`). So a stretch that came from a sheet is an
//! assumption an event's `from_grade` corrects, while a stretch an event made
//! is kept.

use super::codes::{CodeList, Coded, EMPLOYMENT_TYPES, JOB_GRADES};
use super::unit::RecordProblem;
use crate::i18n::Message;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a stretch came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TermSource {
    /// A staff sheet's value as of its 基準日 (or the hire date).
    Staff,
    /// A personnel event (昇任, 降任, 再任用).
    Event,
}

pub const TERM_SOURCES: CodeList = CodeList {
    name: "term source",
    items: &[
        ("staff", "職員台帳", "Staff sheet"),
        ("event", "人事発令", "Personnel event"),
    ],
};

impl Coded for TermSource {
    const LIST: CodeList = TERM_SOURCES;
}

/// One stretch of a person's job grade and employment type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Term {
    /// The first day it holds.
    pub from: NaiveDate,
    /// The day the next stretch starts (it holds until the day before);
    /// none while it is the last.
    pub until: Option<NaiveDate>,
    pub employment_type: String,
    pub job_grade: Option<String>,
    pub source: TermSource,
}

impl Term {
    /// Whether it holds on `day`.
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day < u)
    }

    fn same_values(&self, other: &Term) -> bool {
        self.employment_type == other.employment_type && self.job_grade == other.job_grade
    }
}

/// A change point: from `from`, the values it names (the others carry on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub from: NaiveDate,
    pub employment_type: Option<String>,
    /// `Some(None)`: from then on, no grade.
    pub job_grade: Option<Option<String>>,
    /// The grade held until the day before (an event's `from_grade`): it
    /// corrects a stretch that came from a staff sheet.
    pub grade_before: Option<String>,
    pub source: TermSource,
}

impl Change {
    /// A staff sheet's values, as of `from`.
    pub fn sheet(from: NaiveDate, employment_type: &str, job_grade: Option<&str>) -> Change {
        Change {
            from,
            employment_type: Some(employment_type.to_owned()),
            job_grade: Some(job_grade.map(str::to_owned)),
            grade_before: None,
            source: TermSource::Staff,
        }
    }
}

/// The stretch in force on `day`.
pub fn in_force(terms: &[Term], day: NaiveDate) -> Option<&Term> {
    terms.iter().find(|t| t.holds_on(day))
}

/// A new person's history: their sheet's values from their hire date.
pub fn first(hire: NaiveDate, employment_type: &str, job_grade: Option<&str>) -> Vec<Term> {
    vec![Term {
        from: hire,
        until: None,
        employment_type: employment_type.to_owned(),
        job_grade: job_grade.map(str::to_owned),
        source: TermSource::Staff,
    }]
}

/// A staff sheet's value at odds with a personnel event: the stretch in
/// force on the sheet's 基準日 came from an event (a promotion, say) and the
/// sheet names another grade or type. The sheet is older than the event, or
/// the event is wrong; either way a person says which, with a 基準日 before
/// the event or a corrected sheet. The problem names the field.
pub fn contradicts(terms: &[Term], change: &Change) -> Option<Contradiction> {
    let t = in_force(terms, change.from).filter(|t| t.source == TermSource::Event)?;
    let (field, stored, sheet) = match (&change.job_grade, &change.employment_type) {
        (Some(g), _) if *g != t.job_grade => ("job_grade", t.job_grade.clone(), g.clone()),
        (_, Some(e)) if *e != t.employment_type => (
            "employment_type",
            Some(t.employment_type.clone()),
            Some(e.clone()),
        ),
        _ => return None,
    };
    Some(Contradiction {
        field,
        since: t.from,
        stored,
        sheet,
    })
}

/// What [`contradicts`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    /// `job_grade` or `employment_type`.
    pub field: &'static str,
    /// The event's day.
    pub since: NaiveDate,
    pub stored: Option<String>,
    pub sheet: Option<String>,
}

impl Contradiction {
    /// The problem, placed at record `index`.
    pub fn at(&self, index: usize) -> RecordProblem {
        let list = if self.field == "job_grade" {
            &JOB_GRADES
        } else {
            &EMPLOYMENT_TYPES
        };
        let label = |v: &Option<String>| v.as_deref().map_or("-", |c| list.label(c)).to_owned();
        RecordProblem::new(
            index,
            self.field,
            Message::new("people_sheet_contradicts_event")
                .arg("sheet", label(&self.sheet))
                .arg("stored", label(&self.stored))
                .arg("since", self.since),
        )
    }
}

/// Applies a change point to a person's stretches (ordered by `from`). A
/// change dated before the first stretch (before the hire date) is left
/// out: nothing holds before someone is hired.
pub fn apply(terms: &mut Vec<Term>, change: &Change) {
    if terms.first().is_none_or(|f| change.from < f.from) {
        return;
    }
    // The grade before the change corrects an assumed stretch.
    if let Some(before) = &change.grade_before
        && let Some(prev) = terms
            .iter_mut()
            .rev()
            .find(|t| t.from < change.from && t.source == TermSource::Staff)
        && prev.until.is_none_or(|u| u >= change.from)
    {
        prev.job_grade = Some(before.clone());
    }
    let Some(base) = terms.iter().rev().find(|t| t.from <= change.from).cloned() else {
        return;
    };
    let new = Term {
        from: change.from,
        until: None,
        employment_type: change
            .employment_type
            .clone()
            .unwrap_or(base.employment_type.clone()),
        job_grade: change.job_grade.clone().unwrap_or(base.job_grade.clone()),
        source: change.source,
    };
    match terms.iter_mut().find(|t| t.from == change.from) {
        // A sheet does not overrule an event of the same day.
        Some(t) if t.source == TermSource::Event && change.source == TermSource::Staff => {}
        Some(t) => *t = new,
        None => terms.push(new),
    }
    settle(terms);
}

/// Moves the first stretch to the hire date (a corrected hire date), so
/// that every day in service has a stretch.
pub fn fit_to_hire(terms: &mut Vec<Term>, hire: NaiveDate) {
    // Stretches that would start on or before the hire date collapse into
    // the last of them, starting on it.
    let keep_from = terms.iter().rposition(|t| t.from <= hire).unwrap_or(0);
    terms.drain(..keep_from);
    if let Some(t) = terms.first_mut() {
        t.from = hire;
    }
    settle(terms);
}

/// Orders, drops stretches that change nothing, and sets each `until`.
fn settle(terms: &mut Vec<Term>) {
    terms.sort_by_key(|t| t.from);
    terms.dedup_by(|later, earlier| later.same_values(earlier));
    let starts: Vec<NaiveDate> = terms.iter().skip(1).map(|t| t.from).collect();
    for (i, t) in terms.iter_mut().enumerate() {
        t.until = starts.get(i).copied();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::codes::assert_list_matches;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn promotion(on: NaiveDate, from: &str, to: &str) -> Change {
        Change {
            from: on,
            employment_type: None,
            job_grade: Some(Some(to.into())),
            grade_before: Some(from.into()),
            source: TermSource::Event,
        }
    }

    fn grades(terms: &[Term]) -> Vec<(NaiveDate, Option<NaiveDate>, &str)> {
        terms
            .iter()
            .map(|t| (t.from, t.until, t.job_grade.as_deref().unwrap_or("-")))
            .collect()
    }

    #[test]
    fn sources_match_their_list() {
        assert_list_matches::<TermSource>();
    }

    #[test]
    fn promotions_in_any_order_give_the_same_history() {
        // The sheet says 係長 (what holds now); two promotions say when.
        let p1 = promotion(d(2005, 4, 1), "shuji", "shunin");
        let p2 = promotion(d(2012, 4, 1), "shunin", "kakaricho");
        let mut a = first(d(1998, 4, 1), "regular", Some("kakaricho"));
        apply(&mut a, &p1);
        apply(&mut a, &p2);
        let mut b = first(d(1998, 4, 1), "regular", Some("kakaricho"));
        apply(&mut b, &p2);
        apply(&mut b, &p1);
        assert_eq!(a, b);
        assert_eq!(
            grades(&a),
            [
                (d(1998, 4, 1), Some(d(2005, 4, 1)), "shuji"),
                (d(2005, 4, 1), Some(d(2012, 4, 1)), "shunin"),
                (d(2012, 4, 1), None, "kakaricho"),
            ]
        );
        assert_eq!(
            in_force(&a, d(2012, 3, 31)).unwrap().job_grade.as_deref(),
            Some("shunin")
        );
        assert_eq!(
            in_force(&a, d(2012, 4, 1)).unwrap().job_grade.as_deref(),
            Some("kakaricho")
        );
        assert!(in_force(&a, d(1998, 3, 31)).is_none(), "before hire");
    }

    #[test]
    fn an_event_is_not_overruled_by_an_earlier_assumption() {
        let mut t = first(d(2000, 4, 1), "regular", Some("shuji"));
        apply(&mut t, &promotion(d(2007, 4, 1), "shuji", "shunin"));
        // A later event naming a different grade before does not rewrite
        // the stretch the first event made.
        apply(&mut t, &promotion(d(2014, 4, 1), "kakaricho", "kacho_hosa"));
        assert_eq!(t[1].job_grade.as_deref(), Some("shunin"));
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn a_sheet_change_that_changes_nothing_adds_no_stretch() {
        let mut t = first(d(2000, 4, 1), "regular", Some("shuji"));
        apply(
            &mut t,
            &Change::sheet(d(2010, 4, 1), "regular", Some("shuji")),
        );
        assert_eq!(t.len(), 1);
        apply(
            &mut t,
            &Change::sheet(d(2010, 4, 1), "fixed_term", Some("shuji")),
        );
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].until, Some(d(2010, 4, 1)));
        assert_eq!(t[1].employment_type, "fixed_term");
        // Re-employment changes the type and keeps the grade.
        apply(
            &mut t,
            &Change {
                from: d(2015, 4, 1),
                employment_type: Some("reemployed".into()),
                job_grade: None,
                grade_before: None,
                source: TermSource::Event,
            },
        );
        assert_eq!(t[2].job_grade.as_deref(), Some("shuji"));
        // A sheet of the same day does not overrule the event.
        apply(&mut t, &Change::sheet(d(2015, 4, 1), "regular", None));
        assert_eq!(t[2].employment_type, "reemployed");
    }

    #[test]
    fn a_sheet_at_odds_with_an_event_is_named_not_applied() {
        let mut t = first(d(2003, 4, 1), "regular", Some("shunin"));
        apply(&mut t, &promotion(d(2012, 4, 1), "shunin", "kakaricho"));
        // An old sheet still says 主任.
        let stale = Change::sheet(d(2026, 11, 30), "regular", Some("shunin"));
        let c = contradicts(&t, &stale).expect("at odds with the promotion");
        assert_eq!((c.field, c.since), ("job_grade", d(2012, 4, 1)));
        assert_eq!(c.at(4).index, 4);
        // Dated before the promotion, it is the history it says.
        let dated = Change::sheet(d(2011, 4, 1), "regular", Some("shunin"));
        assert_eq!(contradicts(&t, &dated), None);
        // A sheet over a sheet's stretch is a change.
        let t = first(d(2003, 4, 1), "regular", Some("shunin"));
        assert_eq!(contradicts(&t, &stale), None);
    }

    #[test]
    fn a_corrected_hire_date_moves_the_first_stretch() {
        let mut t = first(d(2000, 4, 1), "regular", Some("shuji"));
        apply(&mut t, &promotion(d(2007, 4, 1), "shuji", "shunin"));
        apply(&mut t, &promotion(d(1990, 4, 1), "shuji", "bucho"));
        assert_eq!(t.len(), 2, "a change before the hire date is left out");
        fit_to_hire(&mut t, d(1999, 10, 1));
        assert_eq!(t[0].from, d(1999, 10, 1));
        fit_to_hire(&mut t, d(2008, 4, 1));
        assert_eq!(grades(&t), [(d(2008, 4, 1), None, "shunin")]);
    }
}
