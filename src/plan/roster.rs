//! Stage 4: named agents on the schedule's shifts, and the minimal-change repair after a
//! planner's pins and absences.
//!
//! The bridge from schedule to roster: every distinct (template, start time of day, span) of the
//! schedule becomes one roster shift type, listed once in [`PlanRoster::shift_types`] and
//! referred to by index everywhere else (rostered shifts, shortages, pins, changes); the
//! schedule's counts become per-day demand. The roster engine names its shift types with
//! internal ids; those never leave this module.
//!
//! A re-plan keeps a published roster: [`roster_stage_against`] takes the roster the planner
//! published (or last saw), with its shifts named by what they are ([`ShiftKey`]: template,
//! start and span, since two plans' shift tables differ) and the planner's pins, and returns
//! the minimal-change roster by the same repair as after a pin ([`crate::roster::repair`]):
//! every cell that differs from the published one costs [`ROSTER_CHANGE_WEIGHT`], so an
//! unchanged scenario gives back the published roster and a changed one keeps every
//! assignment that is still worth keeping.
//!
//! (Multi-skill plans, issue 16, will give each shift type the skill group it is for, and each
//! rostered shift its own break times.)

use super::frame::{Checked, CheckedSchedule, Frame, Timestamp};
use crate::error::{Error, Result};
use crate::roster::input::{Demand as RosterDemand, RosterInput, ShiftDef, ShiftKind};
use crate::roster::model::{FairnessReport, RosterOutput, RuleBreak};
use crate::roster::problem::RuleKind;
use crate::roster::repair::{repair, Absence, Pin, RepairInput};
use crate::roster::search::SearchOptions;
use crate::time::{ClockTime, Weekday};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Cost of one scheduled shift left without an agent, against soft rules and requests.
const ROSTER_UNDER_WEIGHT: u32 = 100;
/// Cost of one agent more than the schedule asked for.
const ROSTER_OVER_WEIGHT: u32 = 1;
/// Roster cost of a cross-trained agent working a shift of a group with fewer skills (a
/// twentieth of a shift left unstaffed).
const STAND_IN_COST: u32 = 5;
/// Roster cost of a stand-in whom chat draws away from the shift's calls
/// ([`Frame::chat_draws_away`]): half a shift left unstaffed, since such an agent answers the
/// group's calls only while its chats are quiet.
const STAND_IN_CHAT_COST: u32 = ROSTER_UNDER_WEIGHT / 2;
/// Cost of changing one published cell: agents hate roster churn, so a change must buy at
/// least this much cover or rule-keeping.
const ROSTER_CHANGE_WEIGHT: u32 = 20;

/// One shift type of the roster: a template's shift starting at a time of day, of one span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterShiftType {
    /// Template name (a template of `scenario.shifts`).
    pub template: String,
    /// Start time of day.
    pub start: ClockTime,
    /// Elapsed minutes from start to end, breaks included.
    pub span_minutes: u32,
    /// Paid minutes (counted against contracts).
    pub paid_minutes: u32,
    /// Skill group the shift is for (multi-skill plans): only agents whose skills include
    /// all of the group's are rostered on it. Absent for a single-skill centre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// How a solver run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoppedBy {
    /// The solver finished before any budget (the schedule proven optimal).
    Finished,
    /// The work budget ran out: the result is the same on every machine.
    Work,
    /// The wall-clock cap bound first: the result may differ on another machine.
    TimeCap,
}

/// The budget of one solver run and what stopped it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolverRun {
    /// Work budget given (schedule work units, roster moves).
    pub work_budget: u64,
    /// Work done, when the solver reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work: Option<u64>,
    /// Wall-clock cap in seconds, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_cap: Option<f64>,
    /// What stopped it, when the solver reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_by: Option<StoppedBy>,
    /// A roster kept from several independent searches (the page's Web Workers,
    /// `paiban plan --workers N`): how many ran and which one this is. Absent for one search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portfolio: Option<RosterPortfolio>,
}

/// Which member of a roster portfolio a roster is ([`super::portfolio`]): with the scenario,
/// `members` is all it takes to compute the same roster again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterPortfolio {
    /// Independent searches run (2 or more).
    pub members: u32,
    /// The index of the one kept (0 = the scenario's own seed).
    pub chosen: u32,
}

/// The roster part of a plan: named agents on the scheduled shifts, day by day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRoster {
    /// Days of the horizon (`YYYY-MM-DD`).
    pub days: Vec<NaiveDate>,
    /// The shift types, referred to by index in `agents[].shifts[].shift`, `shortages`,
    /// `changes` and the planner's pins.
    pub shift_types: Vec<RosterShiftType>,
    /// Every agent's shifts.
    pub agents: Vec<RosteredAgent>,
    /// Whether every hard labour rule holds.
    pub feasible: bool,
    /// Soft cost of the roster (cover, requests, preferences, soft rules).
    pub cost: u64,
    /// Shifts of the schedule nobody could work, with the rules that bind.
    pub shortages: Vec<RosterShortage>,
    /// Rules broken (soft ones; hard ones only when no feasible roster exists).
    pub breaks: Vec<RuleBreak>,
    /// Fairness counts per agent and their spread per contract.
    pub fairness: FairnessReport,
    /// The search's budget and what stopped it.
    pub solver: SolverRun,
    /// After a re-optimisation: the cells that differ from the published roster.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<RosterChange>,
}

/// One agent's line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosteredAgent {
    /// Agent id.
    pub id: String,
    /// Agent name.
    pub name: String,
    /// Paid hours over the horizon.
    pub paid_hours: f64,
    /// The shifts worked (days without one are days off).
    pub shifts: Vec<RosteredShift>,
}

