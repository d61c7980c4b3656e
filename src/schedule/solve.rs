//! Solving the covering model within a deterministic work budget.
//!
//! 1. **LP relaxation** (microlp, [`super::relax`]): the lower bound, and the point every
//!    heuristic starts from. The interval structure of shift covering makes it nearly integral
//!    (Bartholdi 1981: consecutive-ones columns are totally unimodular without breaks and caps),
//!    so the LP bound is usually within a fraction of a percent of the optimum; what is lost is
//!    lost turning it into integers.
//! 2. **Rounding** down (then the fractional shifts that pay for themselves added back) and up
//!    (the redundant shifts then dropped), each repaired and improved by the local search of
//!    [`super::search`].
//! 3. **LP-guided dives with fix-and-resolve** (Berthold 2006, "Primal heuristics for mixed
//!    integer programs"): clone the root LP, fix fractional shift counts (rounding up, to the
//!    nearest integer, or towards the incumbent), re-solve by dual simplex, repeat until shift
//!    counts and break starts are integral. Each re-solve re-places the breaks around the fixed
//!    shifts, which a greedy repair cannot.
//! 4. **RINS** (Danna, Rothberg & Le Pape 2005, "Exploring relaxation induced neighborhoods to
//!    improve MIP solutions"): fix the shift counts on which the LP and the incumbent agree and
//!    solve the rest as a sub-MIP.
//! 5. **Large-neighbourhood moves** (Shaw 1998; Pisinger & Ropke 2010): free every shift
//!    starting in a window of the horizon (about two days of a week), keep the rest, and solve
//!    that sub-MIP; the window slides over the horizon.
//! 6. **Branch and bound** (microlp's, warm-started from the incumbent) with what is left.
//! 7. **Break re-placement** and a last local search on the best schedule.
//!
//! Every step charges its work to one [`Budget`] (pivots, nodes, priced intervals) and the
//! solver stops as soon as the proven gap is within the gap target or the budget is used up,
//! so the same instance gives the same schedule on every machine and at any load. The LP
//! value is always a valid lower bound; the reported gap is measured against it (or against
//! branch and bound's bound when that is higher).

use super::budget::{Budget, StoppedBy};
use super::model::{Instance, LpSize};
use super::relax::{solve_lp, solve_mip, LpOutcome, LpValues, Relaxation};
use super::search::{objective_of, State, Unit};
use microlp::{Solution, SolveOutcome};
use serde::{Deserialize, Serialize};
use web_time::Instant;

/// Default proven gap at which the search stops: `(objective - bound) / objective`.
pub const DEFAULT_GAP_TARGET: f64 = 0.001;

/// Share of the work limit the dives may use together.
pub(crate) const DIVE_SHARE: f64 = 0.25;
/// Share of the work limit the sub-MIPs (RINS and windows) may use together.
pub(crate) const SUBMIP_SHARE: f64 = 0.45;
/// Share of the work limit one sub-MIP may use.
pub(crate) const ONE_SUBMIP_SHARE: f64 = 0.12;
/// Most rounds of fixings in one dive.
const DIVE_MAX_ROUNDS: usize = 80;

/// Something the planner should know about how the solver ended, with a code and parameters
/// (for a page to translate) and the English sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// What happened.
    #[serde(flatten)]
    pub kind: NoteKind,
    /// The same in English.
    pub message: String,
}

/// The kinds of solver notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum NoteKind {
    /// The wall-clock safety cap stopped the solver before its work limit: the schedule
    /// depends on the machine's speed.
    TimeCap {
        /// Work units used when the cap fired.
        work_used: u64,
        /// The work limit.
        work_limit: u64,
    },
    /// The work limit stopped the search before the gap target was proven.
    WorkLimit {
        /// The work limit.
        work_limit: u64,
        /// The proven gap at the stop.
        gap: f64,
        /// The gap target.
        gap_target: f64,
    },
    /// The LP relaxation was not solved: no bound, a greedy schedule.
    LpNotSolved {
        /// microlp's message.
        reason: String,
    },
}

