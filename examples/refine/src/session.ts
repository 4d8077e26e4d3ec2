/**
 * The app's session: what the tenant answers at `/session` for this
 * browser's cookies (only the local tenant has that route; a real app would
 * keep the tokens of its own sign-in instead). The answer is kept until a
 * logout has completed, so refine's checks on every route change do not ask
 * the tenant again each time.
 */
import { TENANT_URL } from './config';

export interface Session {
  authenticated: boolean;
  sid?: string;
  user?: { name: string };
}

let current: Promise<Session> | undefined;

/** The session, asked of the tenant once and then kept; a failed request is not kept. */
export function readSession(): Promise<Session> {
  current ??= fetch(`${TENANT_URL}/session`, { credentials: 'include' })
    .then((response) => response.json() as Promise<Session>)
    .catch(() => {
      current = undefined;
      return { authenticated: false };
    });
  return current;
}

/** Forgets the kept answer: the next check asks the tenant again. */
export function clearSession(): void {
  current = undefined;
}
