//! Multi-shop bids (`quote::sharing`) on random bids: the saving of a shared team with
//! cross-trained agents against dedicated teams, and the product's multi-skill simulation of
//! the shared staffing in each bid's busiest interval and a quiet one (every line against its
//! target). `cargo bench --bench quote_sharing [-- SEED_FROM SEED_TO]` (default seeds 101-120,
//! the report set; nothing in `quote::sharing` was tuned on any seed set: its defaults are
//! stated assumptions). Prints a markdown table for benches/README.md.

use paiban::quote::{quote, week_volumes, Proposal};
use paiban::simulate::multiskill::{simulate_multiskill, MultiSkillInput, QueueInput};
use paiban::simulate::{Concurrency, HandleTime};
use paiban::staffing::Channel;
use std::time::Instant;

/// A small deterministic generator (SplitMix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }
}

/// A random bid: 2-4 shops, each with a voice line and (70%) a chat line, on the example's
/// hours, costs and intraday shape, with its own weekday pattern and volume.
fn random_bid(seed: u64) -> Proposal {
    let text = std::fs::read_to_string("examples/proposal_shops.json").unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut rng = Rng(seed);
    let chat = v["channels"][0].clone();
    let voice = v["channels"][1].clone();
    let shops = 2 + (rng.next() * 3.0) as usize;
    let mut channels = Vec::new();
    for s in 0..shops {
        let name = format!("shop{s}");
        let wp: Vec<f64> = (0..7).map(|_| rng.range(0.6, 1.4)).collect();
        let mut c = voice.clone();
        c["shop"] = name.clone().into();
        c["queue"]["id"] = format!("{name}_phone").into();
        c["queue"]["name"] = format!("{name} phone").into();
        c["queue"]["aht_seconds"] = rng.range(200.0, 420.0).round().into();
        c["monthly_volume"] = rng.range(2000.0, 20000.0).round().into();
        c["weekday_pattern"] = wp.clone().into();
        channels.push(c);
        if rng.next() < 0.7 {
            let mut c = chat.clone();
            c["shop"] = name.clone().into();
            c["queue"]["id"] = format!("{name}_chat").into();
            c["queue"]["name"] = format!("{name} chat").into();
            c["monthly_volume"] = rng.range(5000.0, 40000.0).round().into();
            c["weekday_pattern"] = wp.into();
            channels.push(c);
        }
    }
    v["channels"] = channels.into();
    v["sharing"] = serde_json::json!({});
    serde_json::from_value(v).unwrap()
}

/// Worst shortfall below target (service level, points) and above the abandonment cap over the
/// lines, simulated with the shared staffing of interval `t` held for 10 intervals.
fn simulate(p: &Proposal, r: &paiban::quote::QuoteReport, t: usize) -> (f64, f64, usize) {
    let s = r.sharing.as_ref().unwrap();
    let volumes = week_volumes(p).unwrap();
    let lines: Vec<usize> = (0..p.channels.len())
        .filter(|&i| p.channels[i].queue.channel != Channel::Email)
        .collect();
    let queues = lines
        .iter()
        .map(|&i| {
            let q = &p.channels[i].queue;
            QueueInput {
                id: q.id.clone(),
                answer_seconds: q.target.as_ref().unwrap().answer_seconds,
                handle_time: HandleTime::Exponential,
                patience_seconds: q.patience_seconds,
                concurrency: q.concurrency.map(|k| Concurrency {
                    max: k,
                    aht_factors: q
                        .aht_seconds_by_concurrency
                        .as_ref()
                        .map(|l| l.iter().map(|a| a / q.aht_seconds).collect()),
                }),
                volume: vec![volumes[i][t]; 10],
                aht_seconds: vec![q.aht_seconds; 10],
            }
        })
        .collect();
    let groups: Vec<(Vec<usize>, u32)> = s
        .groups
        .iter()
        .map(|g| {
            let skills = g
                .queues
                .iter()
                .map(|id| {
                    lines
                        .iter()
                        .position(|&i| &p.channels[i].queue.id == id)
                        .unwrap()
                })
                .collect();
            (skills, g.agents_per_interval[t])
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let mut input = MultiSkillInput::stationary(30, 10, queues, &groups);
    input.warmup_intervals = 2;
    let rep = simulate_multiskill(&input, 40, 7).unwrap();
    let (mut sl_gap, mut ab_gap, mut misses) = (f64::NEG_INFINITY, f64::NEG_INFINITY, 0);
    for (k, q) in rep.queues.iter().enumerate() {
        let target = p.channels[lines[k]].queue.target.as_ref().unwrap();
        let sl = q.overall.service_level.as_ref().unwrap();
        let gap = target.service_level - sl.mean;
        sl_gap = sl_gap.max(gap);
        let hw = sl.half_width.unwrap_or(0.0);
        let mut miss = gap > hw;
        if let (Some(cap), Some(ab)) = (target.max_abandon_rate, q.overall.abandon_rate.as_ref()) {
            ab_gap = ab_gap.max(ab.mean - cap);
            miss |= ab.mean - cap > ab.half_width.unwrap_or(0.0);
        }
        misses += usize::from(miss);
    }
    (sl_gap, ab_gap, misses)
}

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (from, to) = match args.as_slice() {
        [a, b, ..] => (*a, *b),
        _ => (101, 120),
    };
    println!("| seed | shops | lines | dedicated FTE | shared FTE | saving (price) | cross-trained FTE | fallbacks | sim: worst SL gap (pts) | sim: worst abandon over cap (pts) | lines missing (CI) | quote ms |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    let (mut sum_saving, mut n, mut lines_checked, mut missed) = (0.0, 0, 0, 0);
    for seed in from..=to {
        let p = random_bid(seed);
        let t0 = Instant::now();
        let r = quote(&p).unwrap();
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        let s = r.sharing.as_ref().unwrap();
        let busiest = (0..s.shared_agents.len())
            .max_by_key(|&t| (s.shared_agents[t], std::cmp::Reverse(t)))
            .unwrap();
        // A quiet open interval: Monday 10:00.
        let mut worst = (f64::NEG_INFINITY, f64::NEG_INFINITY, 0);
        for t in [busiest, 20] {
            let (a, b, m) = simulate(&p, &r, t);
            worst = (worst.0.max(a), worst.1.max(b), worst.2 + m);
        }
        let nl = p
            .channels
            .iter()
            .filter(|c| c.queue.channel != Channel::Email)
            .count();
        lines_checked += 2 * nl;
        missed += worst.2;
        sum_saving += s.saving_share;
        n += 1;
        println!(
            "| {seed} | {} | {nl} | {:.1} | {:.1} | {:.1}% | {:.1} | {} | {:+.1} | {:+.1} | {} | {ms:.0} |",
            s.shops.len(),
            s.dedicated.fte,
            s.shared.fte,
            s.saving_share * 100.0,
            s.shared.cross_trained_fte,
            s.dedicated_fallbacks,
            worst.0 * 100.0,
            worst.1 * 100.0,
            worst.2,
        );
    }
    println!(
        "\nmean saving {:.1}% over {n} bids; {missed} of {lines_checked} simulated line-intervals below target beyond the 95% CI",
        sum_saving / f64::from(n) * 100.0
    );
}
