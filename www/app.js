// The planning page: collects input, asks the engine (in a Web Worker) to compute, renders.
// No computation happens here. User text is only ever inserted with textContent.
import { Engine } from './engine.js';
import { t, setLang, fmtNumber, fmtDate } from './i18n.js';
import { lineChart, gridSeconds, resizeAll } from './charts.js';
import { $, el, setupTabs, download, toCsv, fillTable } from './ui.js';
import { renderForecast, renderRequirements, renderSchedule, renderKpis, fillAdjustForm, scheduleCsv, simulatePlan } from './views.js';
import { renderScenarioForms, focusError } from './inputs.js';
import { setupWhatif, renderWhatif, setupErlang } from './whatif.js';
import { setupProposal, renderProposal } from './proposal.js';
import { renderRoster, rosterCsv } from './roster.js';
import { openImport, exportWorkbook, printSummary } from './import.js';
import './offline.js';

const STATE_KEY = 'paiban.state.v1';
const MAX_SAVED_TEXT = 4 * 1024 * 1024;

const state = loadState();
let busyTimer = null;
const engine = new Engine((busy) => showBusy(busy));
// What the engine computed for the current scenario, stage by stage.
const current = { forecast: null, requirements: null, schedule: null, plan: null, error: null };
const perf = { planMs: null, stages: {} };
const ctx = { state, engine, current, saveState, replan: () => runPlan(), replanSoon, invalidate, showTab: null, repairRoster: (pin) => repairRoster(pin) };
window.paiban = { engine, state, current, perf, ctx, printSummary: (o) => printSummary(ctx, o) }; // for tests and the console

/**
 * Pin a roster cell and re-optimise with minimal change: the engine keeps every pin so far and
 * changes as few other cells as it can; the KPIs are recomputed from the new roster.
 */
async function repairRoster(pin) {
  const plan = current.plan;
  if (!plan?.roster) return null;
  current.rosterPins = [...(current.rosterPins ?? []).filter((p) => p.agent !== pin.agent || p.day !== pin.day), pin];
  const scenario = JSON.stringify(state.scenario);
  const schedule = JSON.stringify(plan.schedule);
  showStage('roster', 0.5);
  showBusy(true);
  try {
    const roster = await engine.call('planRosterRepair', {
      scenario, schedule, roster: JSON.stringify(plan.roster), edits: JSON.stringify({ pins: current.rosterPins, absences: [] }),
    });
    const next = await engine.call('planAssemble', {
      scenario, forecast: JSON.stringify({ timestamps: plan.timestamps, open: plan.open, forecast: plan.forecast, warnings: [] }),
      requirements: JSON.stringify(plan.requirements), schedule, roster: JSON.stringify(roster),
    });
    next.warnings = plan.warnings;
    current.plan = next;
    invalidate('roster', 'kpis');
    return roster.changes ?? [];
  } finally {
    showBusy(false);
  }
}

/** Replace the scenario's agents from a CSV; a bad line is shown and the previous team kept. */
async function importAgents(name, text) {
  const box = $('#agents-error');
  try {
    const agents = await engine.call('readAgents', { text });
    const contracts = new Set((state.scenario.contracts ?? []).map((c) => c.id));
    const stray = agents.find((a) => !contracts.has(a.contract));
    if (stray) throw new Error(t('agents.unknownContract', { id: stray.id, contract: stray.contract }));
    state.scenario.agents = agents;
    box.hidden = true;
    saveState();
    renderAgents();
    replanSoon();
  } catch (e) {
    box.textContent = `${name}: ${e.line ? `${t('data.line', { line: e.line })}: ` : ''}${e.message}`;
    box.hidden = false;
  }
}

function renderAgents() {
  const s = state.scenario;
  const agents = s?.agents ?? [];
  $('#rules-rest').value = s?.rules ? String(s.rules.min_rest_minutes / 60) : '';
  $('#rules-rest').disabled = !s?.rules;
  $('#agents-summary').textContent = agents.length
    ? t('agents.summary', { n: fmtNumber(agents.length), c: fmtNumber(new Set(agents.map((a) => a.contract)).size) })
    : t('agents.none');
  fillTable($('#agents-table'), [
    { label: t('agents.id'), value: (a) => a.id },
    { label: t('agents.name'), value: (a) => a.name },
    { label: t('agents.contract'), value: (a) => a.contract },
    { label: t('agents.skills'), value: (a) => a.skills.join(', ') },
  ], agents);
}

