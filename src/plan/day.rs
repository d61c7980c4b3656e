//! The agent's day inside `paiban plan`: leave decided and honoured by the roster, activities
//! placed into the rostered days, and every agent's day (shift, breaks, sessions, hours off)
//! carried by the plan.
//!
//! Why a stage of its own: [`crate::activities`] and [`crate::leave`] take a finished plan, but a
//! plan made from a scenario with `activities` and `leave` must already show who is in which
//! session and who is off, and its KPIs must count the floor those leave. The order is the one
//! a planning office follows (and commercial suites: NICE IEX time-off then activity scheduling):
//!
//! 1. the roster is made as usual; each leave request is decided first come, first served
//!    against it ([`crate::leave`]: allotment, then service on the roster's floor);
//! 2. granted days off become fixed days off of their agents and the roster is solved again,
//!    so it honours them (the schedule is unchanged: the other agents cover the shifts);
//!    granted hours off stay in the agent's shift as time off the floor;
//! 3. the activities are placed into the final roster, outside breaks and hours off
//!    ([`crate::activities`], least service cost);
//! 4. the KPIs count the agents at work net of sessions and hours off, with the shrinkage
//!    components the activities stand for removed ([`crate::activities::covered_components`]:
//!    meetings for meetings, training for training and coaching, other for other). Breaks and
//!    absence still apply (absence stands for unplanned absence, which leave is not). The
//!    requirements keep the whole shrinkage: it is the allowance the schedule staffed, from
//!    which the sessions are now drawn explicitly.
//!
//! A scenario without activities and leave skips the stage, so its plan is unchanged.

use super::frame::{Checked, CheckedSchedule, Frame};
use super::roster::{roster_coverage, roster_stage_member, PlanRoster, RosteredBreak};
use super::skill_breaks::place_skill_breaks;
use super::{ForecastStage, Timestamp};
use crate::activities::service::{shrinkage_without, ServiceCurve, ShrinkageKind};
use crate::activities::{
    check_activities, covered_components, place_into, shift_spans, take_off, ActivityKind,
    PlacementWarning, SessionGroup, Strategy,
};
use crate::error::{Error, Result};
use crate::leave::{decide, off_span, LeaveDecision, LeaveSpan, Verdict};
use crate::staffing::horizon::HorizonRequirements;
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The agent's day of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanDay {
    /// Shrinkage components the activities stand for, not applied to the KPIs any more.
    pub replaced_shrinkage: Vec<ShrinkageKind>,
    /// Whether the roster was solved again to honour granted days off.
    pub rerostered: bool,
    /// Every rostered shift with its breaks, sessions and hours off, in roster order.
    pub timelines: Vec<AgentTimeline>,
    /// The session groups (an activity's batch at one start), in placement order.
    pub groups: Vec<SessionGroup>,
    /// The leave decisions, in request order (empty without leave).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leave: Vec<LeaveDecision>,
    /// Weekly service per queue without the sessions (hours off taken) and with them.
    pub service: Vec<crate::leave::QueueService>,
    /// Erlang evaluations the placer made (its deterministic work unit).
    pub evaluations: u64,
    /// Attendees not placed as asked (no free time, or no start keeps the service floor).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placement_warnings: Vec<PlacementWarning>,
}

/// One agent on one rostered shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentTimeline {
    /// Agent id.
    pub agent: String,
    /// Day index of the shift.
    pub day: usize,
    /// Shift start.
    pub start: Timestamp,
    /// Shift end.
    pub end: Timestamp,
    /// The shift's breaks (as rostered).
    pub breaks: Vec<RosteredBreak>,
    /// Activity sessions, in start order.
    pub sessions: Vec<DaySession>,
    /// Granted hours off inside the shift (net of breaks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leave: Vec<LeaveHours>,
}

/// One session in an agent's day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaySession {
    /// Index into `scenario.activities`.
    pub activity: usize,
    /// The activity's name.
    pub name: String,
    /// Its kind.
    pub kind: ActivityKind,
    /// Index into [`PlanDay::groups`].
    pub group: usize,
    /// Start.
    pub start: Timestamp,
    /// Length in minutes.
    pub minutes: u32,
}

/// Granted hours off, one stretch inside a shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveHours {
    /// Index into `scenario.leave.requests`.
    pub request: usize,
    /// Start.
    pub start: Timestamp,
    /// Length in minutes.
    pub minutes: u32,
}

fn minutes_from(frame: &Frame, t: NaiveDateTime) -> i64 {
    (t - frame.grid().start).num_minutes()
}

