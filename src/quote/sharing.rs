//! Bids covering several client shops: what sharing cross-trained agents across the shops saves
//! against a dedicated team per shop.
//!
//! Why it exists: an outsourcer bidding for several shops (brands, stores of one platform) can
//! staff each shop with its own team, or train a share of the agents on several shops so the
//! shops' peaks absorb each other. Pooling saves most where each shop alone is small (the
//! queueing safety margin grows like the square root of the load, not linearly), but only as
//! far as agents are really cross-trained; a rule of thumb ("sharing saves 10%") misprices both.
//!
//! # Input shape
//! Each channel names its shop in `channels[].shop` (a free name such as `"Galaxy Shop"`; every
//! channel has one or none). A proposal whose channels name two or more shops is a multi-shop
//! bid and its report carries a `sharing` section. The optional `sharing` object holds the
//! cross-training assumption:
//!
//! ```json
//! "sharing": {
//!   "cross_trained_share": 0.3,
//!   "cross_training_premium": 0.05,
//!   "groups": [{"shops": ["Galaxy Shop", "Moon Mall"]}]
//! }
//! ```
//!
//! - `cross_trained_share` (default [`DEFAULT_CROSS_TRAINED_SHARE`]): in every interval, at most
//!   this share of the agents the dedicated teams of a group's shops would need (rounded down)
//!   are cross-trained; the rest stay dedicated to one line.
//! - `cross_training_premium` (default [`DEFAULT_CROSS_TRAINING_PREMIUM`]): extra wage of a
//!   cross-trained agent as a share of the agent wage (on-costs, overhead and margin apply to it
//!   as to the wage); it is also the staffing cost weight `1 + premium`, so a cross-trained agent
//!   is used only where pooling saves a person.
//! - `groups` (default: one group of all shops): sets of shops whose agents are cross-trained
//!   together. A group gives one cross-trained team per channel kind (voice, chat) that has
//!   lines in at least two of its shops; such an agent answers every line of that kind of the
//!   group's shops. Each group may set its own `cross_trained_share`.
//!
//! Every default used is listed in the report's `assumptions`, so the bid states it.
//!
//! # Method
//! **Dedicated** is today's bid exactly: each channel sized alone by its own Erlang/chat/e-mail
//! model per interval ([`super::sizing`]); a shop's dedicated FTE is the sum of its channels'.
//! **Shared**: per interval of the representative week, the multi-skill staffing of
//! [`crate::staffing::skills::staff_interval_modelled`] (Wallace & Whitt 2005 pooling with their
//! square-root split; the skill-transfer LP of Bhulai, Koole & Pot 2008; the correction loop in
//! the spirit of Cezik & L'Ecuyer 2008 with the modelled multi-skill service as evaluator)
//! chooses agents for one dedicated group per voice/chat line and the cross-trained groups,
//! within their caps. E-mail (deferred work) stays dedicated. When the multi-skill staffing of
//! an interval costs more than dedicated teams or leaves a line below target by the model, the
//! interval keeps the dedicated teams (counted in `dedicated_fallbacks`), so a shared bid never
//! promises less service or costs more than the dedicated one.
//!
//! A shop's shared FTE is its dedicated groups' agents plus the cross-trained agents' time on
//! its lines (the balanced split of the staffing), turned into FTE by the same shrinkage and
//! paid hours as the bid. Per-shop rows are each shop priced alone (its own team leads, QA and
//! trainers); the totals are the whole team priced once, so per-shop rows need not add up to
//! the total when support staff round up. The shared staffing is checked against the product's
//! multi-skill simulation in `tests/quote_sharing.rs`.

