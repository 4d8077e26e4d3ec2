/**
 * An OpenID Certified provider for the SDK to log out of: panva's
 * oidc-provider 9 on a free port of 127.0.0.1, and the relying party's pages
 * (test/oidc-provider/pages/, with dist/ at /dist/) on another, served by the
 * examples' static server.
 *
 * The provider is configured as little as the test needs:
 * - one public client (PKCE, no secret) whose post_logout_redirect_uri is the
 *   RP page, its query naming this provider and the client as the page reads them;
 * - `routes.end_session: '/oidc/logout'`, the path the SDK builds from its domain;
 * - `enableHttpPostMethods`, without which oidc-provider routes only GET to
 *   end_session (see {@link relaxSameSite} for the cookie setting it forces);
 * - interactions answered by the fixture itself, with no page: any login
 *   prompt signs in {@link ACCOUNT_ID}, any consent prompt grants what was
 *   asked. The browser still walks the whole authorization code flow and holds
 *   the provider's session cookies, so logging out has a session to end;
 * - logout and error pages of its own, the default ones' form and buttons
 *   kept, without the Google Fonts `@import` that an offline machine would wait on;
 * - `features.backchannelLogout`, and on the client a `backchannel_logout_uri`
 *   (the RP server's `/back-channel/logout`: oidc-provider takes any http(s)
 *   URI there, https being required only of other endpoints) with
 *   `backchannel_logout_session_required`, so that every logout token names
 *   the session (`sid`) and ID tokens carry that `sid` for the RP to match
 *   (oidc-provider adds it by itself for such a client, so the authorization
 *   request need not ask for it);
 * - a `fetch` that lets the logout token's POST reach the RP on the loopback
 *   address: oidc-provider's own outgoing requests refuse special-use
 *   addresses (loopback, private networks) against server-side request
 *   forgery, and the RP here lives on 127.0.0.1. Only the RP server's origin
 *   is let through; every other request keeps the protection.
 *
 * The RP's server half of back-channel logout is the package's server entry
 * as an app would use it (dist/back-channel.mjs, its issuer, audience and
 * jwks_uri from the provider's discovery document), mounted at
 * `/back-channel/` on the RP pages' server. Its event stream's session comes
 * from the RP's own sign-in, never from the request: {@link
 * OidcProviderFixture.startRpSession} plays the app's login callback, which
 * sets an HttpOnly cookie, a random secret the RP server maps to the ID
 * token's `sid` and `sub`. A stream asked for without a known cookie gets 401.
 */
