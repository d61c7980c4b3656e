//! Stage 3: the least-cost shift schedule covering the positions, within the scenario's
//! solver budget.
//!
//! A multi-skill centre is scheduled per skill group: the interval staffing of stage 2 already
//! chose how many agents of each group (pooling and skill transfer happen there, by the
//! Bhulai–Koole–Pot LP and the correction loop), so each group's positions are covered by its
//! own shifts (`schedule::skills::schedule_skills` with that one group: the single-pool solver
//! with the group's headcount per day), within the scenario's work budget per group.
//!
//! The groups are scheduled most flexible first, and what a group's shifts leave over or short
//! is passed down to the groups whose skills it includes, in the spirit of the substitution
//! step of Bhulai, Koole & Pot (an agent with more skills can do the work of one with fewer):
//! each agent left over at an interval stands in for one position of the narrower group that
//! still needs the most there, and each position left short becomes one more position of the
//! widest narrower group with the scarcest skill (the least capacity per position). Small
//! cross-trained groups schedule in lumps; passing their surplus down is what makes the
//! multi-skill schedule cheaper than dedicated teams (see benches/README.md). The full
//! covering model with skill-transfer variables over all groups at once proved too large for
//! a week (7 groups x 336 intervals: no integer schedule within 50 M work units), so it is
//! not used here. The schedule lists every group's shifts with their `group`; its coverage
//! is the total against the summed positions (per-group shortfalls are in
//! `requirements.groups` against `skills.at_work`); its lower bound is the sum of the groups'
//! bounds on their passed-down requirements (a bound of this sequential model).

use super::capacity::{group_capacity, GroupCapacity};
use super::frame::{Checked, CheckedSchedule, Frame};
use super::roster::{SolverRun, StoppedBy};
use crate::error::{Error, Result};
use crate::schedule::report::{IntervalOut, TemplateSummary};
use crate::schedule::requirements::Requirements;
use crate::schedule::skills::{schedule_skills, SkillGroup, SkillRequirements, SkillSchedule};
use crate::schedule::{schedule, Objective, Schedule, ScheduleOptions};
use crate::staffing::horizon::HorizonRequirements;
use crate::staffing::skills::GroupRequirement;
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
        let parts = schedule_groups(frame, groups, &opts)?;
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

