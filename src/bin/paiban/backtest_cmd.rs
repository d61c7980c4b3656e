//! `paiban backtest --history FILE.csv --origins 20 --horizon-days 5`

use crate::import_cmd::{load_history, MappingArgs};
use crate::io::{in_file, print_json, read_text};
use crate::Outcome;
use paiban::forecast::{backtest, parse_events, BacktestOptions, Method};
use paiban::Error;
use std::time::Instant;

/// Arguments of `paiban backtest`.
#[derive(clap::Args)]
pub struct Args {
    /// History: the engine's CSV (timestamp,volume[,aht_seconds]) in any encoding, or any
    /// file `paiban import` reads (.xlsx, .xls, .ods, reports, per-contact exports).
    #[arg(long)]
    history: String,
    #[command(flatten)]
    mapping: MappingArgs,
    /// Rolling origins (consecutive day boundaries ending with the history).
    #[arg(long, default_value_t = 20)]
    origins: usize,
    /// Days forecast from each origin.
    #[arg(long, default_value_t = 5)]
    horizon_days: usize,
    /// Evaluate only these methods (repeatable); all by default.
    #[arg(long)]
    method: Vec<String>,
    /// Aggregate the history to this interval first.
    #[arg(long)]
    interval_minutes: Option<u32>,
    /// Events calendar (JSON or CSV), as for `paiban forecast`.
    #[arg(long)]
    events: Option<String>,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

#[derive(serde::Serialize)]
struct Row {
    #[serde(flatten)]
    accuracy: paiban::forecast::MethodAccuracy,
    seconds_per_origin: f64,
}

pub fn run(a: Args) -> Result<Outcome, Error> {
    let history = load_history(&a.history, &a.mapping)?;
    let events = match &a.events {
        Some(path) => parse_events(&read_text(path)?).map_err(|e| in_file(path, e))?,
        None => Vec::new(),
    };
    let methods = if a.method.is_empty() {
        Method::ALL.to_vec()
    } else {
        a.method
            .iter()
            .map(|m| Method::parse(m, "method"))
            .collect::<Result<Vec<_>, _>>()?
    };
    let mut rows = Vec::new();
    let mut origins = Vec::new();
    let mut minutes = history.grid.interval_minutes;
    for m in methods {
        let opts = BacktestOptions {
            origins: a.origins,
            horizon_days: a.horizon_days,
            methods: vec![m],
            interval_minutes: a.interval_minutes,
            events: events.clone(),
        };
        let t = Instant::now();
        let r = backtest(&history, &opts)?;
        let secs = t.elapsed().as_secs_f64() / a.origins.max(1) as f64;
        origins = r.origins;
        minutes = r.interval_minutes;
        rows.extend(r.methods.into_iter().map(|accuracy| Row {
            accuracy,
            seconds_per_origin: secs,
        }));
    }
    if a.format == "json" {
        print_json(&serde_json::json!({
            "interval_minutes": minutes,
            "horizon_days": a.horizon_days,
            "origins": origins,
            "methods": rows,
        }))?;
        return Ok(Outcome::Ok);
    }
    println!(
        "{}: {} origins ({} .. {}), {}-day horizon, {}-minute intervals",
        a.history,
        origins.len(),
        origins.first().map_or("", String::as_str),
        origins.last().map_or("", String::as_str),
        a.horizon_days,
        minutes
    );
    let n = a.horizon_days;
    println!(
        "{:<18} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>7} {:>7} {:>10}",
        "method",
        "WAPE 1d",
        format!("WAPE {n}d"),
        "MASE 1d",
        format!("MASE {n}d"),
        "bias 1d",
        format!("bias {n}d"),
        "cov80 1d",
        format!("cov80 {n}d"),
        format!("cov95 {n}d"),
        "s/origin"
    );
    for r in &rows {
        let m = &r.accuracy;
        println!(
            "{:<18} {:>7.2}% {:>7.2}% {:>8.3} {:>8.3} {:>+7.2}% {:>+7.2}% {:>8.1}% {:>6.1}% {:>6.1}% {:>10.4}",
            m.method.name(),
            100.0 * m.wape_1d,
            100.0 * m.wape_nd,
            m.mase_1d,
            m.mase_nd,
            100.0 * m.bias_1d,
            100.0 * m.bias_nd,
            100.0 * m.coverage80_1d,
            100.0 * m.coverage80,
            100.0 * m.coverage95,
            r.seconds_per_origin
        );
    }
    Ok(Outcome::Ok)
}
