// The planning page's entry: the saved state, the shared context (context.js), the tabs and
// the global bar (demo, scenario files, exports, language). Each tab is one module under
// views/ with its setup (wiring, once) and render (when shown); the staged plan is pipeline.js;
// the engine runs in a worker (engine.js → worker.js → wasm). No computation happens here, and
// user text is only ever inserted with textContent.
import { Engine } from './engine.js';
import { t, setLang } from './i18n.js';
import { resizeAll } from './charts.js';
import { $, el, setupTabs, download, toCsv } from './ui.js';
import { createPipeline } from './pipeline.js';
import { createRosterBook } from './published.js';
import { renderSummary, setupSummary } from './views/summary.js';
import { setupData, showQueueHistory, resetDataView } from './views/data.js';
import { renderScenario, setupScenario, focusError } from './views/scenario.js';
import { renderForecast, setupForecast } from './views/forecast.js';
import { renderRequirements } from './views/requirements.js';
import { renderSchedule, scheduleCsv } from './views/schedule.js';
import { renderRoster, rosterCsv } from './views/roster.js';
import { renderKpis, setupKpis } from './views/kpis.js';
import { setupWhatif, renderWhatif, setupErlang } from './views/whatif.js';
import { setupCrossTrain } from './views/skills.js';
import { setupProposal, renderProposal } from './views/proposal.js';
import { setupDay, renderDay } from './views/day.js';
import { exportWorkbook, printSummary } from './import.js';
import './offline.js';

const STATE_KEY = 'paiban.state.v1';
const MAX_SAVED_TEXT = 4 * 1024 * 1024;

function loadState() {
  const empty = {
    lang: null, history: null, scenario: null, histories: {}, proposal: null, whatif: null, baseline: null,
    roster: null, assumptions: null,
  };
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
    // Storage full: drop the published plan's copy (the published cells and pins stay), then
    // the loose imported file, then give up (the page still works).
    const lean = copy.roster?.published ? { ...copy, roster: { ...copy.roster, published: { ...copy.roster.published, plan: null } } } : copy;
    for (const attempt of [lean, { ...lean, history: null }]) {
      try {
        localStorage.setItem(STATE_KEY, JSON.stringify(attempt));
        return;
      } catch {
        // try the leaner copy; storage disabled: only reload persistence is lost
      }
    }
  }
}

const state = loadState();
const engine = new Engine((busy) => pipeline.showBusy(busy));

/** @type {import('./context.js').AppContext} */
const ctx = {
  state,
  engine,
  current: { forecast: null, requirements: null, schedule: null, plan: null, error: null },
  perf: { planMs: null, stages: {} },
  saveState,
  replan: () => pipeline.runPlan(),
  replanSoon: () => pipeline.replanSoon(),
  invalidate,
  showTab: null,
  rosterBook: createRosterBook(state, saveState),
  pinRoster: (pin) => pipeline.pinRoster(pin),
  unpinRoster: (agent, date) => pipeline.unpinRoster(agent, date),
  undoRoster: () => pipeline.undoRoster(),
  showStage: (stage, value) => pipeline.showStage(stage, value),
  showPlanError: (e) => pipeline.showPlanError(e),
  focusError,
  fillQueueSelect,
  queueName,
  afterScenarioChange,
  setScenarioName: () => ($('#scenario-name').textContent = state.scenario?.name ?? ''),
  loadScenarioFile,
};
const pipeline = createPipeline(ctx);
const { current, perf } = ctx;
window.paiban = { engine, state, current, perf, ctx, printSummary: (o) => printSummary(ctx, o) }; // for tests and the console

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

// ---- views: render when shown, mark others dirty ------------------------------------------

const renderers = {
  summary: () => renderSummary(ctx),
  data: () => showQueueHistory(),
  scenario: () => renderScenario(ctx),
  forecast: () => renderForecast(ctx),
  requirements: () => renderRequirements(ctx),
  schedule: () => renderSchedule(ctx),
  roster: () => renderRoster(ctx),
  kpis: () => renderKpis(ctx),
  whatif: () => renderWhatif(ctx),
  proposal: () => renderProposal(ctx),
  day: () => renderDay(ctx),
};
let shown = 'summary';
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
  state.assumptions = null;
  state.demoScenario = JSON.stringify(scenario);
  state.histories = histories;
  state.history = null;
  if (!state.proposal) state.proposal = await fetchText('demo/proposal.json');
  resetDataView();
  saveState();
}

