//! Progress of a measure in a fiscal year: status, actual, narrative and
//! grade — and the rules a new revision must satisfy.

use crate::fiscal::FiscalYear;
use crate::grade::Grade;
use crate::i18n::{Language, Message};
use crate::plan::{Node, Plan, Target};
use serde::{Deserialize, Serialize};

/// Longest narrative text accepted, in characters.
pub const MAX_TEXT: usize = 4000;

/// 今後の方向性, as progress tables in municipalities name them.
pub const DIRECTIONS: [(&str, &str, &str); 5] = [
    ("expand", "拡大", "Expand"),
    ("improve", "改善し継続", "Improve and continue"),
    ("continue", "現状通り", "Continue as is"),
    ("abolish", "中止・廃止", "Stop / abolish"),
    ("complete", "終了", "Completed"),
];

/// What a person submits for one measure and year (form or API), raw.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ProgressInput {
    /// A status code of the plan (default: not_started, in_progress, done, cancelled).
    pub status: String,
    /// A number, as typed ("150", "１５０"), or a JSON number.
    #[serde(deserialize_with = "string_or_number")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub actual_value: String,
    pub actual_text: String,
    /// 実績・成果
    pub achievements: String,
    /// 課題
    pub issues: String,
    /// 今後の方向性 (one of [`DIRECTIONS`] or empty)
    pub direction: String,
    /// A grade chosen by a person (text targets, or 対象外).
    pub grade: String,
    pub grade_reason: String,
    pub owner_division: String,
    /// Why the actual differs from the one computed from records (required
    /// then; see `docs/indicators.md`).
    pub override_reason: String,
    /// Deprecated and ignored by the server: 記入者 is the signed-in
    /// account's name. Still accepted so that older clients keep working.
    pub author: String,
}

/// Accepts `"150"` or `150` (and null) for a number typed as text.
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(f64),
        Null(()),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::Text(s) => s,
        Raw::Number(n) => crate::grade::fmt_num(n),
        Raw::Null(()) => String::new(),
    })
}

/// A validated revision, ready to store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressEntry {
    pub status: String,
    #[serde(serialize_with = "crate::json::whole_opt")]
    pub actual_value: Option<f64>,
    pub actual_unit: Option<String>,
    pub actual_text: Option<String>,
    pub achievements: Option<String>,
    pub issues: Option<String>,
    pub direction: Option<String>,
    pub grade: Option<String>,
    /// True when the grade was computed from the achievement rate.
    pub grade_computed: bool,
    pub grade_reason: Option<String>,
    /// The target in force when this was recorded (kept with the revision).
    #[serde(serialize_with = "crate::json::whole_opt")]
    pub target_value: Option<f64>,
    #[serde(serialize_with = "crate::json::whole_opt")]
    pub achievement_rate: Option<f64>,
    pub owner_division: Option<String>,
    pub author: String,
    /// The actual is the one computed from records (not typed in).
    #[serde(default)]
    pub actual_computed: bool,
    /// Why a person recorded an actual other than the computed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
}

/// One stored revision of a measure's progress in a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revision {
    pub node_code: String,
    pub fiscal_year: i32,
    /// 1 for the first entry of the cell, then 2, 3 …
    pub revision: i64,
    /// The plan version in force when it was recorded.
    pub plan_version: i64,
    /// RFC 3339, UTC.
    pub recorded_at: String,
    /// Written by `jinzai demo` as sample data, not by a person.
    pub sample: bool,
    /// The login of the account that saved it (none before accounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<String>,
    #[serde(flatten)]
    pub entry: ProgressEntry,
}

/// The current entries keyed for roll-ups.
pub fn book(current: &[Revision]) -> crate::rollup::ProgressBook {
    current
        .iter()
        .map(|r| {
            (
                (r.node_code.clone(), FiscalYear(r.fiscal_year)),
                r.entry.clone(),
            )
        })
        .collect()
}

/// A problem with one field of a form or API payload: the field, a stable
/// machine-readable code, and the message (read in the reader's language
/// at the edge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name, or its path in a JSON body (`changes[1].status`).
    pub field: std::borrow::Cow<'static, str>,
    /// Stable machine-readable code.
    pub code: &'static str,
    pub message: Message,
}

