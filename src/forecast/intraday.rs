//! Intraday reforecast: when the history ends mid-day, today's actuals so far update the rest of
//! today. Planners re-forecast at 10:00 and 14:00; a morning running 15% hot usually means an
//! afternoon running hot too.
//!
//! Today's level factor `r = observed / forecast` (over the open intervals so far) is shrunk
//! toward 1: the rest of the day is scaled by `1 + w (r − 1)`, with `w` the least-squares
//! slope (through the origin, clamped to [0, 1]) of the rest-of-day error on the morning error
//! over the first days of the fit's own backtest, cut at the same time of day (linear
//! credibility, Bühlmann 1967, estimated rather than assumed: Poisson noise early in the day
//! and a morning that runs hot for reasons of shape, not level, both shrink it).

use super::calendar::Prepared;

/// Scale the rest of today in `pred` (laid out from day `p.full_days`), the first forecast
/// interval being at layout position `first_pos`. Returns the factor applied, if any.
pub(crate) fn reforecast(
    p: &Prepared,
    pred: &mut [f64],
    first_pos: usize,
    first_days: &[(usize, Vec<f64>)],
) -> Option<f64> {
    let per = p.per_day;
    let today = p.full_days;
    if today >= p.ndays || first_pos <= today * per {
        return None;
    }
    let cut = first_pos - today * per;
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
    // Morning and rest-of-day relative errors of the backtest's first days, cut at `cut`.
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (d, f) in first_days {
        let a = p.day(*d);
        let split = |range: std::ops::Range<usize>| {
            range.fold((0.0, 0.0), |(x, y), s| {
                (
                    x + a.get(s).copied().unwrap_or(0.0),
                    y + f.get(s).copied().unwrap_or(0.0),
                )
            })
        };
        let (am, fm) = split(0..cut.min(per));
        let (ar, fr) = split(cut.min(per)..per);
        if fm > 0.0 && fr > 0.0 {
            let (x, y) = (am / fm - 1.0, ar / fr - 1.0);
            sxy += x * y;
            sxx += x * x;
        }
    }
    let wgt = if sxx > 0.0 {
        (sxy / sxx).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let r = seen / model;
    let factor = 1.0 + wgt * (r - 1.0);
    for v in pred.iter_mut().take(per).skip(cut) {
        *v *= factor;
    }
    Some(factor)
}
