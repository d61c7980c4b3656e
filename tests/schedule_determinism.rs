//! The schedule depends only on its input and work budget (issue 14): the same instance gives
//! the byte-identical schedule without a time cap, with a generous one, and with a CPU hog
//! running beside it. No assertion here reads a clock.

use paiban::schedule::budget::StoppedBy;
use paiban::schedule::requirements::Requirements;
use paiban::schedule::template::ShiftSet;
use paiban::schedule::{schedule, Objective, Schedule, ScheduleOptions};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data/schedule");

fn load(name: &str) -> (ShiftSet, Requirements) {
    let set =
        ShiftSet::from_json(&std::fs::read_to_string(format!("{DIR}/{name}_shifts.json")).unwrap())
            .unwrap();
    let req = Requirements::from_csv(
        &std::fs::read_to_string(format!("{DIR}/{name}_requirements.csv")).unwrap(),
    )
    .unwrap();
    (set, req)
}

/// The schedule as JSON without its wall-clock figures (shown to a planner, never compared).
fn canonical(mut s: Schedule) -> String {
    s.solver.lp_seconds = 0.0;
    s.solver.exact_seconds = 0.0;
    s.solver.solve_seconds = 0.0;
    serde_json::to_string(&s).unwrap()
}

fn run(set: &ShiftSet, req: &Requirements, work: u64, cap: Option<f64>) -> Schedule {
    let opts = ScheduleOptions {
        work_limit: work,
        time_cap_seconds: cap,
        gap_target: 0.0,
        ..ScheduleOptions::new(Objective::Cost)
    };
    schedule(set, req, &opts).unwrap()
}

/// Burns CPU on every other core until dropped.
struct Hog(Arc<AtomicBool>, Vec<std::thread::JoinHandle<u64>>);

impl Hog {
    fn start() -> Hog {
        let stop = Arc::new(AtomicBool::new(false));
        let n = std::thread::available_parallelism().map_or(2, |n| n.get());
        let handles = (0..n)
            .map(|i| {
                let stop = stop.clone();
                std::thread::spawn(move || {
                    let mut x = i as u64 + 1;
                    while !stop.load(Ordering::Relaxed) {
                        for _ in 0..10_000 {
                            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                        }
                    }
                    x
                })
            })
            .collect();
        Hog(stop, handles)
    }
}

impl Drop for Hog {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
        for h in self.1.drain(..) {
            let _ = h.join();
        }
    }
}

/// The shop week is not proven within this budget, so the work limit is what stops every
/// step (dives, sub-MIPs, branch and bound): the case where a time limit used to decide.
#[test]
fn the_shop_week_is_identical_without_a_cap_with_a_generous_cap_and_beside_a_cpu_hog() {
    let (set, req) = load("shop");
    let work = 40_000_000;
    let free = run(&set, &req, work, None);
    assert_eq!(free.solver.stopped_by, StoppedBy::WorkLimit);
    assert!(free.solver.work_used >= work);
    assert!(free.warnings.iter().any(|w| w.contains("work limit")));
    let reference = canonical(free);
    let capped = run(&set, &req, work, Some(3600.0));
    assert_eq!(
        canonical(capped),
        reference,
        "a generous cap changed the schedule"
    );
    let hogged = {
        let _hog = Hog::start();
        run(&set, &req, work, None)
    };
    assert_eq!(
        canonical(hogged),
        reference,
        "a busy machine changed the schedule"
    );
}

/// A week at 15 minutes with binding day limits and a priced shortfall (fractional LP): the
/// same with and without a cap and under load.
#[test]
fn the_tight_week_is_identical_under_load() {
    let (set, req) = load("week15_tight");
    let work = 60_000_000;
    let reference = canonical(run(&set, &req, work, None));
    let hogged = {
        let _hog = Hog::start();
        canonical(run(&set, &req, work, Some(3600.0)))
    };
    assert_eq!(hogged, reference);
}

/// A cap that binds is reported as such, with the work done so far.
#[test]
fn a_binding_cap_is_named_with_the_work_done() {
    let (set, req) = load("shop");
    let s = run(
        &set,
        &req,
        paiban::schedule::budget::MAX_WORK_LIMIT,
        Some(1e-3),
    );
    assert_eq!(s.solver.stopped_by, StoppedBy::TimeCap);
    assert!(s.solver.work_used < s.solver.work_limit);
    let note = s
        .warnings
        .iter()
        .find(|w| w.contains("time cap"))
        .expect("a warning names the cap");
    assert!(
        note.contains("the plan may differ on another machine"),
        "{note}"
    );
    let v: serde_json::Value = serde_json::to_value(&s.solver.notes).unwrap();
    assert_eq!(v[0]["code"], "time_cap");
    assert_eq!(v[0]["work_limit"], paiban::schedule::budget::MAX_WORK_LIMIT);
    // The shortfall of the cut-short construction is listed, not hidden.
    assert!(s.understaffed_agent_intervals == 0.0 || !s.understaffed.is_empty());
}
