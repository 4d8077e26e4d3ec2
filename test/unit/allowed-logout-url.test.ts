import { describe, expect, it } from 'vitest';
import { isAllowedLogoutUrl } from '../../src/index';

/**
 * The one table of Auth0's Allowed Logout URLs rules. The local tenant and the
 * SDK's `allowedLogoutUrls` check both call `isAllowedLogoutUrl`, so this
 * table is what both of them do.
 */
const v2Cases: Array<[returnTo: string, allowed: string[], expected: boolean, rule: string]> = [
  ['https://app.example.com/', ['https://app.example.com/'], true, 'exact match'],
  ['https://app.example.com', ['https://app.example.com/'], true, 'an empty path is "/"'],
  ['HTTPS://APP.EXAMPLE.COM/', ['https://app.example.com/'], true, 'scheme and host are case-insensitive'],
  ['https://app.example.com/', ['HTTPS://App.Example.com/'], true, 'entries too are case-insensitive in scheme and host'],
  ['https://app.example.com/Callback', ['https://app.example.com/callback'], false, 'the path is case-sensitive'],
  ['https://app.example.com/callback', ['https://app.example.com/'], false, 'the path must match, not only start with'],
  ['https://app.example.com/?next=/admin', ['https://app.example.com/'], true, 'the query string of returnTo is ignored'],
  ['https://app.example.com/#section', ['https://app.example.com/'], true, 'the fragment of returnTo is ignored'],
  ['https://app.example.com/', ['https://app.example.com/?x=1'], true, 'the query string of the entry is ignored'],
  ['http://app.example.com/', ['https://app.example.com/'], false, 'the scheme must match'],
  ['https://app.example.com:8443/', ['https://app.example.com/'], false, 'the port must match'],
  ['https://app.example.com:443/', ['https://app.example.com/'], true, 'the default port is the same as none'],
  ['http://localhost:3000/', ['http://localhost:3000'], true, 'loopback with a port'],
  ['https://a.example.com/', ['https://*.example.com'], true, 'a wildcard stands for the left-most label'],
  ['https://a.b.example.com/', ['https://*.example.com'], false, 'a wildcard stands for one label only'],
  ['https://example.com/', ['https://*.example.com'], false, 'a wildcard needs a label'],
  ['https://a.example.com.evil.com/', ['https://*.example.com'], false, 'a wildcard does not match another domain'],
  ['https://aexample.com/', ['https://*.example.com'], false, 'the dot before the suffix is required'],
  ['https://a.example.com/', ['*.example.com'], false, 'a wildcard entry without a scheme is not valid'],
  ['https://a.b.example.com/', ['https://a.*.example.com'], false, 'a wildcard is only allowed left-most'],
  ['https://app.example.com/x', ['https://app.example.com/*'], false, 'no wildcards in paths'],
  ['https://evil.com/', ['https://*.com'], false, 'the wildcard must sit in a subdomain: "https://*.com will not work"'],
  ['https://a.com/', ['https://*.com'], false, 'a wildcard over a top-level domain matches nothing'],
  ['https://a.b.example.com/', ['https://*.*.example.com'], false, 'one wildcard only'],
  ['https://prefix-abc-suffix.example.com/', ['https://prefix-*-suffix.example.com'], true, 'a prefix and a suffix may stand around the wildcard'],
  ['https://prefix--suffix.example.com/', ['https://prefix-*-suffix.example.com'], false, 'the wildcard stands for at least one character'],
  ['https://prefix-abc.example.com/', ['https://prefix-*-suffix.example.com'], false, 'the suffix is required'],
  ['https://abc-suffix.example.com/', ['https://prefix-*-suffix.example.com'], false, 'the prefix is required'],
  ['https://PREFIX-X-SUFFIX.example.com/', ['https://prefix-*-suffix.example.com'], true, 'the label compares case-insensitively, as hosts do'],
  ['https://pre.x-suffix.example.com/', ['https://pre*-suffix.example.com'], false, 'the wildcard never spans a dot'],
  ['https://a.example.com:8443/cb', ['https://*.example.com:8443/cb'], true, 'a wildcard entry with a port and a path'],
  ['https://a.example.com/other', ['https://*.example.com/cb'], false, 'a wildcard entry still needs its path'],
  ['https://app.example.com/', [], false, 'an empty list allows nothing'],
  ['https://other.example.com/', ['https://app.example.com/', 'https://other.example.com/'], true, 'any entry of the list'],
  ['javascript:alert(1)', ['https://app.example.com/'], false, 'only http(s) URLs'],
  ['not a url', ['https://app.example.com/'], false, 'a malformed URL matches nothing'],
  ['https://app.example.com/', ['not a url'], false, 'a malformed entry matches nothing'],
  ['https://evil.com/', ['https://app.example.com/'], false, 'another host'],
  ['https://app.exa\tmple.com/', ['https://app.example.com/'], false, 'a tab the URL parser would strip'],
  [' https://app.example.com/', ['https://app.example.com/'], false, 'a leading space the URL parser would strip'],
  ['https://app.example.com/\n', ['https://app.example.com/'], false, 'a trailing newline the URL parser would strip'],
  ['https://app.example.com/a b', ['https://app.example.com/a%20b'], true, 'a space inside is percent-encoded, not stripped'],
  ['https://app.example.com@evil.com/', ['https://app.example.com/'], false, 'user info does not fool the host comparison'],
];