/// Run the stage: `None` when the scenario has neither activities nor leave (the roster is
/// returned as it came). Errors: activities or leave without a roster, bad activity or leave
/// fields (named by path), an activity that cannot be placed.
pub fn day_stage(
    frame: &Frame,
    f: &Checked<ForecastStage>,
    req: &Checked<HorizonRequirements>,
    sched: &CheckedSchedule,
    roster: Option<Checked<PlanRoster>>,
) -> Result<(Option<Checked<PlanRoster>>, Option<PlanDay>)> {
    let s = frame.scenario();
    if s.activities.is_empty() && s.leave.is_none() {
        let roster = roster
            .map(|r| place_skill_breaks(frame, f, req, r))
            .transpose()?;
        return Ok((roster, None));
    }
    let Some(mut ro) = roster else {
        return Err(Error::Empty {
            path: if s.activities.is_empty() {
                "leave".into()
            } else {
                "activities".into()
            },
            expected: "agents, contracts and rules in the scenario (a roster to place into)".into(),
        });
    };
    check_activities(frame, &s.activities)?;
    // 1-2. Leave decided on the roster, granted days off honoured by a second roster run.
    let mut decisions = Vec::new();
    let mut rerostered = false;
    if let Some(l) = &s.leave {
        decisions = decide(frame, &f.forecast, req, &ro, l)?.decisions;
        let mut s2 = s.clone();
        let mut added = false;
        for d in decisions.iter().filter(|d| d.verdict == Verdict::Granted) {
            let r = &l.requests[d.request];
            let day = (r.date - s.horizon.start).num_days();
            if r.off != LeaveSpan::Day || day < 0 || day >= i64::from(s.horizon.days) {
                continue;
            }
            if let Some(a) = s2.agents.iter_mut().find(|a| a.id == r.agent) {
                if !a.days_off.contains(&(day as usize)) {
                    a.days_off.push(day as usize);
                    a.days_off.sort_unstable();
                    added = true;
                }
            }
        }
        if added {
            let f2 = Frame::new(s2)?;
            // The kept portfolio member searches again with the leave in (its own seed), so
            // the plan still says which member it is.
            let kept = ro.solver.portfolio;
            let member = kept.map_or(0, |p| p.chosen as usize);
            if let Some(r2) = roster_stage_member(&f2, sched, member)? {
                let mut r2 = r2.into_inner();
                r2.solver.portfolio = kept;
                ro = Checked::made(r2);
                rerostered = true;
            }
        }
    }
    // The breaks of a multi-skill roster where the shared queues lose least.
    let ro = place_skill_breaks(frame, f, req, ro)?;
    // Timelines: shifts, breaks, granted hours off.
    let mut timelines: Vec<AgentTimeline> = Vec::new();
    let grid_start = frame.grid().start;
    let ts = |m: i64| Timestamp(grid_start + Duration::minutes(m));
    let spans0 = shift_spans(frame, &ro);
    for (sp, (ai, sh)) in spans0.iter().zip(
        ro.agents
            .iter()
            .enumerate()
            .flat_map(|(ai, a)| a.shifts.iter().map(move |sh| (ai, sh))),
    ) {
        let a = &ro.agents[ai];
        let mut leave = Vec::new();
        if let Some(l) = &s.leave {
            for d in decisions.iter().filter(|d| d.verdict == Verdict::Granted) {
                let r = &l.requests[d.request];
                if r.agent != a.id
                    || !matches!(r.off, LeaveSpan::Hours { .. })
                    || frame.date(sh.day) != r.date
                {
                    continue;
                }
                if let Some((lo, hi)) = off_span(frame, r, sp.start, sp.end) {
                    for (x, y) in minus(lo, hi, &sp.busy) {
                        leave.push(LeaveHours {
                            request: d.request,
                            start: ts(x),
                            minutes: (y - x) as u32,
                        });
                    }
                }
            }
        }
        timelines.push(AgentTimeline {
            agent: a.id.clone(),
            day: sh.day,
            start: sh.start,
            end: sh.end,
            breaks: sh.breaks.clone(),
            sessions: Vec::new(),
            leave,
        });
    }
    // 3. Activities into the roster, outside breaks and hours off.
    let mut spans = spans0;
    for (sp, t) in spans.iter_mut().zip(&timelines) {
        for h in &t.leave {
            let lo = minutes_from(frame, h.start.0);
            sp.busy.push((lo, lo + i64::from(h.minutes)));
        }
    }
    let mut day = PlanDay {
        replaced_shrinkage: covered_components(&s.activities),
        rerostered,
        timelines,
        groups: Vec::new(),
        leave: decisions,
        service: Vec::new(),
        evaluations: 0,
        placement_warnings: Vec::new(),
    };
    if !s.activities.is_empty() {
        let at_work = day_at_work(frame, &ro, &day, false);
        let mut curve = ServiceCurve::new(
            frame,
            &f.forecast,
            req,
            shrinkage_without(frame, &day.replaced_shrinkage),
        );
        let placed = place_into(
            frame,
            &ro,
            &mut spans,
            at_work,
            &req.total_positions,
            &s.activities,
            Strategy::LeastCost,
            &mut curve,
        )
        .map_err(Error::from)?;
        for ad in &placed.agents {
            let Some(t) = day
                .timelines
                .iter_mut()
                .find(|t| t.agent == ad.agent && t.day == ad.day)
            else {
                continue;
            };
            for ses in &ad.sessions {
                let a = &s.activities[ses.activity];
                t.sessions.push(DaySession {
                    activity: ses.activity,
                    name: a.name.clone(),
                    kind: a.kind,
                    group: ses.group,
                    start: ses.start,
                    minutes: ses.minutes,
                });
            }
            t.sessions.sort_by_key(|x| (x.start, x.activity));
        }
        day.groups = placed.groups;
        day.evaluations = placed.evaluations;
        day.placement_warnings = placed.warnings;
    }
    Ok((Some(ro), Some(day)))
}

