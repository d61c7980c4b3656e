//! The covering model: candidate shifts (columns) against a requirement per interval. Its
//! linear programme for microlp is built in [`super::relax`].
//!
//! Breaks are placed *implicitly*: instead of one column per (shift, break placement), every
//! break of a template forms a *family* with one variable `b[p]` per possible break start `p`
//! (Bechtold & Jacobs 1990, "Implicit modeling of flexible break assignments in optimal shift
//! scheduling", Management Science 36(11); Aykin 1996 for several breaks per shift). Within a
//! family every member's window is `[start + e, start + l]` with the same `e`, `l`, so windows
//! are ordered the same way by their opening and closing ends and breaks can be matched to
//! shifts first-come-first-served. Hall's condition then reduces to two prefix conditions per
//! break start `p` (breaks by `p` cover the members whose window closed by `p`, and do not
//! exceed the members whose window opened by `p`). We write them sparsely with a backlog
//! variable `q[p]` (members whose window is open and who have not had the break yet):
//!
//! ```text
//!   q[p] = q[p-1] + sum_{j: e_j = p} x_j - b[p]          (flow)
//!   q[p] <= sum_{j: e_j <= p < l_j} x_j                   (deadline)
//! ```
//!
//! so each family adds two rows per break start instead of a column per placement.

/// A covering instance on a horizon of `horizon` intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Number of intervals.
    pub horizon: usize,
    /// Whether interval `horizon` wraps to interval 0.
    pub cyclic: bool,
    /// Agents required per interval.
    pub requirement: Vec<f64>,
    /// Cost of one agent-interval short, per interval.
    pub under_weight: Vec<f64>,
    /// Cost of one agent-interval over the requirement, per interval (0: free).
    pub over_weight: Vec<f64>,
    /// Most agents allowed per interval (`None`: no cap), e.g. the seats of the floor.
    pub max_coverage: Option<CoverageCap>,
    /// Candidate shifts.
    pub columns: Vec<Column>,
    /// Length in intervals of the breaks of each break family.
    pub family_len: Vec<usize>,
    /// Count limits over sets of columns (a template on a day).
    pub groups: Vec<Group>,
    /// A cap on the number of shifts or on their cost (the service objective).
    pub limit: Option<Limit>,
    /// Weight of the shift cost in the objective (1 for least cost; small for best service).
    pub cost_weight: f64,
    /// Skill groups and queues (`None`: one pool of interchangeable agents against
    /// `requirement`).
    pub skills: Option<SkillLayer>,
}

/// The skill-transfer layer of the covering model (Bhulai, Koole & Pot 2008): columns belong
/// to pools (skill groups); a pool's agents on duty in an interval are split among the queues
/// it has the skill for, and each queue's requirement is met by the pools that serve it.
/// `Instance::requirement` and `Instance::under_weight` are then unused.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillLayer {
    /// Number of pools.
    pub pools: usize,
    /// Pool of each column.
    pub column_pool: Vec<usize>,
    /// Queues each pool can serve.
    pub pool_skills: Vec<Vec<usize>>,
    /// Agents required per queue and interval: `requirement[q][t]`.
    pub requirement: Vec<Vec<f64>>,
    /// Price of one agent-interval short per queue and interval.
    pub under_weight: Vec<Vec<f64>>,
}

/// A cap on the agents at work per interval: a row in the LP, a steep price in the search.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageCap {
    /// Most agents per interval.
    pub agents: Vec<f64>,
    /// Price of one agent-interval above the cap inside the local search (choose it above
    /// any shift cost, e.g. [`Instance::big_m`]).
    pub excess_weight: f64,
}

/// One candidate shift.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Cost of one shift.
    pub cost: f64,
    /// Worked spans `(first interval, length)` before breaks; positions are unrolled
    /// (may exceed the horizon; wrapped when cyclic, dropped otherwise).
    pub segments: Vec<(usize, usize)>,
    /// Breaks of the shift, one per break of its template.
    pub breaks: Vec<BreakSlot>,
    /// At most this many of this shift (`None`: no limit).
    pub upper: Option<u32>,
}

/// Where a break of a column may start (unrolled interval positions, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakSlot {
    /// Break family (template and break index).
    pub family: usize,
    /// Earliest start position.
    pub earliest: usize,
    /// Latest start position.
    pub latest: usize,
}

/// A limit on the number of shifts over a set of columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Human-readable name ("late on 2024-01-02").
    pub name: String,
    /// Member columns.
    pub columns: Vec<usize>,
    /// At least this many.
    pub min: u32,
    /// At most this many.
    pub max: Option<u32>,
    /// What one shift of each member column counts (parallel to `columns`; `None`: 1 each),
    /// e.g. its paid minutes for a group's contract minutes.
    pub weights: Option<Vec<f64>>,
}

