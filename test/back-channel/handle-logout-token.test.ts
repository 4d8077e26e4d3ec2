// @vitest-environment node
/**
 * The logout endpoint (OpenID Connect Back-Channel Logout 1.0 §2.5 to §2.8)
 * against a local issuer: a valid token is accepted once and its session
 * published; every hostile request is refused with 400 (or 405) and
 * publishes nothing; a JWKS that cannot be had answers 503 and the same
 * token is accepted once it can; a new signing key is picked up.
 */
import fc from 'fast-check';
import { exportSPKI, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackChannelLogout, createBackChannelLogoutWith } from '../../src/back-channel/createBackChannelLogout';
import { WebAuthError } from '../../src/errors/WebAuthError';
import {
  AUDIENCE,
  EVENT,
  type LocalIssuer,
  logoutClaims,
  logoutRequest,
  recordingStore,
  signingKey,
  type SigningKey,
  signToken,
  startIssuer,
  tokenRequest,
} from './helpers';

const COOLDOWN_MS = 300;
let key: SigningKey;
let otherKey: SigningKey;
let issuer: LocalIssuer;

beforeAll(async () => {
  key = await signingKey('key-1');
  otherKey = await signingKey('key-1');
  issuer = await startIssuer([key]);
});
afterAll(() => issuer?.close());
beforeEach(() => {
  issuer.keys = [key.jwk];
  issuer.up = true;
});

function setup(cooldownMs = COOLDOWN_MS) {
  const store = recordingStore();
  const logout = createBackChannelLogoutWith({ issuer: issuer.issuer, audience: AUDIENCE, jwksUri: issuer.jwksUri, store }, { jwksCooldownMs: cooldownMs });
  return { store, logout };
}

async function expectRefused(response: Response, description: RegExp) {
  expect(response.status).toBe(400);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: string; error_description: string };
  expect(body.error).toBe('invalid_request');
  expect(body.error_description).toMatch(description);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a valid logout token', () => {
  it('is answered 200 with Cache-Control: no-store, and its ended session is published once', async () => {
    const { store, logout } = setup();
    const claims = logoutClaims(issuer.issuer);
    const response = await logout.handleLogoutToken(tokenRequest(await signToken(key, claims)));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(store.published).toEqual([{ sid: 'sid-1', sub: 'auth0|user-1', iss: issuer.issuer, jti: claims.jti, time: expect.any(Number) }]);
    expect(Math.abs(store.published[0]!.time - Date.now())).toBeLessThan(10_000);
  });

  it('is accepted with typ JWT, with no typ, with only a sid or only a sub, without exp, and with a charset on the content type', async () => {
    const { store, logout } = setup();
    const cases = [
      await signToken(key, logoutClaims(issuer.issuer), { typ: 'JWT' }),
      await signToken(key, logoutClaims(issuer.issuer), { typ: undefined }),
      await signToken(key, logoutClaims(issuer.issuer, { sub: undefined })),
      await signToken(key, logoutClaims(issuer.issuer, { sid: undefined })),
      await signToken(key, logoutClaims(issuer.issuer, { exp: undefined })),
    ];
    for (const token of cases) expect((await logout.handleLogoutToken(tokenRequest(token))).status).toBe(200);
    const withCharset = logoutRequest(`logout_token=${await signToken(key, logoutClaims(issuer.issuer))}`, { 'content-type': 'Application/X-WWW-Form-Urlencoded; charset=UTF-8' });
    expect((await logout.handleLogoutToken(withCharset)).status).toBe(200);
    expect(store.published).toHaveLength(6);
    expect(store.published[2]).not.toHaveProperty('sub');
    expect(store.published[3]).not.toHaveProperty('sid');
  });

  it('is accepted with an audience list, and a default jwksUri of <issuer>/.well-known/jwks.json', async () => {
    const store = recordingStore();
    const logout = createBackChannelLogout({ issuer: issuer.issuer, audience: ['other', AUDIENCE], store });
    expect((await logout.handleLogoutToken(tokenRequest(await signToken(key, logoutClaims(issuer.issuer))))).status).toBe(200);
    expect(store.published).toHaveLength(1);
  });
});

