import { randomBytes, randomUUID } from 'node:crypto';

// Enough for any demo or test; past it the oldest session is forgotten, so a login loop cannot exhaust memory.
const MAX_SESSIONS = 10_000;
const COOKIE_ATTRIBUTES = 'HttpOnly; SameSite=Lax; Path=/';

// Read by hand, not with hono/cookie: a browser may send two cookies of one name, and any of them may be the live one.
function readCookie(cookieHeader, name) {
  const values = [];
  for (const pair of (cookieHeader ?? '').split(';')) {
    const equals = pair.indexOf('=');
    if (equals !== -1 && pair.slice(0, equals).trim() === name) values.push(pair.slice(equals + 1).trim());
  }
  return values;
}

/**
 * Sessions kept in memory and named by a cookie: the tenant's own session, or
 * the emulated identity provider's. The cookie holds a random secret; the
 * session's public id (`sid`, what Auth0 accepts as `logout_hint`) is another
 * random value.
 *
 * @param {string} cookieName
 */
export function createSessionStore(cookieName) {
  /** cookie secret → sid */
  const sessions = new Map();

  const findIn = (cookieHeader) => readCookie(cookieHeader, cookieName).find((secret) => sessions.has(secret));
  const find = (c) => findIn(c.req.header('cookie'));

  return {
    /** Starts a session and sets its cookie on the answer of `c`; returns its `sid`. */
    start(c) {
      const secret = randomBytes(24).toString('base64url');
      const sid = randomUUID();
      sessions.set(secret, sid);
      if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value);
      c.header('Set-Cookie', `${cookieName}=${secret}; ${COOKIE_ATTRIBUTES}`, { append: true });
      return sid;
    },
    /** The `sid` of the request's session, or `undefined` when it has none. */
    current(c) {
      const secret = find(c);
      return secret === undefined ? undefined : sessions.get(secret);
    },
    /** The `sid` of the session a `Cookie` header names, or `undefined`: for a server beside the tenant that shares its cookie. */
    idOfCookie(cookieHeader) {
      const secret = findIn(cookieHeader);
      return secret === undefined ? undefined : sessions.get(secret);
    },
    /** The `sid` of every live session. */
    ids() {
      return [...sessions.values()];
    },
    /** Ends the session `sid` wherever its browser is (its cookie stops naming a session); whether it was live. */
    endById(sid) {
      for (const [secret, live] of sessions) {
        if (live === sid) return sessions.delete(secret);
      }
      return false;
    },
    /** Forgets the request's session, if any, and always tells the browser to drop the cookie; returns the `sid` it ended. */
    end(c) {
      const secret = find(c);
      const sid = secret === undefined ? undefined : sessions.get(secret);
      if (secret !== undefined) sessions.delete(secret);
      c.header('Set-Cookie', `${cookieName}=; Max-Age=0; ${COOKIE_ATTRIBUTES}`, { append: true });
      return sid;
    },
  };
}
