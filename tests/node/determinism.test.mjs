// The same scenario gives the same plan natively (the CLI) and in wasm (Node), so a plan
// validated in CI is the plan the page showed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import engine from './load.mjs';

const root = new URL('../../', import.meta.url).pathname;
const cli = ['release', 'debug'].map((p) => `${root}target/${p}/paiban`).find((p) => existsSync(p));

test('demo plan is identical natively and in wasm', { skip: !cli && 'no native paiban built' }, () => {
  const native = execFileSync(cli, ['plan', 'examples/shop.json'], { cwd: root, maxBuffer: 64 << 20 }).toString();
  const scenario = readFileSync(`${root}examples/shop.json`, 'utf8');
  const histories = {};
  for (const [q, f] of Object.entries(JSON.parse(scenario).history)) histories[q] = readFileSync(`${root}examples/${f}`, 'utf8');
  const wasm = engine.plan(scenario, histories);
  assert.equal(JSON.stringify(wasm), JSON.stringify(JSON.parse(native)));
});
