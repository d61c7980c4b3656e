//! The balanced fluid split of shared agents over queues: which share of each group's time goes
//! to which queue when skills-based routing keeps every agent as busy as it can.
//!
//! Longest-waiting-first routing is work-conserving and pushes waiting work to whichever agents
//! can take it, so in the fluid limit the agents who can serve a set of queues `S` share its
//! load evenly unless some subset of `S` is more crowded. The split is therefore the
//! *lexicographically balanced* allocation: find the densest set of queues `S` (largest load
//! per agent who could serve it, `L(S) / X(N(S))`), give it all the agents of `N(S)` at
//! utilisation `ρ = L(S) / X(N(S))`, remove both and repeat (the principal partition of the
//! bipartite allocation problem; Fujishige 1980, "Lexicographically optimal base of a
//! polymatroid with respect to a weight vector", Math. of OR 5(2)). The densest set is found by
//! Dinkelbach's method on the max-flow test "is there `S` with `L(S) > ρ X(N(S))`?" (Goldberg
//! 1984, "Finding a maximum density subgraph", UC Berkeley TR). Inside a level, the flow of each
//! queue's load over the level's groups is the one of iterative proportional fitting (the
//! maximum-entropy flow with the required margins), so it is unique and deterministic.

/// The balanced split of a staffing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Balance {
    /// Utilisation of each group (busy share of its agents in the fluid split); 0 for groups
    /// with no agents or no load; may exceed 1 when the load exceeds the agents.
    pub util: Vec<f64>,
    /// `flow[g][q]`: load (in agents busy) of queue `q` carried by group `g`.
    pub flow: Vec<Vec<f64>>,
}

/// The balanced split of `load[q]` (agents' worth of work) over `agents[g]` agents with skill
/// sets `skills[g]`. Queues no agent can serve carry no flow.
pub(crate) fn balance(load: &[f64], skills: &[Vec<usize>], agents: &[f64]) -> Balance {
    let nq = load.len();
    let ng = skills.len();
    let mut util = vec![0.0; ng];
    let mut flow = vec![vec![0.0; nq]; ng];
    let mut queues: Vec<usize> = (0..nq).filter(|&q| load[q] > 0.0).collect();
    let mut groups: Vec<usize> = (0..ng).filter(|&g| agents[g] > 0.0).collect();
    let serves = |g: usize, q: usize| skills[g].contains(&q);
    // Each round removes at least one queue.
    while !queues.is_empty() {
        queues.retain(|&q| groups.iter().any(|&g| serves(g, q)));
        if queues.is_empty() {
            break;
        }
        let (set, rho) = densest(load, skills, agents, &queues, &groups);
        let level_groups: Vec<usize> = groups
            .iter()
            .copied()
            .filter(|&g| set.iter().any(|&q| serves(g, q)))
            .collect();
        for &g in &level_groups {
            util[g] = rho;
        }
        fit(load, skills, agents, &set, &level_groups, rho, &mut flow);
        queues.retain(|q| !set.contains(q));
        groups.retain(|g| !level_groups.contains(g));
    }
    Balance { util, flow }
}

/// Capacity of the agents who can serve some queue of `set`.
fn neighbourhood(skills: &[Vec<usize>], agents: &[f64], groups: &[usize], set: &[usize]) -> f64 {
    groups
        .iter()
        .filter(|&&g| set.iter().any(|q| skills[g].contains(q)))
        .map(|&g| agents[g])
        .sum()
}

