//! Labour rules, one named function each.
//!
//! Every rule reads one employee's row of cells and returns its *violation units* (a day too
//! many, a shift too many, a started hour too many); [`row_cost`] weighs them by the rule's
//! [`Strength`]. Names ([`RuleKind::name`]) are what planners see in reports. The boundary
//! conventions follow Curtois & Qu's benchmark model ("Computational results on new staff
//! scheduling benchmark instances", 2014): minimum-length blocks that touch the first or last
//! day of the horizon are not checked, since they continue outside it.

use super::problem::{Cover, Employee, Problem, RuleKind, Strength, ALL_RULES, OFF};

impl RuleKind {
    /// Human-readable name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::ForbiddenSuccession => "minimum rest: forbidden shift successions",
            RuleKind::MaxShiftsPerType => "maximum shifts of each type",
            RuleKind::MaxTotalMinutes => "maximum minutes in the horizon",
            RuleKind::MinTotalMinutes => "minimum minutes in the horizon",
            RuleKind::MaxConsecutiveShifts => "maximum consecutive working days",
            RuleKind::MinConsecutiveShifts => "minimum consecutive working days",
            RuleKind::MinConsecutiveDaysOff => "minimum consecutive days off",
            RuleKind::MaxWeekends => "maximum working weekends",
            RuleKind::FixedDaysOff => "fixed days off and leave",
            RuleKind::DaysOffPerWeek => "days off per week",
            RuleKind::MaxMinutesPerWeek => "maximum minutes per week",
            RuleKind::Pinned => "cells pinned by the planner",
        }
    }

    /// Stable machine name (snake case).
    pub fn code(self) -> &'static str {
        match self {
            RuleKind::ForbiddenSuccession => "forbidden_succession",
            RuleKind::MaxShiftsPerType => "max_shifts_per_type",
            RuleKind::MaxTotalMinutes => "max_total_minutes",
            RuleKind::MinTotalMinutes => "min_total_minutes",
            RuleKind::MaxConsecutiveShifts => "max_consecutive_shifts",
            RuleKind::MinConsecutiveShifts => "min_consecutive_shifts",
            RuleKind::MinConsecutiveDaysOff => "min_consecutive_days_off",
            RuleKind::MaxWeekends => "max_weekends",
            RuleKind::FixedDaysOff => "fixed_days_off",
            RuleKind::DaysOffPerWeek => "days_off_per_week",
            RuleKind::MaxMinutesPerWeek => "max_minutes_per_week",
            RuleKind::Pinned => "pinned",
        }
    }
}

fn minutes_units(m: u32) -> u32 {
    m.div_ceil(60)
}

fn shift_minutes(p: &Problem, v: u8) -> u32 {
    if v == OFF {
        0
    } else {
        p.shifts.get(v as usize).map_or(0, |s| s.minutes)
    }
}

/// Minimum rest: one unit per pair of days where the second shift may not follow the first.
pub fn forbidden_successions(p: &Problem, _e: &Employee, row: &[u8]) -> u32 {
    row.windows(2)
        .filter(|w| p.is_forbidden(w[0], w[1]))
        .count() as u32
}

/// Max shifts of each type: one unit per shift above the type's maximum.
pub fn max_shifts_per_type(p: &Problem, e: &Employee, row: &[u8]) -> u32 {
    let mut counts = [0u32; 256];
    for &v in row {
        counts[v as usize] += 1;
    }
    (0..p.n_shifts())
        .map(|s| {
            let max = e.max_shifts.get(s).copied().unwrap_or(0);
            counts[s].saturating_sub(max)
        })
        .sum()
}

/// Minutes worked over the horizon.
pub fn total_minutes(p: &Problem, row: &[u8]) -> u32 {
    row.iter().map(|&v| shift_minutes(p, v)).sum()
}

/// Max minutes in the horizon: one unit per started hour above the maximum.
pub fn max_total_minutes(p: &Problem, e: &Employee, row: &[u8]) -> u32 {
    minutes_units(total_minutes(p, row).saturating_sub(e.max_minutes))
}

/// Min minutes in the horizon: one unit per started hour below the minimum.
pub fn min_total_minutes(p: &Problem, e: &Employee, row: &[u8]) -> u32 {
    minutes_units(e.min_minutes.saturating_sub(total_minutes(p, row)))
}

