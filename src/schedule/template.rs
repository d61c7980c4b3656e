//! Shift templates: the `SHIFTS.json` shape of `paiban schedule` (and a scenario's `shifts`).
//!
//! A template describes a family of shifts a planner is willing to staff: on which weekdays it
//! may start, the window and step of its start times, its length (fixed or a range), its breaks
//! (each with a window relative to the shift start), its cost and a per-day count limit. The
//! optimiser expands templates into candidate shifts (`candidates.rs`).

use crate::error::{Error, Result};
use crate::limits::MAX_TEMPLATES;
use crate::time::{ClockTime, Weekday, MINUTES_PER_DAY, PLANNING_INTERVALS};
use serde::{Deserialize, Serialize};

/// The shift templates of a schedule and how coverage is scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftSet {
    /// Planning interval in minutes (15, 30 or 60); must equal the requirement grid's interval.
    pub interval_minutes: u32,
    /// `true`: the horizon wraps around (a 24/7 week), so a shift running past the end of the
    /// last day covers the first intervals of the first day.
    pub cyclic: bool,
    /// The shift templates (at least one).
    pub templates: Vec<ShiftTemplate>,
    /// Cost of one agent-interval short of the requirement at an average interval; the weight
    /// of each interval follows the requirement curve (see `requirements::penalty_weights`) unless
    /// the requirements give explicit weights. `null`: coverage is hard (if it cannot be met
    /// because of `max_per_day`, the best schedule is returned with its understaffed intervals).
    #[serde(default)]
    pub understaffing_penalty: Option<f64>,
    /// Cost of one agent-interval above the requirement (`null`: over-coverage is free).
    /// Used to minimise |coverage - requirement| (pyworkforce's MinAbsDifference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overstaffing_penalty: Option<f64>,
    /// Most agents at work in any interval, e.g. the seats of the floor (`null`: no cap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_agents_per_interval: Option<u32>,
}

/// One shift template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftTemplate {
    /// Name shown in the schedule (unique within the set).
    pub name: String,
    /// Weekdays on which a shift of this template may start.
    pub days: Vec<Weekday>,
    /// Start window on each of those days.
    pub start: StartWindow,
    /// Length of the shift in minutes (breaks included): a number, or a range
    /// `{"min": 240, "max": 360, "step": 60}`.
    pub length_minutes: Length,
    /// Breaks, in the order they are taken; windows must not overlap.
    #[serde(default)]
    pub breaks: Vec<Break>,
    /// What one shift costs.
    pub cost: Cost,
    /// At most this many shifts of this template starting on one day (`null`: no limit).
    #[serde(default)]
    pub max_per_day: Option<u32>,
    /// At least this many shifts of this template starting on each of its days (`null`: 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_per_day: Option<u32>,
}

/// When shifts may start on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartWindow {
    /// First start time.
    pub earliest: ClockTime,
    /// Last start time (inclusive). Earlier than `earliest` means the window runs past
    /// midnight (a start of 01:00 then still belongs to the previous day's template day).
    pub latest: ClockTime,
    /// Minutes between possible starts (5, 15, 30 or 60; a multiple of the interval).
    pub step_minutes: u32,
}

/// A shift length: fixed, or a range with a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Length {
    /// Every shift has this many minutes.
    Fixed(u32),
    /// Any length from `min` to `max` minutes in steps of `step` minutes.
    Range {
        /// Shortest length in minutes.
        min: u32,
        /// Longest length in minutes.
        max: u32,
        /// Step between lengths in minutes.
        step: u32,
    },
}

impl Length {
    /// The allowed lengths in minutes, shortest first.
    pub fn values(&self) -> Vec<u32> {
        match *self {
            Length::Fixed(m) => vec![m],
            Length::Range { min, max, step } => (0..)
                .map(|k| min + k * step.max(1))
                .take_while(|&m| m <= max)
                .collect(),
        }
    }
}

/// A break within a shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Break {
    /// Length of the break in minutes (a multiple of the interval).
    pub minutes: u32,
    /// Earliest start of the break, in minutes after the shift start.
    pub earliest_offset_minutes: u32,
    /// Latest start of the break, in minutes after the shift start.
    pub latest_offset_minutes: u32,
    /// Whether the break is paid (an unpaid break is not in the paid hours or the cost).
    pub paid: bool,
}

/// What one shift costs: `per_shift + per_paid_hour * paid hours + premiums`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    /// Fixed cost per shift.
    pub per_shift: f64,
    /// Cost per paid hour.
    pub per_paid_hour: f64,
    /// Extra cost per paid hour worked inside a nightly time window (`null`: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub night_premium: Option<NightPremium>,
    /// Extra cost per paid hour worked on Saturday or Sunday (`null`: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekend_premium_per_hour: Option<f64>,
}

