//! The one JSON contract: a [`Scenario`] (what the planner enters) and, in `plan`, the Plan the
//! engine returns. The page, the CLI and Node scripts all read and write these shapes, so they
//! are versioned (`"version": 1`), strict (unknown fields are rejected with their JSON path, a
//! typo must never silently drop a setting) and fully documented.
//!
//! Engine-owned parts (queues, shrinkage, events, shift templates, agents and rules) are the
//! engine modules' own config types, embedded here as they are.

use crate::error::{Error, Result};
use crate::limits::{MAX_HORIZON_DAYS, MAX_QUEUES};
use crate::time::{ClockTime, Weekday, PLANNING_INTERVALS};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The scenario format version this engine reads and writes.
pub const SCENARIO_VERSION: u32 = 1;

pub use crate::json::from_json;

pub use crate::time::Timestamp;

/// The planning horizon: whole days from `start`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    /// First planned day (`YYYY-MM-DD`), local calendar.
    pub start: NaiveDate,
    /// Number of days, 1..=62.
    pub days: u32,
}

/// One opening span of a day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenSpan {
    /// Opening time, `"HH:MM"`.
    pub open: ClockTime,
    /// Closing time, `"HH:MM"` (`"24:00"` for midnight); after `open`.
    pub close: ClockTime,
}

/// Opening hours per weekday: `{"mon": [{"open": "08:00", "close": "22:00"}], ...}`.
/// A weekday that is absent (or has an empty list) is closed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningHours {
    /// Monday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mon: Vec<OpenSpan>,
    /// Tuesday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tue: Vec<OpenSpan>,
    /// Wednesday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wed: Vec<OpenSpan>,
    /// Thursday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thu: Vec<OpenSpan>,
    /// Friday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fri: Vec<OpenSpan>,
    /// Saturday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sat: Vec<OpenSpan>,
    /// Sunday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sun: Vec<OpenSpan>,
}

impl OpeningHours {
    /// The spans of one weekday.
    pub fn day(&self, d: Weekday) -> &[OpenSpan] {
        match d {
            Weekday::Mon => &self.mon,
            Weekday::Tue => &self.tue,
            Weekday::Wed => &self.wed,
            Weekday::Thu => &self.thu,
            Weekday::Fri => &self.fri,
            Weekday::Sat => &self.sat,
            Weekday::Sun => &self.sun,
        }
    }

    /// Whether the minute `m` (0..1440) of weekday `d` is inside an opening span.
    pub fn is_open(&self, d: Weekday, m: u32) -> bool {
        self.day(d)
            .iter()
            .any(|s| s.open.minutes() <= m && m < s.close.minutes())
    }
}

/// Validate opening hours: spans inside the day, ordered, not overlapping.
pub fn check_opening_hours(path: &str, hours: &OpeningHours) -> Result<()> {
    for day in Weekday::ALL {
        let mut last_close = 0;
        for (i, s) in hours.day(day).iter().enumerate() {
            let p = format!("{path}.{day}[{i}]");
            if s.close <= s.open {
                return Err(Error::Inconsistent {
                    path: format!("{p}.close"),
                    other: format!("{p}.open"),
                    message: format!(
                        "closing time {} is not after opening time {}",
                        s.close, s.open
                    ),
                });
            }
            if s.open.minutes() < last_close {
                return Err(Error::Inconsistent {
                    path: format!("{p}.open"),
                    other: format!("{path}.{day}[{}].close", i.saturating_sub(1)),
                    message: "spans of a day must be in order and must not overlap".into(),
                });
            }
            last_close = s.close.minutes();
        }
    }
    Ok(())
}

/// Check the horizon and interval settings shared by every scenario.
pub fn check_frame(interval_minutes: u32, horizon: &Horizon) -> Result<()> {
    if !PLANNING_INTERVALS.contains(&interval_minutes) {
        return Err(Error::invalid(
            "interval_minutes",
            "15, 30 or 60",
            interval_minutes,
        ));
    }
    if horizon.days == 0 || horizon.days as usize > MAX_HORIZON_DAYS {
        return Err(Error::invalid(
            "horizon.days",
            format!("1 to {MAX_HORIZON_DAYS} days"),
            horizon.days,
        ));
    }
    Ok(())
}

