import type { TenantConfig } from './server.mjs';

export const DEFAULT_PAGES_ORIGIN: string;
export function rebaseTenantConfig<T extends TenantConfig>(config: T, toOrigin: string, fromOrigin?: string): T;
export function readTenantConfig(file: string): Promise<TenantConfig>;
export function parseTenantConfig(config: unknown): unknown;
