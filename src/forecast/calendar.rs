//! The operating calendar learned from the history, and the day-by-day layout every method reads.
//!
//! Contact centres differ in when they are open (a weekday-only 07:00–21:00 bank, a 24/7 hotline,
//! a short Friday, a closed Saturday), and their exports differ in whether closed hours appear as
//! rows of zeros or not at all. Both are read the same way here: a weekday x slot is *open* when
//! the recent same weekdays mostly had contacts there (the rule `paiban history` uses for opening
//! hours: more than half of the observations positive), on average at least one contact, or at
//! least 5% of the week's busiest interval (small queues at 15 minutes).
//! Closed slots count as zero whether or not they had a row.
//!
//! Days that would mislead a fit are kept out of it: days with a missing open interval, days
//! covered by a user event, and holidays or surges detected as days whose total is far from the
//! median of the same weekday in the surrounding weeks (a robust z-score on the log ratio, with
//! the spread learned from all days of the history; Hampel's outlier rule).

use crate::error::{Error, Result};
use crate::history::History;
use crate::math::{exp, ln};
use crate::time::{minute_of_day, Weekday};
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// Weeks of history that decide whether a weekday x slot is open.
const OPEN_WEEKS: usize = 8;
/// An interval whose mean is at least this share of the week's busiest interval is open.
const RELATIVE_OPEN: f64 = 0.05;
/// Same-weekday neighbours on each side that form a day's norm for holiday detection.
const NORM_WEEKS: usize = 5;

/// Why a day of the history was kept out of the fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayFlag {
    /// Some open interval of the day has no data.
    Missing,
    /// The day's total is far below its weekday norm (a holiday or an outage).
    Low,
    /// The day's total is far above its weekday norm (a surge).
    High,
    /// A user event covers the day.
    Event,
}

/// The history laid out by whole days (midnight to midnight), cleaned for fitting.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// Intervals per day.
    pub per_day: usize,
    /// Date of day 0.
    pub first_date: NaiveDate,
    /// Weekday index (0 = Monday) of day 0.
    pub first_weekday: usize,
    /// Days laid out (the last may be partial).
    pub ndays: usize,
    /// Volume per day x slot; 0 where closed or unknown.
    pub y: Vec<f64>,
    /// Whether the value at a position was observed (or is a closed slot).
    pub known: Vec<bool>,
    /// Days usable for fitting.
    pub usable: Vec<bool>,
    /// Daily totals (of `y`).
    pub total: Vec<f64>,
    /// Open flag per weekday x slot (`w * per_day + s`).
    pub open: Vec<bool>,
    /// Days kept out of the fit and why.
    pub flags: Vec<(usize, DayFlag)>,
    /// For holidays and surges: the day's total over its weekday norm.
    pub abnormal_ratio: Vec<(usize, f64)>,
    /// Position in `y` of history interval 0.
    pub offset: usize,
    /// Complete days: days before the one holding the first interval after the history.
    pub full_days: usize,
}

impl Prepared {
    /// Weekday index of day `d`.
    pub fn weekday(&self, d: usize) -> usize {
        (self.first_weekday + d) % 7
    }

    /// Values of day `d`.
    pub fn day(&self, d: usize) -> &[f64] {
        let p = self.per_day;
        self.y.get(d * p..(d + 1) * p).unwrap_or(&[])
    }

    /// Open flags of weekday `w`.
    pub fn open_of(&self, w: usize) -> &[bool] {
        let p = self.per_day;
        self.open.get(w * p..(w + 1) * p).unwrap_or(&[])
    }

    /// Date of day `d`.
    pub fn date(&self, d: usize) -> NaiveDate {
        self.first_date + Duration::days(d as i64)
    }

