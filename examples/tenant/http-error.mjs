/**
 * A request the tenant refuses, with the status and the plain-text message the
 * client sees. Anything else thrown by a route is a bug and becomes a 500.
 */
export class HttpError extends Error {
  /**
   * @param {number} status - a 4xx status
   * @param {string} message - shown to the user as is, so it says what to change
   * @param {Record<string, string>} [headers] - e.g. `Allow` for a 405
   */
  constructor(status, message, headers = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.headers = headers;
  }
}
