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
use super::roster::{PlanRoster, SolverRun, StoppedBy};
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
        let caps = frame
            .groups()
            .iter()
            .map(|g| group_capacity(frame, g))
            .collect();
        let parts = schedule_groups(frame, groups, caps, &opts)?;
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

/// Rounds of [`reschedule_stage`] a plan makes at most (each: the unstaffed shifts handed on,
/// then the roster again). 4 rather than 2: on 11 held-out centres, unstaffed shifts 17 -> 9
/// for +0.2 s.
pub const RESCHEDULE_ROUNDS: usize = 4;

/// Shifts of the schedule a roster left without an agent (the shortages' missing agents).
pub fn unstaffed(roster: &PlanRoster) -> u32 {
    roster
        .shortages
        .iter()
        .map(|s| s.requirement.saturating_sub(s.assigned))
        .sum()
}

/// The schedule again around what a multi-skill roster could not staff (the roster's feedback
/// to stage 3): each scheduled shift the roster left without an agent is handed, at the same
/// times and breaks, to a narrower group (skills a proper subset of its group's, so its agents
/// answer part of the same work) that still has room within its contracts' shifts and paid
/// minutes ([`GroupCapacity`]) and its headcount that day: the widest such group, then the one
/// with the scarcest skill (as stage 3's pass-down), then one with an agent the roster found
/// free for the shift that day (the shortage's `trainable`), then the most shifts to spare,
/// then the first. A shift no narrower group can take stays as it was. `None` for one team, when every shift is staffed, or when no shift could move.
///
/// Why: the group caps of [`GroupCapacity`] are what the contracts allow in total, but a
/// roster must also pack each agent's shifts into days with 11 h rest, at most so many days in
/// a row and one shift a day; for a cross-trained group of two to five agents scheduled at its
/// contract minutes that packing is what fails (on examples/skills.json and the held-out
/// centres of `benches/skills_heldout.py` nearly every unstaffed shift was a small
/// cross-trained group's). A narrower group's agents then work the shift and answer the part
/// of its work they have the skills for; solving stage 3 again with the group capped instead
/// (tried: it passes the capped work down the same way) doubled the plan's time for the same
/// staffing.
pub fn reschedule_stage(
    frame: &Frame,
    req: &Checked<HorizonRequirements>,
    sched: &CheckedSchedule,
    roster: &PlanRoster,
) -> Result<Option<CheckedSchedule>> {
    let Some(groups) = req.groups.as_deref() else {
        return Ok(None);
    };
    if unstaffed(roster) == 0 {
        return Ok(None);
    }
    let fgs = frame.groups();
    let day0 = frame.scenario().horizon.start;
    let templates = &frame.scenario().shifts.templates;
    let caps: Vec<Option<GroupCapacity>> = fgs.iter().map(|g| group_capacity(frame, g)).collect();
    let ng = fgs.len();
    let scarce: Vec<f64> = {
        let by_queue = scarcity(frame, groups, &caps);
        fgs.iter()
            .map(|g| {
                g.skills
                    .iter()
                    .map(|&q| by_queue.get(q).copied().unwrap_or(f64::INFINITY))
                    .fold(f64::INFINITY, f64::min)
            })
            .collect()
    };
    let mut shifts_of = vec![0u32; ng];
    let mut minutes_of = vec![0u64; ng];
    let mut per_day: BTreeMap<(usize, i64), u32> = BTreeMap::new();
    let paid = |o: &crate::schedule::report::ShiftOut| (o.paid_hours * 60.0).round() as u64;
    for (sh, out) in sched.shifts.iter().zip(&sched.schedule.shifts) {
        let g = sh.group.min(ng.saturating_sub(1));
        shifts_of[g] += sh.count;
        minutes_of[g] += u64::from(sh.count) * paid(out);
        *per_day
            .entry((g, (sh.start.date() - day0).num_days()))
            .or_default() += sh.count;
    }
    let room = |h: usize, shifts_of: &[u32], minutes_of: &[u64], m: u64| match caps[h] {
        Some(c) => {
            shifts_of[h] < c.max_shifts
                && c.max_paid_minutes
                    .map_or(true, |x| minutes_of[h] + m <= u64::from(x))
        }
        None => true,
    };
    let mut out = sched.schedule.clone();
    let mut moved = 0u32;
    let mut taken: Vec<(usize, i64)> = Vec::new();
    let mut extra: Vec<crate::schedule::report::ShiftOut> = Vec::new();
    for short in &roster.shortages {
        let Some(t) = roster.shift_types.get(short.shift) else {
            continue;
        };
        let Some(g) = fgs.iter().position(|x| Some(&x.id) == t.group.as_ref()) else {
            continue;
        };
        let mut missing = short.requirement.saturating_sub(short.assigned);
        for (k, sh) in sched.shifts.iter().enumerate() {
            if missing == 0 {
                break;
            }
            let same = sh.group == g
                && (sh.start.date() - day0).num_days() == short.day as i64
                && chrono::Timelike::num_seconds_from_midnight(&sh.start.time())
                    == t.start.minutes() * 60
                && templates
                    .get(sh.template)
                    .is_some_and(|x| x.name == t.template);
            if !same {
                continue;
            }
            let day = short.day as i64;
            while missing > 0 && out.shifts[k].count > 0 {
                let m = paid(&out.shifts[k]);
                let narrower = |h: usize| {
                    fgs[h].skills.len() < fgs[g].skills.len()
                        && fgs[h].skills.iter().all(|q| fgs[g].skills.contains(q))
                };
                // An agent of group h the roster found free for it that day, without some of
                // its skills (`trainable`): that group can surely staff it.
                let free = |h: usize| {
                    short.trainable.iter().find_map(|id| {
                        let a = frame.scenario().agents.iter().position(|a| &a.id == id)?;
                        (fgs[h].agents.contains(&a) && !taken.contains(&(a, day))).then_some(a)
                    })
                };
                let below = (0..ng).filter(|&h| {
                    narrower(h)
                        && per_day.get(&(h, day)).copied().unwrap_or(0)
                            < fgs[h].max_agents.unwrap_or(u32::MAX)
                        && room(h, &shifts_of, &minutes_of, m)
                });
                let spare = |h: usize| {
                    caps[h].map_or(i64::MAX, |c| {
                        i64::from(c.max_shifts) - i64::from(shifts_of[h])
                    })
                };
                let widest = below.max_by(|&a, &b| {
                    fgs[a]
                        .skills
                        .len()
                        .cmp(&fgs[b].skills.len())
                        .then(scarce[b].total_cmp(&scarce[a]))
                        .then(free(a).is_some().cmp(&free(b).is_some()))
                        .then(spare(a).cmp(&spare(b)))
                        .then(b.cmp(&a))
                });
                let Some(h) = widest else {
                    break;
                };
                if let Some(a) = free(h) {
                    taken.push((a, day));
                }
                out.shifts[k].count -= 1;
                let mut one = out.shifts[k].clone();
                one.count = 1;
                one.group = Some(fgs[h].id.clone());
                extra.push(one);
                shifts_of[g] -= 1;
                minutes_of[g] = minutes_of[g].saturating_sub(m);
                shifts_of[h] += 1;
                minutes_of[h] += m;
                *per_day.entry((h, day)).or_default() += 1;
                missing -= 1;
                moved += 1;
            }
        }
    }
    if moved == 0 {
        return Ok(None);
    }
    out.shifts.retain(|s| s.count > 0);
    // One entry per (group, template, start, breaks), in the schedule's order.
    for one in extra {
        match out.shifts.iter_mut().find(|s| {
            s.group == one.group
                && s.template == one.template
                && s.start == one.start
                && s.breaks == one.breaks
        }) {
            Some(s) => s.count += 1,
            None => out.shifts.push(one),
        }
    }
    out.solver.method = format!(
        "{}; {moved} shifts the roster could not staff handed to narrower groups",
        out.solver.method
    );
    frame.schedule("schedule", out).map(Some)
}

