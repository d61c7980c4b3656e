//! The whole pipeline behind `paiban plan` and the page's "plan" button, as typed stages:
//! scenario + histories → [`forecast`] per queue → [`requirements`] → [`schedule`] →
//! [`roster`] → [`kpis`], put together as one [`Plan`].
//!
//! Every stage runs in a [`Frame`] (the scenario, checked once, and its horizon grid) and
//! accepts only [`Checked`] input: what a stage computed is checked by construction, and what
//! comes from outside (the page's JSON between stages, a plan file) goes through the frame's
//! checks first, which name the JSON path of the first array that does not fit the horizon or
//! the scenario. [`plan`] chains the stages for the CLI; the page calls them one by one through
//! the `*_json` entry points here, which `wasm.rs` only wraps, so the page and the CLI share one
//! set of checks.
//!
//! The Plan carries its scenario, so `paiban validate PLAN.json` can re-check it against its own
//! forecast and rules without any other file.

mod capacity;
pub mod day;
pub mod forecast;
pub mod frame;
pub mod kpis;
pub mod portfolio;
pub mod requirements;
pub mod roster;
pub mod schedule;
pub mod simulate;
pub mod skill_breaks;
pub mod skills;
pub mod warnings;

pub use forecast::{forecast_stage, ForecastStage, QueueForecastOut};
pub use frame::{Checked, CheckedSchedule, Frame, FrameGroup, ShiftAt, Timestamp};
pub use kpis::{kpis, Basis, Kpis, QueueKpis, ScheduleTotals};
pub use requirements::requirements_stage;
pub use roster::{
    roster_cells, roster_coverage, roster_input, roster_repair_stage, roster_stage,
    roster_stage_against, roster_totals, shift_types, KeyedPin, PlanRoster, PublishedLine,
    PublishedRoster, RosterBinding, RosterChange, RosterEdits, RosterPin, RosterPortfolio,
    RosterShiftType, RosterShortage, RosteredAgent, RosteredBreak, RosteredShift, ShiftKey,
    ShortageFix, ShortageReason, SolverRun, StoppedBy,
};
pub use schedule::{schedule_run, schedule_stage};
pub use simulate::{
    multiskill_input, queue_simulation, simulate_plan, simulate_plan_skills, QueueSimulation,
    SkillQueueCheck, SkillSimulation,
};
pub use skills::{PlanSkillGroup, PlanSkills};
pub use warnings::{PlanWarning, Solver};

use crate::error::{Error, Result};
use crate::history::History;
use crate::json::from_json;
use crate::scenario::Scenario;
use crate::schedule::solve::NoteKind;
use crate::schedule::Schedule;
use crate::staffing::horizon::HorizonRequirements;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The plan format version.
pub const PLAN_VERSION: u32 = 1;

/// Everything the engine produced for a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Format version: 1.
    pub version: u32,
    /// The scenario planned (so a plan file is self-contained for validation).
    pub scenario: Scenario,
    /// Interval starts of the horizon.
    pub timestamps: Vec<Timestamp>,
    /// Whether the centre is open in each interval.
    pub open: Vec<bool>,
    /// Forecast per queue.
    pub forecast: Vec<QueueForecastOut>,
    /// Agents and positions required per interval.
    pub requirements: HorizonRequirements,
    /// The shift schedule.
    pub schedule: Schedule,
    /// Named agents on the schedule's shifts (when the scenario has agents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<PlanRoster>,
    /// Service achieved by the schedule, per queue and interval.
    pub kpis: Kpis,
    /// Multi-skill centres: the skill groups, their agents at work and how they split among
    /// the queues per interval; absent for one team answering every queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<PlanSkills>,
    /// The agent's day (scenarios with `activities` or `leave`): every rostered shift with its
    /// breaks, activity sessions and hours off, and the leave decisions ([`day`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<day::PlanDay>,
    /// Each solver's budget and what stopped it.
    pub solvers: SolverRuns,
    /// Things the planner should know, as codes with parameters.
    pub warnings: Vec<PlanWarning>,
}

/// The budget reports of a plan's solvers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolverRuns {
    /// The shift schedule.
    pub schedule: SolverRun,
    /// The roster search (when there is a roster).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<SolverRun>,
}

/// The parts of a plan, each checked against the plan's own scenario and horizon.
#[derive(Debug, Clone)]
pub struct CheckedPlan {
    /// The scenario's frame.
    pub frame: Frame,
    /// Timestamps, opening and forecast.
    pub forecast: Checked<ForecastStage>,
    /// Requirements.
    pub requirements: Checked<HorizonRequirements>,
    /// The schedule, its shifts parsed.
    pub schedule: CheckedSchedule,
    /// The roster.
    pub roster: Option<Checked<PlanRoster>>,
}

