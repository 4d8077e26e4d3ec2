import { cors } from 'hono/cors';

/**
 * Hono's CORS middleware for the origins `allowedOrigins(tenant)` names, and
 * nothing for any other: no `Access-Control-*` header at all, not even on a
 * preflight, so the browser refuses. Caches are told the answer depends on
 * `Origin` either way.
 *
 * @param {(tenant: any) => Set<string>} allowedOrigins
 * @param {import('hono/cors').CORSOptions} options - methods, headers, credentials
 */
export function corsFor(allowedOrigins, options) {
  const allowed = cors({ ...options, origin: (origin) => origin });
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && allowedOrigins(c.get('tenant')).has(origin)) return allowed(c, next);
    if (c.req.method === 'OPTIONS') return c.body(null, 204, { Vary: 'Origin' });
    await next();
    c.header('Vary', 'Origin', { append: true });
  };
}
