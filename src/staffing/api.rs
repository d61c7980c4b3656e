//! The single-interval JSON request/response behind `paiban erlang` and the wasm `erlang`
//! export: one set of field names for both, so the CLI maps `--aht-seconds` to `aht_seconds`
//! and an error's path back to the flag.

use super::model::{evaluate_unchecked, Demand, ModelKind, Performance, ServiceModel};
use super::requirement::{missed_targets, required_unchecked, Target};
use super::shrinkage::{positions, MAX_SHRINKAGE};
use crate::error::{fraction, non_negative, positive};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// One interval to staff or evaluate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErlangRequest {
    /// Contacts arriving in the interval (>= 0).
    pub volume: f64,
    /// Interval length in minutes (> 0).
    pub interval_minutes: f64,
    /// Average handle time in seconds (> 0). With `concurrency`, the handle time at every level
    /// unless `aht_seconds_by_concurrency` is given.
    pub aht_seconds: f64,
    /// Target service level in `[0, 1]`; required unless `agents` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_sl: Option<f64>,
    /// Service level threshold in seconds (>= 0).
    pub answer_seconds: f64,
    /// Mean patience in seconds: switches voice to Erlang A and lets chats abandon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patience_seconds: Option<f64>,
    /// Chat: most chats per agent (1..=10). Absent = voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<u32>,
    /// Chat: handle time per level (1, 2, ... chats open); length = `concurrency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aht_seconds_by_concurrency: Option<Vec<f64>>,
    /// Total shrinkage in `[0, 0.95]` for `positions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shrinkage: Option<f64>,
    /// Highest occupancy allowed, in `(0, 1]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_occupancy: Option<f64>,
    /// Evaluate this many agents instead of searching.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents: Option<u32>,
    /// Maximum ASA in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_asa_seconds: Option<f64>,
    /// Maximum abandonment rate in `[0, 1]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_abandon: Option<f64>,
}

/// The answer: requirement (or evaluation) and performance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErlangResponse {
    /// Model: `erlang_c`, `erlang_a` or `chat`.
    pub model: ModelKind,
    /// Agents on the phones (raw requirement, or the evaluated number).
    pub agents: u32,
    /// Positions after shrinkage: `ceil(agents / (1 - shrinkage))`.
    pub positions: u32,
    /// Offered traffic in Erlangs.
    pub traffic_erlangs: f64,
    /// Whether the queue is unstable (too few agents, no abandonment).
    pub unstable: bool,
    /// Service level within `answer_seconds` (offered basis).
    pub service_level: f64,
    /// Service level among answered contacts (with patience).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_level_answered: Option<f64>,
    /// Mean wait over all arrivals in seconds (`null` when unstable).
    pub asa_seconds: Option<f64>,
    /// Occupancy.
    pub occupancy: f64,
    /// Probability of waiting.
    pub p_wait: f64,
    /// Probability of abandoning (with patience).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p_abandon: Option<f64>,
    /// Whether all given targets are met (absent when evaluating without a target).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets_met: Option<bool>,
    /// Targets that one agent fewer would miss (requirement mode) or that are missed
    /// (evaluation mode).
    pub binding: Vec<String>,
    /// Shrinkage used for `positions`.
    pub shrinkage: f64,
}

impl ErlangRequest {
    fn validate(&self) -> Result<()> {
        non_negative("volume", self.volume)?;
        positive("interval_minutes", self.interval_minutes)?;
        positive("aht_seconds", self.aht_seconds)?;
        non_negative("answer_seconds", self.answer_seconds)?;
        match (self.target_sl, self.agents) {
            (Some(sl), _) => {
                fraction("target_sl", sl, 0.0, 1.0)?;
            }
            (None, Some(_)) => {}
            (None, None) => {
                return Err(Error::invalid(
                    "target_sl",
                    "a target service level in [0, 1] (or agents to evaluate)",
                    "nothing",
                ))
            }
        }
        if let Some(p) = self.patience_seconds {
            positive("patience_seconds", p)?;
        }
        if let Some(s) = self.shrinkage {
            fraction("shrinkage", s, 0.0, MAX_SHRINKAGE)?;
        }
        if let Some(m) = self.max_occupancy {
            positive("max_occupancy", m)?;
            fraction("max_occupancy", m, 0.0, 1.0)?;
        }
        if let Some(m) = self.max_asa_seconds {
            non_negative("max_asa_seconds", m)?;
        }
        if let Some(m) = self.max_abandon {
            fraction("max_abandon", m, 0.0, 1.0)?;
        }
        if let Some(k) = self.concurrency {
            if k == 0 || k as usize > super::chat::MAX_CONCURRENCY {
                return Err(Error::invalid("concurrency", "1..=10", k));
            }
        }
        if let Some(levels) = &self.aht_seconds_by_concurrency {
            let k = self.concurrency.unwrap_or(1) as usize;
            if levels.len() != k {
                return Err(Error::Inconsistent {
                    path: "aht_seconds_by_concurrency".into(),
                    other: "concurrency".into(),
                    message: format!("{} handle times for concurrency {k}", levels.len()),
                });
            }
            for (i, v) in levels.iter().enumerate() {
                positive(&format!("aht_seconds_by_concurrency[{i}]"), *v)?;
            }
        }
        Ok(())
    }

