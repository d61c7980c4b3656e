//! `paiban plan SCENARIO.json` and `paiban check SCENARIO.json`

use crate::io::{in_file, print_json, read_text};
use crate::Outcome;
use paiban::history::History;
use paiban::plan::portfolio::{MemberRoster, RunMembers};
use paiban::scenario::Scenario;
use paiban::Error;
use std::collections::BTreeMap;
use std::path::Path;

/// Arguments of `paiban plan`.
#[derive(clap::Args)]
pub struct PlanArgs {
    /// Scenario JSON; history paths inside it are relative to this file.
    file: String,
    /// Independent roster searches run on threads, the best kept (the page runs min(4, cores)
    /// in Web Workers; the plan records the count in `solvers.roster.portfolio`, so the same
    /// count gives the same plan).
    #[arg(long, default_value_t = 1)]
    workers: usize,
}

/// Arguments of `paiban check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// Scenario JSON.
    file: String,
}

/// Read a scenario and the histories it names.
pub fn load(file: &str) -> Result<(Scenario, BTreeMap<String, History>), Error> {
    let text = read_text(file)?;
    let scenario = Scenario::from_json(&text).map_err(|e| in_file(file, e))?;
    let base = Path::new(file).parent().unwrap_or(Path::new("."));
    let mut histories = BTreeMap::new();
    for (queue, rel) in &scenario.history {
        let path = base.join(rel);
        let path = path.to_string_lossy();
        let bytes = std::fs::read(path.as_ref()).map_err(|e| {
            Error::invalid(
                format!("history.{queue}"),
                "a readable CSV file",
                format!("{path}: {e}"),
            )
        })?;
        let h = History::from_bytes(&bytes).map_err(|e| in_file(&path, e))?;
        histories.insert(queue.clone(), h);
    }
    Ok((scenario, histories))
}

pub fn plan(a: PlanArgs) -> Result<Outcome, Error> {
    let (scenario, histories) = load(&a.file)?;
    let plan =
        paiban::plan::portfolio::plan_with_members(&scenario, &histories, a.workers, &Threads)?;
    print_json(&plan)?;
    Ok(Outcome::Ok)
}

/// The roster portfolio's members, one thread each; the results in member order.
struct Threads;

impl RunMembers for Threads {
    fn run(
        &self,
        members: usize,
        member: &(dyn Fn(usize) -> MemberRoster + Sync),
    ) -> Vec<MemberRoster> {
        crate::threads::on_threads(members, member)
    }
}

pub fn check(a: CheckArgs) -> Result<Outcome, Error> {
    let text = read_text(&a.file)?;
    let scenario = Scenario::from_json(&text).map_err(|e| in_file(&a.file, e))?;
    // The checks every plan stage starts from (the same as the page's checkScenario).
    let frame = paiban::plan::Frame::new(scenario).map_err(|e| in_file(&a.file, e))?;
    let scenario = frame.scenario();
    println!(
        "{}: ok (version {}, {} queues, {} days of {}-minute intervals)",
        a.file,
        scenario.version,
        scenario.queues.len(),
        scenario.horizon.days,
        scenario.interval_minutes
    );
    Ok(Outcome::Ok)
}