/// Maximal blocks of equal "working" status: `(start, len, working)`.
fn blocks(row: &[u8]) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let first = *row.get(i)?;
        let w = first != OFF;
        let start = i;
        while i < row.len() && (row[i] != OFF) == w {
            i += 1;
        }
        Some((start, i - start, w))
    })
}

/// Max consecutive working days: one unit per day beyond the maximum in each block.
pub fn max_consecutive_shifts(_p: &Problem, e: &Employee, row: &[u8]) -> u32 {
    if e.max_consecutive == 0 {
        return 0;
    }
    blocks(row)
        .filter(|b| b.2)
        .map(|(_, len, _)| (len as u32).saturating_sub(e.max_consecutive))
        .sum()
}

/// Min consecutive working days: one unit per day missing in each block inside the horizon.
pub fn min_consecutive_shifts(_p: &Problem, e: &Employee, row: &[u8]) -> u32 {
    blocks(row)
        .filter(|&(s, len, w)| w && s > 0 && s + len < row.len())
        .map(|(_, len, _)| e.min_consecutive.saturating_sub(len as u32))
        .sum()
}

/// Min consecutive days off: one unit per day missing in each block inside the horizon.
pub fn min_consecutive_days_off(_p: &Problem, e: &Employee, row: &[u8]) -> u32 {
    blocks(row)
        .filter(|&(s, len, w)| !w && s > 0 && s + len < row.len())
        .map(|(_, len, _)| e.min_consecutive_off.saturating_sub(len as u32))
        .sum()
}

/// Number of weekends with a shift on Saturday or Sunday.
pub fn working_weekends(p: &Problem, row: &[u8]) -> u32 {
    let mut count = 0;
    let mut last = usize::MAX;
    for (d, &v) in row.iter().enumerate() {
        if v != OFF && p.weekday(d) >= 5 {
            let week = (p.first_weekday + d) / 7;
            if week != last {
                count += 1;
                last = week;
            }
        }
    }
    count
}

/// Max working weekends: one unit per weekend above the maximum.
pub fn max_weekends(p: &Problem, e: &Employee, row: &[u8]) -> u32 {
    working_weekends(p, row).saturating_sub(e.max_weekends)
}

/// Fixed days off and leave: one unit per such day worked.
pub fn fixed_days_off(_p: &Problem, e: &Employee, row: &[u8]) -> u32 {
    row.iter()
        .zip(&e.day_off)
        .filter(|&(&v, &off)| off && v != OFF)
        .count() as u32
}

/// Calendar weeks of the horizon as day ranges (the first and last may be partial).
pub fn weeks(p: &Problem) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < p.days {
        let end = (start + 7 - p.weekday(start)).min(p.days);
        out.push(start..end);
        start = end;
    }
    out
}

/// Days off per week: one unit per day off missing in a calendar week (partial weeks need
/// proportionally fewer, rounded down).
pub fn days_off_per_week(p: &Problem, e: &Employee, row: &[u8]) -> u32 {
    let Some(min) = e.min_days_off_per_week else {
        return 0;
    };
    weeks(p)
        .into_iter()
        .map(|w| {
            let need = (min as usize * w.len() / 7) as u32;
            let off = row
                .get(w)
                .map_or(0, |c| c.iter().filter(|&&v| v == OFF).count());
            need.saturating_sub(off as u32)
        })
        .sum()
}

/// Max minutes per week: one unit per started hour above the weekly maximum.
pub fn max_minutes_per_week(p: &Problem, e: &Employee, row: &[u8]) -> u32 {
    let Some(max) = e.max_minutes_per_week else {
        return 0;
    };
    weeks(p)
        .into_iter()
        .map(|w| {
            let m: u32 = row
                .get(w)
                .map_or(0, |c| c.iter().map(|&v| shift_minutes(p, v)).sum());
            minutes_units(m.saturating_sub(max))
        })
        .sum()
}

/// Pinned cells: one unit per cell that differs from its pin.
pub fn pinned_cells(_p: &Problem, e: &Employee, row: &[u8]) -> u32 {
    row.iter()
        .zip(&e.pinned)
        .filter(|&(&v, pin)| pin.is_some_and(|x| x != v))
        .count() as u32
}

