/** The answers of the back-channel endpoints: OpenID Connect Back-Channel Logout 1.0 §2.8, never cached. */

const NO_STORE = { 'Cache-Control': 'no-store' } as const;

function json(status: number, body: Record<string, string>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...NO_STORE, 'Content-Type': 'application/json', ...headers } });
}

/** 200: the logout was done (§2.8). */
export const accepted = (): Response => new Response(null, { status: 200, headers: NO_STORE });

/** 400 with an OAuth 2.0 error body (§2.8): the provider should not retry. */
export const invalidRequest = (description: string): Response => json(400, { error: 'invalid_request', error_description: description });

/** 405 for a method other than the one the endpoint serves. */
export const methodNotAllowed = (allow: string): Response =>
  json(405, { error: 'invalid_request', error_description: `use ${allow}` }, { Allow: allow });

/** 503: the request could not be handled now; the provider retries later (§2.8). */
export const unavailable = (description: string, retryAfterSec: number): Response =>
  json(503, { error: 'temporarily_unavailable', error_description: description }, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSec))) });

/** 500: a failure of this server, never of the request. */
export const serverError = (): Response => json(500, { error: 'server_error', error_description: 'the logout token could not be processed' });
