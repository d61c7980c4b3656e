//! Solving the covering model: LP relaxation -> three integer starts (the LP rounded down,
//! rounded up, and an LP dive that fixes fractional shift counts up and re-solves) -> break
//! re-placement, repair, local search on each -> the best, and an exact branch and bound
//! (microlp's) where the instance is small enough to afford it.
//!
//! The interval structure of shift covering makes the LP relaxation nearly integral (Bartholdi
//! 1981: consecutive-ones columns are totally unimodular without breaks and caps), so rounding
//! down, repairing with the best additions and a local search land close to the LP bound when
//! few counts are fractional. When many are (the shop week: 46 of 126, 12% lost by rounding
//! down), the dive recovers it: each re-solve re-places the breaks around the fixed shifts,
//! which a greedy repair cannot. The LP value is always a valid lower bound, and the reported
//! gap is measured against it.

use super::model::{lp_size, Instance, LpModel, LpSize};
use super::search::{coverage_of, objective_of, State, Unit};
use good_lp::{ResolutionError, Solution, SolutionStatus, SolverModel, Variable};
use serde::Serialize;
use std::time::Duration;
use web_time::Instant;

/// Instances with at most this many columns (and an LP of at most [`EXACT_MAX_LP_VARS`]
/// variables) get the whole remaining budget for microlp's branch and bound.
pub const EXACT_MAX_COLUMNS: usize = 400;

/// Most LP variables (shifts, slacks, break starts, backlogs) of an instance given the whole
/// remaining budget for branch and bound: few shifts with wide break windows make a large
/// model (126 shifts, 4,000 variables for a week at 30 minutes) that microlp rarely proves
/// in seconds, so those get the capped slice of the large instances.
pub const EXACT_MAX_LP_VARS: usize = 1600;

/// Most LP variables for the dive (each of its up to 30 re-solves costs about one LP: a week
/// at 15 minutes with 6 templates, 8,500 variables, dives in under a second; the 24-template
/// week, 13,400 variables and 0.3-0.8 s an LP, would take seconds).
pub const DIVE_MAX_LP_VARS: usize = 10_000;

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
    lower: &[f64],
) -> (Result<(LpValues, bool), ResolutionError>, LpSize) {
    let model = LpModel::new(inst, integer);
    let objective = model.objective(inst);
    let mut constraints = model.constraints(inst);
    for (x, l) in model.x.iter().zip(lower) {
        if *l > 0.0 {
            constraints.push(good_lp::Expression::from(*x).geq(*l));
        }
    }
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
    let problem = crate::lp::microlp_model(vars, objective.clone(), constraints, seconds, hint);
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
        // Cumulative rounding: the i-th break (in start order) goes where the LP's running
        // break total first reaches i + 1/2, so fractional break counts spread over the
        // window are not lost (flooring each count left members at their earliest start).
        let mut starts: Vec<usize> = Vec::new();
        let mut cum = 0.0;
        for (k, v) in b.iter().enumerate() {
            cum += v.max(0.0);
            let n = (cum + 0.5 - 1e-6).floor().max(0.0) as usize;
            while starts.len() < n {
                starts.push(lo + k);
            }
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
                let p = p.clamp(slot.earliest, slot.latest);
                if let Some(v) = units.get_mut(ui).and_then(|u| u.breaks.get_mut(k)) {
                    *v = p;
                }
            }
        }
    }
    units
}

/// Dive from the LP solution `v`: fix the largest fractional counts up (at least one, at
/// most a third of them, each with a fractional part of at least a half when there are
/// several; never past a column bound or a group maximum), re-solve, repeat until integral.
/// `None` when nothing is fractional, an LP fails or the slice (30 re-solves; half the time
/// left as a safety cap) runs out. Only run on LPs of at most [`DIVE_MAX_LP_VARS`] variables,
/// so that whether it runs does not depend on the machine's speed.
fn dive(inst: &Instance, v: &LpValues, deadline: Instant, lp_seconds: f64) -> Option<LpValues> {
    let left = deadline.saturating_duration_since(Instant::now());
    let stop = Instant::now() + left / 2;
    let mut lower = vec![0.0; v.x.len()];
    let mut cur: Option<LpValues> = None;
    for _ in 0..30 {
        let x = cur.as_ref().map_or(&v.x, |c| &c.x);
        let mut frac: Vec<(f64, usize)> = x
            .iter()
            .enumerate()
            .map(|(j, x)| (x - (x + 1e-6).floor(), j))
            .filter(|(f, _)| *f > 1e-6)
            .collect();
        if frac.is_empty() {
            return cur;
        }
        frac.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let take = (frac.len() / 3).max(1);
        let mut raised = 0;
        for &(f, j) in &frac {
            if raised > 0 && (raised >= take || f < 0.5) {
                break;
            }
            let (Some(&old), Some(xv)) = (lower.get(j), x.get(j)) else {
                continue;
            };
            let up = (xv - 1e-6).ceil();
            // Stay within the column's bound and its groups' maximums (raising every
            // fractional member of a full group would make the LP infeasible).
            let fits = inst
                .columns
                .get(j)
                .is_some_and(|c| c.upper.map_or(true, |u| up <= u as f64))
                && inst.groups.iter().all(|g| {
                    !g.columns.contains(&j)
                        || g.max.map_or(true, |m| {
                            let s: f64 = g.columns.iter().filter_map(|&k| lower.get(k)).sum();
                            s - old + up <= m as f64 + 1e-9
                        })
                });
            if fits {
                if let Some(l) = lower.get_mut(j) {
                    *l = up;
                    raised += 1;
                }
            }
        }
        if raised == 0 {
            // Every fractional count sits in a full group: stop here, rounding takes over.
            return cur;
        }
        let remaining = stop.saturating_duration_since(Instant::now());
        if remaining.as_secs_f64() < lp_seconds {
            return None;
        }
        match run_lp(inst, false, remaining.as_secs_f64(), None, &lower).0 {
            Ok((next, true)) => cur = Some(next),
            _ => return None,
        }
    }
    None
}

