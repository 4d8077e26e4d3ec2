/**
 * fast-check arbitraries for `/v2/logout` inputs, shared by the differential
 * test (against the real auth0.js) and the property tests.
 *
 * Everything `logoutCaseArb` generates is accepted by the SDK's checks by
 * construction (never filtered through the SDK itself, so a check that
 * wrongly refuses good input makes the tests fail); what must be refused is
 * in ./invalid-arbitraries.ts, the wider options of the differential run in
 * ./wide-arbitraries.ts.
 *
 * Environment-free: no DOM, no auth0.js, usable in jsdom and in plain Node.
 */
import fc from 'fast-check';
import { camelToSnake } from '../../src/utils/snakeCase';
import type { LogoutOptions, OidcLogoutOptions, TelemetryInfo, WebAuthErrorCode, WebAuthOptions } from '../../src/index';
import type { JsLogoutOptions } from './objects';

/** The seed of every generated run here, so that a failure replays identically. */
export const FIXED_SEED = 20_240_601;

/** What `logout()` / `buildLogoutUrl()` take: an options object, a `returnTo` string, or nothing. */
export type LogoutArgument = JsLogoutOptions | string | undefined;

/** One call: the constructor's options and the logout argument. */
export interface LogoutCase {
  tenant: WebAuthOptions;
  options: LogoutArgument;
}

/** A call the SDK must refuse, and the {@link WebAuthErrorCode} it must refuse it with. */
export interface InvalidLogoutCase extends LogoutCase {
  code: WebAuthErrorCode;
}

/** Builds an object in the given insertion order (never given `__proto__`). */
export function fromEntries(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) object[key] = value;
  return object;
}

// ---------------------------------------------------------------- characters and text

/** Characters with a meaning in URLs, in query strings or in `qs`'s bracket syntax. */
export const RESERVED_CHARACTERS: readonly string[] = [...'&=#%?/+ :;,@!$\'()*[]{}~-._<>"|\\^`'];
/** Spaces other than U+0020 (no control characters: those are never valid in a return URL). */
export const UNICODE_SPACES: readonly string[] = ['\u00a0', '\u2003', '\u3000'];
/** Control characters: fine in arbitrary parameters, refused in return URLs. */
export const CONTROL_CHARACTERS: readonly string[] = ['\t', '\n', '\r', '\u0000', '\u001b', '\u007f'];

const plainCharArb = fc.constantFrom(...'abcXYZ0189');
const reservedCharArb = fc.constantFrom(...RESERVED_CHARACTERS);
/** One grapheme: accents, CJK, emoji (astral), combining sequences; always well-formed UTF-16. */
const graphemeArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 });
const spaceCharArb = fc.constantFrom(' ', ...UNICODE_SPACES);

const urlTextUnitArb = fc.oneof(plainCharArb, reservedCharArb, graphemeArb, spaceCharArb);

/** Text mixing ASCII, reserved characters, unicode and spaces, without control characters. */
export const textArb = fc.string({ unit: urlTextUnitArb, maxLength: 16 });
/** Like {@link textArb}, control characters included: a parameter value may hold anything. */
export const paramTextArb = fc.string({
  unit: fc.oneof({ weight: 12, arbitrary: urlTextUnitArb }, { weight: 1, arbitrary: fc.constantFrom(...CONTROL_CHARACTERS) }),
  maxLength: 16,
});

// ---------------------------------------------------------------- tenants

/**
 * Domain spellings that the SDK accepts and auth0.js turns into the same base
 * URL: with and without scheme, upper-case schemes, trailing slashes, ports,
 * paths, loopback `http:`. A host beginning with `http` written without a
 * scheme is left out: auth0.js makes a relative URL of it (a documented difference).
 */
