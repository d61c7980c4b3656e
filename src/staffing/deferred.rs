//! Deferred work (e-mail, tickets, back-office cases): items need not be answered at once but
//! within a **response window** (e.g. 2 h, 24 h), and only agents working in open hours handle
//! them, so backlog carries over from one interval to the next.
//!
//! **Problem.** Intervals `t = 0..T`; `v_t` items arrive in interval `t` with handle time
//! `h_t`; an agent delivers `c = interval_seconds x productive share` seconds of work per
//! interval. Items are handled in arrival order (FIFO, which is earliest-deadline-first here
//! because deadlines never decrease with arrival time). An item arriving in interval `t` may be
//! worked from interval `t` on and must be finished by the end of its deadline interval `d(t)`:
//! - `open_hours` clock: the window counts open time only; `d(t)` is the `W`-th open interval
//!   from `t` (inclusive), `W = floor(window / interval)` (at least 1). "Answer within 8 business
//!   hours."
//! - `calendar` clock: `d(t)` is the last open interval in `t..t+W-1`; an item whose window
//!   holds no open interval is due in the next open interval and counted in `late_items`.
//!
//! Deadlines past the horizon impose nothing inside it (those items show in the final backlog).
//!
//! **Algorithm: exact greedy ("as late as possible, work ahead with the slack").** In each open
//! interval staff `x_t = ceil(due_t / c)`, where `due_t` is the work still open whose deadline
//! is `t`, and let those agents process the backlog FIFO (so rounding slack works ahead).
//!
//! **Proof of optimality** (least total agent-intervals among integer schedules). Let `P_t(x)`
//! be the work done by the end of `t` under the FIFO rule, `P_t = min(R_t, P_{t-1} + c·x_t)` with
//! `R_t` the work arrived so far; feasibility is `P_t >= D_t` (work due by `t`) for all `t`.
//! Take an optimal `y` and the first `t` where it differs from the greedy `x`. Both have the
//! same `P_{t-1}`, and `x_t` is the least count meeting `D_t`, so `y_t > x_t`. Move one agent
//! from `t` to the next open interval `t'` (or drop it if there is none). Removing `c` of
//! capacity lowers `P_t` by at most `c`, and adding `c` at `t'` restores
//! `P'_{t'} >= min(R_{t'}, P_{t'-1} - c + c·(y_{t'} + 1)) >= P_{t'}(y)`; in between nothing new
//! falls due that `y_t - 1 >= x_t` agents do not already cover. From `t'` on, `P'` dominates `P`
//! because the FIFO map is monotone. So the moved schedule is feasible with the same or a
//! smaller total; repeating turns `y` into `x`, hence `Σx <= Σy`. The brute-force test checks
//! this on small instances. Agent-hours also never fall below the work itself (`lower_bound`).

use crate::error::{fraction, non_negative, positive};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// How the response window is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowClock {
    /// Only open intervals count ("within 8 business hours").
    OpenHours,
    /// Wall-clock time counts ("within 24 hours", nights included).
    Calendar,
}

/// Deferred work of one queue over a horizon of intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct DeferredWork<'a> {
    /// Items arriving per interval.
    pub volume: &'a [f64],
    /// Handle time per item per interval (seconds); one value = the same for all.
    pub aht_seconds: &'a [f64],
    /// Interval length in minutes.
    pub interval_minutes: f64,
    /// Response window in minutes.
    pub window_minutes: f64,
    /// How the window is counted.
    pub clock: WindowClock,
    /// Whether agents work in each interval (`None` = always open).
    pub open: Option<&'a [bool]>,
    /// Productive share of an agent's interval on this work, in `(0, 1]` (`None` = 1).
    pub max_occupancy: Option<f64>,
}

