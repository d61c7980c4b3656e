//! Fit + forecast 5 days from one year of hourly history (8,760 rows of the Technion bank
//! data), the workload of the performance target (< 20 ms; MSTL takes ~2.3 s), and
//! from the US bank's office-hours export (benches/data/forecast/).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use paiban::forecast::{forecast, ForecastOptions, Method};
use paiban::history::History;
use paiban::time::parse_timestamp;

fn load(name: &str) -> History {
    let path = format!("{}/../shared/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("bank data next to the repository");
    History::from_csv(&text).expect("valid history")
}

fn bench(c: &mut Criterion) {
    let hourly = load("israel_bank_1999_60min.csv");
    let half = load("israel_bank_1999_30min.csv");
    let until = parse_timestamp("2000-01-06T00:00").expect("timestamp");
    let mut g = c.benchmark_group("forecast");
    g.sample_size(30);
    for m in [Method::Auto, Method::Smoothing] {
        let opts = ForecastOptions {
            method: m,
            ..ForecastOptions::default()
        };
        g.bench_function(format!("fit+forecast {m}, 8760 hourly rows, 5 days"), |b| {
            b.iter(|| forecast(black_box(&hourly), until, &opts).expect("forecast"))
        });
    }
    let opts = ForecastOptions::default();
    g.bench_function("fit+forecast auto, 17520 half-hourly rows, 5 days", |b| {
        b.iter(|| forecast(black_box(&half), until, &opts).expect("forecast"))
    });
    let bank = {
        let path = format!(
            "{}/benches/data/forecast/us_bank_calls_2003_60min.csv",
            env!("CARGO_MANIFEST_DIR")
        );
        History::from_csv(&std::fs::read_to_string(path).expect("data")).expect("history")
    };
    let until = parse_timestamp("2003-10-30T00:00").expect("timestamp");
    g.bench_function(
        "fit+forecast auto, US bank 2296 office-hour rows, 5 days",
        |b| b.iter(|| forecast(black_box(&bank), until, &opts).expect("forecast")),
    );
    g.bench_function("read csv, 8760 hourly rows", |b| {
        let path = format!(
            "{}/../shared/data/israel_bank_1999_60min.csv",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).expect("data");
        b.iter(|| History::from_csv(black_box(&text)).expect("history"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
