// @vitest-environment node
/**
 * memoryStore, the default BackChannelStore: jti spent once until its time to
 * live, positions that grow, subscriptions from a position once each and in
 * order, a bounded event log, and listeners that cannot hurt each other.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStore } from '../../src/back-channel/memoryStore';
import { comparePositions, type EndedSession } from '../../src/back-channel/store';
import { WebAuthError } from '../../src/errors/WebAuthError';

const session = (sid: string): EndedSession => ({ sid, iss: 'https://tenant.example.com/', jti: `jti-${sid}`, time: Date.now() });

afterEach(() => {
  vi.useRealTimers();
});

describe('memoryStore', () => {
  it('spends a jti once until its time to live ends, and forgets it on release', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = memoryStore();
    expect(await store.spendJti('a', 1000)).toBe(true);
    expect(await store.spendJti('a', 1000)).toBe(false);
    vi.advanceTimersByTime(1001);
    expect(await store.spendJti('a', 1000)).toBe(true);
    await store.releaseJti('a');
    expect(await store.spendJti('a', 1000)).toBe(true);
  });

  it('sweeps expired identifiers as they pile up, and keeps the live ones', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = memoryStore();
    for (let i = 0; i < 1000; i++) await store.spendJti(`old-${i}`, 10);
    await store.spendJti('live', 60_000);
    vi.advanceTimersByTime(100);
    for (let i = 0; i < 100; i++) await store.spendJti(`new-${i}`, 60_000);
    expect(await store.spendJti('live', 60_000)).toBe(false);
    expect(await store.spendJti('old-1', 60_000)).toBe(true);
  });

  it('gives growing positions, also within one millisecond, and currentPosition is the newest', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = memoryStore();
    expect(await store.currentPosition()).toBe('0-0');
    const positions = [await store.publish(session('a')), await store.publish(session('b')), await store.publish(session('c'))];
    expect(positions.map((position) => position.split('-')[1])).toEqual(['0', '1', '2']);
    vi.advanceTimersByTime(5);
    positions.push(await store.publish(session('d')));
    for (let i = 1; i < positions.length; i++) expect(comparePositions(positions[i]!, positions[i - 1]!)).toBe(1);
    expect(await store.currentPosition()).toBe(positions[3]);
  });

  it('replays what came after a position, then live entries, once each and in order; a malformed position starts now', async () => {
    const store = memoryStore();
    await store.publish(session('before'));
    const from = await store.currentPosition();
    await store.publish(session('missed'));
    const heard: string[] = [];
    const fromNow: string[] = [];
    const stop = store.subscribe(from, (event) => heard.push(event.session.sid!));
    store.subscribe('garbage', (event) => fromNow.push(event.session.sid!));
    await store.publish(session('live'));
    stop();
    await store.publish(session('after'));
    expect(heard).toEqual(['missed', 'live']);
    expect(fromNow).toEqual(['live', 'after']);
    expect(store.listenerCount).toBe(1);
  });

  it('keeps entries for retentionMs only: a reconnect later than that gets nothing older', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = memoryStore({ retentionMs: 1000 });
    const from = await store.currentPosition();
    await store.publish(session('old'));
    vi.advanceTimersByTime(2000);
    const heard: string[] = [];
    store.subscribe(from, (event) => heard.push(event.session.sid!));
    await store.publish(session('new'));
    expect(heard).toEqual(['new']);
  });

  it('a listener that throws or unsubscribes another does not stop the rest', async () => {
    const store = memoryStore();
    const heard: string[] = [];
    store.subscribe('0-0', () => {
      throw new Error('broken stream');
    });
    let stopOther = () => {};
    store.subscribe('0-0', () => stopOther());
    stopOther = store.subscribe('0-0', () => heard.push('removed one'));
    store.subscribe('0-0', (event) => heard.push(event.session.sid!));
    await store.publish(session('a'));
    expect(heard).toEqual(['a']);
  });

  it('the replay runs within subscribe; once unsubscribed, a listener hears no more', async () => {
    const store = memoryStore();
    for (const sid of ['a', 'b', 'c']) await store.publish(session(sid));
    const heard: string[] = [];
    let stop: (() => void) | undefined;
    stop = store.subscribe('0-0', (event) => {
      heard.push(event.session.sid!);
      stop?.();
    });
    stop();
    await store.publish(session('d'));
    expect(heard).toEqual(['a', 'b', 'c']);
  });

  it('refuses options it cannot use with WebAuthError', () => {
    for (const [options, code] of [
      [null, 'invalid_options'],
      [{ retentionMs: 10 }, 'invalid_option'],
      [{ retentionMs: Number.NaN }, 'invalid_option'],
      [{ retentionMs: '600000' }, 'invalid_option'],
    ] as const) {
      let thrown: unknown;
      try {
        memoryStore(options as never);
      } catch (error) {
        thrown = error;
      }
      expect(WebAuthError.is(thrown)).toBe(true);
      expect(thrown).toMatchObject({ code });
    }
  });
});
