// Installable and offline: registers the service worker (sw.js) and hands it the list of
// same-origin resources this page loaded, so everything needed for the next visit is kept
// even after modules are added or renamed. Without service workers (file://, old browsers)
// the page works online as before.
export const offlineReady = (async () => {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return false;
  try {
    await navigator.serviceWorker.register('./sw.js');
    const reg = await navigator.serviceWorker.ready;
    await new Promise((resolve) => (document.readyState === 'complete' ? resolve() : window.addEventListener('load', resolve, { once: true })));
    const urls = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)]
      .filter((u) => u.startsWith(location.origin));
    const done = new Promise((resolve) => {
      navigator.serviceWorker.addEventListener('message', (ev) => ev.data?.cached != null && resolve(true), { once: true });
      setTimeout(() => resolve(false), 20000);
    });
    reg.active?.postMessage({ cache: urls });
    const ok = await done;
    document.body.dataset.offline = ok ? 'ready' : 'partial';
    return ok;
  } catch {
    return false;
  }
})();
