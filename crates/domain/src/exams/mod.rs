//! 昇任試験・選考: once a year for each level (係長, 課長 …) HR sets an
//! exam: who may sit it ([`Eligibility`], judged on a reference date), the
//! application window, the day it is held, and its components with their
//! weights ([`Component`]: 択一, 論文, 面接 and 業務実績 — the plan's
//! 業績・能力の加味). Staff apply within the window; HR records who sat,
//! each component's score and the result; a promotion (a personnel event
//! to the exam's grade) follows for those who passed.
//!
//! The funnel each year and level: eligible → applied → sat → passed →
//! promoted ([`Stage`]).

pub mod metrics;

use crate::i18n::Message;
use crate::people::codes::{CodeList, Coded, EMPLOYMENT_TYPES, JOB_GRADES};
use crate::people::staff::Staff;
use crate::people::terms::Term;
use crate::progress::FieldError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The kinds of exam component (their codes and labels).
pub const COMPONENT_KINDS: CodeList = CodeList {
    name: "exam component",
    items: &[
        ("choice", "択一式", "Multiple choice"),
        ("essay", "論文", "Essay"),
        ("interview", "面接", "Interview"),
        ("record", "業務実績", "Work record"),
        ("other", "その他", "Other"),
    ],
};

/// A kind of exam component (its labels: [`COMPONENT_KINDS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ComponentKind {
    Choice,
    Essay,
    Interview,
    Record,
    Other,
}

impl Coded for ComponentKind {
    const LIST: CodeList = COMPONENT_KINDS;
}

/// The most years (of service, in grade, of age) a rule may name.
pub const MAX_YEARS: u32 = 120;

/// The highest score any component may be marked out of.
pub const MAX_COMPONENT_SCORE: u32 = 1_000;

/// One part of an exam: what it is, how much it weighs in the total (in
/// percent; an exam's weights add up to 100) and what it is marked out of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub kind: ComponentKind,
    /// Percent of the total.
    pub weight: u32,
    /// The score a perfect answer gets (marks run 0 to this).
    pub max_score: u32,
}

/// Who may sit an exam, judged on its reference date. Empty lists allow
/// any value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// Job grades (codes of the city's list) a candidate holds.
    #[serde(default)]
    pub grades: Vec<String>,
    /// Employment types (codes) a candidate is employed as.
    #[serde(default)]
    pub employment_types: Vec<String>,
    /// Whole years since hire, at least.
    #[serde(default)]
    pub min_years_of_service: u32,
    /// Whole years in the present grade, at least.
    #[serde(default)]
    pub min_years_in_grade: u32,
    /// Age on the reference date, at most (none: no limit).
    #[serde(default)]
    pub max_age: Option<u32>,
}

/// What eligibility is judged on: a person as the records show them on the
/// reference date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// In service on the reference date.
    pub in_service: bool,
    pub grade: Option<String>,
    /// Since when they hold `grade` (their hire date when no promotion is
    /// recorded).
    pub grade_since: Option<NaiveDate>,
    pub employment_type: String,
    pub hire_date: NaiveDate,
    pub birth_date: Option<NaiveDate>,
}

impl Candidate {
    /// A person as their records show them on `on`: in service (hired by
    /// then and not left before), the grade and employment type of the
    /// stretch in force (`terms`: their history, in order; the staff
    /// record's own values when none holds), and since when they have
    /// held that grade (the first day of the unbroken run of stretches
    /// with it, whatever the employment type did meanwhile).
    pub fn of(staff: &Staff, terms: &[Term], on: NaiveDate) -> Candidate {
        let in_service = staff.hire_date <= on && staff.leaving_date.is_none_or(|l| l >= on);
        let (grade, employment_type, grade_since) = match terms.iter().position(|t| t.holds_on(on))
        {
            Some(i) => {
                let grade = terms[i].job_grade.clone();
                let mut since = terms[i].from;
                for t in terms[..i].iter().rev() {
                    if t.job_grade != grade || t.until != Some(since) {
                        break;
                    }
                    since = t.from;
                }
                (grade, terms[i].employment_type.clone(), Some(since))
            }
            None => (staff.job_grade.clone(), staff.employment_type.clone(), None),
        };
        Candidate {
            in_service,
            grade,
            grade_since,
            employment_type,
            hire_date: staff.hire_date,
            birth_date: staff.birth_date,
        }
    }
}

