//! Staffing requirements per interval: the `timestamp,agents[,weight]` CSV of
//! `paiban schedule --requirements`, or a curve handed over by the staffing module.
//!
//! The optional `weight` column prices one agent short in that interval relative to the
//! others; without it the weights follow the requirement curve ([`penalty_weights`]).

use crate::error::{Error, Result};
use crate::limits::MAX_PLAN_INTERVALS;
use crate::time::{format_timestamp, parse_timestamp, Grid, PLANNING_INTERVALS};
use chrono::NaiveDateTime;

/// Agents required per interval on a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirements {
    /// The planning grid (contiguous, one row per interval).
    pub grid: Grid,
    /// Agents required in each interval of `grid` (may be fractional).
    pub agents: Vec<f64>,
    /// Relative cost of one agent short per interval, when the file gave a `weight` column.
    pub weights: Option<Vec<f64>>,
}

fn csv_error(line: usize, column: &str, expected: &str, found: &str) -> Error {
    crate::csv::error("requirements", line, column, expected, found)
}

impl Requirements {
    /// A requirement curve on `grid` (from the staffing module); checks lengths and values.
    pub fn new(grid: Grid, agents: Vec<f64>, weights: Option<Vec<f64>>) -> Result<Requirements> {
        if agents.len() != grid.len {
            return Err(Error::Inconsistent {
                path: "requirements.agents".into(),
                other: "requirements.grid.len".into(),
                message: format!("{} values for {} intervals", agents.len(), grid.len),
            });
        }
        if agents.is_empty() {
            return Err(Error::Empty {
                path: "requirements".into(),
                expected: "at least one interval".into(),
            });
        }
        if agents.len() > MAX_PLAN_INTERVALS {
            return Err(Error::TooLarge {
                path: "requirements".into(),
                limit: MAX_PLAN_INTERVALS,
                found: agents.len(),
            });
        }
        for (i, a) in agents.iter().enumerate() {
            crate::error::non_negative(&format!("requirements.agents[{i}]"), *a)?;
        }
        if let Some(w) = &weights {
            if w.len() != agents.len() {
                return Err(Error::Inconsistent {
                    path: "requirements.weights".into(),
                    other: "requirements.agents".into(),
                    message: format!("{} weights for {} intervals", w.len(), agents.len()),
                });
            }
            for (i, x) in w.iter().enumerate() {
                crate::error::non_negative(&format!("requirements.weights[{i}]"), *x)?;
            }
        }
        Ok(Requirements {
            grid,
            agents,
            weights,
        })
    }

