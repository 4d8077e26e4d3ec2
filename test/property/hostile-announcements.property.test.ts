/**
 * What another tab says, under hostile values (fast-check, fixed seed).
 *
 * Listeners hear other tabs' logouts over a `BroadcastChannel` (or, where it
 * is missing, `storage` events), which any script of the origin can write to,
 * in any shape. Whatever arrives, a listener only ever gets a well-formed
 * event: this application's `clientID`, an `id` of 1 to 64 word characters
 * or dashes, an `endpoint` of `v2` or `oidc`, `source: 'other-tab'`, a
 * boolean `federated`, a `phase` of `started`, `completed` or `abandoned`, a
 * `reason` that fits the phase (`idle` on a running or completed logout, an
 * abandonment's own on `abandoned`), a `revoked` that is absent or a boolean
 * (a message with any other `revoked` is not the SDK's, and is dropped), a `returnTo` that is absent or an absolute http(s) URL (an app may well
 * send the user there), and no other field (not the sender's `page`). A
 * message that claims to come from this very page is not another tab's.
 *
 * A well-formed announcement is delivered as sent, within the lifecycle's promise: after a `started`, one end and
 * no second `started`; the end of a logout the listener never heard start is
 * delivered (once). Nothing else is reported or thrown.
 *
 * Runs: 1,500 over BroadcastChannel + 1,500 over storage events = 3,000.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { thisPage } from '../../src/core/announce';
import { WebAuth, onLogout, type LogoutEvent } from '../../src/index';
import { FIXED_SEED, returnUrlArb } from '../helpers/arbitraries';
import { isSafeReturnUrl } from './contract';

const RUNS = 1500;
const CLIENT_ID = 'announcement-app';
const SENTINEL = 'https://sentinel.example/';
/** Replaced by a logout id no earlier run used, so that each run is a logout of its own. */
const FRESH_ID = Symbol('a fresh id');
/** Replaced by the mark of this page, which only its own announcements carry. */
const THIS_PAGE = Symbol('this page');

const ABANDON_REASONS = ['reload', 'history', 'navigated', 'popup_closed', 'timeout', 'open_url_failed', 'no_return'];

const fieldArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, true, false, 'yes', 'false', 1, 0, '', {}, [], ['https://app.example.com/'], 'x'.repeat(100_000)),
  fc.constantFrom('javascript:alert(1)', '//evil.example/', 'https://user:pw@evil.example/', ' https://app.example.com/', 'https://app.example.com/\r\nx'),
  returnUrlArb,
  fc.string({ maxLength: 12 }),
);

/** What a script may post: announcements well-formed or not, and anything else. */
const messageArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        clientID: fc.oneof({ weight: 6, arbitrary: fc.constant<unknown>(CLIENT_ID) }, fc.constantFrom<unknown>('other-app', 1, null, [CLIENT_ID])),
        id: fc.oneof(
          { weight: 6, arbitrary: fc.constant<unknown>(FRESH_ID) },
          fc.constantFrom<unknown>('', 'a'.repeat(65), 'a b', '../x', 'id\n', '<script>', 1, null, ['abc'], { id: 'abc' }),
          fieldArb,
        ),
        endpoint: fc.oneof({ weight: 6, arbitrary: fc.constantFrom<unknown>('v2', 'oidc') }, fc.constantFrom<unknown>('V2', 'oidc ', 'v1', ['v2']), fieldArb),
        returnTo: fieldArb,
        federated: fc.oneof({ weight: 3, arbitrary: fc.boolean() }, fieldArb),
        phase: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom<unknown>('started', 'completed', 'abandoned') },
          fc.constantFrom<unknown>('Started', 'COMPLETED', 'start', 'complete', ' started', 'started ', 'abandon', ['started'], new String('started')),
          fieldArb,
        ),
        reason: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom<unknown>('idle', ...ABANDON_REASONS) },
          fc.constantFrom<unknown>('Idle', 'reload ', 'logout', '__proto__', ['idle'], null),
          fieldArb,
        ),
        revoked: fc.oneof({ weight: 3, arbitrary: fc.boolean() }, fieldArb),
        page: fc.oneof({ weight: 4, arbitrary: fc.constant<unknown>('another-page') }, fc.constant<unknown>(THIS_PAGE), fieldArb),
        extra: fc.constantFrom<unknown>('x', { token: 'secret' }),
        source: fc.constantFrom<unknown>('this-tab', 'other-tab', 1),
        tab: fc.constantFrom<unknown>('x', 1, null),
      },
      // `phase`, `reason`, `page`, `revoked` and the rest are also left out, to try announcements without them.
      { requiredKeys: ['clientID'] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, undefined, 'logout', 42, [], [{ clientID: CLIENT_ID }], new Date(0), new Map([['clientID', CLIENT_ID]])) },
);

