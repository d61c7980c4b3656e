//! What the centre achieved, next to what the staffing model predicts for the staffing it had.
//!
//! Planners trust a model they have seen reproduce their own past. Given per interval the
//! contacts offered, the AHT, the agents logged in (or serving) and the observed service level,
//! each interval is evaluated with the engine's own models (`crate::staffing::evaluate`:
//! Erlang A with the queue's patience, or Erlang C without one) at the staffing it had.
//! The gap between the two is summarised as one **calibration factor for effective agents**:
//! the `c` for which the model with `c × agents` reproduces the observed service levels best
//! (volume-weighted least squares over the intervals; `c < 1` means part of the logged-in time
//! did not answer contacts — after-call work, aux codes, a slow ramp-up). The model's service
//! level for fractional agents is interpolated linearly between whole agents. Per interval the
//! effective agents that would reproduce its own observed level are shown too.

use crate::history::History;
use crate::staffing::{evaluate, Demand, ModelKind, ServiceModel};
use crate::time::format_timestamp;
use serde::Serialize;
use std::collections::HashMap;

/// Observed service per interval, on a history's grid (each column present only when the
/// file has it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observed {
    /// Threshold of the service level, seconds.
    pub answer_seconds: Option<f64>,
    /// Contacts answered.
    pub answered: Option<Vec<Option<f64>>>,
    /// Contacts abandoned.
    pub abandoned: Option<Vec<Option<f64>>>,
    /// Contacts answered within the threshold.
    pub answered_in_target: Option<Vec<Option<f64>>>,
    /// Agents logged in (interval reports) or seen serving (per-contact exports).
    pub agents: Option<Vec<Option<f64>>>,
    /// Answered within the threshold / offered.
    pub service_level: Option<Vec<Option<f64>>>,
    /// Mean wait of the answered contacts, seconds (per-contact exports).
    pub asa_seconds: Option<Vec<Option<f64>>>,
    /// Abandoned / offered.
    pub abandon_rate: Option<Vec<Option<f64>>>,
}

/// Observed columns of an interval report, with the rates derived from the counts.
pub fn from_counts(
    h: &History,
    answered: Option<Vec<Option<f64>>>,
    abandoned: Option<Vec<Option<f64>>>,
    answered_in_target: Option<Vec<Option<f64>>>,
    agents: Option<Vec<Option<f64>>>,
    answer_seconds: Option<f64>,
) -> Observed {
    let rate = |col: &Option<Vec<Option<f64>>>| {
        col.as_ref().map(|c| {
            c.iter()
                .zip(&h.volume)
                .map(|(x, v)| match (x, v) {
                    (Some(x), Some(v)) if *v > 0.0 => Some((x / v).min(1.0)),
                    _ => None,
                })
                .collect()
        })
    };
    Observed {
        answer_seconds,
        service_level: rate(&answered_in_target),
        abandon_rate: rate(&abandoned),
        answered,
        abandoned,
        answered_in_target,
        agents,
        asa_seconds: None,
    }
}

/// One interval: observed next to modelled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareRow {
    /// Interval start.
    pub timestamp: String,
    /// Contacts offered.
    pub volume: f64,
    /// AHT used for the model, seconds.
    pub aht_seconds: f64,
    /// Agents logged in (or serving).
    pub agents: f64,
    /// Observed service level.
    pub observed_service_level: f64,
    /// The model's service level with those agents.
    pub model_service_level: f64,
    /// The model's service level with `factor × agents`.
    pub calibrated_service_level: f64,
    /// Agents the model needs to reproduce this interval's observed level (`None` when even
    /// three times the staffing would not).
    pub effective_agents: Option<f64>,
    /// Observed abandonment rate, when known.
    pub observed_abandon_rate: Option<f64>,
    /// The model's abandonment probability (Erlang A only).
    pub model_abandon_rate: Option<f64>,
}

/// The calibration factor and how well the model fits before and after it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// Effective agents = `factor` × agents logged in.
    pub factor: f64,
    /// Intervals compared.
    pub intervals: usize,
    /// Volume-weighted mean |observed − model| service level with the agents as logged in.
    pub mean_abs_error: f64,
    /// The same with `factor` applied.
    pub mean_abs_error_calibrated: f64,
}

/// Observed vs modelled for one queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Erlang A (with patience) or Erlang C.
    pub model: ModelKind,
    /// Patience used, seconds.
    pub patience_seconds: Option<f64>,
    /// Service-level threshold, seconds.
    pub answer_seconds: f64,
    /// The calibration.
    pub calibration: Calibration,
    /// Per interval (the last [`MAX_COMPARED`] intervals with data at most).
    pub intervals: Vec<CompareRow>,
}

