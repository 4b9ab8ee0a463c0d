//! Sample training records for a generated city: a catalogue shaped like
//! Kiyose's 研修体系, sessions every fiscal year, participation by the staff
//! in service, OJT plans per section, self-development applications and a
//! needs survey. Deterministic from the seed.

use super::{City, Rng, date};
use jinzai_domain::money::Yen;
use jinzai_domain::people::codes::Coded;
use jinzai_domain::people::staff::Staff;
use jinzai_domain::people::unit::UnitVersion;
use jinzai_domain::training::support::{
    NeedRequest, OjtPlan, SelfDevelopment, SelfDevelopmentKind, SelfDevelopmentStatus,
};
use jinzai_domain::training::{
    Course, Participation, ParticipationStatus, TRAINING_TOPICS, TrainingCategory, TrainingSession,
};

/// The generated training records.
#[derive(Debug, Clone, Default)]
pub struct Training {
    pub courses: Vec<Course>,
    pub sessions: Vec<TrainingSession>,
    pub participations: Vec<Participation>,
    pub ojt_plans: Vec<OjtPlan>,
    pub self_development: Vec<SelfDevelopment>,
    pub needs: Vec<NeedRequest>,
}

/// (code, title, category, provider, topics, audience types, audience
/// grades, hours, sessions a year, share of the audience taking it in %).
type CourseDef = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    f64,
    u32,
    u64,
);

const INSTITUTE: Option<&str> = Some("東京都市町村職員研修所");
const EVALUATORS: &[&str] = &["kakaricho", "kacho_hosa", "kacho", "bucho"];
const PART_TIME: &[&str] = &["skilled_labour", "fiscal_year"];

const CATALOGUE: &[CourseDef] = &[
    (
        "T01",
        "評価者研修",
        "in_house",
        None,
        &["evaluator"],
        &["regular"],
        EVALUATORS,
        3.0,
        2,
        85,
    ),
    (
        "T02",
        "被評価者研修",
        "in_house",
        None,
        &["evaluatee"],
        &["regular"],
        &["shuji", "shunin"],
        2.0,
        2,
        30,
    ),
    (
        "T03",
        "新規採用職員研修",
        "in_house",
        None,
        &["new_staff"],
        &["regular"],
        &["shuji"],
        12.0,
        1,
        8,
    ),
    (
        "T04",
        "接遇研修",
        "in_house",
        None,
        &["customer_service"],
        PART_TIME,
        &[],
        2.0,
        2,
        25,
    ),
    (
        "T05",
        "メンタルヘルス研修（セルフケア）",
        "in_house",
        None,
        &["mental_health"],
        &[],
        &[],
        2.0,
        2,
        15,
    ),
    (
        "T06",
        "男女共同参画研修",
        "in_house",
        None,
        &["gender_equality"],
        &[],
        &[],
        1.5,
        1,
        10,
    ),
    (
        "T07",
        "ホームページ作成研修",
        "in_house",
        None,
        &["web"],
        &["fiscal_year", "regular"],
        &[],
        3.0,
        1,
        6,
    ),
    (
        "T08",
        "財務会計システム研修",
        "in_house",
        None,
        &["accounting"],
        &["fiscal_year", "regular"],
        &[],
        3.0,
        1,
        6,
    ),
    (
        "I01",
        "政策形成研修",
        "institute",
        INSTITUTE,
        &["policy"],
        &["regular"],
        &["shunin", "kakaricho"],
        18.0,
        3,
        20,
    ),
    (
        "I02",
        "法務研修",
        "institute",
        INSTITUTE,
        &["legal"],
        &["regular"],
        &[],
        12.0,
        3,
        15,
    ),
    (
        "I03",
        "管理監督者研修",
        "institute",
        INSTITUTE,
        &["management"],
        &["regular"],
        EVALUATORS,
        12.0,
        2,
        30,
    ),
    (
        "I04",
        "新任研修（前期・後期）",
        "institute",
        INSTITUTE,
        &["new_staff"],
        &["regular"],
        &["shuji"],
        30.0,
        2,
        40,
    ),
    (
        "S01",
        "情報処理専門研修",
        "specialist",
        Some("民間研修機関"),
        &["other"],
        &["regular"],
        &[],
        6.0,
        2,
        8,
    ),
    (
        "S02",
        "公会計専門研修",
        "specialist",
        Some("民間研修機関"),
        &["accounting"],
        &["regular"],
        &[],
        6.0,
        2,
        7,
    ),
    (
        "C01",
        "民間企業派遣研修",
        "company",
        Some("市内民間企業"),
        &["customer_service"],
        &["regular"],
        &["shunin", "kakaricho"],
        40.0,
        1,
        3,
    ),
    (
        "U01",
        "大学公開講座（福祉・薬学・看護）",
        "university",
        Some("市内大学"),
        &["other"],
        &[],
        &[],
        6.0,
        1,
        2,
    ),
    (
        "K01",
        "通信教育講座",
        "correspondence",
        Some("通信教育機関"),
        &["other"],
        &["regular"],
        &[],
        30.0,
        1,
        2,
    ),
    (
        "O01",
        "職場研修（OJT）",
        "ojt",
        None,
        &["other"],
        &[],
        &[],
        1.0,
        0,
        0,
    ),
];

