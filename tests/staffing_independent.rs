//! Comparison with an independent implementation (benches/staffing_reference.py: mpmath closed
//! forms for Erlang B/C, explicit state sums and a matrix exponential of the tagged contact's
//! chain for Erlang A and chat) over 2,900 random cases (2,000 Erlang B/C with A in [0.01, 5000] and N up to 10,000; 600
//! Erlang A; 300 chat with k = 1..3) stored in
//! tests/data/staffing/independent.csv. No Python is needed to run this test.
//!
//! Tolerances: relative 1e-11 for Erlang B blocking (above 1e-290), P(wait), ASA, P(abandon)
//! and occupancy; absolute 1e-12 for service levels (the reference's matrix exponential is
//! float64). The maximum errors are printed (`--nocapture`) and recorded in
//! benches/results/staffing.md.

use paiban::staffing::{erlang_b, evaluate, Demand, ServiceModel};
use std::collections::BTreeMap;

fn rel(ours: f64, theirs: f64) -> f64 {
    if theirs == 0.0 {
        ours.abs()
    } else {
        (ours - theirs).abs() / theirs.abs()
    }
}

#[test]
fn agrees_with_independent_implementation() {
    let text = std::fs::read_to_string("tests/data/staffing/independent.csv").unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut worst: BTreeMap<String, (f64, String)> = BTreeMap::new();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let get = |name: &str| cells[header.iter().position(|h| *h == name).unwrap()];
        let num = |name: &str| get(name).parse::<f64>().ok();
        let model = get("model");
        *count.entry(model.to_string()).or_default() += 1;
        let n: u32 = get("agents").parse().unwrap();
        let d = Demand {
            volume: num("volume").unwrap(),
            interval_seconds: num("interval_seconds").unwrap(),
        };
        let aht = num("aht_seconds").unwrap();
        let t = num("answer_seconds").unwrap();
        let patience = num("patience_seconds");
        let service = match model {
            "chat" => ServiceModel::Chat {
                aht_seconds_by_concurrency: get("concurrency_aht")
                    .split(';')
                    .map(|v| v.parse().unwrap())
                    .collect(),
                patience_seconds: patience,
            },
            _ => ServiceModel::Voice {
                aht_seconds: aht,
                patience_seconds: patience,
            },
        };
        let mut check = |quantity: &str, ours: f64, err: f64, tol: f64| {
            let key = format!("{model}.{quantity}");
            let e = worst.entry(key.clone()).or_insert((0.0, String::new()));
            if err > e.0 {
                *e = (err, line.to_string());
            }
            assert!(
                err <= tol,
                "{key}: ours {ours}, error {err} > {tol}\n{line}"
            );
        };
        if let Some(b) = num("blocking") {
            let a = d.rate() * aht;
            let ours = erlang_b(n, a);
            if b > 1e-290 {
                check("blocking", ours, rel(ours, b), 1e-11);
            } else {
                check("blocking", ours, if ours < 1e-280 { 0.0 } else { 1.0 }, 0.0);
            }
        }
        let p = evaluate(&d, &service, n, t).unwrap();
        match num("p_wait") {
            None => assert!(p.unstable, "{line}"),
            Some(pw) => {
                assert!(!p.unstable, "{line}");
                check("p_wait", p.p_wait, rel(p.p_wait, pw), 1e-11);
                let sl = num("service_level").unwrap();
                check(
                    "service_level",
                    p.service_level,
                    (p.service_level - sl).abs(),
                    1e-12,
                );
                let asa = num("asa_seconds").unwrap();
                let ours = p.asa_seconds.unwrap();
                check("asa_seconds", ours, rel(ours, asa), 1e-11);
                let occ = num("occupancy").unwrap();
                check("occupancy", p.occupancy, rel(p.occupancy, occ), 1e-11);
                if let Some(ab) = num("p_abandon") {
                    let ours = p.p_abandon.unwrap();
                    check("p_abandon", ours, rel(ours, ab), 1e-11);
                }
            }
        }
    }
    for (k, (e, _)) in &worst {
        println!("max error {k}: {e:.3e}");
    }
    println!("cases: {count:?}");
    assert_eq!(count.get("erlang_c"), Some(&2000));
    assert_eq!(count.get("erlang_a"), Some(&600));
    assert_eq!(count.get("chat"), Some(&300));
}