function loadState() {
  const empty = { lang: null, history: null, scenario: null, histories: {}, proposal: null, whatif: null, baseline: null };
  try {
    return { ...empty, ...JSON.parse(localStorage.getItem(STATE_KEY) || '{}') };
  } catch {
    return empty;
  }
}

function saveState() {
  const copy = { ...state };
  if (copy.history && copy.history.text.length > MAX_SAVED_TEXT) copy.history = null;
  try {
    localStorage.setItem(STATE_KEY, JSON.stringify(copy));
  } catch {
    // Storage full: drop the loose imported file first, then give up (the page still works).
    try {
      localStorage.setItem(STATE_KEY, JSON.stringify({ ...copy, history: null }));
    } catch {
      // Storage disabled: only reload persistence is lost.
    }
  }
}

// ---- busy status and progress ------------------------------------------------------------

let planStage = null;
function showBusy(busy) {
  clearTimeout(busyTimer);
  if (!busy && !planStage) {
    $('#status').hidden = true;
    return;
  }
  // Only show the bar for work that takes a noticeable time.
  busyTimer = setTimeout(() => {
    if (!planStage) {
      $('#status-text').textContent = t('app.working');
      $('#status-progress').removeAttribute('value');
    }
    $('#status').hidden = false;
  }, 150);
}

function setStage(stage, value) {
  planStage = stage;
  showStage(stage, value);
}

/** The status bar's label and progress, for work that is not a plan stage (no cancel state). */
function showStage(stage, value) {
  $('#status-text').textContent = t(`stage.${stage}`);
  $('#status-progress').value = value;
}

// ---- views: render when shown, mark others dirty ------------------------------------------

const renderers = {
  data: () => showQueueHistory(),
  scenario: () => {
    renderScenarioForms(ctx);
    renderAgents();
  },
  forecast: () => renderForecast(ctx),
  requirements: () => renderRequirements(ctx),
  schedule: () => renderSchedule(ctx),
  roster: () => renderRoster(ctx),
  kpis: () => renderKpis(ctx),
  whatif: () => renderWhatif(ctx),
  proposal: () => renderProposal(ctx),
};
let shown = 'data';
const dirty = new Set();

function invalidate(...names) {
  for (const n of names.length ? names : Object.keys(renderers)) {
    if (n === shown) renderers[n]();
    else dirty.add(n);
  }
}

function onShow(name) {
  shown = name;
  state.tab = name;
  saveState();
  if (dirty.has(name)) {
    dirty.delete(name);
    renderers[name]();
  }
  requestAnimationFrame(() => resizeAll());
}

// ---- the plan, in stages ------------------------------------------------------------------

let planGen = 0;
let replanTimer = null;

function replanSoon() {
  clearTimeout(replanTimer);
  replanTimer = setTimeout(() => runPlan(), 600);
}

function historyTexts() {
  const out = {};
  for (const [q, h] of Object.entries(state.histories ?? {})) if (h) out[q] = h.text;
  return out;
}

function showPlanError(e) {
  const box = $('#plan-error');
  box.textContent = '';
  if (!e) {
    box.hidden = true;
    return;
  }
  const where = e.path && !String(e.message).includes(e.path) ? ` (${e.path})` : '';
  box.append(el('strong', t('plan.failed')), el('span', ` ${e.message}${where}`));
  if (e.path && e.fix !== false) {
    const go = el('button', t('plan.fix'), { type: 'button', class: 'link' });
    go.addEventListener('click', () => {
      if (String(e.path).startsWith('history.')) {
        ctx.showTab('data');
        const q = String(e.path).slice('history.'.length);
        if ([...$('#data-queue').options].some((o) => o.value === q)) {
          $('#data-queue').value = q;
          $('#data-queue').dispatchEvent(new Event('change'));
        }
        $('#drop').focus();
        return;
      }
      ctx.showTab('scenario');
      focusError(e);
    });
    box.append(' ', go);
  }
  box.hidden = false;
}

