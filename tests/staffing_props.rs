//! Property tests of the staffing math: probabilities in [0, 1], monotone in agents, Erlang A
//! tends to Erlang C, and the requirement is minimal (one agent fewer misses a target).

use paiban::staffing::{evaluate, missed_targets, required_agents, Demand, ServiceModel, Target};
use proptest::prelude::*;

fn demand(a: f64, aht: f64) -> Demand {
    Demand {
        volume: a * 1800.0 / aht,
        interval_seconds: 1800.0,
    }
}

fn voice(aht: f64, patience: Option<f64>) -> ServiceModel {
    ServiceModel::Voice {
        aht_seconds: aht,
        patience_seconds: patience,
    }
}

fn chat(base: f64, k: usize) -> ServiceModel {
    ServiceModel::Chat {
        aht_seconds_by_concurrency: (0..k).map(|l| base * (1.0 + 0.3 * l as f64)).collect(),
        patience_seconds: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn erlang_c_probabilities_and_monotonicity(
        a in 0.01f64..3000.0, extra in 0u32..200, aht in 30.0f64..900.0, t in 0.0f64..120.0,
    ) {
        let d = demand(a, aht);
        let n = a.floor() as u32 + 1 + extra;
        let p = evaluate(&d, &voice(aht, None), n, t).unwrap();
        let q = evaluate(&d, &voice(aht, None), n + 1, t).unwrap();
        for v in [p.service_level, p.p_wait, p.occupancy] {
            prop_assert!((0.0..=1.0).contains(&v));
        }
        prop_assert!(!p.unstable);
        prop_assert!(q.service_level >= p.service_level - 1e-15);
        prop_assert!(q.asa_seconds.unwrap() <= p.asa_seconds.unwrap() + 1e-12);
        prop_assert!(q.p_wait <= p.p_wait + 1e-15);
        // Service level is 1 - P(wait) at T = 0.
        let z = evaluate(&d, &voice(aht, None), n, 0.0).unwrap();
        prop_assert!((z.service_level - (1.0 - z.p_wait)).abs() < 1e-12);
    }

    #[test]
    fn unstable_when_agents_do_not_exceed_traffic(a in 1.0f64..3000.0, aht in 30.0f64..900.0) {
        let d = demand(a, aht);
        let n = (a.floor() as u32).min(a.ceil() as u32 - 1);
        let p = evaluate(&d, &voice(aht, None), n, 20.0).unwrap();
        prop_assert!(p.unstable);
        prop_assert_eq!(p.asa_seconds, None);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn erlang_a_probabilities_and_monotonicity(
        a in 0.1f64..300.0, below in 0.0f64..3.0, above in 0u32..40, aht in 30.0f64..600.0,
        patience in 5.0f64..3600.0, t in 0.0f64..90.0,
    ) {
        let d = demand(a, aht);
        let n = ((a - below * a.sqrt()).max(0.0) as u32) + above;
        let m = voice(aht, Some(patience));
        let p = evaluate(&d, &m, n, t).unwrap();
        let q = evaluate(&d, &m, n + 1, t).unwrap();
        for v in [p.service_level, p.p_wait, p.occupancy, p.p_abandon.unwrap(),
                  p.service_level_answered.unwrap()] {
            prop_assert!((0.0..=1.0).contains(&v), "{v}");
        }
        prop_assert!(q.service_level >= p.service_level - 1e-12);
        prop_assert!(q.asa_seconds.unwrap() <= p.asa_seconds.unwrap() + 1e-12);
        prop_assert!(q.p_abandon.unwrap() <= p.p_abandon.unwrap() + 1e-15);
        // Throughput balance: answered work = busy agents.
        let busy = d.rate() * aht * (1.0 - p.p_abandon.unwrap());
        prop_assert!((busy - p.occupancy * f64::from(n.max(1))).abs() < 1e-9 * busy.max(1.0));
    }

    #[test]
    fn erlang_a_tends_to_erlang_c(
        a in 0.1f64..500.0, extra in 1u32..60, aht in 30.0f64..600.0, t in 0.0f64..60.0,
    ) {
        let d = demand(a, aht);
        // At least half an agent of slack: at N - A -> 0 the queue is so long that any
        // abandonment at all matters (physics, not rounding).
        let n = (a + 0.5).ceil() as u32 + extra - 1;
        let c = evaluate(&d, &voice(aht, None), n, t).unwrap();
        // Near-critical queues are sensitive (relative effect ~ θ·E[queue]/(N/AHT - λ)), so "very
        // large" must be large against that: 1e13 handle times.
        let big = evaluate(&d, &voice(aht, Some(aht * 1e13)), n, t).unwrap();
        prop_assert!((big.service_level - c.service_level).abs() < 1e-6);
        prop_assert!((big.p_wait - c.p_wait).abs() < 1e-6);
        let (ac, aa) = (c.asa_seconds.unwrap(), big.asa_seconds.unwrap());
        prop_assert!((ac - aa).abs() <= 1e-5 * ac.max(1.0));
        // And patience moves Erlang A monotonically towards C: longer patience, more waiting.
        let mid = evaluate(&d, &voice(aht, Some(aht * 10.0)), n, t).unwrap();
        prop_assert!(mid.p_wait <= big.p_wait + 1e-12);
    }

    #[test]
    fn requirement_is_minimal(
        a in 0.05f64..800.0, aht in 30.0f64..600.0, sl in 0.5f64..0.99, t in 0.0f64..60.0,
        asa in proptest::option::of(2.0f64..60.0),
        occ in proptest::option::of(0.6f64..0.95),
        patience in proptest::option::of(20.0f64..1200.0),
        abandon in proptest::option::of(0.01f64..0.2),
        chat_k in 0usize..4,
    ) {
        let d = demand(a, aht);
        let m = if chat_k > 0 { chat(aht, chat_k) } else { voice(aht, patience) };
        let target = Target {
            service_level: sl,
            answer_seconds: t,
            max_asa_seconds: asa,
            max_abandon_rate: abandon,
        };
        let r = required_agents(&d, &m, &target, occ).unwrap();
        prop_assert!(r.targets_met);
        prop_assert!(missed_targets(&r.performance, &target, occ).is_empty());
        if r.agents > 0 {
            let fewer = evaluate(&d, &m, r.agents - 1, t).unwrap();
            let missed = missed_targets(&fewer, &target, occ);
            prop_assert!(!missed.is_empty());
            prop_assert_eq!(&missed, &r.binding);
        }
    }

    #[test]
    fn erlang_a_requirement_is_minimal(
        a in 0.05f64..2000.0, aht in 30.0f64..600.0, sl in 0.3f64..0.99, t in 0.0f64..60.0,
        patience in 5.0f64..3600.0,
        asa in proptest::option::of(2.0f64..60.0),
        abandon in proptest::option::of(0.005f64..0.2),
        occ in proptest::option::of(0.6f64..0.95),
    ) {
        let d = demand(a, aht);
        let m = voice(aht, Some(patience));
        let target = Target {
            service_level: sl,
            answer_seconds: t,
            max_asa_seconds: asa,
            max_abandon_rate: abandon,
        };
        let r = required_agents(&d, &m, &target, occ).unwrap();
        prop_assert!(r.targets_met);
        // The reported performance is a fresh evaluation's (cursor stepping is exact).
        let fresh = evaluate(&d, &m, r.agents, t).unwrap();
        prop_assert!((fresh.service_level - r.performance.service_level).abs() < 1e-12);
        if r.agents > 0 {
            let fewer = evaluate(&d, &m, r.agents - 1, t).unwrap();
            prop_assert!(!missed_targets(&fewer, &target, occ).is_empty());
        }
    }
}
