//! Prediction intervals calibrated from the backtest errors of the chosen forecast.
//!
//! Interval volume has two kinds of noise: Poisson noise of arrivals (variance = mean) and a
//! day-level error of the forecast itself that grows with the volume (variance ∝ mean²), the
//! "doubly stochastic" arrivals of Avramidis, Deslauriers & L'Ecuyer (2004). So the spread is
//! modelled as `sd(f) = sqrt(f + k²·f²)`, with `k²` estimated per lead day by the method of
//! moments from the rolling-origin residuals, and the 80%/95% bounds are the empirical
//! quantiles of the standardised residuals `(actual - f) / sd(f)` (asymmetric if the errors
//! are), taken separately for the first day and the later days, so each horizon gets the
//! coverage it claims (split-conformal calibration per horizon; Vovk et al. 2005). The
//! quantiles may be below the normal ones: scheduled work (departures, appointments) is
//! less dispersed than Poisson, and a Poisson floor would make its bands far too wide.

use super::select::{group_of, GROUPS};
use crate::math::powi;
/// Standard normal quantiles for 80% and 95% two-sided intervals.
const Z80: f64 = 1.281_551_565_545;
const Z95: f64 = 1.959_963_984_540;
/// Fewest standardised residuals for empirical quantiles; below, normal quantiles are used.
const MIN_RESIDUALS: usize = 50;

/// One backtest residual: forecast, actual, lead day (0 = the first day).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Residual {
    pub forecast: f64,
    pub actual: f64,
    pub lead: usize,
}

/// Interval model learned from residuals.
#[derive(Debug, Clone)]
pub(crate) struct Calibration {
    /// Relative variance of the forecast error per lead day (non-decreasing).
    k2: Vec<f64>,
    /// Quantiles of the standardised residuals at 2.5%, 10%, 90%, 97.5%, per lead group.
    q: [[f64; 4]; GROUPS],
}

/// Bounds of one interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Band {
    pub lo80: f64,
    pub hi80: f64,
    pub lo95: f64,
    pub hi95: f64,
}

fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let x = p * (sorted.len() - 1) as f64;
    let i = x.floor() as usize;
    let j = (i + 1).min(sorted.len() - 1);
    sorted[i] + (x - i as f64) * (sorted[j] - sorted[i])
}

impl Calibration {
    /// Fit from residuals with leads `0..leads`.
    pub(crate) fn fit(res: &[Residual], leads: usize) -> Calibration {
        let leads = leads.max(1);
        let pooled = {
            let (num, den) = res.iter().fold((0.0, 0.0), |(n, d), r| {
                (
                    n + powi(r.actual - r.forecast, 2) - r.forecast,
                    d + r.forecast * r.forecast,
                )
            });
            if den > 0.0 {
                (num / den).max(0.0)
            } else {
                0.0
            }
        };
        let mut k2 = Vec::with_capacity(leads);
        for h in 0..leads {
            let (num, den, n) =
                res.iter()
                    .filter(|r| r.lead == h)
                    .fold((0.0, 0.0, 0usize), |(a, b, n), r| {
                        (
                            a + powi(r.actual - r.forecast, 2) - r.forecast,
                            b + r.forecast * r.forecast,
                            n + 1,
                        )
                    });
            let v = if n >= MIN_RESIDUALS / 2 && den > 0.0 {
                (num / den).max(0.0)
            } else {
                pooled
            };
            let prev = k2.last().copied().unwrap_or(0.0);
            k2.push(v.max(prev));
        }
        let z_of = |r: &Residual| {
            let lead = r.lead.min(leads - 1);
            let sd = (r.forecast + k2[lead] * r.forecast * r.forecast).sqrt();
            (r.actual - r.forecast) / sd
        };
        let quantiles = |mut z: Vec<f64>| -> Option<[f64; 4]> {
            z.sort_by(|a, b| a.total_cmp(b));
            (z.len() >= MIN_RESIDUALS).then(|| {
                [
                    quantile(&z, 0.025),
                    quantile(&z, 0.10),
                    quantile(&z, 0.90),
                    quantile(&z, 0.975),
                ]
            })
        };
        let positive = || res.iter().filter(|r| r.forecast > 0.0);
        let all = quantiles(positive().map(z_of).collect()).unwrap_or([-Z95, -Z80, Z80, Z95]);
        let q = std::array::from_fn(|g| {
            quantiles(
                positive()
                    .filter(|r| group_of(r.lead) == g)
                    .map(z_of)
                    .collect(),
            )
            .unwrap_or(all)
        });
        Calibration { k2, q }
    }

    /// Bounds for a forecast `f` at lead day `lead`; zero-width at a closed interval (`f = 0`).
    pub(crate) fn band(&self, f: f64, lead: usize) -> Band {
        if f <= 0.0 {
            return Band {
                lo80: 0.0,
                hi80: 0.0,
                lo95: 0.0,
                hi95: 0.0,
            };
        }
        let k2 = self.k2.get(lead).or(self.k2.last()).copied().unwrap_or(0.0);
        let sd = (f + k2 * f * f).sqrt();
        let q = &self.q[group_of(lead)];
        Band {
            lo80: (f + q[1].min(0.0) * sd).max(0.0),
            hi80: f + q[2].max(0.0) * sd,
            lo95: (f + q[0].min(q[1]).min(0.0) * sd).max(0.0),
            hi95: f + q[3].max(q[2]).max(0.0) * sd,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_without_residuals() {
        let c = Calibration::fit(&[], 3);
        let b = c.band(100.0, 0);
        assert!(b.hi80 >= 100.0 + Z80 * 10.0 - 1e-9);
        assert!(b.lo80 <= 100.0 - Z80 * 10.0 + 1e-9);
        assert!(b.lo95 <= b.lo80 && b.hi95 >= b.hi80);
        assert_eq!(c.band(0.0, 0).hi95, 0.0);
    }

    #[test]
    fn widens_with_relative_error() {
        // Residuals with ±20% errors at both leads: k² = (400 - 100) / 100² = 0.03, bands wider
        // than Poisson at volume 100.
        let res: Vec<Residual> = (0..400)
            .map(|i| Residual {
                forecast: 100.0,
                actual: if i % 2 == 0 { 120.0 } else { 80.0 },
                lead: (i / 2) % 2,
            })
            .collect();
        let c = Calibration::fit(&res, 2);
        assert!((c.k2[0] - 0.03).abs() < 1e-9, "{:?}", c.k2);
        let b = c.band(100.0, 1);
        assert!(b.hi80 > 115.0 && b.lo80 < 85.0, "{b:?}");
    }

    #[test]
    fn each_horizon_gets_its_own_quantiles() {
        // The first day is over-forecast by 20%, the later days are right within ±5%.
        let res: Vec<Residual> = (0..400)
            .map(|i| {
                let lead = (i / 2) % 2;
                let actual = match (lead, i % 2) {
                    (0, _) => 80.0,
                    (_, 0) => 105.0,
                    _ => 95.0,
                };
                Residual {
                    forecast: 100.0,
                    actual,
                    lead,
                }
            })
            .collect();
        let c = Calibration::fit(&res, 2);
        let (first, later) = (c.band(100.0, 0), c.band(100.0, 1));
        assert!(
            first.lo80 < 85.0 && first.hi80 < later.hi80,
            "{first:?} {later:?}"
        );
        assert!(later.lo80 > first.lo80, "{first:?} {later:?}");
    }
}
