// The engine's home: loads the wasm package and answers typed messages from app.js.
// Protocol: {id, cmd, args} -> {id, ok: true, result} | {id, ok: false, error: {message, kind, path, line}}
// Requests that the engine parses are passed as JSON *text* so its errors name the JSON path.
import init, * as engine from './pkg/paiban.js';

const ready = init();

const commands = {
  version: () => engine.version(),
  // Test hook: behave exactly like a wasm trap, so the page's recovery path can be tested.
  simulateCrash: () => {
    throw new WebAssembly.RuntimeError('unreachable executed (simulated)');
  },
  readHistory: ({ input, intervalMinutes }) => engine.readHistory(input, intervalMinutes ?? undefined),
  checkScenario: ({ scenario }) => engine.checkScenario(scenario),
  readAgents: ({ text }) => engine.readAgents(text),
  planForecast: ({ scenario, histories }) => engine.planForecast(scenario, histories),
  planRequirements: ({ scenario, forecast }) => engine.planRequirements(scenario, forecast),
  planSchedule: ({ scenario, requirements }) => engine.planSchedule(scenario, requirements),
  planRoster: ({ scenario, schedule }) => engine.planRoster(scenario, schedule),
  // Against a kept roster (cells and pins by template, start and span): minimal change.
  planRosterAgainst: ({ scenario, schedule, published }) => engine.planRosterAgainst(scenario, schedule, published),
  // The plan carries its own scenario: a re-optimisation never mixes an edited scenario with an old plan.
  planRosterRepair: ({ plan, edits }) => engine.planRosterRepair(plan, edits),
  planAssemble: ({ scenario, forecast, requirements, schedule, roster }) =>
    engine.planAssemble(scenario, forecast, requirements, schedule, roster ?? ''),
  erlang: ({ request }) => engine.erlang(request),
  simulatePlan: ({ plan, replications, seed }) => engine.simulatePlan(plan, replications, seed),
  importPreview: ({ input, options, rows }) => engine.importPreview(input, options ?? '', rows ?? 12),
  importFile: ({ input, options, mapping }) => engine.importFile(input, options ?? '', mapping),
  exportXlsx: ({ plan, lang }) => engine.exportXlsx(plan, lang ?? 'zh-CN'),
  quote: ({ proposal }) => ({ report: engine.quote(proposal), text: engine.quoteText(proposal) }),
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
    const result = fn(args ?? {}, (progress) => self.postMessage({ id, progress }));
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
