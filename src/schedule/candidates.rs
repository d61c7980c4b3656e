//! Expansion of shift templates into candidate shifts on the requirement grid.
//!
//! Every template, weekday of the horizon, start time in its window and allowed length gives a
//! candidate (a column of the covering model) with its cost, paid minutes and break windows.
//! Starts past the end of a cyclic horizon wrap to its beginning; in a non-cyclic horizon a
//! shift may run past the end (it then covers nothing there).

use super::model::{BreakSlot, Column, Group, Instance};
use super::template::{ShiftSet, ShiftTemplate};
use crate::error::{Error, Result};
use crate::time::{minute_of_day, Grid, Weekday, MINUTES_PER_DAY};
use chrono::Duration;

/// Most candidate shifts an instance may expand to (keeps a page responsive).
pub const MAX_CANDIDATES: usize = 60_000;

/// What a column of the model stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index of the template in the shift set.
    pub template: usize,
    /// Interval where the shift starts (inside the grid).
    pub start: usize,
    /// Length in intervals.
    pub len: usize,
    /// Paid minutes (length minus unpaid breaks).
    pub paid_minutes: u32,
    /// Cost of one such shift.
    pub cost: f64,
    /// Day index (days after the grid's first date) the shift belongs to.
    pub day: usize,
}

/// Candidates and the covering instance built from them (`instance.columns[i]` is
/// `candidates[i]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Expanded {
    /// What each column stands for.
    pub candidates: Vec<Candidate>,
    /// The covering instance (weights and limits filled in by the caller).
    pub instance: Instance,
}

/// Premium minutes of a shift: minutes in the night window and on weekend days.
fn premium_cost(t: &ShiftTemplate, grid: &Grid, start: usize, len: usize, paid_frac: f64) -> f64 {
    let c = t.cost;
    if c.night_premium.is_none() && c.weekend_premium_per_hour.is_none() {
        return 0.0;
    }
    let m = grid.interval_minutes as f64;
    let mut total = 0.0;
    for i in start..start + len {
        let time = grid.time(i);
        if let Some(n) = c.night_premium {
            let mins = minute_of_day(time);
            let (from, to) = (n.from.minutes(), n.to.minutes());
            let inside = if from <= to {
                mins >= from && mins < to
            } else {
                mins >= from || mins < to
            };
            if inside {
                total += n.per_hour * m / 60.0;
            }
        }
        if let Some(w) = c.weekend_premium_per_hour {
            if Weekday::of(time.date()).is_weekend() {
                total += w * m / 60.0;
            }
        }
    }
    // Break positions are chosen by the optimiser; premiums are charged on the paid share.
    total * paid_frac
}

