// What each SDK costs an app in the bundlers apps use: the package installed
// from its tarball (the other SDKs, each at the version its label names, from
// the repository's node_modules), one logout in a one-file app, production build, minus the
// same app without the SDK. Measured exactly as test/consumer/bundlers.test.ts
// holds the budgets.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appBytes } from './lib/app-bytes.mjs';
import { APPS, BASELINE_APP } from './lib/apps.mjs';
import { BUNDLERS } from './lib/bundlers.mjs';
import { installFixture, linkPackages } from './lib/fixture.mjs';
import { packTarball } from './lib/pack.mjs';
import { log } from './lib/progress.mjs';
import { ROOT } from './subjects.mjs';

/**
 * Returns `{ packageCount, installMode, baseline: { [bundler]: bytes },
 * apps: { [app]: { label, pkg, [bundler]: { raw, gzip } } } }`: bytes added
 * by each app over the baseline, minified and gzip -9.
 */
export async function measureBundlers() {
  const tgz = await packTarball();
  const fixture = await installFixture(tgz);
  try {
    const baseline = {};
    for (const bundler of BUNDLERS) baseline[bundler] = await appBytes({ bundler, appDir: fixture.dir, source: BASELINE_APP });
    const apps = {};
    for (const [key, app] of Object.entries(APPS)) {
      apps[key] = { label: app.label, pkg: app.pkg };
      const appDir = app.pkg === 'webauth-logout' ? fixture.dir : ROOT;
      // An app with its own baseline (the refine app) resolves the packages it has already beside the SDK.
      if (app.packages) linkPackages(appDir, app.packages, ROOT);
      for (const bundler of BUNDLERS) {
        log(`${bundler}: ${app.pkg}, ${key}`);
        const bytes = await appBytes({ bundler, appDir, source: app.source });
        const base = app.baseline ? await appBytes({ bundler, appDir, source: app.baseline }) : baseline[bundler];
        apps[key][bundler] = { raw: bytes.raw - base.raw, gzip: bytes.gzip - base.gzip };
      }
    }
    return { packageCount: fixture.packageCount, installMode: fixture.installMode, baseline, apps };
  } finally {
    rmSync(fixture.dir, { recursive: true, force: true });
    rmSync(path.dirname(tgz), { recursive: true, force: true });
  }
}

// `node bench/bundlers.mjs` (after npm run build): this table alone, without the rest of the bench.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { bundlerTable } = await import('./report.mjs');
  console.log(bundlerTable({ bundlers: await measureBundlers() }));
}
