//! The plan module (`paiban_plan.wasm`, feature `wasm-plan`): the staged plan, the schedule and
//! roster solvers, simulation, and the roster portfolio the page runs in several Web Workers.
//! Fetched by the worker as soon as the core module is up. See `wasm.rs` for the split.

use super::{history_of, js, js_error, json_call, to_js};
use crate::error::Error;
use crate::history::History;
use wasm_bindgen::prelude::*;

/// Forecast a history (CSV text or bytes) up to `until` (`YYYY-MM-DDTHH:MM`, exclusive) with
/// `options` (JSON text of `ForecastOptions`, or empty for the defaults).
#[wasm_bindgen]
pub fn forecast(history: JsValue, until: &str, options: &str) -> Result<JsValue, JsValue> {
    let h = history_of(&history)?;
    let until = crate::time::parse_timestamp(until).ok_or_else(|| {
        js_error(&Error::invalid(
            "until",
            "a local time like 2024-01-08T00:00",
            until,
        ))
    })?;
    let opts: crate::forecast::ForecastOptions = if options.trim().is_empty() {
        crate::forecast::ForecastOptions::default()
    } else {
        crate::json::from_json("forecast options", options).map_err(|e| js_error(&e))?
    };
    let f = crate::forecast::forecast(&h, until, &opts).map_err(|e| js_error(&e))?;
    to_js(&f)
}

/// Rolling-origin accuracy of each method (`paiban backtest`): `options` is JSON text of
/// `BacktestOptions`.
#[wasm_bindgen]
pub fn backtest(history: JsValue, options: &str) -> Result<JsValue, JsValue> {
    let h = history_of(&history)?;
    json_call("backtest options", options, |o| {
        crate::forecast::backtest(&h, o)
    })
}

/// A shift schedule (`paiban schedule`): JSON text of a `ScheduleRequest`.
#[wasm_bindgen]
pub fn schedule(request: &str) -> Result<JsValue, JsValue> {
    json_call(
        "schedule request",
        request,
        |r: &crate::schedule::ScheduleRequest| {
            let req = r.requirements.to_requirements()?;
            crate::schedule::schedule(&r.shifts, &req, &r.options)
        },
    )
}

/// Simulate planned intervals (`paiban simulate`): JSON text of a `SimInput`.
#[wasm_bindgen]
pub fn simulate(request: &str) -> Result<JsValue, JsValue> {
    json_call("simulation input", request, crate::simulate::simulate_input)
}

/// Parse the histories a scenario names from an object mapping queue ids to CSV texts.
pub(super) fn histories_of(
    s: &crate::scenario::Scenario,
    histories: &JsValue,
) -> Result<std::collections::BTreeMap<String, History>, JsValue> {
    let mut parsed = std::collections::BTreeMap::new();
    for queue in s.history.keys() {
        let text = js_sys::Reflect::get(histories, &queue.into())
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| {
                js_error(&Error::Empty {
                    path: format!("history.{queue}"),
                    expected: format!("the CSV text of queue \"{queue}\""),
                })
            })?;
        let h = History::from_csv(&text)
            .map_err(|e| js_error(&crate::plan::forecast::in_queue(e, queue)))?;
        parsed.insert(queue.clone(), h);
    }
    Ok(parsed)
}

/// Plan a scenario end to end (`paiban plan`): `scenario` is JSON text, `histories` an object
/// mapping queue ids to CSV texts.
#[wasm_bindgen]
pub fn plan(scenario: &str, histories: JsValue) -> Result<JsValue, JsValue> {
    let frame = crate::plan::Frame::from_json(scenario).map_err(|e| js_error(&e))?;
    let h = histories_of(frame.scenario(), &histories)?;
    js(crate::plan::plan(frame.scenario(), &h))
}

/// Stage 1 of a plan: the forecast of every queue (`ForecastStage`).
#[wasm_bindgen(js_name = planForecast)]
pub fn plan_forecast(scenario: &str, histories: JsValue) -> Result<JsValue, JsValue> {
    let frame = crate::plan::Frame::from_json(scenario).map_err(|e| js_error(&e))?;
    let h = histories_of(frame.scenario(), &histories)?;
    js(crate::plan::forecast_stage(&frame, &h))
}

