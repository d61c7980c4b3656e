//! Choosing and blending methods by rolling-origin backtest on the history itself.
//!
//! Every candidate (a method with one setting of its window or smoothing) forecasts the last
//! few weeks of the history from each day boundary (Tashman 2000, rolling-origin evaluation),
//! using only the days before it. The best setting of each method is kept, and the methods are
//! blended with weights inversely proportional to their squared backtest error (Bates & Granger
//! 1969; combinations beat the single best method on average, Makridakis et al. M4, 2020).
//! The same backtest residuals calibrate the prediction intervals. All methods are closed-form,
//! so the whole selection costs a few hundred cheap forecasts.

use super::calendar::Prepared;
use super::intervals::{Calibration, Residual};
use super::{decomposition, seasonal_naive, smoothing, weighted_average, Method};

/// Day boundaries (most recent) used as backtest origins inside the fit.
const ORIGINS: usize = 28;
/// Days each inner origin forecasts.
const LEADS: usize = 7;

/// A method with its settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Candidate {
    SeasonalNaive,
    WeightedAverage { weeks: usize, robust: bool },
    Smoothing { weeks: usize, smooth: bool },
    Decomposition { weeks: usize, trend: bool },
}

impl Candidate {
    fn family(self) -> Method {
        match self {
            Candidate::SeasonalNaive => Method::SeasonalNaive,
            Candidate::WeightedAverage { .. } => Method::WeightedAverage,
            Candidate::Smoothing { .. } => Method::Smoothing,
            Candidate::Decomposition { .. } => Method::Decomposition,
        }
    }

    /// A human-readable label, e.g. `smoothing(weeks=8, smooth)`.
    pub(crate) fn label(self) -> String {
        match self {
            Candidate::SeasonalNaive => "seasonal_naive".into(),
            Candidate::WeightedAverage { weeks, robust } => format!(
                "weighted_average(weeks={weeks}{})",
                if robust { ", median level" } else { "" }
            ),
            Candidate::Smoothing { weeks, smooth } => format!(
                "smoothing(profile_weeks={weeks}{})",
                if smooth { ", smoothed" } else { "" }
            ),
            Candidate::Decomposition { weeks, trend } => format!(
                "decomposition(weeks={weeks}{})",
                if trend { ", trend" } else { "" }
            ),
        }
    }

    fn all() -> Vec<Candidate> {
        let mut c = vec![Candidate::SeasonalNaive];
        for weeks in [3, 5, 8] {
            for robust in [false, true] {
                c.push(Candidate::WeightedAverage { weeks, robust });
            }
        }
        for weeks in [4, 8, 16] {
            for smooth in [false, true] {
                c.push(Candidate::Smoothing { weeks, smooth });
            }
        }
        for weeks in [4, 8] {
            for trend in [false, true] {
                c.push(Candidate::Decomposition { weeks, trend });
            }
        }
        c
    }

    /// Forecast days `end..end + horizon` into `out`.
    pub(crate) fn predict(
        self,
        p: &Prepared,
        hw: Option<&smoothing::Fit>,
        end: usize,
        horizon: usize,
        out: &mut [f64],
    ) {
        match self {
            Candidate::SeasonalNaive => seasonal_naive::predict(p, end, horizon, out),
            Candidate::WeightedAverage { weeks, robust } => {
                weighted_average::predict(p, end, horizon, weeks, robust, out)
            }
            Candidate::Smoothing { weeks, smooth } => match hw {
                Some(f) => smoothing::predict(p, f, end, horizon, weeks, smooth, out),
                None => weighted_average::predict(p, end, horizon, weeks, false, out),
            },
            Candidate::Decomposition { weeks, trend } => {
                decomposition::predict(p, end, horizon, weeks, trend, out)
            }
        }
    }
}

/// Backtest score of one candidate inside the fit.
#[derive(Debug, Clone)]
pub(crate) struct Score {
    pub candidate: Candidate,
    /// Pooled WAPE over the inner origins.
    pub wape: f64,
}

/// A fitted forecaster: blended candidates and their interval calibration.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub members: Vec<(Candidate, f64)>,
    pub hw: Option<smoothing::Fit>,
    pub calibration: Calibration,
    pub scores: Vec<Score>,
    /// Inner backtest WAPE of the blend.
    pub wape: f64,
}

