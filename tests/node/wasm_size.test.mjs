// The wasm budget of the page (issue 18): the module the worker instantiates first stays at
// most 400 KB gzipped, measured here on the built file (gzip -9, what a server sends), and the
// heavy parts the page needs later live in the lazily loaded modules: the plan solvers in
// paiban_plan, calamine and encoding_rs (and the xlsx writer) in paiban_io only.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('../../', import.meta.url).pathname;
const BUDGET_GZIP = 400 * 1000;
const wasm = (m) => readFileSync(`${root}www/pkg/${m}_bg.wasm`);
const gz = (b) => gzipSync(b, { level: 9 }).length;
const exportsOf = (m) => [...readFileSync(`${root}www/pkg/${m}.js`, 'utf8').matchAll(/^export function (\w+)/gm)].map((x) => x[1]);

test('the worker instantiates only the core module up front', () => {
  const worker = readFileSync(`${root}www/worker.js`, 'utf8');
  const staticImports = [...worker.matchAll(/^import .* from '([^']+)'/gm)].map((x) => x[1]);
  assert.deepEqual(staticImports, ['./pkg/paiban.js']);
  // The others are loaded by name when a command needs them.
  assert.match(worker, /load\('paiban_plan'\)/);
  assert.match(worker, /load\('paiban_io'\)/);
});

test(`the first-load wasm is at most ${BUDGET_GZIP / 1000} KB gzipped`, () => {
  const core = wasm('paiban');
  const size = gz(core);
  const total = ['paiban', 'paiban_plan', 'paiban_io'].reduce((s, m) => s + gz(wasm(m)), 0);
  console.log(`paiban_bg.wasm ${core.length} bytes, ${size} gzipped; all three modules ${total} gzipped`);
  assert.ok(size <= BUDGET_GZIP, `paiban_bg.wasm is ${size} bytes gzipped, over ${BUDGET_GZIP}`);
});

test('each module exports its own part of the engine', () => {
  const core = exportsOf('paiban');
  const plan = exportsOf('paiban_plan');
  const io = exportsOf('paiban_io');
  for (const f of ['version', 'readHistory', 'checkScenario', 'readAgents', 'erlang', 'quote']) assert.ok(core.includes(f), `core ${f}`);
  for (const f of ['planForecast', 'planSchedule', 'planRoster', 'planRosterMember', 'planRosterChoose', 'planAssemble', 'simulatePlan']) {
    assert.ok(plan.includes(f), `plan ${f}`);
    assert.ok(!core.includes(f), `core has ${f}`);
  }
  for (const f of ['importPreview', 'importFile', 'exportXlsx', 'decodeHistory']) {
    assert.ok(io.includes(f), `io ${f}`);
    assert.ok(!core.includes(f) && !plan.includes(f), `${f} outside io`);
  }
});

test('the spreadsheet and encoding code is linked into the io module only', () => {
  // Panic locations and error texts keep crate names in the data section: a crate whose code
  // is linked leaves them, one that is not linked leaves none.
  const has = (m, s) => wasm(m).includes(Buffer.from(s));
  for (const crate of ['calamine', 'encoding_rs', 'quick-xml', 'zip']) {
    assert.ok(!has('paiban', crate), `core links ${crate}`);
    assert.ok(!has('paiban_plan', crate), `plan links ${crate}`);
  }
  assert.ok(has('paiban_io', 'calamine'), 'io links calamine');
});
