import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

/** Entry points: the package root and its subpath exports. */
const entries = { index: 'src/index.ts', refine: 'src/refine.ts' };

const readJson = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const pkg = readJson('./package.json');
const qsPkg = readJson('./node_modules/qs/package.json');

const compile = () =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    compilerOptions: { noEmit: false, declaration: false, sourceMap: true, types: [] },
  });

/**
 * src/version.ts imports its name and version from package.json, the one
 * place they are written. The package's own package.json becomes a module of
 * exactly those two constants, so no other field (scripts, devDependencies)
 * can reach a built file.
 */
const PACKAGE_JSON = fileURLToPath(new URL('./package.json', import.meta.url));
const packageIdentity = () => ({
  name: 'package-identity',
  load: (id) =>
    id === PACKAGE_JSON ? `export const name = ${JSON.stringify(pkg.name)};\nexport const version = ${JSON.stringify(pkg.version)};\n` : null,
});

/**
 * Slims `qs` wherever it is bundled: `side-channel`, which `qs` uses to detect
 * cyclic objects, carries `get-intrinsic` and `object-inspect` (about 30 KB
 * minified) to work on engines older than `WeakMap`; every engine this package
 * supports has `WeakMap`, and `qs` only ever keys it by objects, so a `WeakMap`
 * does the same job. `es-define-property` guards against IE 8's broken
 * `Object.defineProperty`. The differential tests run generated cases through
 * every build to keep the bytes identical.
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
  'es-define-property': 'export default Object.defineProperty;\n',
};

const qsFile = (name) => readFileSync(new URL(`./node_modules/qs/lib/${name}`, import.meta.url), 'utf8');

/**
 * qs's utils.js also serves its parser; an app bundler cannot drop the unused
 * members of a CommonJS `module.exports` object, so it keeps only what
 * stringify.js calls, and the rest becomes dead code that rollup removes.
 */
function exportOnlyWhatStringifyUses(code) {
  const used = [...new Set(qsFile('stringify.js').match(/(?<=utils\.)\w+/g))];
  const exportsObject = /module\.exports = \{[^}]*\};\s*$/;
  if (!exportsObject.test(code)) throw new Error('qs/lib/utils.js no longer ends with a module.exports object: update slim-qs');
  // Its side channels serve the parser only; marked pure, they go with it.
  const pureChannels = code.replace(/= getSideChannel\(\);/g, '= /*#__PURE__*/ getSideChannel();');
  return pureChannels.replace(exportsObject, `module.exports = { ${used.map((name) => `${name}: ${name}`).join(', ')} };\n`);
}

/**
 * src/utils/queryString.ts calls `stringify(object, options)` with an options
 * object that has no property (nor prototype); its declaration
 * (src/types/qs-stringify.d.ts) takes no other. For that object qs's
 * `normalizeStringifyOptions` gives the values of its `defaults` object, and
 * `null` for `sort`, which has no default. So this makes stringify.js start
 * from `defaults` and writes each `options.name` as that value: the literal
 * where the default is one (`false`, `'indices'`, `'&'`), `defaults.name`
 * where it is not (a function), `null` for `sort`. Rollup then drops the
 * branches of every option that is off (`strictNullHandling`, `skipNulls`,
 * `allowDots`, `encodeValuesOnly`, `charsetSentinel`, ...) and
 * `normalizeStringifyOptions` itself. Any other shape of stringify.js fails the build.
 */
function stringifyWithoutOptions(code) {
  const normalize = 'var options = normalizeStringifyOptions(opts);';
  const defaultsObject = /^var defaults = \{\n([\s\S]*?)\n\};$/m.exec(code);
  if (code.split(normalize).length !== 2 || !defaultsObject) {
    throw new Error(`qs/lib/stringify.js no longer has one "${normalize}" and a "var defaults = { ... };" object: update slim-qs`);
  }
  const defaults = new Map();
  for (const line of defaultsObject[1].split('\n')) {
    const entry = /^ {4}(\w+): (.+?),?$/.exec(line);
    if (entry) defaults.set(entry[1], entry[2]);
  }
  const LITERAL = /^(?:true|false|Infinity|'[^'\\]*')$/;
  const value = (name) => {
    if (name === 'sort' && !defaults.has(name)) return 'null';
    if (!defaults.has(name)) throw new Error(`qs/lib/stringify.js reads options.${name}, which has no default: update slim-qs`);
    return LITERAL.test(defaults.get(name)) ? defaults.get(name) : `defaults.${name}`;
  };
  return code.replace(normalize, 'var options = defaults;').replace(/\boptions\.(\w+)/g, (_, name) => value(name));
}

const SLIM_TRANSFORMS = { 'utils.js': exportOnlyWhatStringifyUses, 'stringify.js': stringifyWithoutOptions };

