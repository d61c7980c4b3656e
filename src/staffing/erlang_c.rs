//! Erlang C (M/M/N): callers wait as long as it takes. The textbook model for voice staffing,
//! computed from Erlang B so it never overflows:
//! `C(N, A) = N·B / (N - A·(1 - B))` for `N > A` (e.g. Cooper, "Introduction to Queueing
//! Theory", 2nd ed., §3.4), `SL(T) = 1 - C·e^{-(N - A)·T/AHT}`, `ASA = C·AHT/(N - A)`,
//! occupancy `A/N`. For `N <= A` the queue is unstable: these functions return `None` and
//! [`crate::staffing::evaluate`] reports `unstable: true`.

use super::erlang_b::erlang_b;
use crate::math::exp;

/// Probability of waiting `C(n, a)`; `None` when `n <= a` (unstable).
///
/// ```
/// let c = paiban::staffing::erlang_c::erlang_c(14, 10.0);
/// assert!(c.is_some_and(|c| (c - 0.1741319).abs() < 5e-8));
/// ```
pub fn erlang_c(n: u32, a: f64) -> Option<f64> {
    let nf = f64::from(n);
    if a.is_nan() || nf <= a {
        return None;
    }
    if a <= 0.0 {
        return Some(0.0);
    }
    let b = erlang_b(n, a);
    Some(nf * b / (nf - a * (1.0 - b)))
}

/// Service level: share answered within `answer_seconds`; `None` when unstable.
pub fn service_level(n: u32, a: f64, aht_seconds: f64, answer_seconds: f64) -> Option<f64> {
    let c = erlang_c(n, a)?;
    Some(1.0 - c * exp(-(f64::from(n) - a) * answer_seconds / aht_seconds))
}

/// Average speed of answer in seconds; `None` when unstable.
pub fn asa_seconds(n: u32, a: f64, aht_seconds: f64) -> Option<f64> {
    let c = erlang_c(n, a)?;
    Some(c * aht_seconds / (f64::from(n) - a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_row_14_agents() {
        assert!((service_level(14, 10.0, 180.0, 20.0).unwrap() - 0.88835).abs() < 5e-6);
        assert!((asa_seconds(14, 10.0, 180.0).unwrap() - 7.8359).abs() < 5e-5);
        assert_eq!(erlang_c(10, 10.0), None);
        assert_eq!(erlang_c(3, 0.0), Some(0.0));
    }
}
