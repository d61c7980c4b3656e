//! Multi-skill staffing: how many agents of each skill group one interval needs so that every
//! queue meets its targets, at least cost, when agents answer several queues.
//!
//! Why it exists: staffing each queue by its own Erlang model and adding the results counts a
//! cross-trained agent once per queue (it overstaffs the shared part) and promises nothing to
//! the queue whose skill is scarce. The established approach, followed here, is a fast model
//! first and a correction by an evaluator of the real routing:
//!
//! 1. **Per-queue requirements** from the single-skill models of this crate
//!    ([`required_agents`](super::required_agents): Erlang C/A, chat), exactly today's numbers.
//! 2. **Pooling** (Wallace & Whitt 2005, "A staffing algorithm for call centers with skill-based
//!    routing", M&SOM 7(4):276–294): agents shared by a set of queues `S` form one pool, whose
//!    requirement `R(S)` (the pooled queue: summed arrivals, volume-weighted handle time, every
//!    member's target) is below the sum of the separate ones; a queue's *effective
//!    requirement* is its load plus its square-root share of its pool's safety staff,
//!    `a_q + (R(P) - A_P) sqrt(a_q) / sum_j sqrt(a_j)` (their square-root split).
//! 3. **Skill-transfer LP** (Bhulai, Koole & Pot 2008, "Simple methods for shift scheduling in
//!    multiskill call centers", M&SOM 10(3):411–420): integer agents `x_g` per group and
//!    transfer variables `y_gq >= 0` splitting group `g` over the queues it can serve;
//!    minimise `sum c_g x_g` subject to `sum_q y_gq <= x_g`, `sum_g y_gq >= effective
//!    requirement of q`, and, for pooling, `sum_{g serving S} x_g >= R(S)` for the sets `S` of
//!    queues (all of them up to 5 queues; singletons, pairs sharing a group and the connected
//!    components beyond). Solved exactly by microlp (a handful of integer variables).
//! 4. **Correction loop** in the spirit of Cezik & L'Ecuyer 2008 ("Staffing multiskill call
//!    centers via linear programming and simulation", Management Science 54(2):310–323): the
//!    evaluator passed in (the multi-skill simulation in a plan, [`modelled_service`] by
//!    default) scores every queue; while a queue misses, add one agent to the cheapest group
//!    that can serve a missing queue (ties: the one serving most missing queues, then the most
//!    specialised); then descend while every queue that meets its targets still does, trying
//!    the move that saves most first: remove one agent, replace one agent in each of two
//!    groups by one cross-trained agent who has both their skills (the pooling move), or move
//!    one agent to a cheaper group sharing a skill. Each evaluation counts against a work
//!    budget, so the result depends on the input only.
//!
//! [`modelled_service`] is the fast analytic estimate of each queue's service for a staffing by
//! group: the balanced fluid split of the agents over the queues (see `balance`) gives each
//! group's utilisation, and each queue is then the pooled Erlang queue of the agents who can
//! serve it with the work they carry (its own and their other queues'). It is exact for one
//! queue (the single-skill model), for disjoint dedicated teams and for one fully cross-trained
//! team (the pooled model), and is compared with the simulation in `tests/multiskill_staffing.rs`
//! and benches/README.md.
//!
//! The staffing module does not know the simulator (architecture invariant): a plan passes it
//! in as the evaluator closure.
//!
//! ```
//! use paiban::staffing::skills::{staff_interval_modelled, SkillGroup, SkillQueue};
//! use paiban::staffing::{Demand, ServiceModel, Target};
//! let q = |volume: f64| SkillQueue {
//!     demand: Demand { volume, interval_seconds: 1800.0 },
//!     service: ServiceModel::erlang_c(180.0),
//!     target: Target { service_level: 0.8, answer_seconds: 20.0,
//!                      max_asa_seconds: None, max_abandon_rate: None },
//!     max_occupancy: None,
//! };
//! let group = |skills: Vec<usize>, cost: f64| SkillGroup { skills, cost, max_agents: None };
//! // Two queues of 10 Erlangs: dedicated teams need 14 + 14; one cross-trained team needs 24.
//! let s = staff_interval_modelled(&[q(100.0), q(100.0)],
//!     &[group(vec![0], 1.0), group(vec![1], 1.0), group(vec![0, 1], 1.0)], 100)?;
//! assert_eq!(s.single_skill, vec![14, 14]);
//! assert_eq!(s.agents, vec![0, 0, 24]);
//! assert!(s.targets_met.iter().all(|&m| m));
//! # Ok::<(), paiban::Error>(())
//! ```

mod balance;
mod lp;

use super::model::{evaluate_unchecked, Demand, Performance, ServiceModel};
use super::requirement::{required_unchecked, Target};
use crate::error::{fraction, positive};
use crate::limits::MAX_QUEUES;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// Most skill groups in one staffing problem.
pub const MAX_SKILL_GROUPS: usize = 200;
/// Queues up to which the LP states the pooled requirement of every subset of queues.
pub const ALL_SUBSETS_UP_TO: usize = 5;
/// Slack for comparisons against targets (as in the single-skill requirement search).
const TARGET_SLACK: f64 = 1e-12;

/// One queue in one interval, as the single-skill models see it.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillQueue {
    /// Contacts offered in the interval.
    pub demand: Demand,
    /// Voice (Erlang C/A) or chat.
    pub service: ServiceModel,
    /// The queue's service target.
    pub target: Target,
    /// Highest occupancy allowed for the agents serving it, if any.
    pub max_occupancy: Option<f64>,
}

