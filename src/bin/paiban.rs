//! `paiban`: the command-line front end for CI pipelines and scripts.
//!
//! Thin by design: each subcommand reads files, calls one engine function and prints JSON, CSV
//! or text. Exit codes: 0 ok, 1 a plan fails validation, 2 bad input (message on stderr).

use clap::{Parser, Subcommand};
use paiban::Error;
use std::process::ExitCode;

#[path = "paiban/history_cmd.rs"]
mod history_cmd;
#[path = "paiban/io.rs"]
mod io;
#[path = "paiban/roster_cmd.rs"]
mod roster_cmd;

/// Workforce planning for customer-service teams.
#[derive(Parser)]
#[command(name = "paiban", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Summarise a history CSV: rows, interval, range, gaps, duplicates, opening hours.
    History(history_cmd::Args),
    /// Roster named agents: a benchmark instance (--nrp) or a roster input JSON.
    Roster(roster_cmd::Args),
}

/// What a subcommand reports back to `main`.
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: the input was fine but fails a check (e.g. a plan violates its rules).
    Failed,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<Outcome, Error> = match cli.command {
        Command::History(a) => history_cmd::run(a),
        Command::Roster(a) => roster_cmd::run(a),
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