import { generateKeyPairSync, randomBytes, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import Provider, { type Adapter, type AdapterPayload, type ProviderContext } from 'oidc-provider';
import { logRequest, type LoggedRequest } from '../../examples/request-log.mjs';
import { startStaticServer } from '../../examples/static-server.mjs';
import type { Tab } from '../browser/harness';
import { distHref } from '../helpers/bundles';

type ServerEntry = typeof import('../../src/back-channel/index');

/** The client the RP page logs out of. */
export const CLIENT_ID = 'webauth-logout-rp';
/** The account every login prompt signs in. */
export const ACCOUNT_ID = 'alice';
/** oidc-provider's "Yes, sign me out" on its logout page (logout=yes: the whole session ends, and every client of it gets a logout token). */
export const CONFIRM_LOGOUT = 'button[name="logout"][value="yes"]';

const pagesDir = fileURLToPath(new URL('./pages/', import.meta.url));
const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The RP server's routes: the client's backchannel_logout_uri, the browsers' event stream, and the login callback that opens an RP session. */
export const RP_PATHS = { logout: '/back-channel/logout', events: '/back-channel/events', session: '/back-channel/session' } as const;
/** The RP's session cookie: HttpOnly, set by its login callback, never readable by the page. */
const RP_SESSION_COOKIE = 'rp_session';

/** An end_session request as oidc-provider parsed it (its allow-listed parameters, from the query or the form). */
export interface EndSessionRequest {
  method: string;
  /** The request target's query string, without `?`: empty for a form POST. */
  query: string;
  params: Record<string, unknown>;
  status: number;
}

/** A request to the RP's backchannel_logout_uri, and how the server entry answered it. */
export interface BackChannelPost {
  /** When the request arrived, in milliseconds since the epoch (the browsers share this machine's clock). */
  receivedAt: number;
  status: number;
  /** The logout token's header and claims, decoded without verification (the server entry verifies them); `undefined` without a token. */
  header?: ProtectedHeaderParameters;
  claims?: JWTPayload & { sid?: string; events?: unknown };
  /** The answer's body: the refusal's reason for a 400. */
  answer: string;
}

export interface SignedIn {
  idToken: string;
  accessToken: string;
  claims: JWTPayload & { sid?: string };
}

export interface OidcProviderFixture {
  issuer: string;
  pagesUrl: string;
  /** The RP page, configured through its query for this provider: also the client's one post_logout_redirect_uri. */
  rpPage: string;
  /** The client's redirect_uri: a page that does nothing, the test reads the response from its URL. */
  callbackUrl: string;
  /** Every request either server received, in arrival order (`dest` `document` for a navigation). */
  requests: LoggedRequest[];
  /** Every end_session request, as oidc-provider parsed it. */
  endSessionRequests: EndSessionRequest[];
  /** Every request to the RP's backchannel_logout_uri, in arrival order. */
  backChannelPosts: BackChannelPost[];
  /** The RP page watching the back channel (its query asks for `watchBackChannelLogout`). */
  rpWatchPage: string;
  /** The RP server's event stream, as the page's watch opens it. */
  eventsUrl: string;
  /**
   * Opens an RP session for the tab's browser, as the app's login callback
   * would after its own sign-in: the tab visits the RP server once with a
   * single-use ticket the fixture made for the ID token's `sid` and `sub`,
   * and gets the HttpOnly session cookie the event stream is read with.
   */
  startRpSession(tab: Tab, signedIn: SignedIn): Promise<void>;
  /** How many event streams browsers hold open on the RP server now: one per watching browser, none once its session has ended. */
  openStreams(): number;
  /** How many sessions oidc-provider ended (its `end_session.success` event). */
  endedSessions(): number;
  /** Whether the provider still stores a session that issued `sid` (an ID token's claim) to the client. */
  hasSession(sid: string): boolean;
  /** The prompts the provider's interactions asked for, in order (`login`, `consent`). */
  prompts: string[];
  /**
   * Signs the tab's browser session in: the authorization code flow walked in
   * the tab (the fixture answers the login and consent prompts), the code
   * exchanged with PKCE in Node for tokens.
   */
  signIn(tab: Tab): Promise<SignedIn>;
  /** An authorization request with `prompt=none` walked in the tab: `code` while the provider's session lives, its error (`login_required`) once it is gone. */
  silentAuthorization(tab: Tab): Promise<string>;
  /** The userinfo endpoint's status for an access token: 200 while its grant lives. */
  userinfoStatus(accessToken: string): Promise<number>;
  close(): Promise<void>;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

/**
 * The provider's storage, one Map for every model, readable by the test
 * (oidc-provider's own in-memory adapter is not exported). Nothing expires:
 * the provider lives for one test file.
 */
function mapAdapter(store: Map<string, AdapterPayload>): (model: string) => Adapter {
  return (model) => {
    const key = (id: string) => `${model}:${id}`;
    const findBy = async (field: string, value: string) => {
      for (const [stored, payload] of store) if (stored.startsWith(`${model}:`) && payload[field] === value) return payload;
      return undefined;
    };
    return {
      async upsert(id, payload) {
        store.set(key(id), payload);
      },
      async find(id) {
        return store.get(key(id));
      },
      findByUid: (uid) => findBy('uid', uid),
      findByUserCode: (userCode) => findBy('userCode', userCode),
      async consume(id) {
        const payload = store.get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const [stored, payload] of store) if (stored.startsWith(`${model}:`) && payload.grantId === grantId) store.delete(stored);
      },
    };
  };
}

/**
 * oidc-provider refuses `enableHttpPostMethods` unless its long-lived cookies
 * are `SameSite=None`, for relying parties on other sites that POST to it.
 * Browsers drop a `SameSite=None` cookie that is not `Secure`, and a `Secure`
 * one needs HTTPS, which the engines here would refuse as self-signed. The RP
 * here is on the provider's own site (127.0.0.1, another port), where `Lax`
 * cookies go with a top-level POST, so the fixture rewrites the attribute to
 * what a same-site deployment would set.
 */
function relaxSameSite(res: ServerResponse): void {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name: string, value: number | string | readonly string[]) => {
    if (name.toLowerCase() === 'set-cookie') {
      const relax = (cookie: string) => cookie.replace(/;\s*samesite=none/i, '; samesite=lax');
      value = typeof value === 'string' ? relax(value) : Array.isArray(value) ? value.map(relax) : value;
    }
    return setHeader(name, value);
  };
}

