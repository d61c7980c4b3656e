//! What is being staffed (the demand of one interval and the service model) and what a given
//! number of agents achieves (the "reverse calculation" planners ask for constantly).
//!
//! Three models share one solver (`birth_death`):
//! - **Erlang C** (M/M/N): voice without abandonment. Unstable when `N <= A`.
//! - **Erlang A** (M/M/N+M): voice with exponential patience; always stable.
//! - **Chat**: each agent holds up to `k` chats; see [`crate::staffing::chat`].

use super::birth_death::{self, Head};
use super::chat;
use super::erlang_b::ErlangB;
use crate::error::{non_negative, positive};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// Contacts offered in one interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Demand {
    /// Contacts arriving in the interval (>= 0).
    pub volume: f64,
    /// Interval length in seconds (> 0).
    pub interval_seconds: f64,
}

impl Demand {
    /// Arrival rate per second.
    pub fn rate(&self) -> f64 {
        self.volume / self.interval_seconds
    }

    pub(crate) fn validate(&self) -> Result<()> {
        non_negative("volume", self.volume)?;
        positive("interval_seconds", self.interval_seconds)?;
        Ok(())
    }
}

/// How contacts are served.
#[derive(Debug, Clone, PartialEq)]
pub enum ServiceModel {
    /// Voice: one contact per agent at a time. Without patience this is Erlang C; with
    /// `patience_seconds` it is Erlang A (callers hang up after an exponential time).
    Voice {
        /// Average handle time in seconds (> 0).
        aht_seconds: f64,
        /// Mean patience in seconds (> 0); `None` = nobody abandons (Erlang C).
        patience_seconds: Option<f64>,
    },
    /// Chat: an agent holds up to `aht_seconds_by_concurrency.len()` chats at once.
    Chat {
        /// Handle time of one chat (seconds) when the agent has `i + 1` chats open; usually
        /// rising with `i` because attention is shared. One entry per allowed concurrency level.
        aht_seconds_by_concurrency: Vec<f64>,
        /// Mean patience in seconds (> 0); `None` = nobody abandons.
        patience_seconds: Option<f64>,
    },
}

impl ServiceModel {
    /// Erlang C voice model.
    pub fn erlang_c(aht_seconds: f64) -> ServiceModel {
        ServiceModel::Voice {
            aht_seconds,
            patience_seconds: None,
        }
    }

    /// Erlang A voice model.
    pub fn erlang_a(aht_seconds: f64, patience_seconds: f64) -> ServiceModel {
        ServiceModel::Voice {
            aht_seconds,
            patience_seconds: Some(patience_seconds),
        }
    }

    /// Which queueing model this is.
    pub fn kind(&self) -> ModelKind {
        match self {
            ServiceModel::Voice {
                patience_seconds: None,
                ..
            } => ModelKind::ErlangC,
            ServiceModel::Voice { .. } => ModelKind::ErlangA,
            ServiceModel::Chat { .. } => ModelKind::Chat,
        }
    }

    pub(crate) fn patience(&self) -> Option<f64> {
        match self {
            ServiceModel::Voice {
                patience_seconds, ..
            }
            | ServiceModel::Chat {
                patience_seconds, ..
            } => *patience_seconds,
        }
    }

    /// Offered work in Erlangs: arrival rate x handle time (chat: x the single-chat handle time).
    pub fn traffic(&self, demand: &Demand) -> f64 {
        let aht = match self {
            ServiceModel::Voice { aht_seconds, .. } => *aht_seconds,
            ServiceModel::Chat {
                aht_seconds_by_concurrency,
                ..
            } => aht_seconds_by_concurrency.first().copied().unwrap_or(0.0),
        };
        demand.rate() * aht
    }

    /// Agents needed to keep up with the work when every agent is fully loaded (the stability
    /// bound for models without abandonment): `A` for voice, `λ·AHT_k/k` for chat.
    pub(crate) fn agent_load(&self, demand: &Demand) -> f64 {
        match self {
            ServiceModel::Voice { aht_seconds, .. } => demand.rate() * aht_seconds,
            ServiceModel::Chat {
                aht_seconds_by_concurrency,
                ..
            } => aht_seconds_by_concurrency
                .iter()
                .enumerate()
                .map(|(i, aht)| demand.rate() * aht / (i as f64 + 1.0))
                .fold(0.0, f64::max),
        }
    }