/// Whole years from `from` to `on` (a birthday or anniversary on `on`
/// counts).
pub fn whole_years(from: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - from.year();
    if (on.month(), on.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The labels of `codes` in `list`, joined, in Japanese and in English.
fn labels(list: &CodeList, codes: &[String]) -> (String, String) {
    let ja: Vec<&str> = codes.iter().map(|c| list.label(c)).collect();
    let en: Vec<&str> = codes.iter().map(|c| list.label_en(c)).collect();
    (ja.join("・"), en.join(", "))
}

/// The message keys of the rules exams and postings share, each saying
/// "受験資格" or "応募資格" in its own words.
pub(crate) struct RuleWords {
    pub grade: &'static str,
    pub employment_type: &'static str,
    pub service: &'static str,
}

/// The rules exams and postings share, judged on `on`: in service, one of
/// `grades`, one of `types` (empty: any), at least `min_service` whole
/// years since hire. The first not met, named.
pub(crate) fn judge_basics(
    c: &Candidate,
    on: NaiveDate,
    (grades, types, min_service): (&[String], &[String], u32),
    words: &RuleWords,
) -> Result<(), Message> {
    if !c.in_service {
        return Err(Message::new("exams_rule_in_service").arg("date", on));
    }
    if !grades.is_empty() && !c.grade.as_ref().is_some_and(|g| grades.contains(g)) {
        let (ja, en) = labels(&JOB_GRADES, grades);
        return Err(Message::new(words.grade)
            .each("grades", ja, en)
            .arg("date", on));
    }
    if !types.is_empty() && !types.contains(&c.employment_type) {
        let (ja, en) = labels(&EMPLOYMENT_TYPES, types);
        return Err(Message::new(words.employment_type).each("types", ja, en));
    }
    let service = whole_years(c.hire_date, on);
    if service < min_service {
        return Err(Message::new(words.service)
            .arg("years", min_service)
            .arg("actual", service)
            .arg("date", on));
    }
    Ok(())
}

impl Eligibility {
    /// Why `c` may not sit (the first rule not met, named), or `Ok`.
    pub fn judge(&self, c: &Candidate, on: NaiveDate) -> Result<(), Message> {
        judge_basics(
            c,
            on,
            (
                &self.grades,
                &self.employment_types,
                self.min_years_of_service,
            ),
            &RuleWords {
                grade: "exams_rule_grade",
                employment_type: "exams_rule_employment_type",
                service: "exams_rule_service",
            },
        )?;
        let in_grade = whole_years(c.grade_since.unwrap_or(c.hire_date), on);
        if in_grade < self.min_years_in_grade {
            return Err(Message::new("exams_rule_in_grade")
                .arg("years", self.min_years_in_grade)
                .arg("actual", in_grade)
                .arg("date", on));
        }
        if let Some(max) = self.max_age {
            match c.birth_date.map(|b| whole_years(b, on)) {
                Some(age) if age <= max => {}
                Some(age) => {
                    return Err(Message::new("exams_rule_age")
                        .arg("max", max)
                        .arg("actual", age)
                        .arg("date", on));
                }
                None => return Err(Message::new("exams_rule_age_unknown").arg("max", max)),
            }
        }
        Ok(())
    }
}

/// A year's exam for one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Exam {
    pub fiscal_year: i32,
    /// The grade (code) those who pass are promoted to: `kakaricho`, `kacho` …
    pub level: String,
    pub title: String,
    /// Applications are taken from this day …
    pub opens_on: NaiveDate,
    /// … to this day.
    pub closes_on: NaiveDate,
    /// The day it is sat (the first sitting, when there are several).
    pub held_on: NaiveDate,
    /// The day eligibility is judged on.
    pub reference_date: NaiveDate,
    pub eligibility: Eligibility,
    pub components: Vec<Component>,
    /// The weighted total (0–100) at or above which a candidate passes.
    pub pass_mark: u32,
}

impl Exam {
    /// Problems at their fields; `known_grade` and `known_type` tell
    /// whether a code is on the city's lists.
    pub fn check(
        &self,
        known_grade: &dyn Fn(&str) -> bool,
        known_type: &dyn Fn(&str) -> bool,
    ) -> Vec<FieldError> {
        let mut out = Vec::new();
        if !known_grade(&self.level) {
            out.push(FieldError::new(
                "level",
                "unknown",
                Message::new("exams_level_unknown").arg("level", &self.level),
            ));
        }
        if self.title.trim().is_empty() {
            out.push(FieldError::new(
                "title",
                "required",
                Message::new("exams_title_required"),
            ));
        } else if let Err(m) = crate::text::check(&self.title, crate::text::TextKind::Line) {
            out.push(FieldError::new("title", "text", m));
        }
        if self.closes_on < self.opens_on {
            out.push(FieldError::new(
                "closes_on",
                "order",
                Message::new("exams_closes_before_opening"),
            ));
        }
        if self.held_on < self.closes_on {
            out.push(FieldError::new(
                "held_on",
                "order",
                Message::new("exams_held_before_closing"),
            ));
        }
        let fy = crate::FiscalYear(self.fiscal_year);
        if fy.start().is_none_or(|s| self.held_on < s) || fy.end().is_none_or(|e| self.held_on > e)
        {
            out.push(FieldError::new(
                "held_on",
                "outside_year",
                Message::new("exams_held_outside_year").arg("year", self.fiscal_year),
            ));
        }
        let el = &self.eligibility;
        for (field, years) in [
            ("eligibility.min_years_of_service", el.min_years_of_service),
            ("eligibility.min_years_in_grade", el.min_years_in_grade),
            ("eligibility.max_age", el.max_age.unwrap_or(0)),
        ] {
            if years > MAX_YEARS {
                out.push(FieldError::new(
                    field,
                    "range",
                    Message::new("exams_years_range").arg("max", MAX_YEARS),
                ));
            }
        }
        for (i, g) in self.eligibility.grades.iter().enumerate() {
            if !known_grade(g) {
                out.push(FieldError::new(
                    format!("eligibility.grades[{i}]"),
                    "unknown",
                    Message::new("exams_level_unknown").arg("level", g),
                ));
            }
        }
        for (i, t) in self.eligibility.employment_types.iter().enumerate() {
            if !known_type(t) {
                out.push(FieldError::new(
                    format!("eligibility.employment_types[{i}]"),
                    "unknown",
                    Message::new("exams_type_unknown").arg("type", t),
                ));
            }
        }
        if self.components.is_empty() {
            out.push(FieldError::new(
                "components",
                "required",
                Message::new("exams_components_required"),
            ));
        }
        for (i, c) in self.components.iter().enumerate() {
            if self.components[..i].iter().any(|o| o.kind == c.kind) {
                out.push(FieldError::new(
                    format!("components[{i}].kind"),
                    "twice",
                    Message::new("exams_component_twice").label(
                        "kind",
                        &COMPONENT_KINDS,
                        c.kind.code(),
                    ),
                ));
            }
            if c.max_score == 0 || c.max_score > MAX_COMPONENT_SCORE {
                out.push(FieldError::new(
                    format!("components[{i}].max_score"),
                    "range",
                    Message::new("exams_max_score_range").arg("max", MAX_COMPONENT_SCORE),
                ));
            }
        }
        let total: u64 = self.components.iter().map(|c| u64::from(c.weight)).sum();
        if !self.components.is_empty() && total != 100 {
            out.push(FieldError::new(
                "components",
                "weights",
                Message::new("exams_weights_total").arg("total", total),
            ));
        }
        if self.pass_mark > 100 {
            out.push(FieldError::new(
                "pass_mark",
                "range",
                Message::new("exams_pass_mark_range"),
            ));
        }
        out
    }

    /// The last day a promotion counts as following this exam: the end of
    /// the next fiscal year (from the exam day on).
    pub fn promotion_by(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.fiscal_year + 2, 3, 31)
    }

    /// Whether applications are taken on `day`.
    pub fn open_on(&self, day: NaiveDate) -> bool {
        self.opens_on <= day && day <= self.closes_on
    }

    /// Whether the work record (業務実績) weighs in the result: the plan's
    /// 業績・能力の加味 (measure 1-3-1).
    pub fn weighs_record(&self) -> bool {
        self.components
            .iter()
            .any(|c| c.kind == ComponentKind::Record && c.weight > 0)
    }

    /// The weighted total (0–100, two decimals kept by the caller) of a
    /// candidate's marks, one per component in the exam's order; a mark
    /// outside its component's range is an error at `scores[i]`.
    pub fn total(&self, scores: &[Option<u32>]) -> Result<Option<f64>, FieldError> {
        if scores.len() != self.components.len() {
            return Err(FieldError::new(
                "scores",
                "count",
                Message::new("exams_scores_count").arg("count", self.components.len()),
            ));
        }
        let mut total = 0.0;
        let mut complete = true;
        for (i, (c, s)) in self.components.iter().zip(scores).enumerate() {
            match s {
                None => complete = false,
                Some(s) if *s > c.max_score => {
                    return Err(FieldError::new(
                        format!("scores[{i}]"),
                        "range",
                        Message::new("exams_score_range")
                            .label("kind", &COMPONENT_KINDS, c.kind.code())
                            .arg("max", c.max_score)
                            .arg("score", *s),
                    ));
                }
                Some(s) => total += f64::from(*s) / f64::from(c.max_score) * f64::from(c.weight),
            }
        }
        Ok(complete.then_some(total))
    }

    /// Whether a complete total passes.
    pub fn passes(&self, total: f64) -> bool {
        total + 1e-9 >= f64::from(self.pass_mark)
    }
}

