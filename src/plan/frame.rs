//! The checked frame every stage runs in, and the checks that turn a stage's input into a
//! [`Checked`] value.
//!
//! Why: the page calls the stages one by one with JSON it kept from the previous calls, and
//! `paiban validate` reads a whole plan from a file; either may have been edited. Rather than
//! every stage re-validating (or, worse, trusting) what it indexes, a [`Frame`] is built once
//! from a scenario by a checked constructor (the scenario's checks, the horizon's grid), and a
//! stage accepts only [`Checked`] inputs, which only this module can make: each array is
//! checked against the horizon and the scenario (lengths, timestamps, queue ids, templates,
//! days, agents) with the JSON path of the first mismatch ("parse, don't validate").

use super::forecast::ForecastStage;
use super::roster::{shift_types, PlanRoster, RosterShiftType};
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::schedule::Schedule;
use crate::staffing::horizon::HorizonRequirements;
use crate::time::{parse_timestamp, Grid};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::HashSet;

pub use crate::scenario::Timestamp;

/// A stage input or output that has been checked against its [`Frame`]. Only the stages and
/// the checks of this module construct one, so holding a `Checked<T>` proves the check ran.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked<T>(T);

impl<T> Checked<T> {
    /// Wrap a value a stage has just computed in this frame (its shape holds by construction).
    pub(super) fn made(value: T) -> Self {
        Checked(value)
    }

    /// The value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Checked<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Serialize> Serialize for Checked<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// One shift of the schedule, parsed once: template index, first interval, length and breaks
/// as minute offsets from the start.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftAt {
    /// Index of the template in `scenario.shifts.templates`.
    pub template: usize,
    /// Start.
    pub start: NaiveDateTime,
    /// Interval offset of the start on the horizon's grid (inside the horizon).
    pub first: usize,
    /// Elapsed minutes from start to end.
    pub span_minutes: u32,
    /// Breaks: (offset from the start in minutes, length in minutes).
    pub breaks: Vec<(i64, u32)>,
    /// Agents on this shift.
    pub count: u32,
    /// Its skill group (index into [`Frame::groups`]; 0 for a single-skill centre).
    pub group: usize,
}

/// A schedule checked against the frame, with its shifts parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedSchedule {
    /// The schedule as the solver (or the plan file) gave it.
    pub schedule: Schedule,
    /// Its shifts, parsed, in the same order.
    pub shifts: Vec<ShiftAt>,
}

impl Serialize for CheckedSchedule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.schedule.serialize(s)
    }
}

/// The scenario and its horizon grid, checked once. Every stage runs in one.
///
/// What every stage needs to know about the centre lives here, so multi-skill planning
/// (issue 16) adds its skill groups and per-agent skills to the frame once, checked against the
/// queues, rather than to each stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    scenario: Scenario,
    grid: Grid,
    groups: Vec<FrameGroup>,
}

/// A skill group of the centre, derived once per frame: from the named agents' skills (one
/// group per distinct skill set, `staffing::skills::skill_groups`; an agent with no skills
/// answers every queue), else from the scenario's `skill_groups`, else one team answering
/// every queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameGroup {
    /// Group id: the declared id, or the agents' queue ids joined by `+` in queue order.
    pub id: String,
    /// Queues its agents answer (indices into `scenario.queues`, ascending).
    pub skills: Vec<usize>,
    /// Its named agents (indices into `scenario.agents`, ascending); empty without agents.
    pub agents: Vec<usize>,
    /// Headcount: the number of its agents, or the declared `max_agents`.
    pub max_agents: Option<u32>,
}

