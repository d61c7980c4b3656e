// Thin wrappers over uPlot. Timestamps in the engine are local wall-clock times without an
// offset; we feed them to uPlot as if they were UTC and render in UTC so no browser time zone
// or daylight-saving rule shifts a planner's 09:00.
import uPlot from './vendor/uPlot.esm.js';
import { getLang, t } from './i18n.js';
import { pad2 } from './dates.js';

const charts = new WeakMap();

const hhmm = (d) => `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;

/** Axis ticks: 24-hour times, and the date (in the page's language) at midnight. */
function timeTicks(u, ticks) {
  const day = new Intl.DateTimeFormat(getLang(), { month: 'numeric', day: 'numeric', weekday: 'short', timeZone: 'UTC' });
  return ticks.map((ts) => {
    const d = new Date(ts * 1000);
    return d.getUTCHours() === 0 && d.getUTCMinutes() === 0 ? day.format(d) : hhmm(d);
  });
}

/** The legend's time: date and wall-clock time of the hovered interval. */
function legendTime(u, ts) {
  if (ts == null) return '–';
  const d = new Date(ts * 1000);
  const day = new Intl.DateTimeFormat(getLang(), { month: 'short', day: 'numeric', weekday: 'short', timeZone: 'UTC' });
  return `${day.format(d)} ${hhmm(d)}`;
}
const stepped = uPlot.paths.stepped({ align: 1 });

/**
 * Draw (or redraw) a line chart into `el`. `series` = [{label, values, color, fill, dash, step,
 * hidden}] (`hidden`: drawn nowhere and left out of the legend; used as a band edge).
 * `bands` use uPlot's 1-based series indices.
 */
export function lineChart(el, xs, series, { height = 280, bands = [], yFormat } = {}) {
  charts.get(el)?.destroy();
  el.textContent = '';
  const width = Math.max(320, el.clientWidth || 800);
  const opts = {
    width,
    height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    scales: { x: { time: true } },
    series: [{ label: t('common.time'), value: legendTime }, ...series.map((s) => ({
      label: s.label,
      stroke: s.hidden ? 'rgba(0,0,0,0)' : s.color,
      fill: s.fill,
      width: s.width ?? 1.5,
      dash: s.dash,
      paths: s.step ? stepped : undefined,
      points: { show: false },
      spanGaps: false,
      class: s.hidden ? 'band-edge' : undefined,
    }))],
    bands,
    axes: [{ values: timeTicks, space: 60 }, { size: 60, values: yFormat ? (u, vals) => vals.map(yFormat) : undefined }],
    legend: { live: true },
  };
  const chart = new uPlot(opts, [xs, ...series.map((s) => s.values)], el);
  charts.set(el, chart);
  return chart;
}

export function resizeAll(root = document) {
  for (const el of root.querySelectorAll('.chart')) {
    const c = charts.get(el);
    if (c && el.clientWidth) c.setSize({ width: Math.max(320, el.clientWidth), height: c.height });
  }
}
