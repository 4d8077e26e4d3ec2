/**
 * What every browser test needs: Debian's Chromium, the built bundles, the
 * SPA bundled by the examples' own esbuild step, and the local tenant plus
 * the example pages, each on a free port of 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { buildSpa } from '../../examples/build-spa.mjs';
import { startStaticServer, STRICT_CSP } from '../../examples/static-server.mjs';
import { readTenantConfig, rebaseTenantConfig } from '../../examples/tenant/config.mjs';
import { startTenant, type RunningTenant } from '../../examples/tenant/server.mjs';

export { STRICT_CSP };

/** The application examples/tenant.config.json registers for the example pages. */
export const CLIENT_ID = 'webauth-logout-example';

const CHROMIUM = '/usr/bin/chromium';
const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));
const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));

/** Starts headless Chromium; fails, never skips, when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}. Install it with: apt-get install -y chromium (the browser tests fail rather than skip without it).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

export interface Examples {
  tenant: RunningTenant;
  tenantUrl: string;
  pagesUrl: string;
  /** An example page pointed at the test's tenant through its query, as a user would point it at a real one. */
  page(path: string, extra?: Record<string, string>): string;
  /** What that page sends as `returnTo`: itself, keeping the tenant query (examples/config.js). */
  returnTo(path: string): string;
  close(): Promise<void>;
}

/**
 * Serves examples/ (and dist/ at /dist/) and starts a tenant configured by
 * examples/tenant.config.json moved to the pages' port.
 *
 * @param options.csp - send `Content-Security-Policy: script-src 'self'; …` with every page and script
 */
export async function startExamples({ csp = false } = {}): Promise<Examples> {
  for (const file of ['index.mjs', 'webauth-logout.min.js']) {
    if (!existsSync(join(distDir, file))) throw new Error(`dist/${file} is missing: run npm run build before the browser tests.`);
  }
  // Each test file bundles into its own directory, so files running in parallel never share an output.
  const spaDir = await mkdtemp(join(tmpdir(), 'webauth-logout-spa-'));
  await buildSpa({ outdir: spaDir });
  const pages = await startStaticServer({
    root: examplesDir,
    mounts: { '/dist/': distDir, '/spa/dist/': spaDir },
    headers: csp ? { 'Content-Security-Policy': STRICT_CSP } : {},
  });
  const tenant = await startTenant({ config: rebaseTenantConfig(await readTenantConfig(join(examplesDir, 'tenant.config.json')), pages.url) });
  const page = (path: string, extra: Record<string, string> = {}) => `${pages.url}${path}?${new URLSearchParams({ domain: tenant.url, clientID: CLIENT_ID, ...extra })}`;
  return {
    tenant,
    tenantUrl: tenant.url,
    pagesUrl: pages.url,
    page,
    returnTo: (path) => page(path),
    async close() {
      await Promise.all([tenant.close(), pages.close()]);
      await rm(spaDir, { recursive: true, force: true });
    },
  };
}

/** The tenant's `/session` answer for the context's cookies. */
export async function sessionOf(context: BrowserContext, tenantUrl: string): Promise<{ authenticated: boolean; sid?: string; idpAuthenticated: boolean }> {
  return (await context.request.get(`${tenantUrl}/session`)).json();
}

/** The names of the cookies the context holds for the tenant. */
export async function tenantCookieNames(context: BrowserContext, tenantUrl: string): Promise<string[]> {
  return (await context.cookies(tenantUrl)).map((cookie) => cookie.name).sort();
}

/** Signs the context in at the tenant and returns to `returnTo`. */
export async function logIn(page: Page, examples: Examples, returnTo: string): Promise<void> {
  await page.goto(`${examples.tenantUrl}/login?returnTo=${encodeURIComponent(returnTo)}`);
  if (page.url() !== returnTo) throw new Error(`login landed on ${page.url()}, expected ${returnTo}`);
}

export interface Hop {
  url: string;
  status: number;
}

/** Records every document response of the page's main frame (redirects included), in order. */
export function recordHops(page: Page): Hop[] {
  const hops: Hop[] = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) hops.push({ url: response.url(), status: response.status() });
  });
  return hops;
}

/** Records the message of every dialog the page opens (an `alert` from a `javascript:` URL would be one), dismissing it. */
export function recordDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

/** Runs `act` (a click) and waits until the main frame has committed and loaded a document whose URL passes `landed`. */
export async function landAfter(page: Page, act: () => Promise<unknown>, landed: (url: string) => boolean): Promise<string> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() && landed(frame.url()) });
  await act();
  await navigated;
  await page.waitForLoadState('load');
  return page.url();
}

/** Waits until the SPA has subscribed to onLogout and knows the session (main.js sets data-ready). */
export async function spaReady(page: Page): Promise<void> {
  await page.locator('body[data-ready="true"]').waitFor();
}

/** Clicks an SPA button and waits for its promise to settle; returns "resolved" or "rejected". */
export async function runSpaAction(page: Page, action: string): Promise<string> {
  await page.click(`button[data-action="${action}"]`);
  const result = page.locator('#result', { hasText: new RegExp(`^${action} (resolved|rejected)$`) });
  await result.waitFor();
  return (await result.textContent())!.split(' ')[1]!;
}

export interface BrowserTestEnv {
  browser: Browser;
  examples: Examples;
  /** A fresh browser context (cookies, storage) for each test. */
  context: BrowserContext;
}

/**
 * Registers the hooks a browser test file needs: one Chromium and one set of
 * servers for the file, a new context for each test. Read the fields inside tests.
 */
export function useBrowserExamples(options: { csp?: boolean } = {}): BrowserTestEnv {
  const env = {} as BrowserTestEnv;
  beforeAll(async () => {
    env.browser = await launchChromium();
    env.examples = await startExamples(options);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.examples?.close();
  });
  beforeEach(async () => {
    env.context = await env.browser.newContext();
  });
  afterEach(() => env.context?.close());
  return env;
}

/** A new SPA tab, signed in at the tenant and ready to be clicked. */
export async function openSignedInSpa({ context, examples }: BrowserTestEnv): Promise<Page> {
  const page = await context.newPage();
  await logIn(page, examples, examples.returnTo('/spa/'));
  await spaReady(page);
  return page;
}