/** The engine's warnings (short history, events not learned, understaffed intervals…). */
function showWarnings(list) {
  const box = $('#plan-warnings');
  const ul = $('#plan-warnings-list');
  ul.textContent = '';
  for (const w of list ?? []) ul.append(el('li', w));
  $('#plan-warnings-title').textContent = t('plan.warnings', { n: (list ?? []).length });
  box.hidden = !(list ?? []).length;
}

async function runPlan() {
  clearTimeout(replanTimer);
  if (!state.scenario) return;
  const gen = ++planGen;
  if (planStage) engine.cancel(); // a newer scenario makes the running plan moot
  const scenario = JSON.stringify(state.scenario);
  const histories = historyTexts();
  const t0 = performance.now();
  const mark = (k) => (perf.stages[k] = Math.round(performance.now() - t0));
  setStage('forecast', 0.05);
  showBusy(true);
  let ticker = null;
  try {
    const forecast = await engine.call('planForecast', { scenario, histories });
    if (gen !== planGen) return;
    mark('forecast');
    Object.assign(current, { forecast, requirements: null, schedule: null, plan: null, error: null });
    showPlanError(null);
    showWarnings(forecast.warnings);
    invalidate('forecast');
    setStage('requirements', 0.3);
    const forecastJson = JSON.stringify(forecast);
    const requirements = await engine.call('planRequirements', { scenario, forecast: forecastJson });
    if (gen !== planGen) return;
    mark('requirements');
    current.requirements = requirements;
    invalidate('requirements');
    setStage('schedule', 0.4);
    // The solver runs up to its time budget: advance the bar with the clock meanwhile.
    const budget = (state.scenario.solver?.schedule_seconds ?? 2) * 1000;
    const s0 = performance.now();
    ticker = setInterval(() => {
      $('#status-progress').value = 0.4 + 0.5 * Math.min(1, (performance.now() - s0) / budget);
    }, 100);
    const requirementsJson = JSON.stringify(requirements);
    const schedule = await engine.call('planSchedule', { scenario, requirements: requirementsJson });
    clearInterval(ticker);
    if (gen !== planGen) return;
    mark('schedule');
    current.schedule = schedule;
    invalidate('schedule');
    const scheduleJson = JSON.stringify(schedule);
    let rosterJson = '';
    if (state.scenario.agents?.length) {
      setStage('roster', 0.9);
      const roster = await engine.call('planRoster', { scenario, schedule: scheduleJson });
      if (gen !== planGen) return;
      mark('roster');
      rosterJson = roster ? JSON.stringify(roster) : '';
    }
    setStage('kpis', 0.95);
    const plan = await engine.call('planAssemble', {
      scenario, forecast: forecastJson, requirements: requirementsJson, schedule: scheduleJson, roster: rosterJson,
    });
    if (gen !== planGen) return;
    mark('kpis');
    current.plan = plan;
    showWarnings(plan.warnings);
    // The roster tab exists only for plans with a roster part.
    $('#tab-roster').hidden = !plan.roster;
    if (plan.roster) invalidate('roster');
    perf.planMs = performance.now() - t0;
    invalidate('kpis', 'whatif');
    document.body.dataset.planned = String(gen);
  } catch (e) {
    clearInterval(ticker);
    if (gen !== planGen) return;
    if (e.kind === 'cancelled') {
      showPlanError({ message: t('plan.cancelled') });
    } else {
      current.error = e;
      showPlanError(e);
    }
    document.body.dataset.planned = `error-${gen}`;
  } finally {
    clearInterval(ticker);
    if (gen === planGen) {
      planStage = null;
      showBusy(engine.pending.size > 0);
    }
  }
}

// ---- history (the Data view) --------------------------------------------------------------

let historyView = null;
let viewing = { name: '', imported: false };

async function importHistory(name, input, { quiet = false, imported = true } = {}) {
  const box = $('#history-error');
  try {
    const view = await engine.call('readHistory', { input });
    const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
    box.hidden = true;
    box.textContent = '';
    historyView = view;
    viewing = { name, imported, text };
    if (imported) {
      state.history = { name, text };
      saveState();
    }
    renderHistory(name);
    return true;
  } catch (e) {
    if (quiet) return false;
    if (e.kind === 'cancelled') return false;
    box.textContent = '';
    const where = e.line ? `${t('data.line', { line: e.line })}: ` : '';
    box.append(el('strong', `${name} — ${where}`), el('span', e.message), el('p', historyView ? t('data.kept') : ''));
    box.dataset.kind = e.kind ?? '';
    box.dataset.line = e.line ?? '';
    box.hidden = false;
    return false;
  }
}

