// URL-building throughput, both script-tag bundles in one context, two ways an
// app calls them:
//   newClient:  `new WebAuth(config).buildLogoutUrl(options)`, a client per call
//               (what a page that creates its client on demand pays);
//   onInstance: `webAuth.buildLogoutUrl(options)` on a client created once (what
//               an app that keeps its client pays; auth0.js builds the URL on
//               `webAuth.client`, its documented place for it).
// Both SDKs run in the same context, with the same globals, the same JIT and
// the same loop, alternating which goes first.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { median } from './lib/stats.mjs';
import { FILES, LOGOUT_OPTIONS, TENANT, withoutTelemetry } from './subjects.mjs';

export const THROUGHPUT = { rounds: 7, warmupRounds: 2, iterations: 10_000 };
export const MODES = ['newClient', 'onInstance'];

/** Runs where `webauthLogout` and `auth0js` are the two SDKs' globals. */
export const LOOP_SOURCE = `
  var __sink;
  var __cfg = ${JSON.stringify(TENANT)};
  var __opts = ${JSON.stringify(LOGOUT_OPTIONS)};
  var __clients = { ours: new webauthLogout.WebAuth(__cfg), auth0js: new auth0js.WebAuth(__cfg) };
  var __build = {
    newClient: {
      ours: function () { return new webauthLogout.WebAuth(__cfg).buildLogoutUrl(__opts); },
      auth0js: function () { return new auth0js.WebAuth(__cfg).client.buildLogoutUrl(__opts); }
    },
    onInstance: {
      ours: function () { return __clients.ours.buildLogoutUrl(__opts); },
      auth0js: function () { return __clients.auth0js.client.buildLogoutUrl(__opts); }
    }
  };
  function __urls() {
    return [__build.newClient.ours(), __build.newClient.auth0js(), __build.onInstance.ours(), __build.onInstance.auth0js()];
  }
  function __round(mode, name, n) {
    var f = __build[mode][name];
    var t0 = performance.now();
    for (var i = 0; i < n; i++) __sink = f();
    var ms = performance.now() - t0;
    if (typeof __sink !== 'string') throw new Error(name + ' did not return a URL');
    return ms;
  }
`;

/**
 * The bench compares speed only if both SDKs build the same URL, both ways
 * (telemetry aside: each reports its own name, and auth0.js varies it with
 * the page it runs on).
 */
export function assertSameUrls(urls, where) {
  const [oursNew, theirsNew, oursInstance, theirsInstance] = urls;
  const same = oursNew === oursInstance && new Set(urls.map(withoutTelemetry)).size === 1;
  if (!same) throw new Error(`${where}: the two SDKs build different URLs:\n  ${oursNew}\n  ${theirsNew}\n  ${oursInstance}\n  ${theirsInstance}`);
  return oursNew;
}

/** Median ops/s of each SDK for `mode`; `round(mode, name, n)` returns the ms of n calls. */
export async function runRounds(mode, round) {
  const samples = { ours: [], auth0js: [] };
  for (let index = 0; index < THROUGHPUT.warmupRounds + THROUGHPUT.rounds; index++) {
    const order = index % 2 ? ['auth0js', 'ours'] : ['ours', 'auth0js'];
    for (const name of order) {
      const ms = await round(mode, name, THROUGHPUT.iterations);
      if (index >= THROUGHPUT.warmupRounds) samples[name].push((THROUGHPUT.iterations / ms) * 1000);
    }
  }
  const ours = median(samples.ours);
  const auth0js = median(samples.auth0js);
  return { ours, auth0js, ratio: ours / auth0js, samples };
}

/**
 * Node vm rather than jsdom: jsdom's URL is a pure-JS implementation about 35
 * times slower than the native one a browser has, which would measure jsdom.
 * The context gets Node's native URL, TextEncoder and btoa, and `window` is
 * its own global. Returns `{ newClient, onInstance }`, each with the URL built.
 */
export async function measureThroughputVm() {
  const context = vm.createContext({
    URL, URLSearchParams, TextEncoder, TextDecoder, btoa, atob, performance, console,
    setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask,
  });
  vm.runInContext('var window = globalThis, self = globalThis;', context);
  vm.runInContext(readFileSync(FILES.auth0js, 'utf8'), context, { filename: 'auth0.min.js' });
  vm.runInContext('var auth0js = auth0; auth0 = undefined;', context);
  vm.runInContext(readFileSync(FILES.ours, 'utf8'), context, { filename: 'webauth-logout.min.js' });
  vm.runInContext(`var webauthLogout = auth0;${LOOP_SOURCE}`, context);
  const url = assertSameUrls(vm.runInContext('__urls()', context), 'Node vm');
  const round = (mode, name, n) => vm.runInContext(`__round(${JSON.stringify(mode)}, ${JSON.stringify(name)}, ${n})`, context);
  const result = {};
  for (const mode of MODES) result[mode] = { ...(await runRounds(mode, round)), url };
  return result;
}

/** Pages and scripts the Chromium measure serves: both bundles, then the loop. */
export const THROUGHPUT_PAGES = {
  '/throughput.html':
    '<!doctype html><html><head><meta charset="utf-8">' +
    '<script src="/lib/auth0js.js"></script><script src="/rename.js"></script>' +
    '<script src="/lib/ours.js"></script><script src="/loop.js"></script></head><body></body></html>',
};
export const THROUGHPUT_SCRIPTS = {
  '/rename.js': 'window.auth0js = window.auth0; window.auth0 = undefined;',
  '/loop.js': `var webauthLogout = window.auth0;${LOOP_SOURCE}`,
};

/** The same loop in one Chromium page: `{ newClient, onInstance }`. */
export async function measureThroughputChromium(browser, origin) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${origin}/throughput.html`, { timeout: 10_000 });
    const url = assertSameUrls(await page.evaluate(() => window.__urls()), 'Chromium');
    const round = (mode, name, n) => page.evaluate(([m, lib, count]) => window.__round(m, lib, count), [mode, name, n]);
    const result = {};
    for (const mode of MODES) result[mode] = { ...(await runRounds(mode, round)), url };
    return result;
  } finally {
    await context.close();
  }
}
