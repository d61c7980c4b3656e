//! Shift scheduling with skill groups: the covering model with skill-transfer variables of
//! Bhulai, Koole & Pot (2008), "Simple methods for shift scheduling in multiskill call
//! centers", Manufacturing & Service Operations Management 10(3).
//!
//! Agents come in skill groups (`{id, skills, max_agents, max_shifts}`); each group staffs the same shift
//! templates. Variables: shifts per (group, candidate shift) with their implicit breaks (as in
//! [`super::model`]), and transfers `y[g,q,t] >= 0`, the agents of group `g` serving queue `q`
//! in interval `t`:
//!
//! ```text
//!   sum_q y[g,q,t]            <= agents of g on duty in t (after breaks)
//!   sum_g y[g,q,t] + u[q,t]   >= req[q,t]          (u: shortfall, priced or hard)
//!   sum of g's shifts on day d <= max_agents(g)
//!   sum of g's shifts           <= max_shifts(g)    (what its contracts allow over the horizon)
//!   sum of g's paid minutes     <= max_paid_minutes(g)
//! ```
//!
//! The transfers are continuous: with integer shift and break counts and integer
//! requirements they form a transportation problem, whose vertices are integral. The solver
//! is the one of [`super::solve`] without the single-pool local search: LP bound, dives with
//! fix-and-resolve, window sub-MIPs, warm-started branch and bound, all within the same work
//! budget, so the result is as deterministic as the single-pool schedule.
//!
//! One group with every skill is the single-pool model (transfers are free and the shortfall
//! price of an interval is the same for every queue): it is solved by the single-pool solver
//! on the summed requirement and gives exactly its schedule.

use super::budget::{Budget, StoppedBy};
use super::candidates::{self, Candidate, Expanded};
use super::model::{Group, Instance, SkillLayer};
use super::relax::{solve_lp, solve_mip, LpOutcome, LpValues, Relaxation};
use super::report::{round6, shift_list, IntervalOut, ShiftOut, SolverOut};
use super::requirements::{penalty_weights, Requirements};
use super::search::{worked_intervals, Unit};
use super::solve::{
    dive, gap_of, integral_objective, units_from_counts, DiveRule, NoteKind, SolveStats,
    DIVE_SHARE, ONE_SUBMIP_SHARE, SUBMIP_SHARE,
};
use super::template::ShiftSet;
use super::{Objective, ScheduleOptions};
use crate::error::{Error, Result};
use crate::time::{Grid, Timestamp};
use serde::{Deserialize, Serialize};
use web_time::Instant;

/// A skill group: agents who share the same skills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillGroup {
    /// Name of the group.
    pub id: String,
    /// Indices of the queues its agents can serve (into [`SkillRequirements::queues`]).
    pub skills: Vec<usize>,
    /// Most agents of the group at work on one day (`null`: no limit), e.g. its headcount.
    #[serde(default)]
    pub max_agents: Option<u32>,
    /// Most shifts of the group over the whole horizon (`null`: no limit), e.g. what its
    /// agents' contracts allow in a week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_shifts: Option<u32>,
    /// Most paid minutes of the group's shifts over the whole horizon (`null`: no limit),
    /// e.g. the sum of its agents' contract minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_paid_minutes: Option<u32>,
}

/// Agents required per queue and interval on one grid.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillRequirements {
    /// The interval grid.
    pub grid: Grid,
    /// Queue names.
    pub queues: Vec<String>,
    /// `agents[q][t]`: agents needed on queue `q` in interval `t`.
    pub agents: Vec<Vec<f64>>,
}

