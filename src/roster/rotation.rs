//! Fair cyclic rotation (轮班), post rotation (轮岗) and the fairness report.
//!
//! Contact centres rotate a team week by week through early, middle and late shifts (and
//! weekend duty) so that nobody is stuck on lates; agents with several skills rotate between
//! posts (queues) by week. A cyclic plan is fair by construction: agent `i` in week `w` takes
//! kind `cycle[(i + w) mod len]`, so over `len` weeks everyone does each kind equally often.
//! The plan enters the search as a soft preference ([`rotation_costs`]) rather than a hard
//! pattern, so demand and labour rules still win where they must; [`fairness`] then reports
//! each agent's nights, lates, weekends and hours and the spread per contract.

use super::model::RosterInput;
use super::problem::{Problem, OFF};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Kind of a shift, for rotation and fairness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShiftKind {
    /// Early shift (早班).
    Early,
    /// Middle / day shift (中班).
    Middle,
    /// Late shift (晚班).
    Late,
    /// Night shift (夜班).
    Night,
}

/// Settings of the cyclic rotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotationSettings {
    /// Kinds the team rotates through, one per week, e.g. `["early", "middle", "late"]`.
    pub cycle: Vec<ShiftKind>,
    /// Number of weekend-duty groups: agent `i` is on weekend duty in week `w` when
    /// `(i + w) mod groups == 0`; `None` = no weekend rotation.
    pub weekend_groups: Option<usize>,
    /// Posts (skills/queues) agents rotate between week by week (轮岗); empty = none.
    pub posts: Vec<String>,
    /// Cost per day an agent works off their rotation (other kind, weekend off duty, other post).
    pub weight: u32,
}

/// One agent's rotation for one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RotationWeek {
    /// Shift kind of the week.
    pub kind: ShiftKind,
    /// Whether the agent is on weekend duty this week.
    pub weekend_duty: bool,
    /// Post of the week (when posts rotate and the agent has one of them).
    pub post: Option<String>,
}

/// The rotation plan: per agent (input order), per calendar week of the horizon.
pub fn rotation_plan(input: &RosterInput, r: &RotationSettings) -> Result<Vec<Vec<RotationWeek>>> {
    if r.cycle.is_empty() {
        return Err(Error::Empty {
            path: "rules.rotation.cycle".into(),
            expected: "at least one shift kind".into(),
        });
    }
    if r.weekend_groups == Some(0) {
        return Err(Error::invalid(
            "rules.rotation.weekend_groups",
            "a number >= 1 or null",
            0,
        ));
    }
    let weeks = (input.start_weekday.index() + input.days).div_ceil(7);
    Ok(input
        .agents
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mine: Vec<&String> = r.posts.iter().filter(|p| a.skills.contains(p)).collect();
            (0..weeks)
                .map(|w| RotationWeek {
                    kind: r.cycle[(i + w) % r.cycle.len()],
                    weekend_duty: r.weekend_groups.map_or(true, |g| (i + w) % g == 0),
                    post: (!mine.is_empty()).then(|| mine[(i + w) % mine.len()].clone()),
                })
                .collect()
        })
        .collect())
}

/// Per agent, the cost of each (day, shift) (`day * shifts + shift`) for leaving the rotation.
pub fn rotation_costs(input: &RosterInput, r: &RotationSettings) -> Result<Vec<Vec<u32>>> {
    let plan = rotation_plan(input, r)?;
    let ns = input.shifts.len();
    let first = input.start_weekday.index();
    Ok(plan
        .iter()
        .map(|weeks| {
            let mut cost = vec![0u32; input.days * ns];
            for d in 0..input.days {
                let Some(wk) = weeks.get((first + d) / 7) else {
                    continue;
                };
                let weekend = (first + d) % 7 >= 5;
                for (s, sh) in input.shifts.iter().enumerate() {
                    let mut c = 0;
                    if sh.kind != wk.kind {
                        c += r.weight;
                    }
                    if weekend && !wk.weekend_duty {
                        c += r.weight;
                    }
                    if let (Some(skill), Some(post)) = (&sh.skill, &wk.post) {
                        if r.posts.contains(skill) && skill != post {
                            c += r.weight;
                        }
                    }
                    cost[d * ns + s] = c;
                }
            }
            cost
        })
        .collect())
}

/// Fairness counts of one agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
