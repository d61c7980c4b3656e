//! `paiban schedule --requirements REQ.csv --shifts SHIFTS.json`

use crate::io::{in_file, print_json, read_text};
use crate::Outcome;
use paiban::schedule::requirements::Requirements;
use paiban::schedule::template::ShiftSet;
use paiban::schedule::{schedule, Objective, ScheduleOptions};
use paiban::Error;

/// Arguments of `paiban schedule`.
#[derive(clap::Args)]
pub struct Args {
    /// Requirements CSV: timestamp,agents[,weight]
    #[arg(long)]
    requirements: String,
    /// Shift templates (SHIFTS.json)
    #[arg(long)]
    shifts: String,
    /// Work budget of the optimiser in work units (deterministic: the same schedule on every
    /// machine); the default finishes a week at 15 minutes in about 1-2 s.
    #[arg(long, default_value_t = paiban::schedule::budget::DEFAULT_WORK_LIMIT)]
    work_limit: u64,
    /// Wall-clock safety cap in seconds (when it binds, the output says so).
    /// `--time-limit-seconds` is accepted for scripts written before work budgets.
    #[arg(long, alias = "time-limit-seconds")]
    time_cap_seconds: Option<f64>,
    /// Proven relative gap at which the search stops early.
    #[arg(long, default_value_t = paiban::schedule::solve::DEFAULT_GAP_TARGET)]
    gap_target: f64,
    /// cost: least cost (shortfall priced by understaffing_penalty, hard when null);
    /// service: least shortfall within --max-shifts and/or --budget.
    #[arg(long, default_value = "cost", value_parser = ["cost", "service"])]
    objective: String,
    /// Most shifts in the horizon (service objective).
    #[arg(long)]
    max_shifts: Option<u32>,
    /// Most total shift cost (service objective).
    #[arg(long)]
    budget: Option<f64>,
    /// Paid hours of a full-time agent per week, for the FTE figure.
    #[arg(long, default_value_t = 40.0)]
    fte_hours_per_week: f64,
}

pub fn run(a: Args) -> Result<Outcome, Error> {
    let req_text = read_text(&a.requirements)?;
    let req = Requirements::from_csv(&req_text).map_err(|e| in_file(&a.requirements, e))?;
    let shifts_text = read_text(&a.shifts)?;
    let set = ShiftSet::from_json(&shifts_text).map_err(|e| in_file(&a.shifts, e))?;
    let objective = match a.objective.as_str() {
        "service" => Objective::Service {
            max_shifts: a.max_shifts,
            budget: a.budget,
        },
        _ => Objective::Cost,
    };
    let opts = ScheduleOptions {
        work_limit: a.work_limit,
        time_cap_seconds: a.time_cap_seconds,
        gap_target: a.gap_target,
        objective,
        fte_hours_per_week: Some(a.fte_hours_per_week),
    };
    let s = schedule(&set, &req, &opts)?;
    print_json(&s)?;
    Ok(Outcome::Ok)
}
