//! The compiled rostering problem every front end lowers to.
//!
//! Both the NRP benchmark reader ([`crate::roster::nrp`]) and our own JSON model
//! ([`crate::roster::model`]) compile into one [`Problem`]: dense indices, one row of cells per
//! employee, each rule with its strength. The search, the rules and the reports only ever see this
//! type, so a rule is written once and tested once.

use crate::error::{Error, Result};

/// A cell value meaning "day off" (no shift).
pub const OFF: u8 = u8::MAX;

/// At most this many shift types (cell values are `u8`, [`OFF`] is reserved).
pub const MAX_SHIFT_TYPES: usize = 200;

/// One shift type: an id shown to people and its paid length.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftType {
    /// Shift id (`"D"`, `"early"`).
    pub id: String,
    /// Length in minutes counted towards the minute limits.
    pub minutes: u32,
}

/// Whether a rule must hold or costs a weight per unit of violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// Never broken in output.
    Hard,
    /// Costs `weight` per unit of violation (a day, a shift, a started hour).
    Soft(u32),
}

/// The labour rules that apply per employee row. Indices into [`Problem::strengths`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// A shift may not follow another on the next day (rest time).
    ForbiddenSuccession = 0,
    /// At most N shifts of a type in the horizon.
    MaxShiftsPerType,
    /// At most N minutes worked in the horizon.
    MaxTotalMinutes,
    /// At least N minutes worked in the horizon.
    MinTotalMinutes,
    /// At most N consecutive working days.
    MaxConsecutiveShifts,
    /// At least N consecutive working days in a block.
    MinConsecutiveShifts,
    /// At least N consecutive days off in a block.
    MinConsecutiveDaysOff,
    /// At most N working weekends.
    MaxWeekends,
    /// Fixed days off / leave.
    FixedDaysOff,
    /// At least N days off in each calendar week.
    DaysOffPerWeek,
    /// At most N minutes in each calendar week.
    MaxMinutesPerWeek,
    /// Cells a planner pinned.
    Pinned,
}

/// Number of [`RuleKind`]s.
pub const RULE_KINDS: usize = 12;

/// All rule kinds in index order.
pub const ALL_RULES: [RuleKind; RULE_KINDS] = [
    RuleKind::ForbiddenSuccession,
    RuleKind::MaxShiftsPerType,
    RuleKind::MaxTotalMinutes,
    RuleKind::MinTotalMinutes,
    RuleKind::MaxConsecutiveShifts,
    RuleKind::MinConsecutiveShifts,
    RuleKind::MinConsecutiveDaysOff,
    RuleKind::MaxWeekends,
    RuleKind::FixedDaysOff,
    RuleKind::DaysOffPerWeek,
    RuleKind::MaxMinutesPerWeek,
    RuleKind::Pinned,
];

/// One employee's limits, requests and pins, on dense indices.
#[derive(Debug, Clone, PartialEq)]
pub struct Employee {
    /// Employee id.
    pub id: String,
    /// Max number of shifts per shift type (0 = may not work that type).
    pub max_shifts: Vec<u32>,
    /// Max minutes in the horizon.
    pub max_minutes: u32,
    /// Min minutes in the horizon.
    pub min_minutes: u32,
    /// Max consecutive working days (0 = no limit).
    pub max_consecutive: u32,
    /// Min consecutive working days in a block not touching the horizon's ends.
    pub min_consecutive: u32,
    /// Min consecutive days off in a block not touching the horizon's ends.
    pub min_consecutive_off: u32,
    /// Max working weekends (a weekend counts when Saturday or Sunday is worked).
    pub max_weekends: u32,
    /// Per day: the employee must be off.
    pub day_off: Vec<bool>,
    /// Per day: shift-on requests `(shift, weight)`: weight is paid when not on that shift.
    pub on_requests: Vec<Vec<(u8, u32)>>,
    /// Per day: shift-off requests `(shift, weight)`: weight is paid when on that shift.
    pub off_requests: Vec<Vec<(u8, u32)>>,
    /// Min days off per calendar week (weeks cut by the horizon are scaled down), if any.
    pub min_days_off_per_week: Option<u32>,
    /// Max minutes per calendar week, if any.
    pub max_minutes_per_week: Option<u32>,
    /// Per day: a value the cell must take (a shift or [`OFF`]).
    pub pinned: Vec<Option<u8>>,
    /// Per day: the published value; each changed cell costs [`Problem::change_weight`].
    pub reference: Option<Vec<u8>>,
    /// Per day x shift: preference weight paid when the employee works that shift
    /// (index `day * shifts + shift`); empty when the employee has no preferences.
    pub shift_cost: Vec<u32>,
}

