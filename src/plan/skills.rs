//! Skills through the plan: who is at work per skill group, the per-queue KPIs of a
//! multi-skill centre, and the plan's `skills` summary (groups, their shifts, and per interval
//! how each group's agents split among the queues).
//!
//! Why: with cross-trained agents the service of a queue depends on who is at work with which
//! skills, not on a head count shared in proportion to need. The KPIs here count each
//! rostered agent in their own skill group (their skills, whatever group's shift they work),
//! on duty over their shift minus their breaks, net of shrinkage, and evaluate every queue by
//! the multi-skill model of `staffing::skills::modelled_horizon` (the balanced fluid split of
//! the groups over the queues, then each queue as the pooled Erlang queue of the agents who can
//! serve it). The routing it models, and that `plan simulate` simulates
//! (`simulate::multiskill`): a contact goes to the longest-idle agent who has its skill; a
//! freed agent takes the longest-waiting contact among its skills.

use super::forecast::QueueForecastOut;
use super::frame::{CheckedSchedule, Frame};
use super::kpis::{Basis, Kpis, QueueKpis, ScheduleTotals};
use super::roster::PlanRoster;
use crate::error::Result;
use crate::staffing::horizon::HorizonRequirements;
use crate::staffing::skills::{meets_target, modelled_horizon, SkillQueue};
use serde::{Deserialize, Serialize};

/// A multi-skill plan's skill groups and how their agents split among the queues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanSkills {
    /// The skill groups (the frame's order).
    pub groups: Vec<PlanSkillGroup>,
    /// `at_work[g][t]`: agents of group `g` at work in interval `t` (the KPIs' basis: rostered
    /// agents in their own group, or the schedule's shifts of the group), off their breaks.
    pub at_work: Vec<Vec<f64>>,
    /// `split[t][g][q]`: productive agents of group `g` answering queue `q` in interval `t`
    /// (the model's balanced split).
    pub split: Vec<Vec<Vec<f64>>>,
}

/// One skill group of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanSkillGroup {
    /// Group id.
    pub id: String,
    /// Queue ids its agents answer.
    pub skills: Vec<String>,
    /// Its agents (ids); empty for declared groups.
    pub agents: Vec<String>,
    /// Headcount limit, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_agents: Option<u32>,
    /// Shifts the schedule gives the group.
    pub scheduled_shifts: u32,
    /// Shifts its agents work in the roster (with a roster).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rostered_shifts: Option<u32>,
}

/// Add one on-duty span (shift minus breaks) to `cov`, as [`super::roster_coverage`] counts.
fn add_span(
    frame: &Frame,
    cov: &mut [f64],
    first: i64,
    last: i64,
    off: &[(i64, i64)],
    weight: f64,
) {
    let n = frame.len() as i64;
    let cyclic = frame.scenario().shifts.cyclic;
    let last = last.min(first + 2 * frame.grid().per_day() as i64);
    for k in first..last {
        if off.iter().any(|&(lo, hi)| k >= lo && k < hi) {
            continue;
        }
        let idx = if cyclic { k.rem_euclid(n) } else { k };
        if let Some(c) = usize::try_from(idx).ok().and_then(|i| cov.get_mut(i)) {
            *c += weight;
        }
    }
}

/// Agents at work per group and interval from a roster: each agent in their own group.
pub fn roster_group_coverage(frame: &Frame, r: &PlanRoster) -> Vec<Vec<f64>> {
    let grid = frame.grid();
    let step = i64::from(grid.interval_minutes.max(1));
    let agents = &frame.scenario().agents;
    let mut cov = vec![vec![0.0; frame.len()]; frame.groups().len()];
    for a in &r.agents {
        let Some(g) = agents
            .iter()
            .position(|x| x.id == a.id)
            .and_then(|i| frame.group_of_agent(i))
        else {
            continue;
        };
        for sh in &a.shifts {
            let (Some(first), Some(last)) = (grid.offset_of(sh.start.0), grid.offset_of(sh.end.0))
            else {
                continue;
            };
            let off: Vec<(i64, i64)> = sh
                .breaks
                .iter()
                .filter_map(|b| {
                    let o = grid.offset_of(b.start.0)?;
                    Some((o, o + i64::from(b.minutes) / step))
                })
                .collect();
            add_span(frame, &mut cov[g], first, last, &off, 1.0);
        }
    }
    cov
}

/// Agents at work per group and interval from the schedule's shifts.
pub fn schedule_group_coverage(frame: &Frame, sched: &CheckedSchedule) -> Vec<Vec<f64>> {
    let step = i64::from(frame.grid().interval_minutes.max(1));
    let mut cov = vec![vec![0.0; frame.len()]; frame.groups().len()];
    for sh in &sched.shifts {
        let Some(c) = cov.get_mut(sh.group) else {
            continue;
        };
        let first = sh.first as i64;
        let last = first + i64::from(sh.span_minutes) / step;
        let off: Vec<(i64, i64)> = sh
            .breaks
            .iter()
            .map(|&(o, m)| (first + o / step, first + (o + i64::from(m)) / step))
            .collect();
        add_span(frame, c, first, last, &off, f64::from(sh.count));
    }
    cov
}

