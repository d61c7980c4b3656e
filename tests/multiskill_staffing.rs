//! Multi-skill staffing against independent checks:
//! - single-skill input gives exactly today's per-interval requirements (`horizon::requirements`);
//! - the modelled per-queue service agrees with the multi-skill simulation on random centres
//!   (held-out seeds 101-140; the model's two constants were set on seeds 1-40) and over a
//!   week with shifts and breaks;
//! - the correction loop with the simulation as evaluator (Cezik & L'Ecuyer) ends with every
//!   queue at target in a fresh simulation, cheaper than separate single-skill teams.

use paiban::simulate::multiskill::{
    simulate_multiskill, AgentInput, DutySpan, MultiSkillInput, MultiSkillReport, QueueInput,
};
use paiban::simulate::{Concurrency, HandleTime};
use paiban::staffing::horizon::{requirements, QueueForecast};
use paiban::staffing::queue::{Channel, Queue};
use paiban::staffing::skills::{
    modelled_horizon, modelled_service, staff_horizon, staff_interval, staff_interval_modelled,
    QueueService, SkillGroup, SkillQueue,
};
use paiban::staffing::{Demand, ServiceModel, Target};
use paiban::time::Grid;

/// A small deterministic generator for the random centres (independent of the crate's PCG).
struct Lcg(u64);
impl Lcg {
    fn new(seed: u64) -> Lcg {
        let mut r = Lcg(seed.wrapping_mul(7919).wrapping_add(17));
        for _ in 0..3 {
            r.next();
        }
        r
    }
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 11) as f64) / 9_007_199_254_740_992.0
    }
}

fn target(sl: f64, t: f64) -> Target {
    Target {
        service_level: sl,
        answer_seconds: t,
        max_asa_seconds: None,
        max_abandon_rate: None,
    }
}

fn voice(volume: f64, aht: f64, patience: Option<f64>, t: Target) -> SkillQueue {
    SkillQueue {
        demand: Demand {
            volume,
            interval_seconds: 1800.0,
        },
        service: ServiceModel::Voice {
            aht_seconds: aht,
            patience_seconds: patience,
        },
        target: t,
        max_occupancy: None,
    }
}

/// A random centre: 2-4 voice queues of 1-25 Erlangs (log-uniform), handle times 3-7 min, half
/// with patience 2-10 min, targets 80/20, 90/15 or 70/30; a dedicated team per queue with
/// probability 0.8 and 1-3 cross-trained groups of random skills (cost +5% per extra skill).
fn random_centre(seed: u64) -> (Vec<SkillQueue>, Vec<SkillGroup>) {
    let mut r = Lcg::new(seed);
    let nq = 2 + (r.next() * 3.0) as usize;
    let mut qs = Vec::new();
    for _ in 0..nq {
        let a = (r.next() * 25.0f64.ln()).exp();
        let aht = [180.0, 240.0, 300.0, 420.0][(r.next() * 4.0) as usize];
        let patience = if r.next() < 0.5 {
            None
        } else {
            Some(120.0 + r.next() * 480.0)
        };
        let (sl, t) = [(0.8, 20.0), (0.9, 15.0), (0.7, 30.0)][(r.next() * 3.0) as usize];
        qs.push(voice(a * 1800.0 / aht, aht, patience, target(sl, t)));
    }
    let group = |skills: Vec<usize>| SkillGroup {
        cost: 1.0 + 0.05 * (skills.len() as f64 - 1.0),
        skills,
        max_agents: None,
    };
    let mut gs: Vec<SkillGroup> = Vec::new();
    for q in 0..nq {
        if r.next() < 0.8 {
            gs.push(group(vec![q]));
        }
    }
    for _ in 0..1 + (r.next() * 3.0) as usize {
        let mut s: Vec<usize> = (0..nq).filter(|_| r.next() < 0.5).collect();
        while s.len() < 2 {
            let q = (r.next() * nq as f64) as usize;
            if !s.contains(&q) {
                s.push(q);
            }
        }
        s.sort_unstable();
        if !gs.iter().any(|g| g.skills == s) {
            gs.push(group(s));
        }
    }
    for q in 0..nq {
        if !gs.iter().any(|g| g.skills.contains(&q)) {
            gs.push(group(vec![q]));
        }
    }
    (qs, gs)
}

