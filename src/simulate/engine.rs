//! One replication: a next-event simulation of a multi-server FCFS queue with time-varying
//! staffing, abandonment and chat concurrency.
//!
//! Three event streams are merged by time: the next arrival (generated lazily by inverting the
//! piecewise-constant cumulative rate, one exponential per arrival), the next interval boundary,
//! and service completions (a binary min-heap with one entry per contact in service, so at most
//! agents x concurrency entries). Waiting contacts sit in a FIFO ring buffer; abandonment is
//! resolved lazily: a contact whose patience ran out before an agent reached it is counted as
//! abandoned when it reaches the head of the queue, which gives exactly the FCFS outcome because
//! an abandoned contact never holds an agent. All buffers live in a `Workspace` reused across
//! replications, so the hot loop allocates nothing per contact.
//!
//! Staffing at a boundary: when it rises, agents still finishing contacts after an earlier drop
//! return first, then fresh agents start idle. When it falls, idle agents leave at once, then
//! the least-loaded busy agents stop taking contacts and leave when their current contacts end
//! (their extra time counts as overtime on duty for occupancy). After the last interval the
//! last interval's agents stay until everyone waiting is answered or abandons; if nobody is on
//! duty then, contacts still waiting at the close are counted as abandoned at the close.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use super::input::{HandleKind, Model};
use super::rng::{exp, Sampler};
use super::stats::Counters;

/// A contact waiting in a queue (shared with the multi-skill engine).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Waiting {
    pub(crate) arrival: f64,
    pub(crate) deadline: f64,
    pub(crate) handle: f64,
    pub(crate) interval: u32,
}

/// A service completion; ordered so that `BinaryHeap` pops the earliest first.
#[derive(Debug, Clone, Copy)]
struct Completion {
    time: f64,
    agent: u32,
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
    }
}

const OFF: u8 = 0;
const ACTIVE: u8 = 1;
const LEAVING: u8 = 2;

/// Agents by state and load. Active agents sit in `buckets[load]`; a contact goes to an agent
/// in the lowest non-empty bucket below `k` (least-loaded routing; for `k = 1` any idle agent).
#[derive(Debug, Default)]
struct Agents {
    k: usize,
    load: Vec<u32>,
    state: Vec<u8>,
    pos: Vec<u32>,
    leave_time: Vec<f64>,
    buckets: Vec<Vec<u32>>,
    leaving: Vec<u32>,
    off: Vec<u32>,
    active: u32,
}

impl Agents {
    fn reset(&mut self, max: u32, k: u32) {
        let n = max as usize;
        self.k = k as usize;
        self.load.clear();
        self.load.resize(n, 0);
        self.state.clear();
        self.state.resize(n, OFF);
        self.pos.clear();
        self.pos.resize(n, 0);
        self.leave_time.clear();
        self.leave_time.resize(n, 0.0);
        self.buckets.resize_with(self.k + 1, Vec::new);
        self.buckets.truncate(self.k + 1);
        for b in &mut self.buckets {
            b.clear();
            b.reserve(n);
        }
        self.leaving.clear();
        self.leaving.reserve(n);
        self.off.clear();
        self.off.extend((0..max).rev());
        self.active = 0;
    }

    fn bucket_insert(&mut self, a: u32) {
        let l = self.load[a as usize] as usize;
        if let Some(b) = self.buckets.get_mut(l) {
            self.pos[a as usize] = b.len() as u32;
            b.push(a);
        }
    }

    fn bucket_remove(&mut self, a: u32) {
        let l = self.load[a as usize] as usize;
        let p = self.pos[a as usize] as usize;
        if let Some(b) = self.buckets.get_mut(l) {
            b.swap_remove(p);
            if let Some(&moved) = b.get(p) {
                self.pos[moved as usize] = p as u32;
            }
        }
    }

    /// An active agent with a free slot, least loaded first.
    fn available(&self) -> Option<u32> {
        self.buckets
            .iter()
            .take(self.k)
            .find_map(|b| b.last().copied())
    }

    /// Give agent `a` one more contact; returns its new load.
    fn take(&mut self, a: u32) -> u32 {
        self.bucket_remove(a);
        self.load[a as usize] += 1;
        self.bucket_insert(a);
        self.load[a as usize]
    }