/// The least-agent-hours staffing for deferred work, and the backlog it leaves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeferredPlan {
    /// Agents per interval.
    pub agents: Vec<u32>,
    /// Items finished per interval.
    pub done: Vec<f64>,
    /// Items waiting at the end of each interval (the backlog curve).
    pub backlog: Vec<f64>,
    /// Work waiting at the end of each interval, in agent-hours.
    pub backlog_hours: Vec<f64>,
    /// Items whose window contains no open interval (calendar clock); they are due in the next
    /// open interval instead.
    pub late_items: f64,
    /// Total agent-hours staffed.
    pub agent_hours: f64,
    /// Work due inside the horizon, in agent-hours at full productivity share: no schedule
    /// can staff less.
    pub lower_bound_hours: f64,
}

/// One arrival cohort in the FIFO backlog.
struct Cohort {
    deadline: usize,
    items: f64,
    aht: f64,
}

impl DeferredWork<'_> {
    fn validate(&self) -> Result<()> {
        let n = self.volume.len();
        for (i, v) in self.volume.iter().enumerate() {
            non_negative(&format!("volume[{i}]"), *v)?;
        }
        if self.aht_seconds.len() != 1 && self.aht_seconds.len() != n {
            return Err(Error::Inconsistent {
                path: "aht_seconds".into(),
                other: "volume".into(),
                message: format!(
                    "{} handle times for {n} intervals (give 1 or {n})",
                    self.aht_seconds.len()
                ),
            });
        }
        for (i, v) in self.aht_seconds.iter().enumerate() {
            positive(&format!("aht_seconds[{i}]"), *v)?;
        }
        positive("interval_minutes", self.interval_minutes)?;
        positive("response_window_minutes", self.window_minutes)?;
        if let Some(o) = self.open {
            if o.len() != n {
                return Err(Error::Inconsistent {
                    path: "open".into(),
                    other: "volume".into(),
                    message: format!("{} open flags for {n} intervals", o.len()),
                });
            }
        }
        if let Some(m) = self.max_occupancy {
            positive("max_occupancy", m)?;
            fraction("max_occupancy", m, 0.0, 1.0)?;
        }
        Ok(())
    }

    fn is_open(&self, t: usize) -> bool {
        self.open.is_none_or_open(t)
    }
}

trait OpenMask {
    fn is_none_or_open(&self, t: usize) -> bool;
}

impl OpenMask for Option<&[bool]> {
    fn is_none_or_open(&self, t: usize) -> bool {
        match self {
            None => true,
            Some(o) => o.get(t).copied().unwrap_or(false),
        }
    }
}

/// Deadline interval of every arrival interval (an index `>= n` = after the horizon), and
/// whether the item is late by construction (calendar window without an open interval).
fn deadlines(w: &DeferredWork<'_>) -> (Vec<usize>, Vec<bool>) {
    let n = w.volume.len();
    let win = ((w.window_minutes / w.interval_minutes + 1e-9).floor() as usize).max(1);
    let opens: Vec<usize> = (0..n).filter(|&t| w.is_open(t)).collect();
    // Number of open intervals before t, for t = 0..=n.
    let rank: Vec<usize> = std::iter::once(0)
        .chain((0..n).scan(0usize, |acc, t| {
            *acc += usize::from(w.is_open(t));
            Some(*acc)
        }))
        .collect();
    let open_rank = |t: usize| rank.get(t).copied().unwrap_or(opens.len());
    (0..n)
        .map(|t| match w.clock {
            // The W-th open interval from the first open one at or after t.
            WindowClock::OpenHours => (
                opens
                    .get(open_rank(t) + win - 1)
                    .copied()
                    .unwrap_or(n + win),
                false,
            ),
            WindowClock::Calendar => {
                let end = t + win - 1;
                if end >= n {
                    // The window reaches past the horizon: nothing is due inside it.
                    return (end, false);
                }
                // Open intervals in t..=end are opens[open_rank(t)..open_rank(end + 1)].
                let (first, past) = (open_rank(t), open_rank(end + 1));
                if past > first {
                    (opens.get(past - 1).copied().unwrap_or(end), false)
                } else {
                    (opens.get(first).copied().unwrap_or(n + win), true)
                }
            }
        })
        .unzip()
}

