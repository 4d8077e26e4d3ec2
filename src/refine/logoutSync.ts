/**
 * Keeping every tab of a refine app in step with the tenant session: when a
 * logout has ended it (in this tab, in another tab, by the idle deadline),
 * refine's auth state is invalidated, so refine asks `authProvider.check`
 * again and routes a signed-out tab to its login page.
 *
 * This is the only part of `webauth-logout/refine` that uses React and
 * `@refinedev/core` at run time (both optional peer dependencies); the
 * package root never imports them.
 */
import { useInvalidateAuthStore } from '@refinedev/core';
import { useEffect, useRef } from 'react';
import type { LogoutEvent, WebAuth } from '../index';
import { onLogout } from '../core/onLogout';

/**
 * Whether a logout event moves the tab: only `completed`, when the tenant
 * session has really ended. A `started` logout may still end `abandoned`
 * (the user came back with Back, a popup was closed, a custom opener
 * failed), and the session is then still open: a tab sent to `/login` on
 * `started` would be telling the user something that is not true.
 */
const endsTheSession = (event: LogoutEvent): boolean => event.phase === 'completed';

/**
 * Subscribes to `onLogout(webAuth, …)` while the component is mounted and,
 * on each `completed` logout (from any tab of the app, the idle deadline
 * included), invalidates refine's auth store with `useInvalidateAuthStore()`:
 * refine runs `authProvider.check` again, and `<Authenticated>` sends a
 * signed-out tab to its fallback (your `/login` route) without any action
 * in that tab. refine itself never re-checks when another tab logs out: its
 * query client does not refetch on window focus.
 *
 * It reacts to `completed` only (see {@link endsTheSession}): `started` is
 * not yet the truth, and may end `abandoned`; `abandoned` leaves the session
 * as it was.
 *
 * Call it once, in a component rendered inside `<Refine>`.
 *
 * @param webAuth - the application's client, the one its `authProvider.logout` uses.
 * @example
 * ```tsx
 * function App() {
 *   useLogoutSync(webAuth);
 *   return <Routes>…</Routes>;
 * }
 * ```
 */
export function useLogoutSync(webAuth: WebAuth): void {
  const invalidate = useInvalidateAuthStore();
  // refine gives a new function at every render; the subscription lives as long as the instance, and calls the latest.
  const latest = useRef(invalidate);
  latest.current = invalidate;
  useEffect(
    () =>
      onLogout(webAuth, (event) => {
        if (endsTheSession(event)) void latest.current();
      }),
    [webAuth],
  );
}

/** The props of {@link LogoutSync}. */
export interface LogoutSyncProps {
  /** The application's client, the one its `authProvider.logout` uses. */
  webAuth: WebAuth;
}

/**
 * {@link useLogoutSync} as a component that renders nothing: put
 * `<LogoutSync webAuth={webAuth} />` anywhere inside `<Refine>`, and every
 * tab leaves its protected pages once a logout has `completed` (never on
 * `started`, which may still end `abandoned`).
 */
export function LogoutSync({ webAuth }: LogoutSyncProps): null {
  useLogoutSync(webAuth);
  return null;
}
