import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseTenantConfig, readTenantConfig } from './config.mjs';
import { HttpError } from './http-error.mjs';
import { parseParams } from './parse-params.mjs';
import { sendText } from './respond.mjs';
import { idpLogout } from './routes/idp-logout.mjs';
import { login } from './routes/login.mjs';
import { oidcLogout } from './routes/oidc-logout.mjs';
import { openidConfiguration } from './routes/openid-configuration.mjs';
import { session } from './routes/session.mjs';
import { v2Logout } from './routes/v2-logout.mjs';
import { createSessionStore } from './sessions.mjs';
import { createSigner } from './signer.mjs';
import { listen } from '../listen.mjs';
import { logRequest } from '../request-log.mjs';

// Auth0 answers 414 well before Node's own 16 KB header limit (which gives 431).
const MAX_URL_LENGTH = 4096;
const MAX_BODY_LENGTH = 4096;

/** path → method → route. Only `/oidc/logout` takes POST, as OpenID Connect requires. */
const ROUTES = new Map([
  ['/login', { GET: login }],
  ['/session', { GET: session }],
  ['/v2/logout', { GET: v2Logout }],
  ['/oidc/logout', { GET: oidcLogout, POST: oidcLogout }],
  ['/idp/logout', { GET: idpLogout }],
  ['/.well-known/openid-configuration', { GET: openidConfiguration }],
]);

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    let tooLong = false;
    // Keep reading past the limit, keeping nothing: stopping would reset the connection before the 413 is sent.
    req.setEncoding('latin1');
    req.on('data', (chunk) => {
      if (tooLong) return;
      body += chunk;
      tooLong = body.length > MAX_BODY_LENGTH;
    });
    req.on('end', () => (tooLong ? reject(new HttpError(413, `The form body is longer than ${MAX_BODY_LENGTH} bytes.`)) : resolve(body)));
    req.on('error', reject);
  });
}

async function readFormParams(req) {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(?:;|$)/i.test(type)) {
    throw new HttpError(415, 'POST a form: Content-Type must be application/x-www-form-urlencoded.');
  }
  const body = await readBody(req);
  // Escapes carry the UTF-8; a raw non-ASCII byte is not a valid form body.
  if (/[^\x20-\x7e]/.test(body)) throw new HttpError(400, 'The form body must be percent-encoded ASCII.');
  return parseParams(body, 'form body');
}

async function handle(tenant, req, res) {
  const target = req.url ?? '';
  if (target.length > MAX_URL_LENGTH) throw new HttpError(414, `The URL is longer than ${MAX_URL_LENGTH} characters.`);
  if (!target.startsWith('/')) throw new HttpError(400, 'The request target must be a path such as /v2/logout.');
  const question = target.indexOf('?');
  const path = question === -1 ? target : target.slice(0, question);
  const query = question === -1 ? '' : target.slice(question + 1);
  const methods = ROUTES.get(path);
  if (!methods) throw new HttpError(404, `Not found: ${path}. Routes: ${[...ROUTES.keys()].join(', ')}.`);
  const route = Object.hasOwn(methods, req.method) ? methods[req.method] : undefined;
  const allow = Object.keys(methods).join(', ');
  if (!route) throw new HttpError(405, `${req.method} is not allowed on ${path}; use ${allow}.`, { Allow: allow });
  const queryParams = parseParams(query, 'query string');
  let params = queryParams;
  if (req.method === 'POST') {
    if (queryParams.size > 0) throw new HttpError(400, `A POST to ${path} carries its parameters in the form body, not the query string.`);
    params = await readFormParams(req);
  }
  await route({ req, res, params, method: req.method, tenant });
}

function reply(res, error) {
  if (res.headersSent) {
    res.destroy();
  } else if (error instanceof HttpError) {
    sendText(res, error.status, error.message, error.headers);
  } else {
    // A bug, not a bad request: say so, and keep serving.
    console.error('tenant: unexpected error', error);
    sendText(res, 500, 'Internal error in the local tenant (see its console).');
  }
}

/**
 * Starts the local Auth0 tenant: `/login`, `/session`, `/v2/logout`,
 * `/oidc/logout`, `/idp/logout` and `/.well-known/openid-configuration`,
 * with sessions in memory. URLs are matched by the built SDK's
 * `isAllowedLogoutUrl`, so `npm run build` must have run.
 *
 * @param {{ port?: number, host?: string, config: unknown, requestLog?: import('../request-log.mjs').LoggedRequest[] }} options -
 *   `config` is the parsed `tenant.config.json`; `requestLog`, if given, gets every request (see request-log.mjs)
 * @returns {Promise<{ url: string, port: number, stats: { idpLogouts: number }, close(): Promise<void> }>}
 *   `stats.idpLogouts` counts the logouts that went through the identity provider.
 */
export async function startTenant({ port = 0, host = '127.0.0.1', config, requestLog }) {
  const tenant = {
    url: '',
    config: parseTenantConfig(config),
    sessions: createSessionStore('tenant_session'),
    idpSessions: createSessionStore('idp_session'),
    signer: createSigner(),
    stats: { idpLogouts: 0 },
  };
  const server = createServer((req, res) => {
    if (requestLog) logRequest(requestLog, tenant.url, req, res);
    handle(tenant, req, res).catch((error) => reply(res, error));
  });
  tenant.url = await listen(server, { port, host });
  return {
    url: tenant.url,
    port: server.address().port,
    stats: tenant.stats,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Browsers keep connections alive; without this, close would wait for them.
        server.closeAllConnections();
      }),
  };
}

/** `node examples/tenant/server.mjs`: the tenant alone, on PORT (default 3000), configured by examples/tenant.config.json. */
async function main() {
  const config = await readTenantConfig(fileURLToPath(new URL('../tenant.config.json', import.meta.url)));
  const tenant = await startTenant({ port: Number(process.env.PORT ?? 3000), config });
  console.log(`Local Auth0 tenant on ${tenant.url} (Ctrl-C to stop)`);
  const stop = () => tenant.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