/// Least agent-hours staffing for deferred work (exact greedy; see the module docs).
pub fn plan_deferred(w: &DeferredWork<'_>) -> Result<DeferredPlan> {
    w.validate()?;
    let n = w.volume.len();
    let interval_seconds = w.interval_minutes * 60.0;
    let cap = interval_seconds * w.max_occupancy.unwrap_or(1.0);
    let aht = |t: usize| -> f64 {
        if w.aht_seconds.len() == 1 {
            w.aht_seconds.first().copied().unwrap_or(1.0)
        } else {
            w.aht_seconds.get(t).copied().unwrap_or(1.0)
        }
    };
    let (deadline, late) = deadlines(w);
    let mut queue: VecDeque<Cohort> = VecDeque::new();
    let mut plan = DeferredPlan {
        agents: Vec::with_capacity(n),
        done: Vec::with_capacity(n),
        backlog: Vec::with_capacity(n),
        backlog_hours: Vec::with_capacity(n),
        late_items: 0.0,
        agent_hours: 0.0,
        lower_bound_hours: 0.0,
    };
    let mut due_in_horizon = 0.0;
    for t in 0..n {
        let v = w.volume.get(t).copied().unwrap_or(0.0);
        let d = deadline.get(t).copied().unwrap_or(usize::MAX);
        if late.get(t).copied().unwrap_or(false) {
            plan.late_items += v;
        }
        if d < n {
            due_in_horizon += v * aht(t);
        }
        if v > 0.0 {
            queue.push_back(Cohort {
                deadline: d,
                items: v,
                aht: aht(t),
            });
        }
        let mut agents = 0u32;
        let mut done = 0.0;
        if w.is_open(t) {
            let due: f64 = queue
                .iter()
                .take_while(|c| c.deadline <= t)
                .map(|c| c.items * c.aht)
                .sum();
            let x = (due / cap - 1e-9).ceil().max(0.0);
            agents = if x >= f64::from(u32::MAX) {
                u32::MAX
            } else {
                x as u32
            };
            let mut capacity = f64::from(agents) * cap;
            while capacity > 0.0 {
                let Some(front) = queue.front_mut() else {
                    break;
                };
                let work = front.items * front.aht;
                if work <= capacity * (1.0 + 1e-12) {
                    capacity -= work;
                    done += front.items;
                    queue.pop_front();
                } else {
                    let items = capacity / front.aht;
                    front.items -= items;
                    done += items;
                    capacity = 0.0;
                }
            }
        }
        plan.agents.push(agents);
        plan.done.push(done);
        // A fold from +0 (an empty `sum()` of f64 is -0, which JSON through the page loses).
        plan.backlog
            .push(queue.iter().fold(0.0, |a, c| a + c.items));
        plan.backlog_hours
            .push(queue.iter().fold(0.0, |a, c| a + c.items * c.aht) / 3600.0);
        plan.agent_hours += f64::from(agents) * w.interval_minutes / 60.0;
    }
    plan.lower_bound_hours = due_in_horizon / 3600.0 / w.max_occupancy.unwrap_or(1.0);
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Work done by the FIFO rule under schedule `x`; true if every deadline inside is met.
    fn feasible(w: &DeferredWork<'_>, x: &[u32]) -> bool {
        let (deadline, _) = deadlines(w);
        let cap = w.interval_minutes * 60.0 * w.max_occupancy.unwrap_or(1.0);
        let n = w.volume.len();
        let aht = |t: usize| w.aht_seconds[if w.aht_seconds.len() == 1 { 0 } else { t }];
        let (mut arrived, mut done) = (0.0, 0.0);
        for (t, &xt) in x.iter().enumerate() {
            arrived += w.volume[t] * aht(t);
            if w.is_open(t) {
                done = f64::min(arrived, done + f64::from(xt) * cap);
            } else if xt > 0 {
                return false;
            }
            let due: f64 = (0..n)
                .filter(|&u| deadline[u] <= t)
                .map(|u| w.volume[u] * aht(u))
                .sum();
            if done + 1e-9 < due {
                return false;
            }
        }
        true
    }

    fn brute_force_min(w: &DeferredWork<'_>, max_agents: u32) -> u32 {
        let n = w.volume.len();
        let mut best = u32::MAX;
        let mut x = vec![0u32; n];
        loop {
            let total: u32 = x.iter().sum();
            if total < best && feasible(w, &x) {
                best = total;
            }
            let mut i = 0;
            loop {
                if i == n {
                    return best;
                }
                x[i] += 1;
                if x[i] <= max_agents {
                    break;
                }
                x[i] = 0;
                i += 1;
            }
        }
    }

    #[test]
    fn greedy_equals_brute_force_on_small_instances() {
        type Case = (Vec<f64>, Vec<f64>, f64, WindowClock, Option<Vec<bool>>);
        let cases: Vec<Case> = vec![
            (
                vec![3.0, 7.0, 0.0, 5.0, 2.0, 0.0],
                vec![600.0],
                60.0,
                WindowClock::OpenHours,
                None,
            ),
            (
                vec![4.0, 1.0, 6.0, 3.0, 0.0, 2.0],
                vec![300.0, 400.0, 500.0, 300.0, 300.0, 600.0],
                90.0,
                WindowClock::OpenHours,
                Some(vec![true, false, true, true, false, true]),
            ),
            (
                vec![2.0, 5.0, 1.0, 4.0, 3.0, 1.0],
                vec![900.0],
                90.0,
                WindowClock::Calendar,
                Some(vec![true, true, false, false, true, true]),
            ),
            (
                vec![5.5, 0.0, 2.5, 8.0, 1.0, 0.0],
                vec![450.0],
                30.0,
                WindowClock::Calendar,
                None,
            ),
        ];
        for (volume, aht, window, clock, open) in &cases {
            let w = DeferredWork {
                volume,
                aht_seconds: aht,
                interval_minutes: 30.0,
                window_minutes: *window,
                clock: *clock,
                open: open.as_deref(),
                max_occupancy: Some(0.9),
            };
            let plan = plan_deferred(&w).unwrap();
            assert!(
                feasible(&w, &plan.agents),
                "greedy infeasible: {:?}",
                plan.agents
            );
            let greedy: u32 = plan.agents.iter().sum();
            assert_eq!(greedy, brute_force_min(&w, 5), "case {volume:?} {clock:?}");
            assert!(plan.agent_hours + 1e-9 >= plan.lower_bound_hours);
        }
    }

    #[test]
    fn backlog_carries_over_night() {
        // 8 intervals of 60 min, open 0..4, window 2 open hours.
        let open = [true, true, true, true, false, false, false, true];
        let volume = [6.0, 6.0, 6.0, 6.0, 3.0, 3.0, 0.0, 0.0];
        let w = DeferredWork {
            volume: &volume,
            aht_seconds: &[600.0],
            interval_minutes: 60.0,
            window_minutes: 120.0,
            clock: WindowClock::OpenHours,
            open: Some(&open),
            max_occupancy: None,
        };
        let p = plan_deferred(&w).unwrap();
        // Each agent-hour handles 6 items: the 6 due in interval 1 need one agent there. The
        // evening's items wait overnight; those of the closed hours are due after the horizon.
        assert_eq!(p.agents, vec![0, 1, 1, 1, 0, 0, 0, 1]);
        assert!((p.backlog[6] - 12.0).abs() < 1e-9);
        assert!((p.backlog[7] - 6.0).abs() < 1e-9);
        assert_eq!(p.late_items, 0.0);
    }

    #[test]
    fn bad_inputs_name_the_field() {
        let w = DeferredWork {
            volume: &[1.0, -2.0],
            aht_seconds: &[600.0],
            interval_minutes: 60.0,
            window_minutes: 120.0,
            clock: WindowClock::Calendar,
            open: None,
            max_occupancy: None,
        };
        assert_eq!(plan_deferred(&w).unwrap_err().path(), "volume[1]");
    }
}
