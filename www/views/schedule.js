// The Schedule view: required vs scheduled coverage, the day's Gantt of shifts and breaks, the
// shift list and the per-template totals; `scheduleCsv` is the export's shape.
import { t, fmtNumber, fmtDate, fmtPct, fmtDateTime } from '../i18n.js';
import { lineChart } from '../charts.js';
import { datesOf, isoToSeconds, pad2 } from '../dates.js';
import { $, el, fillTable, lazy } from '../ui.js';
import { waiting, dl, planNotes, unstaffedPerInterval, staffingExplained, fmtCost } from './common.js';
import { fillScope, scopeSeries } from './skills.js';

export function scheduleCsv(s) {
  const header = ['template', 'start', 'end', 'count', 'paid_hours', 'cost', 'breaks'];
  const rows = s.shifts.map((x) => [
    x.template, x.start, x.end, x.count, x.paid_hours, x.cost,
    x.breaks.map((b) => `${b.start.slice(11)}+${b.minutes}${b.paid ? '' : 'u'}`).join(' '),
  ]);
  return [header, rows];
}

export function renderSchedule(ctx) {
  const s = ctx.current.schedule;
  if (!s) {
    waiting($('#sch-chart'));
    $('#gantt').textContent = '';
    return;
  }
  const plan = ctx.current.plan ?? null;
  planNotes($('#sch-notes'), plan);
  const under = s.coverage.reduce((a, c) => a + c.under, 0);
  const over = s.coverage.reduce((a, c) => a + c.over, 0);
  dl($('#sch-summary'), [
    ['kpi.cost', fmtCost(s.cost)],
    ['kpi.paidHours', fmtNumber(s.paid_hours)],
    ['kpi.shifts', fmtNumber(s.shift_count)],
    ['sch.gap', s.proven_optimal ? t('sch.optimal') : t('sch.gapValue', { gap: fmtPct(s.gap ?? 0, 1) })],
    ['sch.underOver', `${fmtNumber(under)} / ${fmtNumber(over)}`],
  ]);
  const xs = s.coverage.map((c) => isoToSeconds(c.timestamp));
  // A multi-skill plan: requirement and coverage of one queue or one skill group.
  const scopeSel = $('#sch-scope');
  const scoped = plan;
  const scope = fillScope(ctx, scopeSel, scoped);
  scopeSel.onchange = () => renderSchedule(ctx);
  const sc = scopeSeries(scoped, scope);
  const req = sc ? sc.required : s.coverage.map((c) => c.required);
  const got = sc ? sc.covered : s.coverage.map((c) => c.scheduled);
  // The scope's own shortfall and surplus (against the roster's agents when there are some).
  const note = $('#sch-scope-note');
  note.hidden = !sc;
  if (sc) {
    const have = sc.staffed ?? got;
    const under = req.reduce((a, x, i) => a + Math.max(0, x - have[i]), 0);
    const over = req.reduce((a, x, i) => a + Math.max(0, have[i] - x), 0);
    const figures = t('sk.scopeUnderOver', { under: fmtNumber(under, 1), over: fmtNumber(over, 1) });
    note.textContent = sc.kind === 'q' ? `${figures} ${t('sk.queueNote')}` : figures;
  }
  const top = req.map((x, i) => Math.max(x, got[i]));
  const series = [
    { label: sc ? t(sc.labels[0]) : t('sch.required'), values: req, color: '#1d2430', width: 2, step: true },
    { label: sc ? t(sc.labels[1]) : t('sch.scheduled'), values: got, color: '#2f6fdf', width: 1.5, step: true },
    { label: '', values: top, hidden: true, step: true },
  ];
  const bands = [
    { series: [3, 1], fill: 'rgba(43,138,62,0.30)' }, // over: between the top and the requirement
    { series: [3, 2], fill: 'rgba(180,35,24,0.40)' }, // under: between the top and the coverage
  ];
  // The schedule's shifts the roster leaves without an agent: coverage by who is really there.
  // With a roster, the agents at work per interval (the engine's kpis.at_work, breaks taken);
  // from an older engine, the schedule's coverage less the shifts nobody works.
  const un = plan && !sc ? unstaffedPerInterval(plan) : [];
  const atWork = sc ? (sc.staffed?.length === got.length ? sc.staffed : null)
    : plan?.kpis?.basis === 'roster' && plan.kpis.at_work?.length === got.length ? plan.kpis.at_work : null;
  if (atWork || (un.some((x) => x > 0) && un.length === got.length)) {
    const staffed = atWork ?? got.map((g, i) => Math.max(0, g - un[i]));
    series.push({ label: sc ? t('sk.groupRostered') : t('sch.staffed'), values: staffed, color: '#b42318', width: 1.5, step: true, dash: [5, 3] });
    bands.push({ series: [2, 4], fill: 'rgba(180,35,24,0.18)' });
  }
  lineChart($('#sch-chart'), xs, series, { bands });
  $('#sch-chart').dataset.scope = sc ? scope : '';
  $('#sch-chart').setAttribute('aria-label', t('sch.chartLabel'));
  // Over- and under-staffing explained here, where the chart shows it.
  const why = $('#sch-why');
  why.textContent = '';
  for (const x of staffingExplained(s, ctx.state.scenario, plan?.roster)) why.append(el('li', x.text, { class: x.bad ? 'bad' : null }));
  lazy($('#sch-coverage').closest('details'), () => fillTable($('#sch-coverage'), [
    { label: t('common.time'), value: (c) => fmtDateTime(c.timestamp) },
    { label: t('sch.required'), value: (c) => fmtNumber(c.required, 1) },
    { label: t('sch.scheduled'), value: (c) => fmtNumber(c.scheduled, 1) },
    { label: t('sch.under'), value: (c) => fmtNumber(c.under, 1), cls: (c) => (c.under > 0 ? 'bad' : null) },
    { label: t('sch.over'), value: (c) => fmtNumber(c.over, 1) },
  ], s.coverage));

  const templates = [...new Set(s.shifts.map((x) => x.template))];
  const daySel = $('#gantt-day');
  const keep = daySel.value;
  daySel.textContent = '';
  for (const d of datesOf(s.coverage.map((c) => c.timestamp))) daySel.append(el('option', fmtDate(d), { value: d }));
  if ([...daySel.options].some((o) => o.value === keep)) daySel.value = keep;
  daySel.onchange = () => gantt(s, daySel.value, templates);
  gantt(s, daySel.value, templates);

  fillTable($('#sch-templates'), [
    { label: t('sch.template'), value: (x) => x.template },
    { label: t('kpi.shifts'), value: (x) => fmtNumber(x.shifts) },
    { label: t('kpi.paidHours'), value: (x) => fmtNumber(x.paid_hours) },
  ], s.templates ?? [], { caption: t('sch.byTemplate') });

  fillTable($('#sch-shifts'), [
    { label: t('sch.template'), value: (x) => x.template },
    { label: t('sch.start'), value: (x) => fmtDateTime(x.start) },
    { label: t('sch.end'), value: (x) => fmtDateTime(x.end) },
    { label: t('sch.breaks'), value: (x) => x.breaks.map((b) => `${b.start.slice(11)} ${t('unit.minutes', { n: b.minutes })}${b.paid ? '' : ` (${t('sch.unpaid')})`}`).join(', ') },
    { label: t('sch.count'), value: (x) => fmtNumber(x.count) },
    { label: t('kpi.paidHours'), value: (x) => fmtNumber(x.paid_hours * x.count, 1) },
    { label: t('kpi.cost'), value: (x) => fmtCost(x.cost * x.count) },
  ], s.shifts, { caption: t('sch.listCaption', { n: fmtNumber(s.shift_count) }) });
}