/// Each group's shifts, most flexible groups first, passing what they leave over or short
/// down to the groups whose skills they include (see the module docs).
fn schedule_groups(
    frame: &Frame,
    groups: &[GroupRequirement],
    opts: &ScheduleOptions,
) -> Result<Vec<Option<SkillSchedule>>> {
    let s = frame.scenario();
    let fgs = frame.groups();
    let n = frame.len();
    let caps: Vec<Option<GroupCapacity>> = fgs.iter().map(|g| group_capacity(frame, g)).collect();
    // What each group still has to cover: stage 2's positions, plus the shortfall of wider
    // groups passed down, minus their surplus passed down.
    let mut need: Vec<Vec<i64>> = groups
        .iter()
        .map(|g| g.positions.iter().map(|&p| i64::from(p)).collect())
        .collect();
    // Per queue: the capacity of the groups with its skill over its groups' positions (the
    // lower, the scarcer the skill).
    let nq = s.queues.len();
    let scarcity: Vec<f64> = (0..nq)
        .map(|q| {
            let (mut supply, mut demand) = (0.0, 0.0);
            for (g, fg) in fgs
                .iter()
                .enumerate()
                .filter(|(_, fg)| fg.skills.contains(&q))
            {
                supply += caps[g].map_or(f64::INFINITY, |c| c.on_duty_intervals);
                demand += groups.get(g).map_or(0.0, |r| {
                    r.positions.iter().map(|&p| f64::from(p)).sum::<f64>() / fg.skills.len() as f64
                });
            }
            if demand > 0.0 {
                supply / demand
            } else {
                f64::INFINITY
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..groups.len().min(fgs.len())).collect();
    order.sort_by_key(|&g| (std::cmp::Reverse(fgs[g].skills.len()), g));
    let mut parts: Vec<Option<SkillSchedule>> = vec![None; groups.len()];
    for (k, &gi) in order.iter().enumerate() {
        let (g, fg) = (&groups[gi], &fgs[gi]);
        let row: Vec<f64> = need[gi].iter().map(|&p| p.max(0) as f64).collect();
        let on_duty: Vec<f64> = if row.iter().all(|&p| p <= 0.0) {
            vec![0.0; n]
        } else {
            let sreq = SkillRequirements::new(*frame.grid(), vec![g.id.clone()], vec![row.clone()])
                .map_err(|e| e.within(&format!("requirements.groups[{gi}]")))?;
            let one = SkillGroup {
                id: g.id.clone(),
                skills: vec![0],
                max_agents: caps[gi].map_or(fg.max_agents, |c| Some(c.per_day)),
                max_shifts: caps[gi].map(|c| c.max_shifts),
                max_paid_minutes: caps[gi].and_then(|c| c.max_paid_minutes),
            };
            let sk = schedule_skills(&s.shifts, &[one], &sreq, opts)
                .map_err(|e| e.within(&format!("schedule (group {})", g.id)))?;
            let cov = (0..n)
                .map(|t| sk.intervals.get(t).map_or(0.0, |i| i.on_duty.iter().sum()))
                .collect();
            parts[gi] = Some(sk);
            cov
        };
        // The groups still to schedule whose skills are a proper subset of this one's.
        let below: Vec<usize> = order[k + 1..]
            .iter()
            .copied()
            .filter(|&h| {
                fgs[h].skills.len() < fg.skills.len()
                    && fgs[h].skills.iter().all(|q| fg.skills.contains(q))
            })
            .collect();
        if below.is_empty() {
            continue;
        }
        let widest = below
            .iter()
            .map(|&h| fgs[h].skills.len())
            .max()
            .unwrap_or(0);
        let mut planned: Vec<f64> = need
            .iter()
            .map(|r| r.iter().map(|&p| p.max(0) as f64).sum())
            .collect();
        for t in 0..n {
            let diff = on_duty[t] - row[t];
            // Surplus: each agent left over stands in for one of the group below that still
            // needs the most at `t`.
            let mut surplus = (diff + 1e-9).floor().max(0.0) as i64;
            while surplus > 0 {
                let Some(h) = below
                    .iter()
                    .copied()
                    .filter(|&h| need[h][t] > 0)
                    .max_by_key(|&h| (need[h][t], std::cmp::Reverse(h)))
                else {
                    break;
                };
                need[h][t] -= 1;
                surplus -= 1;
            }
            // Shortfall: each agent missing goes to the widest group below that has the
            // scarcest skill, then the most capacity left.
            let mut short = (-diff - 1e-9).ceil().max(0.0) as i64;
            while short > 0 {
                let left =
                    |h: usize| caps[h].map_or(f64::INFINITY, |c| c.on_duty_intervals) - planned[h];
                let scarce = |h: usize| {
                    fgs[h]
                        .skills
                        .iter()
                        .map(|&q| scarcity.get(q).copied().unwrap_or(f64::INFINITY))
                        .fold(f64::INFINITY, f64::min)
                };
                let Some(h) = below
                    .iter()
                    .copied()
                    .filter(|&h| fgs[h].skills.len() == widest)
                    .min_by(|&a, &b| {
                        scarce(a)
                            .total_cmp(&scarce(b))
                            .then(left(b).total_cmp(&left(a)))
                            .then(a.cmp(&b))
                    })
                else {
                    break;
                };
                need[h][t] += 1;
                planned[h] += 1.0;
                short -= 1;
            }
        }
    }
    Ok(parts)
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
        portfolio: None,
    }
}
