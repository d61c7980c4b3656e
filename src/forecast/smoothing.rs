//! Daily totals by exponential smoothing, times intraday profiles.
//!
//! Contact-centre volume is best modelled in two layers (Taylor 2008, "A comparison of univariate
//! methods for forecasting intraday arrivals at a call center"; Ibrahim et al. 2016): how much
//! arrives in a day, and how that day's volume spreads over its intervals. The daily totals
//! follow Holt-Winters with a damped additive trend and multiplicative weekday effects
//! (Gardner & McKenzie 1985; Hyndman et al. 2008, ETS(A,Ad,M) recursions):
//!
//! ```text
//! forecast  ŷ(t+h) = (l + (φ + … + φ^h) b) · s[w(t+h)]
//! level     l' = α y/s[w] + (1-α)(l + φ b)
//! trend     b' = β (l' - l) + (1-β) φ b
//! season    s[w]' = γ y/l' + (1-γ) s[w]
//! ```
//!
//! Days kept out of the fit (holidays, gaps, events) advance the state without a correction.
//! α, β, φ, γ are chosen from a small grid by the in-sample error of 1- to 7-day-ahead
//! forecasts, so they are learned from each history; the profile window is learned in
//! [`super::select`].

use super::calendar::Prepared;
use super::profile::profile;
use crate::math::powi;

/// Days of history that initialise the state and are not scored.
const BURN_IN: usize = 14;
/// Longest lead scored when choosing the parameters.
const FIT_LEADS: usize = 7;
/// A weekday whose effect is below this share of an average day is treated as closed-ish:
/// it updates its own effect but never the level (dividing by a near-zero effect is unstable).
const MIN_EFFECT: f64 = 0.05;

/// Smoothing parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Params {
    alpha: f64,
    beta: f64,
    phi: f64,
    gamma: f64,
}

#[derive(Debug, Clone, Copy)]
struct State {
    l: f64,
    b: f64,
    s: [f64; 7],
}

/// A fitted model: the state before every day.
#[derive(Debug, Clone)]
pub(crate) struct Fit {
    params: Params,
    states: Vec<State>,
}

/// The initial state and the day the recursions start (the first day with contacts).
fn init(p: &Prepared) -> Option<(State, usize)> {
    // The first four weeks of usable days from the first day with contacts (a history may
    // start with weeks of zeros before a launch).
    let mut sum = [0.0; 7];
    let mut cnt = [0usize; 7];
    let first = (0..p.full_days).find(|&d| p.usable[d] && p.total[d] > 0.0)?;
    for d in (first..p.full_days).filter(|&d| p.usable[d]).take(4 * 7) {
        sum[p.weekday(d)] += p.total[d];
        cnt[p.weekday(d)] += 1;
    }
    let means: Vec<f64> = (0..7)
        .filter(|&w| cnt[w] > 0)
        .map(|w| sum[w] / cnt[w] as f64)
        .collect();
    if means.is_empty() {
        return None;
    }
    let m = means.iter().sum::<f64>() / means.len() as f64;
    if m <= 0.0 {
        return None;
    }
    let mut s = [1.0; 7];
    for w in 0..7 {
        if cnt[w] > 0 {
            s[w] = sum[w] / cnt[w] as f64 / m;
        }
    }
    Some((State { l: m, b: 0.0, s }, first))
}

fn run(p: &Prepared, (start, first): (State, usize), q: Params, states: &mut Vec<State>) -> f64 {
    states.clear();
    let mut st = start;
    let mut loss = 0.0;
    // damp[h] = φ + φ² + … + φ^h.
    let mut damp = [0.0; FIT_LEADS + 1];
    let mut pw = 1.0;
    for h in 1..=FIT_LEADS {
        pw *= q.phi;
        damp[h] = damp[h - 1] + pw;
    }
    for d in 0..p.full_days {
        states.push(st);
        if d < first {
            continue;
        }
        if d >= first + BURN_IN && p.usable[d] {
            // Forecasts of day d made 1..FIT_LEADS days earlier.
            let w = p.weekday(d);
            for (h, dh) in damp.iter().enumerate().skip(1).take(d.min(FIT_LEADS)) {
                let o = &states[d + 1 - h];
                let f = ((o.l + dh * o.b) * o.s[w]).max(0.0);
                loss += (p.total[d] - f).abs();
            }
        }
        let w = p.weekday(d);
        let prev = st.l;
        let pred = st.l + q.phi * st.b;
        if p.usable[d] && st.s[w] >= MIN_EFFECT {
            let y = p.total[d];
            st.l = (q.alpha * y / st.s[w] + (1.0 - q.alpha) * pred).max(1e-9);
            st.b = q.beta * (st.l - prev) + (1.0 - q.beta) * q.phi * st.b;
            st.s[w] = q.gamma * y / st.l + (1.0 - q.gamma) * st.s[w];
        } else {
            st.l = pred.max(1e-9);
            st.b *= q.phi;
            if p.usable[d] {
                st.s[w] = q.gamma * p.total[d] / st.l + (1.0 - q.gamma) * st.s[w];
            }
        }
    }
    states.push(st);
    loss
}

