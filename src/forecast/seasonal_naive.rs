//! Weekly seasonal naive: each interval repeats the same interval of the most recent usable
//! same weekday. The benchmark every other method must beat, and the denominator of MASE
//! (Hyndman & Koehler 2006).

use super::calendar::Prepared;

/// Forecast days `end..end + horizon` into `out` (`horizon * per_day` values).
pub(crate) fn predict(p: &Prepared, end: usize, horizon: usize, out: &mut [f64]) {
    let per = p.per_day;
    for h in 0..horizon {
        let w = p.weekday(end + h);
        let src = p
            .recent_same_weekday(end, w, 1)
            .first()
            .copied()
            .or_else(|| (0..end).rev().find(|&d| p.usable[d]));
        let dst = &mut out[h * per..(h + 1) * per];
        match src {
            Some(d) => dst.copy_from_slice(p.day(d)),
            None => dst.fill(0.0),
        }
        for (v, o) in dst.iter_mut().zip(p.open_of(w)) {
            if !o {
                *v = 0.0;
            }
        }
    }
}