const slimQs = () => ({
  name: 'slim-qs',
  resolveId: (id) => (id in SLIM_MODULES ? `\0slim:${id}` : null),
  load: (id) => (id.startsWith('\0slim:') ? SLIM_MODULES[id.slice(6)] : null),
  transform(code, id) {
    const qsModule = /\/qs\/lib\/(\w+\.js)$/.exec(id.replace(/\\/g, '/'));
    const slim = qsModule && SLIM_TRANSFORMS[qsModule[1]];
    return slim ? { code: slim(code), map: null } : null;
  },
});

/**
 * The package has no runtime dependency: `qs`'s serializer is bundled, so an
 * app installs one package and its bundler sees no `side-channel` tree. Its
 * licence travels with it, in dist/THIRD_PARTY_NOTICES.md and in the banner.
 */
const thirdPartyNotice = () => ({
  name: 'third-party-notice',
  generateBundle() {
    this.emitFile({
      type: 'asset',
      fileName: 'THIRD_PARTY_NOTICES.md',
      source:
        `# Third-party software bundled in ${pkg.name}\n\n` +
        `The built files in dist/ include the query-string serializer of qs ${qsPkg.version}\n` +
        `(lib/stringify.js, lib/utils.js, lib/formats.js; https://github.com/ljharb/qs),\n` +
        `licensed under the ${qsPkg.license} licence:\n\n` +
        readFileSync(new URL('./node_modules/qs/LICENSE.md', import.meta.url), 'utf8'),
    });
  },
});

const banner = `/*! ${pkg.name} ${pkg.version} | ${pkg.license} | bundles qs ${qsPkg.version} (${qsPkg.license}), see THIRD_PARTY_NOTICES.md */`;
/**
 * qs is CommonJS without `__esModule`: importing its `module.exports` needs no
 * interop helper (`defaultIsModuleExports`), nor does its `require` of a slim
 * module, which is that module's default export (`requireReturnsDefault`).
 */
const bundleQs = () => [
  packageIdentity(),
  slimQs(),
  resolve({ browser: true }),
  commonjs({ strictRequires: false, defaultIsModuleExports: true, requireReturnsDefault: (id) => id.startsWith('\0slim:') }),
];

/** The core (and qs) stay in the package root's own file: refine imports from index, never from a third file. */
const coreInIndex = (id) => {
  const path = id.replace(/\\/g, '/');
  return path.endsWith('/src/refine.ts') || path.includes('/src/refine/') ? undefined : 'index';
};

/**
 * Optional peer dependencies of the refine entry (`LogoutSync`): the app's own
 * copies, never bundled. The package root imports neither.
 */
const PEERS = ['react', '@refinedev/core'];
const isPeer = (id) => PEERS.some((name) => id === name || id.startsWith(`${name}/`));

/**
 * webauth-logout/back-channel, the server half of back-channel logout: a build
 * of its own, so that no chunk is shared with the browser entries and nothing
 * of it can reach a browser bundle. `jose` (and `redis`, which the app passes
 * in) are peer dependencies, never bundled.
 */
const BACK_CHANNEL = 'src/back-channel/index.ts';
const backChannelExternal = (id) => id === 'jose' || id.startsWith('jose/') || id === 'redis' || id.startsWith('@redis/') || id.startsWith('node:');
const backChannelBanner = `/*! ${pkg.name}/back-channel ${pkg.version} | ${pkg.license} */`;

export default [
  {
    input: entries,
    external: isPeer,
    plugins: [...bundleQs(), compile(), thirdPartyNotice()],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name].mjs', sourcemap: true, banner, manualChunks: coreInIndex },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name].cjs', sourcemap: true, exports: 'named', banner, manualChunks: coreInIndex },
    ],
  },
  // The script tags, each defining the global `auth0`: the core for Auth0's documented snippet, and every export.
  ...[
    ['src/umd.ts', 'dist/webauth-logout.min.js'],
    ['src/umd-full.ts', 'dist/webauth-logout.full.min.js'],
  ].map(([input, file]) => ({
    input,
    plugins: [...bundleQs(), compile()],
    output: {
      file,
      format: 'umd',
      name: 'auth0',
      exports: 'named',
      sourcemap: true,
      banner,
      plugins: [terser({ format: { comments: /^!/ } })],
    },
  })),
  {
    input: { 'back-channel': BACK_CHANNEL },
    external: backChannelExternal,
    plugins: [compile()],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', sourcemap: true, banner: backChannelBanner },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', sourcemap: true, exports: 'named', banner: backChannelBanner },
    ],
  },
  {
    input: { 'back-channel': BACK_CHANNEL },
    external: backChannelExternal,
    plugins: [dts()],
    output: [
      { dir: 'dist', entryFileNames: '[name].d.mts' },
      { dir: 'dist', entryFileNames: '[name].d.cts' },
    ],
  },
  {
    input: entries,
    external: isPeer,
    plugins: [dts()],
    output: [
      // Declarations shared by entries go to a chunk of each module kind, with a stable name.
      { dir: 'dist', entryFileNames: '[name].d.mts', chunkFileNames: 'shared.d.mts' },
      { dir: 'dist', entryFileNames: '[name].d.cts', chunkFileNames: 'shared.d.cts' },
    ],
  },
];
