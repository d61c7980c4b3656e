//! Counters of one replication, and estimates with 95% confidence intervals across
//! replications (Student's t, since replications are few and independent).

use serde::{Deserialize, Serialize};

/// A figure estimated over the replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Estimate {
    /// Mean over the replications where the figure is defined.
    pub mean: f64,
    /// Half-width of the 95% confidence interval of the mean (t distribution with
    /// `samples - 1` degrees of freedom); `null` with fewer than 2 samples.
    pub half_width: Option<f64>,
    /// `mean - half_width`.
    pub lo: Option<f64>,
    /// `mean + half_width`.
    pub hi: Option<f64>,
    /// Replications in which the figure is defined (e.g. a service level needs at least one
    /// offered contact in the replication).
    pub samples: u32,
}

impl Estimate {
    /// Whether `x` lies inside the confidence interval.
    pub fn covers(&self, x: f64) -> bool {
        match (self.lo, self.hi) {
            (Some(lo), Some(hi)) => lo <= x && x <= hi,
            _ => false,
        }
    }
}

/// Simulated figures of an interval or of the whole run. A figure is `null` when no
/// replication defines it (e.g. no contact offered in the interval in any replication).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimStats {
    /// Contacts offered (arrived) per replication.
    pub offered: Option<Estimate>,
    /// Contacts answered per replication.
    pub answered: Option<Estimate>,
    /// Contacts that abandoned per replication.
    pub abandoned: Option<Estimate>,
    /// Service level on an offered basis: answered within T / offered (an abandoned contact
    /// counts as not answered in time).
    pub service_level: Option<Estimate>,
    /// Service level on an answered basis: answered within T / answered.
    pub service_level_answered: Option<Estimate>,
    /// Average speed of answer over all offered contacts (an abandoned contact contributes the
    /// time it waited before abandoning), seconds.
    pub asa_seconds: Option<Estimate>,
    /// Average wait of answered contacts, seconds.
    pub asa_answered_seconds: Option<Estimate>,
    /// Abandoned / offered.
    pub abandon_rate: Option<Estimate>,
    /// Share of offered contacts that had to wait (found no free agent or slot).
    pub p_wait: Option<Estimate>,
    /// Busy agent time / agent time on duty (for chat: busy slot time / (max concurrency x
    /// agent time)); agent time includes the overtime of agents finishing a contact after
    /// their interval ended.
    pub occupancy: Option<Estimate>,
}

/// Per-interval counters of one replication (attributed to the interval a contact arrived in;
/// time-based counters to the interval the time falls in).
#[derive(Debug, Clone, Default)]
pub(crate) struct Counters {
    pub offered: Vec<u32>,
    pub answered: Vec<u32>,
    pub within: Vec<u32>,
    pub waited: Vec<u32>,
    pub abandoned: Vec<u32>,
    pub wait_sum: Vec<f64>,
    pub wait_sum_answered: Vec<f64>,
    pub busy: Vec<f64>,
    pub capacity: Vec<f64>,
}

impl Counters {
    pub fn reset(&mut self, n: usize) {
        for v in [
            &mut self.offered,
            &mut self.answered,
            &mut self.within,
            &mut self.waited,
            &mut self.abandoned,
        ] {
            v.clear();
            v.resize(n, 0);
        }
        for v in [
            &mut self.wait_sum,
            &mut self.wait_sum_answered,
            &mut self.busy,
            &mut self.capacity,
        ] {
            v.clear();
            v.resize(n, 0.0);
        }
    }
}

/// Sums of one replication over a set of intervals.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Totals {
    pub offered: f64,
    pub answered: f64,
    pub within: f64,
    pub waited: f64,
    pub abandoned: f64,
    pub wait_sum: f64,
    pub wait_sum_answered: f64,
    pub busy: f64,
    pub capacity: f64,
}

impl Totals {
    pub fn of(c: &Counters, i: usize) -> Totals {
        let g = |v: &[u32]| v.get(i).map_or(0.0, |&x| f64::from(x));
        let h = |v: &[f64]| v.get(i).copied().unwrap_or(0.0);
        Totals {
            offered: g(&c.offered),
            answered: g(&c.answered),
            within: g(&c.within),
            waited: g(&c.waited),
            abandoned: g(&c.abandoned),
            wait_sum: h(&c.wait_sum),
            wait_sum_answered: h(&c.wait_sum_answered),
            busy: h(&c.busy),
            capacity: h(&c.capacity),
        }
    }

    pub fn add(&mut self, o: &Totals) {
        self.offered += o.offered;
        self.answered += o.answered;
        self.within += o.within;
        self.waited += o.waited;
        self.abandoned += o.abandoned;
        self.wait_sum += o.wait_sum;
        self.wait_sum_answered += o.wait_sum_answered;
        self.busy += o.busy;
        self.capacity += o.capacity;
    }

