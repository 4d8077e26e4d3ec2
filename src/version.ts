/** This SDK's version; a test keeps it equal to package.json's. */
export const version = '0.1.0';

/** The name this SDK reports in its `auth0Client` telemetry. */
export const sdkName = 'webauth-logout';
