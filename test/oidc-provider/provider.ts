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
 *   kept, without the Google Fonts `@import` that an offline machine would wait on.
 */
import { generateKeyPairSync, randomBytes, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { decodeJwt, type JWTPayload } from 'jose';
import Provider, { type Adapter, type AdapterPayload, type ProviderContext } from 'oidc-provider';
import { logRequest, type LoggedRequest } from '../../examples/request-log.mjs';
import { startStaticServer } from '../../examples/static-server.mjs';
import type { Tab } from '../browser/harness';

/** The client the RP page logs out of. */
export const CLIENT_ID = 'webauth-logout-rp';
/** The account every login prompt signs in. */
export const ACCOUNT_ID = 'alice';

const pagesDir = fileURLToPath(new URL('./pages/', import.meta.url));
const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));

/** An end_session request as oidc-provider parsed it (its allow-listed parameters, from the query or the form). */
export interface EndSessionRequest {
  method: string;
  /** The request target's query string, without `?`: empty for a form POST. */
  query: string;
  params: Record<string, unknown>;
  status: number;
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

export async function startOidcProvider(): Promise<OidcProviderFixture> {
  const requests: LoggedRequest[] = [];
  const endSessionRequests: EndSessionRequest[] = [];
  const prompts: string[] = [];
  let ended = 0;
  const stored = new Map<string, AdapterPayload>();

  const pages = await startStaticServer({ root: pagesDir, mounts: { '/dist/': distDir }, requestLog: requests });
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
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'fixture-rs256', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [base64url(randomBytes(32))], long: { httpOnly: true, sameSite: 'none' } },
    routes: { end_session: '/oidc/logout' },
    enableHttpPostMethods: true,
    features: {
      // For the ID token's sid (oidc-provider adds it by itself only for back-channel logout clients), asked for in the authorization request.
      claimsParameter: { enabled: true },
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
  handle = provider.callback();

  /** An authorization code request with PKCE; the state and verifier to check and redeem its response with. */
  function authorizationRequest(extra: Record<string, string> = {}) {
    const state = base64url(randomBytes(16));
    const codeVerifier = base64url(randomBytes(32));
    const query = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: 'code',
      scope: 'openid',
      claims: JSON.stringify({ id_token: { sid: null } }),
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
