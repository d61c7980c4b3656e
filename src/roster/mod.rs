//! Rotation rostering (排班): named agents over weeks under labour rules.
//!
//! Why: a shift schedule says how many people start when; a roster says *who* works which shift
//! on which day, under contracts (minutes, consecutive days, days off, weekends, rest between
//! shifts), requests and fairness, and must change little once published.
//!
//! Layers: [`nrp`] reads the Curtois & Qu benchmark format and [`input`] holds our own JSON
//! types, which [`model`] checks and compiles; both compile to one dense [`problem::Problem`]; [`rules`] holds one named function per labour rule;
//! [`search`] constructs and improves a roster (simulated annealing, seeded, single thread);
//! [`penalty`] recomputes the benchmark objective and checks hard rules independently;
//! [`rotation`] builds fair cyclic rotations (the fairness report sits beside the output in
//! [`model`]); [`repair`] re-optimises after
//! pins or absences with few changes.

pub mod agents_csv;
pub mod exact;
pub mod generator;
pub mod input;
pub mod model;
pub mod nrp;
pub mod penalty;
pub mod portfolio;
pub mod problem;
pub mod repair;
pub mod rotation;
pub mod row_dp;
pub mod rules;
pub mod search;

use crate::error::Result;
use serde::Serialize;

/// Result of rostering a benchmark instance ([`roster_nrp`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NrpOutput {
    /// The benchmark objective, recomputed by the independent checker ([`penalty::check_nrp`]).
    pub penalty: u64,
    /// Part of the penalty from cover (under and over).
    pub cover_penalty: u64,
    /// Part of the penalty from shift-on and shift-off requests.
    pub request_penalty: u64,
    /// Whether every hard constraint holds (checked independently).
    pub feasible: bool,
    /// Per employee, one shift id or "" per day.
    pub assignment: nrp::NrpAssignment,
    /// Broken hard constraints (empty when feasible).
    pub violations: Vec<penalty::HardViolation>,
    /// Under-covered days and shifts with the rules that bind.
    pub shortages: Vec<search::Shortage>,
    /// Work done (moves plus row-programme labels / 4).
    pub iterations: u64,
    /// The work budget of each search.
    pub work_budget: u64,
    /// Whether the work budget or the wall-clock cap ended the (chosen) search.
    pub stopped_by: search::StopReason,
    /// Independent searches whose best this is ([`portfolio`]).
    pub workers: usize,
    /// Milliseconds spent searching.
    pub elapsed_ms: u64,
}

/// Roster a parsed benchmark instance within the budget.
pub fn roster_nrp(inst: &nrp::NrpInstance, opts: &search::SearchOptions) -> Result<NrpOutput> {
    portfolio::nrp_member(inst, opts, 0)
}

/// Parse a benchmark instance from text and roster it ([`roster_nrp`]).
pub fn roster_nrp_text(text: &str, opts: &search::SearchOptions) -> Result<NrpOutput> {
    roster_nrp(&nrp::NrpInstance::parse(text)?, opts)
}

/// Parse a [`model::RosterInput`] from JSON and roster it ([`model::roster`]).
pub fn roster_json(text: &str, opts: &search::SearchOptions) -> Result<model::RosterOutput> {
    model::roster(&model::RosterInput::from_json(text)?, opts)
}

/// Parse a [`repair::RepairInput`] from JSON and repair the published roster.
pub fn repair_json(text: &str, opts: &search::SearchOptions) -> Result<repair::RepairOutput> {
    let input: repair::RepairInput = crate::json::from_json("repair", text)?;
    repair::repair(&input, opts)
}
