/**
 * What another tab says, under hostile values (fast-check, fixed seed).
 *
 * Listeners hear other tabs' logouts over a `BroadcastChannel` (or, where it
 * is missing, `storage` events), which any script of the origin can write to,
 * in any shape. Whatever arrives, a listener only ever gets a well-formed
 * event: this application's `clientID`, `source: 'other-tab'`, a boolean
 * `federated`, a `phase` of `started` or `completed`, a `revoked` that is
 * absent or a boolean, a `returnTo` that is absent or an absolute http(s) URL
 * (an app may well send the user there), and no other field; a well-formed
 * announcement is always delivered, as sent (`revoked` only when it is a
 * boolean); nothing else is reported or thrown.
 *
 * Runs: 1,500 over BroadcastChannel + 1,500 over storage events = 3,000.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebAuth, type LogoutEvent } from '../../src/index';
import { FIXED_SEED, returnUrlArb } from '../helpers/arbitraries';
import { isSafeReturnUrl } from './contract';

const RUNS = 1500;
const CLIENT_ID = 'announcement-app';
const SENTINEL = 'https://sentinel.example/';

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
        returnTo: fieldArb,
        federated: fc.oneof({ weight: 3, arbitrary: fc.boolean() }, fieldArb),
        phase: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom<unknown>('started', 'completed') },
          fc.constantFrom<unknown>('Started', 'COMPLETED', 'start', 'complete', ' started', 'started ', ['started'], new String('started')),
          fieldArb,
        ),
        revoked: fc.oneof({ weight: 3, arbitrary: fc.boolean() }, fieldArb),
        extra: fc.constantFrom<unknown>('x', { token: 'secret' }),
        source: fc.constantFrom<unknown>('this-tab', 'other-tab', 1),
        tab: fc.constantFrom<unknown>('x', 1, null),
      },
      // `phase` and `revoked` are also left out, to try announcements without them.
      { requiredKeys: ['clientID'] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, undefined, 'logout', 42, [], [{ clientID: CLIENT_ID }], new Date(0), new Map([['clientID', CLIENT_ID]])) },
);

/** Whether `message` is an announcement the SDK itself could have sent: it must then reach the listeners, as sent. */
function isWellFormed(message: unknown): message is { returnTo?: string; federated: boolean; phase: LogoutEvent['phase']; revoked?: unknown } {
  if (typeof message !== 'object' || message === null || Array.isArray(message) || message instanceof Date || message instanceof Map) return false;
  const { clientID, returnTo, federated, phase } = message as Record<string, unknown>;
  return (
    clientID === CLIENT_ID &&
    typeof federated === 'boolean' &&
    (phase === 'started' || phase === 'completed') &&
    (returnTo === undefined || isSafeReturnUrl(returnTo))
  );
}

const EVENT_KEYS = ['clientID', 'returnTo', 'federated', 'source', 'phase', 'revoked'];

/** Why `event` is not a well-formed event, or `undefined`. */
function eventViolation(event: LogoutEvent): string | undefined {
  if (typeof event !== 'object' || event === null) return `got ${typeof event}`;
  if (event.clientID !== CLIENT_ID) return `got clientID ${String(event.clientID)}`;
  if (event.source !== 'other-tab') return `got source ${String(event.source)}`;
  if (typeof event.federated !== 'boolean') return `got federated ${typeof event.federated}`;
  if (event.phase !== 'started' && event.phase !== 'completed') return `got phase ${String(event.phase).slice(0, 80)}`;
  if ('revoked' in event && typeof event.revoked !== 'boolean') return `got revoked ${typeof event.revoked}`;
  const unknownKey = Reflect.ownKeys(event).find((key) => typeof key !== 'string' || !EVENT_KEYS.includes(key));
  if (unknownKey !== undefined) return `got the field ${String(unknownKey)}`;
  if (event.returnTo !== undefined && !isSafeReturnUrl(event.returnTo)) return `got returnTo ${String(event.returnTo).slice(0, 80)}`;
  return undefined;
}

function checkHeard(message: unknown, heard: LogoutEvent[]): void {
  for (const event of heard) expect(eventViolation(event), JSON.stringify(message)?.slice(0, 200)).toBeUndefined();
  expect(heard.length).toBeLessThanOrEqual(1);
  if (isWellFormed(message)) {
    const { returnTo, federated, phase, revoked } = message;
    // `revoked` is kept only when it is a boolean; every other field is the event's own.
    const expected: LogoutEvent = { clientID: CLIENT_ID, returnTo, federated, phase, source: 'other-tab' };
    if (typeof revoked === 'boolean') expected.revoked = revoked;
    expect(heard).toStrictEqual([expected]);
  }
}

describe('a hostile announcement from another tab', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it(`over BroadcastChannel, reaches listeners only as a well-formed event (${RUNS} runs)`, async () => {
    const heard: LogoutEvent[] = [];
    let sentinel: () => void = () => {};
    const stop = new WebAuth({ domain: 'me.auth0.com', clientID: CLIENT_ID }).onLogout((event) =>
      event?.returnTo === SENTINEL ? sentinel() : void heard.push(event),
    );
    const otherTab = new BroadcastChannel(`webauth-logout:${CLIENT_ID}`);
    try {
      await fc.assert(
        fc.asyncProperty(messageArb, async (message) => {
          heard.length = 0;
          // The sentinel, posted after, arrives after: once it is heard, so is everything before it.
          const delivered = new Promise<void>((resolve) => (sentinel = resolve));
          otherTab.postMessage(message);
          otherTab.postMessage({ clientID: CLIENT_ID, returnTo: SENTINEL, federated: false, phase: 'started' });
          await delivered;
          checkHeard(message, heard);
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
    const stop = new WebAuth({ domain: 'me.auth0.com', clientID: CLIENT_ID }).onLogout((event) => void heard.push(event));
    const rawArb = fc.oneof(
      { weight: 6, arbitrary: messageArb.map((message) => ({ message, newValue: JSON.stringify([message, 0.5]) ?? null })) },
      { weight: 1, arbitrary: fc.constantFrom('{not json', '[]', '[null]', 'null', '"x"', '[[]]', '').map((newValue) => ({ message: undefined, newValue })) },
    );
    try {
      fc.assert(
        fc.property(rawArb, ({ message, newValue }) => {
          heard.length = 0;
          window.dispatchEvent(new StorageEvent('storage', { key: `webauth-logout:${CLIENT_ID}`, newValue }));
          // What JSON carries: `undefined` fields are gone, as they would be between two tabs.
          checkHeard(message === undefined ? undefined : JSON.parse(JSON.stringify(message) ?? 'null'), heard);
        }),
        { seed: FIXED_SEED, numRuns: RUNS },
      );
    } finally {
      stop();
    }
  });
});
