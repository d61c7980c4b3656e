//! The one birth–death solver behind Erlang C, Erlang A and chat: a finite "head" of states in
//! which arrivals start service at once, followed by an infinite queue served at a constant rate
//! `D` (all servers or chat slots busy) with exponential patience `θ` (`θ = 0`: nobody leaves).
//!
//! Why one solver: Erlang C is M/M/N (head = Erlang B, `θ = 0`), Erlang A is M/M/N+M (same head,
//! `θ > 0`), and the chat model is a state-dependent head (`n` agents x `k` slots) with the same
//! queue. Everything below the head boundary is summarised by the truncated-chain blocking `b`
//! and conditional means, so huge heads never overflow (see `erlang_b`).
//!
//! **States.** Let `π_S = 1` be the (unnormalised) mass of the full head state `S`. The head's
//! total mass is `1/b`. Queue state `S + j` has mass `w_j = Π_{i=1..j} λ/(D + iθ)`, `w_0 = 1`.
//! With `Q = Σ w_j` and `L = Σ j·w_j` and `den = 1 + b(Q - 1)`:
//! `P(wait) = b·Q/den`, `E[queue] = b·L/den`, `P(abandon) = θ·E[queue]/λ` (abandonment flux over
//! arrival flux), `ASA = E[queue]/λ` over **all** arrivals (Little's law on the waiting room,
//! abandoning contacts included).
//!
//! **Waiting-time distribution** (derived for this module; matches Riordan 1962 and Mandelbaum &
//! Zeltyn 2007, "Service engineering in action: the Palm/Erlang-A queue"). An arrival that finds
//! `j` waiting moves up at rates `D + mθ`, `m = j..0`; this hypoexponential sum `V_j` with equally
//! spaced rates has density `Π(D + mθ)/(θ^j j!) · e^{-Ds} (1 - e^{-θs})^j`. It is answered within
//! `T` if `V_j <= T` and its own patience outlasts `V_j`, i.e. with probability
//! `∫_0^T f(s) e^{-θs} ds = D/(D + (j+1)θ) · I_x(j+1, D/θ + 1)`, `x = 1 - e^{-θT}`, where `I` is
//! the regularised incomplete beta, computed as a negative-binomial tail
//! `I_x(j+1, β) = 1 - Σ_{p<=j} C(p+β-1, p) x^p (1-x)^β` with the pmf's term recursion (in log
//! space while it would underflow). For `θ = 0` this is the Erlang C `1 - e^{-(D-λ)T}` form.
//!
//! **Truncation with a proven bound.** The ratios `r_j = λ/(D + jθ)` decrease in `j`, so once
//! `r < 1` the rest of the queue is dominated by a geometric series:
//! `Σ_{i>=j} w_i <= w_{j-1} r/(1-r)` and `Σ_{i>=j} i·w_i <= w_{j-1}((j-1)r/(1-r) + r/(1-r)^2)`.
//! We stop as soon as both bounds are below `1e-16` of the sums so far, never at a fixed cutoff.

use crate::math::{exp, exp_m1, ln};
use crate::{Error, Result};

/// Relative size of the neglected tail when the queue sum stops.
const TAIL_TOLERANCE: f64 = 1e-16;
/// Most queue states summed before we give up (a patience so long that a queue of this many
/// contacts is normal). Ten million states take about 0.1 s.
pub const MAX_QUEUE_STATES: usize = 10_000_000;

/// The head of the chain, summarised.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Head {
    /// `π_S / Σ_{s<=S} π_s`: the truncated chain's blocking (Erlang B for voice).
    pub b: f64,
    /// Mean number of contacts in service given the head (`A(1 - B)` for voice).
    pub mean_in_service: f64,
    /// Mean number of busy agents given the head (equals `mean_in_service` for voice).
    pub mean_busy_agents: f64,
    /// Contacts in service in the full head state `S` (`N` for voice, `N·k` for chat).
    pub slots: f64,
    /// Agents (servers).
    pub agents: f64,
    /// Completion rate per second in the full state (`N/AHT` for voice).
    pub full_rate: f64,
}

/// Steady-state measures of one queue with given staffing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Solution {
    pub unstable: bool,
    pub p_wait: f64,
    pub service_level: f64,
    pub mean_queue: f64,
    pub asa_seconds: Option<f64>,
    pub p_abandon: f64,
    pub mean_in_service: f64,
    pub mean_busy_agents: f64,
}

