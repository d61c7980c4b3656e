//! Our own roster input and output (JSON), for the page, the CLI and the scenario.
//!
//! A planner describes shifts (with start times, so rest rules can be derived), agents with
//! contracts, skills, leave and requests, the labour rules (each hard or soft with a weight) and
//! per-day shift demand; [`RosterInput::to_problem`] compiles that into the dense
//! [`Problem`] the search works on, and [`roster`] returns the roster with per-agent hours,
//! fairness counts, the rules that bind on short days, and any broken rule.

pub use super::input::{
    rule_kind, Agent, Contract, Demand, Request, RosterInput, RosterRules, RotationSettings,
    ShiftDef, ShiftKind, SoftRule,
};
use super::problem::{
    Cover, Employee, Problem, RuleKind, ShiftType, Strength, ALL_RULES, MAX_SHIFT_TYPES, OFF,
    RULE_KINDS,
};
use super::rotation::rotation_costs;
use super::rules::rule_units;
use super::search::{shortages, solve, SearchOptions, Shortage};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Largest roster accepted: days x agents (declared in `crate::limits`).
pub use crate::limits::MAX_ROSTER_CELLS as MAX_CELLS;

/// One agent's line of the roster.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentRoster {
    /// Agent id.
    pub agent: String,
    /// Shift id or "" per day.
    pub shifts: Vec<String>,
    /// Paid minutes over the horizon.
    pub minutes: u32,
}

/// A broken rule in an output roster (only soft rules can appear when `feasible`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleBreak {
    /// Agent id.
    pub agent: String,
    /// The rule broken (its code in JSON; `RuleKind::name` is the sentence for people).
    pub rule: RuleKind,
    /// Whether the rule is hard.
    pub hard: bool,
    /// Units of violation.
    pub units: u32,
}

/// Result of [`roster`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RosterOutput {
    /// Whether every hard rule holds.
    pub feasible: bool,
    /// Total soft cost (cover, requests, preferences, soft rules, changes).
    pub cost: u64,
    /// Per agent, in input order.
    pub roster: Vec<AgentRoster>,
    /// Rules broken (soft ones, and hard ones only if no feasible roster was found).
    pub breaks: Vec<RuleBreak>,
    /// Short days and shifts with the rules that bind.
    pub shortages: Vec<Shortage>,
    /// Fairness counts per agent and spread per contract.
    pub fairness: FairnessReport,
    /// Moves tried.
    pub iterations: u64,
}

impl RosterInput {
    /// Parse and validate JSON.
    pub fn from_json(text: &str) -> Result<RosterInput> {
        let input: RosterInput = crate::json::from_json("roster", text)?;
        input.to_problem()?;
        Ok(input)
    }

