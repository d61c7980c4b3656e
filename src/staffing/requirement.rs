//! The least number of agents meeting every target at once, for one interval.
//!
//! Targets: service level (X% within T seconds), maximum ASA, maximum abandonment rate and
//! maximum occupancy. All four are monotone in the number of agents (SL rises, ASA, abandonment
//! and occupancy fall), so the least `N` is the first `N` at which the predicate holds:
//! - **Erlang C** walks the Erlang B recursion upwards in O(1) per step from the stability /
//!   occupancy bound `max(floor(A) + 1, A/occ_max)`; the warm start makes the whole search about
//!   `11·sqrt(A)` divisions, independent of where a square-root guess would land.
//! - **Erlang A** guesses from the Erlang C requirement refined by regula falsi (Illinois) on
//!   the service-level curve, **chat** from the square-root-staffing guess `A + sqrt(A)`; both
//!   then gallop (1, 2, 4, ... agents) to bracket the answer and bisect, so the result is exact
//!   whatever the guess. Erlang A candidates above the guess reuse stepped Erlang B cursors.
//!
//! The result names the targets that bind (those that `N - 1` agents miss) so a planner sees
//! *why* the number is what it is. When no `N` up to a generous cap meets the targets (e.g. a
//! 100% service level within 0 s), the cap's performance is returned with `targets_met: false`.

use super::erlang_b::ErlangB;
use super::model::{evaluate_unchecked, voice_from_b, Demand, Performance, ServiceModel};
use crate::error::{fraction, non_negative, positive};
use crate::Result;
use serde::{Deserialize, Serialize};

/// Slack for float comparisons against targets (a target met to 12 digits is met).
const TARGET_SLACK: f64 = 1e-12;

/// A service target for one queue. No field has a default: a target is a planning decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Share of offered contacts to answer within `answer_seconds`, in `[0, 1]` (0.8 for 80/20).
    pub service_level: f64,
    /// The "within T seconds" of the service level, `>= 0` (20 for 80/20).
    pub answer_seconds: f64,
    /// Maximum mean wait over all arrivals in seconds, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_asa_seconds: Option<f64>,
    /// Maximum share of contacts abandoning, in `[0, 1]`, if any (needs a patience to matter;
    /// without patience nobody abandons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_abandon_rate: Option<f64>,
}

impl Target {
    /// Check the ranges; `prefix` is the JSON path of the target (e.g. `queues[0].target`).
    pub fn validate(&self, prefix: &str) -> Result<()> {
        let p = |f: &str| {
            if prefix.is_empty() {
                f.to_string()
            } else {
                format!("{prefix}.{f}")
            }
        };
        fraction(&p("service_level"), self.service_level, 0.0, 1.0)?;
        non_negative(&p("answer_seconds"), self.answer_seconds)?;
        if let Some(v) = self.max_asa_seconds {
            non_negative(&p("max_asa_seconds"), v)?;
        }
        if let Some(v) = self.max_abandon_rate {
            fraction(&p("max_abandon_rate"), v, 0.0, 1.0)?;
        }
        Ok(())
    }
}

/// The least agents for one interval and what they achieve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    /// Least agents meeting every target (or the search cap when `targets_met` is false).
    pub agents: u32,
    /// Whether `agents` meets every target.
    pub targets_met: bool,
    /// The targets that one agent fewer would miss: `service_level`, `max_asa_seconds`,
    /// `max_abandon_rate`, `max_occupancy` or `stability`. Empty when `agents` is 0.
    pub binding: Vec<String>,
    /// Performance at `agents`.
    pub performance: Performance,
}

/// Which targets a performance misses (empty = all met).
pub fn missed_targets(
    perf: &Performance,
    target: &Target,
    max_occupancy: Option<f64>,
) -> Vec<String> {
    let mut out = Vec::new();
    check_targets(perf, target, max_occupancy, |name| {
        out.push(name.to_string())
    });
    out
}

/// Whether every target is met (no allocation: the search calls it at every step).
pub(crate) fn meets(perf: &Performance, target: &Target, max_occupancy: Option<f64>) -> bool {
    let mut ok = true;
    check_targets(perf, target, max_occupancy, |_| ok = false);
    ok
}