/// Solve the chain: arrival rate `lambda` (1/s), patience rate `theta` (1/s, 0 = infinite
/// patience), service level threshold `answer_seconds`.
pub(crate) fn solve(head: &Head, lambda: f64, theta: f64, answer_seconds: f64) -> Result<Solution> {
    if lambda <= 0.0 {
        return Ok(Solution {
            unstable: false,
            p_wait: 0.0,
            service_level: 1.0,
            mean_queue: 0.0,
            asa_seconds: Some(0.0),
            p_abandon: 0.0,
            mean_in_service: 0.0,
            mean_busy_agents: 0.0,
        });
    }
    let d = head.full_rate;
    let t = answer_seconds;
    let (q, l, answered_in_queue) = if theta > 0.0 {
        queue_with_patience(lambda, d, theta, t)?
    } else {
        if lambda >= d {
            return Ok(Solution {
                unstable: true,
                p_wait: 1.0,
                service_level: 0.0,
                mean_queue: f64::INFINITY,
                asa_seconds: None,
                p_abandon: 0.0,
                mean_in_service: head.slots,
                mean_busy_agents: head.agents,
            });
        }
        let rho = lambda / d;
        let q = 1.0 / (1.0 - rho);
        let l = rho / ((1.0 - rho) * (1.0 - rho));
        (q, l, q * (-exp_m1(-(d - lambda) * t)))
    };
    let b = head.b;
    let den = 1.0 + b * (q - 1.0);
    let mean_queue = b * l / den;
    let sl = ((1.0 - b) + b * answered_in_queue) / den;
    Ok(Solution {
        unstable: false,
        p_wait: (b * q / den).clamp(0.0, 1.0),
        service_level: sl.clamp(0.0, 1.0),
        mean_queue,
        asa_seconds: Some(mean_queue / lambda),
        p_abandon: (theta * mean_queue / lambda).clamp(0.0, 1.0),
        mean_in_service: (head.mean_in_service + head.slots * b * (q - 1.0)) / den,
        mean_busy_agents: (head.mean_busy_agents + head.agents * b * (q - 1.0)) / den,
    })
}

