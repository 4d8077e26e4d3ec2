// @vitest-environment node
/**
 * Both bundles under a strict Content-Security-Policy (`script-src 'self';
 * object-src 'none'; base-uri 'none'`: no inline script, no eval): the
 * example pages must load and log out without a single violation.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { landAfter, logIn, sessionOf, spaReady, STRICT_CSP, useBrowserExamples } from './harness';

const env = useBrowserExamples({ csp: true });
let violations: string[];

beforeEach(async () => {
  violations = [];
  // A binding and an init script survive navigations, so every document of the flow is watched.
  await env.context.exposeBinding('__reportCspViolation', (_source, report: string) => {
    violations.push(report);
  });
  await env.context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => {
        const report = (window as unknown as { __reportCspViolation: (report: string) => void }).__reportCspViolation;
        void report(`${event.effectiveDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
      },
      true,
    );
  });
});

/** Opens a page and checks it really is served with the strict policy. */
async function openStrict(url: string): Promise<Page> {
  const page = await env.context.newPage();
  const response = await page.goto(url);
  expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
  return page;
}

describe("under script-src 'self'", () => {
  it('the UMD bundle and the documented snippet load and log out with no violation', async () => {
    const returnTo = env.examples.returnTo('/script-tag/');
    const page = await openStrict(env.examples.page('/script-tag/', { visit: 'start' }));
    await page.locator('#session-status', { hasText: /^signed out$/ }).waitFor();
    await logIn(page, env.examples, returnTo);
    await page.locator('#session-status', { hasText: /^signed in$/ }).waitFor();
    await landAfter(page, () => page.click('#logout'), (url) => url === returnTo);
    await page.locator('#session-status', { hasText: /^signed out$/ }).waitFor();
    expect((await sessionOf(env.context, env.examples.tenantUrl)).authenticated).toBe(false);
    expect(violations).toEqual([]);
  });

  it('the ESM bundle loads and logs out with no violation', async () => {
    const returnTo = env.examples.returnTo('/spa/');
    const page = await openStrict(env.examples.page('/spa/', { visit: 'start' }));
    await spaReady(page);
    await logIn(page, env.examples, returnTo);
    await spaReady(page);
    await landAfter(page, () => page.click('button[data-action="logout-federated"]'), (url) => url === returnTo);
    await spaReady(page);
    expect(await page.textContent('#session-status')).toBe('signed out');
    expect(violations).toEqual([]);
  });

  it('does report a violation when there is one, so the zero above means something', async () => {
    const page = await openStrict(env.examples.page('/spa/'));
    await spaReady(page);
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineScriptRan = true;';
      document.body.append(script);
    });
    await expect.poll(() => violations.length).toBe(1);
    expect(violations[0]).toMatch(/^script-src-elem blocked inline /);
    expect(await page.evaluate(() => '__inlineScriptRan' in window)).toBe(false);
  });
});