/// Expand `set` on `grid`. Weights are left at zero; see `super::build_instance`.
pub fn expand(set: &ShiftSet, grid: &Grid) -> Result<Expanded> {
    let m = grid.interval_minutes;
    if set.interval_minutes != m {
        return Err(Error::Inconsistent {
            path: "shifts.interval_minutes".into(),
            other: "requirements".into(),
            message: format!(
                "the shifts are planned in {}-minute intervals but the requirements in {m}-minute intervals",
                set.interval_minutes
            ),
        });
    }
    let h = grid.len;
    let first_date = grid.start.date();
    let last_date = grid.time(h.saturating_sub(1)).date();
    let n_days = (last_date - first_date).num_days().max(0) as usize + 1;
    let mut candidates = Vec::new();
    let mut columns = Vec::new();
    let mut groups = Vec::new();
    let mut family_len = Vec::new();
    let mut family_base = Vec::new();
    for t in &set.templates {
        family_base.push(family_len.len());
        for b in &t.breaks {
            family_len.push((b.minutes / m) as usize);
        }
    }
    for (ti, t) in set.templates.iter().enumerate() {
        let lengths = t.length_minutes.values();
        let earliest = t.start.earliest.minutes();
        let mut latest = t.start.latest.minutes();
        if latest < earliest {
            latest += MINUTES_PER_DAY;
        }
        let unpaid = t.unpaid_break_minutes();
        for day in 0..n_days {
            let date = first_date + Duration::days(day as i64);
            if !t.days.contains(&Weekday::of(date)) {
                continue;
            }
            let mut members = Vec::new();
            let mut s = earliest;
            while s <= latest {
                let time = date.and_time(chrono::NaiveTime::MIN) + Duration::minutes(s as i64);
                s += t.start.step_minutes;
                let Some(off) = grid.offset_of(time) else {
                    continue;
                };
                let start = if off >= 0 && (off as usize) < h {
                    off as usize
                } else if set.cyclic && off >= h as i64 {
                    (off as usize) % h
                } else {
                    continue;
                };
                for &len_min in &lengths {
                    let len = (len_min / m) as usize;
                    let paid_minutes = len_min.saturating_sub(unpaid);
                    let paid_frac = paid_minutes as f64 / len_min.max(1) as f64;
                    let cost = t.cost.per_shift
                        + t.cost.per_paid_hour * paid_minutes as f64 / 60.0
                        + premium_cost(t, grid, start, len, paid_frac);
                    let breaks = t
                        .breaks
                        .iter()
                        .enumerate()
                        .map(|(k, b)| BreakSlot {
                            family: family_base[ti] + k,
                            earliest: start + (b.earliest_offset_minutes / m) as usize,
                            latest: start + (b.latest_offset_minutes / m) as usize,
                        })
                        .collect();
                    members.push(columns.len());
                    columns.push(Column {
                        cost,
                        segments: vec![(start, len)],
                        breaks,
                        upper: t.max_per_day,
                    });
                    candidates.push(Candidate {
                        template: ti,
                        start,
                        len,
                        paid_minutes,
                        cost,
                        day,
                    });
                    if columns.len() > MAX_CANDIDATES {
                        return Err(Error::TooLarge {
                            path: "shifts (candidate shifts: templates x days x starts x lengths)"
                                .into(),
                            limit: MAX_CANDIDATES,
                            found: columns.len(),
                        });
                    }
                }
            }
            if (t.max_per_day.is_some() || t.min_per_day.is_some()) && !members.is_empty() {
                groups.push(Group {
                    name: format!("{} on {}", t.name, date),
                    columns: members,
                    min: t.min_per_day.unwrap_or(0),
                    max: t.max_per_day,
                    weights: None,
                });
            }
        }
    }
    if columns.is_empty() {
        return Err(Error::Empty {
            path: "templates".into(),
            expected: "a template with a start time inside the requirement horizon".into(),
        });
    }
    let instance = Instance {
        horizon: h,
        cyclic: set.cyclic,
        requirement: vec![0.0; h],
        under_weight: vec![0.0; h],
        over_weight: vec![0.0; h],
        max_coverage: None,
        columns,
        family_len,
        groups,
        limit: None,
        cost_weight: 1.0,
        skills: None,
    };
    Ok(Expanded {
        candidates,
        instance,
    })
}

