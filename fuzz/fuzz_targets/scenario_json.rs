//! Any text given as a scenario parses to a typed error or a scenario whose checks and first
//! planning stage (with no histories) never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = paiban::scenario::Scenario::from_json(text) {
        if s.horizon.days <= 2 {
            if let Ok(frame) = paiban::plan::Frame::new(s) {
                let _ = paiban::plan::forecast_stage(&frame, &Default::default());
            }
        }
    }
});
