//! Shift scheduling with skill groups (issue 16 item 3): the single-pool schedule when one
//! group has every skill, skills respected, pooling cheaper than separate teams, and the
//! exact optimum of small instances from HiGHS (`benches/schedule_skills_optimum.py`).

use paiban::schedule::requirements::Requirements;
use paiban::schedule::template::ShiftSet;
use paiban::schedule::{
    schedule, schedule_skills, Objective, ScheduleOptions, SkillGroup, SkillRequirements,
};
use paiban::time::{parse_timestamp, Grid};
use serde_json::Value;

const BENCH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data/schedule");
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/schedule/skills");

fn day30() -> (ShiftSet, Requirements) {
    let set = ShiftSet::from_json(
        &std::fs::read_to_string(format!("{BENCH}/day30_shifts.json")).unwrap(),
    )
    .unwrap();
    let req = Requirements::from_csv(
        &std::fs::read_to_string(format!("{BENCH}/day30_requirements.csv")).unwrap(),
    )
    .unwrap();
    (set, req)
}

fn opts() -> ScheduleOptions {
    ScheduleOptions {
        gap_target: 0.0,
        ..ScheduleOptions::new(Objective::Cost)
    }
}

/// Split a requirement into queues by fixed shares (integers that add up).
fn split(total: &[f64], shares: &[f64]) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::new(); shares.len()];
    for &r in total {
        let mut left = r;
        for (q, s) in shares.iter().enumerate() {
            let v = if q + 1 == shares.len() {
                left
            } else {
                (r * s).floor().min(left)
            };
            left -= v;
            out[q].push(v);
        }
    }
    out
}

#[test]
fn one_group_with_every_skill_is_todays_single_pool_schedule() {
    let (set, req) = day30();
    let queues = split(&req.agents, &[0.5, 0.3, 0.2]);
    let sreq = SkillRequirements::new(
        req.grid,
        vec!["pre".into(), "after".into(), "vip".into()],
        queues,
    )
    .unwrap();
    let all = [SkillGroup {
        id: "all".into(),
        skills: vec![0, 1, 2],
        max_agents: None,
        max_shifts: None,
        max_paid_minutes: None,
    }];
    let s = schedule_skills(&set, &all, &sreq, &opts()).unwrap();
    let pooled = schedule(&set, &req, &opts()).unwrap();
    assert_eq!(s.groups.len(), 1);
    assert_eq!(s.groups[0].shifts, pooled.shifts);
    assert_eq!(s.objective, pooled.objective);
    assert_eq!(s.cost, pooled.cost);
    assert_eq!(s.lower_bound, pooled.lower_bound);
    // The split covers each queue (hard cover, met by the pool).
    for q in &s.queues {
        assert!(q.understaffed.is_empty(), "{}", q.queue);
    }
}

#[test]
fn agents_serve_only_their_skills_and_sharing_beats_separate_teams() {
    let (set, req) = day30();
    let queues = split(&req.agents, &[0.6, 0.4]);
    let sreq =
        SkillRequirements::new(req.grid, vec!["a".into(), "b".into()], queues.clone()).unwrap();
    let groups = [
        SkillGroup {
            id: "a".into(),
            skills: vec![0],
            max_agents: None,
            max_shifts: None,
            max_paid_minutes: None,
        },
        SkillGroup {
            id: "b".into(),
            skills: vec![1],
            max_agents: None,
            max_shifts: None,
            max_paid_minutes: None,
        },
        SkillGroup {
            id: "ab".into(),
            skills: vec![0, 1],
            max_agents: Some(3),
            max_shifts: None,
            max_paid_minutes: None,
        },
    ];
    let s = schedule_skills(&set, &groups, &sreq, &opts()).unwrap();
    for iv in &s.intervals {
        assert_eq!(iv.split[0][1], 0.0, "group a serves only queue a");
        assert_eq!(iv.split[1][0], 0.0, "group b serves only queue b");
        for (g, row) in iv.split.iter().enumerate() {
            let used: f64 = row.iter().sum();
            assert!(
                used <= iv.on_duty[g] + 1e-6,
                "{}: {used} > {}",
                iv.timestamp,
                iv.on_duty[g]
            );
        }
    }
    for q in &s.queues {
        assert!(q.understaffed.is_empty(), "{}", q.queue);
    }
    assert!(s.groups[2].max_agents_per_day <= 3);
    assert!(s.gap <= 1e-6 || s.proven_optimal || s.gap < 0.01);
    // Separate single-skill teams under the same template limits (a day limit of a template
    // holds for all groups together).
    let separate = schedule_skills(&set, &groups[..2], &sreq, &opts())
        .unwrap()
        .objective;
    let pooled = schedule(&set, &req, &opts()).unwrap().objective;
    assert!(
        s.objective <= separate + 1e-6,
        "{} > separate {separate}",
        s.objective
    );
    assert!(
        s.objective >= pooled - 1e-6,
        "{} < pooled {pooled}",
        s.objective
    );
}

