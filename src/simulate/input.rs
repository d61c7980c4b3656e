//! The simulation input (one queue over planned intervals) and its validation into a `Model`.

use crate::error::{self, Error, Result};
use crate::time::{minute_of_day, parse_timestamp, Grid, MINUTES_PER_DAY};
use chrono::{NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use super::rng::ln;

/// Most intervals one simulation may span (62 days of 15-minute intervals).
pub const MAX_SIM_INTERVALS: usize = crate::limits::MAX_PLAN_INTERVALS;
pub use crate::limits::{
    MAX_REPLICATIONS, MAX_SIM_AGENTS, MAX_SIM_AHT_SECONDS as MAX_AHT_SECONDS, MAX_SIM_CONTACTS,
    MAX_SIM_CONTACTS_PER_REPLICATION,
};
/// Most contacts one agent may serve at once (the one limit of `crate::limits`).
pub const MAX_CONCURRENCY: u32 = crate::limits::MAX_CONCURRENCY as u32;

/// One queue over a run of planned intervals: what to simulate.
///
/// The simulation starts empty (no one waiting, every agent idle) at `start`; use
/// `warmup_intervals` to keep the first intervals out of the overall figures when you want
/// steady-state numbers.
///
/// ```json
/// {
///   "interval_minutes": 30,
///   "start": "2024-01-01T08:00",
///   "answer_seconds": 20,
///   "handle_time": { "distribution": "lognormal", "cv": 0.8 },
///   "patience_seconds": 300,
///   "concurrency": { "max": 3, "aht_factors": [1.0, 1.2, 1.5] },
///   "overdispersion": { "cv": 0.1, "per": "day" },
///   "warmup_intervals": 0,
///   "replications": 20,
///   "seed": 1,
///   "intervals": [ { "volume": 100, "aht_seconds": 180, "agents": 13 } ]
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimInput {
    /// Interval length in minutes; must divide a day (15, 30, 60, ...).
    pub interval_minutes: u32,
    /// Local start of the first interval, `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// Answer threshold T of the service level "X% answered within T seconds".
    pub answer_seconds: f64,
    /// How handle times vary around each interval's AHT.
    pub handle_time: HandleTime,
    /// Mean patience in seconds (exponentially distributed) of a waiting contact before it
    /// abandons; `null`/absent: nobody abandons (Erlang C behaviour).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patience_seconds: Option<f64>,
    /// Chat concurrency: an agent serves up to `max` contacts at once; absent: one at a time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<Concurrency>,
    /// Extra day-to-day or interval-to-interval variation of the arrival rate beyond Poisson;
    /// absent: plain Poisson arrivals at the planned volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdispersion: Option<Overdispersion>,
    /// Number of leading intervals simulated but left out of the overall figures (they still
    /// appear per interval). 0 when absent: a real day starts empty too.
    #[serde(default)]
    pub warmup_intervals: usize,
    /// Replications (independent runs of the same plan); the CLI flag overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replications: Option<u32>,
    /// Seed of the random streams; the CLI flag overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// The planned intervals, in order from `start`.
    pub intervals: Vec<SimInterval>,
}

/// One planned interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimInterval {
    /// Expected offered contacts in the interval (mean of the Poisson arrivals; may be
    /// fractional).
    pub volume: f64,
    /// Mean handle time in seconds of contacts offered in this interval (for chat: at
    /// concurrency factor 1, see [`Concurrency::aht_factors`]).
    pub aht_seconds: f64,
    /// Agents available to take contacts, already net of breaks and other shrinkage. When the
    /// number falls at the start of the next interval, the agents who leave finish the contacts
    /// they are handling (counted as overtime on duty) but take no new ones.
    pub agents: u32,
}

/// Handle-time distribution; the mean is each interval's `aht_seconds`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "distribution", rename_all = "lowercase", deny_unknown_fields)]
pub enum HandleTime {
    /// Exponential (coefficient of variation 1): the Erlang C/A assumption.
    Exponential,
    /// Lognormal with the given coefficient of variation (standard deviation / mean); measured
    /// call-centre handle times are close to lognormal (Brown et al. 2005), CV typically 0.5–1.
    Lognormal {
        /// Coefficient of variation, > 0.
        cv: f64,
    },
}

