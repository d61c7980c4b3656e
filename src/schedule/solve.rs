//! Solving the covering model: LP relaxation -> rounding -> repair -> local search, and an
//! exact branch and bound (microlp's) where the instance is small enough to afford it.
//!
//! The interval structure of shift covering makes the LP relaxation nearly integral (Bartholdi
//! 1981: consecutive-ones columns are totally unimodular without breaks and caps), so rounding
//! down, repairing with the best additions and a local search land close to the LP bound. The
//! LP value is always a valid lower bound, and the reported gap is measured against it.

use super::model::{lp_size, Instance, LpModel, LpSize};
use super::search::{coverage_of, objective_of, State, Unit};
use good_lp::{
    microlp, ResolutionError, Solution, SolutionStatus, SolverModel, Variable, WithInitialSolution,
    WithTimeLimit,
};
use serde::Serialize;
use std::time::Duration;
use web_time::Instant;

/// Instances with at most this many columns are also given to microlp's branch and bound.
pub const EXACT_MAX_COLUMNS: usize = 400;

/// How the solver went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SolveStats {
    /// Objective of the schedule (shift cost plus penalties).
    pub objective: f64,
    /// Proven lower bound on the objective (LP relaxation, or the exact optimum).
    pub lower_bound: f64,
    /// `(objective - lower_bound) / objective` (0 when proven optimal).
    pub gap: f64,
    /// Whether the schedule is proven optimal.
    pub proven_optimal: bool,
    /// Which method produced the schedule.
    pub method: String,
    /// Size of the LP relaxation.
    pub lp_size: LpSize,
    /// Seconds spent in microlp on the LP relaxation.
    pub lp_seconds: f64,
    /// Seconds spent in microlp's branch and bound (0 when not run).
    pub exact_seconds: f64,
    /// Total seconds.
    pub seconds: f64,
    /// Notes for the planner (time limit hit, LP not solved, ...).
    pub notes: Vec<String>,
}

/// LP values: shift counts and break starts per family.
struct LpValues {
    objective: f64,
    x: Vec<f64>,
    breaks: Vec<Option<(usize, Vec<f64>)>>,
}

/// Values of every model variable for an integer schedule (a warm start for microlp).
fn warm_start(inst: &Instance, model: &LpModel, units: &[Unit]) -> Vec<(Variable, f64)> {
    let mut out = Vec::new();
    let mut count = vec![0.0; inst.columns.len()];
    for u in units {
        if let Some(c) = count.get_mut(u.column) {
            *c += 1.0;
        }
    }
    out.extend(model.x.iter().copied().zip(count));
    let cov = coverage_of(inst, units);
    for (t, u) in model.under.iter().enumerate() {
        let r = inst.requirement.get(t).copied().unwrap_or(0.0);
        let c = cov.get(t).copied().unwrap_or(0.0);
        out.push((*u, (r - c).max(0.0)));
        if let Some(Some(o)) = model.over.get(t) {
            out.push((*o, (c - r).max(0.0)));
        }
    }
    for (f, fam) in model.breaks.iter().enumerate() {
        let (Some((lo, b)), Some(Some(q))) = (fam, model.backlog.get(f)) else {
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
            out.push((q[k], backlog));
        }
    }
    out
}

fn run_lp(
    inst: &Instance,
    integer: bool,
    seconds: f64,
    start: Option<&[Unit]>,
) -> (Result<(LpValues, bool), ResolutionError>, LpSize) {
    let model = LpModel::new(inst, integer);
    let objective = model.objective(inst);
    let constraints = model.constraints(inst);
    let size = lp_size(model.vars.len(), &constraints);
    let hint = start.map(|units| warm_start(inst, &model, units));
    let LpModel {
        vars,
        x,
        breaks,
        under: _,
        over: _,
        backlog: _,
    } = model;
    let mut problem = vars
        .minimise(objective.clone())
        .using(microlp)
        .with_time_limit(seconds.max(0.001));
    if let Some(h) = hint {
        problem = problem.with_initial_solution(h);
    }
    for c in constraints {
        problem.add_constraint(c);
    }
    let res = problem.solve().map(|sol| {
        let proven = matches!(sol.status(), SolutionStatus::Optimal);
        let values = LpValues {
            objective: sol.eval(&objective),
            x: x.iter().map(|v| sol.value(*v)).collect(),
            breaks: breaks
                .iter()
                .map(|f| {
                    f.as_ref()
                        .map(|(lo, b)| (*lo, b.iter().map(|v| sol.value(*v)).collect()))
                })
                .collect(),
        };
        (values, proven)
    });
    (res, size)
}