impl NoteKind {
    /// The English sentence.
    pub fn message(&self) -> String {
        match self {
            NoteKind::TimeCap {
                work_used,
                work_limit,
            } => format!(
                "stopped by the time cap after {work_used} of {work_limit} work units; the plan \
                 may differ on another machine"
            ),
            NoteKind::WorkLimit {
                work_limit,
                gap,
                gap_target,
            } => format!(
                "stopped at the work limit ({work_limit} units) with a proven gap of {:.2}% \
                 (target {:.2}%)",
                gap * 100.0,
                gap_target * 100.0
            ),
            NoteKind::LpNotSolved { reason } => {
                format!("the LP relaxation was not solved ({reason}); no bound")
            }
        }
    }

    pub(crate) fn note(self) -> Note {
        Note {
            message: self.message(),
            kind: self,
        }
    }
}

/// How the solver went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SolveStats {
    /// Objective of the schedule (shift cost plus penalties).
    pub objective: f64,
    /// Proven lower bound on the objective (LP relaxation, or branch and bound).
    pub lower_bound: f64,
    /// `(objective - lower_bound) / objective` (0 when proven optimal).
    pub gap: f64,
    /// Whether the schedule is proven optimal.
    pub proven_optimal: bool,
    /// Which method produced the schedule.
    pub method: String,
    /// Size of the LP relaxation.
    pub lp_size: LpSize,
    /// Seconds spent in microlp on the LP relaxation (for display only).
    pub lp_seconds: f64,
    /// Seconds spent in branch and bound, sub-MIPs included (for display only).
    pub exact_seconds: f64,
    /// Total seconds (for display only).
    pub seconds: f64,
    /// Work units used (deterministic; see [`super::budget`]).
    pub work_used: u64,
    /// The work limit.
    pub work_limit: u64,
    /// Why the solver stopped.
    pub stopped_by: StoppedBy,
    /// Notes for the planner (time cap, work limit, LP not solved).
    pub notes: Vec<Note>,
}

/// The best schedule so far.
struct Incumbent {
    objective: f64,
    units: Vec<Unit>,
    method: &'static str,
}

/// Turn integer counts and break starts into units, matching breaks to shifts first come
/// first served within each family (valid because family windows are ordered).
pub fn units_from_counts(inst: &Instance, vals: &LpValues) -> Vec<Unit> {
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
pub(crate) fn integral_objective(inst: &Instance) -> bool {
    let int = |v: f64| (v - v.round()).abs() < 1e-9;
    inst.columns.iter().all(|c| int(c.cost * inst.cost_weight))
        && inst.under_weight.iter().all(|w| int(*w))
        && inst.over_weight.iter().all(|w| int(*w))
        && inst.requirement.iter().all(|r| int(*r))
}

/// Relative gap of `objective` over `bound`.
pub(crate) fn gap_of(objective: f64, bound: f64) -> f64 {
    if objective - bound <= 1e-6 * objective.abs().max(1.0) || objective <= 0.0 {
        0.0
    } else {
        ((objective - bound) / objective).max(0.0)
    }
}

/// Repair and improve `units`: break re-placement, group minimums, greedy additions (not cut
/// by the budget when `construct`, so a schedule always comes back) and the local search.
fn polish(
    inst: &Instance,
    units: Vec<Unit>,
    lp: Option<&LpValues>,
    construct: bool,
    budget: &mut Budget,
) -> (f64, Vec<Unit>) {
    let mut state = State::new(inst);
    for u in units {
        if state.can_add(u.column) {
            state.add(u);
        }
    }
    if let Some(v) = lp {
        add_fractional(&mut state, v);
    }
    state.rebreak(budget, 5);
    state.fill_minimums();
    state.greedy_fill(budget, usize::MAX, !construct);
    state.local_search(budget, 30);
    state.charge(budget);
    (objective_of(inst, &state.units), state.units)
}

/// How a dive picks the value of a fractional count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DiveRule {
    /// Round the most fractional-up counts up.
    Up,
    /// Round the least fractional counts to the nearest integer.
    Nearest,
    /// Round towards the incumbent's count.
    Guided,
}

