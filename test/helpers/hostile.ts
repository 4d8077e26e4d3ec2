/**
 * Hostile input for the public entry points (the contract their outcomes
 * keep is in test/property/contract.ts).
 *
 * A hostile input is described by plain data (a kind name, the key that holds
 * it, how it is attached) and built fresh inside the property from that
 * description: fast-check then prints a readable counterexample, and a value
 * with state (a getter that answers differently on each read) starts from the
 * same state on every replay.
 */
import fc from 'fast-check';

/** Thrown by the hostile inputs themselves, so a report can tell where an error came from. */
export class HostileInputError extends Error {
  constructor(what: string) {
    super(`hostile input: ${what}`);
  }
}
const failing = (what: string) => (): never => {
  throw new HostileInputError(what);
};

/** Every call of a hostile function, so a navigation through one is seen. */
export const hostileFunctionCalls: unknown[][] = [];
function recordingFunction(...args: unknown[]): void {
  hostileFunctionCalls.push(args);
}

class Session {
  token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
  get label(): string {
    return 'session';
  }
}

function revoked<T extends object>(target: T): T {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

function sparseArray(): unknown[] {
  const array: unknown[] = [];
  array[3] = 'https://app.example.com/';
  array.length = 10;
  return array;
}

function cyclicObject(): Record<string, unknown> {
  const object: Record<string, unknown> = { a: 'b' };
  object.self = { back: object };
  return object;
}

function cyclicArray(): unknown[] {
  const array: unknown[] = ['x'];
  array.push(array);
  return array;
}

/** Small hostile values: every primitive type, odd objects, proxies whose traps throw, cycles, throwing conversions. */
export const HOSTILE_VALUES = {
  undefined: () => undefined,
  null: () => null,
  true: () => true,
  'empty string': () => '',
  number: () => 42,
  bigint: () => BigInt('123456789012345678901234567890'),
  symbol: () => Symbol('hostile'),
  NaN: () => NaN,
  '-0': () => -0,
  Infinity: () => -Infinity,
  'Boolean object false': () => new Boolean(false),
  'String object holding a URL': () => new String('https://app.example.com/'),
  'array of URLs': () => ['https://app.example.com/', 'https://evil.example/'],
  'sparse array': sparseArray,
  'nested arrays': () => [[['a']], [], [[1, [2]]]],
  Date: () => new Date(0),
  'invalid Date': () => new Date(NaN),
  'array holding an invalid Date': () => [new Date(NaN)],
  function: () => recordingFunction,
  'class instance': () => new Session(),
  'null-prototype object': () => Object.assign(Object.create(null) as object, { a: 'b' }),
  'own __proto__ key': () => JSON.parse('{"__proto__": {"federated": true, "returnTo": "javascript:alert(1)"}, "a": "b"}') as unknown,
  'symbol keys': () => ({ [Symbol('key')]: 'v', a: 'b' }),
  'cyclic object': cyclicObject,
  'cyclic array': cyclicArray,
  'array holding a cyclic object': () => [cyclicObject()],
  'toJSON throws': () => ({ a: 'b', toJSON: failing('toJSON') }),
  'toString and valueOf throw': () => ({ toString: failing('toString'), valueOf: failing('valueOf') }),
  'Symbol.toPrimitive throws': () => ({ [Symbol.toPrimitive]: failing('Symbol.toPrimitive') }),
  'object with a throwing getter': () => Object.defineProperty({ a: 'b' }, 'b', { get: failing('getter b'), enumerable: true }),
  'thenable whose then throws': () => ({ then: failing('then') }),
  'proxy: get trap throws': () => new Proxy({ a: 'b' }, { get: failing('get trap') }),
  'proxy: ownKeys trap throws': () => new Proxy({ a: 'b' }, { ownKeys: failing('ownKeys trap') }),
  'proxy: getOwnPropertyDescriptor trap throws': () => new Proxy({ a: 'b' }, { getOwnPropertyDescriptor: failing('getOwnPropertyDescriptor trap') }),
  'proxy: getPrototypeOf trap throws': () => new Proxy({ a: 'b' }, { getPrototypeOf: failing('getPrototypeOf trap') }),
  'proxy: has trap throws': () => new Proxy({ a: 'b' }, { has: failing('has trap') }),
  'array proxy: get trap throws': () => new Proxy(['https://app.example.com/'], { get: failing('array get trap') }),
  'revoked proxy': () => revoked({ a: 'b' }),
  'revoked array proxy': () => revoked(['https://app.example.com/']),
  'revoked function proxy': () => revoked(() => undefined),
  Map: () => new Map([['returnTo', 'https://app.example.com/']]),
  URL: () => new URL('https://app.example.com/'),
  RegExp: () => /https:\/\/app\.example\.com\//,
  Error: () => new Error('an error as a value'),
  Uint8Array: () => new Uint8Array([104, 116, 116, 112]),
} satisfies Record<string, () => unknown>;

export type HostileKind = keyof typeof HOSTILE_VALUES;
export const HOSTILE_KINDS = Object.keys(HOSTILE_VALUES) as HostileKind[];
/** The kinds that are functions: a function in `openUrl` is the caller's own navigation, and may fail as it likes. */
export const FUNCTION_KINDS: ReadonlySet<HostileKind> = new Set(['function', 'revoked function proxy']);

const ONE_MB = 2 ** 20;
const oneMbOf = (text: string) => text.repeat(Math.ceil(ONE_MB / text.length)).slice(0, ONE_MB);
// Strings are immutable, so these are built once and shared.
const HUGE_TEXT = oneMbOf('x');
const HUGE_RETURN_URL = `https://app.example.com/${oneMbOf('a')}`;
const HUGE_BAD_URL = `javascript:${oneMbOf('a')}`;
const HUGE_JWT_LIKE = `${oneMbOf('eyJ')}.eyJzdWIiOiIxIn0.sig nature`;

function deepObject(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let level = 0; level < depth; level++) node = node.a = {} as Record<string, unknown>;
  node.leaf = 'x';
  return root;
}

