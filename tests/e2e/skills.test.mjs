// Skills on the page (issue 16 point 7), as a planner of a multi-skill centre uses it in
// Chromium: the multi-skill starter (3 queues, 72 agents in 7 skill groups) plans in the
// worker; the requirement and coverage charts narrow to one queue or one skill group, and a
// group's scheduled coverage summed over the groups is the engine's coverage of the whole
// schedule; the skill-group table counts every agent once; the roster shows each agent's skills
// (as the scenario says) and the breaks the engine gave them; the KPIs are per queue; the
// what-if "cross-train N agents in skill X" re-plans a copy with exactly N more agents holding
// X and shows the saving against the current plan; an agent's skills edited in the team editor
// move them to another skill group; declared skill groups (no named agents) are edited and
// planned per group; no English string in zh-CN; no serious axe violation; no sideways
// scroll at 768 px.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSite, ARTIFACTS } from './harness.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const AXE = `${ROOT}node_modules/axe-core/axe.min.js`;
const SCENARIO = JSON.parse(readFileSync(`${ROOT}examples/skills.json`, 'utf8'));
let site;

test.before(async () => {
  site = await startSite();
});
test.after(async () => {
  await site?.close();
});

const runNo = (page) => page.evaluate(() => Number(String(document.body.dataset.planned ?? '0').replace('error-', '')));

/** Wait (up to 3 min: a week of 72 agents in 3 queues) for a plan after run `before`. */
async function planned(page, before) {
  await page.waitForFunction((n) => {
    const p = document.body.dataset.planned;
    return p && Number(p.replace('error-', '')) > n;
  }, before, { timeout: 180000 });
  const marker = await page.evaluate(() => document.body.dataset.planned);
  assert.doesNotMatch(marker, /error/, await page.textContent('#plan-error'));
}

/** Open the page on the multi-skill starter and wait for its plan. */
async function openSkills(opts = {}) {
  const { page, context, consoleErrors } = await site.page({ viewport: { width: 1366, height: 900 }, ...opts });
  await site.planned(page);
  const before = await runNo(page);
  await page.click('#tab-data');
  await page.click('#demo-skills');
  await planned(page, before);
  return { page, context, consoleErrors };
}

const legend = (page, sel) => page.$$eval(`${sel} .u-legend .u-series .u-label`, (xs) => xs.slice(1).map((x) => x.textContent.trim()).filter(Boolean));