/// Demand for one shift on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cover {
    /// Wanted number of employees.
    pub requirement: u32,
    /// Cost per employee short.
    pub under_weight: u32,
    /// Cost per employee too many.
    pub over_weight: u32,
}

/// A complete rostering problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Horizon length in days.
    pub days: usize,
    /// Weekday of day 0: 0 = Monday .. 6 = Sunday.
    pub first_weekday: usize,
    /// Shift types.
    pub shifts: Vec<ShiftType>,
    /// `forbidden[a * shifts + b]`: shift `b` may not follow shift `a` on the next day.
    pub forbidden: Vec<bool>,
    /// Employees.
    pub employees: Vec<Employee>,
    /// `cover[day * shifts + shift]`.
    pub cover: Vec<Cover>,
    /// Strength of each [`RuleKind`] (index = `kind as usize`).
    pub strengths: [Strength; RULE_KINDS],
    /// Cost of one changed cell versus [`Employee::reference`].
    pub change_weight: u32,
}

impl Problem {
    /// Number of shift types.
    pub fn n_shifts(&self) -> usize {
        self.shifts.len()
    }

    /// Whether `b` may not follow `a` on the next day.
    pub fn is_forbidden(&self, a: u8, b: u8) -> bool {
        if a == OFF || b == OFF {
            return false;
        }
        self.forbidden
            .get(a as usize * self.shifts.len() + b as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Weekday (0 = Monday) of `day`.
    pub fn weekday(&self, day: usize) -> usize {
        (self.first_weekday + day) % 7
    }

    /// Cover of (`day`, `shift`), if in range.
    pub fn cover_at(&self, day: usize, shift: usize) -> Option<&Cover> {
        self.cover.get(day * self.shifts.len() + shift)
    }

    /// Check the dense structure (lengths, indices) so the search never indexes out of bounds.
    pub fn validate(&self) -> Result<()> {
        let ns = self.shifts.len();
        if self.days == 0 {
            return Err(Error::Empty {
                path: "days".into(),
                expected: "a horizon of at least one day".into(),
            });
        }
        if ns == 0 {
            return Err(Error::Empty {
                path: "shifts".into(),
                expected: "at least one shift type".into(),
            });
        }
        if ns > MAX_SHIFT_TYPES {
            return Err(Error::TooLarge {
                path: "shifts".into(),
                limit: MAX_SHIFT_TYPES,
                found: ns,
            });
        }
        if self.employees.is_empty() {
            return Err(Error::Empty {
                path: "employees".into(),
                expected: "at least one employee".into(),
            });
        }
        if self.forbidden.len() != ns * ns {
            return Err(Error::invalid(
                "forbidden",
                format!("{} entries", ns * ns),
                self.forbidden.len(),
            ));
        }
        if self.cover.len() != ns * self.days {
            return Err(Error::invalid(
                "cover",
                format!("{} entries", ns * self.days),
                self.cover.len(),
            ));
        }
        for (i, e) in self.employees.iter().enumerate() {
            let p = |f: &str| format!("employees[{i}].{f}");
            let check_len = |f: &str, len: usize, want: usize| -> Result<()> {
                if len == want {
                    Ok(())
                } else {
                    Err(Error::invalid(p(f), format!("{want} entries"), len))
                }
            };
            check_len("max_shifts", e.max_shifts.len(), ns)?;
            check_len("day_off", e.day_off.len(), self.days)?;
            check_len("on_requests", e.on_requests.len(), self.days)?;
            check_len("off_requests", e.off_requests.len(), self.days)?;
            check_len("pinned", e.pinned.len(), self.days)?;
            if !e.shift_cost.is_empty() {
                check_len("shift_cost", e.shift_cost.len(), self.days * ns)?;
            }
            if let Some(r) = &e.reference {
                check_len("reference", r.len(), self.days)?;
                if r.iter().any(|&v| v != OFF && v as usize >= ns) {
                    return Err(Error::invalid(p("reference"), "known shifts", "unknown"));
                }
            }
            let bad = |v: u8| v as usize >= ns;
            if e.on_requests
                .iter()
                .chain(e.off_requests.iter())
                .flatten()
                .any(|&(s, _)| bad(s))
            {
                return Err(Error::invalid(p("requests"), "known shifts", "unknown"));
            }
            if e.pinned.iter().flatten().any(|&v| v != OFF && bad(v)) {
                return Err(Error::invalid(p("pinned"), "known shifts", "unknown"));
            }
        }
        Ok(())
    }
}

/// A roster: `cells[employee][day]`, a shift index or [`OFF`].
pub type Cells = Vec<Vec<u8>>;
