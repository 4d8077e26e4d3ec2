import { WebAuth, handleLogoutReturn, logoutWithPopup, oidcLogoutWithPopup, watchIdle } from 'webauth-logout';
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
    syncIdle();
  }
  return result;
}

function showError(error) {
  const errorElement = $('error');
  errorElement.dataset.code = error?.code ?? '';
  errorElement.textContent = `${error?.name ?? 'Error'}${error?.code ? ` (${error.code})` : ''}: ${error?.message ?? error}`;
}

// Idle logout: one switch for every tab of the app. Its state is kept in localStorage, so a tab that opens
// later starts with it and the open ones hear it change (a `storage` event); each tab runs its own watch,
// and watchIdle keeps one deadline for all of them.
const IDLE_SWITCH_KEY = 'webauth-logout-example:idle';
/** `?idle-ms=4000&idle-warn-ms=2000` shorten the wait, for tests and demos; the warning defaults to the last third, 10 s at most. */
const queryMs = (name) => {
  const value = Number(arrivedWith.get(name));
  return Number.isFinite(value) && value > 0 ? value : undefined;
};
const idleTimeoutMs = queryMs('idle-ms') ?? 30_000;
const idleWarnMs = queryMs('idle-warn-ms') ?? Math.min(10_000, Math.floor(idleTimeoutMs / 3));
/** This tab's watch, while one runs. */
let idleWatch;
let idleTicker;
/** Set once the return is handled and the session known: no watch starts before. */
let idleReady = false;
/** Set when watchIdle refused the options (a bad ?idle-ms or ?idle-warn-ms): shown once, not retried. */
let idleRefused = false;

function idleSwitchSaved() {
  try {
    return window.localStorage.getItem(IDLE_SWITCH_KEY) === 'on';
  } catch {
    return false;
  }
}

function saveIdleSwitch(on) {
  try {
    if (on) window.localStorage.setItem(IDLE_SWITCH_KEY, 'on');
    else window.localStorage.removeItem(IDLE_SWITCH_KEY);
  } catch {
    // Storage refused: the switch holds in this tab only.
  }
}

const seconds = (ms) => Math.ceil(ms / 1000);
const idleWarningText = (ms) => `Still there? You will be signed out in ${seconds(ms)} s: move the mouse or press a key.`;

function hideIdleWarning() {
  $('idle-warning').hidden = true;
  $('idle-warning').textContent = '';
}

/** The countdown line, and the seconds in the warning while it shows (rewritten only when they change: the alert is not re-read at every tick). */
function showIdleCountdown() {
  const countdown = $('idle-countdown');
  if (!$('idle-switch').checked || !idleReady) {
    countdown.hidden = true;
    return;
  }
  countdown.hidden = false;
  if (!idleWatch) {
    countdown.textContent = idleRefused ? 'Not started: see the error below' : 'Starts once you are signed in';
    return;
  }
  const remaining = idleWatch.remaining();
  if (remaining === 0) {
    // The deadline has passed (or another tab logged out): one tab of the app is signing out.
    countdown.textContent = 'Idle time is up: signing out…';
    hideIdleWarning();
    return;
  }
  countdown.textContent = `Signing out in ${seconds(remaining)} s if idle`;
  const warning = $('idle-warning');
  if (!warning.hidden && warning.textContent !== idleWarningText(remaining)) warning.textContent = idleWarningText(remaining);
}

function startIdle() {
  try {
    idleWatch = watchIdle(webAuth, {
      timeoutMs: idleTimeoutMs,
      warnBeforeMs: idleWarnMs,
      logout: { returnTo: config.returnTo },
      onWarn: (remainingMs) => {
        $('idle-warning').textContent = idleWarningText(remainingMs);
        $('idle-warning').hidden = false;
      },
      onActive: hideIdleWarning,
    });
  } catch (error) {
    // A bad ?idle-ms or ?idle-warn-ms: the SDK says which, and nothing was started.
    idleRefused = true;
    showError(error);
    return;
  }
  idleTicker = setInterval(showIdleCountdown, 250);
}

function stopIdle() {
  idleWatch?.stop();
  idleWatch = undefined;
  clearInterval(idleTicker);
  hideIdleWarning();
}

/** Runs this tab's watch exactly while the switch is on, the return is handled and the user is signed in. */
function syncIdle() {
  const run = $('idle-switch').checked && idleReady && session?.authenticated === true;
  if (run && !idleWatch && !idleRefused) startIdle();
  else if (!run && idleWatch) stopIdle();
  showIdleCountdown();
}

$('idle-switch').checked = idleSwitchSaved();
$('idle-switch').title = `Log out after ${seconds(idleTimeoutMs)} s without mouse, keyboard or touch in any tab of this app`;
$('idle-switch').addEventListener('change', () => {
  const on = $('idle-switch').checked;
  syncIdle();
  // Turning it on is activity: a fresh deadline for every tab, not one a previous watch left behind.
  if (on) idleWatch?.reset();
  // Saved last, so the tabs that hear it find that deadline already written.
  saveIdleSwitch(on);
});
window.addEventListener('storage', (event) => {
  // `key` is null when the storage was cleared.
  if (event.key !== IDLE_SWITCH_KEY && event.key !== null) return;
  $('idle-switch').checked = idleSwitchSaved();
  syncIdle();
});

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
  idleReady = true;
  syncIdle();
  // Listeners are in place, the return is handled and the session is known: tests wait for this.
  document.body.dataset.ready = 'true';
});