const oidcCases: Array<[uri: string, registered: string[], expected: boolean, rule: string]> = [
  ['https://app.example.com/cb?from=logout', ['https://app.example.com/cb?from=logout'], true, 'exact match, query included'],
  ['https://app.example.com/cb', ['https://app.example.com/cb?from=logout'], false, 'a missing query string does not match'],
  ['https://app.example.com/cb?from=x', ['https://app.example.com/cb?from=logout'], false, 'another query string does not match'],
  ['HTTPS://app.example.com/cb', ['https://app.example.com/cb'], false, 'simple string comparison: no case folding'],
  ['https://a.example.com/cb', ['https://*.example.com/cb'], true, 'a subdomain wildcard applies here too'],
  ['https://a.example.com/cb?x=1', ['https://*.example.com/cb?x=1'], true, 'a wildcard entry, query included'],
  ['https://a.example.com/cb?x=2', ['https://*.example.com/cb?x=1'], false, 'around the wildcard, the rest compares exactly, query included'],
  ['https://a.example.com/cb', ['https://*.example.com/cb?x=1'], false, 'a wildcard entry with a query needs that query'],
  ['https://a.b.example.com/cb', ['https://*.example.com/cb'], false, 'one label only, as for /v2/logout'],
  ['https://evil.com/cb', ['https://*.com/cb'], false, 'the wildcard must sit in a subdomain'],
  ['https://evil.com/#.example.com/cb', ['https://*.example.com/cb'], false, 'the label holds host characters only'],
  ['https://x-a-y.example.com/cb', ['https://x-*-y.example.com/cb'], true, 'a prefix and a suffix'],
  ['HTTPS://a.example.com/cb', ['https://*.example.com/cb'], false, 'no case folding outside the label'],
];

describe('isAllowedLogoutUrl', () => {
  it.each(v2Cases)('v2: %s against %j is %s (%s)', (returnTo, allowed, expected) => {
    expect(isAllowedLogoutUrl(returnTo, allowed, 'v2')).toBe(expected);
  });

  it.each(oidcCases)('oidc: %s against %j is %s (%s)', (uri, registered, expected) => {
    expect(isAllowedLogoutUrl(uri, registered, 'oidc')).toBe(expected);
  });

  it('refuses, with a WebAuthError, a list that is not an array of strings or an unknown endpoint', () => {
    for (const list of ['https://app.example.com/', [1], [undefined]]) {
      expect(() => isAllowedLogoutUrl('https://app.example.com/', list as unknown as string[])).toThrow(expect.objectContaining({ name: 'WebAuthError', code: 'invalid_option' }));
    }
    const unreadable = new Proxy([], { get: () => { throw new TypeError('trap'); } });
    expect(() => isAllowedLogoutUrl('https://app.example.com/', unreadable)).toThrow(expect.objectContaining({ name: 'WebAuthError', code: 'invalid_options' }));
    expect(() => isAllowedLogoutUrl('https://app.example.com/', ['https://app.example.com/'], 'v3' as 'v2')).toThrow(
      expect.objectContaining({ code: 'invalid_option' }),
    );
  });

  it('answers false, not a substring match, for a URL that is not a string', () => {
    expect(isAllowedLogoutUrl(42 as unknown as string, ['https://app.example.com/'])).toBe(false);
  });

  it('uses the /v2/logout rules by default', () => {
    expect(isAllowedLogoutUrl('https://app.example.com/?q=1', ['https://app.example.com/'])).toBe(true);
  });
});
