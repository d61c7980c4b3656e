//! Damaged versions of the import fixtures (bytes flipped, cut, repeated; seeded, so every run
//! tries the same files) are imported or refused with a typed error, never a panic — the same
//! property the fuzz targets `import_file` and `import_workbook` check without a time limit.
//! Whatever is imported, the engine's history reader reads back from the CSV written.

use paiban::import::{self, ReadOptions, RecordKind};
use rand::{RngExt, SeedableRng};

fn try_import(bytes: &[u8]) -> Result<usize, paiban::Error> {
    let opts = ReadOptions {
        name: "damaged".into(),
        ..Default::default()
    };
    let mut m = import::preview(bytes, &opts, 5)?.guess;
    if m.kind == RecordKind::Contacts {
        m.interval_minutes = Some(30);
        m.answer_seconds = Some(20.0);
    }
    let imp = import::import(bytes, &opts, &m)?;
    for q in &imp.queues {
        paiban::history::History::from_csv(&q.csv).expect("the importer's CSV reads back");
    }
    Ok(imp.queues.len())
}

#[test]
fn damaged_files_give_an_import_or_a_typed_error() {
    let files = [
        "two_queues.xlsx",
        "hotline.xls",
        "chat.ods",
        "hotline_gbk.csv",
        "us_unicode.txt",
    ];
    let mut rng = rand_pcg::Pcg64::seed_from_u64(19);
    let (mut ok, mut refused) = (0, 0);
    for f in files {
        let original = std::fs::read(format!("tests/data/import/{f}")).unwrap();
        for _ in 0..60 {
            let mut b = original.clone();
            match rng.random_range(0..4) {
                0 => {
                    for _ in 0..rng.random_range(1..9) {
                        let i = rng.random_range(0..b.len());
                        b[i] = rng.random();
                    }
                }
                1 => b.truncate(rng.random_range(0..b.len())),
                2 => {
                    let i = rng.random_range(0..b.len());
                    let j = (i + rng.random_range(1..200)).min(b.len());
                    let piece = b[i..j].to_vec();
                    b.splice(i..i, piece);
                }
                _ => {
                    let i = rng.random_range(0..b.len());
                    let n = rng.random_range(1..64).min(b.len() - i);
                    b.drain(i..i + n);
                }
            }
            match try_import(&b) {
                Ok(_) => ok += 1,
                Err(e) => {
                    assert!(!e.to_string().is_empty());
                    refused += 1;
                }
            }
        }
    }
    assert!(ok > 0 && refused > 0, "{ok} imported, {refused} refused");
}