/**
 * A new scenario: clear the results and re-plan. `keepRoster` when it is the same scenario
 * edited (its JSON applied): the kept roster and pins stay; a scenario from elsewhere (demo,
 * file, what-if) starts a roster afresh.
 */
function afterScenarioChange({ keepRoster = false } = {}) {
  if (!keepRoster) ctx.rosterBook.reset();
  $('#scenario-name').textContent = state.scenario?.name ?? '';
  Object.assign(current, { forecast: null, requirements: null, schedule: null, plan: null });
  resetDataView();
  invalidate();
  pipeline.runPlan();
}

async function loadScenarioFile(file) {
  const text = await file.text();
  let s;
  try {
    s = JSON.parse(text);
  } catch (e) {
    pipeline.showPlanError({ message: `${file.name}: ${e.message}` });
    return;
  }
  try {
    await engine.call('checkScenario', { scenario: text });
  } catch (e) {
    // Missing histories are the planner's next step, not a reason to refuse the file.
    if (!String(e.path).startsWith('history.')) {
      pipeline.showPlanError({ kind: e.kind, path: e.path, fix: false, message: `${file.name}: ${e.message}` });
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
  state.assumptions = null;
  state.histories = histories;
  saveState();
  afterScenarioChange();
}

// ---- exports ------------------------------------------------------------------------------

function slug() {
  return (state.scenario?.name ?? 'plan').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 40) || 'plan';
}

function exportPlan() {
  if (!current.plan) return pipeline.showPlanError({ message: t('plan.notYet') });
  download(`${slug()}.plan.json`, 'application/json', `${JSON.stringify(current.plan, null, 1)}\n`);
}

function exportCsv() {
  if (!current.schedule) return pipeline.showPlanError({ message: t('plan.notYet') });
  const [header, rows] = scheduleCsv(current.schedule);
  download(`${slug()}.schedule.csv`, 'text/csv', toCsv(header, rows));
}

function saveScenario() {
  download(`${slug()}.scenario.json`, 'application/json', `${JSON.stringify(state.scenario, null, 1)}\n`);
}

// ---- wiring of the global bar -------------------------------------------------------------

function wire() {
  $('#lang').addEventListener('change', (e) => {
    state.lang = e.target.value;
    saveState();
    setLang(state.lang);
    pipeline.showWarnings(current.plan?.warnings ?? current.forecast?.warnings);
    invalidate();
  });
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
  $('#replan').addEventListener('click', () => pipeline.runPlan());
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
  $('#print-summary-button').addEventListener('click', () => printSummary(ctx) || pipeline.showPlanError({ message: t('plan.notYet') }));
  const xlsx = async () => (await exportWorkbook(ctx, slug())) || pipeline.showPlanError({ message: t('plan.notYet') });
  $('#export-xlsx').addEventListener('click', xlsx);
  $('#export-roster-xlsx').addEventListener('click', xlsx);
  window.addEventListener('resize', () => resizeAll());
  // Each view wires its own controls.
  setupData(ctx);
  setupScenario(ctx);
  setupForecast(ctx);
  setupKpis(ctx);
  setupWhatif(ctx);
  setupErlang(ctx);
  setupCrossTrain(ctx);
  setupProposal(ctx);
  setupDay(ctx);
  setupSummary(ctx);
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
  for (const n of Object.keys(renderers)) dirty.add(n);
  // First open: the plan summary (it says what to look at); later, the tab shown last.
  const first = state.tab && renderers[state.tab] && !$(`#tab-${state.tab}`).hidden ? state.tab : 'summary';
  if (first === 'data') {
    // The imported file is read by the engine: shown before the page says it is ready.
    dirty.delete('data');
    await showQueueHistory();
  }
  tabs.show(first);
  document.body.dataset.ready = 'true';
  perf.interactiveMs = performance.now();
  pipeline.runPlan();
}

main();
