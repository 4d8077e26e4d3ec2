/**
 * The published compatibility table: auth0.js's `/v2/logout` URL rules
 * (logout-reference.md §1), each written out as an expected URL.
 * Domain me.auth0.com, telemetry off unless a test says otherwise.
 */
import { describe, expect, it, vi } from 'vitest';
import { buildLogoutUrl, version, WebAuth, type WebAuthOptions } from '../../src/index';
import { deepFreeze } from '../helpers/objects';
import { decodeAuth0Client, decodeBase64UrlJson, rawQuery, SDK_AUTH0_CLIENT } from '../helpers/urls';
import type { JsLogoutOptions } from '../helpers/objects';

const base = 'https://me.auth0.com/v2/logout';
const tenant = (clientID = 'abc', extra: Partial<WebAuthOptions> = {}): WebAuthOptions => ({
  domain: 'me.auth0.com',
  clientID,
  _sendTelemetry: false,
  ...extra,
});

/** The URL `buildLogoutUrl` gives, after checking that `logout()` leaves for the same one. */
async function logoutUrl(config: WebAuthOptions, options?: JsLogoutOptions | string): Promise<string> {
  const webAuth = new WebAuth(config);
  const built = webAuth.buildLogoutUrl(options);
  const openUrl = vi.fn<(url: string) => void>();
  await webAuth.logout(typeof options === 'object' ? { ...options, openUrl } : (options ?? { openUrl }));
  if (typeof options !== 'string') expect(openUrl).toHaveBeenCalledWith(built);
  expect(buildLogoutUrl(config, options)).toBe(built);
  return built;
}

describe("auth0.js's published expectations", () => {
  it.each<[string, string, JsLogoutOptions | undefined, string]>([
    ['no options', '...', undefined, `${base}?client_id=...`],
    [
      "federated ''",
      '...',
      { clientID: '123', returnTo: 'http://page.com', federated: '' },
      `${base}?client_id=123&returnTo=http%3A%2F%2Fpage.com&federated`,
    ],
    [
      'federated true',
      '...',
      { clientID: '123', returnTo: 'http://page.com', federated: true },
      `${base}?client_id=123&returnTo=http%3A%2F%2Fpage.com&federated`,
    ],
    [
      'federated false',
      '...',
      { clientID: '123', returnTo: 'http://page.com', federated: false },
      `${base}?client_id=123&returnTo=http%3A%2F%2Fpage.com`,
    ],
    ['redirect_to', '...', { redirect_to: 'http://example.com/logout' }, `${base}?client_id=...&redirect_to=http%3A%2F%2Fexample.com%2Flogout`],
    // auth0.js gives `${base}?`: this SDK leaves no dangling `?`.
    ['clientID: undefined', '...', { clientID: undefined }, base],
  ])('%s', async (_, clientID, options, expected) => {
    expect(await logoutUrl(tenant(clientID), options)).toBe(expected);
  });
});

describe('base URL', () => {
  it.each([
    ['me.auth0.com', `${base}?client_id=abc`],
    ['me.auth0.com/', `${base}?client_id=abc`],
    ['https://me.auth0.com', `${base}?client_id=abc`],
    ['https://me.auth0.com/', `${base}?client_id=abc`],
    ['https://me.auth0.com/custom/', 'https://me.auth0.com/custom/v2/logout?client_id=abc'],
    ['me.auth0.com/custom', 'https://me.auth0.com/custom/v2/logout?client_id=abc'],
    ['HTTPS://me.auth0.com/', 'HTTPS://me.auth0.com/v2/logout?client_id=abc'],
    ['https://me.auth0.com:8443', 'https://me.auth0.com:8443/v2/logout?client_id=abc'],
    ['http://localhost:3000/', 'http://localhost:3000/v2/logout?client_id=abc'],
    // auth0.js uses a host beginning with "http" as is, making a relative URL.
    ['httpbin.org', 'https://httpbin.org/v2/logout?client_id=abc'],
  ])('%s → %s', async (domain, expected) => {
    expect(await logoutUrl(tenant('abc', { domain }))).toBe(expected);
  });
});

describe('parameter names', () => {
  it('snake_cases camelCase keys: redirectTo → redirect_to, myParam2 → my_param_2', async () => {
    expect(await logoutUrl(tenant(), { redirectTo: 'x', myParam2: 'y', someURLValue: 'z' })).toBe(
      `${base}?client_id=abc&redirect_to=x&my_param_2=y&some_urlvalue=z`,
    );
  });

  it('snake_cases nested object keys, but not those of objects inside arrays', async () => {
    expect(await logoutUrl(tenant(), { extraParams: { someKey: 1, deepList: [{ innerKey: 2 }] } })).toBe(
      `${base}?client_id=abc&extra_params%5Bsome_key%5D=1&extra_params%5Bdeep_list%5D%5B0%5D%5BinnerKey%5D=2`,
    );
  });

  it('leaves return_to (already snake_case) unchanged', async () => {
    expect(await logoutUrl(tenant(), { return_to: 'https://app.example.com/' })).toBe(
      `${base}?client_id=abc&return_to=https%3A%2F%2Fapp.example.com%2F`,
    );
  });

  it('keeps the spelling of returnTo and auth0Client', async () => {
    expect(await logoutUrl(tenant(), { returnTo: 'https://app.example.com/', auth0Client: 'mine' })).toBe(
      `${base}?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F&auth0Client=mine`,
    );
  });

  it('keeps the insertion order of the other keys', async () => {
    expect(await logoutUrl(tenant(), { zeta: 1, alpha: 2, returnTo: 'https://a.example/', mid: 3 })).toBe(
      `${base}?client_id=abc&zeta=1&alpha=2&returnTo=https%3A%2F%2Fa.example%2F&mid=3`,
    );
  });
});

