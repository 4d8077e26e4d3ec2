/**
 * The logout lifecycle under hostile values (fast-check, fixed seed):
 * throwing and changing getters, proxies (revoked ones, throwing traps),
 * cycles, every primitive type, 1 MB strings, and `Object.prototype`
 * polluted under the new option and field names.
 *
 * - `logout`/`oidcLogout` with `revokeRefreshToken`, `revokeTimeoutMs`,
 *   `redirectTarget` (also on the constructor) and `httpMethod`: a call
 *   either rejects with a documented `WebAuthError` whose text never holds the
 *   token, having navigated nowhere, told no one (this tab or another), sent
 *   no request and saved no pending-logout record; or it navigates once to
 *   the tenant, the way the options say, after at most one revocation (a form
 *   POST of `client_id` and `token` to `/oauth/revoke`, the token nowhere else).
 * - `handleLogoutReturn` with hostile receivers, URLs, openers and forged
 *   records: a documented `WebAuthError`, or `undefined`, or the return of the
 *   logout that was saved; only that return is announced.
 * - `logoutWithPopup`/`oidcLogoutWithPopup`: an option refusal opens no popup
 *   and does nothing else; a popup logout ends in its `LogoutReturn` or in
 *   `popup_blocked`/`popup_closed`/`timeout`, and the opener never navigates.
 * - `refinePopupLogout`/`refineOidcPopupLogout` never reject.
 *
 * Runs: 200 + 200 + 100 + 2 × 6 (logout) + 200 + 200 (return) + 250 + 12 (popups) + 2 × 150 (refine) + 80 + 80 + 60 (pollution) = 1,694.
 */
import fc from 'fast-check';
import { pollutionArb, polluted } from '../helpers/pollution';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { thisPage } from '../../src/core/announce';
import { POPUP_RETURN } from '../../src/core/popupMessage';
import { WebAuth, WebAuthError, handleLogoutReturn, logoutWithPopup, oidcLogoutWithPopup, onLogout, oidcLogout } from '../../src/index';
import { refineOidcPopupLogout, refinePopupLogout } from '../../src/refine';
import { FIXED_SEED, jwtArb, paramTextArb, returnUrlArb } from '../helpers/arbitraries';
import { HOSTILE_KINDS, HOSTILE_VALUES, HUGE_KINDS, HUGE_VALUES, buildHostile, placementArb, type HostileKind, type HugeKind, type Placement } from '../helpers/hostile';
import { ERROR_CODES, MAX_MESSAGE_LENGTH, attempt, attemptAsync, describeThrown, isInstance, refusalViolation, urlViolation, type Outcome } from './contract';
import {
  APP,
  DOMAIN,
  ENDINGS,
  FETCH_ANSWERS,
  INSTANCE_RECEIVERS,
  MARKER,
  OtherTab,
  OtherTabs,
  PENDING_KEY,
  PROMPT_ANSWERS,
  RECEIVERS,
  TENANT,
  drivePopup,
  fakePopup,
  hostileOrNot,
  fetchViolation,
  freshClientID,
  isDelay,
  leaksToken,
  listen,
  own,
  predict,
  readOnce,
  readRecord,
  revokeTokenValueArb,
  sometimes,
  spyNavigation,
  tokenArb,
  useFakeTimers,
  type Ending,
  type FetchAnswer,
  type Navigation,
  type Prediction,
  type ReceiverKind,
  type Rules,
} from './lifecycle-hostile';

const RUNS = {
  v2: 200,
  oidc: 200,
  constructorTarget: 100,
  huge: 6,
  returnCalls: 200,
  forgedRecords: 200,
  popups: 250,
  popupOpenThrows: 12,
  refine: 150,
  pollutedOptions: 80,
  pollutedRecords: 80,
  pollutedTabs: 60,
};

const ORIGINAL_HREF = window.location.href;
let fetchMock: Mock;

beforeEach(() => {
  expect(window.location.origin, 'the pages of these tests belong to jsdom’s origin').toBe(APP);
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  sessionStorage.clear();
  window.history.replaceState(null, '', ORIGINAL_HREF);
});

/** What a well-behaved caller would put under each key; a changing getter answers this first. */
const GOOD: Record<string, unknown> = {
  revokeTimeoutMs: 250,
  redirectTarget: 'top',
  redirectMethod: 'replace',
  httpMethod: 'POST',
  returnTo: 'https://app.example.com/',
  postLogoutRedirectUri: 'https://app.example.com/',
  state: 'af0ifjsldkj',
  timeoutMs: 30_000,
  federated: true,
};
const goodFor = (key: string | null, token: string): unknown => (key === null ? undefined : key === 'revokeRefreshToken' ? token : (GOOD[key] ?? 'value'));

const isNonEmptyString = (value: unknown) => typeof value === 'string' && value !== '';
const LEAVING_CHECKS = {
  revokeRefreshToken: isNonEmptyString,
  revokeTimeoutMs: isDelay,
  redirectTarget: (value: unknown) => value === 'self' || value === 'top',
  redirectMethod: (value: unknown) => value === 'assign' || value === 'replace',
};
const V2_RULES: Rules = { checks: LEAVING_CHECKS };
const OIDC_RULES: Rules = { checks: { ...LEAVING_CHECKS, httpMethod: (value: unknown) => value === 'GET' || value === 'POST' } };
const NEW_OPTIONS: ReadonlySet<string> = new Set(['revokeRefreshToken', 'revokeTimeoutMs', 'redirectTarget', 'httpMethod', 'timeoutMs']);
const OPTION_CODES = ['invalid_option', 'invalid_options'];

const describeError = (thrown: unknown) => (isInstance(thrown, WebAuthError) ? `${(thrown as WebAuthError).code}: ${(thrown as WebAuthError).message.slice(0, 120)}` : describeThrown(thrown));

/** Why a refusal's text repeats the token, or `undefined`; the `cause` (what the app's own value threw) is not the SDK's text. */
function tokenInError(thrown: unknown): string | undefined {
  if (!isInstance(thrown, WebAuthError)) return undefined;
  const { message, stack } = thrown as WebAuthError;
  return leaksToken(message) || leaksToken(String(stack)) ? `the error repeats the token: ${message.slice(0, 120)}` : undefined;
}

// ================================================================ logout and oidcLogout

const MODES = ['openUrl in the call', 'openUrl on the constructor', 'built-in navigation', 'built-in navigation, the top window refuses'] as const;
type Mode = (typeof MODES)[number];
type Endpoint = 'v2' | 'oidc';

const leavingArbs = {
  revokeRefreshToken: revokeTokenValueArb,
  revokeTimeoutMs: fc.integer({ min: 1, max: 10_000 }),
  redirectTarget: fc.constantFrom('self', 'top'),
  redirectMethod: fc.constantFrom('assign', 'replace'),
};
/** Valid options around the hostile one (but a token of the wrong type now and then), so that the hostile value decides. */
const v2BaseArb = fc.record({ returnTo: returnUrlArb, federated: fc.boolean(), ...leavingArbs }, { requiredKeys: [], noNullPrototype: true });
const oidcBaseArb = fc.record(
  {
    postLogoutRedirectUri: returnUrlArb,
    state: paramTextArb,
    idTokenHint: jwtArb,
    federated: fc.boolean(),
    httpMethod: fc.constantFrom('GET', 'POST'),
    ...leavingArbs,
  },
  { requiredKeys: [], noNullPrototype: true },
);
const LEAVING_KEYS = ['revokeRefreshToken', 'revokeTimeoutMs', 'redirectTarget', 'redirectMethod'];
const V2_KEYS = [...LEAVING_KEYS, 'revokeRefreshToken', 'returnTo', null];
const OIDC_KEYS = [...LEAVING_KEYS, 'httpMethod', 'httpMethod', 'postLogoutRedirectUri', 'state', null];

interface LeaveRun {
  base: Record<string, unknown>;
  /** Where the hostile value is; none in a third of the runs, so that the accepting side is put to the test too. */
  placement: Placement | undefined;
  token: string;
  mode: Mode;
  constructorTarget: 'self' | 'top' | undefined;
  answer: FetchAnswer;
}

const leaveRunArb = (endpoint: Endpoint, placement = placementArb({ keys: endpoint === 'v2' ? V2_KEYS : OIDC_KEYS })): fc.Arbitrary<LeaveRun> =>
  fc.record({
    base: endpoint === 'v2' ? v2BaseArb : oidcBaseArb,
    placement: sometimes(placement),
    token: tokenArb,
    mode: fc.constantFrom(...MODES),
    constructorTarget: fc.constantFrom(undefined, 'self' as const, 'top' as const),
    answer: fc.constantFrom(...PROMPT_ANSWERS),
  });

/** How a logout that went ahead must have left: through `openUrl`, or the built-in navigation the options chose. */
function expectedNavigation(endpoint: Endpoint, run: LeaveRun, options: Record<string, unknown>): Omit<Navigation, 'url'> {
  // A whole hostile argument has no `openUrl` of its own.
  if (run.mode === 'openUrl on the constructor' || (run.mode === 'openUrl in the call' && run.placement?.key !== null)) return { how: 'openUrl' };
  const target = (options.redirectTarget ?? run.constructorTarget ?? 'self') as string;
  if (endpoint === 'oidc' && options.httpMethod === 'POST') return { how: 'form', target: target === 'top' ? '_top' : '_self' };
  return { how: 'location', method: (options.redirectMethod ?? 'assign') as string, target };
}