export const DOMAIN_SPELLINGS: readonly string[] = [
  'me.auth0.com',
  'me.auth0.com/',
  'me.auth0.com//',
  'https://me.auth0.com',
  'https://me.auth0.com/',
  'HTTPS://ME.AUTH0.COM/',
  'Https://me.eu.auth0.com',
  'https://me.auth0.com/custom/',
  'https://me.auth0.com/custom',
  'me.auth0.com/a/b/',
  'https://me.auth0.com:8443/a//b//',
  'me.auth0.com/a%20b/~x.y/',
  'login.example.co.uk',
  'tenant-1.us.auth0.com:8443',
  'https://tenant_2.auth0.com:443/',
  'http://localhost:3000',
  'localhost:3000',
  'HTTP://LOCALHOST',
  'http://127.0.0.1:8080/',
  'https://[::1]:8443/',
];

export const domainArb = fc.constantFrom(...DOMAIN_SPELLINGS);

/** Client IDs: Auth0's 32 alphanumerics, or any non-empty text (reserved characters, unicode). */
export const clientIdArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]{32}$/),
  fc.string({ unit: urlTextUnitArb, minLength: 1, maxLength: 12 }),
);

export const telemetryInfoArb: fc.Arbitrary<TelemetryInfo> = fc.record(
  {
    name: textArb,
    version: fc.oneof(fc.constantFrom('1.0.0', '2.3.4-beta.1'), textArb),
    env: fc.dictionary(fc.constantFrom('react', 'refine', 'node', 'ünï'), textArb, { maxKeys: 3, noNullPrototype: true }),
  },
  { requiredKeys: ['name', 'version'] },
);

/**
 * Constructor options: telemetry absent (on), `true`, `false`, or a
 * `_telemetryInfo`; sometimes how long listeners wait for a logout's end
 * (`abandonAfterMs`), which changes no URL; sometimes auth0.js's other
 * options, which are ignored.
 * fast-check builds some records with a null prototype (`Object.create(null)`),
 * which the SDK must take like `{}`.
 */
export const tenantArb: fc.Arbitrary<WebAuthOptions> = fc.record(
  {
    domain: domainArb,
    clientID: clientIdArb,
    _sendTelemetry: fc.boolean(),
    _telemetryInfo: telemetryInfoArb,
    abandonAfterMs: fc.integer({ min: 1, max: 300_000 }),
    responseType: fc.constantFrom('token id_token', 'code'),
    redirectUri: fc.constant('https://app.example.com/callback'),
    scope: fc.constant('openid profile email'),
  },
  { requiredKeys: ['domain', 'clientID'] },
);

// ---------------------------------------------------------------- return URLs

/** Hosts a return URL may name: upper case, ports, loopback, IPv6, IDN (unicode and punycode), underscores. */
export const RETURN_HOSTS: readonly string[] = [
  'app.example.com',
  'APP.Example.COM',
  'localhost',
  'localhost:3000',
  '127.0.0.1:8080',
  '[::1]:4200',
  'bücher.example',
  'xn--bcher-kva.example',
  '日本.example',
  'a-b.c_d.example.org',
  'example.com:443',
];

/**
 * Absolute http(s) URLs that the SDK accepts: any scheme case, then a host,
 * then optionally a path, query or fragment full of unicode, spaces and
 * reserved characters (`&=#%?/+` ...), but no control characters and no credentials.
 */
export const returnUrlArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('https', 'http', 'HTTPS', 'Http', 'hTTpS'),
    fc.constantFrom(...RETURN_HOSTS),
    fc.option(fc.tuple(fc.constantFrom('/', '?', '#'), fc.string({ unit: urlTextUnitArb, maxLength: 24 })), { nil: undefined }),
  )
  .map(([scheme, host, rest]) => `${scheme}://${host}${rest ? rest.join('') : ''}`);

// ---------------------------------------------------------------- logout options

/** Every kind of `federated` value; with the key absent, that is ten kinds. */
export const FEDERATED_VALUES: readonly unknown[] = [true, false, 'true', 'false', '', 0, 1, null, undefined];

/** The option keys the SDK gives a meaning to; the extra-key arbitraries never produce them. */
export const SPECIAL_KEYS: readonly string[] = ['returnTo', 'return_to', 'clientID', 'client_id', 'federated', 'openUrl', 'redirectMethod'];

const WORDS = ['redirect', 'to', 'my', 'param', 'state', 'ui', 'locales', 'id', 'url', 'x', 'connection', 'screen', 'hint', 'a'];
const wordArb = fc.constantFrom(...WORDS);
export const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const numberPartArb = fc.nat(99).map(String);

