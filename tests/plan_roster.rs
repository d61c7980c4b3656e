//! The roster inside a plan: the demo's agents cover the schedule within every hard rule, and a
//! planner's pin is honoured by a minimal-change re-optimisation.

use paiban::history::History;
use paiban::plan::{plan, repair_plan, RosterEdits, RosterPin};
use paiban::scenario::Scenario;
use std::collections::BTreeMap;

fn demo() -> (Scenario, BTreeMap<String, History>) {
    let s = Scenario::from_json(&std::fs::read_to_string("examples/shop.json").unwrap()).unwrap();
    let h = s
        .history
        .iter()
        .map(|(q, f)| {
            let text = std::fs::read_to_string(format!("examples/{f}")).unwrap();
            (q.clone(), History::from_csv(&text).unwrap())
        })
        .collect();
    (s, h)
}

#[test]
fn the_demo_roster_covers_the_schedule_and_a_pin_changes_little() {
    let (s, h) = demo();
    let p = plan(&s, &h).unwrap();
    let r = p.roster.as_ref().unwrap();
    assert!(r.feasible);
    assert_eq!(r.agents.len(), 70);
    assert_eq!(r.days.len(), 7);
    let worked: u32 = r.agents.iter().map(|a| a.shifts.len() as u32).sum();
    assert!(
        worked >= p.schedule.shift_count,
        "{worked} < {}",
        p.schedule.shift_count
    );
    // Every agent works at most one shift a day, each a shift type of the schedule; shifts the
    // schedule did not ask for that day (worked only to meet a contract's minimum hours) are few.
    let mut extra = 0;
    for a in &r.agents {
        let mut days: Vec<usize> = a.shifts.iter().map(|s| s.day).collect();
        days.dedup();
        assert_eq!(days.len(), a.shifts.len(), "{}", a.id);
        for sh in &a.shifts {
            let ty = &r.shift_types[sh.shift];
            let start = sh.start.to_string();
            let same_type = |x: &&paiban::schedule::report::ShiftOut| {
                x.template == ty.template && x.start.to_string()[10..] == start[10..]
            };
            assert!(p.schedule.shifts.iter().any(|x| same_type(&x)), "{sh:?}");
            if !p
                .schedule
                .shifts
                .iter()
                .any(|x| x.template == ty.template && x.start.to_string() == start)
            {
                extra += 1;
            }
        }
    }
    assert!(
        f64::from(extra) <= 0.02 * f64::from(worked),
        "{extra} extra shifts"
    );

    // The planner gives the first agent their first working day off.
    let agent = &r.agents[0];
    let day = agent.shifts[0].day;
    let edits = RosterEdits {
        pins: vec![RosterPin {
            agent: agent.id.clone(),
            day,
            shift: None,
        }],
        absences: Vec::new(),
    };
    let next = repair_plan(&p, &edits).unwrap();
    let repaired = next.roster.as_ref().unwrap();
    assert!(repaired.feasible);
    let a = repaired.agents.iter().find(|a| a.id == agent.id).unwrap();
    assert!(a.shifts.iter().all(|s| s.day != day), "the pin is kept");
    assert!(repaired
        .changes
        .iter()
        .any(|c| c.agent == agent.id && c.day == day && c.to.is_none()));
    assert!(
        repaired.changes.len() <= 8,
        "{} cells changed",
        repaired.changes.len()
    );
}

/// The headline figures come from who is really there: a team too small for the schedule leaves
/// shifts unstaffed, and the KPIs (counted from the rostered agents, their shifts and breaks)
/// show the short intervals and the lower service, which `paiban validate` then fails.
#[test]
fn a_short_team_shows_in_the_kpis_and_fails_validation() {
    let (mut s, h) = demo();
    let full = plan(&s, &h).unwrap();
    assert_eq!(full.kpis.basis, paiban::plan::Basis::Roster);
    // The full team covers the schedule: the roster's agents at work are at least the
    // schedule's coverage, interval by interval (breaks are the schedule's).
    for (i, c) in full.schedule.coverage.iter().enumerate() {
        assert!(full.kpis.at_work[i] + 1e-9 >= c.scheduled, "interval {i}");
    }
    s.agents.truncate(20);
    let short = plan(&s, &h).unwrap();
    let r = short.roster.as_ref().unwrap();
    let missing: u32 = r.shortages.iter().map(|x| x.requirement - x.assigned).sum();
    assert!(missing > 100, "{missing} unstaffed shifts");
    assert!(
        short.kpis.short_intervals > 100,
        "{}",
        short.kpis.short_intervals
    );
    for (a, b) in full.kpis.queues.iter().zip(&short.kpis.queues) {
        if let (Some(x), Some(y)) = (a.service_level_total, b.service_level_total) {
            assert!(y < x - 0.2, "{}: {y} vs {x}", a.queue);
            assert!(b.intervals_below_target > 50, "{}", b.queue);
        }
    }
    // Every shortage says why and what would fix it: with 20 agents, hire or relax a rule.
    use paiban::plan::roster::{ShortageFix, ShortageReason};
    for x in &r.shortages {
        assert!(!x.fix.is_empty(), "{x:?}");
        if x.available.is_empty() {
            assert!(!matches!(x.reason, ShortageReason::SoftCosts), "{x:?}");
            assert!(
                x.fix.iter().any(|f| matches!(f, ShortageFix::Hire { agents } if *agents == x.requirement - x.assigned)),
                "{x:?}"
            );
        }
    }
    // The cost is what the rostered shifts cost, not the schedule's.
    assert!(short.kpis.cost < 0.5 * full.kpis.cost);
    let report =
        paiban::validate::check_plan(&short, paiban::validate::PlanChecks { simulate: None })
            .unwrap();
    assert!(!report.passed);
}
