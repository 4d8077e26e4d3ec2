/** Types for static-server.mjs, so the TypeScript tests can import it. */
import type { IncomingMessage } from 'node:http';
import type { LoggedRequest } from './request-log.mjs';

export const STRICT_CSP: string;

export function startStaticServer(options: {
  port?: number;
  host?: string;
  root: string;
  mounts?: Record<string, string>;
  /** URL prefix → the page (absolute path) that answers a client route under it, e.g. a single-page app's index.html. */
  fallbacks?: Record<string, string>;
  headers?: Record<string, string>;
  /** URL prefix → a Fetch API handler that answers every request under it (the example app's own server routes). */
  apps?: Record<string, (request: Request) => Response | Promise<Response>>;
  /** Gets an entry for every request, in arrival order. */
  requestLog?: LoggedRequest[];
  /** Same-origin script URLs to run before an HTML page's own scripts. */
  scriptsFirst?: (req: IncomingMessage) => string[];
}): Promise<{ url: string; port: number; close(): Promise<void> }>;