/** `redirectTo`, `myParam2`, `uiLOCALES`, `x12State`: snake_cased by both SDKs. */
export const camelCaseKeyArb = fc
  .tuple(wordArb, fc.array(fc.oneof(wordArb.map(capitalize), wordArb.map((word) => word.toUpperCase()), numberPartArb), { maxLength: 3 }))
  .map(([first, rest]) => first + rest.join(''));
/** `RedirectTo`, `MyParam2`. */
export const pascalCaseKeyArb = camelCaseKeyArb.map(capitalize);
/** `redirect_to`, `my_param_2`: passed through unchanged. */
export const snakeCaseKeyArb = fc.array(fc.oneof(wordArb, numberPartArb), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('_'));

/**
 * Keys picked for how they snake-case or serialize: collisions with
 * `client_id`/`return_to`/`federated`, `auth0Client` (kept spelling), runs of
 * capitals, digits, unicode, brackets and reserved characters, array-index-like
 * keys (which JavaScript enumerates first), `Object.prototype` names, the empty key.
 */
export const NOTABLE_KEYS: readonly string[] = [
  'ClientID',
  'clientId',
  'Client_id',
  'ReturnTo',
  'returnURL',
  'Federated',
  'FEDERATED',
  'auth0Client',
  'Auth0Client',
  'auth0_client',
  'URLPath',
  'myParam2',
  'redirectTo',
  'a1B2c3',
  'x2Y',
  'ÄbC',
  'ключДоступа',
  'cléPrivée',
  'emoji😀Key',
  '日本語',
  'key with space',
  'a&b',
  'a=b',
  'a[b]',
  'a[]',
  '[0]',
  'a.b',
  '%41',
  '+plus',
  '?q',
  '#h',
  '/s',
  '0',
  '1',
  '42',
  '-1',
  '1.5',
  '',
  ' ',
  'toString',
  'constructor',
  'hasOwnProperty',
];

/** Keys of nested objects: anything but `__proto__`. */
export const nestedKeyArb: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: camelCaseKeyArb },
    { weight: 1, arbitrary: pascalCaseKeyArb },
    { weight: 2, arbitrary: snakeCaseKeyArb },
    { weight: 2, arbitrary: fc.constantFrom(...NOTABLE_KEYS, ...SPECIAL_KEYS) },
    { weight: 1, arbitrary: fc.string({ unit: urlTextUnitArb, minLength: 1, maxLength: 8 }) },
  )
  .filter((key) => key !== '__proto__');

/**
 * Top-level extra keys: like {@link nestedKeyArb} without {@link SPECIAL_KEYS}
 * nor any other spelling of them (`ReturnTo`, `clientId`), which the SDK
 * checks as return URLs and client IDs because they send the same parameter.
 */
export const extraKeyArb: fc.Arbitrary<string> = nestedKeyArb.filter(
  (key) => !SPECIAL_KEYS.includes(key) && !['return_to', 'client_id'].includes(camelToSnake(key)),
);

export const leafArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: paramTextArb },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, '') },
);

/** A parameter value: text, numbers, booleans, `null`, `undefined`, nested objects and arrays (of objects too). */
export const paramValueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>(
  (tie) => ({
    value: fc.oneof({ maxDepth: 3 }, { weight: 5, arbitrary: leafArb }, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.array(fc.tuple(nestedKeyArb, tie('value')), { maxLength: 4 }).map(fromEntries),
  }),
).value;

export type Entries = Array<[string, unknown]>;

export const returnToEntriesArb: fc.Arbitrary<Entries> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Entries>([]) },
  { weight: 4, arbitrary: returnUrlArb.map((url): Entries => [['returnTo', url]]) },
  { weight: 1, arbitrary: returnUrlArb.map((url): Entries => [['return_to', url]]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('ReturnTo', 'returnTO'), returnUrlArb).map(([key, url]): Entries => [[key, url]]) },
  { weight: 1, arbitrary: fc.tuple(returnUrlArb, returnUrlArb).map(([a, b]): Entries => [['returnTo', a], ['return_to', b]]) },
);

