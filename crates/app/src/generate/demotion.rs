//! The sample city's 希望降任: an October window each year (decided by
//! December, effective the next 1 April); for every voluntary demotion
//! among the personnel events, the approved request behind it (its reason
//! one of illness, family care or the weight of the post); a few more
//! requests rejected or withdrawn; and each later year's re-promotion
//! review (再昇任の検討), concluding that the person stays.

use super::{City, Rng, date};
use chrono::NaiveDate;
use jinzai_domain::FiscalYear;
use jinzai_domain::demotion::{Reason, RequestRecord, ReviewOutcome, Window, grade_rank};
use jinzai_domain::people::StaffNumber;
use jinzai_domain::people::event::EventKind;

/// A yearly re-promotion review of the request `(year, person)`.
#[derive(Debug, Clone)]
pub struct GeneratedReview {
    pub request_year: i32,
    pub staff_number: StaffNumber,
    pub fiscal_year: i32,
    pub reviewed_on: NaiveDate,
    pub outcome: ReviewOutcome,
}

/// The generated windows, requests and reviews.
#[derive(Debug, Clone, Default)]
pub struct Demotions {
    pub windows: Vec<Window>,
    pub requests: Vec<RequestRecord>,
    pub reviews: Vec<GeneratedReview>,
}

/// The circumstances a person writes, by reason.
fn details(reason: Reason, rng: &mut Rng) -> String {
    let list: &[&str] = match reason {
        Reason::Illness => &[
            "通院治療を続けており、係長の職責を果たすことが難しいため",
            "療養から復帰したが、当面は業務量を抑える必要があるため",
        ],
        Reason::Family => &[
            "親の介護が必要になり、時間外の対応が難しいため",
            "子の養育に専念する時間が必要なため",
        ],
        Reason::Duties => &["監督職の職責が重く、担当業務に専念したいため"],
        Reason::Other => &["一身上の都合により"],
    };
    (*rng.pick(list)).to_owned()
}

fn reason(rng: &mut Rng) -> Reason {
    match rng.below(100) {
        0..40 => Reason::Illness,
        40..75 => Reason::Family,
        75..95 => Reason::Duties,
        _ => Reason::Other,
    }
}

/// The window of fiscal year `fy`.
pub fn window(fy: i32) -> Window {
    Window {
        fiscal_year: fy,
        opens_on: date(fy, 10, 1),
        closes_on: date(fy, 10, 31),
        effective_on: date(fy + 1, 4, 1),
        reviewers: Vec::new(),
    }
}

/// Requests for `city` over fiscal years `first..=last`.
pub fn demotions(city: &City, first: i32, last: i32, seed: u64) -> Demotions {
    let mut rng = Rng::new(seed ^ 0x6465_6d6f);
    let grades = city.grades();
    let mut out = Demotions {
        windows: (first..=last).map(window).collect(),
        ..Demotions::default()
    };
    let mut asked: std::collections::HashSet<(i32, &str)> = std::collections::HashSet::new();
    // The approved requests behind the events.
    for e in city
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Demotion && e.voluntary)
    {
        let fy = FiscalYear::containing(e.date).0 - 1;
        let Some(s) = city.staff.iter().find(|s| s.number == e.staff_number) else {
            continue;
        };
        let on = date(fy, 10, 1 + u32::try_from(rng.below(30)).unwrap_or(0));
        let from = grades.on(s, on);
        let lower = match (
            from.and_then(grade_rank),
            e.to_grade.as_deref().and_then(grade_rank),
        ) {
            (Some(f), Some(t)) => t < f,
            _ => false,
        };
        if fy < first || e.date != date(fy + 1, 4, 1) || !lower {
            continue;
        }
        let why = reason(&mut rng);
        asked.insert((fy, s.number.as_str()));
        out.requests.push(RequestRecord {
            fiscal_year: fy,
            staff_number: s.number.clone(),
            requested_on: on,
            reason: why,
            details: details(why, &mut rng),
            wished_grade: None,
            withdrawn_on: None,
            approved: Some(true),
            decided_on: Some(date(fy, 12, 10)),
            to_grade: e.to_grade.clone(),
            effective_on: Some(e.date),
        });
        for year in fy + 2..=last {
            if s.leaving_date.is_some_and(|l| l < date(year, 10, 1)) {
                break;
            }
            out.reviews.push(GeneratedReview {
                request_year: fy,
                staff_number: s.number.clone(),
                fiscal_year: year,
                reviewed_on: date(year, 11, 15),
                outcome: ReviewOutcome::Continue,
            });
        }
    }
    // Requests rejected or withdrawn: 係長 and above serving in October.
    for fy in first..=last {
        let on = date(fy, 10, 15);
        let senior: Vec<&jinzai_domain::people::staff::Staff> = city
            .staff
            .iter()
            .filter(|s| {
                s.employment_type == "regular"
                    && s.hire_date <= on
                    && s.leaving_date.is_none_or(|l| l > date(fy + 1, 4, 1))
                    && grades
                        .on(s, on)
                        .and_then(grade_rank)
                        .is_some_and(|r| r >= 2)
            })
            .collect();
        for _ in 0..=senior.len() / 400 {
            if senior.is_empty() || !rng.chance(50) {
                continue;
            }
            let s = rng.pick(&senior);
            if !asked.insert((fy, s.number.as_str())) {
                continue;
            }
            let why = reason(&mut rng);
            let withdrawn = rng.chance(40);
            out.requests.push(RequestRecord {
                fiscal_year: fy,
                staff_number: s.number.clone(),
                requested_on: on,
                reason: why,
                details: details(why, &mut rng),
                wished_grade: None,
                withdrawn_on: withdrawn.then(|| date(fy, 11, 5)),
                approved: (!withdrawn).then_some(false),
                decided_on: (!withdrawn).then(|| date(fy, 12, 10)),
                to_grade: None,
                effective_on: None,
            });
        }
    }
    out.requests
        .sort_by(|a, b| (a.fiscal_year, &a.staff_number).cmp(&(b.fiscal_year, &b.staff_number)));
    out
}