/// One worked shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosteredShift {
    /// Day index in the horizon.
    pub day: usize,
    /// Index into [`PlanRoster::shift_types`].
    pub shift: usize,
    /// Start (local time).
    pub start: Timestamp,
    /// End (local time).
    pub end: Timestamp,
    /// This agent's breaks on this shift: the schedule's break placement handed out shift by
    /// shift, so the roster's agents on duty per interval are what the schedule covers.
    pub breaks: Vec<RosteredBreak>,
}

/// One break of a rostered agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosteredBreak {
    /// Start (local time, on the interval grid).
    pub start: Timestamp,
    /// Length in minutes.
    pub minutes: u32,
    /// Whether it is paid.
    pub paid: bool,
}

/// A scheduled (day, shift type) the roster could not fill, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterShortage {
    /// Day index.
    pub day: usize,
    /// Index into [`PlanRoster::shift_types`].
    pub shift: usize,
    /// Agents the schedule asks for.
    pub requirement: u32,
    /// Agents rostered.
    pub assigned: u32,
    /// Hard rules that keep the other agents off it, with how many each blocks.
    pub binding: Vec<RosterBinding>,
    /// Agents who could take it without breaking a hard rule or leaving another shift short.
    pub available: Vec<String>,
    /// Agents who could take it within the hard rules, but work another shift that day that
    /// needs them (moving them moves the gap).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needed_elsewhere: Vec<String>,
    /// Agents it is closed to: without its skill (a multi-skill plan) or excluded by their
    /// contract. Not counted under `binding`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub barred: usize,
    /// Agents without its skill whom no hard rule would keep off and whose own shift that day
    /// does not need them: cross-training one of them would staff it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trainable: Vec<String>,
    /// Why nobody took it.
    pub reason: ShortageReason,
    /// What would let the roster staff it.
    pub fix: Vec<ShortageFix>,
}

/// Why a scheduled shift has fewer agents than asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
pub enum ShortageReason {
    /// Every other agent is kept off it by hard rules; `rule` keeps off the most.
    Blocked {
        /// The rule that blocks the most agents.
        rule: RuleKind,
    },
    /// Some agents could take it within the hard rules, but only at a higher soft cost (requests,
    /// preferences, soft rules) than leaving it short.
    SoftCosts,
    /// The agents who could take it within the hard rules all work another shift that day
    /// whose own cover needs them: the team is stretched, moving one only moves the gap.
    NeededElsewhere,
    /// No agent who has its skill is left to take it (all are on it or cannot work that
    /// day for reasons other than hard rules), while agents without the skill are.
    NoSkill,
    /// The scenario has no agent who could ever work it.
    NoAgents,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A change that would let the roster staff a short shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
pub enum ShortageFix {
    /// Add this many agents who can work the shift.
    Hire {
        /// Agents missing.
        agents: u32,
    },
    /// Relax a hard rule: it keeps this many agents off the shift.
    Relax {
        /// The rule.
        rule: RuleKind,
        /// Agents it blocks.
        agents: usize,
    },
    /// Give one of these agents the shift, accepting its soft cost.
    Assign {
        /// Agents who could take it within the hard rules.
        agents: Vec<String>,
    },
    /// Cross-train one of these agents for the shift's skills.
    Train {
        /// Agents without its skill who would otherwise be free to take it.
        agents: Vec<String>,
    },
}

/// Why a shortage happened and what would fix it, from the rules that bind and the agents
/// who could still take it.
fn diagnose(
    missing: u32,
    binding: &[RosterBinding],
    available: &[String],
    needed_elsewhere: &[String],
    without_skill: (usize, &[String]),
) -> (ShortageReason, Vec<ShortageFix>) {
    let (unskilled, trainable) = without_skill;
    let top = binding.iter().filter(|b| b.agents > 0).max_by(|a, b| {
        a.agents
            .cmp(&b.agents)
            .then((b.rule as u8).cmp(&(a.rule as u8)))
    });
    let mut fix = Vec::new();
    if !available.is_empty() {
        fix.push(ShortageFix::Assign {
            agents: available.to_vec(),
        });
    }
    if (available.len() as u32) < missing {
        fix.push(ShortageFix::Hire {
            agents: missing - available.len() as u32,
        });
    }
    if !trainable.is_empty() && available.is_empty() {
        fix.push(ShortageFix::Train {
            agents: trainable.to_vec(),
        });
    }
    if let Some(b) = top {
        fix.push(ShortageFix::Relax {
            rule: b.rule,
            agents: b.agents,
        });
    }
    let reason = match (available.is_empty(), top) {
        (false, _) => ShortageReason::SoftCosts,
        (true, _) if !needed_elsewhere.is_empty() => ShortageReason::NeededElsewhere,
        (true, Some(b)) => ShortageReason::Blocked { rule: b.rule },
        (true, None) if unskilled > 0 => ShortageReason::NoSkill,
        (true, None) => ShortageReason::NoAgents,
    };
    (reason, fix)
}

/// A hard rule that blocks agents from a short shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterBinding {
    /// The rule.
    pub rule: RuleKind,
    /// Agents it blocks.
    pub agents: usize,
}

/// A planner's edits of a published roster.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterEdits {
    /// Cells the planner fixed.
    #[serde(default)]
    pub pins: Vec<RosterPin>,
    /// Agents absent on some days (sick, leave).
    #[serde(default)]
    pub absences: Vec<Absence>,
}

/// A cell the planner fixes: an agent on a day works shift type `shift` or, with `null`, is off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterPin {
    /// Agent id.
    pub agent: String,
    /// Day index.
    pub day: usize,
    /// Index into [`PlanRoster::shift_types`], or `null` for a day off.
    pub shift: Option<usize>,
}

/// A cell that changed in a re-optimisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterChange {
    /// Agent id.
    pub agent: String,
    /// Day index.
    pub day: usize,
    /// Shift type before (`null` = off).
    pub from: Option<usize>,
    /// Shift type after (`null` = off).
    pub to: Option<usize>,
}

