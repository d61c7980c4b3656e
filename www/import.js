// Importing planners' files: a preview of the file as the engine read it (encoding, sheet,
// header, first rows), the engine's guess of which column is what, corrected by the planner,
// then one history per queue of the file (interval reports or per-contact records) with
// what the file says about service (patience, observed vs modelled). Mappings are remembered
// per queue and per header. The .xlsx workbook export and the printable plan summary live
// here too. User text reaches the DOM only through textContent.
import { t, addStrings, fmtNumber, fmtPct, getLang } from './i18n.js';
import { $, el, download } from './ui.js';

const MAPPINGS_KEY = 'paiban.importMappings.v1';
const ROLES_INTERVALS = ['timestamp', 'date', 'time', 'range', 'queue', 'volume', 'aht_seconds', 'answered', 'abandoned', 'answered_in_target', 'agents'];
const ROLES_CONTACTS = ['timestamp', 'date', 'time', 'queue', 'wait_seconds', 'outcome', 'handle_seconds', 'agent'];
const ALL_ROLES = [...new Set([...ROLES_INTERVALS, ...ROLES_CONTACTS])];

addStrings({
  'imp.title': { en: 'Import {name}', 'zh-CN': '导入 {name}' },
  'imp.source': { en: '{format}, read as {encoding}', 'zh-CN': '{format}，按 {encoding} 读取' },
  'imp.sheetOf': { en: '{format}, sheet', 'zh-CN': '{format}，工作表' },
  'imp.header': { en: 'Header row', 'zh-CN': '表头行' },
  'imp.kind': { en: 'Each row is', 'zh-CN': '每行是' },
  'imp.kind.intervals': { en: 'an interval (report)', 'zh-CN': '一个时段（报表）' },
  'imp.kind.contacts': { en: 'a contact (call or chat record)', 'zh-CN': '一通来电/会话（明细）' },
  'imp.dateOrder': { en: 'Dates like 1/2/2024 are', 'zh-CN': '1/2/2024 这类日期为' },
  'imp.order.ymd': { en: 'year first (2024/1/2)', 'zh-CN': '年/月/日' },
  'imp.order.mdy': { en: 'month/day/year', 'zh-CN': '月/日/年' },
  'imp.order.dmy': { en: 'day/month/year', 'zh-CN': '日/月/年' },
  'imp.interval': { en: 'Count contacts per (minutes)', 'zh-CN': '按分钟汇总' },
  'imp.answer': { en: 'Service level within (s)', 'zh-CN': '服务水平门槛（秒）' },
  'imp.patience': { en: 'Mean patience for the model (s, optional)', 'zh-CN': '模型用平均耐心（秒，可选）' },
  'imp.none': { en: '— not in the file —', 'zh-CN': '— 文件中没有 —' },
  'imp.role.timestamp': { en: 'Date and time', 'zh-CN': '日期时间' },
  'imp.role.date': { en: 'Date', 'zh-CN': '日期' },
  'imp.role.time': { en: 'Time of day', 'zh-CN': '时刻' },
  'imp.role.range': { en: 'Interval (09:00-10:00)', 'zh-CN': '时段（09:00-10:00）' },
  'imp.role.queue': { en: 'Queue / skill group', 'zh-CN': '队列 / 技能组' },
  'imp.role.volume': { en: 'Volume (offered)', 'zh-CN': '呼入量' },
  'imp.role.aht_seconds': { en: 'AHT (s)', 'zh-CN': '平均处理时长（秒）' },
  'imp.role.answered': { en: 'Answered', 'zh-CN': '接通量' },
  'imp.role.abandoned': { en: 'Abandoned', 'zh-CN': '放弃量' },
  'imp.role.answered_in_target': { en: 'Answered within target', 'zh-CN': '门槛内接通量' },
  'imp.role.agents': { en: 'Agents logged in', 'zh-CN': '坐席数' },
  'imp.role.wait_seconds': { en: 'Wait', 'zh-CN': '排队时长' },
  'imp.role.outcome': { en: 'Outcome', 'zh-CN': '结果' },
  'imp.role.handle_seconds': { en: 'Handle time', 'zh-CN': '通话时长' },
  'imp.role.agent': { en: 'Agent', 'zh-CN': '坐席' },
  'imp.preview': { en: 'First rows of the file (row numbers as in the file)', 'zh-CN': '文件前几行（行号与文件一致）' },
  'imp.row': { en: 'Row', 'zh-CN': '行' },
  'imp.run': { en: 'Import', 'zh-CN': '导入' },
  'imp.cancel': { en: 'Close', 'zh-CN': '关闭' },
  'imp.remembered': { en: 'Using the mapping you chose last time for these columns.', 'zh-CN': '已使用您上次为这些列选择的对应关系。' },
  'imp.guessed': { en: 'The columns were guessed from their names and contents: check them.', 'zh-CN': '已根据列名和内容猜测对应关系，请核对。' },
  'imp.kept': { en: 'Nothing was imported; your previous data is unchanged.', 'zh-CN': '未导入任何数据，原有数据不变。' },
  'imp.result': { en: '{n} queue(s) in the file, {rows} rows', 'zh-CN': '文件中有 {n} 个队列，共 {rows} 行' },
  'imp.queueLine': { en: '{queue}: {rows} rows, {minutes}-minute intervals, {first} – {last}, volume {total}', 'zh-CN': '{queue}：{rows} 行，{minutes} 分钟区间，{first} – {last}，话务量 {total}' },
  'imp.oneQueue': { en: 'the file', 'zh-CN': '本文件' },
  'imp.useFor': { en: 'Use as the history of', 'zh-CN': '用作以下队列的历史' },
  'imp.use': { en: 'Use', 'zh-CN': '使用' },
  'imp.used': { en: 'Used for {queue}.', 'zh-CN': '已用于 {queue}。' },
  'imp.show': { en: 'Show in the Data view', 'zh-CN': '在历史数据中查看' },
  'imp.patienceLine': { en: 'Patience (abandoned ÷ total waiting time, Brown et al. 2005): {mean} s (95%: {lo}–{hi} s) from {d} abandoned of {n}', 'zh-CN': '耐心时间（放弃数 ÷ 总等待时长，Brown 等 2005）：{mean} 秒（95%：{lo}–{hi} 秒），{n} 个中放弃 {d} 个' },
  'imp.usePatience': { en: 'Use this patience for the queue', 'zh-CN': '将此耐心时间用于该队列' },
  'imp.observedLine': { en: 'Observed service: level {sl}, abandonment {ab} (volume-weighted)', 'zh-CN': '实际服务：服务水平 {sl}，放弃率 {ab}（按话务量加权）' },
  'imp.compareLine': { en: 'Observed vs {model}: calibration factor {f} for effective agents over {n} intervals (mean service-level error {e0} → {e1})', 'zh-CN': '实际 vs {model}：有效坐席校准系数 {f}（{n} 个区间；服务水平平均误差 {e0} → {e1}）' },
  'imp.compareTable': { en: 'Observed vs modelled per interval', 'zh-CN': '各区间实际与模型对比' },
  'imp.c.time': { en: 'Interval', 'zh-CN': '区间' },
  'imp.c.agents': { en: 'Agents', 'zh-CN': '坐席' },
  'imp.c.obs': { en: 'Observed SL', 'zh-CN': '实际服务水平' },
  'imp.c.model': { en: 'Model SL', 'zh-CN': '模型服务水平' },
  'imp.c.cal': { en: 'Calibrated', 'zh-CN': '校准后' },
  'imp.c.eff': { en: 'Effective agents', 'zh-CN': '有效坐席' },
  'imp.line': { en: 'row {line}', 'zh-CN': '第 {line} 行' },
  'xlsx.workbook': { en: 'Workbook .xlsx', 'zh-CN': '导出 Excel 工作簿' },
  'xlsx.roster': { en: 'Roster .xlsx', 'zh-CN': '导出排班表 Excel' },
  'print.summary': { en: 'Print the summary (PDF)', 'zh-CN': '打印方案摘要（PDF）' },
  'print.title': { en: 'Plan summary: {name}', 'zh-CN': '方案摘要：{name}' },
  'print.horizon': { en: '{days} days from {start}, {minutes}-minute intervals', 'zh-CN': '{start} 起 {days} 天，{minutes} 分钟区间' },
  'print.queue': { en: 'Queue', 'zh-CN': '队列' },
  'print.sl': { en: 'Service level', 'zh-CN': '服务水平' },
  'print.asa': { en: 'ASA (s)', 'zh-CN': '平均应答（秒）' },
  'print.abandon': { en: 'Abandon rate', 'zh-CN': '放弃率' },
  'print.below': { en: 'Intervals below target', 'zh-CN': '未达标区间' },
  'print.cost': { en: 'Cost {cost}, {hours} paid hours, {shifts} shifts, {contacts} contacts', 'zh-CN': '成本 {cost}，带薪工时 {hours}，班次 {shifts}，话务量 {contacts}' },
  'print.shifts': { en: 'Shifts per template', 'zh-CN': '各班型班次数' },
  'print.template': { en: 'Template', 'zh-CN': '班型' },
  'print.count': { en: 'Shifts', 'zh-CN': '班次数' },
  'print.hours': { en: 'Paid hours', 'zh-CN': '带薪工时' },
  'print.roster': { en: '{n} agents rostered; rules kept: {ok}', 'zh-CN': '已排 {n} 名坐席；规则满足：{ok}' },
  'print.yes': { en: 'yes', 'zh-CN': '是' },
  'print.no': { en: 'no', 'zh-CN': '否' },
});

