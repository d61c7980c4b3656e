// The Data view: a history CSV dropped or chosen is read by the engine (line-numbered errors,
// repairs as warnings), charted with its daily totals and opening hours, and then given to a
// queue of the scenario, or made into a starter scenario.
import { t, fmtNumber, fmtDate, fmtDateTime } from '../i18n.js';
import { lineChart } from '../charts.js';
import { DAY_SECONDS, addDays, gridSeconds, secondsToDate } from '../dates.js';
import { $, el } from '../ui.js';
import { errorText } from '../messages.js';
import { scenarioFromHistory } from '../starters.js';
import { openImport } from '../import.js';

/** @type {import('../context.js').AppContext} */
let ctx = null;

let historyView = null;
let viewing = { name: '', imported: false };

async function importHistory(name, input, { quiet = false, imported = true } = {}) {
  const box = $('#history-error');
  try {
    const view = await ctx.engine.call('readHistory', { input });
    const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
    box.hidden = true;
    box.textContent = '';
    historyView = view;
    viewing = { name, imported, text };
    if (imported) {
      ctx.state.history = { name, text };
      ctx.saveState();
    }
    renderHistory(name);
    return true;
  } catch (e) {
    if (quiet) return false;
    if (e.kind === 'cancelled') return false;
    box.textContent = '';
    const where = e.line ? `${t('data.line', { line: e.line })}: ` : '';
    box.append(el('strong', `${name} — ${where}`), el('span', errorText(e)), el('p', historyView ? t('data.kept') : ''));
    box.dataset.kind = e.kind ?? '';
    box.dataset.line = e.line ?? '';
    box.hidden = false;
    return false;
  }
}

/** Render the Data view: the imported file, or the chosen queue's history. */
export async function showQueueHistory() {
  ctx.fillQueueSelect($('#data-queue'));
  if (ctx.state.history && !viewing.name) {
    // A file imported but not yet used: show it (it survives a reload).
    if (await importHistory(ctx.state.history.name, ctx.state.history.text, { quiet: true })) return;
  }
  if (viewing.imported && historyView) {
    renderHistory(viewing.name);
    return;
  }
  const q = $('#data-queue').value;
  const h = ctx.state.histories?.[q];
  if (h && (await importHistory(h.name, h.text, { quiet: true, imported: false }))) return;
  // This queue has no history yet: say so rather than show another queue's.
  historyView = null;
  for (const id of ['#history-summary', '#history-table', '#history-hours', '#history-warnings', '#history-chart']) $(id).textContent = '';
  $('#use-hours').hidden = true;
  // A queue whose volumes the scenario gives directly needs no history: say where they are.
  const given = (ctx.state.scenario?.volumes ?? []).some((v) => v.queue === q);
  $('#history-source').textContent = given ? t('data.givenVolumes', { queue: ctx.queueName(q) }) : t('in.noHistory');
  renderHistory('');
}

function renderHistory(name) {
  const v = historyView;
  const actions = $('#import-actions');
  actions.hidden = !viewing.imported;
  if (viewing.imported) {
    const q = $('#data-queue').value;
    $('#use-for-queue').textContent = t('data.useFor', { queue: ctx.queueName(q) });
    $('#use-for-queue').disabled = !q;
  }
  if (!v) return;
  $('#history-source').textContent = t('data.source', { name });
  const xs = gridSeconds(v.start, v.interval_minutes, v.volume.length);
  lineChart($('#history-chart'), xs, [{ label: t('data.total'), values: v.volume, color: '#2f6fdf' }]);
  $('#history-chart').setAttribute('aria-label', `${t('data.chart')}: ${name}`);

  // Daily totals table: the chart's accessible alternative.
  const perDay = Math.round(1440 / v.interval_minutes);
  const table = $('#history-table');
  table.textContent = '';
  const head = el('tr');
  head.append(el('th', t('data.date'), { scope: 'col' }), el('th', t('data.total'), { scope: 'col' }));
  table.append(head);
  const startSlot = xs.length ? Math.round((xs[0] % 86400) / 60 / v.interval_minutes) : 0;
  for (let d = 0, i = -startSlot; i < v.volume.length; d++, i += perDay) {
    let sum = 0;
    for (let k = Math.max(0, i); k < Math.min(v.volume.length, i + perDay); k++) sum += v.volume[k] ?? 0;
    const day = secondsToDate(xs[0] - startSlot * v.interval_minutes * 60 + d * DAY_SECONDS);
    const row = el('tr');
    row.append(el('td', fmtDate(day)), el('td', fmtNumber(sum)));
    table.append(row);
  }

  const s = v.summary;
  const dl = $('#history-summary');
  dl.textContent = '';
  const items = [
    ['sum.rows', fmtNumber(s.rows)],
    ['sum.interval', t('unit.minutes', { n: s.interval_minutes })],
    ['sum.range', `${fmtDateTime(s.first)} – ${fmtDateTime(s.last)}`],
    ['sum.days', fmtNumber(s.days)],
    ['sum.missing', fmtNumber(s.missing_intervals)],
    ['sum.duplicates', fmtNumber(s.duplicates)],
    ['sum.total', fmtNumber(s.total_volume)],
  ];
  for (const [k, val] of items) dl.append(el('dt', t(k)), el('dd', val));

  const hours = $('#history-hours');
  hours.textContent = '';
  const hr = el('tr');
  hr.append(el('th', t('data.day'), { scope: 'col' }), el('th', t('data.open'), { scope: 'col' }), el('th', t('data.close'), { scope: 'col' }));
  hours.append(hr);
  for (const d of s.opening_hours) {
    const row = el('tr');
    row.append(el('td', t(`day.${d.day}`)));
    if (d.hours) row.append(el('td', d.hours.open), el('td', d.hours.close));
    else row.append(el('td', t('data.closed'), { colspan: '2' }));
    hours.append(row);
  }
  $('#use-hours').hidden = !s.opening_hours.some((d) => d.hours);
  const ul = $('#history-warnings');
  ul.textContent = '';
  for (const w of s.warnings) ul.append(el('li', t(`warn.${w.kind}`, w)));
}