fn queue_inputs(qs: &[SkillQueue], n: usize) -> Vec<QueueInput> {
    qs.iter()
        .enumerate()
        .map(|(i, q)| {
            let (aht_seconds, patience_seconds, concurrency) = match &q.service {
                ServiceModel::Voice {
                    aht_seconds,
                    patience_seconds,
                } => (*aht_seconds, *patience_seconds, None),
                ServiceModel::Chat {
                    aht_seconds_by_concurrency: levels,
                    patience_seconds,
                } => (
                    levels[0],
                    *patience_seconds,
                    Some(Concurrency {
                        max: levels.len() as u32,
                        aht_factors: Some(levels.iter().map(|l| l / levels[0]).collect()),
                    }),
                ),
            };
            QueueInput {
                id: format!("q{i}"),
                answer_seconds: q.target.answer_seconds,
                handle_time: HandleTime::Exponential,
                patience_seconds,
                concurrency,
                volume: vec![q.demand.volume; n],
                aht_seconds: vec![aht_seconds; n],
            }
        })
        .collect()
}

/// [`random_centre`] with its first queue turned into chat (concurrency 2-4, a handle time of
/// 5-12 min at concurrency 1 growing 12% per further chat held, 80% within 60 s, patience
/// 10 min, 40-200 chats per half-hour) and, with probability one half, its second too: the
/// shops that answer chats and calls with the same agents.
fn chat_centre(seed: u64) -> (Vec<SkillQueue>, Vec<SkillGroup>) {
    let (mut qs, gs) = random_centre(seed);
    let mut r = Lcg::new(seed ^ 0xc4a7);
    let chats = if qs.len() > 2 && r.next() < 0.5 { 2 } else { 1 };
    for q in qs.iter_mut().take(chats) {
        let k = 2 + (r.next() * 3.0) as usize;
        let aht = 300.0 + r.next() * 420.0;
        q.demand.volume = 40.0 + r.next() * 160.0;
        q.service = ServiceModel::Chat {
            aht_seconds_by_concurrency: (0..k).map(|m| aht * (1.0 + 0.12 * m as f64)).collect(),
            patience_seconds: Some(600.0),
        };
        q.target = target(0.8, 60.0);
    }
    (qs, gs)
}

/// Stationary simulation of one interval's staffing: a warm-up half-hour, then `days` days.
fn simulate_staffing(
    qs: &[SkillQueue],
    gs: &[SkillGroup],
    x: &[u32],
    days: usize,
    reps: u32,
    seed: u64,
) -> MultiSkillReport {
    let n = 1 + 48 * days;
    let groups: Vec<(Vec<usize>, u32)> = gs
        .iter()
        .zip(x)
        .map(|(g, &n)| (g.skills.clone(), n))
        .collect();
    let mut input = MultiSkillInput::stationary(30, n, queue_inputs(qs, n), &groups);
    input.warmup_intervals = 1;
    simulate_multiskill(&input, reps, seed).unwrap()
}

fn sim_service(r: &MultiSkillReport) -> Vec<QueueService> {
    r.queues
        .iter()
        .map(|q| QueueService {
            service_level: q.overall.service_level.map_or(1.0, |e| e.mean),
            asa_seconds: q.overall.asa_seconds.map(|e| e.mean),
            abandon_rate: q.overall.abandon_rate.map(|e| e.mean),
            occupancy: None,
            unstable: false,
        })
        .collect()
}