    /// Up to `k` most recent usable days of weekday `w` before day `end`, newest first.
    pub fn recent_same_weekday(&self, end: usize, w: usize, k: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(k);
        let mut d = end;
        // Step back to the latest day < end with weekday w.
        while d > 0 && out.len() < k {
            d -= 1;
            if self.weekday(d) == w {
                if self.usable.get(d).copied().unwrap_or(false) {
                    out.push(d);
                }
                // Jump a week at a time from here on.
                while d >= 7 && out.len() < k {
                    d -= 7;
                    if self.usable.get(d).copied().unwrap_or(false) {
                        out.push(d);
                    }
                }
                break;
            }
        }
        out
    }

    /// A fixed-date holiday learned from earlier years: when the same month and day was a
    /// holiday (or surge) in every earlier year the history covers, the median of those days'
    /// ratios to their weekday norms (New Year's Day, Christmas, National Day recur on their
    /// date; a moving holiday would need to fall on the same date every year to be picked up).
    pub fn recurring_ratio(&self, date: NaiveDate) -> Option<f64> {
        let mut ratios = Vec::new();
        let mut y = date.year() - 1;
        loop {
            let Some(past) = date.with_year(y) else {
                y -= 1;
                if y < self.first_date.year() {
                    break;
                }
                continue;
            };
            if past < self.first_date {
                break;
            }
            let d = (past - self.first_date).num_days() as usize;
            if d >= self.full_days {
                return None;
            }
            match self.abnormal_ratio.iter().find(|(x, _)| *x == d) {
                Some((_, r)) => ratios.push(*r),
                None => return None,
            }
            y -= 1;
        }
        let all_low = ratios.iter().all(|r| *r < 1.0);
        let all_high = ratios.iter().all(|r| *r > 1.0);
        (!ratios.is_empty() && (all_low || all_high)).then(|| median(&ratios))
    }

    /// Number of usable days before `end`.
    pub fn usable_before(&self, end: usize) -> usize {
        self.usable.iter().take(end).filter(|u| **u).count()
    }
}

