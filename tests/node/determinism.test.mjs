// The same scenario gives the same plan natively (the CLI) and in wasm (Node), and the same
// plan again when the machine is busy: every solver stops on a work budget, not on the clock,
// so a plan validated in CI is the plan the page showed (issue 14).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import engine from './load.mjs';
import { rosterFeedback, unstaffed } from '../../www/engine.js';

const root = new URL('../../', import.meta.url).pathname;
// The most recently built native CLI (scripts/test builds the debug one just before).
const cli = ['release', 'debug']
  .map((p) => `${root}target/${p}/paiban`)
  .filter((p) => existsSync(p))
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];

/** The first place two JSON values differ, as a path, or null. */
function firstDifference(a, b, path = '') {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference(a[k], b[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

const demoFile = `${root}examples/shop.json`;
const demo = JSON.parse(readFileSync(demoFile, 'utf8'));
const histories = {};
for (const [q, f] of Object.entries(demo.history)) histories[q] = readFileSync(`${root}examples/${f}`, 'utf8');

function wasmPlan() {
  return engine.plan(JSON.stringify(demo), histories);
}

/** Busy processes, one per core, for as long as `during` runs. */
async function underLoad(during) {
  const hogs = Array.from({ length: Math.max(2, availableParallelism()) }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  try {
    await new Promise((r) => setTimeout(r, 300)); // let them take the cores
    return during();
  } finally {
    for (const h of hogs) h.kill('SIGKILL');
  }
}

let first;

test('the demo week is byte-identical natively and in wasm', { skip: !cli && 'no native paiban built' }, () => {
  const native = JSON.parse(execFileSync(cli, ['plan', demoFile], { cwd: root, maxBuffer: 64 << 20 }).toString());
  first = wasmPlan();
  assert.equal(firstDifference(native, first), null);
  // Same text once both are written by the same JSON writer: byte-identical plans.
  assert.ok(JSON.stringify(first) === JSON.stringify(native));
  // No clock decided anything: both solvers stopped on their work budget or their goal.
  for (const solver of ['schedule', 'roster']) {
    assert.notEqual(first.solvers[solver].stopped_by, 'time_cap', `${solver} stopped by the clock`);
  }
  assert.ok(!first.warnings.some((w) => w.code === 'time_cap_bound'), JSON.stringify(first.warnings));
  // The whole week is compared: the schedule, every agent's roster line and the KPIs.
  assert.equal(first.forecast.length, 3);
  assert.ok(first.schedule.shifts.length > 100);
  assert.equal(first.roster.agents.length, 70, 'the roster is part of the comparison');
  assert.ok(first.roster.days.length >= 7);
});

test('the demo week is the same plan beside a CPU hog, in wasm and natively', async () => {
  first ??= wasmPlan();
  const loaded = await underLoad(() => wasmPlan());
  assert.equal(firstDifference(first, loaded), null);
  assert.ok(JSON.stringify(first) === JSON.stringify(loaded));
  if (cli) {
    const native = await underLoad(() =>
      JSON.parse(execFileSync(cli, ['plan', demoFile], { cwd: root, maxBuffer: 64 << 20 }).toString()));
    assert.equal(firstDifference(first, native), null);
    assert.ok(JSON.stringify(first) === JSON.stringify(native));
  }
});

test('the staged plan of a scenario with activities and leave is the CLI plan, agent\'s day included', { skip: !cli && 'no native paiban built' }, () => {
  const file = `${root}examples/day_shop.json`;
  const s = JSON.parse(readFileSync(file, 'utf8'));
  const h = {};
  for (const [q, f] of Object.entries(s.history)) h[q] = readFileSync(`${root}examples/${f}`, 'utf8');
  const scenario = JSON.stringify(s);
  // The page's stages, one call each (www/pipeline.js).
  const forecast = JSON.stringify(engine.planForecast(scenario, h));
  const requirements = JSON.stringify(engine.planRequirements(scenario, forecast));
  const schedule = JSON.stringify(engine.planSchedule(scenario, requirements));
  const roster = JSON.stringify(engine.planRoster(scenario, schedule));
  const staged = engine.planAssemble(scenario, forecast, requirements, schedule, roster);
  const native = JSON.parse(execFileSync(cli, ['plan', file], { cwd: root, maxBuffer: 64 << 20 }).toString());
  assert.equal(firstDifference(native, staged), null);
  assert.ok(staged.day, 'the staged plan carries the agent\'s day');
  assert.ok(staged.day.groups.length > 70, `${staged.day.groups.length} session groups`);
  assert.ok(staged.day.timelines.some((t) => t.sessions.length > 0));
  assert.equal(staged.day.leave.length, s.leave.requests.length, 'every leave request decided');
});

test('the page\'s roster portfolio of four workers is the CLI plan with --workers 4', { skip: !cli && 'no native paiban built' }, async () => {
  // The multi-skill example, where the seeds disagree and a later member is kept.
  const file = `${root}examples/skills.json`;
  const scenario = readFileSync(file, 'utf8');
  const forecast = JSON.stringify(engine.planForecast(scenario, {}));
  const requirements = JSON.stringify(engine.planRequirements(scenario, forecast));
  const first = engine.planSchedule(scenario, requirements);
  // What www/engine.js does with four workers: one member each, the best kept.
  const portfolio = (schedule) => {
    const members = [0, 1, 2, 3].map((i) => engine.planRosterMember(scenario, schedule, '', i));
    return { members, kept: engine.planRosterChoose(JSON.stringify(members)) };
  };
  const { members, kept: firstKept } = portfolio(JSON.stringify(first));
  const costs = members.map((m) => m.cost);
  assert.ok(new Set(costs).size > 1, `the members differ: ${costs}`);
  const best = costs.indexOf(Math.min(...costs));
  assert.deepEqual(firstKept.solver.portfolio, { members: 4, chosen: best });
  assert.equal(firstKept.cost, costs[best]);
  // Then the roster's feedback to the schedule, as www/pipeline.js makes it: shifts left
  // unstaffed go to narrower groups (planReschedule) and the portfolio rosters again.
  const calls = [];
  const shim = {
    call: async (cmd, a) => {
      calls.push(cmd);
      assert.equal(cmd, 'planReschedule');
      return engine.planReschedule(a.scenario, a.requirements, a.schedule, a.roster);
    },
  };
  const fed = await rosterFeedback(shim, { scenario, requirements }, first, firstKept,
    async (s) => portfolio(s).kept);
  assert.equal(unstaffed(firstKept) > 0, calls.length > 0, 'rounds only when shifts are unstaffed');
  assert.ok(unstaffed(fed.roster) <= unstaffed(firstKept));
  const schedule = JSON.stringify(fed.schedule);
  const kept = fed.roster;
  const staged = engine.planAssemble(scenario, forecast, requirements, schedule, JSON.stringify(kept));
  assert.equal(staged.solvers.roster.portfolio.members, 4);
  const native = JSON.parse(execFileSync(cli, ['plan', file, '--workers', '4'], { cwd: root, maxBuffer: 64 << 20 }).toString());
  assert.equal(firstDifference(native, staged), null);
  assert.ok(JSON.stringify(staged) === JSON.stringify(native));
  // An empty member list is refused by name.
  assert.throws(() => engine.planRosterChoose('[]'), /workers/);
});