/// A night premium: `per_hour` extra for each paid hour between `from` and `to` (the window may
/// run past midnight, e.g. 22:00–06:00).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NightPremium {
    /// Start of the night window.
    pub from: ClockTime,
    /// End of the night window.
    pub to: ClockTime,
    /// Extra cost per paid hour inside the window.
    pub per_hour: f64,
}

impl ShiftSet {
    /// Parse and validate `SHIFTS.json`; errors name the JSON path.
    pub fn from_json(text: &str) -> Result<ShiftSet> {
        let set: ShiftSet = crate::json::from_json("shifts", text)?;
        set.validate()?;
        Ok(set)
    }

    /// Check every field; the error names the first bad one by JSON path.
    pub fn validate(&self) -> Result<()> {
        let m = self.interval_minutes;
        if !PLANNING_INTERVALS.contains(&m) {
            return Err(Error::invalid("interval_minutes", "15, 30 or 60", m));
        }
        if self.templates.is_empty() {
            return Err(Error::Empty {
                path: "templates".into(),
                expected: "at least one shift template".into(),
            });
        }
        if self.templates.len() > MAX_TEMPLATES {
            return Err(Error::TooLarge {
                path: "templates".into(),
                limit: MAX_TEMPLATES,
                found: self.templates.len(),
            });
        }
        if let Some(p) = self.understaffing_penalty {
            crate::error::non_negative("understaffing_penalty", p)?;
        }
        if let Some(p) = self.overstaffing_penalty {
            crate::error::non_negative("overstaffing_penalty", p)?;
        }
        for (i, t) in self.templates.iter().enumerate() {
            t.validate(&format!("templates[{i}]"), m)?;
            if self.templates[..i].iter().any(|o| o.name == t.name) {
                return Err(Error::invalid(
                    format!("templates[{i}].name"),
                    "a name not used by another template",
                    &t.name,
                ));
            }
        }
        Ok(())
    }
}

fn multiple(path: String, value: u32, of: u32, what: &str) -> Result<()> {
    if value % of != 0 {
        return Err(Error::invalid(
            path,
            format!("{what} a multiple of the {of}-minute interval"),
            value,
        ));
    }
    Ok(())
}