/// A shift named by what it is (template, start time, span), not by its index in one plan's
/// table: how a published roster and its pins refer to shifts across re-plans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftKey {
    /// Template name.
    pub template: String,
    /// Start time of day.
    pub start: ClockTime,
    /// Elapsed minutes from start to end, breaks included.
    pub span_minutes: u32,
}

impl ShiftKey {
    fn of(t: &RosterShiftType) -> ShiftKey {
        ShiftKey {
            template: t.template.clone(),
            start: t.start,
            span_minutes: t.span_minutes,
        }
    }

    fn is(&self, t: &RosterShiftType) -> bool {
        self.template == t.template && self.start == t.start && self.span_minutes == t.span_minutes
    }
}

/// A roster to re-plan against: the one the planner published (or last saw) and their pins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedRoster {
    /// The date of the first cell of every line.
    pub start: NaiveDate,
    /// One line per agent.
    pub agents: Vec<PublishedLine>,
    /// Cells the planner fixed; they hold in the new roster.
    #[serde(default)]
    pub pins: Vec<KeyedPin>,
}

/// One agent's published cells, day by day from [`PublishedRoster::start`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedLine {
    /// Agent id.
    pub agent: String,
    /// The shift worked each day, `null` for a day off.
    pub cells: Vec<Option<ShiftKey>>,
}

/// A pin that outlives a plan: an agent on a date works this shift (`null`: is off).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyedPin {
    /// Agent id.
    pub agent: String,
    /// The date.
    pub date: NaiveDate,
    /// The shift, or `null` for a day off.
    pub shift: Option<ShiftKey>,
}

impl PublishedRoster {
    /// A plan's roster as the roster to re-plan against, with `pins`.
    pub fn of(r: &PlanRoster, pins: Vec<KeyedPin>) -> PublishedRoster {
        let start = r.days.first().copied().unwrap_or_default();
        let agents = r
            .agents
            .iter()
            .map(|a| {
                let mut cells = vec![None; r.days.len()];
                for sh in &a.shifts {
                    if let (Some(c), Some(t)) = (cells.get_mut(sh.day), r.shift_types.get(sh.shift))
                    {
                        *c = Some(ShiftKey::of(t));
                    }
                }
                PublishedLine {
                    agent: a.id.clone(),
                    cells,
                }
            })
            .collect();
        PublishedRoster {
            start,
            agents,
            pins,
        }
    }
}

/// The roster shift types of a schedule, in order of first appearance.
pub fn shift_types(frame: &Frame, sched: &CheckedSchedule) -> Vec<RosterShiftType> {
    bridge(frame, sched).0
}

/// The break placement of one scheduled shift: (offset from the start in minutes, minutes,
/// paid), in the template's order.
type BreakPattern = Vec<(i64, u32, bool)>;

/// Per (day, shift type), the break patterns of the schedule's shifts, one per agent.
type BreakPatterns = BTreeMap<(usize, usize), Vec<BreakPattern>>;

/// Shift types and the per-(day, type) demand of a schedule.
fn bridge(
    frame: &Frame,
    sched: &CheckedSchedule,
) -> (Vec<RosterShiftType>, BTreeMap<(usize, usize), u32>) {
    let (types, demand, _) = bridge_with_breaks(frame, sched);
    (types, demand)
}

/// [`bridge`], with the break placement of every scheduled shift.
fn bridge_with_breaks(
    frame: &Frame,
    sched: &CheckedSchedule,
) -> (
    Vec<RosterShiftType>,
    BTreeMap<(usize, usize), u32>,
    BreakPatterns,
) {
    let templates = &frame.scenario().shifts.templates;
    let day0 = frame.scenario().horizon.start;
    let mut types: Vec<RosterShiftType> = Vec::new();
    let mut demand: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    let mut patterns = BreakPatterns::new();
    for (sh, out) in sched.shifts.iter().zip(&sched.schedule.shifts) {
        let Some(t) = templates.get(sh.template) else {
            continue;
        };
        let day = (sh.start.date() - day0).num_days();
        let Ok(day) = usize::try_from(day) else {
            continue;
        };
        let m = crate::time::minute_of_day(sh.start);
        let start = ClockTime::from_minutes(m).unwrap_or(ClockTime::MIDNIGHT);
        let group = out.group.clone();
        let idx = match types.iter().position(|d| {
            d.template == t.name
                && d.start == start
                && d.span_minutes == sh.span_minutes
                && d.group == group
        }) {
            Some(i) => i,
            None => {
                types.push(RosterShiftType {
                    template: t.name.clone(),
                    start,
                    span_minutes: sh.span_minutes,
                    paid_minutes: (out.paid_hours * 60.0).round().clamp(0.0, 1440.0) as u32,
                    group,
                });
                types.len() - 1
            }
        };
        let d = demand.entry((day, idx)).or_default();
        *d = d.saturating_add(sh.count);
        let pattern: BreakPattern = sh
            .breaks
            .iter()
            .zip(&t.breaks)
            .map(|(&(offset, minutes), b)| (offset, minutes, b.paid))
            .collect();
        let list = patterns.entry((day, idx)).or_default();
        list.extend(std::iter::repeat(pattern).take(sh.count as usize));
    }
    (types, demand, patterns)
}

/// Breaks for an agent on a shift of `template` the schedule did not place (a shift added for a
/// contract's minimum hours): each break in the middle of its window, on the interval grid.
fn default_pattern(t: &crate::schedule::template::ShiftTemplate, step: u32) -> BreakPattern {
    let step = step.max(1);
    t.breaks
        .iter()
        .map(|b| {
            let mid = (b.earliest_offset_minutes + b.latest_offset_minutes) / 2;
            let offset = (mid / step * step).max(b.earliest_offset_minutes);
            (i64::from(offset), b.minutes, b.paid)
        })
        .collect()
}

