//! Wasm exports of the agent's day (activities, leave, intraday re-plan) for the page.
//!
//! Included by `wasm.rs` in the plan module (feature `wasm-plan`), so it shares the parent's
//! `js_error` and `to_js` and the plan module's `histories_of` (one error shape across the
//! boundary).
//! Every export takes JSON texts and returns plain data; errors are JS `Error`s with `kind`
//! and `path`.

use super::plan_exports::histories_of;
use super::{js_error, to_js};
use crate::activities::{place, Activity, Strategy};
use crate::intraday::{intraday, IntradayRequest};
use crate::json::from_json;
use crate::leave::{agent_day, evaluate_leave, LeavePlan};
use crate::plan::Plan;
use wasm_bindgen::prelude::*;

/// The agent's day of a plan (`paiban day`): `plan` is the plan's JSON, `activities` a JSON
/// array (empty string: the plan scenario's own), `leave` a leave section (empty: the
/// scenario's). Returns `{placement, service, leave}`.
#[wasm_bindgen(js_name = agentDay)]
pub fn agent_day_js(plan: &str, activities: &str, leave: &str) -> Result<JsValue, JsValue> {
    let run = || -> crate::Result<_> {
        let p: Plan = from_json("plan", plan)?;
        let acts: Vec<Activity> = if activities.trim().is_empty() {
            p.scenario.activities.clone()
        } else {
            from_json("activities", activities)?
        };
        let l: Option<LeavePlan> = if leave.trim().is_empty() {
            p.scenario.leave.clone()
        } else {
            Some(from_json("leave", leave)?)
        };
        agent_day(&p, &acts, l.as_ref(), Strategy::LeastCost)
    };
    to_js(&run().map_err(|e| js_error(&e))?)
}

/// Sessions at the first feasible start (the hand-made reference), for the page's comparison.
#[wasm_bindgen(js_name = placeActivitiesFixed)]
pub fn place_fixed(plan: &str, activities: &str) -> Result<JsValue, JsValue> {
    let run = || -> crate::Result<_> {
        let p: Plan = from_json("plan", plan)?;
        let acts: Vec<Activity> = from_json("activities", activities)?;
        Ok(place(&p, &acts, Strategy::Earliest)?)
    };
    to_js(&run().map_err(|e| js_error(&e))?)
}

/// Decide leave requests against a plan (JSON texts).
#[wasm_bindgen(js_name = evaluateLeave)]
pub fn evaluate_leave_js(plan: &str, leave: &str) -> Result<JsValue, JsValue> {
    let run = || -> crate::Result<_> {
        let p: Plan = from_json("plan", plan)?;
        let l: LeavePlan = from_json("leave", leave)?;
        evaluate_leave(&p, &l)
    };
    to_js(&run().map_err(|e| js_error(&e))?)
}

/// The intraday re-plan: `plan` JSON, `request` an [`IntradayRequest`] JSON, `histories` an
/// object mapping queue ids to CSV texts (as for `plan`; `{}` for none).
#[wasm_bindgen(js_name = intraday)]
pub fn intraday_js(plan: &str, request: &str, histories: JsValue) -> Result<JsValue, JsValue> {
    let p: Plan = from_json("plan", plan).map_err(|e| js_error(&e))?;
    let r: IntradayRequest = from_json("intraday request", request).map_err(|e| js_error(&e))?;
    let h = histories_of(&p.scenario, &histories)?;
    to_js(&intraday(&p, &h, &r).map_err(|e| js_error(&e))?)
}
