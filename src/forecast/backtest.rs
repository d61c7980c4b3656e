//! The rolling-origin evaluation protocol (Tashman 2000) behind `paiban backtest` and the
//! page's accuracy panel: planners trust a forecast they can audit on their own data.
//!
//! Origins are consecutive day boundaries, the last one placed so that its horizon ends with
//! the last complete day of the history. Each origin forecasts the next `horizon_days` days from
//! all history before it, exactly as [`super::forecast()`] would have at that time (the whole fit,
//! selection included, sees nothing after the origin). "1d" scores the first day, "Nd" all of
//! them; WAPE and bias are pooled over all scored intervals, MASE averages each origin's MAE
//! over the in-sample MAE of the weekly seasonal naive forecast.

use super::accuracy::{mae, naive_scale, Tally};
use super::{forecast, Event, ForecastOptions, Method};
use crate::error::{Error, Result};
use crate::history::History;
use crate::time::{format_timestamp, Grid};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// What to evaluate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BacktestOptions {
    /// Number of origins (consecutive day boundaries), e.g. 20.
    pub origins: usize,
    /// Days forecast from each origin, e.g. 5.
    pub horizon_days: usize,
    /// Methods to evaluate; empty evaluates all of them.
    #[serde(default)]
    pub methods: Vec<Method>,
    /// Aggregate the history to this interval first; `null` keeps its interval.
    #[serde(default)]
    pub interval_minutes: Option<u32>,
    /// Events, as given to the forecast.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// Accuracy of one method over all origins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodAccuracy {
    /// The method.
    pub method: Method,
    /// Pooled WAPE of the first day.
    pub wape_1d: f64,
    /// Pooled WAPE of all `horizon_days` days.
    pub wape_nd: f64,
    /// MASE of the first day.
    pub mase_1d: f64,
    /// MASE of all days.
    pub mase_nd: f64,
    /// Bias (Σ(f − a)/Σa) of the first day.
    pub bias_1d: f64,
    /// Bias of all days.
    pub bias_nd: f64,
    /// Share of actuals inside the 80% interval (all days).
    pub coverage80: f64,
    /// Share of actuals inside the 95% interval (all days).
    pub coverage95: f64,
    /// Share of first-day actuals inside the 80% interval.
    pub coverage80_1d: f64,
    /// Share of first-day actuals inside the 95% interval.
    pub coverage95_1d: f64,
}

/// The evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacktestReport {
    /// Interval length evaluated.
    pub interval_minutes: u32,
    /// Days forecast per origin.
    pub horizon_days: usize,
    /// The origins (start of each first forecast day).
    pub origins: Vec<String>,
    /// One row per method.
    pub methods: Vec<MethodAccuracy>,
}

/// History before interval `idx`.
fn truncate(h: &History, idx: usize) -> History {
    History {
        grid: Grid { len: idx, ..h.grid },
        volume: h.volume.iter().take(idx).copied().collect(),
        aht_seconds: h
            .aht_seconds
            .as_ref()
            .map(|a| a.iter().take(idx).copied().collect()),
        rows: idx,
        warnings: Vec::new(),
    }
}

/// Run the protocol.
pub fn backtest(history: &History, options: &BacktestOptions) -> Result<BacktestReport> {
    let h: Cow<History> = match options.interval_minutes {
        Some(m) if m != history.grid.interval_minutes => Cow::Owned(history.aggregate(m)?),
        _ => Cow::Borrowed(history),
    };
    if options.origins == 0 {
        return Err(Error::invalid("origins", "at least 1", 0));
    }
    if options.horizon_days == 0 {
        return Err(Error::invalid("horizon_days", "at least 1", 0));
    }
    let per = h.grid.per_day();
    let offset = (crate::time::minute_of_day(h.grid.start) / h.grid.interval_minutes) as usize;
    // Complete days as the forecaster sees them (an export without closed hours ends at
    // closing time on a complete day).
    let full_days = super::calendar::prepare(&h, &[])?.full_days;
    let need = options.origins + options.horizon_days - 1;
    // Origins must leave at least a week of history before the first one.
    if full_days < need + 8 {
        return Err(Error::Inconsistent {
            path: "origins".into(),
            other: "history".into(),
            message: format!(
                "{} origins x {} days need at least {} complete days of history, found {}",
                options.origins,
                options.horizon_days,
                need + 8,
                full_days
            ),
        });
    }
    let last_origin = full_days - options.horizon_days;
    let days: Vec<usize> = (last_origin + 1 - options.origins..=last_origin).collect();
    let methods = if options.methods.is_empty() {
        Method::ALL.to_vec()
    } else {
        options.methods.clone()
    };
    let mut rows = Vec::with_capacity(methods.len());
    for method in methods {
        let opts = ForecastOptions {
            method,
            interval_minutes: None,
            events: options.events.clone(),
        };
        let (mut t1, mut tn) = (Tally::default(), Tally::default());
        for &o in &days {
            let idx = o * per - offset;
            let past = truncate(&h, idx);
            let n = options.horizon_days * per;
            let f = forecast(&past, h.grid.time(idx + n), &opts)?;
            let scale = naive_scale(&past.volume, 7 * per);
            for (lead_days, t) in [(1, &mut t1), (options.horizon_days, &mut tn)] {
                let (mut fs, mut acts) = (Vec::new(), Vec::new());
                for j in 0..lead_days * per {
                    let Some(a) = h.volume.get(idx + j).copied().flatten() else {
                        continue;
                    };
                    let fv = f.volume.get(j).copied().unwrap_or(0.0).max(0.0);
                    t.abs_error += (fv - a).abs();
                    t.error += fv - a;
                    t.actual += a;
                    t.n += 1;
                    let inside = |lo: &[f64], hi: &[f64]| {
                        usize::from(
                            lo.get(j).is_some_and(|l| *l <= a)
                                && hi.get(j).is_some_and(|h| a <= *h),
                        )
                    };
                    t.in80 += inside(&f.lo80, &f.hi80);
                    t.in95 += inside(&f.lo95, &f.hi95);
                    fs.push(fv);
                    acts.push(a);
                }
                if let Some(s) = scale {
                    t.scaled += mae(&fs, &acts) / s;
                }
            }
        }
        let k = days.len() as f64;
        let cov = |x: usize, t: &Tally| {
            if t.n > 0 {
                x as f64 / t.n as f64
            } else {
                0.0
            }
        };
        rows.push(MethodAccuracy {
            method,
            wape_1d: t1.wape(),
            wape_nd: tn.wape(),
            mase_1d: t1.scaled / k,
            mase_nd: tn.scaled / k,
            bias_1d: t1.bias(),
            bias_nd: tn.bias(),
            coverage80: cov(tn.in80, &tn),
            coverage95: cov(tn.in95, &tn),
            coverage80_1d: cov(t1.in80, &t1),
            coverage95_1d: cov(t1.in95, &t1),
        });
    }
    Ok(BacktestReport {
        interval_minutes: h.grid.interval_minutes,
        horizon_days: options.horizon_days,
        origins: days
            .iter()
            .map(|&o| format_timestamp(h.grid.time(o * per - offset)))
            .collect(),
        methods: rows,
    })
}
