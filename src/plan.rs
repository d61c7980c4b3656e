//! The whole pipeline behind `paiban plan` and the page's "plan" button: scenario + histories →
//! forecast per queue → requirements → shift schedule → roster → KPIs, as one [`Plan`].
//!
//! The Plan carries its scenario, so `paiban validate PLAN.json` can re-check it against its own
//! forecast and rules without any other file.

use crate::error::{Error, Result};
use crate::forecast::{forecast, Forecast, ForecastOptions};
use crate::history::History;
use crate::roster::model::{Demand as RosterDemand, RosterInput, RosterOutput, ShiftDef};
use crate::roster::repair::{repair, Absence, Pin, RepairInput};
use crate::roster::rotation::ShiftKind;
use crate::roster::search::SearchOptions;
use crate::scenario::Scenario;
use crate::schedule::requirements::Requirements;
use crate::schedule::{schedule, Objective, Schedule, ScheduleOptions};
use crate::simulate::{Concurrency, HandleTime, SimInput, SimInterval};
use crate::staffing::horizon::{requirements, HorizonRequirements, QueueForecast};
use crate::staffing::{evaluate, Channel, Demand};
use crate::time::{format_timestamp, minute_of_day, parse_timestamp, ClockTime, Grid, Weekday};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The plan format version.
pub const PLAN_VERSION: u32 = 1;

/// Everything the engine produced for a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Format version: 1.
    pub version: u32,
    /// The scenario planned (so a plan file is self-contained for validation).
    pub scenario: Scenario,
    /// Interval starts of the horizon (local ISO).
    pub timestamps: Vec<String>,
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
    /// Things the planner should know.
    pub warnings: Vec<String>,
}

/// Forecast of one queue over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueForecastOut {
    /// Queue id.
    pub queue: String,
    /// `history`, `given` (volumes in the scenario).
    pub source: String,
    /// Method used (blend members with weights).
    pub method: String,
    /// Expected contacts per interval (after manual adjustments).
    pub volume: Vec<f64>,
    /// 80% prediction interval.
    pub lo80: Vec<f64>,
    /// 80% prediction interval.
    pub hi80: Vec<f64>,
    /// 95% prediction interval.
    pub lo95: Vec<f64>,
    /// 95% prediction interval.
    pub hi95: Vec<f64>,
    /// AHT per interval in seconds.
    pub aht_seconds: Vec<f64>,
    /// WAPE of the model in its own backtest, when known.
    pub backtest_wape: Option<f64>,
}

/// Service the schedule achieves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// Per queue.
    pub queues: Vec<QueueKpis>,
    /// Productive agents per interval (scheduled × (1 − shrinkage)).
    pub productive_agents: Vec<f64>,
    /// Total shift cost.
    pub cost: f64,
    /// Paid hours.
    pub paid_hours: f64,
    /// Shifts.
    pub shifts: u32,
    /// Contacts forecast over the horizon.
    pub contacts: f64,
    /// Cost per contact.
    pub cost_per_contact: Option<f64>,
}

/// Service of one queue under the schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueKpis {
    /// Queue id.
    pub queue: String,
    /// Agents allotted per interval (productive agents shared in proportion to requirement).
    pub agents: Vec<u32>,
    /// Service level per interval (`null`: e-mail or closed).
    pub service_level: Vec<Option<f64>>,
    /// ASA in seconds per interval.
    pub asa_seconds: Vec<Option<f64>>,
    /// Abandon rate per interval (with patience).
    pub abandon_rate: Vec<Option<f64>>,
    /// Occupancy per interval.
    pub occupancy: Vec<Option<f64>>,
    /// Volume-weighted service level over the horizon.
    pub service_level_total: Option<f64>,
    /// Volume-weighted ASA.
    pub asa_total: Option<f64>,
    /// Volume-weighted abandon rate.
    pub abandon_total: Option<f64>,
    /// Intervals where the target is missed.
    pub intervals_below_target: usize,
}