/// The roster engine's id of shift type `i`: template and start, with the span when another
/// type shares both.
fn engine_ids(types: &[RosterShiftType]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::with_capacity(types.len());
    for t in types {
        let id = match &t.group {
            Some(g) => format!("{g} {} {}", t.template, t.start),
            None => format!("{} {}", t.template, t.start),
        };
        let id = if ids.contains(&id) {
            format!("{id} {}", t.span_minutes)
        } else {
            id
        };
        ids.push(id);
    }
    ids
}

/// The roster problem of a scenario's agents on a schedule, with the shift-type table; `None`
/// without agents.
pub fn roster_input(
    frame: &Frame,
    sched: &CheckedSchedule,
) -> Option<(RosterInput, Vec<RosterShiftType>)> {
    let s = frame.scenario();
    let rules = s.rules.as_ref()?;
    if s.agents.is_empty() {
        return None;
    }
    let days = frame.days();
    let (types, mut demand) = bridge(frame, sched);
    let ids = engine_ids(&types);
    // Every day x shift is listed (zero where the schedule has none), so an agent on a shift the
    // schedule did not ask for that day counts as over-cover.
    for day in 0..days {
        for i in 0..types.len() {
            demand.entry((day, i)).or_default();
        }
    }
    let defs = types
        .iter()
        .zip(&ids)
        .map(|(t, id)| ShiftDef {
            id: id.clone(),
            start: t.start,
            minutes: t.paid_minutes,
            span_minutes: Some(t.span_minutes),
            skill: t.group.as_ref().map(|g| group_skill(g)),
            kind: ShiftKind::of_start(t.start.minutes()),
        })
        .collect();
    let demand = demand
        .into_iter()
        .filter(|((day, _), _)| *day < days)
        .map(|((day, i), required)| RosterDemand {
            day,
            shift: ids[i].clone(),
            required,
            under_weight: ROSTER_UNDER_WEIGHT,
            over_weight: ROSTER_OVER_WEIGHT,
        })
        .collect();
    Some((
        RosterInput {
            start_weekday: Weekday::of(s.horizon.start),
            days,
            shifts: defs,
            contracts: s.contracts.clone(),
            agents: roster_agents(frame, &types, &ids),
            rules: rules.clone(),
            demand,
        },
        types,
    ))
}

/// The search budget of the scenario's roster.
/// Whether agent `a` (index into the scenario's agents) lacks the skills of a shift type's
/// group: never for a single-skill centre or a type without a group.
fn lacks_skill<'a>(
    frame: &'a Frame,
    t: Option<&'a RosterShiftType>,
) -> impl Fn(usize) -> bool + 'a {
    move |a| {
        let Some(g) = t.and_then(|t| t.group.as_deref()) else {
            return false;
        };
        frame.multi_skill()
            && !frame
                .eligible_groups(a)
                .iter()
                .any(|&e| frame.groups()[e].id == g)
    }
}

/// How many of the skills of a shift type's group agent `a` lacks.
fn missing_skills(frame: &Frame, t: Option<&RosterShiftType>, a: usize) -> usize {
    let groups = frame.groups();
    let Some(g) = t
        .and_then(|t| t.group.as_deref())
        .and_then(|g| groups.iter().find(|x| x.id == g))
    else {
        return 0;
    };
    let own = frame.group_of_agent(a).map(|o| &groups[o].skills);
    g.skills
        .iter()
        .filter(|q| !own.is_some_and(|o| o.contains(q)))
        .count()
}

/// The roster engine's skill for the shifts of group `g` (kept apart from queue ids).
fn group_skill(g: &str) -> String {
    format!("group:{g}")
}

/// The scenario's agents for the roster engine: in a multi-skill centre each agent also has
/// the skill of every group whose skills are a subset of theirs ([`Frame::eligible_groups`]),
/// so the engine puts them only on shifts of those groups. An agent may stand in on a group
/// with fewer skills (a cross-trained agent covering pre-sales only), never on one with a
/// skill they lack; each stand-in shift costs [`STAND_IN_COST`] (`shift_costs`), so the
/// roster staffs a group's shifts with its own agents first and the scarce skills are not
/// spent on work others could do.
fn roster_agents(
    frame: &Frame,
    types: &[RosterShiftType],
    ids: &[String],
) -> Vec<crate::roster::input::Agent> {
    let s = frame.scenario();
    if !frame.multi_skill() {
        return s.agents.clone();
    }
    s.agents
        .iter()
        .enumerate()
        .map(|(a, agent)| {
            let mut agent = agent.clone();
            let eligible = frame.eligible_groups(a);
            let own = frame.group_of_agent(a);
            for &g in &eligible {
                agent.skills.push(group_skill(&frame.groups()[g].id));
            }
            for (t, id) in types.iter().zip(ids) {
                let Some(g) = t.group.as_deref() else {
                    continue;
                };
                let Some(target) = eligible.iter().find(|&&e| frame.groups()[e].id == g) else {
                    continue;
                };
                if Some(*target) != own {
                    let away = own.is_some_and(|o| {
                        let gs = frame.groups();
                        frame.chat_draws_away(&gs[o].skills, &gs[*target].skills)
                    });
                    let cost = if away {
                        STAND_IN_CHAT_COST
                    } else {
                        STAND_IN_COST
                    };
                    agent.shift_costs.insert(id.clone(), cost);
                }
            }
            agent
        })
        .collect()
}

/// The search options of portfolio member `member` (0: the scenario's seed; member `i`: the
/// seed `roster::portfolio::member` derives from it, same budget).
fn search_options(frame: &Frame, member: usize) -> SearchOptions {
    let solver = &frame.scenario().solver;
    let base = SearchOptions {
        time_limit: solver
            .roster_seconds
            .map(std::time::Duration::from_secs_f64),
        max_iterations: Some(solver.roster_iterations),
        seed: solver.seed,
    };
    crate::roster::portfolio::member(&base, member).0
}

