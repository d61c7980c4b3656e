//! The good_lp way into microlp, used by the exact roster (`roster::exact`): minimise with a
//! wall-clock limit and, when there is one, a warm start. The schedule solver states its model
//! for microlp directly instead (`schedule::relax`), because it needs what good_lp does not
//! expose: pivot counts for its work budget, the deterministic node limit, and re-solves after
//! fixing a variable.

use good_lp::solvers::microlp::MicroLpProblem;
use good_lp::{
    microlp, Constraint, Expression, ProblemVariables, SolverModel, Variable, WithInitialSolution,
    WithTimeLimit,
};

/// A microlp model minimising `objective` under `constraints`, limited to `seconds` and
/// warm-started from `hint` (variable values of a feasible solution).
pub fn microlp_model(
    vars: ProblemVariables,
    objective: Expression,
    constraints: Vec<Constraint>,
    seconds: f64,
    hint: Option<Vec<(Variable, f64)>>,
) -> MicroLpProblem {
    let mut problem = vars
        .minimise(objective)
        .using(microlp)
        .with_time_limit(seconds.max(0.001));
    if let Some(h) = hint {
        problem = problem.with_initial_solution(h);
    }
    for c in constraints {
        problem.add_constraint(c);
    }
    problem
}
