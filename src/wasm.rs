//! wasm-bindgen exports: the page's worker and Node scripts call the engine through these.
//!
//! Only this file knows `JsValue`. Every export takes plain JS values (strings, numbers, objects
//! shaped like the serde types), returns a plain object, and turns an engine [`Error`] into a
//! JS `Error` carrying `kind`, `path` and (for files) `line`, so the page can highlight the
//! offending input. Panics are reported to the console and to the page by the panic hook; the
//! engine is written not to panic on any input.

use crate::error::Error;
use crate::history::History;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Install the panic hook (runs when the module is instantiated). A panic aborts the wasm
/// instance; the hook logs it and leaves the message in `globalThis.paibanPanic`, so the worker
/// can tell the page what happened before the page restarts it.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let _ = js_sys::Reflect::set(
            &js_sys::global(),
            &"paibanPanic".into(),
            &info.to_string().into(),
        );
    }));
}

/// The crate version, for the page footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    let obj: &JsValue = err.as_ref();
    let _ = js_sys::Reflect::set(obj, &"kind".into(), &e.kind().into());
    let _ = js_sys::Reflect::set(obj, &"path".into(), &e.path().into());
    if let Some(line) = e.line() {
        let _ = js_sys::Reflect::set(obj, &"line".into(), &(line as f64).into());
    }
    // The kind and its parameters let the page word the error in zh-CN or English.
    let params = js_sys::Object::new();
    for (k, v) in e.params() {
        let _ = js_sys::Reflect::set(&params, &k.into(), &v.into());
    }
    let _ = js_sys::Reflect::set(obj, &"params".into(), &params);
    err.into()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(&Error::invalid("output", "serialisable result", e)))
}

/// Plain series for charts: `start`, `interval_minutes`, one value per interval (`null` = gap).
#[derive(Serialize)]
struct HistoryView<'a> {
    summary: crate::history::HistorySummary,
    start: String,
    interval_minutes: u32,
    volume: &'a [Option<f64>],
    aht_seconds: Option<&'a [Option<f64>]>,
}

/// Read a history CSV given as a string or as raw bytes (`Uint8Array`, so a file that is not
/// UTF-8 is reported with its line); optionally aggregate it to `interval_minutes`.
/// Returns `{summary, start, interval_minutes, volume, aht_seconds}`.
#[wasm_bindgen(js_name = readHistory)]
pub fn read_history(input: JsValue, interval_minutes: Option<u32>) -> Result<JsValue, JsValue> {
    let mut h = history_of(&input)?;
    if let Some(m) = interval_minutes {
        h = h.aggregate(m).map_err(|e| js_error(&e))?;
    }
    to_js(&HistoryView {
        summary: h.summary(),
        start: crate::time::format_timestamp(h.grid.start),
        interval_minutes: h.grid.interval_minutes,
        volume: &h.volume,
        aht_seconds: h.aht_seconds.as_deref(),
    })
}

/// Parse a JSON request with the same path-naming errors as the CLI, run `f`, return a plain
/// object. Requests are JSON text (not JS objects) so errors name the JSON path exactly as
/// natively.
fn json_call<I, O, F>(source: &str, request: &str, f: F) -> Result<JsValue, JsValue>
where
    I: serde::de::DeserializeOwned,
    O: Serialize,
    F: FnOnce(&I) -> crate::Result<O>,
{
    let input: I = crate::json::from_json(source, request).map_err(|e| js_error(&e))?;
    let out = f(&input).map_err(|e| js_error(&e))?;
    to_js(&out)
}

/// Size an outsourcing proposal (`paiban quote`): JSON text of a `Proposal` in, the report out.
#[wasm_bindgen]
pub fn quote(request: &str) -> Result<JsValue, JsValue> {
    json_call("proposal", request, crate::quote::quote)
}

/// The readable one-page text of a proposal's sizing.
#[wasm_bindgen(js_name = quoteText)]
pub fn quote_text(request: &str) -> Result<String, JsValue> {
    let input: crate::quote::Proposal =
        crate::json::from_json("proposal", request).map_err(|e| js_error(&e))?;
    let report = crate::quote::quote(&input).map_err(|e| js_error(&e))?;
    Ok(crate::quote::render_text(&report))
}

/// One interval (`paiban erlang`): JSON text of an `ErlangRequest`, the response out.
#[wasm_bindgen]
pub fn erlang(request: &str) -> Result<JsValue, JsValue> {
    json_call("erlang request", request, crate::staffing::api::erlang)
}

/// Agents vs service level for the standard targets (70/20 … 95/15): a `WhatIfRequest`.
#[wasm_bindgen(js_name = whatIf)]
pub fn what_if(request: &str) -> Result<JsValue, JsValue> {
    json_call(
        "what-if request",
        request,
        crate::staffing::api::what_if_request,
    )
}

