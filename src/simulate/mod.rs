//! Discrete-event simulation of planned intervals for one queue: the service level, ASA,
//! abandonment and occupancy a plan actually achieves, with confidence intervals.
//!
//! Why it exists: the staffing formulas (Erlang C/A, concurrency rules of thumb) assume a
//! stationary queue, exponential handle times and patience, and no carry-over between
//! intervals. A plan lives in a world with rising and falling volume, lognormal handle times,
//! agents leaving at interval boundaries and queues that spill into the next interval. The
//! simulator makes none of those assumptions, so it (1) confirms a plan by simulation
//! (`paiban validate --simulate`, "verify by simulation" on the page) and (2) is the independent
//! check of the queueing formulas: on stationary cases it must agree with the published Erlang
//! C/A values within its own confidence interval (`tests/simulate.rs`).
//!
//! Model (documented in detail in [`engine`]): Poisson arrivals with a piecewise-constant rate
//! per interval (optionally gamma-overdispersed per day or interval), handle times exponential
//! or lognormal with a given CV, exponential patience, one FCFS queue, least-loaded routing for
//! chat concurrency, agents joining and leaving at interval boundaries (a leaving agent finishes
//! its current contacts). Figures are attributed to the interval in which a contact arrived.
//! Each replication uses its own PCG stream derived from the seed, and the variates are drawn
//! with portable arithmetic ([`rng`]), so a seed gives the same report natively and in wasm.
//!
//! ```
//! use paiban::simulate::{simulate, HandleTime, SimInput, SimInterval};
//!
//! let input = SimInput {
//!     interval_minutes: 30,
//!     start: "2024-01-01T09:00".into(),
//!     answer_seconds: 20.0,
//!     handle_time: HandleTime::Exponential,
//!     patience_seconds: None,
//!     concurrency: None,
//!     overdispersion: None,
//!     warmup_intervals: 0,
//!     replications: None,
//!     seed: None,
//!     intervals: vec![SimInterval { volume: 100.0, aht_seconds: 180.0, agents: 14 }; 4],
//! };
//! let report = simulate(&input, 5, 1)?;
//! let sl = report.overall.service_level.map(|e| e.mean);
//! assert!(sl.is_some_and(|sl| sl > 0.8 && sl < 0.97));
//! assert_eq!(report.intervals[1].timestamp, "2024-01-01T09:30");
//! # Ok::<(), paiban::Error>(())
//! ```

pub mod csv;
pub mod engine;
pub mod input;
pub mod multiskill;
pub mod rng;
pub mod stats;

use crate::error::{Error, Result};
use crate::time::format_timestamp;
use serde::{Deserialize, Serialize};

pub use input::{
    Concurrency, HandleTime, Overdispersion, OverdispersionScope, SimInput, SimInterval,
    MAX_AHT_SECONDS, MAX_CONCURRENCY, MAX_REPLICATIONS, MAX_SIM_AGENTS, MAX_SIM_CONTACTS,
    MAX_SIM_CONTACTS_PER_REPLICATION, MAX_SIM_INTERVALS,
};
pub use stats::{Estimate, SimStats};

/// Replications used when neither the input nor the caller gives a number.
pub const DEFAULT_REPLICATIONS: u32 = 20;
/// Seed used when neither the input nor the caller gives one.
pub const DEFAULT_SEED: u64 = 1;

/// What a simulation achieved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimReport {
    /// Replications run.
    pub replications: u32,
    /// Seed used.
    pub seed: u64,
    /// The answer threshold T of the service levels, seconds.
    pub answer_seconds: f64,
    /// Leading intervals left out of `overall`.
    pub warmup_intervals: usize,
    /// Figures over all intervals after the warm-up (ratios of sums within each replication,
    /// so busy intervals weigh more).
    pub overall: SimStats,
    /// Figures per interval, in input order.
    pub intervals: Vec<IntervalReport>,
}

/// Simulated figures of one interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntervalReport {
    /// Local start of the interval, `YYYY-MM-DDTHH:MM`.
    pub timestamp: String,
    /// Planned volume (the input).
    pub volume: f64,
    /// Agents on duty (the input).
    pub agents: u32,
    /// Simulated figures of the contacts offered in this interval.
    pub stats: SimStats,
}

/// The replication count and the simulated contacts within their limits; `volume` names the
/// input's volumes in the error. Shared by the single-queue and the multi-skill simulator.
pub(crate) fn check_size(replications: u32, per_replication: f64, volume: &str) -> Result<()> {
    if replications == 0 || replications > MAX_REPLICATIONS {
        return Err(Error::invalid(
            "replications",
            format!("a whole number between 1 and {MAX_REPLICATIONS}"),
            replications,
        ));
    }
    if per_replication > MAX_SIM_CONTACTS_PER_REPLICATION {
        return Err(Error::TooLarge {
            path: volume.into(),
            limit: MAX_SIM_CONTACTS_PER_REPLICATION as usize,
            found: per_replication.min(usize::MAX as f64) as usize,
        });
    }
    let work = per_replication * f64::from(replications);
    if work > MAX_SIM_CONTACTS {
        return Err(Error::TooLarge {
            path: format!("{volume} x replications"),
            limit: MAX_SIM_CONTACTS as usize,
            found: work.min(usize::MAX as f64) as usize,
        });
    }
    Ok(())
}

/// Simulate `input` with `replications` independent replications from `seed`.
///
/// Deterministic: the same input, replications and seed give the same report on every
/// platform. Errors name the offending input field.
pub fn simulate(input: &SimInput, replications: u32, seed: u64) -> Result<SimReport> {
    let model = input::Model::new(input)?;
    check_size(
        replications,
        model.expected_contacts(),
        "intervals[].volume",
    )?;
    let n = model.rate.len();
    let mut ws = engine::Workspace::default();
    let mut per_interval = vec![stats::Across::default(); n];
    let mut overall = stats::Across::default();
    for r in 0..replications {
        engine::replicate(&model, &mut ws, seed, u64::from(r));
        let mut total = stats::Totals::default();
        for (i, acc) in per_interval.iter_mut().enumerate() {
            let t = stats::Totals::of(&ws.counters, i);
            acc.push(&t);
            if i >= model.warmup {
                total.add(&t);
            }
        }
        overall.push(&total);
    }
    let intervals = per_interval
        .iter()
        .zip(&input.intervals)
        .enumerate()
        .map(|(i, (acc, iv))| IntervalReport {
            timestamp: format_timestamp(model.grid.time(i)),
            volume: iv.volume,
            agents: iv.agents,
            stats: acc.stats(),
        })
        .collect();
    Ok(SimReport {
        replications,
        seed,
        answer_seconds: model.answer_seconds,
        warmup_intervals: model.warmup,
        overall: overall.stats(),
        intervals,
    })
}

/// Simulate with the replications and seed given in the input (or [`DEFAULT_REPLICATIONS`] and
/// [`DEFAULT_SEED`]).
pub fn simulate_input(input: &SimInput) -> Result<SimReport> {
    simulate(
        input,
        input.replications.unwrap_or(DEFAULT_REPLICATIONS),
        input.seed.unwrap_or(DEFAULT_SEED),
    )
}

/// JSON in, JSON out (for the wasm adapter and scripts): a [`SimInput`] document to a
/// [`SimReport`] document.
pub fn simulate_json(text: &str) -> Result<String> {
    let input = SimInput::from_json(text)?;
    let report = simulate_input(&input)?;
    serde_json::to_string(&report).map_err(|e| Error::invalid("report", "serialisable JSON", e))
}

#[cfg(test)]
mod tests;
