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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::testutil::{office, prepared};

    #[test]
    fn repeats_the_last_usable_same_weekday() {
        // Week 3's Wednesday (day 16) is a holiday: the naive forecast uses day 9 instead.
        let p = prepared(21, |d, h| {
            if d == 16 {
                0.1
            } else {
                office(d, h) * (1.0 + d as f64 / 100.0)
            }
        });
        assert!(!p.usable[16], "{:?}", p.flags);
        assert!(p.usable[9], "{:?}", p.flags);
        let mut out = vec![0.0; 3 * 24];
        predict(&p, 21, 3, &mut out);
        assert_eq!(&out[..24], p.day(14)); // Monday <- day 14
        assert_eq!(&out[48..], p.day(9)); // Wednesday <- day 9, skipping the holiday
        assert_eq!(out[2 * 24 + 3], 0.0); // closed at 03:00
    }
}
