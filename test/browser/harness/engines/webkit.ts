/**
 * WebKit: WebKitGTK's MiniBrowser driven by selenium-webdriver through
 * Debian's WebKitWebDriver, which the engine starts itself (with its own
 * Xvfb when there is no display). WebKitWebDriver holds one session at a
 * time and each session is a fresh MiniBrowser with ephemeral storage, so a
 * session is a WebDriver session and its tabs are that browser's windows,
 * the popups its pages open included.
 * WebDriver has no script-before-the-page command: the example pages' server
 * puts those scripts first in every page instead.
 */
import { Builder, By, until, type WebDriver } from 'selenium-webdriver';
import { findInMultiarchLib, requireInstalled } from './installed';
import { startWebKitDriver, startXvfb, type Started } from './processes';
import type { Engine, LaunchOptions, PageFunction, ScriptsFirstHost, SessionDriver, TabDriver } from './types';

const DRIVER = '/usr/bin/WebKitWebDriver';
const XVFB = '/usr/bin/Xvfb';
const MINIBROWSER = 'webkit2gtk-4.1/MiniBrowser';
const FIND_TIMEOUT = 15_000;
/**
 * MiniBrowser takes any WebKitSettings property as an option. This one is
 * WebKit's popup blocker: false, WebKitGTK's default and a user's browser's,
 * lets a page open a window only while it handles a user gesture (a
 * WebDriver click is one, a script WebDriver runs is not). Given
 * explicitly, so the tests do not hang on a default.
 */
const MINIBROWSER_ARGS = ['--automation', '--javascript-can-open-windows-automatically=false'];
/** WebKit's back/forward cache off (`backForwardCache: false`): Back always loads afresh. */
const NO_BACK_FORWARD_CACHE = '--enable-page-cache=false';

/** Calls the page function with its argument and hands back its value or its error, as executeAsyncScript needs. */
const ASYNC_WRAPPER = (source: string) => `
  const arg = arguments[0];
  const done = arguments[arguments.length - 1];
  Promise.resolve()
    .then(() => (${source})(arg))
    .then((value) => done({ value }), (error) => done({ error: String((error && error.stack) || error) }));`;

function session(driver: WebDriver, firstWindow: string, scriptsFirst: ScriptsFirstHost): SessionDriver {
  const open = new Set<string>();
  let current = firstWindow;
  // The window a session starts with goes to the first tab; the last tab to close is kept blank instead, since closing it would end the session.
  let spare: string | undefined = firstWindow;
  // Every window the session has handed out or met; a handle not in it is a popup no tab has taken yet.
  const known = new Set<string>([firstWindow]);
  const unclaimed: string[] = [];

  const focus = async (handle: string) => {
    if (current !== handle) await driver.switchTo().window(handle);
    current = handle;
  };

  /** WebDriver has no current window once it has closed (a popup's own `window.close()` included), and opening a tab needs one. */
  const focusSomeOpenWindow = async () => {
    const handles = await driver.getAllWindowHandles();
    const some = handles.find((handle) => open.has(handle)) ?? handles[0];
    if (!handles.includes(current) && some !== undefined) await focus(some);
  };

  /**
   * WebDriver classic tells of no window opening, nor which window opened
   * it: the windows are listed after every click, so that a popup that
   * closes itself before the test asks for it is still known, and a new
   * handle goes to the first tab that asks for a popup. A popup that opens
   * and closes again before the click command is over is never seen.
   */
  const noteNewWindows = async () => {
    for (const handle of await driver.getAllWindowHandles()) {
      if (!known.has(handle)) {
        known.add(handle);
        unclaimed.push(handle);
      }
    }
  };

  function tab(handle: string): TabDriver {
    open.add(handle);
    known.add(handle);
    const find = async (selector: string) => {
      await focus(handle);
      const element = await driver.wait(until.elementLocated(By.css(selector)), FIND_TIMEOUT, `no element matches ${selector}`);
      await driver.wait(until.elementIsVisible(element), FIND_TIMEOUT, `${selector} is not visible`);
      return element;
    };
    return {
      async goto(url) {
        await focus(handle);
        await driver.get(url);
      },
      async url() {
        await focus(handle);
        return driver.getCurrentUrl();
      },
      async click(selector) {
        await (await find(selector)).click();
        await noteNewWindows();
      },
      async fill(selector, value) {
        const element = await find(selector);
        await element.clear();
        await element.sendKeys(value);
      },
      async evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R> {
        await focus(handle);
        const outcome = (await driver.executeAsyncScript(ASYNC_WRAPPER(fn.toString()), arg)) as { value?: R; error?: string };
        if (outcome.error !== undefined) throw new Error(`in the page: ${outcome.error}`);
        return outcome.value as R;
      },
      async back() {
        await focus(handle);
        await driver.navigate().back();
      },
      async traverse(delta) {
        await focus(handle);
        await (delta < 0 ? driver.navigate().back() : driver.navigate().forward());
      },
      async reload() {
        await focus(handle);
        await driver.navigate().refresh();
      },
      async cookieNames() {
        await focus(handle);
        return (await driver.manage().getCookies()).map((cookie) => cookie.name);
      },
      async takePopup() {
        await noteNewWindows();
        const popup = unclaimed.shift();
        return popup === undefined ? undefined : tab(popup);
      },
      async isClosed() {
        return !open.has(handle) || !(await driver.getAllWindowHandles()).includes(handle);
      },
      async close() {
        if (!open.delete(handle)) return;
        const handles = await driver.getAllWindowHandles();
        if (!handles.includes(handle)) {
          await focusSomeOpenWindow();
          return;
        }
        const other = handles.find((live) => open.has(live));
        await focus(handle);
        if (other === undefined) {
          await driver.get('about:blank');
          spare = handle;
        } else {
          await driver.close();
          await focus(other);
        }
      },
    };
  }

  return {
    async newTab() {
      let handle: string;
      if (spare !== undefined) {
        handle = spare;
        spare = undefined;
      } else {
        await focusSomeOpenWindow();
        await driver.switchTo().newWindow('tab');
        handle = await driver.getWindowHandle();
      }
      current = handle;
      return tab(handle);
    },
    addInitScript: (source) => scriptsFirst.add(source),
    // The blank window kept in place of the last closed tab is no tab of the test's.
    windowCount: async () => (await driver.getAllWindowHandles()).filter((handle) => handle !== spare).length,
    async close() {
      await driver.quit();
      await scriptsFirst.clear();
    },
  };
}

