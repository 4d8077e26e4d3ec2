import { applicationHome, findApplication } from '../applications.mjs';
import { finishLogout } from '../finish-logout.mjs';
import { HttpError } from '../http-error.mjs';
import { audiences, readIdTokenClaims } from '../id-token.mjs';
import { confirmationPage } from '../oidc-confirmation-page.mjs';
import { sendHtml } from '../respond.mjs';
import { isAllowedLogoutUrl } from '../sdk.mjs';

/** The parameters of OpenID Connect RP-Initiated Logout 1.0 §2; Auth0's `federated` is read apart. */
const OIDC_PARAMS = ['id_token_hint', 'logout_hint', 'client_id', 'post_logout_redirect_uri', 'state', 'ui_locales'];
const CONFIRM = 'oidc-confirm';

/** `uri` with `state` appended unchanged, before any fragment. */
export function withState(uri, state) {
  if (state === undefined) return uri;
  const hash = uri.indexOf('#');
  const [base, fragment] = hash === -1 ? [uri, ''] : [uri.slice(0, hash), uri.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}state=${encodeURIComponent(state)}${fragment}`;
}

/**
 * Whether to log out of the identity provider too. In a query, as on
 * `/v2/logout`, the mere presence of `federated` says yes; a form has no bare
 * names, so Auth0 takes `true` or `false` there and refuses anything else.
 */
function isFederated(params, method) {
  if (!params.has('federated')) return false;
  if (method === 'GET') return true;
  const value = params.get('federated');
  if (value !== 'true' && value !== 'false') {
    throw new HttpError(400, `The "federated" form parameter must be "true" or "false", not ${JSON.stringify(value)}.`);
  }
  return value === 'true';
}

function resolveApplication(config, params) {
  const claims = params.has('id_token_hint') ? readIdTokenClaims(params.get('id_token_hint')) : undefined;
  const tokenAudiences = claims ? audiences(claims) : [];
  const clientId = params.get('client_id');
  if (clientId !== undefined && claims && !tokenAudiences.includes(clientId)) {
    throw new HttpError(400, `The "client_id" querystring parameter "${clientId}" is not an audience of "id_token_hint".`);
  }
  const logoutHint = params.get('logout_hint');
  if (logoutHint !== undefined && typeof claims?.sid === 'string' && claims.sid !== logoutHint) {
    throw new HttpError(400, 'The "logout_hint" querystring parameter does not match the "sid" of "id_token_hint".');
  }
  if (clientId !== undefined) return findApplication(config, clientId);
  const audience = tokenAudiences.find((aud) => config.applications.has(aud)) ?? tokenAudiences[0];
  return audience === undefined ? undefined : findApplication(config, audience, 'The "aud" of "id_token_hint"');
}

/**
 * `GET` or `POST /oidc/logout` (OpenID Connect RP-Initiated Logout 1.0, which
 * requires both methods). `post_logout_redirect_uri` must equal one of the
 * application's registered URIs exactly, query included; the application is
 * `client_id`, else the `aud` of `id_token_hint` (read, not verified). Without
 * `id_token_hint` and `logout_hint` the user is asked to confirm first: the
 * page posts the same parameters back with a signature bound to the session,
 * so another site cannot skip it. `state` is echoed on the redirect. A POST
 * takes the same parameters as a form, with `federated` `true` or `false`.
 */
export function oidcLogout(c) {
  const tenant = c.get('tenant');
  const params = c.get('params');
  const method = c.req.method;
  const federated = isFederated(params, method);
  const app = resolveApplication(tenant.config, params);
  const uri = params.get('post_logout_redirect_uri');
  if (uri !== undefined && !app) {
    throw new HttpError(400, 'The "post_logout_redirect_uri" querystring parameter needs "client_id" or an "id_token_hint" naming the application.');
  }
  if (uri !== undefined && !isAllowedLogoutUrl(uri, app.postLogoutRedirectUris, 'oidc')) {
    throw new HttpError(
      400,
      `The "post_logout_redirect_uri" querystring parameter "${uri}" is not registered for application "${app.clientId}" ` +
        '(it must equal a registered URI exactly, query string included).',
      {},
      { html: true, back: applicationHome(tenant.config, app, c.req.header('referer')) },
    );
  }
  if (!params.has('id_token_hint') && !params.has('logout_hint')) {
    const given = OIDC_PARAMS.filter((name) => params.has(name)).map((name) => [name, params.get(name)]);
    // The form says federated in the words a POST takes, so the answer to the page means what the query meant.
    if (federated) given.push(['federated', 'true']);
    // Bound to the session too: a signature fetched without the victim's cookie confirms nothing for them.
    const signed = JSON.stringify([given, tenant.sessions.current(c) ?? null]);
    const confirmation = params.get('confirm');
    if (method !== 'POST' || confirmation === undefined) {
      return sendHtml(c, 200, confirmationPage({ fields: given, confirm: tenant.signer.sign(CONFIRM, signed), clientId: app?.clientId, uri }));
    }
    if (!tenant.signer.verify(CONFIRM, signed, confirmation)) {
      throw new HttpError(400, 'This logout confirmation is not valid (it was changed, or the session changed since): start the logout again.');
    }
  }
  return finishLogout(c, { destination: uri === undefined ? undefined : withState(uri, params.get('state')), federated });
}
