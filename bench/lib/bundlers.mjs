// One browser app, bundled for production by each bundler through its own JS
// API, the way an app's build would: minified, tree-shaken, every dependency
// bundled. Each returns the JavaScript files it emitted.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const BUNDLERS = ['vite', 'webpack', 'esbuild'];

/** Vite 8 app build (Rolldown + its minifier), a JS entry instead of index.html. */
async function vite({ entry, workDir }) {
  const { build } = await import('vite');
  const result = await build({
    configFile: false,
    root: workDir,
    cacheDir: path.join(workDir, '.vite-cache'),
    logLevel: 'silent',
    mode: 'production',
    build: {
      write: false,
      minify: true,
      modulePreload: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: { input: entry },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  return outputs
    .filter((file) => file.type === 'chunk')
    .map((chunk) => ({ fileName: chunk.fileName, bytes: Buffer.from(chunk.code) }));
}

/** webpack 5 production build for the web (Terser); licence comments go to a .txt file, not counted. */
async function webpack({ entry, workDir }) {
  const { default: webpackCompiler } = await import('webpack');
  const outDir = path.join(workDir, 'webpack-dist');
  const compiler = webpackCompiler({
    mode: 'production',
    target: 'web',
    context: workDir,
    entry,
    devtool: false,
    performance: false,
    infrastructureLogging: { level: 'none' },
    output: { path: outDir, filename: '[name].js', clean: true },
  });
  const stats = await new Promise((resolve, reject) => {
    compiler.run((error, result) => (error ? reject(error) : resolve(result)));
  });
  await new Promise((resolve) => compiler.close(resolve));
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  return readdirSync(outDir)
    .filter((name) => /\.m?js$/.test(name))
    .map((fileName) => ({ fileName, bytes: readFileSync(path.join(outDir, fileName)) }));
}

/** esbuild, as an app's own build script calls it. */
async function esbuild({ entry }) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    outdir: 'out',
    logLevel: 'silent',
  });
  return result.outputFiles
    .filter((file) => /\.m?js$/.test(file.path))
    .map((file) => ({ fileName: path.basename(file.path), bytes: Buffer.from(file.contents) }));
}

const IMPLEMENTATIONS = { vite, webpack, esbuild };

/** Bundles `entry` (a file in `workDir`) with `bundler`; returns `[{ fileName, bytes }]` of the emitted JavaScript. */
export async function bundleApp(bundler, options) {
  const implementation = IMPLEMENTATIONS[bundler];
  if (!implementation) throw new Error(`unknown bundler ${bundler}: one of ${BUNDLERS.join(', ')}`);
  return implementation(options);
}
