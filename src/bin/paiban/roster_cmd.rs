//! `paiban roster --nrp INSTANCE.txt` and `paiban roster INPUT.json`

use crate::io::{in_file, print_json, read_text};
use crate::Outcome;
use paiban::roster::nrp::NrpInstance;
use paiban::roster::search::SearchOptions;
use paiban::Error;
use std::time::Duration;

/// Arguments of `paiban roster`.
#[derive(clap::Args)]
pub struct Args {
    /// Roster input JSON (agents, rules, demand, shifts); omit with --nrp.
    input: Option<String>,
    /// A benchmark instance in the Curtois & Qu NRP text format.
    #[arg(long)]
    nrp: Option<String>,
    /// Wall-clock limit of the search in seconds.
    #[arg(long)]
    time_limit_seconds: Option<f64>,
    /// Iteration budget (deterministic for a seed when no time limit is given).
    #[arg(long)]
    iterations: Option<u64>,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The input JSON is a repair request (published roster + pins/absences).
    #[arg(long)]
    repair: bool,
    /// Also write the result JSON to this file.
    #[arg(long)]
    solution_out: Option<String>,
}

fn options(a: &Args) -> Result<SearchOptions, Error> {
    let time_limit = match a.time_limit_seconds {
        Some(s) if s.is_finite() && s > 0.0 => Some(Duration::from_secs_f64(s)),
        Some(s) => return Err(Error::invalid("time-limit-seconds", "a number > 0", s)),
        None if a.iterations.is_none() => Some(Duration::from_secs(10)),
        None => None,
    };
    Ok(SearchOptions {
        time_limit,
        max_iterations: a.iterations,
        seed: a.seed,
    })
}

fn emit<T: serde::Serialize>(value: &T, out: &Option<String>) -> Result<(), Error> {
    if let Some(path) = out {
        let s = serde_json::to_string_pretty(value)
            .map_err(|e| Error::invalid("output", "serialisable JSON", e))?;
        std::fs::write(path, s + "\n").map_err(|e| Error::invalid(path, "a writable file", e))?;
    }
    print_json(value)
}

/// A planning scenario (rather than a bare roster input) names its format version and queues.
fn is_scenario(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .is_ok_and(|v| v.get("version").is_some() && v.get("queues").is_some())
}

pub fn run(a: Args) -> Result<Outcome, Error> {
    let opts = options(&a)?;
    match (&a.nrp, &a.input) {
        (Some(path), None) => {
            let text = read_text(path)?;
            let inst = NrpInstance::parse(&text).map_err(|e| in_file(path, e))?;
            let out = paiban::roster::roster_nrp(&inst, &opts)?;
            emit(&out, &a.solution_out)?;
            Ok(if out.feasible {
                Outcome::Ok
            } else {
                Outcome::Failed
            })
        }
        (None, Some(path)) => {
            let text = read_text(path)?;
            if is_scenario(&text) {
                // A scenario: plan it and roster its agents onto its schedule.
                let (scenario, histories) = crate::plan_cmd::load(path)?;
                let plan = paiban::plan::plan(&scenario, &histories)?;
                let Some(roster) = plan.roster else {
                    return Err(Error::Empty {
                        path: format!("{path}: agents"),
                        expected: "agents, contracts and rules to roster".into(),
                    });
                };
                let ok = roster.feasible;
                emit(&roster, &a.solution_out)?;
                return Ok(if ok { Outcome::Ok } else { Outcome::Failed });
            }
            let out = if a.repair {
                let r = paiban::roster::repair_json(&text, &opts).map_err(|e| in_file(path, e))?;
                let ok = r.roster.feasible;
                emit(&r, &a.solution_out)?;
                ok
            } else {
                let r = paiban::roster::roster_json(&text, &opts).map_err(|e| in_file(path, e))?;
                let ok = r.feasible;
                emit(&r, &a.solution_out)?;
                ok
            };
            Ok(if out { Outcome::Ok } else { Outcome::Failed })
        }
        _ => Err(Error::invalid(
            "roster",
            "either --nrp INSTANCE.txt or an input JSON file",
            "both or neither",
        )),
    }
}
