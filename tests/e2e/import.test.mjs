// Importing as a planner does: a GBK CSV with Chinese headers, an .xlsx with a date, an
// interval-range column and two queues, and a per-contact export, each through the preview
// with a corrected mapping; a bad file keeps the previous data; the roster downloads as .xlsx;
// the summary prints to PDF; and the page works offline after one visit.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import { chromium } from 'playwright-core';
import { startSite, ARTIFACTS } from './harness.mjs';

const DATA = new URL('../data/import/', import.meta.url).pathname;
const BAD = new URL('../data/bad_inputs/import/', import.meta.url).pathname;
let site;

test.before(async () => {
  site = await startSite();
});
test.after(async () => {
  await site?.close();
});

async function openDialog(page, file) {
  await page.setInputFiles('#file', file);
  await page.waitForSelector('#import-dialog[open]');
}

async function runImport(page) {
  await page.click('#imp-run');
  await page.waitForFunction(() => document.querySelector('#import-dialog')?.dataset.imported || !document.querySelector('#imp-error').hidden);
  assert.equal(await page.isHidden('#imp-error'), true, await page.textContent('#imp-error'));
}

test('a GBK CSV: encoding shown, guess corrected, used for a queue, remembered', async () => {
  const { page, context, foreign, consoleErrors } = await site.page({ locale: 'zh-CN' });
  await site.planned(page);
  await openDialog(page, `${DATA}hotline_gbk.csv`);
  assert.match(await page.textContent('#imp-encoding'), /GB18030\/GBK/);
  assert.equal(await page.inputValue('#imp-role-timestamp'), '时间');
  assert.equal(await page.inputValue('#imp-role-volume'), '呼入量');
  assert.equal(await page.inputValue('#imp-role-aht_seconds'), '平均处理时长');
  assert.match(await page.textContent('#imp-preview'), /2024\/1\/1 0:30/);
  // The planner corrects the guess: this report's AHT is not to be used.
  await page.selectOption('#imp-role-aht_seconds', '');
  await page.screenshot({ path: `${ARTIFACTS}/import-gbk.png`, fullPage: true });
  await runImport(page);
  assert.match(await page.textContent('#imp-results'), /672/);
  await page.selectOption('#imp-target-0', 'aftersales');
  const before = await page.evaluate(() => Number(String(document.body.dataset.planned).replace('error-', '')));
  await page.click('#imp-use-0');
  await site.planned(page, before);
  const h = await page.evaluate(() => window.paiban.state.histories.aftersales);
  assert.equal(h.name, 'hotline_gbk.csv');
  assert.match(h.text, /^timestamp,volume\n2024-01-01T00:00,0\n/, 'no AHT column: the correction was applied');
  await page.click('#imp-close');

  // The corrected mapping is remembered for these columns.
  await openDialog(page, `${DATA}hotline_gbk.csv`);
  assert.equal(await page.inputValue('#imp-role-aht_seconds'), '');
  assert.match(await page.textContent('#import-dialog'), /上次/);
  await page.click('#imp-close');
  assert.deepEqual(foreign, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('an xlsx with a date, an interval range and two queues', async () => {
  const { page, context } = await site.page();
  await site.planned(page);
  await openDialog(page, `${DATA}two_queues.xlsx`);
  assert.equal(await page.inputValue('#imp-sheet'), '话务');
  assert.equal(await page.inputValue('#imp-header'), '3');
  assert.equal(await page.inputValue('#imp-role-date'), '日期');
  assert.equal(await page.inputValue('#imp-role-range'), '时段');
  assert.equal(await page.inputValue('#imp-role-queue'), '技能组');
  // Correction: the report's abandonment gives no waits, so the planner enters the patience.
  await page.fill('#imp-patience', '180');
  await page.dispatchEvent('#imp-patience', 'change');
  await runImport(page);
  const results = await page.textContent('#imp-results');
  assert.match(results, /售前/);
  assert.match(results, /售后/);
  assert.match(results, /calibration factor 0\.\d+/);
  await page.screenshot({ path: `${ARTIFACTS}/import-xlsx.png`, fullPage: true });
  await page.selectOption('#imp-target-0', 'presales');
  await page.click('#imp-use-0');
  await page.selectOption('#imp-target-1', 'aftersales');
  const before = await page.evaluate(() => Number(String(document.body.dataset.planned).replace('error-', '')));
  await page.click('#imp-use-1');
  await site.planned(page, before);
  const hs = await page.evaluate(() => window.paiban.state.histories);
  assert.match(hs.presales.name, /售前/);
  assert.match(hs.aftersales.text, /^timestamp,volume,aht_seconds,answered,abandoned,answered_in_target,agents,service_level,abandon_rate\n/);
  await page.click('#imp-close');
  // The other sheet can be chosen in the preview.
  await openDialog(page, `${DATA}two_queues.xlsx`);
  await page.selectOption('#imp-sheet', '说明');
  await page.waitForFunction(() => document.querySelector('#imp-sheet')?.value === '说明');
  await page.click('#imp-close');
  await context.close();
});

test('a per-contact export: interval and threshold entered, patience estimated and used', async () => {
  const { page, context } = await site.page();
  await site.planned(page);
  await openDialog(page, `${DATA}contacts.csv`);
  assert.equal(await page.inputValue('#imp-kind'), 'contacts');
  assert.equal(await page.inputValue('#imp-role-wait_seconds'), '排队时长');
  await page.selectOption('#imp-interval', '60');
  await page.fill('#imp-answer', '20');
  await page.dispatchEvent('#imp-answer', 'change');
  await runImport(page);
  const text = await page.textContent('#imp-results');
  assert.match(text, /60-minute intervals/);
  assert.match(text, /Patience \(abandoned ÷ total waiting time/);
  const i = await page.evaluate(() => [...document.querySelectorAll('.imp-queue')].findIndex((x) => x.dataset.queue === '售后'));
  await page.selectOption(`#imp-target-${i}`, 'aftersales');
  await page.click(`#imp-patience-${i}`);
  const p = await page.evaluate(() => window.paiban.state.scenario.queues.find((q) => q.id === 'aftersales').patience_seconds);
  assert.ok(p > 90 && p < 130, String(p));
  await page.screenshot({ path: `${ARTIFACTS}/import-contacts.png`, fullPage: true });
  await context.close();
});

test('a bad workbook names the sheet, row and column and the data stays', async () => {
  const { page, context } = await site.page();
  await site.planned(page);
  const before = await page.evaluate(() => JSON.stringify(window.paiban.state.histories));
  await openDialog(page, `${BAD}bad_date.xlsx`);
  await page.click('#imp-run');
  await page.waitForSelector('#imp-error:not([hidden])');
  const msg = await page.textContent('#imp-error');
  assert.match(msg, /sheet 话务 line 4, column 日期 \(A\)/);
  assert.match(msg, /2024\/13\/45/);
  assert.equal(await page.getAttribute('#imp-error', 'data-line'), '4');
  await page.screenshot({ path: `${ARTIFACTS}/import-error.png`, fullPage: true });
  await page.click('#imp-close');
  assert.equal(await page.evaluate(() => JSON.stringify(window.paiban.state.histories)), before);
  await context.close();
});

test('the roster downloads as .xlsx and the summary prints to PDF', async () => {
  const { page, context } = await site.page();
  await site.planned(page);
  await page.waitForFunction(() => window.paiban.current.plan?.roster);
  await page.click('#tab-roster');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-roster-xlsx')]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const path = `${ARTIFACTS}/roster.xlsx`;
  await download.saveAs(path);
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
  assert.ok(bytes.includes(Buffer.from('xl/styles.xml')));
  assert.ok(bytes.includes(Buffer.from('state="frozen"')));
  assert.ok(await page.evaluate(() => window.paiban.printSummary({ print: false })));
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: `${ARTIFACTS}/print-summary.png`, fullPage: true });
  assert.equal(await page.isVisible('#print-summary'), true);
  assert.equal(await page.isVisible('.tabs'), false);
  const pdf = `${ARTIFACTS}/summary.pdf`;
  await page.pdf({ path: pdf, format: 'A4' });
  assert.ok(statSync(pdf).size > 5000);
  await context.close();
});

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

test('installable, and works offline after one visit', { timeout: 120000 }, async () => {
  // A server of its own, to cut it.
  const port = await freePort();
  const root = new URL('../../', import.meta.url).pathname;
  const server = spawn('python3', ['scripts/serve.py', String(port), '-q'], { cwd: root, stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${origin}/index.html`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const foreign = [];
    page.on('request', (r) => !r.url().startsWith(origin) && !/^(data|blob):/.test(r.url()) && foreign.push(r.url()));
    await page.goto(`${origin}/index.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel="manifest"]');
      return (await fetch(link.href)).json();
    });
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.some((i) => i.sizes === '512x512'));
    await page.waitForSelector('body[data-offline="ready"]', { timeout: 30000 });
    await page.waitForFunction(() => document.body.dataset.planned, null, { timeout: 60000 });

    // Cut the network: stop the server and take the browser offline.
    server.kill();
    await new Promise((r) => setTimeout(r, 300));
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
    await page.waitForFunction(() => /^\d+$/.test(document.body.dataset.planned ?? ''), null, { timeout: 60000 });
    assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), true);
    // The engine (wasm in the worker) runs offline too.
    assert.match(await page.evaluate(() => window.paiban.engine.call('version')), /^\d+\.\d+\.\d+$/);
    await page.screenshot({ path: `${ARTIFACTS}/offline.png`, fullPage: true });
    assert.deepEqual(foreign, []);
    await context.close();
  } finally {
    server.kill();
    await browser.close();
  }
});
