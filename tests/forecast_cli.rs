//! `paiban forecast` and `paiban backtest` as a user runs them.

use assert_cmd::Command;

fn bank() -> String {
    format!(
        "{}/../shared/data/israel_bank_1999_60min.csv",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn day_totals(csv: &str) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let day = cells[0][..10].to_string();
        let v: f64 = cells[1].parse().unwrap();
        match out.last_mut() {
            Some((d, t)) if *d == day => *t += v,
            _ => out.push((day, v)),
        }
    }
    out
}

#[test]
fn forecast_prints_every_interval_to_until() {
    let out = Command::cargo_bin("paiban")
        .unwrap()
        .args([
            "forecast",
            "--history",
            &bank(),
            "--until",
            "2000-01-08T00:00",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "timestamp,volume,lo,hi");
    assert_eq!(lines.len(), 1 + 7 * 24);
    assert!(lines[1].starts_with("2000-01-01T00:00,"));
    assert!(lines[7 * 24].starts_with("2000-01-07T23:00,"));
    for l in &lines[1..] {
        let c: Vec<f64> = l.split(',').skip(1).map(|x| x.parse().unwrap()).collect();
        assert!(c[1] <= c[0] && c[0] <= c[2], "{l}");
    }
    // Saturday near zero, Sun–Thu working days, a short Friday.
    let t = day_totals(&csv);
    let (sat, sun, thu, fri) = (t[0].1, t[1].1, t[5].1, t[6].1);
    assert!(sat < 0.25 * sun && fri < 0.5 * thu && fri > sat, "{t:?}");
    assert!((1400.0..2300.0).contains(&sun), "{t:?}");
}

#[test]
fn forecast_json_and_bad_input() {
    let out = Command::cargo_bin("paiban")
        .unwrap()
        .args([
            "forecast",
            "--history",
            &bank(),
            "--until",
            "2000-01-02T00:00",
            "--format",
            "json",
            "--method",
            "smoothing",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["method"], "smoothing");
    assert_eq!(v["volume"].as_array().unwrap().len(), 24);
    assert!(v["lo95"].is_array() && v["hi95"].is_array());
    let out = Command::cargo_bin("paiban")
        .unwrap()
        .args([
            "forecast",
            "--history",
            &bank(),
            "--until",
            "1999-06-01T00:00",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("until"));
    let out = Command::cargo_bin("paiban")
        .unwrap()
        .args([
            "forecast",
            "--history",
            &bank(),
            "--until",
            "2000-01-02",
            "--method",
            "prophet",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn backtest_reports_each_method() {
    let out = Command::cargo_bin("paiban")
        .unwrap()
        .args([
            "backtest",
            "--history",
            &bank(),
            "--origins",
            "3",
            "--horizon-days",
            "2",
            "--method",
            "seasonal_naive",
            "--method",
            "auto",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["origins"][0], "1999-12-28T00:00");
    assert_eq!(v["origins"][2], "1999-12-30T00:00");
    let rows = v["methods"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["method"], "seasonal_naive");
    for r in rows {
        let w = r["wape_1d"].as_f64().unwrap();
        assert!(w > 0.0 && w < 1.0);
        assert!(r["mase_nd"].as_f64().unwrap() > 0.0);
    }
    let out = Command::cargo_bin("paiban")
        .unwrap()
        .args(["backtest", "--history", &bank(), "--origins", "400"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn forecast_applies_an_events_file() {
    let events = format!(
        "{}/tests/data/forecast/events.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let history = bank();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "forecast",
            "--history",
            history.as_str(),
            "--until",
            "2000-01-03T00:00",
        ];
        args.extend_from_slice(extra);
        let out = Command::cargo_bin("paiban")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(1).unwrap().parse::<f64>().unwrap())
            .collect::<Vec<f64>>()
    };
    let plain = run(&[]);
    let with = run(&["--events", &events]);
    assert_eq!(plain.len(), 48);
    assert!(plain[..24].iter().sum::<f64>() > 100.0);
    assert!(with[..24].iter().all(|v| *v == 0.0));
    for h in 0..24 {
        let k = if (8..12).contains(&h) { 1.5 } else { 1.0 };
        assert!((with[24 + h] - k * plain[24 + h]).abs() < 0.011, "{h}");
    }
}
