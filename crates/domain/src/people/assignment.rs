//! Assignments (配属): one primary post at a time, concurrent posts (兼務)
//! as secondary.

use super::ids::{StaffNumber, UnitCode};
use super::unit::RecordProblem;
use crate::i18n::Message;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    pub staff_number: StaffNumber,
    pub unit_code: UnitCode,
    /// 役職 / post, free text ("係長", "担当").
    pub post: Option<String>,
    pub start: NaiveDate,
    /// Last day (inclusive); `None` while current.
    pub end: Option<NaiveDate>,
    /// False for a concurrent post (兼務).
    pub primary: bool,
}

impl Assignment {
    pub fn overlaps(&self, other: &Assignment) -> bool {
        let end = |a: &Assignment| a.end.unwrap_or(NaiveDate::MAX);
        self.start <= end(other) && other.start <= end(self)
    }

    pub fn active_on(&self, d: NaiveDate) -> bool {
        self.start <= d && self.end.is_none_or(|e| d <= e)
    }

    /// Days served up to `until` (inclusive).
    pub fn days_until(&self, until: NaiveDate) -> i64 {
        let end = self.end.map_or(until, |e| e.min(until));
        (end - self.start).num_days().max(-1) + 1
    }
}

/// What names a record in a message, in Japanese and English ("12行目",
/// "row 12").
pub type RecordName = (String, String);

/// A message as a [`RecordName`].
pub fn record_name(m: &Message) -> RecordName {
    (
        m.render(crate::i18n::Language::Ja),
        m.render(crate::i18n::Language::En),
    )
}

/// Range and overlap rules over borrowed records (an import checks a
/// million of them: nothing is cloned). `name(i)` names record `i` in
/// messages (the file row it came from, or the stored record); it is
/// called only for records with a problem.
pub fn check_assignments(
    list: &[&Assignment],
    name: &dyn Fn(usize) -> RecordName,
) -> Vec<RecordProblem> {
    let mut out = Vec::new();
    for (i, a) in list.iter().enumerate() {
        if let Some(end) = a.end.filter(|e| *e < a.start) {
            out.push(RecordProblem::new(
                i,
                "end",
                Message::new("people_assignment_ends_before_start")
                    .arg("start", a.start)
                    .arg("end", end),
            ));
        }
    }
    let mut order: Vec<usize> = (0..list.len()).filter(|&i| list[i].primary).collect();
    order.sort_unstable_by(|&a, &b| {
        (&list[a].staff_number, list[a].start, a).cmp(&(&list[b].staff_number, list[b].start, b))
    });
    for (k, &i) in order.iter().enumerate() {
        let end_i = list[i].end.unwrap_or(NaiveDate::MAX);
        for &j in &order[k + 1..] {
            // Sorted by start: later records of this person start later.
            if list[j].staff_number != list[i].staff_number || list[j].start > end_i {
                break;
            }
            if !list[i].overlaps(list[j]) {
                continue; // j's own range is reversed: reported above
            }
            let ((i_ja, i_en), (j_ja, j_en)) = (name(i), name(j));
            out.push(RecordProblem::new(
                j.max(i),
                "start",
                Message::new("people_assignment_overlap")
                    .arg("staff_number", &list[i].staff_number)
                    .each("i", i_ja, i_en)
                    .arg("start", list[i].start)
                    .each("j", j_ja, j_en)
                    .arg("start2", list[j].start),
            ));
        }
    }
    out.sort_by_key(|p| p.index);
    out
}

/// Names records by the file row each came from ("12行目" / "row 12"), or
/// by their place in the list ("#3") past the end of `rows`.
pub fn by_row(rows: &[usize]) -> impl Fn(usize) -> RecordName + '_ {
    move |i| match rows.get(i) {
        Some(r) => record_name(&Message::new("record_row").arg("row", r)),
        None => record_name(&Message::new("record_number").arg("n", i + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(
        staff: &'static str,
        from: (i32, u32, u32),
        to: Option<(i32, u32, u32)>,
        primary: bool,
    ) -> Assignment {
        let d = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        Assignment {
            staff_number: staff.into(),
            unit_code: "K1".into(),
            post: None,
            start: d(from),
            end: to.map(d),
            primary,
        }
    }

    #[test]
    fn primary_posts_may_not_overlap_but_concurrent_ones_may() {
        let list = vec![
            a("1", (2010, 4, 1), Some((2013, 3, 31)), true),
            a("1", (2013, 4, 1), None, true),
            a("1", (2012, 4, 1), None, false),
            a("2", (2010, 4, 1), None, true),
        ];
        let rows: Vec<usize> = (1..=4).collect();
        let refs: Vec<&Assignment> = list.iter().collect();
        assert!(check_assignments(&refs, &by_row(&rows)).is_empty());
        let mut clash = list.clone();
        clash[1].start = NaiveDate::from_ymd_opt(2013, 3, 31).unwrap();
        let refs: Vec<&Assignment> = clash.iter().collect();
        let p = check_assignments(&refs, &by_row(&rows));
        assert_eq!(p.len(), 1);
        assert!(
            p[0].message
                .render(crate::i18n::Language::En)
                .contains("row 1")
                && p[0]
                    .message
                    .render(crate::i18n::Language::En)
                    .contains("row 2"),
            "{}",
            p[0].message
        );
        assert_eq!(
            list[0].days_until(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()),
            1096
        );
    }
}
