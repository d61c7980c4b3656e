//! Deterministic work budgets for the schedule solver.
//!
//! A plan must not depend on how fast the machine is or how busy it was (issue 14): solvers
//! people trust stop on counted work (Gurobi's work limit, CP-SAT's deterministic time), not on
//! seconds. Every step of the schedule solver charges what it did to one [`Budget`]:
//!
//! - a simplex pivot costs the number of rows plus columns of its LP (a pivot touches about that
//!   many numbers: the pricing pass over the columns and the ratio test over the rows);
//! - a local-search step costs the number of intervals whose coverage it priced;
//! - building an LP costs its number of non-zeros.
//!
//! One **work unit** is therefore about one number touched; natively on the reference machine of
//! `benches/README.md` a million units take about 1-3 ms. Steps check the budget between
//! atomic pieces of work (an LP re-solve, a branch-and-bound chunk of nodes, one local-search
//! move), so a step may overrun the limit by at most one such piece; the overrun is itself
//! counted work, so it is the same on every machine.
//!
//! A wall-clock *time cap* stays as a safety net only. When it binds the result depends on the
//! machine, and the solver says so in a typed note ([`super::solve::NoteKind::TimeCap`]).

use serde::{Deserialize, Serialize};
use std::time::Duration;
use web_time::Instant;

/// The default work limit: a 24/7 week at 15 minutes with six templates finishes in about
/// 1-2 s natively on the reference machine (`benches/README.md`, "Shift scheduling").
pub const DEFAULT_WORK_LIMIT: u64 = 200_000_000;

/// Most work units a caller may ask for (about an hour natively): keeps a typo from hanging a
/// page.
pub const MAX_WORK_LIMIT: u64 = 2_000_000_000_000;

/// Why the solver stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoppedBy {
    /// The schedule is proven optimal.
    ProvenOptimal,
    /// The proven gap reached the gap target.
    GapTarget,
    /// The work limit ran out (deterministic).
    WorkLimit,
    /// The wall-clock safety cap ran out (the schedule may differ on another machine).
    TimeCap,
    /// Every step ran to its end without a proof within the gap target.
    Finished,
}

/// Work done and allowed, with an optional wall-clock cap.
#[derive(Debug, Clone)]
pub struct Budget {
    limit: u64,
    used: u64,
    stage_limit: u64,
    deadline: Option<Instant>,
    cap_hit: bool,
    next_clock_check: u64,
}

/// How much work passes between two reads of the clock (about a millisecond natively).
const CLOCK_EVERY: u64 = 500_000;

impl Budget {
    /// A budget of `limit` work units, capped at `cap_seconds` of wall-clock time when given.
    pub fn new(limit: u64, cap_seconds: Option<f64>) -> Budget {
        let deadline = cap_seconds
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| Instant::now() + Duration::from_secs_f64(s.min(86_400.0)));
        Budget {
            limit,
            used: 0,
            stage_limit: limit,
            deadline,
            cap_hit: false,
            next_clock_check: CLOCK_EVERY,
        }
    }

    /// Work units allowed in total.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Work units used so far.
    pub fn used(&self) -> u64 {
        self.used
    }

    /// Whether the wall-clock cap has bound.
    pub fn cap_hit(&self) -> bool {
        self.cap_hit
    }

    /// Record `units` of work.
    pub fn charge(&mut self, units: u64) {
        self.used = self.used.saturating_add(units);
    }

    fn check_clock(&mut self) -> bool {
        if self.cap_hit {
            return true;
        }
        if let Some(d) = self.deadline {
            if self.used >= self.next_clock_check {
                self.next_clock_check = self.used.saturating_add(CLOCK_EVERY);
                if Instant::now() >= d {
                    self.cap_hit = true;
                }
            }
        }
        self.cap_hit
    }

    /// Whether the current stage (or the whole budget, or the time cap) is used up.
    pub fn exhausted(&mut self) -> bool {
        self.used >= self.stage_limit || self.check_clock()
    }

    /// Whether the time cap has fired (reads the clock now and then).
    pub fn capped(&mut self) -> bool {
        self.check_clock()
    }

    /// Whether the whole budget (or the time cap) is used up, ignoring the stage.
    pub fn out_of_work(&mut self) -> bool {
        self.used >= self.limit || self.check_clock()
    }

    /// Work left in the whole budget.
    pub fn remaining(&self) -> u64 {
        self.limit.saturating_sub(self.used)
    }

    /// Work left in the current stage.
    pub fn stage_remaining(&self) -> u64 {
        self.stage_limit.saturating_sub(self.used)
    }

    /// Limit the following work to at most `units` more (within the whole budget).
    pub fn set_stage(&mut self, units: u64) {
        self.stage_limit = self.used.saturating_add(units).min(self.limit);
    }

    /// Back to the whole budget.
    pub fn clear_stage(&mut self) {
        self.stage_limit = self.limit;
    }

    /// Wall-clock time left before the cap (`None`: no cap), for solvers that take a time
    /// limit; reads the clock.
    pub fn time_left(&mut self) -> Option<Duration> {
        let d = self.deadline?;
        let left = d.saturating_duration_since(Instant::now());
        if left.is_zero() {
            self.cap_hit = true;
        }
        Some(left)
    }

    /// Mark the cap as bound (a solver reported that its time limit fired).
    pub fn note_cap_hit(&mut self) {
        if self.deadline.is_some() {
            self.cap_hit = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_limit_work_within_the_budget() {
        let mut b = Budget::new(100, None);
        b.charge(30);
        b.set_stage(50);
        assert_eq!(b.stage_remaining(), 50);
        b.charge(49);
        assert!(!b.exhausted());
        b.charge(1);
        assert!(b.exhausted());
        assert!(!b.out_of_work());
        b.clear_stage();
        assert!(!b.exhausted());
        b.set_stage(1_000);
        assert_eq!(b.stage_remaining(), 20);
        b.charge(u64::MAX);
        assert!(b.out_of_work());
        assert_eq!(b.remaining(), 0);
    }

    #[test]
    fn a_zero_cap_binds_at_the_first_clock_read() {
        let mut b = Budget::new(u64::MAX, Some(0.0));
        assert_eq!(b.time_left(), Some(Duration::ZERO));
        assert!(b.cap_hit());
        assert!(b.exhausted());
        let mut free = Budget::new(10, None);
        assert_eq!(free.time_left(), None);
        free.note_cap_hit();
        assert!(!free.cap_hit());
    }
}
