// The one-file browser apps whose bundles are compared: each logs the user
// out with one SDK, as that SDK's documentation shows, and the baseline does
// the same by hand, so the difference is the SDK alone. All use the same
// tenant, client and return URL.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './pack.mjs';

const DOMAIN = 'me.auth0.com';
const CLIENT_ID = 'app_client_id';
const RETURN_TO = 'https://app.example.com/';
const CONFIG = `{ domain: '${DOMAIN}', clientID: '${CLIENT_ID}' }`;

/**
 * No SDK: the app builds the URL and navigates itself. It reads the same
 * configuration and calls the same browser API, so a bundler cannot drop
 * more of it than of an app that uses an SDK.
 */
export const BASELINE_APP = `const config = ${CONFIG};
window.location.assign('https://' + config.domain + '/v2/logout?client_id=' + encodeURIComponent(config.clientID) + '&returnTo=' + encodeURIComponent('${RETURN_TO}'));
`;

/**
 * The version of `pkg` the bench measures: the one in the repository's
 * node_modules (an npm alias such as `auth0-spa-js-latest` reports the
 * version it resolved to), so every label says which release it weighs.
 */
export function versionOf(pkg) {
  return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

/** The packages a refine app has already, which the refine entry's apps resolve beside the SDK. */
export const REFINE_APP_PACKAGES = ['react', 'react-dom', '@refinedev/core'];

const REFINE_APP = (logout, extraImports, children) => `import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { Refine } from '@refinedev/core';
${extraImports}const authProvider = {
  login: async () => ({ success: true }),
  check: async () => ({ authenticated: true }),
  onError: async () => ({}),
  logout: ${logout},
};
createRoot(document.getElementById('root')).render(createElement(Refine, { authProvider }${children}));
`;

/**
 * A minimal refine app (React, `<Refine>` and an `authProvider`) whose logout
 * builds the URL and navigates by hand: the baseline of the refine entry's
 * app, so React and refine cancel out and the difference is webauth-logout.
 */
export const REFINE_BASELINE_APP = REFINE_APP(
  `async () => {
    window.location.assign('https://${DOMAIN}/v2/logout?client_id=' + encodeURIComponent('${CLIENT_ID}') + '&returnTo=' + encodeURIComponent('${RETURN_TO}'));
    return { success: true };
  }`,
  '',
  '',
);

/**
 * `key → { label, pkg, source, baseline?, packages? }`: the apps measured against {@link BASELINE_APP}, or
 * against their own `baseline`; `packages` are what the app must resolve besides the SDK.
 */
export const APPS = {
  webAuth: {
    label: '`import { WebAuth }` + `logout()`',
    pkg: 'webauth-logout',
    source: `import { WebAuth } from 'webauth-logout';
new WebAuth(${CONFIG}).logout({ returnTo: '${RETURN_TO}' });
`,
  },
  returnTrip: {
    label: '… + `handleLogoutReturn` on the page Auth0 returns to',
    pkg: 'webauth-logout',
    source: `import { WebAuth, handleLogoutReturn } from 'webauth-logout';
const webAuth = new WebAuth(${CONFIG});
handleLogoutReturn(webAuth).then(() => webAuth.logout({ returnTo: '${RETURN_TO}' }));
`,
  },
  popup: {
    label: '… + `logoutWithPopup` and `handleLogoutReturn`',
    pkg: 'webauth-logout',
    source: `import { WebAuth, handleLogoutReturn, logoutWithPopup } from 'webauth-logout';
const webAuth = new WebAuth(${CONFIG});
handleLogoutReturn(webAuth).then(() => webAuth.logout({ returnTo: '${RETURN_TO}' }));
document.body.onclick = () => logoutWithPopup(webAuth, { returnTo: '${RETURN_TO}' });
`,
  },
  idle: {
    label: '`import { WebAuth, watchIdle }` + an idle logout',
    pkg: 'webauth-logout',
    source: `import { WebAuth, watchIdle } from 'webauth-logout';
watchIdle(new WebAuth(${CONFIG}), { timeoutMs: 900000, warnBeforeMs: 60000, logout: { returnTo: '${RETURN_TO}' } });
`,
  },
  buildLogoutUrl: {
    label: '`import { buildLogoutUrl }` + one call',
    pkg: 'webauth-logout',
    source: `import { buildLogoutUrl } from 'webauth-logout';
window.location.assign(buildLogoutUrl(${CONFIG}, { returnTo: '${RETURN_TO}' }));
`,
  },
  refine: {
    label: 'refine app: `refineLogout` + `<LogoutSync>`',
    pkg: 'webauth-logout',
    baseline: REFINE_BASELINE_APP,
    packages: REFINE_APP_PACKAGES,
    source: REFINE_APP(
      `refineLogout(webAuth, { returnTo: '${RETURN_TO}' })`,
      `import { WebAuth } from 'webauth-logout';
import { LogoutSync, refineLogout } from 'webauth-logout/refine';
const webAuth = new WebAuth(${CONFIG});
`,
      ', createElement(LogoutSync, { webAuth })',
    ),
  },
  auth0js: {
    label: `auth0.js ${versionOf('auth0-js')}: \`new auth0.WebAuth()\` + \`logout()\``,
    pkg: 'auth0-js',
    source: `import auth0 from 'auth0-js';
new auth0.WebAuth(${CONFIG}).logout({ returnTo: '${RETURN_TO}', client_id: '${CLIENT_ID}' });
`,
  },
  spa: {
    label: `auth0-spa-js ${versionOf('@auth0/auth0-spa-js')}: \`new Auth0Client()\` + \`logout()\``,
    pkg: '@auth0/auth0-spa-js',
    source: `import { Auth0Client } from '@auth0/auth0-spa-js';
new Auth0Client({ domain: '${DOMAIN}', clientId: '${CLIENT_ID}' }).logout({ logoutParams: { returnTo: '${RETURN_TO}' } });
`,
  },
  // The current auth0-spa-js 2.x, installed under an npm alias beside 2.20.0, which the
  // README's comparison was first measured against.
  spaLatest: {
    label: `auth0-spa-js ${versionOf('auth0-spa-js-latest')}: \`new Auth0Client()\` + \`logout()\``,
    pkg: 'auth0-spa-js-latest',
    source: `import { Auth0Client } from 'auth0-spa-js-latest';
new Auth0Client({ domain: '${DOMAIN}', clientId: '${CLIENT_ID}' }).logout({ logoutParams: { returnTo: '${RETURN_TO}' } });
`,
  },
  // Keycloak's OIDC adapter is one class: logging out needs init() first (it picks the
  // adapter that navigates), and the whole adapter comes with it.
  keycloak: {
    label: `keycloak-js ${versionOf('keycloak-js')}: \`new Keycloak()\` + \`init()\` + \`logout()\``,
    pkg: 'keycloak-js',
    source: `import Keycloak from 'keycloak-js';
const keycloak = new Keycloak({ url: 'https://${DOMAIN}/', realm: 'app', clientId: '${CLIENT_ID}' });
keycloak.init({}).then(() => keycloak.logout({ redirectUri: '${RETURN_TO}' }));
`,
  },
  oidcClientTs: {
    label: `oidc-client-ts ${versionOf('oidc-client-ts')}: \`new UserManager()\` + \`signoutRedirect()\``,
    pkg: 'oidc-client-ts',
    source: `import { UserManager } from 'oidc-client-ts';
new UserManager({ authority: 'https://${DOMAIN}/', client_id: '${CLIENT_ID}', redirect_uri: '${RETURN_TO}' })
  .signoutRedirect({ post_logout_redirect_uri: '${RETURN_TO}' });
`,
  },
};
