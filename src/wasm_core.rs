//! The first module the page loads (`paiban.wasm`): what a view needs before any plan runs —
//! reading a history and an agent list, checking a scenario, and the Erlang, what-if, pooling,
//! e-mail and proposal calculators. See `wasm.rs` for why the exports are split.

use super::{history_of, js_error, json_call, to_js};
use serde::Serialize;
use wasm_bindgen::prelude::*;

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

/// Check a scenario (`paiban check`): JSON text in, `{ok: true}` or a thrown error naming the
/// JSON path.
#[wasm_bindgen(js_name = checkScenario)]
pub fn check_scenario(scenario: &str) -> Result<JsValue, JsValue> {
    crate::plan::Frame::from_json(scenario).map_err(|e| js_error(&e))?;
    to_js(&serde_json::json!({"ok": true}))
}

/// Agents from a CSV (`id,name,skills,contract[,days_off]`), for the scenario's `agents`.
#[wasm_bindgen(js_name = readAgents)]
pub fn read_agents(text: &str) -> Result<JsValue, JsValue> {
    to_js(&crate::roster::agents_csv::read_agents(text).map_err(|e| js_error(&e))?)
}
