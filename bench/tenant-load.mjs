// The local tenant (examples/tenant/server.mjs) under a bounded load: a mix
// of allowed, disallowed and malformed /v2/logout requests. The run fails on
// any 5xx or any redirect to a URL not on the list that applies, the two
// answers a real tenant must never give.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { at, ROOT } from './subjects.mjs';

export const LOAD = { seconds: 3, connections: 8, requestTimeoutS: 5 };

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
export const REQUEST_MIX = [
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

export async function measureTenant() {
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

