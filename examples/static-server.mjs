import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { listen } from './listen.mjs';
import { logRequest } from './request-log.mjs';

/** The policy the CSP tests serve the examples under: only same-origin script files, no inline script, no eval. */
export const STRICT_CSP = "script-src 'self'; object-src 'none'; base-uri 'none'";

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

function text(res, status, message, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(`${message}\n`);
}

/** The file a URL path names under the longest matching mount, or `undefined` if it would leave it. */
function locate(mounts, urlPath) {
  const mount = mounts.find(([prefix]) => urlPath.startsWith(prefix));
  if (!mount) return undefined;
  const [prefix, base] = mount;
  const rest = urlPath.slice(prefix.length);
  // Dot segments and dotfiles (.gitignore, ../) are never served.
  if (rest.split('/').some((segment) => segment.startsWith('.')) || rest.includes('\\') || rest.includes('\0')) return undefined;
  const file = resolve(base, `./${rest}`);
  return file === base || file.startsWith(base + sep) ? file : undefined;
}

/** Puts `<script src>` tags for `urls` first in the page's head, so they run before any of its own scripts. */
function withScriptsFirst(html, urls) {
  const tags = urls.map((url) => `<script src="${url}"></script>`).join('');
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => head + tags) : tags + html;
}

/**
 * The page a single-page app's client route is answered with: the fallback of
 * the longest prefix that holds `urlPath`, for a path whose last segment has
 * no file extension (`/refine/login`, not `/refine/assets/x.js`).
 */
function fallbackFor(fallbacks, urlPath) {
  const last = urlPath.slice(urlPath.lastIndexOf('/') + 1);
  if (last.includes('.')) return undefined;
  return fallbacks.find(([prefix]) => urlPath.startsWith(prefix))?.[1];
}

async function serve(mounts, fallbacks, headers, scriptsFirst, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'Only GET and HEAD.', { Allow: 'GET, HEAD', ...headers });
  const rawPath = (req.url ?? '/').split('?')[0];
  let urlPath;
  try {
    urlPath = decodeURIComponent(rawPath);
  } catch {
    return text(res, 400, 'Malformed percent-encoding in the path.', headers);
  }
  let file = locate(mounts, urlPath);
  let info = file && (await stat(file).catch(() => undefined));
  if (info?.isDirectory()) {
    // Pages use relative URLs (./main.js), which need the trailing slash to resolve inside the directory.
    if (!rawPath.endsWith('/')) return text(res, 301, 'Moved.', { Location: `${rawPath}/${req.url.slice(rawPath.length)}`, ...headers });
    file = join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) {
    file = fallbackFor(fallbacks, urlPath);
    info = file && (await stat(file).catch(() => undefined));
  }
  if (!info?.isFile()) return text(res, 404, `Not found: ${urlPath}`, headers);
  let body = await readFile(file);
  const first = extname(file) === '.html' ? scriptsFirst(req) : [];
  if (first.length > 0) body = Buffer.from(withScriptsFirst(body.toString('utf8'), first));
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
    // The examples are rebuilt while the server runs; a reload must show the new build.
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

/**
 * Serves files for the example pages: `root` at `/`, and each `mounts` entry
 * (`{ '/dist/': '/abs/dist' }`) at its URL prefix, the longest prefix winning.
 * `headers` go on every response, e.g. `{ 'Content-Security-Policy': STRICT_CSP }`.
 * Tests may pass `requestLog`, an array that gets `{ method, url, status, dest }`
 * for every request (`dest`: its `Sec-Fetch-Dest`, `document` for a navigation),
 * and `scriptsFirst(req)`, the same-origin script URLs to run before an HTML
 * page's own scripts. `fallbacks` (`{ '/refine/': '/abs/index.html' }`) answer
 * a missing path under a prefix that names no file (a client route of a
 * single-page app) with that page. `apps` (`{ '/back-channel/': fetch }`)
 * hand every request under a prefix to a Fetch API handler instead: the
 * example app's own server routes, such as its back-channel logout receiver.
 *
 * @param {{ port?: number, host?: string, root: string, mounts?: Record<string, string>, fallbacks?: Record<string, string>, headers?: Record<string, string>,
 *   apps?: Record<string, (request: Request) => Response | Promise<Response>>,
 *   requestLog?: { method: string, url: string, status: number, dest: string | undefined }[], scriptsFirst?: (req: import('node:http').IncomingMessage) => string[] }} options
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startStaticServer({ port = 0, host = '127.0.0.1', root, mounts = {}, fallbacks = {}, headers = {}, apps = {}, requestLog, scriptsFirst = () => [] }) {
  const table = Object.entries({ ...mounts, '/': root })
    .map(([prefix, dir]) => [prefix, resolve(dir)])
    .sort(([a], [b]) => b.length - a.length);
  const fallbackTable = Object.entries(fallbacks)
    .map(([prefix, file]) => [prefix, resolve(file)])
    .sort(([a], [b]) => b.length - a.length);
  const appTable = Object.entries(apps).map(([prefix, fetch]) => [prefix, getRequestListener(fetch)]);
  const server = createServer((req, res) => {
    if (requestLog) logRequest(requestLog, url, req, res);
    const app = appTable.find(([prefix]) => (req.url ?? '/').startsWith(prefix));
    if (app) return app[1](req, res);
    serve(table, fallbackTable, headers, scriptsFirst, req, res).catch((error) => {
      console.error('static server: unexpected error', error);
      if (res.headersSent) res.destroy();
      else text(res, 500, 'Internal error in the static server.', headers);
    });
  });
  const url = await listen(server, { port, host });
  return {
    url,
    port: server.address().port,
    close: () =>
      new Promise((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}
