//! Golden outputs of the validation report renderers (text, JSON, JUnit XML) and the exit-code
//! semantics. Refresh the files in tests/data/validate/ with `UPDATE_EXPECT=1 cargo test --test
//! validate` and review the diff.

use paiban::validate::{
    check_intervals, render, Format, IntervalAchieved, IntervalTargets, Report, ServiceLevelTarget,
    Severity, Subject, Violation,
};

fn golden(name: &str, actual: &str) {
    let path = format!("{}/tests/data/validate/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run with UPDATE_EXPECT=1 to create it)"));
    assert_eq!(
        actual, expected,
        "{name} differs; UPDATE_EXPECT=1 refreshes it"
    );
}

fn interval(ts: &str, sl: f64, asa: f64, occ: f64) -> IntervalAchieved {
    IntervalAchieved {
        timestamp: ts.into(),
        service_level: Some(sl),
        asa_seconds: Some(asa),
        abandon_rate: None,
        occupancy: Some(occ),
    }
}

/// A broken plan: two intervals below the service level, one above the occupancy cap, an
/// agent-rule violation whose names need XML escaping, and a warning.
fn broken() -> Report {
    let targets = IntervalTargets {
        service_level: Some(ServiceLevelTarget {
            fraction: 0.8,
            answer_seconds: 20.0,
        }),
        max_asa_seconds: Some(30.0),
        max_abandon_rate: Some(0.05),
        max_occupancy: Some(0.85),
    };
    let achieved = [
        interval("2024-01-01T09:00", 0.72, 24.5, 0.84),
        interval("2024-01-01T09:30", 0.795, 28.0, 0.86),
        interval("2024-01-01T10:00", 0.91, 6.0, 0.7),
    ];
    let mut report = check_intervals(&targets, &achieved).unwrap();
    report.record(
        "at least 11 h rest between shifts",
        14,
        vec![Violation {
            rule: "at least 11 h rest between shifts".into(),
            severity: Severity::Error,
            subject: Subject::Agent {
                agent: "Li <Lei> & \"Wang\"".into(),
                date: "2024-01-02".into(),
            },
            value: 9.5,
            limit: 11.0,
            message: "9.5 h rest after the late shift ending 2024-01-01T23:00 < 11 h".into(),
        }],
    );
    report.record(
        "at most 2 working weekends a month",
        14,
        vec![Violation {
            rule: "at most 2 working weekends a month".into(),
            severity: Severity::Warning,
            subject: Subject::Agent {
                agent: "A07".into(),
                date: "2024-01-27".into(),
            },
            value: 3.0,
            limit: 2.0,
            message: "3 working weekends in January".into(),
        }],
    );
    report
}

fn clean() -> Report {
    let targets = IntervalTargets {
        service_level: Some(ServiceLevelTarget {
            fraction: 0.8,
            answer_seconds: 20.0,
        }),
        max_asa_seconds: None,
        max_abandon_rate: None,
        max_occupancy: Some(0.85),
    };
    check_intervals(&targets, &[interval("2024-01-01T09:00", 0.9, 5.0, 0.7)]).unwrap()
}

#[test]
fn broken_plan_renders_as_text_json_and_junit() {
    let r = broken();
    assert!(!r.passed);
    assert_eq!(r.exit_code(), 1);
    assert_eq!((r.errors(), r.warnings()), (4, 1));
    golden("broken.txt", &render(&r, Format::Text).unwrap());
    golden("broken.json", &render(&r, Format::Json).unwrap());
    golden("broken.junit.xml", &render(&r, Format::Junit).unwrap());
}

#[test]
fn clean_plan_renders_and_exits_zero() {
    let r = clean();
    assert!(r.passed);
    assert_eq!(r.exit_code(), 0);
    golden("clean.txt", &render(&r, Format::Text).unwrap());
    golden("clean.junit.xml", &render(&r, Format::Junit).unwrap());
}

#[test]
fn warnings_alone_do_not_fail_a_plan() {
    let mut r = clean();
    r.record(
        "at most 2 working weekends a month",
        1,
        vec![Violation {
            rule: "at most 2 working weekends a month".into(),
            severity: Severity::Warning,
            subject: Subject::Plan,
            value: 3.0,
            limit: 2.0,
            message: "3 working weekends".into(),
        }],
    );
    assert!(r.passed);
    assert_eq!(r.exit_code(), 0);
    let junit = render(&r, Format::Junit).unwrap();
    assert!(junit.contains("failures=\"0\""));
    assert!(junit.contains("<system-out>[warning] plan: 3 working weekends</system-out>"));
}

#[test]
fn json_report_round_trips() {
    let r = broken();
    let back: Report = serde_json::from_str(&render(&r, Format::Json).unwrap()).unwrap();
    assert_eq!(back, r);
}
