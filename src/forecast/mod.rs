//! Forecasting interval volume and AHT from a history: every later number (agents, shifts,
//! rosters, cost) rests on this forecast, so it must be accurate, auditable and fast.
//!
//! The pipeline, each step in its own small module:
//! 1. [`calendar`]: lay the history out by days, learn the opening hours per weekday, and keep
//!    gaps, holidays, surges and event days out of the fit.
//! 2. Methods: `seasonal_naive`, `weighted_average` (the planner's N-week average),
//!    `smoothing` (daily totals by damped Holt-Winters x intraday profiles) and
//!    `decomposition` (robust trend x weekly-intraday pattern).
//! 3. `select`: a rolling-origin backtest on the history itself learns every setting
//!    (windows, smoothing) and blends the methods by their errors, separately for the first
//!    day and the later days, with a learned level correction; the same residuals calibrate
//!    the `intervals` per horizon.
//! 4. `intraday` reforecast of the rest of today, [`events`] (multipliers, closures, learned
//!    uplift), `aht` per interval.
//!
//! [`backtest()`] runs the published evaluation protocol (rolling origins, WAPE/MASE/bias) for
//! `paiban backtest` and the page's accuracy panel.
//!
//! ```
//! use paiban::forecast::{forecast, ForecastOptions};
//! use paiban::history::History;
//! use paiban::time::parse_timestamp;
//!
//! let mut csv = String::from("timestamp,volume\n");
//! for day in 1..=28 {
//!     for hour in 0..24 {
//!         let v = if (9..17).contains(&hour) { 20 + hour } else { 0 };
//!         csv += &format!("2024-01-{day:02}T{hour:02}:00,{v}\n");
//!     }
//! }
//! let history = History::from_csv(&csv)?;
//! let until = parse_timestamp("2024-01-31T00:00").ok_or("a timestamp")?;
//! let f = forecast(&history, until, &ForecastOptions::default())?;
//! assert_eq!(f.volume.len(), 48);
//! assert!(!f.open[3] && f.volume[3] == 0.0); // 03:00 is closed
//! assert!((f.volume[10] - 30.0).abs() < 3.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod accuracy;
mod aht;
pub mod backtest;
pub mod calendar;
mod decomposition;
pub mod events;
mod intervals;
mod intraday;
mod profile;
mod seasonal_naive;
mod select;
mod smoothing;
#[cfg(test)]
mod testutil;
mod weighted_average;

pub use backtest::{backtest, BacktestOptions, BacktestReport, MethodAccuracy};
pub use calendar::DayFlag;
pub use events::{parse_events, Event};

use crate::error::{Error, Result};
use crate::history::History;
use crate::limits::MAX_HORIZON_DAYS;
use crate::time::{format_timestamp, Grid};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// Fewer usable days than this and the forecast carries a [`ForecastWarning::ShortHistory`].
const SHORT_HISTORY_DAYS: usize = 14;

/// Forecasting method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Blend all methods with weights from a backtest on the history (recommended).
    #[default]
    Auto,
    /// Repeat the most recent same weekday.
    SeasonalNaive,
    /// Weighted average of the last N same weekdays (N learned).
    WeightedAverage,
    /// Daily totals by damped Holt-Winters times intraday profiles.
    Smoothing,
    /// Robust trend times weekly x intraday seasonal pattern.
    Decomposition,
}

impl Method {
    /// Every method, `Auto` first.
    pub const ALL: [Method; 5] = [
        Method::Auto,
        Method::SeasonalNaive,
        Method::WeightedAverage,
        Method::Smoothing,
        Method::Decomposition,
    ];

    /// The snake_case name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::SeasonalNaive => "seasonal_naive",
            Method::WeightedAverage => "weighted_average",
            Method::Smoothing => "smoothing",
            Method::Decomposition => "decomposition",
        }
    }

    /// Parse a name; `path` names the field in the error.
    pub fn parse(s: &str, path: &str) -> Result<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.name() == s.trim())
            .ok_or_else(|| {
                Error::invalid(
                    path,
                    "one of auto, seasonal_naive, weighted_average, smoothing, decomposition",
                    s,
                )
            })
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How to forecast. `ForecastOptions::default()` means: choose the method by backtest, keep the
/// history's interval, no events.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForecastOptions {
    /// Pin a method; `auto` (the default) blends all by backtest.
    #[serde(default)]
    pub method: Method,
    /// Aggregate the history to this interval (a multiple of its own) before forecasting;
    /// `null` keeps the history's interval.
    #[serde(default)]
    pub interval_minutes: Option<u32>,
    /// Events and holidays: applied to the forecast, kept out of the fit.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// A member of the blend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Method and learned settings, e.g. `smoothing(profile_weeks=8)`.
    pub method: String,
    /// Weight in the blend (the weights of one blend sum to 1).
    pub weight: f64,
    /// WAPE of this member in the backtest inside the fit (`null` when the history was too
    /// short for one).
    pub backtest_wape: Option<f64>,
}

