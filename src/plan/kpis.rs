//! The service a plan achieves, per queue and interval: the agents at work net of shrinkage are
//! shared among the queues in proportion to their requirement, and each queue's share is
//! evaluated by its Erlang model against its target.
//!
//! Who is "at work" is the plan's [`Basis`]: the rostered agents on their shifts and off their
//! breaks when the plan has a roster (an unstaffed shift is then an understaffed interval, and
//! the cost is what the rostered shifts cost), else the schedule's shifts. A planner's headline
//! figures must come from the people who will be there, not from the shifts that were asked
//! for.
//!
//! The same function serves the plan and `paiban validate` (with coverage recomputed from the
//! shift list or the roster's agents), so the two can be compared figure by figure.

use super::forecast::QueueForecastOut;
use super::frame::Frame;
use crate::error::Result;
use crate::staffing::horizon::HorizonRequirements;
use crate::staffing::{evaluate, Channel, Demand};
use serde::{Deserialize, Serialize};

/// The schedule's totals the KPIs repeat (cost, paid hours, shifts).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScheduleTotals {
    /// Total shift cost.
    pub cost: f64,
    /// Paid hours.
    pub paid_hours: f64,
    /// Shifts.
    pub shifts: u32,
}

/// Whose presence the KPIs count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The rostered agents, their shifts and their breaks.
    Roster,
    /// The schedule's shifts (no roster in the plan).
    Schedule,
}

/// Service the plan achieves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// Whose presence these figures count.
    pub basis: Basis,
    /// Agents at work per interval (on a shift and not on a break), from the basis.
    pub at_work: Vec<f64>,
    /// Open intervals with fewer agents at work than the positions required.
    pub short_intervals: usize,
    /// Per queue.
    pub queues: Vec<QueueKpis>,
    /// Productive agents per interval (scheduled × (1 − shrinkage)).
    pub productive_agents: Vec<f64>,
    /// Total shift cost.
    pub cost: f64,
    /// Paid hours.
    pub paid_hours: f64,
    /// Shifts.
    pub shifts: u32,
    /// Contacts forecast over the horizon.
    pub contacts: f64,
    /// Cost per contact.
    pub cost_per_contact: Option<f64>,
}

/// Service of one queue under the schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueKpis {
    /// Queue id.
    pub queue: String,
    /// Agents allotted per interval (productive agents shared in proportion to requirement).
    pub agents: Vec<u32>,
    /// Service level per interval (`null`: e-mail or closed).
    pub service_level: Vec<Option<f64>>,
    /// ASA in seconds per interval.
    pub asa_seconds: Vec<Option<f64>>,
    /// Abandon rate per interval (with patience).
    pub abandon_rate: Vec<Option<f64>>,
    /// Occupancy per interval.
    pub occupancy: Vec<Option<f64>>,
    /// Volume-weighted service level over the horizon.
    pub service_level_total: Option<f64>,
    /// Volume-weighted ASA.
    pub asa_total: Option<f64>,
    /// Volume-weighted abandon rate.
    pub abandon_total: Option<f64>,
    /// Intervals where the target is missed.
    pub intervals_below_target: usize,
}

/// Share `total` whole agents among queues in proportion to `need` (largest remainder).
pub(crate) fn share(total: u32, need: &[u32]) -> Vec<u32> {
    let sum: u32 = need.iter().sum();
    if sum == 0 {
        return vec![0; need.len()];
    }
    let exact: Vec<f64> = need
        .iter()
        .map(|&n| f64::from(total) * f64::from(n) / f64::from(sum))
        .collect();
    let mut out: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
    let mut left = total.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..need.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    for &i in order.iter().cycle().take(need.len() * 2) {
        if left == 0 {
            break;
        }
        if need[i] > 0 {
            out[i] += 1;
            left -= 1;
        }
    }
    out
}