/// The first stage: the forecast of every queue over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastStage {
    /// Interval starts of the horizon (local ISO).
    pub timestamps: Vec<String>,
    /// Whether the centre is open in each interval.
    pub open: Vec<bool>,
    /// Forecast per queue.
    pub forecast: Vec<QueueForecastOut>,
    /// Things the planner should know about the forecast.
    pub warnings: Vec<String>,
}

/// Plan a scenario. `histories` holds the parsed history of each queue that has one (keyed by
/// queue id); the adapters read the files. The page runs the same stages one by one
/// ([`forecast_stage`], [`requirements_stage`], [`schedule_stage`], [`assemble`]) to show each
/// result as it lands.
pub fn plan(scenario: &Scenario, histories: &BTreeMap<String, History>) -> Result<Plan> {
    let f = forecast_stage(scenario, histories)?;
    let req = requirements_stage(scenario, &f)?;
    let sched = schedule_stage(scenario, &req)?;
    let roster = roster_stage(scenario, &sched)?;
    assemble(scenario, f, req, sched, roster)
}

/// Forecast every queue over the horizon (or take its given volumes), apply the planner's
/// adjustments and the opening hours.
pub fn forecast_stage(
    scenario: &Scenario,
    histories: &BTreeMap<String, History>,
) -> Result<ForecastStage> {
    scenario.check()?;
    let grid = horizon_grid(scenario)?;
    let mut warnings = Vec::new();
    let (forecast, open) = forecast_queues(scenario, histories, &grid, &mut warnings)?;
    Ok(ForecastStage {
        timestamps: (0..grid.len)
            .map(|i| format_timestamp(grid.time(i)))
            .collect(),
        open,
        forecast,
        warnings,
    })
}

/// Agents per queue and interval, and positions in total, from the forecast.
pub fn requirements_stage(scenario: &Scenario, f: &ForecastStage) -> Result<HorizonRequirements> {
    let grid = horizon_grid(scenario)?;
    let qf: Vec<QueueForecast> = f
        .forecast
        .iter()
        .map(|q| QueueForecast {
            queue: q.queue.clone(),
            volume: q.volume.clone(),
            aht_seconds: Some(q.aht_seconds.clone()),
        })
        .collect();
    requirements(
        &grid,
        &scenario.queues,
        &qf,
        Some(&scenario.shrinkage),
        Some(&f.open),
    )
}

/// The least-cost shift schedule covering the positions.
pub fn schedule_stage(scenario: &Scenario, req: &HorizonRequirements) -> Result<Schedule> {
    let grid = horizon_grid(scenario)?;
    let positions: Vec<f64> = req.total_positions.iter().map(|&p| f64::from(p)).collect();
    schedule(
        &scenario.shifts,
        &Requirements::new(grid, positions, None)?,
        &ScheduleOptions {
            time_cap_seconds: Some(scenario.solver.schedule_seconds),
            ..ScheduleOptions::new(Objective::Cost)
        },
    )
}