/// A day of the history kept out of the fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExcludedDay {
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// Why.
    pub reason: DayFlag,
}

/// Something the planner should know about the forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ForecastWarning {
    /// Fewer than two weeks of usable history: weekday patterns are poorly known.
    ShortHistory {
        /// Usable days found.
        usable_days: usize,
    },
    /// An event has no multiplier and no earlier occurrence in the history; applied as 1.0.
    EventNotLearned {
        /// The event's name.
        name: String,
    },
    /// A fixed-date holiday (or surge) recurring from earlier years was applied to a day.
    RecurringHoliday {
        /// The forecast date, `YYYY-MM-DD`.
        date: String,
        /// Factor applied (the median ratio of the earlier occurrences to their weekday norm).
        factor: f64,
    },
    /// The history file needed repairs (duplicates, unsorted rows, gaps); see `paiban history`.
    HistoryRepaired {
        /// Number of repairs reported by the reader.
        count: usize,
    },
}

impl fmt::Display for ForecastWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ForecastWarning::ShortHistory { usable_days } => write!(
                f,
                "only {usable_days} usable days of history; weekday patterns are uncertain"
            ),
            ForecastWarning::EventNotLearned { name } => write!(
                f,
                "event \"{name}\" has no multiplier and no past occurrence; applied as 1.0"
            ),
            ForecastWarning::RecurringHoliday { date, factor } => write!(
                f,
                "{date} is a recurring holiday in the history; volume x{factor:.2}"
            ),
            ForecastWarning::HistoryRepaired { count } => {
                write!(f, "the history needed {count} repairs")
            }
        }
    }
}

/// A forecast per interval from the end of the history up to the requested time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// The forecast intervals.
    pub grid: Grid,
    /// Expected contacts per interval (0 when closed).
    pub volume: Vec<f64>,
    /// Lower bound of the 80% prediction interval.
    pub lo80: Vec<f64>,
    /// Upper bound of the 80% prediction interval.
    pub hi80: Vec<f64>,
    /// Lower bound of the 95% prediction interval.
    pub lo95: Vec<f64>,
    /// Upper bound of the 95% prediction interval.
    pub hi95: Vec<f64>,
    /// Whether the centre is open in the interval (learned calendar and closing events).
    pub open: Vec<bool>,
    /// Forecast AHT per interval in seconds, when the history has `aht_seconds`.
    pub aht_seconds: Option<Vec<f64>>,
    /// The method asked for (`auto` or a pinned one).
    pub method: Method,
    /// The blend used for the days after the first, with learned settings and weights.
    pub members: Vec<Member>,
    /// The blend used for the first forecast day (chosen on first-day errors only).
    pub members_first_day: Vec<Member>,
    /// WAPE of the blend in the backtest inside the fit (last 4 weeks, leads 1–7 days).
    pub backtest_wape: Option<f64>,
    /// Factor applied to the rest of today from today's actuals so far (intraday reforecast).
    pub intraday_factor: Option<f64>,
    /// History days kept out of the fit.
    pub excluded_days: Vec<ExcludedDay>,
    /// Warnings.
    pub warnings: Vec<ForecastWarning>,
}

/// The blend of lead group `g` as reported: settings, weights and their backtest WAPE there.
fn members_of(model: &select::Model, g: usize) -> Vec<Member> {
    model.members[g]
        .iter()
        .map(|(c, w)| Member {
            method: c.label(),
            weight: *w,
            backtest_wape: model
                .scores
                .iter()
                .find(|s| s.candidate == *c)
                .map(|s| s.wape[g])
                .filter(|w| w.is_finite()),
        })
        .collect()
}

