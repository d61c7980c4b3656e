//! `paiban import`, `paiban export` and the history-reading commands on planners' files, as a
//! user runs them.

use assert_cmd::Command;

fn data(name: &str) -> String {
    format!("{}/tests/data/import/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn paiban(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("paiban")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn a_gbk_csv_becomes_the_engine_csv_and_forecasts() {
    let csv = stdout(&paiban(&[
        "import",
        &data("hotline_gbk.csv"),
        "--format",
        "csv",
    ]));
    assert!(
        csv.starts_with("timestamp,volume,aht_seconds\n2024-01-01T00:00,0,\n"),
        "{}",
        &csv[..80]
    );
    let text = stdout(&paiban(&["import", &data("hotline_gbk.csv")]));
    assert!(text.contains("GB18030/GBK"), "{text}");
    let fc = stdout(&paiban(&[
        "forecast",
        "--history",
        &data("hotline_gbk.csv"),
        "--until",
        "2024-01-16T00:00",
    ]));
    assert_eq!(fc.lines().count(), 1 + 48);
    let h: serde_json::Value =
        serde_json::from_str(&stdout(&paiban(&["history", &data("hotline_gbk.csv")]))).unwrap();
    assert_eq!(h["rows"], 672);
}

#[test]
fn two_queues_need_a_choice_and_each_is_read() {
    let o = paiban(&["import", &data("two_queues.xlsx"), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("售前, 售后"), "{err}");
    let csv = stdout(&paiban(&[
        "import",
        &data("two_queues.xlsx"),
        "--queue",
        "售后",
        "--format",
        "csv",
    ]));
    assert!(
        csv.starts_with(
            "timestamp,volume,aht_seconds,answered,abandoned,answered_in_target,agents"
        ),
        "{csv}"
    );
    let h: serde_json::Value = serde_json::from_str(&stdout(&paiban(&[
        "history",
        &data("two_queues.xlsx"),
        "--queue",
        "售前",
    ])))
    .unwrap();
    assert_eq!(
        (h["rows"].as_u64(), h["interval_minutes"].as_u64()),
        (Some(196), Some(30))
    );
    let dir = tempdir();
    stdout(&paiban(&[
        "import",
        &data("two_queues.xlsx"),
        "--out-dir",
        &dir,
        "--format",
        "text",
    ]));
    for q in ["售前", "售后"] {
        let text = std::fs::read_to_string(format!("{dir}/{q}.csv")).unwrap();
        paiban::history::History::from_csv(&text).unwrap();
    }
}

fn tempdir() -> String {
    let d = std::env::temp_dir().join(format!(
        "paiban-import-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d.to_string_lossy().into_owned()
}

#[test]
fn the_mapping_from_options_or_a_json_file() {
    let out = stdout(&paiban(&[
        "import",
        &data("contacts.csv"),
        "--contacts",
        "--timestamp",
        "来电时间",
        "--queue-column",
        "技能组",
        "--wait",
        "排队时长",
        "--outcome",
        "结果",
        "--handle",
        "通话时长",
        "--agent",
        "坐席工号",
        "--interval-minutes",
        "60",
        "--answer-seconds",
        "20",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["queues"].as_array().unwrap().len(), 2);
    assert_eq!(v["queues"][0]["summary"]["interval_minutes"], 60);
    assert!(v["queues"][0]["patience"]["mean_seconds"].as_f64().unwrap() > 0.0);
    let dir = tempdir();
    let mapping = format!("{dir}/mapping.json");
    std::fs::write(&mapping, r#"{"date": "日期", "range": "时段", "queue": "技能组", "volume": "呼入量", "aht_seconds": "平均通话时长(秒)", "answered_in_target": "20秒接通量", "agents": "坐席数", "answer_seconds": 20, "patience_seconds": 180}"#).unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&paiban(&[
        "import",
        &data("two_queues.xlsx"),
        "--mapping",
        &mapping,
        "--format",
        "json",
    ])))
    .unwrap();
    let f = v["queues"][0]["comparison"]["calibration"]["factor"]
        .as_f64()
        .unwrap();
    assert!((0.78..=0.95).contains(&f), "{f}");
    std::fs::write(&mapping, r#"{"volume": "呼入量", "colour": "red"}"#).unwrap();
    let o = paiban(&["import", &data("two_queues.xlsx"), "--mapping", &mapping]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("colour"));
}

#[test]
fn a_bad_cell_names_the_sheet_row_and_column() {
    let bad = format!(
        "{}/tests/data/bad_inputs/import/bad_date.xlsx",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = paiban(&["import", &bad]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad_date.xlsx, sheet 话务 line 4, column 日期 (A)"),
        "{err}"
    );
    let o = paiban(&["history", &bad]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_plan_exports_as_a_workbook() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut s: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/examples/shop.json")).unwrap(),
    )
    .unwrap();
    s["horizon"]["days"] = 1.into();
    s["solver"]["roster_iterations"] = 20000.into();
    for a in s["agents"].as_array_mut().unwrap() {
        if let Some(d) = a.get_mut("days_off").and_then(|d| d.as_array_mut()) {
            d.retain(|x| x.as_u64().unwrap_or(0) < 1);
        }
        if let Some(r) = a.get_mut("requests").and_then(|d| d.as_array_mut()) {
            r.retain(|x| x["day"].as_u64().unwrap_or(0) < 1);
        }
    }
    for (_, f) in s["history"].as_object_mut().unwrap() {
        *f = format!("{root}/examples/{}", f.as_str().unwrap()).into();
    }
    let dir = tempdir();
    std::fs::write(format!("{dir}/day.json"), s.to_string()).unwrap();
    let plan = stdout(&paiban(&["plan", &format!("{dir}/day.json")]));
    std::fs::write(format!("{dir}/plan.json"), plan).unwrap();
    stdout(&paiban(&[
        "export",
        &format!("{dir}/plan.json"),
        "--xlsx",
        &format!("{dir}/plan.xlsx"),
        "--lang",
        "en",
    ]));
    let bytes = std::fs::read(format!("{dir}/plan.xlsx")).unwrap();
    let t = paiban::import::read_table(&bytes, &Default::default()).unwrap();
    assert_eq!(t.info.sheets, vec!["Roster", "Shifts", "Coverage", "KPIs"]);
}
