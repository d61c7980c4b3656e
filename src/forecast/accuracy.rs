//! Accuracy measures planners and forecasters use: WAPE (weighted absolute percentage error,
//! pooled: Σ|f − a| / Σa, robust to near-zero night intervals where MAPE explodes), MASE
//! (mean absolute error scaled by the in-sample error of the weekly seasonal naive forecast,
//! Hyndman & Koehler 2006), and bias (Σ(f − a) / Σa: positive means over-forecasting).

/// Running sums for pooled accuracy.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Σ|forecast − actual|.
    pub abs_error: f64,
    /// Σ(forecast − actual).
    pub error: f64,
    /// Σ actual.
    pub actual: f64,
    /// Intervals scored.
    pub n: usize,
    /// Σ of MAE / scale per origin, for MASE.
    pub scaled: f64,
    /// Actuals inside the 80% interval.
    pub in80: usize,
    /// Actuals inside the 95% interval.
    pub in95: usize,
}

impl Tally {
    /// Pooled WAPE (0 when there is no actual volume).
    pub fn wape(&self) -> f64 {
        if self.actual > 0.0 {
            self.abs_error / self.actual
        } else {
            0.0
        }
    }

    /// Bias as a share of actual volume.
    pub fn bias(&self) -> f64 {
        if self.actual > 0.0 {
            self.error / self.actual
        } else {
            0.0
        }
    }
}

/// Pooled WAPE of a forecast against actuals (forecasts clipped at 0).
pub fn wape(forecast: &[f64], actual: &[f64]) -> f64 {
    let (e, a) = forecast
        .iter()
        .zip(actual)
        .fold((0.0, 0.0), |(e, a), (f, y)| {
            (e + (f.max(0.0) - y).abs(), a + y)
        });
    if a > 0.0 {
        e / a
    } else {
        0.0
    }
}

/// Mean absolute error of a forecast.
pub fn mae(forecast: &[f64], actual: &[f64]) -> f64 {
    let n = forecast.len().min(actual.len());
    if n == 0 {
        return 0.0;
    }
    forecast
        .iter()
        .zip(actual)
        .map(|(f, y)| (f.max(0.0) - y).abs())
        .sum::<f64>()
        / n as f64
}

/// In-sample MAE of the seasonal naive forecast `y[t - season]` (the MASE denominator); pairs
/// with a missing value are skipped. `None` when no pair exists or the MAE is 0.
pub fn naive_scale(y: &[Option<f64>], season: usize) -> Option<f64> {
    let (mut s, mut n) = (0.0, 0usize);
    for t in season..y.len() {
        if let (Some(a), Some(b)) = (y[t], y[t - season]) {
            s += (a - b).abs();
            n += 1;
        }
    }
    (n > 0 && s > 0.0).then(|| s / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_match_hand_computation() {
        assert!((wape(&[10.0, 0.0, -3.0], &[8.0, 2.0, 0.0]) - 0.4).abs() < 1e-12);
        assert!((mae(&[1.0, 3.0], &[2.0, 2.0]) - 1.0).abs() < 1e-12);
        let y = [Some(1.0), Some(2.0), Some(4.0), None, Some(1.0)];
        assert_eq!(naive_scale(&y, 2), Some(3.0));
        assert_eq!(naive_scale(&y[..2], 2), None);
        let t = Tally {
            abs_error: 5.0,
            error: -2.0,
            actual: 50.0,
            ..Tally::default()
        };
        assert!((t.wape() - 0.1).abs() < 1e-12 && (t.bias() + 0.04).abs() < 1e-12);
    }
}
