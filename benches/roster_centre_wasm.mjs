// The 1,000-agent contact-centre roster in wasm, as the page's roster worker runs it: the web
// package from `www/pkg` (build it with `bash -c 'source scripts/lib.sh; build_www'`), the
// engine's `roster` export on a roster input JSON generated natively from the demo shop's rules
// (`paiban roster examples/shop.json --generate-centre 1000 --seed 1 > centre.json`). Prints
// one markdown row per work budget: cost, feasibility, shortages, work done, what stopped the
// run (when the output says), wall seconds and the Node process's peak resident memory (wasm
// memory included). Usage, from the repository root:
//   node benches/roster_centre_wasm.mjs CENTRE.json [CAP_SECONDS=300] [WORK...=200000]
import { readFileSync } from 'node:fs';

const [file, cap = '300', ...works] = process.argv.slice(2);
if (!file) {
  console.error('usage: node benches/roster_centre_wasm.mjs CENTRE.json [CAP_SECONDS] [WORK...]');
  process.exit(2);
}
const { default: engine } = await import('../tests/node/load.mjs');
const input = readFileSync(file, 'utf8');
const agents = JSON.parse(input).employees?.length ?? JSON.parse(input).agents?.length;
console.log(`${file}: ${agents ?? '?'} agents, cap ${cap} s`);
console.log('| work budget | cost | feasible | shortages | work done | stopped by | seconds | peak MB |');
console.log('|---:|---:|---|---:|---:|---|---:|---:|');
for (const work of works.length ? works : ['200000']) {
  const options = JSON.stringify({ time_limit_seconds: Number(cap), max_iterations: Number(work), seed: 1 });
  const t0 = performance.now();
  const out = engine.roster(input, options);
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  const mb = process.resourceUsage().maxRSS / 1024;
  console.log(`| ${Number(work).toLocaleString('en')} | ${out.cost} | ${out.feasible} | ${out.shortages.length} | ${out.iterations.toLocaleString('en')} | ${out.stopped_by ?? ''} | ${s} | ${mb.toFixed(0)} |`);
}
