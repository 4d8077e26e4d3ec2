// @vitest-environment node
/**
 * dist/back-channel.{mjs,cjs}, the server entry: its own files, importing
 * only its peer `jose`, loaded through the `exports` map by import and
 * require; and the browser entries never reach it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as source from '../../src/back-channel/index';
import { distHref, PACKAGE_ROOT, readDist } from '../helpers/bundles';

const BROWSER_FILES = readdirSync(`${PACKAGE_ROOT}/dist`).filter((file) => /\.(?:mjs|cjs|js)$/.test(file) && !file.startsWith('back-channel'));
/** Names and strings only the back-channel code has. */
// The browser's own back-channel watch names its source 'back-channel'; what must never appear is the server entry, imported or inlined.
const BACK_CHANNEL_MARKS = [/\/back-channel/, /\bjose\b/, /createBackChannelLogout/, /logout_token/, /text\/event-stream/, /redisStore|memoryStore/, /backchannel-logout/];

/** What a module imports or requires: its specifiers. */
function importsOf(code: string): string[] {
  return [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\(\s*)["']([^"']+)["']/g)].map((match) => match[1]!);
}

function run(args: string[]): unknown {
  const result = spawnSync(process.execPath, args, { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 30_000 });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

describe('the browser entries', () => {
  it.each(BROWSER_FILES)('dist/%s imports no back-channel code and carries none of it', (file) => {
    const code = readDist(file);
    for (const specifier of importsOf(code)) expect(specifier, file).not.toMatch(/back-channel|jose|redis/);
    for (const mark of BACK_CHANNEL_MARKS) expect(code, `${file} ${mark}`).not.toMatch(mark);
  });

  it('includes at least index.mjs, index.cjs, refine.mjs and refine.cjs', () => {
    expect(BROWSER_FILES).toEqual(expect.arrayContaining(['index.mjs', 'index.cjs', 'refine.mjs', 'refine.cjs']));
  });
});

describe('dist/back-channel', () => {
  it.each(['back-channel.mjs', 'back-channel.cjs'])('%s imports jose and nothing else (no node: module, no other file of the package)', (file) => {
    expect([...new Set(importsOf(readDist(file)))]).toEqual(['jose']);
  });

  it('exports exactly what src/back-channel/index.ts exports', async () => {
    const esm = (await import(/* @vite-ignore */ distHref('back-channel.mjs'))) as Record<string, unknown>;
    expect(Object.keys(esm).sort()).toEqual(Object.keys(source).sort());
  });

  it("is what import('webauth-logout/back-channel') and require('webauth-logout/back-channel') resolve to, and works", () => {
    const check = `
      const logout = sdk.createBackChannelLogout({ issuer: 'https://tenant.auth0.com/', audience: 'client' });
      const bad = await logout.handleLogoutToken(new Request('https://app.example.com/bcl', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
      const events = logout.handleEvents(new Request('https://app.example.com/events', { signal: AbortSignal.abort() }), { sid: 's' });
      let code;
      try { sdk.createBackChannelLogout({ issuer: 'https://tenant.auth0.com/' }); } catch (error) { code = error.code; }
      console.log(JSON.stringify({ keys: Object.keys(sdk).sort(), bad: bad.status, events: events.headers.get('content-type'), code }));
    `;
    const expected = { keys: Object.keys(source).sort(), bad: 400, events: 'text/event-stream; charset=utf-8', code: 'invalid_option' };
    expect(run(['--input-type=module', '--eval', `const sdk = await import('webauth-logout/back-channel');${check}`])).toEqual(expected);
    expect(run(['--input-type=commonjs', '--eval', `(async () => { const sdk = require('webauth-logout/back-channel');${check} })()`])).toEqual(expected);
  });
});