/// What a published past paper is (過去問題の公開).
/// Whether a candidate sat, as files say it.
pub const SITTINGS: CodeList = CodeList {
    name: "sitting",
    items: &[("sat", "受験", "Sat"), ("absent", "欠席", "Absent")],
};

/// An application and how far it went, as an HR file or the sample city
/// gives it (past years' paper records): the exam is named by its year and
/// level, marks follow the exam's component order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationRecord {
    pub fiscal_year: i32,
    pub level: String,
    pub staff_number: crate::people::StaffNumber,
    pub applied_on: NaiveDate,
    pub withdrawn_on: Option<NaiveDate>,
    /// Whether they sat (none: not recorded yet).
    pub sat: Option<bool>,
    /// Marks in component order (none where not marked; empty when they
    /// did not sit).
    pub scores: Vec<Option<u32>>,
}

pub const PAPER_KINDS: CodeList = CodeList {
    name: "exam paper",
    items: &[
        ("question", "過去問題", "Past paper"),
        ("answer", "解答例", "Model answer"),
    ],
};

/// A past paper or a model answer (its labels: [`PAPER_KINDS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PaperKind {
    Question,
    Answer,
}

impl Coded for PaperKind {
    const LIST: CodeList = PAPER_KINDS;
}

/// The largest past paper jinzai keeps (10 MiB).
pub const MAX_PAPER_BYTES: usize = 10 * 1024 * 1024;

