// Load the web-target wasm modules in Node (no second build): read the .wasm bytes and
// instantiate synchronously. Shared by the Node tests. The engine is three modules
// (src/wasm.rs); this merges them into one object as npm/node.mjs does, history bytes decoded
// by the io module as the page's worker does.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '../../www/pkg/paiban.js';
import * as plan from '../../www/pkg/paiban_plan.js';
import * as io from '../../www/pkg/paiban_io.js';

for (const [m, name] of [[core, 'paiban'], [plan, 'paiban_plan'], [io, 'paiban_io']]) {
  m.initSync({ module: readFileSync(fileURLToPath(new URL(`../../www/pkg/${name}_bg.wasm`, import.meta.url))) });
}
const text = (h) => (typeof h === 'string' ? h : io.decodeHistory(h));
export default {
  ...io,
  ...plan,
  ...core,
  readHistory: (h, minutes) => core.readHistory(text(h), minutes),
  forecast: (h, until, options) => plan.forecast(text(h), until, options),
  backtest: (h, options) => plan.backtest(text(h), options),
};
