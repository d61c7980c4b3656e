// The roster the planner keeps: the published version (frozen, survives reloads, exports and
// validates), the draft (the last roster shown, so an unchanged re-plan gives it back), the
// pins (kept across re-plans and reloads) and the undo stack of this session.
//
// Shifts are kept by what they are (template, start, span: the engine's ShiftKey), never by
// their index in one plan's `shift_types`, because every plan has its own table. The engine's
// `planRosterAgainst` re-plans against such a roster with minimal change.

/** @typedef {{template: string, start: string, span_minutes: number}} ShiftKey */
/** @typedef {{agent: string, date: string, shift: ShiftKey|null}} KeyedPin */
/** @typedef {{start: string, agents: {agent: string, cells: (ShiftKey|null)[]}[], pins?: KeyedPin[]}} PublishedRoster */

const UNDO_DEPTH = 20;

/** The empty roster state (saved in AppState.roster). */
export function emptyRosterState() {
  return { published: null, draft: null, pins: [] };
}

/** @param {import('./types.js').RosterShiftType} t */
export const keyOf = (t) => (t ? { template: t.template, start: t.start, span_minutes: t.span_minutes } : null);

export const sameKey = (a, b) => (a == null && b == null)
  || (a != null && b != null && a.template === b.template && a.start === b.start && a.span_minutes === b.span_minutes);

/**
 * A plan's roster with its shifts by key, one line per agent.
 * @param {import('./types.js').PlanRoster} r
 * @returns {PublishedRoster}
 */
export function keyed(r) {
  return {
    start: r.days[0],
    agents: r.agents.map((a) => {
      const cells = r.days.map(() => null);
      for (const s of a.shifts) cells[s.day] = keyOf(r.shift_types[s.shift]);
      return { agent: a.id, cells };
    }),
  };
}

/** The cell of `agent` on `date` in a keyed roster (`undefined` when it has none there). */
export function cellAt(k, agent, date) {
  if (!k) return undefined;
  const line = k.agents.find((l) => l.agent === agent);
  if (!line) return undefined;
  const [y, m, d] = k.start.split('-').map(Number);
  const [y2, m2, d2] = date.split('-').map(Number);
  const offset = Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y, m - 1, d)) / 86400000);
  return offset >= 0 && offset < line.cells.length ? line.cells[offset] : undefined;
}

/**
 * The roster state of the page, bound to the saved state.
 * @param {import('./context.js').AppState} state
 * @param {() => void} save
 */
export function createRosterBook(state, save) {
  const undo = [];
  const book = () => {
    if (!state.roster) state.roster = emptyRosterState();
    return state.roster;
  };
  return {
    /** What a re-plan keeps: the published roster, else the draft (null: roster afresh). */
    reference() {
      const b = book();
      return b.published?.roster ?? b.draft ?? null;
    },
    pins: () => book().pins,
    published: () => book().published,
    /** Remember the roster now shown as the draft. */
    shown(r) {
      book().draft = r ? keyed(r) : null;
      save();
    },
    /** Add (or replace) a pin; the previous roster and pins go on the undo stack. */
    pin(p, roster) {
      const b = book();
      undo.push({ roster, pins: b.pins });
      if (undo.length > UNDO_DEPTH) undo.shift();
      b.pins = [...b.pins.filter((x) => x.agent !== p.agent || x.date !== p.date), p];
      save();
    },
    unpin(agent, date, roster) {
      const b = book();
      undo.push({ roster, pins: b.pins });
      b.pins = b.pins.filter((x) => x.agent !== agent || x.date !== date);
      save();
    },
    /** Forget a pin the engine can no longer hold (not an edit: no undo). */
    drop(agent, date) {
      const b = book();
      b.pins = b.pins.filter((x) => x.agent !== agent || x.date !== date);
      save();
    },
    isPinned: (agent, date) => book().pins.some((x) => x.agent === agent && x.date === date),
    canUndo: () => undo.length > 0,
    /** The roster and pins before the last edit (and forget it). */
    undo() {
      const last = undo.pop();
      if (!last) return null;
      book().pins = last.pins;
      save();
      return last;
    },
    /** Freeze the roster shown as the published version (with the plan it belongs to). */
    publish(plan, at) {
      const b = book();
      const version = (b.published?.version ?? 0) + 1;
      b.published = { version, at, roster: keyed(plan.roster), plan };
      save();
      return version;
    },
    /** A new scenario: forget everything kept for the old one. */
    reset() {
      state.roster = emptyRosterState();
      undo.length = 0;
      save();
    },
  };
}