/// The file types a past paper may be (their labels).
pub const PAPER_TYPES: CodeList = CodeList {
    name: "paper type",
    items: &[
        ("application/pdf", "PDF", "PDF"),
        ("text/plain", "テキスト", "Text"),
    ],
};

/// A past paper or model answer of an exam, published to staff from a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Paper {
    pub kind: PaperKind,
    pub title: String,
    /// `application/pdf` or `text/plain` (UTF-8): what the file says it is.
    pub content_type: String,
    /// Staff read it from this day (公開日).
    pub published_on: NaiveDate,
}

impl Paper {
    /// Problems at their fields, the file's content checked against its
    /// declared type: a PDF begins `%PDF-`; text is UTF-8 without NUL and
    /// is not a PDF; at most [`MAX_PAPER_BYTES`].
    pub fn check(&self, body: &[u8]) -> Vec<FieldError> {
        let mut out = Vec::new();
        if self.title.trim().is_empty() {
            out.push(FieldError::new(
                "title",
                "required",
                Message::new("exams_title_required"),
            ));
        } else if let Err(m) = crate::text::check(&self.title, crate::text::TextKind::Line) {
            out.push(FieldError::new("title", "text", m));
        }
        let refuse = |key: &'static str| FieldError::new("file", "content", Message::new(key));
        let pdf = body.starts_with(b"%PDF-");
        if body.is_empty() {
            out.push(FieldError::new(
                "file",
                "required",
                Message::new("exams_paper_empty"),
            ));
        } else if body.len() > MAX_PAPER_BYTES {
            out.push(FieldError::new(
                "file",
                "too_large",
                Message::new("exams_paper_too_large").arg("mib", MAX_PAPER_BYTES / 1024 / 1024),
            ));
        } else {
            match self.content_type.as_str() {
                "application/pdf" if !pdf => out.push(refuse("exams_paper_not_pdf")),
                "text/plain" if pdf => out.push(refuse("exams_paper_pdf_as_text")),
                "text/plain" if std::str::from_utf8(body).is_err() || body.contains(&0) => {
                    out.push(refuse("exams_paper_not_text"));
                }
                "application/pdf" | "text/plain" => {}
                other => out.push(FieldError::new(
                    "content_type",
                    "unknown",
                    Message::new("exams_paper_type_unknown").arg("type", other),
                )),
            }
        }
        out
    }
}

