import { HttpError } from './http-error.mjs';

/**
 * A refusal of the Authentication API's token endpoints, answered as OAuth
 * 2.0 does (RFC 6749 §5.2): `{ "error": code, "error_description": message }`.
 */
export class OAuthError extends HttpError {
  /**
   * @param {number} status - 400, or 401 for `invalid_client`
   * @param {string} code - `invalid_request`, `invalid_client`, `invalid_grant`, `unsupported_grant_type`
   * @param {string} message
   */
  constructor(status, code, message) {
    super(status, message);
    this.name = 'OAuthError';
    this.code = code;
  }
}
