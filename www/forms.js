// Form helpers shared by the views that edit a JSON document (the scenario, the proposal):
// JSON paths (`queues[1].target.service_level`), and values typed in the planner's units
// (percent, hours, HH:MM) read into the document's (fractions, minutes) with a message in the
// page's language when they do not fit.
import { t, fmtBrief } from './i18n.js';

export function parsePath(path) {
  return path.split(/\.|\[|\]/).filter(Boolean).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}
export function getPath(obj, path) {
  return parsePath(path).reduce((o, k) => (o == null ? undefined : o[k]), obj);
}
export function setPath(obj, path, value) {
  const keys = parsePath(path);
  let o = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    if (o[keys[i]] == null) o[keys[i]] = typeof keys[i + 1] === 'number' ? [] : {};
    o = o[keys[i]];
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
}

export const TIME_RE = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/**
 * A typed value from the planner's units to the scenario's, or an error message (in the
 * page's language, naming the unit). pct: percent → fraction; hours: hours → minutes; time:
 * HH:MM; number: a plain number. `opts.min`/`opts.max` are in the planner's units.
 */
export function readValue(kind, raw, opts) {
  const text = raw.trim();
  if (kind === 'time') return TIME_RE.test(text) ? { value: text } : { error: t('form.needTime') };
  if (kind !== 'number' && kind !== 'pct' && kind !== 'hours') return { value: raw };
  if (text === '') {
    if (!opts.optional) return { error: t('form.needNumber') };
    return { value: opts.emptyNull ? null : undefined };
  }
  const x = Number(text.replace(',', '.'));
  if (!Number.isFinite(x)) return { error: t(kind === 'pct' ? 'form.needPct' : 'form.needNumber') };
  if (opts.integer && !Number.isInteger(x)) return { error: t('form.needInteger') };
  const unit = kind === 'pct' ? '%' : kind === 'hours' ? t('unit.h') : '';
  if ((opts.min != null && x < opts.min) || (opts.max != null && x > opts.max)) {
    const key = opts.min != null && opts.max != null ? 'form.range' : opts.min != null ? 'form.atLeast' : 'form.atMost';
    return { error: t(key, { min: fmtBrief(opts.min ?? 0, 2), max: fmtBrief(opts.max ?? 0, 2), unit }) };
  }
  if (opts.above != null && !(x > opts.above)) return { error: t('form.above', { min: fmtBrief(opts.above, 2), unit }) };
  if (kind === 'pct') return { value: +(x / 100).toFixed(6) };
  if (kind === 'hours') return { value: Math.round(x * 60) };
  return { value: x };
}

/** A scenario value shown in the planner's units. */
export function showValue(kind, v) {
  if (v == null) return '';
  if (kind === 'pct') return String(+(v * 100).toFixed(4));
  if (kind === 'hours') return String(+(v / 60).toFixed(2));
  return String(v);
}
