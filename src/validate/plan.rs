//! Checks of a whole [`Plan`] for CI: a plan file (the page's export or one edited by hand) is
//! re-checked against its own scenario, trusting none of its reported figures.
//!
//! First the shape ([`check_plan_shape`]): every array is checked against the horizon and the
//! scenario (lengths, timestamps, queue ids, templates, days, agents, indices) before anything
//! reads it; a mismatch is bad input (exit 2) with its JSON path. Then every figure the plan
//! reports that can be derived from the scenario and the plan's own decisions (the forecast,
//! the shift list, the roster's cells) is recomputed and compared (exit 1 on a difference):
//!
//! - the forecast of queues with given volumes, and the opening hours;
//! - requirements recomputed from the forecast;
//! - coverage, under/over, totals, per-shift cost and paid hours from the shift list (every
//!   shift must also follow its template, every break lie inside its window);
//! - the KPIs, recomputed with that coverage;
//! - the roster's hours, cost, rule breaks, shortages and fairness from its cells, and every
//!   hard labour rule;
//! - the solver reports against the scenario's budgets;
//!
//! and finally every open interval of every queue must meet its targets, by Erlang with the
//! agents the schedule provides (`--simulate` confirms by simulation). What validate cannot
//! recompute (a history-based forecast, the solver's lower bound, warnings) is checked for
//! consistency only.

use super::intervals::{
    check_intervals, check_simulation, IntervalAchieved, IntervalTargets, ServiceLevelTarget,
};
use super::report::{Report, Severity, Subject, Violation};
use crate::error::Result;
use crate::plan::forecast::recompute_given;
use crate::plan::{
    check_plan_shape, kpis, queue_simulation, requirements_stage, roster_cells, roster_input,
    roster_totals, schedule_run, Basis, CheckedPlan, Plan, ScheduleTotals, StoppedBy,
};
use crate::roster::problem::OFF;
use crate::schedule::report::TemplateSummary;
use crate::schedule::template::ShiftTemplate;
use crate::simulate::{simulate, IntervalReport};
use crate::staffing::{Channel, Queue};
use crate::time::{format_timestamp, minute_of_day, Weekday};
use std::collections::BTreeMap;
use std::fmt::Debug;

/// How to validate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanChecks {
    /// Also simulate each queue (replications, seed) and check the targets by simulation.
    pub simulate: Option<(u32, u64)>,
}

/// Check a plan. `Err` means the plan file itself is unusable (bad input, exit 2); a `Report`
/// with violations means the plan breaks its rules or misreports a figure (exit 1).
pub fn check_plan(plan: &Plan, checks: PlanChecks) -> Result<Report> {
    let c = check_plan_shape(plan)?;
    let mut report = Report::new();
    check_forecast(plan, &c, &mut report)?;
    let fresh = requirements_stage(&c.frame, &c.forecast)?;
    check_requirements(plan, &fresh, &mut report);
    let shifts = shifts_from_list(plan, &c, &mut report)?;
    check_schedule_figures(plan, &fresh.total_positions, &shifts, &mut report);
    check_service(plan, &c, &fresh, &shifts, checks, &mut report)?;
    check_roster(plan, &c, &mut report)?;
    super::day::check_day(plan, &c, &mut report)?;
    check_solvers(plan, &c, &mut report);
    Ok(report)
}

/// Mismatches between reported and recomputed figures, collected for one rule.
struct Figures {
    rule: &'static str,
    checked: usize,
    found: Vec<Violation>,
}

/// Reported and recomputed numbers agree up to rounding to 6 decimals.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

impl Figures {
    fn new(rule: &'static str) -> Figures {
        Figures {
            rule,
            checked: 0,
            found: Vec::new(),
        }
    }

    fn miss(&mut self, path: &str, reported: String, recomputed: String, values: (f64, f64)) {
        self.found.push(Violation {
            rule: self.rule.into(),
            severity: Severity::Error,
            subject: Subject::Plan,
            value: values.0,
            limit: values.1,
            message: format!(
                "{path}: the plan reports {reported} but recomputing gives {recomputed}"
            ),
        });
    }

    fn num(&mut self, path: impl FnOnce() -> String, reported: f64, recomputed: f64) {
        self.checked += 1;
        if !close(reported, recomputed) {
            self.miss(
                &path(),
                crate::error::num(reported),
                crate::error::num(recomputed),
                (reported, recomputed),
            );
        }
    }

    fn opt(
        &mut self,
        path: impl FnOnce() -> String,
        reported: Option<f64>,
        recomputed: Option<f64>,
    ) {
        self.checked += 1;
        let same = match (reported, recomputed) {
            (Some(a), Some(b)) => close(a, b),
            (None, None) => true,
            _ => false,
        };
        if !same {
            self.miss(
                &path(),
                format!("{reported:?}"),
                format!("{recomputed:?}"),
                (reported.unwrap_or(f64::NAN), recomputed.unwrap_or(f64::NAN)),
            );
        }
    }

    fn nums(&mut self, path: &str, reported: &[f64], recomputed: &[f64]) {
        self.len(path, reported.len(), recomputed.len());
        for (i, (&a, &b)) in reported.iter().zip(recomputed).enumerate() {
            self.num(|| format!("{path}[{i}]"), a, b);
        }
    }

