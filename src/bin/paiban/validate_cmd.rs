//! `paiban validate PLAN.json [--format text|json|junit] [--simulate]`

use crate::io::read_json;
use crate::Outcome;
use paiban::plan::Plan;
use paiban::validate::{check_plan, render, Format, PlanChecks};
use paiban::Error;

/// Arguments of `paiban validate`.
#[derive(clap::Args)]
pub struct Args {
    /// Plan JSON (from `paiban plan` or the page's export).
    file: String,
    /// Report format.
    #[arg(long, default_value = "text", value_parser = ["text", "json", "junit"])]
    format: String,
    /// Also confirm the service targets by discrete-event simulation.
    #[arg(long)]
    simulate: bool,
    /// Simulation replications (with --simulate).
    #[arg(long, default_value_t = 20)]
    replications: u32,
    /// Simulation seed (with --simulate).
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn run(a: Args) -> Result<Outcome, Error> {
    let plan: Plan = read_json(&a.file)?;
    let checks = PlanChecks {
        simulate: a.simulate.then_some((a.replications, a.seed)),
    };
    let report = check_plan(&plan, checks).map_err(|e| crate::io::in_file(&a.file, e))?;
    let format = match a.format.as_str() {
        "json" => Format::Json,
        "junit" => Format::Junit,
        _ => Format::Text,
    };
    print!("{}", render(&report, format)?);
    Ok(if report.exit_code() == 0 {
        Outcome::Ok
    } else {
        Outcome::Failed
    })
}
