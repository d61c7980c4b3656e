//! The page's stage calls with arbitrary JSON: the input is up to five texts separated by NUL
//! bytes, fed to every stage entry point the wasm exports wrap (`planRequirements`,
//! `planSchedule`, `planRoster`, `planAssemble`, `planRosterRepair`, `simulatePlan`). Each
//! returns a typed error or a result; none panics. Seeded with a scenario and its stage
//! results so the fuzzer explores near-valid documents.
#![no_main]
use libfuzzer_sys::fuzz_target;
use paiban::plan;

/// Keep each run short: a fuzzed scenario may ask for a long solve.
fn bounded(scenario: &str) -> Option<String> {
    let mut s = paiban::scenario::Scenario::from_json(scenario).ok()?;
    if s.horizon.days > 2 || s.agents.len() > 30 {
        return None;
    }
    s.solver.schedule_seconds = Some(0.05);
    s.solver.roster_seconds = Some(0.05);
    s.solver.roster_iterations = s.solver.roster_iterations.min(2_000);
    serde_json::to_string(&s).ok()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parts: Vec<&str> = text.split('\0').collect();
    let part = |i: usize| parts.get(i).copied().unwrap_or("");
    if let Some(s) = bounded(part(0)) {
        let _ = plan::requirements_json(&s, part(1));
        let _ = plan::schedule_json(&s, part(1));
        let _ = plan::roster_json(&s, part(1));
        let _ = plan::assemble_json(&s, part(1), part(2), part(3), part(4));
    }
    if let Ok(mut p) = paiban::json::from_json::<plan::Plan>("plan", part(0)) {
        if p.scenario.horizon.days <= 2 && p.scenario.agents.len() <= 30 {
            p.scenario.solver.roster_seconds = Some(0.05);
            p.scenario.solver.roster_iterations = p.scenario.solver.roster_iterations.min(2_000);
            if let Ok(text) = serde_json::to_string(&p) {
                let _ = plan::repair_json(&text, part(1));
                let _ = plan::simulate_json(&text, 2, 1);
            }
        }
    }
});
