//! The intraday re-plan: today's actuals up to `now` reforecast the rest of the day, the
//! requirements are recomputed, and with the roster fixed the rest of today is re-planned:
//! breaks move within their template windows to where they cost least, and overtime
//! extensions (who, how long, at what cost) and voluntary time off (VTO) are proposed, each
//! with its effect on every queue's service level.
//!
//! Why: a morning running hot usually means an afternoon running hot (the forecast module's
//! credibility-weighted day factor, `forecast::intraday`, Bühlmann linear credibility), and the
//! levers a team lead has at 10:00 are the ones commercial intraday managers offer (NICE IEX
//! "intraday manager", Verint "intraday re-optimisation"): shift the breaks still to come,
//! ask people to stay longer, call in someone who is off today, or let them go home early when
//! it is quiet.
//!
//! When the plan carries the agent's day ([`crate::plan::day`]), the floor is counted net of
//! its sessions and hours off (with the shrinkage they stand for removed, as the plan's KPIs
//! count it), today's session groups still to come move as a whole within their activity's
//! window to where they cost least (every attendee free there, no interval taken off its
//! targets), breaks do not move into sessions or hours off and VTO does not cut through them. Call-ins go to
//! agents rostered nowhere today who did not ask for the day off, for a shift of a template
//! that may start today, from an hour after `now`, within the rest rule and the contract's
//! most consecutive days; their breaks sit at the middle of their windows.
//!
//! The day factor is the forecast module's own: when the queue's history ends at the start of
//! today, today's actuals are appended and [`crate::forecast::forecast`] is run to the end of
//! the day, which applies its learned credibility weight; the factor it reports scales the
//! plan's forecast for the rest of today. Without such a history the raw ratio of actuals to
//! forecast is used and a [`IntradayWarning::RawRatio`] says so. Every lever is greedy on the
//! plan's own service evaluation ([`crate::activities::service`]): break moves in passes of
//! re-insertion, overtime by the most contacts answered in time per unit of cost where the
//! floor is short of the reforecast's positions or a queue misses its target (then call-ins on
//! the same test), VTO where the
//! floor stays at or above the positions and every queue on target without the agent.

use crate::activities::service::ServiceCurve;
use crate::activities::{overlaps, round6, take_off, taken_off};
use crate::error::{Error, Result};
use crate::forecast::{forecast, ForecastOptions};
use crate::history::History;
use crate::plan::{
    check_plan_shape, requirements_stage, Checked, ForecastStage, Frame, Plan, QueueForecastOut,
    Timestamp,
};
use crate::staffing::horizon::HorizonRequirements;
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::limits::MAX_PROPOSALS;
/// Passes of break re-insertion.
pub const BREAK_PASSES: usize = 3;

/// Today's actual volume of one queue, per interval from midnight of today up to `now`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueActuals {
    /// Queue id.
    pub queue: String,
    /// Contacts per interval since midnight (one per interval up to `now`).
    pub volume: Vec<f64>,
}

/// What the re-plan is given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntradayRequest {
    /// The time of the re-plan (an interval start of the plan's horizon).
    pub now: Timestamp,
    /// Actuals per queue (queues without actuals keep their forecast).
    pub actuals: Vec<QueueActuals>,
}

/// Something the planner should know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IntradayWarning {
    /// No history ending at the start of today: the raw ratio was applied, unshrunk.
    RawRatio {
        /// Queue id.
        queue: String,
    },
}

/// How one queue's rest of today was reforecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueReforecast {
    /// Queue id.
    pub queue: String,
    /// Actual contacts so far today.
    pub actual: f64,
    /// Forecast contacts for the same intervals.
    pub forecast: f64,
    /// Factor applied to the rest of today (1 when nothing was observed).
    pub factor: f64,
}

/// A break moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakMove {
    /// Agent id.
    pub agent: String,
    /// Old start.
    pub from: Timestamp,
    /// New start.
    pub to: Timestamp,
    /// Minutes.
    pub minutes: u32,
}

/// An activity session group moved to later today (all its attendees together).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionMove {
    /// Index of the group in the plan's `day.groups`.
    pub group: usize,
    /// The activity's name.
    pub activity: String,
    /// Attendees (agent ids).
    pub agents: Vec<String>,
    /// Old start.
    pub from: Timestamp,
    /// New start.
    pub to: Timestamp,
    /// Minutes.
    pub minutes: u32,
}

/// What a proposal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalKind {
    /// Stay longer at the end of the shift.
    Overtime,
    /// Go home early (voluntary time off).
    Vto,
    /// Come in on a day off for a shift of the rest of today.
    CallIn,
}

/// Service level of one queue over the rest of today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueEffect {
    /// Queue id.
    pub queue: String,
    /// Without the proposal (after the break moves and the proposals before it).
    pub before: Option<f64>,
    /// With it.
    pub after: Option<f64>,
}

