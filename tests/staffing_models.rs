//! Chat concurrency, what-if tables, pooling and horizon requirements, pinned to values.

use paiban::staffing::horizon::{requirements_request, RequirementsRequest};
use paiban::staffing::whatif::{pooling, what_if, PoolPart, STANDARD_TARGETS};
use paiban::staffing::{evaluate, required_agents, Demand, ServiceModel, Target};

fn target(sl: f64, t: f64) -> Target {
    Target {
        service_level: sl,
        answer_seconds: t,
        max_asa_seconds: None,
        max_abandon_rate: None,
    }
}

fn chat(levels: &[f64], patience: Option<f64>) -> ServiceModel {
    ServiceModel::Chat {
        aht_seconds_by_concurrency: levels.to_vec(),
        patience_seconds: patience,
    }
}

#[test]
fn chat_with_one_slot_is_erlang_c_and_a() {
    let d = Demand {
        volume: 120.0,
        interval_seconds: 1800.0,
    };
    for patience in [None, Some(240.0)] {
        for n in [6u32, 9, 12, 20] {
            let c = evaluate(&d, &chat(&[150.0], patience), n, 30.0).unwrap();
            let v = evaluate(
                &d,
                &ServiceModel::Voice {
                    aht_seconds: 150.0,
                    patience_seconds: patience,
                },
                n,
                30.0,
            )
            .unwrap();
            assert_eq!(c.unstable, v.unstable);
            if !v.unstable {
                assert!((c.service_level - v.service_level).abs() < 1e-12);
                assert!((c.p_wait - v.p_wait).abs() < 1e-12);
                assert!((c.occupancy - v.occupancy).abs() < 1e-12);
                let (a, b) = (c.asa_seconds.unwrap(), v.asa_seconds.unwrap());
                assert!((a - b).abs() < 1e-9 * b.max(1.0));
            }
        }
    }
}

/// The k = 1, 2, 3 table of the docs: 300 chats per 30 min, 80% answered within 60 s.
/// Handle time per chat rises with concurrency (300, 390, 480 s); "flat" keeps 300 s.
#[test]
fn concurrency_table() {
    let d = Demand {
        volume: 300.0,
        interval_seconds: 1800.0,
    };
    let t = target(0.8, 60.0);
    let need = |levels: &[f64]| required_agents(&d, &chat(levels, None), &t, None).unwrap();
    assert_eq!(need(&[300.0]).agents, 55);
    assert_eq!(need(&[300.0, 390.0]).agents, 35);
    assert_eq!(need(&[300.0, 390.0, 480.0]).agents, 29);
    assert_eq!(need(&[300.0, 300.0]).agents, 28);
    assert_eq!(need(&[300.0, 300.0, 300.0]).agents, 19);
    // Abandonment in chat makes fewer agents meet an ASA cap.
    let mut with_asa = target(0.8, 60.0);
    with_asa.max_asa_seconds = Some(10.0);
    let patient = required_agents(&d, &chat(&[300.0, 390.0], None), &with_asa, None).unwrap();
    let leaving =
        required_agents(&d, &chat(&[300.0, 390.0], Some(120.0)), &with_asa, None).unwrap();
    assert!(leaving.agents <= patient.agents);
}

#[test]
fn what_if_standard_targets() {
    let d = Demand {
        volume: 100.0,
        interval_seconds: 1800.0,
    };
    let w = what_if(&d, &ServiceModel::erlang_c(180.0), &STANDARD_TARGETS).unwrap();
    assert_eq!(w.required, vec![13, 14, 15, 16]);
    assert_eq!(w.rows.first().unwrap().agents, 10);
    assert_eq!(w.rows.last().unwrap().agents, 19);
    let row14 = w.rows.iter().find(|r| r.agents == 14).unwrap();
    assert!((row14.service_levels[1] - 0.88835).abs() < 5e-6);
    assert!(w.rows[0].unstable);
}

#[test]
fn pooling_saves_agents() {
    let p = pooling(
        &[
            PoolPart {
                volume: 100.0,
                aht_seconds: 180.0,
            },
            PoolPart {
                volume: 60.0,
                aht_seconds: 300.0,
            },
        ],
        1800.0,
        &target(0.8, 20.0),
        None,
        None,
    )
    .unwrap();
    assert_eq!(p.separate, vec![14, 14]);
    assert_eq!(p.pooled, 25);
    assert_eq!(p.saving, 3);
    assert!((p.pooled_aht_seconds - 225.0).abs() < 1e-12);
}

