// The Data view as a planner uses it: demo on first open, CSV import, a broken CSV keeps the
// previous data, language switch, state kept across a reload, no request leaves the origin.
import test from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { startSite, ARTIFACTS } from './harness.mjs';

const BANK = new URL('../../../shared/data/israel_bank_1999_60min.csv', import.meta.url).pathname;
let site;

test.before(async () => {
  site = await startSite();
});
test.after(async () => {
  await site?.close();
});

test('first open shows the demo history as a chart', async () => {
  const { page, foreign, consoleErrors, context } = await site.page();
  // First open shows the plan overview; the history is one tab away.
  assert.equal(await page.getAttribute('#tab-summary', 'aria-selected'), 'true');
  await page.click('#tab-data');
  await page.waitForSelector('#history-chart canvas');
  assert.match(await page.textContent('#history-source'), /presales_chat\.csv/);
  assert.equal(await page.locator('#history-summary dd').first().textContent(), '4,032');
  await page.screenshot({ path: `${ARTIFACTS}/data-demo.png`, fullPage: true });
  assert.deepEqual(foreign, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('imports a CSV, then a broken one shows the bad line and keeps the data', async () => {
  const { page, context } = await site.page();
  await page.click('#tab-data');
  await page.setInputFiles('#file', BANK);
  await page.waitForFunction(() => document.querySelector('#history-source').textContent.includes('israel_bank'));
  assert.equal(await page.locator('#history-summary dd').first().textContent(), '8,760');
  await page.waitForSelector('#history-chart canvas');

  const broken = `${ARTIFACTS}/broken.csv`;
  writeFileSync(broken, 'timestamp,volume\n2024-01-01T09:00,4\n2024-01-01T09:30,four\n');
  await page.setInputFiles('#file', broken);
  await page.waitForSelector('#history-error:not([hidden])');
  const msg = await page.textContent('#history-error');
  assert.match(msg, /line 3/);
  assert.match(msg, /volume/);
  assert.equal(await page.getAttribute('#history-error', 'data-line'), '3');
  // The previous data stays.
  assert.match(await page.textContent('#history-source'), /israel_bank/);
  assert.equal(await page.locator('#history-summary dd').first().textContent(), '8,760');
  await page.screenshot({ path: `${ARTIFACTS}/data-error.png`, fullPage: true });

  // Reload keeps the imported history.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.match(await page.textContent('#history-source'), /israel_bank/);
  await context.close();
});

test('language switch changes the labels and is remembered', async () => {
  const { page, context } = await site.page();
  await page.selectOption('#lang', 'zh-CN');
  assert.equal(await page.textContent('#tab-data'), '历史数据');
  assert.equal(await page.textContent('#tab-summary'), '方案概览');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.textContent('#tab-data'), '历史数据');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await context.close();
});

test('a crashed engine is restarted and the data stays', async () => {
  const { page, context } = await site.page();
  await page.setInputFiles('#file', BANK);
  await page.waitForFunction(() => document.querySelector('#history-source').textContent.includes('israel_bank'));
  const err = await page.evaluate(() => window.paiban.engine.call('simulateCrash').then(() => null, (e) => e.kind));
  assert.equal(err, 'panic');
  // The restarted worker answers again, and what the planner imported is still shown.
  const v = await page.evaluate(() => window.paiban.engine.call('version'));
  assert.match(v, /^\d+\.\d+\.\d+$/);
  assert.match(await page.textContent('#history-source'), /israel_bank/);
  await context.close();
});