/// Fit by grid search; `None` when the history has no usable day.
pub(crate) fn fit(p: &Prepared) -> Option<Fit> {
    let start = init(p)?;
    let mut best: Option<(f64, Params)> = None;
    let mut states = Vec::with_capacity(p.full_days + 1);
    let trends: [(f64, f64); 7] = [
        (0.0, 1.0),
        (0.05, 0.8),
        (0.05, 0.9),
        (0.05, 0.98),
        (0.15, 0.8),
        (0.15, 0.9),
        (0.15, 0.98),
    ];
    for alpha in [0.05, 0.1, 0.2, 0.35, 0.5] {
        for (beta, phi) in trends {
            for gamma in [0.02, 0.05, 0.1, 0.2] {
                let q = Params {
                    alpha,
                    beta,
                    phi,
                    gamma,
                };
                let loss = run(p, start, q, &mut states);
                if best.map_or(true, |(b, _)| loss < b) {
                    best = Some((loss, q));
                }
            }
        }
    }
    let (_, params) = best?;
    run(p, start, params, &mut states);
    Some(Fit { params, states })
}

impl Fit {
    /// Forecast total of day `end + h` from the state before day `end`.
    pub(crate) fn total(&self, p: &Prepared, end: usize, h: usize) -> f64 {
        let Some(o) = self.states.get(end).or(self.states.last()) else {
            return 0.0;
        };
        let q = self.params;
        let damp: f64 = (1..=h as i32 + 1).map(|i| powi(q.phi, i)).sum();
        ((o.l + damp * o.b) * o.s[p.weekday(end + h)]).max(0.0)
    }
}

/// Forecast days `end..end + horizon`: smoothed daily total times the weekday's profile.
pub(crate) fn predict(
    p: &Prepared,
    fit: &Fit,
    end: usize,
    horizon: usize,
    weeks: usize,
    smooth: bool,
    out: &mut [f64],
) {
    let per = p.per_day;
    let mut cache: [Option<Vec<f64>>; 7] = Default::default();
    for h in 0..horizon {
        let w = p.weekday(end + h);
        let prof = cache[w].get_or_insert_with(|| profile(p, end, w, weeks, smooth));
        let t = fit.total(p, end, h);
        for (o, s) in out[h * per..(h + 1) * per].iter_mut().zip(prof.iter()) {
            *o = t * s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::testutil::{office, prepared};

    #[test]
    fn reproduces_a_steady_week() {
        let p = prepared(56, office);
        let fit = fit(&p).expect("fit");
        let mut out = vec![0.0; 7 * 24];
        predict(&p, &fit, 56, 7, 4, false, &mut out);
        for (i, v) in out.iter().enumerate() {
            let truth = office(56 + i / 24, i % 24);
            assert!(
                (v - truth).abs() < 1e-6 * (1.0 + truth),
                "{i}: {v} vs {truth}"
            );
        }
    }

    #[test]
    fn starts_at_the_launch_not_in_the_empty_weeks_before() {
        let p = prepared(84, |d, h| if d < 28 { 0.0 } else { office(d, h) });
        let fit = fit(&p).expect("fit");
        for h in 0..7 {
            let truth: f64 = (0..24).map(|s| office(84 + h, s)).sum();
            let f = fit.total(&p, 84, h);
            assert!((f - truth).abs() < 1e-6 * truth, "{h}: {f} vs {truth}");
        }
    }

    #[test]
    fn follows_a_trend_in_daily_totals() {
        // Volume grows 1% a day: the damped trend keeps most of it a few days out.
        let p = prepared(84, |d, h| office(d, h) * 1.01f64.powi(d as i32));
        let fit = fit(&p).expect("fit");
        for h in 0..3 {
            let truth: f64 = (0..24)
                .map(|s| office(84 + h, s) * 1.01f64.powi((84 + h) as i32))
                .sum();
            let naive: f64 = (0..24)
                .map(|s| office(77 + h, s) * 1.01f64.powi((77 + h) as i32))
                .sum();
            let f = fit.total(&p, 84, h);
            assert!(
                (f - truth).abs() < 0.5 * (truth - naive).abs(),
                "{h}: {f} vs {truth} (naive {naive})"
            );
        }
    }
}
