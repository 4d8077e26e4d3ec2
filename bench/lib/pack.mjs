// The package as npm would publish it: `npm pack` of the built repository, so
// what an app measures or runs is exactly what `npm install webauth-logout`
// would put in its node_modules (the `files` list, the `exports` map), never
// src/ or a dist/ reached by a relative path.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository this module belongs to. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Packs `root` (dist/ must already be built: packing never builds) into a new
 * temporary directory and returns the .tgz path. The caller removes
 * `path.dirname(tgz)` when done.
 */
export async function packTarball(root = ROOT) {
  const destination = mkdtempSync(path.join(os.tmpdir(), 'webauth-logout-pack-'));
  try {
    // --ignore-scripts: a lifecycle script must not rebuild dist/ under the measurement.
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    const [{ filename, files }] = JSON.parse(stdout);
    const packed = new Set(files.map((file) => file.path));
    const missing = exportTargets(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))).filter((file) => !packed.has(file));
    if (missing.length > 0) throw new Error(`the tarball lacks files its exports map names (is dist/ built?): ${missing.join(', ')}`);
    return path.join(destination, path.basename(filename));
  } catch (error) {
    rmSync(destination, { recursive: true, force: true });
    throw error;
  }
}

/** Every file the `exports` map points to, relative to the package root. */
function exportTargets(manifest) {
  const targets = [];
  const walk = (value) => {
    if (typeof value === 'string') targets.push(path.posix.normalize(value));
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  return targets;
}
