// Tenant pages run no script and load only the tenant's own stylesheet. The confirmation form posts
// to the tenant, which then redirects off-site, and Chromium applies form-action to that redirect
// too, so form-action is left out.
const PAGE_CSP = "default-src 'none'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'";

/** A plain-text answer: every error of the logout routes, and Auth0's bare "OK" page. */
export function sendText(c, status, text, headers = {}) {
  return c.body(`${text}\n`, status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
}

/** A JSON answer, such as `/session`. */
export function sendJson(c, status, value, headers = {}) {
  return c.body(JSON.stringify(value), status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}

/** An HTML page that runs no script. */
export function sendHtml(c, status, html, headers = {}) {
  return c.body(html, status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP, ...headers });
}

/** A 302 to a URL the caller has already checked against a list (or one of the tenant's own paths). */
export function redirect(c, location) {
  return c.redirect(location, 302);
}

/** Escapes text for an HTML element or a quoted attribute. */
export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
