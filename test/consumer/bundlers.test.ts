// @vitest-environment node
/**
 * What an app pays for this package: the bytes its production bundle grows by
 * when it imports the SDK and logs out once, in each bundler apps use, with
 * the package installed from its tarball. Byte counts only, no timings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { importCost } from '../../bench/lib/app-bytes.mjs';
import { APPS, BASELINE_APP } from '../../bench/lib/apps.mjs';
import { BUNDLERS } from '../../bench/lib/bundlers.mjs';
import { linkPackages } from '../../bench/lib/fixture.mjs';
import { ROOT, useInstalledApp } from './installed-app';

/**
 * `import { WebAuth }` + one `logout()`, gzip -9 bytes added to the app's
 * bundle. The app pays for everything the import pulls in, not only the SDK's
 * own code: the SDK's checks, navigation and cross-tab logout, plus the
 * slimmed `qs` serializer it carries for URLs byte-identical to auth0.js's
 * (about 2 KB), and this is the figure users feel.
 *
 * The options every logout method has (the started/completed phases, the
 * pending-logout record of the return trip, refresh-token revocation, the
 * OpenID Connect form POST, `redirectTarget` for framed apps) may cost an
 * app that never uses them at most 1,000 B over the 8,458 B this import
 * weighed without them (esbuild, the heaviest of the three): they measured
 * +958 to +988 B, at 9,111 to 9,446 B. Still under a fifth of what auth0.js
 * adds to the same app (about 51 KB). A change that crosses it must argue for
 * the bytes.
 */
const WEBAUTH_IMPORT_GZIP_BUDGET = 9_458;
/**
 * `import { buildLogoutUrl }` + one call: apps that only need the URL (server
 * rendering, their own navigation) must not pay for navigation, cross-tab
 * logout and listeners, so this import stays clearly under the `WebAuth` one.
 */
const BUILD_LOGOUT_URL_IMPORT_GZIP_BUDGET = 7_000;

/**
 * The same app that also calls `handleLogoutReturn` on the page Auth0 returns
 * to: the return trip, a standalone export, costs only the apps that import
 * it (measured +580 to +632 B over the `WebAuth` app, at 9,706 to 10,067 B).
 */
const RETURN_TRIP_GZIP_BUDGET = 10_150;
/**
 * And a popup logout as well (`logoutWithPopup`, also standalone): measured
 * +792 to +809 B over the return-trip app, at 10,498 to 10,876 B.
 */
const POPUP_GZIP_BUDGET = 10_950;
/**
 * `watchIdle` (standalone too) with `WebAuth`: the shared deadline, its
 * warnings, the one-tab logout and the option checks, measured +1,331 to
 * +1,396 B over the `WebAuth` app, at 10,472 to 10,842 B.
 */
const IDLE_GZIP_BUDGET = 11_000;

/**
 * The refine entry in a refine app: `refineLogout` as `authProvider.logout` and
 * `<LogoutSync webAuth={webAuth} />` in `<Refine>`, measured against the same
 * app logging out by hand, so React and refine cancel out. It pays for the
 * `WebAuth` import plus the adapter (merging, settling, refine's error shape)
 * and LogoutSync's subscription: measured 9,684 (webpack), 9,861 (Vite) and
 * 10,348 B (esbuild), about 1.0 to 1.4 KB over the `WebAuth` app alone; the
 * budget is 3 % above the heaviest, so a change that grows the refine entry
 * must argue for the bytes.
 */
const REFINE_GZIP_BUDGET = 10_660;

const CASES = [
  { app: APPS.webAuth, budget: WEBAUTH_IMPORT_GZIP_BUDGET },
  { app: APPS.returnTrip, budget: RETURN_TRIP_GZIP_BUDGET },
  { app: APPS.popup, budget: POPUP_GZIP_BUDGET },
  { app: APPS.idle, budget: IDLE_GZIP_BUDGET },
  { app: APPS.buildLogoutUrl, budget: BUILD_LOGOUT_URL_IMPORT_GZIP_BUDGET },
  { app: APPS.refine, budget: REFINE_GZIP_BUDGET },
];

describe('bytes an import adds to an app (production bundle, gzip -9)', () => {
  const installedApp = useInstalledApp();
  // The refine app resolves React and refine beside the SDK, as a refine app has them.
  beforeAll(() => {
    for (const { app } of CASES) if (app.packages) linkPackages(installedApp().dir, app.packages, ROOT);
  });

  for (const bundler of BUNDLERS) {
    for (const { app, budget } of CASES) {
      it(`${bundler}: ${app.label} adds at most ${budget} B`, async () => {
        const cost = await importCost({ bundler, appDir: installedApp().dir, app: app.source, baseline: app.baseline ?? BASELINE_APP });
        // An app that bundled nothing of the SDK would be a broken measurement, not a small SDK.
        expect(cost.raw, `${bundler} bundled no SDK code: ${JSON.stringify(cost)}`).toBeGreaterThan(1_000);
        expect(cost.gzip, `${bundler}: ${app.label} adds ${cost.raw} B minified, ${cost.gzip} B gzip > budget ${budget} B`).toBeLessThanOrEqual(budget);
      }, 120_000);
    }
  }
});
