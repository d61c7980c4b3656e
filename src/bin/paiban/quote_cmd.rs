//! `paiban quote PROPOSAL.json [--format json|text]`

use crate::io::{print_json, read_json};
use crate::Outcome;
use paiban::quote::{quote, render_text, Proposal};
use paiban::Error;

/// Arguments of `paiban quote`.
#[derive(clap::Args)]
pub struct Args {
    /// Proposal JSON (client channels, volumes, targets, costs, support ratios).
    file: String,
    /// Output format.
    #[arg(long, default_value = "json", value_parser = ["json", "text"])]
    format: String,
}

pub fn run(a: Args) -> Result<Outcome, Error> {
    let proposal: Proposal = read_json(&a.file)?;
    let report = quote(&proposal)?;
    if a.format == "text" {
        print!("{}", render_text(&report));
    } else {
        print_json(&report)?;
    }
    Ok(Outcome::Ok)
}
