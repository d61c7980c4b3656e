// A bid for several client shops (issue 16 point 8), as a sales engineer does it in Chromium:
// load the three-shop example, read the per-shop table (dedicated vs shared, with the saving),
// change the cross-training assumption and the shop groups in the form only, see the figures
// follow, get a field error for a bad share, and find every label in zh-CN.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startSite, ARTIFACTS } from './harness.mjs';

let site;
test.before(async () => {
  site = await startSite();
});
test.after(async () => {
  await site?.close();
});

const proposal = (page) => page.evaluate(() => JSON.parse(window.paiban.state.proposal));
const cells = (page, row) => page.locator('#prop-shops tbody tr').nth(row).locator('td').allTextContents();
const num = (s) => Number(s.replace(/[^\d.-]/g, ''));

async function loadShops(page) {
  await page.click('#tab-proposal');
  await page.waitForSelector('#prop-sheet h2');
  await page.click('#prop-load-shops');
  await page.waitForSelector('#prop-shops tbody tr');
}

test('a three-shop bid shows dedicated vs shared per shop and follows the form', async () => {
  const { page, context, consoleErrors } = await site.page();
  await loadShops(page);
  // Every new parameter is in the form: the shop of each channel, the share, the premium.
  for (const p of ['channels[0].shop', 'channels[5].shop', 'sharing.cross_trained_share', 'sharing.cross_training_premium']) {
    assert.equal(await page.locator(`#prop-form [data-path="${p}"]`).count(), 1, p);
  }
  // Three shops and the total; the total's dedicated price is the headline bid.
  assert.equal(await page.locator('#prop-shops tbody tr').count(), 4);
  const total = await cells(page, 3);
  assert.match(total[0], /All shops/);
  const head = await page.locator('#prop-sheet .cards dd').allTextContents();
  assert.equal(total[6], head[0], 'dedicated total = the headline price');
  assert.ok(num(total[2]) < num(total[1]), `shared FTE ${total[2]} below dedicated ${total[1]}`);
  assert.ok(num(total[8]) > 0, `a saving: ${total[8]}`);
  for (let r = 0; r < 3; r++) {
    const c = await cells(page, r);
    assert.ok(num(c[2]) <= num(c[1]) + 0.05, `${c[0]}: shared ${c[2]} vs dedicated ${c[1]}`);
  }
  assert.match(await page.textContent('#prop-sharing-summary'), /Sharing saves .* FTE/);
  // The premium was not given: the bid states the assumption.
  assert.match(await page.textContent('#prop-sharing-assumed'), /cross-training premium 5%/);
  await page.screenshot({ path: `${ARTIFACTS}/proposal-shops.png`, fullPage: true });

  // No cross-training: shared = dedicated, no saving.
  const share = '#prop-form [data-path="sharing.cross_trained_share"]';
  await page.fill(share, '0');
  await page.dispatchEvent(share, 'change');
  await page.waitForFunction(() => JSON.parse(window.paiban.state.proposal).sharing.cross_trained_share === 0);
  await page.waitForFunction(() => {
    const td = document.querySelectorAll('#prop-shops tbody tr:last-child td');
    return td.length && td[1].textContent === td[2].textContent;
  });
  assert.equal(num((await cells(page, 3))[8]), 0);

  // A bad share is an error at the field and is not saved.
  await page.fill(share, '150');
  await page.dispatchEvent(share, 'change');
  await page.waitForSelector(`${share}[aria-invalid="true"]`);
  assert.equal((await proposal(page)).sharing.cross_trained_share, 0);

  // Back to 50%, and only Galaxy and Moon cross-trained together: Morning Star keeps its team.
  await page.fill(share, '50');
  await page.dispatchEvent(share, 'change');
  await page.waitForFunction(() => JSON.parse(window.paiban.state.proposal).sharing.cross_trained_share === 0.5);
  await page.click('#prop-add-group');
  await page.waitForSelector('#prop-sharing [data-group="0"]');
  await page.locator('#prop-sharing [data-group="0"] input[data-shop="晨星家电 Morning Star"]').uncheck();
  await page.waitForFunction(() => JSON.parse(window.paiban.state.proposal).sharing.groups[0].shops.length === 2);
  // Wait for the table of this request (the one of the 0% share also has Morning Star
  // unshared): Morning Star dedicated, and Galaxy rendered after the change.
  await page
    .waitForFunction(() => {
      const rows = [...document.querySelectorAll('#prop-shops tbody tr')];
      const td = (name) => rows.find((tr) => tr.textContent.includes(name))?.querySelectorAll('td');
      const n = (c) => parseFloat(c.textContent.replace(/[^0-9.-]/g, ''));
      const ms = td('Morning Star');
      const g = td('Galaxy');
      return ms && g && ms[1].textContent === ms[2].textContent && n(g[2]) < n(g[1]);
    }, null, { timeout: 20000 })
    .catch(() => {});
  const galaxy = await cells(page, 0);
  assert.ok(num(galaxy[2]) < num(galaxy[1]), `Galaxy still shares: ${galaxy}`);

  // A channel without its shop: the engine names the field and the form marks it.
  const shop = '#prop-form [data-path="channels[1].shop"]';
  await page.fill(shop, '');
  await page.dispatchEvent(shop, 'change');
  await page.waitForSelector(`${shop}[aria-invalid="true"]`);
  assert.match(await page.textContent('#prop-error'), /channels\[1\]\.shop|shop/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('the shop table and the sharing form read in zh-CN', async () => {
  const { page, context, consoleErrors } = await site.page({ locale: 'zh-CN' });
  await loadShops(page);
  const heads = await page.locator('#prop-shops thead th').allTextContents();
  assert.deepEqual(heads.slice(0, 3), ['店铺', '专属 FTE', '共享 FTE']);
  assert.match(await page.textContent('#prop-sharing legend'), /跨店铺共享坐席/);
  assert.match(await page.textContent('#prop-sharing-summary'), /共享可节省/);
  assert.match(await page.textContent('#prop-sharing-assumed'), /交叉培训溢价 5%/);
  const table = await page.evaluate(() => import('./i18n.js').then((m) => m.TRANSLATIONS));
  const english = Object.entries(table).filter(([k]) => k.startsWith('prop.')).map(([, v]) => v.en);
  // Every label, legend, header, hint and button of the new parts, one by one.
  const shown = await page.evaluate(() => [...document.querySelectorAll(
    '#prop-sharing legend, #prop-sharing label, #prop-sharing p, #prop-sharing button, #prop-shops caption, #prop-shops th, #prop-sheet p.hint',
  )].map((e) => e.textContent.trim()));
  for (const e of english) assert.ok(!shown.includes(e.trim()), `English shown: ${e}`);
  for (const s of shown) assert.doesNotMatch(s, /dedicated|shared|cross-trained|Sharing/i, s);
  await page.screenshot({ path: `${ARTIFACTS}/proposal-shops-zh.png`, fullPage: true });
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
