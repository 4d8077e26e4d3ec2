// @vitest-environment node
/**
 * The tenant's own pages: `/` names every route, and the pages share the
 * example pages' stylesheet while running no script.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTenant, type RunningTenant } from '../../examples/tenant/server.mjs';
import { send } from './client';
import { APP, query, testConfig } from './fixture';

let tenant: RunningTenant;

beforeAll(async () => {
  tenant = await startTenant({ config: testConfig });
});
afterAll(() => tenant?.close());

const ROUTES = ['/login', '/session', '/v2/logout', '/oidc/logout', '/idp/logout', '/oauth/revoke', '/oauth/token', '/.well-known/openid-configuration'];

function expectPlainPage(body: string) {
  expect(body).toMatch(/^<!doctype html>/);
  expect(body).toContain('<link rel="stylesheet" href="/style.css">');
  expect(body).not.toMatch(/<script|\son\w+=|javascript:|style="/i);
}

describe('the tenant’s pages', () => {
  it('/ lists every route in a table, with its methods', async () => {
    const reply = await send(tenant.url, '/');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
    expectPlainPage(reply.body);
    const rows = [...reply.body.matchAll(/<tr><td><code>([^<]+)<\/code><\/td><td>([^<]+)<\/td>/g)].map(([, path, methods]) => [path, methods]);
    for (const route of ROUTES) expect(rows.map(([path]) => path)).toContain(route);
    expect(rows).toContainEqual(['/oidc/logout', 'GET, POST']);
    expect(rows).toContainEqual(['/oauth/revoke', 'POST, OPTIONS']);
  });

  it('the confirmation page shares the stylesheet and runs no script', async () => {
    const reply = await send(tenant.url, `/oidc/logout${query({ client_id: APP })}`);
    expect(reply.body).toContain('<h1>Log out?</h1>');
    expectPlainPage(reply.body);
  });

  it('serves the example pages’ stylesheet, and the pages may load it and nothing else', async () => {
    const css = await send(tenant.url, '/style.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.body).toContain(await readFile(new URL('../../examples/style.css', import.meta.url), 'utf8'));
    const csp = (await send(tenant.url, '/')).headers.get('content-security-policy');
    expect(csp).toBe("default-src 'none'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'");
  });
});
