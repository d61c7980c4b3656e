//! Off-phone activities (meetings, training, coaching) placed into a finished plan's roster.
//!
//! Why: shrinkage percentages say that 3% of paid time goes to meetings, but not who is in the
//! meeting room when, so nobody can check that the floor stays covered. Commercial WFM suites
//! (NICE IEX "activity scheduling", Verint/Aspect "meeting scheduler", Genesys "work plan
//! activities") place such sessions after the schedule is fixed, in the forecast's troughs:
//! for each session they scan the allowed start times and take the one that costs the least
//! service, given everyone already placed. This module does the same, deterministically:
//!
//! 1. every rostered agent's shift, breaks and window give the feasible starts of a session
//!    (inside the shift, outside breaks and earlier sessions, inside the activity's window of
//!    days and times, on a 15-minute step or the interval if finer is impossible);
//! 2. activities go largest first (batch size × minutes), and attendees are grouped as the activity says ([`Grouping`]: all together, or batches of N
//!    sharing a start), most constrained attendee first;
//! 3. each group goes to the (day, start) with the smallest marginal service loss (contacts
//!    answered within target lost, through [`service::ServiceCurve`], the plan's own Erlang
//!    evaluation), ties broken by the largest surplus of agents at work over positions required,
//!    then by the earliest start; a start that would push an interval below the service floor
//!    is not taken (a batch is tried smaller first). The floor is the activity's
//!    `min_service_level`, or by default every queue's own targets (service level, ASA,
//!    abandonment, occupancy): a plan staffed to its targets keeps them with the sessions in;
//! 4. re-insertion passes move whole groups, then single attendees move between groups of the
//!    same activity where that lowers the loss (batches are "at most N").
//!
//! What cannot be placed as asked is reported, not refused ([`PlacementWarning`]): an attendee
//! with no free time in the window, attendees left out because every start breaks the floor,
//! or, for a `mandatory` activity, the group placed below the floor at least cost. A plan with
//! a session nobody can attend is still a plan; `paiban validate` excuses those attendees and
//! lists the warnings.
//!
//! The greedy is the classic list-scheduling heuristic for this problem (each session placed
//! on the current residual staffing); it is not proven optimal, and [`Strategy::Earliest`] (the
//! first feasible start, what a planner does by hand) is kept as the reference it is measured
//! against (benches/README.md "Agent's day").
//!
//! Service with activities is evaluated with the shrinkage components they stand for removed
//! ([`covered_components`]: meetings for meetings, training for training and coaching); breaks,
//! absence and other still apply.

pub mod service;

use crate::error::Error;
use crate::plan::{check_plan_shape, Frame, Plan, PlanRoster, Timestamp};
use crate::time::{ClockTime, Weekday};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use service::{ServiceCurve, ShrinkageKind};
use std::collections::BTreeMap;
use std::fmt;

pub use crate::limits::MAX_ACTIVITIES;

/// What an activity is (it decides which shrinkage component it replaces).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// A team meeting or briefing (总结会议).
    Meeting,
    /// Product or process training (培训).
    Training,
    /// One-to-one coaching by a QA supervisor (督导).
    Coaching,
    /// Anything else off the phones.
    Other,
}

/// Who attends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "who", rename_all = "snake_case", deny_unknown_fields)]
pub enum Attendees {
    /// Every rostered agent.
    Everyone,
    /// Agents with any of these skills (queue ids or skill names in `agents[].skills`).
    Skills {
        /// Skill or queue ids.
        ids: Vec<String>,
    },
    /// These agents, by id.
    Agents {
        /// Agent ids.
        ids: Vec<String>,
    },
}

/// Whether attendees meet together or in batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum Grouping {
    /// All attendees of a day (daily) or of the week (weekly) in one session.
    Together,
    /// Sessions of at most `size` attendees sharing a start (1 = each agent on their own).
    Batches {
        /// Attendees per session.
        size: u32,
    },
}

/// How often each attendee attends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// On every window day the attendee works.
    Daily,
    /// Once in the horizon, on one of the window days.
    Weekly,
}

/// When sessions may take place: weekdays and a time-of-day range on the shift's day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityWindow {
    /// Weekdays allowed.
    pub days: Vec<Weekday>,
    /// Earliest start.
    pub from: ClockTime,
    /// Latest end.
    pub to: ClockTime,
}

/// An activity to place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Name shown in the timeline.
    pub name: String,
    /// Kind.
    pub kind: ActivityKind,
    /// Length of a session in minutes.
    pub minutes: u32,
    /// Who attends.
    pub attendees: Attendees,
    /// Together or in batches.
    pub grouping: Grouping,
    /// When.
    pub window: ActivityWindow,
    /// Daily or weekly.
    pub recurrence: Recurrence,
    /// A session may not push any queue's interval service level below this. `null` (the
    /// default): a session may not make an interval miss any of its queues' own targets
    /// (service level, ASA, abandonment, occupancy), the targets the plan was staffed for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_service_level: Option<f64>,
    /// Whether every attendee must attend even where no start keeps the service floor: then
    /// the least-cost start is taken and a [`PlacementWarning::BelowFloor`] says so. Not
    /// mandatory (the default): such attendees are left out with a
    /// [`PlacementWarning::Unplaced`], so the plan keeps its service.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mandatory: bool,
}