/// Forecast every interval from the end of `history` up to `until` (exclusive, on the grid).
pub fn forecast(
    history: &History,
    until: NaiveDateTime,
    options: &ForecastOptions,
) -> Result<Forecast> {
    let h: Cow<History> = match options.interval_minutes {
        Some(m) if m != history.grid.interval_minutes => Cow::Owned(history.aggregate(m)?),
        _ => Cow::Borrowed(history),
    };
    let m = h.grid.interval_minutes;
    for (i, e) in options.events.iter().enumerate() {
        e.validate(&format!("events[{i}]"))?;
    }
    let ev_mask = events::mask(&options.events, h.grid.start, m, h.grid.len);
    let p = calendar::prepare(&h, &ev_mask)?;
    let usable = p.usable_before(p.full_days);
    if usable == 0 {
        return Err(Error::Empty {
            path: "history".into(),
            expected: "at least one complete day (every open interval present, no event)".into(),
        });
    }
    let k = h
        .grid
        .offset_of(until)
        .filter(|&k| k > h.grid.len as i64)
        .ok_or_else(|| {
            Error::invalid(
                "until",
                format!(
                    "a time after the last history interval ({}) on its {m}-minute grid",
                    format_timestamp(h.grid.time(h.grid.len.saturating_sub(1)))
                ),
                format_timestamp(until),
            )
        })? as usize;
    let per = p.per_day;
    let n_out = k - h.grid.len;
    let first_pos = p.offset + h.grid.len;
    let end_pos = p.offset + k;
    let last_day = (end_pos - 1) / per;
    // Days to predict (the tail of a complete last day after closing needs none).
    let horizon = (last_day + 1).saturating_sub(p.full_days);
    if horizon > MAX_HORIZON_DAYS + 1 {
        return Err(Error::TooLarge {
            path: "until (days forecast)".into(),
            limit: MAX_HORIZON_DAYS,
            found: horizon,
        });
    }
    let model = select::select(&p, options.method);
    let mut pred = model.predict(&p, p.full_days, horizon);
    let intraday_factor = intraday::reforecast(&p, &mut pred, first_pos, &model.first_days);
    let effects = events::effects(&options.events, &p, m, h.grid.end(), until);
    let active: Vec<Event> = options
        .events
        .iter()
        .zip(&effects)
        .filter(|(_, f)| f.is_some())
        .map(|(e, _)| e.clone())
        .collect();
    let active_effects: Vec<Option<events::Effect>> =
        effects.iter().flatten().map(|f| Some(*f)).collect();
    let aht_profile = h.aht_seconds.as_ref().and_then(|a| {
        let mut laid = vec![None; p.ndays * per];
        for (i, v) in a.iter().enumerate() {
            if let Some(slot) = laid.get_mut(p.offset + i) {
                *slot = *v;
            }
        }
        aht::profile(&p, &laid)
    });
    let grid = Grid::new(h.grid.end(), m, n_out)?;
    let mut out = Forecast {
        grid,
        volume: Vec::with_capacity(n_out),
        lo80: Vec::with_capacity(n_out),
        hi80: Vec::with_capacity(n_out),
        lo95: Vec::with_capacity(n_out),
        hi95: Vec::with_capacity(n_out),
        open: Vec::with_capacity(n_out),
        aht_seconds: aht_profile.as_ref().map(|_| Vec::with_capacity(n_out)),
        method: options.method,
        members: members_of(&model, 1),
        members_first_day: members_of(&model, 0),
        backtest_wape: model.wape.is_finite().then_some(model.wape),
        intraday_factor,
        excluded_days: p
            .flags
            .iter()
            .filter(|(d, _)| *d < p.full_days)
            .map(|(d, f)| ExcludedDay {
                date: p.date(*d).format("%Y-%m-%d").to_string(),
                reason: *f,
            })
            .collect(),
        warnings: Vec::new(),
    };
    let mut recurring: Vec<(usize, Option<f64>)> = Vec::new();
    for (j, pos) in (first_pos..end_pos).enumerate() {
        let d = pos / per;
        let s = pos % per;
        let w = p.weekday(d);
        let lead = d.saturating_sub(p.full_days);
        let at = pos.checked_sub(p.full_days * per);
        let mut open = at.is_some() && p.open_of(w).get(s).copied().unwrap_or(false);
        let mut f = at.and_then(|i| pred.get(i)).copied().unwrap_or(0.0);
        let mut scale = 1.0;
        let has_event = active
            .iter()
            .any(|e| e.start <= grid.time(j) && grid.time(j) < e.end);
        match events::effect_at(&active, &active_effects, grid.time(j)) {
            events::Effect::Closed => open = false,
            events::Effect::Scale(x) => scale = x,
        }
        if !has_event && open {
            if recurring.last().map_or(true, |(day, _)| *day != d) {
                let r = p.recurring_ratio(p.date(d));
                if let Some(factor) = r {
                    out.warnings.push(ForecastWarning::RecurringHoliday {
                        date: p.date(d).format("%Y-%m-%d").to_string(),
                        factor,
                    });
                }
                recurring.push((d, r));
            }
            if let Some((_, Some(r))) = recurring.last() {
                scale *= r;
            }
        }
        f = if open { f * scale } else { 0.0 };
        let b = model.calibration.band(f, lead);
        out.volume.push(f);
        out.lo80.push(b.lo80);
        out.hi80.push(b.hi80);
        out.lo95.push(b.lo95);
        out.hi95.push(b.hi95);
        out.open.push(open);
        if let (Some(a), Some(prof)) = (out.aht_seconds.as_mut(), aht_profile.as_ref()) {
            a.push(prof.get(w * per + s).copied().unwrap_or(0.0));
        }
    }
    if usable < SHORT_HISTORY_DAYS {
        out.warnings.push(ForecastWarning::ShortHistory {
            usable_days: usable,
        });
    }
    for (e, eff) in options.events.iter().zip(&effects) {
        let in_horizon = e.end > h.grid.end() && e.start < until;
        if eff.is_none() && in_horizon && !e.closed && e.multiplier.is_none() {
            out.warnings.push(ForecastWarning::EventNotLearned {
                name: e.name.clone(),
            });
        }
    }
    if !history.warnings.is_empty() {
        out.warnings.push(ForecastWarning::HistoryRepaired {
            count: history.warnings.len(),
        });
    }
    Ok(out)
}
