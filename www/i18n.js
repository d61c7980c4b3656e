// Labels in zh-CN and English. Elements carry data-i18n="key"; numbers and dates are formatted
// with Intl for the chosen locale.

const dict = {
  'app.title': { en: 'paiban 排班', 'zh-CN': '排班 paiban' },
  'app.tagline': {
    en: 'Forecast, staffing, shifts and rosters for customer service, computed in your browser.',
    'zh-CN': '客服中心的话务预测、人力需求、班次与轮班排班，全部在浏览器内计算。',
  },
  'app.language': { en: 'Language', 'zh-CN': '语言' },
  'app.cancel': { en: 'Cancel', 'zh-CN': '取消' },
  'app.private': { en: 'Your data stays in this browser.', 'zh-CN': '数据只保存在本浏览器中，不会上传。' },
  'app.working': { en: 'Working…', 'zh-CN': '计算中…' },
  'tab.data': { en: 'Data', 'zh-CN': '历史数据' },
  'data.heading': { en: 'Interval history', 'zh-CN': '区间历史数据' },
  'data.hint': {
    en: 'A CSV with columns timestamp,volume and optionally aht_seconds (ISO local times, 5–60 minute intervals). Nothing is uploaded: the file is read in this tab.',
    'zh-CN': 'CSV 文件，列为 timestamp,volume，可选 aht_seconds（本地时间 ISO 格式，5–60 分钟区间）。文件只在本页读取，不会上传。',
  },
  'data.drop': { en: 'Drop a CSV file here, or', 'zh-CN': '把 CSV 文件拖到这里，或' },
  'data.pick': { en: 'Choose a file…', 'zh-CN': '选择文件…' },
  'data.demo': { en: 'Load the demo shop', 'zh-CN': '载入示例网店' },
  'data.chart': { en: 'Volume per interval', 'zh-CN': '每区间话务量' },
  'data.table': { en: 'Daily totals as a table', 'zh-CN': '每日合计（表格）' },
  'data.summary': { en: 'Summary', 'zh-CN': '概要' },
  'data.hours': { en: 'Opening hours seen in the data', 'zh-CN': '数据中的营业时间' },
  'data.source': { en: 'Showing {name}', 'zh-CN': '当前数据：{name}' },
  'data.kept': { en: 'The previous data is kept.', 'zh-CN': '已保留之前的数据。' },
  'data.line': { en: 'line {line}', 'zh-CN': '第 {line} 行' },
  'data.date': { en: 'Date', 'zh-CN': '日期' },
  'data.total': { en: 'Volume', 'zh-CN': '话务量' },
  'data.day': { en: 'Day', 'zh-CN': '星期' },
  'data.open': { en: 'Open', 'zh-CN': '开始' },
  'data.close': { en: 'Close', 'zh-CN': '结束' },
  'data.closed': { en: 'closed', 'zh-CN': '休息' },
  'sum.rows': { en: 'Rows', 'zh-CN': '行数' },
  'sum.interval': { en: 'Interval', 'zh-CN': '区间长度' },
  'sum.range': { en: 'Range', 'zh-CN': '时间范围' },
  'sum.days': { en: 'Days', 'zh-CN': '天数' },
  'sum.missing': { en: 'Missing intervals', 'zh-CN': '缺失区间' },
  'sum.duplicates': { en: 'Duplicate rows dropped', 'zh-CN': '删除的重复行' },
  'sum.total': { en: 'Total volume', 'zh-CN': '总话务量' },
  'unit.minutes': { en: '{n} min', 'zh-CN': '{n} 分钟' },
  'day.mon': { en: 'Mon', 'zh-CN': '周一' },
  'day.tue': { en: 'Tue', 'zh-CN': '周二' },
  'day.wed': { en: 'Wed', 'zh-CN': '周三' },
  'day.thu': { en: 'Thu', 'zh-CN': '周四' },
  'day.fri': { en: 'Fri', 'zh-CN': '周五' },
  'day.sat': { en: 'Sat', 'zh-CN': '周六' },
  'day.sun': { en: 'Sun', 'zh-CN': '周日' },
  'warn.unsorted': { en: 'Rows were not in time order (from line {line}); sorted.', 'zh-CN': '数据未按时间排序（自第 {line} 行），已排序。' },
  'warn.duplicate': { en: 'Line {line} repeats {timestamp} of line {first_line}; kept the first.', 'zh-CN': '第 {line} 行与第 {first_line} 行时间 {timestamp} 重复，保留前者。' },
  'warn.gap': { en: 'No data from {from} to {to} ({intervals} intervals).', 'zh-CN': '{from} 至 {to} 无数据（{intervals} 个区间）。' },
  'warn.more_gaps': { en: '{ranges} more gaps ({intervals} intervals).', 'zh-CN': '另有 {ranges} 处缺失（{intervals} 个区间）。' },
  'warn.partial_interval': { en: 'Interval {timestamp} only partly covered; treated as missing.', 'zh-CN': '区间 {timestamp} 数据不完整，按缺失处理。' },
};

let lang = 'zh-CN';

export function setLang(l) {
  lang = dict['app.title'][l] ? l : 'en';
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

export function getLang() {
  return lang;
}

export function t(key, vars = {}) {
  const entry = dict[key];
  let s = entry ? entry[lang] ?? entry.en : key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function fmtNumber(x, digits = 0) {
  if (x == null || Number.isNaN(x)) return '–';
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(x);
}

export function fmtDate(iso) {
  const [d] = iso.split('T');
  const [y, m, day] = d.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, day)));
}