/// The service a session may leave on the floor.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Floor {
    /// No floor (the hand-made reference, or a mandatory session with no start that keeps it).
    Off,
    /// Every queue's own targets (the default).
    Targets,
    /// Every queue's interval service level at least this.
    Level(f64),
}

impl Floor {
    fn of(a: &Activity, strategy: Strategy) -> Floor {
        match (strategy, a.min_service_level) {
            (Strategy::Earliest, _) => Floor::Off,
            (Strategy::LeastCost, Some(f)) => Floor::Level(f),
            (Strategy::LeastCost, None) => Floor::Targets,
        }
    }

    fn broken_by(self, p: &service::ServicePoint) -> bool {
        match self {
            Floor::Off => false,
            Floor::Targets => !p.on_target,
            Floor::Level(f) => p.min_service_level.is_some_and(|sl| sl + 1e-9 < f),
        }
    }
}

/// An attendee the placer could not place as asked. The plan still holds (the validator
/// accepts an attendance these explain); the page lists them for the planner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum PlacementWarning {
    /// The agent's shift has no free stretch of the session's length inside the window
    /// (breaks, hours off or earlier sessions fill it). Remedy: widen the window.
    NoFreeTime {
        /// Index of the activity.
        activity: usize,
        /// Agent id.
        agent: String,
        /// The day (`None`: weekly, no window day of the horizon works).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<NaiveDate>,
    },
    /// Every feasible start pushes some queue below the service floor and the activity is
    /// not mandatory: these attendees were left out. Remedy: widen the window, lower the
    /// floor, mark the activity mandatory or add staff.
    Unplaced {
        /// Index of the activity.
        activity: usize,
        /// Agent ids.
        agents: Vec<String>,
        /// The day (`None`: weekly).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<NaiveDate>,
    },
    /// A mandatory session placed where it pushes a queue below the service floor (no start
    /// keeps it); its group is named.
    BelowFloor {
        /// Index of the activity.
        activity: usize,
        /// Index of the session group.
        group: usize,
    },
}

impl PlacementWarning {
    /// Index of the activity the warning is about.
    pub fn activity(&self) -> usize {
        match self {
            PlacementWarning::NoFreeTime { activity, .. }
            | PlacementWarning::Unplaced { activity, .. }
            | PlacementWarning::BelowFloor { activity, .. } => *activity,
        }
    }

    /// The attendees it excuses from attending (none for a placed session).
    pub fn excused(&self) -> Vec<&str> {
        match self {
            PlacementWarning::NoFreeTime { agent, .. } => vec![agent.as_str()],
            PlacementWarning::Unplaced { agents, .. } => {
                agents.iter().map(String::as_str).collect()
            }
            PlacementWarning::BelowFloor { .. } => Vec::new(),
        }
    }
}

/// How the placer chooses starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Least marginal service loss (the optimiser).
    LeastCost,
    /// The first feasible start of the window, ignoring `min_service_level` (the hand-made
    /// reference: a fixed start time for everyone who can make it).
    Earliest,
}

/// One session in an agent's day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Index of the activity in the list placed.
    pub activity: usize,
    /// Index of the group (batch) in [`DayPlan::groups`].
    pub group: usize,
    /// Start.
    pub start: Timestamp,
    /// Length in minutes.
    pub minutes: u32,
}

/// An agent's sessions on one day of the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentDay {
    /// Agent id.
    pub agent: String,
    /// Day index.
    pub day: usize,
    /// Sessions in start order.
    pub sessions: Vec<Session>,
}

/// One session group: an activity's batch at one start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionGroup {
    /// Index of the activity.
    pub activity: usize,
    /// Day index.
    pub day: usize,
    /// Start.
    pub start: Timestamp,
    /// Length in minutes.
    pub minutes: u32,
    /// Attendees (agent ids).
    pub agents: Vec<String>,
    /// Contacts answered within target lost by taking them off the floor.
    pub service_loss: f64,
}

/// The placed activities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayPlan {
    /// Per agent and day, the days with sessions, in roster order.
    pub agents: Vec<AgentDay>,
    /// Session groups in placement order.
    pub groups: Vec<SessionGroup>,
    /// Agents at work per interval after activities (on shift, off break, not in a session).
    pub at_work: Vec<f64>,
    /// Shrinkage per interval net of the components the activities stand for.
    pub shrinkage: Vec<f64>,
    /// Erlang evaluations made (the work unit; deterministic).
    pub evaluations: u64,
    /// Attendees not placed as asked, in placement order.
    pub warnings: Vec<PlacementWarning>,
}

