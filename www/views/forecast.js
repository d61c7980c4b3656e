// The Forecast view: each queue's forecast with its 80% band after the last two weeks of
// history, the overview of every queue, the daily table, and the planner's adjustments.
import { t, fmtNumber, fmtDate, fmtPct, fmtDateTime } from '../i18n.js';
import { lineChart } from '../charts.js';
import { DAY_SECONDS, clock, datesOf, gridSeconds, horizonDays, isoToSeconds, stamp } from '../dates.js';
import { $, el, fillTable } from '../ui.js';
import { waiting, perDay } from './common.js';
import { methodText, errorText } from '../messages.js';

/** Wire the view's own controls once. */
export function setupForecast(ctx) {
  $('#adj-day').addEventListener('change', () => fillAdjustForm(ctx, { keepDay: true }));
}

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
    t('fc.method', { method: methodText(q.method) }),
    q.source !== 'history' ? t('fc.source', { source: t(`fc.src.${q.source}`) }) : '',
    wape != null ? t('fc.accuracy', { wape: fmtPct(wape, 1), acc: fmtPct(Math.max(0, 1 - wape), 1) }) : '',
  ].filter(Boolean).join(' · ');

  const fxs = f.timestamps.map(isoToSeconds);
  const hist = await historyFor(ctx, q.queue);
  let hxs = [];
  let hvals = [];
  if (hist) {
    const xs = gridSeconds(hist.start, hist.interval_minutes, hist.volume.length);
    const from = fxs[0] - 14 * DAY_SECONDS;
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
  // Volumes given in the scenario have no history and no band: those series stay out of the
  // legend (kept as hidden series, so the band's series indices do not move).
  const noBand = q.volume.every((v, i) => q.hi80?.[i] == null || (q.hi80[i] === v && q.lo80?.[i] === v));
  const series = [
    { label: t('fc.history'), values: [...hvals, ...new Array(fxs.length).fill(null)], color: '#8a94a6', hidden: !n },
    { label: t('fc.forecast'), values: pad(q.volume, n), color: '#2f6fdf', width: 2 },
    { label: t('fc.hi80'), values: pad(q.hi80, n), color: 'rgba(47,111,223,0.35)', dash: [4, 4], width: 1, hidden: noBand },
    { label: t('fc.lo80'), values: pad(q.lo80, n), color: 'rgba(47,111,223,0.35)', dash: [4, 4], width: 1, hidden: noBand },
  ];
  const chart = $('#fc-chart');
  lineChart(chart, xs, series, { bands: [{ series: [3, 4], fill: 'rgba(47,111,223,0.22)' }] });
  chart.setAttribute('aria-label', t('fc.chartLabel', { queue: name }));

  fillTable($('#fc-overview'), [
    { label: t('common.queue'), value: (x) => ctx.queueName(x.queue) },
    { label: t('fc.methodCol'), value: (x) => methodText(x.method), cls: 'wrap' },
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
  ], datesOf(f.timestamps), { caption: t('fc.tableCaption', { queue: name }) });
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
    for (const iso of horizonDays(s.horizon.start, s.horizon.days)) daySel.append(el('option', fmtDate(iso), { value: iso }));
    if ([...daySel.options].some((o) => o.value === keep)) daySel.value = keep;
  }
  for (const [id, end] of [['#adj-from', false], ['#adj-to', true]]) {
    const sel = $(id);
    const k = sel.value;
    sel.textContent = '';
    for (let m = end ? s.interval_minutes : 0; m <= (end ? 1440 : 1440 - s.interval_minutes); m += s.interval_minutes) {
      sel.append(el('option', clock(m), { value: String(m) }));
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
      box.textContent = errorText(e);
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

