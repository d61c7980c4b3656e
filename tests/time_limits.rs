//! Solver guards: time limits are honoured (within 10%, plus a fixed allowance for work that
//! cannot be interrupted), and when time runs out the best result so far comes back with its
//! proven gap rather than nothing. The roster search's budget is work; its time limit is a cap
//! that, when it binds, is named in the result.

use paiban::roster::generator;
use paiban::roster::nrp::NrpInstance;
use paiban::roster::roster_nrp;
use paiban::roster::search::{work_for_seconds, SearchOptions, StopReason};
use paiban::schedule::requirements::Requirements;
use paiban::schedule::template::ShiftSet;
use paiban::schedule::{schedule, Objective, ScheduleOptions};
use std::time::{Duration, Instant};

#[test]
fn the_roster_search_stops_at_its_time_cap_and_says_so() {
    let text = std::fs::read_to_string("../shared/data/nrp/Instance1.txt")
        .or_else(|_| std::fs::read_to_string("tests/data/roster/Instance1.txt"))
        .unwrap();
    let inst = NrpInstance::parse(&text).unwrap();
    for limit in [0.5, 1.0] {
        let t = Instant::now();
        // A work budget far beyond the cap: the cap binds and the output names it.
        let out = roster_nrp(
            &inst,
            &SearchOptions {
                time_limit: Some(Duration::from_secs_f64(limit)),
                max_iterations: Some(u64::MAX / 2),
                seed: 3,
            },
        )
        .unwrap();
        let took = t.elapsed().as_secs_f64();
        assert!(
            out.feasible,
            "a best-so-far roster that keeps every hard rule"
        );
        assert_eq!(out.stopped_by, StopReason::TimeCap);
        assert!(out.iterations < out.work_budget);
        assert!(
            took >= 0.9 * limit,
            "stopped early: {took:.3} s of {limit} s"
        );
        assert!(
            took <= 1.1 * limit + 0.1,
            "overran: {took:.3} s of {limit} s"
        );
    }
}

#[test]
fn a_time_limit_alone_sets_a_work_budget_and_a_budget_that_fits_is_not_capped() {
    let text = std::fs::read_to_string("tests/data/roster/Instance1.txt").unwrap();
    let inst = NrpInstance::parse(&text).unwrap();
    let p = inst.to_problem().unwrap();
    let opts = SearchOptions {
        time_limit: Some(Duration::from_secs(60)),
        max_iterations: Some(200_000),
        seed: 3,
    };
    let out = roster_nrp(&inst, &opts).unwrap();
    assert_eq!(out.stopped_by, StopReason::WorkLimit);
    assert_eq!(out.work_budget, 200_000);
    assert!(out.iterations >= 200_000 && out.iterations < 201_000);
    // The budget of a time limit alone is a pure function of the instance and the seconds.
    let b = work_for_seconds(&p, 2.0);
    assert_eq!(b, work_for_seconds(&p, 2.0));
    assert!(b > 1_000_000, "{b}");
    assert!(work_for_seconds(&p, 4.0) > b);
}

/// A generated instance of benchmark instance 13's size (120 employees x 28 days x 18 shift
/// types): every phase looks at the cap, so a 5 s cap returns within 5.5 s (construction,
/// exact row moves with 18 shift types, the final checks), even on a loaded machine.
#[test]
fn instance_13_sized_roster_returns_within_its_cap() {
    let shape = generator::large(13).unwrap();
    let inst = NrpInstance::parse(&generator::generate(&shape, 13)).unwrap();
    let t = Instant::now();
    let out = roster_nrp(
        &inst,
        &SearchOptions {
            time_limit: Some(Duration::from_secs(5)),
            max_iterations: None,
            seed: 1,
        },
    )
    .unwrap();
    let took = t.elapsed().as_secs_f64();
    assert!(took <= 5.5, "took {took:.2} s of a 5 s cap");
    assert_eq!(out.assignment.0.len(), 120);
}

#[test]
fn the_schedule_returns_its_best_with_a_gap_when_time_runs_out() {
    let dir = "benches/data/schedule";
    let set = ShiftSet::from_json(
        &std::fs::read_to_string(format!("{dir}/week15_24templates_shifts.json")).unwrap(),
    )
    .unwrap();
    let req = Requirements::from_csv(
        &std::fs::read_to_string(format!("{dir}/week15_24templates_requirements.csv")).unwrap(),
    )
    .unwrap();
    let limit = 1.5;
    let t = Instant::now();
    let s = schedule(
        &set,
        &req,
        &ScheduleOptions {
            work_limit: paiban::schedule::budget::MAX_WORK_LIMIT,
            time_cap_seconds: Some(limit),
            gap_target: 0.0,
            ..ScheduleOptions::new(Objective::Cost)
        },
    )
    .unwrap();
    let took = t.elapsed().as_secs_f64();
    assert!(
        s.shift_count > 0 && s.cost > 0.0,
        "a complete schedule comes back"
    );
    // With its bound and gap, unless the cap fired inside the LP relaxation (a loaded
    // machine): then no bound, and the cap is named below.
    assert!(s.gap >= 0.0, "with its gap");
    assert!(
        s.lower_bound > 0.0 || s.solver.stopped_by == paiban::schedule::budget::StoppedBy::TimeCap,
        "with its bound"
    );
    // Hard coverage met, unless the cap stopped the construction (then the shortfall is listed
    // and the cap named).
    assert!(
        s.understaffed_agent_intervals == 0.0 || !s.understaffed.is_empty(),
        "hard coverage met or the shortfall listed"
    );
    // A cap that binds is named (the schedule then depends on the machine).
    assert!(
        s.proven_optimal
            || (s.solver.stopped_by == paiban::schedule::budget::StoppedBy::TimeCap
                && s.warnings.iter().any(|w| w.contains("time cap"))),
        "{:?} {:?}",
        s.solver.stopped_by,
        s.warnings
    );
    // The first complete schedule is not interrupted (a schedule is always returned);
    // everything after it stops at the cap.
    let floor = s.solver.lp_seconds;
    assert!(
        took <= floor + 1.1 * limit + 2.0,
        "took {took:.2} s, LP {floor:.2} s"
    );
}
