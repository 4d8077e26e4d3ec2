// @vitest-environment node
/**
 * Refresh tokens at the local tenant: issued at /login and read from
 * /session, revoked at /oauth/revoke (RFC 7009, as Auth0 answers it), and
 * refused from then on by /oauth/token. The application's pages call both
 * endpoints from their own origin, so CORS lets that origin in and no other.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTenant, type RunningTenant } from '../../examples/tenant/server.mjs';
import { cookieHeader, postForm, postJson, send, type Reply } from './client';
import { APP, APP_ORIGIN, APP_PAGE, query, testConfig } from './fixture';

let tenant: RunningTenant;

beforeAll(async () => {
  tenant = await startTenant({ config: testConfig });
});
afterAll(() => tenant?.close());

interface Session {
  authenticated: boolean;
  sid?: string;
  refreshToken?: string;
}

async function sessionOf(cookie: string): Promise<Session> {
  return JSON.parse((await send(tenant.url, '/session', { cookie })).body);
}

/** Signs in and returns the cookie, the session id and its refresh token. */
async function login(): Promise<{ cookie: string; sid: string; refreshToken: string }> {
  const cookie = cookieHeader((await send(tenant.url, '/login')).setCookies);
  const { sid, refreshToken } = await sessionOf(cookie);
  return { cookie, sid: sid!, refreshToken: refreshToken! };
}

/** An ID token's claims, once its signature checks out against the tenant's JWKS (RS256, the key its `kid` names). */
async function verifiedIdToken(token: string) {
  const keySet = JSON.parse((await send(tenant.url, '/.well-known/jwks.json')).body) as JSONWebKeySet;
  expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: keySet.keys[0]!.kid });
  return (await jwtVerify(token, createLocalJWKSet(keySet), { issuer: `${tenant.url}/`, audience: APP, algorithms: ['RS256'] })).payload;
}

const refresh = (refreshToken: string, clientId = APP) => postForm(tenant.url, '/oauth/token', { grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken });

function expectOAuthError(reply: Reply, status: number, error: string, description?: string) {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(reply.body);
  expect(body).toEqual({ error, error_description: expect.any(String) });
  if (description) expect(body.error_description).toContain(description);
}

const corsHeaders = (reply: Reply) => [...reply.headers.keys()].filter((name) => name.startsWith('access-control-'));

describe('ID tokens from /login', () => {
  it("with client_id, sends the new session's ID token back in the return's fragment: its sid is the session's, its nonce the one asked", async () => {
    const reply = await send(tenant.url, `/login${query({ returnTo: APP_PAGE, client_id: APP, nonce: 'n-0S6_WzA2Mj' })}`);
    const location = new URL(reply.location!);
    expect(`${location.origin}${location.pathname}${location.search}`).toBe(APP_PAGE);
    const idToken = new URLSearchParams(location.hash.slice(1)).get('id_token')!;
    const { sid } = await sessionOf(cookieHeader(reply.setCookies));
    expect(await verifiedIdToken(idToken)).toMatchObject({ sub: 'auth0|local-demo-user', sid, nonce: 'n-0S6_WzA2Mj', name: 'Demo User' });
  });

  it('refuses an unknown client_id, and client_id without returnTo, signing nobody in', async () => {
    for (const params of [{ returnTo: APP_PAGE, client_id: 'nobody' }, { client_id: APP }] as Record<string, string>[]) {
      const reply = await send(tenant.url, `/login${query(params)}`);
      expect(reply.status).toBe(400);
      expect(reply.setCookies).toEqual([]);
    }
  });
});

describe('refresh tokens from /login', () => {
  it('gives each session its own opaque refresh token, read from /session and never put on the return URL', async () => {
    const reply = await send(tenant.url, `/login${query({ returnTo: APP_PAGE })}`);
    expect(reply.location).toBe(APP_PAGE);
    const first = await sessionOf(cookieHeader(reply.setCookies));
    const second = await login();
    expect(first.refreshToken).toMatch(/^[\w-]{43}$/);
    expect(second.refreshToken).not.toBe(first.refreshToken);
  });

  it('exchanges a live refresh token for an access token signed by the tenant for the application and session', async () => {
    const { sid, refreshToken } = await login();
    const reply = await refresh(refreshToken);
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body);
    expect(body).toEqual({ access_token: expect.any(String), id_token: expect.any(String), token_type: 'Bearer', expires_in: 86400 });
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ alg: 'HS256' });
    expect(decodeJwt(body.access_token)).toMatchObject({ iss: `${tenant.url}/`, aud: APP, sid });
    expect(await verifiedIdToken(body.id_token)).toMatchObject({ iss: `${tenant.url}/`, aud: APP, sub: 'auth0|local-demo-user', sid });
  });

  it('keeps the refresh token live after logout, as Auth0 does: only revocation ends it', async () => {
    const { cookie, refreshToken } = await login();
    expect((await send(tenant.url, `/v2/logout${query({ client_id: APP })}`, { cookie })).status).toBe(302);
    expect((await refresh(refreshToken)).status).toBe(200);
  });

  it('refuses an unknown refresh token, an unknown client and another grant', async () => {
    const { refreshToken } = await login();
    expectOAuthError(await refresh('not-a-token'), 400, 'invalid_grant');
    expectOAuthError(await refresh(refreshToken, 'nope'), 401, 'invalid_client');
    expectOAuthError(await postForm(tenant.url, '/oauth/token', { grant_type: 'password', client_id: APP }), 400, 'unsupported_grant_type');
    expectOAuthError(await postForm(tenant.url, '/oauth/token', { grant_type: 'refresh_token', client_id: APP }), 400, 'invalid_request', 'refresh_token');
  });
});

