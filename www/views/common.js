// Helpers every result view shares: the waiting note, per-day sums, summary lists, series
// colours, and the plan figures more than one view shows (FTE, a queue's target, weighted means).
import { t, fmtNumber, fmtBrief, fmtPct, fmtDateTime, fmtMoney } from '../i18n.js';
import { el, fillTable } from '../ui.js';

/**
 * The currency the scenario's costs are in (a page setting: the scenario format has no field
 * for it), shown with every cost as its word in the page's language (元 for CNY).
 */
let costCurrency = 'CNY';
export const COST_CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR', 'JPY', 'SGD'];
export function setCostCurrency(code) {
  costCurrency = COST_CURRENCIES.includes(code) ? code : 'CNY';
}
export function getCostCurrency() {
  return costCurrency;
}
/** A cost of the plan with its currency ("95,918 元", "95,918 CNY"). */
export function fmtCost(x, digits = 0) {
  if (x == null || Number.isNaN(x)) return '–';
  return t('money', { n: fmtMoney(x, digits), cur: t(`cur.${costCurrency}`) });
}

export const COLORS = ['#2563eb', '#a84300', '#237032', '#7048e8', '#c2255c', '#0b7285', '#b35c00', '#4d7c0f'];

export function waiting(box, key = 'plan.waiting') {
  box.textContent = '';
  box.append(el('p', t(key), { class: 'hint' }));
}

/** Sum (or weighted mean) of `values` per day of `timestamps`. */
export function perDay(timestamps, values, weights) {
  const out = new Map();
  timestamps.forEach((ts, i) => {
    const d = ts.slice(0, 10);
    const v = values[i];
    if (v == null) return;
    const w = weights ? weights[i] : 1;
    const o = out.get(d) ?? { sum: 0, w: 0 };
    o.sum += v * w;
    o.w += w;
    out.set(d, o);
  });
  return out;
}

export function dl(box, items) {
  box.textContent = '';
  for (const [k, v] of items) box.append(el('dt', t(k)), el('dd', v));
}

/** Mean of `xs` weighted by `ws` (nulls skipped). */
export function avg(xs, ws) {
  let s = 0;
  let w = 0;
  xs.forEach((x, i) => {
    if (x == null) return;
    s += x * ws[i];
    w += ws[i];
  });
  return w > 0 ? s / w : null;
}

export function fte(plan) {
  if (plan.schedule.fte != null) return plan.schedule.fte;
  const weeks = plan.scenario.horizon.days / 7;
  return plan.kpis.paid_hours / (40 * weeks);
}

export function target(q) {
  if (!q) return '–';
  if (q.channel === 'email') return t('kpi.window', { h: fmtNumber((q.response_window_minutes ?? 0) / 60, 1) });
  return q.target ? `${Math.round(q.target.service_level * 100)}/${q.target.answer_seconds}` : '–';
}

/**
 * Which agents the plan's figures count: `roster` (the named agents who will be there, their
 * shifts and breaks) or `schedule` (the shifts the optimiser asked for). Plans from engines
 * before `kpis.basis` existed are schedule-based.
 * @param {import('../types.js').Plan} plan
 * @returns {'roster'|'schedule'}
 */
export function basisOf(plan) {
  return plan?.kpis?.basis === 'roster' ? 'roster' : 'schedule';
}

/** The sentence that says which basis a figure has (shown next to every figure block). */
export function basisNote(plan) {
  const b = basisOf(plan);
  const short = (plan?.roster?.shortages ?? []).length;
  if (b === 'roster') return t('basis.roster');
  if (plan?.roster && short) return t('basis.scheduleShort', { n: fmtNumber(short) });
  return plan?.roster ? t('basis.scheduleRoster') : t('basis.schedule');
}

/** A small badge element naming the basis, for figure blocks. */
export function basisBadge(plan) {
  const b = basisOf(plan);
  const short = b === 'schedule' && (plan?.roster?.shortages ?? []).length > 0;
  return el('p', basisNote(plan), { class: `basis ${b}${short ? ' warn' : ''}`, 'data-basis': b });
}

/**
 * Agents missing per interval because the roster left scheduled shifts without an agent
 * (`roster.shortages`): each short shift's start and span laid on the horizon grid. Zero
 * everywhere without a roster.
 * @param {import('../types.js').Plan} plan
 * @returns {number[]}
 */
