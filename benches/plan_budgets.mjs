// What the default work budgets cost in time: the demo week planned by the native CLI and by
// the wasm package in Node, a few times each, with the work each solver used and whether the
// plans are byte-identical. Not part of CI (timings depend on the machine); figures go to
// benches/README.md ("Work budgets and determinism").
//
//   cargo build --release && (source scripts/lib.sh; build_www) && node benches/plan_budgets.mjs [runs]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import engine from '../tests/node/load.mjs';

const root = new URL('../', import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 3);
const cli = `${root}target/release/paiban`;
if (!existsSync(cli)) throw new Error('build the release CLI first: cargo build --release');
const file = `${root}examples/shop.json`;
const demo = readFileSync(file, 'utf8');
const histories = {};
for (const [q, f] of Object.entries(JSON.parse(demo).history)) histories[q] = readFileSync(`${root}examples/${f}`, 'utf8');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const nativeTimes = [];
const wasmTimes = [];
let native;
let wasm;
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  native = execFileSync(cli, ['plan', file], { cwd: root, maxBuffer: 64 << 20 }).toString();
  nativeTimes.push((performance.now() - t) / 1000);
  t = performance.now();
  wasm = JSON.stringify(engine.plan(demo, histories));
  wasmTimes.push((performance.now() - t) / 1000);
}
const plan = JSON.parse(native);
const s = plan.solvers;
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ${runs} runs each`);
console.log('| solver | work budget | work used | stopped by |');
console.log('|---|---|---|---|');
for (const k of ['schedule', 'roster']) console.log(`| ${k} | ${s[k].work_budget} | ${s[k].work} | ${s[k].stopped_by} |`);
console.log(`\n| demo week, whole plan | median s | min s |\n|---|---|---|`);
console.log(`| native CLI (release) | ${median(nativeTimes).toFixed(2)} | ${Math.min(...nativeTimes).toFixed(2)} |`);
console.log(`| wasm (Node ${process.versions.node}) | ${median(wasmTimes).toFixed(2)} | ${Math.min(...wasmTimes).toFixed(2)} |`);
console.log(`| wasm / native | ${(median(wasmTimes) / median(nativeTimes)).toFixed(2)} | |`);
console.log(`\nbyte-identical native and wasm: ${JSON.stringify(JSON.parse(native)) === wasm}`);