describe('POST /oauth/revoke', () => {
  it.each([
    ['a form', (fields: Record<string, string>) => postForm(tenant.url, '/oauth/revoke', fields)],
    ['JSON', (fields: Record<string, string>) => postJson(tenant.url, '/oauth/revoke', fields)],
  ])('revokes a refresh token sent as %s: 200, empty, counted; refused by /oauth/token and gone from /session', async (_how, post) => {
    const { cookie, refreshToken } = await login();
    const before = tenant.stats.revocations;
    const reply = await post({ client_id: APP, token: refreshToken, token_type_hint: 'refresh_token' });
    expect([reply.status, reply.body]).toEqual([200, '']);
    expect(tenant.stats.revocations).toBe(before + 1);
    expectOAuthError(await refresh(refreshToken), 400, 'invalid_grant');
    const session = await sessionOf(cookie);
    expect(session.authenticated).toBe(true);
    expect(session).not.toHaveProperty('refreshToken');
  });

  it('answers 200 to a token it never issued or already revoked, and counts neither', async () => {
    const { refreshToken } = await login();
    await postForm(tenant.url, '/oauth/revoke', { client_id: APP, token: refreshToken });
    const before = tenant.stats.revocations;
    for (const token of [refreshToken, 'never-issued']) {
      const reply = await postForm(tenant.url, '/oauth/revoke', { client_id: APP, token });
      expect([reply.status, reply.body]).toEqual([200, '']);
    }
    expect(tenant.stats.revocations).toBe(before);
  });

  it('refuses an unknown client with 401 invalid_client, and revokes nothing', async () => {
    const { refreshToken } = await login();
    for (const clientId of ['nope', '__proto__']) {
      expectOAuthError(await postForm(tenant.url, '/oauth/revoke', { client_id: clientId, token: refreshToken }), 401, 'invalid_client');
    }
    expect((await refresh(refreshToken)).status).toBe(200);
  });

  it('refuses a request without token, or without client_id, with 400 invalid_request', async () => {
    expectOAuthError(await postForm(tenant.url, '/oauth/revoke', { client_id: APP }), 400, 'invalid_request', 'token');
    expectOAuthError(await postJson(tenant.url, '/oauth/revoke', { client_id: APP, token: '' }), 400, 'invalid_request', 'token');
    expectOAuthError(await postForm(tenant.url, '/oauth/revoke', { token: 'x' }), 400, 'invalid_request', 'client_id');
  });

  it('refuses bodies it cannot read as OAuth errors: another type, bad JSON, non-string values, repeats, query parameters, too long', async () => {
    const post = (body: string, type: string, path = '/oauth/revoke') => send(tenant.url, path, { method: 'POST', headers: { 'content-type': type }, body });
    expectOAuthError(await post('client_id=app-1&token=x', 'text/plain'), 415, 'invalid_request');
    expectOAuthError(await post('{"client_id":', 'application/json'), 400, 'invalid_request', 'not valid JSON');
    expectOAuthError(await post('["app-1"]', 'application/json'), 400, 'invalid_request', 'must be an object');
    expectOAuthError(await post('{"client_id":"app-1","token":1}', 'application/json'), 400, 'invalid_request', '"token"');
    expectOAuthError(await post('client_id=app-1&token=a&token=b', 'application/x-www-form-urlencoded'), 400, 'invalid_request', 'more than once');
    expectOAuthError(await post('token=a', 'application/x-www-form-urlencoded', `/oauth/revoke?client_id=${APP}`), 400, 'invalid_request', 'not the query string');
    expectOAuthError(await post(`client_id=app-1&token=${'x'.repeat(5000)}`, 'application/x-www-form-urlencoded'), 413, 'invalid_request');
  });

  it('takes only POST (and the CORS preflight)', async () => {
    for (const path of ['/oauth/revoke', '/oauth/token']) {
      const reply = await send(tenant.url, path);
      expect(reply.status).toBe(405);
      expect(reply.headers.get('allow')).toBe('POST, OPTIONS');
    }
  });
});

describe('CORS on the token endpoints', () => {
  const preflight = (path: string, origin: string) =>
    send(tenant.url, path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });

  it.each(['/oauth/revoke', '/oauth/token'])('lets the application’s web origin call %s, preflight included', async (path) => {
    const reply = await preflight(path, APP_ORIGIN);
    expect(reply.status).toBe(204);
    expect(reply.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(reply.headers.get('access-control-allow-methods')).toBe('POST');
    expect(reply.headers.get('access-control-allow-headers')).toBe('Content-Type');
    expect(reply.headers.get('access-control-allow-credentials')).toBeNull();
    const post = await postJson(tenant.url, path, { client_id: APP, token: 'x', grant_type: 'refresh_token', refresh_token: 'x' }, { origin: APP_ORIGIN });
    expect(post.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(post.headers.get('vary')).toContain('Origin');
  });

  it.each(['/oauth/revoke', '/oauth/token'])('sends no CORS header at all to another origin on %s', async (path) => {
    for (const origin of ['https://evil.example.net', 'https://tenant.example.com', 'null']) {
      expect(corsHeaders(await preflight(path, origin)), origin).toEqual([]);
      expect(corsHeaders(await postJson(tenant.url, path, { client_id: APP, token: 'x' }, { origin })), origin).toEqual([]);
    }
  });

  it('lets the application’s origin read the error of an unknown client, so the SDK can report it', async () => {
    const reply = await postJson(tenant.url, '/oauth/revoke', { client_id: 'nope', token: 'x' }, { origin: APP_ORIGIN });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });
});
