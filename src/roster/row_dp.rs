//! Optimal re-roster of one employee by dynamic programming (a large neighbourhood move).
//!
//! With every other employee fixed, the cost of one employee's row is separable by day (cover
//! marginal cost, requests, preferences, changes) except for the employee's own hard rules,
//! which are a resource-constrained path over days: state = (last value, length of the current
//! work or rest block, whether that block started on day 0, minutes so far, weekends so far,
//! counts of the shift types whose maximum binds). This is the pricing problem of the
//! branch-and-price approaches to the benchmark (Burke & Curtois 2014, "New approaches to
//! nurse rostering benchmark instances"); here it is an exact dynamic program used as a move.
//!
//! Only employees whose rules are all hard and of the benchmark's kinds qualify (no weekly
//! rules, no soft rule strengths); the search uses plain moves for the others.

use super::problem::{Employee, Problem, RuleKind, Strength, ALL_RULES, OFF};
use rustc_hash::FxHashMap as HashMap;

/// Most binding shift-type maxima tracked in the state.
const MAX_TRACKED: usize = 6;

/// Whether the exact row optimisation applies to this employee.
pub fn applies(p: &Problem, e: &Employee) -> bool {
    e.min_days_off_per_week.is_none()
        && e.max_minutes_per_week.is_none()
        // Every rule but the weekly ones (absent above) is in the row state, and must be hard.
        && ALL_RULES
            .iter()
            .filter(|k| !matches!(k, RuleKind::DaysOffPerWeek | RuleKind::MaxMinutesPerWeek))
            .all(|k| p.strengths[*k as usize] == Strength::Hard)
        && tracked(p, e).len() <= MAX_TRACKED
        && p.days < 256
}

