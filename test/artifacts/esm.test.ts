// @vitest-environment node
/** The built ESM entry, dist/index.mjs: imported by path, and by the package name as Node resolves it. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as source from '../../src/index';
import { distHref, PACKAGE_ROOT, type Sdk } from '../helpers/bundles';

const tenant = { domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false };
const expectedUrl = 'https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F&federated';

/** Runs an ES module snippet in a fresh Node process at the package root, and returns what it printed as JSON. */
function runModule(code: string): unknown {
  const run = spawnSync(process.execPath, ['--input-type=module', '--eval', code], { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 30_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
}

describe('dist/index.mjs', () => {
  it('exports exactly what src/index.ts exports, and works', async () => {
    const esm = (await import(/* @vite-ignore */ distHref('index.mjs'))) as Sdk;
    expect(Object.keys(esm).sort()).toEqual(Object.keys(source).sort());
    expect(new esm.WebAuth(tenant).buildLogoutUrl({ returnTo: 'https://app.example.com/', federated: true })).toBe(expectedUrl);
    expect(esm.buildLogoutUrl(tenant, 'https://app.example.com/')).toBe(source.buildLogoutUrl(tenant, 'https://app.example.com/'));
    expect(esm.buildOidcLogoutUrl(tenant)).toBe('https://me.auth0.com/oidc/logout?client_id=abc');
    expect(esm.isAllowedLogoutUrl('https://a.example.com/', ['https://*.example.com/'])).toBe(true);
    expect(esm.version).toBe(source.version);
    const error = (() => {
      try {
        return esm.buildLogoutUrl(tenant, 'javascript:alert(1)');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(esm.WebAuthError);
    expect(error).toMatchObject({ name: 'WebAuthError', code: 'invalid_return_to' });
  });

  it("is what Node's import('webauth-logout') resolves to inside the package (self-reference through exports)", () => {
    const result = runModule(`
      const sdk = await import('webauth-logout');
      const url = new sdk.WebAuth(${JSON.stringify(tenant)}).buildLogoutUrl({ returnTo: 'https://app.example.com/', federated: true });
      console.log(JSON.stringify({ resolved: import.meta.resolve('webauth-logout'), keys: Object.keys(sdk).sort(), url, version: sdk.version }));
    `);
    expect(result).toEqual({
      resolved: distHref('index.mjs'),
      keys: Object.keys(source).sort(),
      url: expectedUrl,
      version: source.version,
    });
  });
});
