//! Criterion benchmarks of the discrete-event simulator.
//!
//! Workload from issue 8: a 24/7 week of 30-minute intervals with 200 agents and about 500k
//! offered contacts, 10 replications (target: under 5 s natively).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use paiban::simulate::multiskill::{
    simulate_multiskill, AgentInput, DutySpan, MultiSkillInput, QueueInput,
};
use paiban::simulate::{simulate, HandleTime, SimInput, SimInterval};

/// 336 half-hours; volume follows a daily wave of ±15% around 1488 per interval (500k a week),
/// AHT 200 s (about 165 Erlangs on average, 190 at the peak), 200 agents throughout.
fn week(handle_time: HandleTime, patience: Option<f64>) -> SimInput {
    let intervals = (0..336)
        .map(|i| {
            let phase = (i % 48) as f64 / 48.0 * std::f64::consts::TAU;
            SimInterval {
                volume: 1488.0 * (1.0 + 0.15 * phase.sin()),
                aht_seconds: 200.0,
                agents: 200,
            }
        })
        .collect();
    SimInput {
        interval_minutes: 30,
        start: "2024-01-01T00:00".into(),
        answer_seconds: 20.0,
        handle_time,
        patience_seconds: patience,
        concurrency: None,
        overdispersion: None,
        warmup_intervals: 0,
        replications: None,
        seed: None,
        intervals,
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("simulate");
    g.sample_size(10);
    let plain = week(HandleTime::Exponential, None);
    g.bench_function(
        "week 24/7 x 30 min, 200 agents, 500k contacts, 10 replications (exponential)",
        |b| b.iter(|| simulate(black_box(&plain), 10, 1)),
    );
    let rich = week(HandleTime::Lognormal { cv: 0.8 }, Some(180.0));
    g.bench_function(
        "week 24/7 x 30 min, 200 agents, 500k contacts, 10 replications (lognormal, patience)",
        |b| b.iter(|| simulate(black_box(&rich), 10, 1)),
    );
    g.finish();
}

/// The multi-skill workload of issue 16: a week of 30-minute intervals, open 08:00-22:00, three
/// voice queues (pre-sales 12 Erlangs, after-sales 10, VIP 2 at the daily mean, ±40% over the
/// day), 80 agents in five skill groups (30 pre-sales, 25 after-sales, 10 both, 8 VIP + after-
/// sales, 7 all three), each working 5 days of 8.5 h starting 08:00-13:30 with two 15-minute
/// breaks and a 30-minute lunch (so about 30 agents on duty at a time, each with own breaks);
/// lognormal handle times (CV 0.8) and 4-minute patience. About 40k contacts a replication.
pub fn multiskill_week() -> MultiSkillInput {
    let n = 7 * 48;
    let open = |i: usize| (16..44).contains(&(i % 48));
    let wave = |i: usize| {
        let x = ((i % 48) as f64 - 16.0) / 28.0 * std::f64::consts::PI;
        1.0 + 0.4 * (x.sin() - 2.0 / std::f64::consts::PI) / (1.0 - 2.0 / std::f64::consts::PI)
    };
    let queue = |id: &str, erlangs: f64, aht: f64| QueueInput {
        id: id.into(),
        answer_seconds: 20.0,
        handle_time: HandleTime::Lognormal { cv: 0.8 },
        patience_seconds: Some(240.0),
        concurrency: None,
        volume: (0..n)
            .map(|i| {
                if open(i) {
                    erlangs * wave(i) * 1800.0 / aht
                } else {
                    0.0
                }
            })
            .collect(),
        aht_seconds: vec![aht; n],
    };
    let groups: [(&[usize], usize); 5] = [
        (&[0], 30),
        (&[1], 25),
        (&[0, 1], 10),
        (&[2, 1], 8),
        (&[0, 1, 2], 7),
    ];
    let mut agents = Vec::new();
    for (skills, count) in groups {
        for _ in 0..count {
            let a = agents.len() as u32;
            let start = 8 * 60 + (a * 37 % 12) * 30;
            let mut on_duty = Vec::new();
            for day in 0..7u32 {
                if (day + a) % 7 >= 5 {
                    continue;
                }
                let s = day * 1440 + start;
                for (from, to) in [(0, 120), (135, 240), (270, 390), (405, 510)] {
                    on_duty.push(DutySpan {
                        start: s + from,
                        end: s + to,
                    });
                }
            }
            agents.push(AgentInput {
                skills: skills.to_vec(),
                priorities: None,
                on_duty,
            });
        }
    }
    MultiSkillInput {
        interval_minutes: 30,
        intervals: n,
        start: "2024-01-01T00:00".into(),
        queues: vec![
            queue("presales", 12.0, 240.0),
            queue("aftersales", 10.0, 300.0),
            queue("vip", 2.0, 360.0),
        ],
        agents,
        warmup_intervals: 0,
        replications: None,
        seed: None,
    }
}

fn bench_multiskill(c: &mut Criterion) {
    let mut g = c.benchmark_group("simulate multi-skill");
    g.sample_size(10);
    let week = multiskill_week();
    g.bench_function(
        "week x 30 min, 3 queues, 80 agents in 5 skill groups with breaks, 10 replications",
        |b| b.iter(|| simulate_multiskill(black_box(&week), 10, 1)),
    );
    let mut prio = week.clone();
    for a in &mut prio.agents {
        a.priorities = Some((1..=a.skills.len() as u32).collect());
    }
    g.bench_function(
        "same, primary skill first (priorities), 10 replications",
        |b| b.iter(|| simulate_multiskill(black_box(&prio), 10, 1)),
    );
    g.finish();
}

criterion_group!(benches, bench, bench_multiskill);
criterion_main!(benches);
