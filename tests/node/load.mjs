// Load the web-target wasm package in Node (no second build): read the .wasm bytes and
// instantiate synchronously. Shared by the Node tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as engine from '../../www/pkg/paiban.js';

const wasm = readFileSync(fileURLToPath(new URL('../../www/pkg/paiban_bg.wasm', import.meta.url)));
engine.initSync({ module: wasm });
export default engine;
