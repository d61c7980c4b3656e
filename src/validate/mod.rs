//! Plan validation for CI: checks -> a [`Report`] of violations -> text, JSON or JUnit XML, and
//! an exit code (0 clean, 1 violations).
//!
//! Why it exists: a plan made on the page (or by hand) is a contract with a client (service
//! level) and with staff (labour rules). `paiban validate` lets a pipeline refuse a plan that
//! breaks either, naming each interval or agent and date, the rule, the value and the limit;
//! JUnit XML makes every CI system show broken rules as failed tests.
//!
//! This module holds the report machinery and the checks that need no plan types
//! ([`check_intervals`]); checks of schedules and rosters add their own [`Report::record`] calls
//! with rule names a planner reads ("at least 11 h rest between shifts").
//!
//! ```
//! use paiban::validate::{check_intervals, render, Format, IntervalAchieved, IntervalTargets,
//!     ServiceLevelTarget};
//!
//! let targets = IntervalTargets {
//!     service_level: Some(ServiceLevelTarget { fraction: 0.8, answer_seconds: 20.0 }),
//!     max_asa_seconds: None,
//!     max_abandon_rate: None,
//!     max_occupancy: Some(0.85),
//! };
//! let achieved = [IntervalAchieved {
//!     timestamp: "2024-01-01T09:00".into(),
//!     service_level: Some(0.72),
//!     asa_seconds: None,
//!     abandon_rate: None,
//!     occupancy: Some(0.8),
//! }];
//! let report = check_intervals(&targets, &achieved)?;
//! assert_eq!(report.exit_code(), 1);
//! let text = render(&report, Format::Text)?;
//! assert!(text.contains("interval 2024-01-01T09:00: service level 72% within 20 s is below the target 80%"));
//! # Ok::<(), paiban::Error>(())
//! ```

pub mod day;
pub mod intervals;
pub mod plan;
pub mod render;
pub mod report;

pub use intervals::{
    achieved_from_simulation, check_intervals, check_simulation, rule_names, IntervalAchieved,
    IntervalTargets, ServiceLevelTarget,
};
pub use plan::{check_plan, PlanChecks};
pub use render::{render, to_json, to_junit, to_text, xml_escape, Format};
pub use report::{CheckRun, Report, Severity, Subject, Violation};