/// Turn integer counts and break starts into units, matching breaks to shifts first come
/// first served within each family (valid because family windows are ordered).
fn units_from_counts(inst: &Instance, vals: &LpValues) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    for (j, x) in vals.x.iter().enumerate() {
        let n = (x + 1e-6).floor().max(0.0) as usize;
        if let Some(c) = inst.columns.get(j) {
            for _ in 0..n {
                units.push(Unit {
                    column: j,
                    breaks: c.breaks.iter().map(|b| b.earliest).collect(),
                });
            }
        }
    }
    for (f, fam) in vals.breaks.iter().enumerate() {
        let Some((lo, b)) = fam else { continue };
        let mut starts: Vec<usize> = Vec::new();
        for (k, v) in b.iter().enumerate() {
            let n = (v + 1e-6).floor().max(0.0) as usize;
            starts.extend(std::iter::repeat(lo + k).take(n));
        }
        let mut members: Vec<(usize, usize, usize)> = Vec::new();
        for (ui, u) in units.iter().enumerate() {
            if let Some(c) = inst.columns.get(u.column) {
                for (k, slot) in c.breaks.iter().enumerate() {
                    if slot.family == f {
                        members.push((slot.earliest, ui, k));
                    }
                }
            }
        }
        members.sort_unstable();
        for (&(_, ui, k), &p) in members.iter().zip(&starts) {
            if let Some(slot) = units
                .get(ui)
                .and_then(|u| inst.columns.get(u.column))
                .and_then(|c| c.breaks.get(k))
            {
                if p >= slot.earliest && p <= slot.latest {
                    units[ui].breaks[k] = p;
                }
            }
        }
    }
    units
}

/// Whether every objective coefficient is an integer, so a bound can be rounded up.
fn integral_objective(inst: &Instance) -> bool {
    let int = |v: f64| (v - v.round()).abs() < 1e-9;
    inst.columns.iter().all(|c| int(c.cost * inst.cost_weight))
        && inst.under_weight.iter().all(|w| int(*w))
        && inst.over_weight.iter().all(|w| int(*w))
        && inst.requirement.iter().all(|r| int(*r))
}

/// microlp's own branch and bound on the integer model (shift and break counts integer),
/// without the heuristics: the exact path used for small instances, public so that its cost on
/// large ones can be measured. Returns `None` when microlp found no solution in time.
pub fn solve_exact(inst: &Instance, time_limit: Duration) -> Option<(Vec<Unit>, SolveStats)> {
    let started = Instant::now();
    let (mip, size) = run_lp(inst, true, time_limit.as_secs_f64(), None);
    let (v, is_opt) = mip.ok()?;
    let units = units_from_counts(inst, &v);
    let obj = objective_of(inst, &units);
    let seconds = started.elapsed().as_secs_f64();
    Some((
        units,
        SolveStats {
            objective: obj,
            lower_bound: if is_opt { v.objective.min(obj) } else { 0.0 },
            gap: 0.0,
            proven_optimal: is_opt,
            method: "branch and bound (microlp)".into(),
            lp_size: size,
            lp_seconds: 0.0,
            exact_seconds: seconds,
            seconds,
            notes: Vec::new(),
        },
    ))
}

