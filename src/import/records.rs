//! A table read through a mapping: one history per queue, and what the file tells about the
//! service the centre gave (interval reports and per-contact exports alike).

use super::cells::{self, Cell, Moment};
use super::contacts::{self, Contact, Patience};
use super::mapping::{Mapping, RecordKind};
use super::observed::{self, Comparison, Observed};
use super::{read_table, Header, ReadOptions, SourceInfo, Table};
use crate::error::{Error, Result};
use crate::history::{History, HistoryPoint, HistorySummary};
use crate::time::{format_timestamp, INPUT_INTERVALS};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

/// Everything an import produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Import {
    /// How the file was read (format, encoding, sheet).
    pub source: SourceInfo,
    /// The mapping used.
    pub mapping: Mapping,
    /// 1-based header row.
    pub header_row: usize,
    /// Data rows read (records used).
    pub rows: usize,
    /// Rows skipped as totals (`合计`, `Total`) or blank in every mapped column.
    pub skipped_rows: Vec<usize>,
    /// One entry per queue, in the order the file first names them.
    pub queues: Vec<QueueImport>,
}

/// One queue of an import.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueImport {
    /// The queue's name in the file ("" when the file has no queue column).
    pub queue: String,
    /// Records of this queue (interval rows or contacts).
    pub rows: usize,
    /// The history as the engine's own CSV (`timestamp,volume[,aht_seconds]` and the observed
    /// columns), readable by [`History::from_csv`] and every front end.
    pub csv: String,
    /// The history's summary (interval, range, gaps, opening hours).
    pub summary: HistorySummary,
    /// The history itself.
    #[serde(skip)]
    pub history: History,
    /// Observed service per interval, when the file has outcomes.
    pub observed: Option<Observed>,
    /// The queue's patience, estimated from per-contact waits and abandonments.
    pub patience: Option<Patience>,
    /// Observed vs modelled per interval with a calibration factor, when the file has
    /// outcomes, staffing and a service-level threshold.
    pub comparison: Option<Comparison>,
}

/// Read `bytes` and import them through `mapping` (columns absent from it are not used).
pub fn import(bytes: &[u8], opts: &ReadOptions, mapping: &Mapping) -> Result<Import> {
    let table = read_table(bytes, opts)?;
    import_table(&table, opts.header_row, mapping)
}

/// A column resolved to its position.
fn column(
    header: &Header,
    table: &Table,
    field: &str,
    reference: &Option<String>,
) -> Result<Option<usize>> {
    let Some(r) = reference
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    else {
        return Ok(None);
    };
    if let Some(i) = header.names.iter().position(|n| n == r) {
        return Ok(Some(i));
    }
    if let Some(i) = header
        .names
        .iter()
        .position(|n| n.trim().eq_ignore_ascii_case(r))
    {
        return Ok(Some(i));
    }
    if let Ok(k) = r.parse::<usize>() {
        if (1..=header.names.len()).contains(&k) {
            return Ok(Some(k - 1));
        }
    }
    if r.len() <= 3 && r.bytes().all(|b| b.is_ascii_uppercase()) {
        if let Some(i) = (0..header.names.len()).find(|&i| super::column_letter(i) == r) {
            return Ok(Some(i));
        }
    }
    Err(Error::invalid(
        format!("mapping.{field}"),
        format!("a column of {}: {}", table.label(), header.names.join(", ")),
        format!("\"{r}\""),
    ))
}

struct Cols {
    timestamp: Option<usize>,
    date: Option<usize>,
    time: Option<usize>,
    range: Option<usize>,
    queue: Option<usize>,
    volume: Option<usize>,
    aht: Option<usize>,
    answered: Option<usize>,
    abandoned: Option<usize>,
    in_target: Option<usize>,
    agents: Option<usize>,
    wait: Option<usize>,
    outcome: Option<usize>,
    handle: Option<usize>,
    agent: Option<usize>,
}