/// Check every array of a plan against its scenario and horizon (lengths, timestamps, queue
/// ids, templates, days, agents, indices) before anything reads it. Errors carry the plan's
/// JSON path (`requirements.queues[1].agents`).
pub fn check_plan_shape(plan: &Plan) -> Result<CheckedPlan> {
    if plan.version != PLAN_VERSION {
        return Err(Error::invalid("version", "1", plan.version));
    }
    let frame = Frame::new(plan.scenario.clone()).map_err(|e| e.within("scenario"))?;
    let forecast = frame.forecast(ForecastStage {
        timestamps: plan.timestamps.clone(),
        open: plan.open.clone(),
        forecast: plan.forecast.clone(),
        warnings: Vec::new(),
    })?;
    let requirements = frame.requirements("requirements", plan.requirements.clone())?;
    let schedule = frame.schedule("schedule", plan.schedule.clone())?;
    let roster = match &plan.roster {
        Some(r) => Some(frame.roster("roster", &schedule, r.clone())?),
        None => None,
    };
    kpis::check_shape(&frame, &plan.kpis)?;
    Ok(CheckedPlan {
        frame,
        forecast,
        requirements,
        schedule,
        roster,
    })
}

/// Plan a scenario. `histories` holds the parsed history of each queue that has one (keyed by
/// queue id); the adapters read the files.
/// One roster search; [`portfolio::plan_with_members`] runs several and keeps the best.
pub fn plan(scenario: &Scenario, histories: &BTreeMap<String, History>) -> Result<Plan> {
    portfolio::plan_with_members(scenario, histories, 1, &portfolio::InTurn)
}

/// Put the stages together and compute the KPIs of the schedule.
pub fn assemble(
    frame: &Frame,
    f: Checked<ForecastStage>,
    req: Checked<HorizonRequirements>,
    sched: CheckedSchedule,
    roster: Option<Checked<PlanRoster>>,
) -> Result<Plan> {
    assemble_with(frame, f, req, sched, roster, None)
}

