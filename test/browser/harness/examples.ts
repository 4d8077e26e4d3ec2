/**
 * The servers every browser test drives: the example pages (with dist/ and
 * the SPA bundled by the examples' own esbuild step) and the local tenant,
 * each on a free port of 127.0.0.1, logging every request into one list.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackChannelReceiver, type BackChannelReceiver } from '../../../examples/back-channel-receiver.mjs';
import { buildRefine, REFINE_BASE } from '../../../examples/build-refine.mjs';
import { buildSpa } from '../../../examples/build-spa.mjs';
import type { LoggedRequest } from '../../../examples/request-log.mjs';
import { startStaticServer, STRICT_CSP } from '../../../examples/static-server.mjs';
import { readTenantConfig, rebaseTenantConfig } from '../../../examples/tenant/config.mjs';
import { startTenant, type RunningTenant } from '../../../examples/tenant/server.mjs';
import type { ScriptsFirstHost } from './engines/types';

export { STRICT_CSP };
export type { LoggedRequest };

/** The application examples/tenant.config.json registers for the example pages. */
export const CLIENT_ID = 'webauth-logout-example';

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));
const distDir = fileURLToPath(new URL('../../../dist/', import.meta.url));
const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
const SCRIPTS_FIRST_PATH = '/harness-scripts-first/';
/** Where the pages' server shows test/browser/fixtures/: pages only tests need, on the example pages' origin. */
const FIXTURES_PATH = '/harness-fixtures/';

export interface Examples {
  tenant: RunningTenant;
  tenantUrl: string;
  pagesUrl: string;
  /** Every request either server received, in arrival order. */
  requests: LoggedRequest[];
  /** The example app's back-channel logout receiver (the tenant's logout tokens, the pages' event streams). */
  backChannel: BackChannelReceiver;
  /** Scripts the pages' server puts first in every page, for engines that cannot run one before the page themselves. */
  scriptsFirst: ScriptsFirstHost;
  /** An example page pointed at the test's tenant through its query, as a user would point it at a real one. */
  page(path: string, extra?: Record<string, string>): string;
  /** What that page sends as `returnTo`: itself, keeping the tenant query (examples/config.js). */
  returnTo(path: string): string;
  /**
   * A route of the refine app (`''` for its dashboard, `'login'`), pointed at the test's tenant through
   * its query; only with the `refine` option.
   */
  refinePage(route: string, extra?: Record<string, string>): string;
  /** A page of test/browser/fixtures/ (`path` relative to it), served on the example pages' origin. */
  fixture(path: string, query?: Record<string, string>): string;
  close(): Promise<void>;
}

let refineBuild: Promise<string> | undefined;

/**
 * The refine example built by Vite, once for the test file (each file has its own module scope): every engine
 * of the file serves the same build. Its directory goes when the file's process exits.
 */