#[test]
fn bad_groups_name_the_field() {
    let (set, req) = day30();
    let sreq =
        SkillRequirements::new(req.grid, vec!["a".into()], vec![req.agents.clone()]).unwrap();
    let bad = [SkillGroup {
        id: "x".into(),
        skills: vec![1],
        max_agents: None,
        max_shifts: None,
        max_paid_minutes: None,
    }];
    let e = schedule_skills(&set, &bad, &sreq, &opts()).unwrap_err();
    assert_eq!(e.path(), "groups[0].skills[0]");
    let e = SkillRequirements::new(
        req.grid,
        vec!["a".into(), "b".into()],
        vec![req.agents.clone()],
    )
    .unwrap_err();
    assert_eq!(e.path(), "agents");
}

/// Small instances (a day, 2-3 queues, 3-4 groups) against HiGHS's proven optimum of an
/// independent model with explicit breaks (benches/schedule_skills_optimum.py): within 1%.
#[test]
fn small_skill_instances_are_within_one_percent_of_the_optimum() {
    let mut names: Vec<_> = std::fs::read_dir(DATA)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    assert!(names.len() >= 4, "instances in {DATA}");
    for path in names {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let set = ShiftSet::from_json(&v["shifts"].to_string()).unwrap();
        let start = parse_timestamp(v["start"].as_str().unwrap()).unwrap();
        let agents: Vec<Vec<f64>> = serde_json::from_value(v["agents"].clone()).unwrap();
        let grid = Grid::new(start, set.interval_minutes, agents[0].len()).unwrap();
        let queues: Vec<String> = serde_json::from_value(v["queues"].clone()).unwrap();
        let groups: Vec<SkillGroup> = serde_json::from_value(v["groups"].clone()).unwrap();
        let req = SkillRequirements::new(grid, queues, agents).unwrap();
        let s = schedule_skills(&set, &groups, &req, &opts()).unwrap();
        let optimum = v["optimum"].as_f64().unwrap();
        let ratio = s.objective / optimum;
        println!(
            "{}: paiban {} optimum {optimum} ratio {ratio:.5} bound {} work {} {:?}",
            path.display(),
            s.objective,
            s.lower_bound,
            s.solver.work_used,
            s.solver.stopped_by
        );
        assert!(
            s.lower_bound <= optimum + 1e-6,
            "bound {} > optimum",
            s.lower_bound
        );
        assert!(
            s.objective >= optimum - 1e-6,
            "{} below the optimum",
            s.objective
        );
        assert!(ratio <= 1.01, "{}: ratio {ratio}", path.display());
    }
}

/// A group's horizon caps (what its agents' contracts allow) hold in the schedule, in the
/// single-pool path and in the skill-transfer model, and what they leave out is shortfall.
#[test]
fn a_groups_contract_minutes_and_shift_count_cap_its_schedule() {
    let (set, req) = day30();
    let queues = split(&req.agents, &[0.6, 0.4]);
    let sreq =
        SkillRequirements::new(req.grid, vec!["a".into(), "b".into()], queues.clone()).unwrap();
    let all = |max_shifts, max_paid_minutes| SkillGroup {
        id: "all".into(),
        skills: vec![0, 1],
        max_agents: None,
        max_shifts,
        max_paid_minutes,
    };
    let free = schedule_skills(&set, &[all(None, None)], &sreq, &opts()).unwrap();
    let free_minutes = free.paid_hours * 60.0;
    assert!(free.queues.iter().all(|q| q.understaffed.is_empty()));
    // 80% of the minutes the uncapped schedule pays, and 80% of its shifts.
    let cap_minutes = (0.8 * free_minutes).floor() as u32;
    let cap_shifts = (0.8 * f64::from(free.shift_count)).floor() as u32;
    for (shifts, minutes) in [(None, Some(cap_minutes)), (Some(cap_shifts), None)] {
        let s = schedule_skills(&set, &[all(shifts, minutes)], &sreq, &opts()).unwrap();
        if let Some(m) = minutes {
            assert!(
                s.paid_hours * 60.0 <= f64::from(m) + 1e-6,
                "{} h",
                s.paid_hours
            );
        }
        if let Some(n) = shifts {
            assert!(s.shift_count <= n, "{} shifts", s.shift_count);
        }
        assert!(
            s.queues.iter().any(|q| !q.understaffed.is_empty()),
            "the cap leaves intervals short"
        );
    }
    // Two groups: the cross-trained one capped, the dedicated one takes the rest.
    let groups = [
        SkillGroup {
            id: "a".into(),
            skills: vec![0],
            max_agents: None,
            max_shifts: None,
            max_paid_minutes: None,
        },
        SkillGroup {
            id: "ab".into(),
            skills: vec![0, 1],
            max_agents: None,
            max_shifts: None,
            max_paid_minutes: Some(3 * 480),
        },
    ];
    let s = schedule_skills(&set, &groups, &sreq, &opts()).unwrap();
    assert!(s.groups[1].paid_hours * 60.0 <= 3.0 * 480.0 + 1e-6);
    assert!(s.groups[0].shift_count > 0);
}
