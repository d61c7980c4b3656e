// Helpers every result view shares: the waiting note, per-day sums, summary lists, series
// colours, and the plan figures more than one view shows (FTE, a queue's target, weighted means).
import { t, fmtNumber } from '../i18n.js';
import { el } from '../ui.js';

export const COLORS = ['#2f6fdf', '#d9480f', '#2b8a3e', '#7048e8', '#c2255c', '#0b7285', '#e67700', '#5c940d'];

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
