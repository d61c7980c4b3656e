//! Any bytes given to the importer (text in any encoding, or a workbook) give a preview and an
//! import, or a typed error, never a panic; and whatever it imports, the engine's own history
//! reader reads back from the CSV it wrote.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paiban::import::{self, ReadOptions, RecordKind};

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions { name: "fuzz".into(), ..Default::default() };
    let Ok(p) = import::preview(data, &opts, 5) else { return };
    let mut m = p.guess;
    if m.kind == RecordKind::Contacts {
        m.interval_minutes = Some(15);
        m.answer_seconds = Some(20.0);
    }
    if let Ok(imp) = import::import(data, &opts, &m) {
        for q in &imp.queues {
            paiban::history::History::from_csv(&q.csv).expect("the importer's CSV reads back");
        }
    }
});