    /// A contact of agent `a` ended at `now`; returns the start of the agent's overtime if it
    /// was leaving and has now gone off duty.
    fn release(&mut self, a: u32) -> Option<f64> {
        let i = a as usize;
        match self.state[i] {
            ACTIVE => {
                self.bucket_remove(a);
                self.load[i] -= 1;
                self.bucket_insert(a);
                None
            }
            LEAVING => {
                self.load[i] -= 1;
                if self.load[i] > 0 {
                    return None;
                }
                let p = self.pos[i] as usize;
                self.leaving.swap_remove(p);
                if let Some(&moved) = self.leaving.get(p) {
                    self.pos[moved as usize] = p as u32;
                }
                self.state[i] = OFF;
                self.off.push(a);
                Some(self.leave_time[i])
            }
            _ => None,
        }
    }

    /// Change the number of active agents to `n` at time `now`; `overtime(start)` is called for
    /// each leaving agent that returns (its overtime ran from `start` to `now`).
    fn set_staffing(&mut self, n: u32, now: f64, mut overtime: impl FnMut(f64)) {
        while self.active < n {
            if let Some(a) = self.leaving.pop() {
                overtime(self.leave_time[a as usize]);
                self.state[a as usize] = ACTIVE;
                self.bucket_insert(a);
            } else if let Some(a) = self.off.pop() {
                self.state[a as usize] = ACTIVE;
                self.load[a as usize] = 0;
                self.bucket_insert(a);
            } else {
                break;
            }
            self.active += 1;
        }
        while self.active > n {
            let Some(a) = self.buckets.iter_mut().find_map(|b| b.pop()) else {
                break;
            };
            let i = a as usize;
            self.active -= 1;
            if self.load[i] == 0 {
                self.state[i] = OFF;
                self.off.push(a);
            } else {
                self.state[i] = LEAVING;
                self.leave_time[i] = now;
                self.pos[i] = self.leaving.len() as u32;
                self.leaving.push(a);
            }
        }
    }
}

/// Buffers reused across replications.
#[derive(Debug, Default)]
pub(crate) struct Workspace {
    pub counters: Counters,
    rate: Vec<f64>,
    factors: Vec<f64>,
    queue: VecDeque<Waiting>,
    heap: BinaryHeap<Completion>,
    agents: Agents,
    /// Overtime starts of agents returning at a boundary (scratch).
    returned: Vec<f64>,
}

/// Add `dur` seconds starting at `start` to the per-interval totals `v` (clipped to the grid).
pub(crate) fn add_span(v: &mut [f64], len: f64, start: f64, dur: f64, weight: f64) {
    let end = start + dur;
    let mut t = start;
    let mut i = (t / len).floor().max(0.0) as usize;
    while t < end {
        let Some(slot) = v.get_mut(i) else { break };
        let b = (i + 1) as f64 * len;
        let e = end.min(b);
        *slot += (e - t) * weight;
        t = b;
        i += 1;
    }
}

struct Sim<'a> {
    m: &'a Model,
    ws: &'a mut Workspace,
    s: &'a mut Sampler,
}

