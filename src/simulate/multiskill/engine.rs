//! One replication of the multi-skill centre: a next-event simulation with per-agent on-duty
//! spans and skills-based routing (stated in the [module docs](super)).
//!
//! Event streams merged by time: one next arrival per queue (each queue draws its arrivals,
//! patience and handle times from its own PCG stream, so a change of staffing never changes the
//! contacts: common random numbers across staffings), the agents' span boundaries (sorted once
//! per input), and service completions (a binary min-heap). Ties: completions, then span
//! boundaries, then arrivals.
//!
//! Data structures, all reused across replications:
//! - per queue, a FIFO of waiting contacts; abandonment is lazy: a contact whose patience ran
//!   out is counted when it reaches the head of its queue and an agent looks at it, which is
//!   exact because an abandoned contact never holds an agent;
//! - per queue, a min-heap of the agents who could take one of its contacts now, keyed by
//!   (priority of the queue for the agent, capacity in use, time of the agent's last change,
//!   agent index). Entries are invalidated lazily by a per-agent version number and the heap is
//!   compacted when stale entries outnumber the agents who have the skill twice over.
//!
//! Invariant kept at every event: an agent with room for a contact of queue `q` and skill `q`
//! is on duty only while queue `q` is empty (every time an agent's room grows it first takes
//! waiting work). So an arrival joins the queue's tail when the queue is non-empty, and
//! otherwise takes the best agent of the heap.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use super::input::{Handle, Model};
use crate::simulate::engine::{add_span, Waiting};
use crate::simulate::rng::{exp, Sampler};
use crate::simulate::stats::Counters;

/// A service completion; ordered so that `BinaryHeap` pops the earliest first.
#[derive(Debug, Clone, Copy)]
struct Completion {
    time: f64,
    agent: u32,
    queue: u32,
}