function deepArray(depth: number): unknown[] {
  const root: unknown[] = [];
  let node = root;
  for (let level = 0; level < depth; level++) {
    const child: unknown[] = [];
    node.push(child);
    node = child;
  }
  node.push('x');
  return root;
}

/** Large hostile values, run less often: they cost time. */
export const HUGE_VALUES = {
  '1 MB string': () => HUGE_TEXT,
  '1 MB valid return URL': () => HUGE_RETURN_URL,
  '1 MB javascript: URL': () => HUGE_BAD_URL,
  '1 MB JWT-like string with a space': () => HUGE_JWT_LIKE,
  '10,000-deep object': () => deepObject(10_000),
  '10,000-deep array': () => deepArray(10_000),
  'sparse array of length 1,000,000': () => {
    const array: unknown[] = ['en'];
    array.length = 1_000_000;
    return array;
  },
  'object with 50,000 keys': () => Object.fromEntries(Array.from({ length: 50_000 }, (_, index) => [`k${index}`, index])),
} satisfies Record<string, () => unknown>;

export type HugeKind = keyof typeof HUGE_VALUES;
export const HUGE_KINDS = Object.keys(HUGE_VALUES) as HugeKind[];

const ALL_VALUES: Record<string, () => unknown> = { ...HOSTILE_VALUES, ...HUGE_VALUES };

/** How the hostile value is attached to its key. */
export const ATTACHMENTS = ['value', 'throwing getter', 'getter that changes on each read'] as const;
/** What holds the hostile value under its key: the value itself, `{ a: value }`, or `[good, value]`. */
export const HOLDERS = ['direct', 'in an object', 'in an array'] as const;
/** What is done to the whole argument once the hostile value is in it. */
export const WRAPS = [
  'none',
  'frozen',
  'transparent proxy',
  'proxy: get trap throws',
  'proxy: ownKeys trap throws',
  'proxy: getOwnPropertyDescriptor trap throws',
  'revoked proxy',
] as const;

