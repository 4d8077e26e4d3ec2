/**
 * What test/property/hostile-lifecycle.property.test.ts shares between its
 * properties: what the SDK reads of a hostile argument (so that a property
 * knows when a call must be refused), recorders of every effect a logout can
 * have (navigation, `fetch`, the pending-logout record, this tab's listeners,
 * the other tabs), a popup the test drives, and the token marker.
 */
import fc from 'fast-check';
import { expect, vi } from 'vitest';
import * as navigate from '../../src/core/navigate';
import { POPUP_RETURN } from '../../src/core/popupMessage';
import { WebAuthError, onLogout, type LogoutEvent, type WebAuth } from '../../src/index';
import { paramTextArb } from '../helpers/arbitraries';
import { HOSTILE_VALUES, HUGE_VALUES, buildHostile, type Placement } from '../helpers/hostile';
import { untilHeard, type Outcome } from './contract';

// ---------------------------------------------------------------- the page, the tenant, the token

/** jsdom's page, which the return pages and popups belong to. */
export const APP = 'http://localhost:3000';
export const DOMAIN = 'me.auth0.com';
export const TENANT = ['https://me.auth0.com'];
export const REVOKE_URL = 'https://me.auth0.com/oauth/revoke';
export const PENDING_KEY = (clientID: string) => `webauth-logout:pending:${clientID}`;

let clients = 0;
/** A client ID no earlier run used: `handleLogoutReturn` remembers a handled return per client ID for the page's life. */
export const freshClientID = (label: string) => `hostile-${label}-${++clients}`;

/** In every refresh token: wherever it shows up but the revocation's body, a token has leaked. */
export const MARKER = 'RTSECRET9Q';
const HUGE_TOKEN = `${'t'.repeat(2 ** 17)}${MARKER}${'t'.repeat(2 ** 17)}`;
/** Refresh tokens: any text around the marker (control characters and spaces included), now and then 256 KB of it. */
export const tokenArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(paramTextArb, paramTextArb).map(([before, after]) => `${before}${MARKER}${after}`) },
  { weight: 1, arbitrary: fc.constant(HUGE_TOKEN) },
);
/** What an app may pass as `revokeRefreshToken`: mostly a token, sometimes a token in the wrong type, which must be refused without being repeated. */
export const revokeTokenValueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: tokenArb },
  tokenArb.map((token) => new String(token)),
  tokenArb.map((token) => [token]),
  tokenArb.map((token) => ({ token })),
);

/** Whether `text` carries a token: the marker, as is (it is plain ASCII, so no encoding hides it). */
export const leaksToken = (text: unknown): boolean => {
  try {
    return (typeof text === 'string' ? text : JSON.stringify(text) ?? '').includes(MARKER);
  } catch {
    return false;
  }
};

// ---------------------------------------------------------------- what the SDK reads of a hostile argument

/** Reading the key throws (a throwing getter, a trap that throws, a revoked proxy): the call must be refused. */
export const UNREADABLE = Symbol('unreadable');
const THROWING_WRAPS: ReadonlySet<Placement['wrap']> = new Set([
  'proxy: get trap throws',
  'proxy: ownKeys trap throws',
  'proxy: getOwnPropertyDescriptor trap throws',
  'revoked proxy',
]);
const VALUES: Record<string, () => unknown> = { ...HOSTILE_VALUES, ...HUGE_VALUES };

/**
 * What the SDK gets when it reads `placement.key` once from the argument, as
 * it does (own keys, each read once): the hostile value in its holder, `good`
 * (a changing getter answers `good` first), or {@link UNREADABLE}.
 */
export function readOnce(placement: Placement, good: unknown): unknown {
  if (THROWING_WRAPS.has(placement.wrap) || placement.attach === 'throwing getter') return UNREADABLE;
  if (placement.attach === 'getter that changes on each read') return good;
  const value = VALUES[placement.kind]!();
  return placement.holder === 'in an object' ? { a: value } : placement.holder === 'in an array' ? [good, value] : value;
}

export const isDelay = (value: unknown) => typeof value === 'number' && value > 0 && value <= 2 ** 31 - 1;

/** How an entry point checks its options: by key, what it accepts; which keys it requires; which it refuses whatever they hold. */
export interface Rules {
  checks: Record<string, (value: unknown) => boolean>;
  required?: readonly string[];
  forbidden?: readonly string[];
}

