//! `paiban quote` as a user runs it.

use assert_cmd::Command;

fn paiban() -> Command {
    Command::cargo_bin("paiban").unwrap()
}

#[test]
fn quotes_the_example_proposal() {
    let out = paiban()
        .args(["quote", "examples/proposal.json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["channels"].as_array().unwrap().len(), 3);
    assert_eq!(v["currency"], "CNY");
    let fte = v["production_fte"].as_f64().unwrap();
    assert!(fte > 50.0 && fte < 120.0, "{fte}");
    assert_eq!(v["service_level_table"].as_array().unwrap().len(), 4);
    assert_eq!(v["volume_sensitivity"].as_array().unwrap().len(), 5);
    let text = paiban()
        .args(["quote", "examples/proposal.json", "--format", "text"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("Service level vs price"));
}

#[test]
fn a_bad_proposal_exits_2_naming_the_field() {
    let dir = std::env::temp_dir().join("paiban-cli-quote");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string("examples/proposal.json")
        .unwrap()
        .replace("\"overhead\": 0.12", "\"overhead\": 0.12, \"overhaed\": 1");
    let f = dir.join("typo.json");
    std::fs::write(&f, text).unwrap();
    let out = paiban().arg("quote").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("costs.overhaed"), "{err}");
    assert!(err.contains("unknown field"), "{err}");
}

#[test]
fn the_80_20_row_is_the_headline_bid_when_the_client_asks_80_20() {
    // The example's after-sales line is 80/20 with a 5% abandonment cap; with the pre-sales
    // chat at 80/20 too, the table's 80/20 row must price exactly the headline bid.
    let dir = std::env::temp_dir().join("paiban-cli-quote");
    std::fs::create_dir_all(&dir).unwrap();
    let mut p: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("examples/proposal.json").unwrap()).unwrap();
    p["channels"][0]["queue"]["target"]["answer_seconds"] = serde_json::json!(20);
    let f = dir.join("all-80-20.json");
    std::fs::write(&f, p.to_string()).unwrap();
    let out = paiban().arg("quote").arg(&f).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = &v["service_level_table"][1];
    assert_eq!(row["label"], "80/20");
    assert_eq!(row["is_headline"], true);
    assert_eq!(row["headcount"], v["total_headcount"]);
    assert_eq!(row["monthly_price"], v["monthly"]["price"]);
    assert_eq!(row["targets"][1]["target"]["max_abandon_rate"], 0.05);
    assert_eq!(v["service_level_table"][0]["is_headline"], false);
}

#[test]
fn a_bid_for_several_shops_prints_the_sharing_section() {
    let text = paiban()
        .args(["quote", "examples/proposal_shops.json", "--format", "text"])
        .output()
        .unwrap();
    assert!(text.status.success());
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(out.contains("Sharing across shops"), "{out}");
    assert!(out.contains("月光商城 Moon Mall"), "{out}");
    assert!(out.contains("total (one team)"), "{out}");
    let json = paiban()
        .args(["quote", "examples/proposal_shops.json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["sharing"]["shops"].as_array().unwrap().len(), 3);
    assert!(v["sharing"]["saving_price"].as_f64().unwrap() > 0.0);
    // One shop: no sharing section.
    let one = paiban()
        .args(["quote", "examples/proposal.json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert!(v.get("sharing").is_none());
}
