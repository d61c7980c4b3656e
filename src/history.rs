//! Interval history: reading a `timestamp,volume[,aht_seconds]` CSV onto a regular grid.
//!
//! Planners export history from an ACD or ticket system; those exports are messy (BOMs, CRLF,
//! unsorted rows, repeated rows, missing intervals, 5- or 10-minute data). Reading degrades where
//! a planner would: unsorted rows are sorted, duplicates keep the first row, gaps become missing
//! intervals (`None`), and each of those is reported as a [`HistoryWarning`] with line numbers.
//! What cannot be repaired (a non-number, a negative volume, a timestamp off the grid) is an
//! [`Error::Csv`] naming the line, column and what was expected.

use crate::csv::Table;
use crate::error::{Error, Result};
use crate::limits::{MAX_HISTORY_BYTES, MAX_HISTORY_INTERVALS, MAX_HISTORY_ROWS};
use crate::time::{format_timestamp, parse_timestamp, Grid, Weekday, INPUT_INTERVALS};
use chrono::{Duration, NaiveDateTime};
use serde::Serialize;
use std::collections::HashMap;

/// A history on a regular grid. `volume[i]` is the number of contacts offered in interval `i` of
/// `grid`; `None` marks an interval with no row in the file (a gap).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    /// The grid from the first to the last row.
    pub grid: Grid,
    /// Offered contacts per interval; `None` where the file had no row.
    pub volume: Vec<Option<f64>>,
    /// Average handle time per interval in seconds, when the file has an `aht_seconds` column;
    /// `None` inside where the cell was empty or the interval is missing.
    pub aht_seconds: Option<Vec<Option<f64>>>,
    /// Data rows read (header and blank lines excluded).
    pub rows: usize,
    /// Repairs made while reading.
    pub warnings: Vec<HistoryWarning>,
}

/// Something the reader repaired rather than rejected.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HistoryWarning {
    /// A timestamp appeared twice; the row at `first_line` was kept.
    Duplicate {
        /// Line of the repeated row (dropped).
        line: usize,
        /// Line of the row kept.
        first_line: usize,
        /// The timestamp.
        timestamp: String,
    },
    /// Rows were not in time order (the first out-of-order line is given); they were sorted.
    Unsorted {
        /// First line whose timestamp is earlier than the line before it.
        line: usize,
    },
    /// Intervals with no row between `from` and `to` (inclusive starts).
    Gap {
        /// First missing interval.
        from: String,
        /// Last missing interval.
        to: String,
        /// How many intervals are missing.
        intervals: usize,
    },
    /// More gap ranges than are listed individually.
    MoreGaps {
        /// Gap ranges not listed.
        ranges: usize,
        /// Intervals in them.
        intervals: usize,
    },
    /// When aggregating, a coarse interval had only some of its fine intervals; it is missing.
    PartialInterval {
        /// Start of the coarse interval.
        timestamp: String,
    },
}

/// Gap ranges listed one by one before they are summarised in [`HistoryWarning::MoreGaps`].
const MAX_LISTED_GAPS: usize = 50;

/// One interval of a history as an importer read it (see `crate::import`): the line or row
/// it came from (for warnings and errors), its start, its volume and its AHT.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPoint {
    /// 1-based line (or sheet row) of the source.
    pub line: usize,
    /// Start of the interval (local time).
    pub t: NaiveDateTime,
    /// Contacts offered (finite, >= 0).
    pub volume: f64,
    /// Average handle time in seconds, if known.
    pub aht_seconds: Option<f64>,
}

struct Row {
    line: usize,
    t: NaiveDateTime,
    volume: f64,
    aht: Option<f64>,
}

/// The timestamps a history CSV accepts: ISO 8601 local times, and the same year-first dates
/// as Excel writes them in a Chinese locale (`2024/1/1 9:00`, `2024.01.01 09:00`).
fn history_timestamp(s: &str) -> Option<NaiveDateTime> {
    parse_timestamp(s).or_else(|| {
        let year_first = s.trim().bytes().take_while(u8::is_ascii_digit).count() == 4;
        match crate::import::cells::text_moment(s, crate::import::DateOrder::Ymd)? {
            crate::import::cells::Moment::DateTime(t) if year_first => Some(t),
            crate::import::cells::Moment::Date(d) if year_first => {
                Some(d.and_time(chrono::NaiveTime::MIN))
            }
            _ => None,
        }
    })
}

