//! The plan's roster stage as a portfolio of independent searches, the best one kept.
//!
//! Why: the roster search depends on its seed more than on a few more moves (see
//! `roster::portfolio`), so the page runs one search per Web Worker and `paiban plan --workers
//! N` one per thread. Member `i` is the roster stage with the seed `roster::portfolio::member`
//! derives from the scenario's seed and `i` (member 0 is the scenario's own seed, so one member
//! is exactly the plain roster stage), and [`choose`] keeps the one with no hard violation,
//! then least cost, then lowest index. Each member is a pure function of the scenario, the
//! schedule and its index, so the plan depends only on the budget and the member count, never
//! on which search finished first or how many cores ran them. The kept roster records the
//! count and its index (`solvers.roster.portfolio`), so a plan made in the browser with four
//! workers is made again by `paiban plan --workers 4`.
//!
//! The engine stays single threaded: [`plan_with_members`] takes the caller's way of running
//! members (threads in the CLI, one after another in a test).

use super::roster::{roster_stage_against_member, roster_stage_member, RosterPortfolio};
use super::schedule::{reschedule_stage, unstaffed, RESCHEDULE_ROUNDS};
use super::{
    assemble_with, day, forecast_stage, requirements_stage, schedule_stage, Checked,
    CheckedSchedule, Frame, Plan, PlanRoster, PublishedRoster,
};
use crate::error::{Error, Result};
use crate::history::History;
use crate::roster::portfolio::{MemberKey, MAX_MEMBERS};
use crate::scenario::Scenario;
use crate::staffing::horizon::HorizonRequirements;
use std::collections::BTreeMap;

/// One member's roster: `None` when the scenario has no agents.
pub type MemberRoster = Result<Option<Checked<PlanRoster>>>;

/// Portfolio member `index` of the roster stage: rostered on `sched`, against `published` when
/// given (the minimal-change roster, as [`super::roster_stage_against`]).
pub fn roster_member(
    frame: &Frame,
    sched: &CheckedSchedule,
    published: Option<&PublishedRoster>,
    index: usize,
) -> MemberRoster {
    match published {
        Some(p) => roster_stage_against_member(frame, sched, p, index),
        None => roster_stage_member(frame, sched, index),
    }
}

/// The member count asked for, checked: 1 to `roster::portfolio::MAX_MEMBERS`.
pub fn check_members(members: usize) -> Result<usize> {
    if members == 0 || members > MAX_MEMBERS {
        return Err(Error::invalid(
            "workers",
            format!("1 to {MAX_MEMBERS} roster searches"),
            members,
        ));
    }
    Ok(members)
}

/// The best of the members' rosters (in member order; `None` for a member without a roster):
/// no hard violation, then least cost, then lowest index. With two or more members the kept
/// roster records the count and its index. `None` when no member has a roster.
pub fn choose(members: Vec<Option<PlanRoster>>) -> Option<PlanRoster> {
    let keys: Vec<MemberKey> = members
        .iter()
        .map(|m| match m {
            Some(r) => MemberKey {
                hard: u64::from(!r.feasible),
                cost: r.cost,
            },
            None => MemberKey {
                hard: u64::MAX,
                cost: u64::MAX,
            },
        })
        .collect();
    let n = members.len();
    let i = crate::roster::portfolio::choose(&keys)?;
    let mut best = members.into_iter().nth(i)??;
    if n > 1 {
        best.solver.portfolio = Some(RosterPortfolio {
            members: n as u32,
            chosen: i as u32,
        });
    }
    Some(best)
}

/// The first error of the members in member order, else the best of their rosters.
fn keep_best(results: Vec<MemberRoster>) -> MemberRoster {
    let mut rosters = Vec::with_capacity(results.len());
    for r in results {
        rosters.push(r?.map(Checked::into_inner));
    }
    Ok(choose(rosters).map(Checked::made))
}

/// How a caller runs the portfolio: given the member count and member `i`'s search, the
/// results in member order (the CLI runs them on threads).
pub trait RunMembers {
    /// Run `member(0..members)` and return the results in member order.
    fn run(
        &self,
        members: usize,
        member: &(dyn Fn(usize) -> MemberRoster + Sync),
    ) -> Vec<MemberRoster>;
}

/// Members one after another on this thread (what the wasm build and tests use).
pub struct InTurn;

impl RunMembers for InTurn {
    fn run(
        &self,
        members: usize,
        member: &(dyn Fn(usize) -> MemberRoster + Sync),
    ) -> Vec<MemberRoster> {
        (0..members).map(member).collect()
    }
}