    /// Read `timestamp,agents[,weight]` (header required, `,` `;` or tab separated, one row per
    /// interval without gaps, in time order). Errors name the line and column.
    pub fn from_csv(text: &str) -> Result<Requirements> {
        let table = crate::csv::Table::read(
            "requirements",
            text,
            "a header line timestamp,agents and one row per interval",
        )?;
        const HEADER: &str = "a header naming the columns timestamp,agents[,weight]";
        let ts_col = table.require(&["timestamp", "time", "interval_start"], HEADER)?;
        let ag_col = table.require(&["agents", "required", "requirement", "positions"], HEADER)?;
        let w_col = table.column(&["weight"]);
        let mut rows: Vec<(usize, NaiveDateTime, f64, Option<f64>)> = Vec::new();
        for (line, c) in table.rows() {
            if rows.len() >= MAX_PLAN_INTERVALS {
                return Err(Error::TooLarge {
                    path: "requirements".into(),
                    limit: MAX_PLAN_INTERVALS,
                    found: rows.len() + 1,
                });
            }
            let cell = |i: usize, name: &str| {
                c.get(i)
                    .copied()
                    .ok_or_else(|| csv_error(line, name, "a cell under this header", &c.join(",")))
            };
            let ts = cell(ts_col, "timestamp")?;
            let t = parse_timestamp(ts).ok_or_else(|| {
                csv_error(
                    line,
                    "timestamp",
                    "an ISO 8601 local time like 2024-01-01T09:30",
                    ts,
                )
            })?;
            let a = cell(ag_col, "agents")?;
            let agents: f64 = a
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite() && *x >= 0.0 && *x < 1e7)
                .ok_or_else(|| csv_error(line, "agents", "a number of agents >= 0", a))?;
            let weight = match w_col {
                None => None,
                Some(i) => {
                    let w = cell(i, "weight")?;
                    Some(
                        w.parse()
                            .ok()
                            .filter(|x: &f64| x.is_finite() && *x >= 0.0)
                            .ok_or_else(|| csv_error(line, "weight", "a number >= 0", w))?,
                    )
                }
            };
            rows.push((line, t, agents, weight));
        }
        let (first, second) = match (rows.first(), rows.get(1)) {
            (Some(a), Some(b)) => (a, b),
            _ => {
                return Err(Error::Empty {
                    path: "requirements".into(),
                    expected: "at least two rows to infer the interval length".into(),
                })
            }
        };
        let step = (second.1 - first.1).num_minutes();
        let minutes = u32::try_from(step).unwrap_or(0);
        if !PLANNING_INTERVALS.contains(&minutes) || (second.1 - first.1).num_seconds() % 60 != 0 {
            return Err(csv_error(
                second.0,
                "timestamp",
                "rows 15, 30 or 60 minutes apart",
                &format_timestamp(second.1),
            ));
        }
        let grid = Grid::new(first.1, minutes, rows.len())?;
        for (i, r) in rows.iter().enumerate() {
            if r.1 != grid.time(i) {
                return Err(csv_error(
                    r.0,
                    "timestamp",
                    &format!(
                        "{} (one row per {minutes}-minute interval, in order, no gaps)",
                        format_timestamp(grid.time(i))
                    ),
                    &format_timestamp(r.1),
                ));
            }
        }
        let agents = rows.iter().map(|r| r.2).collect();
        let weights = w_col.map(|_| rows.iter().map(|r| r.3.unwrap_or(0.0)).collect());
        Requirements::new(grid, agents, weights)
    }
}

/// Default relative weight of one agent short per interval, from the requirement curve:
/// `0.5 + 0.5 * r_t / mean(r)`. A missing agent in a peak interval strands more contacts than
/// one at night, so peaks weigh more, yet no interval weighs nothing (the mean weight is 1, so
/// `understaffing_penalty` keeps its meaning "cost of one agent-interval short on average").
pub fn penalty_weights(agents: &[f64]) -> Vec<f64> {
    let n = agents.len().max(1) as f64;
    let mean = agents.iter().sum::<f64>() / n;
    if mean <= 0.0 {
        return vec![1.0; agents.len()];
    }
    agents.iter().map(|a| 0.5 + 0.5 * a / mean).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_names_bad_cells() {
        let r =
            Requirements::from_csv("timestamp,agents\n2024-01-01T00:00,3\n2024-01-01T00:30,4.5\n")
                .unwrap();
        assert_eq!(r.grid.interval_minutes, 30);
        assert_eq!(r.agents, vec![3.0, 4.5]);
        let e =
            Requirements::from_csv("timestamp,agents\n2024-01-01T00:00,3\n2024-01-01T00:30,x\n")
                .unwrap_err();
        assert_eq!(e.path(), "requirements:3:agents");
        let e = Requirements::from_csv(
            "timestamp,agents\n2024-01-01T00:00,3\n2024-01-01T00:30,1\n2024-01-01T01:30,1\n",
        )
        .unwrap_err();
        assert_eq!(e.path(), "requirements:4:timestamp");
        let e = Requirements::from_csv("time;volume\n").unwrap_err();
        assert_eq!(e.path(), "requirements:1:agents");
    }

    #[test]
    fn weights_follow_the_curve_with_mean_one() {
        let w = penalty_weights(&[0.0, 10.0, 20.0]);
        assert_eq!(w, vec![0.5, 1.0, 1.5]);
        assert_eq!(penalty_weights(&[0.0, 0.0]), vec![1.0, 1.0]);
    }
}
