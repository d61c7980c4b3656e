//! Any text given as a plan is rejected with a typed error or validated into a report; neither
//! path panics. Seeded with real plans so the fuzzer explores near-valid documents.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paiban::validate::{check_plan, render, Format, PlanChecks};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(plan) = paiban::json::from_json::<paiban::plan::Plan>("plan", text) {
        if let Ok(report) = check_plan(&plan, PlanChecks { simulate: None }) {
            let _ = render(&report, Format::Junit);
        }
    }
});
