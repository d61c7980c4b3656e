//! Stage 3: the least-cost shift schedule covering the positions, within the scenario's
//! solver budget.
//!
//! A multi-skill centre is scheduled per skill group: the interval staffing of stage 2 already
//! chose how many agents of each group (pooling and skill transfer happen there, by the
//! Bhulai–Koole–Pot LP and the correction loop), so each group's positions are covered by its
//! own shifts (`schedule::skills::schedule_skills` with that one group: the single-pool solver
//! with the group's daily headcount), within the scenario's work budget per group. The full
//! covering model with skill-transfer variables over all groups at once proved too large for
//! a week (7 groups x 336 intervals: no integer schedule within 50 M work units), so it is
//! not used here. The schedule lists every group's shifts with their `group`; its coverage
//! is the total against the summed positions (per-group shortfalls are in
//! `requirements.groups` against `skills.at_work`); its lower bound is the sum of the groups' bounds (a bound of this per-group
//! model).

use super::frame::{Checked, CheckedSchedule, Frame};
use super::roster::{SolverRun, StoppedBy};
use crate::error::{Error, Result};
use crate::schedule::report::{IntervalOut, TemplateSummary};
use crate::schedule::requirements::Requirements;
use crate::schedule::skills::{schedule_skills, SkillGroup, SkillRequirements, SkillSchedule};
use crate::schedule::{schedule, Objective, Schedule, ScheduleOptions};
use crate::staffing::horizon::HorizonRequirements;
use std::collections::BTreeMap;

/// The least-cost shift schedule covering a checked requirement's positions.
pub fn schedule_stage(
    frame: &Frame,
    req: &Checked<HorizonRequirements>,
) -> Result<CheckedSchedule> {
    let s = frame.scenario();
    let opts = ScheduleOptions {
        work_limit: s.solver.schedule_work,
        time_cap_seconds: Some(s.solver.schedule_cap_seconds()),
        ..ScheduleOptions::new(Objective::Cost)
    };
    if let Some(groups) = &req.groups {
        let mut parts = Vec::with_capacity(groups.len());
        for (gi, (g, fg)) in groups.iter().zip(frame.groups()).enumerate() {
            if g.positions.iter().all(|&p| p == 0) {
                parts.push(None);
                continue;
            }
            let row: Vec<f64> = g.positions.iter().map(|&p| f64::from(p)).collect();
            let sreq = SkillRequirements::new(*frame.grid(), vec![g.id.clone()], vec![row])
                .map_err(|e| e.within(&format!("requirements.groups[{gi}]")))?;
            let one = SkillGroup {
                id: g.id.clone(),
                skills: vec![0],
                max_agents: daily_cap(frame, fg),
            };
            parts.push(Some(
                schedule_skills(&s.shifts, &[one], &sreq, &opts)
                    .map_err(|e| e.within(&format!("schedule (group {})", g.id)))?,
            ));
        }
        return frame.schedule("schedule", flatten(frame, req, parts));
    }
    let positions: Vec<f64> = req.total_positions.iter().map(|&p| f64::from(p)).collect();
    let sched = schedule(
        &s.shifts,
        &Requirements::new(*frame.grid(), positions, None)?,
        &opts,
    )?;
    frame.schedule("schedule", sched)
}

/// Most shifts of a group on one day: declared groups their `max_agents`; named agents the
/// shifts their contracts allow per day on average (`sum of max_minutes / the shortest
/// template's paid minutes / days`, rounded down, at least 1), so the roster can staff every
/// day's shifts of a small group within the weekly limits.
fn daily_cap(frame: &Frame, g: &super::frame::FrameGroup) -> Option<u32> {
    let s = frame.scenario();
    if g.agents.is_empty() {
        return g.max_agents;
    }
    let shift = s
        .shifts
        .templates
        .iter()
        .map(|t| {
            t.length_minutes
                .values()
                .into_iter()
                .max()
                .unwrap_or(480)
                .saturating_sub(
                    t.breaks
                        .iter()
                        .filter(|b| !b.paid)
                        .map(|b| b.minutes)
                        .sum::<u32>(),
                )
        })
        .min()
        .unwrap_or(480)
        .max(1);
    let minutes: f64 = g
        .agents
        .iter()
        .filter_map(|&a| s.agents.get(a))
        .filter_map(|a| s.contracts.iter().find(|c| c.id == a.contract))
        .map(|c| f64::from(c.max_minutes))
        .sum();
    let per_day = (minutes / f64::from(shift) / frame.days().max(1) as f64).floor() as u32;
    Some(per_day.clamp(1, g.agents.len().max(1) as u32))
}

