// The same scenario gives the same plan natively (the CLI) and in wasm (Node), so a plan
// validated in CI is the plan the page showed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import engine from './load.mjs';

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

// One day of the demo: its schedule is proven optimal in milliseconds, so no time limit binds
// and the result cannot depend on how busy the machine is. (When a limit binds, the schedule is
// the best found by then, which may differ between a fast and a slow run.)
test('demo plan is identical natively and in wasm', { skip: !cli && 'no native paiban built' }, () => {
  const demo = JSON.parse(readFileSync(`${root}examples/shop.json`, 'utf8'));
  demo.horizon.days = 1;
  demo.shifts.understaffing_penalty = 200;
  for (const a of demo.agents ?? []) {
    a.days_off = a.days_off.filter((d) => d < 1);
    a.requests = a.requests.filter((r) => r.day < 1);
  }
  for (const [q, f] of Object.entries(demo.history)) demo.history[q] = `${root}examples/${f}`;
  const file = join(mkdtempSync(join(tmpdir(), 'paiban-')), 'day.json');
  writeFileSync(file, JSON.stringify(demo));
  const native = execFileSync(cli, ['plan', file], { cwd: root, maxBuffer: 64 << 20 }).toString();
  const scenario = JSON.stringify(demo);
  const histories = {};
  for (const [q, f] of Object.entries(demo.history)) histories[q] = readFileSync(f, 'utf8');
  const wasm = engine.plan(scenario, histories);
  assert.equal(firstDifference(JSON.parse(native), wasm), null);
  assert.equal(wasm.schedule.proven_optimal, true);
  assert.ok(wasm.roster && wasm.roster.agents.length === 70, 'the roster is part of the comparison');
  // Same text once both are written by the same JSON writer: byte-identical plans.
  assert.ok(JSON.stringify(wasm) === JSON.stringify(JSON.parse(native)));
});