export function unstaffedPerInterval(plan) {
  const n = plan?.timestamps?.length ?? 0;
  const out = new Array(n).fill(0);
  const r = plan?.roster;
  if (!r || !n) return out;
  const step = plan.scenario.interval_minutes;
  const perDay = Math.round(1440 / step);
  for (const s of r.shortages ?? []) {
    const ty = r.shift_types?.[s.shift];
    const missing = Math.max(0, (s.requirement ?? 0) - (s.assigned ?? 0));
    if (!ty || !missing) continue;
    const [hh, mm] = ty.start.split(':').map(Number);
    const first = s.day * perDay + Math.floor((hh * 60 + mm) / step);
    const len = Math.ceil(ty.span_minutes / step);
    for (let i = first; i < Math.min(n, first + len); i++) out[i] += missing;
  }
  return out;
}

/** Rules by the planner's words for why they keep agents off a shift (short.reason.*). */
const REASON_OF_RULE = {
  min_total_minutes: 'no_contract_hours', max_total_minutes: 'no_contract_hours', max_minutes_per_week: 'no_contract_hours',
  forbidden_succession: 'rest', fixed_days_off: 'days_off', days_off_per_week: 'days_off', min_consecutive_days_off: 'days_off',
  max_consecutive_shifts: 'consecutive', min_consecutive_shifts: 'consecutive', max_weekends: 'weekends', max_shifts_per_type: 'shift_limit',
  pinned: 'pinned',
};

/**
 * Why a shift went unstaffed and what would fix it. The engine says both (`reason`:
 * `{code: 'blocked', rule}` | `{code: 'soft_costs'}` | `{code: 'needed_elsewhere'}` |
 * `{code: 'no_skill'}` | `{code: 'no_agents'}`; `fix`: a list of `{code: 'hire', agents}` |
 * `{code: 'relax', rule, agents}` | `{code: 'assign', agents: [ids]}` |
 * `{code: 'train', agents: [ids]}`, agents without the shift's skill, fewest missing first);
 * from an older engine without them, both are derived from the rules that bind.
 * @param {import('../types.js').RosterShortage} s
 * @returns {{reason: string, fixes: object[], derived: boolean}}
 */
export function shortageWhy(s) {
  const missing = Math.max(0, (s.requirement ?? 0) - (s.assigned ?? 0));
  if (s.reason) {
    const r = typeof s.reason === 'string' ? { code: s.reason } : s.reason;
    const reason = r.code === 'blocked' ? REASON_OF_RULE[r.rule] ?? 'rules' : r.code;
    const fixes = Array.isArray(s.fix) ? s.fix : s.fix ? [s.fix] : [];
    return { reason, fixes, derived: false };
  }
  const top = [...(s.binding ?? [])].sort((a, b) => b.agents - a.agents)[0];
  const reason = top ? REASON_OF_RULE[top.rule] ?? 'rules' : 'no_agents';
  const fixes = [{ code: 'hire', agents: missing }];
  if (top) fixes.push({ code: 'relax', rule: top.rule, agents: top.agents });
  return { reason, fixes, derived: true };
}

/**
 * A shortage's reason and fix as one sentence in the page's language; agents are named by
 * their names in `plan`'s scenario (the planner knows "Agent 064", not "S064").
 */
export function shortageText(s, plan) {
  const w = shortageWhy(s);
  // A code this page does not know yet is shown as the engine wrote it, not as a key.
  const word = (key, code) => (t(key) === key ? String(code).replaceAll('_', ' ') : t(key));
  const reason = word(`short.reason.${w.reason}`, w.reason);
  const fixes = w.fixes.map((f) => {
    const code = f.code ?? (f.hire != null ? 'hire' : f.relax ? 'relax' : f.assign ? 'assign' : '');
    if (code === 'hire') return t('short.fix.hire', { n: fmtNumber(f.agents ?? f.hire) });
    if (code === 'relax') {
      const rule = f.rule ?? f.relax;
      return t('short.fix.relax', { rule: word(`rule.${rule}`, rule) });
    }
    if (code === 'train') {
      const names = new Map((plan?.scenario?.agents ?? []).map((a) => [a.id, a.name || a.id]));
      const ids = (f.agents ?? []).map((id) => names.get(id) ?? id);
      return t('short.fix.train', { who: ids.slice(0, 3).join(t('short.or')), more: ids.length > 4 ? t('short.more', { n: ids.length - 3 }) : ids.length === 4 ? t('short.moreOne') : '' });
    }
    if (code === 'assign') {
      const names = new Map((plan?.scenario?.agents ?? []).map((a) => [a.id, a.name || a.id]));
      const ids = (f.agents ?? f.assign ?? []).map((id) => names.get(id) ?? id);
      return t('short.fix.assign', { who: ids.slice(0, 3).join(t('short.or')), more: ids.length > 4 ? t('short.more', { n: ids.length - 3 }) : ids.length === 4 ? t('short.moreOne') : '' });
    }
    return '';
  }).filter(Boolean);
  return fixes.length ? t('short.sentence', { reason, fix: fixes.join(t('short.or')) }) : reason;
}