interface RpSession {
  sid?: string;
  sub?: string;
}

const noStore = { 'Cache-Control': 'no-store' };
const plain = (status: number, message: string, headers: Record<string, string> = {}) =>
  new Response(`${message}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...noStore, ...headers } });

/** The RP session a request's cookie names, or `undefined`. */
function sessionOf(request: Request, sessions: Map<string, RpSession>): RpSession | undefined {
  for (const pair of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, value] = pair.trim().split('=');
    if (name === RP_SESSION_COOKIE && value) return sessions.get(value);
  }
  return undefined;
}

/**
 * The RP's own server routes under `/back-channel/`: the backchannel_logout_uri
 * (each request recorded in `posts`), the event stream of the RP session the
 * cookie names, and the login callback that turns a single-use ticket into
 * that cookie. Answers 503 until `use` gives it the server entry's handlers.
 */
function rpServer(posts: BackChannelPost[], tickets: Map<string, RpSession>) {
  const sessions = new Map<string, RpSession>();
  let openStreams = 0;
  let backChannel: ReturnType<ServerEntry['createBackChannelLogout']> | undefined;

  async function receiveLogoutToken(request: Request): Promise<Response> {
    const post: BackChannelPost = { receivedAt: Date.now(), status: 0, answer: '' };
    posts.push(post);
    try {
      const token = new URLSearchParams(await request.clone().text()).get('logout_token');
      if (token) {
        post.header = decodeProtectedHeader(token);
        post.claims = decodeJwt(token);
      }
    } catch {
      // Not a JWT: the server entry says why it refuses it.
    }
    const response = await backChannel!.handleLogoutToken(request);
    post.status = response.status;
    post.answer = await response.clone().text();
    return response;
  }

  return {
    openStreams: () => openStreams,
    use(handlers: NonNullable<typeof backChannel>) {
      backChannel = handlers;
    },
    async fetch(request: Request): Promise<Response> {
      if (!backChannel) return plain(503, 'The provider is not started yet.', { 'Retry-After': '1' });
      const url = new URL(request.url);
      if (url.pathname === RP_PATHS.logout) return receiveLogoutToken(request);
      if (url.pathname === RP_PATHS.events) {
        const session = sessionOf(request, sessions);
        if (!session) return plain(401, 'Not signed in to the RP: there is no session to watch.');
        const stream = backChannel.handleEvents(request, session);
        if (stream.status !== 200 || !stream.body) return stream;
        openStreams++;
        let open = true;
        const closed = () => {
          if (open) openStreams--;
          open = false;
        };
        // A stream ends when the browser goes (the request is aborted) or after its logout event (the body is flushed).
        request.signal.addEventListener('abort', closed, { once: true });
        return new Response(stream.body.pipeThrough(new TransformStream({ flush: closed })), stream);
      }
      if (url.pathname === RP_PATHS.session && request.method === 'GET') {
        const ticket = url.searchParams.get('ticket') ?? '';
        const session = tickets.get(ticket);
        tickets.delete(ticket);
        if (!session) return plain(400, 'Unknown or spent sign-in ticket.');
        const secret = base64url(randomBytes(32));
        sessions.set(secret, session);
        return new Response(page('Signed in', '<h1 id="signed-in">Signed in to the RP</h1>'), {
          headers: { 'Content-Type': 'text/html; charset=utf-8', ...noStore, 'Set-Cookie': `${RP_SESSION_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Lax` },
        });
      }
      return plain(404, 'Not found.');
    },
  };
}

export async function startOidcProvider(): Promise<OidcProviderFixture> {
  const requests: LoggedRequest[] = [];
  const endSessionRequests: EndSessionRequest[] = [];
  const backChannelPosts: BackChannelPost[] = [];
  const tickets = new Map<string, RpSession>();
  const prompts: string[] = [];
  let ended = 0;
  const stored = new Map<string, AdapterPayload>();

  const rp = rpServer(backChannelPosts, tickets);
  const pages = await startStaticServer({ root: pagesDir, mounts: { '/dist/': distDir }, apps: { '/back-channel/': rp.fetch }, requestLog: requests });
  let issuer = '';
  let provider: Provider | undefined;
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  async function interact(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider!.interactionDetails(req, res);
    prompts.push(details.prompt.name);
    if (details.prompt.name === 'login') {
      await provider!.interactionFinished(req, res, { login: { accountId: ACCOUNT_ID } }, { mergeWithLastSubmission: false });
      return;
    }
    if (details.prompt.name !== 'consent') throw new Error(`the fixture answers login and consent prompts, not ${details.prompt.name}`);
    const grant = details.grantId
      ? await provider!.Grant.find(details.grantId)
      : new provider!.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id });
    if (!grant) throw new Error(`grant ${details.grantId} not found`);
    const { missingOIDCScope, missingOIDCClaims } = details.prompt.details;
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    await provider!.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  const server = createServer((req, res) => {
    logRequest(requests, issuer, req, res);
    relaxSameSite(res);
    if (req.url?.startsWith('/interaction/')) {
      interact(req, res).catch((error: Error) => {
        console.error('oidc-provider fixture: interaction failed', error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`interaction failed: ${error.message}\n`);
      });
      return;
    }
    handle!(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  } catch (error) {
    await pages.close();
    throw error;
  }

  const rpPage = `${pages.url}/rp/?${new URLSearchParams({ domain: issuer, clientID: CLIENT_ID })}`;
  const rpWatchPage = `${rpPage}&${new URLSearchParams({ watch: RP_PATHS.events })}`;
  const callbackUrl = `${pages.url}/callback/`;
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  provider = new Provider(issuer, {
    adapter: mapAdapter(stored),
    // Explicit, so the provider does not announce each default as it is first used.
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        redirect_uris: [callbackUrl],
        post_logout_redirect_uris: [rpPage],
        backchannel_logout_uri: `${pages.url}${RP_PATHS.logout}`,
        backchannel_logout_session_required: true,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'fixture-rs256', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [base64url(randomBytes(32))], long: { httpOnly: true, sameSite: 'none' } },
    routes: { end_session: '/oidc/logout' },
    enableHttpPostMethods: true,
    fetch(url, options) {
      if (new URL(url).origin === pages.url) delete options.dispatcher;
      return globalThis.fetch(url, options);
    },
    features: {
      backchannelLogout: { enabled: true },
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // The default page's form and buttons, as oidc-provider renders them.
        logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = page(
            'Logout request',
            `<h1>Do you want to sign out from ${escapeHtml(ctx.host)}?</h1>${form}` +
              '<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>' +
              '<button type="submit" form="op.logoutForm">No, stay signed in</button>',
          );
        },
        postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = page('Signed out', '<h1>Sign-out success</h1>');
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Error', `<h1 id="error">${escapeHtml(String(out.error))}</h1><p id="error_description">${escapeHtml(String(out.error_description ?? ''))}</p>`);
    },
    clientBasedCORS: () => false,
  });
  provider.use(async (ctx: ProviderContext, next) => {
    await next();
    if (ctx.oidc?.route === 'end_session') {
      endSessionRequests.push({ method: ctx.method, query: ctx.querystring, params: { ...ctx.oidc.params }, status: ctx.status });
    }
  });
  provider.on('end_session.success', () => {
    ended++;
  });
  // A logout token the RP never got shows as no request at all; say why.
  provider.on('backchannel.error', (_ctx, error) => {
    console.error('oidc-provider fixture: the logout token could not be delivered', error);
  });
  handle = provider.callback();

  try {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    if (discovery.backchannel_logout_supported !== true || discovery.backchannel_logout_session_supported !== true) {
      throw new Error('the provider does not advertise back-channel logout with sid');
    }
    const { createBackChannelLogout } = (await import(/* @vite-ignore */ distHref('back-channel.mjs'))) as ServerEntry;
    rp.use(createBackChannelLogout({ issuer, audience: CLIENT_ID, jwksUri: String(discovery.jwks_uri) }));
  } catch (error) {
    await Promise.all([new Promise((resolve) => server.close(resolve)), pages.close()]);
    throw error;
  }

  /** An authorization code request with PKCE; the state and verifier to check and redeem its response with. */
  function authorizationRequest(extra: Record<string, string> = {}) {
    const state = base64url(randomBytes(16));
    const codeVerifier = base64url(randomBytes(32));
    const query = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: callbackUrl,
      state,
      nonce: base64url(randomBytes(16)),
      code_challenge: base64url(createHash('sha256').update(codeVerifier).digest()),
      code_challenge_method: 'S256',
      ...extra,
    });
    return { url: `${issuer}/auth?${query}`, state, codeVerifier };
  }

  /** Walks an authorization request in the tab and returns the response's parameters, its state checked. */
  async function authorize(tab: Tab, request: ReturnType<typeof authorizationRequest>): Promise<URLSearchParams> {
    await tab.goto(request.url);
    const landed = await tab.waitForUrl((url) => url.startsWith(callbackUrl), 'the authorization response at the redirect_uri');
    const response = new URL(landed).searchParams;
    if (response.get('state') !== request.state) throw new Error(`the authorization response's state does not match: ${landed}`);
    if (response.get('iss') !== issuer) throw new Error(`the authorization response's iss is not ${issuer}: ${landed}`);
    return response;
  }

  return {
    issuer,
    pagesUrl: pages.url,
    rpPage,
    callbackUrl,
    requests,
    endSessionRequests,
    backChannelPosts,
    rpWatchPage,
    eventsUrl: `${pages.url}${RP_PATHS.events}`,
    async startRpSession(tab, signedIn) {
      const ticket = base64url(randomBytes(16));
      tickets.set(ticket, { sid: signedIn.claims.sid, sub: signedIn.claims.sub });
      await tab.goto(`${pages.url}${RP_PATHS.session}?${new URLSearchParams({ ticket })}`);
      await tab.waitFor('#signed-in');
    },
    openStreams: rp.openStreams,
    endedSessions: () => ended,
    hasSession: (sid) =>
      [...stored].some(([key, payload]) => {
        const authorizations = payload.authorizations as Record<string, { sid?: string }> | undefined;
        return key.startsWith('Session:') && authorizations?.[CLIENT_ID]?.sid === sid;
      }),
    prompts,
    async signIn(tab) {
      const request = authorizationRequest();
      const response = await authorize(tab, request);
      const code = response.get('code');
      if (!code) throw new Error(`sign-in failed: ${response.get('error')}: ${response.get('error_description')}`);
      const answer = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: callbackUrl, code_verifier: request.codeVerifier, client_id: CLIENT_ID }),
      });
      const tokens = (await answer.json()) as { id_token?: string; access_token?: string; error?: string; error_description?: string };
      if (!answer.ok || !tokens.id_token || !tokens.access_token) throw new Error(`token request failed (${answer.status}): ${JSON.stringify(tokens)}`);
      return { idToken: tokens.id_token, accessToken: tokens.access_token, claims: decodeJwt(tokens.id_token) };
    },
    async silentAuthorization(tab) {
      const response = await authorize(tab, authorizationRequest({ prompt: 'none' }));
      return response.has('code') ? 'code' : (response.get('error') ?? `neither code nor error`);
    },
    async userinfoStatus(accessToken) {
      const answer = await fetch(`${issuer}/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
      await answer.arrayBuffer();
      return answer.status;
    },
    async close() {
      await Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        pages.close(),
      ]);
    },
  };
}
