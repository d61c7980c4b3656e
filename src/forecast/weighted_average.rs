//! The classic planner's forecast: a weighted average of the same weekday x interval over the
//! last N usable weeks, newer weeks weighing more (linearly decaying weights N, N-1, ..., 1).
//! N is learned by backtest in [`super::select`].

use super::calendar::Prepared;

/// Forecast days `end..end + horizon` into `out` from the last `weeks` same weekdays.
pub(crate) fn predict(p: &Prepared, end: usize, horizon: usize, weeks: usize, out: &mut [f64]) {
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
        predict(&p, 21, 1, 3, &mut out);
        assert!((out[10] - 140.0 / 6.0).abs() < 1e-9, "{}", out[10]);
        predict(&p, 21, 1, 1, &mut out);
        assert_eq!(out[10], 30.0);
        assert_eq!(out[20], 0.0);
    }
}
