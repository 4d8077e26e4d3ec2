// Every answer is personal (sessions) and some end sessions, so nothing may be cached or sniffed.
const COMMON_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
// Tenant pages need no script; the confirmation form posts to the tenant, which then redirects off-site,
// and Chromium applies form-action to that redirect too, so form-action is left out.
const PAGE_CSP = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function send(res, status, contentType, body, headers = {}) {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': contentType, ...headers });
  res.end(body);
}

/** A plain-text answer: every error, and Auth0's bare "OK" page. */
export function sendText(res, status, text, headers) {
  send(res, status, 'text/plain; charset=utf-8', `${text}\n`, headers);
}

/** A JSON answer, such as `/session`. */
export function sendJson(res, status, value, headers) {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

/** An HTML page that runs no script. */
export function sendHtml(res, status, html, headers) {
  send(res, status, 'text/html; charset=utf-8', html, { 'Content-Security-Policy': PAGE_CSP, ...headers });
}

/** A 302 to a URL the caller has already checked against a list (or one of the tenant's own paths). */
export function redirect(res, location) {
  res.writeHead(302, { ...COMMON_HEADERS, Location: location });
  res.end();
}

/** Escapes text for an HTML element or a quoted attribute. */
export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
