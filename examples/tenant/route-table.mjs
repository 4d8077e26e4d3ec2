import { corsFor } from './cors.mjs';
import { limitBody, readBodyParams } from './read-body.mjs';
import { favicon } from './routes/favicon.mjs';
import { home } from './routes/home.mjs';
import { idpLogout } from './routes/idp-logout.mjs';
import { login } from './routes/login.mjs';
import { deleteSession, deleteUserSessions } from './routes/management-sessions.mjs';
import { endSession } from './routes/end-session.mjs';
import { oauthRevoke } from './routes/oauth-revoke.mjs';
import { oauthToken } from './routes/oauth-token.mjs';
import { oidcLogout } from './routes/oidc-logout.mjs';
import { jwks, openidConfiguration } from './routes/openid-configuration.mjs';
import { session } from './routes/session.mjs';
import { stylesheet } from './routes/stylesheet.mjs';
import { v2Logout } from './routes/v2-logout.mjs';

/** The token endpoints are called by the application's pages with fetch: CORS for its web origins. */
const tokenCors = corsFor((tenant) => tenant.config.webOrigins, { allowMethods: ['POST'], allowHeaders: ['Content-Type'] });
/** `/session` is read with the session cookie by the pages on a registered origin. */
const sessionCors = corsFor((tenant) => tenant.config.origins, { allowMethods: ['GET'], credentials: true });
const form = [limitBody, readBodyParams()];
const formOrJson = [limitBody, readBodyParams({ json: true })];

/**
 * Every route of the tenant: path → method → Hono handlers (middleware
 * first), with what `/` says of it. A path here answers 405 to any other
 * method; a path not here answers 404. `OPTIONS` is listed only where CORS
 * middleware answers the preflight.
 */
export const ROUTES = {
  '/': { GET: [home], about: 'This page: the routes of the tenant.' },
  '/login': { GET: [login], about: 'Signs in at once (tenant and identity provider) and goes back to returnTo, a registered URL; with client_id (and nonce), an ID token of the session (its sid) in the fragment.' },
  '/session': { GET: [sessionCors, session], about: 'The session of the browser’s cookies, as JSON, with its refresh token.' },
  '/v2/logout': { GET: [v2Logout], about: 'Auth0 logout: returnTo checked against the Allowed Logout URLs.' },
  '/oidc/logout': { GET: [oidcLogout], POST: [...form, oidcLogout], about: 'OpenID Connect RP-Initiated Logout, asking to confirm when no hint names the session.' },
  '/idp/logout': { GET: [idpLogout], about: 'The emulated identity provider’s logout that federated goes through.' },
  '/oauth/revoke': { POST: [tokenCors, ...formOrJson, oauthRevoke], OPTIONS: [tokenCors], about: 'Revokes a refresh token (RFC 7009).' },
  '/oauth/token': { POST: [tokenCors, ...formOrJson, oauthToken], OPTIONS: [tokenCors], about: 'Exchanges a live refresh token for an access token.' },
  '/.well-known/openid-configuration': { GET: [openidConfiguration], about: 'Discovery: the issuer, its end_session_endpoint and jwks_uri, and Back-Channel Logout support.' },
  '/.well-known/jwks.json': { GET: [jwks], about: 'The public key that signs the logout tokens sent to Back-Channel Logout URLs.' },
  '/api/v2/sessions/:id': { DELETE: [deleteSession], about: 'Management API: ends one session (its sid), as a logout would, Back-Channel Logout included.' },
  '/api/v2/users/:id/sessions': { DELETE: [deleteUserSessions], about: 'Management API: signs the user out everywhere (every session of auth0|local-demo-user).' },
  '/sessions/end': { POST: [...form, endSession], about: 'The home page’s “End this session” button: ends the session as the Management API does.' },
  '/style.css': { GET: [stylesheet], about: 'The stylesheet of the tenant’s pages, the example pages’ own.' },
  '/favicon.ico': { GET: [favicon], about: 'No icon, answered without an error, so a browser showing a tenant page logs none.' },
};

/**
 * The route of `path`: its own entry, else the entry whose pattern (`:id`
 * segments) it matches. A parameter is one non-empty path segment.
 */
export function routeOf(path) {
  if (Object.hasOwn(ROUTES, path)) return ROUTES[path];
  for (const [pattern, route] of Object.entries(ROUTES)) {
    if (!pattern.includes('/:')) continue;
    const segments = pattern.split('/');
    const given = path.split('/');
    if (segments.length === given.length && segments.every((segment, index) => (segment.startsWith(':') ? given[index] !== '' : segment === given[index]))) return route;
  }
  return undefined;
}

/** The methods a route takes, for `Allow`. */
export function methodsOf(route) {
  return Object.keys(route).filter((key) => key !== 'about');
}
