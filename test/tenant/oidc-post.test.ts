// @vitest-environment node
/**
 * POST /oidc/logout with form parameters, as Auth0 accepts it: the
 * parameters of the GET query, with `federated` spelled `true` or `false`
 * (a form has no bare names), and the confirmation page speaking the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTenant, type RunningTenant } from '../../examples/tenant/server.mjs';
import { cookieHeader, postForm, send } from './client';
import { APP, idToken, OIDC_URI, query, testConfig } from './fixture';

let tenant: RunningTenant;

beforeAll(async () => {
  tenant = await startTenant({ config: testConfig });
});
afterAll(() => tenant?.close());

async function login(): Promise<string> {
  return cookieHeader((await send(tenant.url, '/login')).setCookies);
}

async function sessionOf(cookie: string): Promise<{ authenticated: boolean; idpAuthenticated: boolean }> {
  return JSON.parse((await send(tenant.url, '/session', { cookie })).body);
}

const hinted = { id_token_hint: idToken({ aud: APP }), post_logout_redirect_uri: OIDC_URI, state: 'p' };

describe('POST /oidc/logout', () => {
  it('takes the parameters of the query as a form, and redirects with state', async () => {
    const cookie = await login();
    const reply = await postForm(tenant.url, '/oidc/logout', hinted, cookie);
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(`${OIDC_URI}&state=p`);
    expect(await sessionOf(cookie)).toEqual({ authenticated: false, idpAuthenticated: true });
  });

  it('with federated=true, goes through the identity provider', async () => {
    const cookie = await login();
    const before = tenant.stats.idpLogouts;
    const first = await postForm(tenant.url, '/oidc/logout', { ...hinted, federated: 'true' }, cookie);
    expect(first.location).toMatch(/^\/idp\/logout\?continue=/);
    expect((await send(tenant.url, first.location!, { cookie })).location).toBe(`${OIDC_URI}&state=p`);
    expect(tenant.stats.idpLogouts).toBe(before + 1);
    expect(await sessionOf(cookie)).toEqual({ authenticated: false, idpAuthenticated: false });
  });

  it('with federated=false, leaves the identity-provider session alone', async () => {
    const cookie = await login();
    const reply = await postForm(tenant.url, '/oidc/logout', { ...hinted, federated: 'false' }, cookie);
    expect(reply.location).toBe(`${OIDC_URI}&state=p`);
    expect(await sessionOf(cookie)).toEqual({ authenticated: false, idpAuthenticated: true });
  });

  it('refuses any other federated value with 400, before ending anything', async () => {
    const cookie = await login();
    for (const federated of ['', 'yes', '1', 'TRUE', 'true ']) {
      const reply = await postForm(tenant.url, '/oidc/logout', { ...hinted, federated }, cookie);
      expect(reply.status, federated).toBe(400);
      expect(reply.body).toContain('The "federated" form parameter must be "true" or "false"');
      expect(reply.setCookies).toEqual([]);
    }
    expect(await sessionOf(cookie)).toMatchObject({ authenticated: true, idpAuthenticated: true });
  });

  it('keeps a bare federated in the query meaning yes through the confirmation page', async () => {
    const cookie = await login();
    const page = await send(tenant.url, `/oidc/logout${query({ client_id: APP, post_logout_redirect_uri: OIDC_URI, federated: null })}`, { cookie });
    expect(page.body).toContain('<input type="hidden" name="federated" value="true">');
    const fields = Object.fromEntries([...page.body.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map(([, name, value]) => [name!, value!]));
    const reply = await postForm(tenant.url, '/oidc/logout', fields, cookie);
    expect(reply.location).toMatch(/^\/idp\/logout\?continue=/);
    // The confirmation signs what it shows: answering it with federated=false is not the logout that was confirmed.
    expect((await postForm(tenant.url, '/oidc/logout', { ...fields, federated: 'false' }, await login())).status).toBe(400);
  });
});
