//! Construction and local search: simulated annealing over whole rosters.
//!
//! Why simulated annealing: the benchmark's hard limits (minimum minutes, minimum block
//! lengths, weekends) make the feasible space narrow and ragged; annealing with hard rules as a
//! heavy penalty can cross infeasible ground while cooling settles on feasible rosters, and it
//! needs no solver (pure Rust, one thread, runs in wasm). Moves: change one cell, swap two
//! employees' cells on a day, swap two employees' blocks of days, move a shift to another day of
//! the same employee, and set a block of days to one value. Each move re-evaluates only the one
//! or two employee rows it touches plus the cover cells it changes (incremental delta).
//! As the anneal cools, a growing share of moves are *exact row moves* ([`row_dp`]): two
//! employees' rows recombined optimally over "keep or swap each day" (cover unchanged), and,
//! within a small share of the budget, one employee's best row given everyone else or two
//! employees re-rostered jointly with cover free. Every one keeps every hard rule; they polish
//! requests under a settled cover and find the multi-cell changes single moves miss (on random
//! small instances checked against microlp's proven optimum, [`super::exact`]). If the best
//! roster still breaks a hard rule at the end, the offending rows are rebuilt exactly
//! ([`row_dp::best_row`]).
//!
//! Cooling: a geometric cooling to a middle temperature, re-heats from the best roster (see
//! [`temperature`]), then a final cooling. The temperature follows the progress through the
//! budget, so with an iteration budget and no time limit the run is deterministic for a seed,
//! on every platform (the row programs' work counts towards the iteration budget).

use super::problem::{Cells, Problem, RuleKind, Strength, ALL_RULES, OFF};
use super::row_dp;
use super::rules::{coverage, row_cost, row_cost_table, rule_units, RowCost, RowTable};
use crate::error::{Error, Result};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};
use web_time::{Duration, Instant};

/// Labels built by the row optimisation that count as one move of the iteration budget.
const DP_WORK_PER_ITERATION: u64 = 4;
/// Point of the log-temperature range (0 = start, 1 = end) where the cover structure settles.
const MID_POINT: f64 = 0.35;
/// Re-heats to twice the middle temperature after the first cooling (see [`temperature`]).
const REHEATS: usize = 5;
/// Smallest iteration budget per roster cell for which the anneal re-heats.
const REHEAT_MIN_MOVES_PER_CELL: u64 = 10_000;
/// Share of the budget for the final cooling from the middle temperature to the end.
const COLD_SHARE: f64 = 0.3;
/// Final temperature of the anneal.
const T_END: f64 = 0.3;
/// Share of moves that are pair recombinations at the end of the anneal (0 at the start).
const PAIR_RATE: f64 = 0.02;
/// Most of the iteration budget that single-row and free-pair re-rostering may use (see
/// [`exact_move`]).
const EXACT_WORK_SHARE: f64 = 0.02;
/// Noise (cost units per cell) added to a single employee's best-row costs.
const ROW_NOISE: i64 = 2;
/// Labels kept per day by the pair recombination.
const PAIR_BEAM: usize = 2000;
/// Most labels one pair recombination may build before it gives up (see
/// [`row_dp::best_pair`]); a bound on the work between two looks at the clock.
const PAIR_MAX_WORK: u64 = 1 << 21;
/// Labels the single-row programme may build per day: its beam is this over the number of
/// values a cell can take (16,000 kept labels with 4 shift types, about 4,200 with 18), which
/// bounds one call's work on instances with many shift types and lengths.
const ROW_LABELS_PER_DAY: usize = 80_000;

/// Budget and seed of a search.
///
/// The search's progress (temperature, re-heats, phase switches) is counted in *work*: one unit
/// per move tried plus one per [`DP_WORK_PER_ITERATION`] labels built by the exact row moves.
/// The wall clock is only a safety cap: when it binds the result says so
/// ([`StopReason::TimeCap`]) and may differ on another machine or under another load.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchOptions {
    /// Wall-clock safety cap (measured with a portable clock); `None` = no cap. Without
    /// `max_iterations` it also sets the work budget, [`work_for_seconds`] of it.
    pub time_limit: Option<Duration>,
    /// Work budget (moves plus row-programme labels / 4); `None` = [`work_for_seconds`] of the
    /// time limit.
    pub max_iterations: Option<u64>,
    /// Random seed.
    pub seed: u64,
}

/// What ended a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The work budget was used up: the result is the same on every machine and at any load.
    WorkLimit,
    /// The wall-clock cap bound first: the result depends on the machine's speed and load.
    TimeCap,
}

/// Outcome of a search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    /// The best roster found: `cells[employee][day]`.
    pub cells: Cells,
    /// Hard violation units of `cells` (0 = every hard rule holds).
    pub hard: u64,
    /// Soft cost of `cells` (requests, cover, soft rules, changes).
    pub cost: u64,
    /// Work done (moves plus row-programme labels / 4; see [`SearchOptions`]).
    pub iterations: u64,
    /// The work budget the run was given.
    pub work_budget: u64,
    /// Whether the work budget or the wall-clock cap ended the run.
    pub stopped_by: StopReason,
    /// Wall time spent.
    pub elapsed: Duration,
}

/// Work units per second assumed when a budget is given in seconds only: calibrated on the
/// development machine (a 2-core AMD EPYC VM under a typical load of other builds) for rows
/// of [`CALIBRATION_DAYS`] days; the cost of a move grows with the row length (every move
/// re-costs the rows it touches), see [`work_for_seconds`].
pub const WORK_PER_SECOND: f64 = 4.0e6;
/// Row length (days) at which [`WORK_PER_SECOND`] was measured.
pub const CALIBRATION_DAYS: f64 = 28.0;

