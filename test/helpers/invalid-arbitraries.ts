/**
 * fast-check arbitraries for calls the SDK must refuse, each carrying the
 * `WebAuthErrorCode` it must be refused with; built on the valid calls of
 * ./arbitraries.ts, so only the one bad part differs.
 */
import fc from 'fast-check';
import { CONTROL_CHARACTERS, domainArb, logoutOptionsArb, returnUrlArb, tenantArb, type InvalidLogoutCase, type LogoutArgument } from './arbitraries';

/** Return URLs that must be refused, from a fixed list of attacks and mistakes. */
export const BAD_RETURN_URLS: readonly string[] = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  '  javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'ftp://files.example.com/',
  '/x',
  '//evil.com',
  'evil.com',
  'app.example.com/logout',
  '',
  ' ',
  'https://',
  'https:///evil.com',
  'https:/evil.com',
  'https:evil.com',
  ' https://app.example.com/',
  'https://[::1/',
  'http://exa mple.com/',
];

/** A control character somewhere in an otherwise valid return URL. */
const withControlCharacterArb = fc
  .tuple(returnUrlArb, fc.constantFrom(...CONTROL_CHARACTERS), fc.nat())
  .map(([url, control, at]) => {
    const index = at % (url.length + 1);
    return url.slice(0, index) + control + url.slice(index);
  });

/** User info before the host: `https://user:pw@evil.com`, `https://user@…`, `https://:pw@…`. */
const withCredentialsArb = fc
  .tuple(
    fc.constantFrom('https', 'http'),
    fc.oneof(
      fc.stringMatching(/^[a-z0-9]{1,8}$/),
      fc.tuple(fc.stringMatching(/^[a-z0-9]{0,8}$/), fc.stringMatching(/^[a-z0-9]{1,8}$/)).map(([user, pw]) => `${user}:${pw}`),
    ),
    fc.constantFrom('evil.com', 'app.example.com', 'localhost:3000'),
    fc.constantFrom('', '/', '/logout?x=1'),
  )
  .map(([scheme, userInfo, host, rest]) => `${scheme}://${userInfo}@${host}${rest}`);

/** Anything that is not a string. */
export const nonStringArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.constant({ href: 'https://app.example.com/' }),
  fc.constant(new URL('https://app.example.com/')),
);

/** Values of `returnTo` / `return_to` that must be refused with `invalid_return_to`. */
export const invalidReturnUrlArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...BAD_RETURN_URLS),
  withControlCharacterArb,
  withCredentialsArb,
  nonStringArb,
);

/** Values of a `clientID` / `client_id` override that must be refused with `invalid_client_id`. */
export const invalidClientIdArb: fc.Arbitrary<unknown> = fc.oneof(fc.constant(''), nonStringArb);

/** Logout arguments that are not an object, a string or nothing. */
export const invalidOptionsArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.constant(() => undefined),
  fc.date(),
  fc.constant(new Map([['returnTo', 'https://app.example.com/']])),
  fc.constant(new URL('https://app.example.com/')),
);

/** Domains that must be refused with `invalid_domain`. */
export const invalidDomainArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    'a@b.com',
    'https://user:pw@me.auth0.com',
    ' me.auth0.com',
    'me.auth0.com ',
    'me auth0.com',
    'me.auth0.com?x',
    'me.auth0.com#x',
    'ftp://me.auth0.com',
    'http://me.auth0.com',
    'javascript:alert(1)',
    '//me.auth0.com',
    'me.auth0.com:65536',
    'me.auth0.com:99999',
  ),
  fc.tuple(domainArb, fc.constantFrom(...CONTROL_CHARACTERS, ' ', '@', '?', '#', '<', '"', '\\'), fc.nat()).map(([domain, bad, at]) => {
    const index = at % (domain.length + 1);
    return domain.slice(0, index) + bad + domain.slice(index);
  }),
  nonStringArb,
);

/**
 * A call with exactly one thing wrong, and the code it must fail with: a bad
 * return URL (as `returnTo`, `return_to` or the string shorthand), a bad
 * client ID override, or an options argument of the wrong type.
 */
export const invalidLogoutCaseArb: fc.Arbitrary<InvalidLogoutCase> = fc.oneof(
  fc
    .tuple(tenantArb, logoutOptionsArb, fc.constantFrom('returnTo', 'return_to'), invalidReturnUrlArb)
    .map(([tenant, options, key, url]): InvalidLogoutCase => ({ tenant, options: { ...options, [key]: url }, code: 'invalid_return_to' })),
  fc
    .tuple(tenantArb, invalidReturnUrlArb.filter((url): url is string => typeof url === 'string'))
    .map(([tenant, url]): InvalidLogoutCase => ({ tenant, options: url, code: 'invalid_return_to' })),
  fc
    .tuple(tenantArb, logoutOptionsArb, fc.constantFrom('clientID', 'client_id'), invalidClientIdArb)
    .map(([tenant, options, key, id]): InvalidLogoutCase => ({
      // A valid return URL, so that the client ID is what fails.
      tenant,
      options: { ...options, returnTo: undefined, return_to: undefined, [key]: id },
      code: 'invalid_client_id',
    })),
  fc.tuple(tenantArb, invalidOptionsArb).map(([tenant, options]): InvalidLogoutCase => ({ tenant, options: options as LogoutArgument, code: 'invalid_options' })),
);
