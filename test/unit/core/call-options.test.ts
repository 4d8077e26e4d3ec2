/**
 * src/core/callOptions.ts: a logout call's options split once into query
 * parameters and how to leave, read from the caller's own properties only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NAVIGATION_KEYS, parseCallOptions } from '../../../src/core/callOptions';
import { WebAuthError } from '../../../src/errors/WebAuthError';

describe('parseCallOptions', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).openUrl;
  });

  it('takes a string as the return URL and nothing as no option', () => {
    expect({ ...parseCallOptions('https://app.example.com/', 'returnTo').params }).toEqual({ returnTo: 'https://app.example.com/' });
    expect({ ...parseCallOptions(undefined, 'returnTo').params }).toEqual({});
    expect({ ...parseCallOptions(null, 'postLogoutRedirectUri').leaving }).toEqual({});
  });

  it('puts the navigation and revocation options aside, every other key in the query, in order', () => {
    const { params, leaving } = parseCallOptions({ returnTo: 'https://a.example/', openUrl: false, myParam: 1, revokeTimeoutMs: 5, redirectTarget: 'top' }, 'returnTo');
    expect(Object.keys(params)).toEqual(['returnTo', 'myParam']);
    expect({ ...leaving }).toEqual({ openUrl: false, revokeTimeoutMs: 5, redirectTarget: 'top' });
    expect(NAVIGATION_KEYS).toEqual(['openUrl', 'redirectMethod', 'redirectTarget']);
  });

  it('reads own properties only, into records without prototype, and leaves an own __proto__ key out', () => {
    (Object.prototype as Record<string, unknown>).openUrl = () => undefined;
    const { params, leaving } = parseCallOptions(JSON.parse('{"__proto__": {"x": 1}, "returnTo": "https://a.example/"}'), 'returnTo');
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(Object.getPrototypeOf(leaving)).toBeNull();
    expect(Object.keys(params)).toEqual(['returnTo']);
    expect(leaving.openUrl).toBeUndefined();
  });

  it('refuses anything but an object, a string or nothing with invalid_options', () => {
    for (const options of [42, ['https://a.example/'], new Date(), () => undefined]) {
      let thrown: unknown;
      try {
        parseCallOptions(options, 'returnTo');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(WebAuthError);
      expect((thrown as WebAuthError).code).toBe('invalid_options');
    }
  });
});
