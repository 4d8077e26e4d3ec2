// Headless Chromium over a loopback static server: start-up of each bundle and
// URL-building throughput in a page, as a browser really runs them.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, servePages } from './lib/pages.mjs';
import { log } from './lib/progress.mjs';
import { measureStartup, STARTUP, STARTUP_PAGES, STARTUP_SCRIPTS } from './startup.mjs';
import { FILES } from './subjects.mjs';
import { measureThroughputChromium, THROUGHPUT_PAGES, THROUGHPUT_SCRIPTS } from './throughput.mjs';


function startStaticServer() {
  const pages = { ...STARTUP_PAGES, ...THROUGHPUT_PAGES };
  const scripts = {
    ...STARTUP_SCRIPTS,
    ...THROUGHPUT_SCRIPTS,
    '/lib/ours.js': readFileSync(FILES.ours),
    '/lib/auth0js.js': readFileSync(FILES.auth0js),
    '/lib/spa.js': readFileSync(FILES.spa),
  };
  return servePages(pages, scripts);
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
