//! The one clock: every "today" and "now" in jinzai is read from a
//! [`Clock`], in Japan time (Asia/Tokyo).
//!
//! Asia/Tokyo is UTC+09:00 all year: Japan has kept no daylight saving time
//! since 1951, so a fixed offset is exact for every date jinzai handles and
//! needs no time-zone database in the binary.
//!
//! The clock is injected (the web state, the store, the CLI hold one), so a
//! test or a rehearsal can run on any date: [`Clock::on_date`] moves the
//! calendar to that day while the time of day keeps running, so sessions
//! expire and audit entries keep their order as they would on the real day.

use crate::fiscal::FiscalYear;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Offset, SecondsFormat, Utc};

/// Japan Standard Time, UTC+09:00 (Asia/Tokyo).
pub fn jst() -> FixedOffset {
    // 9 hours is within ±24 h, so this never falls back.
    FixedOffset::east_opt(9 * 3600).unwrap_or_else(|| Utc.fix())
}

/// The name of the variable that sets the day (`JINZAI_TODAY=2013-06-01`).
pub const TODAY_VAR: &str = "JINZAI_TODAY";

/// Where "now" comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    /// Added to the system clock: zero for the real time.
    shift: Duration,
    /// A clock that does not move (unit tests).
    frozen: Option<DateTime<Utc>>,
}

impl Clock {
    /// The machine's clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// The machine's clock moved so that today, in Japan, is `date`; the
    /// time of day runs on.
    pub fn on_date(date: NaiveDate) -> Clock {
        let real = Clock::system().today();
        Clock {
            shift: date.signed_duration_since(real),
            frozen: None,
        }
    }

    /// A clock stopped at `at`.
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock {
            shift: Duration::zero(),
            frozen: Some(at),
        }
    }

    /// The clock a `JINZAI_TODAY` value asks for: empty means the system
    /// clock; otherwise an ISO date (`2013-06-01`).
    pub fn from_setting(value: Option<&str>) -> Result<Clock, String> {
        match value.map(str::trim) {
            None | Some("") => Ok(Clock::system()),
            Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map(Clock::on_date)
                .map_err(|_| format!("{TODAY_VAR}={v:?}: expected a date such as 2013-06-01")),
        }
    }

    /// Is this the machine's own clock?
    pub fn is_system(&self) -> bool {
        *self == Clock::system()
    }

    /// The instant, in UTC (as stored).
    pub fn now(&self) -> DateTime<Utc> {
        self.frozen.unwrap_or_else(Utc::now) + self.shift
    }

    /// The instant in Japan time.
    pub fn now_jst(&self) -> DateTime<FixedOffset> {
        self.now().with_timezone(&jst())
    }

    /// Today's date in Japan.
    pub fn today(&self) -> NaiveDate {
        self.now_jst().date_naive()
    }

    /// The fiscal year (1 April – 31 March) today falls in.
    pub fn fiscal_year(&self) -> FiscalYear {
        FiscalYear::containing(self.today())
    }

    /// The instant as stored: RFC 3339 in UTC, to the second.
    pub fn stamp(&self) -> String {
        stamp(self.now())
    }
}

/// An instant as stored: RFC 3339 in UTC, to the second (sortable as text,
/// the same on both engines).
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The first instant of a day in Japan, as stored (midnight JST is 15:00
/// UTC the day before): what a filter "from this day" compares with.
pub fn day_start_stamp(day: NaiveDate) -> String {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    stamp(midnight.and_utc() - Duration::hours(9))
}

/// A stored instant (RFC 3339) in Japan time, for people:
/// `2026-11-30 12:28:31`. Text that is not an instant comes back as it is.
pub fn display_jst(stored: &str) -> String {
    match DateTime::parse_from_rfc3339(stored) {
        Ok(t) => t
            .with_timezone(&jst())
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => stored.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn today_is_the_date_in_japan() {
        // 15:30 UTC on 31 March is 00:30 JST on 1 April: a new fiscal year.
        let c = Clock::fixed(at(2013, 3, 31, 15, 30));
        assert_eq!(
            c.today(),
            NaiveDate::from_ymd_opt(2013, 4, 1).unwrap_or_default()
        );
        assert_eq!(c.fiscal_year(), FiscalYear(2013));
        let c = Clock::fixed(at(2013, 3, 31, 14, 59));
        assert_eq!(c.fiscal_year(), FiscalYear(2012));
        assert_eq!(c.now_jst().to_rfc3339(), "2013-03-31T23:59:00+09:00");
    }

    #[test]
    fn a_set_day_keeps_the_time_running() {
        let day = NaiveDate::from_ymd_opt(2013, 6, 1).unwrap_or_default();
        let c = Clock::from_setting(Some("2013-06-01")).unwrap_or_default();
        assert_eq!(c.today(), day);
        assert!(!c.is_system());
        let a = c.now();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert!(c.now() > a);
        assert!(Clock::from_setting(None).is_ok_and(|c| c.is_system()));
        assert!(Clock::from_setting(Some("")).is_ok_and(|c| c.is_system()));
        let e = Clock::from_setting(Some("2013/6/1"))
            .err()
            .unwrap_or_default();
        assert!(
            e.contains("JINZAI_TODAY") && e.contains("2013-06-01"),
            "{e}"
        );
    }

    #[test]
    fn stored_instants_are_shown_in_japan_time() {
        assert_eq!(display_jst("2026-11-30T03:28:31Z"), "2026-11-30 12:28:31");
        assert_eq!(display_jst("2026-11-30T20:00:00Z"), "2026-12-01 05:00:00");
        assert_eq!(display_jst("not a time"), "not a time");
        assert_eq!(stamp(at(2013, 4, 1, 0, 0)), "2013-04-01T00:00:00Z");
        let day = NaiveDate::from_ymd_opt(2013, 6, 1).unwrap_or_default();
        assert_eq!(day_start_stamp(day), "2013-05-31T15:00:00Z");
    }
}
