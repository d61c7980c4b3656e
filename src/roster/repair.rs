//! Minimal-change repair of a published roster.
//!
//! Agents plan their lives around a published roster and hate churn, so after a planner pins a
//! cell or an agent falls absent, the roster is re-optimised from the published one with every
//! changed cell costing `change_weight` (on top of the usual costs): the search only changes
//! what buys more than it costs. Pins and absences are hard.

use super::model::{output, RosterInput, RosterOutput};
use super::problem::OFF;
use super::search::{solve, SearchOptions};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// A cell the planner fixes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    /// Agent id.
    pub agent: String,
    /// Day index.
    pub day: usize,
    /// Shift id, or `None` for a day off.
    pub shift: Option<String>,
}

/// An agent absent on some days (sick, leave).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    /// Agent id.
    pub agent: String,
    /// Day indices.
    pub days: Vec<usize>,
}

/// What to repair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepairInput {
    /// The roster problem.
    pub input: RosterInput,
    /// The published roster: per agent (input order), a shift id or "" per day.
    pub published: Vec<Vec<String>>,
    /// Pinned cells.
    pub pins: Vec<Pin>,
    /// Absences.
    pub absences: Vec<Absence>,
    /// Cost of each cell changed versus the published roster.
    pub change_weight: u32,
}

/// One changed cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Agent id.
    pub agent: String,
    /// Day index.
    pub day: usize,
    /// Published value ("" = off).
    pub from: String,
    /// New value ("" = off).
    pub to: String,
}

/// Result of [`repair`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepairOutput {
    /// The repaired roster and its reports.
    pub roster: RosterOutput,
    /// Cells that differ from the published roster.
    pub changes: Vec<Change>,
}

/// Re-optimise a published roster after pins and absences, changing as little as is worth it.
pub fn repair(r: &RepairInput, opts: &SearchOptions) -> Result<RepairOutput> {
    let input = &r.input;
    let mut p = input.to_problem()?;
    p.change_weight = r.change_weight;
    let shift = |id: &str, path: String| -> Result<u8> {
        if id.is_empty() {
            return Ok(OFF);
        }
        input
            .shifts
            .iter()
            .position(|s| s.id == id)
            .map(|s| s as u8)
            .ok_or_else(|| Error::invalid(path, "a shift id or \"\"", id))
    };
    if r.published.len() != p.employees.len() {
        return Err(Error::invalid(
            "published",
            format!("{} rows (one per agent)", p.employees.len()),
            r.published.len(),
        ));
    }
    let mut start = Vec::with_capacity(p.employees.len());
    for (i, row) in r.published.iter().enumerate() {
        if row.len() != p.days {
            return Err(Error::invalid(
                format!("published[{i}]"),
                format!("{} days", p.days),
                row.len(),
            ));
        }
        let cells = row
            .iter()
            .enumerate()
            .map(|(d, id)| shift(id, format!("published[{i}][{d}]")))
            .collect::<Result<Vec<u8>>>()?;
        start.push(cells);
    }
    let agent = |id: &str, path: String| -> Result<usize> {
        input
            .agents
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| Error::invalid(path, "an agent id", id))
    };
    for (k, pin) in r.pins.iter().enumerate() {
        let e = agent(&pin.agent, format!("pins[{k}].agent"))?;
        let v = match &pin.shift {
            Some(id) => shift(id, format!("pins[{k}].shift"))?,
            None => OFF,
        };
        let cell = p.employees[e].pinned.get_mut(pin.day).ok_or_else(|| {
            Error::invalid(format!("pins[{k}].day"), format!("0..{}", p.days), pin.day)
        })?;
        *cell = Some(v);
        start[e][pin.day] = v;
    }
    for (k, a) in r.absences.iter().enumerate() {
        let e = agent(&a.agent, format!("absences[{k}].agent"))?;
        for &d in &a.days {
            let cell = p.employees[e].pinned.get_mut(d).ok_or_else(|| {
                Error::invalid(format!("absences[{k}].days"), format!("0..{}", p.days), d)
            })?;
            *cell = Some(OFF);
            start[e][d] = OFF;
        }
    }
    for (e, row) in p.employees.iter_mut().zip(&r.published) {
        let reference = row
            .iter()
            .map(|id| {
                input
                    .shifts
                    .iter()
                    .position(|s| &s.id == id)
                    .map_or(OFF, |s| s as u8)
            })
            .collect();
        e.reference = Some(reference);
    }
    let res = solve(&p, opts, Some(&start))?;
    let out = output(input, &p, &res.cells, res.iterations);
    let changes = out
        .roster
        .iter()
        .zip(&r.published)
        .flat_map(|(a, old)| {
            a.shifts
                .iter()
                .zip(old)
                .enumerate()
                .filter(|(_, (n, o))| n != o)
                .map(|(d, (n, o))| Change {
                    agent: a.agent.clone(),
                    day: d,
                    from: o.clone(),
                    to: n.clone(),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    Ok(RepairOutput {
        roster: out,
        changes,
    })
}
