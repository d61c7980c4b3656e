//! The catalogue of hostile inputs (`tests/data/bad_inputs/cases.json`): each case names an input
//! file, the engine entry point it is fed to, and either the typed error it must produce (kind,
//! path, line) or the result it must produce with which warnings. The same catalogue runs
//! against the wasm build in Node (`tests/node/bad_inputs.test.mjs`).

use paiban::history::{History, HistoryWarning};
use paiban::quote::{quote, Proposal};
use paiban::roster::nrp::NrpInstance;
use paiban::roster::roster_json;
use paiban::roster::search::SearchOptions;
use paiban::scenario::{from_json, Scenario};
use paiban::staffing::api::{erlang, ErlangRequest};
use paiban::Error;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    target: String,
    file: String,
    #[serde(default)]
    error: Option<ExpectError>,
    #[serde(default)]
    ok: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectError {
    kind: String,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    line: Option<usize>,
}

fn warning_kind(w: &HistoryWarning) -> &'static str {
    match w {
        HistoryWarning::Duplicate { .. } => "duplicate",
        HistoryWarning::Unsorted { .. } => "unsorted",
        HistoryWarning::Gap { .. } => "gap",
        HistoryWarning::MoreGaps { .. } => "more_gaps",
        HistoryWarning::PartialInterval { .. } => "partial_interval",
    }
}

/// Feed one case to its target; `Ok` is the result summarised as JSON for comparison.
fn run(target: &str, bytes: &[u8]) -> Result<serde_json::Value, Error> {
    match target {
        "history" => {
            let h = History::from_bytes(bytes)?;
            let warnings: Vec<&str> = h.warnings.iter().map(warning_kind).collect();
            Ok(serde_json::json!({
                "rows": h.rows,
                "interval_minutes": h.grid.interval_minutes,
                "warnings": warnings,
            }))
        }
        "scenario" => {
            let text = std::str::from_utf8(bytes).unwrap();
            let s = Scenario::from_json(text)?;
            let frame = paiban::plan::Frame::new(s.clone())?;
            let f = paiban::plan::forecast_stage(&frame, &Default::default())?;
            Ok(serde_json::json!({"queues": s.queues.len(), "intervals": f.timestamps.len()}))
        }
        "erlang" => {
            let req: ErlangRequest =
                from_json("erlang request", std::str::from_utf8(bytes).unwrap())?;
            let r = erlang(&req)?;
            Ok(serde_json::json!({"agents": r.agents}))
        }
        "proposal" => {
            let p: Proposal = from_json("proposal", std::str::from_utf8(bytes).unwrap())?;
            let r = quote(&p)?;
            Ok(serde_json::json!({"channels": r.channels.len()}))
        }
        "nrp" => {
            let inst = NrpInstance::parse(std::str::from_utf8(bytes).unwrap())?;
            Ok(serde_json::json!({"employees": inst.to_problem()?.employees.len()}))
        }
        "roster" => {
            let opts = SearchOptions {
                time_limit: None,
                max_iterations: Some(20_000),
                seed: 1,
            };
            let r = roster_json(std::str::from_utf8(bytes).unwrap(), &opts)?;
            Ok(serde_json::json!({"feasible": r.feasible, "agents": r.roster.len()}))
        }
        "import" => {
            // As the page does: read, guess, import (per-contact files in 30-minute intervals).
            use paiban::import::{self, ReadOptions, RecordKind};
            let opts = ReadOptions {
                name: "file".into(),
                ..Default::default()
            };
            let mut m = import::preview(bytes, &opts, 5)?.guess;
            if m.kind == RecordKind::Contacts {
                m.interval_minutes = Some(30);
                m.answer_seconds = Some(20.0);
            }
            let imp = import::import(bytes, &opts, &m)?;
            Ok(
                serde_json::json!({"format": imp.source.format, "queues": imp.queues.len(), "rows": imp.rows}),
            )
        }
        other => panic!("catalogue target {other} is not wired into tests/bad_inputs.rs"),
    }
}

#[test]
fn every_catalogue_case_gives_its_typed_error_or_result() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad_inputs");
    let cases: Vec<Case> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).unwrap()).unwrap();
    assert!(cases.len() >= 40);
    for case in cases {
        let bytes = std::fs::read(dir.join(&case.file)).unwrap();
        let got = run(&case.target, &bytes);
        match (&case.error, &case.ok, got) {
            (Some(want), None, Err(e)) => {
                assert_eq!(e.kind(), want.kind, "{}: {e}", case.name);
                if let Some(p) = &want.path {
                    assert_eq!(&e.path(), p, "{}: {e}", case.name);
                }
                if want.line.is_some() {
                    assert_eq!(e.line(), want.line, "{}: {e}", case.name);
                }
                assert!(!e.to_string().is_empty());
            }
            (None, Some(want), Ok(v)) => assert_eq!(&v, want, "{}", case.name),
            (_, _, got) => panic!("{}: unexpected outcome {got:?}", case.name),
        }
    }
}

#[test]
fn a_million_rows_are_read_within_the_limit_and_one_more_is_refused() {
    let mut csv = String::with_capacity(30_000_000);
    csv.push_str("timestamp,volume\n");
    let start = chrono::NaiveDate::from_ymd_opt(2015, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    for i in 0..1_000_000i64 {
        let t = start + chrono::Duration::minutes(5 * i);
        csv.push_str(&t.format("%Y-%m-%dT%H:%M").to_string());
        csv.push_str(",3\n");
    }
    let h = History::from_csv(&csv).unwrap();
    assert_eq!(h.rows, 1_000_000);
    assert_eq!(h.grid.interval_minutes, 5);
    csv.push_str("2024-07-01T00:00,1\n");
    let e = History::from_csv(&csv).unwrap_err();
    assert_eq!(e.kind(), "too_large");
}
