//! Checks of a whole [`Plan`] for CI: a plan file (the page's export or one written by hand) is
//! re-checked against its own forecast and rules, trusting none of its reported figures.
//!
//! - requirements recomputed from the plan's forecast are not understated;
//! - coverage recomputed from the shift list equals the reported coverage;
//! - every shift follows its template (day, start window and step, length) and every break
//!   lies inside its window;
//! - every open interval of every queue meets its service level, ASA, abandonment and occupancy
//!   targets, by Erlang with the agents the schedule provides (`--simulate` confirms by
//!   simulation).

use super::intervals::{
    check_intervals, check_simulation, IntervalAchieved, IntervalTargets, ServiceLevelTarget,
};
use super::report::{Report, Severity, Subject, Violation};
use crate::error::{Error, Result};
use crate::plan::{
    horizon_grid, kpis, queue_simulation, requirements_stage, roster_input, roster_shift_of,
    ForecastStage, Plan, PLAN_VERSION,
};
use crate::roster::model::output as roster_output;
use crate::roster::problem::OFF;
use crate::schedule::template::ShiftTemplate;
use crate::simulate::{simulate, IntervalReport};
use crate::staffing::{Channel, Queue};
use crate::time::{format_timestamp, minute_of_day, parse_timestamp, Grid, Weekday};

/// Slack when comparing coverage counts.
const EPS: f64 = 1e-6;

/// How to validate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanChecks {
    /// Also simulate each queue (replications, seed) and check the targets by simulation.
    pub simulate: Option<(u32, u64)>,
}

/// Check a plan. `Err` means the plan file itself is unusable (bad input, exit 2); a `Report`
/// with violations means the plan breaks its rules (exit 1).
pub fn check_plan(plan: &Plan, checks: PlanChecks) -> Result<Report> {
    if plan.version != PLAN_VERSION {
        return Err(Error::invalid("version", "1", plan.version));
    }
    let s = &plan.scenario;
    s.check().map_err(|e| e.within("scenario"))?;
    let grid = horizon_grid(s)?;
    let n = grid.len;
    if plan.timestamps.len() != n || plan.open.len() != n || plan.schedule.coverage.len() != n {
        return Err(Error::Inconsistent {
            path: "timestamps".into(),
            other: "scenario.horizon".into(),
            message: format!("the plan's intervals do not match the horizon's {n}"),
        });
    }
    for (qi, f) in plan.forecast.iter().enumerate() {
        for (name, v) in [("volume", &f.volume), ("aht_seconds", &f.aht_seconds)] {
            if v.len() != n {
                return Err(Error::Inconsistent {
                    path: format!("forecast[{qi}].{name}"),
                    other: "timestamps".into(),
                    message: format!("{} values for {n} intervals", v.len()),
                });
            }
        }
    }
    let mut report = Report::new();
    check_requirements(plan, &mut report)?;
    let coverage = coverage_from_shifts(plan, &grid, &mut report)?;
    check_coverage(plan, &coverage, &mut report);
    check_service(plan, &grid, &coverage, checks, &mut report)?;
    check_roster(plan, &mut report)?;
    Ok(report)
}

