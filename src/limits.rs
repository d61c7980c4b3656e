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
/// Most named agents in a roster (a scenario's `agents`, an agents CSV).
pub const MAX_ROSTER_AGENTS: usize = 2_000;
/// Largest roster: days x agents.
pub const MAX_ROSTER_CELLS: usize = 200_000;
/// Most moves one roster search may be given (`solver.roster_iterations`).
pub const MAX_ROSTER_ITERATIONS: u64 = 1_000_000_000;
/// Most agents one Erlang evaluation accepts (a staffing figure, not a roster: a national
/// call centre needs ~10,000).
pub const MAX_EVALUATED_AGENTS: u32 = 1_000_000;
/// Most contacts one agent may serve at once (chat), in the staffing model and the simulator
/// alike.
pub const MAX_CONCURRENCY: usize = 10;
/// Most agents on duty in one simulated interval.
pub const MAX_SIM_AGENTS: u32 = 10_000;
/// Most replications of one simulation run.
pub const MAX_REPLICATIONS: u32 = 10_000;
/// Most contacts (expected offered volume x replications) of one simulation run: about 10 s
/// natively; keeps a browser tab responsive enough and memory bounded.
pub const MAX_SIM_CONTACTS: f64 = 50_000_000.0;
/// Most expected contacts in one replication: bounds the memory of the waiting queue
/// (32 bytes a contact) when a plan leaves contacts waiting for hours.
pub const MAX_SIM_CONTACTS_PER_REPLICATION: f64 = 5_000_000.0;
/// Longest mean handle time the simulator accepts (one day): it models live contacts.
pub const MAX_SIM_AHT_SECONDS: f64 = 86_400.0;
/// Most events in an events calendar.
pub const MAX_EVENTS: usize = 10_000;
/// Most leave requests in one scenario.
pub const MAX_LEAVE_REQUESTS: usize = 10_000;
/// Most activities in one scenario.
pub const MAX_ACTIVITIES: usize = 200;
/// Most overtime and VTO proposals each in an intraday re-plan.
pub const MAX_PROPOSALS: usize = 40;
