// The roster benchmark in wasm, as the page runs it: the web package from `www/pkg` (build it
// with `bash -c 'source scripts/lib.sh; build_www'`), driven from Node with one worker_thread per
// portfolio member (`rosterNrpMember`, as one Web Worker each on the page) and the engine's
// chooser (`rosterChoose`). Prints a markdown table of penalty vs best-known. Usage, from the
// repository root:
//   node benches/roster_wasm.mjs [SECONDS=10] [SEED=1] [DATA_DIR=../shared/data/nrp] [WORKERS=1] [WORK]
// SECONDS is the cap (and the budget when WORK is not given: its calibrated work equivalent).
import { readFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

if (!isMainThread) {
  const { default: engine } = await import('../tests/node/load.mjs');
  const { text, options, index } = workerData;
  const t0 = performance.now();
  const out = engine.rosterNrpMember(text, options, index);
  parentPort.postMessage({ out, ms: performance.now() - t0 });
} else {
  const [secs = '10', seed = '1', dir = '../shared/data/nrp', workers = '1', work] = process.argv.slice(2);
  const { default: engine } = await import('../tests/node/load.mjs');
  const best = readFileSync(`${dir}/best_known.csv`, 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split(','));
  const options = JSON.stringify({
    time_limit_seconds: Number(secs),
    seed: Number(seed),
    ...(work ? { max_iterations: Number(work) } : {}),
  });
  const member = (text, index) => new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { text, options, index } });
    w.once('message', resolve);
    w.once('error', reject);
  });
  console.log(`workers ${workers}, cap ${secs} s, seed ${seed}${work ? `, work ${work}` : ''}`);
  console.log('| instance | best known | penalty | gap % | feasible | stopped by | work | seconds |');
  console.log('|---|---:|---:|---:|---|---|---:|---:|');
  let sum = 0;
  let max = 0;
  for (const [name, , , , known] of best) {
    const text = readFileSync(`${dir}/${name}.txt`, 'utf8');
    const t0 = performance.now();
    const res = await Promise.all([...Array(Number(workers)).keys()].map((i) => member(text, i)));
    const outs = res.map((r) => r.out);
    const i = engine.rosterChoose(JSON.stringify(outs.map((o) => ({ hard: o.violations.length, cost: o.penalty }))));
    const out = outs[i];
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    const gap = (100 * (out.penalty - Number(known))) / Number(known);
    sum += gap;
    max = Math.max(max, gap);
    console.log(`| ${name} | ${known} | ${out.penalty} | ${gap.toFixed(2)} | ${out.feasible} | ${outs.map((o) => o.stopped_by).join(' ')} | ${out.iterations} | ${s} |`);
  }
  console.log(`\nMean gap ${(sum / best.length).toFixed(2)} %, max ${max.toFixed(2)} %`);
}