use super::cost::{Costs, Headcount, MonthlyPrice, SupportRatios};
use super::sizing::{ChannelSizing, Proposal};
use crate::error::{fraction, Error, Result};
use crate::staffing::skills::{staff_interval_modelled, SkillGroup, SkillQueue};
use crate::staffing::{Channel, Demand};
use crate::time::Grid;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Default share of the agents cross-trained across a group's shops (an assumption the bid
/// states): a third of a team trained on a second client is common practice in outsourcing.
pub const DEFAULT_CROSS_TRAINED_SHARE: f64 = 0.3;
/// Default wage premium of a cross-trained agent (an assumption the bid states).
pub const DEFAULT_CROSS_TRAINING_PREMIUM: f64 = 0.05;
/// Evaluations of the multi-skill staffing's correction loop per interval.
pub const SHARING_EVALUATIONS: u32 = 300;
/// Most cross-training groups.
pub const MAX_SHARING_GROUPS: usize = 20;

/// The cross-training assumption of a multi-skill bid (`proposal.sharing`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sharing {
    /// Share of the dedicated requirement, per interval and group, that may be cross-trained
    /// agents, in `[0, 1]`; `null` = [`DEFAULT_CROSS_TRAINED_SHARE`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_trained_share: Option<f64>,
    /// Wage premium of a cross-trained agent as a share of the agent wage, in `[0, 1]`;
    /// `null` = [`DEFAULT_CROSS_TRAINING_PREMIUM`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_training_premium: Option<f64>,
    /// Sets of shops cross-trained together; `null` = one group of every shop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<SharingGroup>>,
}

/// Shops whose agents are cross-trained together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharingGroup {
    /// Shop names as in `channels[].shop` (at least two, no repeats).
    pub shops: Vec<String>,
    /// This group's share, overriding `sharing.cross_trained_share`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_trained_share: Option<f64>,
}

/// A parameter the bid took from its default: stated on the proposal as an assumption.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    /// The JSON path of the parameter (`sharing.cross_trained_share`).
    pub field: String,
    /// The value assumed.
    pub value: f64,
}

/// FTE, people, cost and price of one team (a shop's or everyone's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamFigures {
    /// Production FTE.
    pub fte: f64,
    /// Of which cross-trained.
    pub cross_trained_fte: f64,
    /// People: agents (FTE rounded up) + team leads + QA + trainers.
    pub headcount: u32,
    /// Monthly cost (direct + overhead), cross-training premium included.
    pub monthly_cost: f64,
    /// Monthly price.
    pub monthly_price: f64,
}

/// One shop, dedicated vs shared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShopSharing {
    /// Shop name.
    pub shop: String,
    /// Queue ids of its channels.
    pub queues: Vec<String>,
    /// Its own team (today's figures for its channels).
    pub dedicated: TeamFigures,
    /// Its part of the shared team.
    pub shared: TeamFigures,
    /// `dedicated.fte - shared.fte`.
    pub saving_fte: f64,
    /// `dedicated.monthly_price - shared.monthly_price`.
    pub saving_price: f64,
}

/// A staffing group of the shared team.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamGroup {
    /// Queue ids its agents answer.
    pub queues: Vec<String>,
    /// Shops of those queues.
    pub shops: Vec<String>,
    /// Whether its agents are cross-trained across shops.
    pub cross_trained: bool,
    /// Channel kind of its queues.
    pub channel: Channel,
    /// The cap on its agents as a share of the dedicated requirement (cross-trained groups).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_trained_share: Option<f64>,
    /// Agents at work per interval of the representative week (Monday 00:00 first).
    pub agents_per_interval: Vec<u32>,
    /// Production FTE of the group.
    pub fte: f64,
}