fn resolve(header: &Header, table: &Table, m: &Mapping) -> Result<Cols> {
    let c = |f: &str, r: &Option<String>| column(header, table, f, r);
    let cols = Cols {
        timestamp: c("timestamp", &m.timestamp)?,
        date: c("date", &m.date)?,
        time: c("time", &m.time)?,
        range: c("range", &m.range)?,
        queue: c("queue", &m.queue)?,
        volume: c("volume", &m.volume)?,
        aht: c("aht_seconds", &m.aht_seconds)?,
        answered: c("answered", &m.answered)?,
        abandoned: c("abandoned", &m.abandoned)?,
        in_target: c("answered_in_target", &m.answered_in_target)?,
        agents: c("agents", &m.agents)?,
        wait: c("wait_seconds", &m.wait_seconds)?,
        outcome: c("outcome", &m.outcome)?,
        handle: c("handle_seconds", &m.handle_seconds)?,
        agent: c("agent", &m.agent)?,
    };
    let time_ok = matches!(
        (cols.timestamp, cols.date, cols.time, cols.range),
        (Some(_), None, None, None)
            | (None, Some(_), Some(_), None)
            | (None, Some(_), None, Some(_))
            | (None, None, None, Some(_))
    );
    if !time_ok {
        return Err(Error::invalid(
            "mapping.timestamp",
            "one timestamp column, or a date column with a time-of-day or interval-range column, or a range column with its dates",
            describe_time(m),
        ));
    }
    if m.kind == RecordKind::Intervals && cols.volume.is_none() {
        return Err(Error::invalid(
            "mapping.volume",
            format!(
                "the column of {} with the contacts offered per interval",
                table.label()
            ),
            "none",
        ));
    }
    if m.kind == RecordKind::Contacts && cols.range.is_some() {
        return Err(Error::invalid(
            "mapping.range",
            "an arrival time (timestamp, or date and time) for per-contact records",
            "an interval range",
        ));
    }
    Ok(cols)
}

fn describe_time(m: &Mapping) -> String {
    let parts: Vec<String> = [
        ("timestamp", &m.timestamp),
        ("date", &m.date),
        ("time", &m.time),
        ("range", &m.range),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} = \"{v}\"")))
    .collect();
    if parts.is_empty() {
        "no time column".into()
    } else {
        parts.join(", ")
    }
}

/// Words that mark a totals row (`合计`), skipped rather than refused.
fn is_total(cell: Option<&Cell>) -> bool {
    let Some(Cell::Text(s)) = cell else {
        return false;
    };
    let s = s.trim().to_lowercase();
    [
        "合计", "总计", "小计", "汇总", "平均", "total", "sum", "average", "avg", "grand",
    ]
    .iter()
    .any(|w| s.starts_with(w))
}

/// Reads cells of one row with errors naming the file, the row and the column.
struct RowReader<'a> {
    label: String,
    header: &'a Header,
    row: usize,
    cells: &'a [Cell],
}

impl RowReader<'_> {
    fn cell(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }

    fn err(&self, col: usize, expected: &str) -> Error {
        crate::csv::error(
            &self.label,
            self.row,
            &self.header.label(col),
            expected,
            &self.cell(col).display(),
        )
    }

    /// A count or measure >= 0, or `None` for an empty cell.
    fn count(&self, col: Option<usize>, expected: &str) -> Result<Option<f64>> {
        let Some(c) = col else { return Ok(None) };
        if self.cell(c).is_empty() {
            return Ok(None);
        }
        cells::number(self.cell(c))
            .filter(|x| *x >= 0.0 && *x < 1e12)
            .map(Some)
            .ok_or_else(|| self.err(c, expected))
    }

    /// A duration in seconds >= 0, or `None` for an empty cell.
    fn duration(&self, col: Option<usize>, expected: &str) -> Result<Option<f64>> {
        let Some(c) = col else { return Ok(None) };
        if self.cell(c).is_empty() {
            return Ok(None);
        }
        cells::seconds(self.cell(c))
            .filter(|x| x.is_finite() && *x >= 0.0 && *x < 1e7)
            .map(Some)
            .ok_or_else(|| self.err(c, expected))
    }
}

