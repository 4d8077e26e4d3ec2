import { exampleConfig } from '../config.js';

const config = exampleConfig(window.location);
const $ = (id) => document.getElementById(id);

/** The app in the frame: the same tenant query, and `framed=1` so it sends its logouts to the top window. */
function appUrl() {
  const url = new URL('/spa/', window.location.origin);
  for (const key of ['domain', 'clientID']) {
    const value = new URLSearchParams(window.location.search).get(key);
    if (value !== null) url.searchParams.set(key, value);
  }
  url.searchParams.set('framed', '1');
  return url.href;
}

// The global `auth0` of /dist/webauth-logout.full.min.js (handleLogoutReturn is not in the core script tag), which runs before this module.
const webAuth = new auth0.WebAuth({ domain: config.domain, clientID: config.clientID });

// This page is the framed app's returnTo: the tab comes back here, not to the frame, so the return is read here.
auth0
  .handleLogoutReturn(webAuth)
  .then(
    (result) => {
      if (!result) return;
      const revoked = result.revoked === true ? '; refresh token revoked' : result.revoked === false ? '; the refresh token could not be revoked' : '';
      $('logout-return').textContent = `Signed out through /${result.endpoint === 'oidc' ? 'oidc' : 'v2'}/logout, the whole tab and back${result.federated ? '; signed out of the identity provider too' : ''}${revoked}`;
    },
    (error) => {
      $('error').dataset.code = error?.code ?? '';
      $('error').textContent = `${error?.name ?? 'Error'}${error?.code ? ` (${error.code})` : ''}: ${error?.message ?? error}`;
    },
  )
  .then(() => {
    // The app in the frame noted the logout it left with; this page has read how it ended, so the app has nothing to report.
    try {
      sessionStorage.removeItem('webauth-logout-example:leaving');
    } catch {
      // Storage refused: the app never noted anything.
    }
    // Loaded only now, so the app in the frame starts after this logout is settled and its session line agrees.
    $('framed-app').src = appUrl();
    document.body.dataset.ready = 'true';
  });
