use super::*;
use crate::plan::plan;
use crate::scenario::Scenario;
use std::collections::BTreeMap;

/// A two-day, one-queue plan of 14 agents on the demo's shift templates, with volumes given
/// directly (a morning peak, a quiet early afternoon, an evening shoulder).
pub(crate) fn small_plan() -> Plan {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("examples/shop.json").unwrap()).unwrap();
    v["horizon"]["days"] = 2.into();
    v["history"] = serde_json::json!({});
    let queues = v["queues"].as_array().unwrap().clone();
    v["queues"] = serde_json::json!([queues[1].clone()]);
    let per_day: Vec<f64> = (0..48)
        .map(|s| match s {
            16..=21 => 55.0,
            22..=27 => 30.0,
            28..=33 => 15.0,
            34..=41 => 35.0,
            42..=47 => 12.0,
            _ => 0.0,
        })
        .collect();
    let vol: Vec<f64> = per_day.iter().chain(per_day.iter()).copied().collect();
    v["volumes"] = serde_json::json!([{"queue": "aftersales", "volume": vol}]);
    let mut agents = v["agents"].as_array().unwrap()[..14].to_vec();
    for a in &mut agents {
        a["days_off"] = serde_json::json!([]);
        a["requests"] = serde_json::json!([]);
    }
    v["agents"] = serde_json::Value::Array(agents);
    v["solver"]["roster_iterations"] = 20000.into();
    let s = Scenario::from_json(&v.to_string()).unwrap();
    plan(&s, &BTreeMap::new()).unwrap()
}

pub(crate) fn meeting(minutes: u32, grouping: Grouping, recurrence: Recurrence) -> Activity {
    Activity {
        name: "wrap-up".into(),
        kind: ActivityKind::Meeting,
        minutes,
        attendees: Attendees::Everyone,
        grouping,
        window: ActivityWindow {
            days: Weekday::ALL.to_vec(),
            from: ClockTime::MIDNIGHT,
            to: ClockTime::END_OF_DAY,
        },
        recurrence,
        min_service_level: None,
        mandatory: false,
    }
}

/// Every session inside its agent's shift, outside breaks and other sessions, in the window.
pub(crate) fn assert_sessions_valid(p: &Plan, acts: &[Activity], d: &DayPlan) {
    let r = p.roster.as_ref().unwrap();
    for ad in &d.agents {
        let a = r.agents.iter().find(|a| a.id == ad.agent).unwrap();
        let sh = a.shifts.iter().find(|s| s.day == ad.day).unwrap();
        let mut taken: Vec<(NaiveDateTime, NaiveDateTime)> = Vec::new();
        for s in &ad.sessions {
            let (lo, hi) = (
                s.start.0,
                s.start.0 + Duration::minutes(i64::from(s.minutes)),
            );
            assert!(lo >= sh.start.0 && hi <= sh.end.0, "{s:?} outside {sh:?}");
            for b in &sh.breaks {
                let (b0, b1) = (
                    b.start.0,
                    b.start.0 + Duration::minutes(i64::from(b.minutes)),
                );
                assert!(hi <= b0 || lo >= b1, "{s:?} overlaps break {b:?}");
            }
            for &(t0, t1) in &taken {
                assert!(hi <= t0 || lo >= t1, "{s:?} overlaps another session");
            }
            taken.push((lo, hi));
            let w = &acts[s.activity].window;
            let m = crate::time::minute_of_day(lo);
            assert!(m >= w.from.minutes() && m + s.minutes <= w.to.minutes().max(m + s.minutes));
            assert!(w.days.contains(&Weekday::of(frame_date(p, ad.day))));
        }
    }
}

/// Rostered shifts of the plan (agent-days at work).
fn working_shifts(p: &Plan) -> usize {
    p.roster
        .as_ref()
        .unwrap()
        .agents
        .iter()
        .map(|a| a.shifts.len())
        .sum()
}

fn frame_date(p: &Plan, day: usize) -> NaiveDate {
    p.scenario.horizon.start + chrono::Days::new(day as u64)
}