/// Whether raising column `j` to `value` keeps its bound and its groups' maximums, given the
/// values fixed so far.
fn fits(inst: &Instance, fixed: &[Option<f64>], j: usize, value: f64) -> bool {
    let Some(c) = inst.columns.get(j) else {
        return false;
    };
    if c.upper.is_some_and(|u| value > u as f64 + 1e-9) {
        return false;
    }
    inst.groups.iter().all(|g| {
        let Some(at) = g.columns.iter().position(|&k| k == j) else {
            return true;
        };
        g.max.map_or(true, |m| {
            let s: f64 = g
                .columns
                .iter()
                .enumerate()
                .filter(|&(_, &k)| k != j)
                .filter_map(|(i, &k)| Some(g.weight(i) * fixed.get(k).copied().flatten()?))
                .sum();
            s + g.weight(at) * value <= m as f64 + 1e-9
        })
    })
}

/// Fix `var` to `value` in `sol` and re-solve, charging the pivots. `None`: infeasible,
/// numerical trouble or the time cap.
fn fix(
    sol: Solution,
    var: microlp::Variable,
    value: f64,
    rel: &Relaxation,
    budget: &mut Budget,
) -> Option<Solution> {
    let before = sol.stats().lp_iterations;
    match sol.fix_var(var, value) {
        Ok(SolveOutcome::Solution(s)) => {
            let after = s.stats().lp_iterations;
            budget.charge(
                after
                    .saturating_sub(before)
                    .saturating_add(1)
                    .saturating_mul(rel.pivot_cost()),
            );
            Some(s)
        }
        Ok(SolveOutcome::Interrupted(_)) => {
            budget.note_cap_hit();
            None
        }
        Err(_) => {
            budget.charge(rel.pivot_cost());
            None
        }
    }
}

