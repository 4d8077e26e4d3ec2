/**
 * A small HTTP client for the tenant tests: one request, no redirect
 * following, cookies passed by hand, and raw paths that `fetch` would
 * normalize (`%ZZ`, `..`) sent as written.
 */
import { request } from 'node:http';
import { connect } from 'node:net';

export interface Reply {
  status: number;
  headers: Headers;
  body: string;
  /** `Location`, or `undefined` when there is none. */
  location: string | undefined;
  /** The `Set-Cookie` headers. */
  setCookies: string[];
}

async function toReply(response: Response): Promise<Reply> {
  return {
    status: response.status,
    headers: response.headers,
    body: await response.text(),
    location: response.headers.get('location') ?? undefined,
    setCookies: response.headers.getSetCookie(),
  };
}

/** GET (or another method) `path` on `base`, never following redirects. */
export async function send(base: string, path: string, init: { method?: string; cookie?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.cookie) headers.cookie = init.cookie;
  return toReply(await fetch(base + path, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' }));
}

/** POSTs a form (application/x-www-form-urlencoded). */
export function postForm(base: string, path: string, fields: Record<string, string>, cookie?: string): Promise<Reply> {
  return send(base, path, {
    method: 'POST',
    cookie,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** POSTs `value` as JSON (application/json). */
export function postJson(base: string, path: string, value: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send(base, path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) });
}

/** GET with the request target exactly as given (fetch would re-encode or resolve it). */
export function sendRaw(base: string, target: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: target, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes raw bytes to the tenant's socket and returns the status line it answers with. */
export function sendBytes(base: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

/** The `Cookie` header a browser would send after these `Set-Cookie` headers. */
export function cookieHeader(setCookies: string[]): string {
  const jar = new Map<string, string>();
  for (const line of setCookies) {
    const [pair = ''] = line.split(';');
    const equals = pair.indexOf('=');
    const name = pair.slice(0, equals);
    if (/;\s*Max-Age=0/i.test(line)) jar.delete(name);
    else jar.set(name, pair.slice(equals + 1));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}
