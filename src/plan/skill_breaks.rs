//! Rostered breaks placed for a multi-skill floor: each agent's breaks move within their
//! template windows to where the queues they share lose least.
//!
//! Why: stage 3 schedules every skill group on its own requirement, so each group's breaks are
//! placed where *its* positions allow, and the roster hands those patterns out shift by shift.
//! The groups' breaks then pile up in the same half-hours (the morning's paid breaks, the
//! lunch hour), and the queue whose skill is scarce pays for it: on `examples/skills.json` most
//! of the intervals where VIP misses its target are lunch and morning-break half-hours. Only
//! the whole floor shows this, so the last step of a multi-skill roster re-places the breaks
//! against the plan's own multi-skill model (`staffing::skills::modelled_service_mean`, what
//! the KPIs report), as commercial suites re-optimise breaks after the roster.
//!
//! Method: a deterministic local search. The loss of an interval is lexicographic in effect:
//! `MISS` per queue below any of its targets, plus `SHORT` per contact of the shortfall of the
//! service level below target, plus the contacts not answered in time. For each rostered shift
//! (agents in roster order, shifts in day order) and each break that can leave or reach an
//! interval where a queue misses its target, every start in its window on the interval grid
//! that keeps the shift's breaks in order and apart is scored on the intervals it changes, and
//! the best strictly better start is taken (so a plan on target everywhere is left as it is,
//! at the cost of one evaluation per interval). Passes repeat until none
//! improves or [`MAX_PASSES`]. Shifts, costs and hours do not change; single-skill plans are
//! untouched (their breaks are the schedule's, placed on the one pool's requirement).

use super::forecast::ForecastStage;
use super::frame::{Checked, Frame};
use super::roster::{PlanRoster, RosteredBreak};
use crate::error::Result;
use crate::staffing::horizon::HorizonRequirements;
use crate::staffing::skills::{meets_target, modelled_service_mean, SkillGroup, SkillQueue};
use crate::time::Timestamp;
use chrono::Duration;

/// Most passes over the roster's breaks (each pass tries every break once).
pub const MAX_PASSES: usize = 4;
/// The search's work cap: model evaluations per interval of the horizon (deterministic; on
/// `examples/skills.json` the search needs about 25 of them).
pub const EVALUATIONS_PER_INTERVAL: u64 = 100;
/// Loss per queue below its target in an interval.
const MISS: f64 = 1000.0;
/// A queue within this much of its service-level target counts as at risk: breaks that can
/// reach its interval are tried.
const NEAR: f64 = 0.06;
/// Loss per contact and unit of service level below target.
const SHORT: f64 = 10.0;

/// What the search did, for tests and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BreakMoves {
    /// Breaks moved (a break moved twice counts twice).
    pub moves: usize,
    /// Passes run.
    pub passes: usize,
    /// Interval evaluations of the multi-skill model (the search's work).
    pub evaluations: u64,
    /// Whether the work cap ([`EVALUATIONS_PER_INTERVAL`] per interval) ended the search.
    pub capped: bool,
    /// Loss before and after (see the module docs).
    pub loss_before: f64,
    /// Loss after.
    pub loss_after: f64,
}

/// The evaluation of the floor: per interval the queues and the shrinkage.
struct Floor {
    queues: Vec<Vec<SkillQueue>>,
    groups: Vec<SkillGroup>,
    keep: Vec<f64>,
    /// `at_work[t][g]`.
    at_work: Vec<Vec<f64>>,
}

impl Floor {
    /// The loss of interval `t` with `x` agents of each group at work, and whether a queue
    /// misses a target there.
    fn loss(&self, t: usize, x: &[f64]) -> Result<(f64, bool)> {
        let qs = &self.queues[t];
        if qs.iter().all(|q| q.demand.volume <= 0.0) {
            return Ok((0.0, false));
        }
        let prod: Vec<f64> = x.iter().map(|a| a * self.keep[t]).collect();
        let m = modelled_service_mean(qs, &self.groups, &prod)?;
        let (mut loss, mut missing) = (0.0, false);
        for (sq, s) in qs.iter().zip(&m.queues) {
            let v = sq.demand.volume;
            if v <= 0.0 {
                continue;
            }
            if !meets_target(s, &sq.target, None) {
                loss += MISS;
                missing = true;
            } else if s.service_level < sq.target.service_level + NEAR {
                missing = true;
            }
            loss += SHORT * v * (sq.target.service_level - s.service_level).max(0.0);
            loss += v * (1.0 - s.service_level);
        }
        Ok((loss, missing))
    }
}

/// The grid offsets whose agents at work change when a break leaves `[from.0, from.1)` for
/// `[to.0, to.1)`, with the change: +1 where it leaves, -1 where it goes.
fn moved_by(from: (i64, i64), to: (i64, i64)) -> impl Iterator<Item = (i64, f64)> {
    let inside = |k: i64, (lo, hi): (i64, i64)| f64::from(u8::from(k >= lo && k < hi));
    (from.0.min(to.0)..from.1.max(to.1))
        .map(move |k| (k, inside(k, from) - inside(k, to)))
        .filter(|&(_, d)| d != 0.0)
}

/// Re-place the breaks of a multi-skill roster (see the module docs); a single-skill frame's
/// roster is returned as it is.
pub fn place_skill_breaks(
    frame: &Frame,
    f: &Checked<ForecastStage>,
    req: &HorizonRequirements,
    roster: Checked<PlanRoster>,
) -> Result<Checked<PlanRoster>> {
    if !frame.multi_skill() {
        return Ok(roster);
    }
    let mut r = roster.into_inner();
    place(frame, &f.forecast, req, &mut r)?;
    Ok(Checked::made(r))
}

