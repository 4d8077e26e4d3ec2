import { WebAuth, handleLogoutReturn, logoutWithPopup, oidcLogout, oidcLogoutWithPopup, onLogout, watchBackChannelLogout, watchIdle } from 'webauth-logout';
import { exampleConfig } from '../config.js';
import { showSessionStatus, siteMismatch } from '../session-status.js';

const config = exampleConfig(window.location);
const $ = (id) => document.getElementById(id);

// Inside examples/framed/ every logout moves the whole tab: Auth0's pages refuse to be shown in a frame.
const navigation = config.framed ? { redirectTarget: 'top' } : {};
const webAuth = new WebAuth({ domain: config.domain, clientID: config.clientID, ...navigation });
// The same application, but a return URL outside its Allowed Logout URLs is refused before the page leaves.
const failFastWebAuth = new WebAuth({ domain: config.domain, clientID: config.clientID, allowedLogoutUrls: config.allowedLogoutUrls, ...navigation });

/** What the tenant last said about this browser's session (`/session`), or `undefined` when it could not say. */
let session;

/** The button whose action is running in this document, if any: its logout's events and outcome are shown beside it. */
let runningAction;

// The logout this tab left with, kept in sessionStorage (which the tab keeps across documents), so the page the
// tab comes back to says what happened beside the button that was clicked, and knows a trip that did not come back.
const LEAVING_KEY = 'webauth-logout-example:leaving';
/** As long as the SDK waits for a return (five minutes). */
const LEAVING_MAX_AGE_MS = 5 * 60_000;

function noteLeaving(event) {
  const note = { id: event.id, action: event.reason === 'idle' ? 'idle' : (runningAction ?? 'logout'), wasSignedIn: session?.authenticated, time: Date.now() };
  try {
    window.sessionStorage.setItem(LEAVING_KEY, JSON.stringify(note));
  } catch {
    // Storage refused: the page that comes back shows the return at the top only.
  }
}

function takeLeavingNote() {
  try {
    const note = JSON.parse(window.sessionStorage.getItem(LEAVING_KEY) ?? 'null');
    window.sessionStorage.removeItem(LEAVING_KEY);
    return note && typeof note.id === 'string' && Date.now() - note.time < LEAVING_MAX_AGE_MS ? note : undefined;
  } catch {
    return undefined;
  }
}

function forgetLeaving(id) {
  try {
    const note = JSON.parse(window.sessionStorage.getItem(LEAVING_KEY) ?? 'null');
    if (note?.id === id) window.sessionStorage.removeItem(LEAVING_KEY);
  } catch {
    // Nothing to forget.
  }
}

const seconds = (ms) => Math.ceil(ms / 1000);

/** Why a logout was abandoned, in the user's words. */
const ABANDONED_BECAUSE = {
  reload: 'the page was reloaded before the tenant sent you back',
  history: 'you came back with Back or Forward before the tenant sent you back',
  navigated: 'this page was opened another way than the tenant sending you back',
  popup_closed: 'the popup was closed before it came back',
  timeout: 'the popup did not come back in time',
  open_url_failed: 'the custom opener failed',
  no_return: 'nothing came back from the tenant within five minutes',
};
/** `(Why.)`: the reason as a sentence of its own. */
const because = (reason) => {
  const words = ABANDONED_BECAUSE[reason] ?? 'it did not come back';
  return `(${words[0].toUpperCase()}${words.slice(1)}.)`;
};
const abandonedText = (reason) => `Sign-out did not finish; you may still be signed in. ${because(reason)}`;

/** The words for an event in the list: phase and reason first, then where the logout went. */
function describeEvent(event) {
  const reason = event.reason ? ` (${event.reason})` : '';
  const revoked = event.revoked === undefined ? '' : `, refresh token ${event.revoked ? 'revoked' : 'not revoked'}`;
  // The tenant's logout token, heard through the app's server: for a logout this page saw start, or for none of its own.
  if (event.source === 'back-channel') return `back-channel completed${reason}: the tenant's logout token${heardStart.has(event.id) ? ` for that /${event.endpoint}/logout` : ''}`;
  return `${event.source} ${event.phase}${reason}: /${event.endpoint}/logout, returnTo ${event.returnTo ?? '(none)'}, federated ${event.federated}${revoked}`;
}