/// The roster stage as a portfolio of `members` searches run by `runner`, the best kept.
pub fn roster_portfolio(
    frame: &Frame,
    sched: &CheckedSchedule,
    published: Option<&PublishedRoster>,
    members: usize,
    runner: &dyn RunMembers,
) -> MemberRoster {
    let members = check_members(members)?;
    if members == 1 {
        return roster_member(frame, sched, published, 0);
    }
    keep_best(runner.run(members, &|i| roster_member(frame, sched, published, i)))
}

/// The roster stage, then for a multi-skill centre whose roster left shifts unstaffed stage 3
/// again around them and the roster again ([`reschedule_stage`], at most
/// [`RESCHEDULE_ROUNDS`] times): the schedule and roster kept are the first with the fewest
/// unstaffed shifts. The page makes the same rounds (`planReschedule`), so its plan is this one.
pub fn roster_with_feedback(
    frame: &Frame,
    req: &Checked<HorizonRequirements>,
    sched: CheckedSchedule,
    published: Option<&PublishedRoster>,
    members: usize,
    runner: &dyn RunMembers,
) -> Result<(CheckedSchedule, Option<Checked<PlanRoster>>)> {
    let Some(first) = roster_portfolio(frame, &sched, published, members, runner)? else {
        return Ok((sched, None));
    };
    let mut best = (sched, first);
    // The last round's schedule and roster, when a round was made.
    let mut cur: Option<(CheckedSchedule, Checked<PlanRoster>)> = None;
    for _ in 0..RESCHEDULE_ROUNDS {
        let (s, r) = cur.as_ref().map_or((&best.0, &best.1), |(s, r)| (s, r));
        if unstaffed(r) == 0 {
            break;
        }
        let Some(next) = reschedule_stage(frame, req, s, r)? else {
            break;
        };
        let Some(roster) = roster_portfolio(frame, &next, published, members, runner)? else {
            break;
        };
        if unstaffed(&roster) < unstaffed(&best.1) {
            best = (next.clone(), roster.clone());
        }
        cur = Some((next, roster));
    }
    Ok((best.0, Some(best.1)))
}

/// [`super::plan`] with the roster stage as a portfolio of `members` searches (1 = the plain
/// plan).
pub fn plan_with_members(
    scenario: &Scenario,
    histories: &BTreeMap<String, History>,
    members: usize,
    runner: &dyn RunMembers,
) -> Result<Plan> {
    let members = check_members(members)?;
    let frame = Frame::new(scenario.clone())?;
    let f = forecast_stage(&frame, histories)?;
    let req = requirements_stage(&frame, &f)?;
    let sched = schedule_stage(&frame, &req)?;
    let (sched, roster) = roster_with_feedback(&frame, &req, sched, None, members, runner)?;
    let (roster, day) = day::day_stage(&frame, &f, &req, &sched, roster)?;
    assemble_with(&frame, f, req, sched, roster, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::roster::SolverRun;

    fn roster(feasible: bool, cost: u64) -> PlanRoster {
        PlanRoster {
            days: Vec::new(),
            shift_types: Vec::new(),
            agents: Vec::new(),
            feasible,
            cost,
            shortages: Vec::new(),
            breaks: Vec::new(),
            fairness: crate::roster::model::FairnessReport {
                agents: Vec::new(),
                spread: Vec::new(),
            },
            solver: SolverRun {
                work_budget: 1,
                work: Some(1),
                seconds_cap: None,
                stopped_by: None,
                portfolio: None,
            },
            changes: Vec::new(),
        }
    }

    #[test]
    fn the_kept_roster_is_feasible_then_cheapest_then_first_and_says_so() {
        let got = choose(vec![
            Some(roster(false, 1)),
            None,
            Some(roster(true, 9)),
            Some(roster(true, 5)),
            Some(roster(true, 5)),
        ])
        .unwrap();
        assert_eq!(got.cost, 5);
        assert_eq!(
            got.solver.portfolio,
            Some(RosterPortfolio {
                members: 5,
                chosen: 3
            })
        );
        // One member is the plain roster: nothing recorded.
        assert_eq!(
            choose(vec![Some(roster(true, 2))])
                .unwrap()
                .solver
                .portfolio,
            None
        );
        assert_eq!(choose(vec![None, None]), None);
        assert_eq!(choose(Vec::new()), None);
    }

    #[test]
    fn member_counts_outside_the_portfolio_are_refused_by_name() {
        assert!(check_members(0)
            .unwrap_err()
            .to_string()
            .contains("workers"));
        assert!(check_members(MAX_MEMBERS + 1).is_err());
        assert_eq!(check_members(4).unwrap(), 4);
    }
}