/** One hostile input, as data. `key: null` means the hostile value is the whole argument. */
export interface Placement {
  key: string | null;
  kind: HostileKind | HugeKind;
  attach: (typeof ATTACHMENTS)[number];
  holder: (typeof HOLDERS)[number];
  wrap: (typeof WRAPS)[number];
}

export interface PlacementWeights {
  /** Keys the hostile value may sit under (`null`: the whole argument). */
  keys: ReadonlyArray<string | null>;
  kinds?: ReadonlyArray<HostileKind | HugeKind>;
}

/** Placements of hostile values among `keys`; mostly plain values, so the rest of the input stays ordinary. */
export function placementArb({ keys, kinds = HOSTILE_KINDS }: PlacementWeights): fc.Arbitrary<Placement> {
  return fc
    .record({
      key: fc.constantFrom(...keys),
      kind: fc.constantFrom(...kinds),
      attach: fc.oneof({ weight: 4, arbitrary: fc.constant('value' as const) }, fc.constantFrom(...ATTACHMENTS)),
      holder: fc.oneof({ weight: 4, arbitrary: fc.constant('direct' as const) }, fc.constantFrom(...HOLDERS)),
      wrap: fc.oneof({ weight: 6, arbitrary: fc.constant('none' as const) }, fc.constantFrom(...WRAPS)),
    })
    // A whole argument is the hostile value as it is: no key to attach it to, nothing around it to wrap.
    .map((placement): Placement => (placement.key === null ? { ...placement, attach: 'value', wrap: 'none' } : placement));
}

/** Whether the argument is a plain object without getters or traps, so a snapshot of it can be taken and compared. */
export const isInspectable = (placement: Placement): boolean =>
  placement.key !== null && placement.attach === 'value' && (placement.wrap === 'none' || placement.wrap === 'frozen');

function wrapArgument(target: object, wrap: Placement['wrap']): object {
  switch (wrap) {
    case 'none':
      return target;
    case 'frozen':
      return Object.freeze(target);
    case 'transparent proxy':
      return new Proxy(target, {});
    case 'proxy: get trap throws':
      return new Proxy(target, { get: failing('options get trap') });
    case 'proxy: ownKeys trap throws':
      return new Proxy(target, { ownKeys: failing('options ownKeys trap') });
    case 'proxy: getOwnPropertyDescriptor trap throws':
      return new Proxy(target, { getOwnPropertyDescriptor: failing('options getOwnPropertyDescriptor trap') });
    case 'revoked proxy':
      return revoked(target);
  }
}

/**
 * The argument for `placement`: `base` (copied) with the hostile value put under
 * its key, `good` being what a well-behaved caller would have there (the
 * changing getter alternates between the two, starting with `good`).
 */
export function buildHostile(base: Record<string, unknown>, placement: Placement, good: unknown): unknown {
  const hostile = ALL_VALUES[placement.kind]!();
  const held = placement.holder === 'in an object' ? { a: hostile } : placement.holder === 'in an array' ? [good, hostile] : hostile;
  if (placement.key === null) return held;
  const target: Record<string, unknown> = { ...base };
  if (placement.attach === 'value') target[placement.key] = held;
  else if (placement.attach === 'throwing getter') {
    Object.defineProperty(target, placement.key, { get: failing(`getter ${placement.key}`), enumerable: true, configurable: true });
  } else {
    let reads = 0;
    Object.defineProperty(target, placement.key, { get: () => (reads++ % 2 === 0 ? good : held), enumerable: true, configurable: true });
  }
  return wrapArgument(target, placement.wrap);
}

/** The string values the hostile value of `placement` can take: the only ones besides `good` an output may carry. */
export function hostileStrings(placement: Placement): string[] {
  const value = ALL_VALUES[placement.kind]!();
  return typeof value === 'string' ? [value] : [];
}
