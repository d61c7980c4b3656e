//! Checks shared by the multi-skill plan tests (`plan_skills.rs`, `plan_skills_chat.rs`).

use paiban::plan::{simulate_plan_skills, Plan};
use paiban::validate::{check_plan, PlanChecks, Severity};

/// The plan's `validate` errors (rule: message), warnings left out.
pub fn errors(p: &Plan) -> Vec<String> {
    let r = check_plan(p, PlanChecks { simulate: None }).unwrap();
    r.violations
        .iter()
        .filter(|v| v.severity == Severity::Error)
        .map(|v| format!("{}: {}", v.rule, v.message))
        .collect()
}

/// The product's multi-skill simulation of the plan (10 replications, seed 7): every queue at
/// its target, its modelled service within 3 points of the simulated, and at most 10% of its
/// busy intervals below target. Returns the number of queues checked.
pub fn assert_simulation_holds(p: &Plan) -> usize {
    let sim = simulate_plan_skills(p, 10, 7)
        .unwrap()
        .expect("a multi-skill plan");
    for q in &sim.queues {
        let sl = q.simulated.unwrap().mean;
        let modelled = q.modelled.unwrap();
        let target = q.target.unwrap();
        println!(
            "{}: modelled {modelled:.4} simulated {sl:.4} target {target} below in {} of {}",
            q.queue, q.intervals_below_target, q.busy_intervals
        );
        assert!(sl >= target, "{}: simulated {sl} below {target}", q.queue);
        assert!(
            (sl - modelled).abs() <= 0.03,
            "{}: modelled {modelled} vs simulated {sl}",
            q.queue
        );
        assert!(
            q.intervals_below_target * 10 <= q.busy_intervals,
            "{}: {} of {} busy intervals below target",
            q.queue,
            q.intervals_below_target,
            q.busy_intervals
        );
    }
    sim.queues.len()
}
