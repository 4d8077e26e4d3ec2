/** Types for server.mjs, so the TypeScript tests can import it. */
import type { LoggedRequest } from '../request-log.mjs';

export interface TenantConfig {
  allowedLogoutUrls?: string[];
  applications?: Record<string, { allowedLogoutUrls?: string[]; postLogoutRedirectUris?: string[]; webOrigins?: string[]; backchannelLogoutUrls?: string[] }>;
}

export interface RunningTenant {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  stats: {
    /** How many logouts went through the emulated identity provider (`federated`). */
    idpLogouts: number;
    /** How many live refresh tokens `/oauth/revoke` revoked. */
    revocations: number;
  };
  /** Set by a test to make `/oauth/revoke` answer late or not work: a bad network, as an app meets it. */
  faults: {
    /** Milliseconds `/oauth/revoke` waits before answering (default 0). */
    revokeDelayMs: number;
    /** `/oauth/revoke` answers 503 without revoking anything (default false). */
    revokeUnavailable: boolean;
  };
  /** The logout tokens sent to the applications' Back-Channel Logout URLs. */
  backChannel: {
    /** Tokens answered 2xx, tokens given up on (a 3xx/4xx, or out of attempts), and every POST tried. */
    stats: { delivered: number; failed: number; attempts: number };
    /** Resolves once every delivery under way has ended. */
    settled(): Promise<void>;
  };
  /** The `sid` of the tenant session a `Cookie` header names, or `undefined`: for the example app's server beside the tenant. */
  sessionIdOfCookie(cookieHeader: string | null | undefined): string | undefined;
  close(): Promise<void>;
}

export function startTenant(options: { port?: number; host?: string; config: TenantConfig; requestLog?: LoggedRequest[]; backChannelRetryDelaysMs?: readonly number[] }): Promise<RunningTenant>;
