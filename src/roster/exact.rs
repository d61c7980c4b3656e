//! Exact rostering of small problems: the whole roster as one integer programme for microlp.
//!
//! Why: the anneal reaches the benchmark's cover structure reliably but the last few request
//! points (e.g. 1003 against the proven 1001 of Instance3) need several employees to change
//! together, which no local move finds. On small problems (a few hundred shift variables)
//! microlp's branch and bound, warm-started from the anneal's roster, closes that gap or proves
//! there is none. The model is the standard one for the benchmark (Curtois & Qu's formulation):
//! `x[e][d][s]` binary, cover slack under/over, and each hard rule as linear constraints over
//! work indicators `w[e][d] = sum_s x[e][d][s]`.
//!
//! Only problems whose rules are all hard and of the benchmark's kinds are modelled (the same
//! condition as [`row_dp::applies`] for every employee) and with no published roster to stay
//! close to; others return `None`.

// The model indexes x[employee][day][shift] by day and shift throughout; index loops read as
// the constraints they build.
#![allow(clippy::needless_range_loop)]

use super::problem::{Cells, Problem, OFF};
use super::row_dp;
use super::rules::weekend_of;
use good_lp::{
    constraint, variable, Expression, ProblemVariables, Solution, SolutionStatus, SolverModel,
    Variable,
};

/// Largest model attempted (shift variables); beyond it branch and bound is hopeless.
pub const MAX_VARIABLES: usize = 1200;

/// An exact attempt's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Exact {
    /// The roster found (every hard rule holds by construction; the caller re-checks).
    pub cells: Cells,
    /// Whether microlp proved it optimal within the time limit.
    pub proven: bool,
}

/// Whether the exact model applies to `p` (kinds of rules, size).
pub fn applies(p: &Problem) -> bool {
    p.change_weight == 0
        && p.employees
            .iter()
            .all(|e| e.reference.is_none() && row_dp::applies(p, e))
        && variable_count(p) <= MAX_VARIABLES
}

fn allowed(p: &Problem, e: usize, d: usize, s: usize) -> bool {
    let emp = &p.employees[e];
    !emp.day_off[d]
        && emp.max_shifts.get(s).copied().unwrap_or(0) > 0
        && emp.pinned[d].map_or(true, |x| x == s as u8)
}

fn variable_count(p: &Problem) -> usize {
    let ns = p.n_shifts();
    (0..p.employees.len())
        .map(|e| {
            (0..p.days)
                .map(|d| (0..ns).filter(|&s| allowed(p, e, d, s)).count())
                .sum::<usize>()
        })
        .sum()
}

