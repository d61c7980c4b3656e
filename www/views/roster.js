// The Roster view (agents x days), shown only when the Plan carries a `roster` part
// (PlanRoster in types.js): a grid of shift codes with changed and pinned cells marked, the
// kept roster's controls (publish, undo, export the published plan), the cell editor (pin a
// shift or a day off and re-optimise), the shifts nobody works with the reason and the fix,
// fairness per contract, the rules bent and one .ics calendar per agent.
//
// The grid is a WAI-ARIA grid: one cell is in the tab order, arrow keys, Home/End and
// PageUp/PageDown move, Enter edits. Only the rows in view are in the DOM (plus a margin), so
// a team of thousands scrolls as smoothly as the demo's seventy.
//
// Shift types are a table (`roster.shift_types`) that every rostered shift, shortage and
// change refers to by index; a cell shows the type's short code ("E8", "L14:30"). Pins and
// the published roster name shifts by key (published.js), since each plan has its own table.
import { t, fmtNumber, fmtDay, fmtDate } from '../i18n.js';
import { horizonDays, icsAt, isWeekend, pad2 } from '../dates.js';
import { $, el, download, fillTable } from '../ui.js';
import { keyOf, sameKey, cellAt } from '../published.js';
import { basisBadge, shortageText } from './common.js';
import { agentSkills, shiftLine, groupName } from './skills.js';

/**
 * Short unique codes per template: "early" -> "E", "evening" -> "EV"; a name that does not
 * start with a letter ("9h") keeps up to three characters and a separator ("9h·"), so the start
 * hour that follows stays readable ("9h·10").
 */
function templateCodes(names) {
  const out = new Map();
  for (const name of names) {
    let n = 1;
    if (!/^\p{L}/u.test(name)) {
      let code = `${name.slice(0, 3)}·`;
      while ([...out.values()].includes(code)) code = `${name.slice(0, 3)}${++n}·`;
      out.set(name, code);
      continue;
    }
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
    // A multi-skill roster has one type per skill group for the same shift: one code for them
    // (pins and the published roster name shifts by template, start and span, not by group).
    const same = shiftDefs.get(id);
    if (same && same.start === ty.start && same.minutes === ty.span_minutes && same.template === ty.template) return same;
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
      const idx = days.map(() => null);
      for (const s of a.shifts) idx[s.day] = s.shift;
      // The day's shift as rostered: its start, end and this agent's breaks (multi-skill plans).
      const worked = days.map(() => null);
      for (const s of a.shifts) if (s.start) worked[s.day] = s;
      return { agent: a.id, name: a.name || a.id, shifts, index: idx, worked, minutes: a.paid_hours * 60, fairness: fair.get(a.id) };
    }),
    shiftDefs,
    /** The shown shift of a roster shift type (types of one shift in several groups share one). */
    defOf: (index) => byIndex[index],
    raw: r,
  };
}

/** Rows for the roster CSV: agent, name, day, shift. */
export function rosterCsv(plan) {
  const m = rosterModel(plan);
  const rows = [];
  for (const a of m?.agents ?? []) {
    a.shifts.forEach((s, i) => {
      const w = a.worked[i];
      const breaks = (w?.breaks ?? []).map((b) => `${b.start.slice(11, 16)}+${b.minutes}${b.paid === false ? 'u' : ''}`).join(' ');
      if (s) rows.push([a.agent, a.name, m.days[i], s, w?.start ?? '', w?.end ?? '', breaks]);
    });
  }
  return [['agent', 'name', 'day', 'shift', 'start', 'end', 'breaks'], rows];
}

const icsText = (s) => String(s).replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');

/**
 * One agent's shifts as an iCalendar file. Times are floating local times (no zone): the plan's
 * wall-clock times, whatever the phone's zone.
 */
