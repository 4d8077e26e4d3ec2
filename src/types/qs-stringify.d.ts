// qs's serializer on its own, so an app's bundle does not carry qs's parser; @types/qs types only the package root.
declare module 'qs/lib/stringify.js' {
  import type { IStringifyOptions } from 'qs';

  function stringify(object: unknown, options?: IStringifyOptions): string;
  export default stringify;
}