/**
 * The roster's unstaffed shifts as understaffed intervals, for every view: one sentence (how
 * many agent-intervals, in how many intervals, why and what would fix it) and, behind a
 * disclosure, the intervals themselves. `null` when the roster staffs every shift.
 * @param {import('../types.js').Plan} plan
 */
export function unstaffedBlock(plan) {
  const r = plan?.roster;
  if (!r?.shortages?.length) return null;
  const un = unstaffedPerInterval(plan);
  const idx = un.map((x, i) => (x > 0 ? i : -1)).filter((i) => i >= 0);
  const total = un.reduce((a, b) => a + b, 0);
  const box = el('div', null, { class: 'unstaffed', role: 'note' });
  const top = [...r.shortages].sort((a, b) => (b.requirement - b.assigned) - (a.requirement - a.assigned))[0];
  box.append(el('p', t('short.block', { n: fmtNumber(total), intervals: fmtNumber(idx.length), shifts: fmtNumber(r.shortages.length), why: shortageText(top, plan) })));
  const d = el('details');
  d.append(el('summary', t('short.list')));
  const table = el('table', null, { class: 'numbers' });
  const rows = idx.map((i) => ({ ts: plan.timestamps[i], n: un[i] }));
  fillTable(table, [
    { label: t('common.time'), value: (x) => fmtDateTime(x.ts) },
    { label: t('short.missing'), value: (x) => fmtNumber(x.n), cls: 'bad' },
  ], rows, { caption: t('short.listCaption') });
  d.append(table);
  box.append(d);
  return box;
}

/** Fill a view's notes box with the plan's basis and its unstaffed intervals. */
export function planNotes(box, plan) {
  box.textContent = '';
  if (!plan) return;
  box.append(basisBadge(plan));
  const u = unstaffedBlock(plan);
  if (u) box.append(u);
}

/** Hour of day with the largest sum of `values` (for "mostly around 14:00"). */
function peakHour(timestamps, values) {
  const by = new Array(24).fill(0);
  timestamps.forEach((ts, i) => {
    by[Number(ts.slice(11, 13))] += values[i] ?? 0;
  });
  return `${String(by.indexOf(Math.max(...by))).padStart(2, '0')}:00`;
}

/**
 * Under- and over-staffing explained where it happens: intervals below the requirement (the
 * start windows and limits leave them open), agent-intervals above it (whole shifts of fixed
 * length cannot follow the curve) and shifts the roster adds for contract minimum hours. For
 * the Overview and the Schedule view.
 * @returns {{text: string, view: string, bad?: boolean}[]}
 */
export function staffingExplained(s, scenario, roster) {
  const out = [];
  const ts = s.coverage.map((c) => c.timestamp);
  const under = s.coverage.reduce((a, c) => a + c.under, 0);
  const underN = s.coverage.filter((c) => c.under > 1e-9).length;
  if (underN) {
    out.push({ text: t('ov.under', { n: fmtNumber(under, 1), intervals: fmtNumber(underN), at: peakHour(ts, s.coverage.map((c) => c.under)) }), view: 'schedule', bad: true });
  }
  const over = s.coverage.reduce((a, c) => a + c.over, 0);
  const scheduled = s.coverage.reduce((a, c) => a + c.scheduled, 0);
  if (scheduled > 0 && over / scheduled > 0.03) {
    const lens = [...new Set(scenario.shifts.templates.map((x) => (typeof x.length_minutes === 'number' ? x.length_minutes / 60 : null)).filter((x) => x != null))];
    out.push({
      text: t('ov.over', {
        n: fmtNumber(over), share: fmtPct(over / scheduled, 0), len: lens.length ? lens.map((h) => fmtBrief(h, 1)).join('/') : '–',
        at: peakHour(ts, s.coverage.map((c) => c.over)),
      }),
      view: 'schedule',
    });
  }
  if (roster) {
    const worked = roster.agents.reduce((a, x) => a + x.shifts.length, 0);
    const extra = worked - s.shift_count + (roster.shortages ?? []).reduce((a, x) => a + Math.max(0, x.requirement - x.assigned), 0);
    if (extra > 0) out.push({ text: t('ov.contractExtra', { n: fmtNumber(extra) }), view: 'roster' });
  }
  return out;
}
