//! The anneal against an exact optimum: microlp's branch and bound on the benchmark's integer
//! programme ([`paiban::roster::exact`]) proves the optimum of small instances, and the search
//! must never beat it (that would mean one of the two models is wrong) and should reach it.
//! The random instances are small (3-5 staff, 1-2 weeks, 1-2 shift types) with the benchmark's
//! rule kinds drawn at random, so branch and bound proves them in well under a second.

use paiban::roster::exact;
use paiban::roster::nrp::NrpInstance;
use paiban::roster::penalty::check_nrp;
use paiban::roster::search::{evaluate, solve, SearchOptions};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/roster");

fn iters(n: u64, seed: u64) -> SearchOptions {
    SearchOptions {
        time_limit: None,
        max_iterations: Some(n),
        seed,
    }
}

#[test]
fn exact_model_proves_the_optimum_of_instance1() {
    let text = std::fs::read_to_string(format!("{DATA}/Instance1.txt")).unwrap();
    let inst = NrpInstance::parse(&text).unwrap();
    let p = inst.to_problem().unwrap();
    assert!(exact::applies(&p));
    let x = exact::solve(&p, None, 120.0).expect("a roster");
    assert!(x.proven, "not proven within the limit");
    // The published optimum (607), confirmed by the independent benchmark checker.
    let check = check_nrp(&inst, &inst.assignment(&x.cells)).unwrap();
    assert!(check.feasible, "{check:?}");
    assert_eq!(check.penalty, 607);
    assert_eq!(evaluate(&p, &x.cells), (0, 607));
}

/// A random small instance in the benchmark's text format (so the reader is exercised too).
fn random_instance(seed: u64) -> String {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let days: usize = if rng.random::<bool>() { 7 } else { 14 };
    let two = rng.random::<bool>();
    let staff = rng.random_range(3..=5usize);
    let mut t = format!("SECTION_HORIZON\n{days}\n\nSECTION_SHIFTS\nE,480,\n");
    if two {
        t.push_str("L,480,E\n");
    }
    t.push_str("\nSECTION_STAFF\n");
    let weekends = days / 7;
    for e in 0..staff {
        let max_shifts = rng.random_range(days / 2..=days * 5 / 7);
        let min_shifts = rng.random_range(1..=max_shifts.saturating_sub(1).max(1));
        let types = if two {
            format!("E={days}|L={}", rng.random_range(0..=days))
        } else {
            format!("E={days}")
        };
        t.push_str(&format!(
            "{},{types},{},{},{},{},{},{}\n",
            (b'A' + e as u8) as char,
            max_shifts * 480,
            min_shifts * 480,
            rng.random_range(3..=6),
            rng.random_range(1..=2),
            rng.random_range(1..=2),
            rng.random_range(0..=weekends),
        ));
    }
    t.push_str("\nSECTION_DAYS_OFF\n");
    for e in 0..staff {
        t.push_str(&format!(
            "{},{}\n",
            (b'A' + e as u8) as char,
            rng.random_range(0..days)
        ));
    }
    let shift = |rng: &mut Pcg64Mcg| {
        if two && rng.random::<bool>() {
            "L"
        } else {
            "E"
        }
    };
    for section in ["SHIFT_ON_REQUESTS", "SHIFT_OFF_REQUESTS"] {
        t.push_str(&format!("\nSECTION_{section}\n"));
        for _ in 0..staff * 2 {
            let e = (b'A' + rng.random_range(0..staff) as u8) as char;
            let d = rng.random_range(0..days);
            let s = shift(&mut rng);
            t.push_str(&format!("{e},{d},{s},{}\n", rng.random_range(1..=3)));
        }
    }
    t.push_str("\nSECTION_COVER\n");
    for d in 0..days {
        for s in if two { &["E", "L"][..] } else { &["E"][..] } {
            let req = rng.random_range(0..=staff / 2 + 1);
            t.push_str(&format!("{d},{s},{req},100,1\n"));
        }
    }
    t
}

#[test]
fn anneal_reaches_the_proven_optimum_of_random_small_instances() {
    let mut proven = 0;
    let mut reached = 0;
    let mut report = Vec::new();
    for seed in 0..24u64 {
        let text = random_instance(seed);
        let inst = NrpInstance::parse(&text).unwrap();
        let p = inst.to_problem().unwrap();
        assert!(exact::applies(&p), "seed {seed}");
        let sa = solve(&p, &iters(2_000_000, 1), None).unwrap();
        let Some(x) = exact::solve(&p, Some(&sa.cells), 30.0) else {
            continue;
        };
        let (xh, xs) = evaluate(&p, &x.cells);
        if !x.proven || xh != 0 {
            continue;
        }
        proven += 1;
        // Neither model may be stricter than the other: the anneal's roster (when feasible)
        // can never cost less than the proven optimum.
        if sa.hard == 0 {
            assert!(
                sa.cost >= xs,
                "seed {seed}: anneal {} < optimum {xs}\n{text}",
                sa.cost
            );
        }
        if sa.hard == 0 && sa.cost == xs {
            reached += 1;
        }
        report.push((seed, sa.hard, sa.cost, xs));
    }
    assert!(proven >= 20, "only {proven} proven: {report:?}");
    // Measured: all 24 at the proven optimum (one missed before the re-heating schedule, and
    // 51 of 55 on a wider set before the single-row and free-pair moves). A miss is a search
    // regression.
    assert_eq!(reached, proven, "(seed, hard, anneal, optimum): {report:?}");
}
