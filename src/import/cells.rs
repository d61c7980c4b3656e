//! One cell of an imported table, and how planners' date, time, interval and duration cells
//! are read.
//!
//! Exports write the same instant many ways: `2024-01-01 09:00:00` (ACD databases),
//! `2024/1/1 9:00` (Excel in a Chinese locale), `1/1/2024 9:00 AM` (Excel in a US locale),
//! `20240101` (reports keyed by day), `2024年1月1日`, an interval as `09:00-10:00`, a waiting
//! time as `35`, `00:00:35` or `0:35`, a share as `85.3%`. Spreadsheets add typed cells: a
//! number formatted as a date is an Excel serial date (days since 1899-12-30, or 1904-01-01 in
//! old Mac workbooks; the reader converts both), a time of day is a fraction of a day. These
//! parsers accept exactly those shapes and nothing looser: a cell that fits none is an error
//! naming its row and column, because a silently misread date moves every interval.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// A cell as read from a CSV (always text) or a spreadsheet (typed).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in the cell.
    Empty,
    /// Text (every CSV cell; text cells of spreadsheets).
    Text(String),
    /// A number.
    Number(f64),
    /// A date or date-time (a spreadsheet cell formatted as a date).
    DateTime(NaiveDateTime),
    /// A time of day in seconds after midnight (a cell formatted as a time).
    Time(u32),
    /// A duration in seconds (a cell formatted as `[h]:mm:ss`).
    Duration(f64),
    /// TRUE / FALSE.
    Bool(bool),
}

impl Cell {
    /// Whether the cell holds nothing (or only blanks).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a planner would read it in the preview.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(x) => crate::error::num(*x),
            Cell::DateTime(t) => {
                if t.time() == NaiveTime::MIN {
                    t.format("%Y-%m-%d").to_string()
                } else {
                    t.format("%Y-%m-%d %H:%M:%S").to_string()
                }
            }
            Cell::Time(s) => format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60),
            Cell::Duration(s) => format!("{s}s"),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }
}

/// How an all-digit date with the year last (`1/2/2024`) is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// Year first (`2024/1/2`, `2024-01-02`): the only order Chinese exports use. Dates with
    /// the year last are then read month first.
    #[default]
    Ymd,
    /// Month, day, year (`1/2/2024` is 2 January; US Excel).
    Mdy,
    /// Day, month, year (`1/2/2024` is 1 February; European Excel).
    Dmy,
}

/// A time-like cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Moment {
    /// Date and time.
    DateTime(NaiveDateTime),
    /// A date alone.
    Date(NaiveDate),
    /// A time of day alone (seconds after midnight).
    Time(u32),
    /// An interval `09:00-09:30` (seconds after midnight; the end may be 86400), optionally
    /// with its date.
    Range {
        /// The date written before the range, if any.
        date: Option<NaiveDate>,
        /// Start (seconds after midnight).
        start: u32,
        /// End (seconds after midnight; `24:00` is 86400, a wrap past midnight is kept as is).
        end: u32,
    },
}

/// Excel serial date (days since 1899-12-30 in the 1900 system, with its phantom 29 Feb 1900)
/// to a local date-time, rounded to the second. `None` outside 1900..=9999.
pub fn excel_serial(serial: f64, is_1904: bool) -> Option<NaiveDateTime> {
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = if is_1904 { serial + 1462.0 } else { serial };
    // Serials below 60 are January/February 1900, before Excel's non-existent 29 Feb 1900.
    let days = if days < 60.0 { days + 1.0 } else { days };
    let secs = (days * 86400.0).round() as i64;
    NaiveDate::from_ymd_opt(1899, 12, 30)?
        .and_time(NaiveTime::MIN)
        .checked_add_signed(Duration::seconds(secs))
}

/// Read a time-like cell (see the module docs). Numbers are Excel serials (a whole day number
/// or a day with a fraction) or `YYYYMMDD`; a number below 1 is a time of day.
pub fn moment(cell: &Cell, order: DateOrder) -> Option<Moment> {
    match cell {
        Cell::DateTime(t) => Some(if t.time() == NaiveTime::MIN {
            Moment::Date(t.date())
        } else {
            Moment::DateTime(*t)
        }),
        Cell::Time(s) => Some(Moment::Time(*s)),
        Cell::Number(x) => number_moment(*x),
        Cell::Text(s) => text_moment(s, order),
        Cell::Empty | Cell::Duration(_) | Cell::Bool(_) => None,
    }
}

