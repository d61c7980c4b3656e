//! `paiban erlang`: staff or evaluate one interval (Erlang C, Erlang A with
//! `--patience-seconds`, chat with `--concurrency`). Prints JSON; bad input exits 2 with the
//! offending flag named.

use crate::io::print_json;
use crate::Outcome;
use paiban::staffing::api::{erlang, ErlangRequest};
use paiban::Error;

/// Arguments of `paiban erlang`. Numbers are parsed by us (not clap) so that a bad value gives
/// the engine's typed error naming the flag.
#[derive(clap::Args)]
pub struct Args {
    /// Contacts arriving in the interval.
    #[arg(long, allow_hyphen_values = true)]
    volume: String,
    /// Interval length in minutes.
    #[arg(long, allow_hyphen_values = true)]
    interval_minutes: String,
    /// Average handle time in seconds; with --concurrency K a comma list of K values gives the
    /// handle time at 1, 2, ... K chats open.
    #[arg(long, allow_hyphen_values = true)]
    aht_seconds: String,
    /// Target service level as a fraction (0.8 for 80%); optional with --agents.
    #[arg(long, allow_hyphen_values = true)]
    target_sl: Option<String>,
    /// Service level threshold in seconds (the 20 of 80/20).
    #[arg(long, allow_hyphen_values = true)]
    answer_seconds: String,
    /// Mean patience in seconds (Erlang A: callers abandon).
    #[arg(long, allow_hyphen_values = true)]
    patience_seconds: Option<String>,
    /// Chat: most chats per agent.
    #[arg(long, allow_hyphen_values = true)]
    concurrency: Option<String>,
    /// Total shrinkage as a fraction, for positions.
    #[arg(long, allow_hyphen_values = true)]
    shrinkage: Option<String>,
    /// Highest occupancy allowed, as a fraction.
    #[arg(long, allow_hyphen_values = true)]
    max_occupancy: Option<String>,
    /// Evaluate this many agents instead of searching for the least.
    #[arg(long, allow_hyphen_values = true)]
    agents: Option<String>,
    /// Highest ASA allowed in seconds.
    #[arg(long, allow_hyphen_values = true)]
    max_asa_seconds: Option<String>,
    /// Highest abandonment rate allowed, as a fraction.
    #[arg(long, allow_hyphen_values = true)]
    max_abandon: Option<String>,
}

fn number(flag: &str, s: &str) -> Result<f64, Error> {
    s.trim()
        .parse::<f64>()
        .map_err(|_| Error::invalid(flag, "a number", s))
}

fn opt_number(flag: &str, s: &Option<String>) -> Result<Option<f64>, Error> {
    s.as_deref().map(|v| number(flag, v)).transpose()
}

fn count(flag: &str, s: &Option<String>) -> Result<Option<u32>, Error> {
    s.as_deref()
        .map(|v| {
            v.trim()
                .parse::<u32>()
                .map_err(|_| Error::invalid(flag, "a whole number >= 0", v))
        })
        .transpose()
}

/// Engine paths use the JSON field names (`aht_seconds`); the CLI names flags (`aht-seconds`).
fn as_flag(e: Error) -> Error {
    let flag = |p: String| {
        let p = p.replace('_', "-");
        // Per-level handle times come from the comma list of --aht-seconds.
        if p.starts_with("aht-seconds-by-concurrency") {
            "aht-seconds".to_string()
        } else {
            p
        }
    };
    match e {
        Error::InvalidField {
            path,
            expected,
            found,
        } => Error::InvalidField {
            path: flag(path),
            expected,
            found,
        },
        Error::Inconsistent {
            path,
            other,
            message,
        } => Error::Inconsistent {
            path: flag(path),
            other: flag(other),
            message,
        },
        other => other,
    }
}

fn request(a: &Args) -> Result<ErlangRequest, Error> {
    let concurrency = count("concurrency", &a.concurrency)?;
    let aht: Vec<f64> = a
        .aht_seconds
        .split(',')
        .map(|v| number("aht-seconds", v))
        .collect::<Result<_, _>>()?;
    let (aht_seconds, by_level) = match aht.as_slice() {
        [one] => (*one, None),
        [first, ..] => (*first, Some(aht.clone())),
        [] => return Err(Error::invalid("aht-seconds", "a number", "nothing")),
    };
    if by_level.is_some() && concurrency.is_none() {
        return Err(Error::Inconsistent {
            path: "aht-seconds".into(),
            other: "concurrency".into(),
            message: "several handle times need --concurrency (one per level)".into(),
        });
    }
    Ok(ErlangRequest {
        volume: number("volume", &a.volume)?,
        interval_minutes: number("interval-minutes", &a.interval_minutes)?,
        aht_seconds,
        target_sl: opt_number("target-sl", &a.target_sl)?,
        answer_seconds: number("answer-seconds", &a.answer_seconds)?,
        patience_seconds: opt_number("patience-seconds", &a.patience_seconds)?,
        concurrency,
        aht_seconds_by_concurrency: by_level,
        shrinkage: opt_number("shrinkage", &a.shrinkage)?,
        max_occupancy: opt_number("max-occupancy", &a.max_occupancy)?,
        agents: count("agents", &a.agents)?,
        max_asa_seconds: opt_number("max-asa-seconds", &a.max_asa_seconds)?,
        max_abandon: opt_number("max-abandon", &a.max_abandon)?,
    })
}

pub fn run(a: Args) -> Result<Outcome, Error> {
    let req = request(&a)?;
    let resp = erlang(&req).map_err(as_flag)?;
    print_json(&resp)?;
    Ok(Outcome::Ok)
}