/// The roster covers the schedule and every agent keeps every hard labour rule, recomputed
/// from the agents' shifts (not from the roster's own report).
fn check_roster(plan: &Plan, report: &mut Report) -> Result<()> {
    let Some(r) = &plan.roster else {
        return Ok(());
    };
    let Some(input) = roster_input(&plan.scenario, &plan.schedule)? else {
        return Err(Error::Inconsistent {
            path: "roster".into(),
            other: "scenario.agents".into(),
            message: "the plan has a roster but its scenario has no agents or rules".into(),
        });
    };
    let problem = input.to_problem().map_err(|e| e.within("scenario"))?;
    let day0 = plan.scenario.horizon.start;
    let mut cells = vec![vec![OFF; input.days]; input.agents.len()];
    let mut booking = Vec::new();
    for (ai, a) in r.agents.iter().enumerate() {
        let row = input
            .agents
            .iter()
            .position(|x| x.id == a.id)
            .ok_or_else(|| {
                Error::invalid(
                    format!("roster.agents[{ai}].id"),
                    "an agent of the scenario",
                    &a.id,
                )
            })?;
        for (k, sh) in a.shifts.iter().enumerate() {
            let path = format!("roster.agents[{ai}].shifts[{k}]");
            let start = parse_timestamp(&sh.start).ok_or_else(|| {
                Error::invalid(format!("{path}.start"), "a local time", &sh.start)
            })?;
            let day = (start.date() - day0).num_days();
            let shift = roster_shift_of(&input, &sh.template, minute_of_day(start))
                .and_then(|i| u8::try_from(i).ok());
            let (Some(shift), true) = (shift, (0..input.days as i64).contains(&day)) else {
                booking.push(violation(
                    "agents work scheduled shifts",
                    Subject::Agent {
                        agent: a.id.clone(),
                        date: start.date().to_string(),
                    },
                    0.0,
                    0.0,
                    format!(
                        "{} works {} at {}, which the schedule does not have",
                        a.id, sh.template, sh.start
                    ),
                ));
                continue;
            };
            let cell = &mut cells[row][day as usize];
            if *cell != OFF {
                booking.push(violation(
                    "one shift per agent per day",
                    Subject::Agent {
                        agent: a.id.clone(),
                        date: start.date().to_string(),
                    },
                    2.0,
                    1.0,
                    format!("{} is booked on two shifts that day", a.id),
                ));
            }
            *cell = shift;
        }
    }
    report.record(
        "one shift per agent per day",
        r.agents.len(),
        booking
            .iter()
            .filter(|v| v.rule.starts_with("one shift"))
            .cloned()
            .collect(),
    );
    report.record(
        "agents work scheduled shifts",
        r.agents.len(),
        booking
            .into_iter()
            .filter(|v| v.rule.starts_with("agents work"))
            .collect(),
    );
    let out = roster_output(&input, &problem, &cells, 0);
    let horizon = format!(
        "{}..{}",
        day0,
        day0 + chrono::Duration::days(i64::from(plan.scenario.horizon.days) - 1)
    );
    let mut by_rule: std::collections::BTreeMap<&str, Vec<Violation>> = Default::default();
    for b in out.breaks.iter().filter(|b| b.hard) {
        by_rule.entry(b.name).or_default().push(violation(
            b.name,
            Subject::Agent {
                agent: b.agent.clone(),
                date: horizon.clone(),
            },
            f64::from(b.units),
            0.0,
            format!("{} breaks \"{}\" ({} times)", b.agent, b.name, b.units),
        ));
    }
    report.record(
        "labour rules (hard)",
        r.agents.len(),
        by_rule.into_values().flatten().collect(),
    );
    let short: Vec<Violation> = out
        .shortages
        .iter()
        .map(|s| {
            violation(
                "the roster covers the schedule",
                Subject::Plan,
                f64::from(s.assigned),
                f64::from(s.requirement),
                format!(
                    "day {} ({}), shift {}: {} of {} agents rostered",
                    s.day,
                    day0 + chrono::Duration::days(s.day as i64),
                    s.shift,
                    s.assigned,
                    s.requirement
                ),
            )
        })
        .collect();
    report.record("the roster covers the schedule", input.demand.len(), short);
    Ok(())
}

fn check_requirements(plan: &Plan, report: &mut Report) -> Result<()> {
    let stage = ForecastStage {
        timestamps: plan.timestamps.clone(),
        open: plan.open.clone(),
        forecast: plan.forecast.clone(),
        warnings: Vec::new(),
    };
    let fresh = requirements_stage(&plan.scenario, &stage)?;
    let mut v = Vec::new();
    for (i, (&want, &got)) in fresh
        .total_positions
        .iter()
        .zip(&plan.requirements.total_positions)
        .enumerate()
    {
        if got < want {
            v.push(Violation {
                rule: "requirements follow the forecast".into(),
                severity: Severity::Error,
                subject: interval(plan, i),
                value: f64::from(got),
                limit: f64::from(want),
                message: format!("the plan requires {got} positions but its forecast needs {want}"),
            });
        }
    }
    report.record(
        "requirements follow the forecast",
        fresh.total_positions.len(),
        v,
    );
    Ok(())
}

fn interval(plan: &Plan, i: usize) -> Subject {
    Subject::Interval {
        timestamp: plan.timestamps.get(i).cloned().unwrap_or_default(),
    }
}

