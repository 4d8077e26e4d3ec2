// @vitest-environment node
/** One version everywhere: package.json, src/version.ts, and every built file. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { sdkName, version } from '../../src/version';
import { distHref, loadUmdInVm, packageVersion, PACKAGE_ROOT, readDist, SCRIPT_TAG_FILES, type Sdk } from '../helpers/bundles';

it("src/version.ts's version and name are package.json's", () => {
  const pkg = createRequire(join(PACKAGE_ROOT, 'package.json'))('./package.json') as { name: string; version: string };
  expect(version).toBe(pkg.version);
  expect(sdkName).toBe(pkg.name);
  expect(packageVersion()).toBe(pkg.version);
});

it('every build reports that version', async () => {
  const esm = (await import(/* @vite-ignore */ distHref('index.mjs'))) as Sdk;
  const cjs = createRequire(join(PACKAGE_ROOT, 'package.json'))('webauth-logout') as Sdk;
  expect(esm.version).toBe(packageVersion());
  expect(cjs.version).toBe(packageVersion());
  for (const file of SCRIPT_TAG_FILES) {
    expect(loadUmdInVm({}, file).version, file).toBe(packageVersion());
    // The UMD carries it as a literal too (what a CDN user can grep for).
    expect(readDist(file), file).toContain(`"${packageVersion()}"`);
  }
});
