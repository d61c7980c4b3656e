//! wasm-bindgen exports: the page's worker and Node scripts call the engine through these.
//!
//! Only these files know `JsValue`. Every export takes plain JS values (strings, numbers, objects
//! shaped like the serde types), returns a plain object, and turns an engine [`Error`] into a
//! JS `Error` carrying `kind`, `path` and (for files) `line`, so the page can highlight the
//! offending input. Panics are reported to the console and to the page by the panic hook; the
//! engine is written not to panic on any input.
//!
//! Why three modules: one wasm with everything was 963 KB gzipped, and the page needs little
//! of it to open. The same crate is built three times with a cargo feature choosing the
//! exports, and the linker keeps only what those exports reach (benches/README.md, "wasm size"):
//!
//! - no feature (`paiban.wasm`, loaded when the worker starts): the data and scenario checks,
//!   the Erlang, what-if and proposal calculators (`wasm_core.rs`).
//! - `wasm-plan` (`paiban_plan.wasm`, fetched by the worker once the core is up): forecast,
//!   schedule, roster (and its portfolio members), assembly, simulation (`wasm_plan.rs`).
//! - `wasm-io` (`paiban_io.wasm`, loaded when a file is imported or a workbook exported):
//!   spreadsheets, text encodings, the xlsx writer. It also decodes history bytes into text
//!   (`decodeHistory`, `wasm_io.rs`), so the other modules take history CSV as text only.

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

/// Parse a JSON request with the same path-naming errors as the CLI, run `f`, return a plain
/// object. Requests are JSON text (not JS objects) so errors name the JSON path exactly as
/// natively.
#[allow(dead_code)] // not every module takes JSON requests
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

/// A history from CSV text. Bytes in another encoding are decoded by the io module first
/// (`decodeHistory`, what `History::from_bytes` does), which keeps encoding_rs out of the
/// modules the page loads first; the JS loaders (`www/worker.js`, `npm/node.mjs`) do that.
#[allow(dead_code)] // the io module reads no CSV text
fn history_of(input: &JsValue) -> Result<History, JsValue> {
    match input.as_string() {
        Some(text) => History::from_csv(&text),
        None => Err(Error::invalid(
            "history",
            "CSV text (decode bytes with the io module's decodeHistory first)",
            "bytes",
        )),
    }
    .map_err(|e| js_error(&e))
}

#[allow(dead_code)] // only the plan module returns engine results this way
fn js<T: Serialize>(r: crate::Result<T>) -> Result<JsValue, JsValue> {
    to_js(&r.map_err(|e| js_error(&e))?)
}

#[cfg(not(any(feature = "wasm-plan", feature = "wasm-io")))]
#[path = "wasm_core.rs"]
mod core_exports;

#[cfg(feature = "wasm-plan")]
#[path = "wasm_plan.rs"]
mod plan_exports;

#[cfg(feature = "wasm-plan")]
#[path = "wasm_day.rs"]
mod day_exports;

#[cfg(feature = "wasm-io")]
#[path = "wasm_io.rs"]
mod io_exports;