/// Check that a collection is within its limit.
pub fn check_len(path: &str, len: usize, limit: usize) -> Result<()> {
    if len > limit {
        Err(Error::TooLarge {
            path: path.into(),
            limit,
            found: len,
        })
    } else {
        Ok(())
    }
}

/// Check that ids are unique and non-empty, naming the second occurrence.
pub fn check_unique_ids<'a>(path: &str, ids: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen = std::collections::HashMap::new();
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            return Err(Error::invalid(
                format!("{path}[{i}].id"),
                "a non-empty id",
                "\"\"",
            ));
        }
        if let Some(first) = seen.insert(id, i) {
            return Err(Error::Inconsistent {
                path: format!("{path}[{i}].id"),
                other: format!("{path}[{first}].id"),
                message: format!("the id \"{id}\" is used twice"),
            });
        }
    }
    Ok(())
}

/// Check a scenario's version.
pub fn check_version(version: u32) -> Result<()> {
    if version != SCENARIO_VERSION {
        return Err(Error::invalid(
            "version",
            format!("{SCENARIO_VERSION} (the format this paiban reads)"),
            version,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        horizon: Horizon,
        opening_hours: OpeningHours,
    }

    #[test]
    fn json_errors_name_the_path() {
        let e = from_json::<Doc>(
            "scenario",
            r#"{"horizon": {"start": "2024-01-01", "days": 7, "dayz": 1}, "opening_hours": {}}"#,
        )
        .unwrap_err();
        assert_eq!(e.kind(), "json");
        assert_eq!(e.path(), "horizon.dayz", "{e}");
        assert!(e.to_string().contains("unknown field"), "{e}");
        let e = from_json::<Doc>(
            "scenario",
            r#"{"horizon": {"start": "2024-01-01", "days": 7}, "opening_hours": {"mon": [{"open": "8am", "close": "17:00"}]}}"#,
        )
        .unwrap_err();
        assert_eq!(e.path(), "opening_hours.mon[0].open", "{e}");
        let e = from_json::<Doc>("scenario", "{\n  \"horizon\": 3\n}").unwrap_err();
        assert_eq!((e.path().as_str(), e.line()), ("horizon", Some(2)), "{e}");
    }

    #[test]
    fn opening_hours_must_be_ordered_spans() {
        let doc: Doc = from_json(
            "scenario",
            r#"{"horizon": {"start": "2024-01-01", "days": 7}, "opening_hours": {"sat": [{"open": "10:00", "close": "09:00"}]}}"#,
        )
        .unwrap();
        let e = check_opening_hours("opening_hours", &doc.opening_hours).unwrap_err();
        assert_eq!(e.path(), "opening_hours.sat[0].close");
        assert!(check_frame(20, &doc.horizon).is_err());
        assert!(check_frame(30, &doc.horizon).is_ok());
        assert!(check_unique_ids("queues", ["a", "b", "a"].into_iter()).is_err());
    }
}

use crate::forecast::{Event, Method};
use crate::schedule::template::ShiftSet;
use crate::staffing::horizon::QueueForecast;
use crate::staffing::{Queue, Shrinkage};
use std::collections::BTreeMap;

/// A planning scenario: everything a planner enters, in one versioned JSON document.
///
/// Histories are referenced by queue id (`"history": {"presales": "presales.csv"}`, paths
/// relative to the scenario file); the page passes the CSV texts alongside instead. A queue can
/// also be given its volumes directly (`volumes`), e.g. a client's forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version: 1.
    pub version: u32,
    /// Name shown on the page and in reports.
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Planning interval: 15, 30 or 60 minutes.
    pub interval_minutes: u32,
    /// Days to plan.
    pub horizon: Horizon,
    /// Opening hours; `null` = learned from the history by the forecast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_hours: Option<OpeningHours>,
    /// Queues (contact types) with channel, handle time and service target.
    pub queues: Vec<Queue>,
    /// History CSV per queue id (paths relative to the scenario file, read by the CLI).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub history: BTreeMap<String, String>,
    /// Volumes given directly per queue over the horizon (instead of a history).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<QueueForecast>,
    /// Forecast settings.
    #[serde(default)]
    pub forecast: ForecastSettings,
    /// Manual adjustments of the forecast (a planner's judgement on top of the model).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
    /// Shrinkage: time paid but not available for contacts.
    pub shrinkage: Shrinkage,
    /// Shift templates and the cost model (the `SHIFTS.json` shape of `paiban schedule`).
    pub shifts: ShiftSet,
    /// Contracts the agents are on (hours, consecutive days, days off, weekends).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contracts: Vec<crate::roster::input::Contract>,
    /// Agents to roster onto the schedule's shifts; empty = schedule only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<crate::roster::input::Agent>,
    /// Skill groups of a centre without named agents (`{id, skills, max_agents?}`): who can
    /// answer which queue. With named agents the groups come from the agents' `skills`
    /// instead, so both together are refused. Empty = one team answering every queue.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skill_groups: Vec<DeclaredSkillGroup>,
    /// Labour rules of the roster (rest, forbidden successions, soft rules, rotation);
    /// required when `agents` are given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<crate::roster::input::RosterRules>,
    /// Solver time limits and seed.
    #[serde(default)]
    pub solver: SolverSettings,
    /// Off-phone activities (meetings, training, coaching) to place into the roster
    /// (`paiban day`, [`crate::activities`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<crate::activities::Activity>,
    /// Leave requests and allotments ([`crate::leave`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leave: Option<crate::leave::LeavePlan>,
}

/// A skill group declared in a scenario without named agents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclaredSkillGroup {
    /// Group id (unique).
    pub id: String,
    /// Queue ids its agents answer; at least one.
    pub skills: Vec<String>,
    /// Most agents of the group at work at once and on one day (its headcount); `null` = no
    /// limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_agents: Option<u32>,
}

