//! Any text given as an NRP benchmark instance is rejected with a typed error naming a line, or
//! parses into a problem a short search can roster; neither path panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paiban::roster::nrp::NrpInstance;
use paiban::roster::search::SearchOptions;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(inst) = NrpInstance::parse(text) {
        let opts = SearchOptions {
            time_limit: None,
            max_iterations: Some(200),
            seed: 1,
        };
        let _ = paiban::roster::roster_nrp(&inst, &opts);
    }
});
