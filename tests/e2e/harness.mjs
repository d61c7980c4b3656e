// Browser test harness: serves www/ on a free localhost port and drives Debian's chromium
// through playwright-core (never a downloaded browser). Requests that leave the origin are
// recorded so tests can assert the page makes none.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { chromium } from 'playwright-core';

export const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, ms = 10000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not start`);
}

export async function startSite() {
  const port = await freePort();
  const root = new URL('../../', import.meta.url).pathname;
  const server = spawn('python3', ['scripts/serve.py', String(port), '-q'], { cwd: root, stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  // A browser that cannot start must fail the run with a reason, not leave the page server
  // running (its handle would keep Node, and so the test run, alive forever).
  let browser;
  try {
    if (!existsSync('/usr/bin/chromium')) {
      throw new Error('no /usr/bin/chromium: run scripts/test (it installs Debian chromium) or apt-get install chromium');
    }
    await waitForServer(`${origin}/index.html`);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (e) {
    server.kill();
    throw e;
  }
  return {
    origin,
    browser,
    /**
     * A fresh context and page on the site. `viewport` defaults to 1280x900; `bypassCSP` lets
     * a test inject axe-core (the page's own CSP forbids inline scripts).
     */
    async page({ locale = 'en-US', storage, init, viewport = { width: 1280, height: 900 }, bypassCSP = false } = {}) {
      const context = await browser.newContext({ locale, viewport, acceptDownloads: true, bypassCSP });
      const page = await context.newPage();
      const foreign = [];
      const consoleErrors = [];
      page.on('request', (r) => {
        const u = r.url();
        if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
      });
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      page.on('pageerror', (e) => consoleErrors.push(String(e)));
      if (storage) await context.addInitScript((s) => localStorage.setItem('paiban.state.v1', s), storage);
      if (init) await context.addInitScript(init);
      await page.goto(`${origin}/index.html`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
      return { page, context, foreign, consoleErrors };
    },
    /** Wait until the plan run number `after`+1 (or later) has finished; returns its marker. */
    async planned(page, after = 0) {
      await page.waitForFunction((n) => {
        const p = document.body.dataset.planned;
        return p && Number(p.replace('error-', '')) > n;
      }, after, { timeout: 30000 });
      return page.evaluate(() => document.body.dataset.planned);
    },
    async close() {
      await browser.close();
      server.kill();
    },
  };
}
