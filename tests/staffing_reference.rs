//! Every published reference value in `tests/data/staffing/reference.csv` reproduced to the
//! digits given (our value rounded to the published number of decimals equals it).

use paiban::staffing::api::{erlang, ErlangRequest};
use paiban::staffing::{erlang_b, evaluate, Demand, ServiceModel};

fn decimals(s: &str) -> i32 {
    s.split_once('.').map_or(0, |(_, d)| d.len() as i32)
}

fn opt(s: &str) -> Option<f64> {
    (!s.is_empty()).then(|| s.parse().unwrap())
}

#[test]
fn published_reference_values() {
    let text = std::fs::read_to_string("tests/data/staffing/reference.csv").unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut checked = 0;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let get = |name: &str| cells[header.iter().position(|h| *h == name).unwrap()];
        let (model, quantity, expected) = (get("model"), get("quantity"), get("expected"));
        let volume: f64 = get("volume").parse().unwrap();
        let interval_seconds = get("interval_minutes").parse::<f64>().unwrap() * 60.0;
        let aht: f64 = get("aht_seconds").parse().unwrap();
        let answer: f64 = get("answer_seconds").parse().unwrap();
        let demand = Demand {
            volume,
            interval_seconds,
        };
        let value: f64 = match model {
            "erlang_b" => {
                // Volume is the traffic in Erlangs for these rows.
                if quantity == "trunks_for_2pct" {
                    (0u32..).find(|&n| erlang_b(n, volume) <= 0.02).unwrap() as f64
                } else {
                    erlang_b(get("agents").parse().unwrap(), volume)
                }
            }
            "erlang_c" | "erlang_a" => {
                let service = ServiceModel::Voice {
                    aht_seconds: aht,
                    patience_seconds: opt(get("patience_seconds")),
                };
                let p =
                    evaluate(&demand, &service, get("agents").parse().unwrap(), answer).unwrap();
                match quantity {
                    "p_wait" => p.p_wait,
                    "service_level" => p.service_level,
                    "asa_seconds" => p.asa_seconds.unwrap(),
                    "asa_minutes" => p.asa_seconds.unwrap() / 60.0,
                    "occupancy" => p.occupancy,
                    "p_abandon" => p.p_abandon.unwrap(),
                    q => panic!("unknown quantity {q}"),
                }
            }
            "requirement" => {
                let r = erlang(&ErlangRequest {
                    volume,
                    interval_minutes: interval_seconds / 60.0,
                    aht_seconds: aht,
                    target_sl: opt(get("target_sl")),
                    answer_seconds: answer,
                    patience_seconds: opt(get("patience_seconds")),
                    concurrency: None,
                    aht_seconds_by_concurrency: None,
                    shrinkage: opt(get("shrinkage")),
                    max_occupancy: opt(get("max_occupancy")),
                    agents: None,
                    max_asa_seconds: None,
                    max_abandon: None,
                })
                .unwrap();
                match quantity {
                    "agents" => f64::from(r.agents),
                    "positions" => f64::from(r.positions),
                    "service_level" => r.service_level,
                    "occupancy" => r.occupancy,
                    q => panic!("unknown quantity {q}"),
                }
            }
            m => panic!("unknown model {m}"),
        };
        let d = decimals(expected);
        let scale = 10f64.powi(d);
        let published: f64 = expected.parse().unwrap();
        assert_eq!(
            (value * scale).round() / scale,
            published,
            "{line}: computed {value}"
        );
        checked += 1;
    }
    assert_eq!(checked, 39);
}