const EXPECT_DATETIME: &str = "a date and time such as 2024/1/1 9:00, 2024-01-01 09:00:00, 20240101 09:00 or 1/1/2024 9:00 AM";
const EXPECT_DATE: &str = "a date such as 2024/1/1, 2024-01-01, 20240101 or 1/1/2024";
const EXPECT_TIME: &str = "a time of day such as 9:00, 09:00:00 or 9:00 AM (or an hour 0-23)";
const EXPECT_RANGE: &str = "an interval such as 09:00-10:00";

/// Start and (for ranges) length in minutes of one row's interval or arrival.
fn when(
    r: &RowReader,
    cols: &Cols,
    m: &Mapping,
    date_fill: &mut Option<NaiveDate>,
) -> Result<(NaiveDateTime, Option<u32>)> {
    let order = m.date_order;
    let at =
        |d: NaiveDate, secs: u32| d.and_time(NaiveTime::MIN) + Duration::seconds(i64::from(secs));
    if let Some(c) = cols.timestamp {
        return match cells::moment(r.cell(c), order) {
            Some(Moment::DateTime(t)) => Ok((t, None)),
            Some(Moment::Date(d)) => Ok((at(d, 0), None)),
            _ => Err(r.err(c, EXPECT_DATETIME)),
        };
    }
    // Dates are often written once per block (merged cells): an empty date repeats the last.
    let date = match cols.date {
        Some(c) if r.cell(c).is_empty() => date_fill.ok_or_else(|| r.err(c, EXPECT_DATE))?,
        Some(c) => match cells::moment(r.cell(c), order) {
            Some(Moment::Date(d)) => d,
            Some(Moment::DateTime(t)) if t.time() == NaiveTime::MIN => t.date(),
            _ => return Err(r.err(c, EXPECT_DATE)),
        },
        None => NaiveDate::MIN,
    };
    *date_fill = Some(date);
    if let Some(c) = cols.time {
        let cell = r.cell(c);
        let secs = match cells::moment(cell, order) {
            Some(Moment::Time(s)) => s,
            // An hour of the day (`9` for 09:00), as hourly reports write it.
            _ => match cells::number(cell) {
                Some(h) if h.fract() == 0.0 && (0.0..24.0).contains(&h) => h as u32 * 3600,
                _ => return Err(r.err(c, EXPECT_TIME)),
            },
        };
        return Ok((at(date, secs), None));
    }
    let c = cols.range.unwrap_or(0);
    match cells::moment(r.cell(c), order) {
        Some(Moment::Range {
            date: own,
            start,
            end,
        }) => {
            let d = match (own, cols.date) {
                (Some(d), None) => d,
                (_, Some(_)) => date,
                (None, None) => return Err(r.err(c, "an interval with its date such as 2024-01-01 09:00-09:30 (or map a date column)")),
            };
            let len = if end > start {
                end - start
            } else {
                end + 86400 - start
            };
            let minutes = len / 60;
            if len % 60 != 0 || !INPUT_INTERVALS.contains(&minutes) {
                return Err(r.err(
                    c,
                    "an interval of 5, 6, 10, 15, 20, 30 or 60 minutes such as 09:00-09:30",
                ));
            }
            Ok((at(d, start), Some(minutes)))
        }
        _ => Err(r.err(c, EXPECT_RANGE)),
    }
}

/// Rows of one queue of an interval report.
#[derive(Default)]
struct IntervalRows {
    points: Vec<HistoryPoint>,
    answered: Vec<Option<f64>>,
    abandoned: Vec<Option<f64>>,
    in_target: Vec<Option<f64>>,
    agents: Vec<Option<f64>>,
    range_minutes: Option<(u32, usize)>,
}