#[test]
fn single_skill_input_gives_todays_requirements() {
    // A day of a hotline and a chat queue, each staffed by its own team: the per-interval
    // agents are exactly those of the single-queue requirement per interval.
    let grid = Grid::new(
        paiban::time::parse_timestamp("2024-06-17T00:00").unwrap(),
        30,
        48,
    )
    .unwrap();
    let volume: Vec<f64> = (0..48)
        .map(|i| {
            if (16..44).contains(&i) {
                40.0 + 7.0 * (i as f64 - 16.0)
            } else {
                0.0
            }
        })
        .collect();
    let hotline = Queue {
        id: "hotline".into(),
        name: "hotline".into(),
        channel: Channel::Voice,
        aht_seconds: 210.0,
        target: Some(target(0.8, 20.0)),
        patience_seconds: Some(240.0),
        concurrency: None,
        aht_seconds_by_concurrency: None,
        max_occupancy: Some(0.88),
        response_window_minutes: None,
        response_window_clock: None,
    };
    let mut chat = hotline.clone();
    chat.id = "chat".into();
    chat.channel = Channel::Chat;
    chat.concurrency = Some(3);
    chat.aht_seconds_by_concurrency = Some(vec![300.0, 360.0, 450.0]);
    chat.target = Some(target(0.8, 60.0));
    let queues = vec![hotline, chat];
    let forecast: Vec<QueueForecast> = queues
        .iter()
        .map(|q| QueueForecast {
            queue: q.id.clone(),
            volume: volume.clone(),
            aht_seconds: None,
        })
        .collect();
    let today = requirements(&grid, &queues, &forecast, None, None).unwrap();
    let intervals: Vec<Vec<SkillQueue>> = (0..48)
        .map(|i| {
            queues
                .iter()
                .map(|q| SkillQueue {
                    demand: Demand {
                        volume: volume[i],
                        interval_seconds: 1800.0,
                    },
                    service: q.service_model(q.aht_seconds).unwrap(),
                    target: q.target.clone().unwrap(),
                    max_occupancy: q.max_occupancy,
                })
                .collect()
        })
        .collect();
    let groups = [
        SkillGroup {
            skills: vec![0],
            cost: 1.0,
            max_agents: None,
        },
        SkillGroup {
            skills: vec![1],
            cost: 1.0,
            max_agents: None,
        },
    ];
    let staffed = staff_horizon(&intervals, &groups, 100, |i, x| {
        Ok(modelled_service(&intervals[i], &groups, x)?.queues)
    })
    .unwrap();
    for (i, s) in staffed.iter().enumerate() {
        assert_eq!(
            s.agents[0], today.queues[0].agents[i],
            "hotline, interval {i}"
        );
        assert_eq!(s.agents[1], today.queues[1].agents[i], "chat, interval {i}");
        assert_eq!(
            s.single_skill,
            vec![today.queues[0].agents[i], today.queues[1].agents[i]]
        );
    }
}

struct Accuracy {
    errors: Vec<f64>,
}

impl Accuracy {
    fn mae(&self) -> f64 {
        self.errors.iter().map(|e| e.abs()).sum::<f64>() / self.errors.len() as f64
    }
    fn bias(&self) -> f64 {
        self.errors.iter().sum::<f64>() / self.errors.len() as f64
    }
    fn within(&self, d: f64) -> f64 {
        self.errors.iter().filter(|e| e.abs() <= d).count() as f64 / self.errors.len() as f64
    }
    fn max(&self) -> f64 {
        self.errors.iter().map(|e| e.abs()).fold(0.0, f64::max)
    }
}

