import { page } from './page.mjs';
import { escapeHtml } from './respond.mjs';

/**
 * The page `/oidc/logout` shows when no hint says who is logging out: a form
 * that posts the same parameters back, with the signed `confirm` token on its
 * button. No script, so it works under the tenant's `default-src 'none'`.
 *
 * @param {{ fields: [string, string][], confirm: string, clientId?: string, uri?: string }} page
 */
export function confirmationPage({ fields, confirm, clientId, uri }) {
  const who = clientId === undefined ? 'An application' : `The application <strong>${escapeHtml(clientId)}</strong>`;
  const then = uri === undefined ? '' : ` and to send you to <code class="url">${escapeHtml(uri)}</code>`;
  const hidden = fields.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`);
  return page(
    'Log out?',
    `<h1>Log out?</h1>
<p>${who} asks to end your session at this tenant${then}.</p>
<form method="post" action="/oidc/logout">
${hidden.join('\n')}
<button type="submit" name="confirm" value="${escapeHtml(confirm)}">Yes, log out</button>
</form>`,
  );
}