function queueName(id) {
  return state.scenario?.queues.find((q) => q.id === id)?.name ?? id;
}

function fillQueueSelect(select, { all = false } = {}) {
  const keep = select.value;
  select.textContent = '';
  if (all) select.append(el('option', t('common.allQueues'), { value: '' }));
  for (const q of state.scenario?.queues ?? []) select.append(el('option', q.name, { value: q.id }));
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
}
ctx.fillQueueSelect = fillQueueSelect;
ctx.queueName = queueName;

async function showQueueHistory() {
  fillQueueSelect($('#data-queue'));
  if (state.history && !viewing.name) {
    // A file imported but not yet used: show it (it survives a reload).
    if (await importHistory(state.history.name, state.history.text, { quiet: true })) return;
  }
  if (viewing.imported && historyView) {
    renderHistory(viewing.name);
    return;
  }
  const q = $('#data-queue').value;
  const h = state.histories?.[q];
  if (h && (await importHistory(h.name, h.text, { quiet: true, imported: false }))) return;
  // This queue has no history yet: say so rather than show another queue's.
  historyView = null;
  for (const id of ['#history-summary', '#history-table', '#history-hours', '#history-warnings', '#history-chart']) $(id).textContent = '';
  $('#use-hours').hidden = true;
  $('#history-source').textContent = t('in.noHistory');
  renderHistory('');
}