struct Columns {
    timestamp: usize,
    volume: usize,
    aht: Option<usize>,
    count: usize,
}

const HEADER: &str = "a header naming the columns timestamp,volume[,aht_seconds]";

fn csv_error(line: usize, column: &str, expected: &str, found: &str) -> Error {
    crate::csv::error("history", line, column, expected, found)
}

fn header_columns(t: &Table) -> Result<Columns> {
    Ok(Columns {
        timestamp: t.require(&["timestamp", "time", "datetime", "interval_start"], HEADER)?,
        volume: t.require(&["volume", "calls", "contacts", "offered"], HEADER)?,
        aht: t.column(&["aht_seconds", "aht"]),
        count: t.names.len(),
    })
}

impl History {
    /// Read a history CSV (`timestamp,volume[,aht_seconds]`, header required, any column order,
    /// `,` `;` or tab separated). The interval length is inferred as the most common spacing.
    pub fn from_csv(text: &str) -> Result<History> {
        if text.len() > MAX_HISTORY_BYTES {
            return Err(Error::TooLarge {
                path: "history".into(),
                limit: MAX_HISTORY_BYTES,
                found: text.len(),
            });
        }
        let table = Table::read(
            "history",
            text,
            "a header line timestamp,volume[,aht_seconds] and data rows",
        )?;
        let cols = header_columns(&table)?;

        let mut rows = Vec::new();
        for (line, c) in table.rows() {
            if rows.len() >= MAX_HISTORY_ROWS {
                return Err(Error::TooLarge {
                    path: "history rows".into(),
                    limit: MAX_HISTORY_ROWS,
                    found: rows.len() + 1,
                });
            }
            if c.len() < cols.count {
                return Err(csv_error(
                    line,
                    &format!("{}", c.len() + 1),
                    &format!("{} cells like the header", cols.count),
                    &c.join(","),
                ));
            }
            let ts = c[cols.timestamp];
            let t = history_timestamp(ts).ok_or_else(|| {
                csv_error(
                    line,
                    "timestamp",
                    "a local time like 2024-01-01T09:30 or 2024/1/1 9:30",
                    ts,
                )
            })?;
            let v = c[cols.volume];
            let volume: f64 = v
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite() && *x >= 0.0 && *x < 1e12)
                .ok_or_else(|| csv_error(line, "volume", "a number of contacts >= 0", v))?;
            let aht = match cols.aht.map(|i| c[i]) {
                None | Some("") => None,
                Some(a) => Some(
                    a.parse()
                        .ok()
                        .filter(|x: &f64| x.is_finite() && *x > 0.0 && *x < 1e7)
                        .ok_or_else(|| {
                            csv_error(line, "aht_seconds", "a handle time in seconds > 0", a)
                        })?,
                ),
            };
            rows.push(Row {
                line,
                t,
                volume,
                aht,
            });
        }
        History::from_rows(rows, cols.aht.is_some())
    }

    /// Read a history from raw bytes: like [`History::from_csv`], after detecting and decoding
    /// the text encoding (UTF-8 with or without BOM, UTF-16, GB18030/GBK; see
    /// [`crate::import::encoding`]). A byte that fits no encoding is an error naming its line.
    pub fn from_bytes(bytes: &[u8]) -> Result<History> {
        let (text, _) = crate::import::encoding::decode(bytes, None, "history")?;
        History::from_csv(&text)
    }

    /// A history from intervals an importer read (any order; duplicates, gaps and the grid are
    /// handled as for a CSV). `has_aht` says whether the source had an AHT column.
    pub fn from_points(points: Vec<HistoryPoint>, has_aht: bool) -> Result<History> {
        if points.len() > MAX_HISTORY_ROWS {
            return Err(Error::TooLarge {
                path: "history rows".into(),
                limit: MAX_HISTORY_ROWS,
                found: points.len(),
            });
        }
        let rows = points
            .into_iter()
            .map(|p| Row {
                line: p.line,
                t: p.t,
                volume: p.volume,
                aht: p.aht_seconds,
            })
            .collect();
        History::from_rows(rows, has_aht)
    }

    fn from_rows(mut rows: Vec<Row>, has_aht: bool) -> Result<History> {
        let mut warnings = Vec::new();
        if rows.len() < 2 {
            return Err(Error::Empty {
                path: "history".into(),
                expected: "at least two data rows to infer the interval length".into(),
            });
        }
        if let Some(w) = rows.windows(2).find(|w| w[1].t < w[0].t) {
            warnings.push(HistoryWarning::Unsorted { line: w[1].line });
            rows.sort_by_key(|r| (r.t, r.line));
        }
        let n_rows = rows.len();
        let mut kept: Vec<Row> = Vec::with_capacity(rows.len());
        for r in rows {
            match kept.last() {
                Some(prev) if prev.t == r.t => warnings.push(HistoryWarning::Duplicate {
                    line: r.line,
                    first_line: prev.line,
                    timestamp: format_timestamp(r.t),
                }),
                _ => kept.push(r),
            }
        }
        let rows = kept;
        if rows.len() < 2 {
            return Err(Error::Empty {
                path: "history".into(),
                expected: "at least two distinct timestamps to infer the interval length".into(),
            });
        }

        // The interval is the most common spacing; ties go to the shorter one.
        let mut spacing: HashMap<i64, usize> = HashMap::new();
        for w in rows.windows(2) {
            *spacing.entry((w[1].t - w[0].t).num_seconds()).or_default() += 1;
        }
        let (&step_s, _) = spacing
            .iter()
            .max_by_key(|(s, c)| (**c, -**s))
            .ok_or_else(|| Error::Empty {
                path: "history".into(),
                expected: "data rows".into(),
            })?;
        let minutes = u32::try_from(step_s / 60).unwrap_or(0);
        if step_s % 60 != 0 || !INPUT_INTERVALS.contains(&minutes) {
            return Err(csv_error(
                rows[1].line,
                "timestamp",
                "rows spaced by one of 5, 6, 10, 15, 20, 30 or 60 minutes",
                &format!("a most common spacing of {} s", step_s),
            ));
        }
        let first = rows[0].t;
        let grid_start = first;
        let span = (rows[rows.len() - 1].t - first).num_minutes();
        let len = (span / minutes as i64 + 1) as usize;
        if len > MAX_HISTORY_INTERVALS {
            return Err(Error::TooLarge {
                path: "history intervals".into(),
                limit: MAX_HISTORY_INTERVALS,
                found: len,
            });
        }
        let grid = Grid::new(grid_start, minutes, len)?;
        let mut volume = vec![None; len];
        let mut aht = has_aht.then(|| vec![None; len]);
        for r in &rows {
            let i = grid.index_of(r.t).ok_or_else(|| {
                csv_error(
                    r.line,
                    "timestamp",
                    &format!(
                        "a time on the {minutes}-minute grid of the other rows (mixed interval lengths?)"
                    ),
                    &format_timestamp(r.t),
                )
            })?;
            volume[i] = Some(r.volume);
            if let Some(a) = aht.as_mut() {
                a[i] = r.aht;
            }
        }
        warnings.extend(gap_warnings(&grid, &volume));
        Ok(History {
            grid,
            volume,
            aht_seconds: aht,
            rows: n_rows,
            warnings,
        })
    }

    /// Treat intervals with no row *before a day's first and after its last reported interval*
    /// as closed (volume 0): interval reports list only the opening hours. Intervals missing
    /// inside a day's reported span, and days with no row at all, stay missing. Returns how
    /// many intervals were closed; the gap warnings are recomputed.
    pub fn close_unreported_hours(&mut self) -> usize {
        let per_day = self.grid.per_day();
        let lead = self.grid.slot_of_day(0);
        let mut closed = 0;
        let n = self.volume.len();
        let mut day_start = 0usize;
        while day_start < n {
            let day_len = if day_start == 0 {
                per_day - lead
            } else {
                per_day
            };
            let end = (day_start + day_len).min(n);
            let known: Vec<usize> = (day_start..end)
                .filter(|&i| self.volume[i].is_some())
                .collect();
            if let (Some(&first), Some(&last)) = (known.first(), known.last()) {
                for i in (day_start..first).chain(last + 1..end) {
                    self.volume[i] = Some(0.0);
                    closed += 1;
                }
            }
            day_start = end;
        }
        if closed > 0 {
            self.warnings.retain(|w| {
                !matches!(
                    w,
                    HistoryWarning::Gap { .. } | HistoryWarning::MoreGaps { .. }
                )
            });
            self.warnings.extend(gap_warnings(&self.grid, &self.volume));
        }
        closed
    }

    /// Total of the known volumes.
    pub fn total_volume(&self) -> f64 {
        self.volume.iter().flatten().sum()
    }

    /// Number of intervals with no data.
    pub fn missing(&self) -> usize {
        self.volume.iter().filter(|v| v.is_none()).count()
    }

    /// Sum fine intervals into coarser ones of `target_minutes` (a multiple of the current
    /// interval that divides a day), aligned to midnight. A coarse interval that lacks some of
    /// its fine intervals is missing (and reported) rather than undercounted. AHT is averaged
    /// weighted by volume.
    pub fn aggregate(&self, target_minutes: u32) -> Result<History> {
        let m = self.grid.interval_minutes;
        if target_minutes == m {
            return Ok(self.clone());
        }
        if target_minutes < m || target_minutes % m != 0 || 1440 % target_minutes != 0 {
            return Err(Error::invalid(
                "interval_minutes",
                format!("a multiple of the history's {m}-minute interval that divides a day"),
                target_minutes,
            ));
        }
        let k = (target_minutes / m) as usize;
        // Align the coarse grid to midnight: floor the start to a multiple of the target.
        let start_min = crate::time::minute_of_day(self.grid.start);
        let lead = ((start_min % target_minutes) / m) as usize;
        let start = self.grid.start - Duration::minutes((lead as u32 * m) as i64);
        let len = (lead + self.grid.len).div_ceil(k);
        let grid = Grid::new(start, target_minutes, len)?;
        let mut volume = vec![None; len];
        let mut aht = self.aht_seconds.as_ref().map(|_| vec![None; len]);
        let mut warnings: Vec<HistoryWarning> = self
            .warnings
            .iter()
            .filter(|w| {
                !matches!(
                    w,
                    HistoryWarning::Gap { .. } | HistoryWarning::MoreGaps { .. }
                )
            })
            .cloned()
            .collect();
        for (j, slot) in volume.iter_mut().enumerate() {
            let fine: Vec<Option<usize>> = (0..k)
                .map(|q| (j * k + q).checked_sub(lead).filter(|&i| i < self.grid.len))
                .collect();
            let vals: Vec<Option<f64>> = fine
                .iter()
                .map(|i| i.and_then(|i| self.volume[i]))
                .collect();
            let known = vals.iter().flatten().count();
            if known == k {
                let total: f64 = vals.iter().flatten().sum();
                *slot = Some(total);
                if let (Some(out), Some(src)) = (aht.as_mut(), self.aht_seconds.as_ref()) {
                    let (mut w, mut s) = (0.0, 0.0);
                    for i in fine.iter().flatten() {
                        if let (Some(v), Some(a)) = (self.volume[*i], src[*i]) {
                            w += v;
                            s += v * a;
                        }
                    }
                    out[j] = (w > 0.0).then(|| s / w);
                }
            } else if known > 0 {
                warnings.push(HistoryWarning::PartialInterval {
                    timestamp: format_timestamp(grid.time(j)),
                });
            }
        }
        warnings.extend(gap_warnings(&grid, &volume));
        Ok(History {
            grid,
            volume,
            aht_seconds: aht,
            rows: self.rows,
            warnings,
        })
    }

    /// A summary for `paiban history` and the page's import panel.
    pub fn summary(&self) -> HistorySummary {
        let g = &self.grid;
        let per_day = g.per_day();
        // Share of days with volume > 0 in each weekday x slot.
        let mut seen = vec![[0u32; 2]; 7 * per_day];
        for (i, v) in self.volume.iter().enumerate() {
            if let Some(v) = v {
                let cell = &mut seen[g.weekday(i).index() * per_day + g.slot_of_day(i)];
                cell[0] += 1;
                if *v > 0.0 {
                    cell[1] += 1;
                }
            }
        }
        let opening_hours = Weekday::ALL
            .iter()
            .map(|&d| {
                let open: Vec<usize> = (0..per_day)
                    .filter(|&s| {
                        let [n, pos] = seen[d.index() * per_day + s];
                        n > 0 && pos * 2 > n
                    })
                    .collect();
                let hours = match (open.first(), open.last()) {
                    (Some(&a), Some(&b)) => Some(OpenSpan {
                        open: slot_label(a, g.interval_minutes),
                        close: slot_label(b + 1, g.interval_minutes),
                        open_intervals: open.len(),
                    }),
                    _ => None,
                };
                WeekdayHours { day: d, hours }
            })
            .collect();
        let duplicates = self
            .warnings
            .iter()
            .filter(|w| matches!(w, HistoryWarning::Duplicate { .. }))
            .count();
        let gap_ranges = self
            .warnings
            .iter()
            .map(|w| match w {
                HistoryWarning::Gap { .. } => 1,
                HistoryWarning::MoreGaps { ranges, .. } => *ranges,
                _ => 0,
            })
            .sum();
        HistorySummary {
            rows: self.rows,
            interval_minutes: g.interval_minutes,
            first: format_timestamp(g.start),
            last: format_timestamp(g.time(g.len.saturating_sub(1))),
            intervals: g.len,
            days: g.len.div_ceil(per_day),
            missing_intervals: self.missing(),
            gap_ranges,
            duplicates,
            total_volume: self.total_volume(),
            has_aht: self.aht_seconds.is_some(),
            opening_hours,
            warnings: self.warnings.clone(),
        }
    }
}

