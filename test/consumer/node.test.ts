// @vitest-environment node
/**
 * Server code (rendering, API routes, scripts) loads the package in plain
 * Node, through either module system: `require` and `import` must both reach
 * a working build through the `exports` map, and so must the refine subpath.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, DOMAIN, FEDERATED_OPTIONS, RETURN_TO, URL_FEDERATED, URL_RETURN_TO } from './expected-urls';
import { useInstalledApp } from './installed-app';

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
