//! Discrete-event simulation of a multi-skill centre: several queues (skills), agents who each
//! answer some of them, skills-based routing, and each agent's own on-duty spans (shift minus
//! breaks). It reports per queue and per interval the service level, ASA and abandonment, and
//! per agent group (distinct skill set) the occupancy and how its work splits over the queues,
//! with 95% confidence intervals across replications.
//!
//! Why it exists: with shared agents no closed formula gives per-queue service (staffing each
//! queue by Erlang and adding the results overstaffs the shared part and promises nothing to
//! the queue whose skill is scarce). Simulation is the established check and the evaluator of
//! simulation-based staffing (Cezik & L'Ecuyer 2008, "Staffing multiskill call centers via
//! linear programming and simulation", Management Science 54(2):310–323). It is also the
//! independent check of the multi-skill staffing model in `staffing::skills`.
//!
//! # Routing (what an ACD with skills-based routing does)
//! - **An arriving contact** of queue `q` goes, if no contact of `q` is waiting, to the available
//!   agent with skill `q` who has the best priority for `q` (lowest `priorities` number; all equal
//!   when no priorities are given), then the least capacity in use (chat), then the longest idle
//!   (earliest last change of state), then the lowest agent index. With no such agent it waits at
//!   the tail of `q`'s FIFO queue.
//! - **An agent who becomes free** (a contact ends, or an on-duty span starts) takes, among the
//!   queues of its skills it has room for, the head of the queue with the best priority for it,
//!   then the longest-waiting head, then the lowest queue index; it repeats while it has room.
//! - **An agent whose span ends** (a break, the end of a shift) takes no new contact and finishes
//!   the ones in hand; that extra time counts as overtime on duty for occupancy. If the agent's
//!   next span starts before it is done, it simply carries on.
//! - **Abandonment**: each waiting contact has an exponential patience (when the queue has one);
//!   a contact whose patience ran out before an agent reached it abandons (resolved lazily when it
//!   reaches the head of its queue, which is exact since an abandoned contact holds nobody).
//!
//! **Chat concurrency and mixed agents.** A queue with concurrency `k` uses `1/k` of an agent per
//! contact: an agent's capacity is split in units (the lcm of the queues' `k`), a contact of `q`
//! takes `capacity / k_q` units, and an agent can take a contact when the units are free. So an
//! agent with only chat skills holds up to `k` chats (least-loaded routing, as in the
//! single-queue engine), a voice call needs a fully free agent, and a blended agent holding one
//! of three chats can take two more chats but no call. The handle-time factor of a contact is the
//! one of its agent's number of contacts in service (capped at the queue's `k`). Blending rules
//! of real platforms (a call blocks chats, chats are capped while on a call) differ; this one is
//! simple, conservative and exact for agents with one kind of work.
//!
//! # Figures
//! Contacts are attributed to the interval they arrived in and to their own queue. **Service
//! level** is on the offered basis, as in the single-queue simulator and the Erlang A reference:
//! answered within the queue's `answer_seconds` / offered; every abandoned contact, including
//! one that abandoned before the threshold, is in the denominator and never in the numerator
//! (`service_level_answered` gives answered within T / answered). ASA is the mean wait over all
//! offered contacts (an abandoned contact contributes the time it waited); `abandon_rate` =
//! abandoned / offered. Occupancy is busy agent time / on-duty agent time of a group (chat:
//! a contact counts `1/k` of an agent), overtime included. A queue's `busy_agents` is the mean
//! number of agents working on it. Overall figures are ratios of sums over the intervals after
//! the warm-up, within each replication; the confidence intervals are Student-t across
//! replications ([`crate::simulate::stats`]).
//!
//! # Determinism
//! Each queue draws its arrivals (Poisson, piecewise-constant rate per interval), patience and
//! handle times from its own PCG stream derived from the seed and the replication, with portable
//! arithmetic only ([`crate::simulate::rng`]): the same input and seed give the same report
//! natively and in wasm, and a change of staffing or routing leaves the contacts unchanged
//! (common random numbers, which makes comparisons of staffings sharp). Queue 0 uses the
//! single-queue simulator's stream, so one queue with agents on duty throughout reproduces
//! [`crate::simulate::simulate`] contact for contact (`tests/multiskill_sim.rs`).
//!
//! ```
//! use paiban::simulate::multiskill::{simulate_multiskill, MultiSkillInput, QueueInput};
//! use paiban::simulate::HandleTime;
//!
//! let queue = |id: &str, volume: f64| QueueInput {
//!     id: id.into(), answer_seconds: 20.0, handle_time: HandleTime::Exponential,
//!     patience_seconds: None, concurrency: None,
//!     volume: vec![volume; 8], aht_seconds: vec![180.0; 8],
//! };
//! // Two queues of 10 Erlangs each, 12 dedicated agents each and 4 who answer both.
//! let mut input = MultiSkillInput::stationary(
//!     30, 8, vec![queue("presales", 100.0), queue("aftersales", 100.0)],
//!     &[(vec![0], 12), (vec![1], 12), (vec![0, 1], 4)],
//! );
//! input.warmup_intervals = 1;
//! let report = simulate_multiskill(&input, 4, 1)?;
//! let sl = report.queues[0].overall.service_level.map(|e| e.mean);
//! assert!(sl.is_some_and(|sl| sl > 0.8));
//! assert_eq!(report.groups.len(), 3);
//! # Ok::<(), paiban::Error>(())
//! ```