/// The per-queue KPIs of a multi-skill centre with `at_work[g][t]` agents of each group at
/// work, and the plan's skills summary.
pub fn skill_kpis(
    frame: &Frame,
    forecasts: &[QueueForecastOut],
    req: &HorizonRequirements,
    at_work: Vec<Vec<f64>>,
    totals: ScheduleTotals,
    basis: Basis,
) -> Result<(Kpis, Vec<Vec<Vec<f64>>>)> {
    let s = frame.scenario();
    let n = frame.len();
    let ng = frame.groups().len();
    let groups = super::requirements::staffing_groups(frame, None);
    let shrink = |t: usize| req.shrinkage.get(t).copied().unwrap_or(0.0);
    let intervals: Vec<Vec<SkillQueue>> = (0..n)
        .map(|t| super::requirements::skill_queues(frame, forecasts, t))
        .collect::<Result<_>>()?;
    let productive: Vec<Vec<f64>> = (0..n)
        .map(|t| {
            (0..ng)
                .map(|g| {
                    at_work
                        .get(g)
                        .and_then(|r| r.get(t))
                        .copied()
                        .unwrap_or(0.0)
                        * (1.0 - shrink(t))
                })
                .collect()
        })
        .collect();
    let m = modelled_horizon(&intervals, &groups, &productive).map_err(|e| e.within("kpis"))?;
    let total_at_work: Vec<f64> = (0..n)
        .map(|t| {
            at_work
                .iter()
                .map(|r| r.get(t).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let mut queues = Vec::with_capacity(s.queues.len());
    for (qi, q) in s.queues.iter().enumerate() {
        let mut k = QueueKpis {
            queue: q.id.clone(),
            agents: vec![0; n],
            service_level: vec![None; n],
            asa_seconds: vec![None; n],
            abandon_rate: vec![None; n],
            occupancy: vec![None; n],
            service_level_total: None,
            asa_total: None,
            abandon_total: None,
            intervals_below_target: 0,
        };
        for (t, iv) in m.intervals.iter().enumerate().take(n) {
            let share: f64 = iv
                .split
                .iter()
                .map(|row| row.get(qi).copied().unwrap_or(0.0))
                .sum();
            k.agents[t] = (share + 1e-9).round().max(0.0) as u32;
            let volume = intervals[t][qi].demand.volume;
            if volume <= 0.0 {
                continue;
            }
            let Some(qs) = iv.queues.get(qi) else {
                continue;
            };
            k.service_level[t] = Some(qs.service_level);
            k.asa_seconds[t] = qs.asa_seconds;
            k.abandon_rate[t] = qs.abandon_rate;
            k.occupancy[t] = qs.occupancy;
            let sq = &intervals[t][qi];
            if !meets_target(qs, &sq.target, None) {
                k.intervals_below_target += 1;
            }
        }
        let vol: Vec<f64> = (0..n).map(|t| intervals[t][qi].demand.volume).collect();
        let weighted = |xs: &[Option<f64>]| -> Option<f64> {
            let (mut w, mut tot) = (0.0, 0.0);
            for (x, v) in xs.iter().zip(&vol) {
                if let Some(x) = x {
                    w += v;
                    tot += v * x;
                }
            }
            (w > 0.0).then(|| tot / w)
        };
        k.service_level_total = weighted(&k.service_level);
        k.asa_total = weighted(&k.asa_seconds);
        k.abandon_total = weighted(&k.abandon_rate);
        queues.push(k);
    }
    let contacts: f64 = forecasts.iter().map(|f| f.volume.iter().sum::<f64>()).sum();
    let short_intervals = (0..n)
        .filter(|&t| {
            let need = req.total_positions.get(t).copied().unwrap_or(0);
            need > 0 && total_at_work[t] + 1e-9 < f64::from(need)
        })
        .count();
    let split = m.intervals.iter().map(|iv| iv.split.clone()).collect();
    Ok((
        Kpis {
            basis,
            short_intervals,
            queues,
            productive_agents: (0..n)
                .map(|t| total_at_work[t] * (1.0 - shrink(t)))
                .collect(),
            at_work: total_at_work,
            cost: totals.cost,
            paid_hours: totals.paid_hours,
            shifts: totals.shifts,
            contacts,
            cost_per_contact: (contacts > 0.0).then(|| totals.cost / contacts),
        },
        split,
    ))
}

/// The plan's skills summary.
pub fn plan_skills(
    frame: &Frame,
    sched: &crate::schedule::Schedule,
    roster: Option<&PlanRoster>,
    at_work: Vec<Vec<f64>>,
    split: Vec<Vec<Vec<f64>>>,
) -> PlanSkills {
    let s = frame.scenario();
    let groups = frame
        .groups()
        .iter()
        .map(|g| PlanSkillGroup {
            id: g.id.clone(),
            skills: g
                .skills
                .iter()
                .filter_map(|&q| s.queues.get(q).map(|x| x.id.clone()))
                .collect(),
            agents: g
                .agents
                .iter()
                .filter_map(|&a| s.agents.get(a).map(|x| x.id.clone()))
                .collect(),
            max_agents: g.max_agents,
            scheduled_shifts: sched
                .shifts
                .iter()
                .filter(|sh| sh.group.as_deref() == Some(g.id.as_str()))
                .map(|sh| sh.count)
                .sum(),
            rostered_shifts: roster.map(|r| {
                r.agents
                    .iter()
                    .filter(|a| g.agents.iter().any(|&i| s.agents[i].id == a.id))
                    .map(|a| a.shifts.len() as u32)
                    .sum()
            }),
        })
        .collect();
    PlanSkills {
        groups,
        at_work,
        split,
    }
}
