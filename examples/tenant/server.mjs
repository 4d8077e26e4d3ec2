import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { createAccessTokenSigner } from './access-tokens.mjs';
import { createTenantApp } from './app.mjs';
import { parseTenantConfig, readTenantConfig } from './config.mjs';
import { createRefreshTokenStore } from './refresh-tokens.mjs';
import { createSessionStore } from './sessions.mjs';
import { createSigner } from './signer.mjs';
import { createLogoutTokenSender } from './logout-tokens.mjs';
import { createSigningKey } from './signing-key.mjs';
import { listen } from '../listen.mjs';
import { logRequest } from '../request-log.mjs';

/** What the adapter answers to a request it cannot even turn into a URL (a backslash in the path, a bad Host). */
function refuseRequest(error) {
  return new Response(`The request target is not a URL the tenant can read: ${error.message}.\n`, {
    status: 400,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
  });
}

/**
 * Starts the local Auth0 tenant (the routes are in route-table.mjs), a Hono
 * application on Node's HTTP server, with sessions and tokens in memory. URLs
 * are matched by the built SDK's `isAllowedLogoutUrl`, so `npm run build`
 * must have run.
 *
 * @param {{ port?: number, host?: string, config: unknown, requestLog?: import('../request-log.mjs').LoggedRequest[] }} options -
 *   `config` is the parsed `tenant.config.json`; `requestLog`, if given, gets every request (see request-log.mjs)
 * @returns {Promise<{ url: string, port: number, stats: { idpLogouts: number, revocations: number }, faults: { revokeDelayMs: number, revokeUnavailable: boolean }, close(): Promise<void> }>}
 *   `sessionIdOfCookie(cookieHeader)` is the `sid` of the tenant session a `Cookie` header names, for the example app's server beside it;
 *   `stats.idpLogouts` counts the logouts that went through the identity provider, `stats.revocations` the refresh tokens revoked;
 *   `faults` makes `/oauth/revoke` slow or down, to see what a logout does on a bad network.
 */
export async function startTenant({ port = 0, host = '127.0.0.1', config, requestLog, backChannelRetryDelaysMs }) {
  const signingKey = await createSigningKey();
  const tenant = {
    url: '',
    config: parseTenantConfig(config),
    sessions: createSessionStore('tenant_session'),
    idpSessions: createSessionStore('idp_session'),
    refreshTokens: createRefreshTokenStore(),
    accessTokens: createAccessTokenSigner(),
    signer: createSigner(),
    signingKey,
    logoutTokens: createLogoutTokenSender({ key: signingKey, retryDelaysMs: backChannelRetryDelaysMs }),
    stats: { idpLogouts: 0, revocations: 0 },
    faults: { revokeDelayMs: 0, revokeUnavailable: false },
  };
  const handle = getRequestListener(createTenantApp(tenant).fetch, { errorHandler: refuseRequest });
  const server = createServer((req, res) => {
    if (requestLog) logRequest(requestLog, tenant.url, req, res);
    handle(req, res);
  });
  tenant.url = await listen(server, { port, host });
  return {
    url: tenant.url,
    port: server.address().port,
    stats: tenant.stats,
    faults: tenant.faults,
    backChannel: { stats: tenant.logoutTokens.stats, settled: tenant.logoutTokens.settled },
    sessionIdOfCookie: (cookieHeader) => tenant.sessions.idOfCookie(cookieHeader),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Browsers keep connections alive; without this, close would wait for them.
        server.closeAllConnections();
      }),
  };
}

/** `node examples/tenant/server.mjs`: the tenant alone, on PORT (default 3000), configured by examples/tenant.config.json. */
async function main() {
  const config = await readTenantConfig(fileURLToPath(new URL('../tenant.config.json', import.meta.url)));
  const tenant = await startTenant({ port: Number(process.env.PORT ?? 3000), config });
  console.log(`Local Auth0 tenant on ${tenant.url} (Ctrl-C to stop)`);
  const stop = () => tenant.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