/// A skill group: the agents with one skill set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillGroup {
    /// Queues (indices) its agents answer; at least one, no repeats.
    pub skills: Vec<usize>,
    /// Cost of one agent (> 0); 1 when absent.
    #[serde(default = "unit_cost")]
    pub cost: f64,
    /// Most agents of this group available (its headcount); `null` = no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_agents: Option<u32>,
}

fn unit_cost() -> f64 {
    1.0
}

/// A group derived from named agents: the distinct skill set and who has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DerivedGroup {
    /// The group (skills ascending, cost 1, `max_agents` = headcount).
    pub group: SkillGroup,
    /// Indices of its agents, ascending.
    pub agents: Vec<usize>,
}

/// Skill groups of a team: one per distinct skill set (order of skills ignored), in order of
/// first appearance, `max_agents` = the number of agents with that set, cost 1. The
/// multi-skill simulator groups agents the same way for its report.
pub fn skill_groups(agent_skills: &[Vec<usize>]) -> Vec<DerivedGroup> {
    let mut out: Vec<DerivedGroup> = Vec::new();
    for (a, skills) in agent_skills.iter().enumerate() {
        let mut set = skills.clone();
        set.sort_unstable();
        set.dedup();
        match out.iter_mut().find(|d| d.group.skills == set) {
            Some(d) => {
                d.agents.push(a);
                d.group.max_agents = Some(d.agents.len() as u32);
            }
            None => out.push(DerivedGroup {
                group: SkillGroup {
                    skills: set,
                    cost: 1.0,
                    max_agents: Some(1),
                },
                agents: vec![a],
            }),
        }
    }
    out
}

/// One skill group's requirement over a horizon (a multi-skill plan's requirements stage).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRequirement {
    /// Group id.
    pub id: String,
    /// Queue ids its agents answer.
    pub skills: Vec<String>,
    /// Agents of the group needed per interval (at work, answering contacts).
    pub agents: Vec<u32>,
    /// Positions per interval: `ceil(agents / (1 - shrinkage))`.
    pub positions: Vec<u32>,
    /// Intervals where the staffing left a queue this group serves below its target (no
    /// staffing within the headcounts reaches it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmet: Vec<usize>,
}

/// What one queue gets from a staffing: the figures the targets are checked against. An
/// evaluator (a simulation) fills what it measures; `None` where a figure is undefined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueService {
    /// Answered within the queue's threshold / offered (abandoned contacts count as not in
    /// time).
    pub service_level: f64,
    /// Mean wait over all offered contacts, seconds; `null` when unbounded.
    pub asa_seconds: Option<f64>,
    /// Abandoned / offered; `null` without patience.
    pub abandon_rate: Option<f64>,
    /// Occupancy of the agents serving the queue; `null` when not measured.
    pub occupancy: Option<f64>,
    /// The queue grows without bound (Erlang C / chat without patience, too few agents).
    pub unstable: bool,
}

impl QueueService {
    /// The figures of a single-queue performance.
    pub fn from_performance(p: &Performance) -> QueueService {
        QueueService {
            service_level: p.service_level,
            asa_seconds: p.asa_seconds,
            abandon_rate: p.p_abandon,
            occupancy: Some(p.occupancy),
            unstable: p.unstable,
        }
    }
}

/// Whether `s` meets `target` and the occupancy cap: the rule of
/// [`missed_targets`](super::missed_targets) (same slack; a missing ASA misses a maximum ASA, a
/// missing abandonment or occupancy figure does not miss).
pub fn meets_target(s: &QueueService, target: &Target, max_occupancy: Option<f64>) -> bool {
    if s.unstable || s.service_level < target.service_level - TARGET_SLACK {
        return false;
    }
    if let Some(m) = target.max_asa_seconds {
        if s.asa_seconds.map_or(true, |a| a > m + TARGET_SLACK) {
            return false;
        }
    }
    if let (Some(m), Some(p)) = (target.max_abandon_rate, s.abandon_rate) {
        if p > m + TARGET_SLACK {
            return false;
        }
    }
    if let (Some(m), Some(o)) = (max_occupancy, s.occupancy) {
        if o > m + TARGET_SLACK {
            return false;
        }
    }
    true
}

/// The modelled service of a staffing by group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelledService {
    /// Per queue (input order).
    pub queues: Vec<QueueService>,
    /// `split[g][q]`: agents of group `g` working for queue `q` in the balanced split (their
    /// time share, idle time included, in proportion to the work they carry).
    pub split: Vec<Vec<f64>>,
    /// Utilisation of each group in the balanced split (busy share; > 1 = overloaded).
    pub utilisation: Vec<f64>,
}

/// One interval's multi-skill staffing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillStaffing {
    /// Agents per group (input order).
    pub agents: Vec<u32>,
    /// `sum c_g x_g`.
    pub cost: f64,
    /// `split[g][q]`: agents of group `g` working for queue `q` (the balanced split of
    /// [`modelled_service`]); each row sums to `agents[g]` when the group has work.
    pub split: Vec<Vec<f64>>,
    /// Per queue: today's single-skill requirement (each queue staffed alone).
    pub single_skill: Vec<u32>,
    /// Per queue: the effective requirement, its Wallace–Whitt share of its pool's requirement.
    pub effective_requirement: Vec<f64>,
    /// Per queue: the pooled requirement of its pool (the queues linked by shared groups).
    pub pool_requirement: Vec<u32>,
    /// Agents per group from the skill-transfer LP, before the correction loop.
    pub initial_agents: Vec<u32>,
    /// The evaluator's figures at `agents`, per queue.
    pub service: Vec<QueueService>,
    /// Whether each queue meets its targets at `agents` (by the evaluator).
    pub targets_met: Vec<bool>,
    /// Evaluations used.
    pub evaluations: u32,
    /// Whether the correction loop stopped on the budget rather than at a fixed point.
    pub budget_exhausted: bool,
}

