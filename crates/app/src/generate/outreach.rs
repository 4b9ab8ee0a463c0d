//! The sample city's outreach lectures (出前講座): a catalogue of twelve
//! lectures given by units in force, and each fiscal year 8 to 22 requests
//! from citizens' groups (their contacts marked サンプル): about 9 in 10
//! approved within ten days, 1 in 10 declined with a reason; the approved
//! ones delivered on the day wished by one or two staff in service, to 10
//! to 60 people. Requests come 20 to 60 days ahead.

use super::{City, Rng, date};
use chrono::{Days, NaiveDate};
use jinzai_domain::outreach::{Decision, Delivery, Lecture, Record, Request, Source};

/// The sample city's catalogue and requests.
#[derive(Debug, Clone, Default)]
pub struct Outreach {
    pub lectures: Vec<Lecture>,
    /// Every request with every later step it will have.
    pub records: Vec<Record>,
}

const TITLES: [(&str, &str); 12] = [
    (
        "市の財政のしくみ",
        "予算と決算、市の借金と貯金をわかりやすく説明します。",
    ),
    ("ごみの減量とリサイクル", "分別のルールと資源化の取り組み。"),
    (
        "地震に備える（防災講座）",
        "家庭でできる備えと避難所の運営。",
    ),
    ("介護保険のしくみ", "サービスの使い方と保険料。"),
    ("国民健康保険と特定健診", "保険のしくみと健診の受け方。"),
    ("子育て支援の制度", "保育・手当・相談窓口のご案内。"),
    ("市のまちづくり計画", "長期総合計画と地域のまちづくり。"),
    ("消費者トラブルにあわないために", "悪質商法の手口と相談先。"),
    ("みどりと公園の保全", "雑木林の保全と公園の使い方。"),
    ("市税のはなし", "住民税・固定資産税のしくみ。"),
    ("男女共同参画社会をめざして", "家庭と地域でできること。"),
    ("健康づくりと食生活", "保健師・栄養士による健康講座。"),
];

const GROUPS: [&str; 10] = [
    "中清戸自治会",
    "松山町会",
    "竹丘老人クラブ",
    "野塩子育てサークル",
    "旭が丘団地自治会",
    "清瀬市民大学の会",
    "元町商店会",
    "梅園防災会",
    "下宿地域市民の会",
    "中里PTA",
];

const VENUES: [&str; 5] = [
    "地域市民センター",
    "集会所",
    "公民館",
    "小学校の多目的室",
    "自治会館",
];

/// The records as they stand on `today`: requests made by then, with the
/// decisions and deliveries made by then.
impl Outreach {
    pub fn as_of(&self, today: NaiveDate) -> Vec<Record> {
        self.records
            .iter()
            .filter(|r| r.requested_on <= today)
            .map(|r| {
                let decision = r.decision.clone().filter(|d| d.decided_on <= today);
                let delivery = r
                    .delivery
                    .clone()
                    .filter(|g| decision.is_some() && g.delivered_on <= today);
                Record {
                    decision,
                    delivery,
                    ..r.clone()
                }
            })
            .collect()
    }
}

pub fn outreach(city: &City, first_year: i32, last_year: i32, seed: u64) -> Outreach {
    let mut rng = Rng::new(seed ^ 0x0074_6561_6368);
    let units: Vec<&str> = city
        .units
        .iter()
        .filter(|u| u.valid_to.is_none() && u.parent.is_some())
        .map(|u| u.code.as_str())
        .collect();
    if units.is_empty() || city.staff.is_empty() {
        return Outreach::default();
    }
    let lectures: Vec<Lecture> = TITLES
        .iter()
        .enumerate()
        .map(|(i, (title, summary))| Lecture {
            code: format!("A-{:02}", i + 1),
            title: (*title).to_owned(),
            unit_code: units[i % units.len()].to_owned(),
            summary: (*summary).to_owned(),
            minutes: [60, 90, 120][i % 3],
            audience: "どなたでも".into(),
            active: i != TITLES.len() - 1 || rng.chance(50),
        })
        .collect();
    let mut records = Vec::new();
    for year in first_year..=last_year {
        let start = date(year, 4, 1);
        for _ in 0..8 + rng.below(15) {
            let requested_on = start + Days::new(rng.below(300));
            let wished_on = requested_on + Days::new(20 + rng.below(41));
            let lecture = rng.pick(&lectures);
            let group = *rng.pick(&GROUPS);
            let audience = u32::try_from(10 + rng.below(51)).unwrap_or(10);
            let decided_on = requested_on + Days::new(3 + rng.below(8));
            let approved = rng.chance(90) && city.staff.iter().any(|s| s.hire_date <= wished_on);
            let decision = Decision {
                approved,
                decided_on,
                note: if approved {
                    String::new()
                } else {
                    "希望日に講師の都合がつかないため（別の日でのお申込みをご案内）".into()
                },
            };
            // One or two staff in service on the day (the first found
            // from a random place in the list).
            let serving: Vec<_> = city
                .staff
                .iter()
                .filter(|s| {
                    s.hire_date <= wished_on && s.leaving_date.is_none_or(|l| l >= wished_on)
                })
                .collect();
            let mut lecturers = Vec::new();
            for _ in 0..1 + rng.below(2) {
                if !serving.is_empty() {
                    let n = rng.pick(&serving).number.clone();
                    if !lecturers.contains(&n) {
                        lecturers.push(n);
                    }
                }
            }
            let delivery = (approved && !lecturers.is_empty()).then(|| Delivery {
                delivered_on: wished_on,
                audience: u32::try_from(u64::from(audience) * (80 + rng.below(31)) / 100)
                    .unwrap_or(audience)
                    .max(1),
                feedback: "質疑応答が活発でした（サンプル）".into(),
                lecturers,
            });
            records.push(Record {
                request: Request {
                    lecture_code: lecture.code.clone(),
                    group_name: group.to_owned(),
                    contact_name: "清瀬 太郎（サンプル）".into(),
                    contact_phone: "042-000-0000".into(),
                    contact_email: String::new(),
                    wished_on: Some(wished_on),
                    wished_time: "14:00〜15:30".into(),
                    venue: format!(
                        "{}{}",
                        group.trim_end_matches(['会', 'ル']),
                        rng.pick(&VENUES)
                    ),
                    expected_audience: audience,
                    purpose: String::new(),
                    not_for_profit: true,
                },
                source: if rng.chance(70) {
                    Source::Public
                } else {
                    Source::Staff
                },
                requested_on,
                decision: Some(decision),
                delivery,
            });
        }
    }
    Outreach { lectures, records }
}