/** Every effect of one logout call. */
interface LeaveEffects {
  clientID: string;
  outcome: Outcome;
  navigations: Navigation[];
  fetchCalls: unknown[][];
  events: Array<Record<string, unknown>>;
  record: Record<string, unknown> | null;
}

/** The contract for a refused logout. */
function checkRefusedLeave(run: LeaveRun, prediction: Prediction, effects: LeaveEffects, thrown: unknown): void {
  expect(refusalViolation(thrown)).toBeUndefined();
  expect(tokenInError(thrown)).toBeUndefined();
  const { code } = thrown as WebAuthError;
  expect(effects.events, 'a refused logout tells no listener').toEqual([]);
  expect(effects.record, 'a refused logout leaves no pending-logout record').toBeNull();
  if (code === 'navigation_blocked') {
    // The browser refused once the logout was on its way: only after the options passed, only for the top window.
    expect(run.mode).toBe('built-in navigation, the top window refuses');
    expect(prediction.verdict).not.toBe('refused');
    expect(effects.navigations.map(({ how, target }) => ({ how, target }))).toEqual([{ how: 'location', target: 'top' }]);
    // The revocation comes before leaving, so it may have gone out: once, and only in the body.
    expect(fetchViolation(effects.fetchCalls, effects.clientID, prediction.options.revokeRefreshToken as string | undefined)).toBeUndefined();
    return;
  }
  expect(prediction.verdict, `refused options it must accept (${describeError(thrown)})`).not.toBe('accepted');
  expect(effects.navigations, 'a refused logout navigates nowhere').toEqual([]);
  expect(effects.fetchCalls.length, 'a refused logout sends no request').toBe(0);
  const key = run.placement?.key;
  if (typeof key === 'string' && NEW_OPTIONS.has(key) && prediction.verdict === 'refused') expect(OPTION_CODES).toContain(code);
}

/** The contract for a logout that went ahead. */
function checkLeft(endpoint: Endpoint, run: LeaveRun, prediction: Prediction, effects: LeaveEffects): void {
  const { clientID, navigations, events, record } = effects;
  expect(prediction.verdict, 'went ahead with options it must refuse').not.toBe('refused');
  const { options } = prediction;
  expect(navigations.length, 'navigations').toBe(1);
  const [{ url, ...how }] = navigations as [Navigation];
  expect(urlViolation(url, TENANT)).toBeUndefined();
  expect(leaksToken(url), 'the token is in the URL').toBe(false);
  expect(how).toEqual(expectedNavigation(endpoint, run, options));
  const parsed = new URL(url as string);
  expect(parsed.pathname).toBe(endpoint === 'v2' ? '/v2/logout' : '/oidc/logout');
  expect(parsed.searchParams.get('client_id')).toBe(clientID);

  const token = options.revokeRefreshToken as string | undefined;
  expect(fetchViolation(effects.fetchCalls, clientID, token)).toBeUndefined();
  const revoked = token === undefined ? undefined : run.answer === '200';

  const returnTo = (endpoint === 'v2' ? (parsed.searchParams.get('returnTo') ?? parsed.searchParams.get('return_to')) : parsed.searchParams.get('post_logout_redirect_uri')) ?? undefined;
  const state = parsed.searchParams.get('state') ?? undefined;
  if (endpoint === 'oidc' && returnTo !== undefined) {
    expect(state, 'a post_logout_redirect_uri goes with a state, for the return trip').toBeDefined();
    if (options.state === undefined) expect(state).toMatch(/^[0-9a-f]{32}$/);
    else expect(state).toBe(options.state);
  }
  const federated = parsed.searchParams.has('federated');
  const withRevoked = revoked === undefined ? {} : { revoked };
  const id = record?.id;
  expect(id, "the logout's id: the record's and its events'").toMatch(/^[0-9a-f]{32}$/);
  expect(events, "this tab's listeners hear the start, once").toEqual([{ id, clientID, endpoint, returnTo, federated, phase: 'started', source: 'this-tab', ...withRevoked }]);
  expect(record, 'the pending-logout record: what the return trip is checked against').toEqual({
    id,
    endpoint,
    returnTo,
    federated,
    ...(endpoint === 'oidc' ? { state } : {}),
    marked: false,
    ...withRevoked,
    time: expect.any(Number),
    page: expect.any(String),
  });
  expect(leaksToken(events) || leaksToken(record), 'the token is in an event or the record').toBe(false);
}

/**
 * One client ID for the runs of a property, heard by one listener in this tab
 * and one other tab (a channel per run would cost more than the run), and the
 * recorded navigations.
 */
interface Shared {
  clientID: string;
  listener: ReturnType<typeof listen>;
  tab: OtherTab;
  navigations: Navigation[];
}
function shared(label: string, refuseTop?: () => boolean): Shared {
  const clientID = freshClientID(label);
  return { clientID, listener: listen(new WebAuth({ domain: DOMAIN, clientID }), clientID), tab: new OtherTab(clientID), navigations: spyNavigation(refuseTop) };
}
/** Checks what the other tab heard, and stops listening. */
async function done({ listener, tab }: Shared, least: number): Promise<void> {
  listener.stop();
  await tab.verify(least);
}

/** One logout (or OIDC logout) through `run`, held to the contract. */
async function checkLeave(endpoint: Endpoint, run: LeaveRun, { clientID, listener, tab, navigations }: Shared): Promise<void> {
  navigations.length = 0;
  listener.reset();
  fetchMock.mockReset().mockImplementation(FETCH_ANSWERS[run.answer]);
  const openUrl = (url: string) => void navigations.push({ how: 'openUrl', url });
  const webAuth = new WebAuth({ domain: DOMAIN, clientID, redirectTarget: run.constructorTarget, ...(run.mode === 'openUrl on the constructor' ? { openUrl } : {}) });
  const base = { ...run.base, ...(run.mode === 'openUrl in the call' ? { openUrl } : {}) };
  const good = goodFor(run.placement?.key ?? null, run.token);
  const options = hostileOrNot(base, run.placement, good);
  const predicted = predict(base, run.placement, good, endpoint === 'v2' ? V2_RULES : OIDC_RULES);
  // A form POST is never handed to openUrl: its URL would carry the ID token the POST keeps out of URLs.
  const postThroughOpenUrl = endpoint === 'oidc' && predicted.options.httpMethod === 'POST' && run.mode.startsWith('openUrl');
  const prediction: Prediction = postThroughOpenUrl ? { ...predicted, verdict: 'refused' } : predicted;
  const outcome = await attemptAsync(() => (endpoint === 'v2' ? webAuth.logout(options as never) : oidcLogout(webAuth, options as never)));
  const events = [...listener.events];
  const effects: LeaveEffects = { clientID, outcome, navigations: [...navigations], fetchCalls: [...fetchMock.mock.calls], events, record: readRecord(clientID) };
  sessionStorage.removeItem(PENDING_KEY(clientID));
  tab.expect(events.map((event) => event.phase as string));
  if (outcome.ok) checkLeft(endpoint, run, prediction, effects);
  else checkRefusedLeave(run, prediction, effects, outcome.thrown);
}

describe('logout and oidcLogout: revokeRefreshToken, revokeTimeoutMs, redirectTarget, httpMethod under hostile values', () => {
  for (const endpoint of ['v2', 'oidc'] as const) {
    const runs = endpoint === 'v2' ? RUNS.v2 : RUNS.oidc;
    it(`${endpoint === 'v2' ? 'logout' : 'oidcLogout'} refuses with a WebAuthError that never repeats the token and does nothing, or revokes at most once and navigates once, as asked (${runs} runs)`, async () => {
      let refuseTop = false;
      const context = shared(endpoint, () => refuseTop);
      await fc.assert(
        fc.asyncProperty(leaveRunArb(endpoint), async (run) => {
          refuseTop = run.mode === 'built-in navigation, the top window refuses';
          await checkLeave(endpoint, run, context);
        }),
        { seed: FIXED_SEED, numRuns: runs },
      );
      await done(context, runs / 8);
    });
  }

  it(`redirectTarget and redirectMethod on the constructor: a WebAuthError, or every logout leaves through the window they name (${RUNS.constructorTarget} runs)`, async () => {
    const { clientID, listener, navigations } = shared('constructor');
    const rules: Rules = { checks: { redirectTarget: LEAVING_CHECKS.redirectTarget, redirectMethod: LEAVING_CHECKS.redirectMethod } };
    let constructed = 0;
    await fc.assert(
      fc.asyncProperty(
        sometimes(placementArb({ keys: ['redirectTarget', 'redirectTarget', 'redirectMethod'] })),
        fc.record({ redirectTarget: fc.constantFrom('self', 'top'), redirectMethod: fc.constantFrom('assign', 'replace') }, { requiredKeys: [], noNullPrototype: true }),
        fc.constantFrom(undefined, 'self', 'top'),
        async (placement, navigation, callTarget) => {
        navigations.length = 0;
        listener.reset();
        const base = { domain: DOMAIN, clientID, ...navigation };
        const good = goodFor(placement?.key ?? null, '');
        const prediction = predict(base, placement, good, rules);
        const built = attempt(() => new WebAuth(hostileOrNot(base, placement, good) as never));
        if (!built.ok) {
          expect(refusalViolation(built.thrown)).toBeUndefined();
          expect(OPTION_CODES).toContain((built.thrown as WebAuthError).code);
          expect(prediction.verdict).not.toBe('accepted');
          return;
        }
        constructed++;
        expect(prediction.verdict, 'constructed with options it must refuse').not.toBe('refused');
        await (built.value as WebAuth).logout({ returnTo: 'https://app.example.com/', redirectTarget: callTarget });
        const { events } = listener;
        expect(navigations.map(({ how, method, target }) => ({ how, method, target }))).toEqual([
          { how: 'location', method: prediction.options.redirectMethod ?? 'assign', target: callTarget ?? prediction.options.redirectTarget ?? 'self' },
        ]);
        expect(events.map((event) => event.phase)).toEqual(['started']);
        },
      ),
      { seed: FIXED_SEED, numRuns: RUNS.constructorTarget },
    );
    expect(constructed, 'instances constructed: the accepting side is put to the test too').toBeGreaterThan(RUNS.constructorTarget / 6);
  });

  for (const endpoint of ['v2', 'oidc'] as const) {
    it(`${endpoint === 'v2' ? 'logout' : 'oidcLogout'}: 1 MB strings, 10,000-deep nesting, 50,000 keys under the new options keep the contract and short messages (${RUNS.huge} runs)`, async () => {
      const context = shared(`huge-${endpoint}`);
      const keys = endpoint === 'v2' ? LEAVING_KEYS : [...LEAVING_KEYS, 'httpMethod'];
      await fc.assert(
        fc.asyncProperty(leaveRunArb(endpoint, placementArb({ keys, kinds: HUGE_KINDS })), async (run) => checkLeave(endpoint, { ...run, mode: 'built-in navigation' }, context)),
        { seed: FIXED_SEED, numRuns: RUNS.huge },
      );
      await done(context, 0);
    });
  }
});

