// The staged plan: one worker call per engine stage (forecast → requirements → schedule →
// roster → KPIs), each result shown as it lands, with progress, cancel (a newer scenario makes
// the running plan moot) and the plan's errors and warnings.
//
// The roster stage re-plans against the roster the planner keeps (published.js): the
// published version, else the last one shown, with the pins, so an unchanged re-plan gives
// the same roster and a changed one changes as little as it can. A pin re-optimises the
// roster on screen in the plan's own scenario; undo puts back the roster before the edit.
//
// Every stage's JSON goes back to the engine, which checks it against the scenario before use.
import { t } from './i18n.js';
import { $, el } from './ui.js';
import { warningText, errorText } from './messages.js';
import { keyed } from './published.js';
import { rosterFeedback } from './engine.js';

/** @typedef {import('./context.js').AppContext} AppContext */

/** Warning codes about the solvers, shown in the plan summary rather than on every view. */
export const SOLVER_NOTES = new Set(['schedule_lp_not_solved', 'time_cap_bound']);

/**
 * The pipeline bound to the page's context.
 * @param {AppContext} ctx
 */
export function createPipeline(ctx) {
  const { state, engine, current, perf } = ctx;
  let planStage = null;
  let busyTimer = null;
  let planGen = 0;
  let replanTimer = null;

  function showBusy(busy) {
    clearTimeout(busyTimer);
    if (!busy && !planStage) {
      $('#status').hidden = true;
      return;
    }
    // Only show the bar for work that takes a noticeable time.
    busyTimer = setTimeout(() => {
      if (!planStage) {
        $('#status-text').textContent = t('app.working');
        $('#status-progress').removeAttribute('value');
      }
      $('#status').hidden = false;
    }, 150);
  }

  function setStage(stage, value) {
    planStage = stage;
    showStage(stage, value);
  }

  /** The status bar's label and progress, for work that is not a plan stage (no cancel state). */
  function showStage(stage, value) {
    $('#status-text').textContent = t(`stage.${stage}`);
    $('#status-progress').value = value;
  }

  function replanSoon() {
    clearTimeout(replanTimer);
    replanTimer = setTimeout(() => runPlan(), 600);
  }

  function historyTexts() {
    const out = {};
    for (const [q, h] of Object.entries(state.histories ?? {})) if (h) out[q] = h.text;
    return out;
  }

  /** An engine error (or `null` to clear), with a link to the offending field. */
  function showPlanError(e) {
    const box = $('#plan-error');
    box.textContent = '';
    if (!e) {
      box.hidden = true;
      return;
    }
    const message = errorText(e);
    const where = e.path && !String(message).includes(e.path) ? ` (${e.path})` : '';
    box.append(el('strong', t('plan.failed')), el('span', ` ${message}${where}`));
    if (e.path && e.fix !== false) {
      const go = el('button', t('plan.fix'), { type: 'button', class: 'link' });
      go.addEventListener('click', () => {
        if (String(e.path).startsWith('history.')) {
          ctx.showTab('data');
          const q = String(e.path).slice('history.'.length);
          if ([...$('#data-queue').options].some((o) => o.value === q)) {
            $('#data-queue').value = q;
            $('#data-queue').dispatchEvent(new Event('change'));
          }
          $('#drop').focus();
          return;
        }
        ctx.showTab('scenario');
        ctx.focusError(e);
      });
      box.append(' ', go);
    }
    box.hidden = false;
  }

  /**
   * The engine's warnings (short history, events not learned, unmet cover, a time cap that
   * bound…), worded in the page's language from their codes.
   * @param {import('./types.js').PlanWarning[] | undefined} list
   */
  function showWarnings(list) {
    const box = $('#plan-warnings');
    const ul = $('#plan-warnings-list');
    ul.textContent = '';
    // Solver notes are details of how the plan was found: the summary shows them, in planner
    // words, behind a disclosure; the bar above every view keeps what changes the figures.
    const shown = (list ?? []).filter((w) => !SOLVER_NOTES.has(w.code));
    for (const w of shown) ul.append(el('li', warningText(w)));
    $('#plan-warnings-title').textContent = t('plan.warnings', { n: shown.length });
    box.hidden = !shown.length;
  }

  async function runPlan() {
    clearTimeout(replanTimer);
    if (!state.scenario) return;
    const gen = ++planGen;
    if (planStage) engine.cancel(); // a newer scenario makes the running plan moot
    const scenario = JSON.stringify(state.scenario);
    const histories = historyTexts();
    const t0 = performance.now();
    const mark = (k) => (perf.stages[k] = Math.round(performance.now() - t0));
    setStage('forecast', 0.05);
    showBusy(true);
    let ticker = null;
    try {
      const forecast = await engine.call('planForecast', { scenario, histories });
      if (gen !== planGen) return;
      mark('forecast');
      Object.assign(current, { forecast, requirements: null, schedule: null, plan: null, error: null, droppedPins: [] });
      showPlanError(null);
      showWarnings(forecast.warnings);
      ctx.invalidate('forecast');
      setStage('requirements', 0.3);
      const forecastJson = JSON.stringify(forecast);
      const requirements = await engine.call('planRequirements', { scenario, forecast: forecastJson });
      if (gen !== planGen) return;
      mark('requirements');
      current.requirements = requirements;
      ctx.invalidate('requirements');
      setStage('schedule', 0.4);
      // The solver stops at its work budget (a second or two in the browser for a week): advance
      // the bar with the clock meanwhile, as an estimate.
      const budget = 2000;
      const s0 = performance.now();
      ticker = setInterval(() => {
        $('#status-progress').value = 0.4 + 0.5 * Math.min(1, (performance.now() - s0) / budget);
      }, 100);
      const requirementsJson = JSON.stringify(requirements);
      const schedule = await engine.call('planSchedule', { scenario, requirements: requirementsJson });
      clearInterval(ticker);
      if (gen !== planGen) return;
      mark('schedule');
      current.schedule = schedule;
      ctx.invalidate('schedule');
      let scheduleJson = JSON.stringify(schedule);
      let rosterJson = '';
      if (state.scenario.agents?.length) {
        setStage('roster', 0.9);
        const reference = ctx.rosterBook.reference();
        const first = await rosterAgainst(scenario, scheduleJson, reference);
        if (gen !== planGen) return;
        // Shifts a multi-skill roster could not staff go to narrower groups, as in `paiban plan`.
        const kept = await rosterFeedback(engine, { scenario, requirements: requirementsJson }, schedule, first,
          (s) => rosterAgainst(scenario, s, reference));
        if (gen !== planGen) return;
        if (kept.schedule !== schedule) {
          current.schedule = kept.schedule;
          scheduleJson = JSON.stringify(kept.schedule);
          ctx.invalidate('schedule');
        }
        mark('roster');
        rosterJson = kept.roster ? JSON.stringify(kept.roster) : '';
      }
      // With activities or leave the last call also decides the leave and places the sessions.
      const withDay = state.scenario.agents?.length && (state.scenario.activities?.length || state.scenario.leave);
      setStage(withDay ? 'day' : 'kpis', 0.95);
      const plan = await engine.call('planAssemble', {
        scenario, forecast: forecastJson, requirements: requirementsJson, schedule: scheduleJson, roster: rosterJson,
      });
      if (gen !== planGen) return;
      mark('kpis');
      current.plan = plan;
      ctx.rosterBook.shown(plan.roster ?? null);
      showWarnings(plan.warnings);
      // The roster tab exists only for plans with a roster part.
      $('#tab-roster').hidden = !plan.roster;
      if (plan.roster) ctx.invalidate('roster');
      perf.planMs = performance.now() - t0;
      ctx.invalidate('summary', 'schedule', 'requirements', 'kpis', 'whatif');
      document.body.dataset.planned = String(gen);
    } catch (e) {
      clearInterval(ticker);
      if (gen !== planGen) return;
      if (e.kind === 'cancelled') {
        showPlanError({ message: t('plan.cancelled') });
      } else {
        current.error = e;
        showPlanError(e);
      }
      document.body.dataset.planned = `error-${gen}`;
    } finally {
      clearInterval(ticker);
      if (gen === planGen) {
        planStage = null;
        showBusy(engine.pending.size > 0);
      }
    }
  }

  /**
   * The roster stage against a kept roster (keyed cells and pins); the pins of a shift the new
   * schedule no longer has are dropped (and said so) rather than failing the plan.
   * @param {string} scenario
   * @param {string} scheduleJson
   * @param {object|null} reference
   */
  async function rosterAgainst(scenario, scheduleJson, reference) {
    const pins = ctx.rosterBook.pins();
    if (!reference && !pins.length) return engine.call('planRoster', { scenario, schedule: scheduleJson });
    const sc = JSON.parse(scenario);
    const published = { start: reference?.start ?? sc.horizon.start, agents: reference?.agents ?? [], pins: [...pins] };
    for (;;) {
      try {
        return await engine.call('planRosterAgainst', { scenario, schedule: scheduleJson, published: JSON.stringify(published) });
      } catch (e) {
        const m = /^published\.pins\[(\d+)\]/.exec(String(e.path ?? ''));
        if (!m && (/^published/.test(String(e.path ?? '')) || e.kind === 'json') && e.kind !== 'cancelled') {
          // A kept roster the engine cannot read (an older page's, a damaged store): roster
          // afresh rather than fail the plan, and say so.
          current.droppedPins = [...(current.droppedPins ?? []), ...published.pins];
          return engine.call('planRoster', { scenario, schedule: scheduleJson });
        }
        if (!m) throw e;
        const [gone] = published.pins.splice(Number(m[1]), 1);
        ctx.rosterBook.drop(gone.agent, gone.date);
        current.droppedPins = [...(current.droppedPins ?? []), gone];
      }
    }
  }

  /** Assemble a plan with another roster part (same scenario, forecast and schedule). */
  async function withRoster(plan, roster) {
    const j = (x) => JSON.stringify(x);
    const forecast = { timestamps: plan.timestamps, open: plan.open, forecast: plan.forecast, warnings: [] };
    const next = await engine.call('planAssemble', {
      scenario: j(plan.scenario), forecast: j(forecast), requirements: j(plan.requirements),
      schedule: j(plan.schedule), roster: roster ? j(roster) : '',
    });
    next.warnings = plan.warnings;
    return next;
  }

  /** Show a plan whose roster changed (a pin, an undo). */
  function showRosterPlan(next) {
    current.plan = next;
    ctx.rosterBook.shown(next.roster);
    ctx.invalidate('summary', 'roster', 'kpis', 'schedule', 'requirements');
  }

  /**
   * Pin a roster cell (a shift or a day off) and re-optimise with minimal change against the
   * roster on screen, in the plan's own scenario, every pin so far held.
   * @param {{agent: string, date: string, shift: object|null}} pin keyed by date and ShiftKey
   */
  async function pinRoster(pin) {
    const plan = current.plan;
    if (!plan?.roster) return null;
    ctx.rosterBook.pin(pin, plan.roster);
    showStage('roster', 0.5);
    showBusy(true);
    try {
      const scenario = JSON.stringify(plan.scenario);
      const roster = await rosterAgainst(scenario, JSON.stringify(plan.schedule), keyed(plan.roster));
      const next = await withRoster(plan, roster);
      showRosterPlan(next);
      return next;
    } catch (e) {
      ctx.rosterBook.undo(); // the pin did not take: the roster and pins stay as they were
      ctx.invalidate('roster');
      throw e;
    } finally {
      showBusy(false);
    }
  }

  /** Remove a pin: the cell stays as it is (no re-optimisation), free for the next re-plan. */
  function unpinRoster(agent, date) {
    if (!current.plan?.roster) return;
    ctx.rosterBook.unpin(agent, date, current.plan.roster);
    ctx.invalidate('roster');
  }

  /** Put back the roster and pins before the last pin or unpin. */
  async function undoRoster() {
    const plan = current.plan;
    const last = ctx.rosterBook.undo();
    if (!plan || !last?.roster) {
      ctx.invalidate('roster');
      return;
    }
    showRosterPlan(await withRoster(plan, last.roster));
  }

  return { runPlan, replanSoon, pinRoster, unpinRoster, undoRoster, showBusy, showStage, showPlanError, showWarnings };
}
