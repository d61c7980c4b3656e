// The page on a multi-skill centre (issue 16 point 7), in Debian Chromium through the e2e
// harness: how long the multi-skill starter (examples/skills.json: 3 queues, 72 agents in 7
// skill groups, a week x 30 min) takes to plan in the worker, how long the what-if
// "cross-train N agents in skill X" takes to re-plan its copy, and what it saves (cost, agents,
// service per queue) against the current plan. Prints a markdown table.
//
//   node benches/page_skills.mjs [N=6] [skill=vip] [runs=1]
import { startSite } from '../tests/e2e/harness.mjs';

const n = Number(process.argv[2] ?? 6);
const skill = process.argv[3] ?? 'vip';
const runs = Number(process.argv[4] ?? 1);
const site = await startSite();
const rows = [];
try {
  for (let r = 0; r < runs; r++) {
    const { page, context } = await site.page({ viewport: { width: 1366, height: 900 } });
    await site.planned(page);
    const before = await page.evaluate(() => Number(document.body.dataset.planned));
    await page.click('#tab-data');
    const t0 = Date.now();
    await page.click('#demo-skills');
    await page.waitForFunction((k) => Number(String(document.body.dataset.planned).replace('error-', '')) > k, before, { timeout: 300000 });
    const planMs = Date.now() - t0;
    await page.click('#tab-whatif');
    await page.fill('#xt-n', String(n));
    await page.selectOption('#xt-skill', skill);
    const t1 = Date.now();
    await page.click('#xt-run');
    await page.waitForFunction(() => Number(document.body.dataset.crossTrained ?? 0) > 0, null, { timeout: 300000 });
    const xtMs = Date.now() - t1;
    const fig = await page.evaluate(() => {
      const x = window.paiban.current.crossTrain;
      const f = (p) => ({
        cost: p.kpis.cost, working: p.roster?.agents.filter((a) => a.shifts.length).length ?? null,
        short: (p.roster?.shortages ?? []).reduce((a, s) => a + Math.max(0, s.requirement - s.assigned), 0),
        queues: p.kpis.queues.map((q) => [q.queue, q.service_level_total, q.intervals_below_target]),
      });
      return { a: f(x.base), b: f(x.plan) };
    });
    rows.push({ planMs, xtMs, ...fig });
    await context.close();
  }
} finally {
  await site.close();
}
const pct = (x) => `${(x * 100).toFixed(1)}%`;
console.log(`| run | starter plan | cross-train re-plan | cost now → trained (saving) | shifts without an agent | ${rows[0].a.queues.map((q) => `${q[0]} SL (intervals below)`).join(' | ')} |`);
console.log(`|---|---:|---:|---:|---:|${rows[0].a.queues.map(() => '---:').join('|')}|`);
rows.forEach((r, i) => {
  const q = r.a.queues.map((qa, k) => `${pct(qa[1])} (${qa[2]}) → ${pct(r.b.queues[k][1])} (${r.b.queues[k][2]})`);
  const saving = r.a.cost - r.b.cost;
  console.log(`| ${i + 1} | ${(r.planMs / 1000).toFixed(1)} s | ${(r.xtMs / 1000).toFixed(1)} s | ${Math.round(r.a.cost)} → ${Math.round(r.b.cost)} (${Math.round(saving)}, ${pct(saving / r.a.cost)}) | ${r.a.short} → ${r.b.short} | ${q.join(' | ')} |`);
});
