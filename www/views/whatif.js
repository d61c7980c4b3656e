// What-if: a changed copy of the scenario, compared with the current plan twice: with the
// current schedule kept (what happens to service) and re-planned (what the change costs).
import { t, fmtNumber, fmtPct } from '../i18n.js';
import { $, el, fillTable } from '../ui.js';
import { fte, avg, fmtCost } from './common.js';
import { addDays } from '../dates.js';
import { errorText } from '../messages.js';
import { renderCrossTrain } from './skills.js';

let last = null;

function settings() {
  const num = (id) => ($(id).value === '' ? null : Number($(id).value));
  return { sl: num('#wi-sl'), answer: num('#wi-asa'), volume: num('#wi-volume') ?? 0, absent: num('#wi-absent') ?? 0 };
}

/** The changed copy: targets, a surge over the whole horizon, and extra absence. */
export function variant(scenario, w) {
  const b = structuredClone(scenario);
  for (const q of b.queues) {
    if (!q.target) continue;
    if (w.sl != null) q.target.service_level = w.sl / 100;
    if (w.answer != null) q.target.answer_seconds = w.answer;
  }
  if (w.volume) {
    b.adjustments = [...(b.adjustments ?? []), {
      from: `${b.horizon.start}T00:00`, to: `${addDays(b.horizon.start, b.horizon.days)}T00:00`, percent: w.volume,
    }];
  }
  if (w.absent) {
    const add = (c) => ({ ...c, absence: +((c.absence ?? 0) + w.absent / 100).toFixed(6) });
    b.shrinkage.components = add(b.shrinkage.components);
    for (const k of Object.keys(b.shrinkage.by_weekday ?? {})) b.shrinkage.by_weekday[k] = add(b.shrinkage.by_weekday[k]);
  }
  b.name = `${scenario.name} — ${t('wi.variant')}`;
  return b;
}

export function setupWhatif(ctx) {
  const w = ctx.state.whatif ?? {};
  $('#wi-volume').value = w.volume ?? 0;
  $('#wi-absent').value = w.absent ?? 0;
  $('#wi-sl').value = w.sl ?? '';
  $('#wi-asa').value = w.answer ?? '';
  const preset = (p) => {
    $('#wi-sl').value = p.sl ?? '';
    $('#wi-asa').value = p.answer ?? '';
    $('#wi-volume').value = p.volume;
    $('#wi-absent').value = p.absent;
    run(ctx);
  };
  $('#wi-preset-sl').addEventListener('click', () => preset({ sl: 90, answer: 10, volume: 0, absent: 0 }));
  $('#wi-preset-surge').addEventListener('click', () => preset({ volume: 30, absent: 20 }));
  $('#wi-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(ctx);
  });
  $('#wi-baseline-set').addEventListener('click', () => {
    if (!ctx.current.plan) return;
    ctx.state.baseline = summarize(ctx, ctx.current.plan);
    ctx.saveState();
    renderWhatif(ctx);
  });
  $('#wi-baseline-clear').addEventListener('click', () => {
    ctx.state.baseline = null;
    ctx.saveState();
    renderWhatif(ctx);
  });
  $('#wi-adopt').addEventListener('click', () => {
    if (!last) return;
    ctx.state.scenario = last.scenario;
    ctx.saveState();
    ctx.afterScenarioChange();
  });
}

async function run(ctx) {
  const box = $('#wi-error');
  box.hidden = true;
  const a = ctx.current.plan;
  if (!a) {
    box.textContent = t('plan.notYet');
    box.hidden = false;
    return;
  }
  const w = settings();
  ctx.state.whatif = w;
  ctx.saveState();
  const b = variant(ctx.state.scenario, w);
  const scenario = JSON.stringify(b);
  const histories = Object.fromEntries(Object.entries(ctx.state.histories).map(([q, h]) => [q, h.text]));
  try {
    $('#wi-table').setAttribute('aria-busy', 'true');
    const f = await ctx.engine.call('planForecast', { scenario, histories });
    const fj = JSON.stringify(f);
    const r = await ctx.engine.call('planRequirements', { scenario, forecast: fj });
    const rj = JSON.stringify(r);
    const kept = await ctx.engine.call('planAssemble', { scenario, forecast: fj, requirements: rj, schedule: JSON.stringify(a.schedule) });
    const s = await ctx.engine.call('planSchedule', { scenario, requirements: rj });
    const replanned = await ctx.engine.call('planAssemble', { scenario, forecast: fj, requirements: rj, schedule: JSON.stringify(s) });
    last = { scenario: b, w, kept, replanned };
    renderWhatif(ctx);
  } catch (e) {
    if (e.kind !== 'cancelled') {
      box.textContent = errorText(e);
      box.hidden = false;
    }
  } finally {
    $('#wi-table').removeAttribute('aria-busy');
  }
}

