//! `paiban history FILE.csv`

use crate::import_cmd::{load_history, MappingArgs};
use crate::io::print_json;
use crate::Outcome;
use paiban::Error;

/// Arguments of `paiban history`.
#[derive(clap::Args)]
pub struct Args {
    /// History: the engine's CSV (timestamp,volume[,aht_seconds]) in any encoding, or any
    /// file `paiban import` reads (.xlsx, .xls, .ods, reports, per-contact exports).
    file: String,
    #[command(flatten)]
    mapping: MappingArgs,
    /// Output format.
    #[arg(long, default_value = "json", value_parser = ["json", "text"])]
    format: String,
}

pub fn run(a: Args) -> Result<Outcome, Error> {
    let history = load_history(&a.file, &a.mapping)?;
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
