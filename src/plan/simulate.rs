//! Simulation of a plan's queues: the independent check of the Erlang KPIs, by discrete-event
//! simulation of each voice and chat queue with the agents the schedule gives it.

use super::Plan;
use crate::error::Result;
use crate::simulate::{Concurrency, HandleTime, SimInput, SimInterval};
use crate::staffing::Channel;
use serde::Serialize;

/// The simulation of queue `qi` of a plan with `agents` per interval (the plan's KPI
/// allotment, or a recomputed one); `None` for e-mail queues and queues without a target.
pub fn queue_simulation(plan: &Plan, qi: usize, agents: &[u32]) -> Option<SimInput> {
    let q = plan.scenario.queues.get(qi)?;
    let f = plan.forecast.get(qi)?;
    let target = q.target.as_ref()?;
    if q.channel == Channel::Email || agents.len() != f.volume.len() {
        return None;
    }
    Some(SimInput {
        interval_minutes: plan.scenario.interval_minutes,
        start: plan.timestamps.first()?.to_string(),
        answer_seconds: target.answer_seconds,
        handle_time: HandleTime::Exponential,
        patience_seconds: q.patience_seconds,
        concurrency: q.concurrency.filter(|&c| c > 1).map(|c| Concurrency {
            max: c,
            // The simulator scales the AHT by level; the queue gives AHT per level.
            aht_factors: q.aht_seconds_by_concurrency.as_ref().map(|levels| {
                let base = levels.first().copied().unwrap_or(1.0);
                levels.iter().map(|a| a / base).collect()
            }),
        }),
        overdispersion: None,
        warmup_intervals: 0,
        replications: None,
        seed: None,
        intervals: f
            .volume
            .iter()
            .zip(&f.aht_seconds)
            .zip(agents)
            .map(|((&volume, &aht_seconds), &agents)| SimInterval {
                volume,
                aht_seconds,
                agents,
            })
            .collect(),
    })
}

/// One queue's simulation under the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueSimulation {
    /// Queue id.
    pub queue: String,
    /// The simulation report (per interval and overall, with 95% confidence intervals).
    pub report: crate::simulate::SimReport,
}

/// Verify a plan by simulation: every voice and chat queue with the agents its schedule gives
/// it (the plan's KPI allotment), `replications` runs from `seed`. The plan's shape is checked
/// first (a plan file may have been edited).
pub fn simulate_plan(plan: &Plan, replications: u32, seed: u64) -> Result<Vec<QueueSimulation>> {
    super::check_plan_shape(plan)?;
    let mut out = Vec::new();
    for (qi, k) in plan.kpis.queues.iter().enumerate() {
        if let Some(input) = queue_simulation(plan, qi, &k.agents) {
            out.push(QueueSimulation {
                queue: k.queue.clone(),
                report: crate::simulate::simulate(&input, replications, seed)?,
            });
        }
    }
    Ok(out)
}

