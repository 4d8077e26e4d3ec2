/**
 * Announcing a logout (src/core/announce.ts): this page's listeners first,
 * then the other tabs, each message marked with the page that sent it; every
 * end (completed or abandoned) also goes to a short list of recent endings in
 * `localStorage`, for a tab that misses the message. An announcement holds
 * exactly the event's fields: `reason` the logout's own (`idle`) while it
 * runs, why it was abandoned once it is; `revoked` only as a boolean.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceLogout, announcement, endingsKey, thisPage } from '../../../src/core/announce';
import { freshClientID, otherTab, recordedWebAuth, settle } from './support';

const facts = { id: 'a'.repeat(32), endpoint: 'v2' as const, returnTo: 'https://app.example.com/', federated: true, revoked: undefined, reason: undefined };
const endings = (clientID: string) => JSON.parse(localStorage.getItem(endingsKey(clientID)) ?? 'null') as unknown;

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('announcement', () => {
  it('holds exactly the event fields, with the reason that fits the phase and revoked only as a boolean', () => {
    const clientID = freshClientID();
    expect(announcement(clientID, facts, 'started')).toStrictEqual({ id: facts.id, clientID, endpoint: 'v2', returnTo: facts.returnTo, federated: true, phase: 'started' });
    const idle = { ...facts, reason: 'idle' as const, revoked: false };
    expect(announcement(clientID, idle, 'completed')).toStrictEqual({ id: facts.id, clientID, endpoint: 'v2', returnTo: facts.returnTo, federated: true, phase: 'completed', reason: 'idle', revoked: false });
    // Abandoned: why it was abandoned, not the logout's own reason.
    expect(announcement(clientID, idle, 'abandoned', 'reload')).toMatchObject({ phase: 'abandoned', reason: 'reload' });
    // What else the facts carry (a state, a record's time or page) is not the event's.
    const record = { ...facts, state: 's', time: 1, page: 'p', marked: true, popup: 'x' };
    expect(Object.keys(announcement(clientID, record, 'started')).sort()).toEqual(['clientID', 'endpoint', 'federated', 'id', 'phase', 'returnTo']);
  });
});

describe('announceLogout', () => {
  it("tells this page's listeners first, then the other tabs, marked with this page", async () => {
    const { clientID, events, unsubscribe } = recordedWebAuth();
    const tab = otherTab(clientID);
    announceLogout(announcement(clientID, facts, 'started'));
    expect(events).toEqual([{ ...announcement(clientID, facts, 'started'), source: 'this-tab' }]);
    await settle();
    tab.close();
    unsubscribe();
    expect(thisPage).toMatch(/^[0-9a-z]+$/);
    expect(tab.received).toEqual([{ ...announcement(clientID, facts, 'started'), page: thisPage }]);
    // The page never hears its own message again as another tab's.
    expect(events).toHaveLength(1);
  });

  it('remembers every end, never a start, in a short list, most recent last', () => {
    const clientID = freshClientID();
    announceLogout(announcement(clientID, facts, 'started'));
    expect(endings(clientID)).toBeNull();
    announceLogout(announcement(clientID, facts, 'completed'));
    announceLogout(announcement(clientID, { ...facts, id: 'b'.repeat(32) }, 'abandoned', 'history'));
    expect(endings(clientID)).toEqual([
      [facts.id, 'completed', null],
      ['b'.repeat(32), 'abandoned', 'history'],
    ]);
    for (let index = 0; index < 20; index++) announceLogout(announcement(clientID, { ...facts, id: `logout-${index}` }, 'completed'));
    const kept = endings(clientID) as unknown[][];
    expect(kept).toHaveLength(8);
    expect(kept.map(([id]) => id)).toEqual(Array.from({ length: 8 }, (_, index) => `logout-${index + 12}`));
  });

  it('starts the list afresh over what another script left there', () => {
    for (const garbage of ['{not json', '"x"', '{"a":1}', 'null']) {
      const clientID = freshClientID();
      localStorage.setItem(endingsKey(clientID), garbage);
      announceLogout(announcement(clientID, facts, 'completed'));
      expect(endings(clientID), garbage).toEqual([[facts.id, 'completed', null]]);
    }
  });

  it('never throws when the browser refuses storage or the channel, or has no BroadcastChannel', () => {
    const clientID = freshClientID();
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    vi.spyOn(BroadcastChannel.prototype, 'postMessage').mockImplementation(() => {
      throw new DOMException('closed', 'InvalidStateError');
    });
    expect(() => announceLogout(announcement(clientID, facts, 'abandoned', 'timeout'))).not.toThrow();
    vi.stubGlobal('BroadcastChannel', undefined);
    expect(() => announceLogout(announcement(clientID, facts, 'completed'))).not.toThrow();
    vi.unstubAllGlobals();
  });
});