/// `(Σ w_j, Σ j w_j, Σ w_j P(answered within T | j ahead))` for `θ > 0`.
fn queue_with_patience(lambda: f64, d: f64, theta: f64, t: f64) -> Result<(f64, f64, f64)> {
    // Negative-binomial tail for I_x(j+1, beta): x = 1 - e^{-θT}, beta = D/θ + 1.
    let x = -exp_m1(-theta * t);
    let beta = d / theta + 1.0;
    let mut log_term = -(d + theta) * t; // ln of (1-x)^beta
    let mut term = if log_term > -700.0 {
        exp(log_term)
    } else {
        0.0
    };
    let mut cum = term;
    // P(answered | j ahead) = D/(D + (j+1)θ) · I_j, and D/(D + (j+1)θ) = (D/λ)·r_{j+1}: the
    // next ratio is computed once and serves both (three divisions per state, not six).
    let d_over_lambda = d / lambda;
    let mut r_next = lambda / (d + theta);
    let mut w = 1.0;
    let mut q = 1.0;
    let mut l = 0.0;
    let mut a_sum = d_over_lambda * r_next * (1.0 - cum).max(0.0);
    for j in 1..=MAX_QUEUE_STATES {
        let jf = j as f64;
        let r = r_next;
        if r < 1.0 {
            let inv = 1.0 / (1.0 - r);
            let tail_mass = w * r * inv;
            let tail_l = w * r * inv * ((jf - 1.0) + inv);
            if tail_mass <= TAIL_TOLERANCE * q && (tail_l == 0.0 || tail_l <= TAIL_TOLERANCE * l) {
                return Ok((q, l, a_sum));
            }
        }
        w *= r;
        q += w;
        l += jf * w;
        // Next negative-binomial term p = j from p = j - 1.
        if x > 0.0 {
            let ratio = x * ((jf - 1.0) + beta) / jf;
            if term > 0.0 {
                term *= ratio;
            } else {
                log_term += ln(ratio);
                if log_term > -700.0 {
                    term = exp(log_term);
                }
            }
            cum += term;
        }
        r_next = lambda / (d + (jf + 1.0) * theta);
        a_sum += w * d_over_lambda * r_next * (1.0 - cum).max(0.0);
        if !q.is_finite() {
            break;
        }
    }
    Err(Error::invalid(
        "patience_seconds",
        format!(
            "a patience short enough that fewer than {MAX_QUEUE_STATES} contacts wait at once \
             (the queue is overloaded; add agents or check the patience)"
        ),
        1.0 / theta,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voice_head(n: u32, a: f64, aht: f64) -> Head {
        let b = crate::staffing::erlang_b(n, a);
        Head {
            b,
            mean_in_service: a * (1.0 - b),
            mean_busy_agents: a * (1.0 - b),
            slots: f64::from(n),
            agents: f64::from(n),
            full_rate: f64::from(n) / aht,
        }
    }

    /// Brute force: normalise the chain over 0..S+J states directly and integrate the waiting
    /// time of each queue position numerically; checks the closed forms above.
    #[test]
    fn erlang_a_closed_forms_match_brute_force() {
        let (n, a, aht, patience, t) = (5u32, 4.5, 100.0, 80.0, 30.0);
        let lambda = a / aht;
        let theta = 1.0 / patience;
        let sol = solve(&voice_head(n, a, aht), lambda, theta, t).unwrap();
        // Brute force stationary distribution.
        let states = 400;
        let mut p = vec![1.0f64; states];
        for k in 1..states {
            let death = if k <= n as usize {
                k as f64 / aht
            } else {
                f64::from(n) / aht + (k - n as usize) as f64 * theta
            };
            p[k] = p[k - 1] * lambda / death;
        }
        let z: f64 = p.iter().sum();
        let pw: f64 = p[n as usize..].iter().sum::<f64>() / z;
        let lq: f64 = p
            .iter()
            .enumerate()
            .skip(n as usize)
            .map(|(k, v)| (k - n as usize) as f64 * v)
            .sum::<f64>()
            / z;
        assert!((sol.p_wait - pw).abs() < 1e-12);
        assert!((sol.mean_queue - lq).abs() < 1e-12);
        // SL by uniformisation of the tagged contact's own chain (m ahead -> m - 1 at rate
        // D + mθ, own abandonment at rate θ): an independent route to the closed form.
        let dr = f64::from(n) / aht;
        let jmax = 200usize;
        let big = dr + (jmax as f64 + 1.0) * theta;
        let mut h = vec![0.0f64; jmax + 1]; // P(served within k jumps | m ahead)
        let mut pois = exp(-big * t);
        let mut u: Vec<f64> = h.iter().map(|v| v * pois).collect();
        for k in 1..400 {
            let prev = h.clone();
            for m in 0..=jmax {
                let fwd = (dr + m as f64 * theta) / big;
                let stay = 1.0 - fwd - theta / big;
                let ahead = if m == 0 { 1.0 } else { prev[m - 1] };
                h[m] = fwd * ahead + stay * prev[m];
            }
            pois *= big * t / k as f64;
            for m in 0..=jmax {
                u[m] += pois * h[m];
            }
        }
        let mut sl: f64 = p[..n as usize].iter().sum::<f64>() / z;
        for j in 0..=jmax {
            sl += p[n as usize + j] / z * u[j];
        }
        assert!(
            (sol.service_level - sl).abs() < 1e-9,
            "{} vs {sl}",
            sol.service_level
        );
        // Throughput balance: λ(1 - P_ab) = mean in service / AHT.
        assert!((lambda * (1.0 - sol.p_abandon) - sol.mean_in_service / aht).abs() < 1e-12);
    }

    /// `(D + θ)·T > 700`: the negative-binomial terms start below f64's range and are carried
    /// in log space; the result must still tend to Erlang C.
    #[test]
    fn log_space_waiting_time_matches_erlang_c_limit() {
        let (n, a, aht, t) = (2000u32, 1996.0, 60.0, 30.0);
        let head = voice_head(n, a, aht);
        assert!(head.full_rate * t > 700.0);
        let c = solve(&head, a / aht, 0.0, t).unwrap();
        let big = solve(&head, a / aht, 1.0 / (aht * 1e13), t).unwrap();
        assert!(c.service_level > 0.5 && c.service_level < 0.999);
        assert!((c.service_level - big.service_level).abs() < 1e-9);
        // Real patience lowers waiting, and SL stays a probability.
        let real = solve(&head, a / aht, 1.0 / 300.0, t).unwrap();
        assert!(real.p_wait < c.p_wait);
        assert!((0.0..=1.0).contains(&real.service_level));
    }

    #[test]
    fn unstable_without_patience_is_reported() {
        let s = solve(&voice_head(10, 10.0, 180.0), 10.0 / 180.0, 0.0, 20.0).unwrap();
        assert!(s.unstable);
        assert_eq!(s.asa_seconds, None);
        assert_eq!(s.service_level, 0.0);
    }

    #[test]
    fn no_arrivals_means_perfect_service() {
        let s = solve(&voice_head(3, 0.0, 180.0), 0.0, 0.0, 20.0).unwrap();
        assert_eq!(s.service_level, 1.0);
        assert_eq!(s.p_wait, 0.0);
    }
}
