import { WebAuthError } from '../errors/WebAuthError';
import type { NavigationOptions, OpenUrl, RedirectMethod, RedirectTarget } from '../types/options';
import { assertOptional } from '../utils/checks';

/** Checks the navigation options of the constructor's or a call's options, a record of the SDK's own making. */
export function parseNavigation(navigation: NavigationOptions): NavigationOptions {
  const { openUrl, redirectMethod, redirectTarget } = navigation;
  assertOptional('openUrl', openUrl, (value) => value === false || typeof value === 'function', 'a function or false');
  assertOptional('redirectMethod', redirectMethod, (value) => value === 'assign' || value === 'replace', '"assign" or "replace"');
  assertOptional('redirectTarget', redirectTarget, (value) => value === 'self' || value === 'top', '"self" or "top"');
  return navigation;
}

/** Throws `no_window` at once, before a logout tells anyone it started, when there is no page to leave. */
export function requireWindow(): void {
  if (typeof window === 'undefined') {
    throw new WebAuthError(
      'no_window',
      'logout needs a browser window, or openUrl (a function, or false for a local logout)',
    );
  }
}

/**
 * The only place that touches `window.location`. Returns the default
 * navigation, or throws `no_window` at once (server-side rendering, Node).
 * The navigation itself throws `navigation_blocked` when the browser refuses
 * to navigate the top window (a sandboxed frame).
 */
export function locationNavigator(method: RedirectMethod, target?: RedirectTarget): OpenUrl {
  requireWindow();
  return (url) => {
    try {
      // Reading `window.top` never throws, even across origins; navigating it may.
      const { location } = (target === 'top' && window.top) || window;
      if (method === 'replace') location.replace(url);
      // A parent of another origin offers only `replace` and the `href` setter of its `location`.
      else if (target === 'top') location.href = url;
      else location.assign(url);
    } catch (refusal) {
      throw new WebAuthError('navigation_blocked', 'the browser refused to navigate the top window (a sandboxed frame?)', { cause: refusal });
    }
  };
}

/**
 * Navigates with a form POST of `url`'s query to its origin and path, built
 * with DOM calls only, so a strict Content Security Policy (no inline script)
 * allows it and the parameters never appear in the address bar, history or
 * `Referer`.
 *
 * @param name - the window to submit into: `_self`, `_top`, or a popup's name.
 */
export function formPoster(name: string): OpenUrl {
  requireWindow();
  return (url) => {
    const { origin, pathname, searchParams } = new URL(url);
    const form = document.createElement('form');
    form.method = 'post';
    form.action = origin + pathname;
    form.target = name;
    form.hidden = true;
    // A bare `federated` is a parameter without a value; the server reads the form field the same way.
    searchParams.forEach((value, key) => {
      const input = document.createElement('input');
      input.name = key;
      input.value = value;
      form.append(input);
    });
    // Left in place: the page is leaving, or a popup is loading what it submitted.
    document.body.append(form);
    form.submit();
  };
}
