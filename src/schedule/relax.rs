//! The covering model stated directly for microlp: the LP relaxation that gives the bound and
//! guides the heuristics, and the integer programme of the sub-MIPs and of branch and bound.
//!
//! The model is the one of [`super::model`] (implicit breaks after Bechtold & Jacobs 1990 and
//! Aykin 1996). It is written against microlp's own API rather than through good_lp because
//! the solver needs what good_lp does not expose: the simplex pivot count (the work the budget
//! charges), the node limit of microlp's branch and bound (deterministic, unlike its time
//! limit), and the LP [`microlp::Solution`] itself, which is cloned and re-solved by dual
//! simplex after each fixing during a dive.

use super::budget::Budget;
use super::model::{Instance, Limit, LpSize};
use super::search::{coverage_of, Unit};
use microlp::{
    ComparisonOp, OptimizationDirection, Problem, ResumeOptions, SolveOptions, SolveOutcome,
    TerminationReason, Variable,
};

/// Largest integer bound handed to microlp (its integer variables take `i32` bounds).
const INT_INF: i32 = i32::MAX;

/// The model's variables and the microlp problem.
#[derive(Clone)]
pub struct Relaxation {
    /// The problem (minimise).
    pub problem: Problem,
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
    /// Skill transfers `(pool, queue, interval, variable)`: agents of a pool serving a queue
    /// (empty without skills).
    pub transfer: Vec<(usize, usize, usize, Variable)>,
    /// Shortfall per queue and interval (empty without skills).
    pub queue_under: Vec<Vec<Variable>>,
    /// Every variable in creation order (microlp's index).
    pub vars: Vec<Variable>,
    /// Rows and columns.
    pub size: LpSize,
    /// Non-zeros of the constraint matrix.
    pub nonzeros: usize,
}

/// A row under construction: (variable index, coefficient), merged before it is added.
struct Row(Vec<(usize, f64)>);

impl Row {
    fn new() -> Row {
        Row(Vec::new())
    }
    fn add(&mut self, v: Variable, c: f64) {
        self.0.push((v.idx(), c));
    }
    /// Terms sorted by variable with duplicates summed (microlp panics on a repeated variable).
    fn terms(mut self, vars: &[Variable]) -> Vec<(Variable, f64)> {
        self.0.sort_by_key(|a| a.0);
        let mut out: Vec<(Variable, f64)> = Vec::with_capacity(self.0.len());
        let mut last: Option<usize> = None;
        for (i, c) in self.0 {
            if last == Some(i) {
                if let Some(t) = out.last_mut() {
                    t.1 += c;
                }
            } else if let Some(v) = vars.get(i) {
                out.push((*v, c));
                last = Some(i);
            }
        }
        out.retain(|t| t.1 != 0.0);
        out
    }
}

/// Bounds of the shift-count variables of a sub-problem: `(lower, upper)` per column.
pub type ColumnBounds = [(f64, f64)];

