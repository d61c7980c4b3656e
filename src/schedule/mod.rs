//! Shift scheduling: how many agents start each shift, and when they take their breaks, so
//! that coverage meets the staffing requirement per interval at least cost.
//!
//! Pipeline: [`template`] (the `SHIFTS.json` shape) and [`requirements`] (the `timestamp,agents`
//! CSV) -> [`candidates`] (every start, length and day of every template) -> [`model`] (the
//! covering model with implicit break placement; its microlp LP in [`relax`]) -> [`solve`]
//! (LP bound, rounding, dives, RINS and window sub-MIPs, branch and bound, local search in
//! [`search`], all within one deterministic work [`budget`]) -> [`report`] (shift list,
//! coverage per interval, under/over, cost, paid hours, FTE, gap).

pub mod budget;
pub mod candidates;
pub mod model;
pub mod relax;
/// The schedule report (shift list, coverage, totals, bound and gap).
pub mod report;
pub mod requirements;
pub mod search;
pub mod skills;
pub mod solve;
pub mod template;

use crate::error::{Error, Result};
use budget::{Budget, DEFAULT_WORK_LIMIT, MAX_WORK_LIMIT};
use model::{Instance, Limit};
use requirements::{penalty_weights, Requirements};
use serde::{Deserialize, Serialize};
use template::ShiftSet;

pub use report::Schedule;
pub use skills::{schedule_skills, SkillGroup, SkillRequirements, SkillSchedule};

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
    /// Work budget in work units ([`budget`]: one unit is about one number touched by a
    /// simplex pivot or one interval priced by the local search). The schedule depends only on
    /// the input and this budget, never on the machine. Default [`DEFAULT_WORK_LIMIT`].
    #[serde(default = "default_work_limit")]
    pub work_limit: u64,
    /// Wall-clock safety cap in seconds (`null`: none). When it binds, the schedule depends on
    /// the machine's speed, and a note says so.
    #[serde(default)]
    pub time_cap_seconds: Option<f64>,
    /// Proven relative gap at which the search stops early (default
    /// [`solve::DEFAULT_GAP_TARGET`]; 0: search until proven optimal or out of work).
    #[serde(default = "default_gap_target")]
    pub gap_target: f64,
    /// What to optimise.
    pub objective: Objective,
    /// Paid hours of one full-time agent per week, for the FTE figure (`null`: no FTE).
    #[serde(default)]
    pub fte_hours_per_week: Option<f64>,
}

fn default_work_limit() -> u64 {
    DEFAULT_WORK_LIMIT
}

fn default_gap_target() -> f64 {
    solve::DEFAULT_GAP_TARGET
}

impl ScheduleOptions {
    /// The default work limit and gap target, no time cap, no FTE figure.
    pub fn new(objective: Objective) -> ScheduleOptions {
        ScheduleOptions {
            work_limit: DEFAULT_WORK_LIMIT,
            time_cap_seconds: None,
            gap_target: solve::DEFAULT_GAP_TARGET,
            objective,
            fte_hours_per_week: None,
        }
    }

    /// The budget these options allow, after checking them.
    pub fn budget(&self) -> Result<Budget> {
        if self.work_limit == 0 || self.work_limit > MAX_WORK_LIMIT {
            return Err(Error::invalid(
                "work_limit",
                format!("a work limit from 1 to {MAX_WORK_LIMIT} units"),
                self.work_limit,
            ));
        }
        let cap = match self.time_cap_seconds {
            Some(s) => Some(crate::error::positive("time_cap_seconds", s)?),
            None => None,
        };
        if !(self.gap_target.is_finite() && (0.0..1.0).contains(&self.gap_target)) {
            return Err(Error::invalid(
                "gap_target",
                "a relative gap from 0 to below 1",
                self.gap_target,
            ));
        }
        Ok(Budget::new(self.work_limit, cap))
    }
}

/// Build the covering instance for `set` against `req` (also used by tests and benches).
pub fn build_instance(
    set: &ShiftSet,
    req: &Requirements,
    objective: Objective,
) -> Result<candidates::Expanded> {
    set.validate()?;
    let mut ex = candidates::expand(set, &req.grid)?;
    candidates::drop_dominated(&mut ex);
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
    if let Some(cap) = set.max_agents_per_interval {
        let excess_weight = inst.big_m();
        inst.max_coverage = Some(model::CoverageCap {
            agents: vec![cap as f64; req.agents.len()],
            excess_weight,
        });
    }
    Ok(ex)
}