#[test]
fn modelled_service_agrees_with_simulation_on_unseen_random_centres() {
    // Seeds 101-140 (the model was calibrated on 1-40). For each centre: the modelled staffing,
    // and the same with one agent fewer in the largest cross-trained group and in the largest
    // dedicated one (service levels away from the targets).
    let mut acc = Accuracy { errors: Vec::new() };
    let mut lines = Vec::new();
    for seed in 101..=140u64 {
        let (qs, gs) = random_centre(seed);
        let s = staff_interval_modelled(&qs, &gs, 200).unwrap();
        let mut staffings = vec![s.agents.clone()];
        for flexible in [true, false] {
            let mut y = s.agents.clone();
            let pick = (0..gs.len())
                .filter(|&g| y[g] > 0 && (gs[g].skills.len() > 1) == flexible)
                .max_by_key(|&g| (gs[g].skills.len(), y[g]));
            if let Some(g) = pick {
                y[g] -= 1;
                staffings.push(y);
            }
        }
        for x in staffings {
            let m = modelled_service(&qs, &gs, &x).unwrap();
            let r = simulate_staffing(&qs, &gs, &x, 1, 10, seed);
            let mut line = format!("seed {seed} x {x:?}:");
            for (q, rq) in r.queues.iter().enumerate() {
                let sim = rq.overall.service_level.unwrap().mean;
                let model = m.queues[q].service_level;
                line += &format!(" {model:.3}/{sim:.3}");
                acc.errors.push(model - sim);
            }
            lines.push(line);
        }
    }
    for l in &lines {
        eprintln!("{l}");
    }
    eprintln!(
        "modelled - simulated service level over {} queue-staffings: mean |error| {:.4}, bias \
         {:+.4}, within 3 points {:.1}%, within 5 points {:.1}%, max {:.4}",
        acc.errors.len(),
        acc.mae(),
        acc.bias(),
        100.0 * acc.within(0.03),
        100.0 * acc.within(0.05),
        acc.max()
    );
    assert!(acc.errors.len() > 250);
    assert!(acc.mae() < 0.025, "mean error {}", acc.mae());
    assert!(acc.bias().abs() < 0.015, "bias {}", acc.bias());
    // Measured: 75.7% within 3 points, 89.2% within 5 (benches/README.md).
    assert!(acc.within(0.03) > 0.72, "{}", acc.within(0.03));
    assert!(acc.within(0.05) > 0.86, "{}", acc.within(0.05));
}

#[test]
fn modelled_service_with_chat_beside_voice_agrees_with_simulation() {
    // Centres of `chat_centre` (seeds 201-230; the model's chat constants were chosen on whole
    // plans of `benches/skills_heldout.py --chat`, not on these), each at its modelled
    // staffing: a chat takes 1/k of an agent, a call a whole one, and chats go to the agent
    // with the least in hand. Before the model counted a chat queue's work at its capacity
    // share and the calls it keeps from blended agents, it claimed chat pools up to 35 points
    // below the simulation and voice lines beside them up to 10 points above.
    let mut acc = Accuracy { errors: Vec::new() };
    let (mut voice_err, mut chat_err) = (Vec::new(), Vec::new());
    for seed in 201..=230u64 {
        let (qs, gs) = chat_centre(seed);
        let s = staff_interval_modelled(&qs, &gs, 200).unwrap();
        let m = modelled_service(&qs, &gs, &s.agents).unwrap();
        let r = simulate_staffing(&qs, &gs, &s.agents, 1, 10, seed);
        let mut line = format!("seed {seed} x {:?}:", s.agents);
        for (q, rq) in r.queues.iter().enumerate() {
            let sim = rq.overall.service_level.unwrap().mean;
            let model = m.queues[q].service_level;
            let chat = matches!(qs[q].service, ServiceModel::Chat { .. });
            line += &format!(" {}{model:.3}/{sim:.3}", if chat { "chat " } else { "" });
            acc.errors.push(model - sim);
            if chat {
                chat_err.push(model - sim);
            } else {
                voice_err.push(model - sim);
            }
        }
        eprintln!("{line}");
    }
    let voice = Accuracy { errors: voice_err };
    let chat = Accuracy { errors: chat_err };
    eprintln!(
        "chat centres, modelled - simulated: all {} queues mean |error| {:.4} bias {:+.4}; chat \
         {} queues mean |error| {:.4} bias {:+.4} within 3 points {:.1}%; voice {} queues mean \
         |error| {:.4} bias {:+.4} within 3 points {:.1}% max {:.4}",
        acc.errors.len(),
        acc.mae(),
        acc.bias(),
        chat.errors.len(),
        chat.mae(),
        chat.bias(),
        100.0 * chat.within(0.03),
        voice.errors.len(),
        voice.mae(),
        voice.bias(),
        100.0 * voice.within(0.03),
        voice.max()
    );
    // Measured: chat 36 queues 2.3 points, 83% within 3; voice beside chat 54 queues 9.6
    // points (bias +8.0), 65% within 3, optimistic by up to 92 points where the chats keep
    // every blended agent busy (the known limit, benches/README.md).
    assert!(chat.mae() < 0.03, "chat mean error {}", chat.mae());
    assert!(
        chat.within(0.03) > 0.75,
        "chat within 3 points {}",
        chat.within(0.03)
    );
    assert!(
        voice.within(0.03) > 0.6,
        "voice within 3 points {}",
        voice.within(0.03)
    );
    assert!(acc.mae() < 0.075, "mean error {}", acc.mae());
}

