//! The working-day calendar's use cases that pages and the API share.

use crate::Failure;
use chrono::{Datelike, NaiveDate};
use jinzai_domain::calendar::Closed;
use jinzai_store::Store;
use serde::Serialize;

/// A closed weekday of the year, and why.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClosedDay {
    pub date: NaiveDate,
    pub closed: Closed,
}

/// A year of the calendar: its closed weekdays and how many days are open.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarYear {
    pub year: i32,
    pub open_days: usize,
    pub closed: Vec<ClosedDay>,
}

/// The calendar of a (calendar) year.
pub async fn year(store: &Store, year: i32) -> Result<CalendarYear, Failure> {
    if !(1900..=2200).contains(&year) {
        return Err(Failure::BadRequest {
            code: "bad_year",
            message: jinzai_domain::i18n::Message::new("training_year_bad_year").arg("year", year),
        });
    }
    let cal = store.work_calendar().await?;
    let open_days = NaiveDate::from_ymd_opt(year, 1, 1)
        .map(|first| {
            first
                .iter_days()
                .take_while(|d| d.year() == year)
                .filter(|d| cal.is_open(*d))
                .count()
        })
        .unwrap_or(0);
    Ok(CalendarYear {
        year,
        open_days,
        closed: cal
            .closed_weekdays(year)
            .into_iter()
            .map(|(date, closed)| ClosedDay { date, closed })
            .collect(),
    })
}
