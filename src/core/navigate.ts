import { WebAuthError } from '../errors/WebAuthError';
import type { NavigationOptions, OpenUrl, RedirectMethod } from '../types/options';
import { assertOptional } from '../utils/checks';

/** Checks and picks the navigation options out of the constructor's or a call's options. */
export function parseNavigation({ openUrl, redirectMethod }: NavigationOptions): NavigationOptions {
  assertOptional('openUrl', openUrl, (value) => value === false || typeof value === 'function', 'a function or false');
  assertOptional('redirectMethod', redirectMethod, (value) => value === 'assign' || value === 'replace', '"assign" or "replace"');
  return { openUrl, redirectMethod };
}

/**
 * The only place that touches `window.location`. Returns the default
 * navigation, or throws `no_window` at once, before a logout tells anyone it
 * started, when there is no page to leave (server-side rendering, Node).
 */
export function locationNavigator(method: RedirectMethod): OpenUrl {
  if (typeof window === 'undefined') {
    throw new WebAuthError(
      'no_window',
      'logout needs a browser window: call it in the browser, or pass openUrl (a function, or false to log out locally)',
    );
  }
  return (url) => window.location[method](url);
}
