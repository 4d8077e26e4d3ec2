/**
 * The contract every public entry point keeps, whatever it is given: a call
 * either throws (or rejects with) a `WebAuthError` with a documented code and
 * a short message, or gives a URL on the configured tenant whose return URLs
 * are still valid; a caller's object is left as it was. Each check returns why
 * an outcome breaks the contract, or `undefined`, so that a property's
 * counterexample says what went wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebAuthError } from '../../src/index';
import { PACKAGE_ROOT } from '../helpers/bundles';

/**
 * The codes `WebAuthError` documents: the members of the `WebAuthErrorCode`
 * union in src/errors/WebAuthError.ts, each with its doc comment, read from
 * the file itself so that a documented addition is accepted and nothing else.
 */
export const ERROR_CODES: readonly string[] = (() => {
  const source = readFileSync(join(PACKAGE_ROOT, 'src', 'errors', 'WebAuthError.ts'), 'utf8');
  // Up to the last member: a doc comment may itself hold a semicolon.
  const union = /export type WebAuthErrorCode =([\s\S]*?'[a-z_]+');/.exec(source)?.[1] ?? '';
  const codes = [...union.matchAll(/\/\*\*[^*]*\*\/\s*\|\s*'([a-z_]+)'/g)].map((match) => match[1]!);
  if (codes.length < 7) throw new Error(`src/errors/WebAuthError.ts: expected the documented WebAuthErrorCode union, found ${codes.join(', ') || 'nothing'}`);
  return codes;
})();

/** Messages name the option at fault and what is expected; whatever the input's size, that fits in this. */
export const MAX_MESSAGE_LENGTH = 300;

/** `value instanceof type`, false where asking throws (a revoked proxy has no prototype to ask for). */
export function isInstance(value: unknown, type: abstract new (...args: never[]) => unknown): boolean {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}

/** A description of anything thrown, that never runs the thrown value's own code. */
export function describeThrown(thrown: unknown): string {
  try {
    if (isInstance(thrown, Error)) return `${(thrown as Error).constructor.name}: ${String((thrown as Error).message).slice(0, 160)}`;
  } catch {
    // A revoked proxy, or a getter on the prototype chain.
  }
  return `a thrown ${typeof thrown}`;
}

/** Why `thrown` is not an acceptable refusal, or `undefined` when it is one. */
export function refusalViolation(thrown: unknown): string | undefined {
  if (!isInstance(thrown, WebAuthError)) return `threw ${describeThrown(thrown)} instead of a WebAuthError`;
  if (!(thrown instanceof WebAuthError)) return undefined;
  if (typeof thrown.code !== 'string' || !ERROR_CODES.includes(thrown.code)) return `threw a WebAuthError with the undocumented code ${String(thrown.code)}`;
  if (typeof thrown.message !== 'string') return 'threw a WebAuthError whose message is not a string';
  if (thrown.message.length > MAX_MESSAGE_LENGTH) {
    return `threw ${thrown.code} with a message of ${thrown.message.length} characters: ${thrown.message.slice(0, 100)}…`;
  }
  return undefined;
}

// A return URL that reached a query or a listener must still be one Auth0 can redirect to.
const SAFE_RETURN_URL = /^https?:\/\/[^\s/?#@]+(?:[/?#][^\u0000-\u001f\u007f]*)?$/i;
/** An absolute http(s) URL with a host, no credentials and no control characters. */
export const isSafeReturnUrl = (value: unknown): boolean => typeof value === 'string' && SAFE_RETURN_URL.test(value);
const RETURN_PARAMETERS = ['returnTo', 'return_to', 'post_logout_redirect_uri'];

/** Why `url` is not an acceptable built URL for a tenant at one of `origins`, or `undefined`. */
export function urlViolation(url: unknown, origins: readonly string[]): string | undefined {
  if (typeof url !== 'string') return `returned ${typeof url} instead of a URL string`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `returned an unparseable URL: ${url.slice(0, 100)}`;
  }
  if (!origins.includes(parsed.origin)) return `returned a URL on ${parsed.origin.slice(0, 100)}, not on the tenant (${origins.join(', ')})`;
  for (const [name, value] of parsed.searchParams) {
    if (RETURN_PARAMETERS.includes(name) && !SAFE_RETURN_URL.test(value)) return `sent ${name}=${value.slice(0, 100)}, which was never a valid return URL`;
  }
  return undefined;
}

/** The origin a `domain` option names, if it can name one. */
export function originOf(domain: unknown): string | undefined {
  if (typeof domain !== 'string') return undefined;
  try {
    return new URL(/^https?:\/\//i.test(domain) ? domain : `https://${domain}`).origin;
  } catch {
    return undefined;
  }
}

export type Outcome = { ok: true; value: unknown } | { ok: false; thrown: unknown };

/** Runs `call`, turning a throw into an outcome. */
export function attempt(call: () => unknown): Outcome {
  try {
    return { ok: true, value: call() };
  } catch (thrown) {
    return { ok: false, thrown };
  }
}

/** Awaits `call`, turning a throw or a rejection into an outcome. */
export async function attemptAsync(call: () => unknown): Promise<Outcome> {
  try {
    return { ok: true, value: await call() };
  } catch (thrown) {
    return { ok: false, thrown };
  }
}

/** A builder's outcome against the contract: a WebAuthError, or a URL on the tenant. */
export const builderViolation = (outcome: Outcome, origins: readonly string[]): string | undefined =>
  outcome.ok ? urlViolation(outcome.value, origins) : refusalViolation(outcome.thrown);

/** Own properties with their descriptors: what a caller's object looked like before a call. */
export type Snapshot = Array<[PropertyKey, PropertyDescriptor]>;

export function snapshot(object: object): Snapshot {
  return Reflect.ownKeys(object).map((key) => [key, Object.getOwnPropertyDescriptor(object, key)!]);
}

/** Why `object` no longer matches `before`, or `undefined` when it is unchanged. */
export function mutationViolation(object: object, before: Snapshot): string | undefined {
  const after = snapshot(object);
  if (after.length !== before.length) return `the caller's object went from ${before.length} to ${after.length} own properties`;
  for (let index = 0; index < before.length; index++) {
    const [key, was] = before[index]!;
    const [keyNow, now] = after[index]!;
    if (key !== keyNow || !Object.is(was.value, now.value) || was.get !== now.get || was.enumerable !== now.enumerable) {
      return `the caller's object changed at ${String(key)}`;
    }
  }
  return undefined;
}

/**
 * Waits until `heard()` reaches `expected` (BroadcastChannel delivers on later
 * turns of the event loop, later still on a busy machine), at most 3 s, then a
 * little more, so that a message too many has arrived too when there is one.
 */
export async function untilHeard(heard: () => number, expected: number): Promise<void> {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  for (let waited = 0; heard() < expected && waited < 3000; waited += 20) await pause(20);
  await pause(50);
}
