// qs's serializer on its own, so an app's bundle does not carry qs's parser; @types/qs types only the package root.
// It takes an options object without options: the build specialises it for qs's defaults (rollup.config.mjs, stringifyWithoutOptions).
declare module 'qs/lib/stringify.js' {
  function stringify(object: unknown, noOptions: Readonly<Record<string, never>>): string;
  export default stringify;
}
