import { type JWTPayload, jwtVerify } from 'jose';
import type { KeyGetter } from './keySet';

/** The `events` member that makes a JWT a logout token (OpenID Connect Back-Channel Logout 1.0 §2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** Asymmetric signature algorithms only: never `none`, never a MAC keyed with something public (§2.6: the `alg` check, and never `none`). */
export const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** A token without `exp` is accepted this long after its `iat`, and no longer. */
export const MAX_TOKEN_AGE_SEC = 10 * 60;

/** Accepted `typ` header values (§2.4: `logout+jwt` is recommended; `JWT` and no `typ` are what providers send). */
const TYPES = new Set(['logout+jwt', 'application/logout+jwt', 'jwt', 'application/jwt']);

export interface LogoutTokenRules {
  issuer: string;
  audience: string | string[];
  clockToleranceSec: number;
  keys: KeyGetter;
}

export interface ValidLogoutToken {
  iss: string;
  jti: string;
  sid?: string;
  sub?: string;
  /** When the token's life ends, in seconds since the epoch: its `jti` is remembered until then. */
  lifeEnd: number;
}

export class InvalidToken extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Validates a logout token as OpenID Connect Back-Channel Logout 1.0 §2.6
 * requires: the signature with the issuer's keys and an asymmetric
 * algorithm (jose's `jwtVerify`), then `iss`, `aud`, `iat`, `exp`, the
 * `events` member, `sid` or `sub`, no `nonce`, and a `jti`. Rejects with
 * {@link InvalidToken} (or one of jose's errors) for a token to refuse with
 * 400, and with a `KeyUnavailable` when the key cannot be had now.
 */
export async function validateLogoutToken(token: string, rules: LogoutTokenRules): Promise<ValidLogoutToken> {
  const { payload, protectedHeader } = await jwtVerify(token, rules.keys, {
    issuer: rules.issuer,
    audience: rules.audience,
    algorithms: ALGORITHMS,
    clockTolerance: rules.clockToleranceSec,
    requiredClaims: ['iss', 'aud', 'iat', 'jti'],
  });
  const typ = protectedHeader.typ;
  if (typ !== undefined && !TYPES.has(String(typ).toLowerCase())) throw new InvalidToken('the token type (typ) is not logout+jwt');
  return checkClaims(payload, rules.clockToleranceSec, Date.now() / 1000);
}

/** The claims checks of §2.6 (iat, exp, sub or sid, events, no nonce, jti) that jose's `jwtVerify` does not do. */
export function checkClaims(payload: JWTPayload, toleranceSec: number, now: number): ValidLogoutToken {
  const { iat, exp, iss, jti, sid, sub, events } = payload as Record<string, unknown>;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new InvalidToken('iat must be a number');
  if (iat > now + toleranceSec) throw new InvalidToken('the token was issued in the future (iat)');
  const lifeEnd = Math.min(typeof exp === 'number' ? exp : Infinity, iat + MAX_TOKEN_AGE_SEC);
  if (lifeEnd + toleranceSec < now) throw new InvalidToken('the token is too old (exp, or iat more than 10 minutes ago)');
  if (!isObject(events) || !Object.prototype.hasOwnProperty.call(events, BACKCHANNEL_LOGOUT_EVENT) || !isObject(events[BACKCHANNEL_LOGOUT_EVENT])) {
    throw new InvalidToken(`events must be an object whose ${BACKCHANNEL_LOGOUT_EVENT} member is an object`);
  }
  if ('nonce' in payload) throw new InvalidToken('a logout token must not contain a nonce');
  if (sid !== undefined && (typeof sid !== 'string' || sid === '')) throw new InvalidToken('sid must be a non-empty string');
  if (sub !== undefined && (typeof sub !== 'string' || sub === '')) throw new InvalidToken('sub must be a non-empty string');
  if (sid === undefined && sub === undefined) throw new InvalidToken('the token names neither a session (sid) nor a user (sub)');
  if (typeof jti !== 'string' || jti === '') throw new InvalidToken('jti must be a non-empty string');
  return { iss: iss as string, jti, lifeEnd, ...(sid !== undefined ? { sid } : {}), ...(sub !== undefined ? { sub } : {}) };
}
