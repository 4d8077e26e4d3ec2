/**
 * Which Auth0 tenant and application the example pages log out of, and the
 * URLs registered there for them.
 *
 * A real tenant: open a page with `?domain=me.auth0.com&clientID=YOUR_CLIENT_ID`.
 * Otherwise the local tenant that `npm start` runs: it listens one port below
 * the pages (3000 for 3001, or PORT and PORT + 1), with the application below.
 *
 * `?framed=1` marks the single-page app as shown inside examples/framed/:
 * its logouts then move the whole tab (`redirectTarget: 'top'`) and come
 * back to the framed page.
 *
 * The tenant query and the demo's own settings (`?idle-ms=`, `?idle-warn-ms=`)
 * ride along on every return URL: back from a login or a logout, the page is
 * configured as it was.
 */
export const LOCAL_CLIENT_ID = 'webauth-logout-example';

/** What a return URL keeps of the page's query: the tenant, and the demo's idle-logout timings. */
const KEPT_PARAMS = ['domain', 'clientID', 'idle-ms', 'idle-warn-ms'];

const LOOPBACK = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?$/i;

/**
 * @param {Location} location - the page's
 */
export function exampleConfig(location) {
  const query = new URLSearchParams(location.search);
  const domain = query.get('domain') || `http://127.0.0.1:${Number(location.port) - 1}`;
  const clientID = query.get('clientID') || LOCAL_CLIENT_ID;
  // The SDK's rule: a domain with an http(s):// scheme is used as written, anything else gets https://.
  const tenantUrl = (/^https?:\/\//i.test(domain) ? domain : `https://${domain}`).replace(/\/+$/, '');
  const framed = query.get('framed') === '1';

  /** A page of this site, still pointed at the same tenant with the same settings: /v2/logout ignores returnTo's query when matching. */
  const keepingTenant = (url) => {
    for (const key of KEPT_PARAMS) if (query.has(key)) url.searchParams.set(key, query.get(key));
    return url.href;
  };
  const pages = (path) => new URL(path, location.origin).href;
  const pageUrl = keepingTenant(new URL('.', location.href));
  const framedPageUrl = keepingTenant(new URL('/framed/', location.origin));
  // Framed, the whole tab leaves for Auth0, so it comes back to the page that holds the frame.
  const returnTo = framed ? framedPageUrl : pageUrl;

  const isLocalTenant = LOOPBACK.test(tenantUrl);
  return {
    domain,
    clientID,
    tenantUrl,
    isLocalTenant,
    /** Whether the page runs inside examples/framed/ (`?framed=1`). */
    framed,
    returnTo,
    /** This page itself (tenant query kept): where a logout popup returns, to call handleLogoutReturn and close. */
    pageUrl,
    /** examples/framed/, the page that shows the single-page app in an iframe. */
    framedPageUrl,
    /** In the tenant-level Allowed Logout URLs only: where a logout without client_id may return. */
    signedOutUrl: pages('/signed-out.html'),
    /** Registered as the application's post-logout redirect URI, query included (OIDC matches exactly). */
    oidcReturnTo: pages('/spa/?oidc=done'),
    /** The application's Allowed Logout URLs, for the SDK's fail-fast check. */
    allowedLogoutUrls: ['/', '/script-tag/', '/spa/', '/framed/'].map(pages),
    // A real tenant has no /login: Universal Login signs in and comes back (the page must be an Allowed Callback URL).
    loginUrl: isLocalTenant
      ? `${tenantUrl}/login?returnTo=${encodeURIComponent(returnTo)}`
      : `${tenantUrl}/authorize?${new URLSearchParams({ client_id: clientID, response_type: 'code', scope: 'openid', redirect_uri: framed ? framedPageUrl : new URL('.', location.href).href })}`,
  };
}
