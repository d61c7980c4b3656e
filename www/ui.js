// Small DOM helpers shared by the views. User text only ever goes in through textContent.

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

export function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text != null) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) if (v != null) e.setAttribute(k, v);
  return e;
}

/** Fill a <table> from columns [{label, value: row => text, cls}] and rows. */
export function fillTable(table, columns, rows, { caption } = {}) {
  table.textContent = '';
  if (caption) table.append(el('caption', caption));
  const thead = el('thead');
  const hr = el('tr');
  for (const c of columns) hr.append(el('th', c.label, { scope: 'col', class: c.cls }));
  thead.append(hr);
  const tbody = el('tbody');
  for (const r of rows) {
    const tr = el('tr');
    for (const c of columns) {
      const td = el('td', c.value(r), { class: typeof c.cls === 'function' ? c.cls(r) : c.cls });
      tr.append(td);
    }
    tbody.append(tr);
  }
  table.append(thead, tbody);
}

/** Offer `text` as a file download (no network: a blob URL of this page). */
export function download(name, mime, text) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = el('a', null, { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Tabs per the WAI-ARIA pattern: click or arrow keys move between tabs. */
export function setupTabs(nav, onShow) {
  const all = $$('[role="tab"]', nav);
  const visible = () => all.filter((t) => !t.hidden);
  const show = (tab, focus = false) => {
    const tabs = all;
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
    }
    if (focus) tab.focus();
    onShow?.(tab.id.replace(/^tab-/, ''));
  };
  nav.addEventListener('click', (e) => {
    const tab = e.target.closest('[role="tab"]');
    if (tab) show(tab);
  });
  nav.addEventListener('keydown', (e) => {
    const tabs = visible();
    const i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    let j = null;
    if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
    if (e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
    if (e.key === 'Home') j = 0;
    if (e.key === 'End') j = tabs.length - 1;
    if (j != null) {
      e.preventDefault();
      show(tabs[j], true);
    }
  });
  return { show: (name) => show(document.getElementById(`tab-${name}`)) };
}

/** CSV text from a header and rows; cells with separators or quotes are quoted. */
export function toCsv(header, rows) {
  const q = (v) => {
    const s = v == null ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(q).join(',')).join('\n') + '\n';
}

/**
 * Fill the content of a <details> only when it is open: long per-interval tables (the charts'
 * table alternatives) are built on demand, so showing a view stays a short main-thread task.
 */
export function lazy(details, fill) {
  details._fill = fill;
  if (!details._wired) {
    details._wired = true;
    details.addEventListener('toggle', () => {
      if (details.open && details._fill) {
        const f = details._fill;
        details._fill = null;
        f();
      }
    });
  }
  if (details.open) {
    details._fill = null;
    fill();
  }
}