mod engine;
mod input;

pub use input::{
    AgentInput, DutySpan, MultiSkillInput, QueueInput, MAX_DUTY_SPANS, MAX_GROUP_INTERVALS,
    MAX_OVERRUN_MINUTES, MAX_QUEUE_INTERVALS,
};

use crate::error::{Error, Result};
use crate::simulate::stats::{Across, Estimate, SimStats, Totals, Welford};
use crate::simulate::{DEFAULT_REPLICATIONS, DEFAULT_SEED};
use crate::time::format_timestamp;
use serde::{Deserialize, Serialize};

/// What a multi-skill simulation achieved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MultiSkillReport {
    /// Replications run.
    pub replications: u32,
    /// Seed used.
    pub seed: u64,
    /// Leading intervals left out of the overall figures.
    pub warmup_intervals: usize,
    /// Local start of each interval, `YYYY-MM-DDTHH:MM`.
    pub timestamps: Vec<String>,
    /// All queues together after the warm-up (service level: each contact against its own
    /// queue's threshold; occupancy of all agents).
    pub overall: SimStats,
    /// Per queue, in input order.
    pub queues: Vec<QueueReport>,
    /// Per agent group (distinct skill set), in order of first appearance among the agents.
    pub groups: Vec<GroupReport>,
}

/// Simulated figures of one queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueReport {
    /// The queue's `id`.
    pub id: String,
    /// Its answer threshold, seconds.
    pub answer_seconds: f64,
    /// Over the intervals after the warm-up (`occupancy` is `null`: agents are shared; see the
    /// groups).
    pub overall: SimStats,
    /// Per interval (same `null` occupancy).
    pub intervals: Vec<SimStats>,
    /// Mean number of agents working on this queue in each interval (chat: `1/k` per contact).
    pub busy_agents: Vec<Option<Estimate>>,
}

/// Simulated figures of one agent group: the agents with one skill set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupReport {
    /// The skill set (queue indices, ascending).
    pub skills: Vec<usize>,
    /// Indices of its agents.
    pub agents: Vec<usize>,
    /// Scheduled agents on duty per interval (mean over the interval; overtime excluded).
    pub on_duty: Vec<f64>,
    /// Occupancy after the warm-up: busy time / (on-duty time + overtime).
    pub occupancy: Option<Estimate>,
    /// Occupancy per interval (`null` where nobody of the group is on duty).
    pub interval_occupancy: Vec<Option<Estimate>>,
    /// Per queue (input order), mean number of this group's agents working on it after the
    /// warm-up: how the group's time splits over its skills (0 for queues outside them).
    pub busy_agents: Vec<Option<Estimate>>,
}

