//! Documented size limits, checked up front so a page never freezes a tab or exhausts memory
//! and a CLI run never allocates without bound. The README lists the same numbers.

/// Most rows in a history CSV (two years of 5-minute data is 210,240 rows).
pub const MAX_HISTORY_ROWS: usize = 1_000_000;
/// Most intervals a history may span once put on its grid (gaps included).
pub const MAX_HISTORY_INTERVALS: usize = 1_100_000;
/// Most bytes of a history file.
pub const MAX_HISTORY_BYTES: usize = 64 * 1024 * 1024;
/// Most days a plan's horizon may span.
pub const MAX_HORIZON_DAYS: usize = 62;
/// Most intervals in a plan's horizon (62 days of 15-minute intervals).
pub const MAX_PLAN_INTERVALS: usize = 62 * 96;
/// Most queues in a scenario.
pub const MAX_QUEUES: usize = 50;
/// Most shift templates in a scenario.
pub const MAX_TEMPLATES: usize = 200;
/// Most agents in a roster.
pub const MAX_AGENTS: usize = 2_000;
/// Most events in an events calendar.
pub const MAX_EVENTS: usize = 10_000;