/// Violation units of one rule on one row.
pub fn rule_units(kind: RuleKind, p: &Problem, e: &Employee, row: &[u8]) -> u32 {
    match kind {
        RuleKind::ForbiddenSuccession => forbidden_successions(p, e, row),
        RuleKind::MaxShiftsPerType => max_shifts_per_type(p, e, row),
        RuleKind::MaxTotalMinutes => max_total_minutes(p, e, row),
        RuleKind::MinTotalMinutes => min_total_minutes(p, e, row),
        RuleKind::MaxConsecutiveShifts => max_consecutive_shifts(p, e, row),
        RuleKind::MinConsecutiveShifts => min_consecutive_shifts(p, e, row),
        RuleKind::MinConsecutiveDaysOff => min_consecutive_days_off(p, e, row),
        RuleKind::MaxWeekends => max_weekends(p, e, row),
        RuleKind::FixedDaysOff => fixed_days_off(p, e, row),
        RuleKind::DaysOffPerWeek => days_off_per_week(p, e, row),
        RuleKind::MaxMinutesPerWeek => max_minutes_per_week(p, e, row),
        RuleKind::Pinned => pinned_cells(p, e, row),
    }
}

/// Shift-on requests: the weights of requests not granted.
pub fn shift_on_requests(e: &Employee, row: &[u8]) -> u64 {
    row.iter()
        .zip(&e.on_requests)
        .map(|(&v, reqs)| {
            reqs.iter()
                .filter(|&&(s, _)| s != v)
                .map(|&(_, w)| w as u64)
                .sum::<u64>()
        })
        .sum()
}

/// Shift-off requests: the weights of requests not granted.
pub fn shift_off_requests(e: &Employee, row: &[u8]) -> u64 {
    row.iter()
        .zip(&e.off_requests)
        .map(|(&v, reqs)| {
            reqs.iter()
                .filter(|&&(s, _)| s == v)
                .map(|&(_, w)| w as u64)
                .sum::<u64>()
        })
        .sum()
}

/// Shift preferences: the cost of the shifts worked (see [`Employee::shift_cost`]).
pub fn shift_preferences(p: &Problem, e: &Employee, row: &[u8]) -> u64 {
    if e.shift_cost.is_empty() {
        return 0;
    }
    let ns = p.n_shifts();
    row.iter()
        .enumerate()
        .filter(|&(_, &v)| v != OFF)
        .map(|(d, &v)| e.shift_cost.get(d * ns + v as usize).copied().unwrap_or(0) as u64)
        .sum()
}

/// Changes versus the published roster: the number of cells that differ.
pub fn changes(e: &Employee, row: &[u8]) -> u32 {
    e.reference.as_ref().map_or(0, |r| {
        r.iter().zip(row).filter(|(a, b)| a != b).count() as u32
    })
}

/// Coverage of one (day, shift): cost of `count` employees against the demand, under and over
/// weighted.
pub fn coverage(c: &Cover, count: u32) -> u64 {
    if count < c.requirement {
        (c.requirement - count) as u64 * c.under_weight as u64
    } else {
        (count - c.requirement) as u64 * c.over_weight as u64
    }
}

/// Cost of one employee row: hard violation units and soft cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowCost {
    /// Units of violation of hard rules (0 = the row is feasible).
    pub hard: u32,
    /// Soft cost: requests, preferences, soft rules, changes.
    pub soft: u64,
}

/// Cost of one employee row under all rules (the reference definition: the sum of the named
/// rule functions).
pub fn row_cost_reference(p: &Problem, e: &Employee, row: &[u8]) -> RowCost {
    let mut c = RowCost {
        hard: 0,
        soft: shift_on_requests(e, row)
            + shift_off_requests(e, row)
            + shift_preferences(p, e, row)
            + changes(e, row) as u64 * p.change_weight as u64,
    };
    for kind in ALL_RULES {
        let u = rule_units(kind, p, e, row);
        if u == 0 {
            continue;
        }
        match p.strengths[kind as usize] {
            Strength::Hard => c.hard += u,
            Strength::Soft(w) => c.soft += u as u64 * w as u64,
        }
    }
    c
}

/// Cost of one employee row under all rules: the same value as [`row_cost_reference`], computed
/// in one pass (equality is a tested invariant).
pub fn row_cost(p: &Problem, e: &Employee, row: &[u8]) -> RowCost {
    if p.n_shifts() > SMALL || row.len() != e.day_off.len() || row.len() != e.pinned.len() {
        return row_cost_reference(p, e, row);
    }
    fused_row_cost(
        p,
        e,
        row,
        |d| weekend_of(p, d),
        |d, v| day_value_cost(p, e, d, v),
    )
    .unwrap_or_else(|| row_cost_reference(p, e, row))
}

