//! Damaged or hostile workbooks (.xlsx, .xls, .ods: zip and OLE containers, XML, BIFF records)
//! are read sheet by sheet into a table or refused with a typed error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paiban::import::{self, spreadsheet, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let format = spreadsheet::sniff(data);
    if format == import::FileFormat::Csv {
        return;
    }
    if let Ok(wb) = spreadsheet::read(data, format, None, "fuzz", 10_000) {
        for sheet in wb.sheets.iter().take(4) {
            let opts = ReadOptions { name: "fuzz".into(), sheet: Some(sheet.clone()), ..Default::default() };
            if let Ok(t) = import::read_table(data, &opts) {
                let _ = import::preview_table(&t, None, 5);
            }
        }
    }
});
