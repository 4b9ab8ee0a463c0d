//! A plausible sample city, deterministic from a seed: an organisation with
//! reorganisations, staff with careers and assignments over the years.
//! Used by `jinzai demo` (about 600 staff) and `jinzai generate` (any size).

use chrono::{Datelike, NaiveDate};
use jinzai_domain::people::assignment::Assignment;
use jinzai_domain::people::event::{EventKind, PersonnelEvent};
use jinzai_domain::people::staff::Staff;
use jinzai_domain::people::unit::UnitVersion;
use jinzai_domain::people::{StaffNumber, UnitCode};
use jinzai_store::{ImportOptions, ImportSummary, Store, StoreError};
use std::collections::HashMap;

pub mod demotion;
pub mod evaluation;
pub mod exams;
pub mod health;
pub mod outreach;
pub mod postings;
pub mod self_report;
pub mod talent;
pub mod training;
pub mod women;
pub use demotion::{Demotions, demotions};
pub use evaluation::{Evaluation, evaluation};
pub use exams::{Exams, exams};
pub use postings::{Postings, postings};
pub use self_report::{SelfReports, self_reports};
pub use training::{Training, training};
pub use women::{Women, women};

/// SplitMix64: small, fast and reproducible across platforms.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `p` percent.
    pub fn chance(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[usize::try_from(self.below(items.len() as u64)).unwrap_or(0)]
    }
}

/// The generated city.
#[derive(Debug, Clone, Default)]
pub struct City {
    pub units: Vec<UnitVersion>,
    pub staff: Vec<Staff>,
    pub assignments: Vec<Assignment>,
    pub events: Vec<PersonnelEvent>,
    pub training: Training,
    pub evaluation: Evaluation,
    pub self_reports: SelfReports,
    pub exams: Exams,
    pub demotions: Demotions,
    pub postings: Postings,
    /// Specialist designations (スペシャリストの指定).
    pub designations: Vec<jinzai_domain::talent::Designation>,
    /// Births, family leave and pay (女性活躍推進法's figures).
    pub women: Women,
    /// Check-ups and consultations (written only to a store that holds
    /// the health key).
    pub health: health::Health,
    /// Outreach lectures: the catalogue and the groups' requests.
    pub outreach: outreach::Outreach,
}

/// Each person's job grade over time as the generated records tell it: the
/// grade a promotion or demotion gives from its date, the one it names
/// before until then, and the staff sheet's where no event says. Worked out
/// here from the events alone (not by the store's history), so tests can
/// check the store's counts against it.
#[derive(Debug)]
pub struct GradeIndex<'a> {
    events: HashMap<&'a str, Vec<&'a PersonnelEvent>>,
}

impl GradeIndex<'_> {
    /// `s`'s job grade on `day`.
    pub fn on<'s>(&'s self, s: &'s Staff, day: NaiveDate) -> Option<&'s str> {
        let list = self
            .events
            .get(s.number.as_str())
            .map_or(&[][..], Vec::as_slice);
        let before = list.iter().rev().find(|e| e.date <= day);
        let after = list.iter().find(|e| e.date > day);
        match (before, after) {
            (Some(e), _) => e.to_grade.as_deref(),
            (None, Some(e)) => e.from_grade.as_deref(),
            (None, None) => s.job_grade.as_deref(),
        }
    }
}