/// Drop candidates dominated by an identical, no dearer candidate: same worked spans, same
/// break windows and break lengths, same paid minutes, no per-column bound and in no
/// count-limited group (a dominated shift may be needed once a cheaper one hits its limit,
/// so limited ones stay).
/// Returns how many were dropped. Column reduction of this kind is what makes many similar
/// templates (same hours, different pay grades) cheap to solve.
pub fn drop_dominated(ex: &mut Expanded) -> usize {
    use std::collections::HashMap;
    let inst = &ex.instance;
    let mut limited = vec![false; inst.columns.len()];
    for g in &inst.groups {
        for &j in &g.columns {
            if let Some(l) = limited.get_mut(j) {
                *l = true;
            }
        }
    }
    // Paid minutes are part of the key: a group's paid-minute cap (added after this, see
    // `schedule::skills`) must count a kept column as it counted the one it replaces.
    type Key = (Vec<(usize, usize)>, Vec<(usize, usize, usize)>, u32);
    let mut best: HashMap<Key, usize> = HashMap::new();
    let mut keep = vec![true; inst.columns.len()];
    for (j, c) in inst.columns.iter().enumerate() {
        if limited[j] || c.upper.is_some() {
            continue;
        }
        let key: Key = (
            c.segments.clone(),
            c.breaks
                .iter()
                .map(|b| {
                    let len = inst.family_len.get(b.family).copied().unwrap_or(0);
                    (b.earliest, b.latest, len)
                })
                .collect(),
            ex.candidates.get(j).map_or(0, |x| x.paid_minutes),
        );
        match best.get(&key).copied() {
            Some(k) if inst.columns[k].cost <= c.cost => keep[j] = false,
            Some(k) => {
                keep[k] = false;
                best.insert(key, j);
            }
            None => {
                best.insert(key, j);
            }
        }
    }
    let dropped = keep.iter().filter(|k| !**k).count();
    if dropped == 0 {
        return 0;
    }
    // Renumber columns in groups (limited columns are never dropped).
    let mut new_index = vec![usize::MAX; keep.len()];
    let mut n = 0;
    for (j, k) in keep.iter().enumerate() {
        if *k {
            new_index[j] = n;
            n += 1;
        }
    }
    let inst = &mut ex.instance;
    for g in &mut inst.groups {
        for j in &mut g.columns {
            *j = new_index.get(*j).copied().unwrap_or(usize::MAX);
        }
        g.columns.retain(|j| *j != usize::MAX);
    }
    let mut it = keep.iter();
    inst.columns.retain(|_| *it.next().unwrap_or(&true));
    let mut it = keep.iter();
    ex.candidates.retain(|_| *it.next().unwrap_or(&true));
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_timestamp;

    fn set(json: &str) -> ShiftSet {
        ShiftSet::from_json(json).unwrap()
    }

    #[test]
    fn expands_days_starts_lengths_with_costs_and_break_windows() {
        let s = set(r#"{"interval_minutes": 30, "cyclic": false, "templates": [
            {"name": "t", "days": ["mon", "sat"],
             "start": {"earliest": "08:00", "latest": "09:00", "step_minutes": 30},
             "length_minutes": {"min": 240, "max": 300, "step": 60},
             "breaks": [{"minutes": 30, "earliest_offset_minutes": 60, "latest_offset_minutes": 120, "paid": false}],
             "cost": {"per_shift": 1.0, "per_paid_hour": 2.0, "weekend_premium_per_hour": 1.0},
             "max_per_day": 4}]}"#);
        // Monday 2024-01-01 .. Saturday 2024-01-06, 30-minute grid.
        let grid = Grid::new(parse_timestamp("2024-01-01T00:00").unwrap(), 30, 6 * 48).unwrap();
        let ex = expand(&s, &grid).unwrap();
        // 2 days x 3 starts x 2 lengths.
        assert_eq!(ex.candidates.len(), 12);
        let mon = &ex.candidates[0];
        assert_eq!((mon.start, mon.len, mon.paid_minutes), (16, 8, 210));
        assert!((mon.cost - (1.0 + 2.0 * 3.5)).abs() < 1e-12);
        let sat = ex.candidates.iter().find(|c| c.day == 5).unwrap();
        // Weekend premium on the paid share of the 4 hours.
        assert!((sat.cost - (1.0 + 2.0 * 3.5 + 3.5)).abs() < 1e-12);
        let b = ex.instance.columns[0].breaks[0];
        assert_eq!((b.earliest, b.latest), (18, 20));
        assert_eq!(ex.instance.family_len, vec![1]);
        assert_eq!(ex.instance.groups.len(), 2);
        assert_eq!(ex.instance.groups[0].max, Some(4));
    }

    #[test]
    fn start_windows_past_midnight_wrap_in_a_cyclic_horizon() {
        let s = set(r#"{"interval_minutes": 60, "cyclic": true, "templates": [
            {"name": "n", "days": ["mon"],
             "start": {"earliest": "22:00", "latest": "01:00", "step_minutes": 60},
             "length_minutes": 480, "breaks": [],
             "cost": {"per_shift": 0.0, "per_paid_hour": 1.0,
                      "night_premium": {"from": "22:00", "to": "06:00", "per_hour": 0.5}},
             "max_per_day": null}]}"#);
        let grid = Grid::new(parse_timestamp("2024-01-01T00:00").unwrap(), 60, 24).unwrap();
        let ex = expand(&s, &grid).unwrap();
        let starts: Vec<usize> = ex.candidates.iter().map(|c| c.start).collect();
        assert_eq!(starts, vec![22, 23, 0, 1]);
        // 22:00-06:00 is all night: 8 h x (1 + 0.5).
        assert!((ex.candidates[0].cost - 12.0).abs() < 1e-12);
        let e = expand(
            &ShiftSet {
                interval_minutes: 30,
                ..s.clone()
            },
            &grid,
        )
        .unwrap_err();
        assert_eq!(e.path(), "shifts.interval_minutes");
    }

    #[test]
    fn identical_dearer_shifts_are_dropped_unless_limited() {
        let json = |limit: &str| {
            format!(
                r#"{{"interval_minutes": 60, "cyclic": false, "templates": [
                {{"name": "a", "days": ["mon"],
                 "start": {{"earliest": "08:00", "latest": "09:00", "step_minutes": 60}},
                 "length_minutes": 240, "breaks": [],
                 "cost": {{"per_shift": 0.0, "per_paid_hour": 2.0}}, "max_per_day": {limit}}},
                {{"name": "b", "days": ["mon"],
                 "start": {{"earliest": "09:00", "latest": "10:00", "step_minutes": 60}},
                 "length_minutes": 240, "breaks": [],
                 "cost": {{"per_shift": 0.0, "per_paid_hour": 1.0}}, "max_per_day": null}}]}}"#
            )
        };
        let grid = Grid::new(parse_timestamp("2024-01-01T00:00").unwrap(), 60, 24).unwrap();
        let mut ex = expand(&set(&json("null")), &grid).unwrap();
        assert_eq!(drop_dominated(&mut ex), 1);
        let kept: Vec<(usize, usize)> = ex
            .candidates
            .iter()
            .map(|c| (c.template, c.start))
            .collect();
        assert_eq!(kept, vec![(0, 8), (1, 9), (1, 10)]);
        assert_eq!(ex.instance.columns.len(), 3);
        let mut ex = expand(&set(&json("2")), &grid).unwrap();
        assert_eq!(drop_dominated(&mut ex), 0);
        assert_eq!(ex.instance.groups[0].columns, vec![0, 1]);
    }

    #[test]
    fn shifts_that_pay_different_minutes_are_not_merged() {
        // The same hours and break window; a's break is unpaid, b's paid (and b is dearer).
        let json = |paid: bool| {
            format!(
                r#"{{"interval_minutes": 60, "cyclic": false, "templates": [
                {{"name": "a", "days": ["mon"],
                 "start": {{"earliest": "08:00", "latest": "08:00", "step_minutes": 60}},
                 "length_minutes": 480, "breaks": [{{"minutes": 60, "earliest_offset_minutes": 180,
                   "latest_offset_minutes": 240, "paid": false}}],
                 "cost": {{"per_shift": 0.0, "per_paid_hour": 1.0}}, "max_per_day": null}},
                {{"name": "b", "days": ["mon"],
                 "start": {{"earliest": "08:00", "latest": "08:00", "step_minutes": 60}},
                 "length_minutes": 480, "breaks": [{{"minutes": 60, "earliest_offset_minutes": 180,
                   "latest_offset_minutes": 240, "paid": {paid}}}],
                 "cost": {{"per_shift": 0.0, "per_paid_hour": 1.0}}, "max_per_day": null}}]}}"#
            )
        };
        let grid = Grid::new(parse_timestamp("2024-01-01T00:00").unwrap(), 60, 24).unwrap();
        // Both unpaid: b is a copy of a (equal cost), one is dropped.
        let mut ex = expand(&set(&json(false)), &grid).unwrap();
        assert_eq!(drop_dominated(&mut ex), 1);
        // b pays its break: 480 against 420 paid minutes, both kept.
        let mut ex = expand(&set(&json(true)), &grid).unwrap();
        assert_eq!(ex.candidates[0].paid_minutes, 420);
        assert_eq!(ex.candidates[1].paid_minutes, 480);
        assert_eq!(drop_dominated(&mut ex), 0);
    }
}