/// Chat concurrency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concurrency {
    /// Most contacts one agent serves at once (1..=16).
    pub max: u32,
    /// Optional handle-time multipliers by concurrency level: entry `m-1` multiplies the AHT of
    /// a contact that is its agent's `m`-th concurrent contact when it starts (handle time grows
    /// with concurrency). Length `max`; absent: all 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aht_factors: Option<Vec<f64>>,
}

/// Gamma-Poisson (negative binomial) overdispersion: the arrival rate of each day or interval
/// is multiplied by an independent gamma factor with mean 1 and the given CV, so the variance of
/// a count with mean `m` is `m + cv² m²` instead of `m`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overdispersion {
    /// Coefficient of variation of the rate factor, > 0 (e.g. 0.1 for ±10% day to day).
    pub cv: f64,
    /// Whether one factor applies to a whole calendar day or each interval draws its own.
    pub per: OverdispersionScope,
}

/// Scope of an overdispersion factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OverdispersionScope {
    /// One factor per calendar day.
    Day,
    /// One factor per interval.
    Interval,
}

impl SimInput {
    /// Parse the JSON input; errors carry the JSON path of the offending value.
    pub fn from_json(text: &str) -> Result<SimInput> {
        crate::json::from_json("simulation", text)
    }
}

/// Handle-time sampler parameters.
#[derive(Debug, Clone, Copy)]
pub(crate) enum HandleKind {
    Exponential,
    /// Unit-mean lognormal `exp(sigma Z - sigma²/2)`.
    Lognormal {
        sigma: f64,
        shift: f64,
    },
}

/// A validated input, in seconds from the start.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub grid: Grid,
    pub interval_seconds: f64,
    /// Arrivals per second in each interval.
    pub rate: Vec<f64>,
    pub aht: Vec<f64>,
    pub agents: Vec<u32>,
    pub max_agents: u32,
    pub patience: Option<f64>,
    pub concurrency: u32,
    pub factors: Vec<f64>,
    pub handle: HandleKind,
    pub answer_seconds: f64,
    /// Gamma shape `1/cv²` and, per interval, the index of its factor.
    pub overdispersion: Option<(f64, Vec<usize>)>,
    pub factor_count: usize,
    pub warmup: usize,
}