fn number_moment(x: f64) -> Option<Moment> {
    if !x.is_finite() || x < 0.0 {
        return None;
    }
    if x.fract() == 0.0 && (19_000_101.0..=21_001_231.0).contains(&x) {
        return ymd_digits(&format!("{}", x as u64)).map(Moment::Date);
    }
    if x < 1.0 {
        return Some(Moment::Time((x * 86400.0).round() as u32 % 86400));
    }
    // Serials of plausible history dates only (1950..2100): a bare count is not a date.
    if !(18_264.0..73_051.0).contains(&x) {
        return None;
    }
    let t = excel_serial(x, false)?;
    Some(if x.fract() == 0.0 {
        Moment::Date(t.date())
    } else {
        Moment::DateTime(t)
    })
}

fn ymd_digits(d: &str) -> Option<NaiveDate> {
    if d.len() != 8 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = d[..4].parse().ok()?;
    let m: u32 = d[4..6].parse().ok()?;
    let day: u32 = d[6..].parse().ok()?;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, day)
}

/// Read a text cell as a moment.
pub fn text_moment(s: &str, order: DateOrder) -> Option<Moment> {
    let s = normalise(s);
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some((date, rest)) = date_prefix(s, order) {
        let rest = rest.trim_start_matches(['T', ' ']).trim();
        if rest.is_empty() {
            return Some(Moment::Date(date));
        }
        if let Some((start, end)) = range(rest) {
            return Some(Moment::Range {
                date: Some(date),
                start,
                end,
            });
        }
        let (secs, tail) = time_prefix(rest)?;
        if !fraction_or_empty(tail) || secs >= 86400 {
            return None;
        }
        return Some(Moment::DateTime(
            date.and_time(NaiveTime::MIN) + Duration::seconds(i64::from(secs)),
        ));
    }
    if let Some((start, end)) = range(s) {
        return Some(Moment::Range {
            date: None,
            start,
            end,
        });
    }
    let (secs, tail) = time_prefix(s)?;
    (fraction_or_empty(tail) && secs < 86400).then_some(Moment::Time(secs))
}

/// Full-width digits and punctuation (common in Chinese exports) to ASCII.
fn normalise(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '：' => ':',
            '／' => '/',
            '－' | '–' | '—' | '～' | '~' | '至' | '到' => '-',
            '\u{3000}' | '\u{a0}' => ' ',
            _ => c,
        })
        .collect()
}

fn digits(s: &str) -> (&str, &str) {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    s.split_at(n)
}

/// A leading date and the rest of the text.
fn date_prefix(s: &str, order: DateOrder) -> Option<(NaiveDate, &str)> {
    let (a, rest) = digits(s);
    if a.len() == 8 && !rest.starts_with(['-', '/', '.']) {
        return ymd_digits(a).map(|d| (d, rest));
    }
    let sep = rest.chars().next()?;
    if !matches!(sep, '-' | '/' | '.' | '年') {
        return None;
    }
    let (b, rest2) = digits(&rest[sep.len_utf8()..]);
    let sep2 = rest2.chars().next()?;
    let ok2 = if sep == '年' {
        sep2 == '月'
    } else {
        sep2 == sep
    };
    if !ok2 || b.is_empty() || b.len() > 2 {
        return None;
    }
    let (c, mut tail) = digits(&rest2[sep2.len_utf8()..]);
    if sep == '年' {
        tail = tail.strip_prefix('日').unwrap_or(tail);
    }
    let (a_n, b_n, c_n) = (
        a.parse::<u32>().ok()?,
        b.parse::<u32>().ok()?,
        c.parse::<u32>().ok()?,
    );
    let date = if a.len() == 4 && (1..=2).contains(&c.len()) {
        NaiveDate::from_ymd_opt(a_n as i32, b_n, c_n)
    } else if c.len() == 4 && (1..=2).contains(&a.len()) && sep != '年' {
        match order {
            DateOrder::Dmy => NaiveDate::from_ymd_opt(c_n as i32, b_n, a_n),
            DateOrder::Mdy | DateOrder::Ymd => NaiveDate::from_ymd_opt(c_n as i32, a_n, b_n),
        }
    } else {
        None
    }?;
    // A date must end at a separator, not run into more digits.
    if tail.starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    Some((date, tail))
}