    fn opts(&mut self, path: &str, reported: &[Option<f64>], recomputed: &[Option<f64>]) {
        self.len(path, reported.len(), recomputed.len());
        for (i, (&a, &b)) in reported.iter().zip(recomputed).enumerate() {
            self.opt(|| format!("{path}[{i}]"), a, b);
        }
    }

    fn ints(&mut self, path: &str, reported: &[u32], recomputed: &[u32]) {
        self.len(path, reported.len(), recomputed.len());
        for (i, (&a, &b)) in reported.iter().zip(recomputed).enumerate() {
            self.num(|| format!("{path}[{i}]"), f64::from(a), f64::from(b));
        }
    }

    fn len(&mut self, path: &str, reported: usize, recomputed: usize) {
        self.num(
            || format!("{path} (length)"),
            reported as f64,
            recomputed as f64,
        );
    }

    fn same<T: PartialEq + Debug>(
        &mut self,
        path: impl FnOnce() -> String,
        reported: &T,
        recomputed: &T,
    ) {
        self.checked += 1;
        if reported != recomputed {
            self.miss(
                &path(),
                format!("{reported:?}"),
                format!("{recomputed:?}"),
                (f64::NAN, f64::NAN),
            );
        }
    }

    fn record(self, report: &mut Report) {
        report.record(self.rule, self.checked, self.found);
    }
}

/// Given volumes are the forecast (after adjustments and opening hours); with opening hours,
/// `open` is them and closed intervals have no volume.
fn check_forecast(plan: &Plan, c: &CheckedPlan, report: &mut Report) -> Result<()> {
    let mut fig = Figures::new("the forecast follows the scenario");
    for (qi, fresh) in recompute_given(&c.frame)?.into_iter().enumerate() {
        let (Some(fresh), Some(f)) = (fresh, plan.forecast.get(qi)) else {
            continue;
        };
        let p = format!("forecast[{qi}]");
        fig.same(|| format!("{p}.source"), &f.source, &fresh.source);
        fig.same(|| format!("{p}.method"), &f.method, &fresh.method);
        fig.nums(&format!("{p}.volume"), &f.volume, &fresh.volume);
        fig.nums(&format!("{p}.lo80"), &f.lo80, &fresh.lo80);
        fig.nums(&format!("{p}.hi80"), &f.hi80, &fresh.hi80);
        fig.nums(&format!("{p}.lo95"), &f.lo95, &fresh.lo95);
        fig.nums(&format!("{p}.hi95"), &f.hi95, &fresh.hi95);
        fig.nums(
            &format!("{p}.aht_seconds"),
            &f.aht_seconds,
            &fresh.aht_seconds,
        );
        fig.same(
            || format!("{p}.backtest_wape"),
            &f.backtest_wape,
            &fresh.backtest_wape,
        );
    }
    let grid = c.frame.grid();
    if let Some(h) = &plan.scenario.opening_hours {
        for (i, &o) in plan.open.iter().enumerate() {
            let want = h.is_open(grid.weekday(i), minute_of_day(grid.time(i)));
            fig.same(|| format!("open[{i}]"), &o, &want);
            if !want {
                for (qi, f) in plan.forecast.iter().enumerate() {
                    fig.num(|| format!("forecast[{qi}].volume[{i}]"), f.volume[i], 0.0);
                }
            }
        }
    }
    for (qi, f) in plan.forecast.iter().enumerate() {
        for i in 0..grid.len {
            fig.checked += 1;
            let (lo95, lo80, v, hi80, hi95) =
                (f.lo95[i], f.lo80[i], f.volume[i], f.hi80[i], f.hi95[i]);
            let e = 1e-9 * hi95.abs().max(1.0);
            if !(lo95 <= lo80 + e && lo80 <= v + e && v <= hi80 + e && hi80 <= hi95 + e) {
                fig.miss(
                    &format!("forecast[{qi}] interval {i}"),
                    format!("{lo95} <= {lo80} <= {v} <= {hi80} <= {hi95} not holding"),
                    "nested prediction intervals around the volume".into(),
                    (v, v),
                );
            }
        }
    }
    fig.record(report);
    Ok(())
}

