//! Reading a plan file (TOML) into a validated [`Plan`], with every problem
//! located as line:column. See `docs/plan-format.md`.

use super::{
    Baseline, Better, DirectionDef, FieldDef, Level, Node, Numbering, Period, Plan, ScheduleCell,
    StatusDef,
};
use crate::fiscal::FiscalYear;
use crate::grade::{Grade, GradeScale};
use crate::i18n::{Language, Message};
use crate::indicator::{self, Aggregate, Counting, IndicatorSpec};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use toml::Spanned;

/// One problem in a plan file, 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub line: usize,
    pub col: usize,
    pub message: Message,
}

impl Diagnostic {
    /// `LINE:COL: message` in `lang`.
    pub fn text(&self, lang: Language) -> String {
        format!("{}:{}: {}", self.line, self.col, self.message.render(lang))
    }
}

/// In Japanese; [`Diagnostic::text`] in another language.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Language::Ja))
    }
}

/// All problems found in a plan file, in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    pub diagnostics: Vec<Diagnostic>,
}

impl ParseError {
    /// The problems as `FILE:LINE:COL: message` lines in `lang`.
    pub fn render(&self, file: &str, lang: Language) -> String {
        self.diagnostics
            .iter()
            .map(|d| format!("{file}:{}\n", d.text(lang)))
            .collect()
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    plan: RawHeader,
    levels: Vec<Spanned<RawLevel>>,
    grades: RawGrades,
    statuses: Option<Vec<Spanned<RawStatus>>>,
    directions: Option<Vec<Spanned<RawDirection>>>,
    #[serde(default)]
    labels: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    periods: Vec<Spanned<RawPeriod>>,
    #[serde(default)]
    fields: Vec<Spanned<RawField>>,
    #[serde(default)]
    nodes: Vec<Spanned<RawNode>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDirection {
    code: Spanned<String>,
    label: Spanned<String>,
    label_en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    code: Spanned<String>,
    name: Spanned<String>,
    first_year: Spanned<i32>,
    last_year: Spanned<i32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    key: Spanned<String>,
    label: Spanned<String>,
    #[serde(default)]
    levels: Vec<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    code: Spanned<String>,
    title: Spanned<String>,
    organization: Option<String>,
    first_year: Spanned<i32>,
    last_year: Spanned<i32>,
    source: Option<String>,
    note: Option<String>,
    review_year: Option<Spanned<i32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    name: Spanned<String>,
    name_en: Option<String>,
    #[serde(default)]
    numbering: Numbering,
    #[serde(default)]
    continuous: bool,
    display_number: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrades {
    scale: Vec<Spanned<RawGrade>>,
    not_assessed: Spanned<RawGrade>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    code: Spanned<String>,
    label: Spanned<String>,
    description: Option<String>,
    min_rate: Option<f64>,
    max_rate: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatus {
    code: Spanned<String>,
    label: Spanned<String>,
    label_en: Option<String>,
    #[serde(default)]
    done: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNode {
    code: Spanned<String>,
    parent: Option<Spanned<String>>,
    title: Spanned<String>,
    #[serde(default)]
    aliases: Vec<String>,
    project: Option<String>,
    description: Option<String>,
    #[serde(default)]
    owners: Vec<String>,
    number: Option<String>,
    numbered: Option<bool>,
    note: Option<String>,
    #[serde(default)]
    schedule: Vec<Spanned<RawCell>>,
    #[serde(default)]
    indicators: Vec<Spanned<RawIndicator>>,
    better: Option<Spanned<String>>,
    baseline: Option<RawBaseline>,
    #[serde(default)]
    fields: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBaseline {
    value: Spanned<f64>,
    as_of: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    line: Option<Spanned<i64>>,
    label: Option<String>,
    metric: Spanned<String>,
    count: Option<Spanned<String>>,
    #[serde(default)]
    filters: BTreeMap<String, Spanned<Vec<String>>>,
    per: Option<RawCounting>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCounting {
    metric: Spanned<String>,
    count: Option<Spanned<String>>,
    #[serde(default)]
    filters: BTreeMap<String, Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCell {
    year: Spanned<i32>,
    text: Option<Spanned<String>>,
    target: Option<Spanned<f64>>,
    unit: Option<Spanned<String>>,
    as_of: Option<Spanned<String>>,
    line: Option<Spanned<i64>>,
    #[serde(default)]
    inferred: bool,
}

/// Turns byte offsets into 1-based line:column positions.
struct Locator<'a> {
    src: &'a str,
}

impl Locator<'_> {
    fn at(&self, offset: usize, message: Message) -> Diagnostic {
        let offset = offset.min(self.src.len());
        let before = self.src.get(..offset).unwrap_or(self.src);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Diagnostic { line, col, message }
    }

    fn span(&self, span: Range<usize>, message: Message) -> Diagnostic {
        self.at(span.start, message)
    }
}

/// Is `s` usable as a code in URLs and file names?
pub(crate) fn is_valid_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Parses and validates a plan file. On failure every structural problem is
/// reported; syntax and type errors stop the parse and come one at a time.
pub fn parse_plan(src: &str) -> Result<Plan, ParseError> {
    let loc = Locator { src };
    let bad = forbidden_characters(src);
    if !bad.is_empty() {
        return Err(ParseError {
            diagnostics: bad
                .into_iter()
                .map(|(offset, c)| {
                    loc.at(
                        offset,
                        Message::new("text_bad_character")
                            .arg("code", format!("U+{:04X}", u32::from(c))),
                    )
                })
                .collect(),
        });
    }
    let raw: RawFile = toml::from_str(src).map_err(|e| ParseError {
        diagnostics: vec![loc.at(
            e.span().map_or(0, |s| s.start),
            Message::new("planfile_toml").arg("detail", e.message().trim().replace('\n', " ")),
        )],
    })?;
    let mut problems = Vec::new();
    let plan = build(raw, &loc, &mut problems);
    if problems.is_empty() {
        Ok(plan)
    } else {
        problems.sort_by_key(|d| (d.line, d.col));
        Err(ParseError {
            diagnostics: problems,
        })
    }
}

/// Characters no text may hold ([`crate::text::forbidden`]), written as
/// they are or as a TOML escape (`\u0000`, `\uFEFF`), with their byte
/// offsets; a byte-order mark opening the file is allowed.
fn forbidden_characters(src: &str) -> Vec<(usize, char)> {
    let body = src.strip_prefix('\u{feff}').unwrap_or(src);
    let skip = src.len() - body.len();
    let mut found = Vec::new();
    let bytes = body.as_bytes();
    for (i, c) in body.char_indices() {
        if crate::text::forbidden(c) {
            found.push((skip + i, c));
            continue;
        }
        // An escape: a backslash not itself escaped, then u + 4 or U + 8
        // hexadecimal digits.
        let digits = match bytes.get(i + 1) {
            Some(b'u') => 4,
            Some(b'U') => 8,
            _ => continue,
        };
        let backslashes = bytes[..=i]
            .iter()
            .rev()
            .take_while(|b| **b == b'\\')
            .count();
        if c != '\\' || backslashes % 2 == 0 {
            continue;
        }
        let escaped = body
            .get(i + 2..i + 2 + digits)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        if let Some(e) = escaped.filter(|e| crate::text::forbidden(*e)) {
            found.push((skip + i, e));
        }
    }
    found
}

/// What a file's value is, in Japanese and English, for messages.
type What = (&'static str, &'static str);

fn empty(what: What) -> Message {
    Message::new("planfile_empty").each("what", what.0, what.1)
}

/// A year written in the plan must be one of its years.
fn year_in_plan(
    y: &Spanned<i32>,
    (first, last): (i32, i32),
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    if !(first..=last).contains(y.get_ref()) {
        out.push(
            loc.span(
                y.span(),
                Message::new("planfile_year_outside")
                    .arg("year", y.get_ref())
                    .arg("first", first)
                    .arg("last", last),
            ),
        );
    }
}

/// A code (as written, and trimmed) that must be ASCII and not yet `seen`.
fn unique_code(
    (written, code): (&Spanned<String>, &str),
    what: What,
    seen: &mut HashSet<String>,
    (loc, out): (&Locator, &mut Vec<Diagnostic>),
) {
    if !is_valid_code(code) {
        out.push(loc.span(written.span(), bad_code(what, code)));
    } else if !seen.insert(code.to_owned()) {
        out.push(loc.span(written.span(), duplicate(what, code)));
    }
}

fn bad_code(what: What, code: &str) -> Message {
    Message::new("planfile_code_chars")
        .each("what", what.0, what.1)
        .arg("code", code)
}

fn duplicate(what: What, code: &str) -> Message {
    Message::new("planfile_duplicate")
        .each("what", what.0, what.1)
        .arg("code", code)
}

fn required_text(
    s: &Spanned<String>,
    what: What,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) -> String {
    let v = s.get_ref().trim();
    if v.is_empty() {
        out.push(loc.span(s.span(), empty(what)));
    }
    v.to_owned()
}

fn build(raw: RawFile, loc: &Locator, out: &mut Vec<Diagnostic>) -> Plan {
    let h = raw.plan;
    if !is_valid_code(h.code.get_ref()) {
        out.push(loc.span(
            h.code.span(),
            bad_code(("計画コード", "plan code"), h.code.get_ref()),
        ));
    }
    let title = required_text(&h.title, ("計画名", "plan title"), loc, out);
    let (first, last) = (*h.first_year.get_ref(), *h.last_year.get_ref());
    if !(1868..=2200).contains(&first) {
        out.push(loc.span(
            h.first_year.span(),
            Message::new("planfile_first_year").arg("year", first),
        ));
    }
    if last < first {
        out.push(
            loc.span(
                h.last_year.span(),
                Message::new("planfile_last_before_first")
                    .arg("last", last)
                    .arg("first", first),
            ),
        );
    }

    if raw.levels.is_empty() {
        out.push(loc.at(0, Message::new("planfile_no_levels")));
    }
    let levels: Vec<Level> = raw
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let l = l.get_ref();
            Level {
                name: required_text(&l.name, ("階層名", "level name"), loc, out),
                name_en: l.name_en.clone(),
                numbering: l.numbering,
                continuous: l.continuous,
                display_number: l.display_number.as_ref().map(|t| {
                    check_number_template(t, i + 1, loc, out);
                    t.get_ref().clone()
                }),
            }
        })
        .collect();

    let grades = build_grades(&raw.grades, loc, out);
    let statuses = build_statuses(raw.statuses.as_deref(), loc, out);
    let directions = match raw.directions.as_deref() {
        None | Some([]) => DirectionDef::defaults(),
        Some(list) => build_directions(list, loc, out),
    };
    let periods = build_periods(&raw.periods, (first, last), loc, out);
    let review_year = h.review_year.as_ref().map(|y| {
        year_in_plan(y, (first, last), loc, out);
        FiscalYear(*y.get_ref())
    });
    let fields = build_fields(&raw.fields, levels.len(), loc, out);
    let labels = raw
        .labels
        .iter()
        .filter_map(|(key, label)| {
            if !super::LABELLED_FIELDS.contains(&key.as_str()) {
                out.push(
                    loc.span(
                        label.span(),
                        Message::new("planfile_label_unknown")
                            .arg("key", key)
                            .arg("keys", super::LABELLED_FIELDS.join(", ")),
                    ),
                );
                return None;
            }
            let text = required_text(label, ("項目名", "label"), loc, out);
            Some((key.clone(), text))
        })
        .collect();
    let mut nodes = build_nodes(&raw.nodes, &levels, (first, last), loc, out);
    check_node_fields(&raw.nodes, &mut nodes, &fields, loc, out);

    Plan {
        code: h.code.into_inner(),
        title,
        organization: h.organization,
        first_year: FiscalYear(first),
        last_year: FiscalYear(last),
        source: h.source,
        note: h.note,
        levels,
        grades,
        statuses,
        directions,
        labels,
        periods,
        review_year,
        fields,
        nodes,
    }
}

/// Periods: codes and names given, years inside the plan, in order and
/// not overlapping.
fn build_periods(
    raw: &[Spanned<RawPeriod>],
    (first, last): (i32, i32),
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) -> Vec<Period> {
    let mut seen = HashSet::new();
    let mut previous_last: Option<i32> = None;
    raw.iter()
        .map(|p| {
            let p = p.get_ref();
            let code = p.code.get_ref().trim().to_owned();
            let what = ("期間コード", "period code");
            unique_code((&p.code, &code), what, &mut seen, (loc, out));
            let (from, to) = (*p.first_year.get_ref(), *p.last_year.get_ref());
            for y in [&p.first_year, &p.last_year] {
                year_in_plan(y, (first, last), loc, out);
            }
            if from > to || previous_last.is_some_and(|l| from <= l) {
                out.push(loc.span(
                    p.first_year.span(),
                    Message::new("planfile_period_order").arg("code", &code),
                ));
            }
            previous_last = Some(to);
            Period {
                code,
                name: required_text(&p.name, ("期間名", "period name"), loc, out),
                first_year: FiscalYear(from),
                last_year: FiscalYear(to),
            }
        })
        .collect()
}

/// The plan's own fields: ASCII keys, unique, not a fixed key's name, on
/// levels the plan has.
fn build_fields(
    raw: &[Spanned<RawField>],
    levels: usize,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) -> Vec<FieldDef> {
    let mut seen = HashSet::new();
    raw.iter()
        .map(|f| {
            let f = f.get_ref();
            let key = f.key.get_ref().trim().to_owned();
            let what = ("項目キー", "field key");
            if FIXED_NODE_KEYS.contains(&key.as_str()) {
                out.push(loc.span(
                    f.key.span(),
                    Message::new("planfile_field_key_reserved").arg("key", &key),
                ));
            } else {
                unique_code((&f.key, &key), what, &mut seen, (loc, out));
            }
            let levels = f
                .levels
                .iter()
                .filter_map(|l| match usize::try_from(*l.get_ref()) {
                    Ok(k) if (1..=levels).contains(&k) => Some(k),
                    _ => {
                        out.push(
                            loc.span(
                                l.span(),
                                Message::new("planfile_field_level")
                                    .arg("level", l.get_ref())
                                    .arg("levels", levels),
                            ),
                        );
                        None
                    }
                })
                .collect();
            FieldDef {
                key,
                label: required_text(&f.label, ("項目名", "field label"), loc, out),
                levels,
            }
        })
        .collect()
}

/// Keys a node has anyway; a plan field may not take one of their names.
const FIXED_NODE_KEYS: [&str; 15] = [
    "code",
    "parent",
    "title",
    "aliases",
    "project",
    "description",
    "owners",
    "number",
    "numbered",
    "note",
    "schedule",
    "indicators",
    "better",
    "baseline",
    "fields",
];

/// Each node's `fields` must name fields the plan declares for its level.
fn check_node_fields(
    raw: &[Spanned<RawNode>],
    nodes: &mut [Node],
    defs: &[FieldDef],
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    for (r, n) in raw.iter().zip(nodes.iter_mut()) {
        for (key, value) in &r.get_ref().fields {
            let def = defs.iter().find(|d| &d.key == key);
            match def {
                Some(d) if d.levels.is_empty() || d.levels.contains(&(n.depth + 1)) => {
                    n.fields
                        .insert(key.clone(), value.get_ref().trim().to_owned());
                }
                Some(_) => out.push(
                    loc.span(
                        value.span(),
                        Message::new("planfile_field_not_on_level")
                            .arg("key", key)
                            .arg("level", n.depth + 1),
                    ),
                ),
                None => out.push(loc.span(
                    value.span(),
                    Message::new("planfile_field_unknown").arg("key", key),
                )),
            }
        }
    }
}

/// A date written in the plan (`2024-04-01`).
fn plan_date(d: &Spanned<String>, loc: &Locator, out: &mut Vec<Diagnostic>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(d.get_ref(), "%Y-%m-%d")
        .map_err(|_| {
            out.push(loc.span(
                d.span(),
                Message::new("planfile_as_of").arg("date", d.get_ref()),
            ));
        })
        .ok()
}

/// `higher` (the default) or `lower`: which way a node's targets point.
fn build_better(raw: Option<&Spanned<String>>, loc: &Locator, out: &mut Vec<Diagnostic>) -> Better {
    match raw.map(|b| (b, b.get_ref().trim())) {
        None | Some((_, "higher")) => Better::Higher,
        Some((_, "lower")) => Better::Lower,
        Some((b, other)) => {
            out.push(loc.span(
                b.span(),
                Message::new("planfile_better_bad").arg("value", other),
            ));
            Better::Higher
        }
    }
}

/// A display-number template may name levels 1 to its own (`{1}`…`{k}`)
/// and nothing else in braces.
fn check_number_template(
    t: &Spanned<String>,
    own_level: usize,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) {
    let text = t.get_ref();
    let mut rest = text.as_str();
    let mut fine = true;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            fine = false;
            break;
        };
        match after[..close].parse::<usize>() {
            Ok(k) if (1..=own_level).contains(&k) => {}
            _ => fine = false,
        }
        rest = &after[close + 1..];
    }
    if !fine || rest.contains('}') {
        out.push(
            loc.span(
                t.span(),
                Message::new("planfile_number_template_bad")
                    .arg("template", text)
                    .arg("level", own_level),
            ),
        );
    } else if !text.contains(&format!("{{{own_level}}}")) {
        // Without its own number every sibling would show the same one.
        out.push(
            loc.span(
                t.span(),
                Message::new("planfile_number_template_own")
                    .arg("template", text)
                    .arg("level", own_level),
            ),
        );
    }
}

/// `{1}-{2}-{3}` with the numbers at levels 1, 2, 3 of `path`.
fn fill_number_template(template: &str, path: &[String]) -> String {
    let mut out = template.to_owned();
    for (i, n) in path.iter().enumerate() {
        out = out.replace(&format!("{{{}}}", i + 1), n);
    }
    out
}

fn to_grade(g: &RawGrade, loc: &Locator, out: &mut Vec<Diagnostic>) -> Grade {
    Grade {
        code: required_text(&g.code, ("評価コード", "grade code"), loc, out),
        label: required_text(&g.label, ("評価の名前", "grade label"), loc, out),
        description: g.description.clone(),
        min_rate: g.min_rate,
        max_rate: g.max_rate,
    }
}

fn build_grades(raw: &RawGrades, loc: &Locator, out: &mut Vec<Diagnostic>) -> GradeScale {
    if raw.scale.is_empty() {
        out.push(loc.span(raw.not_assessed.span(), Message::new("planfile_no_grades")));
    }
    let scale: Vec<Grade> = raw
        .scale
        .iter()
        .map(|g| to_grade(g.get_ref(), loc, out))
        .collect();
    let na = raw.not_assessed.get_ref();
    if na.min_rate.is_some() || na.max_rate.is_some() {
        out.push(loc.span(
            raw.not_assessed.span(),
            Message::new("planfile_not_assessed_rule"),
        ));
    }
    let scale = GradeScale {
        scale,
        not_assessed: to_grade(na, loc, out),
    };
    let mut seen = HashSet::new();
    for (g, r) in scale
        .scale
        .iter()
        .chain([&scale.not_assessed])
        .zip(raw.scale.iter().chain([&raw.not_assessed]))
    {
        if !seen.insert(g.code.clone()) {
            out.push(loc.span(
                r.get_ref().code.span(),
                duplicate(("評価コード", "grade code"), &g.code),
            ));
        }
    }
    for p in scale.check_rules() {
        if let Some(r) = raw.scale.get(p.index) {
            out.push(loc.span(r.span(), p.message));
        }
    }
    scale
}

fn build_statuses(
    raw: Option<&[Spanned<RawStatus>]>,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) -> Vec<StatusDef> {
    let Some(raw) = raw else {
        return StatusDef::defaults();
    };
    let mut seen = HashSet::new();
    let statuses: Vec<StatusDef> = raw
        .iter()
        .map(|s| {
            let s = s.get_ref();
            let what = ("状況コード", "status code");
            let code = required_text(&s.code, what, loc, out);
            unique_code((&s.code, &code), what, &mut seen, (loc, out));
            StatusDef {
                code,
                label: required_text(&s.label, ("状況の名前", "status label"), loc, out),
                label_en: s.label_en.clone(),
                done: s.done,
            }
        })
        .collect();
    if statuses.is_empty() {
        return StatusDef::defaults();
    }
    statuses
}

fn build_directions(
    raw: &[Spanned<RawDirection>],
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) -> Vec<DirectionDef> {
    let mut seen = HashSet::new();
    raw.iter()
        .map(|d| {
            let d = d.get_ref();
            let what = ("方向性コード", "direction code");
            let code = required_text(&d.code, what, loc, out);
            unique_code((&d.code, &code), what, &mut seen, (loc, out));
            DirectionDef {
                code,
                label: required_text(&d.label, ("方向性の名前", "direction label"), loc, out),
                label_en: d.label_en.clone(),
            }
        })
        .collect()
}

fn build_nodes(
    raw: &[Spanned<RawNode>],
    levels: &[Level],
    (first, last): (i32, i32),
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) -> Vec<Node> {
    let mut depth_of: HashMap<String, usize> = HashMap::new();
    // Numbered siblings seen so far, per parent ("" for roots).
    let mut sibling_count: HashMap<String, usize> = HashMap::new();
    // Each node's own number and its ancestors', top first, for display
    // numbers built from them.
    let mut own_numbers: HashMap<String, Vec<String>> = HashMap::new();
    let mut nodes = Vec::with_capacity(raw.len());
    for spanned in raw {
        let r = spanned.get_ref();
        let code = r.code.get_ref().trim().to_owned();
        if !is_valid_code(&code) {
            out.push(loc.span(r.code.span(), bad_code(("項目コード", "node code"), &code)));
        } else if depth_of.contains_key(&code) {
            out.push(loc.span(r.code.span(), duplicate(("コード", "code"), &code)));
        }
        let depth = match &r.parent {
            None => 0,
            Some(p) => match depth_of.get(p.get_ref()) {
                Some(d) => d + 1,
                None => {
                    let known_later = raw
                        .iter()
                        .any(|n| n.get_ref().code.get_ref() == p.get_ref());
                    out.push(
                        loc.span(
                            p.span(),
                            Message::new(if known_later {
                                "planfile_parent_later"
                            } else {
                                "planfile_parent_unknown"
                            })
                            .arg("parent", p.get_ref()),
                        ),
                    );
                    0
                }
            },
        };
        if !levels.is_empty() && depth >= levels.len() {
            out.push(
                loc.span(
                    r.code.span(),
                    Message::new("planfile_too_deep")
                        .arg("code", &code)
                        .arg("depth", depth + 1)
                        .arg("levels", levels.len()),
                ),
            );
        }
        depth_of.entry(code.clone()).or_insert(depth);

        let parent_key = r
            .parent
            .as_ref()
            .map(|p| p.get_ref().clone())
            .unwrap_or_default();
        let level = levels.get(depth);
        // Siblings are counted under their parent, or through the whole
        // level when its numbers run on.
        let count_key = if level.is_some_and(|l| l.continuous) {
            format!("\u{0}level{depth}")
        } else {
            parent_key
        };
        let own = if r.numbered == Some(false) {
            None
        } else {
            let n = sibling_count.entry(count_key).or_insert(0);
            *n += 1;
            r.number
                .clone()
                .or_else(|| level.and_then(|l| l.numbering.label(*n)))
        };
        let mut path: Vec<String> = r
            .parent
            .as_ref()
            .and_then(|p| own_numbers.get(p.get_ref()))
            .cloned()
            .unwrap_or_default();
        path.truncate(depth);
        path.resize(depth, String::new());
        path.push(own.clone().unwrap_or_default());
        let number = match level.and_then(|l| l.display_number.as_deref()) {
            Some(template) if own.is_some() => Some(fill_number_template(template, &path)),
            _ => own,
        };
        own_numbers.insert(code.clone(), path);

        let schedule = build_schedule(&r.schedule, (first, last), loc, out);
        nodes.push(Node {
            code,
            parent: r.parent.as_ref().map(|p| p.get_ref().clone()),
            depth,
            number,
            title: required_text(&r.title, ("名称", "title"), loc, out),
            aliases: r.aliases.clone(),
            project: r.project.clone(),
            description: r.description.clone(),
            owners: r.owners.clone(),
            note: r.note.clone(),
            indicators: build_indicators(&r.indicators, &schedule, loc, out),
            schedule,
            better: build_better(r.better.as_ref(), loc, out),
            baseline: r.baseline.as_ref().map(|b| Baseline {
                value: {
                    let v = *b.value.get_ref();
                    if !v.is_finite() || v < 0.0 {
                        out.push(loc.span(
                            b.value.span(),
                            Message::new("planfile_baseline_bad").arg("value", v),
                        ));
                    }
                    v
                },
                as_of: b.as_of.as_ref().and_then(|d| plan_date(d, loc, out)),
            }),
            fields: BTreeMap::new(),
        });
    }
    nodes
}

/// Checks a node's indicators: each against the metric registry (no free
/// SQL in plan files), each on a line of the schedule.
fn build_indicators(
    raw: &[Spanned<RawIndicator>],
    schedule: &[ScheduleCell],
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) -> Vec<IndicatorSpec> {
    let mut specs = Vec::new();
    for spanned in raw {
        let r = spanned.get_ref();
        let line = match &r.line {
            None => 1,
            Some(l) => match u32::try_from(*l.get_ref()) {
                Ok(n)
                    if n >= 1 && (schedule.is_empty() || schedule.iter().any(|c| c.line == n)) =>
                {
                    n
                }
                _ => {
                    out.push(loc.span(
                        l.span(),
                        Message::new("planfile_line_not_scheduled").arg("line", l.get_ref()),
                    ));
                    continue;
                }
            },
        };
        let counts = build_counting((&r.metric, &r.count, &r.filters), loc, out);
        let per = match &r.per {
            None => None,
            Some(p) => match build_counting((&p.metric, &p.count, &p.filters), loc, out) {
                Some(c) => Some(c),
                None => continue,
            },
        };
        if let Some(counts) = counts {
            specs.push(IndicatorSpec {
                line,
                label: r.label.clone(),
                counts,
                per,
            });
        }
    }
    specs
}

type RawCount<'a> = (
    &'a Spanned<String>,
    &'a Option<Spanned<String>>,
    &'a BTreeMap<String, Spanned<Vec<String>>>,
);

/// Checks one counting: the metric, the count and every filter and value
/// must exist.
fn build_counting(
    (raw_metric, raw_count, raw_filters): RawCount,
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) -> Option<Counting> {
    let Some(metric) = indicator::metric(raw_metric.get_ref()) else {
        out.push(
            loc.span(
                raw_metric.span(),
                Message::new("planfile_unknown_metric")
                    .arg("metric", raw_metric.get_ref())
                    .arg(
                        "known",
                        indicator::metrics()
                            .map(|m| m.code)
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
            ),
        );
        return None;
    };
    let count = match raw_count {
        None => Aggregate::Records,
        Some(c) => {
            match Aggregate::parse(c.get_ref()).filter(|a| metric.aggregates().contains(a)) {
                Some(a) => a,
                None => {
                    out.push(
                        loc.span(
                            c.span(),
                            Message::new("planfile_count")
                                .arg("metric", metric.code)
                                .arg(
                                    "choices",
                                    metric
                                        .aggregates()
                                        .iter()
                                        .map(|a| format!("\"{}\"", a.code()))
                                        .collect::<Vec<_>>()
                                        .join(" or "),
                                )
                                .arg("count", c.get_ref()),
                        ),
                    );
                    return None;
                }
            }
        }
    };
    let mut filters = BTreeMap::new();
    let mut ok = true;
    for (name, values) in raw_filters {
        let Some(def) = metric.filter(name) else {
            out.push(
                loc.span(
                    values.span(),
                    Message::new("planfile_unknown_filter")
                        .arg("metric", metric.code)
                        .arg("name", name)
                        .arg(
                            "filters",
                            metric
                                .filters
                                .iter()
                                .map(|f| f.name)
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                ),
            );
            ok = false;
            continue;
        };
        let mut codes = Vec::new();
        for v in values.get_ref() {
            match def.value(v) {
                Some(code) => codes.push(code),
                None => {
                    out.push(
                        loc.span(
                            values.span(),
                            Message::new("planfile_filter_value")
                                .arg("name", name)
                                .arg("metric", metric.code)
                                .arg("value", v),
                        ),
                    );
                    ok = false;
                }
            }
        }
        if def.years && values.get_ref().len() > 1 {
            out.push(loc.span(
                values.span(),
                Message::new("planfile_filter_one_value").arg("name", name),
            ));
            ok = false;
        }
        if codes.is_empty() && ok {
            out.push(loc.span(
                values.span(),
                Message::new("planfile_filter_empty").arg("name", name),
            ));
            ok = false;
        }
        filters.insert(name.clone(), codes);
    }
    ok.then(|| Counting {
        metric: metric.code.to_owned(),
        count,
        filters,
    })
}

fn build_schedule(
    raw: &[Spanned<RawCell>],
    (first, last): (i32, i32),
    loc: &Locator,
    out: &mut Vec<Diagnostic>,
) -> Vec<ScheduleCell> {
    let mut targets_per_year: HashSet<i32> = HashSet::new();
    let mut cells = Vec::with_capacity(raw.len());
    for spanned in raw {
        let c = spanned.get_ref();
        let year = *c.year.get_ref();
        year_in_plan(&c.year, (first, last), loc, out);
        if c.text.is_none() && c.target.is_none() {
            out.push(loc.span(spanned.span(), Message::new("planfile_cell_empty")));
        }
        if let Some(t) = &c.text
            && t.get_ref().trim().is_empty()
        {
            out.push(loc.span(t.span(), empty(("text", "text"))));
        }
        if let Some(t) = &c.target {
            let v = *t.get_ref();
            if !v.is_finite() || v < 0.0 {
                out.push(loc.span(
                    t.span(),
                    Message::new("planfile_target_negative").arg("target", v),
                ));
            }
            if c.unit
                .as_ref()
                .is_none_or(|u| u.get_ref().trim().is_empty())
            {
                out.push(loc.span(t.span(), Message::new("planfile_target_unit")));
            }
            if !targets_per_year.insert(year) {
                out.push(loc.span(
                    t.span(),
                    Message::new("planfile_second_target").arg("year", year),
                ));
            }
        } else if let Some(u) = &c.unit {
            out.push(loc.span(u.span(), Message::new("planfile_unit_alone")));
        }
        let as_of = c.as_of.as_ref().and_then(|d| plan_date(d, loc, out));
        let line = match &c.line {
            None => 1,
            Some(l) => match u32::try_from(*l.get_ref()) {
                Ok(v) if v >= 1 => v,
                _ => {
                    out.push(loc.span(l.span(), Message::new("planfile_line_min")));
                    1
                }
            },
        };
        cells.push(ScheduleCell {
            year: FiscalYear(year),
            line,
            text: c.text.as_ref().map(|t| t.get_ref().trim().to_owned()),
            target: c.target.as_ref().map(|t| *t.get_ref()),
            unit: c.unit.as_ref().map(|u| u.get_ref().trim().to_owned()),
            as_of,
            inferred: c.inferred,
        });
    }
    cells.sort_by_key(|c| (c.year, c.line));
    cells
}

#[cfg(test)]
mod forbidden_tests {
    use super::forbidden_characters;

    #[test]
    fn control_characters_are_found_raw_or_escaped() {
        let src = "\u{feff}title = \"a\\u0000b\"\nname = \"x\u{feff}y\"\nok = \"\\\\u0000 and \\t\"\nesc = \"\\U0000001B\"\n";
        let found: Vec<u32> = forbidden_characters(src)
            .iter()
            .map(|(_, c)| u32::from(*c))
            .collect();
        assert_eq!(found, [0, 0xFEFF, 0x1B], "{src}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"
[plan]
code = "t"
title = "テスト計画"
first_year = 2024
last_year = 2026

[[levels]]
name = "柱"
[[levels]]
name = "方策"
numbering = "circled"

[grades]
not_assessed = { code = "-", label = "対象外" }
[[grades.scale]]
code = "A"
label = "達成"
min_rate = 100
[[grades.scale]]
code = "B"
label = "未達"
max_rate = 100
"#;

    fn parse(body: &str) -> Result<Plan, ParseError> {
        parse_plan(&format!("{HEAD}{body}"))
    }

    fn messages(body: &str) -> Vec<String> {
        match parse(body) {
            Ok(_) => vec![],
            Err(e) => e.diagnostics.iter().map(|d| d.text(Language::En)).collect(),
        }
    }

    #[test]
    fn numbers_can_run_on_across_parents_and_show_their_ancestors() {
        let src = r#"
[plan]
code = "t"
title = "t"
first_year = 2024
last_year = 2024
[[levels]]
name = "基本方針"
numbering = "paren-arabic"
[[levels]]
name = "施策"
numbering = "paren-roman-lower"
continuous = true
display_number = "{1}-{2}"
[[levels]]
name = "取組"
numbering = "circled"
display_number = "{1}-{2}-{3}"
[grades]
not_assessed = { code = "-", label = "対象外" }
[[grades.scale]]
code = "A"
label = "A"
[[nodes]]
code = "1"
title = "a"
[[nodes]]
code = "1-1"
parent = "1"
title = "b"
[[nodes]]
code = "1-2"
parent = "1"
title = "c"
[[nodes]]
code = "1-2-1"
parent = "1-2"
title = "d"
[[nodes]]
code = "2"
title = "e"
[[nodes]]
code = "2-1"
parent = "2"
title = "f"
[[nodes]]
code = "2-1-1"
parent = "2-1"
title = "g"
"#;
        let plan = parse_plan(src).unwrap_or_else(|e| panic!("{e}"));
        let numbers: Vec<_> = plan
            .nodes
            .iter()
            .map(|n| n.number.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            numbers,
            [
                "(1)",
                "(1)-(ⅰ)",
                "(1)-(ⅱ)",
                "(1)-(ⅱ)-①",
                "(2)",
                "(2)-(ⅲ)",
                "(2)-(ⅲ)-①"
            ]
        );
        assert_eq!(plan.nodes[6].display_title(), "(2)-(ⅲ)-① g");

        // A template naming a level below its own (or anything but a level).
        let bad = src.replace(
            "display_number = \"{1}-{2}\"",
            "display_number = \"{1}-{3}\"",
        );
        let err = parse_plan(&bad)
            .err()
            .map(|e| e.render("plan.toml", Language::En))
            .unwrap_or_default();
        assert!(
            err.contains("plan.toml:14:18: display number \"{1}-{3}\" may only name levels 1 to 2"),
            "{err}"
        );
        let own = src.replace("display_number = \"{1}-{2}\"", "display_number = \"{1}\"");
        let err = parse_plan(&own)
            .err()
            .map(|e| e.render("plan.toml", Language::En))
            .unwrap_or_default();
        assert!(
            err.contains("must include the level's own number {2}"),
            "{err}"
        );
    }

    #[test]
    fn a_lower_is_better_target_with_a_baseline() {
        let plan = parse(
            r#"
[[nodes]]
code = "1"
title = "時間外勤務の縮減"
better = "lower"
baseline = { value = 30, as_of = "2023-04-01" }
[[nodes.schedule]]
year = 2026
target = 20
unit = "時間"
"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let n = &plan.nodes[0];
        assert_eq!(n.better, Better::Lower);
        assert_eq!(n.baseline.as_ref().map(|b| b.value), Some(30.0));
        let t = n
            .target(FiscalYear(2026))
            .unwrap_or_else(|| panic!("no target"));
        assert!(t.met_by(18.0) && !t.met_by(25.0));
        assert_eq!(t.rate(20.0), Some(100.0));
        assert_eq!(n.target(FiscalYear(2025)), None, "a final-year target only");

        let m = messages(
            "[[nodes]]\ncode = \"1\"\ntitle = \"a\"\nbetter = \"down\"\nbaseline = { value = 1, as_of = \"2024-02-30\" }\n",
        );
        let joined = m.join("\n");
        assert!(
            joined.contains(r#"better must be "higher" or "lower", not "down""#),
            "{joined}"
        );
        assert!(joined.contains("2024-02-30"), "{joined}");
    }

    #[test]
    fn a_valid_tree_is_numbered_by_level() {
        let plan = parse(
            r#"
[[nodes]]
code = "1"
title = "柱1"
[[nodes]]
code = "1-1"
parent = "1"
title = "方策A"
[[nodes.schedule]]
year = 2024
target = 10
unit = "回"
[[nodes]]
code = "1-x"
parent = "1"
title = "番号なし"
numbered = false
[[nodes]]
code = "1-2"
parent = "1"
title = "方策B"
"#,
        );
        let plan = match plan {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        let numbers: Vec<_> = plan.nodes.iter().map(|n| n.number.clone()).collect();
        assert_eq!(
            numbers,
            [Some("1".into()), Some("①".into()), None, Some("②".into())]
        );
        assert_eq!(plan.measures().count(), 3);
        assert_eq!(
            plan.node("1-1")
                .and_then(|n| n.target(FiscalYear(2024)))
                .map(|t| t.value),
            Some(10.0)
        );
        assert_eq!(plan.statuses.len(), 4);
    }

    #[test]
    fn indicators_name_only_registered_metrics_filters_and_values() {
        // The body starts on line 24; the indicator's keys are on 28 and 29.
        let body = |ind: &str| {
            format!("[[nodes]]\ncode = \"1\"\ntitle = \"x\"\n[[nodes.indicators]]\n{ind}")
        };
        let ok = parse(&body(
            "metric = \"personnel.events\"\ncount = \"distinct_staff\"\nfilters = { kind = [\"人事交流（派遣）\"] }\n",
        ));
        let spec = ok.map(|p| p.nodes[0].indicators.clone());
        assert_eq!(
            spec.ok().map(|s| s[0].counts.filters["kind"].clone()),
            Some(vec!["exchange_out".to_owned()]),
            "labels are stored as codes"
        );
        let m = messages(&body("metric = \"SELECT * FROM staff\"\n"));
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].starts_with("28:10: unknown metric"), "{m:?}");
        let m = messages(&body("metric = \"personnel.events\"\ncount = \"sum\"\n"));
        assert!(
            m[0].starts_with("29:9: count of personnel.events must be"),
            "{m:?}"
        );
        let m = messages(&body(
            "metric = \"training.sessions\"\ncount = \"distinct_staff\"\n",
        ));
        assert!(
            m[0].contains("must be \"records\""),
            "sessions are not staff: {m:?}"
        );
        let m = messages(&body(
            "line = 3\nmetric = \"people.staff\"\n[nodes.indicators.per]\nmetric = \"nope\"\n",
        ));
        assert_eq!(
            m.len(),
            1,
            "a node without a schedule takes any line: {m:?}"
        );
        assert!(m[0].starts_with("31:10: unknown metric"), "{m:?}");
        let m = messages(&body(
            "metric = \"personnel.events\"\nfilters = { colour = [\"red\"], kind = [\"転勤\"] }\n",
        ));
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(
            m.iter().any(|d| d.contains("has no filter \"colour\"")),
            "{m:?}"
        );
        assert!(
            m.iter().any(|d| d.contains("does not accept \"転勤\"")),
            "{m:?}"
        );
        assert!(m.iter().all(|d| d.starts_with("29:")), "{m:?}");
        // A years filter: one whole number of years.
        let m = messages(&body(
            "metric = \"talent.rotation\"\nfilters = { served_at_most = [\"10\", \"15\"], served_at_least = [\"ten\"] }\n",
        ));
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(
            m.iter().any(|d| d.contains("takes one number of years")),
            "{m:?}"
        );
        assert!(
            m.iter().any(|d| d.contains("does not accept \"ten\"")),
            "{m:?}"
        );
        assert!(m.iter().all(|d| d.starts_with("29:")), "{m:?}");
    }

    #[test]
    fn unknown_key_is_located() {
        let m = messages("[[nodes]]\ncode = \"1\"\ntitle = \"x\"\ncolour = \"red\"\n");
        assert_eq!(m.len(), 1);
        assert!(m[0].starts_with("27:1: "), "{m:?}");
        assert!(m[0].contains("colour"), "{m:?}");
    }

    #[test]
    fn wrong_type_is_located() {
        let m = messages("[[nodes]]\ncode = \"1\"\ntitle = 5\n");
        assert_eq!(m.len(), 1);
        assert!(m[0].starts_with("26:9: "), "{m:?}");
    }

    #[test]
    fn structural_problems_are_all_reported() {
        let m = messages(
            r#"[[nodes]]
code = "1"
title = "a"
[[nodes]]
code = "1"
title = "b"
[[nodes]]
code = "2"
parent = "9"
title = "c"
[[nodes.schedule]]
year = 2030
target = 3
[[nodes.schedule]]
year = 2025
"#,
        );
        let joined = m.join("\n");
        assert!(joined.contains("28:8: duplicate code \"1\""), "{joined}");
        assert!(joined.contains("32:10: unknown parent \"9\""), "{joined}");
        assert!(
            joined.contains("35:8: year 2030 is outside the plan's range 2024..2026"),
            "{joined}"
        );
        assert!(joined.contains("needs a `unit`"), "{joined}");
        assert!(joined.contains("needs `text` or `target`"), "{joined}");
    }

    #[test]
    fn too_deep_and_parent_order() {
        let m = messages(
            "[[nodes]]\ncode = \"b\"\nparent = \"a\"\ntitle = \"x\"\n[[nodes]]\ncode = \"a\"\ntitle = \"y\"\n[[nodes]]\ncode = \"c\"\nparent = \"b\"\ntitle = \"z\"\n[[nodes]]\ncode = \"d\"\nparent = \"c\"\ntitle = \"w\"\n",
        );
        let joined = m.join("\n");
        assert!(
            joined.contains("must appear before its children"),
            "{joined}"
        );
        assert!(joined.contains("only 2 levels"), "{joined}");
    }

    #[test]
    fn overlapping_grade_rules_are_reported() {
        let src = HEAD.replace("max_rate = 100", "max_rate = 120");
        let err = parse_plan(&src)
            .err()
            .map(|e| e.render("plan.toml", Language::En))
            .unwrap_or_default();
        assert!(err.contains("overlap"), "{err}");
    }

    #[test]
    fn two_targets_in_a_year_and_bad_date() {
        let m = messages(
            "[[nodes]]\ncode = \"1\"\ntitle = \"a\"\n[[nodes.schedule]]\nyear = 2024\ntarget = 1\nunit = \"名\"\nas_of = \"2024-13-01\"\n[[nodes.schedule]]\nyear = 2024\nline = 2\ntarget = 2\nunit = \"名\"\n",
        );
        let joined = m.join("\n");
        assert!(joined.contains("second numeric target"), "{joined}");
        assert!(joined.contains("is not a date"), "{joined}");
    }

    #[test]
    fn syntax_error_is_located() {
        let m = messages("[[nodes]\n");
        assert_eq!(m.len(), 1);
        assert!(m[0].starts_with("24:"), "{m:?}");
    }
}
