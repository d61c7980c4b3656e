//! The simulation report as CSV: one row per interval and a last row `overall`.

use super::stats::{Estimate, SimStats};
use super::SimReport;
use std::fmt::Write as _;

/// Figure names in column order (each becomes `NAME,NAME_lo,NAME_hi`).
pub const CSV_FIGURES: [&str; 10] = [
    "offered",
    "answered",
    "abandoned",
    "service_level",
    "service_level_answered",
    "asa_seconds",
    "asa_answered_seconds",
    "abandon_rate",
    "p_wait",
    "occupancy",
];

fn figures(s: &SimStats) -> [Option<Estimate>; 10] {
    [
        s.offered,
        s.answered,
        s.abandoned,
        s.service_level,
        s.service_level_answered,
        s.asa_seconds,
        s.asa_answered_seconds,
        s.abandon_rate,
        s.p_wait,
        s.occupancy,
    ]
}

fn push_stats(out: &mut String, s: &SimStats) {
    for e in figures(s) {
        let cell = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v}"));
        let (m, lo, hi) = match e {
            Some(e) => (Some(e.mean), e.lo, e.hi),
            None => (None, None, None),
        };
        let _ = write!(out, ",{},{},{}", cell(m), cell(lo), cell(hi));
    }
    out.push('\n');
}

impl SimReport {
    /// CSV with header `timestamp,volume,agents,offered,offered_lo,offered_hi,...`; means and
    /// 95% bounds, empty where undefined; the last row is `overall` (after the warm-up).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("timestamp,volume,agents");
        for f in CSV_FIGURES {
            let _ = write!(out, ",{f},{f}_lo,{f}_hi");
        }
        out.push('\n');
        for iv in &self.intervals {
            let _ = write!(out, "{},{},{}", iv.timestamp, iv.volume, iv.agents);
            push_stats(&mut out, &iv.stats);
        }
        out.push_str("overall,,");
        push_stats(&mut out, &self.overall);
        out
    }
}