/// The work budget equivalent to `seconds` of search on problem `p` on the calibration
/// machine: [`WORK_PER_SECOND`] scaled by the row length (a move re-costs one or two whole rows,
/// so its cost is about a constant plus a part proportional to the days). A pure function of
/// the input: the same seconds give the same budget, hence the same roster, on every machine.
pub fn work_for_seconds(p: &Problem, seconds: f64) -> u64 {
    let days = p.days.max(1) as f64;
    // Half of a move's cost is fixed (random draws, cover deltas), half grows with the row.
    let scale = 0.5 + 0.5 * days / CALIBRATION_DAYS;
    let secs = if seconds.is_finite() {
        seconds.max(0.0)
    } else {
        0.0
    };
    (WORK_PER_SECOND * secs / scale).min(1e15) as u64
}

/// The work budget of a search: `max_iterations`, else [`work_for_seconds`] of the time limit.
pub fn work_budget(p: &Problem, opts: &SearchOptions) -> Option<u64> {
    opts.max_iterations.or_else(|| {
        opts.time_limit
            .map(|t| work_for_seconds(p, t.as_secs_f64()))
    })
}

/// Hard and soft cost of a whole roster.
pub fn evaluate(p: &Problem, cells: &[Vec<u8>]) -> (u64, u64) {
    let mut hard = 0u64;
    let mut soft = 0u64;
    for (e, row) in p.employees.iter().zip(cells) {
        let c = row_cost(p, e, row);
        hard += c.hard as u64;
        soft += c.soft;
    }
    let ns = p.n_shifts();
    for d in 0..p.days {
        for s in 0..ns {
            let n = cells
                .iter()
                .filter(|r| r.get(d) == Some(&(s as u8)))
                .count() as u32;
            if let Some(c) = p.cover_at(d, s) {
                soft += coverage(c, n);
            }
        }
    }
    (hard, soft)
}

struct State<'a> {
    p: &'a Problem,
    days: usize,
    ns: usize,
    cells: Vec<u8>,
    rows: Vec<RowCost>,
    /// Each employee's per-day costs folded into a table (see [`RowTable`]).
    tables: Vec<RowTable>,
    counts: Vec<u32>,
    hard: u64,
    soft: u64,
    hard_weight: u64,
    /// Allowed values per employee (OFF and shifts with a positive maximum).
    allowed: Vec<Vec<u8>>,
    /// Employees the exact row optimisation applies to.
    dp_ok: Vec<usize>,
    /// Scratch day x value costs for the row optimisation.
    dp_cost: Vec<i64>,
    /// Second scratch buffer (pair recombination).
    dp_cost2: Vec<i64>,
}

impl<'a> State<'a> {
    fn new(p: &'a Problem, start: &[Vec<u8>], hard_weight: u64) -> Self {
        let days = p.days;
        let ns = p.n_shifts();
        let mut cells = vec![OFF; p.employees.len() * days];
        for (e, row) in start.iter().enumerate().take(p.employees.len()) {
            for (d, &v) in row.iter().enumerate().take(days) {
                cells[e * days + d] = if v == OFF || (v as usize) < ns {
                    v
                } else {
                    OFF
                };
            }
        }
        let allowed = p
            .employees
            .iter()
            .map(|e| {
                let mut a = vec![OFF];
                a.extend((0..ns).filter(|&s| e.max_shifts[s] > 0).map(|s| s as u8));
                a
            })
            .collect();
        let mut st = State {
            p,
            days,
            ns,
            cells,
            rows: Vec::new(),
            tables: p.employees.iter().map(|e| RowTable::new(p, e)).collect(),
            counts: vec![0; days * ns],
            hard: 0,
            soft: 0,
            hard_weight,
            allowed,
            dp_ok: (0..p.employees.len())
                .filter(|&e| row_dp::applies(p, &p.employees[e]))
                .collect(),
            dp_cost: vec![0; days * (ns + 1)],
            dp_cost2: vec![0; days * (ns + 1)],
        };
        st.recompute();
        st
    }

    fn recompute(&mut self) {
        let p = self.p;
        self.rows = p
            .employees
            .iter()
            .enumerate()
            .map(|(e, emp)| row_cost_table(p, emp, &self.tables[e], self.row(e)))
            .collect();
        self.counts.iter_mut().for_each(|c| *c = 0);
        for e in 0..p.employees.len() {
            for d in 0..self.days {
                let v = self.cells[e * self.days + d];
                if v != OFF {
                    self.counts[d * self.ns + v as usize] += 1;
                }
            }
        }
        self.hard = self.rows.iter().map(|r| r.hard as u64).sum();
        self.soft = self.rows.iter().map(|r| r.soft).sum::<u64>()
            + self
                .counts
                .iter()
                .zip(&p.cover)
                .map(|(&n, c)| coverage(c, n))
                .sum::<u64>();
    }

    fn row(&self, e: usize) -> &[u8] {
        &self.cells[e * self.days..(e + 1) * self.days]
    }

    fn cells(&self) -> Cells {
        self.cells.chunks(self.days).map(|r| r.to_vec()).collect()
    }

    fn load(&mut self, cells: &[u8]) {
        self.cells.copy_from_slice(cells);
        self.recompute();
    }

    /// Change the count of (day, shift) by `delta`, returning the change in cover cost.
    fn bump(&mut self, d: usize, v: u8, up: bool) -> i64 {
        if v == OFF {
            return 0;
        }
        let i = d * self.ns + v as usize;
        let c = self.p.cover[i];
        let before = coverage(&c, self.counts[i]) as i64;
        if up {
            self.counts[i] += 1;
        } else {
            self.counts[i] -= 1;
        }
        coverage(&c, self.counts[i]) as i64 - before
    }
}

/// A tentative move: the cells changed, with their old values, and the rows touched.
struct Move {
    changes: Vec<(usize, usize, u8)>,
    emps: Vec<usize>,
    n_emps: usize,
    old_rows: Vec<RowCost>,
    delta_hard: i64,
    delta_soft: i64,
}

