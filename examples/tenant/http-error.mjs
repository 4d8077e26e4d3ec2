/**
 * A request the tenant refuses, with the status and the plain-text message the
 * client sees. Anything else thrown by a route is a bug and becomes a 500.
 */
export class HttpError extends Error {
  /**
   * @param {number} status - a 4xx status
   * @param {string} message - shown to the user as is, so it says what to change
   * @param {Record<string, string>} [headers] - e.g. `Allow` for a 405
   * @param {{ html?: boolean, back?: string }} [page] - `html`: answer with an HTML page rather than plain text,
   *   as Auth0 does for a refused logout; `back`: a page of the application that page links to, for the user to follow back
   */
  constructor(status, message, headers = {}, { html = false, back } = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.headers = headers;
    this.html = html;
    this.back = back;
  }
}