function builtRefine(): Promise<string> {
  if (!refineBuild) {
    const dir = mkdtempSync(join(tmpdir(), 'webauth-logout-refine-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    refineBuild = buildRefine({ outdir: dir });
    // A failed build is tried again by the next engine, not cached.
    refineBuild.catch(() => {
      refineBuild = undefined;
    });
  }
  return refineBuild;
}

/** Waits out a rebuild of dist/ by another process rather than failing at once. */
async function distReady(): Promise<void> {
  const files = ['index.mjs', 'webauth-logout.min.js'].map((file) => join(distDir, file));
  for (let attempt = 0; attempt < 60 && !files.every(existsSync); attempt++) await new Promise((resolve) => setTimeout(resolve, 1_000));
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} missing: run npm run build before the browser tests.`);
}

export interface ExamplesOptions {
  /** Send `Content-Security-Policy: script-src 'self'; …` with every page and script. */
  csp?: boolean;
  /**
   * The pages server's `Cache-Control`, instead of `no-store` (which keeps
   * Chromium from putting a page in its back/forward cache), e.g. `no-cache`:
   * still fetched again on every load, cached as a user's browser caches a
   * site's pages.
   */
  cacheControl?: string;
  /** Paths of the pages' origin (`/harness-fixtures/x.html`) added to the example application's Allowed Logout URLs. */
  allowedLogoutPaths?: string[];
  /** Build examples/refine/ with Vite once for the file and serve it at /refine/, its client routes included. */
  refine?: boolean;
  /**
   * Keep the example application's Back-Channel Logout URL, as `npm start`
   * does: every session end then reaches the pages' watch from the tenant
   * too, racing the browser's own return. Off, the pages still open their
   * streams, which never hear a logout, and a front-channel logout's events
   * are its own alone.
   */
  backChannel?: boolean;
}

/**
 * Serves examples/ (and dist/ at /dist/) and starts a tenant configured by
 * examples/tenant.config.json moved to the pages' port.
 */
export async function startExamples({ csp = false, cacheControl, allowedLogoutPaths = [], refine = false, backChannel: withBackChannel = false }: ExamplesOptions = {}): Promise<Examples> {
  await distReady();
  // Each test file bundles into its own directory, so files running in parallel never share an output.
  const workDir = await mkdtemp(join(tmpdir(), 'webauth-logout-browser-'));
  try {
    const spaDir = join(workDir, 'spa');
    const firstDir = join(workDir, 'scripts-first');
    await mkdir(firstDir);
    await buildSpa({ outdir: spaDir });
    const refineDir = refine ? await builtRefine() : undefined;
    const requests: LoggedRequest[] = [];
    let firstScripts: string[] = [];
    const backChannel = createBackChannelReceiver({ clientId: CLIENT_ID });
    const pages = await startStaticServer({
      root: examplesDir,
      mounts: { '/dist/': distDir, '/spa/dist/': spaDir, [SCRIPTS_FIRST_PATH]: firstDir, [FIXTURES_PATH]: fixturesDir, ...(refineDir && { [REFINE_BASE]: refineDir }) },
      fallbacks: refineDir ? { [REFINE_BASE]: join(refineDir, 'index.html') } : {},
      headers: { ...(csp && { 'Content-Security-Policy': STRICT_CSP }), ...(cacheControl !== undefined && { 'Cache-Control': cacheControl }) },
      apps: { '/back-channel/': backChannel.fetch },
      requestLog: requests,
      scriptsFirst: () => firstScripts,
    });
    const config = rebaseTenantConfig(await readTenantConfig(join(examplesDir, 'tenant.config.json')), pages.url);
    const application = config.applications?.[CLIENT_ID];
    if (application && allowedLogoutPaths.length > 0) application.allowedLogoutUrls = [...(application.allowedLogoutUrls ?? []), ...allowedLogoutPaths.map((path) => pages.url + path)];
    if (application && !withBackChannel) application.backchannelLogoutUrls = [];
    const tenant = await startTenant({ config, requestLog: requests });
    await backChannel.useTenant(tenant);
    const page = (path: string, extra: Record<string, string> = {}) => `${pages.url}${path}?${new URLSearchParams({ domain: tenant.url, clientID: CLIENT_ID, ...extra })}`;
    let written = 0;
    return {
      tenant,
      tenantUrl: tenant.url,
      pagesUrl: pages.url,
      requests,
      backChannel,
      scriptsFirst: {
        // Same-origin files, so 'self' in the strict policy lets them run.
        async add(source) {
          const name = `${written++}.js`;
          await writeFile(join(firstDir, name), source);
          firstScripts = [...firstScripts, SCRIPTS_FIRST_PATH + name];
        },
        async clear() {
          firstScripts = [];
        },
      },
      page,
      returnTo: (path) => page(path),
      refinePage: (route, extra) => {
        if (!refineDir) throw new Error('the refine app is only served with startExamples({ refine: true })');
        return page(`${REFINE_BASE}${route}`, extra);
      },
      fixture: (path, query = {}) => `${pages.url}${FIXTURES_PATH}${path}${Object.keys(query).length > 0 ? `?${new URLSearchParams(query)}` : ''}`,
      async close() {
        await Promise.all([tenant.close(), pages.close()]);
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}
