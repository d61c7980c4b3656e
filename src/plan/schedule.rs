//! Stage 3: the least-cost shift schedule covering the positions, within the scenario's
//! solver budget.

use super::frame::{Checked, CheckedSchedule, Frame};
use super::roster::{SolverRun, StoppedBy};
use crate::error::Result;
use crate::schedule::requirements::Requirements;
use crate::schedule::{schedule, Objective, Schedule, ScheduleOptions};
use crate::staffing::horizon::HorizonRequirements;

/// The least-cost shift schedule covering a checked requirement's positions.
pub fn schedule_stage(
    frame: &Frame,
    req: &Checked<HorizonRequirements>,
) -> Result<CheckedSchedule> {
    let s = frame.scenario();
    let positions: Vec<f64> = req.total_positions.iter().map(|&p| f64::from(p)).collect();
    // `solver.schedule_work` is the schedule's work budget; until the schedule solver counts
    // work (issue 14), its wall-clock cap is the only bound it takes.
    let sched = schedule(
        &s.shifts,
        &Requirements::new(*frame.grid(), positions, None)?,
        &ScheduleOptions {
            time_limit_seconds: s.solver.schedule_cap_seconds(),
            objective: Objective::Cost,
            fte_hours_per_week: None,
        },
    )?;
    frame.schedule("schedule", sched)
}

/// The schedule's budget and what stopped it (the solver reports a proof of optimality; a
/// finer reason comes with its work counts).
pub fn schedule_run(frame: &Frame, sched: &Schedule) -> SolverRun {
    let solver = &frame.scenario().solver;
    SolverRun {
        work_budget: solver.schedule_work,
        work: None,
        seconds_cap: Some(solver.schedule_cap_seconds()),
        stopped_by: sched.proven_optimal.then_some(StoppedBy::Finished),
    }
}
