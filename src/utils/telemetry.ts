import type { TelemetryInfo } from '../types/options';
import { sdkName, version } from '../version';

const base64Url = (json: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(json))).replace(/\+/g, '-').replace(/\//g, '_');

// The same for every instance without _telemetryInfo, so encoded once.
let sdkTelemetry: string | undefined;

/**
 * The `auth0Client` value: base64url (`+` → `-`, `/` → `_`, `=` padding kept,
 * as auth0.js does) of the telemetry JSON. Encoded as UTF-8, so a non-ASCII
 * `_telemetryInfo` survives, where auth0.js would garble it.
 */
export function encodeTelemetry(info?: TelemetryInfo): string {
  if (!info) return (sdkTelemetry ??= base64Url(JSON.stringify({ name: sdkName, version })));
  return base64Url(JSON.stringify({ ...info, env: { ...info.env, [sdkName]: version } }));
}