impl SkillRequirements {
    /// Check the shape: one row per queue, each as long as the grid, finite and >= 0.
    pub fn new(grid: Grid, queues: Vec<String>, agents: Vec<Vec<f64>>) -> Result<Self> {
        if queues.is_empty() {
            return Err(Error::Empty {
                path: "queues".into(),
                expected: "at least one queue".into(),
            });
        }
        if agents.len() != queues.len() {
            return Err(Error::invalid(
                "agents",
                format!("one requirement row per queue ({})", queues.len()),
                agents.len(),
            ));
        }
        for (q, row) in agents.iter().enumerate() {
            if row.len() != grid.len {
                return Err(Error::invalid(
                    format!("agents[{q}]"),
                    format!("{} intervals (the grid)", grid.len),
                    row.len(),
                ));
            }
            if let Some((t, v)) = row
                .iter()
                .enumerate()
                .find(|(_, v)| !v.is_finite() || **v < 0.0)
            {
                return Err(Error::invalid(
                    format!("agents[{q}][{t}]"),
                    "a finite number >= 0",
                    v,
                ));
            }
        }
        Ok(SkillRequirements {
            grid,
            queues,
            agents,
        })
    }

    /// The requirement summed over queues.
    pub fn total(&self) -> Vec<f64> {
        (0..self.grid.len)
            .map(|t| {
                self.agents
                    .iter()
                    .map(|r| r.get(t).copied().unwrap_or(0.0))
                    .sum()
            })
            .collect()
    }
}

/// A schedule with skill groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillSchedule {
    /// Total shift cost.
    pub cost: f64,
    /// Paid hours of all shifts.
    pub paid_hours: f64,
    /// Number of shifts.
    pub shift_count: u32,
    /// Objective minimised: shift cost plus the price of shortfall.
    pub objective: f64,
    /// Price of shortfall included in the objective.
    pub penalty: f64,
    /// Proven lower bound on the objective.
    pub lower_bound: f64,
    /// Proven optimality gap `(objective - lower_bound) / objective`.
    pub gap: f64,
    /// Whether the schedule is proven optimal.
    pub proven_optimal: bool,
    /// Per skill group: its shifts.
    pub groups: Vec<GroupSchedule>,
    /// Per queue: coverage and understaffed intervals.
    pub queues: Vec<QueueCoverage>,
    /// Per interval: each group's agents on duty and how they are split among queues.
    pub intervals: Vec<SkillInterval>,
    /// Solver figures.
    pub solver: SolverOut,
    /// Things the planner should know.
    pub warnings: Vec<String>,
}

/// The shifts of one skill group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupSchedule {
    /// Group id.
    pub group: String,
    /// Shifts (the same entries as a single-pool schedule's `shifts`).
    pub shifts: Vec<ShiftOut>,
    /// Number of shifts.
    pub shift_count: u32,
    /// Paid hours.
    pub paid_hours: f64,
    /// Most agents of the group at work on any day.
    pub max_agents_per_day: u32,
}

/// Coverage of one queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueCoverage {
    /// Queue name.
    pub queue: String,
    /// Per interval: required, served (agents assigned to the queue), under, over.
    pub coverage: Vec<IntervalOut>,
    /// Intervals with fewer agents than required.
    pub understaffed: Vec<IntervalOut>,
    /// Agent-intervals short in total.
    pub understaffed_agent_intervals: f64,
}

/// One interval: agents on duty per group and their split among queues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillInterval {
    /// Interval start.
    pub timestamp: Timestamp,
    /// Agents on duty (not on break) per group, in group order.
    pub on_duty: Vec<f64>,
    /// `split[g][q]`: agents of group `g` serving queue `q`.
    pub split: Vec<Vec<f64>>,
}

/// The covering instance of `groups` on `req`: the single-pool candidates repeated per group.
struct SkillInstance {
    inst: Instance,
    /// Candidates per column (`columns = groups x base candidates`).
    candidates: Vec<Candidate>,
}