function describe(w) {
  const parts = [];
  if (w.sl != null || w.answer != null) parts.push(t('wi.dTarget', { sl: w.sl ?? '·', s: w.answer ?? '·' }));
  if (w.volume) parts.push(t('wi.dVolume', { p: `${w.volume > 0 ? '+' : ''}${w.volume}` }));
  if (w.absent) parts.push(t('wi.dAbsent', { p: w.absent }));
  return parts.join(', ') || t('wi.dNone');
}

let erlangShown = false;
/** The figures a comparison shows, small enough to keep in localStorage (the baseline). */
export function summarize(ctx, p) {
  return {
    name: p.scenario.name,
    queues: p.kpis.queues.map((q) => {
      const vol = p.forecast.find((x) => x.queue === q.queue)?.volume ?? [];
      return {
        queue: q.queue, name: ctx.queueName(q.queue), sl: q.service_level_total, asa: q.asa_total,
        abandon: q.abandon_total, occupancy: avg(q.occupancy, vol),
      };
    }),
    contacts: p.kpis.contacts, positionHours: p.requirements.position_hours, paidHours: p.kpis.paid_hours,
    fte: fte(p), shifts: p.kpis.shifts, cost: p.kpis.cost, costPerContact: p.kpis.cost_per_contact,
  };
}

/** A side-by-side table: the first column is the reference; better/worse values are marked. */
function compareTable(table, caption, columns) {
  table.textContent = '';
  table.append(el('caption', caption));
  const head = el('tr');
  head.append(el('th', t('wi.measure'), { scope: 'col' }));
  for (const c of columns) head.append(el('th', c.label, { scope: 'col' }));
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  const row = (label, f, better, fmt) => {
    const tr = el('tr');
    tr.append(el('th', label, { scope: 'row' }));
    const vals = columns.map((c) => f(c.summary));
    vals.forEach((v, i) => {
      const td = el('td', fmt(v));
      if (i > 0 && better && v != null && vals[0] != null && Math.abs(v - vals[0]) > 1e-9) {
        td.className = (better > 0) === (v > vals[0]) ? 'good' : 'bad';
      }
      tr.append(td);
    });
    tbody.append(tr);
  };
  const pct = (x) => fmtPct(x, 1);
  const ref = columns[0].summary;
  for (const q of ref.queues) {
    if (q.sl == null) continue;
    const k = (s) => s.queues.find((x) => x.queue === q.queue) ?? {};
    row(t('wi.slOf', { queue: q.name }), (s) => k(s).sl, 1, pct);
    row(t('wi.asaOf', { queue: q.name }), (s) => k(s).asa, -1, (x) => fmtNumber(x, 1));
    row(t('wi.abandonOf', { queue: q.name }), (s) => k(s).abandon, -1, pct);
    row(t('wi.occOf', { queue: q.name }), (s) => k(s).occupancy, 0, pct);
  }
  row(t('kpi.contacts'), (s) => s.contacts, 0, fmtNumber);
  row(t('req.positionHours'), (s) => s.positionHours, -1, fmtNumber);
  row(t('kpi.paidHours'), (s) => s.paidHours, -1, fmtNumber);
  row(t('kpi.fte'), (s) => s.fte, -1, (x) => fmtNumber(x, 1));
  row(t('kpi.shifts'), (s) => s.shifts, -1, fmtNumber);
  row(t('kpi.cost'), (s) => s.cost, -1, fmtCost);
  row(t('kpi.costPerContact'), (s) => s.costPerContact, -1, (x) => fmtCost(x, 2));
  table.append(thead, tbody);
}

