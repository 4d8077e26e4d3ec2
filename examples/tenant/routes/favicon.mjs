/** `GET /favicon.ico`, which browsers ask every site for: no icon (204), rather than a 404 in the console of every tenant page. */
export function favicon(c) {
  return c.body(null, 204);
}