describe('the hostile corpus: each refused with 400, nothing published', () => {
  type Case = [name: string, request: () => Promise<Request>, description: RegExp];
  const token = async (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) => tokenRequest(await signToken(key, logoutClaims(issuer.issuer, claims), header));
  const now = () => Math.floor(Date.now() / 1000);
  const cases: Case[] = [
    ['a bad signature (another key with the same kid)', async () => tokenRequest(await signToken(otherKey, logoutClaims(issuer.issuer))), /signature/],
    ['a signature that is not the payload’s', async () => {
      const [head, , signature] = (await signToken(key, logoutClaims(issuer.issuer))).split('.');
      return tokenRequest(`${head}.${b64(logoutClaims(issuer.issuer, { sid: 'someone-else' }))}.${signature}`);
    }, /signature/],
    ['alg: none', async () => tokenRequest(`${b64({ alg: 'none', typ: 'logout+jwt' })}.${b64(logoutClaims(issuer.issuer))}.`), /algorithm/],
    ['alg: none with a kid', async () => tokenRequest(`${b64({ alg: 'none', kid: key.kid })}.${b64(logoutClaims(issuer.issuer))}.`), /algorithm/],
    ['HS256 keyed with the public key (algorithm confusion)', async () => {
      const pem = new TextEncoder().encode(await exportSPKI(key.publicKey));
      return tokenRequest(await new SignJWT(logoutClaims(issuer.issuer)).setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'logout+jwt' }).sign(pem));
    }, /algorithm/],
    ['HS256 keyed with the JWK modulus', async () => {
      const modulus = Buffer.from(key.jwk.n!, 'base64url');
      return tokenRequest(await new SignJWT(logoutClaims(issuer.issuer)).setProtectedHeader({ alg: 'HS256', kid: key.kid }).sign(modulus));
    }, /algorithm/],
    ['a wrong iss', () => token({ iss: 'https://evil.example.com/' }), /iss/],
    ['an iss without its trailing slash', () => token({ iss: issuer.url }), /iss/],
    ['a wrong aud', () => token({ aud: 'another-app' }), /aud/],
    ['an expired token (exp)', () => token({ iat: now() - 600, exp: now() - 300 }), /expired|exp/],
    ['a token without exp issued more than 10 minutes ago', () => token({ iat: now() - 900, exp: undefined }), /too old/],
    ['iat in the future beyond the tolerance', () => token({ iat: now() + 3600, exp: now() + 7200 }), /future/],
    ['no iat', () => token({ iat: undefined }), /iat/],
    ['events missing', () => token({ events: undefined }), /events/],
    ['events not an object (a string)', () => token({ events: EVENT }), /events/],
    ['events an array', () => token({ events: [EVENT] }), /events/],
    ['the back-channel member not an object (true)', () => token({ events: { [EVENT]: true } }), /events/],
    ['the back-channel member null', () => token({ events: { [EVENT]: null } }), /events/],
    ['the back-channel member an array', () => token({ events: { [EVENT]: [] } }), /events/],
    ['another event only', () => token({ events: { 'http://schemas.openid.net/event/other': {} } }), /events/],
    ['a nonce (an ID token, not a logout token)', () => token({ nonce: 'n-0S6_WzA2Mj' }), /nonce/],
    ['neither sid nor sub', () => token({ sid: undefined, sub: undefined }), /neither/],
    ['a sid that is not a string', () => token({ sid: 42 }), /sid/],
    ['a sub that is not a string', () => token({ sub: { id: 1 } }), /sub/],
    ['no jti', () => token({ jti: undefined }), /jti/],
    ['a jti that is not a string', () => token({ jti: 7 }), /jti/],
    ['typ at+jwt', () => token({}, { typ: 'at+jwt' }), /typ/],
    ['a body over 64 KiB (Content-Length)', async () => logoutRequest(`logout_token=${await signToken(key, logoutClaims(issuer.issuer))}&pad=${'a'.repeat(70_000)}`), /larger/],
    ['a body over 64 KiB, streamed without Content-Length', async () => {
      const chunk = new TextEncoder().encode(`logout_token=${'a'.repeat(16_000)}`);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 10) controller.enqueue(chunk);
          else controller.close();
        },
      });
      return logoutRequest(body);
    }, /larger/],
    ['a Content-Length under the limit with a body over it', async () => {
      const chunk = new TextEncoder().encode('a'.repeat(40_000));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({ pull: (controller) => (sent++ < 2 ? controller.enqueue(chunk) : controller.close()) });
      return logoutRequest(body, { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '100' });
    }, /larger/],
    ['Content-Type: application/json', async () => logoutRequest(JSON.stringify({ logout_token: await signToken(key, logoutClaims(issuer.issuer)) }), { 'content-type': 'application/json' }), /content type/],
    ['Content-Type: text/plain', async () => logoutRequest(`logout_token=${await signToken(key, logoutClaims(issuer.issuer))}`, { 'content-type': 'text/plain' }), /content type/],
    ['no Content-Type', async () => logoutRequest(`logout_token=${await signToken(key, logoutClaims(issuer.issuer))}`, {}), /content type/],
    ['logout_token missing', async () => logoutRequest('id_token_hint=abc'), /missing/],
    ['an empty body', async () => logoutRequest(''), /missing/],
    ['logout_token repeated', async () => {
      const valid = await signToken(key, logoutClaims(issuer.issuer));
      return logoutRequest(`logout_token=${valid}&logout_token=${valid}`);
    }, /repeated/],
    ['logout_token empty', async () => logoutRequest('logout_token='), /empty/],
    ['non-JWT garbage', async () => tokenRequest('this is not a token'), /not a valid/],
    ['two parts', async () => tokenRequest('eyJhbGciOiJSUzI1NiJ9.e30'), /not a valid/],
    ['a header that is not JSON', async () => tokenRequest(`${Buffer.from('{').toString('base64url')}.${b64({})}.sig`), /not a valid/],
    ['a payload that is not JSON', async () => tokenRequest(`${b64({ alg: 'RS256', kid: key.kid })}.${Buffer.from('[[').toString('base64url')}.c2ln`), /not a valid|signature/],
    ['a body that is not UTF-8', async () => logoutRequest(new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array([0x6c, 0xff, 0xfe])), c.close()) })), /UTF-8/],
  ];

  it.each(cases)('%s', async (_, makeRequest, description) => {
    const { store, logout } = setup();
    await expectRefused(await logout.handleLogoutToken(await makeRequest()), description);
    expect(store.published).toEqual([]);
  });

  it('a replayed jti: the first is accepted, the replay refused, one session published', async () => {
    const { store, logout } = setup();
    const replayed = await signToken(key, logoutClaims(issuer.issuer));
    expect((await logout.handleLogoutToken(tokenRequest(replayed))).status).toBe(200);
    await expectRefused(await logout.handleLogoutToken(tokenRequest(replayed)), /already received/);
    // The same jti in another token from the same issuer is the same token again.
    const sameJti = await signToken(key, logoutClaims(issuer.issuer, { jti: store.published[0]!.jti, sid: 'sid-2' }));
    await expectRefused(await logout.handleLogoutToken(tokenRequest(sameJti)), /already received/);
    expect(store.published).toHaveLength(1);
  });

  it('concurrent copies of one token: exactly one is accepted', async () => {
    const { store, logout } = setup();
    const replayed = await signToken(key, logoutClaims(issuer.issuer));
    const statuses = await Promise.all(Array.from({ length: 8 }, () => logout.handleLogoutToken(tokenRequest(replayed)).then((r) => r.status)));
    expect(statuses.sort()).toEqual([200, 400, 400, 400, 400, 400, 400, 400]);
    expect(store.published).toHaveLength(1);
  });

  it('a method other than POST: 405 with Allow: POST', async () => {
    const { store, logout } = setup();
    for (const method of ['GET', 'PUT', 'DELETE', 'HEAD']) {
      const response = await logout.handleLogoutToken(new Request('https://app.example.com/backchannel-logout', { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    expect(store.published).toEqual([]);
  });

  it('an iat within the clock tolerance in the future is accepted, beyond it refused', async () => {
    const { store, logout } = setup();
    const now = Math.floor(Date.now() / 1000);
    expect((await logout.handleLogoutToken(await token({ iat: now + 30 }))).status).toBe(200);
    await expectRefused(await logout.handleLogoutToken(await token({ iat: now + 90 })), /future/);
    expect(store.published).toHaveLength(1);
  });
});

describe('the issuer’s keys', () => {
  it('answers 503 with Retry-After while the JWKS cannot be fetched, publishes nothing, and accepts the same token once it can', async () => {
    issuer.up = false;
    const { store, logout } = setup();
    const token = await signToken(key, logoutClaims(issuer.issuer));
    const refused = await logout.handleLogoutToken(tokenRequest(token));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toBe('temporarily_unavailable');
    expect(store.published).toEqual([]);
    issuer.up = true;
    await sleep(COOLDOWN_MS + 50);
    expect((await logout.handleLogoutToken(tokenRequest(token))).status).toBe(200);
    expect(store.published).toHaveLength(1);
  });

  it('answers 503 when the JWKS host refuses connections, and never throws', async () => {
    const store = recordingStore();
    const logout = createBackChannelLogoutWith({ issuer: issuer.issuer, audience: AUDIENCE, jwksUri: 'http://127.0.0.1:9/jwks.json', store }, { jwksCooldownMs: COOLDOWN_MS });
    const response = await logout.handleLogoutToken(tokenRequest(await signToken(key, logoutClaims(issuer.issuer))));
    expect(response.status).toBe(503);
    expect(store.published).toEqual([]);
  });

  it('picks up a rotated key: a token with a new kid is accepted once the JWKS has it', async () => {
    const { store, logout } = setup();
    const rotated = await signingKey('key-2');
    const token = await signToken(rotated, logoutClaims(issuer.issuer));
    const first = await signToken(key, logoutClaims(issuer.issuer));
    expect((await logout.handleLogoutToken(tokenRequest(first)))).toMatchObject({ status: 200 });
    // Published after the tenant started signing with it: within the cooldown the key cannot be had yet.
    issuer.keys = [key.jwk, rotated.jwk];
    const early = await logout.handleLogoutToken(tokenRequest(token));
    expect(early.status).toBe(503);
    expect(store.published).toHaveLength(1);
    await sleep(COOLDOWN_MS + 50);
    const fetchesBefore = issuer.fetches;
    expect((await logout.handleLogoutToken(tokenRequest(token))).status).toBe(200);
    expect(issuer.fetches).toBe(fetchesBefore + 1);
    expect(store.published).toHaveLength(2);
    // The old key keeps working from the cache, without another fetch.
    expect((await logout.handleLogoutToken(tokenRequest(await signToken(key, logoutClaims(issuer.issuer)))))).toMatchObject({ status: 200 });
    expect(issuer.fetches).toBe(fetchesBefore + 1);
  });

  it('refuses (400) a kid that a freshly fetched JWKS does not have, and fetches at most once per cooldown', async () => {
    const { store, logout } = setup(30_000);
    const stranger = await signingKey('unknown-kid');
    const tokens = await Promise.all(Array.from({ length: 6 }, () => signToken(stranger, logoutClaims(issuer.issuer))));
    const fetchesBefore = issuer.fetches;
    await expectRefused(await logout.handleLogoutToken(tokenRequest(tokens[0]!)), /no key/);
    // Within the cooldown the set is not fetched again: the key cannot be had now.
    for (const token of tokens.slice(1)) expect((await logout.handleLogoutToken(tokenRequest(token))).status).toBe(503);
    expect(issuer.fetches).toBe(fetchesBefore + 1);
    expect(store.published).toEqual([]);
  });
});

describe('failures of the request or of the issuer', () => {
  it('refuses (400) a token that two keys of the JWKS match', async () => {
    const twin = await signingKey('key-1');
    issuer.keys = [key.jwk, { ...twin.jwk }];
    const { store, logout } = setup();
    await expectRefused(await logout.handleLogoutToken(tokenRequest(await signToken(key, logoutClaims(issuer.issuer)))), /several keys/);
    expect(store.published).toEqual([]);
  });

  it('refuses (400) a body whose stream fails mid-way (the provider went away)', async () => {
    const { store, logout } = setup();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('logout_token='));
        controller.error(new Error('connection reset'));
      },
    });
    await expectRefused(await logout.handleLogoutToken(logoutRequest(body)), /could not be read/);
    expect(store.published).toEqual([]);
  });

  it('answers 500, never throws, when the request itself fails', async () => {
    const { store, logout } = setup();
    const broken = {
      method: 'POST',
      headers: {
        get() {
          throw new Error('broken request');
        },
      },
    } as unknown as Request;
    const response = await logout.handleLogoutToken(broken);
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ error: 'server_error' });
    expect(store.published).toEqual([]);
  });
});