/// Most intervals compared (the most recent ones): a month of 15-minute intervals.
pub const MAX_COMPARED: usize = 31 * 96;

struct Point {
    t: String,
    volume: f64,
    aht: f64,
    agents: f64,
    sl: f64,
    abandon: Option<f64>,
    model: ServiceModel,
    cache: HashMap<u32, (f64, Option<f64>)>,
}

impl Point {
    fn at_whole(&mut self, n: u32, interval_s: f64, answer_s: f64) -> (f64, Option<f64>) {
        if let Some(v) = self.cache.get(&n) {
            return *v;
        }
        let d = Demand {
            volume: self.volume,
            interval_seconds: interval_s,
        };
        let v = match evaluate(&d, &self.model, n, answer_s) {
            Ok(p) => (p.service_level, p.p_abandon),
            Err(_) => (0.0, None),
        };
        self.cache.insert(n, v);
        v
    }

    /// Service level (and abandonment) with `x` agents, interpolated between whole agents.
    fn at(&mut self, x: f64, interval_s: f64, answer_s: f64) -> (f64, Option<f64>) {
        let x = x.clamp(0.0, 1e5);
        let lo = x.floor() as u32;
        let w = x - f64::from(lo);
        let a = self.at_whole(lo, interval_s, answer_s);
        if w == 0.0 {
            return a;
        }
        let b = self.at_whole(lo + 1, interval_s, answer_s);
        let ab = match (a.1, b.1) {
            (Some(x), Some(y)) => Some(x + w * (y - x)),
            _ => None,
        };
        (a.0 + w * (b.0 - a.0), ab)
    }

