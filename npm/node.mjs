// Node entry of the paiban package: the same wasm modules as the planning page, instantiated
// synchronously from the files next to this one, so every export is ready on import. The
// engine is three modules (`paiban` core, `paiban_plan`, `paiban_io`: see README.md); here
// they read as one, and history bytes in any encoding are decoded by the io module first.
import { readFileSync } from 'node:fs';
import * as core from './paiban.js';
import * as plan from './paiban_plan.js';
import * as io from './paiban_io.js';

for (const [m, name] of [[core, 'paiban'], [plan, 'paiban_plan'], [io, 'paiban_io']]) {
  m.initSync({ module: readFileSync(new URL(`./${name}_bg.wasm`, import.meta.url)) });
}

export * from './paiban.js';
export * from './paiban_plan.js';
export * from './paiban_io.js';
export const version = core.version;

const text = (h) => (typeof h === 'string' ? h : io.decodeHistory(h));
/** `readHistory` of the core module, taking CSV text or bytes in any supported encoding. */
export const readHistory = (h, intervalMinutes) => core.readHistory(text(h), intervalMinutes);
/** `forecast` of the plan module, taking CSV text or bytes. */
export const forecast = (h, until, options) => plan.forecast(text(h), until, options);
/** `backtest` of the plan module, taking CSV text or bytes. */
export const backtest = (h, options) => plan.backtest(text(h), options);