describe('the store', () => {
  it('answers 503 when the store cannot spend the jti, and 503 without spending it when it cannot publish', async () => {
    const inner = recordingStore();
    let failSpend = true;
    let failPublish = true;
    const store = {
      ...inner,
      spendJti: (k: string, ttl: number) => (failSpend ? Promise.reject(new Error('down')) : inner.spendJti(k, ttl)),
      publish: (session: Parameters<typeof inner.publish>[0]) => (failPublish ? Promise.reject(new Error('down')) : inner.publish(session)),
      releaseJti: (k: string) => inner.releaseJti(k),
      subscribe: inner.subscribe,
      currentPosition: inner.currentPosition,
    };
    const logout = createBackChannelLogoutWith({ issuer: issuer.issuer, audience: AUDIENCE, jwksUri: issuer.jwksUri, store }, {});
    const token = await signToken(key, logoutClaims(issuer.issuer));
    expect((await logout.handleLogoutToken(tokenRequest(token))).status).toBe(503);
    failSpend = false;
    expect((await logout.handleLogoutToken(tokenRequest(token))).status).toBe(503);
    failPublish = false;
    expect((await logout.handleLogoutToken(tokenRequest(token))).status).toBe(200);
    expect(inner.published).toHaveLength(1);
    expect((await logout.handleLogoutToken(tokenRequest(token))).status).toBe(400);
  });
});

