//! The service the floor gives per interval as a function of the agents at work, computed the
//! way [`crate::plan::kpis`] computes a plan's figures (productive agents = at work × (1 −
//! shrinkage), rounded down, shared among the queues in proportion to their requirement, each
//! share evaluated by its queue's Erlang model), so what the placers optimise is exactly what
//! the plan reports.
//!
//! The value of an interval is the number of contacts answered within target, Σ_q volume_q ×
//! SL_q: the marginal service loss of taking δ agents off the floor in interval k is
//! `value_k(a_k) − value_k(a_k − δ)`, the greedy criterion commercial WFM suites use for
//! off-phone activities ("place where the service impact is smallest", NICE IEX / Verint
//! intraday activity scheduling). Values are memoised per (interval, productive agents), so a
//! placer pays one Erlang evaluation per distinct staffing level it looks at.

use crate::error::Result;
use crate::plan::{Frame, QueueForecastOut};
use crate::staffing::horizon::HorizonRequirements;
use crate::staffing::{evaluate, Channel, Demand};
use std::collections::HashMap;

/// Service at one interval and one staffing level.
#[derive(Debug, Clone, PartialEq)]
pub struct ServicePoint {
    /// Contacts answered within target (Σ over queues with a target of volume × SL).
    pub answered: f64,
    /// Lowest service level of a queue with a target and volume here (`None`: none).
    pub min_service_level: Option<f64>,
    /// Service level per queue, in scenario order (`None`: e-mail, no volume or no target).
    pub service_levels: Vec<Option<f64>>,
    /// Whether every queue with a target and volume meets all its targets (service level,
    /// ASA, abandonment, occupancy: [`crate::staffing::requirement::meets`], the definition
    /// the requirements and `paiban validate` use).
    pub on_target: bool,
}

/// Per-interval service as a function of agents at work, memoised.
#[derive(Debug, Clone)]
pub struct ServiceCurve<'a> {
    frame: &'a Frame,
    forecasts: &'a [QueueForecastOut],
    req: &'a HorizonRequirements,
    shrinkage: Vec<f64>,
    memo: HashMap<(usize, u32), ServicePoint>,
    /// Erlang evaluations made (the placers' work unit).
    pub evaluations: u64,
}

impl<'a> ServiceCurve<'a> {
    /// A curve over the frame's horizon with `shrinkage` per interval (the requirements' own,
    /// or net of the components that placed activities now stand for).
    pub fn new(
        frame: &'a Frame,
        forecasts: &'a [QueueForecastOut],
        req: &'a HorizonRequirements,
        shrinkage: Vec<f64>,
    ) -> Self {
        ServiceCurve {
            frame,
            forecasts,
            req,
            shrinkage,
            memo: HashMap::new(),
            evaluations: 0,
        }
    }

    /// Shrinkage applied at interval `k`.
    pub fn shrinkage(&self, k: usize) -> f64 {
        self.shrinkage.get(k).copied().unwrap_or(0.0)
    }

    /// Productive agents (whole, as the KPIs count them) of `at_work` in interval `k`.
    pub fn productive(&self, k: usize, at_work: f64) -> u32 {
        let s = self.shrinkage.get(k).copied().unwrap_or(0.0);
        let p = (at_work.max(0.0) * (1.0 - s) + 1e-9).floor();
        if p >= f64::from(u32::MAX) {
            u32::MAX
        } else {
            p as u32
        }
    }

    /// Service at interval `k` with `at_work` agents at work.
    pub fn at(&mut self, k: usize, at_work: f64) -> Result<ServicePoint> {
        let p = self.productive(k, at_work);
        if let Some(v) = self.memo.get(&(k, p)) {
            return Ok(v.clone());
        }
        let v = self.compute(k, p)?;
        self.memo.insert((k, p), v.clone());
        Ok(v)
    }

    fn compute(&mut self, k: usize, productive: u32) -> Result<ServicePoint> {
        let s = self.frame.scenario();
        let interval_seconds = f64::from(self.frame.grid().interval_minutes) * 60.0;
        let need: Vec<u32> = self
            .req
            .queues
            .iter()
            .map(|q| q.agents.get(k).copied().unwrap_or(0))
            .collect();
        let got = crate::plan::kpis::share(productive, &need);
        let (mut answered, mut min_sl) = (0.0, None::<f64>);
        let mut levels = vec![None; s.queues.len()];
        let mut on_target = true;
        for (qi, q) in s.queues.iter().enumerate() {
            let (Some(f), Some(&g)) = (self.forecasts.get(qi), got.get(qi)) else {
                continue;
            };
            let volume = f.volume.get(k).copied().unwrap_or(0.0);
            if volume <= 0.0 || q.channel == Channel::Email {
                continue;
            }
            let (Some(model), Some(target)) = (
                q.service_model(f.aht_seconds.get(k).copied().unwrap_or(0.0)),
                q.target.as_ref(),
            ) else {
                continue;
            };
            self.evaluations += 1;
            let perf = evaluate(
                &Demand {
                    volume,
                    interval_seconds,
                },
                &model,
                g,
                target.answer_seconds,
            )?;
            answered += volume * perf.service_level;
            levels[qi] = Some(perf.service_level);
            if !crate::staffing::requirement::meets(&perf, target, q.max_occupancy) {
                on_target = false;
            }
            min_sl = Some(min_sl.map_or(perf.service_level, |m| m.min(perf.service_level)));
        }
        Ok(ServicePoint {
            answered,
            min_service_level: min_sl,
            service_levels: levels,
            on_target,
        })
    }

    /// Contacts answered within target lost in interval `k` when at-work goes from `before`
    /// to `after` (negative: gained).
    pub fn loss(&mut self, k: usize, before: f64, after: f64) -> Result<f64> {
        Ok(self.at(k, before)?.answered - self.at(k, after)?.answered)
    }
}

/// Shrinkage per interval of the frame's horizon with the components in `drop` set to zero:
/// once meetings and training are placed as sessions, the percentages that stood for them must
/// not be taken off the floor a second time.
pub fn shrinkage_without(frame: &Frame, drop: &[ShrinkageKind]) -> Vec<f64> {
    let s = &frame.scenario().shrinkage;
    let grid = frame.grid();
    (0..grid.len)
        .map(|i| {
            let day = grid.weekday(i);
            let mut c = *s.by_weekday.get(&day).unwrap_or(&s.components);
            for d in drop {
                match d {
                    ShrinkageKind::Training => c.training = 0.0,
                    ShrinkageKind::Meetings => c.meetings = 0.0,
                    ShrinkageKind::Absence => c.absence = 0.0,
                    ShrinkageKind::Other => c.other = 0.0,
                }
            }
            c.total(s.combine)
        })
        .collect()
}

/// A shrinkage component that explicit planning can replace.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ShrinkageKind {
    /// Training and coaching.
    Training,
    /// Meetings.
    Meetings,
    /// Absence (leave that is planned as days or hours off).
    Absence,
    /// Other off-phone time.
    Other,
}
