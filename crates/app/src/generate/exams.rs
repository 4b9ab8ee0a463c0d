//! The sample city's promotion exams: each year a 係長職昇任選考 (主任 of
//! ten years' service or more) and a 管理職選考 (課長補佐 of twenty), the
//! work record (業務実績) weighed in from the plan's years on. Most of
//! those the records promote to the level next 1 April came through the
//! exam (the rest by 選考 without one): they applied, sat and passed.
//! Others eligible apply now and then — women less often than men, the
//! gap the plan's 2-6-1 sets out to close — a few withdraw, a few miss
//! the day, and the marks decide the rest.

use super::{City, Rng, date};
use jinzai_domain::exams::{
    ApplicationRecord, Candidate, Component, ComponentKind, Eligibility, Exam, Paper, PaperKind,
};
use jinzai_domain::people::event::EventKind;
use std::collections::HashSet;

/// The generated exams, their applications and published past papers.
#[derive(Debug, Clone, Default)]
pub struct Exams {
    pub exams: Vec<Exam>,
    pub records: Vec<ApplicationRecord>,
    pub papers: Vec<SamplePaper>,
}

/// A past paper of one of the sample exams, with its text.
#[derive(Debug, Clone)]
pub struct SamplePaper {
    pub fiscal_year: i32,
    pub level: String,
    pub paper: Paper,
    pub body: String,
}

const ESSAY_THEMES: &[&str] = &[
    "市民との協働によるまちづくりを進めるうえで、係の中で果たすべき役割",
    "限られた財源と人員のもとで、事務の効率化をどのように進めるか",
    "職員の能力を引き出す職場づくりについて",
    "災害に強いまちづくりに向けて、平常時から取り組むべきこと",
    "窓口サービスの向上に向けて、あなたが取り組みたいこと",
];

/// The past papers of the exams of `year`, published on 1 May of the next
/// year: the essay question from the first; from FY2011 (the plan's
/// 過去問題の公開) also the multiple-choice questions and the essay's
/// model answer.
fn papers_of(e: &Exam, rng: &mut Rng) -> Vec<SamplePaper> {
    let year = e.fiscal_year;
    let published_on = date(year + 1, 5, 1);
    let theme = *rng.pick(ESSAY_THEMES);
    let name = e.title.clone();
    let mut out = vec![(
        PaperKind::Question,
        format!("{name} 論文試験問題"),
        format!(
            "{name}\n論文試験問題\n\n問　{theme}について、あなたの考えを1,200字以内で述べなさい。\n（試験時間 90分）\n"
        ),
    )];
    if year >= 2011 {
        out.push((
            PaperKind::Question,
            format!("{name} 択一式試験問題"),
            format!(
                "{name}\n択一式試験問題（地方自治制度・地方公務員制度・行政法）\n\n問1　地方公務員法に定める服務の根本基準として、正しいものはどれか。\n"
            ),
        ));
        out.push((
            PaperKind::Answer,
            format!("{name} 論文試験 解答例と評価の観点"),
            format!(
                "{name}\n論文試験 解答例と評価の観点\n\n・課題の把握：{theme}を市の現状に即して捉えているか\n・解決策：具体的で実現できるか\n・表現：論旨が明快か\n"
            ),
        ));
    }
    out.into_iter()
        .map(|(kind, title, body)| SamplePaper {
            fiscal_year: year,
            level: e.level.clone(),
            paper: Paper {
                kind,
                title,
                content_type: "text/plain".to_owned(),
                published_on,
            },
            body,
        })
        .collect()
}

/// (level, title, eligible grade, years of service, apply % women, men)
pub const LEVELS: &[(&str, &str, &str, u32, u64, u64)] = &[
    ("kakaricho", "係長職昇任選考", "shunin", 10, 6, 25),
    ("kacho", "管理職選考", "kacho_hosa", 20, 3, 15),
];

/// One of the sample city's yearly exams (see [`LEVELS`]).
pub fn exam(year: i32, level: &str, title: &str, grade: &str, service: u32) -> Exam {
    Exam {
        fiscal_year: year,
        level: level.to_owned(),
        title: format!("{title}（{year}年度）"),
        opens_on: date(year, 6, 1),
        closes_on: date(year, 6, 30),
        held_on: date(year, 9, 10),
        reference_date: date(year, 4, 1),
        eligibility: Eligibility {
            grades: vec![grade.to_owned()],
            employment_types: vec!["regular".to_owned()],
            min_years_of_service: service,
            min_years_in_grade: 0,
            max_age: None,
        },
        components: components(year >= record_from(level)),
        pass_mark: 60,
    }
}

