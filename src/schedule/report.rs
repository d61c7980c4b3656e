//! The schedule a planner reads: shifts with their breaks and counts, coverage against the
//! requirement per interval (under/over), cost, paid hours, FTE, and the proof of quality
//! (lower bound and gap) with solve times.

use super::budget::StoppedBy;
use super::candidates::Candidate;
use super::model::{Instance, LpSize};
use super::search::{coverage_of, Unit};
use super::solve::{Note, SolveStats};
use super::template::ShiftSet;
use crate::time::{Grid, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A solved schedule (the JSON of `paiban schedule`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// Total shift cost (premiums included, penalties excluded).
    pub cost: f64,
    /// Paid hours of all shifts.
    pub paid_hours: f64,
    /// Full-time equivalents: paid hours / (hours per FTE-week x weeks in the horizon), when
    /// the hours of an FTE-week were given.
    pub fte: Option<f64>,
    /// Number of shifts (agents-days).
    pub shift_count: u32,
    /// Objective minimised: weighted cost plus the price of shortfall and surplus.
    pub objective: f64,
    /// Price of shortfall and surplus included in the objective.
    pub penalty: f64,
    /// Proven lower bound on the objective (LP relaxation, or the exact optimum).
    pub lower_bound: f64,
    /// Proven optimality gap `(objective - lower_bound) / objective`.
    pub gap: f64,
    /// Whether the schedule is proven optimal.
    pub proven_optimal: bool,
    /// Agent-intervals short in total.
    pub understaffed_agent_intervals: f64,
    /// Agent-intervals above the requirement in total.
    pub overstaffed_agent_intervals: f64,
    /// The shifts: template, start, end, breaks, count.
    pub shifts: Vec<ShiftOut>,
    /// Coverage per interval.
    pub coverage: Vec<IntervalOut>,
    /// Intervals with fewer agents than required.
    pub understaffed: Vec<IntervalOut>,
    /// Shifts and paid hours per template.
    pub templates: Vec<TemplateSummary>,
    /// Solver figures.
    pub solver: SolverOut,
    /// Things the planner should know (a limit that prevents full coverage, a time limit hit).
    pub warnings: Vec<String>,
}

/// Shifts of one template with identical start and break times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftOut {
    /// Template name.
    pub template: String,
    /// Start (local time on the grid).
    pub start: Timestamp,
    /// End (exclusive). In a cyclic horizon it may lie past the end; it then wraps.
    pub end: Timestamp,
    /// Breaks of each of these shifts.
    pub breaks: Vec<BreakOut>,
    /// How many agents work this shift.
    pub count: u32,
    /// Paid hours of one shift.
    pub paid_hours: f64,
    /// Cost of one shift.
    pub cost: f64,
    /// Skill group working these shifts (a multi-skill plan's schedule); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// A break of a scheduled shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakOut {
    /// Start (local time on the grid).
    pub start: Timestamp,
    /// Length in minutes.
    pub minutes: u32,
    /// Whether it is paid.
    pub paid: bool,
}

/// Coverage of one interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntervalOut {
    /// Interval start.
    pub timestamp: Timestamp,
    /// Agents required.
    pub required: f64,
    /// Agents at work (not on break).
    pub scheduled: f64,
    /// `max(0, required - scheduled)`.
    pub under: f64,
    /// `max(0, scheduled - required)`.
    pub over: f64,
}

/// Totals of one template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateSummary {
    /// Template name.
    pub template: String,
    /// Shifts scheduled.
    pub shifts: u32,
    /// Their paid hours.
    pub paid_hours: f64,
}

/// Solver figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SolverOut {
    /// Method that produced the schedule.
    pub method: String,
    /// Candidate shifts (LP columns for shift counts).
    pub candidates: usize,
    /// LP relaxation size.
    pub lp: LpSize,
    /// Seconds in the LP relaxation.
    pub lp_seconds: f64,
    /// Seconds in branch and bound.
    pub exact_seconds: f64,
    /// Total solve seconds.
    pub solve_seconds: f64,
    /// Work units used (deterministic).
    pub work_used: u64,
    /// The work limit.
    pub work_limit: u64,
    /// Why the solver stopped.
    pub stopped_by: StoppedBy,
    /// Typed notes (code and parameters, with the English sentence that is also in
    /// `warnings`).
    pub notes: Vec<Note>,
}

impl SolverOut {
    /// The solver figures of `stats` for an instance of `candidates` candidate shifts.
    pub fn new(stats: &SolveStats, candidates: usize) -> SolverOut {
        SolverOut {
            method: stats.method.clone(),
            candidates,
            lp: stats.lp_size,
            lp_seconds: stats.lp_seconds,
            exact_seconds: stats.exact_seconds,
            solve_seconds: stats.seconds,
            work_used: stats.work_used,
            work_limit: stats.work_limit,
            stopped_by: stats.stopped_by,
            notes: stats.notes.clone(),
        }
    }
}