fn check_groups(groups: &[SkillGroup], queues: usize) -> Result<()> {
    if groups.is_empty() {
        return Err(Error::Empty {
            path: "groups".into(),
            expected: "at least one skill group".into(),
        });
    }
    for (g, grp) in groups.iter().enumerate() {
        if grp.skills.is_empty() {
            return Err(Error::Empty {
                path: format!("groups[{g}].skills"),
                expected: "at least one queue index".into(),
            });
        }
        if let Some((k, q)) = grp.skills.iter().enumerate().find(|(_, q)| **q >= queues) {
            return Err(Error::invalid(
                format!("groups[{g}].skills[{k}]"),
                format!("a queue index below {queues}"),
                q,
            ));
        }
    }
    for q in 0..queues {
        if !groups.iter().any(|g| g.skills.contains(&q)) {
            return Err(Error::invalid(
                "groups",
                format!("a group with the skill of queue {q}"),
                "none",
            ));
        }
    }
    Ok(())
}

/// Shortfall price per interval, the same for every queue (so one group with every skill is
/// the single-pool model): the single-pool weights of the summed requirement.
fn under_weights(set: &ShiftSet, total: &[f64], max_cost: f64) -> Vec<f64> {
    match set.understaffing_penalty {
        Some(p) => penalty_weights(total).iter().map(|w| p * w).collect(),
        None => vec![10.0 * (max_cost + 1.0); total.len()],
    }
}

/// A skill group's caps as count groups over its columns `offset + j` (`j` indexing `cands`):
/// its shifts and its paid minutes over the horizon, and its headcount on each day.
fn group_caps(grp: &SkillGroup, cands: &[Candidate], offset: usize) -> Vec<Group> {
    let all: Vec<usize> = (0..cands.len()).map(|j| offset + j).collect();
    let cap = |name: String, columns: Vec<usize>, max: u32, weights: Option<Vec<f64>>| Group {
        name,
        columns,
        min: 0,
        max: Some(max),
        weights,
    };
    let mut out = Vec::new();
    if let Some(max) = grp.max_shifts {
        out.push(cap(
            format!("{} over the horizon", grp.id),
            all.clone(),
            max,
            None,
        ));
    }
    if let Some(max) = grp.max_paid_minutes {
        let minutes = cands.iter().map(|c| f64::from(c.paid_minutes)).collect();
        out.push(cap(
            format!("{} paid minutes over the horizon", grp.id),
            all,
            max,
            Some(minutes),
        ));
    }
    if let Some(max) = grp.max_agents {
        let days = cands.iter().map(|c| c.day + 1).max().unwrap_or(0);
        for d in 0..days {
            let columns: Vec<usize> = (0..cands.len())
                .filter(|&j| cands[j].day == d)
                .map(|j| offset + j)
                .collect();
            if !columns.is_empty() {
                out.push(cap(
                    format!("{} on day {}", grp.id, d + 1),
                    columns,
                    max,
                    None,
                ));
            }
        }
    }
    out
}

fn build(set: &ShiftSet, groups: &[SkillGroup], req: &SkillRequirements) -> Result<SkillInstance> {
    let mut ex: Expanded = candidates::expand(set, &req.grid)?;
    candidates::drop_dominated(&mut ex);
    let base = ex.instance.columns.len();
    let nf = ex.instance.family_len.len();
    let pools = groups.len();
    let mut inst = ex.instance.clone();
    inst.columns.clear();
    inst.family_len.clear();
    inst.groups.clear();
    let mut cands = Vec::with_capacity(base * pools);
    let mut column_pool = Vec::with_capacity(base * pools);
    for g in 0..pools {
        for (c, cand) in ex.instance.columns.iter().zip(&ex.candidates) {
            let mut c = c.clone();
            for b in &mut c.breaks {
                b.family += g * nf;
            }
            inst.columns.push(c);
            cands.push(cand.clone());
            column_pool.push(g);
        }
        inst.family_len
            .extend(ex.instance.family_len.iter().copied());
    }
    // Template limits per day hold for all groups together.
    for grp in &ex.instance.groups {
        inst.groups.push(Group {
            name: grp.name.clone(),
            columns: (0..pools)
                .flat_map(|g| grp.columns.iter().map(move |j| g * base + j))
                .collect(),
            min: grp.min,
            max: grp.max,
            weights: None,
        });
    }
    // Each group's caps over its own columns.
    for (g, grp) in groups.iter().enumerate() {
        inst.groups
            .extend(group_caps(grp, &ex.candidates, g * base));
    }
    let total = req.total();
    let max_cost = inst.columns.iter().map(|c| c.cost).fold(0.0, f64::max);
    let w = under_weights(set, &total, max_cost);
    inst.requirement = total;
    inst.under_weight = w.clone();
    if let Some(cap) = set.max_agents_per_interval {
        inst.max_coverage = Some(super::model::CoverageCap {
            agents: vec![cap as f64; req.grid.len],
            excess_weight: inst.big_m(),
        });
    }
    inst.skills = Some(SkillLayer {
        pools,
        column_pool,
        pool_skills: groups.iter().map(|g| g.skills.clone()).collect(),
        requirement: req.agents.clone(),
        under_weight: vec![w; req.agents.len()],
    });
    Ok(SkillInstance {
        inst,
        candidates: cands,
    })
}