/// Why a placement is impossible; each names the activity, and the agent and day when there
/// is one.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ActivityError {
    /// The input is malformed (a field out of range, a plan without a roster).
    Input(Error),
    /// A `together` activity has no start at which all its attendees are free.
    /// Remedy: use batches, or narrow the attendees.
    NoCommonTime {
        /// Activity name.
        activity: String,
        /// The day (`None`: weekly).
        date: Option<NaiveDate>,
        /// Attendees missing at the best start.
        missing: Vec<String>,
    },
}

impl fmt::Display for ActivityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = |d: &Option<NaiveDate>| match d {
            Some(d) => format!("on {d}"),
            None => "in the horizon".to_string(),
        };
        match self {
            ActivityError::Input(e) => write!(f, "{e}"),
            ActivityError::NoCommonTime {
                activity,
                date,
                missing,
            } => write!(
                f,
                "activity \"{activity}\": no time {} when all attendees are free ({} missing at best, e.g. {})",
                day(date),
                missing.len(),
                missing.first().map(String::as_str).unwrap_or("-")
            ),
        }
    }
}

impl From<Error> for ActivityError {
    fn from(e: Error) -> Self {
        ActivityError::Input(e)
    }
}

impl From<ActivityError> for Error {
    fn from(e: ActivityError) -> Self {
        match e {
            ActivityError::Input(e) => e,
            other => Error::Inconsistent {
                path: "activities".into(),
                other: "roster".into(),
                message: other.to_string(),
            },
        }
    }
}

