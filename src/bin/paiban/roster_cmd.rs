//! `paiban roster --nrp INSTANCE.txt` and `paiban roster INPUT.json`
//!
//! The search's budget is work (`--work N`, moves plus row-programme labels / 4): the same
//! input, seed, budget and worker count give the same roster on every machine and at any load.
//! `--time-limit-seconds` is a safety cap (the output's `stopped_by` says when it bound); given
//! alone it also sets the budget, at the calibrated rate of `search::work_for_seconds`.
//! `--workers N` runs N independent searches of the portfolio on threads and keeps the best
//! (`roster::portfolio`).

use crate::io::{in_file, print_json, read_text};
use crate::Outcome;
use paiban::roster::nrp::NrpInstance;
use paiban::roster::search::SearchOptions;
use paiban::roster::{generator, portfolio};
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
    /// Wall-clock safety cap of the search in seconds; alone, it also sets the work budget
    /// (the calibrated equivalent of that many seconds). Default without --work: 10.
    #[arg(long)]
    time_limit_seconds: Option<f64>,
    /// Work budget per search (moves plus row-programme labels / 4): deterministic for a seed.
    #[arg(long, alias = "iterations")]
    work: Option<u64>,
    /// Independent searches run on threads (the portfolio); the best is kept.
    #[arg(long, default_value_t = 1)]
    workers: usize,
    /// Print a generated look-alike of benchmark instance N (13-21) in the benchmark format
    /// (seeded by --seed) instead of rostering.
    #[arg(long)]
    generate_nrp: Option<u32>,
    /// Print a generated contact-centre roster input (our JSON) of this many agents over four
    /// weeks, built from the rules of the scenario given as INPUT (e.g. examples/shop.json).
    #[arg(long)]
    generate_centre: Option<usize>,
    /// Print the work budget that stands for this many seconds on the --nrp instance (the
    /// calibrated rate of `search::work_for_seconds`) instead of rostering.
    #[arg(long)]
    print_work_for_seconds: Option<f64>,
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
        None if a.work.is_none() => Some(Duration::from_secs(10)),
        None => None,
    };
    Ok(SearchOptions {
        time_limit,
        max_iterations: a.work,
        seed: a.seed,
    })
}

/// Run the portfolio's first `workers` members on threads and keep the best.
fn roster_nrp_workers(
    inst: &NrpInstance,
    opts: &SearchOptions,
    workers: usize,
) -> Result<paiban::roster::NrpOutput, Error> {
    if workers == 0 || workers > portfolio::MAX_MEMBERS {
        return Err(Error::invalid(
            "workers",
            format!("1 to {}", portfolio::MAX_MEMBERS),
            workers,
        ));
    }
    if workers == 1 {
        return portfolio::nrp_member(inst, opts, 0);
    }
    let outputs = crate::threads::on_threads(workers, &|i| portfolio::nrp_member(inst, opts, i));
    let outputs = outputs.into_iter().collect::<Result<Vec<_>, Error>>()?;
    portfolio::choose_nrp(outputs).ok_or_else(|| Error::invalid("workers", "at least 1", 0))
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
    if let Some(n) = a.generate_nrp {
        let shape = generator::large(n).ok_or_else(|| {
            Error::invalid("generate-nrp", "a benchmark instance number 13-21", n)
        })?;
        print!("{}", generator::generate(&shape, a.seed));
        return Ok(Outcome::Ok);
    }
    if let Some(n) = a.generate_centre {
        let Some(path) = &a.input else {
            return Err(Error::invalid(
                "generate-centre",
                "a scenario file to take the rules from",
                "none",
            ));
        };
        let (scenario, _) = crate::plan_cmd::load(path)?;
        let rules = scenario.rules.clone().ok_or_else(|| Error::Empty {
            path: format!("{path}: rules"),
            expected: "the scenario's labour rules".into(),
        })?;
        let mix: Vec<String> = scenario.agents.iter().map(|x| x.contract.clone()).collect();
        let input = generator::contact_centre(&scenario.contracts, &mix, &rules, n, 28, a.seed);
        return print_json(&input).map(|_| Outcome::Ok);
    }
    let opts = options(&a)?;
    match (&a.nrp, &a.input) {
        (Some(path), None) => {
            let text = read_text(path)?;
            let inst = NrpInstance::parse(&text).map_err(|e| in_file(path, e))?;
            if let Some(secs) = a.print_work_for_seconds {
                let p = inst.to_problem().map_err(|e| in_file(path, e))?;
                println!("{}", paiban::roster::search::work_for_seconds(&p, secs));
                return Ok(Outcome::Ok);
            }
            let out = roster_nrp_workers(&inst, &opts, a.workers)?;
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
