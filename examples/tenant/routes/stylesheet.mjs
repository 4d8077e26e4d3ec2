import { readFileSync } from 'node:fs';

// The example pages' stylesheet, so the tenant's pages look like the pages that send users there.
const EXAMPLES_CSS = readFileSync(new URL('../../style.css', import.meta.url), 'utf8');
// What the tenant's pages have that the example pages do not: the route table of `/`.
const TENANT_CSS = 'table { border-collapse: collapse; }\nth, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }\n';

/** `GET /style.css`: the stylesheet of the tenant's pages. */
export function stylesheet(c) {
  return c.body(EXAMPLES_CSS + TENANT_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
}