/// Per queue: the capacity of the groups with its skill over its groups' positions (the
/// lower, the scarcer the skill).
fn scarcity(
    frame: &Frame,
    groups: &[GroupRequirement],
    caps: &[Option<GroupCapacity>],
) -> Vec<f64> {
    let fgs = frame.groups();
    (0..frame.scenario().queues.len())
        .map(|q| {
            let (mut supply, mut demand) = (0.0, 0.0);
            for (g, fg) in fgs
                .iter()
                .enumerate()
                .filter(|(_, fg)| fg.skills.contains(&q))
            {
                supply += caps
                    .get(g)
                    .copied()
                    .flatten()
                    .map_or(f64::INFINITY, |c| c.on_duty_intervals);
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
        .collect()
}

/// Each group's shifts, most flexible groups first, passing what they leave over or short
/// down to the groups whose skills they include (see the module docs).
fn schedule_groups(
    frame: &Frame,
    groups: &[GroupRequirement],
    caps: Vec<Option<GroupCapacity>>,
    opts: &ScheduleOptions,
) -> Result<Vec<Option<SkillSchedule>>> {
    let s = frame.scenario();
    let fgs = frame.groups();
    let n = frame.len();
    // What each group still has to cover: stage 2's positions, plus the shortfall of wider
    // groups passed down, minus their surplus passed down.
    let mut need: Vec<Vec<i64>> = groups
        .iter()
        .map(|g| g.positions.iter().map(|&p| i64::from(p)).collect())
        .collect();
    // Per queue: the capacity of the groups with its skill over its groups' positions (the
    // lower, the scarcer the skill).
    let scarcity = scarcity(frame, groups, &caps);
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
        // Those this group's surplus may stand in for: not a voice group its chats would draw
        // the agents away from.
        let takes_surplus: Vec<usize> = below
            .iter()
            .copied()
            .filter(|&h| !frame.chat_draws_away(&fg.skills, &fgs[h].skills))
            .collect();
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
                let Some(h) = takes_surplus
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