/// The skill groups of a scenario (see [`FrameGroup`]).
fn derive_groups(s: &Scenario) -> Vec<FrameGroup> {
    let nq = s.queues.len();
    let index = |id: &String| s.queues.iter().position(|q| &q.id == id);
    let id_of = |skills: &[usize]| -> String {
        skills
            .iter()
            .filter_map(|&q| s.queues.get(q).map(|x| x.id.as_str()))
            .collect::<Vec<_>>()
            .join("+")
    };
    if !s.agents.is_empty() {
        let skills: Vec<Vec<usize>> = s
            .agents
            .iter()
            .map(|a| {
                if a.skills.is_empty() {
                    (0..nq).collect()
                } else {
                    a.skills.iter().filter_map(index).collect()
                }
            })
            .collect();
        return crate::staffing::skills::skill_groups(&skills)
            .into_iter()
            .map(|d| FrameGroup {
                id: id_of(&d.group.skills),
                skills: d.group.skills,
                max_agents: Some(d.agents.len() as u32),
                agents: d.agents,
            })
            .collect();
    }
    if !s.skill_groups.is_empty() {
        return s
            .skill_groups
            .iter()
            .map(|g| {
                let mut skills: Vec<usize> = g.skills.iter().filter_map(index).collect();
                skills.sort_unstable();
                skills.dedup();
                FrameGroup {
                    id: g.id.clone(),
                    skills,
                    agents: Vec::new(),
                    max_agents: g.max_agents,
                }
            })
            .collect();
    }
    let skills: Vec<usize> = (0..nq).collect();
    vec![FrameGroup {
        id: id_of(&skills),
        skills,
        agents: Vec::new(),
        max_agents: None,
    }]
}

/// Earliest horizon start accepted (keeps date arithmetic far from chrono's range).
const FIRST_YEAR: i32 = 1900;
/// Latest horizon start accepted.
const LAST_YEAR: i32 = 2200;

impl Frame {
    /// Check a scenario and lay out its horizon.
    pub fn new(scenario: Scenario) -> Result<Frame> {
        scenario.check()?;
        let start = scenario.horizon.start;
        if !(FIRST_YEAR..=LAST_YEAR).contains(&chrono::Datelike::year(&start)) {
            return Err(Error::invalid(
                "horizon.start",
                format!("a date between {FIRST_YEAR} and {LAST_YEAR}"),
                start,
            ));
        }
        let grid = Grid::new(
            start.and_time(chrono::NaiveTime::MIN),
            scenario.interval_minutes,
            scenario.horizon.days as usize * (1440 / scenario.interval_minutes) as usize,
        )?;
        let groups = derive_groups(&scenario);
        Ok(Frame {
            scenario,
            grid,
            groups,
        })
    }

    /// The centre's skill groups (one team answering every queue for a single-skill centre).
    pub fn groups(&self) -> &[FrameGroup] {
        &self.groups
    }

    /// Whether the centre has several skill groups (or one that lacks a queue): the stages
    /// then plan per group. A single team answering every queue plans exactly as before.
    pub fn multi_skill(&self) -> bool {
        let nq = self.scenario.queues.len();
        !(self.groups.len() == 1 && self.groups[0].skills.len() == nq)
    }

    /// The groups agent `a` (index into `scenario.agents`) may be rostered for: those whose
    /// skills are a subset of the agent's (an agent with no skills answers every queue).
    pub fn eligible_groups(&self, a: usize) -> Vec<usize> {
        let Some(own) = self.groups.iter().find(|g| g.agents.contains(&a)) else {
            return Vec::new();
        };
        (0..self.groups.len())
            .filter(|&g| self.groups[g].skills.iter().all(|q| own.skills.contains(q)))
            .collect()
    }

