/**
 * An app can hold two copies of the package (the ESM and CommonJS builds in
 * one server-rendered app, or the script tag beside a bundle):
 * `WebAuthError.is` recognises an error from any of them, where `instanceof`
 * cannot. The telemetry needs no `TextEncoder`, which jsdom test
 * environments and old WebViews lack.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebAuth, WebAuthError } from '../../src/index';
import { distHref, loadUmdInVm, PACKAGE_ROOT, type Sdk } from '../helpers/bundles';

const errorFrom = (sdk: Sdk): unknown => {
  try {
    new sdk.WebAuth({ domain: '', clientID: 'abc' });
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};

describe('WebAuthError.is', () => {
  it('recognises an error from every build, whichever copy asks', async () => {
    const copies: Sdk[] = [
      await import('../../src/index'),
      (await import(/* @vite-ignore */ distHref('index.mjs'))) as Sdk,
      createRequire(join(PACKAGE_ROOT, 'package.json'))('webauth-logout') as Sdk,
      loadUmdInVm(),
    ];
    for (const asking of copies) {
      for (const throwing of copies) expect(asking.WebAuthError.is(errorFrom(throwing))).toBe(true);
    }
    // What instanceof cannot do across copies.
    expect(errorFrom(copies[3]!) instanceof WebAuthError).toBe(false);
  });

  it('says no to look-alikes and hostile values, and never throws', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const hostile = new Proxy({}, { getOwnPropertyDescriptor: () => { throw new Error('trap'); } });
    for (const value of [{ name: 'WebAuthError', code: 'invalid_domain', message: 'x' }, new Error('x'), null, undefined, 'WebAuthError', proxy, hostile]) {
      expect(WebAuthError.is(value)).toBe(false);
    }
  });
});

describe('telemetry without TextEncoder', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('encodes a non-ASCII _telemetryInfo as UTF-8 base64url', () => {
    vi.stubGlobal('TextEncoder', undefined);
    const url = new WebAuth({ domain: 'me.auth0.com', clientID: 'abc', _telemetryInfo: { name: 'app-é', version: '1.0.0', env: { 'näme': '✓' } } }).buildLogoutUrl();
    const encoded = new URL(url).searchParams.get('auth0Client')!;
    const json = new TextDecoder().decode(Uint8Array.from(atob(encoded.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0)));
    expect(JSON.parse(json)).toEqual({ name: 'app-é', version: '1.0.0', env: { 'näme': '✓', 'webauth-logout': expect.any(String) } });
  });
});
