//! Importing what planners' systems export (fixtures written by independent tools, see
//! `scripts/make_import_fixtures.py`) and the plan workbook read back with its colours.

use paiban::history::History;
use paiban::import::{self, DateOrder, FileFormat, Mapping, ReadOptions, RecordKind, TextEncoding};
use std::io::Read;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/data/import/{name}")).unwrap()
}

fn opts(name: &str) -> ReadOptions {
    ReadOptions {
        name: name.into(),
        ..Default::default()
    }
}

/// Preview (guess) then import with the guess, as the page does when the planner accepts it.
fn import_guessed(name: &str, edit: impl FnOnce(&mut Mapping)) -> import::Import {
    let bytes = fixture(name);
    let p = import::preview(&bytes, &opts(name), 5).unwrap();
    let mut m = p.guess;
    edit(&mut m);
    import::import(&bytes, &opts(name), &m).unwrap()
}

#[test]
fn a_gbk_csv_with_chinese_headers_and_excel_dates() {
    let bytes = fixture("hotline_gbk.csv");
    let p = import::preview(&bytes, &opts("hotline_gbk.csv"), 3).unwrap();
    assert_eq!(p.source.encoding, Some(TextEncoding::Gb18030));
    assert_eq!(p.source.encoding_label.as_deref(), Some("GB18030/GBK"));
    assert_eq!(p.rows[0].cells[0], "2024/1/1 0:00");
    let g = &p.guess;
    assert_eq!(
        (
            g.timestamp.as_deref(),
            g.volume.as_deref(),
            g.aht_seconds.as_deref()
        ),
        (Some("时间"), Some("呼入量"), Some("平均处理时长"))
    );
    let imp = import::import(&bytes, &opts("hotline_gbk.csv"), g).unwrap();
    assert_eq!(imp.queues.len(), 1);
    let q = &imp.queues[0];
    assert_eq!(q.summary.rows, 672);
    assert_eq!(q.summary.interval_minutes, 30);
    assert_eq!(q.summary.first, "2024-01-01T00:00");
    // The total, summed independently of the importer from the decoded text.
    let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
    assert!(!bad);
    let total: f64 = text
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').nth(1).unwrap().parse::<f64>().unwrap())
        .sum();
    assert_eq!(q.summary.total_volume, total);
    // The engine CSV it produces reads back to the same history.
    let back = History::from_csv(&q.csv).unwrap();
    assert_eq!(back.volume, q.history.volume);
    assert_eq!(
        back.aht_seconds.as_ref().unwrap().iter().flatten().count(),
        q.history
            .aht_seconds
            .as_ref()
            .unwrap()
            .iter()
            .flatten()
            .count()
    );
    // And the engine's own reader takes the GBK file directly now.
    let direct = History::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        direct.line(),
        Some(1),
        "its headers are not the engine's: {direct}"
    );
}

#[test]
fn an_xlsx_with_a_date_an_interval_range_and_two_queues() {
    let imp = import_guessed("two_queues.xlsx", |m| m.patience_seconds = Some(180.0));
    assert_eq!(imp.source.format, FileFormat::Xlsx);
    assert_eq!(imp.source.sheets, vec!["话务", "说明"]);
    assert_eq!(imp.source.sheet.as_deref(), Some("话务"));
    assert_eq!(imp.header_row, 3, "below the title row");
    let m = &imp.mapping;
    assert_eq!(
        (m.date.as_deref(), m.range.as_deref(), m.queue.as_deref()),
        (Some("日期"), Some("时段"), Some("技能组"))
    );
    assert_eq!(
        m.answer_seconds,
        Some(20.0),
        "read from the header 20秒接通量"
    );
    assert_eq!(imp.skipped_rows.len(), 1, "the 合计 row");
    let names: Vec<&str> = imp.queues.iter().map(|q| q.queue.as_str()).collect();
    assert_eq!(names, vec!["售前", "售后"]);
    for q in &imp.queues {
        assert_eq!(
            q.rows,
            7 * 28,
            "{}: the date written once per block fills down",
            q.queue
        );
        assert_eq!(q.summary.interval_minutes, 30);
        assert_eq!(q.summary.first, "2024-01-01T08:00");
        assert_eq!(
            q.summary.missing_intervals, 0,
            "hours outside the report are closed, not missing"
        );
        let hours = q.summary.opening_hours[0].hours.as_ref().unwrap();
        assert_eq!(
            (hours.open.as_str(), hours.close.as_str()),
            ("08:00", "22:00")
        );
        let o = q.observed.as_ref().unwrap();
        assert!(o.service_level.is_some() && o.abandon_rate.is_some() && o.agents.is_some());
    }
    // The simulation behind the file answered with 85% of the agents logged in (rounded per
    // interval): the calibration finds an effective share near it and fits better than 1.0.
    let c = imp.queues[0].comparison.as_ref().unwrap();
    assert!(
        (0.78..=0.95).contains(&c.calibration.factor),
        "{:?}",
        c.calibration
    );
    assert!(c.calibration.mean_abs_error_calibrated < c.calibration.mean_abs_error);
    assert_eq!(c.calibration.intervals, 196);

    // Another sheet can be chosen; one without a time column is refused by name.
    let bytes = fixture("two_queues.xlsx");
    let o = ReadOptions {
        sheet: Some("说明".into()),
        ..opts("two_queues.xlsx")
    };
    let p = import::preview(&bytes, &o, 5).unwrap();
    assert_eq!(p.source.sheet.as_deref(), Some("说明"));
    let e = import::import(&bytes, &o, &p.guess).unwrap_err();
    assert!(e.path().starts_with("mapping."), "{e}");
    assert!(e.to_string().contains("sheet 说明"), "{e}");
    let e = import::preview(
        &bytes,
        &ReadOptions {
            sheet: Some("无".into()),
            ..opts("x.xlsx")
        },
        5,
    )
    .unwrap_err();
    assert_eq!(e.path(), "sheet");
    assert!(e.to_string().contains("话务, 说明"), "{e}");
}

