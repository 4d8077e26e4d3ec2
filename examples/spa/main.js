import { WebAuth, handleLogoutReturn, logoutWithPopup, oidcLogoutWithPopup } from 'webauth-logout';
import { exampleConfig } from '../config.js';
import { showSessionStatus } from '../session-status.js';

const config = exampleConfig(window.location);
const $ = (id) => document.getElementById(id);

// Inside examples/framed/ every logout moves the whole tab: Auth0's pages refuse to be shown in a frame.
const navigation = config.framed ? { redirectTarget: 'top' } : {};
const webAuth = new WebAuth({ domain: config.domain, clientID: config.clientID, ...navigation });
// The same application, but a return URL outside its Allowed Logout URLs is refused before the page leaves.
const failFastWebAuth = new WebAuth({ domain: config.domain, clientID: config.clientID, allowedLogoutUrls: config.allowedLogoutUrls, ...navigation });

/** What the tenant last said about this browser's session (`/session`), or `undefined` when it could not say. */
let session;

// Listening first, so the `completed` event handleLogoutReturn sends below is listed too.
webAuth.onLogout((event) => {
  const item = document.createElement('li');
  item.dataset.source = event.source;
  item.dataset.phase = event.phase;
  const revoked = event.revoked === undefined ? '' : `, refresh token ${event.revoked ? 'revoked' : 'not revoked'}`;
  item.textContent = `${event.source} ${event.phase}: returnTo ${event.returnTo ?? '(none)'}, federated ${event.federated}${revoked}`;
  $('events').append(item);
  if (event.source !== 'other-tab') return;
  if (event.phase === 'started') {
    $('cross-tab').textContent = 'Signing out in another tab…';
    return;
  }
  // Completed: the tenant session has ended (or the app's, for a local logout). Ask again, so the two lines agree.
  $('cross-tab').textContent = 'Signed out in another tab';
  refreshSession().then((now) => {
    if (now?.authenticated) $('cross-tab').textContent = 'Signed out in another tab (of this app only: the tenant session is still open)';
  });
});

/** The URL as Auth0 sent the browser back, before handleLogoutReturn takes `state` out of the address bar. */
const arrivedWith = new URLSearchParams(window.location.search);
// Before anything else: in a logout popup this hands the result to the opener and closes the window.
const returned = handleLogoutReturn(webAuth).then(
  (result) => ({ result }),
  (error) => ({ error }),
);

/** A LogoutReturn in words, for the status line. */
function describeReturn(result, how = '') {
  const parts = [result.endpoint === 'oidc' ? `Back from OIDC logout${how}; state checked` : `Signed out through /v2/logout${how}`];
  if (result.federated) parts.push('signed out of the identity provider too');
  if (result.revoked === true) parts.push('refresh token revoked');
  if (result.revoked === false) parts.push('the refresh token could not be revoked');
  return parts.join('; ');
}

/** "Demo User" → "DU": the avatar, with no image to load. */
function initials(name) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => Array.from(word)[0]).join('').toUpperCase() || '?';
}

function showAccount(current) {
  const signedIn = current?.authenticated === true;
  const name = signedIn ? current.user?.name || 'Signed-in user' : undefined;
  $('account').dataset.state = current === undefined ? 'unknown' : signedIn ? 'signed-in' : 'signed-out';
  $('user-name').textContent = signedIn ? name : current === undefined ? 'Session unknown' : 'Not signed in';
  $('avatar').textContent = signedIn ? initials(name) : '';
  $('avatar').title = signedIn ? name : '';
  $('login').hidden = signedIn;
}

let reads = 0;
/** Asks the tenant again; only the latest answer is shown when two are in flight. */
async function refreshSession() {
  const read = ++reads;
  $('session-status').textContent = 'checking…';
  const answer = document.createElement('span');
  const result = await showSessionStatus(config, answer);
  if (read === reads) {
    $('session-status').textContent = answer.textContent;
    session = result;
    showAccount(result);
  }
  return result;
}

function showError(error) {
  const errorElement = $('error');
  errorElement.dataset.code = error?.code ?? '';
  errorElement.textContent = `${error?.name ?? 'Error'}${error?.code ? ` (${error.code})` : ''}: ${error?.message ?? error}`;
}

/** A popup logout (opened by the call itself, still inside the click): the page stays, and shows what came back. */
async function inPopup(open) {
  const result = await open();
  $('logout-return').textContent = describeReturn(result, ' in a popup');
  await refreshSession();
}

function requireLogin(value, what) {
  if (!value) throw new Error(`Log in first: ${what} is what the local tenant reports for the session.`);
  return value;
}

const hint = () => (session?.sid ? { logoutHint: session.sid } : {});

const actions = {
  logout: () => webAuth.logout({ returnTo: config.returnTo }),
  'logout-popup': () => inPopup(() => logoutWithPopup(webAuth, { returnTo: config.pageUrl })),
  'oidc-logout-popup': () => inPopup(() => oidcLogoutWithPopup(webAuth, { postLogoutRedirectUri: config.oidcReturnTo, ...hint() })),
  'logout-revoke': () => webAuth.logout({ returnTo: config.returnTo, revokeRefreshToken: requireLogin(session?.refreshToken, 'the refresh token') }),
  'logout-federated': () => webAuth.logout({ returnTo: config.returnTo, federated: true }),
  'logout-shorthand': () => webAuth.logout(config.returnTo),
  'logout-no-return-to': () => webAuth.logout(),
  'logout-no-client-id': () => webAuth.logout({ clientID: undefined, returnTo: config.signedOutUrl }),
  // No `state`: the SDK makes one up and handleLogoutReturn checks it on the way back.
  'oidc-logout': () => webAuth.oidcLogout({ postLogoutRedirectUri: config.oidcReturnTo }),
  'oidc-logout-hint': () => webAuth.oidcLogout({ postLogoutRedirectUri: config.oidcReturnTo, logoutHint: requireLogin(session?.sid, 'the logout_hint') }),
  'oidc-logout-post': () => webAuth.oidcLogout({ httpMethod: 'POST', postLogoutRedirectUri: config.oidcReturnTo, ...hint() }),
  'logout-framed': () => webAuth.logout({ returnTo: config.framedPageUrl, redirectTarget: 'top' }),
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
    showError(error);
    $('result').textContent = `${action} rejected`;
  }
});

$('tenant').textContent = config.tenantUrl;
$('client-id').textContent = config.clientID;
$('login').href = config.loginUrl;
$('framed-link').href = config.framedPageUrl;
if (config.framed) {
  // Whatever leaves this app leaves the frame with it; the page around the frame has its own link to the examples.
  for (const id of ['login', 'home-link']) $(id).target = '_top';
  $('all-examples').hidden = true;
  $('framed-note').hidden = false;
  $('framed-hint').hidden = true;
  document.body.classList.add('framed');
}

Promise.all([returned, refreshSession()]).then(([{ result, error }]) => {
  if (error) {
    $('logout-return').textContent = 'Back from Auth0, but the return could not be checked.';
    showError(error);
  } else if (result) {
    $('logout-return').textContent = describeReturn(result);
  }
  if (arrivedWith.get('oidc') === 'done' && arrivedWith.has('state')) {
    $('oidc-result').textContent =
      result?.endpoint === 'oidc'
        ? 'Back from OIDC logout; state matches.'
        : 'Back from OIDC logout; state does not match the one this tab sent (or this tab sent none): not taken as a logout.';
  }
  // Listeners are in place, the return is handled and the session is known: tests wait for this.
  document.body.dataset.ready = 'true';
});
