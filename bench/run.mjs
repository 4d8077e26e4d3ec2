// Size and speed of webauth-logout, side by side with auth0.js (and
// @auth0/auth0-spa-js for size and start-up), every figure measured in this run.
//
//   npm run bench      (= npm run build && node bench/run.mjs)
//
// Prints one markdown table, writes the same figures to bench/results.json and
// draws bench/chart.svg. Everything runs on 127.0.0.1, every load is bounded in
// count and time; the whole run takes well under three minutes.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(ROOT, ...parts);
const pkgVersion = (name) => JSON.parse(readFileSync(at('node_modules', name, 'package.json'), 'utf8')).version;

const FILES = {
  ours: at('dist/webauth-logout.min.js'),
  auth0js: at('node_modules/auth0-js/dist/auth0.min.js'),
  spa: at('node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.js'),
};
const NAMES = {
  ours: `webauth-logout ${JSON.parse(readFileSync(at('package.json'), 'utf8')).version}`,
  auth0js: `auth0.js ${pkgVersion('auth0-js')}`,
  spa: `auth0-spa-js ${pkgVersion('@auth0/auth0-spa-js')}`,
};

const THROUGHPUT = { rounds: 7, warmupRounds: 2, iterations: 10_000 };
const STARTUP = { loads: 20, warmupLoads: 2, timeoutMs: 10_000 };
const LOAD = { seconds: 3, connections: 8, requestTimeoutS: 5 };
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

// The realistic call: one tenant, an allowed returnTo, federated, telemetry on (the default).
const TENANT = { domain: 'me.auth0.com', clientID: 'bench_app' };
const LOGOUT_OPTIONS = { returnTo: 'https://app.example.com/goodbye', federated: true, client_id: 'bench_app' };

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const log = (message) => process.stderr.write(`· ${message}\n`);

// ---------------------------------------------------------------------------
// 1. Bytes

function sizes(bytes) {
  const buffer = Buffer.from(bytes);
  return {
    raw: buffer.length,
    gzip: zlib.gzipSync(buffer, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buffer, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buffer.length,
      },
    }).length,
  };
}

