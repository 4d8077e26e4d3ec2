/** Which logout endpoint's matching rules apply. */
export type LogoutEndpoint = 'v2' | 'oidc';

// The URL parser strips these (leading and trailing spaces, tabs and newlines anywhere), so a
// URL that only matches after that is not the URL that was sent: it matches nothing.
const STRIPPED_BY_URL_PARSER = /^\s|\s$|[\u0000-\u001f\u007f]/;

function parseHttpUrl(value: string): URL | undefined {
  if (STRIPPED_BY_URL_PARSER.test(value)) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

const LEADING_WILDCARD = /^https?:\/\/\*\./i;

function matchesEntry(target: URL, entry: string): boolean {
  const wildcard = LEADING_WILDCARD.test(entry);
  // The wildcard stands for one label; a `*` anywhere else makes the entry invalid.
  const concrete = wildcard ? entry.replace('*', 'w') : entry;
  const allowed = !concrete.includes('*') && parseHttpUrl(concrete);
  if (!allowed || allowed.protocol !== target.protocol || allowed.port !== target.port) return false;
  if (allowed.pathname !== target.pathname) return false;
  if (!wildcard) return allowed.hostname === target.hostname;
  const suffix = allowed.hostname.slice(1);
  const label = target.hostname.slice(0, -suffix.length);
  return target.hostname.endsWith(suffix) && label !== '' && !label.includes('.');
}

/**
 * Whether Auth0 would redirect to `url` after logout, given an Allowed Logout
 * URLs list. The local tenant and the SDK's fail-fast check both call this, so
 * they cannot disagree.
 *
 * - `v2` (`/v2/logout` `returnTo`): scheme and host compare case-insensitively,
 *   the port and the path exactly; the query and fragment of `url` are not
 *   taken into account; an entry may start with `*.` right after the scheme to
 *   stand for exactly one left-most label (`https://*.example.com` matches
 *   `https://a.example.com`, not `https://a.b.example.com` nor
 *   `https://example.com`). An entry with a `*` anywhere else, or without a
 *   scheme, matches nothing.
 * - `oidc` (`/oidc/logout` `post_logout_redirect_uri`): simple string
 *   comparison, query string included, as OpenID Connect RP-Initiated Logout
 *   1.0 §3 requires.
 */
export function isAllowedLogoutUrl(url: string, allowedUrls: readonly string[], endpoint: LogoutEndpoint = 'v2'): boolean {
  if (endpoint === 'oidc') return allowedUrls.includes(url);
  const target = parseHttpUrl(url);
  return !!target && allowedUrls.some((entry) => matchesEntry(target, entry));
}