/// [`assemble`] with the agent's day: the KPIs then count the floor net of sessions and hours
/// off, with the shrinkage the activities stand for removed ([`day`]).
pub fn assemble_with(
    frame: &Frame,
    f: Checked<ForecastStage>,
    req: Checked<HorizonRequirements>,
    sched: CheckedSchedule,
    roster: Option<Checked<PlanRoster>>,
    mut plan_day: Option<day::PlanDay>,
) -> Result<Plan> {
    let f = f.into_inner();
    let mut warnings = f.warnings;
    let group_cov = frame.multi_skill().then(|| match (&roster, &plan_day) {
        (Some(r), Some(d)) => day::day_group_at_work(frame, r, d, true),
        (Some(r), None) => skills::roster_group_coverage(frame, r),
        (None, _) => skills::schedule_group_coverage(frame, &sched),
    });
    let net_req = plan_day
        .as_ref()
        .map(|d| day::net_requirements(frame, &req, d));
    let kpi_req: &HorizonRequirements = net_req.as_ref().unwrap_or(&req);
    let mut sched = sched.schedule;
    let under: Vec<f64> = sched.coverage.iter().map(|c| c.under).collect();
    let short = under.iter().filter(|&&u| u > 1e-9).count();
    if frame.scenario().shifts.understaffing_penalty.is_none() && short > 0 {
        warnings.push(PlanWarning::CoverNotMet {
            agent_intervals: (under.iter().sum::<f64>() * 1e6).round() / 1e6,
            intervals: short,
        });
    }
    // The schedule's notes as codes. A work limit reached before the gap target is no warning:
    // the proven gap is in `schedule.gap`, shown with the solver's details.
    for n in &sched.solver.notes {
        match &n.kind {
            NoteKind::TimeCap {
                work_used,
                work_limit,
            } => warnings.push(PlanWarning::TimeCapBound {
                solver: Solver::Schedule,
                work: *work_used,
                budget: *work_limit,
                seconds: frame.scenario().solver.schedule_cap_seconds(),
            }),
            NoteKind::LpNotSolved { reason } => warnings.push(PlanWarning::ScheduleLpNotSolved {
                reason: reason.clone(),
            }),
            NoteKind::WorkLimit { .. } => {}
        }
    }
    let roster = roster.map(Checked::into_inner);
    if let Some(run) = roster.as_ref().map(|r| &r.solver) {
        if run.stopped_by == Some(StoppedBy::TimeCap) {
            warnings.push(PlanWarning::TimeCapBound {
                solver: Solver::Roster,
                work: run.work.unwrap_or(0),
                budget: run.work_budget,
                seconds: run.seconds_cap.unwrap_or(0.0),
            });
        }
    }
    // A plan is a pure function of its scenario and seed (byte-identical natively and in wasm):
    // wall-clock solve times are shown by `paiban schedule` and the page, not stored here.
    sched.solver.lp_seconds = 0.0;
    sched.solver.exact_seconds = 0.0;
    sched.solver.solve_seconds = 0.0;
    let (at_work, totals, basis) = match &roster {
        Some(r) => (
            match &plan_day {
                Some(d) => day::day_at_work(frame, r, d, true),
                None => roster_coverage(frame, r),
            },
            roster_totals(frame, r)?,
            Basis::Roster,
        ),
        None => (
            sched.coverage.iter().map(|c| c.scheduled).collect(),
            ScheduleTotals {
                cost: sched.cost,
                paid_hours: sched.paid_hours,
                shifts: sched.shift_count,
            },
            Basis::Schedule,
        ),
    };
    // The day's service without its sessions (hours off taken), for the comparison.
    let without = match (&roster, &plan_day) {
        (Some(r), Some(d)) => Some(match frame.multi_skill() {
            true => {
                let cov = day::day_group_at_work(frame, r, d, false);
                skills::skill_kpis(frame, &f.forecast, kpi_req, cov, totals, basis)?.0
            }
            false => kpis(
                frame,
                &f.forecast,
                kpi_req,
                &day::day_at_work(frame, r, d, false),
                totals,
                basis,
            )?,
        }),
        _ => None,
    };
    let (kpis, plan_skills) = match group_cov {
        Some(cov) => {
            let (k, split) =
                skills::skill_kpis(frame, &f.forecast, kpi_req, cov.clone(), totals, basis)?;
            let ps = skills::plan_skills(frame, &sched, roster.as_ref(), cov, split);
            (k, Some(ps))
        }
        None => (
            kpis(frame, &f.forecast, kpi_req, &at_work, totals, basis)?,
            None,
        ),
    };
    if let (Some(d), Some(w)) = (plan_day.as_mut(), without) {
        d.service = w
            .queues
            .iter()
            .zip(&kpis.queues)
            .map(|(a, b)| crate::leave::QueueService {
                queue: a.queue.clone(),
                without: a.service_level_total.map(crate::activities::round6),
                with: b.service_level_total.map(crate::activities::round6),
            })
            .collect();
    }
    let solvers = SolverRuns {
        schedule: schedule_run(frame, &sched),
        roster: roster.as_ref().map(|r| r.solver.clone()),
    };
    Ok(Plan {
        version: PLAN_VERSION,
        scenario: frame.scenario().clone(),
        timestamps: f.timestamps,
        open: f.open,
        forecast: f.forecast,
        requirements: req.into_inner(),
        schedule: sched,
        roster,
        kpis,
        skills: plan_skills,
        day: plan_day,
        solvers,
        warnings,
    })
}

// ---- the stages from JSON texts: the page's worker calls these through `wasm.rs` -----------

/// Stage 1 from the scenario's JSON text and the parsed histories.
pub fn forecast_json(
    scenario: &str,
    histories: &BTreeMap<String, History>,
) -> Result<Checked<ForecastStage>> {
    forecast_stage(&Frame::from_json(scenario)?, histories)
}

/// Stage 2 from the scenario and a stage-1 result (JSON texts).
pub fn requirements_json(scenario: &str, forecast: &str) -> Result<Checked<HorizonRequirements>> {
    let frame = Frame::from_json(scenario)?;
    let f = frame.forecast(from_json("forecast stage", forecast)?)?;
    requirements_stage(&frame, &f)
}

/// Stage 3 from the scenario and a stage-2 result (JSON texts).
pub fn schedule_json(scenario: &str, requirements: &str) -> Result<CheckedSchedule> {
    let frame = Frame::from_json(scenario)?;
    let r = frame.requirements("", from_json("requirements stage", requirements)?)?;
    schedule_stage(&frame, &r)
}

/// Stage 4 from the scenario and a stage-3 result (JSON texts); `None` without agents.
pub fn roster_json(scenario: &str, schedule: &str) -> Result<Option<Checked<PlanRoster>>> {
    let frame = Frame::from_json(scenario)?;
    let s = frame.schedule("", from_json("schedule stage", schedule)?)?;
    roster_stage(&frame, &s)
}

