//! Requirements over a whole planning horizon: per interval and per queue, then in total and in
//! positions after shrinkage. This is what the schedule step consumes (`timestamp,agents`).
//!
//! Voice and chat queues are staffed interval by interval, wherever volume is forecast (the
//! `open` flags only schedule deferred work), with
//! [`required_agents`](super::required_agents); e-mail
//! queues with the deferred-work greedy ([`plan_deferred`]), whose backlog carries over.
//! Totals add the queues' agents (each queue staffed by its own team; see
//! [`crate::staffing::whatif::pooling`] for what a pooled team would save). Positions apply the
//! shrinkage of the interval's weekday to the total: `ceil(total / (1 - shrinkage))`.

use super::deferred::{plan_deferred, DeferredWork, WindowClock};
use super::model::Demand;
use super::queue::{Channel, Queue};
use super::requirement::required_unchecked;
use super::shrinkage::{positions, Shrinkage};
use crate::error::{non_negative, positive};
use crate::limits::{MAX_PLAN_INTERVALS, MAX_QUEUES};
use crate::time::{parse_timestamp, Grid};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// Forecast of one queue over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueForecast {
    /// The queue's `id`.
    pub queue: String,
    /// Contacts arriving per interval (one per interval of the grid).
    pub volume: Vec<f64>,
    /// Average handle time per interval in seconds; `null` = the queue's `aht_seconds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aht_seconds: Option<Vec<f64>>,
}

/// JSON request for [`requirements_request`] (the wasm `requirements` export).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementsRequest {
    /// Start of the first interval, local ISO time (`"2024-06-17T00:00"`).
    pub start: String,
    /// Interval length in minutes (divides a day: 15, 30, 60).
    pub interval_minutes: u32,
    /// The queues.
    pub queues: Vec<Queue>,
    /// One forecast per queue (matched by id).
    pub forecast: Vec<QueueForecast>,
    /// Shrinkage for positions; `null` = report agents only (positions = agents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shrinkage: Option<Shrinkage>,
    /// Whether the centre is open in each interval (e-mail is only worked when open);
    /// `null` = open in every interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<Vec<bool>>,
}

/// Requirement of one queue over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueRequirements {
    /// Queue id.
    pub queue: String,
    /// Channel of the queue.
    pub channel: Channel,
    /// Agents needed per interval.
    pub agents: Vec<u32>,
    /// Service level achieved per interval (`null` for e-mail).
    pub service_level: Vec<Option<f64>>,
    /// Occupancy per interval (`null` for e-mail).
    pub occupancy: Vec<Option<f64>>,
    /// ASA per interval in seconds (`null` for e-mail or unstable).
    pub asa_seconds: Vec<Option<f64>>,
    /// Intervals whose targets could not be met by any staffing (indices).
    pub unmet: Vec<usize>,
    /// E-mail: items waiting at the end of each interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backlog: Option<Vec<f64>>,
    /// Agent-hours of this queue.
    pub agent_hours: f64,
}

/// Requirements of all queues and in total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HorizonRequirements {
    /// Interval length in minutes.
    pub interval_minutes: u32,
    /// Start of each interval (local ISO).
    pub timestamps: Vec<String>,
    /// Per queue, in the order of the request.
    pub queues: Vec<QueueRequirements>,
    /// Sum of the queues' agents per interval.
    pub total_agents: Vec<u32>,
    /// Shrinkage applied per interval (its weekday's total).
    pub shrinkage: Vec<f64>,
    /// Positions per interval: `ceil(total_agents / (1 - shrinkage))`.
    pub total_positions: Vec<u32>,
    /// Total agent-hours.
    pub agent_hours: f64,
    /// Total position-hours.
    pub position_hours: f64,
    /// Multi-skill centres: agents and positions per skill group and interval (then
    /// `total_agents` and `total_positions` are their sums); absent for one team answering
    /// every queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<super::skills::GroupRequirement>>,
}