/// What stopped a roster search of `iterations` moves.
fn roster_run(frame: &Frame, iterations: u64) -> SolverRun {
    let solver = &frame.scenario().solver;
    SolverRun {
        work_budget: solver.roster_iterations,
        work: Some(iterations),
        seconds_cap: solver.roster_seconds,
        stopped_by: Some(if iterations >= solver.roster_iterations {
            StoppedBy::Work
        } else {
            StoppedBy::TimeCap
        }),
        portfolio: None,
    }
}

/// Roster the scenario's agents onto the schedule (a move budget and seed, so the roster is the
/// same on every machine; the optional time cap is a guard). `None` without agents.
pub fn roster_stage(frame: &Frame, sched: &CheckedSchedule) -> Result<Option<Checked<PlanRoster>>> {
    roster_stage_member(frame, sched, 0)
}

/// [`roster_stage`] as portfolio member `member` (its own seed, see [`search_options`]).
pub fn roster_stage_member(
    frame: &Frame,
    sched: &CheckedSchedule,
    member: usize,
) -> Result<Option<Checked<PlanRoster>>> {
    let Some((input, types)) = roster_input(frame, sched) else {
        return Ok(None);
    };
    let out = crate::roster::model::roster(&input, &search_options(frame, member))
        .map_err(|e| e.within("roster"))?;
    let patterns = bridge_with_breaks(frame, sched).2;
    Ok(Some(Checked::made(plan_roster(
        frame,
        &input,
        types,
        &out,
        Some(&patterns),
    ))))
}

/// The planner's view of a roster: per agent the worked shifts with their times and, given the
/// schedule's break placement, their breaks: on each day and shift type the agents (in roster
/// order) take the schedule's shifts' breaks in the schedule's order, and an agent beyond the
/// schedule's count gets each break in the middle of its window. Without `patterns` (a
/// recomputation that keeps the plan's own breaks) the shifts have no breaks.
pub(crate) fn plan_roster(
    frame: &Frame,
    input: &RosterInput,
    types: Vec<RosterShiftType>,
    out: &RosterOutput,
    patterns: Option<&BreakPatterns>,
) -> PlanRoster {
    let index = |id: &str| input.shifts.iter().position(|s| s.id == id);
    let templates = &frame.scenario().shifts.templates;
    let step = frame.scenario().interval_minutes;
    let mut taken: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut breaks_for = |d: usize, i: usize, t: &RosterShiftType, start| -> Vec<RosteredBreak> {
        let Some(patterns) = patterns else {
            return Vec::new();
        };
        let k = taken.entry((d, i)).or_default();
        let given = patterns.get(&(d, i)).and_then(|l| l.get(*k)).cloned();
        *k += 1;
        let pattern = given.unwrap_or_else(|| {
            templates
                .iter()
                .find(|x| x.name == t.template)
                .map(|x| default_pattern(x, step))
                .unwrap_or_default()
        });
        pattern
            .into_iter()
            .map(|(offset, minutes, paid)| RosteredBreak {
                start: Timestamp(start + Duration::minutes(offset)),
                minutes,
                paid,
            })
            .collect()
    };
    let agents = out
        .roster
        .iter()
        .map(|line| {
            let agent = frame.scenario().agents.iter().find(|a| a.id == line.agent);
            let shifts = line
                .shifts
                .iter()
                .enumerate()
                .filter_map(|(d, id)| {
                    let i = index(id)?;
                    let t = types.get(i)?;
                    let start = frame.date(d).and_time(chrono::NaiveTime::MIN)
                        + Duration::minutes(i64::from(t.start.minutes()));
                    let end = start + Duration::minutes(i64::from(t.span_minutes));
                    Some(RosteredShift {
                        day: d,
                        shift: i,
                        start: Timestamp(start),
                        end: Timestamp(end),
                        breaks: breaks_for(d, i, t, start),
                    })
                })
                .collect();
            RosteredAgent {
                id: line.agent.clone(),
                name: agent.map(|a| a.name.clone()).unwrap_or_default(),
                paid_hours: f64::from(line.minutes) / 60.0,
                shifts,
            }
        })
        .collect();
    let shortages = out
        .shortages
        .iter()
        .filter_map(|s| {
            let mut binding: Vec<RosterBinding> = s
                .binding
                .iter()
                .filter_map(|b| {
                    Some(RosterBinding {
                        rule: crate::roster::input::rule_kind(b.rule)?,
                        agents: b.employees,
                    })
                })
                .collect();
            let i = index(&s.shift)?;
            // Of the agents the shift is closed to, those without its skill; the others are
            // excluded by their contract's limit for the type, a binding rule like any other.
            let unskilled = lacks_skill(frame, types.get(i));
            let without = frame
                .scenario()
                .agents
                .iter()
                .enumerate()
                .filter(|(a, _)| unskilled(*a))
                .count()
                .min(s.barred);
            let by_contract = s.barred - without;
            if by_contract > 0 {
                match binding
                    .iter_mut()
                    .find(|b| b.rule == RuleKind::MaxShiftsPerType)
                {
                    Some(b) => b.agents += by_contract,
                    None => binding.push(RosterBinding {
                        rule: RuleKind::MaxShiftsPerType,
                        agents: by_contract,
                    }),
                }
            }
            // Those missing the fewest of its skills first (the cheapest to train).
            let mut trainable: Vec<(usize, String)> = s
                .barred_free
                .iter()
                .filter_map(|id| {
                    let a = frame.scenario().agents.iter().position(|a| &a.id == id)?;
                    unskilled(a).then(|| (missing_skills(frame, types.get(i), a), id.clone()))
                })
                .collect();
            trainable.sort();
            let trainable: Vec<String> = trainable.into_iter().map(|(_, id)| id).collect();
            let (reason, fix) = diagnose(
                s.requirement.saturating_sub(s.assigned),
                &binding,
                &s.available,
                &s.needed_elsewhere,
                (without, &trainable),
            );
            Some(RosterShortage {
                day: s.day,
                shift: i,
                requirement: s.requirement,
                assigned: s.assigned,
                binding,
                available: s.available.clone(),
                needed_elsewhere: s.needed_elsewhere.clone(),
                barred: s.barred,
                trainable,
                reason,
                fix,
            })
        })
        .collect();
    PlanRoster {
        days: (0..input.days).map(|d| frame.date(d)).collect(),
        shift_types: types,
        agents,
        feasible: out.feasible,
        cost: out.cost,
        shortages,
        breaks: out.breaks.clone(),
        fairness: out.fairness.clone(),
        solver: roster_run(frame, out.iterations),
        changes: Vec::new(),
    }
}

