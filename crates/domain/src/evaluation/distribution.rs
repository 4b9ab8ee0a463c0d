//! The published distribution of ratings (評価結果の分布): per group
//! (department, or grade tier) the count and share in each band, beside
//! the city's target shares — with every small cell withheld.
//!
//! Suppression: a count of 1 to `min_cell - 1` is withheld (primary); so
//! is a group's or a band's total below `min_cell`. Then, so that no
//! withheld number can be worked out from the published ones, every line
//! of the table (each group with its total, each band with its total)
//! must withhold none or at least two of its numbers: where a line
//! withholds exactly one, the smallest other number of the line is
//! withheld too (secondary), until no line withholds exactly one.

use crate::people::codes::{CodeList, Coded};
use crate::report::{Column, Table, Value};
use serde::{Deserialize, Serialize};

pub const GROUPINGS: CodeList = CodeList {
    name: "distribution grouping",
    items: &[
        ("department", "部別", "By department"),
        ("tier", "職層別", "By grade tier"),
    ],
};

/// What the rows of a published distribution are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Grouping {
    /// The department (部) of the evaluatee's unit at the period's end.
    Department,
    /// The grade tier at the period's end: 係員級, 係長級, 管理職.
    Tier,
}

impl Coded for Grouping {
    const LIST: CodeList = GROUPINGS;
}

pub const TIERS: CodeList = CodeList {
    name: "grade tier",
    items: &[
        ("staff", "係員級", "Staff"),
        ("supervisor", "係長級", "Supervisors"),
        ("manager", "管理職", "Managers"),
        ("other", "その他", "Other"),
    ],
};

/// The tier of a job grade (JOB_GRADES codes).
pub fn tier_of(grade: Option<&str>) -> &'static str {
    match grade {
        Some("shuji" | "shunin") => "staff",
        Some("kakaricho" | "kacho_hosa") => "supervisor",
        Some("kacho" | "bucho") => "manager",
        _ => "other",
    }
}

/// A published number: its value, or withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cell {
    Shown(u64),
    Withheld,
}

impl Cell {
    pub fn value(self) -> Option<u64> {
        match self {
            Cell::Shown(n) => Some(n),
            Cell::Withheld => None,
        }
    }
}

/// The table as published: group rows × band columns, with each row's and
/// column's total and the grand total.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Published {
    pub bands: Vec<String>,
    pub groups: Vec<String>,
    pub cells: Vec<Vec<Cell>>,
    pub group_totals: Vec<Cell>,
    pub band_totals: Vec<Cell>,
    pub total: Cell,
}

impl Published {
    /// A shown cell's share of its group's shown total, in percent (one
    /// decimal).
    pub fn share(&self, group: usize, band: usize) -> Option<f64> {
        let n = self.cells.get(group)?.get(band)?.value()?;
        let t = self.group_totals.get(group)?.value()?;
        (t > 0).then(|| (n as f64 * 1000.0 / t as f64).round() / 10.0)
    }

    /// A band's share of the grand total, in percent.
    pub fn band_share(&self, band: usize) -> Option<f64> {
        let n = self.band_totals.get(band)?.value()?;
        let t = self.total.value()?;
        (t > 0).then(|| (n as f64 * 1000.0 / t as f64).round() / 10.0)
    }
}

impl Published {
    /// The table as files carry it: a row per group and one for the whole,
    /// each band's count and share (withheld cells left blank and marked),
    /// and the target shares when the city has them.
    /// `labels`: the group column's header, the total's, the mark of a
    /// withheld cell and the target row's name, in the reader's language.
    pub fn table(&self, title: &str, labels: [&str; 4], targets: &[Option<f64>]) -> Table {
        let [group, total, withheld, target] = labels;
        let mut columns = vec![Column::new("group", group)];
        for b in &self.bands {
            columns.push(Column::new(format!("{b}_count"), format!("{b}（人）")));
            columns.push(Column::new(format!("{b}_share"), format!("{b}（%）")));
        }
        columns.push(Column::new("total", total));
        let show = |c: Cell| match c {
            Cell::Shown(n) => Value::Number(n as f64),
            Cell::Withheld => Value::Text(withheld.to_owned()),
        };
        let share = |v: Option<f64>| v.map_or(Value::Empty, Value::Number);
        let mut rows = Vec::new();
        for (g, name) in self.groups.iter().enumerate() {
            let mut row = vec![Value::Text(name.clone())];
            for b in 0..self.bands.len() {
                row.push(show(self.cells[g][b]));
                row.push(share(self.share(g, b)));
            }
            row.push(show(self.group_totals[g]));
            rows.push(row);
        }
        let mut row = vec![Value::Text(total.to_owned())];
        for b in 0..self.bands.len() {
            row.push(show(self.band_totals[b]));
            row.push(share(self.band_share(b)));
        }
        row.push(show(self.total));
        rows.push(row);
        if targets.iter().any(Option::is_some) {
            let mut row = vec![Value::Text(target.to_owned())];
            for t in targets {
                row.push(Value::Empty);
                row.push(share(*t));
            }
            row.push(Value::Empty);
            rows.push(row);
        }
        let row_codes = rows.iter().map(|_| String::new()).collect();
        Table {
            title: title.to_owned(),
            columns,
            rows,
            row_codes,
        }
    }
}

