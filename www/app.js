// The planning page: collects input, asks the engine (in a Web Worker) to compute, renders.
// No computation happens here. User text is only ever inserted with textContent.
import { Engine } from './engine.js';
import { t, setLang, getLang, fmtNumber, fmtDate } from './i18n.js';
import { lineChart, gridSeconds, resizeAll } from './charts.js';

const $ = (sel) => document.querySelector(sel);
const STATE_KEY = 'paiban.state.v1';
const MAX_SAVED_TEXT = 4 * 1024 * 1024;

const state = loadState();
let busyTimer = null;
const engine = new Engine((busy) => showBusy(busy));
window.paiban = { engine, state }; // for tests and the console

function loadState() {
  try {
    return { lang: null, history: null, ...JSON.parse(localStorage.getItem(STATE_KEY) || '{}') };
  } catch {
    return { lang: null, history: null };
  }
}

function saveState() {
  const copy = { ...state };
  if (copy.history && copy.history.text.length > MAX_SAVED_TEXT) copy.history = null;
  try {
    localStorage.setItem(STATE_KEY, JSON.stringify(copy));
  } catch {
    // Storage full or disabled: the page still works, only reload persistence is lost.
  }
}

function showBusy(busy) {
  clearTimeout(busyTimer);
  if (!busy) {
    $('#status').hidden = true;
    return;
  }
  // Only show the bar for work that takes a noticeable time.
  busyTimer = setTimeout(() => {
    $('#status-text').textContent = t('app.working');
    $('#status-progress').removeAttribute('value');
    $('#status').hidden = false;
  }, 150);
}

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text != null) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

// ---- history -----------------------------------------------------------------------------

let historyView = null;

async function importHistory(name, input, { quiet = false } = {}) {
  const box = $('#history-error');
  try {
    const view = await engine.call('readHistory', { input });
    const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
    box.hidden = true;
    box.textContent = '';
    historyView = view;
    state.history = { name, text };
    saveState();
    renderHistory(name);
    return true;
  } catch (e) {
    if (quiet) return false;
    box.textContent = '';
    const where = e.line ? `${t('data.line', { line: e.line })}: ` : '';
    box.append(el('strong', `${name} — ${where}`), el('span', e.message), el('p', historyView ? t('data.kept') : ''));
    box.dataset.kind = e.kind ?? '';
    box.dataset.line = e.line ?? '';
    box.hidden = false;
    return false;
  }
}

function renderHistory(name) {
  const v = historyView;
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
  const ul = $('#history-warnings');
  ul.textContent = '';
  for (const w of s.warnings) ul.append(el('li', t(`warn.${w.kind}`, w)));
}

async function readFile(file) {
  // Bytes, not text: the engine reports a file that is not UTF-8 with its line.
  const bytes = new Uint8Array(await file.arrayBuffer());
  await importHistory(file.name, bytes);
}

async function loadDemo() {
  const res = await fetch('demo/presales_chat.csv');
  const text = await res.text();
  await importHistory('demo: presales_chat.csv', text);
}

// ---- wiring ------------------------------------------------------------------------------

function wire() {
  $('#lang').addEventListener('change', (e) => {
    state.lang = e.target.value;
    saveState();
    setLang(state.lang);
    renderHistory(state.history?.name ?? '');
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
  $('#demo').addEventListener('click', loadDemo);
  $('#cancel').addEventListener('click', () => engine.cancel());
  window.addEventListener('resize', () => resizeAll());
}

async function main() {
  const lang = state.lang ?? (navigator.language?.startsWith('zh') ? 'zh-CN' : 'en');
  $('#lang').value = lang;
  setLang(lang);
  wire();
  engine.call('version').then((v) => ($('#version').textContent = `v${v}`));
  if (!(state.history && (await importHistory(state.history.name, state.history.text, { quiet: true })))) {
    await loadDemo();
  }
  document.body.dataset.ready = 'true';
}

main();
