// The Scenario view: forms that edit the scenario JSON. Every field carries its JSON path
// (data-path); the engine's checkScenario names the path of the first problem, and the message
// is shown next to that field. A valid change is saved and re-planned.
import { t, fmtNumber, fmtBrief, fmtDay, getLang } from '../i18n.js';
import { $, el, fillTable, lazy } from '../ui.js';
import { errorText } from '../messages.js';
import { starterContract, starterRules } from '../starters.js';
import { getPath, setPath, readValue, showValue } from '../forms.js';
import { COST_CURRENCIES, getCostCurrency, setCostCurrency } from './common.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
let seq = 0;
/** Whether the planner has the team list open (kept across re-renders of the forms). */
let teamOpen = false;

/**
 * One labelled control bound to a JSON path. kind: text | number | pct | hours | select | time
 * | date | check. Values are typed in the planner's units (percent, hours, HH:MM) and checked
 * here first, with the message at this field; `opts.check(draft)` adds a cross-field check
 * (it returns a message for this field, e.g. "the latest start is before the earliest"). A
 * value that fails stays in the field, marked, and is not saved. `optional` numbers may be
 * left empty (the key is removed, or set to null with `emptyNull`).
 */
function field(ctx, path, labelKey, kind = 'number', opts = {}) {
  const id = `f${++seq}`;
  const wrap = el('div', null, { class: 'field' });
  const label = el('label', opts.label ?? t(labelKey), { for: id, class: opts.hiddenLabel ? 'visually-hidden' : null });
  let input;
  const v = getPath(ctx.state.scenario, path);
  if (kind === 'select') {
    input = el('select', null, { id });
    for (const [val, key] of opts.options) input.append(el('option', opts.rawOptions ? key : t(key), { value: val }));
    input.value = String(v ?? '');
  } else if (kind === 'check') {
    input = el('input', null, { id, type: 'checkbox' });
    input.checked = !!v;
  } else {
    const numeric = kind === 'pct' || kind === 'number' || kind === 'hours';
    input = el('input', null, { id, type: kind === 'date' ? 'date' : 'text', inputmode: numeric ? 'decimal' : null });
    if (kind === 'time') Object.assign(input, { placeholder: 'HH:MM', inputMode: 'numeric', size: 5 });
    input.value = showValue(kind, v);
  }
  input.dataset.path = path;
  const err = el('span', null, { class: 'field-error', id: `${id}-err`, 'aria-live': 'polite' });
  input.setAttribute('aria-describedby', `${id}-err`);
  input.addEventListener('change', () => {
    let value;
    if (kind === 'check') value = input.checked;
    else if (kind === 'select') value = opts.numeric ? Number(input.value) : input.value;
    else {
      const r = readValue(kind, input.value, opts);
      if (r.error) return showError(input, r.error);
      value = r.value;
    }
    commit(ctx, (d) => {
      setPath(d, path, value);
      opts.also?.(d, value);
    }, input, opts.check);
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
  if (err) err.textContent = `${message} ${t('form.notSaved')}`;
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

/**
 * Apply `change` to a copy; keep it if the page's cross-field `check` and then the engine
 * accept the scenario. A refused value stays typed in its field with the message beside it.
 */
async function commit(ctx, change, input, check) {
  const draft = structuredClone(ctx.state.scenario);
  change(draft);
  clearErrors();
  const msg = check?.(draft);
  if (msg && input) {
    showError(input, msg);
    return;
  }
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

/**
 * The currency of the costs (hourly pay, premiums, penalties): a page setting kept with the
 * page's state, since the scenario format has no field for it; every cost is shown with it.
 */
function currencyField(ctx) {
  const wrap = el('div', null, { class: 'field' });
  const sel = el('select', null, { id: 'cost-currency' });
  for (const c of COST_CURRENCIES) sel.append(el('option', t('in.currencyName', { code: c, word: t(`cur.${c}`) }), { value: c }));
  sel.value = getCostCurrency();
  sel.addEventListener('change', () => {
    ctx.state.currency = sel.value;
    setCostCurrency(sel.value);
    ctx.saveState();
    ctx.invalidate();
  });
  wrap.append(el('label', t('in.currency'), { for: 'cost-currency' }), sel);
  return wrap;
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


// ---- cross-field checks: each returns a message for the field being edited, or null --------

const mins = (hhmm) => {
  const [h, m] = String(hhmm).split(':').map(Number);
  return h * 60 + m;
};

function openBeforeClose(day, i) {
  return (d) => {
    const span = d.opening_hours?.[day]?.[i];
    return span && mins(span.open) >= mins(span.close) ? t('check.openClose') : null;
  };
}

function startWindow(i) {
  return (d) => {
    const st = d.shifts.templates[i].start;
    return mins(st.latest) < mins(st.earliest) ? t('check.startWindow', { earliest: st.earliest, latest: st.latest }) : null;
  };
}

function breaksFit(i) {
  return (d) => {
    const tp = d.shifts.templates[i];
    if (typeof tp.length_minutes !== 'number') return null;
    const bad = tp.breaks.findIndex((b) => b.latest_offset_minutes + b.minutes > tp.length_minutes);
    return bad >= 0 ? t('check.breakFits', { n: bad + 1, h: fmtBrief(tp.length_minutes / 60, 2) }) : null;
  };
}

function breakWindow(i, j) {
  return (d) => {
    const tp = d.shifts.templates[i];
    const b = tp.breaks[j];
    if (b.latest_offset_minutes < b.earliest_offset_minutes) return t('check.breakWindow', { earliest: b.earliest_offset_minutes, latest: b.latest_offset_minutes });
    if (typeof tp.length_minutes === 'number' && b.latest_offset_minutes + b.minutes > tp.length_minutes) {
      return t('check.breakFits', { n: j + 1, h: fmtBrief(tp.length_minutes / 60, 2) });
    }
    return null;
  };
}

function contractHours(k) {
  return (d) => {
    const c = d.contracts[k];
    return c.min_minutes > c.max_minutes ? t('check.contractHours', { min: fmtBrief(c.min_minutes / 60, 1), max: fmtBrief(c.max_minutes / 60, 1) }) : null;
  };
}

/** A template's night premium: on/off, its window and its hourly extra. */
function nightPremium(ctx, i, tp) {
  const p = `shifts.templates[${i}].cost.night_premium`;
  const on = field(ctx, p, 'in.night', 'check', {
    also: (d, v) => {
      if (v) d.shifts.templates[i].cost.night_premium = { from: '22:00', to: '06:00', per_hour: 8 };
      else delete d.shifts.templates[i].cost.night_premium;
    },
  });
  on.querySelector('input').dataset.rerender = '1';
  if (!tp.cost?.night_premium) return [on];
  return [on,
    field(ctx, `${p}.from`, 'in.nightFrom', 'time'),
    field(ctx, `${p}.to`, 'in.nightTo', 'time'),
    field(ctx, `${p}.per_hour`, 'in.nightPerHour', 'number', { min: 0 })];
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
    currencyField(ctx),
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
          field(ctx, `opening_hours.${day}[${i}].open`, 'data.open', 'time', { hiddenLabel: true, label: `${t(`day.${day}`)} ${t('data.open')}`, check: openBeforeClose(day, i) }),
          field(ctx, `opening_hours.${day}[${i}].close`, 'data.close', 'time', { hiddenLabel: true, label: `${t(`day.${day}`)} ${t('data.close')}`, check: openBeforeClose(day, i) }),
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
      field(ctx, `${p}.aht_seconds`, 'in.aht', 'number', { above: 0 }),
    ];
    if (q.channel !== 'email') {
      fields.push(
        field(ctx, `${p}.target.service_level`, 'in.sl', 'pct', { min: 0, max: 100 }),
        field(ctx, `${p}.target.answer_seconds`, 'in.answer', 'number', { min: 0 }),
        field(ctx, `${p}.target.max_asa_seconds`, 'in.maxAsa', 'number', { optional: true, min: 0 }),
        field(ctx, `${p}.target.max_abandon_rate`, 'in.maxAbandon', 'pct', { optional: true, min: 0, max: 100 }),
        field(ctx, `${p}.patience_seconds`, 'in.patience', 'number', { optional: true, above: 0 }),
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
      field(ctx, `${p}.start.earliest`, 'in.earliest', 'time', { check: startWindow(i) }),
      field(ctx, `${p}.start.latest`, 'in.latest', 'time', { check: startWindow(i) }),
      field(ctx, `${p}.start.step_minutes`, 'in.step', 'number', { min: 5, step: 5, integer: true }),
      fixedLength ? field(ctx, `${p}.length_minutes`, 'in.lengthH', 'hours', { min: 0.25, max: 24, check: breaksFit(i) })
        : el('p', t('in.lengthRange', { min: tp.length_minutes.min, max: tp.length_minutes.max }), { class: 'hint' }),
      field(ctx, `${p}.cost.per_paid_hour`, 'in.perHour', 'number', { min: 0 }),
      field(ctx, `${p}.cost.per_shift`, 'in.perShift', 'number', { min: 0 }),
      field(ctx, `${p}.max_per_day`, 'in.maxPerDay', 'number', { optional: true, emptyNull: true, min: 0, step: 1, integer: true }),
      ...nightPremium(ctx, i, tp),
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
        field(ctx, `${bp}.minutes`, 'in.bMinutes', 'number', { min: 5, integer: true, label: t('in.bMinutesN', { n }), check: breakWindow(i, j) }),
        field(ctx, `${bp}.earliest_offset_minutes`, 'in.bEarliest', 'number', { min: 0, integer: true, label: t('in.bEarliestN', { n }), check: breakWindow(i, j) }),
        field(ctx, `${bp}.latest_offset_minutes`, 'in.bLatest', 'number', { min: 0, integer: true, label: t('in.bLatestN', { n }), check: breakWindow(i, j) }),
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

  root.append(contractsSection(ctx, s), rulesSection(ctx, s), teamSection(ctx, s));
  const groups = skillGroupsSection(ctx, s);
  if (groups) root.append(groups);

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
    ctx.afterScenarioChange({ keepRoster: true });
  }, { class: 'button' });
  js.append(lab, ta, err, apply);
  root.append(js);
}


// ---- contracts, labour rules, the team and its requests ------------------------------------

/** The rules a scenario's roster keeps, by code, in the order the page lists them. */
const RULES = ['forbidden_succession', 'max_shifts_per_type', 'max_total_minutes', 'min_total_minutes', 'max_consecutive_shifts',
  'min_consecutive_shifts', 'min_consecutive_days_off', 'max_weekends', 'fixed_days_off', 'days_off_per_week', 'max_minutes_per_week'];

function contractsSection(ctx, s) {
  const sec = section('ct.heading', 'ct.hint');
  sec.id = 'contracts-panel';
  (s.contracts ?? []).forEach((c, k) => {
    const p = `contracts[${k}]`;
    const fs = el('fieldset', null, { class: 'group' });
    fs.append(el('legend', t('ct.legend', { id: c.id })));
    const used = (s.agents ?? []).filter((a) => a.contract === c.id).length;
    fs.append(grid(
      field(ctx, `${p}.id`, 'ct.id', 'text', {
        check: (d) => (d.contracts.filter((x) => x.id === d.contracts[k].id).length > 1 || !d.contracts[k].id.trim() ? t('check.contractId') : null),
        also: (d, v) => {
          for (const a of d.agents ?? []) if (a.contract === c.id) a.contract = v;
        },
      }),
      field(ctx, `${p}.min_minutes`, 'ct.min', 'hours', { min: 0, max: 2000, check: contractHours(k) }),
      field(ctx, `${p}.max_minutes`, 'ct.max', 'hours', { min: 0, max: 2000, check: contractHours(k) }),
      field(ctx, `${p}.max_minutes_per_week`, 'ct.maxWeek', 'hours', { optional: true, emptyNull: true, min: 0, max: 168 }),
      field(ctx, `${p}.max_consecutive_days`, 'ct.maxConsecutive', 'number', { min: 0, max: 62, integer: true }),
      field(ctx, `${p}.min_consecutive_days`, 'ct.minConsecutive', 'number', { min: 0, max: 62, integer: true }),
      field(ctx, `${p}.min_consecutive_days_off`, 'ct.minOff', 'number', { min: 0, max: 62, integer: true }),
      field(ctx, `${p}.min_days_off_per_week`, 'ct.offPerWeek', 'number', { optional: true, emptyNull: true, min: 0, max: 7, integer: true }),
      field(ctx, `${p}.max_weekends`, 'ct.maxWeekends', 'number', { min: 0, max: 62, integer: true }),
    ));
    fs.append(el('p', t('ct.used', { n: fmtNumber(used) }), { class: 'hint' }));
    const rm = button('common.remove', () => commit(ctx, (d) => {
      d.contracts.splice(k, 1);
    }).then(() => renderScenarioForms(ctx)), { 'aria-label': t('in.removeNamed', { name: c.id }) });
    rm.disabled = used > 0;
    fs.append(rm);
    sec.append(fs);
  });
  sec.append(button('ct.add', () => {
    const ids = new Set((s.contracts ?? []).map((c) => c.id));
    let n = ids.size + 1;
    while (ids.has(`contract${n}`)) n++;
    commit(ctx, (d) => {
      d.contracts = [...(d.contracts ?? []), starterContract(`contract${n}`)];
    }).then(() => renderScenarioForms(ctx));
  }, { id: 'contract-add' }));
  return sec;
}

/** The engine's name of a roster shift of the current plan (rules refer to shifts by it). */
function rosterShiftIds(ctx) {
  const types = ctx.current.plan?.roster?.shift_types ?? [];
  const ids = [];
  for (const ty of types) {
    const id = `${ty.template} ${ty.start}`;
    ids.push(ids.includes(id) ? `${id} ${ty.span_minutes}` : id);
  }
  return ids;
}

function rulesSection(ctx, s) {
  const sec = section('rl.heading', 'rl.hint');
  sec.id = 'rules-panel';
  if (!s.rules) {
    sec.append(button('rl.add', () => commit(ctx, (d) => {
      d.rules = starterRules();
    }).then(() => renderScenarioForms(ctx)), { id: 'rules-add', class: 'button' }));
    return sec;
  }
  sec.append(grid(
    field(ctx, 'rules.min_rest_minutes', 'rl.rest', 'hours', { min: 0, max: 24 }),
    field(ctx, 'rules.preference_weight', 'rl.preference', 'number', { min: 0, integer: true }),
  ));
  // Each rule hard (never broken) or soft with a weight (its cost per unit broken).
  const table = el('div', null, { class: 'rule-grid', role: 'group', 'aria-label': t('rl.strength') });
  for (const code of RULES) {
    const row = el('div', null, { class: 'rule-row' });
    const id = `f${++seq}`;
    const soft = s.rules.soft.find((x) => x.rule === code);
    const sel = el('select', null, { id });
    sel.append(el('option', t('rl.hard'), { value: 'hard' }), el('option', t('rl.soft'), { value: 'soft' }));
    sel.value = soft ? 'soft' : 'hard';
    sel.dataset.path = `rules.soft.${code}`;
    sel.setAttribute('aria-describedby', `${id}-err`);
    sel.addEventListener('change', () => commit(ctx, (d) => {
      d.rules.soft = d.rules.soft.filter((x) => x.rule !== code);
      if (sel.value === 'soft') d.rules.soft.push({ rule: code, weight: 10 });
    }, sel).then(() => renderScenarioForms(ctx)));
    row.append(el('label', t(`rule.${code}`), { for: id }), sel);
    if (soft) {
      const k = s.rules.soft.indexOf(soft);
      row.append(field(ctx, `rules.soft[${k}].weight`, 'rl.weight', 'number', { min: 0, integer: true, label: t('rl.weightOf', { rule: t(`rule.${code}`) }) }));
    }
    row.append(el('span', null, { class: 'field-error', id: `${id}-err` }));
    table.append(row);
  }
  sec.append(table);
  // Forbidden successions: shift A may not be followed by shift B the next day.
  const fsb = el('fieldset', null, { class: 'group', id: 'successions' });
  fsb.append(el('legend', t('rl.successions')));
  const ids = rosterShiftIds(ctx);
  s.rules.forbidden_successions.forEach(([a, b], k) => {
    const row = el('div', null, { class: 'row' });
    row.append(el('span', t('rl.pair', { a, b })), button('common.remove', () => commit(ctx, (d) => {
      d.rules.forbidden_successions.splice(k, 1);
    }).then(() => renderScenarioForms(ctx)), { 'aria-label': t('rl.removePair', { a, b }) }));
    fsb.append(row);
  });
  if (ids.length) {
    const row = el('div', null, { class: 'row' });
    const mk = (labelKey) => {
      const id = `f${++seq}`;
      const x = el('select', null, { id });
      for (const v of ids) x.append(el('option', v, { value: v }));
      row.append(el('label', t(labelKey), { for: id }), x);
      return x;
    };
    const a = mk('rl.first');
    const b = mk('rl.then');
    row.append(button('rl.addPair', () => commit(ctx, (d) => {
      d.rules.forbidden_successions.push([a.value, b.value]);
    }).then(() => renderScenarioForms(ctx))));
    fsb.append(row);
  } else fsb.append(el('p', t('rl.pairsLater'), { class: 'hint' }));
  sec.append(fsb);
  // Rotation (轮班, 轮岗): kinds week by week, weekend duty groups, posts.
  const rot = el('fieldset', null, { class: 'group', id: 'rotation' });
  rot.append(el('legend', t('rl.rotation')));
  const r = s.rules.rotation;
  const onId = `f${++seq}`;
  const on = el('input', null, { type: 'checkbox', id: onId });
  on.checked = !!r;
  on.addEventListener('change', () => commit(ctx, (d) => {
    d.rules.rotation = on.checked ? { cycle: ['early', 'middle', 'late'], weekend_groups: null, posts: [], weight: 1 } : null;
  }).then(() => renderScenarioForms(ctx)));
  const ow = el('div', null, { class: 'field' });
  ow.append(on, el('label', t('rl.rotationOn'), { for: onId }));
  rot.append(ow);
  if (r) {
    const kinds = ['early', 'middle', 'late', 'night'];
    rot.append(grid(
      field(ctx, 'rules.rotation.cycle', 'rl.cycle', 'text', {
        also: (d, v) => {
          d.rules.rotation.cycle = String(v).split(/[,，\s]+/).filter(Boolean);
        },
        check: (d) => (d.rules.rotation.cycle.length && d.rules.rotation.cycle.every((k) => kinds.includes(k)) ? null : t('check.cycle', { kinds: kinds.join(', ') })),
      }),
      field(ctx, 'rules.rotation.weekend_groups', 'rl.weekendGroups', 'number', { optional: true, emptyNull: true, min: 1, integer: true }),
      field(ctx, 'rules.rotation.posts', 'rl.posts', 'text', {
        also: (d, v) => {
          d.rules.rotation.posts = String(v).split(/[,，\s]+/).filter(Boolean);
        },
      }),
      field(ctx, 'rules.rotation.weight', 'rl.rotationWeight', 'number', { min: 0, integer: true }),
    ));
  }
  sec.append(rot);
  return sec;
}

/** The team: each agent's name, contract, skills and fixed days off; add agents; requests. */
function teamSection(ctx, s) {
  const sec = section('tm.heading', 'tm.hint');
  sec.id = 'team-panel';
  const agents = s.agents ?? [];
  const contracts = (s.contracts ?? []).map((c) => c.id);
  // Add N agents on a contract.
  const add = el('div', null, { class: 'row' });
  const nId = `f${++seq}`;
  const n = el('input', null, { id: nId, type: 'text', inputmode: 'numeric', value: '10', size: 4 });
  const cId = `f${++seq}`;
  const c = el('select', null, { id: cId });
  for (const id of contracts) c.append(el('option', id, { value: id }));
  const addErr = el('span', null, { class: 'field-error', id: `${nId}-err` });
  n.setAttribute('aria-describedby', `${nId}-err`);
  const go = button('tm.add', () => {
    const r = readValue('number', n.value, { min: 1, max: 2000, integer: true });
    if (r.error) return showError(n, r.error);
    if (!contracts.length) return showError(n, t('tm.needContract'));
    const ids = new Set(agents.map((a) => a.id));
    let k = 1;
    commit(ctx, (d) => {
      d.agents = d.agents ?? [];
      for (let i = 0; i < r.value; i++) {
        while (ids.has(`A${String(k).padStart(3, '0')}`)) k++;
        const id = `A${String(k).padStart(3, '0')}`;
        ids.add(id);
        d.agents.push({ id, name: t('tm.agentName', { n: k }), skills: [], contract: c.value, days_off: [], requests: [], preferred_shifts: [] });
      }
      if (!d.rules) d.rules = starterRules();
    }, n).then(() => {
      renderScenarioForms(ctx);
      renderAgents(ctx);
    });
  }, { id: 'agents-add', class: 'button' });
  add.append(el('label', t('tm.count'), { for: nId }), n, el('label', t('tm.contract'), { for: cId }), c, go, addErr);
  sec.append(add);
  if (!agents.length) return sec;
  // The agents, editable (names, contract, skills, days off): a table scrolling in its card.
  const dates = Array.from({ length: s.horizon.days }, (_, i) => i);
  const table = el('table', null, { class: 'numbers team', id: 'team-table', tabindex: '0' });
  table.append(el('caption', t('tm.caption', { n: fmtNumber(agents.length) })));
  const hr = el('tr');
  for (const k of ['agents.id', 'agents.name', 'agents.contract', 'agents.skills', 'tm.daysOff', 'tm.requests', 'common.remove']) hr.append(el('th', t(k), { scope: 'col' }));
  const thead = el('thead');
  thead.append(hr);
  const tbody = el('tbody');
  // Built when the planner opens the list (hundreds of agents make hundreds of fields).
  const rows = () => agents.forEach((a, i) => {
    const tr = el('tr');
    tr.append(el('th', a.id, { scope: 'row' }));
    const p = `agents[${i}]`;
    const name = field(ctx, `${p}.name`, 'agents.name', 'text', { hiddenLabel: true, label: t('tm.nameOf', { id: a.id }) });
    const contract = field(ctx, `${p}.contract`, 'agents.contract', 'select', {
      hiddenLabel: true, label: t('tm.contractOf', { id: a.id }), options: contracts.map((x) => [x, x]), rawOptions: true,
    });
    const skills = el('div', null, { class: 'skills', role: 'group', 'aria-label': t('tm.skillsOf', { id: a.id }) });
    for (const q of s.queues) {
      const id = `f${++seq}`;
      const cb = el('input', null, { type: 'checkbox', id });
      cb.checked = a.skills.includes(q.id);
      cb.dataset.path = `${p}.skills`;
      cb.addEventListener('change', () => commit(ctx, (d) => {
        const set = new Set(d.agents[i].skills);
        if (cb.checked) set.add(q.id);
        else set.delete(q.id);
        d.agents[i].skills = d.queues.map((x) => x.id).filter((x) => set.has(x));
      }));
      const w = el('span', null, { class: 'day-check' });
      w.append(cb, el('label', q.name, { for: id }));
      skills.append(w);
    }
    const off = field(ctx, `${p}.days_off`, 'tm.daysOff', 'text', {
      hiddenLabel: true, label: t('tm.daysOffOf', { id: a.id }),
      also: (d, v) => {
        d.agents[i].days_off = String(v).split(/[;,，\s]+/).filter(Boolean).map((x) => Number(x) - 1);
      },
      check: (d) => (d.agents[i].days_off.every((x) => Number.isInteger(x) && x >= 0 && x < dates.length) ? null : t('check.daysOff', { n: dates.length })),
    });
    off.querySelector('input').value = a.days_off.map((x) => x + 1).join(';');
    const rm = button('common.remove', () => commit(ctx, (d) => {
      d.agents.splice(i, 1);
    }).then(() => {
      renderScenarioForms(ctx);
      renderAgents(ctx);
    }), { 'aria-label': t('in.removeNamed', { name: a.name }) });
    for (const x of [name, contract, skills, off]) {
      const td = el('td');
      td.append(x);
      tr.append(td);
    }
    tr.append(el('td', fmtNumber(a.requests.length)));
    const rmTd = el('td');
    rmTd.append(rm);
    tr.append(rmTd);
    tbody.append(tr);
  });
  table.append(thead, tbody);
  const scroll = el('div', null, { class: 'scroll-x' });
  scroll.append(table);
  const det = el('details', null, { id: 'team-details' });
  det.append(el('summary', t('tm.edit', { n: fmtNumber(agents.length) })), scroll);
  if (teamOpen) det.open = true;
  det.addEventListener('toggle', () => {
    teamOpen = det.open;
  });
  lazy(det, rows);
  sec.append(det);
  sec.append(requestsEditor(ctx, s));
  return sec;
}

/**
 * Skill groups of a centre without named agents (`skill_groups: [{id, skills, max_agents}]`):
 * who can answer which queue, and how many such agents there are at most. With named agents
 * the groups come from the agents' skills, so the section says so and edits nothing. Shown
 * for scenarios with two queues or more.
 */
function skillGroupsSection(ctx, s) {
  if ((s.queues?.length ?? 0) < 2) return null;
  const sec = section('sg.heading', s.agents?.length ? 'sg.fromAgents' : 'sg.hint');
  sec.id = 'skill-groups-panel';
  if (s.agents?.length) return sec;
  (s.skill_groups ?? []).forEach((g, k) => {
    const p = `skill_groups[${k}]`;
    const fs = el('fieldset', null, { class: 'group' });
    fs.append(el('legend', t('sg.legend', { id: g.id })));
    const skills = el('div', null, { class: 'skills', role: 'group', 'aria-label': t('sg.skillsOf', { id: g.id }) });
    for (const q of s.queues) {
      const id = `f${++seq}`;
      const cb = el('input', null, { type: 'checkbox', id });
      cb.checked = g.skills.includes(q.id);
      cb.dataset.path = `${p}.skills`;
      cb.setAttribute('aria-describedby', `${p}-skills-err`);
      cb.addEventListener('change', () => commit(ctx, (d) => {
        const set = new Set(d.skill_groups[k].skills);
        if (cb.checked) set.add(q.id);
        else set.delete(q.id);
        d.skill_groups[k].skills = d.queues.map((x) => x.id).filter((x) => set.has(x));
      }, cb, (d) => (d.skill_groups[k].skills.length ? null : t('sg.needSkill'))));
      const w = el('span', null, { class: 'day-check' });
      w.append(cb, el('label', q.name, { for: id }));
      skills.append(w);
    }
    const err = el('span', null, { class: 'field-error', id: `${p}-skills-err`, 'aria-live': 'polite' });
    fs.append(grid(
      field(ctx, `${p}.id`, 'sg.id', 'text', {
        check: (d) => (d.skill_groups.filter((x) => x.id === d.skill_groups[k].id).length > 1 || !d.skill_groups[k].id.trim() ? t('sg.uniqueId') : null),
      }),
      field(ctx, `${p}.max_agents`, 'sg.max', 'number', { optional: true, min: 1, max: 100000, integer: true }),
    ), el('p', t('sg.skills'), { class: 'hint' }), skills, err);
    fs.append(button('common.remove', () => commit(ctx, (d) => {
      d.skill_groups.splice(k, 1);
      if (!d.skill_groups.length) delete d.skill_groups;
    }).then(() => renderScenarioForms(ctx)), { 'aria-label': t('in.removeNamed', { name: g.id }) }));
    sec.append(fs);
  });
  sec.append(button('sg.add', () => {
    const ids = new Set((s.skill_groups ?? []).map((g) => g.id));
    let n = ids.size + 1;
    while (ids.has(`group${n}`)) n++;
    commit(ctx, (d) => {
      d.skill_groups = [...(d.skill_groups ?? []), { id: `group${n}`, skills: [d.queues[0].id] }];
    }).then(() => renderScenarioForms(ctx));
  }, { id: 'skill-group-add' }));
  return sec;
}

/** Requests: an agent wants a day off, or wants (not) to work a shift, at a weight. */
function requestsEditor(ctx, s) {
  const fs = el('fieldset', null, { class: 'group', id: 'requests' });
  fs.append(el('legend', t('rq.heading')));
  const list = [];
  s.agents.forEach((a, i) => a.requests.forEach((r, k) => list.push({ a, i, r, k })));
  const days = Array.from({ length: s.horizon.days }, (_, i) => {
    const [y, m, d] = s.horizon.start.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10);
  });
  for (const { a, i, r, k } of list) {
    const row = el('div', null, { class: 'row' });
    const what = r.shift == null ? t('rq.dayOff') : r.on ? t('rq.wants', { shift: r.shift }) : t('rq.notWants', { shift: r.shift });
    row.append(el('span', t('rq.line', { name: a.name, day: fmtDay(days[r.day] ?? s.horizon.start), what, w: r.weight })), button('common.remove', () => commit(ctx, (d) => {
      d.agents[i].requests.splice(k, 1);
    }).then(() => renderScenarioForms(ctx)), { 'aria-label': t('rq.remove', { name: a.name }) }));
    fs.append(row);
  }
  const row = el('div', null, { class: 'row' });
  const sel = (labelKey, options, id = `f${++seq}`) => {
    const x = el('select', null, { id });
    for (const [v, txt] of options) x.append(el('option', txt, { value: v }));
    row.append(el('label', t(labelKey), { for: id }), x);
    return x;
  };
  const agent = sel('roster.agent', s.agents.map((a, i) => [String(i), a.name]), 'rq-agent');
  const day = sel('roster.day', days.map((d, i) => [String(i), fmtDay(d)]), 'rq-day');
  const ids = rosterShiftIds(ctx);
  const kind = sel('rq.kind', [['off', t('rq.dayOff')], ...(ids.length ? [['on', t('rq.kindOn')], ['not', t('rq.kindNot')]] : [])], 'rq-kind');
  const shift = sel('roster.shift', ids.map((x) => [x, x]), 'rq-shift');
  const wId = `f${++seq}`;
  const weight = el('input', null, { id: wId, type: 'text', inputmode: 'numeric', value: '10', size: 4, 'aria-describedby': `${wId}-err` });
  row.append(el('label', t('rq.weight'), { for: wId }), weight);
  row.append(button('rq.add', () => {
    const w = readValue('number', weight.value, { min: 0, integer: true });
    if (w.error) return showError(weight, w.error);
    const i = Number(agent.value);
    const req = kind.value === 'off' ? { day: Number(day.value), shift: null, on: false, weight: w.value }
      : { day: Number(day.value), shift: shift.value, on: kind.value === 'on', weight: w.value };
    commit(ctx, (d) => {
      d.agents[i].requests.push(req);
    }, weight).then(() => renderScenarioForms(ctx));
  }, { id: 'rq-add' }), el('span', null, { class: 'field-error', id: `${wId}-err` }));
  fs.append(row);
  return fs;
}

// ---- agents (the team rostered onto the schedule) -----------------------------------------

/** Replace the scenario's agents from a CSV; a bad line is shown and the previous team kept. */
async function importAgents(ctx, name, text) {
  const box = $('#agents-error');
  try {
    const agents = await ctx.engine.call('readAgents', { text });
    const sc = ctx.state.scenario;
    // A contract the file names but the scenario lacks gets the starter limits, listed as an
    // assumption for the planner to confirm (and edit under Contracts).
    const known = new Set((sc.contracts ?? []).map((c) => c.id));
    const added = [...new Set(agents.map((a) => a.contract))].filter((c) => !known.has(c));
    sc.contracts = [...(sc.contracts ?? []), ...added.map((id) => starterContract(id))];
    if (!sc.rules) {
      sc.rules = starterRules();
      added.push('');
    }
    if (added.length) {
      const items = added.filter(Boolean).map((id) => ({ key: 'contract', params: { id } }));
      if (added.includes('')) items.push({ key: 'rules' });
      ctx.state.assumptions = { items: [...(ctx.state.assumptions?.items ?? []), ...items], confirmed: false };
    }
    sc.agents = agents;
    box.hidden = true;
    ctx.saveState();
    renderScenarioForms(ctx);
    renderAgents(ctx);
    ctx.invalidate('summary');
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
  setCostCurrency(ctx.state.currency);
  $('#agents-file').addEventListener('change', async (e) => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (f) await importAgents(ctx, f.name, await f.text());
  });
}