export function agentIcs(model, agent, planName) {
  const events = [];
  agent.shifts.forEach((id, i) => {
    const def = model.shiftDefs.get(id);
    if (!id || !def) return;
    const [hh, mm] = def.start.split(':').map(Number);
    const start = hh * 60 + mm;
    events.push({ uid: `${agent.agent}-${model.days[i]}-${id}@paiban`, start: icsAt(model.days[i], start),
      end: icsAt(model.days[i], start + def.minutes), summary: `${id} — ${planName}` });
  });
  return icsCalendar(events);
}

/** Events {uid, start, end, summary} (iCalendar local times) as one calendar file (also the
 * agent's day of views/day.js: shift, breaks and sessions). */
export function icsCalendar(events) {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//paiban//roster//EN', 'CALSCALE:GREGORIAN'];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${icsText(e.uid)}`, `DTSTAMP:${e.start}`, `DTSTART:${e.start}`,
      `DTEND:${e.end}`, `SUMMARY:${icsText(e.summary)}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

/** Row height of the grid in px (CSS `table.roster tbody tr` has the same). */
const ROW_PX = 30;
/** Rows rendered above and below the visible ones. */
const OVERSCAN = 5;
/** Grid state kept across re-renders of the same plan: the active cell and the scroll. */
const grid = { row: 0, col: 0 };

/** How each cell is marked: changed since the published roster (or by the last edit), pinned. */
function marks(ctx, m) {
  const book = ctx.rosterBook;
  const pub = book.published()?.roster;
  const changed = new Set();
  if (pub) {
    for (const a of m.agents) {
      a.index.forEach((i, d) => {
        const before = cellAt(pub, a.agent, m.days[d]);
        if (before !== undefined && !sameKey(before, keyOf(m.raw.shift_types[i]))) changed.add(`${a.agent}|${d}`);
      });
    }
  } else {
    for (const c of m.raw.changes ?? []) changed.add(`${c.agent}|${c.day}`);
  }
  const pinned = new Set(book.pins().map((p) => `${p.agent}|${m.days.indexOf(p.date)}`));
  return { changed, pinned, against: pub ? 'published' : 'edit' };
}

/** The cell editor: a shift or a day off for the active cell, pinned, and the roster re-optimised. */
function editor(ctx, m, mk, refocus) {
  const form = el('form', null, { id: 'roster-pin', class: 'pin-form', 'aria-labelledby': 'pin-title' });
  form.append(el('strong', t('roster.editTitle'), { id: 'pin-title' }));
  const where = el('span', '', { id: 'pin-where', class: 'pin-where', 'aria-live': 'polite' });
  const sel = (label, id, options) => {
    const l = el('label', label, { for: id });
    const x = el('select', null, { id });
    for (const [value, text] of options) x.append(el('option', text, { value }));
    form.append(l, x);
    return x;
  };
  const agent = sel(t('roster.agent'), 'pin-agent', m.agents.map((a) => [a.agent, a.name]));
  const day = sel(t('roster.day'), 'pin-day', m.days.map((d, i) => [String(i), fmtDay(d)]));
  const defs = [...m.shiftDefs.values()].sort((a, b) => a.id.localeCompare(b.id));
  const shift = sel(t('roster.shift'), 'pin-shift', [['', t('roster.off')], ...defs.map((d) => [String(d.index), `${d.id} ${d.start}`])]);
  // The selected agent's week: each day's shift with its times and this agent's breaks.
  const week = el('details', null, { id: 'roster-week', class: 'agent-week' });
  const weekTitle = el('summary', '');
  const weekList = el('ul');
  week.append(weekTitle, weekList);
  const go = el('button', t('roster.pin'), { type: 'submit', class: 'button' });
  const unpin = el('button', t('roster.unpin'), { type: 'button', id: 'pin-remove' });
  form.append(go, unpin, where);
  const sync = () => {
    const a = m.agents.find((x) => x.agent === agent.value);
    const d = Number(day.value);
    const cur = a?.index[d];
    shift.value = cur == null ? '' : String(m.defOf(cur)?.index ?? cur);
    unpin.hidden = !mk.pinned.has(`${agent.value}|${d}`);
    const line = a?.worked[d] ? ` · ${shiftLine(a.worked[d])}` : '';
    where.textContent = a ? `${a.name} · ${fmtDate(m.days[d])}${line}` : '';
    week.hidden = !a?.worked.some(Boolean);
    if (a && week.dataset.agent !== a.agent) {
      week.dataset.agent = a.agent;
      weekTitle.textContent = t('sk.weekOf', { name: a.name });
      weekList.replaceChildren(...m.days.map((day, i) => el('li', `${fmtDay(day)}: ${a.worked[i] ? `${a.shifts[i]} ${shiftLine(a.worked[i])}` : t('roster.off')}`)));
    }
  };
  agent.addEventListener('change', sync);
  day.addEventListener('change', sync);
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      refocus();
    }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    go.disabled = true;
    try {
      const idx = shift.value === '' ? null : Number(shift.value);
      await ctx.pinRoster({ agent: agent.value, date: m.days[Number(day.value)], shift: idx == null ? null : keyOf(m.raw.shift_types[idx]) });
    } catch (err) {
      ctx.showPlanError(err);
    } finally {
      go.disabled = false;
    }
  });
  unpin.addEventListener('click', () => ctx.unpinRoster(agent.value, m.days[Number(day.value)]));
  form.week = week;
  form.fill = (a, d, focus = true) => {
    agent.value = a;
    day.value = String(d);
    sync();
    if (focus) shift.focus();
  };
  return form;
}

/** Publish, undo, export: the kept roster's controls and what they say. */
function keepBar(ctx, m, mk) {
  const book = ctx.rosterBook;
  const bar = el('div', null, { class: 'row keep-bar' });
  const pub = book.published();
  const publish = el('button', t('roster.publish'), { type: 'button', class: 'button', id: 'roster-publish' });
  publish.addEventListener('click', () => {
    const v = book.publish(ctx.current.plan, new Date().toISOString());
    ctx.invalidate('roster');
    $('#roster-status').textContent = t('roster.publishedNow', { v });
  });
  const undo = el('button', t('roster.undo'), { type: 'button', id: 'roster-undo' });
  undo.disabled = !book.canUndo();
  undo.addEventListener('click', () => ctx.undoRoster());
  const exp = el('button', t('roster.exportPublished'), { type: 'button', id: 'roster-export-published' });
  exp.disabled = !pub?.plan;
  exp.addEventListener('click', () => {
    if (!pub?.plan) return;
    download(`published-v${pub.version}.plan.json`, 'application/json', `${JSON.stringify(pub.plan, null, 1)}\n`);
  });
  bar.append(publish, undo, exp);
  const status = pub
    ? t('roster.publishedAs', { v: pub.version, at: fmtDate(pub.at.slice(0, 10)), n: fmtNumber(mk.changed.size) })
    : t('roster.notPublished');
  const pins = book.pins().length;
  bar.append(el('span', `${status}${pins ? ` ${t('roster.pins', { n: fmtNumber(pins) })}` : ''}`, { id: 'roster-status', class: 'hint', role: 'status' }));
  if (ctx.current.droppedPins?.length) bar.append(el('span', t('roster.droppedPins', { n: fmtNumber(ctx.current.droppedPins.length) }), { class: 'hint bad' }));
  return bar;
}

/** The grid: header, visible rows between two spacers, keyboard navigation. */
function gridTable(ctx, m, mk, ids, form) {
  const cols = m.days.length;
  // Each agent's skills: a column only when the team has skills (more than one queue, and
  // some agent limited to some of them; a team whose agents all serve every queue has none).
  const scenario = ctx.current.plan?.scenario;
  const withSkills = (scenario?.queues?.length ?? 0) > 1 && (scenario?.agents ?? []).some((a) => a.skills?.length);
  const skillsOf = new Map(m.agents.map((a) => [a.agent, withSkills ? agentSkills(ctx, scenario, a.agent) : '']));
  const extra = 7 + (withSkills ? 1 : 0);
  const dayLabels = m.days.map((d) => fmtDay(d));
  const offLabel = t('roster.off');
  const markLabels = { changed: t('roster.mark.changed'), pinned: t('roster.mark.pinned') };
  const box = el('div', null, { class: 'roster-scroll' });
  const table = el('table', null, {
    class: 'roster numbers', role: 'grid', id: 'roster-table',
    'aria-rowcount': String(m.agents.length + 1), 'aria-colcount': String(cols + extra),
  });
  // The grid's name (a caption would sit between the sticky header and the rows).
  table.setAttribute('aria-label', t('roster.caption', { agents: fmtNumber(m.agents.length), days: fmtNumber(cols) }));
  // Fixed column widths (table-layout: fixed): a repaint lays out only the new rows instead of
  // measuring every cell of the team again.
  const colgroup = el('colgroup');
  const widths = [9, ...(withSkills ? [9] : []), ...m.days.map(() => 5.2), 5.6, 4, 4, 4, 5.4, 5];
  for (const w of widths) {
    const c = el('col');
    c.style.width = `${w}rem`;
    colgroup.append(c);
  }
  table.append(colgroup);
  table.style.width = `${widths.reduce((x, y) => x + y, 0)}rem`;
  const head = el('tr', null, { 'aria-rowindex': '1' });
  head.append(el('th', t('roster.agent'), { scope: 'col' }));
  if (withSkills) head.append(el('th', t('sk.agentSkills'), { scope: 'col' }));
  m.days.forEach((d, i) => head.append(el('th', dayLabels[i], { scope: 'col', class: isWeekend(d) ? 'weekend' : null })));
  for (const k of ['roster.hours', 'roster.earlies', 'roster.lates', 'roster.nights', 'roster.weekends', 'roster.calendar']) head.append(el('th', t(k), { scope: 'col' }));
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  table.append(thead, tbody);
  box.append(table);
  grid.row = Math.min(grid.row, m.agents.length - 1);
  grid.col = Math.min(grid.col, cols - 1);
  let shownRange = [-1, -1];

  // Cells are light (text, class, two data attributes): a jump scroll in a team of thousands
  // builds a few thousand of them. Screen readers take the agent and the day from the row and
  // column headers; a mark is a visually hidden word in the cell.
  const cellOf = (a, i, ri) => {
    const id = a.shifts[i];
    const key = `${a.agent}|${i}`;
    const changed = mk.changed.has(key);
    const pinned = mk.pinned.has(key);
    const td = document.createElement('td');
    td.textContent = id || '·';
    if (!id) td.setAttribute('aria-label', offLabel);
    td.className = `${id ? `code c${ids.indexOf(id) % 8}` : 'off'}${changed ? ' changed' : ''}${pinned ? ' pinned' : ''}`;
    td.tabIndex = ri === grid.row && i === grid.col ? 0 : -1;
    td.dataset.day = String(i);
    td.dataset.row = String(ri);
    if (a.worked[i]) td.title = shiftLine(a.worked[i]);
    if (changed || pinned) {
      const sr = document.createElement('span');
      sr.className = 'visually-hidden';
      sr.textContent = ` (${[changed ? markLabels.changed : null, pinned ? markLabels.pinned : null].filter(Boolean).join(', ')})`;
      td.append(sr);
    }
    return td;
  };
  const rowOf = (a, ri) => {
    const tr = el('tr', null, { 'aria-rowindex': String(ri + 2) });
    tr.dataset.agent = a.agent;
    tr.append(el('th', a.name, { scope: 'row' }));
    if (withSkills) {
      const sk = skillsOf.get(a.agent);
      tr.append(el('td', sk, { class: 'skills-cell', title: sk }));
    }
    a.shifts.forEach((_, i) => tr.append(cellOf(a, i, ri)));
    const f = a.fairness ?? {};
    const ics = el('button', '.ics', { type: 'button', class: 'link', 'aria-label': t('roster.ics', { name: a.name }), tabindex: '-1' });
    ics.disabled = m.shiftDefs.size === 0;
    ics.addEventListener('click', () => download(`${String(a.agent).replace(/[^\p{L}\p{N}_-]+/gu, '_')}.ics`, 'text/calendar',
      agentIcs(m, a, ctx.state.scenario?.name ?? 'paiban')));
    const icsCell = el('td');
    icsCell.append(ics);
    tr.append(
      el('td', fmtNumber(a.minutes / 60, 1)), el('td', fmtNumber(f.earlies)), el('td', fmtNumber(f.lates)),
      el('td', fmtNumber(f.nights)), el('td', fmtNumber(f.weekends)), icsCell,
    );
    return tr;
  };
  const spacer = (rows) => {
    const tr = el('tr', null, { class: 'spacer', 'aria-hidden': 'true' });
    const td = el('td', null, { colspan: String(cols + extra) });
    td.style.height = `${rows * ROW_PX}px`;
    tr.append(td);
    return tr;
  };
  // The box has its own height (not its content's), so the first paint knows how many rows fit.
  box.style.height = `${Math.min(Math.round(window.innerHeight * 0.65), (m.agents.length + 2) * ROW_PX + 48)}px`;
  const paint = (force = false) => {
    const top = box.scrollTop;
    const view = box.clientHeight || Math.round(window.innerHeight * 0.65);
    const first = Math.max(0, Math.floor(top / ROW_PX) - OVERSCAN);
    const last = Math.min(m.agents.length, Math.ceil((top + view) / ROW_PX) + OVERSCAN);
    if (!force && first === shownRange[0] && last === shownRange[1]) return;
    shownRange = [first, last];
    const rows = [];
    if (first > 0) rows.push(spacer(first));
    for (let ri = first; ri < last; ri++) rows.push(rowOf(m.agents[ri], ri));
    if (last < m.agents.length) rows.push(spacer(m.agents.length - last));
    tbody.replaceChildren(...rows);
  };
  let frame = 0;
  box.addEventListener('scroll', () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => paint());
  });
  const focusCell = (ri, ci) => {
    grid.row = Math.max(0, Math.min(m.agents.length - 1, ri));
    grid.col = Math.max(0, Math.min(cols - 1, ci));
    // Bring the row into view (below the sticky header), then render and focus it.
    const y = grid.row * ROW_PX;
    const headH = thead.offsetHeight || ROW_PX;
    if (y < box.scrollTop) box.scrollTop = y;
    else if (y + ROW_PX > box.scrollTop + box.clientHeight - headH) box.scrollTop = y + ROW_PX - box.clientHeight + headH;
    paint();
    for (const c of tbody.querySelectorAll('td[tabindex="0"]')) c.tabIndex = -1;
    const cell = tbody.querySelector(`td[data-row="${grid.row}"][data-day="${grid.col}"]`);
    if (cell) {
      cell.tabIndex = 0;
      cell.focus({ preventScroll: true });
      form.fill(cell.parentElement.dataset.agent, grid.col, false);
    }
  };
  tbody.addEventListener('keydown', (e) => {
    const cell = e.target.closest('td[data-day]');
    if (!cell) return;
    const ri = Number(cell.dataset.row);
    const ci = Number(cell.dataset.day);
    const page = Math.max(1, Math.floor(box.clientHeight / ROW_PX) - 1);
    const moves = {
      ArrowRight: [ri, ci + 1], ArrowLeft: [ri, ci - 1], ArrowDown: [ri + 1, ci], ArrowUp: [ri - 1, ci],
      Home: e.ctrlKey ? [0, 0] : [ri, 0], End: e.ctrlKey ? [m.agents.length - 1, cols - 1] : [ri, cols - 1],
      PageDown: [ri + page, ci], PageUp: [ri - page, ci],
    };
    if (moves[e.key]) {
      e.preventDefault();
      focusCell(...moves[e.key]);
    } else if (e.key === 'Enter' || e.key === ' ' || e.key === 'F2') {
      e.preventDefault();
      form.fill(cell.parentElement.dataset.agent, ci);
    }
  });
  tbody.addEventListener('click', (e) => {
    const cell = e.target.closest('td[data-day]');
    if (!cell) return;
    grid.row = Number(cell.dataset.row);
    grid.col = Number(cell.dataset.day);
    for (const c of tbody.querySelectorAll('td[tabindex="0"]')) c.tabIndex = -1;
    cell.tabIndex = 0;
    form.fill(cell.parentElement.dataset.agent, grid.col);
  });
  box.paint = paint;
  box.focusActive = () => focusCell(grid.row, grid.col);
  return box;
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
  const mk = marks(ctx, m);
  box.append(basisBadge(plan));
  const missing = (r.shortages ?? []).reduce((a, x) => a + Math.max(0, x.requirement - x.assigned), 0);
  const summary = el('dl', null, { class: 'summary' });
  for (const [k, v] of [
    ['roster.feasible', r.feasible ? t('roster.yes') : t('roster.no')],
    ['roster.cost', fmtNumber(r.cost)],
    ['roster.breaks', fmtNumber(r.breaks?.length ?? 0)],
    ['roster.shortages', t('roster.shortValue', { n: fmtNumber(r.shortages?.length ?? 0), agents: fmtNumber(missing) })],
  ]) summary.append(el('dt', t(k)), el('dd', v));
  box.append(summary);
  box.append(keepBar(ctx, m, mk));
  if (r.changes?.length && mk.against === 'edit') box.append(el('p', t('roster.changed', { n: fmtNumber(r.changes.length) }), { class: 'hint', id: 'roster-changes' }));
  else if (mk.changed.size) box.append(el('p', t('roster.changedSince', { n: fmtNumber(mk.changed.size) }), { class: 'hint', id: 'roster-changes' }));

  const ids = [...new Set(m.agents.flatMap((a) => a.shifts.filter(Boolean)))].sort();
  const legend = el('p', null, { class: 'roster-legend' });
  ids.forEach((id, i) => {
    const def = m.shiftDefs.get(id);
    legend.append(el('span', def ? `${id} ${def.start} +${def.minutes}′` : id, { class: `code c${i % 8}` }), ' ');
  });
  legend.append(el('span', t('roster.mark.changed'), { class: 'mark-key changed' }), ' ', el('span', t('roster.mark.pinned'), { class: 'mark-key pinned' }));
  box.append(legend);
  box.append(el('p', t('roster.keys'), { class: 'hint', id: 'roster-keys' }));

  let table = null;
  const form = editor(ctx, m, mk, () => table?.focusActive());
  table = gridTable(ctx, m, mk, ids, form);
  box.append(form, form.week, table);
  table.paint(true);
  const a0 = m.agents[grid.row];
  if (a0) form.fill(a0.agent, grid.col, false);

  if (r.shortages?.length) {
    const st = el('table', null, { class: 'numbers', id: 'roster-shortages' });
    fillTable(st, [
      { label: t('roster.day'), value: (x) => fmtDay(m.days[x.day]) },
      { label: t('roster.shift'), value: (x) => { const ty = r.shift_types[x.shift]; return ty ? `${ty.template} ${ty.start}` : '–'; } },
      // A multi-skill roster's shortage is a shift of one skill group.
      ...(plan.skills?.groups?.length ? [{ label: t('sk.group'), value: (x) => {
        const g = plan.skills.groups.find((y) => y.id === r.shift_types[x.shift]?.group);
        return g ? groupName(ctx, g) : '–';
      } }] : []),
      { label: t('roster.wanted'), value: (x) => fmtNumber(x.requirement) },
      { label: t('roster.rostered'), value: (x) => fmtNumber(x.assigned), cls: 'bad' },
      { label: t('roster.why'), value: (x) => shortageText(x, plan), cls: 'wrap' },
    ], r.shortages, { caption: t('roster.shortCaption') });
    box.append(st);
  }
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
    ], r.breaks, { caption: t('roster.bent') });
    box.append(br);
  }
}
