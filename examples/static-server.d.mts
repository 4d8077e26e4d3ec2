/** Types for static-server.mjs, so the TypeScript tests can import it. */
export const STRICT_CSP: string;

export function startStaticServer(options: {
  port?: number;
  host?: string;
  root: string;
  mounts?: Record<string, string>;
  headers?: Record<string, string>;
}): Promise<{ url: string; port: number; close(): Promise<void> }>;