/// The roster problem of a scenario's agents on a schedule: one shift type per template, start
/// time and length; demand per day from the schedule's counts. `None` without agents.
pub fn roster_input(scenario: &Scenario, sched: &Schedule) -> Result<Option<RosterInput>> {
    let Some(rules) = &scenario.rules else {
        return Ok(None);
    };
    if scenario.agents.is_empty() {
        return Ok(None);
    }
    let day0 = scenario.horizon.start;
    let days = scenario.horizon.days as usize;
    let mut defs: Vec<ShiftDef> = Vec::new();
    let mut demand: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for (si, sh) in sched.shifts.iter().enumerate() {
        let bad = |f: &str, v: &str| {
            Error::invalid(format!("schedule.shifts[{si}].{f}"), "a local time", v)
        };
        let start = parse_timestamp(&sh.start).ok_or_else(|| bad("start", &sh.start))?;
        let end = parse_timestamp(&sh.end).ok_or_else(|| bad("end", &sh.end))?;
        let day = (start.date() - day0).num_days();
        if day < 0 || day as usize >= days {
            continue;
        }
        let m = minute_of_day(start);
        let span = u32::try_from((end - start).num_minutes()).unwrap_or(0);
        let paid = (sh.paid_hours * 60.0).round() as u32;
        let clock = ClockTime::from_minutes(m).unwrap_or(ClockTime::MIDNIGHT);
        let id = roster_shift_id(&sh.template, m);
        let idx = match defs
            .iter()
            .position(|d| d.id == id && d.span_minutes == Some(span))
        {
            Some(i) => i,
            None => {
                defs.push(ShiftDef {
                    id: if defs.iter().any(|d| d.id == id) {
                        format!("{id} {span}")
                    } else {
                        id
                    },
                    start: clock,
                    minutes: paid,
                    span_minutes: Some(span),
                    skill: None,
                    kind: match m {
                        0..=599 => ShiftKind::Early,
                        600..=839 => ShiftKind::Middle,
                        840..=1199 => ShiftKind::Late,
                        _ => ShiftKind::Night,
                    },
                });
                defs.len() - 1
            }
        };
        *demand.entry((day as usize, idx)).or_default() += sh.count;
    }
    // Every day x shift is listed (zero where the schedule has none), so an agent on a shift the
    // schedule did not ask for that day counts as over-cover.
    for day in 0..days {
        for i in 0..defs.len() {
            demand.entry((day, i)).or_default();
        }
    }
    let demand = demand
        .into_iter()
        .map(|((day, i), required)| RosterDemand {
            day,
            shift: defs[i].id.clone(),
            required,
            under_weight: ROSTER_UNDER_WEIGHT,
            over_weight: ROSTER_OVER_WEIGHT,
        })
        .collect();
    Ok(Some(RosterInput {
        start_weekday: Weekday::of(day0),
        days,
        shifts: defs,
        contracts: scenario.contracts.clone(),
        agents: scenario.agents.clone(),
        rules: rules.clone(),
        demand,
    }))
}

/// Cost of one scheduled shift left without an agent, against soft rules and requests.
const ROSTER_UNDER_WEIGHT: u32 = 100;
/// Cost of one agent more than the schedule asked for.
const ROSTER_OVER_WEIGHT: u32 = 1;

/// Roster the scenario's agents onto the schedule (a fixed iteration budget and seed, so the
/// roster is the same on every machine; the time limit is a guard).
pub fn roster_stage(scenario: &Scenario, sched: &Schedule) -> Result<Option<PlanRoster>> {
    let Some(input) = roster_input(scenario, sched)? else {
        return Ok(None);
    };
    let out = crate::roster::model::roster(
        &input,
        &SearchOptions {
            time_limit: Some(std::time::Duration::from_secs_f64(
                scenario.solver.roster_seconds,
            )),
            max_iterations: Some(scenario.solver.roster_iterations),
            seed: scenario.solver.seed,
        },
    )
    .map_err(|e| e.within("roster"))?;
    Ok(Some(plan_roster(scenario, &input, &out)))
}

/// The schedule template a roster shift id (`"{template} {HH:MM}"`) comes from.
fn template_of(scenario: &Scenario, shift_id: &str) -> String {
    scenario
        .shifts
        .templates
        .iter()
        .map(|t| t.name.as_str())
        .filter(|t| shift_id.starts_with(&format!("{t} ")))
        .max_by_key(|t| t.len())
        .unwrap_or(shift_id)
        .to_string()
}

fn to_value<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// The planner's view of a roster: per agent the worked shifts with their times.
pub fn plan_roster(scenario: &Scenario, input: &RosterInput, out: &RosterOutput) -> PlanRoster {
    let day0 = scenario.horizon.start;
    let agents = out
        .roster
        .iter()
        .map(|line| {
            let agent = scenario.agents.iter().find(|a| a.id == line.agent);
            let shifts = line
                .shifts
                .iter()
                .enumerate()
                .filter_map(|(d, id)| {
                    let def = input.shifts.iter().find(|s| &s.id == id)?;
                    let start = (day0 + Duration::days(d as i64)).and_hms_opt(0, 0, 0)?
                        + Duration::minutes(i64::from(def.start.minutes()));
                    let end = start
                        + Duration::minutes(i64::from(def.span_minutes.unwrap_or(def.minutes)));
                    Some(RosteredShift {
                        day: d,
                        template: template_of(scenario, id),
                        start: format_timestamp(start),
                        end: format_timestamp(end),
                    })
                })
                .collect();
            RosteredAgent {
                id: line.agent.clone(),
                name: agent.map(|a| a.name.clone()).unwrap_or_default(),
                paid_hours: f64::from(line.minutes) / 60.0,
                shifts,
            }
        })
        .collect();
    PlanRoster {
        days: (0..input.days)
            .map(|d| {
                (day0 + Duration::days(d as i64))
                    .format("%Y-%m-%d")
                    .to_string()
            })
            .collect(),
        agents,
        feasible: out.feasible,
        cost: out.cost,
        shortages: to_value(&out.shortages),
        breaks: to_value(&out.breaks),
        fairness: to_value(&out.fairness),
        changes: Vec::new(),
    }
}

