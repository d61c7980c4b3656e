//! Staffing: how many agents each queue needs in each interval to meet its service targets.
//!
//! This is the step between the forecast (contacts and handle time per interval) and the shift
//! schedule (who starts when). It answers two questions planners ask all day:
//! - **requirement**: the least agents meeting every target at once (service level X% within
//!   T s, maximum ASA, maximum abandonment, maximum occupancy), then positions after shrinkage;
//! - **reverse**: what a given number of agents achieves (SL, ASA, abandonment, occupancy).
//!
//! Models, all exact steady-state solutions of birth–death chains solved without factorials:
//! Erlang B/C ([`erlang_b`](mod@erlang_b), [`erlang_c`]), Erlang A with exponential patience ([`erlang_a`]),
//! chat with concurrency ([`chat`]), and deferred work such as e-mail with response windows
//! ([`deferred`]). [`horizon`] applies them per interval and per queue over a planning horizon;
//! [`whatif`] gives the agents-vs-SL tables and the pooling effect; [`api`] is the JSON
//! request/response pair used by the CLI (`paiban erlang`) and the wasm export.
//!
//! ```
//! use paiban::staffing::{required_agents, positions, Demand, ServiceModel, Target};
//! let demand = Demand { volume: 100.0, interval_seconds: 1800.0 };
//! let target = Target { service_level: 0.8, answer_seconds: 20.0,
//!                       max_asa_seconds: None, max_abandon_rate: None };
//! let r = required_agents(&demand, &ServiceModel::erlang_c(180.0), &target, Some(0.85))?;
//! assert_eq!((r.agents, positions(f64::from(r.agents), 0.3)), (14, 20));
//! # Ok::<(), paiban::Error>(())
//! ```

pub mod api;
mod birth_death;
pub mod chat;
pub mod deferred;
pub mod erlang_a;
pub mod erlang_b;
pub mod erlang_c;
pub mod horizon;
pub mod model;
pub mod queue;
pub mod requirement;
pub mod shrinkage;
pub mod skills;
pub mod whatif;

pub use birth_death::MAX_QUEUE_STATES;
pub use erlang_b::{erlang_b, ErlangB};
pub use model::{
    evaluate, Demand, ModelKind, Performance, ServiceModel, MAX_EVALUATED_AGENTS,
    MAX_TRAFFIC_ERLANGS,
};
pub use queue::{Channel, Queue};
pub use requirement::{missed_targets, required_agents, Requirement, Target};
pub use shrinkage::{positions, Combine, Shrinkage, ShrinkageComponents};