/** How long a new session may take before the driver is taken for stuck: MiniBrowser starts in a few seconds even on a busy machine. */
const SESSION_START_MS = 45_000;

/** `promise`, or a rejection once `ms` have passed. */
function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no WebKit session after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export async function launchWebKit({ backForwardCache }: LaunchOptions = {}): Promise<Engine> {
  requireInstalled(DRIVER, 'WebKitWebDriver', 'webkit2gtk-driver');
  const miniBrowser = findInMultiarchLib(MINIBROWSER) ?? requireInstalled(`/usr/lib/<arch>/${MINIBROWSER}`, 'MiniBrowser', 'webkit2gtk-driver');
  const started: Started[] = [];
  const stopAll = () => Promise.all(started.reverse().map((helper) => helper.stop()));
  try {
    let display = process.env.DISPLAY || undefined;
    if (display === undefined) {
      const xvfb = await startXvfb(requireInstalled(XVFB, 'Xvfb (MiniBrowser has no headless mode)', 'xvfb xauth'));
      started.push(xvfb);
      display = xvfb.display;
    }
    let webDriver = await startWebKitDriver(DRIVER, display);
    started.push({ stop: () => webDriver.stop() });
    const openDriver = () =>
      new Builder()
        .usingServer(webDriver.url)
        .withCapabilities({
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: miniBrowser, args: backForwardCache === false ? [...MINIBROWSER_ARGS, NO_BACK_FORWARD_CACHE] : MINIBROWSER_ARGS },
        })
        .build();
    let active: SessionDriver | undefined;
    return {
      name: 'webkit',
      async newSession(scriptsFirst) {
        if (active) throw new Error('WebKitWebDriver holds one session at a time: close the previous session first.');
        let driver: WebDriver;
        try {
          driver = await withinTime(openDriver(), SESSION_START_MS);
        } catch {
          // On a loaded machine WebKitWebDriver now and then never answers a new session; a fresh driver does.
          await webDriver.stop();
          webDriver = await startWebKitDriver(DRIVER, display);
          driver = await withinTime(openDriver(), SESSION_START_MS);
        }
        const opened = session(driver, await driver.getWindowHandle(), scriptsFirst);
        active = {
          ...opened,
          close: async () => {
            active = undefined;
            await opened.close();
          },
        };
        return active;
      },
      async close() {
        await active?.close().catch(() => undefined);
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
