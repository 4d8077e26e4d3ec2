// @vitest-environment node
/**
 * Property tests of the URL builders (fast-check, fixed seed). The expected
 * query is computed by an oracle written here from the documented rules
 * (docs: /work/shared/logout-reference.md §1), not from src/: its own
 * snake_case, its own `qs`-style flattening, its own base64url.
 *
 * About 11,000 runs in all; no timings.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { FIXED_SEED, clientIdArb, domainArb, logoutCaseArb, returnUrlArb, tenantArb, textArb, type LogoutArgument } from '../helpers/arbitraries';
import { invalidDomainArb, invalidLogoutCaseArb, nonStringArb } from '../helpers/invalid-arbitraries';
import { WebAuth, WebAuthError, buildLogoutUrl, buildOidcLogoutUrl, version, onLogout, oidcLogout, type OidcLogoutOptions, type WebAuthOptions } from '../../src/index';

const RUNS = { v2Valid: 6000, v2InvalidCall: 2500, invalidTenant: 1000, oidcValid: 1000, oidcInvalid: 500 };

// ---------------------------------------------------------------- the oracle

type Pairs = Array<[string, string]>;
type Query = Record<string, unknown>;

/** auth0.js's rule: `_` before A-Z after a non-A-Z, and before 0-9 after a non-digit (never at the start); lower-cased by UTF-16 unit. */
function snake(key: string): string {
  const marked = key.replace(/(?<=[^A-Z])[A-Z]|(?<=[^0-9])[0-9]/g, (char) => `_${char}`);
  let lower = '';
  for (let index = 0; index < marked.length; index++) lower += marked.charAt(index).toLowerCase();
  return lower;
}

/** Object keys snake_cased recursively, arrays (and all they hold) left alone; `keep` only at the top. */
function snakeKeys(value: unknown, keep: readonly string[] = []): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Query = {};
  for (const key of Object.keys(value)) out[keep.includes(key) ? key : snake(key)] = snakeKeys((value as Query)[key]);
  return out;
}

/** What `qs.stringify` (indices, RFC 3986) sends, decoded: `undefined` skipped, `null` as `''`, brackets for nesting. */
function flatten(value: unknown, name: string, out: Pairs): void {
  if (value === undefined) return;
  if (value === null) out.push([name, '']);
  else if (Array.isArray(value)) value.forEach((item, index) => flatten(item, `${name}[${index}]`, out));
  else if (typeof value === 'object') for (const key of Object.keys(value)) flatten((value as Query)[key], `${name}[${key}]`, out);
  else out.push([name, String(value)]);
}

const isFederated = (value: unknown) => value !== undefined && value !== false && value !== 'false';

