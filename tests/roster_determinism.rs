//! The roster search depends on work, never on the clock: the same input, seed and work budget
//! give the same roster with a CPU hog beside it, with a generous wall-clock cap or none, and a
//! portfolio's choice does not depend on which member finishes first.

use paiban::roster::nrp::NrpInstance;
use paiban::roster::portfolio::{self, choose, MemberKey};
use paiban::roster::search::{solve, SearchOptions, SearchResult, StopReason};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/roster");

fn problem(name: &str) -> paiban::roster::problem::Problem {
    let text = std::fs::read_to_string(format!("{DATA}/{name}.txt")).unwrap();
    NrpInstance::parse(&text).unwrap().to_problem().unwrap()
}

fn run(p: &paiban::roster::problem::Problem, cap: Option<f64>, work: u64) -> SearchResult {
    solve(
        p,
        &SearchOptions {
            time_limit: cap.map(Duration::from_secs_f64),
            max_iterations: Some(work),
            seed: 5,
        },
        None,
    )
    .unwrap()
}

/// Spin `n` threads until `stop` is set (a CPU hog beside the search).
fn hog(n: usize, stop: &'static AtomicBool) -> Vec<std::thread::JoinHandle<u64>> {
    (0..n)
        .map(|_| {
            std::thread::spawn(move || {
                let mut x = 1u64;
                while !stop.load(Ordering::Relaxed) {
                    for _ in 0..10_000 {
                        x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    }
                }
                x
            })
        })
        .collect()
}

#[test]
fn same_roster_with_a_cpu_hog_and_with_a_generous_cap_or_none() {
    // Instance1 at this budget re-heats (over 10,000 moves per cell); Instance3 does not. Both
    // run exact row moves.
    for (name, work) in [("Instance1", 1_500_000u64), ("Instance3", 1_000_000)] {
        let p = problem(name);
        let plain = run(&p, None, work);
        assert_eq!(plain.stopped_by, StopReason::WorkLimit);
        let capped = run(&p, Some(600.0), work);
        assert_eq!(capped.stopped_by, StopReason::WorkLimit);
        static STOP: AtomicBool = AtomicBool::new(false);
        STOP.store(false, Ordering::Relaxed);
        let hogs = hog(3, &STOP);
        let loaded = run(&p, Some(600.0), work);
        STOP.store(true, Ordering::Relaxed);
        for h in hogs {
            h.join().unwrap();
        }
        for other in [&capped, &loaded] {
            assert_eq!(other.cells, plain.cells, "{name}");
            assert_eq!((other.hard, other.cost), (plain.hard, plain.cost));
            assert_eq!(other.iterations, plain.iterations);
        }
    }
}

#[test]
fn a_portfolio_on_threads_chooses_what_it_chooses_in_sequence() {
    let p = problem("Instance1");
    let opts = SearchOptions {
        time_limit: None,
        max_iterations: Some(300_000),
        seed: 9,
    };
    let seq: Vec<SearchResult> = (0..3)
        .map(|i| portfolio::run_member(&p, &opts, i, None).unwrap())
        .collect();
    let par: Vec<SearchResult> = std::thread::scope(|s| {
        let h: Vec<_> = (0..3)
            .rev()
            .map(|i| {
                let (p, o) = (&p, &opts);
                s.spawn(move || (i, portfolio::run_member(p, o, i, None).unwrap()))
            })
            .collect();
        let mut v: Vec<(usize, SearchResult)> = h.into_iter().map(|h| h.join().unwrap()).collect();
        v.sort_by_key(|(i, _)| *i);
        v.into_iter().map(|(_, r)| r).collect()
    });
    let keys = |v: &[SearchResult]| v.iter().map(MemberKey::from).collect::<Vec<_>>();
    assert_eq!(keys(&seq), keys(&par));
    let i = choose(&keys(&seq)).unwrap();
    assert_eq!(seq[i].cells, par[i].cells);
    // Member 0 is the plain search.
    assert_eq!(seq[0].cells, solve(&p, &opts, None).unwrap().cells);
    // Every member is at least as good as the plain search's hard count, and the chosen one is
    // no worse than any.
    for r in &seq {
        assert!((seq[i].hard, seq[i].cost) <= (r.hard, r.cost));
    }
}
