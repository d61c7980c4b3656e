// Talks to the Web Workers that run the Rust engine. Every call is a promise; a call can be
// cancelled (the workers are terminated and restarted, the only way to stop a busy wasm call),
// and a crashed worker (a wasm panic) is restarted so the page and the user's data survive.
//
// The roster stage of a plan (`planRoster`, `planRosterAgainst`) runs as a portfolio: member i
// (`planRosterMember`, its seed derived from the scenario's and i, see roster::portfolio) in
// worker i, min(4, navigator.hardwareConcurrency) workers, and the best kept by
// `planRosterChoose` (no hard violation, then least cost, then lowest index), which records
// the count and the kept index in the roster's `solver.portfolio` (see plan::portfolio). Each
// member is a pure function of the scenario, the schedule and its index, so the roster depends
// only on the move budget and the worker count, never on which worker finished first, and
// `paiban plan --workers n` makes the same plan. With one worker it is exactly `planRoster`.

/** Rounds of the roster's feedback to the schedule (plan::schedule::RESCHEDULE_ROUNDS). */
export const RESCHEDULE_ROUNDS = 4;

/** Shifts of the schedule a roster left without an agent. */
export function unstaffed(roster) {
  return (roster?.shortages ?? []).reduce((n, s) => n + Math.max(0, s.requirement - s.assigned), 0);
}

/**
 * The roster's feedback to the schedule, as `paiban plan` makes it
 * (plan::portfolio::roster_with_feedback): while a multi-skill roster leaves shifts unstaffed,
 * `planReschedule` hands them to narrower groups and `rosterAgain(scheduleJson)` rosters
 * again, at most RESCHEDULE_ROUNDS times; the first schedule and roster with the fewest
 * unstaffed shifts are kept.
 * @param {Engine} engine
 * @param {{scenario: string, requirements: string}} texts
 * @param {object} schedule the stage-3 result
 * @param {object|null} roster its roster
 * @param {(scheduleJson: string) => Promise<object|null>} rosterAgain
 * @returns {Promise<{schedule: object, roster: object|null}>}
 */
export async function rosterFeedback(engine, { scenario, requirements }, schedule, roster, rosterAgain) {
  let best = { schedule, roster, n: unstaffed(roster) };
  let cur = best;
  if (!roster || !JSON.parse(requirements).groups) return best;
  for (let round = 0; round < RESCHEDULE_ROUNDS && cur.n > 0; round++) {
    const next = await engine.call('planReschedule', {
      scenario, requirements, schedule: JSON.stringify(cur.schedule), roster: JSON.stringify(cur.roster),
    });
    if (!next) break;
    const again = await rosterAgain(JSON.stringify(next));
    if (!again) break;
    cur = { schedule: next, roster: again, n: unstaffed(again) };
    if (cur.n < best.n) best = cur;
  }
  return best;
}

/** Most roster workers the page starts. */
export const MAX_ROSTER_WORKERS = 4;

/** The roster worker count: `globalThis.paibanRosterWorkers` (tests) or min(4, cores). */
export function rosterWorkers() {
  const forced = Number(globalThis.paibanRosterWorkers);
  if (Number.isInteger(forced) && forced >= 1) return Math.min(forced, MAX_ROSTER_WORKERS);
  const cores = Number(globalThis.navigator?.hardwareConcurrency) || 1;
  return Math.max(1, Math.min(MAX_ROSTER_WORKERS, cores));
}

/** One Web Worker and its pending calls. */
class Channel {
  constructor() {
    this.pending = new Map();
    this.nextId = 1;
    this.start();
  }

  start() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev) => this.receive(ev.data);
    this.worker.onerror = (ev) => {
      ev.preventDefault?.();
      this.failAll({ message: ev.message || 'the engine stopped', kind: 'panic', path: '' });
      this.restart();
    };
  }

  restart() {
    this.worker.terminate();
    this.start();
  }

  stop() {
    this.worker.terminate();
  }

  receive(msg) {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if ('progress' in msg) {
      p.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else {
      p.reject(Object.assign(new Error(msg.error.message), msg.error));
      if (msg.error.kind === 'panic') this.restart();
    }
  }

  failAll(error) {
    for (const p of this.pending.values()) p.reject(Object.assign(new Error(error.message), error));
    this.pending.clear();
  }

  call(cmd, args = {}, { onProgress } = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, cmd, args });
    });
  }
}

export class Engine {
  constructor(onBusy = () => {}) {
    this.onBusy = onBusy;
    // The calls in flight (what the page's busy state counts), by id.
    this.pending = new Map();
    this.nextId = 1;
    this.main = new Channel();
    // Workers 1..n-1 of the roster portfolio, started at the first roster stage.
    this.pool = [];
    // The last roster portfolio: {workers, chosen} (the plan records it as solvers.roster.portfolio).
    this.lastPortfolio = null;
  }

  /** Call `cmd` in the engine; resolves with its result, rejects with the engine's error. */
  call(cmd, args = {}, opts = {}) {
    const id = this.nextId++;
    const run = (cmd === 'planRoster' || cmd === 'planRosterAgainst') && rosterWorkers() > 1
      ? () => this.portfolio(args, rosterWorkers())
      : () => this.main.call(cmd, args, opts);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.onBusy(true);
      run().then(
        (r) => this.settle(id, (p) => p.resolve(r)),
        (e) => this.settle(id, (p) => p.reject(e)),
      );
    });
  }

  settle(id, f) {
    const p = this.pending.get(id);
    if (!p) return; // cancelled: already rejected
    this.pending.delete(id);
    this.onBusy(this.pending.size > 0);
    f(p);
  }

  /** The roster stage as a portfolio of `n` members, the best kept (see the file notes). */
  async portfolio(args, n) {
    while (this.pool.length < n - 1) this.pool.push(new Channel());
    const channels = [this.main, ...this.pool.slice(0, n - 1)];
    const member = { scenario: args.scenario, schedule: args.schedule, published: args.published ?? '' };
    const rosters = await Promise.all(channels.map((c, index) => c.call('planRosterMember', { ...member, index })));
    // The kept roster records the portfolio (solver.portfolio), so the plan says how it was
    // made and `paiban plan --workers n` makes it again.
    const kept = await this.main.call('planRosterChoose', { rosters: JSON.stringify(rosters) });
    this.lastPortfolio = { workers: n, chosen: kept?.solver?.portfolio?.chosen ?? null };
    return kept;
  }

  failAll(error) {
    for (const p of this.pending.values()) p.reject(Object.assign(new Error(error.message), error));
    this.pending.clear();
    this.onBusy(false);
  }

  /** Stop every worker (the only way to stop a busy wasm call) and reject what was pending. */
  cancel() {
    this.failAll({ message: 'cancelled', kind: 'cancelled', path: '' });
    const cancelled = { message: 'cancelled', kind: 'cancelled', path: '' };
    this.main.failAll(cancelled);
    this.main.restart();
    for (const c of this.pool) {
      c.failAll(cancelled);
      c.stop();
    }
    this.pool = [];
  }
}
