//! Portable random variates: the same seed gives the same stream natively and in wasm.
//!
//! The generator is PCG-64 (`rand_pcg::Pcg64`, integer arithmetic only). The samplers here use
//! only IEEE-754 basic operations (`+ - * /`, `sqrt`, `floor`), which are correctly rounded on
//! every platform Rust targets; `f64::ln`/`f64::exp` are *not* used because they call the
//! platform's libm (glibc natively, a Rust port in wasm) whose last bit may differ, and one
//! differing bit in an arrival time changes a whole replication. This is also why we do not use
//! `rand_distr`'s ziggurat samplers, which call `ln`/`exp` in their tails.
//!
//! [`ln`] and [`exp`] come from [`crate::math`] (basic IEEE operations only).

pub use crate::math::{exp, ln};
use rand::Rng;
use rand_pcg::Pcg64;

/// SplitMix64 (Steele, Lea & Flood 2014): spreads a user seed over the 128-bit PCG state.
fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A seeded source of the variates the simulation needs.
pub struct Sampler {
    rng: Pcg64,
    spare_normal: Option<f64>,
}

impl Sampler {
    /// The generator for replication `replication` of a run with `seed`: each replication has
    /// its own PCG stream, so replication 3 is the same whatever the number of replications.
    pub fn new(seed: u64, replication: u64) -> Sampler {
        let mut s = seed;
        let hi = splitmix64(&mut s);
        let lo = splitmix64(&mut s);
        let state = (u128::from(hi) << 64) | u128::from(lo);
        Sampler {
            rng: Pcg64::new(state, u128::from(replication)),
            spare_normal: None,
        }
    }

    /// Uniform on the open interval (0, 1), 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        ((self.rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Exponential with mean 1 (inversion).
    pub fn exp1(&mut self) -> f64 {
        -ln(self.uniform())
    }

    /// Standard normal (Marsaglia's polar method; needs only `ln` and `sqrt`).
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let f = (-2.0 * ln(s) / s).sqrt();
                self.spare_normal = Some(v * f);
                return u * f;
            }
        }
    }

    /// Gamma with the given shape (> 0) and scale 1 (Marsaglia & Tsang 2000, "A simple method
    /// for generating gamma variables", ACM TOMS 26(3); shape < 1 by the boost `G(a+1) U^(1/a)`).
    pub fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            let g = self.gamma(shape + 1.0);
            return g * exp(ln(self.uniform()) / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || ln(u) < 0.5 * x2 + d * (1.0 - v + ln(v)) {
                return d * v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<f64> = (0..5).map(|_| Sampler::new(7, 0).uniform()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut s0 = Sampler::new(7, 0);
        let mut s1 = Sampler::new(7, 1);
        assert_ne!(s0.uniform(), s1.uniform());
    }

    #[test]
    fn samplers_have_the_right_moments() {
        let mut s = Sampler::new(42, 0);
        let n = 200_000;
        let (mut m_exp, mut m_norm, mut v_norm, mut m_g, mut v_g, mut m_gs) =
            (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for _ in 0..n {
            m_exp += s.exp1();
            let z = s.normal();
            m_norm += z;
            v_norm += z * z;
            let g = s.gamma(4.0);
            m_g += g;
            v_g += (g - 4.0) * (g - 4.0);
            m_gs += s.gamma(0.5);
        }
        let n = f64::from(n);
        assert!((m_exp / n - 1.0).abs() < 0.01);
        assert!((m_norm / n).abs() < 0.01);
        assert!((v_norm / n - 1.0).abs() < 0.015);
        assert!((m_g / n - 4.0).abs() < 0.03);
        assert!((v_g / n - 4.0).abs() < 0.1);
        assert!((m_gs / n - 0.5).abs() < 0.01);
    }
}
