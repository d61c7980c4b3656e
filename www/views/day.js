// The agent's day (issue 21): a Gantt of shifts, breaks, activity sessions and hours off per
// team (one row per agent on a date) and per agent (one row per day of the horizon), the
// agent's .ics with breaks and sessions, and the intraday re-plan (actuals so far, running hot
// or quiet, -> moved breaks, overtime, call-ins and VTO with their service effect).
// The sessions come from the plan itself when it was made with its activities (`plan.day`, the
// CLI), else from the engine's `agentDay` in the worker; only the visible rows are drawn.
import { t, fmtNumber, fmtPct } from '../i18n.js';
import { icsAt } from '../dates.js';
import { $, el, fillTable, download } from '../ui.js';
import { icsCalendar } from './roster.js';

const ROW_PX = 28;
const OVERSCAN = 6;
/** Placement per plan object (the worker's answer), so re-rendering does not re-place. */
const placed = new WeakMap();
const view = { date: null, team: '', agent: null, focus: 0 };

// The Gantt's own styles (kept with the view that draws it).
const CSS = `
.dayg { position: relative; height: 60vh; overflow: auto; border: 1px solid var(--line, #ccc); border-radius: 6px; }
.dayg-inner { position: relative; min-width: 640px; }
.dayg-row { position: absolute; left: 0; right: 0; height: ${ROW_PX}px; display: flex; align-items: center; gap: .5rem; cursor: pointer; }
.dayg-row:focus { outline: 2px solid #2563eb; outline-offset: -2px; }
.dayg-row:hover { background: rgba(37, 99, 235, .06); }
.dayg-label { flex: 0 0 11rem; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; font-size: .85rem; padding-left: .3rem; }
.dayg-track { position: relative; flex: 1; height: 18px; background: repeating-linear-gradient(90deg, transparent 0, transparent calc(100% / 30 * 3 - 1px), rgba(0,0,0,.08) calc(100% / 30 * 3 - 1px), rgba(0,0,0,.08) calc(100% / 30 * 3)); }
.dayg-axis { display: flex; gap: .5rem; min-width: 640px; font-size: .75rem; color: #555; height: 1.1rem; }
.dayg-track.plain { background: none; }
.dayg-tick { position: absolute; transform: translateX(-50%); }
.dayg-bar { position: absolute; top: 0; bottom: 0; border-radius: 3px; display: inline-block; min-width: 2px; }
.dayg-legend .dayg-bar { position: static; width: 1.2rem; height: .8rem; vertical-align: middle; }
.dayg-bar.shift { background: #93c5fd; }
.dayg-bar.break { background: #e5e7eb; top: 3px; bottom: 3px; }
.dayg-bar.session { background: #f59e0b; top: 2px; bottom: 2px; }
.dayg-bar.session.training, .dayg-bar.session.coaching { background: #16a34a; }
.dayg-bar.leave { background: repeating-linear-gradient(45deg, #dc2626 0, #dc2626 3px, #fecaca 3px, #fecaca 6px); }
`;
// A constructed sheet: the page's CSP (style-src 'self') refuses inline <style> elements.
if (typeof document !== 'undefined' && typeof CSSStyleSheet === 'function') {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

const hm = (iso) => iso.slice(11, 16);
const minutesOf = (iso, date) => {
  const d = (Date.parse(`${iso.slice(0, 10)}T00:00Z`) - Date.parse(`${date}T00:00Z`)) / 60000;
  return d + Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
};
const addMin = (iso, m) => new Date(Date.parse(`${iso}:00Z`) + m * 60000).toISOString().slice(0, 16);

/** Every rostered shift as {agent, name, team, date, start, end, breaks, sessions, leave}. */
function timelines(p, day) {
  const names = new Map((p.scenario.agents ?? []).map((a) => [a.id, a]));
  const dates = p.roster.days;
  const sessionsOf = new Map();
  if (day?.timelines) {
    for (const tl of day.timelines) sessionsOf.set(`${tl.agent}|${tl.day}`, { sessions: tl.sessions, leave: tl.leave ?? [] });
  } else if (day?.placement) {
    for (const ad of day.placement.agents) {
      sessionsOf.set(`${ad.agent}|${ad.day}`, {
        sessions: ad.sessions.map((s) => ({ ...s, name: p.scenario.activities[s.activity]?.name ?? '?', kind: p.scenario.activities[s.activity]?.kind })),
        leave: [],
      });
    }
  }
  const out = [];
  for (const a of p.roster.agents) {
    const info = names.get(a.id);
    for (const s of a.shifts) {
      const extra = sessionsOf.get(`${a.id}|${s.day}`) ?? { sessions: [], leave: [] };
      out.push({
        agent: a.id, name: info?.name ?? a.id, team: (info?.skills ?? []).join(' + '), day: s.day, date: dates[s.day],
        start: s.start, end: s.end, breaks: s.breaks, sessions: extra.sessions, leave: extra.leave,
      });
    }
  }
  return out;
}

function describe(tl) {
  const parts = [`${tl.name} (${tl.agent}) ${tl.date} ${hm(tl.start)}–${hm(tl.end)}`];
  for (const b of tl.breaks) parts.push(t('day.break', { at: hm(b.start), min: b.minutes }));
  for (const s of tl.sessions) parts.push(`${s.name} ${hm(s.start)} (${s.minutes} min)`);
  for (const h of tl.leave) parts.push(t('day.hoursOff', { at: hm(h.start), min: h.minutes }));
  return parts.join('; ');
}

/** One Gantt row: the shift bar with breaks, sessions and hours off on a 0-30 h axis. */
function row(tl, label, scale) {
  const r = el('div', null, { class: 'dayg-row', role: 'listitem', tabindex: '-1', 'aria-label': describe(tl), 'data-agent': tl.agent, 'data-day': String(tl.day) });
  r.append(el('span', label, { class: 'dayg-label' }));
  const track = el('span', null, { class: 'dayg-track', 'aria-hidden': 'true' });
  const bar = (cls, from, minutes, title) => {
    const b = el('span', null, { class: `dayg-bar ${cls}`, title });
    b.style.left = `${(from / scale) * 100}%`;
    b.style.width = `${(minutes / scale) * 100}%`;
    track.append(b);
  };
  const s0 = minutesOf(tl.start, tl.date);
  bar('shift', s0, minutesOf(tl.end, tl.date) - s0, `${hm(tl.start)}–${hm(tl.end)}`);
  for (const b of tl.breaks) bar('break', minutesOf(b.start, tl.date), b.minutes, t('day.break', { at: hm(b.start), min: b.minutes }));
  for (const h of tl.leave) bar('leave', minutesOf(h.start, tl.date), h.minutes, t('day.hoursOff', { at: hm(h.start), min: h.minutes }));
  for (const s of tl.sessions) bar(`session ${s.kind ?? ''}`, minutesOf(s.start, tl.date), s.minutes, `${s.name} ${hm(s.start)}`);
  r.append(track);
  return r;
}

/** Draw only the rows in view (plus overscan) into a fixed-height scroller. */
function virtualList(box, rows, make) {
  box.textContent = '';
  const inner = el('div', null, { class: 'dayg-inner', role: 'list', 'aria-label': t('day.rows', { n: rows.length }) });
  inner.style.height = `${rows.length * ROW_PX}px`;
  box.append(inner);
  view.focus = Math.max(0, Math.min(view.focus, rows.length - 1));
  const draw = () => {
    const had = box.contains(document.activeElement);
    const first = Math.max(0, Math.floor(box.scrollTop / ROW_PX) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((box.scrollTop + (box.clientHeight || 400)) / ROW_PX) + OVERSCAN);
    inner.textContent = '';
    for (let i = first; i < last; i++) {
      const r = make(rows[i], i);
      r.style.top = `${i * ROW_PX}px`;
      r.dataset.index = String(i);
      if (i === view.focus) r.tabIndex = 0;
      inner.append(r);
    }
    if (!inner.querySelector('[tabindex="0"]') && inner.firstChild) inner.firstChild.tabIndex = 0;
    // Redrawing replaces the rows: keep the keyboard focus on the active one.
    if (had) inner.querySelector(`[data-index="${view.focus}"]`)?.focus({ preventScroll: true });
  };
  box.onscroll = draw;
  // Keyboard: up/down/home/end move between rows (scrolling them into view), Enter opens
  // the agent's week.
  box.onkeydown = (ev) => {
    const keys = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity, PageDown: 10, PageUp: -10 };
    if (ev.key === 'Enter') {
      const r = ev.target.closest('.dayg-row');
      if (r) r.click();
      return;
    }
    if (!(ev.key in keys)) return;
    ev.preventDefault();
    view.focus = Math.max(0, Math.min(rows.length - 1, view.focus + keys[ev.key]));
    const top = view.focus * ROW_PX;
    if (top < box.scrollTop || top + ROW_PX > box.scrollTop + box.clientHeight) box.scrollTop = Math.max(0, top - box.clientHeight / 2);
    draw();
    inner.querySelector(`[data-index="${view.focus}"]`)?.focus();
  };
  draw();
}

