//! The sample city's specialists (スペシャリストの養成): regular staff
//! reaching their 15th fiscal year of service within the window are named
//! specialists on that year's 1 April now and then (one in four), in the
//! field their qualification points to (社会福祉士 → 福祉, 保健師 → 保健・
//! 医療, 一級建築士 / 技術士 → 都市計画・土木), others in an office field.
//! A designation ends on the day the person leaves; a few are ended after
//! three years and given another field, as HR moves people on.

use super::{City, Rng, date};
use jinzai_domain::FiscalYear;
use jinzai_domain::talent::Designation;

/// The fields of the sample city (codes of the default list).
const OFFICE_FIELDS: &[&str] = &[
    "tax",
    "finance",
    "legal",
    "digital",
    "personnel",
    "disaster",
];

fn field_of(qualifications: &[String], rng: &mut Rng) -> String {
    match qualifications.first().map(String::as_str) {
        Some("社会福祉士" | "精神保健福祉士") => "welfare".into(),
        Some("保健師") => "health".into(),
        Some("一級建築士" | "技術士") => "urban".into(),
        _ => rng.pick(OFFICE_FIELDS).to_string(),
    }
}

pub fn designations(city: &City, first_year: i32, last_year: i32, seed: u64) -> Vec<Designation> {
    let mut rng = Rng::new(seed ^ 0x007a_1e47);
    let mut out = Vec::new();
    for s in city.staff.iter().filter(|s| s.employment_type == "regular") {
        // The fiscal year of their 15th year of service.
        let fifteenth = FiscalYear::containing(s.hire_date).0 + 14;
        if fifteenth < first_year || fifteenth > last_year || !rng.chance(25) {
            continue;
        }
        let from = date(fifteenth, 4, 1);
        if s.leaving_date.is_some_and(|l| l < from) {
            continue;
        }
        let field = field_of(&s.qualifications, &mut rng);
        let moved = fifteenth + 3 <= last_year && rng.chance(20);
        let to = if moved {
            Some(date(fifteenth + 3, 3, 31))
        } else {
            s.leaving_date
        };
        let to = match (to, s.leaving_date) {
            (Some(t), Some(l)) => Some(t.min(l)),
            (t, _) => t,
        };
        out.push(Designation {
            staff_number: s.number.clone(),
            field: field.clone(),
            from,
            to,
            note: None,
        });
        if moved && to.is_some_and(|t| s.leaving_date.is_none_or(|l| l > t)) {
            let next = *rng.pick(OFFICE_FIELDS);
            if next != field {
                out.push(Designation {
                    staff_number: s.number.clone(),
                    field: next.to_owned(),
                    from: date(fifteenth + 3, 4, 1),
                    to: s.leaving_date,
                    note: None,
                });
            }
        }
    }
    out
}