export function renderWhatif(ctx) {
  renderCrossTrain(ctx);
  if (!erlangShown) {
    erlangShown = true;
    runErlang(ctx);
  }
  const a = ctx.current.plan;
  $('#wi-adopt').hidden = !last;
  $('#wi-baseline-set').disabled = !a;
  const base = ctx.state.baseline;
  $('#wi-baseline-clear').hidden = !base;
  const bt = $('#wi-baseline-table');
  bt.textContent = '';
  if (a && base) {
    compareTable(bt, t('wi.baselineCaption', { name: base.name }), [
      { label: t('wi.baseline'), summary: base }, { label: t('wi.current'), summary: summarize(ctx, a) },
    ]);
  }
  const table = $('#wi-table');
  table.textContent = '';
  if (!a || !last) return;
  compareTable(table, t('wi.caption', { change: describe(last.w) }), [
    { label: t('wi.current'), summary: summarize(ctx, a) },
    { label: t('wi.kept'), summary: summarize(ctx, last.kept) },
    { label: t('wi.replanned'), summary: summarize(ctx, last.replanned) },
  ]);
}

// ---- Erlang calculator ----------------------------------------------------------------------

function erlangRequest(agents) {
  const num = (id) => ($(id).value.trim() === '' ? null : Number($(id).value));
  const req = {
    volume: num('#erl-volume') ?? 0,
    interval_minutes: Number($('#erl-interval').value),
    aht_seconds: num('#erl-aht') ?? 0,
    answer_seconds: num('#erl-answer') ?? 0,
    shrinkage: (num('#erl-shrinkage') ?? 0) / 100,
  };
  if (agents == null) req.target_sl = (num('#erl-sl') ?? 0) / 100;
  else req.agents = agents;
  if (num('#erl-patience') != null) req.patience_seconds = num('#erl-patience');
  if (num('#erl-concurrency') != null) req.concurrency = num('#erl-concurrency');
  return req;
}

let erlTimer = null;
async function runErlang(ctx) {
  const box = $('#erl-error');
  box.hidden = true;
  try {
    const r = await ctx.engine.call('erlang', { request: JSON.stringify(erlangRequest()) });
    const cards = $('#erl-result');
    cards.textContent = '';
    for (const [k, v] of [
      ['erl.agents', fmtNumber(r.agents)], ['erl.positions', fmtNumber(r.positions)],
      ['erl.traffic', fmtNumber(r.traffic_erlangs, 2)], ['kpi.sl', fmtPct(r.service_level, 1)],
      ['kpi.asa', fmtNumber(r.asa_seconds, 1)], ['kpi.occupancy', fmtPct(r.occupancy, 1)],
      ...(r.p_abandon != null ? [['kpi.abandon', fmtPct(r.p_abandon, 1)]] : []),
      ['erl.model', t(`erl.m.${r.model}`)],
    ]) {
      const d = el('div', null, { class: 'card' });
      d.append(el('dt', t(k)), el('dd', v));
      cards.append(d);
    }
    const rows = [];
    for (let a = Math.max(1, r.agents - 2); a <= r.agents + 2; a++) {
      rows.push({ a, r: await ctx.engine.call('erlang', { request: JSON.stringify(erlangRequest(a)) }) });
    }
    fillTable($('#erl-table'), [
      { label: t('erl.agents'), value: (x) => fmtNumber(x.a), cls: (x) => (x.a === r.agents ? 'chosen' : null) },
      { label: t('kpi.sl'), value: (x) => (x.r.unstable ? t('erl.unstable') : fmtPct(x.r.service_level, 1)) },
      { label: t('kpi.asa'), value: (x) => fmtNumber(x.r.asa_seconds, 1) },
      { label: t('kpi.occupancy'), value: (x) => fmtPct(x.r.occupancy, 1) },
      { label: t('kpi.abandon'), value: (x) => fmtPct(x.r.p_abandon, 1) },
    ], rows, { caption: t('erl.around') });
  } catch (e) {
    if (e.kind === 'cancelled') return;
    box.textContent = errorText(e);
    box.hidden = false;
  }
}

export function setupErlang(ctx) {
  const form = $('#erl-form');
  const again = () => {
    clearTimeout(erlTimer);
    erlTimer = setTimeout(() => runErlang(ctx), 250);
  };
  form.addEventListener('input', again);
  form.addEventListener('submit', (e) => e.preventDefault());
  return again;
}
