//! `paiban day --plan PLAN.json [--scenario S.json] [--activities A.json]` and
//! `paiban intraday --plan PLAN.json --actuals TODAY.csv --now HH:MM [--scenario S.json]`

use crate::io::{in_file, print_json, read_json, read_text};
use crate::Outcome;
use paiban::activities::{Activity, Strategy};
use paiban::intraday::{intraday, IntradayRequest, QueueActuals};
use paiban::leave::agent_day;
use paiban::plan::{Plan, Timestamp};
use paiban::time::ClockTime;
use paiban::Error;
use std::collections::BTreeMap;

/// Arguments of `paiban day`.
#[derive(clap::Args)]
pub struct DayArgs {
    /// Plan JSON (from `paiban plan`).
    #[arg(long)]
    plan: String,
    /// Scenario whose `activities` and `leave` to use (default: the plan's own scenario).
    #[arg(long)]
    scenario: Option<String>,
    /// A JSON array of activities (overrides the scenario's).
    #[arg(long)]
    activities: Option<String>,
    /// Place every session at its first feasible start instead (the hand-made reference).
    #[arg(long)]
    fixed: bool,
}

/// Arguments of `paiban intraday`.
#[derive(clap::Args)]
pub struct IntradayArgs {
    /// Plan JSON (from `paiban plan`).
    #[arg(long)]
    plan: String,
    /// Today's actuals: CSV `timestamp,QUEUE,...` (one column per queue id), from midnight up
    /// to `--now`.
    #[arg(long)]
    actuals: String,
    /// Time of the re-plan on the actuals' day, `HH:MM`.
    #[arg(long)]
    now: String,
    /// Scenario file whose histories give the credibility-weighted day factor (paths relative
    /// to it); without it the raw ratio is used, with a warning.
    #[arg(long)]
    scenario: Option<String>,
}

pub fn day(a: DayArgs) -> Result<Outcome, Error> {
    let plan: Plan = read_json(&a.plan)?;
    let scenario = match &a.scenario {
        Some(f) => {
            let text = read_text(f)?;
            paiban::scenario::Scenario::from_json(&text).map_err(|e| in_file(f, e))?
        }
        None => plan.scenario.clone(),
    };
    let activities: Vec<Activity> = match &a.activities {
        Some(f) => read_json(f)?,
        None => scenario.activities.clone(),
    };
    let strategy = if a.fixed {
        Strategy::Earliest
    } else {
        Strategy::LeastCost
    };
    let report = agent_day(&plan, &activities, scenario.leave.as_ref(), strategy)
        .map_err(|e| in_file(&a.plan, e))?;
    print_json(&report)?;
    Ok(Outcome::Ok)
}

pub fn run_intraday(a: IntradayArgs) -> Result<Outcome, Error> {
    let plan: Plan = read_json(&a.plan)?;
    let histories = match &a.scenario {
        Some(f) => crate::plan_cmd::load(f)?.1,
        None => BTreeMap::new(),
    };
    let text = read_text(&a.actuals)?;
    let now = ClockTime::parse(&a.now, "now")?;
    let req = parse_actuals(&a.actuals, &text, &plan, now)?;
    let r = intraday(&plan, &histories, &req).map_err(|e| in_file(&a.plan, e))?;
    print_json(&r)?;
    Ok(Outcome::Ok)
}

fn csv_err(file: &str, line: usize, column: &str, expected: &str, found: &str) -> Error {
    Error::Csv {
        source: file.into(),
        line,
        column: column.into(),
        expected: expected.into(),
        found: found.into(),
    }
}

/// Wide CSV: `timestamp` then one column per queue; the rows from midnight of the day of the
/// first row up to (not including) `now`.
fn parse_actuals(
    file: &str,
    text: &str,
    plan: &Plan,
    now: ClockTime,
) -> Result<IntradayRequest, Error> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(Error::Empty {
            path: file.into(),
            expected: "a header `timestamp,QUEUE,...` and rows".into(),
        });
    };
    let cols: Vec<String> = header.split(',').map(|c| c.trim().to_string()).collect();
    if cols.first().map(String::as_str) != Some("timestamp") {
        return Err(csv_err(
            file,
            1,
            "1",
            "timestamp",
            cols.first().map_or("", |c| c),
        ));
    }
    let mut volumes: Vec<Vec<f64>> = vec![Vec::new(); cols.len() - 1];
    let mut day = None;
    for (i, line) in lines {
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let t = paiban::time::parse_timestamp(cells[0]).ok_or_else(|| {
            csv_err(
                file,
                i + 1,
                "timestamp",
                "a time YYYY-MM-DDTHH:MM",
                cells[0],
            )
        })?;
        day.get_or_insert(t.date());
        for (j, v) in volumes.iter_mut().enumerate() {
            let cell = cells.get(j + 1).copied().unwrap_or("");
            let x: f64 = cell
                .parse()
                .map_err(|_| csv_err(file, i + 1, &cols[j + 1], "a number of contacts", cell))?;
            v.push(x);
        }
    }
    let date = day.unwrap_or(plan.scenario.horizon.start);
    let now = date.and_hms_opt(0, 0, 0).unwrap_or_default()
        + chrono::Duration::minutes(i64::from(now.minutes()));
    Ok(IntradayRequest {
        now: Timestamp(now),
        actuals: cols[1..]
            .iter()
            .zip(volumes)
            .map(|(q, volume)| QueueActuals {
                queue: q.clone(),
                volume,
            })
            .collect(),
    })
}