/// Lay out `history` by days, learn the open calendar and flag days to keep out of the fit.
/// `event_intervals[i]` marks history interval `i` as covered by an event.
pub(crate) fn prepare(history: &History, event_intervals: &[bool]) -> Result<Prepared> {
    let g = &history.grid;
    let per_day = g.per_day();
    let offset = (minute_of_day(g.start) / g.interval_minutes) as usize;
    let ndays = (offset + g.len).div_ceil(per_day);
    if g.len == 0 || ndays == 0 {
        return Err(Error::Empty {
            path: "history".into(),
            expected: "at least one interval of history".into(),
        });
    }
    let first_date = g.start.date();
    let first_weekday = Weekday::of(first_date).index();
    let n = ndays * per_day;
    let mut raw: Vec<Option<f64>> = vec![None; n];
    for (i, v) in history.volume.iter().enumerate() {
        if let Some(slot) = raw.get_mut(offset + i) {
            *slot = *v;
        }
    }
    // Open calendar from the last OPEN_WEEKS observed occurrences of each weekday.
    let mut open = vec![false; 7 * per_day];
    let mut cells = vec![(0usize, 0usize, 0.0f64); 7 * per_day];
    for w in 0..7 {
        let mut seen = vec![(0usize, 0usize, 0.0f64); per_day];
        let mut weeks = 0;
        for d in (0..ndays).rev().filter(|d| (first_weekday + d) % 7 == w) {
            let day = &raw[d * per_day..(d + 1) * per_day];
            if day.iter().all(|v| v.is_none()) {
                continue;
            }
            for (s, v) in day.iter().enumerate() {
                if let Some(v) = v {
                    seen[s].0 += 1;
                    seen[s].1 += usize::from(*v > 0.0);
                    seen[s].2 += v;
                }
            }
            weeks += 1;
            if weeks >= OPEN_WEEKS {
                break;
            }
        }
        cells[w * per_day..(w + 1) * per_day].copy_from_slice(&seen);
    }
    // Open: contacts in most weeks, or on average at least one contact, or a volume that
    // matters next to the busiest interval of the week (a small queue at 15 minutes can have
    // mostly empty intervals while clearly open; stray contacts on a closed day cannot).
    let peak = cells
        .iter()
        .filter(|c| c.0 > 0)
        .map(|c| c.2 / c.0 as f64)
        .fold(0.0, f64::max);
    for (o, &(obs, pos, sum)) in open.iter_mut().zip(&cells) {
        let mean = if obs > 0 { sum / obs as f64 } else { 0.0 };
        *o = obs > 0 && (pos * 2 > obs || mean >= 1.0 || mean >= RELATIVE_OPEN * peak);
    }
    let mut y = vec![0.0; n];
    let mut known = vec![false; n];
    let mut complete = vec![true; ndays];
    for (d, done) in complete.iter_mut().enumerate() {
        let w = (first_weekday + d) % 7;
        for s in 0..per_day {
            let i = d * per_day + s;
            match raw[i] {
                Some(v) => {
                    y[i] = v;
                    known[i] = true;
                }
                None if !open[w * per_day + s] => known[i] = true,
                None => *done = false,
            }
        }
    }
    let total: Vec<f64> = (0..ndays)
        .map(|d| y[d * per_day..(d + 1) * per_day].iter().sum())
        .collect();
    let last_index = offset + g.len - 1;
    // The last day is complete when nothing after the last row is open: an export without
    // closed hours ends at closing time (Friday 17:00), and that Friday is a whole day.
    let last_w = (first_weekday + ndays - 1) % 7;
    let trailing_closed =
        (last_index + 1..ndays * per_day).all(|i| !open[last_w * per_day + i % per_day]);
    let full_days = if trailing_closed { ndays } else { ndays - 1 };
    let mut flags: Vec<(usize, DayFlag)> = (0..full_days)
        .filter(|&d| !complete[d])
        .map(|d| (d, DayFlag::Missing))
        .collect();
    let mut usable = complete.clone();
    let mut abnormal_ratio = Vec::new();
    for (i, e) in event_intervals.iter().enumerate() {
        let d = (offset + i) / per_day;
        if *e && d < ndays && usable[d] {
            usable[d] = false;
            flags.push((d, DayFlag::Event));
        }
    }
    usable.iter_mut().skip(full_days).for_each(|u| *u = false);
    // Holidays first (they would distort the norms of their neighbours), then both kinds
    // against norms without them.
    for pass in 0..2 {
        for (d, f, r) in detect_abnormal(&total, &usable) {
            if pass == 1 || f == DayFlag::Low {
                usable[d] = false;
                flags.push((d, f));
                abnormal_ratio.push((d, r));
            }
        }
    }
    flags.sort_by_key(|(d, _)| *d);
    Ok(Prepared {
        per_day,
        first_date,
        first_weekday,
        ndays,
        y,
        known,
        usable,
        total,
        open,
        flags,
        abnormal_ratio,
        offset,
        full_days,
    })
}

/// Median of a slice (0 when empty); sorts a copy.
pub(crate) fn median(xs: &[f64]) -> f64 {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return 0.0;
    }
    // Quickselect (O(n)) rather than a full sort: medians of pairwise slopes are large.
    let (n, m) = (v.len(), v.len() / 2);
    let (below, mid, _) = v.select_nth_unstable_by(m, |a, b| a.total_cmp(b));
    let upper = *mid;
    if n % 2 == 1 {
        upper
    } else {
        let lower = below.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        0.5 * (lower + upper)
    }
}