fn check_requirements(
    plan: &Plan,
    fresh: &crate::staffing::horizon::HorizonRequirements,
    report: &mut Report,
) {
    let r = &plan.requirements;
    let mut fig = Figures::new("requirements follow the forecast");
    for (qi, (q, f)) in r.queues.iter().zip(&fresh.queues).enumerate() {
        let p = format!("requirements.queues[{qi}]");
        fig.same(|| format!("{p}.channel"), &q.channel, &f.channel);
        fig.ints(&format!("{p}.agents"), &q.agents, &f.agents);
        fig.opts(
            &format!("{p}.service_level"),
            &q.service_level,
            &f.service_level,
        );
        fig.opts(&format!("{p}.occupancy"), &q.occupancy, &f.occupancy);
        fig.opts(&format!("{p}.asa_seconds"), &q.asa_seconds, &f.asa_seconds);
        fig.same(|| format!("{p}.unmet"), &q.unmet, &f.unmet);
        match (&q.backlog, &f.backlog) {
            (Some(a), Some(b)) => fig.nums(&format!("{p}.backlog"), a, b),
            (a, b) => fig.same(|| format!("{p}.backlog"), &a.is_some(), &b.is_some()),
        }
        fig.num(|| format!("{p}.agent_hours"), q.agent_hours, f.agent_hours);
    }
    fig.ints(
        "requirements.total_agents",
        &r.total_agents,
        &fresh.total_agents,
    );
    fig.nums("requirements.shrinkage", &r.shrinkage, &fresh.shrinkage);
    fig.ints(
        "requirements.total_positions",
        &r.total_positions,
        &fresh.total_positions,
    );
    fig.num(
        || "requirements.agent_hours".into(),
        r.agent_hours,
        fresh.agent_hours,
    );
    fig.num(
        || "requirements.position_hours".into(),
        r.position_hours,
        fresh.position_hours,
    );
    if let (Some(a), Some(b)) = (&r.groups, &fresh.groups) {
        for (gi, (x, y)) in a.iter().zip(b).enumerate() {
            let p = format!("requirements.groups[{gi}]");
            fig.ints(&format!("{p}.agents"), &x.agents, &y.agents);
            fig.ints(&format!("{p}.positions"), &x.positions, &y.positions);
            fig.same(|| format!("{p}.unmet"), &x.unmet, &y.unmet);
        }
    }
    fig.record(report);
}

/// A multi-skill plan's service: the KPIs recomputed by the multi-skill model from the roster's
/// agents in their own skill groups (or the shift list's groups), compared figure by figure;
/// every agent only on shifts of groups within their skills; every queue at its target over
/// the horizon (by the model, and with `--simulate` by the multi-skill simulation). Per
/// interval, a queue below target is a warning (the bar is at most 10% of busy
/// intervals, checked as an error).
fn check_skill_service(
    plan: &Plan,
    c: &CheckedPlan,
    fresh: &crate::staffing::horizon::HorizonRequirements,
    from: &FromShifts,
    checks: PlanChecks,
    report: &mut Report,
) -> Result<()> {
    use crate::plan::skills::{roster_group_coverage, schedule_group_coverage, skill_kpis};
    let frame = &c.frame;
    let s = &plan.scenario;
    let (cov, totals, basis) = match &c.roster {
        Some(r) => (
            super::day::group_at_work(plan, frame, r)
                .unwrap_or_else(|| roster_group_coverage(frame, r)),
            roster_totals(frame, r)?,
            Basis::Roster,
        ),
        None => (
            schedule_group_coverage(frame, &c.schedule),
            from.totals,
            Basis::Schedule,
        ),
    };
    let (k, _) = skill_kpis(frame, &plan.forecast, fresh, cov, totals, basis)?;
    let mut fig = Figures::new("KPIs equal their recomputation");
    let r = &plan.kpis;
    fig.same(|| "kpis.basis".into(), &r.basis, &k.basis);
    fig.nums("kpis.at_work", &r.at_work, &k.at_work);
    for (qi, (a, b)) in r.queues.iter().zip(&k.queues).enumerate() {
        let p = format!("kpis.queues[{qi}]");
        fig.ints(&format!("{p}.agents"), &a.agents, &b.agents);
        fig.opts(
            &format!("{p}.service_level"),
            &a.service_level,
            &b.service_level,
        );
        fig.opts(&format!("{p}.asa_seconds"), &a.asa_seconds, &b.asa_seconds);
        fig.opt(
            || format!("{p}.service_level_total"),
            a.service_level_total,
            b.service_level_total,
        );
    }
    fig.num(|| "kpis.cost".into(), r.cost, k.cost);
    fig.record(report);
    // Agents only on work they have the skills for.
    let rule = "agents work only shifts of groups within their skills";
    let mut v = Vec::new();
    let mut checked = 0;
    if let Some(ro) = &c.roster {
        for a in &ro.agents {
            let own = s
                .agents
                .iter()
                .position(|x| x.id == a.id)
                .and_then(|i| frame.group_of_agent(i))
                .map(|g| frame.groups()[g].skills.clone())
                .unwrap_or_default();
            for sh in &a.shifts {
                checked += 1;
                let Some(t) = ro.shift_types.get(sh.shift) else {
                    continue;
                };
                let need = t
                    .group
                    .as_ref()
                    .and_then(|g| frame.groups().iter().find(|x| &x.id == g))
                    .map(|g| g.skills.clone())
                    .unwrap_or_else(|| (0..s.queues.len()).collect());
                let missing: Vec<&str> = need
                    .iter()
                    .filter(|q| !own.contains(q))
                    .filter_map(|&q| s.queues.get(q).map(|x| x.id.as_str()))
                    .collect();
                if !missing.is_empty() {
                    v.push(violation(
                        rule,
                        Subject::Agent {
                            agent: a.id.clone(),
                            date: frame.date(sh.day).to_string(),
                        },
                        missing.len() as f64,
                        0.0,
                        format!(
                            "agent {} works shift {} ({} {} of group {}) on day {} but lacks the skill {}",
                            a.id,
                            sh.shift,
                            t.template,
                            t.start,
                            t.group.as_deref().unwrap_or("all queues"),
                            sh.day,
                            missing.join(", ")
                        ),
                    ));
                }
            }
        }
    }
    report.record(rule, checked, v);
    // Every queue at target over the horizon, and per busy interval (warnings; an error past
    // 10% of busy intervals).
    let sim = match checks.simulate {
        Some((replications, seed)) => crate::plan::simulate_plan_skills(plan, replications, seed)?,
        None => None,
    };
    for (qi, q) in s.queues.iter().enumerate() {
        let (Some(t), Some(qk), Some(f)) =
            (q.target.as_ref(), k.queues.get(qi), plan.forecast.get(qi))
        else {
            continue;
        };
        let rule = format!(
            "service level >= {:.0}% within {} s over the horizon ({})",
            t.service_level * 100.0,
            t.answer_seconds,
            q.id
        );
        let mut v = Vec::new();
        let push = |v: &mut Vec<Violation>, what: &str, sl: f64| {
            if sl + 1e-9 < t.service_level {
                v.push(violation(
                    &rule,
                    Subject::Plan,
                    sl,
                    t.service_level,
                    format!(
                        "queue {}: {what} service level {:.1}% is below the target {:.0}%",
                        q.id,
                        sl * 100.0,
                        t.service_level * 100.0
                    ),
                ));
            }
        };
        if let Some(sl) = qk.service_level_total {
            push(&mut v, "modelled", sl);
        }
        if let Some(sim) = &sim {
            if let Some(sl) = sim.queues.get(qi).and_then(|x| x.simulated).map(|e| e.mean) {
                push(&mut v, "simulated", sl);
            }
        }
        report.record(rule, 1, v);
        let rule = format!(
            "service level >= {:.0}% within {} s in each busy interval ({})",
            t.service_level * 100.0,
            t.answer_seconds,
            q.id
        );
        let busy: Vec<usize> = (0..frame.len())
            .filter(|&i| plan.open[i] && f.volume[i] > 0.0)
            .collect();
        let mut v = Vec::new();
        for &i in &busy {
            if let Some(sl) = qk.service_level[i] {
                if sl + 1e-9 < t.service_level {
                    let mut x = violation(
                        &rule,
                        interval(plan, i),
                        sl,
                        t.service_level,
                        format!(
                            "queue {}: modelled service level {:.1}% is below the target {:.0}%",
                            q.id,
                            sl * 100.0,
                            t.service_level * 100.0
                        ),
                    );
                    x.severity = Severity::Warning;
                    v.push(x);
                }
            }
        }
        if !busy.is_empty() && v.len() * 10 > busy.len() {
            v.push(violation(
                &rule,
                Subject::Plan,
                v.len() as f64 / busy.len() as f64,
                0.1,
                format!(
                    "queue {}: below target in {} of {} busy intervals (more than 10%)",
                    q.id,
                    v.len(),
                    busy.len()
                ),
            ));
        }
        report.record(rule, busy.len(), v);
    }
    Ok(())
}