/// Validate queues and groups; errors name `queues[i]…` and `groups[j]…`.
fn validate(queues: &[SkillQueue], groups: &[SkillGroup]) -> Result<()> {
    if queues.is_empty() {
        return Err(Error::Empty {
            path: "queues".into(),
            expected: "at least one queue".into(),
        });
    }
    if queues.len() > MAX_QUEUES {
        return Err(Error::TooLarge {
            path: "queues".into(),
            limit: MAX_QUEUES,
            found: queues.len(),
        });
    }
    for (i, q) in queues.iter().enumerate() {
        let p = format!("queues[{i}]");
        q.demand.validate().map_err(|e| e.within(&p))?;
        q.service.validate().map_err(|e| e.within(&p))?;
        q.target.validate(&format!("{p}.target"))?;
        if let Some(m) = q.max_occupancy {
            positive(&format!("{p}.max_occupancy"), m)?;
            fraction(&format!("{p}.max_occupancy"), m, 0.0, 1.0)?;
        }
        super::model::check_size(&q.demand, &q.service, 0).map_err(|e| e.within(&p))?;
    }
    if groups.is_empty() {
        return Err(Error::Empty {
            path: "groups".into(),
            expected: "at least one skill group".into(),
        });
    }
    if groups.len() > MAX_SKILL_GROUPS {
        return Err(Error::TooLarge {
            path: "groups".into(),
            limit: MAX_SKILL_GROUPS,
            found: groups.len(),
        });
    }
    for (g, grp) in groups.iter().enumerate() {
        let p = format!("groups[{g}]");
        if grp.skills.is_empty() {
            return Err(Error::Empty {
                path: format!("{p}.skills"),
                expected: "at least one queue index".into(),
            });
        }
        for (k, &s) in grp.skills.iter().enumerate() {
            if s >= queues.len() {
                return Err(Error::invalid(
                    format!("{p}.skills[{k}]"),
                    format!("a queue index below {}", queues.len()),
                    s,
                ));
            }
            if grp.skills[..k].contains(&s) {
                return Err(Error::invalid(
                    format!("{p}.skills[{k}]"),
                    "a queue not listed earlier in the group",
                    s,
                ));
            }
        }
        positive(&format!("{p}.cost"), grp.cost)?;
    }
    Ok(())
}

/// Load of a queue in agents' worth of work (chat: at its highest concurrency, see
/// `ServiceModel::capacity_load`).
fn load_of(q: &SkillQueue) -> f64 {
    q.service.capacity_load(&q.demand)
}

/// A pool of work: agents' worth of load and the arrival rate behind it.
#[derive(Debug, Clone, Copy)]
struct Pool {
    load: f64,
    rate: f64,
    /// Whether the pool holds other queues' work besides the member's own.
    shared: bool,
}

/// The single-queue model a member `q` of `pool` is evaluated with: its own model when it is
/// alone; else voice with the pool's arrivals and volume-weighted handle time, chat with its
/// own handle times and its arrivals scaled to the pool's load.
fn member_model(q: &SkillQueue, pool: Pool) -> (Demand, ServiceModel) {
    if !pool.shared {
        return (q.demand, q.service.clone());
    }
    let secs = q.demand.interval_seconds;
    match &q.service {
        ServiceModel::Voice {
            patience_seconds, ..
        } if pool.rate > 0.0 => (
            Demand {
                volume: pool.rate * secs,
                interval_seconds: secs,
            },
            ServiceModel::Voice {
                aht_seconds: pool.load / pool.rate,
                patience_seconds: *patience_seconds,
            },
        ),
        _ => {
            let own = load_of(q);
            let scale = if own > 0.0 { pool.load / own } else { 1.0 };
            (
                Demand {
                    volume: q.demand.volume * scale,
                    interval_seconds: secs,
                },
                q.service.clone(),
            )
        }
    }
}

/// The pooled requirement `R(S)` of the queues `members`: the least agents of one team
/// answering all of them (first-come-first-served across the queues) such that every member
/// meets its targets. For one queue it is exactly its single-skill requirement.
pub fn pooled_requirement(queues: &[SkillQueue], members: &[usize]) -> Result<u32> {
    for (k, &m) in members.iter().enumerate() {
        let Some(q) = queues.get(m) else {
            return Err(Error::invalid(
                format!("members[{k}]"),
                format!("a queue index below {}", queues.len()),
                m,
            ));
        };
        let p = format!("queues[{m}]");
        q.demand.validate().map_err(|e| e.within(&p))?;
        q.service.validate().map_err(|e| e.within(&p))?;
        q.target.validate(&format!("{p}.target"))?;
    }
    pooled_unchecked(queues, members)
}