function loadMappings() {
  try {
    return JSON.parse(localStorage.getItem(MAPPINGS_KEY) || '{}');
  } catch {
    return {};
  }
}

function saveMapping(keys, mapping) {
  const all = loadMappings();
  for (const k of keys) all[k] = mapping;
  try {
    localStorage.setItem(MAPPINGS_KEY, JSON.stringify(all));
  } catch {
    // Storage full or disabled: the mapping is not remembered, the import still works.
  }
}

const signature = (preview) => preview.columns.map((c) => c.name).join('\u241f');

/**
 * Whether the engine's own history reader takes this file as it is (the CSV the page has
 * always read): then the Data view imports it directly, as before.
 */
function isEngineCsv(p) {
  const g = p.guess;
  const names = p.columns.map((c) => c.name.toLowerCase());
  return p.source.format === 'csv' && g.kind === 'intervals' && !g.queue && g.timestamp && g.volume
    && ['timestamp', 'time', 'datetime', 'interval_start'].includes(g.timestamp.toLowerCase())
    && ['volume', 'calls', 'contacts', 'offered'].includes(g.volume.toLowerCase())
    && !g.answered && !g.abandoned && !g.agents && names.length <= 4;
}

let dialog = null;

function errorText(e) {
  const where = e.line ? `${t('imp.line', { line: e.line })}: ` : '';
  return `${where}${e.message}`;
}