/// The schedule handed around what a multi-skill roster could not staff (JSON texts: scenario,
/// stage-2 and stage-3 results and the roster): `None` when nothing moved
/// ([`schedule::reschedule_stage`]); the page then rosters again, as [`plan`] does.
pub fn reschedule_json(
    scenario: &str,
    requirements: &str,
    schedule: &str,
    roster: &str,
) -> Result<Option<CheckedSchedule>> {
    let frame = Frame::from_json(scenario)?;
    let r = frame.requirements("", from_json("requirements stage", requirements)?)?;
    let s = frame.schedule("", from_json("schedule stage", schedule)?)?;
    let roster: PlanRoster = from_json("roster stage", roster)?;
    schedule::reschedule_stage(&frame, &r, &s, &roster)
}

/// Stage 4 against a published roster (JSON texts: scenario, a stage-3 result and a
/// [`PublishedRoster`]): the minimal-change roster, with the published pins kept.
pub fn roster_against_json(
    scenario: &str,
    schedule: &str,
    published: &str,
) -> Result<Option<Checked<PlanRoster>>> {
    let frame = Frame::from_json(scenario)?;
    let s = frame.schedule("", from_json("schedule stage", schedule)?)?;
    let published: PublishedRoster = from_json("published roster", published)?;
    roster_stage_against(&frame, &s, &published)
}

/// Portfolio member `index` of stage 4 (JSON texts; an empty `published` = none): the page
/// runs one per Web Worker and keeps the best with [`roster_choose_json`].
pub fn roster_member_json(
    scenario: &str,
    schedule: &str,
    published: &str,
    index: usize,
) -> Result<Option<Checked<PlanRoster>>> {
    let frame = Frame::from_json(scenario)?;
    let s = frame.schedule("", from_json("schedule stage", schedule)?)?;
    let published: Option<PublishedRoster> = if published.trim().is_empty() {
        None
    } else {
        Some(from_json("published roster", published)?)
    };
    portfolio::check_members(index + 1)?;
    portfolio::roster_member(&frame, &s, published.as_ref(), index)
}

/// The roster kept from the members' stage-4 results (JSON text of an array in member order,
/// `null` for none), with the portfolio recorded ([`portfolio::choose`]); `None` when no
/// member has one.
pub fn roster_choose_json(rosters: &str) -> Result<Option<PlanRoster>> {
    let members: Vec<Option<PlanRoster>> = from_json("roster members", rosters)?;
    portfolio::check_members(members.len())?;
    Ok(portfolio::choose(members))
}

/// The whole plan from the earlier stages (JSON texts; an empty or `null` roster = none).
pub fn assemble_json(
    scenario: &str,
    forecast: &str,
    requirements: &str,
    schedule: &str,
    roster: &str,
) -> Result<Plan> {
    let frame = Frame::from_json(scenario)?;
    let f = frame.forecast(from_json("forecast stage", forecast)?)?;
    let r = frame.requirements("", from_json("requirements stage", requirements)?)?;
    let s = frame.schedule("", from_json("schedule stage", schedule)?)?;
    let ro: Option<PlanRoster> = if roster.trim().is_empty() {
        None
    } else {
        from_json("roster stage", roster)?
    };
    let ro = match ro {
        Some(ro) => Some(frame.roster("", &s, ro)?),
        None => None,
    };
    // The agent's day as `plan` makes it: leave decided (and honoured by a second roster run
    // when a day off is granted), activities placed, so the staged plan equals the CLI's.
    let (ro, day) = day::day_stage(&frame, &f, &r, &s, ro)?;
    assemble_with(&frame, f, r, s, ro, day)
}

/// Re-optimise a plan's roster after the planner's edits (JSON texts), in the plan's own
/// scenario, and return the whole plan with the KPIs recomputed.
pub fn repair_json(plan: &str, edits: &str) -> Result<Plan> {
    let p: Plan = from_json("plan", plan)?;
    let edits: RosterEdits = from_json("roster edits", edits)?;
    repair_plan(&p, &edits)
}

/// Re-optimise a plan's roster after the planner's edits, in the plan's own scenario.
pub fn repair_plan(plan: &Plan, edits: &RosterEdits) -> Result<Plan> {
    let c = check_plan_shape(plan)?;
    let Some(published) = &c.roster else {
        return Err(Error::Empty {
            path: "roster".into(),
            expected: "a plan with a roster".into(),
        });
    };
    let r = roster_repair_stage(&c.frame, &c.schedule, published, edits)?;
    let r = skill_breaks::place_skill_breaks(&c.frame, &c.forecast, &c.requirements, r)?;
    let mut next = assemble(&c.frame, c.forecast, c.requirements, c.schedule, Some(r))?;
    next.warnings = plan.warnings.clone();
    Ok(next)
}

/// Simulate a plan given as JSON text.
pub fn simulate_json(plan: &str, replications: u32, seed: u64) -> Result<Vec<QueueSimulation>> {
    let p: Plan = from_json("plan", plan)?;
    simulate_plan(&p, replications, seed)
}