/// The multi-skill simulation input of a multi-skill plan: every queue with its forecast, and
/// every agent at work with their skills and on-duty spans (shifts minus breaks, minutes from
/// the horizon start): the rostered agents in their own skill groups when the plan has a
/// roster, else one agent per scheduled shift with its group's skills. `None` for a plan
/// without skill groups. The routing is the simulator's (`simulate::multiskill`): a contact
/// goes to the longest-idle agent who has its skill; a freed agent takes the longest-waiting
/// contact among its skills.
pub fn multiskill_input(
    plan: &Plan,
    replications: u32,
    seed: u64,
) -> Result<Option<crate::simulate::multiskill::MultiSkillInput>> {
    use crate::simulate::multiskill::{AgentInput, DutySpan, MultiSkillInput, QueueInput};
    let c = super::check_plan_shape(plan)?;
    let frame = &c.frame;
    if !frame.multi_skill() {
        return Ok(None);
    }
    let s = frame.scenario();
    let grid = frame.grid();
    let step = i64::from(grid.interval_minutes);
    let horizon = grid.len as i64 * step;
    let mut queues = Vec::with_capacity(s.queues.len());
    for (qi, q) in s.queues.iter().enumerate() {
        let f = &plan.forecast[qi];
        let Some(target) = q.target.as_ref() else {
            return Ok(None);
        };
        queues.push(QueueInput {
            id: q.id.clone(),
            answer_seconds: target.answer_seconds,
            handle_time: HandleTime::Exponential,
            patience_seconds: q.patience_seconds,
            concurrency: q.concurrency.filter(|&c| c > 1).map(|c| Concurrency {
                max: c,
                aht_factors: q.aht_seconds_by_concurrency.as_ref().map(|levels| {
                    let base = levels.first().copied().unwrap_or(1.0);
                    levels.iter().map(|a| a / base).collect()
                }),
            }),
            volume: f.volume.clone(),
            aht_seconds: f
                .aht_seconds
                .iter()
                .map(|&a| if a > 0.0 { a } else { q.aht_seconds })
                .collect(),
        });
    }
    // On-duty spans in minutes from the horizon start, clipped to the horizon.
    let spans = |start: i64, end: i64, breaks: &[(i64, i64)]| -> Vec<DutySpan> {
        let mut out = Vec::new();
        let mut at = start;
        let mut bs: Vec<(i64, i64)> = breaks.to_vec();
        bs.sort_unstable();
        for (b0, b1) in bs.into_iter().chain(std::iter::once((end, end))) {
            let (lo, hi) = (at.max(0), b0.min(end).min(horizon));
            if hi > lo {
                out.push(DutySpan {
                    start: lo as u32,
                    end: hi as u32,
                });
            }
            at = at.max(b1);
        }
        out
    };
    let t0 = grid.time(0);
    let minutes = |t: chrono::NaiveDateTime| (t - t0).num_minutes();
    let mut agents = Vec::new();
    if let Some(r) = &c.roster {
        for a in &r.agents {
            let Some(g) = s
                .agents
                .iter()
                .position(|x| x.id == a.id)
                .and_then(|i| frame.group_of_agent(i))
            else {
                continue;
            };
            let mut on_duty = Vec::new();
            for sh in &a.shifts {
                let br: Vec<(i64, i64)> = sh
                    .breaks
                    .iter()
                    .map(|b| {
                        let m = minutes(b.start.0);
                        (m, m + i64::from(b.minutes))
                    })
                    .collect();
                on_duty.extend(spans(minutes(sh.start.0), minutes(sh.end.0), &br));
            }
            if !on_duty.is_empty() {
                agents.push(AgentInput {
                    skills: frame.groups()[g].skills.clone(),
                    priorities: None,
                    on_duty,
                });
            }
        }
    } else {
        for sh in &c.schedule.shifts {
            let start = sh.first as i64 * step;
            let br: Vec<(i64, i64)> = sh
                .breaks
                .iter()
                .map(|&(o, m)| (start + o, start + o + i64::from(m)))
                .collect();
            let on_duty = spans(start, start + i64::from(sh.span_minutes), &br);
            if on_duty.is_empty() {
                continue;
            }
            for _ in 0..sh.count {
                agents.push(AgentInput {
                    skills: frame.groups()[sh.group].skills.clone(),
                    priorities: None,
                    on_duty: on_duty.clone(),
                });
            }
        }
    }
    Ok(Some(MultiSkillInput {
        interval_minutes: grid.interval_minutes,
        intervals: grid.len,
        start: plan
            .timestamps
            .first()
            .map(|t| t.to_string())
            .unwrap_or_default(),
        queues,
        agents,
        warmup_intervals: 0,
        replications: Some(replications),
        seed: Some(seed),
    }))
}

/// A multi-skill plan's queues, modelled (the plan's KPIs) next to simulated (the multi-skill
/// simulation of its agents, 95% confidence intervals).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillSimulation {
    /// Per queue: modelled and simulated service level over the horizon.
    pub queues: Vec<SkillQueueCheck>,
    /// The full simulation report (per queue and interval, per group).
    pub report: crate::simulate::multiskill::MultiSkillReport,
}

/// One queue: the plan's modelled service level and the simulated one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillQueueCheck {
    /// Queue id.
    pub queue: String,
    /// Target service level.
    pub target: Option<f64>,
    /// The plan's modelled service level over the horizon.
    pub modelled: Option<f64>,
    /// Simulated service level over the horizon (mean and 95% half-width).
    pub simulated: Option<crate::simulate::Estimate>,
    /// Open intervals (with volume) whose simulated service level is below target.
    pub intervals_below_target: usize,
    /// Intervals with volume.
    pub busy_intervals: usize,
}

/// Simulate a multi-skill plan by the multi-skill simulator; `None` for a single-skill plan.
pub fn simulate_plan_skills(
    plan: &Plan,
    replications: u32,
    seed: u64,
) -> Result<Option<SkillSimulation>> {
    let Some(input) = multiskill_input(plan, replications, seed)? else {
        return Ok(None);
    };
    let report = crate::simulate::multiskill::simulate_multiskill(&input, replications, seed)?;
    let queues = plan
        .scenario
        .queues
        .iter()
        .enumerate()
        .map(|(qi, q)| {
            let target = q.target.as_ref().map(|t| t.service_level);
            let r = report.queues.get(qi);
            let vol = plan
                .forecast
                .get(qi)
                .map(|f| f.volume.clone())
                .unwrap_or_default();
            let busy: Vec<usize> = (0..vol.len()).filter(|&i| vol[i] > 0.0).collect();
            let below = busy
                .iter()
                .filter(|&&i| {
                    let sl = r
                        .and_then(|r| r.intervals.get(i))
                        .and_then(|s| s.service_level)
                        .map(|e| e.mean);
                    matches!((sl, target), (Some(sl), Some(t)) if sl + 1e-9 < t)
                })
                .count();
            SkillQueueCheck {
                queue: q.id.clone(),
                target,
                modelled: plan.kpis.queues.get(qi).and_then(|k| k.service_level_total),
                simulated: r.and_then(|r| r.overall.service_level),
                intervals_below_target: below,
                busy_intervals: busy.len(),
            }
        })
        .collect();
    Ok(Some(SkillSimulation { queues, report }))
}
