// @vitest-environment node
/**
 * What `npm install webauth-logout` adds to an app: the package alone. Every
 * extra package is more to audit, update and trust, so the SDK depends on none.
 */
import { describe, expect, it } from 'vitest';
import { listPackages } from '../../bench/lib/fixture.mjs';
import { useInstalledApp } from './installed-app';

describe('installing the tarball in an app', () => {
  const installedApp = useInstalledApp();

  it('adds exactly one package, webauth-logout', async () => {
    const { dir, packageCount } = installedApp();
    const packages = await listPackages(dir);
    expect(packages.length).toBe(packageCount);
    expect(packages, `npm ls --all lists ${packageCount} packages`).toEqual(['node_modules/webauth-logout']);
  }, 120_000);
});
