use super::*;
use crate::staffing::whatif::{pooling, PoolPart};
use crate::staffing::{evaluate, missed_targets, required_agents};

fn target(sl: f64, t: f64) -> Target {
    Target {
        service_level: sl,
        answer_seconds: t,
        max_asa_seconds: None,
        max_abandon_rate: None,
    }
}

fn voice(volume: f64, aht: f64, patience: Option<f64>, t: Target) -> SkillQueue {
    SkillQueue {
        demand: Demand {
            volume,
            interval_seconds: 1800.0,
        },
        service: ServiceModel::Voice {
            aht_seconds: aht,
            patience_seconds: patience,
        },
        target: t,
        max_occupancy: None,
    }
}

fn group(skills: &[usize]) -> SkillGroup {
    SkillGroup {
        skills: skills.to_vec(),
        cost: 1.0,
        max_agents: None,
    }
}

#[test]
fn one_queue_one_group_gives_todays_requirement() {
    let mut cases = vec![
        voice(100.0, 180.0, None, target(0.8, 20.0)),
        voice(100.0, 180.0, Some(300.0), target(0.9, 15.0)),
        voice(3.0, 600.0, None, target(0.8, 20.0)),
        voice(2000.0, 240.0, Some(120.0), target(0.8, 20.0)),
        voice(0.0, 180.0, None, target(0.8, 20.0)),
    ];
    let mut capped = voice(100.0, 180.0, None, target(0.5, 60.0));
    capped.max_occupancy = Some(0.7);
    cases.push(capped);
    let mut asa = voice(300.0, 200.0, None, target(0.0, 20.0));
    asa.target.max_asa_seconds = Some(10.0);
    cases.push(asa);
    cases.push(SkillQueue {
        demand: Demand {
            volume: 300.0,
            interval_seconds: 1800.0,
        },
        service: ServiceModel::Chat {
            aht_seconds_by_concurrency: vec![300.0, 390.0, 480.0],
            patience_seconds: Some(600.0),
        },
        target: target(0.8, 60.0),
        max_occupancy: Some(0.9),
    });
    for (i, q) in cases.iter().enumerate() {
        let today = required_agents(&q.demand, &q.service, &q.target, q.max_occupancy).unwrap();
        let s = staff_interval_modelled(std::slice::from_ref(q), &[group(&[0])], 50).unwrap();
        assert_eq!(s.agents, vec![today.agents], "case {i}");
        assert_eq!(s.single_skill, vec![today.agents], "case {i}");
        assert_eq!(s.initial_agents, vec![today.agents], "case {i}");
        assert_eq!(s.targets_met, vec![today.targets_met], "case {i}");
        let m = modelled_service(std::slice::from_ref(q), &[group(&[0])], &[today.agents]).unwrap();
        assert_eq!(
            m.queues[0],
            QueueService::from_performance(&today.performance),
            "case {i}"
        );
    }
}

#[test]
fn dedicated_teams_give_each_queue_its_own_requirement() {
    let qs = vec![
        voice(100.0, 180.0, None, target(0.8, 20.0)),
        voice(40.0, 300.0, Some(200.0), target(0.9, 10.0)),
        voice(250.0, 150.0, None, target(0.7, 30.0)),
    ];
    let groups = vec![group(&[0]), group(&[1]), group(&[2])];
    let s = staff_interval_modelled(&qs, &groups, 100).unwrap();
    assert_eq!(s.agents, s.single_skill);
    for (q, &n) in qs.iter().zip(&s.agents) {
        let r = required_agents(&q.demand, &q.service, &q.target, None).unwrap();
        assert_eq!(n, r.agents);
    }
}