// ================================================================ handleLogoutReturn

const RETURN_PATHS = ['/', '/logged-out', '/a/b/', '/back?x=1', '/ünï', '/%7Euser'];
const hexArb = fc.stringMatching(/^[0-9a-f]{32}$/);

interface Stored {
  endpoint: Endpoint;
  path: string;
  federated: boolean;
  revoked: boolean | undefined;
  state: string;
  /** Where the record is: this tab's storage (a redirect logout), or the opener's (a popup logout). */
  where: 'this tab' | 'the opener';
  popup: string;
  id: string;
  /** Whether `returnTo` carries the logout's id (`markReturn`, `/v2/logout` only). */
  marked: boolean;
  /** The document that left: an earlier one of the tab (this is where the return may land), or this very page (an `openUrl` logout). */
  leftFrom: 'an earlier page' | 'this page';
  /** How this document was reached, as Navigation Timing says. */
  navigation: 'navigate' | 'reload' | 'back_forward';
}
const storedArb: fc.Arbitrary<Stored> = fc.record({
  endpoint: fc.constantFrom('v2' as const, 'oidc' as const),
  path: fc.constantFrom(...RETURN_PATHS),
  federated: fc.boolean(),
  revoked: fc.constantFrom(undefined, true, false),
  state: hexArb,
  where: fc.constantFrom('this tab' as const, 'this tab' as const, 'the opener' as const),
  popup: hexArb,
  id: hexArb,
  marked: fc.boolean(),
  leftFrom: fc.constantFrom('an earlier page' as const, 'an earlier page' as const, 'this page' as const),
  navigation: fc.oneof({ weight: 4, arbitrary: fc.constant('navigate' as const) }, fc.constantFrom('reload' as const, 'back_forward' as const)),
});

/** The record `logout()` would have saved for `stored`, `age` ms ago. */
function recordOf(stored: Stored, age = 1000): Record<string, unknown> {
  return {
    id: stored.id,
    endpoint: stored.endpoint,
    returnTo: APP + stored.path,
    ...(stored.endpoint === 'oidc' ? { state: stored.state } : {}),
    marked: stored.endpoint === 'v2' && stored.marked,
    federated: stored.federated,
    ...(stored.revoked === undefined ? {} : { revoked: stored.revoked }),
    time: Date.now() - age,
    page: stored.leftFrom === 'this page' ? thisPage : 'an-earlier-page',
    ...(stored.where === 'the opener' ? { popup: `webauth-logout-${stored.popup}` } : {}),
  };
}

/** Makes Navigation Timing say this document was reached by `type`. */
const navigatedBy = (type: Stored['navigation']) =>
  vi.spyOn(performance, 'getEntriesByType').mockImplementation((kind: string) => (kind === 'navigation' ? ([{ type }] as unknown as PerformanceEntryList) : []));

/** The page a browser may come back to: the return URL or not, with the state sent, another, or none. */
interface PageSpec {
  origin: string;
  path: 'the return path' | 'another path';
  state: 'none' | 'the one sent' | 'another' | 'another, then the one sent';
  suffix: string;
  /** How the page is given: the `url` argument (absolute or relative), or the address bar (no argument). */
  form: 'absolute' | 'relative' | 'the address bar';
  otherState: string;
  /** The `markReturn` marker in the query: the logout's id, another, or none. */
  marker: 'none' | 'the id' | 'another';
}
const pageSpecArb: fc.Arbitrary<PageSpec> = fc.record({
  origin: fc.oneof({ weight: 5, arbitrary: fc.constant(APP) }, fc.constantFrom('https://localhost:3000', 'http://localhost:3001', 'http://127.0.0.1:3000')),
  path: fc.oneof({ weight: 3, arbitrary: fc.constant('the return path' as const) }, fc.constant('another path' as const)),
  state: fc.oneof({ weight: 3, arbitrary: fc.constant('the one sent' as const) }, fc.constantFrom('none' as const, 'another' as const, 'another, then the one sent' as const)),
  suffix: fc.constantFrom('', '', '&x=1', '#top', '&state='),
  form: fc.constantFrom('absolute' as const, 'relative' as const, 'the address bar' as const),
  otherState: hexArb,
  marker: fc.oneof({ weight: 3, arbitrary: fc.constant('the id' as const) }, fc.constantFrom('none' as const, 'another' as const)),
});

function pageOf(spec: PageSpec, stored: Stored | undefined): string {
  const path = spec.path === 'another path' ? '/elsewhere' : (stored?.path ?? '/logged-out');
  const sent = stored?.state ?? spec.otherState;
  const state = { none: [], 'the one sent': [sent], another: [spec.otherState], 'another, then the one sent': [spec.otherState, sent] }[spec.state];
  const marker = { none: [], 'the id': [stored?.id ?? spec.otherState], another: [spec.otherState] }[spec.marker];
  const query = [...state.map((value) => `state=${value}`), ...marker.map((value) => `webauth_logout=${value}`)].join('&');
  const joined = query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path;
  return `${joined}${spec.suffix.startsWith('&') && !joined.includes('?') ? `?${spec.suffix.slice(1)}` : spec.suffix}`;
}

const ODD_URLS = [
  '',
  ' ',
  'javascript:alert(1)',
  '//evil.example/logged-out',
  'http://[',
  'http://localhost:3000/logged-out\n?state=x',
  '\u0000',
  '%',
  '?state=',
  '#',
  'data:text/html,<script>alert(1)</script>',
  'https://user:pw@localhost:3000/logged-out',
  'about:blank',
  'blob:http://localhost:3000/x',
  `/${'a'.repeat(2 ** 16)}`,
];
type UrlChoice = { page: PageSpec } | { hostile: HostileKind | HugeKind } | { odd: string };
const urlChoiceArb: fc.Arbitrary<UrlChoice> = fc.oneof(
  { weight: 8, arbitrary: pageSpecArb.map((page) => ({ page })) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KINDS).map((hostile) => ({ hostile })) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_KINDS).map((hostile) => ({ hostile })) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_URLS).map((odd) => ({ odd })) },
  { weight: 1, arbitrary: paramTextArb.map((odd) => ({ odd })) },
);

type ReceiverChoice = { named: ReceiverKind | 'another instance' } | { hostile: HostileKind };
const INSTANCE: ReceiverChoice = { named: 'the instance' };
/** For a run that is hostile in its receiver: anything but the instance itself, mostly values of every type. */
const strangeReceiverArb: fc.Arbitrary<ReceiverChoice> = fc.oneof(
  fc.constantFrom(...(Object.keys(RECEIVERS) as ReceiverKind[]).filter((named) => named !== 'the instance')).map((named) => ({ named })),
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KINDS).map((hostile) => ({ hostile })) },
);
const receiverArb: fc.Arbitrary<ReceiverChoice> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ named: 'the instance' as const }) },
  { weight: 2, arbitrary: fc.constantFrom(...(Object.keys(RECEIVERS) as ReceiverKind[]), 'another instance' as const).map((named) => ({ named })) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KINDS).map((hostile) => ({ hostile })) },
);
function receiverOf(choice: ReceiverChoice, webAuth: WebAuth, another: WebAuth): unknown {
  if ('hostile' in choice) return HOSTILE_VALUES[choice.hostile]();
  return choice.named === 'another instance' ? another : RECEIVERS[choice.named](webAuth);
}
const isInstanceReceiver = (choice: ReceiverChoice) => 'named' in choice && (INSTANCE_RECEIVERS.has(choice.named) || choice.named === 'another instance');

const OPENERS = ['none', 'none', 'the page itself', 'a page of another origin', 'a page that says it is of another origin', 'a revoked proxy', 'a page of this origin'] as const;
type OpenerKind = (typeof OPENERS)[number];

/**
 * `window.opener` as `kind` says. Each holds `store` as its storage (the
 * record of a popup logout, when the run put one there) and records what is
 * posted to it: only a page of this origin may be trusted with either.
 */
