// The result views: forecast, requirements, schedule (with a Gantt) and KPIs. Each renders from
// what the engine returned (ctx.current); every chart has a table next to it.
import { t, fmtNumber, fmtDate, fmtPct, fmtDateTime, fmtMoney } from './i18n.js';
import { lineChart, gridSeconds, isoToSeconds } from './charts.js';
import { $, el, fillTable, lazy } from './ui.js';

export const COLORS = ['#2f6fdf', '#d9480f', '#2b8a3e', '#7048e8', '#c2255c', '#0b7285', '#e67700', '#5c940d'];
const DAY = 86400;

function waiting(box, key = 'plan.waiting') {
  box.textContent = '';
  box.append(el('p', t(key), { class: 'hint' }));
}

function days(timestamps) {
  return [...new Set(timestamps.map((s) => s.slice(0, 10)))];
}

/** Sum (or weighted mean) of `values` per day of `timestamps`. */
function perDay(timestamps, values, weights) {
  const out = new Map();
  timestamps.forEach((ts, i) => {
    const d = ts.slice(0, 10);
    const v = values[i];
    if (v == null) return;
    const w = weights ? weights[i] : 1;
    const o = out.get(d) ?? { sum: 0, w: 0 };
    o.sum += v * w;
    o.w += w;
    out.set(d, o);
  });
  return out;
}

function dl(box, items) {
  box.textContent = '';
  for (const [k, v] of items) box.append(el('dt', t(k)), el('dd', v));
}

// ---- forecast -----------------------------------------------------------------------------

const histCache = new Map();

async function historyFor(ctx, queue) {
  const h = ctx.state.histories?.[queue];
  if (!h) return null;
  const interval = ctx.state.scenario.interval_minutes;
  const key = `${queue}|${h.name}|${h.text.length}|${interval}`;
  if (histCache.has(key)) return histCache.get(key);
  let view;
  try {
    view = await ctx.engine.call('readHistory', { input: h.text, intervalMinutes: interval });
  } catch {
    try {
      view = await ctx.engine.call('readHistory', { input: h.text });
    } catch {
      return null;
    }
  }
  histCache.set(key, view);
  return view;
}

export async function renderForecast(ctx) {
  const f = ctx.current.forecast;
  const sel = $('#fc-queue');
  ctx.fillQueueSelect(sel);
  if (!sel.onchange) sel.onchange = () => renderForecast(ctx);
  fillAdjustForm(ctx);
  renderAdjustments(ctx);
  if (!f) {
    waiting($('#fc-chart'));
    return;
  }
  const qi = Math.max(0, f.forecast.findIndex((x) => x.queue === sel.value));
  const q = f.forecast[qi];
  if (!q) return;
  const name = ctx.queueName(q.queue);
  const wape = q.backtest_wape;
  $('#fc-method').textContent = [
    t('fc.method', { method: q.method }),
    q.source !== 'history' ? t('fc.source', { source: q.source }) : '',
    wape != null ? t('fc.accuracy', { wape: fmtPct(wape, 1), acc: fmtPct(Math.max(0, 1 - wape), 1) }) : '',
  ].filter(Boolean).join(' · ');

  const fxs = f.timestamps.map(isoToSeconds);
  const hist = await historyFor(ctx, q.queue);
  let hxs = [];
  let hvals = [];
  if (hist) {
    const xs = gridSeconds(hist.start, hist.interval_minutes, hist.volume.length);
    const from = fxs[0] - 14 * DAY;
    xs.forEach((x, i) => {
      if (x >= from && x < fxs[0]) {
        hxs.push(x);
        hvals.push(hist.volume[i]);
      }
    });
  }
  const pad = (arr, before) => [...new Array(before).fill(null), ...arr];
  const n = hxs.length;
  const xs = [...hxs, ...fxs];
  const series = [
    { label: t('fc.history'), values: [...hvals, ...new Array(fxs.length).fill(null)], color: '#8a94a6' },
    { label: t('fc.forecast'), values: pad(q.volume, n), color: '#2f6fdf', width: 2 },
    { label: t('fc.hi80'), values: pad(q.hi80, n), color: 'rgba(47,111,223,0.35)', dash: [4, 4], width: 1 },
    { label: t('fc.lo80'), values: pad(q.lo80, n), color: 'rgba(47,111,223,0.35)', dash: [4, 4], width: 1 },
  ];
  const chart = $('#fc-chart');
  lineChart(chart, xs, series, { bands: [{ series: [3, 4], fill: 'rgba(47,111,223,0.22)' }] });
  chart.setAttribute('aria-label', t('fc.chartLabel', { queue: name }));

  fillTable($('#fc-overview'), [
    { label: t('common.queue'), value: (x) => ctx.queueName(x.queue) },
    { label: t('fc.methodCol'), value: (x) => x.method, cls: 'wrap' },
    { label: t('fc.wape'), value: (x) => fmtPct(x.backtest_wape, 1) },
    { label: t('fc.total'), value: (x) => fmtNumber(x.volume.reduce((a, b) => a + b, 0)) },
    { label: t('fc.peak'), value: (x) => fmtNumber(Math.max(0, ...x.volume), 1) },
  ], f.forecast, { caption: t('fc.overview') });

  const vol = perDay(f.timestamps, q.volume);
  const lo = perDay(f.timestamps, q.lo80);
  const hi = perDay(f.timestamps, q.hi80);
  fillTable($('#fc-table'), [
    { label: t('data.date'), value: (d) => fmtDate(d) },
    { label: t('fc.forecast'), value: (d) => fmtNumber(vol.get(d)?.sum) },
    { label: t('fc.lo80sum'), value: (d) => fmtNumber(lo.get(d)?.sum) },
    { label: t('fc.hi80sum'), value: (d) => fmtNumber(hi.get(d)?.sum) },
  ], days(f.timestamps), { caption: t('fc.tableCaption', { queue: name }) });
}