impl Move {
    fn reset(&mut self) {
        self.changes.clear();
        self.emps.clear();
        self.old_rows.clear();
        self.n_emps = 0;
        self.delta_hard = 0;
        self.delta_soft = 0;
    }

    fn new() -> Self {
        Move {
            changes: Vec::with_capacity(64),
            emps: Vec::with_capacity(8),
            n_emps: 0,
            old_rows: Vec::with_capacity(8),
            delta_hard: 0,
            delta_soft: 0,
        }
    }
}

fn set(st: &mut State, mv: &mut Move, e: usize, d: usize, v: u8) {
    let i = e * st.days + d;
    let old = st.cells[i];
    if old == v {
        return;
    }
    mv.changes.push((e, d, old));
    st.cells[i] = v;
    mv.delta_soft += st.bump(d, old, false);
    mv.delta_soft += st.bump(d, v, true);
}

fn touch(st: &State, mv: &mut Move, e: usize) {
    if mv.emps[..mv.n_emps].contains(&e) {
        return;
    }
    mv.emps.push(e);
    mv.old_rows.push(st.rows[e]);
    mv.n_emps += 1;
}

/// Evaluate the rows touched by a move (cells already changed); fills the deltas.
fn score(st: &mut State, mv: &mut Move) {
    for k in 0..mv.n_emps {
        let e = mv.emps[k];
        let emp = &st.p.employees[e];
        let c = row_cost_table(st.p, emp, &st.tables[e], st.row(e));
        mv.delta_hard += c.hard as i64 - mv.old_rows[k].hard as i64;
        mv.delta_soft += c.soft as i64 - mv.old_rows[k].soft as i64;
        st.rows[e] = c;
    }
}

fn undo(st: &mut State, mv: &Move) {
    for &(e, d, old) in mv.changes.iter().rev() {
        let i = e * st.days + d;
        let cur = st.cells[i];
        st.bump(d, cur, false);
        st.bump(d, old, true);
        st.cells[i] = old;
    }
    for k in 0..mv.n_emps {
        st.rows[mv.emps[k]] = mv.old_rows[k];
    }
}

/// Repair rows that break hard rules: re-roster each such employee optimally given the
/// others (see [`row_dp`]) when that lowers the objective.
fn repair_rows(st: &mut State, rng: &mut Pcg64Mcg, mv: &mut Move, stop: &dyn Fn() -> bool) {
    for e in st.dp_ok.clone() {
        if st.rows[e].hard == 0 {
            continue;
        }
        if stop() {
            return;
        }
        mv.reset();
        dp_row(st, e, rng, mv, 0, (0, st.days));
        if mv.changes.is_empty() {
            continue;
        }
        score(st, mv);
        let delta = mv.delta_hard * st.hard_weight as i64 + mv.delta_soft;
        if delta < 0 {
            st.hard = (st.hard as i64 + mv.delta_hard) as u64;
            st.soft = (st.soft as i64 + mv.delta_soft) as u64;
        } else {
            undo(st, mv);
        }
    }
}

/// Fill `buf[d * (ns + 1) + v]` with employee `e`'s cost of value `v` on day `d` (`i64::MAX` =
/// not allowed); with `cover`, the marginal cover cost given everyone else is included.
///
/// Outside the day window `win` only the current value is allowed (the row programme then
/// re-rosters the window, checking every rule over the whole row).
fn fill_costs(
    st: &State,
    e: usize,
    buf: &mut [i64],
    (cover, noise, win): (bool, i64, (usize, usize)),
    rng: &mut Pcg64Mcg,
) {
    let p = st.p;
    let emp = &p.employees[e];
    let table = &st.tables[e];
    let ns = st.ns;
    for d in 0..st.days {
        let cur = st.cells[e * st.days + d];
        let inside = d >= win.0 && d < win.1;
        for v in 0..=ns {
            let val = if v == ns { OFF } else { v as u8 };
            if !inside && val != cur {
                if let Some(x) = buf.get_mut(d * (ns + 1) + v) {
                    *x = i64::MAX;
                }
                continue;
            }
            let works = val != OFF;
            // The row programmes run only where fixed days off and pins are hard: a hard unit
            // in the table is a blocked cell.
            let (hard, soft) = table.at(d, v, ns);
            let blocked = hard > 0 || (works && emp.max_shifts[v] == 0);
            let mut c = soft as i64;
            if !blocked {
                if works && cover {
                    let i = d * ns + v;
                    let n = st.counts[i] - u32::from(cur == val);
                    let cov = &p.cover[i];
                    c += coverage(cov, n + 1) as i64 - coverage(cov, n) as i64;
                }
                if noise > 0 {
                    c += rng.random_range(0..noise);
                }
            }
            if let Some(x) = buf.get_mut(d * (ns + 1) + v) {
                *x = if blocked { i64::MAX } else { c };
            }
        }
    }
}

fn dp_row(
    st: &mut State,
    e: usize,
    rng: &mut Pcg64Mcg,
    mv: &mut Move,
    noise: i64,
    win: (usize, usize),
) -> u64 {
    let mut buf = std::mem::take(&mut st.dp_cost);
    fill_costs(st, e, &mut buf, (true, noise, win), rng);
    let (row, work) = row_dp::best_row(
        st.p,
        &st.p.employees[e],
        &buf,
        ROW_LABELS_PER_DAY / (st.ns + 1),
    );
    st.dp_cost = buf;
    if let Some(row) = row {
        touch(st, mv, e);
        for (d, &v) in row.iter().enumerate() {
            set(st, mv, e, d, v);
        }
    }
    work
}

/// Horizons longer than this are re-rostered by the row programmes a window of
/// [`WINDOW_DAYS`] at a time.
const WINDOW_MIN_DAYS: usize = 42;
/// Days of the window the row programmes re-roster on long horizons.
const WINDOW_DAYS: usize = 28;