    /// Agents' worth of capacity the work takes when agents hold as many contacts as they
    /// may: `A` for voice, `λ·AHT_K/K` for chat at its highest concurrency `K` (a chat takes
    /// `1/K` of an agent for its handle time at that level). This is how the multi-skill model
    /// weighs a chat queue against the other queues on the same agents; [`Self::agent_load`]
    /// (the largest of the levels, usually `λ·AHT_1`) is `K` times this when the handle time
    /// does not grow with concurrency, and counted a chat queue's work as if every chat took a
    /// whole agent.
    pub(crate) fn capacity_load(&self, demand: &Demand) -> f64 {
        match self {
            ServiceModel::Voice { aht_seconds, .. } => demand.rate() * aht_seconds,
            ServiceModel::Chat {
                aht_seconds_by_concurrency,
                ..
            } => match aht_seconds_by_concurrency.last() {
                Some(aht) => demand.rate() * aht / aht_seconds_by_concurrency.len() as f64,
                None => 0.0,
            },
        }
    }

    pub(crate) fn validate(&self) -> Result<()> {
        match self {
            ServiceModel::Voice {
                aht_seconds,
                patience_seconds,
            } => {
                positive("aht_seconds", *aht_seconds)?;
                if let Some(p) = patience_seconds {
                    positive("patience_seconds", *p)?;
                }
            }
            ServiceModel::Chat {
                aht_seconds_by_concurrency,
                patience_seconds,
            } => {
                if aht_seconds_by_concurrency.is_empty() {
                    return Err(Error::Empty {
                        path: "aht_seconds_by_concurrency".into(),
                        expected: "one handle time per concurrency level (1 chat, 2 chats, ...)"
                            .into(),
                    });
                }
                if aht_seconds_by_concurrency.len() > chat::MAX_CONCURRENCY {
                    return Err(Error::TooLarge {
                        path: "aht_seconds_by_concurrency".into(),
                        limit: chat::MAX_CONCURRENCY,
                        found: aht_seconds_by_concurrency.len(),
                    });
                }
                for (i, a) in aht_seconds_by_concurrency.iter().enumerate() {
                    positive(&format!("aht_seconds_by_concurrency[{i}]"), *a)?;
                }
                if let Some(p) = patience_seconds {
                    positive("patience_seconds", *p)?;
                }
            }
        }
        Ok(())
    }
}

/// The queueing model behind a result (serialised `erlang_c`, `erlang_a`, `chat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// M/M/N, no abandonment.
    ErlangC,
    /// M/M/N+M, exponential patience.
    ErlangA,
    /// Chat with concurrency (state-dependent service).
    Chat,
}

/// What `agents` agents achieve in one interval. Probabilities are fractions in `[0, 1]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Performance {
    /// Model used: `erlang_c`, `erlang_a` or `chat`.
    pub model: ModelKind,
    /// Agents evaluated (productive, on the phones: before shrinkage).
    pub agents: u32,
    /// Offered work in Erlangs (contacts per second x handle time; chat: single-chat AHT).
    pub traffic_erlangs: f64,
    /// True when the queue grows without bound (Erlang C / chat without patience and too few
    /// agents). Then `service_level` is 0, `p_wait` 1 and `asa_seconds` is `null`.
    pub unstable: bool,
    /// Probability that a contact has to wait (all agents or chat slots busy on arrival).
    pub p_wait: f64,
    /// Threshold of the service level in seconds.
    pub answer_seconds: f64,
    /// Share of offered contacts answered within `answer_seconds` (offered basis: a contact that
    /// abandons counts as not answered in time).
    pub service_level: f64,
    /// Share of *answered* contacts answered within `answer_seconds` (abandoned ones removed
    /// from the base); only with patience.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub service_level_answered: Option<f64>,
    /// Mean wait in seconds over all arrivals (answered and abandoned); `null` when unstable.
    pub asa_seconds: Option<f64>,
    /// Occupancy: share of agent capacity in use. Voice: busy agents / agents. Chat: chats in
    /// service / (agents x max concurrency).
    pub occupancy: f64,
    /// Mean number of agents with at least one contact.
    pub busy_agents: f64,
    /// Mean number of contacts waiting.
    pub mean_queue: Option<f64>,
    /// Probability that a contact abandons; only with patience.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub p_abandon: Option<f64>,
}

/// What `agents` agents achieve for `demand` under `service`, with the service level measured at
/// `answer_seconds`. Errors name the offending field.
///
/// ```
/// use paiban::staffing::{evaluate, Demand, ServiceModel};
/// let d = Demand { volume: 100.0, interval_seconds: 1800.0 };
/// let p = evaluate(&d, &ServiceModel::erlang_c(180.0), 14, 20.0)?;
/// assert!((p.service_level - 0.88835).abs() < 5e-6);
/// # Ok::<(), paiban::Error>(())
/// ```
pub fn evaluate(
    demand: &Demand,
    service: &ServiceModel,
    agents: u32,
    answer_seconds: f64,
) -> Result<Performance> {
    demand.validate()?;
    service.validate()?;
    non_negative("answer_seconds", answer_seconds)?;
    evaluate_unchecked(demand, service, agents, answer_seconds)
}