async function readFile(file) {
  // A scenario file dropped here opens as the scenario; anything else is a history CSV.
  if (/\.json$/i.test(file.name) || file.type === 'application/json') {
    await ctx.loadScenarioFile(file);
    return;
  }
  // Bytes, not text: the engine reports a file that is not UTF-8 with its line.
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Anything but the engine's own CSV opens the preview and column mapping (import.js).
  if (await openImport(ctx, file, bytes)) return;
  await importHistory(file.name, bytes);
}

/** The imported file becomes the history of the chosen queue of the current scenario. */
function useForQueue() {
  const q = $('#data-queue').value;
  if (!q || !viewing.imported) return;
  ctx.state.histories[q] = { name: viewing.name, text: viewing.text };
  ctx.state.scenario.history = { ...ctx.state.scenario.history, [q]: viewing.name };
  ctx.state.history = null;
  viewing.imported = false;
  ctx.saveState();
  renderHistory(viewing.name);
  ctx.invalidate('scenario');
  ctx.replan();
}

/** The opening hours the history shows become the scenario's (the planner sees them in Scenario). */
function useSeenHours() {
  if (!historyView || !ctx.state.scenario) return;
  const hours = {};
  for (const d of historyView.summary.opening_hours) if (d.hours) hours[d.day] = [{ open: d.hours.open, close: d.hours.close }];
  ctx.state.scenario.opening_hours = hours;
  ctx.saveState();
  ctx.invalidate('scenario');
  ctx.replan();
}

function newScenarioFromImport() {
  if (!viewing.imported || !historyView) return;
  const { scenario, assumptions } = scenarioFromHistory(historyView, viewing.name, t, addDays);
  ctx.state.scenario = scenario;
  ctx.state.assumptions = assumptions;
  ctx.state.histories = { calls: { name: viewing.name, text: viewing.text } };
  ctx.state.history = null;
  viewing.imported = false;
  ctx.saveState();
  ctx.afterScenarioChange();
  ctx.showTab('summary');
}


/** Forget what the view showed (a new scenario). */
export function resetDataView() {
  viewing = { name: '', imported: false };
}

/** Wire the view's controls once. */
export function setupData(context) {
  ctx = context;
  // import.js: an imported queue's CSV becomes the history of scenario queue `q`, or is shown.
  ctx.useImportedHistory = (q, name, text) => {
    ctx.state.histories[q] = { name, text };
    ctx.state.scenario.history = { ...ctx.state.scenario.history, [q]: name };
    ctx.saveState();
    viewing = { name: '', imported: false };
    ctx.invalidate('scenario', 'data');
    ctx.replan();
  };
  ctx.showImportedHistory = (name, text) => importHistory(name, text);
  $('#file').addEventListener('change', (e) => {
    const f = e.target.files?.[0];
    if (f) readFile(f);
    e.target.value = '';
  });
  const drop = $('#drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files?.[0];
    if (f) readFile(f);
  });
  drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      $('#file').click();
    }
  });
  $('#data-queue').addEventListener('change', () => {
    if (viewing.imported) renderHistory(viewing.name);
    else {
      viewing = { name: '', imported: false };
      showQueueHistory();
    }
  });
  $('#use-for-queue').addEventListener('click', useForQueue);
  $('#use-hours').addEventListener('click', useSeenHours);
  $('#new-scenario').addEventListener('click', newScenarioFromImport);
}