impl Group {
    /// What one shift of `columns[k]` counts towards `min` and `max`.
    pub fn weight(&self, k: usize) -> f64 {
        self.weights
            .as_ref()
            .and_then(|w| w.get(k).copied())
            .unwrap_or(1.0)
    }
}

/// A cap for the best-service objective.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// At most this many shifts in the horizon.
    Shifts(u32),
    /// At most this total shift cost.
    Budget(f64),
}

impl Instance {
    /// Interval index of an unrolled position, `None` past the end of a non-cyclic horizon.
    pub fn wrap(&self, p: usize) -> Option<usize> {
        if p < self.horizon {
            Some(p)
        } else if self.cyclic && self.horizon > 0 {
            Some(p % self.horizon)
        } else {
            None
        }
    }

    /// Penalty of coverage `c` in interval `t` (shortfall, surplus, cap).
    pub fn penalty(&self, t: usize, c: f64) -> f64 {
        let r = self.requirement.get(t).copied().unwrap_or(0.0);
        let mut p = 0.0;
        if c < r {
            p += (r - c) * self.under_weight.get(t).copied().unwrap_or(0.0);
        } else {
            p += (c - r) * self.over_weight.get(t).copied().unwrap_or(0.0);
        }
        if let Some(cap) = &self.max_coverage {
            if let Some(&a) = cap.agents.get(t) {
                if c > a {
                    p += (c - a) * cap.excess_weight;
                }
            }
        }
        p
    }

    /// A penalty larger than any shift cost, used for hard rules in the search.
    pub fn big_m(&self) -> f64 {
        let max_cost = self
            .columns
            .iter()
            .map(|c| c.cost * self.cost_weight)
            .fold(0.0, f64::max);
        let max_w = self.under_weight.iter().copied().fold(0.0, f64::max);
        1e3 * (1.0 + max_cost + max_w)
    }

    /// Break family positions `[first, last]` (unrolled) or `None` when the family is unused.
    pub fn family_span(&self, f: usize) -> Option<(usize, usize)> {
        let mut span: Option<(usize, usize)> = None;
        for c in &self.columns {
            for b in c.breaks.iter().filter(|b| b.family == f) {
                span = Some(match span {
                    None => (b.earliest, b.latest),
                    Some((lo, hi)) => (lo.min(b.earliest), hi.max(b.latest)),
                });
            }
        }
        span
    }
}

/// Sizes of the LP, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct LpSize {
    /// Variables.
    pub columns: usize,
    /// Constraints.
    pub rows: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::budget::Budget;
    use crate::schedule::relax::{solve_lp, LpOutcome, Relaxation};

    fn col(start: usize, brk: usize) -> Column {
        Column {
            cost: 1.0,
            segments: vec![(start, 4)],
            breaks: vec![BreakSlot {
                family: 0,
                earliest: brk,
                latest: brk,
            }],
            upper: None,
        }
    }

    /// Shift A works 0..4 with its break fixed at 1, shift B works 2..6 with its break fixed
    /// at 4. Breaks in the same family may not trade windows: intervals 1 and 4 stay short
    /// (objective 1 + 1 + 2 x 100). A model that only matched break totals would move A's
    /// break to 2 and B's to 3 and report 2.
    #[test]
    fn implicit_breaks_stay_in_their_windows() {
        let inst = Instance {
            horizon: 6,
            cyclic: false,
            requirement: vec![1.0; 6],
            under_weight: vec![100.0; 6],
            over_weight: vec![0.0; 6],
            max_coverage: None,
            columns: vec![col(0, 1), col(2, 4)],
            family_len: vec![1],
            groups: vec![],
            limit: None,
            cost_weight: 1.0,
            skills: None,
        };
        let m = Relaxation::new(&inst, false, None);
        // 6 coverage rows + 2 rows per break position (positions 1..=4).
        assert_eq!(m.size.rows, 6 + 2 * 4);
        let LpOutcome::Solved(sol) = solve_lp(&m, &mut Budget::new(u64::MAX, None)) else {
            panic!("the LP solves");
        };
        assert!((sol.objective() - 202.0).abs() < 1e-6);
        assert!((sol.var_value_raw(m.under[1]) - 1.0).abs() < 1e-6);
        assert!((sol.var_value_raw(m.under[4]) - 1.0).abs() < 1e-6);
    }
}
