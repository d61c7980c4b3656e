//! The interval grid and the calendar vocabulary every module shares.
//!
//! Contact centres plan on a regular grid of 5–60 minute intervals in *local* time (a planner
//! thinks "Monday 09:00", not UTC), so timestamps are `chrono::NaiveDateTime` written as ISO 8601
//! without an offset (`2024-01-01T09:00`). A [`Grid`] maps interval indices to timestamps and
//! back; [`Weekday`] and [`ClockTime`] are the serde shapes used in scenarios (`"mon"`, `"09:30"`).

use crate::error::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Minutes in a day.
pub const MINUTES_PER_DAY: u32 = 24 * 60;

/// Interval lengths (minutes) that tile an hour, accepted for history data.
pub const INPUT_INTERVALS: [u32; 7] = [5, 6, 10, 15, 20, 30, 60];
/// Interval lengths (minutes) accepted for planning.
pub const PLANNING_INTERVALS: [u32; 3] = [15, 30, 60];

/// Day of the week, serialised as `"mon"` … `"sun"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    /// Monday
    Mon,
    /// Tuesday
    Tue,
    /// Wednesday
    Wed,
    /// Thursday
    Thu,
    /// Friday
    Fri,
    /// Saturday
    Sat,
    /// Sunday
    Sun,
}

impl Weekday {
    /// All days, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// 0 for Monday … 6 for Sunday.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The day with [`Weekday::index`] `i % 7`.
    pub fn from_index(i: usize) -> Weekday {
        Weekday::ALL[i % 7]
    }

    /// The weekday of a date.
    pub fn of(date: NaiveDate) -> Weekday {
        Weekday::from_index(date.weekday().num_days_from_monday() as usize)
    }

    /// `"mon"` … `"sun"`.
    pub fn code(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self.index()]
    }

    /// Saturday or Sunday.
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Sat | Weekday::Sun)
    }
}

impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A time of day in minutes after midnight, `0..=1440`, written `"HH:MM"` (`"24:00"` allowed as
/// an end of day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClockTime(u32);

impl ClockTime {
    /// Midnight at the start of the day.
    pub const MIDNIGHT: ClockTime = ClockTime(0);
    /// Midnight at the end of the day (`"24:00"`).
    pub const END_OF_DAY: ClockTime = ClockTime(MINUTES_PER_DAY);

    /// From minutes after midnight; `None` above 1440.
    pub fn from_minutes(m: u32) -> Option<ClockTime> {
        (m <= MINUTES_PER_DAY).then_some(ClockTime(m))
    }

    /// Minutes after midnight.
    pub fn minutes(self) -> u32 {
        self.0
    }

    /// Parse `"H:MM"` or `"HH:MM"`; `path` names the field in the error.
    pub fn parse(s: &str, path: &str) -> Result<ClockTime> {
        let bad = || Error::invalid(path, "a time of day \"HH:MM\" between 00:00 and 24:00", s);
        let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return Err(bad());
        }
        let h: u32 = h.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        if m >= 60 {
            return Err(bad());
        }
        ClockTime::from_minutes(h * 60 + m).ok_or_else(bad)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ClockTime::parse(&s, "time").map_err(|_| {
            serde::de::Error::custom(format!(
                "expected a time of day \"HH:MM\" between 00:00 and 24:00, found \"{s}\""
            ))
        })
    }
}

/// Format a local timestamp as the project writes it: `YYYY-MM-DDTHH:MM`.
pub fn format_timestamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

/// Parse an ISO 8601 local timestamp: `YYYY-MM-DDTHH:MM[:SS[.fff]]`, a space instead of `T`
/// also accepted; a bare date means midnight. Offsets (`Z`, `+08:00`) are rejected because the
/// plan is in local time and silently converting would shift every interval.
pub fn parse_timestamp(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    const FORMATS: [&str; 6] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ];
    for f in FORMATS {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| d.and_time(NaiveTime::MIN))
}

/// Minutes after midnight of a timestamp.
pub fn minute_of_day(t: NaiveDateTime) -> u32 {
    t.hour() * 60 + t.minute()
}

/// A regular grid of `len` intervals of `interval_minutes`, starting at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grid {
    /// Start of interval 0 (local time).
    pub start: NaiveDateTime,
    /// Length of each interval in minutes.
    pub interval_minutes: u32,
    /// Number of intervals.
    pub len: usize,
}

impl Grid {
    /// A grid; `interval_minutes` must divide a day.
    pub fn new(start: NaiveDateTime, interval_minutes: u32, len: usize) -> Result<Grid> {
        if interval_minutes == 0 || MINUTES_PER_DAY % interval_minutes != 0 {
            return Err(Error::invalid(
                "interval_minutes",
                "a number of minutes that divides a day (e.g. 15, 30, 60)",
                interval_minutes,
            ));
        }
        Ok(Grid {
            start,
            interval_minutes,
            len,
        })
    }