/// The sharing section of a multi-shop bid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharingReport {
    /// Share of the dedicated requirement that may be cross-trained (default or given).
    pub cross_trained_share: f64,
    /// Wage premium of a cross-trained agent.
    pub cross_training_premium: f64,
    /// Parameters taken from defaults.
    pub assumptions: Vec<Assumption>,
    /// Per shop, in order of first appearance among the channels.
    pub shops: Vec<ShopSharing>,
    /// Everyone with dedicated teams: today's bid.
    pub dedicated: TeamFigures,
    /// Everyone in the shared team.
    pub shared: TeamFigures,
    /// `dedicated.fte - shared.fte`.
    pub saving_fte: f64,
    /// `dedicated.monthly_price - shared.monthly_price`.
    pub saving_price: f64,
    /// `saving_price / dedicated.monthly_price`.
    pub saving_share: f64,
    /// The shared team's staffing groups: one dedicated group per voice/chat line, then the
    /// cross-trained ones.
    pub groups: Vec<TeamGroup>,
    /// Agents at work per interval, dedicated teams (voice and chat lines).
    pub dedicated_agents: Vec<u32>,
    /// Agents at work per interval, shared team (voice and chat lines).
    pub shared_agents: Vec<u32>,
    /// Intervals where the shared staffing kept the dedicated teams (pooling would not save or
    /// the model could not bring a line to target within the caps).
    pub dedicated_fallbacks: u32,
    /// Intervals where the correction loop stopped on its work budget.
    pub budget_exhausted: u32,
}

/// The shops of a proposal in order of first appearance (empty when no channel has one).
pub fn shops(p: &Proposal) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in &p.channels {
        if let Some(s) = &c.shop {
            if !out.contains(s) {
                out.push(s.clone());
            }
        }
    }
    out
}

/// Check `channels[].shop` and `sharing`, naming bad fields by JSON path.
pub fn check(p: &Proposal) -> Result<()> {
    let named = p.channels.iter().filter(|c| c.shop.is_some()).count();
    for (i, c) in p.channels.iter().enumerate() {
        match &c.shop {
            Some(s) if s.trim().is_empty() => {
                return Err(Error::invalid(
                    format!("channels[{i}].shop"),
                    "a shop name",
                    "\"\"",
                ))
            }
            None if named > 0 => {
                return Err(Error::invalid(
                    format!("channels[{i}].shop"),
                    "a shop for every channel once any channel names one",
                    "nothing",
                ))
            }
            _ => {}
        }
    }
    let Some(s) = &p.sharing else { return Ok(()) };
    if let Some(v) = s.cross_trained_share {
        fraction("sharing.cross_trained_share", v, 0.0, 1.0)?;
    }
    if let Some(v) = s.cross_training_premium {
        fraction("sharing.cross_training_premium", v, 0.0, 1.0)?;
    }
    let all = shops(p);
    if let Some(groups) = &s.groups {
        crate::scenario::check_len("sharing.groups", groups.len(), MAX_SHARING_GROUPS)?;
        for (g, grp) in groups.iter().enumerate() {
            let path = format!("sharing.groups[{g}]");
            if grp.shops.len() < 2 {
                return Err(Error::invalid(
                    format!("{path}.shops"),
                    "at least two shops",
                    format!("{} shops", grp.shops.len()),
                ));
            }
            for (k, shop) in grp.shops.iter().enumerate() {
                if !all.contains(shop) {
                    return Err(Error::invalid(
                        format!("{path}.shops[{k}]"),
                        format!("a shop named in channels[].shop ({})", all.join(", ")),
                        format!("\"{shop}\""),
                    ));
                }
                if grp.shops[..k].contains(shop) {
                    return Err(Error::invalid(
                        format!("{path}.shops[{k}]"),
                        "a shop not listed earlier in the group",
                        format!("\"{shop}\""),
                    ));
                }
            }
            if let Some(v) = grp.cross_trained_share {
                fraction(&format!("{path}.cross_trained_share"), v, 0.0, 1.0)?;
            }
        }
    }
    Ok(())
}

/// What the bid's sizing passes in: the week and today's per-channel figures.
pub(super) struct Week<'a> {
    pub grid: &'a Grid,
    /// Contacts per interval of each channel (proposal order).
    pub volumes: &'a [Vec<f64>],
    /// Today's sizing of each channel (proposal order).
    pub channels: &'a [ChannelSizing],
    /// Production FTE of the whole bid (today's).
    pub fte: f64,
    /// Contacts per month of the whole bid.
    pub contacts: f64,
}

/// A staffing group being built: queue indices into the voice/chat list.
struct Spec {
    queues: Vec<usize>,
    share: Option<f64>,
}

