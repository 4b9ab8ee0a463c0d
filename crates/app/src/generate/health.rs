//! The sample city's health records (clearly sample: every note says
//! サンプル): each fiscal year, everyone in service on 1 April is due a
//! check-up; 19 in 20 take it between May and December, with outcomes
//! 異常なし / 要観察 / 要精密検査 / 要治療 about 55 / 30 / 10 / 5 in 100,
//! four in five of the findings that call for one followed up; and about
//! one person in twelve consults the nurse (7 in 10) or the physician, one
//! to three times a year.

use super::{City, Rng, date};
use chrono::Datelike;
use chrono::{Days, NaiveDate};
use jinzai_domain::health::committee::Meeting;
use jinzai_domain::health::returns::{Case, DEFAULT_FOLLOW_UPS, Decision, Noted, Plan, Stage};
use jinzai_domain::health::stress::{Record, Scores};
use jinzai_domain::health::{Checkup, Consultation, Counsellor, Kind, Outcome};

/// The sample city's health records.
#[derive(Debug, Clone, Default)]
pub struct Health {
    pub checkups: Vec<Checkup>,
    pub consultations: Vec<Consultation>,
    /// The safety and health committee's meetings.
    pub meetings: Vec<Meeting>,
    /// Return-to-work cases, each with every step it will have.
    pub returns: Vec<Case>,
    /// Stress-check results, with every later step (offer, interview).
    pub stress: Vec<Record>,
}

impl Health {
    /// The records as they stand on `today`: check-ups of the years begun
    /// by then, those taken later as not (yet) taken; consultations held by
    /// then.
    pub fn as_of(
        &self,
        today: NaiveDate,
    ) -> (Vec<Checkup>, Vec<Consultation>, Vec<Meeting>, Vec<Case>) {
        let checkups = self
            .checkups
            .iter()
            .filter(|c| date(c.fiscal_year, 4, 1) <= today)
            .map(|c| match c.attended_on {
                Some(day) if day > today => Checkup {
                    attended_on: None,
                    outcome: None,
                    follow_up_done: false,
                    ..c.clone()
                },
                _ => c.clone(),
            })
            .collect();
        let consultations = self
            .consultations
            .iter()
            .filter(|c| c.held_on <= today)
            .cloned()
            .collect();
        let meetings = self
            .meetings
            .iter()
            .filter(|m| m.held_on <= today)
            .cloned()
            .collect();
        let returns = self
            .returns
            .iter()
            .filter_map(|c| returns_as_of(c, today))
            .collect();
        (checkups, consultations, meetings, returns)
    }

    /// The stress-check results as they stand on `today`: of the years
    /// begun, a check not yet taken as not taken, an offer or interview
    /// not yet made as not made.
    pub fn stress_as_of(&self, today: NaiveDate) -> Vec<Record> {
        self.stress
            .iter()
            .filter(|r| date(r.fiscal_year, 4, 1) <= today)
            .map(|r| {
                let mut r = r.clone();
                if r.taken_on.is_some_and(|d| d > today) {
                    r.taken_on = None;
                    r.scores = None;
                    r.high_stress = false;
                }
                if r.interview_offered_on.is_some_and(|d| d > today) || !r.high_stress {
                    r.interview_offered_on = None;
                    r.interview_requested = false;
                }
                if r.interview_held_on.is_some_and(|d| d > today) || !r.interview_requested {
                    r.interview_held_on = None;
                }
                r
            })
            .collect()
    }
}

/// Each year everyone in service on 1 April is due the stress check; 22 in
/// 25 take it in October or November. The four scales scatter around the
/// national means; someone with heavy demand and little control or support
/// is highly stressed and offered an interview two weeks later; one in
/// five of them asks, and it is held two weeks after.
fn stress_results(city: &City, first_year: i32, last_year: i32, rng: &mut Rng) -> Vec<Record> {
    let mut out = Vec::new();
    let days = |d: NaiveDate, n: u64| d.checked_add_days(Days::new(n)).unwrap_or(d);
    for fy in first_year..=last_year {
        let start = date(fy, 4, 1);
        for s in &city.staff {
            if s.hire_date > start || s.leaving_date.is_some_and(|l| l < date(fy, 12, 1)) {
                continue;
            }
            let taken = rng.below(25) < 22;
            let on = days(date(fy, 10, 1), rng.below(61));
            let mut scale = |base: u64| {
                u8::try_from((base + rng.below(4) + rng.below(3)).clamp(3, 12)).unwrap_or(8)
            };
            let scores = Scores {
                demand: scale(6),
                control: scale(5),
                supervisor: scale(5),
                coworker: scale(6),
            };
            let high = taken
                && scores.demand >= 10
                && (scores.control <= 6 || scores.supervisor + scores.coworker <= 12);
            let offered = high.then(|| days(on, 14));
            let requested = high && rng.below(5) == 0;
            out.push(Record {
                staff_number: s.number.clone(),
                fiscal_year: fy,
                taken_on: taken.then_some(on),
                scores: taken.then_some(scores),
                high_stress: high,
                interview_offered_on: offered,
                interview_requested: requested,
                interview_held_on: offered.filter(|_| requested).map(|d| days(d, 14)),
                note: if high {
                    "サンプル：高ストレス判定".into()
                } else {
                    String::new()
                },
            });
        }
    }
    out
}

