//! What-if tables and the pooling effect: the two views planners use to argue for headcount.
//!
//! - [`what_if`]: agents vs service level for the common targets 70/20, 80/20, 90/10 and 95/15
//!   (or any list), with ASA, occupancy and abandonment per row, and the least agents per target.
//! - [`pooling`]: the agents needed when, say, pre-sales and after-sales are staffed as separate
//!   teams vs one pooled team answering both (economies of scale of the square-root law). The
//!   pooled queue has the summed volume and the volume-weighted AHT (the workload is unchanged;
//!   treating the mixed handle time as exponential is the usual approximation).

use super::model::{evaluate_unchecked, Demand, ServiceModel};
use super::requirement::{required_agents, required_unchecked, Requirement, Target};
use crate::error::{fraction, non_negative, positive};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// The four service-level targets planners compare (share, seconds): 70/20, 80/20, 90/10, 95/15.
pub const STANDARD_TARGETS: [(f64, f64); 4] = [(0.7, 20.0), (0.8, 20.0), (0.9, 10.0), (0.95, 15.0)];

/// Most rows of a what-if table.
pub const MAX_WHAT_IF_ROWS: u32 = 200;

/// One row of a what-if table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIfRow {
    /// Agents on the phones.
    pub agents: u32,
    /// Service level for each target's threshold, in the order of `targets`.
    pub service_levels: Vec<f64>,
    /// Probability of waiting.
    pub p_wait: f64,
    /// Mean wait over all arrivals (`null` when unstable).
    pub asa_seconds: Option<f64>,
    /// Occupancy.
    pub occupancy: f64,
    /// Abandonment probability (with patience).
    pub p_abandon: Option<f64>,
    /// Whether the queue is unstable at this staffing.
    pub unstable: bool,
}

/// Agents vs service level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIfTable {
    /// Targets as `[service_level, answer_seconds]`.
    pub targets: Vec<(f64, f64)>,
    /// Least agents per target (same order).
    pub required: Vec<u32>,
    /// Rows from a little below the smallest to a little above the largest requirement.
    pub rows: Vec<WhatIfRow>,
}

/// Build the what-if table for one interval's demand.
pub fn what_if(
    demand: &Demand,
    service: &ServiceModel,
    targets: &[(f64, f64)],
) -> Result<WhatIfTable> {
    if targets.is_empty() {
        return Err(Error::Empty {
            path: "targets".into(),
            expected: "at least one [service_level, answer_seconds]".into(),
        });
    }
    let mut required = Vec::with_capacity(targets.len());
    for (i, &(sl, t)) in targets.iter().enumerate() {
        fraction(&format!("targets[{i}][0]"), sl, 0.0, 1.0)?;
        non_negative(&format!("targets[{i}][1]"), t)?;
        let r = required_agents(
            demand,
            service,
            &Target {
                service_level: sl,
                answer_seconds: t,
                max_asa_seconds: None,
                max_abandon_rate: None,
            },
            None,
        )?;
        required.push(r.agents);
    }
    let lo = required
        .iter()
        .copied()
        .min()
        .unwrap_or(0)
        .saturating_sub(3);
    let hi = required
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .saturating_add(3)
        .min(lo.saturating_add(MAX_WHAT_IF_ROWS - 1));
    let mut rows = Vec::new();
    for n in lo..=hi {
        let mut sls = Vec::with_capacity(targets.len());
        let mut first = None;
        for &(_, t) in targets {
            let p = evaluate_unchecked(demand, service, n, t)?;
            sls.push(p.service_level);
            first.get_or_insert(p);
        }
        if let Some(p) = first {
            rows.push(WhatIfRow {
                agents: n,
                service_levels: sls,
                p_wait: p.p_wait,
                asa_seconds: p.asa_seconds,
                occupancy: p.occupancy,
                p_abandon: p.p_abandon,
                unstable: p.unstable,
            });
        }
    }
    Ok(WhatIfTable {
        targets: targets.to_vec(),
        required,
        rows,
    })
}

/// One team's share of a pooled comparison.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolPart {
    /// Contacts in the interval.
    pub volume: f64,
    /// Average handle time in seconds.
    pub aht_seconds: f64,
}

/// Separate teams vs one pooled team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoolingReport {
    /// Least agents of each separate team.
    pub separate: Vec<u32>,
    /// Their sum.
    pub separate_total: u32,
    /// Least agents of the pooled team.
    pub pooled: u32,
    /// Agents saved by pooling (`separate_total - pooled`).
    pub saving: i64,
    /// Volume-weighted AHT of the pooled queue.
    pub pooled_aht_seconds: f64,
    /// The pooled requirement in detail.
    pub pooled_requirement: Requirement,
}

/// Compare separate teams (each meeting `target`) with one pooled team (voice; `patience_seconds`
/// switches to Erlang A).
pub fn pooling(
    parts: &[PoolPart],
    interval_seconds: f64,
    target: &Target,
    patience_seconds: Option<f64>,
    max_occupancy: Option<f64>,
) -> Result<PoolingReport> {
    if parts.len() < 2 {
        return Err(Error::invalid(
            "parts",
            "at least two teams to pool",
            parts.len(),
        ));
    }
    target.validate("target")?;
    positive("interval_seconds", interval_seconds)?;
    let model = |aht: f64| ServiceModel::Voice {
        aht_seconds: aht,
        patience_seconds,
    };
    let mut separate = Vec::with_capacity(parts.len());
    let (mut volume, mut work) = (0.0, 0.0);
    for (i, p) in parts.iter().enumerate() {
        non_negative(&format!("parts[{i}].volume"), p.volume)?;
        positive(&format!("parts[{i}].aht_seconds"), p.aht_seconds)?;
        let d = Demand {
            volume: p.volume,
            interval_seconds,
        };
        let m = model(p.aht_seconds);
        m.validate()?;
        separate.push(required_unchecked(&d, &m, target, max_occupancy)?.agents);
        volume += p.volume;
        work += p.volume * p.aht_seconds;
    }
    let aht = if volume > 0.0 {
        work / volume
    } else {
        parts.first().map_or(1.0, |p| p.aht_seconds)
    };
    let pooled = required_unchecked(
        &Demand {
            volume,
            interval_seconds,
        },
        &model(aht),
        target,
        max_occupancy,
    )?;
    let separate_total: u32 = separate.iter().sum();
    Ok(PoolingReport {
        saving: i64::from(separate_total) - i64::from(pooled.agents),
        separate,
        separate_total,
        pooled: pooled.agents,
        pooled_aht_seconds: aht,
        pooled_requirement: pooled,
    })
}
