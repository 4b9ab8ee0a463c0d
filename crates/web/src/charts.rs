//! SVG charts drawn on the server: Japanese labels stay `<text>`, no
//! script, no external asset. Each chart has a data table beside it in the
//! page for screen readers and print.

use jinzai_domain::grade::fmt_num;
use std::fmt::Write;

/// How a target bar and an actual bar look (chart and legend alike).
const TARGET_LOOK: &str =
    r##"fill="#ffffff" stroke="#2f6fb5" stroke-width="2" stroke-dasharray="4 2""##;
const ACTUAL_LOOK: &str = r##"fill="#1a7f37""##;

/// Colours per grade position (best first), then not assessed, then ungraded.
const GRADE_COLOURS: [&str; 6] = [
    "#1a7f37", "#2f6fb5", "#b7791f", "#c0392b", "#6b3fa0", "#555555",
];
pub const NOT_ASSESSED_COLOUR: &str = "#8c8c8c";
pub const UNGRADED_COLOUR: &str = "#d9d9d9";
/// Not reported: paler still, with dark text.
pub const UNREPORTED_COLOUR: &str = "#f2f4f7";

pub fn grade_colour(index: usize) -> &'static str {
    GRADE_COLOURS.get(index).copied().unwrap_or("#555555")
}

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One stacked bar: a label and (segment label, count, colour).
pub struct StackRow {
    pub label: String,
    pub segments: Vec<(String, usize, &'static str)>,
}

/// The roll-up of each top-level item (柱) of a plan for a year, labelled
/// with its display number and title.
pub fn top_rollups(
    plan: &jinzai_domain::Plan,
    year: jinzai_domain::FiscalYear,
    book: &jinzai_domain::rollup::ProgressBook,
) -> Vec<(String, jinzai_domain::rollup::Rollup)> {
    plan.roots()
        .map(|r| {
            (
                r.display_title(),
                jinzai_domain::rollup::rollup(plan, year, Some(&r.code), book),
            )
        })
        .collect()
}

/// Grades per top-level item as stacked-bar rows: the series (each grade
/// of the plan's scale, 対象外, 未評価, 未報告, with its colour) and a row
/// per item. The dashboard and the public page draw the same.
pub fn grade_stack(
    plan: &jinzai_domain::Plan,
    rollups: &[(String, jinzai_domain::rollup::Rollup)],
    lang: crate::i18n::Lang,
) -> (Vec<(String, &'static str)>, Vec<StackRow>) {
    let scale = &plan.grades;
    let names: Vec<(String, &'static str)> = scale
        .scale
        .iter()
        .enumerate()
        .map(|(i, g)| (format!("{} {}", g.code, g.label), grade_colour(i)))
        .chain([(
            format!("{} {}", scale.not_assessed.code, scale.not_assessed.label),
            NOT_ASSESSED_COLOUR,
        )])
        .chain([
            (lang.t("grade_none").to_owned(), UNGRADED_COLOUR),
            (lang.t("unreported").to_owned(), UNREPORTED_COLOUR),
        ])
        .collect();
    let rows = rollups
        .iter()
        .map(|(label, r)| StackRow {
            label: label.clone(),
            segments: r
                .by_grade
                .iter()
                .zip(&names)
                .map(|((_, n), (name, colour))| (name.clone(), *n, *colour))
                .collect(),
        })
        .collect();
    (names, rows)
}

/// Horizontal stacked bars, one per row (grades per pillar).
pub fn stacked_bars(title: &str, rows: &[StackRow]) -> String {
    let (label_w, bar_w, row_h, top) = (260.0, 460.0, 34.0, 10.0);
    let legend_h = 30.0;
    let height = top + rows.len() as f64 * row_h + legend_h + 10.0;
    let max = rows
        .iter()
        .map(|r| r.segments.iter().map(|s| s.1).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        w = label_w + bar_w + 40.0,
        t = esc(title)
    );
    for (i, r) in rows.iter().enumerate() {
        let y = top + i as f64 * row_h;
        let _ = write!(
            svg,
            r##"<text x="{x}" y="{ty}" text-anchor="end" class="label">{l}</text>"##,
            x = label_w - 8.0,
            ty = y + 19.0,
            l = esc(&r.label)
        );
        let mut x = label_w;
        for (name, n, colour) in &r.segments {
            if *n == 0 {
                continue;
            }
            let w = *n as f64 / max * bar_w;
            let _ = write!(
                svg,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="24" fill="{colour}" stroke="#8c959f" stroke-width="0.5"><title>{t}: {n}</title></rect>"##,
                t = esc(name)
            );
            if w >= 18.0 {
                let fg = if *colour == UNGRADED_COLOUR || *colour == UNREPORTED_COLOUR {
                    "#222222"
                } else {
                    "#ffffff"
                };
                let _ = write!(
                    svg,
                    r##"<text x="{cx:.1}" y="{ty:.1}" text-anchor="middle" fill="{fg}" class="value">{n}</text>"##,
                    cx = x + w / 2.0,
                    ty = y + 17.0
                );
            }
            x += w;
        }
    }
    // Legend from the first row's segment names.
    if let Some(first) = rows.first() {
        let ly = top + rows.len() as f64 * row_h + 12.0;
        let mut lx = 10.0;
        for (name, _, colour) in &first.segments {
            let _ = write!(
                svg,
                r##"<rect x="{lx:.1}" y="{ly:.1}" width="12" height="12" fill="{colour}" stroke="#8c959f" stroke-width="0.5"/><text x="{tx:.1}" y="{ty:.1}" class="legend">{t}</text>"##,
                tx = lx + 16.0,
                ty = ly + 11.0,
                t = esc(name)
            );
            lx += 30.0
                + name
                    .chars()
                    .map(|c| if c.is_ascii() { 7.0 } else { 12.0 })
                    .sum::<f64>();
        }
    }
    svg.push_str("</svg>");
    svg
}

/// One panel of target-vs-actual: a measure and (year label, target, actual) per year.
pub struct TargetPanel {
    pub title: String,
    pub unit: String,
    pub years: Vec<(String, Option<f64>, Option<f64>)>,
}

/// Small multiples: per measure, target (outlined) and actual (filled) bars
/// per year, each panel on its own scale.
pub fn target_panels(
    title: &str,
    panels: &[TargetPanel],
    target_label: &str,
    actual_label: &str,
) -> String {
    // A panel is wide enough for its years' labels (70 px a year), and as
    // many panels go in a row as fit in 750 px.
    let most_years = panels.iter().map(|p| p.years.len()).max().unwrap_or(0);
    let pw = (most_years as f64 * 70.0 + 20.0).max(250.0);
    let ph = 215.0;
    let cols = ((750.0 / pw) as usize).max(1);
    let rows = panels.len().div_ceil(cols).max(1);
    let height = rows as f64 * ph + 30.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        w = pw * cols as f64,
        t = esc(title)
    );
    for (i, p) in panels.iter().enumerate() {
        let (ox, oy) = ((i % cols) as f64 * pw, (i / cols) as f64 * ph);
        // The title (with its display number and unit) on up to two lines.
        let full = if p.unit.is_empty() {
            p.title.clone()
        } else {
            format!("{}（{}）", p.title, p.unit)
        };
        let chars: Vec<char> = full.chars().collect();
        let per_line = ((pw - 16.0) / 14.0) as usize;
        let mut lines: Vec<String> = chars
            .chunks(per_line.max(8))
            .map(|c| c.iter().collect())
            .collect();
        // A closing bracket or two alone on a line goes back on the line above.
        if lines.len() == 2 && lines[1].chars().count() <= 2 {
            let tail = lines.pop().unwrap_or_default();
            lines[0].push_str(&tail);
        }
        if lines.len() > 2 {
            lines.truncate(2);
            lines[1].pop();
            lines[1].push('…');
        }
        let _ = write!(
            svg,
            r##"<text x="{x}" y="{y}" class="panel-title"><title>{all}</title>"##,
            x = ox + 8.0,
            y = oy + 16.0,
            all = esc(&full)
        );
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                svg,
                r##"<tspan x="{x}" dy="{dy}">{t}</tspan>"##,
                x = ox + 8.0,
                dy = if k == 0 { 0.0 } else { 15.0 },
                t = esc(line)
            );
        }
        svg.push_str("</text>");
        let max = p
            .years
            .iter()
            .flat_map(|(_, t, a)| [t.unwrap_or(0.0), a.unwrap_or(0.0)])
            .fold(0.0_f64, f64::max)
            .max(1.0);
        let (base, chart_h) = (oy + 175.0, 120.0);
        let group_w = (pw - 20.0) / p.years.len().max(1) as f64;
        let _ = write!(
            svg,
            r##"<line x1="{x1}" y1="{base}" x2="{x2}" y2="{base}" stroke="#444444"/>"##,
            x1 = ox + 8.0,
            x2 = ox + pw - 12.0
        );
        for (j, (label, target, actual)) in p.years.iter().enumerate() {
            let gx = ox + 10.0 + j as f64 * group_w;
            let bw = (group_w - 12.0) / 2.0;
            // One bar: its left edge, value, look and series name.
            let bars = [
                (gx, *target, TARGET_LOOK, target_label),
                (gx + bw + 2.0, *actual, ACTUAL_LOOK, actual_label),
            ];
            for (x, value, look, series) in bars {
                let Some(v) = value else { continue };
                let h = v / max * chart_h;
                let _ = write!(
                    svg,
                    r##"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{h:.1}" {look}><title>{s} {l}: {v}{u}</title></rect><text x="{cx:.1}" y="{vy:.1}" text-anchor="middle" class="value-small">{v}</text>"##,
                    y = base - h,
                    s = esc(series),
                    l = esc(label),
                    v = fmt_num(v),
                    u = esc(&p.unit),
                    cx = x + bw / 2.0,
                    vy = base - h - 3.0
                );
            }
            // "平成23年度 (2011)" on two lines under the group.
            let (first, second) = label.split_once(' ').unwrap_or((label.as_str(), ""));
            let _ = write!(
                svg,
                r##"<text x="{cx:.1}" y="{ly:.1}" text-anchor="middle" class="axis">{a}<tspan x="{cx:.1}" dy="12">{b}</tspan></text>"##,
                cx = gx + bw,
                ly = base + 13.0,
                a = esc(first),
                b = esc(second)
            );
        }
    }
    let ly = rows as f64 * ph + 10.0;
    let _ = write!(
        svg,
        r##"<rect x="8" y="{ly}" width="12" height="12" {TARGET_LOOK}/><text x="26" y="{ty}" class="legend">{t}</text><rect x="120" y="{ly}" width="12" height="12" {ACTUAL_LOOK}/><text x="138" y="{ty}" class="legend">{a}</text>"##,
        ty = ly + 11.0,
        t = esc(target_label),
        a = esc(actual_label)
    );
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_text_and_bars_scale() {
        let svg = stacked_bars(
            "評価 <柱>",
            &[
                StackRow {
                    label: "人事制度の確立".into(),
                    segments: vec![
                        ("A".into(), 2, grade_colour(0)),
                        ("B".into(), 2, grade_colour(1)),
                    ],
                },
                StackRow {
                    label: "研修".into(),
                    segments: vec![
                        ("A".into(), 1, grade_colour(0)),
                        ("B".into(), 0, grade_colour(1)),
                    ],
                },
            ],
        );
        assert!(svg.contains("<title>評価 &lt;柱&gt;</title>"));
        assert!(svg.contains(">人事制度の確立</text>"));
        // 2 of a maximum of 4 measures takes half the 460-wide bar.
        assert!(svg.contains(r#"width="230.0""#), "{svg}");
        let p = target_panels(
            "t",
            &[TargetPanel {
                title: "研修所".into(),
                unit: "名".into(),
                years: vec![("H23".into(), Some(140.0), Some(150.0))],
            }],
            "目標",
            "実績",
        );
        assert!(
            p.contains("目標 H23: 140名") && p.contains("実績 H23: 150名"),
            "{p}"
        );
    }
}
