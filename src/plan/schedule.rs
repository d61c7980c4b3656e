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
    let sched = schedule(
        &s.shifts,
        &Requirements::new(*frame.grid(), positions, None)?,
        &ScheduleOptions {
            work_limit: s.solver.schedule_work,
            time_cap_seconds: Some(s.solver.schedule_cap_seconds()),
            ..ScheduleOptions::new(Objective::Cost)
        },
    )?;
    frame.schedule("schedule", sched)
}

/// The schedule's budget, the work it did and what stopped it.
pub fn schedule_run(frame: &Frame, sched: &Schedule) -> SolverRun {
    use crate::schedule::budget::StoppedBy as S;
    let solver = &frame.scenario().solver;
    SolverRun {
        work_budget: solver.schedule_work,
        work: Some(sched.solver.work_used),
        seconds_cap: Some(solver.schedule_cap_seconds()),
        stopped_by: Some(match sched.solver.stopped_by {
            S::ProvenOptimal | S::GapTarget | S::Finished => StoppedBy::Finished,
            S::WorkLimit => StoppedBy::Work,
            S::TimeCap => StoppedBy::TimeCap,
        }),
    }
}