function renderHistory(name) {
  const v = historyView;
  const actions = $('#import-actions');
  actions.hidden = !viewing.imported;
  if (viewing.imported) {
    const q = $('#data-queue').value;
    $('#use-for-queue').textContent = t('data.useFor', { queue: queueName(q) });
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
    const day = new Date((xs[0] - startSlot * v.interval_minutes * 60 + d * 86400) * 1000).toISOString().slice(0, 10);
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
    ['sum.range', `${s.first} – ${s.last}`],
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
    await loadScenarioFile(file);
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
  state.histories[q] = { name: viewing.name, text: viewing.text };
  state.scenario.history = { ...state.scenario.history, [q]: viewing.name };
  state.history = null;
  viewing.imported = false;
  saveState();
  renderHistory(viewing.name);
  invalidate('scenario');
  runPlan();
}

/** import.js: an imported queue's CSV becomes the history of scenario queue `q`. */
ctx.useImportedHistory = (q, name, text) => {
  state.histories[q] = { name, text };
  state.scenario.history = { ...state.scenario.history, [q]: name };
  saveState();
  viewing = { name: '', imported: false };
  invalidate('scenario', 'data');
  runPlan();
};
ctx.showImportedHistory = (name, text) => importHistory(name, text);

/** The opening hours the history shows become the scenario's (the planner sees them in Scenario). */
function useSeenHours() {
  if (!historyView || !state.scenario) return;
  const hours = {};
  for (const d of historyView.summary.opening_hours) if (d.hours) hours[d.day] = [{ open: d.hours.open, close: d.hours.close }];
  state.scenario.opening_hours = hours;
  saveState();
  invalidate('scenario');
  runPlan();
}

function addDays(isoDate, n) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * A starter scenario for one imported history: one voice queue, the week after the history,
 * open 24/7, 9-hour shifts (one unpaid hour) starting on any hour. The planner then edits the
 * figures in the Scenario view; nothing here is hidden from them.
 */
function scenarioFromHistory(view, name) {
  const hi = view.interval_minutes;
  const interval = [15, 30, 60].includes(hi) ? hi : hi < 30 && 30 % hi === 0 ? 30 : 60;
  const lastDay = view.summary.last.slice(0, 10);
  const allDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const ahts = (view.aht_seconds ?? []).filter((x) => x != null && x > 0);
  const aht = ahts.length ? Math.round(ahts.reduce((a, b) => a + b, 0) / ahts.length) : 240;
  const base = name.replace(/\.[^.]*$/, '');
  return {
    version: 1,
    name: t('new.name', { name: base }),
    interval_minutes: interval,
    horizon: { start: addDays(lastDay, 1), days: 7 },
    opening_hours: Object.fromEntries(allDays.map((d) => [d, [{ open: '00:00', close: '24:00' }]])),
    queues: [{
      id: 'calls', name: base, channel: 'voice', aht_seconds: aht,
      target: { service_level: 0.8, answer_seconds: 20 }, patience_seconds: 120, max_occupancy: 0.9,
    }],
    history: { calls: name },
    forecast: { method: 'auto' },
    shrinkage: state.scenario?.shrinkage ?? {
      combine: 'additive', components: { breaks: 0, training: 0.04, meetings: 0.03, absence: 0.06, other: 0.02 },
    },
    shifts: {
      interval_minutes: interval,
      cyclic: true,
      templates: [{
        name: '9h',
        days: allDays,
        start: { earliest: '00:00', latest: '23:00', step_minutes: 60 },
        length_minutes: 540,
        breaks: [{ minutes: 60, earliest_offset_minutes: 180, latest_offset_minutes: 300, paid: false }],
        cost: { per_shift: 0, per_paid_hour: 40, night_premium: { from: '22:00', to: '06:00', per_hour: 8 } },
        max_per_day: null,
      }],
      understaffing_penalty: 200,
    },
    solver: { schedule_seconds: 2, roster_seconds: 2, seed: 1 },
  };
}

function newScenarioFromImport() {
  if (!viewing.imported || !historyView) return;
  state.scenario = scenarioFromHistory(historyView, viewing.name);
  state.histories = { calls: { name: viewing.name, text: viewing.text } };
  state.history = null;
  viewing.imported = false;
  saveState();
  afterScenarioChange();
}

// ---- scenario lifecycle -------------------------------------------------------------------

async function fetchText(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.text();
}

async function loadDemo() {
  const scenario = JSON.parse(await fetchText('demo/shop.json'));
  const histories = {};
  await Promise.all(Object.entries(scenario.history).map(async ([q, path]) => {
    const name = path.split('/').pop();
    histories[q] = { name, text: await fetchText(`demo/${name}`) };
    scenario.history[q] = name;
  }));
  state.scenario = scenario;
  state.demoScenario = JSON.stringify(scenario);
  state.histories = histories;
  state.history = null;
  if (!state.proposal) state.proposal = await fetchText('demo/proposal.json');
  viewing = { name: '', imported: false };
  saveState();
}

function afterScenarioChange() {
  $('#scenario-name').textContent = state.scenario?.name ?? '';
  Object.assign(current, { forecast: null, requirements: null, schedule: null, plan: null });
  viewing = { name: '', imported: false };
  invalidate();
  runPlan();
}
ctx.afterScenarioChange = afterScenarioChange;
ctx.setScenarioName = () => ($('#scenario-name').textContent = state.scenario?.name ?? '');

async function loadScenarioFile(file) {
  const text = await file.text();
  let s;
  try {
    s = JSON.parse(text);
  } catch (e) {
    showPlanError({ message: `${file.name}: ${e.message}` });
    return;
  }
  try {
    await engine.call('checkScenario', { scenario: text });
  } catch (e) {
    // Missing histories are the planner's next step, not a reason to refuse the file.
    if (!String(e.path).startsWith('history.')) {
      showPlanError({ kind: e.kind, path: e.path, fix: false, message: `${file.name}: ${e.message}` });
      return;
    }
  }
  // Keep the CSVs we already hold for queues of the same id; the history names are file names.
  const histories = {};
  s.history = s.history ?? {};
  for (const [q, path] of Object.entries(s.history)) {
    const name = String(path).split('/').pop();
    s.history[q] = name;
    if (state.histories?.[q]) histories[q] = state.histories[q];
  }
  state.scenario = s;
  state.histories = histories;
  saveState();
  afterScenarioChange();
}

// ---- exports ------------------------------------------------------------------------------

function slug() {
  return (state.scenario?.name ?? 'plan').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 40) || 'plan';
}

function exportPlan() {
  if (!current.plan) return showPlanError({ message: t('plan.notYet') });
  download(`${slug()}.plan.json`, 'application/json', `${JSON.stringify(current.plan, null, 1)}\n`);
}

