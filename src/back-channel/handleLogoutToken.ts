import { KeyUnavailable } from './keySet';
import { InvalidToken, type LogoutTokenRules, validateLogoutToken, type ValidLogoutToken } from './logoutToken';
import { readForm } from './readForm';
import { accepted, invalidRequest, methodNotAllowed, serverError, unavailable } from './responses';
import type { BackChannelStore } from './store';

/** A logout token is a few hundred bytes; this bounds the work done on one that is not. */
const MAX_TOKEN_CHARS = 16 * 1024;
const STORE_RETRY_AFTER_SEC = 5;

/** The `jti`'s key in the store: a digest, so that a long or odd `iss` or `jti` makes a short, plain key. */
async function jtiKey(iss: string, jti: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${iss}\u0000${jti}`)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Why jose refused a token, in words fit for the provider (never the token itself). */
function refusal(error: unknown): string {
  if (error instanceof InvalidToken) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  const claim = (error as { claim?: unknown } | null)?.claim;
  switch (code) {
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return typeof claim === 'string' ? `the ${claim} claim is not valid` : 'a claim is not valid';
    case 'ERR_JWT_EXPIRED':
      return 'the token has expired (exp)';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'the signature algorithm is not allowed (asymmetric algorithms only)';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'the signature is not valid';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return "no key of the issuer's JSON Web Key Set matches the token";
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return "several keys of the issuer's JSON Web Key Set match the token";
    default:
      return 'the logout token is not a valid signed JWT';
  }
}

/**
 * The logout endpoint: OpenID Connect Back-Channel Logout 1.0 §2.5 (the
 * request), §2.6 (validation), §2.7 (the logout: the ended session is
 * published to the store) and §2.8 (the response). Never rejects.
 */
export function logoutTokenHandler(rules: LogoutTokenRules, store: BackChannelStore): (request: Request) => Promise<Response> {
  return async function handleLogoutToken(request: Request): Promise<Response> {
    try {
      if (request.method !== 'POST') return methodNotAllowed('POST');
      const body = await readForm(request);
      if (!body.ok) return invalidRequest(body.reason);
      const tokens = body.form.getAll('logout_token');
      if (tokens.length !== 1) return invalidRequest(tokens.length ? 'logout_token is repeated' : 'logout_token is missing');
      const token = tokens[0]!;
      if (token === '' || token.length > MAX_TOKEN_CHARS) return invalidRequest('logout_token is empty or too long');

      let valid: ValidLogoutToken;
      try {
        valid = await validateLogoutToken(token, rules);
      } catch (error) {
        if (error instanceof KeyUnavailable) return unavailable(error.message, error.retryAfterSec);
        return invalidRequest(refusal(error));
      }

      const now = Date.now();
      const key = await jtiKey(valid.iss, valid.jti);
      const ttlMs = Math.max(1000, (valid.lifeEnd + rules.clockToleranceSec) * 1000 - now);
      let fresh: boolean;
      try {
        fresh = await store.spendJti(key, ttlMs);
      } catch {
        return unavailable('the logout store is unavailable', STORE_RETRY_AFTER_SEC);
      }
      if (!fresh) return invalidRequest('this logout token was already received (jti)');
      try {
        await store.publish({ ...(valid.sid !== undefined ? { sid: valid.sid } : {}), ...(valid.sub !== undefined ? { sub: valid.sub } : {}), iss: valid.iss, jti: valid.jti, time: now });
      } catch {
        // Not published: the token is not spent, so the provider's retry is accepted.
        await store.releaseJti(key).catch(() => undefined);
        return unavailable('the logout store is unavailable', STORE_RETRY_AFTER_SEC);
      }
      return accepted();
    } catch {
      return serverError();
    }
  };
}