const optionalClientIdArb = fc.option(clientIdArb, { nil: undefined, freq: 3 });

/** No override, `clientID` or `client_id` (a string or `undefined`), or both. */
export const clientIdEntriesArb: fc.Arbitrary<Entries> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Entries>([]) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('clientID', 'client_id'), optionalClientIdArb).map(([key, id]): Entries => [[key, id]]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('ClientID', 'clientId'), optionalClientIdArb).map(([key, id]): Entries => [[key, id]]) },
  { weight: 1, arbitrary: fc.tuple(optionalClientIdArb, optionalClientIdArb).map(([a, b]): Entries => [['clientID', a], ['client_id', b]]) },
);

/** `federated` absent, or any of {@link FEDERATED_VALUES}. */
export const federatedEntriesArb: fc.Arbitrary<Entries> = fc.oneof(
  fc.constant<Entries>([]),
  fc.constantFrom(...FEDERATED_VALUES).map((value): Entries => [['federated', value]]),
);

/** Navigation options, which are never query parameters. */
const navigationEntriesArb: fc.Arbitrary<Entries> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Entries>([]) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(false, () => undefined).map((openUrl): Entries => [['openUrl', openUrl]]) },
  { weight: 1, arbitrary: fc.constantFrom('assign', 'replace').map((method): Entries => [['redirectMethod', method]]) },
);

const extraEntriesArb: fc.Arbitrary<Entries> = fc.array(fc.tuple(extraKeyArb, paramValueArb), { maxLength: 6 });

/**
 * Options objects the SDK accepts: return URLs, client ID overrides,
 * `federated`, navigation options and extra parameters, in a random insertion order.
 */
export const logoutOptionsArb: fc.Arbitrary<JsLogoutOptions> = fc
  .tuple(returnToEntriesArb, clientIdEntriesArb, federatedEntriesArb, navigationEntriesArb, extraEntriesArb)
  .chain((groups) => {
    const entries = groups.flat();
    return fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length });
  })
  .map((entries) => fromEntries(entries) as JsLogoutOptions);

/** Mostly options objects; sometimes the `returnTo` string shorthand or `undefined`. */
export const logoutArgumentArb: fc.Arbitrary<LogoutArgument> = fc.oneof(
  { weight: 18, arbitrary: logoutOptionsArb },
  { weight: 1, arbitrary: returnUrlArb },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** A valid call: the differential test's input. */
export const logoutCaseArb: fc.Arbitrary<LogoutCase> = fc.record({ tenant: tenantArb, options: logoutArgumentArb });

// ---------------------------------------------------------------- /oidc/logout options

const base64urlPartArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
/** Compact JWS (three parts) and JWE (five parts) spellings; never verified, only their shape is checked. */
export const jwtArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(base64urlPartArb, base64urlPartArb, fc.stringMatching(/^[A-Za-z0-9_-]{0,24}$/)).map((parts) => parts.join('.')),
  fc.tuple(base64urlPartArb, fc.stringMatching(/^[A-Za-z0-9_-]{0,8}$/), base64urlPartArb, base64urlPartArb, base64urlPartArb).map((parts) => parts.join('.')),
);

const languageTagArb = fc.constantFrom('en', 'fr-CA', 'zh-Hant-TW', 'de', 'pt-BR', 'es-419', 'sr-Latn');

/** `/oidc/logout` options the SDK accepts: each known key, or not. */
export const oidcOptionsArb: fc.Arbitrary<OidcLogoutOptions> = fc.record(
  {
    idTokenHint: jwtArb,
    logoutHint: fc.string({ minLength: 1, maxLength: 16 }),
    clientID: fc.option(clientIdArb, { nil: undefined, freq: 4 }),
    postLogoutRedirectUri: returnUrlArb,
    state: fc.oneof(textArb, fc.string({ unit: 'binary', maxLength: 12 })),
    uiLocales: fc.oneof(
      fc.array(languageTagArb, { maxLength: 3 }),
      fc.array(languageTagArb, { maxLength: 3 }).map((tags) => tags.join(' ')),
    ),
    federated: fc.boolean(),
  },
  { requiredKeys: [] },
);
