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
  | 'no_window'
  /** A `WebAuth` method was called on something that is not an instance (`WebAuth.prototype.logout.call({})`). */
  | 'invalid_instance'
  /** The browser refused to navigate the top window from this frame (a sandbox without `allow-top-navigation`). */
  | 'navigation_blocked'
  /** The browser blocked the logout popup: call the popup logout from a click handler. */
  | 'popup_blocked'
  /** The user closed the logout popup before it came back. */
  | 'popup_closed'
  /** The logout popup did not come back within `timeoutMs`. */
  | 'timeout';

// Shared by every copy of the package (ESM, CJS, the script tag, other realms): Symbol.for is agent-wide.
const BRAND = Symbol.for('webauth-logout.WebAuthError');

/**
 * The one error this SDK throws. `code` is stable; `message` names the option
 * at fault and what is expected, and never repeats a token or more than a
 * short excerpt of a value. Messages that auth0.js also has
 * (`domain option is required`, ...) start the same way, so code that matches
 * on them keeps working.
 */
export class WebAuthError extends Error {
  readonly code: WebAuthErrorCode;
  /** What made the SDK give up, when it was not the SDK's own check (a getter that threw, a cyclic value). */
  declare readonly cause?: unknown;

  constructor(code: WebAuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message);
    this.name = 'WebAuthError';
    this.code = code;
    if (options && 'cause' in options) Object.defineProperty(this, 'cause', { value: options.cause, configurable: true, writable: true });
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * Whether `value` is a `WebAuthError` from any copy of this package: an app
   * that loads both the ESM and the CommonJS build (server-side rendering plus
   * the client), or the script tag beside a bundle, gets errors whose class
   * `instanceof` does not recognise. Never throws.
   */
  static is(value: unknown): value is WebAuthError {
    try {
      return typeof value === 'object' && value !== null && Object.getOwnPropertyDescriptor(value, BRAND)?.value === true;
    } catch {
      return false;
    }
  }
}
