//! Criterion benchmarks of the discrete-event simulator.
//!
//! Workload from issue 8: a 24/7 week of 30-minute intervals with 200 agents and about 500k
//! offered contacts, 10 replications (target: under 5 s natively).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use paiban::simulate::multiskill::{
    simulate_multiskill, AgentInput, DutySpan, MultiSkillInput, QueueInput,
};
use paiban::simulate::{simulate, HandleTime, SimInput, SimInterval};
use paiban::staffing::skills::{modelled_horizon, staff_interval_modelled, SkillGroup, SkillQueue};
use paiban::staffing::{Demand, ServiceModel, Target};

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
    // Staffing the same week per interval by skill group (LP + correction with the modelled
    // evaluator), and the modelled per-queue service of that staffing.
    let groups: Vec<SkillGroup> = [
        (vec![0], 1.0),
        (vec![1], 1.0),
        (vec![0, 1], 1.05),
        (vec![1, 2], 1.05),
        (vec![0, 1, 2], 1.1),
    ]
    .into_iter()
    .map(|(skills, cost)| SkillGroup {
        skills,
        cost,
        max_agents: None,
    })
    .collect();
    let intervals: Vec<Vec<SkillQueue>> = (0..week.intervals)
        .map(|i| {
            week.queues
                .iter()
                .map(|q| SkillQueue {
                    demand: Demand {
                        volume: q.volume[i],
                        interval_seconds: 1800.0,
                    },
                    service: ServiceModel::Voice {
                        aht_seconds: q.aht_seconds[i],
                        patience_seconds: q.patience_seconds,
                    },
                    target: Target {
                        service_level: 0.8,
                        answer_seconds: q.answer_seconds,
                        max_asa_seconds: None,
                        max_abandon_rate: None,
                    },
                    max_occupancy: None,
                })
                .collect()
        })
        .collect();
    g.bench_function(
        "staff week x 30 min by 5 skill groups (LP + correction, modelled evaluator)",
        |b| {
            b.iter(|| {
                intervals
                    .iter()
                    .map(|qs| {
                        staff_interval_modelled(black_box(qs), &groups, 200).map(|s| s.evaluations)
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
        },
    );
    let staffing: Vec<Vec<f64>> = intervals
        .iter()
        .map(|qs| {
            staff_interval_modelled(qs, &groups, 200)
                .map(|s| s.agents.iter().map(|&a| f64::from(a)).collect())
        })
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    g.bench_function("modelled service of a week x 30 min, 5 skill groups", |b| {
        b.iter(|| modelled_horizon(black_box(&intervals), &groups, &staffing))
    });
    g.finish();
}

criterion_group!(benches, bench, bench_multiskill);
criterion_main!(benches);
