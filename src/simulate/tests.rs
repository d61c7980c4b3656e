use super::*;

fn flat(volume: f64, aht: f64, agents: u32, n: usize) -> SimInput {
    SimInput {
        interval_minutes: 30,
        start: "2024-01-01T00:00".into(),
        answer_seconds: 20.0,
        handle_time: HandleTime::Exponential,
        patience_seconds: None,
        concurrency: None,
        overdispersion: None,
        warmup_intervals: 0,
        replications: None,
        seed: None,
        intervals: vec![
            SimInterval {
                volume,
                aht_seconds: aht,
                agents
            };
            n
        ],
    }
}

#[test]
fn same_seed_same_report() {
    let input = flat(100.0, 180.0, 13, 6);
    let a = simulate(&input, 4, 9).unwrap();
    let b = simulate(&input, 4, 9).unwrap();
    assert_eq!(a, b);
    let c = simulate(&input, 4, 10).unwrap();
    assert_ne!(a, c);
}

fn sum_mean(e: &Option<Estimate>) -> f64 {
    e.map_or(0.0, |e| e.mean)
}

#[test]
fn every_contact_is_answered_or_abandons() {
    let mut input = flat(60.0, 300.0, 8, 8);
    input.patience_seconds = Some(60.0);
    input.intervals[3].agents = 0;
    input.intervals[7].agents = 2;
    let r = simulate(&input, 3, 5).unwrap();
    for iv in &r.intervals {
        let s = &iv.stats;
        let off = sum_mean(&s.offered);
        let done = sum_mean(&s.answered) + sum_mean(&s.abandoned);
        assert!((off - done).abs() < 1e-9, "{}", iv.timestamp);
        for e in [s.service_level, s.abandon_rate, s.p_wait, s.occupancy]
            .into_iter()
            .flatten()
        {
            assert!((0.0..=1.0).contains(&e.mean), "{}: {e:?}", iv.timestamp);
        }
    }
    // With nobody on duty, contacts wait for the next staffed interval or abandon.
    let dark = &r.intervals[3].stats;
    assert!(dark.abandon_rate.unwrap().mean > 0.5);
}

#[test]
fn no_agents_at_the_close_means_everyone_waiting_abandons() {
    let mut input = flat(20.0, 180.0, 0, 2);
    input.intervals[0].agents = 0;
    let r = simulate(&input, 2, 3).unwrap();
    let o = &r.overall;
    assert_eq!(o.answered.unwrap().mean, 0.0);
    assert_eq!(o.abandon_rate.unwrap().mean, 1.0);
    assert_eq!(o.service_level.unwrap().mean, 0.0);
    assert_eq!(o.occupancy, None);
    // Waits are censored at the close: at most one hour.
    assert!(o.asa_seconds.unwrap().mean <= 3600.0);
}

#[test]
fn leaving_agents_finish_their_contacts_and_occupancy_stays_below_one() {
    // Long contacts, staffing halves at every boundary: leavers work overtime.
    let mut input = flat(30.0, 1200.0, 20, 4);
    for (i, iv) in input.intervals.iter_mut().enumerate() {
        iv.agents = [20, 10, 20, 5][i];
    }
    let r = simulate(&input, 4, 11).unwrap();
    for iv in &r.intervals {
        let occ = iv.stats.occupancy.unwrap().mean;
        assert!(occ <= 1.0 + 1e-12 && occ > 0.0, "{}: {occ}", iv.timestamp);
    }
}

#[test]
fn an_idle_queue_answers_at_once() {
    let r = simulate(&flat(10.0, 60.0, 50, 3), 3, 1).unwrap();
    let o = &r.overall;
    assert_eq!(o.service_level.unwrap().mean, 1.0);
    assert_eq!(o.p_wait.unwrap().mean, 0.0);
    assert_eq!(o.asa_seconds.unwrap().mean, 0.0);
    assert_eq!(o.service_level_answered.unwrap().mean, 1.0);
    // Occupancy = offered load / agents = 10 x 60 / (50 x 1800).
    let occ = o.occupancy.unwrap();
    assert!((occ.mean - 10.0 * 60.0 / 90_000.0).abs() < 0.003, "{occ:?}");
}