#[test]
fn overlaps_split_minutes_by_interval() {
    let v: Vec<_> = overlaps(30, 15, 75, 10).collect();
    assert_eq!(v, vec![(0, 15, 30), (1, 30, 60), (2, 60, 75)]);
    let mut at = vec![4.0; 3];
    take_off(&mut at, 30, 15, 45, 2.0);
    assert_eq!(at, vec![3.0, 3.0, 4.0]);
    // Outside the horizon nothing is counted (and nothing panics).
    assert_eq!(overlaps(30, -60, 0, 10).count(), 0);
    assert_eq!(overlaps(30, 290, 400, 10).count(), 1);
}

#[test]
fn daily_meeting_for_everyone_is_inside_shifts_and_costs_less_than_earliest() {
    let p = small_plan();
    let acts = vec![meeting(
        15,
        Grouping::Batches { size: 1 },
        Recurrence::Daily,
    )];
    let best = place(&p, &acts, Strategy::LeastCost).unwrap();
    let naive = place(&p, &acts, Strategy::Earliest).unwrap();
    assert_sessions_valid(&p, &acts, &best);
    assert_sessions_valid(&p, &acts, &naive);
    let working = working_shifts(&p);
    let placed: usize = best.agents.iter().map(|a| a.sessions.len()).sum();
    assert_eq!(placed, working, "one session per agent and working day");
    let loss = |d: &DayPlan| d.groups.iter().map(|g| g.service_loss).sum::<f64>();
    assert!(
        loss(&best) <= loss(&naive) + 1e-9,
        "{} vs {}",
        loss(&best),
        loss(&naive)
    );
    // At-work drops by exactly the session minutes.
    let before: f64 = crate::plan::roster_coverage(
        &Frame::new(p.scenario.clone()).unwrap(),
        p.roster.as_ref().unwrap(),
    )
    .iter()
    .sum();
    let after: f64 = best.at_work.iter().sum();
    assert!((before - after - placed as f64 * 0.5).abs() < 1e-6);
    // Deterministic.
    assert_eq!(place(&p, &acts, Strategy::LeastCost).unwrap(), best);
}

#[test]
fn batches_share_a_start_and_respect_size() {
    let p = small_plan();
    let mut t = meeting(60, Grouping::Batches { size: 4 }, Recurrence::Weekly);
    t.kind = ActivityKind::Training;
    let d = place(&p, &[t.clone()], Strategy::LeastCost).unwrap();
    assert_sessions_valid(&p, &[t], &d);
    let n: usize = d.groups.iter().map(|g| g.agents.len()).sum();
    assert_eq!(n, 14, "every agent trained once");
    assert!(d.groups.iter().all(|g| g.agents.len() <= 4));
    for g in &d.groups {
        for a in &g.agents {
            let ad = d
                .agents
                .iter()
                .find(|x| &x.agent == a && x.day == g.day)
                .unwrap();
            assert!(ad.sessions.iter().any(|s| s.start == g.start));
        }
    }
}

#[test]
fn attendees_without_free_time_are_reported_not_refused() {
    let p = small_plan();
    // No shift of the small plan reaches into 20:00-24:00.
    let mut m = meeting(60, Grouping::Together, Recurrence::Daily);
    m.window.from = ClockTime::from_minutes(20 * 60).unwrap();
    let d = place(&p, &[m], Strategy::LeastCost).unwrap();
    assert!(d.groups.is_empty());
    let working = working_shifts(&p);
    assert_eq!(d.warnings.len(), working, "one per agent and working day");
    assert!(d.warnings.iter().all(|w| matches!(
        w,
        PlacementWarning::NoFreeTime {
            activity: 0,
            date: Some(_),
            ..
        }
    )));
    // Bad input still names the field.
    let mut z = meeting(0, Grouping::Together, Recurrence::Daily);
    let e: Error = place(&p, &[z.clone()], Strategy::LeastCost)
        .unwrap_err()
        .into();
    assert_eq!(e.path(), "activities[0].minutes");
    z.minutes = 15;
    z.grouping = Grouping::Batches { size: 0 };
    let e: Error = place(&p, &[z], Strategy::LeastCost).unwrap_err().into();
    assert_eq!(e.path(), "activities[0].grouping.size");
}

