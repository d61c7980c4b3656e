//! The benchmark objective and an independent solution checker.
//!
//! Written directly against the parsed file ([`NrpInstance`]) and the string assignment, without
//! the search's dense [`crate::roster::problem::Problem`] or [`crate::roster::rules`], so it can
//! catch a bug in either. Definitions follow Curtois & Qu (2014), "Computational results on new
//! staff scheduling benchmark instances": the objective is the sum of unmet shift-on request
//! weights, granted-shift-off weights, and per day x shift `under_weight * shortfall +
//! over_weight * excess`; the employee limits are hard constraints. Minimum-length blocks of
//! work or rest that touch either end of the horizon are not checked (the model's windows run
//! strictly inside the horizon).

use super::nrp::{NrpAssignment, NrpInstance};
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::HashMap;

/// One broken hard constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HardViolation {
    /// Employee id.
    pub employee: String,
    /// Rule code, e.g. `max_consecutive_shifts`.
    pub rule: &'static str,
    /// First day concerned, when the rule is about days.
    pub day: Option<usize>,
    /// What is wrong, for a human.
    pub detail: String,
}

/// Result of [`check_nrp`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NrpCheck {
    /// The benchmark objective (soft penalties).
    pub penalty: u64,
    /// Part of the penalty from cover.
    pub cover_penalty: u64,
    /// Part of the penalty from requests.
    pub request_penalty: u64,
    /// Whether every hard constraint holds.
    pub feasible: bool,
    /// Every broken hard constraint.
    pub violations: Vec<HardViolation>,
}

/// The benchmark objective of an assignment (hard constraints not checked).
pub fn nrp_penalty(inst: &NrpInstance, a: &NrpAssignment) -> Result<u64> {
    check_nrp(inst, a).map(|c| c.penalty)
}