/**
 * Open a dropped or chosen file. Returns false when the file is the engine's own CSV and the
 * caller should import it as before; otherwise shows the preview dialog and returns true.
 */
export async function openImport(ctx, file, bytes) {
  const name = file.name;
  let preview;
  try {
    preview = await ctx.engine.call('importPreview', { input: bytes, options: JSON.stringify({ name }), rows: 12 });
  } catch (e) {
    if (/\.csv$|\.txt$/i.test(name) || !bytes.length) return false; // let the Data view show its own error
    showDialog(ctx, { name, bytes, preview: null, error: e });
    return true;
  }
  if (isEngineCsv(preview)) return false;
  showDialog(ctx, { name, bytes, preview, error: null });
  return true;
}

function selectEl(id, options, value) {
  const s = el('select', null, { id });
  for (const [v, label] of options) s.append(el('option', label, { value: v }));
  s.value = value ?? '';
  return s;
}

function labelled(labelText, control) {
  const wrap = el('div', null, { class: 'imp-field' });
  wrap.append(el('label', labelText, { for: control.id }), control);
  return wrap;
}

function showDialog(ctx, st) {
  dialog?.remove();
  dialog = el('dialog', null, { id: 'import-dialog', class: 'import-dialog', 'aria-labelledby': 'imp-title' });
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog?.remove());
  st.options = { name: st.name };
  render(ctx, st);
  dialog.showModal();
}

