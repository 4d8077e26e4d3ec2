/**
 * The browser tests fail, never skip, when an engine is missing: this names
 * the Debian package that provides what is missing.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Throws unless `path` exists, with the package that installs it. */
export function requireInstalled(path: string, what: string, debianPackage: string): string {
  if (!existsSync(path)) {
    throw new Error(`${what} is missing at ${path}. Install it with: apt-get install -y ${debianPackage} (the browser tests fail rather than skip without it).`);
  }
  return path;
}

/** The first `/usr/lib/<multiarch>/<relative>` that exists, whatever the machine's architecture. */
export function findInMultiarchLib(relative: string): string | undefined {
  const dirs = existsSync('/usr/lib') ? readdirSync('/usr/lib').filter((name) => name.endsWith('-linux-gnu')) : [];
  return dirs.map((dir) => join('/usr/lib', dir, relative)).find((path) => existsSync(path));
}
