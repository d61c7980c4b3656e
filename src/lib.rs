//! paiban (排班): workforce planning for customer-service teams.
//!
//! The engine behind the planning page, the `paiban` CLI and the npm package: interval history
//! goes in, and out come a forecast, staffing requirements per interval, a least-cost shift
//! schedule and a rotation roster, all checked by simulation and validation.
//!
//! ```
//! use paiban::history::History;
//!
//! let csv = "timestamp,volume\n2024-01-01T09:00,12\n2024-01-01T09:30,15\n2024-01-01T10:00,9\n";
//! let history = History::from_csv(csv)?;
//! assert_eq!(history.grid.interval_minutes, 30);
//! assert_eq!(history.total_volume(), 36.0);
//! # Ok::<(), paiban::Error>(())
//! ```
//!
//! The engine does no I/O and reads no clock; `wasm.rs` and `bin/paiban.rs` are thin adapters.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod activities;
pub mod csv;
pub mod error;
pub mod export;
pub mod forecast;
pub mod history;
pub mod import;
pub mod intraday;
pub mod json;
pub mod leave;
pub mod limits;
pub mod lp;
pub mod math;
pub mod plan;
pub mod quote;
pub mod roster;
pub mod scenario;
pub mod schedule;
pub mod simulate;
pub mod staffing;
pub mod time;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Error, Result};