/** Fill the adjustment form's choices from the horizon. */
export function fillAdjustForm(ctx, { keepDay = false } = {}) {
  const s = ctx.state.scenario;
  if (!s) return;
  ctx.fillQueueSelect($('#adj-queue'), { all: true });
  const daySel = $('#adj-day');
  const keep = daySel.value;
  if (!keepDay) {
    daySel.textContent = '';
    const [y, m, d] = s.horizon.start.split('-').map(Number);
    for (let i = 0; i < s.horizon.days; i++) {
      const iso = new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10);
      daySel.append(el('option', fmtDate(iso), { value: iso }));
    }
    if ([...daySel.options].some((o) => o.value === keep)) daySel.value = keep;
  }
  for (const [id, end] of [['#adj-from', false], ['#adj-to', true]]) {
    const sel = $(id);
    const k = sel.value;
    sel.textContent = '';
    for (let m = end ? s.interval_minutes : 0; m <= (end ? 1440 : 1440 - s.interval_minutes); m += s.interval_minutes) {
      const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      sel.append(el('option', hhmm, { value: String(m) }));
    }
    sel.value = [...sel.options].some((o) => o.value === k) ? k : end ? '1440' : '0';
  }
  const form = $('#adj-form');
  if (!form.dataset.wired) {
    form.dataset.wired = '1';
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      addAdjustment(ctx);
    });
  }
}

function stamp(day, minutes) {
  const [y, m, d] = day.split('-').map(Number);
  const x = new Date(Date.UTC(y, m - 1, d, 0, minutes));
  return x.toISOString().slice(0, 16);
}

async function addAdjustment(ctx) {
  const box = $('#adj-error');
  box.hidden = true;
  const percent = Number($('#adj-percent').value);
  const from = Number($('#adj-from').value);
  const to = Number($('#adj-to').value);
  let msg = null;
  if ($('#adj-percent').value === '' || !Number.isFinite(percent) || percent < -100 || percent > 1000) msg = t('adj.badPercent');
  else if (to <= from) msg = t('adj.badRange');
  if (msg) {
    box.textContent = msg;
    box.hidden = false;
    $('#adj-percent').setAttribute('aria-invalid', 'true');
    return;
  }
  $('#adj-percent').removeAttribute('aria-invalid');
  const day = $('#adj-day').value;
  const adj = { from: stamp(day, from), to: stamp(day, to), percent };
  if ($('#adj-queue').value) adj.queue = $('#adj-queue').value;
  const s = ctx.state.scenario;
  const draft = { ...s, adjustments: [...(s.adjustments ?? []), adj] };
  try {
    await ctx.engine.call('checkScenario', { scenario: JSON.stringify(draft) });
  } catch (e) {
    if (!String(e.path).startsWith('history.')) {
      box.textContent = e.message;
      box.hidden = false;
      return;
    }
  }
  ctx.state.scenario.adjustments = draft.adjustments;
  ctx.saveState();
  renderAdjustments(ctx);
  ctx.invalidate('scenario');
  ctx.replan();
}