impl Relaxation {
    /// The model of `inst`; `integer` makes shift and break counts integer; `bounds`
    /// narrows the shift counts (fixings of a sub-MIP).
    pub fn new(inst: &Instance, integer: bool, bounds: Option<&ColumnBounds>) -> Relaxation {
        let mut p = Problem::new(OptimizationDirection::Minimize);
        let mut vars = Vec::new();
        let mut x = Vec::with_capacity(inst.columns.len());
        for (j, c) in inst.columns.iter().enumerate() {
            let (mut lo, mut hi): (f64, f64) = (0.0, c.upper.map_or(f64::INFINITY, f64::from));
            if let Some((l, h)) = bounds.and_then(|b| b.get(j)) {
                lo = lo.max(*l);
                hi = hi.min(*h);
            }
            if hi < lo {
                hi = lo;
            }
            let cost = c.cost * inst.cost_weight;
            let v = if integer {
                let hi = if hi.is_finite() {
                    hi.min(INT_INF as f64) as i32
                } else {
                    INT_INF
                };
                p.add_integer_var(cost, (lo.min(INT_INF as f64) as i32, hi))
            } else {
                p.add_var(cost, (lo, hi))
            };
            vars.push(v);
            x.push(v);
        }
        let mut under = Vec::with_capacity(inst.horizon);
        let mut over = Vec::with_capacity(inst.horizon);
        let mut transfer = Vec::new();
        let mut queue_under = Vec::new();
        if let Some(sk) = &inst.skills {
            for (g, qs) in sk.pool_skills.iter().enumerate() {
                for &q in qs {
                    for t in 0..inst.horizon {
                        let y = p.add_var(0.0, (0.0, f64::INFINITY));
                        vars.push(y);
                        transfer.push((g, q, t, y));
                    }
                }
            }
            for w in &sk.under_weight {
                let mut row = Vec::with_capacity(inst.horizon);
                for t in 0..inst.horizon {
                    let u = p.add_var(w.get(t).copied().unwrap_or(0.0), (0.0, f64::INFINITY));
                    vars.push(u);
                    row.push(u);
                }
                queue_under.push(row);
            }
        }
        for t in (0..inst.horizon).filter(|_| inst.skills.is_none()) {
            let w = inst.under_weight.get(t).copied().unwrap_or(0.0);
            let u = p.add_var(w, (0.0, f64::INFINITY));
            vars.push(u);
            under.push(u);
            let ow = inst.over_weight.get(t).copied().unwrap_or(0.0);
            over.push((ow > 0.0).then(|| {
                let o = p.add_var(ow, (0.0, f64::INFINITY));
                vars.push(o);
                o
            }));
        }
        let mut breaks = Vec::new();
        let mut backlog = Vec::new();
        for f in 0..inst.family_len.len() {
            match inst.family_span(f) {
                None => {
                    breaks.push(None);
                    backlog.push(None);
                }
                Some((lo, hi)) => {
                    let n = hi - lo + 1;
                    let mut b = Vec::with_capacity(n);
                    let mut q = Vec::with_capacity(n);
                    for _ in 0..n {
                        let v = if integer {
                            p.add_integer_var(0.0, (0, INT_INF))
                        } else {
                            p.add_var(0.0, (0.0, f64::INFINITY))
                        };
                        vars.push(v);
                        b.push(v);
                        let w = p.add_var(0.0, (0.0, f64::INFINITY));
                        vars.push(w);
                        q.push(w);
                    }
                    breaks.push(Some((lo, b)));
                    backlog.push(Some(q));
                }
            }
        }
        let mut rel = Relaxation {
            problem: p,
            x,
            under,
            over,
            breaks,
            backlog,
            transfer,
            queue_under,
            vars,
            size: LpSize::default(),
            nonzeros: 0,
        };
        rel.add_rows(inst);
        rel
    }

    fn push(&mut self, row: Row, op: ComparisonOp, rhs: f64) {
        let terms = row.terms(&self.vars);
        if terms.is_empty() {
            return;
        }
        self.nonzeros += terms.len();
        self.size.rows += 1;
        self.problem.add_constraint(terms, op, rhs);
    }

