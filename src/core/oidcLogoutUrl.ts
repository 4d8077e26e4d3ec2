import { guard } from '../errors/guard';
import { WebAuthError } from '../errors/WebAuthError';
import type { OidcLogoutOptions, WebAuthOptions } from '../types/options';
import { assertOptional, assertReturnUrl, excerpt, isNonEmptyString, isString } from '../utils/checks';
import { stringifyQuery } from '../utils/queryString';
import { endpointUrl } from '../utils/endpointUrl';
import { parseWebAuthOptions, type WebAuthConfig } from './config';
import { assertAllowedReturnUrl, parseCallOptions, type CallOptions } from './callOptions';

// A JWS or JWE in compact serialization: three or five base64url parts (RFC 7515 §7.1, RFC 7516 §7.1).
const COMPACT_JWT = /^[\w-]+(?:\.[\w-]*){2}(?:\.[\w-]*\.[\w-]+)?$/;
// A BCP 47 language tag, loosely: a primary language and optional subtags (en, fr-CA, zh-Hant-TW).
const LANGUAGE_TAG = /^[a-z]{2,8}(?:-[a-z\d]{1,8})*$/i;

const OIDC_KEYS = ['idTokenHint', 'logoutHint', 'clientID', 'postLogoutRedirectUri', 'state', 'uiLocales', 'federated', 'httpMethod'];

const localeList = (uiLocales: string | readonly string[] | undefined): string[] | undefined =>
  typeof uiLocales === 'string' ? uiLocales.split(' ').filter(Boolean) : uiLocales && [...uiLocales];

/**
 * Checks the options of `/oidc/logout`. Unlike `/v2/logout`, unknown keys are
 * refused: the parameters are fixed by the specification, so an unknown key is
 * a typo worth reporting.
 */
export function parseOidcLogoutOptions(options: unknown): CallOptions & { params: OidcLogoutOptions; post: boolean } {
  const request = parseCallOptions(options, 'postLogoutRedirectUri');
  const params = request.params as OidcLogoutOptions & Record<string, unknown>;
  const unknown = Object.keys(params).find((key) => !OIDC_KEYS.includes(key));
  if (unknown !== undefined) {
    throw new WebAuthError(
      'invalid_option',
      `${excerpt(unknown)} is not an option of oidcLogout: expected one of ${OIDC_KEYS.join(', ')}`,
    );
  }
  assertReturnUrl('postLogoutRedirectUri', params.postLogoutRedirectUri);
  // A token is never repeated in a message: messages reach end users (refine shows them) and logs.
  assertOptional('idTokenHint', params.idTokenHint, (v) => isString(v) && COMPACT_JWT.test(v), 'a compact JWT', 'invalid_option', true);
  assertOptional('logoutHint', params.logoutHint, isNonEmptyString, 'a non-empty string');
  assertOptional('clientID', params.clientID, isNonEmptyString, 'a non-empty string', 'invalid_client_id');
  assertOptional('state', params.state, isString, 'a string');
  assertOptional('federated', params.federated, (v) => typeof v === 'boolean', 'true or false');
  assertOptional('httpMethod', params.httpMethod, (v) => v === 'GET' || v === 'POST', '"GET" or "POST"');
  const post = params.httpMethod === 'POST';
  delete params.httpMethod;
  assertOptional(
    'uiLocales',
    params.uiLocales,
    (v) => (isString(v) || Array.isArray(v)) && localeList(v as string[])!.every((tag) => isString(tag) && LANGUAGE_TAG.test(tag)),
    'language tags such as "fr-CA en" or ["fr-CA", "en"]',
  );
  // Copied once: what was checked is what is sent.
  params.uiLocales = localeList(params.uiLocales);
  return { ...request, params, post };
}

/**
 * The OpenID Connect RP-Initiated Logout 1.0 (§2) URL, `GET {domain}/oidc/logout`,
 * for checked options. `client_id` is sent whenever the constructor or the
 * options give one: the specification needs it when `post_logout_redirect_uri`
 * comes without `id_token_hint`, and it does no harm otherwise.
 *
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
export function createOidcLogoutUrl(config: WebAuthConfig, params: OidcLogoutOptions): string {
  assertAllowedReturnUrl(config, 'postLogoutRedirectUri', params.postLogoutRedirectUri, 'oidc');
  const query = stringifyQuery({
    id_token_hint: params.idTokenHint,
    logout_hint: params.logoutHint,
    client_id: 'clientID' in params ? params.clientID : config.clientID,
    post_logout_redirect_uri: params.postLogoutRedirectUri,
    state: params.state,
    ui_locales: localeList(params.uiLocales)?.join(' ') || undefined,
    auth0Client: config.telemetry,
  });
  return endpointUrl(config.rootUrl, 'oidc/logout', query, params.federated === true);
}

/**
 * Builds the OpenID Connect logout URL (`/oidc/logout`) without an instance
 * and without touching `window`.
 *
 * @param config - what `new WebAuth(config)` takes.
 * @param options - `/oidc/logout` options, or a `postLogoutRedirectUri` string.
 * @throws {@link WebAuthError} when the configuration or an option is not valid.
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
export function buildOidcLogoutUrl(config: WebAuthOptions, options?: OidcLogoutOptions | string): string {
  return guard('buildOidcLogoutUrl(config, options)', () => createOidcLogoutUrl(parseWebAuthOptions(config).config, parseOidcLogoutOptions(options).params));
}