/// Add back, most fractional first, the LP's fractional shifts that improve the objective.
fn add_fractional(state: &mut State, v: &LpValues) {
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
    let (mip, size) = run_lp(inst, true, time_limit.as_secs_f64(), None, &[]);
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
    let (lp, size) = run_lp(inst, false, time_limit.as_secs_f64() * 0.6, None, &[]);
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

    // 2. Round, repair, improve: from the LP rounded down (then the fractional shifts that
    // pay for themselves added back), and from the LP rounded up (every fractional shift
    // taken, the redundant ones then dropped by the local search); the better one is kept.
    // Rounding down alone loses a lot when many shift counts are fractional and shortfall is
    // dear: the holes it leaves are patched one greedy shift at a time.
    let mut starts: Vec<Vec<Unit>> = Vec::new();
    if let Some(v) = &lp_vals {
        starts.push(units_from_counts(inst, v));
        let up = LpValues {
            objective: v.objective,
            x: v.x.iter().map(|x| (x - 1e-6).ceil().max(0.0)).collect(),
            breaks: v.breaks.clone(),
        };
        if up.x
            != v.x
                .iter()
                .map(|x| (x + 1e-6).floor().max(0.0))
                .collect::<Vec<_>>()
        {
            starts.push(units_from_counts(inst, &up));
        }
    } else {
        starts.push(Vec::new());
    }
    // Then, unless a rounding already meets the LP bound, a dive: raise the lower bounds of
    // the most fractional-up shift counts to their ceiling and re-solve the LP until the
    // counts are integral; the LP re-places the breaks around each fixed shift (cheap: a
    // re-solve costs about one LP, and a dive fixes a third of the fractional counts a step).
    let n_rounded = starts.len();
    let mut best: Option<(f64, Vec<Unit>, bool)> = None;
    for si in 0..=n_rounded {
        let units = match starts.get_mut(si) {
            Some(u) => std::mem::take(u),
            None => {
                let open = best
                    .as_ref()
                    .map_or(true, |b| b.0 - lower_bound > 1e-6 * b.0.abs().max(1.0));
                match (&lp_vals, open && size.columns <= DIVE_MAX_LP_VARS) {
                    (Some(v), true) => match dive(inst, v, deadline, lp_seconds) {
                        Some(d) => units_from_counts(inst, &d),
                        None => break,
                    },
                    _ => break,
                }
            }
        };
        let mut state = State::new(inst);
        for u in units {
            if state.can_add(u.column) {
                state.add(u);
            }
        }
        if si == 0 {
            if let Some(v) = &lp_vals {
                add_fractional(&mut state, v);
            }
        }
        state.rebreak(deadline, 5);
        state.fill_minimums();
        // Construction is not cut by the time limit (it only adds improving shifts, so it
        // ends): a planner always gets a schedule, even when the LP used up the budget.
        state.greedy_fill(started + Duration::from_secs(3600), usize::MAX);
        state.local_search(deadline, 30);
        let obj = objective_of(inst, &state.units);
        if best.as_ref().map_or(true, |b| obj < b.0 - 1e-9) {
            best = Some((obj, state.units, si == n_rounded));
        }
    }
    let (mut best_obj, mut best_units, by_dive) = best.unwrap_or_default();
    let mut method = if by_dive {
        "LP relaxation, dive, repair, local search"
    } else if lp_vals.is_some() {
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
    let exact_budget =
        if inst.columns.len() <= EXACT_MAX_COLUMNS && size.columns <= EXACT_MAX_LP_VARS {
            remaining.mul_f64(0.9)
        } else if inst.columns.len() <= EXACT_MAX_COLUMNS {
            // Few shifts but a large LP (wide break windows): a proof often comes within a
            // second (the shop week with a soft penalty of 20: 0.5 s), rarely later.
            remaining.mul_f64(0.9).min(Duration::from_secs(1))
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
        let (mip, _) = run_lp(
            inst,
            true,
            exact_budget.as_secs_f64(),
            Some(&best_units),
            &[],
        );
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
