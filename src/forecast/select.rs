//! Choosing and blending methods by rolling-origin backtest on the history itself.
//!
//! Every candidate (a method with one setting of its window or smoothing) forecasts the last
//! few weeks of the history from each day boundary (Tashman 2000, rolling-origin evaluation),
//! using only the days before it. The best setting of each method is kept, and the methods are
//! blended with convex weights that minimise the backtest's absolute error (Bates & Granger
//! 1969; combinations beat the single best method on average, Makridakis et al. M4, 2020).
//! All of it is done twice, once for the first forecast day and once for the days after it, so
//! the week ahead never buys its accuracy with tomorrow's. On top of each blend sits a level
//! correction (yesterday's actual over its forecast, shrunk by a weight the backtest picks,
//! zero when it does not pay). The same backtest residuals, over a longer run of origins,
//! calibrate the prediction intervals per horizon. All methods are closed-form, so the whole
//! selection costs a few hundred cheap forecasts.

use super::calendar::{DayFlag, Prepared};
use super::intervals::{Calibration, Residual};
use super::{decomposition, seasonal_naive, smoothing, weighted_average, Method};

/// Day boundaries (most recent) used as backtest origins inside the fit: selection, blending
/// and the level correction use the last `ORIGINS`.
const ORIGINS: usize = 28;
/// Origins whose residuals calibrate the bands (the selection's and as many again before
/// them): 28 day-level errors are too few to know the tails of the day-to-day variation.
const CALIBRATION_ORIGINS: usize = 56;
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

/// Lead-day groups that are selected, blended, corrected and calibrated separately: the first
/// day and the days after it. A blend chosen on the pooled week is dominated by the later days
/// (six of seven) and can give up the next day's accuracy for them; planners staff tomorrow
/// from the first day, so it gets its own choice (the "keep the one-day horizon honest" rule).
pub(crate) const GROUPS: usize = 2;

/// The group of lead day `lead` (0 = the first day).
pub(crate) fn group_of(lead: usize) -> usize {
    lead.min(GROUPS - 1)
}

/// Recent usable days whose level ratio can correct a forecast (the largest window tried).
const LEVEL_DAYS: [usize; 2] = [1, 3];
/// Shrinkage weights tried for the level correction (0 = none).
const LEVEL_WEIGHTS: [f64; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];
/// A level ratio outside this range is clamped (an outage or a surge yesterday says little).
const LEVEL_CLAMP: (f64, f64) = (0.67, 1.5);

/// Backtest score of one candidate inside the fit.
#[derive(Debug, Clone)]
pub(crate) struct Score {
    pub candidate: Candidate,
    /// Pooled WAPE over the inner origins, per lead group.
    pub wape: [f64; GROUPS],
}

/// The level correction of one lead group: the forecast times `1 + weight (r - 1)`, where `r`
/// is actual over forecast of the last `days` usable days at lead 0 (the error-correction
/// step of exponential smoothing applied to any blend: a level shift seen yesterday is likely
/// to persist; Gardner 1985). Chosen by the inner backtest, `weight = 0` when it does not pay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Level {
    pub days: usize,
    pub weight: f64,
    /// The factor for the forecast being made (from the days before the fit's end).
    pub factor: f64,
}

impl Level {
    /// No correction.
    const NONE: Level = Level {
        days: 1,
        weight: 0.0,
        factor: 1.0,
    };
}

/// A fitted forecaster: blended candidates per lead group and their interval calibration.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub members: [Vec<(Candidate, f64)>; GROUPS],
    pub level: [Level; GROUPS],
    pub hw: Option<smoothing::Fit>,
    pub calibration: Calibration,
    pub scores: Vec<Score>,
    /// Inner backtest WAPE of the blend (all leads).
    pub wape: f64,
    /// Inner backtest forecasts of usable first days: (day, forecast per slot).
    pub first_days: Vec<(usize, Vec<f64>)>,
}