    fn add_rows(&mut self, inst: &Instance) {
        self.size.columns = self.vars.len();
        // Coverage per pool: shifts at work minus agents on break.
        let pools = inst.skills.as_ref().map_or(1, |sk| sk.pools.max(1));
        let pool_of = |j: usize| {
            inst.skills
                .as_ref()
                .and_then(|sk| sk.column_pool.get(j).copied())
                .unwrap_or(0)
        };
        let mut fam_pool = vec![0usize; inst.family_len.len()];
        for (j, c) in inst.columns.iter().enumerate() {
            for b in &c.breaks {
                if let Some(p) = fam_pool.get_mut(b.family) {
                    *p = pool_of(j);
                }
            }
        }
        let mut cov: Vec<Vec<Row>> = (0..pools)
            .map(|_| (0..inst.horizon).map(|_| Row::new()).collect())
            .collect();
        for (j, (c, x)) in inst.columns.iter().zip(&self.x).enumerate() {
            let Some(rows) = cov.get_mut(pool_of(j)) else {
                continue;
            };
            for &(s, len) in &c.segments {
                for p in s..s + len {
                    if let Some(r) = inst.wrap(p).and_then(|t| rows.get_mut(t)) {
                        r.add(*x, 1.0);
                    }
                }
            }
        }
        for (f, fam) in self.breaks.iter().enumerate() {
            let (Some((lo, b)), Some(d)) = (fam, inst.family_len.get(f)) else {
                continue;
            };
            let Some(rows) = fam_pool.get(f).and_then(|p| cov.get_mut(*p)) else {
                continue;
            };
            for (k, v) in b.iter().enumerate() {
                for p in lo + k..lo + k + d {
                    if let Some(r) = inst.wrap(p).and_then(|t| rows.get_mut(t)) {
                        r.add(*v, -1.0);
                    }
                }
            }
        }
        let caps = inst.max_coverage.as_ref().map(|m| &m.agents);
        if let Some(sk) = &inst.skills {
            // Skill transfers: a pool's agents on duty are split among its queues, and each
            // queue's requirement is met by the pools that serve it (or priced as shortfall).
            if let Some(caps) = caps {
                for (t, cap) in caps.iter().enumerate().take(inst.horizon) {
                    let mut total = Row::new();
                    for rows in &cov {
                        if let Some(r) = rows.get(t) {
                            total.0.extend(r.0.iter().copied());
                        }
                    }
                    self.push(total, ComparisonOp::Le, *cap);
                }
            }
            let mut queue_rows: Vec<Vec<Row>> = (0..sk.requirement.len())
                .map(|_| (0..inst.horizon).map(|_| Row::new()).collect())
                .collect();
            for &(g, q, t, y) in &self.transfer {
                if let Some(r) = cov.get_mut(g).and_then(|rows| rows.get_mut(t)) {
                    r.add(y, -1.0);
                }
                if let Some(r) = queue_rows.get_mut(q).and_then(|rows| rows.get_mut(t)) {
                    r.add(y, 1.0);
                }
            }
            for rows in cov {
                for row in rows {
                    self.push(row, ComparisonOp::Ge, 0.0);
                }
            }
            for (q, rows) in queue_rows.into_iter().enumerate() {
                for (t, mut row) in rows.into_iter().enumerate() {
                    if let Some(u) = self.queue_under.get(q).and_then(|u| u.get(t)) {
                        row.add(*u, 1.0);
                    }
                    let r = sk
                        .requirement
                        .get(q)
                        .and_then(|r| r.get(t))
                        .copied()
                        .unwrap_or(0.0);
                    self.push(row, ComparisonOp::Ge, r);
                }
            }
        } else {
            for (t, row) in cov
                .into_iter()
                .next()
                .unwrap_or_default()
                .into_iter()
                .enumerate()
            {
                let r = inst.requirement.get(t).copied().unwrap_or(0.0);
                if let Some(cap) = caps.and_then(|a| a.get(t)) {
                    self.push(Row(row.0.clone()), ComparisonOp::Le, *cap);
                }
                let mut row = row;
                if let Some(u) = self.under.get(t) {
                    row.add(*u, 1.0);
                }
                match self.over.get(t).copied().flatten() {
                    Some(o) => {
                        row.add(o, -1.0);
                        self.push(row, ComparisonOp::Eq, r);
                    }
                    None => self.push(row, ComparisonOp::Ge, r),
                }
            }
        }
        // Implicit breaks: flow and deadline rows per family and break start.
        for f in 0..self.breaks.len() {
            let (Some(Some((lo, b))), Some(Some(q))) = (self.breaks.get(f), self.backlog.get(f))
            else {
                continue;
            };
            let (lo, b, q) = (*lo, b.clone(), q.clone());
            let n = b.len();
            let mut opens: Vec<Vec<Variable>> = vec![Vec::new(); n];
            let mut open_now: Vec<Vec<Variable>> = vec![Vec::new(); n];
            for (c, x) in inst.columns.iter().zip(&self.x) {
                for s in c.breaks.iter().filter(|s| s.family == f) {
                    if let Some(e) = s.earliest.checked_sub(lo).and_then(|k| opens.get_mut(k)) {
                        e.push(*x);
                    }
                    for p in s.earliest..s.latest {
                        if let Some(e) = p.checked_sub(lo).and_then(|k| open_now.get_mut(k)) {
                            e.push(*x);
                        }
                    }
                }
            }
            for k in 0..n {
                // q[k] = q[k-1] + opens[k] - b[k]
                let mut flow = Row::new();
                flow.add(q[k], 1.0);
                if k > 0 {
                    flow.add(q[k - 1], -1.0);
                }
                for x in &opens[k] {
                    flow.add(*x, -1.0);
                }
                flow.add(b[k], 1.0);
                self.push(flow, ComparisonOp::Eq, 0.0);
                // q[k] <= members whose window is open at k
                let mut deadline = Row::new();
                deadline.add(q[k], 1.0);
                for x in &open_now[k] {
                    deadline.add(*x, -1.0);
                }
                self.push(deadline, ComparisonOp::Le, 0.0);
            }
        }
        // Count limits per group (a template on a day).
        for g in &inst.groups {
            let mut row = Row::new();
            for (k, &j) in g.columns.iter().enumerate() {
                if let Some(x) = self.x.get(j) {
                    row.add(*x, g.weight(k));
                }
            }
            if let Some(max) = g.max {
                self.push(Row(row.0.clone()), ComparisonOp::Le, max as f64);
            }
            if g.min > 0 {
                self.push(row, ComparisonOp::Ge, g.min as f64);
            }
        }
        if let Some(limit) = inst.limit {
            let mut row = Row::new();
            for (c, x) in inst.columns.iter().zip(&self.x) {
                match limit {
                    Limit::Shifts(_) => row.add(*x, 1.0),
                    Limit::Budget(_) => row.add(*x, c.cost),
                }
            }
            let rhs = match limit {
                Limit::Shifts(n) => n as f64,
                Limit::Budget(b) => b,
            };
            self.push(row, ComparisonOp::Le, rhs);
        }
    }

