//! Checks of the agent's day in a plan ([`crate::plan::day`]): the timelines are the roster's
//! shifts, every session sits inside its activity's window and its agent's shift and outside
//! breaks, hours off and other sessions, every attendee attends once per recurrence in batches
//! no larger than allowed, granted leave is honoured, and the session groups, replaced
//! shrinkage and the service comparison equal their recomputation. Service with the
//! activities in place is checked by the plan's service checks, which count the floor net of
//! sessions and hours off through [`at_work`].
//!
//! Why: a plan's day is a promise to each agent (when their meeting is) and to the floor (that
//! it stays covered meanwhile); a hand-edited or tampered plan must not pass with a session in
//! someone's break or a shift on a day their leave was granted.
//!
//! Not recomputed: the leave verdicts and their prices (decided on the roster before leave,
//! which the plan does not keep) and each group's marginal `service_loss` (it depends on the
//! placement order); the verdicts' consequences (days and hours off) are checked.

use super::report::{Report, Severity, Subject, Violation};
use crate::activities::{
    attends, covered_components, Attendees, Grouping, PlacementWarning, Recurrence,
};
use crate::error::Result;
use crate::leave::{off_span, LeaveSpan, Verdict};
use crate::plan::day::{day_at_work, day_group_at_work, minus};
use crate::plan::{kpis, roster_coverage, roster_totals, Basis, CheckedPlan, Frame, Plan};
use crate::plan::{PlanRoster, Timestamp};
use crate::staffing::horizon::HorizonRequirements;
use crate::time::{minute_of_day, Weekday};
use std::collections::BTreeMap;

/// The requirements the KPIs of a plan with a day are evaluated with (`None`: no day).
pub fn net_requirements(
    plan: &Plan,
    c: &CheckedPlan,
    fresh: &HorizonRequirements,
) -> Option<HorizonRequirements> {
    let d = plan.day.as_ref()?;
    Some(crate::plan::day::net_requirements(&c.frame, fresh, d))
}

/// Agents at work per interval as the KPIs count them: net of sessions and hours off when the
/// plan has a day.
pub fn at_work(plan: &Plan, frame: &Frame, r: &PlanRoster) -> Vec<f64> {
    match &plan.day {
        Some(d) => day_at_work(frame, r, d, true),
        None => roster_coverage(frame, r),
    }
}

/// [`at_work`] per skill group (`None`: no day).
pub fn group_at_work(plan: &Plan, frame: &Frame, r: &PlanRoster) -> Option<Vec<Vec<f64>>> {
    plan.day
        .as_ref()
        .map(|d| day_group_at_work(frame, r, d, true))
}

fn violation(rule: &str, subject: Subject, value: f64, limit: f64, message: String) -> Violation {
    Violation {
        rule: rule.into(),
        severity: Severity::Error,
        subject,
        value,
        limit,
        message,
    }
}

fn agent_on(agent: &str, frame: &Frame, day: usize) -> Subject {
    Subject::Agent {
        agent: agent.into(),
        date: if day < frame.days() {
            frame.date(day).to_string()
        } else {
            format!("day {day}")
        },
    }
}

/// A session as its group sees it: agent, day, start, activity, minutes.
type Member = (String, usize, Timestamp, usize, u32);

const MATCH: &str = "the agent's day matches the roster";
const WINDOW: &str = "activity sessions inside their windows";
const SHIFT: &str = "activity sessions inside the shift, outside breaks and hours off";
const ATTEND: &str = "every attendee attends once per recurrence";
const BATCH: &str = "activity sessions grouped as the activity says";
const LEAVE: &str = "granted leave honoured";
const FIGURES: &str = "the agent's day figures equal their recomputation";
const PLACED: &str = "every attendee placed as the activity asks";