async function bundle({ entry, contents, external = [] }) {
  const result = await esbuild.build({
    ...(entry ? { entryPoints: [entry] } : { stdin: { contents, resolveDir: ROOT, loader: 'js' } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

async function measureSizes() {
  const ownDist = JSON.stringify(at('dist/index.mjs'));
  return {
    umd: {
      ours: sizes(readFileSync(FILES.ours)),
      auth0js: sizes(readFileSync(FILES.auth0js)),
      spa: sizes(readFileSync(FILES.spa)),
    },
    // Our own code: everything in src/ but qs.
    ownCode: sizes(await bundle({ entry: at('src/index.ts'), external: ['qs'] })),
    // What an app pays for one import after tree-shaking, without and with its dependencies.
    importBuildLogoutUrl: {
      qsExternal: sizes(await bundle({ contents: `export { buildLogoutUrl } from ${ownDist};`, external: ['qs'] })),
      qsBundled: sizes(await bundle({ contents: `export { buildLogoutUrl } from ${ownDist};` })),
    },
    importAuth0js: sizes(await bundle({ contents: "export { WebAuth } from 'auth0-js';" })),
    importSpa: sizes(await bundle({ contents: "export { Auth0Client } from '@auth0/auth0-spa-js';" })),
  };
}

// ---------------------------------------------------------------------------
// 2. URL building throughput, both UMD bundles in one Node vm context.
//
// A vm context rather than jsdom: jsdom's URL is a pure-JS implementation about
// 35 times slower than the native one a browser has, which would measure jsdom.
// The context gets Node's native URL, TextEncoder and btoa, and `window` is its
// own global; both bundles are evaluated in it, so both run with the same
// globals, the same JIT and the same loop (run inside the context).

const LOOP_SOURCE = `
  var __sink;
  var __cfg = ${JSON.stringify(TENANT)};
  var __opts = ${JSON.stringify(LOGOUT_OPTIONS)};
  var __build = {
    ours: function () { return new webauthLogout.WebAuth(__cfg).buildLogoutUrl(__opts); },
    auth0js: function () { return new auth0js.WebAuth(__cfg).client.buildLogoutUrl(__opts); }
  };
  function __round(name, n) {
    var f = __build[name];
    var t0 = performance.now();
    for (var i = 0; i < n; i++) __sink = f();
    var ms = performance.now() - t0;
    if (typeof __sink !== 'string') throw new Error(name + ' did not return a URL');
    return ms;
  }
`;

/** Removes auth0Client (each SDK reports its own name), so the two URLs can be compared. */
const withoutTelemetry = (url) => url.replace(/([?&])auth0Client=[^&]*&?/, '$1');

async function runRounds(round) {
  const samples = { ours: [], auth0js: [] };
  for (let index = 0; index < THROUGHPUT.warmupRounds + THROUGHPUT.rounds; index++) {
    const order = index % 2 ? ['auth0js', 'ours'] : ['ours', 'auth0js'];
    for (const name of order) {
      const ms = await round(name, THROUGHPUT.iterations);
      if (index >= THROUGHPUT.warmupRounds) samples[name].push((THROUGHPUT.iterations / ms) * 1000);
    }
  }
  const ours = median(samples.ours);
  const auth0js = median(samples.auth0js);
  return { ours, auth0js, ratio: ours / auth0js, samples };
}

async function measureThroughputVm() {
  const context = vm.createContext({
    URL, URLSearchParams, TextEncoder, TextDecoder, btoa, atob, performance, console,
    setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask,
  });
  vm.runInContext('var window = globalThis, self = globalThis;', context);
  vm.runInContext(readFileSync(FILES.auth0js, 'utf8'), context, { filename: 'auth0.min.js' });
  vm.runInContext('var auth0js = auth0; auth0 = undefined;', context);
  vm.runInContext(readFileSync(FILES.ours, 'utf8'), context, { filename: 'webauth-logout.min.js' });
  vm.runInContext(`var webauthLogout = auth0;${LOOP_SOURCE}`, context);
  const urls = vm.runInContext('[__build.ours(), __build.auth0js()]', context);
  if (withoutTelemetry(urls[0]) !== withoutTelemetry(urls[1])) {
    throw new Error(`The two SDKs build different URLs:\n  ${urls[0]}\n  ${urls[1]}`);
  }
  const result = await runRounds((name, n) => vm.runInContext(`__round(${JSON.stringify(name)}, ${n})`, context));
  return { ...result, url: urls[0] };
}

// ---------------------------------------------------------------------------
// 3. Headless Chromium: start-up of each bundle, and the same throughput loop in a page.

const SCRIPT_HEADERS = {
  'content-type': 'text/javascript; charset=utf-8',
  'cache-control': 'no-store',
};
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // No inline script anywhere: the timing code is a file too.
  'content-security-policy': "script-src 'self'",
};

// Records the time right before the bundle's <script> is inserted and reads it
// in the bundle's onload, after one constructor call: fetch (loopback, no cache),
// parse, evaluation and first use.
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

const PAGES = {
  '/startup.html': '<!doctype html><html><head><meta charset="utf-8"><script src="/startup.js"></script></head><body></body></html>',
  '/throughput.html':
    '<!doctype html><html><head><meta charset="utf-8">' +
    '<script src="/lib/auth0js.js"></script><script src="/rename.js"></script>' +
    '<script src="/lib/ours.js"></script><script src="/loop.js"></script></head><body></body></html>',
};
const SCRIPTS = {
  '/startup.js': STARTUP_JS,
  '/rename.js': 'window.auth0js = window.auth0; window.auth0 = undefined;',
  '/loop.js': `var webauthLogout = window.auth0;${LOOP_SOURCE}`,
  '/lib/ours.js': readFileSync(FILES.ours),
  '/lib/auth0js.js': readFileSync(FILES.auth0js),
  '/lib/spa.js': readFileSync(FILES.spa),
};

function startStaticServer() {
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url, 'http://127.0.0.1');
    if (pathname in PAGES) response.writeHead(200, PAGE_HEADERS).end(PAGES[pathname]);
    else if (pathname in SCRIPTS) response.writeHead(200, SCRIPT_HEADERS).end(SCRIPTS[pathname]);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

async function loadOnce(browser, url, global) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STARTUP.timeoutMs);
    await page.goto(url, { timeout: STARTUP.timeoutMs, waitUntil: 'load' });
    const handle = await page.waitForFunction((name) => window[name], global, { timeout: STARTUP.timeoutMs });
    const value = await handle.jsonValue();
    if (value.error) throw new Error(`${url}: ${value.error}`);
    return value;
  } finally {
    await context.close();
  }
}

async function measureChromium() {
  const { server, origin } = await startStaticServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
  try {
    const chromiumVersion = browser.version();
    log(`Chromium ${chromiumVersion}: start-up, ${STARTUP.loads} loads per bundle`);
    const samples = { ours: [], auth0js: [], spa: [] };
    const libs = Object.keys(samples);
    for (let index = 0; index < STARTUP.warmupLoads + STARTUP.loads; index++) {
      // Rotate the order so no bundle always loads first.
      for (const lib of libs.map((_, k) => libs[(k + index) % libs.length])) {
        const { ms } = await loadOnce(browser, `${origin}/startup.html?lib=${lib}`, '__startup');
        if (index >= STARTUP.warmupLoads) samples[lib].push(ms);
      }
    }
    const startup = Object.fromEntries(libs.map((lib) => [lib, median(samples[lib])]));
    startup.ratio = startup.ours / startup.auth0js;
    startup.samples = samples;

    log('Chromium: URL building throughput, both bundles in one page');
    const context = await browser.newContext();
    let throughput;
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      await page.goto(`${origin}/throughput.html`, { timeout: STARTUP.timeoutMs });
      const urls = await page.evaluate(() => [window.__build.ours(), window.__build.auth0js()]);
      if (withoutTelemetry(urls[0]) !== withoutTelemetry(urls[1])) throw new Error(`Different URLs in Chromium: ${urls}`);
      throughput = await runRounds((name, n) => page.evaluate(([lib, count]) => window.__round(lib, count), [name, n]));
    } finally {
      await context.close();
    }
    return { chromiumVersion, startup, throughput };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

// ---------------------------------------------------------------------------
// 4. The local tenant (examples/tenant/server.mjs) under a bounded load.

const TENANT_MODULE = process.env.BENCH_TENANT_MODULE ?? at('examples/tenant/server.mjs');
const TENANT_CONFIG = {
  allowedLogoutUrls: ['https://app.example.com/', 'https://*.example.org/signed-out'],
  applications: {
    bench_app: {
      allowedLogoutUrls: ['https://app.example.com/goodbye', 'http://localhost:3000/'],
      postLogoutRedirectUris: ['https://app.example.com/oidc-done?x=1'],
    },
  },
};

const enc = encodeURIComponent;
const APP_URL = 'https://app.example.com/goodbye';
// kind: what the request is; expect: what Auth0 would answer ('redirect', 'ok', 'reject', or 'any').
const REQUEST_MIX = [
  // Allowed.
  { kind: 'allowed', expect: 'redirect', path: `/v2/logout?client_id=bench_app&returnTo=${enc(APP_URL)}` },
  { kind: 'allowed', expect: 'redirect', path: `/v2/logout?client_id=bench_app&returnTo=${enc(APP_URL)}&federated` },
  { kind: 'allowed', expect: 'redirect', path: `/v2/logout?client_id=bench_app&returnTo=${enc(`${APP_URL}?from=bench#top`)}` },
  { kind: 'allowed', expect: 'redirect', path: `/v2/logout?client_id=bench_app&returnTo=${enc('HTTPS://APP.Example.com/goodbye')}` },
  { kind: 'allowed', expect: 'redirect', path: '/v2/logout?client_id=bench_app' },
  { kind: 'allowed', expect: 'redirect', path: `/v2/logout?returnTo=${enc('https://app.example.com/')}` },
  { kind: 'allowed', expect: 'redirect', path: `/v2/logout?returnTo=${enc('https://a.example.org/signed-out')}` },
  { kind: 'allowed', expect: 'ok', path: '/v2/logout' },
  // Disallowed: well-formed, not on the list that applies.
  { kind: 'disallowed', expect: 'reject', path: `/v2/logout?client_id=bench_app&returnTo=${enc('https://evil.example/')}` },
  { kind: 'disallowed', expect: 'reject', path: `/v2/logout?client_id=bench_app&returnTo=${enc('https://app.example.com/GOODBYE')}` },
  { kind: 'disallowed', expect: 'reject', path: `/v2/logout?client_id=bench_app&returnTo=${enc('https://app.example.com/')}` },
  { kind: 'disallowed', expect: 'reject', path: `/v2/logout?returnTo=${enc(APP_URL)}` },
  { kind: 'disallowed', expect: 'reject', path: `/v2/logout?returnTo=${enc('https://a.b.example.org/signed-out')}` },
  { kind: 'disallowed', expect: 'reject', path: `/v2/logout?returnTo=${enc('https://example.org/signed-out')}` },
  { kind: 'disallowed', expect: 'reject', path: `/v2/logout?returnTo=${enc('https://app.example.com.evil.example/')}` },
  { kind: 'disallowed', expect: 'reject', path: `/v2/logout?client_id=nobody&returnTo=${enc(APP_URL)}` },
  // Malformed.
  { kind: 'malformed', expect: 'reject', path: `/v2/logout?client_id=bench_app&returnTo=${enc('javascript:alert(1)')}` },
  { kind: 'malformed', expect: 'reject', path: `/v2/logout?returnTo=${enc('//evil.example/')}` },
  { kind: 'malformed', expect: 'reject', path: '/v2/logout?client_id=bench_app&returnTo=%E0%A4%A' },
  { kind: 'malformed', expect: 'reject', path: `/v2/logout?client_id=bench_app&returnTo=${enc(`${APP_URL}\r\nLocation: https://evil.example/`)}` },
  { kind: 'malformed', expect: 'reject', path: `/v2/logout?client_id=bench_app&returnTo=${enc('https://app.example.com\\@evil.example/')}` },
  { kind: 'malformed', expect: 'any', path: `/v2/logout?client_id=bench_app&returnTo=${enc(APP_URL)}&returnTo=${enc('https://evil.example/')}` },
  { kind: 'malformed', expect: 'any', path: `/v2/logout?client_id=bench_app&returnTo%5B0%5D=${enc(APP_URL)}` },
  { kind: 'malformed', expect: 'any', path: `/v2/logout?client_id=&returnTo=${enc(APP_URL)}` },
  { kind: 'malformed', expect: 'reject', path: `/v2/logout?client_id=bench_app&returnTo=${enc(`${APP_URL}/${'x'.repeat(8000)}`)}` },
];

/** Independent of the SDK and of the tenant: is `location` on the list that applies to `requestPath`? */
function redirectIsAllowed(location, requestPath) {
  const query = new URLSearchParams(requestPath.split('?')[1] ?? '');
  const clientId = query.get('client_id');
  const list = clientId ? TENANT_CONFIG.applications[clientId]?.allowedLogoutUrls : TENANT_CONFIG.allowedLogoutUrls;
  if (!list || /[\r\n]/.test(location)) return false;
  let target;
  try {
    target = new URL(location);
  } catch {
    return false;
  }
  if (target.username || target.password || !/^https?:$/.test(target.protocol)) return false;
  return list.some((entry) => {
    const wildcard = /^https?:\/\/\*\./i.test(entry);
    const allowed = new URL(wildcard ? entry.replace('*.', 'wildcard.') : entry);
    if (allowed.protocol !== target.protocol || allowed.port !== target.port || allowed.pathname !== target.pathname) return false;
    if (!wildcard) return allowed.hostname === target.hostname;
    const suffix = allowed.hostname.slice('wildcard'.length);
    const label = target.hostname.slice(0, -suffix.length);
    return target.hostname.endsWith(suffix) && label.length > 0 && !label.includes('.');
  });
}

function startTenantProcess() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [at('bench/tenant-child.mjs'), TENANT_MODULE, JSON.stringify(TENANT_CONFIG)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the tenant did not start within 15 s'));
    }, 15_000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      try {
        resolve({ child, url: JSON.parse(out.split('\n')[0]).url });
      } catch (error) {
        child.kill('SIGKILL');
        reject(error);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the tenant process exited (${code}) before listening`));
    });
  });
}

function stopTenantProcess(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin.end();
    child.kill('SIGTERM');
  });
}

/**
 * Requests `requestPath` without following redirects, except to the tenant's
 * own pages (`federated` goes through its `/idp/logout` first), at most 3 hops:
 * returns the first status (the worst, if a hop gave a 5xx) and the first
 * Location that leaves the tenant, or the last one.
 */
async function followOnTenant(base, requestPath) {
  const origin = new URL(base).origin;
  let target = new URL(requestPath, base);
  let status;
  const hops = [];
  for (;;) {
    const response = await fetch(target, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    status = status === undefined || response.status >= 500 ? response.status : status;
    const location = response.headers.get('location');
    if (location === null) return { status, location: null, hops };
    let next;
    try {
      next = new URL(location, target);
    } catch {
      return { status, location, hops };
    }
    if (next.origin !== origin || hops.length >= 3) return { status, location, hops };
    hops.push(location.length > 120 ? `${location.slice(0, 117)}...` : location);
    target = next;
  }
}

const classOf = (status) => (status >= 200 && status < 300 ? 'ok' : status >= 300 && status < 400 ? 'redirect' : status >= 400 && status < 500 ? 'reject' : 'error');

async function measureTenant() {
  if (!existsSync(TENANT_MODULE)) {
    return { skipped: `${path.relative(ROOT, TENANT_MODULE)} does not exist yet: no tenant load figures` };
  }
  const { child, url } = await startTenantProcess();
  try {
    // Correctness pass: every request of the mix once, redirects not followed.
    const checks = [];
    for (const request of REQUEST_MIX) {
      const { status, location, hops } = await followOnTenant(url, request.path);
      checks.push({
        ...request,
        path: request.path.length > 160 ? `${request.path.slice(0, 157)}...` : request.path,
        status,
        location,
        hops,
        badRedirect: location !== null && !redirectIsAllowed(location, request.path),
        unexpected: request.expect !== 'any' && classOf(status) !== request.expect,
      });
    }

    // Load: ~3 s, a fixed number of connections cycling through the same mix.
    const instance = autocannon({
      url,
      connections: LOAD.connections,
      pipelining: 1,
      duration: LOAD.seconds,
      timeout: LOAD.requestTimeoutS,
      requests: REQUEST_MIX.map(({ path: requestPath }) => ({ method: 'GET', path: requestPath })),
    });
    const watchdog = setTimeout(() => instance.stop(), (LOAD.seconds + 10) * 1000);
    const result = await instance;
    clearTimeout(watchdog);

    return {
      requestsPerSecond: result.requests.average,
      total: result.requests.total,
      seconds: LOAD.seconds,
      connections: LOAD.connections,
      byClass: { '2xx': result['2xx'], '3xx': result['3xx'], '4xx': result['4xx'], '5xx': result['5xx'] },
      byStatus: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
      errors: result.errors,
      timeouts: result.timeouts,
      mix: Object.fromEntries(['allowed', 'disallowed', 'malformed'].map((kind) => [kind, REQUEST_MIX.filter((r) => r.kind === kind).length])),
      checks,
      fiveXx: result['5xx'] + checks.filter((check) => check.status >= 500).length,
      badRedirects: checks.filter((check) => check.badRedirect).length,
      unexpected: checks.filter((check) => check.unexpected),
    };
  } finally {
    await stopTenantProcess(child);
  }
}

// ---------------------------------------------------------------------------
// Report

const n = (value, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (ours, theirs) => `${n((100 * ours) / theirs, 1)} %`;
const triple = ({ raw, gzip, brotli }) => `${n(raw)} / ${n(gzip)} / ${n(brotli)}`;

function table(results) {
  const { sizes: s, vm: t, chromium: c, tenant } = results;
  const rows = [
    ['Script-tag bundle, minified (B)', n(s.umd.ours.raw), n(s.umd.auth0js.raw), n(s.umd.spa.raw), pct(s.umd.ours.raw, s.umd.auth0js.raw)],
    ['Script-tag bundle, gzip -9 (B)', n(s.umd.ours.gzip), n(s.umd.auth0js.gzip), n(s.umd.spa.gzip), pct(s.umd.ours.gzip, s.umd.auth0js.gzip)],
    ['Script-tag bundle, brotli q11 (B)', n(s.umd.ours.brotli), n(s.umd.auth0js.brotli), n(s.umd.spa.brotli), pct(s.umd.ours.brotli, s.umd.auth0js.brotli)],
    ['Own code without qs, min / gzip / brotli (B)', triple(s.ownCode), '–', '–', '–'],
    ['`import { buildLogoutUrl }`, qs external, min / gzip / brotli (B)', triple(s.importBuildLogoutUrl.qsExternal), '–', '–', '–'],
    [
      'App import, tree-shaken, deps bundled, min / gzip / brotli (B): `buildLogoutUrl` · `WebAuth` · `Auth0Client`',
      triple(s.importBuildLogoutUrl.qsBundled), triple(s.importAuth0js), triple(s.importSpa),
      pct(s.importBuildLogoutUrl.qsBundled.gzip, s.importAuth0js.gzip) + ' (gzip)',
    ],
    [
      `\`new WebAuth(…).buildLogoutUrl(…)\`, Node vm, ops/s (median of ${THROUGHPUT.rounds} × ${n(THROUGHPUT.iterations)})`,
      n(t.ours), n(t.auth0js), '–', `${n(t.ratio, 2)} ×`,
    ],
    [
      `\`new WebAuth(…).buildLogoutUrl(…)\`, Chromium, ops/s (median of ${THROUGHPUT.rounds} × ${n(THROUGHPUT.iterations)})`,
      n(c.throughput.ours), n(c.throughput.auth0js), '–', `${n(c.throughput.ratio, 2)} ×`,
    ],
    [
      `Start-up in Chromium: insert script → first client, ms (median of ${STARTUP.loads} loads)`,
      n(c.startup.ours, 2), n(c.startup.auth0js, 2), n(c.startup.spa, 2), `${n(c.startup.ratio, 2)} ×`,
    ],
  ];
  if (tenant.skipped) {
    rows.push(['Local tenant `/v2/logout` under load', `skipped: ${tenant.skipped}`, '–', '–', '–']);
  } else {
    const { byClass } = tenant;
    rows.push(
      [
        `Local tenant \`/v2/logout\`, req/s (${tenant.seconds} s, ${tenant.connections} connections, ${REQUEST_MIX.length}-request mix)`,
        n(tenant.requestsPerSecond), '–', '–', '–',
      ],
      [
        'Local tenant responses: 2xx / 3xx / 4xx / 5xx',
        `${n(byClass['2xx'])} / ${n(byClass['3xx'])} / ${n(byClass['4xx'])} / ${n(byClass['5xx'])}`, '–', '–', '–',
      ],
      [
        'Local tenant: 5xx · redirects off the list (all requests · checked Locations)',
        `${tenant.fiveXx} · ${tenant.badRedirects} of ${tenant.checks.filter((c) => c.location !== null).length} ${tenant.fiveXx === 0 && tenant.badRedirects === 0 ? '✔' : '✘'}`,
        '–', '–', '–',
      ],
    );
  }
  const header = ['Measure', NAMES.ours, NAMES.auth0js, NAMES.spa, 'ours vs auth0.js'];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const escapeXml = (text) => String(text).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

function chart(results) {
  const { sizes: s, vm: t, chromium: c } = results;
  const width = 720;
  const labelWidth = 250;
  const barMax = width - labelWidth - 90;
  const barHeight = 22;
  const gap = 8;
  const colors = { ours: '#1f9d8b', auth0js: '#e4572e', spa: '#8a94a6' };
  const parts = [];
  let y = 30;
  const title = (text) => {
    parts.push(`<text x="12" y="${y}" class="t">${escapeXml(text)}</text>`);
    y += 14;
  };
  const bar = (label, value, max, color, text) => {
    const w = Math.max(1, (value / max) * barMax);
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + barHeight * 0.7}" class="l" text-anchor="end">${escapeXml(label)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" rx="3" fill="${color}"/>`,
      `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + barHeight * 0.7}" class="v">${escapeXml(text)}</text>`,
    );
    y += barHeight + gap;
  };
  title('Script-tag bundle, gzip -9 (smaller is better)');
  const maxGzip = Math.max(s.umd.ours.gzip, s.umd.auth0js.gzip, s.umd.spa.gzip);
  bar(NAMES.ours, s.umd.ours.gzip, maxGzip, colors.ours, `${n(s.umd.ours.gzip / 1024, 1)} KiB`);
  bar(NAMES.auth0js, s.umd.auth0js.gzip, maxGzip, colors.auth0js, `${n(s.umd.auth0js.gzip / 1024, 1)} KiB`);
  bar(NAMES.spa, s.umd.spa.gzip, maxGzip, colors.spa, `${n(s.umd.spa.gzip / 1024, 1)} KiB`);
  y += 18;
  title('buildLogoutUrl throughput relative to auth0.js (larger is better)');
  const maxRatio = Math.max(1, t.ratio, c.throughput.ratio);
  const top = y;
  bar(`${NAMES.auth0js}`, 1, maxRatio, colors.auth0js, '1.00 ×');
  bar(`${NAMES.ours}, Node vm`, t.ratio, maxRatio, colors.ours, `${n(t.ratio, 2)} ×`);
  bar(`${NAMES.ours}, Chromium`, c.throughput.ratio, maxRatio, colors.ours, `${n(c.throughput.ratio, 2)} ×`);
  const oneX = labelWidth + barMax / maxRatio;
  parts.push(`<line x1="${oneX.toFixed(1)}" x2="${oneX.toFixed(1)}" y1="${top - 4}" y2="${y - gap + 4}" stroke="#333" stroke-dasharray="3 3"/>`);
  y += 18;
  title(`Start-up in Chromium, median of ${STARTUP.loads} loads (smaller is better)`);
  const maxStartup = Math.max(c.startup.ours, c.startup.auth0js, c.startup.spa);
  bar(NAMES.ours, c.startup.ours, maxStartup, colors.ours, `${n(c.startup.ours, 1)} ms`);
  bar(NAMES.auth0js, c.startup.auth0js, maxStartup, colors.auth0js, `${n(c.startup.auth0js, 1)} ms`);
  bar(NAMES.spa, c.startup.spa, maxStartup, colors.spa, `${n(c.startup.spa, 1)} ms`);
  y += 4;
  parts.push(`<text x="12" y="${y + 8}" class="f">${escapeXml(`${results.date.slice(0, 10)} · Node ${results.node} · ${results.cpu} · Chromium ${results.chromiumVersion}`)}</text>`);
  const height = y + 20;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Size and speed of webauth-logout compared with auth0.js">
<style>text{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;fill:#222}.t{font-size:14px;font-weight:600}.l{font-size:12px}.v{font-size:12px;font-weight:600}.f{font-size:10px;fill:#666}</style>
<rect width="100%" height="100%" fill="#fff"/>
${parts.join('\n')}
</svg>
`;
}

// ---------------------------------------------------------------------------

const started = Date.now();
for (const [name, file] of Object.entries(FILES)) {
  if (!existsSync(file)) throw new Error(`${name}: ${file} is missing (run npm run build)`);
}
log('sizes');
const sizeResults = await measureSizes();
log(`Node vm throughput: ${THROUGHPUT.rounds} rounds × ${THROUGHPUT.iterations} calls per SDK`);
const vmResults = await measureThroughputVm();
const chromiumResults = await measureChromium();
log(`local tenant: ${LOAD.seconds} s, ${LOAD.connections} connections`);
const tenantResults = await measureTenant();

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
  cores: os.cpus().length,
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  chromiumVersion: chromiumResults.chromiumVersion,
  versions: NAMES,
  sizes: sizeResults,
  vm: vmResults,
  chromium: { startup: chromiumResults.startup, throughput: chromiumResults.throughput },
  tenant: tenantResults,
  seconds: 0,
};
const markdown = table(results);
results.seconds = Math.round((Date.now() - started) / 100) / 10;
results.table = markdown;
writeFileSync(at('bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(at('bench/chart.svg'), chart(results));

console.log(markdown);
console.log(`\n${results.date} · Node ${results.node} · ${results.cpu} × ${results.cores} · Chromium ${results.chromiumVersion} · ${results.seconds} s`);
console.log('Wrote bench/results.json and bench/chart.svg');

if (tenantResults.skipped) {
  console.log(`\nNOTE: local tenant load test skipped: ${tenantResults.skipped}.`);
} else {
  for (const check of tenantResults.unexpected) {
    console.log(`note: ${check.kind} request answered ${check.status}, expected ${check.expect}: ${check.path}`);
  }
  for (const check of tenantResults.checks.filter((c) => c.badRedirect || c.status >= 500)) {
    console.log(`FAIL: ${check.status} ${check.location ?? ''} for ${check.path}`);
  }
  if (tenantResults.fiveXx > 0 || tenantResults.badRedirects > 0) {
    console.error(`\nFAIL: local tenant gave ${tenantResults.fiveXx} 5xx and ${tenantResults.badRedirects} redirects off the allowed list`);
    process.exitCode = 1;
  } else {
    console.log('\nLocal tenant: zero 5xx, zero redirects off the allowed list ✔');
  }
}