    /// Intervals per day.
    pub fn per_day(&self) -> usize {
        (MINUTES_PER_DAY / self.interval_minutes) as usize
    }

    /// Start time of interval `i` (may be past the end of the grid).
    pub fn time(&self, i: usize) -> NaiveDateTime {
        self.start + Duration::minutes(i as i64 * self.interval_minutes as i64)
    }

    /// End of the grid (exclusive).
    pub fn end(&self) -> NaiveDateTime {
        self.time(self.len)
    }

    /// Index of the interval starting exactly at `t`, if `t` is on the grid (inside or not).
    pub fn offset_of(&self, t: NaiveDateTime) -> Option<i64> {
        let mins = (t - self.start).num_minutes();
        let step = self.interval_minutes as i64;
        (mins.rem_euclid(step) == 0 && (t - self.start).num_seconds() % 60 == 0)
            .then_some(mins.div_euclid(step))
    }

    /// Index of the interval starting at `t`, if it is inside the grid.
    pub fn index_of(&self, t: NaiveDateTime) -> Option<usize> {
        self.offset_of(t)
            .filter(|&i| i >= 0 && (i as usize) < self.len)
            .map(|i| i as usize)
    }

    /// Weekday of interval `i`.
    pub fn weekday(&self, i: usize) -> Weekday {
        Weekday::of(self.time(i).date())
    }

    /// Slot of interval `i` within its day (0 = the interval starting at midnight).
    pub fn slot_of_day(&self, i: usize) -> usize {
        (minute_of_day(self.time(i)) / self.interval_minutes) as usize
    }

    /// Whether the grid starts at midnight.
    pub fn starts_at_midnight(&self) -> bool {
        minute_of_day(self.start) == 0
    }
}

/// A local wall-clock time, written `YYYY-MM-DDTHH:MM` in JSON (a space for the `T`, seconds,
/// and a bare date are read too).
///
/// A typed value, so a stage never formats a time to parse it back later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub NaiveDateTime);

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_timestamp(self.0))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_timestamp(self.0))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_timestamp(&s).map(Timestamp).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "expected a local time like 2024-01-01T08:00, found \"{s}\""
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        parse_timestamp(s).unwrap()
    }

    #[test]
    fn clock_time_round_trips_and_rejects_nonsense() {
        assert_eq!(ClockTime::parse("07:30", "x").unwrap().minutes(), 450);
        assert_eq!(ClockTime::parse("7:30", "x").unwrap().to_string(), "07:30");
        assert_eq!(
            ClockTime::parse("24:00", "x").unwrap(),
            ClockTime::END_OF_DAY
        );
        for bad in ["24:01", "12:60", "noon", "12", "1:5", "-1:00", ""] {
            let e = ClockTime::parse(bad, "open").unwrap_err();
            assert_eq!(e.path(), "open", "{bad}");
        }
        let json: ClockTime = serde_json::from_str("\"21:15\"").unwrap();
        assert_eq!(serde_json::to_string(&json).unwrap(), "\"21:15\"");
    }

    #[test]
    fn timestamps_parse_in_local_time_only() {
        assert_eq!(
            format_timestamp(t("1999-01-01T00:30:00")),
            "1999-01-01T00:30"
        );
        assert_eq!(format_timestamp(t("1999-01-01 07:15")), "1999-01-01T07:15");
        assert_eq!(format_timestamp(t("1999-01-02")), "1999-01-02T00:00");
        assert!(parse_timestamp("1999-01-01T00:30:00Z").is_none());
        assert!(parse_timestamp("1999-02-30T00:00").is_none());
        assert!(parse_timestamp("yesterday").is_none());
    }

    #[test]
    fn grid_maps_indices_and_weekdays() {
        let g = Grid::new(t("2024-01-01T00:00"), 30, 48 * 7).unwrap();
        assert_eq!(g.per_day(), 48);
        assert_eq!(format_timestamp(g.time(49)), "2024-01-02T00:30");
        assert_eq!(g.index_of(t("2024-01-02T00:30")), Some(49));
        assert_eq!(g.index_of(t("2024-01-02T00:45")), None);
        assert_eq!(g.index_of(t("2023-12-31T23:30")), None);
        assert_eq!(g.offset_of(t("2023-12-31T23:30")), Some(-1));
        assert_eq!(g.weekday(0), Weekday::Mon);
        assert_eq!(g.weekday(48 * 6), Weekday::Sun);
        assert_eq!(g.slot_of_day(49), 1);
        assert!(Grid::new(t("2024-01-01T00:00"), 7, 1).is_err());
    }
}
