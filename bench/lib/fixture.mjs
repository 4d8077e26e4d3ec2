// A fresh app that installs the packed tarball the way a user does, so the
// app's view of the package (its dependency tree, its resolution through the
// `exports` map) is the one measured and tested.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error'];

/**
 * Creates a temporary app directory and installs `tgz` in it. `--offline`
 * first, so the suite works without a network when the dependencies are in
 * the npm cache; `--prefer-offline` if the cache lacks something.
 * Returns `{ dir, packageCount, installMode }`; the caller removes `dir`.
 */
export async function installFixture(tgz) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'webauth-logout-app-'));
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'consumer-app', version: '1.0.0', private: true, description: 'An app that installs webauth-logout' }, null, 2)}\n`,
  );
  let installMode = 'offline';
  try {
    try {
      await run('npm', ['install', '--offline', ...NPM_FLAGS, tgz], { cwd: dir });
    } catch {
      installMode = 'prefer-offline';
      await run('npm', ['install', '--prefer-offline', ...NPM_FLAGS, tgz], { cwd: dir });
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, packageCount: await countPackages(dir), installMode };
}

/** The packages installed under `dir`, as `npm ls --all --parseable` lists them, the app itself not counted. */
export async function countPackages(dir) {
  return (await listPackages(dir)).length;
}

/** Paths of the installed packages, relative to `dir`. */
export async function listPackages(dir) {
  let stdout;
  try {
    ({ stdout } = await run('npm', ['ls', '--all', '--parseable'], { cwd: dir }));
  } catch (error) {
    // npm ls exits 1 on an invalid tree but still lists it; the count is what matters here.
    ({ stdout } = error);
  }
  const lines = stdout.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.filter((line) => path.resolve(line) !== path.resolve(dir)).map((line) => path.relative(dir, line));
}

/**
 * Makes `names` (e.g. `react`, `@refinedev/core`) resolvable from the app in
 * `dir` as if it had installed them: links to the repository's own copies,
 * whose dependencies resolve from there. For the refine entry, whose optional
 * peer dependencies a refine app has already.
 */
export function linkPackages(dir, names, fromRoot) {
  for (const name of names) {
    const target = path.join(dir, 'node_modules', name);
    if (existsSync(target)) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    symlinkSync(realpathSync(path.join(fromRoot, 'node_modules', name)), target, 'dir');
  }
}