/// The sharing section of a multi-shop proposal (`None` with fewer than two shops).
pub(super) fn share(p: &Proposal, w: &Week) -> Result<Option<SharingReport>> {
    let shop_names = shops(p);
    if shop_names.len() < 2 {
        return Ok(None);
    }
    let cfg = p.sharing.clone().unwrap_or_default();
    let mut assumptions = Vec::new();
    let share = cfg.cross_trained_share.unwrap_or_else(|| {
        assumptions.push(Assumption {
            field: "sharing.cross_trained_share".into(),
            value: DEFAULT_CROSS_TRAINED_SHARE,
        });
        DEFAULT_CROSS_TRAINED_SHARE
    });
    let premium = cfg.cross_training_premium.unwrap_or_else(|| {
        assumptions.push(Assumption {
            field: "sharing.cross_training_premium".into(),
            value: DEFAULT_CROSS_TRAINING_PREMIUM,
        });
        DEFAULT_CROSS_TRAINING_PREMIUM
    });
    let shop_of = |ci: usize| p.channels[ci].shop.clone().unwrap_or_default();
    // Voice and chat lines take part in the multi-skill staffing; e-mail stays dedicated.
    let lines: Vec<usize> = (0..p.channels.len())
        .filter(|&ci| p.channels[ci].queue.channel != Channel::Email)
        .collect();
    let mut specs: Vec<Spec> = (0..lines.len())
        .map(|k| Spec {
            queues: vec![k],
            share: None,
        })
        .collect();
    let sets: Vec<(Vec<String>, Option<f64>)> = match &cfg.groups {
        Some(g) => g
            .iter()
            .map(|g| (g.shops.clone(), g.cross_trained_share))
            .collect(),
        None => vec![(shop_names.clone(), None)],
    };
    for (set, own) in &sets {
        for kind in [Channel::Voice, Channel::Chat] {
            let queues: Vec<usize> = (0..lines.len())
                .filter(|&k| {
                    let c = &p.channels[lines[k]];
                    c.queue.channel == kind && set.contains(&shop_of(lines[k]))
                })
                .collect();
            let mut in_shops: Vec<String> = queues.iter().map(|&k| shop_of(lines[k])).collect();
            in_shops.sort();
            in_shops.dedup();
            if in_shops.len() >= 2 && !specs.iter().any(|s| s.queues == queues) {
                specs.push(Spec {
                    queues,
                    share: Some(own.unwrap_or(share)),
                });
            }
        }
    }
    let n = w.grid.len;
    let interval_seconds = f64::from(p.interval_minutes) * 60.0;
    let interval_h = f64::from(p.interval_minutes) / 60.0;
    let paid_per_week = p.paid_hours_per_fte_month / super::sizing::WEEKS_PER_MONTH;
    // FTE per agent at work in interval t.
    let fte_per_agent: Vec<f64> = (0..n)
        .map(|t| interval_h / (1.0 - p.shrinkage.total(Some(w.grid.weekday(t)))) / paid_per_week)
        .collect();
    let ded = |k: usize, t: usize| -> u32 {
        w.channels[lines[k]]
            .agents_per_interval
            .get(t)
            .copied()
            .unwrap_or(0)
    };
    let cost_of = |s: &Spec| {
        if s.share.is_some() {
            1.0 + premium
        } else {
            1.0
        }
    };
    let ng = specs.len();
    let mut group_agents = vec![vec![0u32; n]; ng];
    // Agents of each group working for each line, per interval: (group, line) -> agents.
    let mut line_agents = vec![vec![0.0f64; lines.len()]; n];
    let mut cross_line_agents = vec![vec![0.0f64; lines.len()]; n];
    let mut dedicated_agents = vec![0u32; n];
    let mut shared_agents = vec![0u32; n];
    let (mut fallbacks, mut exhausted) = (0u32, 0u32);
    let mut memo: BTreeMap<Vec<u64>, Staffed> = BTreeMap::new();
    for t in 0..n {
        let dedicated: Vec<u32> = (0..lines.len()).map(|k| ded(k, t)).collect();
        dedicated_agents[t] = dedicated.iter().sum();
        let vols: Vec<f64> = lines.iter().map(|&ci| w.volumes[ci][t]).collect();
        if vols.iter().all(|&v| v <= 0.0) {
            continue;
        }
        let key: Vec<u64> = vols.iter().map(|v| v.to_bits()).collect();
        let Staffed {
            agents,
            split,
            fell_back,
            ran_out,
        } = match memo.get(&key) {
            Some(hit) => hit.clone(),
            None => {
                let out = staff_one(
                    p,
                    &lines,
                    &specs,
                    &vols,
                    &dedicated,
                    interval_seconds,
                    cost_of,
                )
                .map_err(|e| e.within(&format!("sharing (interval {t})")))?;
                memo.insert(key, out.clone());
                out
            }
        };
        fallbacks += u32::from(fell_back);
        exhausted += u32::from(ran_out);
        shared_agents[t] = agents.iter().sum();
        for g in 0..ng {
            group_agents[g][t] = agents[g];
            let row = &split[g];
            let busy: f64 = row.iter().sum();
            let members = &specs[g].queues;
            for &k in members {
                // The balanced split; an idle group is spread evenly over its lines.
                let a = if busy > 0.0 {
                    f64::from(agents[g]) * row[k] / busy
                } else {
                    f64::from(agents[g]) / members.len() as f64
                };
                line_agents[t][k] += a;
                if specs[g].share.is_some() {
                    cross_line_agents[t][k] += a;
                }
            }
        }
    }
    // FTE per line (shared team) and of its cross-trained part.
    let mut line_fte = vec![0.0; lines.len()];
    let mut line_cross_fte = vec![0.0; lines.len()];
    for t in 0..n {
        for k in 0..lines.len() {
            line_fte[k] += line_agents[t][k] * fte_per_agent[t];
            line_cross_fte[k] += cross_line_agents[t][k] * fte_per_agent[t];
        }
    }
    let fte_of_channel = |ci: usize| -> (f64, f64) {
        match lines.iter().position(|&l| l == ci) {
            Some(k) => (line_fte[k], line_cross_fte[k]),
            None => (w.channels[ci].fte, 0.0),
        }
    };
    let mut shops_out = Vec::with_capacity(shop_names.len());
    for shop in &shop_names {
        let mine: Vec<usize> = (0..p.channels.len())
            .filter(|&ci| p.channels[ci].shop.as_ref() == Some(shop))
            .collect();
        let contacts: f64 = mine.iter().map(|&ci| w.channels[ci].monthly_volume).sum();
        let ded_fte: f64 = mine.iter().map(|&ci| w.channels[ci].fte).sum();
        let (sh_fte, sh_cross) = mine.iter().fold((0.0, 0.0), |(a, b), &ci| {
            let (f, c) = fte_of_channel(ci);
            (a + f, b + c)
        });
        let dedicated = team(&p.costs, &p.support, ded_fte, 0.0, contacts, premium);
        let shared = team(&p.costs, &p.support, sh_fte, sh_cross, contacts, premium);
        shops_out.push(ShopSharing {
            shop: shop.clone(),
            queues: mine
                .iter()
                .map(|&ci| p.channels[ci].queue.id.clone())
                .collect(),
            saving_fte: dedicated.fte - shared.fte,
            saving_price: dedicated.monthly_price - shared.monthly_price,
            dedicated,
            shared,
        });
    }
    let dedicated = team(&p.costs, &p.support, w.fte, 0.0, w.contacts, premium);
    let email_fte: f64 = (0..p.channels.len())
        .filter(|ci| !lines.contains(ci))
        .map(|ci| w.channels[ci].fte)
        .sum();
    let shared_fte = email_fte + line_fte.iter().sum::<f64>();
    let shared_cross = line_cross_fte.iter().sum::<f64>();
    let shared = team(
        &p.costs,
        &p.support,
        shared_fte,
        shared_cross,
        w.contacts,
        premium,
    );
    let groups = specs
        .iter()
        .zip(group_agents)
        .map(|(s, agents)| {
            let mut gshops: Vec<String> = Vec::new();
            for &k in &s.queues {
                let sh = shop_of(lines[k]);
                if !gshops.contains(&sh) {
                    gshops.push(sh);
                }
            }
            let fte = agents
                .iter()
                .zip(&fte_per_agent)
                .map(|(&a, f)| f64::from(a) * f)
                .sum();
            TeamGroup {
                queues: s
                    .queues
                    .iter()
                    .map(|&k| p.channels[lines[k]].queue.id.clone())
                    .collect(),
                shops: gshops,
                cross_trained: s.share.is_some(),
                channel: p.channels[lines[s.queues[0]]].queue.channel,
                cross_trained_share: s.share,
                agents_per_interval: agents,
                fte,
            }
        })
        .collect();
    Ok(Some(SharingReport {
        cross_trained_share: share,
        cross_training_premium: premium,
        assumptions,
        shops: shops_out,
        saving_fte: dedicated.fte - shared.fte,
        saving_price: dedicated.monthly_price - shared.monthly_price,
        saving_share: if dedicated.monthly_price > 0.0 {
            (dedicated.monthly_price - shared.monthly_price) / dedicated.monthly_price
        } else {
            0.0
        },
        dedicated,
        shared,
        groups,
        dedicated_agents,
        shared_agents,
        dedicated_fallbacks: fallbacks,
        budget_exhausted: exhausted,
    }))
}