fn pooled_unchecked(queues: &[SkillQueue], members: &[usize]) -> Result<u32> {
    let pool = Pool {
        load: members.iter().map(|&q| load_of(&queues[q])).sum(),
        rate: members.iter().map(|&q| queues[q].demand.rate()).sum(),
        shared: members
            .iter()
            .filter(|&&q| load_of(&queues[q]) > 0.0)
            .count()
            > 1,
    };
    let mut need = 0u32;
    for &m in members {
        let q = &queues[m];
        if q.demand.volume <= 0.0 {
            continue;
        }
        let (d, s) = member_model(q, pool);
        let r = required_unchecked(&d, &s, &q.target, q.max_occupancy)
            .map_err(|e| e.within(&format!("queues[{m}]")))?;
        need = need.max(r.agents);
    }
    Ok(need)
}

/// Share of the idle-proportional split blended into the balanced one (see
/// [`modelled_service`]); calibrated with [`OVERLAP_POWER`] on seeds 1-40 of the random
/// centres of `tests/multiskill_staffing.rs`, reported on seeds 101-160.
pub const IDLE_SPLIT_SHARE: f64 = 0.1;
/// Exponent of the overlap weight `(X(N(q) ∩ N(j))² / (X(N(q)) X(N(j))))^p` with which another
/// queue's work on a queue's agents competes for them (see [`modelled_service`]).
pub const OVERLAP_POWER: i32 = 3;

/// Modelled per-queue service of `agents[g]` agents in each group (an estimate for planners to
/// read next to the simulated figures, and the default evaluator of the staffing loop).
///
/// 1. **Split.** The balanced fluid split (module `balance`: densest sets of queues first) says
///    which share of each group's time goes to which queue; since a freed agent also takes
///    arrivals of its quieter queues when it is the longest idle, [`IDLE_SPLIT_SHARE`] of each
///    queue's load is spread over its groups in proportion to their idle agents instead.
/// 2. **Pool of a queue.** Queue `q` is served by the agents of its groups, `N(q)`, who also
///    carry other queues' work. Work of queue `j` on them *competes* with `q`'s contacts (waits
///    in the same first-come-first-served order) in the measure `w = (X(N(q) ∩ N(j))² /
///    (X(N(q)) X(N(j))))^OVERLAP_POWER` in which both queues depend on the same agents, and
///    otherwise only *occupies* agents (it would be answered elsewhere if they were busy). So `q`
///    is the single-queue model (Erlang C/A, chat) of `X(N(q)) - occupied` agents (fractional:
///    linear between the neighbouring whole numbers) carrying `q`'s load plus the competing
///    load, with the volume-weighted handle time.
///
/// Chat: a queue's work counts at its capacity share (`λ·AHT_K/K`: a chat takes `1/K` of an
/// agent), and a voice queue sharing agents with a chat queue loses [`CHAT_BLOCKING`] of the
/// share of them the chats in service would hold one per agent, since a call needs an agent
/// with nothing in hand. Measured against the simulation in `tests/multiskill_staffing.rs`
/// (chat queues within 2.3 points on average; voice beside chat 9.6, optimistic where the
/// chats keep every blended agent busy) and on whole plans in benches/README.md.
///
/// Exact limits: one queue (its single-skill model), disjoint dedicated teams (independent
/// single-skill models), one team with every skill (`w = 1`: the pooled model of
/// [`pooled_requirement`]). Accuracy against the multi-skill simulation on random centres is
/// measured in `tests/multiskill_staffing.rs` and reported in benches/README.md.
pub fn modelled_service(
    queues: &[SkillQueue],
    groups: &[SkillGroup],
    agents: &[u32],
) -> Result<ModelledService> {
    let x: Vec<f64> = agents.iter().map(|&a| f64::from(a)).collect();
    modelled_service_mean(queues, groups, &x)
}

/// [`modelled_service`] for mean agents on duty per group (fractional where breaks cover part
/// of an interval): fractional pools are evaluated linearly between whole numbers of agents.
pub fn modelled_service_mean(
    queues: &[SkillQueue],
    groups: &[SkillGroup],
    agents: &[f64],
) -> Result<ModelledService> {
    validate(queues, groups)?;
    if agents.len() != groups.len() {
        return Err(Error::Inconsistent {
            path: "agents".into(),
            other: "groups".into(),
            message: format!("{} counts for {} groups", agents.len(), groups.len()),
        });
    }
    for (g, &a) in agents.iter().enumerate() {
        crate::error::non_negative(&format!("agents[{g}]"), a)?;
        if a > f64::from(crate::limits::MAX_EVALUATED_AGENTS) {
            return Err(Error::invalid(
                format!("agents[{g}]"),
                format!("at most {} agents", crate::limits::MAX_EVALUATED_AGENTS),
                a,
            ));
        }
    }
    Ok(modelled_unchecked(queues, groups, agents))
}

/// The split of the modelled estimate: `flow[g][q]`, load of `q` carried by `g`.
fn modelled_flow(loads: &[f64], groups: &[SkillGroup], x: &[f64]) -> (Vec<Vec<f64>>, Vec<f64>) {
    let skills: Vec<Vec<usize>> = groups.iter().map(|g| g.skills.clone()).collect();
    let b = balance::balance(loads, &skills, x);
    let mut flow = b.flow.clone();
    for (q, &load) in loads.iter().enumerate() {
        let idle: Vec<f64> = (0..groups.len())
            .map(|g| {
                if skills[g].contains(&q) && x[g] > 0.0 {
                    x[g] * (1.0 - b.util[g]).max(0.0)
                } else {
                    0.0
                }
            })
            .collect();
        let total: f64 = idle.iter().sum();
        if total <= 0.0 {
            continue;
        }
        for g in 0..groups.len() {
            flow[g][q] =
                (1.0 - IDLE_SPLIT_SHARE) * b.flow[g][q] + IDLE_SPLIT_SHARE * load * idle[g] / total;
        }
    }
    (flow, b.util)
}