fn course(d: &CourseDef) -> Course {
    let list = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    Course {
        code: d.0.to_owned(),
        title: d.1.to_owned(),
        category: TrainingCategory::from_code(d.2).unwrap_or(TrainingCategory::InHouse),
        provider: d.3.map(str::to_owned),
        topics: list(d.4),
        audience_types: list(d.5),
        audience_grades: list(d.6),
        hours: Some(d.7),
        cost: Yen::new(if d.2 == "in_house" { 0 } else { 15_000 }),
        note: None,
    }
}

fn in_service(s: &Staff, on: chrono::NaiveDate) -> bool {
    s.hire_date <= on && s.leaving_date.is_none_or(|l| l >= on)
}

/// Whether `s` is in course `d`'s audience, by their grade `grade` then.
fn fits(s: &Staff, grade: Option<&str>, d: &CourseDef) -> bool {
    (d.5.is_empty() || d.5.contains(&s.employment_type.as_str()))
        && (d.6.is_empty() || grade.is_some_and(|g| d.6.contains(&g)))
}

fn status(rng: &mut Rng) -> (ParticipationStatus, Option<u8>) {
    use ParticipationStatus::*;
    match rng.below(100) {
        0..=2 => (Rejected, None),
        3..=6 => (Absent, None),
        7..=11 => (Approved, None),
        12..=40 => (Attended, Some(3 + u8::try_from(rng.below(3)).unwrap_or(0))),
        _ => (Completed, Some(2 + u8::try_from(rng.below(4)).unwrap_or(0))),
    }
}