/// Put the stages together and compute the KPIs of the schedule.
pub fn assemble(
    scenario: &Scenario,
    f: ForecastStage,
    req: HorizonRequirements,
    sched: Schedule,
    roster: Option<PlanRoster>,
) -> Result<Plan> {
    let grid = horizon_grid(scenario)?;
    if f.timestamps.len() != grid.len || req.total_positions.len() != grid.len {
        return Err(Error::Inconsistent {
            path: "forecast".into(),
            other: "horizon".into(),
            message: "the stages were computed for another horizon".into(),
        });
    }
    let mut warnings = f.warnings;
    warnings.extend(sched.warnings.iter().cloned());
    // A plan is a pure function of its scenario and seed (byte-identical natively and in wasm):
    // wall-clock solve times are shown by `paiban schedule` and the page, not stored here.
    let mut sched = sched;
    sched.solver.lp_seconds = 0.0;
    sched.solver.exact_seconds = 0.0;
    sched.solver.solve_seconds = 0.0;
    let kpis = kpis(scenario, &grid, &f.forecast, &req, &sched)?;
    Ok(Plan {
        version: PLAN_VERSION,
        scenario: scenario.clone(),
        timestamps: f.timestamps,
        open: f.open,
        forecast: f.forecast,
        requirements: req,
        schedule: sched,
        roster,
        kpis,
        warnings,
    })
}

/// The horizon on the scenario's interval grid.
pub fn horizon_grid(s: &Scenario) -> Result<Grid> {
    let start = s
        .horizon
        .start
        .and_hms_opt(0, 0, 0)
        .ok_or_else(|| Error::invalid("horizon.start", "a date", s.horizon.start))?;
    Grid::new(
        start,
        s.interval_minutes,
        s.horizon.days as usize * (1440 / s.interval_minutes) as usize,
    )
}

fn forecast_queues(
    s: &Scenario,
    histories: &BTreeMap<String, History>,
    grid: &Grid,
    warnings: &mut Vec<String>,
) -> Result<(Vec<QueueForecastOut>, Vec<bool>)> {
    let n = grid.len;
    let mut open = vec![false; n];
    let mut out = Vec::with_capacity(s.queues.len());
    for (qi, q) in s.queues.iter().enumerate() {
        let mut f = if let Some(v) = s.volumes.iter().find(|v| v.queue == q.id) {
            given(q.aht_seconds, v, n, qi)?
        } else {
            let h = histories.get(&q.id).ok_or_else(|| Error::Empty {
                path: format!("history.{}", q.id),
                expected: format!("the history of queue \"{}\"", q.id),
            })?;
            let f = forecast(
                h,
                grid.end(),
                &ForecastOptions {
                    method: s.forecast.method,
                    interval_minutes: Some(s.interval_minutes),
                    events: s.forecast.events.clone(),
                },
            )
            .map_err(|e| in_queue(e, &q.id))?;
            for w in &f.warnings {
                warnings.push(format!("{}: {w}", q.id));
            }
            slice(&f, grid, q.aht_seconds, &q.id)?
        };
        apply_adjustments(s, &q.id, grid, &mut f.0)?;
        for (o, &x) in open.iter_mut().zip(&f.1) {
            *o |= x;
        }
        out.push(f.0);
    }
    if let Some(h) = &s.opening_hours {
        for (i, o) in open.iter_mut().enumerate() {
            *o = h.is_open(grid.weekday(i), minute_of_day(grid.time(i)));
        }
        for f in &mut out {
            for (i, &o) in open.iter().enumerate() {
                if !o {
                    f.volume[i] = 0.0;
                    f.lo80[i] = 0.0;
                    f.hi80[i] = 0.0;
                    f.lo95[i] = 0.0;
                    f.hi95[i] = 0.0;
                }
            }
        }
    }
    Ok((out, open))
}