/// Days whose total is far from the median of the same weekday in the surrounding weeks.
/// The threshold is a robust z-score of 4 on log ratios, with the spread (MAD) learned from all
/// days; ratios within ±30% are never flagged, so a quiet history does not flag ordinary days.
fn detect_abnormal(total: &[f64], usable: &[bool]) -> Vec<(usize, DayFlag, f64)> {
    let n = total.len();
    let mut lr: Vec<(usize, f64)> = Vec::new();
    for d in 0..n {
        if !usable[d] {
            continue;
        }
        let mut neigh = Vec::with_capacity(2 * NORM_WEEKS);
        for k in 1..=NORM_WEEKS {
            if let Some(b) = d.checked_sub(7 * k) {
                if usable[b] {
                    neigh.push(total[b]);
                }
            }
            let a = d + 7 * k;
            if a < n && usable[a] {
                neigh.push(total[a]);
            }
        }
        if neigh.len() < 2 {
            continue;
        }
        let norm = median(&neigh);
        // A weekday that is (nearly) closed has no meaningful ratio.
        if norm < 1.0 {
            continue;
        }
        lr.push((d, ln((total[d] + 0.5) / (norm + 0.5))));
    }
    let vals: Vec<f64> = lr.iter().map(|x| x.1).collect();
    let med = median(&vals);
    let dev: Vec<f64> = vals.iter().map(|v| (v - med).abs()).collect();
    let sigma = 1.4826 * median(&dev);
    let band = (4.0 * sigma).max(0.3_f64);
    lr.into_iter()
        .filter_map(|(d, v)| {
            if v < med - band {
                Some((d, DayFlag::Low, exp(v)))
            } else if v > med + band {
                Some((d, DayFlag::High, exp(v)))
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{parse_timestamp, Grid};

    /// Weekday-only centre 08:00-18:00 exported without weekend/night rows, one holiday.
    fn weekday_only() -> History {
        let start = parse_timestamp("2024-01-01T00:00").unwrap();
        let grid = Grid::new(start, 60, 24 * 42).unwrap();
        let volume = (0..grid.len)
            .map(|i| {
                let wd = grid.weekday(i);
                let h = grid.slot_of_day(i);
                let day = i / 24;
                if wd.is_weekend() || !(8..18).contains(&h) {
                    None
                } else if day == 17 {
                    Some(1.0)
                } else {
                    Some(20.0 + (h % 3) as f64)
                }
            })
            .collect();
        History {
            grid,
            volume,
            aht_seconds: None,
            rows: 0,
            warnings: vec![],
        }
    }

    #[test]
    fn learns_opening_hours_and_flags_holidays() {
        let h = weekday_only();
        let p = prepare(&h, &vec![false; h.grid.len]).unwrap();
        assert_eq!(p.full_days, 42);
        assert!(p.open_of(0)[8] && p.open_of(0)[17] && !p.open_of(0)[18] && !p.open_of(0)[7]);
        assert!(p.open_of(5).iter().all(|o| !o));
        assert_eq!(p.flags, vec![(17, DayFlag::Low)]);
        // Closed days are complete (zeros) and usable.
        assert!(p.usable[5] && p.total[5] == 0.0);
        assert_eq!(p.recent_same_weekday(42, 3, 3), vec![38, 31, 24]);
        assert_eq!(p.recent_same_weekday(20, 3, 5), vec![10, 3]);
    }

    #[test]
    fn a_small_queue_is_open_though_most_intervals_are_empty() {
        // 0.3 contacts per 15 minutes 09:00-17:00 on weekdays: one interval in four has one.
        let start = parse_timestamp("2024-01-01T00:00").unwrap();
        let grid = Grid::new(start, 15, 96 * 28).unwrap();
        let volume = (0..grid.len)
            .map(|i| {
                let s = grid.slot_of_day(i);
                let open = !grid.weekday(i).is_weekend() && (36..68).contains(&s);
                // Deterministic thinning: a contact every 4th weekday-slot, shifted per day.
                Some(if open && (i / 96 + s) % 4 == 0 {
                    1.0
                } else {
                    0.0
                })
            })
            .collect();
        let h = History {
            grid,
            volume,
            aht_seconds: None,
            rows: 0,
            warnings: vec![],
        };
        let p = prepare(&h, &vec![false; h.grid.len]).unwrap();
        assert!(p.open_of(2)[40] && !p.open_of(2)[20] && !p.open_of(6)[40]);
    }

    #[test]
    fn median_handles_even_odd_and_empty() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
    }
}