/// How the forecast is made.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForecastSettings {
    /// Method: `auto` (blend chosen by backtest), or a pinned one.
    #[serde(default)]
    pub method: Method,
    /// Events and holidays (promotions, public holidays, surges, closures).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
}

/// A planner's change of the forecast by a percentage over a time range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// Queue id; `null` = every queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    /// First interval changed (`YYYY-MM-DDTHH:MM`).
    pub from: Timestamp,
    /// End of the change (exclusive).
    pub to: Timestamp,
    /// Change in percent (`30` = +30%, `-10` = −10%), at least −100.
    pub percent: f64,
}

/// Solver budgets: work budgets that make a plan the same on every machine, and optional
/// wall-clock caps as a safety net (a cap that binds is named in the plan's warnings and in
/// `Plan::solvers`, since the plan may then differ on another machine).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolverSettings {
    /// Work units for the shift schedule (simplex pivots weighted by the LP's size, intervals
    /// priced by the local search, branch-and-bound nodes; see `schedule::budget`). The
    /// schedule depends only on the input and this budget.
    #[serde(default = "default_schedule_work")]
    pub schedule_work: u64,
    /// Wall-clock cap of the shift schedule in seconds; `null` = the default cap of
    /// [`DEFAULT_SCHEDULE_SECONDS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_seconds: Option<f64>,
    /// Moves the roster search tries: the roster's work budget, so the roster is the same on
    /// every machine.
    #[serde(default = "default_roster_iterations")]
    pub roster_iterations: u64,
    /// Wall-clock cap of the roster search in seconds; `null` = none (the move budget ends it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster_seconds: Option<f64>,
    /// Seed of the roster search.
    #[serde(default = "default_seed")]
    pub seed: u64,
}

/// Wall-clock cap of the schedule when the scenario sets none: a safety net far above what the
/// default work budget takes (about 0.4 s natively and 1 s in wasm for the demo week), so it
/// binds only on a machine that is many times slower than a laptop.
pub const DEFAULT_SCHEDULE_SECONDS: f64 = 60.0;
/// Default work budget of a plan's schedule (units of `schedule::budget`): the demo shop week
/// reaches 1.0071 of the optimum with it, as with the solver's own default of 200 M, in a
/// fifth of the time (benches/README.md, "Shift scheduling").
pub const DEFAULT_SCHEDULE_WORK: u64 = 50_000_000;
/// Default move budget of the roster search.
pub const DEFAULT_ROSTER_ITERATIONS: u64 = 300_000;

