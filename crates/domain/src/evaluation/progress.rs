//! How far a period has come (HR's period overview): each department's
//! evaluatees by where their sheets stand, how many have been disclosed
//! and had their 期末面談, and the complaints still open.

use crate::evaluation::sheet::SheetState;
use serde::Serialize;
use std::collections::BTreeMap;

/// One group's (a department's, or everyone's) evaluatees.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressRow {
    /// The department's unit code ("" for evaluatees serving nowhere on
    /// the day; empty too in the total row).
    pub group: String,
    pub evaluatees: u64,
    /// Evaluatees by sheet state, in the cycle's order (未着手 first:
    /// those with no sheet yet count there).
    pub by_state: Vec<u64>,
    /// Evaluatees who had a 期末面談 from the period's first day to the
    /// fiscal year's last.
    pub talked: u64,
    /// Complaints filed and not yet handled.
    pub open_complaints: u64,
}

impl ProgressRow {
    fn empty(group: &str) -> ProgressRow {
        ProgressRow {
            group: group.to_owned(),
            by_state: vec![0; <SheetState as strum::VariantArray>::VARIANTS.len()],
            ..ProgressRow::default()
        }
    }

    /// Evaluatees whose sheet stands at `state`.
    pub fn at(&self, state: SheetState) -> u64 {
        <SheetState as strum::VariantArray>::VARIANTS
            .iter()
            .position(|s| *s == state)
            .and_then(|i| self.by_state.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// Share of evaluatees (percent, one decimal) whose result was
    /// disclosed; none over nobody.
    pub fn disclosed_share(&self) -> Option<f64> {
        share(self.at(SheetState::Disclosed), self.evaluatees)
    }

    /// Share of evaluatees who had their 期末面談.
    pub fn talked_share(&self) -> Option<f64> {
        share(self.talked, self.evaluatees)
    }
}

fn share(n: u64, of: u64) -> Option<f64> {
    (of > 0).then(|| (n as f64 * 1000.0 / of as f64).round() / 10.0)
}

/// Counts from the store: (group, state code, evaluatees, of whom talked,
/// open complaints).
pub type Counted = (String, String, u64, u64, u64);

/// Rows by group (in code order) and their total. A state code the cycle
/// does not know is counted as 未着手, so that nobody drops out of the
/// totals.
pub fn tabulate(counted: &[Counted]) -> (Vec<ProgressRow>, ProgressRow) {
    let mut rows: BTreeMap<&str, ProgressRow> = BTreeMap::new();
    let mut total = ProgressRow::empty("");
    for (group, state, n, talked, open) in counted {
        let i = <SheetState as strum::VariantArray>::VARIANTS
            .iter()
            .position(|s| crate::people::codes::Coded::code(*s) == state)
            .unwrap_or(0);
        for row in [
            rows.entry(group)
                .or_insert_with(|| ProgressRow::empty(group)),
            &mut total,
        ] {
            row.evaluatees += n;
            row.by_state[i] += n;
            row.talked += talked;
            row.open_complaints += open;
        }
    }
    (rows.into_values().collect(), total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_are_tabulated_by_state_with_shares_and_a_total() {
        let counted: Vec<Counted> = vec![
            ("B02".into(), "disclosed".into(), 6, 5, 1),
            ("B01".into(), "not_started".into(), 3, 0, 0),
            ("B01".into(), "disclosed".into(), 1, 1, 0),
            ("B02".into(), "first_done".into(), 2, 0, 0),
            ("B01".into(), "no_such_state".into(), 1, 0, 0),
        ];
        let (rows, total) = tabulate(&counted);
        assert_eq!(
            rows.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(),
            ["B01", "B02"]
        );
        let b01 = &rows[0];
        assert_eq!((b01.evaluatees, b01.at(SheetState::NotStarted)), (5, 4));
        assert_eq!(b01.disclosed_share(), Some(20.0));
        let b02 = &rows[1];
        assert_eq!(b02.at(SheetState::FirstDone), 2);
        assert_eq!(b02.talked_share(), Some(62.5));
        assert_eq!(
            (total.evaluatees, total.talked, total.open_complaints),
            (13, 6, 1)
        );
        assert_eq!(total.at(SheetState::Disclosed), 7);
        assert_eq!(total.by_state.iter().sum::<u64>(), total.evaluatees);
        assert_eq!(ProgressRow::empty("").disclosed_share(), None);
    }
}
