// @vitest-environment node
/**
 * The local tenant as an OpenID Connect Back-Channel Logout 1.0 provider:
 * when a session ends it POSTs a logout token to each Back-Channel Logout URL
 * of each application that has some. A receiver on 127.0.0.1 (a Hono app)
 * verifies every token with jose against the tenant's JWKS, as the app's
 * server would, and answers with the statuses a test gives it.
 */
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listen } from '../../examples/listen.mjs';
import { startTenant, type RunningTenant } from '../../examples/tenant/server.mjs';
import { cookieHeader, send } from './client';
import { idToken, query } from './fixture';

const BC_APP = 'bc-app';
const PLAIN_APP = 'plain-app';
const APP_PAGE = 'https://app.example.com/';
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** What the receiver was sent: each POST's verified claims and header, or why it could not be verified. */
interface Received {
  claims?: JWTPayload;
  kid?: string;
  typ?: string;
  contentType?: string;
  error?: string;
}

let tenant: RunningTenant;
let receiverUrl: string;
let closeReceiver: () => void;
let received: Received[] = [];
/** The statuses the receiver answers, in order; 200 once they are used up. */
let answers: number[] = [];

beforeAll(async () => {
  const receiver = new Hono();
  receiver.post('/backchannel', async (c) => {
    const contentType = c.req.header('content-type');
    const token = (await c.req.parseBody()).logout_token;
    const entry: Received = { contentType };
    try {
      const jwks = createRemoteJWKSet(new URL(`${tenant.url}/.well-known/jwks.json`));
      const { payload, protectedHeader } = await jwtVerify(String(token), jwks, { issuer: `${tenant.url}/`, audience: BC_APP, algorithms: ['RS256'] });
      Object.assign(entry, { claims: payload, kid: protectedHeader.kid, typ: protectedHeader.typ });
      expect(decodeProtectedHeader(String(token)).kid).toBe(protectedHeader.kid);
    } catch (error) {
      entry.error = String(error);
    }
    received.push(entry);
    return c.body(null, (answers.shift() ?? 200) as 200);
  });
  const server = createServer(getRequestListener(receiver.fetch));
  receiverUrl = await listen(server, { port: 0, host: '127.0.0.1' });
  closeReceiver = () => {
    server.close();
    server.closeAllConnections();
  };
  tenant = await startTenant({
    backChannelRetryDelaysMs: [20, 40, 80],
    config: {
      applications: {
        [BC_APP]: { allowedLogoutUrls: [APP_PAGE], postLogoutRedirectUris: [APP_PAGE], backchannelLogoutUrls: [`${receiverUrl}/backchannel`] },
        [PLAIN_APP]: { allowedLogoutUrls: [APP_PAGE] },
      },
    },
  });
});

afterAll(async () => {
  await tenant?.close();
  closeReceiver?.();
});

beforeEach(() => {
  received = [];
  answers = [];
});

/** Signs in and returns the Cookie header and the session's sid. */
async function login(): Promise<{ cookie: string; sid: string }> {
  const cookie = cookieHeader((await send(tenant.url, '/login')).setCookies);
  const { sid } = JSON.parse((await send(tenant.url, '/session', { cookie })).body) as { sid: string };
  return { cookie, sid };
}

function expectLogoutToken(entry: Received | undefined, sid: string) {
  expect(entry?.error).toBeUndefined();
  expect(entry?.contentType).toBe('application/x-www-form-urlencoded');
  expect(entry?.kid).toEqual(expect.any(String));
  expect(entry?.typ).toBe('logout+jwt');
  const claims = entry!.claims!;
  expect(claims).toMatchObject({ iss: `${tenant.url}/`, aud: BC_APP, sid, sub: 'auth0|local-demo-user', events: { [EVENT]: {} } });
  expect(claims.jti).toEqual(expect.any(String));
  expect(claims.exp! - claims.iat!).toBeGreaterThan(0);
  expect(claims).not.toHaveProperty('nonce');
}

