//! `paiban erlang` as a user runs it: the "done when" commands of issue 3 and typed errors.

use assert_cmd::Command;

fn run(args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = Command::cargo_bin("paiban")
        .unwrap()
        .arg("erlang")
        .args(args)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (
        out.status.code().unwrap(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const BASE: [&str; 10] = [
    "--volume",
    "100",
    "--interval-minutes",
    "30",
    "--aht-seconds",
    "180",
    "--target-sl",
    "0.8",
    "--answer-seconds",
    "20",
];

fn round(v: &serde_json::Value, digits: i32) -> f64 {
    let s = 10f64.powi(digits);
    (v.as_f64().unwrap() * s).round() / s
}

#[test]
fn requirement_of_the_reference_interval() {
    let mut args = BASE.to_vec();
    args.extend(["--shrinkage", "0.3", "--max-occupancy", "0.85"]);
    let (code, j, _) = run(&args);
    assert_eq!(code, 0);
    assert_eq!(j["agents"], 14);
    assert_eq!(j["positions"], 20);
    assert_eq!(round(&j["service_level"], 5), 0.88835);
    assert_eq!(round(&j["occupancy"], 3), 0.714);
    assert_eq!(j["unstable"], false);
}

#[test]
fn erlang_a_evaluation_row() {
    let mut args = BASE.to_vec();
    args.extend(["--shrinkage", "0.3", "--max-occupancy", "0.85"]);
    args.extend(["--patience-seconds", "300", "--agents", "14"]);
    let (code, j, _) = run(&args);
    assert_eq!(code, 0);
    assert_eq!(round(&j["p_wait"], 5), 0.14526);
    assert_eq!(round(&j["p_abandon"], 6), 0.013984);
    assert_eq!(round(&j["occupancy"], 6), 0.704297);
    assert_eq!(
        round(&(j["asa_seconds"].as_f64().unwrap() / 60.0).into(), 6),
        0.069919
    );
    assert_eq!(round(&j["service_level"], 6), 0.916792);
}

#[test]
fn unstable_evaluation_is_reported_not_an_error() {
    let mut args = BASE.to_vec();
    args.extend(["--agents", "10"]);
    let (code, j, _) = run(&args);
    assert_eq!(code, 0);
    assert_eq!(j["unstable"], true);
    assert!(j["asa_seconds"].is_null());
    assert_eq!(j["targets_met"], false);
}

#[test]
fn chat_concurrency_flags() {
    let args = [
        "--volume",
        "300",
        "--interval-minutes",
        "30",
        "--aht-seconds",
        "300,390,480",
        "--concurrency",
        "3",
        "--target-sl",
        "0.8",
        "--answer-seconds",
        "60",
    ];
    let (code, j, _) = run(&args);
    assert_eq!(code, 0, "{j}");
    assert_eq!(j["model"], "chat");
    assert!(j["agents"].as_u64().unwrap() < 50);
}

#[test]
fn bad_inputs_exit_2_naming_the_flag() {
    let cases = [
        ("--volume", "-1", "volume"),
        ("--aht-seconds", "0", "aht-seconds"),
        ("--target-sl", "1.2", "target-sl"),
        ("--answer-seconds", "-1", "answer-seconds"),
        ("--volume", "NaN", "volume"),
        ("--interval-minutes", "abc", "interval-minutes"),
    ];
    for (flag, value, name) in cases {
        let mut args: Vec<&str> = Vec::new();
        let mut i = 0;
        while i < BASE.len() {
            if BASE[i] != flag {
                args.extend([BASE[i], BASE[i + 1]]);
            }
            i += 2;
        }
        args.extend([flag, value]);
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{flag} {value}");
        assert!(
            err.starts_with(&format!("paiban: {name}: expected")),
            "{err}"
        );
    }
}

#[test]
fn asa_and_abandon_caps_raise_the_requirement() {
    let mut args = BASE.to_vec();
    args.extend(["--max-asa-seconds", "3"]);
    let (code, j, _) = run(&args);
    assert_eq!(code, 0);
    // 15 agents give ASA 3.674 s (reference table), so the cap needs 16.
    assert_eq!(j["agents"], 16);
    assert_eq!(j["binding"][0], "max_asa_seconds");
    let mut args = BASE.to_vec();
    args.extend(["--patience-seconds", "300", "--max-abandon", "0.005"]);
    let (code, j, _) = run(&args);
    assert_eq!(code, 0);
    // 14 agents abandon 1.3984% (reference), so 0.5% needs more.
    assert!(j["agents"].as_u64().unwrap() > 14);
    assert!(j["p_abandon"].as_f64().unwrap() <= 0.005);
    assert!(j["binding"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b == "max_abandon_rate"));
}
