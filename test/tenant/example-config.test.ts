// @vitest-environment node
/**
 * The shipped configuration and the tenant run on its own: `node
 * examples/tenant/server.mjs` serves examples/tenant.config.json, whose URLs
 * are the example pages.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGES_ORIGIN, readTenantConfig, rebaseTenantConfig } from '../../examples/tenant/config.mjs';
import { startTenant } from '../../examples/tenant/server.mjs';
import { send } from './client';

const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));
const configFile = `${examplesDir}tenant.config.json`;

describe('examples/tenant.config.json', () => {
  it('registers only example pages that exist, on the default pages origin', async () => {
    const config = await readTenantConfig(configFile);
    const apps = Object.values(config.applications ?? {});
    const urls = [...(config.allowedLogoutUrls ?? []), ...apps.flatMap((app) => [...(app.allowedLogoutUrls ?? []), ...(app.postLogoutRedirectUris ?? [])])];
    expect(urls.length).toBeGreaterThan(0);
    const refineRoutes = readFileSync(`${examplesDir}refine/src/App.tsx`, 'utf8');
    for (const url of urls) {
      const { origin, pathname } = new URL(url);
      expect(origin).toBe(DEFAULT_PAGES_ORIGIN);
      // The refine app is one page (its index.html) whose client routes are declared in App.tsx.
      const route = /^\/refine\/(.+)$/.exec(pathname)?.[1];
      if (route !== undefined) expect(refineRoutes, url).toContain(`path="/${route}"`);
      else expect(existsSync(`${examplesDir}${pathname.slice(1)}${pathname.endsWith('/') ? 'index.html' : ''}`), url).toBe(true);
    }
  });

  it('moves every page URL to another origin, and nothing else', async () => {
    const config = await readTenantConfig(configFile);
    const moved = JSON.stringify(rebaseTenantConfig(config, 'http://127.0.0.1:9999'));
    expect(moved).not.toContain(DEFAULT_PAGES_ORIGIN);
    expect(moved.split('http://127.0.0.1:9999').join(DEFAULT_PAGES_ORIGIN)).toBe(JSON.stringify(config));
  });

  it('lets the example pages call the token endpoints from their origin, wherever they are served', async () => {
    const config = await readTenantConfig(configFile);
    expect(config.applications?.['webauth-logout-example']?.webOrigins).toEqual([DEFAULT_PAGES_ORIGIN]);
    const moved = rebaseTenantConfig(config, 'http://127.0.0.1:9999');
    expect(moved.applications?.['webauth-logout-example']?.webOrigins).toEqual(['http://127.0.0.1:9999']);
  });

  it('is refused with a message naming the field when malformed', async () => {
    await expect(startTenant({ config: { allowedLogoutUrls: 'https://a.example.com/' } as never })).rejects.toThrow('allowedLogoutUrls must be an array of URL strings');
    await expect(startTenant({ config: { applications: { a: { postLogoutRedirectUris: [1] } } } as never })).rejects.toThrow(
      'applications["a"].postLogoutRedirectUris must be an array of URL strings',
    );
    await expect(startTenant({ config: { applications: { a: { webOrigins: 'https://a.example.com' } } } as never })).rejects.toThrow(
      'applications["a"].webOrigins must be an array of URL strings',
    );
  });
});

describe('node examples/tenant/server.mjs', () => {
  it('serves the shipped configuration on PORT, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [`${examplesDir}tenant/server.mjs`], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        child.on('exit', () => reject(new Error(`the tenant exited before listening: ${output}`)));
      });
      const reply = await send(url, '/v2/logout?client_id=webauth-logout-example');
      expect(reply.status).toBe(302);
      expect(reply.location).toBe(`${DEFAULT_PAGES_ORIGIN}/`);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