/// The simulation input, the groups, and per interval the queues and the staffing.
type StaffedWeek = (
    MultiSkillInput,
    Vec<SkillGroup>,
    Vec<Vec<SkillQueue>>,
    Vec<Vec<u32>>,
);

/// A week of a 3-queue centre open 08:00-22:00 (pre-sales 12 Erlangs, after-sales 10, VIP 2 at
/// the daily mean, ±50% over the day, patience 5 minutes), staffed interval by interval by
/// [`staff_interval_modelled`] over five skill groups; agent `k` of a group is on duty in the
/// intervals where the group has more than `k` agents (so agents join and leave at interval
/// boundaries, finishing their calls). `less` agents are taken off the largest group in every
/// open interval (a week below target).
fn staffed_week(less: u32) -> StaffedWeek {
    let n = 7 * 48;
    let open = |i: usize| (16..44).contains(&(i % 48));
    let wave = |i: usize| {
        let x = ((i % 48) as f64 - 16.0) / 28.0 * std::f64::consts::PI;
        0.7 + 0.5 * x.sin() + 0.05 * ((i / 48) as f64 - 3.0).abs()
    };
    let specs = [
        (12.0, 240.0, target(0.8, 20.0)),
        (10.0, 300.0, target(0.8, 20.0)),
        (2.0, 360.0, target(0.9, 15.0)),
    ];
    let g = |skills: Vec<usize>, cost: f64| SkillGroup {
        skills,
        cost,
        max_agents: None,
    };
    let groups = vec![
        g(vec![0], 1.0),
        g(vec![1], 1.0),
        g(vec![0, 1], 1.05),
        g(vec![1, 2], 1.05),
        g(vec![0, 1, 2], 1.1),
    ];
    let mut per_interval = Vec::with_capacity(n);
    let mut staffing = Vec::with_capacity(n);
    for i in 0..n {
        let qs: Vec<SkillQueue> = specs
            .iter()
            .map(|(e, aht, t)| {
                let v = if open(i) {
                    e * wave(i) * 1800.0 / aht
                } else {
                    0.0
                };
                voice(v, *aht, Some(300.0), t.clone())
            })
            .collect();
        let mut x = staff_interval_modelled(&qs, &groups, 200).unwrap().agents;
        if let Some(big) = (0..x.len()).max_by_key(|&k| (x[k], std::cmp::Reverse(k))) {
            x[big] = x[big].saturating_sub(less);
        }
        per_interval.push(qs);
        staffing.push(x);
    }
    let mut agents = Vec::new();
    for (gi, grp) in groups.iter().enumerate() {
        let most = staffing.iter().map(|x| x[gi]).max().unwrap_or(0);
        for k in 0..most {
            let mut on_duty: Vec<DutySpan> = Vec::new();
            for (i, x) in staffing.iter().enumerate() {
                if x[gi] > k {
                    let (s, e) = (i as u32 * 30, i as u32 * 30 + 30);
                    match on_duty.last_mut() {
                        Some(last) if last.end == s => last.end = e,
                        _ => on_duty.push(DutySpan { start: s, end: e }),
                    }
                }
            }
            agents.push(AgentInput {
                skills: grp.skills.clone(),
                priorities: None,
                on_duty,
            });
        }
    }
    let queues = specs
        .iter()
        .enumerate()
        .map(|(q, (_, aht, t))| QueueInput {
            id: ["presales", "aftersales", "vip"][q].into(),
            answer_seconds: t.answer_seconds,
            handle_time: HandleTime::Exponential,
            patience_seconds: Some(300.0),
            concurrency: None,
            volume: per_interval.iter().map(|qs| qs[q].demand.volume).collect(),
            aht_seconds: vec![*aht; n],
        })
        .collect();
    let input = MultiSkillInput {
        interval_minutes: 30,
        intervals: n,
        start: "2024-01-01T00:00".into(),
        queues,
        agents,
        warmup_intervals: 0,
        replications: None,
        seed: None,
    };
    (input, groups, per_interval, staffing)
}