/// `H:MM[:SS]` with optional AM/PM or 上午/下午; returns seconds and the rest (the end of a
/// range may be 24:00).
fn time_prefix(s: &str) -> Option<(u32, &str)> {
    let mut s = s.trim_start();
    let mut half: Option<bool> = None; // Some(true) = afternoon
    for (p, pm) in [
        ("上午", false),
        ("下午", true),
        ("早上", false),
        ("晚上", true),
    ] {
        if let Some(r) = s.strip_prefix(p) {
            half = Some(pm);
            s = r.trim_start();
        }
    }
    let (h, rest) = digits(s);
    let rest = rest.strip_prefix(':')?;
    let (m, mut rest) = digits(rest);
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let mut sec = 0u32;
    if let Some(r) = rest.strip_prefix(':') {
        let (sd, r2) = digits(r);
        if sd.len() != 2 {
            return None;
        }
        sec = sd.parse().ok()?;
        rest = r2;
    }
    let (mut h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let after = rest.trim_start();
    let lower = after.get(..2).map(str::to_ascii_lowercase);
    let (suffix, tail) = match lower.as_deref() {
        Some("am") => (Some(false), &after[2..]),
        Some("pm") => (Some(true), &after[2..]),
        _ => match after {
            a if a.starts_with("上午") => (Some(false), &a["上午".len()..]),
            a if a.starts_with("下午") => (Some(true), &a["下午".len()..]),
            _ => (None, rest),
        },
    };
    if let Some(pm) = suffix.or(half) {
        if !(1..=12).contains(&h) {
            return None;
        }
        h = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    if m >= 60 || sec >= 60 || h > 24 || (h == 24 && (m > 0 || sec > 0)) {
        return None;
    }
    Some((h * 3600 + m * 60 + sec, tail))
}

fn fraction_or_empty(tail: &str) -> bool {
    let t = tail.trim();
    t.is_empty()
        || (t.starts_with('.') && t.len() > 1 && t[1..].bytes().all(|b| b.is_ascii_digit()))
}

/// `09:00-10:00`, `9:00 - 9:30`, `09:00~09:30`, `09:00至10:00` (already normalised to `-`).
fn range(s: &str) -> Option<(u32, u32)> {
    let (start, rest) = time_prefix(s)?;
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('-')?;
    let (end, tail) = time_prefix(rest)?;
    if !fraction_or_empty(tail) || start >= 86400 {
        return None;
    }
    Some((start, end))
}

/// A count or measure: `12`, `1,234`, `12.5`, `85.3%` (as 0.853), with an optional unit `s`/`秒`
/// (`None` for text that is not a number, NaN or infinite).
pub fn number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(x) => Some(*x).filter(|x| x.is_finite()),
        Cell::Duration(s) => Some(*s),
        Cell::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Cell::Text(s) => text_number(s),
        Cell::Empty | Cell::DateTime(_) | Cell::Time(_) => None,
    }
}

fn text_number(s: &str) -> Option<f64> {
    let s = normalise(s);
    let mut t = s.trim();
    let mut scale = 1.0;
    if let Some(r) = t.strip_suffix('%') {
        t = r.trim_end();
        scale = 0.01;
    } else {
        for unit in ["秒", "sec", "s"] {
            if let Some(r) = t.strip_suffix(unit) {
                t = r.trim_end();
                break;
            }
        }
    }
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.,eE".contains(&b))
    {
        return None;
    }
    let plain: String = if thousands(t) {
        t.chars().filter(|&c| c != ',').collect()
    } else {
        t.to_string()
    };
    plain
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .map(|x| x * scale)
}

/// `1,234` or `12,345,678.5`: commas every three digits before the point.
fn thousands(t: &str) -> bool {
    if !t.contains(',') {
        return false;
    }
    let int = t.split('.').next().unwrap_or("");
    let int = int.trim_start_matches(['+', '-']);
    let groups: Vec<&str> = int.split(',').collect();
    !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups[1..]
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// A duration in seconds: `35`, `35.5`, `00:00:35` (h:mm:ss), `0:35` (m:ss, as ACD reports
/// write waits), a cell formatted as a time or duration, or ISO 8601 `PT1M5S` (ODS).
pub fn seconds(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Time(s) => Some(f64::from(*s)),
        Cell::Duration(s) => Some(*s),
        Cell::Number(x) => Some(*x).filter(|x| x.is_finite() && *x >= 0.0),
        Cell::Text(s) => {
            let s = normalise(s);
            let t = s.trim();
            if let Some(x) = text_number(t) {
                return Some(x).filter(|x| *x >= 0.0);
            }
            if let Some(iso) = t.strip_prefix("PT") {
                return iso_duration(iso);
            }
            let parts: Vec<&str> = t.split(':').collect();
            if parts.len() < 2 || parts.len() > 3 {
                return None;
            }
            let mut total = 0.0;
            for (i, p) in parts.iter().enumerate() {
                let v: f64 = p
                    .parse()
                    .ok()
                    .filter(|v: &f64| v.is_finite() && *v >= 0.0)?;
                if i > 0 && v >= 60.0 {
                    return None;
                }
                total = total * 60.0 + v;
            }
            Some(total)
        }
        Cell::Empty | Cell::DateTime(_) | Cell::Bool(_) => None,
    }
}