    fn model(&self) -> ServiceModel {
        match (self.concurrency, &self.aht_seconds_by_concurrency) {
            (None, None) => ServiceModel::Voice {
                aht_seconds: self.aht_seconds,
                patience_seconds: self.patience_seconds,
            },
            (k, levels) => ServiceModel::Chat {
                aht_seconds_by_concurrency: levels
                    .clone()
                    .unwrap_or_else(|| vec![self.aht_seconds; k.unwrap_or(1) as usize]),
                patience_seconds: self.patience_seconds,
            },
        }
    }

    fn target(&self) -> Option<Target> {
        self.target_sl.map(|sl| Target {
            service_level: sl,
            answer_seconds: self.answer_seconds,
            max_asa_seconds: self.max_asa_seconds,
            max_abandon_rate: self.max_abandon,
        })
    }
}

/// Staff (least agents meeting the targets) or evaluate (`agents` given) one interval.
///
/// ```
/// use paiban::staffing::api::{erlang, ErlangRequest};
/// let req: ErlangRequest = serde_json::from_str(r#"{"volume": 100, "interval_minutes": 30,
///     "aht_seconds": 180, "target_sl": 0.8, "answer_seconds": 20, "shrinkage": 0.3,
///     "max_occupancy": 0.85}"#)?;
/// let r = erlang(&req)?;
/// assert_eq!((r.agents, r.positions), (14, 20));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn erlang(req: &ErlangRequest) -> Result<ErlangResponse> {
    req.validate()?;
    let demand = Demand {
        volume: req.volume,
        interval_seconds: req.interval_minutes * 60.0,
    };
    let model = req.model();
    model.validate()?;
    let target = req.target();
    let (perf, targets_met, binding): (Performance, Option<bool>, Vec<String>) = match req.agents {
        Some(n) => {
            let p = evaluate_unchecked(&demand, &model, n, req.answer_seconds)?;
            match &target {
                Some(t) => {
                    let missed = missed_targets(&p, t, req.max_occupancy);
                    (p, Some(missed.is_empty()), missed)
                }
                None => (p, None, Vec::new()),
            }
        }
        None => {
            let t = target.ok_or_else(|| {
                Error::invalid("target_sl", "a target service level in [0, 1]", "nothing")
            })?;
            let r = required_unchecked(&demand, &model, &t, req.max_occupancy)?;
            (r.performance, Some(r.targets_met), r.binding)
        }
    };
    let shrinkage = req.shrinkage.unwrap_or(0.0);
    Ok(ErlangResponse {
        model: perf.model,
        agents: perf.agents,
        positions: positions(f64::from(perf.agents), shrinkage),
        traffic_erlangs: perf.traffic_erlangs,
        unstable: perf.unstable,
        service_level: perf.service_level,
        service_level_answered: perf.service_level_answered,
        asa_seconds: perf.asa_seconds,
        occupancy: perf.occupancy,
        p_wait: perf.p_wait,
        p_abandon: perf.p_abandon,
        targets_met,
        binding,
        shrinkage,
    })
}

/// JSON request of the what-if table (wasm `whatIf`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatIfRequest {
    /// Contacts arriving in the interval.
    pub volume: f64,
    /// Interval length in minutes.
    pub interval_minutes: f64,
    /// Average handle time in seconds.
    pub aht_seconds: f64,
    /// Mean patience in seconds (Erlang A), if callers abandon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patience_seconds: Option<f64>,
    /// Chat: handle time per concurrency level (absent = voice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aht_seconds_by_concurrency: Option<Vec<f64>>,
    /// Targets as `[service_level, answer_seconds]`; `null` = 70/20, 80/20, 90/10, 95/15.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<(f64, f64)>>,
}