/// Name the queue in a history error (`history of presales line 7 …`).
pub(crate) fn in_queue(e: Error, queue: &str) -> Error {
    match e {
        Error::Csv { .. } => e.with_source(&format!("history of {queue}")),
        other => other,
    }
}

fn given(
    aht: f64,
    v: &QueueForecast,
    n: usize,
    qi: usize,
) -> Result<(QueueForecastOut, Vec<bool>)> {
    if v.volume.len() != n {
        return Err(Error::Inconsistent {
            path: format!("volumes[{qi}].volume"),
            other: "horizon".into(),
            message: format!("{} values for {n} intervals", v.volume.len()),
        });
    }
    for (i, x) in v.volume.iter().enumerate() {
        crate::error::non_negative(&format!("volumes[{qi}].volume[{i}]"), *x)?;
    }
    Ok((
        QueueForecastOut {
            queue: v.queue.clone(),
            source: "given".into(),
            method: "given".into(),
            volume: v.volume.clone(),
            lo80: v.volume.clone(),
            hi80: v.volume.clone(),
            lo95: v.volume.clone(),
            hi95: v.volume.clone(),
            aht_seconds: v.aht_seconds.clone().unwrap_or_else(|| vec![aht; n]),
            backtest_wape: None,
        },
        v.volume.iter().map(|&x| x > 0.0).collect(),
    ))
}

/// Cut a forecast (which starts after the history) to the horizon.
fn slice(
    f: &Forecast,
    grid: &Grid,
    queue_aht: f64,
    queue: &str,
) -> Result<(QueueForecastOut, Vec<bool>)> {
    let offset = f.grid.offset_of(grid.start).unwrap_or(-1);
    if offset < 0 {
        return Err(Error::Inconsistent {
            path: "horizon.start".into(),
            other: format!("history.{queue}"),
            message: format!(
                "the horizon starts at {} but the history of {queue} runs until {}: plan days after the history",
                format_timestamp(grid.start),
                format_timestamp(f.grid.start - Duration::minutes(i64::from(f.grid.interval_minutes)))
            ),
        });
    }
    let o = offset as usize;
    let take = |v: &[f64]| -> Vec<f64> {
        v.get(o..o + grid.len)
            .map(<[f64]>::to_vec)
            .unwrap_or_default()
    };
    let volume = take(&f.volume);
    if volume.len() != grid.len {
        return Err(Error::Inconsistent {
            path: "horizon".into(),
            other: format!("history.{queue}"),
            message: "the forecast does not cover the horizon".into(),
        });
    }
    let members: Vec<String> = f
        .members
        .iter()
        .map(|m| format!("{} {:.0}%", m.method, m.weight * 100.0))
        .collect();
    Ok((
        QueueForecastOut {
            queue: queue.to_string(),
            source: "history".into(),
            method: if members.is_empty() {
                f.method.name().to_string()
            } else {
                members.join(" + ")
            },
            volume,
            lo80: take(&f.lo80),
            hi80: take(&f.hi80),
            lo95: take(&f.lo95),
            hi95: take(&f.hi95),
            aht_seconds: match &f.aht_seconds {
                Some(a) => take(a),
                None => vec![queue_aht; grid.len],
            },
            backtest_wape: f.backtest_wape,
        },
        f.open
            .get(o..o + grid.len)
            .map(<[bool]>::to_vec)
            .unwrap_or_default(),
    ))
}