/// [`import`] of a table already read.
pub fn import_table(table: &Table, header_row: Option<usize>, m: &Mapping) -> Result<Import> {
    let header = table.header(header_row)?;
    let cols = resolve(&header, table, m)?;
    let label = table.label();
    if let Some(s) = m.answer_seconds {
        crate::error::non_negative("mapping.answer_seconds", s)?;
    }
    if let Some(p) = m.patience_seconds {
        crate::error::positive("mapping.patience_seconds", p)?;
    }
    let data = &table.rows[header.index + 1..];
    let mapped: Vec<usize> = [
        cols.timestamp,
        cols.date,
        cols.time,
        cols.range,
        cols.volume,
        cols.wait,
        cols.outcome,
        cols.handle,
    ]
    .into_iter()
    .flatten()
    .collect();
    let time_cols: Vec<usize> = [Some(0), cols.timestamp, cols.date, cols.time, cols.range]
        .into_iter()
        .flatten()
        .collect();
    let total_row = |c: &[Cell]| time_cols.iter().any(|&i| is_total(c.get(i)));
    let mut order: Vec<String> = Vec::new();
    let mut skipped = Vec::new();
    let mut date_fill = None;
    let mut queue_fill: Option<String> = None;
    let mut queue_of = |r: &RowReader, order: &mut Vec<String>| -> Result<usize> {
        let name = match cols.queue {
            None => String::new(),
            Some(c) if r.cell(c).is_empty() => queue_fill
                .clone()
                .ok_or_else(|| r.err(c, "a queue name (the first row of a block names it)"))?,
            Some(c) => r.cell(c).display(),
        };
        queue_fill = Some(name.clone());
        Ok(match order.iter().position(|q| *q == name) {
            Some(i) => i,
            None => {
                if order.len() >= crate::limits::MAX_QUEUES {
                    return Err(Error::TooLarge {
                        path: format!("{label} queues"),
                        limit: crate::limits::MAX_QUEUES,
                        found: order.len() + 1,
                    });
                }
                order.push(name);
                order.len() - 1
            }
        })
    };

    let mut queues: Vec<QueueImport> = Vec::new();
    let mut used_rows = 0;
    match m.kind {
        RecordKind::Intervals => {
            let mut per: Vec<IntervalRows> = Vec::new();
            for (row, c) in data {
                let r = RowReader {
                    label: label.clone(),
                    header: &header,
                    row: *row,
                    cells: c,
                };
                if total_row(c) || mapped.iter().all(|&i| r.cell(i).is_empty()) {
                    skipped.push(*row);
                    continue;
                }
                let (t, minutes) = when(&r, &cols, m, &mut date_fill)?;
                let q = queue_of(&r, &mut order)?;
                if per.len() <= q {
                    per.resize_with(q + 1, IntervalRows::default);
                }
                let p = &mut per[q];
                if let Some(len) = minutes {
                    match p.range_minutes {
                        Some((first, _)) if first != len => {
                            return Err(r.err(
                                cols.range.unwrap_or(0),
                                &format!("an interval of {first} minutes like the rows before"),
                            ));
                        }
                        None => p.range_minutes = Some((len, *row)),
                        _ => {}
                    }
                }
                let volume = r
                    .count(cols.volume, "a number of contacts >= 0")?
                    .ok_or_else(|| r.err(cols.volume.unwrap_or(0), "a number of contacts >= 0"))?;
                let aht = r.duration(cols.aht, "a handle time in seconds > 0")?;
                if aht == Some(0.0) && volume > 0.0 {
                    return Err(r.err(cols.aht.unwrap_or(0), "a handle time in seconds > 0"));
                }
                p.points.push(HistoryPoint {
                    line: *row,
                    t,
                    volume,
                    aht_seconds: aht.filter(|a| *a > 0.0),
                });
                p.answered
                    .push(r.count(cols.answered, "a number of answered contacts >= 0")?);
                p.abandoned
                    .push(r.count(cols.abandoned, "a number of abandoned contacts >= 0")?);
                p.in_target
                    .push(r.count(cols.in_target, "a number of contacts answered in time >= 0")?);
                p.agents
                    .push(r.count(cols.agents, "a number of agents >= 0")?);
                used_rows += 1;
            }
            for (q, p) in per.into_iter().enumerate() {
                let name = order[q].clone();
                queues.push(interval_queue(name, p, &cols, m, &label, &header)?);
            }
        }
        RecordKind::Contacts => {
            let minutes = m.interval_minutes.ok_or_else(|| {
                Error::invalid(
                    "mapping.interval_minutes",
                    "the interval length to count contacts in (15, 30 or 60 minutes)",
                    "none",
                )
            })?;
            if !INPUT_INTERVALS.contains(&minutes) {
                return Err(Error::invalid(
                    "mapping.interval_minutes",
                    "one of 5, 6, 10, 15, 20, 30 or 60 minutes",
                    minutes,
                ));
            }
            let mut per: Vec<Vec<Contact>> = Vec::new();
            for (row, c) in data {
                let r = RowReader {
                    label: label.clone(),
                    header: &header,
                    row: *row,
                    cells: c,
                };
                if total_row(c) || mapped.iter().all(|&i| r.cell(i).is_empty()) {
                    skipped.push(*row);
                    continue;
                }
                let (arrival, _) = when(&r, &cols, m, &mut date_fill)?;
                let q = queue_of(&r, &mut order)?;
                if per.len() <= q {
                    per.resize_with(q + 1, Vec::new);
                }
                let wait = r.duration(cols.wait, "a waiting time in seconds (35 or 00:00:35)")?;
                let handle =
                    r.duration(cols.handle, "a handle time in seconds (180 or 00:03:00)")?;
                let outcome = match cols.outcome {
                    Some(oc) if !r.cell(oc).is_empty() => contacts::outcome(r.cell(oc))
                        .ok_or_else(|| r.err(oc, contacts::EXPECT_OUTCOME))?,
                    _ => contacts::infer_outcome(wait, handle),
                };
                let agent = cols
                    .agent
                    .map(|a| r.cell(a).display())
                    .filter(|a| !a.is_empty());
                per[q].push(Contact {
                    row: *row,
                    arrival,
                    wait_seconds: wait,
                    outcome,
                    handle_seconds: handle,
                    agent,
                });
                used_rows += 1;
            }
            for (q, list) in per.into_iter().enumerate() {
                let name = order[q].clone();
                let agg = contacts::aggregate(&list, minutes, m.answer_seconds)
                    .map_err(|e| e.with_source(&label))?;
                let patience = agg.patience.clone();
                let comparison = match (m.answer_seconds, &agg.observed.agents) {
                    (Some(t), Some(_)) => observed::compare(
                        &agg.history,
                        &agg.observed,
                        m.patience_seconds
                            .or(patience.as_ref().and_then(|p| p.mean_seconds)),
                        t,
                    ),
                    _ => None,
                };
                queues.push(QueueImport {
                    queue: name,
                    rows: list.len(),
                    csv: canonical_csv(&agg.history, Some(&agg.observed)),
                    summary: agg.history.summary(),
                    history: agg.history,
                    observed: Some(agg.observed),
                    patience,
                    comparison,
                });
            }
        }
    }
    if queues.is_empty() {
        return Err(Error::Empty {
            path: label,
            expected: "data rows below the header".into(),
        });
    }
    Ok(Import {
        source: table.info.clone(),
        mapping: m.clone(),
        header_row: header.row,
        rows: used_rows,
        skipped_rows: skipped,
        queues,
    })
}

