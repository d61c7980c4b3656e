//! Leave requests (days off, hours off) checked against the allotment of the day and the service
//! they cost, and applied to a copy of the roster.
//!
//! Why: a planner grants leave one request at a time, usually first come, first served, within
//! an allotment ("at most 3 agents off on a Saturday", the leave-slot model of Verint and
//! NICE IEX "time-off allotments"), and wants to know before granting whether the floor still
//! meets every queue's target. Allotments alone ignore the forecast; here each request is also
//! priced with the plan's own service evaluation ([`crate::activities::service`]), on the
//! roster's at-work counts with the requests granted before it already taken off.
//!
//! A request is granted when the day's allotment has room and, in every interval it touches,
//! no queue that met its target falls below it and no queue already below loses service. The
//! absence component of shrinkage still applies (it stands for unplanned absence).

use crate::activities::service::ServiceCurve;
use crate::activities::{
    kpis_with, overlaps, place, round6, shift_spans, take_off, unplaced, Activity, DayPlan,
    Strategy,
};
use crate::error::{Error, Result};
use crate::plan::{
    check_plan_shape, Frame, Plan, PlanRoster, QueueForecastOut, RosteredBreak, Timestamp,
};
use crate::staffing::horizon::HorizonRequirements;
use crate::time::ClockTime;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

pub use crate::limits::MAX_LEAVE_REQUESTS;

/// What is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "span", rename_all = "snake_case", deny_unknown_fields)]
pub enum LeaveSpan {
    /// The whole day.
    Day,
    /// Hours off on the day, `[from, to)`.
    Hours {
        /// First minute off.
        from: ClockTime,
        /// End of the time off.
        to: ClockTime,
    },
}

/// One request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveRequest {
    /// Agent id.
    pub agent: String,
    /// The day.
    pub date: NaiveDate,
    /// Day or hours.
    pub off: LeaveSpan,
}

/// How many agents may be off on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allotment {
    /// The date.
    pub date: NaiveDate,
    /// Agents that may be off (day or hours).
    pub max_off: u32,
}

/// The leave section of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeavePlan {
    /// Agents that may be off on a date without an entry in `allotments`.
    pub max_off_per_day: u32,
    /// Dates with another allotment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allotments: Vec<Allotment>,
    /// Requests, in the order they are decided (first come, first served).
    pub requests: Vec<LeaveRequest>,
}

/// The answer to one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Granted: every queue stays on target (or the agent does not work then).
    Granted,
    /// The day's allotment is used up by the requests granted before.
    AllotmentFull {
        /// The allotment.
        max_off: u32,
    },
    /// Some queue would fall below its target (or lose more while below it).
    BelowTarget {
        /// First interval concerned.
        interval: Timestamp,
        /// Queue id.
        queue: String,
        /// Its service level with the leave granted.
        service_level: f64,
    },
}

/// One request and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaveDecision {
    /// Index of the request.
    pub request: usize,
    /// Agent id.
    pub agent: String,
    /// Date.
    pub date: NaiveDate,
    /// Verdict.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Agent-hours the leave takes off the floor (0 when the agent is off anyway).
    pub hours_off_floor: f64,
    /// Contacts answered within target lost if granted.
    pub service_loss: f64,
}

/// The verdicts in request order, and the at-work counts with the granted leave applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaveReport {
    /// One per request.
    pub decisions: Vec<LeaveDecision>,
    /// Agents at work per interval after the granted leave.
    pub at_work: Vec<f64>,
}

fn check(scenario: &crate::scenario::Scenario, leave: &LeavePlan) -> Result<()> {
    crate::scenario::check_len("leave.requests", leave.requests.len(), MAX_LEAVE_REQUESTS)?;
    let agents = &scenario.agents;
    for (i, r) in leave.requests.iter().enumerate() {
        let p = format!("leave.requests[{i}]");
        if !agents.iter().any(|a| a.id == r.agent) {
            return Err(Error::invalid(
                format!("{p}.agent"),
                "the id of an agent in `agents`",
                &r.agent,
            ));
        }
        if let LeaveSpan::Hours { from, to } = r.off {
            if to <= from {
                return Err(Error::Inconsistent {
                    path: format!("{p}.to"),
                    other: format!("{p}.from"),
                    message: "hours off must end after they start".into(),
                });
            }
            let step = scenario.interval_minutes.max(1);
            if from.minutes() % step != 0 || to.minutes() % step != 0 {
                return Err(Error::invalid(
                    format!("{p}.from"),
                    format!("times on the {step}-minute planning grid"),
                    format!("{from}-{to}"),
                ));
            }
        }
    }
    Ok(())
}

