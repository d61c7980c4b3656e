// The one shared context every view receives, documented once. app.js builds it; a view reads
// the state and the engine's results from it and calls back through it (never into another
// view's module). A new shared field is added here first.

/**
 * What the planner typed (saved in localStorage, survives a reload).
 * @typedef {object} AppState
 * @property {string|null} lang
 * @property {object|null} scenario The scenario being planned (scenario::Scenario JSON).
 * @property {Record<string, {name: string, text: string}>} histories History CSV per queue id.
 * @property {{name: string, text: string}|null} history An imported file not yet given a queue.
 * @property {string|null} proposal The proposal JSON text.
 * @property {object|null} whatif What-if settings.
 * @property {object|null} baseline
 * @property {{published: object|null, draft: object|null, pins: object[]}} [roster] The kept
 *   roster (published.js): survives reloads.
 * @property {{items: {key: string, params?: object}[], confirmed: boolean}|null} [assumptions]
 *   Values a starter scenario assumed, until the planner confirms them.
 * @property {string} [tab] The tab shown last.
 * @property {string} [demoScenario] The demo as loaded (to tell whether the planner changed it).
 */

/**
 * What the engine computed for the current scenario, stage by stage.
 * @typedef {object} Current
 * @property {import('./types.js').ForecastStage|null} forecast
 * @property {import('./types.js').HorizonRequirements|null} requirements
 * @property {import('./types.js').Schedule|null} schedule
 * @property {import('./types.js').Plan|null} plan
 * @property {import('./types.js').EngineError|null} error
 * @property {object[]} [droppedPins] Pins the last re-plan could not keep (their shift is gone).
 */

/**
 * @typedef {object} AppContext
 * @property {AppState} state
 * @property {import('./engine.js').Engine} engine The worker client.
 * @property {Current} current
 * @property {{planMs: number|null, stages: Record<string, number>, interactiveMs?: number}} perf
 * @property {() => void} saveState Persist `state`.
 * @property {() => Promise<void>} replan Plan now (the staged pipeline).
 * @property {() => void} replanSoon Plan after a short pause (typing).
 * @property {(...views: string[]) => void} invalidate Re-render these views (all when none).
 * @property {(name: string) => void} showTab
 * @property {ReturnType<typeof import('./published.js').createRosterBook>} rosterBook The kept
 *   roster: published version, draft, pins, undo.
 * @property {(pin: import('./published.js').KeyedPin) => Promise<object|null>} pinRoster Pin a
 *   cell and re-optimise the roster on screen with minimal change.
 * @property {(agent: string, date: string) => void} unpinRoster
 * @property {() => Promise<void>} undoRoster Put back the roster before the last edit.
 * @property {(stage: string, value: number) => void} showStage Status bar label and progress.
 * @property {(e: object|null) => void} showPlanError
 * @property {(e: object) => void} focusError Show the Scenario field an error names.
 * @property {(select: HTMLSelectElement, opts?: {all?: boolean}) => void} fillQueueSelect
 * @property {(id: string) => string} queueName
 * @property {() => void} afterScenarioChange A new scenario: clear results, re-plan.
 * @property {() => void} setScenarioName
 * @property {(file: File) => Promise<void>} loadScenarioFile
 * @property {(queue: string, name: string, csv: string) => void} [useImportedHistory] import.js: an imported CSV becomes a queue's history (set by views/data.js).
 * @property {(name: string, csv: string) => Promise<boolean>} [showImportedHistory] import.js: show an imported CSV in the Data view.
 */

export {};
