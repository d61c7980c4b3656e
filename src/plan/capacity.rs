//! What a skill group's named agents can work over the horizon, from their contracts.
//!
//! Why it exists: interval staffing (stage 2) decides per interval how many agents of each
//! skill group are on duty, and a cross-trained group of four agents looks cheap in every
//! interval; but four agents on five 8-hour days each cannot be on duty in every one of a
//! week's open half-hours. Without a horizon view, stage 2 asks the small flexible groups for
//! more work than their contracts allow, stage 3 schedules shifts nobody can take, and the
//! roster leaves them unstaffed. This module states what a group's agents can give over the
//! horizon (most shifts, on-duty agent-intervals); stage 2 spreads it over the intervals as
//! each group's cap, and stage 3 (its pass-down) uses it to send shortfalls where capacity is.
//!
//! Per agent, from the contract: working days `days - min_days_off_per_week * days / 7`
//! (rounded down); paid minutes `min(max_minutes, max_minutes_per_week * days / 7)`; shifts
//! `min(working days, paid minutes / the longest template's paid minutes)` (so that any mix
//! of its templates fits the minutes); paid minutes at most `working days * the longest
//! template's paid minutes`. On-duty intervals are the paid
//! minutes times the templates' on-duty share (paid breaks are paid but off the phone, the
//! smallest share among the templates) times [`SHAPE_EFFICIENCY`], the share of on-duty time
//! a shift pattern can place where a group's requirement is (shifts are blocks of hours; a
//! requirement curve is not), divided by the interval length.

use super::frame::{Frame, FrameGroup};
use crate::roster::problem::RuleKind;
use crate::schedule::template::ShiftTemplate;

/// Share of a group's on-duty time that shifts can place on its requirement curve. A
/// heuristic (measured on `examples/skills.json`, see benches/README.md), not a bound.
pub const SHAPE_EFFICIENCY: f64 = 0.9;

/// What a group's agents can work over the horizon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupCapacity {
    /// Most shifts over the horizon (the sum of its agents' most shifts).
    pub shifts: u32,
    /// On-duty agent-intervals the group can be expected to cover (see the module docs).
    pub on_duty_intervals: f64,
    /// Most shifts on one day: its headcount.
    pub per_day: u32,
    /// Most shifts its agents can work within the hard rules (each agent: its days without
    /// the contract's days off, unless `days_off_per_week` is soft, and no more shifts than
    /// its paid minutes allow of the shortest template): the schedule's cap on the group.
    pub max_shifts: u32,
    /// Most paid minutes its agents can work within the hard rules (the contracts' minutes,
    /// unless those rules are soft): the schedule's other cap on the group.
    pub max_paid_minutes: Option<u32>,
}

/// Paid minutes of the template's longest shift, and its on-duty share.
fn template_minutes(t: &ShiftTemplate) -> (u32, f64) {
    let lengths = t.length_minutes.values();
    let unpaid = t.unpaid_break_minutes();
    let paid_breaks: u32 = t.breaks.iter().filter(|b| b.paid).map(|b| b.minutes).sum();
    let longest = lengths.last().copied().unwrap_or(0).saturating_sub(unpaid);
    let share = if longest > 0 {
        f64::from(longest.saturating_sub(paid_breaks)) / f64::from(longest)
    } else {
        1.0
    };
    (longest, share)
}

