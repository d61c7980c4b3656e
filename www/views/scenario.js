// The Scenario view: forms that edit the scenario JSON. Every field carries its JSON path
// (data-path); the engine's checkScenario names the path of the first problem, and the message
// is shown next to that field. A valid change is saved and re-planned.
import { t, fmtNumber, getLang } from '../i18n.js';
import { $, el, fillTable } from '../ui.js';
import { errorText } from '../messages.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
let seq = 0;

function parsePath(path) {
  return path.split(/\.|\[|\]/).filter(Boolean).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}
function getPath(obj, path) {
  return parsePath(path).reduce((o, k) => (o == null ? undefined : o[k]), obj);
}
function setPath(obj, path, value) {
  const keys = parsePath(path);
  let o = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    if (o[keys[i]] == null) o[keys[i]] = typeof keys[i + 1] === 'number' ? [] : {};
    o = o[keys[i]];
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
}

/**
 * One labelled control bound to a JSON path. kind: text | number | pct | select | time | date |
 * check. `optional` numbers may be left empty (the key is removed).
 */
function field(ctx, path, labelKey, kind = 'number', opts = {}) {
  const id = `f${++seq}`;
  const wrap = el('div', null, { class: 'field' });
  const label = el('label', opts.label ?? t(labelKey), { for: id, class: opts.hiddenLabel ? 'visually-hidden' : null });
  let input;
  const v = getPath(ctx.state.scenario, path);
  if (kind === 'select') {
    input = el('select', null, { id });
    for (const [val, key] of opts.options) input.append(el('option', t(key), { value: val }));
    input.value = String(v ?? '');
  } else if (kind === 'check') {
    input = el('input', null, { id, type: 'checkbox' });
    input.checked = !!v;
  } else {
    const type = kind === 'pct' || kind === 'number' ? 'number' : kind === 'date' ? 'date' : 'text';
    input = el('input', null, { id, type, step: opts.step ?? (kind === 'pct' ? '0.1' : 'any') });
    if (kind === 'time') Object.assign(input, { placeholder: 'HH:MM', inputMode: 'numeric', size: 5 });
    if (opts.min != null) input.min = opts.min;
    if (opts.max != null) input.max = opts.max;
    input.value = v == null ? '' : kind === 'pct' ? String(+(v * 100).toFixed(4)) : String(v);
  }
  input.dataset.path = path;
  const err = el('span', null, { class: 'field-error', id: `${id}-err`, 'aria-live': 'polite' });
  input.setAttribute('aria-describedby', `${id}-err`);
  input.addEventListener('change', () => {
    let value;
    if (kind === 'check') value = input.checked;
    else if (kind === 'number' || kind === 'pct') {
      if (input.value.trim() === '') {
        if (!opts.optional) return showError(input, t('form.needNumber'));
        value = opts.emptyNull ? null : undefined;
      } else {
        value = Number(input.value);
        if (!Number.isFinite(value)) return showError(input, t('form.needNumber'));
        if (kind === 'pct') value = +(value / 100).toFixed(6);
        if (opts.integer && !Number.isInteger(value)) return showError(input, t('form.needInteger'));
      }
    } else if (kind === 'select' && opts.numeric) value = Number(input.value);
    else value = input.value;
    commit(ctx, (s) => {
      setPath(s, path, value);
      opts.also?.(s, value);
    }, input);
  });
  if (kind === 'check') wrap.append(input, label, err);
  else wrap.append(label, input, err);
  return wrap;
}

function clearErrors() {
  for (const e of document.querySelectorAll('#scenario-forms .field-error')) e.textContent = '';
  for (const i of document.querySelectorAll('#scenario-forms [aria-invalid]')) i.removeAttribute('aria-invalid');
  const g = $('#scenario-general-error');
  if (g) g.hidden = true;
}

function showError(input, message) {
  const err = document.getElementById(input.getAttribute('aria-describedby'));
  if (err) err.textContent = message;
  input.setAttribute('aria-invalid', 'true');
}