fn interval_queue(
    name: String,
    p: IntervalRows,
    cols: &Cols,
    m: &Mapping,
    label: &str,
    header: &Header,
) -> Result<QueueImport> {
    let rows = p.points.len();
    let lines: Vec<(usize, NaiveDateTime)> = p.points.iter().map(|x| (x.line, x.t)).collect();
    let in_queue = if name.is_empty() {
        label.to_string()
    } else {
        format!("{label} (queue {name})")
    };
    let time_label = header.label(cols.timestamp.or(cols.range).or(cols.time).unwrap_or(0));
    let mut history = History::from_points(p.points, cols.aht.is_some()).map_err(|e| match e {
        Error::Csv {
            line,
            column,
            expected,
            found,
            ..
        } => Error::Csv {
            source: in_queue.clone(),
            line,
            column: if column == "timestamp" {
                time_label.clone()
            } else {
                column
            },
            expected,
            found,
        },
        Error::Empty { expected, .. } => Error::Empty {
            path: in_queue.clone(),
            expected,
        },
        other => other,
    })?;
    // Reports list the opening hours only: hours before and after a day's rows are closed.
    history.close_unreported_hours();
    if let Some((len, row)) = p.range_minutes {
        if len != history.grid.interval_minutes {
            return Err(crate::csv::error(
                &in_queue,
                row,
                &time_label,
                &format!(
                    "intervals as long as the rows are apart ({} minutes)",
                    history.grid.interval_minutes
                ),
                &format!("{len}-minute intervals"),
            ));
        }
    }
    // The observed columns on the history's grid (the first row of a duplicated interval wins,
    // as for the volume).
    let n = history.grid.len;
    let place = |vals: &[Option<f64>], present: bool| -> Option<Vec<Option<f64>>> {
        if !present {
            return None;
        }
        let mut out = vec![None; n];
        let mut seen = vec![false; n];
        for ((_, t), v) in lines.iter().zip(vals) {
            if let Some(i) = history.grid.index_of(*t) {
                if !seen[i] {
                    seen[i] = true;
                    out[i] = *v;
                }
            }
        }
        Some(out)
    };
    let answered = place(&p.answered, cols.answered.is_some());
    let abandoned = place(&p.abandoned, cols.abandoned.is_some());
    let in_target = place(&p.in_target, cols.in_target.is_some());
    let agents = place(&p.agents, cols.agents.is_some());
    let has_outcomes = answered.is_some() || abandoned.is_some() || in_target.is_some();
    let observed = has_outcomes.then(|| {
        observed::from_counts(
            &history,
            answered,
            abandoned,
            in_target,
            agents,
            m.answer_seconds,
        )
    });
    let comparison = match (&observed, m.answer_seconds) {
        (Some(o), Some(t)) if o.agents.is_some() && o.service_level.is_some() => {
            observed::compare(&history, o, m.patience_seconds, t)
        }
        _ => None,
    };
    Ok(QueueImport {
        queue: name,
        rows,
        csv: canonical_csv(&history, observed.as_ref()),
        summary: history.summary(),
        history,
        observed,
        patience: None,
        comparison,
    })
}

