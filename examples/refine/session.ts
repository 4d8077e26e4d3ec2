/**
 * The app's own side of authentication, which webauth-logout does not do:
 * starting sign-in and keeping the session. A short sketch for
 * `authProvider.ts`; a real app would rather use an OAuth client library.
 */

/** Your Auth0 tenant and the client ID of your Single Page Application. */
export const AUTH0_DOMAIN = 'example.us.auth0.com';
export const AUTH0_CLIENT_ID = 'your-spa-client-id';

/** What the app's `/callback` page (not shown) stores after exchanging the authorization code. */
export interface Session {
  idToken: string;
  /** Milliseconds since the epoch, from the ID token's `exp`. */
  expiresAt: number;
  user: { name: string; email: string; picture?: string };
}

const SESSION_KEY = 'app.session';
const SIGN_IN_KEY = 'app.sign-in';

/** The stored session, or `null` when there is none or it has expired. */
export function readSession(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    return session && session.expiresAt > Date.now() ? session : null;
  } catch {
    // Unreadable means signed out: the next sign-in overwrites it.
    return null;
  }
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * Sends the browser to Auth0 Universal Login (authorization code with PKCE).
 * The verifier and state wait in `sessionStorage` for the `/callback` page.
 */
export async function signIn(): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(SIGN_IN_KEY, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: AUTH0_CLIENT_ID,
    redirect_uri: `${window.location.origin}/callback`,
    scope: 'openid profile email',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  window.location.assign(`https://${AUTH0_DOMAIN}/authorize?${query}`);
}
