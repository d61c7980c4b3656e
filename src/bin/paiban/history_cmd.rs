//! `paiban history FILE.csv`

use crate::io::{in_file, print_json, read_text};
use crate::Outcome;
use paiban::history::History;
use paiban::Error;

/// Arguments of `paiban history`.
#[derive(clap::Args)]
pub struct Args {
    /// History CSV: timestamp,volume[,aht_seconds]
    file: String,
    /// Output format.
    #[arg(long, default_value = "json", value_parser = ["json", "text"])]
    format: String,
}

pub fn run(a: Args) -> Result<Outcome, Error> {
    let text = read_text(&a.file)?;
    let history = History::from_csv(&text).map_err(|e| in_file(&a.file, e))?;
    let s = history.summary();
    if a.format == "json" {
        print_json(&s)?;
    } else {
        println!(
            "{}: {} rows, {}-minute intervals",
            a.file, s.rows, s.interval_minutes
        );
        println!(
            "range: {} .. {} ({} days, {} intervals)",
            s.first, s.last, s.days, s.intervals
        );
        println!(
            "gaps: {} missing intervals in {} ranges; duplicates dropped: {}",
            s.missing_intervals, s.gap_ranges, s.duplicates
        );
        println!("total volume: {}", s.total_volume);
        for d in &s.opening_hours {
            match &d.hours {
                Some(h) => println!("  {}  {}-{}", d.day, h.open, h.close),
                None => println!("  {}  closed", d.day),
            }
        }
    }
    Ok(Outcome::Ok)
}