/// Solve `p` exactly within `seconds`, warm-started from `start` (a feasible roster). Returns
/// `None` when the model does not apply or microlp finds nothing.
pub fn solve(p: &Problem, start: Option<&Cells>, seconds: f64) -> Option<Exact> {
    if !applies(p) {
        return None;
    }

    let ns = p.n_shifts();
    let days = p.days;
    let ne = p.employees.len();
    let mut vars = ProblemVariables::new();
    // x[e][d][s]: Some(variable) where the cell may take shift s.
    let x: Vec<Vec<Vec<Option<Variable>>>> = (0..ne)
        .map(|e| {
            (0..days)
                .map(|d| {
                    (0..ns)
                        .map(|s| allowed(p, e, d, s).then(|| vars.add(variable().binary())))
                        .collect()
                })
                .collect()
        })
        .collect();
    let work = |e: usize, d: usize| -> Expression {
        x[e][d].iter().flatten().map(|v| Expression::from(*v)).sum()
    };
    // The horizon's weekends as day lists (the rules' own weekend numbering).
    let mut weekends: Vec<Vec<usize>> = Vec::new();
    let mut last = u32::MAX;
    for d in 0..days {
        let w = weekend_of(p, d);
        if w == u32::MAX {
            continue;
        }
        if w != last {
            weekends.push(Vec::new());
            last = w;
        }
        if let Some(days) = weekends.last_mut() {
            days.push(d);
        }
    }
    let mut constraints = Vec::new();
    let mut objective = Expression::from(0.0);
    let mut weekend_vars: Vec<(usize, Vec<usize>, Variable)> = Vec::new();
    for (e, emp) in p.employees.iter().enumerate() {
        for d in 0..days {
            if x[e][d].iter().flatten().count() > 1 {
                constraints.push(constraint!(work(e, d) <= 1.0));
            }
            if let Some(pin) = emp.pinned[d] {
                if pin != OFF {
                    if let Some(v) = x[e][d].get(pin as usize).copied().flatten() {
                        constraints.push(constraint!(v == 1.0));
                    }
                }
            }
            for (s, w) in &emp.on_requests[d] {
                objective += *w as f64;
                if let Some(v) = x[e][d].get(*s as usize).copied().flatten() {
                    objective -= *w as f64 * v;
                }
            }
            for (s, w) in &emp.off_requests[d] {
                if let Some(v) = x[e][d].get(*s as usize).copied().flatten() {
                    objective += *w as f64 * v;
                }
            }
            for s in 0..ns {
                if let (Some(v), Some(&c)) = (x[e][d][s], emp.shift_cost.get(d * ns + s)) {
                    objective += c as f64 * v;
                }
            }
        }
        // Shift-type maxima and total minutes.
        for s in 0..ns {
            let m = emp.max_shifts.get(s).copied().unwrap_or(0);
            if m > 0 && (m as usize) < days {
                let n: Expression = (0..days)
                    .filter_map(|d| x[e][d][s])
                    .map(Expression::from)
                    .sum();
                constraints.push(constraint!(n <= m as f64));
            }
        }
        let xe = &x[e];
        let minutes: Expression = (0..days)
            .flat_map(|d| (0..ns).filter_map(move |s| xe[d][s].map(|v| (s, v))))
            .map(|(s, v)| p.shifts[s].minutes as f64 * v)
            .sum();
        constraints.push(constraint!(minutes.clone() <= emp.max_minutes as f64));
        if emp.min_minutes > 0 {
            constraints.push(constraint!(minutes >= emp.min_minutes as f64));
        }
        // Forbidden successions.
        for d in 0..days.saturating_sub(1) {
            for a in 0..ns {
                for b in 0..ns {
                    if let (true, Some(va), Some(vb)) =
                        (p.is_forbidden(a as u8, b as u8), x[e][d][a], x[e][d + 1][b])
                    {
                        constraints.push(constraint!(va + vb <= 1.0));
                    }
                }
            }
        }
        // Max consecutive working days: every window of max + 1 days has a day off.
        let cmax = emp.max_consecutive as usize;
        if cmax > 0 && cmax < days {
            for d0 in 0..days - cmax {
                let n: Expression = (d0..=d0 + cmax).map(|d| work(e, d)).sum();
                constraints.push(constraint!(n <= cmax as f64));
            }
        }
        // Min consecutive work (off) blocks: no block of length l < min bounded on both sides.
        for l in 1..emp.min_consecutive as usize {
            for d in 0..days.saturating_sub(l + 1) {
                let inner: Expression = (d + 1..=d + l).map(|j| work(e, j)).sum();
                constraints.push(constraint!(
                    work(e, d) - inner + work(e, d + l + 1) >= 1.0 - l as f64
                ));
            }
        }
        for l in 1..emp.min_consecutive_off as usize {
            for d in 0..days.saturating_sub(l + 1) {
                let inner: Expression = (d + 1..=d + l).map(|j| work(e, j)).sum();
                constraints.push(constraint!(inner - work(e, d) - work(e, d + l + 1) >= -1.0));
            }
        }
        // Weekends: one indicator per weekend, at least each worked weekend day.
        if (emp.max_weekends as usize) < weekends.len() {
            let mut total = Expression::from(0.0);
            for w in weekends.iter().cloned() {
                let k = vars.add(variable().binary());
                for &d in &w {
                    constraints.push(constraint!(k - work(e, d) >= 0.0));
                }
                total += k;
                weekend_vars.push((e, w, k));
            }
            constraints.push(constraint!(total <= emp.max_weekends as f64));
        }
    }
    // Cover with slack.
    let mut slack: Vec<(Variable, Variable)> = Vec::with_capacity(days * ns);
    for d in 0..days {
        for s in 0..ns {
            let c = p.cover[d * ns + s];
            let under = vars.add(variable().min(0.0));
            let over = vars.add(variable().min(0.0));
            let n: Expression = (0..ne)
                .filter_map(|e| x[e][d][s])
                .map(Expression::from)
                .sum();
            constraints.push(constraint!(n + under - over == c.requirement as f64));
            objective += c.under_weight as f64 * under + c.over_weight as f64 * over;
            slack.push((under, over));
        }
    }
    // Warm start: the given roster's values.
    let hint: Option<Vec<(Variable, f64)>> = start.map(|cells| {
        let mut h = Vec::new();
        let mut counts = vec![0u32; days * ns];
        for e in 0..ne {
            for d in 0..days {
                let v = cells.get(e).and_then(|r| r.get(d)).copied().unwrap_or(OFF);
                if v != OFF && (v as usize) < ns {
                    counts[d * ns + v as usize] += 1;
                }
                for s in 0..ns {
                    if let Some(var) = x[e][d][s] {
                        h.push((var, if v as usize == s { 1.0 } else { 0.0 }));
                    }
                }
            }
        }
        for (e, w, k) in &weekend_vars {
            let worked = w.iter().any(|&d| {
                cells
                    .get(*e)
                    .and_then(|r| r.get(d))
                    .is_some_and(|&v| v != OFF)
            });
            h.push((*k, if worked { 1.0 } else { 0.0 }));
        }
        for (i, (under, over)) in slack.iter().enumerate() {
            let req = p.cover[i].requirement;
            h.push((*under, req.saturating_sub(counts[i]) as f64));
            h.push((*over, counts[i].saturating_sub(req) as f64));
        }
        h
    });
    let sol = crate::lp::microlp_model(vars, objective, constraints, seconds, hint)
        .solve()
        .ok()?;
    let proven = matches!(sol.status(), SolutionStatus::Optimal);
    let cells = (0..ne)
        .map(|e| {
            (0..days)
                .map(|d| {
                    (0..ns)
                        .find(|&s| x[e][d][s].is_some_and(|v| sol.value(v) > 0.5))
                        .map_or(OFF, |s| s as u8)
                })
                .collect()
        })
        .collect();
    Some(Exact { cells, proven })
}
