/** Loading the built files (`npm run build`), not `src/`. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** The package's public API, as `src/index.ts` declares it. */
export type Sdk = typeof import('../../src/index');

/** The package root (plain paths: jsdom's global `URL` is not the one `node:fs` accepts). */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const distPath = (name: string): string => join(PACKAGE_ROOT, 'dist', name);
/** A `file:` URL string for `import()`. */
export const distHref = (name: string): string => pathToFileURL(distPath(name)).href;
export const readDist = (name: string): string => readFileSync(distPath(name), 'utf8');
export const packageVersion = (): string =>
  (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The script-tag files: the core that Auth0's documented snippet needs, and every export. */
export const SCRIPT_TAG_FILES = ['webauth-logout.min.js', 'webauth-logout.full.min.js'] as const;
export type ScriptTagFile = (typeof SCRIPT_TAG_FILES)[number];

/**
 * Evaluates a script-tag file (by default the core, `dist/webauth-logout.min.js`)
 * as a classic script in a fresh `vm` context that has only the JavaScript
 * built-ins and the web APIs the SDK needs (`URL`, `TextEncoder`, `btoa`), and
 * returns the `auth0` global it defines.
 */
export function loadUmdInVm(globals: Record<string, unknown> = {}, file: ScriptTagFile = 'webauth-logout.min.js'): Sdk {
  const context = vm.createContext({ URL, TextEncoder, btoa, ...globals });
  vm.runInContext(readDist(file), context, { filename: file });
  return (context as { auth0: Sdk }).auth0;
}