function currentQueue(ctx) {
  return document.getElementById('data-queue')?.value || ctx.state.scenario?.queues?.[0]?.id || '';
}

function render(ctx, st) {
  const d = dialog;
  d.textContent = '';
  const p = st.preview;
  d.append(el('h2', t('imp.title', { name: st.name }), { id: 'imp-title' }));
  const errBox = el('div', null, { id: 'imp-error', class: 'error', role: 'alert' });
  errBox.hidden = true;
  const showError = (e) => {
    errBox.textContent = '';
    errBox.append(el('strong', `${st.name} — `), el('span', errorText(e)), el('p', t('imp.kept')));
    errBox.dataset.kind = e.kind ?? '';
    errBox.dataset.path = e.path ?? '';
    errBox.dataset.line = e.line ?? '';
    errBox.hidden = false;
  };
  const close = el('button', t('imp.cancel'), { type: 'button', id: 'imp-close' });
  close.addEventListener('click', () => d.close());
  if (!p) {
    d.append(errBox, el('div', null, { class: 'row' }));
    d.lastChild.append(close);
    showError(st.error);
    return;
  }

  // How the file was read.
  const src = el('div', null, { class: 'row imp-source' });
  const fmt = p.source.format.toUpperCase();
  if (p.source.sheet != null) {
    const sheet = selectEl('imp-sheet', p.source.sheets.map((s) => [s, s]), p.source.sheet);
    sheet.addEventListener('change', () => repreview(ctx, st, { sheet: sheet.value, header_row: null }));
    src.append(labelled(t('imp.sheetOf', { format: fmt }), sheet));
  } else {
    src.append(el('span', t('imp.source', { format: fmt, encoding: p.source.encoding_label }), { id: 'imp-encoding' }));
  }
  const header = el('input', null, { id: 'imp-header', type: 'number', min: '1', step: '1', value: String(p.header_row) });
  header.addEventListener('change', () => repreview(ctx, st, { header_row: Number(header.value) || null }));
  src.append(labelled(t('imp.header'), header));
  d.append(src);

  // The mapping: remembered for this queue and these headers, else remembered for these
  // headers, else the engine's guess.
  const sig = signature(p);
  const remembered = loadMappings();
  const q = currentQueue(ctx);
  if (!st.mapping) {
    const saved = remembered[`${q}|${sig}`] ?? remembered[sig];
    st.mapping = { ...(saved ?? p.guess) };
    st.remembered = Boolean(saved);
    if (st.mapping.kind === 'contacts' && !st.mapping.interval_minutes) st.mapping.interval_minutes = ctx.state.scenario?.interval_minutes ?? 30;
    if (st.mapping.answer_seconds == null) {
      const target = ctx.state.scenario?.queues?.find((x) => x.id === q)?.target?.answer_seconds;
      if (target != null) st.mapping.answer_seconds = target;
    }
  }
  const m = st.mapping;
  d.append(el('p', st.remembered ? t('imp.remembered') : t('imp.guessed'), { class: 'hint' }));
  const grid = el('div', null, { class: 'imp-grid' });
  const kind = selectEl('imp-kind', [['intervals', t('imp.kind.intervals')], ['contacts', t('imp.kind.contacts')]], m.kind);
  kind.addEventListener('change', () => {
    m.kind = kind.value;
    if (m.kind === 'contacts' && !m.interval_minutes) m.interval_minutes = ctx.state.scenario?.interval_minutes ?? 30;
    render(ctx, st);
  });
  grid.append(labelled(t('imp.kind'), kind));
  const order = selectEl('imp-date-order', ['ymd', 'mdy', 'dmy'].map((o) => [o, t(`imp.order.${o}`)]), m.date_order);
  order.addEventListener('change', () => (m.date_order = order.value));
  grid.append(labelled(t('imp.dateOrder'), order));
  const cols = [['', t('imp.none')], ...p.columns.map((c) => [c.name, `${c.letter}: ${c.name}`])];
  for (const role of m.kind === 'contacts' ? ROLES_CONTACTS : ROLES_INTERVALS) {
    const s = selectEl(`imp-role-${role}`, cols, m[role] ?? '');
    s.addEventListener('change', () => {
      m[role] = s.value || null;
      markColumns(d, p, m);
    });
    grid.append(labelled(t(`imp.role.${role}`), s));
  }
  const num = (id, value, attrs) => el('input', null, { id, type: 'number', value: value ?? '', ...attrs });
  if (m.kind === 'contacts') {
    const iv = selectEl('imp-interval', [['15', '15'], ['30', '30'], ['60', '60']], String(m.interval_minutes ?? 30));
    iv.addEventListener('change', () => (m.interval_minutes = Number(iv.value)));
    grid.append(labelled(t('imp.interval'), iv));
  }
  const ans = num('imp-answer', m.answer_seconds, { min: '0', step: '1' });
  ans.addEventListener('change', () => (m.answer_seconds = ans.value === '' ? null : Number(ans.value)));
  grid.append(labelled(t('imp.answer'), ans));
  const pat = num('imp-patience', m.patience_seconds, { min: '1', step: '1' });
  pat.addEventListener('change', () => (m.patience_seconds = pat.value === '' ? null : Number(pat.value)));
  grid.append(labelled(t('imp.patience'), pat));
  d.append(grid);

  // The first rows, as in the file, with each column's role above its name.
  const table = el('table', null, { class: 'numbers imp-preview', id: 'imp-preview' });
  table.append(el('caption', t('imp.preview')));
  const roleRow = el('tr', null, { class: 'imp-roles' });
  const headRow = el('tr');
  roleRow.append(el('th', ''));
  headRow.append(el('th', t('imp.row'), { scope: 'col' }));
  for (const c of p.columns) {
    roleRow.append(el('th', '', { 'data-col': c.name }));
    headRow.append(el('th', `${c.letter} ${c.name}`, { scope: 'col' }));
  }
  const thead = el('thead');
  thead.append(roleRow, headRow);
  const tbody = el('tbody');
  for (const r of p.rows) {
    const tr = el('tr');
    tr.append(el('th', String(r.row), { scope: 'row' }));
    for (const c of r.cells) tr.append(el('td', c));
    tbody.append(tr);
  }
  table.append(thead, tbody);
  const scroller = el('div', null, { class: 'imp-scroll' });
  scroller.append(table);
  d.append(scroller);
  markColumns(d, p, m);

  d.append(errBox);
  const results = el('div', null, { id: 'imp-results' });
  d.append(results);
  const actions = el('div', null, { class: 'row' });
  const run = el('button', t('imp.run'), { type: 'button', class: 'button', id: 'imp-run' });
  run.addEventListener('click', async () => {
    run.disabled = true;
    try {
      const clean = Object.fromEntries(Object.entries(m).filter(([k, v]) => v !== '' && (ALL_ROLES.includes(k) ? v != null : true)));
      const imp = await ctx.engine.call('importFile', { input: st.bytes, options: JSON.stringify(st.options), mapping: JSON.stringify(clean) });
      errBox.hidden = true;
      saveMapping([sig, `${currentQueue(ctx)}|${sig}`], m);
      showResults(ctx, st, imp, results, sig);
      d.dataset.imported = String(imp.queues.length);
    } catch (e) {
      showError(e);
      results.textContent = '';
    } finally {
      run.disabled = false;
    }
  });
  actions.append(run, close);
  d.append(actions);
  if (st.error) showError(st.error);
}

