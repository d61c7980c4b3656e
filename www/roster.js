// The roster view (agents x days), shown only when the Plan carries a `roster` part.
//
// The roster engine is not merged yet; this view reads the shape proposed to it:
//   roster: {
//     days: ["2024-11-25", ...],
//     agents: [{ id, name, paid_hours, shifts: [{ day, template, start, end, pinned? }] }]
//   }
// (`start`/`end` local ISO times; a day without a shift is a day off). Codes are the first
// letter(s) of the template names, coloured like the Gantt; fairness counts are derived here.
import { t, fmtNumber, fmtDay } from './i18n.js';
import { $, el, download } from './ui.js';

function codes(templates) {
  const out = new Map();
  for (const name of templates) {
    let n = 1;
    let code = name.slice(0, 1).toUpperCase();
    while ([...out.values()].includes(code) && n < name.length) code = name.slice(0, ++n).toUpperCase();
    out.set(name, code);
  }
  return out;
}

function weekend(day) {
  const [y, m, d] = day.split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 || wd === 6;
}

/** Rows for the roster CSV: agent, day, template, start, end. */
export function rosterCsv(r) {
  const rows = [];
  for (const a of r.agents) for (const s of a.shifts) rows.push([a.id, a.name, s.day, s.template, s.start, s.end]);
  return [['agent', 'name', 'day', 'template', 'start', 'end'], rows];
}

const icsTime = (iso) => `${iso.slice(0, 10).replaceAll('-', '')}T${iso.slice(11, 16).replace(':', '')}00`;
const icsText = (s) => String(s).replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');

/**
 * One agent's shifts as an iCalendar file. Times are floating local times (no zone), exactly
 * the wall-clock times of the plan; "24:00" ends become 00:00 of the next day.
 */
export function agentIcs(agent, planName) {
  const end = (iso) => {
    if (iso.slice(11, 16) !== '24:00') return icsTime(iso);
    const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
    return `${new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10).replaceAll('-', '')}T000000`;
  };
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//paiban//roster//EN', 'CALSCALE:GREGORIAN'];
  for (const s of agent.shifts) {
    lines.push('BEGIN:VEVENT', `UID:${icsText(`${agent.id}-${s.start}@paiban`)}`, `DTSTAMP:${icsTime(s.start)}`,
      `DTSTART:${icsTime(s.start)}`, `DTEND:${end(s.end)}`, `SUMMARY:${icsText(`${s.template} — ${planName}`)}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

export function renderRoster(ctx) {
  const r = ctx.current.plan?.roster;
  const box = $('#roster-grid');
  box.textContent = '';
  if (!r) return;
  if (!Array.isArray(r.days) || !Array.isArray(r.agents)) {
    box.append(el('p', t('roster.unknown'), { class: 'hint' }));
    return;
  }
  const templates = [...new Set(r.agents.flatMap((a) => a.shifts.map((s) => s.template)))];
  const code = codes(templates);
  const legend = el('p', null, { class: 'roster-legend' });
  templates.forEach((tp, i) => legend.append(el('span', `${code.get(tp)} = ${tp}`, { class: `code c${i % 8}` }), ' '));
  box.append(legend);

  const table = el('table', null, { class: 'roster numbers' });
  table.append(el('caption', t('roster.caption', { agents: fmtNumber(r.agents.length), days: fmtNumber(r.days.length) })));
  const head = el('tr');
  head.append(el('th', t('roster.agent'), { scope: 'col' }));
  for (const d of r.days) head.append(el('th', fmtDay(d), { scope: 'col', class: weekend(d) ? 'weekend' : null }));
  for (const k of ['roster.hours', 'roster.shifts', 'roster.weekends', 'roster.late', 'roster.calendar']) head.append(el('th', t(k), { scope: 'col' }));
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  for (const a of r.agents) {
    const tr = el('tr');
    tr.append(el('th', a.name ?? a.id, { scope: 'row' }));
    const byDay = new Map(a.shifts.map((s) => [s.day, s]));
    let weekends = 0;
    let late = 0;
    for (const d of r.days) {
      const s = byDay.get(d);
      if (!s) {
        tr.append(el('td', '·', { class: 'off', title: t('roster.off') }));
        continue;
      }
      if (weekend(d)) weekends++;
      if (Number(s.end.slice(11, 13)) >= 21 || s.end.slice(0, 10) > d) late++;
      const td = el('td', code.get(s.template), {
        class: `code c${templates.indexOf(s.template) % 8}${s.pinned ? ' pinned' : ''}`,
        title: `${s.template} ${s.start.slice(11)}–${s.end.slice(11)}`,
      });
      tr.append(td);
    }
    const ics = el('button', '.ics', { type: 'button', class: 'link', 'aria-label': t('roster.ics', { name: a.name ?? a.id }) });
    ics.addEventListener('click', () => download(`${String(a.id).replace(/[^\p{L}\p{N}_-]+/gu, '_')}.ics`, 'text/calendar',
      agentIcs(a, ctx.state.scenario?.name ?? 'paiban')));
    const icsCell = el('td');
    icsCell.append(ics);
    tr.append(
      el('td', fmtNumber(a.paid_hours, 1)), el('td', fmtNumber(a.shifts.length)),
      el('td', fmtNumber(weekends)), el('td', fmtNumber(late)), icsCell,
    );
    tbody.append(tr);
  }
  table.append(thead, tbody);
  box.append(table);
}

