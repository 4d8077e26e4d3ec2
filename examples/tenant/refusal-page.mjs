import { page } from './page.mjs';
import { escapeHtml } from './respond.mjs';

/** Escapes text for an element's content: the message keeps its quotes as written. */
const escapeText = (text) => text.replace(/[&<>]/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The page a refused logout shows (a `returnTo` or `post_logout_redirect_uri`
 * that is not registered): the message, and a link back to a page of the
 * application, never to the refused URL. No script, like every tenant page.
 *
 * @param {string} message - plain text
 * @param {string | undefined} back - a URL already known to be the application's, or `undefined` when none is known
 */
export function refusalPage(message, back) {
  const link = back === undefined ? '' : ` <a id="back-to-app" href="${escapeHtml(back)}">Back to the application</a> (<code class="url">${escapeText(back)}</code>)`;
  return page('Bad request', `<h1>Bad request</h1>\n<p>${escapeText(message)}</p>\n<p>Nothing was ended: the session is as it was.${link}</p>`);
}