/// Shift and break counts of `v` as a (partial) warm start: microlp completes the transfers.
fn hint(rel: &Relaxation, v: &LpValues) -> Vec<(microlp::Variable, f64)> {
    let mut out: Vec<(microlp::Variable, f64)> = rel
        .x
        .iter()
        .copied()
        .zip(v.x.iter().map(|x| x.round()))
        .collect();
    for (fam, vals) in rel.breaks.iter().zip(&v.breaks) {
        if let (Some((_, vars)), Some((_, vals))) = (fam, vals) {
            out.extend(vars.iter().copied().zip(vals.iter().map(|x| x.round())));
        }
    }
    out
}

fn integral(v: &LpValues) -> bool {
    let int = |x: &f64| (x - x.round()).abs() <= 1e-6;
    v.x.iter().all(int) && v.breaks.iter().flatten().all(|(_, b)| b.iter().all(int))
}

/// The multi-pool solver: LP, dives, window sub-MIPs, branch and bound (see the module docs).
fn solve_pools(
    inst: &Instance,
    budget: &mut Budget,
    gap_target: f64,
) -> (Option<LpValues>, SolveStats) {
    let started = Instant::now();
    let mut notes = Vec::new();
    let round_bound = {
        let int = integral_objective(inst);
        move |b: f64| if int { (b - 1e-6).ceil() } else { b }
    };
    let rel = Relaxation::new(inst, false, None);
    let root = match solve_lp(&rel, budget) {
        LpOutcome::Solved(s) => Some(s),
        LpOutcome::TimeCap => None,
        LpOutcome::Failed(reason) => {
            notes.push(NoteKind::LpNotSolved { reason }.note());
            None
        }
    };
    let lp_seconds = started.elapsed().as_secs_f64();
    let mut lower_bound = root
        .as_ref()
        .map_or(0.0, |s| round_bound(rel.values(s).objective));
    let mut best: Option<(LpValues, &'static str)> = None;
    let obj =
        |b: &Option<(LpValues, &'static str)>| b.as_ref().map_or(f64::INFINITY, |b| b.0.objective);
    let limit = budget.limit() as f64;
    let t0 = Instant::now();
    if let Some(root) = &root {
        let v = rel.values(root);
        if integral(&v) {
            best = Some((v, "LP relaxation (integral)"));
        }
        budget.set_stage((DIVE_SHARE * limit) as u64);
        for rule in [DiveRule::Up, DiveRule::Nearest, DiveRule::Guided] {
            if gap_of(obj(&best), lower_bound) <= gap_target || budget.exhausted() {
                break;
            }
            if rule == DiveRule::Guided && best.is_none() {
                continue;
            }
            let guide = best.as_ref().map(|b| b.0.x.clone()).unwrap_or_default();
            if let Some(d) = dive(inst, &rel, root, rule, &guide, obj(&best), budget) {
                if d.objective < obj(&best) - 1e-9 {
                    best = Some((d, "LP relaxation, dive"));
                }
            }
        }
        budget.clear_stage();
        if best.is_none() {
            // Construction must finish: one rounding-up dive without the stage limit (only
            // the time cap stops it).
            let mut free = Budget::new(u64::MAX, None);
            if let Some(d) = dive(
                inst,
                &rel,
                root,
                DiveRule::Up,
                &[],
                f64::INFINITY,
                &mut free,
            ) {
                best = Some((d, "LP relaxation, dive"));
            }
            budget.charge(free.used());
        }
        // Window sub-MIPs around the incumbent, then branch and bound.
        let stage_end = budget.used() + (SUBMIP_SHARE * limit) as u64;
        let one = (ONE_SUBMIP_SHARE * limit) as u64;
        let h = inst.horizon.max(1);
        let width = (h / 4).max(1);
        let mut a = 0;
        while a < h {
            let (Some((inc, _)), true) = (&best, gap_of(obj(&best), lower_bound) > gap_target)
            else {
                break;
            };
            if budget.used() >= stage_end || budget.out_of_work() {
                break;
            }
            let cnt = &inc.x;
            let bounds: Vec<(f64, f64)> = inst
                .columns
                .iter()
                .zip(cnt)
                .map(|(c, &x)| {
                    let s = c.segments.first().map_or(0, |s| s.0) % h;
                    let inside = if inst.cyclic {
                        (s + h - a) % h < width
                    } else {
                        s >= a && s < a + width
                    };
                    if inside {
                        (0.0, f64::INFINITY)
                    } else {
                        (x.round(), x.round())
                    }
                })
                .collect();
            let sub = Relaxation::new(inst, true, Some(&bounds));
            let hnt = hint(&sub, inc);
            budget.set_stage(one.min(stage_end.saturating_sub(budget.used())));
            let res = solve_mip(&sub, Some(hnt), 0.0, budget);
            budget.clear_stage();
            if let Some(v) = res.values {
                if v.objective < obj(&best) - 1e-7 * obj(&best).abs().max(1.0) {
                    best = Some((v, "LP relaxation, dive, window sub-MIP"));
                }
            }
            a += (width / 2).max(1);
        }
        if gap_of(obj(&best), lower_bound) > gap_target && !budget.out_of_work() {
            let mip = Relaxation::new(inst, true, None);
            let hnt = best.as_ref().map(|b| hint(&mip, &b.0));
            let res = solve_mip(&mip, hnt, gap_target * 0.999, budget);
            if let Some(v) = res.values {
                if v.objective < obj(&best) - 1e-9 {
                    best = Some((v, "branch and bound (microlp), warm-started by the dives"));
                }
            }
            if res.proven {
                lower_bound = lower_bound.max(round_bound(obj(&best)));
            } else if let Some(b) = res.bound {
                lower_bound = lower_bound.max(round_bound(b));
            }
        }
    }
    let objective = obj(&best);
    lower_bound = lower_bound.min(objective);
    let gap = if objective.is_finite() {
        gap_of(objective, lower_bound)
    } else {
        1.0
    };
    let proven = objective.is_finite() && gap == 0.0;
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
    let method = best.as_ref().map_or("none", |b| b.1).to_string();
    (
        best.map(|b| b.0),
        SolveStats {
            objective: if objective.is_finite() {
                objective
            } else {
                0.0
            },
            lower_bound,
            gap,
            proven_optimal: proven,
            method,
            lp_size: rel.size,
            lp_seconds,
            exact_seconds: t0.elapsed().as_secs_f64(),
            seconds: started.elapsed().as_secs_f64(),
            work_used: budget.used(),
            work_limit: budget.limit(),
            stopped_by,
            notes,
        },
    )
}

/// Schedule shifts for skill groups `groups` to cover the per-queue requirement `req` with
/// the templates of `set` (least cost; see the module docs for the model).
pub fn schedule_skills(
    set: &ShiftSet,
    groups: &[SkillGroup],
    req: &SkillRequirements,
    opts: &ScheduleOptions,
) -> Result<SkillSchedule> {
    set.validate()?;
    check_groups(groups, req.queues.len())?;
    if opts.objective != Objective::Cost {
        return Err(Error::invalid(
            "objective",
            "the cost objective with skill groups",
            "service",
        ));
    }
    if set.overstaffing_penalty.is_some() {
        return Err(Error::invalid(
            "shifts.overstaffing_penalty",
            "null with skill groups (surplus is not priced per queue)",
            "a number",
        ));
    }
    let mut budget = opts.budget()?;
    let n_q = req.queues.len();
    // One group with every skill and no headcount: the single-pool model, exactly.
    if groups.len() == 1 && (0..n_q).all(|q| groups[0].skills.contains(&q)) {
        let total = Requirements::new(req.grid, req.total(), None)?;
        let mut ex = super::build_instance(set, &total, Objective::Cost)?;
        let caps = group_caps(&groups[0], &ex.candidates, 0);
        ex.instance.groups.extend(caps);
        let (units, stats) = super::solve::solve(&ex.instance, &mut budget, opts.gap_target);
        let cov = super::search::coverage_of(&ex.instance, &units);
        // Split the pool among queues in queue order (any split is optimal).
        let split: Vec<Vec<Vec<f64>>> = cov
            .iter()
            .enumerate()
            .map(|(t, &c)| {
                let mut left = c;
                vec![(0..n_q)
                    .map(|q| {
                        let r = req.agents[q].get(t).copied().unwrap_or(0.0);
                        let y = left.min(r).max(0.0);
                        left -= y;
                        y
                    })
                    .collect()]
            })
            .collect();
        return Ok(report(
            set,
            groups,
            req,
            &ex.instance,
            &ex.candidates,
            &units,
            &[cov],
            &split,
            &stats,
        ));
    }
    let si = build(set, groups, req)?;
    let (best, stats) = solve_pools(&si.inst, &mut budget, opts.gap_target);
    let units = best
        .as_ref()
        .map(|v| units_from_counts(&si.inst, v))
        .unwrap_or_default();
    let pools = groups.len();
    let mut on_duty = vec![vec![0.0; req.grid.len]; pools];
    let col_pool = si.inst.skills.as_ref().map(|s| s.column_pool.clone());
    for u in &units {
        let g = col_pool
            .as_ref()
            .and_then(|p| p.get(u.column).copied())
            .unwrap_or(0);
        for t in worked_intervals(&si.inst, u.column, &u.breaks) {
            if let Some(c) = on_duty.get_mut(g).and_then(|r| r.get_mut(t)) {
                *c += 1.0;
            }
        }
    }
    let mut split = vec![vec![vec![0.0; n_q]; pools]; req.grid.len];
    if let Some(v) = &best {
        let rel_transfer = transfer_index(&si.inst);
        for (&(g, q, t), y) in rel_transfer.iter().zip(&v.transfer) {
            if let Some(s) = split
                .get_mut(t)
                .and_then(|s| s.get_mut(g))
                .and_then(|s| s.get_mut(q))
            {
                *s = (y * 1e6).round() / 1e6;
            }
        }
    }
    Ok(report(
        set,
        groups,
        req,
        &si.inst,
        &si.candidates,
        &units,
        &on_duty,
        &split,
        &stats,
    ))
}

/// `(pool, queue, interval)` of each transfer variable, in [`Relaxation`]'s order.
fn transfer_index(inst: &Instance) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    if let Some(sk) = &inst.skills {
        for (g, qs) in sk.pool_skills.iter().enumerate() {
            for &q in qs {
                for t in 0..inst.horizon {
                    out.push((g, q, t));
                }
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn report(
    set: &ShiftSet,
    groups: &[SkillGroup],
    req: &SkillRequirements,
    inst: &Instance,
    candidates: &[Candidate],
    units: &[Unit],
    on_duty: &[Vec<f64>],
    split: &[Vec<Vec<f64>>],
    stats: &SolveStats,
) -> SkillSchedule {
    let grid = &req.grid;
    let pools = groups.len();
    let pool_of = |j: usize| {
        inst.skills
            .as_ref()
            .and_then(|s| s.column_pool.get(j).copied())
            .unwrap_or(0)
    };
    let (mut cost, mut paid) = (0.0, 0.0);
    let mut group_out = Vec::with_capacity(pools);
    for (g, grp) in groups.iter().enumerate() {
        let mine: Vec<Unit> = units
            .iter()
            .filter(|u| pool_of(u.column) == g)
            .cloned()
            .collect();
        let list = shift_list(set, grid, inst, candidates, &mine);
        cost += list.cost;
        paid += list.paid;
        let mut per_day: std::collections::BTreeMap<usize, u32> = Default::default();
        for u in &mine {
            if let Some(c) = candidates.get(u.column) {
                *per_day.entry(c.day).or_default() += 1;
            }
        }
        group_out.push(GroupSchedule {
            group: grp.id.clone(),
            shift_count: mine.len() as u32,
            paid_hours: round6(list.paid),
            shifts: list.shifts,
            max_agents_per_day: per_day.values().copied().max().unwrap_or(0),
        });
    }
    let mut warnings = Vec::new();
    let mut queues = Vec::with_capacity(req.queues.len());
    let mut penalty = 0.0;
    let w = &inst.under_weight;
    for (q, name) in req.queues.iter().enumerate() {
        let coverage: Vec<IntervalOut> = (0..grid.len)
            .map(|t| {
                let r = req.agents[q].get(t).copied().unwrap_or(0.0);
                let s: f64 = (0..pools)
                    .map(|g| {
                        split
                            .get(t)
                            .and_then(|s| s.get(g))
                            .and_then(|s| s.get(q))
                            .copied()
                            .unwrap_or(0.0)
                    })
                    .sum();
                let s = round6(s);
                IntervalOut {
                    timestamp: Timestamp(grid.time(t)),
                    required: r,
                    scheduled: s,
                    under: round6((r - s).max(0.0)),
                    over: round6((s - r).max(0.0)),
                }
            })
            .collect();
        let understaffed: Vec<IntervalOut> = coverage
            .iter()
            .filter(|c| c.under > 1e-9)
            .cloned()
            .collect();
        let total: f64 = coverage.iter().map(|c| c.under).sum();
        penalty += coverage
            .iter()
            .enumerate()
            .map(|(t, c)| c.under * w.get(t).copied().unwrap_or(0.0))
            .sum::<f64>();
        if set.understaffing_penalty.is_none() && total > 1e-9 {
            warnings.push(format!(
                "coverage of queue {name} is hard but was not met ({} agent-intervals short in {} intervals)",
                round6(total),
                understaffed.len()
            ));
        }
        queues.push(QueueCoverage {
            queue: name.clone(),
            coverage,
            understaffed,
            understaffed_agent_intervals: round6(total),
        });
    }
    warnings.extend(stats.notes.iter().map(|n| n.message.clone()));
    let intervals = (0..grid.len)
        .map(|t| SkillInterval {
            timestamp: Timestamp(grid.time(t)),
            on_duty: on_duty
                .iter()
                .map(|r| r.get(t).copied().unwrap_or(0.0))
                .collect(),
            split: split.get(t).cloned().unwrap_or_default(),
        })
        .collect();
    SkillSchedule {
        cost: round6(cost),
        paid_hours: round6(paid),
        shift_count: units.len() as u32,
        objective: round6(stats.objective),
        penalty: round6(penalty),
        lower_bound: round6(stats.lower_bound),
        gap: round6(stats.gap),
        proven_optimal: stats.proven_optimal,
        groups: group_out,
        queues,
        intervals,
        solver: SolverOut::new(stats, candidates.len()),
        warnings,
    }
}
