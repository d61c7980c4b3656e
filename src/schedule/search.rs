//! Integer schedules and the local search that improves them.
//!
//! A schedule is a list of *units*: one agent on one candidate shift with a start for each of
//! its breaks. Coverage is kept per interval so that adding or removing a unit is priced in
//! time proportional to its length. Moves: drop a unit, move a unit to a nearby candidate (any
//! template starting within an hour), re-place a break, add the best unit. Every loop is
//! bounded by the work budget ([`Budget`]): the state counts the intervals it prices, and the
//! loops charge that count between moves, so where a search stops is the same on every machine.

use super::budget::Budget;
use super::model::{Instance, Limit};

/// One agent on one candidate shift.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Unit {
    /// Column (candidate shift) index.
    pub column: usize,
    /// Start position (unrolled interval) of each break, in the column's break order.
    pub breaks: Vec<usize>,
}

/// Intervals an agent on `column` with `breaks` works (wrapped; with multiplicity).
pub fn worked_intervals(inst: &Instance, column: usize, breaks: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    let Some(c) = inst.columns.get(column) else {
        return out;
    };
    for &(s, len) in &c.segments {
        for p in s..s + len {
            let on_break = c.breaks.iter().zip(breaks).any(|(slot, &b)| {
                let d = inst.family_len.get(slot.family).copied().unwrap_or(0);
                p >= b && p < b + d
            });
            if !on_break {
                if let Some(t) = inst.wrap(p) {
                    out.push(t);
                }
            }
        }
    }
    out
}

/// Coverage per interval of a list of units.
pub fn coverage_of(inst: &Instance, units: &[Unit]) -> Vec<f64> {
    let mut cov = vec![0.0; inst.horizon];
    for u in units {
        for t in worked_intervals(inst, u.column, &u.breaks) {
            if let Some(c) = cov.get_mut(t) {
                *c += 1.0;
            }
        }
    }
    cov
}

/// Objective of a list of units: weighted shift cost plus coverage penalties.
pub fn objective_of(inst: &Instance, units: &[Unit]) -> f64 {
    let cov = coverage_of(inst, units);
    let cost: f64 = units
        .iter()
        .filter_map(|u| inst.columns.get(u.column))
        .map(|c| c.cost * inst.cost_weight)
        .sum();
    cost + cov
        .iter()
        .enumerate()
        .map(|(t, c)| inst.penalty(t, *c))
        .sum::<f64>()
}

/// Search state: units, coverage, counts per column and group.
pub struct State<'a> {
    inst: &'a Instance,
    /// The units.
    pub units: Vec<Unit>,
    cov: Vec<f64>,
    count: Vec<u32>,
    /// What the schedule counts towards each group (shifts, or their weights).
    group_count: Vec<f64>,
    /// Per column: the groups it is in, with its weight there.
    col_groups: Vec<Vec<(usize, f64)>>,
    total_cost: f64,
    /// Columns sorted by first worked position, for neighbourhoods.
    by_start: Vec<(usize, usize)>,
    /// Intervals priced since the last [`State::charge`].
    work: u64,
}

const EPS: f64 = 1e-9;