export interface Prediction {
  /** `unknown`: the hostile value is under a key these rules do not decide, or is the whole argument. */
  verdict: 'accepted' | 'refused' | 'unknown';
  /** The options as the SDK reads them (`{}` when the whole argument is hostile). */
  options: Record<string, unknown>;
}

/**
 * Whether the SDK must accept or refuse `base` with `placement` in it (no
 * placement: `base` as it is), as far as `rules` decide.
 */
export function predict(base: Record<string, unknown>, placement: Placement | undefined, good: unknown, rules: Rules): Prediction {
  if (placement?.key === null) return { verdict: 'unknown', options: {} };
  const options = placement ? { ...base, [placement.key]: readOnce(placement, good) } : { ...base };
  const refused =
    (placement !== undefined && (THROWING_WRAPS.has(placement.wrap) || placement.attach === 'throwing getter')) ||
    (rules.forbidden ?? []).some((key) => key in options) ||
    Object.entries(rules.checks).some(([key, check]) => {
      const value = options[key];
      return value === UNREADABLE || (value === undefined ? (rules.required ?? []).includes(key) : !check(value));
    });
  if (refused) return { verdict: 'refused', options };
  return { verdict: placement === undefined || placement.key in rules.checks ? 'accepted' : 'unknown', options };
}

/** {@link buildHostile}, or a copy of `base` when there is no placement. */
export const hostileOrNot = (base: Record<string, unknown>, placement: Placement | undefined, good: unknown): unknown =>
  placement ? buildHostile(base, placement, good) : { ...base };

/** A hostile value in at most one place per run, so that every run but the hostile one is ordinary. */
export const sometimes = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 3 });

// ---------------------------------------------------------------- fetch

/** How `/oauth/revoke` answers, or fails to; only a 200 is a revocation. */
export const FETCH_ANSWERS = {
  '200': () => Promise.resolve(new Response('', { status: 200 })),
  '401': () => Promise.resolve(new Response('{"error":"invalid_client"}', { status: 401 })),
  'a network failure': () => Promise.reject(new TypeError('Failed to fetch')),
  'a synchronous throw (CSP)': () => {
    throw new TypeError('Refused to connect: Content Security Policy');
  },
  'a revoked proxy as response': () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return Promise.resolve(proxy);
  },
  'no answer ever': () => new Promise<never>(() => undefined),
};
export type FetchAnswer = keyof typeof FETCH_ANSWERS;
/** The answers that settle at once, for the properties that run on real timers. */
export const PROMPT_ANSWERS = (Object.keys(FETCH_ANSWERS) as FetchAnswer[]).filter((answer) => answer !== 'no answer ever');

/** Why the requests `fetch` saw are not one revocation of `token` (or none, when `token` is undefined), or `undefined`. */
export function fetchViolation(calls: unknown[][], clientID: string, token: string | undefined): string | undefined {
  if (token === undefined) return calls.length === 0 ? undefined : `sent ${calls.length} request(s) with no token to revoke`;
  if (calls.length !== 1) return `sent ${calls.length} revocation requests instead of 1`;
  const [url, init] = calls[0] as [unknown, RequestInit | undefined];
  if (url !== REVOKE_URL) return `revoked at ${String(url).slice(0, 100)}`;
  if (init?.method !== 'POST') return `revoked with method ${String(init?.method)}`;
  if (!(init.body instanceof URLSearchParams)) return 'the body is not a form';
  const fields = [...init.body.entries()];
  const expected = [['client_id', clientID], ['token', token]];
  if (JSON.stringify(fields) !== JSON.stringify(expected)) return `the form is ${JSON.stringify(fields.map(([key]) => key))}, not client_id and token`;
  return undefined;
}

// ---------------------------------------------------------------- navigation

export interface Navigation {
  how: 'openUrl' | 'location' | 'form';
  url: unknown;
  method?: string;
  target?: string;
}

/**
 * Replaces the built-in navigations (jsdom cannot leave the page) with
 * recorders; `refuseTop` makes the top window refuse, as a sandboxed frame's
 * parent does, with the error the real navigator throws then.
 */
export function spyNavigation(refuseTop: () => boolean = () => false): Navigation[] {
  const navigations: Navigation[] = [];
  vi.spyOn(navigate, 'locationNavigator').mockImplementation((method, target = 'self') => (url) => {
    navigations.push({ how: 'location', url, method, target });
    if (target === 'top' && refuseTop()) {
      throw new WebAuthError('navigation_blocked', 'the browser refused to navigate the top window (a sandboxed frame?)', { cause: new DOMException('sandboxed', 'SecurityError') });
    }
  });
  vi.spyOn(navigate, 'formPoster').mockImplementation((name) => (url) => void navigations.push({ how: 'form', url, target: name }));
  return navigations;
}

