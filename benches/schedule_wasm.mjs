// The shift scheduler in wasm, as the page runs it: the web package from `www/pkg` (build it
// with `bash -c 'source scripts/lib.sh; build_www'`), driven from Node on one thread, with the
// default work budget and no time cap. Prints JSON {name: {objective, seconds, work_used,
// stopped_by}} for the instances named on the command line (NAME_requirements.csv +
// NAME_shifts.json in DIR). Used by schedule_distribution.py --wasm. Usage:
//   node benches/schedule_wasm.mjs DIR NAME...
import { readFileSync } from 'node:fs';
import engine from '../tests/node/load.mjs';

const [dir, ...names] = process.argv.slice(2);
const out = {};
for (const name of names) {
  const csv = readFileSync(`${dir}/${name}_requirements.csv`, 'utf8').trim().split('\n').slice(1);
  const agents = csv.map((l) => Number(l.split(',')[1]));
  const start = csv[0].split(',')[0];
  const shifts = JSON.parse(readFileSync(`${dir}/${name}_shifts.json`, 'utf8'));
  const request = {
    shifts,
    requirements: { start, interval_minutes: shifts.interval_minutes, agents },
    options: { objective: { kind: 'cost' }, fte_hours_per_week: 40 },
  };
  const t0 = performance.now();
  const s = engine.schedule(JSON.stringify(request));
  const seconds = (performance.now() - t0) / 1000;
  out[name] = {
    objective: s.objective,
    seconds,
    work_used: s.solver.work_used,
    stopped_by: s.solver.stopped_by,
  };
}
console.log(JSON.stringify(out));