/// One interval of the shared team.
#[derive(Debug, Clone)]
struct Staffed {
    /// Agents per group.
    agents: Vec<u32>,
    /// `[group][line]`: agents of the group working for the line.
    split: Vec<Vec<f64>>,
    /// Whether the interval kept the dedicated teams.
    fell_back: bool,
    /// Whether the correction loop ran out of budget.
    ran_out: bool,
}

/// Staff one interval: agents per group, the split `[group][line]`, whether it fell back to
/// the dedicated teams and whether the correction loop ran out of budget.
fn staff_one(
    p: &Proposal,
    lines: &[usize],
    specs: &[Spec],
    vols: &[f64],
    dedicated: &[u32],
    interval_seconds: f64,
    cost_of: impl Fn(&Spec) -> f64,
) -> Result<Staffed> {
    let nl = lines.len();
    let ng = specs.len();
    let fallback = || {
        let mut agents = vec![0u32; ng];
        let mut split = vec![vec![0.0; nl]; ng];
        for k in 0..nl {
            agents[k] = dedicated[k];
            split[k][k] = f64::from(dedicated[k]);
        }
        (agents, split)
    };
    // Lines with volume only: a silent line needs nobody and has no split.
    let active: Vec<usize> = (0..nl).filter(|&k| vols[k] > 0.0).collect();
    let mut queues: Vec<SkillQueue> = Vec::with_capacity(active.len());
    for &k in &active {
        let c = &p.channels[lines[k]];
        let (Some(target), Some(service)) = (
            c.queue.target.clone(),
            c.queue.service_model(c.queue.aht_seconds),
        ) else {
            return Err(Error::invalid(
                format!("channels[{}].queue", lines[k]),
                "a voice or chat queue with a target",
                "none",
            ));
        };
        queues.push(SkillQueue {
            demand: Demand {
                volume: vols[k],
                interval_seconds,
            },
            service,
            target,
            max_occupancy: c.queue.max_occupancy,
        });
    }
    // Groups restricted to the active lines (index into `active`); a group with no active line
    // gets no agents.
    let mut index: Vec<usize> = Vec::new();
    let mut groups: Vec<SkillGroup> = Vec::new();
    for (g, s) in specs.iter().enumerate() {
        let skills: Vec<usize> = s
            .queues
            .iter()
            .filter_map(|k| active.iter().position(|a| a == k))
            .collect();
        if skills.is_empty() || (s.share.is_some() && skills.len() < 2) {
            continue;
        }
        let max_agents = s.share.map(|share| {
            let base: u32 = s.queues.iter().map(|&k| dedicated[k]).sum();
            (share * f64::from(base) + 1e-9).floor() as u32
        });
        index.push(g);
        groups.push(SkillGroup {
            skills,
            cost: cost_of(s),
            max_agents,
        });
    }
    let st = staff_interval_modelled(&queues, &groups, SHARING_EVALUATIONS)?;
    let shared_cost: f64 = st.cost;
    let dedicated_cost: f64 = active.iter().map(|&k| f64::from(dedicated[k])).sum();
    let ran_out = st.budget_exhausted;
    if !st.targets_met.iter().all(|&m| m) || shared_cost > dedicated_cost + 1e-9 {
        let (agents, split) = fallback();
        return Ok(Staffed {
            agents,
            split,
            fell_back: true,
            ran_out,
        });
    }
    let mut agents = vec![0u32; ng];
    let mut split = vec![vec![0.0; nl]; ng];
    for (j, &g) in index.iter().enumerate() {
        agents[g] = st.agents[j];
        for (qi, &k) in active.iter().enumerate() {
            split[g][k] = st.split[j].get(qi).copied().unwrap_or(0.0);
        }
    }
    Ok(Staffed {
        agents,
        split,
        fell_back: false,
        ran_out,
    })
}