fn apply_adjustments(
    s: &Scenario,
    queue: &str,
    grid: &Grid,
    f: &mut QueueForecastOut,
) -> Result<()> {
    for a in &s.adjustments {
        if a.queue.as_deref().is_some_and(|q| q != queue) {
            continue;
        }
        let (Some(from), Some(to)) = (parse_timestamp(&a.from), parse_timestamp(&a.to)) else {
            continue;
        };
        let k = 1.0 + a.percent / 100.0;
        for i in 0..grid.len {
            let t = grid.time(i);
            if t >= from && t < to {
                for v in [
                    &mut f.volume,
                    &mut f.lo80,
                    &mut f.hi80,
                    &mut f.lo95,
                    &mut f.hi95,
                ] {
                    v[i] *= k;
                }
            }
        }
    }
    Ok(())
}

/// The simulation of queue `qi` of a plan with `agents` per interval (the plan's KPI
/// allotment, or a recomputed one); `None` for e-mail queues and queues without a target.
pub fn queue_simulation(plan: &Plan, qi: usize, agents: &[u32]) -> Option<SimInput> {
    let q = plan.scenario.queues.get(qi)?;
    let f = plan.forecast.get(qi)?;
    let target = q.target.as_ref()?;
    if q.channel == Channel::Email || agents.len() != f.volume.len() {
        return None;
    }
    Some(SimInput {
        interval_minutes: plan.scenario.interval_minutes,
        start: plan.timestamps.first()?.clone(),
        answer_seconds: target.answer_seconds,
        handle_time: HandleTime::Exponential,
        patience_seconds: q.patience_seconds,
        concurrency: q.concurrency.filter(|&c| c > 1).map(|c| Concurrency {
            max: c,
            // The simulator scales the AHT by level; the queue gives AHT per level.
            aht_factors: q.aht_seconds_by_concurrency.as_ref().map(|levels| {
                let base = levels.first().copied().unwrap_or(1.0);
                levels.iter().map(|a| a / base).collect()
            }),
        }),
        overdispersion: None,
        warmup_intervals: 0,
        replications: None,
        seed: None,
        intervals: f
            .volume
            .iter()
            .zip(&f.aht_seconds)
            .zip(agents)
            .map(|((&volume, &aht_seconds), &agents)| SimInterval {
                volume,
                aht_seconds,
                agents,
            })
            .collect(),
    })
}

/// One queue's simulation under the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueSimulation {
    /// Queue id.
    pub queue: String,
    /// The simulation report (per interval and overall, with 95% confidence intervals).
    pub report: crate::simulate::SimReport,
}

/// Verify a plan by simulation: every voice and chat queue with the agents its schedule gives
/// it (the plan's KPI allotment), `replications` runs from `seed`.
pub fn simulate_plan(plan: &Plan, replications: u32, seed: u64) -> Result<Vec<QueueSimulation>> {
    let mut out = Vec::new();
    for (qi, k) in plan.kpis.queues.iter().enumerate() {
        if let Some(input) = queue_simulation(plan, qi, &k.agents) {
            out.push(QueueSimulation {
                queue: k.queue.clone(),
                report: crate::simulate::simulate(&input, replications, seed)?,
            });
        }
    }
    Ok(out)
}

/// Share `total` whole agents among queues in proportion to `need` (largest remainder).
fn share(total: u32, need: &[u32]) -> Vec<u32> {
    let sum: u32 = need.iter().sum();
    if sum == 0 {
        return vec![0; need.len()];
    }
    let exact: Vec<f64> = need
        .iter()
        .map(|&n| f64::from(total) * f64::from(n) / f64::from(sum))
        .collect();
    let mut out: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
    let mut left = total.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..need.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    for &i in order.iter().cycle().take(need.len() * 2) {
        if left == 0 {
            break;
        }
        if need[i] > 0 {
            out[i] += 1;
            left -= 1;
        }
    }
    out
}

