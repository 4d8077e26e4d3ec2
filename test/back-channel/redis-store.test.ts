// @vitest-environment node
/**
 * redisStore in this process against a real redis-server: the
 * BackChannelStore contract (spent jti shared by two stores, positions,
 * subscriptions from a position, once each and in order, unsubscribe and
 * close), and what it refuses as options.
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisBackChannelStore, redisStore } from '../../src/back-channel/redisStore';
import type { EndedSession, LoggedEvent } from '../../src/back-channel/store';
import { WebAuthError } from '../../src/errors/WebAuthError';
import { freePort, requireRedisServer, type RunningRedis, startRedis } from './redis-helpers';

let redis: RunningRedis;
const clients: ReturnType<typeof createClient>[] = [];
const stores: RedisBackChannelStore[] = [];

beforeAll(async () => {
  requireRedisServer();
  redis = await startRedis(await freePort());
}, 60_000);

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await Promise.all(clients.map((client) => client.close().catch(() => client.destroy())));
  await redis?.kill();
}, 30_000);

async function store(prefix: string, options: Parameters<typeof redisStore>[1] = {}): Promise<RedisBackChannelStore> {
  const client = createClient({ url: redis.url, socket: { reconnectStrategy: () => 100 } });
  client.on('error', () => {});
  await client.connect();
  clients.push(client);
  const made = redisStore(client, { prefix, ...options });
  stores.push(made);
  return made;
}

const session = (sid: string): EndedSession => ({ sid, iss: 'https://tenant.example.com/', jti: `jti-${sid}`, time: Date.now() });
const until = async (check: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('redisStore', () => {
  it('spends a jti once across two stores sharing a prefix, forgets it on release, and after its time to live', async () => {
    const [a, b] = [await store('t1:'), await store('t1:')];
    expect(await a.spendJti('k', 60_000)).toBe(true);
    expect(await b.spendJti('k', 60_000)).toBe(false);
    await b.releaseJti('k');
    expect(await a.spendJti('k', 200)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await b.spendJti('k', 60_000)).toBe(true);
    // Another prefix is another app.
    expect(await (await store('t1-other:')).spendJti('k', 60_000)).toBe(true);
  });

  it('positions are stream ids that grow; currentPosition is the newest, or Redis’s clock when the log is empty', async () => {
    const a = await store('t2:');
    const empty = await a.currentPosition();
    expect(empty).toMatch(/^\d+-\d+$/);
    const first = await a.publish(session('s1'));
    const second = await a.publish(session('s2'));
    expect(first).toMatch(/^\d+-\d+$/);
    expect(await a.currentPosition()).toBe(second);
    expect(Number(first.split('-')[0])).toBeGreaterThanOrEqual(Number(empty.split('-')[0]));
  });

  it('a subscription gets every entry after its position, once each and in order, from any store with the prefix, until it stops', async () => {
    const [a, b] = [await store('t3:'), await store('t3:')];
    await a.publish(session('before'));
    const from = await a.currentPosition();
    await a.publish(session('missed-1'));
    await a.publish(session('missed-2'));
    const heard: LoggedEvent[] = [];
    const stop = b.subscribe(from, (event) => heard.push(event));
    expect(b.listenerCount).toBe(1);
    for (let i = 0; i < 20; i++) await a.publish(session(`live-${i}`));
    await until(() => heard.length === 22);
    expect(heard.map((event) => event.session.sid)).toEqual(['missed-1', 'missed-2', ...Array.from({ length: 20 }, (_, i) => `live-${i}`)]);
    const positions = heard.map((event) => event.position);
    expect(new Set(positions).size).toBe(22);
    stop();
    expect(b.listenerCount).toBe(0);
    await a.publish(session('after-stop'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toHaveLength(22);
  });

  it('a listener that throws does not stop the others; close() ends every subscription and the subscriber', async () => {
    const [a, b] = [await store('t5:'), await store('t5:')];
    const from = await b.currentPosition();
    const heard: string[] = [];
    b.subscribe(from, () => {
      throw new Error('broken stream');
    });
    b.subscribe(from, (event) => heard.push(event.session.sid!));
    await a.publish(session('one'));
    await until(() => heard.length === 1);
    await b.close();
    expect(b.listenerCount).toBe(0);
    await a.publish(session('two'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toEqual(['one']);
  });

  it('a subscription catches up on more entries than one page', async () => {
    const [a, b] = [await store('t6:'), await store('t6:')];
    const from = await a.currentPosition();
    for (let i = 0; i < 1200; i += 100) await Promise.all(Array.from({ length: 100 }, (_, j) => a.publish(session(`s${i + j}`))));
    const heard: string[] = [];
    b.subscribe(from, (event) => heard.push(event.session.sid!));
    await until(() => heard.length === 1200);
    expect(new Set(heard).size).toBe(1200);
  });

  it('skips stream entries it did not write', async () => {
    const a = await store('t7:');
    const from = await a.currentPosition();
    const raw = clients.at(-1)!;
    await raw.sendCommand(['XADD', 't7:events', '*', 'other', 'field']);
    await raw.sendCommand(['XADD', 't7:events', '*', 'session', 'not json']);
    await a.publish(session('ours'));
    const heard: string[] = [];
    a.subscribe(from, (event) => heard.push(event.session.sid!));
    await until(() => heard.length === 1);
    expect(heard).toEqual(['ours']);
  });

  it('goes on after Redis restarts: refuses while it is down, then a subscription hears what is published once it is back', async () => {
    const [a, b] = [await store('t8:'), await store('t8:')];
    const heard: string[] = [];
    b.subscribe(await b.currentPosition(), (event) => heard.push(event.session.sid!));
    await a.publish(session('before'));
    await until(() => heard.length === 1);
    const port = redis.port;
    await redis.kill();
    await until(() => clients.every((client) => !client.isReady));
    await expect(a.publish(session('during'))).rejects.toThrow();
    await expect(a.spendJti('k', 1000)).rejects.toThrow();
    redis = await startRedis(port);
    await until(() => clients.every((client) => client.isReady), 20_000);
    await a.publish(session('after'));
    await until(() => heard.length === 2, 20_000);
    expect(heard).toEqual(['before', 'after']);
  }, 60_000);

  it('a subscription from a malformed position starts at the newest entry', async () => {
    const a = await store('t4:');
    await a.publish(session('old'));
    const heard: string[] = [];
    a.subscribe('not-a-position', (event) => heard.push(event.session.sid!));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await a.publish(session('new'));
    await until(() => heard.length > 0);
    expect(heard).toEqual(['new']);
  });

  it('refuses a non-client and bad options with WebAuthError, and answers "not connected" while its client is not ready', async () => {
    for (const [client, options, code] of [
      [{}, {}, 'invalid_option'],
      [null, {}, 'invalid_option'],
      [{ sendCommand() {}, duplicate() {} }, { prefix: '' }, 'invalid_option'],
      [{ sendCommand() {}, duplicate() {} }, { retentionMs: 10 }, 'invalid_option'],
      [{ sendCommand() {}, duplicate() {} }, { commandTimeoutMs: 0 }, 'invalid_option'],
      [{ sendCommand() {}, duplicate() {} }, 'x', 'invalid_options'],
    ] as const) {
      let thrown: unknown;
      try {
        redisStore(client as never, options as never);
      } catch (error) {
        thrown = error;
      }
      expect(WebAuthError.is(thrown), JSON.stringify(options)).toBe(true);
      expect(thrown).toMatchObject({ code });
    }
    const offline = redisStore({ isReady: false, sendCommand: () => Promise.resolve('OK'), duplicate: () => ({}) as never });
    await expect(offline.spendJti('k', 1000)).rejects.toThrow(/not connected/);
    const silent = redisStore({ isReady: true, sendCommand: () => new Promise(() => {}), duplicate: () => ({}) as never }, { commandTimeoutMs: 50 });
    await expect(silent.publish(session('x'))).rejects.toThrow(/did not answer/);
  });
});
