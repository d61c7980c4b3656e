//! The classic planner's forecast: a weighted average of the same weekday x interval over the
//! last N usable weeks, newer weeks weighing more (linearly decaying weights N, N-1, ..., 1).
//! The robust variant keeps that shape but scales each day to the *median* of the same weekdays'
//! totals, so one unusual week moves the level less. N and the variant are learned by backtest
//! in [`super::select`].

use super::calendar::{median, Prepared};

/// Forecast days `end..end + horizon` into `out` from the last `weeks` same weekdays.
pub(crate) fn predict(
    p: &Prepared,
    end: usize,
    horizon: usize,
    weeks: usize,
    robust: bool,
    out: &mut [f64],
) {
    let per = p.per_day;
    for h in 0..horizon {
        let w = p.weekday(end + h);
        let mut days = p.recent_same_weekday(end, w, weeks);
        if days.is_empty() {
            days = (0..end)
                .rev()
                .filter(|&d| p.usable[d])
                .take(weeks)
                .collect();
        }
        let dst = &mut out[h * per..(h + 1) * per];
        dst.fill(0.0);
        let n = days.len();
        let wsum: f64 = (1..=n).map(|k| k as f64).sum();
        for (k, &d) in days.iter().enumerate() {
            let wt = (n - k) as f64 / wsum;
            for (o, v) in dst.iter_mut().zip(p.day(d)) {
                *o += wt * v;
            }
        }
        for (v, o) in dst.iter_mut().zip(p.open_of(w)) {
            if !o {
                *v = 0.0;
            }
        }
        if robust {
            let totals: Vec<f64> = days.iter().map(|&d| p.total[d]).collect();
            let sum: f64 = dst.iter().sum();
            if sum > 0.0 {
                let k = median(&totals) / sum;
                dst.iter_mut().for_each(|v| *v *= k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::testutil::prepared;

    #[test]
    fn newer_weeks_weigh_more() {
        // Monday volume 10, 20, 30 in weeks 1..3: weights 1, 2, 3 give 140/6.
        let p = prepared(21, |d, h| {
            if (9..17).contains(&h) {
                10.0 * (1 + d / 7) as f64
            } else {
                0.0
            }
        });
        let mut out = vec![0.0; 24];
        predict(&p, 21, 1, 3, false, &mut out);
        assert!((out[10] - 140.0 / 6.0).abs() < 1e-9, "{}", out[10]);
        predict(&p, 21, 1, 1, false, &mut out);
        assert_eq!(out[10], 30.0);
        assert_eq!(out[20], 0.0);
        // Robust: the shape scaled to the median total (week 2's 20 per open hour).
        predict(&p, 21, 1, 3, true, &mut out);
        assert!((out[10] - 20.0).abs() < 1e-9, "{}", out[10]);
    }
}
