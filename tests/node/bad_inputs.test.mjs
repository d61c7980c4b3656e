// The hostile-input catalogue (tests/data/bad_inputs/cases.json) against the wasm build: the
// same typed errors as natively, thrown as JS Errors with kind/path/line, and never a crash.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import engine from './load.mjs';

const dir = new URL('../data/bad_inputs/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('cases.json', dir), 'utf8'));

const text = (bytes) => new TextDecoder().decode(bytes);
const targets = {
  scenario: (bytes) => {
    const f = engine.planForecast(text(bytes), {});
    return { queues: f.forecast.length, intervals: f.timestamps.length };
  },
  nrp: (bytes) => ({ employees: Object.keys(engine.rosterNrp(text(bytes), '{"max_iterations": 1, "seed": 1}').assignment).length }),
  roster: (bytes) => {
    const r = engine.roster(text(bytes), '{"max_iterations": 20000, "seed": 1}');
    return { feasible: r.feasible, agents: r.roster.length };
  },
  erlang: (bytes) => ({ agents: engine.erlang(text(bytes)).agents }),
  proposal: (bytes) => ({ channels: engine.quote(text(bytes)).channels.length }),
  import: (bytes) => {
    const options = JSON.stringify({ name: 'file' });
    const m = engine.importPreview(bytes, options, 5).guess;
    if (m.kind === 'contacts') Object.assign(m, { interval_minutes: 30, answer_seconds: 20 });
    const imp = engine.importFile(bytes, options, JSON.stringify(m));
    return { format: imp.source.format, queues: imp.queues.length, rows: imp.rows };
  },
  history: (bytes) => {
    const h = engine.readHistory(bytes);
    return { rows: h.summary.rows, interval_minutes: h.interval_minutes, warnings: h.summary.warnings.map((w) => w.kind) };
  },
};

for (const c of cases) {
  test(`catalogue: ${c.name}`, () => {
    const run = targets[c.target];
    assert.ok(run, `target ${c.target} is not wired into the Node catalogue`);
    const bytes = new Uint8Array(readFileSync(new URL(c.file, dir)));
    if (c.error) {
      assert.throws(() => run(bytes), (e) => {
        assert.ok(e instanceof Error, 'a JS Error');
        assert.equal(e.kind, c.error.kind, e.message);
        if (c.error.path) assert.equal(e.path, c.error.path);
        if (c.error.line) assert.equal(e.line, c.error.line);
        return true;
      });
    } else {
      assert.deepEqual(run(bytes), c.ok);
    }
  });
}