impl Sim<'_> {
    fn unit_handle(&mut self) -> f64 {
        match self.m.handle {
            HandleKind::Exponential => self.s.exp1(),
            HandleKind::Lognormal { sigma, shift } => exp(sigma * self.s.normal() + shift),
        }
    }

    /// Next arrival after `t` (in interval `j`) by inverting the cumulative rate.
    fn next_arrival(&mut self, mut t: f64, mut j: usize) -> Option<(f64, usize)> {
        let mut e = self.s.exp1();
        let len = self.m.interval_seconds;
        while let Some(&r) = self.ws.rate.get(j) {
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

    fn start_service(&mut self, c: Waiting, agent: u32, now: f64) {
        let wait = now - c.arrival;
        let i = c.interval as usize;
        let cs = &mut self.ws.counters;
        if let Some(x) = cs.answered.get_mut(i) {
            *x += 1;
        }
        if wait <= self.m.answer_seconds {
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
        let level = self.ws.agents.take(agent) as usize;
        let factor = self.m.factors.get(level - 1).copied().unwrap_or(1.0);
        let h = c.handle * factor;
        add_span(
            &mut self.ws.counters.busy,
            self.m.interval_seconds,
            now,
            h,
            1.0,
        );
        self.ws.heap.push(Completion {
            time: now + h,
            agent,
        });
    }

    fn abandon(&mut self, c: Waiting, at: f64) {
        let i = c.interval as usize;
        let cs = &mut self.ws.counters;
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

    /// Hand waiting contacts to free agents.
    fn dispatch(&mut self, now: f64) {
        while let Some(agent) = self.ws.agents.available() {
            let Some(c) = self.ws.queue.pop_front() else {
                break;
            };
            if c.deadline < now {
                self.abandon(c, now);
            } else {
                self.start_service(c, agent, now);
            }
        }
    }

    fn overtime(&mut self, from: f64, to: f64) {
        let k = self.ws.agents.k as f64;
        add_span(
            &mut self.ws.counters.capacity,
            self.m.interval_seconds,
            from,
            to - from,
            k,
        );
    }

    fn set_staffing(&mut self, n: u32, now: f64) {
        let mut starts = std::mem::take(&mut self.ws.returned);
        starts.clear();
        self.ws
            .agents
            .set_staffing(n, now, |from| starts.push(from));
        for &from in &starts {
            self.overtime(from, now);
        }
        self.ws.returned = starts;
    }

    fn run(&mut self) {
        let m = self.m;
        let n = m.rate.len();
        let len = m.interval_seconds;
        self.ws.counters.reset(n);
        self.ws.queue.clear();
        self.ws.heap.clear();
        self.ws.agents.reset(m.max_agents, m.concurrency);
        // Arrival rates of this replication (with its overdispersion factors).
        self.ws.rate.clear();
        self.ws.rate.extend_from_slice(&m.rate);
        if let Some((shape, idx)) = &m.overdispersion {
            self.ws.factors.clear();
            for _ in 0..m.factor_count {
                let g = self.s.gamma(*shape) / shape;
                self.ws.factors.push(g);
            }
            for (r, &f) in self.ws.rate.iter_mut().zip(idx) {
                *r *= self.ws.factors.get(f).copied().unwrap_or(1.0);
            }
        }
        let k = f64::from(m.concurrency);
        for (c, &a) in self.ws.counters.capacity.iter_mut().zip(&m.agents) {
            *c = f64::from(a) * k * len;
        }
        self.set_staffing(m.agents.first().copied().unwrap_or(0), 0.0);
        let mut next_arrival = self.next_arrival(0.0, 0);
        let mut boundary = 1usize;
        let mut now = 0.0;
        loop {
            let tc = self.ws.heap.peek().map_or(f64::INFINITY, |c| c.time);
            let tb = if boundary < n {
                boundary as f64 * len
            } else {
                f64::INFINITY
            };
            let ta = next_arrival.map_or(f64::INFINITY, |(t, _)| t);
            if tc <= tb && tc <= ta {
                let Some(c) = self.ws.heap.pop() else { break };
                now = c.time;
                if let Some(from) = self.ws.agents.release(c.agent) {
                    self.overtime(from, now);
                }
                self.dispatch(now);
            } else if tb <= ta {
                now = tb;
                let staff = m.agents.get(boundary).copied().unwrap_or(0);
                self.set_staffing(staff, now);
                self.dispatch(now);
                boundary += 1;
            } else if let Some((t, j)) = next_arrival {
                now = t;
                if let Some(x) = self.ws.counters.offered.get_mut(j) {
                    *x += 1;
                }
                let deadline = match m.patience {
                    Some(p) => t + p * self.s.exp1(),
                    None => f64::INFINITY,
                };
                let handle = m.aht.get(j).copied().unwrap_or(0.0) * self.unit_handle();
                let c = Waiting {
                    arrival: t,
                    deadline,
                    handle,
                    interval: j as u32,
                };
                match self.ws.agents.available() {
                    Some(agent) if self.ws.queue.is_empty() => self.start_service(c, agent, t),
                    _ => self.ws.queue.push_back(c),
                }
                next_arrival = self.next_arrival(t, j);
            } else {
                break;
            }
        }
        // Nobody left on duty: contacts still waiting abandon at the close (or earlier).
        let close = (n as f64 * len).max(now);
        while let Some(c) = self.ws.queue.pop_front() {
            self.abandon(c, close);
        }
    }
}

/// Run replication `replication` of `model` with `seed`; the counters are left in `ws.counters`.
pub(crate) fn replicate(model: &Model, ws: &mut Workspace, seed: u64, replication: u64) {
    let mut s = Sampler::new(seed, replication);
    Sim {
        m: model,
        ws,
        s: &mut s,
    }
    .run();
}
