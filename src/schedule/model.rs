//! The covering model: candidate shifts (columns) against a requirement per interval, and its
//! linear-programming relaxation for good_lp/microlp.
//!
//! Breaks are placed *implicitly*: instead of one column per (shift, break placement), every
//! break of a template forms a *family* with one variable `b[p]` per possible break start `p`
//! (Bechtold & Jacobs 1990, "Implicit modeling of flexible break assignments in optimal shift
//! scheduling", Management Science 36(11); Aykin 1996 for several breaks per shift). Within a
//! family every member's window is `[start + e, start + l]` with the same `e`, `l`, so windows
//! are ordered the same way by their opening and closing ends and breaks can be matched to
//! shifts first-come-first-served. Hall's condition then reduces to two prefix conditions per
//! break start `p` (breaks by `p` cover the members whose window closed by `p`, and do not
//! exceed the members whose window opened by `p`). We write them sparsely with a backlog
//! variable `q[p]` (members whose window is open and who have not had the break yet):
//!
//! ```text
//!   q[p] = q[p-1] + sum_{j: e_j = p} x_j - b[p]          (flow)
//!   q[p] <= sum_{j: e_j <= p < l_j} x_j                   (deadline)
//! ```
//!
//! so each family adds two rows per break start instead of a column per placement.

use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};

/// A covering instance on a horizon of `horizon` intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Number of intervals.
    pub horizon: usize,
    /// Whether interval `horizon` wraps to interval 0.
    pub cyclic: bool,
    /// Agents required per interval.
    pub requirement: Vec<f64>,
    /// Cost of one agent-interval short, per interval.
    pub under_weight: Vec<f64>,
    /// Cost of one agent-interval over the requirement, per interval (0: free).
    pub over_weight: Vec<f64>,
    /// Most agents allowed per interval (`None`: no cap), e.g. the seats of the floor.
    pub max_coverage: Option<CoverageCap>,
    /// Candidate shifts.
    pub columns: Vec<Column>,
    /// Length in intervals of the breaks of each break family.
    pub family_len: Vec<usize>,
    /// Count limits over sets of columns (a template on a day).
    pub groups: Vec<Group>,
    /// A cap on the number of shifts or on their cost (the service objective).
    pub limit: Option<Limit>,
    /// Weight of the shift cost in the objective (1 for least cost; small for best service).
    pub cost_weight: f64,
}

/// A cap on the agents at work per interval: a row in the LP, a steep price in the search.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageCap {
    /// Most agents per interval.
    pub agents: Vec<f64>,
    /// Price of one agent-interval above the cap inside the local search (choose it above
    /// any shift cost, e.g. [`Instance::big_m`]).
    pub excess_weight: f64,
}

/// One candidate shift.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Cost of one shift.
    pub cost: f64,
    /// Worked spans `(first interval, length)` before breaks; positions are unrolled
    /// (may exceed the horizon; wrapped when cyclic, dropped otherwise).
    pub segments: Vec<(usize, usize)>,
    /// Breaks of the shift, one per break of its template.
    pub breaks: Vec<BreakSlot>,
    /// At most this many of this shift (`None`: no limit).
    pub upper: Option<u32>,
}

/// Where a break of a column may start (unrolled interval positions, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakSlot {
    /// Break family (template and break index).
    pub family: usize,
    /// Earliest start position.
    pub earliest: usize,
    /// Latest start position.
    pub latest: usize,
}

/// A limit on the number of shifts over a set of columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Human-readable name ("late on 2024-01-02").
    pub name: String,
    /// Member columns.
    pub columns: Vec<usize>,
    /// At least this many.
    pub min: u32,
    /// At most this many.
    pub max: Option<u32>,
}

/// A cap for the best-service objective.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// At most this many shifts in the horizon.
    Shifts(u32),
    /// At most this total shift cost.
    Budget(f64),
}

impl Instance {
    /// Interval index of an unrolled position, `None` past the end of a non-cyclic horizon.
    pub fn wrap(&self, p: usize) -> Option<usize> {
        if p < self.horizon {
            Some(p)
        } else if self.cyclic && self.horizon > 0 {
            Some(p % self.horizon)
        } else {
            None
        }
    }