/// The minutes `[lo, hi)` from the grid start a request takes off the floor for one shift.
pub(crate) fn off_span(
    frame: &Frame,
    r: &LeaveRequest,
    sh_start: i64,
    sh_end: i64,
) -> Option<(i64, i64)> {
    let grid_start = frame.grid().start;
    let day0 = (r.date.and_hms_opt(0, 0, 0)? - grid_start).num_minutes();
    let (lo, hi) = match r.off {
        LeaveSpan::Day => (sh_start, sh_end),
        LeaveSpan::Hours { from, to } => (
            (day0 + i64::from(from.minutes())).max(sh_start),
            (day0 + i64::from(to.minutes())).min(sh_end),
        ),
    };
    (hi > lo).then_some((lo, hi))
}

/// Decide every request in order against the plan's roster.
pub fn evaluate_leave(plan: &Plan, leave: &LeavePlan) -> Result<LeaveReport> {
    let c = check_plan_shape(plan)?;
    let roster = c.roster.as_deref().ok_or_else(|| Error::Empty {
        path: "roster".into(),
        expected: "a plan with a roster (agents in the scenario)".into(),
    })?;
    decide(&c.frame, &plan.forecast, &plan.requirements, roster, leave)
}

/// [`evaluate_leave`] on a frame's stages (the plan pipeline calls it before the plan exists).
pub(crate) fn decide(
    frame: &Frame,
    forecast: &[QueueForecastOut],
    requirements: &HorizonRequirements,
    roster: &PlanRoster,
    leave: &LeavePlan,
) -> Result<LeaveReport> {
    check(frame.scenario(), leave)?;
    let scenario = frame.scenario();
    let interval = i64::from(frame.grid().interval_minutes.max(1));
    let mut at_work = crate::plan::roster_coverage(frame, roster);
    let mut curve = ServiceCurve::new(
        frame,
        forecast,
        requirements,
        requirements.shrinkage.clone(),
    );
    let spans = shift_spans(frame, roster);
    let mut off_count: Vec<(NaiveDate, u32)> = Vec::new();
    let mut decisions = Vec::new();
    for (ri, r) in leave.requests.iter().enumerate() {
        let max_off = leave
            .allotments
            .iter()
            .find(|a| a.date == r.date)
            .map_or(leave.max_off_per_day, |a| a.max_off);
        let used = off_count.iter().find(|x| x.0 == r.date).map_or(0, |x| x.1);
        let agent = roster.agents.iter().position(|a| a.id == r.agent);
        // The agent's at-work minutes the request removes (shift minus breaks).
        let mut removed: Vec<(i64, i64)> = Vec::new();
        for s in spans.iter().filter(|s| Some(s.agent) == agent) {
            if frame.date(s.day) != r.date {
                continue;
            }
            if let Some((lo, hi)) = off_span(frame, r, s.start, s.end) {
                let mut cuts = vec![(lo, hi)];
                for &(b0, b1) in &s.busy {
                    cuts = cuts
                        .into_iter()
                        .flat_map(|(a, b)| {
                            let mut v = Vec::new();
                            if b0 > a {
                                v.push((a, b.min(b0)));
                            }
                            if b1 < b {
                                v.push((a.max(b1), b));
                            }
                            if b0 >= b || b1 <= a {
                                v = vec![(a, b)];
                            }
                            v.into_iter().filter(|(x, y)| y > x).collect::<Vec<_>>()
                        })
                        .collect();
                }
                removed.extend(cuts);
            }
        }
        let mut after = at_work.clone();
        for &(lo, hi) in &removed {
            take_off(&mut after, interval, lo, hi, 1.0);
        }
        let mut loss = 0.0;
        let mut verdict = Verdict::Granted;
        let mut touched: Vec<usize> = removed
            .iter()
            .flat_map(|&(lo, hi)| overlaps(interval, lo, hi, at_work.len()).map(|x| x.0))
            .collect();
        touched.dedup();
        for &k in &touched {
            let (b, a) = (curve.at(k, at_work[k])?, curve.at(k, after[k])?);
            loss += b.answered - a.answered;
            if matches!(verdict, Verdict::Granted) {
                for (qi, (sb, sa)) in b.service_levels.iter().zip(&a.service_levels).enumerate() {
                    let (Some(sb), Some(sa)) = (sb, sa) else {
                        continue;
                    };
                    let target = scenario
                        .queues
                        .get(qi)
                        .and_then(|q| q.target.as_ref())
                        .map_or(0.0, |t| t.service_level);
                    let fell = *sb + 1e-9 >= target && *sa + 1e-9 < target;
                    let worse_below = *sb + 1e-9 < target && *sa + 1e-9 < *sb;
                    if fell || worse_below {
                        verdict = Verdict::BelowTarget {
                            interval: Timestamp(frame.grid().time(k)),
                            queue: scenario.queues[qi].id.clone(),
                            service_level: round6(*sa),
                        };
                        break;
                    }
                }
            }
        }
        let hours: f64 = removed.iter().map(|(lo, hi)| (hi - lo) as f64 / 60.0).sum();
        if hours > 0.0 && used >= max_off {
            verdict = Verdict::AllotmentFull { max_off };
        }
        if matches!(verdict, Verdict::Granted) && hours > 0.0 {
            at_work = after;
            match off_count.iter_mut().find(|x| x.0 == r.date) {
                Some(x) => x.1 += 1,
                None => off_count.push((r.date, 1)),
            }
        }
        decisions.push(LeaveDecision {
            request: ri,
            agent: r.agent.clone(),
            date: r.date,
            verdict,
            hours_off_floor: round6(hours) + 0.0,
            service_loss: round6(loss),
        });
    }
    Ok(LeaveReport {
        decisions,
        at_work: at_work.iter().map(|&x| round6(x)).collect(),
    })
}