/// A case with only the steps recorded by `today` (none: its leave has not
/// begun).
fn returns_as_of(c: &Case, today: NaiveDate) -> Option<Case> {
    if c.leave_from > today {
        return None;
    }
    let mut out = c.clone();
    let recorded = |d: NaiveDate| d <= today;
    if out.closed.as_ref().is_some_and(|x| !recorded(x.on)) {
        out.closed = None;
    }
    out.follow_ups.retain(|f| recorded(f.on));
    if out.decision.as_ref().is_some_and(|d| !recorded(d.on)) {
        out.decision = None;
        out.follow_ups.clear();
    }
    if out.plan.as_ref().is_some_and(|p| !recorded(p.on)) {
        out.plan = None;
        out.decision = None;
    }
    if out.judgement.as_ref().is_some_and(|j| !recorded(j.on)) {
        out.judgement = None;
        out.plan = None;
        out.decision = None;
    }
    Some(out)
}

/// About one person in 150 in service each year goes on a leave the health
/// staff support: two to eight months, then the five steps (two 試し出勤
/// stages before the planned return, follow-ups at 1, 3 and 6 months); one
/// case in six ends otherwise (the leave extended, retirement).
fn return_cases(city: &City, first_year: i32, last_year: i32, rng: &mut Rng) -> Vec<Case> {
    let mut out = Vec::new();
    let days = |d: NaiveDate, n: u64| d.checked_add_days(Days::new(n)).unwrap_or(d);
    for fy in first_year..=last_year {
        let start = date(fy, 4, 1);
        for s in &city.staff {
            if s.hire_date > start
                || s.leaving_date.is_some_and(|l| l < start)
                || rng.below(150) != 0
            {
                continue;
            }
            let leave_from = days(start, rng.below(330));
            if s.leaving_date.is_some_and(|l| l <= leave_from) {
                continue;
            }
            let length = 60 + rng.below(180);
            let leave_until = days(leave_from, length);
            let note = |t: &str| format!("サンプル：{t}");
            let mut c = Case {
                staff_number: s.number.clone(),
                leave_from,
                leave_until: Some(leave_until),
                leave_note: note("主治医の診断書により休業"),
                judgement: None,
                plan: None,
                decision: None,
                follow_ups: Vec::new(),
                closed: None,
            };
            if s.leaving_date.is_some_and(|l| l <= leave_until) || rng.below(6) == 0 {
                c.closed = Some(Noted {
                    on: days(leave_until, 1)
                        .min(s.leaving_date.unwrap_or(NaiveDate::MAX))
                        .max(leave_from),
                    note: note("休業期間の延長により支援を一旦終了"),
                });
                out.push(c);
                continue;
            }
            let judged = days(leave_until, 0)
                .checked_sub_days(Days::new(21))
                .unwrap_or(leave_until);
            let judged = judged.max(days(leave_from, 14));
            c.judgement = Some(Noted {
                on: judged,
                note: note("主治医意見書：復帰可能"),
            });
            let planned_on = days(judged, 7);
            let returned_on = days(planned_on, 21 + rng.below(14));
            let first = days(planned_on, 2);
            c.plan = Some(Plan {
                on: planned_on,
                planned_return_on: returned_on,
                stages: vec![
                    Stage {
                        from: first,
                        to: days(first, 6),
                        what: note("通勤訓練"),
                    },
                    Stage {
                        from: days(first, 7),
                        to: days(first, 13),
                        what: note("半日の試し出勤"),
                    },
                ],
                note: note("産業医面談・本人と所属長を交えて作成"),
            });
            c.decision = Some(Decision {
                on: returned_on
                    .checked_sub_days(Days::new(3))
                    .unwrap_or(returned_on)
                    .max(days(first, 13)),
                returned_on,
                limits: note("当面は時間外勤務なし、服薬継続"),
                shared_limits: note("3か月は時間外勤務なし、窓口業務は段階的に"),
                follow_up_months: DEFAULT_FOLLOW_UPS.to_vec(),
                note: note("最終判断"),
            });
            for m in DEFAULT_FOLLOW_UPS {
                let due = returned_on
                    .checked_add_months(chrono::Months::new(m))
                    .unwrap_or(returned_on);
                let on = days(due, rng.below(6));
                if s.leaving_date.is_some_and(|l| l < on) {
                    break;
                }
                c.follow_ups.push(Noted {
                    on,
                    note: note("経過良好"),
                });
            }
            if c.follow_ups.len() < DEFAULT_FOLLOW_UPS.len() {
                let last = c.follow_ups.last().map_or(returned_on, |f| f.on);
                c.closed = Some(Noted {
                    on: last.max(s.leaving_date.unwrap_or(last)),
                    note: note("退職"),
                });
            }
            out.push(c);
        }
    }
    out
}