/// Agents at work (not on break) per interval, recomputed from the shift list; shifts that do
/// not follow their template are reported.
fn coverage_from_shifts(plan: &Plan, grid: &Grid, report: &mut Report) -> Result<Vec<f64>> {
    let set = &plan.scenario.shifts;
    let step = i64::from(grid.interval_minutes);
    let n = grid.len as i64;
    let mut cov = vec![0.0; grid.len];
    let (mut shape, mut breaks) = (Vec::new(), Vec::new());
    for (si, sh) in plan.schedule.shifts.iter().enumerate() {
        let path = |f: &str| format!("schedule.shifts[{si}].{f}");
        let start = parse_timestamp(&sh.start)
            .ok_or_else(|| Error::invalid(path("start"), "a local time", &sh.start))?;
        let end = parse_timestamp(&sh.end)
            .ok_or_else(|| Error::invalid(path("end"), "a local time", &sh.end))?;
        let subject = Subject::Interval {
            timestamp: format_timestamp(start),
        };
        let Some(t) = set.templates.iter().find(|t| t.name == sh.template) else {
            shape.push(violation(
                "shifts follow their templates",
                subject,
                0.0,
                0.0,
                format!("shift template \"{}\" is not in the scenario", sh.template),
            ));
            continue;
        };
        let len = (end - start).num_minutes();
        if let Some(msg) = template_mismatch(t, start, len) {
            shape.push(violation(
                "shifts follow their templates",
                subject.clone(),
                len as f64,
                0.0,
                msg,
            ));
        }
        let mut off = Vec::new();
        if sh.breaks.len() != t.breaks.len() {
            breaks.push(violation(
                "breaks inside their windows",
                subject.clone(),
                sh.breaks.len() as f64,
                t.breaks.len() as f64,
                format!(
                    "{} breaks where template {} has {}",
                    sh.breaks.len(),
                    t.name,
                    t.breaks.len()
                ),
            ));
        }
        for (b, tb) in sh.breaks.iter().zip(&t.breaks) {
            let bs = parse_timestamp(&b.start)
                .ok_or_else(|| Error::invalid(path("breaks"), "a local time", &b.start))?;
            let offset = (bs - start).num_minutes();
            let (lo, hi) = (
                i64::from(tb.earliest_offset_minutes),
                i64::from(tb.latest_offset_minutes),
            );
            if offset < lo || offset > hi || b.minutes != tb.minutes {
                breaks.push(violation(
                    "breaks inside their windows",
                    Subject::Interval {
                        timestamp: format_timestamp(bs),
                    },
                    offset as f64,
                    hi as f64,
                    format!(
                        "a {}-minute break {} min into a {} shift; its window is {}–{} min for {} minutes",
                        b.minutes, offset, t.name, lo, hi, tb.minutes
                    ),
                ));
            }
            off.push((offset, i64::from(b.minutes)));
        }
        // Mark the shift's worked intervals.
        let first = grid.offset_of(start).ok_or_else(|| {
            Error::invalid(path("start"), "a time on the planning grid", &sh.start)
        })?;
        for k in 0..(len / step) {
            let m = k * step;
            if off.iter().any(|&(o, l)| m >= o && m < o + l) {
                continue;
            }
            let mut idx = first + k;
            if set.cyclic {
                idx = idx.rem_euclid(n);
            }
            if (0..n).contains(&idx) {
                cov[idx as usize] += f64::from(sh.count);
            }
        }
    }
    report.record(
        "shifts follow their templates",
        plan.schedule.shifts.len(),
        shape,
    );
    report.record(
        "breaks inside their windows",
        plan.schedule.shifts.len(),
        breaks,
    );
    Ok(cov)
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

/// Why a shift of `length` minutes starting at `start` does not fit template `t`, if it doesn't.
fn template_mismatch(
    t: &ShiftTemplate,
    start: chrono::NaiveDateTime,
    length: i64,
) -> Option<String> {
    let day = Weekday::of(start.date());
    if !t.days.contains(&day) {
        return Some(format!("template {} does not work on {day}", t.name));
    }
    let m = i64::from(minute_of_day(start));
    let (lo, hi) = (
        i64::from(t.start.earliest.minutes()),
        i64::from(t.start.latest.minutes()),
    );
    let step = i64::from(t.start.step_minutes.max(1));
    if m < lo || m > hi || (m - lo) % step != 0 {
        return Some(format!(
            "start {} is outside {}–{} every {} min of template {}",
            format_timestamp(start),
            t.start.earliest,
            t.start.latest,
            step,
            t.name
        ));
    }
    if !t
        .length_minutes
        .values()
        .iter()
        .any(|&l| i64::from(l) == length)
    {
        return Some(format!(
            "a {length}-minute shift is not a length of template {}",
            t.name
        ));
    }
    None
}

fn check_coverage(plan: &Plan, coverage: &[f64], report: &mut Report) {
    let mut v = Vec::new();
    for (i, (c, out)) in coverage.iter().zip(&plan.schedule.coverage).enumerate() {
        if (c - out.scheduled).abs() > EPS {
            v.push(violation(
                "reported coverage equals the shift list",
                interval(plan, i),
                out.scheduled,
                *c,
                format!(
                    "the plan reports {} agents at work but its shifts give {}",
                    out.scheduled, c
                ),
            ));
        }
    }
    report.record("reported coverage equals the shift list", coverage.len(), v);
}

fn targets_of(q: &Queue) -> Option<IntervalTargets> {
    let t = q.target.as_ref()?;
    Some(IntervalTargets {
        service_level: Some(ServiceLevelTarget {
            fraction: t.service_level,
            answer_seconds: t.answer_seconds,
        }),
        max_asa_seconds: t.max_asa_seconds,
        max_abandon_rate: t.max_abandon_rate,
        max_occupancy: q.max_occupancy,
    })
}

/// A sub-report with every rule name rewritten (checks and violations alike).
fn renamed(mut r: Report, name: impl Fn(&str) -> String) -> Report {
    for c in &mut r.checks_run {
        c.rule = name(&c.rule);
    }
    for v in &mut r.violations {
        v.rule = name(&v.rule);
    }
    r
}

/// Prefix a sub-report's rule names with the queue so two queues' checks stay apart.
fn for_queue(r: Report, queue: &str) -> Report {
    renamed(r, |rule| format!("{queue}: {rule}"))
}

fn check_service(
    plan: &Plan,
    grid: &Grid,
    coverage: &[f64],
    checks: PlanChecks,
    report: &mut Report,
) -> Result<()> {
    let s = &plan.scenario;
    let mut sched = plan.schedule.clone();
    for (c, &x) in sched.coverage.iter_mut().zip(coverage) {
        c.scheduled = x;
    }
    let k = kpis(s, grid, &plan.forecast, &plan.requirements, &sched)?;
    for (qi, q) in s.queues.iter().enumerate() {
        if q.channel == Channel::Email {
            continue;
        }
        let (Some(targets), Some(qk), Some(f)) =
            (targets_of(q), k.queues.get(qi), plan.forecast.get(qi))
        else {
            continue;
        };
        let achieved: Vec<IntervalAchieved> = (0..grid.len)
            .filter(|&i| plan.open[i] && f.volume[i] > 0.0)
            .map(|i| IntervalAchieved {
                timestamp: plan.timestamps[i].clone(),
                service_level: qk.service_level[i],
                asa_seconds: qk.asa_seconds[i],
                abandon_rate: qk.abandon_rate[i],
                occupancy: qk.occupancy[i],
            })
            .collect();
        report.merge(for_queue(check_intervals(&targets, &achieved)?, &q.id));
        if let Some((replications, seed)) = checks.simulate {
            let Some(input) = queue_simulation(plan, qi, &qk.agents) else {
                continue;
            };
            let mut sim = simulate(&input, replications, seed)?;
            // Closed and empty intervals have nothing to serve (agents still finishing the
            // last contacts after closing would read as busy): check the open ones only.
            let keep: Vec<bool> = (0..grid.len)
                .map(|i| plan.open[i] && f.volume[i] > 0.0)
                .collect();
            sim.intervals = std::mem::take(&mut sim.intervals)
                .into_iter()
                .zip(keep)
                .filter_map(|(iv, k)| k.then_some(iv))
                .collect();
            // Per interval, a simulation of hundreds of intervals misses some targets by chance
            // even at 95% confidence: those are warnings. The whole horizon is the error check.
            let mut r = check_simulation(&targets, &sim)?;
            for v in &mut r.violations {
                v.severity = Severity::Warning;
            }
            let mut whole = sim.clone();
            whole.intervals = vec![IntervalReport {
                timestamp: "whole horizon".into(),
                volume: f.volume.iter().sum(),
                agents: 0,
                stats: sim.overall.clone(),
            }];
            let overall = renamed(check_simulation(&targets, &whole)?, |rule| {
                format!("{rule} over the horizon")
            });
            r.checks_run.extend(overall.checks_run);
            r.violations.extend(overall.violations);
            r.passed = r.violations.iter().all(|v| v.severity != Severity::Error);
            let r = renamed(r, |rule| format!("{rule} (simulated)"));
            report.merge(for_queue(r, &q.id));
        }
    }
    Ok(())
}
