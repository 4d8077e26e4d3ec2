/**
 * How a browser test file runs in several engines: `forEngines` registers
 * the file's tests once per engine, and `useBrowserExamples` gives each
 * engine its browser and servers for the file and a fresh session for each
 * test. A missing browser fails the engine's tests, naming the package.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { ENGINE_NAMES, launchEngine, type Engine, type EngineName, type LaunchOptions } from './engines';
import { startExamples, type Examples, type ExamplesOptions } from './examples';
import { Session } from './session';

/** Per test: a few navigations, each awaited with generous limits, on a shared 2-core machine. */
export const BROWSER_TEST_TIMEOUT = 90_000;
const START_TIMEOUT = 120_000;

/** Registers `body` (the file's describes and tests) once for each engine, all three unless the file names them. */
export function forEngines(body: (engine: EngineName) => void): void;
export function forEngines(engines: readonly EngineName[], body: (engine: EngineName) => void): void;
export function forEngines(...args: [(engine: EngineName) => void] | [readonly EngineName[], (engine: EngineName) => void]): void {
  const [engines, body] = args.length === 1 ? [ENGINE_NAMES, args[0]] : args;
  for (const engine of engines) describe(engine, { timeout: BROWSER_TEST_TIMEOUT }, () => body(engine));
}

export interface BrowserTestEnv {
  engine: EngineName;
  examples: Examples;
  /** A fresh session (cookies, storage) for each test. */
  session: Session;
}

/**
 * Registers the hooks: the engine and the servers for the enclosing describe, a session per test. Read the fields inside tests.
 *
 * @param options - the servers' ({@link ExamplesOptions}), and the engine's `backForwardCache` ({@link LaunchOptions}).
 */
export function useBrowserExamples(engineName: EngineName, options: ExamplesOptions & LaunchOptions = {}): BrowserTestEnv {
  const env = { engine: engineName } as BrowserTestEnv;
  let engine: Engine | undefined;
  let unavailable: Error | undefined;
  beforeAll(async () => {
    const { backForwardCache, ...serverOptions } = options;
    env.examples = await startExamples(serverOptions);
    // Kept for each test to throw: every test of a missing engine then fails by itself, with the install hint, instead of being reported as skipped.
    engine = await launchEngine(engineName, { backForwardCache }).catch((error: Error) => {
      unavailable = error;
      return undefined;
    });
  }, START_TIMEOUT);
  afterAll(async () => {
    try {
      await engine?.close();
    } finally {
      await env.examples?.close();
    }
  }, START_TIMEOUT);
  let open: Session | undefined;
  beforeEach(async () => {
    if (!engine) throw unavailable ?? new Error(`${engineName} did not start.`);
    env.session = open = new Session(await engine.newSession(env.examples.scriptsFirst), env.examples.tenantUrl);
  }, START_TIMEOUT);
  afterEach(async () => {
    try {
      const closing = open;
      open = undefined;
      await closing?.close();
    } finally {
      await env.examples?.scriptsFirst.clear();
    }
  }, START_TIMEOUT);
  return env;
}
