// @vitest-environment node
/**
 * The local tenant over real HTTP: Auth0's /v2/logout rules, OpenID Connect
 * /oidc/logout, the identity-provider hop, sessions and cookies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTenant, type RunningTenant } from '../../examples/tenant/server.mjs';
import { cookieHeader, postForm, send, type Reply } from './client';
import { APP, APP_ORIGIN, APP_PAGE, idToken, OIDC_PLAIN_URI, OIDC_URI, query, TENANT_PAGE, testConfig } from './fixture';

let tenant: RunningTenant;

beforeAll(async () => {
  tenant = await startTenant({ config: testConfig });
});
afterAll(() => tenant?.close());

const get = (path: string, cookie?: string) => send(tenant.url, path, { cookie });

/** Signs in through /login and returns the browser's Cookie header. */
async function login(): Promise<string> {
  const reply = await get('/login');
  expect(reply.status).toBe(200);
  return cookieHeader(reply.setCookies);
}

async function sessionOf(cookie: string): Promise<{ authenticated: boolean; sid?: string; idpAuthenticated: boolean; refreshToken?: string; user?: { name: string } }> {
  return JSON.parse((await get('/session', cookie)).body);
}

function expectSessionCleared(reply: Reply) {
  expect(reply.setCookies).toContainEqual(expect.stringMatching(/^tenant_session=; Max-Age=0; HttpOnly; SameSite=Lax; Path=\/$/));
}

/** An HTML page's characters as written (the tenant escapes them as `&#NN;`). */
const pageText = (body: string) => body.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

/** A refusal with its message: plain text, or for a refused return URL the HTML page that says the same. */
function expectText400(reply: Reply, message: string) {
  expect(reply.status).toBe(400);
  expect(reply.location).toBeUndefined();
  expect(reply.headers.get('content-type')).toMatch(/^text\/(plain|html)/);
  expect(pageText(reply.body)).toContain(message);
}

/** A refused return URL: Auth0's message on an HTML page whose only link goes back to the application, never to the refused URL. */
function expectRefusalPage(reply: Reply, message: string, back: string | undefined) {
  expect(reply.status).toBe(400);
  expect(reply.location).toBeUndefined();
  expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
  expect(pageText(reply.body)).toContain(message);
  const links = [...reply.body.matchAll(/<a [^>]*href="([^"]*)"/g)].map(([, href]) => href);
  expect(links).toEqual(back === undefined ? [] : [back]);
}

const notAllowed = (url: string) => `The "returnTo" querystring parameter "${url}" is not defined as a valid URL in "Allowed Logout URLs".`;

