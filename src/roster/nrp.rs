//! Reader for the "Employee Shift Scheduling Benchmark" text format (Curtois & Qu, University of
//! Nottingham, <https://www.schedulingbenchmarks.org/nrp/>), so the search can be measured
//! against published best-known values.
//!
//! The format, as described in the instance files' comments: `#` starts a comment; sections
//! `SECTION_HORIZON` (days; instances start on a Monday), `SECTION_SHIFTS`
//! (`ID, minutes, cannot-follow ids | separated`), `SECTION_STAFF` (`ID, MaxShifts (id=n | ...),
//! MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts,
//! MinConsecutiveDaysOff, MaxWeekends`), `SECTION_DAYS_OFF` (`ID, day, day, ...`),
//! `SECTION_SHIFT_ON_REQUESTS` / `SECTION_SHIFT_OFF_REQUESTS` (`ID, day, shift, weight`) and
//! `SECTION_COVER` (`day, shift, requirement, weight under, weight over`). Every error names the
//! line; a file cut short is caught because every day x shift must have a cover line.

use super::problem::{Cover, Employee, Problem, ShiftType, Strength, MAX_SHIFT_TYPES, OFF};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Largest horizon accepted (days).
pub const MAX_DAYS: usize = 3660;
/// Largest staff accepted.
pub const MAX_STAFF: usize = 10_000;

/// A shift type of an NRP instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NrpShift {
    /// Shift id.
    pub id: String,
    /// Length in minutes.
    pub minutes: u32,
    /// Ids of shifts that may not be worked on the day after this one.
    pub cannot_follow: Vec<String>,
}

/// An employee of an NRP instance (all limits are hard constraints in the benchmark).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NrpStaff {
    /// Employee id.
    pub id: String,
    /// Max shifts per shift id, in file order.
    pub max_shifts: Vec<(String, u32)>,
    /// Max minutes in the horizon.
    pub max_total_minutes: u32,
    /// Min minutes in the horizon.
    pub min_total_minutes: u32,
    /// Max consecutive shifts.
    pub max_consecutive_shifts: u32,
    /// Min consecutive shifts.
    pub min_consecutive_shifts: u32,
    /// Min consecutive days off.
    pub min_consecutive_days_off: u32,
    /// Max working weekends.
    pub max_weekends: u32,
    /// Days that must be off (0-based).
    pub days_off: Vec<usize>,
}

/// A shift-on or shift-off request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NrpRequest {
    /// Employee id.
    pub employee: String,
    /// Day (0-based).
    pub day: usize,
    /// Shift id.
    pub shift: String,
    /// Penalty when the request is not granted.
    pub weight: u32,
}

/// Cover requirement of one day and shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NrpCover {
    /// Day (0-based).
    pub day: usize,
    /// Shift id.
    pub shift: String,
    /// Wanted number of employees.
    pub requirement: u32,
    /// Penalty per employee short.
    pub under_weight: u32,
    /// Penalty per employee too many.
    pub over_weight: u32,
}

/// A parsed NRP instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NrpInstance {
    /// Horizon in days (day 0 is a Monday).
    pub horizon: usize,
    /// Shift types.
    pub shifts: Vec<NrpShift>,
    /// Employees.
    pub staff: Vec<NrpStaff>,
    /// Shift-on requests.
    pub shift_on_requests: Vec<NrpRequest>,
    /// Shift-off requests.
    pub shift_off_requests: Vec<NrpRequest>,
    /// Cover requirements.
    pub cover: Vec<NrpCover>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Section {
    None,
    Horizon,
    Shifts,
    Staff,
    DaysOff,
    OnRequests,
    OffRequests,
    Cover,
}

fn err(line: usize, expected: impl Into<String>, found: impl Into<String>) -> Error {
    Error::Parse {
        source: "nrp".into(),
        line,
        expected: expected.into(),
        found: found.into(),
    }
}

fn num<T: std::str::FromStr>(line: usize, what: &str, s: &str) -> Result<T> {
    let t = s.trim();
    // The published files write zero as "-0" in places (Instance15's cover section).
    let t = match t.strip_prefix('-') {
        Some(z) if !z.is_empty() && z.bytes().all(|b| b == b'0') => z,
        _ => t,
    };
    t.parse()
        .map_err(|_| err(line, what.to_string(), format!("{s:?}")))
}