fn tracked(p: &Problem, e: &Employee) -> Vec<usize> {
    (0..p.n_shifts())
        .filter(|&s| {
            let m = e.max_shifts.get(s).copied().unwrap_or(0);
            m > 0 && (m as usize) < p.days
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    last: u8,
    run: u16,
    from_start: bool,
    minutes: u32,
    weekends: u16,
    counts: [u8; MAX_TRACKED],
}

struct Label {
    key: Key,
    cost: i64,
    parent: u32,
    value: u8,
}

/// Per-employee constants of the dynamic program.
struct Ctx {
    slot: [usize; 256],
    max_len: u32,
    cap: u16,
    days: usize,
}

impl Ctx {
    fn new(p: &Problem, e: &Employee) -> Ctx {
        let mut slot = [usize::MAX; 256];
        for (k, s) in tracked(p, e).into_iter().enumerate() {
            slot[s] = k;
        }
        Ctx {
            slot,
            max_len: p.shifts.iter().map(|s| s.minutes).max().unwrap_or(0),
            cap: e
                .max_consecutive
                .max(e.min_consecutive)
                .max(e.min_consecutive_off)
                .max(1) as u16,
            days: p.days,
        }
    }
}

const START: Key = Key {
    last: OFF,
    run: 0,
    from_start: true,
    minutes: 0,
    weekends: 0,
    counts: [0; MAX_TRACKED],
};

/// Extend a partial row (state `pk` after day `d - 1`) with `val` on day `d`; `None` when a hard
/// rule would break (or can no longer be met).
fn step(p: &Problem, e: &Employee, ctx: &Ctx, pk: &Key, d: usize, val: u8) -> Option<Key> {
    let works = val != OFF;
    let mut k = *pk;
    k.last = val;
    if d == 0 {
        k.run = 1;
        k.from_start = true;
    } else {
        let was = pk.last != OFF;
        if works && was && p.is_forbidden(pk.last, val) {
            return None;
        }
        if works == was {
            k.run = (pk.run + 1).min(ctx.cap + 1);
            if works && e.max_consecutive > 0 && k.run as u32 > e.max_consecutive {
                return None;
            }
        } else {
            // The previous block closes: check its minimum unless it touches day 0.
            let min = if was {
                e.min_consecutive
            } else {
                e.min_consecutive_off
            };
            if !pk.from_start && (pk.run as u32) < min {
                return None;
            }
            k.run = 1;
            k.from_start = false;
        }
    }
    if works {
        let s = val as usize;
        k.minutes += p.shifts.get(s)?.minutes;
        if k.minutes > e.max_minutes {
            return None;
        }
        if let Some(&t) = ctx.slot.get(s).filter(|&&t| t != usize::MAX) {
            k.counts[t] += 1;
            if k.counts[t] as u32 > e.max_shifts.get(s).copied().unwrap_or(0) {
                return None;
            }
        }
        let weekday = p.weekday(d);
        if weekday >= 5 {
            let counted = weekday == 6 && d > 0 && pk.last != OFF;
            if !counted {
                k.weekends += 1;
                if k.weekends as u32 > e.max_weekends {
                    return None;
                }
            }
        }
    }
    let left_after = (ctx.days - 1 - d) as u32;
    if k.minutes + left_after * ctx.max_len < e.min_minutes {
        return None;
    }
    Some(k)
}

/// Best row for employee `e` under day costs `cost[d * (ns + 1) + v]` (v = ns means off;
/// `i64::MAX` = not allowed). At most `beam` labels are kept per day (the cheapest), so the
/// result is exact when no layer exceeds the beam; the beam bounds the work of one call on
/// rows with many shift types and lengths (18 types of different minutes make the minute
/// counter take thousands of values). Returns the row and the number of labels built (work
/// measure), or `None` when no row satisfies the hard rules.
pub fn best_row(p: &Problem, e: &Employee, cost: &[i64], beam: usize) -> (Option<Vec<u8>>, u64) {
    let ns = p.n_shifts();
    let days = p.days;
    let ctx = Ctx::new(p, e);
    let mut layers: Vec<Vec<Label>> = Vec::with_capacity(days);
    let mut work = 0u64;
    let mut index: HashMap<Key, usize> = HashMap::default();
    for d in 0..days {
        index.clear();
        let mut next: Vec<Label> = Vec::new();
        let prev: Vec<(Key, i64)> = match layers.last() {
            None => vec![(START, 0)],
            Some(l) => l.iter().map(|l| (l.key, l.cost)).collect(),
        };
        for (pi, &(pk, pc)) in prev.iter().enumerate() {
            for v in 0..=ns {
                let c = cost.get(d * (ns + 1) + v).copied().unwrap_or(i64::MAX);
                if c == i64::MAX {
                    continue;
                }
                let val = if v == ns { OFF } else { v as u8 };
                let Some(k) = step(p, e, &ctx, &pk, d, val) else {
                    continue;
                };
                let total = pc.saturating_add(c);
                work += 1;
                let label = Label {
                    key: k,
                    cost: total,
                    parent: pi as u32,
                    value: val,
                };
                match index.get(&k) {
                    Some(&i) => {
                        if total < next[i].cost {
                            next[i] = label;
                        }
                    }
                    None => {
                        index.insert(k, next.len());
                        next.push(label);
                    }
                }
            }
        }
        if next.is_empty() {
            return (None, work);
        }
        if next.len() > beam {
            next.sort_by_key(|l| l.cost);
            next.truncate(beam.max(1));
        }
        layers.push(next);
    }
    let Some(last) = layers.last() else {
        return (None, work);
    };
    let best = last
        .iter()
        .enumerate()
        .filter(|(_, l)| l.key.minutes >= e.min_minutes)
        .min_by_key(|(_, l)| l.cost)
        .map(|(i, _)| i);
    let Some(mut i) = best else {
        return (None, work);
    };
    let mut row = vec![OFF; days];
    for d in (0..days).rev() {
        let l = &layers[d][i];
        row[d] = l.value;
        i = l.parent as usize;
    }
    (Some(row), work)
}

/// Two recombined rows.
pub type RowPair = (Vec<u8>, Vec<u8>);

struct PairLabel {
    keys: (Key, Key),
    cost: i64,
    parent: u32,
    values: (u8, u8),
}

/// Best pair of rows for two employees when day `d` may take any of `choices[d]`
/// (`(value1, value2, extra cost)`, e.g. keep or swap the current cells, or any pair with its
/// cover cost). `cost1`/`cost2` are each employee's day x value costs. At most `beam` labels are
/// kept per day (the cheapest), so the result is exact when no layer exceeds the beam. A call
/// that would build more than `max_work` labels gives up (`None`): a beam of 2,000 labels
/// times 19 x 19 day options on an instance with 18 shift types is 700,000 labels a day.
pub fn best_pair(
    p: &Problem,
    (e1, cost1): (&Employee, &[i64]),
    (e2, cost2): (&Employee, &[i64]),
    choices: &[Vec<(u8, u8, i64)>],
    beam: usize,
    max_work: u64,
) -> (Option<RowPair>, u64) {
    let ns = p.n_shifts();
    let days = p.days;
    let (c1, c2) = (Ctx::new(p, e1), Ctx::new(p, e2));
    let idx = |v: u8| if v == OFF { ns } else { v as usize };
    let mut layers: Vec<Vec<PairLabel>> = Vec::with_capacity(days);
    let mut work = 0u64;
    let mut index: HashMap<(Key, Key), usize> = HashMap::default();
    for d in 0..days {
        index.clear();
        let Some(options) = choices.get(d) else {
            return (None, work);
        };
        let mut next: Vec<PairLabel> = Vec::new();
        let prev: Vec<((Key, Key), i64)> = match layers.last() {
            None => vec![((START, START), 0)],
            Some(l) => l.iter().map(|l| (l.keys, l.cost)).collect(),
        };
        for (pi, &(pk, pc)) in prev.iter().enumerate() {
            if work > max_work {
                return (None, work);
            }
            for &(v1, v2, extra) in options {
                let x1 = cost1
                    .get(d * (ns + 1) + idx(v1))
                    .copied()
                    .unwrap_or(i64::MAX);
                let x2 = cost2
                    .get(d * (ns + 1) + idx(v2))
                    .copied()
                    .unwrap_or(i64::MAX);
                if x1 == i64::MAX || x2 == i64::MAX {
                    continue;
                }
                let Some(k1) = step(p, e1, &c1, &pk.0, d, v1) else {
                    continue;
                };
                let Some(k2) = step(p, e2, &c2, &pk.1, d, v2) else {
                    continue;
                };
                work += 1;
                let label = PairLabel {
                    keys: (k1, k2),
                    cost: pc + x1 + x2 + extra,
                    parent: pi as u32,
                    values: (v1, v2),
                };
                match index.get(&(k1, k2)) {
                    Some(&i) => {
                        if label.cost < next[i].cost {
                            next[i] = label;
                        }
                    }
                    None => {
                        index.insert((k1, k2), next.len());
                        next.push(label);
                    }
                }
            }
        }
        if next.is_empty() {
            return (None, work);
        }
        if next.len() > beam {
            next.sort_by_key(|l| l.cost);
            next.truncate(beam);
        }
        layers.push(next);
    }
    let Some(last) = layers.last() else {
        return (None, work);
    };
    let best = last
        .iter()
        .enumerate()
        .filter(|(_, l)| l.keys.0.minutes >= e1.min_minutes && l.keys.1.minutes >= e2.min_minutes)
        .min_by_key(|(_, l)| l.cost)
        .map(|(i, _)| i);
    let Some(mut i) = best else {
        return (None, work);
    };
    let mut r1 = vec![OFF; days];
    let mut r2 = vec![OFF; days];
    for d in (0..days).rev() {
        let l = &layers[d][i];
        r1[d] = l.values.0;
        r2[d] = l.values.1;
        i = l.parent as usize;
    }
    (Some((r1, r2)), work)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::rules::row_cost;
    use crate::roster::rules::tests::tiny;

    #[test]
    fn finds_the_cheapest_feasible_row() {
        let mut p = tiny(14);
        p.employees[0].min_days_off_per_week = None;
        p.employees[0].max_minutes_per_week = None;
        let e = &p.employees[0];
        assert!(applies(&p, e));
        // Working is rewarded on every day: the best row works as much as the rules allow.
        let ns = p.n_shifts();
        let cost: Vec<i64> = (0..14 * (ns + 1))
            .map(|i| if i % (ns + 1) == ns { 0 } else { -10 })
            .collect();
        let (row, _) = best_row(&p, e, &cost, usize::MAX);
        let row = row.unwrap();
        assert_eq!(row_cost(&p, e, &row).hard, 0, "{row:?}");
        // Max 10 shifts (4800 min), max 1 weekend: 10 days worked.
        assert_eq!(row.iter().filter(|&&v| v != OFF).count(), 10);
    }
}
