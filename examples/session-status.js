const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * When the page and the local tenant are both on this machine but under two
 * names (`localhost` and `127.0.0.1`), they are two sites: the browser keeps
 * the tenant's session cookie to its own, so the page can neither read the
 * session nor send the cookie along. Returns the same page under the tenant's
 * name, or `undefined` when the names agree.
 *
 * @param {{ tenantUrl: string, isLocalTenant: boolean }} config
 * @param {Location} location - the page's
 * @returns {{ url: string, pageHost: string, tenantHost: string } | undefined}
 */
export function siteMismatch(config, location) {
  if (!config.isLocalTenant) return undefined;
  const tenantHost = new URL(config.tenantUrl).hostname;
  const pageHost = location.hostname;
  if (pageHost === tenantHost || !LOOPBACK_HOSTS.has(pageHost) || !LOOPBACK_HOSTS.has(tenantHost)) return undefined;
  const url = new URL(location.href);
  url.hostname = tenantHost;
  return { url: url.href, pageHost, tenantHost };
}

/**
 * Asks the tenant whether the browser is signed in and writes the answer
 * into `element`. Only the local tenant has `/session`; on a real one the
 * answer is "unknown". Resolves with the session (`{ authenticated, sid?, user?: { name }, refreshToken? }`)
 * or `undefined`.
 *
 * @param {{ tenantUrl: string, isLocalTenant: boolean }} config
 * @param {HTMLElement} element
 */
export async function showSessionStatus(config, element) {
  if (!config.isLocalTenant) {
    element.textContent = 'unknown (only the local tenant reports its session)';
    return undefined;
  }
  const mismatch = siteMismatch(config, window.location);
  if (mismatch) {
    element.textContent = `unknown (this page is on ${mismatch.pageHost}, the tenant on ${mismatch.tenantHost}, and cookies are per site: open ${mismatch.url})`;
    return undefined;
  }
  try {
    // The tenant is another origin; its session cookie only goes along with credentials: 'include'.
    const response = await fetch(`${config.tenantUrl}/session`, { credentials: 'include' });
    const session = await response.json();
    element.textContent = session.authenticated ? 'signed in' : 'signed out';
    return session;
  } catch {
    element.textContent = `unknown (no tenant answers at ${config.tenantUrl})`;
    return undefined;
  }
}
