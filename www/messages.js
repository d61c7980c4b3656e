// Engine messages in the page's language. The engine sends warnings as codes with parameters
// (`{code: 'cover_not_met', agent_intervals, intervals}`) and errors as a kind with parameters
// (`{kind: 'invalid_field', params: {path, expected, found}}`); this module words them through
// i18n.js. The engine's English `message` is the fallback for anything without a translation.
import { t, fmtNumber, getLang } from './i18n.js';

// The schedule solver still words its notes itself (until it reports codes): known notes by
// their English text, the way gettext keys a message.
/**
 * A plan warning as a sentence.
 * @param {import('./types.js').PlanWarning | string} w
 */
export function warningText(w) {
  if (typeof w === 'string') return w;
  switch (w.code) {
    case 'forecast': {
      const p = { ...w.warning, queue: w.queue };
      if (typeof p.factor === 'number') p.factor = fmtNumber(p.factor, 2);
      return t(`pw.forecast.${w.warning.kind}`, p);
    }
    case 'cover_not_met':
      return t('pw.cover_not_met', { agent_intervals: fmtNumber(w.agent_intervals, 1), intervals: fmtNumber(w.intervals) });
    case 'schedule_lp_not_solved':
      return t('pw.schedule_lp_not_solved', { reason: w.reason });
    case 'time_cap_bound':
      return t('pw.time_cap_bound', {
        solver: t(`solver.${w.solver}`), work: fmtNumber(w.work), budget: fmtNumber(w.budget), seconds: fmtNumber(w.seconds, 1),
      });
    default:
      return JSON.stringify(w);
  }
}

/**
 * An engine error as a sentence: the translated template of its kind, or its English message.
 * @param {import('./types.js').EngineError} e
 */
export function errorText(e) {
  if (!e?.params || getLang() === 'en') return String(e?.message ?? e);
  const key = `err.${e.kind}`;
  const params = { ...e.params };
  if (params.expected) params.expected = expectedText(params.expected);
  const s = t(key, params);
  return s === key ? String(e.message) : s;
}

// The engine's most frequent "expected …" phrases (error::positive, non_negative, fraction and
// the grid checks), worded from their shape; anything else stays as the engine wrote it.
const EXPECTED = [
  [/^a finite number > 0$/, () => t('exp.positive')],
  [/^a (finite )?number >= 0$/, () => t('exp.nonNegative')],
  [/^a number between (\S+) and (\S+)$/, (m) => t('exp.between', { lo: m[1], hi: m[2] })],
  [/^15, 30 or 60$/, () => t('exp.interval')],
  [/^exactly one of (\w+) and (\w+)$/, (m) => t('exp.oneOf', { a: m[1], b: m[2] })],
];

function expectedText(x) {
  for (const [re, f] of EXPECTED) {
    const m = re.exec(String(x));
    if (m) return f(m);
  }
  return x;
}

/**
 * A forecast method label (`seasonal_naive 10% + smoothing(profile_weeks=8, smoothed) 90%`,
 * the engine's description of the blend) in the page's language: each part's method name,
 * its settings and its weight. A part this page does not know is shown as the engine wrote it.
 * @param {string} method
 */
export function methodText(method) {
  if (!method) return '';
  return String(method).split(/\s*\+\s*/).map((part) => {
    const m = /^([a-z_]+)(?:\(([^)]*)\))?\s*(\d+(?:\.\d+)?%)?$/.exec(part.trim());
    if (!m) return part;
    const name = t(`m.${m[1]}`);
    if (name === `m.${m[1]}`) return part;
    const settings = (m[2] ?? '').split(/\s*,\s*/).filter(Boolean).map((x) => {
      const kv = /^(\w+)=(\d+)$/.exec(x);
      if (kv) return t('m.weeks', { n: kv[2] });
      const key = `m.flag.${x.replace(/\s+/g, '_')}`;
      return t(key) === key ? x : t(key);
    });
    return `${name}${settings.length ? ` (${settings.join(t('m.sep'))})` : ''}${m[3] ? ` ${m[3]}` : ''}`;
  }).join(' + ');
}
