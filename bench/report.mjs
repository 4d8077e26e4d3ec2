// The one report of a bench run: the markdown tables printed on stdout,
// bench/results.json with every figure and sample, and bench/chart.svg.
import { writeFileSync } from 'node:fs';
import { backChannelTable } from './back-channel.mjs';
import { drawChart } from './chart.mjs';
import { BUNDLERS } from './lib/bundlers.mjs';
import { STARTUP } from './startup.mjs';
import { at, NAMES } from './subjects.mjs';
import { REQUEST_MIX } from './tenant-load.mjs';
import { THROUGHPUT } from './throughput.mjs';

export const n = (value, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (ours, theirs) => `${n((100 * ours) / theirs, 1)} %`;
const triple = ({ raw, gzip, brotli }) => `${n(raw)} / ${n(gzip)} / ${n(brotli)}`;
const markdown = (header, rows) => [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
const BUNDLER_NAMES = { vite: 'Vite', webpack: 'webpack', esbuild: 'esbuild' };

function throughputRow(label, where, result) {
  return [
    `${label}, ${where}, ops/s (median of ${THROUGHPUT.rounds} × ${n(THROUGHPUT.iterations)})`,
    n(result.ours), n(result.auth0js), '–', `${n(result.ratio, 2)} ×`,
  ];
}

function tenantRows(tenant) {
  if (tenant.skipped) return [['Local tenant `/v2/logout` under load', `skipped: ${tenant.skipped}`, '–', '–', '–']];
  const { byClass } = tenant;
  const checked = tenant.checks.filter((check) => check.location !== null).length;
  return [
    [`Local tenant \`/v2/logout\`, req/s (${tenant.seconds} s, ${tenant.connections} connections, ${REQUEST_MIX.length}-request mix)`, n(tenant.requestsPerSecond), '–', '–', '–'],
    ['Local tenant responses: 2xx / 3xx / 4xx / 5xx', `${n(byClass['2xx'])} / ${n(byClass['3xx'])} / ${n(byClass['4xx'])} / ${n(byClass['5xx'])}`, '–', '–', '–'],
    [
      'Local tenant: 5xx · redirects off the list (all requests · checked Locations)',
      `${tenant.fiveXx} · ${tenant.badRedirects} of ${checked} ${tenant.fiveXx === 0 && tenant.badRedirects === 0 ? '✔' : '✘'}`, '–', '–', '–',
    ],
  ];
}

/** The main table: sizes, throughput, start-up and the tenant, ours next to auth0.js. */
export function mainTable({ sizes: s, vm, chromium: c, idleActivity, tenant }) {
  const rows = [
    ['Script-tag bundle, minified (B)', n(s.umd.ours.raw), n(s.umd.auth0js.raw), n(s.umd.spa.raw), pct(s.umd.ours.raw, s.umd.auth0js.raw)],
    ['Script-tag bundle, gzip -9 (B)', n(s.umd.ours.gzip), n(s.umd.auth0js.gzip), n(s.umd.spa.gzip), pct(s.umd.ours.gzip, s.umd.auth0js.gzip)],
    ['Script-tag bundle, brotli q11 (B)', n(s.umd.ours.brotli), n(s.umd.auth0js.brotli), n(s.umd.spa.brotli), pct(s.umd.ours.brotli, s.umd.auth0js.brotli)],
    ['Full script-tag bundle (every export), min / gzip / brotli (B)', triple(s.umd.oursFull), '–', '–', `${pct(s.umd.oursFull.gzip, s.umd.auth0js.gzip)} (gzip)`],
    ['Own code without qs, min / gzip / brotli (B)', triple(s.ownCode), '–', '–', '–'],
    ['`import { buildLogoutUrl }`, own code without qs, min / gzip / brotli (B)', triple(s.importBuildLogoutUrl.qsExternal), '–', '–', '–'],
    [
      'App import, tree-shaken, deps bundled, min / gzip / brotli (B): `buildLogoutUrl` · `WebAuth` · `Auth0Client`',
      triple(s.importBuildLogoutUrl.qsBundled), triple(s.importAuth0js), triple(s.importSpa),
      `${pct(s.importBuildLogoutUrl.qsBundled.gzip, s.importAuth0js.gzip)} (gzip)`,
    ],
    throughputRow('`new WebAuth(…).buildLogoutUrl(…)`', 'Node vm', vm.newClient),
    throughputRow('`new WebAuth(…).buildLogoutUrl(…)`', 'Chromium', c.throughput.newClient),
    throughputRow('`webAuth.buildLogoutUrl(…)` on an existing instance', 'Node vm', vm.onInstance),
    throughputRow('`webAuth.buildLogoutUrl(…)` on an existing instance', 'Chromium', c.throughput.onInstance),
    [
      `Start-up in Chromium: insert script → first client, ms (median of ${STARTUP.loads} loads)`,
      n(c.startup.ours, 2), n(c.startup.auth0js, 2), n(c.startup.spa, 2), `${n(c.startup.ratio, 2)} ×`,
    ],
    ...(idleActivity
      ? [[
          `\`watchIdle\` activity messages per tab per second, Chromium mouse storm (${idleActivity.moves} moves in ${idleActivity.seconds} s per tab; at most ${idleActivity.maxPerSecond})`,
          n(idleActivity.worstPerSecond, 2), '–', '–', '–',
        ]]
      : []),
    ...tenantRows(tenant),
  ];
  return markdown(['Measure', NAMES.ours, NAMES.auth0js, NAMES.spa, 'ours vs auth0.js'], rows);
}

/** Bytes an app's production bundle grows by, per bundler: min / gzip -9. */
export function bundlerTable({ bundlers }) {
  const rows = Object.values(bundlers.apps).map((app) => [
    app.label,
    ...BUNDLERS.map((bundler) => `${n(app[bundler].raw)} / ${n(app[bundler].gzip)}`),
  ]);
  return markdown(['Bytes added to the app, min / gzip -9 (B)', ...BUNDLERS.map((bundler) => BUNDLER_NAMES[bundler])], rows);
}

/** Writes bench/results.json and bench/chart.svg, prints the tables; returns the markdown. */
export function writeReport(results) {
  const text = [
    mainTable(results),
    '',
    bundlerTable(results),
    '',
    `\`npm install\` of the tarball in an empty app: ${results.bundlers.packageCount} package(s) in \`npm ls --all\`.`,
    '',
    backChannelTable(results.backChannel),
  ].join('\n');
  results.table = text;
  writeFileSync(at('bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(at('bench/chart.svg'), drawChart(results));

  console.log(text);
  console.log(`\n${results.date} · Node ${results.node} · ${results.cpu} × ${results.cores} · Chromium ${results.chromiumVersion} · ${results.seconds} s`);
  console.log('Wrote bench/results.json and bench/chart.svg');
  return text;
}

/** Prints what the tenant load found; returns false when the tenant gave a 5xx or an off-list redirect. */
export function reportTenant(tenant) {
  if (tenant.skipped) {
    console.log(`\nNOTE: local tenant load test skipped: ${tenant.skipped}.`);
    return true;
  }
  for (const check of tenant.unexpected) {
    console.log(`note: ${check.kind} request answered ${check.status}, expected ${check.expect}: ${check.path}`);
  }
  for (const check of tenant.checks.filter((c) => c.badRedirect || c.status >= 500)) {
    console.log(`FAIL: ${check.status} ${check.location ?? ''} for ${check.path}`);
  }
  if (tenant.fiveXx > 0 || tenant.badRedirects > 0) {
    console.error(`\nFAIL: local tenant gave ${tenant.fiveXx} 5xx and ${tenant.badRedirects} redirects off the allowed list`);
    return false;
  }
  console.log('\nLocal tenant: zero 5xx, zero redirects off the allowed list ✔');
  return true;
}
