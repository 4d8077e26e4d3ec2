/**
 * src/utils/queryString.ts: the query string auth0.js writes, with qs's
 * defaults whatever a polluted Object.prototype says.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { stringifyQuery } from '../../../src/utils/queryString';

describe('stringifyQuery', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).encode;
    delete (Object.prototype as Record<string, unknown>).arrayFormat;
  });

  it('writes RFC 3986: spaces as %20, !\'()* encoded, ~ kept; null as key=, undefined left out', () => {
    expect(stringifyQuery({ a: "b c!'()*~", n: null, u: undefined, e: '' })).toBe('a=b%20c%21%27%28%29%2A~&n=&e=');
  });

  it('writes arrays with indices and objects with brackets, as auth0.js does', () => {
    expect(stringifyQuery({ foo: ['a', 'b'], obj: { bar: 1 } })).toBe('foo%5B0%5D=a&foo%5B1%5D=b&obj%5Bbar%5D=1');
  });

  it('keeps its defaults when Object.prototype is polluted with qs option names', () => {
    Object.assign(Object.prototype, { encode: false, arrayFormat: 'comma' });
    expect(stringifyQuery({ a: 'x y', list: ['1', '2'] })).toBe('a=x%20y&list%5B0%5D=1&list%5B1%5D=2');
  });
});
