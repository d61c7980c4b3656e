use super::*;
use crate::activities::tests::small_plan;

fn hot_morning(p: &Plan, factor: f64, until_slot: usize) -> IntradayRequest {
    let start = p.scenario.horizon.start.and_hms_opt(0, 0, 0).unwrap();
    IntradayRequest {
        now: Timestamp(start + Duration::minutes(30 * until_slot as i64)),
        actuals: p
            .forecast
            .iter()
            .map(|f| QueueActuals {
                queue: f.queue.clone(),
                volume: f.volume[..until_slot].iter().map(|v| v * factor).collect(),
            })
            .collect(),
    }
}

#[test]
fn a_hot_morning_scales_the_rest_of_the_day_and_the_levers_never_hurt() {
    let p = small_plan();
    let r = intraday(&p, &BTreeMap::new(), &hot_morning(&p, 1.2, 20)).unwrap();
    assert_eq!(r.day, 0);
    assert!((r.reforecast[0].factor - 1.2).abs() < 1e-6);
    assert!(matches!(r.warnings[0], IntradayWarning::RawRatio { .. }));
    assert_eq!(r.intervals.len(), 48);
    for q in &r.rest_of_day {
        let (a, b, c) = (
            q.plan.unwrap(),
            q.breaks_moved.unwrap(),
            q.all_proposals.unwrap(),
        );
        // Break moves never cost service; VTO may (only where every queue stays on target).
        assert!(b + 1e-9 >= a && c > 0.0, "{q:?}");
    }
    // Moved breaks start after now and stay in their template windows.
    let now = r.now.0;
    for m in &r.breaks_moved {
        assert!(m.from.0 >= now && m.to.0 >= now);
        let a = p
            .roster
            .as_ref()
            .unwrap()
            .agents
            .iter()
            .find(|a| a.id == m.agent)
            .unwrap();
        let sh = a.shifts.iter().find(|s| s.day == 0).unwrap();
        let off = (m.to.0 - sh.start.0).num_minutes();
        assert!((60..=420).contains(&off), "{m:?}");
    }
    for o in r
        .proposals
        .iter()
        .filter(|o| o.kind == ProposalKind::Overtime)
    {
        assert!(o.cost > 0.0 && o.contacts > 0.0);
        assert!(o
            .effect
            .iter()
            .all(|e| e.after.unwrap_or(0.0) + 1e-9 >= e.before.unwrap_or(0.0)));
    }
    // Deterministic.
    assert_eq!(
        intraday(&p, &BTreeMap::new(), &hot_morning(&p, 1.2, 20)).unwrap(),
        r
    );
}

#[test]
fn bad_actuals_are_named() {
    let p = small_plan();
    let mut q = hot_morning(&p, 1.0, 20);
    q.actuals[0].volume.pop();
    let e = intraday(&p, &BTreeMap::new(), &q).unwrap_err();
    assert_eq!(e.path(), "actuals[0].volume");
    let mut q = hot_morning(&p, 1.0, 20);
    q.actuals[0].volume[3] = f64::NAN;
    assert_eq!(
        intraday(&p, &BTreeMap::new(), &q).unwrap_err().path(),
        "actuals[0].volume[3]"
    );
    let mut q = hot_morning(&p, 1.0, 20);
    q.actuals[0].queue = "nope".into();
    assert_eq!(
        intraday(&p, &BTreeMap::new(), &q).unwrap_err().path(),
        "actuals[0].queue"
    );
    let mut q = hot_morning(&p, 1.0, 20);
    q.now = Timestamp(q.now.0 + Duration::days(30));
    assert_eq!(
        intraday(&p, &BTreeMap::new(), &q).unwrap_err().path(),
        "now"
    );
}