#[test]
fn handle_time_distributions_keep_their_mean() {
    for ht in [
        HandleTime::Exponential,
        HandleTime::Lognormal { cv: 0.7 },
        HandleTime::Lognormal { cv: 2.0 },
    ] {
        let mut input = flat(100.0, 180.0, 200, 20);
        input.handle_time = ht.clone();
        let r = simulate(&input, 10, 3).unwrap();
        // Nobody waits, so occupancy x capacity = offered x AHT.
        let occ = r.overall.occupancy.unwrap().mean;
        let want = 100.0 * 180.0 / (200.0 * 1800.0);
        assert!((occ / want - 1.0).abs() < 0.04, "{ht:?}: {occ} vs {want}");
    }
}

#[test]
fn chat_concurrency_serves_several_at_once_and_factors_slow_them_down() {
    // 4 agents x 3 slots, load 6 Erlangs: with k = 1 it is overloaded, with k = 3 fine.
    let mut input = flat(60.0, 180.0, 4, 8);
    input.warmup_intervals = 1;
    let single = simulate(&input, 5, 2).unwrap();
    input.concurrency = Some(Concurrency {
        max: 3,
        aht_factors: None,
    });
    let chat = simulate(&input, 5, 2).unwrap();
    assert!(single.overall.asa_seconds.unwrap().mean > 60.0);
    assert!(chat.overall.service_level.unwrap().mean > 0.8);
    // Slot occupancy = 6 / 12.
    assert!((chat.overall.occupancy.unwrap().mean - 0.5).abs() < 0.05);
    input.concurrency = Some(Concurrency {
        max: 3,
        aht_factors: Some(vec![1.0, 1.5, 2.0]),
    });
    let slow = simulate(&input, 5, 2).unwrap();
    assert!(slow.overall.occupancy.unwrap().mean > 0.55);
}

#[test]
fn overdispersion_widens_the_spread_of_volumes() {
    let mut input = flat(100.0, 60.0, 100, 48);
    let plain = simulate(&input, 30, 4).unwrap();
    input.overdispersion = Some(Overdispersion {
        cv: 0.3,
        per: OverdispersionScope::Day,
    });
    let wide = simulate(&input, 30, 4).unwrap();
    let sd = |r: &SimReport| {
        let e = r.overall.offered.unwrap();
        e.half_width.unwrap() / stats::t975(29) * 30f64.sqrt()
    };
    // Daily totals of 4800: Poisson sd ~ 69, with a 30% day factor ~ 1440.
    assert!(sd(&plain) < 150.0, "{}", sd(&plain));
    assert!(sd(&wide) > 800.0, "{}", sd(&wide));
}

#[test]
fn bad_inputs_name_their_field() {
    let mut input = flat(10.0, 60.0, 5, 2);
    input.intervals[1].aht_seconds = 0.0;
    assert_eq!(
        simulate(&input, 2, 1).unwrap_err().path(),
        "intervals[1].aht_seconds"
    );
    let input = flat(10.0, 1e7, 5, 2);
    assert_eq!(
        simulate(&input, 2, 1).unwrap_err().path(),
        "intervals[0].aht_seconds"
    );
    let mut input = flat(10.0, 60.0, 5, 2);
    input.start = "2024-01-01T09:00Z".into();
    assert_eq!(simulate(&input, 2, 1).unwrap_err().path(), "start");
    input.start = "2024-01-01T09:00:30".into();
    assert_eq!(simulate(&input, 2, 1).unwrap_err().path(), "start");
    let input = flat(10.0, 60.0, 5, 2);
    assert_eq!(simulate(&input, 0, 1).unwrap_err().path(), "replications");
    let mut input = flat(10.0, 60.0, 5, 2);
    input.warmup_intervals = 2;
    assert_eq!(simulate(&input, 1, 1).unwrap_err().kind(), "inconsistent");
    let mut input = flat(10.0, 60.0, 5, 2);
    input.concurrency = Some(Concurrency {
        max: 2,
        aht_factors: Some(vec![1.0]),
    });
    assert_eq!(
        simulate(&input, 1, 1).unwrap_err().path(),
        "concurrency.aht_factors"
    );
    let input = flat(1e6, 60.0, 5, 100);
    assert_eq!(simulate(&input, 1, 1).unwrap_err().kind(), "too_large");
    let input = flat(1e5, 60.0, 5, 40);
    let e = simulate(&input, 20, 1).unwrap_err();
    assert_eq!(e.path(), "intervals[].volume x replications");
    let e = SimInput::from_json(r#"{"interval_minutes": 30, "bogus": 1}"#).unwrap_err();
    assert_eq!(e.kind(), "json");
    let e = SimInput::from_json(
        r#"{"interval_minutes": 30, "start": "2024-01-01T00:00", "answer_seconds": 20,
            "handle_time": {"distribution": "weibull"}, "intervals": []}"#,
    )
    .unwrap_err();
    assert_eq!(e.path(), "handle_time.distribution");
}