    fn shift_index(&self, id: &str, path: String) -> Result<usize> {
        self.shifts
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| Error::invalid(path, "a shift id from shifts", id))
    }

    /// Compile to the dense problem, checking every reference and size.
    pub fn to_problem(&self) -> Result<Problem> {
        let days = self.days;
        let ns = self.shifts.len();
        if ns > MAX_SHIFT_TYPES {
            return Err(Error::TooLarge {
                path: "shifts".into(),
                limit: MAX_SHIFT_TYPES,
                found: ns,
            });
        }
        if days.saturating_mul(self.agents.len()) > MAX_CELLS {
            return Err(Error::TooLarge {
                path: "agents".into(),
                limit: MAX_CELLS,
                found: days.saturating_mul(self.agents.len()),
            });
        }
        let mut ids = HashMap::new();
        for (i, s) in self.shifts.iter().enumerate() {
            if s.id.is_empty() || ids.insert(s.id.as_str(), i).is_some() {
                return Err(Error::invalid(
                    format!("shifts[{i}].id"),
                    "a unique non-empty id",
                    &s.id,
                ));
            }
            if s.minutes == 0 || s.minutes > 24 * 60 {
                return Err(Error::invalid(
                    format!("shifts[{i}].minutes"),
                    "1..=1440",
                    s.minutes,
                ));
            }
        }
        // Rest: shift a ends at start_a + len; b starts the next day at 1440 + start_b.
        let mut forbidden = vec![false; ns * ns];
        for (a, sa) in self.shifts.iter().enumerate() {
            for (b, sb) in self.shifts.iter().enumerate() {
                let rest = 1440 + sb.start.minutes() as i64
                    - (sa.start.minutes() + sa.span_minutes.unwrap_or(sa.minutes)) as i64;
                if rest < self.rules.min_rest_minutes as i64 {
                    forbidden[a * ns + b] = true;
                }
            }
        }
        for (k, [a, b]) in self.rules.forbidden_successions.iter().enumerate() {
            let path = format!("rules.forbidden_successions[{k}]");
            let a = self.shift_index(a, path.clone())?;
            let b = self.shift_index(b, path)?;
            forbidden[a * ns + b] = true;
        }
        let mut strengths = [Strength::Hard; RULE_KINDS];
        for (k, s) in self.rules.soft.iter().enumerate() {
            let kind = Some(s.rule)
                .filter(|k| *k != RuleKind::Pinned)
                .ok_or_else(|| {
                    Error::invalid(
                        format!("rules.soft[{k}].rule"),
                        "a rule that can be soft",
                        s.rule.code(),
                    )
                })?;
            strengths[kind as usize] = Strength::Soft(s.weight);
        }
        let mut cover = vec![
            Cover {
                requirement: 0,
                under_weight: 0,
                over_weight: 0
            };
            ns * days
        ];
        for (k, dm) in self.demand.iter().enumerate() {
            let s = self.shift_index(&dm.shift, format!("demand[{k}].shift"))?;
            let c = cover
                .get_mut(dm.day * ns + s)
                .filter(|_| dm.day < days)
                .ok_or_else(|| {
                    Error::invalid(format!("demand[{k}].day"), format!("0..{days}"), dm.day)
                })?;
            *c = Cover {
                requirement: dm.required,
                under_weight: dm.under_weight,
                over_weight: dm.over_weight,
            };
        }
        let rotation = match &self.rules.rotation {
            Some(r) => Some(rotation_costs(self, r)?),
            None => None,
        };
        let mut employees = Vec::with_capacity(self.agents.len());
        let mut agent_ids = HashMap::new();
        for (i, a) in self.agents.iter().enumerate() {
            let path = |f: &str| format!("agents[{i}].{f}");
            if a.id.is_empty() || agent_ids.insert(a.id.as_str(), i).is_some() {
                return Err(Error::invalid(path("id"), "a unique non-empty id", &a.id));
            }
            let c = self
                .contracts
                .iter()
                .find(|c| c.id == a.contract)
                .ok_or_else(|| Error::invalid(path("contract"), "a contract id", &a.contract))?;
            if c.min_minutes > c.max_minutes {
                return Err(Error::Inconsistent {
                    path: format!("contracts.{}.min_minutes", c.id),
                    other: format!("contracts.{}.max_minutes", c.id),
                    message: "the minimum is above the maximum".into(),
                });
            }
            let mut max_shifts = vec![days as u32; ns];
            for (id, &n) in &c.max_shifts {
                let s = self.shift_index(id, format!("contracts.{}.max_shifts", c.id))?;
                max_shifts[s] = n;
            }
            for (s, sh) in self.shifts.iter().enumerate() {
                if let Some(skill) = &sh.skill {
                    if !a.skills.contains(skill) {
                        max_shifts[s] = 0;
                    }
                }
            }
            let mut day_off = vec![false; days];
            for (k, &d) in a.days_off.iter().enumerate() {
                *day_off.get_mut(d).ok_or_else(|| {
                    Error::invalid(path(&format!("days_off[{k}]")), format!("0..{days}"), d)
                })? = true;
            }
            let mut on_requests = vec![Vec::new(); days];
            let mut off_requests = vec![Vec::new(); days];
            for (k, r) in a.requests.iter().enumerate() {
                let rp = path(&format!("requests[{k}]"));
                if r.day >= days {
                    return Err(Error::invalid(rp + ".day", format!("0..{days}"), r.day));
                }
                let shifts: Vec<u8> = match &r.shift {
                    Some(id) => vec![self.shift_index(id, rp.clone() + ".shift")? as u8],
                    None if !r.on => (0..ns as u8).collect(),
                    None => {
                        return Err(Error::invalid(
                            rp + ".shift",
                            "a shift id for an on request",
                            "null",
                        ))
                    }
                };
                for s in shifts {
                    if r.on {
                        on_requests[r.day].push((s, r.weight));
                    } else {
                        off_requests[r.day].push((s, r.weight));
                    }
                }
            }
            let mut shift_cost = Vec::new();
            if !a.preferred_shifts.is_empty() && self.rules.preference_weight > 0 {
                let mut pref = vec![false; ns];
                for (k, id) in a.preferred_shifts.iter().enumerate() {
                    pref[self.shift_index(id, path(&format!("preferred_shifts[{k}]")))?] = true;
                }
                shift_cost = (0..days * ns)
                    .map(|i| {
                        if pref[i % ns] {
                            0
                        } else {
                            self.rules.preference_weight
                        }
                    })
                    .collect();
            }
            if !a.shift_costs.is_empty() {
                if shift_cost.is_empty() {
                    shift_cost = vec![0; days * ns];
                }
                for (id, &w) in &a.shift_costs {
                    let s = self.shift_index(id, path(&format!("shift_costs.{id}")))?;
                    for d in 0..days {
                        shift_cost[d * ns + s] += w;
                    }
                }
            }
            if let Some(rot) = rotation.as_ref().and_then(|r| r.get(i)) {
                if shift_cost.is_empty() {
                    shift_cost = vec![0; days * ns];
                }
                for (x, y) in shift_cost.iter_mut().zip(rot) {
                    *x += y;
                }
            }
            employees.push(Employee {
                id: a.id.clone(),
                max_shifts,
                max_minutes: c.max_minutes,
                min_minutes: c.min_minutes,
                max_consecutive: c.max_consecutive_days,
                min_consecutive: c.min_consecutive_days,
                min_consecutive_off: c.min_consecutive_days_off,
                max_weekends: c.max_weekends,
                day_off,
                on_requests,
                off_requests,
                min_days_off_per_week: c.min_days_off_per_week,
                max_minutes_per_week: c.max_minutes_per_week,
                pinned: vec![None; days],
                reference: None,
                shift_cost,
            });
        }
        let p = Problem {
            days,
            first_weekday: self.start_weekday.index(),
            shifts: self
                .shifts
                .iter()
                .map(|s| ShiftType {
                    id: s.id.clone(),
                    minutes: s.minutes,
                })
                .collect(),
            forbidden,
            employees,
            cover,
            strengths,
            change_weight: 0,
        };
        p.validate()?;
        Ok(p)
    }
}