/// A field error as the API sends it: the message in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = FieldError))]
pub struct FieldErrorJson {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub field: std::borrow::Cow<'static, str>,
    pub code: &'static str,
    pub message_ja: String,
    pub message_en: String,
}

impl Serialize for FieldError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FieldErrorJson {
            field: self.field.clone(),
            code: self.code,
            message_ja: self.message.render(Language::Ja),
            message_en: self.message.render(Language::En),
        }
        .serialize(s)
    }
}

impl FieldError {
    pub fn new(
        field: impl Into<std::borrow::Cow<'static, str>>,
        code: &'static str,
        message: Message,
    ) -> Self {
        FieldError {
            field: field.into(),
            code,
            message,
        }
    }

    /// A record check's problem as a form field's error.
    pub fn from_problem(p: &crate::people::unit::RecordProblem) -> Self {
        FieldError::new(p.field, "invalid", p.message.clone())
    }
}

/// Where a submission is aimed at something that cannot take progress.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("no item {0:?} in this plan")]
    UnknownNode(String),
    #[error("item {0:?} has sub-items; progress is recorded on its measures")]
    NotAMeasure(String),
    #[error("fiscal year {0} is outside the plan")]
    YearOutOfPlan(i32),
}

/// Reads a number as people type it: full-width digits, commas, spaces.
pub fn parse_number(raw: &str) -> Option<f64> {
    let cleaned: String = raw
        .trim()
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
            '．' => Some('.'),
            '－' | 'ー' | '−' => Some('-'),
            ',' | '，' | ' ' | '\u{3000}' => None,
            c => Some(c),
        })
        .collect();
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Checks that `code` names a measure of `plan` and `year` is in the plan.
pub fn locate<'a>(plan: &'a Plan, code: &str, year: FiscalYear) -> Result<&'a Node, TargetError> {
    let node = plan
        .node(code)
        .ok_or_else(|| TargetError::UnknownNode(code.to_owned()))?;
    if !plan.is_leaf(code) {
        return Err(TargetError::NotAMeasure(code.to_owned()));
    }
    if !plan.contains_year(year) {
        return Err(TargetError::YearOutOfPlan(year.0));
    }
    Ok(node)
}

