// Size and speed of webauth-logout, side by side with auth0.js (and
// @auth0/auth0-spa-js for size and start-up; for what an app pays, also the
// current auth0-spa-js 2.x, keycloak-js and oidc-client-ts), every figure
// measured in this run.
//
//   npm run bench      (= npm run build && node bench/run.mjs)
//
// Prints the markdown tables, writes the same figures to bench/results.json and
// draws bench/chart.svg (report.mjs); back-channel.mjs measures the server half
// of back-channel logout (event streams held, memory, token-to-event latency).
// Everything runs on 127.0.0.1, every load
// is bounded in count and time; the whole run takes a few minutes.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { BACK_CHANNEL, measureBackChannel } from './back-channel.mjs';
import { measureBundlers } from './bundlers.mjs';
import { measureChromium } from './chromium.mjs';
import { measureIdleActivity } from './idle-activity.mjs';
import { log } from './lib/progress.mjs';
import { reportTenant, writeReport } from './report.mjs';
import { measureSizes } from './sizes.mjs';
import { FILES, NAMES } from './subjects.mjs';
import { LOAD, measureTenant } from './tenant-load.mjs';
import { measureThroughputVm, THROUGHPUT } from './throughput.mjs';

const started = Date.now();
for (const [name, file] of Object.entries(FILES)) {
  if (!existsSync(file)) throw new Error(`${name}: ${file} is missing (run npm run build)`);
}
log('sizes');
const sizes = await measureSizes();
log('bytes an app pays, per bundler: pack, install, bundle');
const bundlers = await measureBundlers();
log(`Node vm throughput: ${THROUGHPUT.rounds} rounds × ${THROUGHPUT.iterations} calls per SDK, new client and existing instance`);
const vm = await measureThroughputVm();
const chromium = await measureChromium();
log('Chromium: watchIdle activity messages under a mouse storm');
const idleActivity = await measureIdleActivity();
log(`local tenant: ${LOAD.seconds} s, ${LOAD.connections} connections`);
const tenant = await measureTenant();
log(`back-channel logout: ${BACK_CHANNEL.streams} event streams held, latency of a logout token to them`);
const backChannel = await measureBackChannel();

writeReport({
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
  cores: os.cpus().length,
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  chromiumVersion: chromium.chromiumVersion,
  versions: NAMES,
  sizes,
  bundlers,
  vm,
  chromium: { startup: chromium.startup, throughput: chromium.throughput },
  idleActivity,
  tenant,
  backChannel,
  seconds: Math.round((Date.now() - started) / 100) / 10,
});
if (!reportTenant(tenant)) process.exitCode = 1;