/// Performance of `servers` (fractional) agents: linear between the neighbouring whole numbers.
fn service_at(d: &Demand, s: &ServiceModel, servers: f64, answer_seconds: f64) -> QueueService {
    let failed = QueueService {
        service_level: 0.0,
        asa_seconds: None,
        abandon_rate: s.patience().map(|_| 1.0),
        occupancy: Some(1.0),
        unstable: true,
    };
    let servers = servers.max(0.0);
    let lo = servers.floor();
    let frac = servers - lo;
    let n = if lo >= f64::from(u32::MAX / 2) {
        u32::MAX / 2
    } else {
        lo as u32
    };
    let Ok(a) = evaluate_unchecked(d, s, n, answer_seconds) else {
        return failed;
    };
    let a = QueueService::from_performance(&a);
    if frac < 1e-9 {
        return a;
    }
    let Ok(b) = evaluate_unchecked(d, s, n + 1, answer_seconds) else {
        return failed;
    };
    let b = QueueService::from_performance(&b);
    let mix = |x: f64, y: f64| (1.0 - frac) * x + frac * y;
    let both = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => Some(mix(x, y)),
        _ => None,
    };
    QueueService {
        service_level: mix(a.service_level, b.service_level),
        asa_seconds: both(a.asa_seconds, b.asa_seconds),
        abandon_rate: both(a.abandon_rate, b.abandon_rate),
        occupancy: both(a.occupancy, b.occupancy),
        unstable: b.unstable,
    }
}

/// Share of the agents a voice queue shares with a chat queue that chats keep from calls, of
/// the share that would hold a chat if chats were spread one per agent (`c / n` for `c` chats
/// in service at concurrency 1 over the `n` agents with the chat skill, at most 1). Less than
/// 1 because a freed agent takes a waiting call before new chats reach it, so agents on calls
/// are seldom the ones given chats. Chosen on the tuning centres of
/// `benches/skills_heldout.py --chat` (seeds 201-212, whole plans judged by
/// `benches/skills_judge.py`): the claimed service of the voice lines beside chat was 1-6
/// points above the judge's with 0.3, 5-14 below with 1, within 2.7 points with 0.7 (an
/// exponent of 2 instead, 0 blocking at few chats, full at saturation: within 9.9).
pub const CHAT_BLOCKING: f64 = 0.7;

/// Chats of queue `q` in service when they are spread one per agent (the routing gives a chat
/// to the agent with the least in hand): its offered traffic at concurrency 1. `None` for
/// voice.
fn chats_in_service(q: &SkillQueue) -> Option<f64> {
    matches!(q.service, ServiceModel::Chat { .. }).then(|| q.service.traffic(&q.demand))
}

fn modelled_unchecked(queues: &[SkillQueue], groups: &[SkillGroup], x: &[f64]) -> ModelledService {
    let loads: Vec<f64> = queues.iter().map(load_of).collect();
    let chats: Vec<Option<f64>> = queues.iter().map(chats_in_service).collect();
    let (flow, util) = modelled_flow(&loads, groups, x);
    let serving = |q: usize| -> Vec<usize> {
        (0..groups.len())
            .filter(|&g| x[g] > 0.0 && groups[g].skills.contains(&q))
            .collect()
    };
    let nbhd: Vec<Vec<usize>> = (0..queues.len()).map(serving).collect();
    let capacity = |set: &[usize]| set.iter().map(|&g| x[g]).sum::<f64>();
    let out = queues
        .iter()
        .enumerate()
        .map(|(qi, q)| {
            let mine = &nbhd[qi];
            let xq = capacity(mine);
            let mut pool = Pool {
                load: loads[qi],
                rate: q.demand.rate(),
                shared: false,
            };
            let mut occupied = 0.0;
            for (j, qj) in queues.iter().enumerate() {
                if j == qi || loads[j] <= 0.0 {
                    continue;
                }
                let theirs = &nbhd[j];
                let overlap: Vec<usize> = mine
                    .iter()
                    .copied()
                    .filter(|g| theirs.contains(g))
                    .collect();
                let ov = capacity(&overlap);
                if ov <= 0.0 {
                    continue;
                }
                let w = crate::math::powi(ov * ov / (xq * capacity(theirs)), OVERLAP_POWER);
                let carried: f64 = mine.iter().map(|&g| flow[g][j]).sum();
                if carried <= 0.0 {
                    continue;
                }
                // A call needs an agent with nothing in hand, and chats go to the agents with
                // the least in hand: chats in service close agents with their skill to calls,
                // so a voice queue loses a share of the agents it shares with a chat queue
                // (whatever the split; see CHAT_BLOCKING) instead of the chats' capacity.
                if let (ServiceModel::Voice { .. }, Some(c)) = (&q.service, chats[j]) {
                    let all = capacity(theirs);
                    occupied += CHAT_BLOCKING * ov * (c / all).min(1.0);
                    continue;
                }
                pool.load += w * carried;
                pool.rate += w * carried * qj.demand.rate() / loads[j];
                pool.shared |= w > 0.0;
                occupied += (1.0 - w) * carried;
            }
            let (d, s) = member_model(q, pool);
            service_at(&d, &s, xq - occupied, q.target.answer_seconds)
        })
        .collect();
    let split = flow
        .iter()
        .enumerate()
        .map(|(g, row)| {
            let busy: f64 = row.iter().sum();
            row.iter()
                .map(|&f| if busy > 0.0 { f / busy * x[g] } else { 0.0 })
                .collect()
        })
        .collect();
    ModelledService {
        queues: out,
        split,
        utilisation: util,
    }
}

