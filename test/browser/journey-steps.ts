/**
 * What the logout journeys share (journeys-leave.test.ts,
 * journeys-return.test.ts): the log the journey page keeps per tab
 * (test/browser/fixtures/journey.js) and how to read it, and the steps of a
 * journey: two signed-in tabs, landing on a page, the tenant's word against
 * each tab's last event.
 */
import { expect } from 'vitest';
import { CLIENT_ID, logIn, type BrowserTestEnv, type Tab } from './harness';
import { poll } from './harness/poll';

export const JOURNEY_PATH = '/harness-fixtures/journey.html';

/** What the page logs (test/browser/fixtures/journey.js), one array per tab label. */
export type Entry =
  | { kind: 'load'; doc: string; at: number; url: string; navigation: string | null }
  | { kind: 'pageshow'; doc: string; at: number; persisted: boolean }
  | { kind: 'event'; doc: string; at: number; id: string; clientID: string; endpoint: string; returnTo?: string; federated: boolean; source: string; phase: string; reason?: string }
  | { kind: 'return'; doc: string; at: number; value: Record<string, unknown> | null; error?: string }
  | { kind: 'result'; doc: string; at: number; action: string; outcome: { settled: string; value?: unknown; code?: string } };

export type EventEntry = Extract<Entry, { kind: 'event' }>;

/** An event as the assertions spell it: "<phase> <source>[ <reason>]". */
export const spell = ({ phase, source, reason }: EventEntry) => [phase, source, reason].filter(Boolean).join(' ');
export const eventsIn = (log: Entry[]) => log.filter((entry): entry is EventEntry => entry.kind === 'event');
export const story = (log: Entry[]) => eventsIn(log).map(spell);
export const docsIn = (log: Entry[]) => log.filter((entry) => entry.kind === 'load').map((entry) => entry.doc);
/** What handleLogoutReturn resolved in `doc`: the value, `null` for undefined, `undefined` when it has not settled. */
export const returnIn = (log: Entry[], doc: string) => {
  const entry = log.find((candidate) => candidate.kind === 'return' && candidate.doc === doc) as Extract<Entry, { kind: 'return' }> | undefined;
  return entry && (entry.error === undefined ? entry.value : `rejected ${entry.error}`);
};
/** The tab's log in one line, for a failure to show which document heard what: "<doc> <kind> <detail>; …". */
export const trail = (log: Entry[]) =>
  log
    .map((entry) => {
      const detail =
        entry.kind === 'event' ? spell(entry) : entry.kind === 'load' ? entry.navigation : entry.kind === 'pageshow' ? `persisted ${entry.persisted}` : entry.kind === 'return' ? JSON.stringify(entry.value) : entry.action;
      return `${entry.doc} ${entry.kind} ${detail}`;
    })
    .join('; ');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The steps and readings every journey shares, for the engine and servers of `env`. */