describe('back-channel logout from the local tenant', () => {
  it('advertises Back-Channel Logout and publishes its key', async () => {
    const discovery = JSON.parse((await send(tenant.url, '/.well-known/openid-configuration')).body);
    expect(discovery).toMatchObject({ jwks_uri: `${tenant.url}/.well-known/jwks.json`, backchannel_logout_supported: true, backchannel_logout_session_supported: true });
    const { keys } = JSON.parse((await send(tenant.url, '/.well-known/jwks.json')).body);
    expect(keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })]);
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('sends a verified logout token to the application when /v2/logout ends the session, and only to the one with URLs', async () => {
    const { cookie, sid } = await login();
    const reply = await send(tenant.url, `/v2/logout${query({ client_id: PLAIN_APP })}`, { cookie });
    expect(reply.status).toBe(302);
    await tenant.backChannel.settled();
    expect(received).toHaveLength(1);
    expectLogoutToken(received[0], sid);
  });

  it('sends one when /oidc/logout ends the session', async () => {
    const { cookie, sid } = await login();
    const hint = idToken({ aud: BC_APP, sid });
    const reply = await send(tenant.url, `/oidc/logout${query({ id_token_hint: hint, post_logout_redirect_uri: APP_PAGE })}`, { cookie });
    expect(reply.status).toBe(302);
    await tenant.backChannel.settled();
    expect(received).toHaveLength(1);
    expectLogoutToken(received[0], sid);
  });

  it('sends nothing when no session ended', async () => {
    await send(tenant.url, '/v2/logout');
    await tenant.backChannel.settled();
    expect(received).toEqual([]);
  });

  it('retries after a 503 until the receiver takes it', async () => {
    answers = [503, 503];
    const { cookie, sid } = await login();
    await send(tenant.url, '/v2/logout', { cookie });
    await tenant.backChannel.settled();
    expect(received).toHaveLength(3);
    for (const entry of received) expectLogoutToken(entry, sid);
    // The same token each time: the receiver's replay check (jti) lets the retry through once.
    expect(new Set(received.map((entry) => entry.claims!.jti)).size).toBe(1);
  });

  it('gives up after four attempts when the receiver keeps failing, and does not retry a 4xx', async () => {
    const before = { ...tenant.backChannel.stats };
    answers = [500, 502, 503, 504, 503];
    const first = await login();
    await send(tenant.url, '/v2/logout', { cookie: first.cookie });
    await tenant.backChannel.settled();
    expect(received).toHaveLength(4);
    expect(tenant.backChannel.stats.failed - before.failed).toBe(1);
    received = [];
    answers = [400];
    const second = await login();
    await send(tenant.url, '/v2/logout', { cookie: second.cookie });
    await tenant.backChannel.settled();
    expect(received).toHaveLength(1);
    expect(tenant.backChannel.stats.failed - before.failed).toBe(2);
  });

  it('gives up after four attempts when the receiver is down', async () => {
    const down = await startTenant({
      backChannelRetryDelaysMs: [10, 10, 10],
      config: { applications: { [BC_APP]: { backchannelLogoutUrls: ['http://127.0.0.1:9/backchannel'] } } },
    });
    try {
      const cookie = cookieHeader((await send(down.url, '/login')).setCookies);
      await send(down.url, '/v2/logout', { cookie });
      await down.backChannel.settled();
      expect(down.backChannel.stats).toEqual({ delivered: 0, failed: 1, attempts: 4 });
    } finally {
      await down.close();
    }
  });
});

describe('the Management API ends sessions, and the applications hear it', () => {
  it('DELETE /api/v2/sessions/:id ends that session only, with a logout token for it; an unknown one is a 404', async () => {
    const ended = await login();
    const kept = await login();
    const reply = await send(tenant.url, `/api/v2/sessions/${ended.sid}`, { method: 'DELETE' });
    expect(reply.status).toBe(204);
    await tenant.backChannel.settled();
    expect(received).toHaveLength(1);
    expectLogoutToken(received[0], ended.sid);
    expect(JSON.parse((await send(tenant.url, '/session', { cookie: ended.cookie })).body).authenticated).toBe(false);
    expect(JSON.parse((await send(tenant.url, '/session', { cookie: kept.cookie })).body).authenticated).toBe(true);
    expect((await send(tenant.url, `/api/v2/sessions/${ended.sid}`, { method: 'DELETE' })).status).toBe(404);
    expect((await send(tenant.url, `/api/v2/sessions/${ended.sid}`)).status).toBe(405);
  });

  it('DELETE /api/v2/users/:id/sessions signs the user out everywhere, one token per session', async () => {
    const sessions = [await login(), await login()];
    const reply = await send(tenant.url, `/api/v2/users/${encodeURIComponent('auth0|local-demo-user')}/sessions`, { method: 'DELETE' });
    expect(reply.status).toBe(204);
    await tenant.backChannel.settled();
    for (const { sid, cookie } of sessions) {
      expect(received.map((entry) => entry.claims?.sid)).toContain(sid);
      expect(JSON.parse((await send(tenant.url, '/session', { cookie })).body).authenticated).toBe(false);
    }
    for (const entry of received) expect(entry.error).toBeUndefined();
    expect((await send(tenant.url, '/api/v2/users/auth0%7Csomeone-else/sessions', { method: 'DELETE' })).status).toBe(404);
  });
});

describe("the home page's End this session button", () => {
  it('lists each live session with a signed form that ends it, and refuses a form it did not sign', async () => {
    const { cookie, sid } = await login();
    const home = (await send(tenant.url, '/')).body;
    const form = new RegExp(`<form method="post" action="/sessions/end"><input type="hidden" name="sid" value="${sid}"><input type="hidden" name="sig" value="([^"]+)"><button type="submit">End this session</button></form>`).exec(home);
    expect(form).not.toBeNull();
    const forged = await send(tenant.url, '/sessions/end', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ sid, sig: 'forged' }).toString() });
    expect(forged.status).toBe(400);
    const reply = await send(tenant.url, '/sessions/end', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ sid, sig: form![1]! }).toString() });
    expect(reply.status).toBe(302);
    expect(reply.headers.get('location')).toBe('/');
    await tenant.backChannel.settled();
    expect(received.map((entry) => entry.claims?.sid)).toEqual([sid]);
    expect(JSON.parse((await send(tenant.url, '/session', { cookie })).body).authenticated).toBe(false);
    expect((await send(tenant.url, '/')).body).not.toContain(sid);
  });
});
