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