let runs = 0;
/** The message with its markers made real: a fresh id, this page's mark. */
function materialize(message: unknown, id: string): unknown {
  if (typeof message !== 'object' || message === null || Array.isArray(message) || message instanceof Date || message instanceof Map) return message;
  const made: Record<string, unknown> = { ...(message as Record<string, unknown>) };
  if (made.id === FRESH_ID) made.id = id;
  if (made.page === THIS_PAGE) made.page = thisPage;
  return made;
}

type WellFormed = Pick<LogoutEvent, 'id' | 'endpoint' | 'returnTo' | 'federated' | 'phase' | 'reason'> & { revoked?: unknown };

/** Whether `message` is an announcement the SDK itself, in another page, could have sent: it must then reach the listeners, as sent. */
function isWellFormed(message: unknown): message is WellFormed {
  if (typeof message !== 'object' || message === null || Array.isArray(message) || message instanceof Date || message instanceof Map) return false;
  const { clientID, id, endpoint, returnTo, federated, phase, reason, revoked, page } = message as Record<string, unknown>;
  return (
    clientID === CLIENT_ID &&
    page !== thisPage &&
    typeof id === 'string' &&
    /^[\w-]{1,64}$/.test(id) &&
    (endpoint === 'v2' || endpoint === 'oidc') &&
    typeof federated === 'boolean' &&
    (phase === 'started' || phase === 'completed' || phase === 'abandoned') &&
    (reason === undefined || (phase === 'abandoned' ? ABANDON_REASONS.includes(reason as string) : reason === 'idle')) &&
    (revoked === undefined || typeof revoked === 'boolean') &&
    (returnTo === undefined || isSafeReturnUrl(returnTo))
  );
}

const EVENT_KEYS = ['id', 'clientID', 'endpoint', 'returnTo', 'federated', 'source', 'phase', 'reason', 'revoked'];

/** Why `event` is not a well-formed event, or `undefined`. */
function eventViolation(event: LogoutEvent): string | undefined {
  if (typeof event !== 'object' || event === null) return `got ${typeof event}`;
  if (event.clientID !== CLIENT_ID) return `got clientID ${String(event.clientID)}`;
  if (typeof event.id !== 'string' || !/^[\w-]{1,64}$/.test(event.id)) return `got id ${String(event.id).slice(0, 80)}`;
  if (event.endpoint !== 'v2' && event.endpoint !== 'oidc') return `got endpoint ${String(event.endpoint).slice(0, 80)}`;
  if (event.source !== 'other-tab') return `got source ${String(event.source)}`;
  if (typeof event.federated !== 'boolean') return `got federated ${typeof event.federated}`;
  if (event.phase !== 'started' && event.phase !== 'completed' && event.phase !== 'abandoned') return `got phase ${String(event.phase).slice(0, 80)}`;
  if ('reason' in event && !(event.phase === 'abandoned' ? ABANDON_REASONS.includes(event.reason as string) : event.reason === 'idle')) return `got reason ${String(event.reason).slice(0, 80)} on ${event.phase}`;
  if ('revoked' in event && typeof event.revoked !== 'boolean') return `got revoked ${typeof event.revoked}`;
  const unknownKey = Reflect.ownKeys(event).find((key) => typeof key !== 'string' || !EVENT_KEYS.includes(key));
  if (unknownKey !== undefined) return `got the field ${String(unknownKey)}`;
  if (event.returnTo !== undefined && !isSafeReturnUrl(event.returnTo)) return `got returnTo ${String(event.returnTo).slice(0, 80)}`;
  return undefined;
}

/** The `started` another tab sent first, in the runs where the listener hears the logout start before the message. */
const startedOf = (id: string) => ({ clientID: CLIENT_ID, id, endpoint: 'v2', federated: false, phase: 'started', page: 'another-page' });