/// Agents at work per interval (on a shift and not on one of their breaks), counted from the
/// roster's agents: what the centre will really have, as opposed to what the schedule asked
/// for. In a cyclic horizon a shift running past the end wraps to the start, as in the
/// schedule; otherwise the part outside the horizon is not counted.
pub fn roster_coverage(frame: &Frame, r: &PlanRoster) -> Vec<f64> {
    let grid = frame.grid();
    let n = grid.len as i64;
    let step = i64::from(grid.interval_minutes.max(1));
    let cyclic = frame.scenario().shifts.cyclic;
    let mut cov = vec![0.0; grid.len];
    for a in &r.agents {
        for sh in &a.shifts {
            let (Some(first), Some(last)) = (grid.offset_of(sh.start.0), grid.offset_of(sh.end.0))
            else {
                continue;
            };
            let off: Vec<(i64, i64)> = sh
                .breaks
                .iter()
                .filter_map(|b| {
                    let o = grid.offset_of(b.start.0)?;
                    Some((o, o + i64::from(b.minutes) / step))
                })
                .collect();
            // A shift spans at most a day and a half (a tampered plan file may say otherwise).
            let last = last.min(first + 2 * grid.per_day() as i64);
            for k in first..last {
                if off.iter().any(|&(lo, hi)| k >= lo && k < hi) {
                    continue;
                }
                let idx = if cyclic { k.rem_euclid(n) } else { k };
                if let Some(c) = usize::try_from(idx).ok().and_then(|i| cov.get_mut(i)) {
                    *c += 1.0;
                }
            }
        }
    }
    cov
}

/// Cost, paid hours and shifts of the rostered shifts, priced by the scenario's cost model
/// like the schedule's (a shift no template allows costs nothing here; `paiban validate`
/// reports it).
pub fn roster_totals(frame: &Frame, r: &PlanRoster) -> Result<super::kpis::ScheduleTotals> {
    let set = &frame.scenario().shifts;
    let grid = frame.grid();
    let step = grid.interval_minutes.max(1);
    let mut price: BTreeMap<(usize, usize, usize), (f64, f64)> = BTreeMap::new();
    for c in crate::schedule::candidates::expand(set, grid)?.candidates {
        price
            .entry((c.template, c.start, c.len))
            .or_insert((c.cost, f64::from(c.paid_minutes) / 60.0));
    }
    let (mut cost, mut paid, mut shifts) = (0.0, 0.0, 0u32);
    for a in &r.agents {
        for sh in &a.shifts {
            shifts = shifts.saturating_add(1);
            let Some(t) = r.shift_types.get(sh.shift) else {
                continue;
            };
            let Some(ti) = set.templates.iter().position(|x| x.name == t.template) else {
                continue;
            };
            let Some(first) = grid.index_of(sh.start.0) else {
                continue;
            };
            let len = (t.span_minutes / step) as usize;
            if let Some(&(c, h)) = price.get(&(ti, first, len)) {
                cost += c;
                paid += h;
            }
        }
    }
    let round6 = |x: f64| (x * 1e6).round() / 1e6;
    Ok(super::kpis::ScheduleTotals {
        cost: round6(cost),
        paid_hours: round6(paid),
        shifts,
    })
}

/// The cells of a roster (`cells[agent][day]`: a shift type or off), agents in scenario order.
pub fn roster_cells(frame: &Frame, r: &PlanRoster) -> Vec<Vec<Option<usize>>> {
    let agents = &frame.scenario().agents;
    let mut rows = vec![vec![None; frame.days()]; agents.len()];
    for a in &r.agents {
        let Some(row) = agents.iter().position(|x| x.id == a.id) else {
            continue;
        };
        for sh in &a.shifts {
            if let Some(cell) = rows[row].get_mut(sh.day) {
                *cell = Some(sh.shift);
            }
        }
    }
    rows
}

/// Re-optimise a published roster after the planner's pins and absences, changing as few
/// cells as is worth it (minimal-change repair).
pub fn roster_repair_stage(
    frame: &Frame,
    sched: &CheckedSchedule,
    published: &Checked<PlanRoster>,
    edits: &RosterEdits,
) -> Result<Checked<PlanRoster>> {
    let Some((input, types)) = roster_input(frame, sched) else {
        return Err(Error::Empty {
            path: "scenario.agents".into(),
            expected: "agents and rules to roster".into(),
        });
    };
    let ids = engine_ids(&types);
    let name = |c: Option<usize>| c.and_then(|i| ids.get(i)).cloned().unwrap_or_default();
    let rows: Vec<Vec<String>> = roster_cells(frame, published)
        .into_iter()
        .map(|row| row.into_iter().map(name).collect())
        .collect();
    let mut pins = Vec::with_capacity(edits.pins.len());
    for (k, p) in edits.pins.iter().enumerate() {
        if let Some(s) = p.shift.filter(|&s| s >= types.len()) {
            return Err(Error::invalid(
                format!("edits.pins[{k}].shift"),
                format!("an index into roster.shift_types (below {})", types.len()),
                s,
            ));
        }
        pins.push(Pin {
            agent: p.agent.clone(),
            day: p.day,
            shift: p.shift.map(|s| ids[s].clone()),
        });
    }
    let out = repair(
        &RepairInput {
            input: input.clone(),
            published: rows,
            pins,
            absences: edits.absences.clone(),
            change_weight: ROSTER_CHANGE_WEIGHT,
        },
        &search_options(frame, 0),
    )
    .map_err(|e| e.within("edits"))?;
    let index = |id: &str| ids.iter().position(|x| x == id);
    let patterns = bridge_with_breaks(frame, sched).2;
    let mut r = plan_roster(frame, &input, types, &out.roster, Some(&patterns));
    r.changes = out
        .changes
        .into_iter()
        .map(|c| RosterChange {
            agent: c.agent,
            day: c.day,
            from: index(&c.from),
            to: index(&c.to),
        })
        .collect();
    Ok(Checked::made(r))
}