describe('/login and /session', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie for the whole tenant and redirects back to a registered URL', async () => {
    const reply = await get(`/login${query({ returnTo: `${APP_PAGE}?next=1` })}`);
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(`${APP_PAGE}?next=1`);
    expect(reply.setCookies).toContainEqual(expect.stringMatching(/^tenant_session=[\w-]{20,}; HttpOnly; SameSite=Lax; Path=\/$/));
    const session = await sessionOf(cookieHeader(reply.setCookies));
    expect(session).toEqual({ authenticated: true, sid: expect.any(String), idpAuthenticated: true, refreshToken: expect.stringMatching(/^[\w-]{43}$/), user: { name: 'Demo User' } });
  });

  it('refuses to redirect to an unregistered URL, and signs no one in', async () => {
    const reply = await get(`/login${query({ returnTo: 'https://evil.example.net/' })}`);
    expectText400(reply, '"https://evil.example.net/" is not a URL registered at this tenant');
    expect(reply.setCookies).toEqual([]);
  });

  it('answers unauthenticated without a cookie, or with an unknown one', async () => {
    expect(await sessionOf('')).toEqual({ authenticated: false, idpAuthenticated: false });
    expect(await sessionOf('tenant_session=forged')).toEqual({ authenticated: false, idpAuthenticated: false });
  });

  it('lets a configured origin read /session with credentials, and no other origin', async () => {
    const allowed = await send(tenant.url, '/session', { headers: { origin: 'https://app.example.com' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('vary')).toBe('Origin');
    const other = await send(tenant.url, '/session', { headers: { origin: 'https://evil.example.net' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('publishes its end_session_endpoint', async () => {
    const reply = await get('/.well-known/openid-configuration');
    expect(JSON.parse(reply.body)).toEqual({
      issuer: `${tenant.url}/`,
      end_session_endpoint: `${tenant.url}/oidc/logout`,
      jwks_uri: `${tenant.url}/.well-known/jwks.json`,
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
    });
  });
});

describe('/v2/logout', () => {
  it('with client_id, redirects to a returnTo in the application list and ends the session', async () => {
    const cookie = await login();
    const reply = await get(`/v2/logout${query({ client_id: APP, returnTo: APP_PAGE })}`, cookie);
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(APP_PAGE);
    expectSessionCleared(reply);
    // The old cookie no longer names a session, even if a browser kept sending it.
    expect((await sessionOf(cookie)).authenticated).toBe(false);
  });

  it("ignores returnTo's query and fragment when matching, and redirects to returnTo as sent", async () => {
    const returnTo = 'https://APP.example.com/?from=logout#top';
    const reply = await get(`/v2/logout${query({ client_id: APP, returnTo })}`);
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(returnTo);
  });

  it('matches the path case-sensitively', async () => {
    expect((await get(`/v2/logout${query({ client_id: APP, returnTo: 'https://app.example.com/Logged-Out' })}`)).status).toBe(302);
    const reply = await get(`/v2/logout${query({ client_id: APP, returnTo: 'https://app.example.com/logged-out' })}`);
    expectRefusalPage(reply, notAllowed('https://app.example.com/logged-out'), APP_PAGE);
  });

  it('matches a leading wildcard against exactly one label', async () => {
    expect((await get(`/v2/logout${query({ client_id: APP, returnTo: 'https://a.app.example.com/' })}`)).status).toBe(302);
    expect((await get(`/v2/logout${query({ client_id: APP, returnTo: 'https://a.b.app.example.com/' })}`)).status).toBe(400);
  });

  it('without client_id, matches the tenant list, not the applications', async () => {
    const tenantReply = await get(`/v2/logout${query({ returnTo: TENANT_PAGE })}`);
    expect(tenantReply.status).toBe(302);
    expect(tenantReply.location).toBe(TENANT_PAGE);
    expectRefusalPage(await get(`/v2/logout${query({ returnTo: APP_PAGE })}`), notAllowed(APP_PAGE), undefined);
    expectRefusalPage(await get(`/v2/logout${query({ client_id: APP, returnTo: TENANT_PAGE })}`), notAllowed(TENANT_PAGE), APP_PAGE);
  });

  it("without client_id, the refusal links back to the Referer's origin only when it is an application's web origin", async () => {
    const refused = (referer: string) => send(tenant.url, `/v2/logout${query({ returnTo: 'https://evil.example.net/' })}`, { headers: { referer } });
    expectRefusalPage(await refused(`${APP_ORIGIN}/some/page?x=1`), notAllowed('https://evil.example.net/'), `${APP_ORIGIN}/`);
    expectRefusalPage(await refused('https://evil.example.net/start'), notAllowed('https://evil.example.net/'), undefined);
  });

  it('with client_id and no returnTo, redirects to the first allowed URL that is not a wildcard', async () => {
    const cookie = await login();
    const reply = await get(`/v2/logout${query({ client_id: APP })}`, cookie);
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(APP_PAGE);
    expectSessionCleared(reply);
    expect((await get(`/v2/logout${query({ client_id: 'app-wildcard-first' })}`)).location).toBe('https://w.example.com/home');
  });

  it('with neither, ends the session and answers a plain "OK" page', async () => {
    const cookie = await login();
    const reply = await get('/v2/logout', cookie);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(reply.body.trim()).toBe('OK');
    expectSessionCleared(reply);
    expect((await sessionOf(cookie)).authenticated).toBe(false);
  });

  it('answers the OK page for an application without URLs when there is no returnTo', async () => {
    const reply = await get(`/v2/logout${query({ client_id: 'app-without-urls' })}`);
    expect([reply.status, reply.body.trim()]).toEqual([200, 'OK']);
  });

  it("refuses a returnTo outside the list with Auth0's 400 message, no redirect, and the session intact", async () => {
    const cookie = await login();
    const returnTo = 'https://evil.example.net/?steal=1';
    const reply = await get(`/v2/logout${query({ client_id: APP, returnTo })}`, cookie);
    expectRefusalPage(reply, notAllowed(returnTo), APP_PAGE);
    expect(reply.body).toContain('application "app-1"');
    // Decision: like Auth0, the request is checked before the session ends.
    expect(reply.setCookies).toEqual([]);
    expect((await sessionOf(cookie)).authenticated).toBe(true);
  });

  it('refuses an unknown client_id, including names an object has', async () => {
    for (const clientId of ['nope', '', '__proto__', 'constructor', 'toString']) {
      const reply = await get(`/v2/logout${query({ client_id: clientId, returnTo: APP_PAGE })}`);
      expectText400(reply, `The "client_id" querystring parameter "${clientId}" does not name an application of this tenant.`);
    }
  });

  it('refuses javascript:, data: and relative returnTo values', async () => {
    for (const returnTo of ['javascript:alert(1)', 'data:text/html,x', '/relative', '//app.example.com/', '']) {
      expectText400(await get(`/v2/logout${query({ client_id: APP, returnTo })}`), notAllowed(returnTo));
    }
  });

  it('refuses a returnTo that only matches once a URL parser drops its whitespace or control characters', async () => {
    for (const returnTo of [`${APP_PAGE}\n`, 'https://app.exa\tmple.com/', ` ${APP_PAGE}`, `${APP_PAGE}\r\nSet-Cookie: x=1`]) {
      expectText400(await get(`/v2/logout${query({ client_id: APP, returnTo })}`), notAllowed(returnTo));
    }
  });
});

describe('federated logout', () => {
  it('goes through the identity provider, ends both sessions, then lands on returnTo', async () => {
    const cookie = await login();
    const before = tenant.stats.idpLogouts;
    const first = await get(`/v2/logout${query({ client_id: APP, returnTo: APP_PAGE, federated: null })}`, cookie);
    expect(first.status).toBe(302);
    expect(first.location).toMatch(/^\/idp\/logout\?continue=/);
    expectSessionCleared(first);
    const hop = await get(first.location!, cookie);
    expect(hop.status).toBe(302);
    expect(hop.location).toBe(APP_PAGE);
    expect(hop.setCookies).toContainEqual(expect.stringMatching(/^idp_session=; Max-Age=0/));
    expect(tenant.stats.idpLogouts).toBe(before + 1);
    expect(await sessionOf(cookie)).toEqual({ authenticated: false, idpAuthenticated: false });
  });

  it('keeps the identity-provider session on a logout without federated', async () => {
    const cookie = await login();
    const reply = await get(`/v2/logout${query({ client_id: APP, returnTo: APP_PAGE })}`, cookie);
    expect(reply.location).toBe(APP_PAGE);
    expect(await sessionOf(cookie)).toEqual({ authenticated: false, idpAuthenticated: true });
  });

  it('treats the mere presence of federated as a yes, even federated=false', async () => {
    for (const value of ['', 'false', '0', 'true']) {
      const reply = await get(`/v2/logout${query({ client_id: APP, federated: value })}`);
      expect(reply.location).toMatch(/^\/idp\/logout\?continue=https%3A%2F%2Fapp\.example\.com%2F&sig=/);
    }
  });

  it('ends on the OK page when there is nowhere to return to', async () => {
    const first = await get(`/v2/logout${query({ federated: null })}`);
    expect(first.location).toBe('/idp/logout');
    const hop = await get(first.location!);
    expect([hop.status, hop.body.trim()]).toEqual([200, 'OK']);
  });

  it('checks returnTo before the hop', async () => {
    expectText400(await get(`/v2/logout${query({ client_id: APP, returnTo: 'https://evil.example.net/', federated: null })}`), notAllowed('https://evil.example.net/'));
  });

  it('is not an open redirect: the identity provider only continues to URLs the tenant signed', async () => {
    const first = await get(`/v2/logout${query({ client_id: APP, returnTo: APP_PAGE, federated: null })}`);
    const forged = first.location!.replace(encodeURIComponent(APP_PAGE), encodeURIComponent('https://evil.example.net/'));
    expectText400(await get(forged), 'only continues to URLs the tenant signed');
    expectText400(await get(`/idp/logout${query({ continue: APP_PAGE })}`), 'only continues to URLs the tenant signed');
  });
});

describe('/oidc/logout', () => {
  it('redirects to a registered URI with state appended unchanged, and ends the session', async () => {
    const cookie = await login();
    const { sid } = await sessionOf(cookie);
    const state = 'a b&c=d/é?';
    const reply = await get(`/oidc/logout${query({ client_id: APP, logout_hint: sid!, post_logout_redirect_uri: OIDC_URI, state })}`, cookie);
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(`${OIDC_URI}&state=${encodeURIComponent(state)}`);
    expect(new URL(reply.location!).searchParams.get('state')).toBe(state);
    expectSessionCleared(reply);
    expect((await sessionOf(cookie)).authenticated).toBe(false);
  });

  it('starts the query with ?state= when the URI has none, and adds no state when none was sent', async () => {
    const hint = idToken({ aud: APP });
    expect((await get(`/oidc/logout${query({ id_token_hint: hint, post_logout_redirect_uri: OIDC_PLAIN_URI, state: 'xyz' })}`)).location).toBe(`${OIDC_PLAIN_URI}?state=xyz`);
    expect((await get(`/oidc/logout${query({ id_token_hint: hint, post_logout_redirect_uri: OIDC_PLAIN_URI })}`)).location).toBe(OIDC_PLAIN_URI);
  });

  it('requires an exact match, query string included', async () => {
    const hint = idToken({ aud: APP });
    for (const uri of [`${OIDC_URI}&x=1`, 'https://app.example.com/oidc', 'https://APP.example.com/oidc?done=1', `${OIDC_PLAIN_URI}/`, APP_PAGE]) {
      const reply = await get(`/oidc/logout${query({ id_token_hint: hint, post_logout_redirect_uri: uri })}`);
      expectRefusalPage(reply, `The "post_logout_redirect_uri" querystring parameter "${uri}" is not registered for application "app-1"`, APP_PAGE);
    }
  });

  it("finds the application in the id_token_hint's aud (a string or an array) when client_id is missing", async () => {
    for (const aud of [APP, ['other', APP]]) {
      const reply = await get(`/oidc/logout${query({ id_token_hint: idToken({ aud }), post_logout_redirect_uri: OIDC_PLAIN_URI })}`);
      expect(reply.location).toBe(OIDC_PLAIN_URI);
    }
  });

  it('refuses a client_id that is not an audience of the token, a logout_hint that is not its sid, and a token that is not a JWT', async () => {
    const hint = idToken({ aud: APP, sid: 'session-1' });
    expectText400(await get(`/oidc/logout${query({ id_token_hint: hint, client_id: 'app-without-urls' })}`), 'is not an audience of "id_token_hint"');
    expectText400(await get(`/oidc/logout${query({ id_token_hint: hint, logout_hint: 'session-2' })}`), 'does not match the "sid"');
    expectText400(await get(`/oidc/logout${query({ id_token_hint: 'not-a-jwt' })}`), 'is not a JWT');
  });

  it('refuses post_logout_redirect_uri without a way to know the application, and an unknown application', async () => {
    expectText400(await get(`/oidc/logout${query({ logout_hint: 'x', post_logout_redirect_uri: OIDC_URI })}`), 'needs "client_id" or an "id_token_hint"');
    expectText400(await get(`/oidc/logout${query({ client_id: 'nope', logout_hint: 'x', post_logout_redirect_uri: OIDC_URI })}`), 'does not name an application');
  });

  it('answers the OK page when there is no post_logout_redirect_uri', async () => {
    const reply = await get(`/oidc/logout${query({ logout_hint: 'x' })}`);
    expect([reply.status, reply.body.trim()]).toEqual([200, 'OK']);
  });

  it('without any hint, asks to confirm first and leaves the session alone until then', async () => {
    const cookie = await login();
    const reply = await get(`/oidc/logout${query({ client_id: APP, post_logout_redirect_uri: OIDC_URI, state: 's1' })}`, cookie);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
    expect(reply.body).toContain('<form method="post" action="/oidc/logout">');
    expect(reply.body).toContain('<input type="hidden" name="post_logout_redirect_uri" value="https://app.example.com/oidc?done=1">');
    expect(reply.setCookies).toEqual([]);
    expect((await sessionOf(cookie)).authenticated).toBe(true);
  });

  it('completes the logout when the confirmation form is posted back', async () => {
    const cookie = await login();
    const page = await get(`/oidc/logout${query({ client_id: APP, post_logout_redirect_uri: OIDC_URI, state: 's2' })}`, cookie);
    const fields = Object.fromEntries([...page.body.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map(([, name, value]) => [name!, value!.replace(/&#38;/g, '&')]));
    expect(Object.keys(fields)).toEqual(['client_id', 'post_logout_redirect_uri', 'state', 'confirm']);
    const reply = await postForm(tenant.url, '/oidc/logout', fields, cookie);
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(`${OIDC_URI}&state=s2`);
    expectSessionCleared(reply);
    expect((await sessionOf(cookie)).authenticated).toBe(false);
  });

  it('does not accept a confirmation that was changed, belongs to another session, or is missing', async () => {
    const cookie = await login();
    const page = await get(`/oidc/logout${query({ client_id: APP, post_logout_redirect_uri: OIDC_URI, state: 's3' })}`, cookie);
    const confirm = /name="confirm" value="([^"]+)"/.exec(page.body)![1]!;
    const fields = { client_id: APP, post_logout_redirect_uri: OIDC_URI, state: 's3', confirm };
    expectText400(await postForm(tenant.url, '/oidc/logout', { ...fields, state: 'other' }, cookie), 'not valid');
    expectText400(await postForm(tenant.url, '/oidc/logout', fields, await login()), 'not valid');
    const { confirm: _, ...unconfirmed } = fields;
    expect((await postForm(tenant.url, '/oidc/logout', unconfirmed, cookie)).body).toContain('<h1>Log out?</h1>');
    expect((await sessionOf(cookie)).authenticated).toBe(true);
  });

  it('checks post_logout_redirect_uri before asking to confirm', async () => {
    expectText400(await get(`/oidc/logout${query({ client_id: APP, post_logout_redirect_uri: 'https://evil.example.net/' })}`), 'is not registered for application');
  });

  it('escapes what it shows on the confirmation page', async () => {
    const reply = await get(`/oidc/logout${query({ client_id: APP, state: '"><script>alert(1)</script>' })}`);
    expect(reply.body).not.toContain('<script>');
    expect(reply.body).toContain('value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
    expect(reply.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('goes through the identity provider when federated, then lands with state', async () => {
    const first = await get(`/oidc/logout${query({ id_token_hint: idToken({ aud: APP }), post_logout_redirect_uri: OIDC_URI, state: 'f', federated: null })}`);
    expect(first.location).toMatch(/^\/idp\/logout\?continue=/);
    expect((await get(first.location!)).location).toBe(`${OIDC_URI}&state=f`);
  });
});