/// The what-if table for a JSON request.
pub fn what_if_request(req: &WhatIfRequest) -> Result<super::whatif::WhatIfTable> {
    non_negative("volume", req.volume)?;
    positive("interval_minutes", req.interval_minutes)?;
    positive("aht_seconds", req.aht_seconds)?;
    let service = match &req.aht_seconds_by_concurrency {
        None => ServiceModel::Voice {
            aht_seconds: req.aht_seconds,
            patience_seconds: req.patience_seconds,
        },
        Some(levels) => ServiceModel::Chat {
            aht_seconds_by_concurrency: levels.clone(),
            patience_seconds: req.patience_seconds,
        },
    };
    let targets = req
        .targets
        .clone()
        .unwrap_or_else(|| super::whatif::STANDARD_TARGETS.to_vec());
    super::whatif::what_if(
        &Demand {
            volume: req.volume,
            interval_seconds: req.interval_minutes * 60.0,
        },
        &service,
        &targets,
    )
}

/// JSON request of the pooling comparison (wasm `pooling`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolingRequest {
    /// The separate teams' volume and AHT in one interval.
    pub parts: Vec<super::whatif::PoolPart>,
    /// Interval length in minutes.
    pub interval_minutes: f64,
    /// The target every team must meet.
    pub target: Target,
    /// Mean patience in seconds (Erlang A), if callers abandon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patience_seconds: Option<f64>,
    /// Highest occupancy allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_occupancy: Option<f64>,
}

/// The pooling comparison for a JSON request.
pub fn pooling_request(req: &PoolingRequest) -> Result<super::whatif::PoolingReport> {
    positive("interval_minutes", req.interval_minutes)?;
    if let Some(p) = req.patience_seconds {
        positive("patience_seconds", p)?;
    }
    if let Some(m) = req.max_occupancy {
        positive("max_occupancy", m)?;
        fraction("max_occupancy", m, 0.0, 1.0)?;
    }
    super::whatif::pooling(
        &req.parts,
        req.interval_minutes * 60.0,
        &req.target,
        req.patience_seconds,
        req.max_occupancy,
    )
}

/// JSON request of deferred-work staffing (wasm `deferred`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeferredRequest {
    /// Items arriving per interval.
    pub volume: Vec<f64>,
    /// Handle time per item: one value, or one per interval.
    pub aht_seconds: Vec<f64>,
    /// Interval length in minutes.
    pub interval_minutes: f64,
    /// Response window in minutes.
    pub response_window_minutes: f64,
    /// `open_hours` or `calendar`.
    pub response_window_clock: super::deferred::WindowClock,
    /// Open flag per interval; `null` = always open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<Vec<bool>>,
    /// Productive share of an agent's time on this work, in `(0, 1]`; `null` = 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_occupancy: Option<f64>,
}

/// Deferred-work staffing for a JSON request.
pub fn deferred_request(req: &DeferredRequest) -> Result<super::deferred::DeferredPlan> {
    super::deferred::plan_deferred(&super::deferred::DeferredWork {
        volume: &req.volume,
        aht_seconds: &req.aht_seconds,
        interval_minutes: req.interval_minutes,
        window_minutes: req.response_window_minutes,
        clock: req.response_window_clock,
        open: req.open.as_deref(),
        max_occupancy: req.max_occupancy,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_requests_round_trip() {
        let w: WhatIfRequest =
            serde_json::from_str(r#"{"volume": 100, "interval_minutes": 30, "aht_seconds": 180}"#)
                .unwrap();
        assert_eq!(what_if_request(&w).unwrap().required, vec![13, 14, 15, 16]);
        let p: PoolingRequest = serde_json::from_str(
            r#"{"parts": [{"volume": 100, "aht_seconds": 180}, {"volume": 60, "aht_seconds": 300}],
                "interval_minutes": 30,
                "target": {"service_level": 0.8, "answer_seconds": 20}}"#,
        )
        .unwrap();
        assert_eq!(pooling_request(&p).unwrap().saving, 3);
        let d: DeferredRequest = serde_json::from_str(
            r#"{"volume": [12, 6, 0, 18], "aht_seconds": [600], "interval_minutes": 60,
                "response_window_minutes": 120, "response_window_clock": "open_hours"}"#,
        )
        .unwrap();
        assert_eq!(deferred_request(&d).unwrap().agents, vec![0, 2, 1, 0]);
        let bad: ErlangRequest = serde_json::from_str(
            r#"{"volume": 100, "interval_minutes": 30, "aht_seconds": 180, "answer_seconds": 20}"#,
        )
        .unwrap();
        assert_eq!(erlang(&bad).unwrap_err().path(), "target_sl");
    }
}