/** The SDK's `auth0Client`: base64url (padding kept) of UTF-8 JSON, its name and version under `env` when the caller gave one. */
function telemetryOf(tenant: WebAuthOptions): string | undefined {
  if (tenant._sendTelemetry === false) return undefined;
  const info = tenant._telemetryInfo;
  const client = info ? { ...info, env: { ...info.env, 'webauth-logout': version } } : { name: 'webauth-logout', version };
  return Buffer.from(JSON.stringify(client), 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Where each domain spelling of the arbitraries must point; anything else falls back to `https://` + domain without trailing slashes. */
const EXPECTED_ROOTS: Record<string, string> = {
  'me.auth0.com': 'https://me.auth0.com',
  'me.auth0.com/': 'https://me.auth0.com',
  'me.auth0.com//': 'https://me.auth0.com',
  'https://me.auth0.com': 'https://me.auth0.com',
  'https://me.auth0.com/': 'https://me.auth0.com',
  'HTTPS://ME.AUTH0.COM/': 'https://me.auth0.com',
  'Https://me.eu.auth0.com': 'https://me.eu.auth0.com',
  'https://me.auth0.com/custom/': 'https://me.auth0.com/custom',
  'https://me.auth0.com/custom': 'https://me.auth0.com/custom',
  'me.auth0.com/a/b/': 'https://me.auth0.com/a/b',
  'https://me.auth0.com:8443/a//b//': 'https://me.auth0.com:8443/a//b',
  'me.auth0.com/a%20b/~x.y/': 'https://me.auth0.com/a%20b/~x.y',
  'login.example.co.uk': 'https://login.example.co.uk',
  'tenant-1.us.auth0.com:8443': 'https://tenant-1.us.auth0.com:8443',
  'https://tenant_2.auth0.com:443/': 'https://tenant_2.auth0.com',
  'http://localhost:3000': 'http://localhost:3000',
  'localhost:3000': 'https://localhost:3000',
  'HTTP://LOCALHOST': 'http://localhost',
  'http://127.0.0.1:8080/': 'http://127.0.0.1:8080',
  'https://[::1]:8443/': 'https://[::1]:8443',
};
/** The domain as written, `https://` put in front when it has no scheme, trailing slashes dropped (auth0.js keeps the spelling). */
const writtenRoot = (domain: string) => (/^https?:\/\//i.test(domain) ? domain : `https://${domain}`).replace(/\/+$/, '');

interface Expected {
  pairs: Pairs;
  federated: boolean;
  /** Top-level parameters that are strings, with the value they must arrive with. */
  strings: Array<[string, string]>;
}

/** The `/v2/logout` query the rules give for a valid call. */
function expectedV2(tenant: WebAuthOptions, argument: LogoutArgument): Expected {
  const options: Query = typeof argument === 'string' ? { returnTo: argument } : ((argument ?? {}) as Query);
  const { openUrl, redirectMethod, ...params } = options;
  const query: Query = { clientID: tenant.clientID, ...params };
  const telemetry = telemetryOf(tenant);
  if (telemetry) query.auth0Client = telemetry;
  const snaked = snakeKeys(query, ['auth0Client', 'returnTo']) as Query;
  delete snaked.federated;
  const pairs: Pairs = [];
  for (const key of Object.keys(snaked)) flatten(snaked[key], key, pairs);
  const federated = isFederated(params.federated);
  if (federated) pairs.push(['federated', '']);
  const strings = Object.keys(snaked)
    .filter((key) => typeof snaked[key] === 'string')
    .map((key): [string, string] => [key, snaked[key] as string]);
  return { pairs, federated, strings };
}

// Only unreserved characters, escapes and the separators: nothing left for a parser to read differently.
const SAFE_QUERY = /^(?:[A-Za-z0-9\-._~=&]|%[0-9A-F]{2})*$/;

function assertUrl(url: string, domain: string, path: string, expected: Expected): void {
  const parsed = new URL(url);
  const base = new URL(`${EXPECTED_ROOTS[domain] ?? writtenRoot(domain)}/${path}`);
  expect(parsed.origin + parsed.pathname).toBe(base.origin + base.pathname);
  expect(url.startsWith(`${writtenRoot(domain)}/${path}`)).toBe(true);
  expect(parsed.hash).toBe('');
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  expect(query).toMatch(SAFE_QUERY);
  // Every parameter, decoded, in order: keys snake_cased, values exact (&, =, #, %, +, unicode, CR/LF...).
  const actual = [...new URLSearchParams(query)];
  expect(actual).toEqual(expected.pairs);
  // No injection: exactly the expected parameter names.
  expect(new Set(actual.map(([name]) => name))).toEqual(new Set(expected.pairs.map(([name]) => name)));
  // Top-level strings round-trip exactly.
  const decoded = new Map(actual);
  for (const [name, value] of expected.strings) expect(decoded.get(name)).toBe(value);
  // `federated` is a bare key, last, exactly when the rules say.
  expect(/[?&]federated$/.test(url)).toBe(expected.federated);
  expect(url).not.toMatch(/[?&]federated=/);
}

// ---------------------------------------------------------------- /v2/logout

describe('buildLogoutUrl (property)', () => {
  it(`valid options give a parseable /v2/logout URL whose parameters round-trip (${RUNS.v2Valid} runs)`, () => {
    fc.assert(
      fc.property(logoutCaseArb, ({ tenant, options }) => {
        const expected = expectedV2(tenant, options);
        assertUrl(buildLogoutUrl(tenant, options), tenant.domain, 'v2/logout', expected);
        // The instance method builds the same URL.
        expect(new WebAuth(tenant).buildLogoutUrl(options)).toBe(buildLogoutUrl(tenant, options));
      }),
      { seed: FIXED_SEED, numRuns: RUNS.v2Valid },
    );
  });

  const returnToNotAllowedArb = fc
    .tuple(tenantArb, returnUrlArb, fc.constantFrom('returnTo', 'return_to'))
    .map(([tenant, url, key]) => ({
      tenant: { ...tenant, allowedLogoutUrls: ['https://allowed.invalid/'] },
      options: { [key]: url } as LogoutArgument,
      code: 'returnto_not_allowed',
    }));
  const badNavigationArb = fc
    .tuple(
      tenantArb,
      fc.oneof(
        fc.record({ openUrl: fc.oneof(fc.constantFrom(true, 'https://app.example.com/', 0, null), fc.string()) }),
        fc.record({ redirectMethod: fc.oneof(fc.constantFrom('push', 'href', 'ASSIGN', null, 1), fc.string()) }),
      ),
    )
    .filter(([, options]) => !('redirectMethod' in options) || !['assign', 'replace'].includes(options.redirectMethod as string))
    .map(([tenant, options]) => ({ tenant, options: options as LogoutArgument, code: 'invalid_option', callOnly: true }));

  it(`invalid calls throw a WebAuthError and never navigate (${RUNS.v2InvalidCall} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 6, arbitrary: invalidLogoutCaseArb.map((c) => ({ ...c, callOnly: false })) },
          { weight: 1, arbitrary: returnToNotAllowedArb.map((c) => ({ ...c, callOnly: false })) },
          { weight: 1, arbitrary: badNavigationArb },
        ),
        async ({ tenant, options, code, callOnly }) => {
          if (!callOnly) {
            expect(() => buildLogoutUrl(tenant, options)).toThrow(WebAuthError);
            expect(() => new WebAuth(tenant).buildLogoutUrl(options)).toThrow(expect.objectContaining({ code }));
          }
          const openUrl = vi.fn();
          const callOpenUrl = vi.fn();
          let argument = options;
          // A per-call opener the case carries is swapped for a spy too, in its place.
          if (typeof argument === 'object' && argument !== null && typeof (argument as Query).openUrl === 'function') {
            argument = { ...argument, openUrl: callOpenUrl };
          }
          const auth = new WebAuth({ ...tenant, openUrl });
          const heard = vi.fn();
          const unsubscribe = onLogout(auth, heard);
          try {
            const error: unknown = await auth.logout(argument).then(
              () => undefined,
              (reason: unknown) => reason,
            );
            expect(error).toBeInstanceOf(WebAuthError);
            expect((error as WebAuthError).code).toBe(code);
          } finally {
            unsubscribe();
          }
          expect(openUrl).not.toHaveBeenCalled();
          expect(callOpenUrl).not.toHaveBeenCalled();
          expect(heard).not.toHaveBeenCalled();
        },
      ),
      { seed: FIXED_SEED, numRuns: RUNS.v2InvalidCall },
    );
  });

  it(`invalid constructor options throw a WebAuthError (${RUNS.invalidTenant} runs)`, () => {
    const invalidTenantArb = fc.oneof(
      fc.tuple(tenantArb, invalidDomainArb).map(([tenant, domain]) => ({ tenant: { ...tenant, domain }, code: 'invalid_domain', builders: true })),
      fc.tuple(tenantArb, fc.oneof(fc.constant(''), nonStringArb)).map(([tenant, clientID]) => ({ tenant: { ...tenant, clientID }, code: 'invalid_client_id', builders: true })),
      fc.constantFrom<unknown>(undefined, null, 'me.auth0.com', 42, ['me.auth0.com'], () => undefined).map((tenant) => ({ tenant, code: 'invalid_options', builders: true })),
      fc.tuple(tenantArb, fc.constantFrom<unknown>('false', 0, 1, null)).map(([tenant, value]) => ({ tenant: { ...tenant, _sendTelemetry: value }, code: 'invalid_option', builders: true })),
      fc.tuple(tenantArb, fc.constantFrom<unknown>('x', [], null, 1)).map(([tenant, value]) => ({ tenant: { ...tenant, _telemetryInfo: value }, code: 'invalid_option', builders: true })),
      fc.tuple(tenantArb, fc.constantFrom<unknown>('https://app.example.com/', [1], [null], {}, null)).map(([tenant, value]) => ({ tenant: { ...tenant, allowedLogoutUrls: value }, code: 'invalid_option', builders: true })),
      // Navigation options matter to the instance only: the standalone builders never navigate.
      fc.tuple(tenantArb, fc.constantFrom<unknown>(true, 'yes', 1, null)).map(([tenant, value]) => ({ tenant: { ...tenant, openUrl: value }, code: 'invalid_option', builders: false })),
      fc.tuple(tenantArb, fc.constantFrom<unknown>('push', '', null, 'ASSIGN')).map(([tenant, value]) => ({ tenant: { ...tenant, redirectMethod: value }, code: 'invalid_option', builders: false })),
    );
    fc.assert(
      fc.property(invalidTenantArb, ({ tenant, code, builders }) => {
        const config = tenant as WebAuthOptions;
        expect(() => new WebAuth(config)).toThrow(expect.objectContaining({ name: 'WebAuthError', code }));
        if (builders) {
          expect(() => buildLogoutUrl(config)).toThrow(WebAuthError);
          expect(() => buildOidcLogoutUrl(config)).toThrow(WebAuthError);
        }
      }),
      { seed: FIXED_SEED, numRuns: RUNS.invalidTenant },
    );
  });
});

// ---------------------------------------------------------------- /oidc/logout

const base64urlArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
const jwtArb = fc.oneof(
  fc.tuple(base64urlArb, base64urlArb, fc.stringMatching(/^[A-Za-z0-9_-]{0,24}$/)).map((parts) => parts.join('.')),
  fc.tuple(base64urlArb, fc.stringMatching(/^[A-Za-z0-9_-]{0,8}$/), base64urlArb, base64urlArb, base64urlArb).map((parts) => parts.join('.')),
);
const languageTagArb = fc.constantFrom('en', 'fr-CA', 'zh-Hant-TW', 'de', 'pt-BR', 'es-419', 'sr-Latn');
const uiLocalesArb = fc.oneof(
  fc.array(languageTagArb, { maxLength: 3 }),
  fc.array(languageTagArb, { maxLength: 3 }).chain((tags) => fc.constantFrom(' ', '  ').map((sep) => tags.join(sep))),
);

const oidcEntriesArb = fc.record(
  {
    idTokenHint: jwtArb,
    logoutHint: fc.string({ minLength: 1, maxLength: 16 }).filter((hint) => hint !== ''),
    clientID: fc.option(clientIdArb, { nil: undefined, freq: 4 }),
    postLogoutRedirectUri: returnUrlArb,
    state: fc.oneof(textArb, fc.string({ unit: 'binary', maxLength: 12 })),
    uiLocales: uiLocalesArb,
    federated: fc.boolean(),
  },
  { requiredKeys: [] },
);

function expectedOidc(tenant: WebAuthOptions, argument: OidcLogoutOptions | string | undefined): Expected {
  const options: OidcLogoutOptions = typeof argument === 'string' ? { postLogoutRedirectUri: argument } : (argument ?? {});
  const tags = typeof options.uiLocales === 'string' ? options.uiLocales.split(' ').filter(Boolean) : [...(options.uiLocales ?? [])];
  const candidates: Array<[string, unknown]> = [
    ['id_token_hint', options.idTokenHint],
    ['logout_hint', options.logoutHint],
    ['client_id', 'clientID' in options ? options.clientID : tenant.clientID],
    ['post_logout_redirect_uri', options.postLogoutRedirectUri],
    ['state', options.state],
    ['ui_locales', tags.length ? tags.join(' ') : undefined],
    ['auth0Client', telemetryOf(tenant)],
  ];
  const pairs = candidates.filter((pair): pair is [string, string] => typeof pair[1] === 'string');
  const federated = options.federated === true;
  return { pairs: federated ? [...pairs, ['federated', '']] : pairs, federated, strings: pairs };
}

describe('buildOidcLogoutUrl (property)', () => {
  const argumentArb = fc.oneof(
    { weight: 8, arbitrary: oidcEntriesArb as fc.Arbitrary<OidcLogoutOptions> },
    { weight: 1, arbitrary: returnUrlArb },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

  it(`valid options give a parseable /oidc/logout URL whose parameters round-trip (${RUNS.oidcValid} runs)`, () => {
    fc.assert(
      fc.property(tenantArb, argumentArb, (tenant, options) => {
        const url = buildOidcLogoutUrl(tenant, options);
        assertUrl(url, tenant.domain, 'oidc/logout', expectedOidc(tenant, options));
        expect(buildOidcLogoutUrl(tenant, options)).toBe(url);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.oidcValid },
    );
  });

  it(`invalid options throw a WebAuthError and never navigate (${RUNS.oidcInvalid} runs)`, async () => {
    const wrongArb: fc.Arbitrary<[string, unknown]> = fc.oneof(
      fc.tuple(fc.constantFrom('returnTo', 'redirectTo', 'post_logout_redirect_uri', 'id_token_hint', 'foo'), fc.constant('x')),
      fc.tuple(fc.constant('postLogoutRedirectUri'), fc.constantFrom<unknown>('javascript:alert(1)', '//evil.example/', '/x', 'https://user:pw@app.example.com/', 'https://app.example.com/\r\n', 1, null)),
      fc.tuple(fc.constant('idTokenHint'), fc.constantFrom<unknown>('', 'not a jwt', 'a.b', 'a.b.c.d', 'a.b.c.d.e.f', 'a b.c.d', 42)),
      fc.tuple(fc.constant('logoutHint'), fc.constantFrom<unknown>('', 1, null)),
      fc.tuple(fc.constant('clientID'), fc.oneof(fc.constant(''), nonStringArb)),
      fc.tuple(fc.constant('state'), fc.constantFrom<unknown>(1, null, {}, true)),
      fc.tuple(fc.constant('federated'), fc.constantFrom<unknown>('true', 1, '', null, 'false')),
      fc.tuple(fc.constant('uiLocales'), fc.constantFrom<unknown>('en_US', '*', 'en-', ['en', ''], [1], 3, 'fr ca-', {})),
    );
    await fc.assert(
      fc.asyncProperty(tenantArb, oidcEntriesArb, wrongArb, async (tenant, options, [key, value]) => {
        const argument = { ...options, [key]: value } as OidcLogoutOptions;
        expect(() => buildOidcLogoutUrl(tenant, argument)).toThrow(WebAuthError);
        const openUrl = vi.fn();
        const error: unknown = await oidcLogout(new WebAuth({ ...tenant, openUrl }), argument).then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(error).toBeInstanceOf(WebAuthError);
        expect(openUrl).not.toHaveBeenCalled();
      }),
      { seed: FIXED_SEED, numRuns: RUNS.oidcInvalid },
    );
  });
});
