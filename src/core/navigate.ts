import { WebAuthError } from '../errors/WebAuthError';
import type { OpenUrl, RedirectMethod } from '../types/options';

/**
 * The only place that touches `window.location`. Returns the default
 * navigation, or throws `no_window` at once, before a logout tells anyone it
 * started, when there is no page to leave (server-side rendering, Node).
 */
export function locationNavigator(method: RedirectMethod): OpenUrl {
  if (typeof window === 'undefined' || !window.location) {
    throw new WebAuthError(
      'no_window',
      'logout needs a browser window to navigate: call it from the browser, or pass openUrl (a function, or false for a local-only logout); ' +
        'buildLogoutUrl works anywhere',
    );
  }
  return (url) => window.location[method](url);
}
