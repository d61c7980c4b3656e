//! `paiban schedule` as a user runs it.

use assert_cmd::Command;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/schedule");

#[test]
fn schedule_prints_the_json_contract() {
    let out = Command::cargo_bin("paiban")
        .unwrap()
        .args([
            "schedule",
            "--requirements",
            &format!("{DATA}/small_requirements.csv"),
            "--shifts",
            &format!("{DATA}/small_shifts.json"),
            "--work-limit",
            "50000000",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "cost",
        "shifts",
        "coverage",
        "understaffed",
        "gap",
        "lower_bound",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["coverage"].as_array().unwrap().len(), 14);
    assert_eq!(v["gap"], 0.0);
    assert_eq!(v["solver"]["stopped_by"], "proven_optimal");
    assert_eq!(v["solver"]["work_limit"], 50_000_000);
    assert!(v["solver"]["work_used"].as_u64().unwrap() > 0);
    let first = &v["shifts"][0];
    for key in ["template", "start", "end", "breaks", "count"] {
        assert!(first.get(key).is_some(), "missing shifts[0].{key}");
    }
}

#[test]
fn bad_input_exits_2_naming_the_file_and_line() {
    let dir = std::env::temp_dir().join("paiban_schedule_cli_test");
    std::fs::create_dir_all(&dir).unwrap();
    let req = dir.join("req.csv");
    std::fs::write(
        &req,
        "timestamp,agents\n2024-01-01T00:00,1\n2024-01-01T01:00,x\n",
    )
    .unwrap();
    let out = Command::cargo_bin("paiban")
        .unwrap()
        .args([
            "schedule",
            "--requirements",
            req.to_str().unwrap(),
            "--shifts",
            &format!("{DATA}/small_shifts.json"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3") && err.contains("agents"), "{err}");
}