/// Fairness counts of one agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentFairness {
    /// Agent id.
    pub agent: String,
    /// Contract id.
    pub contract: String,
    /// Early shifts worked.
    pub earlies: u32,
    /// Middle shifts worked.
    pub middles: u32,
    /// Late shifts worked.
    pub lates: u32,
    /// Night shifts worked.
    pub nights: u32,
    /// Weekends with a shift on Saturday or Sunday.
    pub weekends: u32,
    /// Paid minutes.
    pub minutes: u32,
}

/// Spread (max - min) of the counts among agents of one contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractSpread {
    /// Contract id.
    pub contract: String,
    /// Agents on the contract.
    pub agents: usize,
    /// Spread of late shifts.
    pub lates: u32,
    /// Spread of night shifts.
    pub nights: u32,
    /// Spread of working weekends.
    pub weekends: u32,
    /// Spread of paid minutes.
    pub minutes: u32,
}

/// Fairness report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FairnessReport {
    /// Per agent, in input order.
    pub agents: Vec<AgentFairness>,
    /// Per contract.
    pub spread: Vec<ContractSpread>,
}

/// Count each agent's shifts by kind, weekends and minutes, and the spread per contract.
pub fn fairness(input: &RosterInput, p: &Problem, cells: &[Vec<u8>]) -> FairnessReport {
    let agents: Vec<AgentFairness> = input
        .agents
        .iter()
        .zip(cells)
        .map(|(a, row)| {
            let mut f = AgentFairness {
                agent: a.id.clone(),
                contract: a.contract.clone(),
                earlies: 0,
                middles: 0,
                lates: 0,
                nights: 0,
                weekends: super::rules::working_weekends(p, row),
                minutes: super::rules::total_minutes(p, row),
            };
            for &v in row.iter().filter(|&&v| v != OFF) {
                match input.shifts.get(v as usize).map(|s| s.kind) {
                    Some(ShiftKind::Early) => f.earlies += 1,
                    Some(ShiftKind::Middle) => f.middles += 1,
                    Some(ShiftKind::Late) => f.lates += 1,
                    Some(ShiftKind::Night) => f.nights += 1,
                    None => {}
                }
            }
            f
        })
        .collect();
    let mut spread: Vec<ContractSpread> = Vec::new();
    for c in &input.contracts {
        let of: Vec<&AgentFairness> = agents.iter().filter(|a| a.contract == c.id).collect();
        if of.is_empty() {
            continue;
        }
        let range = |f: fn(&AgentFairness) -> u32| {
            let max = of.iter().map(|a| f(a)).max().unwrap_or(0);
            let min = of.iter().map(|a| f(a)).min().unwrap_or(0);
            max - min
        };
        spread.push(ContractSpread {
            contract: c.id.clone(),
            agents: of.len(),
            lates: range(|a| a.lates),
            nights: range(|a| a.nights),
            weekends: range(|a| a.weekends),
            minutes: range(|a| a.minutes),
        });
    }
    FairnessReport { agents, spread }
}

