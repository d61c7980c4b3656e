// The Requirements view: agents per queue and positions per interval, per day and in full.
import { t, fmtNumber, fmtDate, fmtPct, fmtDateTime } from '../i18n.js';
import { lineChart } from '../charts.js';
import { datesOf, isoToSeconds } from '../dates.js';
import { $, fillTable, lazy } from '../ui.js';
import { COLORS, waiting, perDay, dl, planNotes } from './common.js';
import { fillScope, scopeSeries, renderGroups } from './skills.js';

export function renderRequirements(ctx) {
  const r = ctx.current.requirements;
  if (!r) {
    waiting($('#req-chart'));
    return;
  }
  planNotes($('#req-notes'), ctx.current.plan);
  const xs = r.timestamps.map(isoToSeconds);
  const peak = Math.max(0, ...r.total_positions);
  dl($('#req-summary'), [
    ['req.agentHours', fmtNumber(r.agent_hours)],
    ['req.positionHours', fmtNumber(r.position_hours)],
    ['req.peak', fmtNumber(peak)],
  ]);
  // A multi-skill plan: the chart narrowed to one queue or one skill group.
  const plan = ctx.current.plan;
  const scopeSel = $('#req-scope');
  const scope = fillScope(ctx, scopeSel, plan);
  scopeSel.onchange = () => renderRequirements(ctx);
  const sc = scopeSeries(plan, scope);
  let series;
  if (sc?.kind === 'q') {
    series = [
      { label: t(sc.labels[0]), values: sc.required, color: '#1d2430', width: 2, step: true },
      { label: t(sc.labels[1]), values: sc.covered, color: COLORS[0], step: true },
    ];
  } else if (sc) {
    series = [
      { label: t('sk.groupNeed'), values: sc.required, color: '#1d2430', width: 2, step: true },
      { label: t('sk.groupAgents'), values: sc.agents, color: COLORS[0], step: true },
    ];
  } else {
    series = r.queues.map((q, i) => ({ label: ctx.queueName(q.queue), values: q.agents, color: COLORS[i % COLORS.length], step: true }));
    series.push({ label: t('req.positions'), values: r.total_positions, color: '#1d2430', width: 2, step: true });
  }
  lineChart($('#req-chart'), xs, series);
  $('#req-chart').dataset.scope = sc ? scope : '';
  renderGroups(ctx, plan, $('#req-groups'));
  $('#req-chart').setAttribute('aria-label', t('req.chartLabel'));

  const ds = datesOf(r.timestamps);
  const hours = r.interval_minutes / 60;
  const qd = r.queues.map((q) => perDay(r.timestamps, q.agents));
  const pd = perDay(r.timestamps, r.total_positions);
  fillTable($('#req-days'), [
    { label: t('data.date'), value: (d) => fmtDate(d) },
    ...r.queues.map((q, i) => ({ label: t('req.hoursOf', { queue: ctx.queueName(q.queue) }), value: (d) => fmtNumber((qd[i].get(d)?.sum ?? 0) * hours) })),
    { label: t('req.positionHours'), value: (d) => fmtNumber((pd.get(d)?.sum ?? 0) * hours) },
  ], ds, { caption: t('req.daysCaption') });

  lazy($('#req-table').closest('details'), () => fillTable($('#req-table'), [
    { label: t('common.time'), value: (i) => fmtDateTime(r.timestamps[i]) },
    ...r.queues.map((q) => ({ label: ctx.queueName(q.queue), value: (i) => fmtNumber(q.agents[i]) })),
    { label: t('req.agents'), value: (i) => fmtNumber(r.total_agents[i]) },
    { label: t('req.shrinkage'), value: (i) => fmtPct(r.shrinkage[i]) },
    { label: t('req.positions'), value: (i) => fmtNumber(r.total_positions[i]) },
  ], r.timestamps.map((_, i) => i)));
}

