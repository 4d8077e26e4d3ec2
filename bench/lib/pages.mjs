// What the Chromium measures share: the browser's flags and a loopback server
// of fixed pages and scripts, with no inline script anywhere.
import { createServer } from 'node:http';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];
const SCRIPT_HEADERS = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' };
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // No inline script anywhere: the measuring code is a file too.
  'content-security-policy': "script-src 'self'",
};

/**
 * Serves `pages` (HTML) and `scripts` (JavaScript), by path, on 127.0.0.1.
 * @returns {Promise<{ server: import('node:http').Server, origin: string }>}
 */
export function servePages(pages, scripts) {
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url, 'http://127.0.0.1');
    if (pathname in pages) response.writeHead(200, PAGE_HEADERS).end(pages[pathname]);
    else if (pathname in scripts) response.writeHead(200, SCRIPT_HEADERS).end(scripts[pathname]);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}