/// Run the day checks (nothing when the plan has no day and its scenario asks for none).
pub fn check_day(plan: &Plan, c: &CheckedPlan, report: &mut Report) -> Result<()> {
    let s = &plan.scenario;
    let wanted = !s.activities.is_empty() || s.leave.is_some();
    let Some(day) = &plan.day else {
        // A warning: the roster itself may be fine (a plan assembled stage by stage on the
        // page, or re-optimised after edits, carries no day), but nothing places the sessions.
        if wanted && c.roster.is_some() {
            let mut v = violation(
                MATCH,
                Subject::Plan,
                0.0,
                1.0,
                "the scenario has activities or leave but the plan has no agent's day (`paiban plan` places them)".into(),
            );
            v.severity = Severity::Warning;
            report.record(MATCH, 1, vec![v]);
        }
        return Ok(());
    };
    let Some(r) = c.roster.as_deref() else {
        report.record(
            MATCH,
            1,
            vec![violation(
                MATCH,
                Subject::Plan,
                1.0,
                0.0,
                "the plan has an agent's day but no roster".into(),
            )],
        );
        return Ok(());
    };
    let frame = &c.frame;
    let mins = |t: Timestamp| (t.0 - frame.grid().start).num_minutes();
    // -- timelines = rostered shifts ------------------------------------------------------
    let mut found = Vec::new();
    let shifts: Vec<(&str, &crate::plan::RosteredShift)> = r
        .agents
        .iter()
        .flat_map(|a| a.shifts.iter().map(move |sh| (a.id.as_str(), sh)))
        .collect();
    for (id, sh) in &shifts {
        let n = day
            .timelines
            .iter()
            .filter(|t| t.agent == *id && t.day == sh.day)
            .count();
        if n != 1 {
            found.push(violation(
                MATCH,
                agent_on(id, frame, sh.day),
                n as f64,
                1.0,
                format!("{id}'s shift that day has {n} timelines in the plan's day (1 expected)"),
            ));
        }
    }
    for t in &day.timelines {
        let sh = shifts
            .iter()
            .find(|(id, sh)| *id == t.agent && sh.day == t.day);
        let ok = sh
            .is_some_and(|(_, sh)| sh.start == t.start && sh.end == t.end && sh.breaks == t.breaks);
        if !ok {
            found.push(violation(
                MATCH,
                agent_on(&t.agent, frame, t.day),
                0.0,
                1.0,
                format!(
                    "{}'s timeline {}-{} with {} breaks is not a rostered shift with its breaks",
                    t.agent,
                    t.start,
                    t.end,
                    t.breaks.len()
                ),
            ));
        }
    }
    report.record(MATCH, shifts.len() + day.timelines.len(), found);
    // -- each session: activity, window, shift, breaks, overlaps --------------------------
    let (mut in_window, mut in_shift) = (Vec::new(), Vec::new());
    let mut n_sessions = 0;
    for t in &day.timelines {
        let subject = || agent_on(&t.agent, frame, t.day);
        let (s0, s1) = (mins(t.start), mins(t.end));
        let mut busy: Vec<(i64, i64, String)> = t
            .breaks
            .iter()
            .map(|b| {
                let lo = mins(b.start);
                (
                    lo,
                    lo + i64::from(b.minutes),
                    format!("the break at {}", b.start),
                )
            })
            .chain(t.leave.iter().map(|h| {
                let lo = mins(h.start);
                (
                    lo,
                    lo + i64::from(h.minutes),
                    format!("hours off at {}", h.start),
                )
            }))
            .collect();
        for ses in &t.sessions {
            n_sessions += 1;
            let (lo, hi) = (mins(ses.start), mins(ses.start) + i64::from(ses.minutes));
            let Some(a) = s.activities.get(ses.activity) else {
                in_window.push(violation(
                    WINDOW,
                    subject(),
                    ses.activity as f64,
                    s.activities.len() as f64,
                    format!(
                        "session at {} names activity {}, which the scenario does not have",
                        ses.start, ses.activity
                    ),
                ));
                continue;
            };
            let label = format!("\"{}\" at {}", a.name, ses.start);
            if ses.minutes != a.minutes || ses.name != a.name || ses.kind != a.kind {
                in_window.push(violation(
                    WINDOW,
                    subject(),
                    f64::from(ses.minutes),
                    f64::from(a.minutes),
                    format!(
                        "session {label} is {} min of {:?} \"{}\"; the activity is {} min of {:?}",
                        ses.minutes, ses.kind, ses.name, a.minutes, a.kind
                    ),
                ));
            }
            if t.day < frame.days() {
                let date = frame.date(t.day);
                let midnight = date
                    .and_hms_opt(0, 0, 0)
                    .map(|m| (m - frame.grid().start).num_minutes());
                let from = midnight.map(|m| m + i64::from(a.window.from.minutes()));
                let to = midnight.map(|m| m + i64::from(a.window.to.minutes()));
                let day_ok = a.window.days.contains(&Weekday::of(date));
                if !day_ok || from.map_or(true, |f| lo < f) || to.map_or(true, |x| hi > x) {
                    in_window.push(violation(
                        WINDOW,
                        subject(),
                        f64::from(minute_of_day(ses.start.0)),
                        f64::from(a.window.from.minutes()),
                        format!(
                            "session {label} ({} min) is outside its window {}-{} on {:?}",
                            ses.minutes, a.window.from, a.window.to, a.window.days
                        ),
                    ));
                }
            }
            if lo < s0 || hi > s1 {
                in_shift.push(violation(
                    SHIFT,
                    subject(),
                    lo as f64,
                    s0 as f64,
                    format!(
                        "session {label} is not inside the shift {}-{}",
                        t.start, t.end
                    ),
                ));
            }
            if let Some((_, _, what)) = busy.iter().find(|&&(b0, b1, _)| lo < b1 && b0 < hi) {
                in_shift.push(violation(
                    SHIFT,
                    subject(),
                    lo as f64,
                    0.0,
                    format!("session {label} overlaps {what}"),
                ));
            }
            busy.push((lo, hi, format!("the session {label}")));
        }
    }
    report.record(WINDOW, n_sessions, in_window);
    report.record(SHIFT, n_sessions, in_shift);
    // -- attendance -----------------------------------------------------------------------
    let mut attendance = Vec::new();
    let mut n_att = 0;
    for (ai, a) in s.activities.iter().enumerate() {
        let in_window =
            |d: usize| d < frame.days() && a.window.days.contains(&Weekday::of(frame.date(d)));
        for ra in &r.agents {
            let attendee = s
                .agents
                .iter()
                .find(|x| x.id == ra.id)
                .is_some_and(|x| attends(a, x));
            let worked: Vec<usize> = ra
                .shifts
                .iter()
                .map(|sh| sh.day)
                .filter(|&d| in_window(d))
                .collect();
            let count = |d: Option<usize>| {
                day.timelines
                    .iter()
                    .filter(|t| t.agent == ra.id && d.map_or(true, |d| t.day == d))
                    .flat_map(|t| &t.sessions)
                    .filter(|x| x.activity == ai)
                    .count()
            };
            // An attendee the placer reported as not placed (no free time, no start keeping
            // the service floor) is excused that day (daily) or in the horizon (weekly).
            let excused = |d: Option<usize>| {
                let date = d.filter(|&d| d < frame.days()).map(|d| frame.date(d));
                day.placement_warnings.iter().any(|w| {
                    w.activity() == ai
                        && w.excused().contains(&ra.id.as_str())
                        && match w {
                            PlacementWarning::NoFreeTime { date: wd, .. }
                            | PlacementWarning::Unplaced { date: wd, .. } => *wd == date,
                            PlacementWarning::BelowFloor { .. } => false,
                        }
                })
            };
            let mut expect: Vec<(Option<usize>, usize)> = Vec::new();
            match (attendee, a.recurrence) {
                (false, _) => expect.push((None, 0)),
                (true, Recurrence::Daily) => {
                    let days: Vec<usize> = worked
                        .iter()
                        .copied()
                        .filter(|&d| !excused(Some(d)))
                        .collect();
                    expect.extend(
                        worked
                            .iter()
                            .map(|&d| (Some(d), usize::from(days.contains(&d)))),
                    );
                    expect.push((None, days.len()));
                }
                (true, Recurrence::Weekly) => {
                    expect.push((None, usize::from(!worked.is_empty() && !excused(None))))
                }
            }
            for (d, want) in expect {
                n_att += 1;
                let got = count(d);
                if got != want {
                    attendance.push(violation(
                        ATTEND,
                        match d {
                            Some(d) => agent_on(&ra.id, frame, d),
                            None => Subject::Agent {
                                agent: ra.id.clone(),
                                date: format!(
                                    "{}..{}",
                                    frame.date(0),
                                    frame.date(frame.days().saturating_sub(1))
                                ),
                            },
                        },
                        got as f64,
                        want as f64,
                        format!(
                            "{} has {got} sessions of \"{}\" {} ({want} expected: {})",
                            ra.id,
                            a.name,
                            if d.is_some() {
                                "that day"
                            } else {
                                "in the horizon"
                            },
                            match (&a.attendees, attendee) {
                                (_, false) => "not an attendee".to_string(),
                                (Attendees::Everyone, _) => "everyone attends".to_string(),
                                _ => "an attendee".to_string(),
                            }
                        ),
                    ));
                }
            }
        }
    }
    report.record(ATTEND, n_att, attendance);
    // -- what the placer could not do as asked (warnings: the plan holds, the planner acts) -
    let mut placement = Vec::new();
    for w in &day.placement_warnings {
        let name = s
            .activities
            .get(w.activity())
            .map_or("?", |a| a.name.as_str());
        let message = match w {
            PlacementWarning::NoFreeTime { agent, date, .. } => format!(
                "\"{name}\": {agent} has no free time in the window {}",
                date.map_or("in the horizon".to_string(), |d| format!("on {d}"))
            ),
            PlacementWarning::Unplaced { agents, date, .. } => format!(
                "\"{name}\": {} attendee(s) not placed {}: every start pushes a queue below the service floor (e.g. {})",
                agents.len(),
                date.map_or("in the horizon".to_string(), |d| format!("on {d}")),
                agents.first().map_or("-", String::as_str)
            ),
            PlacementWarning::BelowFloor { group, .. } => format!(
                "\"{name}\" is mandatory: group {group} is placed below the service floor (no start keeps it)"
            ),
        };
        let mut v = violation(PLACED, Subject::Plan, 1.0, 0.0, message);
        v.severity = Severity::Warning;
        placement.push(v);
    }
    report.record(PLACED, s.activities.len(), placement);
    // -- groups and batch sizes -----------------------------------------------------------
    let mut batches = Vec::new();
    let mut members: BTreeMap<usize, Vec<Member>> = BTreeMap::new();
    for t in &day.timelines {
        for ses in &t.sessions {
            members.entry(ses.group).or_default().push((
                t.agent.clone(),
                t.day,
                ses.start,
                ses.activity,
                ses.minutes,
            ));
        }
    }
    for (gi, g) in day.groups.iter().enumerate() {
        let m = members.remove(&gi).unwrap_or_default();
        let mut ids: Vec<&str> = m.iter().map(|x| x.0.as_str()).collect();
        let mut listed: Vec<&str> = g.agents.iter().map(String::as_str).collect();
        ids.sort_unstable();
        listed.sort_unstable();
        let same = ids == listed
            && m.iter()
                .all(|x| x.1 == g.day && x.2 == g.start && x.3 == g.activity && x.4 == g.minutes);
        if !same {
            batches.push(violation(
                BATCH,
                Subject::Plan,
                m.len() as f64,
                g.agents.len() as f64,
                format!("group {gi} lists {} agents at {} but {} sessions with its activity, day and start name it", g.agents.len(), g.start, m.len()),
            ));
        }
        if let Some(a) = s.activities.get(g.activity) {
            if let Grouping::Batches { size } = a.grouping {
                if g.agents.len() > size as usize {
                    batches.push(violation(
                        BATCH,
                        Subject::Plan,
                        g.agents.len() as f64,
                        f64::from(size),
                        format!("group {gi} of \"{}\" at {} has {} attendees, more than the batch size {size}", a.name, g.start, g.agents.len()),
                    ));
                }
            }
        } else {
            batches.push(violation(
                BATCH,
                Subject::Plan,
                g.activity as f64,
                s.activities.len() as f64,
                format!(
                    "group {gi} names activity {}, which the scenario does not have",
                    g.activity
                ),
            ));
        }
    }
    for (gi, m) in members {
        batches.push(violation(
            BATCH,
            Subject::Plan,
            gi as f64,
            day.groups.len() as f64,
            format!(
                "{} sessions name group {gi}, which the plan's day does not list",
                m.len()
            ),
        ));
    }
    // Together: one group per day (daily) or per horizon (weekly).
    for (ai, a) in s.activities.iter().enumerate() {
        if a.grouping != Grouping::Together {
            continue;
        }
        let mut scopes: BTreeMap<Option<usize>, usize> = BTreeMap::new();
        for g in day.groups.iter().filter(|g| g.activity == ai) {
            let key = (a.recurrence == Recurrence::Daily).then_some(g.day);
            *scopes.entry(key).or_default() += 1;
        }
        for (d, n) in scopes.into_iter().filter(|x| x.1 > 1) {
            batches.push(violation(
                BATCH,
                Subject::Plan,
                n as f64,
                1.0,
                format!(
                    "\"{}\" meets all together but has {n} sessions {}",
                    a.name,
                    d.map_or("in the horizon".to_string(), |d| format!("on day {d}"))
                ),
            ));
        }
    }
    report.record(BATCH, day.groups.len(), batches);
    // -- leave ----------------------------------------------------------------------------
    let mut leave_found = Vec::new();
    let requests = s.leave.as_ref().map_or(&[][..], |l| &l.requests[..]);
    if day.leave.len() != requests.len() {
        leave_found.push(violation(
            LEAVE,
            Subject::Plan,
            day.leave.len() as f64,
            requests.len() as f64,
            format!(
                "the plan decides {} leave requests; the scenario has {}",
                day.leave.len(),
                requests.len()
            ),
        ));
    }
    for (i, d) in day.leave.iter().enumerate() {
        let Some(rq) = requests
            .get(d.request)
            .filter(|rq| d.request == i && rq.agent == d.agent && rq.date == d.date)
        else {
            leave_found.push(violation(
                LEAVE,
                Subject::Plan,
                d.request as f64,
                i as f64,
                format!(
                    "decision {i} ({} on {}) is not request {i} of the scenario",
                    d.agent, d.date
                ),
            ));
            continue;
        };
        let subject = Subject::Agent {
            agent: rq.agent.clone(),
            date: rq.date.to_string(),
        };
        let on_day: Vec<_> = day
            .timelines
            .iter()
            .filter(|t| t.agent == rq.agent && t.day < frame.days() && frame.date(t.day) == rq.date)
            .collect();
        let rostered = r
            .agents
            .iter()
            .filter(|a| a.id == rq.agent)
            .flat_map(|a| &a.shifts)
            .filter(|sh| sh.day < frame.days() && frame.date(sh.day) == rq.date)
            .count();
        let granted = d.verdict == Verdict::Granted;
        match rq.off {
            LeaveSpan::Day if granted && rostered > 0 => leave_found.push(violation(
                LEAVE,
                subject,
                rostered as f64,
                0.0,
                format!("{} has a shift on {}, a granted day off", rq.agent, rq.date),
            )),
            LeaveSpan::Day => {}
            LeaveSpan::Hours { .. } => {
                for t in &on_day {
                    let want: Vec<(i64, i64)> = if granted {
                        let busy: Vec<(i64, i64)> = t
                            .breaks
                            .iter()
                            .map(|b| (mins(b.start), mins(b.start) + i64::from(b.minutes)))
                            .collect();
                        off_span(frame, rq, mins(t.start), mins(t.end))
                            .map(|(lo, hi)| minus(lo, hi, &busy))
                            .unwrap_or_default()
                    } else {
                        Vec::new()
                    };
                    let got: Vec<(i64, i64)> = t
                        .leave
                        .iter()
                        .filter(|h| h.request == i)
                        .map(|h| (mins(h.start), mins(h.start) + i64::from(h.minutes)))
                        .collect();
                    if got != want {
                        leave_found.push(violation(LEAVE, subject.clone(), got.len() as f64, want.len() as f64, format!("{}'s hours off on {} in the plan's day are {got:?} minutes; the {} request makes them {want:?}", rq.agent, rq.date, if granted { "granted" } else { "refused" })));
                    }
                }
            }
        }
    }
    for t in &day.timelines {
        for h in &t.leave {
            let ok = requests.get(h.request).is_some_and(|rq| {
                rq.agent == t.agent
                    && matches!(rq.off, LeaveSpan::Hours { .. })
                    && t.day < frame.days()
                    && frame.date(t.day) == rq.date
            });
            if !ok {
                leave_found.push(violation(LEAVE, agent_on(&t.agent, frame, t.day), h.request as f64, 0.0, format!("hours off at {} name request {}, which is not this agent's hours off that day", h.start, h.request)));
            }
        }
    }
    report.record(LEAVE, day.leave.len().max(1), leave_found);
    // -- figures ----------------------------------------------------------------------------
    let mut figs = Vec::new();
    let replaced = covered_components(&s.activities);
    if day.replaced_shrinkage != replaced {
        figs.push(violation(
            FIGURES,
            Subject::Plan,
            day.replaced_shrinkage.len() as f64,
            replaced.len() as f64,
            format!(
                "day.replaced_shrinkage is {:?}; the activities stand for {replaced:?}",
                day.replaced_shrinkage
            ),
        ));
    }
    let fresh = crate::plan::requirements_stage(frame, &c.forecast)?;
    let net = crate::plan::day::net_requirements(frame, &fresh, day);
    let totals = roster_totals(frame, r)?;
    let without = if frame.multi_skill() {
        crate::plan::skills::skill_kpis(
            frame,
            &plan.forecast,
            &net,
            day_group_at_work(frame, r, day, false),
            totals,
            Basis::Roster,
        )?
        .0
    } else {
        kpis(
            frame,
            &plan.forecast,
            &net,
            &day_at_work(frame, r, day, false),
            totals,
            Basis::Roster,
        )?
    };
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6,
        (None, None) => true,
        _ => false,
    };
    if day.service.len() != without.queues.len() || day.service.len() != plan.kpis.queues.len() {
        figs.push(violation(
            FIGURES,
            Subject::Plan,
            day.service.len() as f64,
            without.queues.len() as f64,
            "day.service does not list every queue".into(),
        ));
    }
    for (qi, ((q, w), k)) in day
        .service
        .iter()
        .zip(&without.queues)
        .zip(&plan.kpis.queues)
        .enumerate()
    {
        let r6 = |x: Option<f64>| x.map(crate::activities::round6);
        if q.queue != w.queue
            || !close(q.without, r6(w.service_level_total))
            || !close(q.with, r6(k.service_level_total))
        {
            figs.push(violation(FIGURES, Subject::Plan, q.without.unwrap_or(f64::NAN), w.service_level_total.unwrap_or(f64::NAN), format!("day.service[{qi}] ({}) reports {:?} without and {:?} with the sessions; recomputing gives {:?} and {:?}", q.queue, q.without, q.with, w.service_level_total, k.service_level_total)));
        }
    }
    report.record(FIGURES, 1 + day.service.len(), figs);
    Ok(())
}