#[test]
fn one_team_with_every_skill_gives_the_pooled_requirement() {
    for (v1, v2, a1, a2) in [
        (100.0, 100.0, 180.0, 180.0),
        (60.0, 150.0, 240.0, 150.0),
        (5.0, 300.0, 400.0, 200.0),
    ] {
        let t = target(0.8, 20.0);
        let qs = vec![
            voice(v1, a1, None, t.clone()),
            voice(v2, a2, None, t.clone()),
        ];
        let s = staff_interval_modelled(&qs, &[group(&[0, 1])], 100).unwrap();
        let parts = [
            PoolPart {
                volume: v1,
                aht_seconds: a1,
            },
            PoolPart {
                volume: v2,
                aht_seconds: a2,
            },
        ];
        let pooled = pooling(&parts, 1800.0, &t, None, None).unwrap();
        assert_eq!(s.agents, vec![pooled.pooled], "{v1} {v2}");
        assert_eq!(s.pool_requirement, vec![pooled.pooled; 2]);
        assert!(s.agents[0] < s.single_skill.iter().sum::<u32>());
    }
}

#[test]
fn cross_training_is_cheaper_than_separate_teams_and_the_lp_uses_it() {
    // Two 10-Erlang queues; generalists cost 10% more. The LP keeps most agents dedicated and
    // adds a few generalists for the pooling gain; the result is below 14 + 14 agents' cost.
    let t = target(0.8, 20.0);
    let qs = vec![
        voice(100.0, 180.0, None, t.clone()),
        voice(100.0, 180.0, None, t),
    ];
    let mut flex = group(&[0, 1]);
    flex.cost = 1.1;
    let groups = vec![group(&[0]), group(&[1]), flex];
    let s = staff_interval_modelled(&qs, &groups, 200).unwrap();
    assert!(s.targets_met.iter().all(|&m| m));
    assert!(s.cost < 28.0, "{s:?}");
    assert!(s.agents[2] > 0);
    for (g, row) in s.split.iter().enumerate() {
        let total: f64 = row.iter().sum();
        assert!((total - f64::from(s.agents[g])).abs() < 1e-6 || s.agents[g] == 0);
    }
}

#[test]
fn headcount_limits_bind_and_an_unservable_queue_is_reported() {
    let t = target(0.8, 20.0);
    let qs = vec![
        voice(100.0, 180.0, None, t.clone()),
        voice(50.0, 180.0, None, t),
    ];
    let mut g0 = group(&[0]);
    g0.max_agents = Some(10);
    let s = staff_interval_modelled(&qs, &[g0, group(&[0, 1])], 200).unwrap();
    assert!(s.agents[0] <= 10);
    assert!(s.targets_met.iter().all(|&m| m));
    let mut g = group(&[0]);
    g.max_agents = Some(5);
    let s = staff_interval_modelled(&qs, &[g], 200).unwrap();
    assert_eq!(s.agents, vec![5]);
    assert_eq!(s.targets_met, vec![false, false]);
}

#[test]
fn modelled_service_is_exact_for_one_pooled_team() {
    let t = target(0.8, 20.0);
    let qs = vec![
        voice(60.0, 180.0, None, t.clone()),
        voice(40.0, 180.0, None, t),
    ];
    let m = modelled_service(&qs, &[group(&[0, 1])], &[14]).unwrap();
    let p = evaluate(
        &Demand {
            volume: 100.0,
            interval_seconds: 1800.0,
        },
        &ServiceModel::erlang_c(180.0),
        14,
        20.0,
    )
    .unwrap();
    for s in &m.queues {
        assert!((s.service_level - p.service_level).abs() < 1e-9);
    }
    assert!((m.split[0][0] - 14.0 * 0.6).abs() < 1e-6);
}

#[test]
fn meets_target_is_the_single_skill_rule() {
    let d = Demand {
        volume: 100.0,
        interval_seconds: 1800.0,
    };
    for patience in [None, Some(300.0)] {
        let model = ServiceModel::Voice {
            aht_seconds: 180.0,
            patience_seconds: patience,
        };
        for n in 9..17 {
            let p = evaluate(&d, &model, n, 20.0).unwrap();
            for (sl, asa, ab, occ) in [
                (0.8, None, None, None),
                (0.5, Some(10.0), None, Some(0.75)),
                (0.0, None, Some(0.02), None),
            ] {
                let t = Target {
                    service_level: sl,
                    answer_seconds: 20.0,
                    max_asa_seconds: asa,
                    max_abandon_rate: ab,
                };
                let a = meets_target(&QueueService::from_performance(&p), &t, occ);
                assert_eq!(a, missed_targets(&p, &t, occ).is_empty(), "{n} {sl}");
            }
        }
    }
}