/// Validates a submission against the plan's rules. Every problem is
/// returned, each naming its field; nothing is partially accepted.
///
/// `computed` is the year's actual computed from records, when the measure
/// has an indicator on its target's line: an empty actual takes it, and a
/// different one needs a reason (an override, kept in the history).
pub fn validate(
    plan: &Plan,
    node: &Node,
    year: FiscalYear,
    input: &ProgressInput,
    computed: Option<f64>,
) -> Result<ProgressEntry, Vec<FieldError>> {
    let mut errors = Vec::new();
    let target: Option<Target> = node.target(year);

    let status = input.status.trim();
    if status.is_empty() {
        errors.push(FieldError::new(
            "status",
            "required",
            Message::new("plan_status_required"),
        ));
    } else if plan.status(status).is_none() {
        errors.push(FieldError::new(
            "status",
            "unknown_status",
            Message::new("plan_status_unknown_status").arg("status", status),
        ));
    }

    let actual_value = match opt(&input.actual_value) {
        None => None,
        Some(raw) => match parse_number(&raw) {
            Some(v) if v >= 0.0 => Some(v),
            Some(_) => {
                errors.push(FieldError::new(
                    "actual_value",
                    "negative",
                    Message::new("plan_actual_value_negative"),
                ));
                None
            }
            None => {
                errors.push(FieldError::new(
                    "actual_value",
                    "not_a_number",
                    Message::new("plan_actual_value_not_a_number").arg("value", raw),
                ));
                None
            }
        },
    };
    let override_reason = opt(&input.override_reason);
    let (actual_value, actual_computed) = match (actual_value, computed) {
        (None, Some(c)) => (Some(c), true),
        (Some(a), Some(c)) if (a - c).abs() < 1e-9 => (Some(a), true),
        (Some(a), Some(c)) => {
            if override_reason.is_none() {
                errors.push(FieldError::new(
                    "override_reason",
                    "reason_required",
                    Message::new("plan_override_reason_reason_required")
                        .arg("value", crate::grade::fmt_num(c)),
                ));
            }
            (Some(a), false)
        }
        (a, None) => (a, false),
    };
    if override_reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > MAX_TEXT)
    {
        errors.push(FieldError::new(
            "override_reason",
            "too_long",
            Message::new("plan_override_reason_too_long").arg("max", MAX_TEXT),
        ));
    }
    // A measure whose plan sets a numeric target in some year (the final
    // year alone, say) records numeric actuals every year, in its unit; one
    // without any takes a number only when it is computed from records.
    let measured_unit = target
        .as_ref()
        .map(|t| t.unit.clone())
        .or_else(|| plan.years().find_map(|y| node.target(y)).map(|t| t.unit));
    if actual_value.is_some() && measured_unit.is_none() && !actual_computed {
        errors.push(FieldError::new(
            "actual_value",
            "no_numeric_target",
            Message::new("plan_actual_value_no_numeric_target"),
        ));
    }

    for (field, value) in [
        ("actual_text", &input.actual_text),
        ("achievements", &input.achievements),
        ("issues", &input.issues),
        ("grade_reason", &input.grade_reason),
    ] {
        if value.chars().count() > MAX_TEXT {
            errors.push(FieldError::new(
                field,
                "too_long",
                Message::new("plan_field_too_long").arg("max", MAX_TEXT),
            ));
        }
    }

    // A code or a label of the plan's 今後の方向性; stored as its code.
    let direction = opt(&input.direction).and_then(|d| match plan.direction(&d) {
        Some(def) => Some(def.code.clone()),
        None => {
            errors.push(FieldError::new(
                "direction",
                "unknown_direction",
                Message::new("plan_direction_unknown_direction").arg("d", d),
            ));
            None
        }
    });

    let scale = &plan.grades;
    let chosen = opt(&input.grade);
    let reason = opt(&input.grade_reason);
    let rate = match (actual_value, &target) {
        (Some(a), Some(t)) => t.rate(a),
        _ => None,
    };
    // A grade follows from the rate when one can be worked out; otherwise
    // (a target of 0 where higher is better) a person grades it.
    let computes = target.as_ref().is_some_and(Target::rates) && scale.is_rated();
    let (grade, grade_computed) = match &chosen {
        Some(code) => match scale.find(code) {
            None => {
                errors.push(FieldError::new(
                    "grade",
                    "unknown_grade",
                    Message::new("plan_grade_unknown_grade").arg("code", code),
                ));
                (None, false)
            }
            Some(g) if computes && !scale.is_not_assessed(code) => {
                let computed = rate
                    .and_then(|r| scale.grade_for_rate(r))
                    .map(|g| g.code.clone());
                if computed.as_deref() != Some(g.code.as_str()) {
                    errors.push(FieldError::new(
                        "grade",
                        "grade_is_computed",
                        Message::new("plan_grade_grade_is_computed"),
                    ));
                }
                (computed, true)
            }
            Some(g) => {
                if reason.is_none() {
                    errors.push(FieldError::new(
                        "grade_reason",
                        "reason_required",
                        Message::new("plan_grade_reason_reason_required"),
                    ));
                }
                (Some(g.code.clone()), false)
            }
        },
        None if computes => (
            rate.and_then(|r| scale.grade_for_rate(r))
                .map(|g: &Grade| g.code.clone()),
            rate.is_some(),
        ),
        None => (None, false),
    };

    let author = input.author.trim();
    if author.is_empty() {
        errors.push(FieldError::new(
            "author",
            "required",
            Message::new("plan_author_required"),
        ));
    } else if author.chars().count() > 100 {
        errors.push(FieldError::new(
            "author",
            "too_long",
            Message::new("plan_author_too_long"),
        ));
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ProgressEntry {
        status: status.to_owned(),
        actual_value,
        actual_unit: actual_value.and(measured_unit),
        actual_text: opt(&input.actual_text),
        achievements: opt(&input.achievements),
        issues: opt(&input.issues),
        direction,
        grade,
        grade_computed,
        grade_reason: if grade_computed { None } else { reason },
        target_value: target.as_ref().map(|t| t.value),
        achievement_rate: rate,
        owner_division: opt(&input.owner_division).or_else(|| node.owners.first().cloned()),
        author: author.to_owned(),
        override_reason: override_reason.filter(|_| !actual_computed),
        actual_computed,
    })
}