/// Solve `inst` within `time_limit`; returns the units of the best schedule and the stats.
pub fn solve(inst: &Instance, time_limit: Duration) -> (Vec<Unit>, SolveStats) {
    let started = Instant::now();
    let deadline = started + time_limit;
    let mut notes = Vec::new();

    // 1. LP relaxation: the bound, and the point to round.
    let lp_started = Instant::now();
    let (lp, size) = run_lp(inst, false, time_limit.as_secs_f64() * 0.6, None);
    let lp_seconds = lp_started.elapsed().as_secs_f64();
    let (lp_vals, mut lower_bound) = match lp {
        Ok((v, true)) => {
            let o = v.objective;
            (Some(v), o)
        }
        Ok((v, false)) => {
            notes.push("the LP relaxation stopped at the time limit; no bound".into());
            (Some(v), 0.0)
        }
        Err(e) => {
            notes.push(format!("the LP relaxation was not solved ({e}); no bound"));
            (None, 0.0)
        }
    };

    // 2. Round down, repair, improve.
    let mut state = State::new(inst);
    if let Some(v) = &lp_vals {
        for u in units_from_counts(inst, v) {
            state.add(u);
        }
        let mut frac: Vec<(f64, usize)> =
            v.x.iter()
                .enumerate()
                .map(|(j, x)| (x - (x + 1e-6).floor(), j))
                .filter(|(f, _)| *f > 1e-6)
                .collect();
        frac.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, j) in frac {
            if !state.can_add(j) {
                continue;
            }
            let (breaks, d) = state.best_insertion(j);
            if d < 0.0 {
                state.add(Unit { column: j, breaks });
            }
        }
    }
    state.fill_minimums();
    // Construction is not cut by the time limit (it only adds improving shifts, so it ends):
    // a planner always gets a schedule, even when the LP used up the budget.
    state.greedy_fill(started + Duration::from_secs(3600), usize::MAX);
    state.local_search(deadline, 30);
    let mut best_units = state.units.clone();
    let mut best_obj = objective_of(inst, &best_units);
    let mut method = if lp_vals.is_some() {
        "LP relaxation, rounding, repair, local search"
    } else {
        "greedy construction, local search (LP not solved)"
    }
    .to_string();

    // 3. Exact branch and bound where affordable.
    let mut exact_seconds = 0.0;
    // Small instances get the whole remaining budget; large ones a slice proportional to the
    // LP time, 0.3-1.2 s (a proof usually comes fast or not at all, and the week must stay
    // under 2 s natively / 5 s in wasm). Only a *proven* result is taken, so
    // the schedule does not depend on how far a timed-out search got (determinism).
    let remaining = deadline.saturating_duration_since(Instant::now());
    let exact_budget = if inst.columns.len() <= EXACT_MAX_COLUMNS {
        remaining.mul_f64(0.9)
    } else {
        remaining
            .mul_f64(0.9)
            .min(Duration::from_secs_f64((8.0 * lp_seconds).clamp(0.3, 1.2)))
    };
    if lp_vals.is_some()
        && exact_budget > Duration::from_millis(5)
        && best_obj - lower_bound > 1e-6 * best_obj.abs().max(1.0)
    {
        let t0 = Instant::now();
        let (mip, _) = run_lp(inst, true, exact_budget.as_secs_f64(), Some(&best_units));
        exact_seconds = t0.elapsed().as_secs_f64();
        match mip {
            Ok((v, true)) => {
                let units = units_from_counts(inst, &v);
                let obj = objective_of(inst, &units);
                lower_bound = lower_bound.max(v.objective.min(obj));
                if obj < best_obj - 1e-9 {
                    best_obj = obj;
                    best_units = units;
                    method = "branch and bound (microlp), warm-started by the local search".into();
                }
            }
            // No measured time in the message: a plan must not depend on the machine's speed.
            _ => notes.push(
                "branch and bound (microlp) did not prove optimality within its time budget; \
                 the gap is against the LP bound"
                    .to_string(),
            ),
        }
    }
    if integral_objective(inst) {
        lower_bound = (lower_bound - 1e-6).ceil();
    }
    lower_bound = lower_bound.min(best_obj);
    let proven = best_obj - lower_bound <= 1e-6 * best_obj.abs().max(1.0);
    let gap = if proven || best_obj <= 0.0 {
        0.0
    } else {
        ((best_obj - lower_bound) / best_obj).max(0.0)
    };
    if Instant::now() >= deadline {
        notes.push("stopped at the time limit".into());
    }
    best_units.sort();
    (
        best_units,
        SolveStats {
            objective: best_obj,
            lower_bound,
            gap,
            proven_optimal: proven,
            method,
            lp_size: size,
            lp_seconds,
            exact_seconds,
            seconds: started.elapsed().as_secs_f64(),
            notes,
        },
    )
}
