// Starter values for what a planner has not said yet: a contract, labour rules, and a whole
// scenario made from one history file. Every value a starter assumes is listed (as an
// assumption code with parameters, worded by i18n `as.*`) so the Overview can ask the planner
// to confirm it; nothing here is hidden from them.

/** A full-time-like contract: up to 40 h a week, 5 days in a row, 2 days off a week. */
export function starterContract(id, { maxWeekMinutes = 2400, horizonDays = 7 } = {}) {
  const weeks = Math.max(1, horizonDays / 7);
  return {
    id, min_minutes: 0, max_minutes: Math.round(maxWeekMinutes * weeks), max_minutes_per_week: maxWeekMinutes,
    max_consecutive_days: 5, min_consecutive_days: 1, min_consecutive_days_off: 1, min_days_off_per_week: 2,
    max_weekends: Math.max(1, Math.round(weeks)), max_shifts: {},
  };
}

/** 11 h rest between shifts, every rule hard but the weekly days off and minimum hours. */
export function starterRules() {
  return {
    min_rest_minutes: 660, forbidden_successions: [],
    soft: [{ rule: 'days_off_per_week', weight: 30 }, { rule: 'min_total_minutes', weight: 1 }],
    preference_weight: 0, rotation: null,
  };
}

/**
 * A starter scenario for one imported history: one voice queue, the week after the history,
 * open 24/7, 9-hour shifts (one unpaid hour) starting on any hour, a full-time and a part-time
 * contract and the starter rules; with the list of what it assumed.
 * @param {object} view readHistory's answer
 * @param {string} name the file name
 * @param {(key: string, vars?: object) => string} t
 * @param {(iso: string, n: number) => string} addDays
 */
export function scenarioFromHistory(view, name, t, addDays) {
  const hi = view.interval_minutes;
  const interval = [15, 30, 60].includes(hi) ? hi : hi < 30 && 30 % hi === 0 ? 30 : 60;
  const lastDay = view.summary.last.slice(0, 10);
  const allDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const ahts = (view.aht_seconds ?? []).filter((x) => x != null && x > 0);
  const aht = ahts.length ? Math.round(ahts.reduce((a, b) => a + b, 0) / ahts.length) : 240;
  const base = name.replace(/\.[^.]*$/, '');
  const shrinkage = { combine: 'additive', components: { breaks: 0, training: 0.04, meetings: 0.03, absence: 0.06, other: 0.02 } };
  const scenario = {
    version: 1,
    name: t('new.name', { name: base }),
    interval_minutes: interval,
    horizon: { start: addDays(lastDay, 1), days: 7 },
    opening_hours: Object.fromEntries(allDays.map((d) => [d, [{ open: '00:00', close: '24:00' }]])),
    queues: [{
      id: 'calls', name: base, channel: 'voice', aht_seconds: aht,
      target: { service_level: 0.8, answer_seconds: 20 }, patience_seconds: 120, max_occupancy: 0.9,
    }],
    history: { calls: name },
    forecast: { method: 'auto' },
    shrinkage,
    shifts: {
      interval_minutes: interval,
      cyclic: true,
      templates: [{
        name: '9h',
        days: allDays,
        start: { earliest: '00:00', latest: '23:00', step_minutes: 60 },
        length_minutes: 540,
        breaks: [{ minutes: 60, earliest_offset_minutes: 180, latest_offset_minutes: 300, paid: false }],
        cost: { per_shift: 0, per_paid_hour: 40, night_premium: { from: '22:00', to: '06:00', per_hour: 8 } },
        max_per_day: null,
      }],
      understaffing_penalty: 200,
    },
    solver: { schedule_work: 10000000, roster_iterations: 300000, seed: 1 },
    contracts: [starterContract('full_time'), { ...starterContract('part_time', { maxWeekMinutes: 1440 }) }],
    agents: [],
    rules: starterRules(),
  };
  const items = [
    { key: ahts.length ? 'ahtData' : 'aht', params: { s: aht } },
    { key: 'target', params: { sl: 80, s: 20, patience: 120, occ: 90 } },
    { key: 'shrinkage', params: { p: 15 } },
    { key: 'hours' },
    { key: 'horizon', params: { start: scenario.horizon.start } },
    { key: 'shift', params: { cost: 40, night: 8 } },
    { key: 'contracts' },
    { key: 'rules' },
  ];
  return { scenario, assumptions: { items, confirmed: false } };
}
