//! `paiban simulate INPUT.json [--replications N] [--seed S] [--format json|csv|text]`

use crate::io::{in_file, print_json, read_text};
use crate::Outcome;
use paiban::plan::{simulate_plan, simulate_plan_skills, Plan};
use paiban::simulate::{simulate, SimInput, SimStats, DEFAULT_REPLICATIONS, DEFAULT_SEED};
use paiban::Error;

/// Arguments of `paiban simulate`.
#[derive(clap::Args)]
pub struct Args {
    /// A plan (from `paiban plan`: every voice and chat queue is simulated with the agents its
    /// schedule gives it) or a simulation input JSON (interval_minutes, start, answer_seconds,
    /// handle_time, intervals, ...); `-` for stdin.
    file: String,
    /// Replications (overrides the file; default 20).
    #[arg(long)]
    replications: Option<u32>,
    /// Random seed (overrides the file; default 1).
    #[arg(long)]
    seed: Option<u64>,
    /// Output format.
    #[arg(long, default_value = "json", value_parser = ["json", "csv", "text"])]
    format: String,
}

fn fmt_pct(e: Option<paiban::simulate::Estimate>) -> String {
    match e {
        Some(e) => match e.half_width {
            Some(h) => format!("{:.1}% ± {:.1}", e.mean * 100.0, h * 100.0),
            None => format!("{:.1}%", e.mean * 100.0),
        },
        None => "-".into(),
    }
}

fn fmt_secs(e: Option<paiban::simulate::Estimate>) -> String {
    match e {
        Some(e) => match e.half_width {
            Some(h) => format!("{:.1} s ± {:.1}", e.mean, h),
            None => format!("{:.1} s", e.mean),
        },
        None => "-".into(),
    }
}

fn text_line(label: &str, s: &SimStats) -> String {
    format!(
        "{label:<16} offered {:>8.1}  SL {:>15}  ASA {:>15}  abandon {:>13}  occupancy {:>13}",
        s.offered.map_or(0.0, |e| e.mean),
        fmt_pct(s.service_level),
        fmt_secs(s.asa_seconds),
        fmt_pct(s.abandon_rate),
        fmt_pct(s.occupancy),
    )
}

/// A plan file: simulate each voice and chat queue with the agents the schedule gives it.
fn run_plan(a: &Args, text: &str) -> Result<Outcome, Error> {
    let plan: Plan = paiban::json::from_json(&a.file, text)?;
    let replications = a.replications.unwrap_or(DEFAULT_REPLICATIONS);
    let seed = a.seed.unwrap_or(DEFAULT_SEED);
    // A multi-skill plan: one simulation of the whole centre with skills-based routing.
    if let Some(sim) = simulate_plan_skills(&plan, replications, seed)? {
        if a.format == "json" {
            print_json(&sim)?;
        } else {
            println!(
                "multi-skill simulation: {replications} replications, seed {seed} (95% confidence intervals)"
            );
            for q in &sim.queues {
                println!(
                    "{:<16} target {:>6}  modelled {:>6}  simulated {:>15}  below target in {} of {} busy intervals",
                    q.queue,
                    q.target.map_or("-".into(), |t| format!("{:.1}%", t * 100.0)),
                    q.modelled.map_or("-".into(), |t| format!("{:.1}%", t * 100.0)),
                    fmt_pct(q.simulated),
                    q.intervals_below_target,
                    q.busy_intervals
                );
            }
        }
        return Ok(Outcome::Ok);
    }
    let mut out = serde_json::Map::new();
    for (qi, sim) in simulate_plan(&plan, replications, seed)?
        .into_iter()
        .enumerate()
    {
        let report = sim.report;
        match a.format.as_str() {
            "text" => {
                println!(
                    "queue {}: {} replications, seed {}",
                    sim.queue, replications, seed
                );
                for iv in &report.intervals {
                    println!("{}", text_line(&iv.timestamp, &iv.stats));
                }
                println!("{}", text_line("overall", &report.overall));
            }
            "csv" => {
                for (i, line) in report.to_csv().lines().enumerate() {
                    if i == 0 && qi == 0 {
                        println!("queue,{line}");
                    } else if i > 0 {
                        println!("{},{line}", sim.queue);
                    }
                }
            }
            _ => {
                let v = serde_json::to_value(&report)
                    .map_err(|e| Error::invalid("output", "serialisable JSON", e))?;
                out.insert(sim.queue.clone(), v);
            }
        }
    }
    if a.format == "json" {
        print_json(&out)?;
    }
    Ok(Outcome::Ok)
}

pub fn run(a: Args) -> Result<Outcome, Error> {
    let text = read_text(&a.file)?;
    if serde_json::from_str::<serde_json::Value>(&text)
        .is_ok_and(|v| v.get("scenario").is_some() && v.get("schedule").is_some())
    {
        return run_plan(&a, &text);
    }
    let input = SimInput::from_json(&text).map_err(|e| in_file(&a.file, e))?;
    let replications = a
        .replications
        .or(input.replications)
        .unwrap_or(DEFAULT_REPLICATIONS);
    let seed = a.seed.or(input.seed).unwrap_or(DEFAULT_SEED);
    let report = simulate(&input, replications, seed)?;
    match a.format.as_str() {
        "csv" => print!("{}", report.to_csv()),
        "text" => {
            println!(
                "{} replications, seed {}, service level within {} s (95% confidence intervals)",
                report.replications, report.seed, report.answer_seconds
            );
            for iv in &report.intervals {
                println!("{}", text_line(&iv.timestamp, &iv.stats));
            }
            println!("{}", text_line("overall", &report.overall));
        }
        _ => print_json(&report)?,
    }
    Ok(Outcome::Ok)
}
