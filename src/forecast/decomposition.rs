//! Multiplicative decomposition into a trend and a weekly x intraday seasonal pattern, in the
//! spirit of STL/MSTL (Cleveland et al. 1990; Bandara, Hyndman & Bergmeir 2021) but robust and
//! closed-form: over a window of recent weeks,
//!
//! 1. weekday effects `F[w]` = mean total of weekday `w` / mean over weekdays;
//! 2. the deseasonalised daily level `total(d) / F[w(d)]` gets a robust straight-line trend
//!    (Theil–Sen: the median of pairwise slopes, Sen 1968), resistant to outlier days;
//! 3. the seasonal pattern per weekday x interval is the ratio of sums `Σ y(d,s) / Σ trend(d)`;
//! 4. the forecast is the trend, either held at its last value or extended, times the pattern.
//!
//! The window and whether to extend the trend are learned by backtest in [`super::select`].

use super::calendar::{median, Prepared};

/// Effects below this share of an average day are closed-ish weekdays with no level signal.
const MIN_EFFECT: f64 = 0.05;

/// Forecast days `end..end + horizon` from a window of `weeks` weeks before `end`.
pub(crate) fn predict(
    p: &Prepared,
    end: usize,
    horizon: usize,
    weeks: usize,
    trend: bool,
    out: &mut [f64],
) {
    let per = p.per_day;
    out.iter_mut().for_each(|v| *v = 0.0);
    let from = end.saturating_sub(7 * weeks);
    let days: Vec<usize> = (from..end).filter(|&d| p.usable[d]).collect();
    if days.is_empty() {
        return;
    }
    let (mut sum, mut cnt) = ([0.0; 7], [0usize; 7]);
    for &d in &days {
        sum[p.weekday(d)] += p.total[d];
        cnt[p.weekday(d)] += 1;
    }
    let present: Vec<f64> = (0..7)
        .filter(|&w| cnt[w] > 0)
        .map(|w| sum[w] / cnt[w] as f64)
        .collect();
    let mean = present.iter().sum::<f64>() / present.len() as f64;
    if mean <= 0.0 {
        return;
    }
    let mut effect: Vec<f64> = (0..7)
        .map(|w| {
            if cnt[w] > 0 {
                sum[w] / cnt[w] as f64 / mean
            } else {
                1.0
            }
        })
        .collect();
    let (mut slope, mut intercept) = (0.0, mean);
    // Two passes (as STL iterates): weekday effects from raw means are biased by a trend
    // inside the window, so they are re-estimated against the first trend line.
    for pass in 0..2 {
        if pass > 0 {
            let (mut rs, mut rc) = ([0.0; 7], [0usize; 7]);
            for &d in &days {
                let l = intercept + slope * d as f64;
                if l > 0.0 {
                    rs[p.weekday(d)] += p.total[d] / l;
                    rc[p.weekday(d)] += 1;
                }
            }
            let present: Vec<f64> = (0..7)
                .filter(|&w| rc[w] > 0)
                .map(|w| rs[w] / rc[w] as f64)
                .collect();
            let m = present.iter().sum::<f64>() / present.len().max(1) as f64;
            if m > 0.0 {
                for w in 0..7 {
                    if rc[w] > 0 {
                        effect[w] = rs[w] / rc[w] as f64 / m;
                    }
                }
            }
        }
        let pts: Vec<(f64, f64)> = days
            .iter()
            .filter(|&&d| effect[p.weekday(d)] >= MIN_EFFECT)
            .map(|&d| (d as f64, p.total[d] / effect[p.weekday(d)]))
            .collect();
        slope = if pts.len() >= 7 {
            let mut slopes = Vec::with_capacity(pts.len() * pts.len() / 2);
            for i in 0..pts.len() {
                for j in i + 1..pts.len() {
                    let dx = pts[j].0 - pts[i].0;
                    if dx > 0.0 {
                        slopes.push((pts[j].1 - pts[i].1) / dx);
                    }
                }
            }
            median(&slopes)
        } else {
            0.0
        };
        let resid: Vec<f64> = pts.iter().map(|(x, v)| v - slope * x).collect();
        if !resid.is_empty() {
            intercept = median(&resid);
        }
    }
    let line = |d: f64| (intercept + slope * d).max(0.0);
    // Seasonal pattern per weekday x slot: Σ y / Σ trend over the window's same weekdays.
    let mut pattern = vec![0.0; 7 * per];
    let mut denom = [0.0; 7];
    for &d in &days {
        let w = p.weekday(d);
        denom[w] += line(d as f64);
        for (s, v) in p.day(d).iter().enumerate() {
            pattern[w * per + s] += v;
        }
    }
    let last = (end - 1) as f64;
    for h in 0..horizon {
        let w = p.weekday(end + h);
        let level = if trend {
            line((end + h) as f64)
        } else {
            line(last)
        };
        let dst = &mut out[h * per..(h + 1) * per];
        if denom[w] > 0.0 {
            for (s, o) in dst.iter_mut().enumerate() {
                if p.open_of(w)[s] {
                    *o = level * pattern[w * per + s] / denom[w];
                }
            }
        } else {
            // No same weekday in the window: the average day's shape at the current level.
            let n = days.len() as f64;
            for (s, o) in dst.iter_mut().enumerate() {
                if p.open_of(w)[s] {
                    let avg: f64 = days.iter().map(|&d| p.day(d)[s]).sum::<f64>() / n;
                    *o = avg * level / mean;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::testutil::{office, prepared};

    #[test]
    fn trend_is_held_or_extended() {
        // Daily level rises by 2% of the first day's level each day.
        let lvl = |d: usize| 1.0 + 0.02 * d as f64;
        let p = prepared(56, |d, h| office(d, h) * lvl(d));
        let mut flat = vec![0.0; 24];
        let mut ext = vec![0.0; 24];
        predict(&p, 56, 1, 4, false, &mut flat);
        predict(&p, 56, 1, 4, true, &mut ext);
        let truth = office(56, 12) * lvl(56);
        assert!(
            (ext[12] - truth).abs() < 0.01 * truth,
            "{} vs {truth}",
            ext[12]
        );
        // Held at the last day of the window (day 55), one day of growth short.
        let held = office(56, 12) * lvl(55);
        assert!(
            (flat[12] - held).abs() < 0.01 * held,
            "{} vs {held}",
            flat[12]
        );
        assert_eq!(ext[3], 0.0);
    }
}
