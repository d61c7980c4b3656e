// The Proposal view: a proposal (the JSON of `paiban quote`) edited as a few fields or as JSON,
// sized by the engine, shown as a printable one-page sheet in the page's language.
import { t, fmtNumber, fmtPct, fmtMoney, getLang } from '../i18n.js';
import { $, el, fillTable } from '../ui.js';
import { errorText } from '../messages.js';

let report = null;

function proposalObject(ctx) {
  try {
    return JSON.parse(ctx.state.proposal ?? '');
  } catch {
    return null;
  }
}

function renderForm(ctx) {
  const form = $('#prop-form');
  form.textContent = '';
  const p = proposalObject(ctx);
  if (!p) return;
  const add = (key, get, set, attrs = {}) => {
    const id = `pf-${form.children.length}`;
    const input = el('input', null, { id, type: attrs.type ?? 'number', step: 'any', ...attrs });
    input.value = get(p) ?? '';
    input.addEventListener('change', () => {
      const obj = proposalObject(ctx);
      if (!obj) return;
      set(obj, input.type === 'number' ? Number(input.value) : input.value);
      ctx.state.proposal = JSON.stringify(obj, null, 1);
      $('#prop-json').value = ctx.state.proposal;
      ctx.saveState();
      run(ctx);
    });
    form.append(el('label', key, { for: id }), input);
  };
  add(t('prop.client'), (o) => o.client, (o, v) => (o.client = v), { type: 'text' });
  if (p.costs) {
    add(t('prop.wage'), (o) => o.costs.agent_monthly_wage, (o, v) => (o.costs.agent_monthly_wage = v), { min: 0 });
    add(t('prop.margin'), (o) => +(o.costs.target_margin * 100).toFixed(2), (o, v) => (o.costs.target_margin = v / 100), { min: 0, max: 95 });
  }
  (p.channels ?? []).forEach((c, i) => {
    const name = c.queue?.name ?? c.queue?.id ?? `#${i + 1}`;
    if (c.monthly_volume != null) {
      add(t('prop.monthlyOf', { name }), (o) => o.channels[i].monthly_volume, (o, v) => (o.channels[i].monthly_volume = v), { min: 0 });
    } else if (c.daily_volume != null) {
      add(t('prop.dailyOf', { name }), (o) => o.channels[i].daily_volume, (o, v) => (o.channels[i].daily_volume = v), { min: 0 });
    }
    if (c.queue?.target) {
      add(t('prop.slOf', { name }), (o) => +(o.channels[i].queue.target.service_level * 100).toFixed(2), (o, v) => (o.channels[i].queue.target.service_level = v / 100), { min: 0, max: 100 });
    }
  });
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
    $('#prop-json').setAttribute('aria-invalid', 'true');
  }
}

export function renderProposal(ctx) {
  const ta = $('#prop-json');
  if (document.activeElement !== ta) ta.value = ctx.state.proposal ?? '';
  renderForm(ctx);
  if (report) renderSheet(ctx);
  else run(ctx);
}

function renderSheet() {
  const r = report.report;
  const cur = r.currency;
  const money = (x, d = 0) => `${fmtMoney(x, d)} ${cur}`;
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
  const options = (rows, caption) => {
    const tb = el('table', null, { class: 'numbers' });
    fillTable(tb, [
      { label: t('prop.option'), value: (x) => x.label },
      { label: t('prop.fte'), value: (x) => fmtNumber(x.fte, 1) },
      { label: t('prop.people'), value: (x) => fmtNumber(x.headcount) },
      { label: t('prop.price'), value: (x) => money(x.monthly_price) },
      { label: t('prop.perContact'), value: (x) => fmtMoney(x.price_per_contact, 2) },
    ], rows, { caption });
    return tb;
  };
  const two2 = el('div', null, { class: 'two' });
  two2.append(options(r.service_level_table, t('prop.slTable')), options(r.volume_sensitivity, t('prop.volTable')));
  sheet.append(two2);
  sheet.append(el('p', t('prop.shrinkage', { s: fmtPct(r.shrinkage, 1) }), { class: 'hint' }));
}
