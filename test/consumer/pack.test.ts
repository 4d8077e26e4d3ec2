// @vitest-environment node
/**
 * The package is not on the npm registry: users get it from a clone or a git
 * URL. This starts where they start, from the last commit cloned the way CI
 * and `npm install <git URL>` clone it (committed files only: no dist/, no
 * node_modules), and checks that `npm pack` there builds and ships the built
 * files, that `npm publish --dry-run` would ship the same, that the tarball
 * installs alone and works through `import`, `require` and a bundler, and
 * that `npm install` of the git URL gives the same built package.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFixture, linkPackages, listPackages, type Fixture } from '../../bench/lib/fixture.mjs';
import { CLIENT_ID, DOMAIN, FEDERATED_OPTIONS, RETURN_TO, URL_FEDERATED, URL_RETURN_TO } from './expected-urls';
import { ROOT } from './installed-app';

const run = promisify(execFile);
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error'];
/**
 * Installing every devDependency and building take about a minute on a quiet
 * 2-core machine (the git URL install, which does both again in npm's own
 * clone, another minute); on a busy one (load average 20) the whole file took
 * 8.5 minutes, its slowest step, packing with its build, 3 minutes.
 */
const SLOW_MS = 420_000;
const GIT_INSTALL_MS = 600_000;

/** What every published copy must hold, and nothing outside these. */
const REQUIRED_FILES = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'package.json',
  'dist/THIRD_PARTY_NOTICES.md',
  ...['index', 'refine', 'back-channel'].flatMap((entry) => [`${entry}.mjs`, `${entry}.mjs.map`, `${entry}.cjs`, `${entry}.cjs.map`, `${entry}.d.mts`, `${entry}.d.cts`].map((file) => `dist/${file}`)),
  'dist/webauth-logout.min.js',
  'dist/webauth-logout.min.js.map',
  'dist/webauth-logout.full.min.js',
  'dist/webauth-logout.full.min.js.map',
];
/** Root documents and built files only: declarations shared between entries may add dist/ files, sources never ship. */
const ALLOWED_FILE = /^(?:CHANGELOG\.md|LICENSE|README\.md|package\.json|dist\/[\w.-]+\.(?:mjs|cjs|js|map|d\.mts|d\.cts|md))$/;

const j = JSON.stringify;
const CONFIG = `{ domain: ${j(DOMAIN)}, clientID: ${j(CLIENT_ID)}, _sendTelemetry: false }`;
/** What a consumer script prints: URLs from both builders, the version, and the refine subpath's result. */
const consumerBody = `
const config = ${CONFIG};
const calls = [];
const refined = await refine.refineLogout({ logout: async (options) => { calls.push(options); } })(${j(RETURN_TO)});
console.log(JSON.stringify({
  standalone: sdk.buildLogoutUrl(config, ${j(RETURN_TO)}),
  instance: new sdk.WebAuth(config).buildLogoutUrl(${j(FEDERATED_OPTIONS)}),
  version: sdk.version,
  refined,
  calls,
}));
`;
const CONSUMERS = {
  'consumer.mjs': `const sdk = await import('webauth-logout');\nconst refine = await import('webauth-logout/refine');\n${consumerBody}`,
  'consumer.cjs': `const sdk = require('webauth-logout');\nconst refine = require('webauth-logout/refine');\n(async () => {${consumerBody}})();\n`,
};

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const expectedOutput = {
  standalone: URL_RETURN_TO,
  instance: URL_FEDERATED,
  version: pkg.version,
  refined: { success: true },
  calls: [{ returnTo: RETURN_TO }],
};

/** Runs each consumer script in `dir` with plain Node and returns what each printed. */
/**
 * Runs the consumers in `dir`. The refine subpath needs what a refine app
 * has (React and refine, its optional peers): they are linked in from the
 * repository, after the app was checked to install this package alone.
 */
async function runConsumers(dir: string): Promise<Record<string, unknown>> {
  linkPackages(dir, ['react', '@refinedev/core'], ROOT);
  const outputs: Record<string, unknown> = {};
  for (const [file, source] of Object.entries(CONSUMERS)) {
    writeFileSync(path.join(dir, file), source);
    const { stdout } = await run(process.execPath, [file], { cwd: dir, timeout: 60_000 });
    outputs[file] = JSON.parse(stdout);
  }
  return outputs;
}

/** `npm ci` from the npm cache when it holds everything (CI's own `npm ci` has just filled it), else from the registry. */
async function npmCi(dir: string): Promise<void> {
  try {
    await run('npm', ['ci', '--offline', '--ignore-scripts', ...NPM_FLAGS], { cwd: dir });
  } catch {
    await run('npm', ['ci', '--prefer-offline', '--ignore-scripts', ...NPM_FLAGS], { cwd: dir });
  }
}

/**
 * Installs `url` into a new app at `dir` the way a user installs an
 * unpublished package: npm clones it, installs its devDependencies, runs its
 * `prepare` and installs what that packs. Never rejects: the error is returned.
 */
async function installFromGitUrl(dir: string, url: string): Promise<{ dir: string; error?: unknown }> {
  try {
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'package.json'), `${j({ name: 'git-app', version: '1.0.0', private: true }, null, 2)}\n`);
    await run('npm', ['install', '--prefer-offline', ...NPM_FLAGS, url], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    return { dir };
  } catch (error) {
    return { dir, error };
  }
}