#[test]
fn skill_groups_are_distinct_skill_sets_with_their_headcount() {
    let g = skill_groups(&[vec![0], vec![1, 0], vec![0, 1], vec![2], vec![0]]);
    assert_eq!(g.len(), 3);
    assert_eq!(g[0].group.skills, vec![0]);
    assert_eq!(g[0].agents, vec![0, 4]);
    assert_eq!(g[0].group.max_agents, Some(2));
    assert_eq!(g[1].group.skills, vec![0, 1]);
    assert_eq!(g[1].agents, vec![1, 2]);
    assert_eq!(g[2].group.max_agents, Some(1));
}

#[test]
fn bad_inputs_name_the_field() {
    let t = target(0.8, 20.0);
    let qs = vec![voice(100.0, 180.0, None, t.clone())];
    let e = staff_interval_modelled(&qs, &[group(&[1])], 10).unwrap_err();
    assert_eq!(e.path(), "groups[0].skills[0]");
    let e = staff_interval_modelled(&qs, &[group(&[0, 0])], 10).unwrap_err();
    assert_eq!(e.path(), "groups[0].skills[1]");
    let mut g = group(&[0]);
    g.cost = 0.0;
    assert_eq!(
        staff_interval_modelled(&qs, &[g], 10).unwrap_err().path(),
        "groups[0].cost"
    );
    assert_eq!(
        staff_interval_modelled(&qs, &[], 10).unwrap_err().path(),
        "groups"
    );
    assert_eq!(
        staff_interval_modelled(&[], &[group(&[0])], 10)
            .unwrap_err()
            .path(),
        "queues"
    );
    let bad = vec![voice(-1.0, 180.0, None, t.clone())];
    assert_eq!(
        staff_interval_modelled(&bad, &[group(&[0])], 10)
            .unwrap_err()
            .path(),
        "queues[0].volume"
    );
    let bad = vec![voice(1.0, 180.0, None, target(1.5, 20.0))];
    assert_eq!(
        staff_interval_modelled(&bad, &[group(&[0])], 10)
            .unwrap_err()
            .path(),
        "queues[0].target.service_level"
    );
    let e = modelled_service(&qs, &[group(&[0])], &[1, 2]).unwrap_err();
    assert_eq!(e.path(), "agents");
    let e = staff_interval(&qs, &[group(&[0])], 10, |_| Ok(vec![])).unwrap_err();
    assert_eq!(e.path(), "evaluator");
}

#[test]
fn unreachable_targets_stop_on_the_work_cap_and_indices_are_checked() {
    // An occupancy cap of one in a million is out of reach of any team: not chased (no budget
    // spent), reported as missed; the other queue is staffed as usual.
    let mut hopeless = voice(100.0, 180.0, None, target(0.8, 20.0));
    hopeless.max_occupancy = Some(1e-6);
    let qs = vec![hopeless, voice(100.0, 180.0, None, target(0.8, 20.0))];
    let s = staff_interval_modelled(&qs, &[group(&[0]), group(&[1])], u32::MAX).unwrap();
    assert_eq!(s.targets_met, vec![false, true]);
    assert_eq!(s.agents[1], 14);
    assert!(s.evaluations < 100, "{}", s.evaluations);
    let qs = vec![voice(100.0, 180.0, None, target(0.8, 20.0))];
    let e = pooled_requirement(&qs, &[3]).unwrap_err();
    assert_eq!(e.path(), "members[0]");
    let e = modelled_horizon(std::slice::from_ref(&qs), &[group(&[0])], &[]).unwrap_err();
    assert_eq!(e.path(), "agents");
    let h = modelled_horizon(&[qs.clone(), qs], &[group(&[0])], &[vec![14.0], vec![15.0]]).unwrap();
    let (a, b) = (
        h.intervals[0].queues[0].service_level,
        h.intervals[1].queues[0].service_level,
    );
    assert!((h.service_level[0].unwrap() - (a + b) / 2.0).abs() < 1e-12);
}

