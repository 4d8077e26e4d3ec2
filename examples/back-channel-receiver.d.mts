/** Types for back-channel-receiver.mjs, so the TypeScript tests can import it. */
import type { RunningTenant } from './tenant/server.mjs';
export const BACK_CHANNEL_PATHS: { logout: string; events: string };

export interface BackChannelReceiver {
  fetch(request: Request): Promise<Response>;
  useTenant(tenant: Pick<RunningTenant, 'url' | 'sessionIdOfCookie'>): Promise<void>;
  openStreams(): number;
}

export function createBackChannelReceiver(options: { clientId: string }): BackChannelReceiver;
