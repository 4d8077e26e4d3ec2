// @vitest-environment node
/**
 * The package installs alone: `qs`'s serializer is bundled into every build,
 * and the copy that ships is the one the tests ran against, with its licence.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PACKAGE_ROOT, readDist } from '../helpers/bundles';

const readJson = (...path: string[]) => JSON.parse(readFileSync(join(PACKAGE_ROOT, ...path), 'utf8'));
const pkg = readJson('package.json');
const installedQs = readJson('node_modules', 'qs', 'package.json') as { version: string; license: string };
const BUILDS = ['index.mjs', 'index.cjs', 'webauth-logout.min.js', 'webauth-logout.full.min.js'];

it('has no runtime dependency; qs is pinned as a devDependency', () => {
  expect(pkg.dependencies ?? {}).toEqual({});
  // Optional peers, each of one entry only: refine's LogoutSync uses React and refine; webauth-logout/back-channel,
  // a server entry, uses jose (and a redis client the app passes in). An app that uses neither installs none.
  expect(Object.keys(pkg.peerDependencies ?? {}).sort()).toEqual(['@refinedev/core', 'jose', 'react', 'redis']);
  expect(pkg.peerDependenciesMeta).toEqual({ '@refinedev/core': { optional: true }, jose: { optional: true }, react: { optional: true }, redis: { optional: true } });
  // Pinned exactly, so a fresh install bundles the same bytes the differential tests checked.
  expect(pkg.devDependencies.qs).toBe(installedQs.version);
});

it('every build imports nothing and names the qs version it bundles, which is the installed one', () => {
  for (const file of BUILDS) {
    const code = readDist(file);
    expect(code, file).not.toMatch(/\brequire\(\s*["']|^import\b|\bfrom\s*["']|\bimport\(/m);
    expect(code, file).not.toMatch(/getIntrinsic|objectInspect|get-intrinsic|object-inspect/);
    expect(code.startsWith(`/*! webauth-logout ${pkg.version} | MIT | bundles qs ${installedQs.version} (BSD-3-Clause)`), file).toBe(true);
  }
});

it('the refine entry imports the package root and its optional peers, never a second copy of the core', () => {
  const imports = (code: string) => [...code.matchAll(/^import\b[^'"]*from\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((match) => match[1] ?? match[2]).sort();
  expect(imports(readDist('refine.mjs'))).toEqual(['./index.mjs', '@refinedev/core', 'react']);
  expect(imports(readDist('refine.cjs'))).toEqual(['./index.cjs', '@refinedev/core', 'react']);
  // The core (and qs) live in index only: these are in index.mjs.
  for (const file of ['refine.mjs', 'refine.cjs']) expect(readDist(file), file).not.toMatch(/webauth-logout:pending|function buildLogoutUrl|arrayPrefixGenerators/);
});

it("ships qs's BSD-3-Clause notice, for the installed version, and the package's own licence", () => {
  const notice = readDist('THIRD_PARTY_NOTICES.md');
  expect(notice).toContain(`qs ${installedQs.version}`);
  expect(notice).toContain(readFileSync(join(PACKAGE_ROOT, 'node_modules', 'qs', 'LICENSE.md'), 'utf8'));
  expect(installedQs.license).toBe('BSD-3-Clause');
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_ROOT, encoding: 'utf8' })) as [
    { files: { path: string }[] },
  ];
  const files = packed[0].files.map((file) => file.path);
  expect(files).toEqual(expect.arrayContaining(['LICENSE', 'dist/THIRD_PARTY_NOTICES.md', 'package.json']));
});
