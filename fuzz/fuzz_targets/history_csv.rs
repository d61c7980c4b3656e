//! Any bytes given to the history reader give a history or a typed error, never a panic,
//! and aggregation of whatever was read never panics either.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(h) = paiban::history::History::from_bytes(data) {
        let _ = h.summary();
        for m in [15, 30, 60] {
            let _ = h.aggregate(m);
        }
    }
});