/// Split teams vs one pooled team: a `PoolingRequest`.
#[wasm_bindgen]
pub fn pooling(request: &str) -> Result<JsValue, JsValue> {
    json_call(
        "pooling request",
        request,
        crate::staffing::api::pooling_request,
    )
}

/// E-mail / tickets within a response window, with the backlog curve: a `DeferredRequest`.
#[wasm_bindgen]
pub fn deferred(request: &str) -> Result<JsValue, JsValue> {
    json_call(
        "deferred-work request",
        request,
        crate::staffing::api::deferred_request,
    )
}

/// Requirements over a horizon: JSON text of a `RequirementsRequest`.
#[wasm_bindgen]
pub fn requirements(request: &str) -> Result<JsValue, JsValue> {
    json_call(
        "requirements request",
        request,
        crate::staffing::horizon::requirements_request,
    )
}

fn history_of(input: &JsValue) -> Result<History, JsValue> {
    match input.as_string() {
        Some(text) => History::from_csv(&text),
        None => History::from_bytes(&js_sys::Uint8Array::new(input).to_vec()),
    }
    .map_err(|e| js_error(&e))
}

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

/// Check a scenario (`paiban check`): JSON text in, `{ok: true}` or a thrown error naming the
/// JSON path.
#[wasm_bindgen(js_name = checkScenario)]
pub fn check_scenario(scenario: &str) -> Result<JsValue, JsValue> {
    crate::plan::Frame::from_json(scenario).map_err(|e| js_error(&e))?;
    to_js(&serde_json::json!({"ok": true}))
}

/// Parse the histories a scenario names from an object mapping queue ids to CSV texts.
fn histories_of(
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

fn js<T: Serialize>(r: crate::Result<T>) -> Result<JsValue, JsValue> {
    to_js(&r.map_err(|e| js_error(&e))?)
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

/// Agents from a CSV (`id,name,skills,contract[,days_off]`), for the scenario's `agents`.
#[wasm_bindgen(js_name = readAgents)]
pub fn read_agents(text: &str) -> Result<JsValue, JsValue> {
    to_js(&crate::roster::agents_csv::read_agents(text).map_err(|e| js_error(&e))?)
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

// ---- import and export (planners' files in, workbooks out) --------------------------------

fn bytes_of(input: &JsValue) -> Vec<u8> {
    match input.as_string() {
        Some(text) => text.into_bytes(),
        None => js_sys::Uint8Array::new(input).to_vec(),
    }
}

fn read_options(options: &str) -> Result<crate::import::ReadOptions, JsValue> {
    if options.trim().is_empty() {
        Ok(crate::import::ReadOptions::default())
    } else {
        crate::json::from_json("import options", options).map_err(|e| js_error(&e))
    }
}

/// Read a planner's file (bytes of a CSV in any common encoding, .xlsx, .xls or .ods) and
/// guess its column mapping: `options` is JSON text of `ReadOptions` (`{name, sheet,
/// encoding, header_row}`, or empty); returns the `Preview` with the first `rows` data rows.
#[wasm_bindgen(js_name = importPreview)]
pub fn import_preview(input: JsValue, options: &str, rows: u32) -> Result<JsValue, JsValue> {
    let opts = read_options(options)?;
    let p = crate::import::preview(&bytes_of(&input), &opts, rows as usize)
        .map_err(|e| js_error(&e))?;
    to_js(&p)
}

/// Import a file through a mapping (JSON text of `Mapping`): one history per queue as the
/// engine's CSV, with summaries, observed service, patience and the model comparison.
#[wasm_bindgen(js_name = importFile)]
pub fn import_file(input: JsValue, options: &str, mapping: &str) -> Result<JsValue, JsValue> {
    let opts = read_options(options)?;
    let m: crate::import::Mapping =
        crate::json::from_json("mapping", mapping).map_err(|e| js_error(&e))?;
    let imp = crate::import::import(&bytes_of(&input), &opts, &m).map_err(|e| js_error(&e))?;
    to_js(&imp)
}

/// A plan (JSON text) as an .xlsx workbook: roster with shift colours, shifts, coverage, KPIs.
/// `lang` is `zh-CN` or `en`.
#[wasm_bindgen(js_name = exportXlsx)]
pub fn export_xlsx(plan: &str, lang: &str) -> Result<js_sys::Uint8Array, JsValue> {
    let p: crate::plan::Plan = crate::json::from_json("plan", plan).map_err(|e| js_error(&e))?;
    let lang = if lang == "en" {
        crate::export::Lang::En
    } else {
        crate::export::Lang::Zh
    };
    let bytes = crate::export::plan_workbook(&p, lang);
    Ok(js_sys::Uint8Array::from(bytes.as_slice()))
}
