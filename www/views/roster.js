// The Roster view (agents x days), shown only when the Plan carries a `roster` part
// (PlanRoster in types.js): a grid of shift codes, fairness per agent and contract, the rules
// broken, the pin-and-re-optimise form and one .ics calendar per agent.
//
// Shift types are a table (`roster.shift_types`) that every rostered shift, shortage, pin and
// change refers to by index; a cell shows the type's short code ("E8", "L14:30").
import { t, fmtNumber, fmtDay } from '../i18n.js';
import { horizonDays, icsAt, isWeekend, pad2 } from '../dates.js';
import { $, el, download, fillTable } from '../ui.js';

/** Short unique codes per template: "early" -> "E", "evening" -> "EV". */
function templateCodes(names) {
  const out = new Map();
  for (const name of names) {
    let n = 1;
    let code = name.slice(0, 1).toUpperCase();
    while ([...out.values()].includes(code) && n < name.length) code = name.slice(0, ++n).toUpperCase();
    out.set(name, code);
  }
  return out;
}

/**
 * The grid model of a plan's roster: days, agents with one code (or '') per day, and the shift
 * definitions by code.
 * @param {import('../types.js').Plan} plan
 */
export function rosterModel(plan) {
  const r = plan?.roster;
  if (!r || !Array.isArray(r.agents) || !Array.isArray(r.shift_types)) return null;
  const codes = templateCodes((plan.scenario?.shifts?.templates ?? []).map((x) => x.name));
  const shiftDefs = new Map();
  const byIndex = r.shift_types.map((ty, index) => {
    const [hh, mm] = ty.start.split(':').map(Number);
    let id = `${codes.get(ty.template) ?? ty.template}${hh}${mm ? `:${pad2(mm)}` : ''}`;
    if (shiftDefs.has(id)) id = `${id}/${ty.span_minutes}`;
    const def = { id, index, start: ty.start, minutes: ty.span_minutes, template: ty.template };
    shiftDefs.set(id, def);
    return def;
  });
  const fair = new Map((r.fairness?.agents ?? []).map((f) => [f.agent, f]));
  const days = r.days ?? horizonDays(plan.scenario.horizon.start, plan.scenario.horizon.days);
  return {
    days,
    agents: r.agents.map((a) => {
      const shifts = days.map(() => '');
      for (const s of a.shifts) shifts[s.day] = byIndex[s.shift]?.id ?? '';
      return { agent: a.id, name: a.name || a.id, shifts, minutes: a.paid_hours * 60, fairness: fair.get(a.id) };
    }),
    shiftDefs,
    raw: r,
  };
}

/** Rows for the roster CSV: agent, name, day, shift. */
export function rosterCsv(plan) {
  const m = rosterModel(plan);
  const rows = [];
  for (const a of m?.agents ?? []) {
    a.shifts.forEach((s, i) => {
      if (s) rows.push([a.agent, a.name, m.days[i], s]);
    });
  }
  return [['agent', 'name', 'day', 'shift'], rows];
}

const icsText = (s) => String(s).replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');

/**
 * One agent's shifts as an iCalendar file. Times are floating local times (no zone): the plan's
 * wall-clock times, whatever the phone's zone.
 */
export function agentIcs(model, agent, planName) {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//paiban//roster//EN', 'CALSCALE:GREGORIAN'];
  agent.shifts.forEach((id, i) => {
    const def = model.shiftDefs.get(id);
    if (!id || !def) return;
    const [hh, mm] = def.start.split(':').map(Number);
    const start = hh * 60 + mm;
    lines.push('BEGIN:VEVENT', `UID:${icsText(`${agent.agent}-${model.days[i]}-${id}@paiban`)}`,
      `DTSTAMP:${icsAt(model.days[i], start)}`, `DTSTART:${icsAt(model.days[i], start)}`,
      `DTEND:${icsAt(model.days[i], start + def.minutes)}`, `SUMMARY:${icsText(`${id} — ${planName}`)}`, 'END:VEVENT');
  });
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

/** The "pin a cell and re-optimise" form; clicking a grid cell fills it in. */
function pinForm(ctx, m) {
  const form = el('form', null, { id: 'roster-pin', class: 'pin-form' });
  const field = (label, id, options) => {
    const l = el('label', label, { for: id });
    const sel = el('select', null, { id });
    for (const [value, text] of options) sel.append(el('option', text, { value }));
    form.append(l, sel);
    return sel;
  };
  const agent = field(t('roster.agent'), 'pin-agent', m.agents.map((a) => [a.agent, a.name]));
  const day = field(t('roster.day'), 'pin-day', m.days.map((d, i) => [String(i), fmtDay(d)]));
  const defs = [...m.shiftDefs.values()].sort((a, b) => a.id.localeCompare(b.id));
  const shift = field(t('roster.shift'), 'pin-shift', [['', t('roster.off')], ...defs.map((d) => [String(d.index), `${d.id} ${d.start}`])]);
  const go = el('button', t('roster.pin'), { type: 'submit', class: 'button' });
  form.append(go);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    go.disabled = true;
    try {
      await ctx.repairRoster({ agent: agent.value, day: Number(day.value), shift: shift.value === '' ? null : Number(shift.value) });
    } finally {
      go.disabled = false;
    }
  });
  form.fill = (a, d) => {
    agent.value = a;
    day.value = d;
    shift.focus();
  };
  return form;
}

