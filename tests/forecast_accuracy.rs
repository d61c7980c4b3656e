//! The published evaluation protocol (../shared/reference/forecast_peers.md) on the Technion
//! "Anonymous Bank" 1999 call arrivals: 20 rolling origins, one per day boundary, the last 20
//! days before 1999-12-31 (first forecast day 1999-12-08), each forecasting the next 5 days.
//! The targets beat the best peer (MSTL: 17.73% / 20.22% at 60 minutes, 20.17% at 30).

use paiban::forecast::{backtest, BacktestOptions, Method};
use paiban::history::History;

fn load(name: &str) -> History {
    let path = format!("{}/../shared/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    History::from_csv(&text).unwrap()
}

fn protocol(methods: Vec<Method>) -> BacktestOptions {
    BacktestOptions {
        origins: 20,
        horizon_days: 5,
        methods,
        interval_minutes: None,
        events: vec![],
    }
}

#[test]
fn hourly_bank_beats_mstl() {
    let h = load("israel_bank_1999_60min.csv");
    let r = backtest(&h, &protocol(vec![])).unwrap();
    assert_eq!(
        r.origins.first().map(String::as_str),
        Some("1999-12-08T00:00")
    );
    assert_eq!(
        r.origins.last().map(String::as_str),
        Some("1999-12-27T00:00")
    );
    for m in &r.methods {
        eprintln!(
            "{:<18} wape1 {:6.2}% wape5 {:6.2}% mase1 {:.3} mase5 {:.3} bias5 {:+.2}% cov80 {:.1}% cov95 {:.1}%",
            m.method.name(),
            100.0 * m.wape_1d,
            100.0 * m.wape_nd,
            m.mase_1d,
            m.mase_nd,
            100.0 * m.bias_nd,
            100.0 * m.coverage80,
            100.0 * m.coverage95
        );
    }
    let get = |m: Method| r.methods.iter().find(|x| x.method == m).unwrap();
    let auto = get(Method::Auto);
    assert!(auto.wape_1d <= 0.165, "WAPE 1d {}", auto.wape_1d);
    assert!(auto.wape_nd <= 0.190, "WAPE 5d {}", auto.wape_nd);
    assert!(
        (0.75..=0.85).contains(&auto.coverage80),
        "80% coverage {}",
        auto.coverage80
    );
    assert!(auto.coverage95 >= auto.coverage80);
    // The protocol reproduces the peers' seasonal naive figures (22.96% / 22.11%).
    let sn = get(Method::SeasonalNaive);
    assert!((sn.wape_1d - 0.2296).abs() < 0.001, "{}", sn.wape_1d);
    assert!((sn.wape_nd - 0.2211).abs() < 0.001, "{}", sn.wape_nd);
}

#[test]
fn half_hourly_bank_beats_mstl() {
    let h = load("israel_bank_1999_30min.csv");
    let r = backtest(&h, &protocol(vec![Method::Auto])).unwrap();
    let auto = &r.methods[0];
    eprintln!(
        "30-min auto wape1 {:6.2}% wape5 {:6.2}% mase1 {:.3} mase5 {:.3} bias5 {:+.2}% cov80 {:.1}% cov95 {:.1}%",
        100.0 * auto.wape_1d,
        100.0 * auto.wape_nd,
        auto.mase_1d,
        auto.mase_nd,
        100.0 * auto.bias_nd,
        100.0 * auto.coverage80,
        100.0 * auto.coverage95
    );
    assert!(auto.wape_1d <= 0.19, "WAPE 1d {}", auto.wape_1d);
    assert!(
        (0.75..=0.85).contains(&auto.coverage80),
        "80% coverage {}",
        auto.coverage80
    );
}
