//! The simulator as the independent check of the queueing formulas: on stationary cases it must
//! agree with the published Erlang C/A values (tests/data/simulate/erlang_reference.json, copied
//! from /work/shared/reference/erlang.md) within its own 95% confidence interval.

use paiban::simulate::{
    simulate, Concurrency, HandleTime, SimInput, SimInterval, SimReport, SimStats,
};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Reference {
    #[allow(dead_code)]
    source: String,
    simulation: Settings,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Settings {
    #[allow(dead_code)]
    comment: String,
    days: usize,
    replications: u32,
    seed: u64,
    familywise_t: f64,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    volume_per_30_min: f64,
    aht_seconds: f64,
    agents: u32,
    answer_seconds: f64,
    patience_seconds: Option<f64>,
    concurrency: Option<u32>,
    expected: BTreeMap<String, f64>,
}

fn reference() -> Reference {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/simulate/erlang_reference.json"
    );
    let text = std::fs::read_to_string(path).expect("reference file");
    serde_json::from_str(&text).expect("reference JSON")
}

/// Stationary case: one warm-up interval (the run starts empty) then `days` x 48 identical
/// 30-minute intervals; each replication is independent, so the t interval across
/// replications is valid.
fn stationary(case: &Case, days: usize) -> SimInput {
    SimInput {
        interval_minutes: 30,
        start: "2024-01-01T00:00".into(),
        answer_seconds: case.answer_seconds,
        handle_time: HandleTime::Exponential,
        patience_seconds: case.patience_seconds,
        concurrency: case.concurrency.map(|max| Concurrency {
            max,
            aht_factors: None,
        }),
        overdispersion: None,
        warmup_intervals: 1,
        replications: None,
        seed: None,
        intervals: vec![
            SimInterval {
                volume: case.volume_per_30_min,
                aht_seconds: case.aht_seconds,
                agents: case.agents,
            };
            1 + 48 * days
        ],
    }
}

fn figure(stats: &SimStats, name: &str) -> paiban::simulate::Estimate {
    let e = match name {
        "p_wait" => stats.p_wait,
        "service_level" => stats.service_level,
        "asa_seconds" => stats.asa_seconds,
        "abandon_rate" => stats.abandon_rate,
        "occupancy" => stats.occupancy,
        other => panic!("unknown figure {other} in the reference file"),
    };
    e.expect("figure defined")
}

#[test]
fn stationary_simulation_agrees_with_erlang_c_and_a() {
    let reference = reference();
    let cfg = &reference.simulation;
    let figures: usize = reference.cases.iter().map(|c| c.expected.len()).sum();
    assert_eq!(
        figures, 22,
        "familywise_t in the data file is computed for 22 figures"
    );
    let t95 = paiban::simulate::stats::t975(cfg.replications - 1);
    let mut failures = Vec::new();
    for (k, case) in reference.cases.iter().enumerate() {
        let input = stationary(case, cfg.days);
        let report: SimReport = simulate(&input, cfg.replications, cfg.seed + k as u64).unwrap();
        for (name, &want) in &case.expected {
            let e = figure(&report.overall, name);
            let hw = e.half_width.unwrap();
            let familywise = hw / t95 * cfg.familywise_t;
            eprintln!(
                "{}: {name} simulated {:.5} ± {:.5} (95%), ± {:.5} (familywise), published {want}",
                case.name, e.mean, hw, familywise
            );
            // The interval must be informative, not merely wide: within 10% of the value.
            assert!(
                familywise < 0.1 * want,
                "{}: {name} interval too wide",
                case.name
            );
            if (e.mean - want).abs() > familywise {
                failures.push(format!(
                    "{}: {name} = {want} outside {:.5} ± {:.5}",
                    case.name, e.mean, familywise
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The random stream is part of the contract: a seed gives the same report on every platform
/// (`scripts/simulate_wasm.sh` checks wasm against native). This pins the report of the
/// example input; refresh with `UPDATE_EXPECT=1` only when a change of the stream is intended.
#[test]
fn report_of_a_seed_is_pinned() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/simulate/");
    let text = std::fs::read_to_string(format!("{dir}hotline.json")).unwrap();
    let input = SimInput::from_json(&text).unwrap();
    let csv = simulate(&input, 10, 7).unwrap().to_csv();
    let golden = format!("{dir}hotline.report.csv");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&golden, &csv).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap();
    assert_eq!(csv, expected, "UPDATE_EXPECT=1 refreshes {golden}");
}
