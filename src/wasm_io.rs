//! The import/export module (`paiban_io.wasm`, feature `wasm-io`): planners' files in
//! (spreadsheets via calamine, text encodings via encoding_rs), workbooks out (the xlsx
//! writer), and history bytes decoded to text for the other modules. Loaded by the worker only
//! when the planner imports a file or exports a workbook. See `wasm.rs` for the split.

use super::{js_error, to_js};
use wasm_bindgen::prelude::*;

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

/// History bytes (a CSV in UTF-8 with or without BOM, UTF-16 or GB18030/GBK) as text, exactly
/// as `History::from_bytes` decodes them, errors naming the line of a byte that fits no
/// encoding. The other modules read history CSV as text only; the loaders pass bytes here first.
#[wasm_bindgen(js_name = decodeHistory)]
pub fn decode_history(input: JsValue) -> Result<String, JsValue> {
    let (text, _) = crate::import::encoding::decode(&bytes_of(&input), None, "history")
        .map_err(|e| js_error(&e))?;
    Ok(text)
}
