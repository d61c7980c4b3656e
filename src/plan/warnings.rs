//! What a plan tells the planner besides its figures, as codes with parameters.
//!
//! Why codes: the page shows warnings in zh-CN and English, and a sentence cannot be
//! translated after the fact. Each [`PlanWarning`] is serialised as `{"code": "...", ...params}`
//! (the same shape as history warnings' `{"kind": ...}`), and its `Display` gives the English
//! sentence for the CLI.

use crate::forecast::ForecastWarning;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The solvers of a plan, for budget reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Solver {
    /// The shift schedule.
    Schedule,
    /// The roster search.
    Roster,
}

impl fmt::Display for Solver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Solver::Schedule => "schedule",
            Solver::Roster => "roster",
        })
    }
}

/// Something the planner should know about a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
pub enum PlanWarning {
    /// The forecast of a queue has a caveat (short history, an event not learned, ...).
    Forecast {
        /// Queue id.
        queue: String,
        /// The forecast's own warning (`kind` and its parameters).
        warning: ForecastWarning,
    },
    /// Coverage is hard but the schedule could not meet it.
    CoverNotMet {
        /// Agent-intervals short in total.
        agent_intervals: f64,
        /// Intervals short.
        intervals: usize,
    },
    /// The schedule's LP relaxation could not be solved: the schedule is a greedy one, with no
    /// lower bound to measure it against.
    ScheduleLpNotSolved {
        /// microlp's message.
        reason: String,
    },
    /// A wall-clock cap stopped a solver before its work budget: the plan may differ on
    /// another machine.
    TimeCapBound {
        /// Which solver.
        solver: Solver,
        /// Work done when the cap bound.
        work: u64,
        /// The work budget.
        budget: u64,
        /// The cap in seconds.
        seconds: f64,
    },
}

impl fmt::Display for PlanWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanWarning::Forecast { queue, warning } => write!(f, "{queue}: {warning}"),
            PlanWarning::CoverNotMet {
                agent_intervals,
                intervals,
            } => write!(
                f,
                "coverage is hard but was not met ({agent_intervals} agent-intervals short in {intervals} intervals): max_per_day limits, the start windows or the time limit leave these intervals uncovered"
            ),
            PlanWarning::ScheduleLpNotSolved { reason } => write!(
                f,
                "the schedule's LP relaxation was not solved ({reason}): the schedule is a greedy one with no lower bound"
            ),
            PlanWarning::TimeCapBound {
                solver,
                work,
                budget,
                seconds,
            } => write!(
                f,
                "the {solver} was stopped by its time cap ({seconds} s) after {work} of {budget} work units; the plan may differ on another machine"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_codes_with_parameters() {
        let w = PlanWarning::CoverNotMet {
            agent_intervals: 2.5,
            intervals: 3,
        };
        let j = serde_json::to_string(&w).unwrap();
        assert_eq!(
            j,
            r#"{"code":"cover_not_met","agent_intervals":2.5,"intervals":3}"#
        );
        assert_eq!(serde_json::from_str::<PlanWarning>(&j).unwrap(), w);
        let f = PlanWarning::Forecast {
            queue: "q".into(),
            warning: ForecastWarning::ShortHistory { usable_days: 5 },
        };
        let j = serde_json::to_string(&f).unwrap();
        assert!(
            j.contains(r#""code":"forecast""#) && j.contains(r#""kind":"short_history""#),
            "{j}"
        );
        assert!(f.to_string().starts_with("q: only 5 usable days"));
    }
}