#[test]
fn a_per_contact_export_gives_volume_aht_service_and_patience() {
    let imp = import_guessed("contacts.csv", |m| {
        m.interval_minutes = Some(30);
        m.answer_seconds = Some(20.0);
    });
    assert_eq!(imp.mapping.kind, RecordKind::Contacts);
    assert_eq!(imp.source.encoding, Some(TextEncoding::Utf8Bom));
    let rows = String::from_utf8(fixture("contacts.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert_eq!(imp.rows, rows);
    // The simulation: 售后 patience 120 s, 售前 240 s, handle time 180 s, 5 and 4 agents.
    for (q, patience, agents) in [("售后", 120.0, 5.0), ("售前", 240.0, 4.0)] {
        let qi = imp.queues.iter().find(|x| x.queue == q).unwrap();
        let p = qi.patience.as_ref().unwrap();
        let est = p.mean_seconds.unwrap();
        assert!(
            (est / patience - 1.0).abs() < 0.2,
            "{q}: {est} vs {patience}"
        );
        assert!(p.lo95_seconds.unwrap() < est && est < p.hi95_seconds.unwrap());
        let aht = qi.history.aht_seconds.as_ref().unwrap();
        let (s, n) = aht
            .iter()
            .zip(&qi.history.volume)
            .fold((0.0, 0.0), |(s, n), (a, v)| match (a, v) {
                (Some(a), Some(v)) => (s + a * v, n + v),
                _ => (s, n),
            });
        assert!((s / n / 180.0 - 1.0).abs() < 0.1, "{q}: AHT {}", s / n);
        let o = qi.observed.as_ref().unwrap();
        let seen = o
            .agents
            .as_ref()
            .unwrap()
            .iter()
            .flatten()
            .fold(0.0f64, |m, x| m.max(*x));
        assert_eq!(seen, agents, "{q}: agents seen serving");
        // With the agents who really served, the model reproduces the simulated service.
        let c = qi.comparison.as_ref().unwrap();
        assert!(
            (c.calibration.factor - 1.0).abs() < 0.1,
            "{q}: {:?}",
            c.calibration
        );
        // Volumes are counts of rows.
        assert_eq!(qi.summary.total_volume, qi.rows as f64);
    }
    // Without an interval length the import says what it needs.
    let bytes = fixture("contacts.csv");
    let p = import::preview(&bytes, &opts("contacts.csv"), 1).unwrap();
    assert_eq!(
        import::import(&bytes, &opts("contacts.csv"), &p.guess)
            .unwrap_err()
            .path(),
        "mapping.interval_minutes"
    );
}

#[test]
fn xls_ods_and_utf16_with_typed_and_us_dates() {
    let imp = import_guessed("hotline.xls", |_| {});
    assert_eq!(imp.source.format, FileFormat::Xls);
    let q = &imp.queues[0];
    assert_eq!(
        (
            q.summary.rows,
            q.summary.interval_minutes,
            q.summary.first.as_str()
        ),
        (48, 60, "2024-03-04T00:00")
    );
    assert_eq!(q.history.volume[0], Some(5.0));
    // Day 1, 01:00: 5 + (1 * 7 + 1) % 13 as the fixture writes it.
    assert_eq!(q.history.volume[25], Some(13.0));

    let imp = import_guessed("chat.ods", |_| {});
    assert_eq!(imp.source.format, FileFormat::Ods);
    assert_eq!(imp.source.sheet.as_deref(), Some("在线客服"));
    let q = &imp.queues[0];
    assert_eq!(
        (
            q.summary.rows,
            q.summary.interval_minutes,
            q.summary.first.as_str()
        ),
        (96, 30, "2024-05-06T00:00")
    );

    let imp = import_guessed("us_unicode.txt", |_| {});
    assert_eq!(imp.source.encoding, Some(TextEncoding::Utf16Le));
    assert_eq!(imp.source.delimiter.as_deref(), Some("\t"));
    assert_eq!(imp.mapping.date_order, DateOrder::Mdy);
    let q = &imp.queues[0];
    assert_eq!(
        (q.summary.first.as_str(), q.summary.last.as_str()),
        ("2024-01-13T00:00", "2024-01-14T23:00")
    );
    assert_eq!(q.history.aht_seconds.as_ref().unwrap()[0], Some(200.0));
}

#[test]
fn a_mapping_from_json_as_the_cli_and_page_give_it() {
    let m: Mapping = paiban::scenario::from_json(
        "mapping",
        r#"{"date": "A", "range": "2", "queue": "技能组", "volume": "呼入量"}"#,
    )
    .unwrap();
    let imp = import::import(&fixture("two_queues.xlsx"), &opts("two_queues.xlsx"), &m).unwrap();
    assert_eq!(imp.queues.len(), 2);
    assert!(
        imp.queues[0].observed.is_none(),
        "no outcome columns mapped"
    );
    let e = paiban::scenario::from_json::<Mapping>("mapping", r#"{"volumes": "x"}"#).unwrap_err();
    assert_eq!(e.kind(), "json");
    let m: Mapping =
        paiban::scenario::from_json("mapping", r#"{"timestamp": "时间", "volume": "没有"}"#)
            .unwrap();
    let e = import::import(&fixture("hotline_gbk.csv"), &opts("hotline_gbk.csv"), &m).unwrap_err();
    assert_eq!(e.path(), "mapping.volume");
    assert!(e.to_string().contains("时间, 呼入量, 平均处理时长"), "{e}");
}

#[test]
fn bad_files_name_the_sheet_row_and_column() {
    let bad = |name: &str| -> paiban::Error {
        let bytes = std::fs::read(format!("tests/data/bad_inputs/import/{name}")).unwrap();
        let o = opts(name);
        match import::preview(&bytes, &o, 5) {
            Err(e) => e,
            Ok(p) => {
                let mut m = p.guess;
                m.interval_minutes = Some(30);
                import::import(&bytes, &o, &m).unwrap_err()
            }
        }
    };
    let e = bad("bad_date.xlsx");
    assert_eq!(e.path(), "bad_date.xlsx, sheet 话务:4:日期 (A)");
    assert!(e.to_string().contains("\"2024/13/45\""), "{e}");
    let e = bad("text_volume.xlsx");
    assert_eq!(e.line(), Some(3));
    assert!(e.path().ends_with(":3:呼入量 (B)"), "{}", e.path());
    let e = bad("range_45min.xlsx");
    assert!(e.path().ends_with(":2:时段 (B)"), "{e}");
    assert_eq!(bad("truncated.xlsx").kind(), "invalid_field");
    let e = bad("gbk_bad_volume.csv");
    assert_eq!(e.path(), "gbk_bad_volume.csv:3:呼入量");
    assert!(e.to_string().contains("十二"), "{e}");
    let e = bad("contacts_bad_outcome.csv");
    assert_eq!(e.path(), "contacts_bad_outcome.csv:3:结果");
    assert_eq!(bad("unclosed_quote.csv").line(), Some(2));
    assert_eq!(bad("empty_sheet.xlsx").kind(), "empty");
}

/// The unzipped parts of an .xlsx.
fn parts(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        out.insert(f.name().to_string(), s);
    }
    out
}

/// Fill colour (`RRGGBB`) of every cell of a sheet, read from the sheet XML and styles.xml.
fn cell_fills(sheet: &str, styles: &str) -> std::collections::BTreeMap<String, Option<String>> {
    let fills: Vec<Option<String>> = styles
        .split("<fill>")
        .skip(1)
        .map(|f| f.split("rgb=\"FF").nth(1).map(|r| r[..6].to_string()))
        .collect();
    let xfs: Vec<usize> = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("<xf ")
        .skip(1)
        .map(|x| {
            x.split("fillId=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    let mut out = std::collections::BTreeMap::new();
    for c in sheet.split("<c r=\"").skip(1) {
        let r = c.split('"').next().unwrap().to_string();
        let s: usize = c
            .split(" s=\"")
            .nth(1)
            .filter(|_| c.find(" s=\"") < c.find('>'))
            .map_or(0, |x| x.split('"').next().unwrap().parse().unwrap());
        out.insert(r, fills[xfs[s]].clone());
    }
    out
}

#[test]
fn the_roster_workbook_opens_with_its_colours_and_names() {
    // Two days of the demo shop, so the plan is quick.
    let mut s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("examples/shop.json").unwrap()).unwrap();
    s["horizon"]["days"] = 2.into();
    s["solver"]["roster_iterations"] = 30000.into();
    for a in s["agents"].as_array_mut().unwrap() {
        if let Some(d) = a.get_mut("days_off").and_then(|d| d.as_array_mut()) {
            d.retain(|x| x.as_u64().unwrap_or(0) < 2);
        }
        if let Some(r) = a.get_mut("requests").and_then(|d| d.as_array_mut()) {
            r.retain(|x| x["day"].as_u64().unwrap_or(0) < 2);
        }
    }
    let scenario = paiban::scenario::Scenario::from_json(&s.to_string()).unwrap();
    let histories = scenario
        .history
        .iter()
        .map(|(q, f)| {
            (
                q.clone(),
                History::from_csv(&std::fs::read_to_string(format!("examples/{f}")).unwrap())
                    .unwrap(),
            )
        })
        .collect();
    let plan = paiban::plan::plan(&scenario, &histories).unwrap();
    let roster = plan.roster.as_ref().unwrap();
    let bytes = paiban::export::plan_workbook(&plan, paiban::export::Lang::Zh);
    assert_eq!(
        bytes,
        paiban::export::plan_workbook(&plan, paiban::export::Lang::Zh),
        "same plan, same bytes"
    );

    // Read back with calamine: the sheets, the Chinese names and the shifts as written.
    let t = import::read_table(&bytes, &ReadOptions::default()).unwrap();
    assert_eq!(t.info.sheets, vec!["排班表", "班次", "覆盖", "指标"]);
    assert_eq!(t.rows[0].1[1].display(), "姓名");
    for (i, a) in roster.agents.iter().enumerate() {
        assert_eq!(t.rows[i + 1].1[1].display(), a.name, "row {}", i + 2);
        for d in 0..roster.days.len() {
            let cell = t.rows[i + 1].1[2 + d].display();
            match a.shifts.iter().find(|s| s.day == d) {
                Some(s) => assert!(
                    cell.starts_with(paiban::export::shift_template(roster, s.shift)),
                    "{cell}"
                ),
                None => assert_eq!(cell, "休"),
            }
        }
    }
    assert!(roster.agents.iter().any(|a| a
        .name
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))));

    // Colours and the frozen header, from the XML itself.
    let p = parts(&bytes);
    let sheet = &p["xl/worksheets/sheet1.xml"];
    assert!(sheet.contains(
        r#"<pane xSplit="2" ySplit="1" topLeftCell="C2" activePane="bottomRight" state="frozen"/>"#
    ));
    let fills = cell_fills(sheet, &p["xl/styles.xml"]);
    let colours = paiban::export::template_colours(&plan);
    let hex = |c: [u8; 3]| format!("{:02X}{:02X}{:02X}", c[0], c[1], c[2]);
    let mut seen = std::collections::BTreeSet::new();
    for (i, a) in roster.agents.iter().enumerate() {
        for d in 0..roster.days.len() {
            let r = paiban::export::xlsx::cell_ref(i + 1, 2 + d);
            let want = match a.shifts.iter().find(|s| s.day == d) {
                Some(s) => hex(colours
                    .iter()
                    .find(|(n, _)| n == paiban::export::shift_template(roster, s.shift))
                    .unwrap()
                    .1),
                None => hex(paiban::export::OFF),
            };
            assert_eq!(fills[&r].as_deref(), Some(want.as_str()), "{r}");
            seen.insert(want);
        }
    }
    assert!(
        seen.len() >= 3,
        "days off and at least two shift colours: {seen:?}"
    );
    assert_eq!(
        fills["A1"].as_deref(),
        Some(hex(paiban::export::HEADER).as_str())
    );
}
