//! The roster's input types: shifts, contracts, agents, requests, labour rules, rotation
//! settings and per-day demand, exactly as the JSON of `paiban roster INPUT.json` and a
//! scenario's `contracts`/`agents`/`rules` spell them.
//!
//! They sit below every roster module that reads them ([`super::model`] compiles them to a
//! [`super::problem::Problem`], [`super::rotation`] builds rotations from them), so no two roster
//! modules import each other. Rule names are [`RuleKind`] values, written in JSON by their codes
//! (`"max_weekends"`).

use super::problem::{RuleKind, ALL_RULES};
use crate::time::{ClockTime, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

impl Serialize for RuleKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for RuleKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        rule_kind(&code).ok_or_else(|| {
            let codes: Vec<&str> = ALL_RULES.iter().map(|k| k.code()).collect();
            serde::de::Error::custom(format!(
                "unknown rule `{code}`, expected one of {}",
                codes.join(", ")
            ))
        })
    }
}

/// The rule of a code (`"max_weekends"`), if there is one.
pub fn rule_kind(code: &str) -> Option<RuleKind> {
    ALL_RULES.iter().copied().find(|k| k.code() == code)
}

/// Kind of a shift, for rotation and fairness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShiftKind {
    /// Early shift (早班).
    Early,
    /// Middle / day shift (中班).
    Middle,
    /// Late shift (晚班).
    Late,
    /// Night shift (夜班).
    Night,
}

impl ShiftKind {
    /// The kind of a shift starting at `minute` of the day (early before 10:00, middle before
    /// 14:00, late before 20:00, night after).
    pub fn of_start(minute: u32) -> ShiftKind {
        match minute {
            0..=599 => ShiftKind::Early,
            600..=839 => ShiftKind::Middle,
            840..=1199 => ShiftKind::Late,
            _ => ShiftKind::Night,
        }
    }
}

/// Settings of the cyclic rotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotationSettings {
    /// Kinds the team rotates through, one per week, e.g. `["early", "middle", "late"]`.
    pub cycle: Vec<ShiftKind>,
    /// Number of weekend-duty groups: agent `i` is on weekend duty in week `w` when
    /// `(i + w) mod groups == 0`; `None` = no weekend rotation.
    pub weekend_groups: Option<usize>,
    /// Posts (skills/queues) agents rotate between week by week (轮岗); empty = none.
    pub posts: Vec<String>,
    /// Cost per day an agent works off their rotation (other kind, weekend off duty, other post).
    pub weight: u32,
}

/// A shift the roster can assign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftDef {
    /// Shift id shown in the grid ("E", "early").
    pub id: String,
    /// Start time of day.
    pub start: ClockTime,
    /// Paid length in minutes (counted towards contract limits).
    pub minutes: u32,
    /// Elapsed length from start to end, unpaid breaks included, for the rest rule; `null` =
    /// `minutes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span_minutes: Option<u32>,
    /// Skill (queue, post) an agent needs for this shift; `None` = anyone.
    pub skill: Option<String>,
    /// Kind used by rotation and fairness (early / middle / late / night).
    pub kind: ShiftKind,
}

/// A contract: the limits that apply to the agents on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// Contract id, referenced by agents.
    pub id: String,
    /// Minimum minutes over the horizon.
    pub min_minutes: u32,
    /// Maximum minutes over the horizon.
    pub max_minutes: u32,
    /// Maximum minutes in any calendar week; `None` = no weekly limit.
    pub max_minutes_per_week: Option<u32>,
    /// Maximum consecutive working days (0 = no limit).
    pub max_consecutive_days: u32,
    /// Minimum consecutive working days in a block (blocks touching the horizon's ends exempt).
    pub min_consecutive_days: u32,
    /// Minimum consecutive days off in a block (blocks touching the horizon's ends exempt).
    pub min_consecutive_days_off: u32,
    /// Minimum days off in each calendar week (part weeks pro rata); `None` = no weekly rule.
    pub min_days_off_per_week: Option<u32>,
    /// Maximum working weekends over the horizon (Saturday or Sunday worked).
    pub max_weekends: u32,
    /// Maximum shifts of a shift id over the horizon (ids not listed: no limit).
    pub max_shifts: BTreeMap<String, u32>,
}

/// A request of an agent for a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Day index in the horizon (0 = first day).
    pub day: usize,
    /// The shift concerned; `None` with `on: false` = the whole day off.
    pub shift: Option<String>,
    /// `true`: wants to work this shift; `false`: wants not to.
    pub on: bool,
    /// Cost when the request is not granted.
    pub weight: u32,
}

/// A named agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// Agent id (unique).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Skills, queues or posts the agent can work.
    pub skills: Vec<String>,
    /// Contract id.
    pub contract: String,
    /// Days off that are fixed (leave, agreed days off), as day indices.
    pub days_off: Vec<usize>,
    /// Shift-on and shift-off requests.
    pub requests: Vec<Request>,
    /// Preferred shift ids; working another shift costs `rules.preference_weight` (empty =
    /// no preference).
    pub preferred_shifts: Vec<String>,
    /// Extra cost of each shift id worked, on any day (added to the preference cost; absent
    /// = none). A multi-skill plan prices a cross-trained agent standing in on a narrower
    /// group's shift this way, so the scarce skills stay where they are needed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub shift_costs: BTreeMap<String, u32>,
}

/// Demand for one shift on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demand {
    /// Day index.
    pub day: usize,
    /// Shift id.
    pub shift: String,
    /// Agents wanted.
    pub required: u32,
    /// Cost per agent short.
    pub under_weight: u32,
    /// Cost per agent too many.
    pub over_weight: u32,
}

/// A rule made soft, with its cost per unit of violation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoftRule {
    /// The rule, by code: `forbidden_succession`, `max_shifts_per_type`, `max_total_minutes`,
    /// `min_total_minutes`, `max_consecutive_shifts`, `min_consecutive_shifts`,
    /// `min_consecutive_days_off`, `max_weekends`, `fixed_days_off`, `days_off_per_week`,
    /// `max_minutes_per_week` (`pinned` cannot be made soft).
    pub rule: RuleKind,
    /// Cost per unit (a day, a shift, a started hour, a weekend).
    pub weight: u32,
}

/// Roster-wide labour rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterRules {
    /// Minimum rest between the end of a shift and the start of the next day's shift (e.g. 660
    /// for 11 h): successions with less rest are forbidden.
    pub min_rest_minutes: u32,
    /// Extra forbidden successions `[first, next]` (shift ids), e.g. `["N", "E"]`.
    pub forbidden_successions: Vec<[String; 2]>,
    /// Rules that are soft; every other rule is hard (never broken in output).
    pub soft: Vec<SoftRule>,
    /// Cost per day an agent works a shift outside their preferred shifts.
    pub preference_weight: u32,
    /// Fair cyclic rotation (轮班) through shift kinds week by week; `None` = no rotation.
    pub rotation: Option<RotationSettings>,
}

/// Everything needed to roster agents over a horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterInput {
    /// Weekday of day 0.
    pub start_weekday: Weekday,
    /// Horizon length in days.
    pub days: usize,
    /// Shifts.
    pub shifts: Vec<ShiftDef>,
    /// Contracts.
    pub contracts: Vec<Contract>,
    /// Agents.
    pub agents: Vec<Agent>,
    /// Labour rules.
    pub rules: RosterRules,
    /// Per-day shift demand (day x shift not listed: nobody wanted, over-cover free).
    pub demand: Vec<Demand>,
}