test('the multi-skill starter: charts per queue and per group, groups, roster skills and breaks, KPIs per queue', async () => {
  const { page, context, consoleErrors } = await openSkills();
  const plan = await page.evaluate(() => window.paiban.current.plan);
  assert.equal(plan.scenario.agents.length, 72);
  assert.equal(plan.skills.groups.length, 7);
  assert.equal(plan.scenario.name, SCENARIO.name);
  // The Data view says the volumes are given (no history to import).
  assert.match(await page.textContent('#history-source'), /gives the volumes of 售前热线 Pre-sales per interval directly/);

  // Overview: who is shared, the group furthest below its positions (its link opens the
  // Schedule on that group), agents named by name in every fix.
  await page.click('#tab-summary');
  const findings = await page.$$eval('#summary-findings li', (xs) => xs.map((x) => x.textContent));
  const shared = plan.skills.groups.filter((g) => g.skills.length > 1).reduce((a, g) => a + g.agents.length, 0);
  assert.ok(findings.some((x) => x.startsWith(`72 agents in 7 skill groups serve 3 queues; ${shared} of them`)), findings.join(' | '));
  assert.ok(findings.every((x) => !/\bS\d{3}\b/.test(x)), findings.join(' | '));
  // Queues of low occupancy in one line, not one line each.
  const vol = Object.fromEntries(plan.forecast.map((f) => [f.queue, f.volume]));
  const low = plan.kpis.queues.filter((q) => {
    const w = vol[q.queue];
    const occ = q.occupancy.reduce((a, x, i) => a + (x ?? 0) * w[i], 0) / w.reduce((a, x, i) => a + (q.occupancy[i] == null ? 0 : x), 0);
    return occ < 0.6;
  });
  assert.equal(findings.filter((x) => /^Occupancy (is low in|of) /.test(x)).length, low.length ? 1 : 0);
  if (low.length > 1) assert.ok(findings.some((x) => x.startsWith('Occupancy is low in')));
  const assign = (plan.roster.shortages ?? []).flatMap((x) => (x.fix ?? []).filter((f) => f.code === 'assign'));
  if (assign.length) assert.ok(findings.some((x) => x.includes(SCENARIO.agents.find((a) => a.id === assign[0].agents[0]).name)));
  const groupLink = page.locator('#summary-findings button[data-scope]');
  if (await groupLink.count()) {
    const scope = await groupLink.first().getAttribute('data-scope');
    await groupLink.first().click();
    assert.equal(await page.inputValue('#sch-scope'), scope);
    assert.equal(await page.getAttribute('#sch-chart', 'data-scope'), scope);
    assert.match(await page.textContent('#sch-scope-note'), /^Here: [\d.,]+ agent-intervals under and [\d.,]+ over\.$/);
  }

  // Requirements: the selector lists every queue and every group; a group narrows the chart.
  await page.click('#tab-requirements');
  const opts = await page.$$eval('#req-scope option', (xs) => xs.map((x) => x.value));
  assert.deepEqual(opts, ['', ...SCENARIO.queues.map((q) => `q:${q.id}`), ...plan.skills.groups.map((g) => `g:${g.id}`)]);
  const allSeries = await legend(page, '#req-chart');
  assert.ok(allSeries.includes('Positions (total, with shrinkage)'), allSeries.join(' | '));
  await page.selectOption('#req-scope', 'g:presales+aftersales');
  assert.equal(await page.getAttribute('#req-chart', 'data-scope'), 'g:presales+aftersales');
  assert.deepEqual(await legend(page, '#req-chart'), ['Positions this group must fill (with shrinkage)', 'Agents of this group on contacts']);
  // The group table: 7 groups, every agent counted once, the groups' names are queue names.
  const groupRows = await page.$$eval('#req-groups tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(groupRows.length, 7);
  assert.equal(groupRows.reduce((a, r) => a + Number(r[1]), 0), 72);
  assert.ok(groupRows.some((r) => r[0] === `${SCENARIO.queues[0].name} + ${SCENARIO.queues[1].name}`), groupRows.map((r) => r[0]).join(' | '));

  // Schedule: per group coverage from the schedule's shifts adds up to the engine's coverage.
  await page.click('#tab-schedule');
  const sums = await page.evaluate(async () => {
    const m = await import('./views/skills.js');
    const p = window.paiban.current.plan;
    const per = p.skills.groups.map((g) => m.groupScheduled(p, g.id));
    return p.schedule.coverage.map((c, i) => [c.scheduled, per.reduce((a, g) => a + g[i], 0)]);
  });
  const off = sums.filter(([a, b]) => Math.abs(a - b) > 1e-6);
  assert.deepEqual(off.slice(0, 3), []);
  assert.ok(sums.some(([a]) => a > 0));
  await page.selectOption('#sch-scope', 'q:vip');
  assert.equal(await page.getAttribute('#sch-chart', 'data-scope'), 'q:vip');
  assert.ok(await page.isVisible('#sch-scope-note'));
  assert.deepEqual((await legend(page, '#sch-chart')).slice(0, 2), ['Agents this queue needs (on contacts)', 'Agents answering it (split of the skill groups)']);
  await page.selectOption('#sch-scope', 'g:vip');
  assert.ok((await legend(page, '#sch-chart')).includes('Agents of this group at work in the roster'));
  await page.screenshot({ path: `${ARTIFACTS}skills-schedule-group.png`, fullPage: false });

  // Roster: each agent's skills as the scenario says; a cell says its times and breaks.
  await page.click('#tab-roster');
  await page.waitForSelector('#roster-table');
  assert.equal(await page.textContent('#roster-table thead th:nth-child(2)'), 'Skills');
  const s049 = SCENARIO.agents.find((a) => a.id === 'S049');
  const names = Object.fromEntries(SCENARIO.queues.map((q) => [q.id, q.name]));
  const row = await page.evaluate(() => {
    const tr = document.querySelector('#roster-table tbody tr[data-agent]');
    return { agent: tr.dataset.agent, skills: tr.querySelector('td.skills-cell').textContent };
  });
  const first = SCENARIO.agents.find((a) => a.id === row.agent);
  assert.equal(row.skills, first.skills.map((q) => names[q]).join(' · '));
  assert.ok(s049.skills.length >= 2);
  // Its first shift with breaks (a 4-hour evening shift has none).
  const worked = plan.roster.agents.find((a) => a.id === row.agent).shifts.find((s) => s.breaks.length > 0);
  assert.ok(worked, `agent ${row.agent} has a shift with breaks`);
  await page.click(`#roster-table tbody tr[data-agent="${row.agent}"] td[data-day="${worked.day}"]`);
  const where = await page.textContent('#pin-where');
  assert.ok(where.includes(`${worked.start.slice(11, 16)}–${worked.end.slice(11, 16)}`), where);
  for (const b of worked.breaks) assert.ok(where.includes(`${b.start.slice(11, 16)} ${b.minutes} min`), where);
  // One code per shift, whatever skill group's type it is: the legend has no two codes for
  // the same template, start and span, and the cell editor shows the cell's shift.
  const legendCodes = await page.$$eval('#roster-grid .roster-legend .code', (xs) => xs.map((x) => x.textContent));
  const shapes = legendCodes.map((x) => x.split(' ').slice(1).join(' '));
  assert.equal(new Set(legendCodes.map((x) => x.split(' ')[0].replace(/\/\d+$/, ''))).size, legendCodes.length, legendCodes.join(' | '));
  assert.ok(shapes.length > 0);
  const cellCode = await page.textContent(`#roster-table tbody tr[data-agent="${row.agent}"] td[data-day="${worked.day}"]`);
  assert.ok((await page.$eval('#pin-shift', (s) => s.selectedOptions[0].textContent)).startsWith(`${cellCode.split(' ')[0]} `));
  // Each shift left short names its skill group.
  if (plan.roster.shortages?.length) {
    assert.equal(await page.textContent('#roster-shortages thead th:nth-child(3)'), 'Skill group');
    const g0 = plan.skills.groups.find((g) => g.id === plan.roster.shift_types[plan.roster.shortages[0].shift].group);
    assert.equal(await page.textContent('#roster-shortages tbody tr:first-child td:nth-child(3)'), g0.skills.map((q) => names[q]).join(' + '));
  }
  // The agent's week lists every rostered day with its times and breaks.
  await page.click('#roster-week > summary');
  const week = await page.$$eval('#roster-week li', (xs) => xs.map((x) => x.textContent));
  assert.equal(week.length, plan.roster.days.length);
  const mine = plan.roster.agents.find((a) => a.id === row.agent);
  for (const s of mine.shifts) {
    const line = week[s.day];
    assert.ok(line.includes(`${s.start.slice(11, 16)}–${s.end.slice(11, 16)}`) && s.breaks.every((b) => line.includes(`${b.start.slice(11, 16)} ${b.minutes} min`)), line);
  }
  const title = await page.getAttribute(`#roster-table tbody tr[data-agent="${row.agent}"] td[data-day="${worked.day}"]`, 'title');
  assert.ok(title.includes('Breaks:'), title);

  // KPIs: one row per queue, the routing stated, the groups listed.
  await page.click('#tab-kpis');
  assert.equal(await page.$$eval('#kpi-queues tbody tr', (x) => x.length), 3);
  const kq = await page.$$eval('#kpi-queues tbody tr', (trs) => trs.map((tr) => tr.cells[0].textContent));
  assert.deepEqual(kq, SCENARIO.queues.map((q) => q.name));
  assert.ok(await page.isVisible('#kpi-skills-note'));
  assert.equal(await page.$$eval('#kpi-groups tbody tr', (x) => x.length), 7);
  // The simulation next to the multi-skill model; a queue it does not confirm is said so.
  await page.fill('#sim-reps', '3');
  await page.click('#sim-run');
  await page.waitForSelector('#sim-table tbody tr', { timeout: 120000 });
  assert.equal(await page.textContent('#sim-table thead th:nth-child(2)'), 'SL (multi-skill model)');
  // One simulation of the centre routed by skill, not queue by queue.
  assert.equal(await page.evaluate(() => document.body.dataset.simulated), 'skills');
  assert.equal(await page.textContent('#sim-table thead th:last-child'), 'Busy intervals below target (simulated)');
  assert.match(await page.textContent('#sim-table tbody tr:first-child td:last-child'), /^\d+ of \d+$/);
  assert.match(await page.textContent('#sim-hint'), /routed to the longest-idle agent who has its skill/);
  const sim = await page.$$eval('#sim-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(sim.length, 3);
  const unconfirmed = sim.filter((r) => {
    const model = Number(r[1].replace('%', '')) / 100;
    const [mean, hw] = r[2].replace('%', '').split(' ± ').map((x) => Number(x) / 100);
    return Math.abs(model - mean) > Math.max(0.03, hw || 0) + 0.0011; // the cells' rounding
  }).map((r) => r[0]);
  const note = (await page.isVisible('#sim-note')) ? await page.textContent('#sim-note') : '';
  for (const q of unconfirmed) assert.ok(note.includes(`${q}: the simulation finds`), note);
  if (!note) assert.deepEqual(unconfirmed, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('what-if: cross-train N agents in a skill re-plans a copy and shows the saving', async () => {
  const { page, context } = await site.page({ viewport: { width: 1366, height: 900 } });
  await site.planned(page);
  // The demo shop's agents all serve every queue: nothing to cross-train, no panel.
  await page.click('#tab-whatif');
  assert.ok(!(await page.isVisible('#xt-panel')));
  const before = await runNo(page);
  await page.click('#tab-data');
  await page.click('#demo-skills');
  await planned(page, before);
  await page.click('#tab-whatif');
  assert.ok(await page.isVisible('#xt-panel'));
  // A bad count is refused at its field, in the planner's words.
  await page.fill('#xt-n', '0');
  await page.click('#xt-run');
  assert.ok(await page.isVisible('#xt-error'));
  assert.match(await page.textContent('#xt-error'), /from 1 to 72/);
  assert.equal(await page.getAttribute('#xt-n', 'aria-invalid'), 'true');

  await page.fill('#xt-n', '6');
  await page.selectOption('#xt-skill', 'vip');
  await page.click('#xt-run');
  await page.waitForFunction(() => Number(document.body.dataset.crossTrained ?? 0) > 0, null, { timeout: 180000 });
  const res = await page.evaluate(() => {
    const x = window.paiban.current.crossTrain;
    return {
      ids: x.ids, before: x.base.scenario.agents, after: x.scenario.agents, baseCost: x.base.kpis.cost, newCost: x.plan.kpis.cost,
      newPlanAgents: x.plan.scenario.agents, groups: x.plan.skills.groups.map((g) => [g.id, g.agents.length]),
      saving: Number(document.querySelector('#xt-saving').dataset.saving),
      text: document.querySelector('#xt-saving').textContent,
      rows: [...document.querySelectorAll('#xt-table tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent)),
      current: window.paiban.current.plan.kpis.cost,
    };
  });
  // Exactly six agents who lacked VIP now have it, nobody else changed, spread over groups.
  assert.equal(res.ids.length, 6);
  const hadVip = new Set(res.before.filter((a) => a.skills.includes('vip')).map((a) => a.id));
  for (const id of res.ids) assert.ok(!hadVip.has(id), id);
  const nowVip = res.after.filter((a) => a.skills.includes('vip')).map((a) => a.id);
  assert.equal(nowVip.length, hadVip.size + 6);
  assert.deepEqual(res.newPlanAgents, res.after);
  assert.ok(new Set(res.ids.map((id) => res.before.find((a) => a.id === id).skills.join('+'))).size >= 2, 'taken from more than one group');
  // The re-planned copy's groups reflect the training (vip holders grew by six).
  const vipHolders = res.groups.filter(([g]) => g.split('+').includes('vip')).reduce((a, [, n]) => a + n, 0);
  assert.equal(vipHolders, hadVip.size + 6);
  // The saving is the current plan's cost less the re-planned one's, and the table shows both.
  assert.equal(res.baseCost, res.current);
  assert.ok(Math.abs(res.saving - (res.baseCost - res.newCost)) < 1e-6);
  const cost = res.rows.find((r) => r[0] === 'Cost');
  assert.ok(cost, res.rows.map((r) => r[0]).join(' | '));
  assert.equal(cost[1], `${Math.round(res.baseCost).toLocaleString('en-US')} CNY`);
  assert.equal(cost[2], `${Math.round(res.newCost).toLocaleString('en-US')} CNY`);
  assert.match(res.text, res.saving > 0 ? /^Saving: / : /^No saving/);
  for (const q of SCENARIO.queues) assert.ok(res.rows.some((r) => r[0] === `Service level: ${q.name}`), q.name);
  await page.screenshot({ path: `${ARTIFACTS}skills-crosstrain.png`, fullPage: true });
  // A new plan of the scenario makes the comparison stale: it is cleared.
  const n = await runNo(page);
  await page.click('#replan');
  await planned(page, n);
  await page.click('#tab-whatif');
  assert.equal(await page.$$eval('#xt-table tbody tr', (x) => x.length), 0);
  assert.ok(!(await page.isVisible('#xt-adopt')));
  await context.close();
});

test("an agent's skills edited in the team editor move them to another skill group", async () => {
  const { page, context } = await openSkills();
  await page.click('#tab-scenario');
  await page.click('#team-details > summary');
  const before = await runNo(page);
  // S001 serves pre-sales only; add VIP.
  const box = page.locator('#team-table tbody tr', { has: page.locator('th', { hasText: /^S001$/ }) }).locator('input[type=checkbox]').nth(2);
  await box.check();
  await planned(page, before);
  const p = await page.evaluate(() => window.paiban.current.plan);
  assert.deepEqual(p.scenario.agents.find((a) => a.id === 'S001').skills, ['presales', 'vip']);
  const g = p.skills.groups.find((x) => x.agents.includes('S001'));
  assert.deepEqual(g.skills, ['presales', 'vip']);
  await context.close();
});

test('zh-CN: the skills views in Chinese; axe-core finds no serious or critical violation', async () => {
  const { page, context } = await openSkills({ locale: 'zh-CN', bypassCSP: true });
  await page.click('#tab-requirements');
  await page.selectOption('#req-scope', 'q:vip');
  assert.deepEqual(await legend(page, '#req-chart'), ['该队列所需在线坐席', '为其应答的坐席（各技能组分配）']);
  await page.click('#tab-roster');
  await page.waitForSelector('#roster-table');
  assert.equal(await page.textContent('#roster-table thead th:nth-child(2)'), '技能');
  await page.click('#tab-whatif');
  assert.equal(await page.textContent('#xt-panel h2'), '假如交叉培训坐席？');
  // Costs carry their currency in the page's words: 元 for CNY (the default), 美元 once the
  // planner says the costs are in USD.
  await page.click('#tab-summary');
  const cost = await page.evaluate(() => window.paiban.current.plan.kpis.cost);
  assert.equal(await page.textContent('#summary-cards .card:first-child dd'), `${Math.round(cost).toLocaleString('zh-CN')} 元`);
  await page.click('#tab-scenario');
  await page.selectOption('#cost-currency', 'USD');
  await page.click('#tab-kpis');
  assert.match(await page.textContent('#kpi-cards .card:first-child dd'), / 美元$/);
  await page.click('#tab-scenario');
  await page.selectOption('#cost-currency', 'CNY');
  const found = [];
  for (const v of ['requirements', 'schedule', 'roster', 'kpis', 'whatif']) {
    await page.click(`#tab-${v}`);
    await page.waitForTimeout(300);
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
    const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    for (const x of res.violations.filter((y) => y.impact === 'serious' || y.impact === 'critical')) {
      found.push(`${v}: ${x.id} (${x.impact}) ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    }
    await page.screenshot({ path: `${ARTIFACTS}skills-${v}-zh.png` });
  }
  assert.deepEqual(found, []);
  // At 768 px the skills views (the roster's skills column, the group tables) scroll inside
  // their cards, never the page.
  await page.setViewportSize({ width: 768, height: 1024 });
  const wide = [];
  for (const v of ['summary', 'requirements', 'schedule', 'roster', 'kpis', 'whatif']) {
    await page.click(`#tab-${v}`);
    await page.waitForTimeout(300);
    const w = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    if (w[0] > w[1]) wide.push(`${v}: ${w[0]} > ${w[1]}`);
    await page.screenshot({ path: `${ARTIFACTS}skills-768-${v}-zh.png` });
  }
  assert.deepEqual(wide, []);
  await context.close();
});

test('declared skill groups (no named agents) are edited in the Scenario view and planned per group', async () => {
  const scenario = structuredClone(SCENARIO);
  delete scenario.agents;
  delete scenario.contracts;
  delete scenario.rules;
  scenario.skill_groups = [{ id: 'sales', skills: ['presales'] }, { id: 'service', skills: ['aftersales', 'vip'], max_agents: 30 }];
  const storage = JSON.stringify({ scenario, histories: {}, lang: 'en', tab: 'scenario' });
  const { page, context } = await site.page({ storage, viewport: { width: 1366, height: 900 } });
  await planned(page, 0);
  let p = await page.evaluate(() => window.paiban.current.plan);
  assert.deepEqual(p.skills.groups.map((g) => g.id), ['sales', 'service']);
  await page.click('#tab-scenario');
  const panel = page.locator('#skill-groups-panel');
  assert.equal(await panel.locator('fieldset').count(), 2);
  // A group with no queue is refused at its field and not saved.
  const sales = panel.locator('fieldset').nth(0);
  await sales.locator('input[type=checkbox]').nth(0).uncheck();
  await page.waitForFunction(() => /at least one queue/.test(document.getElementById('skill_groups[0]-skills-err')?.textContent ?? ''));
  assert.deepEqual(await page.evaluate(() => window.paiban.state.scenario.skill_groups[0].skills), ['presales']);
  // A headcount that is not a whole number is refused; a good one is saved.
  const max = sales.locator('input[data-path="skill_groups[0].max_agents"]');
  await max.fill('2.5');
  await max.dispatchEvent('change');
  assert.equal(await max.getAttribute('aria-invalid'), 'true');
  // Add a group answering VIP, and plan: the plan has the three groups.
  await page.click('#skill-group-add');
  await page.waitForFunction(() => document.querySelectorAll('#skill-groups-panel fieldset').length === 3);
  const before = await runNo(page);
  const third = panel.locator('fieldset').nth(2);
  await third.locator('input[type=checkbox]').nth(2).check();
  await planned(page, before);
  p = await page.evaluate(() => window.paiban.current.plan);
  assert.deepEqual(p.scenario.skill_groups.map((g) => [g.id, g.skills]), [['sales', ['presales']], ['service', ['aftersales', 'vip']], ['group3', ['presales', 'vip']]]);
  assert.deepEqual(p.skills.groups.map((g) => g.id), ['sales', 'service', 'group3']);
  await context.close();
});

test('zh-CN: the multi-skill views show no English string of the translation table', async () => {
  const { page, context } = await openSkills({ locale: 'zh-CN' });
  const table = await page.evaluate(() => import('./i18n.js').then((m) => m.TRANSLATIONS));
  const english = new Set();
  const patterns = [];
  for (const [key, v] of Object.entries(table)) {
    if (!v['zh-CN'] || v.en === v['zh-CN'] || key.startsWith('cur.') || key.startsWith('erl.m.')) continue;
    if (/\{\w+\}/.test(v.en)) {
      const src = v.en.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '.+?');
      // Templates with at least 4 characters of their own ("{name} ({v})" would match any text).
      if (v.en.replace(/\{\w+\}/g, '').trim().length >= 4) patterns.push(new RegExp(`^${src}$`));
    } else english.add(v.en.trim());
  }
  // The skills strings are in the table (a view module adds them), so the scan covers them.
  assert.ok(english.has('Skill group') && table['xt.heading']['zh-CN']);
  const texts = () => page.evaluate(() => {
    const out = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const e = n.parentElement;
      const text = n.textContent.trim();
      if (!text || !e || e.closest('textarea, #scenario-name')) continue;
      if (e.closest('[hidden]') || !e.checkVisibility?.({ checkVisibilityCSS: true })) continue;
      out.push(text);
    }
    for (const e of document.querySelectorAll('[aria-label], [title]')) {
      if (e.closest('[hidden]')) continue;
      for (const a of ['aria-label', 'title']) if (e.getAttribute(a)) out.push(e.getAttribute(a).trim());
    }
    return out;
  });
  // The scenario's own names (its agents are called "Agent 001", its queues have English in
  // their names) are data, not UI strings.
  // Each is replaced by a neutral mark before the check, so the UI words around it still count.
  const data = [...SCENARIO.queues.map((q) => `${q.name} (${q.id})`), ...SCENARIO.queues.map((q) => q.name), ...SCENARIO.agents.map((a) => a.name)];
  const seen = [];
  const look = async (v) => {
    for (const raw of await texts()) {
      const text = data.reduce((x, d) => x.replaceAll(d, '·'), raw);
      if (text !== '·' && (english.has(text) || patterns.some((p) => p.test(text)))) seen.push(`${v}: ${raw}`);
    }
  };
  for (const v of ['summary', 'data', 'scenario', 'requirements', 'schedule', 'roster', 'kpis', 'whatif']) {
    await page.click(`#tab-${v}`);
    await page.waitForTimeout(300);
    await page.evaluate(() => document.querySelectorAll('main details').forEach((d) => { d.open = true; }));
    await page.waitForTimeout(200);
    await look(v);
    for (const sel of ['#req-scope', '#sch-scope']) {
      if (await page.isVisible(sel)) {
        for (const scope of ['q:vip', 'g:presales+aftersales']) {
          await page.selectOption(sel, scope);
          await look(`${v} ${scope}`);
        }
      }
    }
  }
  await page.click('#tab-whatif');
  await page.fill('#xt-n', '3');
  await page.click('#xt-run');
  await page.waitForFunction(() => Number(document.body.dataset.crossTrained ?? 0) > 0, null, { timeout: 180000 });
  await look('whatif cross-trained');
  assert.deepEqual([...new Set(seen)], []);
  await context.close();
});
