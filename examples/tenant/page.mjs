/**
 * The frame of every tenant page: plain HTML with the tenant's stylesheet
 * (`/style.css`, the example pages' own), no script.
 *
 * @param {string} title - already escaped
 * @param {string} body - already escaped HTML
 */
export function page(title, body) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/style.css"></head>
<body>
${body}
</body>
</html>
`;
}