describe('options', () => {
  const valid = () => ({ issuer: 'https://tenant.auth0.com/', audience: 'client' });
  it.each<[string, unknown, string]>([
    ['no options', undefined, 'invalid_options'],
    ['a string', 'https://tenant.auth0.com/', 'invalid_options'],
    ['no issuer', { audience: 'client' }, 'invalid_option'],
    ['an empty audience', { ...valid(), audience: '' }, 'invalid_option'],
    ['an audience list with a number', { ...valid(), audience: ['a', 1] }, 'invalid_option'],
    ['an http jwksUri off loopback', { ...valid(), jwksUri: 'http://tenant.auth0.com/.well-known/jwks.json' }, 'invalid_option'],
    ['an http issuer off loopback (its default jwksUri)', { issuer: 'http://tenant.auth0.com/', audience: 'client' }, 'invalid_option'],
    ['a jwksUri that is not a URL', { ...valid(), jwksUri: 'jwks.json' }, 'invalid_option'],
    ['a negative clock tolerance', { ...valid(), clockToleranceSec: -1 }, 'invalid_option'],
    ['a clock tolerance that is not a number', { ...valid(), clockToleranceSec: '60' }, 'invalid_option'],
    ['a store without its methods', { ...valid(), store: {} }, 'invalid_option'],
    ['an unknown option (a typo)', { ...valid(), clockTolerance: 5 }, 'invalid_option'],
  ])('throws WebAuthError for %s', (_, options, code) => {
    let thrown: unknown;
    try {
      createBackChannelLogout(options as never);
    } catch (error) {
      thrown = error;
    }
    expect(WebAuthError.is(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code });
  });
});