/// The modelled service of a staffing over a horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelledHorizon {
    /// Per interval.
    pub intervals: Vec<ModelledService>,
    /// Per queue, over the horizon: the offered-weighted mean of the intervals' service levels
    /// (the share of all offered contacts answered in time, as the simulation counts it);
    /// `null` for a queue with no volume.
    pub service_level: Vec<Option<f64>>,
}

/// [`modelled_service_mean`] for every interval (`agents[i]`: mean agents on duty per group in
/// interval `i`, e.g. from a roster with its breaks), and each queue's figure over the horizon.
pub fn modelled_horizon(
    intervals: &[Vec<SkillQueue>],
    groups: &[SkillGroup],
    agents: &[Vec<f64>],
) -> Result<ModelledHorizon> {
    if agents.len() != intervals.len() {
        return Err(Error::Inconsistent {
            path: "agents".into(),
            other: "intervals".into(),
            message: format!(
                "{} staffings for {} intervals",
                agents.len(),
                intervals.len()
            ),
        });
    }
    let nq = intervals.first().map_or(0, Vec::len);
    let (mut num, mut den) = (vec![0.0; nq], vec![0.0; nq]);
    let mut out = Vec::with_capacity(intervals.len());
    for (i, (qs, x)) in intervals.iter().zip(agents).enumerate() {
        if qs.len() != nq {
            return Err(Error::Inconsistent {
                path: format!("intervals[{i}]"),
                other: "intervals[0]".into(),
                message: format!("{} queues, expected {nq}", qs.len()),
            });
        }
        let m = modelled_service_mean(qs, groups, x)
            .map_err(|e| e.within(&format!("intervals[{i}]")))?;
        for (q, s) in m.queues.iter().enumerate() {
            num[q] += s.service_level * qs[q].demand.volume;
            den[q] += qs[q].demand.volume;
        }
        out.push(m);
    }
    Ok(ModelledHorizon {
        intervals: out,
        service_level: num
            .iter()
            .zip(&den)
            .map(|(n, d)| (*d > 0.0).then(|| n / d))
            .collect(),
    })
}

fn as_f64(x: &[u32]) -> Vec<f64> {
    x.iter().map(|&a| f64::from(a)).collect()
}

/// Components of queues linked by groups that may be staffed; `component[q]` and the lists.
fn components(nq: usize, groups: &[SkillGroup]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..nq).collect();
    fn find(p: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while p[r] != r {
            r = p[r];
        }
        let mut y = x;
        while p[y] != r {
            let next = p[y];
            p[y] = r;
            y = next;
        }
        r
    }
    for g in groups.iter().filter(|g| g.max_agents != Some(0)) {
        if let Some(&first) = g.skills.first() {
            for &s in &g.skills[1..] {
                let (a, b) = (find(&mut parent, first), find(&mut parent, s));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut index = vec![usize::MAX; nq];
    for q in 0..nq {
        let r = find(&mut parent, q);
        if index[r] == usize::MAX {
            index[r] = out.len();
            out.push(Vec::new());
        }
        out[index[r]].push(q);
    }
    out
}

/// The sets of queues whose pooled requirement the LP states.
fn pooling_sets(
    queues: &[SkillQueue],
    groups: &[SkillGroup],
    comps: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let active: Vec<usize> = (0..queues.len())
        .filter(|&q| queues[q].demand.volume > 0.0)
        .collect();
    let mut sets: Vec<Vec<usize>> = Vec::new();
    if active.len() <= ALL_SUBSETS_UP_TO {
        for mask in 1u32..(1 << active.len()) {
            sets.push(
                active
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, &q)| q)
                    .collect(),
            );
        }
        return sets;
    }
    for &q in &active {
        sets.push(vec![q]);
    }
    for (i, &a) in active.iter().enumerate() {
        for &b in &active[i + 1..] {
            if groups
                .iter()
                .any(|g| g.max_agents != Some(0) && g.skills.contains(&a) && g.skills.contains(&b))
            {
                sets.push(vec![a, b]);
            }
        }
    }
    for c in comps {
        let members: Vec<usize> = c.iter().copied().filter(|q| active.contains(q)).collect();
        if members.len() > 2 && !sets.contains(&members) {
            sets.push(members);
        }
    }
    if active.len() > 2 && !sets.contains(&active) {
        sets.push(active);
    }
    sets
}

