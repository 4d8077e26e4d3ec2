/**
 * Stable machine-readable reasons for a {@link WebAuthError}. Match on these,
 * never on the message text, which may be reworded.
 */
export type WebAuthErrorCode =
  /** The options argument is not an object, a string or nothing. */
  | 'invalid_options'
  /** `domain` is missing or is not a tenant host name. */
  | 'invalid_domain'
  /** `clientID` (or a `client_id` override) is missing or not a non-empty string. */
  | 'invalid_client_id'
  /** `returnTo`, `return_to` or `postLogoutRedirectUri` is not an absolute http(s) URL. */
  | 'invalid_return_to'
  /** Any other option has the wrong type or format; the message names it. */
  | 'invalid_option'
  /** The return URL is not in the `allowedLogoutUrls` given to the constructor. */
  | 'returnto_not_allowed'
  /** Navigation was asked for where there is no `window` (server-side rendering, Node). */
  | 'no_window';

/**
 * The one error this SDK throws. `code` is stable; `message` names the option
 * at fault and what is expected. Messages that auth0.js also has
 * (`domain option is required`, ...) start the same way, so code that matches
 * on them keeps working.
 */
export class WebAuthError extends Error {
  readonly code: WebAuthErrorCode;

  constructor(code: WebAuthErrorCode, message: string) {
    super(message);
    this.name = 'WebAuthError';
    this.code = code;
  }
}
