//! `paiban check`, `paiban plan` and `paiban validate` as a CI pipeline runs them: the demo
//! scenario plans, its plan validates clean (exit 0), and a deliberately broken plan exits 1
//! naming each violation.

use assert_cmd::Command;
use serde_json::Value;
use std::sync::OnceLock;

fn paiban() -> Command {
    Command::cargo_bin("paiban").unwrap()
}

/// The demo plan, computed once for all tests.
fn demo_plan() -> &'static Value {
    static PLAN: OnceLock<Value> = OnceLock::new();
    PLAN.get_or_init(|| {
        let out = paiban()
            .args(["plan", "examples/shop.json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    })
}

fn write(name: &str, v: &Value) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join("paiban-cli-plan");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string(v).unwrap()).unwrap();
    p
}

#[test]
fn check_accepts_the_examples_and_names_bad_fields() {
    let out = paiban()
        .args(["check", "examples/shop.json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut s: Value =
        serde_json::from_str(&std::fs::read_to_string("examples/shop.json").unwrap()).unwrap();
    s["queues"][1]["target"]["service_level"] = Value::from(1.5);
    let f = write("bad_sl.json", &s);
    let out = paiban().arg("check").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("queues[1].target.service_level"), "{err}");
}

#[test]
fn the_demo_plan_is_complete_and_validates_clean() {
    let plan = demo_plan();
    assert_eq!(plan["version"], 1);
    let n = plan["timestamps"].as_array().unwrap().len();
    assert_eq!(n, 7 * 48);
    assert_eq!(plan["forecast"].as_array().unwrap().len(), 3);
    assert_eq!(plan["schedule"]["coverage"].as_array().unwrap().len(), n);
    let f = write("clean.json", plan);
    let out = paiban().arg("validate").arg(&f).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("PASSED"), "{text}");
    let out = paiban()
        .arg("validate")
        .arg(&f)
        .args(["--format", "junit"])
        .output()
        .unwrap();
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(
        xml.contains("<testsuite") && !xml.contains("<failure"),
        "{xml}"
    );
}

#[test]
fn a_broken_plan_exits_1_naming_each_violation() {
    let mut plan = demo_plan().clone();
    // Half the agents go home, one break moves out of its window, one shift starts off-template.
    for s in plan["schedule"]["shifts"].as_array_mut().unwrap() {
        let c = s["count"].as_u64().unwrap();
        s["count"] = Value::from(c / 2);
    }
    // ... and so do half the rostered agents (the KPIs count the roster's agents).
    for (i, a) in plan["roster"]["agents"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        if i % 2 == 1 {
            a["shifts"] = Value::Array(Vec::new());
        }
    }
    let shift = &mut plan["schedule"]["shifts"][0];
    let start = shift["start"].as_str().unwrap().to_string();
    shift["breaks"][0]["start"] = Value::from(start.clone());
    let f = write("broken.json", &plan);
    let out = paiban()
        .arg("validate")
        .arg(&f)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"reported coverage equals the shift list"));
    assert!(rules.contains(&"breaks inside their windows"));
    assert!(rules
        .iter()
        .any(|r| r.starts_with("presales: service level")));
    assert!(rules
        .iter()
        .any(|r| r.starts_with("aftersales: service level")));
    let v = &report["violations"][0];
    assert!(v["subject"]["timestamp"].is_string() && v["message"].is_string());

    let out = paiban()
        .arg("validate")
        .arg(&f)
        .args(["--format", "junit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("<failure"));
}

#[test]
fn an_unreadable_plan_exits_2() {
    let f = write("not_a_plan.json", &serde_json::json!({"version": 1}));
    let out = paiban().arg("validate").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing field"));
}

#[test]
fn simulate_and_validate_by_simulation_accept_a_plan() {
    let f = write("sim.json", demo_plan());
    let out = paiban()
        .arg("simulate")
        .arg(&f)
        .args(["--replications", "3", "--seed", "7"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for q in ["presales", "aftersales"] {
        let sl = v[q]["overall"]["service_level"]["mean"].as_f64().unwrap();
        assert!(sl > 0.8 && sl <= 1.0, "{q}: {sl}");
    }
    assert!(
        v.get("tickets").is_none(),
        "e-mail is not simulated as a queue"
    );
    let out = paiban()
        .arg("validate")
        .arg(&f)
        .args(["--simulate", "--replications", "5"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("over the horizon (simulated)"), "{text}");
}

#[test]
fn roster_rosters_a_scenarios_agents_onto_its_schedule() {
    let out = paiban()
        .args(["roster", "examples/shop.json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["feasible"], true);
    assert_eq!(r["agents"].as_array().unwrap().len(), 70);
    assert_eq!(r["days"].as_array().unwrap().len(), 7);
    // The demo plan's roster passes the validator's labour-rule and cover checks.
    let f = write("rostered.json", demo_plan());
    let out = paiban().arg("validate").arg(&f).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ok   labour rules (hard)"), "{text}");
    assert!(
        text.contains("ok   the roster covers the schedule"),
        "{text}"
    );
}

#[test]
fn a_roster_that_breaks_rules_fails_validation() {
    let mut plan = demo_plan().clone();
    // The first agent is put on a shift every day: 7 days in a row, no days off.
    let template = plan["roster"]["agents"][0]["shifts"][0].clone();
    let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
    let start0 = at(template["start"].as_str().unwrap());
    let length = at(template["end"].as_str().unwrap()) - start0;
    let day0 = template["day"].as_i64().unwrap();
    let days: Vec<Value> = (0..7)
        .map(|d| {
            let mut s = template.clone();
            let start = start0 + chrono::Duration::days(d - day0);
            s["day"] = Value::from(d);
            s["start"] = Value::from(start.format("%Y-%m-%dT%H:%M").to_string());
            s["end"] = Value::from((start + length).format("%Y-%m-%dT%H:%M").to_string());
            s
        })
        .collect();
    plan["roster"]["agents"][0]["shifts"] = Value::from(days);
    let f = write("overworked.json", &plan);
    let out = paiban()
        .arg("validate")
        .arg(&f)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let agent = plan["roster"]["agents"][0]["id"].as_str().unwrap();
    let v: Vec<&Value> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["subject"]["agent"] == agent)
        .collect();
    assert!(!v.is_empty(), "{report}");
}

/// The tampering table of issue 15: each change to a valid plan gives exit 1 or 2 (never 0,
/// never a panic's 101).
#[test]
fn tampered_plans_never_pass_and_never_panic() {
    type Tamper = fn(&mut Value);
    let rows: [(&str, Tamper); 8] = [
        ("total_positions cut to 10 values", |p| {
            p["requirements"]["total_positions"]
                .as_array_mut()
                .unwrap()
                .truncate(10)
        }),
        ("roster days cut to 2", |p| {
            p["roster"]["days"].as_array_mut().unwrap().truncate(2)
        }),
        ("requirements cut to one queue", |p| {
            p["requirements"]["queues"]
                .as_array_mut()
                .unwrap()
                .truncate(1)
        }),
        ("one queue's agents cut to 3 values", |p| {
            p["requirements"]["queues"][0]["agents"]
                .as_array_mut()
                .unwrap()
                .truncate(3)
        }),
        ("half the shift list removed", |p| {
            let s = p["schedule"]["shifts"].as_array_mut().unwrap();
            let half = s.len() / 2;
            s.truncate(half);
        }),
        ("forecast tripled", |p| {
            for q in p["forecast"].as_array_mut().unwrap() {
                for v in q["volume"].as_array_mut().unwrap() {
                    *v = Value::from(v.as_f64().unwrap() * 3.0);
                }
            }
        }),
        ("breaks moved to the shift start", |p| {
            for s in p["schedule"]["shifts"].as_array_mut().unwrap() {
                let start = s["start"].clone();
                for b in s["breaks"].as_array_mut().unwrap() {
                    b["start"] = start.clone();
                }
            }
        }),
        ("half the rostered agents removed", |p| {
            let a = p["roster"]["agents"].as_array_mut().unwrap();
            let half = a.len() / 2;
            a.truncate(half);
        }),
    ];
    for (i, (what, tamper)) in rows.iter().enumerate() {
        let mut plan = demo_plan().clone();
        tamper(&mut plan);
        let f = write(&format!("tampered_{i}.json"), &plan);
        let out = paiban().arg("validate").arg(&f).output().unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(1) | Some(2)),
            "{what}: exit {code:?}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{what}"
        );
    }
}