/// The shrinkage components the listed activities replace.
pub fn covered_components(activities: &[Activity]) -> Vec<ShrinkageKind> {
    let mut out = Vec::new();
    for a in activities {
        let k = match a.kind {
            ActivityKind::Meeting => ShrinkageKind::Meetings,
            ActivityKind::Training | ActivityKind::Coaching => ShrinkageKind::Training,
            ActivityKind::Other => ShrinkageKind::Other,
        };
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out.sort();
    out
}

/// Check activities against the scenario (names, lengths, windows, ids); errors name the path
/// `activities[i].field`.
pub fn check_activities(frame: &Frame, activities: &[Activity]) -> Result<(), Error> {
    crate::scenario::check_len("activities", activities.len(), MAX_ACTIVITIES)?;
    let agents = &frame.scenario().agents;
    for (i, a) in activities.iter().enumerate() {
        let p = format!("activities[{i}]");
        if a.name.trim().is_empty() {
            return Err(Error::invalid(format!("{p}.name"), "a name", "\"\""));
        }
        if a.minutes == 0 || a.minutes > 12 * 60 {
            return Err(Error::invalid(
                format!("{p}.minutes"),
                "between 1 and 720 minutes",
                a.minutes,
            ));
        }
        if a.window.to <= a.window.from
            || a.window.to.minutes() - a.window.from.minutes() < a.minutes
        {
            return Err(Error::Inconsistent {
                path: format!("{p}.window.to"),
                other: format!("{p}.window.from"),
                message: format!("the window must hold a {}-minute session", a.minutes),
            });
        }
        if a.window.days.is_empty() {
            return Err(Error::Empty {
                path: format!("{p}.window.days"),
                expected: "at least one weekday".into(),
            });
        }
        if let Grouping::Batches { size: 0 } = a.grouping {
            return Err(Error::invalid(
                format!("{p}.grouping.size"),
                "at least 1 attendee per batch",
                0,
            ));
        }
        if let Some(f) = a.min_service_level {
            crate::error::fraction(&format!("{p}.min_service_level"), f, 0.0, 1.0)?;
        }
        match &a.attendees {
            Attendees::Everyone => {}
            Attendees::Skills { ids } => {
                if ids.is_empty() {
                    return Err(Error::Empty {
                        path: format!("{p}.attendees.ids"),
                        expected: "at least one skill or queue id".into(),
                    });
                }
            }
            Attendees::Agents { ids } => {
                for (j, id) in ids.iter().enumerate() {
                    if !agents.iter().any(|x| &x.id == id) {
                        return Err(Error::invalid(
                            format!("{p}.attendees.ids[{j}]"),
                            "the id of an agent in `agents`",
                            id,
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// An agent's shift on a day, in minutes from the grid start.
#[derive(Debug, Clone)]
pub(crate) struct ShiftSpan {
    pub agent: usize,
    pub day: usize,
    pub start: i64,
    pub end: i64,
    /// Breaks and sessions already placed, `[lo, hi)` minutes.
    pub busy: Vec<(i64, i64)>,
}

/// The rostered shifts as minute spans (agent index in roster order).
pub(crate) fn shift_spans(frame: &Frame, roster: &PlanRoster) -> Vec<ShiftSpan> {
    let start = frame.grid().start;
    let mins = |t: NaiveDateTime| (t - start).num_minutes();
    let mut out = Vec::new();
    for (ai, a) in roster.agents.iter().enumerate() {
        for sh in &a.shifts {
            out.push(ShiftSpan {
                agent: ai,
                day: sh.day,
                start: mins(sh.start.0),
                end: mins(sh.end.0),
                busy: sh
                    .breaks
                    .iter()
                    .map(|b| {
                        let lo = mins(b.start.0);
                        (lo, lo + i64::from(b.minutes))
                    })
                    .collect(),
            });
        }
    }
    out
}

/// Take `count` agents off the floor over `[lo, hi)` minutes (fractions of an interval count
/// pro rata).
pub(crate) fn take_off(at_work: &mut [f64], interval: i64, lo: i64, hi: i64, count: f64) {
    for (k, k_lo, k_hi) in overlaps(interval, lo, hi, at_work.len()) {
        at_work[k] -= count * (k_hi - k_lo) as f64 / interval as f64;
    }
}

/// The intervals `[lo, hi)` overlaps, with the overlapping minutes.
pub(crate) fn overlaps(
    interval: i64,
    lo: i64,
    hi: i64,
    len: usize,
) -> impl Iterator<Item = (usize, i64, i64)> {
    let first = lo.div_euclid(interval).max(0);
    let last = (hi - 1).div_euclid(interval).min(len as i64 - 1);
    (first..=last).filter_map(move |k| {
        let (a, b) = ((k * interval).max(lo), ((k + 1) * interval).min(hi));
        (b > a && k >= 0).then_some((k as usize, a, b))
    })
}

/// The intervals `[lo, hi)` overlaps, with their agents at work before and after taking
/// `count` agents off for the overlapping minutes.
pub(crate) fn taken_off(
    at_work: &[f64],
    interval: i64,
    lo: i64,
    hi: i64,
    count: f64,
) -> impl Iterator<Item = (usize, f64, f64)> + '_ {
    overlaps(interval, lo, hi, at_work.len()).map(move |(k, a, b)| {
        let before = at_work[k];
        (k, before, before - count * (b - a) as f64 / interval as f64)
    })
}

/// Service loss (and whether the floor holds) of taking `count` agents off over `[lo, hi)`.
fn cost_of(
    curve: &mut ServiceCurve,
    at_work: &[f64],
    interval: i64,
    lo: i64,
    hi: i64,
    count: f64,
    floor: Floor,
) -> Result<(f64, bool), Error> {
    let (mut loss, mut ok) = (0.0, true);
    // Sum per interval: several minutes-slices of one interval share one staffing level.
    for (k, before, after) in taken_off(at_work, interval, lo, hi, count) {
        let (pb, pa) = (curve.at(k, before)?, curve.at(k, after)?);
        loss += pb.answered - pa.answered;
        if floor.broken_by(&pa) && curve.productive(k, after) != curve.productive(k, before) {
            ok = false;
        }
    }
    Ok((loss, ok))
}

fn minimum_surplus(at_work: &[f64], positions: &[u32], interval: i64, lo: i64, hi: i64) -> f64 {
    overlaps(interval, lo, hi, at_work.len())
        .map(|(k, _, _)| at_work[k] - f64::from(positions.get(k).copied().unwrap_or(0)))
        .fold(f64::INFINITY, f64::min)
}

/// Feasible session starts (minutes from the grid start) of a shift for an activity.
fn starts(frame: &Frame, a: &Activity, sh: &ShiftSpan, step: i64) -> Vec<i64> {
    let day_start = frame.day_start_minutes(sh.day);
    let len = i64::from(a.minutes);
    let lo = (day_start + i64::from(a.window.from.minutes())).max(sh.start);
    let hi = (day_start + i64::from(a.window.to.minutes())).min(sh.end) - len;
    let mut out = Vec::new();
    // Starts on the step grid counted from midnight of the shift's day.
    let mut t = day_start + (lo - day_start + step - 1).div_euclid(step) * step;
    while t <= hi {
        if !sh.busy.iter().any(|&(b0, b1)| t < b1 && b0 < t + len) {
            out.push(t);
        }
        t += step;
    }
    out
}

/// Whether an agent is an attendee.
pub(crate) fn attends(a: &Activity, agent: &crate::roster::input::Agent) -> bool {
    match &a.attendees {
        Attendees::Everyone => true,
        Attendees::Skills { ids } => agent.skills.iter().any(|s| ids.contains(s)),
        Attendees::Agents { ids } => ids.contains(&agent.id),
    }
}

/// Place `activities` into the plan's roster. The plan must have a roster; the result is the
/// same on every machine (no clock, no randomness).
pub fn place(
    plan: &Plan,
    activities: &[Activity],
    strategy: Strategy,
) -> Result<DayPlan, ActivityError> {
    let c = check_plan_shape(plan)?;
    let roster = c.roster.as_deref().ok_or_else(|| Error::Empty {
        path: "roster".into(),
        expected: "a plan with a roster (agents in the scenario)".into(),
    })?;
    check_activities(&c.frame, activities)?;
    let at_work = crate::plan::roster_coverage(&c.frame, roster);
    let shrinkage = service::shrinkage_without(&c.frame, &covered_components(activities));
    let mut curve = ServiceCurve::new(&c.frame, &plan.forecast, &plan.requirements, shrinkage);
    let mut spans = shift_spans(&c.frame, roster);
    let out = place_into(
        &c.frame,
        roster,
        &mut spans,
        at_work,
        &plan.requirements.total_positions,
        activities,
        strategy,
        &mut curve,
    )?;
    Ok(out)
}

/// The placer proper, on given spans and at-work (the intraday re-plan calls it on the rest of
/// a day).
#[allow(clippy::too_many_arguments)]
pub(crate) fn place_into(
    frame: &Frame,
    roster: &PlanRoster,
    spans: &mut [ShiftSpan],
    mut at_work: Vec<f64>,
    positions: &[u32],
    activities: &[Activity],
    strategy: Strategy,
    curve: &mut ServiceCurve,
) -> Result<DayPlan, ActivityError> {
    let interval = i64::from(frame.grid().interval_minutes.max(1));
    let step = gcd(interval, 15);
    let scenario_agents = &frame.scenario().agents;
    let mut placed: Vec<Placed> = Vec::new();
    let mut warnings: Vec<PlacementWarning> = Vec::new();
    let grid_start = frame.grid().start;
    let ts = |m: i64| Timestamp(grid_start + Duration::minutes(m));
    // Larger and longer group sessions first: they need common free time, which the small
    // ones would fragment (the order commercial meeting schedulers use).
    let mut order: Vec<usize> = (0..activities.len()).collect();
    order.sort_by_key(|&i| {
        let a = &activities[i];
        let size = match a.grouping {
            Grouping::Together => u64::from(u32::MAX),
            Grouping::Batches { size } => u64::from(size),
        };
        (
            std::cmp::Reverse(size.saturating_mul(u64::from(a.minutes))),
            i,
        )
    });
    for ai in order {
        let a = &activities[ai];
        let attendee: Vec<bool> = roster
            .agents
            .iter()
            .map(|ra| {
                scenario_agents
                    .iter()
                    .find(|x| x.id == ra.id)
                    .is_some_and(|x| attends(a, x))
            })
            .collect();
        // The hand-made reference knows no service floor.
        let floor = Floor::of(a, strategy);
        let in_window = |day: usize| a.window.days.contains(&Weekday::of(frame.date(day)));
        // Scopes: one per window day (daily) or the whole horizon (weekly).
        let scopes: Vec<Option<usize>> = match a.recurrence {
            Recurrence::Daily => (0..frame.days())
                .filter(|&d| in_window(d))
                .map(Some)
                .collect(),
            Recurrence::Weekly => vec![None],
        };
        for scope in scopes {
            let date = scope.map(|d| frame.date(d));
            // The shifts (span indices) of each attendee in this scope.
            let mut pool: Vec<(usize, Vec<usize>)> = Vec::new();
            for (agent, _) in attendee.iter().enumerate().filter(|(_, &x)| x) {
                let sp: Vec<usize> = spans
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| {
                        s.agent == agent && in_window(s.day) && scope.map_or(true, |d| s.day == d)
                    })
                    .map(|(i, _)| i)
                    .collect();
                if sp.is_empty() {
                    continue; // not working that day (daily) or on any window day (weekly)
                }
                pool.push((agent, sp));
            }
            if pool.is_empty() {
                continue;
            }
            let size = match a.grouping {
                Grouping::Together => pool.len(),
                Grouping::Batches { size } => size as usize,
            };
            // The floor of this batch: the activity's, or none for a mandatory batch that no
            // start keeps above it.
            let mut floor_now = floor;
            loop {
                // Feasible (span, start) per pool member.
                let mut options: Vec<Vec<(usize, i64)>> = pool
                    .iter()
                    .map(|(_, sp)| {
                        sp.iter()
                            .flat_map(|&s| {
                                starts(frame, a, &spans[s], step)
                                    .into_iter()
                                    .map(move |t| (s, t))
                            })
                            .collect()
                    })
                    .collect();
                // Members with no free time in the window are reported and left out.
                let mut i = 0;
                while i < pool.len() {
                    if options[i].is_empty() {
                        warnings.push(PlacementWarning::NoFreeTime {
                            activity: ai,
                            agent: roster.agents[pool[i].0].id.clone(),
                            date,
                        });
                        pool.remove(i);
                        options.remove(i);
                    } else {
                        i += 1;
                    }
                }
                if pool.is_empty() {
                    break;
                }
                // Candidate (day, start) pairs, with the members free there.
                let mut by_start: BTreeMap<(i64, usize), Vec<(usize, usize)>> = BTreeMap::new();
                for (pi, opts) in options.iter().enumerate() {
                    for &(s, t) in opts {
                        by_start.entry((t, spans[s].day)).or_default().push((pi, s));
                    }
                }
                let cands: Vec<Candidate> = by_start
                    .into_iter()
                    .map(|((t, day), m)| (day, t, m))
                    .collect();
                // Most constrained members first within a candidate.
                let n_opts: Vec<usize> = options.iter().map(Vec::len).collect();
                // (taken, loss, surplus, members, start, day)
                let mut best: Option<Best> = None;
                let mut best_missing: Option<Vec<usize>> = None;
                for (day, t, members) in &cands {
                    let mut members = members.clone();
                    members.sort_by_key(|&(pi, _)| (n_opts[pi], pi));
                    if matches!(a.grouping, Grouping::Together) && members.len() < pool.len() {
                        let missing: Vec<usize> = (0..pool.len())
                            .filter(|pi| !members.iter().any(|m| m.0 == *pi))
                            .collect();
                        if best_missing
                            .as_ref()
                            .map_or(true, |m| missing.len() < m.len())
                        {
                            best_missing = Some(missing);
                        }
                        continue;
                    }
                    members.truncate(size);
                    let (lo, hi) = (*t, *t + i64::from(a.minutes));
                    // A batch that would break the service floor is tried smaller (batches
                    // are "at most N at a time"); a together session is not.
                    let mut found = None;
                    while !members.is_empty() {
                        let (loss, ok) = cost_of(
                            curve,
                            &at_work,
                            interval,
                            lo,
                            hi,
                            members.len() as f64,
                            floor_now,
                        )?;
                        if ok {
                            found = Some(loss);
                            break;
                        }
                        if matches!(a.grouping, Grouping::Together) {
                            break;
                        }
                        members.pop();
                    }
                    let Some(loss) = found else {
                        continue;
                    };
                    let take = members.len();
                    let surplus = minimum_surplus(&at_work, positions, interval, lo, hi);
                    let better = match (&best, strategy) {
                        (None, _) => true,
                        (Some(b), Strategy::LeastCost) => {
                            // Fill batches first, then least loss per attendee, then surplus.
                            (take > b.0)
                                || (take == b.0
                                    && (loss < b.1 - 1e-9
                                        || ((loss - b.1).abs() <= 1e-9 && surplus > b.2 + 1e-9)))
                        }
                        (Some(b), Strategy::Earliest) => take > b.0 && b.0 < size,
                    };
                    if better {
                        best = Some((take, loss, surplus, members, *t, *day));
                    }
                }
                let Some((_, loss, _, members, t, day)) = best else {
                    if let Some(missing) = best_missing {
                        return Err(ActivityError::NoCommonTime {
                            activity: a.name.clone(),
                            date,
                            missing: missing
                                .iter()
                                .map(|&pi| roster.agents[pool[pi].0].id.clone())
                                .collect(),
                        });
                    }
                    if a.mandatory && floor_now != Floor::Off {
                        floor_now = Floor::Off;
                        continue;
                    }
                    warnings.push(PlacementWarning::Unplaced {
                        activity: ai,
                        agents: pool
                            .iter()
                            .map(|&(agent, _)| roster.agents[agent].id.clone())
                            .collect(),
                        date,
                    });
                    break;
                };
                if floor_now != floor {
                    warnings.push(PlacementWarning::BelowFloor {
                        activity: ai,
                        group: placed.len(),
                    });
                    floor_now = floor;
                }
                let (lo, hi) = (t, t + i64::from(a.minutes));
                take_off(&mut at_work, interval, lo, hi, members.len() as f64);
                for &(_, s) in &members {
                    spans[s].busy.push((lo, hi));
                }
                placed.push(Placed {
                    activity: ai,
                    day,
                    lo,
                    members: members.iter().map(|&(pi, s)| (pool[pi].0, s)).collect(),
                    loss,
                });
                let taken: Vec<usize> = members.iter().map(|m| m.0).collect();
                let mut k = 0;
                pool.retain(|_| {
                    let keep = !taken.contains(&k);
                    k += 1;
                    keep
                });
            }
        }
    }
    if strategy == Strategy::LeastCost {
        reinsert(
            frame,
            activities,
            spans,
            &mut at_work,
            positions,
            &mut placed,
            curve,
            step,
        )?;
        move_members(
            frame,
            activities,
            spans,
            &mut at_work,
            &mut placed,
            curve,
            step,
        )?;
        // Groups emptied by the moves go; warnings keep naming the groups they meant.
        let mut index = Vec::with_capacity(placed.len());
        let mut kept = 0;
        for g in &placed {
            index.push(kept);
            kept += usize::from(!g.members.is_empty());
        }
        warnings.retain(|w| match w {
            PlacementWarning::BelowFloor { group, .. } => !placed[*group].members.is_empty(),
            _ => true,
        });
        for w in &mut warnings {
            if let PlacementWarning::BelowFloor { group, .. } = w {
                *group = index[*group];
            }
        }
        placed.retain(|g| !g.members.is_empty());
    }
    let mut groups: Vec<SessionGroup> = Vec::new();
    let mut sessions: Vec<(usize, usize, Session)> = Vec::new();
    for (gi, g) in placed.iter().enumerate() {
        let a = &activities[g.activity];
        for &(agent, _) in &g.members {
            sessions.push((
                agent,
                g.day,
                Session {
                    activity: g.activity,
                    group: gi,
                    start: ts(g.lo),
                    minutes: a.minutes,
                },
            ));
        }
        groups.push(SessionGroup {
            activity: g.activity,
            day: g.day,
            start: ts(g.lo),
            minutes: a.minutes,
            agents: g
                .members
                .iter()
                .map(|&(agent, _)| roster.agents[agent].id.clone())
                .collect(),
            service_loss: round6(g.loss),
        });
    }
    sessions.sort_by_key(|x| (x.0, x.1, x.2.start));
    let mut agents: Vec<AgentDay> = Vec::new();
    for (agent, day, s) in sessions {
        let id = &roster.agents[agent].id;
        match agents.last_mut() {
            Some(last) if &last.agent == id && last.day == day => last.sessions.push(s),
            _ => agents.push(AgentDay {
                agent: id.clone(),
                day,
                sessions: vec![s],
            }),
        }
    }
    Ok(DayPlan {
        agents,
        groups,
        at_work: at_work.iter().map(|&x| round6(x)).collect(),
        shrinkage: (0..at_work.len()).map(|k| curve.shrinkage(k)).collect(),
        evaluations: curve.evaluations,
        warnings,
    })
}

/// A (day, start) and the pool members (pool index, span index) free there.
type Candidate = (usize, i64, Vec<(usize, usize)>);
/// The best candidate so far: taken, loss, surplus, members, start, day.
type Best = (usize, f64, f64, Vec<(usize, usize)>, i64, usize);

/// A placed group while the placer works.
#[derive(Debug, Clone)]
struct Placed {
    activity: usize,
    day: usize,
    lo: i64,
    /// (agent index, span index).
    members: Vec<(usize, usize)>,
    loss: f64,
}

/// Re-insertion passes: take each group out and put it back at its least-cost start (same
/// members, same shifts), until a pass moves nothing or after [`REINSERT_PASSES`] passes. The
/// greedy placed early groups on a floor that later groups changed; this repairs that.
#[allow(clippy::too_many_arguments)]
fn reinsert(
    frame: &Frame,
    activities: &[Activity],
    spans: &mut [ShiftSpan],
    at_work: &mut [f64],
    positions: &[u32],
    placed: &mut [Placed],
    curve: &mut ServiceCurve,
    step: i64,
) -> Result<(), Error> {
    let interval = i64::from(frame.grid().interval_minutes.max(1));
    for _ in 0..REINSERT_PASSES {
        let mut moved = false;
        for g in placed.iter_mut() {
            let a = &activities[g.activity];
            let len = i64::from(a.minutes);
            let n = g.members.len() as f64;
            // Out.
            take_off(at_work, interval, g.lo, g.lo + len, -n);
            for &(_, s) in &g.members {
                if let Some(i) = spans[s].busy.iter().position(|&b| b == (g.lo, g.lo + len)) {
                    spans[s].busy.remove(i);
                }
            }
            // Starts every member can make.
            let mut common: Option<Vec<i64>> = None;
            for &(_, s) in &g.members {
                let st = starts(frame, a, &spans[s], step);
                common = Some(match common {
                    None => st,
                    Some(c) => c.into_iter().filter(|t| st.contains(t)).collect(),
                });
            }
            let (mut best_t, mut best) = (g.lo, None::<(f64, f64)>);
            for t in common.unwrap_or_default() {
                let (loss, ok) = cost_of(
                    curve,
                    at_work,
                    interval,
                    t,
                    t + len,
                    n,
                    Floor::of(a, Strategy::LeastCost),
                )?;
                if !ok {
                    continue;
                }
                let surplus = minimum_surplus(at_work, positions, interval, t, t + len);
                let better = best.map_or(true, |(bl, bs)| {
                    loss < bl - 1e-9 || ((loss - bl).abs() <= 1e-9 && surplus > bs + 1e-9)
                });
                if better {
                    best = Some((loss, surplus));
                    best_t = t;
                }
            }
            // Back in (at the old start when nothing is strictly better).
            if let Some((loss, _)) = best {
                let (old, _) = cost_of(curve, at_work, interval, g.lo, g.lo + len, n, Floor::Off)?;
                if loss < old - 1e-9 {
                    g.lo = best_t;
                    moved = true;
                }
            }
            let (loss, _) = cost_of(curve, at_work, interval, g.lo, g.lo + len, n, Floor::Off)?;
            g.loss = loss;
            take_off(at_work, interval, g.lo, g.lo + len, n);
            for &(_, s) in &g.members {
                spans[s].busy.push((g.lo, g.lo + len));
            }
        }
        if !moved {
            break;
        }
    }
    Ok(())
}

/// Most re-insertion passes of the least-cost placer.
pub const REINSERT_PASSES: usize = 4;

/// Most passes of member moves.
pub const MEMBER_PASSES: usize = 3;

/// Member moves, after re-insertion: each attendee of a batch activity is tried in every other
/// group of the same activity (the same day for a daily one; any day the attendee works for a
/// weekly one) that has room and whose start the attendee can make, and moves when that lowers
/// the service loss and keeps the floor. Batches shrunk to keep a floor during the greedy leave
/// partly filled groups whose attendees are cheaper elsewhere; whole-group re-insertion cannot
/// split them. Groups keep their starts; a group left empty is dropped by the caller.
#[allow(clippy::too_many_arguments)]
fn move_members(
    frame: &Frame,
    activities: &[Activity],
    spans: &mut [ShiftSpan],
    at_work: &mut [f64],
    placed: &mut [Placed],
    curve: &mut ServiceCurve,
    step: i64,
) -> Result<(), Error> {
    let interval = i64::from(frame.grid().interval_minutes.max(1));
    for _ in 0..MEMBER_PASSES {
        let mut moved = false;
        for gi in 0..placed.len() {
            let a = &activities[placed[gi].activity];
            let Grouping::Batches { size } = a.grouping else {
                continue;
            };
            let len = i64::from(a.minutes);
            let floor = Floor::of(a, Strategy::LeastCost);
            let mut mi = 0;
            while mi < placed[gi].members.len() {
                let (agent, s) = placed[gi].members[mi];
                let lo = placed[gi].lo;
                take_off(at_work, interval, lo, lo + len, -1.0);
                if let Some(i) = spans[s].busy.iter().position(|&b| b == (lo, lo + len)) {
                    spans[s].busy.remove(i);
                }
                let (back, _) = cost_of(curve, at_work, interval, lo, lo + len, 1.0, Floor::Off)?;
                let mut best: Option<(f64, usize, usize)> = None;
                for (gj, h) in placed.iter().enumerate() {
                    if gj == gi
                        || h.activity != placed[gi].activity
                        || h.members.len() >= size as usize
                        || (a.recurrence == Recurrence::Daily && h.day != placed[gi].day)
                    {
                        continue;
                    }
                    let Some(s2) = (0..spans.len())
                        .find(|&x| spans[x].agent == agent && spans[x].day == h.day)
                    else {
                        continue;
                    };
                    if !starts(frame, a, &spans[s2], step).contains(&h.lo) {
                        continue;
                    }
                    let (loss, ok) =
                        cost_of(curve, at_work, interval, h.lo, h.lo + len, 1.0, floor)?;
                    if ok && loss < back - 1e-9 && best.map_or(true, |b| loss < b.0 - 1e-9) {
                        best = Some((loss, gj, s2));
                    }
                }
                match best {
                    Some((_, gj, s2)) => {
                        let lo2 = placed[gj].lo;
                        take_off(at_work, interval, lo2, lo2 + len, 1.0);
                        spans[s2].busy.push((lo2, lo2 + len));
                        placed[gi].members.remove(mi);
                        placed[gj].members.push((agent, s2));
                        moved = true;
                    }
                    None => {
                        take_off(at_work, interval, lo, lo + len, 1.0);
                        spans[s].busy.push((lo, lo + len));
                        mi += 1;
                    }
                }
            }
        }
        if !moved {
            break;
        }
    }
    // Each group's loss: its marginal cost on the final floor.
    for g in placed.iter_mut().filter(|g| !g.members.is_empty()) {
        let len = i64::from(activities[g.activity].minutes);
        let n = g.members.len() as f64;
        take_off(at_work, interval, g.lo, g.lo + len, -n);
        g.loss = cost_of(curve, at_work, interval, g.lo, g.lo + len, n, Floor::Off)?.0;
        take_off(at_work, interval, g.lo, g.lo + len, n);
    }
    Ok(())
}

pub(crate) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.max(1)
    } else {
        gcd(b, a % b)
    }
}

/// The plan's roster with none of `activities` placed, but shrinkage already net of the
/// components they stand for: the reference their cost is measured against.
pub fn unplaced(plan: &Plan, activities: &[Activity]) -> Result<DayPlan, Error> {
    let c = check_plan_shape(plan)?;
    let roster = c.roster.as_deref().ok_or_else(|| Error::Empty {
        path: "roster".into(),
        expected: "a plan with a roster (agents in the scenario)".into(),
    })?;
    Ok(DayPlan {
        agents: Vec::new(),
        groups: Vec::new(),
        at_work: crate::plan::roster_coverage(&c.frame, roster),
        shrinkage: service::shrinkage_without(&c.frame, &covered_components(activities)),
        evaluations: 0,
        warnings: Vec::new(),
    })
}

/// The plan's KPIs with the activities in place: the roster's at-work net of sessions, and
/// shrinkage net of the components the activities stand for.
pub fn kpis_with(plan: &Plan, day: &DayPlan) -> Result<crate::plan::Kpis, Error> {
    let c = check_plan_shape(plan)?;
    let mut req = plan.requirements.clone();
    if day.shrinkage.len() == req.shrinkage.len() {
        req.shrinkage = day.shrinkage.clone();
    }
    crate::plan::kpis(
        &c.frame,
        &plan.forecast,
        &req,
        &day.at_work,
        crate::plan::ScheduleTotals {
            cost: plan.kpis.cost,
            paid_hours: plan.kpis.paid_hours,
            shifts: plan.kpis.shifts,
        },
        plan.kpis.basis,
    )
}

#[cfg(test)]
pub(crate) mod tests;