function openerOf(kind: OpenerKind, store: Map<string, string>, posted: unknown[][]): unknown {
  const postMessage = (...args: unknown[]) => void posted.push(args);
  const sessionStorage = { getItem: (key: string) => store.get(key) ?? null, setItem: (key: string, value: string) => void store.set(key, value), removeItem: (key: string) => void store.delete(key) };
  switch (kind) {
    case 'none':
      return null;
    case 'the page itself':
      return window;
    case 'a page of another origin':
      return {
        get location(): never {
          throw new DOMException('Blocked a frame from accessing a cross-origin frame.', 'SecurityError');
        },
        sessionStorage,
        postMessage,
      };
    case 'a page that says it is of another origin':
      return { location: { origin: 'https://evil.example' }, sessionStorage, postMessage };
    case 'a revoked proxy': {
      const { proxy, revoke } = Proxy.revocable({ sessionStorage, postMessage }, {});
      revoke();
      return proxy;
    }
    case 'a page of this origin':
      return { location: { origin: APP }, sessionStorage, postMessage };
  }
}

/**
 * Whether `page` is where the logout of `record` comes back, as the contract
 * says: its return URL, query and fragment aside, with the state sent, or
 * with the marker when the return URL was marked.
 */
function isReturnPage(record: Record<string, unknown>, page: URL): boolean {
  const expected = new URL(record.returnTo as string);
  if (page.origin !== expected.origin || page.pathname !== expected.pathname) return false;
  if (record.endpoint === 'oidc') return page.searchParams.get('state') === record.state;
  return !record.marked || page.searchParams.get('webauth_logout') === record.id;
}

const returnOf = (record: Record<string, unknown>) => {
  const { id, endpoint, returnTo, state, federated, revoked } = record;
  return { id, endpoint, returnTo, federated, ...(state === undefined ? {} : { state }), ...(revoked === undefined ? {} : { revoked }) };
};

/** The event of the logout of `record`, in this tab, at `phase`. */
const eventOf = (clientID: string, record: Record<string, unknown>, phase: string, reason?: string) => {
  const { id, endpoint, returnTo, federated, revoked } = record;
  return { id, clientID, endpoint, returnTo, federated, ...(revoked === undefined ? {} : { revoked }), phase, ...(reason === undefined ? {} : { reason }), source: 'this-tab' };
};


interface ReturnRun {
  receiver: ReceiverChoice;
  stored: Stored | undefined;
  url: UrlChoice;
  opener: OpenerKind;
}

/** One `handleLogoutReturn` call through `run`, held to the contract. Returns whether the return was recognised. */
async function checkReturn(run: ReturnRun, tabs: OtherTabs): Promise<boolean> {
  const clientID = freshClientID('return');
  const webAuth = new WebAuth({ domain: DOMAIN, clientID });
  const another = new WebAuth({ domain: DOMAIN, clientID: freshClientID('another') });
  const record = run.stored && recordOf(run.stored);
  const saved = record && JSON.stringify(record);
  const openerStore = new Map<string, string>();
  if (saved !== undefined && run.stored!.where === 'this tab') sessionStorage.setItem(PENDING_KEY(clientID), saved);
  if (saved !== undefined && run.stored!.where === 'the opener') openerStore.set(PENDING_KEY(clientID), saved);
  const posted: unknown[][] = [];
  const close = vi.fn();
  const navigation = run.stored?.navigation ?? 'navigate';
  navigatedBy(navigation);
  vi.stubGlobal('opener', openerOf(run.opener, openerStore, posted));
  vi.stubGlobal('close', close);

  let url: unknown;
  if ('hostile' in run.url) url = { ...HOSTILE_VALUES, ...HUGE_VALUES }[run.url.hostile]();
  else if ('odd' in run.url) url = run.url.odd;
  else {
    const path = pageOf(run.url.page, run.stored);
    if (run.url.page.origin !== APP || run.url.page.form === 'absolute') url = run.url.page.origin + path;
    else if (run.url.page.form === 'relative') url = path;
    else window.history.replaceState(null, '', path);
  }
  const barBefore = window.location.href;

  const { events, stop } = listen(webAuth, clientID, another);
  const tab = tabs.listen(clientID, () => JSON.stringify(run));
  const outcome = await attemptAsync(() => handleLogoutReturn(receiverOf(run.receiver, webAuth, another) as never, url as never));
  stop();
  const barAfter = window.location.href;
  const savedAfter = sessionStorage.getItem(PENDING_KEY(clientID));
  sessionStorage.removeItem(PENDING_KEY(clientID));
  window.history.replaceState(null, '', ORIGINAL_HREF);

  // What the contract says the call must give.
  let expected: { code: string } | { page: URL };
  if (!isInstanceReceiver(run.receiver)) expected = { code: 'invalid_instance' };
  else if (url !== undefined && typeof url !== 'string') expected = { code: 'invalid_option' };
  else {
    try {
      expected = { page: new URL((url as string | undefined) ?? barBefore, barBefore) };
    } catch {
      expected = { code: 'invalid_options' };
    }
  }
  if ('code' in expected) {
    expect(outcome.ok ? own(outcome.value) : refusalViolation(outcome.thrown), 'refused with a documented WebAuthError').toBeUndefined();
    expect(outcome.ok ? undefined : (outcome.thrown as WebAuthError).code).toBe(expected.code);
  }
  const page = 'page' in expected ? expected.page : undefined;
  const ours = 'named' in run.receiver && run.receiver.named !== 'another instance';
  const viaOpener = record !== undefined && run.stored!.where === 'the opener' && run.opener === 'a page of this origin';
  const viaThisTab = record !== undefined && run.stored!.where === 'this tab';
  const asked = page !== undefined && ours;
  // A popup's page hands a return to its opener, whatever the opener's page.
  const popupReturn = asked && viaOpener && isReturnPage(record!, page);
  // The page that left (an openUrl logout) completes only with the URL it came back to; a later document, only when navigated to.
  const leftHere = run.stored?.leftFrom === 'this page';
  const returnHere = asked && viaThisTab && (leftHere ? url !== undefined : navigation === 'navigate') && isReturnPage(record!, page);
  const recognised = popupReturn || returnHere;
  // Any other document of the tab that left shows the trip did not come back.
  const abandoned = asked && viaThisTab && !leftHere && !returnHere;
  // Other tabs hear what this tab's listeners heard.
  tab.expect(events.map((event) => event.phase as string));

  if (page !== undefined) {
    expect(outcome.ok ? own(outcome.value) : describeError(outcome.thrown), 'what handleLogoutReturn resolves').toEqual(recognised ? returnOf(record!) : undefined);
  }
  const spent = page && new URL(page);
  spent?.searchParams.delete('state');
  spent?.searchParams.delete('webauth_logout');
  const barExpected = recognised && barBefore === page!.href && (page!.searchParams.has('state') || page!.searchParams.has('webauth_logout')) ? spent!.href : barBefore;
  expect(barAfter, 'the address bar loses the echoed state and marker, and only on a recognised return').toBe(barExpected);
  if (popupReturn) {
    // In a logout popup: the opener is told (and finishes the logout), the popup closes, nobody here is told.
    expect(events).toEqual([]);
    expect(posted).toEqual([[{ type: POPUP_RETURN, popup: record!.popup, state: record!.state }, APP]]);
    expect(close).toHaveBeenCalledTimes(1);
  } else if (recognised) {
    expect(events).toEqual([eventOf(clientID, record!, 'completed')]);
    expect(savedAfter, 'the record is spent').toBeNull();
    expect(posted).toEqual([]);
    expect(close).not.toHaveBeenCalled();
  } else if (abandoned) {
    // This document's listeners learn how their tab's logout ended, as the other tabs do.
    const reason = navigation === 'reload' ? 'reload' : navigation === 'back_forward' ? 'history' : 'navigated';
    expect(events, 'the abandonment is told to this document too').toEqual([eventOf(clientID, record!, 'abandoned', reason)]);
    expect(savedAfter, 'the abandoned logout is forgotten').toBeNull();
    expect(posted).toEqual([]);
    expect(close).not.toHaveBeenCalled();
  } else {
    expect(events, 'nothing recognised: nobody is told').toEqual([]);
    expect(posted, 'nothing recognised: no opener is told').toEqual([]);
    expect(close).not.toHaveBeenCalled();
    expect(savedAfter, 'the page that left, or a call that is refused, leaves the pending logout for the real return').toBe(viaThisTab ? saved : null);
  }
  return recognised;
}

/** What a forged record holds under one field instead; `ABSENT` removes the field. */
const ABSENT = Symbol('absent');
const FUTURE = Symbol('a minute ahead');
const TOO_OLD = Symbol('six minutes ago');
const FIELD_FORGERIES: Record<string, unknown[]> = {
  endpoint: [ABSENT, 'V2', 'oidc ', 'v1', 1, null, true, ['v2'], {}],
  returnTo: [
    'javascript:alert(1)//localhost:3000/logged-out',
    'javascript://localhost:3000/logged-out',
    'data:text/html,x',
    '//localhost:3000/logged-out',
    '/logged-out',
    'http:/localhost:3000/logged-out',
    'http://user:pw@localhost:3000/logged-out',
    'http://localhost:3000/logged-out\n',
    ' http://localhost:3000/logged-out',
    'ftp://localhost:3000/logged-out',
    1,
    null,
    true,
    ['http://localhost:3000/logged-out'],
    {},
  ],
  federated: [ABSENT, 'true', 1, 0, null, 'false', []],
  state: [1, null, true, {}, ['x']],
  revoked: [1, 'true', null, 0, {}],
  popup: [1, null, true, {}, []],
  time: [ABSENT, FUTURE, TOO_OLD, 'now', null, -1, 1e21, true, '0'],
  id: [ABSENT, 1, null, true, {}, ['x']],
  page: [ABSENT, 1, null, true, {}],
  marked: [ABSENT, 'true', 1, 0, null],
  reason: ['reload', 'no_return', 'Idle', 1, null, true],
};

