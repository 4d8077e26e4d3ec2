// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { WebAuth, watchIdle } from '../../../src/index';

describe('watchIdle without a window (server-side rendering)', () => {
  it('throws no_window after checking the options, and starts nothing', () => {
    const webAuth = new WebAuth({ domain: 'me.auth0.com', clientID: 'ssr' });
    expect(() => watchIdle(webAuth, { timeoutMs: 1_000 })).toThrow(expect.objectContaining({ code: 'no_window', message: expect.stringMatching(/watchIdle needs a browser window/) }));
    // A bad option is still the first thing reported.
    expect(() => watchIdle(webAuth, { timeoutMs: -1 })).toThrow(expect.objectContaining({ code: 'invalid_option' }));
  });
});