    /// Penalty of coverage `c` in interval `t` (shortfall, surplus, cap).
    pub fn penalty(&self, t: usize, c: f64) -> f64 {
        let r = self.requirement.get(t).copied().unwrap_or(0.0);
        let mut p = 0.0;
        if c < r {
            p += (r - c) * self.under_weight.get(t).copied().unwrap_or(0.0);
        } else {
            p += (c - r) * self.over_weight.get(t).copied().unwrap_or(0.0);
        }
        if let Some(cap) = &self.max_coverage {
            if let Some(&a) = cap.agents.get(t) {
                if c > a {
                    p += (c - a) * cap.excess_weight;
                }
            }
        }
        p
    }

    /// A penalty larger than any shift cost, used for hard rules in the search.
    pub fn big_m(&self) -> f64 {
        let max_cost = self
            .columns
            .iter()
            .map(|c| c.cost * self.cost_weight)
            .fold(0.0, f64::max);
        let max_w = self.under_weight.iter().copied().fold(0.0, f64::max);
        1e3 * (1.0 + max_cost + max_w)
    }

    /// Break family positions `[first, last]` (unrolled) or `None` when the family is unused.
    pub fn family_span(&self, f: usize) -> Option<(usize, usize)> {
        let mut span: Option<(usize, usize)> = None;
        for c in &self.columns {
            for b in c.breaks.iter().filter(|b| b.family == f) {
                span = Some(match span {
                    None => (b.earliest, b.latest),
                    Some((lo, hi)) => (lo.min(b.earliest), hi.max(b.latest)),
                });
            }
        }
        span
    }
}

/// The LP relaxation as good_lp variables and constraints.
pub struct LpModel {
    /// Problem variables (consumed when solving).
    pub vars: ProblemVariables,
    /// Shift counts, one per column.
    pub x: Vec<Variable>,
    /// Shortfall per interval.
    pub under: Vec<Variable>,
    /// Surplus per interval (only where it is priced).
    pub over: Vec<Option<Variable>>,
    /// Break starts per family: (first position, variables by position).
    pub breaks: Vec<Option<(usize, Vec<Variable>)>>,
    /// Backlog per family and position.
    pub backlog: Vec<Option<Vec<Variable>>>,
}

/// Sizes of the LP, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct LpSize {
    /// Variables.
    pub columns: usize,
    /// Constraints.
    pub rows: usize,
}

impl LpModel {
    /// Variables of the relaxation of `inst`; `integer` makes shift and break counts integer.
    pub fn new(inst: &Instance, integer: bool) -> LpModel {
        let mut m = LpModel {
            vars: ProblemVariables::new(),
            x: Vec::new(),
            under: Vec::new(),
            over: Vec::new(),
            breaks: Vec::new(),
            backlog: Vec::new(),
        };
        m.add_shift_vars(inst, integer);
        m.add_coverage_slack_vars(inst);
        m.add_break_vars(inst, integer);
        m
    }

    /// One count per candidate shift, bounded by its `upper`.
    pub fn add_shift_vars(&mut self, inst: &Instance, integer: bool) {
        for c in &inst.columns {
            let mut def = variable().min(0.0);
            if let Some(u) = c.upper {
                def = def.max(u as f64);
            }
            if integer {
                def = def.integer();
            }
            self.x.push(self.vars.add(def));
        }
    }

    /// Shortfall (always) and surplus (where priced) per interval.
    pub fn add_coverage_slack_vars(&mut self, inst: &Instance) {
        for t in 0..inst.horizon {
            self.under.push(self.vars.add(variable().min(0.0)));
            let priced = inst.over_weight.get(t).is_some_and(|w| *w > 0.0);
            self.over
                .push(priced.then(|| self.vars.add(variable().min(0.0))));
        }
    }