/// Most offered traffic accepted, in Erlangs (a national call centre is ~10,000).
pub const MAX_TRAFFIC_ERLANGS: f64 = 100_000.0;
/// Most agents a single evaluation accepts (declared in `crate::limits`).
pub use crate::limits::MAX_EVALUATED_AGENTS;

/// Size limits that keep every computation bounded (a page must never freeze).
pub(crate) fn check_size(demand: &Demand, service: &ServiceModel, agents: u32) -> Result<()> {
    let load = service.agent_load(demand).max(service.traffic(demand));
    if load > MAX_TRAFFIC_ERLANGS {
        return Err(Error::invalid(
            "volume",
            format!("at most {MAX_TRAFFIC_ERLANGS} Erlangs of traffic (volume x AHT / interval)"),
            crate::error::num(load),
        ));
    }
    if agents > MAX_EVALUATED_AGENTS {
        return Err(Error::invalid(
            "agents",
            format!("at most {MAX_EVALUATED_AGENTS} agents"),
            agents,
        ));
    }
    Ok(())
}

/// [`evaluate`] without validation (inputs already checked).
pub(crate) fn evaluate_unchecked(
    demand: &Demand,
    service: &ServiceModel,
    agents: u32,
    answer_seconds: f64,
) -> Result<Performance> {
    check_size(demand, service, agents)?;
    match service {
        ServiceModel::Voice { aht_seconds, .. } => {
            let a = demand.rate() * aht_seconds;
            voice_from_b(demand, service, ErlangB::at(agents, a), answer_seconds)
        }
        ServiceModel::Chat {
            aht_seconds_by_concurrency,
            ..
        } => {
            let head = chat::head(agents, aht_seconds_by_concurrency, demand.rate());
            let sol = birth_death::solve(&head, demand.rate(), theta(service), answer_seconds)?;
            Ok(performance(
                demand,
                service,
                agents,
                answer_seconds,
                &sol,
                head.slots,
            ))
        }
    }
}

fn theta(service: &ServiceModel) -> f64 {
    service.patience().map_or(0.0, |p| 1.0 / p)
}

/// Voice performance from an Erlang B cursor (used by the stepping requirement search).
pub(crate) fn voice_from_b(
    demand: &Demand,
    service: &ServiceModel,
    cursor: ErlangB,
    answer_seconds: f64,
) -> Result<Performance> {
    let aht = match service {
        ServiceModel::Voice { aht_seconds, .. } => *aht_seconds,
        ServiceModel::Chat { .. } => {
            return Err(Error::invalid("model", "a voice model", "chat"));
        }
    };
    let n = cursor.servers();
    let a = cursor.traffic();
    let b = cursor.blocking();
    let carried = a * (1.0 - b);
    let head = Head {
        b,
        mean_in_service: carried,
        mean_busy_agents: carried,
        slots: f64::from(n),
        agents: f64::from(n),
        full_rate: f64::from(n) / aht,
    };
    let sol = birth_death::solve(&head, demand.rate(), theta(service), answer_seconds)?;
    Ok(performance(
        demand,
        service,
        n,
        answer_seconds,
        &sol,
        f64::from(n),
    ))
}

fn performance(
    demand: &Demand,
    service: &ServiceModel,
    agents: u32,
    answer_seconds: f64,
    sol: &birth_death::Solution,
    slots: f64,
) -> Performance {
    let with_patience = service.patience().is_some();
    let occupancy = if slots > 0.0 {
        (sol.mean_in_service / slots).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let answered = 1.0 - sol.p_abandon;
    Performance {
        model: service.kind(),
        agents,
        traffic_erlangs: service.traffic(demand),
        unstable: sol.unstable,
        p_wait: sol.p_wait,
        answer_seconds,
        service_level: sol.service_level,
        service_level_answered: with_patience.then(|| {
            if answered > 0.0 {
                (sol.service_level / answered).clamp(0.0, 1.0)
            } else {
                0.0
            }
        }),
        asa_seconds: sol.asa_seconds,
        occupancy,
        busy_agents: sol.mean_busy_agents,
        mean_queue: sol.mean_queue.is_finite().then_some(sol.mean_queue),
        p_abandon: with_patience.then_some(sol.p_abandon),
    }
}