function checkHeard(message: unknown, heardStart: boolean, heard: LogoutEvent[]): void {
  for (const event of heard) expect(eventViolation(event), JSON.stringify(message)?.slice(0, 200)).toBeUndefined();
  const expected: LogoutEvent[] = [];
  const id = (message as { id?: unknown } | null | undefined)?.id;
  if (heardStart) expected.push({ id: id as string, clientID: CLIENT_ID, endpoint: 'v2', returnTo: undefined, federated: false, phase: 'started', source: 'other-tab' });
  if (isWellFormed(message)) {
    const { returnTo, federated, phase, revoked, reason, endpoint } = message;
    // Only the event's own fields, `reason` and `revoked` when sent.
    const event: LogoutEvent = { id: message.id, clientID: CLIENT_ID, endpoint, returnTo, federated, phase, source: 'other-tab' };
    if (reason !== undefined) event.reason = reason;
    if (revoked !== undefined) event.revoked = revoked as boolean;
    // A second start of a logout heard starting is no news; the end of one never heard starting is delivered.
    const delivered = heardStart ? phase !== 'started' : true;
    if (delivered) expected.push(event);
  }
  expect(heard).toStrictEqual(expected);
}

describe('a hostile announcement from another tab', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it(`over BroadcastChannel, reaches listeners only as a well-formed event (${RUNS} runs)`, async () => {
    const heard: LogoutEvent[] = [];
    let sentinel: () => void = () => {};
    const stop = onLogout(new WebAuth({ domain: 'me.auth0.com', clientID: CLIENT_ID }), (event) =>
      event?.returnTo === SENTINEL ? sentinel() : void heard.push(event),
    );
    const otherTab = new BroadcastChannel(`webauth-logout:${CLIENT_ID}`);
    try {
      await fc.assert(
        fc.asyncProperty(messageArb, fc.boolean(), async (generated, startFirst) => {
          heard.length = 0;
          const id = `logout-${++runs}`;
          const message = materialize(generated, id);
          const heardStart = startFirst && (message as { id?: unknown } | null)?.id === id;
          // The sentinel, posted after, arrives after: once it is heard, so is everything before it.
          const delivered = new Promise<void>((resolve) => (sentinel = resolve));
          if (heardStart) otherTab.postMessage(startedOf(id));
          otherTab.postMessage(message);
          // A completed logout of its own: delivered though never heard starting.
          otherTab.postMessage({ clientID: CLIENT_ID, id: `sentinel-${runs}`, endpoint: 'v2', returnTo: SENTINEL, federated: false, phase: 'completed', page: 'another-page' });
          await delivered;
          checkHeard(message, heardStart, heard);
        }),
        { seed: FIXED_SEED, numRuns: RUNS },
      );
    } finally {
      stop();
      otherTab.close();
    }
  });

  it(`over storage events, reaches listeners only as a well-formed event (${RUNS} runs)`, () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const heard: LogoutEvent[] = [];
    const stop = onLogout(new WebAuth({ domain: 'me.auth0.com', clientID: CLIENT_ID }), (event) => void heard.push(event));
    const rawArb = fc.oneof(
      { weight: 6, arbitrary: messageArb.map((message) => ({ message, raw: false })) },
      { weight: 1, arbitrary: fc.constantFrom('{not json', '[]', '[null]', 'null', '"x"', '[[]]', '').map((newValue) => ({ message: newValue as unknown, raw: true })) },
    );
    const write = (newValue: string | null) => window.dispatchEvent(new StorageEvent('storage', { key: `webauth-logout:${CLIENT_ID}`, newValue }));
    try {
      fc.assert(
        fc.property(rawArb, fc.boolean(), ({ message: generated, raw }, startFirst) => {
          heard.length = 0;
          const id = `logout-${++runs}`;
          if (raw) {
            write(generated as string);
            checkHeard(undefined, false, heard);
            return;
          }
          const message = materialize(generated, id);
          const heardStart = startFirst && (message as { id?: unknown } | null)?.id === id;
          if (heardStart) write(JSON.stringify([startedOf(id), 0.5]));
          write(JSON.stringify([message, 0.5]) ?? null);
          // What JSON carries: `undefined` fields are gone, as they would be between two tabs.
          checkHeard(JSON.parse(JSON.stringify(message) ?? 'null'), heardStart, heard);
        }),
        { seed: FIXED_SEED, numRuns: RUNS },
      );
    } finally {
      stop();
    }
  });
});
