//! Criterion benchmarks of the roster search, named after the workload.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use paiban::roster::nrp::NrpInstance;
use paiban::roster::rules::row_cost;
use paiban::roster::search::{solve, SearchOptions};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/roster");

fn instance(name: &str) -> NrpInstance {
    NrpInstance::parse(&std::fs::read_to_string(format!("{DATA}/{name}")).unwrap()).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("roster");
    g.sample_size(10);
    let p1 = instance("Instance1.txt").to_problem().unwrap();
    let p3 = instance("Instance3.txt").to_problem().unwrap();
    let opts = |n| SearchOptions {
        time_limit: None,
        max_iterations: Some(n),
        seed: 1,
    };
    g.bench_function("anneal Instance1 (8 staff x 14 days), 1M moves", |b| {
        b.iter(|| solve(black_box(&p1), &opts(1_000_000), None).unwrap().cost)
    });
    g.bench_function(
        "anneal Instance3 (20 staff x 14 days, 3 shifts), 1M moves",
        |b| b.iter(|| solve(black_box(&p3), &opts(1_000_000), None).unwrap().cost),
    );
    let row = vec![
        0u8,
        0,
        0,
        u8::MAX,
        u8::MAX,
        1,
        1,
        1,
        1,
        u8::MAX,
        u8::MAX,
        2,
        2,
        2,
    ];
    let e = &p3.employees[3];
    g.bench_function("row cost, 14 days", |b| {
        b.iter(|| row_cost(black_box(&p3), e, black_box(&row)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
