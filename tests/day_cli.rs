//! `paiban day` and `paiban intraday` as a user runs them, on the demo week.

use assert_cmd::Command;
use paiban::plan::Plan;

fn demo_plan(dir: &std::path::Path) -> (std::path::PathBuf, Plan) {
    let out = Command::cargo_bin("paiban")
        .unwrap()
        .args(["plan", "examples/day_shop.json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.join("plan.json");
    std::fs::write(&path, &out.stdout).unwrap();
    (path, serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn day_and_intraday_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("paiban_day_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (plan_path, plan) = demo_plan(&dir);
    let plan_s = plan_path.to_str().unwrap();
    let out = Command::cargo_bin("paiban")
        .unwrap()
        .args(["day", "--plan", plan_s])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["placement"]["groups"].as_array().unwrap().len() > 50);
    assert_eq!(v["service"].as_array().unwrap().len(), 3);
    assert_eq!(v["leave"]["decisions"].as_array().unwrap().len(), 5);
    // Actuals to 10:00, 20% over the plan's forecast.
    let mut csv = String::from("timestamp");
    for f in &plan.forecast {
        csv.push(',');
        csv.push_str(&f.queue);
    }
    csv.push('\n');
    for k in 0..20 {
        csv.push_str(&plan.timestamps[k].to_string());
        for f in &plan.forecast {
            csv.push_str(&format!(",{}", f.volume[k] * 1.2));
        }
        csv.push('\n');
    }
    let actuals = dir.join("today.csv");
    std::fs::write(&actuals, csv).unwrap();
    let out = Command::cargo_bin("paiban")
        .unwrap()
        .args(["intraday", "--plan", plan_s, "--actuals"])
        .arg(&actuals)
        .args(["--now", "10:00", "--scenario", "examples/day_shop.json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!v["breaks_moved"].as_array().unwrap().is_empty());
    assert!(v["warnings"].as_array().unwrap().is_empty());
    // A bad cell is named by line and column; exit code 2.
    std::fs::write(&actuals, "timestamp,presales\n2024-11-25T00:00,x\n").unwrap();
    let out = Command::cargo_bin("paiban")
        .unwrap()
        .args(["intraday", "--plan", plan_s, "--actuals"])
        .arg(&actuals)
        .args(["--now", "10:00"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("presales") && err.contains('2'), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