impl Model {
    /// Blended forecast of days `end..end + horizon` (`end` is the end of the fit: the level
    /// factors belong to it).
    pub(crate) fn predict(&self, p: &Prepared, end: usize, horizon: usize) -> Vec<f64> {
        let per = p.per_day;
        let n = horizon * per;
        let mut out = vec![0.0; n];
        let mut tmp = vec![0.0; n];
        for g in 0..GROUPS {
            let days: Vec<usize> = (0..horizon).filter(|&h| group_of(h) == g).collect();
            if days.is_empty() {
                continue;
            }
            for (c, w) in &self.members[g] {
                c.predict(p, self.hw.as_ref(), end, horizon, &mut tmp);
                for &h in &days {
                    for s in h * per..(h + 1) * per {
                        out[s] += w * tmp[s].max(0.0);
                    }
                }
            }
            let f = self.level[g].factor;
            for &h in &days {
                out[h * per..(h + 1) * per].iter_mut().for_each(|v| *v *= f);
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
    let origins: Vec<usize> = (end.saturating_sub(CALIBRATION_ORIGINS).max(first)..end).collect();
    let from = origins.len().saturating_sub(ORIGINS);
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
    let inner = Inner {
        p,
        origins: &origins,
        from,
        end,
        stride,
    };
    let scores: Vec<Score> = cands
        .iter()
        .zip(&fc)
        .map(|(c, f)| Score {
            candidate: *c,
            wape: std::array::from_fn(|g| inner.wape(f, Some(g))),
        })
        .collect();
    let mut members: [Vec<(usize, f64)>; GROUPS] = Default::default();
    for (g, m) in members.iter_mut().enumerate() {
        // Best setting per method family, for this lead group.
        let mut best: Vec<usize> = Vec::new();
        for fam in [
            Method::SeasonalNaive,
            Method::WeightedAverage,
            Method::Smoothing,
            Method::Decomposition,
        ] {
            let b = (0..cands.len())
                .filter(|&i| cands[i].family() == fam)
                .min_by(|&a, &b| scores[a].wape[g].total_cmp(&scores[b].wape[g]));
            if let Some(b) = b {
                best.push(b);
            }
        }
        *m = if origins.is_empty() || best.len() == 1 {
            // No room for a backtest (or nothing to blend): average what there is.
            let w = 1.0 / best.len().max(1) as f64;
            best.iter().map(|&i| (i, w)).collect()
        } else {
            blend_weights(&best, &fc, &inner, g)
        };
    }
    // Blend the inner forecasts (each lead with its group's weights).
    let mut blend = vec![0.0; origins.len() * stride];
    for (oi, _) in origins.iter().enumerate() {
        for h in 0..LEADS {
            let at = oi * stride + h * per;
            for &(i, w) in &members[group_of(h)] {
                for (b, f) in blend[at..at + per].iter_mut().zip(&fc[i][at..at + per]) {
                    *b += w * f.max(0.0);
                }
            }
        }
    }
    // The later days first: their ratio reads the first day's uncorrected forecasts. A pinned
    // method stays that method (the seasonal naive must stay the textbook benchmark), so only
    // the blend gets the correction.
    let level = if method == Method::Auto {
        let later = inner.level(&mut blend, 1);
        [inner.level(&mut blend, 0), later]
    } else {
        [Level::NONE; GROUPS]
    };
    let wape = inner.wape(&blend, None);
    // The first-day forecasts of the inner backtest, for the intraday reforecast to learn how
    // much a morning's error says about the afternoon.
    let first_days: Vec<(usize, Vec<f64>)> = origins
        .iter()
        .enumerate()
        .filter(|(_, &o)| p.usable[o])
        .map(|(oi, &o)| (o, blend[oi * stride..oi * stride + per].to_vec()))
        .collect();
    // Residuals for the bands: every scored day and also the holidays and surges the fit
    // leaves out, since the days ahead can be one (a band that forgets them covers too little).
    let abnormal = |d: usize| {
        p.flags
            .iter()
            .any(|&(x, f)| x == d && matches!(f, DayFlag::Low | DayFlag::High))
    };
    let mut res = Vec::new();
    for (oi, &o) in origins.iter().enumerate() {
        for h in 0..LEADS.min(end - o) {
            if !p.usable[o + h] && !abnormal(o + h) {
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
        members: members.map(|m| m.into_iter().map(|(i, w)| (cands[i], w)).collect()),
        level,
        hw,
        calibration: Calibration::fit(&res, LEADS),
        scores,
        wape,
        first_days,
    }
}

/// The inner backtest's layout: origins and where each origin's forecasts sit.
struct Inner<'a> {
    p: &'a Prepared,
    origins: &'a [usize],
    /// First origin index of the selection window (earlier ones only calibrate).
    from: usize,
    end: usize,
    stride: usize,
}

impl Inner<'_> {
    /// Scored (origin index, lead) pairs of lead group `g` (all groups for `None`) in the
    /// selection window.
    fn pairs(&self, g: Option<usize>) -> impl Iterator<Item = (usize, usize)> + '_ {
        let from = self.from;
        self.origins
            .iter()
            .enumerate()
            .skip(from)
            .flat_map(move |(oi, &o)| {
                (0..LEADS.min(self.end - o))
                    .filter(move |&h| g.map_or(true, |g| group_of(h) == g) && self.p.usable[o + h])
                    .map(move |h| (oi, h))
            })
    }

    /// Pooled WAPE of inner forecasts `f` over lead group `g`.
    fn wape(&self, f: &[f64], g: Option<usize>) -> f64 {
        let per = self.p.per_day;
        let (mut err, mut act) = (0.0, 0.0);
        for (oi, h) in self.pairs(g) {
            let a = self.p.day(self.origins[oi] + h);
            let fh = &f[oi * self.stride + h * per..oi * self.stride + (h + 1) * per];
            for (x, y) in fh.iter().zip(a) {
                err += (x.max(0.0) - y).abs();
                act += y;
            }
        }
        if act > 0.0 {
            err / act
        } else {
            f64::INFINITY
        }
    }

    /// Choose the level correction of group `g` on the blended inner forecasts and apply it to
    /// them; returns it with the factor for a forecast from `end`.
    fn level(&self, blend: &mut [f64], g: usize) -> Level {
        let (p, per) = (self.p, self.p.per_day);
        // Lead-0 totals per inner origin: (actual, forecast) when the day is usable.
        let day0: Vec<Option<(f64, f64)>> = self
            .origins
            .iter()
            .enumerate()
            .map(|(oi, &o)| {
                let f: f64 = blend[oi * self.stride..oi * self.stride + per].iter().sum();
                (p.usable[o] && f > 0.0).then(|| (p.total[o], f))
            })
            .collect();
        // The ratio from the `k` latest usable days before inner origin index `upto`.
        let ratio = |upto: usize, k: usize| -> Option<f64> {
            let (mut a, mut f, mut n) = (0.0, 0.0, 0);
            for (x, y) in day0[..upto].iter().rev().flatten() {
                a += x;
                f += y;
                n += 1;
                if n == k {
                    break;
                }
            }
            (n == k).then(|| (a / f).clamp(LEVEL_CLAMP.0, LEVEL_CLAMP.1))
        };
        let mut best = (f64::INFINITY, Level::NONE);
        for days in LEVEL_DAYS {
            for weight in LEVEL_WEIGHTS {
                let (mut err, mut act) = (0.0, 0.0);
                for (oi, h) in self.pairs(Some(g)) {
                    let m = ratio(oi, days).map_or(1.0, |r| 1.0 + weight * (r - 1.0));
                    let at = oi * self.stride + h * per;
                    let a = p.day(self.origins[oi] + h);
                    for (x, y) in blend[at..at + per].iter().zip(a) {
                        err += (x * m - y).abs();
                        act += y;
                    }
                }
                let e = if act > 0.0 { err / act } else { 0.0 };
                // Strictly better by a margin, so noise does not buy a correction.
                if e < best.0 * (1.0 - 1e-3) || best.0.is_infinite() {
                    best = (
                        e,
                        Level {
                            days,
                            weight,
                            factor: 1.0,
                        },
                    );
                }
            }
        }
        let mut lv = best.1;
        if lv.weight > 0.0 {
            for oi in 0..self.origins.len() {
                let m = ratio(oi, lv.days).map_or(1.0, |r| 1.0 + lv.weight * (r - 1.0));
                for h in (0..LEADS).filter(|&h| group_of(h) == g) {
                    let at = oi * self.stride + h * per;
                    blend[at..at + per].iter_mut().for_each(|v| *v *= m);
                }
            }
            lv.factor =
                ratio(self.origins.len(), lv.days).map_or(1.0, |r| 1.0 + lv.weight * (r - 1.0));
        }
        lv
    }
}

/// Convex blend weights (steps of 1/10) minimising the pooled absolute error of the inner
/// backtest over lead group `g`; ties go to the more even blend. Only scored (usable) intervals
/// are used.
fn blend_weights(best: &[usize], fc: &[Vec<f64>], inner: &Inner, g: usize) -> Vec<(usize, f64)> {
    let per = inner.p.per_day;
    // Flatten the scored intervals: actual and each member's forecast.
    let mut act = Vec::new();
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); best.len()];
    for (oi, h) in inner.pairs(Some(g)) {
        let base = oi * inner.stride + h * per;
        act.extend_from_slice(inner.p.day(inner.origins[oi] + h));
        for (c, &i) in cols.iter_mut().zip(best) {
            c.extend(fc[i][base..base + per].iter().map(|v| v.max(0.0)));
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
        for g in 0..GROUPS {
            let total: f64 = m.members[g].iter().map(|x| x.1).sum();
            assert!((total - 1.0).abs() < 1e-9);
        }
        assert!(m.wape < 0.1, "{}", m.wape);
        // The blend is no worse in the inner backtest than its best member.
        let best = m
            .scores
            .iter()
            .map(|s| s.wape[0].max(s.wape[1]))
            .fold(f64::INFINITY, f64::min);
        assert!(m.wape <= best + 1e-9, "{} vs {best}", m.wape);
        let pinned = select(&p, Method::Decomposition);
        for g in 0..GROUPS {
            assert_eq!(pinned.members[g].len(), 1);
            assert!(matches!(
                pinned.members[g][0].0,
                Candidate::Decomposition { .. }
            ));
        }
    }
}