#[test]
fn modelled_weekly_service_agrees_with_the_simulated_week() {
    // The week's modelled figure is the offered-weighted mean of the per-interval estimates (the
    // simulation's is a ratio of sums over the week).
    for less in [0u32, 1, 2] {
        let (input, groups, per_interval, staffing) = staffed_week(less);
        let report = simulate_multiskill(&input, 10, 2024).unwrap();
        let mean: Vec<Vec<f64>> = staffing
            .iter()
            .map(|x| x.iter().map(|&a| f64::from(a)).collect())
            .collect();
        let modelled = modelled_horizon(&per_interval, &groups, &mean).unwrap();
        let targets = per_interval[20].iter().map(|q| q.target.service_level);
        for ((rq, model), goal) in report
            .queues
            .iter()
            .zip(&modelled.service_level)
            .zip(targets)
        {
            let model = model.unwrap();
            let sim = rq.overall.service_level.unwrap();
            eprintln!(
                "{less} agent(s) fewer, {}: modelled {model:.4}, simulated {:.4} ± {:.4}",
                rq.id,
                sim.mean,
                sim.half_width.unwrap()
            );
            assert!((model - sim.mean).abs() < 0.03, "{less} {}", rq.id);
            if less == 0 {
                assert!(
                    sim.mean >= goal - 0.01,
                    "{}: {} below {goal}",
                    rq.id,
                    sim.mean
                );
            }
        }
    }
}

#[test]
fn correction_with_the_simulation_as_evaluator_meets_every_target() {
    // Three queues (pre-sales, after-sales, a small VIP line with a strict target), dedicated
    // teams and two cross-trained groups at +5% and +10%. Evaluator: the multi-skill
    // simulation of the interval (common random numbers: one seed for every evaluation).
    let qs = vec![
        voice(180.0, 240.0, Some(300.0), target(0.8, 20.0)),
        voice(120.0, 300.0, Some(300.0), target(0.8, 20.0)),
        voice(12.0, 360.0, Some(180.0), target(0.9, 15.0)),
    ];
    let g = |skills: Vec<usize>, cost: f64| SkillGroup {
        skills,
        cost,
        max_agents: None,
    };
    let gs = vec![
        g(vec![0], 1.0),
        g(vec![1], 1.0),
        g(vec![2], 1.0),
        g(vec![0, 1], 1.05),
        g(vec![1, 2], 1.05),
        g(vec![0, 1, 2], 1.1),
    ];
    let s = staff_interval(&qs, &gs, 60, |x| {
        Ok(sim_service(&simulate_staffing(&qs, &gs, x, 1, 8, 99)))
    })
    .unwrap();
    eprintln!("{s:#?}");
    assert!(s.targets_met.iter().all(|&m| m), "{:?}", s.targets_met);
    // Cheaper than separate single-skill teams (each queue its own Erlang A requirement).
    let separate: u32 = s.single_skill.iter().sum();
    assert!(s.cost < f64::from(separate), "{} vs {separate}", s.cost);
    // A fresh simulation (other seed, longer) confirms every queue within 1.5 points.
    let check = simulate_staffing(&qs, &gs, &s.agents, 3, 10, 12345);
    for (q, rq) in check.queues.iter().enumerate() {
        let sl = rq.overall.service_level.unwrap().mean;
        assert!(sl > qs[q].target.service_level - 0.015, "queue {q}: {sl}");
    }
    assert!(s.evaluations <= 60);
}