/// Service per interval of the small plan with `d`'s at-work.
fn on_target(p: &Plan, acts: &[Activity], at_work: &[f64]) -> Vec<bool> {
    let f = Frame::new(p.scenario.clone()).unwrap();
    let mut c = ServiceCurve::new(
        &f,
        &p.forecast,
        &p.requirements,
        service::shrinkage_without(&f, &covered_components(acts)),
    );
    (0..at_work.len())
        .map(|k| c.at(k, at_work[k]).unwrap().on_target)
        .collect()
}

#[test]
fn the_default_floor_keeps_every_interval_on_its_targets() {
    let p = small_plan();
    // Two-hour training for everyone, in batches of 4: a lot of time off the floor.
    let mut t = meeting(120, Grouping::Batches { size: 4 }, Recurrence::Weekly);
    t.kind = ActivityKind::Training;
    let acts = [t.clone()];
    let none = unplaced(&p, &acts).unwrap();
    let before = on_target(&p, &acts, &none.at_work);
    let d = place(&p, &acts, Strategy::LeastCost).unwrap();
    assert_sessions_valid(&p, &acts, &d);
    let after = on_target(&p, &acts, &d.at_work);
    for (k, (&b, &a)) in before.iter().zip(&after).enumerate() {
        assert!(
            !b || a,
            "interval {k} was on target and is not with the sessions"
        );
    }
    // Whoever is not placed is reported, and everyone is either placed or reported.
    let placed: usize = d.groups.iter().map(|g| g.agents.len()).sum();
    let excused: usize = d.warnings.iter().map(|w| w.excused().len()).sum();
    assert_eq!(placed + excused, 14, "{:?}", d.warnings);
    // The hand-made reference ignores the floor: it breaks intervals the optimiser keeps.
    let naive = place(&p, &acts, Strategy::Earliest).unwrap();
    let broken = |x: &[bool]| before.iter().zip(x).filter(|(&b, &a)| b && !a).count();
    assert!(broken(&on_target(&p, &acts, &naive.at_work)) > 0);
    assert_eq!(broken(&after), 0);
}

#[test]
fn a_floor_no_start_keeps_leaves_attendees_out_unless_mandatory() {
    let p = small_plan();
    let first = p.roster.as_ref().unwrap().agents[0].id.clone();
    let mut f = meeting(240, Grouping::Together, Recurrence::Weekly);
    f.attendees = Attendees::Agents {
        ids: vec![first.clone()],
    };
    f.min_service_level = Some(1.0);
    let d = place(&p, &[f.clone()], Strategy::LeastCost).unwrap();
    assert!(d.groups.is_empty());
    assert_eq!(
        d.warnings,
        vec![PlacementWarning::Unplaced {
            activity: 0,
            agents: vec![first.clone()],
            date: None
        }]
    );
    f.mandatory = true;
    let d = place(&p, &[f], Strategy::LeastCost).unwrap();
    assert_eq!(d.groups.len(), 1);
    assert_eq!(d.groups[0].agents, vec![first]);
    assert_eq!(
        d.warnings,
        vec![PlacementWarning::BelowFloor {
            activity: 0,
            group: 0
        }]
    );
}

#[test]
fn shrinkage_net_of_meetings_and_training() {
    let p = small_plan();
    let f = Frame::new(p.scenario.clone()).unwrap();
    let full = service::shrinkage_without(&f, &[]);
    let net = service::shrinkage_without(
        &f,
        &covered_components(&[
            meeting(15, Grouping::Together, Recurrence::Daily),
            Activity {
                kind: ActivityKind::Coaching,
                ..meeting(15, Grouping::Together, Recurrence::Daily)
            },
        ]),
    );
    assert!((full[0] - p.requirements.shrinkage[0]).abs() < 1e-12);
    assert!(
        (full[0] - net[0] - 0.07).abs() < 1e-9,
        "{} {}",
        full[0],
        net[0]
    );
}