function renderAdjustments(ctx) {
  const list = ctx.state.scenario?.adjustments ?? [];
  const table = $('#adj-list');
  if (!list.length) {
    table.textContent = '';
    return;
  }
  fillTable(table, [
    { label: t('common.queue'), value: (a) => (a.queue ? ctx.queueName(a.queue) : t('common.allQueues')) },
    { label: t('adj.from'), value: (a) => fmtDateTime(a.from) },
    { label: t('adj.to'), value: (a) => fmtDateTime(a.to) },
    { label: t('adj.percent'), value: (a) => `${a.percent > 0 ? '+' : ''}${fmtNumber(a.percent, 0)}%` },
    { label: '', value: () => '' },
  ], list, { caption: t('adj.list') });
  [...table.querySelectorAll('tbody tr')].forEach((tr, i) => {
    const b = el('button', t('common.remove'), { type: 'button', 'aria-label': t('adj.remove', { n: i + 1 }) });
    b.addEventListener('click', () => {
      ctx.state.scenario.adjustments.splice(i, 1);
      if (!ctx.state.scenario.adjustments.length) delete ctx.state.scenario.adjustments;
      ctx.saveState();
      renderAdjustments(ctx);
      ctx.replan();
    });
    tr.lastChild.append(b);
  });
}

// ---- requirements -------------------------------------------------------------------------