/// The day window `[start, end)` an exact row move re-rosters: the whole horizon up to
/// [`WINDOW_MIN_DAYS`], else a random window of [`WINDOW_DAYS`] (decomposition by weeks: the
/// programme's state space and work grow with the window, not the horizon, while every rule is
/// still checked over the whole row).
fn window(st: &State, rng: &mut Pcg64Mcg) -> (usize, usize) {
    if st.days <= WINDOW_MIN_DAYS {
        return (0, st.days);
    }
    let d0 = rng.random_range(0..=st.days - WINDOW_DAYS);
    (d0, d0 + WINDOW_DAYS)
}

/// Two distinct random employees the row programmes apply to.
fn random_pair(st: &State, rng: &mut Pcg64Mcg) -> Option<(usize, usize)> {
    let n = st.dp_ok.len();
    if n < 2 {
        return None;
    }
    let e1 = st.dp_ok[rng.random_range(0..n)];
    let e2 = st.dp_ok[rng.random_range(0..n)];
    (e1 != e2).then_some((e1, e2))
}

/// Re-roster `e1` and `e2` together by [`row_dp::best_pair`] over the day options `choices`
/// and apply the result to the move. Returns the work done.
fn recombine(
    st: &mut State,
    rng: &mut Pcg64Mcg,
    mv: &mut Move,
    (e1, e2): (usize, usize),
    choices: &[Vec<(u8, u8, i64)>],
) -> u64 {
    let mut b1 = std::mem::take(&mut st.dp_cost);
    let mut b2 = std::mem::take(&mut st.dp_cost2);
    let all = (0, st.days);
    fill_costs(st, e1, &mut b1, (false, 0, all), rng);
    fill_costs(st, e2, &mut b2, (false, 0, all), rng);
    let p = st.p;
    let (res, work) = row_dp::best_pair(
        p,
        (&p.employees[e1], &b1),
        (&p.employees[e2], &b2),
        choices,
        PAIR_BEAM,
        PAIR_MAX_WORK,
    );
    st.dp_cost = b1;
    st.dp_cost2 = b2;
    if let Some((r1, r2)) = res {
        touch(st, mv, e1);
        touch(st, mv, e2);
        for d in 0..st.days {
            set(st, mv, e1, d, r1[d]);
            set(st, mv, e2, d, r2[d]);
        }
    }
    work
}

/// Recombine two employees' rows optimally while keeping every day's cover: each day keeps or
/// swaps their two cells (see [`row_dp::best_pair`]). Returns the work done.
fn pair_move(st: &mut State, rng: &mut Pcg64Mcg, mv: &mut Move) -> u64 {
    let Some((e1, e2)) = random_pair(st, rng) else {
        return 0;
    };
    let days = st.days;
    let win = window(st, rng);
    let choices: Vec<Vec<(u8, u8, i64)>> = (0..days)
        .map(|d| {
            let (a, b) = (st.cells[e1 * days + d], st.cells[e2 * days + d]);
            if a == b || d < win.0 || d >= win.1 {
                vec![(a, b, 0)]
            } else {
                vec![(a, b, 0), (b, a, 0)]
            }
        })
        .collect();
    recombine(st, rng, mv, (e1, e2), &choices)
}

/// Re-roster two employees jointly and optimally (within the beam): each day either may take
/// off, their current values, or any shift still short without them, with the cover cost of
/// the pair's choice given everyone else. Cover can move between days and shifts, unlike
/// [`pair_move`]. Returns the work done.
fn pair_free(st: &mut State, rng: &mut Pcg64Mcg, mv: &mut Move) -> u64 {
    let Some((e1, e2)) = random_pair(st, rng) else {
        return 0;
    };
    let p = st.p;
    let (days, ns) = (st.days, st.ns);
    let mut choices: Vec<Vec<(u8, u8, i64)>> = Vec::with_capacity(days);
    let mut vals: Vec<u8> = Vec::with_capacity(ns + 1);
    let win = window(st, rng);
    for d in 0..days {
        let (a, b) = (st.cells[e1 * days + d], st.cells[e2 * days + d]);
        if d < win.0 || d >= win.1 {
            choices.push(vec![(a, b, 0)]);
            continue;
        }
        let excl = |s: usize| {
            st.counts[d * ns + s] - u32::from(a as usize == s) - u32::from(b as usize == s)
        };
        vals.clear();
        vals.push(OFF);
        for s in 0..ns {
            if a as usize == s || b as usize == s || excl(s) < p.cover[d * ns + s].requirement {
                vals.push(s as u8);
            }
        }
        let mut opts = Vec::with_capacity(vals.len() * vals.len());
        for &v1 in &vals {
            for &v2 in &vals {
                let mut extra = 0i64;
                for s in 0..ns {
                    let k = u32::from(v1 as usize == s) + u32::from(v2 as usize == s);
                    if k > 0 {
                        let c = &p.cover[d * ns + s];
                        let n = excl(s);
                        extra += coverage(c, n + k) as i64 - coverage(c, n) as i64;
                    }
                }
                opts.push((v1, v2, extra));
            }
        }
        choices.push(opts);
    }
    recombine(st, rng, mv, (e1, e2), &choices)
}

/// One of the exact row moves: while `exact_work` (labels built by the moves below so far) is
/// within [`EXACT_WORK_SHARE`] of the iterations, half the time one employee's best row given
/// everyone else (a little noise so equal-cost rows get explored) or two employees re-rostered
/// jointly with cover free ([`pair_free`]); otherwise two rows recombined under fixed cover
/// ([`pair_move`]). Capping by work rather than by count keeps these moves from eating the
/// budget on instances where their state spaces are large. Returns the work done.
fn exact_move(
    st: &mut State,
    rng: &mut Pcg64Mcg,
    mv: &mut Move,
    exact_work: &mut u64,
    iter: u64,
    share: f64,
) -> u64 {
    let n = st.dp_ok.len();
    let affordable = (*exact_work / DP_WORK_PER_ITERATION) as f64 <= share * iter as f64;
    if !affordable || rng.random::<bool>() {
        return pair_move(st, rng, mv);
    }
    let work = if rng.random::<bool>() {
        let e = st.dp_ok[rng.random_range(0..n)];
        let win = window(st, rng);
        dp_row(st, e, rng, mv, ROW_NOISE, win)
    } else {
        pair_free(st, rng, mv)
    };
    *exact_work += work;
    work
}

