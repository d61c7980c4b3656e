//! The validation report: which checks ran and which rules were broken, by whom, by how much.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A hard rule is broken: the plan fails (exit code 1).
    Error,
    /// Worth a look, but the plan passes (exit code 0).
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// What a violation is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Subject {
    /// One planning interval.
    Interval {
        /// Local start of the interval, `YYYY-MM-DDTHH:MM`.
        timestamp: String,
    },
    /// One agent on one date.
    Agent {
        /// The agent's id.
        agent: String,
        /// The date, `YYYY-MM-DD`.
        date: String,
    },
    /// The plan as a whole (e.g. a missing section).
    Plan,
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Interval { timestamp } => write!(f, "interval {timestamp}"),
            Subject::Agent { agent, date } => write!(f, "agent {agent} on {date}"),
            Subject::Plan => f.write_str("plan"),
        }
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Violation {
    /// Human-readable name of the rule, the same for every violation of it
    /// ("service level >= 80% within 20 s", "at least 11 h rest between shifts").
    pub rule: String,
    /// Whether it fails the plan.
    pub severity: Severity,
    /// The interval, or the agent and date, that breaks the rule.
    pub subject: Subject,
    /// The value found (in the rule's unit: a fraction, seconds, hours, days).
    pub value: f64,
    /// The limit it breaks, in the same unit.
    pub limit: f64,
    /// A sentence for a planner, with units ("service level 72% is below the target 80%").
    pub message: String,
}

/// One check that ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRun {
    /// The rule's name (as in [`Violation::rule`]).
    pub rule: String,
    /// How many subjects (intervals, agent-days) it looked at.
    pub checked: usize,
    /// How many of them break it (errors and warnings).
    pub violations: usize,
}

/// The result of validating a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Every violation found, in check order.
    pub violations: Vec<Violation>,
    /// Every check that ran, including those that found nothing.
    pub checks_run: Vec<CheckRun>,
    /// True when no violation has [`Severity::Error`].
    pub passed: bool,
}

impl Default for Report {
    fn default() -> Self {
        Report::new()
    }
}

impl Report {
    /// A report with no checks yet (passed).
    pub fn new() -> Report {
        Report {
            violations: Vec::new(),
            checks_run: Vec::new(),
            passed: true,
        }
    }

    /// Record a check named `rule` that looked at `checked` subjects and found `violations`.
    pub fn record(&mut self, rule: impl Into<String>, checked: usize, violations: Vec<Violation>) {
        self.checks_run.push(CheckRun {
            rule: rule.into(),
            checked,
            violations: violations.len(),
        });
        self.passed &= violations.iter().all(|v| v.severity != Severity::Error);
        self.violations.extend(violations);
    }

    /// Append the checks and violations of another report.
    pub fn merge(&mut self, other: Report) {
        self.passed &= other.passed;
        self.checks_run.extend(other.checks_run);
        self.violations.extend(other.violations);
    }

    /// Violations with [`Severity::Error`].
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Violations with [`Severity::Warning`].
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.violations.iter().filter(|v| v.severity == s).count()
    }

    /// The CLI exit code: 0 when the plan passes (warnings allowed), 1 when any rule with
    /// [`Severity::Error`] is broken. (Bad input, exit 2, never produces a report.)
    pub fn exit_code(&self) -> u8 {
        if self.passed {
            0
        } else {
            1
        }
    }

    /// The violations of one rule.
    pub fn violations_of<'a>(&'a self, rule: &'a str) -> impl Iterator<Item = &'a Violation> {
        self.violations.iter().filter(move |v| v.rule == rule)
    }
}
