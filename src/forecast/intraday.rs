//! Intraday reforecast: when the history ends mid-day, today's actuals so far update the rest of
//! today. Planners re-forecast at 10:00 and 14:00; a morning running 15% hot usually means an
//! afternoon running hot too.
//!
//! Today's level factor `r = observed / forecast` (over the open intervals so far) is shrunk
//! toward 1 by its reliability: with a day-level error variance `k²` (relative, learned from
//! the backtest residuals in [`super::intervals`]) and Poisson noise on `S` expected contacts,
//! the posterior mean of the day factor is `1 + w (r − 1)` with `w = k²S / (k²S + 1)` (the
//! normal–normal credibility formula; early in the day `S` is small and `w` near 0).

use super::calendar::Prepared;

/// Scale the rest of today in `pred` (laid out from day `p.full_days`), the first forecast
/// interval being at layout position `first_pos`. Returns the factor applied, if any.
pub(crate) fn reforecast(p: &Prepared, pred: &mut [f64], first_pos: usize, k2: f64) -> Option<f64> {
    let per = p.per_day;
    let today = p.full_days;
    if today >= p.ndays || first_pos <= today * per {
        return None;
    }
    let w = p.weekday(today);
    let (mut seen, mut model) = (0.0, 0.0);
    for pos in today * per..first_pos {
        let s = pos - today * per;
        if p.open_of(w).get(s).copied().unwrap_or(false)
            && p.known.get(pos).copied().unwrap_or(false)
        {
            seen += p.y.get(pos).copied().unwrap_or(0.0);
            model += pred.get(s).copied().unwrap_or(0.0);
        }
    }
    if model <= 0.0 {
        return None;
    }
    let r = seen / model;
    let wgt = k2 * model / (k2 * model + 1.0);
    let factor = 1.0 + wgt * (r - 1.0);
    for v in pred.iter_mut().take(per).skip(first_pos - today * per) {
        *v *= factor;
    }
    Some(factor)
}
