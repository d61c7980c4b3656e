// The service worker that lets the page work with no network after one visit: it keeps a copy
// of the page, its modules, the wasm engine and the demo in the Cache API. Requests go to the
// network first (so an updated page is used as soon as it is reachable) and fall back to the
// copy when the network is gone. Only same-origin GET requests are handled: the page makes no
// request beyond its origin, and this worker never adds one.
const CACHE = 'paiban-v1';
// Fetched when the worker installs. The page also hands over every resource it loaded
// (offline.js), so modules added later are kept without listing them here.
const CORE = [
  './', 'index.html', 'manifest.webmanifest', 'style.css', 'import.css',
  'app.js', 'context.js', 'pipeline.js', 'engine.js', 'worker.js', 'i18n.js', 'ui.js', 'charts.js',
  'dates.js', 'messages.js', 'types.js', 'import.js', 'offline.js',
  'views/common.js', 'views/data.js', 'views/scenario.js', 'views/forecast.js', 'views/requirements.js',
  'views/schedule.js', 'views/roster.js', 'views/kpis.js', 'views/whatif.js', 'views/proposal.js',
  'vendor/uPlot.esm.js', 'vendor/uPlot.min.css', 'pkg/paiban.js', 'pkg/paiban_bg.wasm',
  // The plan and import/export modules load lazily in the worker; kept here so they work offline.
  'pkg/paiban_plan.js', 'pkg/paiban_plan_bg.wasm', 'pkg/paiban_io.js', 'pkg/paiban_io_bg.wasm',
  'demo/shop.json', 'demo/proposal.json', 'demo/presales_chat.csv', 'demo/aftersales_phone.csv', 'demo/tickets.csv',
  'icons/icon-192.png', 'icons/icon-512.png',
  // The multi-skill starter and the view module that renders skills (issue 16).
  'demo/skills.json', 'views/skills.js',
];

const sameOrigin = (url) => new URL(url, self.location.href).origin === self.location.origin;

async function keep(urls) {
  const cache = await caches.open(CACHE);
  // One missing file must not stop the others from being kept.
  await Promise.all(urls.filter(sameOrigin).map((u) => cache.add(new Request(u, { cache: 'reload' })).catch(() => {})));
}

self.addEventListener('install', (event) => {
  event.waitUntil(keep(CORE).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const urls = Array.isArray(event.data?.cache) ? event.data.cache.map(String) : [];
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const missing = [];
    for (const u of urls.filter(sameOrigin)) if (!(await cache.match(u, { ignoreSearch: true }))) missing.push(u);
    await keep(missing);
    event.source?.postMessage({ cached: urls.length });
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !sameOrigin(req.url)) return;
  event.respondWith((async () => {
    try {
      const res = await fetch(req);
      if (res.ok && res.type === 'basic') {
        const copy = res.clone();
        event.waitUntil(caches.open(CACHE).then((c) => c.put(req, copy)));
      }
      return res;
    } catch (e) {
      const hit = await caches.match(req, { ignoreSearch: true });
      if (hit) return hit;
      if (req.mode === 'navigate') {
        const page = await caches.match('index.html');
        if (page) return page;
      }
      throw e;
    }
  })());
});