/** The agent's shifts, breaks and sessions as iCalendar events (floating local times). */
export function dayIcs(tls, planName) {
  const events = [];
  for (const tl of tls) {
    const at = (iso) => icsAt(tl.date, minutesOf(iso, tl.date));
    const uid = (what, iso) => `${tl.agent}-${iso}-${what}@paiban`;
    events.push({ uid: uid('shift', tl.start), start: at(tl.start), end: at(tl.end), summary: `${t('day.shift')} — ${planName}` });
    for (const b of tl.breaks) events.push({ uid: uid('break', b.start), start: at(b.start), end: at(addMin(b.start, b.minutes)), summary: t('day.breakTitle') });
    for (const s of tl.sessions) events.push({ uid: uid(`session-${s.activity}`, s.start), start: at(s.start), end: at(addMin(s.start, s.minutes)), summary: s.name });
    for (const h of tl.leave) events.push({ uid: uid('leave', h.start), start: at(h.start), end: at(addMin(h.start, h.minutes)), summary: t('day.leaveTitle') });
  }
  return icsCalendar(events);
}

async function dayOf(ctx, p) {
  if (p.day) return p.day;
  const acts = p.scenario.activities ?? [];
  if (!acts.length && !p.scenario.leave) return null;
  if (!placed.has(p)) placed.set(p, ctx.engine.call('agentDay', { plan: JSON.stringify(p) }));
  return placed.get(p);
}

