//! The multi-skill simulator against independent references:
//! - one queue reproduces the single-queue simulator contact for contact, and the published
//!   Erlang C/A figures (tests/data/simulate/erlang_reference.json, from
//!   /work/shared/reference/erlang.md) within the familywise confidence interval;
//! - two queues answered by fully cross-trained agents behave as one pooled M/M/N (Erlang C of
//!   the summed traffic, from the same reference table);
//! - two queues with disjoint dedicated teams are two independent Erlang C queues;
//! - a scarce skill is starved by longest-waiting-first routing and protected by priorities;
//! - breaks (gaps in the on-duty spans) cost service where they fall.

use paiban::simulate::multiskill::{
    simulate_multiskill, AgentInput, DutySpan, MultiSkillInput, MultiSkillReport, QueueInput,
};
use paiban::simulate::{simulate, Concurrency, Estimate, HandleTime, SimInput, SimInterval};
use paiban::Error;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Reference {
    simulation: Settings,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Settings {
    days: usize,
    replications: u32,
    seed: u64,
    familywise_t: f64,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    volume_per_30_min: f64,
    aht_seconds: f64,
    agents: u32,
    answer_seconds: f64,
    patience_seconds: Option<f64>,
    concurrency: Option<u32>,
    expected: BTreeMap<String, f64>,
}

fn reference() -> Reference {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/simulate/erlang_reference.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn queue(id: &str, n: usize, volume: f64, aht: f64) -> QueueInput {
    QueueInput {
        id: id.into(),
        answer_seconds: 20.0,
        handle_time: HandleTime::Exponential,
        patience_seconds: None,
        concurrency: None,
        volume: vec![volume; n],
        aht_seconds: vec![aht; n],
    }
}

fn figure(stats: &paiban::simulate::SimStats, name: &str) -> Estimate {
    let e = match name {
        "p_wait" => stats.p_wait,
        "service_level" => stats.service_level,
        "asa_seconds" => stats.asa_seconds,
        "abandon_rate" => stats.abandon_rate,
        "occupancy" => stats.occupancy,
        other => panic!("unknown figure {other}"),
    };
    e.expect("figure defined")
}

/// `|mean - want|` within the familywise interval (Bonferroni over the figures checked, as in
/// tests/simulate.rs); returns a failure message otherwise.
fn check(label: &str, e: Estimate, want: f64, t_family: f64, t95: f64) -> Option<String> {
    let hw = e.half_width.unwrap() / t95 * t_family;
    eprintln!(
        "{label}: simulated {:.5} ± {hw:.5}, reference {want}",
        e.mean
    );
    assert!(
        hw < 0.1 * want.max(1e-3),
        "{label}: interval too wide ({hw})"
    );
    ((e.mean - want).abs() > hw).then(|| format!("{label}: {want} outside {:.5} ± {hw:.5}", e.mean))
}

/// One queue with `agents` agents on duty throughout and past the end: the single-queue
/// simulator's input for the same case.
fn single_pair(case: &Case, n: usize) -> (SimInput, MultiSkillInput) {
    let concurrency = case.concurrency.map(|max| Concurrency {
        max,
        aht_factors: None,
    });
    let single = SimInput {
        interval_minutes: 30,
        start: "2024-01-01T00:00".into(),
        answer_seconds: case.answer_seconds,
        handle_time: HandleTime::Exponential,
        patience_seconds: case.patience_seconds,
        concurrency: concurrency.clone(),
        overdispersion: None,
        warmup_intervals: 1,
        replications: None,
        seed: None,
        intervals: vec![
            SimInterval {
                volume: case.volume_per_30_min,
                aht_seconds: case.aht_seconds,
                agents: case.agents,
            };
            n
        ],
    };
    let mut q = queue("q", n, case.volume_per_30_min, case.aht_seconds);
    q.answer_seconds = case.answer_seconds;
    q.patience_seconds = case.patience_seconds;
    q.concurrency = concurrency;
    let mut multi = MultiSkillInput::stationary(30, n, vec![q], &[(vec![0], case.agents)]);
    multi.warmup_intervals = 1;
    (single, multi)
}

#[test]
fn one_queue_reproduces_the_single_queue_simulator_exactly() {
    // Voice (one contact per agent): which idle agent answers does not change any contact's
    // fate, so both engines see the same contacts at the same times and report the same
    // figures to the last bit (occupancy to rounding: it is summed in another order).
    let reference = reference();
    let mut cases: Vec<(SimInput, MultiSkillInput)> = Vec::new();
    for case in reference.cases.iter().filter(|c| c.concurrency.is_none()) {
        cases.push(single_pair(case, 49));
    }
    let (mut s, mut m) = single_pair(&reference.cases[2], 49);
    s.handle_time = HandleTime::Lognormal { cv: 0.7 };
    m.queues[0].handle_time = HandleTime::Lognormal { cv: 0.7 };
    cases.push((s, m));
    assert_eq!(cases.len(), 5);
    for (k, (single, multi)) in cases.iter().enumerate() {
        let a = simulate(single, 5, 11 + k as u64).unwrap();
        let b = simulate_multiskill(multi, 5, 11 + k as u64).unwrap();
        let q = &b.queues[0];
        for (i, (x, y)) in a.intervals.iter().zip(&q.intervals).enumerate() {
            assert_eq!(x.stats.offered, y.offered, "case {k} interval {i}");
            assert_eq!(x.stats.answered, y.answered, "case {k} interval {i}");
            assert_eq!(
                x.stats.service_level, y.service_level,
                "case {k} interval {i}"
            );
            assert_eq!(x.stats.asa_seconds, y.asa_seconds, "case {k} interval {i}");
            assert_eq!(
                x.stats.abandon_rate, y.abandon_rate,
                "case {k} interval {i}"
            );
            assert_eq!(x.stats.p_wait, y.p_wait, "case {k} interval {i}");
        }
        assert_eq!(a.overall.service_level, q.overall.service_level);
        let (oa, ob) = (a.overall.occupancy.unwrap(), b.overall.occupancy.unwrap());
        assert!(
            (oa.mean - ob.mean).abs() < 1e-12,
            "case {k}: {oa:?} vs {ob:?}"
        );
        let og = b.groups[0].occupancy.unwrap();
        assert!((oa.mean - og.mean).abs() < 1e-12);
    }
}

#[test]
fn chat_agrees_with_the_single_queue_simulator_in_distribution() {
    // Chat: which of two equally loaded agents takes a chat changes later loads (their chats
    // end at different times), and the engines break that tie differently, so the agreement
    // is statistical: 6 agents x 3 chats with handle times growing 1.0, 1.2, 1.5 by
    // concurrency, both engines 30 replications of 3 days; the difference of the means must
    // lie within its familywise interval (Bonferroni over 4 figures, t(0.99375, 58) = 2.58).
    let reference = reference();
    let (mut s, mut m) = single_pair(&reference.cases[4], 1 + 48 * 3);
    let c = Concurrency {
        max: 3,
        aht_factors: Some(vec![1.0, 1.2, 1.5]),
    };
    s.concurrency = Some(c.clone());
    m.queues[0].concurrency = Some(c);
    s.intervals.iter_mut().for_each(|iv| iv.agents = 6);
    m.agents.extend(m.agents.clone().into_iter().take(2));
    let reps = 30;
    let t95 = paiban::simulate::stats::t975(reps - 1);
    let a = simulate(&s, reps, 5).unwrap();
    let b = simulate_multiskill(&m, reps, 6).unwrap();
    for name in ["service_level", "asa_seconds", "p_wait", "occupancy"] {
        let x = figure(&a.overall, name);
        let y = if name == "occupancy" {
            b.groups[0].occupancy.unwrap()
        } else {
            figure(&b.queues[0].overall, name)
        };
        let se = |e: &Estimate| e.half_width.unwrap() / t95;
        let hw = 2.58 * (se(&x).powi(2) + se(&y).powi(2)).sqrt();
        eprintln!(
            "{name}: single {:.5}, multi {:.5}, allowed ± {hw:.5}",
            x.mean, y.mean
        );
        assert!((x.mean - y.mean).abs() <= hw, "{name}");
        assert!(hw < 0.25 * x.mean, "{name}: interval too wide");
    }
}

#[test]
fn one_queue_agrees_with_published_erlang_c_and_a() {
    // The settings of tests/simulate.rs (14 days, 40 replications, seed 2024 + case): for voice
    // the two engines agree contact for contact, the chat case is this engine's own.
    let reference = reference();
    let reps = reference.simulation.replications;
    let t95 = paiban::simulate::stats::t975(reps - 1);
    let mut failures = Vec::new();
    for (k, case) in reference.cases.iter().enumerate() {
        let (_, input) = single_pair(case, 1 + 48 * reference.simulation.days);
        let report =
            simulate_multiskill(&input, reps, reference.simulation.seed + k as u64).unwrap();
        for (name, &want) in &case.expected {
            let e = if name == "occupancy" {
                report.groups[0].occupancy.unwrap()
            } else {
                figure(&report.queues[0].overall, name)
            };
            let label = format!("{}: {name}", case.name);
            failures.extend(check(
                &label,
                e,
                want,
                reference.simulation.familywise_t,
                t95,
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Erlang C, 100 contacts per 30 min at 180 s (10 Erlangs), from the reference table.
const ERLANG_C_13: [(&str, f64); 3] = [
    ("p_wait", 0.2852705),
    ("service_level", 0.7955948),
    ("asa_seconds", 17.12),
];
const ERLANG_C_14: [(&str, f64); 3] = [
    ("p_wait", 0.1741319),
    ("service_level", 0.88835),
    ("asa_seconds", 7.836),
];
/// Bonferroni t for 12 figures with 39 degrees of freedom (1 - 0.05/24 quantile).
const T_FAMILY_12: f64 = 3.0712;

#[test]
fn fully_cross_trained_agents_are_one_pooled_erlang_c_queue() {
    // 60 + 40 contacts per 30 min at 180 s = 10 Erlangs on 14 agents who answer both queues:
    // longest-waiting-first routing is then global FCFS, i.e. M/M/14 for every contact.
    let n = 1 + 48 * 7;
    let queues = vec![queue("a", n, 60.0, 180.0), queue("b", n, 40.0, 180.0)];
    let mut input = MultiSkillInput::stationary(30, n, queues, &[(vec![0, 1], 14)]);
    input.warmup_intervals = 1;
    let reps = 40;
    let t95 = paiban::simulate::stats::t975(reps - 1);
    let r = simulate_multiskill(&input, reps, 77).unwrap();
    let mut failures = Vec::new();
    for (label, stats) in [
        ("queue a", &r.queues[0].overall),
        ("queue b", &r.queues[1].overall),
        ("overall", &r.overall),
    ] {
        for (name, want) in ERLANG_C_14 {
            let e = figure(stats, name);
            failures.extend(check(&format!("{label} {name}"), e, want, T_FAMILY_12, t95));
        }
    }
    let occ = r.groups[0].occupancy.unwrap();
    failures.extend(check("occupancy", occ, 10.0 / 14.0, T_FAMILY_12, t95));
    // The work splits 60:40 over the two queues: 6 and 4 busy agents.
    let split = &r.groups[0].busy_agents;
    failures.extend(check("busy a", split[0].unwrap(), 6.0, T_FAMILY_12, t95));
    failures.extend(check("busy b", split[1].unwrap(), 4.0, T_FAMILY_12, t95));
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn disjoint_dedicated_teams_are_independent_erlang_c_queues() {
    let n = 1 + 48 * 7;
    let queues = vec![queue("a", n, 100.0, 180.0), queue("b", n, 100.0, 180.0)];
    let mut input = MultiSkillInput::stationary(30, n, queues, &[(vec![0], 14), (vec![1], 13)]);
    input.warmup_intervals = 1;
    let reps = 40;
    let t95 = paiban::simulate::stats::t975(reps - 1);
    let r = simulate_multiskill(&input, reps, 78).unwrap();
    let mut failures = Vec::new();
    for (name, want) in ERLANG_C_14 {
        let e = figure(&r.queues[0].overall, name);
        failures.extend(check(&format!("a {name}"), e, want, T_FAMILY_12, t95));
    }
    for (name, want) in ERLANG_C_13 {
        let e = figure(&r.queues[1].overall, name);
        failures.extend(check(&format!("b {name}"), e, want, T_FAMILY_12, t95));
    }
    failures.extend(check(
        "occupancy a",
        r.groups[0].occupancy.unwrap(),
        10.0 / 14.0,
        T_FAMILY_12,
        t95,
    ));
    failures.extend(check(
        "occupancy b",
        r.groups[1].occupancy.unwrap(),
        10.0 / 13.0,
        T_FAMILY_12,
        t95,
    ));
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A busy general queue (15 Erlangs) and a small VIP queue (2 Erlangs); 18 agents answer
/// general calls only, 4 answer VIP and general calls. Callers' patience 4 minutes.
fn scarce(priorities: bool) -> MultiSkillInput {
    let n = 1 + 48 * 2;
    let mut general = queue("general", n, 150.0, 180.0);
    general.patience_seconds = Some(240.0);
    let mut vip = queue("vip", n, 20.0, 180.0);
    vip.patience_seconds = Some(240.0);
    let mut input = MultiSkillInput::stationary(30, n, vec![general, vip], &[(vec![0], 18)]);
    let end = input.agents[0].on_duty[0].end;
    for _ in 0..4 {
        input.agents.push(AgentInput {
            skills: vec![1, 0],
            priorities: priorities.then(|| vec![1, 2]),
            on_duty: vec![DutySpan { start: 0, end }],
        });
    }
    input.warmup_intervals = 1;
    input
}

fn sl(r: &MultiSkillReport, q: usize) -> f64 {
    r.queues[q].overall.service_level.unwrap().mean
}

#[test]
fn routing_starves_a_scarce_skill_unless_it_has_priority() {
    let fifo = simulate_multiskill(&scarce(false), 10, 5).unwrap();
    let prio = simulate_multiskill(&scarce(true), 10, 5).unwrap();
    eprintln!(
        "longest waiting first: general {:.3}, vip {:.3}; vip first for vip agents: general \
         {:.3}, vip {:.3}",
        sl(&fifo, 0),
        sl(&fifo, 1),
        sl(&prio, 0),
        sl(&prio, 1)
    );
    // Longest-waiting first: the 4 VIP agents spend most of their time on general calls, and
    // a VIP caller has only those 4 to wait for, so VIP service falls far below general
    // service although VIP work is only half of its agents' capacity (measured 0.95 / 0.58).
    assert!(sl(&fifo, 0) > 0.9);
    assert!(
        sl(&fifo, 1) < sl(&fifo, 0) - 0.25,
        "VIP starved: {}",
        sl(&fifo, 1)
    );
    // VIP first for its agents, and general calls to generalists first: VIP service rises by
    // more than 10 points (measured 0.74) for a small loss on the general queue (0.945).
    assert!(
        sl(&prio, 1) > sl(&fifo, 1) + 0.1,
        "VIP protected: {}",
        sl(&prio, 1)
    );
    assert!(sl(&prio, 0) < sl(&fifo, 0) && sl(&prio, 0) > sl(&fifo, 0) - 0.02);
    // How: the VIP agents answer about half as many general calls.
    let general_on_vip = |r: &MultiSkillReport| r.groups[1].busy_agents[0].unwrap().mean;
    assert!(general_on_vip(&prio) < 0.7 * general_on_vip(&fifo));
    // ... and all VIP work is theirs (2 Erlangs less what abandons; measured 1.80).
    let vip_work = |r: &MultiSkillReport| r.groups[1].busy_agents[1].unwrap().mean;
    assert!(
        vip_work(&prio) > 1.7 && vip_work(&prio) < 2.05,
        "{}",
        vip_work(&prio)
    );
}

#[test]
fn breaks_cost_service_where_they_fall() {
    // 8 hours of one queue at 10 Erlangs; 15 agents, 3 of whom take a break in hour 4.
    let n = 16;
    let q = queue("q", n, 100.0, 180.0);
    let mut input = MultiSkillInput::stationary(30, n, vec![q], &[(vec![0], 15)]);
    for a in input.agents.iter_mut().take(3) {
        a.on_duty = vec![
            DutySpan { start: 0, end: 180 },
            DutySpan {
                start: 240,
                end: 480 + 2880,
            },
        ];
    }
    let r = simulate_multiskill(&input, 40, 9).unwrap();
    let sl_at = |i: usize| r.queues[0].intervals[i].service_level.unwrap().mean;
    // 12 agents on 10 Erlangs during the break (Erlang C SL 0.64), 15 around it (0.94).
    assert!(
        sl_at(6) < 0.75 && sl_at(7) < 0.75,
        "{} {}",
        sl_at(6),
        sl_at(7)
    );
    assert!(
        sl_at(4) > 0.85 && sl_at(10) > 0.85,
        "{} {}",
        sl_at(4),
        sl_at(10)
    );
    assert_eq!(r.groups[0].on_duty[6], 12.0);
    assert_eq!(r.groups[0].on_duty[5], 15.0);
}

#[test]
fn agents_finish_the_contact_in_hand_and_count_it_as_overtime() {
    // One agent on duty for the first 30 minutes only, long calls: the last call runs past the
    // end of the span; occupancy stays <= 1 because the overtime is on-duty time.
    let n = 4;
    let mut q = queue("q", n, 0.0, 900.0);
    q.volume[0] = 4.0;
    let input = MultiSkillInput {
        interval_minutes: 30,
        intervals: n,
        start: "2024-01-01T08:00".into(),
        queues: vec![q],
        agents: vec![AgentInput {
            skills: vec![0],
            priorities: None,
            on_duty: vec![DutySpan { start: 0, end: 30 }],
        }],
        warmup_intervals: 0,
        replications: None,
        seed: None,
    };
    let r = simulate_multiskill(&input, 50, 3).unwrap();
    let g = &r.groups[0];
    let occ = g.occupancy.unwrap().mean;
    assert!(occ > 0.3 && occ <= 1.0, "{occ}");
    // Someone answered in the second interval's time only through overtime.
    assert!(g.interval_occupancy[1].is_some());
    assert_eq!(g.on_duty, vec![1.0, 0.0, 0.0, 0.0]);
    // Contacts that found nobody left wait until the close and abandon there.
    let ab = r.queues[0].overall.abandoned.unwrap().mean;
    assert!(ab > 0.0);
}

#[test]
fn a_seed_gives_the_same_report_and_staffing_leaves_the_contacts_unchanged() {
    let n = 10;
    let queues = vec![queue("a", n, 80.0, 200.0), queue("b", n, 30.0, 300.0)];
    let mk = |flex: u32| {
        MultiSkillInput::stationary(
            30,
            n,
            queues.clone(),
            &[(vec![0], 8), (vec![1], 5), (vec![0, 1], flex)],
        )
    };
    let a = simulate_multiskill(&mk(3), 6, 42).unwrap();
    let b = simulate_multiskill(&mk(3), 6, 42).unwrap();
    assert_eq!(a, b);
    let json = serde_json::to_string(&a).unwrap();
    let back: MultiSkillReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back.queues[1].intervals.len(), n);
    // Common random numbers: more flexible agents, same offered contacts, better service.
    let c = simulate_multiskill(&mk(5), 6, 42).unwrap();
    for q in 0..2 {
        assert_eq!(a.queues[q].overall.offered, c.queues[q].overall.offered);
        assert!(sl(&c, q) > sl(&a, q));
    }
    let d = simulate_multiskill(&mk(3), 6, 43).unwrap();
    assert_ne!(a.queues[0].overall.offered, d.queues[0].overall.offered);
}

#[test]
fn bad_inputs_are_errors_naming_the_field() {
    let n = 2;
    let base =
        MultiSkillInput::stationary(30, n, vec![queue("a", n, 10.0, 180.0)], &[(vec![0], 2)]);
    let path = |e: Error| e.path();
    let mut x = base.clone();
    x.agents[1].skills = vec![3];
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "agents[1].skills[0]"
    );
    let mut x = base.clone();
    x.agents[0].skills = vec![0, 0];
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "agents[0].skills[1]"
    );
    let mut x = base.clone();
    x.agents[0].skills = vec![];
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "agents[0].skills"
    );
    let mut x = base.clone();
    x.agents[0].priorities = Some(vec![1, 2]);
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "agents[0].priorities"
    );
    let mut x = base.clone();
    x.agents[1].on_duty = vec![DutySpan { start: 30, end: 30 }];
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "agents[1].on_duty[0].end"
    );
    let mut x = base.clone();
    x.agents[1].on_duty = vec![DutySpan {
        start: 0,
        end: 60 + 2881,
    }];
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "agents[1].on_duty[0].end"
    );
    let mut x = base.clone();
    x.queues[0].volume = vec![1.0];
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "queues[0].volume"
    );
    let mut x = base.clone();
    x.queues[0].aht_seconds[1] = f64::NAN;
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "queues[0].aht_seconds[1]"
    );
    let mut x = base.clone();
    x.queues[0].volume[0] = -1.0;
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "queues[0].volume[0]"
    );
    let mut x = base.clone();
    x.queues[0].patience_seconds = Some(0.0);
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "queues[0].patience_seconds"
    );
    let mut x = base.clone();
    x.queues[0].concurrency = Some(Concurrency {
        max: 17,
        aht_factors: None,
    });
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "queues[0].concurrency.max"
    );
    let mut x = base.clone();
    x.queues[0].concurrency = Some(Concurrency {
        max: 2,
        aht_factors: Some(vec![1.0]),
    });
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "queues[0].concurrency.aht_factors"
    );
    let mut x = base.clone();
    x.warmup_intervals = 2;
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "warmup_intervals"
    );
    let mut x = base.clone();
    x.start = "yesterday".into();
    assert_eq!(path(simulate_multiskill(&x, 2, 1).unwrap_err()), "start");
    let mut x = base.clone();
    x.queues.clear();
    assert_eq!(path(simulate_multiskill(&x, 2, 1).unwrap_err()), "queues");
    let mut x = base.clone();
    x.intervals = 0;
    assert_eq!(
        path(simulate_multiskill(&x, 2, 1).unwrap_err()),
        "intervals"
    );
    assert_eq!(
        path(simulate_multiskill(&base, 0, 1).unwrap_err()),
        "replications"
    );
    let mut x = base.clone();
    x.queues[0].volume = vec![1e9; n];
    assert_eq!(
        simulate_multiskill(&x, 2, 1).unwrap_err().kind(),
        "too_large"
    );
    let e = MultiSkillInput::from_json(r#"{"interval_minutes": 30, "intervals": 1, "start": "2024-01-01T00:00", "queues": [], "agents": [{"skills": [0], "on_duty": [{"start": 0, "end": "x"}]}]}"#).unwrap_err();
    assert_eq!(e.path(), "agents[0].on_duty[0].end");
}

#[test]
fn nobody_on_duty_is_bad_news_not_an_error() {
    let n = 3;
    let mut input =
        MultiSkillInput::stationary(30, n, vec![queue("a", n, 10.0, 180.0)], &[(vec![0], 0)]);
    input.queues[0].patience_seconds = Some(60.0);
    let r = simulate_multiskill(&input, 3, 1).unwrap();
    let q = &r.queues[0].overall;
    assert_eq!(q.service_level.unwrap().mean, 0.0);
    assert_eq!(q.abandon_rate.unwrap().mean, 1.0);
    assert!(r.groups.is_empty());
    assert!(r.overall.occupancy.is_none());
}