export function renderRoster(ctx) {
  const plan = ctx.current.plan;
  const box = $('#roster-grid');
  box.textContent = '';
  if (!plan?.roster) return;
  const m = rosterModel(plan);
  if (!m) {
    box.append(el('p', t('roster.unknown'), { class: 'hint' }));
    return;
  }
  const r = m.raw;
  const summary = el('dl', null, { class: 'summary' });
  for (const [k, v] of [
    ['roster.feasible', r.feasible ? t('roster.yes') : t('roster.no')],
    ['roster.cost', fmtNumber(r.cost)],
    ['roster.breaks', fmtNumber(r.breaks?.length ?? 0)],
    ['roster.shortages', fmtNumber(r.shortages?.length ?? 0)],
  ]) summary.append(el('dt', t(k)), el('dd', v));
  box.append(summary);

  if (r.changes?.length) box.append(el('p', t('roster.changed', { n: fmtNumber(r.changes.length) }), { class: 'hint', id: 'roster-changes' }));
  box.append(pinForm(ctx, m));

  const ids = [...new Set(m.agents.flatMap((a) => a.shifts.filter(Boolean)))].sort();
  const legend = el('p', null, { class: 'roster-legend' });
  ids.forEach((id, i) => {
    const def = m.shiftDefs.get(id);
    legend.append(el('span', def ? `${id} ${def.start} +${def.minutes}′` : id, { class: `code c${i % 8}` }), ' ');
  });
  box.append(legend);

  const table = el('table', null, { class: 'roster numbers' });
  table.append(el('caption', t('roster.caption', { agents: fmtNumber(m.agents.length), days: fmtNumber(m.days.length) })));
  const head = el('tr');
  head.append(el('th', t('roster.agent'), { scope: 'col' }));
  for (const d of m.days) head.append(el('th', fmtDay(d), { scope: 'col', class: isWeekend(d) ? 'weekend' : null }));
  for (const k of ['roster.hours', 'roster.earlies', 'roster.lates', 'roster.nights', 'roster.weekends', 'roster.calendar']) head.append(el('th', t(k), { scope: 'col' }));
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  for (const a of m.agents) {
    const tr = el('tr');
    tr.append(el('th', a.name, { scope: 'row' }));
    a.shifts.forEach((id, i) => {
      if (!id) {
        const off = el('td', '·', { class: 'off', title: t('roster.off') });
        off.dataset.agent = a.agent;
        off.dataset.day = String(i);
        tr.append(off);
        return;
      }
      const def = m.shiftDefs.get(id);
      const td = el('td', id, { class: `code c${ids.indexOf(id) % 8}`, title: def ? `${m.days[i]} ${def.start} +${def.minutes}′` : m.days[i] });
      td.dataset.agent = a.agent;
      td.dataset.day = String(i);
      tr.append(td);
    });
    const f = a.fairness ?? {};
    const ics = el('button', '.ics', { type: 'button', class: 'link', 'aria-label': t('roster.ics', { name: a.name }) });
    ics.disabled = m.shiftDefs.size === 0;
    ics.addEventListener('click', () => download(`${String(a.agent).replace(/[^\p{L}\p{N}_-]+/gu, '_')}.ics`, 'text/calendar',
      agentIcs(m, a, ctx.state.scenario?.name ?? 'paiban')));
    const icsCell = el('td');
    icsCell.append(ics);
    tr.append(
      el('td', fmtNumber(a.minutes / 60, 1)), el('td', fmtNumber(f.earlies)), el('td', fmtNumber(f.lates)),
      el('td', fmtNumber(f.nights)), el('td', fmtNumber(f.weekends)), icsCell,
    );
    tbody.append(tr);
  }
  table.append(thead, tbody);
  tbody.addEventListener('click', (e) => {
    const cell = e.target.closest('td[data-agent]');
    if (cell) $('#roster-pin').fill(cell.dataset.agent, cell.dataset.day);
  });
  box.append(table);

  if (r.fairness?.spread?.length) {
    const sp = el('table', null, { class: 'numbers' });
    fillTable(sp, [
      { label: t('roster.contract'), value: (x) => x.contract },
      { label: t('roster.agents'), value: (x) => fmtNumber(x.agents) },
      { label: t('roster.lates'), value: (x) => fmtNumber(x.lates) },
      { label: t('roster.nights'), value: (x) => fmtNumber(x.nights) },
      { label: t('roster.weekends'), value: (x) => fmtNumber(x.weekends) },
      { label: t('roster.hours'), value: (x) => fmtNumber(x.minutes / 60, 1) },
    ], r.fairness.spread, { caption: t('roster.spread') });
    box.append(sp);
  }
  if (r.breaks?.length) {
    const br = el('table', null, { class: 'numbers' });
    fillTable(br, [
      { label: t('roster.agent'), value: (x) => m.agents.find((a) => a.agent === x.agent)?.name ?? x.agent },
      { label: t('roster.rule'), value: (x) => t(`rule.${x.rule}`) },
      { label: t('roster.units'), value: (x) => fmtNumber(x.units) },
    ], r.breaks, { caption: t('roster.breaks') });
    box.append(br);
  }
}
