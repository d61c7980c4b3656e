//! The benchmark workload of benches/simulate.rs behind a C ABI for wasm.

use paiban::simulate::{simulate, HandleTime, SimInput, SimInterval};

/// The workload of `benches/simulate.rs` (a 24/7 week, 200 agents, ~500k contacts).
pub fn week(lognormal: bool) -> SimInput {
    let intervals = (0..336)
        .map(|i| {
            // The same wave as the bench, from a table-free polynomial so native and wasm
            // inputs are bit-identical (sin is a libm call).
            let x = (i % 48) as f64 / 48.0 * 2.0 - 1.0;
            SimInterval {
                volume: 1488.0 * (1.0 + 0.15 * (x - x * x * x / 3.0)),
                aht_seconds: 200.0,
                agents: 200,
            }
        })
        .collect();
    SimInput {
        interval_minutes: 30,
        start: "2024-01-01T00:00".into(),
        answer_seconds: 20.0,
        handle_time: if lognormal {
            HandleTime::Lognormal { cv: 0.8 }
        } else {
            HandleTime::Exponential
        },
        patience_seconds: lognormal.then_some(180.0),
        concurrency: None,
        overdispersion: None,
        warmup_intervals: 0,
        replications: None,
        seed: None,
        intervals,
    }
}

/// FNV-1a of the CSV report: equal checksums mean bit-identical figures.
pub fn checksum(replications: u32, lognormal: bool) -> u64 {
    let Ok(report) = simulate(&week(lognormal), replications, 1) else {
        return 0;
    };
    report
        .to_csv()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}

#[no_mangle]
pub extern "C" fn run(replications: u32, lognormal: u32) -> u64 {
    checksum(replications, lognormal != 0)
}
