// The Overview: what a planner reads first. The plan's headline figures (cost, FTE, service
// per queue, which agents they count), then what to look at, each finding explained where it
// happens with a link to the view that shows it: unstaffed shifts with their reason and fix,
// intervals below the requirement, over-staffing and why (shift shapes, contract minimums),
// low occupancy of small queues, missed targets. How the solvers ended is behind a disclosure,
// in planner words. A starter scenario's assumed values are listed until confirmed.
import { t, fmtNumber, fmtPct, fmtDay } from '../i18n.js';
import { $, el, fillTable } from '../ui.js';
import { warningText } from '../messages.js';
import { SOLVER_NOTES } from '../pipeline.js';
import { avg, fte, target, basisBadge, basisOf, unstaffedPerInterval, shortageText, waiting, staffingExplained, fmtCost } from './common.js';
import { skillFindings } from './skills.js';

/** Wire the view's own controls once. */
export function setupSummary(ctx) {
  $('#view-summary').addEventListener('click', (e) => {
    const go = e.target.closest('[data-goto]');
    if (!go) return;
    // A finding about one skill group opens the Schedule narrowed to that group.
    if (go.dataset.scope) $('#sch-scope').dataset.want = go.dataset.scope;
    ctx.showTab(go.dataset.goto);
  });
}

function finding(text, goto, cls, scope) {
  const li = el('li', null, { class: cls ?? null });
  li.append(el('span', text));
  if (goto) {
    li.append(' ');
    li.append(el('button', t('ov.show', { view: t(`tab.${goto}`) }), { type: 'button', class: 'link', 'data-goto': goto, 'data-scope': scope ?? null }));
  }
  return li;
}

function assumptions(ctx) {
  const box = $('#summary-assumptions');
  box.textContent = '';
  const a = ctx.state.assumptions;
  if (!a || a.confirmed || !a.items?.length) return;
  const wrap = el('div', null, { class: 'assumptions', role: 'group', 'aria-labelledby': 'assumptions-title' });
  wrap.append(el('h3', t('as.title'), { id: 'assumptions-title' }), el('p', t('as.hint'), { class: 'hint' }));
  const ul = el('ul');
  for (const item of a.items) ul.append(el('li', t(`as.${item.key}`, item.params ?? {})));
  const ok = el('button', t('as.confirm'), { type: 'button', class: 'button', id: 'assumptions-confirm' });
  ok.addEventListener('click', () => {
    ctx.state.assumptions = { ...a, confirmed: true };
    ctx.saveState();
    renderSummary(ctx);
  });
  const edit = el('button', t('as.edit'), { type: 'button', 'data-goto': 'scenario' });
  const row = el('div', null, { class: 'row' });
  row.append(ok, edit);
  wrap.append(ul, row);
  box.append(wrap);
}

function findings(ctx, p) {
  const ul = $('#summary-findings');
  ul.textContent = '';
  const r = p.roster;
  const queues = p.scenario.queues;
  // 1. Shifts nobody works: understaffed intervals on every view, with the reason and the fix.
  if (r?.shortages?.length) {
    const missing = r.shortages.reduce((a, x) => a + Math.max(0, x.requirement - x.assigned), 0);
    const un = unstaffedPerInterval(p);
    const intervals = un.filter((x) => x > 0).length;
    const worst = [...r.shortages].sort((a, b) => (b.requirement - b.assigned) - (a.requirement - a.assigned))[0];
    ul.append(finding(t('ov.unstaffed', {
      n: fmtNumber(missing), intervals: fmtNumber(intervals), day: fmtDay(r.days[worst.day]), why: shortageText(worst, p),
    }), 'roster', 'bad'));
  }
  // 2-3. Below and above the requirement, and why (shift shapes, contract minimums).
  for (const x of staffingExplained(p.schedule, p.scenario, p.roster)) ul.append(finding(x.text, x.view, x.bad ? 'bad' : null));
  // 4. Targets missed, and small queues' low occupancy (the price of answering fast); queues
  // below target in some intervals and queues of low occupancy in one line each.
  const belowSome = [];
  const lowOcc = [];
  for (const q of p.kpis.queues) {
    const def = queues.find((x) => x.id === q.queue);
    const name = ctx.queueName(q.queue);
    if (def?.target && q.service_level_total != null && q.service_level_total + 1e-9 < def.target.service_level) {
      ul.append(finding(t('ov.missed', { queue: name, sl: fmtPct(q.service_level_total, 1), target: target(def), n: fmtNumber(q.intervals_below_target) }), 'kpis', 'bad'));
    } else if (q.intervals_below_target > 0) {
      belowSome.push({ name, n: q.intervals_below_target });
    }
    const vol = p.forecast.find((f) => f.queue === q.queue)?.volume ?? [];
    const occ = avg(q.occupancy, vol);
    if (def?.target && occ != null && occ < 0.6) lowOcc.push({ name, occ, def });
  }
  const list = (xs, v) => xs.map((x) => t('ov.listItem', { name: x.name, v: v(x) })).join(t('ov.listSep'));
  if (belowSome.length === 1) ul.append(finding(t('ov.belowSome', { queue: belowSome[0].name, n: fmtNumber(belowSome[0].n) }), 'kpis'));
  else if (belowSome.length) ul.append(finding(t('ov.belowSomeMany', { list: list(belowSome, (x) => t('ov.intervalsN', { n: fmtNumber(x.n) })) }), 'kpis'));
  if (lowOcc.length === 1) ul.append(finding(t('ov.lowOcc', { queue: lowOcc[0].name, occ: fmtPct(lowOcc[0].occ, 0), target: target(lowOcc[0].def) }), 'kpis'));
  else if (lowOcc.length) ul.append(finding(t('ov.lowOccMany', { list: list(lowOcc, (x) => fmtPct(x.occ, 0)) }), 'kpis'));
  // 5. A multi-skill centre: who is shared, and the skill group the roster leaves shortest.
  for (const x of skillFindings(ctx, p)) ul.append(finding(x.text, x.view, x.bad ? 'bad' : null, x.scope));
  if (!r) ul.append(finding(t('ov.noTeam'), 'scenario'));
  if (!ul.children.length) ul.append(finding(t('ov.allGood'), null, 'good'));
  ul.append(finding(t('ov.next'), 'forecast'));
}

