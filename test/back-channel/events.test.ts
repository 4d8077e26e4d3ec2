// @vitest-environment node
/**
 * The per-session event stream: each stream hears only the logout of its own
 * session, exactly once, then ends; a `sub`-only token ends every stream of
 * the user; a reconnect with Last-Event-ID gets what it missed and never what
 * it already had; closing the request releases the subscription.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackChannelLogoutWith } from '../../src/back-channel/createBackChannelLogout';
import { AUDIENCE, type LocalIssuer, logoutClaims, recordingStore, signingKey, type SigningKey, signToken, sseReader, startIssuer, tokenRequest } from './helpers';

let key: SigningKey;
let issuer: LocalIssuer;

beforeAll(async () => {
  key = await signingKey('key-1');
  issuer = await startIssuer([key]);
});
afterAll(() => issuer?.close());

function setup(keepAliveMs = 15_000) {
  const store = recordingStore();
  const logout = createBackChannelLogoutWith({ issuer: issuer.issuer, audience: AUDIENCE, jwksUri: issuer.jwksUri, store }, { keepAliveMs });
  return { store, logout };
}

const eventsRequest = (init: { lastEventId?: string; signal?: AbortSignal } = {}) =>
  new Request('https://app.example.com/backchannel-events', {
    headers: init.lastEventId ? { 'last-event-id': init.lastEventId } : {},
    ...(init.signal ? { signal: init.signal } : {}),
  });

async function post(logout: ReturnType<typeof setup>['logout'], claims: Record<string, unknown>): Promise<void> {
  const response = await logout.handleLogoutToken(tokenRequest(await signToken(key, logoutClaims(issuer.issuer, claims))));
  expect(response.status).toBe(200);
}

/** Opens a stream and reads its first block (retry and id): the stream is then subscribed. */
async function open(logout: ReturnType<typeof setup>['logout'], session: { sid?: string; sub?: string }, init: Parameters<typeof eventsRequest>[0] = {}) {
  const response = logout.handleEvents(eventsRequest(init), session);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const reader = sseReader(response.body!);
  const first = await reader.next();
  expect(first).toMatchObject({ retry: expect.stringMatching(/^\d+$/), id: expect.stringMatching(/^\d+-\d+$/) });
  expect(first).not.toHaveProperty('data');
  return { reader, position: first!.id! };
}

const dataEvents = <T extends { data?: string }>(blocks: T[]): T[] => blocks.filter((block) => block.data !== undefined);