/// Builds the published table from counts (`counts[group][band]`),
/// withholding what would identify anyone.
pub fn publish(
    groups: Vec<String>,
    bands: Vec<String>,
    counts: &[Vec<u64>],
    min_cell: u64,
) -> Published {
    build(groups, bands, counts, min_cell, true)
}

fn build(
    groups: Vec<String>,
    bands: Vec<String>,
    counts: &[Vec<u64>],
    min_cell: u64,
    secondary: bool,
) -> Published {
    let rows = groups.len();
    let cols = bands.len();
    // The whole table with its margins: (rows + 1) × (cols + 1); the last
    // row holds band totals, the last column group totals.
    let mut value = vec![vec![0u64; cols + 1]; rows + 1];
    for (r, line) in counts.iter().enumerate().take(rows) {
        for (c, n) in line.iter().enumerate().take(cols) {
            value[r][c] = *n;
            value[r][cols] += n;
            value[rows][c] += n;
            value[rows][cols] += n;
        }
    }
    let small = |n: u64| n > 0 && n < min_cell;
    let mut hidden = vec![vec![false; cols + 1]; rows + 1];
    for r in 0..=rows {
        for c in 0..=cols {
            hidden[r][c] = small(value[r][c]);
        }
    }
    // Secondary suppression: no line may withhold exactly one number.
    let mut pending = secondary;
    while pending {
        let mut changed = false;
        let lines: Vec<Vec<(usize, usize)>> = (0..=rows)
            .map(|r| (0..=cols).map(|c| (r, c)).collect())
            .chain((0..=cols).map(|c| (0..=rows).map(|r| (r, c)).collect()))
            .collect();
        for line in lines {
            let withheld = line.iter().filter(|(r, c)| hidden[*r][*c]).count();
            if withheld != 1 {
                continue;
            }
            // The smallest other number of the line, inner cells first.
            let pick = line
                .iter()
                .filter(|(r, c)| !hidden[*r][*c])
                .min_by_key(|(r, c)| (*r == rows || *c == cols, value[*r][*c] == 0, value[*r][*c]));
            if let Some((r, c)) = pick {
                hidden[*r][*c] = true;
                changed = true;
            }
        }
        pending = changed;
    }
    let cell = |r: usize, c: usize| {
        if hidden[r][c] {
            Cell::Withheld
        } else {
            Cell::Shown(value[r][c])
        }
    };
    Published {
        cells: (0..rows)
            .map(|r| (0..cols).map(|c| cell(r, c)).collect())
            .collect(),
        group_totals: (0..rows).map(|r| cell(r, cols)).collect(),
        band_totals: (0..cols).map(|c| cell(rows, c)).collect(),
        total: cell(rows, cols),
        bands,
        groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(counts: &[Vec<u64>]) -> Published {
        let groups = (0..counts.len()).map(|i| format!("部{i}")).collect();
        let bands = ["S", "A", "B", "C", "D"].map(String::from).to_vec();
        publish(groups, bands, counts, 10)
    }

    /// The whole table with margins, as counted (the truth).
    fn truth(counts: &[Vec<u64>]) -> Vec<Vec<u64>> {
        let rows = counts.len();
        let cols = counts[0].len();
        let mut v = vec![vec![0u64; cols + 1]; rows + 1];
        for r in 0..rows {
            for c in 0..cols {
                v[r][c] = counts[r][c];
                v[r][cols] += counts[r][c];
                v[rows][c] += counts[r][c];
                v[rows][cols] += counts[r][c];
            }
        }
        v
    }

    /// The published table's withheld positions (margins included).
    fn withheld(p: &Published) -> Vec<(usize, usize)> {
        let rows = p.groups.len();
        let cols = p.bands.len();
        let mut out = Vec::new();
        for r in 0..=rows {
            for c in 0..=cols {
                let cell = if r == rows && c == cols {
                    p.total
                } else if r == rows {
                    p.band_totals[c]
                } else if c == cols {
                    p.group_totals[r]
                } else {
                    p.cells[r][c]
                };
                if cell == Cell::Withheld {
                    out.push((r, c));
                }
            }
        }
        out
    }

    /// Whether a line of the table adds up (a row, or a column).
    type LineCheck<'a> = &'a dyn Fn(&Vec<Vec<u64>>, Option<usize>, Option<usize>) -> bool;

    /// An attacker's attempt: every value of the withheld numbers (within
    /// `spread` of the truth) that agrees with what is published — each
    /// line's cells adding up to its total. Returns, per withheld number,
    /// the values it could take.
    fn readings(
        p: &Published,
        truth: &[Vec<u64>],
        spread: u64,
    ) -> Vec<std::collections::BTreeSet<u64>> {
        let rows = p.groups.len();
        let cols = p.bands.len();
        let unknown = withheld(p);
        let mut table: Vec<Vec<u64>> = truth.to_vec();
        let mut seen = vec![std::collections::BTreeSet::new(); unknown.len()];
        // A line is checked once all its withheld numbers are set.
        let line_ok = |t: &Vec<Vec<u64>>, r: Option<usize>, c: Option<usize>| -> bool {
            match (r, c) {
                (Some(r), _) => (0..cols).map(|c| t[r][c]).sum::<u64>() == t[r][cols],
                (_, Some(c)) => (0..rows).map(|r| t[r][c]).sum::<u64>() == t[rows][c],
                _ => true,
            }
        };
        fn go(
            i: usize,
            unknown: &[(usize, usize)],
            table: &mut Vec<Vec<u64>>,
            truth: &[Vec<u64>],
            spread: u64,
            seen: &mut Vec<std::collections::BTreeSet<u64>>,
            line_ok: LineCheck<'_>,
        ) {
            if i == unknown.len() {
                for (k, (r, c)) in unknown.iter().enumerate() {
                    seen[k].insert(table[*r][*c]);
                }
                return;
            }
            let (r, c) = unknown[i];
            let t = truth[r][c];
            for v in t.saturating_sub(spread)..=t + spread {
                table[r][c] = v;
                // Lines whose last withheld number this is.
                let row_done = unknown[i + 1..].iter().all(|(rr, _)| *rr != r);
                let col_done = unknown[i + 1..].iter().all(|(_, cc)| *cc != c);
                if (!row_done || line_ok(table, Some(r), None))
                    && (!col_done || line_ok(table, None, Some(c)))
                {
                    go(i + 1, unknown, table, truth, spread, seen, line_ok);
                }
            }
            table[r][c] = truth[r][c];
        }
        go(0, &unknown, &mut table, truth, spread, &mut seen, &line_ok);
        seen
    }

    #[test]
    fn large_cells_are_shown_with_their_shares() {
        let p = table(&[vec![12, 40, 120, 20, 10], vec![10, 30, 90, 15, 10]]);
        assert!(
            p.cells
                .iter()
                .flatten()
                .all(|c| matches!(c, Cell::Shown(_)))
        );
        assert_eq!(p.share(0, 2), Some(59.4));
        assert_eq!(p.band_share(2), Some(58.8));
        assert_eq!(p.total, Cell::Shown(357));
    }

    #[test]
    fn a_withheld_cell_cannot_be_worked_out_from_what_is_published() {
        // 部1 has a single D and 部2 three Cs: both identify people.
        let counts = vec![
            vec![12, 40, 120, 20, 10],
            vec![10, 30, 90, 15, 1],
            vec![10, 25, 60, 3, 11],
        ];
        let p = table(&counts);
        assert_eq!(p.cells[1][4], Cell::Withheld);
        assert_eq!(p.cells[2][3], Cell::Withheld);
        for line in &p.cells {
            let n = line.iter().filter(|c| **c == Cell::Withheld).count();
            assert!(n != 1, "no row withholds exactly one: {p:?}");
        }
        // Try the values the withheld numbers could take: each keeps more
        // than one possible value, the true one among them.
        let t = truth(&counts);
        for ((r, c), values) in withheld(&p).iter().zip(readings(&p, &t, 2)) {
            assert!(
                values.len() > 1,
                "cell {r},{c} is pinned to {values:?}: {p:?}"
            );
            assert!(values.contains(&t[*r][*c]));
        }
        // The same attack succeeds on the small cells alone withheld: the
        // row totals give them back.
        let bands = ["S", "A", "B", "C", "D"].map(String::from).to_vec();
        let naive = build(p.groups.clone(), bands, &counts, 10, false);
        let pinned: Vec<u64> = withheld(&naive)
            .iter()
            .zip(readings(&naive, &t, 2))
            .filter(|(_, v)| v.len() == 1)
            .map(|((r, c), _)| t[*r][*c])
            .collect();
        assert_eq!(
            pinned,
            [1, 3],
            "without secondary suppression the 1 and the 3 are read back"
        );
    }

    #[test]
    fn a_small_group_is_withheld_whole_with_a_partner() {
        // 部1 has 6 people: its total and every non-zero cell go; another
        // group's numbers go with them so that band totals do not give
        // them back.
        let p = table(&[
            vec![12, 40, 120, 20, 10],
            vec![0, 1, 4, 1, 0],
            vec![10, 25, 60, 15, 11],
        ]);
        assert_eq!(p.group_totals[1], Cell::Withheld);
        for c in 0..5 {
            let column = (0..3).filter(|r| p.cells[*r][c] == Cell::Withheld).count()
                + usize::from(p.band_totals[c] == Cell::Withheld);
            assert!(column != 1, "band {c}: {p:?}");
        }
        let counts = [
            vec![12, 40, 120, 20, 10],
            vec![0, 1, 4, 1, 0],
            vec![10, 25, 60, 15, 11],
        ];
        let t = truth(&counts);
        for ((r, c), values) in withheld(&p).iter().zip(readings(&p, &t, 2)) {
            assert!(
                values.len() > 1,
                "cell {r},{c} is pinned to {values:?}: {p:?}"
            );
        }
    }
}
