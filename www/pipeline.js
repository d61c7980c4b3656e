// The staged plan: one worker call per engine stage (forecast → requirements → schedule →
// roster → KPIs), each result shown as it lands, with progress, cancel (a newer scenario makes
// the running plan moot) and the plan's errors and warnings. The re-optimisation after a pin
// runs in the plan's own scenario (the engine takes the whole plan).
//
// Every stage's JSON goes back to the engine, which checks it against the scenario before use.
import { t } from './i18n.js';
import { $, el } from './ui.js';
import { warningText, errorText } from './messages.js';

/** @typedef {import('./context.js').AppContext} AppContext */

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
    for (const w of list ?? []) ul.append(el('li', warningText(w)));
    $('#plan-warnings-title').textContent = t('plan.warnings', { n: (list ?? []).length });
    box.hidden = !(list ?? []).length;
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
      Object.assign(current, { forecast, requirements: null, schedule: null, plan: null, error: null, rosterPins: [] });
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
      // The solver runs up to its time cap: advance the bar with the clock meanwhile.
      const budget = (state.scenario.solver?.schedule_seconds ?? 2) * 1000;
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
      const scheduleJson = JSON.stringify(schedule);
      let rosterJson = '';
      if (state.scenario.agents?.length) {
        setStage('roster', 0.9);
        const roster = await engine.call('planRoster', { scenario, schedule: scheduleJson });
        if (gen !== planGen) return;
        mark('roster');
        rosterJson = roster ? JSON.stringify(roster) : '';
      }
      setStage('kpis', 0.95);
      const plan = await engine.call('planAssemble', {
        scenario, forecast: forecastJson, requirements: requirementsJson, schedule: scheduleJson, roster: rosterJson,
      });
      if (gen !== planGen) return;
      mark('kpis');
      current.plan = plan;
      showWarnings(plan.warnings);
      // The roster tab exists only for plans with a roster part.
      $('#tab-roster').hidden = !plan.roster;
      if (plan.roster) ctx.invalidate('roster');
      perf.planMs = performance.now() - t0;
      ctx.invalidate('kpis', 'whatif');
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
   * Pin a roster cell and re-optimise with minimal change: the engine keeps every pin so far
   * and changes as few other cells as it can, in the plan's own scenario, and returns the new
   * plan with its KPIs recomputed.
   * @param {import('./types.js').RosterPin} pin
   */
  async function repairRoster(pin) {
    const plan = current.plan;
    if (!plan?.roster) return null;
    current.rosterPins = [...(current.rosterPins ?? []).filter((p) => p.agent !== pin.agent || p.day !== pin.day), pin];
    showStage('roster', 0.5);
    showBusy(true);
    try {
      const next = await engine.call('planRosterRepair', {
        plan: JSON.stringify(plan), edits: JSON.stringify({ pins: current.rosterPins, absences: [] }),
      });
      current.plan = next;
      ctx.invalidate('roster', 'kpis');
      return next.roster.changes ?? [];
    } finally {
      showBusy(false);
    }
  }

  return { runPlan, replanSoon, repairRoster, showBusy, showStage, showPlanError, showWarnings };
}