/// Service per queue and interval achieved by the scheduled coverage.
pub fn kpis(
    s: &Scenario,
    grid: &Grid,
    forecasts: &[QueueForecastOut],
    req: &HorizonRequirements,
    sched: &Schedule,
) -> Result<Kpis> {
    let n = grid.len;
    let interval_seconds = f64::from(grid.interval_minutes) * 60.0;
    let productive: Vec<f64> = (0..n)
        .map(|i| {
            let scheduled = sched.coverage.get(i).map_or(0.0, |c| c.scheduled);
            scheduled * (1.0 - req.shrinkage.get(i).copied().unwrap_or(0.0))
        })
        .collect();
    let mut per_queue: Vec<QueueKpis> = s
        .queues
        .iter()
        .map(|q| QueueKpis {
            queue: q.id.clone(),
            agents: vec![0; n],
            service_level: vec![None; n],
            asa_seconds: vec![None; n],
            abandon_rate: vec![None; n],
            occupancy: vec![None; n],
            service_level_total: None,
            asa_total: None,
            abandon_total: None,
            intervals_below_target: 0,
        })
        .collect();
    for (i, &p) in productive.iter().enumerate() {
        let need: Vec<u32> = req.queues.iter().map(|q| q.agents[i]).collect();
        let got = share((p + 1e-9).floor() as u32, &need);
        for (qi, q) in s.queues.iter().enumerate() {
            let k = &mut per_queue[qi];
            k.agents[i] = got[qi];
            let volume = forecasts[qi].volume[i];
            if volume <= 0.0 || q.channel == Channel::Email {
                continue;
            }
            let (Some(model), Some(target)) = (
                q.service_model(forecasts[qi].aht_seconds[i]),
                q.target.as_ref(),
            ) else {
                continue;
            };
            let perf = evaluate(
                &Demand {
                    volume,
                    interval_seconds,
                },
                &model,
                got[qi],
                target.answer_seconds,
            )?;
            k.service_level[i] = Some(perf.service_level);
            k.asa_seconds[i] = perf.asa_seconds;
            k.abandon_rate[i] = perf.p_abandon;
            k.occupancy[i] = Some(perf.occupancy);
            if perf.service_level + 1e-9 < target.service_level {
                k.intervals_below_target += 1;
            }
        }
    }
    for (qi, k) in per_queue.iter_mut().enumerate() {
        let vol = &forecasts[qi].volume;
        let weighted = |xs: &[Option<f64>]| -> Option<f64> {
            let (mut w, mut t) = (0.0, 0.0);
            for (x, v) in xs.iter().zip(vol) {
                if let Some(x) = x {
                    w += v;
                    t += v * x;
                }
            }
            (w > 0.0).then(|| t / w)
        };
        k.service_level_total = weighted(&k.service_level);
        k.asa_total = weighted(&k.asa_seconds);
        k.abandon_total = weighted(&k.abandon_rate);
    }
    let contacts: f64 = forecasts.iter().map(|f| f.volume.iter().sum::<f64>()).sum();
    Ok(Kpis {
        queues: per_queue,
        productive_agents: productive,
        cost: sched.cost,
        paid_hours: sched.paid_hours,
        shifts: sched.shift_count,
        contacts,
        cost_per_contact: (contacts > 0.0).then(|| sched.cost / contacts),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sharing_agents_follows_need_and_keeps_the_total() {
        assert_eq!(share(10, &[5, 5]), vec![5, 5]);
        assert_eq!(share(7, &[3, 1]), vec![5, 2]);
        assert_eq!(share(0, &[3, 1]), vec![0, 0]);
        assert_eq!(share(5, &[0, 0]), vec![0, 0]);
        assert_eq!(share(5, &[0, 2]), vec![0, 5]);
        let s = share(13, &[4, 4, 4]);
        assert_eq!(s.iter().sum::<u32>(), 13);
    }
}

/// The roster part of a plan: named agents on the scheduled shifts, day by day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRoster {
    /// Days of the horizon (`YYYY-MM-DD`).
    pub days: Vec<String>,
    /// Every agent's shifts.
    pub agents: Vec<RosteredAgent>,
    /// Whether every hard labour rule holds.
    pub feasible: bool,
    /// Soft cost of the roster (cover, requests, preferences, soft rules).
    pub cost: u64,
    /// Shifts of the schedule nobody could work, with the rules that bind (as the roster
    /// engine reports them: day, shift, requirement, assigned, binding rules, who is available).
    pub shortages: serde_json::Value,
    /// Rules broken (soft ones; hard ones only when no feasible roster exists).
    pub breaks: serde_json::Value,
    /// Fairness counts per agent and their spread per contract.
    pub fairness: serde_json::Value,
    /// After a re-optimisation: the cells that differ from the published roster.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<RosterChange>,
}

/// A planner's edits of a published roster.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterEdits {
    /// Cells the planner fixed: an agent on a day works `shift` (`"{template} {HH:MM}"`, the
    /// schedule's shift) or, with `shift: null`, is off.
    #[serde(default)]
    pub pins: Vec<Pin>,
    /// Agents absent on some days (sick, leave).
    #[serde(default)]
    pub absences: Vec<Absence>,
}

