// Types of the Node entry: the wasm exports of the three modules, already initialised (see
// paiban.d.ts, paiban_plan.d.ts and paiban_io.d.ts for each function; results are plain
// objects shaped like the engine's serde types).
export * from './paiban.js';
export * from './paiban_plan.js';
export * from './paiban_io.js';
export { version } from './paiban.js';
/** A history CSV as text, or its bytes in UTF-8, UTF-16 or GB18030/GBK. */
export function readHistory(input: string | Uint8Array, interval_minutes?: number | null): any;
export function forecast(history: string | Uint8Array, until: string, options: string): any;
export function backtest(history: string | Uint8Array, options: string): any;

/** How a file's columns map to what the engine needs (`importPreview(...).guess`). */
export interface Mapping {
  kind?: 'intervals' | 'contacts';
  timestamp?: string | null;
  date?: string | null;
  time?: string | null;
  range?: string | null;
  date_order?: 'ymd' | 'mdy' | 'dmy';
  queue?: string | null;
  volume?: string | null;
  aht_seconds?: string | null;
  answered?: string | null;
  abandoned?: string | null;
  answered_in_target?: string | null;
  agents?: string | null;
  wait_seconds?: string | null;
  outcome?: string | null;
  handle_seconds?: string | null;
  agent?: string | null;
  interval_minutes?: number | null;
  answer_seconds?: number | null;
  patience_seconds?: number | null;
}

/** One queue of `importFile(...)`: its history as the engine's CSV, and what the file told. */
export interface QueueImport {
  queue: string;
  rows: number;
  csv: string;
  summary: { rows: number; interval_minutes: number; first: string; last: string; total_volume: number };
  patience: { mean_seconds: number | null; lo95_seconds: number | null; hi95_seconds: number | null; abandoned: number; contacts: number } | null;
  comparison: { model: 'erlang_a' | 'erlang_c'; calibration: { factor: number; intervals: number; mean_abs_error: number; mean_abs_error_calibrated: number } } | null;
}

/** Errors thrown by every export: a JS Error naming where the input is wrong. */
export interface PaibanError extends Error {
  kind: 'invalid_field' | 'csv' | 'json' | 'parse' | 'too_large' | 'inconsistent' | 'empty' | string;
  path: string;
  line?: number;
}