fn default_schedule_work() -> u64 {
    DEFAULT_SCHEDULE_WORK
}
fn default_roster_iterations() -> u64 {
    DEFAULT_ROSTER_ITERATIONS
}
fn default_seed() -> u64 {
    1
}

impl Default for SolverSettings {
    fn default() -> Self {
        SolverSettings {
            schedule_work: DEFAULT_SCHEDULE_WORK,
            schedule_seconds: None,
            roster_iterations: DEFAULT_ROSTER_ITERATIONS,
            roster_seconds: None,
            seed: default_seed(),
        }
    }
}

impl SolverSettings {
    /// The schedule's wall-clock cap in seconds.
    pub fn schedule_cap_seconds(&self) -> f64 {
        self.schedule_seconds.unwrap_or(DEFAULT_SCHEDULE_SECONDS)
    }

    /// Check the budgets (paths under `solver`).
    pub fn check(&self) -> Result<()> {
        if let Some(s) = self.schedule_seconds {
            crate::error::fraction("solver.schedule_seconds", s, 0.01, 600.0)?;
        }
        if let Some(s) = self.roster_seconds {
            crate::error::fraction("solver.roster_seconds", s, 0.01, 600.0)?;
        }
        if self.schedule_work == 0 {
            return Err(Error::invalid(
                "solver.schedule_work",
                "at least 1 work unit",
                0,
            ));
        }
        if self.roster_iterations == 0
            || self.roster_iterations > crate::limits::MAX_ROSTER_ITERATIONS
        {
            return Err(Error::invalid(
                "solver.roster_iterations",
                format!("1 to {} moves", crate::limits::MAX_ROSTER_ITERATIONS),
                self.roster_iterations,
            ));
        }
        Ok(())
    }
}

impl Scenario {
    /// Agents' skills and declared skill groups name queues of `queues` (paths
    /// `agents[i].skills[j]`, `skill_groups[k].skills[j]`).
    fn check_skills(&self) -> Result<()> {
        let known = |id: &str| self.queues.iter().any(|q| q.id == id);
        for (i, a) in self.agents.iter().enumerate() {
            for (j, k) in a.skills.iter().enumerate() {
                if !known(k) {
                    return Err(Error::invalid(
                        format!("agents[{i}].skills[{j}]"),
                        "the id of a queue in `queues` (an agent's skills are the queues they answer)",
                        k,
                    ));
                }
                if a.skills[..j].contains(k) {
                    return Err(Error::invalid(
                        format!("agents[{i}].skills[{j}]"),
                        "each skill once",
                        k,
                    ));
                }
            }
        }
        if self.skill_groups.is_empty() {
            return Ok(());
        }
        if !self.agents.is_empty() {
            return Err(Error::Inconsistent {
                path: "skill_groups".into(),
                other: "agents".into(),
                message: "with named agents the skill groups come from the agents' skills; \
                          declare one or the other"
                    .into(),
            });
        }
        check_len(
            "skill_groups",
            self.skill_groups.len(),
            crate::staffing::skills::MAX_SKILL_GROUPS,
        )?;
        check_unique_ids(
            "skill_groups",
            self.skill_groups.iter().map(|g| g.id.as_str()),
        )?;
        for (i, g) in self.skill_groups.iter().enumerate() {
            if g.skills.is_empty() {
                return Err(Error::Empty {
                    path: format!("skill_groups[{i}].skills"),
                    expected: "at least one queue id".into(),
                });
            }
            for (j, k) in g.skills.iter().enumerate() {
                if !known(k) || g.skills[..j].contains(k) {
                    return Err(Error::invalid(
                        format!("skill_groups[{i}].skills[{j}]"),
                        "the id of a queue in `queues`, each once",
                        k,
                    ));
                }
            }
            if g.max_agents == Some(0) {
                return Err(Error::invalid(
                    format!("skill_groups[{i}].max_agents"),
                    "at least 1 agent, or null for no limit",
                    0,
                ));
            }
        }
        Ok(())
    }

    /// Parse a scenario from JSON text; errors name the JSON path.
    pub fn from_json(text: &str) -> Result<Scenario> {
        from_json("scenario", text)
    }