impl Model {
    pub fn new(input: &SimInput) -> Result<Model> {
        let start: NaiveDateTime = parse_timestamp(&input.start).ok_or_else(|| {
            Error::invalid("start", "a local timestamp YYYY-MM-DDTHH:MM", &input.start)
        })?;
        let n = input.intervals.len();
        if n == 0 {
            return Err(Error::Empty {
                path: "intervals".into(),
                expected: "at least one interval".into(),
            });
        }
        if n > MAX_SIM_INTERVALS {
            return Err(Error::TooLarge {
                path: "intervals".into(),
                limit: MAX_SIM_INTERVALS,
                found: n,
            });
        }
        let grid = Grid::new(start, input.interval_minutes, n)?;
        if start.second() != 0 || start.nanosecond() != 0 {
            return Err(Error::invalid(
                "start",
                "a timestamp on a whole minute",
                &input.start,
            ));
        }
        let interval_seconds = f64::from(input.interval_minutes) * 60.0;
        let answer_seconds = error::non_negative("answer_seconds", input.answer_seconds)?;
        let patience = match input.patience_seconds {
            Some(p) => Some(error::positive("patience_seconds", p)?),
            None => None,
        };
        if input.warmup_intervals >= n {
            return Err(Error::Inconsistent {
                path: "warmup_intervals".into(),
                other: "intervals".into(),
                message: format!(
                    "{} warm-up intervals leave none of the {n} intervals to report",
                    input.warmup_intervals
                ),
            });
        }
        let handle = match input.handle_time {
            HandleTime::Exponential => HandleKind::Exponential,
            HandleTime::Lognormal { cv } => {
                let cv = error::positive("handle_time.cv", cv)?;
                if cv > 20.0 {
                    return Err(Error::invalid("handle_time.cv", "a number <= 20", cv));
                }
                let s2 = ln(1.0 + cv * cv);
                HandleKind::Lognormal {
                    sigma: s2.sqrt(),
                    shift: -0.5 * s2,
                }
            }
        };
        let (concurrency, factors) = match &input.concurrency {
            None => (1, vec![1.0]),
            Some(c) => {
                if c.max == 0 || c.max > MAX_CONCURRENCY {
                    return Err(Error::invalid(
                        "concurrency.max",
                        format!("a whole number between 1 and {MAX_CONCURRENCY}"),
                        c.max,
                    ));
                }
                let factors = match &c.aht_factors {
                    None => vec![1.0; c.max as usize],
                    Some(f) => {
                        if f.len() != c.max as usize {
                            return Err(Error::Inconsistent {
                                path: "concurrency.aht_factors".into(),
                                other: "concurrency.max".into(),
                                message: format!(
                                    "{} factors given for up to {} concurrent contacts",
                                    f.len(),
                                    c.max
                                ),
                            });
                        }
                        for (i, &x) in f.iter().enumerate() {
                            error::positive(&format!("concurrency.aht_factors[{i}]"), x)?;
                        }
                        f.clone()
                    }
                };
                (c.max, factors)
            }
        };
        let mut rate = Vec::with_capacity(n);
        let mut aht = Vec::with_capacity(n);
        let mut agents = Vec::with_capacity(n);
        for (i, iv) in input.intervals.iter().enumerate() {
            let v = error::non_negative(&format!("intervals[{i}].volume"), iv.volume)?;
            let a = error::positive(&format!("intervals[{i}].aht_seconds"), iv.aht_seconds)?;
            if a > MAX_AHT_SECONDS {
                return Err(Error::invalid(
                    format!("intervals[{i}].aht_seconds"),
                    format!("at most {MAX_AHT_SECONDS} seconds (a live contact, not a ticket)"),
                    a,
                ));
            }
            if iv.agents > MAX_SIM_AGENTS {
                return Err(Error::invalid(
                    format!("intervals[{i}].agents"),
                    format!("at most {MAX_SIM_AGENTS} agents"),
                    iv.agents,
                ));
            }
            rate.push(v / interval_seconds);
            aht.push(a);
            agents.push(iv.agents);
        }
        let overdispersion = match &input.overdispersion {
            None => None,
            Some(o) => {
                let cv = error::positive("overdispersion.cv", o.cv)?;
                if cv > 10.0 {
                    return Err(Error::invalid("overdispersion.cv", "a number <= 10", cv));
                }
                let first = minute_of_day(start) as usize;
                let idx: Vec<usize> = (0..n)
                    .map(|i| match o.per {
                        OverdispersionScope::Interval => i,
                        OverdispersionScope::Day => {
                            (first + i * input.interval_minutes as usize) / MINUTES_PER_DAY as usize
                        }
                    })
                    .collect();
                Some((1.0 / (cv * cv), idx))
            }
        };
        let factor_count = overdispersion
            .as_ref()
            .and_then(|(_, idx)| idx.last().map(|&l| l + 1))
            .unwrap_or(0);
        let max_agents = agents.iter().copied().max().unwrap_or(0);
        Ok(Model {
            grid,
            interval_seconds,
            rate,
            aht,
            agents,
            max_agents,
            patience,
            concurrency,
            factors,
            handle,
            answer_seconds,
            overdispersion,
            factor_count,
            warmup: input.warmup_intervals,
        })
    }

    /// Expected offered contacts over the horizon.
    pub fn expected_contacts(&self) -> f64 {
        self.rate.iter().sum::<f64>() * self.interval_seconds
    }
}