/// The capacity of group `g` over the frame's horizon; `None` for a declared group without
/// named agents (its `max_agents` is a headcount per day, not a horizon bound).
pub fn group_capacity(frame: &Frame, g: &FrameGroup) -> Option<GroupCapacity> {
    let s = frame.scenario();
    if g.agents.is_empty() {
        return None;
    }
    let templates = &s.shifts.templates;
    let per_template: Vec<(u32, f64)> = templates.iter().map(template_minutes).collect();
    let longest = per_template.iter().map(|t| t.0).max().unwrap_or(480).max(1);
    let share = per_template
        .iter()
        .map(|t| t.1)
        .fold(1.0_f64, f64::min)
        .clamp(0.0, 1.0);
    // The shortest paid shift any template allows (its shortest length).
    let shortest = templates
        .iter()
        .filter_map(|t| {
            let first = t.length_minutes.values().first().copied()?;
            Some(first.saturating_sub(t.unpaid_break_minutes()))
        })
        .filter(|&m| m > 0)
        .min()
        .unwrap_or(longest)
        .max(1);
    let soft = |rule: RuleKind| {
        s.rules
            .as_ref()
            .is_some_and(|r| r.soft.iter().any(|x| x.rule == rule))
    };
    let days_off_hard = !soft(RuleKind::DaysOffPerWeek);
    let minutes_hard = !soft(RuleKind::MaxTotalMinutes) && !soft(RuleKind::MaxMinutesPerWeek);
    let days = frame.days() as f64;
    let step = f64::from(frame.grid().interval_minutes).max(1.0);
    let (mut shifts, mut minutes) = (0u32, 0.0f64);
    let (mut max_shifts, mut max_minutes) = (0u32, 0.0f64);
    for c in g
        .agents
        .iter()
        .filter_map(|&a| s.agents.get(a))
        .filter_map(|a| s.contracts.iter().find(|c| c.id == a.contract))
    {
        let off = c
            .min_days_off_per_week
            .map_or(0.0, |o| (f64::from(o) * days / 7.0).ceil());
        let work_days = (days - off).max(0.0).floor();
        let mut paid = f64::from(c.max_minutes);
        if let Some(w) = c.max_minutes_per_week {
            paid = paid.min(f64::from(w) * (days / 7.0).max(1.0));
        }
        paid = paid.min(work_days * f64::from(longest));
        let n = work_days.min((paid / f64::from(longest)).floor());
        shifts = shifts.saturating_add(n as u32);
        minutes += paid;
        // The hard bounds: what no roster can exceed without breaking a hard rule.
        let mut hard_paid = f64::from(c.max_minutes);
        if let Some(w) = c.max_minutes_per_week {
            hard_paid = hard_paid.min(f64::from(w) * (days / 7.0).max(1.0));
        }
        let hard_days = if days_off_hard { work_days } else { days };
        let by_minutes = if minutes_hard {
            (hard_paid / f64::from(shortest)).floor()
        } else {
            hard_days
        };
        max_shifts = max_shifts.saturating_add(hard_days.min(by_minutes) as u32);
        max_minutes += hard_paid;
    }
    Some(GroupCapacity {
        shifts,
        on_duty_intervals: minutes * share * SHAPE_EFFICIENCY / step,
        per_day: g.agents.len() as u32,
        max_shifts,
        max_paid_minutes: minutes_hard.then(|| max_minutes.min(f64::from(u32::MAX)) as u32),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vip_team_of_the_example_can_work_what_its_contracts_allow() {
        let frame = Frame::from_json(include_str!("../../examples/skills.json")).unwrap();
        let g = frame
            .groups()
            .iter()
            .find(|g| g.id == "vip")
            .expect("a vip group");
        let c = group_capacity(&frame, g).unwrap();
        // 6 full-time (5 days of 2400 min) and 2 part-time (1440 min: 3 shifts of 8 h paid).
        assert_eq!(g.agents.len(), 8);
        assert_eq!(c.shifts, 6 * 5 + 2 * 3);
        assert_eq!(c.per_day, 8);
        let paid_intervals = (6.0 * 2400.0 + 2.0 * 1440.0) / 30.0;
        assert!(c.on_duty_intervals <= paid_intervals * SHAPE_EFFICIENCY + 1e-9);
        assert!(c.on_duty_intervals >= paid_intervals * SHAPE_EFFICIENCY * 0.8);
        // The hard bounds: days off per week are soft in the example (an agent may work all
        // 7 days), the contract minutes are hard, and the shortest shift is the 4-hour
        // evening: full-time min(7, 2400 / 240), part-time min(7, 1440 / 240).
        assert_eq!(c.max_shifts, 6 * 7 + 2 * 6);
        assert_eq!(c.max_paid_minutes, Some(6 * 2400 + 2 * 1440));
    }

    #[test]
    fn hard_days_off_and_soft_minutes_change_the_hard_bounds() {
        let mut v: serde_json::Value =
            serde_json::from_str(include_str!("../../examples/skills.json")).unwrap();
        v["rules"]["soft"] = serde_json::json!([{"rule": "max_total_minutes", "weight": 1}]);
        let frame = Frame::from_json(&v.to_string()).unwrap();
        let g = frame.groups().iter().find(|g| g.id == "vip").unwrap();
        let c = group_capacity(&frame, g).unwrap();
        // Two days off a week are hard now (5 working days); minutes no longer bound.
        assert_eq!(c.max_shifts, 8 * 5);
        assert_eq!(c.max_paid_minutes, None);
    }
}
