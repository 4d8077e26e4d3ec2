// @vitest-environment node
/**
 * Size budgets of the SDK's own code and of the script-tag bundle:
 * deterministic byte counts (esbuild output, gzip level 9), no timings. What
 * an app's bundle grows by, dependencies included, is held by
 * test/consumer/bundlers.test.ts; speed is measured by `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * Our own code (src/index.ts bundled, minified, ESM, `qs`'s serializer left
 * out), gzip -9: what this SDK itself weighs with every export, apart from
 * the serializer it shares with auth0.js for byte-identical URLs. An app
 * pays only for what it imports; test/consumer/bundlers.test.ts holds that.
 *
 * It covers what the SDK does beyond a URL builder: OpenID Connect logout
 * with its own checks, cross-tab logout over BroadcastChannel with a
 * storage-event fallback, navigation control, Auth0's allow-list rules, the
 * guarantees against careless or hostile input (5,205 B for all of that),
 * and the logout's lifecycle: started/completed phases, the return trip
 * (`handleLogoutReturn` with its pending-logout record), popup logouts,
 * refresh-token revocation, the OpenID Connect form POST and framed apps
 * (2,545 B more), and `watchIdle`, the inactivity logout all tabs agree on
 * (1,382 B more): 9,132 B. The lifecycle that tells the truth in every tab
 * (the `abandoned` phase and its reasons, each listener's deadline and its
 * catch-up from the recent endings, the signals that decide a return, the
 * `returnTo` marker, logout ids) adds 961 B, at 10,093 B; and
 * `watchBackChannelLogout`, the one stream per browser under a Web Lock that
 * tells every tab of a session ended elsewhere, 683 B more, at 10,776 B, and
 * 161 B more, at 10,937 B, for hearing a logout of this browser and Auth0's
 * token for it as one logout. The
 * limit leaves about 3 % for fixes, not for features: a change that needs
 * more must argue for it.
 */
const OWN_CODE_GZIP_BUDGET = 11_100;
/**
 * The script tag of Auth0's documented snippet (dist/webauth-logout.min.js),
 * gzip -9: at most this share of auth0.js's dist/auth0.min.js, the file that
 * snippet loads today. Its global `auth0` holds only what the snippet and a
 * page without a bundler need to log out: `WebAuth`, `WebAuthError`, the two
 * URL builders, `isAllowedLogoutUrl` and `version`, qs's serializer included.
 * A page that switches its script `src` should download about a sixth of
 * what it did: 16.5 %, the share the script tag had before the lifecycle
 * (16.4 %). When the script tag was split from the full file it weighed
 * 9,449 B of auth0.js's 51,766 B (18.3 %), as `WebAuth` still carried the
 * listeners and OpenID Connect logout; with those made functions of the
 * client and qs's serializer specialised for the SDK's one call, 8,050 B (15.6 %).
 */
const CORE_SCRIPT_TAG_SHARE_OF_AUTH0JS_BUDGET = 0.165;
/**
 * The full script tag (dist/webauth-logout.full.min.js), gzip -9: every
 * export of the package root (the return trip, popup logouts, watchIdle)
 * under the same global, for pages that use them without a bundler; a script
 * tag cannot tree-shake, so such a page pays for all of it. Measured at
 * 12,204 B of auth0.js's 51,766 B (23.6 %) when it was split from the core
 * file, 11,906 B (23.0 %) with the lifecycle that tells the truth and the
 * slimmer serializer, 12,706 B (24.5 %) with `watchBackChannelLogout`, which
 * also makes a logout of this browser and Auth0's token for it one end; the
 * limit, 24.8 %, keeps it under a quarter of auth0.js.
 */
const FULL_SCRIPT_TAG_SHARE_OF_AUTH0JS_BUDGET = 0.248;
/**
 * `import { buildLogoutUrl }` from src/index.ts, tree-shaken and minified,
 * `qs`'s serializer left out, gzip -9: the SDK's own code in an app that only
 * builds URLs (server rendering, its own navigation).
 *
 * The standalone builder takes the same configuration as `WebAuth`, so it
 * carries the domain grammar and its URL-parser check, the return-URL safety
 * checks, the telemetry encoder, `allowedLogoutUrls` matching, the
 * own-property reading and error containment, and the native RFC 3986
 * encoder. Measured at 3,695 B; the limit leaves about 4 %.
 */
const BUILD_LOGOUT_URL_IMPORT_GZIP_BUDGET = 3840;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const gzipSize = (bytes: Uint8Array): number => gzipSync(bytes, { level: 9 }).length;

async function bundle(options: { entry: string } | { contents: string }): Promise<Uint8Array> {
  const result = await build({
    ...('entry' in options ? { entryPoints: [options.entry] } : { stdin: { contents: options.contents, resolveDir: ROOT, loader: 'ts' as const } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: ['qs'],
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.contents;
}

describe('size budgets (gzip -9)', () => {
  it(`own code without qs is at most ${OWN_CODE_GZIP_BUDGET} B`, async () => {
    const size = gzipSize(await bundle({ entry: join(ROOT, 'src/index.ts') }));
    expect(size, `own code gzip ${size} B > budget ${OWN_CODE_GZIP_BUDGET} B`).toBeLessThanOrEqual(OWN_CODE_GZIP_BUDGET);
  });

  it.each([
    { file: 'webauth-logout.min.js', share: CORE_SCRIPT_TAG_SHARE_OF_AUTH0JS_BUDGET },
    { file: 'webauth-logout.full.min.js', share: FULL_SCRIPT_TAG_SHARE_OF_AUTH0JS_BUDGET },
  ].map((budget) => ({ ...budget, percent: `${(budget.share * 100).toFixed(1)} %` })))('the script tag $file is at most $percent of auth0.js', ({ file, share }) => {
    const ours = gzipSize(readFileSync(join(ROOT, 'dist', file)));
    const auth0js = gzipSize(readFileSync(join(ROOT, 'node_modules/auth0-js/dist/auth0.min.js')));
    const limit = Math.floor(auth0js * share);
    expect(
      ours,
      `${file} gzip ${ours} B (${((100 * ours) / auth0js).toFixed(1)} % of auth0.min.js ${auth0js} B) > budget ${limit} B (${(share * 100).toFixed(1)} %)`,
    ).toBeLessThanOrEqual(limit);
  });

  it(`import { buildLogoutUrl }, tree-shaken, without qs, is at most ${BUILD_LOGOUT_URL_IMPORT_GZIP_BUDGET} B`, async () => {
    const entry = JSON.stringify(join(ROOT, 'src/index.ts'));
    const size = gzipSize(await bundle({ contents: `export { buildLogoutUrl } from ${entry};` }));
    expect(size, `import { buildLogoutUrl } gzip ${size} B > budget ${BUILD_LOGOUT_URL_IMPORT_GZIP_BUDGET} B`).toBeLessThanOrEqual(
      BUILD_LOGOUT_URL_IMPORT_GZIP_BUDGET,
    );
  });
});