/** Place an engine error next to the field with its path (or the closest enclosing one). */
function placeError(e) {
  let path = String(e.path ?? '');
  while (path) {
    const input = document.querySelector(`#scenario-forms [data-path="${CSS.escape(path)}"]`);
    if (input) {
      showError(input, errorText(e));
      return input;
    }
    path = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (!/[.[]/.test(path) && !document.querySelector(`#scenario-forms [data-path="${CSS.escape(path)}"]`)) break;
  }
  const g = $('#scenario-general-error');
  g.textContent = e.path && !e.params ? `${e.path}: ${e.message}` : errorText(e);
  g.hidden = false;
  return g;
}

/** Show an engine error (from a plan run) at its field and move the focus there. */
export function focusError(e) {
  clearErrors();
  const target = placeError(e);
  target?.focus?.();
  target?.scrollIntoView?.({ block: 'center' });
}

/** Apply `change` to a copy; keep it if the engine accepts the scenario. */
async function commit(ctx, change, input) {
  const draft = structuredClone(ctx.state.scenario);
  change(draft);
  clearErrors();
  try {
    await ctx.engine.call('checkScenario', { scenario: JSON.stringify(draft) });
  } catch (e) {
    if (e.kind === 'cancelled') return;
    const missingHistory = String(e.path).startsWith('history.');
    if (!missingHistory) {
      placeError(e);
      return;
    }
  }
  ctx.state.scenario = draft;
  ctx.saveState();
  ctx.setScenarioName();
  if (input?.dataset.rerender) renderScenarioForms(ctx);
  ctx.invalidate('forecast', 'requirements', 'schedule', 'kpis', 'whatif', 'data');
  ctx.replanSoon();
}

function section(titleKey, hintKey) {
  const s = el('section', null, { class: 'panel' });
  s.append(el('h2', t(titleKey)));
  if (hintKey) s.append(el('p', t(hintKey), { class: 'hint' }));
  return s;
}

function grid(...fields) {
  const g = el('div', null, { class: 'fields' });
  g.append(...fields);
  return g;
}

function button(key, onClick, attrs = {}) {
  const b = el('button', t(key), { type: 'button', ...attrs });
  b.addEventListener('click', onClick);
  return b;
}

export function renderScenarioForms(ctx) {
  const s = ctx.state.scenario;
  const root = $('#scenario-forms');
  root.textContent = '';
  if (!s) return;
  const general = el('div', null, { id: 'scenario-general-error', class: 'error', role: 'alert', hidden: '' });
  root.append(general);

  // General
  const g = section('in.general');
  g.append(grid(
    field(ctx, 'name', 'in.name', 'text'),
    field(ctx, 'interval_minutes', 'in.interval', 'select', {
      options: [['15', 'in.min15'], ['30', 'in.min30'], ['60', 'in.min60']], numeric: true,
      also: (d, v) => {
        d.shifts.interval_minutes = v;
      },
    }),
    field(ctx, 'horizon.start', 'in.start', 'date'),
    field(ctx, 'horizon.days', 'in.days', 'number', { min: 1, max: 62, step: 1, integer: true }),
    field(ctx, 'forecast.method', 'in.method', 'select', {
      options: [['auto', 'm.auto'], ['seasonal_naive', 'm.seasonal_naive'], ['weighted_average', 'm.weighted_average'], ['smoothing', 'm.smoothing'], ['decomposition', 'm.decomposition']],
    }),
  ));
  root.append(g);

  // Opening hours
  const oh = section('in.hours', 'in.hoursHint');
  const learned = !s.opening_hours;
  const learn = el('input', null, { type: 'checkbox', id: 'oh-learn' });
  learn.checked = learned;
  learn.dataset.path = 'opening_hours';
  learn.addEventListener('change', () => commit(ctx, (d) => {
    if (learn.checked) delete d.opening_hours;
    else d.opening_hours = Object.fromEntries(DAYS.map((day) => [day, [{ open: '08:00', close: '22:00' }]]));
  }).then(() => renderScenarioForms(ctx)));
  const lw = el('div', null, { class: 'field' });
  lw.append(learn, el('label', t('in.learnHours'), { for: 'oh-learn' }));
  oh.append(lw);
  if (!learned) {
    const table = el('div', null, { class: 'hours' });
    const head = el('div', null, { class: 'hours-head', 'aria-hidden': 'true' });
    head.append(el('span', t('data.day')), el('span', t('in.open')), el('span', t('data.open')), el('span', t('data.close')));
    table.append(head);
    for (const day of DAYS) {
      const spans = s.opening_hours[day] ?? [];
      const row = el('fieldset', null, { class: 'hours-row' });
      row.append(el('legend', t(`day.${day}`)));
      const openId = `oh-${day}`;
      const box = el('input', null, { type: 'checkbox', id: openId });
      box.checked = spans.length > 0;
      box.dataset.path = `opening_hours.${day}`;
      box.addEventListener('change', () => commit(ctx, (d) => {
        if (box.checked) d.opening_hours[day] = [{ open: '08:00', close: '22:00' }];
        else delete d.opening_hours[day];
      }).then(() => renderScenarioForms(ctx)));
      const bw = el('div', null, { class: 'field' });
      bw.append(box, el('label', t('in.open'), { for: openId }));
      row.append(bw);
      spans.forEach((_, i) => {
        row.append(
          field(ctx, `opening_hours.${day}[${i}].open`, 'data.open', 'time', { hiddenLabel: true, label: `${t(`day.${day}`)} ${t('data.open')}` }),
          field(ctx, `opening_hours.${day}[${i}].close`, 'data.close', 'time', { hiddenLabel: true, label: `${t(`day.${day}`)} ${t('data.close')}` }),
        );
      });
      table.append(row);
    }
    oh.append(table);
  }
  root.append(oh);

  // Queues
  const qs = section('in.queues', 'in.queuesHint');
  s.queues.forEach((q, i) => {
    const p = `queues[${i}]`;
    const fs = el('fieldset', null, { class: 'group' });
    fs.append(el('legend', `${q.name} (${q.id})`));
    const fields = [
      field(ctx, `${p}.name`, 'in.qname', 'text'),
      field(ctx, `${p}.channel`, 'in.channel', 'select', { options: [['voice', 'ch.voice'], ['chat', 'ch.chat'], ['email', 'ch.email']] }),
      field(ctx, `${p}.aht_seconds`, 'in.aht', 'number', { min: 1 }),
    ];
    if (q.channel !== 'email') {
      fields.push(
        field(ctx, `${p}.target.service_level`, 'in.sl', 'pct', { min: 0, max: 100 }),
        field(ctx, `${p}.target.answer_seconds`, 'in.answer', 'number', { min: 0 }),
        field(ctx, `${p}.target.max_abandon_rate`, 'in.maxAbandon', 'pct', { optional: true, min: 0, max: 100 }),
        field(ctx, `${p}.patience_seconds`, 'in.patience', 'number', { optional: true, min: 1 }),
        field(ctx, `${p}.max_occupancy`, 'in.maxOcc', 'pct', { optional: true, min: 1, max: 100 }),
      );
    }
    if (q.channel === 'chat') fields.push(field(ctx, `${p}.concurrency`, 'in.concurrency', 'number', { min: 1, max: 10, step: 1, integer: true }));
    if (q.channel === 'email') {
      fields.push(
        field(ctx, `${p}.response_window_minutes`, 'in.window', 'number', { min: 1 }),
        field(ctx, `${p}.response_window_clock`, 'in.windowClock', 'select', { options: [['open_hours', 'in.openHours'], ['calendar', 'in.calendar']] }),
      );
    }
    // A channel change needs the channel's own fields: re-render the form after it lands.
    fields[1].querySelector('select').dataset.rerender = '1';
    fs.append(grid(...fields));
    const h = s.history?.[q.id];
    fs.append(el('p', h ? t('in.historyFile', { name: h }) : t('in.noHistory'), { class: 'hint' }));
    if (s.queues.length > 1) {
      fs.append(button('common.remove', () => commit(ctx, (d) => {
        d.queues.splice(i, 1);
        if (d.history) delete d.history[q.id];
        d.volumes = (d.volumes ?? []).filter((v) => v.queue !== q.id);
        if (!d.volumes.length) delete d.volumes;
        d.adjustments = (d.adjustments ?? []).filter((a) => a.queue !== q.id);
        if (!d.adjustments.length) delete d.adjustments;
      }).then(() => {
        delete ctx.state.histories[q.id];
        ctx.saveState();
        renderScenarioForms(ctx);
      }), { 'aria-label': t('in.removeNamed', { name: q.name }) }));
    }
    qs.append(fs);
  });
  // A new queue: the planner then imports its history in the Data view (the plan says so).
  qs.append(button('in.addQueue', () => {
    const ids = new Set(s.queues.map((q) => q.id));
    let n = s.queues.length + 1;
    while (ids.has(`queue${n}`)) n++;
    const draft = structuredClone(s);
    draft.queues.push({
      id: `queue${n}`, name: t('in.newQueue', { n }), channel: 'voice', aht_seconds: 300,
      target: { service_level: 0.8, answer_seconds: 20 }, patience_seconds: 120, max_occupancy: 0.9,
    });
    ctx.state.scenario = draft;
    ctx.saveState();
    renderScenarioForms(ctx);
    ctx.invalidate('forecast', 'requirements', 'schedule', 'kpis', 'whatif', 'data');
    ctx.replanSoon();
  }));
  root.append(qs);

  // Shrinkage
  const sh = section('in.shrinkage', 'in.shrinkageHint');
  sh.append(grid(
    field(ctx, 'shrinkage.combine', 'in.combine', 'select', { options: [['additive', 'in.additive'], ['multiplicative', 'in.multiplicative']] }),
    ...['breaks', 'training', 'meetings', 'absence', 'other'].map((c) =>
      field(ctx, `shrinkage.components.${c}`, `shr.${c}`, 'pct', { min: 0, max: 95 })),
  ));
  root.append(sh);

  // Shift templates
  const st = section('in.shifts', 'in.shiftsHint');
  st.append(grid(
    field(ctx, 'shifts.understaffing_penalty', 'in.penalty', 'number', { optional: true, emptyNull: true, min: 0 }),
    field(ctx, 'shifts.cyclic', 'in.cyclic', 'check'),
    field(ctx, 'solver.schedule_seconds', 'in.budget', 'number', { min: 0.1, max: 600, step: 0.5, optional: true }),
    field(ctx, 'solver.schedule_work', 'in.scheduleWork', 'number', { min: 1, step: 1, integer: true, optional: true }),
    field(ctx, 'solver.roster_iterations', 'in.rosterMoves', 'number', { min: 1, step: 1000, integer: true, optional: true }),
    field(ctx, 'solver.roster_seconds', 'in.rosterCap', 'number', { min: 0.1, max: 600, step: 0.5, optional: true }),
    field(ctx, 'solver.seed', 'in.seed', 'number', { min: 0, step: 1, integer: true, optional: true }),
  ));
  s.shifts.templates.forEach((tp, i) => {
    const p = `shifts.templates[${i}]`;
    const fs = el('fieldset', null, { class: 'group' });
    fs.append(el('legend', t('in.template', { name: tp.name })));
    const fixedLength = typeof tp.length_minutes === 'number';
    fs.append(grid(
      field(ctx, `${p}.name`, 'in.tname', 'text'),
      field(ctx, `${p}.start.earliest`, 'in.earliest', 'time'),
      field(ctx, `${p}.start.latest`, 'in.latest', 'time'),
      field(ctx, `${p}.start.step_minutes`, 'in.step', 'number', { min: 5, step: 5, integer: true }),
      fixedLength ? field(ctx, `${p}.length_minutes`, 'in.length', 'number', { min: 15, step: 15, integer: true })
        : el('p', t('in.lengthRange', { min: tp.length_minutes.min, max: tp.length_minutes.max }), { class: 'hint' }),
      field(ctx, `${p}.cost.per_paid_hour`, 'in.perHour', 'number', { min: 0 }),
      field(ctx, `${p}.cost.per_shift`, 'in.perShift', 'number', { min: 0 }),
      field(ctx, `${p}.max_per_day`, 'in.maxPerDay', 'number', { optional: true, emptyNull: true, min: 0, step: 1, integer: true }),
    ));
    const days = el('fieldset', null, { class: 'days' });
    days.append(el('legend', t('in.daysOfWeek')));
    for (const day of DAYS) {
      const id = `f${++seq}`;
      const cb = el('input', null, { type: 'checkbox', id });
      cb.checked = tp.days.includes(day);
      cb.dataset.path = `${p}.days`;
      cb.addEventListener('change', () => commit(ctx, (d) => {
        const set = new Set(d.shifts.templates[i].days);
        if (cb.checked) set.add(day);
        else set.delete(day);
        d.shifts.templates[i].days = DAYS.filter((x) => set.has(x));
      }));
      const w = el('span', null, { class: 'day-check' });
      w.append(cb, el('label', t(`day.${day}`), { for: id }));
      days.append(w);
    }
    days.append(el('span', null, { class: 'field-error', id: `${p}-days-err` }));
    fs.append(days);
    // Breaks: length, window (minutes after the shift start) and whether paid.
    const br = el('fieldset', null, { class: 'breaks' });
    br.append(el('legend', t('in.breaks')));
    tp.breaks.forEach((b, j) => {
      const bp = `${p}.breaks[${j}]`;
      const row = el('div', null, { class: 'break-row' });
      const n = j + 1;
      row.append(
        field(ctx, `${bp}.minutes`, 'in.bMinutes', 'number', { min: 5, step: 5, integer: true, label: t('in.bMinutesN', { n }) }),
        field(ctx, `${bp}.earliest_offset_minutes`, 'in.bEarliest', 'number', { min: 0, step: 5, integer: true, label: t('in.bEarliestN', { n }) }),
        field(ctx, `${bp}.latest_offset_minutes`, 'in.bLatest', 'number', { min: 0, step: 5, integer: true, label: t('in.bLatestN', { n }) }),
        field(ctx, `${bp}.paid`, 'in.bPaid', 'check', { label: t('in.bPaidN', { n }) }),
        button('common.remove', () => commit(ctx, (d) => {
          d.shifts.templates[i].breaks.splice(j, 1);
        }).then(() => renderScenarioForms(ctx)), { 'aria-label': t('in.bRemove', { n, name: tp.name }) }),
      );
      br.append(row);
    });
    br.append(button('in.bAdd', () => commit(ctx, (d) => {
      const step = d.shifts.interval_minutes;
      const len = typeof d.shifts.templates[i].length_minutes === 'number' ? d.shifts.templates[i].length_minutes : 480;
      const mid = Math.max(step, Math.round(len / 2 / step) * step);
      d.shifts.templates[i].breaks.push({ minutes: step, earliest_offset_minutes: Math.max(0, mid - step), latest_offset_minutes: mid, paid: true });
    }).then(() => renderScenarioForms(ctx)), { 'aria-label': t('in.bAddTo', { name: tp.name }) }));
    fs.append(br);
    const actions = el('div', null, { class: 'row' });
    actions.append(
      button('in.duplicate', () => commit(ctx, (d) => {
        const copy = structuredClone(d.shifts.templates[i]);
        copy.name = `${copy.name}-2`;
        d.shifts.templates.splice(i + 1, 0, copy);
      }).then(() => renderScenarioForms(ctx)), { 'aria-label': t('in.duplicateNamed', { name: tp.name }) }),
      button('common.remove', () => commit(ctx, (d) => {
        d.shifts.templates.splice(i, 1);
      }).then(() => renderScenarioForms(ctx)), { 'aria-label': t('in.removeNamed', { name: tp.name }) }),
    );
    fs.append(actions);
    st.append(fs);
  });
  root.append(st);

  // Events
  const ev = section('in.events', 'in.eventsHint');
  const events = s.forecast?.events ?? [];
  events.forEach((e, i) => {
    const p = `forecast.events[${i}]`;
    const fs = el('fieldset', null, { class: 'group' });
    fs.append(el('legend', e.name || `#${i + 1}`));
    fs.append(grid(
      field(ctx, `${p}.name`, 'in.ename', 'text'),
      field(ctx, `${p}.start`, 'in.estart', 'text'),
      field(ctx, `${p}.end`, 'in.eend', 'text'),
      field(ctx, `${p}.multiplier`, 'in.multiplier', 'number', { optional: true, emptyNull: true, min: 0, step: 0.05 }),
      field(ctx, `${p}.closed`, 'in.closed', 'check'),
    ));
    fs.append(button('common.remove', () => commit(ctx, (d) => {
      d.forecast.events.splice(i, 1);
    }).then(() => renderScenarioForms(ctx)), { 'aria-label': t('in.removeNamed', { name: e.name }) }));
    ev.append(fs);
  });
  ev.append(button('in.addEvent', () => commit(ctx, (d) => {
    d.forecast = d.forecast ?? { method: 'auto' };
    d.forecast.events = [...(d.forecast.events ?? []), { name: t('in.newEvent'), start: d.horizon.start, end: d.horizon.start, multiplier: 1.3, closed: false }];
  }).then(() => renderScenarioForms(ctx))));
  root.append(ev);

  // The whole scenario as JSON: everything the forms do not cover.
  const js = section('in.json', 'in.jsonHint');
  const ta = el('textarea', null, { id: 'scenario-json', rows: '16', spellcheck: 'false', 'aria-describedby': 'scenario-json-err' });
  ta.value = JSON.stringify(s, null, 1);
  const lab = el('label', t('in.jsonLabel'), { for: 'scenario-json' });
  const err = el('div', null, { id: 'scenario-json-err', class: 'error', role: 'alert', hidden: '' });
  const apply = button('in.apply', async () => {
    err.hidden = true;
    let draft;
    try {
      draft = JSON.parse(ta.value);
    } catch (e) {
      err.textContent = e.message;
      err.hidden = false;
      return;
    }
    try {
      await ctx.engine.call('checkScenario', { scenario: ta.value });
    } catch (e) {
      if (!String(e.path).startsWith('history.')) {
        err.textContent = errorText(e);
        err.hidden = false;
        return;
      }
    }
    ctx.state.scenario = draft;
    ctx.saveState();
    ctx.afterScenarioChange();
  }, { class: 'button' });
  js.append(lab, ta, err, apply);
  root.append(js);
}

// ---- agents (the team rostered onto the schedule) -----------------------------------------

/** Replace the scenario's agents from a CSV; a bad line is shown and the previous team kept. */
async function importAgents(ctx, name, text) {
  const box = $('#agents-error');
  try {
    const agents = await ctx.engine.call('readAgents', { text });
    const contracts = new Set((ctx.state.scenario.contracts ?? []).map((c) => c.id));
    const stray = agents.find((a) => !contracts.has(a.contract));
    if (stray) throw new Error(t('agents.unknownContract', { id: stray.id, contract: stray.contract }));
    ctx.state.scenario.agents = agents;
    box.hidden = true;
    ctx.saveState();
    renderAgents(ctx);
    ctx.replanSoon();
  } catch (e) {
    box.textContent = e.params && getLang() !== 'en'
      ? `${name}: ${errorText(e)}`
      : `${name}: ${e.line ? `${t('data.line', { line: e.line })}: ` : ''}${e.message}`;
    box.hidden = false;
  }
}

function renderAgents(ctx) {
  const s = ctx.state.scenario;
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

/** Render the Scenario view: the forms and the team. */
export function renderScenario(ctx) {
  renderScenarioForms(ctx);
  renderAgents(ctx);
}

/** Wire the view's own controls once. */
export function setupScenario(ctx) {
  $('#agents-file').addEventListener('change', async (e) => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (f) await importAgents(ctx, f.name, await f.text());
  });
  $('#rules-rest').addEventListener('change', (e) => {
    const hours = Number(e.target.value);
    if (!ctx.state.scenario?.rules || !(hours >= 0 && hours <= 24)) return;
    ctx.state.scenario.rules.min_rest_minutes = Math.round(hours * 60);
    ctx.saveState();
    ctx.replanSoon();
  });
}
