//! Erlang B (M/M/N/N blocking) by the stable recursion, with a proven warm start.
//!
//! Every other queue in this module is built on `B(N, A)`: Erlang C and Erlang A reuse it for the
//! "all agents busy" mass of the birth–death chain, so it must be exact and cheap for
//! `A` up to 5,000 Erlangs and `N` up to 10,000 agents.
//!
//! **Recursion** (Jagerman 1974, "Some properties of the Erlang loss function", BSTJ 53):
//! `B(0) = 1`, `B(n) = A·B(n-1) / (n + A·B(n-1))`. No factorials or powers, every step is in
//! `[0, 1]`; it underflows gracefully to 0 where the true value is below `f64`'s range.
//!
//! **Warm start** (our addition, proven here). The full recursion costs `N` divisions; a planner
//! evaluating 10,000 intervals at ~2,000 Erlangs wants fewer. We start at
//! `n0 = floor(A - 9·sqrt(A))` from `x0 = 1 - n0/A`, which is a *lower bound* of `B(n0)` because
//! the carried traffic `A·(1 - B)` never exceeds the `n0` servers. The map
//! `f_n(x) = A·x/(n + A·x)` is increasing, so the iterates stay below the true values, and in
//! log coordinates its slope is `n/(n + A·ξ) <= n/(n + A·x_{n-1}) = 1 - x_n` for any `ξ` between
//! the iterate and the truth. Hence `0 <= ln B(n) - ln x_n <= ln(1/x0) · Π_{k=n0+1..n} (1 - x_k)`,
//! a bound we compute along the way. If it is not below `1e-15` when we reach `n`, we redo the
//! recursion from `B(0) = 1` exactly; so the warm start is never less accurate than the
//! recursion itself, only faster (about `9·sqrt(A)` steps instead of `A`).

use crate::math::ln;
/// Relative error the warm start must prove before it is accepted.
const WARM_START_TOLERANCE: f64 = 1e-15;
/// How many standard deviations of the offered load below `A` the warm start begins.
const WARM_START_SIGMAS: f64 = 9.0;

/// Erlang B blocking probability `B(n, a)` for `n` servers and `a` Erlangs of offered traffic.
///
/// `a <= 0` (or NaN) gives 0 for `n >= 1` and 1 for `n = 0`.
///
/// ```
/// use paiban::staffing::erlang_b;
/// assert!((erlang_b(1, 1.0) - 0.5).abs() < 1e-15);
/// assert!((erlang_b(17, 10.0) - 0.012949).abs() < 5e-7);
/// ```
pub fn erlang_b(n: u32, a: f64) -> f64 {
    ErlangB::at(n, a).blocking()
}

/// A cursor on the Erlang B recursion for a fixed traffic: start at some `n` (warm-started),
/// then step `n -> n + 1` in O(1). Requirement searches use it to walk up from the stability
/// bound without recomputing from scratch.
#[derive(Debug, Clone, Copy)]
pub struct ErlangB {
    a: f64,
    n: u32,
    b: f64,
}

impl ErlangB {
    /// `B(n, a)`, warm-started when that is provably as accurate as the full recursion.
    pub fn at(n: u32, a: f64) -> ErlangB {
        if a.is_nan() || a <= 0.0 {
            return ErlangB {
                a: 0.0,
                n,
                b: if n == 0 { 1.0 } else { 0.0 },
            };
        }
        let n0 = (a - WARM_START_SIGMAS * a.sqrt()).floor();
        if n0 >= 1.0 && n0 < f64::from(n) {
            // n0 < n <= u32::MAX, so the cast is exact.
            let n0 = n0 as u32;
            let mut x = 1.0 - f64::from(n0) / a;
            let mut bound = -ln(x);
            for k in (n0 + 1)..=n {
                let kf = f64::from(k);
                let ax = a * x;
                let one_minus = kf / (kf + ax);
                x = ax / (kf + ax);
                bound *= one_minus;
            }
            if bound <= WARM_START_TOLERANCE {
                return ErlangB { a, n, b: x };
            }
        }
        Self::exact(n, a)
    }

    /// `B(n, a)` by the full recursion from `B(0) = 1` (O(n)); the reference for the warm start.
    pub fn exact(n: u32, a: f64) -> ErlangB {
        if a.is_nan() || a <= 0.0 {
            return Self::at(n, a);
        }
        let mut b = 1.0;
        for k in 1..=n {
            let ab = a * b;
            b = ab / (f64::from(k) + ab);
        }
        ErlangB { a, n, b }
    }

    /// Move to `n + 1` servers.
    pub fn step(&mut self) {
        self.n = self.n.saturating_add(1);
        let ab = self.a * self.b;
        let denom = f64::from(self.n) + ab;
        self.b = if denom > 0.0 { ab / denom } else { 0.0 };
    }

    /// Current number of servers.
    pub fn servers(&self) -> u32 {
        self.n
    }

    /// Offered traffic in Erlangs.
    pub fn traffic(&self) -> f64 {
        self.a
    }

    /// Blocking probability at the current number of servers.
    pub fn blocking(&self) -> f64 {
        self.b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_values_are_exact() {
        assert_eq!(erlang_b(1, 1.0), 0.5);
        assert_eq!(erlang_b(2, 1.0), 0.2);
        assert_eq!(erlang_b(0, 3.0), 1.0);
        assert_eq!(erlang_b(5, 0.0), 0.0);
        assert_eq!(erlang_b(0, 0.0), 1.0);
    }

    #[test]
    fn warm_start_matches_full_recursion() {
        for &a in &[81.5, 100.0, 500.0, 1234.5, 2000.0, 5000.0] {
            let lo = (a - 3.0 * f64::sqrt(a)) as u32;
            for n in [lo, a as u32, (a + 2.0 * f64::sqrt(a)) as u32, 10_000] {
                let w = ErlangB::at(n, a).blocking();
                let e = ErlangB::exact(n, a).blocking();
                let rel = if e == 0.0 { w } else { (w - e).abs() / e };
                assert!(rel < 1e-13, "a={a} n={n} warm={w} exact={e}");
            }
        }
    }

    #[test]
    fn stepping_equals_fresh_evaluation() {
        let mut c = ErlangB::at(2000, 2000.0);
        for _ in 0..50 {
            c.step();
        }
        let fresh = ErlangB::exact(2050, 2000.0).blocking();
        assert!((c.blocking() - fresh).abs() / fresh < 1e-13);
        assert_eq!(c.servers(), 2050);
    }

    #[test]
    fn extreme_arguments_stay_finite() {
        let tiny = erlang_b(10_000, 0.01);
        assert!((0.0..1e-300).contains(&tiny), "{tiny}");
        let big = erlang_b(10_000, 5000.0);
        assert!((0.0..1e-100).contains(&big), "{big}");
        let overloaded = erlang_b(10, 5000.0);
        assert!((0.99..1.0).contains(&overloaded), "{overloaded}");
    }
}
