//! Intraday profiles: the share of a day's volume that falls in each interval, per weekday.
//!
//! A profile is estimated as a ratio of sums over the recent usable same weekdays (the
//! ratio estimator: busy days weigh more, so a quiet day's noise does not distort the shape),
//! optionally smoothed across neighbouring intervals with a 1-2-1 kernel inside the opening
//! hours (never bleeding into closed intervals). How many weeks and whether to smooth are
//! learned by backtest in [`super::select`].

use super::calendar::Prepared;

/// The profile of weekday `w` from the `weeks` most recent usable same weekdays before `end`;
/// falls back to all recent usable days when the weekday has none. Sums to 1 over open slots
/// (all zeros when there is nothing to learn from or the weekday is closed).
pub(crate) fn profile(p: &Prepared, end: usize, w: usize, weeks: usize, smooth: bool) -> Vec<f64> {
    let per = p.per_day;
    let open = p.open_of(w);
    let mut sum = vec![0.0; per];
    let mut days = p.recent_same_weekday(end, w, weeks);
    if days.is_empty() {
        days = (0..end)
            .rev()
            .filter(|&d| p.usable[d])
            .take(weeks * 7)
            .collect();
    }
    for &d in &days {
        for (s, v) in p.day(d).iter().enumerate() {
            sum[s] += v;
        }
    }
    for (s, o) in open.iter().enumerate() {
        if !o {
            sum[s] = 0.0;
        }
    }
    if smooth {
        sum = smooth_open(&sum, open);
    }
    let t: f64 = sum.iter().sum();
    if t > 0.0 {
        sum.iter_mut().for_each(|v| *v /= t);
    }
    sum
}

/// 1-2-1 smoothing across neighbouring open intervals (an interval at the edge of the opening
/// hours averages with its one open neighbour only).
pub(crate) fn smooth_open(x: &[f64], open: &[bool]) -> Vec<f64> {
    let n = x.len();
    (0..n)
        .map(|s| {
            if !open.get(s).copied().unwrap_or(false) {
                return 0.0;
            }
            let (mut acc, mut wsum) = (2.0 * x[s], 2.0);
            if s > 0 && open[s - 1] {
                acc += x[s - 1];
                wsum += 1.0;
            }
            if s + 1 < n && open[s + 1] {
                acc += x[s + 1];
                wsum += 1.0;
            }
            acc / wsum
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smoothing_keeps_closed_slots_closed() {
        let open = [false, true, true, true, false];
        let s = smooth_open(&[9.0, 4.0, 8.0, 4.0, 9.0], &open);
        assert_eq!(s[0], 0.0);
        assert_eq!(s[4], 0.0);
        assert!((s[1] - (8.0 + 8.0) / 3.0).abs() < 1e-12);
        assert!((s[2] - (4.0 + 16.0 + 4.0) / 4.0).abs() < 1e-12);
    }
}