/** The file list of `npm pack --json` (an array) or `npm publish --json` (keyed by package name in npm 11). */
function packedFiles(stdout: string): string[] {
  const parsed = JSON.parse(stdout) as unknown;
  const [entry] = Array.isArray(parsed) ? parsed : [(parsed as Record<string, unknown>)[pkg.name] ?? parsed];
  return (entry as { files: { path: string }[] }).files.map((file) => file.path).sort();
}

/** Every file under `dir`, relative to it, with `/` separators. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(dir, path.posix.join(prefix, entry.name)) : [path.posix.join(prefix, entry.name)]))
    .sort();
}

function expectPublishedFiles(files: string[]): void {
  expect(files).toEqual(expect.arrayContaining(REQUIRED_FILES));
  expect(files.filter((file) => !ALLOWED_FILE.test(file))).toEqual([]);
  expect(files.filter((file) => /^(?:src|test|bench|examples|node_modules)\//.test(file))).toEqual([]);
}

describe('a fresh clone of the last commit', () => {
  let workDir = '';
  let clone = '';
  let commit = '';
  let packed: string[] = [];
  let tgz = '';
  let app: Fixture | undefined;
  /** `npm install <git URL>` into its own app, started at once: it spends most of its time waiting on npm and git. */
  let gitInstall: Promise<{ dir: string; error?: unknown }> | undefined;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'webauth-logout-clone-'));
    clone = path.join(workDir, 'repo');
    commit = (await run('git', ['rev-parse', 'HEAD'], { cwd: ROOT })).stdout.trim();
    // --no-local copies objects as a remote clone does: the clone has only what was committed.
    await run('git', ['clone', '--quiet', '--no-local', '--no-checkout', ROOT, clone]);
    await run('git', ['checkout', '--quiet', '--detach', commit], { cwd: clone });
    gitInstall = installFromGitUrl(path.join(workDir, 'git-app'), `git+file://${clone}#${commit}`);
    // Scripts off: the build must come from packing itself, not from this install.
    await npmCi(clone);
  }, SLOW_MS);

  afterAll(async () => {
    await gitInstall;
    if (app) rmSync(app.dir, { recursive: true, force: true });
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, GIT_INSTALL_MS);

  it('has no dist/ until npm pack builds it, and the tarball holds the built files, the licence and the changelog', async () => {
    expect(existsSync(path.join(clone, 'dist'))).toBe(false);
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', workDir, ...NPM_FLAGS], { cwd: clone, maxBuffer: 16 * 1024 * 1024 });
    packed = packedFiles(stdout);
    expectPublishedFiles(packed);
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    tgz = path.join(workDir, path.basename(filename));
    expect(path.basename(tgz)).toBe(`${pkg.name}-${pkg.version}.tgz`);
    expect(existsSync(tgz)).toBe(true);
  }, SLOW_MS);

  it('npm publish --dry-run would publish the same files', async () => {
    // dist/ is the one npm pack's prepare just built from this commit; publish runs that same prepare.
    const { stdout } = await run('npm', ['publish', '--dry-run', '--json', '--ignore-scripts', ...NPM_FLAGS], { cwd: clone, maxBuffer: 16 * 1024 * 1024 });
    expect(packedFiles(stdout)).toEqual(packed);
  }, SLOW_MS);

  it('the tarball installs into an empty app as one package, and Node imports and requires it, refine subpath included', async () => {
    app = await installFixture(tgz);
    expect(await listPackages(app.dir)).toEqual(['node_modules/webauth-logout']);
    expect(filesUnder(path.join(app.dir, 'node_modules', 'webauth-logout'))).toEqual(packed);
    expect(await runConsumers(app.dir)).toEqual({ 'consumer.mjs': expectedOutput, 'consumer.cjs': expectedOutput });
  }, SLOW_MS);

  it('esbuild bundles it from the app for the browser, and the bundle builds the same URLs', async () => {
    if (!app) throw new Error('the tarball was not installed (see the test before)');
    const result = await build({
      stdin: {
        contents: `import { WebAuth, buildLogoutUrl, version } from 'webauth-logout';
const config = ${CONFIG};
globalThis.result = { standalone: buildLogoutUrl(config, ${j(RETURN_TO)}), instance: new WebAuth(config).buildLogoutUrl(${j(FEDERATED_OPTIONS)}), version };`,
        resolveDir: app.dir,
        loader: 'js',
      },
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\brequire\(/);
    const context = vm.createContext({ URL, TextEncoder, btoa });
    vm.runInContext(code, context);
    expect((context as { result: unknown }).result).toEqual({ standalone: URL_RETURN_TO, instance: URL_FEDERATED, version: pkg.version });
  }, SLOW_MS);

  it('npm install <git URL> of the commit builds and installs the same files, which Node imports and requires', async () => {
    const { dir, error } = await gitInstall!;
    if (error) throw error;
    expect(await listPackages(dir)).toEqual(['node_modules/webauth-logout']);
    expect(filesUnder(path.join(dir, 'node_modules', 'webauth-logout'))).toEqual(packed);
    expect(await runConsumers(dir)).toEqual({ 'consumer.mjs': expectedOutput, 'consumer.cjs': expectedOutput });
  }, GIT_INSTALL_MS);
});