describe('property: random requests', () => {
  it('answers 4xx, 5xx or 200 to any method, content type and body, never throws, and publishes nothing', async () => {
    const { store, logout } = setup();
    const valid = await signToken(key, logoutClaims(issuer.issuer));
    const [head, payload, signature] = valid.split('.') as [string, string, string];
    const tokenish = fc.oneof(
      fc.string(),
      fc.constantFrom(valid.slice(0, -3), `${head}.${payload}.`, `${head}..${signature}`, `.${payload}.${signature}`),
      fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((parts) => parts.join('.')),
      fc.json().map((json) => `${head}.${Buffer.from(json).toString('base64url')}.${signature}`),
    );
    const body = fc.oneof(
      tokenish.map((t) => `logout_token=${encodeURIComponent(t)}`),
      fc.array(fc.tuple(fc.constantFrom('logout_token', 'x', 'logout_token[]', ''), tokenish), { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs).toString()),
      fc.string({ unit: 'binary' }),
      fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    );
    const headers = fc.record(
      {
        'content-type': fc.oneof(fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded;charset=utf-8', 'application/json', 'multipart/form-data; boundary=x', ''), fc.string({ maxLength: 40 })),
        'content-length': fc.oneof(fc.nat().map(String), fc.constantFrom('-1', 'abc', '99999999999')),
        'last-event-id': fc.string({ maxLength: 20 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'PATCH'), headers, body, async (method, rawHeaders, text) => {
        let request: Request;
        try {
          request = new Request('https://app.example.com/backchannel-logout', { method, headers: rawHeaders, ...(method === 'GET' ? {} : { body: text }) });
        } catch {
          return; // Headers that the Fetch API itself refuses never reach a handler.
        }
        const response = await logout.handleLogoutToken(request);
        expect([400, 405, 503]).toContain(response.status);
        expect(response.headers.get('cache-control')).toBe('no-store');
        await response.arrayBuffer();
      }),
      { seed: 20_251_206, numRuns: 300 },
    );
    expect(store.published).toEqual([]);
  }, 120_000);
});
