//! The published evaluation protocol (../shared/reference/forecast_peers.md) on the Technion
//! "Anonymous Bank" 1999 call arrivals: 20 rolling origins, one per day boundary, the last 20
//! days before 1999-12-31 (first forecast day 1999-12-08), each forecasting the next 5 days.
//! Peer figures and targets are read from `tests/data/forecast/peers.csv`.

use paiban::forecast::{backtest, BacktestOptions, BacktestReport, Method};
use paiban::history::History;

/// One row of `peers.csv`.
struct Bar {
    kind: String,
    file: String,
    model: String,
    wape_1d: f64,
    wape_5d: Option<f64>,
}

fn bars() -> Vec<Bar> {
    let path = format!(
        "{}/tests/data/forecast/peers.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            Bar {
                kind: c[0].into(),
                file: c[1].into(),
                model: c[2].into(),
                wape_1d: c[3].parse().unwrap(),
                wape_5d: c.get(4).and_then(|x| x.parse().ok()),
            }
        })
        .collect()
}

fn bar<'a>(bars: &'a [Bar], kind: &str, file: &str, model: &str) -> &'a Bar {
    bars.iter()
        .find(|b| b.kind == kind && b.file == file && b.model == model)
        .unwrap()
}

fn run(file: &str, methods: Vec<Method>) -> BacktestReport {
    let path = format!("{}/../shared/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let h = History::from_csv(&text).unwrap();
    let r = backtest(
        &h,
        &BacktestOptions {
            origins: 20,
            horizon_days: 5,
            methods,
            interval_minutes: None,
            events: vec![],
        },
    )
    .unwrap();
    assert_eq!(r.origins.len(), 20);
    assert_eq!(r.origins[0], "1999-12-08T00:00");
    assert_eq!(r.origins[19], "1999-12-27T00:00");
    for m in &r.methods {
        eprintln!(
            "{file} {:<18} wape1 {:6.2}% wape5 {:6.2}% mase1 {:.3} mase5 {:.3} bias5 {:+.2}% cov80 {:.1}% (1d {:.1}%) cov95 {:.1}%",
            m.method.name(),
            100.0 * m.wape_1d,
            100.0 * m.wape_nd,
            m.mase_1d,
            m.mase_nd,
            100.0 * m.bias_nd,
            100.0 * m.coverage80,
            100.0 * m.coverage80_1d,
            100.0 * m.coverage95
        );
    }
    r
}

fn check(file: &str, methods: Vec<Method>) {
    let bars = bars();
    let r = run(file, methods);
    let get = |m: Method| r.methods.iter().find(|x| x.method == m).unwrap();
    let auto = get(Method::Auto);
    let target = bar(&bars, "target", file, "auto");
    let mstl = bar(&bars, "peer", file, "MSTL");
    assert!(auto.wape_1d <= target.wape_1d, "WAPE 1d {}", auto.wape_1d);
    assert!(auto.wape_1d < mstl.wape_1d);
    if let Some(t) = target.wape_5d {
        assert!(auto.wape_nd <= t, "WAPE 5d {}", auto.wape_nd);
    }
    assert!(auto.wape_nd < mstl.wape_5d.unwrap());
    // Calibrated per horizon: the first day and the whole horizon each.
    for c in [auto.coverage80, auto.coverage80_1d] {
        assert!((0.75..=0.85).contains(&c), "80% coverage {c}");
    }
    assert!(auto.coverage95 > auto.coverage80);
    // The protocol reproduces the peers' weekly seasonal naive.
    let sn = get(Method::SeasonalNaive);
    let peer = bar(&bars, "peer", file, "SNaive-week");
    assert!((sn.wape_1d - peer.wape_1d).abs() < 0.002, "{}", sn.wape_1d);
    assert!(
        (sn.wape_nd - peer.wape_5d.unwrap()).abs() < 0.002,
        "{}",
        sn.wape_nd
    );
}

#[test]
fn hourly_bank_beats_mstl() {
    check("israel_bank_1999_60min.csv", vec![]);
}

#[test]
fn half_hourly_bank_beats_mstl() {
    check(
        "israel_bank_1999_30min.csv",
        vec![Method::Auto, Method::SeasonalNaive],
    );
}
