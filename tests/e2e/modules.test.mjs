// The engine's three wasm modules and the roster workers in Chromium (issue 18): the page opens
// on the core module, the plan module loads for the plan, the import/export module only when a
// file is read or a workbook written; a plan's roster from N workers is the same when computed
// again with N workers, and cancel stops every worker.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSite } from './harness.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
let site;

test.before(async () => {
  site = await startSite();
});
test.after(async () => {
  await site?.close();
});

const workers = (n) => `globalThis.paibanRosterWorkers = ${n};`;

/** The roster part of the page's plan, and the portfolio it came from. */
async function plannedRoster(n) {
  const { page, context, consoleErrors } = await site.page({ init: workers(n) });
  const marker = await site.planned(page);
  assert.doesNotMatch(marker, /error/, await page.textContent('#plan-error'));
  const got = await page.evaluate(() => {
    const { roster, solvers } = window.paiban.current.plan;
    const { portfolio, ...run } = roster.solver;
    return {
      roster: JSON.stringify(roster),
      // The roster as one search would report it (without the portfolio record).
      plain: JSON.stringify({ ...roster, solver: run }),
      recorded: solvers.roster.portfolio ?? null,
      portfolio: window.paiban.engine.lastPortfolio,
      summary: document.querySelector('#summary-solver-list')?.textContent ?? '',
      modules: null,
    };
  });
  got.modules = await page.evaluate(() => window.paiban.engine.call('modules'));
  await context.close();
  assert.deepEqual(consoleErrors, []);
  return got;
}

test('a plan with N workers equals the plan computed again with N workers', { timeout: 240000 }, async () => {
  const a = await plannedRoster(2);
  const b = await plannedRoster(2);
  assert.deepEqual(a.portfolio?.workers, 2);
  assert.ok(a.roster.length > 1000 && a.roster !== 'null');
  assert.equal(a.roster, b.roster);
  assert.deepEqual(a.portfolio, b.portfolio);
  // The plan records the portfolio, and the summary says how to make it again.
  assert.deepEqual(a.recorded, { members: 2, chosen: a.portfolio.chosen });
  assert.match(a.summary, /--workers 2/);
  // The plan does not need the import/export module.
  assert.deepEqual(a.modules, ['paiban', 'paiban_plan']);
  // With one worker the roster stage is the plain planRoster (portfolio member 0).
  const one = await plannedRoster(1);
  assert.equal(one.portfolio, null);
  assert.equal(one.recorded, null);
  if (a.portfolio.chosen === 0) assert.equal(one.roster, a.plain);
});

test('import and export load the io module and work', { timeout: 120000 }, async () => {
  const { page, context, consoleErrors } = await site.page({ init: workers(1) });
  await site.planned(page);
  assert.deepEqual(await page.evaluate(() => window.paiban.engine.call('modules')), ['paiban', 'paiban_plan']);
  const gbk = [...readFileSync(`${ROOT}tests/data/import/hotline_gbk.csv`)];
  const res = await page.evaluate(async (bytes) => {
    const e = window.paiban.engine;
    const input = new Uint8Array(bytes);
    const options = JSON.stringify({ name: 'hotline_gbk.csv' });
    const p = await e.call('importPreview', { input, options, rows: 5 });
    const imp = await e.call('importFile', { input, options, mapping: JSON.stringify(p.guess) });
    // History bytes in GBK go through the io module's decoder to the core reader.
    const h = await e.call('readHistory', { input: new TextEncoder().encode(imp.queues[0].csv) });
    const xlsx = await e.call('exportXlsx', { plan: JSON.stringify(window.paiban.current.plan), lang: 'en' });
    return { encoding: p.source.encoding, rows: imp.queues[0].summary.rows, history: h.summary.rows, xlsx: [...xlsx.slice(0, 2)], size: xlsx.length, modules: await e.call('modules') };
  }, gbk);
  assert.equal(res.encoding, 'gb18030');
  assert.equal(res.rows, 672);
  assert.equal(res.history, 672);
  assert.deepEqual(res.xlsx, [0x50, 0x4b]); // a zip
  assert.ok(res.size > 1000);
  assert.deepEqual(res.modules, ['paiban', 'paiban_plan', 'paiban_io']);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('cancel stops every roster worker and the next plan still runs', { timeout: 120000 }, async () => {
  const { page, context } = await site.page({ init: workers(2) });
  await site.planned(page);
  const r = await page.evaluate(async () => {
    const e = window.paiban.engine;
    const plan = window.paiban.current.plan;
    const scenario = JSON.stringify({ ...plan.scenario, solver: { ...plan.scenario.solver, roster_iterations: 50000000 } });
    const schedule = JSON.stringify(plan.schedule);
    const started = performance.now();
    const run = e.call('planRoster', { scenario, schedule }).then(() => 'finished', (err) => err.kind);
    await new Promise((res) => setTimeout(res, 300));
    const pool = e.pool.length;
    e.cancel();
    const kind = await run;
    return { kind, pool, after: e.pool.length, ms: performance.now() - started, version: await e.call('version') };
  });
  assert.equal(r.kind, 'cancelled');
  assert.equal(r.pool, 1);
  assert.equal(r.after, 0);
  assert.ok(r.ms < 5000, String(r.ms));
  assert.match(r.version, /^\d+\.\d+\.\d+$/);
  await context.close();
});
