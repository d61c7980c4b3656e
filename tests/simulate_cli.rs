//! `paiban simulate` as a user runs it.

use assert_cmd::Command;

fn input() -> String {
    format!(
        "{}/tests/data/simulate/hotline.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn paiban() -> Command {
    Command::cargo_bin("paiban").unwrap()
}

#[test]
fn json_report_uses_the_file_settings_and_flags_override_them() {
    let out = paiban().args(["simulate", &input()]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["replications"], 10);
    assert_eq!(v["seed"], 7);
    assert_eq!(v["intervals"].as_array().unwrap().len(), 4);
    assert_eq!(v["intervals"][3]["timestamp"], "2024-01-01T09:30");
    let sl = v["overall"]["service_level"]["mean"].as_f64().unwrap();
    assert!(sl > 0.5 && sl <= 1.0);

    let out = paiban()
        .args(["simulate", &input(), "--replications", "3", "--seed", "5"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["replications"], 3);
    assert_eq!(v["seed"], 5);
}

#[test]
fn csv_has_one_row_per_interval_and_an_overall_row() {
    let out = paiban()
        .args(["simulate", &input(), "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6);
    assert!(lines[0].starts_with("timestamp,volume,agents,offered,offered_lo,offered_hi,"));
    assert!(lines[0].ends_with(",occupancy,occupancy_lo,occupancy_hi"));
    assert!(lines[1].starts_with("2024-01-01T08:00,60,8,"));
    assert!(lines[5].starts_with("overall,,,"));
    assert!(lines.iter().all(|l| l.split(',').count() == 33));
}

#[test]
fn bad_input_exits_2_naming_the_field() {
    let dir = std::env::temp_dir().join(format!("paiban-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    let text = std::fs::read_to_string(input())
        .unwrap()
        .replace("\"agents\": 13", "\"agents\": -1");
    std::fs::write(&bad, text).unwrap();
    let out = paiban()
        .args(["simulate", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("intervals[1].agents"), "{err}");
    let out = paiban()
        .args(["simulate", &input(), "--replications", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("replications"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn chat_example_runs_as_text() {
    let file = format!(
        "{}/tests/data/simulate/chat.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = paiban()
        .args(["simulate", &file, "--format", "text"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("20 replications, seed 618, service level within 60 s"));
    assert_eq!(text.lines().count(), 6);
    assert!(text.lines().last().unwrap().starts_with("overall"));
}