/// Figures of a team of `fte` production FTE, `cross` of them cross-trained.
fn team(
    costs: &Costs,
    support: &SupportRatios,
    fte: f64,
    cross: f64,
    contacts: f64,
    premium: f64,
) -> TeamFigures {
    let heads: Headcount = support.headcount(fte);
    let m: MonthlyPrice = costs.price(&heads, Some(contacts));
    let extra = cross * costs.agent_monthly_wage * premium * (1.0 + costs.on_costs);
    let monthly_cost = m.total_cost + extra * (1.0 + costs.overhead);
    let monthly_price = if cross > 0.0 {
        monthly_cost / (1.0 - costs.target_margin)
    } else {
        m.price
    };
    TeamFigures {
        fte,
        cross_trained_fte: cross,
        headcount: heads.agents.ceil() as u32 + heads.team_leads + heads.qa + heads.trainers,
        monthly_cost,
        monthly_price,
    }
}

/// The sharing section of `paiban quote --format text`.
pub(super) fn render_text(s: &mut String, r: &SharingReport, cur: &str) {
    use std::fmt::Write;
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Sharing across shops: dedicated teams vs a shared team with up to {:.0}% cross-trained agents (premium {:.0}%)",
        r.cross_trained_share * 100.0,
        r.cross_training_premium * 100.0
    );
    let _ = writeln!(
        s,
        "  {} {:>9} {:>9} {:>8} {:>8} {:>14} {:>14} {:>12}",
        super::sizing::pad("shop", 28),
        "ded. FTE",
        "sh. FTE",
        "ded. ppl",
        "sh. ppl",
        "ded. price",
        "shared price",
        "saving"
    );
    let line = |s: &mut String, name: &str, d: &TeamFigures, h: &TeamFigures| {
        let _ = writeln!(
            s,
            "  {} {:>9.1} {:>9.1} {:>8} {:>8} {:>14.0} {:>14.0} {:>12.0}",
            super::sizing::pad(name, 28),
            d.fte,
            h.fte,
            d.headcount,
            h.headcount,
            d.monthly_price,
            h.monthly_price,
            d.monthly_price - h.monthly_price
        );
    };
    for shop in &r.shops {
        line(s, &shop.shop, &shop.dedicated, &shop.shared);
    }
    line(s, "total (one team)", &r.dedicated, &r.shared);
    let _ = writeln!(
        s,
        "  Saving {:.1} FTE, {:.0} {cur} a month ({:.1}%); {:.1} FTE cross-trained",
        r.saving_fte,
        r.saving_price,
        r.saving_share * 100.0,
        r.shared.cross_trained_fte
    );
    for a in &r.assumptions {
        let _ = writeln!(s, "  Assumed {} = {} (default)", a.field, a.value);
    }
}
