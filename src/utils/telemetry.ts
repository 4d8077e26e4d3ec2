import type { TelemetryInfo } from '../types/options';
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
 * `_telemetryInfo` survives, where auth0.js would garble it.
 */
export function encodeTelemetry(info?: TelemetryInfo): string {
  if (!info) return (sdkTelemetry ??= base64Url(JSON.stringify({ name: sdkName, version })));
  return base64Url(JSON.stringify({ ...info, env: { ...info.env, [sdkName]: version } }));
}