/// `x` rounded to 6 decimals (the precision of every reported figure).
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Shifts grouped by identical template, start and breaks, with totals.
pub struct ShiftList {
    /// The shifts, by start then template.
    pub shifts: Vec<ShiftOut>,
    /// Shifts and paid hours per template index.
    pub per_template: BTreeMap<usize, (u32, f64)>,
    /// Total shift cost.
    pub cost: f64,
    /// Total paid hours.
    pub paid: f64,
}

/// The planner's shift list of `units`.
pub fn shift_list(
    set: &ShiftSet,
    grid: &Grid,
    inst: &Instance,
    candidates: &[Candidate],
    units: &[Unit],
) -> ShiftList {
    let mut grouped: BTreeMap<&Unit, u32> = BTreeMap::new();
    for u in units {
        *grouped.entry(u).or_default() += 1;
    }
    let mut shifts = Vec::new();
    let mut per_template: BTreeMap<usize, (u32, f64)> = BTreeMap::new();
    let (mut cost, mut paid) = (0.0, 0.0);
    for (u, count) in grouped {
        let (Some(c), Some(col)) = (candidates.get(u.column), inst.columns.get(u.column)) else {
            continue;
        };
        let Some(t) = set.templates.get(c.template) else {
            continue;
        };
        let breaks = col
            .breaks
            .iter()
            .zip(&u.breaks)
            .zip(&t.breaks)
            .map(|((_, &p), b)| BreakOut {
                start: Timestamp(grid.time(p)),
                minutes: b.minutes,
                paid: b.paid,
            })
            .collect();
        let ph = c.paid_minutes as f64 / 60.0;
        cost += c.cost * count as f64;
        paid += ph * count as f64;
        let e = per_template.entry(c.template).or_default();
        e.0 += count;
        e.1 += ph * count as f64;
        shifts.push(ShiftOut {
            template: t.name.clone(),
            start: Timestamp(grid.time(c.start)),
            end: Timestamp(grid.time(c.start + c.len)),
            breaks,
            count,
            paid_hours: round6(ph),
            cost: round6(c.cost),
            group: None,
        });
    }
    shifts.sort_by(|a, b| (&a.start, &a.template).cmp(&(&b.start, &b.template)));
    ShiftList {
        shifts,
        per_template,
        cost,
        paid,
    }
}

/// Build the report of `units` (integer schedule) for the planner.
#[allow(clippy::too_many_arguments)]
pub fn build(
    set: &ShiftSet,
    grid: &Grid,
    inst: &Instance,
    candidates: &[Candidate],
    units: &[Unit],
    stats: &SolveStats,
    fte_hours_per_week: Option<f64>,
    mut warnings: Vec<String>,
) -> Schedule {
    let m = grid.interval_minutes;
    let cov = coverage_of(inst, units);
    let ShiftList {
        shifts,
        per_template,
        cost,
        paid,
    } = shift_list(set, grid, inst, candidates, units);
    let coverage: Vec<IntervalOut> = cov
        .iter()
        .enumerate()
        .map(|(t, &s)| {
            let r = inst.requirement.get(t).copied().unwrap_or(0.0);
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
    let under_total: f64 = coverage.iter().map(|c| c.under).sum();
    let over_total: f64 = coverage.iter().map(|c| c.over).sum();
    if set.understaffing_penalty.is_none() && under_total > 1e-9 {
        warnings.push(format!(
            "coverage is hard but was not met ({} agent-intervals short in {} intervals): max_per_day limits, the start windows or the time limit leave these intervals uncovered",
            round6(under_total),
            understaffed.len()
        ));
    }
    warnings.extend(stats.notes.iter().map(|n| n.message.clone()));
    let weeks = grid.len as f64 * m as f64 / (7.0 * 24.0 * 60.0);
    let fte = fte_hours_per_week
        .filter(|h| *h > 0.0)
        .map(|h| round6(paid / (h * weeks)));
    let penalty: f64 = cov
        .iter()
        .enumerate()
        .map(|(t, c)| inst.penalty(t, *c))
        .sum();
    Schedule {
        cost: round6(cost),
        paid_hours: round6(paid),
        fte,
        shift_count: units.len() as u32,
        objective: round6(stats.objective),
        penalty: round6(penalty),
        lower_bound: round6(stats.lower_bound),
        gap: round6(stats.gap),
        proven_optimal: stats.proven_optimal,
        understaffed_agent_intervals: round6(under_total),
        overstaffed_agent_intervals: round6(over_total),
        shifts,
        coverage,
        understaffed,
        templates: per_template
            .into_iter()
            .filter_map(|(ti, (n, h))| {
                set.templates.get(ti).map(|t| TemplateSummary {
                    template: t.name.clone(),
                    shifts: n,
                    paid_hours: round6(h),
                })
            })
            .collect(),
        solver: SolverOut::new(stats, candidates.len()),
        warnings,
    }
}