impl Model {
    /// Blended forecast of days `end..end + horizon`.
    pub(crate) fn predict(&self, p: &Prepared, end: usize, horizon: usize) -> Vec<f64> {
        let n = horizon * p.per_day;
        let mut out = vec![0.0; n];
        let mut tmp = vec![0.0; n];
        for (c, w) in &self.members {
            c.predict(p, self.hw.as_ref(), end, horizon, &mut tmp);
            for (o, t) in out.iter_mut().zip(&tmp) {
                *o += w * t.max(0.0);
            }
        }
        out
    }
}

/// Fit: run the inner backtest for the candidates of `method` (all for [`Method::Auto`]).
pub(crate) fn select(p: &Prepared, method: Method) -> Model {
    let per = p.per_day;
    let hw = smoothing::fit(p);
    let cands: Vec<Candidate> = Candidate::all()
        .into_iter()
        .filter(|c| method == Method::Auto || c.family() == method)
        .collect();
    let end = p.full_days;
    // Inner origins need a week of usable history behind them.
    let first = (0..end).find(|&d| p.usable_before(d) >= 7).unwrap_or(end);
    let origins: Vec<usize> = (end.saturating_sub(ORIGINS).max(first)..end).collect();
    // Forecasts per candidate, laid out origin x lead x slot; actual only on usable days.
    let stride = LEADS * per;
    let mut fc = vec![vec![0.0; origins.len() * stride]; cands.len()];
    for (ci, c) in cands.iter().enumerate() {
        for (oi, &o) in origins.iter().enumerate() {
            let h = LEADS.min(end - o);
            c.predict(
                p,
                hw.as_ref(),
                o,
                h,
                &mut fc[ci][oi * stride..oi * stride + h * per],
            );
        }
    }
    let score = |f: &[f64]| -> f64 {
        let (mut err, mut act) = (0.0, 0.0);
        for (oi, &o) in origins.iter().enumerate() {
            for h in 0..LEADS.min(end - o) {
                if !p.usable[o + h] {
                    continue;
                }
                let a = p.day(o + h);
                let fh = &f[oi * stride + h * per..oi * stride + (h + 1) * per];
                for (x, y) in fh.iter().zip(a) {
                    err += (x.max(0.0) - y).abs();
                    act += y;
                }
            }
        }
        if act > 0.0 {
            err / act
        } else {
            f64::INFINITY
        }
    };
    let scores: Vec<Score> = cands
        .iter()
        .zip(&fc)
        .map(|(c, f)| Score {
            candidate: *c,
            wape: score(f),
        })
        .collect();
    // Best setting per method family.
    let mut best: Vec<usize> = Vec::new();
    for fam in [
        Method::SeasonalNaive,
        Method::WeightedAverage,
        Method::Smoothing,
        Method::Decomposition,
    ] {
        let b = (0..cands.len())
            .filter(|&i| cands[i].family() == fam)
            .min_by(|&a, &b| scores[a].wape.total_cmp(&scores[b].wape));
        if let Some(b) = b {
            best.push(b);
        }
    }
    let members: Vec<(usize, f64)> = if origins.is_empty() || best.len() == 1 {
        // No room for a backtest (or nothing to blend): average what there is.
        let w = 1.0 / best.len().max(1) as f64;
        best.iter().map(|&i| (i, w)).collect()
    } else {
        blend_weights(&best, &fc, &origins, p, end, stride)
    };
    // Blend the inner forecasts to score the blend and calibrate its intervals.
    let mut blend = vec![0.0; origins.len() * stride];
    for &(i, w) in &members {
        for (b, f) in blend.iter_mut().zip(&fc[i]) {
            *b += w * f.max(0.0);
        }
    }
    let wape = score(&blend);
    let mut res = Vec::new();
    for (oi, &o) in origins.iter().enumerate() {
        for h in 0..LEADS.min(end - o) {
            if !p.usable[o + h] {
                continue;
            }
            let w = p.weekday(o + h);
            for (s, a) in p.day(o + h).iter().enumerate() {
                if p.open_of(w)[s] {
                    res.push(Residual {
                        forecast: blend[oi * stride + h * per + s],
                        actual: *a,
                        lead: h,
                    });
                }
            }
        }
    }
    Model {
        members: members.into_iter().map(|(i, w)| (cands[i], w)).collect(),
        hw,
        calibration: Calibration::fit(&res, LEADS),
        scores,
        wape,
    }
}