/// A multi-skill schedule as the plan's schedule: every group's shifts (tagged with the
/// group), coverage in total.
fn flatten(
    frame: &Frame,
    req: &HorizonRequirements,
    parts: Vec<Option<SkillSchedule>>,
) -> Schedule {
    let round6 = |x: f64| (x * 1e6).round() / 1e6;
    let solved: Vec<&SkillSchedule> = parts.iter().flatten().collect();
    let mut shifts = Vec::new();
    for sk in &solved {
        for g in &sk.groups {
            for sh in &g.shifts {
                let mut sh = sh.clone();
                sh.group = Some(g.group.clone());
                shifts.push(sh);
            }
        }
    }
    let coverage: Vec<IntervalOut> = (0..frame.len())
        .map(|t| {
            let required = f64::from(req.total_positions.get(t).copied().unwrap_or(0));
            let scheduled: f64 = solved
                .iter()
                .map(|sk| sk.intervals.get(t).map_or(0.0, |i| i.on_duty.iter().sum()))
                .sum();
            let under = (required - scheduled).max(0.0);
            IntervalOut {
                timestamp: super::frame::Timestamp(frame.grid().time(t)),
                required,
                scheduled: round6(scheduled),
                under: round6(under),
                over: round6((scheduled - required).max(0.0)),
            }
        })
        .collect();
    let understaffed: Vec<IntervalOut> = coverage
        .iter()
        .filter(|c| c.under > 1e-9)
        .cloned()
        .collect();
    let mut per_template: BTreeMap<String, (u32, f64)> = BTreeMap::new();
    for sh in &shifts {
        let e = per_template.entry(sh.template.clone()).or_default();
        e.0 += sh.count;
        e.1 += sh.paid_hours * f64::from(sh.count);
    }
    let templates = frame
        .scenario()
        .shifts
        .templates
        .iter()
        .filter_map(|t| {
            per_template.get(&t.name).map(|&(n, h)| TemplateSummary {
                template: t.name.clone(),
                shifts: n,
                paid_hours: round6(h),
            })
        })
        .collect();
    let sum = |f: &dyn Fn(&SkillSchedule) -> f64| round6(solved.iter().map(|s| f(s)).sum());
    let objective = sum(&|s| s.objective);
    let lower_bound = sum(&|s| s.lower_bound);
    let mut solver = solved
        .first()
        .map(|s| s.solver.clone())
        .unwrap_or_else(|| empty_solver(frame));
    solver.method = format!(
        "per skill group ({} groups): {}",
        solved.len(),
        solver.method
    );
    solver.candidates = solved.iter().map(|s| s.solver.candidates).sum();
    solver.lp.columns = solved.iter().map(|s| s.solver.lp.columns).sum();
    solver.lp.rows = solved.iter().map(|s| s.solver.lp.rows).sum();
    // Each group gets the scenario's work budget; `work_used` is their sum.
    solver.work_used = solved.iter().map(|s| s.solver.work_used).sum();
    solver.work_limit = frame.scenario().solver.schedule_work;
    for s in &solved {
        use crate::schedule::budget::StoppedBy as S;
        let rank = |x: S| match x {
            S::ProvenOptimal => 0,
            S::GapTarget | S::Finished => 1,
            S::WorkLimit => 2,
            S::TimeCap => 3,
        };
        if rank(s.solver.stopped_by) > rank(solver.stopped_by) {
            solver.stopped_by = s.solver.stopped_by;
        }
    }
    let gap = if objective > 0.0 {
        round6(((objective - lower_bound) / objective).max(0.0))
    } else {
        0.0
    };
    // One note for the whole schedule, from how its worst group stopped (as one solve's).
    use crate::schedule::solve::{Note, NoteKind, DEFAULT_GAP_TARGET};
    let kind = match solver.stopped_by {
        crate::schedule::budget::StoppedBy::TimeCap => Some(NoteKind::TimeCap {
            work_used: solver.work_used,
            work_limit: solver.work_limit,
        }),
        crate::schedule::budget::StoppedBy::WorkLimit => Some(NoteKind::WorkLimit {
            work_limit: solver.work_limit,
            gap,
            gap_target: DEFAULT_GAP_TARGET,
        }),
        _ => None,
    };
    solver.notes = kind
        .into_iter()
        .map(|kind| Note {
            message: kind.message(),
            kind,
        })
        .collect();
    let warnings = solver.notes.iter().map(|n| n.message.clone()).collect();
    Schedule {
        cost: sum(&|s| s.cost),
        paid_hours: sum(&|s| s.paid_hours),
        fte: None,
        shift_count: solved.iter().map(|s| s.shift_count).sum(),
        objective,
        penalty: sum(&|s| s.penalty),
        lower_bound,
        gap,
        proven_optimal: solved.iter().all(|s| s.proven_optimal),
        understaffed_agent_intervals: round6(coverage.iter().map(|c| c.under).sum()),
        overstaffed_agent_intervals: round6(coverage.iter().map(|c| c.over).sum()),
        shifts,
        understaffed,
        coverage,
        templates,
        solver,
        warnings,
    }
}