export function journeySteps(env: BrowserTestEnv) {
  const journeyPage = (tab: string, query: Record<string, string> = {}) =>
    env.examples.fixture('journey.html', { domain: env.examples.tenantUrl, clientID: CLIENT_ID, tab, ...query });
  const onTenant = (url: string) => url.startsWith(`${env.examples.tenantUrl}/`);

  /** The log of tab `label`, read through `via`, a tab that shows a page of the pages' origin (localStorage is the session's). */
  const logOf = (via: Tab, label: string) => via.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]') as Entry[], `journey:log:${label}`);

  /** Waits until the log of `label` passes `test`; returns it. */
  const waitForLog = (via: Tab, label: string, what: string, test: (log: Entry[]) => boolean, timeout?: number) =>
    poll(`tab ${label}: ${what}`, () => logOf(via, label), test, timeout);

  /** What the tab shows now: the journey page's document id (null elsewhere), its URL and whether it is loaded and done with the return. */
  const shown = (tab: Tab) =>
    tab.evaluate(() => ({
      doc: ((window as unknown as { journeyDoc?: string }).journeyDoc ?? null) as string | null,
      url: location.href,
      complete: document.readyState === 'complete',
      ready: document.body?.dataset.ready === 'true',
    }));

  /** Waits until the tab shows a journey page document other than `from`, loaded and done with the return; returns its id. */
  async function landOnJourney(tab: Tab, from: string | null, what: string): Promise<string> {
    const state = await poll(what, () => shown(tab), ({ doc, complete, ready }) => doc !== null && doc !== from && complete && ready);
    return state.doc!;
  }

  async function landOnTenant(tab: Tab, what: string): Promise<string> {
    const state = await poll(what, () => shown(tab), ({ url, complete }) => onTenant(url) && complete);
    return state.url;
  }

  /**
   * Tabs A and B of the session on the journey page (`query` for both,
   * `onlyA` for A), signed in at the tenant first: A signs in and comes
   * back to its page (from `before`, when the tab is to show that page first).
   */
  async function openTabs(query: Record<string, string> = {}, onlyA: Record<string, string> = {}, before?: string) {
    const a = await env.session.newTab();
    if (before !== undefined) await a.goto(before);
    await logIn(a, env.examples, journeyPage('A', { ...query, ...onlyA }));
    const aDoc = await landOnJourney(a, null, 'tab A on the journey page');
    const b = await env.session.newTab();
    await b.goto(journeyPage('B', query));
    const bDoc = await landOnJourney(b, null, 'tab B on the journey page');
    expect((await env.session.tenantSession()).authenticated).toBe(true);
    return { a, b, aDoc, bDoc };
  }

  const tenantSignedIn = async () => (await env.session.tenantSession()).authenticated;

  /**
   * The tenant's word against each tab's last event: `completed` means
   * signed out there, `abandoned` signed in; and every event of the journey
   * is about one logout, the same `id` in both tabs.
   */
  async function expectTruthful(logs: Entry[][]) {
    const signedIn = await tenantSignedIn();
    for (const log of logs) {
      const last = eventsIn(log).at(-1);
      if (last?.phase === 'completed') expect(signedIn, 'a tab heard completed last, so the tenant has signed it out').toBe(false);
      if (last?.phase === 'abandoned') expect(signedIn, 'a tab heard abandoned last, so the tenant still has it signed in').toBe(true);
    }
    const ids = new Set(logs.flatMap((log) => eventsIn(log).map(({ id }) => id)));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[\da-f]{32}$/);
    return signedIn;
  }

  return { journeyPage, onTenant, logOf, waitForLog, shown, landOnJourney, landOnTenant, openTabs, expectTruthful };
}

/** Tab A leaves for the tenant's 400 page (a returnTo it refuses) and the user presses Back. */
export async function backFromRefusal({ openTabs, landOnTenant, waitForLog, shown, logOf }: ReturnType<typeof journeySteps>) {
  const { a, b, aDoc: leaving } = await openTabs();
  await a.click('button[data-action="logout-refused"]');
  await landOnTenant(a, "the tenant's 400 page");
  await waitForLog(b, 'B', 'started', (log) => story(log).length === 1);
  await a.traverse(-1);
  const back = await poll('tab A back on the journey page', () => shown(a), ({ doc, complete, ready }) => doc !== null && complete && ready);
  const logB = await waitForLog(b, 'B', 'the end of the logout', (log) => story(log).length === 2);
  // Tab A's page tells its own listeners before the announcement leaves for tab B: by now it has heard all it will.
  const logA = await logOf(a, 'A');
  return { a, b, leaving, back: back.doc!, logA, logB };
}

/** The servers every journey runs against: pages a browser may cache, and the journey page among the Allowed Logout URLs. */
export const CACHEABLE_PAGES = { cacheControl: 'no-cache', allowedLogoutPaths: [JOURNEY_PATH] };