/// One proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// Overtime or VTO.
    pub kind: ProposalKind,
    /// Agent id.
    pub agent: String,
    /// Start of the time added or given off (a call-in: of the shift).
    pub start: Timestamp,
    /// Minutes (a call-in: the shift's length, breaks included).
    pub minutes: u32,
    /// Cost (overtime, from the shift template's costs; a call-in: the template's shift and
    /// hourly cost with premiums) or saving (VTO), as positive money.
    pub cost: f64,
    /// The template of a call-in's shift, and its breaks (start, minutes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift: Option<CallInShift>,
    /// Contacts answered within target gained (overtime) or lost (VTO).
    pub contacts: f64,
    /// Effect on every queue's service level over the rest of today.
    pub effect: Vec<QueueEffect>,
}

/// The shift a call-in proposes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallInShift {
    /// Template name.
    pub template: String,
    /// Breaks at the middle of their windows (start, minutes).
    pub breaks: Vec<(Timestamp, u32)>,
}

/// Least minutes between `now` and the start of a call-in shift (time to come in).
pub const CALL_IN_LEAD_MINUTES: i64 = 60;

/// Per interval of today: at work and per-queue service before and after the re-plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntervalCompare {
    /// Interval start.
    pub start: Timestamp,
    /// Reforecast volume per queue.
    pub volume: Vec<f64>,
    /// At work with the plan as it was.
    pub at_work_before: f64,
    /// At work after break moves and all proposals.
    pub at_work_after: f64,
    /// Service level per queue, plan as it was (reforecast volume).
    pub service_before: Vec<Option<f64>>,
    /// Service level per queue after the re-plan.
    pub service_after: Vec<Option<f64>>,
}

/// The re-plan of the rest of today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntradayReplan {
    /// Day index in the horizon.
    pub day: usize,
    /// The time of the re-plan.
    pub now: Timestamp,
    /// Per queue.
    pub reforecast: Vec<QueueReforecast>,
    /// Breaks moved.
    pub breaks_moved: Vec<BreakMove>,
    /// Activity sessions of the plan's agent's day moved (whole groups, inside their windows
    /// and every attendee's shift, clear of breaks and hours off).
    #[serde(default)]
    pub sessions_moved: Vec<SessionMove>,
    /// Proposals, in the order chosen.
    pub proposals: Vec<Proposal>,
    /// Service per queue over the rest of today: plan as it was / breaks moved / all accepted.
    pub rest_of_day: Vec<RestOfDay>,
    /// Today's intervals.
    pub intervals: Vec<IntervalCompare>,
    /// Erlang evaluations made (deterministic work unit).
    pub evaluations: u64,
    /// Warnings.
    pub warnings: Vec<IntradayWarning>,
}

/// One queue's service over the rest of today at each step of the re-plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestOfDay {
    /// Queue id.
    pub queue: String,
    /// The plan as it was, on the reforecast.
    pub plan: Option<f64>,
    /// After moving sessions and breaks.
    pub breaks_moved: Option<f64>,
    /// After all proposals too.
    pub all_proposals: Option<f64>,
}

/// A shift of today with its movable breaks.
struct TodayShift {
    agent: usize,
    start: i64,
    end: i64,
    template: Option<usize>,
    /// (start, minutes, earliest, latest start) in minutes from the grid start.
    breaks: Vec<(i64, i64, i64, i64)>,
    /// Activity sessions and hours off of the plan's agent's day: fixed here.
    fixed: Vec<(i64, i64)>,
}