/// Training records for `city` over fiscal years `first_year..=last_year`.
/// `intensity` multiplies the sessions held, and so the participation (1
/// for a realistic city; the Tokyo-scale benchmark raises it).
pub fn training(
    city: &City,
    first_year: i32,
    last_year: i32,
    seed: u64,
    intensity: u64,
) -> Training {
    let mut rng = Rng::new(seed ^ 0x7261_696E);
    let mut t = Training {
        courses: CATALOGUE.iter().map(course).collect(),
        ..Training::default()
    };
    let sections: Vec<&UnitVersion> = city.units.iter().filter(|u| u.parent.is_some()).collect();
    let grades = city.grades();
    for year in first_year..=last_year {
        let active: Vec<&Staff> = city
            .staff
            .iter()
            .filter(|s| in_service(s, date(year, 10, 1)))
            .collect();
        for d in CATALOGUE.iter().filter(|d| d.8 > 0) {
            let audience: Vec<&Staff> = active
                .iter()
                .copied()
                .filter(|s| fits(s, grades.on(s, date(year, 10, 1)), d))
                .collect();
            let per_session = (audience.len() as u64 * d.9 / 100 / u64::from(d.8)).max(1);
            // `intensity` holds the course that many times more often.
            let sessions = (d.8 * u32::try_from(intensity).unwrap_or(1)).clamp(d.8, 240);
            for n in 0..sessions {
                let start = if sessions == d.8 {
                    // Sessions from June to February, a few weeks apart.
                    let month = 6 + (n * 3 + u32::try_from(rng.below(2)).unwrap_or(0)) % 9;
                    let (y, m) = if month > 12 {
                        (year + 1, month - 12)
                    } else {
                        (year, month)
                    };
                    date(y, m, 1 + u32::try_from(rng.below(20)).unwrap_or(0))
                } else {
                    // One a day at most, spread from June over eight months.
                    date(year, 6, 1) + chrono::Days::new(u64::from(n * 240 / sessions))
                };
                t.sessions.push(TrainingSession {
                    course_code: d.0.to_owned(),
                    start,
                    end: (d.7 > 8.0).then(|| start + chrono::Days::new(2)),
                    place: Some(
                        if d.3.is_some() {
                            "研修所"
                        } else {
                            "市役所 会議室"
                        }
                        .to_owned(),
                    ),
                    capacity: Some(u32::try_from(per_session + 10).unwrap_or(u32::MAX)),
                    unit_code: None,
                    note: None,
                });
                let mut taken = std::collections::HashSet::new();
                for _ in 0..per_session.min(audience.len() as u64) {
                    let s = *rng.pick(&audience);
                    if !in_service(s, start) || !taken.insert(s.number.as_str()) {
                        continue;
                    }
                    let (status, satisfaction) = status(&mut rng);
                    t.participations.push(Participation {
                        staff_number: s.number.clone(),
                        course_code: d.0.to_owned(),
                        start,
                        status,
                        result: None,
                        certificate: (status == ParticipationStatus::Completed
                            && d.2 == "institute")
                            .then(|| format!("{year}-{}-{}", d.0, s.number)),
                        satisfaction,
                        comment: None,
                    });
                }
            }
        }
        // OJT: most sections plan one to three sessions; most hold them.
        // A session is known by course and first day, so each section holds
        // its OJT on days of its own.
        for (idx, u) in sections
            .iter()
            .filter(|u| u.valid_on(date(year, 4, 1)))
            .enumerate()
        {
            let idx = u32::try_from(idx).unwrap_or(0);
            if !rng.chance(70) {
                continue;
            }
            let planned = 1 + u32::try_from(rng.below(3)).unwrap_or(0);
            t.ojt_plans.push(OjtPlan {
                unit_code: u.code.clone(),
                fiscal_year: year,
                theme: rng
                    .pick(&[
                        "窓口対応の基本",
                        "業務マニュアルの読み合わせ",
                        "システム操作",
                        "法令・例規の確認",
                    ])
                    .to_string(),
                planned_sessions: planned,
                note: None,
            });
            let held = if rng.chance(75) { planned } else { planned - 1 };
            for n in 0..held {
                t.sessions.push(TrainingSession {
                    course_code: "O01".into(),
                    start: date(year, 4 + n * 3 + (idx / 28) % 3, 1 + idx % 28),
                    end: None,
                    place: Some(u.name.clone()),
                    capacity: None,
                    unit_code: Some(u.code.clone()),
                    note: None,
                });
            }
        }
        // Self-development support (from FY2012 in Kiyose's plan; earlier
        // years are the scheme's study).
        for s in active.iter().filter(|s| s.employment_type == "regular") {
            if !rng.chance(3) {
                continue;
            }
            let applied = date(year, 4 + u32::try_from(rng.below(6)).unwrap_or(0), 15);
            if applied < s.hire_date {
                continue;
            }
            use SelfDevelopmentKind::*;
            use SelfDevelopmentStatus::*;
            let (kind, title) = *rng.pick(&[
                (Qualification, "社会福祉士"),
                (Qualification, "宅地建物取引士"),
                (Qualification, "行政書士"),
                (Correspondence, "地方自治法講座"),
                (Lecture, "公開講座（まちづくり）"),
            ]);
            let status = *rng.pick(&[Approved, Completed, Completed, Rejected]);
            let done = status == Completed;
            t.self_development.push(SelfDevelopment {
                staff_number: s.number.clone(),
                kind,
                title: title.into(),
                applied,
                status,
                subsidy: Yen::new(20_000).filter(|_| status != Rejected),
                completed: done.then(|| date(year + 1, 3, 1)),
                qualification: (done && kind == Qualification).then(|| title.to_owned()),
                note: None,
            });
        }
        // The needs survey: a few answers per hundred staff.
        for s in &active {
            if !rng.chance(4) {
                continue;
            }
            t.needs.push(NeedRequest {
                fiscal_year: year,
                staff_number: rng.chance(50).then(|| s.number.clone()),
                topic: rng.pick(TRAINING_TOPICS.items).0.to_owned(),
                request: None,
            });
        }
    }
    t.sessions
        .sort_by(|a, b| (a.start, &a.course_code).cmp(&(b.start, &b.course_code)));
    t.sessions
        .dedup_by(|a, b| a.start == b.start && a.course_code == b.course_code);
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use jinzai_domain::training::support::{check_ojt_plans, check_self_development};
    use jinzai_domain::training::{check_courses, check_participations, check_sessions};

    #[test]
    fn generated_training_passes_every_rule_and_covers_each_category() {
        let city = super::super::generate(600, 5, 2013, 3);
        let t = training(&city, 2011, 2013, 3, 1);
        assert!(check_courses(&t.courses).is_empty());
        assert!(check_sessions(&t.sessions).is_empty());
        assert!(check_participations(&t.participations).is_empty());
        assert!(check_ojt_plans(&t.ojt_plans).is_empty());
        assert!(check_self_development(&t.self_development).is_empty());
        for cat in ["institute", "specialist", "company", "ojt"] {
            assert!(
                t.sessions.iter().any(|s| t
                    .courses
                    .iter()
                    .any(|c| c.code == s.course_code && c.category.code() == cat)),
                "{cat}"
            );
        }
        assert!(t.participations.len() > 1000, "{}", t.participations.len());
    }
}