type Forgery =
  | { field: 'none' }
  | { field: string; value: unknown }
  | { raw: string }
  | { json: string };
const forgeryArb: fc.Arbitrary<Forgery> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ field: 'none' }) },
  // Valid, but a record of a logout that has no return URL, or an OIDC one without state: nothing to recognise.
  { weight: 1, arbitrary: fc.constantFrom('returnTo', 'state').map((field) => ({ field, value: ABSENT })) },
  {
    weight: 10,
    arbitrary: fc.constantFrom(...Object.keys(FIELD_FORGERIES)).chain((field) => fc.constantFrom(...FIELD_FORGERIES[field]!).map((value) => ({ field, value }))),
  },
  { weight: 2, arbitrary: fc.constantFrom('{not json', '', 'null', '[]', '"x"', '42', 'true', 'the valid record in an array', 'the valid record under __proto__').map((raw) => ({ raw })) },
  { weight: 2, arbitrary: fc.oneof(fc.json(), fc.string({ maxLength: 40 })).map((json) => ({ json })) },
);

/**
 * The stored string, and what the call must do with it: recognise the return,
 * see a valid record that this page is not the return of (then the page that
 * left keeps it, a later document abandons it), or remove it.
 */
function forge(stored: Stored, forgery: Forgery): { saved: string; fate: 'recognised' | 'kept' | 'removed' } {
  const valid = recordOf(stored);
  if ('raw' in forgery) {
    if (forgery.raw === 'the valid record in an array') return { saved: JSON.stringify([valid]), fate: 'removed' };
    if (forgery.raw === 'the valid record under __proto__') return { saved: `{"__proto__":${JSON.stringify(valid)}}`, fate: 'removed' };
    return { saved: forgery.raw, fate: 'removed' };
  }
  if ('json' in forgery) return { saved: forgery.json, fate: 'removed' };
  if (forgery.field === 'none') return { saved: JSON.stringify(valid), fate: 'recognised' };
  const { value } = forgery as { field: string; value: unknown };
  const record: Record<string, unknown> = { ...valid };
  if (value === ABSENT) delete record[forgery.field];
  else record[forgery.field] = value === FUTURE ? Date.now() + 60_000 : value === TOO_OLD ? Date.now() - 6 * 60_000 : value;
  if (value === ABSENT && forgery.field === 'returnTo') return { saved: JSON.stringify(record), fate: 'kept' };
  if (value === ABSENT && forgery.field === 'state') return { saved: JSON.stringify(record), fate: stored.endpoint === 'v2' ? 'recognised' : 'kept' };
  return { saved: JSON.stringify(record), fate: 'removed' };
}

/** Whether a junk JSON value happens to pass for a record: then the property has nothing to say about it. */
function looksLikeARecord(saved: string): boolean {
  try {
    const value = JSON.parse(saved) as Record<string, unknown>;
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof value.id === 'string' &&
      typeof value.page === 'string' &&
      typeof value.marked === 'boolean' &&
      (value.endpoint === 'v2' || value.endpoint === 'oidc') &&
      typeof value.federated === 'boolean' &&
      typeof value.time === 'number'
    );
  } catch {
    return false;
  }
}

describe('handleLogoutReturn under hostile values', () => {
  it(`hostile receivers, URLs and openers: a WebAuthError, undefined, or the saved logout's return, announced only then (${RUNS.returnCalls} runs)`, async () => {
    const tabs = new OtherTabs();
    let recognised = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ receiver: receiverArb, stored: fc.option(storedArb, { nil: undefined, freq: 6 }), url: urlChoiceArb, opener: fc.constantFrom(...OPENERS) }),
        async (run) => {
          if (await checkReturn(run, tabs)) recognised++;
        },
      ),
      { seed: FIXED_SEED, numRuns: RUNS.returnCalls },
    );
    expect(recognised, 'returns recognised: the accepting side is put to the test too').toBeGreaterThan(RUNS.returnCalls / 20);
    await tabs.verify(RUNS.returnCalls / 30);
  });

  it(`forged pending-logout records (any JSON, wrong types, future or stale times, javascript: return URLs) are never taken for a return (${RUNS.forgedRecords} runs)`, async () => {
    const tabs = new OtherTabs();
    let recognised = 0;
    await fc.assert(
      fc.asyncProperty(storedArb.map((stored) => ({ ...stored, where: 'this tab' as const, navigation: 'navigate' as const })), forgeryArb, async (stored, forgery) => {
        const { saved, fate: seen } = forge(stored, forgery);
        // A valid record this page is not the return of: the page that left keeps it, a later document abandons it.
        const fate = seen === 'kept' && stored.leftFrom === 'an earlier page' ? 'abandoned' : seen;
        fc.pre(!('json' in forgery) || !looksLikeARecord(saved));
        const clientID = freshClientID('forged');
        const webAuth = new WebAuth({ domain: DOMAIN, clientID });
        sessionStorage.setItem(PENDING_KEY(clientID), saved);
        const { events, stop } = listen(webAuth, clientID);
        const tab = tabs.listen(clientID, () => `${JSON.stringify(stored)} ${saved.slice(0, 200)}`);
        // The page the saved logout names, with its state and its marker: only the record decides.
        const page = `${APP}${stored.path}${stored.path.includes('?') ? '&' : '?'}state=${stored.state}&webauth_logout=${stored.id}`;
        const outcome = await attemptAsync(() => handleLogoutReturn(webAuth, page));
        stop();
        const left = sessionStorage.getItem(PENDING_KEY(clientID));
        sessionStorage.removeItem(PENDING_KEY(clientID));
        // The abandonment reaches this document's listeners and the other tabs.
        tab.expect(events.map((event) => event.phase as string));
        expect(outcome.ok ? own(outcome.value) : describeError(outcome.thrown)).toEqual(fate === 'recognised' ? returnOf(JSON.parse(saved) as Record<string, unknown>) : undefined);
        expect(events.map((event) => event.phase)).toEqual(fate === 'recognised' ? ['completed'] : fate === 'abandoned' ? ['abandoned'] : []);
        expect(left, `the record is ${fate === 'kept' ? 'kept' : 'removed'}`).toBe(fate === 'kept' ? saved : null);
        if (fate === 'recognised') recognised++;
      }),
      { seed: FIXED_SEED, numRuns: RUNS.forgedRecords },
    );
    expect(recognised, 'genuine records recognised among the forgeries').toBeGreaterThan(RUNS.forgedRecords / 20);
    await tabs.verify(RUNS.forgedRecords / 30);
  });
});

// ================================================================ popup logouts

const sameOriginPage = (value: unknown) => {
  try {
    return typeof value === 'string' && new URL(value).origin === APP;
  } catch {
    return false;
  }
};
const popupRules = (urlKey: string, extra: Rules['checks'] = {}): Rules => ({
  checks: { revokeRefreshToken: isNonEmptyString, revokeTimeoutMs: isDelay, timeoutMs: isDelay, [urlKey]: sameOriginPage, ...extra },
  required: [urlKey],
  // A popup does not navigate the page that opens it: these options are refused, whatever they hold.
  forbidden: ['openUrl', 'redirectTarget', 'redirectMethod'],
});
const POPUP_RULES: Record<Endpoint, Rules> = {
  v2: popupRules('returnTo'),
  oidc: popupRules('postLogoutRedirectUri', { httpMethod: (value: unknown) => value === 'GET' || value === 'POST' }),
};
const popupPageArb = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...RETURN_PATHS).map((path) => APP + path) }, fc.constant('https://app.example.com/logged-out'));
const popupTimeoutArb = fc.oneof({ weight: 3, arbitrary: fc.constant(30_000) }, fc.integer({ min: 1, max: 120_000 }));
const popupBaseArb: Record<Endpoint, fc.Arbitrary<Record<string, unknown>>> = {
  v2: fc.record(
    { returnTo: popupPageArb, federated: fc.boolean(), revokeRefreshToken: revokeTokenValueArb, revokeTimeoutMs: fc.integer({ min: 1, max: 5000 }), timeoutMs: popupTimeoutArb },
    { requiredKeys: ['returnTo', 'timeoutMs'], noNullPrototype: true },
  ),
  oidc: fc.record(
    {
      postLogoutRedirectUri: popupPageArb,
      state: hexArb,
      idTokenHint: jwtArb,
      federated: fc.boolean(),
      httpMethod: fc.constantFrom('GET', 'POST'),
      revokeRefreshToken: revokeTokenValueArb,
      revokeTimeoutMs: fc.integer({ min: 1, max: 5000 }),
      timeoutMs: popupTimeoutArb,
    },
    { requiredKeys: ['postLogoutRedirectUri', 'timeoutMs'], noNullPrototype: true },
  ),
};
const POPUP_KEYS: Record<Endpoint, Array<string | null>> = {
  v2: ['timeoutMs', 'timeoutMs', 'revokeRefreshToken', 'revokeTimeoutMs', 'returnTo', 'redirectTarget', 'openUrl', 'redirectMethod', null],
  oidc: ['timeoutMs', 'timeoutMs', 'revokeRefreshToken', 'revokeTimeoutMs', 'postLogoutRedirectUri', 'httpMethod', 'redirectTarget', 'openUrl', null],
};
const POPUP_GOOD: Record<string, unknown> = { returnTo: `${APP}/logged-out`, postLogoutRedirectUri: `${APP}/logged-out` };

