/**
 * The app every consumer test runs in: the package packed as npm would
 * publish it and installed into a fresh app directory, so each test sees what
 * a user's `npm install webauth-logout` gives them: the published files, the
 * `exports` map, the dependency tree. Nothing here reaches into src/ or dist/.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';
import { installFixture, type Fixture } from '../../bench/lib/fixture.mjs';
import { packTarball, ROOT } from '../../bench/lib/pack.mjs';

export { ROOT };

/** Generous: packing and installing take seconds, but the machine may be busy. */
export const SETUP_TIMEOUT_MS = 120_000;

// dist/ is built before the tests run; it may be rebuilt by a concurrent build
// for a moment, and a tarball packed then would lack its entry points.
const DIST_ENTRIES = ['index', 'refine', 'back-channel'].flatMap((entry) => ['mjs', 'cjs', 'd.mts', 'd.cts'].map((kind) => `${entry}.${kind}`));
async function waitForDist(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!DIST_ENTRIES.every((file) => existsSync(path.join(ROOT, 'dist', file)))) {
    if (Date.now() > deadline) throw new Error('dist/ is not built: run npm run build');
    await sleep(1000);
  }
}

/**
 * Packs and installs once for the calling test file (beforeAll), removes
 * both in afterAll, and returns a getter for the installed app.
 */
export function useInstalledApp(): () => Fixture {
  let fixture: Fixture | undefined;
  let tgz: string | undefined;
  beforeAll(async () => {
    await waitForDist();
    tgz = await packTarball();
    fixture = await installFixture(tgz);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => {
    if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
    if (tgz) rmSync(path.dirname(tgz), { recursive: true, force: true });
  });
  return () => {
    if (!fixture) throw new Error('the app was not installed (see the beforeAll error)');
    return fixture;
  };
}
