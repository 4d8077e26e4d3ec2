import { guard } from '../errors/guard';
import { WebAuthError } from '../errors/WebAuthError';
import type { LogoutPhase } from '../types/options';
import { announceLogout, announcement, thisPage } from './announce';
import type { Departure } from './departure';
import { formPoster, locationNavigator, parseNavigation } from './navigate';
import { abandonPendingLogout, sessionStorageOf, writePendingLogout } from './pendingLogout';
import { parseRevocation, revokeRefreshToken } from './revocation';
import type { WebAuthSettings } from './WebAuth';

/** Set while `watchIdle` logs out, so that the logout it starts says so. */
let idleLogoutRunning = false;

/** Runs `logout` as the idle deadline's logout: every logout it starts at once carries `reason: 'idle'`. */
export function asIdleLogout<T>(logout: () => T): T {
  idleLogoutRunning = true;
  try {
    return logout();
  } finally {
    idleLogoutRunning = false;
  }
}

/**
 * Checks how to leave, revokes the refresh token if asked, then leaves and
 * tells everyone; a per-call navigation option wins over the constructor's.
 * The built-in navigations run first, so that a browser's refusal
 * (`navigation_blocked`) is announced to no one; an app's `openUrl` is called
 * after the `started` announcement, as the page may be gone once it resolves,
 * and its rejection abandons the logout.
 *
 * A page that left and is shown again from the back/forward cache, its
 * logout still pending, abandons it (`history`): the trip did not come back.
 */
export async function leave({ config, navigation: defaults }: WebAuthSettings, departure: Departure): Promise<void> {
  const reason = idleLogoutRunning ? ('idle' as const) : undefined;
  const { clientID } = config;
  const [open, builtIn, revocation] = guard('the navigation options', () => {
    const call = parseNavigation(departure.leaving);
    const openUrl = call.openUrl ?? defaults.openUrl;
    // A URL handed to the app would carry the ID token the form POST keeps out of URLs.
    if (departure.post && openUrl) throw new WebAuthError('invalid_option', 'openUrl cannot take a form POST');
    const target = call.redirectTarget ?? defaults.redirectTarget;
    const navigate =
      openUrl ??
      (departure.post ? formPoster(target === 'top' ? '_top' : '_self') : locationNavigator(call.redirectMethod ?? defaults.redirectMethod ?? 'assign', target));
    return [navigate, openUrl === undefined, parseRevocation(departure.leaving)] as const;
  });
  const revoked = revocation && (await revokeRefreshToken(config, revocation));
  const facts = { ...departure.pending, revoked, reason };
  const announce = (phase: LogoutPhase) => announceLogout(announcement(clientID, facts, phase, 'open_url_failed'));
  // A local-only logout has no return trip to recognise.
  const storage = open ? sessionStorageOf() : undefined;
  writePendingLogout(storage, clientID, { ...facts, time: Date.now(), page: thisPage });
  if (!builtIn) announce('started');
  try {
    if (open) await open(departure.url);
  } catch (failure) {
    writePendingLogout(storage, clientID);
    if (!builtIn) announce('abandoned');
    throw failure;
  }
  if (builtIn) {
    announce('started');
    window.addEventListener('pageshow', (event) => event.persisted && abandonPendingLogout(storage, clientID, facts.id, 'history'), { once: true });
  }
  // A local-only logout has nothing more to wait for: it is complete at once.
  if (!open) announce('completed');
}
