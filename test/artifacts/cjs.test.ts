// @vitest-environment node
/** The built CommonJS entry, dist/index.cjs, through Node's own require. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as source from '../../src/index';
import { distHref, distPath, PACKAGE_ROOT, type Sdk } from '../helpers/bundles';

// A require that resolves from the package root, where the name 'webauth-logout' refers to the package itself.
const require = createRequire(join(PACKAGE_ROOT, 'package.json'));
const tenant = { domain: 'me.auth0.com', clientID: 'abc' };

describe('dist/index.cjs', () => {
  it("is what require('webauth-logout') resolves to (self-reference through exports)", () => {
    expect(require.resolve('webauth-logout')).toBe(distPath('index.cjs'));
    expect(require('webauth-logout')).toBe(require(distPath('index.cjs')));
  });

  it('exports exactly what src/index.ts exports, and builds the same URLs as the ESM build', async () => {
    const cjs = require('webauth-logout') as Sdk;
    const esm = (await import(/* @vite-ignore */ distHref('index.mjs'))) as Sdk;
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(source).sort());
    for (const options of [undefined, 'https://app.example.com/', { returnTo: 'https://app.example.com/a b', federated: 0, extraParam: [{ a: 1 }] }] as const) {
      expect(new cjs.WebAuth(tenant).buildLogoutUrl(options)).toBe(new esm.WebAuth(tenant).buildLogoutUrl(options));
      expect(cjs.buildLogoutUrl(tenant, options)).toBe(source.buildLogoutUrl(tenant, options));
    }
    expect(cjs.buildOidcLogoutUrl(tenant, 'https://app.example.com/')).toBe(source.buildOidcLogoutUrl(tenant, 'https://app.example.com/'));
    expect(cjs.version).toBe(source.version);
  });

  it('throws its own WebAuthError class, with the code', () => {
    const cjs = require('webauth-logout') as Sdk;
    expect(() => new cjs.WebAuth({ domain: '', clientID: 'abc' })).toThrow(cjs.WebAuthError);
    expect(() => new cjs.WebAuth({ domain: '', clientID: 'abc' })).toThrow(expect.objectContaining({ code: 'invalid_domain', name: 'WebAuthError' }));
  });
});