// ---------------------------------------------------------------- this tab, other tabs, the record

/** Own properties only: an inherited (polluted) field is no part of what was sent. */
export const own = (value: unknown): Record<string, unknown> | unknown =>
  typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value)) : value;

/**
 * Listens on `webAuth` (and any other instance given); `started` is the
 * pending-logout record of `clientID` as it was when `started` was heard (the
 * record is saved just before). `reset` starts a new run.
 */
export function listen(webAuth: WebAuth, clientID?: string, ...others: WebAuth[]) {
  const events: Array<Record<string, unknown>> = [];
  let started: Record<string, unknown> | null = null;
  const record = (event: LogoutEvent) => {
    events.push(own(event) as Record<string, unknown>);
    if (event.phase === 'started' && started === null && clientID !== undefined) started = readRecord(clientID);
  };
  const stops = [webAuth, ...others].map((instance) => onLogout(instance, record));
  return {
    events,
    started: () => started,
    reset: () => {
      events.length = 0;
      started = null;
    },
    stop: () => stops.forEach((stop) => stop()),
  };
}

export const readRecord = (clientID: string): Record<string, unknown> | null => {
  const saved = sessionStorage.getItem(PENDING_KEY(clientID));
  return saved === null ? null : (JSON.parse(saved) as Record<string, unknown>);
};

/** Why what another tab heard is not what this tab heard (`expected`), for `clientID`, with no token in it; or `undefined`. */
function heardViolation(heard: unknown[], expected: string[], clientID: string): string | undefined {
  const phases = heard.map((message) => (message as { phase?: unknown })?.phase);
  if (JSON.stringify([...phases].sort()) !== JSON.stringify([...expected].sort())) {
    return `other tabs heard ${phases.length} announcement(s), this tab ${expected.length}: ${JSON.stringify(phases).slice(0, 200)}`;
  }
  if (heard.some((message) => (message as { clientID?: unknown })?.clientID !== clientID) || leaksToken(heard)) return `other tabs heard ${JSON.stringify(heard).slice(0, 200)}`;
  return undefined;
}

interface TabRun {
  label: () => string;
  clientID: string;
  heard: unknown[];
  expected: string[];
  channel: BroadcastChannel;
}

/**
 * Another tab of the origin, one channel per run (for properties whose runs
 * each need their own client ID). Delivery is asynchronous, so what each
 * run's other tab heard is checked once the property has run: exactly the
 * phases this tab's listeners heard, for this client, with no token in them.
 */
export class OtherTabs {
  private readonly runs: TabRun[] = [];

  /** Starts listening for `clientID`; `label` names the run in a failure. */
  listen(clientID: string, label: () => string): { expect(phases: string[]): void } {
    const channel = new BroadcastChannel(`webauth-logout:${clientID}`);
    const run: TabRun = { label, clientID, heard: [], expected: [], channel };
    channel.onmessage = (message) => run.heard.push(message.data);
    this.runs.push(run);
    return { expect: (phases) => void run.expected.push(...phases) };
  }

  /** Waits for what was sent, then checks every run; `least` runs must have been heard, so that both outcomes were put to the test. */
  async verify(least: number): Promise<void> {
    const heard = () => this.runs.reduce((sum, run) => sum + run.heard.length, 0);
    await untilHeard(heard, this.runs.reduce((sum, run) => sum + run.expected.length, 0));
    for (const run of this.runs) run.channel.close();
    const wrong = this.runs.flatMap((run) => {
      const violation = heardViolation(run.heard, run.expected, run.clientID);
      return violation ? [`${run.label()}: ${violation}`] : [];
    });
    expect(wrong.slice(0, 3), 'other tabs hear exactly what this tab heard').toEqual([]);
    expect(this.runs.filter((run) => run.expected.length > 0).length, 'runs whose logout other tabs heard').toBeGreaterThanOrEqual(least);
  }
}

/**
 * Another tab of the origin for a property whose runs share one client ID:
 * over the whole property, it must hear exactly the announcements this tab's
 * listeners heard (the same phases, as many), and never a token.
 */
export class OtherTab {
  private readonly heard: unknown[] = [];
  private readonly expected: string[] = [];
  private readonly channel: BroadcastChannel;

  constructor(private readonly clientID: string) {
    this.channel = new BroadcastChannel(`webauth-logout:${clientID}`);
    this.channel.onmessage = (message) => void this.heard.push(message.data);
  }