/// Build the output of a solved problem.
pub fn output(
    input: &RosterInput,
    p: &Problem,
    cells: &[Vec<u8>],
    iterations: u64,
) -> RosterOutput {
    let (hard, cost) = super::search::evaluate(p, cells);
    let name = |v: u8| {
        if v == OFF {
            String::new()
        } else {
            p.shifts
                .get(v as usize)
                .map(|s| s.id.clone())
                .unwrap_or_default()
        }
    };
    let roster = p
        .employees
        .iter()
        .zip(cells)
        .map(|(e, row)| AgentRoster {
            agent: e.id.clone(),
            shifts: row.iter().map(|&v| name(v)).collect(),
            minutes: super::rules::total_minutes(p, row),
        })
        .collect();
    let mut breaks = Vec::new();
    for (e, row) in p.employees.iter().zip(cells) {
        for kind in ALL_RULES {
            let units = rule_units(kind, p, e, row);
            if units > 0 {
                breaks.push(RuleBreak {
                    agent: e.id.clone(),
                    rule: kind,
                    hard: p.strengths[kind as usize] == Strength::Hard,
                    units,
                });
            }
        }
    }
    RosterOutput {
        feasible: hard == 0,
        cost,
        roster,
        breaks,
        shortages: shortages(p, cells),
        fairness: fairness(input, p, cells),
        iterations,
    }
}

/// Roster the agents of `input` within the budget.
pub fn roster(input: &RosterInput, opts: &SearchOptions) -> Result<RosterOutput> {
    let p = input.to_problem()?;
    let r = solve(&p, opts, None)?;
    Ok(output(input, &p, &r.cells, r.iterations))
}