fn fields(line: usize, text: &str, n: usize, what: &str) -> Result<Vec<String>> {
    let f: Vec<String> = text.split(',').map(|s| s.trim().to_string()).collect();
    if f.len() != n {
        return Err(err(
            line,
            format!("{n} comma-separated fields ({what})"),
            format!("{} fields in {text:?}", f.len()),
        ));
    }
    Ok(f)
}

impl NrpInstance {
    /// Parse the text of an instance file.
    pub fn parse(text: &str) -> Result<NrpInstance> {
        let mut section = Section::None;
        let mut horizon: Option<usize> = None;
        let mut shifts: Vec<NrpShift> = Vec::new();
        let mut staff: Vec<NrpStaff> = Vec::new();
        let mut on = Vec::new();
        let mut off = Vec::new();
        let mut cover = Vec::new();
        let mut shift_line: HashMap<String, usize> = HashMap::new();
        let mut staff_idx: HashMap<String, usize> = HashMap::new();
        let mut cover_seen: HashMap<(usize, String), usize> = HashMap::new();
        let mut last_line = 0;
        let mut seen_cover_section = false;
        // Cannot-follow lists reference shifts that may be declared later: check at the end.
        let mut follow_refs: Vec<(usize, String)> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let ln = i + 1;
            last_line = ln;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix("SECTION_") {
                section = match name {
                    "HORIZON" => Section::Horizon,
                    "SHIFTS" => Section::Shifts,
                    "STAFF" => Section::Staff,
                    "DAYS_OFF" => Section::DaysOff,
                    "SHIFT_ON_REQUESTS" => Section::OnRequests,
                    "SHIFT_OFF_REQUESTS" => Section::OffRequests,
                    "COVER" => Section::Cover,
                    _ => {
                        return Err(err(ln, "a known SECTION_ name", line));
                    }
                };
                if section == Section::Cover {
                    seen_cover_section = true;
                }
                continue;
            }
            let day = |s: &str, h: Option<usize>| -> Result<usize> {
                let d: usize = num(ln, "a day index", s)?;
                match h {
                    Some(h) if d < h => Ok(d),
                    Some(h) => Err(err(ln, format!("a day index below the horizon {h}"), s)),
                    None => Err(err(ln, "SECTION_HORIZON before days", s)),
                }
            };
            let shift_ref = |s: &str, m: &HashMap<String, usize>| -> Result<String> {
                if m.contains_key(s) {
                    Ok(s.to_string())
                } else {
                    Err(err(ln, "a shift id declared in SECTION_SHIFTS", s))
                }
            };
            match section {
                Section::None => {
                    return Err(err(ln, "a SECTION_ header", line));
                }
                Section::Horizon => {
                    if horizon.is_some() {
                        return Err(err(ln, "a single horizon value", line));
                    }
                    let h: usize = num(ln, "the horizon in days", line)?;
                    if h == 0 || h > MAX_DAYS {
                        return Err(err(ln, format!("a horizon of 1..={MAX_DAYS} days"), line));
                    }
                    horizon = Some(h);
                }
                Section::Shifts => {
                    let f = fields(ln, line, 3, "ID, minutes, cannot-follow")?;
                    if shift_line.contains_key(&f[0]) || f[0].is_empty() {
                        return Err(err(ln, "a new non-empty shift id", &f[0]));
                    }
                    if shifts.len() >= MAX_SHIFT_TYPES {
                        return Err(err(ln, format!("at most {MAX_SHIFT_TYPES} shifts"), line));
                    }
                    let minutes: u32 = num(ln, "shift length in minutes", &f[1])?;
                    let cannot_follow: Vec<String> = f[2]
                        .split('|')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect();
                    follow_refs.extend(cannot_follow.iter().map(|s| (ln, s.clone())));
                    shift_line.insert(f[0].clone(), ln);
                    shifts.push(NrpShift {
                        id: f[0].clone(),
                        minutes,
                        cannot_follow,
                    });
                }
                Section::Staff => {
                    let f = fields(
                        ln,
                        line,
                        8,
                        "ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, \
                         MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends",
                    )?;
                    if staff_idx.contains_key(&f[0]) || f[0].is_empty() {
                        return Err(err(ln, "a new non-empty employee id", &f[0]));
                    }
                    if staff.len() >= MAX_STAFF {
                        return Err(err(ln, format!("at most {MAX_STAFF} employees"), line));
                    }
                    let mut max_shifts = Vec::new();
                    for part in f[1].split('|').filter(|s| !s.trim().is_empty()) {
                        let (id, n) = part
                            .split_once('=')
                            .ok_or_else(|| err(ln, "MaxShifts as shift=count", part))?;
                        let id = shift_ref(id.trim(), &shift_line)?;
                        max_shifts.push((id, num(ln, "a max shift count", n)?));
                    }
                    staff_idx.insert(f[0].clone(), staff.len());
                    staff.push(NrpStaff {
                        id: f[0].clone(),
                        max_shifts,
                        max_total_minutes: num(ln, "MaxTotalMinutes", &f[2])?,
                        min_total_minutes: num(ln, "MinTotalMinutes", &f[3])?,
                        max_consecutive_shifts: num(ln, "MaxConsecutiveShifts", &f[4])?,
                        min_consecutive_shifts: num(ln, "MinConsecutiveShifts", &f[5])?,
                        min_consecutive_days_off: num(ln, "MinConsecutiveDaysOff", &f[6])?,
                        max_weekends: num(ln, "MaxWeekends", &f[7])?,
                        days_off: Vec::new(),
                    });
                }
                Section::DaysOff => {
                    let mut parts = line.split(',').map(str::trim);
                    let id = parts.next().unwrap_or("");
                    let &k = staff_idx
                        .get(id)
                        .ok_or_else(|| err(ln, "an employee id declared in SECTION_STAFF", id))?;
                    let mut days = Vec::new();
                    for p in parts.filter(|p| !p.is_empty()) {
                        days.push(day(p, horizon)?);
                    }
                    if let Some(s) = staff.get_mut(k) {
                        s.days_off.extend(days);
                    }
                }
                Section::OnRequests | Section::OffRequests => {
                    let f = fields(ln, line, 4, "EmployeeID, Day, ShiftID, Weight")?;
                    if !staff_idx.contains_key(&f[0]) {
                        return Err(err(ln, "an employee id declared in SECTION_STAFF", &f[0]));
                    }
                    let r = NrpRequest {
                        employee: f[0].clone(),
                        day: day(&f[1], horizon)?,
                        shift: shift_ref(&f[2], &shift_line)?,
                        weight: num(ln, "a request weight", &f[3])?,
                    };
                    if section == Section::OnRequests {
                        on.push(r);
                    } else {
                        off.push(r);
                    }
                }
                Section::Cover => {
                    let f = fields(
                        ln,
                        line,
                        5,
                        "Day, ShiftID, Requirement, Weight for under, Weight for over",
                    )?;
                    let c = NrpCover {
                        day: day(&f[0], horizon)?,
                        shift: shift_ref(&f[1], &shift_line)?,
                        requirement: num(ln, "a requirement", &f[2])?,
                        under_weight: num(ln, "a weight for under", &f[3])?,
                        over_weight: num(ln, "a weight for over", &f[4])?,
                    };
                    if let Some(prev) = cover_seen.insert((c.day, c.shift.clone()), ln) {
                        return Err(err(
                            ln,
                            format!("one cover line per day and shift (already on line {prev})"),
                            line,
                        ));
                    }
                    cover.push(c);
                }
            }
        }
        let end = last_line + 1;
        let horizon = horizon.ok_or_else(|| err(end, "a SECTION_HORIZON", "end of file"))?;
        if shifts.is_empty() {
            return Err(err(end, "a SECTION_SHIFTS with shifts", "end of file"));
        }
        if staff.is_empty() {
            return Err(err(end, "a SECTION_STAFF with employees", "end of file"));
        }
        for (ln, s) in follow_refs {
            if !shift_line.contains_key(&s) {
                return Err(err(ln, "a shift id declared in SECTION_SHIFTS", s));
            }
        }
        if !seen_cover_section {
            return Err(err(end, "a SECTION_COVER", "end of file (file cut short?)"));
        }
        for d in 0..horizon {
            for s in &shifts {
                if !cover_seen.contains_key(&(d, s.id.clone())) {
                    return Err(err(
                        end,
                        format!("a cover line for day {d} shift {}", s.id),
                        "end of file (file cut short?)",
                    ));
                }
            }
        }
        Ok(NrpInstance {
            horizon,
            shifts,
            staff,
            shift_on_requests: on,
            shift_off_requests: off,
            cover,
        })
    }

    /// Index of a shift id.
    pub fn shift_index(&self, id: &str) -> Option<usize> {
        self.shifts.iter().position(|s| s.id == id)
    }

    /// Index of an employee id.
    pub fn staff_index(&self, id: &str) -> Option<usize> {
        self.staff.iter().position(|s| s.id == id)
    }

    /// Compile into the search's [`Problem`]: every employee rule hard, as the benchmark says.
    pub fn to_problem(&self) -> Result<Problem> {
        let ns = self.shifts.len();
        let days = self.horizon;
        let idx = |id: &str, path: &str| -> Result<u8> {
            self.shift_index(id)
                .map(|i| i as u8)
                .ok_or_else(|| Error::invalid(path, "a known shift id", id))
        };
        let mut forbidden = vec![false; ns * ns];
        for (a, s) in self.shifts.iter().enumerate() {
            for b in &s.cannot_follow {
                let b = idx(b, "shifts.cannot_follow")? as usize;
                if let Some(f) = forbidden.get_mut(a * ns + b) {
                    *f = true;
                }
            }
        }
        let mut employees = Vec::with_capacity(self.staff.len());
        for st in &self.staff {
            let mut max_shifts = vec![0u32; ns];
            for (id, n) in &st.max_shifts {
                let i = idx(id, "staff.max_shifts")? as usize;
                if let Some(m) = max_shifts.get_mut(i) {
                    *m = *n;
                }
            }
            let mut day_off = vec![false; days];
            for &d in &st.days_off {
                if let Some(x) = day_off.get_mut(d) {
                    *x = true;
                }
            }
            employees.push(Employee {
                id: st.id.clone(),
                max_shifts,
                max_minutes: st.max_total_minutes,
                min_minutes: st.min_total_minutes,
                max_consecutive: st.max_consecutive_shifts,
                min_consecutive: st.min_consecutive_shifts,
                min_consecutive_off: st.min_consecutive_days_off,
                max_weekends: st.max_weekends,
                day_off,
                on_requests: vec![Vec::new(); days],
                off_requests: vec![Vec::new(); days],
                min_days_off_per_week: None,
                max_minutes_per_week: None,
                pinned: vec![None; days],
                reference: None,
                shift_cost: Vec::new(),
            });
        }
        for (list, on) in [
            (&self.shift_on_requests, true),
            (&self.shift_off_requests, false),
        ] {
            for r in list {
                let s = idx(&r.shift, "requests.shift")?;
                let e = self
                    .staff_index(&r.employee)
                    .and_then(|k| employees.get_mut(k))
                    .ok_or_else(|| {
                        Error::invalid("requests.employee", "a known id", &r.employee)
                    })?;
                let slot = if on {
                    e.on_requests.get_mut(r.day)
                } else {
                    e.off_requests.get_mut(r.day)
                };
                slot.ok_or_else(|| Error::invalid("requests.day", "a day in the horizon", r.day))?
                    .push((s, r.weight));
            }
        }
        let mut cover = vec![
            Cover {
                requirement: 0,
                under_weight: 0,
                over_weight: 0
            };
            ns * days
        ];
        for c in &self.cover {
            let s = idx(&c.shift, "cover.shift")? as usize;
            if let Some(x) = cover.get_mut(c.day * ns + s) {
                *x = Cover {
                    requirement: c.requirement,
                    under_weight: c.under_weight,
                    over_weight: c.over_weight,
                };
            }
        }
        let p = Problem {
            days,
            first_weekday: 0,
            shifts: self
                .shifts
                .iter()
                .map(|s| ShiftType {
                    id: s.id.clone(),
                    minutes: s.minutes,
                })
                .collect(),
            forbidden,
            employees,
            cover,
            strengths: [Strength::Hard; super::problem::RULE_KINDS],
            change_weight: 0,
        };
        p.validate()?;
        Ok(p)
    }

    /// Turn dense cells back into the benchmark's assignment (shift id or "" per day).
    pub fn assignment(&self, cells: &[Vec<u8>]) -> NrpAssignment {
        NrpAssignment(
            self.staff
                .iter()
                .zip(cells)
                .map(|(st, row)| {
                    let days = row
                        .iter()
                        .map(|&v| {
                            if v == OFF {
                                String::new()
                            } else {
                                self.shifts
                                    .get(v as usize)
                                    .map(|s| s.id.clone())
                                    .unwrap_or_default()
                            }
                        })
                        .collect();
                    (st.id.clone(), days)
                })
                .collect(),
        )
    }
}