/// The one definition of "meets a target": calls `miss` with each missed target's name.
fn check_targets(
    perf: &Performance,
    target: &Target,
    max_occupancy: Option<f64>,
    mut miss: impl FnMut(&'static str),
) {
    if perf.unstable {
        miss("stability");
    }
    if perf.service_level < target.service_level - TARGET_SLACK {
        miss("service_level");
    }
    if let Some(m) = target.max_asa_seconds {
        if perf.asa_seconds.map_or(true, |a| a > m + TARGET_SLACK) {
            miss("max_asa_seconds");
        }
    }
    if let (Some(m), Some(p)) = (target.max_abandon_rate, perf.p_abandon) {
        if p > m + TARGET_SLACK {
            miss("max_abandon_rate");
        }
    }
    if let Some(m) = max_occupancy {
        if perf.occupancy > m + TARGET_SLACK {
            miss("max_occupancy");
        }
    }
}

/// The least agents meeting `target` (and `max_occupancy`, a fraction in `(0, 1]`, if given).
///
/// ```
/// use paiban::staffing::{required_agents, Demand, ServiceModel, Target};
/// let d = Demand { volume: 100.0, interval_seconds: 1800.0 };
/// let t = Target { service_level: 0.8, answer_seconds: 20.0,
///                  max_asa_seconds: None, max_abandon_rate: None };
/// let r = required_agents(&d, &ServiceModel::erlang_c(180.0), &t, Some(0.85))?;
/// assert_eq!(r.agents, 14);
/// assert!(r.binding.contains(&"service_level".to_string()));
/// # Ok::<(), paiban::Error>(())
/// ```
pub fn required_agents(
    demand: &Demand,
    service: &ServiceModel,
    target: &Target,
    max_occupancy: Option<f64>,
) -> Result<Requirement> {
    demand.validate()?;
    service.validate()?;
    target.validate("")?;
    if let Some(m) = max_occupancy {
        positive("max_occupancy", m)?;
        fraction("max_occupancy", m, 0.0, 1.0)?;
    }
    required_unchecked(demand, service, target, max_occupancy)
}

pub(crate) fn required_unchecked(
    demand: &Demand,
    service: &ServiceModel,
    target: &Target,
    max_occupancy: Option<f64>,
) -> Result<Requirement> {
    super::model::check_size(demand, service, 0)?;
    let load = service.agent_load(demand);
    let cap = search_cap(load, max_occupancy);
    if demand.volume <= 0.0 {
        let perf = evaluate_unchecked(demand, service, 0, target.answer_seconds)?;
        return Ok(Requirement {
            agents: 0,
            targets_met: true,
            binding: Vec::new(),
            performance: perf,
        });
    }
    match service {
        ServiceModel::Voice {
            aht_seconds,
            patience_seconds: None,
        } => {
            let a = demand.rate() * aht_seconds;
            erlang_c_walk(demand, service, a, target, max_occupancy, cap)
        }
        ServiceModel::Voice {
            aht_seconds,
            patience_seconds: Some(_),
        } => {
            // Guess: start from the Erlang C requirement for the same SL/ASA/occupancy targets,
            // then regula falsi on the Erlang A service level (abandonment can lower the
            // requirement far below Erlang C's, even below A, when the load is large). The
            // guess only saves candidates: galloping and bisection below decide exactly.
            let a = demand.rate() * aht_seconds;
            let mut c_target = target.clone();
            c_target.max_abandon_rate = None;
            let c = erlang_c_walk(
                demand,
                &ServiceModel::erlang_c(*aht_seconds),
                a,
                &c_target,
                max_occupancy,
                cap,
            )?;
            // Every candidate's Erlang B comes from the nearest cached cursor below it.
            let cache = std::cell::RefCell::new(CursorCache::new(a));
            let perf_at = |n: u32| -> Result<Performance> {
                let cursor = cache.borrow_mut().at(n);
                voice_from_b(demand, service, cursor, target.answer_seconds)
            };
            let sl_at = |n: u32| perf_at(n).ok().map(|p| p.service_level);
            let guess = sl_root_guess(sl_at, c.agents.min(cap), a, target.service_level, cap);
            let eval = perf_at;
            gallop(eval, guess, target, max_occupancy, cap)
        }
        ServiceModel::Chat { .. } => {
            let eval = |n: u32| evaluate_unchecked(demand, service, n, target.answer_seconds);
            let guess = ((load + load.sqrt()).ceil().max(1.0) as u32).min(cap);
            gallop(eval, guess, target, max_occupancy, cap)
        }
    }
}

/// Generous upper end of the search: far beyond any target below certainty.
fn search_cap(load: f64, max_occupancy: Option<f64>) -> u32 {
    let occ = max_occupancy.unwrap_or(1.0).max(1e-6);
    let c = (load / occ).ceil() + 50.0 * load.sqrt() + 100.0;
    if c >= f64::from(u32::MAX / 2) {
        u32::MAX / 2
    } else {
        c as u32
    }
}

fn erlang_c_walk(
    demand: &Demand,
    service: &ServiceModel,
    a: f64,
    target: &Target,
    max_occupancy: Option<f64>,
    cap: u32,
) -> Result<Requirement> {
    let mut lower = a.floor() + 1.0;
    if let Some(m) = max_occupancy {
        lower = lower.max((a / m - 1e-9).ceil());
    }
    let start = (lower.max(1.0) as u32).min(cap);
    let mut cursor = ErlangB::at(start, a);
    let mut previous: Option<ErlangB> = None;
    loop {
        let perf = voice_from_b(demand, service, cursor, target.answer_seconds)?;
        let met = meets(&perf, target, max_occupancy);
        if met || cursor.servers() >= cap {
            // N - 1: the previous step, or (below the stability / occupancy bound) computed.
            let below = match previous {
                Some(c) => c,
                None => ErlangB::at(cursor.servers().saturating_sub(1), a),
            };
            let p = voice_from_b(demand, service, below, target.answer_seconds)?;
            let binding = if met {
                missed_targets(&p, target, max_occupancy)
            } else {
                missed_targets(&perf, target, max_occupancy)
            };
            return Ok(Requirement {
                agents: cursor.servers(),
                targets_met: met,
                binding,
                performance: perf,
            });
        }
        previous = Some(cursor);
        cursor.step();
    }
}

/// Erlang B cursors already computed for one traffic, reused by stepping upwards: a step is
/// one division, a fresh warm start about `9·sqrt(A)`.
struct CursorCache {
    a: f64,
    cursors: Vec<ErlangB>,
}

impl CursorCache {
    fn new(a: f64) -> Self {
        CursorCache {
            a,
            cursors: Vec::new(),
        }
    }

    /// `B(n, a)` from the nearest cursor at or below `n` when that is cheaper than a warm start.
    fn at(&mut self, n: u32) -> ErlangB {
        let limit = (9.0 * self.a.sqrt()) as u32 + 16;
        let best = self
            .cursors
            .iter()
            .filter(|c| c.servers() <= n && n - c.servers() <= limit)
            .max_by_key(|c| c.servers())
            .copied();
        let cursor = match best {
            Some(mut c) => {
                while c.servers() < n {
                    c.step();
                }
                c
            }
            None => ErlangB::at(n, self.a),
        };
        if !self.cursors.iter().any(|c| c.servers() == n) {
            self.cursors.push(cursor);
        }
        cursor
    }
}

/// A guess of the least `n` with `sl_at(n) >= target` by regula falsi (Illinois variant) on the
/// sigmoid-shaped service-level curve, from `g0` with a first step of `sqrt(A)`. At most ten
/// evaluations; only a starting point for [`gallop`], which decides exactly.
fn sl_root_guess(
    mut sl_at: impl FnMut(u32) -> Option<f64>,
    g0: u32,
    a: f64,
    target: f64,
    cap: u32,
) -> u32 {
    let Some(s0) = sl_at(g0) else { return g0 };
    let delta = (a.sqrt().ceil() as u32).max(1);
    // Bracket: lo misses the SL target, hi meets it.
    // (agents, service level) at the bracket's ends.
    type End = Option<(u32, f64)>;
    let (mut lo, mut hi): (End, End) = if s0 >= target {
        (None, Some((g0, s0)))
    } else {
        (Some((g0, s0)), None)
    };
    let mut step = delta;
    // Illinois: when the same end is replaced twice running, halve the other end's residual.
    let (mut wl, mut wh) = (1.0, 1.0);
    let mut last_replaced_hi: Option<bool> = None;
    for _ in 0..10 {
        let next = match (lo, hi) {
            (None, Some((h, _))) => h.saturating_sub(step),
            (Some((l, _)), None) => l.saturating_add(step).min(cap),
            (Some((l, sl)), Some((h, sh))) => {
                if h <= l + 1 {
                    return h;
                }
                let (fl, fh) = ((sl - target) * wl, (sh - target) * wh);
                let x = f64::from(l) + fl * (f64::from(h) - f64::from(l)) / (fl - fh);
                let x = if x.is_finite() {
                    x.round() as u32
                } else {
                    l + (h - l) / 2
                };
                x.clamp(l + 1, h - 1)
            }
            (None, None) => return g0,
        };
        let Some(sn) = sl_at(next) else {
            return hi.map_or(g0, |h| h.0);
        };
        let bracketed = lo.is_some() && hi.is_some();
        if sn >= target {
            hi = Some((next, sn));
            wh = 1.0;
            if bracketed && last_replaced_hi == Some(true) {
                wl *= 0.5;
            }
            last_replaced_hi = Some(true);
        } else {
            lo = Some((next, sn));
            wl = 1.0;
            if bracketed && last_replaced_hi == Some(false) {
                wh *= 0.5;
            }
            last_replaced_hi = Some(false);
        }
        if lo.is_none() || hi.is_none() {
            if next == 0 || next >= cap {
                break;
            }
            step = step.saturating_mul(2);
        }
    }
    hi.map_or(g0, |h| h.0)
}

/// Least `n` meeting the targets by galloping from `guess` (1, 2, 4, ... agents) to bracket
/// the answer, then bisecting. `eval(n)` is the performance of `n` agents.
fn gallop(
    mut eval: impl FnMut(u32) -> Result<Performance>,
    guess: u32,
    target: &Target,
    max_occupancy: Option<f64>,
    cap: u32,
) -> Result<Requirement> {
    // Below a meeting N, a solver refusal (a queue of millions: patience far longer than the
    // overload can drain) is a miss, not an error.
    let mut probe = |n: u32| -> std::result::Result<Performance, Option<Performance>> {
        match eval(n) {
            Ok(p) if meets(&p, target, max_occupancy) => Ok(p),
            Ok(p) => Err(Some(p)),
            Err(_) => Err(None),
        }
    };
    let missed = |p: &Option<Performance>| match p {
        Some(p) => missed_targets(p, target, max_occupancy),
        None => vec!["stability".to_string()],
    };
    // `hi` meets the targets; `lo`, if known, misses them.
    let mut hi: (u32, Performance);
    let mut lo: Option<(u32, Option<Performance>)> = None;
    match probe(guess) {
        Ok(p) => {
            hi = (guess, p);
            let mut step = 1u32;
            while hi.0 > 0 {
                let n = hi.0.saturating_sub(step);
                match probe(n) {
                    Ok(p) => {
                        hi = (n, p);
                        step = step.saturating_mul(2);
                    }
                    Err(p) => {
                        lo = Some((n, p));
                        break;
                    }
                }
            }
        }
        Err(first) => {
            let mut last_fail = (guess, first);
            let mut step = 1u32;
            loop {
                if last_fail.0 >= cap {
                    let binding = missed(&last_fail.1);
                    return match last_fail.1 {
                        Some(p) => Ok(Requirement {
                            agents: last_fail.0,
                            targets_met: false,
                            binding,
                            performance: p,
                        }),
                        None => eval(last_fail.0).map(|p| Requirement {
                            agents: last_fail.0,
                            targets_met: false,
                            binding,
                            performance: p,
                        }),
                    };
                }
                let n = last_fail.0.saturating_add(step).min(cap);
                match probe(n) {
                    Ok(p) => {
                        hi = (n, p);
                        lo = Some(last_fail);
                        break;
                    }
                    Err(p) => last_fail = (n, p),
                }
                step = step.saturating_mul(2);
            }
        }
    }
    // Bisect between lo (misses) and hi (meets).
    while let Some((l, _)) = &lo {
        if hi.0 - l <= 1 {
            break;
        }
        let mid = l + (hi.0 - l) / 2;
        match probe(mid) {
            Ok(p) => hi = (mid, p),
            Err(p) => lo = Some((mid, p)),
        }
    }
    Ok(Requirement {
        agents: hi.0,
        targets_met: true,
        binding: lo.map(|l| missed(&l.1)).unwrap_or_default(),
        performance: hi.1,
    })
}
