// @vitest-environment node
/**
 * Random interleavings of what users do with two to four tabs of one app
 * (fast-check, fixed seed): log out, come back from the tenant, press Back
 * (from the back/forward cache or loaded afresh) and Forward, reload, follow
 * a link, log out through an `openUrl` that does nothing or rejects, close a
 * tab, wait past the deadline. Every document is its own jsdom window
 * running the SDK built from src/, with the storage a browser gives it: its
 * tab's `sessionStorage`, the origin's `localStorage` and a
 * `BroadcastChannel` that a frozen (cached) or discarded page no longer hears.
 *
 * Whatever the order, in every document that heard a logout start:
 * - at most one `started` and at most one end (`completed` or `abandoned`), never both;
 * - once nothing is left running (every trip settled, deadlines passed), exactly one end;
 * - `completed`, and a value from `handleLogoutReturn`, only for a logout
 *   whose trip to the tenant really came back.
 *
 * Without `markReturn` a link to the return URL itself would pass for the
 * return (the documented cost of auth0.js-identical URLs), so those runs
 * follow links to another page of the app; with it, links go to the return URL.
 *
 * Runs: 2 × 60.
 */
import { buildSync } from 'esbuild';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Sdk from '../../src/index';
import { FIXED_SEED } from '../helpers/arbitraries';

const RUNS = 60;
const APP = 'https://app.example.com/app/';
const OTHER_PAGE = 'https://app.example.com/other/';
const ABANDON_AFTER_MS = 40;
const CLIENT_ID = 'journeys';

type NavigationType = 'navigate' | 'reload' | 'back_forward';

/** A Storage a test can share between windows: one per tab for sessionStorage, one for the origin's localStorage. */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key = (index: number) => [...this.items.keys()][index] ?? null;
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, String(value));
  removeItem = (key: string) => void this.items.delete(key);
  clear = () => this.items.clear();
}

interface Doc {
  readonly tab: string;
  readonly dom: JSDOM;
  readonly sdk: typeof Sdk;
  readonly webAuth: Sdk.WebAuth;
  readonly events: Sdk.LogoutEvent[];
  readonly returned: Sdk.LogoutReturn[];
  frozen: boolean;
  alive: boolean;
  unsubscribe(): void;
}

interface Tab {
  readonly label: string;
  readonly session: MemoryStorage;
  /** The document shown, unless the tab is on the tenant's pages. */
  current?: Doc;
  /** On the tenant's pages: the logout that left, and the page that left it (in the back/forward cache). */
  away?: { id: string | undefined; left: Doc };
  /** The page Back shows after a return: the one that left, still cached. */
  behind?: Doc;
  /** The page Forward shows after Back. */
  ahead?: Doc;
}

type Step =
  | { kind: 'open' | 'logout' | 'openUrlNoop' | 'openUrlReject' | 'tenantReturns' | 'reload' | 'link' | 'close'; tab: number }
  | { kind: 'back' | 'forward'; tab: number; fromCache: boolean }
  | { kind: 'wait' };

let sdkSource: string;

beforeAll(() => {
  const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
  const { outputFiles } = buildSync({ entryPoints: [entry], bundle: true, format: 'iife', globalName: 'webauthLogout', write: false, logLevel: 'silent' });
  sdkSource = `${outputFiles[0]!.text}\nwindow.webauthLogout = webauthLogout;`;
});

const settle = (ms = 3) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The world of one run: the tabs, the origin's storage, and which logouts the tenant really sent back. */
class World {
  readonly local = new MemoryStorage();
  readonly tabs: Tab[];
  readonly docs: Doc[] = [];
  readonly trips = new Set<string>();

  constructor(
    tabCount: number,
    private readonly markReturn: boolean,
  ) {
    this.tabs = Array.from({ length: tabCount }, (_, index) => ({ label: String.fromCharCode(65 + index), session: new MemoryStorage() }));
  }

  /** A page loads in `tab`: the SDK starts, subscribes first, then handles the return, as the README shows. */
  async load(tab: Tab, url: string, type: NavigationType): Promise<Doc> {
    const dom = new JSDOM('<!doctype html><body></body>', { url, runScripts: 'outside-only' });
    const window = dom.window as unknown as Window & typeof globalThis & { webauthLogout: typeof Sdk };
    Object.defineProperty(window, 'sessionStorage', { value: tab.session, configurable: true });
    Object.defineProperty(window, 'localStorage', { value: this.local, configurable: true });
    window.performance.getEntriesByType = ((entryType: string) => (entryType === 'navigation' ? [{ type }] : [])) as unknown as Performance['getEntriesByType'];
    let doc: Doc | undefined;
    // A page in the back/forward cache, or gone, hears nothing: what it missed it must learn otherwise.
    window.BroadcastChannel = class extends BroadcastChannel {
      constructor(name: string) {
        super(name);
        this.addEventListener('message', (event) => {
          if (doc && (doc.frozen || !doc.alive)) event.stopImmediatePropagation();
        });
      }
    } as typeof BroadcastChannel;
    window.eval(sdkSource);
    const sdk = window.webauthLogout;
    const webAuth = new sdk.WebAuth({ domain: 'tenant.example.com', clientID: CLIENT_ID, abandonAfterMs: ABANDON_AFTER_MS, markReturn: this.markReturn });
    const events: Sdk.LogoutEvent[] = [];
    const unsubscribe = sdk.onLogout(webAuth, (event) => events.push(event));
    doc = { tab: tab.label, dom, sdk, webAuth, events, returned: [], frozen: false, alive: true, unsubscribe };
    this.docs.push(doc);
    const result = await sdk.handleLogoutReturn(webAuth);
    if (result) doc.returned.push(result);
    tab.current = doc;
    return doc;
  }