interface PopupRun {
  endpoint: Endpoint;
  /** The instance, but where the run is hostile there. */
  receiver: ReceiverChoice;
  base: Record<string, unknown>;
  /** Where the hostile value is in the options, if the run is hostile there. */
  placement: Placement | undefined;
  token: string;
  opens: 'a popup' | 'nothing (blocked)';
  ending: Ending;
  answer: FetchAnswer;
}
const popupRunArb: fc.Arbitrary<PopupRun> = fc.constantFrom('v2' as const, 'oidc' as const).chain((endpoint) =>
  fc.record({
    endpoint: fc.constant(endpoint),
    hostility: fc.oneof(
      { weight: 2, arbitrary: fc.constant({ receiver: INSTANCE, placement: undefined }) },
      { weight: 1, arbitrary: strangeReceiverArb.map((receiver) => ({ receiver, placement: undefined })) },
      { weight: 3, arbitrary: placementArb({ keys: POPUP_KEYS[endpoint] }).map((placement) => ({ receiver: INSTANCE, placement })) },
    ),
    base: popupBaseArb[endpoint],
    token: tokenArb,
    opens: fc.constantFrom('a popup' as const, 'a popup' as const, 'a popup' as const, 'a popup' as const, 'nothing (blocked)' as const),
    ending: fc.constantFrom(...ENDINGS),
    answer: fc.constantFrom(...(Object.keys(FETCH_ANSWERS) as FetchAnswer[])),
  }).map(({ hostility, ...run }) => ({ ...run, ...hostility })),
);

const POPUP_ENDS = ['popup_blocked', 'popup_closed', 'timeout'];

async function checkPopup(run: PopupRun, { clientID, listener, tab, navigations }: Shared): Promise<'resolved' | 'refused' | 'ended'> {
  const { endpoint } = run;
  navigations.length = 0;
  listener.reset();
  fetchMock.mockReset().mockImplementation(FETCH_ANSWERS[run.answer]);
  const webAuth = new WebAuth({ domain: DOMAIN, clientID });
  const good = POPUP_GOOD[run.placement?.key ?? ''] ?? goodFor(run.placement?.key ?? null, run.token);
  const options = hostileOrNot(run.base, run.placement, good);
  const prediction = predict(run.base, run.placement, good, POPUP_RULES[endpoint]);
  const popup = run.opens === 'a popup' ? fakePopup() : undefined;
  const open = vi.fn((..._args: unknown[]) => popup ?? null);
  vi.stubGlobal('open', open);
  useFakeTimers();
  const popupLogout = endpoint === 'v2' ? logoutWithPopup : oidcLogoutWithPopup;
  const running = attemptAsync(() => popupLogout(receiverOf(run.receiver, webAuth, webAuth) as never, options as never));
  const { outcome, ended } = await drivePopup(running, popup, () => open.mock.calls[0]?.[1] as string | undefined, run.ending, listener.started);
  vi.useRealTimers();
  const started = listener.started();
  const events = [...listener.events];
  const fetchCalls = [...fetchMock.mock.calls];
  const recordAfter = readRecord(clientID);
  sessionStorage.removeItem(PENDING_KEY(clientID));
  tab.expect(events.map((event) => event.phase as string));

  expect(navigations.filter((navigation) => navigation.how === 'location'), 'the page that opens the popup never navigates').toEqual([]);
  expect(recordAfter, 'whatever the end, the pending logout is forgotten').toBeNull();
  if (!outcome.ok) {
    expect(refusalViolation(outcome.thrown)).toBeUndefined();
    expect(tokenInError(outcome.thrown)).toBeUndefined();
  }
  const code = outcome.ok ? undefined : (outcome.thrown as WebAuthError).code;

  const refusedBeforeOpening = code !== undefined && !POPUP_ENDS.includes(code);
  if (!isInstanceReceiver(run.receiver)) expect(code).toBe('invalid_instance');
  else if (prediction.verdict === 'refused') expect(['invalid_option', 'invalid_options', 'invalid_return_to']).toContain(code);
  if (refusedBeforeOpening || code === 'popup_blocked') {
    expect(prediction.verdict === 'accepted' && isInstanceReceiver(run.receiver) && run.opens === 'a popup', `refused options it must accept (${code})`).toBe(false);
    expect(open).toHaveBeenCalledTimes(refusedBeforeOpening ? 0 : 1);
    expect(fetchCalls.length, 'no request before the popup is open').toBe(0);
    expect(events, 'nobody is told').toEqual([]);
    expect(navigations).toEqual([]);
    expect(popup?.visits ?? []).toEqual([]);
    if (code === 'popup_blocked') expect(run.opens).toBe('nothing (blocked)');
    return 'refused';
  }

  // The popup opened and the logout ran.
  expect(prediction.verdict, 'ran with options it must refuse').not.toBe('refused');
  expect(run.opens).toBe('a popup');
  expect(open).toHaveBeenCalledTimes(1);
  const [blank, name, features] = open.mock.calls[0]!;
  expect({ blank, name, features: typeof features }).toEqual({ blank: '', name: expect.stringMatching(/^webauth-logout-[0-9a-f]{32}$/), features: 'string' });
  expect(popup!.closeCalls, 'the popup is closed at the end').toBeGreaterThanOrEqual(1);
  const { options: read } = prediction;
  const token = read.revokeRefreshToken as string | undefined;
  expect(fetchViolation(fetchCalls, clientID, token)).toBeUndefined();
  const withRevoked = token === undefined ? {} : { revoked: run.answer === '200' };
  const returnTo = (endpoint === 'v2' ? read.returnTo : read.postLogoutRedirectUri) as string;
  const federated = read.federated === true;

  if (started === null) {
    // Time ran out while the revocation was still out.
    expect(code).toBe('timeout');
    expect(events).toEqual([]);
    return 'ended';
  }
  const state = started.state as string | undefined;
  if (endpoint === 'oidc') expect(state).toEqual(read.state ?? expect.stringMatching(/^[0-9a-f]{32}$/));
  const id = started.id as string;
  expect(id, "the logout's id").toMatch(/^[0-9a-f]{32}$/);
  expect(started).toEqual({ id, endpoint, returnTo, federated, ...(endpoint === 'oidc' ? { state } : {}), marked: false, ...withRevoked, time: expect.any(Number), page: expect.any(String), popup: name });
  const visits = [...popup!.visits, ...navigations.filter((navigation) => navigation.how === 'form').map((navigation) => navigation.url as string)];
  expect(visits.length, 'the popup goes to the logout once').toBe(1);
  expect(urlViolation(visits[0], TENANT)).toBeUndefined();
  expect(leaksToken(visits[0]) || leaksToken(events), 'the token is in the URL or an event').toBe(false);
  if (endpoint === 'oidc' && read.httpMethod === 'POST') expect(navigations).toEqual([{ how: 'form', url: visits[0], target: name }]);
  const startedEvent = { id, clientID, endpoint, returnTo, federated, phase: 'started', source: 'this-tab', ...withRevoked };
  if (outcome.ok) {
    expect({ ending: run.ending, ended }, 'resolved only once the popup came back').toEqual({ ending: 'comes back', ended: true });
    expect(own(outcome.value)).toEqual({ id, endpoint, returnTo, federated, ...(state === undefined ? {} : { state }), ...withRevoked });
    expect(events).toEqual([startedEvent, { ...startedEvent, phase: 'completed' }]);
    return 'resolved';
  }
  expect(ended && run.ending === 'comes back', `${code} although the popup came back`).toBe(false);
  const closed = ended && run.ending === 'is closed by the user';
  expect(code, closed ? 'closed by the user, or out of time first' : 'out of time').toEqual(closed ? expect.stringMatching(/^(popup_closed|timeout)$/) : 'timeout');
  // The popup starts within 6 s and its closing is seen within 0.5 s: with more time than that, it is the closing that ends it.
  if (closed && ((read.timeoutMs as number | undefined) ?? 60_000) > 7_000) expect(code).toBe('popup_closed');
  // A popup that did not come back abandons its logout, for the reason the promise rejected with.
  expect(events).toEqual([startedEvent, { ...startedEvent, phase: 'abandoned', reason: code }]);
  return 'ended';
}

