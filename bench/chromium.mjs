// Headless Chromium over a loopback static server: start-up of each bundle and
// URL-building throughput in a page, as a browser really runs them.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { log } from './lib/progress.mjs';
import { measureStartup, STARTUP, STARTUP_PAGES, STARTUP_SCRIPTS } from './startup.mjs';
import { FILES } from './subjects.mjs';
import { measureThroughputChromium, THROUGHPUT_PAGES, THROUGHPUT_SCRIPTS } from './throughput.mjs';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];
const SCRIPT_HEADERS = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' };
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // No inline script anywhere: the timing code is a file too.
  'content-security-policy': "script-src 'self'",
};

function startStaticServer() {
  const pages = { ...STARTUP_PAGES, ...THROUGHPUT_PAGES };
  const scripts = {
    ...STARTUP_SCRIPTS,
    ...THROUGHPUT_SCRIPTS,
    '/lib/ours.js': readFileSync(FILES.ours),
    '/lib/auth0js.js': readFileSync(FILES.auth0js),
    '/lib/spa.js': readFileSync(FILES.spa),
  };
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url, 'http://127.0.0.1');
    if (pathname in pages) response.writeHead(200, PAGE_HEADERS).end(pages[pathname]);
    else if (pathname in scripts) response.writeHead(200, SCRIPT_HEADERS).end(scripts[pathname]);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** `{ chromiumVersion, startup, throughput: { newClient, onInstance } }`. */
export async function measureChromium() {
  const { server, origin } = await startStaticServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 });
  try {
    const chromiumVersion = browser.version();
    log(`Chromium ${chromiumVersion}: start-up, ${STARTUP.loads} loads per bundle`);
    const startup = await measureStartup(browser, origin);
    log('Chromium: URL building throughput, both bundles in one page, new client and existing instance');
    const throughput = await measureThroughputChromium(browser, origin);
    return { chromiumVersion, startup, throughput };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