fn slot_label(slot: usize, minutes: u32) -> String {
    let m = slot as u32 * minutes;
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn gap_warnings(grid: &Grid, volume: &[Option<f64>]) -> Vec<HistoryWarning> {
    let mut out = Vec::new();
    let (mut more_ranges, mut more_intervals) = (0, 0);
    let mut i = 0;
    while i < volume.len() {
        if volume[i].is_some() {
            i += 1;
            continue;
        }
        let from = i;
        while i < volume.len() && volume[i].is_none() {
            i += 1;
        }
        if out.len() < MAX_LISTED_GAPS {
            out.push(HistoryWarning::Gap {
                from: format_timestamp(grid.time(from)),
                to: format_timestamp(grid.time(i - 1)),
                intervals: i - from,
            });
        } else {
            more_ranges += 1;
            more_intervals += i - from;
        }
    }
    if more_ranges > 0 {
        out.push(HistoryWarning::MoreGaps {
            ranges: more_ranges,
            intervals: more_intervals,
        });
    }
    out
}

/// What `paiban history` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistorySummary {
    /// Data rows read.
    pub rows: usize,
    /// Inferred interval length.
    pub interval_minutes: u32,
    /// First interval.
    pub first: String,
    /// Last interval.
    pub last: String,
    /// Intervals on the grid from first to last.
    pub intervals: usize,
    /// Calendar days touched.
    pub days: usize,
    /// Intervals without a row.
    pub missing_intervals: usize,
    /// Number of separate gaps.
    pub gap_ranges: usize,
    /// Duplicate rows dropped.
    pub duplicates: usize,
    /// Sum of volumes.
    pub total_volume: f64,
    /// Whether an `aht_seconds` column was present.
    pub has_aht: bool,
    /// Opening hours per weekday: the span of intervals that have contacts on most days.
    pub opening_hours: Vec<WeekdayHours>,
    /// Repairs made while reading.
    pub warnings: Vec<HistoryWarning>,
}

