import { guard } from '../errors/guard';
import { WebAuthError } from '../errors/WebAuthError';

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

/**
 * An entry with a subdomain wildcard, split around its left-most host label:
 * `https://` + `pre-` `*` `-post` + `.example.com/path`.
 */
interface WildcardEntry {
  /** The scheme and `://`, as written. */
  readonly head: string;
  readonly prefix: string;
  readonly suffix: string;
  /** Everything after the wildcard label, as written: `.example.com:8443/path?query`. */
  readonly tail: string;
  /** The entry with the wildcard filled in, for parsing its port and path. */
  readonly sample: string;
}

// scheme:// then the left-most label, holding the one `*` with an optional prefix and suffix, then `.` and the rest.
const WILDCARD_ENTRY = /^(https?:\/\/)([a-z\d-]*)\*([a-z\d-]*)(\.[^*]*)$/i;
// After the wildcard label: at least two more labels (`*.com` is refused), up to the port, path, query or fragment.
const HOST_AFTER_WILDCARD = /^\.[a-z\d-]+(?:\.[a-z\d-]+)+(?=$|[:/?#])/i;

function parseWildcardEntry(entry: string): WildcardEntry | undefined {
  const parts = WILDCARD_ENTRY.exec(entry);
  if (!parts || !HOST_AFTER_WILDCARD.test(parts[4]!)) return undefined;
  const [, head, prefix, suffix, tail] = parts as unknown as [string, string, string, string, string];
  return { head, prefix, suffix, tail, sample: `${head}${prefix}w${suffix}${tail}` };
}

/** Whether `label` (one host label, no dot) is the wildcard's: its prefix, at least one character, its suffix. */
function matchesLabel(label: string, { prefix, suffix }: WildcardEntry): boolean {
  const lower = label.toLowerCase();
  return (
    /^[a-z\d-]+$/.test(lower) &&
    lower.length > prefix.length + suffix.length &&
    lower.startsWith(prefix.toLowerCase()) &&
    lower.endsWith(suffix.toLowerCase())
  );
}

/** `/v2/logout`: scheme and host case-insensitive, port and path exact, the URL's query and fragment not considered. */
function matchesV2(target: URL, entry: string): boolean {
  const wildcard = entry.includes('*') ? parseWildcardEntry(entry) : undefined;
  if (entry.includes('*') && !wildcard) return false;
  const allowed = parseHttpUrl(wildcard ? wildcard.sample : entry);
  if (!allowed || allowed.protocol !== target.protocol || allowed.port !== target.port || allowed.pathname !== target.pathname) return false;
  if (!wildcard) return allowed.hostname === target.hostname;
  const rest = allowed.hostname.slice(allowed.hostname.indexOf('.'));
  const label = target.hostname.slice(0, -rest.length);
  return target.hostname.endsWith(rest) && !label.includes('.') && matchesLabel(label, wildcard);
}

/** `/oidc/logout`: the exact string; with a wildcard, exactly the entry's text around one matching label. */
function matchesOidc(url: string, entry: string): boolean {
  if (!entry.includes('*')) return url === entry;
  const wildcard = parseWildcardEntry(entry);
  if (!wildcard || !url.startsWith(wildcard.head) || !url.endsWith(wildcard.tail)) return false;
  const label = url.slice(wildcard.head.length, url.length - wildcard.tail.length);
  return matchesLabel(label, wildcard);
}

/**
 * Whether Auth0 would redirect to `url` after logout, given an Allowed Logout
 * URLs list. The local tenant and the SDK's fail-fast check both call this, so
 * they cannot disagree.
 *
 * - Entries need a scheme, `http` or `https`; `*.example.com` matches nothing.
 * - Subdomain wildcards (Auth0, "Subdomain URL Placeholders",
 *   https://auth0.com/docs/get-started/applications/wildcards-for-subdomains):
 *   one `*`, in the left-most host label, with at least two labels after it
 *   (`https://*.com` and `https://sub.*.example.com` match nothing, nor does
 *   `https://*.*.example.com`); a prefix and a suffix may stand around it
 *   in its label (`https://prefix-*-suffix.example.com`); it stands for one or
 *   more characters of exactly one label (`https://*.example.com` matches
 *   `https://a.example.com`, not `https://a.b.example.com` nor
 *   `https://example.com`); no wildcard anywhere else, paths included.
 * - `v2` (`/v2/logout` `returnTo`, https://auth0.com/docs/authenticate/login/logout/redirect-users-after-logout):
 *   scheme and host compare case-insensitively, the port and the path
 *   exactly; the query and fragment of `url` are not taken into account.
 * - `oidc` (`/oidc/logout` `post_logout_redirect_uri`, OpenID Connect
 *   RP-Initiated Logout 1.0 §3): simple string comparison, query string
 *   included; a wildcard entry matches with everything but its label
 *   compared the same way.
 *
 * @throws {@link WebAuthError} `invalid_option` when `allowedUrls` is not an array of strings or `endpoint` is unknown.
 */
export function isAllowedLogoutUrl(url: string, allowedUrls: readonly string[], endpoint: LogoutEndpoint = 'v2'): boolean {
  return guard('isAllowedLogoutUrl(url, allowedUrls)', () => matchesAny(url, allowedUrls, endpoint));
}

function matchesAny(url: unknown, allowedUrls: readonly string[], endpoint: LogoutEndpoint): boolean {
  if (!Array.isArray(allowedUrls) || !allowedUrls.every((entry) => typeof entry === 'string') || (endpoint !== 'v2' && endpoint !== 'oidc')) {
    throw new WebAuthError('invalid_option', 'isAllowedLogoutUrl takes an array of URL strings, then "v2" or "oidc"');
  }
  if (typeof url !== 'string') return false;
  if (endpoint === 'oidc') return allowedUrls.some((entry) => matchesOidc(url, entry));
  const target = parseHttpUrl(url);
  return !!target && allowedUrls.some((entry) => matchesV2(target, entry));
}