const NOTES: &[&str] = &[
    "サンプル：睡眠と生活リズムについて助言",
    "サンプル：血圧の経過を確認",
    "サンプル：業務量について所属長と調整を提案",
    "サンプル：精密検査の受診を勧奨",
    "サンプル：次回も継続して相談",
];

pub fn health(city: &City, first_year: i32, last_year: i32, seed: u64) -> Health {
    let mut rng = Rng::new(seed ^ 0x0000_4ea1_7400);
    let mut out = Health::default();
    for fy in first_year..=last_year {
        let start = date(fy, 4, 1);
        for s in &city.staff {
            if s.hire_date > start || s.leaving_date.is_some_and(|l| l < start) {
                continue;
            }
            let attended = rng.chance(95);
            let day = start
                .checked_add_days(Days::new(30 + rng.below(240)))
                .unwrap_or(start);
            let outcome = attended.then(|| match rng.below(100) {
                0..55 => Outcome::Normal,
                55..85 => Outcome::Observe,
                85..95 => Outcome::Examine,
                _ => Outcome::Treat,
            });
            out.checkups.push(Checkup {
                staff_number: s.number.clone(),
                fiscal_year: fy,
                attended_on: attended.then_some(day),
                outcome,
                follow_up_done: outcome.is_some_and(Outcome::needs_follow_up) && rng.chance(80),
                note: String::new(),
            });
            if rng.chance(8) {
                // One meeting a day with each counsellor (an import's key).
                let mut met = std::collections::HashSet::new();
                for _ in 0..=rng.below(3) {
                    let held_on: NaiveDate = start
                        .checked_add_days(Days::new(rng.below(360)))
                        .unwrap_or(start);
                    if s.leaving_date.is_some_and(|l| l < held_on) {
                        continue;
                    }
                    let counsellor = if rng.chance(70) {
                        Counsellor::Nurse
                    } else {
                        Counsellor::Physician
                    };
                    if !met.insert((held_on, counsellor)) {
                        continue;
                    }
                    out.consultations.push(Consultation {
                        staff_number: s.number.clone(),
                        held_on,
                        counsellor,
                        kind: match rng.below(100) {
                            0..50 => Kind::Physical,
                            50..80 => Kind::Mental,
                            80..85 => Kind::Return,
                            _ => Kind::Other,
                        },
                        note: (*rng.pick(NOTES)).to_owned(),
                        follow_up: String::new(),
                    });
                }
            }
        }
    }
    out.meetings = meetings(date(first_year, 4, 1), date(last_year + 1, 3, 31), seed);
    out.returns = return_cases(city, first_year, last_year, &mut rng);
    out.stress = stress_results(city, first_year, last_year, &mut rng);
    out
}

const AGENDA: &[&str] = &[
    "サンプル：定期健康診断の受診状況と事後措置",
    "サンプル：長時間勤務の状況と面接指導",
    "サンプル：職場巡視の結果",
    "サンプル：ストレスチェックの実施計画",
    "サンプル：熱中症予防と公用車の安全運転",
];

/// The committee's meetings from `from` to `to`: one a month on a
/// weekday of its second or third week, about one month in fifteen missed.
pub fn meetings(from: NaiveDate, to: NaiveDate, seed: u64) -> Vec<Meeting> {
    let mut rng = Rng::new(seed ^ 0x0000_c0aa_1770);
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    while date(y, m, 1) <= to {
        if !rng.chance(7) {
            let held_on = date(y, m, 8 + u32::try_from(rng.below(14)).unwrap_or(0));
            let agenda = *rng.pick(AGENDA);
            out.push(Meeting {
                held_on,
                attendees: vec![
                    "総務部長（委員長）".into(),
                    "産業医".into(),
                    "保健師".into(),
                    "職員課長".into(),
                    "職員団体推薦委員 2名".into(),
                ],
                agenda: agenda.to_owned(),
                opinions: "サンプル：引き続き状況を注視すること".into(),
                measures: "サンプル：各所属に周知した".into(),
            });
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}