fn iso_duration(s: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut num = String::new();
    for c in s.chars() {
        match c {
            '0'..='9' | '.' => num.push(c),
            'H' | 'M' | 'S' => {
                let v: f64 = num.parse().ok()?;
                total += v * match c {
                    'H' => 3600.0,
                    'M' => 60.0,
                    _ => 1.0,
                };
                num.clear();
            }
            _ => return None,
        }
    }
    num.is_empty().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        crate::time::parse_timestamp(s).unwrap()
    }
    fn m(s: &str) -> Option<Moment> {
        text_moment(s, DateOrder::Ymd)
    }

    #[test]
    fn planners_date_formats() {
        let nine = Some(Moment::DateTime(dt("2024-01-01T09:00")));
        for s in [
            "2024/1/1 9:00",
            "2024-01-01 09:00:00",
            "2024-01-01T09:00",
            "2024.01.01 09:00",
            "2024年1月1日 9:00",
            "1/1/2024 9:00 AM",
            "2024/1/1 上午9:00",
            "２０２４/1/1 9：00",
            "2024-01-01 09:00:00.000",
        ] {
            assert_eq!(m(s), nine, "{s}");
        }
        assert_eq!(
            m("1/2/2024 2:30 PM"),
            Some(Moment::DateTime(dt("2024-01-02T14:30")))
        );
        assert_eq!(
            text_moment("1/2/2024 14:30", DateOrder::Dmy),
            Some(Moment::DateTime(dt("2024-02-01T14:30")))
        );
        assert_eq!(m("20240101"), Some(Moment::Date(dt("2024-01-01").date())));
        assert_eq!(m("2024-02-30"), None);
        assert_eq!(m("13:00 PM"), None);
        assert_eq!(m("2024/1/1 25:00"), None);
        assert_eq!(m("12345"), None);
        assert_eq!(m("soon"), None);
    }

    #[test]
    fn times_and_ranges() {
        assert_eq!(m("9:30"), Some(Moment::Time(9 * 3600 + 1800)));
        assert_eq!(m("12:00 AM"), Some(Moment::Time(0)));
        assert_eq!(
            m("09:00-10:00"),
            Some(Moment::Range {
                date: None,
                start: 32400,
                end: 36000
            })
        );
        assert_eq!(
            m("9:00 ~ 9:30"),
            Some(Moment::Range {
                date: None,
                start: 32400,
                end: 34200
            })
        );
        assert_eq!(
            m("23:30-24:00"),
            Some(Moment::Range {
                date: None,
                start: 84600,
                end: 86400
            })
        );
        assert_eq!(
            m("2024-01-01 09:00-09:30"),
            Some(Moment::Range {
                date: dt("2024-01-01").date().into(),
                start: 32400,
                end: 34200
            })
        );
        assert_eq!(m("24:00"), None);
    }

    #[test]
    fn excel_serials_and_typed_cells() {
        // 45292 is 2024-01-01 in the 1900 system; 0.375 of a day is 09:00.
        assert_eq!(excel_serial(45292.375, false), Some(dt("2024-01-01T09:00")));
        assert_eq!(excel_serial(43830.375, true), Some(dt("2024-01-01T09:00")));
        assert_eq!(excel_serial(61.0, false), Some(dt("1900-03-01T00:00")));
        assert_eq!(excel_serial(1.0, false), Some(dt("1900-01-01T00:00")));
        assert_eq!(excel_serial(f64::NAN, false), None);
        let o = DateOrder::Ymd;
        assert_eq!(
            moment(&Cell::Number(45292.0), o),
            Some(Moment::Date(dt("2024-01-01").date()))
        );
        assert_eq!(moment(&Cell::Number(0.5), o), Some(Moment::Time(43200)));
        assert_eq!(
            moment(&Cell::Number(20240101.0), o),
            Some(Moment::Date(dt("2024-01-01").date()))
        );
        assert_eq!(moment(&Cell::Number(12.0), o), None);
    }

    #[test]
    fn numbers_and_durations() {
        let t = |s: &str| Cell::Text(s.into());
        assert_eq!(number(&t("1,234")), Some(1234.0));
        assert_eq!(number(&t("85.5%")), Some(0.855));
        assert_eq!(number(&t("35秒")), Some(35.0));
        assert_eq!(number(&t("1,23")), None);
        assert_eq!(number(&t("NaN")), None);
        assert_eq!(number(&t("inf")), None);
        assert_eq!(seconds(&t("00:01:05")), Some(65.0));
        assert_eq!(seconds(&t("1:05")), Some(65.0));
        assert_eq!(seconds(&t("PT1M5S")), Some(65.0));
        assert_eq!(seconds(&t("1:75")), None);
        assert_eq!(seconds(&t("-3")), None);
        assert_eq!(seconds(&Cell::Time(65)), Some(65.0));
    }
}