impl PartialEq for Completion {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Completion {}
impl PartialOrd for Completion {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Completion {
    fn cmp(&self, o: &Self) -> Ordering {
        o.time
            .total_cmp(&self.time)
            .then_with(|| o.agent.cmp(&self.agent))
            .then_with(|| o.queue.cmp(&self.queue))
    }
}

/// An agent who could take a contact of the heap's queue; the best pops first.
#[derive(Debug, Clone, Copy)]
struct Avail {
    priority: u32,
    used: u32,
    since: f64,
    agent: u32,
    version: u32,
}

impl Avail {
    fn key(&self, o: &Self) -> Ordering {
        self.priority
            .cmp(&o.priority)
            .then(self.used.cmp(&o.used))
            .then(self.since.total_cmp(&o.since))
            .then(self.agent.cmp(&o.agent))
    }
}
impl PartialEq for Avail {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Avail {}
impl PartialOrd for Avail {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Avail {
    fn cmp(&self, o: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap.
        o.key(self).then_with(|| o.version.cmp(&self.version))
    }
}

const OFF: u8 = 0;
const ACTIVE: u8 = 1;
const LEAVING: u8 = 2;

/// Per-agent state.
#[derive(Debug, Clone, Copy, Default)]
struct AgentState {
    state: u8,
    /// Capacity units in use.
    used: u32,
    /// Contacts in service.
    count: u32,
    version: u32,
    /// Time of the last change of state or load (ties of "longest idle").
    since: f64,
    /// When a leaving agent's span ended (its overtime starts).
    leave_time: f64,
}

/// Buffers reused across replications; the counters of the last replication stay here.
#[derive(Default)]
pub(super) struct Workspace {
    /// Per queue, per interval.
    pub counters: Vec<Counters>,
    /// Busy agent-seconds per group per interval (`[g * n + i]`).
    pub group_busy: Vec<f64>,
    /// Overtime agent-seconds per group per interval.
    pub group_overtime: Vec<f64>,
    /// Busy agent-seconds per group and queue after the warm-up (`[g * nq + q]`).
    pub group_queue_busy: Vec<f64>,
    queues: Vec<VecDeque<Waiting>>,
    avail: Vec<BinaryHeap<Avail>>,
    heap: BinaryHeap<Completion>,
    agents: Vec<AgentState>,
    samplers: Vec<Sampler>,
    next: Vec<Option<(f64, usize)>>,
}

struct Sim<'a> {
    m: &'a Model,
    ws: &'a mut Workspace,
    /// Start of the reported (post warm-up) part of the horizon, seconds.
    report_from: f64,
    report_to: f64,
}

fn unit_handle(s: &mut Sampler, h: Handle) -> f64 {
    match h {
        Handle::Exponential => s.exp1(),
        Handle::Lognormal { sigma, shift } => exp(sigma * s.normal() + shift),
    }
}

/// Next arrival after `t` (in interval `j`) by inverting the piecewise-constant cumulative rate.
fn next_arrival(
    s: &mut Sampler,
    rate: &[f64],
    len: f64,
    mut t: f64,
    mut j: usize,
) -> Option<(f64, usize)> {
    let mut e = s.exp1();
    while let Some(&r) = rate.get(j) {
        let end = (j + 1) as f64 * len;
        if r > 0.0 {
            let dt = e / r;
            if t + dt < end {
                return Some((t + dt, j));
            }
            e = (e - r * (end - t)).max(0.0);
        }
        t = end;
        j += 1;
    }
    None
}

/// The seed of queue `q`'s stream: queue 0 uses the run's seed itself, so a one-queue centre
/// draws exactly the single-queue simulator's stream.
fn queue_seed(seed: u64, q: usize) -> u64 {
    seed.wrapping_add((q as u64).wrapping_mul(0xd1b5_4a32_d192_ed03))
}

impl Sim<'_> {
    fn start_service(&mut self, q: usize, c: Waiting, a: u32, now: f64) {
        let m = self.m;
        let qm = &m.queues[q];
        let wait = now - c.arrival;
        let i = c.interval as usize;
        if let Some(cs) = self.ws.counters.get_mut(q) {
            if let Some(x) = cs.answered.get_mut(i) {
                *x += 1;
            }
            if wait <= qm.answer_seconds {
                if let Some(x) = cs.within.get_mut(i) {
                    *x += 1;
                }
            }
            if wait > 0.0 {
                if let Some(x) = cs.waited.get_mut(i) {
                    *x += 1;
                }
            }
            if let Some(x) = cs.wait_sum.get_mut(i) {
                *x += wait;
            }
            if let Some(x) = cs.wait_sum_answered.get_mut(i) {
                *x += wait;
            }
        }
        let Some(st) = self.ws.agents.get_mut(a as usize) else {
            return;
        };
        st.used += qm.unit;
        st.count += 1;
        st.version = st.version.wrapping_add(1);
        st.since = now;
        let level = (st.count.min(qm.k) as usize).max(1);
        let factor = qm.factors.get(level - 1).copied().unwrap_or(1.0);
        let h = c.handle * factor;
        let weight = f64::from(qm.unit) / f64::from(m.capacity);
        let len = m.interval_seconds;
        if let Some(cs) = self.ws.counters.get_mut(q) {
            add_span(&mut cs.busy, len, now, h, weight);
        }
        let g = m.agents[a as usize].group as usize;
        let n = m.n;
        if let Some(v) = self.ws.group_busy.get_mut(g * n..(g + 1) * n) {
            add_span(v, len, now, h, weight);
        }
        let overlap = (now + h).min(self.report_to) - now.max(self.report_from);
        if overlap > 0.0 {
            if let Some(x) = self.ws.group_queue_busy.get_mut(g * m.queues.len() + q) {
                *x += overlap * weight;
            }
        }
        self.ws.heap.push(Completion {
            time: now + h,
            agent: a,
            queue: q as u32,
        });
    }

    fn abandon(&mut self, q: usize, c: Waiting, at: f64) {
        let i = c.interval as usize;
        if let Some(cs) = self.ws.counters.get_mut(q) {
            if let Some(x) = cs.abandoned.get_mut(i) {
                *x += 1;
            }
            if let Some(x) = cs.waited.get_mut(i) {
                *x += 1;
            }
            if let Some(x) = cs.wait_sum.get_mut(i) {
                *x += at.min(c.deadline) - c.arrival;
            }
        }
    }

    /// Drop the contacts at the head of queue `q` whose patience ran out before `now`.
    fn purge(&mut self, q: usize, now: f64) {
        while let Some(&c) = self.ws.queues.get(q).and_then(|w| w.front()) {
            if c.deadline < now {
                if let Some(w) = self.ws.queues.get_mut(q) {
                    w.pop_front();
                }
                self.abandon(q, c, now);
            } else {
                break;
            }
        }
    }

