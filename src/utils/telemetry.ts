import { WebAuthError } from '../errors/WebAuthError';
import { isPlainObject, optionError, readOwn } from './checks';
import { sdkName, version } from '../version';

/**
 * The UTF-8 bytes of `text` as a binary string, for `btoa`. Through
 * `encodeURIComponent` rather than `TextEncoder`, which jsdom test
 * environments and old WebViews lack; `JSON.stringify` never leaves a lone
 * surrogate, the one input `encodeURIComponent` refuses.
 */
const utf8Bytes = (text: string) => encodeURIComponent(text).replace(/%([\dA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const base64Url = (json: string) => btoa(utf8Bytes(json)).replace(/\+/g, '-').replace(/\//g, '_');

// The same for every instance without _telemetryInfo, so encoded once.
let sdkTelemetry: string | undefined;

/**
 * The `auth0Client` value: base64url (`+` → `-`, `/` → `_`, `=` padding kept,
 * as auth0.js does) of the telemetry JSON. Encoded as UTF-8, so a non-ASCII
 * `_telemetryInfo` survives, where auth0.js would garble it. Only the
 * object's own properties count; a value JSON cannot carry (a BigInt, a
 * cycle, a `toJSON` that throws) is an `invalid_option`, at construction.
 */
export function encodeTelemetry(info?: Record<string, unknown>): string {
  if (!info) return (sdkTelemetry ??= base64Url(JSON.stringify({ name: sdkName, version })));
  const own = readOwn(info);
  if (own.env !== undefined && !isPlainObject(own.env)) throw optionError('invalid_option', '_telemetryInfo.env', 'an object', own.env);
  let json: string;
  try {
    json = JSON.stringify({ ...own, env: { ...(own.env && readOwn(own.env)), [sdkName]: version } });
  } catch (thrown) {
    throw new WebAuthError('invalid_option', '_telemetryInfo option is not valid: JSON.stringify failed (see cause)', { cause: thrown });
  }
  return base64Url(json);
}
