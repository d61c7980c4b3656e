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