    /// Agent `a` (on duty, with room) takes waiting contacts: among its skills with room, the
    /// best priority, then the longest-waiting head, then the lower queue index; repeated while
    /// it has room. Then it offers its remaining room to arrivals.
    fn dispatch(&mut self, a: u32, now: f64) {
        let m = self.m;
        let Some(agent) = m.agents.get(a as usize) else {
            return;
        };
        loop {
            let used = self.ws.agents[a as usize].used;
            let mut best: Option<(u32, f64, usize)> = None;
            for &(q, prio) in &agent.skills {
                let q = q as usize;
                if used + m.queues[q].unit > m.capacity {
                    continue;
                }
                self.purge(q, now);
                if let Some(c) = self.ws.queues[q].front() {
                    let better = match best {
                        None => true,
                        Some((bp, ba, _)) => prio < bp || (prio == bp && c.arrival < ba),
                    };
                    if better {
                        best = Some((prio, c.arrival, q));
                    }
                }
            }
            let Some((_, _, q)) = best else { break };
            let Some(c) = self.ws.queues[q].pop_front() else {
                break;
            };
            self.start_service(q, c, a, now);
        }
        self.offer(a);
    }

    /// Put on-duty agent `a` into the heaps of the queues it has room for.
    fn offer(&mut self, a: u32) {
        let m = self.m;
        let st = self.ws.agents[a as usize];
        if st.state != ACTIVE {
            return;
        }
        for &(q, prio) in &m.agents[a as usize].skills {
            let q = q as usize;
            if st.used + m.queues[q].unit > m.capacity {
                continue;
            }
            let heap = &mut self.ws.avail[q];
            heap.push(Avail {
                priority: prio,
                used: st.used,
                since: st.since,
                agent: a,
                version: st.version,
            });
            let limit = 2 * m.skill_agents[q] as usize + 32;
            if heap.len() > limit {
                let agents = &self.ws.agents;
                heap.retain(|e| agents[e.agent as usize].version == e.version);
            }
        }
    }

    /// The best agent who can take a contact of queue `q` now.
    fn find_agent(&mut self, q: usize) -> Option<u32> {
        let heap = &mut self.ws.avail[q];
        while let Some(e) = heap.peek() {
            if self.ws.agents[e.agent as usize].version == e.version {
                return Some(e.agent);
            }
            heap.pop();
        }
        None
    }

    fn overtime(&mut self, a: u32, from: f64, to: f64) {
        let m = self.m;
        let g = m.agents[a as usize].group as usize;
        let n = m.n;
        if let Some(v) = self.ws.group_overtime.get_mut(g * n..(g + 1) * n) {
            add_span(v, m.interval_seconds, from, to - from, 1.0);
        }
    }

    fn span_start(&mut self, a: u32, now: f64) {
        let st = self.ws.agents[a as usize];
        match st.state {
            OFF => {
                let s = &mut self.ws.agents[a as usize];
                s.state = ACTIVE;
                s.used = 0;
                s.count = 0;
                s.version = s.version.wrapping_add(1);
                s.since = now;
            }
            LEAVING => {
                self.overtime(a, st.leave_time, now);
                let s = &mut self.ws.agents[a as usize];
                s.state = ACTIVE;
                s.version = s.version.wrapping_add(1);
            }
            _ => return,
        }
        self.dispatch(a, now);
    }

    fn span_end(&mut self, a: u32, now: f64) {
        let s = &mut self.ws.agents[a as usize];
        if s.state != ACTIVE {
            return;
        }
        s.version = s.version.wrapping_add(1);
        if s.count == 0 {
            s.state = OFF;
        } else {
            s.state = LEAVING;
            s.leave_time = now;
        }
    }

    fn complete(&mut self, c: Completion, now: f64) {
        let q = c.queue as usize;
        let unit = self.m.queues[q].unit;
        let s = &mut self.ws.agents[c.agent as usize];
        s.used = s.used.saturating_sub(unit);
        s.count = s.count.saturating_sub(1);
        s.version = s.version.wrapping_add(1);
        s.since = now;
        let (state, count, from) = (s.state, s.count, s.leave_time);
        match state {
            ACTIVE => self.dispatch(c.agent, now),
            LEAVING if count == 0 => {
                self.ws.agents[c.agent as usize].state = OFF;
                self.overtime(c.agent, from, now);
            }
            _ => {}
        }
    }