/// Stage 2: requirements from the stage-1 result (JSON text), checked against the scenario.
#[wasm_bindgen(js_name = planRequirements)]
pub fn plan_requirements(scenario: &str, forecast: &str) -> Result<JsValue, JsValue> {
    js(crate::plan::requirements_json(scenario, forecast))
}

/// Stage 3: the shift schedule from the stage-2 result (JSON text), checked likewise.
#[wasm_bindgen(js_name = planSchedule)]
pub fn plan_schedule(scenario: &str, requirements: &str) -> Result<JsValue, JsValue> {
    js(crate::plan::schedule_json(scenario, requirements))
}

/// A multi-skill roster left shifts unstaffed: the schedule with them handed to narrower
/// groups (JSON texts), or `null` when none could move; the page then rosters again.
#[wasm_bindgen(js_name = planReschedule)]
pub fn plan_reschedule(
    scenario: &str,
    requirements: &str,
    schedule: &str,
    roster: &str,
) -> Result<JsValue, JsValue> {
    js(crate::plan::reschedule_json(
        scenario,
        requirements,
        schedule,
        roster,
    ))
}

/// Stage 4: the roster of the scenario's agents on the stage-3 schedule (JSON text); `null`
/// when the scenario has no agents.
#[wasm_bindgen(js_name = planRoster)]
pub fn plan_roster(scenario: &str, schedule: &str) -> Result<JsValue, JsValue> {
    js(crate::plan::roster_json(scenario, schedule))
}

/// Stage 4 against a published roster (`PublishedRoster` JSON: cells and pins by template,
/// start and span): the minimal-change roster on the stage-3 schedule; `null` without agents.
#[wasm_bindgen(js_name = planRosterAgainst)]
pub fn plan_roster_against(
    scenario: &str,
    schedule: &str,
    published: &str,
) -> Result<JsValue, JsValue> {
    js(crate::plan::roster_against_json(
        scenario, schedule, published,
    ))
}

/// Re-optimise a plan's roster after pins and absences (minimal change), in the plan's own
/// scenario: the Plan and the edits (`RosterEdits`) as JSON texts; returns the new Plan.
#[wasm_bindgen(js_name = planRosterRepair)]
pub fn plan_roster_repair(plan: &str, edits: &str) -> Result<JsValue, JsValue> {
    js(crate::plan::repair_json(plan, edits))
}

/// Last stage: the whole `Plan` with KPIs from the earlier stages (JSON texts; `roster` may be
/// empty or `null`), each checked against the scenario.
#[wasm_bindgen(js_name = planAssemble)]
pub fn plan_assemble(
    scenario: &str,
    forecast: &str,
    requirements: &str,
    schedule: &str,
    roster: &str,
) -> Result<JsValue, JsValue> {
    js(crate::plan::assemble_json(
        scenario,
        forecast,
        requirements,
        schedule,
        roster,
    ))
}

/// Search budget of the roster exports: `{time_limit_seconds?, max_iterations?, seed}`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RosterOptions {
    #[serde(default)]
    time_limit_seconds: Option<f64>,
    #[serde(default)]
    max_iterations: Option<u64>,
    #[serde(default)]
    seed: u64,
}

fn search_options(options: &str) -> Result<crate::roster::search::SearchOptions, JsValue> {
    let o: RosterOptions =
        crate::json::from_json("roster options", options).map_err(|e| js_error(&e))?;
    let time_limit = match o.time_limit_seconds {
        Some(s) if s.is_finite() && s > 0.0 => Some(std::time::Duration::from_secs_f64(s)),
        Some(s) => {
            return Err(js_error(&Error::invalid(
                "time_limit_seconds",
                "a number > 0",
                s,
            )))
        }
        None => None,
    };
    Ok(crate::roster::search::SearchOptions {
        time_limit,
        max_iterations: o.max_iterations,
        seed: o.seed,
    })
}

/// Roster a benchmark instance (`paiban roster --nrp`): the instance text and the options.
#[wasm_bindgen(js_name = rosterNrp)]
pub fn roster_nrp(text: &str, options: &str) -> Result<JsValue, JsValue> {
    let opts = search_options(options)?;
    to_js(&crate::roster::roster_nrp_text(text, &opts).map_err(|e| js_error(&e))?)
}