/// Staff one interval: skill-transfer LP with pooled requirements, then the correction loop
/// with `evaluate` (agents per group -> per-queue service), at most `max_evaluations` calls.
/// Removals never make a queue that meets its targets miss them and never take agents from a
/// group serving a queue that misses.
///
/// Deterministic when `evaluate` is. A queue no group can serve, or that its groups' headcount
/// cannot bring to target, is reported with `targets_met: false` (bad news, not an error).
pub fn staff_interval(
    queues: &[SkillQueue],
    groups: &[SkillGroup],
    max_evaluations: u32,
    mut evaluate: impl FnMut(&[u32]) -> Result<Vec<QueueService>>,
) -> Result<SkillStaffing> {
    validate(queues, groups)?;
    let nq = queues.len();
    let single_skill = (0..nq)
        .map(|q| pooled_unchecked(queues, &[q]))
        .collect::<Result<Vec<u32>>>()?;
    let comps = components(nq, groups);
    let mut pool_requirement = vec![0u32; nq];
    let mut effective_requirement = vec![0.0; nq];
    for c in &comps {
        let r = pooled_unchecked(queues, c)?;
        let loads: Vec<f64> = c.iter().map(|&q| load_of(&queues[q])).collect();
        let total: f64 = loads.iter().sum();
        let roots: f64 = loads.iter().map(|l| l.sqrt()).sum();
        for (&q, &l) in c.iter().zip(&loads) {
            pool_requirement[q] = r;
            effective_requirement[q] = if c.len() == 1 {
                f64::from(single_skill[q])
            } else if roots > 0.0 {
                (l + (f64::from(r) - total) * l.sqrt() / roots).max(0.0)
            } else {
                0.0
            };
        }
    }
    let sets = pooling_sets(queues, groups, &comps);
    let mut pooled = Vec::with_capacity(sets.len());
    for s in &sets {
        pooled.push((s.clone(), pooled_unchecked(queues, s)?));
    }
    let initial = lp::solve(groups, nq, &effective_requirement, &pooled);
    // A queue its own dedicated team cannot bring to target (e.g. an occupancy cap no staffing
    // of at most `MAX_EVALUATED_AGENTS` meets) is not chased; for the others, separate teams at their single-skill requirements
    // meet every target, so twice that bounds what the add phase adds.
    let mut reachable = Vec::with_capacity(nq);
    let mut most_added = 10u32;
    for (q, &r) in queues.iter().zip(&single_skill) {
        let ok = q.demand.volume <= 0.0
            || required_unchecked(&q.demand, &q.service, &q.target, q.max_occupancy)
                .is_ok_and(|r| r.targets_met && r.agents <= crate::limits::MAX_EVALUATED_AGENTS);
        if ok {
            most_added = most_added
                .saturating_add(r.saturating_mul(2))
                .saturating_add(2);
        }
        reachable.push(ok);
    }
    let mut work = Correction {
        queues,
        groups,
        reachable,
        most_added,
        budget: max_evaluations.max(1),
        evaluations: 0,
        evaluate: &mut evaluate,
    };
    let (agents, service, exhausted) = work.run(initial.clone())?;
    let targets_met: Vec<bool> = queues
        .iter()
        .zip(&service)
        .map(|(q, s)| meets_target(s, &q.target, q.max_occupancy))
        .collect();
    let split = modelled_unchecked(queues, groups, &as_f64(&agents)).split;
    Ok(SkillStaffing {
        cost: groups
            .iter()
            .zip(&agents)
            .map(|(g, &x)| g.cost * f64::from(x))
            .sum(),
        agents,
        split,
        single_skill,
        effective_requirement,
        pool_requirement,
        initial_agents: initial,
        service,
        targets_met,
        evaluations: work.evaluations,
        budget_exhausted: exhausted,
    })
}

/// [`staff_interval`] with [`modelled_service`] as the evaluator.
pub fn staff_interval_modelled(
    queues: &[SkillQueue],
    groups: &[SkillGroup],
    max_evaluations: u32,
) -> Result<SkillStaffing> {
    staff_interval(queues, groups, max_evaluations, |x| {
        Ok(modelled_unchecked(queues, groups, &as_f64(x)).queues)
    })
}

/// [`staff_interval`] for every interval of a horizon; `evaluate(interval, agents)`.
pub fn staff_horizon(
    intervals: &[Vec<SkillQueue>],
    groups: &[SkillGroup],
    max_evaluations_per_interval: u32,
    mut evaluate: impl FnMut(usize, &[u32]) -> Result<Vec<QueueService>>,
) -> Result<Vec<SkillStaffing>> {
    intervals
        .iter()
        .enumerate()
        .map(|(i, queues)| {
            staff_interval(queues, groups, max_evaluations_per_interval, |x| {
                evaluate(i, x)
            })
            .map_err(|e| e.within(&format!("intervals[{i}]")))
        })
        .collect()
}

/// A move of the correction loop's descent (ordered for deterministic ties).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Move {
    /// One agent fewer in a group.
    Remove(usize),
    /// One agent more in the first group, one fewer in each of the other two.
    Pool(usize, usize, usize),
    /// One agent from the first group to the second.
    Swap(usize, usize),
}

impl Move {
    /// Apply (`sign` 1) or undo (`sign` -1).
    fn apply(&self, x: &mut [u32], sign: i32) {
        let mut add = |g: usize, d: i32| {
            let v = i64::from(x[g]) + i64::from(d * sign);
            x[g] = v.max(0) as u32;
        };
        match *self {
            Move::Remove(g) => add(g, -1),
            Move::Pool(h, a, b) => {
                add(h, 1);
                add(a, -1);
                add(b, -1);
            }
            Move::Swap(g, h) => {
                add(g, -1);
                add(h, 1);
            }
        }
    }
}

/// The correction loop's state.
struct Correction<'a, F: FnMut(&[u32]) -> Result<Vec<QueueService>>> {
    queues: &'a [SkillQueue],
    groups: &'a [SkillGroup],
    /// Queues a dedicated team can bring to target (the add phase chases only these).
    reachable: Vec<bool>,
    /// Most agents the add phase adds.
    most_added: u32,
    budget: u32,
    evaluations: u32,
    evaluate: &'a mut F,
}

