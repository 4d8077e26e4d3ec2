import { WebAuth } from 'webauth-logout';
import { exampleConfig } from '../config.js';
import { showSessionStatus } from '../session-status.js';

const OIDC_STATE_KEY = 'webauth-logout-example:oidc-state';
const config = exampleConfig(window.location);
const $ = (id) => document.getElementById(id);

const webAuth = new WebAuth({ domain: config.domain, clientID: config.clientID });
// The same application, but a return URL outside its Allowed Logout URLs is refused before the page leaves.
const failFastWebAuth = new WebAuth({ domain: config.domain, clientID: config.clientID, allowedLogoutUrls: config.allowedLogoutUrls });

let session;

/** A fresh OIDC `state`, kept for this tab so the page it returns to can check the echo. */
function newState() {
  const state = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  sessionStorage.setItem(OIDC_STATE_KEY, state);
  return state;
}

const actions = {
  logout: () => webAuth.logout({ returnTo: config.returnTo }),
  'logout-federated': () => webAuth.logout({ returnTo: config.returnTo, federated: true }),
  'logout-shorthand': () => webAuth.logout(config.returnTo),
  'logout-no-return-to': () => webAuth.logout(),
  'logout-no-client-id': () => webAuth.logout({ clientID: undefined, returnTo: config.signedOutUrl }),
  'oidc-logout': () => webAuth.oidcLogout({ postLogoutRedirectUri: config.oidcReturnTo, state: newState() }),
  'oidc-logout-hint': () => {
    if (!session?.sid) throw new Error('Log in first: the logout_hint is the session id the local tenant reports.');
    return webAuth.oidcLogout({ postLogoutRedirectUri: config.oidcReturnTo, state: newState(), logoutHint: session.sid });
  },
  'logout-local': () => webAuth.logout({ openUrl: false }),
  'logout-open-url': () =>
    webAuth.logout({
      returnTo: config.returnTo,
      openUrl: (url) => {
        $('opened-url').textContent = url;
      },
    }),
  'logout-replace': () => webAuth.logout({ returnTo: config.returnTo, redirectMethod: 'replace' }),
  'logout-custom': () => ($('fail-fast').checked ? failFastWebAuth : webAuth).logout({ returnTo: $('custom-return-to').value }),
};

document.addEventListener('click', async (event) => {
  const action = event.target.closest('button[data-action]')?.dataset.action;
  if (!action) return;
  const errorElement = $('error');
  errorElement.textContent = '';
  delete errorElement.dataset.code;
  $('result').textContent = `${action} running`;
  try {
    await actions[action]();
    $('result').textContent = `${action} resolved`;
  } catch (error) {
    errorElement.dataset.code = error.code ?? '';
    errorElement.textContent = `${error.name}${error.code ? ` (${error.code})` : ''}: ${error.message}`;
    $('result').textContent = `${action} rejected`;
  }
});

webAuth.onLogout((event) => {
  const item = document.createElement('li');
  item.dataset.source = event.source;
  item.textContent = `${event.source}: returnTo ${event.returnTo ?? '(none)'}, federated ${event.federated}`;
  $('events').append(item);
  if (event.source === 'other-tab') {
    $('cross-tab').textContent = 'Logged out in another tab';
    showSessionStatus(config, $('session-status'));
  }
});

const returned = new URLSearchParams(window.location.search);
if (returned.get('oidc') === 'done') {
  const expected = sessionStorage.getItem(OIDC_STATE_KEY);
  sessionStorage.removeItem(OIDC_STATE_KEY);
  const state = returned.get('state');
  $('oidc-result').textContent =
    expected && state === expected ? 'Back from OIDC logout; state matches.' : `Back from OIDC logout; state does not match (sent ${expected}, got ${state}).`;
}

$('tenant').textContent = config.tenantUrl;
$('client-id').textContent = config.clientID;
$('login').href = config.loginUrl;
showSessionStatus(config, $('session-status')).then((result) => {
  session = result;
  // Listeners are in place and the session is known: tests wait for this.
  document.body.dataset.ready = 'true';
});