/// `[lo, hi)` minus the busy stretches, in order.
pub(crate) fn minus(lo: i64, hi: i64, busy: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut b: Vec<(i64, i64)> = busy.to_vec();
    b.sort_unstable();
    let mut out = Vec::new();
    let mut t = lo;
    for (b0, b1) in b {
        if b1 <= t || b0 >= hi {
            continue;
        }
        if b0 > t {
            out.push((t, b0));
        }
        t = t.max(b1);
    }
    if t < hi {
        out.push((t, hi));
    }
    out
}

/// The requirements with the shrinkage net of the components a day's activities stand for
/// (what the KPIs of a plan with a day are evaluated with).
pub fn net_requirements(
    frame: &Frame,
    req: &HorizonRequirements,
    day: &PlanDay,
) -> HorizonRequirements {
    let mut r = req.clone();
    r.shrinkage = shrinkage_without(frame, &day.replaced_shrinkage);
    r
}

/// Agents at work per interval: the roster's (shifts minus breaks) minus hours off and, when
/// `sessions`, minus activity sessions (a part of an interval counts pro rata).
pub fn day_at_work(frame: &Frame, roster: &PlanRoster, day: &PlanDay, sessions: bool) -> Vec<f64> {
    let mut at = roster_coverage(frame, roster);
    for (lo, hi) in off_floor(frame, day, sessions) {
        take_off(&mut at, interval(frame), lo, hi, 1.0);
    }
    at
}

/// [`day_at_work`] per skill group (multi-skill centres), for the agents' own groups.
pub fn day_group_at_work(
    frame: &Frame,
    roster: &PlanRoster,
    day: &PlanDay,
    sessions: bool,
) -> Vec<Vec<f64>> {
    let mut cov = super::skills::roster_group_coverage(frame, roster);
    let agents = &frame.scenario().agents;
    for t in &day.timelines {
        let Some(g) = agents
            .iter()
            .position(|x| x.id == t.agent)
            .and_then(|i| frame.group_of_agent(i))
        else {
            continue;
        };
        let Some(c) = cov.get_mut(g) else { continue };
        for (lo, hi) in timeline_off(frame, t, sessions) {
            take_off(c, interval(frame), lo, hi, 1.0);
        }
    }
    cov
}

fn interval(frame: &Frame) -> i64 {
    i64::from(frame.grid().interval_minutes.max(1))
}

/// A timeline's hours off and, when `sessions`, its sessions, as minute spans from the grid
/// start.
pub(crate) fn timeline_off(frame: &Frame, t: &AgentTimeline, sessions: bool) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = t
        .leave
        .iter()
        .map(|h| {
            let lo = minutes_from(frame, h.start.0);
            (lo, lo + i64::from(h.minutes))
        })
        .collect();
    if sessions {
        out.extend(t.sessions.iter().map(|x| {
            let lo = minutes_from(frame, x.start.0);
            (lo, lo + i64::from(x.minutes))
        }));
    }
    out
}

fn off_floor(frame: &Frame, day: &PlanDay, sessions: bool) -> Vec<(i64, i64)> {
    day.timelines
        .iter()
        .flat_map(|t| timeline_off(frame, t, sessions))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::minus;

    #[test]
    fn minus_cuts_busy_stretches_out() {
        assert_eq!(minus(0, 100, &[]), vec![(0, 100)]);
        assert_eq!(minus(0, 100, &[(40, 60)]), vec![(0, 40), (60, 100)]);
        assert_eq!(minus(0, 100, &[(60, 120), (-10, 10)]), vec![(10, 60)]);
        assert_eq!(minus(0, 100, &[(0, 100)]), Vec::<(i64, i64)>::new());
    }
}