  discard(doc: Doc | undefined): void {
    if (!doc || !doc.alive) return;
    doc.alive = false;
    doc.unsubscribe();
    doc.dom.window.close();
  }

  freeze(doc: Doc): void {
    doc.frozen = true;
  }

  /** A cached page shown again: it runs no script, it only gets `pageshow` with `persisted`. */
  restore(tab: Tab, doc: Doc): void {
    doc.frozen = false;
    tab.current = doc;
    const { PageTransitionEvent } = doc.dom.window;
    doc.dom.window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
  }

  pendingId(tab: Tab): string | undefined {
    const saved = tab.session.getItem(`webauth-logout:pending:${CLIENT_ID}`);
    return saved === null ? undefined : (JSON.parse(saved) as { id: string }).id;
  }

  /** Leaves for the tenant, as the built-in navigation does (jsdom does not navigate; the world moves the tab). */
  private leave(tab: Tab, doc: Doc): void {
    this.freeze(doc);
    tab.current = undefined;
    tab.behind = undefined;
    tab.ahead = undefined;
    tab.away = { id: this.pendingId(tab), left: doc };
  }

  async run(step: Step): Promise<void> {
    if (step.kind === 'wait') {
      await settle(ABANDON_AFTER_MS + 20);
      return;
    }
    const tab = this.tabs[step.tab % this.tabs.length]!;
    const doc = tab.current;
    switch (step.kind) {
      case 'open':
        if (!doc && !tab.away) await this.load(tab, APP, 'navigate');
        break;
      case 'logout':
        if (!doc) break;
        await doc.webAuth.logout({ returnTo: APP });
        this.leave(tab, doc);
        break;
      case 'openUrlNoop':
        if (doc) await doc.webAuth.logout({ returnTo: APP, openUrl: () => undefined });
        break;
      case 'openUrlReject':
        if (doc) await doc.webAuth.logout({ returnTo: APP, openUrl: () => Promise.reject(new Error('the in-app browser failed')) }).catch(() => undefined);
        break;
      case 'tenantReturns': {
        if (!tab.away) break;
        const { id, left } = tab.away;
        tab.away = undefined;
        // The tenant ends the session and redirects to returnTo as it was sent, marker included.
        if (id !== undefined) this.trips.add(id);
        const url = this.markReturn && id !== undefined ? `${APP}?webauth_logout=${id}` : APP;
        await this.load(tab, url, 'navigate');
        tab.behind = left;
        break;
      }
      case 'back':
        if (tab.away) {
          const { left } = tab.away;
          tab.away = undefined;
          if (step.fromCache) this.restore(tab, left);
          else {
            this.discard(left);
            await this.load(tab, APP, 'back_forward');
          }
        } else if (doc && tab.behind) {
          const behind = tab.behind;
          tab.behind = undefined;
          this.freeze(doc);
          tab.ahead = doc;
          if (step.fromCache) this.restore(tab, behind);
          else {
            this.discard(behind);
            await this.load(tab, APP, 'back_forward');
          }
        }
        break;
      case 'forward':
        if (doc && tab.ahead) {
          const ahead = tab.ahead;
          tab.ahead = undefined;
          this.freeze(doc);
          tab.behind = doc;
          if (step.fromCache) this.restore(tab, ahead);
          else {
            const url = ahead.dom.window.location.href;
            this.discard(ahead);
            await this.load(tab, url, 'back_forward');
          }
        }
        break;
      case 'reload': {
        if (!doc) break;
        const url = doc.dom.window.location.href;
        this.discard(doc);
        await this.load(tab, url, 'reload');
        break;
      }
      case 'link': {
        if (!doc && !tab.away) break;
        this.discard(doc);
        if (tab.away) this.discard(tab.away.left);
        tab.away = undefined;
        tab.behind = undefined;
        tab.ahead = undefined;
        await this.load(tab, this.markReturn ? APP : OTHER_PAGE, 'navigate');
        break;
      }
      case 'close':
        for (const shown of [doc, tab.away?.left, tab.behind, tab.ahead]) this.discard(shown);
        tab.current = tab.away = tab.behind = tab.ahead = undefined;
        break;
    }
    await settle();
  }

  /** Every trip settles as a user's would: the tenant sends each tab back, and the deadlines pass. */
  async finish(): Promise<void> {
    for (const tab of this.tabs) await this.run({ kind: 'tenantReturns', tab: this.tabs.indexOf(tab) });
    await settle(ABANDON_AFTER_MS * 3);
  }

