//! Portable elementary functions: the same bits natively and in wasm.
//!
//! `f64::exp`, `ln`, `exp_m1` and `powi` call the platform's maths library (glibc natively, a
//! Rust port in wasm) whose last bit may differ; one differing bit in a service level makes a
//! plan computed on the page differ from the one validated in CI. These use only IEEE-754 basic
//! operations (`+ - * /`, `sqrt`, `floor`), which are correctly rounded everywhere, and are
//! accurate to about one unit in the last place.

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

/// `e^x - 1`, accurate near 0: a Taylor series for |x| < 0.35 (terms to x^18, remainder
/// < 1e-17 relative), `exp(x) - 1` elsewhere.
pub fn exp_m1(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x.abs() >= 0.35 {
        return exp(x) - 1.0;
    }
    // x (1 + x/2! (1 + ...)) in Horner form: sum_{n=1}^{18} x^n / n!.
    let mut p = 1.0;
    for n in (2..=18).rev() {
        p = 1.0 + p * x / f64::from(n);
    }
    x * p
}

/// `x^n` by binary exponentiation (the same multiplications on every platform).
pub fn powi(x: f64, n: i32) -> f64 {
    let mut e = n.unsigned_abs();
    let (mut base, mut acc) = (x, 1.0);
    while e > 0 {
        if e & 1 == 1 {
            acc *= base;
        }
        base *= base;
        e >>= 1;
    }
    if n < 0 {
        1.0 / acc
    } else {
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, ulps: f64) -> bool {
        (a - b).abs() <= ulps * f64::EPSILON * b.abs().max(f64::MIN_POSITIVE)
    }

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
    fn agree_with_the_platform_to_a_few_ulps() {
        let mut x = -700.0;
        while x < 700.0 {
            assert!(close(exp(x), x.exp(), 4.0), "exp({x})");
            x += 0.731;
        }
        let mut x = 1e-300;
        while x < 1e300 {
            assert!(
                close(ln(x), x.ln(), 4.0) || (ln(x) - x.ln()).abs() < 1e-15,
                "ln({x})"
            );
            x *= 3.7;
        }
        for i in -200..200 {
            let x = f64::from(i) * 0.01;
            assert!(close(exp_m1(x), x.exp_m1(), 4.0), "exp_m1({x})");
        }
        assert_eq!(exp_m1(0.0), 0.0);
        assert!(close(powi(1.01, 84), 1.01f64.powi(84), 8.0));
        assert!(close(powi(0.9, -7), 0.9f64.powi(-7), 8.0));
        assert_eq!(powi(2.0, 0), 1.0);
    }
}
