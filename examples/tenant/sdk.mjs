// The tenant matches URLs with the built SDK's own function, so the SDK's fail-fast check and the
// tenant's verdict can never disagree. Imported dynamically only to turn "not built" into a clear message.
const SDK_URL = new URL('../../dist/index.mjs', import.meta.url);

let sdk;
try {
  sdk = await import(SDK_URL.href);
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/index.mjs')) {
    throw new Error(`The local tenant needs the built SDK (${SDK_URL.pathname}): run npm run build first.`, { cause: error });
  }
  throw error;
}

/** `isAllowedLogoutUrl(url, list, 'v2' | 'oidc')` from `dist/index.mjs`. */
export const { isAllowedLogoutUrl } = sdk;