describe('client_id', () => {
  it('is overridden by clientID or client_id, keeping the first position', async () => {
    expect(await logoutUrl(tenant(), { returnTo: 'https://app.example.com/', clientID: 'other' })).toBe(
      `${base}?client_id=other&returnTo=https%3A%2F%2Fapp.example.com%2F`,
    );
    expect(await logoutUrl(tenant(), { returnTo: 'https://app.example.com/', client_id: 'other' })).toBe(
      `${base}?client_id=other&returnTo=https%3A%2F%2Fapp.example.com%2F`,
    );
  });

  it('is removed by clientID: undefined (or client_id: undefined)', async () => {
    expect(await logoutUrl(tenant(), { clientID: undefined, returnTo: 'https://app.example.com/' })).toBe(
      `${base}?returnTo=https%3A%2F%2Fapp.example.com%2F`,
    );
    expect(await logoutUrl(tenant(), { client_id: undefined })).toBe(base);
    expect(await logoutUrl(tenant(), { clientID: undefined, federated: true })).toBe(`${base}?federated`);
  });
});

describe('auth0Client telemetry', () => {
  it('is on by default: base64url of {"name":"webauth-logout","version":"0.1.0"}, its = padding as %3D, before federated', async () => {
    const url = await logoutUrl(tenant('abc', { _sendTelemetry: undefined }), { returnTo: 'https://app.example.com/', federated: true });
    expect(url).toBe(`${base}?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F&auth0Client=${SDK_AUTH0_CLIENT}&federated`);
    expect(SDK_AUTH0_CLIENT.endsWith('%3D%3D')).toBe(true);
    expect(decodeAuth0Client(url)).toEqual({ name: 'webauth-logout', version: '0.1.0' });
    expect(decodeBase64UrlJson(decodeURIComponent(SDK_AUTH0_CLIENT))).toEqual({ name: 'webauth-logout', version });
  });

  it('is on with _sendTelemetry: true, off with false', async () => {
    expect(await logoutUrl(tenant('abc', { _sendTelemetry: true }))).toBe(`${base}?client_id=abc&auth0Client=${SDK_AUTH0_CLIENT}`);
    expect(await logoutUrl(tenant('abc', { _sendTelemetry: false }))).toBe(`${base}?client_id=abc`);
  });

  it('replaces a caller auth0Client option in its position', async () => {
    const url = await logoutUrl(tenant('abc', { _sendTelemetry: true }), { auth0Client: 'mine', after: 1 });
    expect(url).toBe(`${base}?client_id=abc&auth0Client=${SDK_AUTH0_CLIENT}&after=1`);
  });

  it('uses _telemetryInfo instead, with webauth-logout: version under its env', async () => {
    const _telemetryInfo = deepFreeze({ name: 'my-app', version: '2.0.0' });
    const url = await logoutUrl(tenant('abc', { _sendTelemetry: true, _telemetryInfo }));
    expect(url).toBe(`${base}?client_id=abc&auth0Client=eyJuYW1lIjoibXktYXBwIiwidmVyc2lvbiI6IjIuMC4wIiwiZW52Ijp7IndlYmF1dGgtbG9nb3V0IjoiMC4xLjAifX0%3D`);
    expect(decodeAuth0Client(url)).toEqual({ name: 'my-app', version: '2.0.0', env: { 'webauth-logout': '0.1.0' } });
  });

  it('keeps the env of _telemetryInfo and adds to it, in UTF-8', async () => {
    const _telemetryInfo = deepFreeze({ name: 'mon-app', version: '2.0.0', env: { react: '19.0.0' }, extra: 'ü' });
    const url = await logoutUrl(tenant('abc', { _sendTelemetry: undefined, _telemetryInfo }));
    expect(decodeAuth0Client(url)).toEqual({ name: 'mon-app', version: '2.0.0', env: { react: '19.0.0', 'webauth-logout': '0.1.0' }, extra: 'ü' });
    expect(_telemetryInfo).toEqual({ name: 'mon-app', version: '2.0.0', env: { react: '19.0.0' }, extra: 'ü' });
  });

  it('puts no = nor + nor / in the raw value (base64url, then percent-encoded)', async () => {
    const url = await logoutUrl(tenant('abc', { _sendTelemetry: true, _telemetryInfo: { name: '>>>???', version: '~~~' } }));
    const [, raw] = rawQuery(url).find(([key]) => key === 'auth0Client')!;
    expect(raw).toMatch(/^[\w-]+(?:%3D){0,2}$/);
  });
});

