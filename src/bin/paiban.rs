//! `paiban`: the command-line front end for CI pipelines and scripts.
//!
//! Thin by design: each subcommand reads files, calls one engine function and prints JSON, CSV
//! or text. Exit codes: 0 ok, 1 a plan fails validation, 2 bad input (message on stderr).

use clap::{Parser, Subcommand};
use paiban::Error;
use std::process::ExitCode;

#[path = "paiban/backtest_cmd.rs"]
mod backtest_cmd;
#[path = "paiban/day_cmd.rs"]
mod day_cmd;
#[path = "paiban/erlang_cmd.rs"]
mod erlang_cmd;
#[path = "paiban/export_cmd.rs"]
mod export_cmd;
#[path = "paiban/forecast_cmd.rs"]
mod forecast_cmd;
#[path = "paiban/history_cmd.rs"]
mod history_cmd;
#[path = "paiban/import_cmd.rs"]
mod import_cmd;
#[path = "paiban/io.rs"]
mod io;
#[path = "paiban/plan_cmd.rs"]
mod plan_cmd;
#[path = "paiban/quote_cmd.rs"]
mod quote_cmd;
#[path = "paiban/roster_cmd.rs"]
mod roster_cmd;
#[path = "paiban/schedule_cmd.rs"]
mod schedule_cmd;
#[path = "paiban/simulate_cmd.rs"]
mod simulate_cmd;
#[path = "paiban/threads.rs"]
mod threads;
#[path = "paiban/validate_cmd.rs"]
mod validate_cmd;

/// Workforce planning for customer-service teams.
#[derive(Parser)]
#[command(name = "paiban", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a scenario file; each bad field is named by its JSON path.
    Check(plan_cmd::CheckArgs),
    /// Check a plan against its forecast and rules; exit 1 with a report when it breaks one.
    Validate(validate_cmd::Args),
    /// Plan a scenario end to end: forecast, requirements, schedule, roster, KPIs (Plan JSON).
    Plan(plan_cmd::PlanArgs),
    /// Summarise a history CSV: rows, interval, range, gaps, duplicates, opening hours.
    History(history_cmd::Args),
    /// Import a planner's file (CSV in any encoding, .xlsx/.xls/.ods; interval reports or
    /// per-contact records) through a guessed or given column mapping: one history per queue.
    Import(Box<import_cmd::Args>),
    /// Write a plan as an .xlsx workbook: roster (shift colours), shifts, coverage, KPIs.
    Export(export_cmd::Args),
    /// Staff or evaluate one interval: Erlang C, Erlang A (--patience-seconds), chat
    /// (--concurrency). Prints agents, positions, service level, ASA, occupancy as JSON.
    Erlang(Box<erlang_cmd::Args>),
    /// Size an outsourcing proposal: FTE per channel, headcount, monthly cost and price,
    /// service level vs price, volume sensitivity.
    Quote(quote_cmd::Args),
    /// Forecast volume per interval (CSV timestamp,volume,lo,hi) from a history.
    Forecast(forecast_cmd::Args),
    /// Rolling-origin accuracy (WAPE, MASE, bias) of each forecasting method on a history.
    Backtest(backtest_cmd::Args),
    /// Least-cost shift schedule (with breaks) covering a requirement per interval.
    Schedule(schedule_cmd::Args),
    /// Simulate planned intervals of one queue: SL, ASA, abandon, occupancy with 95% CIs.
    Simulate(simulate_cmd::Args),
    /// Roster named agents: a benchmark instance (--nrp) or a roster input JSON.
    Roster(roster_cmd::Args),
    /// The agent's day: place meetings, training and coaching into a plan's roster at least
    /// cost to service, and decide leave requests (JSON).
    Day(day_cmd::DayArgs),
    /// Re-plan the rest of today from actuals so far: reforecast, move breaks, propose
    /// overtime and VTO with their service effect (JSON).
    Intraday(day_cmd::IntradayArgs),
}

/// What a subcommand reports back to `main`.
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: the input was fine but fails a check (e.g. a plan violates its rules).
    Failed,
}

/// A closed stdout (`paiban plan x.json | head`) ends the program quietly, as Unix tools do,
/// instead of a panic message from `println!`.
fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

fn main() -> ExitCode {
    quiet_on_broken_pipe();
    let cli = Cli::parse();
    let result: Result<Outcome, Error> = match cli.command {
        Command::History(a) => history_cmd::run(a),
        Command::Import(a) => import_cmd::run(*a),
        Command::Export(a) => export_cmd::run(a),
        Command::Check(a) => plan_cmd::check(a),
        Command::Plan(a) => plan_cmd::plan(a),
        Command::Validate(a) => validate_cmd::run(a),
        Command::Erlang(a) => erlang_cmd::run(*a),
        Command::Quote(a) => quote_cmd::run(a),
        Command::Forecast(a) => forecast_cmd::run(a),
        Command::Backtest(a) => backtest_cmd::run(a),
        Command::Schedule(a) => schedule_cmd::run(a),
        Command::Simulate(a) => simulate_cmd::run(a),
        Command::Roster(a) => roster_cmd::run(a),
        Command::Day(a) => day_cmd::day(a),
        Command::Intraday(a) => day_cmd::run_intraday(a),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(e) => {
            eprintln!("paiban: {e}");
            ExitCode::from(2)
        }
    }
}
