import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where the example app's server answers: the tenant POSTs logout tokens to the first, the pages' watch reads the second. */
export const BACK_CHANNEL_PATHS = { logout: '/back-channel/logout', events: '/back-channel/events' };

const serverEntry = pathToFileURL(fileURLToPath(new URL('../dist/back-channel.mjs', import.meta.url))).href;

/**
 * The example app's own server half of back-channel logout, built on the
 * package's server entry: the Back-Channel Logout URL the tenant is
 * configured with, and the event stream each browser's watch holds.
 *
 * The example app has no login of its own: it is signed in while the
 * tenant's session cookie is (127.0.0.1's ports are one site, so the
 * browser sends that cookie here too). The stream's session is the `sid`
 * the tenant, running in the same process, finds for that cookie, never what
 * the request's query claims; a browser without a session gets 401. (An app
 * of its own reads `sid` and `sub` from the ID token kept in its session.)
 *
 * The tenant starts after the pages (its configuration names their port),
 * so the receiver answers 503 until {@link useTenant} hands it the tenant.
 */
export function createBackChannelReceiver({ clientId }) {
  let tenant;
  let backChannel;
  let openStreams = 0;

  const unavailable = () => new Response('The tenant is not started yet.\n', { status: 503, headers: { 'Retry-After': '1', 'Cache-Control': 'no-store' } });

  function events(request) {
    const sid = tenant.sessionIdOfCookie(request.headers.get('cookie'));
    const session = sid === undefined ? undefined : { sid };
    if (!session) return new Response('Not signed in: there is no session to watch.\n', { status: 401, headers: { 'Cache-Control': 'no-store' } });
    const stream = backChannel.handleEvents(request, session);
    if (stream.status !== 200) return stream;
    openStreams += 1;
    let counted = true;
    const ended = () => {
      if (counted) openStreams -= 1;
      counted = false;
    };
    // A stream ends when the browser goes (the request is aborted) or after its logout event (the body is flushed).
    request.signal.addEventListener('abort', ended, { once: true });
    return new Response(stream.body.pipeThrough(new TransformStream({ flush: ended })), stream);
  }

  return {
    async fetch(request) {
      if (!backChannel) return unavailable();
      const { pathname } = new URL(request.url);
      if (pathname === BACK_CHANNEL_PATHS.logout) return backChannel.handleLogoutToken(request);
      if (pathname === BACK_CHANNEL_PATHS.events) return events(request);
      return new Response('Not found.\n', { status: 404 });
    },
    /** Accepts the logout tokens of the running tenant (its issuer is `url/`), checked against its JWKS. */
    async useTenant(running) {
      const { createBackChannelLogout } = await import(serverEntry);
      tenant = running;
      backChannel = createBackChannelLogout({ issuer: `${running.url}/`, audience: clientId, jwksUri: `${running.url}/.well-known/jwks.json` });
    },
    /** How many event streams browsers hold open now. */
    openStreams: () => openStreams,
  };
}
