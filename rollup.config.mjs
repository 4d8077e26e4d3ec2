import commonjs from '@rollup/plugin-commonjs';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

/** Entry points: the package root and its subpath exports. */
const entries = { index: 'src/index.ts', refine: 'src/refine.ts' };

const compile = () =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    compilerOptions: { noEmit: false, declaration: false, sourceMap: true, types: [] },
  });

/**
 * Slims `qs` for the script-tag bundle: `side-channel`, which `qs` uses to
 * detect cyclic objects, carries `get-intrinsic` and `object-inspect` to work
 * on engines older than `WeakMap`; every browser this bundle runs in has
 * `WeakMap`, and `qs` only ever keys it by objects, so a `WeakMap` does the
 * same job. The differential test runs its generated cases through this
 * bundle to keep that true.
 */
const SLIM_MODULES = {
  'side-channel': `export default function getSideChannel() {
  const map = new WeakMap();
  return {
    get: (key) => map.get(key),
    has: (key) => map.has(key),
    set: (key, value) => { map.set(key, value); },
    delete: (key) => map.delete(key),
    assert: (key) => { if (!map.has(key)) throw new TypeError('Side channel does not contain the key'); },
  };
}
`,
};
const slimQs = () => ({
  name: 'slim-qs',
  resolveId: (id) => (id in SLIM_MODULES ? `\0slim:${id}` : null),
  load: (id) => (id.startsWith('\0slim:') ? SLIM_MODULES[id.slice(6)] : null),
});

export default [
  {
    input: entries,
    // qs stays a dependency of the package, resolved by the app (`qs/lib/stringify.js`).
    external: (id) => id === 'qs' || id.startsWith('qs/'),
    plugins: [compile()],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', sourcemap: true },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', sourcemap: true, exports: 'named' },
    ],
  },
  {
    input: 'src/index.ts',
    plugins: [slimQs(), resolve({ browser: true }), commonjs(), compile()],
    output: {
      file: 'dist/webauth-logout.min.js',
      format: 'umd',
      name: 'auth0',
      exports: 'named',
      sourcemap: true,
      plugins: [terser({ format: { comments: false } })],
    },
  },
  {
    input: entries,
    plugins: [dts()],
    output: [
      // Declarations shared by entries go to a chunk of each module kind, with a stable name.
      { dir: 'dist', entryFileNames: '[name].d.mts', chunkFileNames: 'shared.d.mts' },
      { dir: 'dist', entryFileNames: '[name].d.cts', chunkFileNames: 'shared.d.cts' },
    ],
  },
];
