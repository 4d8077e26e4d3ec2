// @vitest-environment node
/**
 * The demo as a new user meets it, in Chromium (none of this depends on the
 * engine; the SPA's logouts themselves run in every engine in spa.test.ts):
 * what the page says beside the button clicked and beside the tenant's own
 * session line, the tenant's refusal page with its way back, the Log out
 * button only while signed in, the idle settings kept across the login and
 * the idle logout said as such, the localhost trap explained, `npm start`
 * with a port taken, no 404 on first load and no code broken mid-word, the
 * framed button only in the frame, and `npm run screenshots`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { forEngines, openSignedInSpa, openSpa, runSpaAction, spaReady, useBrowserExamples, type Tab } from './harness';
import { poll } from './harness/poll';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const examplesDir = join(repoRoot, 'examples');

/** What the status line beside a button shows: the one in the button's fieldset. */
interface StatusView {
  hidden: boolean;
  role: string | null;
  kind: string | undefined;
  claim: string;
  tenant: string;
}

function statusBeside(tab: Tab, action: string): Promise<StatusView | null> {
  return tab.evaluate((name) => {
    const line = document.querySelector(`button[data-action="${name}"]`)?.closest('fieldset')?.querySelector<HTMLElement>('.way-status');
    if (!line) return null;
    return {
      hidden: line.hidden,
      role: line.getAttribute('role'),
      kind: line.dataset.kind,
      claim: line.querySelector('.claim')!.textContent ?? '',
      tenant: line.querySelector('.tenant-now')!.textContent ?? '',
    };
  }, action);
}

/** Waits until the line beside `action` shows a claim and the tenant's answer beside it (not "checking…"). */
function settledStatusBeside(tab: Tab, action: string): Promise<StatusView> {
  return poll(
    `the status beside ${action}`,
    () => statusBeside(tab, action),
    (view): view is StatusView => view !== null && !view.hidden && view.claim !== '' && /^Tenant session: (signed in|signed out)$/.test(view.tenant),
  ) as Promise<StatusView>;
}

