//! Stage 1: the forecast of every queue over the horizon — a model forecast cut to the horizon
//! for queues with a history, the given volumes for the others — with the planner's
//! adjustments and the opening hours applied.

use super::frame::{Checked, Frame, Timestamp};
use super::warnings::PlanWarning;
use crate::error::{Error, Result};
use crate::forecast::{forecast, Forecast, ForecastOptions};
use crate::history::History;
use crate::staffing::horizon::QueueForecast;
use crate::time::{format_timestamp, minute_of_day, Grid};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Forecast of one queue over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueForecastOut {
    /// Queue id.
    pub queue: String,
    /// `history`, `given` (volumes in the scenario).
    pub source: String,
    /// Method used (blend members with weights).
    pub method: String,
    /// Expected contacts per interval (after manual adjustments).
    pub volume: Vec<f64>,
    /// 80% prediction interval.
    pub lo80: Vec<f64>,
    /// 80% prediction interval.
    pub hi80: Vec<f64>,
    /// 95% prediction interval.
    pub lo95: Vec<f64>,
    /// 95% prediction interval.
    pub hi95: Vec<f64>,
    /// AHT per interval in seconds.
    pub aht_seconds: Vec<f64>,
    /// WAPE of the model in its own backtest, when known.
    pub backtest_wape: Option<f64>,
}

/// The first stage: the forecast of every queue over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastStage {
    /// Interval starts of the horizon (local ISO).
    pub timestamps: Vec<Timestamp>,
    /// Whether the centre is open in each interval.
    pub open: Vec<bool>,
    /// Forecast per queue.
    pub forecast: Vec<QueueForecastOut>,
    /// Things the planner should know about the forecast.
    pub warnings: Vec<PlanWarning>,
}

/// Forecast every queue over the horizon (or take its given volumes), apply the planner's
/// adjustments and the opening hours.
pub fn forecast_stage(
    frame: &Frame,
    histories: &BTreeMap<String, History>,
) -> Result<Checked<ForecastStage>> {
    let mut warnings = Vec::new();
    let (forecast, open) = forecast_queues(frame, histories, &mut warnings)?;
    // The forecast engine's output is checked like any other stage input: an engine bug is
    // then an error naming the array, never an index out of bounds in a later stage.
    frame.forecast(ForecastStage {
        timestamps: frame.timestamps(),
        open,
        forecast,
        warnings,
    })
}

fn forecast_queues(
    frame: &Frame,
    histories: &BTreeMap<String, History>,
    warnings: &mut Vec<PlanWarning>,
) -> Result<(Vec<QueueForecastOut>, Vec<bool>)> {
    let (s, grid) = (frame.scenario(), frame.grid());
    let n = grid.len;
    let mut open = vec![false; n];
    let mut out = Vec::with_capacity(s.queues.len());
    for (qi, q) in s.queues.iter().enumerate() {
        let mut f = if let Some(v) = s.volumes.iter().find(|v| v.queue == q.id) {
            let vi = s.volumes.iter().position(|v| v.queue == q.id).unwrap_or(qi);
            given(q.aht_seconds, v, n, vi)?
        } else {
            let h = histories.get(&q.id).ok_or_else(|| Error::Empty {
                path: format!("history.{}", q.id),
                expected: format!("the history of queue \"{}\"", q.id),
            })?;
            let f = forecast(
                h,
                grid.end(),
                &ForecastOptions {
                    method: s.forecast.method,
                    interval_minutes: Some(s.interval_minutes),
                    events: s.forecast.events.clone(),
                },
            )
            .map_err(|e| in_queue(e, &q.id))?;
            for w in &f.warnings {
                warnings.push(PlanWarning::Forecast {
                    queue: q.id.clone(),
                    warning: w.clone(),
                });
            }
            slice(&f, grid, q.aht_seconds, &q.id)?
        };
        apply_adjustments(s, &q.id, grid, &mut f.0)?;
        for (o, &x) in open.iter_mut().zip(&f.1) {
            *o |= x;
        }
        out.push(f.0);
    }
    if let Some(h) = &s.opening_hours {
        for (i, o) in open.iter_mut().enumerate() {
            *o = h.is_open(grid.weekday(i), minute_of_day(grid.time(i)));
        }
        for f in &mut out {
            for (i, &o) in open.iter().enumerate() {
                if !o {
                    f.volume[i] = 0.0;
                    f.lo80[i] = 0.0;
                    f.hi80[i] = 0.0;
                    f.lo95[i] = 0.0;
                    f.hi95[i] = 0.0;
                }
            }
        }
    }
    Ok((out, open))
}

/// Name the queue in a history error (`history of presales line 7 …`).
pub(crate) fn in_queue(e: Error, queue: &str) -> Error {
    match e {
        Error::Csv { .. } => e.with_source(&format!("history of {queue}")),
        other => other,
    }
}

