import stringify from 'qs/lib/stringify.js';

// No option set, and no prototype: qs reads its options by plain property
// access, so an inherited `encode: false` from a polluted Object.prototype
// would switch encoding off. The build bundles qs's serializer specialised for
// exactly this object (rollup.config.mjs, stringifyWithoutOptions).
const NO_OPTIONS: Readonly<Record<string, never>> = Object.create(null);

/**
 * A query string exactly as auth0.js writes it: `qs.stringify` with its
 * defaults (RFC 3986, `a%5B0%5D=x` arrays, `a%5Bb%5D=1` objects, `null` as
 * `a=`, `undefined` left out), qs's own encoder included.
 */
export const stringifyQuery = (params: Record<string, unknown>): string => stringify(params, NO_OPTIONS);