function exportCsv() {
  if (!current.schedule) return showPlanError({ message: t('plan.notYet') });
  const [header, rows] = scheduleCsv(current.schedule);
  download(`${slug()}.schedule.csv`, 'text/csv', toCsv(header, rows));
}

function saveScenario() {
  download(`${slug()}.scenario.json`, 'application/json', `${JSON.stringify(state.scenario, null, 1)}\n`);
}

// ---- wiring -------------------------------------------------------------------------------

function wire() {
  $('#lang').addEventListener('change', (e) => {
    state.lang = e.target.value;
    saveState();
    setLang(state.lang);
    showWarnings(current.plan?.warnings ?? current.forecast?.warnings);
    invalidate();
  });
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
  const demo = async () => {
    // Replacing the planner's scenario loses their work: ask first (the demo itself is free).
    const pristine = JSON.stringify(state.scenario) === state.demoScenario;
    if (state.scenario && !pristine && !window.confirm(t('bar.demoConfirm'))) return;
    await loadDemo();
    afterScenarioChange();
  };
  $('#demo').addEventListener('click', demo);
  $('#reset-demo').addEventListener('click', demo);
  $('#cancel').addEventListener('click', () => engine.cancel());
  $('#agents-file').addEventListener('change', async (e) => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (f) await importAgents(f.name, await f.text());
  });
  $('#rules-rest').addEventListener('change', (e) => {
    const hours = Number(e.target.value);
    if (!state.scenario?.rules || !(hours >= 0 && hours <= 24)) return;
    state.scenario.rules.min_rest_minutes = Math.round(hours * 60);
    saveState();
    replanSoon();
  });
  $('#sim-run').addEventListener('click', async () => {
    $('#sim-run').disabled = true;
    showStage('simulate', 0.5);
    try {
      await simulatePlan(ctx);
    } catch (e) {
      showPlanError(e);
    } finally {
      $('#sim-run').disabled = false;
    }
  });
  $('#replan').addEventListener('click', () => runPlan());
  $('#export-plan').addEventListener('click', exportPlan);
  $('#export-csv').addEventListener('click', exportCsv);
  $('#export-roster').addEventListener('click', () => {
    if (!current.plan?.roster) return;
    const [header, rows] = rosterCsv(current.plan);
    download(`${slug()}.roster.csv`, 'text/csv', toCsv(header, rows));
  });
  $('#save-scenario').addEventListener('click', saveScenario);
  $('#load-scenario').addEventListener('change', (e) => {
    const f = e.target.files?.[0];
    if (f) loadScenarioFile(f);
    e.target.value = '';
  });
  $('#print').addEventListener('click', () => window.print());
  $('#print-summary-button').addEventListener('click', () => printSummary(ctx) || showPlanError({ message: t('plan.notYet') }));
  const xlsx = async () => (await exportWorkbook(ctx, slug())) || showPlanError({ message: t('plan.notYet') });
  $('#export-xlsx').addEventListener('click', xlsx);
  $('#export-roster-xlsx').addEventListener('click', xlsx);
  $('#adj-day').addEventListener('change', () => fillAdjustForm(ctx, { keepDay: true }));
  window.addEventListener('resize', () => resizeAll());
  setupWhatif(ctx);
  setupErlang(ctx);
  setupProposal(ctx);
}

async function main() {
  const lang = state.lang ?? (navigator.language?.startsWith('zh') ? 'zh-CN' : 'en');
  $('#lang').value = lang;
  setLang(lang);
  wire();
  const tabs = setupTabs($('.tabs'), onShow);
  ctx.showTab = (name) => tabs.show(name);
  engine.call('version').then((v) => ($('#version').textContent = `v${v}`));
  if (!state.scenario) await loadDemo();
  $('#scenario-name').textContent = state.scenario.name;
  for (const n of Object.keys(renderers)) if (n !== 'data') dirty.add(n);
  await showQueueHistory();
  if (state.tab && state.tab !== 'data' && renderers[state.tab] && !$(`#tab-${state.tab}`).hidden) tabs.show(state.tab);
  document.body.dataset.ready = 'true';
  perf.interactiveMs = performance.now();
  runPlan();
}

main();