fn fmt(x: f64) -> String {
    let r = (x * 1000.0).round() / 1000.0;
    format!("{r}")
}

/// The engine's own CSV for a history: `timestamp,volume[,aht_seconds]` and, when known, the
/// observed columns (extra columns are ignored by [`History::from_csv`]). Missing intervals
/// have no row, as in the file.
pub fn canonical_csv(h: &History, o: Option<&Observed>) -> String {
    let mut header = vec!["timestamp", "volume"];
    if h.aht_seconds.is_some() {
        header.push("aht_seconds");
    }
    let mut extra: Vec<(&str, &Vec<Option<f64>>)> = Vec::new();
    if let Some(o) = o {
        for (name, col) in [
            ("answered", &o.answered),
            ("abandoned", &o.abandoned),
            ("answered_in_target", &o.answered_in_target),
            ("agents", &o.agents),
            ("service_level", &o.service_level),
            ("asa_seconds", &o.asa_seconds),
            ("abandon_rate", &o.abandon_rate),
        ] {
            if let Some(c) = col {
                extra.push((name, c));
            }
        }
    }
    header.extend(extra.iter().map(|(n, _)| *n));
    let mut out = header.join(",");
    out.push('\n');
    for (i, v) in h.volume.iter().enumerate() {
        let Some(v) = v else { continue };
        out += &format_timestamp(h.grid.time(i));
        out.push(',');
        out += &fmt(*v);
        if let Some(a) = &h.aht_seconds {
            out.push(',');
            if let Some(a) = a[i] {
                out += &format!("{:.1}", a);
            }
        }
        for (_, c) in &extra {
            out.push(',');
            if let Some(x) = c.get(i).copied().flatten() {
                out += &fmt(x);
            }
        }
        out.push('\n');
    }
    out
}
