//! Erlang A (M/M/N+M, "Palm's queue"): callers abandon after an exponentially distributed
//! patience with mean `P`. Always stable, and much closer to real call centres than Erlang C
//! when abandonment is material (Garnett, Mandelbaum & Reiman 2002, "Designing a call center
//! with impatient customers", MSOM 4(3)).
//!
//! Solved exactly as a birth–death chain (see `birth_death` for the formulas and the proven
//! truncation bound). Conventions, as in `../shared/reference/erlang.md`:
//! - `asa_seconds` is the mean wait over **all** arrivals (answered and abandoned);
//! - `service_level` is on the **offered** basis: an abandoned contact counts as not answered in
//!   time; `service_level_answered` divides by the answered share instead;
//! - `occupancy = A·(1 - P(abandon))/N`.
//!
//! As the patience grows the results tend to Erlang C (tested).

use super::model::{evaluate, Demand, Performance, ServiceModel};
use crate::Result;

/// Erlang A performance of `agents` agents for `volume` contacts per `interval_seconds` with
/// handle time `aht_seconds`, mean patience `patience_seconds` and SL threshold `answer_seconds`.
///
/// ```
/// let p = paiban::staffing::erlang_a::erlang_a(14, 100.0, 1800.0, 180.0, 300.0, 20.0)?;
/// assert!(p.p_abandon.is_some_and(|a| (a - 0.013984).abs() < 5e-7));
/// # Ok::<(), paiban::Error>(())
/// ```
pub fn erlang_a(
    agents: u32,
    volume: f64,
    interval_seconds: f64,
    aht_seconds: f64,
    patience_seconds: f64,
    answer_seconds: f64,
) -> Result<Performance> {
    evaluate(
        &Demand {
            volume,
            interval_seconds,
        },
        &ServiceModel::erlang_a(aht_seconds, patience_seconds),
        agents,
        answer_seconds,
    )
}