impl<'a> State<'a> {
    /// An empty schedule.
    pub fn new(inst: &'a Instance) -> State<'a> {
        let mut col_groups = vec![Vec::new(); inst.columns.len()];
        for (g, grp) in inst.groups.iter().enumerate() {
            for (k, &j) in grp.columns.iter().enumerate() {
                if let Some(v) = col_groups.get_mut(j) {
                    v.push((g, grp.weight(k)));
                }
            }
        }
        let mut by_start: Vec<(usize, usize)> = inst
            .columns
            .iter()
            .enumerate()
            .map(|(j, c)| (c.segments.first().map(|s| s.0).unwrap_or(0), j))
            .collect();
        by_start.sort_unstable();
        State {
            inst,
            units: Vec::new(),
            cov: vec![0.0; inst.horizon],
            count: vec![0; inst.columns.len()],
            group_count: vec![0.0; inst.groups.len()],
            col_groups,
            total_cost: 0.0,
            by_start,
            work: 0,
        }
    }

    /// Charge the work done since the last call to `budget`.
    pub fn charge(&mut self, budget: &mut Budget) {
        budget.charge(std::mem::take(&mut self.work));
    }

    /// Current coverage.
    pub fn coverage(&self) -> &[f64] {
        &self.cov
    }

    /// Current objective (recomputed).
    pub fn objective(&mut self) -> f64 {
        self.work += self.cov.len() as u64;
        self.total_cost * self.inst.cost_weight
            + self
                .cov
                .iter()
                .enumerate()
                .map(|(t, c)| self.inst.penalty(t, *c))
                .sum::<f64>()
    }

    fn cost(&self, j: usize) -> f64 {
        self.inst.columns.get(j).map(|c| c.cost).unwrap_or(0.0)
    }

    /// Whether one more unit of column `j` respects its bound, groups and the limit.
    pub fn can_add(&self, j: usize) -> bool {
        let Some(c) = self.inst.columns.get(j) else {
            return false;
        };
        if c.upper.is_some_and(|u| self.count[j] >= u) {
            return false;
        }
        for &(g, w) in &self.col_groups[j] {
            if let Some(max) = self.inst.groups[g].max {
                if self.group_count[g] + w > f64::from(max) + EPS {
                    return false;
                }
            }
        }
        match self.inst.limit {
            Some(Limit::Shifts(n)) => (self.units.len() as u32) < n,
            Some(Limit::Budget(b)) => self.total_cost + c.cost <= b + 1e-7,
            None => true,
        }
    }

    /// Whether a unit of column `j` may be removed (group minimums).
    pub fn can_remove(&self, j: usize) -> bool {
        self.col_groups
            .get(j)
            .map(|gs| {
                gs.iter().all(|&(g, w)| {
                    self.group_count[g] - w >= f64::from(self.inst.groups[g].min) - EPS
                })
            })
            .unwrap_or(false)
    }

    /// Penalty change if coverage changes by `delta` on `ts` (applied sequentially).
    fn delta_penalty(&mut self, ts: &[usize], delta: f64) -> f64 {
        self.work += 2 * ts.len() as u64 + 1;
        let mut d = 0.0;
        for &t in ts {
            let c = self.cov[t];
            d += self.inst.penalty(t, c + delta) - self.inst.penalty(t, c);
            self.cov[t] = c + delta;
        }
        for &t in ts {
            self.cov[t] -= delta;
        }
        d
    }

    fn apply(&mut self, ts: &[usize], delta: f64) {
        self.work += ts.len() as u64 + 1;
        for &t in ts {
            self.cov[t] += delta;
        }
    }

    /// Break starts for a new unit of `j` chosen greedily against the current coverage, and
    /// the change of the objective if it were added.
    pub fn best_insertion(&mut self, j: usize) -> (Vec<usize>, f64) {
        let inst = self.inst;
        let Some(c) = inst.columns.get(j) else {
            return (Vec::new(), f64::INFINITY);
        };
        let full = worked_intervals(inst, j, &[]);
        let mut d = self.delta_penalty(&full, 1.0);
        self.apply(&full, 1.0);
        let mut chosen = Vec::with_capacity(c.breaks.len());
        let mut removed: Vec<usize> = Vec::new();
        for slot in &c.breaks {
            let len = inst.family_len.get(slot.family).copied().unwrap_or(0);
            let mut best = (f64::INFINITY, slot.earliest);
            for p in slot.earliest..=slot.latest {
                let ts: Vec<usize> = (p..p + len).filter_map(|q| inst.wrap(q)).collect();
                let dd = self.delta_penalty(&ts, -1.0);
                if dd < best.0 - EPS {
                    best = (dd, p);
                }
            }
            let ts: Vec<usize> = (best.1..best.1 + len)
                .filter_map(|q| inst.wrap(q))
                .collect();
            if best.0.is_finite() {
                d += best.0;
            }
            self.apply(&ts, -1.0);
            removed.extend(ts);
            chosen.push(best.1);
        }
        self.apply(&removed, 1.0);
        self.apply(&full, -1.0);
        (chosen, d + c.cost * inst.cost_weight)
    }

    /// Add a unit.
    pub fn add(&mut self, unit: Unit) {
        let ts = worked_intervals(self.inst, unit.column, &unit.breaks);
        self.apply(&ts, 1.0);
        let j = unit.column;
        if let Some(n) = self.count.get_mut(j) {
            *n += 1;
        }
        for &(g, w) in &self.col_groups[j] {
            self.group_count[g] += w;
        }
        self.total_cost += self.cost(j);
        self.units.push(unit);
    }

    /// Remove the unit at index `i` (swap-remove).
    pub fn remove(&mut self, i: usize) -> Option<Unit> {
        if i >= self.units.len() {
            return None;
        }
        let unit = self.units.swap_remove(i);
        let ts = worked_intervals(self.inst, unit.column, &unit.breaks);
        self.apply(&ts, -1.0);
        let j = unit.column;
        self.count[j] -= 1;
        for &(g, w) in &self.col_groups[j] {
            self.group_count[g] -= w;
        }
        self.total_cost -= self.cost(j);
        Some(unit)
    }

    fn removal_delta(&mut self, i: usize) -> f64 {
        let Some(u) = self.units.get(i) else {
            return f64::INFINITY;
        };
        let j = u.column;
        let ts = worked_intervals(self.inst, j, &u.breaks);
        self.delta_penalty(&ts, -1.0) - self.cost(j) * self.inst.cost_weight
    }

    /// Add units greedily (best objective change first) while one improves the objective;
    /// `cut`: stop when the budget's stage runs out (otherwise only charge it: construction
    /// must finish so that a planner always gets a schedule; only the wall-clock safety cap
    /// stops it, and then the shortfall is reported).
    pub fn greedy_fill(&mut self, budget: &mut Budget, max_adds: usize, cut: bool) {
        for _ in 0..max_adds {
            self.charge(budget);
            if (cut && budget.exhausted()) || budget.capped() {
                return;
            }
            let mut best: Option<(f64, usize, Vec<usize>)> = None;
            for j in 0..self.inst.columns.len() {
                if !self.can_add(j) {
                    continue;
                }
                let (br, d) = self.best_insertion(j);
                if d < -EPS && best.as_ref().map_or(true, |b| d < b.0 - EPS) {
                    best = Some((d, j, br));
                }
            }
            match best {
                Some((_, j, breaks)) => self.add(Unit { column: j, breaks }),
                None => return,
            }
        }
    }

    /// A quick construction when there is no LP to round: sweep the columns in order, adding
    /// units of each while one improves the objective, until a sweep adds nothing. Not cut by
    /// the budget or the cap (a planner always gets a schedule), but linear in the columns per
    /// sweep instead of per added unit; charged.
    pub fn sweep_fill(&mut self, budget: &mut Budget) {
        loop {
            let mut added = false;
            for j in 0..self.inst.columns.len() {
                while self.can_add(j) {
                    let (breaks, d) = self.best_insertion(j);
                    if d < -EPS {
                        self.add(Unit { column: j, breaks });
                        added = true;
                    } else {
                        break;
                    }
                }
            }
            self.charge(budget);
            if !added {
                return;
            }
        }
    }

    /// Satisfy group minimums by adding the cheapest units of each short group.
    pub fn fill_minimums(&mut self) {
        for g in 0..self.inst.groups.len() {
            while self.group_count[g] < f64::from(self.inst.groups[g].min) - EPS {
                let mut best: Option<(f64, usize, Vec<usize>)> = None;
                for &j in &self.inst.groups[g].columns {
                    if !self.can_add(j) {
                        continue;
                    }
                    let (br, d) = self.best_insertion(j);
                    if best.as_ref().map_or(true, |b| d < b.0 - EPS) {
                        best = Some((d, j, br));
                    }
                }
                match best {
                    Some((_, j, breaks)) => self.add(Unit { column: j, breaks }),
                    None => break,
                }
            }
        }
    }

    /// Columns whose first position is within `radius` of column `j`'s.
    fn neighbours(&self, j: usize, radius: usize) -> Vec<usize> {
        let s = self
            .inst
            .columns
            .get(j)
            .and_then(|c| c.segments.first())
            .map(|s| s.0)
            .unwrap_or(0);
        let lo = self.by_start.partition_point(|&(p, _)| p + radius < s);
        let hi = self.by_start.partition_point(|&(p, _)| p <= s + radius);
        self.by_start
            .get(lo..hi)
            .map(|v| v.iter().map(|&(_, k)| k).collect())
            .unwrap_or_default()
    }

    /// One pass of improving moves over all units; returns whether anything improved.
    fn improve_pass(&mut self, radius: usize, budget: &mut Budget) -> bool {
        let mut improved = false;
        let mut i = 0;
        while i < self.units.len() {
            self.charge(budget);
            if budget.exhausted() {
                return improved;
            }
            let j = self.units[i].column;
            // Drop.
            if self.can_remove(j) && self.removal_delta(i) < -EPS {
                self.remove(i);
                improved = true;
                continue;
            }
            // Move (also re-places the breaks when the best is the same column).
            let before = self.removal_delta(i);
            let Some(unit) = self.remove(i) else {
                break;
            };
            let mut best: Option<(f64, usize, Vec<usize>)> = None;
            let mut cands = self.neighbours(j, radius);
            if !cands.contains(&j) {
                cands.push(j);
            }
            for k in cands {
                if k != j && !self.can_add(k) {
                    continue;
                }
                let (br, d) = self.best_insertion(k);
                if best.as_ref().map_or(true, |b| d < b.0 - EPS) {
                    best = Some((d, k, br));
                }
            }
            match best {
                Some((d, k, br)) if d + before < -1e-7 && (k == j || self.can_remove(j)) => {
                    self.add(Unit {
                        column: k,
                        breaks: br,
                    });
                    improved = true;
                }
                _ => self.add(unit),
            }
            // `add` pushed to the end and `remove` swapped the last unit into `i`, so the
            // unit now at `i` has not been visited yet.
            i += 1;
        }
        improved
    }

    /// Re-place the breaks of every unit (keeping its shift) where that improves the
    /// objective, up to `max_passes` passes; returns whether anything improved. Rounded LP
    /// break counts leave holes that this closes before any shift is added for them.
    pub fn rebreak(&mut self, budget: &mut Budget, max_passes: usize) -> bool {
        let mut any = false;
        for _ in 0..max_passes {
            let mut improved = false;
            let mut i = 0;
            while i < self.units.len() {
                self.charge(budget);
                if budget.exhausted() {
                    return any;
                }
                if self.units[i].breaks.is_empty() {
                    i += 1;
                    continue;
                }
                let before = self.removal_delta(i);
                let Some(unit) = self.remove(i) else {
                    break;
                };
                let (br, d) = self.best_insertion(unit.column);
                if d + before < -1e-7 {
                    self.add(Unit {
                        column: unit.column,
                        breaks: br,
                    });
                    improved = true;
                } else {
                    self.add(unit);
                }
                i += 1;
            }
            any |= improved;
            if !improved {
                break;
            }
        }
        any
    }

    /// Local search: improving passes, then greedy additions, until nothing improves.
    pub fn local_search(&mut self, budget: &mut Budget, max_passes: usize) {
        for pass in 0..max_passes {
            self.charge(budget);
            if budget.exhausted() {
                return;
            }
            let radius = if pass < 2 { 2 } else { 4 };
            let a = self.improve_pass(radius, budget);
            let before = self.objective();
            self.greedy_fill(budget, self.inst.horizon.max(16), true);
            let b = self.objective() < before - 1e-7;
            if !a && !b && pass >= 2 {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::model::{BreakSlot, Column};

    fn inst() -> Instance {
        Instance {
            horizon: 6,
            cyclic: true,
            requirement: vec![1.0, 1.0, 1.0, 1.0, 0.0, 1.0],
            under_weight: vec![10.0; 6],
            over_weight: vec![0.0; 6],
            max_coverage: None,
            columns: vec![
                Column {
                    cost: 4.0,
                    segments: vec![(0, 4)],
                    breaks: vec![BreakSlot {
                        family: 0,
                        earliest: 1,
                        latest: 2,
                    }],
                    upper: None,
                },
                Column {
                    cost: 3.0,
                    segments: vec![(4, 3)],
                    breaks: vec![],
                    upper: Some(1),
                },
            ],
            family_len: vec![1],
            groups: vec![],
            limit: None,
            cost_weight: 1.0,
            skills: None,
        }
    }

    #[test]
    fn worked_intervals_skip_the_break_and_wrap() {
        let i = inst();
        assert_eq!(worked_intervals(&i, 0, &[2]), vec![0, 1, 3]);
        assert_eq!(worked_intervals(&i, 1, &[]), vec![4, 5, 0]);
    }

    #[test]
    fn incremental_objective_matches_recomputation() {
        let i = inst();
        let mut s = State::new(&i);
        let mut expected = objective_of(&i, &s.units);
        for j in [0, 0, 1, 1] {
            let (breaks, d) = s.best_insertion(j);
            if !s.can_add(j) {
                assert_eq!(j, 1);
                continue;
            }
            s.add(Unit { column: j, breaks });
            let now = objective_of(&i, &s.units);
            assert!((now - (expected + d)).abs() < 1e-9);
            assert!((now - s.objective()).abs() < 1e-9);
            expected = now;
        }
        // The two agents of column 0 take their breaks at different times.
        let b: Vec<usize> = s
            .units
            .iter()
            .filter(|u| u.column == 0)
            .map(|u| u.breaks[0])
            .collect();
        assert_eq!(b.len(), 2);
        assert_ne!(b[0], b[1]);
        assert_eq!(s.coverage(), coverage_of(&i, &s.units).as_slice());
    }
}
