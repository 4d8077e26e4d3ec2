import { page } from '../page.mjs';
import { escapeHtml, sendHtml } from '../respond.mjs';
import { methodsOf, ROUTES } from '../route-table.mjs';

/** The signature purpose of the home page's "End this session" forms. */
export const END_SESSION = 'end-session';

/** The live sessions, each with a form that ends it (signed, so another site cannot post one). */
function sessionList(tenant) {
  const ids = tenant.sessions.ids();
  if (ids.length === 0) return '<p>No live session.</p>';
  const items = ids.map(
    (sid) => `<li><code>${escapeHtml(sid)}</code>
<form method="post" action="/sessions/end"><input type="hidden" name="sid" value="${escapeHtml(sid)}"><input type="hidden" name="sig" value="${escapeHtml(tenant.signer.sign(END_SESSION, sid))}"><button type="submit">End this session</button></form></li>`,
  );
  return `<ul>\n${items.join('\n')}\n</ul>`;
}

/** `GET /`: what this tenant answers, route by route, and its live sessions. */
export function home(c) {
  const rows = Object.entries(ROUTES).map(
    ([path, route]) => `<tr><td><code>${escapeHtml(path)}</code></td><td>${methodsOf(route).join(', ')}</td><td>${escapeHtml(route.about)}</td></tr>`,
  );
  const body = `<h1>Local Auth0 tenant</h1>
<p>A stand-in for an Auth0 tenant, for the webauth-logout examples and tests. Sessions and tokens live in memory.</p>
<table>
<thead><tr><th>route</th><th>methods</th><th>what it does</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<h2>Live sessions</h2>
<p>Ending one here is what <code>DELETE /api/v2/sessions/:id</code> does: the applications' Back-Channel Logout URLs hear it.</p>
${sessionList(c.get('tenant'))}`;
  return sendHtml(c, 200, page('Local Auth0 tenant', body));
}