/// Propose a random move (applied to the state); returns false when it changed nothing.
fn propose(st: &mut State, rng: &mut Pcg64Mcg, mv: &mut Move) -> bool {
    mv.reset();
    let ne = st.p.employees.len();
    let days = st.days;
    let r: u32 = rng.random_range(0..100);
    if r < 35 || ne < 2 {
        // Change one cell.
        let e = rng.random_range(0..ne);
        let d = rng.random_range(0..days);
        let a = &st.allowed[e];
        let v = a[rng.random_range(0..a.len())];
        touch(st, mv, e);
        set(st, mv, e, d, v);
    } else if r < 65 {
        // Swap two employees on one day.
        let d = rng.random_range(0..days);
        let e1 = rng.random_range(0..ne);
        let e2 = rng.random_range(0..ne);
        let (v1, v2) = (st.cells[e1 * days + d], st.cells[e2 * days + d]);
        if e1 == e2 || v1 == v2 {
            return false;
        }
        touch(st, mv, e1);
        touch(st, mv, e2);
        set(st, mv, e1, d, v2);
        set(st, mv, e2, d, v1);
    } else if r < 82 {
        // Swap a block of days between two employees.
        let e1 = rng.random_range(0..ne);
        let e2 = rng.random_range(0..ne);
        if e1 == e2 {
            return false;
        }
        let len = rng.random_range(2..=days.clamp(2, 7)).min(days);
        let d0 = rng.random_range(0..=days - len);
        touch(st, mv, e1);
        touch(st, mv, e2);
        for d in d0..d0 + len {
            let (v1, v2) = (st.cells[e1 * days + d], st.cells[e2 * days + d]);
            if v1 != v2 {
                set(st, mv, e1, d, v2);
                set(st, mv, e2, d, v1);
            }
        }
    } else if r < 92 {
        // Move a shift to another day of the same employee (swap two cells of a row).
        let e = rng.random_range(0..ne);
        let d1 = rng.random_range(0..days);
        let d2 = rng.random_range(0..days);
        let (v1, v2) = (st.cells[e * days + d1], st.cells[e * days + d2]);
        if v1 == v2 {
            return false;
        }
        touch(st, mv, e);
        set(st, mv, e, d1, v2);
        set(st, mv, e, d2, v1);
    } else {
        // Set a block of 2..4 days of one employee to one value.
        let e = rng.random_range(0..ne);
        let len = rng.random_range(2..=days.clamp(2, 4)).min(days);
        let d0 = rng.random_range(0..=days - len);
        let a = &st.allowed[e];
        let v = a[rng.random_range(0..a.len())];
        touch(st, mv, e);
        for d in d0..d0 + len {
            set(st, mv, e, d, v);
        }
    }
    if mv.changes.is_empty() {
        return false;
    }
    score(st, mv);
    true
}

/// Hard weight: one unit of hard violation must outweigh any soft gain a single cell can buy.
fn hard_weight(p: &Problem) -> u64 {
    let cover = p
        .cover
        .iter()
        .map(|c| c.under_weight.max(c.over_weight) as u64)
        .max()
        .unwrap_or(0);
    let req = p
        .employees
        .iter()
        .flat_map(|e| e.on_requests.iter().chain(&e.off_requests).flatten())
        .map(|&(_, w)| w as u64)
        .max()
        .unwrap_or(0);
    let soft_rule = p
        .strengths
        .iter()
        .map(|s| match s {
            Strength::Soft(w) => *w as u64,
            Strength::Hard => 0,
        })
        .max()
        .unwrap_or(0);
    (10 * (cover + req + soft_rule + p.change_weight as u64)).max(100)
}

/// Most employees the construction prices for one unit of demand (a rotating window over the
/// team), so it costs O(demand x window) rather than O(demand x team) on large rosters.
const CONSTRUCT_WINDOW: usize = 192;

/// Build a start: pinned cells and fixed days off first, then greedily fill the most
/// under-covered (day, shift) with the employee whose row cost rises least (among a rotating
/// window of [`CONSTRUCT_WINDOW`] employees). Returns the roster and whether `stop` (the
/// time cap) cut it short.
fn construct(p: &Problem, stop: &dyn Fn() -> bool) -> (Cells, bool) {
    let days = p.days;
    let ns = p.n_shifts();
    let ne = p.employees.len();
    let w = hard_weight(p) as i64;
    let mut cells: Cells = p
        .employees
        .iter()
        .map(|e| {
            (0..days)
                .map(|d| e.pinned.get(d).copied().flatten().unwrap_or(OFF))
                .collect()
        })
        .collect();
    let mut counts = vec![0u32; days * ns];
    for row in &cells {
        for (d, &v) in row.iter().enumerate() {
            if v != OFF {
                counts[d * ns + v as usize] += 1;
            }
        }
    }
    let mut cur: Vec<RowCost> = p
        .employees
        .iter()
        .zip(&cells)
        .map(|(e, r)| row_cost(p, e, r))
        .collect();
    let window = ne.min(CONSTRUCT_WINDOW);
    let mut offset = 0usize;
    // Fill demand in order of (day, shift), one employee at a time, while it lowers the cost.
    for d in 0..days {
        for s in 0..ns {
            let Some(c) = p.cover_at(d, s).copied() else {
                continue;
            };
            if stop() {
                return (cells, true);
            }
            while counts[d * ns + s] < c.requirement {
                let mut best: Option<(i64, usize, RowCost)> = None;
                for k in 0..window {
                    let e = (offset + k) % ne;
                    let emp = &p.employees[e];
                    if cells[e][d] != OFF || emp.pinned[d].is_some() || emp.max_shifts[s] == 0 {
                        continue;
                    }
                    let before = cur[e];
                    cells[e][d] = s as u8;
                    let after = row_cost(p, emp, &cells[e]);
                    cells[e][d] = OFF;
                    let delta = (after.hard as i64 - before.hard as i64) * w + after.soft as i64
                        - before.soft as i64;
                    if best.as_ref().map_or(true, |b| delta < b.0) {
                        best = Some((delta, e, after));
                    }
                }
                if ne > window {
                    offset = (offset + window / 2 + 1) % ne;
                }
                match best {
                    Some((delta, e, after)) if delta < c.under_weight as i64 => {
                        cells[e][d] = s as u8;
                        cur[e] = after;
                        counts[d * ns + s] += 1;
                    }
                    _ => break,
                }
            }
        }
    }
    (cells, false)
}

