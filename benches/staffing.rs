//! Staffing benchmarks: requirement search over 10,000 intervals with traffic spread over
//! 0.1–2,000 Erlangs (80/20), Erlang C and Erlang A, plus chat and the full-recursion baseline.
//! Figures: benches/results/staffing.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use paiban::staffing::{required_agents, Demand, ErlangB, ServiceModel, Target};

/// Deterministic traffic values in [0.1, 2000] Erlangs: log-uniform (many small queues, as in
/// a real horizon) or uniform (mostly large queues, the harder case).
fn traffic(n: usize, log_uniform: bool) -> Vec<f64> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let u = (x >> 11) as f64 / (1u64 << 53) as f64;
            if log_uniform {
                0.1 * (2000.0f64 / 0.1).powf(u)
            } else {
                0.1 + u * (2000.0 - 0.1)
            }
        })
        .collect()
}

fn target() -> Target {
    Target {
        service_level: 0.8,
        answer_seconds: 20.0,
        max_asa_seconds: None,
        max_abandon_rate: None,
    }
}

fn total_agents(a: &[f64], model: &ServiceModel, aht: f64) -> u64 {
    let t = target();
    a.iter()
        .map(|&e| {
            let d = Demand {
                volume: e * 1800.0 / aht,
                interval_seconds: 1800.0,
            };
            u64::from(required_agents(&d, model, &t, None).map_or(0, |r| r.agents))
        })
        .sum()
}

/// Baseline: Erlang B by the full recursion from B(0) (no warm start), then stepping.
fn baseline_total(a: &[f64], aht: f64) -> u64 {
    a.iter()
        .map(|&e| {
            let mut n = e.floor() as u32 + 1;
            let mut b = ErlangB::exact(n, e).blocking();
            loop {
                let nf = f64::from(n);
                let c = nf * b / (nf - e * (1.0 - b));
                if 1.0 - c * (-(nf - e) * 20.0 / aht).exp() >= 0.8 {
                    return u64::from(n);
                }
                n += 1;
                b = e * b / (nf + 1.0 + e * b);
            }
        })
        .sum()
}

fn benches(c: &mut Criterion) {
    let aht = 180.0;
    let erlang_c = ServiceModel::erlang_c(aht);
    let erlang_a = ServiceModel::erlang_a(aht, 300.0);
    let chat = ServiceModel::Chat {
        aht_seconds_by_concurrency: vec![300.0, 390.0, 480.0],
        patience_seconds: None,
    };
    let log_a = traffic(10_000, true);
    let uni_a = traffic(10_000, false);
    // The warm-started search and the baseline agree on every interval.
    assert_eq!(
        total_agents(&uni_a, &erlang_c, aht),
        baseline_total(&uni_a, aht)
    );
    let mut g = c.benchmark_group("staffing");
    g.sample_size(10);
    g.bench_function(
        "erlang_c required agents, 10k intervals, log-uniform 0.1-2000 E",
        |b| b.iter(|| total_agents(black_box(&log_a), &erlang_c, aht)),
    );
    g.bench_function(
        "erlang_c required agents, 10k intervals, uniform 0.1-2000 E",
        |b| b.iter(|| total_agents(black_box(&uni_a), &erlang_c, aht)),
    );
    g.bench_function(
        "baseline full recursion, 10k intervals, uniform 0.1-2000 E",
        |b| b.iter(|| baseline_total(black_box(&uni_a), aht)),
    );
    g.bench_function(
        "erlang_a required agents, 10k intervals, log-uniform 0.1-2000 E",
        |b| b.iter(|| total_agents(black_box(&log_a), &erlang_a, aht)),
    );
    g.bench_function(
        "erlang_a required agents, 10k intervals, uniform 0.1-2000 E",
        |b| b.iter(|| total_agents(black_box(&uni_a), &erlang_a, aht)),
    );
    let chat_a: Vec<f64> = log_a.iter().take(1000).map(|a| a / 4.0).collect();
    g.bench_function("chat k=3 required agents, 1k intervals, log-uniform", |b| {
        b.iter(|| total_agents(black_box(&chat_a), &chat, 300.0))
    });
    g.finish();
}

criterion_group!(staffing, benches);
criterion_main!(staffing);
