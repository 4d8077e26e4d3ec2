// Bytes: the script-tag bundles as a page downloads them, the SDK's own code,
// and what one import costs an app when esbuild bundles it from the repository.
// The per-bundler figures from the installed tarball are in bundlers.mjs.
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import { sizes } from './lib/bytes.mjs';
import { at, FILES, ROOT } from './subjects.mjs';

async function bundle({ entry, contents, external = [] }) {
  const result = await esbuild.build({
    ...(entry ? { entryPoints: [entry] } : { stdin: { contents, resolveDir: ROOT, loader: 'ts' } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

export async function measureSizes() {
  const src = JSON.stringify(at('src/index.ts'));
  const dist = JSON.stringify(at('dist/index.mjs'));
  return {
    umd: {
      ours: sizes(readFileSync(FILES.ours)),
      oursFull: sizes(readFileSync(FILES.oursFull)),
      auth0js: sizes(readFileSync(FILES.auth0js)),
      spa: sizes(readFileSync(FILES.spa)),
    },
    // Our own code: everything in src/ but qs's serializer, which the builds carry for byte-identical URLs.
    ownCode: sizes(await bundle({ entry: at('src/index.ts'), external: ['qs'] })),
    importBuildLogoutUrl: {
      // The standalone builder's own code.
      qsExternal: sizes(await bundle({ contents: `export { buildLogoutUrl } from ${src};`, external: ['qs'] })),
      // What an app pays for it from the built package, serializer included.
      qsBundled: sizes(await bundle({ contents: `export { buildLogoutUrl } from ${dist};` })),
    },
    importAuth0js: sizes(await bundle({ contents: "export { WebAuth } from 'auth0-js';" })),
    importSpa: sizes(await bundle({ contents: "export { Auth0Client } from '@auth0/auth0-spa-js';" })),
  };
}