/// Solver figures of a schedule with nothing to cover.
fn empty_solver(frame: &Frame) -> crate::schedule::report::SolverOut {
    crate::schedule::report::SolverOut {
        method: "nothing to cover".into(),
        candidates: 0,
        lp: crate::schedule::model::LpSize {
            columns: 0,
            rows: 0,
        },
        lp_seconds: 0.0,
        exact_seconds: 0.0,
        solve_seconds: 0.0,
        work_used: 0,
        work_limit: frame.scenario().solver.schedule_work,
        stopped_by: crate::schedule::budget::StoppedBy::Finished,
        notes: Vec::new(),
    }
}

/// A multi-skill schedule's shifts must each name a group of the scenario (checked with the
/// schedule's shape).
pub(crate) fn check_groups(frame: &Frame, prefix: &str, s: &Schedule) -> Result<()> {
    let multi = frame.multi_skill();
    for (i, sh) in s.shifts.iter().enumerate() {
        let p = super::frame::join(prefix, &format!("shifts[{i}].group"));
        match (&sh.group, multi) {
            (None, false) => {}
            (Some(g), true) if frame.groups().iter().any(|x| &x.id == g) => {}
            (None, true) => {
                return Err(Error::Empty {
                    path: p,
                    expected: "the skill group of each shift (the scenario has several)".into(),
                })
            }
            (Some(g), _) => {
                return Err(Error::invalid(
                    p,
                    "the id of a skill group of the scenario",
                    g,
                ))
            }
        }
    }
    Ok(())
}

/// The schedule's budget, the work it did and what stopped it.
pub fn schedule_run(frame: &Frame, sched: &Schedule) -> SolverRun {
    use crate::schedule::budget::StoppedBy as S;
    let solver = &frame.scenario().solver;
    SolverRun {
        work_budget: solver.schedule_work,
        work: Some(sched.solver.work_used),
        seconds_cap: Some(solver.schedule_cap_seconds()),
        stopped_by: Some(match sched.solver.stopped_by {
            S::ProvenOptimal | S::GapTarget | S::Finished => StoppedBy::Finished,
            S::WorkLimit => StoppedBy::Work,
            S::TimeCap => StoppedBy::TimeCap,
        }),
    }
}