/// Most shift types the fused evaluation handles (counts live on the stack).
const SMALL: usize = 32;

/// Weekend index of day `d` (`u32::MAX` on weekdays).
pub(crate) fn weekend_of(p: &Problem, d: usize) -> u32 {
    if p.weekday(d) >= 5 {
        ((p.first_weekday + d) / 7) as u32
    } else {
        u32::MAX
    }
}

/// `(hard units, soft cost)` of value `v` on day `d` for the rules that depend on that cell
/// alone (requests, preferences, changes, fixed days off, pins), under the rule strengths.
fn day_value_cost(p: &Problem, e: &Employee, d: usize, v: u8) -> (u32, u64) {
    let ns = p.n_shifts();
    let mut soft = shift_on_requests_day(e, d, v) + shift_off_requests_day(e, d, v);
    if v != OFF {
        soft += e.shift_cost.get(d * ns + v as usize).copied().unwrap_or(0) as u64;
    }
    if let Some(r) = &e.reference {
        if r.get(d) != Some(&v) {
            soft += p.change_weight as u64;
        }
    }
    let mut hard = 0;
    for (kind, units) in [
        (
            RuleKind::FixedDaysOff,
            u32::from(v != OFF && e.day_off.get(d).copied().unwrap_or(false)),
        ),
        (
            RuleKind::Pinned,
            u32::from(e.pinned.get(d).copied().flatten().is_some_and(|x| x != v)),
        ),
    ] {
        match p.strengths[kind as usize] {
            Strength::Hard => hard += units,
            Strength::Soft(w) => soft += units as u64 * w as u64,
        }
    }
    (hard, soft)
}

fn shift_on_requests_day(e: &Employee, d: usize, v: u8) -> u64 {
    e.on_requests.get(d).map_or(0, |reqs| {
        reqs.iter()
            .filter(|&&(s, _)| s != v)
            .map(|&(_, w)| w as u64)
            .sum()
    })
}

fn shift_off_requests_day(e: &Employee, d: usize, v: u8) -> u64 {
    e.off_requests.get(d).map_or(0, |reqs| {
        reqs.iter()
            .filter(|&&(s, _)| s == v)
            .map(|&(_, w)| w as u64)
            .sum()
    })
}

/// The one-pass walk shared by [`row_cost`] and [`row_cost_table`]: per-day costs from `day`
/// (already under the rule strengths), weekends from `weekend`, and the row-wide rules (blocks,
/// successions, counts, minutes, weekends, weekly rules) computed here. `None` when a cell
/// holds no valid value.
fn fused_row_cost(
    p: &Problem,
    e: &Employee,
    row: &[u8],
    weekend: impl Fn(usize) -> u32,
    day: impl Fn(usize, u8) -> (u32, u64),
) -> Option<RowCost> {
    let ns = p.n_shifts();
    let n = row.len();
    let mut units = [0u32; super::problem::RULE_KINDS];
    let mut hard = 0u32;
    let mut soft = 0u64;
    let mut counts = [0u32; SMALL];
    let mut minutes = 0u32;
    let mut weekends = 0u32;
    let mut last_week = u32::MAX;
    let mut prev = OFF;
    let mut block_start = 0usize;
    let close =
        |units: &mut [u32; super::problem::RULE_KINDS], start: usize, end: usize, w: bool| {
            let len = (end - start) as u32;
            let inside = start > 0 && end < n;
            if w {
                if e.max_consecutive > 0 && len > e.max_consecutive {
                    units[RuleKind::MaxConsecutiveShifts as usize] += len - e.max_consecutive;
                }
                if inside && len < e.min_consecutive {
                    units[RuleKind::MinConsecutiveShifts as usize] += e.min_consecutive - len;
                }
            } else if inside && len < e.min_consecutive_off {
                units[RuleKind::MinConsecutiveDaysOff as usize] += e.min_consecutive_off - len;
            }
        };
    for (d, &v) in row.iter().enumerate() {
        let works = v != OFF;
        if works && v as usize >= ns {
            return None;
        }
        let (h, s) = day(d, v);
        hard += h;
        soft += s;
        if d > 0 && works != (prev != OFF) {
            close(&mut units, block_start, d, prev != OFF);
            block_start = d;
        }
        if works {
            let vi = v as usize;
            counts[vi] += 1;
            minutes += p.shifts[vi].minutes;
            if d > 0 && p.is_forbidden(prev, v) {
                units[RuleKind::ForbiddenSuccession as usize] += 1;
            }
            let week = weekend(d);
            if week != u32::MAX && week != last_week {
                weekends += 1;
                last_week = week;
            }
        }
        prev = v;
    }
    if n > 0 {
        close(&mut units, block_start, n, prev != OFF);
    }
    for (s, &c) in counts.iter().enumerate().take(ns) {
        units[RuleKind::MaxShiftsPerType as usize] +=
            c.saturating_sub(e.max_shifts.get(s).copied().unwrap_or(0));
    }
    units[RuleKind::MaxTotalMinutes as usize] =
        minutes_units(minutes.saturating_sub(e.max_minutes));
    units[RuleKind::MinTotalMinutes as usize] =
        minutes_units(e.min_minutes.saturating_sub(minutes));
    units[RuleKind::MaxWeekends as usize] = weekends.saturating_sub(e.max_weekends);
    if e.min_days_off_per_week.is_some() {
        units[RuleKind::DaysOffPerWeek as usize] = days_off_per_week(p, e, row);
    }
    if e.max_minutes_per_week.is_some() {
        units[RuleKind::MaxMinutesPerWeek as usize] = max_minutes_per_week(p, e, row);
    }
    for (k, &u) in units.iter().enumerate() {
        if u == 0 {
            continue;
        }
        match p.strengths[k] {
            Strength::Hard => hard += u,
            Strength::Soft(w) => soft += u as u64 * w as u64,
        }
    }
    Some(RowCost { hard, soft })
}