/// Roster the scenario's agents onto the schedule against a published roster: the
/// minimal-change repair of the published cells (mapped onto this schedule's shift types by
/// [`ShiftKey`]; a published shift the schedule no longer has counts as a day off), with the
/// planner's pins hard. Cells the published roster does not cover (a new agent, a day past its
/// end) are referred to a fresh roster's, so they are not pulled towards days off. `changes`
/// lists the cells that differ from the published roster. `None` without agents.
pub fn roster_stage_against(
    frame: &Frame,
    sched: &CheckedSchedule,
    published: &PublishedRoster,
) -> Result<Option<Checked<PlanRoster>>> {
    roster_stage_against_member(frame, sched, published, 0)
}

/// [`roster_stage_against`] as portfolio member `member`.
pub fn roster_stage_against_member(
    frame: &Frame,
    sched: &CheckedSchedule,
    published: &PublishedRoster,
    member: usize,
) -> Result<Option<Checked<PlanRoster>>> {
    let Some((input, types)) = roster_input(frame, sched) else {
        return Ok(None);
    };
    let ids = engine_ids(&types);
    let id_of = |k: &Option<ShiftKey>| -> String {
        k.as_ref()
            .and_then(|k| types.iter().position(|t| k.is(t)))
            .map(|i| ids[i].clone())
            .unwrap_or_default()
    };
    let days = frame.days();
    // `None`: the published roster has no cell there.
    let mut rows: Vec<Vec<Option<String>>> = Vec::with_capacity(input.agents.len());
    for a in &input.agents {
        let line = published.agents.iter().find(|l| l.agent == a.id);
        rows.push(
            (0..days)
                .map(|d| {
                    let offset = (frame.date(d) - published.start).num_days();
                    let cell = line?.cells.get(usize::try_from(offset).ok()?)?;
                    Some(id_of(cell))
                })
                .collect(),
        );
    }
    if rows.iter().flatten().all(Option::is_none) {
        return roster_stage_member(frame, sched, member);
    }
    let fresh = if rows.iter().flatten().any(Option::is_none) {
        Some(
            crate::roster::model::roster(&input, &search_options(frame, member))
                .map_err(|e| e.within("roster"))?,
        )
    } else {
        None
    };
    let reference: Vec<Vec<String>> = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            row.into_iter()
                .enumerate()
                .map(|(d, c)| {
                    c.unwrap_or_else(|| {
                        fresh
                            .as_ref()
                            .and_then(|f| f.roster.get(i))
                            .and_then(|l| l.shifts.get(d))
                            .cloned()
                            .unwrap_or_default()
                    })
                })
                .collect()
        })
        .collect();
    let mut pins = Vec::with_capacity(published.pins.len());
    for (k, p) in published.pins.iter().enumerate() {
        let Ok(day) = usize::try_from((p.date - frame.scenario().horizon.start).num_days()) else {
            continue;
        };
        if day >= days || !input.agents.iter().any(|a| a.id == p.agent) {
            continue; // outside this horizon or team: nothing to hold
        }
        let shift = match &p.shift {
            None => None,
            Some(key) => match types.iter().position(|t| key.is(t)) {
                Some(i) => Some(ids[i].clone()),
                None => {
                    return Err(Error::invalid(
                        format!("published.pins[{k}].shift"),
                        "a shift of the new schedule (template, start and span)",
                        format!("{} {} {} min", key.template, key.start, key.span_minutes),
                    ))
                }
            },
        };
        pins.push(Pin {
            agent: p.agent.clone(),
            day,
            shift,
        });
    }
    let out = repair(
        &RepairInput {
            input: input.clone(),
            published: reference,
            pins,
            absences: Vec::new(),
            change_weight: ROSTER_CHANGE_WEIGHT,
        },
        &search_options(frame, member),
    )
    .map_err(|e| e.within("published"))?;
    let patterns = bridge_with_breaks(frame, sched).2;
    let mut r = plan_roster(frame, &input, types, &out.roster, Some(&patterns));
    // Changes against what was published (not against the fresh cells of new agents or days).
    let key_at = |agent: &str, d: usize| -> Option<ShiftKey> {
        let line = published.agents.iter().find(|l| l.agent == agent)?;
        let offset = usize::try_from((frame.date(d) - published.start).num_days()).ok()?;
        line.cells.get(offset).cloned().flatten()
    };
    let covered = |agent: &str, d: usize| -> bool {
        let Some(line) = published.agents.iter().find(|l| l.agent == agent) else {
            return false;
        };
        usize::try_from((frame.date(d) - published.start).num_days())
            .is_ok_and(|o| o < line.cells.len())
    };
    let cells = roster_cells(frame, &r);
    let agents = &frame.scenario().agents;
    let mut changes = Vec::new();
    for (a, row) in agents.iter().zip(&cells) {
        for (d, &cell) in row.iter().enumerate() {
            if !covered(&a.id, d) {
                continue;
            }
            let before = key_at(&a.id, d);
            let now = cell.and_then(|i| r.shift_types.get(i)).map(ShiftKey::of);
            if before != now {
                changes.push(RosterChange {
                    agent: a.id.clone(),
                    day: d,
                    from: before.and_then(|k| r.shift_types.iter().position(|t| k.is(t))),
                    to: cell,
                });
            }
        }
    }
    r.changes = changes;
    Ok(Some(Checked::made(r)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::History;
    use crate::plan::{check_plan_shape, plan, Plan};
    use crate::scenario::Scenario;
    use std::collections::BTreeMap;

    #[test]
    fn a_shift_nobody_with_its_skill_can_take_is_a_skill_gap_with_whom_to_train() {
        let ids = vec!["S1".to_string(), "S2".to_string()];
        let (reason, fix) = diagnose(1, &[], &[], &[], (5, &ids));
        assert_eq!(reason, ShortageReason::NoSkill);
        assert_eq!(
            fix,
            vec![
                ShortageFix::Hire { agents: 1 },
                ShortageFix::Train {
                    agents: ids.clone()
                }
            ]
        );
        // Without agents lacking the skill, nobody could ever work it.
        assert_eq!(
            diagnose(1, &[], &[], &[], (0, &[])).0,
            ShortageReason::NoAgents
        );
        // A qualified agent blocked by a rule is the reason; training stays a fix.
        let rest = [RosterBinding {
            rule: RuleKind::ForbiddenSuccession,
            agents: 1,
        }];
        let (reason, fix) = diagnose(1, &rest, &[], &[], (5, &ids));
        assert_eq!(
            reason,
            ShortageReason::Blocked {
                rule: RuleKind::ForbiddenSuccession
            }
        );
        assert!(fix.contains(&ShortageFix::Train { agents: ids }));
    }

    /// The demo shop with a small roster budget.
    fn demo(days: u32) -> Plan {
        let root = env!("CARGO_MANIFEST_DIR");
        let text = std::fs::read_to_string(format!("{root}/examples/shop.json")).unwrap();
        let mut s = Scenario::from_json(&text).unwrap();
        s.horizon.days = days;
        s.solver.roster_iterations = 40_000;
        s.solver.roster_seconds = None;
        let h: BTreeMap<String, History> = s
            .history
            .iter()
            .map(|(q, f)| {
                let csv = std::fs::read_to_string(format!("{root}/examples/{f}")).unwrap();
                (q.clone(), History::from_csv(&csv).unwrap())
            })
            .collect();
        plan(&s, &h).unwrap()
    }

    fn cells_by_key(r: &PlanRoster) -> Vec<Vec<Option<ShiftKey>>> {
        PublishedRoster::of(r, Vec::new())
            .agents
            .into_iter()
            .map(|l| l.cells)
            .collect()
    }

    #[test]
    fn an_unchanged_replan_gives_back_the_published_roster() {
        let p = demo(7);
        let r = p.roster.as_ref().unwrap();
        let c = check_plan_shape(&p).unwrap();
        let again =
            roster_stage_against(&c.frame, &c.schedule, &PublishedRoster::of(r, Vec::new()))
                .unwrap()
                .unwrap()
                .into_inner();
        assert!(again.changes.is_empty(), "{:?}", again.changes);
        assert_eq!(cells_by_key(&again), cells_by_key(r));
    }

    #[test]
    fn pins_by_key_hold_and_a_pin_on_a_vanished_shift_is_named() {
        let p = demo(7);
        let r = p.roster.as_ref().unwrap();
        let c = check_plan_shape(&p).unwrap();
        let a = &r.agents[0];
        let day = a.shifts[0].day;
        let date = r.days[day];
        let pin = KeyedPin {
            agent: a.id.clone(),
            date,
            shift: None,
        };
        let next = roster_stage_against(&c.frame, &c.schedule, &PublishedRoster::of(r, vec![pin]))
            .unwrap()
            .unwrap()
            .into_inner();
        let line = next.agents.iter().find(|x| x.id == a.id).unwrap();
        assert!(line.shifts.iter().all(|s| s.day != day), "the pin holds");
        assert!(next
            .changes
            .iter()
            .any(|ch| ch.agent == a.id && ch.day == day));
        assert!(next.changes.len() <= 8, "{} changes", next.changes.len());

        let gone = KeyedPin {
            agent: a.id.clone(),
            date,
            shift: Some(ShiftKey {
                template: "no such template".into(),
                start: ClockTime::MIDNIGHT,
                span_minutes: 60,
            }),
        };
        let e = roster_stage_against(&c.frame, &c.schedule, &PublishedRoster::of(r, vec![gone]))
            .unwrap_err();
        assert_eq!(e.path(), "published.pins[0].shift");
    }

    #[test]
    fn cells_the_published_roster_lacks_are_rostered_fresh_and_not_counted_as_changes() {
        let p = demo(7);
        let r = p.roster.as_ref().unwrap();
        let c = check_plan_shape(&p).unwrap();
        // Published only for the first two days, and without the last agent.
        let mut published = PublishedRoster::of(r, Vec::new());
        published.agents.pop();
        for l in &mut published.agents {
            l.cells.truncate(2);
        }
        let next = roster_stage_against(&c.frame, &c.schedule, &published)
            .unwrap()
            .unwrap()
            .into_inner();
        let last = &r.agents[r.agents.len() - 1].id;
        assert!(next
            .changes
            .iter()
            .all(|ch| ch.day < 2 && &ch.agent != last));
        assert!(next.shortages.len() <= r.shortages.len() + 2);
        // A published roster of another week entirely is a fresh roster.
        published.start += Duration::days(30);
        let fresh = roster_stage_against(&c.frame, &c.schedule, &published)
            .unwrap()
            .unwrap()
            .into_inner();
        assert!(fresh.changes.is_empty());
        assert_eq!(cells_by_key(&fresh), cells_by_key(r));
    }
}
