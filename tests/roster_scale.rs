//! Rosters at contact-centre scale: 1,000 agents over four weeks built from the demo shop's
//! rules (`examples/shop.json`) roster feasibly within a small work budget, and the same
//! budget gives the same roster twice (the budget is work, not seconds).

use paiban::roster::generator::contact_centre;
use paiban::roster::model::{roster, RosterInput};
use paiban::roster::search::SearchOptions;
use paiban::scenario::Scenario;

fn centre(agents: usize, seed: u64) -> RosterInput {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/shop.json"))
        .unwrap();
    let s = Scenario::from_json(&text).unwrap();
    let mix: Vec<String> = s.agents.iter().map(|a| a.contract.clone()).collect();
    contact_centre(
        &s.contracts,
        &mix,
        s.rules.as_ref().unwrap(),
        agents,
        28,
        seed,
    )
}

#[test]
fn a_thousand_agents_over_four_weeks_roster_feasibly() {
    let input = centre(1000, 1);
    assert_eq!(input.agents.len(), 1000);
    // The generated input survives its own JSON round trip (what `paiban roster FILE.json` reads).
    let text = serde_json::to_string(&input).unwrap();
    let input = RosterInput::from_json(&text).unwrap();
    let opts = SearchOptions {
        time_limit: None,
        max_iterations: Some(150_000),
        seed: 1,
    };
    let out = roster(&input, &opts).unwrap();
    assert!(out.feasible, "{:?}", &out.breaks[..out.breaks.len().min(5)]);
    assert_eq!(out.roster.len(), 1000);
    let demand: u32 = input.demand.iter().map(|d| d.required).sum();
    let short: u32 = out
        .shortages
        .iter()
        .map(|s| s.requirement - s.assigned)
        .sum();
    assert!(
        f64::from(short) <= 0.01 * f64::from(demand),
        "{short} of {demand} shifts short"
    );
    let again = roster(&input, &opts).unwrap();
    assert_eq!(again.roster, out.roster);
}
