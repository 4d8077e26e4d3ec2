// `npm run screenshots`: PNGs of the single-page app for the docs, taken by headless Chromium against the
// local tenant, both started here on free ports and stopped at the end. Needs `npm run build` first.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createBackChannelReceiver } from './back-channel-receiver.mjs';
import { buildSpa } from './build-spa.mjs';
import { startStaticServer } from './static-server.mjs';
import { readTenantConfig, rebaseTenantConfig } from './tenant/config.mjs';

const examplesDir = fileURLToPath(new URL('.', import.meta.url));
const distDir = fileURLToPath(new URL('../dist/', import.meta.url));
// SCREENSHOTS_DIR writes them elsewhere (the test that runs this script does).
const outDir = process.env.SCREENSHOTS_DIR || fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// The browser tests' flags (test/browser/harness/engines/chromium.ts): headless, no sandbox or GPU, nothing fetched in the background.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
const VIEWPORT = { width: 1000, height: 760 };

async function main() {
  const workDir = await mkdtemp(join(tmpdir(), 'webauth-logout-screenshots-'));
  const stops = [() => rm(workDir, { recursive: true, force: true })];
  try {
    const spaDir = await buildSpa({ outdir: join(workDir, 'spa') });
    const backChannel = createBackChannelReceiver({ clientId: 'webauth-logout-example' });
    const pages = await startStaticServer({ root: examplesDir, mounts: { '/dist/': distDir, '/spa/dist/': spaDir }, apps: { '/back-channel/': backChannel.fetch } });
    stops.push(() => pages.close());
    // Imported only now: the tenant matches URLs with the built SDK, and says so when dist/ is missing.
    const { startTenant } = await import('./tenant/server.mjs');
    const tenant = await startTenant({ config: rebaseTenantConfig(await readTenantConfig(join(examplesDir, 'tenant.config.json')), pages.url) });
    stops.push(() => tenant.close());
    await backChannel.useTenant(tenant);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    stops.push(() => browser.close());
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await mkdir(outDir, { recursive: true });

    /** The SPA pointed at this tenant, with `extra` settings. */
    const spa = (extra = {}) => `${pages.url}/spa/?${new URLSearchParams({ domain: tenant.url, clientID: 'webauth-logout-example', ...extra })}`;
    const ready = () => page.waitForSelector('body[data-ready="true"]');
    const shoot = async (name, options = {}) => {
      const file = join(outDir, `${name}.png`);
      await page.screenshot({ path: file, ...options });
      console.log(`wrote ${file}`);
    };

    // Signed in through the tenant's /login, back on the app, which shows who is signed in.
    await page.goto(`${tenant.url}/login?returnTo=${encodeURIComponent(spa())}`);
    await ready();
    await page.waitForSelector('#account[data-state="signed-in"]');
    await shoot('signed-in');

    // Every other way to log out, in the panel, one of them used: a local-only logout says what it did beside its
    // button, next to what the tenant says of the session now.
    await page.click('#more-ways > summary');
    await page.click('button[data-action="logout-local"]');
    await page.waitForFunction(() => /^Tenant session: signed (in|out)$/.test(document.querySelector('.way-status:not([hidden]) .tenant-now')?.textContent ?? ''));
    await page.mouse.move(0, 0);
    await shoot('more-ways', { fullPage: true });

    // The idle logout's warning: a long enough wait that it shows well before the deadline, and no logout happens here.
    await page.goto(spa({ 'idle-ms': '60000', 'idle-warn-ms': '58000' }));
    await ready();
    if (!(await page.isChecked('#idle-switch'))) await page.click('#idle-switch');
    await page.waitForSelector('#idle-warning:not([hidden])');
    await shoot('idle-warning');
    await page.click('#idle-switch');

    // The session ended at the tenant ("End this session" on its page, in another tab): the app's tab says so by itself.
    await page.goto(`${tenant.url}/login?returnTo=${encodeURIComponent(spa())}`);
    await ready();
    await page.waitForSelector('#account[data-state="signed-in"]');
    const tenantPage = await context.newPage();
    const { sid } = await (await tenantPage.goto(`${tenant.url}/session`)).json();
    await tenantPage.goto(`${tenant.url}/`);
    await tenantPage.click(`form:has(input[name="sid"][value="${sid}"]) button`);
    await tenantPage.close();
    await page.waitForFunction(() => document.getElementById('cross-tab')?.textContent === 'Your session was ended at the tenant');
    await page.waitForSelector('#account[data-state="signed-out"]');
    await page.mouse.move(0, 0);
    await shoot('ended-at-tenant');
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(`npm run screenshots: ${error.message}`);
  process.exit(1);
});