impl<F: FnMut(&[u32]) -> Result<Vec<QueueService>>> Correction<'_, F> {
    fn met(&mut self, x: &[u32]) -> Result<(Vec<bool>, Vec<QueueService>)> {
        self.evaluations += 1;
        let s = (self.evaluate)(x)?;
        if s.len() != self.queues.len() {
            return Err(Error::Inconsistent {
                path: "evaluator".into(),
                other: "queues".into(),
                message: format!("{} results for {} queues", s.len(), self.queues.len()),
            });
        }
        let met = self
            .queues
            .iter()
            .zip(&s)
            .map(|(q, s)| meets_target(s, &q.target, q.max_occupancy))
            .collect();
        Ok((met, s))
    }

    fn left(&self) -> bool {
        self.evaluations < self.budget
    }

    fn headroom(&self, g: usize, x: &[u32]) -> bool {
        self.groups[g].max_agents.map_or(true, |m| x[g] < m)
    }

    /// Cost-saving moves from `x`, largest saving first (ties: removals, consolidations, swaps,
    /// then by group index): remove one agent; replace one agent in each of two groups by one
    /// agent of a group that has both their skills (pooling); move one agent to a cheaper group
    /// sharing a skill.
    fn moves(&self, x: &[u32], met: &[bool]) -> Vec<Move> {
        let gs = self.groups;
        let ng = gs.len();
        let keep = |g: usize| x[g] == 0 || gs[g].skills.iter().any(|&q| !met[q]);
        let subset = |a: usize, b: usize| gs[a].skills.iter().all(|q| gs[b].skills.contains(q));
        let mut out: Vec<(f64, Move)> = Vec::new();
        for (g, grp) in gs.iter().enumerate() {
            if !keep(g) {
                out.push((grp.cost, Move::Remove(g)));
            }
        }
        for h in (0..ng).filter(|&h| gs[h].skills.len() > 1 && self.headroom(h, x)) {
            for a in (0..ng).filter(|&a| a != h && !keep(a) && subset(a, h)) {
                for b in (a + 1..ng).filter(|&b| b != h && !keep(b) && subset(b, h)) {
                    let disjoint = !gs[a].skills.iter().any(|q| gs[b].skills.contains(q));
                    let saving = gs[a].cost + gs[b].cost - gs[h].cost;
                    if disjoint && saving > 0.0 {
                        out.push((saving, Move::Pool(h, a, b)));
                    }
                }
            }
        }
        for g in (0..ng).filter(|&g| !keep(g)) {
            for h in (0..ng).filter(|&h| h != g && self.headroom(h, x)) {
                let shares = gs[h].skills.iter().any(|q| gs[g].skills.contains(q));
                let saving = gs[g].cost - gs[h].cost;
                if shares && saving > 0.0 {
                    out.push((saving, Move::Swap(g, h)));
                }
            }
        }
        out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        out.into_iter().map(|(_, m)| m).collect()
    }

    /// Add, then descend; returns the staffing, its service and whether the budget ran out.
    fn run(&mut self, mut x: Vec<u32>) -> Result<(Vec<u32>, Vec<QueueService>, bool)> {
        let (mut met, mut service) = self.met(&x)?;
        // Add: the cheapest group that can serve a queue that misses.
        let mut added = 0u32;
        while self.left() && added < self.most_added {
            let missing: Vec<usize> = (0..met.len())
                .filter(|&q| !met[q] && self.reachable[q])
                .collect();
            if missing.is_empty() {
                break;
            }
            let best = (0..self.groups.len())
                .filter(|&g| self.headroom(g, &x))
                .filter_map(|g| {
                    let covers = self.groups[g]
                        .skills
                        .iter()
                        .filter(|s| missing.contains(s))
                        .count();
                    (covers > 0).then_some((g, covers))
                })
                .min_by(|a, b| {
                    let (ga, gb) = (&self.groups[a.0], &self.groups[b.0]);
                    ga.cost
                        .total_cmp(&gb.cost)
                        .then(b.1.cmp(&a.1))
                        .then(ga.skills.len().cmp(&gb.skills.len()))
                        .then(a.0.cmp(&b.0))
                });
            let Some((g, _)) = best else { break };
            x[g] = x[g].saturating_add(1);
            added += 1;
            (met, service) = self.met(&x)?;
        }
        // Descend: the move saving most first, accepted when every queue that meets its targets
        // still does; agents of a group that serves a queue that misses (one the headcount
        // cannot bring to target) stay. Failed moves are not retried until a move is accepted.
        let keeps =
            |before: &[bool], after: &[bool]| before.iter().zip(after).all(|(b, a)| !b || *a);
        let mut failed: Vec<Move> = Vec::new();
        while self.left() {
            let moves = self.moves(&x, &met);
            let Some(m) = moves.into_iter().find(|m| !failed.contains(m)) else {
                break;
            };
            m.apply(&mut x, 1);
            let (after, s) = self.met(&x)?;
            if keeps(&met, &after) {
                (met, service) = (after, s);
                failed.clear();
            } else {
                m.apply(&mut x, -1);
                failed.push(m);
            }
        }
        let exhausted = !self.left();
        Ok((x, service, exhausted))
    }
}

#[cfg(test)]
mod tests;
