//! Helpers for the unit tests of the methods: synthetic histories with a known truth.

use super::calendar::{prepare, Prepared};
use crate::history::History;
use crate::time::{parse_timestamp, Grid};

/// Hourly history from Monday 2024-01-01 where day `d`, hour `h` has `f(d, h)` contacts.
pub(crate) fn hourly(days: usize, f: impl Fn(usize, usize) -> f64) -> History {
    let start = parse_timestamp("2024-01-01T00:00").expect("valid");
    let grid = Grid::new(start, 60, days * 24).expect("valid");
    History {
        grid,
        volume: (0..days * 24).map(|i| Some(f(i / 24, i % 24))).collect(),
        aht_seconds: None,
        rows: days * 24,
        warnings: vec![],
    }
}

/// Prepared layout of [`hourly`].
pub(crate) fn prepared(days: usize, f: impl Fn(usize, usize) -> f64) -> Prepared {
    let h = hourly(days, f);
    prepare(&h, &vec![false; h.grid.len]).expect("prepared")
}

/// Office hours 9–17, weekday level `1 + 0.1·weekday`, hour shape rising to midday.
pub(crate) fn office(d: usize, h: usize) -> f64 {
    if (9..17).contains(&h) {
        (10.0 + h as f64) * (1.0 + 0.1 * (d % 7) as f64)
    } else {
        0.0
    }
}
