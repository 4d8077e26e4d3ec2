/**
 * The browser tests' harness: one engine-neutral interface (sessions, tabs,
 * waits, server-side request logs, in-page observers) over Chromium
 * (playwright-core), Firefox (puppeteer-core, WebDriver BiDi) and WebKit
 * (selenium-webdriver, WebKitWebDriver).
 */
export type { EngineName } from './engines/types';
export { CLIENT_ID, STRICT_CSP, type Examples } from './examples';
export { eventSources, logIn, openSignedInSpa, openSpa, runSpaAction, spaReady } from './flows';
export { cspViolationsIn, dialogsIn, globalsAddedIn, noteGlobalsBeforeScripts, removeBroadcastChannel, watchCspViolations, watchDialogs } from './observers';
export { watchRequests, type Hop } from './requests';
export type { Session, TenantSession } from './session';
export { forEngines, useBrowserExamples, type BrowserTestEnv } from './suite';
export type { Tab } from './tab';