/// Re-plan the rest of `now`'s day. `histories` are the queues' histories (as for `plan`);
/// a queue whose history ends at the start of today gets the forecast module's credibility-
/// weighted factor.
pub fn intraday(
    plan: &Plan,
    histories: &BTreeMap<String, History>,
    req: &IntradayRequest,
) -> Result<IntradayReplan> {
    let c = check_plan_shape(plan)?;
    let frame = &c.frame;
    let roster = c.roster.as_deref().ok_or_else(|| Error::Empty {
        path: "roster".into(),
        expected: "a plan with a roster (agents in the scenario)".into(),
    })?;
    let grid = *frame.grid();
    let step = i64::from(grid.interval_minutes.max(1));
    let now_k = grid.index_of(req.now.0).ok_or_else(|| {
        Error::invalid(
            "now",
            "an interval start inside the plan's horizon",
            req.now,
        )
    })?;
    let per = grid.per_day();
    let day = now_k / per;
    let (day_lo, day_hi) = (day * per, ((day + 1) * per).min(grid.len));
    let day_start = grid.time(day_lo);
    // Reforecast.
    let mut fc: Vec<QueueForecastOut> = plan.forecast.clone();
    let mut reforecast = Vec::new();
    let mut warnings = Vec::new();
    for (i, a) in req.actuals.iter().enumerate() {
        let Some(qi) = plan.scenario.queues.iter().position(|q| q.id == a.queue) else {
            return Err(Error::invalid(
                format!("actuals[{i}].queue"),
                "the id of a queue of the plan",
                &a.queue,
            ));
        };
        if a.volume.len() != now_k - day_lo {
            return Err(Error::invalid(
                format!("actuals[{i}].volume"),
                format!("{} intervals from midnight to now", now_k - day_lo),
                a.volume.len(),
            ));
        }
        if let Some(j) = a.volume.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
            return Err(Error::invalid(
                format!("actuals[{i}].volume[{j}]"),
                "a number of contacts >= 0",
                a.volume[j],
            ));
        }
        let f = &mut fc[qi];
        let seen: f64 = a.volume.iter().sum();
        let model: f64 = (day_lo..now_k).map(|k| f.volume[k]).sum();
        let factor = match histories.get(&a.queue) {
            Some(h)
                if h.grid.end() == day_start
                    && h.grid.interval_minutes == grid.interval_minutes =>
            {
                credibility_factor(plan, h, a, day_start + Duration::days(1))?
            }
            _ => {
                warnings.push(IntradayWarning::RawRatio {
                    queue: a.queue.clone(),
                });
                (model > 0.0).then(|| seen / model)
            }
        }
        .unwrap_or(1.0);
        for (j, k) in (day_lo..now_k).enumerate() {
            f.volume[k] = a.volume[j];
        }
        for k in now_k..day_hi {
            f.volume[k] *= factor;
        }
        reforecast.push(QueueReforecast {
            queue: a.queue.clone(),
            actual: round6(seen),
            forecast: round6(model),
            factor: round6(factor),
        });
    }
    let stage = frame.forecast(ForecastStage {
        timestamps: plan.timestamps.clone(),
        open: plan.open.clone(),
        forecast: fc.clone(),
        warnings: Vec::new(),
    })?;
    let req_new: Checked<HorizonRequirements> = requirements_stage(frame, &stage)?;
    // With the plan's agent's day: the floor net of sessions and hours off, with the shrinkage
    // the sessions stand for removed (as the plan's KPIs count it).
    let pday = plan.day.as_ref();
    let shrinkage = match pday {
        Some(d) => crate::activities::service::shrinkage_without(frame, &d.replaced_shrinkage),
        None => req_new.shrinkage.clone(),
    };
    let mut curve = ServiceCurve::new(frame, &fc, &req_new, shrinkage);
    let at_work0 = match pday {
        Some(d) => crate::plan::day::day_at_work(frame, roster, d, true),
        None => crate::plan::roster_coverage(frame, roster),
    };
    let now_m = (req.now.0 - grid.start).num_minutes();
    let day_end_m = (day_hi as i64) * step;
    // Today's shifts and their breaks still to come.
    let set = &frame.scenario().shifts;
    let mut today: Vec<TodayShift> = Vec::new();
    for (ai, a) in roster.agents.iter().enumerate() {
        for sh in a.shifts.iter().filter(|s| s.day == day) {
            let start = (sh.start.0 - grid.start).num_minutes();
            let end = (sh.end.0 - grid.start).num_minutes();
            let template = roster
                .shift_types
                .get(sh.shift)
                .and_then(|t| set.templates.iter().position(|x| x.name == t.template));
            let rules = template.map(|t| &set.templates[t].breaks);
            let breaks = sh
                .breaks
                .iter()
                .enumerate()
                .map(|(j, b)| {
                    let lo = (b.start.0 - grid.start).num_minutes();
                    let m = i64::from(b.minutes);
                    let (e, l) = match rules
                        .and_then(|r| r.get(j))
                        .filter(|r| r.minutes == b.minutes)
                    {
                        Some(r) => (
                            start + i64::from(r.earliest_offset_minutes),
                            start + i64::from(r.latest_offset_minutes),
                        ),
                        None => (lo, lo),
                    };
                    (lo, m, e, l)
                })
                .collect();
            let fixed = pday
                .into_iter()
                .flat_map(|d| &d.timelines)
                .filter(|t| t.agent == a.id && t.day == day)
                .flat_map(|t| crate::plan::day::timeline_off(frame, t, true))
                .collect();
            today.push(TodayShift {
                agent: ai,
                start,
                end,
                template,
                breaks,
                fixed,
            });
        }
    }
    let mut at_work = at_work0.clone();
    // 1. Move today's session groups still to come within their activity's window, before
    // the breaks (a group needs common free time; a break can go around it).
    let sessions_moved = match pday {
        Some(d) => move_sessions(
            frame,
            roster,
            d,
            &mut today,
            &mut at_work,
            &mut curve,
            (day, now_m),
        )?,
        None => Vec::new(),
    };
    // 2. Move breaks still to come (start at or after now) within their windows.
    let mut moves: Vec<BreakMove> = Vec::new();
    let original: Vec<Vec<i64>> = today
        .iter()
        .map(|t| t.breaks.iter().map(|b| b.0).collect())
        .collect();
    for _ in 0..BREAK_PASSES {
        let mut moved = false;
        for ts in today.iter_mut() {
            for bj in 0..ts.breaks.len() {
                let (lo, m, e, l) = ts.breaks[bj];
                if lo < now_m || e == l {
                    continue;
                }
                // Back on the floor, then the least-cost start.
                take_off(&mut at_work, step, lo, lo + m, -1.0);
                let others: Vec<(i64, i64)> = ts
                    .breaks
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != bj)
                    .map(|(_, b)| (b.0, b.0 + b.1))
                    .chain(ts.fixed.iter().copied())
                    .collect();
                let mut best = (lo, f64::INFINITY);
                let mut t = e.max(now_m).div_euclid(step) * step;
                if t < e.max(now_m) {
                    t += step;
                }
                while t <= l {
                    let fits = t >= ts.start
                        && t + m <= ts.end
                        && !others.iter().any(|&(a, b)| t < b && a < t + m);
                    // A break may not take an interval off its targets (the old start may).
                    let fits = fits
                        && (t == lo
                            || !breaks_a_target(&mut curve, &at_work, step, t, t + m, 1.0)?);
                    if fits {
                        let loss = loss_of(&mut curve, &at_work, step, t, t + m, 1.0)?;
                        // Strictly better than the current start, else stay.
                        let cur = if t == lo { loss - 1e-9 } else { loss };
                        if cur < best.1 - 1e-9 {
                            best = (t, cur);
                        }
                    }
                    t += step;
                }
                if best.0 != lo {
                    moved = true;
                }
                ts.breaks[bj].0 = best.0;
                take_off(&mut at_work, step, best.0, best.0 + m, 1.0);
            }
        }
        if !moved {
            break;
        }
    }
    for (ti, t) in today.iter().enumerate() {
        for (bj, b) in t.breaks.iter().enumerate() {
            if b.0 != original[ti][bj] {
                moves.push(BreakMove {
                    agent: roster.agents[t.agent].id.clone(),
                    from: Timestamp(grid.start + Duration::minutes(original[ti][bj])),
                    to: Timestamp(grid.start + Duration::minutes(b.0)),
                    minutes: b.1 as u32,
                });
            }
        }
    }
    let at_work_moved = at_work.clone();
    // Positions the reforecast requires (agents net of shrinkage): overtime goes where the
    // floor is short of them, VTO only where it stays above them.
    let positions = req_new.total_positions.clone();
    let rest = (now_k, day_hi);
    // 2. Overtime: extend shifts still running at the end, by one or two intervals, while it
    // buys service; best contacts per unit of cost first.
    let mut proposals: Vec<Proposal> = Vec::new();
    let mut extended: Vec<usize> = Vec::new();
    while proposals.len() < MAX_PROPOSALS {
        let mut best: Option<(f64, usize, i64, f64, f64)> = None;
        for (ti, t) in today.iter().enumerate() {
            if extended.contains(&ti) || t.end <= now_m || t.end >= day_end_m {
                continue;
            }
            for len in [step, 2 * step] {
                let hi = (t.end + len).min(day_end_m);
                if hi <= t.end {
                    continue;
                }
                let gain = -loss_of(&mut curve, &at_work, step, t.end, hi, -1.0)?;
                let short = below_target(&mut curve, &at_work, step, t.end, hi)?
                    || overlaps(step, t.end, hi, at_work.len()).any(|(k, _, _)| {
                        at_work[k] + 1e-9 < f64::from(positions.get(k).copied().unwrap_or(0))
                    });
                if gain <= 1e-9 || !short {
                    continue;
                }
                let cost = overtime_cost(frame, t.template, grid.start, t.end, hi);
                let score = gain / cost.max(1e-9);
                if best.map_or(true, |b| score > b.0 + 1e-12) {
                    best = Some((score, ti, hi, gain, cost));
                }
            }
        }
        let Some((_, ti, hi, gain, cost)) = best else {
            break;
        };
        let t = &today[ti];
        let before = rest_of_day(&mut curve, &fc, &at_work, rest)?;
        take_off(&mut at_work, step, t.end, hi, -1.0);
        let after = rest_of_day(&mut curve, &fc, &at_work, rest)?;
        proposals.push(Proposal {
            kind: ProposalKind::Overtime,
            agent: roster.agents[t.agent].id.clone(),
            start: Timestamp(grid.start + Duration::minutes(t.end)),
            minutes: (hi - t.end) as u32,
            cost: round6(cost),
            contacts: round6(gain),
            effect: effects(frame, &before, &after),
            shift: None,
        });
        extended.push(ti);
    }
    // 3. Call-ins: agents off today (no shift, no day off asked or granted) who could come in
    // for a shift of the rest of today within the labour rules, where a queue misses its
    // target or the floor is short of the positions; best contacts per unit of cost first.
    let candidates = call_in_candidates(frame, roster, day);
    let mut called: Vec<usize> = Vec::new();
    while proposals.len() < MAX_PROPOSALS {
        let mut best: Option<(f64, usize, CallIn, f64)> = None;
        for &ai in candidates.iter().filter(|ai| !called.contains(ai)) {
            for ci in call_in_shifts(frame, roster, ai, day, now_m, day_end_m) {
                let short = below_target(&mut curve, &at_work, step, ci.start, ci.end)?
                    || overlaps(step, ci.start, ci.end, at_work.len()).any(|(k, _, _)| {
                        at_work[k] + 1e-9 < f64::from(positions.get(k).copied().unwrap_or(0))
                    });
                if !short {
                    continue;
                }
                let mut w = at_work.clone();
                ci.add_to(&mut w, step);
                // Only the shift's own intervals change.
                let gain: f64 = overlaps(step, ci.start, ci.end, at_work.len())
                    .map(|(k, _, _)| curve.loss(k, at_work[k], w[k]).map(|l| -l))
                    .sum::<Result<f64>>()?;
                if gain <= 1e-9 {
                    continue;
                }
                let score = gain / ci.cost.max(1e-9);
                if best.as_ref().map_or(true, |b| score > b.0 + 1e-12) {
                    best = Some((score, ai, ci, gain));
                }
            }
        }
        let Some((_, ai, ci, gain)) = best else {
            break;
        };
        let before = rest_of_day(&mut curve, &fc, &at_work, rest)?;
        ci.add_to(&mut at_work, step);
        let after = rest_of_day(&mut curve, &fc, &at_work, rest)?;
        proposals.push(Proposal {
            kind: ProposalKind::CallIn,
            agent: roster.agents[ai].id.clone(),
            start: Timestamp(grid.start + Duration::minutes(ci.start)),
            minutes: (ci.end - ci.start) as u32,
            cost: round6(ci.cost),
            contacts: round6(gain),
            effect: effects(frame, &before, &after),
            shift: Some(CallInShift {
                template: set.templates[ci.template].name.clone(),
                breaks: ci
                    .breaks
                    .iter()
                    .map(|&(b, m)| (Timestamp(grid.start + Duration::minutes(b)), m as u32))
                    .collect(),
            }),
        });
        called.push(ai);
    }
    // 4. VTO: let agents go an hour or two early where no queue loses its target.
    let mut vto = 0;
    for (ti, t) in today.iter().enumerate() {
        if vto >= MAX_PROPOSALS || extended.contains(&ti) {
            continue;
        }
        let len = 2 * step;
        let lo = t.end - len;
        if lo < now_m
            || lo <= t.start
            || t.breaks.iter().any(|b| b.0 + b.1 > lo)
            || t.fixed.iter().any(|&(a, b)| a < t.end && b > lo)
        {
            continue;
        }
        let mut after_w = at_work.clone();
        take_off(&mut after_w, step, lo, t.end, 1.0);
        let mut ok = true;
        for (k, _, _) in overlaps(step, lo, t.end, at_work.len()) {
            let p = curve.at(k, after_w[k])?;
            let need = f64::from(positions.get(k).copied().unwrap_or(0));
            if !p.on_target || after_w[k] + 1e-9 < need {
                ok = false;
                break;
            }
        }
        if !ok {
            continue;
        }
        let loss = loss_of(&mut curve, &at_work, step, lo, t.end, 1.0)?;
        let before = rest_of_day(&mut curve, &fc, &at_work, rest)?;
        let after = rest_of_day(&mut curve, &fc, &after_w, rest)?;
        at_work = after_w;
        proposals.push(Proposal {
            kind: ProposalKind::Vto,
            agent: roster.agents[t.agent].id.clone(),
            start: Timestamp(grid.start + Duration::minutes(lo)),
            minutes: len as u32,
            cost: round6(overtime_cost(frame, t.template, grid.start, lo, t.end)),
            contacts: round6(loss),
            effect: effects(frame, &before, &after),
            shift: None,
        });
        vto += 1;
    }
    // Before/after.
    let s0 = rest_of_day(&mut curve, &fc, &at_work0, rest)?;
    let s1 = rest_of_day(&mut curve, &fc, &at_work_moved, rest)?;
    let s2 = rest_of_day(&mut curve, &fc, &at_work, rest)?;
    let rest_of_day_out = frame
        .scenario()
        .queues
        .iter()
        .enumerate()
        .map(|(qi, q)| RestOfDay {
            queue: q.id.clone(),
            plan: s0[qi].map(round6),
            breaks_moved: s1[qi].map(round6),
            all_proposals: s2[qi].map(round6),
        })
        .collect();
    let mut intervals = Vec::new();
    for k in day_lo..day_hi {
        let (b, a) = (curve.at(k, at_work0[k])?, curve.at(k, at_work[k])?);
        intervals.push(IntervalCompare {
            start: Timestamp(grid.time(k)),
            volume: fc.iter().map(|f| round6(f.volume[k])).collect(),
            at_work_before: round6(at_work0[k]),
            at_work_after: round6(at_work[k]),
            service_before: b.service_levels.iter().map(|x| x.map(round6)).collect(),
            service_after: a.service_levels.iter().map(|x| x.map(round6)).collect(),
        });
    }
    Ok(IntradayReplan {
        day,
        now: req.now,
        reforecast,
        breaks_moved: moves,
        sessions_moved,
        proposals,
        rest_of_day: rest_of_day_out,
        intervals,
        evaluations: curve.evaluations,
        warnings,
    })
}