export async function renderDay(ctx) {
  const p = ctx.current.plan;
  const box = $('#day-gantt');
  const note = $('#day-note');
  if (!p?.roster) {
    box.textContent = '';
    note.textContent = t('day.noRoster');
    return;
  }
  let day = null;
  try {
    day = await dayOf(ctx, p);
    note.textContent = day ? '' : t('day.noActivities');
  } catch (e) {
    note.textContent = t('day.failed', { message: e.message ?? String(e) });
  }
  if (ctx.current.plan !== p) return;
  const tls = timelines(p, day);
  const dates = p.roster.days;
  if (!dates.includes(view.date)) view.date = dates[0];
  const dateSel = $('#day-date');
  dateSel.textContent = '';
  for (const d of dates) dateSel.append(el('option', d, { value: d }));
  dateSel.value = view.date;
  const teams = [...new Set(tls.map((x) => x.team))].sort();
  const teamSel = $('#day-team');
  teamSel.textContent = '';
  teamSel.append(el('option', t('day.allTeams'), { value: '' }));
  for (const x of teams) teamSel.append(el('option', x, { value: x }));
  if (!teams.includes(view.team)) view.team = '';
  teamSel.value = view.team;
  dateSel.onchange = () => { view.date = dateSel.value; view.agent = null; view.focus = 0; renderDay(ctx); };
  teamSel.onchange = () => { view.team = teamSel.value; view.agent = null; view.focus = 0; renderDay(ctx); };
  const scale = 30 * 60;
  // Hour labels over the tracks (every 3 h, 0-30 h: night shifts run past midnight).
  let axis = $('#day-axis');
  if (!axis) {
    axis = el('div', null, { id: 'day-axis', class: 'dayg-axis', 'aria-hidden': 'true' });
    axis.append(el('span', null, { class: 'dayg-label' }));
    const track = el('span', null, { class: 'dayg-track plain' });
    for (let h = 0; h < 30; h += 3) {
      const tick = el('span', `${String(h % 24).padStart(2, '0')}:00`, { class: 'dayg-tick' });
      tick.style.left = `${(h / 30) * 100}%`;
      track.append(tick);
    }
    axis.append(track);
    box.before(axis);
  }
  const back = $('#day-back');
  const ics = $('#day-ics');
  if (view.agent) {
    const mine = tls.filter((x) => x.agent === view.agent);
    $('#day-title').textContent = t('day.agentTitle', { name: mine[0]?.name ?? view.agent, id: view.agent });
    back.hidden = false;
    ics.hidden = false;
    back.onclick = () => { view.agent = null; view.focus = 0; renderDay(ctx); };
    ics.onclick = () => download(`${String(view.agent).replace(/[^\p{L}\p{N}_-]+/gu, '_')}-day.ics`, 'text/calendar', dayIcs(mine, p.scenario.name));
    virtualList(box, mine, (x) => row(x, x.date, scale));
  } else {
    const rows = tls.filter((x) => x.date === view.date && (!view.team || x.team === view.team))
      .sort((a, b) => a.start.localeCompare(b.start) || a.agent.localeCompare(b.agent));
    $('#day-title').textContent = t('day.teamTitle', { date: view.date, n: rows.length });
    back.hidden = true;
    ics.hidden = true;
    virtualList(box, rows, (x) => {
      const r = row(x, `${x.agent} ${x.name}`, scale);
      r.addEventListener('click', () => { view.agent = x.agent; view.focus = 0; renderDay(ctx); });
      return r;
    });
  }
  // What the placer could not do as asked (the plan keeps its service; the planner acts).
  const ul = $('#day-placement');
  ul.textContent = '';
  const acts = p.scenario.activities ?? [];
  for (const w of day?.placement_warnings ?? []) {
    const name = acts[w.activity]?.name ?? String(w.activity);
    const when = w.date ?? t('day.inHorizon');
    if (w.kind === 'no_free_time') ul.append(el('li', t('day.warn.no_free_time', { name, agent: w.agent, when })));
    else if (w.kind === 'unplaced') ul.append(el('li', t('day.warn.unplaced', { name, n: w.agents.length, agents: w.agents.slice(0, 5).join(', '), when })));
    else if (w.kind === 'below_floor') ul.append(el('li', t('day.warn.below_floor', { name, start: day.groups[w.group]?.start ?? '' })));
  }
  ul.hidden = !ul.childElementCount;
  // Service with and without the sessions, and the leave verdicts.
  const service = day?.service ?? [];
  fillTable($('#day-service'), [
    { label: t('common.queue'), value: (q) => ctx.queueName(q.queue) },
    { label: t('day.without'), value: (q) => fmtPct(q.without, 1) },
    { label: t('day.with'), value: (q) => fmtPct(q.with, 1) },
  ], service.filter((q) => q.without != null));
  const leave = day?.leave?.decisions ?? day?.leave ?? [];
  fillTable($('#day-leave'), [
    { label: t('day.agent'), value: (d) => d.agent },
    { label: t('day.date'), value: (d) => d.date },
    { label: t('day.verdict'), value: (d) => t(`day.verdict.${d.verdict}`), cls: (d) => (d.verdict === 'granted' ? null : 'bad') },
    { label: t('day.hoursOffFloor'), value: (d) => fmtNumber(d.hours_off_floor, 1) },
  ], Array.isArray(leave) ? leave : []);
}