/// A copy of the roster with the granted requests applied: a day off removes the shift, hours
/// off become an unpaid break of the shift (`roster_coverage` then counts the agent off the
/// floor; the shift's own breaks are kept).
pub fn apply_leave(plan: &Plan, leave: &LeavePlan, report: &LeaveReport) -> Result<PlanRoster> {
    let mut roster = plan.roster.clone().ok_or_else(|| Error::Empty {
        path: "roster".into(),
        expected: "a plan with a roster".into(),
    })?;
    let start = plan.scenario.horizon.start;
    for d in &report.decisions {
        if !matches!(d.verdict, Verdict::Granted) {
            continue;
        }
        let Some(r) = leave.requests.get(d.request) else {
            return Err(Error::invalid(
                format!("decisions[{}].request", d.request),
                "the index of a request",
                d.request,
            ));
        };
        let Some(a) = roster.agents.iter_mut().find(|a| a.id == r.agent) else {
            continue;
        };
        let day = (r.date - start).num_days();
        match r.off {
            LeaveSpan::Day => a.shifts.retain(|s| s.day as i64 != day),
            LeaveSpan::Hours { from, to } => {
                let Some(t0) = r.date.and_hms_opt(0, 0, 0) else {
                    continue;
                };
                for s in a.shifts.iter_mut().filter(|s| s.day as i64 == day) {
                    let lo = (t0 + Duration::minutes(i64::from(from.minutes()))).max(s.start.0);
                    let hi = (t0 + Duration::minutes(i64::from(to.minutes()))).min(s.end.0);
                    if hi > lo {
                        s.breaks.push(RosteredBreak {
                            start: Timestamp(lo),
                            minutes: (hi - lo).num_minutes() as u32,
                            paid: false,
                        });
                        s.breaks.sort_by_key(|b| b.start);
                    }
                }
            }
        }
    }
    Ok(roster)
}

// ---- the agent's day: activities and leave together (`paiban day`, the page's day view) ----

/// One queue's service over the horizon without and with the activities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueService {
    /// Queue id.
    pub queue: String,
    /// Without the activities (shrinkage already net of what they stand for).
    pub without: Option<f64>,
    /// With them placed.
    pub with: Option<f64>,
}

/// What `paiban day` and the page's day view show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayReport {
    /// The placed sessions.
    pub placement: DayPlan,
    /// Weekly service per queue without and with the sessions.
    pub service: Vec<QueueService>,
    /// The leave verdicts (when leave was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leave: Option<LeaveReport>,
}

