// The Proposal view: a proposal (the JSON of `paiban quote`) edited as a few fields or as JSON,
// sized by the engine, shown as a printable one-page sheet in the page's language.
import { t, fmtNumber, fmtPct, fmtMoney, getLang } from '../i18n.js';
import { $, el, fillTable } from '../ui.js';
import { errorText } from '../messages.js';
import { getPath, setPath, readValue, showValue } from '../forms.js';

let report = null;

function proposalObject(ctx) {
  try {
    return JSON.parse(ctx.state.proposal ?? '');
  } catch {
    return null;
  }
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR', 'JPY', 'SGD'];
let seq = 0;

/** Save the proposal object (form and JSON stay in step) and size it again. */
function save(ctx, obj) {
  ctx.state.proposal = JSON.stringify(obj, null, 1);
  $('#prop-json').value = ctx.state.proposal;
  ctx.saveState();
  run(ctx);
}

function showFieldError(input, message) {
  const err = document.getElementById(input.getAttribute('aria-describedby'));
  if (err) err.textContent = message ? `${message} ${t('form.notSaved')}` : '';
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/**
 * One control bound to a path of the proposal. kind: text | number | pct | time | select |
 * check | list (comma-separated numbers). An empty required field is an error at the field,
 * never a silent 0.
 */
function pfield(ctx, p, path, label, kind = 'number', opts = {}) {
  const id = `pf${++seq}`;
  const wrap = el('div', null, { class: 'field' });
  const v = getPath(p, path);
  let input;
  if (kind === 'select') {
    input = el('select', null, { id });
    for (const [val, text] of opts.options) input.append(el('option', text, { value: val }));
    input.value = String(v ?? '');
  } else if (kind === 'check') {
    input = el('input', null, { id, type: 'checkbox' });
    input.checked = !!v;
  } else {
    input = el('input', null, { id, type: 'text', inputmode: kind === 'text' || kind === 'list' ? null : 'decimal' });
    input.value = kind === 'list' ? (v ?? []).join(', ') : showValue(kind, v);
    if (kind === 'time') input.placeholder = 'HH:MM';
  }
  input.dataset.path = path;
  const err = el('span', null, { class: 'field-error', id: `${id}-err`, 'aria-live': 'polite' });
  input.setAttribute('aria-describedby', `${id}-err`);
  input.addEventListener('change', () => {
    const obj = proposalObject(ctx);
    if (!obj) return;
    let value;
    if (kind === 'check') value = input.checked;
    else if (kind === 'select') value = opts.numeric ? Number(input.value) : input.value;
    else if (kind === 'list') {
      const parts = input.value.split(/[,，;\s]+/).filter(Boolean);
      if (!parts.length && opts.optional) value = undefined;
      else {
        const xs = parts.map((x) => Number(x));
        if (xs.some((x) => !Number.isFinite(x) || x < 0)) return showFieldError(input, t('form.needWeights'));
        if (opts.length && xs.length !== opts.length) return showFieldError(input, t('form.needCount', { n: opts.length }));
        value = xs;
      }
    } else {
      const r = readValue(kind, input.value, opts);
      if (r.error) return showFieldError(input, r.error);
      if (kind === 'text' && !opts.optional && !input.value.trim()) return showFieldError(input, t('form.needText'));
      value = r.value;
    }
    showFieldError(input, null);
    setPath(obj, path, value);
    opts.also?.(obj, value);
    save(ctx, obj);
    if (opts.rerender) renderForm(ctx);
  });
  if (kind === 'check') wrap.append(input, el('label', label, { for: id }), err);
  else wrap.append(el('label', label, { for: id }), input, err);
  return wrap;
}

function group(legend, ...fields) {
  const fs = el('fieldset', null, { class: 'group' });
  fs.append(el('legend', legend));
  const g = el('div', null, { class: 'fields' });
  g.append(...fields);
  fs.append(g);
  return fs;
}

function channelFields(ctx, p, c, i) {
  const q = `channels[${i}].queue`;
  const ch = `channels[${i}]`;
  const name = c.queue?.name ?? c.queue?.id ?? `#${i + 1}`;
  const f = [
    pfield(ctx, p, `${ch}.shop`, t('prop.shop'), 'text', {
      optional: true, rerender: true,
      also: (o, v) => {
        const x = o.channels[i];
        if (typeof v === 'string' && v.trim()) x.shop = v.trim();
        else delete x.shop;
      },
    }),
    pfield(ctx, p, `${q}.name`, t('in.qname'), 'text'),
    pfield(ctx, p, `${q}.channel`, t('in.channel'), 'select', {
      options: [['voice', t('ch.voice')], ['chat', t('ch.chat')], ['email', t('ch.email')]], rerender: true,
      also: (o, v) => {
        const x = o.channels[i].queue;
        if (v === 'email') {
          delete x.target;
          delete x.concurrency;
          delete x.aht_seconds_by_concurrency;
          x.response_window_minutes = x.response_window_minutes ?? 480;
          x.response_window_clock = x.response_window_clock ?? 'open_hours';
        } else {
          x.target = x.target ?? { service_level: 0.8, answer_seconds: 20 };
          delete x.response_window_minutes;
          delete x.response_window_clock;
          if (v === 'chat') x.concurrency = x.concurrency ?? 2;
          else {
            delete x.concurrency;
            delete x.aht_seconds_by_concurrency;
          }
        }
      },
    }),
    pfield(ctx, p, `${q}.aht_seconds`, t('in.aht'), 'number', { above: 0 }),
  ];
  const basis = c.monthly_volume != null ? 'monthly' : 'daily';
  f.push(pfield(ctx, p, `${ch}.volume_basis`, t('prop.volumeBasis'), 'select', {
    options: [['monthly', t('prop.perMonth')], ['daily', t('prop.perDay')]], rerender: true,
    also: (o, v) => {
      const x = o.channels[i];
      delete x.volume_basis;
      const cur = x.monthly_volume ?? x.daily_volume ?? 0;
      delete x.monthly_volume;
      delete x.daily_volume;
      x[v === 'monthly' ? 'monthly_volume' : 'daily_volume'] = cur;
    },
  }));
  f[f.length - 1].querySelector('select').value = basis;
  f.push(pfield(ctx, p, `${ch}.${basis}_volume`, t(basis === 'monthly' ? 'prop.monthlyOf' : 'prop.dailyOf', { name }), 'number', { min: 0 }));
  if (c.queue?.channel !== 'email') {
    f.push(
      pfield(ctx, p, `${q}.target.service_level`, t('prop.slOf', { name }), 'pct', { min: 0, max: 100 }),
      pfield(ctx, p, `${q}.target.answer_seconds`, t('in.answer'), 'number', { min: 0 }),
      pfield(ctx, p, `${q}.target.max_abandon_rate`, t('in.maxAbandon'), 'pct', { optional: true, min: 0, max: 100 }),
      pfield(ctx, p, `${q}.target.max_asa_seconds`, t('in.maxAsa'), 'number', { optional: true, min: 0 }),
      pfield(ctx, p, `${q}.patience_seconds`, t('in.patience'), 'number', { optional: true, above: 0 }),
      pfield(ctx, p, `${q}.max_occupancy`, t('in.maxOcc'), 'pct', { optional: true, min: 1, max: 100 }),
    );
  }
  if (c.queue?.channel === 'chat') {
    f.push(pfield(ctx, p, `${q}.concurrency`, t('in.concurrency'), 'number', {
      min: 1, max: 10, integer: true,
      also: (o) => {
        delete o.channels[i].queue.aht_seconds_by_concurrency;
      },
    }));
  }
  if (c.queue?.channel === 'email') {
    f.push(
      pfield(ctx, p, `${q}.response_window_minutes`, t('in.window'), 'number', { above: 0 }),
      pfield(ctx, p, `${q}.response_window_clock`, t('in.windowClock'), 'select', { options: [['open_hours', t('in.openHours')], ['calendar', t('in.calendar')]] }),
    );
  }
  f.push(
    pfield(ctx, p, `${ch}.weekday_pattern`, t('prop.weekdayPattern'), 'list', { optional: true, length: 7 }),
    pfield(ctx, p, `${ch}.intraday_pattern`, t('prop.intradayPattern', { n: 1440 / (p.interval_minutes || 30) }), 'list', { optional: true, length: 1440 / (p.interval_minutes || 30) }),
    pfield(ctx, p, `${ch}.conversion_rate`, t('prop.conversion'), 'pct', { optional: true, min: 0, max: 100 }),
    pfield(ctx, p, `${ch}.average_order_value`, t('prop.orderValue'), 'number', { optional: true, min: 0 }),
  );
  const fs = group(t('prop.channelN', { name }), ...f);
  if ((p.channels ?? []).length > 1) {
    const rm = el('button', t('common.remove'), { type: 'button', 'aria-label': t('in.removeNamed', { name }) });
    rm.addEventListener('click', () => {
      const obj = proposalObject(ctx);
      obj.channels.splice(i, 1);
      save(ctx, obj);
      renderForm(ctx);
    });
    fs.append(rm);
  }
  return fs;
}

/** Shops named by the channels, in order of first appearance. */
function shopsOf(p) {
  const out = [];
  for (const c of p.channels ?? []) if (c.shop && !out.includes(c.shop)) out.push(c.shop);
  return out;
}

/**
 * The cross-training assumption of a bid for several shops: the share of agents cross-trained,
 * their wage premium and which shops are cross-trained together (a checkbox per shop).
 */
function sharingFields(ctx, p) {
  const shops = shopsOf(p);
  const fs = group(t('prop.sharing'),
    pfield(ctx, p, 'sharing.cross_trained_share', t('prop.crossShare'), 'pct', { optional: true, min: 0, max: 100 }),
    pfield(ctx, p, 'sharing.cross_training_premium', t('prop.crossPremium'), 'pct', { optional: true, min: 0, max: 100 }),
  );
  fs.id = 'prop-sharing';
  fs.querySelector('legend').after(el('p', shops.length >= 2 ? t('prop.sharingHint', { n: shops.length }) : t('prop.sharingNeedShops'), { class: 'hint' }));
  const groups = p.sharing?.groups ?? [];
  groups.forEach((g, gi) => {
    const box = el('fieldset', null, { class: 'group', 'data-group': String(gi) });
    box.append(el('legend', t('prop.crossGroupN', { n: gi + 1 })));
    const fields = el('div', null, { class: 'fields' });
    for (const shop of new Set([...shops, ...(g.shops ?? [])])) {
      const id = `pf${++seq}`;
      const wrap = el('div', null, { class: 'field' });
      const cb = el('input', null, { id, type: 'checkbox', 'data-shop': shop });
      cb.checked = (g.shops ?? []).includes(shop);
      cb.addEventListener('change', () => {
        const obj = proposalObject(ctx);
        if (!obj) return;
        const grp = obj.sharing.groups[gi];
        grp.shops = cb.checked ? [...new Set([...(grp.shops ?? []), shop])] : (grp.shops ?? []).filter((x) => x !== shop);
        save(ctx, obj);
      });
      wrap.append(cb, el('label', shop, { for: id }));
      fields.append(wrap);
    }
    fields.append(pfield(ctx, p, `sharing.groups[${gi}].cross_trained_share`, t('prop.groupShare'), 'pct', { optional: true, min: 0, max: 100 }));
    box.append(fields);
    const rm = el('button', t('common.remove'), { type: 'button', 'aria-label': t('prop.removeGroup', { n: gi + 1 }) });
    rm.addEventListener('click', () => {
      const obj = proposalObject(ctx);
      obj.sharing.groups.splice(gi, 1);
      if (!obj.sharing.groups.length) delete obj.sharing.groups;
      save(ctx, obj);
      renderForm(ctx);
    });
    box.append(rm);
    fs.append(box);
  });
  const add = el('button', t('prop.addGroup'), { type: 'button', id: 'prop-add-group' });
  add.disabled = shops.length < 2;
  add.addEventListener('click', () => {
    const obj = proposalObject(ctx);
    obj.sharing = obj.sharing ?? {};
    obj.sharing.groups = [...(obj.sharing.groups ?? []), { shops: shopsOf(obj) }];
    save(ctx, obj);
    renderForm(ctx);
  });
  const example = el('button', t('prop.loadShops'), { type: 'button', id: 'prop-load-shops' });
  example.addEventListener('click', async () => {
    const r = await fetch('demo/proposal_shops.json');
    if (!r.ok) return;
    save(ctx, JSON.parse(await r.text()));
    renderForm(ctx);
  });
  const row = el('div', null, { class: 'row' });
  row.append(add, example);
  fs.append(row);
  return fs;
}

function renderForm(ctx) {
  const form = $('#prop-form');
  form.textContent = '';
  const p = proposalObject(ctx);
  if (!p) return;
  form.append(group(t('prop.general'),
    pfield(ctx, p, 'client', t('prop.client'), 'text'),
    pfield(ctx, p, 'interval_minutes', t('in.interval'), 'select', { numeric: true, options: [['15', t('in.min15')], ['30', t('in.min30')], ['60', t('in.min60')]], also: (o, v) => {
      for (const c of o.channels) delete c.intraday_pattern; // its length follows the interval
      void v;
    } }),
    pfield(ctx, p, 'paid_hours_per_fte_month', t('prop.paidMonth'), 'number', { above: 0, max: 744 }),
    pfield(ctx, p, 'paid_hours_per_day', t('prop.paidDay'), 'number', { min: 0.5, max: 24 }),
  ));
  // Opening hours: one span a day (a second span stays as it is in the JSON).
  const oh = [];
  for (const d of DAYS) {
    const spans = p.opening_hours?.[d] ?? [];
    oh.push(pfield(ctx, p, `opening_hours.${d}`, t('prop.openOn', { day: t(`day.${d}`) }), 'check', {
      rerender: true,
      also: (o, v) => {
        if (v) o.opening_hours[d] = [{ open: '08:00', close: '22:00' }];
        else delete o.opening_hours[d];
      },
    }));
    const hid = (f) => {
      f.querySelector('label').className = 'visually-hidden';
      return f;
    };
    if (spans.length) {
      oh.push(hid(pfield(ctx, p, `opening_hours.${d}[0].open`, `${t(`day.${d}`)} ${t('data.open')}`, 'time')),
        hid(pfield(ctx, p, `opening_hours.${d}[0].close`, `${t(`day.${d}`)} ${t('data.close')}`, 'time')));
    } else oh.push(el('span'), el('span'));
  }
  const hours = group(t('in.hours'), el('span', t('data.day'), { class: 'hint', 'aria-hidden': 'true' }),
    el('span', t('data.open'), { class: 'hint', 'aria-hidden': 'true' }), el('span', t('data.close'), { class: 'hint', 'aria-hidden': 'true' }), ...oh);
  hours.querySelector('.fields').className = 'hours-grid';
  form.append(hours);
  (p.channels ?? []).forEach((c, i) => form.append(channelFields(ctx, p, c, i)));
  const addCh = el('button', t('prop.addChannel'), { type: 'button', id: 'prop-add-channel' });
  addCh.addEventListener('click', () => {
    const obj = proposalObject(ctx);
    const ids = new Set(obj.channels.map((c) => c.queue.id));
    let n = obj.channels.length + 1;
    while (ids.has(`channel${n}`)) n++;
    obj.channels.push({ queue: { id: `channel${n}`, name: t('in.newQueue', { n }), channel: 'voice', aht_seconds: 300, target: { service_level: 0.8, answer_seconds: 20 }, patience_seconds: 120, max_occupancy: 0.9 }, monthly_volume: 10000 });
    save(ctx, obj);
    renderForm(ctx);
  });
  form.append(addCh);
  form.append(sharingFields(ctx, p));
  form.append(group(t('in.shrinkage'),
    pfield(ctx, p, 'shrinkage.combine', t('in.combine'), 'select', { options: [['additive', t('in.additive')], ['multiplicative', t('in.multiplicative')]] }),
    ...['breaks', 'training', 'meetings', 'absence', 'other'].map((k) => pfield(ctx, p, `shrinkage.components.${k}`, t(`shr.${k}`), 'pct', { min: 0, max: 95 })),
  ));
  const cur = p.costs?.currency;
  form.append(group(t('prop.costsHeading'),
    pfield(ctx, p, 'costs.currency', t('prop.currency'), 'select', { options: [...new Set([...CURRENCIES, cur].filter(Boolean))].map((x) => [x, t(`cur.${x}`) === `cur.${x}` ? x : t(`cur.${x}`)]) }),
    pfield(ctx, p, 'costs.agent_monthly_wage', t('prop.wage'), 'number', { min: 0 }),
    pfield(ctx, p, 'costs.team_lead_monthly_wage', t('prop.leadWage'), 'number', { optional: true, min: 0 }),
    pfield(ctx, p, 'costs.qa_monthly_wage', t('prop.qaWage'), 'number', { optional: true, min: 0 }),
    pfield(ctx, p, 'costs.trainer_monthly_wage', t('prop.trainerWage'), 'number', { optional: true, min: 0 }),
    pfield(ctx, p, 'costs.on_costs', t('prop.onCosts'), 'pct', { min: 0, max: 500 }),
    pfield(ctx, p, 'costs.seat_monthly', t('prop.seat'), 'number', { min: 0 }),
    pfield(ctx, p, 'costs.overhead', t('prop.overheadPct'), 'pct', { min: 0, max: 500 }),
    pfield(ctx, p, 'costs.target_margin', t('prop.margin'), 'pct', { min: 0, max: 95 }),
  ));
  form.append(group(t('prop.support'),
    pfield(ctx, p, 'support.agents_per_team_lead', t('prop.perLead'), 'number', { above: 0 }),
    pfield(ctx, p, 'support.agents_per_qa', t('prop.perQa'), 'number', { above: 0 }),
    pfield(ctx, p, 'support.agents_per_trainer', t('prop.perTrainer'), 'number', { optional: true, above: 0 }),
  ));
}

export function setupProposal(ctx) {
  $('#prop-run').addEventListener('click', () => {
    ctx.state.proposal = $('#prop-json').value;
    ctx.saveState();
    renderForm(ctx);
    run(ctx);
  });
  $('#prop-print').addEventListener('click', () => {
    document.body.classList.add('print-proposal');
    window.print();
    document.body.classList.remove('print-proposal');
  });
}

async function run(ctx) {
  const box = $('#prop-error');
  box.hidden = true;
  $('#prop-json').removeAttribute('aria-invalid');
  try {
    report = await ctx.engine.call('quote', { proposal: ctx.state.proposal ?? '' });
    renderSheet(ctx);
  } catch (e) {
    if (e.kind === 'cancelled') return;
    box.textContent = errorText(e);
    box.hidden = false;
    // The engine names the field: mark it in the form when it is there, else the JSON.
    const at = e.path && document.querySelector(`#prop-form [data-path="${CSS.escape(e.path)}"]`);
    if (at) showFieldError(at, errorText(e));
    else $('#prop-json').setAttribute('aria-invalid', 'true');
  }
}

export function renderProposal(ctx) {
  const ta = $('#prop-json');
  if (document.activeElement !== ta) ta.value = ctx.state.proposal ?? '';
  renderForm(ctx);
  if (report) renderSheet(ctx);
  else run(ctx);
}

/** What a service-level row holds each channel to (its caps kept from the client's targets). */
function holds(r, row) {
  if (!row.targets) return '';
  const names = Object.fromEntries(r.channels.map((c) => [c.queue, c.name]));
  return row.targets.map((x) => {
    const name = names[x.queue] ?? x.queue;
    if (!x.target) return t('prop.holdsWindow', { name, h: fmtNumber((x.response_window_minutes ?? 0) / 60, 1) });
    const caps = [];
    if (x.target.max_abandon_rate != null) caps.push(t('prop.capAbandon', { p: fmtPct(x.target.max_abandon_rate, 0) }));
    if (x.target.max_asa_seconds != null) caps.push(t('prop.capAsa', { s: fmtNumber(x.target.max_asa_seconds) }));
    return t('prop.holdsTarget', { name, sl: fmtNumber(x.target.service_level * 100), s: fmtNumber(x.target.answer_seconds), caps: caps.length ? `, ${caps.join(', ')}` : '' });
  }).join('; ');
}

function renderSheet() {
  const r = report.report;
  const cur = r.currency;
  const unit = t(`cur.${cur}`) === `cur.${cur}` ? cur : t(`cur.${cur}`);
  const money = (x, d = 0) => t('money', { n: fmtMoney(x, d), cur: unit });
  const sheet = $('#prop-sheet');
  sheet.textContent = '';
  sheet.append(el('h2', t('prop.title'), { id: 'prop-title' }));
  sheet.append(el('p', r.client, { class: 'client' }));
  sheet.append(el('p', new Intl.DateTimeFormat(getLang(), { dateStyle: 'long' }).format(new Date()), { class: 'hint' }));
  const cards = el('dl', null, { class: 'cards' });
  for (const [k, v] of [
    ['prop.price', money(r.monthly.price)], ['prop.people', fmtNumber(r.total_headcount)],
    ['prop.fte', fmtNumber(r.production_fte, 1)], ['prop.perContact', money(r.monthly.price_per_contact, 2)],
  ]) {
    const d = el('div', null, { class: 'card' });
    d.append(el('dt', t(k)), el('dd', v));
    cards.append(d);
  }
  sheet.append(cards);
  const ch = el('table', null, { class: 'numbers' });
  fillTable(ch, [
    { label: t('common.queue'), value: (c) => c.name },
    { label: t('in.channel'), value: (c) => t(`ch.${c.channel}`) },
    { label: t('prop.volume'), value: (c) => fmtNumber(c.monthly_volume) },
    { label: t('prop.peak'), value: (c) => fmtNumber(c.peak_agents) },
    { label: t('prop.fte'), value: (c) => fmtNumber(c.fte, 1) },
    { label: t('prop.perAgentDay'), value: (c) => fmtNumber(c.contacts_per_agent_day, 1) },
  ], r.channels, { caption: t('prop.channels') });
  sheet.append(ch);
  const team = el('table', null, { class: 'numbers' });
  fillTable(team, [
    { label: t('prop.role'), value: (x) => x[0] },
    { label: t('prop.count'), value: (x) => x[1] },
  ], [
    [t('prop.agents'), fmtNumber(r.production_agents)], [t('prop.leads'), fmtNumber(r.headcount.team_leads)],
    [t('prop.qa'), fmtNumber(r.headcount.qa)], [t('prop.trainers'), fmtNumber(r.headcount.trainers)],
    [t('prop.people'), fmtNumber(r.total_headcount)],
  ], { caption: t('prop.team') });
  const cost = el('table', null, { class: 'numbers' });
  fillTable(cost, [
    { label: t('prop.item'), value: (x) => x[0] },
    { label: t('prop.monthly'), value: (x) => x[1] },
  ], [
    [t('prop.direct'), money(r.monthly.direct_cost)], [t('prop.overhead'), money(r.monthly.overhead_cost)],
    [t('prop.total'), money(r.monthly.total_cost)], [t('prop.marginAmount'), money(r.monthly.margin)],
    [t('prop.price'), money(r.monthly.price)], [t('prop.perFte'), money(r.monthly.price_per_fte_month)],
  ], { caption: t('prop.costs') });
  const two = el('div', null, { class: 'two' });
  two.append(team, cost);
  sheet.append(two);
  const options = (rows, caption, id) => {
    const mine = id === 'prop-sl' ? 'prop.headlineRow' : 'prop.headlineVol';
    const tb = el('table', null, { class: 'numbers', id });
    fillTable(tb, [
      { label: t('prop.option'), value: (x) => (x.is_headline ? t(mine, { label: x.label }) : x.label), cls: (x) => (x.is_headline ? 'chosen' : null) },
      { label: t('prop.fte'), value: (x) => fmtNumber(x.fte, 1) },
      { label: t('prop.people'), value: (x) => fmtNumber(x.headcount) },
      { label: t('prop.price'), value: (x) => money(x.monthly_price) },
      { label: t('prop.perContact'), value: (x) => fmtMoney(x.price_per_contact, 2) },
      ...(id === 'prop-sl' ? [{ label: t('prop.holds'), value: (x) => holds(r, x), cls: 'wrap' }] : []),
    ], rows, { caption });
    return tb;
  };
  if (r.sharing) sheet.append(...sharingSheet(r.sharing, money));
  sheet.append(options(r.service_level_table, t('prop.slTable'), 'prop-sl'));
  sheet.append(el('p', t('prop.slRule'), { class: 'hint' }));
  sheet.append(options(r.volume_sensitivity, t('prop.volTable'), 'prop-vol'));
  sheet.append(el('p', t('prop.shrinkage', { s: fmtPct(r.shrinkage, 1) }), { class: 'hint' }));
}

/** The per-shop table of a bid for several shops: dedicated teams vs the shared team. */
function sharingSheet(sh, money) {
  const rows = [...sh.shops.map((x) => ({ name: x.shop, d: x.dedicated, s: x.shared, total: false })),
    { name: t('prop.shopsTotal'), d: sh.dedicated, s: sh.shared, total: true }];
  const tb = el('table', null, { class: 'numbers', id: 'prop-shops' });
  fillTable(tb, [
    { label: t('prop.shopCol'), value: (x) => x.name, cls: (x) => (x.total ? 'chosen' : null) },
    { label: t('prop.dedFte'), value: (x) => fmtNumber(x.d.fte, 1) },
    { label: t('prop.shFte'), value: (x) => fmtNumber(x.s.fte, 1) },
    { label: t('prop.crossFte'), value: (x) => fmtNumber(x.s.cross_trained_fte, 1) },
    { label: t('prop.dedPeople'), value: (x) => fmtNumber(x.d.headcount) },
    { label: t('prop.shPeople'), value: (x) => fmtNumber(x.s.headcount) },
    { label: t('prop.dedPrice'), value: (x) => money(x.d.monthly_price) },
    { label: t('prop.shPrice'), value: (x) => money(x.s.monthly_price) },
    { label: t('prop.saving'), value: (x) => money(x.d.monthly_price - x.s.monthly_price) },
  ], rows, { caption: t('prop.shopsTable') });
  const out = [tb, el('p', t('prop.sharingSummary', {
    fte: fmtNumber(sh.saving_fte, 1), price: money(sh.saving_price), pct: fmtPct(sh.saving_share, 1),
    share: fmtPct(sh.cross_trained_share, 0), premium: fmtPct(sh.cross_training_premium, 0),
  }), { class: 'hint', id: 'prop-sharing-summary' })];
  if (sh.assumptions.length) {
    out.push(el('p', t('prop.sharingAssumed', {
      list: sh.assumptions.map((a) => t(`prop.assume.${a.field}`, { v: fmtPct(a.value, 0) })).join('; '),
    }), { class: 'hint', id: 'prop-sharing-assumed' }));
  }
  out.push(el('p', t('prop.sharingRule'), { class: 'hint' }));
  return out;
}