/// Settings a portfolio may vary between its searches (see [`super::portfolio`]); the
/// defaults are the ones tuned on the benchmark.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// Share of the budget for the final cooling (see [`temperature`]).
    pub cold_share: f64,
}

impl Tuning {
    /// The settings tuned on the benchmark (one setting for every instance).
    pub const TUNED: Tuning = Tuning {
        cold_share: COLD_SHARE,
    };
}

/// Run the search from `start` (or a constructed roster) within the budget.
pub fn solve(p: &Problem, opts: &SearchOptions, start: Option<&Cells>) -> Result<SearchResult> {
    solve_tuned(p, opts, start, &Tuning::TUNED)
}

/// [`solve`] with explicit [`Tuning`].
pub fn solve_tuned(
    p: &Problem,
    opts: &SearchOptions,
    start: Option<&Cells>,
    tuning: &Tuning,
) -> Result<SearchResult> {
    p.validate()?;
    let Some(budget) = work_budget(p, opts) else {
        return Err(Error::invalid(
            "options",
            "a time limit or an iteration budget",
            "neither",
        ));
    };
    let clock = Instant::now();
    let cap = opts.time_limit;
    let capped = |clock: &Instant| cap.is_some_and(|c| clock.elapsed() >= c);
    let built;
    let mut stopped_by = StopReason::WorkLimit;
    let start = match start {
        Some(s) => s,
        None => {
            let (cells, cut) = construct(p, &|| capped(&clock));
            if cut {
                stopped_by = StopReason::TimeCap;
            }
            built = cells;
            &built
        }
    };
    let mut rng = Pcg64Mcg::seed_from_u64(opts.seed);
    let mut st = State::new(p, start, hard_weight(p));
    let mut best = st.cells.clone();
    let mut best_key = (st.hard, st.soft);
    // Whether `best` is stale because the current roster is the best one (copied lazily, when
    // the search is about to leave it: a copy per improvement cost O(roster) per move on large
    // rosters while the search descends).
    let mut at_best = false;
    let mut mv = Move::new();
    // Geometric cooling from a temperature where losing a typical cover unit is sometimes
    // accepted down to one where a request of weight 1 rarely is.
    let t_hi = temperature_scale(p);
    let mut iter: u64 = 0;
    let mut next_check: u64 = 0;
    let mut progress = 0.0f64;
    let mut t = t_hi;
    let mut exact_work = 0u64;
    let mut cycle = 0usize;
    // Re-heats pay off with room for several coolings (the benchmark's 10-60 s budgets, or
    // many moves per cell); a plan's short move budget (300,000 for 70 agents x 7 days) keeps
    // one slow cooling.
    let cells = (p.employees.len() * p.days).max(1) as u64;
    let reheats = if budget < REHEAT_MIN_MOVES_PER_CELL * cells {
        0
    } else {
        REHEATS
    };
    let pair_ok = st.dp_ok.len() >= 2;
    while stopped_by == StopReason::WorkLimit {
        if iter >= next_check {
            next_check = iter + 512;
            if capped(&clock) {
                stopped_by = StopReason::TimeCap;
                break;
            }
            progress = iter as f64 / budget.max(1) as f64;
            // The temperature follows the progress at the same 512-move steps (a `powf` per
            // move cost 7% of the search).
            let (temp, c) = temperature(progress, t_hi, reheats, tuning.cold_share);
            t = temp;
            if c != cycle {
                // Each reheat starts from the best roster so far.
                cycle = c;
                if !at_best {
                    st.load(&best);
                }
            }
            if progress >= 1.0 {
                break;
            }
        }
        iter += 1;
        // Pair recombination grows more frequent as the anneal cools (it polishes requests
        // under a settled cover).
        let proposed = if pair_ok && rng.random::<f64>() < PAIR_RATE * progress {
            mv.reset();
            let work = exact_move(
                &mut st,
                &mut rng,
                &mut mv,
                &mut exact_work,
                iter,
                EXACT_WORK_SHARE,
            );
            iter += work / DP_WORK_PER_ITERATION;
            if work >= 512 * DP_WORK_PER_ITERATION {
                next_check = iter;
            }
            if mv.changes.is_empty() {
                false
            } else {
                score(&mut st, &mut mv);
                true
            }
        } else {
            propose(&mut st, &mut rng, &mut mv)
        };
        if !proposed {
            continue;
        }
        let delta = mv.delta_hard * st.hard_weight as i64 + mv.delta_soft;
        let accept = delta <= 0 || rng.random::<f64>() < (-(delta as f64) / t).exp();
        if accept {
            let key = (
                (st.hard as i64 + mv.delta_hard) as u64,
                (st.soft as i64 + mv.delta_soft) as u64,
            );
            if at_best && key > best_key {
                // Leaving the best roster: keep it (the cells before this move).
                best.copy_from_slice(&st.cells);
                for &(e, d, old) in mv.changes.iter().rev() {
                    best[e * st.days + d] = old;
                }
                at_best = false;
            }
            st.hard = key.0;
            st.soft = key.1;
            if key < best_key {
                best_key = key;
                at_best = true;
            }
        } else {
            undo(&mut st, &mv);
        }
    }
    if !at_best {
        st.load(&best);
    }
    if st.hard > 0 {
        repair_rows(&mut st, &mut rng, &mut mv, &|| capped(&clock));
    }
    if stopped_by == StopReason::WorkLimit {
        iter += cover_chains(&mut st, &mut mv, budget / CHAIN_WORK_DIVISOR);
    }
    let r = SearchResult {
        cells: st.cells(),
        hard: st.hard,
        cost: st.soft,
        iterations: iter,
        work_budget: budget,
        stopped_by,
        elapsed: clock.elapsed(),
    };
    Ok(r)
}