impl City {
    /// Job grades over time (see [`GradeIndex`]).
    pub fn grades(&self) -> GradeIndex<'_> {
        let mut events: HashMap<&str, Vec<&PersonnelEvent>> = HashMap::new();
        for e in &self.events {
            if matches!(e.kind, EventKind::Promotion | EventKind::Demotion) {
                events.entry(e.staff_number.as_str()).or_default().push(e);
            }
        }
        for list in events.values_mut() {
            list.sort_by_key(|e| e.date);
        }
        GradeIndex { events }
    }

    /// Imports the whole city (units, staff, assignments, events), each
    /// list all or nothing and audited as `actor`'s; returns what each
    /// import did, by name.
    pub async fn store_into(
        &self,
        store: &Store,
        actor: &str,
    ) -> anyhow::Result<Vec<(&'static str, ImportSummary)>> {
        let fail = |what: &str, e: StoreError| {
            let first = match &e {
                StoreError::Records(p) => p.first().map(|p| p.message.to_string()),
                _ => None,
            };
            anyhow::anyhow!("{what} rejected: {e} {}", first.unwrap_or_default())
        };
        let o = ImportOptions::by(actor, "jinzai generate");
        let t = &self.training;
        // In the order records refer to each other: units before staff,
        // staff before assignments, courses before sessions before rosters.
        let steps: Vec<(&'static str, Job<'_>)> = vec![
            ("units", Box::pin(store.import_units(&self.units, o))),
            ("staff", Box::pin(store.import_staff(&self.staff, o))),
            (
                "assignments",
                Box::pin(store.import_assignments(&self.assignments, &[], o)),
            ),
            ("events", Box::pin(store.import_events(&self.events, o))),
            ("courses", Box::pin(store.import_courses(&t.courses, o))),
            ("sessions", Box::pin(store.import_sessions(&t.sessions, o))),
            (
                "participations",
                Box::pin(store.import_participations(&t.participations, o)),
            ),
            (
                "ojt_plans",
                Box::pin(store.import_ojt_plans(&t.ojt_plans, o)),
            ),
            (
                "self_development",
                Box::pin(store.import_self_development(&t.self_development, o)),
            ),
            ("training_needs", Box::pin(store.import_needs(&t.needs, o))),
        ];
        let mut done = Vec::with_capacity(steps.len() + 1);
        for (name, step) in steps {
            done.push((name, step.await.map_err(|e| fail(name, e))?));
        }
        // Evaluation: the years' periods, then the chains.
        for year in &self.evaluation.years {
            store
                .open_evaluation_year(jinzai_domain::FiscalYear(*year), actor)
                .await
                .map_err(|e| fail("evaluation periods", e))?;
        }
        let chains = store
            .import_chains(&self.evaluation.chains, o)
            .await
            .map_err(|e| fail("evaluation_chains", e))?;
        done.push(("evaluation_chains", chains));
        let results = store
            .import_results(&self.evaluation.results, o)
            .await
            .map_err(|e| fail("evaluation_results", e))?;
        done.push(("evaluation_results", results));
        let talks = store
            .record_interviews(&self.evaluation.talks, o)
            .await
            .map_err(|e| fail("interviews", e))?;
        done.push(("interviews", talks));
        let mut reports = ImportSummary::default();
        for (window, list) in &self.self_reports.windows {
            let stored = store
                .set_self_report_window(window, actor)
                .await
                .map_err(|e| fail("self-report window", e))?;
            let s = store
                .put_self_reports(&stored, list, o)
                .await
                .map_err(|e| fail("self_reports", e))?;
            reports.created += s.created;
            reports.updated += s.updated;
        }
        done.push(("self_reports", reports));
        for exam in &self.exams.exams {
            store
                .save_exam(exam, actor)
                .await
                .map_err(|e| fail("exams", e))?;
        }
        let applications = store
            .import_exam_records(&self.exams.records, o)
            .await
            .map_err(|e| fail("exam_applications", e))?;
        done.push(("exam_applications", applications));
        let mut papers = ImportSummary::default();
        for p in &self.exams.papers {
            let exam = store
                .exams(Some(p.fiscal_year))
                .await
                .map_err(|e| fail("exam_papers", e))?
                .into_iter()
                .find(|e| e.exam.level == p.level)
                .ok_or_else(|| anyhow::anyhow!("exam_papers: no exam for {}", p.paper.title))?;
            store
                .add_exam_paper(&exam, &p.paper, p.body.as_bytes(), actor)
                .await
                .map_err(|e| fail("exam_papers", e))?;
            papers.created += 1;
        }
        done.push(("exam_papers", papers));
        for w in &self.demotions.windows {
            store
                .set_demotion_window(w, actor)
                .await
                .map_err(|e| fail("demotion window", e))?;
        }
        let requests = store
            .import_demotion_requests(&self.demotions.requests, o)
            .await
            .map_err(|e| fail("demotion_requests", e))?;
        done.push(("demotion_requests", requests));
        let ids: HashMap<(i32, StaffNumber), i64> = store
            .demotion_requests(None, None)
            .await
            .map_err(|e| fail("demotion_reviews", e))?
            .into_iter()
            .map(|r| ((r.fiscal_year, r.staff_number), r.id))
            .collect();
        let mut reviews = ImportSummary::default();
        for v in &self.demotions.reviews {
            let Some(id) = ids.get(&(v.request_year, v.staff_number.clone())) else {
                continue;
            };
            let review = jinzai_store::demotion::StoredReview {
                request_id: *id,
                fiscal_year: v.fiscal_year,
                reviewed_on: v.reviewed_on,
                outcome: v.outcome,
                note: None,
                reviewed_by: actor.to_owned(),
            };
            store
                .record_demotion_review(&review, actor)
                .await
                .map_err(|e| fail("demotion_reviews", e))?;
            reviews.created += 1;
        }
        done.push(("demotion_reviews", reviews));
        for p in &self.postings.postings {
            store
                .save_posting(None, p, actor)
                .await
                .map_err(|e| fail("postings", e))?;
        }
        let applications = store
            .import_posting_applications(&self.postings.applications, o)
            .await
            .map_err(|e| fail("posting_applications", e))?;
        done.push(("posting_applications", applications));
        let designations = store
            .import_designations(&self.designations, o)
            .await
            .map_err(|e| fail("specialist_designations", e))?;
        done.push(("specialist_designations", designations));
        let w = &self.women;
        let births = store
            .import_child_births(&w.births, o)
            .await
            .map_err(|e| fail("child_births", e))?;
        done.push(("child_births", births));
        let leaves = store
            .import_family_leaves(&w.leaves, o)
            .await
            .map_err(|e| fail("family_leaves", e))?;
        done.push(("family_leaves", leaves));
        let pay = store
            .import_annual_pay(&w.pay, o)
            .await
            .map_err(|e| fail("annual_pay", e))?;
        done.push(("annual_pay", pay));
        let n = store
            .import_outreach(
                &self.outreach.lectures,
                &self.outreach.as_of(store.clock().today()),
                o,
            )
            .await
            .map_err(|e| fail("outreach", e))?;
        done.push(("outreach", n));
        // Health records only where the store holds the health key, and
        // only as far as the store's today: a check-up not yet taken is
        // due, a consultation not yet held is not there.
        if store.health_lock().is_none() {
            let (checkups, consultations, meetings, returns) =
                self.health.as_of(store.clock().today());
            for m in &meetings {
                store
                    .put_committee_meeting(None, m, actor)
                    .await
                    .map_err(|e| fail("committee_meetings", e))?;
            }
            let n = store
                .import_health(
                    &checkups,
                    &consultations,
                    ImportOptions::by(actor, "jinzai generate"),
                )
                .await
                .map_err(|e| fail("health", e))?;
            done.push(("health", n));
            let n = store
                .import_returns(&returns, ImportOptions::by(actor, "jinzai generate"))
                .await
                .map_err(|e| fail("health_returns", e))?;
            done.push(("health_returns", n));
            let n = store
                .import_stress(
                    &self.health.stress_as_of(store.clock().today()),
                    ImportOptions::by(actor, "jinzai generate"),
                )
                .await
                .map_err(|e| fail("health_stress", e))?;
            done.push(("health_stress", n));
        }
        Ok(done)
    }
}