/** The status line beside a button: the one in its fieldset, or the page's own line for the Log out button and the idle switch. */
function statusFor(action) {
  const button = action && document.querySelector(`button[data-action="${action}"]`);
  return button?.closest('fieldset')?.querySelector('.way-status');
}

/**
 * Shows `claim` on a status line (`kind`: ok, info, warn or error) and asks the tenant again, so that the
 * line shows beside it what the tenant itself says of the session now.
 */
function say(line, claim, kind) {
  show(line, claim, kind);
  return refreshSession();
}

/** The claim alone; the caller asks the tenant. */
function show(line, claim, kind) {
  line.querySelector('.claim').textContent = claim;
  line.dataset.kind = kind;
  line.hidden = false;
  line.querySelector('.tenant-now').textContent = 'Tenant session: checking…';
}

/** The page's line for the return, and the line of the button that started the logout (its panel opened). */
function sayAboutLogout(action, claim, kind) {
  const lines = [$('logout-return').closest('.status')];
  const beside = statusFor(action);
  if (beside) {
    lines.push(beside);
    $('more-ways').open = true;
  }
  for (const line of lines) show(line, claim, kind);
  // One question to the tenant, whose answer goes beside both.
  return refreshSession();
}

/** The logouts this page heard start, which of them it started itself, and which it heard abandoned. */
const heardStart = new Set();
const startedHere = new Set();
const heardAbandoned = new Set();

// Listening first, so the `completed` event handleLogoutReturn sends below is listed too.
onLogout(webAuth, (event) => {
  const item = document.createElement('li');
  // `at`: when this tab heard it (ms since the epoch), to see how soon each tab learns of a logout.
  Object.assign(item.dataset, { id: event.id, source: event.source, phase: event.phase, endpoint: event.endpoint, reason: event.reason ?? '', at: Date.now() });
  item.textContent = describeEvent(event);
  $('events').append(item);
  if (event.phase === 'started') heardStart.add(event.id);
  if (event.phase === 'started' && event.source === 'this-tab') startedHere.add(event.id);
  if (event.phase === 'abandoned') heardAbandoned.add(event.id);
  // The tenant told the app's server that a logout this page started has ended: its button's line says so when the popup is back.
  if (event.source === 'back-channel' && startedHere.has(event.id)) return;
  if (event.source === 'back-channel' && !heardStart.has(event.id)) {
    // Nothing in this browser logged out: the session ended at the tenant (another app, an admin, "End this session").
    say($('cross-tab').closest('.status'), 'Your session was ended at the tenant', 'warn');
    return;
  }
  if (event.source === 'this-tab') {
    if (event.phase === 'started') noteLeaving(event);
    else forgetLeaving(event.id);
    // A logout of this page that gave up (Back to this very page, a closed popup, a failing opener): say so beside its button.
    if (event.phase === 'abandoned') sayAboutLogout(runningAction, abandonedText(event.reason), 'warn');
    return;
  }
  const crossTab = $('cross-tab').closest('.status');
  if (event.phase === 'started') {
    say(crossTab, 'Signing out in another tab…', 'info');
    return;
  }
  if (event.phase === 'abandoned') {
    say(crossTab, `Sign-out in another tab did not finish; you may still be signed in. ${because(event.reason)}`, 'warn');
    return;
  }
  // Completed: the tenant session has ended (or the app's, for a local logout). Ask again, so the two lines agree.
  const idle = event.reason === 'idle' ? ` after ${seconds(idleTimeoutMs)} s without activity` : '';
  say(crossTab, `Signed out in another tab${idle}`, 'ok').then((now) => {
    if (now?.authenticated) say(crossTab, `Signed out in another tab${idle} (of this app only: the tenant session is still open)`, 'info');
  });
});

