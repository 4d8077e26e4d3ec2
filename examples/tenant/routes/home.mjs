import { page } from '../page.mjs';
import { escapeHtml, sendHtml } from '../respond.mjs';
import { methodsOf, ROUTES } from '../route-table.mjs';

/** `GET /`: what this tenant answers, route by route. */
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
</table>`;
  return sendHtml(c, 200, page('Local Auth0 tenant', body));
}
