// bench/chart.svg: the run's headline figures as horizontal bars, drawn by
// hand so the bench needs no charting library.
import { STARTUP } from './startup.mjs';
import { NAMES } from './subjects.mjs';

const n = (value, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const escapeXml = (text) => String(text).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
const COLORS = { ours: '#1f9d8b', auth0js: '#e4572e', spa: '#8a94a6' };

export function drawChart(results) {
  const { sizes: s, vm, chromium: c, bundlers } = results;
  const width = 720;
  const labelWidth = 270;
  const barMax = width - labelWidth - 90;
  const barHeight = 22;
  const gap = 8;
  const parts = [];
  let y = 30;
  const title = (text) => {
    parts.push(`<text x="12" y="${y}" class="t">${escapeXml(text)}</text>`);
    y += 14;
  };
  const bar = (label, value, max, color, text) => {
    const w = Math.max(1, (value / max) * barMax);
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + barHeight * 0.7}" class="l" text-anchor="end">${escapeXml(label)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" rx="3" fill="${color}"/>`,
      `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + barHeight * 0.7}" class="v">${escapeXml(text)}</text>`,
    );
    y += barHeight + gap;
  };
  const kib = (bytes) => `${n(bytes / 1024, 1)} KiB`;

  title('Bytes an app pays: import + logout(), Vite production build, gzip -9 (smaller is better)');
  const { webAuth, buildLogoutUrl, auth0js, spa } = bundlers.apps;
  const maxApp = Math.max(webAuth.vite.gzip, buildLogoutUrl.vite.gzip, auth0js.vite.gzip, spa.vite.gzip);
  bar(`${NAMES.ours}: WebAuth`, webAuth.vite.gzip, maxApp, COLORS.ours, kib(webAuth.vite.gzip));
  bar(`${NAMES.ours}: buildLogoutUrl`, buildLogoutUrl.vite.gzip, maxApp, COLORS.ours, kib(buildLogoutUrl.vite.gzip));
  bar(NAMES.auth0js, auth0js.vite.gzip, maxApp, COLORS.auth0js, kib(auth0js.vite.gzip));
  bar(NAMES.spa, spa.vite.gzip, maxApp, COLORS.spa, kib(spa.vite.gzip));
  y += 18;

  title('Script-tag bundle, gzip -9 (smaller is better)');
  const maxGzip = Math.max(s.umd.ours.gzip, s.umd.auth0js.gzip, s.umd.spa.gzip);
  bar(NAMES.ours, s.umd.ours.gzip, maxGzip, COLORS.ours, kib(s.umd.ours.gzip));
  bar(NAMES.auth0js, s.umd.auth0js.gzip, maxGzip, COLORS.auth0js, kib(s.umd.auth0js.gzip));
  bar(NAMES.spa, s.umd.spa.gzip, maxGzip, COLORS.spa, kib(s.umd.spa.gzip));
  y += 18;

  title('buildLogoutUrl throughput relative to auth0.js (larger is better)');
  const ratios = [
    ['new client, Node vm', vm.newClient.ratio],
    ['new client, Chromium', c.throughput.newClient.ratio],
    ['existing instance, Node vm', vm.onInstance.ratio],
    ['existing instance, Chromium', c.throughput.onInstance.ratio],
  ];
  const maxRatio = Math.max(1, ...ratios.map(([, ratio]) => ratio));
  const top = y;
  bar(NAMES.auth0js, 1, maxRatio, COLORS.auth0js, '1.00 ×');
  for (const [label, ratio] of ratios) bar(`webauth-logout: ${label}`, ratio, maxRatio, COLORS.ours, `${n(ratio, 2)} ×`);
  const oneX = labelWidth + barMax / maxRatio;
  parts.push(`<line x1="${oneX.toFixed(1)}" x2="${oneX.toFixed(1)}" y1="${top - 4}" y2="${y - gap + 4}" stroke="#333" stroke-dasharray="3 3"/>`);
  y += 18;

  title(`Start-up in Chromium, median of ${STARTUP.loads} loads (smaller is better)`);
  const maxStartup = Math.max(c.startup.ours, c.startup.auth0js, c.startup.spa);
  bar(NAMES.ours, c.startup.ours, maxStartup, COLORS.ours, `${n(c.startup.ours, 1)} ms`);
  bar(NAMES.auth0js, c.startup.auth0js, maxStartup, COLORS.auth0js, `${n(c.startup.auth0js, 1)} ms`);
  bar(NAMES.spa, c.startup.spa, maxStartup, COLORS.spa, `${n(c.startup.spa, 1)} ms`);
  y += 4;
  parts.push(`<text x="12" y="${y + 8}" class="f">${escapeXml(`${results.date.slice(0, 10)} · Node ${results.node} · ${results.cpu} · Chromium ${results.chromiumVersion}`)}</text>`);
  const height = y + 20;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Size and speed of webauth-logout compared with auth0.js">
<style>text{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;fill:#222}.t{font-size:14px;font-weight:600}.l{font-size:12px}.v{font-size:12px;font-weight:600}.f{font-size:10px;fill:#666}</style>
<rect width="100%" height="100%" fill="#fff"/>
${parts.join('\n')}
</svg>
`;
}
