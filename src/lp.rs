//! The one way the engine hands a model to microlp (schedule and exact roster): minimise with a
//! wall-clock limit and, when there is one, a warm start, so both solvers stop on time and
//! branch and bound starts from the heuristic's incumbent.

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