/// Convex blend weights (steps of 1/10) minimising the pooled absolute error of the inner
/// backtest; ties go to the more even blend. Only scored (usable) intervals are used.
fn blend_weights(
    best: &[usize],
    fc: &[Vec<f64>],
    origins: &[usize],
    p: &Prepared,
    end: usize,
    stride: usize,
) -> Vec<(usize, f64)> {
    let per = p.per_day;
    // Flatten the scored intervals: actual and each member's forecast.
    let mut act = Vec::new();
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); best.len()];
    for (oi, &o) in origins.iter().enumerate() {
        for h in 0..LEADS.min(end - o) {
            if !p.usable[o + h] {
                continue;
            }
            let base = oi * stride + h * per;
            act.extend_from_slice(p.day(o + h));
            for (c, &i) in cols.iter_mut().zip(best) {
                c.extend(fc[i][base..base + per].iter().map(|v| v.max(0.0)));
            }
        }
    }
    const STEPS: usize = 10;
    let k = best.len();
    let mut mix = vec![0.0; act.len()];
    let mut eval = |w: &[usize]| -> f64 {
        mix.iter_mut().for_each(|m| *m = 0.0);
        for (c, &wi) in cols.iter().zip(w) {
            if wi > 0 {
                let f = wi as f64 / STEPS as f64;
                for (m, v) in mix.iter_mut().zip(c) {
                    *m += f * v;
                }
            }
        }
        mix.iter().zip(&act).map(|(m, a)| (m - a).abs()).sum()
    };
    let spread = |x: &[usize]| x.iter().map(|&v| v * v).sum::<usize>();
    let better = |err: f64, w: &[usize], best_err: f64, best_w: &[usize]| {
        err < best_err - 1e-9 || ((err - best_err).abs() <= 1e-9 && spread(w) < spread(best_w))
    };
    // Coarse grid in fifths, then hill-climb in tenths (move one tenth between two members).
    let mut best_w = vec![0; k];
    let mut best_err = f64::INFINITY;
    for w in compositions(STEPS / 2, k) {
        let w: Vec<usize> = w.iter().map(|x| 2 * x).collect();
        let err = eval(&w);
        if better(err, &w, best_err, &best_w) {
            best_err = err;
            best_w = w;
        }
    }
    loop {
        let mut improved = false;
        for from in 0..k {
            for to in 0..k {
                if from == to || best_w[from] == 0 {
                    continue;
                }
                let mut w = best_w.clone();
                w[from] -= 1;
                w[to] += 1;
                let err = eval(&w);
                if better(err, &w, best_err, &best_w) {
                    best_err = err;
                    best_w = w;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
    best.iter()
        .zip(best_w)
        .filter(|(_, wi)| *wi > 0)
        .map(|(&i, wi)| (i, wi as f64 / STEPS as f64))
        .collect()
}

/// All ways to split `total` into `k` non-negative parts.
fn compositions(total: usize, k: usize) -> Vec<Vec<usize>> {
    if k <= 1 {
        return vec![vec![total; k]];
    }
    let mut out = Vec::new();
    for first in 0..=total {
        for mut rest in compositions(total - first, k - 1) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::testutil::{office, prepared};

    #[test]
    fn compositions_cover_the_simplex() {
        let c = compositions(10, 4);
        assert_eq!(c.len(), 286);
        assert!(c.iter().all(|w| w.iter().sum::<usize>() == 10));
        assert_eq!(compositions(3, 1), vec![vec![3]]);
    }

    #[test]
    fn blends_the_best_settings_and_learns_small_errors() {
        let p = prepared(70, |d, h| {
            office(d, h) * (1.0 + 0.05 * ((d * 7919) % 5) as f64)
        });
        let m = select(&p, Method::Auto);
        let total: f64 = m.members.iter().map(|x| x.1).sum();
        assert!((total - 1.0).abs() < 1e-9);
        assert!(m.wape < 0.1, "{}", m.wape);
        // The blend is no worse in the inner backtest than its best member.
        let best = m
            .scores
            .iter()
            .map(|s| s.wape)
            .fold(f64::INFINITY, f64::min);
        assert!(m.wape <= best + 1e-9, "{} vs {best}", m.wape);
        let pinned = select(&p, Method::Decomposition);
        assert_eq!(pinned.members.len(), 1);
        assert!(matches!(
            pinned.members[0].0,
            Candidate::Decomposition { .. }
        ));
    }
}