fn given(
    aht: f64,
    v: &QueueForecast,
    n: usize,
    qi: usize,
) -> Result<(QueueForecastOut, Vec<bool>)> {
    if v.volume.len() != n {
        return Err(Error::Inconsistent {
            path: format!("volumes[{qi}].volume"),
            other: "horizon".into(),
            message: format!("{} values for {n} intervals", v.volume.len()),
        });
    }
    for (i, x) in v.volume.iter().enumerate() {
        crate::error::non_negative(&format!("volumes[{qi}].volume[{i}]"), *x)?;
    }
    if let Some(a) = &v.aht_seconds {
        if a.len() != n {
            return Err(Error::Inconsistent {
                path: format!("volumes[{qi}].aht_seconds"),
                other: "horizon".into(),
                message: format!("{} values for {n} intervals", a.len()),
            });
        }
        for (i, x) in a.iter().enumerate() {
            crate::error::positive(&format!("volumes[{qi}].aht_seconds[{i}]"), *x)?;
        }
    }
    Ok((
        QueueForecastOut {
            queue: v.queue.clone(),
            source: "given".into(),
            method: "given".into(),
            volume: v.volume.clone(),
            lo80: v.volume.clone(),
            hi80: v.volume.clone(),
            lo95: v.volume.clone(),
            hi95: v.volume.clone(),
            aht_seconds: v.aht_seconds.clone().unwrap_or_else(|| vec![aht; n]),
            backtest_wape: None,
        },
        v.volume.iter().map(|&x| x > 0.0).collect(),
    ))
}

/// Cut a forecast (which starts after the history) to the horizon.
fn slice(
    f: &Forecast,
    grid: &Grid,
    queue_aht: f64,
    queue: &str,
) -> Result<(QueueForecastOut, Vec<bool>)> {
    let offset = f.grid.offset_of(grid.start).unwrap_or(-1);
    if offset < 0 {
        return Err(Error::Inconsistent {
            path: "horizon.start".into(),
            other: format!("history.{queue}"),
            message: format!(
                "the horizon starts at {} but the history of {queue} runs until {}: plan days after the history",
                format_timestamp(grid.start),
                format_timestamp(f.grid.start - Duration::minutes(i64::from(f.grid.interval_minutes)))
            ),
        });
    }
    let o = offset as usize;
    let take = |v: &[f64]| -> Vec<f64> {
        v.get(o..o + grid.len)
            .map(<[f64]>::to_vec)
            .unwrap_or_default()
    };
    let volume = take(&f.volume);
    if volume.len() != grid.len {
        return Err(Error::Inconsistent {
            path: "horizon".into(),
            other: format!("history.{queue}"),
            message: "the forecast does not cover the horizon".into(),
        });
    }
    let members: Vec<String> = f
        .members
        .iter()
        .map(|m| format!("{} {:.0}%", m.method, m.weight * 100.0))
        .collect();
    Ok((
        QueueForecastOut {
            queue: queue.to_string(),
            source: "history".into(),
            method: if members.is_empty() {
                f.method.name().to_string()
            } else {
                members.join(" + ")
            },
            volume,
            lo80: take(&f.lo80),
            hi80: take(&f.hi80),
            lo95: take(&f.lo95),
            hi95: take(&f.hi95),
            aht_seconds: match &f.aht_seconds {
                Some(a) => take(a),
                None => vec![queue_aht; grid.len],
            },
            backtest_wape: f.backtest_wape,
        },
        f.open
            .get(o..o + grid.len)
            .map(<[bool]>::to_vec)
            .unwrap_or_default(),
    ))
}

fn apply_adjustments(
    s: &crate::scenario::Scenario,
    queue: &str,
    grid: &Grid,
    f: &mut QueueForecastOut,
) -> Result<()> {
    for a in &s.adjustments {
        if a.queue.as_deref().is_some_and(|q| q != queue) {
            continue;
        }
        let (from, to) = (a.from.0, a.to.0);
        let k = 1.0 + a.percent / 100.0;
        for i in 0..grid.len {
            let t = grid.time(i);
            if t >= from && t < to {
                for v in [
                    &mut f.volume,
                    &mut f.lo80,
                    &mut f.hi80,
                    &mut f.lo95,
                    &mut f.hi95,
                ] {
                    v[i] *= k;
                }
            }
        }
    }
    Ok(())
}

/// The forecast of every queue with given volumes, recomputed from the scenario alone (the
/// volumes, the adjustments, the opening hours); `None` for queues forecast from a history.
pub fn recompute_given(frame: &Frame) -> Result<Vec<Option<QueueForecastOut>>> {
    let (s, grid) = (frame.scenario(), frame.grid());
    let mut out = Vec::with_capacity(s.queues.len());
    for (qi, q) in s.queues.iter().enumerate() {
        let Some(v) = s.volumes.iter().find(|v| v.queue == q.id) else {
            out.push(None);
            continue;
        };
        let vi = s.volumes.iter().position(|v| v.queue == q.id).unwrap_or(qi);
        let (mut f, _) = given(q.aht_seconds, v, grid.len, vi)?;
        apply_adjustments(s, &q.id, grid, &mut f)?;
        if let Some(h) = &s.opening_hours {
            for i in 0..grid.len {
                if !h.is_open(grid.weekday(i), minute_of_day(grid.time(i))) {
                    for x in [
                        &mut f.volume,
                        &mut f.lo80,
                        &mut f.hi80,
                        &mut f.lo95,
                        &mut f.hi95,
                    ] {
                        x[i] = 0.0;
                    }
                }
            }
        }
        out.push(Some(f));
    }
    Ok(out)
}
