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
    /// Time budget of the optimiser in seconds.
    #[arg(long, default_value_t = 10.0)]
    time_limit_seconds: f64,
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
        time_limit_seconds: a.time_limit_seconds,
        objective,
        fte_hours_per_week: Some(a.fte_hours_per_week),
    };
    let s = schedule(&set, &req, &opts)?;
    print_json(&s)?;
    Ok(Outcome::Ok)
}
