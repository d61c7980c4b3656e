//! Chat with concurrency: each agent holds up to `k` chats, and the handle time of a chat
//! depends on how many chats the agent has open (planners measure "AHT at concurrency 1, 2, 3").
//!
//! **Model** (state-dependent birth–death; Tezcan & Zhang 2014, "Routing and staffing in
//! customer service chat systems with impatient customers", Operations Research 62(4):943–956,
//! who model an agent with `i` open chats as completing each at rate `μ_i`; see also
//! Luo & Zhang 2013 for the same aggregation). With `N` agents and `s` chats in service, a
//! load-balancing router keeps the agents' loads within one of each other (`s = qN + r`: `r`
//! agents hold `q + 1` chats, `N - r` hold `q`). An agent with `i` chats finishes one at rate
//! `i / AHT_i`, so the total completion rate is
//! `d(s) = r·(q+1)/AHT_{q+1} + (N-r)·q/AHT_q` for `s <= N·k`.
//! Arrivals (Poisson, rate `λ`) join the least-loaded agent while a slot is free, otherwise wait
//! FCFS and leave after an exponential patience. The full state `N·k` completes at
//! `D = N·k/AHT_k`, so the queue is exactly the Erlang A queue of `birth_death` with `D` as its
//! service rate; SL and ASA come from the same waiting-time distribution.
//!
//! **Effect of concurrency** (300 chats per 30 min, 80% answered within 60 s; pinned in
//! `tests/staffing_models.rs`):
//!
//! | max chats `k` | handle time per chat at 1, 2, 3 open | agents |
//! |--------------:|--------------------------------------|-------:|
//! | 1             | 300 s                                | 55     |
//! | 2             | 300, 390 s                           | 35     |
//! | 3             | 300, 390, 480 s                      | 29     |
//! | 2 (flat AHT)  | 300, 300 s                           | 28     |
//! | 3 (flat AHT)  | 300, 300, 300 s                      | 19     |
//!
//! Assuming handle time does not grow with concurrency overstates the saving by half.
//!
//! The balanced-load assumption is the model's approximation (a real router cannot move an open
//! chat); it is exact for `k = 1`, where this is Erlang C/A, which the tests check.

use super::birth_death::Head;

/// Most chats one agent may hold at once in this model (declared in `crate::limits`).
pub use crate::limits::MAX_CONCURRENCY;

/// The head of the chat chain for `n` agents: generalised Erlang B recursion
/// `b_s = ρ_s b_{s-1} / (1 + ρ_s b_{s-1})` with `ρ_s = λ/d(s)`, plus conditional means.
pub(crate) fn head(n: u32, aht_by_level: &[f64], lambda: f64) -> Head {
    let k = aht_by_level.len();
    let nf = f64::from(n);
    let slots = n as usize * k;
    let aht = |level: usize| -> f64 {
        if level == 0 {
            1.0
        } else {
            aht_by_level.get(level - 1).copied().unwrap_or(1.0)
        }
    };
    let mut b = 1.0;
    let mut mean_in_service = 0.0;
    let mut mean_busy = 0.0;
    if n > 0 {
        for s in 1..=slots {
            // s = q·n + r, 0 <= r < n: r agents hold q + 1 chats, the others q.
            let (q, r) = (s / n as usize, s % n as usize);
            let qf = q as f64;
            let rate = r as f64 * (qf + 1.0) / aht(q + 1) + (nf - r as f64) * qf / aht(q);
            let rho = if rate > 0.0 {
                lambda / rate
            } else {
                f64::INFINITY
            };
            let rb = rho * b;
            b = if rb.is_finite() { rb / (1.0 + rb) } else { 1.0 };
            let sf = s as f64;
            mean_in_service = (1.0 - b) * mean_in_service + b * sf;
            mean_busy = (1.0 - b) * mean_busy + b * sf.min(nf);
        }
    }
    Head {
        b,
        mean_in_service,
        mean_busy_agents: mean_busy,
        slots: slots as f64,
        agents: nf,
        full_rate: if k > 0 { nf * k as f64 / aht(k) } else { 0.0 },
    }
}