#[test]
fn mean_agents_interpolate_between_whole_numbers() {
    let qs = vec![voice(100.0, 180.0, None, target(0.8, 20.0))];
    let at = |x: f64| {
        modelled_service_mean(&qs, &[group(&[0])], &[x])
            .unwrap()
            .queues[0]
            .service_level
    };
    let (a, b, m) = (at(13.0), at(14.0), at(13.5));
    assert!((m - (a + b) / 2.0).abs() < 1e-12);
    assert_eq!(
        at(14.0),
        modelled_service(&qs, &[group(&[0])], &[14]).unwrap().queues[0].service_level
    );
    let e = modelled_service_mean(&qs, &[group(&[0])], &[f64::NAN]).unwrap_err();
    assert_eq!(e.path(), "agents[0]");
}

fn chat(volume: f64, levels: &[f64], t: Target) -> SkillQueue {
    SkillQueue {
        demand: Demand {
            volume,
            interval_seconds: 1800.0,
        },
        service: ServiceModel::Chat {
            aht_seconds_by_concurrency: levels.to_vec(),
            patience_seconds: None,
        },
        target: t,
        max_occupancy: None,
    }
}

#[test]
fn chat_work_counts_at_its_capacity_share() {
    // 120 chats of 10 min at concurrency 3: 40 Erlangs of chats, 13.3 agents' worth.
    let q = chat(120.0, &[600.0, 600.0, 600.0], target(0.8, 60.0));
    assert!((load_of(&q) - 120.0 * 600.0 / 1800.0 / 3.0).abs() < 1e-9);
    // A chat queue alone is still exactly its single-queue model.
    let alone = modelled_service(std::slice::from_ref(&q), &[group(&[0])], &[16]).unwrap();
    let single = evaluate(&q.demand, &q.service, 16, 60.0).unwrap();
    assert!((alone.queues[0].service_level - single.service_level).abs() < 1e-12);
    // Two such queues on one team: the pooled chat model of 80 Erlangs on 30 agents, not the
    // model of three times the load.
    let two = modelled_service(&[q.clone(), q.clone()], &[group(&[0, 1])], &[30]).unwrap();
    let mut pooled = q.demand;
    pooled.volume *= 2.0;
    let want = evaluate(&pooled, &q.service, 30, 60.0).unwrap();
    for s in &two.queues {
        assert!((s.service_level - want.service_level).abs() < 1e-9);
        assert!(s.service_level > 0.8, "{}", s.service_level);
    }
}

#[test]
fn chats_keep_shared_agents_from_calls() {
    // A voice line of 10 Erlangs with 14 agents of its own, and 6 more agents who also answer
    // a chat queue: the more chats, the fewer of those 6 the calls get.
    let calls = voice(100.0, 180.0, None, target(0.8, 20.0));
    let groups = [group(&[0]), group(&[0, 1]), group(&[1])];
    let voice_sl = |chats: f64| {
        let c = chat(chats, &[300.0, 330.0, 360.0], target(0.8, 60.0));
        modelled_service(&[calls.clone(), c], &groups, &[14, 6, 4])
            .unwrap()
            .queues[0]
            .service_level
    };
    let (few, many) = (voice_sl(5.0), voice_sl(60.0));
    let alone = modelled_service(std::slice::from_ref(&calls), &[group(&[0])], &[14])
        .unwrap()
        .queues[0]
        .service_level;
    println!("calls alone {alone:.4}, with few chats {few:.4}, with many {many:.4}");
    assert!(few > many + 0.02, "{few} vs {many}");
    assert!(
        many > alone,
        "the shared agents still take some calls: {many} vs {alone}"
    );
}