  close(): void {
    for (const doc of this.docs) this.discard(doc);
  }

  /** What broke the lifecycle's promise, in words; empty when it held. */
  violations(): string[] {
    const found: string[] = [];
    for (const [index, doc] of this.docs.entries()) {
      const where = `tab ${doc.tab}, document ${index}`;
      const ids = new Set(doc.events.map((event) => event.id));
      for (const id of ids) {
        const phases = doc.events.filter((event) => event.id === id).map((event) => event.phase);
        const started = phases.filter((phase) => phase === 'started').length;
        const ends = phases.filter((phase) => phase !== 'started');
        if (started > 1) found.push(`${where}: started ${started} times (${phases})`);
        if (ends.length > 1) found.push(`${where}: ended ${ends.length} times (${phases})`);
        if (started === 1 && ends.length === 0 && doc.alive && !doc.frozen) found.push(`${where}: started and never ended (${phases})`);
        if (ends.includes('completed') && !this.trips.has(id)) found.push(`${where}: completed without a trip to the tenant`);
      }
      for (const result of doc.returned) if (!this.trips.has(result.id)) found.push(`${where}: handleLogoutReturn resolved a return that never happened`);
    }
    return found;
  }
}

// Mostly the first two tabs, so that one tab's steps follow each other often enough to meet every order.
const tabIndex = fc.oneof({ arbitrary: fc.nat(1), weight: 3 }, { arbitrary: fc.nat(3), weight: 1 });
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constantFrom('logout', 'tenantReturns', 'openUrlNoop', 'reload', 'link'), tab: tabIndex }), weight: 10 },
  { arbitrary: fc.record({ kind: fc.constantFrom('back', 'forward'), tab: tabIndex, fromCache: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constantFrom('open', 'openUrlReject', 'close'), tab: tabIndex }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'wait' } as const), weight: 1 },
);

const journeyArbitrary = fc.record({ tabCount: fc.integer({ min: 2, max: 4 }), steps: fc.array(stepArbitrary, { minLength: 1, maxLength: 16 }) });

describe.each([false, true])('tab journeys (markReturn %s)', (markReturn) => {
  it(`every logout heard to start ends exactly once, and completes only after a real trip (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(journeyArbitrary, async ({ tabCount, steps }) => {
        const world = new World(tabCount, markReturn);
        try {
          for (const tab of world.tabs) await world.load(tab, APP, 'navigate');
          for (const step of steps) await world.run(step);
          await world.finish();
          expect(world.violations()).toEqual([]);
        } finally {
          world.close();
        }
      }),
      { numRuns: RUNS, seed: FIXED_SEED },
    );
  }, 120_000);

  it('a logout and its return are heard by every tab with one id, the return resolving that logout', async () => {
    const world = new World(3, markReturn);
    try {
      for (const tab of world.tabs) await world.load(tab, APP, 'navigate');
      const [a, b, c] = world.tabs as [Tab, Tab, Tab];
      const leaving = a.current!;
      await world.run({ kind: 'logout', tab: 0 });
      await world.run({ kind: 'tenantReturns', tab: 0 });
      const [id] = world.trips;
      const phases = (doc: Doc | undefined) => doc!.events.map((event) => `${event.source} ${event.phase} ${event.id === id}`);
      // The page that left, still cached, may learn the end from the recent endings once its deadline passes.
      expect(phases(leaving)[0]).toBe('this-tab started true');
      expect(phases(leaving).slice(1)).toEqual(phases(leaving).length > 1 ? ['this-tab completed true'] : []);
      expect(phases(a.current)).toEqual(['this-tab completed true']);
      expect(a.current!.returned).toEqual([{ id, endpoint: 'v2', returnTo: APP, federated: false }]);
      expect(phases(b.current)).toEqual(['other-tab started true', 'other-tab completed true']);
      expect(phases(c.current)).toEqual(['other-tab started true', 'other-tab completed true']);
    } finally {
      world.close();
    }
  });
});

describe('without markReturn', () => {
  it('a link to the return URL while the trip is out passes for the return: the cost of auth0.js-identical URLs', async () => {
    const world = new World(2, false);
    try {
      for (const tab of world.tabs) await world.load(tab, APP, 'navigate');
      await world.run({ kind: 'logout', tab: 0 });
      const [a] = world.tabs as [Tab];
      a.away = undefined;
      const followed = await world.load(a, APP, 'navigate');
      expect(followed.returned).toHaveLength(1);
      expect(world.trips.size).toBe(0);
    } finally {
      world.close();
    }
  });

  it('with markReturn the same link abandons the logout instead', async () => {
    const world = new World(2, true);
    try {
      for (const tab of world.tabs) await world.load(tab, APP, 'navigate');
      await world.run({ kind: 'logout', tab: 0 });
      const [a, b] = world.tabs as [Tab, Tab];
      a.away = undefined;
      const followed = await world.load(a, APP, 'navigate');
      await settle(10);
      expect(followed.returned).toEqual([]);
      expect(b.current!.events.map((event) => `${event.phase} ${event.reason ?? ''}`)).toEqual(['started ', 'abandoned navigated']);
    } finally {
      world.close();
    }
  });
});