/** A Gantt of the shifts starting on `day`: one bar per shift instance group, breaks inside. */
function gantt(s, day, templates) {
  const box = $('#gantt');
  box.textContent = '';
  const list = s.shifts.filter((x) => x.start.startsWith(day));
  if (!list.length) {
    box.append(el('p', t('sch.noShifts'), { class: 'hint' }));
    return;
  }
  const d0 = isoToSeconds(`${day}T00:00`);
  const rel = (iso) => (isoToSeconds(iso) - d0) / 3600;
  const lo = Math.floor(Math.min(...list.map((x) => rel(x.start))));
  const hi = Math.ceil(Math.max(...list.map((x) => rel(x.end))));
  const span = Math.max(1, hi - lo);
  const pct = (h) => `${((h - lo) / span) * 100}%`;
  const axis = el('div', null, { class: 'gantt-axis', 'aria-hidden': 'true' });
  axis.append(el('span', ''));
  const ticks = el('div', null, { class: 'gantt-track' });
  // One tick an hour while they fit (about 3.5rem each), else every two or three hours.
  const room = Math.max(1, Math.floor((box.clientWidth || 800) / 56));
  const every = span <= room ? 1 : span <= 2 * room ? 2 : 3;
  for (let h = lo; h <= hi; h += every) {
    const tick = el('span', `${pad2(h % 24)}:00`, { class: 'tick' });
    tick.style.left = pct(h);
    ticks.append(tick);
  }
  axis.append(ticks);
  box.append(axis);
  const ul = el('ul', null, { class: 'gantt-rows', 'aria-label': t('sch.ganttLabel', { day: fmtDate(day) }) });
  for (const x of list) {
    const li = el('li', null, { class: 'gantt-row' });
    const label = `${x.template} ${x.start.slice(11)}–${x.end.slice(11)} × ${x.count}`;
    li.append(el('span', label, { class: 'gantt-label' }));
    const track = el('div', null, { class: 'gantt-track', 'aria-hidden': 'true' });
    const bar = el('div', null, { class: `gantt-bar c${templates.indexOf(x.template) % 8}` });
    bar.style.left = pct(rel(x.start));
    bar.style.width = `${((rel(x.end) - rel(x.start)) / span) * 100}%`;
    const len = rel(x.end) - rel(x.start);
    for (const b of x.breaks) {
      const br = el('span', null, { class: b.paid ? 'gantt-break' : 'gantt-break unpaid', title: `${b.start.slice(11)} ${b.minutes}′` });
      br.style.left = `${((rel(b.start) - rel(x.start)) / len) * 100}%`;
      br.style.width = `${(b.minutes / 60 / len) * 100}%`;
      bar.append(br);
    }
    bar.append(el('span', `×${x.count}`, { class: 'gantt-count' }));
    track.append(bar);
    li.append(track);
    ul.append(li);
  }
  box.append(ul);
}

