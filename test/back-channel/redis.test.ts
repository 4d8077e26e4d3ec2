// @vitest-environment node
/**
 * The Redis store across two real server processes sharing one real
 * redis-server: a logout token posted to one process reaches an event stream
 * held by the other; a replay to the other is refused; while Redis is down
 * the endpoint answers 503 and publishes nothing, and once Redis is back
 * (node-redis reconnects by itself) tokens reach the streams again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, type LocalIssuer, logoutClaims, signingKey, type SigningKey, signToken, sseReader, startIssuer } from './helpers';
import { freePort, requireRedisServer, type RunningRedis, type ServerProcess, startRedis, startServerProcess } from './redis-helpers';

let key: SigningKey;
let issuer: LocalIssuer;
let redis: RunningRedis | undefined;
let one: ServerProcess | undefined;
let two: ServerProcess | undefined;
let redisPort: number;

beforeAll(async () => {
  requireRedisServer();
  key = await signingKey('key-1');
  issuer = await startIssuer([key]);
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  const config = { redisUrl: redis.url, issuer: issuer.issuer, audience: AUDIENCE, jwksUri: issuer.jwksUri };
  [one, two] = await Promise.all([startServerProcess(config), startServerProcess(config)]);
}, 90_000);

afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
  await redis?.kill();
  await issuer?.close();
}, 30_000);

const post = (server: ServerProcess, token: string) =>
  fetch(`${server.url}/backchannel-logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: token }),
  });

/** An event stream on `server` for a session, read past its first block (it is subscribed then). */
async function openStream(server: ServerProcess, sid: string) {
  const controller = new AbortController();
  const response = await fetch(`${server.url}/events?sid=${encodeURIComponent(sid)}&sub=auth0%7Calice`, { signal: controller.signal });
  expect(response.status).toBe(200);
  const reader = sseReader(response.body!);
  expect(await reader.next()).toMatchObject({ id: expect.stringMatching(/^\d+-\d+$/) });
  /** A read that outlived a `nextData` timeout: the next call takes its block rather than losing it. */
  let pending: ReturnType<typeof reader.next> | undefined;
  const next = () => {
    pending ??= reader.next().finally(() => (pending = undefined));
    return pending;
  };
  return { reader, next, close: () => controller.abort() };
}

/** The stream's next data event, or `undefined` when none comes within `ms`. */
async function nextData(stream: Awaited<ReturnType<typeof openStream>>, ms: number) {
  const deadline = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms));
  for (;;) {
    const block = await Promise.race([stream.next(), deadline]);
    if (block === 'timeout' || block === undefined) return undefined;
    if (block.data !== undefined) return block;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two server processes over one Redis', () => {
  it('a token posted to process 1 reaches the stream held by process 2; a replay to process 2 is refused', async () => {
    const stream = await openStream(two!, 'sid-1');
    const token = await signToken(key, logoutClaims(issuer.issuer, { sid: 'sid-1', sub: 'auth0|alice' }));
    expect((await post(one!, token)).status).toBe(200);
    const event = await nextData(stream, 15_000);
    expect(event).toMatchObject({ event: 'logout', id: expect.stringMatching(/^\d+-\d+$/) });
    expect(JSON.parse(event!.data!)).toEqual({ sid: 'sid-1', sub: 'auth0|alice', iss: issuer.issuer, time: expect.any(Number) });
    expect(await stream.reader.rest()).toEqual([]);

    const replay = await post(two!, token);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/already received/) });
    expect((await post(one!, token)).status).toBe(400);
  }, 60_000);

  it('a stream on process 2 reconnecting with Last-Event-ID gets the logout posted to process 1 while it was away', async () => {
    const first = await fetch(`${two!.url}/events?sid=sid-away`);
    const reader = sseReader(first.body!);
    const position = (await reader.next())!.id!;
    await reader.cancel();
    expect((await post(one!, await signToken(key, logoutClaims(issuer.issuer, { sid: 'sid-away' })))).status).toBe(200);
    const again = await fetch(`${two!.url}/events?sid=sid-away`, { headers: { 'last-event-id': position } });
    const blocks = await sseReader(again.body!).rest();
    expect(blocks.filter((block) => block.data !== undefined).map((block) => JSON.parse(block.data!).sid)).toEqual(['sid-away']);
  }, 60_000);

  it('while Redis is down: 503, nothing published, the token not spent; once it is back a token reaches the stream on process 2', async () => {
    const stream = await openStream(two!, 'sid-2');
    const other = await openStream(two!, 'sid-3');
    const duringOutage = await signToken(key, logoutClaims(issuer.issuer, { sid: 'sid-2', sub: 'auth0|alice' }));
    await redis!.kill();

    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await post(one!, duringOutage);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    expect((await post(two!, duringOutage)).status).toBe(503);
    expect(await nextData(stream, 500)).toBeUndefined();

    redis = await startRedis(redisPort);
    // node-redis reconnects by itself: the retry the provider would make is accepted once the client is ready.
    let status = 503;
    const deadline = Date.now() + 30_000;
    while (status === 503 && Date.now() < deadline) {
      await sleep(250);
      status = (await post(one!, duringOutage)).status;
    }
    expect(status).toBe(200);
    const event = await nextData(stream, 20_000);
    expect(JSON.parse(event!.data!)).toMatchObject({ sid: 'sid-2' });
    expect(await stream.reader.rest()).toEqual([]);

    // A new token after the outage, to the other process's stream, through process 2 itself this time.
    expect((await post(two!, await signToken(key, logoutClaims(issuer.issuer, { sid: 'sid-3' })))).status).toBe(200);
    expect(JSON.parse((await nextData(other, 20_000))!.data!)).toMatchObject({ sid: 'sid-3' });
    // The token accepted after the outage is spent across both processes again.
    expect((await post(two!, duringOutage)).status).toBe(400);
  }, 120_000);
});
