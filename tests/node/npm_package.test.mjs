// The wasm build as an npm package: packed with scripts/pack_npm.sh, installed from the
// tarball into an empty folder (no registry needed: it has no dependencies), imported by name
// from a plain Node script that plans a day of the demo and reads a GBK file.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

test('packs, installs from the tarball in a clean folder, and plans', { timeout: 300000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'paiban-pack-'));
  const tarball = execFileSync('bash', [`${root}scripts/pack_npm.sh`, out]).toString().trim();
  assert.ok(existsSync(tarball), tarball);
  const app = mkdtempSync(join(tmpdir(), 'paiban-app-'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'planner-script', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: app, stdio: 'pipe' });
  const pkg = JSON.parse(readFileSync(join(app, 'node_modules/paiban/package.json'), 'utf8'));
  const cargo = readFileSync(`${root}Cargo.toml`, 'utf8').match(/^version = "(.+)"/m)[1];
  assert.equal(pkg.version, cargo);
  for (const f of ['node.d.ts', 'paiban.d.ts', 'paiban_bg.wasm', 'README.md']) assert.ok(existsSync(join(app, 'node_modules/paiban', f)), f);
  // Three wasm modules (core, plan, import/export), each with its types.
  const dts = ['paiban', 'paiban_plan', 'paiban_io'].map((m) => readFileSync(join(app, `node_modules/paiban/${m}.d.ts`), 'utf8')).join('\n');
  for (const fn of ['export function plan(', 'export function importFile(', 'export function exportXlsx(']) assert.ok(dts.includes(fn), fn);

  const demo = JSON.parse(readFileSync(`${root}examples/shop.json`, 'utf8'));
  demo.horizon.days = 1;
  demo.solver.roster_iterations = 20000;
  for (const a of demo.agents ?? []) {
    a.days_off = (a.days_off ?? []).filter((d) => d < 1);
    a.requests = (a.requests ?? []).filter((r) => r.day < 1);
  }
  for (const [q, f] of Object.entries(demo.history)) demo.history[q] = `${root}examples/${f}`;
  writeFileSync(join(app, 'shop.json'), JSON.stringify(demo));
  writeFileSync(join(app, 'plan.mjs'), `
import { readFileSync } from 'node:fs';
import { plan, importPreview, importFile, exportXlsx, version } from 'paiban';
const scenario = readFileSync('shop.json', 'utf8');
const histories = {};
for (const [q, f] of Object.entries(JSON.parse(scenario).history)) histories[q] = readFileSync(f, 'utf8');
const p = plan(scenario, histories);
const gbk = new Uint8Array(readFileSync(${JSON.stringify(`${root}tests/data/import/hotline_gbk.csv`)}));
const guess = importPreview(gbk, '{"name": "hotline_gbk.csv"}', 1).guess;
const imp = importFile(gbk, '{"name": "hotline_gbk.csv"}', JSON.stringify(guess));
const xlsx = exportXlsx(JSON.stringify(p), 'en');
console.log(JSON.stringify({ version: version(), shifts: p.schedule.shift_count, agents: p.roster.agents.length, rows: imp.queues[0].rows, xlsx: xlsx.length }));
`);
  const res = JSON.parse(execFileSync('node', ['plan.mjs'], { cwd: app }).toString());
  assert.equal(res.version, cargo);
  assert.ok(res.shifts > 0 && res.agents === 70, JSON.stringify(res));
  assert.equal(res.rows, 672);
  assert.ok(res.xlsx > 1000);
});