fn interval(plan: &Plan, i: usize) -> Subject {
    Subject::Interval {
        timestamp: plan
            .timestamps
            .get(i)
            .map(|t| t.to_string())
            .unwrap_or_default(),
    }
}

/// What the shift list gives, recomputed: agents at work per interval, and per shift its cost
/// and paid hours from the scenario's cost model (`None` for a shift no template allows).
struct FromShifts {
    coverage: Vec<f64>,
    cost: Vec<Option<(f64, f64)>>,
    totals: ScheduleTotals,
    templates: Vec<TemplateSummary>,
}

/// Agents at work (not on break) per interval, recomputed from the shift list; shifts that do
/// not follow their template are reported.
fn shifts_from_list(plan: &Plan, c: &CheckedPlan, report: &mut Report) -> Result<FromShifts> {
    let set = &plan.scenario.shifts;
    let grid = c.frame.grid();
    let step = i64::from(grid.interval_minutes);
    let n = grid.len as i64;
    let candidates = crate::schedule::candidates::expand(set, grid)?.candidates;
    let mut by_key: BTreeMap<(usize, usize, usize), (f64, f64)> = BTreeMap::new();
    for cand in &candidates {
        by_key
            .entry((cand.template, cand.start, cand.len))
            .or_insert((cand.cost, f64::from(cand.paid_minutes) / 60.0));
    }
    let mut cov = vec![0.0; grid.len];
    let mut costs = Vec::with_capacity(c.schedule.shifts.len());
    let (mut shape, mut breaks) = (Vec::new(), Vec::new());
    let (mut cost, mut paid, mut count) = (0.0, 0.0, 0u32);
    let mut per_template: BTreeMap<usize, (u32, f64)> = BTreeMap::new();
    for (sh, out) in c.schedule.shifts.iter().zip(&plan.schedule.shifts) {
        let t = &set.templates[sh.template];
        let subject = Subject::Interval {
            timestamp: format_timestamp(sh.start),
        };
        let len = i64::from(sh.span_minutes);
        if let Some(msg) = template_mismatch(t, sh.start, len) {
            shape.push(violation(
                "shifts follow their templates",
                subject.clone(),
                len as f64,
                0.0,
                msg,
            ));
        }
        let key = (sh.template, sh.first, (len / step) as usize);
        let priced = by_key.get(&key).copied();
        if priced.is_none() && template_mismatch(t, sh.start, len).is_none() {
            shape.push(violation(
                "shifts follow their templates",
                subject.clone(),
                len as f64,
                0.0,
                format!(
                    "no {} shift of template {} starts at {}",
                    len, t.name, out.start
                ),
            ));
        }
        costs.push(priced);
        if let Some((c1, p1)) = priced {
            cost += c1 * f64::from(sh.count);
            paid += p1 * f64::from(sh.count);
            let e = per_template.entry(sh.template).or_default();
            e.0 = e.0.saturating_add(sh.count);
            e.1 += p1 * f64::from(sh.count);
        }
        count = count.saturating_add(sh.count);
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
        for ((&(offset, minutes), tb), b) in sh.breaks.iter().zip(&t.breaks).zip(&out.breaks) {
            let (lo, hi) = (
                i64::from(tb.earliest_offset_minutes),
                i64::from(tb.latest_offset_minutes),
            );
            if offset < lo || offset > hi || minutes != tb.minutes || b.paid != tb.paid {
                breaks.push(violation(
                    "breaks inside their windows",
                    Subject::Interval {
                        timestamp: b.start.to_string(),
                    },
                    offset as f64,
                    hi as f64,
                    format!(
                        "a {}-minute {} break {} min into a {} shift; its window is {}–{} min for {} minutes ({})",
                        minutes,
                        if b.paid { "paid" } else { "unpaid" },
                        offset,
                        t.name,
                        lo,
                        hi,
                        tb.minutes,
                        if tb.paid { "paid" } else { "unpaid" },
                    ),
                ));
            }
        }
        // Mark the shift's worked intervals.
        for k in 0..(len / step) {
            let m = k * step;
            if sh
                .breaks
                .iter()
                .any(|&(o, l)| m >= o && m < o + i64::from(l))
            {
                continue;
            }
            let mut idx = sh.first as i64 + k;
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
    let round6 = |x: f64| (x * 1e6).round() / 1e6;
    Ok(FromShifts {
        coverage: cov,
        cost: costs,
        totals: ScheduleTotals {
            cost: round6(cost),
            paid_hours: round6(paid),
            shifts: count,
        },
        templates: per_template
            .into_iter()
            .map(|(ti, (k, h))| TemplateSummary {
                template: set.templates[ti].name.clone(),
                shifts: k,
                paid_hours: round6(h),
            })
            .collect(),
    })
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

/// Coverage, under/over and the schedule's totals against the shift list and the
/// recomputed requirement.
fn check_schedule_figures(plan: &Plan, positions: &[u32], from: &FromShifts, report: &mut Report) {
    let s = &plan.schedule;
    let mut v = Vec::new();
    for (i, (c, out)) in from.coverage.iter().zip(&s.coverage).enumerate() {
        if !close(*c, out.scheduled) {
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
    report.record(
        "reported coverage equals the shift list",
        from.coverage.len(),
        v,
    );
    let mut fig = Figures::new("schedule figures equal the shift list");
    let (mut under, mut over) = (0.0, 0.0);
    let mut understaffed = Vec::new();
    for (i, (out, &p)) in s.coverage.iter().zip(positions).enumerate() {
        let req = f64::from(p);
        let got = from.coverage[i];
        let (u, o) = ((req - got).max(0.0), (got - req).max(0.0));
        fig.num(
            || format!("schedule.coverage[{i}].required"),
            out.required,
            req,
        );
        fig.num(|| format!("schedule.coverage[{i}].under"), out.under, u);
        fig.num(|| format!("schedule.coverage[{i}].over"), out.over, o);
        under += u;
        over += o;
        if u > 1e-9 {
            understaffed.push((out.timestamp.to_string(), u));
        }
    }
    let reported: Vec<(String, f64)> = s
        .understaffed
        .iter()
        .map(|c| (c.timestamp.to_string(), c.under))
        .collect();
    fig.len("schedule.understaffed", reported.len(), understaffed.len());
    for (k, ((ta, ua), (tb, ub))) in reported.iter().zip(&understaffed).enumerate() {
        fig.same(|| format!("schedule.understaffed[{k}].timestamp"), ta, tb);
        fig.num(|| format!("schedule.understaffed[{k}].under"), *ua, *ub);
    }
    for (k, u) in s.understaffed.iter().enumerate() {
        let at = s.coverage.iter().find(|x| x.timestamp == u.timestamp);
        fig.same(|| format!("schedule.understaffed[{k}]"), &Some(u), &at);
    }
    fig.num(
        || "schedule.understaffed_agent_intervals".into(),
        s.understaffed_agent_intervals,
        under,
    );
    fig.num(
        || "schedule.overstaffed_agent_intervals".into(),
        s.overstaffed_agent_intervals,
        over,
    );
    for (k, (sh, priced)) in s.shifts.iter().zip(&from.cost).enumerate() {
        if let Some((cost, paid)) = priced {
            fig.num(|| format!("schedule.shifts[{k}].cost"), sh.cost, *cost);
            fig.num(
                || format!("schedule.shifts[{k}].paid_hours"),
                sh.paid_hours,
                *paid,
            );
        }
    }
    if from.cost.iter().all(Option::is_some) {
        fig.num(|| "schedule.cost".into(), s.cost, from.totals.cost);
        fig.num(
            || "schedule.paid_hours".into(),
            s.paid_hours,
            from.totals.paid_hours,
        );
        fig.same(
            || "schedule.templates".into(),
            &s.templates,
            &from.templates,
        );
    }
    fig.num(
        || "schedule.shift_count".into(),
        f64::from(s.shift_count),
        f64::from(from.totals.shifts),
    );
    // What the solver proved cannot be recomputed; it must at least be consistent.
    fig.num(
        || "schedule.objective".into(),
        s.objective,
        s.cost + s.penalty,
    );
    let gap = if s.proven_optimal || s.objective <= 0.0 {
        0.0
    } else {
        ((s.objective - s.lower_bound) / s.objective).max(0.0)
    };
    fig.num(|| "schedule.gap".into(), s.gap, gap);
    fig.checked += 1;
    if s.lower_bound > s.objective + 1e-6 * s.objective.abs().max(1.0) || s.penalty < 0.0 {
        fig.miss(
            "schedule.lower_bound",
            crate::error::num(s.lower_bound),
            format!(
                "a bound at most the objective {}",
                crate::error::num(s.objective)
            ),
            (s.lower_bound, s.objective),
        );
    }
    let proven = s.objective - s.lower_bound <= 1e-5 * s.objective.abs().max(1.0);
    fig.same(
        || "schedule.proven_optimal".into(),
        &s.proven_optimal,
        &proven,
    );
    fig.same(|| "schedule.fte".into(), &s.fte, &None);
    for (name, x) in [
        ("lp_seconds", s.solver.lp_seconds),
        ("exact_seconds", s.solver.exact_seconds),
        ("solve_seconds", s.solver.solve_seconds),
    ] {
        // A plan stores no wall-clock times (it is the same on every machine).
        fig.num(|| format!("schedule.solver.{name}"), x, 0.0);
    }
    fig.record(report);
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
    c: &CheckedPlan,
    fresh: &crate::staffing::horizon::HorizonRequirements,
    from: &FromShifts,
    checks: PlanChecks,
    report: &mut Report,
) -> Result<()> {
    let s = &plan.scenario;
    let grid = c.frame.grid();
    // With the agent's day, the shrinkage is net of what the activities stand for.
    let net = super::day::net_requirements(plan, c, fresh);
    let fresh = net.as_ref().unwrap_or(fresh);
    // The KPIs count the agents who will be there: the roster's (their shifts and breaks, and
    // with the agent's day net of sessions and hours off) when the plan has one, else the
    // shift list's.
    if c.frame.multi_skill() {
        return check_skill_service(plan, c, fresh, from, checks, report);
    }
    let k = match &c.roster {
        Some(r) => kpis(
            &c.frame,
            &plan.forecast,
            fresh,
            &super::day::at_work(plan, &c.frame, r),
            roster_totals(&c.frame, r)?,
            Basis::Roster,
        )?,
        None => kpis(
            &c.frame,
            &plan.forecast,
            fresh,
            &from.coverage,
            from.totals,
            Basis::Schedule,
        )?,
    };
    let mut fig = Figures::new("KPIs equal their recomputation");
    let r = &plan.kpis;
    fig.same(|| "kpis.basis".into(), &r.basis, &k.basis);
    fig.nums("kpis.at_work", &r.at_work, &k.at_work);
    fig.num(
        || "kpis.short_intervals".into(),
        r.short_intervals as f64,
        k.short_intervals as f64,
    );
    for (qi, (a, b)) in r.queues.iter().zip(&k.queues).enumerate() {
        let p = format!("kpis.queues[{qi}]");
        fig.ints(&format!("{p}.agents"), &a.agents, &b.agents);
        fig.opts(
            &format!("{p}.service_level"),
            &a.service_level,
            &b.service_level,
        );
        fig.opts(&format!("{p}.asa_seconds"), &a.asa_seconds, &b.asa_seconds);
        fig.opts(
            &format!("{p}.abandon_rate"),
            &a.abandon_rate,
            &b.abandon_rate,
        );
        fig.opts(&format!("{p}.occupancy"), &a.occupancy, &b.occupancy);
        fig.opt(
            || format!("{p}.service_level_total"),
            a.service_level_total,
            b.service_level_total,
        );
        fig.opt(|| format!("{p}.asa_total"), a.asa_total, b.asa_total);
        fig.opt(
            || format!("{p}.abandon_total"),
            a.abandon_total,
            b.abandon_total,
        );
        fig.num(
            || format!("{p}.intervals_below_target"),
            a.intervals_below_target as f64,
            b.intervals_below_target as f64,
        );
    }
    fig.nums(
        "kpis.productive_agents",
        &r.productive_agents,
        &k.productive_agents,
    );
    fig.num(|| "kpis.cost".into(), r.cost, k.cost);
    fig.num(|| "kpis.paid_hours".into(), r.paid_hours, k.paid_hours);
    fig.num(
        || "kpis.shifts".into(),
        f64::from(r.shifts),
        f64::from(k.shifts),
    );
    fig.num(|| "kpis.contacts".into(), r.contacts, k.contacts);
    fig.opt(
        || "kpis.cost_per_contact".into(),
        r.cost_per_contact,
        k.cost_per_contact,
    );
    fig.record(report);
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
                timestamp: plan.timestamps[i].to_string(),
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

/// The roster covers the schedule and every agent keeps every hard labour rule, recomputed
/// from the agents' cells (not from the roster's own report), and the roster's report equals
/// that recomputation.
fn check_roster(plan: &Plan, c: &CheckedPlan, report: &mut Report) -> Result<()> {
    let Some(r) = &c.roster else {
        if roster_input(&c.frame, &c.schedule).is_some() {
            report.record(
                "the plan rosters its agents",
                1,
                vec![violation(
                    "the plan rosters its agents",
                    Subject::Plan,
                    0.0,
                    plan.scenario.agents.len() as f64,
                    "the scenario has agents and rules but the plan has no roster".into(),
                )],
            );
        }
        return Ok(());
    };
    let Some((input, types)) = roster_input(&c.frame, &c.schedule) else {
        return Err(crate::error::Error::Inconsistent {
            path: "roster".into(),
            other: "scenario.agents".into(),
            message: "the plan has a roster but its scenario has no agents or rules".into(),
        });
    };
    let problem = input.to_problem().map_err(|e| e.within("scenario"))?;
    let day0 = plan.scenario.horizon.start;
    // One shift per agent per day.
    let mut booking = Vec::new();
    for a in &r.agents {
        let mut days = vec![0u32; c.frame.days()];
        for sh in &a.shifts {
            days[sh.day] += 1;
        }
        for (d, &k) in days.iter().enumerate() {
            if k > 1 {
                booking.push(violation(
                    "one shift per agent per day",
                    Subject::Agent {
                        agent: a.id.clone(),
                        date: c.frame.date(d).to_string(),
                    },
                    f64::from(k),
                    1.0,
                    format!("{} is booked on {k} shifts that day", a.id),
                ));
            }
        }
    }
    report.record("one shift per agent per day", r.agents.len(), booking);
    let cells: Vec<Vec<u8>> = roster_cells(&c.frame, r)
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|x| x.and_then(|s| u8::try_from(s).ok()).unwrap_or(OFF))
                .collect()
        })
        .collect();
    let out = crate::roster::model::output(&input, &problem, &cells, 0);
    let horizon = format!(
        "{}..{}",
        day0,
        c.frame.date(c.frame.days().saturating_sub(1))
    );
    let mut by_rule: BTreeMap<&str, Vec<Violation>> = Default::default();
    for b in out.breaks.iter().filter(|b| b.hard) {
        by_rule.entry(b.rule.name()).or_default().push(violation(
            b.rule.name(),
            Subject::Agent {
                agent: b.agent.clone(),
                date: horizon.clone(),
            },
            f64::from(b.units),
            0.0,
            format!(
                "{} breaks \"{}\" ({} times)",
                b.agent,
                b.rule.name(),
                b.units
            ),
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
                    c.frame.date(s.day),
                    s.shift,
                    s.assigned,
                    s.requirement
                ),
            )
        })
        .collect();
    report.record("the roster covers the schedule", input.demand.len(), short);
    // The roster's own report, recomputed from its cells.
    let fresh = crate::plan::roster::plan_roster(&c.frame, &input, types, &out, None);
    check_roster_breaks(plan, r, report);
    let mut fig = Figures::new("roster figures equal their recomputation");
    fig.len("roster.agents", r.agents.len(), fresh.agents.len());
    for (ai, a) in r.agents.iter().enumerate() {
        let Some(b) = fresh.agents.iter().find(|x| x.id == a.id) else {
            continue;
        };
        fig.same(|| format!("roster.agents[{ai}].name"), &a.name, &b.name);
        fig.num(
            || format!("roster.agents[{ai}].paid_hours"),
            a.paid_hours,
            b.paid_hours,
        );
    }
    fig.same(|| "roster.feasible".into(), &r.feasible, &fresh.feasible);
    fig.num(|| "roster.cost".into(), r.cost as f64, fresh.cost as f64);
    fig.same(|| "roster.breaks".into(), &r.breaks, &fresh.breaks);
    fig.same(|| "roster.shortages".into(), &r.shortages, &fresh.shortages);
    fig.same(|| "roster.fairness".into(), &r.fairness, &fresh.fairness);
    fig.record(report);
    Ok(())
}

/// Every rostered shift has its template's breaks, each inside its window and on the grid.
fn check_roster_breaks(plan: &Plan, r: &crate::plan::PlanRoster, report: &mut Report) {
    let templates = &plan.scenario.shifts.templates;
    let step = i64::from(plan.scenario.interval_minutes.max(1));
    let rule = "rostered breaks inside their windows";
    let (mut checked, mut found) = (0, Vec::new());
    for a in &r.agents {
        for sh in &a.shifts {
            checked += 1;
            let Some(t) = r
                .shift_types
                .get(sh.shift)
                .and_then(|st| templates.iter().find(|x| x.name == st.template))
            else {
                continue;
            };
            let subject = Subject::Agent {
                agent: a.id.clone(),
                date: sh.start.0.date().to_string(),
            };
            if sh.breaks.len() != t.breaks.len() {
                found.push(violation(
                    rule,
                    subject.clone(),
                    sh.breaks.len() as f64,
                    t.breaks.len() as f64,
                    format!(
                        "{} has {} breaks on a {} shift at {}; the template has {}",
                        a.id,
                        sh.breaks.len(),
                        t.name,
                        sh.start,
                        t.breaks.len()
                    ),
                ));
                continue;
            }
            for (b, tb) in sh.breaks.iter().zip(&t.breaks) {
                let offset = (b.start.0 - sh.start.0).num_minutes();
                let (lo, hi) = (
                    i64::from(tb.earliest_offset_minutes),
                    i64::from(tb.latest_offset_minutes),
                );
                if offset < lo
                    || offset > hi
                    || offset % step != 0
                    || b.minutes != tb.minutes
                    || b.paid != tb.paid
                {
                    found.push(violation(
                        rule,
                        subject.clone(),
                        offset as f64,
                        hi as f64,
                        format!(
                            "{}'s {}-minute break at {} is {} min into the {} shift; its window is {}–{} min for {} minutes",
                            a.id, b.minutes, b.start, offset, t.name, lo, hi, tb.minutes
                        ),
                    ));
                }
            }
        }
    }
    report.record(rule, checked, found);
}

/// The solver reports name the scenario's budgets, and what stopped each is consistent.
fn check_solvers(plan: &Plan, c: &CheckedPlan, report: &mut Report) {
    let mut fig = Figures::new("solver reports match the scenario's budgets");
    fig.same(
        || "solvers.schedule".into(),
        &plan.solvers.schedule,
        &schedule_run(&c.frame, &plan.schedule),
    );
    let solver = &plan.scenario.solver;
    let so = &plan.schedule.solver;
    fig.same(
        || "schedule.solver.work_limit".into(),
        &so.work_limit,
        &solver.schedule_work,
    );
    // The solver's notes follow from how it stopped: a time-cap note when the cap bound, a
    // work-limit note with the proven gap when the work ran out first (an unsolved LP's note
    // cannot be recomputed and is only checked for its wording).
    use crate::schedule::budget::StoppedBy as S;
    use crate::schedule::solve::{NoteKind, DEFAULT_GAP_TARGET};
    for (i, n) in so.notes.iter().enumerate() {
        fig.same(
            || format!("schedule.solver.notes[{i}].message"),
            &n.message,
            &n.kind.message(),
        );
    }
    let got: Vec<&NoteKind> = so
        .notes
        .iter()
        .map(|n| &n.kind)
        .filter(|k| !matches!(k, NoteKind::LpNotSolved { .. }))
        .collect();
    let want: Vec<NoteKind> = match so.stopped_by {
        S::TimeCap => vec![NoteKind::TimeCap {
            work_used: so.work_used,
            work_limit: so.work_limit,
        }],
        S::WorkLimit => vec![NoteKind::WorkLimit {
            work_limit: so.work_limit,
            gap: plan.schedule.gap,
            gap_target: DEFAULT_GAP_TARGET,
        }],
        _ => Vec::new(),
    };
    fig.len("schedule.solver.notes", got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        let same = match (g, w) {
            (
                NoteKind::WorkLimit {
                    work_limit: a,
                    gap: b,
                    gap_target: c,
                },
                NoteKind::WorkLimit {
                    work_limit: x,
                    gap: y,
                    gap_target: z,
                },
            ) => a == x && (b - y).abs() <= 1e-6 && close(*c, *z),
            (g, w) => *g == w,
        };
        fig.same(|| format!("schedule.solver.notes[{i}]"), &same, &true);
    }
    fig.same(
        || "solvers.roster".into(),
        &plan.solvers.roster,
        &c.roster.as_ref().map(|r| r.solver.clone()),
    );
    if let Some(r) = &c.roster {
        let run = &r.solver;
        fig.same(
            || "roster.solver.work_budget".into(),
            &run.work_budget,
            &solver.roster_iterations,
        );
        fig.same(
            || "roster.solver.seconds_cap".into(),
            &run.seconds_cap,
            &solver.roster_seconds,
        );
        let work = run.work.unwrap_or(u64::MAX);
        let by = if work >= run.work_budget {
            StoppedBy::Work
        } else {
            StoppedBy::TimeCap
        };
        fig.same(
            || "roster.solver.stopped_by".into(),
            &run.stopped_by,
            &Some(by),
        );
        if solver.roster_seconds.is_none() {
            fig.same(
                || "roster.solver.stopped_by".into(),
                &run.stopped_by,
                &Some(StoppedBy::Work),
            );
        }
    }
    fig.record(report);
}
