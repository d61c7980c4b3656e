//! `paiban roster` as a user runs it.

use assert_cmd::Command;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/roster");

fn paiban() -> Command {
    Command::cargo_bin("paiban").unwrap()
}

#[test]
fn roster_nrp_prints_penalty_and_assignment() {
    let out = paiban()
        .args(["roster", "--nrp", &format!("{DATA}/Instance1.txt")])
        .args(["--iterations", "300000", "--seed", "1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let penalty = v["penalty"].as_u64().unwrap();
    assert!((607..=650).contains(&penalty), "{penalty}");
    assert_eq!(v["feasible"], true);
    let a = v["assignment"].as_object().unwrap();
    assert_eq!(a.len(), 8);
    assert_eq!(a["A"].as_array().unwrap().len(), 14);
    // Day 0 is A's fixed day off.
    assert_eq!(a["A"][0], "");
}

#[test]
fn roster_nrp_writes_the_solution_file() {
    let dir = std::env::temp_dir().join(format!("paiban-roster-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("solution.json");
    paiban()
        .args(["roster", "--nrp", &format!("{DATA}/Instance1.txt")])
        .args(["--iterations", "50000", "--solution-out"])
        .arg(&file)
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(v["penalty"].as_u64().is_some());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_cut_instance_exits_2_naming_the_line() {
    let dir = std::env::temp_dir().join(format!("paiban-roster-cut-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(format!("{DATA}/Instance1.txt")).unwrap();
    let file = dir.join("cut.txt");
    std::fs::write(&file, &text[..text.len() / 2]).unwrap();
    let out = paiban()
        .args(["roster", "--nrp"])
        .arg(&file)
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let msg = String::from_utf8(out).unwrap();
    assert!(msg.contains("cut.txt line"), "{msg}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn roster_json_rosters_our_own_format() {
    let out = paiban()
        .args([
            "roster",
            &format!("{DATA}/team.json"),
            "--iterations",
            "100000",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["feasible"], true);
    assert_eq!(v["roster"].as_array().unwrap().len(), 6);
    assert!(v["fairness"]["agents"].as_array().is_some());
}

#[test]
fn neither_input_is_bad_input() {
    paiban().args(["roster"]).assert().code(2);
}