/// The search on a roster in place.
pub fn place(
    frame: &Frame,
    forecasts: &[super::forecast::QueueForecastOut],
    req: &HorizonRequirements,
    r: &mut PlanRoster,
) -> Result<BreakMoves> {
    let s = frame.scenario();
    let grid = *frame.grid();
    let n = frame.len();
    let step = i64::from(grid.interval_minutes.max(1));
    let cyclic = s.shifts.cyclic;
    let queues = (0..n)
        .map(|t| super::requirements::skill_queues(frame, forecasts, t))
        .collect::<Result<Vec<_>>>()?;
    let cov = super::skills::roster_group_coverage(frame, r);
    let ng = frame.groups().len();
    let mut floor = Floor {
        queues,
        groups: super::requirements::staffing_groups(frame, None),
        keep: (0..n)
            .map(|t| 1.0 - req.shrinkage.get(t).copied().unwrap_or(0.0))
            .collect(),
        at_work: (0..n)
            .map(|t| (0..ng).map(|g| cov[g][t]).collect())
            .collect(),
    };
    let evaluated: Vec<(f64, bool)> = (0..n)
        .map(|t| floor.loss(t, &floor.at_work[t]))
        .collect::<Result<_>>()?;
    let mut loss: Vec<f64> = evaluated.iter().map(|e| e.0).collect();
    let mut missing: Vec<bool> = evaluated.iter().map(|e| e.1).collect();
    let mut out = BreakMoves {
        loss_before: loss.iter().sum(),
        ..BreakMoves::default()
    };
    // The interval index of grid offset `k` (as the coverage counts it), if on the horizon.
    let index = |k: i64| -> Option<usize> {
        let k = if cyclic { k.rem_euclid(n as i64) } else { k };
        usize::try_from(k).ok().filter(|&i| i < n)
    };
    let group_of: Vec<Option<usize>> = r
        .agents
        .iter()
        .map(|a| {
            s.agents
                .iter()
                .position(|x| x.id == a.id)
                .and_then(|i| frame.group_of_agent(i))
        })
        .collect();
    let cap = EVALUATIONS_PER_INTERVAL * n as u64;
    'passes: for pass in 0..MAX_PASSES {
        out.passes = pass + 1;
        let mut moved = false;
        for (ai, a) in r.agents.iter_mut().enumerate() {
            let Some(g) = group_of[ai] else {
                continue;
            };
            for sh in &mut a.shifts {
                let Some(tpl) = r
                    .shift_types
                    .get(sh.shift)
                    .and_then(|st| s.shifts.templates.iter().find(|x| x.name == st.template))
                else {
                    continue;
                };
                if tpl.breaks.len() != sh.breaks.len() {
                    continue;
                }
                let Some(first) = grid.offset_of(sh.start.0) else {
                    continue;
                };
                let span = (sh.end.0 - sh.start.0).num_minutes();
                for bi in 0..sh.breaks.len() {
                    let tb = &tpl.breaks[bi];
                    let len = i64::from(tb.minutes);
                    let cur = (sh.breaks[bi].start.0 - sh.start.0).num_minutes();
                    // Neighbours' bounds: the previous break's end, the next one's start.
                    let lo_bound = match bi {
                        0 => 0,
                        _ => {
                            (sh.breaks[bi - 1].start.0 - sh.start.0).num_minutes()
                                + i64::from(sh.breaks[bi - 1].minutes)
                        }
                    };
                    let hi_bound = sh
                        .breaks
                        .get(bi + 1)
                        .map_or(span, |b| (b.start.0 - sh.start.0).num_minutes());
                    let lo = i64::from(tb.earliest_offset_minutes).max(lo_bound);
                    let hi = i64::from(tb.latest_offset_minutes).min(hi_bound - len);
                    let off_of = |o: i64| (first + o / step, first + (o + len) / step);
                    let (c0, c1) = off_of(cur);
                    // Only a break that can leave or reach an interval where a queue misses
                    // is tried (a plan on target everywhere costs nothing here).
                    let reach = c0.min(off_of(lo).0)..c1.max(off_of(hi.max(lo)).1);
                    if !reach.clone().any(|k| index(k).is_some_and(|t| missing[t])) {
                        continue;
                    }
                    if out.evaluations >= cap {
                        out.capped = true;
                        break 'passes;
                    }
                    let mut best: Option<(f64, i64)> = None;
                    let mut o = lo + (step - lo.rem_euclid(step)) % step;
                    while o <= hi {
                        if o != cur {
                            let mut delta = 0.0;
                            for (k, d) in moved_by((c0, c1), off_of(o)) {
                                let Some(t) = index(k) else {
                                    continue;
                                };
                                let mut x = floor.at_work[t].clone();
                                x[g] = (x[g] + d).max(0.0);
                                delta += floor.loss(t, &x)?.0 - loss[t];
                                out.evaluations += 1;
                            }
                            if delta < -1e-9 && best.map_or(true, |(b, _)| delta < b - 1e-12) {
                                best = Some((delta, o));
                            }
                        }
                        o += step;
                    }
                    let Some((_, o)) = best else {
                        continue;
                    };
                    for (k, d) in moved_by((c0, c1), off_of(o)) {
                        if let Some(t) = index(k) {
                            floor.at_work[t][g] = (floor.at_work[t][g] + d).max(0.0);
                            (loss[t], missing[t]) = floor.loss(t, &floor.at_work[t])?;
                        }
                    }
                    sh.breaks[bi] = RosteredBreak {
                        start: Timestamp(sh.start.0 + Duration::minutes(o)),
                        minutes: tb.minutes,
                        paid: tb.paid,
                    };
                    out.moves += 1;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    out.loss_after = loss.iter().sum();
    Ok(out)
}