/// Simulate `input` with `replications` independent replications from `seed`.
///
/// Deterministic: the same input, replications and seed give the same report on every
/// platform. Errors name the offending input field.
pub fn simulate_multiskill(
    input: &MultiSkillInput,
    replications: u32,
    seed: u64,
) -> Result<MultiSkillReport> {
    let model = input::Model::new(input)?;
    crate::simulate::check_size(replications, model.expected_contacts(), "queues[].volume")?;
    let n = model.n;
    let nq = model.queues.len();
    let ng = model.groups.len();
    let len = model.interval_seconds;
    let reported = (n - model.warmup) as f64 * len;
    let mut ws = engine::Workspace::default();
    let mut q_interval = vec![Across::default(); nq * n];
    let mut q_busy = vec![Welford::default(); nq * n];
    let mut q_overall = vec![Across::default(); nq];
    let mut overall = Across::default();
    let mut g_interval = vec![Welford::default(); ng * n];
    let mut g_overall = vec![Welford::default(); ng];
    let mut g_queue = vec![Welford::default(); ng * nq];
    for r in 0..replications {
        engine::replicate(&model, &mut ws, seed, u64::from(r));
        let mut all = Totals::default();
        for q in 0..nq {
            let mut total = Totals::default();
            for i in 0..n {
                let t = Totals::of(&ws.counters[q], i);
                q_interval[q * n + i].push(&t);
                q_busy[q * n + i].push(t.busy / len);
                if i >= model.warmup {
                    total.add(&t);
                }
            }
            q_overall[q].push(&total);
            all.add(&total);
        }
        let (mut busy, mut capacity) = (0.0, 0.0);
        for g in 0..ng {
            let (mut gb, mut gc) = (0.0, 0.0);
            for i in 0..n {
                let b = ws.group_busy[g * n + i];
                let c = model.on_duty[g * n + i] + ws.group_overtime[g * n + i];
                if c > 0.0 {
                    g_interval[g * n + i].push(b / c);
                }
                if i >= model.warmup {
                    gb += b;
                    gc += c;
                }
            }
            if gc > 0.0 {
                g_overall[g].push(gb / gc);
            }
            for q in 0..nq {
                g_queue[g * nq + q].push(ws.group_queue_busy[g * nq + q] / reported);
            }
            busy += gb;
            capacity += gc;
        }
        all.busy = busy;
        all.capacity = capacity;
        overall.push(&all);
    }
    let queues = (0..nq)
        .map(|q| QueueReport {
            id: model.ids[q].clone(),
            answer_seconds: model.queues[q].answer_seconds,
            overall: q_overall[q].stats(),
            intervals: q_interval[q * n..(q + 1) * n]
                .iter()
                .map(Across::stats)
                .collect(),
            busy_agents: q_busy[q * n..(q + 1) * n]
                .iter()
                .map(Welford::estimate)
                .collect(),
        })
        .collect();
    let groups = model
        .groups
        .iter()
        .enumerate()
        .map(|(g, (skills, agents))| GroupReport {
            skills: skills.clone(),
            agents: agents.clone(),
            on_duty: model.on_duty[g * n..(g + 1) * n]
                .iter()
                .map(|s| s / len)
                .collect(),
            occupancy: g_overall[g].estimate(),
            interval_occupancy: g_interval[g * n..(g + 1) * n]
                .iter()
                .map(Welford::estimate)
                .collect(),
            busy_agents: g_queue[g * nq..(g + 1) * nq]
                .iter()
                .map(Welford::estimate)
                .collect(),
        })
        .collect();
    Ok(MultiSkillReport {
        replications,
        seed,
        warmup_intervals: model.warmup,
        timestamps: (0..n)
            .map(|i| format_timestamp(model.grid.time(i)))
            .collect(),
        overall: overall.stats(),
        queues,
        groups,
    })
}

/// Simulate with the replications and seed given in the input (or the simulator's defaults,
/// [`DEFAULT_REPLICATIONS`] and [`DEFAULT_SEED`]).
pub fn simulate_multiskill_input(input: &MultiSkillInput) -> Result<MultiSkillReport> {
    simulate_multiskill(
        input,
        input.replications.unwrap_or(DEFAULT_REPLICATIONS),
        input.seed.unwrap_or(DEFAULT_SEED),
    )
}

/// JSON in, JSON out (for the wasm adapter and scripts): a [`MultiSkillInput`] document to a
/// [`MultiSkillReport`] document.
pub fn simulate_multiskill_json(text: &str) -> Result<String> {
    let input = MultiSkillInput::from_json(text)?;
    let report = simulate_multiskill_input(&input)?;
    serde_json::to_string(&report).map_err(|e| Error::invalid("report", "serialisable JSON", e))
}