/// A benchmark solution: per employee (in file order), one shift id or "" per day.
/// Serialises as a JSON object `{"A": ["D", "", ...], ...}` keeping the employees' order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NrpAssignment(pub Vec<(String, Vec<String>)>);

impl Serialize for NrpAssignment {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for NrpAssignment {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = NrpAssignment;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of employee id -> list of shift ids")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> std::result::Result<NrpAssignment, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, Vec<String>>()? {
                    out.push((k, v));
                }
                Ok(NrpAssignment(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nE,480,\nL,480,E\n\n\
        SECTION_STAFF\nA,E=7|L=7,2400,960,5,2,2,1\nB,E=7|L=0,2400,960,5,2,2,1\n\n\
        SECTION_DAYS_OFF\nA,0,6\n\nSECTION_SHIFT_ON_REQUESTS\nA,2,L,2\n\n\
        SECTION_SHIFT_OFF_REQUESTS\nB,3,E,3\n\nSECTION_COVER\n\
        0,E,1,100,1\n0,L,0,100,1\n1,E,1,100,1\n1,L,1,100,1\n2,E,1,100,1\n2,L,1,100,1\n\
        3,E,1,100,1\n3,L,1,100,1\n4,E,1,100,1\n4,L,1,100,1\n5,E,0,100,1\n5,L,0,100,1\n\
        6,E,0,100,1\n6,L,0,100,1\n";

    pub(crate) fn small() -> NrpInstance {
        NrpInstance::parse(SMALL).unwrap()
    }

    #[test]
    fn minus_zero_reads_as_zero_and_other_negatives_stay_errors() {
        let text = SMALL.replace("0,L,0,100,1", "0,L,-0,100,1");
        let i = NrpInstance::parse(&text).unwrap();
        assert_eq!(i.cover[1].requirement, 0);
        let bad = SMALL.replace("0,L,0,100,1", "0,L,-1,100,1");
        let e = NrpInstance::parse(&bad).unwrap_err().to_string();
        assert!(e.contains("requirement"), "{e}");
        let bad = SMALL.replace("0,L,0,100,1", "0,L,-,100,1");
        assert!(NrpInstance::parse(&bad).is_err());
    }

    #[test]
    fn parses_all_sections() {
        let i = small();
        assert_eq!(i.horizon, 7);
        assert_eq!(i.shifts[1].cannot_follow, vec!["E".to_string()]);
        assert_eq!(
            i.staff[1].max_shifts,
            vec![("E".into(), 7), ("L".into(), 0)]
        );
        assert_eq!(i.staff[0].days_off, vec![0, 6]);
        assert_eq!(i.shift_on_requests[0].weight, 2);
        assert_eq!(i.shift_off_requests[0].shift, "E");
        assert_eq!(i.cover.len(), 14);
        let p = i.to_problem().unwrap();
        assert!(p.is_forbidden(1, 0));
        assert!(!p.is_forbidden(0, 1));
        assert_eq!(p.employees[1].max_shifts, vec![7, 0]);
        assert_eq!(p.cover_at(1, 1).map(|c| c.requirement), Some(1));
    }

    #[test]
    fn cut_file_is_a_parse_error_naming_the_line() {
        let half = &SMALL[..SMALL.len() / 2];
        let e = NrpInstance::parse(half).unwrap_err();
        assert_eq!(e.kind(), "parse");
        assert!(e.line().is_some());
        // Cut inside the cover section: the missing cover lines are named.
        let cut = &SMALL[..SMALL.len() - 30];
        let e = NrpInstance::parse(cut).unwrap_err();
        assert!(matches!(e, Error::Parse { .. }), "{e}");
    }

    #[test]
    fn bad_lines_are_named() {
        let bad = SMALL.replace("A,2,L,2", "A,2,X,2");
        let e = NrpInstance::parse(&bad).unwrap_err();
        assert_eq!(e.line(), Some(16), "{e}");
        let bad = SMALL.replace("E,480,", "E,eight,");
        assert_eq!(NrpInstance::parse(&bad).unwrap_err().line(), Some(5));
        let bad = SMALL.replace("A,0,6", "A,0,9");
        assert!(NrpInstance::parse(&bad)
            .unwrap_err()
            .to_string()
            .contains("below the horizon"));
        assert!(NrpInstance::parse("").is_err());
    }

    #[test]
    fn assignment_serialises_in_staff_order() {
        let i = small();
        let mut cells = vec![vec![OFF; 7]; 2];
        cells[1][0] = 0;
        let a = i.assignment(&cells);
        let json = serde_json::to_string(&a).unwrap();
        assert!(json.starts_with("{\"A\":[\"\""), "{json}");
        assert!(json.contains("\"B\":[\"E\""));
        let back: NrpAssignment = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);
    }
}
