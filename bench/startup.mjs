// Start-up in Chromium: how long a page waits from inserting an SDK's
// <script> to holding its first client (fetch over loopback without cache,
// parse, evaluation and one constructor call), one fresh context per load.
import { median } from './lib/stats.mjs';

export const STARTUP = { loads: 20, warmupLoads: 2, timeoutMs: 10_000 };

// The time is taken right before the <script> is inserted and read in its
// onload, after the constructor. A file, not inline: the page's CSP allows no inline script.
const STARTUP_JS = `
(function () {
  var lib = new URLSearchParams(location.search).get('lib');
  var script = document.createElement('script');
  script.src = '/lib/' + lib + '.js';
  script.onload = function () {
    try {
      var client = lib === 'spa'
        ? new auth0.Auth0Client({ domain: 'me.auth0.com', clientId: 'bench_app' })
        : new auth0.WebAuth({ domain: 'me.auth0.com', clientID: 'bench_app' });
      var ms = performance.now() - t0;
      window.__startup = client ? { ms: ms } : { error: 'no client' };
    } catch (error) {
      window.__startup = { error: String(error) };
    }
  };
  script.onerror = function () { window.__startup = { error: 'script failed to load' }; };
  var t0 = performance.now();
  document.head.appendChild(script);
})();
`;

export const STARTUP_PAGES = {
  '/startup.html': '<!doctype html><html><head><meta charset="utf-8"><script src="/startup.js"></script></head><body></body></html>',
};
export const STARTUP_SCRIPTS = { '/startup.js': STARTUP_JS };

async function loadOnce(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STARTUP.timeoutMs);
    await page.goto(url, { timeout: STARTUP.timeoutMs, waitUntil: 'load' });
    const handle = await page.waitForFunction(() => window.__startup, undefined, { timeout: STARTUP.timeoutMs });
    const value = await handle.jsonValue();
    if (value.error) throw new Error(`${url}: ${value.error}`);
    return value;
  } finally {
    await context.close();
  }
}

/** Median ms per SDK (`ours`, `auth0js`, `spa`), `ratio` ours / auth0.js, and the samples. */
export async function measureStartup(browser, origin) {
  const samples = { ours: [], auth0js: [], spa: [] };
  const libs = Object.keys(samples);
  for (let index = 0; index < STARTUP.warmupLoads + STARTUP.loads; index++) {
    // Rotate the order so no bundle always loads first.
    for (const lib of libs.map((_, k) => libs[(k + index) % libs.length])) {
      const { ms } = await loadOnce(browser, `${origin}/startup.html?lib=${lib}`);
      if (index >= STARTUP.warmupLoads) samples[lib].push(ms);
    }
  }
  const startup = Object.fromEntries(libs.map((lib) => [lib, median(samples[lib])]));
  startup.ratio = startup.ours / startup.auth0js;
  startup.samples = samples;
  return startup;
}
