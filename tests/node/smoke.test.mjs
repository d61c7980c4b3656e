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
