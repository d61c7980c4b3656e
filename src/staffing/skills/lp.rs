//! The skill-transfer integer programme of one interval (Bhulai, Koole & Pot 2008) with the
//! pooled-requirement rows of Wallace & Whitt 2005, for microlp:
//!
//! ```text
//!   min  sum_g (c_g - eps (|skills_g| - 1)) x_g + M (sum_q u_q + sum_S v_S)
//!   s.t. sum_q y_gq <= x_g                      (a group's agents split over its skills)
//!        sum_g y_gq + u_q >= e_q                (each queue's effective requirement)
//!        sum_{g serves S} x_g + v_S >= R(S)     (pooled requirement of a set of queues)
//!        0 <= x_g <= max_g, x_g integer;  y, u, v >= 0
//! ```
//!
//! `eps` (1e-4 of the cheapest cost) breaks ties towards cross-trained agents. The
//! shortfall variables `u`, `v` (priced far above any staffing) keep the programme feasible
//! when headcounts cannot cover a queue; the correction loop then reports the queue as missing.

use super::SkillGroup;
use good_lp::{
    constraint, variable, Expression, ProblemVariables, Solution, SolverModel, Variable,
};

/// Wall-clock guard of one solve; the programme has a handful of integer variables and solves
/// in microseconds, so it never binds in practice (and the greedy fallback is deterministic).
const SECONDS: f64 = 2.0;

/// Agents per group from the programme; the greedy cover below when microlp fails.
pub(super) fn solve(
    groups: &[SkillGroup],
    nq: usize,
    effective: &[f64],
    pooled: &[(Vec<usize>, u32)],
) -> Vec<u32> {
    let servable = |q: usize| {
        groups
            .iter()
            .any(|g| g.max_agents != Some(0) && g.skills.contains(&q))
    };
    let max_cost = groups.iter().map(|g| g.cost).fold(0.0, f64::max);
    // One more agent (at most `max_cost`) closes one unit of any shortfall, so a price of four
    // times that keeps shortfalls for what headcounts cannot cover; a larger price only costs
    // the simplex precision on the costs themselves.
    let penalty = 4.0 * max_cost;
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = groups
        .iter()
        .map(|g| {
            let mut v = variable().integer().min(0.0);
            if let Some(m) = g.max_agents {
                v = v.max(f64::from(m));
            }
            vars.add(v)
        })
        .collect();
    let y: Vec<Vec<Option<Variable>>> = groups
        .iter()
        .map(|g| {
            (0..nq)
                .map(|q| g.skills.contains(&q).then(|| vars.add(variable().min(0.0))))
                .collect()
        })
        .collect();
    // Among staffings of equal cost, prefer cross-trained agents (the rows state necessary
    // pooling conditions only, and more flexibility never serves worse): a tie-break far below
    // any cost difference a planner would enter.
    let min_cost = groups.iter().map(|g| g.cost).fold(f64::INFINITY, f64::min);
    let tie = 1e-4 * min_cost;
    let mut objective: Expression = groups
        .iter()
        .zip(&x)
        .map(|(g, &v)| (g.cost - tie * (g.skills.len() as f64 - 1.0)) * v)
        .sum();
    let mut constraints = Vec::new();
    for (g, row) in y.iter().enumerate() {
        let used: Expression = row.iter().flatten().map(|&v| Expression::from(v)).sum();
        constraints.push(constraint!(used <= x[g]));
    }
    for q in 0..nq {
        if effective[q] <= 0.0 || !servable(q) {
            continue;
        }
        let short = vars.add(variable().min(0.0));
        objective += penalty * short;
        let given: Expression = y
            .iter()
            .filter_map(|row| row[q])
            .map(Expression::from)
            .sum();
        constraints.push(constraint!(given + short >= effective[q]));
    }
    for (set, need) in pooled {
        if *need == 0 {
            continue;
        }
        let serving: Vec<Variable> = groups
            .iter()
            .zip(&x)
            .filter(|(g, _)| set.iter().any(|q| g.skills.contains(q)))
            .map(|(_, &v)| v)
            .collect();
        if serving.is_empty() {
            continue;
        }
        let short = vars.add(variable().min(0.0));
        objective += penalty * short;
        let total: Expression = serving.into_iter().map(Expression::from).sum();
        constraints.push(constraint!(total + short >= f64::from(*need)));
    }
    let problem = crate::lp::microlp_model(vars, objective, constraints, SECONDS, None);
    match problem.solve() {
        Ok(sol) => x
            .iter()
            .zip(groups)
            .map(|(&v, g)| {
                let n = sol.value(v).round().max(0.0);
                let n = if n >= f64::from(u32::MAX) {
                    u32::MAX
                } else {
                    n as u32
                };
                g.max_agents.map_or(n, |m| n.min(m))
            })
            .collect(),
        Err(_) => greedy(groups, nq, pooled),
    }
}

/// Each queue's single-queue requirement from the cheapest group that can serve it.
fn greedy(groups: &[SkillGroup], nq: usize, pooled: &[(Vec<usize>, u32)]) -> Vec<u32> {
    let mut x = vec![0u32; groups.len()];
    for q in 0..nq {
        let need = pooled
            .iter()
            .find(|(s, _)| s.len() == 1 && s[0] == q)
            .map_or(0, |(_, r)| *r);
        let mut left = need;
        let mut order: Vec<usize> = (0..groups.len())
            .filter(|&g| groups[g].skills.contains(&q))
            .collect();
        order.sort_by(|&a, &b| groups[a].cost.total_cmp(&groups[b].cost).then(a.cmp(&b)));
        for g in order {
            if left == 0 {
                break;
            }
            let room = groups[g]
                .max_agents
                .map_or(u32::MAX, |m| m.saturating_sub(x[g]));
            let take = room.min(left);
            x[g] += take;
            left -= take;
        }
    }
    x
}