/// Schedule shifts from `set` to cover `req`.
pub fn schedule(set: &ShiftSet, req: &Requirements, opts: &ScheduleOptions) -> Result<Schedule> {
    let mut budget = opts.budget()?;
    let ex = build_instance(set, req, opts.objective)?;
    let (units, stats) = solve::solve(&ex.instance, &mut budget, opts.gap_target);
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

/// Requirements inside a JSON request (the wasm/page path; the CLI reads a CSV instead).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementsInput {
    /// Start of the first interval, local ISO time (`2024-01-01T00:00`).
    pub start: String,
    /// Interval length in minutes.
    pub interval_minutes: u32,
    /// Agents required per interval.
    pub agents: Vec<f64>,
    /// Relative price of one agent short per interval (`null`: from the requirement curve).
    #[serde(default)]
    pub weights: Option<Vec<f64>>,
}

impl RequirementsInput {
    /// Validate and put on a grid.
    pub fn to_requirements(&self) -> Result<Requirements> {
        let start = crate::time::parse_timestamp(&self.start).ok_or_else(|| {
            Error::invalid(
                "requirements.start",
                "an ISO 8601 local time like 2024-01-01T00:00",
                &self.start,
            )
        })?;
        let grid = crate::time::Grid::new(start, self.interval_minutes, self.agents.len())?;
        Requirements::new(grid, self.agents.clone(), self.weights.clone())
    }
}

/// The JSON document of [`schedule_json`] (the proposed wasm export `schedule(json) -> json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRequest {
    /// The shift templates (`SHIFTS.json`).
    pub shifts: ShiftSet,
    /// The requirement curve.
    pub requirements: RequirementsInput,
    /// Solver settings.
    pub options: ScheduleOptions,
}

/// JSON in, JSON out: parse a [`ScheduleRequest`], solve, return the [`Schedule`] as JSON.
/// Errors name the JSON path of the bad field.
pub fn schedule_json(text: &str) -> Result<String> {
    let req: ScheduleRequest = crate::json::from_json("schedule request", text)?;
    let r = req.requirements.to_requirements()?;
    let s = schedule(&req.shifts, &r, &req.options)?;
    serde_json::to_string(&s).map_err(|e| Error::invalid("schedule", "serialisable output", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(agents: &[f64], penalty: Option<f64>) -> String {
        serde_json::json!({
            "shifts": {
                "interval_minutes": 60, "cyclic": false,
                "templates": [{ "name": "day", "days": ["mon"],
                    "start": {"earliest": "06:00", "latest": "12:00", "step_minutes": 60},
                    "length_minutes": 480,
                    "breaks": [{"minutes": 60, "earliest_offset_minutes": 180,
                                "latest_offset_minutes": 300, "paid": false}],
                    "cost": {"per_shift": 0.0, "per_paid_hour": 1.0}, "max_per_day": 3 }],
                "understaffing_penalty": penalty
            },
            "requirements": {"start": "2024-01-01T00:00", "interval_minutes": 60, "agents": agents},
            "options": {"objective": {"kind": "cost"},
                        "fte_hours_per_week": 40.0}
        })
        .to_string()
    }

    #[test]
    fn json_round_trip_gives_the_schedule() {
        let mut agents = vec![0.0; 24];
        for a in agents.iter_mut().skip(8).take(6) {
            *a = 2.0;
        }
        let out = schedule_json(&request(&agents, None)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        // Two agents cover 08-14 with breaks at different hours: a third shift is needed for
        // the break hours (coverage 2 everywhere with one-hour unpaid breaks).
        assert_eq!(v["understaffed"].as_array().unwrap().len(), 0);
        assert_eq!(v["shift_count"], 3);
        assert_eq!(v["cost"], 21.0);
        assert!((v["fte"].as_f64().unwrap() - 21.0 * 7.0 / 40.0).abs() < 1e-5);
        assert_eq!(v["gap"], 0.0);
    }

    #[test]
    fn a_priced_shortfall_is_taken_when_cheaper_than_a_shift() {
        let mut agents = vec![0.0; 24];
        agents[9] = 1.0;
        // One agent-hour short at weight ~ (0.5 + 0.5 * 24) costs far less than a 7-hour shift.
        let out = schedule_json(&request(&agents, Some(0.1))).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["shift_count"], 0);
        assert_eq!(v["understaffed"].as_array().unwrap().len(), 1);
        assert_eq!(v["understaffed"][0]["timestamp"], "2024-01-01T09:00");
    }

    #[test]
    fn json_errors_carry_the_path() {
        let bad =
            request(&[1.0, 2.0], None).replace("\"per_paid_hour\":1.0", "\"per_paid_hour\":\"x\"");
        let e = schedule_json(&bad).unwrap_err();
        assert_eq!(e.kind(), "json");
        assert!(e.path().contains("templates[0].cost"), "{}", e.path());
        let bad = request(&[1.0, -2.0], None);
        let e = schedule_json(&bad).unwrap_err();
        assert_eq!(e.path(), "requirements.agents[1]");
    }
}
