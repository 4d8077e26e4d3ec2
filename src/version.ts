// Name and version are written in one place, package.json: rollup turns it
// into a module of these two strings, and esbuild and Vite keep only the
// fields imported, so a release changes one line and the telemetry,
// `auth0.version` and every file's banner follow.
import { name, version as packageVersion } from '../package.json';

/** This SDK's version. */
export const version: string = packageVersion;

/** The name this SDK reports in its `auth0Client` telemetry. */
export const sdkName: string = name;