/// The cover chains may use up to this share (1 / divisor) of the search's budget on top of it.
const CHAIN_WORK_DIVISOR: u64 = 10;

/// Cover chains after the anneal: for each (day, shift) one more employee would make cheaper,
/// move an employee `a` onto it from what `a` works that day and, if that was a shift, give it
/// to an employee `b` who is off that day. The best strictly improving chain (no new hard
/// break, lower weighted objective) of each short (day, shift) is taken, in day and shift
/// order, in passes until none improves or `limit` row evaluations are spent; returns the
/// evaluations spent (counted as moves).
///
/// Why: with skills, a cross-trained agent often stands in on a narrower group's shift while
/// the shift only they can work stays empty, and the narrower group has an agent off that
/// day. Moving both at once is one chain; the anneal's single-cell and row moves must pass
/// through a worse roster to find it, and at a plan's short budget mostly do not
/// (`examples/skills.json`: 5 shifts left unstaffed at 300,000 moves).
fn cover_chains(st: &mut State, mv: &mut Move, limit: u64) -> u64 {
    let (days, ns, ne) = (st.days, st.ns, st.p.employees.len());
    let mut spent = 0u64;
    let hw = st.hard_weight as i64;
    // Apply the chain `(a, taker)` for (d, s); returns the row evaluations it cost.
    let apply = |st: &mut State, mv: &mut Move, a, d, sv, taker| -> u64 {
        let v = st.cells[a * days + d];
        mv.reset();
        touch(st, mv, a);
        set(st, mv, a, d, sv);
        let mut work = 1;
        match taker {
            Taker::Nobody => {}
            Taker::Off(b) => {
                touch(st, mv, b);
                set(st, mv, b, d, v);
                work += 1;
            }
        }
        score(st, mv);
        work
    };
    loop {
        let mut improved = false;
        for d in 0..days {
            for s in 0..ns {
                let i = d * ns + s;
                let c = st.p.cover[i];
                if coverage(&c, st.counts[i] + 1) >= coverage(&c, st.counts[i]) {
                    continue;
                }
                let sv = s as u8;
                let mut best: Option<(i64, usize, Taker)> = None;
                for a in 0..ne {
                    let v = st.cells[a * days + d];
                    if v == sv || !st.allowed[a].contains(&sv) {
                        continue;
                    }
                    let mut takers = vec![Taker::Nobody];
                    if v != OFF {
                        for b in (0..ne).filter(|&b| b != a && st.allowed[b].contains(&v)) {
                            if st.cells[b * days + d] == OFF {
                                takers.push(Taker::Off(b));
                            }
                        }
                    }
                    for taker in takers {
                        if spent >= limit {
                            return spent;
                        }
                        spent += apply(st, mv, a, d, sv, taker);
                        let delta = mv.delta_hard * hw + mv.delta_soft;
                        if mv.delta_hard <= 0 && delta < 0 && best.map_or(true, |x| delta < x.0) {
                            best = Some((delta, a, taker));
                        }
                        undo(st, mv);
                    }
                }
                if let Some((_, a, taker)) = best {
                    spent += apply(st, mv, a, d, sv, taker);
                    st.hard = (st.hard as i64 + mv.delta_hard) as u64;
                    st.soft = (st.soft as i64 + mv.delta_soft) as u64;
                    improved = true;
                }
            }
        }
        if !improved {
            return spent;
        }
    }
}

/// Who takes the shift the chain's first employee leaves (see [`cover_chains`]).
#[derive(Debug, Clone, Copy)]
enum Taker {
    /// It was a day off: nobody.
    Nobody,
    /// An employee off that day works it.
    Off(usize),
}

/// Temperature at `progress` (0..1 of the budget) and the reheat cycle it falls in.
///
/// Why cycles: on the benchmark the cover structure (which shifts stay short) forms while the
/// temperature passes a middle point where losing a cover unit is still sometimes accepted; a
/// run that settles a poor structure there never leaves it when colder (Instance5: about one
/// run in five reached the optimum's structure with one cooling at 80M moves). Re-heating from
/// the best roster to twice that middle temperature and cooling back, [`REHEATS`] times, gives
/// the structure repeated chances (8 runs in 10 with the same budget); the last
/// [`COLD_SHARE`] of the budget then cools to the end to polish requests.
///
/// With `reheats = 0` it is one geometric cooling over the whole budget (short budgets, where a
/// single slow cooling beats several fast ones).
fn temperature(progress: f64, t_hi: f64, reheats: usize, cold_share: f64) -> (f64, usize) {
    if reheats == 0 {
        return (t_hi * (T_END / t_hi).powf(progress.min(1.0)), 0);
    }
    let t_mid = t_hi * (T_END / t_hi).powf(MID_POINT);
    let cold_share = cold_share.clamp(0.05, 0.95);
    let hot = 1.0 - cold_share;
    if progress < hot {
        let x = progress / hot * (reheats + 1) as f64;
        let c = (x.floor() as usize).min(reheats);
        let top = if c == 0 {
            t_hi
        } else {
            (2.0 * t_mid).min(t_hi)
        };
        (top * (t_mid / top).powf(x - c as f64), c)
    } else {
        let q = (progress - hot) / cold_share;
        (t_mid * (T_END / t_mid).powf(q.min(1.0)), reheats + 1)
    }
}

