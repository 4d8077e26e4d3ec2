// `npm start`: build the SDK, the SPA example and the refine app, then serve the local tenant and the example pages.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createBackChannelReceiver } from './back-channel-receiver.mjs';
import { buildRefine, REFINE_BASE } from './build-refine.mjs';
import { buildSpa } from './build-spa.mjs';
import { startStaticServer } from './static-server.mjs';
import { readTenantConfig, rebaseTenantConfig } from './tenant/config.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const examplesDir = fileURLToPath(new URL('.', import.meta.url));
const distDir = fileURLToPath(new URL('../dist', import.meta.url));

/** `npm run build`, with the npm that runs `npm start` when there is one, so the build is package.json's. */
function buildSdk() {
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli ? [process.execPath, [npmCli, 'run', 'build']] : ['npm', ['run', 'build']];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit', shell: !npmCli && process.platform === 'win32' });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`npm run build failed (${signal ?? `exit code ${code}`})`))));
  });
}

const HOST = '127.0.0.1';

/** Whether `port` of 127.0.0.1 can be listened on now: false when another program holds it (or it is not ours to take). */
function isFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

/** A tenant port from `from` on whose page port (one above) is free too, for the message; `undefined` if none nearby. */
async function freePair(from) {
  for (let port = from; port < from + 200 && port < 65534; port += 2) {
    if ((await isFree(port)) && (await isFree(port + 1))) return port;
  }
  return undefined;
}

/**
 * Both ports, checked before the build: a port that is taken is said at once,
 * with the way to choose others, not after a minute of building.
 */
async function checkPorts(tenantPort) {
  const wanted = [
    [tenantPort, 'the local tenant'],
    [tenantPort + 1, 'the example pages'],
  ];
  const taken = [];
  for (const [port, what] of wanted) if (!(await isFree(port))) taken.push(`${port} (for ${what})`);
  if (taken.length === 0) return;
  const other = (await freePair(tenantPort === 4000 ? 4002 : 4000)) ?? 4000;
  throw new Error(
    `port ${taken.join(' and port ')} ${taken.length > 1 ? 'are' : 'is'} already in use on ${HOST}.\n` +
      `Stop the program that holds it, or choose other ports: PORT=${other} npm start ` +
      `(the tenant on ${other}, the pages on ${other + 1}).`,
  );
}

async function main() {
  const tenantPort = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(tenantPort) || tenantPort < 1 || tenantPort > 65534) throw new Error(`PORT must be a port number below 65535, got ${process.env.PORT}`);

  await checkPorts(tenantPort);
  await buildSdk();
  await buildSpa();
  const refineDir = await buildRefine();
  // Imported only now: the tenant matches URLs with the SDK that was just built.
  const { startTenant } = await import('./tenant/server.mjs');

  // The example app's server receives the tenant's logout tokens and holds the pages' event streams.
  const backChannel = createBackChannelReceiver({ clientId: 'webauth-logout-example' });
  // The pages sit one port above the tenant; examples/config.js finds the tenant the same way.
  const pages = await startStaticServer({
    port: tenantPort + 1,
    root: examplesDir,
    mounts: { '/dist/': distDir, [REFINE_BASE]: refineDir },
    // The refine app's client routes (/refine/login, /refine/signed-out) are its index.html.
    fallbacks: { [REFINE_BASE]: join(refineDir, 'index.html') },
    apps: { '/back-channel/': backChannel.fetch },
  });
  const config = rebaseTenantConfig(await readTenantConfig(`${examplesDir}/tenant.config.json`), pages.url);
  const tenant = await startTenant({ port: tenantPort, config });
  await backChannel.useTenant(tenant);

  console.log(`
Local Auth0 tenant   ${tenant.url}   (its routes: ${tenant.url}/)
Example pages        ${pages.url}/
  script tag         ${pages.url}/script-tag/
  single-page app    ${pages.url}/spa/
  refine app         ${pages.url}${REFINE_BASE}
  the app in a frame ${pages.url}/framed/
  back channel       ${pages.url}/back-channel/logout (the tenant's logout tokens) and /back-channel/events (each tab's stream)

"End this session" on ${tenant.url}/ signs out every open tab of the SPA and of the refine app.

Use 127.0.0.1, not localhost: the pages read the tenant's session cookie, which is only shared within one site.
Ctrl-C to stop.`);

  const stop = async (signal) => {
    console.log(`\n${signal}: stopping the tenant and the example server.`);
    await Promise.all([tenant.close(), pages.close()]);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(`npm start: ${error.message}`);
  process.exit(1);
});