    /// Break-start and backlog variables of every family.
    pub fn add_break_vars(&mut self, inst: &Instance, integer: bool) {
        for f in 0..inst.family_len.len() {
            match inst.family_span(f) {
                None => {
                    self.breaks.push(None);
                    self.backlog.push(None);
                }
                Some((lo, hi)) => {
                    let n = hi - lo + 1;
                    let mut def = variable().min(0.0);
                    if integer {
                        def = def.integer();
                    }
                    let b = (0..n).map(|_| self.vars.add(def.clone())).collect();
                    let q = (0..n).map(|_| self.vars.add(variable().min(0.0))).collect();
                    self.breaks.push(Some((lo, b)));
                    self.backlog.push(Some(q));
                }
            }
        }
    }

    /// Shift cost plus the price of shortfall and surplus.
    pub fn objective(&self, inst: &Instance) -> Expression {
        let mut e = Expression::default();
        for (c, x) in inst.columns.iter().zip(&self.x) {
            e.add_mul(c.cost * inst.cost_weight, *x);
        }
        for (t, u) in self.under.iter().enumerate() {
            e.add_mul(inst.under_weight.get(t).copied().unwrap_or(0.0), *u);
        }
        for (t, o) in self.over.iter().enumerate() {
            if let Some(o) = o {
                e.add_mul(inst.over_weight.get(t).copied().unwrap_or(0.0), *o);
            }
        }
        e
    }

    /// Coverage expression per interval: shifts at work minus agents on break.
    pub fn coverage(&self, inst: &Instance) -> Vec<Expression> {
        let mut cov: Vec<Expression> = (0..inst.horizon).map(|_| Expression::default()).collect();
        for (c, x) in inst.columns.iter().zip(&self.x) {
            for &(s, len) in &c.segments {
                for p in s..s + len {
                    if let Some(e) = inst.wrap(p).and_then(|t| cov.get_mut(t)) {
                        e.add_mul(1.0, *x);
                    }
                }
            }
        }
        for (f, fam) in self.breaks.iter().enumerate() {
            let (Some((lo, b)), Some(d)) = (fam, inst.family_len.get(f)) else {
                continue;
            };
            for (k, v) in b.iter().enumerate() {
                for p in lo + k..lo + k + d {
                    if let Some(e) = inst.wrap(p).and_then(|t| cov.get_mut(t)) {
                        e.add_mul(-1.0, *v);
                    }
                }
            }
        }
        cov
    }

    /// All constraints: coverage, break assignment, group limits, the service cap.
    pub fn constraints(&self, inst: &Instance) -> Vec<Constraint> {
        let mut out = self.coverage_constraints(inst);
        out.extend(self.break_constraints(inst));
        out.extend(self.group_constraints(inst));
        out.extend(self.limit_constraint(inst));
        out
    }

    /// Coverage + shortfall - surplus meets the requirement; coverage within the cap.
    pub fn coverage_constraints(&self, inst: &Instance) -> Vec<Constraint> {
        let mut out = Vec::new();
        for (t, cov) in self.coverage(inst).into_iter().enumerate() {
            let r = inst.requirement.get(t).copied().unwrap_or(0.0);
            if let Some(cap) = inst.max_coverage.as_ref().and_then(|m| m.agents.get(t)) {
                out.push(constraint!(cov.clone() <= *cap));
            }
            let (Some(u), Some(o)) = (self.under.get(t), self.over.get(t)) else {
                continue;
            };
            match o {
                Some(o) => out.push(constraint!(cov + *u - *o == r)),
                None => out.push(constraint!(cov + *u >= r)),
            }
        }
        out
    }