    /// Work units of one simplex pivot on this model.
    pub fn pivot_cost(&self) -> u64 {
        (self.size.rows + self.size.columns) as u64
    }

    /// Values of shift counts and break starts in `sol`.
    pub fn values(&self, sol: &microlp::Solution) -> LpValues {
        LpValues {
            objective: sol.objective(),
            transfer: self
                .transfer
                .iter()
                .map(|t| sol.var_value_raw(t.3))
                .collect(),
            queue_under: self
                .queue_under
                .iter()
                .map(|r| r.iter().map(|v| sol.var_value_raw(*v)).collect())
                .collect(),
            x: self.x.iter().map(|v| sol.var_value_raw(*v)).collect(),
            breaks: self
                .breaks
                .iter()
                .map(|f| {
                    f.as_ref()
                        .map(|(lo, b)| (*lo, b.iter().map(|v| sol.var_value_raw(*v)).collect()))
                })
                .collect(),
        }
    }

    /// Values of every variable for an integer schedule: a warm start for microlp's branch
    /// and bound (it checks the hint and ignores an infeasible one).
    pub fn warm_start(&self, inst: &Instance, units: &[Unit]) -> Vec<(Variable, f64)> {
        let mut out = Vec::new();
        let mut count = vec![0.0; inst.columns.len()];
        for u in units {
            if let Some(c) = count.get_mut(u.column) {
                *c += 1.0;
            }
        }
        out.extend(self.x.iter().copied().zip(count));
        let skills = inst.skills.is_some();
        let cov = coverage_of(inst, units);
        // With skills the hint is partial (shift and break counts): microlp completes the
        // transfers and slacks by LP.
        for (t, u) in self.under.iter().enumerate().filter(|_| !skills) {
            let r = inst.requirement.get(t).copied().unwrap_or(0.0);
            let c = cov.get(t).copied().unwrap_or(0.0);
            out.push((*u, (r - c).max(0.0)));
            if let Some(Some(o)) = self.over.get(t) {
                out.push((*o, (c - r).max(0.0)));
            }
        }
        for (f, fam) in self.breaks.iter().enumerate() {
            let (Some((lo, b)), Some(Some(q))) = (fam, self.backlog.get(f)) else {
                continue;
            };
            let n = b.len();
            let mut starts = vec![0.0; n];
            let mut opens = vec![0.0; n];
            for u in units {
                let Some(c) = inst.columns.get(u.column) else {
                    continue;
                };
                for (slot, &p) in c.breaks.iter().zip(&u.breaks) {
                    if slot.family == f {
                        if let Some(v) = p.checked_sub(*lo).and_then(|k| starts.get_mut(k)) {
                            *v += 1.0;
                        }
                        if let Some(v) = slot
                            .earliest
                            .checked_sub(*lo)
                            .and_then(|k| opens.get_mut(k))
                        {
                            *v += 1.0;
                        }
                    }
                }
            }
            let mut backlog = 0.0;
            for k in 0..n {
                backlog += opens[k] - starts[k];
                out.push((b[k], starts[k]));
                if !skills {
                    out.push((q[k], backlog));
                }
            }
        }
        out
    }
}