/// A call-in shift: minutes from the grid start.
struct CallIn {
    template: usize,
    start: i64,
    end: i64,
    /// Unpaid and paid breaks (start, minutes).
    breaks: Vec<(i64, i64)>,
    cost: f64,
}

impl CallIn {
    fn add_to(&self, at_work: &mut [f64], step: i64) {
        take_off(at_work, step, self.start, self.end, -1.0);
        for &(b, m) in &self.breaks {
            take_off(at_work, step, b, b + m, 1.0);
        }
    }
}

/// Agents who may be called in on `day`: rostered nowhere that day, no fixed day off or
/// day-off request that day, no leave asked for it (granted or not: they asked to be off).
fn call_in_candidates(frame: &Frame, roster: &crate::plan::PlanRoster, day: usize) -> Vec<usize> {
    let s = frame.scenario();
    let date = frame.date(day);
    roster
        .agents
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.shifts.iter().any(|sh| sh.day == day))
        .filter(|(_, a)| {
            s.agents.iter().find(|x| x.id == a.id).is_some_and(|x| {
                !x.days_off.contains(&day)
                    && !x.requests.iter().any(|r| r.day == day && r.shift.is_none())
            })
        })
        .filter(|(_, a)| {
            !s.leave
                .as_ref()
                .is_some_and(|l| l.requests.iter().any(|r| r.agent == a.id && r.date == date))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The shifts agent `ai` could be called in for on `day`: each template that may start that
/// weekday, at its starts from `now` + [`CALL_IN_LEAD_MINUTES`] on, with its shortest length,
/// ending by the end of the day, keeping the rest rule with the agent's shifts of the day
/// before and after and the contract's most consecutive working days.
fn call_in_shifts(
    frame: &Frame,
    roster: &crate::plan::PlanRoster,
    ai: usize,
    day: usize,
    now_m: i64,
    day_end_m: i64,
) -> Vec<CallIn> {
    let s = frame.scenario();
    let grid = frame.grid();
    let a = &roster.agents[ai];
    let mins = |t: NaiveDateTime| (t - grid.start).num_minutes();
    let rest = i64::from(s.rules.as_ref().map_or(0, |r| r.min_rest_minutes));
    let prev_end = a
        .shifts
        .iter()
        .filter(|sh| sh.day + 1 == day)
        .map(|sh| mins(sh.end.0))
        .max();
    let next_start = a
        .shifts
        .iter()
        .filter(|sh| sh.day == day + 1)
        .map(|sh| mins(sh.start.0))
        .min();
    // Consecutive working days around today if they come in.
    let works = |d: usize| a.shifts.iter().any(|sh| sh.day == d);
    let mut run = 1;
    let mut d = day;
    while d > 0 && works(d - 1) {
        run += 1;
        d -= 1;
    }
    let mut d = day + 1;
    while works(d) {
        run += 1;
        d += 1;
    }
    let max_run = s
        .agents
        .iter()
        .find(|x| x.id == a.id)
        .and_then(|x| s.contracts.iter().find(|c| c.id == x.contract))
        .map_or(u32::MAX, |c| c.max_consecutive_days);
    if run > max_run as usize {
        return Vec::new();
    }
    let day_m = frame.day_start_minutes(day);
    let weekday = crate::time::Weekday::of(frame.date(day));
    let mut out = Vec::new();
    for (ti, t) in s.shifts.templates.iter().enumerate() {
        if !t.days.contains(&weekday) {
            continue;
        }
        let Some(&len) = t.length_minutes.values().first() else {
            continue;
        };
        let (e, l) = (
            i64::from(t.start.earliest.minutes()),
            i64::from(t.start.latest.minutes()),
        );
        let stepm = i64::from(t.start.step_minutes.max(1));
        let mut m = e;
        while m <= l {
            let start = day_m + m;
            let end = start + i64::from(len);
            m += stepm;
            if start < now_m + CALL_IN_LEAD_MINUTES
                || end > day_end_m
                || prev_end.is_some_and(|p| start - p < rest)
                || next_start.is_some_and(|n| n - end < rest)
            {
                continue;
            }
            let breaks: Vec<(i64, i64)> = t
                .breaks
                .iter()
                .map(|b| {
                    let mid = (b.earliest_offset_minutes + b.latest_offset_minutes) / 2;
                    let mid = i64::from(mid) / 15 * 15;
                    (start + mid, i64::from(b.minutes))
                })
                .collect();
            let unpaid: Vec<(i64, i64)> = t
                .breaks
                .iter()
                .zip(&breaks)
                .filter(|(b, _)| !b.paid)
                .map(|(_, &x)| x)
                .collect();
            let cost = t.cost.per_shift
                + crate::plan::day::minus(start, end, &unpaid)
                    .into_iter()
                    .map(|(x, y)| overtime_cost(frame, Some(ti), grid.start, x, y))
                    .sum::<f64>();
            out.push(CallIn {
                template: ti,
                start,
                end,
                breaks,
                cost,
            });
        }
    }
    out
}

/// The forecast module's intraday factor for a queue whose history ends at the start of
/// today: the history with today's actuals appended, forecast to the end of the day.
fn credibility_factor(
    plan: &Plan,
    h: &History,
    a: &QueueActuals,
    until: NaiveDateTime,
) -> Result<Option<f64>> {
    if a.volume.is_empty() {
        return Ok(None);
    }
    let mut h = h.clone();
    h.volume.extend(a.volume.iter().map(|&v| Some(v)));
    if let Some(aht) = h.aht_seconds.as_mut() {
        aht.extend(a.volume.iter().map(|_| None));
    }
    h.grid.len += a.volume.len();
    h.rows += a.volume.len();
    let options = ForecastOptions {
        method: plan.scenario.forecast.method,
        interval_minutes: None,
        events: plan.scenario.forecast.events.clone(),
    };
    Ok(forecast(&h, until, &options)?.intraday_factor)
}

/// Service loss of taking `count` agents off over `[lo, hi)` (negative count: adding).
fn loss_of(
    curve: &mut ServiceCurve,
    at_work: &[f64],
    step: i64,
    lo: i64,
    hi: i64,
    count: f64,
) -> Result<f64> {
    let mut loss = 0.0;
    for (k, before, after) in taken_off(at_work, step, lo, hi, count) {
        loss += curve.loss(k, before, after)?;
    }
    Ok(loss)
}

/// Move each of today's session groups that starts at or after `now` to the start of least
/// service loss within its activity's window, where every attendee's shift has room (no
/// break, hours off or other session there) and no interval is taken off its targets; one
/// pass, groups in plan order, a group moves only when strictly cheaper.
fn move_sessions(
    frame: &Frame,
    roster: &crate::plan::PlanRoster,
    d: &crate::plan::day::PlanDay,
    today: &mut [TodayShift],
    at_work: &mut [f64],
    curve: &mut ServiceCurve,
    (day, now_m): (usize, i64),
) -> Result<Vec<SessionMove>> {
    let grid = frame.grid();
    let step = i64::from(grid.interval_minutes.max(1));
    let quarter = if step % 15 == 0 { 15 } else { step };
    let day_m = frame.day_start_minutes(day);
    let mut out = Vec::new();
    for (gi, g) in d.groups.iter().enumerate() {
        let lo = (g.start.0 - grid.start).num_minutes();
        let len = i64::from(g.minutes);
        let Some(a) = frame.scenario().activities.get(g.activity) else {
            continue;
        };
        if g.day != day || lo < now_m || g.agents.is_empty() {
            continue;
        }
        let members: Vec<usize> = g
            .agents
            .iter()
            .filter_map(|id| today.iter().position(|t| roster.agents[t.agent].id == *id))
            .collect();
        if members.len() != g.agents.len() {
            continue;
        }
        let n = members.len() as f64;
        // Out of the floor's way while the alternatives are priced.
        take_off(at_work, step, lo, lo + len, -n);
        for &ti in &members {
            if let Some(i) = today[ti].fixed.iter().position(|&x| x == (lo, lo + len)) {
                today[ti].fixed.remove(i);
            }
        }
        let (w0, w1) = (
            day_m + i64::from(a.window.from.minutes()),
            day_m + i64::from(a.window.to.minutes()),
        );
        let free = |t: i64, ts: &TodayShift| {
            t >= ts.start
                && t + len <= ts.end
                && !ts.breaks.iter().any(|b| t < b.0 + b.1 && b.0 < t + len)
                && !ts.fixed.iter().any(|&(x, y)| t < y && x < t + len)
        };
        let mut best = (lo, loss_of(curve, at_work, step, lo, lo + len, n)? - 1e-9);
        let mut t = w0.max(now_m);
        t = day_m + (t - day_m + quarter - 1).div_euclid(quarter) * quarter;
        while t + len <= w1 {
            if t != lo
                && members.iter().all(|&ti| free(t, &today[ti]))
                && !breaks_a_target(curve, at_work, step, t, t + len, n)?
            {
                let loss = loss_of(curve, at_work, step, t, t + len, n)?;
                if loss < best.1 - 1e-9 {
                    best = (t, loss);
                }
            }
            t += quarter;
        }
        let to = best.0;
        take_off(at_work, step, to, to + len, n);
        for &ti in &members {
            today[ti].fixed.push((to, to + len));
        }
        if to != lo {
            out.push(SessionMove {
                group: gi,
                activity: a.name.clone(),
                agents: g.agents.clone(),
                from: g.start,
                to: Timestamp(grid.start + Duration::minutes(to)),
                minutes: g.minutes,
            });
        }
    }
    Ok(out)
}

/// Whether taking `count` agents off over `[lo, hi)` takes an interval that meets every
/// target off one of them.
fn breaks_a_target(
    curve: &mut ServiceCurve,
    at_work: &[f64],
    step: i64,
    lo: i64,
    hi: i64,
    count: f64,
) -> Result<bool> {
    for (k, before, after) in taken_off(at_work, step, lo, hi, count) {
        if curve.at(k, before)?.on_target && !curve.at(k, after)?.on_target {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether some queue misses its target somewhere in `[lo, hi)`.
fn below_target(
    curve: &mut ServiceCurve,
    at_work: &[f64],
    step: i64,
    lo: i64,
    hi: i64,
) -> Result<bool> {
    for (k, _, _) in overlaps(step, lo, hi, at_work.len()) {
        if !curve.at(k, at_work[k])?.on_target {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Volume-weighted service level per queue over `[lo, hi)` intervals.
fn rest_of_day(
    curve: &mut ServiceCurve,
    fc: &[QueueForecastOut],
    at_work: &[f64],
    (lo, hi): (usize, usize),
) -> Result<Vec<Option<f64>>> {
    let n = fc.len();
    let (mut w, mut t) = (vec![0.0; n], vec![0.0; n]);
    for (k, &a) in at_work.iter().enumerate().take(hi).skip(lo) {
        let p = curve.at(k, a)?;
        for (qi, sl) in p.service_levels.iter().enumerate() {
            if let (Some(sl), Some(f)) = (sl, fc.get(qi)) {
                let v = f.volume.get(k).copied().unwrap_or(0.0);
                w[qi] += v;
                t[qi] += v * sl;
            }
        }
    }
    Ok((0..n).map(|q| (w[q] > 0.0).then(|| t[q] / w[q])).collect())
}

fn effects(frame: &Frame, before: &[Option<f64>], after: &[Option<f64>]) -> Vec<QueueEffect> {
    frame
        .scenario()
        .queues
        .iter()
        .enumerate()
        .map(|(qi, q)| QueueEffect {
            queue: q.id.clone(),
            before: before.get(qi).copied().flatten().map(round6),
            after: after.get(qi).copied().flatten().map(round6),
        })
        .collect()
}

/// Paid cost of `[lo, hi)` minutes on a shift of `template`: the per-paid-hour rate plus the
/// night and weekend premiums that apply (no per-shift cost: the shift exists already).
fn overtime_cost(
    frame: &Frame,
    template: Option<usize>,
    start: NaiveDateTime,
    lo: i64,
    hi: i64,
) -> f64 {
    let Some(t) = template.and_then(|t| frame.scenario().shifts.templates.get(t)) else {
        return 0.0;
    };
    let c = &t.cost;
    let mut cost = 0.0;
    let mut m = lo;
    while m < hi {
        let at = start + Duration::minutes(m);
        let mut rate = c.per_paid_hour;
        let mod_ = crate::time::minute_of_day(at);
        if let Some(n) = &c.night_premium {
            let (f, to) = (n.from.minutes(), n.to.minutes());
            let inside = if f <= to {
                mod_ >= f && mod_ < to
            } else {
                mod_ >= f || mod_ < to
            };
            if inside {
                rate += n.per_hour;
            }
        }
        if crate::time::Weekday::of(at.date()).is_weekend() {
            rate += c.weekend_premium_per_hour.unwrap_or(0.0);
        }
        cost += rate / 60.0;
        m += 1;
    }
    cost
}

#[cfg(test)]
mod tests;