    /// Least agents (fractional) reaching the observed level, up to three times the staffing.
    fn effective(&mut self, interval_s: f64, answer_s: f64) -> Option<f64> {
        let (mut lo, mut hi) = (0u32, (self.agents * 3.0).ceil().max(1.0) as u32);
        let target = self.sl;
        if self.at_whole(hi, interval_s, answer_s).0 < target {
            return None;
        }
        if self.at_whole(0, interval_s, answer_s).0 >= target {
            return Some(0.0);
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if self.at_whole(mid, interval_s, answer_s).0 >= target {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let (a, b) = (
            self.at_whole(lo, interval_s, answer_s).0,
            self.at_whole(hi, interval_s, answer_s).0,
        );
        let w = if b > a {
            ((target - a) / (b - a)).clamp(0.0, 1.0)
        } else {
            1.0
        };
        Some(f64::from(lo) + w)
    }
}

/// Compare observed service levels with the model for the staffing of each interval (see the
/// module docs). `None` when no interval has volume, AHT, agents and an observed level.
pub fn compare(
    h: &History,
    o: &Observed,
    patience_seconds: Option<f64>,
    answer_seconds: f64,
) -> Option<Comparison> {
    let agents = o.agents.as_ref()?;
    let sl = o.service_level.as_ref()?;
    let interval_s = f64::from(h.grid.interval_minutes) * 60.0;
    // Intervals without their own AHT use the queue's volume-weighted mean.
    let mean_aht = h.aht_seconds.as_ref().and_then(|a| {
        let (s, w) = a
            .iter()
            .zip(&h.volume)
            .fold((0.0, 0.0), |(s, w), (a, v)| match (a, v) {
                (Some(a), Some(v)) => (s + a * v, w + v),
                _ => (s, w),
            });
        (w > 0.0).then(|| s / w)
    })?;
    let model = |aht: f64| match patience_seconds {
        Some(p) => ServiceModel::erlang_a(aht, p),
        None => ServiceModel::erlang_c(aht),
    };
    let mut points: Vec<Point> = (0..h.grid.len)
        .filter_map(|i| {
            let v = h.volume[i].filter(|v| *v > 0.0)?;
            let n = agents.get(i).copied().flatten().filter(|n| *n > 0.0)?;
            let s = sl.get(i).copied().flatten()?;
            let aht = h
                .aht_seconds
                .as_ref()
                .and_then(|a| a[i])
                .unwrap_or(mean_aht);
            Some(Point {
                t: format_timestamp(h.grid.time(i)),
                volume: v,
                aht,
                agents: n,
                sl: s,
                abandon: o
                    .abandon_rate
                    .as_ref()
                    .and_then(|a| a.get(i).copied().flatten()),
                model: model(aht),
                cache: HashMap::new(),
            })
        })
        .collect();
    if points.is_empty() {
        return None;
    }
    if points.len() > MAX_COMPARED {
        points.drain(..points.len() - MAX_COMPARED);
    }
    let total_v: f64 = points.iter().map(|p| p.volume).sum();
    let loss = |c: f64, points: &mut [Point]| -> f64 {
        points
            .iter_mut()
            .map(|p| {
                let (m, _) = p.at(c * p.agents, interval_s, answer_seconds);
                p.volume * (p.sl - m) * (p.sl - m)
            })
            .sum::<f64>()
    };
    // Coarse grid, then a fine one around the best point: deterministic and cheap (whole-agent
    // evaluations are cached per interval).
    let mut best = (f64::INFINITY, 1.0);
    for k in 0..=34 {
        let c = 0.3 + 0.05 * f64::from(k);
        let l = loss(c, &mut points);
        if l < best.0 {
            best = (l, c);
        }
    }
    let centre = best.1;
    for k in -10..=10 {
        let c = centre + 0.005 * f64::from(k);
        if c > 0.0 {
            let l = loss(c, &mut points);
            if l < best.0 - 1e-15 {
                best = (l, c);
            }
        }
    }
    let factor = (best.1 * 1000.0).round() / 1000.0;
    let mut rows = Vec::with_capacity(points.len());
    let (mut err0, mut err1) = (0.0, 0.0);
    for p in points.iter_mut() {
        let (m0, ab0) = p.at(p.agents, interval_s, answer_seconds);
        let (m1, _) = p.at(factor * p.agents, interval_s, answer_seconds);
        err0 += p.volume * (p.sl - m0).abs();
        err1 += p.volume * (p.sl - m1).abs();
        let eff = p.effective(interval_s, answer_seconds);
        rows.push(CompareRow {
            timestamp: p.t.clone(),
            volume: p.volume,
            aht_seconds: p.aht,
            agents: p.agents,
            observed_service_level: p.sl,
            model_service_level: m0,
            calibrated_service_level: m1,
            effective_agents: eff,
            observed_abandon_rate: p.abandon,
            model_abandon_rate: ab0,
        });
    }
    Some(Comparison {
        model: if patience_seconds.is_some() {
            ModelKind::ErlangA
        } else {
            ModelKind::ErlangC
        },
        patience_seconds,
        answer_seconds,
        calibration: Calibration {
            factor,
            intervals: rows.len(),
            mean_abs_error: err0 / total_v,
            mean_abs_error_calibrated: err1 / total_v,
        },
        intervals: rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{parse_timestamp, Grid};

    /// A history whose observed levels are the Erlang C levels of 80% of the logged-in agents:
    /// the calibration must find 0.8.
    #[test]
    fn recovers_a_known_effective_share() {
        let n = 40;
        let grid = Grid::new(parse_timestamp("2024-01-01T08:00").unwrap(), 30, n).unwrap();
        let vols: Vec<f64> = (0..n)
            .map(|i| 60.0 + 40.0 * ((i as f64) / 6.0).sin().abs())
            .collect();
        let agents: Vec<f64> = vols
            .iter()
            .map(|v| (v * 200.0 / 1800.0 / 0.8 * 1.15).ceil() + 1.0)
            .collect();
        let sl: Vec<Option<f64>> = vols
            .iter()
            .zip(&agents)
            .map(|(v, a)| {
                let d = Demand {
                    volume: *v,
                    interval_seconds: 1800.0,
                };
                let eff = 0.8 * a;
                let lo = eff.floor() as u32;
                let w = eff - f64::from(lo);
                let f = |k| {
                    evaluate(&d, &ServiceModel::erlang_c(200.0), k, 20.0)
                        .unwrap()
                        .service_level
                };
                Some(f(lo) + w * (f(lo + 1) - f(lo)))
            })
            .collect();
        let h = History {
            grid,
            volume: vols.iter().map(|v| Some(*v)).collect(),
            aht_seconds: Some(vec![Some(200.0); n]),
            rows: n,
            warnings: vec![],
        };
        let o = Observed {
            answer_seconds: Some(20.0),
            answered: None,
            abandoned: None,
            answered_in_target: None,
            agents: Some(agents.iter().map(|a| Some(*a)).collect()),
            service_level: Some(sl),
            asa_seconds: None,
            abandon_rate: None,
        };
        let c = compare(&h, &o, None, 20.0).unwrap();
        assert!(
            (c.calibration.factor - 0.8).abs() <= 0.0051,
            "{:?}",
            c.calibration
        );
        assert!(
            c.calibration.mean_abs_error_calibrated
                < 0.01 * c.calibration.mean_abs_error.max(1e-9) + 0.005
        );
        for r in &c.intervals {
            let e = r.effective_agents.unwrap();
            assert!((e / r.agents - 0.8).abs() < 0.03, "{r:?}");
        }
    }
}