impl ShiftTemplate {
    /// Validate against the planning interval `m`; `path` is the template's JSON path.
    pub fn validate(&self, path: &str, m: u32) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(Error::invalid(
                format!("{path}.name"),
                "a non-empty name",
                "\"\"",
            ));
        }
        if self.days.is_empty() {
            return Err(Error::Empty {
                path: format!("{path}.days"),
                expected: "at least one weekday (\"mon\" .. \"sun\")".into(),
            });
        }
        let s = self.start;
        if s.step_minutes == 0 {
            return Err(Error::invalid(
                format!("{path}.start.step_minutes"),
                "a step > 0",
                0,
            ));
        }
        multiple(
            format!("{path}.start.step_minutes"),
            s.step_minutes,
            m,
            "a step",
        )?;
        multiple(
            format!("{path}.start.earliest"),
            s.earliest.minutes(),
            m,
            "a time",
        )?;
        multiple(
            format!("{path}.start.latest"),
            s.latest.minutes(),
            m,
            "a time",
        )?;
        if s.earliest.minutes() >= MINUTES_PER_DAY {
            return Err(Error::invalid(
                format!("{path}.start.earliest"),
                "a time before 24:00",
                s.earliest,
            ));
        }
        let lengths = self.length_minutes.values();
        if let Length::Range { min, max, step } = self.length_minutes {
            if step == 0 || min > max {
                return Err(Error::Inconsistent {
                    path: format!("{path}.length_minutes.min"),
                    other: format!("{path}.length_minutes.max"),
                    message: "a range needs min <= max and a step > 0".into(),
                });
            }
            multiple(format!("{path}.length_minutes.step"), step, m, "a step")?;
        }
        for &l in &lengths {
            if l == 0 || l > MINUTES_PER_DAY {
                return Err(Error::invalid(
                    format!("{path}.length_minutes"),
                    "a length between 1 minute and 24 hours",
                    l,
                ));
            }
            multiple(format!("{path}.length_minutes"), l, m, "a length")?;
        }
        let shortest = lengths.first().copied().unwrap_or(0);
        let mut prev_end = 0u32;
        for (k, b) in self.breaks.iter().enumerate() {
            let bp = format!("{path}.breaks[{k}]");
            if b.minutes == 0 {
                return Err(Error::invalid(format!("{bp}.minutes"), "a length > 0", 0));
            }
            multiple(format!("{bp}.minutes"), b.minutes, m, "a length")?;
            multiple(
                format!("{bp}.earliest_offset_minutes"),
                b.earliest_offset_minutes,
                m,
                "an offset",
            )?;
            multiple(
                format!("{bp}.latest_offset_minutes"),
                b.latest_offset_minutes,
                m,
                "an offset",
            )?;
            if b.earliest_offset_minutes > b.latest_offset_minutes {
                return Err(Error::Inconsistent {
                    path: format!("{bp}.earliest_offset_minutes"),
                    other: format!("{bp}.latest_offset_minutes"),
                    message: "the earliest break start is after the latest".into(),
                });
            }
            if b.latest_offset_minutes + b.minutes > shortest {
                return Err(Error::Inconsistent {
                    path: format!("{bp}.latest_offset_minutes"),
                    other: format!("{path}.length_minutes"),
                    message: format!(
                        "a break starting at {} min for {} min ends after the shortest shift ({} min)",
                        b.latest_offset_minutes, b.minutes, shortest
                    ),
                });
            }
            if k > 0 && b.earliest_offset_minutes < prev_end {
                return Err(Error::Inconsistent {
                    path: format!("{bp}.earliest_offset_minutes"),
                    other: format!("{path}.breaks[{}]", k - 1),
                    message:
                        "break windows overlap: a break may start before the previous one can end"
                            .into(),
                });
            }
            prev_end = b.latest_offset_minutes + b.minutes;
        }
        if let (Some(lo), Some(hi)) = (self.min_per_day, self.max_per_day) {
            if lo > hi {
                return Err(Error::Inconsistent {
                    path: format!("{path}.min_per_day"),
                    other: format!("{path}.max_per_day"),
                    message: format!("minimum {lo} is above maximum {hi}"),
                });
            }
        }
        let c = self.cost;
        crate::error::non_negative(&format!("{path}.cost.per_shift"), c.per_shift)?;
        crate::error::non_negative(&format!("{path}.cost.per_paid_hour"), c.per_paid_hour)?;
        if let Some(n) = c.night_premium {
            crate::error::non_negative(&format!("{path}.cost.night_premium.per_hour"), n.per_hour)?;
        }
        if let Some(w) = c.weekend_premium_per_hour {
            crate::error::non_negative(&format!("{path}.cost.weekend_premium_per_hour"), w)?;
        }
        Ok(())
    }

    /// Unpaid break minutes of one shift.
    pub fn unpaid_break_minutes(&self) -> u32 {
        self.breaks
            .iter()
            .filter(|b| !b.paid)
            .map(|b| b.minutes)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESIGN_EXAMPLE: &str = r#"{
      "interval_minutes": 15,
      "cyclic": true,
      "templates": [
        { "name": "early", "days": ["mon","tue","wed","thu","fri","sat","sun"],
          "start": { "earliest": "06:00", "latest": "10:00", "step_minutes": 15 },
          "length_minutes": 540,
          "breaks": [ { "minutes": 60, "earliest_offset_minutes": 180,
                        "latest_offset_minutes": 300, "paid": false } ],
          "cost": { "per_shift": 0.0, "per_paid_hour": 1.0 },
          "max_per_day": null }
      ],
      "understaffing_penalty": null
    }"#;

    #[test]
    fn design_example_parses_and_round_trips() {
        let set = ShiftSet::from_json(DESIGN_EXAMPLE).unwrap();
        assert_eq!(set.templates[0].length_minutes, Length::Fixed(540));
        assert_eq!(set.templates[0].unpaid_break_minutes(), 60);
        let again = ShiftSet::from_json(&serde_json::to_string(&set).unwrap()).unwrap();
        assert_eq!(again, set);
    }

    #[test]
    fn length_ranges_expand_by_step() {
        let r: Length = serde_json::from_str(r#"{"min": 240, "max": 360, "step": 60}"#).unwrap();
        assert_eq!(r.values(), vec![240, 300, 360]);
    }

    #[test]
    fn each_rule_names_its_field() {
        let cases = [
            (
                r#""step_minutes": 15"#,
                r#""step_minutes": 10"#,
                "templates[0].start.step_minutes",
            ),
            (
                r#""length_minutes": 540"#,
                r#""length_minutes": 315"#,
                "templates[0].breaks[0].latest_offset_minutes",
            ),
            (
                r#""minutes": 60"#,
                r#""minutes": 0"#,
                "templates[0].breaks[0].minutes",
            ),
            (
                r#""per_paid_hour": 1.0"#,
                r#""per_paid_hour": -1.0"#,
                "templates[0].cost.per_paid_hour",
            ),
            (
                r#""interval_minutes": 15"#,
                r#""interval_minutes": 20"#,
                "interval_minutes",
            ),
            (
                r#""days": ["mon","tue","wed","thu","fri","sat","sun"]"#,
                r#""days": []"#,
                "templates[0].days",
            ),
        ];
        for (from, to, path) in cases {
            let text = DESIGN_EXAMPLE.replace(from, to);
            assert_ne!(text, DESIGN_EXAMPLE, "{from}");
            let e = ShiftSet::from_json(&text).unwrap_err();
            assert_eq!(e.path(), path, "{to}: {e}");
        }
        let e =
            ShiftSet::from_json(&DESIGN_EXAMPLE.replace("\"cyclic\"", "\"cyclical\"")).unwrap_err();
        assert_eq!(e.kind(), "json");
    }
}
