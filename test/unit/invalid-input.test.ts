/**
 * Bad input, table-driven: every case must fail with a WebAuthError of the
 * right `code`, a message naming the option (starting with auth0.js's own
 * message where auth0.js has one), and nothing may have happened: no
 * navigation, no logout listener called.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import * as navigate from '../../src/core/navigate';
import { buildLogoutUrl, WebAuth, WebAuthError, onLogout, type LogoutOptions, type WebAuthErrorCode, type WebAuthOptions } from '../../src/index';
import { auth0 } from '../helpers/auth0js';
import { thrownBy } from '../helpers/thrown';

const valid = { domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false } as const;

interface Case {
  /** What is wrong. */
  what: string;
  input: unknown;
  code: WebAuthErrorCode;
  /** The option the message must name. */
  option: string;
  /** The start of the message: auth0.js's message where it has one. */
  prefix: string;
  /** auth0.js's exact message for the same input, where it also refuses it. */
  auth0js?: string;
}

const required = (option: string) => `${option} option is required`;
const notValid = (option: string) => `${option} option is not valid`;
const OPTIONS_NOT_VALID = 'options parameter is not valid';
const NAVIGATION_OPTIONS = ['openUrl', 'redirectMethod'];

const constructorCases: Case[] = [
  { what: 'a string', input: 'me.auth0.com', code: 'invalid_options', option: 'options', prefix: OPTIONS_NOT_VALID, auth0js: OPTIONS_NOT_VALID },
  { what: 'a number', input: 42, code: 'invalid_options', option: 'options', prefix: OPTIONS_NOT_VALID, auth0js: OPTIONS_NOT_VALID },
  { what: 'undefined', input: undefined, code: 'invalid_options', option: 'options', prefix: OPTIONS_NOT_VALID, auth0js: OPTIONS_NOT_VALID },
  // auth0.js fails on these two with "domain option is required" and a TypeError.
  { what: 'an array', input: [valid], code: 'invalid_options', option: 'options', prefix: OPTIONS_NOT_VALID },
  { what: 'null', input: null, code: 'invalid_options', option: 'options', prefix: OPTIONS_NOT_VALID },
  { what: 'a class instance', input: new URL('https://me.auth0.com/'), code: 'invalid_options', option: 'options', prefix: OPTIONS_NOT_VALID },
  ...(
    [
      ['no domain', undefined, true],
      ['an empty domain', '', false],
      ['a number domain', 42, true],
      ['a null domain', null, true],
    ] as const
  ).map(
    ([what, domain, auth0jsRefuses]): Case => ({
      what,
      input: { clientID: 'abc', ...(domain === undefined ? {} : { domain }) },
      code: 'invalid_domain',
      option: 'domain',
      prefix: required('domain'),
      ...(auth0jsRefuses ? { auth0js: required('domain') } : {}),
    }),
  ),
  ...[
    ['user info', 'a@b.com'],
    ['user info and a scheme', 'https://user:pw@me.auth0.com'],
    ['a leading space', ' me.auth0.com'],
    ['a trailing space', 'me.auth0.com '],
    ['a space inside', 'me auth0.com'],
    ['a newline', 'me.auth0.com\n'],
    ['a NUL character', 'me.auth0\u0000.com'],
    ['a query', 'me.auth0.com?x'],
    ['a fragment', 'me.auth0.com#x'],
    ['an ftp: scheme', 'ftp://me.auth0.com'],
    ['http: for a host that is not loopback', 'http://me.auth0.com'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a protocol-relative URL', '//me.auth0.com'],
    ['a port above 65535', 'me.auth0.com:65536'],
    ['a port of 6 digits', 'https://me.auth0.com:443443/'],
  ].map(([what, domain]): Case => ({ what: `a domain with ${what}`, input: { domain, clientID: 'abc' }, code: 'invalid_domain', option: 'domain', prefix: notValid('domain') })),
  ...(
    [
      ['no clientID', undefined, true],
      ['a number clientID', 123, true],
      ['an empty clientID', '', false],
      ['an array clientID', ['abc'], true],
    ] as const
  ).map(
    ([what, clientID, auth0jsRefuses]): Case => ({
      what,
      input: { domain: 'me.auth0.com', ...(clientID === undefined ? {} : { clientID }) },
      code: 'invalid_client_id',
      option: 'clientID',
      prefix: required('clientID'),
      ...(auth0jsRefuses ? { auth0js: required('clientID') } : {}),
    }),
  ),
  ...(
    [
      ['_sendTelemetry', 'false'],
      ['_sendTelemetry', 0],
      ['_telemetryInfo', 'webauth'],
      ['_telemetryInfo', [{ name: 'x', version: '1' }]],
      ['allowedLogoutUrls', 'https://app.example.com/'],
      ['allowedLogoutUrls', ['https://app.example.com/', 7]],
      ['openUrl', 'https://elsewhere.example/'],
      ['openUrl', true],
      ['redirectMethod', 'href'],
      ['redirectMethod', 'reload'],
    ] as const
  ).map(
    ([option, value]): Case => ({
      what: `${option}: ${JSON.stringify(value)}`,
      input: { ...valid, [option]: value },
      code: 'invalid_option',
      option,
      prefix: notValid(option),
    }),
  ),
];

const logoutCases: Case[] = [
  { what: 'a number', input: 42, code: 'invalid_options', option: 'options', prefix: OPTIONS_NOT_VALID, auth0js: OPTIONS_NOT_VALID },
  { what: 'an array', input: ['https://app.example.com/'], code: 'invalid_options', option: 'options', prefix: OPTIONS_NOT_VALID },
  { what: 'a function', input: () => 'https://app.example.com/', code: 'invalid_options', option: 'options', prefix: OPTIONS_NOT_VALID, auth0js: OPTIONS_NOT_VALID },
  { what: 'a boolean', input: true, code: 'invalid_options', option: 'options', prefix: OPTIONS_NOT_VALID, auth0js: OPTIONS_NOT_VALID },
  { what: 'a URL object', input: new URL('https://app.example.com/'), code: 'invalid_options', option: 'options', prefix: OPTIONS_NOT_VALID },
  ...[
    ['javascript:', 'javascript:alert(1)'],
    ['upper-case JAVASCRIPT:', 'JAVASCRIPT:alert(document.cookie)'],
    ['javascript: after leading spaces', '  javascript:alert(1)'],
    ['javascript: with a tab inside', 'java\tscript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['relative', '/x'],
    ['protocol-relative', '//evil.com'],
    ['without a scheme', 'evil.com/logout'],
    ['https: with one slash', 'https:/evil.com'],
    ['https: with three slashes', 'https:///evil.com'],
    ['no host', 'https://'],
    ['CR LF inside', 'https://app.example.com/\r\nSet-Cookie: a=b'],
    ['LF in the host', 'https://app.exa\nmple.com/'],
    ['a leading space', ' https://app.example.com/'],
    ['user and password', 'https://user:pw@evil.com'],
    ['a user', 'https://app.example.com@evil.com/'],
    ['a broken IPv6 host', 'https://[::1/'],
  ].flatMap(([what, url]): Case[] => [
    { what: `returnTo ${what}`, input: { returnTo: url }, code: 'invalid_return_to', option: 'returnTo', prefix: notValid('returnTo') },
    { what: `the string shorthand, ${what}`, input: url, code: 'invalid_return_to', option: 'returnTo', prefix: notValid('returnTo') },
  ]),
  ...[42, null, true, { href: 'https://app.example.com/' }, ['https://app.example.com/']].map(
    (value): Case => ({ what: `returnTo: ${JSON.stringify(value)}`, input: { returnTo: value }, code: 'invalid_return_to', option: 'returnTo', prefix: notValid('returnTo') }),
  ),
  { what: 'return_to javascript:', input: { return_to: 'javascript:alert(1)' }, code: 'invalid_return_to', option: 'return_to', prefix: notValid('return_to') },
  { what: 'return_to relative', input: { return_to: '/home' }, code: 'invalid_return_to', option: 'return_to', prefix: notValid('return_to') },
  { what: 'return_to a number', input: { return_to: 7 }, code: 'invalid_return_to', option: 'return_to', prefix: notValid('return_to') },
  {
    what: 'a good returnTo with a bad return_to',
    input: { returnTo: 'https://app.example.com/', return_to: '//evil.com' },
    code: 'invalid_return_to',
    option: 'return_to',
    prefix: notValid('return_to'),
  },
  // Any key that snake-cases to return_to or client_id sends that parameter, so it is checked the same way.
  { what: 'ReturnTo javascript:', input: { ReturnTo: 'javascript:alert(1)' }, code: 'invalid_return_to', option: 'ReturnTo', prefix: notValid('ReturnTo') },
  { what: 'returnTO relative', input: { returnTO: '/home' }, code: 'invalid_return_to', option: 'returnTO', prefix: notValid('returnTO') },
  { what: 'a numeric ClientID override', input: { ClientID: 123 }, code: 'invalid_client_id', option: 'ClientID', prefix: notValid('ClientID') },
  { what: 'an empty clientId override', input: { clientId: '' }, code: 'invalid_client_id', option: 'clientId', prefix: notValid('clientId') },
  { what: 'an empty client_id override', input: { client_id: '' }, code: 'invalid_client_id', option: 'client_id', prefix: notValid('client_id') },
  { what: 'an empty clientID override', input: { clientID: '' }, code: 'invalid_client_id', option: 'clientID', prefix: notValid('clientID') },
  { what: 'a numeric clientID override', input: { clientID: 123 }, code: 'invalid_client_id', option: 'clientID', prefix: notValid('clientID') },
  { what: 'a null clientID override', input: { clientID: null }, code: 'invalid_client_id', option: 'clientID', prefix: notValid('clientID') },
  { what: 'an object client_id override', input: { client_id: { id: 'abc' } }, code: 'invalid_client_id', option: 'client_id', prefix: notValid('client_id') },
];

/** Per-call navigation options: `logout` refuses them; `buildLogoutUrl` does not navigate, so ignores them. */
const navigationCases: Case[] = [
  { what: 'openUrl a string', input: { openUrl: 'https://elsewhere.example/' }, code: 'invalid_option', option: 'openUrl', prefix: notValid('openUrl') },
  { what: 'openUrl true', input: { openUrl: true }, code: 'invalid_option', option: 'openUrl', prefix: notValid('openUrl') },
  { what: 'openUrl null', input: { openUrl: null }, code: 'invalid_option', option: 'openUrl', prefix: notValid('openUrl') },
  { what: 'redirectMethod "reload"', input: { redirectMethod: 'reload' }, code: 'invalid_option', option: 'redirectMethod', prefix: notValid('redirectMethod') },
  { what: 'redirectMethod 1', input: { redirectMethod: 1 }, code: 'invalid_option', option: 'redirectMethod', prefix: notValid('redirectMethod') },
];

function expectRefusal(error: unknown, { code, option, prefix }: Case): void {
  expect(error).toBeInstanceOf(WebAuthError);
  expect(error).toBeInstanceOf(Error);
  const { name, message } = error as WebAuthError;
  expect(name).toBe('WebAuthError');
  expect((error as WebAuthError).code).toBe(code);
  expect(message.startsWith(prefix), `${JSON.stringify(message)} starts with ${JSON.stringify(prefix)}`).toBe(true);
  expect(message).toContain(option);
}


// Navigation is observed at its only door, locationNavigator (src/core/navigate.ts), and by the page URL.
let navigations: string[];
let navigatorSpy: MockInstance<typeof navigate.locationNavigator>;
let hrefBefore: string;
beforeEach(() => {
  navigations = [];
  navigatorSpy = vi.spyOn(navigate, 'locationNavigator').mockImplementation((method) => (url) => void navigations.push(`${method} ${url}`));
  hrefBefore = window.location.href;
});
afterEach(() => {
  expect(window.location.href).toBe(hrefBefore);
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('the observation of navigation', () => {
  it('sees a valid logout navigate (so that "nothing navigated" below means something)', async () => {
    const listener = vi.fn();
    const webAuth = new WebAuth(valid);
    const unsubscribe = onLogout(webAuth, listener);
    await webAuth.logout({ returnTo: 'https://app.example.com/' });
    unsubscribe();
    expect(navigations).toEqual(['assign https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F']);
    expect(listener).toHaveBeenCalledOnce();
  });
});

describe(`new WebAuth(bad options): ${constructorCases.length} cases`, () => {
  it.each(constructorCases)('refuses $what', (badCase) => {
    expectRefusal(
      thrownBy(() => new WebAuth(badCase.input as WebAuthOptions)),
      badCase,
    );
    if (NAVIGATION_OPTIONS.includes(badCase.option)) {
      // The standalone builder never navigates, so it ignores navigation options.
      expect(buildLogoutUrl(badCase.input as WebAuthOptions)).toBe('https://me.auth0.com/v2/logout?client_id=abc');
    } else {
      // It checks everything else the same way.
      expectRefusal(
        thrownBy(() => buildLogoutUrl(badCase.input as WebAuthOptions)),
        badCase,
      );
    }
    expect(navigatorSpy).not.toHaveBeenCalled();
  });

  it.each(constructorCases.filter((c) => c.auth0js))('keeps the message of auth0.js, which refuses $what with "$auth0js"', ({ input, auth0js }) => {
    const copy: unknown = typeof input === 'object' && input !== null ? structuredClone(input) : input;
    expect(() => new auth0.WebAuth(copy)).toThrow(new Error(auth0js));
  });
});

describe(`logout(bad options) and buildLogoutUrl(bad options): ${logoutCases.length + navigationCases.length} cases`, () => {
  it.each(logoutCases)('refuses $what', async (badCase) => {
    const listener = vi.fn();
    const webAuth = new WebAuth(valid);
    const unsubscribe = onLogout(webAuth, listener);

    // buildLogoutUrl throws synchronously.
    expectRefusal(
      thrownBy(() => webAuth.buildLogoutUrl(badCase.input as LogoutOptions)),
      badCase,
    );
    // logout never throws synchronously: it returns a promise that rejects.
    let pending: Promise<void> | undefined;
    expect(() => {
      pending = webAuth.logout(badCase.input as LogoutOptions);
    }).not.toThrow();
    expect(pending).toBeInstanceOf(Promise);
    expectRefusal(await pending!.then(() => 'resolved', (error: unknown) => error), badCase);

    unsubscribe();
    expect(listener).not.toHaveBeenCalled();
    expect(navigations).toEqual([]);
  });

  it.each(logoutCases.filter((c) => c.auth0js))('keeps the message of auth0.js, which refuses $what with "$auth0js"', ({ input, auth0js }) => {
    const webAuth = new auth0.WebAuth({ ...valid });
    expect(() => webAuth.client.buildLogoutUrl(input)).toThrow(new Error(auth0js));
  });

  it.each(navigationCases)('logout refuses $what; buildLogoutUrl, which does not navigate, ignores it', async (badCase) => {
    const listener = vi.fn();
    const openUrl = vi.fn<(url: string) => void>();
    const webAuth = new WebAuth(valid);
    const unsubscribe = onLogout(webAuth, listener);
    expectRefusal(await webAuth.logout(badCase.input as LogoutOptions).then(() => 'resolved', (error: unknown) => error), badCase);
    expect(webAuth.buildLogoutUrl(badCase.input as LogoutOptions)).toBe('https://me.auth0.com/v2/logout?client_id=abc');
    // A good constructor openUrl is not called either.
    const withOpenUrl = new WebAuth({ ...valid, openUrl });
    expectRefusal(await withOpenUrl.logout(badCase.input as LogoutOptions).then(() => 'resolved', (error: unknown) => error), badCase);
    unsubscribe();
    expect(openUrl).not.toHaveBeenCalled();
    expect(listener).not.toHaveBeenCalled();
    expect(navigations).toEqual([]);
  });

  it('checks a bad option even next to an openUrl that would have caught the navigation', async () => {
    const openUrl = vi.fn<(url: string) => void>();
    const error = await new WebAuth(valid).logout({ returnTo: 'javascript:alert(1)', openUrl }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'WebAuthError', code: 'invalid_return_to' });
    expect(openUrl).not.toHaveBeenCalled();
  });
});

describe('logout without a window', () => {
  it("rejects with no_window before telling anyone, when there is no page to leave", async () => {
    navigatorSpy.mockRestore();
    const listener = vi.fn();
    const webAuth = new WebAuth(valid);
    const unsubscribe = onLogout(webAuth, listener);
    vi.stubGlobal('window', undefined);
    const error = await webAuth.logout({ returnTo: 'https://app.example.com/' }).catch((e: unknown) => e);
    vi.unstubAllGlobals();
    unsubscribe();
    expect(error).toBeInstanceOf(WebAuthError);
    expect(error).toMatchObject({ code: 'no_window' });
    expect((error as Error).message).toMatch(/window/);
    expect((error as Error).message).toContain('openUrl');
    expect(listener).not.toHaveBeenCalled();
  });
});

it('has at least 30 bad inputs', () => {
  expect(constructorCases.length + logoutCases.length + navigationCases.length).toBeGreaterThanOrEqual(30);
});