/// The densest subset of `queues` (ties: the first found, starting from all of them) and its
/// density, by Dinkelbach iterations on a max-flow test.
fn densest(
    load: &[f64],
    skills: &[Vec<usize>],
    agents: &[f64],
    queues: &[usize],
    groups: &[usize],
) -> (Vec<usize>, f64) {
    let mut set = queues.to_vec();
    let l = |s: &[usize]| s.iter().map(|&q| load[q]).sum::<f64>();
    let mut rho = l(&set) / neighbourhood(skills, agents, groups, &set);
    // Density strictly increases each round and takes finitely many values: a few rounds.
    for _ in 0..64 {
        let reach = denser_than(load, skills, agents, queues, groups, rho);
        if reach.is_empty() {
            break;
        }
        let r = l(&reach) / neighbourhood(skills, agents, groups, &reach);
        // (also stops on NaN)
        if r.partial_cmp(&(rho * (1.0 + 1e-12))) != Some(std::cmp::Ordering::Greater) {
            break;
        }
        set = reach;
        rho = r;
    }
    (set, rho)
}

/// A set `S` with `L(S) - rho X(N(S)) > 0` if there is one (the source side of a minimum cut of
/// source -> queue (L_q), queue -> group (unbounded), group -> sink (rho x_g)), else empty.
fn denser_than(
    load: &[f64],
    skills: &[Vec<usize>],
    agents: &[f64],
    queues: &[usize],
    groups: &[usize],
    rho: f64,
) -> Vec<usize> {
    let (nq, ng) = (queues.len(), groups.len());
    let n = nq + ng + 2;
    let (s, t) = (n - 2, n - 1);
    let mut cap = vec![0.0f64; n * n];
    let total: f64 = queues.iter().map(|&q| load[q]).sum();
    for (i, &q) in queues.iter().enumerate() {
        cap[s * n + i] = load[q];
        for (j, &g) in groups.iter().enumerate() {
            if skills[g].contains(&q) {
                cap[i * n + nq + j] = f64::INFINITY;
            }
        }
    }
    for (j, &g) in groups.iter().enumerate() {
        cap[(nq + j) * n + t] = rho * agents[g];
    }
    let eps = 1e-12 * total.max(1e-300);
    let flow = max_flow(&mut cap, n, s, t, eps);
    if total - flow <= 1e-9 * total {
        return Vec::new();
    }
    // Queues reachable from the source in the residual graph.
    let mut seen = vec![false; n];
    let mut stack = vec![s];
    seen[s] = true;
    while let Some(u) = stack.pop() {
        for v in 0..n {
            if !seen[v] && cap[u * n + v] > eps {
                seen[v] = true;
                stack.push(v);
            }
        }
    }
    queues
        .iter()
        .enumerate()
        .filter(|(i, _)| seen[*i])
        .map(|(_, &q)| q)
        .collect()
}

/// Edmonds–Karp on a dense residual matrix (the graphs here have at most a few hundred nodes);
/// leaves the residual capacities in `cap` and returns the flow value.
fn max_flow(cap: &mut [f64], n: usize, s: usize, t: usize, eps: f64) -> f64 {
    let mut total = 0.0;
    let mut prev = vec![usize::MAX; n];
    let mut queue = std::collections::VecDeque::with_capacity(n);
    // Each augmentation saturates an edge; the bound only guards against float dust.
    for _ in 0..(4 * n * n) {
        prev.iter_mut().for_each(|p| *p = usize::MAX);
        prev[s] = s;
        queue.clear();
        queue.push_back(s);
        while let Some(u) = queue.pop_front() {
            if u == t {
                break;
            }
            for v in 0..n {
                if prev[v] == usize::MAX && cap[u * n + v] > eps {
                    prev[v] = u;
                    queue.push_back(v);
                }
            }
        }
        if prev[t] == usize::MAX {
            break;
        }
        let mut push = f64::INFINITY;
        let mut v = t;
        while v != s {
            let u = prev[v];
            push = push.min(cap[u * n + v]);
            v = u;
        }
        if push.is_nan() || push <= eps || push.is_infinite() {
            break;
        }
        let mut v = t;
        while v != s {
            let u = prev[v];
            cap[u * n + v] -= push;
            cap[v * n + u] += push;
            v = u;
        }
        total += push;
    }
    total
}