/// The year an exam of `level` first weighs the work record (業務実績):
/// the 係長 exam from FY2011, as the plan's 1-3-1 sets out; the 管理職
/// exam from FY2012, when the plan reviews the exams' methods.
fn record_from(level: &str) -> i32 {
    if level == "kakaricho" { 2011 } else { 2012 }
}

/// 択一 and 論文, with 業務実績 weighed in when `record`.
fn components(record: bool) -> Vec<Component> {
    let part = |kind, weight, max_score| Component {
        kind,
        weight,
        max_score,
    };
    if record {
        vec![
            part(ComponentKind::Choice, 30, 50),
            part(ComponentKind::Essay, 30, 100),
            part(ComponentKind::Record, 40, 5),
        ]
    } else {
        vec![
            part(ComponentKind::Choice, 50, 50),
            part(ComponentKind::Essay, 50, 100),
        ]
    }
}

/// A mark for one component: high for one who will pass, anything for
/// the rest.
fn mark_for(rng: &mut Rng, c: &Component, sure: bool) -> Option<u32> {
    let max = c.max_score;
    Some(if sure {
        mark(rng, max * 7 / 10, max)
    } else {
        mark(rng, max * 3 / 10, max * 85 / 100)
    })
}

/// A mark between `low` and `high` (inclusive).
fn mark(rng: &mut Rng, low: u32, high: u32) -> u32 {
    low + u32::try_from(rng.below(u64::from(high - low + 1))).unwrap_or(0)
}

/// Exams and applications for `city` over fiscal years `first..=last`.
pub fn exams(city: &City, first: i32, last: i32, seed: u64) -> Exams {
    let mut rng = Rng::new(seed ^ 0x6578_616d);
    let grades = city.grades();
    let mut out = Exams::default();
    for fy in first..=last {
        for (level, title, grade, service, women, men) in LEVELS {
            let e = exam(fy, level, title, grade, *service);
            let on = e.reference_date;
            let next_april = date(fy + 1, 4, 1);
            let promoted: HashSet<&str> = city
                .events
                .iter()
                .filter(|v| {
                    v.kind == EventKind::Promotion
                        && v.date == next_april
                        && v.to_grade.as_deref() == Some(*level)
                })
                .map(|v| v.staff_number.as_str())
                .collect();
            for s in &city.staff {
                let c = Candidate {
                    in_service: s.hire_date <= on && s.leaving_date.is_none_or(|l| l >= on),
                    grade: grades.on(s, on).map(str::to_owned),
                    grade_since: None,
                    employment_type: s.employment_type.clone(),
                    hire_date: s.hire_date,
                    birth_date: s.birth_date,
                };
                if e.eligibility.judge(&c, on).is_err() {
                    continue;
                }
                // Promoted next April, through this exam (6 in 10).
                let sure = promoted.contains(s.number.as_str()) && rng.chance(60);
                let female = s.gender.as_deref() == Some("female");
                let rate = if female { *women } else { *men };
                if !(sure || rng.chance(rate)) {
                    continue;
                }
                let applied_on = date(fy, 6, 1 + u32::try_from(rng.below(30)).unwrap_or(0));
                let mut record = ApplicationRecord {
                    fiscal_year: fy,
                    level: (*level).to_owned(),
                    staff_number: s.number.clone(),
                    applied_on,
                    withdrawn_on: None,
                    sat: None,
                    scores: Vec::new(),
                };
                if !sure && rng.chance(4) {
                    record.withdrawn_on = Some(applied_on + chrono::Duration::days(10));
                } else if !sure && rng.chance(8) {
                    record.sat = Some(false);
                } else {
                    record.sat = Some(true);
                    record.scores = e
                        .components
                        .iter()
                        .map(|c| mark_for(&mut rng, c, sure))
                        .collect();
                }
                out.records.push(record);
            }
            // Papers of the exams from the year before the plan on, once
            // the next spring has come within the records.
            if fy >= 2010 && fy < last {
                out.papers.extend(papers_of(&e, &mut rng));
            }
            out.exams.push(e);
        }
    }
    out
}
