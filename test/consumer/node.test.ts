// @vitest-environment node
/**
 * Server code (rendering, API routes, scripts) loads the package in plain
 * Node, through either module system: `require` and `import` must both reach
 * a working build through the `exports` map, and so must the refine subpath
 * in an app that has refine (its `LogoutSync` needs `react` and
 * `@refinedev/core`, optional peer dependencies the package root never loads).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { linkPackages } from '../../bench/lib/fixture.mjs';
import { CLIENT_ID, DOMAIN, FEDERATED_OPTIONS, RETURN_TO, URL_FEDERATED, URL_RETURN_TO } from './expected-urls';
import { ROOT, useInstalledApp } from './installed-app';

const j = JSON.stringify;
const CONFIG = `{ domain: ${j(DOMAIN)}, clientID: ${j(CLIENT_ID)}, _sendTelemetry: false }`;

// Each script prints what the installed package returned, for the test to compare.
const BODY = `
const config = ${CONFIG};
const refineCalls = [];
const refineResult = await refineLogout({ logout: async (options) => { refineCalls.push(options); } }, { federated: true })(${j(RETURN_TO)});
console.log(JSON.stringify({
  standalone: sdk.buildLogoutUrl(config, ${j(RETURN_TO)}),
  instance: new sdk.WebAuth(config).buildLogoutUrl(${j(FEDERATED_OPTIONS)}),
  errorCode: (() => { try { sdk.buildLogoutUrl(config, 'javascript:alert(1)'); } catch (e) { return e instanceof sdk.WebAuthError && e.code; } })(),
  refineResult,
  refineCalls,
}));
`;
const SCRIPTS = {
  'require()': {
    file: 'consumer.cjs',
    source: `const sdk = require('webauth-logout');\nconst { refineLogout } = require('webauth-logout/refine');\n(async () => {${BODY}})();\n`,
  },
  'import()': {
    file: 'consumer.mjs',
    source: `const sdk = await import('webauth-logout');\nconst { refineLogout } = await import('webauth-logout/refine');\n${BODY}`,
  },
};

describe('plain Node, in the app', () => {
  const installedApp = useInstalledApp();

  describe('without refine or React installed', () => {
    it('loads the package root through require() and import(); only the refine subpath asks for its peers', () => {
      const { dir } = installedApp();
      writeFileSync(
        path.join(dir, 'root-only.mjs'),
        `const sdk = await import('webauth-logout');
const cjs = (await import('node:module')).createRequire(import.meta.url)('webauth-logout');
const refine = await import('webauth-logout/refine').then(() => 'loaded', (error) => error.code + ' ' + error.message.split('\\n')[0]);
console.log(JSON.stringify({ url: sdk.buildLogoutUrl(${CONFIG}, ${j(RETURN_TO)}), same: cjs.buildLogoutUrl(${CONFIG}, ${j(RETURN_TO)}), refine }));
`,
      );
      const stdout = execFileSync(process.execPath, ['root-only.mjs'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      const result = JSON.parse(stdout);
      expect(result.url).toBe(URL_RETURN_TO);
      expect(result.same).toBe(URL_RETURN_TO);
      expect(result.refine).toMatch(/^ERR_MODULE_NOT_FOUND .*'(@refinedev\/core|react)'/);
    }, 120_000);
  });

  describe('in a refine app (react and @refinedev/core installed)', () => {
    beforeAll(() => linkPackages(installedApp().dir, ['react', '@refinedev/core'], ROOT));

    for (const [how, { file, source }] of Object.entries(SCRIPTS)) {
      it(`${how} builds the same URLs as auth0.js, and webauth-logout/refine logs out`, () => {
        const { dir } = installedApp();
        writeFileSync(path.join(dir, file), source);
        const stdout = execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
        expect(JSON.parse(stdout)).toEqual({
          standalone: URL_RETURN_TO,
          instance: URL_FEDERATED,
          errorCode: 'invalid_return_to',
          refineResult: { success: true },
          refineCalls: [{ federated: true, returnTo: RETURN_TO }],
        });
      }, 120_000);
    }
  });
});
