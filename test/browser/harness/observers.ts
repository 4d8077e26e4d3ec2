/**
 * What a test watches from inside the pages, installed before their scripts
 * so nothing escapes it, and read back in the page. Records go to
 * sessionStorage, which a tab keeps for each origin across its navigations:
 * an example page, left for the tenant and returned to, still has them.
 * Every engine observes the same way, including those whose driver reports
 * no dialogs or CSP violations itself.
 */
import type { Session } from './session';
import type { Tab } from './tab';

const DIALOGS_KEY = 'harness:dialogs';
const CSP_KEY = 'harness:csp-violations';

async function readRecords(tab: Tab, key: string): Promise<string[]> {
  return JSON.parse((await tab.evaluate((storageKey) => sessionStorage.getItem(storageKey), key)) ?? '[]') as string[];
}

/** Makes `alert`, `confirm` and `prompt` record their message instead of opening a dialog (a `javascript:alert(1)` URL that ran would call one). */
export function watchDialogs(session: Session): Promise<void> {
  return session.addInitScript((key) => {
    const record = (message: unknown) => {
      sessionStorage.setItem(key, JSON.stringify([...(JSON.parse(sessionStorage.getItem(key) ?? '[]') as string[]), String(message)]));
    };
    window.alert = (message?: unknown) => record(message);
    window.confirm = (message?: string) => (record(message), false);
    window.prompt = (message?: string) => (record(message), null);
  }, DIALOGS_KEY);
}

/** The messages of the dialogs this tab's documents of its current origin tried to open. */
export function dialogsIn(tab: Tab): Promise<string[]> {
  return readRecords(tab, DIALOGS_KEY);
}

/** Records every Content-Security-Policy violation as `<directive> blocked <what> at <file>:<line>`. */
export function watchCspViolations(session: Session): Promise<void> {
  return session.addInitScript((key) => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => {
        const report = `${event.effectiveDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`;
        sessionStorage.setItem(key, JSON.stringify([...(JSON.parse(sessionStorage.getItem(key) ?? '[]') as string[]), report]));
      },
      true,
    );
  }, CSP_KEY);
}

/** The violations recorded in this tab's documents of its current origin. */
export function cspViolationsIn(tab: Tab): Promise<string[]> {
  return readRecords(tab, CSP_KEY);
}

/**
 * Notes the window's own keys before any page script runs (non-enumerable,
 * so it does not count itself). A popup's window, kept from its blank first
 * page, keeps the keys noted there.
 */
export function noteGlobalsBeforeScripts(session: Session): Promise<void> {
  return session.addInitScript(() => {
    if (!('__keysBeforeScripts' in window)) Object.defineProperty(window, '__keysBeforeScripts', { value: Object.keys(window) });
  });
}

/** The window keys the page's scripts added. */
export function globalsAddedIn(tab: Tab): Promise<string[]> {
  return tab.evaluate(() => {
    const before = (window as unknown as { __keysBeforeScripts: string[] }).__keysBeforeScripts;
    return Object.keys(window).filter((key) => !before.includes(key));
  });
}

/** Takes `BroadcastChannel` away before the pages' scripts run, as in a browser without it. */
export function removeBroadcastChannel(session: Session): Promise<void> {
  return session.addInitScript(() => {
    delete (window as { BroadcastChannel?: unknown }).BroadcastChannel;
  });
}