/// Place the activities (by `strategy`; [`Strategy::LeastCost`] is the optimiser), price them,
/// and decide the leave requests: the agent's day of a plan.
pub fn agent_day(
    plan: &Plan,
    activities: &[Activity],
    leave: Option<&LeavePlan>,
    strategy: Strategy,
) -> Result<DayReport> {
    let placement = place(plan, activities, strategy).map_err(Error::from)?;
    let without = kpis_with(plan, &unplaced(plan, activities)?)?;
    let with = kpis_with(plan, &placement)?;
    let service = without
        .queues
        .iter()
        .zip(&with.queues)
        .map(|(a, b)| QueueService {
            queue: a.queue.clone(),
            without: a.service_level_total.map(round6),
            with: b.service_level_total.map(round6),
        })
        .collect();
    let leave = match leave {
        Some(l) => Some(evaluate_leave(plan, l)?),
        None => None,
    };
    Ok(DayReport {
        placement,
        service,
        leave,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activities::tests::small_plan;

    #[test]
    fn allotment_and_service_decide_in_order() {
        let p = small_plan();
        let r = p.roster.as_ref().unwrap();
        let date = p.scenario.horizon.start;
        let working: Vec<&str> = r
            .agents
            .iter()
            .filter(|a| a.shifts.iter().any(|s| s.day == 0))
            .map(|a| a.id.as_str())
            .collect();
        assert!(working.len() >= 4);
        let req = |id: &str| LeaveRequest {
            agent: id.into(),
            date,
            off: LeaveSpan::Day,
        };
        let leave = LeavePlan {
            max_off_per_day: 2,
            allotments: vec![],
            requests: working.iter().map(|&id| req(id)).collect(),
        };
        let rep = evaluate_leave(&p, &leave).unwrap();
        let granted = rep
            .decisions
            .iter()
            .filter(|d| d.verdict == Verdict::Granted)
            .count();
        assert!(granted <= 2, "{:?}", rep.decisions);
        // Once the floor is thin, later requests are refused for service or allotment.
        assert!(rep.decisions.iter().any(|d| d.verdict != Verdict::Granted));
        for d in &rep.decisions {
            assert!(d.hours_off_floor > 0.0 && d.service_loss >= -1e-9);
        }
        // The roster copy drops exactly the granted shifts, and its coverage is the report's.
        let ro = apply_leave(&p, &leave, &rep).unwrap();
        let f = crate::plan::Frame::new(p.scenario.clone()).unwrap();
        let cov = crate::plan::roster_coverage(&f, &ro);
        for (a, b) in cov.iter().zip(&rep.at_work) {
            assert!((a - b).abs() < 1e-9);
        }
        // Hours off in a quiet spot of an agent not working is granted at no cost.
        let idle = r
            .agents
            .iter()
            .find(|a| !a.shifts.iter().any(|s| s.day == 0));
        if let Some(idle) = idle {
            let l = LeavePlan {
                max_off_per_day: 0,
                allotments: vec![],
                requests: vec![LeaveRequest {
                    agent: idle.id.clone(),
                    date,
                    off: LeaveSpan::Hours {
                        from: ClockTime::from_minutes(600).unwrap(),
                        to: ClockTime::from_minutes(720).unwrap(),
                    },
                }],
            };
            let rep = evaluate_leave(&p, &l).unwrap();
            assert_eq!(rep.decisions[0].verdict, Verdict::Granted);
            assert_eq!(rep.decisions[0].hours_off_floor, 0.0);
        }
    }

    #[test]
    fn hours_off_are_an_unpaid_break_and_bad_input_is_named() {
        let p = small_plan();
        let r = p.roster.as_ref().unwrap();
        let a = r
            .agents
            .iter()
            .find(|a| a.shifts.iter().any(|s| s.day == 1))
            .unwrap();
        let sh = a.shifts.iter().find(|s| s.day == 1).unwrap();
        let from = crate::time::minute_of_day(sh.start.0);
        let leave = LeavePlan {
            max_off_per_day: 5,
            allotments: vec![Allotment {
                date: sh.start.0.date(),
                max_off: 5,
            }],
            requests: vec![LeaveRequest {
                agent: a.id.clone(),
                date: sh.start.0.date(),
                off: LeaveSpan::Hours {
                    from: ClockTime::from_minutes(from).unwrap(),
                    to: ClockTime::from_minutes(from + 60).unwrap(),
                },
            }],
        };
        let rep = evaluate_leave(&p, &leave).unwrap();
        assert!((rep.decisions[0].hours_off_floor - 1.0).abs() < 1e-9);
        let mut forced = rep.clone();
        forced.decisions[0].verdict = Verdict::Granted;
        let ro = apply_leave(&p, &leave, &forced).unwrap();
        let s2 = ro.agents.iter().find(|x| x.id == a.id).unwrap();
        let s2 = s2.shifts.iter().find(|s| s.day == 1).unwrap();
        assert_eq!(s2.breaks.len(), sh.breaks.len() + 1);
        let mut bad = leave.clone();
        bad.requests[0].agent = "nobody".into();
        assert_eq!(
            evaluate_leave(&p, &bad).unwrap_err().path(),
            "leave.requests[0].agent"
        );
        let mut bad = leave;
        bad.requests[0].off = LeaveSpan::Hours {
            from: ClockTime::from_minutes(600).unwrap(),
            to: ClockTime::from_minutes(540).unwrap(),
        };
        assert_eq!(
            evaluate_leave(&p, &bad).unwrap_err().path(),
            "leave.requests[0].to"
        );
    }
}
