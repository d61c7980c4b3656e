// The agent's day on the page (issue 21), in Debian's Chromium: the demo shop with the day
// example's activities and leave plans; the day view draws a Gantt per team (only the rows in
// view), reachable by keyboard, opens an agent's week with Enter, exports the agent's .ics with
// breaks and sessions, and the intraday re-plan from a morning running 20% hot shows the
// service before and after with the proposals. Screenshots in tests/e2e/artifacts/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { startSite, ARTIFACTS } from './harness.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
let site;

test.before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  site = await startSite();
});
test.after(async () => {
  await site?.close();
});

async function planned(page, before = 0) {
  const marker = await site.planned(page, before);
  assert.doesNotMatch(marker, /error/, await page.textContent('#plan-error'));
  return Number(marker);
}

test('the agent\'s day: Gantt per team and agent, keyboard, .ics, intraday re-plan', async () => {
  const { page, consoleErrors } = await site.page();
  const first = await planned(page);
  const day = JSON.parse(readFileSync(`${ROOT}examples/day_shop.json`, 'utf8'));
  await page.evaluate(({ activities, leave }) => {
    const s = window.paiban.state.scenario;
    s.activities = activities;
    s.leave = leave;
    window.paiban.ctx.saveState();
    window.paiban.ctx.replan();
  }, { activities: day.activities, leave: day.leave });
  await planned(page, first);
  // The staged plan carries the agent's day, as `paiban plan` does: what the page shows is
  // what `paiban validate` checks in the exported plan.
  const staged = await page.evaluate(() => {
    const d = window.paiban.current.plan.day;
    return d && { groups: d.groups.length, sessions: d.timelines.reduce((n, t) => n + t.sessions.length, 0), leave: d.leave.length };
  });
  assert.ok(staged, 'the plan has a day');
  assert.ok(staged.groups > 0 && staged.sessions >= staged.groups, JSON.stringify(staged));
  assert.equal(staged.leave, day.leave.requests.length);
  await page.click('#tab-day');
  await page.waitForSelector('#day-gantt .dayg-bar.session', { timeout: 60000 });
  // Only the rows in view are drawn.
  const title = await page.textContent('#day-title');
  const total = Number(title.match(/(\d+) agents/)[1]);
  const drawn = await page.locator('#day-gantt .dayg-row').count();
  assert.ok(total > 20, title);
  assert.ok(drawn < total, `${drawn} rows drawn of ${total}`);
  // Every drawn row says what is in it (shift, breaks, sessions) to a screen reader.
  const label = await page.getAttribute('#day-gantt .dayg-row >> nth=0', 'aria-label');
  assert.match(label, /\d\d:\d\d–\d\d:\d\d/);
  await page.screenshot({ path: `${ARTIFACTS}day-team.png` });
  // Keyboard: arrows move between rows, past the drawn ones; Enter opens the agent's week.
  await page.focus('#day-gantt .dayg-row[tabindex="0"]');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), '3');
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), String(total - 1));
  await page.keyboard.press('Home');
  const agent = await page.evaluate(() => document.activeElement.dataset.agent);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#day-ics:not([hidden])');
  assert.match(await page.textContent('#day-title'), new RegExp(agent));
  const weekRows = await page.locator('#day-gantt .dayg-row').count();
  assert.ok(weekRows >= 1 && weekRows <= 7, `${weekRows}`);
  await page.screenshot({ path: `${ARTIFACTS}day-agent.png` });
  // The agent's .ics: shifts, breaks and sessions as events.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#day-ics')]);
  const ics = readFileSync(await dl.path(), 'utf8');
  const events = ics.split('BEGIN:VEVENT').length - 1;
  const plan = await page.evaluate(() => window.paiban.current.plan);
  const shifts = plan.roster.agents.find((a) => a.id === agent).shifts;
  const breaks = shifts.reduce((n, s) => n + s.breaks.length, 0);
  assert.ok(events > shifts.length + breaks, `${events} events for ${shifts.length} shifts and ${breaks} breaks`);
  assert.match(ics, /SUMMARY:Break/);
  assert.match(ics, /daily wrap-up/);
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  // Back to the team, then the intraday re-plan of the first day from 10:00, 20% hot.
  await page.click('#day-back');
  await page.fill('#intraday-now', '10:00');
  await page.fill('#intraday-hot', '20');
  await page.click('#intraday-run');
  await page.waitForSelector('#intraday-service tbody tr', { timeout: 60000 });
  const rows = await page.locator('#intraday-service tbody tr').count();
  assert.ok(rows >= 1);
  const caption = await page.textContent('#intraday-proposals caption');
  assert.match(caption, /\d+ proposals, \d+ breaks moved, \d+ sessions moved/);
  const before = await page.textContent('#intraday-service tbody tr >> nth=0');
  assert.match(before, /%/);
  await page.locator('#intraday-out').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}day-intraday.png`, fullPage: false });
  // The leave verdicts are listed.
  assert.equal(await page.locator('#day-leave tbody tr').count(), day.leave.requests.length);
  assert.deepEqual(consoleErrors, []);
});