/// Parse and validate a JSON request, then compute [`requirements`].
pub fn requirements_request(req: &RequirementsRequest) -> Result<HorizonRequirements> {
    let start = parse_timestamp(&req.start)
        .ok_or_else(|| Error::invalid("start", "a local time like 2024-06-17T00:00", &req.start))?;
    let len = req.forecast.first().map_or(0, |f| f.volume.len());
    let grid = Grid::new(start, req.interval_minutes, len)?;
    requirements(
        &grid,
        &req.queues,
        &req.forecast,
        req.shrinkage.as_ref(),
        req.open.as_deref(),
    )
}

/// Per-interval requirements of every queue over `grid`, and totals.
pub fn requirements(
    grid: &Grid,
    queues: &[Queue],
    forecast: &[QueueForecast],
    shrinkage: Option<&Shrinkage>,
    open: Option<&[bool]>,
) -> Result<HorizonRequirements> {
    let n = grid.len;
    if queues.is_empty() {
        return Err(Error::Empty {
            path: "queues".into(),
            expected: "at least one queue".into(),
        });
    }
    if queues.len() > MAX_QUEUES {
        return Err(Error::TooLarge {
            path: "queues".into(),
            limit: MAX_QUEUES,
            found: queues.len(),
        });
    }
    if n > MAX_PLAN_INTERVALS {
        return Err(Error::TooLarge {
            path: "forecast[0].volume".into(),
            limit: MAX_PLAN_INTERVALS,
            found: n,
        });
    }
    for (i, q) in queues.iter().enumerate() {
        q.validate(&format!("queues[{i}]"))?;
        if queues[..i].iter().any(|o| o.id == q.id) {
            return Err(Error::invalid(
                format!("queues[{i}].id"),
                "an id not used by another queue",
                &q.id,
            ));
        }
    }
    if let Some(s) = shrinkage {
        s.validate("shrinkage")?;
    }
    if let Some(o) = open {
        if o.len() != n {
            return Err(Error::Inconsistent {
                path: "open".into(),
                other: "forecast[0].volume".into(),
                message: format!("{} open flags for {n} intervals", o.len()),
            });
        }
    }
    let interval_seconds = f64::from(grid.interval_minutes) * 60.0;
    let mut out_queues = Vec::with_capacity(queues.len());
    for (qi, q) in queues.iter().enumerate() {
        let (fi, f) = forecast
            .iter()
            .enumerate()
            .find(|(_, f)| f.queue == q.id)
            .ok_or_else(|| Error::Empty {
                path: format!("forecast (queue {})", q.id),
                expected: format!("a forecast for queues[{qi}] \"{}\"", q.id),
            })?;
        let fp = format!("forecast[{fi}]");
        if f.volume.len() != n {
            return Err(Error::Inconsistent {
                path: format!("{fp}.volume"),
                other: "forecast[0].volume".into(),
                message: format!("{} intervals, expected {n}", f.volume.len()),
            });
        }
        for (i, v) in f.volume.iter().enumerate() {
            non_negative(&format!("{fp}.volume[{i}]"), *v)?;
        }
        if let Some(a) = &f.aht_seconds {
            if a.len() != n {
                return Err(Error::Inconsistent {
                    path: format!("{fp}.aht_seconds"),
                    other: format!("{fp}.volume"),
                    message: format!("{} handle times for {n} intervals", a.len()),
                });
            }
            for (i, v) in a.iter().enumerate() {
                positive(&format!("{fp}.aht_seconds[{i}]"), *v)?;
            }
        }
        let aht_at = |i: usize| -> f64 {
            f.aht_seconds
                .as_ref()
                .and_then(|a| a.get(i).copied())
                .unwrap_or(q.aht_seconds)
        };
        let req = if q.channel == Channel::Email {
            let aht: Vec<f64> = (0..n).map(aht_at).collect();
            let plan = plan_deferred(&DeferredWork {
                volume: &f.volume,
                aht_seconds: if aht.is_empty() { &[1.0] } else { &aht },
                interval_minutes: f64::from(grid.interval_minutes),
                window_minutes: q.response_window_minutes.unwrap_or(0.0),
                clock: q.response_window_clock.unwrap_or(WindowClock::OpenHours),
                open,
                max_occupancy: q.max_occupancy,
            })
            .map_err(|e| prefix_error(e, &format!("queues[{qi}]")))?;
            QueueRequirements {
                queue: q.id.clone(),
                channel: q.channel,
                agent_hours: plan.agent_hours,
                service_level: vec![None; n],
                occupancy: vec![None; n],
                asa_seconds: vec![None; n],
                unmet: Vec::new(),
                agents: plan.agents,
                backlog: Some(plan.backlog),
            }
        } else {
            let target = q.target.clone().ok_or_else(|| {
                Error::invalid(
                    format!("queues[{qi}].target"),
                    "a service target",
                    "nothing",
                )
            })?;
            let mut r = QueueRequirements {
                queue: q.id.clone(),
                channel: q.channel,
                agents: Vec::with_capacity(n),
                service_level: Vec::with_capacity(n),
                occupancy: Vec::with_capacity(n),
                asa_seconds: Vec::with_capacity(n),
                unmet: Vec::new(),
                backlog: None,
                agent_hours: 0.0,
            };
            for (i, &v) in f.volume.iter().enumerate() {
                let model = q.service_model(aht_at(i)).ok_or_else(|| {
                    Error::invalid(format!("queues[{qi}].channel"), "voice or chat", "email")
                })?;
                let demand = Demand {
                    volume: v,
                    interval_seconds,
                };
                let one = required_unchecked(&demand, &model, &target, q.max_occupancy)
                    .map_err(|e| prefix_error(e, &format!("queues[{qi}]")))?;
                if !one.targets_met {
                    r.unmet.push(i);
                }
                r.agents.push(one.agents);
                r.service_level.push(Some(one.performance.service_level));
                r.occupancy.push(Some(one.performance.occupancy));
                r.asa_seconds.push(one.performance.asa_seconds);
            }
            r.agent_hours = r.agents.iter().map(|&a| f64::from(a)).sum::<f64>()
                * f64::from(grid.interval_minutes)
                / 60.0;
            r
        };
        out_queues.push(req);
    }
    let mut total_agents = vec![0u32; n];
    for q in &out_queues {
        for (t, a) in total_agents.iter_mut().zip(&q.agents) {
            *t = t.saturating_add(*a);
        }
    }
    let shrink: Vec<f64> = (0..n)
        .map(|i| shrinkage.map_or(0.0, |s| s.total(Some(grid.weekday(i)))))
        .collect();
    let total_positions: Vec<u32> = total_agents
        .iter()
        .zip(&shrink)
        .map(|(&a, &s)| positions(f64::from(a), s))
        .collect();
    let hours = |v: &[u32]| {
        v.iter().map(|&a| f64::from(a)).sum::<f64>() * f64::from(grid.interval_minutes) / 60.0
    };
    Ok(HorizonRequirements {
        interval_minutes: grid.interval_minutes,
        timestamps: (0..n)
            .map(|i| crate::time::format_timestamp(grid.time(i)))
            .collect(),
        agent_hours: hours(&total_agents),
        position_hours: hours(&total_positions),
        queues: out_queues,
        groups: None,
        total_agents,
        shrinkage: shrink,
        total_positions,
    })
}

/// Put a queue's JSON path in front of a field error raised by a per-queue computation.
fn prefix_error(e: Error, prefix: &str) -> Error {
    match e {
        Error::InvalidField {
            path,
            expected,
            found,
        } => Error::InvalidField {
            path: format!("{prefix}.{path}"),
            expected,
            found,
        },
        other => other,
    }
}
