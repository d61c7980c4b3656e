//! Criterion benchmarks of the discrete-event simulator.
//!
//! Workload from issue 8: a 24/7 week of 30-minute intervals with 200 agents and about 500k
//! offered contacts, 10 replications (target: under 5 s natively).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use paiban::simulate::{simulate, HandleTime, SimInput, SimInterval};

/// 336 half-hours; volume follows a daily wave of ±15% around 1488 per interval (500k a week),
/// AHT 200 s (about 165 Erlangs on average, 190 at the peak), 200 agents throughout.
fn week(handle_time: HandleTime, patience: Option<f64>) -> SimInput {
    let intervals = (0..336)
        .map(|i| {
            let phase = (i % 48) as f64 / 48.0 * std::f64::consts::TAU;
            SimInterval {
                volume: 1488.0 * (1.0 + 0.15 * phase.sin()),
                aht_seconds: 200.0,
                agents: 200,
            }
        })
        .collect();
    SimInput {
        interval_minutes: 30,
        start: "2024-01-01T00:00".into(),
        answer_seconds: 20.0,
        handle_time,
        patience_seconds: patience,
        concurrency: None,
        overdispersion: None,
        warmup_intervals: 0,
        replications: None,
        seed: None,
        intervals,
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("simulate");
    g.sample_size(10);
    let plain = week(HandleTime::Exponential, None);
    g.bench_function(
        "week 24/7 x 30 min, 200 agents, 500k contacts, 10 replications (exponential)",
        |b| b.iter(|| simulate(black_box(&plain), 10, 1)),
    );
    let rich = week(HandleTime::Lognormal { cv: 0.8 }, Some(180.0));
    g.bench_function(
        "week 24/7 x 30 min, 200 agents, 500k contacts, 10 replications (lognormal, patience)",
        |b| b.iter(|| simulate(black_box(&rich), 10, 1)),
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