/// A measure's actual in one year computed from records, with its unit
/// (a ratio's "%": a measure without a numeric target has no unit of its
/// own).
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedActual {
    pub value: f64,
    pub unit: Option<String>,
}

/// The progress as reports show it: each measure's actual computed from
/// records (`computed`, by measure code and fiscal year) stands in the
/// recorded revision unless a person overrode it with a reason, and fills a
/// year nobody has recorded yet (revision 0, no status). Achievement rate
/// and a computed grade follow the actual.
pub fn with_computed(
    plan: &Plan,
    current: &[Revision],
    computed: &std::collections::HashMap<(String, i32), ComputedActual>,
) -> Vec<Revision> {
    let mut out: Vec<Revision> = current.to_vec();
    let mut cells: std::collections::HashMap<(String, i32), usize> = out
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.node_code.clone(), r.fiscal_year), i))
        .collect();
    let mut keys: Vec<&(String, i32)> = computed.keys().collect();
    keys.sort();
    for key in keys {
        let value = computed[key].value;
        let Some(node) = plan.node(&key.0) else {
            continue;
        };
        let year = FiscalYear(key.1);
        let target = node.target(year);
        let index = match cells.get(key) {
            Some(&i) if out[i].entry.override_reason.is_some() => continue,
            Some(&i) => i,
            None => {
                out.push(Revision {
                    node_code: key.0.clone(),
                    fiscal_year: key.1,
                    revision: 0,
                    plan_version: 0,
                    recorded_at: String::new(),
                    sample: false,
                    recorded_by: None,
                    entry: ProgressEntry {
                        status: String::new(),
                        actual_value: None,
                        actual_unit: None,
                        actual_text: None,
                        achievements: None,
                        issues: None,
                        direction: None,
                        grade: None,
                        grade_computed: false,
                        grade_reason: None,
                        target_value: None,
                        achievement_rate: None,
                        owner_division: node.owners.first().cloned(),
                        author: String::new(),
                        actual_computed: false,
                        override_reason: None,
                    },
                });
                cells.insert(key.clone(), out.len() - 1);
                out.len() - 1
            }
        };
        let e = &mut out[index].entry;
        let rate = target.as_ref().and_then(|t| t.rate(value));
        e.actual_value = Some(value);
        e.actual_unit = target
            .as_ref()
            .map(|t| t.unit.clone())
            .or_else(|| plan.years().find_map(|y| node.target(y)).map(|t| t.unit))
            .or_else(|| computed[key].unit.clone());
        e.actual_computed = true;
        e.target_value = target.as_ref().map(|t| t.value);
        e.achievement_rate = rate;
        let chosen = e.grade.is_some() && !e.grade_computed;
        if !chosen && plan.grades.is_rated() {
            e.grade = rate
                .and_then(|r| plan.grades.grade_for_rate(r))
                .map(|g| g.code.clone());
            e.grade_computed = e.grade.is_some();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::parse_plan;

    fn plan() -> Plan {
        let head = crate::plan::test_plan_head(
            (2011, 2013),
            &[("方策", "")],
            &[
                ("A", Some(110), None),
                ("B", Some(80), Some(110)),
                ("C", None, Some(80)),
            ],
        );
        let src = head
            + r#"
[[nodes]]
code = "num"
title = "研修所派遣"
[[nodes.schedule]]
year = 2011
target = 140
unit = "名"
[[nodes]]
code = "txt"
title = "面談"
owners = ["職員課"]
[[nodes.schedule]]
year = 2011
text = "実施"
"#;
        parse_plan(&src).unwrap_or_else(|e| panic!("{e}"))
    }

    fn input(status: &str) -> ProgressInput {
        ProgressInput {
            status: status.into(),
            author: "人事 太郎".into(),
            ..Default::default()
        }
    }

    fn check(code: &str, i: &ProgressInput) -> Result<ProgressEntry, Vec<FieldError>> {
        let p = plan();
        let node = locate(&p, code, FiscalYear(2011)).unwrap_or_else(|e| panic!("{e}"));
        validate(&p, node, FiscalYear(2011), i, None)
    }

    #[test]
    fn a_computed_actual_is_taken_and_overriding_it_needs_a_reason() {
        let p = plan();
        let node = locate(&p, "num", FiscalYear(2011)).unwrap_or_else(|e| panic!("{e}"));
        let y = FiscalYear(2011);
        // Left empty, the actual is the computed one, graded.
        let e = validate(&p, node, y, &input("in_progress"), Some(150.0)).unwrap();
        assert_eq!((e.actual_value, e.actual_computed), (Some(150.0), true));
        assert_eq!(e.grade.as_deref(), Some("B"));
        // Another number without a reason is refused, naming the field.
        let mut i = input("in_progress");
        i.actual_value = "160".into();
        let errs = validate(&p, node, y, &i, Some(150.0)).unwrap_err();
        assert_eq!(
            errs.iter()
                .map(|e| (e.field.as_ref(), e.code))
                .collect::<Vec<_>>(),
            [("override_reason", "reason_required")]
        );
        assert!(errs[0].message.to_string().contains("150"));
        i.override_reason = "研修所の名簿に載らない派遣が2名".into();
        let e = validate(&p, node, y, &i, Some(150.0)).unwrap();
        assert_eq!((e.actual_value, e.actual_computed), (Some(160.0), false));
        assert_eq!(
            e.override_reason.as_deref(),
            Some("研修所の名簿に載らない派遣が2名")
        );
        // Typing the computed number is no override.
        i.actual_value = "150".into();
        let e = validate(&p, node, y, &i, Some(150.0)).unwrap();
        assert!(e.actual_computed && e.override_reason.is_none());
    }

    #[test]
    fn reports_show_the_computed_actual_unless_overridden() {
        let p = plan();
        let node = locate(&p, "num", FiscalYear(2011)).unwrap_or_else(|e| panic!("{e}"));
        let revision = |entry: ProgressEntry| Revision {
            node_code: "num".into(),
            fiscal_year: 2011,
            revision: 1,
            plan_version: 1,
            recorded_at: "2012-03-01T00:00:00Z".into(),
            sample: false,
            recorded_by: None,
            entry,
        };
        let computed = std::collections::HashMap::from([(
            ("num".to_owned(), 2011),
            ComputedActual {
                value: 150.0,
                unit: None,
            },
        )]);
        // Nobody recorded the year: it appears, computed and graded.
        let shown = with_computed(&p, &[], &computed);
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].revision, 0);
        assert_eq!(shown[0].entry.actual_value, Some(150.0));
        assert_eq!(shown[0].entry.grade.as_deref(), Some("B"));
        // A recorded revision without an override follows the records.
        let mut i = input("in_progress");
        i.actual_value = "100".into();
        let stale = validate(&p, node, FiscalYear(2011), &i, None).unwrap();
        let shown = with_computed(&p, &[revision(stale)], &computed);
        assert_eq!(shown[0].entry.actual_value, Some(150.0));
        assert_eq!(shown[0].entry.status, "in_progress");
        // An override stands.
        i.override_reason = "理由".into();
        let kept = validate(&p, node, FiscalYear(2011), &i, Some(150.0)).unwrap();
        let shown = with_computed(&p, &[revision(kept)], &computed);
        assert_eq!(shown[0].entry.actual_value, Some(100.0));
        assert!(!shown[0].entry.actual_computed);
    }

    #[test]
    fn numeric_target_grades_itself() {
        let mut i = input("done");
        i.actual_value = "１５４".into();
        let e = check("num", &i).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(e.actual_value, Some(154.0));
        assert_eq!(e.actual_unit.as_deref(), Some("名"));
        assert_eq!(e.grade.as_deref(), Some("A"));
        assert!(e.grade_computed);
        assert_eq!(e.target_value, Some(140.0));
        i.actual_value = "111".into();
        assert_eq!(
            check("num", &i).ok().and_then(|e| e.grade).as_deref(),
            Some("C")
        );
    }

    #[test]
    fn numeric_target_refuses_a_chosen_grade_but_accepts_not_assessed() {
        let mut i = input("done");
        i.actual_value = "10".into();
        i.grade = "A".into();
        let errs = check("num", &i).err().unwrap_or_default();
        assert_eq!(
            errs.iter().map(|e| e.code).collect::<Vec<_>>(),
            ["grade_is_computed"]
        );
        i.grade = "-".into();
        i.grade_reason = "事業中止のため".into();
        assert_eq!(
            check("num", &i).ok().and_then(|e| e.grade).as_deref(),
            Some("-")
        );
    }

    #[test]
    fn text_target_needs_a_reason_for_the_grade() {
        let mut i = input("in_progress");
        i.grade = "B".into();
        let errs = check("txt", &i).err().unwrap_or_default();
        assert_eq!(
            errs.iter()
                .map(|e| (e.field.as_ref(), e.code))
                .collect::<Vec<_>>(),
            [("grade_reason", "reason_required")]
        );
        i.grade_reason = "計画どおり実施".into();
        let e = check("txt", &i).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(e.grade.as_deref(), Some("B"));
        assert!(!e.grade_computed);
        assert_eq!(e.owner_division.as_deref(), Some("職員課"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let i = ProgressInput {
            status: "finished".into(),
            actual_value: "abc".into(),
            direction: "sideways".into(),
            grade: "Z".into(),
            ..Default::default()
        };
        let errs = check("txt", &i).err().unwrap_or_default();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(
            fields,
            ["status", "actual_value", "direction", "grade", "author"]
        );
    }

    #[test]
    fn a_text_year_takes_a_number_only_when_computed_from_records() {
        let p = plan();
        let node = locate(&p, "txt", FiscalYear(2011)).unwrap_or_else(|e| panic!("{e}"));
        let mut i = input("done");
        i.actual_text = "全所属で面談を実施".into();
        let e = validate(&p, node, FiscalYear(2011), &i, Some(93.1))
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((e.actual_value, e.actual_computed), (Some(93.1), true));
        assert_eq!(e.grade, None, "nothing to grade it against");
        i.actual_value = "95".into();
        i.override_reason = "集計漏れ".into();
        let errs = validate(&p, node, FiscalYear(2011), &i, Some(93.1))
            .err()
            .unwrap_or_default();
        assert_eq!(
            errs.iter().map(|e| e.code).collect::<Vec<_>>(),
            ["no_numeric_target"]
        );
    }

    #[test]
    fn a_number_on_a_text_year_is_refused() {
        let mut i = input("done");
        i.actual_value = "3".into();
        let errs = check("txt", &i).err().unwrap_or_default();
        assert_eq!(
            errs.iter().map(|e| e.code).collect::<Vec<_>>(),
            ["no_numeric_target"]
        );
    }

    #[test]
    fn locate_rejects_parents_and_years_outside() {
        let p = plan();
        assert!(matches!(
            locate(&p, "zzz", FiscalYear(2011)),
            Err(TargetError::UnknownNode(_))
        ));
        assert!(matches!(
            locate(&p, "num", FiscalYear(2014)),
            Err(TargetError::YearOutOfPlan(2014))
        ));
    }

    #[test]
    fn json_takes_numbers_and_refuses_unknown_fields() {
        let i: ProgressInput =
            serde_json::from_str(r#"{"status":"done","actual_value":150}"#).unwrap_or_default();
        assert_eq!(i.actual_value, "150");
        let err = serde_json::from_str::<ProgressInput>(r#"{"status":"done","colour":1}"#)
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("unknown field `colour`")));
    }

    #[test]
    fn numbers_as_typed() {
        assert_eq!(parse_number("1,234"), Some(1234.0));
        assert_eq!(parse_number("１２．５"), Some(12.5));
        assert_eq!(parse_number("12名"), None);
        assert_eq!(parse_number(""), None);
    }
}
