// The agent's day in wasm, as the page's worker runs it: the web package from `www/pkg` (build
// it with `bash -c 'source scripts/lib.sh; build_www'`), driven from Node on one thread. Plans
// the demo week with its activities and leave (`examples/day_shop.json`), then re-plans the
// first day from actuals at 10:00 running 20% hot, five times, and prints the median time of
// each with what the re-plan proposed. Compare with `benches/day_activities.sh` (native CLI).
// Usage: node benches/day_wasm.mjs
import { readFileSync } from 'node:fs';
import engine from '../tests/node/load.mjs';

const root = new URL('../', import.meta.url).pathname;
const s = JSON.parse(readFileSync(`${root}examples/day_shop.json`, 'utf8'));
const histories = {};
for (const [q, f] of Object.entries(s.history)) histories[q] = readFileSync(`${root}examples/${f}`, 'utf8');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const planTimes = [];
let plan;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  plan = engine.plan(JSON.stringify(s), histories);
  planTimes.push((performance.now() - t0) / 1000);
}
const planJson = JSON.stringify(plan);
const actuals = plan.forecast.map((f) => ({ queue: f.queue, volume: f.volume.slice(0, 20).map((v) => v * 1.2) }));
const request = JSON.stringify({ now: plan.timestamps[20], actuals });
const times = [];
let r;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  r = engine.intraday(planJson, request, histories);
  times.push((performance.now() - t0) / 1000);
}
const kinds = {};
for (const p of r.proposals) kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
console.log(JSON.stringify({
  plan_seconds_median: Number(median(planTimes).toFixed(3)),
  day_groups: plan.day.groups.length,
  intraday_seconds_median: Number(median(times).toFixed(3)),
  intraday_evaluations: r.evaluations,
  sessions_moved: r.sessions_moved.length,
  breaks_moved: r.breaks_moved.length,
  proposals: kinds,
}));