  expect(phases: string[]): void {
    this.expected.push(...phases);
  }

  /** Waits for what was sent, then checks; at least `least` announcements must have been made. */
  async verify(least: number): Promise<void> {
    await untilHeard(() => this.heard.length, this.expected.length);
    this.channel.close();
    expect(heardViolation(this.heard, this.expected, this.clientID), 'other tabs hear exactly what this tab heard').toBeUndefined();
    expect(this.expected.length, 'announcements made').toBeGreaterThanOrEqual(least);
  }
}

// ---------------------------------------------------------------- popups

export interface FakePopup {
  closed: boolean;
  /** Every URL the opener sent the popup to. */
  readonly visits: string[];
  readonly location: { href: string };
  close(): void;
  closeCalls: number;
}

/** A popup window as the opener sees it: a location to send it to, `closed`, `close()`. */
export function fakePopup(): FakePopup {
  const visits: string[] = [];
  const popup: FakePopup = {
    closed: false,
    visits,
    location: {
      get href() {
        return visits.at(-1) ?? 'about:blank';
      },
      set href(url: string) {
        visits.push(url);
      },
    },
    close() {
      popup.closeCalls++;
      popup.closed = true;
    },
    closeCalls: 0,
  };
  return popup;
}

/** How a popup that started its logout ends: it comes back (its page calls handleLogoutReturn), the user closes it, or it never comes back. */
export const ENDINGS = ['comes back', 'is closed by the user', 'never comes back'] as const;
export type Ending = (typeof ENDINGS)[number];

/**
 * Drives a popup logout on fake timers to its end: lets the revocation and
 * the record happen, then ends the popup as `ending` says (posting what the
 * popup's page posts when it comes back), then lets every timer run out.
 *
 * @param name - the popup's name, as the SDK gave it to `window.open`.
 * @param started - the pending-logout record as it was when this tab heard `started`, or `null` before.
 * @returns the outcome, and whether the popup was ended as `ending` says before the logout settled on its own.
 */
export async function drivePopup(
  running: Promise<Outcome>,
  popup: FakePopup | undefined,
  name: () => string | undefined,
  ending: Ending,
  started: () => Record<string, unknown> | null,
): Promise<{ outcome: Outcome; ended: boolean }> {
  let settled = false;
  const settling = running.then((outcome) => {
    settled = true;
    return outcome;
  });
  // Steps of 25 ms, for up to 6 s: longer than any revocation may wait here.
  for (let step = 0; step < 240 && !settled && started() === null; step++) await vi.advanceTimersByTimeAsync(step === 0 ? 0 : 25);
  let ended = false;
  if (started() !== null && !settled && popup && ending !== 'never comes back') {
    ended = true;
    if (ending === 'comes back') {
      const data = { type: POPUP_RETURN, popup: name(), state: started()!.state };
      window.dispatchEvent(new MessageEvent('message', { data, origin: APP, source: popup as never }));
    } else {
      popup.closed = true;
    }
  }
  await vi.advanceTimersByTimeAsync(130_000);
  expect(settled, 'the popup logout settles once its timers have run out').toBe(true);
  return { outcome: await settling, ended };
}

/** Fake timers for the popup properties; `Date` stays real, as the record's age is checked against it. */
export const useFakeTimers = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });

// ---------------------------------------------------------------- receivers

/** What a standalone function may be given instead of a `WebAuth`; only the first three are instances. */
export const RECEIVERS = {
  'the instance': (webAuth: object) => webAuth,
  'a transparent Proxy of the instance': (webAuth: object) => new Proxy(webAuth, {}),
  'a Proxy of the instance whose get trap throws': (webAuth: object) =>
    new Proxy(webAuth, {
      get() {
        throw new Error('hostile input: receiver get trap');
      },
    }),
  'a revoked Proxy of the instance': (webAuth: object) => {
    const { proxy, revoke } = Proxy.revocable(webAuth, {});
    revoke();
    return proxy;
  },
  'a copy of its own enumerable properties': (webAuth: object) => ({ ...webAuth }),
  'a look-alike with logout methods': () => ({ logout: () => undefined, oidcLogout: () => undefined, onLogout: () => () => undefined }),
} satisfies Record<string, (webAuth: object) => unknown>;
export type ReceiverKind = keyof typeof RECEIVERS;
export const INSTANCE_RECEIVERS: ReadonlySet<string> = new Set(['the instance', 'a transparent Proxy of the instance']);