/// How far a candidate went in a year's exam, each stage implying those
/// before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::EnumString, strum::IntoStaticStr, strum::VariantArray, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Stage {
    Eligible,
    Applied,
    Sat,
    Passed,
    Promoted,
}

/// The funnel's stages (codes and labels).
pub const STAGES: CodeList = CodeList {
    name: "exam stage",
    items: &[
        ("eligible", "受験資格者", "Eligible"),
        ("applied", "申込者", "Applied"),
        ("sat", "受験者", "Sat"),
        ("passed", "合格者", "Passed"),
        ("promoted", "昇任者", "Promoted"),
    ],
};

impl Coded for Stage {
    const LIST: CodeList = STAGES;
}

/// Age classes of the funnel (by age on the reference date).
pub const AGE_CLASSES: CodeList = CodeList {
    name: "age class",
    items: &[
        ("under_30", "30歳未満", "Under 30"),
        ("30s", "30歳代", "30s"),
        ("40s", "40歳代", "40s"),
        ("50_and_over", "50歳以上", "50 and over"),
        ("unknown", "不明", "Unknown"),
    ],
};

/// The funnel's 職種 groups: the staff master's job families, and those
/// the records do not say.
pub const JOB_FAMILY_GROUPS: CodeList = CodeList {
    name: "job family",
    items: &[
        ("general", "一般事務職", "General administration"),
        ("professional", "専門職", "Professional"),
        ("unknown", "不明", "Unknown"),
    ],
};

