import { readFile } from 'node:fs/promises';

/** The origin the example pages have in `examples/tenant.config.json` (what `npm start` serves them on by default). */
export const DEFAULT_PAGES_ORIGIN = 'http://127.0.0.1:3001';

function assertUrlList(value, where) {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    throw new TypeError(`Tenant config: ${where} must be an array of URL strings`);
  }
  return [...value];
}

/**
 * Checks the tenant configuration (the parsed `tenant.config.json`) and
 * returns the lookups the routes need. Throws a `TypeError` naming the bad field.
 *
 * Shape: `{ allowedLogoutUrls: string[], applications: { [clientId]: { allowedLogoutUrls?: string[], postLogoutRedirectUris?: string[], webOrigins?: string[], backchannelLogoutUrls?: string[] } } }`.
 * `backchannelLogoutUrls` receive a logout token (OpenID Connect Back-Channel Logout) whenever a session ends.
 * `webOrigins` are the origins whose pages may call the token endpoints (`/oauth/revoke`, `/oauth/token`) from a browser.
 *
 * @param {unknown} config
 */
export function parseTenantConfig(config) {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new TypeError('Tenant config: expected an object { allowedLogoutUrls, applications }');
  }
  const tenantLogoutUrls = assertUrlList(config.allowedLogoutUrls, 'allowedLogoutUrls');
  const applications = new Map();
  for (const [clientId, app] of Object.entries(config.applications ?? {})) {
    if (typeof app !== 'object' || app === null) throw new TypeError(`Tenant config: applications["${clientId}"] must be an object`);
    applications.set(clientId, {
      clientId,
      allowedLogoutUrls: assertUrlList(app.allowedLogoutUrls, `applications["${clientId}"].allowedLogoutUrls`),
      postLogoutRedirectUris: assertUrlList(app.postLogoutRedirectUris, `applications["${clientId}"].postLogoutRedirectUris`),
      webOrigins: assertUrlList(app.webOrigins, `applications["${clientId}"].webOrigins`),
      backchannelLogoutUrls: assertUrlList(app.backchannelLogoutUrls, `applications["${clientId}"].backchannelLogoutUrls`),
    });
  }
  const apps = [...applications.values()];
  const logoutUrlLists = [tenantLogoutUrls, ...apps.map((app) => app.allowedLogoutUrls)];
  const postLogoutRedirectUris = apps.flatMap((app) => app.postLogoutRedirectUris);
  const webOrigins = new Set(apps.flatMap((app) => app.webOrigins));
  const origins = new Set(webOrigins);
  for (const entry of [...logoutUrlLists.flat(), ...postLogoutRedirectUris]) {
    try {
      if (!entry.includes('*')) origins.add(new URL(entry).origin);
    } catch {
      // An entry that is not a URL matches nothing; it names no origin either.
    }
  }
  return {
    tenantLogoutUrls,
    /** A Map, not the JSON object, so `__proto__` or `constructor` is never taken for an application. */
    applications,
    /** Every Allowed Logout URLs list, tenant's first. */
    logoutUrlLists,
    /** Every application's registered post-logout redirect URIs. */
    postLogoutRedirectUris,
    /** The origins of the configured URLs and web origins: the pages allowed to read `/session` with credentials. */
    origins,
    /** Every application's web origins: the pages allowed to call `/oauth/revoke` and `/oauth/token` (CORS). */
    webOrigins,
  };
}

/**
 * The configuration with every URL that starts with `fromOrigin`, and every
 * web origin equal to it, moved to `toOrigin`: the example pages are registered at {@link DEFAULT_PAGES_ORIGIN}
 * and served elsewhere when `PORT` is set, or on a free port in the tests.
 *
 * @param {any} config - the parsed JSON
 * @param {string} toOrigin
 * @param {string} [fromOrigin]
 */
export function rebaseTenantConfig(config, toOrigin, fromOrigin = DEFAULT_PAGES_ORIGIN) {
  return JSON.parse(JSON.stringify(config), (_key, value) =>
    typeof value === 'string' && (value === fromOrigin || value.startsWith(`${fromOrigin}/`)) ? toOrigin + value.slice(fromOrigin.length) : value,
  );
}

/** Reads and parses a JSON configuration file (not yet checked: {@link parseTenantConfig} does that). */
export async function readTenantConfig(file) {
  return JSON.parse(await readFile(file, 'utf8'));
}