describe('logoutWithPopup and oidcLogoutWithPopup under hostile values', () => {
  it(`an option refusal opens nothing and does nothing; a popup logout ends in its return, popup_blocked, popup_closed or timeout (${RUNS.popups} runs)`, async () => {
    const context = shared('popup');
    const seen = { resolved: 0, refused: 0, ended: 0 };
    await fc.assert(
      fc.asyncProperty(popupRunArb, async (run) => {
        seen[await checkPopup(run, context)]++;
      }),
      { seed: FIXED_SEED, numRuns: RUNS.popups },
    );
    expect(Math.min(seen.resolved, seen.refused, seen.ended), `every outcome put to the test: ${JSON.stringify(seen)}`).toBeGreaterThan(RUNS.popups / 40);
    await done(context, RUNS.popups / 20);
  });

  it(`a window.open that throws (a page that replaced it, a browser that refuses) still ends in a WebAuthError, with nothing done (${RUNS.popupOpenThrows} runs)`, async () => {
    const thrownArb = fc.constantFrom(
      () => new DOMException('Blocked opening a new window', 'SecurityError'),
      () => new TypeError('window.open is not a function'),
      () => 'popups are disabled',
      () => HOSTILE_VALUES['revoked proxy'](),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('v2' as const, 'oidc' as const), thrownArb, async (endpoint, makeThrown) => {
        fetchMock.mockReset();
        const clientID = freshClientID('open-throws');
        const webAuth = new WebAuth({ domain: DOMAIN, clientID });
        const open = vi.fn(() => {
          throw makeThrown();
        });
        vi.stubGlobal('open', open);
        const { events, stop } = listen(webAuth, clientID);
        const options = endpoint === 'v2' ? { returnTo: `${APP}/logged-out` } : { postLogoutRedirectUri: `${APP}/logged-out` };
        const outcome = await attemptAsync(() => (endpoint === 'v2' ? logoutWithPopup(webAuth, options) : oidcLogoutWithPopup(webAuth, options)));
        stop();
        expect(open).toHaveBeenCalledTimes(1);
        expect(outcome.ok).toBe(false);
        expect(refusalViolation(outcome.ok ? undefined : outcome.thrown), 'rejects with a documented WebAuthError').toBeUndefined();
        expect({ events, fetches: fetchMock.mock.calls.length, record: readRecord(clientID) }).toEqual({ events: [], fetches: 0, record: null });
      }),
      { seed: FIXED_SEED, numRuns: RUNS.popupOpenThrows },
    );
  });
});

// ================================================================ refine

const DEFAULT_ROUTE = '/login';
/** The route refine must be sent to: the options' own `redirectTo` string, as read once, else refine's default. */
function routeOf(placement: Placement): string {
  if (placement.key === null) return DEFAULT_ROUTE;
  const read = readOnce(placement, '/signed-out');
  return typeof read === 'string' ? read : DEFAULT_ROUTE;
}

/** Why a settled refine logout is not a response refine can take, or `undefined`. */
function refineResponseViolation(outcome: Outcome): string | undefined {
  if (!outcome.ok) return `rejected: ${describeThrown(outcome.thrown)}`;
  const response = outcome.value as { success?: unknown; redirectTo?: unknown; error?: Record<string, unknown> };
  if (response?.success === true) return undefined;
  if (response?.success !== false) return 'resolved neither success: true nor success: false';
  const { name, message, code } = response.error ?? {};
  if (name !== 'Logout Error') return `error.name is ${String(name)}`;
  if (typeof message !== 'string' || message === '') return `error.message is ${typeof message === 'string' ? 'empty' : typeof message}`;
  if (code !== undefined && typeof code !== 'string') return `error.code is ${typeof code}`;
  return undefined;
}

/** Why a failure is not reported as the brief says (`{ name: 'Logout Error', code }`, a WebAuthError's code and short message), or `undefined`. */
function refineErrorViolation(error: Record<string, unknown>): string | undefined {
  const { message, code, cause } = error;
  if (typeof code !== 'string' || !ERROR_CODES.includes(code)) return `error.code is ${typeof code === 'string' ? code : typeof code}, not a WebAuthError code (cause: ${describeThrown(cause)})`;
  if (!isInstance(cause, WebAuthError)) return `error.cause is ${describeThrown(cause)}`;
  if ((message as string).length > MAX_MESSAGE_LENGTH) return `error.message has ${(message as string).length} characters`;
  return undefined;
}

type RefineSpot = 'nowhere' | 'receiver' | 'defaults' | 'params' | 'options';
interface RefineRun {
  endpoint: Endpoint;
  receiver: ReceiverChoice;
  /** Where the run is hostile: one of the receiver, the defaults, the params of `mutate(...)`, the refine options, or nowhere. */
  spot: RefineSpot;
  placement: Placement;
  opens: 'a popup' | 'nothing (blocked)';
}
const refineRunArb: fc.Arbitrary<RefineRun> = fc.constantFrom('v2' as const, 'oidc' as const).chain((endpoint) => {
  const urlKey = endpoint === 'v2' ? 'returnTo' : 'postLogoutRedirectUri';
  const keys: Record<RefineSpot, Array<string | null>> = {
    nowhere: [null],
    receiver: [null],
    defaults: [urlKey, 'timeoutMs', 'federated', 'revokeRefreshToken', null],
    params: [urlKey, 'redirectPath', 'timeoutMs', 'federated', null],
    options: ['redirectTo', 'redirectTo', null],
  };
  return fc.constantFrom<RefineSpot>('nowhere', 'nowhere', 'receiver', 'defaults', 'params', 'params', 'options').chain((spot) =>
    fc.record({
      endpoint: fc.constant(endpoint),
      spot: fc.constant(spot),
      receiver: spot === 'receiver' ? strangeReceiverArb : fc.constant(INSTANCE),
      placement: placementArb({ keys: keys[spot] }),
      opens: fc.constantFrom('a popup' as const, 'a popup' as const, 'a popup' as const, 'nothing (blocked)' as const),
    }),
  );
});

/** One refine popup logout through `run`: what it resolved, whether the popup came back, whether one was opened. */
async function runRefine(run: RefineRun): Promise<{ response: { success: boolean; redirectTo?: string; error?: Record<string, unknown> }; ended: boolean; opened: boolean }> {
  const urlKey = run.endpoint === 'v2' ? 'returnTo' : 'postLogoutRedirectUri';
  const clientID = freshClientID('refine');
  const webAuth = new WebAuth({ domain: DOMAIN, clientID });
  const goodOf = (key: string | null) => (key === urlKey ? `${APP}/logged-out` : key === 'redirectPath' ? '/after' : key === 'redirectTo' ? '/signed-out' : goodFor(key, `rt-${MARKER}`));
  const at = (spot: RefineSpot, base: Record<string, unknown>) => (run.spot === spot ? buildHostile(base, run.placement, goodOf(run.placement.key)) : base);
  const defaults = at('defaults', { [urlKey]: `${APP}/logged-out`, timeoutMs: 30_000 });
  const params = at('params', { federated: true });
  const refineOptions = at('options', { redirectTo: '/signed-out' });
  const popup = run.opens === 'a popup' ? fakePopup() : undefined;
  const open = vi.fn((..._args: unknown[]) => popup ?? null);
  vi.stubGlobal('open', open);
  fetchMock.mockReset().mockImplementation(FETCH_ANSWERS['200']);
  const factory = run.endpoint === 'v2' ? refinePopupLogout : refineOidcPopupLogout;
  const made = attempt(() => factory(receiverOf(run.receiver, webAuth, webAuth) as never, defaults as never, refineOptions as never));
  expect(made.ok ? undefined : describeThrown(made.thrown), 'the factory never throws').toBeUndefined();
  const { started, stop } = listen(webAuth, clientID);
  useFakeTimers();
  const logout = (made as { value: (params: unknown) => Promise<unknown> }).value;
  const { outcome, ended } = await drivePopup(attemptAsync(() => logout(params)), popup, () => open.mock.calls[0]?.[1] as string | undefined, 'comes back', started);
  vi.useRealTimers();
  stop();
  sessionStorage.removeItem(PENDING_KEY(clientID));
  expect(refineResponseViolation(outcome)).toBeUndefined();
  return { response: (outcome as { value: { success: boolean; redirectTo?: string; error?: Record<string, unknown> } }).value, ended, opened: open.mock.calls.length > 0 };
}

describe('refinePopupLogout and refineOidcPopupLogout under hostile values', () => {
  it(`never reject: { success: true, redirectTo } once the popup is back, else { success: false, error: { name: 'Logout Error', ... } } (${RUNS.refine} runs)`, async () => {
    let succeeded = 0;
    await fc.assert(
      fc.asyncProperty(refineRunArb, async (run) => {
        const { response, ended, opened } = await runRefine(run);
        if (response.success) {
          succeeded++;
          expect(response).toEqual({ success: true, redirectTo: run.spot === 'options' ? routeOf(run.placement) : '/signed-out' });
          expect(ended, 'success only once the popup came back').toBe(true);
        } else {
          expect(ended, 'a popup that came back is a success').toBe(false);
          const { code } = response.error!;
          if (typeof code === 'string' && code.startsWith('invalid_')) expect(opened, 'an option refusal opens no popup').toBe(false);
          if (run.spot === 'nowhere' || run.spot === 'options') expect(code).toBe(run.opens === 'a popup' ? undefined : 'popup_blocked');
        }
      }),
      { seed: FIXED_SEED, numRuns: RUNS.refine },
    );
    expect(succeeded, 'popup logouts that came back').toBeGreaterThan(RUNS.refine / 5);
  });

  it(`every failure is reported with its WebAuthError code and short message, an unreadable value in mutate(...) included (${RUNS.refine} runs)`, async () => {
    let failed = 0;
    await fc.assert(
      fc.asyncProperty(refineRunArb, async (run) => {
        const { response } = await runRefine(run);
        if (response.success) return;
        failed++;
        expect(refineErrorViolation(response.error!)).toBeUndefined();
      }),
      { seed: FIXED_SEED, numRuns: RUNS.refine },
    );
    expect(failed, 'failures reported').toBeGreaterThan(RUNS.refine / 10);
  });
});

// ================================================================ a polluted Object.prototype

