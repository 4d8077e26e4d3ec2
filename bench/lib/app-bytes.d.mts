import type { Bundler } from './bundlers.mjs';

export interface AppBytes {
  raw: number;
  gzip: number;
  files: string[];
}
export interface ImportCost {
  raw: number;
  gzip: number;
  app: AppBytes;
  baseline: AppBytes;
}
export declare function appBytes(options: { bundler: Bundler; appDir: string; source: string }): Promise<AppBytes>;
export declare function importCost(options: { bundler: Bundler; appDir: string; app: string; baseline: string }): Promise<ImportCost>;