function markColumns(d, p, m) {
  for (const th of d.querySelectorAll('.imp-roles th[data-col]')) {
    const roles = ALL_ROLES.filter((r) => m[r] === th.dataset.col && (m.kind === 'contacts' ? ROLES_CONTACTS : ROLES_INTERVALS).includes(r));
    th.textContent = roles.map((r) => t(`imp.role.${r}`)).join(', ');
    th.classList.toggle('mapped', roles.length > 0);
  }
}

async function repreview(ctx, st, change) {
  st.options = { ...st.options, ...change };
  if (st.options.header_row == null) delete st.options.header_row;
  try {
    st.preview = await ctx.engine.call('importPreview', { input: st.bytes, options: JSON.stringify(st.options), rows: 12 });
    st.mapping = null;
    st.error = null;
  } catch (e) {
    st.error = e;
  }
  render(ctx, st);
}

function weighted(values, weights) {
  let s = 0;
  let w = 0;
  (values ?? []).forEach((v, i) => {
    if (v != null && weights[i]) {
      s += v * weights[i];
      w += weights[i];
    }
  });
  return w ? s / w : null;
}

function showResults(ctx, st, imp, box, sig) {
  box.textContent = '';
  box.append(el('p', t('imp.result', { n: imp.queues.length, rows: fmtNumber(imp.rows) }), { class: 'source' }));
  const queues = ctx.state.scenario?.queues ?? [];
  imp.queues.forEach((q, i) => {
    const part = el('div', null, { class: 'imp-queue', 'data-queue': q.queue });
    const label = q.queue || t('imp.oneQueue');
    const s = q.summary;
    part.append(el('p', t('imp.queueLine', { queue: label, rows: fmtNumber(q.rows), minutes: s.interval_minutes, first: s.first.replace('T', ' '), last: s.last.replace('T', ' '), total: fmtNumber(s.total_volume) })));
    if (q.patience?.mean_seconds) {
      const pt = q.patience;
      part.append(el('p', t('imp.patienceLine', { mean: fmtNumber(pt.mean_seconds), lo: fmtNumber(pt.lo95_seconds), hi: fmtNumber(pt.hi95_seconds), d: fmtNumber(pt.abandoned), n: fmtNumber(pt.contacts) }), { class: 'imp-patience' }));
    }
    const vols = q.observed ? parseVolumes(q.csv) : null;
    if (q.observed?.service_level || q.observed?.abandon_rate) {
      part.append(el('p', t('imp.observedLine', { sl: fmtPct(weighted(q.observed.service_level, vols), 1), ab: fmtPct(weighted(q.observed.abandon_rate, vols), 1) })));
    }
    if (q.comparison) {
      const c = q.comparison;
      const model = c.model === 'erlang_a' ? `Erlang A (${fmtNumber(c.patience_seconds)} s)` : 'Erlang C';
      part.append(el('p', t('imp.compareLine', { model, f: fmtNumber(c.calibration.factor, 3), n: fmtNumber(c.calibration.intervals), e0: fmtPct(c.calibration.mean_abs_error, 1), e1: fmtPct(c.calibration.mean_abs_error_calibrated, 1) }), { class: 'imp-calibration' }));
      const det = el('details');
      det.append(el('summary', t('imp.compareTable')));
      const tb = el('table', null, { class: 'numbers' });
      const hr = el('tr');
      for (const k of ['time', 'agents', 'obs', 'model', 'cal', 'eff']) hr.append(el('th', t(`imp.c.${k}`), { scope: 'col' }));
      tb.append(hr);
      for (const r of c.intervals.slice(-96)) {
        const tr = el('tr');
        tr.append(el('td', r.timestamp.replace('T', ' ')), el('td', fmtNumber(r.agents, 1)), el('td', fmtPct(r.observed_service_level, 1)),
          el('td', fmtPct(r.model_service_level, 1)), el('td', fmtPct(r.calibrated_service_level, 1)), el('td', r.effective_agents == null ? '–' : fmtNumber(r.effective_agents, 1)));
        tb.append(tr);
      }
      det.append(tb);
      part.append(det);
    }
    // Which scenario queue this becomes: the same name or id, else the Data view's queue.
    const match = queues.find((x) => x.name === q.queue || x.id === q.queue)?.id ?? (imp.queues.length === 1 ? currentQueue(ctx) : queues[i]?.id) ?? '';
    const row = el('div', null, { class: 'row' });
    const sel = selectEl(`imp-target-${i}`, queues.map((x) => [x.id, x.name]), match);
    const use = el('button', t('imp.use'), { type: 'button', class: 'button', id: `imp-use-${i}` });
    const done = el('span', '', { class: 'source', role: 'status' });
    use.addEventListener('click', () => {
      const target = sel.value;
      if (!target) return;
      const fileName = `${st.name.replace(/\.[^.]*$/, '')}${q.queue ? `-${q.queue}` : ''}.csv`;
      ctx.useImportedHistory(target, fileName, q.csv);
      saveMapping([`${target}|${sig}`], st.mapping);
      done.textContent = t('imp.used', { queue: ctx.queueName(target) });
    });
    row.append(labelled(t('imp.useFor'), sel), use);
    if (q.patience?.mean_seconds) {
      const up = el('button', t('imp.usePatience'), { type: 'button', id: `imp-patience-${i}` });
      up.addEventListener('click', () => {
        const target = ctx.state.scenario?.queues?.find((x) => x.id === sel.value);
        if (!target) return;
        target.patience_seconds = Math.round(q.patience.mean_seconds);
        ctx.saveState();
        ctx.invalidate('scenario');
        ctx.replanSoon();
        done.textContent = t('imp.used', { queue: target.name });
      });
      row.append(up);
    }
    const show = el('button', t('imp.show'), { type: 'button', class: 'link' });
    show.addEventListener('click', () => {
      dialog.close();
      ctx.showImportedHistory(`${st.name}${q.queue ? ` (${q.queue})` : ''}`, q.csv);
    });
    row.append(show, done);
    part.append(row);
    box.append(part);
  });
}