/// Roster our own `RosterInput` JSON (`paiban roster INPUT.json`).
#[wasm_bindgen]
pub fn roster(input: &str, options: &str) -> Result<JsValue, JsValue> {
    let opts = search_options(options)?;
    to_js(&crate::roster::roster_json(input, &opts).map_err(|e| js_error(&e))?)
}

/// Verify a plan by simulation (`paiban simulate PLAN.json`): the Plan JSON text, replications
/// and seed; returns `[{queue, report}]` for every voice and chat queue.
#[wasm_bindgen(js_name = simulatePlan)]
pub fn simulate_plan(plan: &str, replications: u32, seed: u32) -> Result<JsValue, JsValue> {
    js(crate::plan::simulate_json(
        plan,
        replications,
        u64::from(seed),
    ))
}

/// Verify a multi-skill plan by the multi-skill simulation (what `paiban simulate` runs on such
/// a plan): the rostered agents on their shifts minus breaks, a contact routed to the
/// longest-idle agent who has its skill. The Plan JSON text, replications and seed; returns
/// `{queues: [{queue, target, modelled, simulated, intervals_below_target, busy_intervals}],
/// report}`, or `null` for a single-skill plan (use `simulatePlan`).
#[wasm_bindgen(js_name = simulatePlanSkills)]
pub fn simulate_plan_skills(plan: &str, replications: u32, seed: u32) -> Result<JsValue, JsValue> {
    js((|| {
        let p: crate::plan::Plan = crate::json::from_json("plan", plan)?;
        crate::plan::check_plan_shape(&p)?;
        crate::plan::simulate_plan_skills(&p, replications, u64::from(seed))
    })())
}

/// One member of the roster portfolio on a benchmark instance (the page runs one per Web
/// Worker): the instance text, the options and the member index; returns its checked output.
/// The same options and index give the same output on every machine (see `roster::portfolio`).
#[wasm_bindgen(js_name = rosterNrpMember)]
pub fn roster_nrp_member(text: &str, options: &str, index: u32) -> Result<JsValue, JsValue> {
    let opts = search_options(options)?;
    let inst = crate::roster::nrp::NrpInstance::parse(text).map_err(|e| js_error(&e))?;
    let out = crate::roster::portfolio::nrp_member(&inst, &opts, index as usize);
    to_js(&out.map_err(|e| js_error(&e))?)
}

/// The index of the best portfolio member from their `[{hard, cost}]` (JSON text, in member
/// order): fewest hard violations, then least cost, then lowest index; `null` for none.
#[wasm_bindgen(js_name = rosterChoose)]
pub fn roster_choose(keys: &str) -> Result<JsValue, JsValue> {
    let k: Vec<crate::roster::portfolio::MemberKey> =
        crate::json::from_json("roster member keys", keys).map_err(|e| js_error(&e))?;
    to_js(&crate::roster::portfolio::choose(&k))
}

/// Portfolio member `index` of the plan's roster stage (the page runs one per Web Worker):
/// rostered on the stage-3 schedule with the seed of member `index` (member 0 is the scenario
/// as given, so one worker is exactly `planRoster`), against a `PublishedRoster` when
/// `published` is not empty (as `planRosterAgainst`). `null` when the scenario has no agents.
/// The page keeps the best with `planRosterChoose` (see `plan::portfolio`).
#[wasm_bindgen(js_name = planRosterMember)]
pub fn plan_roster_member(
    scenario: &str,
    schedule: &str,
    published: &str,
    index: u32,
) -> Result<JsValue, JsValue> {
    js(crate::plan::roster_member_json(
        scenario,
        schedule,
        published,
        index as usize,
    ))
}

/// The roster kept from the plan's roster portfolio: the members' rosters (JSON text of an
/// array, in member order, `null` for none) → the one with no hard violation, then least
/// cost, then lowest index, with `solver.portfolio` saying how many ran and which it is
/// (so `paiban plan --workers N` makes the same plan); `null` when there are none.
#[wasm_bindgen(js_name = planRosterChoose)]
pub fn plan_roster_choose(rosters: &str) -> Result<JsValue, JsValue> {
    js(crate::plan::roster_choose_json(rosters))
}
