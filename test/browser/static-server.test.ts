// @vitest-environment node
/**
 * The example pages' static server, which the browser tests and `npm start`
 * share: content types, mounts, the optional CSP header, nothing served
 * from outside its directories, and the request log and first scripts the
 * browser tests rely on in every engine.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedRequest } from '../../examples/request-log.mjs';
import { startStaticServer, STRICT_CSP } from '../../examples/static-server.mjs';
import { sendRaw } from '../tenant/client';

const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));
const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));

let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  server = await startStaticServer({ root: examplesDir, mounts: { '/dist/': distDir }, headers: { 'Content-Security-Policy': STRICT_CSP } });
});
afterAll(() => server?.close());

describe('startStaticServer', () => {
  it.each([
    ['/', 'text/html; charset=utf-8'],
    ['/spa/', 'text/html; charset=utf-8'],
    ['/config.js', 'text/javascript; charset=utf-8'],
    ['/style.css', 'text/css; charset=utf-8'],
    ['/tenant.config.json', 'application/json; charset=utf-8'],
    ['/dist/webauth-logout.min.js', 'text/javascript; charset=utf-8'],
    ['/dist/index.mjs', 'text/javascript; charset=utf-8'],
  ])('serves %s as %s, with the configured headers', async (path, type) => {
    const response = await fetch(server.url + path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(STRICT_CSP);
  });

  it('redirects a directory to its slash, so relative script URLs resolve inside it', async () => {
    const response = await fetch(`${server.url}/spa?domain=x`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/spa/?domain=x');
  });

  it.each(['/../package.json', '/%2e%2e/package.json', '/dist/../package.json', '/dist/%2e%2e/src/index.ts', '/.gitignore', '/spa/%00', '/nope.html', '/%E0%A4%A'])(
    'refuses %s',
    async (path) => {
      const { status } = await sendRaw(server.url, path);
      expect([400, 404]).toContain(status);
    },
  );

  it('answers only GET and HEAD', async () => {
    expect((await fetch(`${server.url}/`, { method: 'HEAD' })).status).toBe(200);
    const post = await fetch(`${server.url}/`, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });
});

describe('startStaticServer, as the browser tests use it', () => {
  const requestLog: LoggedRequest[] = [];
  let first: string[] = [];
  let logged: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    logged = await startStaticServer({ root: examplesDir, headers: { 'Content-Security-Policy': STRICT_CSP }, requestLog, scriptsFirst: () => first });
  });
  afterAll(() => logged?.close());

  it('logs every request in arrival order, with its status and Sec-Fetch-Dest', async () => {
    requestLog.length = 0;
    await fetch(`${logged.url}/spa/?x=1`, { headers: { 'Sec-Fetch-Dest': 'document' } });
    await fetch(`${logged.url}/nope.js`);
    await fetch(`${logged.url}/`, { method: 'POST' });
    expect(requestLog).toEqual([
      { method: 'GET', url: `${logged.url}/spa/?x=1`, status: 200, dest: 'document' },
      { method: 'GET', url: `${logged.url}/nope.js`, status: 404, dest: undefined },
      { method: 'POST', url: `${logged.url}/`, status: 405, dest: undefined },
    ]);
  });

  it("puts scriptsFirst at the top of an HTML page's head, before the page's own scripts, and nowhere else", async () => {
    first = ['/a.js', '/b.js'];
    const page = await (await fetch(`${logged.url}/script-tag/`)).text();
    expect(page).toMatch(/<head><script src="\/a\.js"><\/script><script src="\/b\.js"><\/script>\s*<meta charset="utf-8">/);
    expect(page.indexOf('/a.js')).toBeLessThan(page.indexOf('webauth-logout.min.js'));
    expect(await (await fetch(`${logged.url}/config.js`)).text()).not.toContain('/a.js');
    first = [];
    expect(await (await fetch(`${logged.url}/script-tag/`)).text()).not.toContain('/a.js');
  });
});