/// The age class (a code of [`AGE_CLASSES`]) of someone born on `birth`,
/// on `on`.
pub fn age_class(birth: Option<NaiveDate>, on: NaiveDate) -> &'static str {
    match birth.map(|b| whole_years(b, on)) {
        None => "unknown",
        Some(a) if a < 30 => "under_30",
        Some(a) if a < 40 => "30s",
        Some(a) if a < 50 => "40s",
        Some(_) => "50_and_over",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::codes::assert_list_matches;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn exam() -> Exam {
        Exam {
            fiscal_year: 2012,
            level: "kakaricho".into(),
            title: "係長職昇任選考".into(),
            opens_on: d(2012, 6, 1),
            closes_on: d(2012, 6, 30),
            held_on: d(2012, 9, 9),
            reference_date: d(2012, 4, 1),
            eligibility: Eligibility {
                grades: vec!["shunin".into()],
                employment_types: vec!["regular".into()],
                min_years_of_service: 8,
                min_years_in_grade: 3,
                max_age: Some(50),
            },
            components: vec![
                Component {
                    kind: ComponentKind::Choice,
                    weight: 30,
                    max_score: 50,
                },
                Component {
                    kind: ComponentKind::Essay,
                    weight: 30,
                    max_score: 100,
                },
                Component {
                    kind: ComponentKind::Record,
                    weight: 40,
                    max_score: 5,
                },
            ],
            pass_mark: 60,
        }
    }

    fn candidate() -> Candidate {
        Candidate {
            in_service: true,
            grade: Some("shunin".into()),
            grade_since: Some(d(2009, 4, 1)),
            employment_type: "regular".into(),
            hire_date: d(2004, 4, 1),
            birth_date: Some(d(1980, 4, 2)),
        }
    }

    fn rule(e: &Exam, c: &Candidate) -> Option<&'static str> {
        e.eligibility
            .judge(c, e.reference_date)
            .err()
            .map(|m| m.key)
    }

    #[test]
    fn lists_match_their_enums() {
        assert_list_matches::<ComponentKind>();
        assert_list_matches::<Stage>();
        assert_list_matches::<PaperKind>();
    }

    #[test]
    fn eligibility_names_the_first_rule_not_met() {
        let e = exam();
        assert_eq!(rule(&e, &candidate()), None);
        let c = |f: fn(&mut Candidate)| {
            let mut c = candidate();
            f(&mut c);
            rule(&e, &c)
        };
        assert_eq!(c(|c| c.in_service = false), Some("exams_rule_in_service"));
        assert_eq!(
            c(|c| c.grade = Some("shuji".into())),
            Some("exams_rule_grade")
        );
        assert_eq!(c(|c| c.grade = None), Some("exams_rule_grade"));
        assert_eq!(
            c(|c| c.employment_type = "fiscal_year".into()),
            Some("exams_rule_employment_type")
        );
        // Eight whole years on 2012-04-01 need a hire on 2004-04-01 at the latest.
        assert_eq!(
            c(|c| c.hire_date = d(2004, 4, 2)),
            Some("exams_rule_service")
        );
        assert_eq!(
            c(|c| c.grade_since = Some(d(2009, 4, 2))),
            Some("exams_rule_in_grade")
        );
        // Without a grade date, years in grade count from hire.
        assert_eq!(c(|c| c.grade_since = None), None);
        // 50 on the reference date may sit; 51 may not.
        assert_eq!(c(|c| c.birth_date = Some(d(1962, 4, 1))), None);
        assert_eq!(
            c(|c| c.birth_date = Some(d(1961, 4, 1))),
            Some("exams_rule_age")
        );
        assert_eq!(c(|c| c.birth_date = None), Some("exams_rule_age_unknown"));
        // Empty lists allow anyone.
        let open = Eligibility::default();
        let mut anyone = candidate();
        anyone.grade = None;
        anyone.employment_type = "fixed_term".into();
        assert_eq!(open.judge(&anyone, e.reference_date), Ok(()));
    }

    #[test]
    fn an_exam_is_checked_at_its_fields() {
        let grades = |g: &str| ["shuji", "shunin", "kakaricho", "kacho"].contains(&g);
        let types = |t: &str| t == "regular";
        assert!(exam().check(&grades, &types).is_empty());
        let mut bad = exam();
        bad.level = "shogun".into();
        bad.closes_on = d(2012, 5, 1);
        bad.held_on = d(2013, 4, 1);
        bad.eligibility.employment_types.push("pirate".into());
        bad.components[1].kind = ComponentKind::Choice;
        bad.components[2].max_score = 0;
        bad.components[2].weight = 30;
        bad.pass_mark = 101;
        let fields: Vec<String> = bad
            .check(&grades, &types)
            .into_iter()
            .map(|e| e.field.into_owned())
            .collect();
        assert_eq!(
            fields,
            [
                "level",
                "closes_on",
                "held_on",
                "eligibility.employment_types[1]",
                "components[1].kind",
                "components[2].max_score",
                "components",
                "pass_mark"
            ]
        );
        let mut early = exam();
        early.held_on = d(2012, 6, 29);
        let fields: Vec<String> = early
            .check(&grades, &types)
            .into_iter()
            .map(|e| e.field.into_owned())
            .collect();
        assert_eq!(fields, ["held_on"]);
        // Weights that would overflow a u32, and a title with a tab.
        let mut huge = exam();
        huge.components[0].weight = u32::MAX;
        huge.title = "係長\t選考".into();
        let fields: Vec<String> = huge
            .check(&grades, &types)
            .into_iter()
            .map(|e| e.field.into_owned())
            .collect();
        assert_eq!(fields, ["title", "components"]);
    }

    #[test]
    fn a_paper_is_what_it_says_it_is() {
        let paper = |content_type: &str| Paper {
            kind: PaperKind::Question,
            title: "平成23年度 論文試験問題".into(),
            content_type: content_type.into(),
            published_on: d(2012, 4, 1),
        };
        let fields = |p: &Paper, body: &[u8]| -> Vec<(String, &'static str)> {
            p.check(body)
                .into_iter()
                .map(|e| (e.field.into_owned(), e.message.key))
                .collect()
        };
        let pdf = b"%PDF-1.4 ...";
        assert!(fields(&paper("application/pdf"), pdf).is_empty());
        assert!(fields(&paper("text/plain"), "問一 …".as_bytes()).is_empty());
        assert_eq!(
            fields(&paper("application/pdf"), "問一".as_bytes()),
            [("file".to_owned(), "exams_paper_not_pdf")]
        );
        assert_eq!(
            fields(&paper("text/plain"), pdf),
            [("file".to_owned(), "exams_paper_pdf_as_text")]
        );
        assert_eq!(
            fields(&paper("text/plain"), &[0x82, 0xa0]),
            [("file".to_owned(), "exams_paper_not_text")]
        );
        assert_eq!(
            fields(&paper("image/png"), b"x"),
            [("content_type".to_owned(), "exams_paper_type_unknown")]
        );
        assert_eq!(
            fields(&paper("text/plain"), &vec![b'a'; MAX_PAPER_BYTES + 1]),
            [("file".to_owned(), "exams_paper_too_large")]
        );
        let mut untitled = paper("text/plain");
        untitled.title = " ".into();
        assert_eq!(
            fields(&untitled, b""),
            [
                ("title".to_owned(), "exams_title_required"),
                ("file".to_owned(), "exams_paper_empty")
            ]
        );
    }

    #[test]
    fn totals_weigh_each_component_and_refuse_marks_out_of_range() {
        let e = exam();
        assert!(e.weighs_record());
        // 40/50 of 30 + 70/100 of 30 + 3/5 of 40 = 24 + 21 + 24 = 69.
        let t = e.total(&[Some(40), Some(70), Some(3)]).unwrap().unwrap();
        assert!((t - 69.0).abs() < 1e-9);
        assert!(e.passes(t));
        assert!(e.passes(60.0) && !e.passes(59.99));
        assert_eq!(e.total(&[Some(40), None, Some(3)]), Ok(None));
        let err = e.total(&[Some(40), Some(70), Some(6)]).unwrap_err();
        assert_eq!(err.field, "scores[2]");
        assert!(
            err.message
                .render(crate::i18n::Language::Ja)
                .contains("業務実績")
        );
        assert_eq!(e.total(&[Some(1)]).unwrap_err().field, "scores");
        let mut no_record = exam();
        no_record.components[2].weight = 0;
        assert!(!no_record.weighs_record());
    }

    #[test]
    fn a_candidate_is_read_from_the_records_on_the_reference_date() {
        use crate::people::terms::TermSource;
        let term = |from: NaiveDate, until: Option<NaiveDate>, ty: &str, g: &str| Term {
            from,
            until,
            employment_type: ty.into(),
            job_grade: Some(g.into()),
            source: TermSource::Event,
        };
        let staff = Staff {
            number: "00123".into(),
            name: "髙橋 花子".into(),
            kana: "タカハシ ハナコ".into(),
            gender: Some("female".into()),
            birth_date: Some(d(1980, 5, 1)),
            hire_date: d(2002, 4, 1),
            hiring_route: "new_graduate".into(),
            employment_type: "regular".into(),
            job_grade: Some("kakaricho".into()),
            qualifications: vec![],
            status: "active".into(),
            leaving_date: None,
            leaving_reason: None,
            job_family: None,
        };
        let terms = [
            term(d(2002, 4, 1), Some(d(2007, 4, 1)), "regular", "shuji"),
            term(d(2007, 4, 1), Some(d(2009, 10, 1)), "regular", "shunin"),
            // A change of employment type keeps the grade's run going.
            term(d(2009, 10, 1), Some(d(2013, 4, 1)), "fixed_term", "shunin"),
            term(d(2013, 4, 1), None, "regular", "kakaricho"),
        ];
        let c = Candidate::of(&staff, &terms, d(2012, 4, 1));
        assert!(c.in_service);
        assert_eq!(c.grade.as_deref(), Some("shunin"));
        assert_eq!(c.grade_since, Some(d(2007, 4, 1)));
        assert_eq!(c.employment_type, "fixed_term");
        let later = Candidate::of(&staff, &terms, d(2014, 4, 1));
        assert_eq!(later.grade_since, Some(d(2013, 4, 1)));
        let before = Candidate::of(&staff, &terms, d(2001, 4, 1));
        assert!(!before.in_service);
        assert_eq!(
            before.grade.as_deref(),
            Some("kakaricho"),
            "the record's own"
        );
        let mut left = staff.clone();
        left.leaving_date = Some(d(2012, 3, 31));
        assert!(!Candidate::of(&left, &terms, d(2012, 4, 1)).in_service);
    }

    #[test]
    fn years_and_age_classes_count_whole_years() {
        assert_eq!(whole_years(d(2004, 4, 1), d(2012, 4, 1)), 8);
        assert_eq!(whole_years(d(2004, 4, 2), d(2012, 4, 1)), 7);
        assert_eq!(whole_years(d(2013, 1, 1), d(2012, 4, 1)), 0);
        assert_eq!(age_class(Some(d(1983, 4, 2)), d(2012, 4, 1)), "under_30");
        assert_eq!(age_class(Some(d(1982, 4, 1)), d(2012, 4, 1)), "30s");
        assert_eq!(age_class(Some(d(1962, 4, 1)), d(2012, 4, 1)), "50_and_over");
        assert_eq!(age_class(None, d(2012, 4, 1)), "unknown");
    }
}
