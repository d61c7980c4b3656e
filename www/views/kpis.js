// The KPIs view: cost and service per queue from the plan's Erlang figures, per interval and
// per day, and the simulation that checks them.
import { t, fmtNumber, fmtDate, fmtPct, fmtDateTime } from '../i18n.js';
import { lineChart } from '../charts.js';
import { datesOf, isoToSeconds } from '../dates.js';
import { $, el, fillTable, lazy } from '../ui.js';
import { COLORS, waiting, avg, fte, target, planNotes, unstaffedPerInterval, fmtCost } from './common.js';
import { isMultiSkill, renderGroups } from './skills.js';

/** Wire the view's own controls once. */
export function setupKpis(ctx) {
  $('#sim-run').addEventListener('click', async () => {
    $('#sim-run').disabled = true;
    ctx.showStage('simulate', 0.5);
    try {
      await simulatePlan(ctx);
    } catch (e) {
      ctx.showPlanError(e);
    } finally {
      $('#sim-run').disabled = false;
    }
  });
}

export function renderKpis(ctx) {
  const p = ctx.current.plan;
  if (!p) {
    waiting($('#kpi-chart'));
    $('#kpi-cards').textContent = '';
    return;
  }
  const k = p.kpis;
  planNotes($('#kpi-notes'), p);
  const cards = $('#kpi-cards');
  cards.textContent = '';
  const unstaffed = unstaffedPerInterval(p);
  const items = [
    ['kpi.cost', fmtCost(k.cost)], ['kpi.costPerContact', fmtCost(k.cost_per_contact, 2)],
    ['kpi.contacts', fmtNumber(k.contacts)], ['kpi.paidHours', fmtNumber(k.paid_hours)],
    ['kpi.fte', fmtNumber(fte(p), 1)], ['kpi.shifts', fmtNumber(k.shifts)],
  ];
  if (p.roster) items.push(['kpi.unstaffed', fmtNumber(unstaffed.filter((x) => x > 0).length)]);
  if (k.short_intervals != null) items.push(['kpi.shortIntervals', fmtNumber(k.short_intervals)]);
  for (const [key, v] of items) {
    const d = el('div', null, { class: 'card' });
    d.append(el('dt', t(key)), el('dd', v));
    cards.append(d);
  }
  const vol = Object.fromEntries(p.forecast.map((f) => [f.queue, f.volume]));
  const queues = p.scenario.queues;
  fillTable($('#kpi-queues'), [
    { label: t('common.queue'), value: (q) => ctx.queueName(q.queue) },
    { label: t('kpi.target'), value: (q) => target(queues.find((x) => x.id === q.queue)) },
    { label: t('kpi.sl'), value: (q) => fmtPct(q.service_level_total, 1) },
    { label: t('kpi.asa'), value: (q) => fmtNumber(q.asa_total, 1) },
    { label: t('kpi.abandon'), value: (q) => fmtPct(q.abandon_total, 1) },
    { label: t('kpi.occupancy'), value: (q) => fmtPct(avg(q.occupancy, vol[q.queue]), 1) },
    { label: t('kpi.below'), value: (q) => fmtNumber(q.intervals_below_target), cls: (q) => (q.intervals_below_target ? 'bad' : null) },
    { label: t('kpi.backlog'), value: (q) => {
      const b = p.requirements.queues.find((x) => x.queue === q.queue)?.backlog;
      return b?.length ? fmtNumber(Math.max(0, ...b)) : '–';
    } },
  ], k.queues, { caption: t('kpi.queuesCaption') });
  // A multi-skill plan: how each queue's service is counted, and the skill groups.
  const multi = isMultiSkill(p);
  // The simulation checks the multi-skill model's figures, routed by skill.
  $('#sim-hint').textContent = t(multi ? 'sk.simHint' : 'sim.hint');
  $('#kpi-skills-note').hidden = !multi;
  $('#kpi-skills-note').textContent = multi ? t('sk.kpiNote') : '';
  renderGroups(ctx, p, $('#kpi-groups'));

  const metric = $('#kpi-metric');
  if (!metric.onchange) metric.onchange = () => renderKpis(ctx);
  const m = metric.value;
  const isRate = m !== 'asa_seconds';
  const xs = p.timestamps.map(isoToSeconds);
  const series = k.queues
    .filter((q) => q[m].some((x) => x != null))
    .map((q, i) => ({ label: ctx.queueName(q.queue), values: q[m].map((x) => (x == null ? null : isRate ? x * 100 : x)), color: COLORS[i % COLORS.length] }));
  if (m === 'service_level') {
    // The target of each queue as a dashed line in its colour.
    series.slice().forEach((sr, i) => {
      const q = queues.find((x) => ctx.queueName(x.id) === sr.label);
      if (q?.target) series.push({ label: t('kpi.targetOf', { queue: sr.label }), values: xs.map(() => q.target.service_level * 100), color: COLORS[i % COLORS.length], dash: [6, 4], width: 1 });
    });
  }
  // Intervals the roster leaves short: a marker at the foot of the chart where they are.
  if (unstaffed.some((x) => x > 0)) {
    series.push({ label: t('kpi.unstaffedSeries'), values: unstaffed.map((x) => (x > 0 ? 0 : null)), color: '#b42318', width: 6 });
  }
  lineChart($('#kpi-chart'), xs, series, { yFormat: isRate ? (v) => `${v}%` : undefined });
  const metricName = metric.selectedOptions[0]?.textContent ?? m;
  $('#kpi-chart').setAttribute('aria-label', t('kpi.chartLabel', { metric: metricName }));
  const shownQueues = k.queues.filter((q) => q[m].some((x) => x != null));
  const fmt = (x) => (x == null ? '–' : isRate ? fmtPct(x, 1) : fmtNumber(x, 1));
  lazy($('#kpi-table').closest('details'), () => fillTable($('#kpi-table'), [
    { label: t('common.time'), value: (i) => fmtDateTime(p.timestamps[i]) },
    ...shownQueues.map((q) => ({ label: ctx.queueName(q.queue), value: (i) => fmt(q[m][i]) })),
  ], p.timestamps.map((_, i) => i).filter((i) => p.open[i]), { caption: t('kpi.chartLabel', { metric: metricName }) }));

  const rows = [];
  for (const d of datesOf(p.timestamps)) {
    for (const q of k.queues) {
      const idx = p.timestamps.map((ts, i) => (ts.startsWith(d) ? i : -1)).filter((i) => i >= 0);
      const pick = (arr) => idx.map((i) => arr[i]);
      const w = pick(vol[q.queue]);
      rows.push({
        d, q,
        contacts: w.reduce((a, b) => a + b, 0),
        sl: avg(pick(q.service_level), w), asa: avg(pick(q.asa_seconds), w),
        ab: avg(pick(q.abandon_rate), w), occ: avg(pick(q.occupancy), w),
      });
    }
  }
  fillTable($('#kpi-days'), [
    { label: t('data.date'), value: (r) => fmtDate(r.d) },
    { label: t('common.queue'), value: (r) => ctx.queueName(r.q.queue) },
    { label: t('kpi.contacts'), value: (r) => fmtNumber(r.contacts) },
    { label: t('kpi.sl'), value: (r) => fmtPct(r.sl, 1) },
    { label: t('kpi.asa'), value: (r) => fmtNumber(r.asa, 1) },
    { label: t('kpi.abandon'), value: (r) => fmtPct(r.ab, 1) },
    { label: t('kpi.occupancy'), value: (r) => fmtPct(r.occ, 1) },
  ], rows, { caption: t('kpi.daysCaption') });
}