/** The solvers' ends in planner words, and their notes. */
function solverDetails(p) {
  const ul = $('#summary-solver-list');
  ul.textContent = '';
  const s = p.schedule;
  ul.append(el('li', s.proven_optimal ? t('ov.schOptimal') : t('ov.schGap', { gap: fmtPct(s.gap ?? 0, 1) })));
  const run = p.solvers?.schedule;
  if (run?.seconds_cap != null && !s.proven_optimal) ul.append(el('li', t('ov.schCap', { s: fmtNumber(run.seconds_cap, 1) })));
  const rr = p.solvers?.roster;
  if (rr) {
    ul.append(el('li', rr.stopped_by === 'time_cap'
      ? t('ov.rosterCap', { s: fmtNumber(rr.seconds_cap ?? 0, 1), work: fmtNumber(rr.work ?? 0), budget: fmtNumber(rr.work_budget) })
      : t('ov.rosterWork', { work: fmtNumber(rr.work ?? rr.work_budget) })));
    const pf = rr.portfolio;
    if (pf) ul.append(el('li', t('ov.rosterPortfolio', { n: pf.members, k: pf.chosen + 1 })));
  }
  for (const w of p.warnings ?? []) if (SOLVER_NOTES.has(w.code)) ul.append(el('li', warningText(w)));
}

export function renderSummary(ctx) {
  assumptions(ctx);
  const p = ctx.current.plan;
  const cards = $('#summary-cards');
  if (!p) {
    cards.textContent = '';
    $('#summary-queues').textContent = '';
    $('#summary-basis').textContent = '';
    waiting($('#summary-findings'));
    return;
  }
  $('#summary-basis').replaceChildren(basisBadge(p));
  const k = p.kpis;
  cards.textContent = '';
  const items = [
    ['kpi.cost', fmtCost(k.cost)], ['kpi.fte', fmtNumber(fte(p), 1)], ['kpi.paidHours', fmtNumber(k.paid_hours)],
    ['kpi.costPerContact', fmtCost(k.cost_per_contact, 2)],
  ];
  if (p.roster) {
    const missing = (p.roster.shortages ?? []).reduce((a, x) => a + Math.max(0, x.requirement - x.assigned), 0);
    items.push(['ov.agents', fmtNumber(p.roster.agents.length)], ['ov.unstaffedCard', fmtNumber(missing)]);
  }
  for (const [key, v] of items) {
    const d = el('div', null, { class: 'card' });
    d.append(el('dt', t(key)), el('dd', v));
    cards.append(d);
  }
  const vol = Object.fromEntries(p.forecast.map((f) => [f.queue, f.volume]));
  fillTable($('#summary-queues'), [
    { label: t('common.queue'), value: (q) => ctx.queueName(q.queue) },
    { label: t('kpi.target'), value: (q) => target(p.scenario.queues.find((x) => x.id === q.queue)) },
    { label: t('kpi.sl'), value: (q) => fmtPct(q.service_level_total, 1) },
    { label: t('kpi.occupancy'), value: (q) => fmtPct(avg(q.occupancy, vol[q.queue]), 1) },
    { label: t('kpi.below'), value: (q) => fmtNumber(q.intervals_below_target), cls: (q) => (q.intervals_below_target ? 'bad' : null) },
  ], k.queues, { caption: t(basisOf(p) === 'roster' ? 'ov.queuesRoster' : 'ov.queuesSchedule') });
  findings(ctx, p);
  solverDetails(p);
}