    /// The implicit break rows (flow and deadline) of every family.
    pub fn break_constraints(&self, inst: &Instance) -> Vec<Constraint> {
        let mut out = Vec::new();
        let nf = self.breaks.len();
        // opens[f][k]: columns whose window opens at lo+k; open windows per position.
        for f in 0..nf {
            let (Some(Some((lo, b))), Some(Some(q))) = (self.breaks.get(f), self.backlog.get(f))
            else {
                continue;
            };
            let n = b.len();
            let mut opens: Vec<Expression> = (0..n).map(|_| Expression::default()).collect();
            let mut open_now: Vec<Expression> = (0..n).map(|_| Expression::default()).collect();
            for (c, x) in inst.columns.iter().zip(&self.x) {
                for s in c.breaks.iter().filter(|s| s.family == f) {
                    if let Some(e) = opens.get_mut(s.earliest - lo) {
                        e.add_mul(1.0, *x);
                    }
                    for p in s.earliest..s.latest {
                        if let Some(e) = open_now.get_mut(p - lo) {
                            e.add_mul(1.0, *x);
                        }
                    }
                }
            }
            for k in 0..n {
                let prev: Expression = if k == 0 {
                    Expression::default()
                } else {
                    q[k - 1].into()
                };
                let flow = prev + opens[k].clone() - b[k];
                out.push(constraint!(q[k] == flow));
                out.push(constraint!(q[k] <= open_now[k].clone()));
            }
        }
        out
    }

    /// Per-group minimum and maximum counts.
    pub fn group_constraints(&self, inst: &Instance) -> Vec<Constraint> {
        let mut out = Vec::new();
        for g in &inst.groups {
            let mut e = Expression::default();
            for &j in &g.columns {
                if let Some(x) = self.x.get(j) {
                    e.add_mul(1.0, *x);
                }
            }
            if let Some(max) = g.max {
                out.push(constraint!(e.clone() <= max as f64));
            }
            if g.min > 0 {
                out.push(constraint!(e >= g.min as f64));
            }
        }
        out
    }

    /// The headcount or budget cap of the service objective.
    pub fn limit_constraint(&self, inst: &Instance) -> Option<Constraint> {
        let limit = inst.limit?;
        let mut e = Expression::default();
        for (c, x) in inst.columns.iter().zip(&self.x) {
            match limit {
                Limit::Shifts(_) => e.add_mul(1.0, *x),
                Limit::Budget(_) => e.add_mul(c.cost, *x),
            }
        }
        Some(match limit {
            Limit::Shifts(n) => constraint!(e <= n as f64),
            Limit::Budget(b) => constraint!(e <= b),
        })
    }
}

/// Rows and columns of the relaxation (for the microlp measurements).
pub fn lp_size(vars: usize, constraints: &[Constraint]) -> LpSize {
    LpSize {
        columns: vars,
        rows: constraints.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use good_lp::{microlp, Solution, SolverModel};

    fn col(start: usize, brk: usize) -> Column {
        Column {
            cost: 1.0,
            segments: vec![(start, 4)],
            breaks: vec![BreakSlot {
                family: 0,
                earliest: brk,
                latest: brk,
            }],
            upper: None,
        }
    }

    /// Shift A works 0..4 with its break fixed at 1, shift B works 2..6 with its break fixed
    /// at 4. Breaks in the same family may not trade windows: intervals 1 and 4 stay short
    /// (objective 1 + 1 + 2 x 100). A model that only matched break totals would move A's
    /// break to 2 and B's to 3 and report 2.
    #[test]
    fn implicit_breaks_stay_in_their_windows() {
        let inst = Instance {
            horizon: 6,
            cyclic: false,
            requirement: vec![1.0; 6],
            under_weight: vec![100.0; 6],
            over_weight: vec![0.0; 6],
            max_coverage: None,
            columns: vec![col(0, 1), col(2, 4)],
            family_len: vec![1],
            groups: vec![],
            limit: None,
            cost_weight: 1.0,
        };
        let m = LpModel::new(&inst, false);
        let obj = m.objective(&inst);
        let cons = m.constraints(&inst);
        // 6 coverage rows + 2 rows per break position (positions 1..=4).
        assert_eq!(lp_size(m.vars.len(), &cons).rows, 6 + 2 * 4);
        let mut p = m.vars.minimise(obj.clone()).using(microlp);
        for c in cons {
            p.add_constraint(c);
        }
        let sol = p.solve().unwrap();
        assert!((sol.eval(&obj) - 202.0).abs() < 1e-6);
        assert!((sol.value(m.under[1]) - 1.0).abs() < 1e-6);
        assert!((sol.value(m.under[4]) - 1.0).abs() < 1e-6);
    }
}