export function renderRequirements(ctx) {
  const r = ctx.current.requirements;
  if (!r) {
    waiting($('#req-chart'));
    return;
  }
  const xs = r.timestamps.map(isoToSeconds);
  const peak = Math.max(0, ...r.total_positions);
  dl($('#req-summary'), [
    ['req.agentHours', fmtNumber(r.agent_hours)],
    ['req.positionHours', fmtNumber(r.position_hours)],
    ['req.peak', fmtNumber(peak)],
  ]);
  const series = r.queues.map((q, i) => ({ label: ctx.queueName(q.queue), values: q.agents, color: COLORS[i % COLORS.length], step: true }));
  series.push({ label: t('req.positions'), values: r.total_positions, color: '#1d2430', width: 2, step: true });
  lineChart($('#req-chart'), xs, series);
  $('#req-chart').setAttribute('aria-label', t('req.chartLabel'));

  const ds = days(r.timestamps);
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

// ---- schedule -----------------------------------------------------------------------------

export function scheduleCsv(s) {
  const header = ['template', 'start', 'end', 'count', 'paid_hours', 'cost', 'breaks'];
  const rows = s.shifts.map((x) => [
    x.template, x.start, x.end, x.count, x.paid_hours, x.cost,
    x.breaks.map((b) => `${b.start.slice(11)}+${b.minutes}${b.paid ? '' : 'u'}`).join(' '),
  ]);
  return [header, rows];
}

export function renderSchedule(ctx) {
  const s = ctx.current.schedule;
  if (!s) {
    waiting($('#sch-chart'));
    $('#gantt').textContent = '';
    return;
  }
  const under = s.coverage.reduce((a, c) => a + c.under, 0);
  const over = s.coverage.reduce((a, c) => a + c.over, 0);
  dl($('#sch-summary'), [
    ['kpi.cost', fmtMoney(s.cost)],
    ['kpi.paidHours', fmtNumber(s.paid_hours)],
    ['kpi.shifts', fmtNumber(s.shift_count)],
    ['sch.gap', s.proven_optimal ? t('sch.optimal') : t('sch.gapValue', { gap: fmtPct(s.gap ?? 0, 1) })],
    ['sch.underOver', `${fmtNumber(under)} / ${fmtNumber(over)}`],
    ['sch.solver', s.solver?.method ?? ''],
  ]);
  const xs = s.coverage.map((c) => isoToSeconds(c.timestamp));
  const req = s.coverage.map((c) => c.required);
  const got = s.coverage.map((c) => c.scheduled);
  const top = s.coverage.map((c) => Math.max(c.required, c.scheduled));
  lineChart($('#sch-chart'), xs, [
    { label: t('sch.required'), values: req, color: '#1d2430', width: 2, step: true },
    { label: t('sch.scheduled'), values: got, color: '#2f6fdf', width: 1.5, step: true },
    { label: '', values: top, hidden: true, step: true },
  ], {
    bands: [
      { series: [3, 1], fill: 'rgba(43,138,62,0.30)' }, // over: between the top and the requirement
      { series: [3, 2], fill: 'rgba(180,35,24,0.40)' }, // under: between the top and the coverage
    ],
  });
  $('#sch-chart').setAttribute('aria-label', t('sch.chartLabel'));
  lazy($('#sch-coverage').closest('details'), () => fillTable($('#sch-coverage'), [
    { label: t('common.time'), value: (c) => fmtDateTime(c.timestamp) },
    { label: t('sch.required'), value: (c) => fmtNumber(c.required, 1) },
    { label: t('sch.scheduled'), value: (c) => fmtNumber(c.scheduled, 1) },
    { label: t('sch.under'), value: (c) => fmtNumber(c.under, 1), cls: (c) => (c.under > 0 ? 'bad' : null) },
    { label: t('sch.over'), value: (c) => fmtNumber(c.over, 1) },
  ], s.coverage));

  const templates = [...new Set(s.shifts.map((x) => x.template))];
  const daySel = $('#gantt-day');
  const keep = daySel.value;
  daySel.textContent = '';
  for (const d of days(s.coverage.map((c) => c.timestamp))) daySel.append(el('option', fmtDate(d), { value: d }));
  if ([...daySel.options].some((o) => o.value === keep)) daySel.value = keep;
  daySel.onchange = () => gantt(s, daySel.value, templates);
  gantt(s, daySel.value, templates);

  fillTable($('#sch-templates'), [
    { label: t('sch.template'), value: (x) => x.template },
    { label: t('kpi.shifts'), value: (x) => fmtNumber(x.shifts) },
    { label: t('kpi.paidHours'), value: (x) => fmtNumber(x.paid_hours) },
  ], s.templates ?? [], { caption: t('sch.byTemplate') });

  fillTable($('#sch-shifts'), [
    { label: t('sch.template'), value: (x) => x.template },
    { label: t('sch.start'), value: (x) => fmtDateTime(x.start) },
    { label: t('sch.end'), value: (x) => fmtDateTime(x.end) },
    { label: t('sch.breaks'), value: (x) => x.breaks.map((b) => `${b.start.slice(11)} ${t('unit.minutes', { n: b.minutes })}${b.paid ? '' : ` (${t('sch.unpaid')})`}`).join(', ') },
    { label: t('sch.count'), value: (x) => fmtNumber(x.count) },
    { label: t('kpi.paidHours'), value: (x) => fmtNumber(x.paid_hours * x.count, 1) },
    { label: t('kpi.cost'), value: (x) => fmtMoney(x.cost * x.count) },
  ], s.shifts, { caption: t('sch.listCaption', { n: fmtNumber(s.shift_count) }) });
}

/** A Gantt of the shifts starting on `day`: one bar per shift instance group, breaks inside. */
function gantt(s, day, templates) {
  const box = $('#gantt');
  box.textContent = '';
  const list = s.shifts.filter((x) => x.start.startsWith(day));
  if (!list.length) {
    box.append(el('p', t('sch.noShifts'), { class: 'hint' }));
    return;
  }
  const d0 = isoToSeconds(`${day}T00:00`);
  const rel = (iso) => (isoToSeconds(iso) - d0) / 3600;
  const lo = Math.floor(Math.min(...list.map((x) => rel(x.start))));
  const hi = Math.ceil(Math.max(...list.map((x) => rel(x.end))));
  const span = Math.max(1, hi - lo);
  const pct = (h) => `${((h - lo) / span) * 100}%`;
  const axis = el('div', null, { class: 'gantt-axis', 'aria-hidden': 'true' });
  axis.append(el('span', ''));
  const ticks = el('div', null, { class: 'gantt-track' });
  for (let h = lo; h <= hi; h += span > 16 ? 2 : 1) {
    const tick = el('span', `${String(h % 24).padStart(2, '0')}:00`, { class: 'tick' });
    tick.style.left = pct(h);
    ticks.append(tick);
  }
  axis.append(ticks);
  box.append(axis);
  const ul = el('ul', null, { class: 'gantt-rows', 'aria-label': t('sch.ganttLabel', { day: fmtDate(day) }) });
  for (const x of list) {
    const li = el('li', null, { class: 'gantt-row' });
    const label = `${x.template} ${x.start.slice(11)}–${x.end.slice(11)} × ${x.count}`;
    li.append(el('span', label, { class: 'gantt-label' }));
    const track = el('div', null, { class: 'gantt-track', 'aria-hidden': 'true' });
    const bar = el('div', null, { class: `gantt-bar c${templates.indexOf(x.template) % 8}` });
    bar.style.left = pct(rel(x.start));
    bar.style.width = `${((rel(x.end) - rel(x.start)) / span) * 100}%`;
    const len = rel(x.end) - rel(x.start);
    for (const b of x.breaks) {
      const br = el('span', null, { class: b.paid ? 'gantt-break' : 'gantt-break unpaid', title: `${b.start.slice(11)} ${b.minutes}′` });
      br.style.left = `${((rel(b.start) - rel(x.start)) / len) * 100}%`;
      br.style.width = `${(b.minutes / 60 / len) * 100}%`;
      bar.append(br);
    }
    bar.append(el('span', `×${x.count}`, { class: 'gantt-count' }));
    track.append(bar);
    li.append(track);
    ul.append(li);
  }
  box.append(ul);
}

// ---- KPIs ---------------------------------------------------------------------------------

function avg(xs, ws) {
  let s = 0;
  let w = 0;
  xs.forEach((x, i) => {
    if (x == null) return;
    s += x * ws[i];
    w += ws[i];
  });
  return w > 0 ? s / w : null;
}

export function fte(plan) {
  if (plan.schedule.fte != null) return plan.schedule.fte;
  const weeks = plan.scenario.horizon.days / 7;
  return plan.kpis.paid_hours / (40 * weeks);
}

export function renderKpis(ctx) {
  const p = ctx.current.plan;
  if (!p) {
    waiting($('#kpi-chart'));
    $('#kpi-cards').textContent = '';
    return;
  }
  const k = p.kpis;
  const cards = $('#kpi-cards');
  cards.textContent = '';
  for (const [key, v] of [
    ['kpi.cost', fmtMoney(k.cost)], ['kpi.costPerContact', fmtMoney(k.cost_per_contact, 2)],
    ['kpi.contacts', fmtNumber(k.contacts)], ['kpi.paidHours', fmtNumber(k.paid_hours)],
    ['kpi.fte', fmtNumber(fte(p), 1)], ['kpi.shifts', fmtNumber(k.shifts)],
  ]) {
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
  for (const d of days(p.timestamps)) {
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

export function target(q) {
  if (!q) return '–';
  if (q.channel === 'email') return t('kpi.window', { h: fmtNumber((q.response_window_minutes ?? 0) / 60, 1) });
  return q.target ? `${Math.round(q.target.service_level * 100)}/${q.target.answer_seconds}` : '–';
}

export { avg };

/** Verify the plan by simulation: simulated vs Erlang service per queue. */
export async function simulatePlan(ctx) {
  const p = ctx.current.plan;
  if (!p) return;
  const reps = Math.max(1, Math.min(200, Number($('#sim-reps').value) || 10));
  const sims = await ctx.engine.call('simulatePlan', { plan: JSON.stringify(p), replications: reps, seed: 1 });
  const pct = (e) => (e ? `${fmtNumber(e.mean * 100, 1)}%${e.half_width != null ? ` ± ${fmtNumber(e.half_width * 100, 1)}` : ''}` : '–');
  const secs = (e) => (e ? `${fmtNumber(e.mean, 1)} s` : '–');
  const rows = sims.map((s) => ({ s, k: p.kpis.queues.find((q) => q.queue === s.queue), q: p.scenario.queues.find((q) => q.id === s.queue) }));
  fillTable($('#sim-table'), [
    { label: t('sim.queue'), value: (r) => r.q?.name ?? r.s.queue },
    { label: t('sim.erlangSl'), value: (r) => (r.k?.service_level_total != null ? `${fmtNumber(r.k.service_level_total * 100, 1)}%` : '–') },
    { label: t('sim.simSl'), value: (r) => pct(r.s.report.overall.service_level) },
    { label: t('sim.asa'), value: (r) => secs(r.s.report.overall.asa_seconds) },
    { label: t('sim.abandon'), value: (r) => pct(r.s.report.overall.abandon_rate) },
    { label: t('sim.occupancy'), value: (r) => pct(r.s.report.overall.occupancy) },
  ], rows);
}
