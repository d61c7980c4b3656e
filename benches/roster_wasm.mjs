// The roster benchmark in wasm, as the page runs it: the web package from `www/pkg` (build it
// with `bash -c 'source scripts/lib.sh; build_www'`), driven from Node on one thread. Prints a
// markdown table of penalty vs best-known. Usage, from the repository root:
//   node benches/roster_wasm.mjs [SECONDS=10] [SEED=1] [DATA_DIR=../shared/data/nrp]
import { readFileSync } from 'node:fs';
import engine from '../tests/node/load.mjs';

const [secs = '10', seed = '1', dir = '../shared/data/nrp'] = process.argv.slice(2);
const best = readFileSync(`${dir}/best_known.csv`, 'utf8').trim().split('\n').slice(1)
  .map((l) => l.split(','));
console.log('| instance | best known | penalty | gap % | feasible | iterations | seconds |');
console.log('|---|---:|---:|---:|---|---:|---:|');
let sum = 0;
for (const [name, , , , known] of best) {
  const text = readFileSync(`${dir}/${name}.txt`, 'utf8');
  const t0 = performance.now();
  const out = engine.rosterNrp(text, JSON.stringify({ time_limit_seconds: Number(secs), seed: Number(seed) }));
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  const gap = (100 * (out.penalty - Number(known))) / Number(known);
  sum += gap;
  console.log(`| ${name} | ${known} | ${out.penalty} | ${gap.toFixed(2)} | ${out.feasible} | ${out.iterations} | ${s} |`);
}
console.log(`\nMean gap ${(sum / best.length).toFixed(2)} %`);
