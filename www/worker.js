// The engine's home: loads the wasm modules and answers typed messages from engine.js.
// Protocol: {id, cmd, args} -> {id, ok: true, result} | {id, ok: false, error: {message, kind, path, line}}
// Requests that the engine parses are passed as JSON *text* so its errors name the JSON path.
//
// The engine is three wasm modules (src/wasm.rs): `paiban` (data and scenario checks, the
// calculators) is instantiated when the worker starts; `paiban_plan` (forecast, schedule,
// roster, simulation) right after it, in the background; `paiban_io` (spreadsheets, text
// encodings, the xlsx writer) only when the planner imports a file or exports a workbook.
import init, * as core from './pkg/paiban.js';

const ready = init();

const lazy = {};
/** A lazily loaded module, instantiated once per worker. */
function load(name) {
  lazy[name] ??= import(`./pkg/${name}.js`).then(async (m) => {
    await m.default();
    return m;
  });
  return lazy[name];
}
const plan = () => load('paiban_plan');
const io = () => load('paiban_io');
// Every page plans right after it is ready: fetch and compile the plan module as soon as the
// core one is up (the core still answers first), so the first plan stage does not wait for it.
ready.then(() => plan()).catch(() => {});

/** History CSV as text: bytes (any encoding the importer knows) are decoded by the io module. */
async function historyText(input) {
  return typeof input === 'string' ? input : (await io()).decodeHistory(input);
}

const commands = {
  version: () => core.version(),
  // Test hook: behave exactly like a wasm trap, so the page's recovery path can be tested.
  simulateCrash: () => {
    throw new WebAssembly.RuntimeError('unreachable executed (simulated)');
  },
  // Which modules this worker has instantiated (for tests of the lazy loading).
  modules: () => ['paiban', ...Object.keys(lazy)],
  readHistory: async ({ input, intervalMinutes }) => core.readHistory(await historyText(input), intervalMinutes ?? undefined),
  checkScenario: ({ scenario }) => core.checkScenario(scenario),
  readAgents: ({ text }) => core.readAgents(text),
  erlang: ({ request }) => core.erlang(request),
  quote: ({ proposal }) => ({ report: core.quote(proposal), text: core.quoteText(proposal) }),
  planForecast: async ({ scenario, histories }) => (await plan()).planForecast(scenario, histories),
  planRequirements: async ({ scenario, forecast }) => (await plan()).planRequirements(scenario, forecast),
  planSchedule: async ({ scenario, requirements }) => (await plan()).planSchedule(scenario, requirements),
  planRoster: async ({ scenario, schedule }) => (await plan()).planRoster(scenario, schedule),
  // A multi-skill roster left shifts unstaffed: the schedule with them handed to narrower groups.
  planReschedule: async ({ scenario, requirements, schedule, roster }) =>
    (await plan()).planReschedule(scenario, requirements, schedule, roster),
  // Against a kept roster (cells and pins by template, start and span): minimal change.
  planRosterAgainst: async ({ scenario, schedule, published }) => (await plan()).planRosterAgainst(scenario, schedule, published),
  // One member of the roster portfolio (engine.js runs one per worker and keeps the best).
  planRosterMember: async ({ scenario, schedule, published, index }) =>
    (await plan()).planRosterMember(scenario, schedule, published ?? '', index),
  planRosterChoose: async ({ rosters }) => (await plan()).planRosterChoose(rosters),
  // The plan carries its own scenario: a re-optimisation never mixes an edited scenario with an old plan.
  planRosterRepair: async ({ plan: p, edits }) => (await plan()).planRosterRepair(p, edits),
  planAssemble: async ({ scenario, forecast, requirements, schedule, roster }) =>
    (await plan()).planAssemble(scenario, forecast, requirements, schedule, roster ?? ''),
  simulatePlan: async ({ plan: p, replications, seed }) => (await plan()).simulatePlan(p, replications, seed),
  // A multi-skill plan: one simulation of the whole centre, routed by skill (null otherwise).
  simulatePlanSkills: async ({ plan: p, replications, seed }) => (await plan()).simulatePlanSkills(p, replications, seed),
  importPreview: async ({ input, options, rows }) => (await io()).importPreview(input, options ?? '', rows ?? 12),
  importFile: async ({ input, options, mapping }) => (await io()).importFile(input, options ?? '', mapping),
  exportXlsx: async ({ plan: p, lang }) => (await io()).exportXlsx(p, lang ?? 'zh-CN'),
  // The agent's day (issue 21): sessions placed at least service cost, leave decided, and
  // the intraday re-plan from actuals so far.
  agentDay: async ({ plan: p, activities, leave }) => (await plan()).agentDay(p, activities ?? '', leave ?? ''),
  intraday: async ({ plan: p, request, histories }) => (await plan()).intraday(p, request, histories ?? {}),
};

function plainError(e) {
  if (e && typeof e === 'object') {
    return { message: String(e.message ?? e), kind: e.kind ?? 'internal', path: e.path ?? '', line: e.line ?? null, params: e.params ?? null };
  }
  return { message: String(e), kind: 'internal', path: '', line: null };
}

self.onmessage = async (ev) => {
  const { id, cmd, args } = ev.data;
  try {
    await ready;
    const fn = commands[cmd];
    if (!fn) throw Object.assign(new Error(`unknown command ${cmd}`), { kind: 'internal' });
    const result = await fn(args ?? {}, (progress) => self.postMessage({ id, progress }));
    self.postMessage({ id, ok: true, result });
  } catch (e) {
    // A wasm trap (panic) leaves the instance unusable: say so, and the page restarts the worker.
    const error = plainError(e);
    if (e instanceof WebAssembly.RuntimeError) {
      error.kind = 'panic';
      if (self.paibanPanic) error.message = `${self.paibanPanic} (${error.message})`;
    }
    self.postMessage({ id, ok: false, error });
  }
};
