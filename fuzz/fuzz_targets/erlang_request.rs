//! Any Erlang request gives a typed error or a response with probabilities in [0, 1].
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(req) = paiban::json::from_json::<paiban::staffing::api::ErlangRequest>("erlang", text) {
        if let Ok(r) = paiban::staffing::api::erlang(&req) {
            assert!((0.0..=1.0).contains(&r.service_level), "{r:?}");
            assert!((0.0..=1.0).contains(&r.p_wait), "{r:?}");
        }
    }
});