/// Recompute the penalty and check every hard constraint. Errors only when the assignment does
/// not fit the instance (unknown or missing employee, wrong number of days, unknown shift id).
pub fn check_nrp(inst: &NrpInstance, a: &NrpAssignment) -> Result<NrpCheck> {
    let h = inst.horizon;
    let mut rows: HashMap<&str, &Vec<String>> = HashMap::new();
    for (k, (id, row)) in a.0.iter().enumerate() {
        let path = format!("assignment.{id}");
        if inst.staff.iter().all(|s| &s.id != id) {
            return Err(Error::invalid(path, "an employee of the instance", id));
        }
        if rows.insert(id.as_str(), row).is_some() {
            return Err(Error::invalid(
                path,
                "each employee once",
                format!("again at {k}"),
            ));
        }
        if row.len() != h {
            return Err(Error::invalid(path, format!("{h} days"), row.len()));
        }
        for (d, s) in row.iter().enumerate() {
            if !s.is_empty() && inst.shifts.iter().all(|x| &x.id != s) {
                return Err(Error::invalid(
                    format!("{path}[{d}]"),
                    "a shift id or \"\"",
                    s,
                ));
            }
        }
    }
    let minutes: HashMap<&str, u32> = inst
        .shifts
        .iter()
        .map(|s| (s.id.as_str(), s.minutes))
        .collect();
    let mut v = Vec::new();
    let mut bad = |e: &str, rule: &'static str, day: Option<usize>, detail: String| {
        v.push(HardViolation {
            employee: e.to_string(),
            rule,
            day,
            detail,
        })
    };
    for st in &inst.staff {
        let row = *rows.get(st.id.as_str()).ok_or_else(|| Error::Empty {
            path: format!("assignment.{}", st.id),
            expected: "a row for every employee".into(),
        })?;
        let e = st.id.as_str();
        let works = |d: usize| !row[d].is_empty();
        // Shift rotation.
        for d in 1..h {
            if let Some(prev) = inst.shifts.iter().find(|s| s.id == row[d - 1]) {
                if prev.cannot_follow.iter().any(|x| *x == row[d]) {
                    bad(
                        e,
                        "forbidden_succession",
                        Some(d),
                        format!("{} after {}", row[d], prev.id),
                    );
                }
            }
        }
        // Max shifts per type (a type not listed may not be worked).
        for s in &inst.shifts {
            let n = row.iter().filter(|x| **x == s.id).count() as u32;
            let max = st
                .max_shifts
                .iter()
                .find(|(id, _)| *id == s.id)
                .map_or(0, |x| x.1);
            if n > max {
                bad(
                    e,
                    "max_shifts_per_type",
                    None,
                    format!("{n} x {} > {max}", s.id),
                );
            }
        }
        // Total minutes.
        let total: u32 = row
            .iter()
            .map(|x| minutes.get(x.as_str()).copied().unwrap_or(0))
            .sum();
        if total > st.max_total_minutes {
            bad(
                e,
                "max_total_minutes",
                None,
                format!("{total} > {}", st.max_total_minutes),
            );
        }
        if total < st.min_total_minutes {
            bad(
                e,
                "min_total_minutes",
                None,
                format!("{total} < {}", st.min_total_minutes),
            );
        }
        // Consecutive runs.
        let mut d = 0;
        while d < h {
            let w = works(d);
            let start = d;
            while d < h && works(d) == w {
                d += 1;
            }
            let len = (d - start) as u32;
            let inside = start > 0 && d < h;
            if w && len > st.max_consecutive_shifts {
                let m = st.max_consecutive_shifts;
                bad(
                    e,
                    "max_consecutive_shifts",
                    Some(start),
                    format!("{len} days > {m}"),
                );
            }
            if w && inside && len < st.min_consecutive_shifts {
                let m = st.min_consecutive_shifts;
                bad(
                    e,
                    "min_consecutive_shifts",
                    Some(start),
                    format!("{len} days < {m}"),
                );
            }
            if !w && inside && len < st.min_consecutive_days_off {
                let m = st.min_consecutive_days_off;
                bad(
                    e,
                    "min_consecutive_days_off",
                    Some(start),
                    format!("{len} days < {m}"),
                );
            }
        }
        // Weekends (day 0 is a Monday: Saturday = 5 + 7k, Sunday = 6 + 7k).
        let weekends = (0..h.div_ceil(7))
            .filter(|k| [5 + 7 * k, 6 + 7 * k].iter().any(|&d| d < h && works(d)))
            .count() as u32;
        if weekends > st.max_weekends {
            bad(
                e,
                "max_weekends",
                None,
                format!("{weekends} > {}", st.max_weekends),
            );
        }
        for &d in &st.days_off {
            if d < h && works(d) {
                bad(
                    e,
                    "fixed_days_off",
                    Some(d),
                    format!("works {} on a day off", row[d]),
                );
            }
        }
    }
    let mut request_penalty = 0u64;
    for r in &inst.shift_on_requests {
        if rows.get(r.employee.as_str()).and_then(|row| row.get(r.day)) != Some(&r.shift) {
            request_penalty += r.weight as u64;
        }
    }
    for r in &inst.shift_off_requests {
        if rows.get(r.employee.as_str()).and_then(|row| row.get(r.day)) == Some(&r.shift) {
            request_penalty += r.weight as u64;
        }
    }
    let mut cover_penalty = 0u64;
    for c in &inst.cover {
        let n = rows
            .values()
            .filter(|row| row.get(c.day) == Some(&c.shift))
            .count() as u64;
        let req = c.requirement as u64;
        cover_penalty += if n < req {
            (req - n) * c.under_weight as u64
        } else {
            (n - req) * c.over_weight as u64
        };
    }
    Ok(NrpCheck {
        penalty: request_penalty + cover_penalty,
        cover_penalty,
        request_penalty,
        feasible: v.is_empty(),
        violations: v,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::nrp::NrpInstance;

    fn inst() -> NrpInstance {
        full()
    }

    /// One employee, 14 days, cover 1 E per weekday (under 100, over 1), none for L.
    fn full() -> NrpInstance {
        let mut t = String::from(
            "SECTION_HORIZON\n14\nSECTION_SHIFTS\nE,480,\nL,480,E\nSECTION_STAFF\n\
             A,E=14|L=3,4800,1920,5,2,2,1\nSECTION_DAYS_OFF\nA,13\n\
             SECTION_SHIFT_ON_REQUESTS\nA,0,E,2\nSECTION_SHIFT_OFF_REQUESTS\nA,1,E,3\n\
             SECTION_COVER\n",
        );
        for d in 0..14 {
            let req = if d % 7 < 5 { 1 } else { 0 };
            t.push_str(&format!("{d},E,{req},100,1\n{d},L,0,100,1\n"));
        }
        NrpInstance::parse(&t).unwrap()
    }

    fn assign(s: &str) -> NrpAssignment {
        NrpAssignment(vec![(
            "A".into(),
            s.chars()
                .map(|c| {
                    if c == '.' {
                        String::new()
                    } else {
                        c.to_string()
                    }
                })
                .collect(),
        )])
    }

    #[test]
    fn hand_computed_penalty() {
        let i = inst();
        // Works E Mon-Fri of both weeks: cover exact; on-request granted; off-request (E on
        // day 1) violated: 3.
        let c = check_nrp(&i, &assign("EEEEE..EEEEE..")).unwrap();
        assert_eq!((c.penalty, c.request_penalty, c.cover_penalty), (3, 3, 0));
        assert!(c.feasible, "{:?}", c.violations);
        // Off on day 1 instead: under by 1 (100), min consecutive 1 day on day 0 is at the
        // boundary so allowed, the off block of 1 on day 1 is inside: hard violation.
        let c = check_nrp(&i, &assign("E.EEE..EEEEE..")).unwrap();
        assert_eq!(c.penalty, 100);
        assert_eq!(c.violations.len(), 1);
        assert_eq!(c.violations[0].rule, "min_consecutive_days_off");
        // Day 0 off: on-request missed (2) and E short (100); E on day 1 against the off
        // request (3); L on Saturday and E on the second Saturday over-cover (1 + 1); day 7 off:
        // E short (100).
        let c = check_nrp(&i, &assign(".EEEEL..EEEEE.")).unwrap();
        assert_eq!(c.penalty, 2 + 100 + 3 + 1 + 1 + 100);
        assert_eq!(c.request_penalty, 5);
    }

    #[test]
    fn catches_every_hard_violation_type() {
        let i = inst();
        let rules = |s: &str| -> Vec<&'static str> {
            let mut r: Vec<_> = check_nrp(&i, &assign(s))
                .unwrap()
                .violations
                .iter()
                .map(|v| v.rule)
                .collect();
            r.sort_unstable();
            r.dedup();
            r
        };
        assert_eq!(rules("LEEEE..EEEEE.."), vec!["forbidden_succession"]);
        assert_eq!(rules("LLLL...EEEEE.."), vec!["max_shifts_per_type"]);
        assert_eq!(rules("EEEE...EEEEE.."), Vec::<&str>::new());
        assert_eq!(rules("EEE..........."), vec!["min_total_minutes"]);
        assert_eq!(
            rules("EEEEEEEEEEE..."),
            vec!["max_consecutive_shifts", "max_total_minutes"]
        );
        assert_eq!(rules("EEE..E..EEEE.."), vec!["min_consecutive_shifts"]);
        assert_eq!(rules("EEE.EE.EEEE..."), vec!["min_consecutive_days_off"]);
        assert_eq!(rules(".....EE....EE."), vec!["max_weekends"]);
        assert_eq!(rules("EEEEE..EEEE..E"), vec!["fixed_days_off"]);
    }

    #[test]
    fn shape_errors_name_the_cell() {
        let i = inst();
        let e = check_nrp(&i, &assign("EEEEE..EEEEE.")).unwrap_err();
        assert_eq!(e.path(), "assignment.A");
        let e = check_nrp(&i, &assign("EEEEE..EEEEE.X")).unwrap_err();
        assert_eq!(e.path(), "assignment.A[13]");
        let e = check_nrp(&i, &NrpAssignment(vec![])).unwrap_err();
        assert_eq!(e.kind(), "empty");
    }
}
