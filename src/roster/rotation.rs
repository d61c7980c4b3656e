//! Fair cyclic rotation (轮班), post rotation (轮岗) and the fairness report.
//!
//! Contact centres rotate a team week by week through early, middle and late shifts (and
//! weekend duty) so that nobody is stuck on lates; agents with several skills rotate between
//! posts (queues) by week. A cyclic plan is fair by construction: agent `i` in week `w` takes
//! kind `cycle[(i + w) mod len]`, so over `len` weeks everyone does each kind equally often.
//! The plan enters the search as a soft preference ([`rotation_costs`]) rather than a hard
//! pattern, so demand and labour rules still win where they must; the fairness report then shows
//! each agent's nights, lates, weekends and hours and the spread per contract
//! (`super::model::fairness`, beside the roster output it belongs to).

use super::input::RosterInput;
pub use super::input::{RotationSettings, ShiftKind};
use crate::error::{Error, Result};
use serde::Serialize;

/// One agent's rotation for one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RotationWeek {
    /// Shift kind of the week.
    pub kind: ShiftKind,
    /// Whether the agent is on weekend duty this week.
    pub weekend_duty: bool,
    /// Post of the week (when posts rotate and the agent has one of them).
    pub post: Option<String>,
}

/// The rotation plan: per agent (input order), per calendar week of the horizon.
pub fn rotation_plan(input: &RosterInput, r: &RotationSettings) -> Result<Vec<Vec<RotationWeek>>> {
    if r.cycle.is_empty() {
        return Err(Error::Empty {
            path: "rules.rotation.cycle".into(),
            expected: "at least one shift kind".into(),
        });
    }
    if r.weekend_groups == Some(0) {
        return Err(Error::invalid(
            "rules.rotation.weekend_groups",
            "a number >= 1 or null",
            0,
        ));
    }
    let weeks = (input.start_weekday.index() + input.days).div_ceil(7);
    Ok(input
        .agents
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mine: Vec<&String> = r.posts.iter().filter(|p| a.skills.contains(p)).collect();
            (0..weeks)
                .map(|w| RotationWeek {
                    kind: r.cycle[(i + w) % r.cycle.len()],
                    weekend_duty: r.weekend_groups.map_or(true, |g| (i + w) % g == 0),
                    post: (!mine.is_empty()).then(|| mine[(i + w) % mine.len()].clone()),
                })
                .collect()
        })
        .collect())
}

/// Per agent, the cost of each (day, shift) (`day * shifts + shift`) for leaving the rotation.
pub fn rotation_costs(input: &RosterInput, r: &RotationSettings) -> Result<Vec<Vec<u32>>> {
    let plan = rotation_plan(input, r)?;
    let ns = input.shifts.len();
    let first = input.start_weekday.index();
    Ok(plan
        .iter()
        .map(|weeks| {
            let mut cost = vec![0u32; input.days * ns];
            for d in 0..input.days {
                let Some(wk) = weeks.get((first + d) / 7) else {
                    continue;
                };
                let weekend = (first + d) % 7 >= 5;
                for (s, sh) in input.shifts.iter().enumerate() {
                    let mut c = 0;
                    if sh.kind != wk.kind {
                        c += r.weight;
                    }
                    if weekend && !wk.weekend_duty {
                        c += r.weight;
                    }
                    if let (Some(skill), Some(post)) = (&sh.skill, &wk.post) {
                        if r.posts.contains(skill) && skill != post {
                            c += r.weight;
                        }
                    }
                    cost[d * ns + s] = c;
                }
            }
            cost
        })
        .collect())
}