/** Verify the plan by simulation: simulated vs Erlang service per queue. */
export async function simulatePlan(ctx) {
  const p = ctx.current.plan;
  if (!p) return;
  const reps = Math.max(1, Math.min(200, Number($('#sim-reps').value) || 10));
  // A multi-skill plan is simulated as one centre, each contact routed by skill to the rostered
  // agents off their breaks; a single-skill plan queue by queue with the agents it is given.
  const multi = isMultiSkill(p);
  const args = { plan: JSON.stringify(p), replications: reps, seed: 1 };
  let sims = null;
  let checks = null;
  if (multi) {
    const r = await ctx.engine.call('simulatePlanSkills', args);
    if (r) {
      sims = r.report.queues.map((q) => ({ queue: q.id, report: { overall: q.overall } }));
      checks = new Map(r.queues.map((q) => [q.queue, q]));
    }
  }
  sims ??= await ctx.engine.call('simulatePlan', args);
  document.body.dataset.simulated = checks ? 'skills' : 'queues';
  const pct = (e) => (e ? `${fmtNumber(e.mean * 100, 1)}%${e.half_width != null ? ` ± ${fmtNumber(e.half_width * 100, 1)}` : ''}` : '–');
  const secs = (e) => (e ? `${fmtNumber(e.mean, 1)} s` : '–');
  const rows = sims.map((s) => ({ s, k: p.kpis.queues.find((q) => q.queue === s.queue), q: p.scenario.queues.find((q) => q.id === s.queue) }));
  // A modelled service level the simulation does not confirm (more than 3 points off and
  // outside its confidence interval) is marked, and said in words under the table.
  const off = (r) => {
    const m = r.k?.service_level_total;
    const e = r.s.report.overall.service_level;
    if (m == null || !e) return false;
    return Math.abs(m - e.mean) > Math.max(0.03, e.half_width ?? 0);
  };
  fillTable($('#sim-table'), [
    { label: t('sim.queue'), value: (r) => r.q?.name ?? r.s.queue },
    { label: t(multi ? 'sk.modelSl' : 'sim.erlangSl'), value: (r) => (r.k?.service_level_total != null ? `${fmtNumber(r.k.service_level_total * 100, 1)}%` : '–') },
    { label: t('sim.simSl'), value: (r) => pct(r.s.report.overall.service_level), cls: (r) => (off(r) ? 'bad' : null) },
    { label: t('sim.asa'), value: (r) => secs(r.s.report.overall.asa_seconds) },
    { label: t('sim.abandon'), value: (r) => pct(r.s.report.overall.abandon_rate) },
    // Shared agents have no per-queue occupancy.
    ...(checks ? [] : [{ label: t('sim.occupancy'), value: (r) => pct(r.s.report.overall.occupancy) }]),
    ...(checks ? [{ label: t('sk.simBelow'), value: (r) => {
      const c = checks.get(r.s.queue);
      return c ? t('sk.ofBusy', { n: fmtNumber(c.intervals_below_target), busy: fmtNumber(c.busy_intervals) }) : '–';
    } }] : []),
  ], rows);
  const note = $('#sim-note');
  const bad = rows.filter(off);
  note.hidden = !bad.length;
  note.textContent = bad.map((r) => t('sk.simOff', {
    queue: r.q?.name ?? r.s.queue, sim: fmtPct(r.s.report.overall.service_level.mean, 1), model: fmtPct(r.k.service_level_total, 1),
  })).join(' ');
}
