// The importers through wasm: the same fixtures give the same tables, mappings and histories
// as natively (compared with `paiban import --format json`), errors carry sheet/row/column,
// and the plan workbook comes back as .xlsx bytes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import engine from './load.mjs';

const root = new URL('../../', import.meta.url).pathname;
const fixture = (name) => new Uint8Array(readFileSync(`${root}tests/data/import/${name}`));
const cli = ['release', 'debug']
  .map((p) => `${root}target/${p}/paiban`)
  .filter((p) => existsSync(p))
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];

function imported(name, edit = (m) => m) {
  const bytes = fixture(name);
  const options = JSON.stringify({ name });
  const p = engine.importPreview(bytes, options, 5);
  return { preview: p, result: engine.importFile(bytes, options, JSON.stringify(edit(p.guess))) };
}

test('a GBK CSV is detected, guessed and imported', () => {
  const { preview, result } = imported('hotline_gbk.csv');
  assert.equal(preview.source.encoding, 'gb18030');
  assert.equal(preview.guess.timestamp, '时间');
  assert.equal(preview.guess.volume, '呼入量');
  assert.equal(result.queues[0].summary.rows, 672);
  assert.match(result.queues[0].csv, /^timestamp,volume,aht_seconds\n2024-01-01T00:00,0,\n/);
});

test('an xlsx with two queues, and another sheet chosen', () => {
  const { preview, result } = imported('two_queues.xlsx', (m) => ({ ...m, patience_seconds: 180 }));
  assert.deepEqual(preview.source.sheets, ['话务', '说明']);
  assert.equal(preview.header_row, 3);
  assert.deepEqual(result.queues.map((q) => q.queue), ['售前', '售后']);
  const f = result.queues[0].comparison.calibration.factor;
  assert.ok(f > 0.78 && f < 0.95, String(f));
  const other = engine.importPreview(fixture('two_queues.xlsx'), JSON.stringify({ name: 'x.xlsx', sheet: '说明' }), 5);
  assert.equal(other.source.sheet, '说明');
});

test('bad cells throw with the sheet, row and column', () => {
  const bytes = new Uint8Array(readFileSync(`${root}tests/data/bad_inputs/import/bad_date.xlsx`));
  const p = engine.importPreview(bytes, JSON.stringify({ name: 'bad_date.xlsx' }), 5);
  assert.throws(() => engine.importFile(bytes, JSON.stringify({ name: 'bad_date.xlsx' }), JSON.stringify(p.guess)), (e) => {
    assert.equal(e.kind, 'csv');
    assert.equal(e.path, 'bad_date.xlsx, sheet 话务:4:日期 (A)');
    assert.equal(e.line, 4);
    return true;
  });
  assert.throws(() => engine.importFile(bytes, '', '{"volumes": 1}'), (e) => e.kind === 'json');
});

for (const [name, extra] of [['two_queues.xlsx', []], ['contacts.csv', ['--interval-minutes', '30', '--answer-seconds', '20']], ['hotline.xls', []], ['chat.ods', []], ['us_unicode.txt', []]]) {
  test(`${name}: wasm and the native CLI import the same`, { skip: !cli && 'no native paiban built' }, () => {
    const native = JSON.parse(execFileSync(cli, ['import', `${root}tests/data/import/${name}`, '--format', 'json', ...extra], { maxBuffer: 64 << 20 }).toString());
    const bytes = fixture(name);
    const options = JSON.stringify({ name });
    const guess = engine.importPreview(bytes, options, 1).guess;
    if (extra.length) Object.assign(guess, { interval_minutes: 30, answer_seconds: 20 });
    const wasm = engine.importFile(bytes, options, JSON.stringify(guess));
    assert.equal(JSON.stringify(wasm), JSON.stringify(native));
  });
}

test('the plan workbook is .xlsx bytes', () => {
  const demo = JSON.parse(readFileSync(`${root}examples/shop.json`, 'utf8'));
  demo.horizon.days = 1;
  demo.solver.roster_iterations = 20000;
  for (const a of demo.agents ?? []) {
    a.days_off = (a.days_off ?? []).filter((d) => d < 1);
    a.requests = (a.requests ?? []).filter((r) => r.day < 1);
  }
  const histories = {};
  for (const [q, f] of Object.entries(demo.history)) histories[q] = readFileSync(`${root}examples/${f}`, 'utf8');
  const plan = engine.plan(JSON.stringify(demo), histories);
  const bytes = engine.exportXlsx(JSON.stringify(plan), 'zh-CN');
  assert.ok(bytes instanceof Uint8Array);
  assert.equal(String.fromCharCode(...bytes.slice(0, 4)), 'PK\u0003\u0004');
  // Read back through the importer: the roster sheet with the agents' names.
  const back = engine.importPreview(bytes, '', 3);
  assert.deepEqual(back.source.sheets, ['排班表', '班次', '覆盖', '指标']);
  assert.equal(back.rows[0].cells[1], plan.roster.agents[0].name);
});
