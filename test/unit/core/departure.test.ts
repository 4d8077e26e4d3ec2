/**
 * src/core/departure.ts: a `/v2/logout` call turned into where to go and what
 * the return trip will be checked against; with `markReturn`, `returnTo`
 * carries the logout's id.
 */
import { describe, expect, it } from 'vitest';
import { parseWebAuthOptions } from '../../../src/core/config';
import { RETURN_MARKER, logoutDeparture } from '../../../src/core/departure';

const configOf = (extra: Record<string, unknown> = {}) => parseWebAuthOptions({ domain: 'me.auth0.com', clientID: 'abc', _sendTelemetry: false, ...extra }).config;

describe('logoutDeparture', () => {
  it('gives the URL auth0.js builds, and a fresh id for the record each time', () => {
    const first = logoutDeparture(configOf(), { returnTo: 'https://app.example.com/bye', federated: true });
    const second = logoutDeparture(configOf(), { returnTo: 'https://app.example.com/bye' });
    expect(first.url).toBe('https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2Fbye&federated');
    expect(first.pending).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), endpoint: 'v2', returnTo: 'https://app.example.com/bye', state: undefined, marked: false, federated: true });
    expect(second.pending.id).not.toBe(first.pending.id);
  });

  it('with markReturn, sends returnTo with the id in its query, and remembers returnTo as given', () => {
    const { url, pending } = logoutDeparture(configOf({ markReturn: true }), { returnTo: 'https://app.example.com/bye?tab=2' });
    const sent = new URL(new URL(url).searchParams.get('returnTo')!);
    expect(sent.origin + sent.pathname).toBe('https://app.example.com/bye');
    expect(sent.searchParams.get('tab')).toBe('2');
    expect(sent.searchParams.get(RETURN_MARKER)).toBe(pending.id);
    expect(pending).toMatchObject({ returnTo: 'https://app.example.com/bye?tab=2', marked: true });
  });

  it('marks return_to when that is the spelling given, and marks nothing without a return URL', () => {
    const snake = logoutDeparture(configOf({ markReturn: true }), { return_to: 'https://app.example.com/' });
    expect(new URL(new URL(snake.url).searchParams.get('return_to')!).searchParams.get(RETURN_MARKER)).toBe(snake.pending.id);
    const none = logoutDeparture(configOf({ markReturn: true }), {});
    expect(none.url).toBe('https://me.auth0.com/v2/logout?client_id=abc');
    expect(none.pending.marked).toBe(false);
  });

  it('keeps the navigation options out of the query', () => {
    const openUrl = () => undefined;
    const { url, leaving } = logoutDeparture(configOf(), { returnTo: 'https://app.example.com/', openUrl, redirectMethod: 'replace', revokeRefreshToken: 'rt' });
    expect(url).toBe('https://me.auth0.com/v2/logout?client_id=abc&returnTo=https%3A%2F%2Fapp.example.com%2F');
    expect({ ...leaving }).toEqual({ openUrl, redirectMethod: 'replace', revokeRefreshToken: 'rt' });
  });
});
