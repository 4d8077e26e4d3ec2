/** The tenant configuration the HTTP tests run against: every kind of entry the rules distinguish. */
import type { TenantConfig } from '../../examples/tenant/server.mjs';

export const APP = 'app-1';
export const APP_PAGE = 'https://app.example.com/';
export const TENANT_PAGE = 'https://tenant.example.com/bye';
export const OIDC_URI = 'https://app.example.com/oidc?done=1';
export const OIDC_PLAIN_URI = 'https://app.example.com/plain';
/** The origin of APP's pages: the one allowed to call the token endpoints from a browser. */
export const APP_ORIGIN = 'https://app.example.com';

export const testConfig: TenantConfig = {
  allowedLogoutUrls: [TENANT_PAGE, 'https://*.preview.example.com/'],
  applications: {
    [APP]: {
      allowedLogoutUrls: [APP_PAGE, 'https://app.example.com/Logged-Out', 'https://*.app.example.com/'],
      postLogoutRedirectUris: [OIDC_URI, OIDC_PLAIN_URI],
      webOrigins: [APP_ORIGIN],
    },
    'app-without-urls': {},
    'app-wildcard-first': { allowedLogoutUrls: ['https://*.w.example.com/', 'https://w.example.com/home'] },
  },
};

/** An unsigned JWT with these claims: the tenant reads `id_token_hint` without verifying it. */
export function idToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/** `?name=value&…`, encoded; a `null` value gives a bare `&name` (how the SDK sends `federated`). */
export function query(params: Record<string, string | null>): string {
  const pairs = Object.entries(params).map(([name, value]) => (value === null ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`));
  return pairs.length ? `?${pairs.join('&')}` : '';
}
