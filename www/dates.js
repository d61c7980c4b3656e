// Dates and times as the engine writes them: local wall-clock ISO strings with no zone
// (`2024-11-25`, `2024-11-25T08:30`). All arithmetic is done in UTC milliseconds so the
// browser's own time zone never shifts a plan. The one place for these helpers.

export const DAY_SECONDS = 86400;

export const pad2 = (n) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` + `n` days. */
export function addDays(isoDate, n) {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The `days` dates of a horizon starting `start`. */
export function horizonDays(start, days) {
  return Array.from({ length: days }, (_, i) => addDays(start, i));
}

/** Whether a date is a Saturday or Sunday. */
export function isWeekend(isoDate) {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 || wd === 6;
}

/** `YYYY-MM-DD` and minutes after its midnight as `YYYY-MM-DDTHH:MM` (past midnight rolls over). */
export function stamp(isoDate, minutes) {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d, 0, minutes)).toISOString().slice(0, 16);
}

/** A local ISO time as seconds on a zone-free axis (charts plot wall-clock time). */
export function isoToSeconds(iso) {
  const [date, time = '00:00'] = iso.split('T');
  const [y, m, day] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return Date.UTC(y, m - 1, day, hh, mm) / 1000;
}

/** Seconds of `n` intervals from `startIso`. */
export function gridSeconds(startIso, intervalMinutes, n) {
  const s0 = isoToSeconds(startIso);
  return Array.from({ length: n }, (_, i) => s0 + i * intervalMinutes * 60);
}

/** Seconds on the zone-free axis back to a date, `YYYY-MM-DD`. */
export function secondsToDate(s) {
  return new Date(s * 1000).toISOString().slice(0, 10);
}

/** The distinct dates of a list of timestamps, in order. */
export function datesOf(timestamps) {
  return [...new Set(timestamps.map((s) => s.slice(0, 10)))];
}

/** Minutes after midnight as `HH:MM`. */
export const clock = (m) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;

/** `HH:MM` of a local ISO time. */
export const clockOf = (iso) => iso.slice(11, 16);

/** Minutes from `a` to `b` (local ISO times). */
export function minutesBetween(a, b) {
  return (isoToSeconds(b) - isoToSeconds(a)) / 60;
}

/** `YYYY-MM-DD` and minutes after its midnight as an iCalendar floating local time. */
export function icsAt(isoDate, minutes) {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  const x = new Date(Date.UTC(y, m - 1, d, 0, minutes));
  return `${x.getUTCFullYear()}${pad2(x.getUTCMonth() + 1)}${pad2(x.getUTCDate())}T${pad2(x.getUTCHours())}${pad2(x.getUTCMinutes())}00`;
}