    /// Whether agents with the skills `wide` working for a group with the skills `narrow` (a
    /// subset) are drawn away from it by chat: `wide` has a chat queue `narrow` lacks and
    /// `narrow` has a voice queue. A chat takes a fraction of an agent and goes to the agent
    /// with the least in hand, so a blended agent with nothing in hand takes the next chat
    /// before the chat-only agents' third one and is then closed to calls (the routing of
    /// `simulate::multiskill`): such an agent answers the narrower group's calls only when its
    /// chats are quiet. Stage 3 does not count their surplus for that group, and the roster
    /// prices such a stand-in near an unstaffed shift.
    pub fn chat_draws_away(&self, wide: &[usize], narrow: &[usize]) -> bool {
        let chat = |q: &usize| {
            self.scenario
                .queues
                .get(*q)
                .is_some_and(|x| x.channel == crate::staffing::Channel::Chat)
        };
        wide.iter().any(|q| chat(q) && !narrow.contains(q)) && narrow.iter().any(|q| !chat(q))
    }

    /// The group of agent `a` (its own skill set).
    pub fn group_of_agent(&self, a: usize) -> Option<usize> {
        self.groups.iter().position(|g| g.agents.contains(&a))
    }

    /// Parse a scenario from JSON text and check it.
    pub fn from_json(text: &str) -> Result<Frame> {
        Frame::new(Scenario::from_json(text)?)
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The horizon's interval grid.
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// Intervals in the horizon.
    pub fn len(&self) -> usize {
        self.grid.len
    }

    /// Whether the horizon is empty (never, for a checked scenario).
    pub fn is_empty(&self) -> bool {
        self.grid.len == 0
    }

    /// Days in the horizon.
    pub fn days(&self) -> usize {
        self.scenario.horizon.days as usize
    }

    /// Date of day `d` of the horizon.
    pub fn date(&self, d: usize) -> NaiveDate {
        self.scenario.horizon.start + Duration::days(d as i64)
    }

    /// Midnight of day `d`, in minutes from the grid start (the unit the placers work in).
    pub fn day_start_minutes(&self, d: usize) -> i64 {
        (self.date(d).and_hms_opt(0, 0, 0).unwrap_or_default() - self.grid().start).num_minutes()
    }

    /// The interval timestamps of the horizon.
    pub fn timestamps(&self) -> Vec<Timestamp> {
        (0..self.grid.len)
            .map(|i| Timestamp(self.grid.time(i)))
            .collect()
    }

    /// Check a forecast stage (`prefix` locates it: "" for a stage document, "" for a plan too,
    /// whose fields sit at the top).
    pub fn forecast(&self, f: ForecastStage) -> Result<Checked<ForecastStage>> {
        let n = self.len();
        self.check_timestamps("timestamps", &f.timestamps)?;
        same_len("open", f.open.len(), n, "timestamps")?;
        let queues = &self.scenario.queues;
        same_len(
            "forecast",
            f.forecast.len(),
            queues.len(),
            "scenario.queues",
        )?;
        for (qi, (q, sq)) in f.forecast.iter().zip(queues).enumerate() {
            let p = format!("forecast[{qi}]");
            if q.queue != sq.id {
                return Err(Error::Inconsistent {
                    path: format!("{p}.queue"),
                    other: format!("scenario.queues[{qi}].id"),
                    message: format!("queue \"{}\" where the scenario has \"{}\"", q.queue, sq.id),
                });
            }
            for (name, v) in [
                ("volume", &q.volume),
                ("lo80", &q.lo80),
                ("hi80", &q.hi80),
                ("lo95", &q.lo95),
                ("hi95", &q.hi95),
                ("aht_seconds", &q.aht_seconds),
            ] {
                same_len(&format!("{p}.{name}"), v.len(), n, "timestamps")?;
                for (i, &x) in v.iter().enumerate() {
                    if !(x.is_finite() && x >= 0.0) {
                        return Err(Error::invalid(
                            format!("{p}.{name}[{i}]"),
                            "a finite number >= 0",
                            crate::error::num(x),
                        ));
                    }
                }
            }
            for (i, (&v, &a)) in q.volume.iter().zip(&q.aht_seconds).enumerate() {
                if v > 0.0 && a <= 0.0 {
                    return Err(Error::invalid(
                        format!("{p}.aht_seconds[{i}]"),
                        "a handle time > 0 where there is volume",
                        a,
                    ));
                }
            }
            if let Some(w) = q.backtest_wape {
                crate::error::non_negative(&format!("{p}.backtest_wape"), w)?;
            }
        }
        Ok(Checked(f))
    }

    /// Check requirements (`prefix`: "" for a stage document, "requirements" in a plan).
    pub fn requirements(
        &self,
        prefix: &str,
        r: HorizonRequirements,
    ) -> Result<Checked<HorizonRequirements>> {
        let n = self.len();
        let at = |f: &str| join(prefix, f);
        if r.interval_minutes != self.grid.interval_minutes {
            return Err(Error::Inconsistent {
                path: at("interval_minutes"),
                other: "scenario.interval_minutes".into(),
                message: "the requirements are on another grid".into(),
            });
        }
        same_len(&at("timestamps"), r.timestamps.len(), n, "the horizon")?;
        for (i, t) in r.timestamps.iter().enumerate() {
            if parse_timestamp(t) != Some(self.grid.time(i)) {
                return Err(Error::invalid(
                    at(&format!("timestamps[{i}]")),
                    format!("{}", Timestamp(self.grid.time(i))),
                    t,
                ));
            }
        }
        let queues = &self.scenario.queues;
        same_len(
            &at("queues"),
            r.queues.len(),
            queues.len(),
            "scenario.queues",
        )?;
        for (qi, (q, sq)) in r.queues.iter().zip(queues).enumerate() {
            let p = at(&format!("queues[{qi}]"));
            if q.queue != sq.id {
                return Err(Error::Inconsistent {
                    path: format!("{p}.queue"),
                    other: format!("scenario.queues[{qi}].id"),
                    message: format!("queue \"{}\" where the scenario has \"{}\"", q.queue, sq.id),
                });
            }
            same_len(&format!("{p}.agents"), q.agents.len(), n, "the horizon")?;
            for (name, v) in [
                ("service_level", &q.service_level),
                ("occupancy", &q.occupancy),
                ("asa_seconds", &q.asa_seconds),
            ] {
                same_len(&format!("{p}.{name}"), v.len(), n, "the horizon")?;
            }
            if let Some(b) = &q.backlog {
                same_len(&format!("{p}.backlog"), b.len(), n, "the horizon")?;
            }
            if let Some(k) = q.unmet.iter().position(|&i| i >= n) {
                return Err(Error::invalid(
                    format!("{p}.unmet[{k}]"),
                    format!("an interval index below {n}"),
                    q.unmet[k],
                ));
            }
        }
        same_len(&at("total_agents"), r.total_agents.len(), n, "the horizon")?;
        same_len(
            &at("total_positions"),
            r.total_positions.len(),
            n,
            "the horizon",
        )?;
        same_len(&at("shrinkage"), r.shrinkage.len(), n, "the horizon")?;
        match (&r.groups, self.multi_skill()) {
            (None, false) => {}
            (None, true) => {
                return Err(Error::Empty {
                    path: at("groups"),
                    expected: "requirements per skill group (the scenario has several)".into(),
                })
            }
            (Some(_), false) => {
                return Err(Error::Inconsistent {
                    path: at("groups"),
                    other: "scenario.agents".into(),
                    message: "requirements per skill group for a single-skill centre".into(),
                })
            }
            (Some(gs), true) => {
                same_len(
                    &at("groups"),
                    gs.len(),
                    self.groups.len(),
                    "the skill groups",
                )?;
                for (gi, (g, fg)) in gs.iter().zip(&self.groups).enumerate() {
                    let p = at(&format!("groups[{gi}]"));
                    if g.id != fg.id {
                        return Err(Error::invalid(format!("{p}.id"), &fg.id, &g.id));
                    }
                    same_len(&format!("{p}.agents"), g.agents.len(), n, "the horizon")?;
                    same_len(
                        &format!("{p}.positions"),
                        g.positions.len(),
                        n,
                        "the horizon",
                    )?;
                }
            }
        }
        for (i, &s) in r.shrinkage.iter().enumerate() {
            crate::error::fraction(&at(&format!("shrinkage[{i}]")), s, 0.0, 0.99)?;
        }
        Ok(Checked(r))
    }

    /// Check a schedule against the scenario's templates and the horizon, parsing its shifts
    /// (`prefix`: "" for a stage document, "schedule" in a plan).
    pub fn schedule(&self, prefix: &str, s: Schedule) -> Result<CheckedSchedule> {
        let n = self.len();
        let at = |f: &str| join(prefix, f);
        same_len(&at("coverage"), s.coverage.len(), n, "the horizon")?;
        for (i, c) in s.coverage.iter().enumerate() {
            if c.timestamp.0 != self.grid.time(i) {
                return Err(Error::invalid(
                    at(&format!("coverage[{i}].timestamp")),
                    format!("{}", Timestamp(self.grid.time(i))),
                    c.timestamp.to_string(),
                ));
            }
            for (name, x) in [
                ("required", c.required),
                ("scheduled", c.scheduled),
                ("under", c.under),
                ("over", c.over),
            ] {
                crate::error::non_negative(&at(&format!("coverage[{i}].{name}")), x)?;
            }
        }
        super::schedule::check_groups(self, prefix, &s)?;
        let templates = &self.scenario.shifts.templates;
        let step = i64::from(self.grid.interval_minutes);
        let mut shifts = Vec::with_capacity(s.shifts.len());
        for (si, sh) in s.shifts.iter().enumerate() {
            let p = at(&format!("shifts[{si}]"));
            let template = templates
                .iter()
                .position(|t| t.name == sh.template)
                .ok_or_else(|| {
                    Error::invalid(
                        format!("{p}.template"),
                        "the name of a template in scenario.shifts",
                        &sh.template,
                    )
                })?;
            let (start, end) = (sh.start.0, sh.end.0);
            let first = self.grid.index_of(start).ok_or_else(|| {
                Error::invalid(
                    format!("{p}.start"),
                    "an interval start inside the horizon",
                    sh.start.to_string(),
                )
            })?;
            let span = (end - start).num_minutes();
            if span <= 0 || span > 1440 || span % step != 0 {
                return Err(Error::Inconsistent {
                    path: format!("{p}.end"),
                    other: format!("{p}.start"),
                    message: format!(
                        "a shift of {span} minutes: expected 1 to 24 hours in whole intervals"
                    ),
                });
            }
            let mut breaks = Vec::with_capacity(sh.breaks.len());
            for (bi, b) in sh.breaks.iter().enumerate() {
                let bp = format!("{p}.breaks[{bi}]");
                let bs = b.start.0;
                let offset = (bs - start).num_minutes();
                if offset < 0
                    || offset + i64::from(b.minutes) > span
                    || offset % step != 0
                    || b.minutes == 0
                {
                    return Err(Error::Inconsistent {
                        path: bp,
                        other: p.clone(),
                        message: "a break must lie inside its shift, on the grid".into(),
                    });
                }
                breaks.push((offset, b.minutes));
            }
            if !(sh.paid_hours.is_finite() && sh.cost.is_finite()) {
                return Err(Error::invalid(
                    format!("{p}.paid_hours"),
                    "finite numbers",
                    sh.paid_hours,
                ));
            }
            shifts.push(ShiftAt {
                template,
                start,
                first,
                span_minutes: span as u32,
                breaks,
                count: sh.count,
                group: sh
                    .group
                    .as_ref()
                    .and_then(|g| self.groups.iter().position(|x| &x.id == g))
                    .unwrap_or(0),
            });
        }
        Ok(CheckedSchedule {
            schedule: s,
            shifts,
        })
    }

    /// Check a roster against the scenario's agents, the horizon's days and the shift types
    /// the schedule gives (`prefix`: "" for a stage document, "roster" in a plan).
    pub fn roster(
        &self,
        prefix: &str,
        sched: &CheckedSchedule,
        r: PlanRoster,
    ) -> Result<Checked<PlanRoster>> {
        let at = |f: &str| join(prefix, f);
        let days = self.days();
        same_len(&at("days"), r.days.len(), days, "scenario.horizon.days")?;
        for (d, day) in r.days.iter().enumerate() {
            if *day != self.date(d) {
                return Err(Error::invalid(
                    at(&format!("days[{d}]")),
                    self.date(d).to_string(),
                    day,
                ));
            }
        }
        if let Some(p) = r.solver.portfolio {
            let most = crate::roster::portfolio::MAX_MEMBERS as u32;
            if !(2..=most).contains(&p.members) {
                return Err(Error::invalid(
                    at("solver.portfolio.members"),
                    format!("2 to {most} searches"),
                    p.members,
                ));
            }
            if p.chosen >= p.members {
                return Err(Error::invalid(
                    at("solver.portfolio.chosen"),
                    format!("a member index below {}", p.members),
                    p.chosen,
                ));
            }
        }
        let types: Vec<RosterShiftType> = shift_types(self, sched);
        same_len(
            &at("shift_types"),
            r.shift_types.len(),
            types.len(),
            "the schedule's shift types",
        )?;
        for (i, (got, want)) in r.shift_types.iter().zip(&types).enumerate() {
            if got != want {
                return Err(Error::Inconsistent {
                    path: at(&format!("shift_types[{i}]")),
                    other: join(if prefix.is_empty() { "" } else { "schedule" }, "shifts"),
                    message: format!(
                        "{} {} ({} min) where the schedule gives {} {} ({} min)",
                        got.template,
                        got.start,
                        got.span_minutes,
                        want.template,
                        want.start,
                        want.span_minutes
                    ),
                });
            }
        }
        let agents = &self.scenario.agents;
        let known = |id: &str| agents.iter().any(|a| a.id == id);
        let mut seen = HashSet::new();
        for (ai, a) in r.agents.iter().enumerate() {
            let p = at(&format!("agents[{ai}]"));
            if !known(&a.id) {
                return Err(Error::invalid(
                    format!("{p}.id"),
                    "the id of an agent of the scenario",
                    &a.id,
                ));
            }
            if !seen.insert(a.id.as_str()) {
                return Err(Error::invalid(format!("{p}.id"), "each agent once", &a.id));
            }
            crate::error::non_negative(&format!("{p}.paid_hours"), a.paid_hours)?;
            for (k, sh) in a.shifts.iter().enumerate() {
                let sp = format!("{p}.shifts[{k}]");
                if sh.day >= days {
                    return Err(Error::invalid(
                        format!("{sp}.day"),
                        format!("a day index below {days}"),
                        sh.day,
                    ));
                }
                let ty = types.get(sh.shift).ok_or_else(|| {
                    Error::invalid(
                        format!("{sp}.shift"),
                        format!("an index into shift_types (below {})", types.len()),
                        sh.shift,
                    )
                })?;
                let start = self.date(sh.day).and_time(chrono::NaiveTime::MIN)
                    + Duration::minutes(i64::from(ty.start.minutes()));
                let end = start + Duration::minutes(i64::from(ty.span_minutes));
                if sh.start.0 != start || sh.end.0 != end {
                    return Err(Error::Inconsistent {
                        path: format!("{sp}.start"),
                        other: at(&format!("shift_types[{}]", sh.shift)),
                        message: format!(
                            "{}–{} where day {} of shift type {} runs {}–{}",
                            sh.start,
                            sh.end,
                            sh.day,
                            sh.shift,
                            Timestamp(start),
                            Timestamp(end)
                        ),
                    });
                }
            }
        }
        let type_count = types.len();
        for (k, s) in r.shortages.iter().enumerate() {
            let p = at(&format!("shortages[{k}]"));
            if s.day >= days {
                return Err(Error::invalid(
                    format!("{p}.day"),
                    format!("below {days}"),
                    s.day,
                ));
            }
            if s.shift >= type_count {
                return Err(Error::invalid(
                    format!("{p}.shift"),
                    format!("an index into shift_types (below {type_count})"),
                    s.shift,
                ));
            }
            for (field, ids) in [
                ("available", &s.available),
                ("needed_elsewhere", &s.needed_elsewhere),
                ("trainable", &s.trainable),
            ] {
                if let Some(j) = ids.iter().position(|id| !known(id)) {
                    return Err(Error::invalid(
                        format!("{p}.{field}[{j}]"),
                        "the id of an agent of the scenario",
                        &ids[j],
                    ));
                }
            }
        }
        for (k, b) in r.breaks.iter().enumerate() {
            if !known(&b.agent) {
                return Err(Error::invalid(
                    at(&format!("breaks[{k}].agent")),
                    "the id of an agent of the scenario",
                    &b.agent,
                ));
            }
        }
        for (k, f) in r.fairness.agents.iter().enumerate() {
            if !known(&f.agent) {
                return Err(Error::invalid(
                    at(&format!("fairness.agents[{k}].agent")),
                    "the id of an agent of the scenario",
                    &f.agent,
                ));
            }
        }
        for (k, c) in r.changes.iter().enumerate() {
            if !known(&c.agent) || c.day >= days {
                return Err(Error::invalid(
                    at(&format!("changes[{k}]")),
                    "an agent of the scenario on a day of the horizon",
                    format!("{} day {}", c.agent, c.day),
                ));
            }
        }
        Ok(Checked(r))
    }

    fn check_timestamps(&self, path: &str, ts: &[Timestamp]) -> Result<()> {
        same_len(path, ts.len(), self.len(), "the horizon")?;
        for (i, t) in ts.iter().enumerate() {
            if t.0 != self.grid.time(i) {
                return Err(Error::invalid(
                    format!("{path}[{i}]"),
                    format!("{}", Timestamp(self.grid.time(i))),
                    t,
                ));
            }
        }
        Ok(())
    }

    /// Check a plan's interval timestamps against the horizon.
    pub fn check_plan_timestamps(&self, ts: &[Timestamp]) -> Result<()> {
        self.check_timestamps("timestamps", ts)
    }
}

/// `prefix.field`, or `field` alone at the top of a document.
pub(crate) fn join(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_string()
    } else {
        format!("{prefix}.{field}")
    }
}

