//! Shrinkage: the share of paid time in which an agent is not available for contacts (breaks,
//! training and study time, meetings, absence, other), and the step from the agents needed on the
//! phones to the **positions** to schedule: `positions = ceil(agents / (1 - shrinkage))`.
//!
//! **Combining components.** The caller must choose (there is no default, it is a reporting
//! convention, not a fact we can guess):
//! - `additive`: `total = Σ s_i`. Correct when every component is measured as a share of the
//!   same paid hours, which is how WFM reports usually present shrinkage ("breaks 8%, training
//!   5%, absence 10% of paid time"); the components are disjoint slices of one base, so they
//!   add. The reference row (30% total: 14 agents -> 20 positions) is this convention.
//! - `multiplicative`: `total = 1 - Π (1 - s_i)`. Correct when each component is measured on the
//!   time left by the previous ones (e.g. absence as a share of rostered staff, then breaks as a
//!   share of the time of those present). It is always a little below the additive total.
//!
//! Each weekday can override the components (Mondays have more absence, Fridays more training).

use crate::error::fraction;
use crate::time::Weekday;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The components of shrinkage, each a fraction of paid time in `[0, 1)`. An omitted component
/// is 0 (nothing of that kind is planned).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShrinkageComponents {
    /// Breaks and lunch (paid or unpaid) inside shifts.
    #[serde(default)]
    pub breaks: f64,
    /// Training and study time (学习, coaching).
    #[serde(default)]
    pub training: f64,
    /// Team meetings and briefings.
    #[serde(default)]
    pub meetings: f64,
    /// Absence: sickness, leave, no-shows.
    #[serde(default)]
    pub absence: f64,
    /// Anything else off the phones (system downtime, projects).
    #[serde(default)]
    pub other: f64,
}

impl ShrinkageComponents {
    fn list(&self) -> [(&'static str, f64); 5] {
        [
            ("breaks", self.breaks),
            ("training", self.training),
            ("meetings", self.meetings),
            ("absence", self.absence),
            ("other", self.other),
        ]
    }

    fn validate(&self, prefix: &str) -> Result<()> {
        for (name, v) in self.list() {
            fraction(&format!("{prefix}.{name}"), v, 0.0, 0.99)?;
        }
        Ok(())
    }

    /// Combined total under `combine`.
    pub fn total(&self, combine: Combine) -> f64 {
        match combine {
            Combine::Additive => self.list().iter().map(|(_, v)| v).sum(),
            Combine::Multiplicative => {
                1.0 - self.list().iter().map(|(_, v)| 1.0 - v).product::<f64>()
            }
        }
    }
}

/// How shrinkage components combine (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// `Σ s_i`: components are shares of the same paid hours.
    Additive,
    /// `1 - Π(1 - s_i)`: each component is a share of the time the previous ones leave.
    Multiplicative,
}

/// Shrinkage of a team, possibly different by weekday.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shrinkage {
    /// How the components combine: `additive` or `multiplicative` (required; see module docs).
    pub combine: Combine,
    /// Components used on every day without an override.
    pub components: ShrinkageComponents,
    /// Per-weekday replacement of all components (`{"mon": {"absence": 0.12}}`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_weekday: BTreeMap<Weekday, ShrinkageComponents>,
}

/// Most total shrinkage accepted (beyond this nobody is ever on the phones).
pub const MAX_SHRINKAGE: f64 = 0.95;

impl Shrinkage {
    /// A shrinkage given only as one total (e.g. the CLI's `--shrinkage 0.3`), booked as `other`.
    pub fn total_only(total: f64) -> Shrinkage {
        Shrinkage {
            combine: Combine::Additive,
            components: ShrinkageComponents {
                breaks: 0.0,
                training: 0.0,
                meetings: 0.0,
                absence: 0.0,
                other: total,
            },
            by_weekday: BTreeMap::new(),
        }
    }

    /// Check every component and every day's total; `prefix` is the JSON path (`shrinkage`).
    pub fn validate(&self, prefix: &str) -> Result<()> {
        self.components.validate(&format!("{prefix}.components"))?;
        check_total(
            &format!("{prefix}.components"),
            self.components.total(self.combine),
        )?;
        for (day, c) in &self.by_weekday {
            let p = format!("{prefix}.by_weekday.{}", day.code());
            c.validate(&p)?;
            check_total(&p, c.total(self.combine))?;
        }
        Ok(())
    }

    /// Total shrinkage on `day` (the override if there is one).
    pub fn total(&self, day: Option<Weekday>) -> f64 {
        let c = day
            .and_then(|d| self.by_weekday.get(&d))
            .unwrap_or(&self.components);
        c.total(self.combine)
    }
}

fn check_total(path: &str, total: f64) -> Result<()> {
    if total.is_finite() && (0.0..=MAX_SHRINKAGE).contains(&total) {
        Ok(())
    } else {
        Err(Error::invalid(
            path,
            format!("components totalling at most {MAX_SHRINKAGE}"),
            total,
        ))
    }
}

/// Positions to schedule so that `agents` are on the phones after `shrinkage` (a fraction in
/// `[0, 1)`): `ceil(agents / (1 - shrinkage))`, robust to binary rounding (14 / 0.7 is 20).
pub fn positions(agents: f64, shrinkage: f64) -> u32 {
    if agents <= 0.0 || !agents.is_finite() {
        return 0;
    }
    let s = shrinkage.clamp(0.0, MAX_SHRINKAGE);
    let raw = agents / (1.0 - s);
    let p = (raw - raw.abs() * 1e-12).ceil();
    if p >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        p as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_positions() {
        assert_eq!(positions(14.0, 0.3), 20);
        assert_eq!(positions(14.0, 0.0), 14);
        assert_eq!(positions(0.0, 0.3), 0);
        assert_eq!(positions(10.0, 0.5), 20);
        assert_eq!(positions(10.5, 0.5), 21);
    }

    #[test]
    fn additive_and_multiplicative_totals() {
        let c = ShrinkageComponents {
            breaks: 0.1,
            training: 0.05,
            meetings: 0.05,
            absence: 0.1,
            other: 0.0,
        };
        assert!((c.total(Combine::Additive) - 0.3).abs() < 1e-12);
        let m = 1.0 - 0.9 * 0.95 * 0.95 * 0.9;
        assert!((c.total(Combine::Multiplicative) - m).abs() < 1e-12);
        assert!(c.total(Combine::Multiplicative) < c.total(Combine::Additive));
    }

    #[test]
    fn weekday_override_and_json_shape() {
        let s: Shrinkage = serde_json::from_str(
            r#"{"combine":"additive","components":{"breaks":0.1,"absence":0.2},
                "by_weekday":{"mon":{"breaks":0.1,"absence":0.3}}}"#,
        )
        .unwrap();
        s.validate("shrinkage").unwrap();
        assert!((s.total(Some(Weekday::Mon)) - 0.4).abs() < 1e-12);
        assert!((s.total(Some(Weekday::Tue)) - 0.3).abs() < 1e-12);
        let bad: std::result::Result<Shrinkage, _> =
            serde_json::from_str(r#"{"combine":"additive","components":{"lunch":0.1}}"#);
        assert!(bad.is_err());
        let too_much = Shrinkage::total_only(0.97);
        let e = too_much.validate("shrinkage").unwrap_err();
        assert_eq!(e.path(), "shrinkage.components");
    }
}
