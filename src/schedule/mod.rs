//! Shift scheduling: how many agents start each shift, and when they take their breaks, so
//! that coverage meets the staffing requirement per interval at least cost.
//!
//! Pipeline: [`template`] (the `SHIFTS.json` shape) and [`requirements`] (the `timestamp,agents`
//! CSV) -> [`candidates`] (every start, length and day of every template) -> [`model`] (the
//! covering model with implicit break placement and its LP for good_lp/microlp) -> [`solve`]
//! (LP bound, rounding, repair, local search in [`search`], exact branch and bound when small)
//! -> [`report`] (shift list, coverage per interval, under/over, cost, paid hours, FTE, gap).

pub mod candidates;
pub mod model;
/// The schedule report (shift list, coverage, totals, bound and gap).
pub mod report;
pub mod requirements;
pub mod search;
pub mod solve;
pub mod template;

use crate::error::{Error, Result};
use model::{Instance, Limit};
use requirements::{penalty_weights, Requirements};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use template::ShiftSet;

pub use report::Schedule;

/// What to optimise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Objective {
    /// Least cost: shift cost plus the price of shortfall (hard coverage when the penalty is
    /// `null`).
    Cost,
    /// Best service for a fixed headcount or budget: least weighted shortfall with at most
    /// `max_shifts` shifts and/or at most `budget` of shift cost; cost breaks ties.
    Service {
        /// Most shifts in the horizon.
        #[serde(default)]
        max_shifts: Option<u32>,
        /// Most total shift cost.
        #[serde(default)]
        budget: Option<f64>,
    },
}

/// Solver settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleOptions {
    /// Time budget in seconds (the result is deterministic when the budget is not hit).
    pub time_limit_seconds: f64,
    /// What to optimise.
    pub objective: Objective,
    /// Paid hours of one full-time agent per week, for the FTE figure (`null`: no FTE).
    #[serde(default)]
    pub fte_hours_per_week: Option<f64>,
}

/// Build the covering instance for `set` against `req` (also used by tests and benches).
pub fn build_instance(
    set: &ShiftSet,
    req: &Requirements,
    objective: Objective,
) -> Result<candidates::Expanded> {
    set.validate()?;
    let mut ex = candidates::expand(set, &req.grid)?;
    let inst: &mut Instance = &mut ex.instance;
    inst.requirement = req.agents.clone();
    let weights = req
        .weights
        .clone()
        .unwrap_or_else(|| penalty_weights(&req.agents));
    let max_cost = inst.columns.iter().map(|c| c.cost).fold(0.0, f64::max);
    match objective {
        Objective::Cost => {
            inst.under_weight = match set.understaffing_penalty {
                Some(p) => weights.iter().map(|w| p * w).collect(),
                // Hard coverage: shortfall dearer than any shift that could remove it.
                None => vec![10.0 * (max_cost + 1.0); req.agents.len()],
            };
        }
        Objective::Service { max_shifts, budget } => {
            let p = set.understaffing_penalty.unwrap_or(1.0);
            inst.under_weight = weights.iter().map(|w| p * w).collect();
            let min_w = inst
                .under_weight
                .iter()
                .copied()
                .filter(|w| *w > 0.0)
                .fold(f64::INFINITY, f64::min);
            inst.cost_weight = if min_w.is_finite() && max_cost > 0.0 {
                1e-3 * min_w / (max_cost * req.agents.len() as f64)
            } else {
                0.0
            };
            inst.limit = match (max_shifts, budget) {
                (Some(n), _) => Some(Limit::Shifts(n)),
                (None, Some(b)) => Some(Limit::Budget(crate::error::non_negative(
                    "objective.budget",
                    b,
                )?)),
                (None, None) => {
                    return Err(Error::invalid(
                        "objective",
                        "max_shifts or budget for the service objective",
                        "neither",
                    ))
                }
            };
        }
    }
    if let Some(o) = set.overstaffing_penalty {
        inst.over_weight = vec![o; req.agents.len()];
    }
    Ok(ex)
}

/// Schedule shifts from `set` to cover `req`.
pub fn schedule(set: &ShiftSet, req: &Requirements, opts: &ScheduleOptions) -> Result<Schedule> {
    let secs = crate::error::positive("time_limit_seconds", opts.time_limit_seconds)?;
    let ex = build_instance(set, req, opts.objective)?;
    let (units, stats) = solve::solve(&ex.instance, Duration::from_secs_f64(secs.min(3600.0)));
    Ok(report::build(
        set,
        &req.grid,
        &ex.instance,
        &ex.candidates,
        &units,
        &stats,
        opts.fte_hours_per_week,
        Vec::new(),
    ))
}