/** What another script may have put on `Object.prototype`, by name, so that a counterexample reads plainly. */
const OPTION_POLLUTION: Record<string, Record<string, unknown>> = {
  revokeRefreshToken: { 'an attacker token': `attacker-${MARKER}`, 'an empty string': '' },
  revokeTimeoutMs: { '1 ms': 1, 'not a delay': 'soon' },
  redirectTarget: { top: 'top', 'not a target': 'parent' },
  redirectMethod: { replace: 'replace' },
  httpMethod: { POST: 'POST', 'not a method': 'PUT' },
  timeoutMs: { 'not a delay': 'soon' },
  openUrl: { false: false },
  abandonAfterMs: { '1 ms': 1, 'not a delay': 'soon' },
  markReturn: { true: true, 'not a boolean': 'yes' },
};
/** The same under the fields of the pending-logout record, the events and the popup's message. */
const FIELD_POLLUTION: Record<string, Record<string, unknown>> = {
  returnTo: { 'this page': `${APP}/`, 'an evil URL': 'https://evil.example/' },
  state: { 'an attacker state': 'attacker-state' },
  revoked: { true: true, false: false },
  popup: { 'a popup mark': 'webauth-logout-0' },
  federated: { true: true },
  endpoint: { oidc: 'oidc' },
  phase: { completed: 'completed' },
  id: { 'an attacker id': 'attacker-id' },
  page: { 'an attacker page': 'attacker-page' },
  reason: { idle: 'idle', 'no_return': 'no_return' },
  marked: { true: true },
};
const POLLUTION_VALUES = { ...OPTION_POLLUTION, ...FIELD_POLLUTION };

interface Trip {
  endpoint: Endpoint;
  /** Where Auth0 sends the browser back; `undefined`: the logout named none, and the browser lands on the app's root. */
  path: string | undefined;
  federated: boolean;
  revoke: boolean;
  httpMethod: 'GET' | 'POST' | undefined;
  redirectTarget: 'self' | 'top' | undefined;
  /** The state on the page the browser comes back to. */
  pageState: 'echoed' | 'an attacker state';
}
const tripArb: fc.Arbitrary<Trip> = fc.record({
  endpoint: fc.constantFrom('v2' as const, 'oidc' as const),
  path: fc.constantFrom(undefined, ...RETURN_PATHS),
  federated: fc.boolean(),
  revoke: fc.boolean(),
  httpMethod: fc.constantFrom(undefined, 'GET' as const, 'POST' as const),
  redirectTarget: fc.constantFrom(undefined, 'self' as const, 'top' as const),
  pageState: fc.constantFrom('echoed' as const, 'echoed' as const, 'an attacker state' as const),
});

const summary = (outcome: Outcome) => (outcome.ok ? { value: own(outcome.value) } : { code: (outcome.thrown as { code?: unknown })?.code ?? describeThrown(outcome.thrown) });

/**
 * Everything observable of one round trip: the logout (navigation, request,
 * events, record) and the return to the page Auth0 sends back to
 * (`handleLogoutReturn`'s answer and events), plus a popup's refusal; the
 * client ID and the random state are blanked so that two trips compare.
 */
async function observeTrip(trip: Trip, navigations: Navigation[]): Promise<string> {
  const clientID = freshClientID('trip');
  navigations.length = 0;
  fetchMock.mockReset().mockImplementation(FETCH_ANSWERS['200']);
  vi.stubGlobal('open', () => null);
  const webAuth = new WebAuth({ domain: DOMAIN, clientID });
  const { events, stop } = listen(webAuth, clientID);
  const returnTo = trip.path === undefined ? undefined : APP + trip.path;
  const options: Record<string, unknown> = {
    ...(returnTo === undefined ? {} : { [trip.endpoint === 'v2' ? 'returnTo' : 'postLogoutRedirectUri']: returnTo }),
    ...(trip.federated ? { federated: true } : {}),
    ...(trip.revoke ? { revokeRefreshToken: `rt-${MARKER}` } : {}),
    ...(trip.redirectTarget ? { redirectTarget: trip.redirectTarget } : {}),
    ...(trip.endpoint === 'oidc' && trip.httpMethod ? { httpMethod: trip.httpMethod } : {}),
  };
  const left = await attemptAsync(() => (trip.endpoint === 'v2' ? webAuth.logout(options) : oidcLogout(webAuth, options)));
  const record = readRecord(clientID);
  const sentState = navigations[0] ? (new URL(navigations[0].url as string).searchParams.get('state') ?? undefined) : undefined;
  const state = trip.pageState === 'echoed' ? sentState : 'attacker-state';
  const page = `${returnTo ?? `${APP}/`}${(returnTo ?? '').includes('?') ? '&' : '?'}state=${state ?? ''}`;
  const back = await attemptAsync(() => handleLogoutReturn(webAuth, page));
  const popupOutcome = await attemptAsync(() => logoutWithPopup(webAuth, { returnTo: `${APP}/logged-out` }));
  stop();
  const observed = {
    left: summary(left),
    navigations,
    requests: fetchMock.mock.calls.map(([url, init]) => [url, (init as RequestInit).method, String((init as RequestInit).body)]),
    record,
    back: summary(back),
    events,
    recordAfter: readRecord(clientID),
    popup: summary(popupOutcome),
  };
  sessionStorage.removeItem(PENDING_KEY(clientID));
  let text = JSON.stringify(observed, (_key, value: unknown) => (value === undefined ? '(undefined)' : value)).split(clientID).join('(client)');
  if (sentState) text = text.split(sentState).join('(state)');
  // The logout's id is random too: the same in its record, its events and its return, which is what is compared.
  const id = record?.id ?? events[0]?.id;
  if (typeof id === 'string') text = text.split(id).join('(id)');
  return text.replace(/"time":\d+/g, '"time":(time)');
}

describe('Object.prototype polluted under the new option and field names', () => {
  it(`changes nothing in how a logout leaves: navigation, revocation, events, record, popup refusals (${RUNS.pollutedOptions} runs)`, async () => {
    const navigations = spyNavigation();
    await fc.assert(
      fc.asyncProperty(tripArb, pollutionArb(OPTION_POLLUTION), async (trip, pollution) => {
        const clean = await observeTrip(trip, navigations);
        expect(await polluted(POLLUTION_VALUES, pollution, () => observeTrip(trip, navigations))).toBe(clean);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.pollutedOptions },
    );
  });

  it(`changes nothing in the return trip: handleLogoutReturn recognises the same returns and tells the same (${RUNS.pollutedRecords} runs)`, async () => {
    const navigations = spyNavigation();
    await fc.assert(
      fc.asyncProperty(tripArb, pollutionArb(FIELD_POLLUTION), async (trip, pollution) => {
        const clean = await observeTrip(trip, navigations);
        expect(await polluted(POLLUTION_VALUES, pollution, () => observeTrip(trip, navigations))).toBe(clean);
      }),
      { seed: FIXED_SEED, numRuns: RUNS.pollutedRecords },
    );
  });

  it(`changes nothing in what listeners hear from another tab (${RUNS.pollutedTabs} runs)`, async () => {
    const clientID = freshClientID('polluted-tabs');
    const heard: unknown[] = [];
    let delivered: () => void = () => undefined;
    const SENTINEL = 'https://sentinel.example/';
    const stop = onLogout(new WebAuth({ domain: DOMAIN, clientID }), (event) => (event.returnTo === SENTINEL ? delivered() : void heard.push(own(event))));
    const otherTab = new BroadcastChannel(`webauth-logout:${clientID}`);
    /** What a listener here hears when another tab of the SDK sends `message`. */
    let logouts = 0;
    const hear = async (message: Record<string, unknown>) => {
      heard.length = 0;
      const arrived = new Promise<void>((resolve) => (delivered = resolve));
      // A logout of its own each time: a listener hears a logout start only once.
      const id = `other-tab-logout-${++logouts}`;
      otherTab.postMessage({ ...message, id });
      // Posted after, from the same channel: once it is heard, so is the message.
      otherTab.postMessage({ id: `sentinel-${logouts}`, clientID, endpoint: 'v2', returnTo: SENTINEL, federated: false, phase: 'completed', page: 'another tab' });
      await arrived;
      return JSON.stringify(heard).split(id).join('(id)');
    };
    // Announcements as another tab's SDK sends them: every field its own, `revoked` only when the logout asked for it, `reason` only for idle.
    const messageArb = fc.record({
      endpoint: fc.constantFrom('v2', 'oidc'),
      returnTo: fc.constantFrom(undefined, `${APP}/logged-out`),
      federated: fc.boolean(),
      phase: fc.constantFrom('started', 'completed'),
      revoked: fc.constantFrom(ABSENT, true, false),
      reason: fc.constantFrom(ABSENT, 'idle'),
    });
    try {
      await fc.assert(
        fc.asyncProperty(messageArb, pollutionArb(FIELD_POLLUTION), async ({ revoked, reason, ...fields }, pollution) => {
          const message = { clientID, ...fields, ...(revoked === ABSENT ? {} : { revoked }), ...(reason === ABSENT ? {} : { reason }), page: 'another tab' };
          const clean = await hear(message);
          expect(JSON.parse(clean), 'a well-formed announcement is heard').toHaveLength(1);
          expect(await polluted(POLLUTION_VALUES, pollution, () => hear(message))).toBe(clean);
        }),
        { seed: FIXED_SEED, numRuns: RUNS.pollutedTabs },
      );
    } finally {
      stop();
      otherTab.close();
    }
  });

  it('is gone after every run', () => {
    for (const key of Object.keys(POLLUTION_VALUES)) expect(Object.prototype.hasOwnProperty.call(Object.prototype, key)).toBe(false);
  });
});
