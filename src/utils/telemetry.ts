import type { TelemetryInfo } from '../types/options';
import { sdkName, version } from '../version';

/**
 * The `auth0Client` value: base64url (`+` → `-`, `/` → `_`, `=` padding kept,
 * as auth0.js does) of the telemetry JSON. Encoded as UTF-8, so a non-ASCII
 * `_telemetryInfo` survives, where auth0.js would garble it.
 */
export function encodeTelemetry(info?: TelemetryInfo): string {
  const client = info ? { ...info, env: { ...info.env, [sdkName]: version } } : { name: sdkName, version };
  const utf8 = new TextEncoder().encode(JSON.stringify(client));
  return btoa(String.fromCharCode(...utf8)).replace(/\+/g, '-').replace(/\//g, '_');
}
