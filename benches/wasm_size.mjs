// What the wasm's bytes are: code bytes per crate and per module from the name section of the
// unoptimised build (wasm-opt drops names; its -Oz shrinks every function by a similar share),
// plus the data section. Usage: node benches/wasm_size.mjs FILE.wasm [TOP]
// Prints markdown tables for benches/README.md ("wasm size").
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
const b = readFileSync(file);
let p = 8;
const uleb = () => {
  let r = 0, s = 0, x;
  do { x = b[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
  return r;
};
const sections = [];
let imports = 0;
let bodies = [];
let names = new Map();
while (p < b.length) {
  const id = b[p++];
  const n = uleb();
  const start = p;
  let name = '';
  if (id === 0) {
    const l = uleb();
    name = b.subarray(p, p + l).toString();
    p += l;
    if (name === 'name') {
      while (p < start + n) {
        const sub = b[p++];
        const len = uleb();
        const end = p + len;
        if (sub === 1) {
          const count = uleb();
          for (let i = 0; i < count; i++) {
            const idx = uleb();
            const nl = uleb();
            names.set(idx, b.subarray(p, p + nl).toString());
            p += nl;
          }
        }
        p = end;
      }
    }
  } else if (id === 2) {
    const count = uleb();
    for (let i = 0; i < count; i++) {
      const ml = uleb(); p += ml;
      const fl = uleb(); p += fl;
      const kind = b[p++];
      if (kind === 0) { uleb(); imports++; }
      else if (kind === 1) { p++; const f = b[p++]; uleb(); if (f & 1) uleb(); }
      else if (kind === 2) { const f = b[p++]; uleb(); if (f & 1) uleb(); }
      else if (kind === 3) { p += 2; }
    }
  } else if (id === 10) {
    const count = uleb();
    for (let i = 0; i < count; i++) {
      const size = uleb();
      bodies.push(size);
      p += size;
    }
  }
  sections.push({ id, name, size: n });
  p = start + n;
}

// Rust legacy mangling (_ZN..E) to a path; demangled names pass through.
function demangle(s) {
  const m = s.match(/^_ZN(.*)E$/);
  if (!m) return s;
  const parts = [];
  let q = m[1];
  while (q.length) {
    const d = q.match(/^(\d+)/);
    if (!d) break;
    const len = Number(d[1]);
    parts.push(q.slice(d[1].length, d[1].length + len));
    q = q.slice(d[1].length + len);
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts.at(-1))) parts.pop();
  return parts.join('::').replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ')
    .replace(/\$C\$/g, ',').replace(/\$RF\$/g, '&').replace(/\$BP\$/g, '*').replace(/\.\./g, '::');
}

// The crate a function belongs to: for `<A as B>::f` the implementing type's crate, unless
// that is a std type (then the trait's crate), so serde impls of paiban types count as paiban.
const STD = new Set(['core', 'alloc', 'std']);
function owner(name) {
  const d = demangle(name).replace(/^_?<+/, '');
  const m = d.match(/^(?:&(?:mut )?|\*const |\*mut |dyn )*([A-Za-z_][A-Za-z0-9_]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?/);
  if (!m) return ['?', '?'];
  let crate = m[1];
  let module = m[2] ?? '';
  if (STD.has(crate) || !d.includes('::')) {
    const t = d.match(/ as ([A-Za-z_][A-Za-z0-9_]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?/);
    if (t && !STD.has(t[1]) && d.includes('::')) { crate = t[1]; module = t[2] ?? ''; }
  }
  if (!d.includes('::')) return ['(unnamed/glue)', ''];
  return [crate, module];
}

const byCrate = new Map();
const byModule = new Map();
let code = 0;
bodies.forEach((size, i) => {
  const name = names.get(imports + i) ?? '';
  const [c, m] = owner(name);
  code += size;
  byCrate.set(c, (byCrate.get(c) ?? 0) + size);
  const key = c === 'paiban' || c === 'serde' || c === 'core' ? `${c}::${m}` : c;
  byModule.set(key, (byModule.get(key) ?? 0) + size);
});
if (process.env.SHOW) { bodies.map((s, i) => [s, demangle(names.get(imports + i) ?? "")]).filter(([, n]) => owner(n)[0] === process.env.SHOW).sort((a, b) => b[0] - a[0]).slice(0, 40).forEach(([s, n]) => console.log(s, n.slice(0, 200))); }
const kb = (x) => (x / 1024).toFixed(1);
const total = b.length;
console.log(`file ${file}: ${total} bytes; code ${code} (${(100 * code / total).toFixed(1)}%), ` +
  sections.filter((s) => s.id !== 10).map((s) => `${s.name || ['custom', 'type', 'import', 'func', 'table', 'mem', 'global', 'export', 'start', 'elem', 'code', 'data'][s.id]} ${s.size}`).join(', '));
for (const [title, map] of [['crate', byCrate], ['crate::module', byModule]]) {
  console.log(`\n| ${title} | code KB | share of code |\n|---|---:|---:|`);
  [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .forEach(([k, v]) => console.log(`| ${k} | ${kb(v)} | ${(100 * v / code).toFixed(1)}% |`));
}