/// LP (or integer) values: objective, shift counts and break starts per family.
#[derive(Debug, Clone)]
pub struct LpValues {
    /// Objective value.
    pub objective: f64,
    /// Shift count per column.
    pub x: Vec<f64>,
    /// Break starts per family: (first position, count per position).
    pub breaks: Vec<Option<(usize, Vec<f64>)>>,
    /// Skill transfers, aligned with [`Relaxation::transfer`] (empty without skills).
    pub transfer: Vec<f64>,
    /// Shortfall per queue and interval (empty without skills).
    pub queue_under: Vec<Vec<f64>>,
}

/// How an LP solve ended.
pub enum LpOutcome {
    /// Solved to optimality.
    Solved(Box<microlp::Solution>),
    /// The time cap fired first.
    TimeCap,
    /// microlp failed (infeasible or numerical trouble), with its message.
    Failed(String),
}

/// Solve the LP relaxation, charging its pivots.
pub fn solve_lp(rel: &Relaxation, budget: &mut Budget) -> LpOutcome {
    budget.charge(rel.nonzeros as u64);
    let mut opts = SolveOptions::default();
    opts.time_limit = budget.time_left();
    match rel.problem.solve_with(opts) {
        Ok(out) => {
            budget.charge(out.stats().lp_iterations.saturating_mul(rel.pivot_cost()));
            match out {
                SolveOutcome::Solution(s) => LpOutcome::Solved(Box::new(s)),
                SolveOutcome::Interrupted(_) => {
                    budget.note_cap_hit();
                    LpOutcome::TimeCap
                }
            }
        }
        Err(e) => LpOutcome::Failed(e.to_string()),
    }
}

/// The result of a budgeted branch and bound.
pub struct MipResult {
    /// Values of the best integer solution found (`None`: none).
    pub values: Option<LpValues>,
    /// Proven lower bound (`None`: root not solved).
    pub bound: Option<f64>,
    /// Whether optimality (or the gap) was proven.
    pub proven: bool,
    /// Whether it stopped at the requested relative gap.
    pub gap_reached: bool,
}

/// Nodes of branch and bound between two looks at the budget.
const NODES_PER_CHUNK: u64 = 8;

/// microlp's branch and bound on `rel` (built with `integer: true`), warm-started from
/// `hint`, stopping at relative gap `gap`, proof, or when `budget`'s stage runs out; the node
/// limit makes it deterministic.
pub fn solve_mip(
    rel: &Relaxation,
    hint: Option<Vec<(Variable, f64)>>,
    gap: f64,
    budget: &mut Budget,
) -> MipResult {
    let mut res = MipResult {
        values: None,
        bound: None,
        proven: false,
        gap_reached: false,
    };
    budget.charge(rel.nonzeros as u64);
    if budget.exhausted() {
        return res;
    }
    let mut opts = SolveOptions::default();
    opts.time_limit = budget.time_left();
    opts.node_limit = Some(NODES_PER_CHUNK);
    opts.mip_gap = gap.max(0.0);
    opts.warm_start = hint;
    let mut out = match rel.problem.solve_with(opts) {
        Ok(o) => o,
        Err(_) => return res,
    };
    let mut charged = 0u64;
    loop {
        let stats = out.stats();
        let pivots = stats.lp_iterations;
        budget.charge(
            pivots
                .saturating_sub(charged)
                .saturating_mul(rel.pivot_cost()),
        );
        charged = pivots;
        res.bound = stats.best_bound;
        let reason = out.termination_reason();
        if let Some(s) = out.solution() {
            res.values = Some(rel.values(s));
        }
        match reason {
            TerminationReason::ProvenOptimal => {
                res.proven = true;
                break;
            }
            TerminationReason::MipGap => {
                res.gap_reached = true;
                break;
            }
            TerminationReason::NodeLimit => {
                if budget.exhausted() {
                    break;
                }
                let mut r = ResumeOptions::default();
                r.node_limit = Some(NODES_PER_CHUNK);
                r.time_limit = budget.time_left();
                r.mip_gap = (gap > 0.0).then_some(gap);
                out = match out.resume_with(r) {
                    Ok(o) => o,
                    Err(_) => break,
                };
            }
            _ => {
                budget.note_cap_hit();
                break;
            }
        }
    }
    res
}
