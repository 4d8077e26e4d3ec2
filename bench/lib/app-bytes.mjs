// What importing a package costs an app, in bytes its users download: the
// same one-file app bundled with and without the import, by the app's own
// bundler, package resolved from the app's node_modules.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleApp } from './bundlers.mjs';
import { gzipSize } from './bytes.mjs';

/**
 * Bundles `source` (the app's entry code) with `bundler` ('vite' | 'webpack' |
 * 'esbuild'), production mode, minified. Bare imports resolve from
 * `appDir/node_modules`: the entry is written to a scratch directory whose
 * node_modules links there, so the bundlers' output never lands in the app.
 * Returns `{ raw, gzip, files }`: minified bytes and gzip -9 bytes (each
 * emitted file compressed on its own, as it is served) of all emitted JS.
 */
export async function appBytes({ bundler, appDir, source }) {
  const workDir = mkdtempSync(path.join(os.tmpdir(), `app-bytes-${bundler}-`));
  try {
    symlinkSync(path.join(appDir, 'node_modules'), path.join(workDir, 'node_modules'), 'dir');
    writeFileSync(path.join(workDir, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
    const entry = path.join(workDir, 'main.js');
    writeFileSync(entry, source);
    const files = await bundleApp(bundler, { entry, workDir });
    if (files.length === 0) throw new Error(`${bundler} emitted no JavaScript`);
    return {
      raw: files.reduce((sum, file) => sum + file.bytes.length, 0),
      gzip: files.reduce((sum, file) => sum + gzipSize(file.bytes), 0),
      files: files.map((file) => file.fileName),
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * The bytes an import adds: `app` minus `baseline`, the same app doing
 * comparable work without the package, so the bundler's runtime and the app's
 * own code cancel out. Returns `{ raw, gzip, app, baseline }`.
 */
export async function importCost({ bundler, appDir, app, baseline }) {
  const withImport = await appBytes({ bundler, appDir, source: app });
  const without = await appBytes({ bundler, appDir, source: baseline });
  return { raw: withImport.raw - without.raw, gzip: withImport.gzip - without.gzip, app: withImport, baseline: without };
}
