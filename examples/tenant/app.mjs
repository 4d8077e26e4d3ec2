import { Hono } from 'hono';
import { HttpError } from './http-error.mjs';
import { OAuthError } from './oauth-error.mjs';
import { parseParams } from './parse-params.mjs';
import { refusalPage } from './refusal-page.mjs';
import { sendHtml, sendJson, sendText } from './respond.mjs';
import { methodsOf, routeOf, ROUTES } from './route-table.mjs';

// Auth0 answers 414 well before Node's own 16 KB header limit (which gives 431).
const MAX_URL_LENGTH = 4096;
// Every answer is personal (sessions, tokens) and some end sessions, so nothing may be cached or sniffed.
const COMMON_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/**
 * Checks the request target as the client sent it (the adapter's URL is
 * already normalized: `..` resolved, an absolute-form target accepted) and
 * parses its query strictly into `params`. A path that is not a route is a
 * 404, a method it does not take a 405; Hono would run GET for HEAD and
 * answer 404 for both.
 */
async function checkTarget(c, next) {
  const target = c.env.incoming.url ?? '';
  if (target.length > MAX_URL_LENGTH) throw new HttpError(414, `The URL is longer than ${MAX_URL_LENGTH} characters.`);
  if (!target.startsWith('/')) throw new HttpError(400, 'The request target must be a path such as /v2/logout.');
  const question = target.indexOf('?');
  const path = question === -1 ? target : target.slice(0, question);
  const route = routeOf(path);
  if (!route) throw new HttpError(404, `Not found: ${path}. Routes: ${Object.keys(ROUTES).join(', ')}.`);
  const allow = methodsOf(route).join(', ');
  if (!methodsOf(route).includes(c.req.method)) throw new HttpError(405, `${c.req.method} is not allowed on ${path}; use ${allow}.`, { Allow: allow });
  c.set('params', parseParams(question === -1 ? '' : target.slice(question + 1), 'query string'));
  await next();
}

/** Errors as the client expects them: OAuth JSON from the token endpoints, plain text elsewhere. */
function answerError(error, c) {
  if (!(error instanceof HttpError)) {
    // A bug, not a bad request: say so, and keep serving.
    console.error('tenant: unexpected error', error);
    return sendText(c, 500, 'Internal error in the local tenant (see its console).');
  }
  if (c.req.path.startsWith('/oauth/')) {
    const code = error instanceof OAuthError ? error.code : 'invalid_request';
    return sendJson(c, error.status, { error: code, error_description: error.message }, error.headers);
  }
  if (error.html) return sendHtml(c, error.status, refusalPage(error.message, error.back), error.headers);
  return sendText(c, error.status, error.message, error.headers);
}

/**
 * The tenant as a Hono application, for the Node adapter. `tenant` (its
 * config, sessions, tokens, signer, stats) is in `c.get('tenant')` for every
 * route; the parameters of the request, query or body, in `c.get('params')`.
 */
export function createTenantApp(tenant) {
  const app = new Hono();
  app.use(async (c, next) => {
    c.set('tenant', tenant);
    await next();
    for (const [name, value] of Object.entries(COMMON_HEADERS)) c.res.headers.set(name, value);
  });
  app.use(checkTarget);
  for (const [path, route] of Object.entries(ROUTES)) {
    for (const method of methodsOf(route)) app.on(method, path, ...route[method]);
  }
  app.onError(answerError);
  return app;
}