/** The URL as Auth0 sent the browser back, before handleLogoutReturn takes `state` out of the address bar. */
const arrivedWith = new URLSearchParams(window.location.search);
/** The logout an earlier page of this tab left with, read before handleLogoutReturn completes it (and the listener forgets it). */
const leftWith = takeLeavingNote();
// Before anything else: in a logout popup this hands the result to the opener and closes the window.
const returned = handleLogoutReturn(webAuth).then(
  (result) => ({ result }),
  (error) => ({ error }),
);

/** A LogoutReturn in words, for the status lines. */
function describeReturn(result, how = '', wasSignedIn = true) {
  if (result.reason === 'idle') return `You were signed out after ${seconds(idleTimeoutMs)} s without activity`;
  const endpoint = result.endpoint === 'oidc' ? '/oidc/logout' : '/v2/logout';
  const parts = [wasSignedIn === false ? `Back from ${endpoint}${how}; you were not signed in` : `Signed out through ${endpoint}${how}`];
  if (result.endpoint === 'oidc') parts.push('state checked');
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
  // Signed out there is nothing to log out of; while the session cannot be known, the button stays.
  document.querySelector('button[data-action="logout"]').hidden = current?.authenticated === false;
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
    for (const line of document.querySelectorAll('.status[role="status"]:not([hidden]) .tenant-now')) line.textContent = `Tenant session: ${answer.textContent}`;
    session = result;
    showAccount(result);
    syncIdle();
    syncBackChannel();
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

/**
 * Hears the tenant end the session elsewhere, while signed in: the example's
 * server holds the stream (examples/back-channel-receiver.mjs), and one tab of
 * the browser reads it for all. A stream the server refuses (no session any
 * more) is retried with backoff until the page learns it is signed out.
 */
let backChannelWatch;
function syncBackChannel() {
  const run = session?.authenticated === true;
  if (run && !backChannelWatch) backChannelWatch = watchBackChannelLogout(webAuth, { url: '/back-channel/events' });
  else if (!run && backChannelWatch) {
    backChannelWatch.stop();
    backChannelWatch = undefined;
  }
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
async function inPopup(open, action) {
  const wasSignedIn = session?.authenticated;
  const result = await open();
  await sayAboutLogout(action, describeReturn(result, ' in a popup', wasSignedIn), wasSignedIn === false ? 'info' : 'ok');
}

function requireLogin(value, what) {
  if (!value) throw new Error(`Log in first: ${what} is what the local tenant reports for the session.`);
  return value;
}

const hint = () => (session?.sid ? { logoutHint: session.sid } : {});

const actions = {
  logout: () => webAuth.logout({ returnTo: config.returnTo }),
  'logout-popup': () => inPopup(() => logoutWithPopup(webAuth, { returnTo: config.pageUrl }), 'logout-popup'),
  'oidc-logout-popup': () => inPopup(() => oidcLogoutWithPopup(webAuth, { postLogoutRedirectUri: config.oidcReturnTo, ...hint() }), 'oidc-logout-popup'),
  'logout-revoke': () => webAuth.logout({ returnTo: config.returnTo, revokeRefreshToken: requireLogin(session?.refreshToken, 'the refresh token') }),
  'logout-federated': () => webAuth.logout({ returnTo: config.returnTo, federated: true }),
  'logout-shorthand': () => webAuth.logout(config.returnTo),
  'logout-no-return-to': () => webAuth.logout(),
  'logout-no-client-id': () => webAuth.logout({ clientID: undefined, returnTo: config.signedOutUrl }),
  // No `state`: the SDK makes one up and handleLogoutReturn checks it on the way back.
  'oidc-logout': () => oidcLogout(webAuth, { postLogoutRedirectUri: config.oidcReturnTo }),
  'oidc-logout-hint': () => oidcLogout(webAuth, { postLogoutRedirectUri: config.oidcReturnTo, logoutHint: requireLogin(session?.sid, 'the logout_hint') }),
  'oidc-logout-post': () => oidcLogout(webAuth, { httpMethod: 'POST', postLogoutRedirectUri: config.oidcReturnTo, ...hint() }),
  'logout-framed': () => webAuth.logout({ returnTo: config.framedPageUrl, redirectTarget: 'top' }),
  'logout-local': async () => {
    await webAuth.logout({ openUrl: false });
    // Nothing was sent to the tenant: its session, and the other apps signed in with it, are untouched.
    await sayAboutLogout('logout-local', 'Signed out of this app only; the tenant session is still open', 'info');
  },
  'logout-open-url': async () => {
    await webAuth.logout({
      returnTo: config.returnTo,
      openUrl: (url) => {
        $('opened-url').textContent = url;
      },
    });
    await sayAboutLogout(
      'logout-open-url',
      'The logout URL went to the custom opener (below), which opened nothing: the tenant session is still open until something opens that URL',
      'info',
    );
  },
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
  runningAction = action;
  const beside = statusFor(action);
  if (beside) beside.hidden = true;
  try {
    await actions[action]();
    $('result').textContent = `${action} resolved`;
  } catch (error) {
    showError(error);
    // Beside the button too: a popup that did not come back was abandoned; anything else left nothing.
    const abandoned = error?.code === 'popup_closed' || error?.code === 'timeout';
    if (beside) say(beside, abandoned ? abandonedText(error.code) : `Not signed out: ${error?.message ?? error}`, abandoned ? 'warn' : 'error');
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
  document.querySelector('button[data-action="logout-framed"]').hidden = false;
  document.body.classList.add('framed');
}
const mismatch = siteMismatch(config, window.location);
if (mismatch) {
  // The tenant's session cookie belongs to its site; a page on another loopback name can neither read nor send it.
  const link = document.createElement('a');
  link.href = mismatch.url;
  link.textContent = mismatch.url;
  $('site-note').append(
    `This page is on ${mismatch.pageHost}, the local tenant on ${mismatch.tenantHost}: a browser keeps a site's cookies to that site, so from here the tenant session can be neither read nor used. Open `,
    link,
    ' instead.',
  );
  $('site-note').hidden = false;
}

/** How this document was reached: `navigate`, `reload` or `back_forward` (Navigation Timing). */
function navigationType() {
  try {
    return performance.getEntriesByType('navigation')[0]?.type ?? 'navigate';
  } catch {
    return 'navigate';
  }
}

Promise.all([returned, refreshSession()]).then(async ([{ result, error }]) => {
  // The logout this tab left with, if it left from this app: its outcome goes beside the button that started it.
  const note = leftWith;
  if (error) {
    showError(error);
    await sayAboutLogout(note?.action, 'Back from Auth0, but the return could not be checked.', 'error');
  } else if (result) {
    const mine = note?.id === result.id ? note : undefined;
    await sayAboutLogout(mine?.action, describeReturn(result, '', mine?.wasSignedIn), mine?.wasSignedIn === false ? 'info' : 'ok');
  } else if (note && !heardAbandoned.has(note.id) && session?.authenticated === false) {
    // The trip did not come back, but the tenant had ended the session first (its back channel told every tab, and
    // the SDK does not take that back): not a sign-out that did not finish.
    await sayAboutLogout(note.action, 'Signed out: the tenant ended the session before this tab came back', 'ok');
  } else if (note) {
    // This tab left for the tenant and this page is not that trip's return: handleLogoutReturn has abandoned it.
    const type = navigationType();
    await sayAboutLogout(note.action, abandonedText(type === 'reload' ? 'reload' : type === 'back_forward' ? 'history' : 'navigated'), 'warn');
  } else if (arrivedWith.get('oidc') === 'done' && arrivedWith.has('state')) {
    await sayAboutLogout(undefined, 'Back on the OIDC return page, but not from a logout of this tab (its state is not the one this tab sent): not taken as a logout.', 'warn');
  }
  idleReady = true;
  syncIdle();
  // Listeners are in place, the return is handled and the session is known: tests wait for this.
  document.body.dataset.ready = 'true';
});
