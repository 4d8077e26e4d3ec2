// @vitest-environment node
/**
 * TypeScript apps resolve the package's types in one of three ways, set by
 * their tsconfig; each must find typed declarations for the root and for
 * `webauth-logout/refine`, and check under `--strict` with the library
 * declarations checked too (no `skipLibCheck`).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, useInstalledApp } from './installed-app';

const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

// The `@ts-expect-error` lines fail the check if the types resolved to `any`.
const CONSUMER = `import { WebAuth, WebAuthError, type LogoutOptions, type WebAuthOptions } from 'webauth-logout';
import { refineLogout, type RefineLogoutResponse } from 'webauth-logout/refine';

const options: WebAuthOptions = { domain: 'me.auth0.com', clientID: 'abc' };
const webAuth = new WebAuth(options);
const logoutOptions: LogoutOptions = { returnTo: 'https://app.example.com/', federated: true };
export const url: string = webAuth.buildLogoutUrl(logoutOptions);
const logout = refineLogout(webAuth, { returnTo: 'https://app.example.com/' });

export async function signOut(): Promise<string> {
  try {
    await webAuth.logout(logoutOptions);
    const response: RefineLogoutResponse = await logout({ federated: true });
    return response.success ? 'left' : 'stayed';
  } catch (error) {
    if (error instanceof WebAuthError) return error.code;
    throw error;
  }
}

// @ts-expect-error clientID is required
new WebAuth({ domain: 'me.auth0.com' });
// @ts-expect-error a URL builder returns a string, not a promise
export const notAPromise: Promise<string> = webAuth.buildLogoutUrl();
`;

const RESOLUTIONS = [
  { moduleResolution: 'bundler', module: 'esnext', files: ['consumer.ts'] },
  // Under node16 a .ts file in a package without "type" is CommonJS and a .mts file is ESM: both.
  { moduleResolution: 'node16', module: 'node16', files: ['consumer.ts', 'consumer.mts'] },
  { moduleResolution: 'node10', module: 'commonjs', files: ['consumer.ts'] },
];

describe('TypeScript 5.9 consumers, tsc --noEmit --strict', () => {
  const installedApp = useInstalledApp();

  for (const { moduleResolution, module, files } of RESOLUTIONS) {
    it(`moduleResolution ${moduleResolution} (module ${module}) type-checks ${files.join(' and ')}`, () => {
      const { dir } = installedApp();
      for (const file of files) writeFileSync(path.join(dir, file), CONSUMER);
      const args = [TSC, '--noEmit', '--strict', '--module', module, '--moduleResolution', moduleResolution, '--target', 'es2020', '--lib', 'es2020,dom', ...files];
      let output = '';
      let status = 0;
      try {
        execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 110_000 });
      } catch (error) {
        const failure = error as { status: number | null; stdout: string };
        status = failure.status ?? -1;
        output = failure.stdout;
      }
      expect({ status, output }).toEqual({ status: 0, output: '' });
    }, 120_000);
  }
});