/// Dive from the root LP by `rule` until shift counts and break starts are integral;
/// `None` when an LP fails, the dive's LP value reaches `cutoff`, or the stage runs out.
pub(crate) fn dive(
    inst: &Instance,
    rel: &Relaxation,
    root: &Solution,
    rule: DiveRule,
    guide: &[f64],
    cutoff: f64,
    budget: &mut Budget,
) -> Option<LpValues> {
    budget.charge(rel.nonzeros as u64);
    let mut sol = root.clone();
    let mut fixed: Vec<Option<f64>> = vec![None; rel.x.len()];
    for _ in 0..DIVE_MAX_ROUNDS {
        if budget.exhausted() {
            return None;
        }
        let v = rel.values(&sol);
        budget.charge(rel.vars.len() as u64);
        if v.objective >= cutoff - 1e-7 * cutoff.abs().max(1.0) {
            return None;
        }
        // (score, column, value): lowest score first.
        let mut cands: Vec<(f64, usize, f64)> = Vec::new();
        for (j, &x) in v.x.iter().enumerate() {
            let fl = (x + 1e-6).floor();
            let frac = x - fl;
            if frac <= 1e-6 || fixed.get(j).copied().flatten().is_some() {
                continue;
            }
            let (score, value) = match rule {
                DiveRule::Up => (1.0 - frac, fl + 1.0),
                DiveRule::Nearest => {
                    if frac < 0.5 {
                        (frac, fl)
                    } else {
                        (1.0 - frac, fl + 1.0)
                    }
                }
                DiveRule::Guided => {
                    let g = guide.get(j).copied().unwrap_or(fl);
                    if g <= fl {
                        (frac, fl)
                    } else {
                        (1.0 - frac, fl + 1.0)
                    }
                }
            };
            cands.push((score, j, value));
        }
        if cands.is_empty() {
            // Shift counts are integral: make the break starts integral too (nearest first).
            let mut bc: Vec<(f64, microlp::Variable, f64)> = Vec::new();
            for (f, fam) in v.breaks.iter().enumerate() {
                let (Some((_, vals)), Some(Some((_, vars)))) = (fam, rel.breaks.get(f)) else {
                    continue;
                };
                for (val, var) in vals.iter().zip(vars) {
                    let r = val.round();
                    let d = (val - r).abs();
                    if d > 1e-6 {
                        bc.push((d, *var, r.max(0.0)));
                    }
                }
            }
            if bc.is_empty() {
                return Some(v);
            }
            bc.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.idx().cmp(&b.1.idx())));
            let take = (bc.len() / 4).max(1);
            for &(_, var, value) in bc.iter().take(take) {
                sol = fix(sol, var, value, rel, budget)?;
            }
            continue;
        }
        cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let take = match rule {
            DiveRule::Up => (cands.len() / 3).max(1),
            _ => (cands.len() / 4).max(1),
        };
        let mut done = 0;
        for &(score, j, value) in &cands {
            if done >= take || (done > 0 && rule == DiveRule::Up && score > 0.5) {
                break;
            }
            let value = if fits(inst, &fixed, j, value) {
                value
            } else if value > 0.0 && fits(inst, &fixed, j, value - 1.0) {
                value - 1.0
            } else {
                continue;
            };
            let var = *rel.x.get(j)?;
            sol = fix(sol, var, value, rel, budget)?;
            if let Some(f) = fixed.get_mut(j) {
                *f = Some(value);
            }
            done += 1;
        }
        if done == 0 {
            return None;
        }
    }
    None
}

/// Shift counts per column of `units`.
pub(crate) fn counts(inst: &Instance, units: &[Unit]) -> Vec<f64> {
    let mut c = vec![0.0; inst.columns.len()];
    for u in units {
        if let Some(v) = c.get_mut(u.column) {
            *v += 1.0;
        }
    }
    c
}

/// Solve the sub-MIP where only the columns with `free[j]` may change from the incumbent;
/// returns the improved schedule, if any.
fn sub_mip(
    inst: &Instance,
    inc: &Incumbent,
    free: &[bool],
    budget: &mut Budget,
) -> Option<(f64, Vec<Unit>)> {
    let cnt = counts(inst, &inc.units);
    let bounds: Vec<(f64, f64)> = cnt
        .iter()
        .zip(free)
        .map(|(&c, &f)| if f { (0.0, f64::INFINITY) } else { (c, c) })
        .collect();
    let sub = Relaxation::new(inst, true, Some(&bounds));
    let hint = sub.warm_start(inst, &inc.units);
    let res = solve_mip(&sub, Some(hint), 0.0, budget);
    let v = res.values?;
    if v.objective >= inc.objective - 1e-7 * inc.objective.abs().max(1.0) {
        return None;
    }
    let units = units_from_counts(inst, &v);
    let obj = objective_of(inst, &units);
    (obj < inc.objective - 1e-9).then_some((obj, units))
}