    /// The figures of [`SimStats`] in field order; `None` where undefined.
    fn figures(&self) -> [Option<f64>; FIGURES] {
        let per = |num: f64, den: f64| (den > 0.0).then(|| num / den);
        [
            Some(self.offered),
            Some(self.answered),
            Some(self.abandoned),
            per(self.within, self.offered),
            per(self.within, self.answered),
            per(self.wait_sum, self.offered),
            per(self.wait_sum_answered, self.answered),
            per(self.abandoned, self.offered),
            per(self.waited, self.offered),
            per(self.busy, self.capacity),
        ]
    }
}

const FIGURES: usize = 10;

/// Running mean and variance (Welford 1962), numerically stable in one pass.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Welford {
    n: u32,
    mean: f64,
    m2: f64,
}

impl Welford {
    pub(crate) fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / f64::from(self.n);
        self.m2 += d * (x - self.mean);
    }

    pub(crate) fn estimate(&self) -> Option<Estimate> {
        if self.n == 0 {
            return None;
        }
        let half_width = (self.n >= 2).then(|| {
            let n = f64::from(self.n);
            let sd = (self.m2.max(0.0) / (n - 1.0)).sqrt();
            t975(self.n - 1) * sd / n.sqrt()
        });
        Some(Estimate {
            mean: self.mean,
            half_width,
            lo: half_width.map(|h| self.mean - h),
            hi: half_width.map(|h| self.mean + h),
            samples: self.n,
        })
    }
}

/// Accumulates the figures of one interval (or of the whole run) over replications.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Across {
    w: [Welford; FIGURES],
}

impl Across {
    pub fn push(&mut self, t: &Totals) {
        for (w, f) in self.w.iter_mut().zip(t.figures()) {
            if let Some(x) = f {
                w.push(x);
            }
        }
    }

    pub fn stats(&self) -> SimStats {
        let [offered, answered, abandoned, service_level, service_level_answered, asa_seconds, asa_answered_seconds, abandon_rate, p_wait, occupancy] =
            self.w.map(|w| w.estimate());
        SimStats {
            offered,
            answered,
            abandoned,
            service_level,
            service_level_answered,
            asa_seconds,
            asa_answered_seconds,
            abandon_rate,
            p_wait,
            occupancy,
        }
    }
}

/// The 97.5% quantile of Student's t with `df` degrees of freedom: exact table to 30 (values
/// from any statistics table, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2), then the Cornish-Fisher
/// expansion around the normal quantile (Abramowitz & Stegun 26.7.5; error < 1e-5 above 30).
pub fn t975(df: u32) -> f64 {
    const TABLE: [f64; 30] = [
        12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157,
        2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922,
        2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831,
        2.048407, 2.045230, 2.042272,
    ];
    if df == 0 {
        return f64::INFINITY;
    }
    if let Some(&t) = TABLE.get(df as usize - 1) {
        return t;
    }
    let z = 1.959_963_984_540_054_f64;
    let n = f64::from(df);
    let (z3, z5, z7) = (z * z * z, z * z * z * z * z, z * z * z * z * z * z * z);
    z + (z3 + z) / (4.0 * n)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * n * n)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * n * n * n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_tables() {
        assert_eq!(t975(1), 12.706205);
        assert_eq!(t975(9), 2.262157);
        // Published: df 40 -> 2.021075, 60 -> 2.000298, 120 -> 1.979930.
        assert!((t975(40) - 2.021075).abs() < 2e-5);
        assert!((t975(60) - 2.000298).abs() < 1e-5);
        assert!((t975(120) - 1.979930).abs() < 1e-5);
        assert!(t975(0).is_infinite());
    }

    #[test]
    fn estimates_have_t_intervals() {
        let mut w = Welford::default();
        for x in [1.0, 2.0, 3.0, 4.0] {
            w.push(x);
        }
        let e = w.estimate().unwrap();
        assert_eq!(e.mean, 2.5);
        // sd = sqrt(5/3), t(3) = 3.182446
        let h = 3.182446 * (5.0f64 / 3.0).sqrt() / 2.0;
        assert!((e.half_width.unwrap() - h).abs() < 1e-12);
        assert!(e.covers(2.5) && !e.covers(5.0));
        let mut one = Welford::default();
        one.push(1.0);
        assert_eq!(one.estimate().unwrap().half_width, None);
        assert!(Welford::default().estimate().is_none());
    }

    #[test]
    fn ratios_are_undefined_without_contacts() {
        let t = Totals {
            capacity: 10.0,
            busy: 5.0,
            ..Totals::default()
        };
        let f = t.figures();
        assert_eq!(f[0], Some(0.0));
        assert_eq!(f[3], None);
        assert_eq!(f[9], Some(0.5));
    }
}