/** Volumes per interval from the engine CSV, aligned with the observed columns. */
function parseVolumes(csv) {
  const lines = csv.trim().split('\n').slice(1);
  return lines.map((l) => Number(l.split(',')[1]));
}

// ---- the plan as a workbook, and the printable summary -------------------------------------

export async function exportWorkbook(ctx, name) {
  const plan = ctx.current.plan;
  if (!plan) return false;
  const bytes = await ctx.engine.call('exportXlsx', { plan: JSON.stringify(plan), lang: getLang() });
  download(`${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes);
  return true;
}

/** Fill the print-only summary from the current plan and open the browser's print dialog. */
export function printSummary(ctx, { print = true } = {}) {
  const plan = ctx.current.plan;
  let sheet = document.getElementById('print-summary');
  if (!sheet) {
    sheet = el('article', null, { id: 'print-summary', class: 'print-summary' });
    document.body.append(sheet);
  }
  sheet.textContent = '';
  if (!plan) return false;
  const s = plan.scenario;
  sheet.append(el('h1', t('print.title', { name: s.name })));
  sheet.append(el('p', t('print.horizon', { days: s.horizon.days, start: s.horizon.start, minutes: s.interval_minutes })));
  const k = plan.kpis;
  sheet.append(el('p', t('print.cost', { cost: fmtNumber(k.cost), hours: fmtNumber(k.paid_hours, 1), shifts: fmtNumber(k.shifts), contacts: fmtNumber(k.contacts) })));
  const tb = el('table', null, { class: 'numbers' });
  const hr = el('tr');
  for (const key of ['queue', 'sl', 'asa', 'abandon', 'below']) hr.append(el('th', t(`print.${key}`), { scope: 'col' }));
  tb.append(hr);
  for (const q of k.queues) {
    const tr = el('tr');
    tr.append(el('td', s.queues.find((x) => x.id === q.queue)?.name ?? q.queue), el('td', fmtPct(q.service_level_total, 1)),
      el('td', fmtNumber(q.asa_total, 1)), el('td', fmtPct(q.abandon_total, 1)), el('td', fmtNumber(q.intervals_below_target)));
    tb.append(tr);
  }
  sheet.append(tb);
  sheet.append(el('h2', t('print.shifts')));
  const st = el('table', null, { class: 'numbers' });
  const sh = el('tr');
  for (const key of ['template', 'count', 'hours']) sh.append(el('th', t(`print.${key}`), { scope: 'col' }));
  st.append(sh);
  for (const x of plan.schedule.templates) {
    const tr = el('tr');
    tr.append(el('td', x.template), el('td', fmtNumber(x.shifts)), el('td', fmtNumber(x.paid_hours, 1)));
    st.append(tr);
  }
  sheet.append(st);
  if (plan.roster) sheet.append(el('p', t('print.roster', { n: plan.roster.agents.length, ok: plan.roster.feasible ? t('print.yes') : t('print.no') })));
  document.body.classList.add('print-summary-only');
  const after = () => {
    document.body.classList.remove('print-summary-only');
    window.removeEventListener('afterprint', after);
  };
  if (!print) return true; // tests print to PDF themselves
  window.addEventListener('afterprint', after);
  window.print();
  return true;
}
