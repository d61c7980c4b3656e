//! `paiban forecast --history FILE.csv --until YYYY-MM-DDTHH:MM [--events FILE]`

use crate::import_cmd::{load_history, MappingArgs};
use crate::io::{in_file, print_json, read_text};
use crate::Outcome;
use paiban::forecast::{forecast, parse_events, ForecastOptions, Method};
use paiban::time::{format_timestamp, parse_timestamp};
use paiban::Error;

/// Arguments of `paiban forecast`.
#[derive(clap::Args)]
pub struct Args {
    /// History: the engine's CSV (timestamp,volume[,aht_seconds]) in any encoding, or any
    /// file `paiban import` reads (.xlsx, .xls, .ods, reports, per-contact exports).
    #[arg(long)]
    history: String,
    #[command(flatten)]
    mapping: MappingArgs,
    /// Forecast up to this local time (exclusive), e.g. 2000-01-05T00:00.
    #[arg(long)]
    until: String,
    /// Events calendar (JSON array or CSV name,start,end,multiplier[,closed]).
    #[arg(long)]
    events: Option<String>,
    /// Aggregate the history to this interval first (a multiple of its own).
    #[arg(long)]
    interval_minutes: Option<u32>,
    /// Pin a method: auto, seasonal_naive, weighted_average, smoothing, decomposition.
    #[arg(long, default_value = "auto")]
    method: String,
    /// Output format: csv (timestamp,volume,lo,hi with the 80% interval) or json (everything).
    #[arg(long, default_value = "csv", value_parser = ["csv", "json"])]
    format: String,
}

pub fn run(a: Args) -> Result<Outcome, Error> {
    let history = load_history(&a.history, &a.mapping)?;
    let until = parse_timestamp(&a.until)
        .ok_or_else(|| Error::invalid("until", "a local time YYYY-MM-DDTHH:MM", &a.until))?;
    let events = match &a.events {
        Some(path) => parse_events(&read_text(path)?).map_err(|e| in_file(path, e))?,
        None => Vec::new(),
    };
    let options = ForecastOptions {
        method: Method::parse(&a.method, "method")?,
        interval_minutes: a.interval_minutes,
        events,
    };
    let f = forecast(&history, until, &options)?;
    for w in &f.warnings {
        eprintln!(
            "paiban: warning: {}",
            serde_json::to_string(w).unwrap_or_default()
        );
    }
    if a.format == "json" {
        print_json(&f)?;
        return Ok(Outcome::Ok);
    }
    let mut out = String::with_capacity(f.volume.len() * 48);
    out += "timestamp,volume,lo,hi";
    if f.aht_seconds.is_some() {
        out += ",aht_seconds";
    }
    out += "\n";
    for (j, v) in f.volume.iter().enumerate() {
        let lo = f.lo80.get(j).copied().unwrap_or(0.0);
        let hi = f.hi80.get(j).copied().unwrap_or(0.0);
        out += &format!(
            "{},{:.2},{:.2},{:.2}",
            format_timestamp(f.grid.time(j)),
            v,
            lo,
            hi
        );
        if let Some(a) = &f.aht_seconds {
            out += &format!(",{:.1}", a.get(j).copied().unwrap_or(0.0));
        }
        out += "\n";
    }
    print!("{out}");
    Ok(Outcome::Ok)
}