fn temperature_scale(p: &Problem) -> f64 {
    // The median positive request weight and over-cover weight: the scale of the fine-grained
    // soft costs; starting 60 times above it lets the anneal move whole cover units (weights
    // of order 100 in the benchmark) early on. Chosen on the benchmark as a whole, not per
    // instance.
    let mut w: Vec<u32> = p
        .employees
        .iter()
        .flat_map(|e| e.on_requests.iter().chain(&e.off_requests).flatten())
        .map(|&(_, w)| w)
        .chain(p.cover.iter().map(|c| c.over_weight))
        .filter(|&w| w > 0)
        .collect();
    w.sort_unstable();
    let med = w.get(w.len() / 2).copied().unwrap_or(1) as f64;
    (med * 60.0).max(40.0)
}

/// A (day, shift) whose demand is not met, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shortage {
    /// Day index.
    pub day: usize,
    /// Shift id.
    pub shift: String,
    /// Wanted employees.
    pub requirement: u32,
    /// Employees assigned.
    pub assigned: u32,
    /// For each hard rule that would break, how many unassigned employees it blocks.
    pub binding: Vec<Binding>,
    /// Employees who could take the shift without breaking a hard rule and without leaving
    /// another shift that day short (left off because it would cost more elsewhere, e.g. a
    /// request or a soft rule).
    pub available: Vec<String>,
    /// Employees who could take it within the hard rules, but only by leaving the shift they
    /// work that day short of its own cover: moving them moves the gap.
    pub needed_elsewhere: Vec<String>,
    /// Employees who may never work this shift (their limit for its type is 0: in a
    /// multi-skill plan an agent without its skill, or a contract that excludes the type).
    /// Not counted under `binding`, which is about the employees the shift is open to.
    #[serde(skip_serializing_if = "is_zero")]
    pub barred: usize,
    /// Of the barred employees, those every other hard rule would let take it and whose own
    /// shift that day does not need them: who could staff it if the type were open to them
    /// (in a plan: whom cross-training would let take it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub barred_free: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A hard rule that blocks employees from a short shift.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Binding {
    /// Rule code.
    pub rule: &'static str,
    /// Rule name for people.
    pub name: &'static str,
    /// Number of employees it blocks.
    pub employees: usize,
}

/// Explain every under-covered (day, shift): for each employee not on that shift, which hard
/// rules would break if they were put on it (their current cell replaced). Employees the shift
/// is closed to (a limit of 0 for its type) are counted apart (`barred`), so `binding` says
/// what keeps off the employees who could work it.
pub fn shortages(p: &Problem, cells: &[Vec<u8>]) -> Vec<Shortage> {
    let ns = p.n_shifts();
    let mut out = Vec::new();
    for d in 0..p.days {
        // Employees on each shift that day.
        let mut on = vec![0u32; ns];
        for v in cells.iter().filter_map(|r| r.get(d)) {
            if let Some(x) = on.get_mut(*v as usize) {
                *x += 1;
            }
        }
        for s in 0..ns {
            let Some(c) = p.cover_at(d, s) else { continue };
            let n = on[s];
            if n >= c.requirement {
                continue;
            }
            let mut counts = [0usize; super::problem::RULE_KINDS];
            let mut available = Vec::new();
            let mut needed_elsewhere = Vec::new();
            let (mut barred, mut barred_free) = (0usize, Vec::new());
            for (emp, row) in p.employees.iter().zip(cells) {
                if row.get(d) == Some(&(s as u8)) {
                    continue;
                }
                let mut r = row.clone();
                if let Some(x) = r.get_mut(d) {
                    *x = s as u8;
                }
                let closed = emp.max_shifts.get(s).copied().unwrap_or(0) == 0;
                let mut blocked = false;
                for kind in ALL_RULES {
                    if p.strengths[kind as usize] != Strength::Hard
                        || (closed && kind == RuleKind::MaxShiftsPerType)
                    {
                        continue;
                    }
                    if rule_units(kind, p, emp, &r) > rule_units(kind, p, emp, row) {
                        if !closed {
                            counts[kind as usize] += 1;
                        }
                        blocked = true;
                    }
                }
                // On another shift that day whose cover needs them (no more agents on it than
                // asked for): taking them off it leaves that shift short instead.
                let needed = row.get(d).filter(|&&v| v != OFF).is_some_and(|&v| {
                    p.cover_at(d, v as usize)
                        .is_some_and(|c2| on[v as usize] <= c2.requirement)
                });
                if closed {
                    barred += 1;
                    if !blocked && !needed {
                        barred_free.push(emp.id.clone());
                    }
                    continue;
                }
                if blocked {
                    continue;
                }
                if needed {
                    needed_elsewhere.push(emp.id.clone());
                } else {
                    available.push(emp.id.clone());
                }
            }
            out.push(Shortage {
                day: d,
                shift: p.shifts.get(s).map(|x| x.id.clone()).unwrap_or_default(),
                requirement: c.requirement,
                assigned: n,
                binding: ALL_RULES
                    .iter()
                    .filter(|k| counts[**k as usize] > 0)
                    .map(|&k| Binding {
                        rule: k.code(),
                        name: k.name(),
                        employees: counts[k as usize],
                    })
                    .collect(),
                available,
                needed_elsewhere,
                barred,
                barred_free,
            });
        }
    }
    out
}
