//! Portable random variates: the same seed gives the same stream natively and in wasm.
//!
//! The generator is PCG-64 (`rand_pcg::Pcg64`, integer arithmetic only). The samplers here use
//! only IEEE-754 basic operations (`+ - * /`, `sqrt`, `floor`), which are correctly rounded on
//! every platform Rust targets; `f64::ln`/`f64::exp` are *not* used because they call the
//! platform's libm (glibc natively, a Rust port in wasm) whose last bit may differ, and one
//! differing bit in an arrival time changes a whole replication. This is also why we do not use
//! `rand_distr`'s ziggurat samplers, which call `ln`/`exp` in their tails.
//!
//! [`ln`] and [`exp`] below are accurate to about one unit in the last place over the ranges the
//! simulation uses, which is ample for sampling.

use rand::Rng;
use rand_pcg::Pcg64;

/// ln 2 split into a high part with trailing zero bits (so `k * LN2_HI` is exact for |k| < 2^11)
/// and a low correction (fdlibm's split, Sun Microsystems 1993).
const LN2_HI: f64 = 0.693_147_180_369_123_8; // bits 0x3fe62e42fee00000
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10; // bits 0x3dea39ef35793c76
const LOG2_E: f64 = std::f64::consts::LOG2_E;

/// Natural logarithm from basic IEEE operations only.
///
/// `x = 2^k * m` with `m` in `(1/sqrt 2, sqrt 2]`, then `ln m = 2 atanh(s)`, `s = (m-1)/(m+1)`,
/// summed as the odd series `2s (1 + s²/3 + s⁴/5 + …)`; |s²| <= 0.0295 so 12 terms reach 1e-17.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    let mut bits = x.to_bits();
    let mut k: i64 = 0;
    if bits < 0x0010_0000_0000_0000 {
        // Subnormal: scale up by 2^54 first.
        bits = (x * 18_014_398_509_481_984.0).to_bits();
        k = -54;
    }
    k += ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        k += 1;
    }
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let mut r = 1.0 / 23.0;
    for d in [21.0, 19.0, 17.0, 15.0, 13.0, 11.0, 9.0, 7.0, 5.0, 3.0] {
        r = r * z + 1.0 / d;
    }
    let ln_m = 2.0 * s + 2.0 * s * (z * r);
    let kf = k as f64;
    kf * LN2_HI + (ln_m + kf * LN2_LO)
}

/// `e^x` from basic IEEE operations only: `x = k ln2 + r`, |r| <= ln2/2, Taylor to degree 13
/// (remainder < 5e-18), then multiply by `2^k` built from its bits.
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.78 {
        return f64::INFINITY;
    }
    if x < -745.2 {
        return 0.0;
    }
    let k = (x * LOG2_E + 0.5).floor();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut p = 1.0 / 6_227_020_800.0; // 1/13!
    let mut fact = 6_227_020_800.0;
    for n in (1..13).rev() {
        fact /= f64::from(n + 1);
        p = p * r + 1.0 / fact;
    }
    let p = p * r + 1.0;
    scale_by_pow2(p, k as i32)
}

/// `y * 2^k` for the exponent range `exp` produces, without `powi` (an LLVM intrinsic).
fn scale_by_pow2(y: f64, k: i32) -> f64 {
    let pow2 = |e: i32| f64::from_bits(((e + 1023) as u64) << 52);
    if k > 1023 {
        y * pow2(1023) * pow2(k - 1023)
    } else if k < -1022 {
        // Two steps so the intermediate stays normal; the final product rounds once to subnormal.
        y * pow2(k + 1000) * pow2(-1000)
    } else {
        y * pow2(k)
    }
}

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
    fn ln2_split_has_fdlibm_bits() {
        assert_eq!(LN2_HI.to_bits(), 0x3fe6_2e42_fee0_0000);
        assert_eq!(LN2_LO.to_bits(), 0x3dea_39ef_3579_3c76);
    }

    #[test]
    fn ln_and_exp_match_the_platform_to_a_few_ulp() {
        let mut x = 1e-300_f64;
        while x < 1e300 {
            let rel = (ln(x) - x.ln()).abs() / x.ln().abs().max(1e-300);
            assert!(rel < 4e-16 || (ln(x) - x.ln()).abs() < 1e-16, "ln {x}");
            x *= 1.37;
        }
        for x in [0.5, 1.0 - 1e-12, 1.0 + 1e-12, 2.0, f64::MIN_POSITIVE / 8.0] {
            let d = (ln(x) - x.ln()).abs();
            assert!(d <= 2.0 * f64::EPSILON * x.ln().abs().max(1e-12), "ln {x}");
        }
        assert_eq!(ln(1.0), 0.0);
        let mut y = -700.0;
        while y < 700.0 {
            let rel = (exp(y) - y.exp()).abs() / y.exp();
            assert!(rel < 4e-16, "exp {y}: {rel}");
            y += 0.731;
        }
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(800.0), f64::INFINITY);
        assert_eq!(exp(-800.0), 0.0);
        assert!(ln(-1.0).is_nan());
    }

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