/// A cell that changed in a re-optimisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterChange {
    /// Agent id.
    pub agent: String,
    /// Day index.
    pub day: usize,
    /// Shift before ("" = off).
    pub from: String,
    /// Shift after ("" = off).
    pub to: String,
}

/// Cost of changing one published cell: agents hate roster churn, so a change must buy at
/// least this much cover or rule-keeping.
const ROSTER_CHANGE_WEIGHT: u32 = 20;

/// Re-optimise a published roster after the planner's pins and absences, changing as few
/// cells as is worth it (minimal-change repair).
pub fn roster_repair_stage(
    scenario: &Scenario,
    sched: &Schedule,
    published: &PlanRoster,
    edits: &RosterEdits,
) -> Result<PlanRoster> {
    let Some(input) = roster_input(scenario, sched)? else {
        return Err(Error::Empty {
            path: "agents".into(),
            expected: "agents and rules to roster".into(),
        });
    };
    let mut rows = vec![vec![String::new(); input.days]; input.agents.len()];
    for a in &published.agents {
        let Some(row) = input.agents.iter().position(|x| x.id == a.id) else {
            continue;
        };
        for sh in &a.shifts {
            let start = parse_timestamp(&sh.start).ok_or_else(|| {
                Error::invalid("roster.agents.shifts.start", "a local time", &sh.start)
            })?;
            let def = roster_shift_of(&input, &sh.template, minute_of_day(start))
                .and_then(|i| input.shifts.get(i));
            if let (Some(cell), Some(def)) = (rows[row].get_mut(sh.day), def) {
                *cell = def.id.clone();
            }
        }
    }
    let out = repair(
        &RepairInput {
            input: input.clone(),
            published: rows,
            pins: edits.pins.clone(),
            absences: edits.absences.clone(),
            change_weight: ROSTER_CHANGE_WEIGHT,
        },
        &SearchOptions {
            time_limit: Some(std::time::Duration::from_secs_f64(
                scenario.solver.roster_seconds,
            )),
            max_iterations: Some(scenario.solver.roster_iterations),
            seed: scenario.solver.seed,
        },
    )
    .map_err(|e| e.within("edits"))?;
    let mut r = plan_roster(scenario, &input, &out.roster);
    r.changes = out
        .changes
        .into_iter()
        .map(|c| RosterChange {
            agent: c.agent,
            day: c.day,
            from: c.from,
            to: c.to,
        })
        .collect();
    Ok(r)
}

/// Index of the roster shift type of `template` starting at `minute` of the day (ids are
/// `"{template} {HH:MM}"`, with the span appended when two lengths share a start).
pub fn roster_shift_of(input: &RosterInput, template: &str, minute: u32) -> Option<usize> {
    let id = roster_shift_id(template, minute);
    let longer = format!("{id} ");
    input
        .shifts
        .iter()
        .position(|d| d.id == id || d.id.starts_with(&longer))
}

/// The roster shift id of a schedule shift: template and start time.
fn roster_shift_id(template: &str, minute: u32) -> String {
    let clock = ClockTime::from_minutes(minute).unwrap_or(ClockTime::MIDNIGHT);
    format!("{template} {clock}")
}

/// One agent's line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosteredAgent {
    /// Agent id.
    pub id: String,
    /// Agent name.
    pub name: String,
    /// Paid hours over the horizon.
    pub paid_hours: f64,
    /// The shifts worked (days without one are days off).
    pub shifts: Vec<RosteredShift>,
}

/// One worked shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosteredShift {
    /// Day index in the horizon.
    pub day: usize,
    /// Schedule template.
    pub template: String,
    /// Start (local ISO).
    pub start: String,
    /// End (local ISO).
    pub end: String,
}