#[test]
fn json_round_trip() {
    let text = r#"{
        "interval_minutes": 15, "start": "2024-03-01T08:00", "answer_seconds": 30,
        "handle_time": {"distribution": "lognormal", "cv": 0.8},
        "patience_seconds": 120,
        "concurrency": {"max": 2, "aht_factors": [1.0, 1.3]},
        "overdispersion": {"cv": 0.1, "per": "interval"},
        "replications": 3, "seed": 77,
        "intervals": [{"volume": 40, "aht_seconds": 240, "agents": 6},
                      {"volume": 55.5, "aht_seconds": 240, "agents": 7}]
    }"#;
    let out = simulate_json(text).unwrap();
    let report: SimReport = serde_json::from_str(&out).unwrap();
    assert_eq!(report.replications, 3);
    assert_eq!(report.seed, 77);
    assert_eq!(report.intervals[1].timestamp, "2024-03-01T08:15");
    assert_eq!(report.intervals[1].volume, 55.5);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn figures_stay_in_range_and_contacts_balance(
            volumes in proptest::collection::vec(0.0f64..80.0, 1..6),
            agents in proptest::collection::vec(0u32..12, 6),
            patience in proptest::option::of(10.0f64..600.0),
            k in 1u32..4,
            seed in 0u64..1000,
        ) {
            let mut input = flat(0.0, 200.0, 1, volumes.len());
            for (i, (iv, v)) in input.intervals.iter_mut().zip(&volumes).enumerate() {
                iv.volume = *v;
                iv.agents = agents[i];
            }
            input.patience_seconds = patience;
            input.concurrency = Some(Concurrency { max: k, aht_factors: None });
            let r = simulate(&input, 2, seed).unwrap();
            for s in r.intervals.iter().map(|i| &i.stats).chain([&r.overall]) {
                let off = sum_mean(&s.offered);
                prop_assert!((off - sum_mean(&s.answered) - sum_mean(&s.abandoned)).abs() < 1e-9);
                for e in [s.service_level, s.service_level_answered, s.abandon_rate, s.p_wait, s.occupancy].into_iter().flatten() {
                    prop_assert!(e.mean >= 0.0 && e.mean <= 1.0 + 1e-12, "{:?}", e);
                }
                for e in [s.asa_seconds, s.asa_answered_seconds].into_iter().flatten() {
                    prop_assert!(e.mean >= 0.0);
                }
                if patience.is_none() {
                    // Without patience nobody abandons unless nobody is on duty at the close.
                    if agents[volumes.len() - 1] > 0 {
                        prop_assert_eq!(sum_mean(&s.abandoned), 0.0);
                    }
                }
            }
        }
    }
}

#[test]
fn splitting_intervals_does_not_change_the_queue() {
    // The same rate and staffing on 60-minute or 30-minute intervals: the arrival stream is
    // the same up to rounding (inversion of the cumulative rate carries across boundaries) and a
    // boundary without a staffing change disturbs nothing.
    let mut hourly = flat(200.0, 180.0, 13, 12);
    hourly.interval_minutes = 60;
    let half = flat(100.0, 180.0, 13, 24);
    let a = simulate(&hourly, 3, 8).unwrap().overall;
    let b = simulate(&half, 3, 8).unwrap().overall;
    assert_eq!(a.offered.unwrap().mean, b.offered.unwrap().mean);
    for (x, y) in [
        (a.service_level, b.service_level),
        (a.asa_seconds, b.asa_seconds),
        (a.occupancy, b.occupancy),
    ] {
        let (x, y) = (x.unwrap().mean, y.unwrap().mean);
        assert!((x - y).abs() <= 1e-3 * x.abs().max(1.0), "{x} vs {y}");
    }
}