/// One list's import, boxed so that the lists run one after another.
type Job<'a> = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<ImportSummary, StoreError>> + Send + 'a>,
>;

fn event(number: &StaffNumber, kind: EventKind, date: NaiveDate) -> PersonnelEvent {
    PersonnelEvent::new(number.clone(), kind, date)
}

/// Grade thresholds (years of service) of regular staff.
const GRADE_STEPS: [(i32, &str, &str); 4] = [
    (7, "shuji", "shunin"),
    (14, "shunin", "kakaricho"),
    (22, "kakaricho", "kacho_hosa"),
    (30, "kacho_hosa", "kacho"),
];

const FAMILY: &[(&str, &str)] = &[
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("髙橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山田", "ヤマダ"),
    ("佐々木", "ササキ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("斎藤", "サイトウ"),
    ("清水", "シミズ"),
    ("山﨑", "ヤマザキ"),
    ("森", "モリ"),
    ("池田", "イケダ"),
    ("橋本", "ハシモト"),
    ("阿部", "アベ"),
    ("石川", "イシカワ"),
    ("前田", "マエダ"),
    ("藤田", "フジタ"),
    ("岡田", "オカダ"),
    ("神田", "カンダ"),
];
const GIVEN_F: &[(&str, &str)] = &[
    ("陽子", "ヨウコ"),
    ("美咲", "ミサキ"),
    ("花子", "ハナコ"),
    ("由美", "ユミ"),
    ("恵", "メグミ"),
    ("真由美", "マユミ"),
    ("結衣", "ユイ"),
    ("さくら", "サクラ"),
    ("彩", "アヤ"),
    ("智子", "トモコ"),
    ("直美", "ナオミ"),
    ("愛", "アイ"),
];
const GIVEN_M: &[(&str, &str)] = &[
    ("太郎", "タロウ"),
    ("健一", "ケンイチ"),
    ("大輔", "ダイスケ"),
    ("翔太", "ショウタ"),
    ("誠", "マコト"),
    ("浩二", "コウジ"),
    ("拓也", "タクヤ"),
    ("和也", "カズヤ"),
    ("隆", "タカシ"),
    ("悠斗", "ユウト"),
    ("修", "オサム"),
    ("亮", "リョウ"),
];

/// A section: (code, name, rotation class).
type Section = (&'static str, &'static str, &'static str);

/// Departments (code, name, kana) and their sections.
const DEPARTMENTS: &[(&str, &str, &str, &[Section])] = &[
    (
        "B01",
        "総務部",
        "ソウムブ",
        &[
            ("K0101", "総務課", "admin"),
            ("K0102", "職員課", "admin"),
            ("K0103", "財政課", "admin"),
            ("K0104", "契約課", "admin"),
        ],
    ),
    (
        "B02",
        "企画部",
        "キカクブ",
        &[
            ("K0201", "企画課", "admin"),
            ("K0202", "情報政策課", "admin"),
            ("K0203", "広報広聴課", "program"),
        ],
    ),
    (
        "B03",
        "市民生活部",
        "シミンセイカツブ",
        &[
            ("K0301", "市民課", "front"),
            ("K0302", "保険年金課", "front"),
            ("K0303", "課税課", "front"),
            ("K0304", "納税課", "front"),
            ("K0305", "産業振興課", "program"),
        ],
    ),
    (
        "B04",
        "健康福祉部",
        "ケンコウフクシブ",
        &[
            ("K0401", "地域福祉課", "program"),
            ("K0402", "障害福祉課", "front"),
            ("K0403", "高齢支援課", "front"),
            ("K0404", "健康推進課", "program"),
        ],
    ),
    (
        "B05",
        "子ども家庭部",
        "コドモカテイブ",
        &[
            ("K0501", "子育て支援課", "front"),
            ("K0502", "保育課", "program"),
            ("K0503", "子ども家庭支援センター", "program"),
        ],
    ),
    (
        "B06",
        "都市整備部",
        "トシセイビブ",
        &[
            ("K0601", "都市計画課", "program"),
            ("K0602", "道路課", "program"),
            ("K0603", "下水道課", "program"),
            ("K0604", "まちづくり課", "program"),
        ],
    ),
    (
        "B07",
        "教育部",
        "キョウイクブ",
        &[
            ("K0701", "教育総務課", "admin"),
            ("K0702", "学務課", "front"),
            ("K0703", "生涯学習課", "program"),
        ],
    ),
];

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// Katakana reading for a section name (good enough for sample data).
fn section_kana(name: &str) -> String {
    format!("{}カ", name.chars().count())
}

/// The organisation up to `last_year` (fiscal years), with a rename in the
/// fourth year of `first_year..=last_year` and a merge in the seventh (when
/// in range).
fn organisation(first_year: i32, last_year: i32) -> Vec<UnitVersion> {
    // The units have stood since the city was founded (清瀬市, 1 October
    // 1970), so careers can be followed from each person's hire.
    let start = date(1970, 10, 1).min(date(first_year, 4, 1));
    let mut units = Vec::new();
    let rename_year = first_year + 3;
    let merge_year = first_year + 6;
    for (code, name, kana, sections) in DEPARTMENTS {
        units.push(UnitVersion {
            code: (*code).into(),
            name: (*name).into(),
            kana: (*kana).into(),
            parent: None,
            rotation: "admin".into(),
            valid_from: start,
            valid_to: None,
        });
        for (scode, sname, rotation) in *sections {
            let base = UnitVersion {
                code: (*scode).into(),
                name: (*sname).into(),
                kana: section_kana(sname),
                parent: Some((*code).into()),
                rotation: (*rotation).into(),
                valid_from: start,
                valid_to: None,
            };
            match *scode {
                // 市民課 is renamed 市民窓口課.
                "K0301" if rename_year <= last_year => {
                    units.push(UnitVersion {
                        valid_to: Some(date(rename_year, 3, 31)),
                        ..base.clone()
                    });
                    units.push(UnitVersion {
                        name: "市民窓口課".into(),
                        kana: "シミンマドグチカ".into(),
                        valid_from: date(rename_year, 4, 1),
                        ..base
                    });
                }
                // 地域福祉課 and 障害福祉課 merge into 福祉総合課.
                "K0401" | "K0402" if merge_year <= last_year => {
                    units.push(UnitVersion {
                        valid_to: Some(date(merge_year, 3, 31)),
                        ..base
                    });
                }
                _ => units.push(base),
            }
        }
    }
    if merge_year <= last_year {
        units.push(UnitVersion {
            code: "K0410".into(),
            name: "福祉総合課".into(),
            kana: "フクシソウゴウカ".into(),
            parent: Some("B04".into()),
            rotation: "front".into(),
            valid_from: date(merge_year, 4, 1),
            valid_to: None,
        });
    }
    units
}

/// Generates a city of `staff` people over `years` fiscal years ending with
/// `last_year`.
pub fn generate(staff_count: usize, years: i32, last_year: i32, seed: u64) -> City {
    generate_with(staff_count, years, last_year, seed, (3, 5), 1)
}

/// As [`generate`], with stays in one unit of `stay.0` to `stay.0 + stay.1 - 1`
/// years (shorter stays give more assignments, e.g. for benchmarks) and
/// training `intensity` times as often (0: no training records).
pub fn generate_with(
    staff_count: usize,
    years: i32,
    last_year: i32,
    seed: u64,
    stay: (u64, u64),
    intensity: u64,
) -> City {
    let mut rng = Rng::new(seed);
    let (min_stay, stay_spread) = (stay.0.max(1), stay.1.max(1));
    let first_year = last_year - years.max(1) + 1;
    let units = organisation(first_year, last_year);
    let sections: Vec<&UnitVersion> = units.iter().filter(|u| u.parent.is_some()).collect();
    let window_end = date(last_year + 1, 3, 31);
    let mut staff = Vec::with_capacity(staff_count);
    let mut assignments = Vec::with_capacity(staff_count * 3);
    let mut events = Vec::new();
    for i in 0..staff_count {
        let female = rng.chance(45);
        let (fam, fam_kana) = *rng.pick(FAMILY);
        let (giv, giv_kana) = *rng.pick(if female { GIVEN_F } else { GIVEN_M });
        // Hired on 1 April of a year up to 38 years back; some hired within the window.
        let hire_year = last_year - i32::try_from(rng.below(38)).unwrap_or(0);
        let mid_career = rng.chance(10);
        let age_at_hire = if mid_career {
            28 + rng.below(15)
        } else {
            22 + rng.below(4)
        };
        let birth = date(
            hire_year - i32::try_from(age_at_hire).unwrap_or(22),
            1 + u32::try_from(rng.below(12)).unwrap_or(0),
            1 + u32::try_from(rng.below(28)).unwrap_or(0),
        );
        let hire = date(hire_year, 4, 1);
        let employment = match rng.below(100) {
            0..=79 => "regular",
            80..=89 => "skilled_labour",
            90..=96 => "fiscal_year",
            _ => "reemployed",
        };
        let service = last_year - hire_year;
        let grade = match (employment, service) {
            ("regular", s) if s >= 30 => Some(if rng.chance(30) { "bucho" } else { "kacho" }),
            ("regular", s) if s >= 22 => Some("kacho_hosa"),
            ("regular", s) if s >= 14 => Some("kakaricho"),
            ("regular", s) if s >= 7 => Some("shunin"),
            ("regular", _) => Some("shuji"),
            _ => None,
        };
        // Leaving: retirement age 60 on the 31 March after the birthday, or early.
        let retire = date(birth.year() + 60 + i32::from(birth.month() >= 4), 3, 31);
        let early = rng.chance(3).then(|| {
            date(
                last_year
                    - i32::try_from(rng.below(u64::try_from(years).unwrap_or(1))).unwrap_or(0),
                3,
                31,
            )
        });
        let leaving = match early {
            Some(e) if e > hire && e < retire && e <= window_end => Some((e, "early_retirement")),
            _ if retire <= window_end => Some((retire, "retirement_age")),
            _ => None,
        };
        // Six digits: a staff number by construction.
        let number = StaffNumber::stored(format!("{:06}", 100_000 + i));
        // Events inside the window: promotions, leaving, re-employment.
        let in_window = |d: NaiveDate| {
            d >= date(first_year, 4, 1) && d <= window_end && leaving.is_none_or(|l| d <= l.0)
        };
        if employment == "regular" {
            for (years_in, from, to) in GRADE_STEPS {
                let d = date(hire_year + years_in, 4, 1);
                if in_window(d) {
                    events.push(PersonnelEvent {
                        from_grade: Some(from.into()),
                        to_grade: Some(to.into()),
                        ..event(&number, EventKind::Promotion, d)
                    });
                }
            }
        }
        if employment == "reemployed" && hire >= date(first_year, 4, 1) {
            events.push(event(&number, EventKind::Reemployment, hire));
        }
        if let Some((d, reason)) = leaving
            && d >= date(first_year, 4, 1)
        {
            events.push(event(
                &number,
                if reason == "early_retirement" {
                    EventKind::EarlyRetirement
                } else {
                    EventKind::Retirement
                },
                d,
            ));
        }
        let hiring_route = if mid_career {
            "mid_career"
        } else if rng.chance(3) {
            "from_other_body"
        } else {
            "new_graduate"
        };
        let qualifications = if rng.chance(8) {
            vec![
                rng.pick(&[
                    "社会福祉士",
                    "保健師",
                    "一級建築士",
                    "技術士",
                    "精神保健福祉士",
                ])
                .to_string(),
            ]
        } else {
            vec![]
        };
        // 職種: those with a professional qualification hold professional
        // posts, and half the mid-career hires (no draw of its own, so the
        // rest of the city stays as it was).
        let professional = !qualifications.is_empty() || (mid_career && i % 2 == 0);
        staff.push(Staff {
            number: number.clone(),
            name: format!("{fam} {giv}"),
            kana: format!("{fam_kana} {giv_kana}"),
            gender: Some(if female { "female" } else { "male" }.into()),
            birth_date: Some(birth),
            hire_date: hire,
            hiring_route: hiring_route.into(),
            employment_type: employment.into(),
            job_family: Some(
                if professional {
                    "professional"
                } else {
                    "general"
                }
                .into(),
            ),
            job_grade: grade.map(Into::into),
            qualifications,
            status: if leaving.is_some() {
                "left"
            } else if rng.chance(2) {
                "leave"
            } else {
                "active"
            }
            .into(),
            leaving_date: leaving.map(|l| l.0),
            leaving_reason: leaving.map(|l| l.1.into()),
        });
        // Careers from the hire: a move on 1 April every 3–5 years, or when
        // the unit closes (the rotation of 1-6-1 reads the whole career).
        let mut fy = hire_year;
        let last_day = leaving.map_or(window_end, |l| l.0).min(window_end);
        let mut current: Option<(UnitCode, NaiveDate)> = None;
        let mut stay = 0;
        while date(fy, 4, 1) <= last_day {
            let day = date(fy, 4, 1);
            let open: Vec<&&UnitVersion> = sections.iter().filter(|u| u.valid_on(day)).collect();
            let closed = current
                .as_ref()
                .is_some_and(|(c, _)| !open.iter().any(|u| &u.code == c));
            if current.is_none() || closed || stay >= min_stay + rng.below(stay_spread) {
                let previous = current.as_ref().map(|(code, _)| code.clone());
                if let Some((code, start)) = current.take() {
                    assignments.push(Assignment {
                        staff_number: number.clone(),
                        unit_code: code,
                        post: None,
                        start,
                        end: Some(day.pred_opt().unwrap_or(day)),
                        primary: true,
                    });
                }
                // A move goes to another unit.
                let elsewhere: Vec<&&UnitVersion> = open
                    .iter()
                    .copied()
                    .filter(|u| Some(&u.code) != previous.as_ref())
                    .collect();
                let unit = if elsewhere.is_empty() {
                    rng.pick(&open)
                } else {
                    rng.pick(&elsewhere)
                };
                current = Some((unit.code.clone(), day));
                stay = 0;
            }
            stay += 1;
            fy += 1;
        }
        if let Some((code, start)) = current {
            let end = leaving.map(|l| l.0);
            assignments.push(Assignment {
                staff_number: number,
                unit_code: code,
                post: None,
                start,
                end,
                primary: true,
            });
        }
    }
    // Personnel exchanges (2 years with 東京都 or a joint body) and the odd
    // voluntary demotion, a few each year among mid-career regular staff.
    let mut demoted: Vec<(StaffNumber, NaiveDate)> = Vec::new();
    for fy in first_year..=last_year {
        let start = date(fy, 4, 1);
        let eligible: Vec<&Staff> = staff
            .iter()
            .filter(|s| {
                let served = fy - s.hire_date.year();
                s.employment_type == "regular"
                    && (5..=20).contains(&served)
                    && s.leaving_date.is_none_or(|l| l > date(fy + 2, 3, 31))
            })
            .collect();
        if eligible.is_empty() {
            continue;
        }
        let exchanges = 3 + rng.below(6);
        for _ in 0..exchanges {
            let s = rng.pick(&eligible);
            let busy = events.iter().any(|e: &PersonnelEvent| {
                e.staff_number == s.number
                    && e.kind == EventKind::ExchangeOut
                    && e.overlaps(start, date(fy + 1, 3, 31))
            });
            if busy {
                continue;
            }
            let tokyo = rng.chance(60);
            events.push(PersonnelEvent {
                end: Some(date(fy + 2, 3, 31)),
                partner_type: Some(if tokyo { "tokyo_metro" } else { "joint_body" }.into()),
                partner: Some(
                    if tokyo {
                        "東京都総務局"
                    } else {
                        "○○衛生組合"
                    }
                    .into(),
                ),
                ..event(&s.number, EventKind::ExchangeOut, start)
            });
        }
        // A 係長 (promoted at least a year before) asks to step down to
        // 主任: no later promotion follows, and their sheet says 主任.
        let kakaricho: Vec<&Staff> = eligible
            .iter()
            .copied()
            .filter(|s| {
                (GRADE_STEPS[1].0 + 1..GRADE_STEPS[2].0).contains(&(fy - s.hire_date.year()))
            })
            .collect();
        // About one in 400 a year at a large city; the reason stays with
        // the request (generate/demotion.rs), never on the event.
        for _ in 0..=kakaricho.len() / 400 {
            if rng.chance(40) && !kakaricho.is_empty() {
                let s = rng.pick(&kakaricho);
                demoted.push((s.number.clone(), start));
                events.push(PersonnelEvent {
                    voluntary: true,
                    from_grade: Some("kakaricho".into()),
                    to_grade: Some("shunin".into()),
                    ..event(&s.number, EventKind::Demotion, start)
                });
            }
        }
    }
    demoted.sort();
    demoted.dedup_by(|later, first| later.0 == first.0);
    for (number, on) in &demoted {
        events.retain(|e| {
            let later_step =
                matches!(e.kind, EventKind::Promotion | EventKind::Demotion) && e.date > *on;
            e.staff_number != *number || !later_step
        });
        if let Some(s) = staff.iter_mut().find(|s| s.number == *number) {
            s.job_grade = Some("shunin".into());
        }
    }
    events.sort_by(|a, b| {
        (a.date, &a.staff_number, &a.kind).cmp(&(b.date, &b.staff_number, &b.kind))
    });
    events
        .dedup_by(|a, b| a.date == b.date && a.staff_number == b.staff_number && a.kind == b.kind);
    let mut city = City {
        units,
        staff,
        assignments,
        events,
        training: Training::default(),
        evaluation: Evaluation::default(),
        self_reports: SelfReports::default(),
        exams: Exams::default(),
        demotions: Demotions::default(),
        postings: Postings::default(),
        designations: Vec::new(),
        women: Women::default(),
        health: health::Health::default(),
        outreach: outreach::Outreach::default(),
    };
    // Postings first: those selected serve in the teams, and every later
    // part of the city sees those assignments.
    city.postings = postings(&city, first_year, last_year, seed);
    city.assignments
        .extend(city.postings.assignments.iter().cloned());
    if intensity > 0 {
        city.training = training(&city, first_year, last_year, seed, intensity);
    }
    city.evaluation = evaluation(&city, first_year, last_year);
    city.self_reports = self_reports(&city, first_year, last_year, seed);
    city.exams = exams(&city, first_year, last_year, seed);
    city.demotions = demotions(&city, first_year, last_year, seed);
    city.designations = talent::designations(&city, first_year, last_year, seed);
    city.women = women(&city, first_year, last_year, seed);
    city.health = health::health(&city, first_year, last_year, seed);
    city.outreach = outreach::outreach(&city, first_year, last_year, seed);
    city
}

#[cfg(test)]
mod tests {
    use super::*;
    use jinzai_domain::people::assignment::{by_row, check_assignments};
    use jinzai_domain::people::staff::check_staff;
    use jinzai_domain::people::unit::check_units;

    #[test]
    fn the_same_seed_gives_the_same_city_and_it_passes_every_rule() {
        let a = generate(300, 10, 2024, 7);
        let b = generate(300, 10, 2024, 7);
        assert_eq!(a.staff, b.staff);
        assert_eq!(a.assignments, b.assignments);
        assert_ne!(generate(300, 10, 2024, 8).staff, a.staff);
        assert!(
            check_units(&a.units).is_empty(),
            "{:?}",
            check_units(&a.units)
        );
        assert!(
            check_staff(&a.staff).is_empty(),
            "{:?}",
            check_staff(&a.staff).first()
        );
        let refs: Vec<_> = a.assignments.iter().collect();
        assert!(check_assignments(&refs, &by_row(&[])).is_empty());
        for asg in &a.assignments {
            assert!(
                a.units
                    .iter()
                    .any(|u| u.code == asg.unit_code && u.valid_on(asg.start)),
                "{asg:?}"
            );
            let s = a.staff.iter().find(|s| s.number == asg.staff_number);
            assert!(s.is_some_and(|s| s.hire_date <= asg.start));
        }
        assert!(jinzai_domain::people::event::check_events(&a.events).is_empty());
        assert!(
            a.events.iter().any(|e| e.kind == EventKind::ExchangeOut)
                && a.events.iter().any(|e| e.kind == EventKind::Promotion)
        );
        // Every move changes unit.
        for pair in a.assignments.windows(2) {
            if pair[0].staff_number == pair[1].staff_number {
                assert_ne!(pair[0].unit_code, pair[1].unit_code, "{pair:?}");
            }
        }
        // A rename and a merge happened.
        assert!(
            a.units.iter().any(|u| u.name == "市民窓口課")
                && a.units.iter().any(|u| u.code == "K0410")
        );
    }
}