/// Opening hours seen on one weekday.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekdayHours {
    /// The weekday.
    pub day: Weekday,
    /// `None` when the centre looks closed that day.
    pub hours: Option<OpenSpan>,
}

/// First and last busy interval of a weekday.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenSpan {
    /// Start of the first busy interval.
    pub open: String,
    /// End of the last busy interval.
    pub close: String,
    /// Busy intervals between them.
    pub open_intervals: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_clean_file_and_infers_the_interval() {
        let h = History::from_csv(
            "timestamp,volume,aht_seconds\n2024-01-01T09:00,10,200\n2024-01-01T09:15,20,\n2024-01-01T09:30,30,100\n",
        )
        .unwrap();
        assert_eq!(h.grid.interval_minutes, 15);
        assert_eq!(h.volume, vec![Some(10.0), Some(20.0), Some(30.0)]);
        assert_eq!(h.aht_seconds, Some(vec![Some(200.0), None, Some(100.0)]));
        assert!(h.warnings.is_empty());
    }

    #[test]
    fn tolerates_bom_crlf_semicolons_and_column_order() {
        let h = History::from_csv(
            "\u{feff}volume;timestamp\r\n5;2024-01-01 10:00\r\n6;2024-01-01 11:00\r\n",
        )
        .unwrap();
        assert_eq!(h.grid.interval_minutes, 60);
        assert_eq!(h.total_volume(), 11.0);
    }

    #[test]
    fn bad_cells_name_line_and_column() {
        let e = History::from_csv("timestamp,volume\n2024-01-01T09:00,1\n2024-01-01T09:30,-4\n")
            .unwrap_err();
        assert_eq!(e.path(), "history:3:volume");
        let e = History::from_csv("timestamp,volume\n2024-01-01T09:00,1\nsoon,4\n").unwrap_err();
        assert_eq!(e.path(), "history:3:timestamp");
        let e = History::from_csv("timestamp,volume\n2024-01-01T09:00,NaN\n").unwrap_err();
        assert_eq!(e.line(), Some(2));
        let e = History::from_csv("time,count\n").unwrap_err();
        assert_eq!(e.line(), Some(1));
        assert_eq!(History::from_csv("").unwrap_err().kind(), "empty");
        assert_eq!(
            History::from_csv("timestamp,volume\n").unwrap_err().kind(),
            "empty"
        );
    }

    #[test]
    fn repairs_unsorted_duplicates_and_gaps_with_warnings() {
        let h = History::from_csv(
            "timestamp,volume\n2024-01-01T10:00,3\n2024-01-01T09:00,1\n2024-01-01T09:30,2\n2024-01-01T09:30,9\n2024-01-01T11:30,5\n",
        )
        .unwrap();
        assert_eq!(h.grid.interval_minutes, 30);
        assert_eq!(
            h.volume,
            vec![Some(1.0), Some(2.0), Some(3.0), None, None, Some(5.0)]
        );
        assert!(h.warnings.contains(&HistoryWarning::Unsorted { line: 3 }));
        assert!(h.warnings.contains(&HistoryWarning::Duplicate {
            line: 5,
            first_line: 4,
            timestamp: "2024-01-01T09:30".into()
        }));
        assert!(h.warnings.contains(&HistoryWarning::Gap {
            from: "2024-01-01T10:30".into(),
            to: "2024-01-01T11:00".into(),
            intervals: 2
        }));
    }

    #[test]
    fn a_row_off_the_grid_is_an_error_on_its_line() {
        let e = History::from_csv(
            "timestamp,volume\n2024-01-01T09:00,1\n2024-01-01T09:30,1\n2024-01-01T10:00,1\n2024-01-01T10:10,1\n2024-01-01T10:30,1\n",
        )
        .unwrap_err();
        assert_eq!(e.line(), Some(5), "{e}");
    }

    #[test]
    fn aggregates_fine_data_to_the_planning_interval() {
        let mut csv = String::from("timestamp,volume,aht_seconds\n");
        // 09:10 .. 10:50 in 10-minute steps; 09:10 and 09:20 make a partial 09:00 half-hour.
        for i in 0..11 {
            let m = 9 * 60 + 10 + i * 10;
            csv += &format!(
                "2024-01-01T{:02}:{:02},{},{}\n",
                m / 60,
                m % 60,
                i + 1,
                100 + i * 10
            );
        }
        let h = History::from_csv(&csv).unwrap();
        assert_eq!(h.grid.interval_minutes, 10);
        let a = h.aggregate(30).unwrap();
        assert_eq!(format_timestamp(a.grid.start), "2024-01-01T09:00");
        assert_eq!(
            a.volume,
            vec![
                None,
                Some(3.0 + 4.0 + 5.0),
                Some(6.0 + 7.0 + 8.0),
                Some(9.0 + 10.0 + 11.0)
            ]
        );
        let aht = a.aht_seconds.as_ref().unwrap()[1].unwrap();
        let want = (3.0 * 120.0 + 4.0 * 130.0 + 5.0 * 140.0) / 12.0;
        assert!((aht - want).abs() < 1e-9);
        assert!(a
            .warnings
            .iter()
            .any(|w| matches!(w, HistoryWarning::PartialInterval { .. })));
        assert!(h.aggregate(25).is_err());
        assert!(h.aggregate(5).is_err());
    }

    #[test]
    fn summary_learns_opening_hours() {
        let mut csv = String::from("timestamp,volume\n");
        // Two weeks hourly; open 08:00-18:00 Mon-Fri, closed at the weekend.
        for day in 0..14 {
            for h in 0..24 {
                let date =
                    chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(day);
                let open = day % 7 < 5 && (8..18).contains(&h);
                csv += &format!("{}T{:02}:00,{}\n", date, h, if open { 10 } else { 0 });
            }
        }
        let s = History::from_csv(&csv).unwrap().summary();
        assert_eq!(s.rows, 336);
        assert_eq!(s.days, 14);
        let mon = s.opening_hours[0].hours.as_ref().unwrap();
        assert_eq!((mon.open.as_str(), mon.close.as_str()), ("08:00", "18:00"));
        assert!(s.opening_hours[5].hours.is_none());
    }
}