/// An array that must have `want` items.
pub(crate) fn same_len(path: &str, got: usize, want: usize, other: &str) -> Result<()> {
    if got == want {
        Ok(())
    } else {
        Err(Error::Inconsistent {
            path: path.to_string(),
            other: other.to_string(),
            message: format!("{got} values where {want} are expected"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_draws_blended_agents_away_from_calls_only() {
        // Queues: pre-sales chat (0), after-sales voice (1), VIP voice (2).
        let f = Frame::from_json(include_str!("../../tests/data/skills/chat_centre.json")).unwrap();
        assert!(f.chat_draws_away(&[0, 2], &[2]));
        assert!(f.chat_draws_away(&[0, 1, 2], &[1, 2]));
        // No chat skill to be drawn to, or the narrower group has the same chat.
        assert!(!f.chat_draws_away(&[1, 2], &[2]));
        assert!(!f.chat_draws_away(&[0, 2], &[0]));
        assert!(!f.chat_draws_away(&[0, 1], &[0, 1]));
    }

    #[test]
    fn timestamps_round_trip_and_reject_garbage() {
        let t: Timestamp = serde_json::from_str("\"2024-01-01T08:30\"").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"2024-01-01T08:30\"");
        assert!(serde_json::from_str::<Timestamp>("\"soon\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("3").is_err());
    }
}