/** Wire the intraday controls once. */
export function setupDay(ctx) {
  $('#intraday-run').addEventListener('click', async () => {
    const p = ctx.current.plan;
    const out = $('#intraday-out');
    if (!p?.roster) return;
    const date = view.date ?? p.roster.days[0];
    const now = `${date}T${$('#intraday-now').value || '10:00'}`;
    const hot = Number($('#intraday-hot').value || 0) / 100;
    const k0 = p.timestamps.indexOf(`${date}T00:00`);
    const k1 = p.timestamps.indexOf(now);
    if (k0 < 0 || k1 < 0) {
      out.textContent = t('day.badNow');
      return;
    }
    // Actuals so far: the forecast running `hot` above (or below) itself.
    const actuals = p.forecast.filter((f) => f.volume).map((f) => ({ queue: f.queue, volume: f.volume.slice(k0, k1).map((v) => Math.round(v * (1 + hot) * 100) / 100) }));
    const histories = Object.fromEntries(Object.entries(ctx.state.histories ?? {}).filter(([, h]) => h).map(([q, h]) => [q, h.text]));
    $('#intraday-run').disabled = true;
    out.textContent = t('day.replanning');
    try {
      const r = await ctx.engine.call('intraday', { plan: JSON.stringify(p), request: JSON.stringify({ now, actuals }), histories });
      out.textContent = '';
      const before = el('table', null, { class: 'numbers', id: 'intraday-service' });
      fillTable(before, [
        { label: t('common.queue'), value: (q) => ctx.queueName(q.queue) },
        { label: t('day.before'), value: (q) => fmtPct(q.plan, 1) },
        { label: t('day.afterBreaks'), value: (q) => fmtPct(q.breaks_moved, 1) },
        { label: t('day.afterAll'), value: (q) => fmtPct(q.all_proposals, 1) },
      ], r.rest_of_day.filter((q) => q.plan != null), { caption: t('day.restOfDay', { now: hm(now) }) });
      const props = el('table', null, { class: 'numbers', id: 'intraday-proposals' });
      fillTable(props, [
        { label: t('day.proposal'), value: (x) => (x.shift ? `${t(`day.kind.${x.kind}`)}: ${x.shift.template}` : t(`day.kind.${x.kind}`)) },
        { label: t('day.agent'), value: (x) => x.agent },
        { label: t('day.from'), value: (x) => hm(x.start) },
        { label: t('day.minutes'), value: (x) => fmtNumber(x.minutes) },
        { label: t('day.cost'), value: (x) => fmtNumber(x.cost, 0) },
        { label: t('day.effect'), value: (x) => x.effect.filter((e) => e.before != null).map((e) => `${ctx.queueName(e.queue)} ${fmtPct(e.before, 1)} → ${fmtPct(e.after, 1)}`).join('; ') },
      ], r.proposals, { caption: t('day.proposals', { n: r.proposals.length, moved: r.breaks_moved.length, sessions: r.sessions_moved?.length ?? 0 }) });
      out.append(before, props);
    } catch (e) {
      out.textContent = t('day.failed', { message: e.message ?? String(e) });
    } finally {
      $('#intraday-run').disabled = false;
    }
  });
}