describe('federated', () => {
  it.each<[string, unknown, boolean]>([
    ['true', true, true],
    ["''", '', true],
    ["'true'", 'true', true],
    ['0', 0, true],
    ['1', 1, true],
    ['null', null, true],
    ['false', false, false],
    ["'false'", 'false', false],
    ['undefined', undefined, false],
  ])('federated: %s → %s', async (_, federated, present) => {
    const url = await logoutUrl(tenant(), { returnTo: 'https://app.example.com/', federated } as JsLogoutOptions);
    expect(url).toBe(`${base}?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F${present ? '&federated' : ''}`);
  });

  it('is absent when the key is absent', async () => {
    expect(await logoutUrl(tenant(), { returnTo: 'https://app.example.com/' })).not.toContain('federated');
  });

  it('comes last, as a bare key, wherever it was in the options', async () => {
    expect(await logoutUrl(tenant(), { federated: true, returnTo: 'https://app.example.com/', b: 1 })).toBe(
      `${base}?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F&b=1&federated`,
    );
  });
});

describe('values, serialized by qs in RFC 3986 form', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['spaces as %20', { q: 'a b' }, 'q=a%20b'],
    ["! ' ( ) * encoded, ~ kept", { q: "!'()*~" }, 'q=%21%27%28%29%2A~'],
    ['reserved characters', { q: '&=#%?/+' }, 'q=%26%3D%23%25%3F%2F%2B'],
    ['unicode as UTF-8', { q: 'é日😀' }, 'q=%C3%A9%E6%97%A5%F0%9F%98%80'],
    ['undefined skipped', { q: undefined, r: 1 }, 'r=1'],
    ["null and '' as key=", { q: null, r: '' }, 'q=&r='],
    ['arrays', { foo: ['a', 'b'] }, 'foo%5B0%5D=a&foo%5B1%5D=b'],
    ['objects', { foo: { bar: 1 } }, 'foo%5Bbar%5D=1'],
  ])('%s', async (_, options, query) => {
    expect(await logoutUrl(tenant(), options)).toBe(`${base}?client_id=abc&${query}`);
  });

  it('encodes reserved characters and unicode inside returnTo', async () => {
    expect(await logoutUrl(tenant(), { returnTo: 'https://app.example.com/a b/ü?x=1&y=2#top' })).toBe(
      `${base}?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2Fa%20b%2F%C3%BC%3Fx%3D1%26y%3D2%23top`,
    );
  });
});

describe('the string shorthand', () => {
  it("logout('url') is logout({ returnTo: 'url' })", async () => {
    const url = 'https://app.example.com/bye?x=1';
    const openUrl = vi.fn<(url: string) => void>();
    const webAuth = new WebAuth(tenant('abc', { openUrl }));
    expect(webAuth.buildLogoutUrl(url)).toBe(webAuth.buildLogoutUrl({ returnTo: url }));
    expect(webAuth.buildLogoutUrl(url)).toBe(`${base}?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2Fbye%3Fx%3D1`);
    await webAuth.logout(url);
    expect(openUrl).toHaveBeenCalledWith(webAuth.buildLogoutUrl({ returnTo: url }));
  });
});

describe("the caller's objects", () => {
  it('are never modified, by the constructor, buildLogoutUrl or logout', async () => {
    const config = {
      domain: 'https://me.auth0.com/custom/',
      clientID: 'abc',
      _telemetryInfo: { name: 'app', version: '1', env: { react: '19' } },
      allowedLogoutUrls: ['https://app.example.com/'],
      redirectMethod: 'assign' as const,
    };
    const options = {
      returnTo: 'https://app.example.com/',
      clientID: 'other',
      federated: 'false',
      fooBar: { bazQux: [{ deepKey: 1 }, 'x'] },
      openUrl: vi.fn<(url: string) => void>(),
    };
    const configBefore = structuredClone(config);
    const { openUrl, ...optionsData } = options;
    const optionsBefore = structuredClone(optionsData);

    // Frozen: any write would throw in this (strict) code.
    const webAuth = new WebAuth(deepFreeze(config));
    const url = webAuth.buildLogoutUrl(deepFreeze(options));
    await webAuth.logout(options);
    expect(buildLogoutUrl(config, options)).toBe(url);

    expect(openUrl).toHaveBeenCalledWith(url);
    expect(config).toEqual(configBefore);
    expect({ ...options, openUrl: undefined }).toEqual({ ...optionsBefore, openUrl: undefined });
    expect(Object.keys(options)).toEqual(['returnTo', 'clientID', 'federated', 'fooBar', 'openUrl']);
  });

  it('are not modified even when not frozen', () => {
    const config = { domain: 'me.auth0.com', clientID: 'abc' };
    const options = { myParam: { innerKey: 1 }, returnTo: 'https://app.example.com/' };
    const before = structuredClone({ config, options });
    new WebAuth(config).buildLogoutUrl(options);
    expect({ config, options }).toStrictEqual(before);
  });
});