/// Service per queue and interval achieved by `scheduled` agents at work per interval (from
/// the roster or the schedule, as `basis` says).
pub fn kpis(
    frame: &Frame,
    forecasts: &[QueueForecastOut],
    req: &HorizonRequirements,
    scheduled: &[f64],
    totals: ScheduleTotals,
    basis: Basis,
) -> Result<Kpis> {
    let (s, grid) = (frame.scenario(), frame.grid());
    let n = grid.len;
    let interval_seconds = f64::from(grid.interval_minutes) * 60.0;
    let productive: Vec<f64> = (0..n)
        .map(|i| {
            let scheduled = scheduled.get(i).copied().unwrap_or(0.0);
            scheduled * (1.0 - req.shrinkage.get(i).copied().unwrap_or(0.0))
        })
        .collect();
    let mut per_queue: Vec<QueueKpis> = s
        .queues
        .iter()
        .map(|q| QueueKpis {
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
        })
        .collect();
    for (i, &p) in productive.iter().enumerate() {
        let need: Vec<u32> = req
            .queues
            .iter()
            .map(|q| q.agents.get(i).copied().unwrap_or(0))
            .collect();
        let got = share((p + 1e-9).floor() as u32, &need);
        for (qi, q) in s.queues.iter().enumerate() {
            let (Some(k), Some(f), Some(&g)) =
                (per_queue.get_mut(qi), forecasts.get(qi), got.get(qi))
            else {
                continue;
            };
            k.agents[i] = g;
            let volume = f.volume.get(i).copied().unwrap_or(0.0);
            if volume <= 0.0 || q.channel == Channel::Email {
                continue;
            }
            let (Some(model), Some(target)) = (
                q.service_model(f.aht_seconds.get(i).copied().unwrap_or(0.0)),
                q.target.as_ref(),
            ) else {
                continue;
            };
            let perf = evaluate(
                &Demand {
                    volume,
                    interval_seconds,
                },
                &model,
                g,
                target.answer_seconds,
            )?;
            k.service_level[i] = Some(perf.service_level);
            k.asa_seconds[i] = perf.asa_seconds;
            k.abandon_rate[i] = perf.p_abandon;
            k.occupancy[i] = Some(perf.occupancy);
            if perf.service_level + 1e-9 < target.service_level {
                k.intervals_below_target += 1;
            }
        }
    }
    for (qi, k) in per_queue.iter_mut().enumerate() {
        let Some(vol) = forecasts.get(qi).map(|f| &f.volume) else {
            continue;
        };
        let weighted = |xs: &[Option<f64>]| -> Option<f64> {
            let (mut w, mut t) = (0.0, 0.0);
            for (x, v) in xs.iter().zip(vol) {
                if let Some(x) = x {
                    w += v;
                    t += v * x;
                }
            }
            (w > 0.0).then(|| t / w)
        };
        k.service_level_total = weighted(&k.service_level);
        k.asa_total = weighted(&k.asa_seconds);
        k.abandon_total = weighted(&k.abandon_rate);
    }
    let contacts: f64 = forecasts.iter().map(|f| f.volume.iter().sum::<f64>()).sum();
    let at_work: Vec<f64> = (0..n)
        .map(|i| scheduled.get(i).copied().unwrap_or(0.0))
        .collect();
    let short_intervals = (0..n)
        .filter(|&i| {
            let need = req.total_positions.get(i).copied().unwrap_or(0);
            need > 0 && at_work[i] + 1e-9 < f64::from(need)
        })
        .count();
    Ok(Kpis {
        basis,
        at_work,
        short_intervals,
        queues: per_queue,
        productive_agents: productive,
        cost: totals.cost,
        paid_hours: totals.paid_hours,
        shifts: totals.shifts,
        contacts,
        cost_per_contact: (contacts > 0.0).then(|| totals.cost / contacts),
    })
}

/// Check a plan's KPI arrays against the horizon and the scenario's queues.
pub fn check_shape(frame: &Frame, k: &Kpis) -> Result<()> {
    use super::frame::same_len;
    let n = frame.len();
    let queues = &frame.scenario().queues;
    same_len(
        "kpis.productive_agents",
        k.productive_agents.len(),
        n,
        "the horizon",
    )?;
    same_len("kpis.at_work", k.at_work.len(), n, "the horizon")?;
    same_len(
        "kpis.queues",
        k.queues.len(),
        queues.len(),
        "scenario.queues",
    )?;
    for (qi, (q, sq)) in k.queues.iter().zip(queues).enumerate() {
        let p = format!("kpis.queues[{qi}]");
        if q.queue != sq.id {
            return Err(crate::error::Error::Inconsistent {
                path: format!("{p}.queue"),
                other: format!("scenario.queues[{qi}].id"),
                message: format!("queue \"{}\" where the scenario has \"{}\"", q.queue, sq.id),
            });
        }
        same_len(&format!("{p}.agents"), q.agents.len(), n, "the horizon")?;
        for (name, v) in [
            ("service_level", &q.service_level),
            ("asa_seconds", &q.asa_seconds),
            ("abandon_rate", &q.abandon_rate),
            ("occupancy", &q.occupancy),
        ] {
            same_len(&format!("{p}.{name}"), v.len(), n, "the horizon")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sharing_agents_follows_need_and_keeps_the_total() {
        assert_eq!(share(10, &[5, 5]), vec![5, 5]);
        assert_eq!(share(7, &[3, 1]), vec![5, 2]);
        assert_eq!(share(0, &[3, 1]), vec![0, 0]);
        assert_eq!(share(5, &[0, 0]), vec![0, 0]);
        assert_eq!(share(5, &[0, 2]), vec![0, 5]);
        let s = share(13, &[4, 4, 4]);
        assert_eq!(s.iter().sum::<u32>(), 13);
    }
}