fn request() -> RequirementsRequest {
    serde_json::from_str(
        r#"{
        "start": "2024-06-17T08:00", "interval_minutes": 60,
        "queues": [
          {"id": "presales", "name": "售前", "channel": "voice", "aht_seconds": 180,
           "target": {"service_level": 0.8, "answer_seconds": 20}, "max_occupancy": 0.85},
          {"id": "aftersales", "name": "售后", "channel": "voice", "aht_seconds": 300,
           "patience_seconds": 120,
           "target": {"service_level": 0.8, "answer_seconds": 20, "max_abandon_rate": 0.05}},
          {"id": "chat", "name": "在线", "channel": "chat", "aht_seconds": 300,
           "concurrency": 2, "aht_seconds_by_concurrency": [300, 390],
           "target": {"service_level": 0.8, "answer_seconds": 60}},
          {"id": "mail", "name": "邮件", "channel": "email", "aht_seconds": 600,
           "response_window_minutes": 120, "response_window_clock": "open_hours"}
        ],
        "forecast": [
          {"queue": "presales", "volume": [200, 400, 0, 300]},
          {"queue": "aftersales", "volume": [60, 120, 90, 30], "aht_seconds": [300, 320, 280, 300]},
          {"queue": "chat", "volume": [100, 150, 120, 80]},
          {"queue": "mail", "volume": [12, 6, 0, 18]}
        ],
        "shrinkage": {"combine": "additive", "components": {"breaks": 0.1, "absence": 0.2},
                      "by_weekday": {"mon": {"breaks": 0.1, "absence": 0.25}}}
      }"#,
    )
    .unwrap()
}

#[test]
fn horizon_requirements_per_queue_and_total() {
    let h = requirements_request(&request()).unwrap();
    assert_eq!(h.timestamps[0], "2024-06-17T08:00");
    assert_eq!(h.queues.len(), 4);
    // Pre-sales at 200 calls/h x 180 s = 10 Erlangs: the reference's 14 agents; 0 when idle.
    assert_eq!(h.queues[0].agents[0], 14);
    assert_eq!(h.queues[0].agents[2], 0);
    // E-mail: 12 items x 10 min due in the second hour need 2 agents; backlog curve reported.
    assert_eq!(h.queues[3].agents, vec![0, 2, 1, 0]);
    assert_eq!(
        h.queues[3].backlog.as_ref().unwrap(),
        &vec![12.0, 6.0, 0.0, 18.0]
    );
    for i in 0..4 {
        let sum: u32 = h.queues.iter().map(|q| q.agents[i]).sum();
        assert_eq!(h.total_agents[i], sum);
        // 2024-06-17 is a Monday: 35% shrinkage.
        assert!((h.shrinkage[i] - 0.35).abs() < 1e-12);
        assert_eq!(
            h.total_positions[i],
            (f64::from(sum) / 0.65 - 1e-9).ceil() as u32
        );
    }
    for q in &h.queues {
        assert!(q.unmet.is_empty());
    }
    let ab = &h.queues[1];
    assert!(ab.service_level.iter().all(|s| s.unwrap() >= 0.8));
}

#[test]
fn horizon_errors_name_the_json_path() {
    let mut r = request();
    r.queues[1].target.as_mut().unwrap().service_level = 1.5;
    let e = requirements_request(&r).unwrap_err();
    assert_eq!(e.path(), "queues[1].target.service_level");
    let mut r = request();
    r.forecast[2].volume[1] = -3.0;
    assert_eq!(
        requirements_request(&r).unwrap_err().path(),
        "forecast[2].volume[1]"
    );
    let mut r = request();
    r.queues[3].response_window_clock = None;
    assert_eq!(
        requirements_request(&r).unwrap_err().path(),
        "queues[3].response_window_clock"
    );
    let unknown: Result<RequirementsRequest, _> = serde_json::from_str(
        r#"{"start":"2024-06-17T08:00","interval_minutes":60,"queues":[],"forecast":[],"x":1}"#,
    );
    assert!(unknown.is_err());
}

#[test]
fn oversized_inputs_are_refused_not_hung() {
    let huge = Demand {
        volume: 1e12,
        interval_seconds: 1800.0,
    };
    let e = required_agents(
        &huge,
        &ServiceModel::erlang_c(180.0),
        &target(0.8, 20.0),
        None,
    )
    .unwrap_err();
    assert_eq!(e.path(), "volume");
    let d = Demand {
        volume: 10.0,
        interval_seconds: 1800.0,
    };
    let e = evaluate(&d, &ServiceModel::erlang_c(180.0), u32::MAX, 20.0).unwrap_err();
    assert_eq!(e.path(), "agents");
}