/// One employee's day-by-value costs folded into a table, so the search's row evaluation does
/// one lookup per day for requests, preferences, changes, fixed days off and pins instead of
/// walking nested request lists (the search evaluates hundreds of millions of rows).
#[derive(Debug, Clone)]
pub struct RowTable {
    /// [`day_value_cost`] of value `v` on day `d` at `d * (ns + 1) + v` (`v = ns` = off).
    day: Vec<(u32, u64)>,
    /// Weekend index of each day (`u32::MAX` on weekdays).
    weekend: Vec<u32>,
}

impl RowTable {
    /// Fold employee `e`'s per-day costs under the problem's rule strengths.
    pub fn new(p: &Problem, e: &Employee) -> RowTable {
        let ns = p.n_shifts();
        let days = e.day_off.len().min(e.pinned.len());
        let day = (0..days)
            .flat_map(|d| {
                (0..=ns).map(move |vi| {
                    let v = if vi == ns { OFF } else { vi as u8 };
                    day_value_cost(p, e, d, v)
                })
            })
            .collect();
        let weekend = (0..days).map(|d| weekend_of(p, d)).collect();
        RowTable { day, weekend }
    }

    /// `(hard units, soft cost)` of slot `v` on day `d` (`v = ns` = off) with `ns` shift types.
    pub fn at(&self, d: usize, v: usize, ns: usize) -> (u32, u64) {
        self.day.get(d * (ns + 1) + v).copied().unwrap_or((0, 0))
    }
}