    /// Check every field that parsing alone cannot (ranges, references, contradictions).
    pub fn check(&self) -> Result<()> {
        check_version(self.version)?;
        check_frame(self.interval_minutes, &self.horizon)?;
        if let Some(h) = &self.opening_hours {
            check_opening_hours("opening_hours", h)?;
        }
        if self.queues.is_empty() {
            return Err(Error::Empty {
                path: "queues".into(),
                expected: "at least one queue".into(),
            });
        }
        check_len("queues", self.queues.len(), MAX_QUEUES)?;
        check_unique_ids("queues", self.queues.iter().map(|q| q.id.as_str()))?;
        for (i, q) in self.queues.iter().enumerate() {
            q.validate(&format!("queues[{i}]"))?;
            let given = self.volumes.iter().any(|v| v.queue == q.id);
            if !given && !self.history.contains_key(&q.id) {
                return Err(Error::invalid(
                    format!("history.{}", q.id),
                    format!("a history file or `volumes` for queue \"{}\"", q.id),
                    "nothing",
                ));
            }
        }
        for key in self.history.keys() {
            if !self.queues.iter().any(|q| &q.id == key) {
                return Err(Error::invalid(
                    format!("history.{key}"),
                    "the id of a queue in `queues`",
                    key,
                ));
            }
        }
        for (i, v) in self.volumes.iter().enumerate() {
            if !self.queues.iter().any(|q| q.id == v.queue) {
                return Err(Error::invalid(
                    format!("volumes[{i}].queue"),
                    "the id of a queue in `queues`",
                    &v.queue,
                ));
            }
        }
        for (i, a) in self.adjustments.iter().enumerate() {
            let p = format!("adjustments[{i}]");
            let (from, to) = (a.from, a.to);
            if to <= from {
                return Err(Error::Inconsistent {
                    path: format!("{p}.to"),
                    other: format!("{p}.from"),
                    message: "the end of an adjustment must be after its start".into(),
                });
            }
            if !(a.percent.is_finite() && a.percent >= -100.0 && a.percent <= 1000.0) {
                return Err(Error::invalid(
                    format!("{p}.percent"),
                    "a change between -100 and 1000 percent",
                    a.percent,
                ));
            }
            if let Some(q) = &a.queue {
                if !self.queues.iter().any(|x| &x.id == q) {
                    return Err(Error::invalid(
                        format!("{p}.queue"),
                        "the id of a queue in `queues`",
                        q,
                    ));
                }
            }
        }
        self.shrinkage.validate("shrinkage")?;
        self.shifts.validate().map_err(|e| e.within("shifts"))?;
        if self.shifts.interval_minutes != self.interval_minutes {
            return Err(Error::Inconsistent {
                path: "shifts.interval_minutes".into(),
                other: "interval_minutes".into(),
                message: "the shift grid must be the planning grid".into(),
            });
        }
        self.solver.check()?;
        self.check_skills()?;
        if !self.agents.is_empty() {
            check_len(
                "agents",
                self.agents.len(),
                crate::limits::MAX_ROSTER_AGENTS,
            )?;
            check_unique_ids("agents", self.agents.iter().map(|a| a.id.as_str()))?;
            check_unique_ids("contracts", self.contracts.iter().map(|c| c.id.as_str()))?;
            if self.rules.is_none() {
                return Err(Error::invalid(
                    "rules",
                    "labour rules for the agents (min_rest_minutes, forbidden_successions, soft, preference_weight)",
                    "nothing",
                ));
            }
            for (i, a) in self.agents.iter().enumerate() {
                if !self.contracts.iter().any(|c| c.id == a.contract) {
                    return Err(Error::invalid(
                        format!("agents[{i}].contract"),
                        "the id of a contract in `contracts`",
                        &a.contract,
                    ));
                }
                if let Some(&d) = a
                    .days_off
                    .iter()
                    .find(|&&d| d >= self.horizon.days as usize)
                {
                    return Err(Error::invalid(
                        format!("agents[{i}].days_off"),
                        format!("day indices below the horizon's {} days", self.horizon.days),
                        d,
                    ));
                }
            }
        }
        Ok(())
    }
}
