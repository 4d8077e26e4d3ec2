/**
 * A browser session, whatever the engine: its own cookies and storage, tabs
 * that share them, scripts that run before the pages', and the tenant's view
 * of it, read as the browser itself would: by opening the tenant's URL in
 * one of its tabs.
 */
import type { PageFunction, SessionDriver } from './engines/types';
import { poll } from './poll';
import { Tab } from './tab';

export interface TenantSession {
  authenticated: boolean;
  sid?: string;
  idpAuthenticated: boolean;
}

export class Session {
  constructor(
    private readonly driver: SessionDriver,
    private readonly tenantUrl: string,
  ) {}

  async newTab(): Promise<Tab> {
    return new Tab(await this.driver.newTab());
  }

  /** Runs `fn(arg)` before the scripts of every example page this session loads from now on, in every tab and popup. */
  addInitScript<A>(fn: PageFunction<A, unknown>, arg?: A): Promise<void> {
    return this.driver.addInitScript(`(${fn.toString()})(${JSON.stringify(arg ?? null)});`);
  }

  /** The windows open in the session now: its tabs and the popups they opened, closed ones not counted. */
  windowCount(): Promise<number> {
    return this.driver.windowCount();
  }

  /** Waits until the session has `count` windows open (a popup that closed itself leaves its opener alone). */
  async waitForWindowCount(count: number): Promise<void> {
    await poll(`${count} open windows`, () => this.windowCount(), (open) => open === count);
  }

  /** Opens `url` in a tab of its own, reads it, and closes the tab. */
  private async inOwnTab<T>(url: string, read: (tab: Tab) => Promise<T>): Promise<T> {
    const tab = await this.newTab();
    try {
      await tab.goto(url);
      return await read(tab);
    } finally {
      await tab.close();
    }
  }

  /** The tenant's `/session` answer for this session's cookies. */
  tenantSession(): Promise<TenantSession> {
    return this.inOwnTab(`${this.tenantUrl}/session`, async (tab) => JSON.parse(await tab.evaluate(() => (document.querySelector('pre') ?? document.body).textContent ?? '')) as TenantSession);
  }

  /** The names of the cookies this session holds for the tenant, sorted. */
  tenantCookieNames(): Promise<string[]> {
    return this.inOwnTab(`${this.tenantUrl}/session`, (tab) => tab.cookieNames());
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
