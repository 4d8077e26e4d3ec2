import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const appRoot = fileURLToPath(new URL('./refine/', import.meta.url));
const sdkEntry = fileURLToPath(new URL('../dist/index.mjs', import.meta.url));
const refineEntry = fileURLToPath(new URL('../dist/refine.mjs', import.meta.url));

/** Where the refine app is served: the pages' server mounts the build here, with its client routes. */
export const REFINE_BASE = '/refine/';
/** Where `npm start` writes the refine app (git-ignored). */
export const REFINE_OUTDIR = fileURLToPath(new URL('./refine/dist', import.meta.url));

/**
 * Builds examples/refine/ for production with Vite, as the app's own build
 * would: `webauth-logout` and `webauth-logout/refine` resolved to the built
 * files (refine.mjs imports index.mjs, so the core is bundled once), JSX
 * through Vite's own oxc transform, no plugin.
 *
 * @param {{ outdir?: string }} [options] - tests pass a temporary directory
 * @returns {Promise<string>} the directory holding index.html and assets/
 */
export async function buildRefine({ outdir = REFINE_OUTDIR } = {}) {
  if (!existsSync(refineEntry)) throw new Error(`${refineEntry} is missing: run npm run build first.`);
  const { build, createLogger } = await import('vite');
  const logger = createLogger('warn');
  const warnOnce = logger.warnOnce.bind(logger);
  // /style.css is the example pages' shared stylesheet, served beside the app, not part of its build.
  logger.warnOnce = (message, options) => (message.includes('/style.css') ? undefined : warnOnce(message, options));
  await build({
    configFile: false,
    root: appRoot,
    base: REFINE_BASE,
    mode: 'production',
    logLevel: 'warn',
    customLogger: logger,
    publicDir: false,
    resolve: { alias: [
      { find: /^webauth-logout\/refine$/, replacement: refineEntry },
      { find: /^webauth-logout$/, replacement: sdkEntry },
    ] },
    oxc: { jsx: { runtime: 'automatic' } },
    build: {
      outDir: outdir,
      emptyOutDir: true,
      sourcemap: true,
      reportCompressedSize: false,
      // React, react-dom, react-router and refine make one chunk of about 480 KB (150 KB gzip).
      chunkSizeWarningLimit: 600,
      rolldownOptions: {
        // React's and refine's "use client" only matter to server components; a browser bundle drops them.
        onwarn: (warning, warn) => (warning.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(warning)),
      },
    },
  });
  return outdir;
}