async function showMoreWays(tab: Tab): Promise<Tab> {
  if (!(await tab.evaluate(() => document.querySelector<HTMLDetailsElement>('#more-ways')!.open))) await tab.click('#more-ways > summary');
  return tab;
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

forEngines(['chromium'], (engine) => {
  const env = useBrowserExamples(engine);

  describe('"More ways": what happened, beside the button clicked and the tenant\'s own answer', () => {
    it('a local-only logout says the tenant session is still open, and the tenant agrees', async () => {
      const tab = await showMoreWays(await openSignedInSpa(env));
      expect(await runSpaAction(tab, 'logout-local')).toBe('resolved');
      expect(await settledStatusBeside(tab, 'logout-local')).toEqual({
        hidden: false,
        role: 'status',
        kind: 'info',
        claim: 'Signed out of this app only; the tenant session is still open',
        tenant: 'Tenant session: signed in',
      });
    });

    it('a custom opener says nothing was opened', async () => {
      const tab = await showMoreWays(await openSignedInSpa(env));
      expect(await runSpaAction(tab, 'logout-open-url')).toBe('resolved');
      const view = await settledStatusBeside(tab, 'logout-open-url');
      expect(view.claim).toMatch(/^The logout URL went to the custom opener \(below\), which opened nothing/);
      expect(view.tenant).toBe('Tenant session: signed in');
    });

    it('a popup logout says so beside its button; signed out now, the Log out button is gone and Log in is there', async () => {
      const tab = await showMoreWays(await openSignedInSpa(env));
      await tab.click('button[data-action="logout-popup"]');
      await (await tab.waitForPopup()).waitUntilClosed();
      expect(await tab.waitFor('#result', /^logout-popup (resolved|rejected)$/)).toBe('logout-popup resolved');
      expect(await settledStatusBeside(tab, 'logout-popup')).toMatchObject({ kind: 'ok', claim: 'Signed out through /v2/logout in a popup', tenant: 'Tenant session: signed out' });
      await poll('the Log out button to go', () => tab.evaluate(() => document.querySelector<HTMLButtonElement>('button[data-action="logout"]')!.hidden), (hidden) => hidden);
      expect(await tab.evaluate(() => document.getElementById('login')!.hidden)).toBe(false);
    });

    it('a logout that left and came back says what happened beside the button that started it, the panel open', async () => {
      const tab = await showMoreWays(await openSignedInSpa(env));
      const returnTo = env.examples.returnTo('/spa/');
      await tab.landAfter(() => tab.click('button[data-action="logout-federated"]'), (url) => url === returnTo);
      await spaReady(tab);
      expect(await tab.evaluate(() => document.querySelector<HTMLDetailsElement>('#more-ways')!.open)).toBe(true);
      expect(await settledStatusBeside(tab, 'logout-federated')).toMatchObject({
        kind: 'ok',
        claim: 'Signed out through /v2/logout; signed out of the identity provider too',
        tenant: 'Tenant session: signed out',
      });
    });

    it('an abandoned logout (Back from the tenant\'s refusal) says it did not finish, and why; the tenant says still signed in', async () => {
      const tab = await showMoreWays(await openSignedInSpa(env));
      await tab.fill('#custom-return-to', 'https://evil.example.net/landing');
      await tab.landAfter(() => tab.click('button[data-action="logout-custom"]'), (url) => url.startsWith(`${env.examples.tenantUrl}/v2/logout`));
      await tab.back();
      await spaReady(tab);
      expect(await settledStatusBeside(tab, 'logout-custom')).toMatchObject({
        kind: 'warn',
        claim: 'Sign-out did not finish; you may still be signed in. (You came back with Back or Forward before the tenant sent you back.)',
        tenant: 'Tenant session: signed in',
      });
      expect(await tab.text('#logout-return')).toBe('Sign-out did not finish; you may still be signed in. (You came back with Back or Forward before the tenant sent you back.)');
    });

    it('a logout refused before leaving says so beside its button', async () => {
      const tab = await showMoreWays(await openSignedInSpa(env));
      await tab.fill('#custom-return-to', 'https://evil.example.net/landing');
      await tab.click('#fail-fast');
      expect(await runSpaAction(tab, 'logout-custom')).toBe('rejected');
      const view = await settledStatusBeside(tab, 'logout-custom');
      expect(view.kind).toBe('error');
      expect(view.claim).toMatch(/^Not signed out: /);
      expect(view.tenant).toBe('Tenant session: signed in');
    });
  });

  describe("the tenant's refusal page", () => {
    it("links back to the application's first Allowed Logout URL, never to the refused returnTo", async () => {
      const tab = await showMoreWays(await openSignedInSpa(env));
      const refused = 'https://evil.example.net/landing';
      await tab.fill('#custom-return-to', refused);
      await tab.landAfter(() => tab.click('button[data-action="logout-custom"]'), (url) => url.startsWith(`${env.examples.tenantUrl}/v2/logout`));
      expect(await tab.text('h1')).toBe('Bad request');
      const links = await tab.evaluate(() => Array.from(document.querySelectorAll('a'), (link) => link.href));
      expect(links).toEqual([`${env.examples.pagesUrl}/`]);
      await tab.landAfter(() => tab.click('#back-to-app'), (url) => url === `${env.examples.pagesUrl}/`);
      expect(await tab.text('h1')).toBe('webauth-logout examples');
    });
  });

  describe('idle logout', () => {
    it('?idle-ms and ?idle-warn-ms survive the login, and the idle logout says it was idle', async () => {
      const shortIdle = { 'idle-ms': '3000', 'idle-warn-ms': '1500' };
      const tab = await openSpa(env, shortIdle);
      const page = env.examples.page('/spa/', shortIdle);
      const login = new URL((await tab.attribute('#login', 'href'))!);
      expect(login.searchParams.get('returnTo')).toBe(page);
      await tab.landAfter(() => tab.click('#login'), (url) => url === page);
      await spaReady(tab);
      expect(await tab.text('#session-status')).toBe('signed in');

      await tab.evaluate(() => {
        Object.defineProperty(window, '__harnessOldDocument', { value: true });
      });
      await tab.click('#idle-switch');
      await tab.waitForUrl((url) => url === page, 'the idle logout to come back');
      await spaReady(tab);
      expect(await tab.waitFor('#logout-return', /./)).toBe('You were signed out after 3 s without activity');
      expect(await tab.texts('#events li')).toEqual([`this-tab completed (idle): /v2/logout, returnTo ${page}, federated false`]);
      expect(await tab.text('#session-status')).toBe('signed out');
    });
  });

  describe('opened on localhost', () => {
    it('says that the tenant is on 127.0.0.1 and cookies are per site, and links to the page there', async () => {
      const tab = await env.session.newTab();
      const onLoopbackIp = env.examples.page('/spa/');
      const onLocalhost = onLoopbackIp.replace('://127.0.0.1:', '://localhost:');
      await tab.goto(onLocalhost);
      await spaReady(tab);
      expect(await tab.text('#session-status')).toMatch(/^unknown \(this page is on localhost, the tenant on 127\.0\.0\.1, and cookies are per site/);
      expect(await tab.text('#session-status')).not.toMatch(/no tenant answers/);
      expect(await tab.evaluate(() => document.getElementById('site-note')!.hidden)).toBe(false);
      expect(await tab.attribute('#site-note a', 'href')).toBe(onLoopbackIp);
    });
  });

  describe('first load and narrow screens', () => {
    it('asks for nothing that is not there: no 404, an icon on every example page', async () => {
      const start = env.examples.requests.length;
      const tab = await openSignedInSpa(env);
      for (const path of ['/', '/script-tag/', '/framed/', '/signed-out.html']) await tab.goto(env.examples.page(path));
      // Time for anything a page asks for after its load event (an icon, a late fetch).
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const seen = env.examples.requests.slice(start);
      expect(seen.filter((request) => request.dest === 'document').length).toBeGreaterThanOrEqual(5);
      expect(seen.filter((request) => request.status === 404).map((request) => request.url)).toEqual([]);
      // Every example page says it has no icon, so no browser asks for /favicon.ico.
      const pages = readdirSync(examplesDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html') && !file.includes('dist'));
      expect(pages.length).toBeGreaterThanOrEqual(5);
      for (const page of pages) expect(await readFile(join(examplesDir, page), 'utf8'), page).toContain('<link rel="icon" href="data:,">');
    });

    it('at 360 px no code breaks inside a word, and nothing is wider than the screen', async () => {
      const tab = await env.session.newTab();
      await tab.goto(`${env.examples.pagesUrl}/signed-out.html`);
      for (const path of ['/spa/', '/spa/?framed=1', '/', '/script-tag/', '/framed/', '/signed-out.html']) {
        const url = `${env.examples.pagesUrl}${path}`;
        const report = await tab.evaluate(
          (src) =>
            new Promise<{ broken: string[]; scrollWidth: number; width: number }>((resolve) => {
              const frame = document.createElement('iframe');
              frame.style.cssText = 'width: 360px; height: 640px; border: 0';
              frame.addEventListener('load', () => {
                const doc = frame.contentDocument!;
                // Once the app has filled in its texts (or at once, for a page without a script of its own).
                const check = () => {
                  if (doc.querySelector('script[type="module"][src="./dist/main.js"]') && doc.body.dataset.ready !== 'true') return setTimeout(check, 50);
                  const details = doc.querySelector('details');
                  if (details) details.open = true;
                  const broken: string[] = [];
                  for (const code of doc.querySelectorAll('code:not(.url)')) {
                    let lastTop: number | undefined;
                    let previous = '';
                    const walker = doc.createTreeWalker(code, NodeFilter.SHOW_TEXT);
                    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
                      for (let index = 0; index < node.data.length; index++) {
                        const range = doc.createRange();
                        range.setStart(node, index);
                        range.setEnd(node, index + 1);
                        const rect = range.getClientRects()[0];
                        if (!rect) continue;
                        const char = node.data[index]!;
                        // A new line that starts between two characters that are not spaces: the code broke inside a word.
                        if (lastTop !== undefined && rect.top > lastTop + 2 && previous !== ' ' && char !== ' ') broken.push(code.textContent ?? '');
                        lastTop = rect.top;
                        previous = char;
                      }
                    }
                  }
                  resolve({ broken, scrollWidth: doc.documentElement.scrollWidth, width: doc.documentElement.clientWidth });
                  frame.remove();
                };
                check();
              });
              frame.src = src;
              document.body.append(frame);
            }),
          url,
        );
        expect(report.broken, path).toEqual([]);
        expect(report.scrollWidth, path).toBeLessThanOrEqual(report.width);
      }
    });
  });

  describe('the framed button', () => {
    it("is shown only inside examples/framed/, where redirectTarget 'top' moves more than the frame", async () => {
      const tab = await showMoreWays(await openSpa(env));
      expect(await tab.evaluate(() => document.querySelector<HTMLButtonElement>('button[data-action="logout-framed"]')!.hidden)).toBe(true);
      expect(await tab.evaluate(() => document.getElementById('framed-hint')!.hidden)).toBe(false);
      await tab.goto(env.examples.page('/framed/'));
      await tab.waitFor('body[data-ready="true"]');
      const inFrame = await poll(
        'the framed app',
        () =>
          tab.evaluate(() => {
            const doc = document.querySelector<HTMLIFrameElement>('#framed-app')?.contentDocument;
            if (doc?.body?.dataset.ready !== 'true') return null;
            return { button: doc.querySelector<HTMLButtonElement>('button[data-action="logout-framed"]')!.hidden, hint: doc.getElementById('framed-hint')!.hidden };
          }),
        (value) => value !== null,
      );
      expect(inFrame).toEqual({ button: false, hint: true });
    });
  });
});

describe('npm start with a port taken', () => {
  /** Holds a port of 127.0.0.1 (any free one), as another program would. */
  async function holdPort(): Promise<{ port: number; server: Server }> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as { port: number }).port, server };
  }

  /** Runs examples/start.mjs with PORT; the build it would run is a stand-in that only leaves a mark. */
  async function start(port: number): Promise<{ code: number | null; stderr: string; built: boolean }> {
    const dir = await mkdtemp(join(tmpdir(), 'webauth-logout-start-'));
    try {
      const mark = join(dir, 'built');
      const fakeNpm = join(dir, 'npm-cli.js');
      await writeFile(fakeNpm, `require('node:fs').writeFileSync(${JSON.stringify(mark)}, ''); process.exit(1);\n`);
      const child = spawn(process.execPath, [join(examplesDir, 'start.mjs')], {
        cwd: repoRoot,
        env: { ...process.env, PORT: String(port), npm_execpath: fakeNpm },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.resume();
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { code, stderr, built: existsSync(mark) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it.each([
    ['the tenant port', 0, 'the local tenant'],
    ['the pages port', 1, 'the example pages'],
  ])('%s: says which port and how to choose another, before building', async (_, offset, what) => {
    const held = await holdPort();
    try {
      // The held port is the tenant's (PORT) or the pages' (PORT + 1).
      const { code, stderr, built } = await start(held.port - offset);
      expect(code).toBe(1);
      expect(stderr).toContain(`port ${held.port} (for ${what}) is already in use`);
      expect(stderr).toMatch(/PORT=\d+ npm start/);
      expect(built).toBe(false);
    } finally {
      held.server.close();
    }
  }, 30_000);
});

describe('npm run screenshots', () => {
  it('writes the signed-in app, the "More ways" panel, the idle warning and a session ended at the tenant as 1000 px wide PNGs, and stops by itself', async () => {
    const scripts = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts.screenshots).toBe('node examples/screenshots.mjs');
    const dir = await mkdtemp(join(tmpdir(), 'webauth-logout-screenshots-test-'));
    try {
      const child = spawn(process.execPath, [join(examplesDir, 'screenshots.mjs')], { cwd: repoRoot, env: { ...process.env, SCREENSHOTS_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.resume();
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(['ended-at-tenant.png', 'idle-warning.png', 'more-ways.png', 'signed-in.png']);
      for (const file of readdirSync(dir)) expect(pngSize(await readFile(join(dir, file))).width, file).toBe(1000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