describe('isolation', () => {
  it('among a thousand logouts of other sessions and users, each stream hears only its own, exactly once, and ends', async () => {
    const { store, logout } = setup();
    const a = await open(logout, { sid: 'sid-a', sub: 'auth0|alice' });
    const b = await open(logout, { sid: 'sid-b', sub: 'auth0|bob' });
    // Other sessions of Alice and Bob (their other devices), and other users' sessions and sub-only logouts.
    const others = Array.from({ length: 1000 }, (_, i) =>
      i % 4 === 0 ? { sid: `sid-a-other-${i}`, sub: 'auth0|alice' } : i % 4 === 1 ? { sid: `sid-b-other-${i}`, sub: 'auth0|bob' } : i % 4 === 2 ? { sid: `sid-${i}`, sub: `auth0|user-${i}` } : { sid: undefined, sub: `auth0|user-${i}` },
    );
    for (let i = 0; i < others.length; i += 50) await Promise.all(others.slice(i, i + 50).map((claims) => post(logout, claims)));
    await post(logout, { sid: 'sid-a', sub: 'auth0|alice' });
    for (let i = 0; i < 100; i++) await post(logout, { sid: `sid-late-${i}`, sub: 'auth0|carol' });
    await post(logout, { sid: 'sid-b', sub: 'auth0|bob' });
    // A second token for sid-a: the stream already ended with the first.
    await post(logout, { sid: 'sid-a', sub: 'auth0|alice' });

    const blocksA = await a.reader.rest();
    const blocksB = await b.reader.rest();
    expect(store.published).toHaveLength(1103);
    expect(dataEvents(blocksA)).toEqual([{ id: expect.stringMatching(/^\d+-\d+$/), event: 'logout', data: expect.any(String), comments: [] }]);
    expect(JSON.parse(dataEvents(blocksA)[0]!.data!)).toEqual({ sid: 'sid-a', sub: 'auth0|alice', iss: issuer.issuer, time: expect.any(Number) });
    expect(dataEvents(blocksB).map((block) => JSON.parse(block.data!))).toEqual([{ sid: 'sid-b', sub: 'auth0|bob', iss: issuer.issuer, time: expect.any(Number) }]);
    // Nothing but the event: no other data, and the stream ended.
    expect(blocksA.filter((block) => block.data === undefined && block.comments.length === 0 && block.id === undefined)).toEqual([]);
    expect(a.reader.ended && b.reader.ended).toBe(true);
    expect(store.listenerCount).toBe(0);
  }, 120_000);

  it('a token with only a sub ends every stream of that user, and no other', async () => {
    const { store, logout } = setup();
    const phone = await open(logout, { sid: 'sid-phone', sub: 'auth0|alice' });
    const laptop = await open(logout, { sid: 'sid-laptop', sub: 'auth0|alice' });
    const noSid = await open(logout, { sub: 'auth0|alice' });
    const bob = await open(logout, { sid: 'sid-bob', sub: 'auth0|bob' });
    await post(logout, { sid: undefined, sub: 'auth0|alice' });
    for (const stream of [phone, laptop, noSid]) {
      const events = dataEvents(await stream.reader.rest());
      expect(events.map((event) => JSON.parse(event.data!))).toEqual([{ sub: 'auth0|alice', iss: issuer.issuer, time: expect.any(Number) }]);
    }
    await post(logout, { sid: 'sid-laptop', sub: 'auth0|bob' });
    expect(bob.reader.ended).toBe(false);
    expect(store.listenerCount).toBe(1);
    await post(logout, { sid: 'sid-bob', sub: 'auth0|bob' });
    expect(dataEvents(await bob.reader.rest())).toHaveLength(1);
  });

  it('a token with a sid spares the user’s other sessions; a stream without a sid ends on any token for its user', async () => {
    const { logout } = setup();
    const phone = await open(logout, { sid: 'sid-phone', sub: 'auth0|alice' });
    const noSid = await open(logout, { sub: 'auth0|alice' });
    await post(logout, { sid: 'sid-laptop', sub: 'auth0|alice' });
    expect(dataEvents(await noSid.reader.rest())).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(phone.reader.ended).toBe(false);
    await phone.reader.cancel();
  });

  it('a stream hears only tokens of its own issuer', async () => {
    const { store, logout } = setup();
    const stream = await open(logout, { sid: 'sid-1', sub: 'auth0|alice' });
    await store.publish({ sid: 'sid-1', sub: 'auth0|alice', iss: 'https://other-tenant.example.com/', jti: 'j', time: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stream.reader.ended).toBe(false);
    await post(logout, { sid: 'sid-1' });
    expect(dataEvents(await stream.reader.rest())).toHaveLength(1);
  });
});

describe('Last-Event-ID', () => {
  it('a reconnect receives the logout it missed, from the position it had', async () => {
    const { logout } = setup();
    const first = await open(logout, { sid: 'sid-a', sub: 'auth0|alice' });
    // The connection drops; meanwhile Alice's session ends.
    await first.reader.cancel();
    await post(logout, { sid: 'sid-x' });
    await post(logout, { sid: 'sid-a', sub: 'auth0|alice' });
    await post(logout, { sid: 'sid-y' });
    const again = logout.handleEvents(eventsRequest({ lastEventId: first.position }), { sid: 'sid-a', sub: 'auth0|alice' });
    const blocks = await sseReader(again.body!).rest();
    expect(blocks[0]).toMatchObject({ id: first.position });
    const events = dataEvents(blocks);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.data!)).toMatchObject({ sid: 'sid-a' });
  });

  it('a reconnect after the logout was received never receives it again', async () => {
    const { logout } = setup();
    const stream = await open(logout, { sid: 'sid-a', sub: 'auth0|alice' });
    await post(logout, { sid: 'sid-a', sub: 'auth0|alice' });
    const received = dataEvents(await stream.reader.rest());
    expect(received).toHaveLength(1);
    // The browser's EventSource reconnects with the id of the last event it had.
    const again = await open(logout, { sid: 'sid-a', sub: 'auth0|alice' }, { lastEventId: received[0]!.id! });
    expect(again.position).toBe(received[0]!.id);
    await post(logout, { sid: 'sid-other' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(again.reader.ended).toBe(false);
    await again.reader.cancel();
  });

  it('a stream without Last-Event-ID (or with a malformed one) does not replay logouts from before it opened', async () => {
    const { logout } = setup();
    await post(logout, { sid: 'sid-a', sub: 'auth0|alice' });
    for (const lastEventId of [undefined, 'garbage', '1-2-3', `${'9'.repeat(20)}-0`]) {
      const stream = await open(logout, { sid: 'sid-a', sub: 'auth0|alice' }, { lastEventId });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(stream.reader.ended).toBe(false);
      await stream.reader.cancel();
    }
  });
});

describe('resources', () => {
  it('aborting the request releases the subscription and the keep-alive timer', async () => {
    const { store, logout } = setup(20);
    const controller = new AbortController();
    const before = process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const stream = await open(logout, { sid: 'sid-a' }, { signal: controller.signal });
    expect(store.listenerCount).toBe(1);
    // Keep-alive comments arrive on an idle stream.
    const keepAlive = await stream.reader.next();
    expect(keepAlive).toEqual({ comments: ['keep-alive'] });
    controller.abort();
    expect(store.listenerCount).toBe(0);
    expect(await stream.reader.rest()).toEqual([]);
    expect(process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length).toBeLessThanOrEqual(before);
  });

  it('cancelling the body (the client went away) releases the subscription too', async () => {
    const { store, logout } = setup();
    const streams = await Promise.all(Array.from({ length: 20 }, (_, i) => open(logout, { sid: `sid-${i}` })));
    expect(store.listenerCount).toBe(20);
    await Promise.all(streams.map((stream) => stream.reader.cancel()));
    expect(store.listenerCount).toBe(0);
  });

  it('an already aborted request gets an ended stream and subscribes nothing', async () => {
    const { store, logout } = setup();
    const response = logout.handleEvents(eventsRequest({ signal: AbortSignal.abort() }), { sid: 'sid-a' });
    expect(await sseReader(response.body!).rest()).toEqual([]);
    expect(store.listenerCount).toBe(0);
  });

  it('answers 400 for a session with neither sid nor sub, 405 for a method other than GET, and never throws', async () => {
    const { logout } = setup();
    for (const session of [{}, { sid: '' }, { sid: 5, sub: null }, null, undefined]) {
      const response = logout.handleEvents(eventsRequest(), session as never);
      expect(response.status).toBe(400);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    expect(logout.handleEvents(new Request('https://app.example.com/e', { method: 'POST' }), { sid: 'a' }).status).toBe(405);
  });

  it('answers 500, never throws, when reading the session fails', () => {
    const { logout } = setup();
    const session = {
      get sid(): string {
        throw new Error('broken session');
      },
    };
    expect(logout.handleEvents(eventsRequest(), session).status).toBe(500);
  });

  it('ends the stream (the browser retries) when the store cannot subscribe', async () => {
    const store = {
      ...recordingStore(),
      subscribe: () => {
        throw new Error('down');
      },
    };
    const logout = createBackChannelLogoutWith({ issuer: issuer.issuer, audience: AUDIENCE, jwksUri: issuer.jwksUri, store }, {});
    const blocks = await sseReader(logout.handleEvents(eventsRequest({ lastEventId: '1-0' }), { sid: 'a' }).body!).rest();
    expect(blocks).toEqual([{ retry: expect.stringMatching(/^\d+$/), id: '1-0', comments: [] }, { retry: expect.stringMatching(/^\d+$/), comments: ['the logout store is unavailable'] }]);
  });

  it('ends the stream (the browser retries) when the store cannot say its position', async () => {
    const store = { ...recordingStore(), currentPosition: () => Promise.reject(new Error('down')) };
    const logout = createBackChannelLogoutWith({ issuer: issuer.issuer, audience: AUDIENCE, jwksUri: issuer.jwksUri, store }, {});
    const blocks = await sseReader(logout.handleEvents(eventsRequest(), { sid: 'a' }).body!).rest();
    expect(blocks).toEqual([{ retry: expect.stringMatching(/^\d+$/), comments: ['the logout store is unavailable'] }]);
  });
});
