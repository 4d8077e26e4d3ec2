import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const sdkEntry = fileURLToPath(new URL('../dist/index.mjs', import.meta.url));

/** Where `npm start` writes the SPA bundle (git-ignored); the static server serves it at /spa/dist/. */
export const SPA_OUTDIR = fileURLToPath(new URL('./spa/dist', import.meta.url));

/**
 * Bundles examples/spa/main.js as an app would: `import { WebAuth } from
 * 'webauth-logout'` resolved to the built ESM file, and its CommonJS
 * dependency `qs` bundled in, which a bare import map could not do.
 *
 * @param {{ outdir?: string }} [options] - tests pass a temporary directory
 * @returns {Promise<string>} the directory holding main.js and its source map
 */
export async function buildSpa({ outdir = SPA_OUTDIR } = {}) {
  if (!existsSync(sdkEntry)) throw new Error(`${sdkEntry} is missing: run npm run build first.`);
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: ['examples/spa/main.js'],
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    sourcemap: true,
    alias: { 'webauth-logout': sdkEntry },
    logLevel: 'warning',
  });
  return outdir;
}
