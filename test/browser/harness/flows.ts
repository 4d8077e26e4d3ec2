/** The steps the example pages' tests share: signing in, and driving the SPA's buttons. */
import type { Examples } from './examples';
import type { BrowserTestEnv } from './suite';
import type { Tab } from './tab';

/** Signs the tab's session in at the tenant and returns to `returnTo`. */
export async function logIn(tab: Tab, examples: Examples, returnTo: string): Promise<void> {
  await tab.goto(`${examples.tenantUrl}/login?returnTo=${encodeURIComponent(returnTo)}`);
  const landed = await tab.url();
  if (landed !== returnTo) throw new Error(`login landed on ${landed}, expected ${returnTo}`);
}

/** Waits until the SPA has subscribed to onLogout and knows the session (main.js sets data-ready). */
export async function spaReady(tab: Tab): Promise<void> {
  await tab.waitFor('body[data-ready="true"]');
}

/** Clicks an SPA button and waits for its promise to settle; returns "resolved" or "rejected". */
export async function runSpaAction(tab: Tab, action: string): Promise<string> {
  await tab.click(`button[data-action="${action}"]`);
  const result = await tab.waitFor('#result', new RegExp(`^${action} (resolved|rejected)$`));
  return result.split(' ')[1]!;
}

/** The `source` of every onLogout event the SPA listed. */
export function eventSources(tab: Tab): Promise<(string | undefined)[]> {
  return tab.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('#events li'), (item) => item.dataset.source));
}

/** A new tab of the test's session on the SPA, ready to be clicked. */
export async function openSpa({ session, examples }: BrowserTestEnv, extra?: Record<string, string>): Promise<Tab> {
  const tab = await session.newTab();
  await tab.goto(examples.page('/spa/', extra));
  await spaReady(tab);
  return tab;
}

/** A new SPA tab, signed in at the tenant and ready to be clicked. */
export async function openSignedInSpa({ session, examples }: BrowserTestEnv): Promise<Tab> {
  const tab = await session.newTab();
  await logIn(tab, examples, examples.returnTo('/spa/'));
  await spaReady(tab);
  return tab;
}