    fn arrive(&mut self, q: usize, t: f64, j: usize) {
        let m = self.m;
        let qm = &m.queues[q];
        if let Some(x) = self.ws.counters[q].offered.get_mut(j) {
            *x += 1;
        }
        let s = &mut self.ws.samplers[q];
        let deadline = match qm.patience {
            Some(p) => t + p * s.exp1(),
            None => f64::INFINITY,
        };
        let handle = qm.aht.get(j).copied().unwrap_or(0.0) * unit_handle(s, qm.handle);
        let c = Waiting {
            arrival: t,
            deadline,
            handle,
            interval: j as u32,
        };
        self.ws.next[q] = next_arrival(s, &qm.rate, m.interval_seconds, t, j);
        if self.ws.queues[q].is_empty() {
            if let Some(a) = self.find_agent(q) {
                self.start_service(q, c, a, t);
                self.offer(a);
                return;
            }
        }
        self.ws.queues[q].push_back(c);
    }

    fn run(&mut self, seed: u64, replication: u64) {
        let m = self.m;
        let n = m.n;
        let nq = m.queues.len();
        let ng = m.groups.len();
        let ws = &mut *self.ws;
        ws.counters.resize_with(nq, Counters::default);
        ws.counters.truncate(nq);
        for c in &mut ws.counters {
            c.reset(n);
        }
        for v in [&mut ws.group_busy, &mut ws.group_overtime] {
            v.clear();
            v.resize(ng * n, 0.0);
        }
        ws.group_queue_busy.clear();
        ws.group_queue_busy.resize(ng * nq, 0.0);
        ws.queues.resize_with(nq, VecDeque::new);
        ws.queues.truncate(nq);
        for w in &mut ws.queues {
            w.clear();
        }
        ws.avail.resize_with(nq, BinaryHeap::new);
        ws.avail.truncate(nq);
        for h in &mut ws.avail {
            h.clear();
        }
        ws.heap.clear();
        ws.agents.clear();
        ws.agents.resize(m.agents.len(), AgentState::default());
        ws.samplers.clear();
        ws.samplers
            .extend((0..nq).map(|q| Sampler::new(queue_seed(seed, q), replication)));
        ws.next.clear();
        for (q, qm) in m.queues.iter().enumerate() {
            let s = &mut ws.samplers[q];
            ws.next
                .push(next_arrival(s, &qm.rate, m.interval_seconds, 0.0, 0));
        }
        let horizon = n as f64 * m.interval_seconds;
        let last_start = m.events.iter().rposition(|e| e.start);
        let mut span = 0usize;
        let mut now = 0.0f64;
        loop {
            let tc = self.ws.heap.peek().map_or(f64::INFINITY, |c| c.time);
            let ts = m.events.get(span).map_or(f64::INFINITY, |e| e.time);
            let (mut ta, mut qa) = (f64::INFINITY, usize::MAX);
            for (q, nx) in self.ws.next.iter().enumerate() {
                if let Some((t, _)) = nx {
                    if *t < ta {
                        ta = *t;
                        qa = q;
                    }
                }
            }
            if tc.is_infinite() && ta.is_infinite() {
                // Only span boundaries remain: they matter while someone is waiting.
                let waiting = self.ws.queues.iter().any(|w| !w.is_empty());
                let starts_left = last_start.is_some_and(|l| span <= l);
                if !waiting || !starts_left {
                    break;
                }
            }
            if tc <= ts && tc <= ta {
                let Some(c) = self.ws.heap.pop() else { break };
                now = c.time;
                self.complete(c, now);
            } else if ts <= ta {
                let Some(&e) = m.events.get(span) else { break };
                span += 1;
                now = e.time;
                if e.start {
                    self.span_start(e.agent, now);
                } else {
                    self.span_end(e.agent, now);
                }
            } else if let Some(Some((t, j))) = self.ws.next.get(qa).copied() {
                now = t;
                self.arrive(qa, t, j);
            } else {
                break;
            }
        }
        // Nobody left who can answer: contacts still waiting abandon at the close (or earlier).
        let close = horizon.max(now);
        for q in 0..nq {
            while let Some(c) = self.ws.queues[q].pop_front() {
                self.abandon(q, c, close);
            }
        }
    }
}

/// Run replication `replication` of `model` with `seed`; the counters are left in `ws`.
pub(super) fn replicate(model: &Model, ws: &mut Workspace, seed: u64, replication: u64) {
    let report_from = model.warmup as f64 * model.interval_seconds;
    let report_to = model.n as f64 * model.interval_seconds;
    Sim {
        m: model,
        ws,
        report_from,
        report_to,
    }
    .run(seed, replication);
}
