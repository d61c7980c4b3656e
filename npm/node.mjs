// Node entry of the paiban package: the same wasm build as the planning page, instantiated
// synchronously from the file next to this one, so every export is ready on import.
import { readFileSync } from 'node:fs';
import { initSync } from './paiban.js';

initSync({ module: readFileSync(new URL('./paiban_bg.wasm', import.meta.url)) });

export * from './paiban.js';