/// Solve `inst` within `budget`, stopping early at a proven relative gap of `gap_target`;
/// returns the units of the best schedule and the stats.
pub fn solve(inst: &Instance, budget: &mut Budget, gap_target: f64) -> (Vec<Unit>, SolveStats) {
    let started = Instant::now();
    let mut notes = Vec::new();
    let integral = integral_objective(inst);
    let round_bound = |b: f64| if integral { (b - 1e-6).ceil() } else { b };

    // 1. LP relaxation.
    let rel = Relaxation::new(inst, false, None);
    let size = rel.size;
    let lp_started = Instant::now();
    let root = match solve_lp(&rel, budget) {
        LpOutcome::Solved(s) => Some(s),
        LpOutcome::TimeCap => None,
        LpOutcome::Failed(reason) => {
            notes.push(NoteKind::LpNotSolved { reason }.note());
            None
        }
    };
    let lp_seconds = lp_started.elapsed().as_secs_f64();
    let lp_vals = root.as_ref().map(|s| rel.values(s));
    let mut lower_bound = lp_vals.as_ref().map_or(0.0, |v| round_bound(v.objective));

    // 2. Roundings, repaired and improved.
    let mut best = Incumbent {
        objective: f64::INFINITY,
        units: Vec::new(),
        method: "greedy construction, local search (LP not solved)",
    };
    let consider = |best: &mut Incumbent, obj: f64, units: Vec<Unit>, method| {
        if obj < best.objective - 1e-9 {
            *best = Incumbent {
                objective: obj,
                units,
                method,
            };
        }
    };
    match &lp_vals {
        Some(v) => {
            let down = units_from_counts(inst, v);
            let (o, u) = polish(inst, down, Some(v), true, budget);
            consider(
                &mut best,
                o,
                u,
                "LP relaxation, rounding, repair, local search",
            );
            let up = LpValues {
                objective: v.objective,
                x: v.x.iter().map(|x| (x - 1e-6).ceil().max(0.0)).collect(),
                breaks: v.breaks.clone(),
                transfer: Vec::new(),
                queue_under: Vec::new(),
            };
            if up.x.iter().zip(&v.x).any(|(a, b)| *a > (b + 1e-6).floor()) {
                let (o, u) = polish(inst, units_from_counts(inst, &up), None, false, budget);
                consider(
                    &mut best,
                    o,
                    u,
                    "LP relaxation, rounding, repair, local search",
                );
            }
        }
        None => {
            // No LP (the cap fired inside it, or microlp failed): a quick construction that
            // always finishes, then the local search within what is left.
            let mut state = State::new(inst);
            state.fill_minimums();
            state.sweep_fill(budget);
            state.local_search(budget, 30);
            state.charge(budget);
            let (o, u) = (objective_of(inst, &state.units), state.units);
            consider(
                &mut best,
                o,
                u,
                "greedy construction, local search (LP not solved)",
            );
        }
    }
    let limit = budget.limit() as f64;
    let open = |best: &Incumbent, lb: f64| gap_of(best.objective, lb) > gap_target;
    let mut exact_seconds = 0.0;

    if let (Some(root), Some(v)) = (&root, &lp_vals) {
        // 3. Dives.
        if open(&best, lower_bound) {
            budget.set_stage((DIVE_SHARE * limit) as u64);
            for rule in [DiveRule::Up, DiveRule::Nearest, DiveRule::Guided] {
                if !open(&best, lower_bound) || budget.exhausted() {
                    break;
                }
                let guide = counts(inst, &best.units);
                if let Some(d) = dive(inst, &rel, root, rule, &guide, best.objective, budget) {
                    let (o, u) = polish(inst, units_from_counts(inst, &d), None, false, budget);
                    consider(&mut best, o, u, "LP relaxation, dive, repair, local search");
                }
            }
            budget.clear_stage();
        }
        // 4-5. RINS, then windows of the horizon, as sub-MIPs.
        let t0 = Instant::now();
        if open(&best, lower_bound) && !budget.out_of_work() {
            let stage_end = budget.used() + (SUBMIP_SHARE * limit) as u64;
            let one = (ONE_SUBMIP_SHARE * limit) as u64;
            let mut neighbourhoods: Vec<Vec<bool>> = Vec::new();
            let cnt = counts(inst, &best.units);
            neighbourhoods.push(
                v.x.iter()
                    .zip(&cnt)
                    .map(|(x, c)| (x - c).abs() > 1e-6)
                    .collect(),
            );
            let h = inst.horizon.max(1);
            let width = (h / 4).max(1);
            let step = (width / 2).max(1);
            let mut a = 0;
            while a < h {
                neighbourhoods.push(
                    inst.columns
                        .iter()
                        .map(|c| {
                            let s = c.segments.first().map_or(0, |s| s.0) % h;
                            let d = (s + h - a) % h;
                            if inst.cyclic {
                                d < width
                            } else {
                                s >= a && s < a + width
                            }
                        })
                        .collect(),
                );
                a += step;
            }
            for (k, free) in neighbourhoods.iter().enumerate() {
                if !open(&best, lower_bound) || budget.used() >= stage_end || budget.out_of_work() {
                    break;
                }
                if !free.iter().any(|f| *f) {
                    continue;
                }
                budget.set_stage(one.min(stage_end.saturating_sub(budget.used())));
                let method = if k == 0 {
                    "LP relaxation, heuristics, RINS sub-MIP"
                } else {
                    "LP relaxation, heuristics, window sub-MIP"
                };
                if let Some((o, u)) = sub_mip(inst, &best, free, budget) {
                    consider(&mut best, o, u, method);
                }
                budget.clear_stage();
            }
        }
        // 6. Branch and bound with what is left.
        if open(&best, lower_bound) && !budget.out_of_work() {
            let mip = Relaxation::new(inst, true, None);
            let hint = mip.warm_start(inst, &best.units);
            let target = gap_target * 0.999;
            let res = solve_mip(&mip, Some(hint), target, budget);
            if let Some(v) = &res.values {
                let units = units_from_counts(inst, v);
                let obj = objective_of(inst, &units);
                consider(
                    &mut best,
                    obj,
                    units,
                    "branch and bound (microlp), warm-started by the heuristics",
                );
            }
            if res.proven {
                if let Some(v) = &res.values {
                    lower_bound = lower_bound.max(round_bound(v.objective.min(best.objective)));
                }
            } else if let Some(b) = res.bound {
                lower_bound = lower_bound.max(round_bound(b));
            }
        }
        exact_seconds = t0.elapsed().as_secs_f64();
    }
    // 7. Break re-placement last (cheap; charged, never past the budget).
    if !budget.out_of_work() && !best.units.is_empty() {
        let mut state = State::new(inst);
        for u in std::mem::take(&mut best.units) {
            state.add(u);
        }
        state.rebreak(budget, 3);
        state.charge(budget);
        best.units = state.units;
        best.objective = objective_of(inst, &best.units);
    }

    let best_obj = best.objective;
    lower_bound = lower_bound.min(best_obj);
    let gap = gap_of(best_obj, lower_bound);
    let proven = gap == 0.0;
    let stopped_by = if proven {
        StoppedBy::ProvenOptimal
    } else if gap <= gap_target {
        StoppedBy::GapTarget
    } else if budget.cap_hit() {
        StoppedBy::TimeCap
    } else if budget.out_of_work() {
        StoppedBy::WorkLimit
    } else {
        StoppedBy::Finished
    };
    if budget.cap_hit() {
        notes.push(
            NoteKind::TimeCap {
                work_used: budget.used(),
                work_limit: budget.limit(),
            }
            .note(),
        );
    } else if stopped_by == StoppedBy::WorkLimit {
        notes.push(
            NoteKind::WorkLimit {
                work_limit: budget.limit(),
                gap,
                gap_target,
            }
            .note(),
        );
    }
    let mut units = best.units;
    units.sort();
    (
        units,
        SolveStats {
            objective: best_obj,
            lower_bound,
            gap,
            proven_optimal: proven,
            method: best.method.to_string(),
            lp_size: size,
            lp_seconds,
            exact_seconds,
            seconds: started.elapsed().as_secs_f64(),
            work_used: budget.used(),
            work_limit: budget.limit(),
            stopped_by,
            notes,
        },
    )
}
