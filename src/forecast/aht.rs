//! Average handle time per interval: a volume-weighted profile per weekday x interval over the
//! recent weeks (handle time varies by hour: night callers differ from lunchtime callers), with
//! fallbacks to the weekday's and then the overall volume-weighted mean where an interval has
//! too little data. Weighting by volume makes the forecast AHT reproduce total workload.

use super::calendar::Prepared;

/// Weeks of history the AHT profile uses.
const AHT_WEEKS: usize = 8;
/// Contacts an interval needs before its own AHT is trusted over the weekday mean
/// (credibility weighting, Bühlmann: weight = n / (n + K)).
const CREDIBILITY: f64 = 30.0;

/// AHT per weekday x slot (`w * per_day + s`), or `None` when the history has no AHT at all.
/// `aht` is laid out like `p.y` (day x slot).
pub(crate) fn profile(p: &Prepared, aht: &[Option<f64>]) -> Option<Vec<f64>> {
    let per = p.per_day;
    let mut cell = vec![(0.0, 0.0); 7 * per];
    let mut day = [(0.0, 0.0); 7];
    let (mut all_w, mut all_s) = (0.0, 0.0);
    for w in 0..7 {
        let mut days = p.recent_same_weekday(p.full_days, w, AHT_WEEKS);
        if days.is_empty() {
            days = (0..p.full_days.min(p.ndays))
                .rev()
                .filter(|&d| p.weekday(d) == w)
                .take(AHT_WEEKS)
                .collect();
        }
        for d in days {
            for s in 0..per {
                let i = d * per + s;
                if let (Some(Some(a)), Some(v)) = (aht.get(i), p.y.get(i)) {
                    let v = v.max(0.0);
                    cell[w * per + s].0 += v;
                    cell[w * per + s].1 += v * a;
                    day[w].0 += v;
                    day[w].1 += v * a;
                    all_w += v;
                    all_s += v * a;
                }
            }
        }
    }
    if all_w <= 0.0 {
        return None;
    }
    let overall = all_s / all_w;
    Some(
        (0..7 * per)
            .map(|i| {
                let w = i / per;
                let dmean = if day[w].0 > 0.0 {
                    day[w].1 / day[w].0
                } else {
                    overall
                };
                let (v, s) = cell[i];
                if v > 0.0 {
                    let z = v / (v + CREDIBILITY);
                    z * (s / v) + (1.0 - z) * dmean
                } else {
                    dmean
                }
            })
            .collect(),
    )
}
