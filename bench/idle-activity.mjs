// watchIdle under a mouse storm, in headless Chromium: how many messages a
// busy tab sends the application's other tabs. Every trusted pointer move
// is activity, and each tab tells the others of its new deadline through a
// localStorage write (heard there as a `storage` event), at most once a
// second, however fast the user moves. One listening tab and two busy tabs
// of one origin and client, the busy ones stormed one after the other, as a
// user is in one tab at a time. The bytes watchIdle adds to an app are the
// bundler table's `idle` app (lib/apps.mjs).
//
//   node -e "import('./bench/idle-activity.mjs').then(async (m) => console.log(await m.measureIdleActivity()))"
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, servePages } from './lib/pages.mjs';
import { log } from './lib/progress.mjs';
import { FILES } from './subjects.mjs';

/** Per busy tab: `moves` trusted mouse moves spread over `seconds` (bounded at twice that); a tab may send at most `maxPerSecond` messages. */
export const IDLE_ACTIVITY = { moves: 1000, seconds: 5, busyTabs: 2, maxPerSecond: 2, timeoutMs: 60_000 };

const CLIENT_ID = 'bench_app';
const KEY = `webauth-logout:idle:${CLIENT_ID}`;
// As bench/chromium.mjs launches it.

// The page: the script-tag bundle's watchIdle with a logout that only notes
// it (the deadline is a minute away anyway). It notes, with Date.now(), the
// idle key's writes this tab makes (setItem, wrapped before the SDK runs)
// and those it hears from the other tabs (storage events), and counts the
// pointer moves it receives.
const IDLE_JS = `
(function () {
  var KEY = ${JSON.stringify(KEY)};
  var bench = { written: [], heard: [], moves: 0, loggedOut: false };
  window.__idleBench = bench;
  var setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key) {
    if (key === KEY) bench.written.push(Date.now());
    return setItem.apply(this, arguments);
  };
  window.addEventListener('storage', function (event) {
    if (event.key === KEY) bench.heard.push(Date.now());
  });
  window.addEventListener('pointermove', function () { bench.moves++; }, true);
  var webAuth = new auth0.WebAuth({ domain: 'me.auth0.com', clientID: ${JSON.stringify(CLIENT_ID)} });
  bench.watch = auth0.watchIdle(webAuth, { timeoutMs: ${IDLE_ACTIVITY.timeoutMs}, logout: function () { bench.loggedOut = true; } });
  bench.ready = true;
})();
`;
const PAGES = { '/idle.html': '<!doctype html><html><head><meta charset="utf-8"><script src="/lib/ours.js"></script><script src="/idle.js"></script></head><body style="height:100vh"></body></html>' };

function startServer() {
  // watchIdle is in the full script tag only.
  const scripts = { '/idle.js': IDLE_JS, '/lib/ours.js': readFileSync(FILES.oursFull) };
  return servePages(PAGES, scripts);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * `moves` trusted mouse moves over `seconds`, each sent at its slot without
 * waiting for the previous one to be acknowledged (Chromium acknowledges a
 * move at its next frame, which would cap a sequential storm at the frame
 * rate), on a circle so each is a move; none is sent after twice `seconds`.
 */
async function mouseStorm(page, { moves, seconds }) {
  const start = Date.now();
  const slot = (seconds * 1000) / moves;
  const bound = start + 2 * seconds * 1000;
  const pending = [];
  for (let sent = 0; sent < moves && Date.now() < bound; sent++) {
    await sleep(start + sent * slot - Date.now());
    const angle = (sent / 50) * 2 * Math.PI;
    pending.push(page.mouse.move(200 + 100 * Math.cos(angle), 200 + 100 * Math.sin(angle)));
  }
  await Promise.all(pending);
  return { start, end: Date.now(), sent: pending.length };
}

const round = (value) => Math.round(value * 100) / 100;

/**
 * `{ chromiumVersion, moves, seconds, busyTabs: [{ seconds, sent, received,
 * messages, perSecond, heard, heardPerSecond }], maxPerSecond }`: for each
 * busy tab, the moves sent and the pointermove events the page received
 * (Chromium coalesces some), the idle key's writes it made during its storm
 * (and the second after, for a trailing announcement) and those the listening
 * tab heard, per second of storm. Throws when a tab sent or the listener heard
 * more than `maxPerSecond`, or the pages received too few moves to call it a
 * storm. Pass `browser` to reuse a launched Chromium.
 */
export async function measureIdleActivity({ browser: given } = {}) {
  const { moves, seconds, busyTabs, maxPerSecond } = IDLE_ACTIVITY;
  const { server, origin } = await startServer();
  const browser = given ?? (await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: 30_000 }));
  const context = await browser.newContext();
  try {
    log(`Chromium ${browser.version()}: watchIdle, ${moves} mouse moves over ${seconds} s in each of ${busyTabs} tabs, one tab listening`);
    const pages = [];
    // The listener first: it starts the shared deadline, the busy tabs adopt it.
    for (let index = 0; index <= busyTabs; index++) {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${origin}/idle.html`, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__idleBench?.ready);
      pages.push(page);
    }
    const [listener, ...busy] = pages;
    // One busy tab at a time, as a user moves in one tab: the listener's storage events are then that tab's writes.
    const busyTabsReport = [];
    for (const page of busy) {
      await page.bringToFront();
      const { start, end, sent } = await mouseStorm(page, { moves, seconds });
      // A move near the end may have left its announcement for up to a second later: it is the storm's too.
      await sleep(1100);
      const stormSeconds = (end - start) / 1000;
      const during = (times) => times.filter((at) => at >= start && at <= end + 1000).length;
      const { written, moves: received, loggedOut } = await page.evaluate(() => window.__idleBench);
      if (loggedOut) throw new Error('watchIdle logged out during the storm');
      const heard = during((await listener.evaluate(() => window.__idleBench)).heard);
      const messages = during(written);
      busyTabsReport.push({
        seconds: round(stormSeconds),
        sent,
        received,
        messages,
        perSecond: round(messages / stormSeconds),
        heard,
        heardPerSecond: round(heard / stormSeconds),
      });
    }
    const worst = Math.max(...busyTabsReport.flatMap((tab) => [tab.perSecond, tab.heardPerSecond]));
    const result = { chromiumVersion: browser.version(), moves, seconds, busyTabs: busyTabsReport, maxPerSecond, worstPerSecond: worst };
    if (worst > maxPerSecond) throw new Error(`watchIdle sent ${worst} messages a second per tab under a mouse storm (at most ${maxPerSecond}): ${JSON.stringify(result)}`);
    if (busyTabsReport.some((tab) => tab.received < moves / 10)) throw new Error(`the pages received too few of the moves to be a storm: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await context.close();
    if (!given) await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