/// [`row_cost`] with the per-day costs read from `t` (built by [`RowTable::new`] for the same
/// problem and employee): the search's hot path. Equal to [`row_cost_reference`] (tested).
pub fn row_cost_table(p: &Problem, e: &Employee, t: &RowTable, row: &[u8]) -> RowCost {
    let ns = p.n_shifts();
    if ns > SMALL || t.day.len() != row.len() * (ns + 1) {
        return row_cost(p, e, row);
    }
    let slot = |v: u8| if v == OFF { ns } else { v as usize };
    fused_row_cost(
        p,
        e,
        row,
        |d| t.weekend[d],
        |d, v| t.day[d * (ns + 1) + slot(v)],
    )
    .unwrap_or_else(|| row_cost(p, e, row))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::roster::problem::{ShiftType, RULE_KINDS};

    /// Two shift types E(arly, 480) and L(ate, 480), L -> E forbidden; 14 days from Monday.
    pub(crate) fn tiny(days: usize) -> Problem {
        let e = Employee {
            id: "A".into(),
            max_shifts: vec![10, 3],
            max_minutes: 480 * 10,
            min_minutes: 480 * 4,
            max_consecutive: 5,
            min_consecutive: 2,
            min_consecutive_off: 2,
            max_weekends: 1,
            day_off: vec![false; days],
            on_requests: vec![vec![]; days],
            off_requests: vec![vec![]; days],
            min_days_off_per_week: Some(2),
            max_minutes_per_week: Some(480 * 5),
            pinned: vec![None; days],
            reference: None,
            shift_cost: vec![],
        };
        Problem {
            days,
            first_weekday: 0,
            shifts: vec![
                ShiftType {
                    id: "E".into(),
                    minutes: 480,
                },
                ShiftType {
                    id: "L".into(),
                    minutes: 480,
                },
            ],
            forbidden: vec![false, false, true, false],
            employees: vec![e],
            cover: vec![
                Cover {
                    requirement: 1,
                    under_weight: 100,
                    over_weight: 1
                };
                2 * days
            ],
            strengths: [Strength::Hard; RULE_KINDS],
            change_weight: 0,
        }
    }

    /// Parse "EL.." into a row (`.` = off).
    pub(crate) fn row(s: &str) -> Vec<u8> {
        s.chars()
            .map(|c| match c {
                'E' => 0,
                'L' => 1,
                _ => OFF,
            })
            .collect()
    }

    #[test]
    fn forbidden_succession_counts_late_then_early() {
        let p = tiny(7);
        let e = &p.employees[0];
        assert_eq!(forbidden_successions(&p, e, &row("LE.LE..")), 2);
        assert_eq!(forbidden_successions(&p, e, &row("EL.EL..")), 0);
        assert_eq!(forbidden_successions(&p, e, &row("L.E....")), 0);
    }

    #[test]
    fn max_shifts_per_type_counts_excess() {
        let p = tiny(7);
        let e = &p.employees[0];
        assert_eq!(max_shifts_per_type(&p, e, &row("LLLLL..")), 2);
        assert_eq!(max_shifts_per_type(&p, e, &row("EEEEE..")), 0);
    }

    #[test]
    fn total_minutes_rules_count_started_hours() {
        let mut p = tiny(7);
        p.employees[0].max_minutes = 480 * 2 + 30;
        let e = &p.employees[0];
        // 3 shifts = 1440 min, 450 over -> 8 started hours.
        assert_eq!(max_total_minutes(&p, e, &row("EEE....")), 8);
        // min 1920, 3 shifts 1440 -> 480 short -> 8 hours.
        assert_eq!(min_total_minutes(&p, e, &row("EEE....")), 8);
        assert_eq!(min_total_minutes(&p, e, &row("EEEE...")), 0);
    }

    #[test]
    fn max_consecutive_counts_days_beyond_the_limit() {
        let p = tiny(14);
        let e = &p.employees[0];
        assert_eq!(max_consecutive_shifts(&p, e, &row("EEEEEEE.EEEEEE")), 2 + 1);
        assert_eq!(max_consecutive_shifts(&p, e, &row("EEEEE..EEEEE..")), 0);
    }

    #[test]
    fn min_consecutive_ignores_blocks_at_the_horizon_ends() {
        let p = tiny(7);
        let e = &p.employees[0];
        assert_eq!(min_consecutive_shifts(&p, e, &row("E..E..E")), 1);
        assert_eq!(min_consecutive_shifts(&p, e, &row("E.....E")), 0);
    }

    #[test]
    fn min_consecutive_days_off_ignores_blocks_at_the_ends() {
        let p = tiny(7);
        let e = &p.employees[0];
        assert_eq!(min_consecutive_days_off(&p, e, &row(".EE.EE.")), 1);
        assert_eq!(min_consecutive_days_off(&p, e, &row(".EE..EE")), 0);
    }

    #[test]
    fn weekends_count_saturday_or_sunday() {
        let p = tiny(14);
        let e = &p.employees[0];
        // Saturday of week 1 and Sunday of week 2.
        let r = row(".....E.......E");
        assert_eq!(working_weekends(&p, &r), 2);
        assert_eq!(max_weekends(&p, e, &r), 1);
        assert_eq!(working_weekends(&p, &row(".....EE.......")), 1);
    }

    #[test]
    fn fixed_days_off_count_worked_days() {
        let mut p = tiny(7);
        p.employees[0].day_off[2] = true;
        p.employees[0].day_off[3] = true;
        let e = &p.employees[0];
        assert_eq!(fixed_days_off(&p, e, &row("EEE....")), 1);
    }

    #[test]
    fn days_off_per_week_scales_partial_weeks() {
        let mut p = tiny(10);
        assert_eq!(weeks(&p), vec![0..7, 7..10]);
        let e = &p.employees[0];
        // Week 1: one day off (1 short); week 2 (3 days): needs 2*3/7 = 0.
        assert_eq!(days_off_per_week(&p, e, &row("EEEEEE.EEE")), 1);
        p.first_weekday = 3;
        assert_eq!(weeks(&p), vec![0..4, 4..10]);
    }

    #[test]
    fn max_minutes_per_week_counts_started_hours() {
        let p = tiny(7);
        let e = &p.employees[0];
        assert_eq!(max_minutes_per_week(&p, e, &row("EEEEEE.")), 8);
        assert_eq!(max_minutes_per_week(&p, e, &row("EEEEE..")), 0);
    }

    #[test]
    fn pinned_cells_count_differences() {
        let mut p = tiny(7);
        p.employees[0].pinned[0] = Some(1);
        p.employees[0].pinned[1] = Some(OFF);
        let e = &p.employees[0];
        assert_eq!(pinned_cells(&p, e, &row("LE.....")), 1);
        assert_eq!(pinned_cells(&p, e, &row("E......")), 1);
    }

    #[test]
    fn requests_and_changes_cost_their_weights() {
        let mut p = tiny(3);
        p.employees[0].on_requests[0] = vec![(0, 3)];
        p.employees[0].off_requests[1] = vec![(1, 2)];
        p.employees[0].reference = Some(row("E.L"));
        let e = &p.employees[0];
        assert_eq!(shift_on_requests(e, &row("L..")), 3);
        assert_eq!(shift_on_requests(e, &row("E..")), 0);
        assert_eq!(shift_off_requests(e, &row(".L.")), 2);
        assert_eq!(shift_off_requests(e, &row(".E.")), 0);
        assert_eq!(changes(e, &row("E.L")), 0);
        assert_eq!(changes(e, &row("..E")), 2);
    }

    #[test]
    fn coverage_weighs_under_and_over() {
        let c = Cover {
            requirement: 3,
            under_weight: 100,
            over_weight: 1,
        };
        assert_eq!(coverage(&c, 1), 200);
        assert_eq!(coverage(&c, 3), 0);
        assert_eq!(coverage(&c, 5), 2);
    }

    #[test]
    fn row_cost_splits_hard_and_soft() {
        let mut p = tiny(7);
        let r = row("LE.....");
        let hard = row_cost(&p, &p.employees[0], &r);
        // Forbidden L->E (1), min minutes short 2 shifts (16 h) -> 17 hard units.
        assert_eq!(hard.hard, 17);
        p.strengths[RuleKind::ForbiddenSuccession as usize] = Strength::Soft(50);
        let soft = row_cost(&p, &p.employees[0], &r);
        assert_eq!((soft.hard, soft.soft), (16, 50));
    }

    proptest::proptest! {
        #[test]
        fn fused_row_cost_equals_the_sum_of_rules(
            cells in proptest::collection::vec(0u8..3, 1..20),
            first in 0usize..7,
            soft_mask in 0u32..4096,
            pins in proptest::collection::vec(0u8..4, 1..20),
        ) {
            let days = cells.len();
            let row: Vec<u8> = cells.iter().map(|&c| if c == 2 { OFF } else { c }).collect();
            let mut p = tiny(days);
            p.first_weekday = first;
            p.change_weight = 7;
            for k in 0..RULE_KINDS {
                if soft_mask & (1 << k) != 0 {
                    p.strengths[k] = Strength::Soft(k as u32 + 1);
                }
            }
            let e = &mut p.employees[0];
            e.day_off[0] = true;
            e.reference = Some(vec![0; days]);
            e.on_requests[days / 2] = vec![(1, 4)];
            e.off_requests[days - 1] = vec![(0, 5)];
            e.shift_cost = vec![1; days * 2];
            for (d, &x) in pins.iter().enumerate().take(days) {
                e.pinned[d] = match x { 0 => Some(0), 1 => Some(OFF), _ => None };
            }
            let e = &p.employees[0];
            proptest::prop_assert_eq!(row_cost(&p, e, &row), row_cost_reference(&p, e, &row));
            let t = RowTable::new(&p, e);
            proptest::prop_assert_eq!(row_cost_table(&p, e, &t, &row), row_cost_reference(&p, e, &row));
        }
    }
}