/// Iterative proportional fitting of the load of the queues of `set` over `groups`: rows sum to
/// `rho x_g`, columns to `L_q`. The margins are consistent (the level is the densest set), so
/// the iteration converges (linearly, slowly when the solution sits on the boundary); 100
/// sweeps or a relative error of 1e-9, far below what moves a service level.
/// Most sweeps of the proportional fitting.
const SWEEPS: usize = 100;

fn fit(
    load: &[f64],
    skills: &[Vec<usize>],
    agents: &[f64],
    set: &[usize],
    groups: &[usize],
    rho: f64,
    flow: &mut [Vec<f64>],
) {
    for &g in groups {
        for &q in set {
            if skills[g].contains(&q) {
                flow[g][q] = agents[g] * load[q];
            }
        }
    }
    for _ in 0..SWEEPS {
        let mut worst = 0.0f64;
        for &q in set {
            let col: f64 = groups.iter().map(|&g| flow[g][q]).sum();
            if col > 0.0 {
                let f = load[q] / col;
                worst = worst.max((f - 1.0).abs());
                for &g in groups {
                    flow[g][q] *= f;
                }
            }
        }
        for &g in groups {
            let row: f64 = set.iter().map(|&q| flow[g][q]).sum();
            if row > 0.0 {
                let f = rho * agents[g] / row;
                worst = worst.max((f - 1.0).abs());
                for &q in set {
                    flow[g][q] *= f;
                }
            }
        }
        if worst < 1e-9 {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn one_flexible_group_carries_everything_at_the_pooled_utilisation() {
        let b = balance(&[6.0, 4.0], &[vec![0, 1]], &[14.0]);
        assert!(close(b.util[0], 10.0 / 14.0));
        assert!(close(b.flow[0][0], 6.0) && close(b.flow[0][1], 4.0));
    }

    #[test]
    fn dedicated_groups_are_separate_levels() {
        let b = balance(&[10.0, 10.0], &[vec![0], vec![1]], &[14.0, 13.0]);
        assert!(close(b.util[0], 10.0 / 14.0) && close(b.util[1], 10.0 / 13.0));
        assert!(close(b.flow[1][1], 10.0) && b.flow[0][1] == 0.0);
    }

    #[test]
    fn a_crowded_queue_takes_the_shared_agents() {
        // Queue 0: 12 Erlangs on 10 dedicated + 4 shared; queue 1: 2 Erlangs on 10 dedicated.
        // {0} alone has density 12/14 > (14/24): the shared group works only for queue 0.
        let b = balance(
            &[12.0, 2.0],
            &[vec![0], vec![1], vec![0, 1]],
            &[10.0, 10.0, 4.0],
        );
        assert!(close(b.util[0], 12.0 / 14.0) && close(b.util[2], 12.0 / 14.0));
        assert!(close(b.util[1], 0.2));
        assert!(close(b.flow[2][1], 0.0) && close(b.flow[2][0], 4.0 * 12.0 / 14.0));
    }

    #[test]
    fn a_balanced_chain_is_one_level() {
        let skills = vec![vec![0, 1], vec![1, 2], vec![2, 0]];
        let b = balance(&[10.0, 10.0, 10.0], &skills, &[13.0, 13.0, 13.0]);
        for g in 0..3 {
            assert!(close(b.util[g], 30.0 / 39.0));
        }
        for q in 0..3 {
            let col: f64 = (0..3).map(|g| b.flow[g][q]).sum();
            assert!(close(col, 10.0));
        }
    }

    #[test]
    fn queues_nobody_serves_carry_nothing() {
        let b = balance(&[5.0, 3.0], &[vec![0]], &[0.0]);
        assert_eq!(b.util, vec![0.0]);
        let b = balance(&[5.0, 3.0], &[vec![0]], &[4.0]);
        assert!(close(b.util[0], 1.25));
        assert!(close(b.flow[0][0], 5.0));
    }
}
