import { useEffect, useState } from 'react';
import { handleLogoutReturn, type LogoutReturn } from 'webauth-logout';
import { webAuth } from './webAuth';

/**
 * For the pages a logout returns to (/login, and /signed-out for the popup): handleLogoutReturn, once.
 * It completes the logout, so every tab hears `completed` (and LogoutSync moves them to /login).
 * React's strict mode runs the effect twice: a second call resolves the same and announces nothing.
 */
export function useLogoutReturn(): LogoutReturn | undefined {
  const [returned, setReturned] = useState<LogoutReturn>();
  useEffect(() => {
    let mounted = true;
    void handleLogoutReturn(webAuth).then((result) => {
      if (mounted && result) setReturned(result);
    });
    return () => {
      mounted = false;
    };
  }, []);
  return returned;
}
