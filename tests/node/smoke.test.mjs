// Smoke test of the wasm package as Node scripts and JS CI use it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import engine from './load.mjs';

test('version matches Cargo.toml', () => {
  const cargo = readFileSync(new URL('../../Cargo.toml', import.meta.url), 'utf8');
  assert.equal(engine.version(), cargo.match(/^version = "(.+)"/m)[1]);
});

test('reads the bank history through wasm', () => {
  const text = readFileSync(new URL('../../../shared/data/israel_bank_1999_60min.csv', import.meta.url), 'utf8');
  const h = engine.readHistory(text);
  assert.equal(h.summary.rows, 8760);
  assert.equal(h.interval_minutes, 60);
  assert.equal(h.volume.length, 8760);
  assert.equal(h.start, '1999-01-01T00:00');
});

test('bad rows become a JS Error with kind, path and line', () => {
  assert.throws(
    () => engine.readHistory('timestamp,volume\n2024-01-01T09:00,1\n2024-01-01T09:30,abc\n'),
    (e) => e instanceof Error && e.kind === 'csv' && e.line === 3 && e.path === 'history:3:volume',
  );
});

test('the stage exports check their input against the scenario and never panic', () => {
  const demo = JSON.parse(readFileSync(new URL('../../examples/shop.json', import.meta.url), 'utf8'));
  demo.horizon.days = 1;
  demo.agents = demo.agents.slice(0, 12).map((a) => ({ ...a, days_off: [], requests: [] }));
  for (const c of demo.contracts) c.min_minutes = 0;
  demo.solver.roster_iterations = 5000;
  const histories = {};
  for (const [q, f] of Object.entries(demo.history)) histories[q] = readFileSync(new URL(`../../examples/${f}`, import.meta.url), 'utf8');
  const scenario = JSON.stringify(demo);
  const forecast = engine.planForecast(scenario, histories);
  // A forecast cut short, or for another set of queues, is an error naming the array.
  const cut = { ...forecast, timestamps: forecast.timestamps.slice(0, 10) };
  assert.throws(() => engine.planRequirements(scenario, JSON.stringify(cut)),
    (e) => e instanceof Error && e.kind === 'inconsistent' && e.path === 'timestamps' && e.params.path === 'timestamps');
  const one = { ...forecast, forecast: forecast.forecast.slice(0, 1) };
  assert.throws(() => engine.planRequirements(scenario, JSON.stringify(one)), (e) => e.path === 'forecast');
  const requirements = engine.planRequirements(scenario, JSON.stringify(forecast));
  const short = { ...requirements, queues: [{ ...requirements.queues[0], agents: [1, 2, 3] }, ...requirements.queues.slice(1)] };
  assert.throws(() => engine.planSchedule(scenario, JSON.stringify(short)), (e) => e.path === 'queues[0].agents');
  const schedule = engine.planSchedule(scenario, JSON.stringify(requirements));
  const roster = engine.planRoster(scenario, JSON.stringify(schedule));
  const plan = engine.planAssemble(scenario, JSON.stringify(forecast), JSON.stringify(requirements), JSON.stringify(schedule), JSON.stringify(roster));
  assert.equal(plan.roster.shift_types.length > 0, true);
  assert.equal(plan.solvers.roster.stopped_by, 'work');
  assert.ok(plan.warnings.every((w) => typeof w.code === 'string'));
  // The repair runs in the plan's own scenario: pinning a day off works, and a pin naming a
  // shift type the plan does not have is an error, not a crash.
  const agent = plan.roster.agents.find((a) => a.shifts.length);
  const next = engine.planRosterRepair(JSON.stringify(plan), JSON.stringify({ pins: [{ agent: agent.id, day: 0, shift: null }] }));
  assert.ok(next.roster.agents.find((a) => a.id === agent.id).shifts.every((s) => s.day !== 0));
  assert.throws(() => engine.planRosterRepair(JSON.stringify(plan), JSON.stringify({ pins: [{ agent: agent.id, day: 0, shift: 999 }] })),
    (e) => e.path === 'edits.pins[0].shift');
  const fewer = { ...plan, roster: { ...plan.roster, days: plan.roster.days.slice(0, 0) } };
  assert.throws(() => engine.planRosterRepair(JSON.stringify(fewer), '{}'), (e) => e.path === 'roster.days');
});
